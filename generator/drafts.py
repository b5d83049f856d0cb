"""Draft bulletins made from outside text (feeds, newspaper articles): safe Markdown, proposed fields,
a path of their own, and a write that is atomic and never replaces a file.

Shared by ``importer`` and ``ingest``. What was guessed goes into the draft's ``review`` field, which
``bulletins check`` shows as warnings (and as an error once the bulletin is no longer a draft).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import nh3
import yaml
from markdownify import MarkdownConverter, chomp

from .findings import merged
from .findings import propose as propose_from_signposts
from .i18n import _, ngettext
from .registry import Topic, Unit
from .site import BULLETINS_DIR
from .sourcefile import read_text
from .suggest import Found, ProposedPerson, Suggester
from .vietnamese import local, nfc, slugify

URL_SCHEMES = {"http", "https", "mailto"}
MAX_SLUG = 80
MAX_SUMMARY = 400
TEMP_PREFIX = ".import-"
TEMP_SUFFIX = ".tmp"  # not .md: a temporary file left by a killed run is never read as a bulletin

_SPACES = re.compile(r"\s+")
# Control characters, lone surrogates (feedparser turns "&#xD800;" into one) and non-characters: no file
# can hold them as text, and UTF-8 cannot encode a surrogate at all.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_WEB = re.compile(r"^https?://[^/\s]", re.IGNORECASE)
# Markdown a text character could start, escaped so that text stays text: inline marks, attr_list
# braces, and at a line's start headings, admonitions, list items and heading underlines.
_MARKDOWN_CHARS = re.compile(r"([\\`*_{}\[\]])")
_BLOCK_MARK = re.compile(r"^(\s*)(#+|!+|[-+]+(?=\s|$))", re.MULTILINE)
_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)", re.MULTILINE)
_UNDERLINE = re.compile(r"^(\s*)(=+)(?=\s*$)", re.MULTILINE)
_URL_UNSAFE = re.compile(r"[\s()<>\"'`\\\[\]]")
_FRONT_FIELD = re.compile(r"^(guid|source):[ \t]*(\S.*)$", re.MULTILINE)
_FENCE = re.compile(r"^---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.MULTILINE | re.DOTALL)
# Tags that end a line of text (HTML's block elements and <br>): in plain text they leave a space, so that
# "<p>hội nghị.</p><p>Trong</p>" reads "hội nghị. Trong".
_BLOCK_TAG = re.compile(r"</?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|"
                        r"h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>",
                        re.IGNORECASE)


# --- HTML to Markdown -----------------------------------------------------------------------------

def sanitize(markup: str, base: str | None = None) -> str:
    """HTML without scripts, styles, frames, forms, event handlers or URLs other than http(s)/mailto.

    Relative URLs are resolved against ``base`` (the article's address); without one they are dropped,
    since on our site they would point at our own pages.
    """
    relative = ("rewrite_with_base", base) if base and _WEB.match(base) else "deny"
    return nh3.clean(markup, url_schemes=URL_SCHEMES, link_rel=None, url_relative=relative)


def _safe_url(url: str) -> str:
    """A URL that cannot end a Markdown link early: spaces, brackets and quotes percent-encoded."""
    return _URL_UNSAFE.sub(lambda match: quote(match.group()), url.strip())


class _Converter(MarkdownConverter):
    """markdownify with text kept as text: HTML special characters stay entities (``&lt;script&gt;``
    never becomes a tag), Markdown and attr_list syntax is escaped, code becomes escaped text (a backtick
    or fence inside it could otherwise end a code span or block early), and pictures become links (the
    intranet site loads nothing from outside)."""

    def escape(self, text: str, parent_tags) -> str:
        if not text:
            return ""
        text = _MARKDOWN_CHARS.sub(r"\\\1", html.escape(text, quote=False))
        text = _BLOCK_MARK.sub(lambda m: m.group(1) + "".join("\\" + char for char in m.group(2)), text)
        text = _LIST_NUMBER.sub(r"\1\\\2", text)
        return _UNDERLINE.sub(lambda m: m.group(1) + "&#61;" * len(m.group(2)), text)

    def convert_pre(self, el, text, parent_tags):
        lines = [self.escape(line.strip(), parent_tags) for line in text.splitlines()]
        return "\n\n" + "  \n".join(line for line in lines if line) + "\n\n"

    def convert_code(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return text  # left to convert_pre
        return f"<code>{self.escape(text, parent_tags)}</code>" if text.strip() else text

    convert_kbd = convert_samp = convert_code

    def convert_a(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = chomp(text)
        href = el.get("href")
        link = f"[{text}]({_safe_url(href)})" if text and href else text
        pictures = [self._picture(img, parent_tags) for img in el.find_all("img")]
        return prefix + " ".join(part for part in (link, *pictures) if part) + suffix

    def convert_img(self, el, text, parent_tags):
        return "" if "a" in parent_tags else self._picture(el, parent_tags)

    def _picture(self, el, parent_tags) -> str:
        src, alt = el.get("src"), self.escape(_SPACES.sub(" ", el.get("alt") or "").strip(), parent_tags)
        if not src:
            return alt
        return f"[Ảnh{': ' + alt if alt else ''}]({_safe_url(src)})"


_CONVERTER = _Converter(heading_style="atx", bullets="-")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Outside text in NFC, without the characters no file can hold (``_NOT_TEXT``)."""
    return _NOT_TEXT.sub("", nfc(text))


def to_markdown(markup: str, base: str | None = None) -> str:
    """Untrusted HTML as safe Markdown: sanitised with nh3, then converted with markdownify."""
    return _MANY_BLANK_LINES.sub("\n\n", _CONVERTER.convert(sanitize(clean_text(markup), base))).strip()


def plain_text(markup: str) -> str:
    """The text of an HTML fragment on one line: tags dropped (a space where a block or line ended),
    entities decoded.

    Markup escaped twice (``&amp;lt;b&amp;gt;``) is dropped too, so no field holds text that looks like a tag.
    """
    text = clean_text(markup)
    for _round in range(3):
        cleaner = html.unescape(nh3.clean(_BLOCK_TAG.sub(" ", text), tags=set()))
        if cleaner == text:
            break
        text = cleaner
    return _SPACES.sub(" ", text).strip()


def paragraphs(markup: str) -> list[str]:
    """The text of an HTML fragment, one string per block (paragraph, list item, heading, line)."""
    return [text for block in _BLOCK_TAG.split(markup) if (text := plain_text(block))]


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


# --- proposed fields ------------------------------------------------------------------------------

@dataclass
class Draft:
    """A bulletin to write: its fields, its Markdown body and what the editor must confirm."""

    title: str
    date: datetime
    units: list[str]
    body: str
    topics: list[str] = field(default_factory=list)
    participants: list[ProposedPerson] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    summary: str | None = None
    image_caption: str | None = None
    source: str | None = None
    source_name: str | None = None  # the paper or agency an ingested article names
    guid: str | None = None
    findings: dict[str, list[str]] = field(default_factory=dict)  # by field of ``findings.KINDS``
    review: list[str] = field(default_factory=list)
    origin: str = ""

    @property
    def slug(self) -> str:
        slug = slugify(self.title)[:MAX_SLUG + 1]
        if len(slug) > MAX_SLUG:
            slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
        return slug.strip("-") or "bai-viet"

    def path(self, number: int = 1) -> str:
        """``bulletins/<yyyy>/<mm>/<slug>.md``; ``<slug>-2.md`` and so on when the name is taken."""
        moment = local(self.date)
        suffix = f"-{number}" if number > 1 else ""
        return f"{BULLETINS_DIR}/{moment.year:04d}/{moment.month:02d}/{self.slug}{suffix}.md"

    def text(self) -> str:
        meta = {
            "title": self.title,
            "date": _stamp(local(self.date)),
            "unit": self.units[0] if len(self.units) == 1 else self.units,
            "topics": self.topics,
            "participants": [person.front_matter for person in self.participants],
            "author": self.author[0] if len(self.author) == 1 else self.author,
            "summary": self.summary,
            "image_caption": self.image_caption,
            "source": self.source,
            "source_name": self.source_name,
            "guid": self.guid,
            "findings": self.findings,
            "draft": True,
            "review": self.review,
        }
        meta = {key: value for key, value in meta.items() if value not in (None, [], "", {})}
        fields = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
        comments = [self.origin] if self.origin else []
        comments.append(_("A draft made by a program: confirm each review item, then delete review and draft."))
        notes = "".join(f"# {comment}\n" for comment in comments)
        return f"---\n{notes}{fields}---\n\n{self.body}\n"


def _stamp(moment: datetime) -> str:
    """``2012-11-12 14:49``, the year in four digits even before 1000 (``%Y`` writes year 1 as ``1``)."""
    return f"{moment.year:04d}-{moment:%m-%d %H:%M}"


def propose(suggester: Suggester, text: str, units: Iterable[Unit], topics: Iterable[Topic],
            review: list[str]) -> tuple[list[str], list[str], list[ProposedPerson]]:
    """Unit and topic ids (the given ones first) and participants, each proposal noted in ``review``.

    Without a given unit the most often named one leads. A named unit above the leading one is left
    out: its page already lists its sub-units' bulletins.
    """
    given_units, given_topics = list(units), list(topics)
    found_units = suggester.units(text)
    lead = given_units[0] if given_units else (found_units[0].entry if found_units else None)
    above_lead = {unit.id for unit in suggester.registries.tree.ancestors(lead.id)} if lead else set()
    unit_ids = [unit.id for unit in given_units]
    for found in found_units:
        if found.entry.id not in unit_ids and found.entry.id not in above_lead:
            unit_ids.append(found.entry.id)
            review.append(_unit_named(found, main=len(unit_ids) == 1))
    topic_ids = [topic.id for topic in given_topics]
    for found in suggester.topics(text):
        if found.entry.id not in topic_ids:
            topic_ids.append(found.entry.id)
            review.append(_topic_named(found))
    people = suggester.participants(text)
    review += [_person_named(person) for person in people]
    return unit_ids, topic_ids, people


def propose_findings(paragraphs: Iterable[str], review: list[str]) -> dict[str, list[str]]:
    """The findings the text's signposts introduce (``findings.propose``), by field; each list noted in ``review``
    with the words that introduced it, so the editor can find it in the text."""
    proposals = propose_from_signposts(paragraphs)
    review += [ngettext('findings.{field}: {count} item from the text after "{lead}"',
                        'findings.{field}: {count} items from the text after "{lead}"', len(proposal.items))
               .format(field=proposal.kind.field, count=len(proposal.items), lead=proposal.lead)
               for proposal in proposals]
    return merged(proposals)


def _unit_named(found: Found, main: bool) -> str:
    if main:
        line = ngettext('unit {id} (the main unit: none was given): "{spelling}" is named in the text',
                        'unit {id} (the main unit: none was given): "{spelling}" is named in the text {count} '
                        'times', found.count)
    else:
        line = ngettext('unit {id}: "{spelling}" is named in the text',
                        'unit {id}: "{spelling}" is named in the text {count} times', found.count)
    return _filled(line, found)


def _topic_named(found: Found) -> str:
    return _filled(ngettext('topics {id}: "{spelling}" is named in the text',
                            'topics {id}: "{spelling}" is named in the text {count} times', found.count), found)


def _filled(line: str, found: Found) -> str:
    return line.format(id=found.entry.id, spelling=found.spelling, count=found.count)


def _person_named(person: ProposedPerson) -> str:
    if person.unit:
        return _("participant {name} ({role}; unit {unit}): named so in the text").format(
            name=person.name, role=person.role, unit=person.unit)
    return _("participant {name} ({role}): named so in the text").format(name=person.name, role=person.role)


# --- writing --------------------------------------------------------------------------------------

def write_new(path: Path, text: str) -> bool:
    """Write ``text`` at ``path`` atomically, unless a file is there already (then return False).

    The text goes to a temporary file in the same folder first, which is hard-linked into place: a
    link never replaces an existing file, and a stopped run leaves either the whole file or none.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)


def known_sources(content_dir: Path) -> dict[str, str]:
    """The ``guid`` and ``source`` of every bulletin file, with the file's path from ``content_dir``.

    Only those two lines of the raw front-matter are read, so files with other mistakes still count.
    """
    known: dict[str, str] = {}
    root = content_dir / BULLETINS_DIR
    for path in sorted(root.rglob("*.md")) if root.is_dir() else ():
        name = path.relative_to(content_dir).as_posix()
        text, _ = read_text(path, name)
        front = _FENCE.match(text or "")
        for match in _FRONT_FIELD.finditer(front.group(1) if front else ""):
            try:
                value = yaml.safe_load(match.group(2))
            except yaml.YAMLError:
                continue
            if isinstance(value, str) and value.strip():
                known.setdefault(value.strip(), name)
    return known
