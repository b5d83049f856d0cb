"""Atom 1.0 feeds: the site's latest bulletins, and each unit's (with its sub-units) and topic's.

``site_feeds`` chooses what each feed lists, ``FeedWriter`` writes the XML. Entry ids are tag URIs
made from the site's host and the bulletin's address, never from its text, so editing a bulletin keeps
its id (renaming its file does not). Only published bulletins appear, whatever the site shows.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from urllib.parse import urlsplit

from .content import Bulletin
from .i18n import _
from .incremental import PerBulletin
from .registry import Topic, Unit
from .site import Site
from .vietnamese import VIETNAM, local

FEED_FILE = "feed.xml"
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# The date part of every tag: URI id. It only scopes the names; never change it, or every id changes.
TAG_DATE = "2012"
SUMMARY_LIMIT = 600
NO_DATE = datetime(1970, 1, 1, tzinfo=VIETNAM)

_XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
# Characters XML 1.0 forbids: they cannot appear in a feed even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Blocks that are not prose: headings, pictures, raw HTML, tables, code, quotes, lists, admonitions.
_NOT_PROSE = re.compile(r"^(?:#|!\[|<|\||```|~~~|>|[-*+]\s|\d+[.)]\s|!!!|\{:)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTES = re.compile(r"\{:?[^}]*\}")
# A backslash escape keeps its character; emphasis and code marks go.
_MARKS = re.compile(r"\\(.)|\*\*|__|\*|`")
_SPACES = re.compile(r"\s+")


class FeedError(ValueError):
    """The feeds cannot be written with this configuration."""


@dataclass(frozen=True)
class FeedSite:
    """What every feed needs from the site's configuration: its absolute address and its name."""

    url: str
    name: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def absolute(self, path: str) -> str:
        return self.url + path

    def tag(self, path: str) -> str:
        return f"tag:{self.host},{TAG_DATE}:{path}"


def feed_site(site_url: str | None, site_name: str) -> FeedSite:
    """The feeds' site, or a ``FeedError`` saying why the configuration cannot make absolute links."""
    if not site_url:
        raise FeedError(_("the Atom feeds need site_url in mkdocs.yml for their absolute links "
                          "(e.g. site_url: http://bantin.intranet/); set it, or write 'feeds: false' "
                          "under the bulletins plugin"))
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(_("site_url {site_url!r} is not an http(s) address; the Atom feeds need one "
                          "for their absolute links (e.g. http://bantin.intranet/)").format(site_url=site_url))
    return FeedSite(site_url if site_url.endswith("/") else site_url + "/", site_name)


@dataclass(frozen=True)
class Feed:
    path: str  # "feed.xml", "don-vi/<id>/feed.xml", "chu-de/<id>/feed.xml"
    page_url: str  # the listing page the feed follows
    title: str
    subtitle: str | None
    bulletins: tuple[Bulletin, ...]


def feed_path(subject: object) -> str:
    """The feed of a unit's or topic's listing pages; every other page offers the site's feed."""
    return f"{subject.url}{FEED_FILE}" if isinstance(subject, Unit | Topic) else FEED_FILE


def site_feeds(site: Site, site_name: str, size: int = FEED_SIZE) -> list[Feed]:
    """The site's feed, then one per unit (with sub-units) and per topic: each the latest ``size``."""

    def latest(bulletins: Iterable[Bulletin]) -> tuple[Bulletin, ...]:
        return tuple(islice((item for item in bulletins if site.status(item).is_published), size))

    feeds = [Feed(FEED_FILE, "", site_name, None, latest(site.bulletins))]
    for unit in site.registries.units:
        feeds.append(Feed(feed_path(unit), unit.url, f"{unit.name} – {site_name}", unit.description,
                          latest(site.by_unit[unit.id])))
    for topic in site.registries.topics:
        feeds.append(Feed(feed_path(topic), topic.url, f"Chủ đề {topic.name} – {site_name}", topic.description,
                          latest(site.by_topic[topic.id])))
    return feeds


def updated(bulletin: Bulletin) -> datetime:
    """When the bulletin last changed in substance: its ``updated`` field, else its date."""
    return bulletin.updated or bulletin.date


