"""The search index's process fed from MkDocs' hooks: its drafts made with the site, the process started with the
files and handed every published bulletin at once (a record's text is made from its Markdown, not from what MkDocs
renders), waited for after the build, stopped by a failed one."""

from __future__ import annotations

import io
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..i18n import _
from ..indexer import Indexer, pickled_drafts
from ..search import BUNDLE_DIR, pages_size_bound, site_drafts
from ..site import Site
from .problems import plugin_error

log = get_plugin_logger(__name__)


class Indexing:
    """One build's indexing, if it indexes at all."""

    def __init__(self):
        self.indexer: Indexer | None = None
        self._prepared: tuple[io.BytesIO, Indexer] | None = None

    def prepare(self, site: Site) -> None:
        """Make the drafts and start the process while the build reads the site: under ``bulletins publish`` the
        build then waits for its output folder, where the index is, and this is done meanwhile."""
        self._prepared = pickled_drafts(site_drafts(site)), Indexer(pages_size_bound(site))

    def start(self, site: Site, site_dir: str, keep_index: bool) -> None:
        """Start the search index's process and hand it every published bulletin, unless ``keep_index`` (a dirty
        preview) and there is an index.

        A dirty preview indexes once, at its first build: a save then shows in seconds, and search finds
        the text as it was when the preview started. A dirty ``mkdocs build`` updates the index: a bulletin made a
        draft since the last build must leave site/pagefind/, and the parts nothing changed in are kept.
        """
        prepared, self._prepared = self._prepared, None
        bundle = Path(site_dir) / BUNDLE_DIR
        if keep_index and bundle.is_dir():
            if prepared is not None:
                prepared[1].abort()
            return
        drafts, indexer = prepared or (pickled_drafts(site_drafts(site)), Indexer(pages_size_bound(site)))
        indexer.send(bundle, drafts)
        self.indexer = indexer

    def finish(self) -> None:
        """Wait for ``pagefind/`` to be complete, and say how much of it was indexed again and how long it took."""
        indexer, self.indexer = self.indexer, None
        if indexer is None:
            return
        try:
            stats = indexer.finish()
        except Exception as error:
            raise plugin_error(_("the search index could not be written: {error}").format(error=error)) from error
        log.info(_("search: {parts} parts, {kept} kept from the last build, {indexed} indexed again ({pages} "
                   "bulletins) in {seconds} s, alongside the pages; the build waited {waited} s for it").format(
            parts=stats.parts, kept=stats.kept, indexed=stats.parts - stats.kept, pages=stats.pages,
            seconds=f"{stats.seconds:.1f}", waited=f"{indexer.waited:.1f}"))

    def abort(self) -> None:
        prepared, self._prepared = self._prepared, None
        if prepared is not None:
            prepared[1].abort()
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abort()
