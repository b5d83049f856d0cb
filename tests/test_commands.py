"""The command line's paths no other test takes: `new` without --date, with a title of no letter or with broken
registries; --content-dir; `stats` on broken content; `publish` failing at the build, the link check and the
swap, and unable to make its lock. Each runs the real `bulletins` program in a child process."""

import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from generator.vietnamese import VIETNAM

BULLETINS = str(Path(sys.executable).parent / "bulletins")
DATA = Path(__file__).parent / "data"


def run(*args, cwd):
    return subprocess.run([BULLETINS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, by path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


# --- new -------------------------------------------------------------------------------------------

def test_new_without_a_date_is_dated_now_in_vietnam_and_filed_by_that_month(site_dir):
    before = datetime.now(VIETNAM).replace(second=0, microsecond=0)
    result = run("new", "--title", "Chi bộ họp hôm nay", "--unit", "so-lao-dong", cwd=site_dir.root)
    after = datetime.now(VIETNAM)
    assert result.returncode == 0, result.stderr
    [path] = (site_dir.content / "bulletins").rglob("*.md")
    date = datetime.strptime(front_matter(path)["date"], "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    assert before <= date <= after
    assert path == site_dir.content / f"bulletins/{date:%Y}/{date:%m}/chi-bo-hop-hom-nay.md"
    assert result.stdout == (f"Wrote content/bulletins/{date:%Y}/{date:%m}/chi-bo-hop-hom-nay.md "
                             "(a draft: remove 'draft: true' when it is ready)\n")


@pytest.mark.parametrize("title", ["!!!", "  ", "— ... —"])
def test_new_refuses_a_title_without_a_letter_or_digit(site_dir, title):
    result = run("new", "--title", title, "--unit", "so-lao-dong", "--date", "12/11/2012", cwd=site_dir.root)
    assert (result.returncode, result.stderr) == (1, "--title: needs at least one letter or digit\n")
    assert not (site_dir.content / "bulletins").exists()


def test_new_refuses_to_write_while_the_registries_have_errors_and_says_every_problem(site_dir):
    site_dir.write("units.yml", "- id: a\n  name: A\n- id: a\n  name: B\n  nmae: C\n")
    site_dir.write("topics.yml", "- id: t\n")
    result = run("new", "--title", "Họp", "--unit", "a", "--date", "12/11/2012", cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "topics.yml:1: name: is missing (add the full name)",
        'units.yml:3: id: duplicate id "a" (first on line 1) (give each entry its own id)',
        'units.yml:5: nmae: warning: unknown field, ignored (did you mean "name"?)',
    ]
    assert not (site_dir.content / "bulletins").exists()


def test_new_with_only_warnings_in_the_registries_writes_the_draft(site_dir):
    site_dir.write("topics.yml", "- id: t\n  name: T\n  nmae: C\n")
    result = run("new", "--title", "Họp", "--unit", "so-lao-dong", "--date", "12/11/2012", cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    assert (site_dir.content / "bulletins/2012/11/hop.md").is_file()


# --- --content-dir and the content folder argument -------------------------------------------------

def test_every_command_works_on_the_content_folder_it_is_given(site_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    content = site_dir.content
    made = run("new", "--title", "Họp chi bộ", "--unit", "so-lao-dong", "--date", "12/11/2012 - 14:49",
               "--content-dir", content, cwd=elsewhere)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Wrote {content}/bulletins/2012/11/hop-chi-bo.md")
    imported = run("import", DATA / "bao-dang-bo.rss", "--unit", "dang-uy-khoi", "--content-dir", content,
                   cwd=elsewhere)
    assert imported.returncode == 0, imported.stderr
    assert f"wrote {content}/bulletins/" in imported.stdout
    checked = run("check", content, cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout
    assert checked.stderr.startswith("OK: ")
    counted = run("stats", content, cwd=elsewhere)
    assert counted.stdout.startswith("Bulletins: 0 published, ")
    assert sorted(path.name for path in elsewhere.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["new", "--title", "Họp", "--unit", "a", "--content-dir", "nowhere"],
    ["import", "feed.rss", "--content-dir", "nowhere"],
    ["ingest", "bai.txt", "--content-dir", "nowhere"],
    ["check", "nowhere"],
    ["stats", "nowhere"],
])
def test_a_missing_content_folder_is_one_line(tmp_path, command):
    result = run(*command, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "nowhere: no such content folder (give the folder holding units.yml and bulletins/)\n"


# --- stats -----------------------------------------------------------------------------------------

def test_stats_on_broken_content_says_its_errors_and_counts_nothing(site_dir):
    site_dir.add("bulletins/a.md", unit="Đảng ủy Khối Doanh nghiep")
    site_dir.add("bulletins/b.md", date="31/02/2012")
    site_dir.add("bulletins/c.md", title="Đúng")
    result = run("stats", cwd=site_dir.root)
    assert (result.returncode, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[0].startswith('bulletins/a.md:4: unit: unknown unit "Đảng ủy Khối Doanh nghiep" (did you mean')
    assert lines[1:] == ["bulletins/b.md:3: date: the date '31/02/2012' does not exist; check the day, month and time",
                         "Correct these errors first (`.venv/bin/bulletins check` shows them all)."]


# --- publish -------------------------------------------------------------------------------------

@pytest.fixture
def published(site_dir, tmp_path):
    """A site published once by the command, at www/bantin; its folder's files before the next publish."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin đầu")
    site_dir.config_file()
    dest = tmp_path / "www/bantin"
    first = run("publish", dest, cwd=site_dir.root)
    assert first.returncode == 0, first.stderr
    return dest


def test_publish_exits_4_when_the_build_fails_and_5_when_a_link_is_broken(site_dir, published):
    before = tree(published)
    site_dir.config_text = site_dir.config_text.replace("name: material", "name: no-such-theme")
    site_dir.config_file()
    build = run("publish", published, cwd=site_dir.root)
    assert build.returncode == 4
    assert build.stderr.startswith(f"publish: the build failed, {published} is unchanged: mkdocs build failed:\n")
    assert "no-such-theme" in build.stderr
    site_dir.config_text = site_dir.config_text.replace("name: no-such-theme", "name: material")
    site_dir.config_file()
    site_dir.add("bulletins/2013/c.md", body="Xem [bài cũ](../../2011/khong-co/).")
    links = run("publish", published, cwd=site_dir.root)
    assert links.returncode == 5
    assert links.stderr == (f"publish: the link check failed, {published} is unchanged: 1 broken link in the new "
                            "site:\nbulletins/2013/c/index.html: ../../2011/khong-co/\n")
    assert tree(published) == before
    assert [path.name for path in published.parent.iterdir() if ".new-" in path.name] == []
    assert "Traceback" not in build.stderr + links.stderr


def test_publish_exits_6_when_the_new_site_cannot_be_moved_into_place_and_the_live_one_stays(site_dir, published):
    """Something other than a folder at DEST.previous: the old site cannot be kept, so the new one is not put in."""
    previous = published.with_name("bantin.previous")
    shutil.rmtree(previous)  # the first publish's copy
    previous.write_text("not a folder", encoding="utf-8")
    before = tree(published.parent)
    site_dir.add("bulletins/2013/b.md", title="Bản tin hai")
    result = run("publish", published, cwd=site_dir.root)
    assert result.returncode == 6
    assert re.fullmatch(re.escape(f"publish: the swap failed, {published} is unchanged: could not move the new site "
                                  f"into place: [Errno 20] Not a directory: '{published}.new-") + r"\d+"
                        + re.escape(f"' -> '{previous}'\n"), result.stderr), result.stderr
    assert tree(published.parent) == before
    assert sorted(path.name for path in published.parent.iterdir()) == ["bantin", "bantin.lock", "bantin.previous"]


def test_publish_says_which_file_it_cannot_make_when_the_lock_cannot_be_made(site_dir, published):
    lock = published.with_name("bantin.lock")
    lock.unlink()
    lock.mkdir()
    before = tree(published.parent)
    result = run("publish", published, cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stderr == f"publish: {lock}: Is a directory; {published} is unchanged\n"
    assert tree(published.parent) == before
