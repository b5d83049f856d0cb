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

from .drafts import MAX_SUMMARY, Draft, clean_text, known_sources, plain_text, propose, shorten, to_markdown, write_new
from .registry import Registries, Topic, Unit
from .suggest import Suggester
from .vietnamese import format_date, local

DEFAULT_TIMEOUT = 30.0
MAX_BYTES = 50 * 1024 * 1024
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
        raise SourceError(f"{source}: only http:// and https:// addresses and files can be imported")
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(f"{source}: is larger than {MAX_BYTES // 1024 // 1024} MB; is it really a feed?")
        return Fetched(path.read_bytes())
    except FileNotFoundError:
        raise SourceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{source}: is a folder, not a feed file") from None
    except OSError as error:
        raise SourceError(f"{source}: cannot be read ({error.strerror})") from None


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
        raise SourceError(f"{url}: the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(f"{url}: {_network_problem(error.reason, timeout)}") from None
    except (OSError, http.client.HTTPException) as error:
        raise SourceError(f"{url}: {_network_problem(error, timeout)}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"{url}: sends more than {MAX_BYTES // 1024 // 1024} MB; is it really a feed?")
    return Fetched(data, headers)


def _network_problem(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (time-out); try again later or check the address"
    if isinstance(reason, ConnectionRefusedError):
        return "cannot connect: connection refused (is the server running, is the port right?)"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot be reached: {reason.strerror}"
    return f"cannot be reached: {reason}"


def read_feed(source: str, fetched: Fetched) -> feedparser.FeedParserDict:
    """The parsed feed; a ``SourceError`` when the data is not a feed at all.

    feedparser's own HTML processing is off: it drops markup that HTML parsers keep (``</br>``), and
    every piece of HTML goes through nh3 in ``drafts``, which also resolves relative URLs.
    """
    try:
        parsed = feedparser.parse(fetched.data, response_headers=fetched.headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as error:  # feedparser's fallback parser crashes on some broken XML, e.g. "&#xD800;"
        raise SourceError(f"{source}: is not a feed that can be read ({type(error).__name__}: "
                          f"{' '.join(str(error).split())})") from None
    if not parsed.entries and not parsed.get("version"):
        raise SourceError(f"{source}: {_not_a_feed(fetched.data, parsed)}")
    return parsed


def _not_a_feed(data: bytes, parsed) -> str:
    if not data.strip():
        return "is empty, not an RSS or Atom feed"
    start = data.lstrip()[:512].lower()
    if b"<html" in start or b"<!doctype html" in start:
        return "is an HTML page, not an RSS or Atom feed (look for the page's RSS link)"
    problem = parsed.get("bozo_exception")
    detail = _describe(problem) if problem else "well-formed XML, but no RSS, RDF or Atom feed with entries"
    return f"is not an RSS or Atom feed ({detail})"


def _describe(problem: BaseException) -> str:
    line = getattr(problem, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) and line() else ""
    message = getattr(problem, "getMessage", None)
    return where + (message() if callable(message) else str(problem))


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


@dataclass
class ImportReport:
    source: str
    results: list[EntryResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(result.outcome is outcome for result in self.results)

    def summary(self, dry_run: bool = False) -> str:
        verb = "Would import" if dry_run else "Imported"
        parts = [f"{verb} {self.count(Outcome.IMPORTED)}",
                 f"skipped {self.count(Outcome.PRESENT)} as already present"]
        if self.count(Outcome.EARLIER):
            parts.append(f"left out {self.count(Outcome.EARLIER)} earlier than --since")
        parts.append(f"rejected {self.count(Outcome.REJECTED)}")
        return ", ".join(parts) + f" (from {self.source})."


class FeedImporter:
    """Turns feed entries into draft bulletins in ``content_dir``."""

    def __init__(self, content_dir: Path, registries: Registries, units: Iterable[Unit] = (),
                 topics: Iterable[Topic] = (), since: datetime | None = None, dry_run: bool = False):
        self.content_dir = content_dir
        self.units, self.topics = list(units), list(topics)
        self.since, self.dry_run = since, dry_run
        self.suggester = Suggester(registries)
        self.known = known_sources(content_dir)
        self.taken: set[str] = set()  # paths of this run (a dry run writes none)

    def run(self, source: str, parsed, progress: Callable[[Iterable], Iterable] = iter) -> ImportReport:
        report = ImportReport(source)
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            report.warnings.append(f"{source}: warning: the feed has errors ({_describe(parsed.bozo_exception)}); "
                                   f"its {len(parsed.entries)} readable entries were read")
        feed_date = _date(parsed.feed)
        for index, entry in enumerate(progress(parsed.entries), start=1):
            result = self.entry(source, index, entry, feed_date)
            report.results.append(result)
        return report

    def entry(self, source: str, index: int, entry, feed_date: datetime | None) -> EntryResult:
        title = plain_text(entry.get("title") or "")
        label = f"{source}: entry {index}" + (f' "{shorten(title, 60)}"' if title else "")
        ids = [value for value in (_text(entry.get("id")), _text(entry.get("link"))) if value]
        if present := next((self.known[value] for value in ids if value in self.known), None):
            return EntryResult(Outcome.PRESENT, label, f"already in {present}")
        review: list[str] = []
        date = _date(entry)
        if date is None:
            if feed_date is None:
                return EntryResult(Outcome.REJECTED, label, "has no date, and neither has the feed; "
                                   "add the date to the feed, or write the bulletin with bulletins new")
            date = feed_date
            review.append(f"date: the entry has none; this is the feed's date ({format_date(date)})")
        if self.since is not None and date < self.since:
            return EntryResult(Outcome.EARLIER, label, f"dated {format_date(date)}")
        markup, base = _body_markup(entry)
        text = plain_text(markup)
        if not title:
            title = _title_from(text)
            if not title:
                return EntryResult(Outcome.REJECTED, label, "has neither a title nor any text")
            review.append("title: the entry has none; this one is the start of its text")
        summary_text = plain_text(entry.get("summary") or "")
        context = "\n".join(dict.fromkeys((title, summary_text, text)))  # an RSS description is often both
        units, topics, people = propose(self.suggester, context, self.units, self.topics, review)
        if not units:
            return EntryResult(Outcome.REJECTED, label, "no unit: no name or alias from units.yml is in its "
                                                        "text; import it again with --unit")
        link = _text(entry.get("link"))
        web_link = link if link and _WEB.match(link) else None
        base = base if base and _WEB.match(base) else link
        author = _author(entry)
        draft = Draft(
            title=title, date=date, units=units, body=to_markdown(markup, base), topics=topics, participants=people,
            author=[author] if author else [], summary=shorten(summary_text, MAX_SUMMARY) or None,
            # Without an id, a link that is not a web address is the entry's only mark: keep it as its guid.
            source=web_link, guid=_text(entry.get("id")) or (None if web_link else link), review=review,
            origin=f"Imported from {' '.join(source.splitlines())}",
        )
        return self._write(draft, label, ids)

    def _write(self, draft: Draft, label: str, ids: list[str]) -> EntryResult:
        text = draft.text()
        for number in range(1, MAX_NUMBER + 1):
            path = draft.path(number)
            target = self.content_dir / path
            if path in self.taken or target.exists():
                if not ids:  # nothing tells this entry apart from the file already there
                    return EntryResult(Outcome.PRESENT, label, f"a file is already at {path}")
                continue
            if self.dry_run or write_new(target, text):
                self.taken.add(path)
                # What the draft records (known_sources reads it back): a second run then skips just the same.
                self.known.update(dict.fromkeys(filter(None, (draft.guid, draft.source)), path))
                return EntryResult(Outcome.IMPORTED, label, path=path)
        return EntryResult(Outcome.REJECTED, label, f"{MAX_NUMBER} files already share its name {draft.path()}")


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
