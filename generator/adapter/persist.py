"""A build that leaves what the next one needs, and a dirty build that gives the same folder as a full one.

``mkdocs build`` (not the preview, which builds into a folder of its own) keeps the bulletins it read in the
project's cache folder and writes what each page showed into the output folder (``buildcache``). A
``mkdocs build --dirty`` in a new process then reads only the bulletins whose files changed and writes only the
pages that show something new; it also deletes what a full build would not write, so both give the same files.

A dirty build never writes a file in place: it removes each file before writing it again, so that a copy of
the live site made of hard links (``bulletins publish``) can be built into without touching the live site.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..buildcache import (
    CACHE_FOLDER,
    STATE_FILE,
    files_key,
    forget_state,
    load_caches,
    program_key,
    read_state,
    save_caches,
    write_state,
)
from ..incremental import Fingerprints, ReadCache
from ..related import ReadingCache
from ..search import BUNDLE_DIR


def config_key(config: MkDocsConfig) -> str:
    """Changes with the program, ``mkdocs.yml`` and any file of the theme's custom folder."""
    config_file = Path(config.config_file_path).resolve()
    theme = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    theme_files = sorted(path for path in theme.rglob("*") if path.is_file()) if theme else []
    return files_key(theme_files, theme, extra=[program_key(), files_key([config_file], config_file.parent)])


class Persistence:
    """One build's side of what is kept between builds; does nothing in a preview."""

    def __init__(self):
        self.enabled = False
        self.dirty = False
        self.site_dir = Path()
        self.key = ""
        self.written: dict[str, str] = {}  # the state found in site_dir when the build started
        self.files: Files | None = None

    def start(self, config: MkDocsConfig, serving: bool, dirty: bool) -> None:
        """Before MkDocs touches the output folder: read its state, then remove it until the build ends."""
        self.enabled, self.dirty = not serving, dirty and not serving
        if not self.enabled:
            return
        self.site_dir, self.key = Path(config.site_dir), config_key(config)
        self.written = read_state(self.site_dir, self.key) if self.dirty else {}
        forget_state(self.site_dir)

    @property
    def starts_afresh(self) -> bool:
        """A dirty build in a folder that no build of this program, configuration and theme left whole: its files
        may be stale in ways their dates do not show (an upgraded theme's), so it is emptied as for a full build."""
        return self.dirty and not self.written

    def restore(self, fingerprints: Fingerprints, files: Files) -> bool:
        """The pages written by the build that left the output folder count as the previous build; whether
        there were any (then unchanged pages keep their files)."""
        self.files = files
        if self.dirty:
            fingerprints.restore(self.written)
        return self.dirty and bool(self.written)

    def clear_way(self, files: Files) -> None:
        """Remove what this build is about to write (pages, copies, feeds), so it writes new files."""
        if not self.dirty:
            return
        for file in files:
            if file.is_modified():
                _remove(file.abs_dest_path)

    def clear_template(self, template_name: str) -> None:
        """The same for a template MkDocs renders on every build (``sitemap.xml`` and its ``.gz``, ``404.html``)."""
        if self.dirty:
            for name in (template_name, f"{template_name}.gz"):
                _remove(self.site_dir / name)

    def finish(self, fingerprints: Fingerprints, config: MkDocsConfig, caches: tuple[ReadCache, ReadingCache]
               ) -> None:
        """The build ended: delete what a full build would not have written, note what each page shows, and
        keep the bulletins read for the next build if any was read anew."""
        if not self.enabled:
            return
        if self.dirty:
            self._delete_stale(config)
        write_state(self.site_dir, self.key, fingerprints.digests())
        save_caches(cache_folder(config), caches)

    def _delete_stale(self, config: MkDocsConfig) -> None:
        """Files of earlier builds that this one did not make: a deleted bulletin's or image's, a unit's that is
        gone. Left alone as a full build leaves them: hidden entries at the top and the search index (the
        indexer keeps it)."""
        expected = {file.dest_uri for file in self.files}
        expected.update(config.theme.static_templates, config.extra_templates, ["sitemap.xml.gz", STATE_FILE])
        for folder, subfolders, names in os.walk(self.site_dir, topdown=True):
            relative = os.path.relpath(folder, self.site_dir)
            if relative == ".":
                subfolders[:] = [name for name in subfolders if not name.startswith(".") and name != BUNDLE_DIR]
                names = [name for name in names if not name.startswith(".")]
            for name in names:
                path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                if path not in expected:
                    _remove(os.path.join(folder, name))
        _remove_empty_folders(self.site_dir)


def cache_folder(config: MkDocsConfig) -> Path:
    """Where builds keep what they read for the next: beside ``mkdocs.yml``."""
    return Path(config.config_file_path).resolve().parent / CACHE_FOLDER


def load_read_caches(config: MkDocsConfig) -> tuple[ReadCache, ReadingCache]:
    return load_caches(cache_folder(config))


def _remove(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _remove_empty_folders(site_dir: Path) -> None:
    """Folders left empty by ``_delete_stale`` (MkDocs makes no empty folder); others refuse ``rmdir``."""
    for folder, _subfolders, _names in os.walk(site_dir, topdown=False):
        if Path(folder) != site_dir:
            with contextlib.suppress(OSError):
                os.rmdir(folder)
