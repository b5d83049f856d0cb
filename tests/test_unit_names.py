"""Unit names as newspapers write them: one unit however it is named, in front-matter (`bulletins check`), in an
article's unit line (`bulletins ingest`) and in a feed entry's text (`bulletins import`); a name two units share
is still reported with both."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from generator.site import load_site
from generator.unitnames import typed_spelling, typed_unit_key, unit_key
from generator.vietnamese import VIETNAM

BULLETINS = str(Path(sys.executable).parent / "bulletins")

# A city's units, each registered under one name only: no alias gives the other spellings away.
UNITS = """\
- {id: thanh-uy-can-tho, name: Thành ủy Cần Thơ}
- {id: tinh-uy-hau-giang, name: Tỉnh ủy Hậu Giang}
- {id: quan-uy-ninh-kieu, name: Quận ủy Ninh Kiều, parent: thanh-uy-can-tho}
- {id: huyen-uy-phong-dien, name: Huyện ủy Phong Điền, parent: thanh-uy-can-tho}
- {id: thi-uy-long-my, name: Thị ủy Long Mỹ, parent: tinh-uy-hau-giang}
- {id: dang-uy-phuong-an-hoa, name: Đảng ủy phường An Hòa, parent: quan-uy-ninh-kieu}
- {id: dang-bo-xa-my-khanh, name: Đảng bộ xã Mỹ Khánh, parent: huyen-uy-phong-dien}
- {id: khoi-doanh-nghiep, name: Đảng ủy Khối Doanh nghiệp, parent: thanh-uy-can-tho}
- {id: khoi-co-quan, name: Đảng ủy Khối Cơ quan Dân Chính Đảng, parent: thanh-uy-can-tho}
- {id: so-lao-dong, name: Đảng ủy Sở Lao động - Thương binh và Xã hội, parent: khoi-co-quan}
- {id: chi-bo-nguoi-co-cong, name: Chi bộ Phòng Người có công, parent: so-lao-dong}
"""

# Every spelling the issue lists, and the unit it names.
SPELLINGS = {
    "Đảng bộ Khối Doanh nghiệp": "khoi-doanh-nghiep",
    "Ban Thường vụ Đảng ủy Khối Doanh nghiệp": "khoi-doanh-nghiep",
    "BTV Đảng ủy Khối Doanh nghiệp": "khoi-doanh-nghiep",
    "cấp ủy Khối Doanh nghiệp": "khoi-doanh-nghiep",
    "Đảng ủy khối Doanh nghiệp": "khoi-doanh-nghiep",
    "Chi ủy (Chi bộ) Phòng Người có công": "chi-bo-nguoi-co-cong",
    "Chi ủy Phòng Người có công": "chi-bo-nguoi-co-cong",
    "cấp ủy Chi bộ Phòng Người có công": "chi-bo-nguoi-co-cong",
    "Đảng bộ thành phố Cần Thơ": "thanh-uy-can-tho",
    "Ban Thường vụ Thành ủy Cần Thơ": "thanh-uy-can-tho",
    "Đảng bộ tỉnh Hậu Giang": "tinh-uy-hau-giang",
    "Đảng bộ quận Ninh Kiều": "quan-uy-ninh-kieu",
    "Đảng bộ huyện Phong Điền": "huyen-uy-phong-dien",
    "Đảng bộ thị xã Long Mỹ": "thi-uy-long-my",
    "Đảng bộ phường An Hòa": "dang-uy-phuong-an-hoa",
    "Đảng ủy xã Mỹ Khánh": "dang-bo-xa-my-khanh",
    "Đảng bộ Sở Lao động - Thương binh và Xã hội": "so-lao-dong",
    "Đảng ủy Sở Lao động, Thương binh và Xã hội": "so-lao-dong",
    "Đảng ủy Sở LĐ-TB&XH": "so-lao-dong",
}
# The same city with its party committee registered twice, once under each name.
TWICE = UNITS + "- {id: dang-bo-thanh-pho-can-tho, name: Đảng bộ thành phố Cần Thơ}\n"


def run(*args, cwd):
    return subprocess.run([BULLETINS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


# --- the key ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("left, right", [
    ("Đảng ủy Khối Doanh nghiệp", "Đảng ủy Khối Cơ quan Dân Chính Đảng"),
    ("Sở Lao động - Thương binh và Xã hội", "Đảng ủy Sở Lao động - Thương binh và Xã hội"),
    ("Chi bộ Phường Hòa Bình", "Đảng bộ Phường Hòa Bình"),
    ("Dang bo Khoi Doanh nghiep", "Đảng bộ Khối Doanh nghiệp"),
    ("Ban Thường vụ Tỉnh đoàn Hậu Giang", "Tỉnh đoàn Hậu Giang"),
    ("Đảng ủy Khối. Doanh nghiệp", "Đảng ủy Khối Doanh nghiệp"),
])
def test_the_key_keeps_different_units_apart(left, right):
    assert unit_key(left) != unit_key(right)


def test_the_key_of_a_text_holds_the_key_of_each_unit_it_names():
    text = "Sáng 12/11, BTV Đảng ủy Khối Doanh nghiệp họp; đồng chí Bí thư Đảng ủy Sở LĐ-TB&XH dự."
    assert unit_key("Đảng ủy Khối Doanh nghiệp") in unit_key(text)
    assert unit_key("Đảng ủy Sở Lao động - Thương binh và Xã hội") in unit_key(text)


@pytest.mark.parametrize("typed", ["dang bo khoi doanh nghiep", "BTV Dang uy Khoi Doanh Nghiep", "Đảng bộ Khối Doanh nghiệp"])
def test_a_name_typed_with_or_without_diacritics_has_the_key_of_the_unit_folded(typed):
    assert typed_unit_key(typed) == typed_unit_key("Đảng ủy Khối Doanh nghiệp") == "dang bo khoi doanh nghiep"


def test_a_name_being_typed_is_read_word_by_word():
    assert typed_spelling("Đảng ủy Sở LĐ-TB&XH") == "dang uy so ld tb xh"


# --- bulletins check: front-matter `unit` and a participant's `unit` ----------------------------------------

def test_every_spelling_of_a_unit_passes_the_check_and_names_the_unit(site_dir):
    site_dir.write("units.yml", UNITS)
    for number, spelling in enumerate(SPELLINGS):
        site_dir.add(f"bulletins/{number:02d}.md", unit=spelling,
                     participants=[{"name": "Lê Văn Út", "role": "Bí thư", "unit": spelling}])
    result = run("check", cwd=site_dir.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""  # not even a warning about a participant's unit
    site = load_site(site_dir.content, datetime.now(VIETNAM))
    named = {bulletin.path: (bulletin.units[0].id, bulletin.participants[0].unit.id) for bulletin in site.bulletins}
    assert named == {f"bulletins/{number:02d}.md": (unit_id, unit_id)
                     for number, unit_id in enumerate(SPELLINGS.values())}


def test_a_name_two_units_share_is_reported_with_both(site_dir):
    site_dir.write("units.yml", TWICE)
    site_dir.add("bulletins/a.md", unit="BTV Thành ủy Cần Thơ")
    site_dir.add("bulletins/b.md", unit="khoi-doanh-nghiep",
                 participants=[{"name": "Lê Văn Út", "unit": "Đảng ủy thành phố Cần Thơ"}])
    result = run("check", cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'bulletins/a.md:4: unit: "BTV Thành ủy Cần Thơ" could mean several units: dang-bo-thanh-pho-can-tho, '
        "thanh-uy-can-tho (write the id)",
        'bulletins/b.md:5: participants: warning: "Đảng ủy thành phố Cần Thơ" could mean several units: '
        "dang-bo-thanh-pho-can-tho, thanh-uy-can-tho (write the id)",
    ]


def test_unit_problems_are_told_in_vietnamese_by_default(site_dir, monkeypatch):
    """As an editor's shell runs the check, without BULLETINS_LANG."""
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.write("units.yml", TWICE)
    site_dir.add("bulletins/a.md", unit="BTV Thành ủy Cần Thơ")
    site_dir.add("bulletins/b.md", unit="khoi-doanh-nghiep",
                 participants=[{"name": "Lê Văn Út", "unit": "Đảng ủy thành phố Cần Thơ"}])
    site_dir.add("bulletins/c.md", unit="Dang uy Khoi Doanh nghiep")
    result = run("check", cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'bulletins/a.md:4: unit: "BTV Thành ủy Cần Thơ" có thể là nhiều đơn vị: dang-bo-thanh-pho-can-tho, '
        "thanh-uy-can-tho (hãy ghi mã (id))",
        'bulletins/b.md:5: participants: cảnh báo: "Đảng ủy thành phố Cần Thơ" có thể là nhiều đơn vị: '
        "dang-bo-thanh-pho-can-tho, thanh-uy-can-tho (hãy ghi mã (id))",
        'bulletins/c.md:4: unit: không có đơn vị nào tên "Dang uy Khoi Doanh nghiep" (có phải bạn muốn viết "Đảng ủy '
        'Khối Doanh nghiệp" hoặc "khoi-doanh-nghiep"? Hãy ghi mã (id), tên hoặc tên khác của một đơn vị trong '
        "units.yml, hoặc thêm đơn vị vào đó)",
    ]
    assert result.stderr == "2 lỗi, 1 cảnh báo: sửa các lỗi rồi chạy lại `.venv/bin/bulletins check`.\n"


