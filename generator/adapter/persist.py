"""A build that leaves what the next one needs, and a dirty build that gives the same folder as a full one.

``mkdocs build`` (not the preview, which builds into a folder of its own) keeps the bulletins it read in the
project's cache folder and writes what each page showed into the output folder (``buildcache``). A
``mkdocs build --dirty`` in a new process then reads only the bulletins whose files changed and writes only the
pages that show something new; it also deletes the files of the last build that a full build would not write
(the state lists them), so both give the same files.

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
    BuildState,
    files_key,
    forget_state,
    load_caches,
    program_key,
    read_state,
    save_caches,
    write_state,
)
from ..i18n import _
from ..incremental import Fingerprints, ReadCache
from ..publish import LIVE_SITE_VARIABLE, OUTPUT_READY, OUTPUT_READY_VARIABLE
from ..related import ReadingCache
from .problems import plugin_error


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
        self.written = BuildState()  # what the build that left site_dir wrote there
        self.files: Files | None = None

    def start(self, config: MkDocsConfig, serving: bool, dirty: bool) -> None:
        """Before MkDocs touches the output folder: read its state, then remove it until the build ends."""
        self.enabled, self.dirty = not serving, dirty and not serving
        if not self.enabled:
            return
        _wait_for_output_folder()
        self.site_dir, self.key = Path(config.site_dir), config_key(config)
        self.written = read_state(self.site_dir, self.key) if self.dirty else BuildState()
        forget_state(self.site_dir)

    @property
    def starts_afresh(self) -> bool:
        """A dirty build in a folder that no build of this program, configuration and theme left whole: its files
        may be stale in ways their dates do not show (an upgraded theme's), so it is emptied as for a full build."""
        return self.dirty and not self.written.files

    def restore(self, fingerprints: Fingerprints, files: Files) -> bool:
        """The pages written by the build that left the output folder count as the previous build; whether
        there were any (then unchanged pages keep their files)."""
        self.files = files
        if self.dirty:
            fingerprints.restore(self.written.pages)
        return self.dirty and bool(self.written.files)

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

    def finish(self, fingerprints: Fingerprints, config: MkDocsConfig) -> None:
        """The build ended: delete what a full build would not have written, note what each page shows and
        what the folder holds."""
        if not self.enabled:
            return
        made = {file.dest_uri for file in self.files}
        made.update(config.theme.static_templates, config.extra_templates, ["sitemap.xml.gz"])
        for stale in set(self.written.files) - made:
            _remove_with_empty_folders(self.site_dir, stale)
        write_state(self.site_dir, self.key, BuildState(fingerprints.digests(), list(made)))


def _wait_for_output_folder() -> None:
    """Under ``bulletins publish``, which starts the build while it checks the content and copies the live site
    into the output folder: wait for its word that the folder is ready. It closes the pipe instead if it stops."""
    ready = os.environ.pop(OUTPUT_READY_VARIABLE, None)
    if ready is None:
        return
    with os.fdopen(int(ready), "rb") as pipe:
        if pipe.read(len(OUTPUT_READY)) != OUTPUT_READY:
            raise plugin_error(_("bulletins publish stopped before the output folder was ready"))


def previous_output(config: MkDocsConfig, dirty: bool) -> Path | None:
    """The output a build starts from, as it is before the build touches it: a dirty build's own output folder,
    or under ``bulletins publish`` the live site, which it copies into the output folder meanwhile."""
    if not dirty:
        return None
    return Path(os.environ.get(LIVE_SITE_VARIABLE) or config.site_dir)


def cache_folder(config: MkDocsConfig) -> Path:
    """Where builds keep what they read for the next: beside ``mkdocs.yml``."""
    return Path(config.config_file_path).resolve().parent / CACHE_FOLDER


def load_read_caches(config: MkDocsConfig) -> tuple[ReadCache, ReadingCache]:
    return load_caches(cache_folder(config))


def save_read_caches(config: MkDocsConfig, caches: tuple[ReadCache, ReadingCache]) -> None:
    """Keep the bulletins read and the related lists for the next build, if any bulletin was read anew."""
    save_caches(cache_folder(config), caches)


def _remove(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _remove_with_empty_folders(site_dir: Path, path: str) -> None:
    """Delete a file of an earlier build (a deleted bulletin's page, image or feed), and the folders that held
    only it (MkDocs makes no empty folder)."""
    _remove(site_dir / path)
    folder = (site_dir / path).parent
    while folder != site_dir:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone with a sibling
            return
        folder = folder.parent
