"""The search index: one Pagefind page per published bulletin, with the đ/Đ folding Pagefind lacks.

Pagefind 1.5 folds diacritics (``hoa`` finds ``hòa``) but not đ, which Unicode does not decompose, and it
ranks ``hoà`` and ``hòa`` (old and new tone placement) as different spellings. So every word whose
*search form* differs from how it is written (đ written d, the tone on the first vowel of a final
oa/oe/uy) is indexed a second time in its search form, after an invisible separator at the end of the
page's text, and the search page turns the query into search forms before asking Pagefind. Words keep
their original spelling in the text, so excerpts read right; the search page maps a match on a variant
back to the word it came from to highlight it.

The index is made in parts (``partition``): contiguous date ranges of the bulletins, each indexed by its own run of
Pagefind (whose memory grows with the text it is given and has no bound), so a search sorted by date is the parts'
results one after another, newest part first. A part's folder is named by a digest of everything that goes into
its pages, so a build keeps the parts whose bulletins did not change. A record's text is made from the bulletin's
Markdown with a fixed set of extensions, never from what MkDocs rendered in this build, so a part is the same
whichever pages a build renders. Pages go to Pagefind as small HTML files in a temporary folder (in memory when
there is room), indexed by one run of Pagefind's program over the folder: the Python API's per-record calls cost
100 ms each (Pagefind issue 976). During a build all this happens in a process of its own (``indexer.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gzip
import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path

import markdown
from pagefind.service import get_executable

from . import vietnamese
from .campaigns import Campaign
from .content import Bulletin, unpack
from .i18n import _
from .people import PeopleIndex
from .registry import Topic, Unit, UnitTree
from .site import Site
from .unitnames import TYPED_UNIT_KEY, typed_spelling, typed_unit_key
from .vietnamese import VIETNAM, local, nfc

SEARCH_URL = "tim-kiem/"
BUNDLE_DIR = "pagefind"
LANGUAGE = "vi"
# Between a page's text and the search forms of its words: invisible, never whitespace, never in a text.
SEPARATOR = "\u2063"
# A word at the end of every page, after the variants, where the search page shows nothing: a listing without a
# query asks Pagefind for it, since Pagefind asked for no word fetches every chunk of the word index (at 10,000
# bulletins, the whole index). Greek, so that no word typed in Vietnamese, nor a shorter form Pagefind tries for a
# word it lacks, is a start of it. ``theme/assets/javascripts/search.js`` has the same.
EVERY_PAGE = "ωωω"
# Pagefind cuts its word index into chunks that a query fetches whole, in every part. At 10,000 bulletins (15 parts)
# a first query fetched a median of 756 KB of Pagefind's files with chunks of 1,000, 535 KB with 200, 532 KB with
# 100 and 586 KB with 50, the chunk table growing (bench/RESULTS.md). The knob is an environment variable that
# Pagefind marks unstable: it is read by the pinned version (1.5.2) only.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
CHUNK_SIZE = "200"
# The most bulletins one Pagefind run is given, unless a single day holds more (see ``partition``). Measured on
# news text under load: 700 bulletins took Pagefind 183 MB, 1,000 259 MB, 2,000 520 MB, 4,000 938 MB; a republish
# indexes again the part holding the bulletin it changed, a year of about 650 at 10,000 bulletins over 15 years
# (bench/RESULTS.md). The environment variable sets another limit (tests use a small one).
PART_LIMIT = 2000
PART_LIMIT_VARIABLE = "BULLETINS_SEARCH_PART_LIMIT"
# A record's text is its Markdown converted with these, never with the site's configuration, which a part's digest
# does not hold.
MARKDOWN_EXTENSIONS = ("abbr", "admonition", "attr_list", "tables")
# Memory-backed on Linux: where the pages given to Pagefind are written when it has room (see scratch_folder).
RAM_FOLDER = "/dev/shm"
SCRATCH_PREFIX = "bulletins-search-"
# A bound on the bytes of a bulletin's page for Pagefind, from the length of its Markdown: its text is about as
# long, in UTF-8 at most 3 bytes a character, the variants at most as much again; the title, names and hidden
# fields are less than the fixed part.
_PAGE_BOUND = 6
_META_BOUND = 16_384

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# A tone on the second vowel of a final oa, oe or uy (hoà, khoẻ, thuỷ; not quý, where u belongs to qu),
# in NFD. The search form moves it to the first vowel (hòa, khỏe, thủy).
_SECOND_VOWEL_TONE = re.compile(rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![\w\u0300-\u036f])"
                                rf"|(?<![qQ])([uU])([yY])([{_TONES}])(?![\w\u0300-\u036f])")
# Characters Pagefind or the browser treat specially inside text: the separator (made a space), and, dropped
# with control characters, zero-width space (Pagefind's word delimiter for CJK) and the byte-order mark
# (whitespace to JavaScript, not to Pagefind).
_DROPPED_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")

# Rendered Markdown to text: drop scripts, styles, comments and heading permalinks; blocks become spaces.
_DROPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->|<a\b[^>]*\bheaderlink\b[^>]*>.*?</a>",
                      re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|"
                        r"footer|h[1-6]|header|hr|li|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|"
                        r"tr|ul)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _move_tone(match: re.Match[str]) -> str:
    first, second, tone = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return f"{first}{tone}{second}"


@lru_cache(maxsize=1 << 18)  # a site's vocabulary is small; its text is millions of words
def search_form(word: str) -> str:
    """How a word is looked up: NFC, đ written d, the tone of a final oa/oe/uy on its first vowel.

    ``theme/assets/javascripts/search.js`` applies the same rule to queries.
    """
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", _SECOND_VOWEL_TONE.sub(_move_tone, decomposed))


def words(text: str) -> list[str]:
    """Text as whitespace-separated words, the unit Pagefind counts positions in."""
    # Not str.translate: on non-ASCII text it looks each character up in a dict, over ten times slower.
    return _DROPPED_CHARACTERS.sub("", nfc(text).replace(SEPARATOR, " ")).split()


def page_text(rendered: str) -> str:
    """The readable text of a bulletin's rendered Markdown."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", _DROPPED.sub(" ", rendered)))
    return html.unescape(text)


