"""What one build leaves for the next, so that a republish in a new process does only the work a change needs.

Two things, each ignored unless it is whole and was made by this very program:

- ``StoredCache``: a pickle in the project's cache folder (``.cache/bulletins/``), holding what is costly to
  make again and depends only on files named in it (the bulletins as read and checked, the related lists);
- the build's state in the output folder (``STATE_FILE``): a digest of what each page showed when it was written.
  It describes that folder, so it travels with it (``bulletins publish`` starts from a copy of the live site), and
  it is deleted when a build starts and written when one ends, so a build that was stopped leaves none.

A cache that is missing, damaged, from another version of the program or of its dependencies, or cut short, reads
as empty: the build then does everything, as from scratch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from .incremental import ReadCache
from .related import ReadingCache

CACHE_FOLDER = Path(".cache", "bulletins")
STATE_FILE = ".bulletins-build.json"
_BULLETINS_A_PIECE = 1000
# The distributions whose code decides what a page looks like, besides ours.
_DEPENDENCIES = ("bulletins", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pagefind")


@lru_cache(maxsize=1)
def program_key() -> str:
    """Changes with any file of the ``generator`` package or any version of what renders the pages."""
    return package_key(Path(__file__).parent)


def package_key(package: Path) -> str:
    """A digest of every file of ``package`` but compiled modules, and of the dependencies' versions."""
    sources = sorted(path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return files_key(sources, package, extra=[_version(name) for name in _DEPENDENCIES])


def files_key(files: Iterable[Path], root: Path, extra: Iterable[str] = ()) -> str:
    """A digest of the files' names (relative to ``root``) and bytes, and of ``extra``."""
    hasher = hashlib.blake2b(digest_size=16)
    for text in extra:
        hasher.update(f"{text}\0".encode())
    for path in files:
        hasher.update(f"{path.relative_to(root).as_posix()}\0".encode())
        hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return hasher.hexdigest()


def _version(distribution: str) -> str:
    try:
        return f"{distribution} {metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"{distribution} -"


class StoredCache:
    """One pickled value in ``folder``, under ``name``, valid for one ``key`` (the program's and its inputs')."""

    def __init__(self, folder: Path, name: str, key: str):
        self.path = folder / f"{name}.pickle"
        self.key = key

    def save(self, value: object) -> None:
        """Store ``value``; a reader sees the old file or the new one, never half of one."""
        self.save_pieces([value])

    def save_pieces(self, pieces: Iterable[object]) -> None:
        """Store ``pieces`` (none of them None) one pickle each, streamed into the file: a pickler remembers every
        object it wrote until its dump ends (one pickle of 100,000 bulletins held 300 MB more to its end)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(self.path) as file:
            for piece in (self.key, *pieces, None):
                pickle.dump(piece, file, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self) -> object | None:
        """The value stored with this key (``save``), or None."""
        pieces = self.load_pieces()
        return pieces[0] if pieces is not None and len(pieces) == 1 else None

    def load_pieces(self) -> list | None:
        """The pieces stored with this key, or None."""
        try:
            with open(self.path, "rb") as stored:
                if pickle.load(stored) != self.key:
                    return None
                pieces = []
                while (piece := pickle.load(stored)) is not None:
                    pieces.append(piece)
        except Exception:  # missing, cut short, damaged, or from code that no longer exists
            return None
        return pieces


def _read_caches(folder: Path) -> StoredCache:
    return StoredCache(folder, "read", program_key())


def load_caches(folder: Path) -> tuple[ReadCache, ReadingCache]:
    """The bulletins read and the related lists an earlier build kept in ``folder``, or empty ones."""
    pieces = _read_caches(folder).load_pieces()
    if pieces and isinstance(pieces[0], ReadingCache) and all(isinstance(piece, dict) for piece in pieces[1:]):
        return ReadCache.from_pieces(pieces[1:]), pieces[0]
    return ReadCache(), ReadingCache()


def load_read_cache(folder: Path) -> ReadCache:
    return load_caches(folder)[0]


def save_caches(folder: Path, caches: tuple[ReadCache, ReadingCache]) -> None:
    """Keep what a build read for the next, if it read anything anew: the related lists, then the bulletins a
    thousand a pickle."""
    read, reading = caches
    if read.changed:
        _read_caches(folder).save_pieces([reading, *read.pieces(_BULLETINS_A_PIECE)])


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file to write, renamed to ``path`` when the block ends: the old file, if any, is replaced, never
    written into (it may be a hard link to a file of the live site). If the block fails, the new file goes."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_replacing(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path`` (see ``replacing``)."""
    with replacing(path) as file:
        file.write(data)


@dataclass
class BuildState:
    """What a build wrote into its output folder: what each of its tracked pages showed (digests by output path),
    and every file it made there."""

    pages: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def read_state(site_dir: Path, key: str) -> BuildState:
    """The state of ``site_dir`` if the build that wrote it ended and had ``key``; else an empty one."""
    try:
        state = json.loads((site_dir / STATE_FILE).read_text(encoding="utf-8"))
        found = BuildState(state["pages"], state["files"]) if state["key"] == key else BuildState()
    except Exception:  # missing, damaged, or written by another program
        return BuildState()
    return found if isinstance(found.pages, dict) and isinstance(found.files, list) else BuildState()


def forget_state(site_dir: Path) -> None:
    """A build starts: until it ends, the folder's pages are not what any state says."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(site_dir / STATE_FILE)


def write_state(site_dir: Path, key: str, state: BuildState) -> None:
    """The state is served with the site: ``<``, ``>`` and ``&`` of file names are written as JSON escapes, so no
    reader could take any of it for markup. Written a thousand entries at a time: at 100,000 bulletins the text is
    30 MB, and made whole it was there three times over (JSON, escaped, encoded) at the build's end."""
    pages, files = sorted(state.pages.items()), sorted(state.files)
    with replacing(site_dir / STATE_FILE) as file:
        file.write(b'{"key":' + _json(key) + b',"pages":{')
        for start in range(0, len(pages), _STATE_BATCH):
            comma = b"," if start else b""
            file.write(comma + _json(dict(pages[start:start + _STATE_BATCH]))[1:-1])
        file.write(b'},"files":[')
        for start in range(0, len(files), _STATE_BATCH):
            file.write((b"," if start else b"") + _json(files[start:start + _STATE_BATCH])[1:-1])
        file.write(b"]}")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_MARKUP_ESCAPES).encode()


_STATE_BATCH = 1000
_MARKUP_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
