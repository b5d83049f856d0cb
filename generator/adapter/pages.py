"""The pages and files the plugin adds to MkDocs' ``Files`` or puts in place of the content's, each tracked so
that a dirty build writes again only what shows something new."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..campaigns import CAMPAIGNS_FILE
from ..content import Bulletin
from ..errors import Problem
from ..glossary import GLOSSARY_FILE
from ..i18n import _
from ..images import picture_size
from ..incremental import Fingerprints, SharedDigests, digest
from ..listings import ListingPage
from ..preview import bulletin_error_page
from ..redirects import Claim, plan_redirects
from ..registry import TOPICS_FILE, UNITS_FILE
from ..related import Reading
from ..site import Site
from .problems import ContentErrors, plugin_error

REGISTRY_FILES = (UNITS_FILE, TOPICS_FILE, GLOSSARY_FILE, CAMPAIGNS_FILE)


class Tracked(File):
    """A page or file that a dirty build writes again only when what it shows changed; MkDocs' own test
    compares modification times, which says nothing about generated pages.

    A page that a dirty build keeps as written is ``kept``: no documentation page to MkDocs, which then makes no
    page object for it, reads nothing and renders nothing (at 10,000 bulletins, making the page objects alone
    took a second), yet finds it when another page links to it. ``sitemap`` lists it.
    """

    changed = True
    kept = False

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)

    def is_documentation_page(self) -> bool:
        return not self.kept and super().is_documentation_page()


class ListingOutsideNav(Page):
    """A unit's, topic's, person's or year's listing: its template renders all of it, so there is no
    Markdown to read and convert (a Markdown converter per page costs as much as the rest of the page)."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {"title": self.title}  # the templates print a meta title escaped

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.present_anchor_ids = set()


def site_token(site: Site, options: Mapping, config: MkDocsConfig) -> bytes:
    """What every page shows besides its own content: the glossary (any text may use an abbreviation), the
    options, the site's name, address and nav. Not the registries: a unit or topic is in the fingerprint of each
    page that shows it (its bulletins', cards', listings'), so renaming one rewrites those pages only."""
    return digest(site.glossary.terms, dict(options), config.site_url, config.site_name, config.nav)