@dataclass(frozen=True)
class SearchRecord:
    """What Pagefind gets for one bulletin."""

    url: str
    title: list[str]
    text: list[str]
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]

    @cached_property
    def title_variants(self) -> list[str]:
        return _variants(self.title)

    @cached_property
    def text_variants(self) -> list[str]:
        return _variants(self.text)

    @property
    def variants(self) -> list[str]:
        """The search form of every word written otherwise, in the order of the words."""
        return self.title_variants + self.text_variants

    def page(self) -> str:
        """The HTML page Pagefind indexes: hidden meta, filters and sort; the title; the text; after the separator,
        the variants and ``EVERY_PAGE``.

        The title's variants weigh as much as the title (Pagefind weighs an ``h1`` 7 times a paragraph), and
        the ``title`` meta Pagefind searches is in search forms, so ``Đảng``/``Dang``, ``hoà``/``hòa`` rank
        alike; the title as written is the ``heading`` meta.
        """
        meta = {"title": " ".join(map(search_form, self.title)), "heading": " ".join(self.title), **self.meta}
        hidden = [_span("meta", name, value) for name, value in meta.items()]
        hidden += [_span("filter", name, value) for name, values in self.filters.items() for value in values]
        hidden += [_span("sort", name, value) for name, value in self.sort.items()]
        title = _text(self.title)
        weighted = f'<span data-pagefind-weight="7">{_text(self.title_variants)}</span> ' if self.title_variants else ""
        tail = f"<p>{SEPARATOR} {weighted}{_text(self.text_variants)} {EVERY_PAGE}</p>"
        return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>'
                f'{title}</title></head><body><main data-pagefind-body>'
                f'<div data-pagefind-ignore>{"".join(hidden)}</div>'
                f'<h1>{title}</h1><p>{_text(self.text)}</p>{tail}</main></body></html>')


def _variants(words: list[str]) -> list[str]:
    # An ASCII word is its own search form: testing that is cheaper than the cache lookup.
    return [form for word in words if not word.isascii() and (form := search_form(word)) != word]


def _text(words: list[str]) -> str:
    return html.escape(" ".join(words))


