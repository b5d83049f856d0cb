"""Where the search indexer writes its temporary pages: a memory-backed folder when it has room."""

from __future__ import annotations

import shutil
from collections import namedtuple
from datetime import datetime

from conftest import REPO
from generator import search
from generator.search import pages_size_bound, site_records, write_index
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)
Usage = namedtuple("Usage", "total used free")


def test_the_memory_folder_is_used_only_with_room_for_twice_the_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "RAM_FOLDER", str(tmp_path))
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(1000, 800, 200))
    assert search.scratch_folder(100) == str(tmp_path)
    assert search.scratch_folder(101) is None
    monkeypatch.setattr(search, "RAM_FOLDER", str(tmp_path / "missing"))
    assert search.scratch_folder(1) is None


def test_pagefind_indexes_the_same_pages_from_the_memory_folder_or_the_default_one(tmp_path, monkeypatch):
    records = list(site_records(load_site(REPO / "content", NOW)))  # the sample bulletins
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "RAM_FOLDER", str(memory))
    write_index(records, tmp_path / "from-memory", sum(len(record.page().encode()) for record in records))
    assert not any(memory.iterdir())  # the pages are deleted
    monkeypatch.setattr(search, "RAM_FOLDER", str(tmp_path / "missing"))
    write_index(records, tmp_path / "from-disk")
    # Pagefind names filter files differently from run to run; the pages' fragments are stable.
    fragments = [{path.name: path.read_bytes() for path in (tmp_path / bundle / "fragment").iterdir()}
                 for bundle in ("from-memory", "from-disk")]
    assert len(fragments[0]) == len(records) and fragments[0] == fragments[1]


def test_the_size_bound_holds_for_the_costliest_text(site_dir):
    """Nearly every character three bytes in UTF-8 and every word indexed twice (đ written d), long names."""
    body = " ".join(["đờờờờờờờ"] * 20_000)
    site_dir.add("bulletins/a.md", title="Đảng ủy " * 20, body=body, summary="Đoàn " * 50,
                 participants=[f"Đặng Đức Độ {number}, Phó Bí thư Đảng ủy Khối Cơ quan Dân Chính Đảng" for number in range(6)])
    site_dir.add("bulletins/b.md", title="Ngắn", body="")
    site = load_site(site_dir.content, NOW)
    made = sum(len(record.page().encode()) for record in site_records(site))
    assert made <= pages_size_bound(site)
