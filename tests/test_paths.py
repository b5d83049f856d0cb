"""Hostile paths: ids, file names, image paths and aliases that climb out with '..', are absolute, use
backslashes or URL schemes are refused with a clear message; and nothing is ever written outside site/
(by a build) or the content folder's bulletins/ (by the editor commands)."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.site import load_site
from generator.vietnamese import VIETNAM

BULLETINS = str(Path(sys.executable).parent / "bulletins")
NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)
PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>'
NOT_INSIDE = ("is not a path inside the content folder (copy the picture into content/images/ and write its path, "
              "e.g. images/2012/anh.jpg (the intranet cannot load pictures from the internet))")
CLIMBS = "climbs out of its folder with '..' (write the path from the content folder, e.g. images/2012/anh.jpg)"
ALIAS_PATH = "(write the address from the site root, e.g. bulletins/2012/11/ten-cu/)"
ALIAS_SCHEME = "(write the old page's path, e.g. bulletins/2012/11/ten-cu/)"
ALIAS_CHARACTERS = ('has characters no web address holds (<, >, " or control characters) (write the old address as '
                    "the browser showed it, e.g. bulletins/2012/11/ten-cu/)")


def problems_of(site_dir) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, NOW)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize("image, message", [
    ("../anh.svg", f"'../anh.svg' {CLIMBS}"),
    ("images/../../anh.svg", f"'images/../../anh.svg' {CLIMBS}"),
    ("images/../units.yml", f"'images/../units.yml' {CLIMBS}"),
    ("/etc/passwd", f"'/etc/passwd' {NOT_INSIDE}"),
    ("C:\\anh.svg", f"'C:\\\\anh.svg' {NOT_INSIDE}"),
    ("images\\anh.svg", f"'images\\\\anh.svg' {NOT_INSIDE}"),
    ("\\\\may-chu\\anh.svg", f"'\\\\\\\\may-chu\\\\anh.svg' {NOT_INSIDE}"),
    ("http://example.org/anh.svg", f"'http://example.org/anh.svg' {NOT_INSIDE}"),
    ("javascript:alert(1)", f"'javascript:alert(1)' {NOT_INSIDE}"),
    ("file:///etc/passwd", f"'file:///etc/passwd' {NOT_INSIDE}"),
    ("data:image/svg+xml;base64,AAAA", f"'data:image/svg+xml;base64,AAAA' {NOT_INSIDE}"),
    ("images/anh.svg\u0000", f"'images/anh.svg\\x00' {NOT_INSIDE}"),
])
def test_image_paths_outside_the_content_folder_are_refused(site_dir, image, message):
    site_dir.write("images/anh.svg", PICTURE)
    site_dir.add("bulletins/a.md", image=image)
    assert problems_of(site_dir) == [f"bulletins/a.md:5: image: {message}"]


def test_an_image_linking_outside_the_content_folder_is_refused(site_dir, tmp_path):
    outside = tmp_path / "secret.svg"
    outside.write_text(PICTURE, encoding="utf-8")
    (site_dir.content / "images").mkdir()
    (site_dir.content / "images/anh.svg").symlink_to(outside)
    site_dir.add("bulletins/a.md", image="images/anh.svg")
    assert problems_of(site_dir) == [
        "bulletins/a.md:5: image: 'images/anh.svg' is a link to a file outside the content folder "
        "(copy the picture itself into content/images/)"]


@pytest.mark.parametrize("alias, message", [
    ("../cu/", f"'../cu/' climbs out of the site with '.' or '..' {ALIAS_PATH}"),
    ("bulletins/../../cu/", f"'bulletins/../../cu/' climbs out of the site with '.' or '..' {ALIAS_PATH}"),
    ("%2e%2e/%2E%2E/cu/", f"'%2e%2e/%2E%2E/cu/' climbs out of the site with '.' or '..' {ALIAS_PATH}"),
    ("bulletins\\cu", "'bulletins\\\\cu' is not a web address (use '/' between folders)"),
    ("bulletins%5Ccu/", "'bulletins%5Ccu/' is not a web address (use '/' between folders)"),
    ("javascript:alert(1)", f"'javascript:alert(1)' is a javascript: address, not a page of a web site {ALIAS_SCHEME}"),
    ("file:///etc/passwd", f"'file:///etc/passwd' is a file: address, not a page of a web site {ALIAS_SCHEME}"),
    ("ftp://may-chu/cu/", f"'ftp://may-chu/cu/' is a ftp: address, not a page of a web site {ALIAS_SCHEME}"),
    ("tin-tuc/<script>.html", f"'tin-tuc/<script>.html' {ALIAS_CHARACTERS}"),
    ("tin-tuc/%3Cscript%3E.html", f"'tin-tuc/%3Cscript%3E.html' {ALIAS_CHARACTERS}"),
    ("tin-tuc/%22%3E.html", f"'tin-tuc/%22%3E.html' {ALIAS_CHARACTERS}"),
    ("cu%00/", f"'cu%00/' {ALIAS_CHARACTERS}"),
])
def test_aliases_that_leave_the_site_are_refused(site_dir, alias, message):
    site_dir.add("bulletins/a.md", aliases=[alias])
    assert problems_of(site_dir) == [f"bulletins/a.md:5: aliases: item 1: {message}"]


@pytest.mark.parametrize("source", ["javascript:alert(1)", "//evil.example/x", "file:///etc/passwd",
                                    "data:text/html,<script>alert(1)</script>"])
def test_sources_that_are_not_web_addresses_are_refused(site_dir, source):
    site_dir.add("bulletins/a.md", source=source)
    assert problems_of(site_dir) == [
        f"bulletins/a.md:5: source: {source!r} is not a web address (write the original article's address, "
        "starting with http:// or https://)"]


BAD_IDS = [("../x", "x"), ("/etc/passwd", "etc-passwd"), ("a\\b", "a-b"), ("javascript:alert(1)", "javascript-alert-1"),
           ("Đảng ủy", "dang-uy"), ("a/../b", "a-b")]


@pytest.mark.parametrize("registry", ["units.yml", "topics.yml"])
def test_registry_ids_must_be_ascii_slugs(site_dir, registry):
    site_dir.write(registry, "".join(f"- id: '{bad}'\n  name: Tên {n}\n" for n, (bad, _) in enumerate(BAD_IDS)))
    problems = [problem for problem in problems_of(site_dir) if problem.startswith(registry)]
    assert problems == [f"{registry}:{1 + 2 * n}: id: {bad!r} is not an ASCII id (use \"{good}\")"
                        for n, (bad, good) in enumerate(BAD_IDS)]


def test_participant_ids_must_be_ascii_slugs(site_dir):
    site_dir.add("bulletins/a.md", participants=[{"name": "Lê Văn Út", "id": bad} for bad, _ in BAD_IDS])
    assert problems_of(site_dir) == [f"bulletins/a.md:5: participants: item {n + 1} id: {bad!r} is not an ASCII id "
                                     f"(use \"{good}\")" for n, (bad, good) in enumerate(BAD_IDS)]


@pytest.mark.parametrize("path", ["bulletins/___.md", "bulletins/<>.md", "bulletins/\"'.md", "bulletins/%%/a.md"])
def test_file_names_that_make_no_address_are_refused(site_dir, path):
    site_dir.add(path)
    part = "%%" if "%%" in path else Path(path).stem
    assert problems_of(site_dir) == [f"{path}:1: file: the name {part!r} has no letter or digit to make its address "
                                     "from (rename it with words of the title, e.g. hoi-nghi-kiem-diem.md)"]


# --- nothing is written outside site/, the content folder and the build cache (.cache/bulletins/) -------------

def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def changes(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def run(*args, cwd):
    return subprocess.run([BULLETINS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_a_build_writes_only_inside_site(site_dir, tmp_path):
    """Every address that is accepted and looks like it could escape stays inside site/."""
    site_dir.write("images/anh ../x.svg", PICTURE)
    site_dir.add("bulletins/2012/..x.md", title="../../../../tmp/x", image="images/anh ../x.svg",
                 aliases=["/etc/passwd", "http://other.host/tin/1.html", "//may-chu/cu/", "tin%20tuc/a.htm"],
                 participants=[{"name": "../../x", "id": "x"}, "/etc/passwd, ../../vai"])
    site_dir.add("bulletins/2012/~x/%2e%2e.md", title="\\..\\..\\x")
    site_dir.config_file()
    before = snapshot(tmp_path)
    site = site_dir.build()
    written = changes(before, snapshot(tmp_path))
    assert written and all(path.startswith(("project/site/", "project/.cache/bulletins/")) for path in written)
    assert any(path.startswith("project/site/") for path in written)
    for path in site.rglob("*"):
        assert path.resolve().is_relative_to(site.resolve())
    assert (site / "etc/passwd/index.html").is_file() and (site / "tin/1.html").is_file()
    assert (site / "may-chu/cu/index.html").is_file() and (site / "tin tuc/a.htm").is_file()
    assert (site / "bulletins/2012/x/index.html").is_file() and (site / "bulletins/2012/x/2e-2e/index.html").is_file()


def test_editor_commands_write_only_into_the_content_folder(site_dir, tmp_path):
    before = snapshot(tmp_path)
    for title in ("../../../x", "/etc/passwd", "..\\..\\y", "C:\\Windows\\z", "~/w"):
        result = run("new", "--title", title, "--unit", "dang-uy-khoi", "--date", "2012-11-12", cwd=site_dir.root)
        assert result.returncode == 0, result.stderr
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        + "".join(f"<entry><title>{title}</title><id>{guid}</id><link href=\"{link}\"/>"
                  f"<published>2013-01-0{n}T03:00:00Z</published><content>Đảng ủy Khối họp.</content></entry>"
                  for n, (title, guid, link) in enumerate([
                      ("../../../../x", "../../../etc/passwd", "javascript:alert(1)"),
                      ("/etc/passwd", "/etc/shadow", "file:///etc/passwd"),
                      ("..\\..\\x", "C:\\Windows", "../../x"),
                      ("\u2028title: injected\u2029", "guid\nunit: x", "http://bao.intranet/a b"),
                  ], start=1))
        + "</feed>", encoding="utf-8")
    result = run("import", feed, "--unit", "dang-uy-khoi", cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    article = tmp_path / "bai.txt"
    article.write_text("12/11/2014 - 14:49\n\n../../../../x\n\nĐảng ủy Khối họp.\n", encoding="utf-8")
    result = run("ingest", article, "--unit", "dang-uy-khoi", cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    written = changes(before, snapshot(tmp_path))
    assert {path for path in written if not path.startswith("project/content/bulletins/")} == {"feed.atom", "bai.txt"}
    drafts = sorted(path.removeprefix("project/content/") for path in written if path.startswith("project/"))
    assert drafts == ["bulletins/2012/11/c-windows-z.md", "bulletins/2012/11/etc-passwd.md", "bulletins/2012/11/w.md",
                      "bulletins/2012/11/x.md", "bulletins/2012/11/y.md",
                      "bulletins/2013/01/etc-passwd.md", "bulletins/2013/01/title-injected.md",
                      "bulletins/2013/01/x-2.md", "bulletins/2013/01/x.md", "bulletins/2014/11/x.md"]
    check = run("check", cwd=site_dir.root)
    assert check.returncode == 0, check.stdout
    assert "OK: 10 bulletin(s) (0 published, 10 draft, 0 scheduled)" in check.stderr
