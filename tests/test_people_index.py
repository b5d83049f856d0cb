"""The people index past the common case: one appearance per bulletin whatever follows, what each appearance
keeps, which namesake keeps the plain address, and a name with no Latin spelling."""

from datetime import datetime

from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


def people_of(site_dir):
    return load_site(site_dir.content, NOW).people


def test_a_person_named_twice_in_a_bulletin_appears_once_and_the_next_participants_still_count(site_dir):
    site_dir.add("bulletins/a.md", participants=["Lê Việt Triều, Bí thư", "lê việt triều", "Châu Hồng Thái, Phó Bí thư"])
    assert [(person.name, [appearance.role for appearance in person.appearances])
            for person in people_of(site_dir).individuals] == [
        ("Châu Hồng Thái", ["Phó Bí thư"]), ("Lê Việt Triều", ["Bí thư"])]  # the first mention's role


def test_an_appearance_keeps_the_role_and_the_unit_of_that_bulletin(site_dir):
    site_dir.add("bulletins/a.md", date="2012-01-01",
                 participants=[{"name": "Lê Việt Triều", "role": "Chi ủy viên", "unit": "Đảng ủy Khối"}])
    site_dir.add("bulletins/b.md", date="2013-01-01",
                 participants=[{"name": "Lê Việt Triều", "role": "Bí thư", "unit": "Hội Nông dân xã"}])
    (person,) = people_of(site_dir).individuals
    assert [(appearance.bulletin.path, appearance.role, appearance.unit_name) for appearance in person.appearances] == [
        ("bulletins/b.md", "Bí thư", "Hội Nông dân xã"),
        ("bulletins/a.md", "Chi ủy viên", "Đảng ủy Khối Cơ quan Dân Chính Đảng")]


def test_a_namesake_with_an_id_keeps_the_address_of_that_id_though_the_other_came_first(site_dir):
    site_dir.add("bulletins/a.md", date="2012-01-01", participants=["Nguyễn Văn An, Bí thư"])
    site_dir.add("bulletins/b.md", date="2013-01-01",
                 participants=[{"name": "Nguyễn Văn Bình", "id": "nguyen-van-an", "role": "Đảng viên"}])
    slugs = {person.name: person.slug for person in people_of(site_dir).individuals}
    assert slugs == {"Nguyễn Văn Bình": "nguyen-van-an", "Nguyễn Văn An": "nguyen-van-an-2"}


def test_a_name_with_no_latin_spelling_gets_a_page_all_the_same(site_dir):
    site_dir.add("bulletins/a.md", participants=["ⴰⴱ, Khách mời", "ⴰⴳ, Khách mời"])
    assert sorted(person.url for person in people_of(site_dir).individuals) == ["nhan-vat/nguoi-2/", "nhan-vat/nguoi/"]
