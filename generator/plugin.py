"""The MkDocs adapter: validate first, add generated pages, hand data to the templates.

Everything else lives in the core modules, which do not import MkDocs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .errors import ContentError
from .listings import HOME_LATEST, PER_PAGE, ListingPage, listing_pages
from .registry import TOPICS_FILE, UNITS_FILE
from .site import Site, load_site
from .vietnamese import VIETNAM, heading_slug

log = get_plugin_logger(__name__)

DEFAULT_NAV = [{"Trang chủ": "index.md"}, {"Đơn vị": "don-vi/index.md"}, {"Chủ đề": "chu-de/index.md"}]
REGISTRY_FILES = (UNITS_FILE, TOPICS_FILE)


class BulletinsConfig(base.Config):
    per_page = c.Type(int, default=PER_PAGE)
    home_latest = c.Type(int, default=HOME_LATEST)


class BulletinsPlugin(BasePlugin[BulletinsConfig]):
    def __init__(self):
        self.serving = False
        self.site: Site | None = None
        self.listings: dict[str, ListingPage] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """First of all plugins: read and check all content before MkDocs cleans ``site/``."""
        if not config.use_directory_urls:
            raise PluginError("bulletins: set use_directory_urls: true (pages are at don-vi/<id>/ and so on)")
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
        if config.nav is None:
            config.nav = DEFAULT_NAV
        try:
            self.site = load_site(Path(config.docs_dir), datetime.now(VIETNAM), include_unpublished=self.serving)
        except ContentError as error:
            raise PluginError(f"bulletins: the content has errors:\n{error.report()}") from None
        for warning in self.site.warnings:
            log.warning(str(warning))
        pages = listing_pages(self.site, self.config.per_page, self.config.home_latest)
        self.listings = {page.src_uri: page for page in pages}
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Drop registries and unpublished bulletins, give bulletins ASCII URLs, add listing pages."""
        for name in REGISTRY_FILES:
            if registry := files.get_file_from_path(name):
                files.remove(registry)
        for bulletin in self.site.hidden:
            files.remove(files.get_file_from_path(bulletin.path))
        for bulletin in self.site.bulletins:
            original = files.get_file_from_path(bulletin.path)
            files.remove(original)
            files.append(File(bulletin.path, original.src_dir, original.dest_dir, config.use_directory_urls,
                              dest_uri=f"{bulletin.url}index.html", inclusion=InclusionLevel.NOT_IN_NAV))
        for src_uri, page in self.listings.items():
            if files.get_file_from_path(src_uri):
                if page.kind == "home":
                    continue  # a hand-written home page keeps its text; the latest bulletins follow it
                raise PluginError(f"bulletins: {src_uri} in the content folder clashes with the generated "
                                  f"page /{page.url}; rename or remove it")
            inclusion = InclusionLevel.NOT_IN_NAV if page.pager else InclusionLevel.INCLUDED
            files.append(File.generated(config, src_uri, content=page.markdown, inclusion=inclusion))
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """Bulletins were already read (UTF-8, NFC, LF): hand MkDocs that text."""
        bulletin = self.site.by_path.get(page.file.src_uri)
        return bulletin.text if bulletin else None

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        bulletin = self.site.by_path.get(page.file.src_uri)
        context["bulletin"] = bulletin
        context["bulletin_status"] = self.site.status(bulletin).value if bulletin else None
        context["listing"] = self.listings.get(page.file.src_uri)
        context["bulletin_status_of"] = self.site.status
        return context
