"""The search index, made in a process of its own while MkDocs builds the pages.

MkDocs converts the bulletins' Markdown one after another on one core. As each bulletin's HTML comes, its
record draft and HTML go down a pipe to this process, which makes the page Pagefind indexes and writes it, on
the other core; when the last page is in, it runs Pagefind. On a thread of the build, making the records took
the interpreter from MkDocs' rendering: at 10,000 bulletins both ran on little more than one core for 10 s.

The build's side is ``Indexer``. The process is ``python -m generator.indexer BUNDLE_DIR FOLDER``: it reads
``(RecordDraft, body)`` pickles from its standard input until the input ends, writes the pages into FOLDER,
writes the bundle into BUNDLE_DIR and prints its ``IndexStats``, or the error that stopped it, as JSON.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .i18n import _
from .search import SCRATCH_PREFIX, IndexStats, RecordDraft, SearchRecord, index_pages, scratch_folder


class Indexer:
    """The indexing process of one build: ``add`` each published bulletin, ``close``, then ``finish`` (or
    ``abort``)."""

    def __init__(self, bundle_dir: Path, size_bound: int):
        """``size_bound``: at least the bytes of the pages to be made (see ``search.scratch_folder``)."""
        self._folder = tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=scratch_folder(size_bound))
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen([sys.executable, "-m", __name__, str(bundle_dir), self._folder],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors)
        self.waited = 0.0  # how long finish() waited for the process

    def add(self, draft: RecordDraft, body: str) -> None:
        """Index a bulletin; ``body`` is its rendered HTML, or its Markdown."""
        try:
            pickle.dump((draft, body), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the process has stopped: finish() says why

    def close(self) -> None:
        """No more bulletins: the process writes the bundle while the build goes on."""
        if self._process.stdin.closed:
            return
        with contextlib.suppress(BrokenPipeError):  # the process has stopped: finish() says why
            pickle.dump(None, self._process.stdin)  # input that ends without it was cut short
            self._process.stdin.close()

    def finish(self) -> IndexStats:
        """Wait for the bundle; raise with what the process said if it failed."""
        self.close()
        start = time.perf_counter()
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
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        self._process.stdout.close()
        self._clean_up()

    def _clean_up(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        self._errors.close()


class _BuildGone(Exception):
    """The build's process ended without saying the bulletins were all sent (killed, or interrupted)."""


def _records(stream: BinaryIO) -> Iterator[SearchRecord]:
    while (item := _next(stream)) is not None:  # None: the build's last word
        draft, body = item
        yield draft.record(body)


def _next(stream: BinaryIO) -> object:
    try:
        return pickle.load(stream)
    except EOFError:
        raise _BuildGone(_("the build stopped before all its bulletins were sent")) from None


def main(arguments: list[str]) -> int:
    """Index, then print the stats, or what went wrong, as JSON.

    Ctrl+C reaches this process with the build's: it goes on until its input ends, which then tells whether the
    build sent everything; the input of a build that was stopped ends early, and leaves no index and no pages.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bundle_dir, folder = arguments
    try:
        stats = index_pages(_records(sys.stdin.buffer), folder, Path(bundle_dir))
    except Exception as error:
        shutil.rmtree(folder, ignore_errors=True)
        print(json.dumps({"error": str(error)}))
        return 1
    print(json.dumps(dataclasses.asdict(stats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
