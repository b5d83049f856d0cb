"""The search index in parts: how bulletins are cut into parts, which parts a build keeps, which folders it trusts,
and that no file of the previous bundle is ever written."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.content import pack
from generator.indexer import (
    FIRST_BATCH,
    FIRST_BATCH_VARIABLE,
    MANIFEST,
    PARTS_FILE,
    STAGING_PREFIX,
    BundleFolder,
    _complete,
    update_bundle,
)
from generator.search import PART_LIMIT_VARIABLE, RecordDraft, partition
from generator.vietnamese import VIETNAM

VERSION = "v1"


def draft(number: int, when: datetime, text: str = "Nội dung họp chi bộ.") -> RecordDraft:
    return RecordDraft(url=f"bulletins/b{number}/", title=f"Bản tin {number}", before="", after="",
                       packed=pack(text), body_start=0,
                       meta={"date": f"{when:%d/%m/%Y}", "unit": "Chi bộ"}, filters={"year": [str(when.year)]},
                       sort={"date": str(int(when.timestamp()))})


def at(*day: int, hour: int = 9) -> datetime:
    return datetime(*day, hour, tzinfo=VIETNAM)


def spans(drafts: list[RecordDraft], limit: int) -> list[str]:
    return [part.span for part in partition(drafts, limit, VERSION)]


# --- partition (pure) --------------------------------------------------------------------------------

def test_the_whole_index_is_one_part_while_it_holds_at_most_the_limit():
    drafts = [draft(1, at(2019, 5, 1)), draft(2, at(2020, 5, 1)), draft(3, at(2021, 5, 1))]
    assert spans(drafts, 3) == ["all"]
    assert spans(drafts, 2) == ["2021", "2020", "2019"]


def test_a_full_year_is_cut_into_quarters_a_full_quarter_into_months_and_a_full_month_into_days():
    drafts = [draft(1, at(2019, 6, 1)),
              draft(2, at(2020, 3, 1)), draft(3, at(2020, 9, 1)),
              draft(4, at(2021, 4, 2)), draft(5, at(2021, 5, 2)),  # the second quarter
              draft(6, at(2021, 3, 9)), draft(7, at(2021, 3, 9, hour=10)), draft(8, at(2021, 3, 9, hour=11)),
              draft(9, at(2021, 2, 1)),
              draft(10, at(2021, 1, 6)), draft(11, at(2021, 1, 5)), draft(12, at(2021, 1, 5, hour=15))]
    parts = partition(reversed(drafts), 2, VERSION)
    # A day with more than the limit stays one part: nothing smaller is stable when bulletins are added.
    assert [part.span for part in parts] == ["2021-q2", "2021-03-09", "2021-02", "2021-01-06", "2021-01-05",
                                             "2020", "2019"]
    in_order = [draft.url for part in parts for draft in part.drafts]
    newest_first = sorted(drafts, key=lambda draft: -int(draft.sort["date"]))
    assert in_order == [draft.url for draft in newest_first]  # the parts are successive date ranges


def test_a_bulletin_belongs_to_its_date_in_vietnam():
    new_year = datetime(2020, 12, 31, 18, 30, tzinfo=VIETNAM) + timedelta(hours=6)  # 00:30 on 1 January 2021
    assert spans([draft(1, new_year), draft(2, at(2020, 6, 1))], 1) == ["2021", "2020"]


def test_a_part_keeps_its_digest_and_folder_while_its_own_bulletins_stay_the_same():
    drafts = [draft(1, at(2019, 6, 1)), draft(2, at(2020, 6, 1)), draft(3, at(2020, 7, 1))]
    before = {part.span: part for part in partition(drafts, 2, VERSION)}
    assert before["2020"].folder == f"2020-{before['2020'].digest[:16]}"
    added = {part.span: part for part in partition([*drafts, draft(4, at(2019, 8, 1))], 2, VERSION)}
    assert added["2020"].folder == before["2020"].folder and added["2019"].folder != before["2019"].folder
    edited = {part.span: part for part in partition([drafts[0], drafts[1], draft(3, at(2020, 7, 1), "Khác.")],
                                                    2, VERSION)}
    assert edited["2019"].folder == before["2019"].folder and edited["2020"].folder != before["2020"].folder
    upgraded = {part.span: part for part in partition(drafts, 2, "v2")}  # another program: every part again
    assert all(upgraded[span].folder != part.folder for span, part in before.items())


# --- the bundle, updated in place --------------------------------------------------------------------

SAMPLE = [draft(number, at(year, month, 10), f"Chi bộ {year} họp lần {number}, zzpart{number}.")
          for number, (year, month) in enumerate([(2019, 3), (2019, 8), (2020, 3), (2020, 8), (2021, 3), (2021, 8)])]


class Bundle:
    """A bundle in parts of at most two bulletins, updated by ``update_bundle`` as the indexing process does."""

    def __init__(self, folder: Path):
        self.path = folder / "pagefind"
        self.scratch = folder / "scratch"
        self.scratch.mkdir(parents=True)

    def update(self, drafts: list[RecordDraft]):
        return update_bundle(drafts, str(self.scratch), self.path)

    def listed(self) -> list[str]:
        return [part["folder"] for part in json.loads((self.path / PARTS_FILE).read_text("utf-8"))["parts"]]

    def files(self) -> dict[str, bytes]:
        return {path.relative_to(self.path).as_posix(): path.read_bytes()
                for path in self.path.rglob("*") if path.is_file()}

    def inodes(self) -> dict[str, int]:
        return {path.relative_to(self.path).as_posix(): path.stat().st_ino
                for path in self.path.rglob("*") if path.is_file()}


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Bundle:
    monkeypatch.setenv(PART_LIMIT_VARIABLE, "2")
    return Bundle(tmp_path)


def fresh(tmp_path: Path, drafts: list[RecordDraft]) -> dict[str, bytes]:
    """The files of a bundle made from nothing."""
    other = Bundle(tmp_path / "fresh")
    other.update(drafts)
    return other.files()


def test_an_unchanged_part_is_kept_untouched_and_a_changed_one_indexed_again(bundle, tmp_path):
    first = bundle.update(SAMPLE)
    assert (first.parts, first.kept, first.pages) == (3, 0, 6)
    listed, inodes = bundle.listed(), bundle.inodes()
    assert [folder[:4] for folder in listed] == ["2021", "2020", "2019"]
    again = bundle.update(SAMPLE)
    assert (again.parts, again.kept, again.pages) == (3, 3, 0)
    assert bundle.inodes() == inodes  # not a file written
    edited = [*SAMPLE[:3], draft(3, at(2020, 8, 10), "Chi bộ sửa bản tin, zzedited."), *SAMPLE[4:]]
    changed = bundle.update(edited)
    assert (changed.parts, changed.kept, changed.pages) == (3, 2, 2)
    now = bundle.listed()
    assert now[0] == listed[0] and now[2] == listed[2] and now[1] != listed[1]
    assert not (bundle.path / listed[1]).exists()
    untouched = {name: inode for name, inode in inodes.items() if not name.startswith(("2020", PARTS_FILE))}
    assert {name: bundle.inodes()[name] for name in untouched} == untouched  # the new list renamed over the old
    assert bundle.files() == fresh(tmp_path, edited)


def test_the_list_gives_each_part_its_pages_and_days_and_the_first_batch(bundle, monkeypatch):
    """What the search page picks the parts of a query by, without fetching them."""
    monkeypatch.setenv(FIRST_BATCH_VARIABLE, "3")
    drafts = [*SAMPLE, draft(6, datetime(2021, 12, 31, 23, 30, tzinfo=VIETNAM) + timedelta(hours=1))]  # 1 January
    bundle.update(drafts)
    listing = json.loads((bundle.path / PARTS_FILE).read_text("utf-8"))
    assert listing["first_batch"] == 3
    assert [(part["pages"], part["first"], part["last"]) for part in listing["parts"]] == [
        (1, "2022-01-01", "2022-01-01"), (2, "2021-03-10", "2021-08-10"), (2, "2020-03-10", "2020-08-10"),
        (2, "2019-03-10", "2019-08-10")]
    monkeypatch.delenv(FIRST_BATCH_VARIABLE)
    bundle.update(drafts)
    assert json.loads((bundle.path / PARTS_FILE).read_text("utf-8"))["first_batch"] == FIRST_BATCH


def test_a_year_left_without_bulletins_loses_its_part(bundle, tmp_path):
    bundle.update(SAMPLE)
    gone = bundle.listed()[2]
    stats = bundle.update(SAMPLE[2:])
    assert (stats.parts, stats.kept) == (2, 2)
    assert len(bundle.listed()) == 2 and not (bundle.path / gone).exists()
    assert bundle.files() == fresh(tmp_path, SAMPLE[2:])
    assert bundle.update([]).parts == 0 and bundle.listed() == []
    assert sorted(path.name for path in bundle.path.iterdir())[1:] == ["pagefind.js", PARTS_FILE]  # and the loader


def remove_a_fragment(folder: Path) -> None:
    next((folder / "fragment").iterdir()).unlink()


def cut_a_file_short(folder: Path) -> None:
    chunk = next((folder / "index").iterdir())
    chunk.write_bytes(chunk.read_bytes()[:-10])


def name_another_digest(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    manifest["digest"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def remove_the_manifest(folder: Path) -> None:
    (folder / MANIFEST).unlink()


@pytest.mark.parametrize("damage", [remove_a_fragment, cut_a_file_short, name_another_digest, remove_the_manifest])
def test_a_damaged_part_is_not_trusted_and_is_indexed_again(bundle, tmp_path, damage):
    bundle.update(SAMPLE)
    damaged = bundle.path / bundle.listed()[1]
    damage(damaged)
    assert not _complete(damaged, bundle.listed()[1])
    stats = bundle.update(SAMPLE)
    assert (stats.parts, stats.kept) == (3, 2)
    assert bundle.files() == fresh(tmp_path, SAMPLE)


def test_a_folder_holding_another_parts_index_is_not_trusted(bundle, tmp_path):
    bundle.update(SAMPLE)
    newest, middle, _ = bundle.listed()
    shutil.rmtree(bundle.path / middle)
    shutil.copytree(bundle.path / newest, bundle.path / middle)  # named as one part, holding another
    assert bundle.update(SAMPLE).kept == 2
    assert bundle.files() == fresh(tmp_path, SAMPLE)


def test_a_lost_list_and_leftovers_of_a_stopped_build_are_made_again_and_removed(bundle, tmp_path):
    bundle.update(SAMPLE)
    (bundle.path / PARTS_FILE).unlink()
    (bundle.path / f"{STAGING_PREFIX}2020-0123456789abcdef").mkdir()
    (bundle.path / f"{STAGING_PREFIX}{PARTS_FILE}").write_text("{", encoding="utf-8")
    (bundle.path / "fragment").mkdir()  # a bundle of one piece, from before the parts
    assert bundle.update(SAMPLE).kept == 3
    assert bundle.files() == fresh(tmp_path, SAMPLE)


def linked_copy(source: Path, target: Path) -> None:
    """What ``bulletins publish`` starts from: the live site's files, hard-linked."""
    shutil.copytree(source, target, copy_function=os.link)


