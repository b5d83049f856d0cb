"""The MkDocs plugin: its hooks, each handing the work to the core or to an object of ``adapter/``.

The core modules do not import MkDocs; ``adapter/`` holds what does besides this file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .adapter.caches import PackedHtml, Rendering, kept_from_collector, release_memory
from .adapter.config import BulletinsConfig, fit_config_to, prepare_config
from .adapter.indexing import Indexing
from .adapter.pages import GeneratedPages, Tracked, site_token, sitemap
from .adapter.persist import Persistence, cache_folder, load_read_caches, previous_output, save_read_caches
from .adapter.preview import serve
from .adapter.problems import Problems, plugin_error
from .errors import ContentError
from .feeds import FeedError, FeedFiles, feed_path, feed_site, render_feeds
from .images import picture_size
from .incremental import PerBulletin, ReadCache
from .indexer import Indexer
from .listings import listing_pages
from .preview import PreviewBuilds
from .related import ReadingCache
from .search import BUNDLE_DIR
from .site import Site, load_site
from .sitedir import Sweeper
from .vietnamese import VIETNAM


class BulletinsPlugin(BasePlugin[BulletinsConfig]):
    def __init__(self):
        # Kept across the rebuilds of one `mkdocs serve` (MkDocs keeps a plugin that has on_startup), and from
        # one build to the next in the project's cache folder (read at the first build).
        self.cache: ReadCache | None = None
        self.reading_cache: ReadingCache | None = None
        self.persistence = Persistence()
        self.feed_entries: PerBulletin[str] = PerBulletin()
        self.rendering = Rendering()
        self.packed_html = PackedHtml()
        self.pages = GeneratedPages()
        self.problems = Problems()
        self.builds = PreviewBuilds()
        self.indexing = Indexing()
        self.serving = False
        self.dirty = False
        self.site: Site | None = None
        self.feeds = FeedFiles({}, {})
        self.sweeper: Sweeper | None = None

    @property
    def bulletin_pages(self) -> dict[str, Tracked]:
        """The bulletins' pages as handed to MkDocs at the last build, by path."""
        return self.pages.bulletin_pages

    @property
    def indexer(self) -> Indexer | None:
        """The search index's process while a build runs; None once it is waited for or stopped."""
        return self.indexing.indexer

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.pages.fingerprints.keep_values = self.serving  # a preview compares what pages show in memory

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Watch with the system's file events, and never leave a browser waiting: MkDocs' server holds every
        request until a build succeeds, so a failed build is made one it goes on from (its ``builder``, a public
        attribute, is wrapped) and until a build succeeds every address answers with what stopped it."""
        return serve(server, self.builds, self.config.watcher)

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """First of all plugins: read and check all content before MkDocs cleans ``site/``. What is read lives
        until the build ends, kept out of the garbage collector's passes till ``on_post_build``."""
        with kept_from_collector():
            self._read_site(config)
        return config

    def _read_site(self, config: MkDocsConfig) -> None:
        prepare_config(config)
        if self.cache is None:
            self.cache, self.reading_cache = load_read_caches(config)
        self.rendering.next_build()
        self.packed_html.clear()
        content_dir = Path(config.docs_dir)
        self.problems.next_build()
        try:
            self.site = load_site(content_dir, datetime.now(VIETNAM), include_unpublished=self.serving,
                                  read=self.cache.reader(content_dir), keep_going=self.serving)
        except ContentError as error:
            raise self.problems.stop(error.problems) from None
        fit_config_to(config, self.site)
        self.problems.say_site(self.site)
        self.pages.next_build(self.site, site_token(self.site, self.config, config),
                              listing_pages(self.site, self.config.per_page, self.config.home_latest),
                              self.reading_cache.links(self.site.bulletins))
        if not (self.serving and self.dirty):  # a dirty preview indexes at its first build only
            self.indexing.prepare(self.site, previous_output(config, self.dirty))
        if not self.serving:  # now, while the build holds least: pickling them at its end was its peak (+90 MB)
            save_read_caches(config, (self.cache, self.reading_cache))
        self.feeds = FeedFiles({}, {})  # MkDocs reuses a plugin object across builds in one process
        if self.config.feeds:
            try:
                self.feeds = render_feeds(self.site, feed_site(config.site_url, config.site_name),
                                          entries=self.feed_entries)
            except FeedError as error:
                raise plugin_error(str(error)) from None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Take the state an earlier build left in ``site/``; empty it in the background unless a dirty build can
        start from it: MkDocs, cleaning it next, then finds nothing to delete. A dirty build that cannot (another
        template, configuration or program) keeps the search index's parts: each is checked and kept only if it
        holds what it is named for."""
        self.persistence.start(config, self.serving, self.dirty)
        if not self.dirty or self.persistence.starts_afresh:
            self.sweeper = Sweeper(Path(config.site_dir), keep=(BUNDLE_DIR,) if self.dirty else ())
            self.sweeper.start()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Put the plugin's pages in place of the content's and beside them, then start the search index."""
        restored = self.persistence.restore(self.pages.fingerprints, files)
        self.pages.keep_written = restored or self.serving and self.dirty
        self.pages.add_to(files, config, self.feeds.files, self.problems.stop)
        self.indexing.start(self.site, config.site_dir, keep_index=self.serving and self.dirty)
        return files

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

    @event_priority(-100)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """After every other plugin: let a bulletin's Markdown go (MkDocs would hold every page's source until the
        build ends; the bulletin keeps its text) and hold its HTML packed until the page is rendered."""
        if page.file.src_uri in self.site.by_path:
            page.markdown = None
            return self.packed_html.hold(page, html)
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A bulletin's HTML goes once its page is made: MkDocs would keep every page's HTML to the end."""
        if page.file.src_uri in self.site.by_path:
            page.content = None
        return output

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page's Markdown is rendered now: the templates, compiled once (kept on disk between builds, in
        memory in a preview), and ``chrome``. A dirty build removes what it will write."""
        self.rendering.prepare(env, None if self.serving else cache_folder(config) / "templates")
        self.persistence.clear_way(files)
        return env

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """``sitemap.xml`` and ``404.html`` are written on every build: as new files (see ``clear_way``). The
        sitemap lists the pages a dirty build keeps too."""
        self.persistence.clear_template(template_name)
        return sitemap(self.pages.files, config.site_url) if template_name == "sitemap.xml" else output_content

    @event_priority(50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Before other plugins' post-build work: wait for ``pagefind/`` to be complete. A dirty build also
        deletes the pages of bulletins deleted or unpublished since the last build."""
        if self.dirty:
            self.pages.delete_gone(config.site_dir)
        self._finish_sweep()
        self.indexing.finish()
        self.persistence.finish(self.pages.fingerprints, config)
        release_memory(self.serving)

    def on_build_error(self, error: Exception) -> None:
        """A failed build leaves no indexer or sweep running, the next one writes every page again, and the
        problems it said stay said."""
        self.problems.build_failed()
        self.pages.invalidate()
        self._finish_sweep()
        release_memory(self.serving)
        self.indexing.abort()

    @event_priority(100)
    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        """Before other plugins: a bulletin's HTML back in its page, and what the templates show besides."""
        self.packed_html.give_back(page)
        bulletin = self.site.by_path.get(page.file.src_uri)
        context["bulletin"] = bulletin
        context["chrome"] = self.rendering.chrome(page)
        context["bulletin_status"] = self.site.status(bulletin).value if bulletin else None
        context["listing"] = listing = self.pages.listings.get(page.file.src_uri)
        context["listing_feed"] = self.feeds.feeds.get(feed_path(listing.subject)) if listing else None
        context["bulletin_status_of"] = self.site.status
        context["card"] = self.rendering.card_renderer(page.url, self.site)
        context["reading"] = self.pages.reading.get(page.file.src_uri)
        context["person_url"] = self.site.people.url_by_key
        context["abbreviations"] = self.site.glossary.used_in(bulletin.body) if bulletin else []
        picture = bulletin.image if bulletin else None  # width and height on its <img>: no jump as it loads
        context["picture_size"] = picture_size(Path(config.docs_dir) / picture) if picture else None
        return context

    def _finish_sweep(self) -> None:
        sweeper, self.sweeper = self.sweeper, None
        if sweeper is not None:
            sweeper.finish()
