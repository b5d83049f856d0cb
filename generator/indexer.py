"""The search index, brought up to date in a process of its own while MkDocs builds the pages.

As soon as the build has read the site, it sends every published bulletin's record draft (its Markdown and the
rest of its record, ``search.RecordDraft``) down a pipe to this process, with the bundle the build starts from (a
dirty build's ``site/pagefind/``, or under ``bulletins publish`` the live site's), and goes on on one core while
this process, on the other, indexes what that bundle lacks; once the build's output folder is ready (``publish``
copies the live site into it meanwhile) it sends where its bundle is, BUNDLE_DIR in it, which this process brings
up to date:

- the drafts are cut into parts (``search.partition``); a part whose folder is in the bundle, whole, is kept;
- every other part is indexed by one Pagefind run at a time (its memory is bounded by a part's), into a folder of a
  temporary name renamed to the part's when it is complete (made in the scratch folder, and copied into the
  bundle, if it was indexed before the bundle's place was known); so is the loader, a one-page index that carries
  Pagefind's script and WebAssembly for every part (``theme/assets/javascripts/search.js``);
- ``parts.json``, the list the search page reads (loader, parts newest first with their page counts and first and
  last days, how many pages a query searches first), is written under a temporary name and renamed over the old
  one; then the folders it does not list are removed.

No file of the previous bundle is ever written: it may be a hard link to a file of the live site. A folder is
trusted only when its manifest, written last before the rename, names the part's digest and lists every file with
its size; a process stopped midway leaves temporary folders that the next one removes, and a list that still names
complete folders only. The bundle the build starts from only decides what is indexed early: what the output folder
holds when it is ready decides what is kept.

The process is ``python -m generator.indexer FOLDER``: it reads from its standard input the bundle the build starts
from (a pickled str, or None), ``RecordDraft`` pickles until ``None``, then the bundle's folder (a pickled str),
writes the pages of each part it indexes into FOLDER, and prints its ``IndexStats``, or the error that stopped it,
as JSON.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import io
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .i18n import _
from .search import (
    DIGEST_LENGTH,
    SCRATCH_PREFIX,
    IndexStats,
    Part,
    RecordDraft,
    SearchRecord,
    index_pages,
    indexing_version,
    part_limit,
    partition,
    scratch_folder,
)

PARTS_FILE = "parts.json"
MANIFEST = "manifest.json"
STAGING_PREFIX = ".new-"  # what the bundle's files and folders are called until they are complete
SCRIPT = "pagefind.js"
WASM = "wasm.unknown.pagefind"  # Pagefind's WebAssembly, for a site whose language it has no stemmer for
# What a part's folder keeps of Pagefind's output: its index. Instead of the WebAssembly, 68 KB a part, it has a stub
# that Pagefind's script takes without a look once the loader's is running (search.js says how).
PART_FILES = ("pagefind-entry.json", "pagefind.*.pf_meta", "index", "fragment", "filter")
STUB_WASM = b"pagefind_dcd"  # the mark Pagefind's files start with, and nothing
LOADER_FILES = (*PART_FILES, SCRIPT, WASM)
LOADER_NAME = "loader"
LOADER_RECORD = SearchRecord(url="/", title=[], text=["loader"], meta={}, filters={}, sort={})  # never searched
# A query first searches the newest parts holding together at most this many pages (at least one part), then older
# ones only when those find less than a page of results or the reader asks (theme/assets/javascripts/search.js):
# every part's pf_meta and each query word's chunk in every part searched are fetched, so the first query's download
# grows with the pages it searches. Pagefind's files of a first query at 10,000 bulletins (years of about 650), median
# / max of bench/search.py's 20 queries: 1,500 pages (2 parts) 187 / 236 KB, 2,000 (3) 214 / 278 KB, 3,000 (4)
# 244 / 320 KB, 5,000 (7) 321 / 467 KB, every part 535 KB median; at 100,000 (quarters of about 1,600) one part,
# 189 / 248 KB (bench/RESULTS.md). The environment variable sets another figure at build time (tests use a small one).
FIRST_BATCH = 2000
FIRST_BATCH_VARIABLE = "BULLETINS_SEARCH_FIRST_BATCH"


def _pickled_drafts(drafts: Iterable[RecordDraft]) -> io.BytesIO:
    """``drafts`` as the indexing process reads them."""
    pickled = io.BytesIO()
    for draft in drafts:
        pickle.dump(draft, pickled, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, pickled)  # input that ends without it was cut short
    return pickled


class Indexer:
    """The indexing process of one build: started as soon as the build has read the site with every published
    bulletin's draft and the bundle the build starts from, then ``send`` where the build's bundle is once its
    output folder is ready, then ``finish`` (or ``abort``)."""

    def __init__(self, size_bound: int, drafts: Iterable[RecordDraft], previous: Path | None = None):
        """``size_bound``: at least the bytes of the pages to be made (see ``search.scratch_folder``)."""
        self._folder = _scratch(size_bound)
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen([sys.executable, "-m", __name__, self._folder],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors)
        self.waited = 0.0  # how long finish() waited for the process
        self._bundle_dir: Path | None = None
        self._bundle_known = threading.Event()
        # Pickled at once, while Python starts in the process (a thread pickling them shares the interpreter
        # with the build: the process got them a second later); a thread writes them down the pipe, waiting
        # whenever it is full, while the build goes on.
        pickled = _pickled_drafts(drafts)
        self._sending = threading.Thread(target=self._send, args=(pickled, previous), daemon=True)
        self._sending.start()

    def send(self, bundle_dir: Path) -> None:
        """Where the bundle is: the output folder is ready."""
        self._bundle_dir = bundle_dir
        self._bundle_known.set()

    def _send(self, drafts: io.BytesIO, previous: Path | None) -> None:
        with contextlib.suppress(BrokenPipeError, ValueError):  # the process has stopped: finish() says why
            with self._process.stdin as pipe:
                pickle.dump(None if previous is None else str(previous), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                with drafts.getbuffer() as pickled:
                    pipe.write(pickled)
                pipe.flush()
                drafts.close()  # 350 MB at 100,000 bulletins: not kept while the build goes on
                self._bundle_known.wait()
                if self._bundle_dir is not None:  # None: aborted, and the closed pipe says so
                    pickle.dump(str(self._bundle_dir), pipe, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self) -> IndexStats:
        """Wait for the bundle; raise with what the process said if it failed."""
        start = time.perf_counter()
        self._sending.join()
        output = self._process.stdout.read()
        code = self._process.wait()
        self.waited = time.perf_counter() - start
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip()
        self._clean_up()
        stopped = said[-2000:] or _("the indexing process stopped with exit code {code}").format(code=code)
        answer = json.loads(output) if output.startswith(b"{") else {"error": stopped}
        if code != 0 or "error" in answer:
            raise RuntimeError(answer["error"])
        return IndexStats(**answer)

    def abort(self) -> None:
        """The build failed: stop the process and remove its pages."""
        self._process.kill()
        self._process.wait()
        self._bundle_known.set()
        self._sending.join()
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        self._process.stdout.close()
        self._clean_up()

    def _clean_up(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        self._errors.close()


def _scratch(size_bound: int) -> str:
    """A new scratch folder named for this process, the build's; first the folders of builds that are gone go: a
    build killed with its indexing process (its whole process group) had no chance to remove its own."""
    parent = Path(scratch_folder(size_bound) or tempfile.gettempdir())
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        pass
    return True


class BundleFolder:
    """Where the bundle is: told by the build once its output folder is ready, read from the pipe by a thread
    meanwhile so that the parts indexed before go to the scratch folder and those after straight to the bundle."""

    def __init__(self, known: Path | None = None):
        self._path = known
        self._told = threading.Event()
        if known is not None:
            self._told.set()

    @classmethod
    def told_by(cls, stream: BinaryIO) -> BundleFolder:
        folder = cls()
        threading.Thread(target=folder._read, args=(stream,), daemon=True).start()
        return folder

    def _read(self, stream: BinaryIO) -> None:
        try:
            self._path = Path(_next(stream))
        except Exception:  # noqa: BLE001 - the input ended or was cut short: wait() says the build is gone
            self._path = None
        finally:
            self._told.set()

    def now(self) -> Path | None:
        return self._path

    def wait(self) -> Path:
        self._told.wait()
        if self._path is None:
            raise _BuildGone(_("the build stopped before all its bulletins were sent"))
        return self._path


def update_bundle(drafts: Iterable[RecordDraft], scratch: str, bundle: Path | BundleFolder,
                  previous: Path | None = None) -> IndexStats:
    """Bring the bundle up to date with ``drafts``, indexing only the parts it lacks; each part's pages are
    written in a folder inside ``scratch`` while Pagefind indexes them.

    Until ``bundle`` is known, the parts ``previous`` (the bundle the build starts from) lacks are indexed into
    ``scratch``; then each part the bundle lacks is copied from there, or indexed into the bundle.
    """
    start = time.perf_counter()
    bundle = bundle if isinstance(bundle, BundleFolder) else BundleFolder(bundle)
    version = indexing_version()
    parts = partition(drafts, part_limit(), version)  # reads every draft before anything is written
    early = Path(scratch, "parts")
    early.mkdir(exist_ok=True)
    indexed = IndexStats(0, 0, 0)
    for part in parts:
        if bundle.now() is not None:
            break
        if previous is None or not _complete(previous / part.folder, part.digest):
            indexed += _index_part(part, scratch, early)
    bundle_dir = bundle.wait()
    bundle_dir.mkdir(parents=True, exist_ok=True)
    kept = 0
    for part in parts:
        if _complete(bundle_dir / part.folder, part.digest):
            kept += 1
        elif _complete(early / part.folder, part.digest):
            _install(early / part.folder, bundle_dir)
        else:
            indexed += _index_part(part, scratch, bundle_dir)
    loader = _loader(version, scratch, bundle_dir)
    _replace(bundle_dir / PARTS_FILE, _parts_list(loader, parts))
    _remove_all_but(bundle_dir, {PARTS_FILE, SCRIPT, loader, *(part.folder for part in parts)})
    return dataclasses.replace(indexed, seconds=time.perf_counter() - start, parts=len(parts), kept=kept)


def _complete(folder: Path, digest: str) -> bool:
    """Whether ``folder`` holds what ``digest`` names, whole: its manifest says so, and every file it lists is
    there with its size."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return manifest["digest"] == digest and all(
            (folder / name).stat().st_size == size for name, size in manifest["files"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _index_part(part: Part, scratch: str, bundle_dir: Path) -> IndexStats:
    return _index(part.folder, part.digest, (draft.record() for draft in part.drafts), PART_FILES, scratch,
                  bundle_dir)


def _loader(version: str, scratch: str, bundle_dir: Path) -> str:
    """The loader's folder, indexed if the bundle lacks it, and its script at the bundle's top, the one the search
    page imports."""
    folder = f"{LOADER_NAME}-{version[:DIGEST_LENGTH]}"
    if not _complete(bundle_dir / folder, version):
        _index(folder, version, [LOADER_RECORD], LOADER_FILES, scratch, bundle_dir)
    _replace(bundle_dir / SCRIPT, (bundle_dir / folder / SCRIPT).read_bytes())
    return folder


def _install(part: Path, bundle_dir: Path) -> None:
    """Copy a part indexed before the bundle's place was known into the bundle: under a temporary name, then
    renamed."""
    staging = bundle_dir / f"{STAGING_PREFIX}{part.name}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(part, staging)
    _put_in_place(staging, bundle_dir / part.name)


def _put_in_place(staging: Path, final: Path) -> None:
    """Rename a complete folder to its name; a folder there already was damaged (it did not count)."""
    if final.exists():
        shutil.rmtree(final)
    staging.rename(final)


def _index(folder: str, digest: str, records: Iterable[SearchRecord], kept: tuple[str, ...], scratch: str,
           bundle_dir: Path) -> IndexStats:
    """Index ``records`` into ``bundle_dir/folder``: under a temporary name, keeping the files ``kept`` names,
    manifest last, then renamed."""
    staging = bundle_dir / f"{STAGING_PREFIX}{folder}"
    with tempfile.TemporaryDirectory(dir=scratch) as pages:
        stats = index_pages(records, pages, staging)
    for path in staging.iterdir():
        if not any(fnmatch.fnmatch(path.name, pattern) for pattern in kept):
            path.unlink()
    if not (staging / WASM).exists():
        (staging / WASM).write_bytes(STUB_WASM)
    files = {path.relative_to(staging).as_posix(): path.stat().st_size
             for path in sorted(staging.rglob("*")) if path.is_file()}
    (staging / MANIFEST).write_text(json.dumps({"digest": digest, "files": files}), encoding="utf-8")
    _put_in_place(staging, bundle_dir / folder)
    return stats


def first_batch() -> int:
    return int(os.environ.get(FIRST_BATCH_VARIABLE, FIRST_BATCH))


def _parts_list(loader: str, parts: list[Part]) -> bytes:
    """The list the search page reads: each part's folder, page count and first and last days in Vietnam (ISO), so
    that the page picks the parts a query needs without fetching them."""
    listing = {"loader": loader, "first_batch": first_batch(), "parts": [
        {"folder": part.folder, "pages": len(part.drafts), "first": part.drafts[-1].day.isoformat(),
         "last": part.drafts[0].day.isoformat()} for part in parts]}
    return json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8")


def _replace(path: Path, data: bytes) -> None:
    """Give ``path`` the bytes ``data``: a new file renamed over it, unless it holds them already."""
    if path.is_file() and path.read_bytes() == data:
        return
    staging = path.with_name(f"{STAGING_PREFIX}{path.name}")
    staging.unlink(missing_ok=True)
    staging.write_bytes(data)
    os.replace(staging, path)


def _remove_all_but(bundle_dir: Path, names: set[str]) -> None:
    """Remove what the bundle does not list: parts gone, folders of stopped builds, an index of one piece."""
    for path in bundle_dir.iterdir():
        if path.name in names:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


class _BuildGone(Exception):
    """The build's process ended without saying the bulletins were all sent (killed, or interrupted)."""


def _drafts(stream: BinaryIO) -> Iterator[RecordDraft]:
    while (draft := _next(stream)) is not None:  # None: the build's last word
        yield draft


def _next(stream: BinaryIO) -> object:
    try:
        return pickle.load(stream)
    except EOFError:
        raise _BuildGone(_("the build stopped before all its bulletins were sent")) from None


def main(arguments: list[str]) -> int:
    """Index, then print the stats, or what went wrong, as JSON.

    Ctrl+C reaches this process with the build's: it goes on until its input ends, which then tells whether the
    build sent everything; the input of a build that was stopped ends early, and leaves the bundle as it was and
    no pages.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    (folder,) = arguments
    try:
        previous = _next(sys.stdin.buffer)
        drafts = list(_drafts(sys.stdin.buffer))
        stats = update_bundle(drafts, folder, BundleFolder.told_by(sys.stdin.buffer),
                              None if previous is None else Path(previous))
    except Exception as error:
        print(json.dumps({"error": str(error)}))
        return 1
    finally:  # the build that made the folder may be gone (killed after it sent everything)
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(dataclasses.asdict(stats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