def test_no_file_of_the_previous_bundle_is_written_when_it_is_a_hard_linked_copy(bundle, tmp_path):
    bundle.update(SAMPLE)
    live = bundle.files()
    linked_copy(bundle.path, tmp_path / "copy" / "pagefind")
    copy = Bundle(tmp_path / "copy")
    edited = [*SAMPLE[:5], draft(5, at(2021, 8, 10), "Bản tin mới, zznew.")]
    (copy.path / PARTS_FILE).unlink()  # every file the update may replace or remove
    stats = copy.update(edited)
    assert stats.kept == 2
    assert bundle.files() == live  # the live bundle, byte for byte
    assert copy.files() == fresh(tmp_path, edited)


class ToldLater:
    """``update_bundle`` run as the indexing process runs it, in a thread: the bundle's folder told by the build
    (down a pipe) only when ``tell`` is called."""

    def __init__(self, bundle: Bundle, drafts: list[RecordDraft], previous: Path | None):
        reading, self._writing = os.pipe()
        told = BundleFolder.told_by(os.fdopen(reading, "rb"))
        self.early = bundle.scratch / "parts"
        self.path, self.stats = bundle.path, None
        self._worker = threading.Thread(target=self._update, args=(drafts, str(bundle.scratch), told, previous))
        self._worker.start()

    def _update(self, *arguments) -> None:
        self.stats = update_bundle(*arguments)

    def indexed_early(self) -> int:
        return len(list(self.early.glob("*/manifest.json")))

    def wait_for_early_parts(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while self.indexed_early() < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def tell(self):
        with os.fdopen(self._writing, "wb") as stream:
            pickle.dump(str(self.path), stream)
        self._worker.join()
        return self.stats


def test_parts_indexed_before_the_build_says_where_the_bundle_is_are_copied_into_it(bundle, tmp_path):
    update = ToldLater(bundle, SAMPLE, previous=None)  # a full build: every part is indexed at once
    update.wait_for_early_parts(3)
    assert update.indexed_early() == 3 and not bundle.path.exists()  # nothing written before it is told
    stats = update.tell()
    assert (stats.parts, stats.kept, stats.pages) == (3, 0, 6)
    assert bundle.files() == fresh(tmp_path, SAMPLE)


def test_the_bundle_the_build_starts_from_decides_only_what_is_indexed_early(bundle, tmp_path):
    bundle.update(SAMPLE)  # the live site's bundle
    edited = [*SAMPLE[:5], draft(5, at(2021, 8, 10), "Bản tin mới, zznew.")]
    output = Bundle(tmp_path / "output")  # the build's folder holds no bundle (the copy could not be made)
    update = ToldLater(output, edited, previous=bundle.path)
    update.wait_for_early_parts(1)
    stats = update.tell()
    assert update.indexed_early() == 1  # the part the live bundle lacks; the others when the folder was known
    assert (stats.parts, stats.kept, stats.pages) == (3, 0, 6)
    assert output.files() == fresh(tmp_path, edited)


def staging_folders(bundle: Bundle) -> list[Path]:
    return [path for path in bundle.path.glob(f"{STAGING_PREFIX}*") if path.is_dir()]


def test_an_indexing_process_killed_midway_leaves_the_previous_bundle_usable(bundle, tmp_path):
    bundle.update(SAMPLE)
    before = bundle.files()
    drafts = [draft(number, at(2000 + number, 6, 1), f"Văn bản khác {number}.") for number in range(12)]
    sent = tmp_path / "drafts"
    with sent.open("wb") as stream:
        for item in [None, *drafts, None, str(bundle.path)]:
            pickle.dump(item, stream)
    with sent.open("rb") as stream:
        process = subprocess.Popen([sys.executable, "-m", "generator.indexer", str(bundle.scratch)],
                                   stdin=stream, stdout=subprocess.DEVNULL, env={**os.environ, PART_LIMIT_VARIABLE: "1"})
    try:
        deadline = time.monotonic() + 60
        while not staging_folders(bundle) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert staging_folders(bundle)  # it was killed while indexing a part
    assert {name: data for name, data in bundle.files().items() if name in before} == before
    assert all(_complete(bundle.path / folder, json.loads((bundle.path / folder / MANIFEST).read_text())["digest"])
               for folder in bundle.listed())
    assert bundle.update(SAMPLE).kept == 3  # and the next build trusts it, and clears what was left
    assert bundle.files() == before


# --- real builds -------------------------------------------------------------------------------------

def dirty_build(site_dir) -> None:
    config = load_config(config_file=str(site_dir.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=True)
    build(config, dirty=True)


def bundle_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in (site / "pagefind").rglob("*") if path.is_file()}


def test_a_dirty_rebuild_gives_the_bundle_a_clean_build_gives(site_dir, monkeypatch, caplog):
    monkeypatch.setenv(PART_LIMIT_VARIABLE, "2")
    for number, year in enumerate([2019, 2019, 2020, 2020, 2021]):
        site_dir.add(f"bulletins/b{number}.md", title=f"Bản tin {number}", date=f"{year}-05-0{number + 1} 09:00",
                     body=f"Chi bộ họp *lần* {number}.")
    site_dir.build()
    site_dir.add("bulletins/b2.md", title="Bản tin 2", date="2020-05-03 09:00", body="Chi bộ họp **lại**.")
    caplog.set_level("INFO")
    dirty_build(site_dir)
    assert any("3 parts, 2 kept from the last build, 1 indexed again (2 bulletins)" in record.getMessage()
               for record in caplog.records)
    dirty = bundle_files(site_dir.site)
    shutil.rmtree(site_dir.site)
    site_dir.build()  # from nothing
    assert bundle_files(site_dir.site) == dirty


ORPHANED = """
import subprocess
from generator.search import _die_with_parent
child = subprocess.Popen(["sleep", "60"], preexec_fn=_die_with_parent)
print(child.pid, flush=True)
child.wait()
"""


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, ended but not yet waited for, has no command line)."""
    try:
        return bool(Path(f"/proc/{pid}/cmdline").read_bytes())
    except OSError:
        return False


def test_a_pagefind_run_ends_with_the_indexing_process_that_started_it():
    """An indexing process killed midway must not leave its Pagefind run writing into a folder the next build
    clears (once it did: the next build's removal failed, "Directory not empty")."""
    parent = subprocess.Popen([sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(child)