def first_paragraph(markdown_text: str) -> str | None:
    """The first prose paragraph of a Markdown text, as plain text, cut at ``SUMMARY_LIMIT`` characters."""
    for block in _BLANK_LINE.split(markdown_text.replace("\r\n", "\n")):
        block = block.strip()
        if block and not _NOT_PROSE.match(block):
            text = _plain(block)
            if text:
                return _shorten(text, SUMMARY_LIMIT)
    return None


def _plain(block: str) -> str:
    text = _LINK.sub(r"\1", _IMAGE.sub("", block))
    text = _MARKS.sub(lambda match: match.group(1) or "", _ATTRIBUTES.sub("", _TAG.sub("", text)))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _element(tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(tag, {name: _clean(value) for name, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = _element(tag, text, **attributes)
    parent.append(element)
    return element


def _timestamp(moment: datetime) -> str:
    """RFC 3339 in Vietnamese time: ``2012-11-12T14:49:00+07:00``."""
    return local(moment).isoformat(timespec="seconds")


class FeedWriter:
    """Writes feeds as Atom XML; each bulletin's entry is made once and reused by every feed listing it."""

    def __init__(self, site: FeedSite, site_updated: datetime | None = None,
                 entries: PerBulletin[str] | None = None):
        self.site = site
        self.site_updated = site_updated or NO_DATE
        self._entries = entries if entries is not None else PerBulletin()

    def render(self, feed: Feed) -> str:
        newest = max((updated(bulletin) for bulletin in feed.bulletins), default=self.site_updated)
        head = [
            _element("id", self.site.tag(feed.path)),
            _element("title", feed.title),
            *([_element("subtitle", feed.subtitle)] if feed.subtitle else []),
            _element("updated", _timestamp(newest)),
            _element("link", rel="self", type="application/atom+xml", href=self.site.absolute(feed.path)),
            _element("link", rel="alternate", type="text/html", href=self.site.absolute(feed.page_url)),
            self._author(self.site.name),
        ]
        lines = [_XML_DECLARATION, f'<feed xmlns="{ATOM}" xml:lang="vi">']
        lines += ["  " + ET.tostring(element, encoding="unicode") for element in head]
        lines += [self._entry(bulletin) for bulletin in feed.bulletins]
        lines += ["</feed>", ""]
        return "\n".join(lines)

    def _entry(self, bulletin: Bulletin) -> str:
        return self._entries.get(bulletin, self._write_entry, context=self.site)

    def _write_entry(self, bulletin: Bulletin) -> str:
        element = self._entry_element(bulletin)
        ET.indent(element, space="  ", level=1)
        return "  " + ET.tostring(element, encoding="unicode")

    def _entry_element(self, bulletin: Bulletin) -> ET.Element:
        entry = _element("entry")
        _child(entry, "id", self.site.tag(bulletin.url))
        _child(entry, "title", bulletin.title, type="text")
        _child(entry, "link", rel="alternate", type="text/html", href=self.site.absolute(bulletin.url))
        _child(entry, "published", _timestamp(bulletin.date))
        _child(entry, "updated", _timestamp(updated(bulletin)))
        for author in bulletin.authors:
            entry.append(self._author(author))
        for unit in bulletin.units:
            _child(entry, "category", term=unit.id, label=unit.name, scheme=self.site.absolute("don-vi/"))
        for topic in bulletin.topics:
            _child(entry, "category", term=topic.id, label=topic.name, scheme=self.site.absolute("chu-de/"))
        summary = bulletin.summary or first_paragraph(bulletin.body)
        if summary:
            _child(entry, "summary", summary, type="text")
        return entry

    @staticmethod
    def _author(name: str) -> ET.Element:
        author = _element("author")
        _child(author, "name", name)
        return author


@dataclass(frozen=True)
class FeedFiles:
    feeds: dict[str, Feed]  # by path
    files: dict[str, str]  # path → text of every feed


def render_feeds(site: Site, config: FeedSite, size: int = FEED_SIZE,
                 entries: PerBulletin[str] | None = None) -> FeedFiles:
    """Every feed of the site, and the files to write for them; ``entries`` may hold entries written before
    (kept across a preview's rebuilds)."""
    feeds = site_feeds(site, config.name, size)
    writer = FeedWriter(config, max((updated(item) for item in feeds[0].bulletins), default=None), entries)
    files = {feed.path: writer.render(feed) for feed in feeds}
    if entries is not None:
        entries.keep_only(site.by_path)
    return FeedFiles({feed.path: feed for feed in feeds}, files)