def _span(kind: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{name}">{html.escape(value)}</span>'


def _unit_and_ancestors(units: Sequence[Unit], tree: UnitTree) -> list[str]:
    ids: dict[str, None] = {}
    for unit in units:
        ids[unit.id] = None
        ids.update((ancestor.id, None) for ancestor in tree.ancestors(unit.id))
    return list(ids)


@dataclass(frozen=True)
class RecordDraft:
    """Everything a bulletin's record is made from: made where the site is, finished by ``record`` where the pages
    for Pagefind are written (during a build, a process of its own: ``indexer.py``). Plain values only: a part's
    digest is taken over them."""

    url: str
    title: str
    before: str  # the text before the body (the summary), and after it (caption, names, units, topics, authors)
    after: str
    packed: bytes  # the bulletin's file as it keeps it (``content.pack``): half the bytes to send, none to encode
    body_start: int  # where the body starts in it
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]

    @property
    def day(self) -> date:
        """The bulletin's date in Vietnam."""
        return datetime.fromtimestamp(int(self.sort["date"]), VIETNAM).date()

    @property
    def markdown(self) -> str:
        """The body."""
        return unpack(self.packed)[self.body_start:]

    def record(self) -> SearchRecord:
        text = f"{self.before} {markdown_text(self.markdown)} {self.after}"
        return SearchRecord(self.url, words(self.title), words(text), self.meta, self.filters, self.sort)


def markdown_text(source: str) -> str:
    """The readable text of a bulletin's Markdown, converted with ``MARKDOWN_EXTENSIONS``."""
    return page_text(_markdown().reset().convert(source))


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


def record_draft(bulletin: Bulletin, tree: UnitTree, people: PeopleIndex,
                 campaigns: Sequence[Campaign] = ()) -> RecordDraft:
    """What a bulletin's record holds besides its body: its findings under their headings, as its page shows
    them, then its caption and names.

    Filter values are ids: a unit's and each of its ancestors' (a unit's filter includes its sub-units),
    topic ids, the year, participants' page slugs (as in ``nhan-vat/<slug>/``) and the ``campaigns`` it counts
    for (``Site.campaigns_of``).
    """
    unit_names = "; ".join(unit.name for unit in bulletin.units)
    after = [f"{kind.heading}: {'; '.join(items)}." for kind, items in bulletin.findings]
    after.append(bulletin.image_caption or "")
    if bulletin.participants:
        after.append("Thành phần: " + "; ".join(
            ", ".join(filter(None, (person.name, person.role))) for person in bulletin.participants) + ".")
    after.append(f"Đơn vị: {unit_names}.")
    if bulletin.topics:
        after.append("Chủ đề: " + "; ".join(topic.name for topic in bulletin.topics) + ".")
    if bulletin.authors:
        after.append("Tác giả: " + ", ".join(bulletin.authors) + ".")
    return RecordDraft(
        url=bulletin.url,
        title=bulletin.title,
        before=bulletin.summary or "",
        after=" ".join(after),
        packed=bulletin.packed,
        body_start=bulletin.body_start,
        meta={"date": bulletin.display_date, "unit": unit_names},
        filters={
            "unit": _unit_and_ancestors(bulletin.units, tree),
            "topic": [topic.id for topic in bulletin.topics],
            "year": [str(local(bulletin.date).year)],
            "participant": list(dict.fromkeys(people.by_key[person.key].slug for person in bulletin.participants)),
            "campaign": [campaign.id for campaign in campaigns],
        },
        sort={"date": str(int(bulletin.date.timestamp()))},
    )


def published(site: Site) -> list[Bulletin]:
    """What search may show: never a draft or a bulletin dated later (``mkdocs serve`` has them in the site)."""
    return [bulletin for bulletin in site.bulletins if site.status(bulletin).is_published]


def site_drafts(site: Site) -> Iterator[RecordDraft]:
    """The record drafts of the site's published bulletins, newest first."""
    tree = site.registries.tree
    for bulletin in published(site):
        yield record_draft(bulletin, tree, site.people, site.campaigns_of(bulletin))


def site_records(site: Site) -> Iterator[SearchRecord]:
    """Records of the site's published bulletins, made one at a time."""
    return (draft.record() for draft in site_drafts(site))


def pages_size_bound(site: Site) -> int:
    """At least the bytes of the pages ``site_records`` makes, without making them.

    Measured on the Markdown: the rendered text is no longer, but for what Markdown extensions may add,
    which the factor's room covers.
    """
    return sum(_PAGE_BOUND * bulletin.body_length + _META_BOUND for bulletin in published(site))


@dataclass(frozen=True)
class UnitChoice:
    """A unit in the search page's unit box: ``forms`` are how its names read typed, whole (``typed_unit_key``)
    or as they are being typed (``typed_spelling``); the box offers the units whose forms hold what is typed."""

    unit: Unit
    depth: int

    @property
    def forms(self) -> list[str]:
        names = (self.unit.name, *([self.unit.short] if self.unit.short else []), *self.unit.aliases)
        return sorted({form(name) for name in names for form in (typed_unit_key, typed_spelling)})


