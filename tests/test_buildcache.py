"""What a build keeps for the next: taken only when whole and made by the same program, never written in place."""

import contextlib
import json
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import pytest

from generator import buildcache
from generator.buildcache import (
    CACHE_FOLDER,
    STATE_FILE,
    BuildState,
    StoredCache,
    files_key,
    forget_state,
    load_caches,
    load_read_cache,
    package_key,
    program_key,
    read_state,
    save_caches,
    write_replacing,
    write_state,
)
from generator.content import Bulletin
from generator.incremental import ReadCache
from generator.registry import load_registries
from generator.related import ReadingCache


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


def test_the_state_file_is_compact_sorted_utf8(tmp_path):
    """Two builds of the same pages leave the same bytes (a republish is compared with a full build)."""
    pages = {"tai-lieu/biên-bản.pdf": "cd34", "a/index.html": "ab12"}
    write_state(tmp_path, "k1", BuildState(pages, ["tai-lieu/biên-bản.pdf", "a/index.html"]))
    assert (tmp_path / STATE_FILE).read_bytes().decode("utf-8") == (
        '{"key":"k1","pages":{"a/index.html":"ab12","tai-lieu/biên-bản.pdf":"cd34"},'
        '"files":["a/index.html","tai-lieu/biên-bản.pdf"]}')


def test_the_state_is_read_as_utf8_whatever_the_locale(tmp_path, ascii_locale):
    state = BuildState({"tai-lieu/biên-bản.pdf": "cd34"}, ["tai-lieu/biên-bản.pdf"])
    write_state(tmp_path, "k1", state)
    assert read_state(tmp_path, "k1") == state


def test_forgetting_a_state_that_is_not_there_is_no_error(tmp_path):
    forget_state(tmp_path)
    forget_state(tmp_path / "site")  # the first build: no output folder yet
    assert not (tmp_path / STATE_FILE).exists()


def test_the_new_file_is_made_beside_the_old_under_a_hidden_name(tmp_path, monkeypatch):
    """Renamed on the same file system, so a reader sees one file or the other; a build stopped between the two
    leaves a hidden file named after its page. The system's temporary folder plays no part."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    renamed = []
    rename = os.replace

    def replace(source, target):
        renamed.append(Path(source))
        rename(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_replacing(tmp_path / "index.html", b"new")
    assert (tmp_path / "index.html").read_bytes() == b"new"
    [temporary] = renamed
    assert temporary.parent == tmp_path and temporary.name.startswith(".index.html.")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    (tmp_path / "index.html").write_bytes(b"old")
    with pytest.raises(TypeError):
        write_replacing(tmp_path / "index.html", "not bytes")
    assert [path.name for path in tmp_path.iterdir()] == ["index.html"]
    assert (tmp_path / "index.html").read_bytes() == b"old"


def test_a_temporary_gone_before_the_rename_gives_the_rename_s_error(tmp_path, monkeypatch):
    """The folder emptied meanwhile (a clean-up, a removed site): the caller learns what the rename met."""
    def replace(source, target):
        os.unlink(source)
        raise FileNotFoundError(2, "No such file or directory", source)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(FileNotFoundError):
        write_replacing(tmp_path / "index.html", b"new")


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


# --- what one build keeps for the next process ---------------------------------------------------

@pytest.fixture
def forget_program_key():
    """A call that has ``program_key`` worked out anew, made again after the test: the key is cached for a
    process's life (``make mutate`` takes the cache off, and there is then nothing to forget)."""
    forget = getattr(program_key, "cache_clear", lambda: None)
    forget()
    yield forget
    forget()


def read_a(cache: ReadCache, site_dir) -> Bulletin:
    """``bulletins/a.md`` as a build reads it through ``cache``."""
    registries, _ = load_registries(site_dir.content)
    bulletin, _ = cache.reader(site_dir.content)(site_dir.content, "bulletins/a.md", registries)
    return bulletin


def test_the_next_build_takes_the_bulletins_read_and_reads_none_again(site_dir, tmp_path):
    site_dir.add("bulletins/a.md", title="Hội nghị kiểm điểm")
    read = ReadCache()
    read_a(read, site_dir)
    folder = tmp_path / "du-an" / CACHE_FOLDER  # neither .cache/ nor the project folder exists yet
    save_caches(folder, (read, ReadingCache()))
    taken, reading = load_caches(folder)
    assert isinstance(reading, ReadingCache)
    assert read_a(taken, site_dir).title == "Hội nghị kiểm điểm" and not taken.changed
    again = load_read_cache(folder)
    assert read_a(again, site_dir).title == "Hội nghị kiểm điểm" and not again.changed
    stored = folder / "read.pickle"
    before = stored.stat().st_ino
    save_caches(folder, (again, ReadingCache()))  # nothing read anew: the file stays as it was
    assert stored.stat().st_ino == before


