"""The search index's edges that make mutation testing (``make mutate``) fail when they are wrong: what one run of
Pagefind is told and counts, where its pages are written, and the part limit a site gets by default."""

from __future__ import annotations

import os
import time
from datetime import datetime

import pytest

from generator import search
from generator.search import PART_LIMIT_VARIABLE, SCRATCH_PREFIX, SearchRecord, write_index
from generator.vietnamese import VIETNAM
from test_search_parts import SAMPLE, Bundle


def record(url: str, title: str, text: str) -> SearchRecord:
    when = datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM)
    return SearchRecord(url, title.split(), text.split(), {"date": "12/11/2012 - 14:49"}, {"year": ["2012"]},
                        {"date": str(int(when.timestamp()))})


RECORDS = [record("bulletins/a/", "Đảng ủy họp", "Chi bộ kiểm điểm cuối năm"),
           record("bulletins/b/", "Hội nghị", "Tự phê bình")]


def test_the_counts_are_of_pages_words_and_variants_and_the_seconds_pagefind_s_run(tmp_path):
    started = time.perf_counter()
    stats = write_index(RECORDS, tmp_path / "pagefind")
    elapsed = time.perf_counter() - started
    assert (stats.pages, stats.words, stats.variants) == (2, 3 + 6 + 2 + 3, 2)  # Dảng, diểm: written otherwise
    assert 0 < stats.seconds <= elapsed


def test_pages_that_pagefind_did_not_all_index_stop_the_build(tmp_path):
    """Two records of one address: the second page is written over the first, and Pagefind indexes one."""
    with pytest.raises(RuntimeError) as raised:
        write_index([RECORDS[0], record("bulletins/a/", "Trùng", "địa chỉ")], tmp_path / "pagefind")
    assert str(raised.value) == "Pagefind indexed 1 pages of 2"


def test_an_index_written_again_holds_only_the_new_pages(tmp_path):
    write_index(RECORDS, tmp_path / "pagefind")
    stale = tmp_path / "pagefind" / "stale.txt"
    stale.write_text("x", encoding="utf-8")
    assert write_index(RECORDS[1:], tmp_path / "pagefind").pages == 1
    assert not stale.exists()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_the_pages_are_written_in_a_folder_of_their_own_in_the_memory_folder(tmp_path, monkeypatch):
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "RAM_FOLDER", str(memory))
    seen: set[str] = set()

    def noting_the_memory_folder():
        for each in RECORDS:
            yield each
            seen.update(path.name for path in memory.iterdir())

    write_index(noting_the_memory_folder(), tmp_path / "pagefind", size_bound=1000)
    [folder] = seen
    assert folder.startswith(SCRATCH_PREFIX)
    assert not any(memory.iterdir())


def test_without_a_limit_set_a_small_site_is_one_part(tmp_path, monkeypatch):
    monkeypatch.delenv(PART_LIMIT_VARIABLE, raising=False)
    bundle = Bundle(tmp_path)
    assert bundle.update(SAMPLE).parts == 1
    assert [folder.split("-")[0] for folder in bundle.listed()] == ["all"]
    assert os.environ.get(PART_LIMIT_VARIABLE) is None


def test_without_pagefind_s_program_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "get_executable", lambda: None)  # pagefind installed without its binary
    with pytest.raises(RuntimeError) as raised:
        write_index(RECORDS, tmp_path / "pagefind")
    assert str(raised.value) == ("Pagefind's program is missing: install the project's dependencies "
                                 "(pagefind[bin])")


def test_pagefind_stopping_is_reported_with_its_exit_code_and_its_own_words(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(RuntimeError) as raised:
        write_index(RECORDS, tmp_path / "a-file" / "pagefind")  # it cannot make its output folder
    message = str(raised.value)
    assert message.startswith("Pagefind stopped with exit code 101: thread 'main'")  # 101: Rust's panic
    assert "Not a directory" in message and message == message.strip()