def test_a_registry_with_a_duplicate_id_and_a_cycle_is_told_in_vietnamese_by_default(site_dir, monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.write("units.yml", UNITS + "- {id: thanh-uy-can-tho, name: Đảng bộ thành phố Cần Thơ}\n"
                                        "- {id: chi-bo-khu-vuc-1, name: Chi bộ Khu vực 1, parent: chi-bo-khu-vuc-2}\n"
                                        "- {id: chi-bo-khu-vuc-2, name: Chi bộ Khu vực 2, parent: chi-bo-khu-vuc-1}\n")
    result = run("check", cwd=site_dir.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'units.yml:12: id: mã "thanh-uy-can-tho" bị trùng (đã có ở dòng 1) (mỗi mục phải có mã riêng)',
        "units.yml:13: parent: các đơn vị này là cấp trên của chính mình: chi-bo-khu-vuc-1 → chi-bo-khu-vuc-2 → "
        "chi-bo-khu-vuc-1 (hãy sửa parent của một đơn vị để cắt vòng lặp)",
    ]


# --- bulletins ingest: the unit line ------------------------------------------------------------------------

ARTICLE = """\
12/11/2012 - 14:49

{unit_line}

Hội nghị sơ kết công tác kiểm tra sáu tháng

Sáng nay, hội nghị đánh giá kết quả sáu tháng đầu năm và bàn nhiệm vụ những tháng cuối năm.
"""


@pytest.mark.parametrize("unit_line, unit_id", [
    ("ĐẢNG BỘ KHỐI DOANH NGHIỆP:", "khoi-doanh-nghiep"),
    ("BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI DOANH NGHIỆP:", "khoi-doanh-nghiep"),
    ("ĐẢNG BỘ THÀNH PHỐ CẦN THƠ:", "thanh-uy-can-tho"),
    ("ĐẢNG BỘ QUẬN NINH KIỀU:", "quan-uy-ninh-kieu"),
    ("ĐẢNG BỘ PHƯỜNG AN HÒA:", "dang-uy-phuong-an-hoa"),
    ("ĐẢNG ỦY SỞ LĐ-TB&XH:", "so-lao-dong"),
    ("CHI ỦY (CHI BỘ) PHÒNG NGƯỜI CÓ CÔNG:", "chi-bo-nguoi-co-cong"),
])
def test_a_unit_line_in_capitals_names_the_unit_in_any_spelling(site_dir, unit_line, unit_id):
    site_dir.write("units.yml", UNITS)
    source = site_dir.root / "bai.txt"
    source.write_text(ARTICLE.format(unit_line=unit_line), encoding="utf-8")
    result = run("ingest", source, cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    [draft] = (site_dir.content / "bulletins").rglob("*.md")
    assert front(draft)["unit"] == unit_id
    assert run("check", cwd=site_dir.root).returncode == 0


def test_a_unit_line_two_units_share_stops_the_file_and_names_both(site_dir):
    site_dir.write("units.yml", TWICE)
    source = site_dir.root / "bai.txt"
    source.write_text(ARTICLE.format(unit_line="BTV THÀNH ỦY CẦN THƠ:"), encoding="utf-8")
    result = run("ingest", source, cwd=site_dir.root)
    assert result.returncode == 1
    assert ('"BTV THÀNH ỦY CẦN THƠ" could mean several units: dang-bo-thanh-pho-can-tho, thanh-uy-can-tho'
            in result.stderr)
    assert not (site_dir.content / "bulletins").exists()


# --- bulletins import: units named in an entry's text -------------------------------------------------------

def test_an_entry_naming_units_in_other_spellings_proposes_the_registered_units(site_dir):
    """tests/conftest.py's registry: "Đảng ủy Khối Doanh nghiệp" and "Đảng ủy Sở Lao động - Thương binh và Xã
    hội", without the spellings the entry uses."""
    text = ("Ngày 12/11, Ban Thường vụ Đảng bộ Khối Doanh nghiệp họp kiểm điểm. Đảng bộ Khối Doanh nghiệp có "
            "40 tổ chức cơ sở đảng. Dự họp có đại diện BTV Đảng ủy Sở LĐ-TB&amp;XH.")
    feed = site_dir.root / "tin.rss"
    feed.write_text("<rss version=\"2.0\"><channel><title>Báo</title><item><title>Sơ kết công tác kiểm tra</title>"
                    "<link>http://bao.intranet/tin/1.html</link><pubDate>Mon, 12 Nov 2012 14:49:00 +0700</pubDate>"
                    f"<description>{text}</description></item></channel></rss>", encoding="utf-8")
    result = run("import", feed, cwd=site_dir.root)
    assert result.returncode == 0, result.stderr
    [draft] = (site_dir.content / "bulletins").rglob("*.md")
    meta = front(draft)
    assert meta["unit"] == ["khoi-doanh-nghiep", "so-lao-dong"]
    assert meta["review"] == [
        'unit khoi-doanh-nghiep (the main unit: none was given): "Đảng ủy Khối Doanh nghiệp" is named in the text '
        "2 times",
        'unit so-lao-dong: "Đảng ủy Sở Lao động - Thương binh và Xã hội" is named in the text',
    ]