def test_what_this_program_stored_as_its_read_caches_is_taken(tmp_path):
    StoredCache(tmp_path, "read", program_key()).save_pieces([ReadingCache()])
    read, _reading = load_caches(tmp_path)
    assert not read.changed  # the stored one (a new cache is changed: it has read nothing yet)


def test_pieces_come_back_whole_or_not_at_all(tmp_path):
    cache = StoredCache(tmp_path, "read", "v1")
    cache.save_pieces([{"a": 1}, [2], "ba"])
    assert cache.load_pieces() == [{"a": 1}, [2], "ba"]
    assert cache.load() is None  # three values, not one
    whole = cache.path.read_bytes()
    cache.path.write_bytes(whole[:-len(pickle.dumps(None, protocol=pickle.HIGHEST_PROTOCOL))])  # no end mark
    assert cache.load_pieces() is None
    assert StoredCache(tmp_path, "read", "v2").load_pieces() is None


def test_the_bulletins_read_are_stored_a_thousand_a_pickle_and_come_back_all(tmp_path):
    entries = {f"bulletins/b{number}.md": (number, (None, [])) for number in range(2500)}
    read = ReadCache.from_pieces([entries])
    read.changed = True
    save_caches(tmp_path, (read, ReadingCache()))
    with open(tmp_path / "read.pickle", "rb") as stored:
        pickles = []
        with contextlib.suppress(EOFError):
            while True:
                pickles.append(pickle.load(stored))
    assert [len(piece) for piece in pickles[2:-1]] == [1000, 1000, 500]
    assert isinstance(pickles[1], ReadingCache) and pickles[-1] is None
    taken, _reading = load_caches(tmp_path)
    assert list(taken.pieces(10_000)) == [entries] and not taken.changed


def test_the_stored_related_lists_leave_the_bulletins_out(site_dir):
    """They are stored with the bulletins read, in pieces of their own: the lists keep paths only."""
    site_dir.add("bulletins/a.md", title="Hội nghị kiểm điểm riêng")
    site_dir.add("bulletins/b.md", title="Bản tin khác")
    reading = ReadingCache()
    read = ReadCache()
    bulletins = [read_a(read, site_dir)]
    reading.links(bulletins)
    stored = pickle.dumps(reading)
    assert "riêng".encode() not in stored
    again = pickle.loads(stored)
    assert again.links(bulletins).keys() == {"bulletins/a.md"}


@pytest.mark.parametrize("stored", [["x", {}], [ReadingCache(), "x"], [ReadingCache(), {}, [1]], [(1, 2)], [],
                                    [(ReadCache(), ReadingCache())]])
def test_caches_of_another_shape_read_as_empty(tmp_path, stored):
    StoredCache(tmp_path, "read", program_key()).save_pieces(stored)
    read, reading = load_caches(tmp_path)
    assert isinstance(read, ReadCache) and read.changed and isinstance(reading, ReadingCache)


def test_a_new_version_of_a_dependency_drops_the_caches(tmp_path, monkeypatch, forget_program_key):
    save_caches(tmp_path, (ReadCache(), ReadingCache()))
    assert not load_read_cache(tmp_path).changed
    installed = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "mkdocs" else installed(name))
    forget_program_key()
    assert load_read_cache(tmp_path).changed


def test_a_missing_dependency_gives_a_key_of_its_own(monkeypatch, forget_program_key):
    with_pagefind = program_key()
    installed = metadata.version

    def version(name: str) -> str:
        if name == "pagefind":
            raise metadata.PackageNotFoundError(name)
        return installed(name)

    monkeypatch.setattr(metadata, "version", version)
    forget_program_key()
    assert program_key() != with_pagefind


def test_the_package_key_changes_with_any_file_of_the_package_but_not_with_compiled_modules(tmp_path):
    package = tmp_path / "generator"
    shutil.copytree(Path(buildcache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    assert package_key(package) == program_key()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "buildcache.cpython-311.pyc").write_bytes(b"compiled")
    assert package_key(package) == program_key()
    (package / "locale" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    assert package_key(package) != program_key()


def test_a_large_state_is_written_in_batches_as_one_json_text(tmp_path):
    pages = {f"bulletins/b{number}/index.html": f"{number:032x}" for number in range(2500)}
    files = [*pages, "a<b>&c.html"]
    write_state(tmp_path, "v1", BuildState(pages, files))
    text = (tmp_path / STATE_FILE).read_text(encoding="utf-8")
    assert json.loads(text) == {"key": "v1", "pages": pages, "files": sorted(files)}
    assert "<" not in text and "&" not in text
    assert read_state(tmp_path, "v1") == BuildState(pages, sorted(files))
