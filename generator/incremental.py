"""What lets `mkdocs serve` show an edit in seconds on a large site.

``ReadCache`` keeps each bulletin as read by an earlier build while its file and the registries are
unchanged, so a rebuild parses only what was edited. ``Fingerprints`` remembers what each page
showed at the last build, so only pages whose content changed are rendered again; as digests, it is what a build
leaves for the next process (``buildcache``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Container, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

from .content import Bulletin, read_bulletin
from .errors import Problem
from .registry import TOPICS_FILE, UNITS_FILE, Registries

Value = TypeVar("Value")
Reader = Callable[[Path, str, Registries], tuple[Bulletin | None, list[Problem]]]


def _stamp(path: str | Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


class ReadCache:
    """Bulletins by path, reused while size, modification time and inode of the file are the same.

    Kept across the rebuilds of a preview, and pickled between builds (``buildcache.StoredCache``); ``changed``
    says whether the last build read anything anew or no longer had a file, so an unchanged cache is not
    written again.
    """

    def __init__(self):
        self._entries: dict[str, tuple[Hashable, tuple[Bulletin | None, list[Problem]]]] = {}
        self.changed = True

    def reader(self, content_dir: Path) -> Reader:
        """A ``read_bulletin`` for one build; a change to either registry invalidates every entry."""
        registries = (_stamp(content_dir / UNITS_FILE), _stamp(content_dir / TOPICS_FILE))
        previous, self._entries, self.changed = self._entries, {}, False

        def read(folder: Path, path: str, found: Registries) -> tuple[Bulletin | None, list[Problem]]:
            key = (registries, _stamp(os.path.join(folder, path)))  # not pathlib: 10,000 joins per rebuild
            entry = previous.get(path)
            if entry is None or entry[0] != key:
                entry = (key, read_bulletin(folder, path, found))
                self.changed = True
            self._entries[path] = entry
            return entry[1]

        return read

    def pieces(self, size: int) -> Iterator[dict[str, tuple[Hashable, tuple[Bulletin | None, list[Problem]]]]]:
        """The entries of the files this build read (ones gone since are dropped), ``size`` at a time: what a later
        build reads (``buildcache``)."""
        paths = list(self._entries)
        for start in range(0, len(paths), size):
            yield {path: self._entries[path] for path in paths[start:start + size]}

    @classmethod
    def from_pieces(cls, pieces: Iterable[dict]) -> ReadCache:
        """A cache of what ``pieces`` hold, unchanged until a build reads a file anew."""
        cache = cls()
        for piece in pieces:
            cache._entries.update(piece)
        cache.changed = False
        return cache


def digest(*parts: object) -> bytes:
    """A short digest of ``repr`` of the parts: values must have a stable, complete repr."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


class PerBulletin(Generic[Value]):
    """Values made from bulletins, each kept while the build hands the same bulletin object.

    The preview's read cache (``ReadCache``) hands the same object while neither the bulletin's file nor the
    registries changed, so the value is made again only for a bulletin read anew, or when ``context`` (what
    else the value depends on) differs from the last time.
    """

    def __init__(self):
        self._kept: dict[str, tuple[Bulletin, Hashable, Value]] = {}

    def get(self, bulletin: Bulletin, make: Callable[[Bulletin], Value], context: Hashable = None) -> Value:
        kept = self._kept.get(bulletin.path)
        if kept is None or kept[0] is not bulletin or kept[1] != context:
            kept = self._kept[bulletin.path] = (bulletin, context, make(bulletin))
        return kept[2]

    def keep_only(self, paths: Container[str]) -> None:
        """Forget bulletins no longer in the site."""
        self._kept = {path: kept for path, kept in self._kept.items() if path in paths}


class SharedDigests:
    """A digest of the ``repr`` of objects many pages show (a unit, a unit's chart, a person), made once per build:
    pages then hold 16 bytes for it, not a repr that their own digest would copy and escape again.

    Keyed by identity: the objects must live for the build, as the site's indexes keep them.
    """

    def __init__(self):
        self._digests: dict[int, bytes] = {}

    def __call__(self, value: object) -> bytes:
        made = self._digests.get(id(value))
        if made is None:
            made = self._digests[id(value)] = digest(value)
        return made

    def clear(self) -> None:
        self._digests.clear()


class Fingerprints:
    """What each page showed at the previous build, compared with ``==``.

    A page's value is a tuple of what it shows: strings, numbers, and objects that compare by identity or by
    value (a bulletin compares by identity: the preview's read cache hands the same object while its file is
    unchanged). Comparing is cheaper than a digest of the same values, and needs nothing made for it.

    Between processes (a build and the next ``--dirty`` one) what a page showed travels as a digest of its
    value's ``repr``: ``digests`` makes them, ``restore`` takes them as the previous build. A process that builds
    once (not a preview) keeps only the digests (``keep_values`` false): 60 MB less at 100,000 bulletins.
    """

    def __init__(self):
        self.keep_values = True
        self._previous: dict[str, object] = {}
        self._current: dict[str, object] = {}
        self._stored: dict[str, str] = {}  # the previous build's digests, when it was another process's
        self._digests: dict[str, str] = {}  # this build's, made while comparing with those

    def record(self, key: str, value: object) -> bool:
        """Note what page ``key`` shows now; True when that differs from the previous build."""
        if not self.keep_values:
            self._current[key] = self._digests[key] = digest(value).hex()
            return self._digests[key] != self._stored.get(key)
        self._current[key] = value
        if key in self._stored:
            self._digests[key] = digest(value).hex()
            return self._digests[key] != self._stored[key]
        return self._previous.get(key, _NOTHING) != value

    def next_build(self) -> None:
        """Start a build: what was recorded becomes the previous build."""
        self._previous, self._current = self._current, {}
        self._stored, self._digests = {}, {}

    def gone(self) -> list[str]:
        """Pages of the previous build that this build did not record (a bulletin deleted or unpublished)."""
        return [key for key in self._previous.keys() | self._stored.keys() if key not in self._current]

    def invalidate(self) -> None:
        """A build failed part-way, so pages it recorded may not have been written: the next build writes every
        page again, and still deletes those of bulletins gone since the last build that ended."""
        self._current = dict.fromkeys(self._previous.keys() | self._stored.keys() | self._current.keys(), _NOTHING)

    def digests(self) -> dict[str, str]:
        """What each page recorded in this build shows, as digests that another process can compare with."""
        return {key: self._digests.get(key) or digest(value).hex() for key, value in self._current.items()}

    def restore(self, digests: dict[str, str]) -> None:
        """Take ``digests`` (from ``digests()`` in an earlier process) as the previous build, if this process
        has none of its own."""
        if not self._previous:
            self._stored = dict(digests)


_NOTHING = object()  # what a page showed before it existed, or before a failed build: equal to no value


class Fragments:
    """Parts of pages that many pages share, rendered once per build and key.

    Material renders its tabs, navigation, footer, configuration and scripts for every page. For a page
    outside the nav they depend only on where the page's relative links start from (the key), so a site
    of thousands of such pages renders them a handful of times.
    """

    def __init__(self):
        self._parts: dict[tuple[str, str], str] = {}

    def clear(self) -> None:
        self._parts.clear()

    def renderer(self, key: str) -> Callable[[str, Callable[[], str]], str]:
        """``render(name, make)``: the part ``name`` for ``key``, made by ``make()`` the first time."""

        def render(name: str, make: Callable[[], str]) -> str:
            part = self._parts.get((name, key))
            if part is None:
                part = self._parts[(name, key)] = make()
            return part

        return render
