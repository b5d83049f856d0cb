"""Publishing a site without ever breaking the live one.

Validate, build into a fresh folder beside DEST, check every internal link and image, then swap the new
folder in with a rename, keeping the old site as ``DEST.previous``. On any failure DEST is untouched.
Two publishes at once are refused by a lock. The build runs MkDocs in a child process, so this module,
like the rest of the core, does not import MkDocs.
"""

from __future__ import annotations

import ctypes
import enum
import errno
import fcntl
import os
import posixpath
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

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
    with _lock(dest):
        _check(config_file)
        fresh = dest.with_name(f"{dest.name}.new-{os.getpid()}")
        try:
            _build(config_file, fresh)
            broken = broken_links(fresh)
            if broken:
                raise PublishError(Step.LINKS, _broken_message(broken))
            _swap(fresh, dest)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    previous = dest.with_name(f"{dest.name}.previous")
    if previous.exists():
        log(_("Published {dest} (the previous site is in {previous})").format(dest=dest, previous=previous.name))
    else:
        log(_("Published {dest}").format(dest=dest))


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


def _check(config_file: Path) -> None:
    content_dir = _docs_dir(config_file)
    try:
        load_site(content_dir, datetime.now(VIETNAM))
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


def _build(config_file: Path, site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config_file), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=config_file.parent)
    if result.returncode != 0:
        raise PublishError(Step.BUILD, _("mkdocs build failed:\n{output}")
                           .format(output=(result.stderr or result.stdout).strip()))


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


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        name = _LINK_ATTRIBUTES.get(tag)
        for key, value in attrs:
            if key == name and value:
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """``page: link`` for every internal link or image in ``site`` whose target is not there."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue  # served at any depth, with links made for the site root
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        relative = page.relative_to(site).as_posix()
        for link in dict.fromkeys(parser.links):
            if not _target_exists(site, posixpath.dirname(relative), link):
                broken.append(f"{relative}: {link}")
    return broken


def _target_exists(site: Path, folder: str, link: str) -> bool:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return True  # outside links, mailto:, and links to an anchor on the same page
    path = unquote(parts.path)
    target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
    if target.startswith(".."):
        return False
    candidate = site / target
    return candidate.is_file() or (candidate / "index.html").is_file()
