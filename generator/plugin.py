"""The MkDocs adapter: validate first, add generated pages, hand data to the templates.

Everything else lives in the core modules, which do not import MkDocs.
"""

from __future__ import annotations

import gc
import os
import posixpath
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from jinja2 import BytecodeCache, Template
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer

from .campaigns import CAMPAIGNS_FILE
from .campaigns import URL_PREFIX as CAMPAIGNS_URL
from .content import Bulletin
from .errors import ContentError, Problem
from .feeds import FeedError, FeedFiles, feed_path, feed_site, render_feeds
from .glossary import GLOSSARY_FILE
from .i18n import _, ngettext
from .images import picture_size
from .incremental import Fingerprints, Fragments, PerBulletin, ReadCache, SharedReprs, digest
from .indexer import Indexer
from .listings import HOME_LATEST, PER_PAGE, ListingPage, listing_pages
from .preview import PreviewBuilds, SaidOnce, bulletin_error_page, stopped_page
from .redirects import Claim, plan_redirects
from .registry import TOPICS_FILE, UNITS_FILE
from .related import Reading, ReadingCache
from .search import BUNDLE_DIR, pages_size_bound, published, record_draft
from .site import Site, load_site
from .sitedir import Sweeper
from .vietnamese import VIETNAM, heading_slug

log = get_plugin_logger(__name__)

CAMPAIGNS_INDEX = f"{CAMPAIGNS_URL}index.md"
DEFAULT_NAV = [{"Trang chủ": "index.md"}, {"Đơn vị": "don-vi/index.md"}, {"Đợt kiểm điểm": CAMPAIGNS_INDEX},
               {"Chủ đề": "chu-de/index.md"},
               {"Nhân vật": "nhan-vat/index.md"}, {"Lưu trữ": "luu-tru/index.md"}]
REGISTRY_FILES = (UNITS_FILE, TOPICS_FILE, GLOSSARY_FILE, CAMPAIGNS_FILE)
COLLECT_AFTER = 0.5  # seconds after a preview build
# What a save, a new file, a deletion, a rename or a touch raise; not a read (the build reads every file).
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileAttribEvent, FileDeletedEvent, FileMovedEvent]


class BulletinsConfig(base.Config):
    per_page = c.Type(int, default=PER_PAGE)
    home_latest = c.Type(int, default=HOME_LATEST)
    feeds = c.Type(bool, default=True)
    # How `mkdocs serve` notices a save: the system's file events (inotify on Linux), or MkDocs' own polling,
    # for folders whose changes raise no events (network shares, some Docker mounts).
    watcher = c.Choice(("native", "polling"), default="native")


class _Tracked(File):
    """A page or file that a dirty build (``mkdocs serve --dirty``) writes again only when what it shows
    changed; MkDocs' own test compares modification times, which says nothing about generated pages."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept across the rebuilds of one ``mkdocs serve``: MkDocs makes a new Jinja
    environment for every build, which would compile every template again. An edited template's checksum
    differs, so it is compiled afresh."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _ListingOutsideNav(Page):
    """A unit's, topic's, person's or year's listing: its template renders all of it, so there is no
    Markdown to read and convert (a Markdown converter per page costs as much as the rest of the page)."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {"title": self.title}  # the templates print a meta title escaped

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.present_anchor_ids = set()


class _ContentErrors(PluginError):
    """The content's errors, said in the terminal one a line before this is raised (``BulletinsPlugin._stop``);
    the preview shows them at every address until a build succeeds."""

    def __init__(self, problems: list[Problem]):
        count = sum(problem.is_error for problem in problems)
        super().__init__(_plugin_message(ngettext(
            "the content has {count} error: nothing is built until it is fixed",
            "the content has {count} errors: nothing is built until they are fixed", count).format(count=count)))
        self.problems = problems