@dataclass(frozen=True)
class PersonChoice:
    slug: str
    label: str


@dataclass(frozen=True)
class SearchFilters:
    """The choices the search page offers, from published bulletins only."""

    units: list[UnitChoice] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    people: list[PersonChoice] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)  # the latest to start first

    @property
    def unit_box(self) -> dict:
        """What the search page's unit box reads typed names by: the rules of ``typed_unit_key``, and each unit's
        depth in the tree and forms."""
        units = {choice.unit.id: {"depth": choice.depth, "forms": choice.forms} for choice in self.units}
        return {"rules": TYPED_UNIT_KEY.rules, "units": units}


def search_filters(site: Site) -> SearchFilters:
    bulletins = published(site)
    tree = site.registries.tree
    units: list[UnitChoice] = []

    def add(unit: Unit, depth: int) -> None:
        units.append(UnitChoice(unit, depth))
        for child in tree.children.get(unit.id, []):
            add(child, depth + 1)

    for root in tree.roots:
        add(root, 0)
    years = sorted({str(local(bulletin.date).year) for bulletin in bulletins}, reverse=True)
    campaigns = sorted(site.campaigns, key=lambda campaign: campaign.start, reverse=True)
    return SearchFilters(units, list(site.registries.topics), years, _people_choices(site.people, bulletins),
                         campaigns)


def _people_choices(people: PeopleIndex, bulletins: list[Bulletin]) -> list[PersonChoice]:
    """Participants of ``bulletins`` in the people index's order; namesakes told apart by their latest role."""
    keys = {person.key for bulletin in bulletins for person in bulletin.participants}
    shown = [person for person in people.individuals if person.key in keys]
    namesakes = Counter(person.name for person in shown)
    return [PersonChoice(person.slug, person.name if namesakes[person.name] == 1
                         else f"{person.name} ({person.latest_role or person.slug})") for person in shown]


# A part's span at each level of ``partition``: every date, its year, quarter, month, day.
_SPANS = (
    lambda day: "all",
    lambda day: f"{day:%Y}",
    lambda day: f"{day:%Y}-q{(day.month + 2) // 3}",
    lambda day: f"{day:%Y-%m}",
    lambda day: f"{day:%Y-%m-%d}",
)
DIGEST_LENGTH = 16  # hex digits of a part's digest in its folder's name


@dataclass(frozen=True)
class Part:
    """Published bulletins of one calendar span, newest first, indexed by one Pagefind run into ``folder``."""

    span: str  # "all", "2024", "2024-q3", "2024-07" or "2024-07-15"
    drafts: tuple[RecordDraft, ...]
    digest: str

    @property
    def folder(self) -> str:
        """Named by the digest: a folder of this name holds this part's index, whichever build wrote it."""
        return f"{self.span}-{self.digest[:DIGEST_LENGTH]}"


def partition(drafts: Iterable[RecordDraft], limit: int, version: str) -> list[Part]:
    """The parts of the index of ``drafts``, newest first: contiguous date ranges, so a search sorted by date is
    the parts' sorted results one after another.

    Calendar spans keep a part the same when bulletins are added to another: the whole index is one part while it
    holds at most ``limit`` bulletins (Pagefind ranks a page by how rare its words are in its part: in one part, as
    in one index, equal pages rank equal), else each year is while it holds at most ``limit``, else each of its
    quarters, else each of their months, else each of their days; a day with more than ``limit`` is one part all
    the same (the sample's density is two a day). ``version`` (``indexing_version``) goes into every part's digest
    with its drafts.
    """
    newest_first = sorted(drafts, key=lambda draft: (-int(draft.sort["date"]), draft.url))
    return [Part(span, tuple(group), _digest(group, version)) for span, group in _spans(newest_first, limit, 0)]


def _spans(drafts: list[RecordDraft], limit: int, level: int) -> Iterator[tuple[str, list[RecordDraft]]]:
    spans: dict[str, list[RecordDraft]] = {}
    for draft in drafts:  # newest first, so the spans come newest first
        spans.setdefault(_SPANS[level](draft.day), []).append(draft)
    for span, group in spans.items():
        if len(group) <= limit or level == len(_SPANS) - 1:
            yield span, group
        else:
            yield from _spans(group, limit, level + 1)


