"""The search index's process fed from MkDocs' hooks: started with every published bulletin's draft as soon as the
site is read (a record's text is made from its Markdown, not from what MkDocs renders), told where its bundle goes
with the files, waited for after the build, stopped by a failed one."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ..i18n import _
from ..indexer import Indexer
from ..search import BUNDLE_DIR, pages_size_bound, site_drafts
from ..site import Site
from .problems import plugin_error

log = get_plugin_logger(__name__)


class Indexing:
    """One build's indexing, if it indexes at all."""

    def __init__(self):
        self.indexer: Indexer | None = None
        self._prepared: Indexer | None = None

    def prepare(self, site: Site, previous_site: Path | None) -> None:
        """Start the process with the drafts as soon as the build has read the site: it indexes what the bundle
        in ``previous_site``, the output the build starts from (if any), lacks while the build waits for its own
        output folder (under ``bulletins publish``) and reads what it needs."""
        previous = None if previous_site is None else previous_site / BUNDLE_DIR
        self._prepared = Indexer(pages_size_bound(site), site_drafts(site), previous)

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
                prepared.abort()
            return
        indexer = prepared or Indexer(pages_size_bound(site), site_drafts(site))
        indexer.send(bundle)
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
            prepared.abort()
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abort()