class BulletinsPlugin(BasePlugin[BulletinsConfig]):
    def __init__(self):
        # Kept across the rebuilds of one `mkdocs serve` (MkDocs keeps a plugin that has on_startup).
        self.cache = ReadCache()
        self.fingerprints = Fingerprints()
        self.fragments = Fragments()
        self.shared = SharedReprs()
        self.item_tokens: dict[str, str] = {}
        self.reading_cache = ReadingCache()
        self.feed_entries: PerBulletin[str] = PerBulletin()
        self.templates = _CompiledTemplates()
        self.card_template: Template | None = None
        self.serving = False
        self.dirty = False
        self.site_token = b""
        self.site: Site | None = None
        self.listings: dict[str, ListingPage] = {}
        self.bulletin_pages: dict[str, _Tracked] = {}  # by path, as handed to MkDocs at the last build
        self.reading: dict[str, Reading] = {}
        self.feeds = FeedFiles({}, {})
        self.indexer: Indexer | None = None
        self.unindexed: dict[str, Bulletin] = {}  # published bulletins not yet handed to the indexer, by path
        self.sweeper: Sweeper | None = None
        self.said = SaidOnce()
        self.builds = PreviewBuilds()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Watch with the system's file events, and never leave a browser waiting: MkDocs' server holds every
        request until a build succeeds, so a failed build is made one it goes on from (its ``builder``, a public
        attribute, is wrapped) and until a build succeeds every address answers with what stopped it."""
        if self.config.watcher == "native":
            _watch_natively(server)
        server.builder = self.builds.builder(server.builder, self._stopped_page)
        server.set_app(self.builds.app(server.get_app()))
        return server

    def _stopped_page(self, error: Exception) -> str:
        """What every address of the preview answers after a failed build. MkDocs has printed a build error
        (ours with the content's problems, said before) and raised ``Abort`` while handling it; any other error
        is printed here, where MkDocs' server would have printed it."""
        cause = error.__context__ if isinstance(error, Abort) and isinstance(error.__context__, BuildError) else error
        if cause is error:
            log.error(str(error), exc_info=None if isinstance(error, MkDocsException) else error)
        problems = cause.problems if isinstance(cause, _ContentErrors) else []
        return stopped_page(str(cause), [problem for problem in problems if problem.is_error])

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """First of all plugins: read and check all content before MkDocs cleans ``site/``.

        What is read here lives until the build ends, so Python's cyclic garbage collector is kept off it
        (``gc.freeze``): otherwise each of its full passes walks every bulletin, page and index again, which
        was a third of a preview rebuild at 10,000 bulletins. ``on_post_build`` hands it back.
        """
        gc.disable()
        try:
            self._read_site(config)
        finally:
            gc.freeze()
            gc.enable()
        return config

    def _read_site(self, config: MkDocsConfig) -> None:
        if not config.use_directory_urls:
            raise PluginError(_plugin_message(_("set use_directory_urls: true in mkdocs.yml (pages are at "
                                                "don-vi/<id>/ and so on)")))
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
        if config.nav is None:
            config.nav = DEFAULT_NAV
        self.fragments.clear()
        self.shared.clear()
        content_dir = Path(config.docs_dir)
        self.said.next_build()
        try:
            self.site = load_site(content_dir, datetime.now(VIETNAM), include_unpublished=self.serving,
                                  read=self.cache.reader(content_dir), keep_going=self.serving)
        except ContentError as error:
            raise self._stop(error.problems) from None
        if not self.site.campaigns:  # no campaign pages: a tab to them would be a broken link
            config.nav = _without_page(config.nav, CAMPAIGNS_INDEX)
        self.fingerprints.next_build()
        self._say([*self.site.warnings, *(problem for found in self.site.broken.values() for problem in found)])
        if count := len(self.site.draft_warnings):  # drafts are not published: they stop not even --strict
            log.info(ngettext(
                "{count} warning about drafts, which are not published: `.venv/bin/bulletins check` lists it",
                "{count} warnings about drafts, which are not published: `.venv/bin/bulletins check` lists them",
                count).format(count=count))
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        config.mdx_configs.setdefault("abbr", {})["glossary"] = self.site.glossary.terms
        registries = self.site.registries
        self.site_token = digest(list(registries.units), list(registries.topics), self.site.glossary.terms,
                                 dict(self.config), config.site_url, config.site_name, config.nav)
        pages = listing_pages(self.site, self.config.per_page, self.config.home_latest)
        self.listings = {page.src_uri: page for page in pages}
        self.reading = self.reading_cache.links(self.site.bulletins)
        self.feeds = FeedFiles({}, {})  # MkDocs reuses a plugin object across builds in one process
        if self.config.feeds:
            try:
                self.feeds = render_feeds(self.site, feed_site(config.site_url, config.site_name),
                                          entries=self.feed_entries)
            except FeedError as error:
                raise PluginError(_plugin_message(str(error))) from None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Empty ``site/`` in the background: MkDocs, cleaning it next, then finds nothing to delete."""
        if not self.dirty:
            self.sweeper = Sweeper(Path(config.site_dir))
            self.sweeper.start()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Drop registries and unpublished bulletins (and the content files only they use), give bulletins ASCII
        URLs, add listing pages and feeds. A preview shows a broken bulletin's problems at its address."""
        for name in REGISTRY_FILES:
            if registry := files.get_file_from_path(name):
                files.remove(registry)
        for path in [*(bulletin.path for bulletin in self.site.hidden), *self.site.broken]:
            files.remove(files.get_file_from_path(path))
        for url, problems in self.site.error_pages().items():
            page = bulletin_error_page(problems, url)
            files.append(self._track(_Tracked.generated(config, f"{url}index.html", content=page), page))
        content = [file.src_uri for file in files
                   if file.src_dir == config.docs_dir and not file.is_documentation_page()]
        for path in self.site.unpublished_files(content):
            files.remove(files.get_file_from_path(path))
        # How a bulletin appears in lists, made once: 5,000 listing pages show 20 bulletins each at 10,000.
        self.item_tokens = {bulletin.path: f"{bulletin.version} {self.site.status(bulletin).value}"
                            for bulletin in self.site.bulletins}
        pages = {}
        for bulletin in self.site.bulletins:
            original = files.get_file_from_path(bulletin.path)
            files.remove(original)
            pages[bulletin.path] = page = self._bulletin_page(bulletin, original, config)
            files.append(page)
        self.bulletin_pages = pages
        for src_uri, page in self.listings.items():
            self._add_listing(files, config, src_uri, page)
        for path, text in self.feeds.files.items():
            if files.get_file_from_path(path):
                raise PluginError(_plugin_message(_("{path} in the content folder clashes with a file the Atom "
                                                    "feeds add; rename or remove it").format(path=path)))
            files.append(self._track(_Tracked.generated(config, path, content=text), text))
        self._add_redirects(files, config)
        self._start_indexer(config)
        return files

    def _add_listing(self, files: Files, config: MkDocsConfig, src_uri: str, page: ListingPage) -> None:
        if written := files.get_file_from_path(src_uri):
            if page.kind != "home":
                raise PluginError(_plugin_message(_("{path} in the content folder clashes with the generated page "
                                                    "/{url}; rename or remove it").format(path=src_uri, url=page.url)))
            # A hand-written home page keeps its text; the latest bulletins follow it.
            files.remove(written)
            home = _Tracked(src_uri, written.src_dir, written.dest_dir, config.use_directory_urls)
            files.append(self._track(home, *self._shown_on_listing(page), os.stat(home.abs_src_path).st_mtime_ns))
            return
        if page.in_nav:
            files.append(self._track(_Tracked.generated(config, src_uri, content=page.markdown),
                                     *self._shown_on_listing(page)))
            return
        dest_uri = f"{page.url}index.html"
        changed = self._changed(dest_uri, *self._shown_on_listing(page))
        if not changed and self.serving and self.dirty and os.path.isfile(os.path.join(config.site_dir, dest_uri)):
            return  # a preview keeps the page as written; MkDocs need not even walk past it
        generated = _Tracked.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        generated.changed = changed
        _ListingOutsideNav(page.title, generated, config)
        files.append(generated)

    def _shown_on_page(self, bulletin) -> tuple:
        """Everything a bulletin's page shows besides its own text: names, status, links to other pages."""
        people = [self.site.people.url_by_key.get(person.key) for person in bulletin.participants]
        units = [self.shared(unit) for unit in bulletin.units]
        topics = [self.shared(topic) for topic in bulletin.topics]
        return bulletin, units, topics, self.site.status(bulletin), self.reading.get(bulletin.path), people

    def _shown_on_listing(self, page: ListingPage) -> tuple:
        """What a listing page shows (every field of it); the parts its other pages (``trang/N/``) show too
        are shared."""
        pager = (page.pager.number, self.shared(page.pager.urls)) if page.pager else None
        items = [self.item_tokens[item.path] for item in page.items]
        subject, extra = self.shared(page.subject), self.shared(page.extra)
        return page.kind, page.url, page.title, items, page.total, subject, pager, extra

    def _bulletin_page(self, bulletin: Bulletin, original: File, config: MkDocsConfig) -> _Tracked:
        """A bulletin's page. One that shows the same as at the previous build of a preview keeps its file and
        page objects: MkDocs makes a page object for every file it is not handed one with, and making 10,000
        of each was a tenth of a rebuild."""
        dest_uri = f"{bulletin.url}index.html"
        changed = self._changed(dest_uri, *self._shown_on_page(bulletin))
        kept = self.bulletin_pages.get(bulletin.path)
        if changed or kept is None or (kept.src_dir, kept.dest_dir) != (original.src_dir, original.dest_dir):
            kept = _Tracked(bulletin.path, original.src_dir, original.dest_dir, config.use_directory_urls,
                            dest_uri=dest_uri, inclusion=InclusionLevel.NOT_IN_NAV)
        kept.changed = changed
        return kept

    def _track(self, file: _Tracked, *shown) -> _Tracked:
        file.changed = self._changed(file.dest_uri, *shown)
        return file

    def _changed(self, dest_uri: str, *shown) -> bool:
        """Whether what the page or file shows differs from the previous build."""
        return self.fingerprints.record(dest_uri, (self.site_token, *shown))

    def _add_redirects(self, files: Files, config: MkDocsConfig) -> None:
        """A redirect page for each bulletin's ``aliases``; an alias at the address of any file is an error."""
        taken = {file.dest_uri: (Claim.FILE, file.src_uri) for file in files}
        taken.update((f"{listing.url}index.html", (Claim.PAGE, listing.url)) for listing in self.listings.values())
        redirects, problems = plan_redirects(self.site.bulletins, taken)
        if problems:
            raise self._stop(problems)
        for redirect in redirects:
            text = redirect.html(config.site_url)
            files.append(self._track(_Tracked.generated(config, redirect.file, content=text), text))

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """Bulletins were already read (UTF-8, NFC, LF) and their front-matter checked: hand MkDocs the text
        after it. The blank line first tells MkDocs there is no front-matter to read."""
        bulletin = self.site.by_path.get(page.file.src_uri)
        return "\n" + bulletin.body if bulletin else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A bulletin's fields are ours: Material would print ``author`` and ``description`` unescaped and
        obey ``template`` or ``hide``, so its templates see only the title."""
        bulletin = self.site.by_path.get(page.file.src_uri)
        if bulletin is not None:
            page.meta = {"title": bulletin.title}
        return markdown

    def _start_indexer(self, config: MkDocsConfig) -> None:
        """Start the search index's process, which takes each published bulletin as MkDocs renders it.

        A dirty preview indexes once, at its first build: a save then shows in seconds, and search finds
        the text as it was when the preview started. A dirty ``mkdocs build`` indexes again: a bulletin made a
        draft since the last build must leave site/pagefind/.
        """
        bundle = Path(config.site_dir) / BUNDLE_DIR
        if self.serving and self.dirty and bundle.is_dir():
            return
        self.unindexed = {bulletin.path: bulletin for bulletin in published(self.site)}
        self.indexer = Indexer(bundle, pages_size_bound(self.site))

    def _index(self, bulletin: Bulletin, body: str) -> None:
        draft = record_draft(bulletin, self.site.registries.tree, self.site.people, self.site.campaigns_of(bulletin))
        self.indexer.add(draft, body)

    @event_priority(-100)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """After every other plugin: hand a published bulletin's HTML to the search index, and let its
        Markdown go (MkDocs would hold every page's source until the build ends; the bulletin keeps its text)."""
        bulletin = self.site.by_path.get(page.file.src_uri)
        if bulletin is not None:
            page.markdown = None
            if self.indexer is not None and self.unindexed.pop(bulletin.path, None):
                self._index(bulletin, html)
        return html

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page's Markdown is rendered now: the search index gets the bulletins MkDocs did not render in
        this build (``--dirty``) as Markdown and is written while MkDocs renders the templates (compiled once
        per process)."""
        env.bytecode_cache = self.templates
        env.globals["chrome"] = _render_in_place  # pages MkDocs renders without a page context (404.html)
        self.card_template = env.get_template("bulletins/card.html")
        if self.indexer is not None:
            for bulletin in self.unindexed.values():
                self._index(bulletin, bulletin.body)
            self.unindexed = {}
            self.indexer.close()
        return env

    @event_priority(50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Before other plugins' post-build work: wait for ``pagefind/`` to be complete.

        A dirty build also deletes the pages of bulletins deleted or unpublished since the last build.
        """
        if self.dirty:
            for dest_uri in self.fingerprints.gone():
                Path(config.site_dir, dest_uri).unlink(missing_ok=True)
        self._finish_sweep()
        self._release_memory()
        indexer, self.indexer = self.indexer, None
        if indexer is None:
            return
        try:
            stats = indexer.finish()
        except Exception as error:
            raise PluginError(_plugin_message(_("the search index could not be written: {error}").format(
                error=error))) from error
        log.info(_("search: {pages} bulletins indexed by Pagefind in {seconds} s, alongside the pages; the build "
                   "waited {waited} s for it. {variants} of {words} words are also indexed as typed without đ or "
                   "with the tone moved").format(pages=stats.pages, seconds=f"{stats.seconds:.1f}",
                                                  waited=f"{indexer.waited:.1f}", variants=stats.variants,
                                                  words=stats.words))

    def on_build_error(self, error: Exception) -> None:
        """A failed build leaves no indexer or sweep running, the next one writes every page again, and the
        problems it said stay said."""
        self.said.build_failed()
        self.fingerprints.invalidate()
        self.bulletin_pages = {}
        self._finish_sweep()
        self._release_memory()
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abort()

    def _say(self, problems: Iterable[Problem]) -> None:
        """Each problem in the terminal, one a line; a preview's rebuild leaves out those said at the last one."""
        for problem in self.said.new(problems):
            (log.error if problem.is_error else log.warning)(str(problem))

    def _stop(self, problems: list[Problem]) -> _ContentErrors:
        """The error that stops the build, once its problems are said."""
        self._say(problems)
        return _ContentErrors(problems)

    def _release_memory(self) -> None:
        """Hand what this build read back to the garbage collector. A preview collects it a moment after the
        build, while it waits for the next save: the server shows no page until a build has ended, and the
        collection would be a tenth of a rebuild if it ran inside the next one."""
        gc.unfreeze()
        if self.serving:
            collect = threading.Timer(COLLECT_AFTER, gc.collect)
            collect.daemon = True
            collect.start()

    def _card_renderer(self, page_url: str) -> Callable[..., Markup]:
        """``card(item, role, thumbnail)``: a bulletin's card in a list, rendered once per build for each page
        depth (``Fragments``). Its links start from the site root (``../../don-vi/x/``), so one rendering
        serves every page at that depth; MkDocs would write some of them shorter (``../x/``), to the same
        place. An added bulletin moves every card of its units' and topics' pages to the next page: without
        sharing, each move rendered the card again."""
        root = _root_path(page_url)
        shared = self.fragments.renderer(root)

        def card(item: Bulletin, role: str | None = None, thumbnail: bool = False) -> Markup:
            def make() -> Markup:
                # With no page, MkDocs' url filter joins a path to base_url: the root path here.
                return Markup(self.card_template.render(item=item, role=role, thumbnail=thumbnail, page=None,
                                                        base_url=root, bulletin_status_of=self.site.status))

            if role is not None:  # a person's role in that bulletin: this card is shown once
                return make()
            return shared(f"card {item.path} {thumbnail}", make)

        return card

    def _finish_sweep(self) -> None:
        sweeper, self.sweeper = self.sweeper, None
        if sweeper is not None:
            sweeper.finish()

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        bulletin = self.site.by_path.get(page.file.src_uri)
        context["bulletin"] = bulletin
        outside_nav = page.file.inclusion.is_not_in_nav()
        context["chrome"] = self.fragments.renderer(_link_key(page.url)) if outside_nav else _render_in_place
        context["bulletin_status"] = self.site.status(bulletin).value if bulletin else None
        context["listing"] = listing = self.listings.get(page.file.src_uri)
        context["listing_feed"] = self.feeds.feeds.get(feed_path(listing.subject)) if listing else None
        context["bulletin_status_of"] = self.site.status
        context["card"] = self._card_renderer(page.url)
        context["reading"] = self.reading.get(page.file.src_uri)
        context["person_url"] = self.site.people.url_by_key
        context["abbreviations"] = self.site.glossary.used_in(bulletin.body) if bulletin else []
        picture = bulletin.image if bulletin else None  # width and height on its <img>: no jump as it loads
        context["picture_size"] = picture_size(Path(config.docs_dir) / picture) if picture else None
        return context


class _NativeObserver(Observer):
    """The system's file events, started by ``_watch_natively`` already when MkDocs' server starts it."""

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def _watch_natively(server: LiveReloadServer) -> None:
    """Move what MkDocs' server watches to the system's file events, before the server starts.

    MkDocs polls: every half second it lists and stats every file of the content folder (10,000 bulletins: a
    tenth of a second of a core each time, taken from a rebuild), and a save waits up to half a second to be
    seen. The server keeps its watches in ``_watch_refs`` (MkDocs 1.6, which is no longer developed). The
    watches are started here, so that where the system refuses one (its limit of watches reached, a folder
    gone) the server keeps polling instead of failing as it starts.
    """
    polling, native = server.observer, _NativeObserver()
    moved = {}
    for path, watch in server._watch_refs.items():
        for handler in polling._handlers.get(watch, ()):
            moved[path] = native.schedule(handler, path, recursive=watch.is_recursive, event_filter=CHANGES)
    try:
        native.start()
    except OSError as error:
        native.unschedule_all()
        log.warning(_("the system's file events cannot watch everything ({error}): the preview polls for changes; "
                      "write `watcher: polling` under `- bulletins:` in mkdocs.yml to go straight to polling").format(
            error=error))
        return
    for watch in server._watch_refs.values():
        polling.unschedule(watch)
    server._watch_refs.update(moved)
    server.observer = native


def _without_page(nav: list, src_uri: str) -> list:
    """The nav without its entries for the page ``src_uri``, and without sections left empty by that."""
    kept = []
    for entry in nav:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, list):
            target = _without_page(target, src_uri)
            if not target:
                continue
        elif posixpath.normpath(target) == src_uri:
            continue
        kept.append(target if title is None else {title: target})
    return kept


def _render_in_place(name: str, make: Callable[[], str]) -> str:
    """``chrome`` for a page that shares no part with others: each part rendered where it stands."""
    return make()


def _root_path(url: str) -> str:
    """The relative path from the page at ``url`` to the site root: ``../..`` from ``don-vi/x/``."""
    depth = len(url.strip("/").split("/")) if url.strip("/") else 0
    return "/".join([".."] * depth)


def _link_key(url: str) -> str:
    """Pages with the same key get the same relative links to the nav's sections and the assets.

    MkDocs writes each link relative to the page: ``don-vi/`` is ``../`` from ``don-vi/x/`` but
    ``../../don-vi/`` from ``luu-tru/2012/``. The targets are the site root, the sections and the assets,
    all one folder deep, so the page's first folder and its depth decide every link.
    """
    parts = url.strip("/").split("/")
    return f"{parts[0]}/{len(parts)}"


def _plugin_message(message: str) -> str:
    """What the build stops with, naming the plugin: MkDocs prints it after ``ERROR -``."""
    return f"bulletins: {message}"
