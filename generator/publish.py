"""Publishing a site without ever breaking the live one.

Validate, build into a fresh folder beside DEST, check every internal link and image, then swap the new
folder in with a rename, keeping the old site as ``DEST.previous``. On any failure DEST is untouched.
A republish starts from a copy of DEST made of hard links and builds into it with ``--dirty``, writing only
what changed, as new files; bulletins read and links checked by earlier runs are reused where their files are
unchanged (``buildcache``).
Two publishes at once are refused by a lock. The build runs MkDocs in a child process, so this module,
like the rest of the core, does not import MkDocs; it starts at once and reads the content while this process
checks it and makes the copy, and waits for both before it writes.
"""

from __future__ import annotations

import ctypes
import enum
import errno
import fcntl
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .buildcache import CACHE_FOLDER, STATE_FILE, StoredCache, load_read_cache, program_key
from .errors import ContentError
from .i18n import _, ngettext
from .site import load_site
from .vietnamese import VIETNAM


class Step(enum.IntEnum):
    """Which step failed; the value is the exit code of ``bulletins publish``.

    Codes start at 3: 1 is any other failure and 2 a command-line mistake (click's usage errors).
    """

    CHECK = 3
    BUILD = 4
    LINKS = 5
    SWAP = 6
    LOCKED = 7


class PublishError(Exception):
    def __init__(self, step: Step, message: str):
        super().__init__(message)
        self.step = step


def publish(config_file: Path, dest: Path, log=print) -> None:
    """Build the site of ``config_file`` and put it at ``dest``; raise ``PublishError`` on any failure."""
    dest = dest.resolve()
    cache = config_file.resolve().parent / CACHE_FOLDER
    previous = dest.with_name(f"{dest.name}.previous")
    with _lock(dest):
        first = not dest.exists()
        fresh = dest.with_name(f"{dest.name}.new-{os.getpid()}")
        try:
            with _Build(config_file, fresh, dest) as build:  # reads the content on the other core meanwhile
                _check(config_file, cache)
                _copy_of_live_site(dest, fresh)
                build.start_writing()
            links = StoredCache(cache, "links", program_key())
            checked = PageLinks(links.load())
            broken = broken_links(fresh, checked)
            links.save(checked.kept())
            if broken:
                raise PublishError(Step.LINKS, _broken_message(broken))
            _swap(fresh, dest)
            if first:
                _keep_a_copy(dest, previous)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    if not first:
        log(_("Published {dest} (the previous site is in {previous})").format(dest=dest, previous=previous.name))
    else:
        log(_("Published {dest}").format(dest=dest))


def _copy_of_live_site(dest: Path, fresh: Path) -> None:
    """Start the new site as a copy of the live one made of hard links, when a build that ended left it: the
    build then writes only what changed, each file as a new one (``adapter/persist.py``), so no file of the live
    site is written. The copy is made from ``DEST.previous`` when there is one, by linking only what differs: its
    unchanged files are already the live site's (at 10,000 bulletins, making 30,000 links and 16,000 folders anew,
    then deleting as many with the old ``.previous``, was seconds of disk work). Where a copy cannot be made,
    the new site starts empty."""
    if not (dest / STATE_FILE).is_file():
        return
    previous = dest.with_name(f"{dest.name}.previous")
    try:
        if previous.is_dir() and not previous.is_symlink():
            os.rename(previous, fresh)
            _mirror(dest, fresh)
        else:
            shutil.copytree(dest, fresh, symlinks=True, copy_function=os.link)
    except (OSError, shutil.Error):  # another file system, or one without hard links
        shutil.rmtree(fresh, ignore_errors=True)


def _keep_a_copy(dest: Path, previous: Path) -> None:
    """After the first publish, ``DEST.previous`` is a copy of the site made of hard links: the next publish starts
    from it and links only what differs (making 30,000 links and 16,000 folders anew took two seconds at 10,000
    bulletins). Where a copy cannot be made, there is none."""
    shutil.rmtree(previous, ignore_errors=True)
    try:
        previous.mkdir()
        _mirror(dest, previous)
    except OSError:
        shutil.rmtree(previous, ignore_errors=True)