_DIGESTED_FIELDS = [field.name for field in dataclasses.fields(RecordDraft) if field.name != "packed"]


def _digest(drafts: list[RecordDraft], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for draft in drafts:
        fields = {name: getattr(draft, name) for name in _DIGESTED_FIELDS}  # asdict's deep copy took 60% longer
        # The packed file, not the Markdown: the same text packs to the same bytes, and unpacking every draft was
        # a tenth of a republish (any change to the file, front-matter included, indexes its part again).
        digest.update(json.dumps(fields, ensure_ascii=False).encode() + b"\0" + draft.packed + b"\0")
    return digest.hexdigest()


def part_limit() -> int:
    return int(os.environ.get(PART_LIMIT_VARIABLE, PART_LIMIT))


def indexing_version() -> str:
    """What besides its drafts makes a part's files: the code that turns a draft into a page (this module and
    ``vietnamese.py``), Python-Markdown's and Pagefind's versions, and the chunk size Pagefind is given."""
    digest = hashlib.sha256()
    for module in (__file__, vietnamese.__file__):
        digest.update(Path(module).read_bytes())
    for text in (markdown.__version__, importlib.metadata.version("pagefind"), _chunk_size()):
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class IndexStats:
    pages: int
    words: int
    variants: int
    seconds: float = 0.0  # Pagefind's run, from the last page written; for a bundle in parts, its whole update
    parts: int = 0  # of a bundle in parts (``indexer.update_bundle``): how many it has,
    kept: int = 0  # and how many of them the previous build's bundle had (the others were indexed)

    def __add__(self, other: IndexStats) -> IndexStats:
        return IndexStats(*(mine + theirs for mine, theirs in zip(dataclasses.astuple(self),
                                                                  dataclasses.astuple(other), strict=True)))


def write_index(records: Iterable[SearchRecord], bundle_dir: Path, size_bound: int = 0) -> IndexStats:
    """Write the Pagefind bundle for ``records`` into ``bundle_dir``, its pages in a temporary folder.

    ``size_bound``, at least the pages' size in bytes, decides where that folder is (``scratch_folder``).
    """
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch_folder(size_bound)) as folder:
        return index_pages(records, folder, bundle_dir)


