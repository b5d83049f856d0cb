"""The search index's own process: the same bundle as updating it in the build's process, failures reported,
nothing left running or on disk after a failed build, the previous bundle untouched by a killed one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO
from generator import search
from generator.indexer import Indexer, update_bundle
from generator.search import SCRATCH_PREFIX, published, record_draft, site_drafts
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


def indexer_processes(scratch: Path) -> list[str]:
    """The indexing processes writing into this test's scratch folder (others on the machine are not theirs)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # the process ended meanwhile
        if b"generator.indexer" in words and any(word.startswith(bytes(scratch)) for word in words):
            found.append(cmdline.parent.name)
    return found


def files(bundle: Path) -> dict[str, bytes]:
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """Where the indexer writes its pages, watched by the test."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(search, "RAM_FOLDER", str(folder))
    return folder


def test_the_process_writes_the_bundle_the_build_process_would(tmp_path, scratch):
    site = load_site(REPO / "content", NOW)  # the sample bulletins
    indexer = Indexer(1000, site_drafts(site))  # as the plugin hands them over
    indexer.send(tmp_path / "process")
    stats = indexer.finish()
    (tmp_path / "pages").mkdir()
    direct = update_bundle(site_drafts(site), str(tmp_path / "pages"), tmp_path / "direct")
    assert (stats.pages, stats.words, stats.variants, stats.parts) == (
        direct.pages, direct.words, direct.variants, direct.parts) > (0, 0, 0, 0)
    assert files(tmp_path / "process") == files(tmp_path / "direct")  # byte for byte
    assert not any(scratch.iterdir())


def test_a_failure_in_the_process_is_reported_with_what_went_wrong(tmp_path, scratch):
    site = load_site(REPO / "content", NOW)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    indexer = Indexer(1000, [record_draft(published(site)[0], site.registries.tree, site.people)])
    indexer.send(tmp_path / "a-file" / "pagefind")  # no bundle can be written there
    with pytest.raises(RuntimeError, match="Not a directory: .*a-file/pagefind"):
        indexer.finish()
    assert not any(scratch.iterdir())


def test_a_failed_build_stops_the_process_and_leaves_no_pages_behind(site_dir, scratch):
    for number in range(30):
        site_dir.add(f"bulletins/b{number}.md", title=f"Bản tin {number}")
    site_dir.write("../hooks.py", "def on_page_context(context, page, config, nav):\n"
                                  "    raise RuntimeError('a theme error')\n")
    site_dir.config_text += "hooks: [hooks.py]\n"
    config = load_config(config_file=str(site_dir.config_file()))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(RuntimeError, match="a theme error"):
        build(config)
    assert indexer_processes(scratch) == []
    assert not any(scratch.iterdir())
    assert config.plugins["bulletins"].indexer is None


def test_the_log_says_how_many_parts_were_kept_and_indexed_and_how_long_it_took(site_dir, caplog):
    site_dir.add("bulletins/a.md", title="Bản tin Alpha")
    caplog.set_level("INFO")
    site_dir.build()
    said = next(record.getMessage() for record in caplog.records if "indexed again" in record.getMessage())
    assert said.startswith("generator: search: 1 parts, 0 kept from the last build, 1 indexed again (1 bulletins) in ")
    assert "alongside the pages; the build waited " in said
    parts = json.loads((site_dir.site / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]
    assert [part["pages"] for part in parts] == [1]


KILLED_BUILD = """
import sys, time
from datetime import datetime
from generator import search
from generator.indexer import Indexer
from generator.site import load_site
from generator.vietnamese import VIETNAM
search.RAM_FOLDER = sys.argv[1]
site = load_site(search.Path(sys.argv[2]), datetime(2030, 1, 1, tzinfo=VIETNAM))
indexer = Indexer(1000, search.site_drafts(site))  # the build is killed before its output folder is ready
print("sent", flush=True)
time.sleep(60)
"""


def test_a_build_killed_midway_leaves_no_process_no_pages_and_no_index(tmp_path, scratch):
    """Killed while the process indexes the parts early, into its scratch folder."""
    build_process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(scratch), str(REPO / "content")],
                                     stdout=subprocess.PIPE, text=True)
    try:
        assert build_process.stdout.readline() == "sent\n"
        assert len(indexer_processes(scratch)) == 1 and any(scratch.iterdir())
    finally:
        build_process.kill()
        build_process.wait()
    deadline = time.monotonic() + 20
    while indexer_processes(scratch) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert indexer_processes(scratch) == []
    assert not list(scratch.rglob("*"))


def test_a_build_removes_the_scratch_folders_of_builds_that_are_gone(scratch):
    """A build killed with its whole process group leaves its scratch folder; the next build removes it."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = scratch / f"{SCRATCH_PREFIX}{int(finished.stdout)}-k1ll3d"
    (gone / "pages").mkdir(parents=True)
    (gone / "pages" / "index.html").write_text("<p>trang</p>", encoding="utf-8")
    running = scratch / f"{SCRATCH_PREFIX}{os.getpid()}-w0rk1n"  # this process's: another build of the preview
    running.mkdir()
    unrelated = scratch / "bulletins-search-notes"
    unrelated.mkdir()
    indexer = Indexer(1000, [])
    indexer.abort()
    assert not gone.exists() and running.exists() and unrelated.exists()