def _mirror(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly ``source``'s folders, and hard links to its files: a file already linked to
    the same one is left, any other is replaced, anything ``source`` does not have is removed."""
    with os.scandir(source) as scan:
        wanted = {entry.name: entry for entry in scan}
    with os.scandir(target) as scan:
        present = {entry.name: entry for entry in scan}
    for name, entry in present.items():
        mine = wanted.get(name)
        if mine is None or mine.is_dir(follow_symlinks=False) != entry.is_dir(follow_symlinks=False):
            _remove_entry(entry)
            present[name] = None
    for name, entry in wanted.items():
        here = present.get(name)
        path = os.path.join(target, name)
        if entry.is_dir(follow_symlinks=False):
            if here is None:
                os.mkdir(path)
            _mirror(Path(entry.path), Path(path))
        elif here is None or here.inode() != entry.inode():
            if here is not None:
                os.unlink(path)
            os.link(entry.path, path, follow_symlinks=False)


def _remove_entry(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


@contextmanager
def _lock(dest: Path) -> Iterator[None]:
    lock_path = dest.with_name(f"{dest.name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise PublishError(Step.LOCKED, _locked_message(dest, lock.read().strip())) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)


def _broken_message(broken: list[str]) -> str:
    return ngettext("{count} broken link in the new site:\n{links}", "{count} broken links in the new site:\n{links}",
                    len(broken)).format(count=len(broken), links="\n".join(broken))


def _locked_message(dest: Path, holder: str) -> str:
    """``holder`` is what the running publish wrote into the lock (``pid 1234``), if anything yet."""
    if holder:
        return _("another publish to {dest} is running ({holder}); wait for it to finish, then try again").format(
            dest=dest, holder=holder)
    return _("another publish to {dest} is running; wait for it to finish, then try again").format(dest=dest)


def _check(config_file: Path, cache: Path) -> None:
    """Read and check the content, from the bulletins the last build kept where their files are unchanged."""
    content_dir = _docs_dir(config_file)
    read = load_read_cache(cache).reader(content_dir)
    try:
        load_site(content_dir, datetime.now(VIETNAM), read=read)
    except ContentError as error:
        raise PublishError(Step.CHECK, _("the content has errors:\n{report}").format(report=error.report())) from None


def _docs_dir(config_file: Path) -> Path:
    """The content folder named by ``docs_dir`` in the MkDocs configuration (default ``docs``)."""

    class _Lenient(yaml.SafeLoader):
        """mkdocs.yml may hold tags such as !ENV or !!python/name; only docs_dir matters here."""

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except OSError as error:
        raise PublishError(Step.CHECK, _("{config}: cannot be read ({reason})")
                           .format(config=config_file, reason=error.strerror)) from None
    except yaml.YAMLError as error:
        raise PublishError(Step.CHECK, _("{config}: is not valid YAML ({details})")
                           .format(config=config_file, details=error)) from None
    if not isinstance(config, dict):
        raise PublishError(Step.CHECK, _("{config}: is not a MkDocs configuration (site_name: ..., ...)")
                           .format(config=config_file))
    return (config_file.parent / str(config.get("docs_dir", "docs"))).resolve()


# The build's end of a pipe, in its environment: the build reads the content, then waits for one byte on it
# before it looks at its output folder (``adapter/persist.py``).
OUTPUT_READY_VARIABLE = "BULLETINS_OUTPUT_READY_FD"
OUTPUT_READY = b"1"
# The live site, in the build's environment: its output folder will be a copy of it, so its search index tells
# what to index while the copy is made (``adapter/persist.py``).
LIVE_SITE_VARIABLE = "BULLETINS_LIVE_SITE"


class _Build:
    """``mkdocs build --dirty`` into ``site`` in a child process, started at once: it reads and checks the
    content (what takes it longest before it writes) while this process checks the content too and copies the
    live site into ``site``. It writes nothing until ``start_writing``; leaving the block otherwise stops it."""

    def __init__(self, config_file: Path, site: Path, live: Path):
        self.config_file, self.site, self.live = config_file, site, live
        self.process: subprocess.Popen | None = None
        self.ready = -1

    def __enter__(self) -> _Build:
        waiting, self.ready = os.pipe()
        environment = {**os.environ, OUTPUT_READY_VARIABLE: str(waiting), LIVE_SITE_VARIABLE: str(self.live)}
        command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "-q", "-f", str(self.config_file),
                   "-d", str(self.site)]
        try:
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.config_file.parent,
                env=environment, pass_fds=(waiting,))
        finally:
            os.close(waiting)
        return self

    def start_writing(self) -> None:
        """``site`` is ready: a copy of the live site, or nothing (then the build writes every page)."""
        os.write(self.ready, OUTPUT_READY)

    def __exit__(self, kind, error, trace) -> None:
        os.close(self.ready)
        if error is not None:
            self.process.kill()
            self.process.communicate()
            return
        output, errors = self.process.communicate()
        if self.process.returncode != 0:
            raise PublishError(Step.BUILD, _("mkdocs build failed:\n{output}")
                               .format(output=(errors or output).strip()))


def _swap(fresh: Path, dest: Path) -> None:
    """Put ``fresh`` at ``dest`` in one step where the system allows, keeping the old site as ``.previous``."""
    previous = dest.with_name(f"{dest.name}.previous")
    try:
        if not dest.exists():
            os.rename(fresh, dest)
            return
        if _exchange(fresh, dest):  # dest is now the new site, fresh the old one
            try:
                shutil.rmtree(previous, ignore_errors=True)
                os.rename(fresh, previous)
            except OSError:
                _exchange(fresh, dest)  # the old site back: a publish that fails leaves DEST as it was
                raise
            return
        shutil.rmtree(previous, ignore_errors=True)
        os.rename(dest, previous)
        os.rename(fresh, dest)
    except OSError as error:
        raise PublishError(Step.SWAP, _("could not move the new site into place: {reason}")
                           .format(reason=error)) from None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


# --- link checking ------------------------------------------------------------------------------

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
# What is not markup: comments, and the text of <script> and <style> (an "<a href" there is not a link).
_INSIDE_TAG = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # a ">" in a quoted value does not end the tag
_NOT_MARKUP = re.compile(rf"<!--.*?-->|(<(script|style)\b{_INSIDE_TAG}>).*?</\2\s*>", re.DOTALL | re.IGNORECASE)
_LINK_TAG = re.compile(rf"<(a|link|img|script|source|iframe)(\s{_INSIDE_TAG})?>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def page_links(html: str) -> list[str]:
    """The ``href`` or ``src`` of each link, stylesheet, image, script, source and frame of ``html``, as Python's
    ``HTMLParser`` reads them (entities decoded, every repeated attribute, none in comments or scripts), found by
    regular expressions: four times faster, and a republish checks hundreds of pages."""
    links = []
    for match in _LINK_TAG.finditer(_NOT_MARKUP.sub(lambda found: found.group(1) or "", html)):
        wanted = _LINK_ATTRIBUTES[match.group(1).lower()]
        for attribute in _ATTRIBUTE.finditer(match.group(2) or ""):
            if attribute.group(1).lower() == wanted:
                value = next((group for group in attribute.groups()[1:] if group is not None), "")
                if value:
                    links.append(unescape(value))
    return links


class PageLinks:
    """Each page's internal links with the paths they lead to, kept by the page file's size, modification time
    and inode: a republish starts from hard links to the live site's files, so it parses only the pages it
    wrote."""

    def __init__(self, kept: dict | None = None):
        self._kept: dict[str, tuple[tuple, tuple[tuple[str, str], ...]]] = kept or {}
        self._seen: dict[str, tuple[tuple, tuple[tuple[str, str], ...]]] = {}
        # One object for each link many pages have (the header's, the footer's): pickled once, so the cache is
        # a fraction of the size to write and read (at 10,000 bulletins, 32 MB unshared).
        self._shared: dict[tuple[str, str], tuple[str, str]] = {}

    def of(self, site: Path, page: str) -> tuple[tuple[str, str], ...]:
        """``(link, target)`` for each internal link of ``page`` (a path in ``site``), ``target`` being the
        path it leads to in the site, or ``..`` for one that leads out of it."""
        status = os.stat(site / page)
        stamp = (status.st_size, status.st_mtime_ns, status.st_ino)
        kept = self._kept.get(page)
        if kept is None or kept[0] != stamp:
            links = page_links((site / page).read_text(encoding="utf-8", errors="replace"))
            folder = posixpath.dirname(page)
            pairs = [(link, target) for link in dict.fromkeys(links) if (target := _target(folder, link)) is not None]
            kept = (stamp, tuple(self._shared.setdefault(pair, pair) for pair in pairs))
        self._seen[page] = kept
        return kept[1]

    def kept(self) -> dict:
        """What a later check can reuse: the pages this one read."""
        return self._seen


def broken_links(site: Path, links: PageLinks | None = None) -> list[str]:
    """``page: link`` for every internal link or image in ``site`` whose target is not there."""
    links = links or PageLinks()
    files = _files(site)
    broken = []
    for page in sorted(path for path in files if path.endswith(".html")):
        if page == "404.html":
            continue  # served at any depth, with links made for the site root
        broken += [f"{page}: {link}" for link, target in links.of(site, page) if not _exists(files, target)]
    return broken


def _files(site: Path) -> set[str]:
    """Every file in ``site``, as a path from its root (as ``os.walk`` lists them, at twice its speed: 30,000
    files in 16,000 folders at 10,000 bulletins)."""
    found = set()
    folders = [("", str(site))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_dir():
                    found.add(prefix + entry.name)
                elif not entry.is_symlink():
                    folders.append((f"{prefix}{entry.name}/", entry.path))
    return found


def _target(folder: str, link: str) -> str | None:
    """The path in the site that ``link`` on a page in ``folder`` leads to; None for links that need no file
    (outside links, ``mailto:``, an anchor on the same page)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
    return ".." if target.startswith("..") else target


def _exists(files: set[str], target: str) -> bool:
    if target == "..":
        return False
    return target in files or posixpath.normpath(f"{target}/index.html") in files
