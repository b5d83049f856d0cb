"""A republish does only the work a change needs and gives the same site as a full build from scratch.

Each test publishes a small site, changes one thing, publishes again into the same DEST, and compares DEST file
by file with a clean `mkdocs build` of the same content. The build's time is fixed (``SOURCE_DATE_EPOCH``), so
nothing may differ, ``sitemap.xml.gz`` included. The previous live site must come out of it untouched: a republish
starts from hard links to its files and must never write one in place.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, UNITS
from generator.buildcache import CACHE_FOLDER, STATE_FILE
from generator.publish import publish


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))


@pytest.fixture
def project(site_dir, tmp_path, monkeypatch):
    """A small site with its own copy of the theme, published once to DEST (``project.dest``)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    site_dir.config_text = site_dir.config_text.replace(str(REPO / "theme"), str(theme))
    site_dir.theme = theme
    people = [{"name": "Lê Việt Triều", "role": "Phó Bí thư"}, {"name": "Trần Thị Hoa", "role": "Bí thư"}]
    site_dir.add("bulletins/2012/11/hoi-nghi.md", title="Hội nghị kiểm điểm NQTW4", topics=["nqtw4"],
                 participants=people, image="bulletins/2012/11/anh.png", image_caption="Toàn cảnh hội nghị",
                 body="Đảng ủy Khối tổ chức hội nghị.\n\n![Toàn cảnh](anh.png)")
    site_dir.write("bulletins/2012/11/anh.png", png(1))
    site_dir.write("bulletins/2012/11/bien-ban.pdf", b"%PDF-1.4 bi\xc3\xaan b\xe1\xba\xa3n\n")
    site_dir.add("bulletins/2013/01/so-lao-dong.md", title="Sở Lao động kiểm điểm", unit="so-lao-dong",
                 date="2013-01-10 08:00", topics=["kiem-diem"], participants=people[:1])
    site_dir.add("bulletins/2013/02/chi-bo.md", title="Chi bộ Người có công kiểm điểm", unit="chi-bo-nguoi-co-cong",
                 date="2013-02-03 09:30")
    site_dir.dest = tmp_path / "www" / "bantin"
    republish(site_dir)
    return site_dir


def png(width: int) -> bytes:
    """The head of a PNG file as wide as ``width`` pixels: what the build reads of a picture (its size)."""
    header = width.to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + len(header[:13]).to_bytes(4, "big") + b"IHDR" + header + b"\0\0\0\0"


def republish(site_dir) -> None:
    publish(site_dir.config_file(), site_dir.dest, log=lambda message: None)


def full_build(site_dir) -> dict[str, bytes]:
    """A clean build of the same content, in a folder of its own, with no cache from earlier builds."""
    shutil.rmtree(site_dir.root / CACHE_FOLDER, ignore_errors=True)
    return files(site_dir.build())


