"""What a build keeps for the next: taken only when whole and made by the same program, never written in place."""

import os

import pytest

from generator.buildcache import (
    STATE_FILE,
    BuildState,
    StoredCache,
    files_key,
    forget_state,
    program_key,
    read_state,
    write_replacing,
    write_state,
)


def test_a_stored_value_comes_back_only_with_its_key(tmp_path):
    StoredCache(tmp_path, "read", "v1").save({"a.md": (1, 2)})
    assert StoredCache(tmp_path, "read", "v1").load() == {"a.md": (1, 2)}
    assert StoredCache(tmp_path, "read", "v2").load() is None
    assert StoredCache(tmp_path, "other", "v1").load() is None


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"", lambda data: b"garbage",
                                    lambda data: data.replace(b"a.md", b"b.md")[:-3]])
def test_a_damaged_store_reads_as_nothing(tmp_path, damage):
    cache = StoredCache(tmp_path, "read", "v1")
    cache.save({"a.md": (1, 2)})
    cache.path.write_bytes(damage(cache.path.read_bytes()))
    assert cache.load() is None


def test_replacing_a_file_leaves_its_hard_links_as_they_were(tmp_path):
    live, copy = tmp_path / "live.html", tmp_path / "copy.html"
    live.write_bytes(b"old")
    os.link(live, copy)
    write_replacing(copy, b"new")
    assert live.read_bytes() == b"old" and copy.read_bytes() == b"new"
    assert live.stat().st_nlink == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy.html", "live.html"]  # no temporary left


def test_the_state_is_read_back_only_with_its_key_and_forgotten_when_a_build_starts(tmp_path):
    write_state(tmp_path, "k1", BuildState({"a/index.html": "ab12"}, ["a/index.html", "sitemap.xml"]))
    assert read_state(tmp_path, "k1") == BuildState({"a/index.html": "ab12"}, ["a/index.html", "sitemap.xml"])
    assert read_state(tmp_path, "k2") == BuildState()
    forget_state(tmp_path)
    assert not (tmp_path / STATE_FILE).exists()
    assert read_state(tmp_path, "k1") == BuildState()


@pytest.mark.parametrize("text", ["", "{", '{"key": "k1"}', '{"key": "k1", "pages": [], "files": []}',
                                  '{"key": "k1", "pages": {}, "files": {}}', "[1, 2]"])
def test_a_damaged_state_reads_as_none(tmp_path, text):
    (tmp_path / STATE_FILE).write_text(text, encoding="utf-8")
    assert read_state(tmp_path, "k1") == BuildState()


def test_the_files_key_changes_with_any_byte_or_name(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>", encoding="utf-8")
    paths = sorted(tmp_path.iterdir())
    first = files_key(paths, tmp_path)
    assert files_key(paths, tmp_path) == first
    assert files_key(paths, tmp_path, extra=["mkdocs 1.6.1"]) != first
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert files_key(paths, tmp_path) != first
    (tmp_path / "a.py").rename(tmp_path / "c.py")
    assert files_key(sorted(tmp_path.iterdir()), tmp_path) != first


def test_the_program_key_is_the_same_within_a_process_and_names_the_package():
    assert program_key() == program_key() and len(program_key()) == 32
