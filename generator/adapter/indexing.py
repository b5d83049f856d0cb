"""The search index's process fed from MkDocs' hooks: started with the files, handed each published bulletin
as MkDocs renders it, waited for after the build, stopped by a failed one."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..content import Bulletin
from ..i18n import _
from ..indexer import Indexer
from ..search import BUNDLE_DIR, pages_size_bound, published, record_draft
from ..site import Site
from .problems import plugin_error

log = get_plugin_logger(__name__)


class Indexing:
    """One build's indexing, if it indexes at all."""

    def __init__(self):
        self.site: Site | None = None
        self.indexer: Indexer | None = None
        self.unindexed: dict[str, Bulletin] = {}  # published bulletins not yet handed to the indexer, by path

    def start(self, site: Site, site_dir: str, keep_index: bool) -> None:
        """Start the search index's process, unless ``keep_index`` (a dirty preview) and there is one.

        A dirty preview indexes once, at its first build: a save then shows in seconds, and search finds
        the text as it was when the preview started. A dirty ``mkdocs build`` indexes again: a bulletin made a
        draft since the last build must leave site/pagefind/.
        """
        bundle = Path(site_dir) / BUNDLE_DIR
        if keep_index and bundle.is_dir():
            return
        self.site = site
        self.unindexed = {bulletin.path: bulletin for bulletin in published(site)}
        self.indexer = Indexer(bundle, pages_size_bound(site))

    def rendered(self, bulletin: Bulletin, html: str) -> None:
        """A bulletin's HTML, as MkDocs rendered it: indexed if it is published and not indexed yet."""
        if self.indexer is not None and self.unindexed.pop(bulletin.path, None):
            self._index(bulletin, html)

    def all_rendered(self) -> None:
        """Every page's Markdown is rendered: the bulletins MkDocs did not render (``--dirty``) are indexed
        as Markdown and the index is written while MkDocs renders the templates."""
        if self.indexer is None:
            return
        for bulletin in self.unindexed.values():
            self._index(bulletin, bulletin.body)
        self.unindexed = {}
        self.indexer.close()

    def finish(self) -> None:
        """Wait for ``pagefind/`` to be complete, and say how long it took."""
        indexer, self.indexer = self.indexer, None
        if indexer is None:
            return
        try:
            stats = indexer.finish()
        except Exception as error:
            raise plugin_error(_("the search index could not be written: {error}").format(error=error)) from error
        log.info(_("search: {pages} bulletins indexed by Pagefind in {seconds} s, alongside the pages; the build "
                   "waited {waited} s for it. {variants} of {words} words are also indexed as typed without đ or "
                   "with the tone moved").format(pages=stats.pages, seconds=f"{stats.seconds:.1f}",
                                                  waited=f"{indexer.waited:.1f}", variants=stats.variants,
                                                  words=stats.words))

    def abort(self) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abort()

    def _index(self, bulletin: Bulletin, body: str) -> None:
        site = self.site
        self.indexer.add(record_draft(bulletin, site.registries.tree, site.people, site.campaigns_of(bulletin)), body)