CHANGES = {
    "add a bulletin": lambda s: s.add("bulletins/2013/03/moi.md", title="Bản tin mới", unit="so-lao-dong",
                                      date="2013-03-05 10:00", topics=["nqtw4"]),
    "edit a bulletin": lambda s: s.add("bulletins/2013/01/so-lao-dong.md", title="Sở Lao động kiểm điểm (sửa)",
                                       unit="so-lao-dong", date="2013-01-10 08:00", topics=["kiem-diem"]),
    "delete a bulletin": lambda s: (s.content / "bulletins/2013/02/chi-bo.md").unlink(),
    "unpublish a bulletin": lambda s: s.add("bulletins/2013/02/chi-bo.md", title="Chi bộ Người có công kiểm điểm",
                                            unit="chi-bo-nguoi-co-cong", date="2013-02-03 09:30", draft=True),
    "replace a picture": lambda s: s.write("bulletins/2012/11/anh.png", png(2)),
    "delete a file": lambda s: (s.content / "bulletins/2012/11/bien-ban.pdf").unlink(),
    "rename a unit": lambda s: s.write("units.yml", UNITS.replace("name: Đảng ủy Sở Lao động", "name: Đảng bộ Sở Lao động")),
    "change mkdocs.yml": lambda s: setattr(s, "config_text", s.config_text.replace("Bản tin thử", "Bản tin mới")),
    "change a template": lambda s: (s.theme / "bulletins" / "card.html").write_text(
        (s.theme / "bulletins" / "card.html").read_text(encoding="utf-8") + "<!-- thẻ -->\n", encoding="utf-8"),
    "upgrade the program": lambda s: (s.dest / STATE_FILE).write_text(
        (s.dest / STATE_FILE).read_text(encoding="utf-8").replace('"key":"', '"key":"0'), encoding="utf-8"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_republish_after_a_change_equals_a_full_build(project, change):
    CHANGES[change](project)
    live_before = files(project.dest)
    republish(project)
    published = files(project.dest)
    assert files(project.dest.with_name("bantin.previous")) == live_before, "the old live site was written into"
    assert differences(published, full_build(project)) == []
    assert published != live_before


def test_a_republish_writes_only_what_the_change_needs(project):
    before = inodes(project.dest)
    project.add("bulletins/2013/03/moi.md", title="Bản tin mới", unit="chi-bo-nguoi-co-cong", date="2013-03-05 10:00")
    republish(project)
    after = inodes(project.dest)
    written = {path for path, inode in after.items() if before.get(path) != inode}
    assert "bulletins/2013/03/moi/index.html" in written
    assert "bulletins/2012/11/hoi-nghi/index.html" not in written  # another unit's, and no shared list changed
    assert "assets/javascripts/search.js" not in written
    assert len(written) < len(after) / 2


def test_a_republish_with_nothing_changed_rewrites_no_page(project):
    before = inodes(project.dest)
    republish(project)
    after = inodes(project.dest)
    written = sorted(path for path, inode in after.items() if before.get(path) != inode and path.endswith(".html"))
    assert written == ["404.html"]
    assert files(project.dest) == files(project.dest.with_name("bantin.previous"))


@pytest.mark.parametrize("damage", ["cut short", "garbage", "missing"])
@pytest.mark.parametrize("what", ["read cache", "links cache", "build state"])
def test_a_damaged_or_missing_cache_is_ignored(project, what, damage):
    path = {"read cache": project.root / CACHE_FOLDER / "read.pickle",
            "links cache": project.root / CACHE_FOLDER / "links.pickle",
            "build state": project.dest / STATE_FILE}[what]
    data = path.read_bytes()
    path.unlink()
    if damage == "cut short":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle{")
    project.add("bulletins/2013/01/so-lao-dong.md", title="Sở Lao động kiểm điểm lần hai", unit="so-lao-dong",
                date="2013-01-10 08:00")
    republish(project)
    assert differences(files(project.dest), full_build(project)) == []


def test_a_cache_from_another_project_is_ignored(project, tmp_path):
    """The read cache knows files by size, date and inode: another folder's entries are never taken."""
    other = tmp_path / "other"
    shutil.copytree(project.root, other, ignore=shutil.ignore_patterns("site"))
    shutil.copytree(project.root / CACHE_FOLDER, other / CACHE_FOLDER, dirs_exist_ok=True)
    (other / "content" / "bulletins/2012/11/hoi-nghi.md").write_text(
        (other / "content" / "bulletins/2012/11/hoi-nghi.md").read_text(encoding="utf-8")
        .replace("Hội nghị kiểm điểm NQTW4", "Hội nghị khác"), encoding="utf-8")
    config = other / "mkdocs.yml"
    publish(config, tmp_path / "www" / "other", log=lambda message: None)
    assert "Hội nghị khác" in (tmp_path / "www" / "other" / "index.html").read_text(encoding="utf-8")


def building(fresh: Path) -> bool:
    """The copy of the live site is made and the build has started in it (it removes the state first)."""
    return (fresh / "index.html").exists() and not (fresh / STATE_FILE).exists()


def test_a_killed_republish_leaves_the_live_site_and_the_cache_usable(project):
    live_before = files(project.dest)
    project.add("bulletins/2013/03/moi.md", title="Bản tin mới", unit="so-lao-dong", date="2013-03-05 10:00")
    command = [str(Path(sys.executable).parent / "bulletins"), "publish", str(project.dest), "--config",
               str(project.config_file())]
    child = subprocess.Popen(command, cwd=project.root, start_new_session=True, env={**os.environ})
    fresh = f"{project.dest.name}.new-"
    deadline = time.monotonic() + 60
    while not any(building(path) for path in project.dest.parent.iterdir() if path.name.startswith(fresh)):
        assert child.poll() is None and time.monotonic() < deadline, "the publish ended before it could be stopped"
        time.sleep(0.005)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert files(project.dest) == live_before
    for leftover in project.dest.parent.glob(f"{fresh}*"):
        shutil.rmtree(leftover)
    republish(project)
    assert differences(files(project.dest), full_build(project)) == []


def test_a_previous_site_of_any_shape_becomes_a_copy_of_the_live_one(project):
    """The copy is made from DEST.previous by linking only what differs: whatever it holds, the build starts
    from the live site's files."""
    republish(project)
    previous = project.dest.with_name("bantin.previous")
    (previous / "index.html").unlink()  # a link to the live file: replaced, not written into
    (previous / "index.html").write_text("sửa tay", encoding="utf-8")
    (previous / "rac" / "sau").mkdir(parents=True)
    (previous / "rac" / "sau" / "tep.html").write_text("rác", encoding="utf-8")
    shutil.rmtree(previous / "chu-de")
    (previous / "chu-de").write_text("một tệp ở chỗ một thư mục", encoding="utf-8")
    (previous / "feed.xml").unlink()
    (previous / "feed.xml").mkdir()
    live_before = files(project.dest)
    project.add("bulletins/2013/03/moi.md", title="Bản tin mới", unit="so-lao-dong", date="2013-03-05 10:00")
    republish(project)
    assert files(previous) == live_before
    assert differences(files(project.dest), full_build(project)) == []


@pytest.fixture
def sample(site_dir, tmp_path, monkeypatch):
    """The sample site (sub-units, campaigns, people, related bulletins) with the project's mkdocs.yml,
    published once to DEST."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shutil.rmtree(site_dir.content)
    shutil.copytree(REPO / "content", site_dir.content)
    site_dir.config_text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    site_dir.dest = tmp_path / "www" / "bantin"
    republish(site_dir)
    return site_dir


RENAMES = {
    "unit": ("units.yml", "name: Chi bộ Liên hiệp Các tổ chức hữu nghị",
             "name: Chi bộ Liên hiệp các tổ chức hữu nghị thành phố",
             "don-vi/chi-bo-lien-hiep-cac-to-chuc-huu-nghi/index.html"),
    "topic": ("topics.yml", "name: Kiểm tra, giám sát", "name: Công tác kiểm tra, giám sát",
              "chu-de/kiem-tra-giam-sat/index.html"),
}


@pytest.mark.parametrize("renamed", list(RENAMES))
def test_a_renamed_unit_or_topic_rewrites_the_bulletin_pages_that_show_it_and_no_other(sample, renamed):
    registry, old, new, own_page = RENAMES[renamed]
    path = sample.content / registry
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    before = inodes(sample.dest)
    republish(sample)
    published = files(sample.dest)
    assert differences(published, full_build(sample)) == []
    written = {path for path, inode in inodes(sample.dest).items() if before.get(path) != inode}
    bulletins = {path for path in published if path.startswith("bulletins/") and path.endswith("index.html")}
    showing = {path for path in bulletins if new.removeprefix("name: ").encode() in published[path]}
    assert own_page in written and showing
    assert bulletins & written == showing  # the others keep their files


def test_a_republish_after_a_template_change_keeps_the_search_index(project):
    """Another template makes a republish write every page, but the index's parts hold the same bulletins."""
    before = inodes(project.dest)
    CHANGES["change a template"](project)
    republish(project)
    after = inodes(project.dest)
    index = [path for path in after if path.startswith("pagefind/")]
    assert index and [path for path in index if after[path] != before.get(path)] == []
    assert after["index.html"] != before["index.html"]