def index_pages(records: Iterable[SearchRecord], folder: str, bundle_dir: Path) -> IndexStats:
    """Write each record's page into ``folder`` as it comes (no more than one record is held: the records of
    10,000 bulletins, every word a string, took 0.5 GB), then the Pagefind bundle of the folder into
    ``bundle_dir`` (replaced if it exists)."""
    bundle_dir = bundle_dir.resolve()
    if bundle_dir.exists():
        shutil.rmtree(bundle_dir)
    pages = words = variants = 0
    for record in records:
        path = Path(folder, *record.url.strip("/").split("/"), "index.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(record.page().encode("utf-8"))
        pages, words = pages + 1, words + len(record.title) + len(record.text)
        variants += len(record.title_variants) + len(record.text_variants)
    start = time.perf_counter()
    indexed = _run_pagefind(folder, bundle_dir)
    if indexed != pages:
        raise RuntimeError(_("Pagefind indexed {indexed} pages of {pages}").format(indexed=indexed, pages=pages))
    _make_stable(bundle_dir)
    return IndexStats(pages, words, variants, time.perf_counter() - start)


def scratch_folder(size: int) -> str | None:
    """``RAM_FOLDER`` if it has room for twice ``size`` bytes, else None (the default temporary folder).

    Creating and deleting thousands of small files on a disk is seconds of metadata work; in memory it is
    a fraction of a second. Twice the size leaves room for other users of a small ``/dev/shm`` (64 MB in a
    default Docker container), which then falls back to the disk rather than failing the build.
    """
    fits = (os.path.isdir(RAM_FOLDER) and os.access(RAM_FOLDER, os.W_OK)
            and shutil.disk_usage(RAM_FOLDER).free >= 2 * size)
    return RAM_FOLDER if fits else None


def _run_pagefind(pages: str, bundle_dir: Path) -> int:
    """Index the folder ``pages`` into ``bundle_dir`` with Pagefind's own program; the number of pages indexed.

    Not through Pagefind's Python API: it stops the program as soon as it answers that the files are written,
    which under load cut files short (an empty WASM file, a search page that could not start).
    """
    environment = {**os.environ, CHUNK_SIZE_VARIABLE: _chunk_size()}
    program = get_executable()
    if program is None:
        raise RuntimeError(_("Pagefind's program is missing: install the project's dependencies (pagefind[bin])"))
    command = [str(program), "--site", pages, "--output-path", str(bundle_dir),
               "--force-language", LANGUAGE, "--silent"]
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False,
                              preexec_fn=_die_with_parent)
    if finished.returncode != 0:
        raise RuntimeError(_("Pagefind stopped with exit code {code}: {error}").format(
            code=finished.returncode, error=finished.stderr.strip()))
    entry = json.loads((bundle_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_parent() -> None:
    """Run in Pagefind's process before its program (``preexec_fn``): the kernel kills it when the indexing process
    that started it ends, even killed, so it never writes on into a folder the next build clears (Linux; elsewhere
    nothing)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _chunk_size() -> str:
    """Pagefind's chunk size: ``CHUNK_SIZE`` unless the environment sets another."""
    return os.environ.get(CHUNK_SIZE_VARIABLE, CHUNK_SIZE)


def _make_stable(bundle_dir: Path) -> None:
    """Make Pagefind's files the same bytes for the same pages.

    Pagefind 1.5 writes each filter's values, and the list of filters in its metadata, in the order of a Rust hash
    map, which changes from run to run (its issue 638: only fragments were made stable), so the same pages gave
    other filter and metadata files, under other names. Here the values and the filters are sorted, and those
    files named by a digest of what they hold, as Pagefind names them.
    """
    entry_path = bundle_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    index = entry["languages"][LANGUAGE]
    filters = {}
    for path in sorted((bundle_dir / "filter").glob("*.pf_filter")):  # none without filters
        name, values = _read_pagefind_file(path)
        path.unlink()
        filters[path.stem] = _write_pagefind_file(bundle_dir / "filter", "{}.pf_filter", [name, sorted(values)], 7)
    meta_path = bundle_dir / f"pagefind.{index['hash']}.pf_meta"
    meta = _read_pagefind_file(meta_path)
    meta_path.unlink()
    meta[3] = sorted([name, filters[chunk]] for name, chunk in meta[3])  # [filter name, its file]
    index["hash"] = _write_pagefind_file(bundle_dir, "pagefind.{}.pf_meta", meta, 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_SIGNATURE = b"pagefind_dcd"  # what Pagefind's files start with, once gunzipped


def _read_pagefind_file(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a file of Pagefind's")
    value, end = _from_cbor(data, len(_SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path} holds more than one value")
    return value


def _write_pagefind_file(folder: Path, pattern: str, value: list, digits: int) -> str:
    data = _SIGNATURE + _to_cbor(value)
    name = f"{LANGUAGE}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / pattern.format(name)).write_bytes(gzip.compress(data, mtime=0))
    return name


# CBOR (RFC 8949) as Pagefind's metadata and filters use it: unsigned integers, text, arrays.
_UNSIGNED, _TEXT, _ARRAY = 0, 3, 4


def _from_cbor(data: bytes, at: int) -> tuple[int | str | list, int]:
    kind, argument, at = _cbor_head(data, at)
    if kind == _UNSIGNED:
        return argument, at
    if kind == _TEXT:
        return data[at:at + argument].decode("utf-8"), at + argument
    if kind != _ARRAY:
        raise ValueError(f"CBOR major type {kind} is not in Pagefind's files")
    items = []
    for _position in range(argument):
        item, at = _from_cbor(data, at)
        items.append(item)
    return items, at


def _cbor_head(data: bytes, at: int) -> tuple[int, int, int]:
    kind, short = data[at] >> 5, data[at] & 0x1F
    if short < 24:
        return kind, short, at + 1
    size = 1 << (short - 24)  # 24 to 27: the argument is in the next 1, 2, 4 or 8 bytes
    return kind, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _to_cbor(value: int | str | list) -> bytes:
    if isinstance(value, int):
        return _cbor_head_bytes(_UNSIGNED, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _cbor_head_bytes(_TEXT, len(text)) + text
    return _cbor_head_bytes(_ARRAY, len(value)) + b"".join(map(_to_cbor, value))


def _cbor_head_bytes(kind: int, argument: int) -> bytes:
    """The shortest head, as Pagefind writes it."""
    if argument < 24:
        return bytes([kind << 5 | argument])
    size = next(size for size in (1, 2, 4, 8) if argument < 1 << (8 * size))
    return bytes([kind << 5 | (24 + size.bit_length() - 1)]) + argument.to_bytes(size, "big")