class GeneratedPages:
    """The plugin's pages in ``Files``, and what each showed at the previous build (``Fingerprints``)."""

    def __init__(self):
        self.fingerprints = Fingerprints()
        self.shared = SharedDigests()
        self.site: Site | None = None
        self.site_token = b""
        self.listings: dict[str, ListingPage] = {}
        self.reading: dict[str, Reading] = {}
        self.item_tokens: dict[str, str] = {}
        self.bulletin_pages: dict[str, Tracked] = {}  # by path, as handed to MkDocs at the last build
        self.keep_written = False  # a dirty build: an unchanged page outside the nav keeps its file
        self.files: Files | None = None

    def next_build(self, site: Site, token: bytes, listings: list[ListingPage], reading: dict[str, Reading]) -> None:
        self.fingerprints.next_build()
        self.shared.clear()
        self.site, self.site_token, self.reading = site, token, reading
        self.listings = {page.src_uri: page for page in listings}

    def add_to(self, files: Files, config: MkDocsConfig, feeds: Mapping[str, str],
               stop: Callable[[list[Problem]], ContentErrors]) -> None:
        """Drop what is not published, give bulletins ASCII URLs, add listing pages, feeds and redirects; a
        preview shows a broken bulletin's problems at its address. ``stop`` makes the error of aliases in the
        way of other addresses."""
        self.files = files
        self._drop_unpublished(files, config)
        self._add_error_pages(files, config)
        self._add_bulletins(files, config)
        for src_uri, page in self.listings.items():
            self._add_listing(files, config, src_uri, page)
        self._add_feeds(files, config, feeds)
        self._add_redirects(files, config, stop)

    def delete_gone(self, site_dir: str) -> None:
        """Delete the pages of bulletins deleted or unpublished since the last build (a dirty build)."""
        for dest_uri in self.fingerprints.gone():
            Path(site_dir, dest_uri).unlink(missing_ok=True)

    def invalidate(self) -> None:
        """After a failed build: the next one writes every page again."""
        self.fingerprints.invalidate()
        self.bulletin_pages = {}

    def _drop_unpublished(self, files: Files, config: MkDocsConfig) -> None:
        """Registries, unpublished and broken bulletins, and the content files only they use."""
        for name in REGISTRY_FILES:
            if registry := files.get_file_from_path(name):
                files.remove(registry)
        for path in [*(bulletin.path for bulletin in self.site.hidden), *self.site.broken]:
            files.remove(files.get_file_from_path(path))
        content = [file.src_uri for file in files
                   if file.src_dir == config.docs_dir and not file.is_documentation_page()]
        for path in self.site.unpublished_files(content):
            files.remove(files.get_file_from_path(path))

    def _add_error_pages(self, files: Files, config: MkDocsConfig) -> None:
        for url, problems in self.site.error_pages().items():
            page = bulletin_error_page(problems, url)
            files.append(self._track(Tracked.generated(config, f"{url}index.html", content=page), page))

    def _add_bulletins(self, files: Files, config: MkDocsConfig) -> None:
        """Each bulletin's page in place of its file, at its ASCII URL."""
        # How a bulletin appears in lists (its file, status and units), made once: 5,000 listing pages show 20
        # bulletins each at 10,000.
        self.item_tokens = {bulletin.path: " ".join((bulletin.version, self.site.status(bulletin).value,
                                                     *(f"{unit.id}={unit.name}" for unit in bulletin.units)))
                            for bulletin in self.site.bulletins}
        pages = {}
        for bulletin in self.site.bulletins:
            original = files.get_file_from_path(bulletin.path)
            files.remove(original)
            pages[bulletin.path] = page = self._bulletin_page(bulletin, original, config)
            files.append(page)
        self.bulletin_pages = pages

    def _add_feeds(self, files: Files, config: MkDocsConfig, feeds: Mapping[str, str]) -> None:
        for path, text in feeds.items():
            if files.get_file_from_path(path):
                raise plugin_error(_("{path} in the content folder clashes with a file the Atom feeds add; rename "
                                     "or remove it").format(path=path))
            files.append(self._track(Tracked.generated(config, path, content=text), text))

    def _add_listing(self, files: Files, config: MkDocsConfig, src_uri: str, page: ListingPage) -> None:
        if written := files.get_file_from_path(src_uri):
            if page.kind != "home":
                raise plugin_error(_("{path} in the content folder clashes with the generated page /{url}; rename "
                                     "or remove it").format(path=src_uri, url=page.url))
            # A hand-written home page keeps its text; the latest bulletins follow it.
            files.remove(written)
            home = Tracked(src_uri, written.src_dir, written.dest_dir, config.use_directory_urls)
            files.append(self._track(home, *self._shown_on_listing(page), os.stat(home.abs_src_path).st_mtime_ns))
            return
        if page.in_nav:
            files.append(self._track(Tracked.generated(config, src_uri, content=page.markdown),
                                     *self._shown_on_listing(page)))
            return
        generated = Tracked.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        self._keep(generated, self._changed(generated.dest_uri, *self._shown_on_listing(page)))
        if not generated.kept:
            ListingOutsideNav(page.title, generated, config)
        files.append(generated)

    def _shown_on_page(self, bulletin: Bulletin, docs_dir: str) -> tuple:
        """Everything a bulletin's page shows besides its own text: names, status, links to other pages (and the
        unit of each related one), the size of its picture."""
        people = [self.site.people.url_by_key.get(person.key) for person in bulletin.participants]
        units = [self.shared(unit) for unit in bulletin.units]
        topics = [self.shared(topic) for topic in bulletin.topics]
        picture = picture_size(Path(docs_dir, bulletin.image)) if bulletin.image else None
        reading = self.reading.get(bulletin.path)
        related_units = [self.shared(item.primary_unit) for item in reading.related] if reading else []
        return bulletin, units, topics, self.site.status(bulletin), reading, related_units, people, picture

    def _shown_on_listing(self, page: ListingPage) -> tuple:
        """What a listing page shows (every field of it); the parts its other pages (``trang/N/``) show too
        are shared."""
        pager = (page.pager.number, self.shared(page.pager.urls)) if page.pager else None
        items = [self.item_tokens[item.path] for item in page.items]
        subject, extra = self.shared(page.subject), self.shared(page.extra)
        return page.kind, page.url, page.title, items, page.total, subject, pager, extra

    def _bulletin_page(self, bulletin: Bulletin, original: File, config: MkDocsConfig) -> Tracked:
        """A bulletin's page. One that shows the same as at the previous build of a preview keeps its file and
        page objects: MkDocs makes a page object for every file it is not handed one with, and making 10,000
        of each was a tenth of a rebuild."""
        dest_uri = f"{bulletin.url}index.html"
        changed = self._changed(dest_uri, *self._shown_on_page(bulletin, config.docs_dir))
        kept = self.bulletin_pages.get(bulletin.path)
        if changed or kept is None or (kept.src_dir, kept.dest_dir) != (original.src_dir, original.dest_dir):
            kept = Tracked(bulletin.path, original.src_dir, original.dest_dir, config.use_directory_urls,
                           dest_uri=dest_uri, inclusion=InclusionLevel.NOT_IN_NAV)
        self._keep(kept, changed)
        return kept

    def _keep(self, page: Tracked, changed: bool) -> None:
        page.changed = changed
        page.kept = not changed and self.keep_written and os.path.isfile(page.abs_dest_path)

    def _track(self, file: Tracked, *shown) -> Tracked:
        file.changed = self._changed(file.dest_uri, *shown)
        return file

    def _changed(self, dest_uri: str, *shown) -> bool:
        """Whether what the page or file shows differs from the previous build."""
        return self.fingerprints.record(dest_uri, (self.site_token, *shown))

    def _add_redirects(self, files: Files, config: MkDocsConfig, stop: Callable[[list[Problem]], ContentErrors]
                       ) -> None:
        """A redirect page for each bulletin's ``aliases``; an alias at the address of any file is an error."""
        taken = {file.dest_uri: (Claim.FILE, file.src_uri) for file in files}
        taken.update((f"{listing.url}index.html", (Claim.PAGE, listing.url)) for listing in self.listings.values())
        redirects, problems = plan_redirects(self.site.bulletins, taken)
        if problems:
            raise stop(problems)
        for redirect in redirects:
            text = redirect.html(config.site_url)
            files.append(self._track(Tracked.generated(config, redirect.file, content=text), text))


def sitemap(files: Files, site_url: str | None) -> str:
    """``sitemap.xml``: MkDocs' own lists only the pages it renders in this build, not those a dirty build keeps.
    Every page's address is the site's address and the page's, as MkDocs makes it (``Page.canonical_url``); the
    date is the build's, as MkDocs gives every page."""
    entries = []
    if site_url:
        base = site_url if site_url.endswith("/") else f"{site_url}/"
        lastmod = get_build_date()
        pages = [file for file in files if getattr(file, "kept", False) or file.is_documentation_page()]
        # urljoin(base, page.url), as MkDocs: its page addresses are relative paths without dot segments but
        # the home page's, "./". Faster by far for 15,000 pages.
        entries = [f"  <url><loc>{escape(base + page.url.removeprefix('./'))}</loc><lastmod>{lastmod}</lastmod></url>\n"
                   for page in pages]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(entries) + "</urlset>\n")
