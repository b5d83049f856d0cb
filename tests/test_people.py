"""People: one person across spellings, namesakes told apart by id, Vietnamese order by given name."""

import re
import unicodedata
from datetime import datetime

from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


def people_of(site_dir):
    return load_site(site_dir.content, NOW).people


def test_nfc_nfd_case_and_tone_placement_are_one_person(site_dir):
    nfd = unicodedata.normalize("NFD", "Trần Thị Hòa")
    site_dir.add("bulletins/a.md", date="2012-01-01", participants=["Trần Thị Hòa, Chi ủy viên"])
    site_dir.add("bulletins/b.md", date="2013-01-01", participants=["Trần Thị Hoà, Phó Bí thư"])  # old tone placement
    site_dir.write("bulletins/c.md", site_dir.content.joinpath("bulletins/a.md").read_text("utf-8")
                   .replace("Trần Thị Hòa", nfd).replace("2012-01-01", "2014-01-01"))
    site_dir.add("bulletins/d.md", date="2015-01-01", participants=["TRẦN THỊ HÒA, Bí thư"])
    (person,) = people_of(site_dir).individuals
    assert person.name == "Trần Thị Hòa"  # the most common spelling
    assert person.slug == "tran-thi-hoa" and person.url == "nhan-vat/tran-thi-hoa/"
    assert [(a.bulletin.path, a.role) for a in person.appearances] == [
        ("bulletins/d.md", "Bí thư"), ("bulletins/c.md", "Chi ủy viên"),
        ("bulletins/b.md", "Phó Bí thư"), ("bulletins/a.md", "Chi ủy viên")]
    assert person.latest_role == "Bí thư"


def test_on_a_tie_the_newest_spelling_is_shown(site_dir):
    site_dir.add("bulletins/a.md", date="2012-01-01", participants=["Lê Văn Thoả"])
    site_dir.add("bulletins/b.md", date="2020-01-01", participants=["Lê Văn Thỏa"])
    assert [person.name for person in people_of(site_dir).individuals] == ["Lê Văn Thỏa"]


def test_namesakes_are_told_apart_by_id_and_get_their_own_pages(site_dir):
    site_dir.add("bulletins/a.md", date="2012-01-01", participants=[
        {"name": "Nguyễn Văn An", "role": "Bí thư Chi bộ", "id": "nguyen-van-an-chi-bo"},
        {"name": "Nguyễn Văn An", "role": "Phó Bí thư Đảng ủy Khối", "id": "nguyen-van-an-dang-uy"}])
    site_dir.add("bulletins/b.md", date="2013-01-01", participants=[
        {"name": "Nguyễn Văn An", "role": "Bí thư Đảng ủy Khối", "id": "nguyen-van-an-dang-uy"}])
    site_dir.add("bulletins/c.md", date="2014-01-01", participants=["Nguyễn Văn An, Đảng viên"])
    people = people_of(site_dir)
    assert sorted(person.slug for person in people.individuals) == [
        "nguyen-van-an", "nguyen-van-an-chi-bo", "nguyen-van-an-dang-uy"]
    assert [a.role for a in people.by_key["nguyen-van-an-dang-uy"].appearances] == [
        "Bí thư Đảng ủy Khối", "Phó Bí thư Đảng ủy Khối"]


def test_different_names_with_one_slug_get_numbered_slugs_oldest_first(site_dir):
    site_dir.add("bulletins/a.md", date="2012-01-01", participants=["Lê Văn Mến"])
    site_dir.add("bulletins/b.md", date="2013-01-01", participants=["Lê Văn Mền"])
    site_dir.add("bulletins/c.md", date="2014-01-01", participants=["Đỗ Đức Đạt"])
    slugs = {person.name: person.slug for person in people_of(site_dir).individuals}
    assert slugs == {"Lê Văn Mến": "le-van-men", "Lê Văn Mền": "le-van-men-2", "Đỗ Đức Đạt": "do-duc-dat"}


NAMES_IN_ORDER = [
    "Phạm Văn An", "Lê Thị Ánh", "Nguyễn Văn Ân", "Hồ Văn Bình", "Trần Dũng", "Lý Văn Đạt", "Lê Thị Hà",
    "Nguyễn Thị Hà", "Vũ Văn Hả", "Phan Thị Hạ", "Võ Thị Út", "Lê Văn Ước", "Đinh Xuân Yến",
]


def test_people_are_in_vietnamese_order_by_given_name(site_dir):
    for number, name in enumerate(reversed(NAMES_IN_ORDER)):
        site_dir.add(f"bulletins/{number:02d}.md", date=f"2012-01-{number + 1:02d}", participants=[name])
    people = people_of(site_dir)
    assert [person.name for person in people.individuals] == NAMES_IN_ORDER
    assert [letter for letter, _ in people.by_initial()] == ["A", "Â", "B", "D", "Đ", "H", "U", "Ư", "Y"]


def test_the_people_pages_in_a_real_build(site_dir):
    site_dir.config_text = site_dir.config_text.replace("  - bulletins\n", "  - bulletins:\n      per_page: 2\n")
    for number, role in enumerate(["Chi ủy viên", "Phó Bí thư", "Bí thư"]):
        site_dir.add(f"bulletins/{number}.md", title=f"Bản tin {number}", date=f"201{number}-05-01",
                     participants=[f"Đỗ Văn Đức, {role}", "Lê Thị Ánh"])
    site_dir.build()
    index = site_dir.page("nhan-vat/")
    assert index.index("Lê Thị Ánh") < index.index("Đỗ Văn Đức")
    assert 'href="do-van-duc/"' in index and "(3 bản tin)" in index
    first, second = site_dir.page("nhan-vat/do-van-duc/"), site_dir.page("nhan-vat/do-van-duc/trang/2/")
    assert re.findall(r"Bản tin \d", first) == ["Bản tin 2", "Bản tin 1"]
    assert re.findall(r"Vai trò: ([^<]+)<", first) == ["Bí thư", "Phó Bí thư"]
    assert re.findall(r"Vai trò: ([^<]+)<", second) == ["Chi ủy viên"]
    assert "Chức vụ gần nhất: <span class=\"participant-role\">Bí thư</span>" in first
    bulletin = site_dir.page("bulletins/0/")
    assert 'href="../../nhan-vat/do-van-duc/"><span class="participant-name">Đỗ Văn Đức</span>' in bulletin
