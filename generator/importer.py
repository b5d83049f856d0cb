"""Importing an RSS or Atom feed (read by feedparser) as draft bulletins.

``fetch`` reads a file or an http(s) address, ``read_feed`` parses it, ``FeedImporter`` turns each new
entry into a draft (``drafts.Draft``) and writes it. An entry whose guid or link is already in any
bulletin is skipped, so a second run writes nothing; no file is ever replaced. Every message names the
source, and the entry when there is one.
"""

from __future__ import annotations

import enum
import http.client
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from .drafts import (
    MAX_SUMMARY,
    Draft,
    clean_text,
    known_sources,
    paragraphs,
    plain_text,
    propose,
    propose_findings,
    shorten,
    to_markdown,
    write_new,
)
from .i18n import N_, _, ngettext
from .registry import Registries, Topic, Unit
from .suggest import Suggester
from .vietnamese import format_date, local

DEFAULT_TIMEOUT = 30.0
MAX_MEGABYTES = 50
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_TITLE = 120
MAX_NUMBER = 100  # <slug>-2.md … <slug>-100.md for articles sharing a title in one month
_WEB = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_EMAIL_AND_NAME = re.compile(r"^\S+@\S+\s+\((.+)\)$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


class SourceError(Exception):
    """The source cannot be read as a feed; the message is one line that names it."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


def fetch(source: str, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """The bytes of a feed file or http(s) address, or a ``SourceError`` saying why not."""
    if _WEB.match(source):
        return _download(source, timeout)
    if _SCHEME.match(source):
        raise SourceError(_("{source}: only http:// and https:// addresses and files can be imported").format(
            source=source))
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(_("{source}: is larger than {size} MB; is it really a feed?").format(
                source=source, size=MAX_MEGABYTES))
        return Fetched(path.read_bytes())
    except FileNotFoundError:
        raise SourceError(_("{source}: no such file").format(source=source)) from None
    except IsADirectoryError:
        raise SourceError(_("{source}: is a folder, not a feed file").format(source=source)) from None
    except OSError as error:
        raise SourceError(_("{source}: cannot be read ({problem})").format(source=source, problem=error.strerror)
                          ) from None


def _download(url: str, timeout: float) -> Fetched:
    request = urllib.request.Request(url, headers={
        "User-Agent": "bulletins-import",
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            headers = {name.lower(): value for name, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        raise SourceError(_("{source}: the server answered HTTP {code} {reason}").format(
            source=url, code=error.code, reason=error.reason)) from None
    except urllib.error.URLError as error:
        raise SourceError(_network_problem(url, error.reason, timeout)) from None
    except (OSError, http.client.HTTPException) as error:
        raise SourceError(_network_problem(url, error, timeout)) from None
    if len(data) > MAX_BYTES:
        raise SourceError(_("{source}: sends more than {size} MB; is it really a feed?").format(
            source=url, size=MAX_MEGABYTES))
    return Fetched(data, headers)


def _network_problem(url: str, reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return _("{source}: no answer within {seconds} s (time-out); try again later or check the address").format(
            source=url, seconds=f"{timeout:g}")
    if isinstance(reason, ConnectionRefusedError):
        return _("{source}: cannot connect: connection refused (is the server running, is the port right?)").format(
            source=url)
    problem = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
    return _("{source}: cannot be reached: {problem}").format(source=url, problem=problem)


def read_feed(source: str, fetched: Fetched) -> feedparser.FeedParserDict:
    """The parsed feed; a ``SourceError`` when the data is not a feed at all.

    feedparser's own HTML processing is off: it drops markup that HTML parsers keep (``</br>``), and
    every piece of HTML goes through nh3 in ``drafts``, which also resolves relative URLs.
    """
    try:
        parsed = feedparser.parse(fetched.data, response_headers=fetched.headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as error:  # feedparser's fallback parser crashes on some broken XML, e.g. "&#xD800;"
        raise SourceError(_("{source}: is not a feed that can be read ({problem})").format(
            source=source, problem=f"{type(error).__name__}: {' '.join(str(error).split())}")) from None
    if not parsed.entries and not parsed.get("version"):
        raise SourceError(_not_a_feed(source, fetched.data, parsed))
    return parsed


def _not_a_feed(source: str, data: bytes, parsed) -> str:
    if not data.strip():
        return _("{source}: is empty, not an RSS or Atom feed").format(source=source)
    start = data.lstrip()[:512].lower()
    if b"<html" in start or b"<!doctype html" in start:
        return _("{source}: is an HTML page, not an RSS or Atom feed (look for the page's RSS link)").format(
            source=source)
    problem = parsed.get("bozo_exception")
    if not problem:
        return _("{source}: is not an RSS or Atom feed (well-formed XML, but no RSS, RDF or Atom feed with "
                 "entries)").format(source=source)
    return _("{source}: is not an RSS or Atom feed ({problem})").format(source=source, problem=_describe(problem))


def _describe(problem: BaseException) -> str:
    """An XML parser's complaint (in the parser's words), with its line when it has one."""
    line = getattr(problem, "getLineNumber", None)
    message = getattr(problem, "getMessage", None)
    text = message() if callable(message) else str(problem)
    return _("line {line}: {problem}").format(line=line(), problem=text) if callable(line) and line() else text


class Outcome(enum.Enum):
    IMPORTED = "imported"
    PRESENT = "skipped"
    EARLIER = "left out"
    REJECTED = "rejected"


@dataclass(frozen=True)
class EntryResult:
    outcome: Outcome
    label: str
    reason: str = ""
    path: str | None = None


# The summary line, by (dry run, any entry left out by --since).
_SUMMARIES = {
    (False, False): N_("Imported {imported}, skipped {present} as already present, rejected {rejected} "
                       "(from {source})."),
    (False, True): N_("Imported {imported}, skipped {present} as already present, left out {earlier} earlier than "
                      "--since, rejected {rejected} (from {source})."),
    (True, False): N_("Would import {imported}, skipped {present} as already present, rejected {rejected} "
                      "(from {source})."),
    (True, True): N_("Would import {imported}, skipped {present} as already present, left out {earlier} earlier "
                     "than --since, rejected {rejected} (from {source})."),
}


@dataclass
class ImportReport:
    source: str
    results: list[EntryResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(result.outcome is outcome for result in self.results)

    def summary(self, dry_run: bool = False) -> str:
        """``Imported 3, skipped 22 as already present, rejected 1 (from SOURCE).``"""
        earlier = self.count(Outcome.EARLIER)
        return _(_SUMMARIES[dry_run, bool(earlier)]).format(
            imported=self.count(Outcome.IMPORTED), present=self.count(Outcome.PRESENT), earlier=earlier,
            rejected=self.count(Outcome.REJECTED), source=self.source)


class FeedImporter:
    """Turns feed entries into draft bulletins in ``content_dir``."""

    def __init__(self, content_dir: Path, registries: Registries, units: Iterable[Unit] = (),
                 topics: Iterable[Topic] = (), since: datetime | None = None, dry_run: bool = False,
                 undated: datetime | None = None):
        self.content_dir = content_dir
        self.units, self.topics = list(units), list(topics)
        self.since, self.dry_run = since, dry_run
        self.undated = undated  # the date of entries that carry none (--date)
        self.suggester = Suggester(registries)
        self.known = known_sources(content_dir)
        self.taken: set[str] = set()  # paths of this run (a dry run writes none)

    def run(self, source: str, parsed, progress: Callable[[Iterable], Iterable] = iter) -> ImportReport:
        report = ImportReport(source)
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            count = len(parsed.entries)
            report.warnings.append(ngettext(
                "{source}: warning: the feed has errors ({problem}); its {count} readable entry was read",
                "{source}: warning: the feed has errors ({problem}); its {count} readable entries were read", count,
            ).format(source=source, problem=_describe(parsed.bozo_exception), count=count))
        feed_date = _date(parsed.feed)
        for index, entry in enumerate(progress(parsed.entries), start=1):
            result = self.entry(source, index, entry, feed_date)
            report.results.append(result)
        return report

    def entry(self, source: str, index: int, entry, feed_date: datetime | None) -> EntryResult:
        title = plain_text(entry.get("title") or "")
        label = _label(source, index, title)
        ids = [value for value in (_text(entry.get("id")), _text(entry.get("link"))) if value]
        if present := next((self.known[value] for value in ids if value in self.known), None):
            return EntryResult(Outcome.PRESENT, label, _("already in {path}").format(path=present))
        review: list[str] = []
        date = self._entry_date(entry, feed_date, review)
        if date is None:
            return EntryResult(Outcome.REJECTED, label, _("has no date, and neither has the feed; import it again "
                                                          "with --date (e.g. --date 12/11/2012)"))
        if self.since is not None and date < self.since:
            return EntryResult(Outcome.EARLIER, label, _("dated {date}").format(date=format_date(date)))
        markup, base = _body_markup(entry)
        text = plain_text(markup)
        if not title:
            title = _title_from(text)
            if not title:
                return EntryResult(Outcome.REJECTED, label, _("has neither a title nor any text"))
            review.append(_("title: the entry has none; this one is the start of its text"))
        summary_text = plain_text(entry.get("summary") or "")
        context = "\n".join(dict.fromkeys((title, summary_text, text)))  # an RSS description is often both
        units, topics, people = propose(self.suggester, context, self.units, self.topics, review)
        if not units:
            return EntryResult(Outcome.REJECTED, label, _("no unit: no name or alias from units.yml is in its "
                                                          "text; import it again with --unit"))
        findings = propose_findings(paragraphs(markup), review)
        link = _text(entry.get("link"))
        web_link = link if link and _WEB.match(link) else None
        base = base if base and _WEB.match(base) else link
        author = _author(entry)
        draft = Draft(
            title=title, date=date, units=units, body=to_markdown(markup, base), topics=topics, participants=people,
            author=[author] if author else [], summary=shorten(summary_text, MAX_SUMMARY) or None,
            # Without an id, a link that is not a web address is the entry's only mark: keep it as its guid.
            source=web_link, guid=_text(entry.get("id")) or (None if web_link else link), findings=findings,
            review=review,
            origin=_("Imported from {source}").format(source=" ".join(source.splitlines())),
        )
        return self._write(draft, label, ids)

    def _entry_date(self, entry, feed_date: datetime | None, review: list[str]) -> datetime | None:
        """The entry's own date; else the one given with ``--date``, else the feed's, noted for review."""
        if (date := _date(entry)) is not None:
            return date
        if self.undated is not None:
            date, note = self.undated, _("date: the entry has none; this is the date given with --date ({date})")
        elif feed_date is not None:
            date, note = feed_date, _("date: the entry has none; this is the feed's date ({date})")
        else:
            return None
        review.append(note.format(date=format_date(date)))
        return date

    def _write(self, draft: Draft, label: str, ids: list[str]) -> EntryResult:
        text = draft.text()
        for number in range(1, MAX_NUMBER + 1):
            path = draft.path(number)
            target = self.content_dir / path
            if path in self.taken or target.exists():
                if not ids:  # nothing tells this entry apart from the file already there
                    return EntryResult(Outcome.PRESENT, label, _("a file is already at {path}").format(path=path))
                continue
            if self.dry_run or write_new(target, text):
                self.taken.add(path)
                # What the draft records (known_sources reads it back): a second run then skips just the same.
                self.known.update(dict.fromkeys(filter(None, (draft.guid, draft.source)), path))
                return EntryResult(Outcome.IMPORTED, label, path=path)
        return EntryResult(Outcome.REJECTED, label, _("{count} files already share its name {path}").format(
            count=MAX_NUMBER, path=draft.path()))


def _label(source: str, index: int, title: str) -> str:
    """How messages name an entry: its source, its place in the feed and the start of its title."""
    if title:
        return _('{source}: entry {number} "{title}"').format(source=source, number=index, title=shorten(title, 60))
    return _("{source}: entry {number}").format(source=source, number=index)


def _text(value: object) -> str | None:
    """An id or link on one line: a line break would split its ``guid:`` line, which ``known_sources`` reads."""
    return " ".join(clean_text(value).split()) or None if isinstance(value, str) else None


def _date(item) -> datetime | None:
    """An entry's (or the feed's) published date, else its updated date, as an aware datetime.

    Read as a plain dict: feedparser answers a missing ``updated_parsed`` with ``published_parsed`` (and a
    deprecation warning), which would try a broken published date twice.
    """
    for key in ("published_parsed", "updated_parsed"):
        parsed = dict.get(item, key)
        if parsed:
            try:
                moment = datetime(*parsed[:6], tzinfo=UTC)
                local(moment)  # at the ends of the calendar Vietnamese time overflows: not a date to import
                return moment
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _author(entry) -> str:
    """The author's name; RSS writes ``email (Name)``, which feedparser splits wrongly for long domains."""
    written = plain_text(entry.get("author") or "")
    if match := _EMAIL_AND_NAME.match(written):
        return match.group(1).strip()
    return plain_text((entry.get("author_detail") or {}).get("name") or "") or written


def _body_markup(entry) -> tuple[str, str | None]:
    """The entry's fullest HTML (its content, else its summary) and the address it is relative to."""
    details = [content for content in entry.get("content") or [] if isinstance(content, dict)]
    details.append(entry.get("summary_detail") or {"value": entry.get("summary") or ""})
    for detail in details:
        if (detail.get("value") or "").strip():
            return detail["value"], detail.get("base") or None
    return "", None


def _title_from(text: str) -> str:
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    return shorten(first, MAX_TITLE)
