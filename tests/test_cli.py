"""The editors' commands, run as editors run them."""

import subprocess
import sys
from pathlib import Path

import yaml

BULLETINS = str(Path(sys.executable).parent / "bulletins")


def run(*args, cwd):
    return subprocess.run([BULLETINS, *args], cwd=cwd, capture_output=True, text=True)


def test_check_passes_on_clean_content_and_reports_counts(site_dir):
    site_dir.add("bulletins/a.md", draft=True)
    site_dir.add("bulletins/b.md", topcis=["x"])
    result = run("check", "content", cwd=site_dir.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'bulletins/b.md:5: topcis: warning: unknown field, ignored (did you mean "topics"?)' in result.stdout
    assert "OK: 2 bulletin(s) (1 published, 1 draft, 0 scheduled), 5 unit(s), 2 topic(s)" in result.stderr


def test_check_prints_every_error_and_exits_1(site_dir):
    site_dir.add("bulletins/a.md", unit="Đảng ủy Khối Doanh nghiep")
    site_dir.write("bulletins/b.md", "")
    result = run("check", str(site_dir.content), cwd=site_dir.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith('bulletins/a.md:4: unit: unknown unit "Đảng ủy Khối Doanh nghiep" (did you mean')
    assert lines[1].startswith("bulletins/b.md:1: file: is empty")
    assert result.stderr == "2 error(s), 0 warning(s): correct the errors, then run `.venv/bin/bulletins check` again.\n"
    assert "Traceback" not in result.stderr


def test_check_on_a_missing_folder_or_a_file(tmp_path):
    result = run("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 1 and "nowhere: no such content folder" in result.stderr
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run("check", "notes.txt", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.startswith("notes.txt: no such content folder (give the folder")


def test_new_writes_a_draft_that_passes_check_and_never_overwrites(site_dir):
    args = ["new", "--title", "Đảng ủy Khối họp kiểm điểm", "--unit", "Đảng ủy Khối", "--unit", "so-lao-dong",
            "--topic", "NQTW4", "--date", "12/11/2012 - 14:49"]
    first = run(*args, cwd=site_dir.root)
    assert first.returncode == 0, first.stderr
    path = site_dir.content / "bulletins/2012/11/dang-uy-khoi-hop-kiem-diem.md"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta == {"title": "Đảng ủy Khối họp kiểm điểm", "date": "2012-11-12 14:49",
                    "unit": ["dang-uy-khoi", "so-lao-dong"], "topics": ["nqtw4"], "draft": True}
    assert run("check", cwd=site_dir.root).returncode == 0
    path.write_text(path.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    second = run(*args, cwd=site_dir.root)
    assert second.returncode == 1 and "already exists" in second.stderr
    assert path.read_text(encoding="utf-8").endswith("Edited.\n")
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_new_refuses_unknown_units_and_bad_dates(site_dir):
    result = run("new", "--title", "X", "--unit", "Khối Doanh nghiep", cwd=site_dir.root)
    assert result.returncode == 1 and 'unknown unit "Khối Doanh nghiep"' in result.stderr
    result = run("new", "--title", "X", "--unit", "dang-uy-khoi", "--date", "31/02/2012", cwd=site_dir.root)
    assert result.returncode == 1 and "--date: the date '31/02/2012' does not exist" in result.stderr
    assert not (site_dir.content / "bulletins").exists()


def test_stats_counts_units_topics_and_years(site_dir):
    site_dir.add("bulletins/a.md", unit="chi-bo-nguoi-co-cong", topics=["nqtw4"], date="2012-05-01")
    site_dir.add("bulletins/b.md", unit="so-lao-dong", date="2013-05-01")
    site_dir.add("bulletins/c.md", unit="so-lao-dong", draft=True)
    result = run("stats", cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "Bulletins: 2 published, 1 not yet published" in lines
    assert "Đảng ủy Khối Cơ quan Dân Chính Đảng 2" in lines
    assert "Chi bộ Phòng Người có công 1" in lines
    assert "Nghị quyết Trung ương 4 (khóa XI) 1" in lines
    assert "2012 1" in lines and "2013 1" in lines


def test_publish_refuses_a_file_as_its_destination(site_dir):
    site_dir.add("bulletins/a.md")
    site_dir.config_file()
    dest = site_dir.root / "www"
    dest.write_text("not a site", encoding="utf-8")
    result = run("publish", "www", cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stderr == "publish: www is a file; give the folder the site is published in\n"
    assert dest.read_text(encoding="utf-8") == "not a site"
    assert sorted(path.name for path in site_dir.root.iterdir()) == ["content", "mkdocs.yml", "www"]
