"""One bulletin read (``content.read_bulletin``): every field kept as written, and each problem said in full, at its
line, with what to do."""

from datetime import datetime, timedelta

import pytest

from conftest import bulletin
from generator.content import Status, bulletin_url, read_bulletin
from generator.errors import Severity
from generator.registry import load_registries
from generator.vietnamese import VIETNAM

PATH = "bulletins/x.md"
COPY_THE_PICTURE = ("copy the picture into content/images/ and write its path, e.g. images/2012/anh.jpg (the intranet "
                    "cannot load pictures from the internet)")
FROM_THE_CONTENT_FOLDER = "write the path from the content folder, e.g. images/2012/anh.jpg"


def read_problems(site_dir, text: str, path: str = PATH):
    """The bulletin (or None) and its problems."""
    site_dir.write(path, text)
    registries, _ = load_registries(site_dir.content)
    return read_bulletin(site_dir.content, path, registries)


def read(site_dir, text: str, path: str = PATH):
    """The bulletin (or None) and its problems as printed."""
    found, problems = read_problems(site_dir, text, path)
    return found, [str(problem) for problem in problems]


def front(*lines: str, body: str = "Nội dung.") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body + "\n"


GOOD = ("title: Hội nghị", "date: 2012-11-12 14:49", "unit: dang-uy-khoi")


# --- a good bulletin -------------------------------------------------------------------------------

def test_every_field_is_kept_as_written(site_dir):
    site_dir.write("images/anh.jpg", b"jpeg")
    found, problems = read(site_dir, front(
        "title: Hội nghị kiểm điểm",
        "date: 12/11/2012 - 14:49",
        "updated: 13/11/2012 - 08:00",
        "unit:",
        "  - Đảng ủy Khối",
        "  - so-lao-dong",
        "  - dang-uy-khoi",
        "topics: [NQTW4]",
        "participants:",
        "  - {name: Lê Việt Triều, role: Phó Bí thư, unit: Đảng bộ Khối Cơ quan Dân Chính Đảng, id: le-viet-trieu}",
        "  - Châu Hồng Thái, Bí thư",
        "  - {name: Khách mời, unit: Hội Nông dân}",
        "author: [Nguyễn Huy, Văn Dũng]",
        "summary: Tóm tắt.",
        "image: images/anh.jpg",
        "image_caption: Chú thích.",
        "source: https://bao.intranet/tin/1.html",
        "draft: true",
        "aliases:",
        "  - tin-tuc/1.html",
        "  - bulletins/cu/",
        "campaign:",
        "  - nqtw4-2012",
        "  - nqtw4-2013",
        "findings:",
        "  strengths: [Thẳng thắn.]",
        body="Nội dung.\n\nĐoạn hai."), path="bulletins/2012/Hội nghị.md")
    assert problems == ['bulletins/2012/Hội nghị.md:13: participants: warning: unknown unit "Hội Nông dân" (Use an '
                        'id, name or alias from units.yml, or add the unit there)']
    assert (found.path, found.url, found.title) == ("bulletins/2012/Hội nghị.md", "bulletins/2012/hoi-nghi/",
                                                    "Hội nghị kiểm điểm")
    assert (found.date, found.updated) == (datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM),
                                           datetime(2012, 11, 13, 8, 0, tzinfo=VIETNAM))
    assert [unit.id for unit in found.units] == ["dang-uy-khoi", "so-lao-dong"]  # named twice, kept once
    assert [topic.id for topic in found.topics] == ["nqtw4"]
    first, second, guest = found.participants
    assert (first.name, first.role, first.unit.id, first.unit_name, first.id, first.key) == (
        "Lê Việt Triều", "Phó Bí thư", "dang-uy-khoi", "Đảng ủy Khối Cơ quan Dân Chính Đảng", "le-viet-trieu",
        "le-viet-trieu")
    assert (second.name, second.role, second.unit, second.unit_name, second.id, second.key) == (
        "Châu Hồng Thái", "Bí thư", None, None, None, "châu hông1 thai4")
    assert (guest.unit, guest.unit_name) == (None, "Hội Nông dân")  # outside the registry: kept as written
    assert found.authors == ("Nguyễn Huy", "Văn Dũng")
    assert (found.summary, found.image, found.image_caption, found.source, found.draft) == (
        "Tóm tắt.", "images/anh.jpg", "Chú thích.", "https://bao.intranet/tin/1.html", True)
    assert [(alias.url, alias.line) for alias in found.aliases] == [("tin-tuc/1.html", 21), ("bulletins/cu/", 22)]
    assert [(campaign.id, campaign.line) for campaign in found.campaigns] == [("nqtw4-2012", 24), ("nqtw4-2013", 25)]
    assert [(section.kind.field, section.items) for section in found.findings] == [("strengths", ("Thẳng thắn.",))]
    assert found.body == "Nội dung.\n\nĐoạn hai.\n"
    assert found.text.endswith("---\n" + found.body)


def test_a_bulletin_without_the_optional_fields(site_dir):
    found, problems = read(site_dir, front(*GOOD, body="Nội dung."))
    assert problems == []
    assert (found.updated, found.summary, found.image, found.image_caption, found.source, found.draft) == (
        None, None, None, None, None, False)
    assert (found.topics, found.participants, found.authors, found.aliases, found.campaigns, found.findings) == (
        (), (), (), (), (), ())
    assert found.body == "Nội dung.\n"


@pytest.mark.parametrize("path, url", [
    ("bulletins/2012/11/Đảng ủy họp.md", "bulletins/2012/11/dang-uy-hop/"),
    ("bulletins/2012/index.md", "bulletins/2012/"),
    ("bulletins/2012/README.md", "bulletins/2012/"),
    ("bulletins/2012/readme.md", "bulletins/2012/"),
    ("bulletins/2012/index-cu.md", "bulletins/2012/index-cu/"),
])
def test_a_bulletins_address_follows_its_file(path, url):
    assert bulletin_url(path) == url


def test_a_bulletin_is_published_from_its_date_on(site_dir):
    found, _ = read(site_dir, front(*GOOD))
    moment = datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM)
    assert found.status(moment) is Status.PUBLISHED
    assert found.status(moment - timedelta(seconds=1)) is Status.SCHEDULED
    drafted, _ = read(site_dir, front(*GOOD, "draft: true"))
    assert drafted.status(moment + timedelta(days=1)) is Status.DRAFT


@pytest.mark.parametrize("source", ["http://bao.intranet/a", "https://bao.intranet/a"])
def test_a_source_on_the_web_is_accepted(site_dir, source):
    found, problems = read(site_dir, bulletin(source=source))
    assert (found.source, problems) == (source, [])


def test_updated_may_equal_the_date(site_dir):
    found, problems = read(site_dir, bulletin(date="2012-11-12 14:49", updated="12/11/2012 - 14:49"))
    assert (found.updated == found.date, problems) == (True, [])


# --- what stops a file -------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ("", "bulletins/x.md:1: file: is empty (start it with '---', the fields title, date and unit, then '---' and the "
         "text)"),
    ("title: x\n", "bulletins/x.md:1: front-matter: is missing: the file must start with a line '---' (add '---', then "
                   "title, date and unit, then '---' before the text)"),
    ("---\ntitle: x\n", "bulletins/x.md:1: front-matter: is not closed (add a line '---' after the last field)"),
    ("---\ntitle: [x\n---\n", "bulletins/x.md:3: front-matter: YAML syntax error: while parsing a flow sequence did "
                              "not find expected ',' or ']' (check indentation, colons and quotes; quote text "
                              "containing ': ' or '#')"),
    ("---\n- a\n- b\n---\n", "bulletins/x.md:2: front-matter: must be a mapping of fields (write one 'field: value' per "
                             "line: title, date, unit, ...)"),
])
def test_a_file_that_is_no_bulletin_says_why(site_dir, text, problem):
    assert read(site_dir, text) == (None, [problem])


def test_a_name_without_a_letter_cannot_make_an_address(site_dir):
    assert read(site_dir, bulletin(), path="bulletins/!!!/x.md") == (None, [
        "bulletins/!!!/x.md:1: file: the name '!!!' has no letter or digit to make its address from (rename it with "
        "words of the title, e.g. hoi-nghi-kiem-diem.md)"])


# --- problems of fields --------------------------------------------------------------------------

def twice(count: int) -> list[str]:
    return [line for number in range(count) for line in (f"k{number}: 1", f"k{number}: 2")]


@pytest.mark.parametrize("count, more", [(6, "and 1 more field that appears twice"),
                                         (7, "and 2 more fields that appear twice")])
def test_fields_written_twice_are_warned_five_at_a_time(site_dir, count, more):
    found, problems = read_problems(site_dir, front(*twice(count), *GOOD))
    duplicates = [problem for problem in problems if "twice" in problem.message]
    assert [str(problem) for problem in duplicates] == [
        *(f"bulletins/x.md:{3 + 2 * number}: k{number}: warning: appears twice; the last value is used (keep one)"
          for number in range(5)),
        f"bulletins/x.md:13: k5: warning: {more} from here on (keep one)"]
    assert [problem.severity for problem in duplicates] == [Severity.WARNING] * 6
    assert found is not None


def test_a_duplicate_field_is_warned_beside_the_errors_of_others(site_dir):
    assert read(site_dir, front("title: T", "title: U", "date: 31/02/2012", "unit: dang-uy-khoi")) == (None, [
        "bulletins/x.md:3: title: warning: appears twice; the last value is used (keep one)",
        "bulletins/x.md:4: date: the date '31/02/2012' does not exist; check the day, month and time"])


@pytest.mark.parametrize("image, problem", [
    ("http://bao.intranet/a.jpg", f"'http://bao.intranet/a.jpg' is not a path inside the content folder ({COPY_THE_PICTURE})"),
    ("/images/anh.jpg", f"'/images/anh.jpg' is not a path inside the content folder ({COPY_THE_PICTURE})"),
    ("\\images\\anh.jpg", f"'\\\\images\\\\anh.jpg' is not a path inside the content folder ({COPY_THE_PICTURE})"),
    ("images\\anh.jpg", f"'images\\\\anh.jpg' is not a path inside the content folder ({COPY_THE_PICTURE})"),
    ("images/a\u0001.jpg", f"'images/a\\x01.jpg' is not a path inside the content folder ({COPY_THE_PICTURE})"),
    ("../anh.jpg", f"'../anh.jpg' climbs out of its folder with '..' ({FROM_THE_CONTENT_FOLDER})"),
    ("images/../../anh.jpg", f"'images/../../anh.jpg' climbs out of its folder with '..' ({FROM_THE_CONTENT_FOLDER})"),
    ("images/khong-co.jpg", f"no picture at 'images/khong-co.jpg' in the content folder ({FROM_THE_CONTENT_FOLDER})"),
    ("images/ngoai.jpg", "'images/ngoai.jpg' is a link to a file outside the content folder (copy the picture itself "
                         "into content/images/)"),
])
def test_a_picture_must_be_a_file_inside_the_content_folder(site_dir, image, problem):
    site_dir.write("images/anh.jpg", b"jpeg")
    (site_dir.root / "ngoai.jpg").write_bytes(b"jpeg")
    (site_dir.content / "images/ngoai.jpg").symlink_to(site_dir.root / "ngoai.jpg")
    assert read(site_dir, bulletin(image=image)) == (None, [f"bulletins/x.md:5: image: {problem}"])


def test_the_problems_of_source_and_updated(site_dir):
    assert read(site_dir, front(*GOOD, "source: ftp://bao.intranet/a", "updated: 2012-11-12 14:48")) == (None, [
        "bulletins/x.md:5: source: 'ftp://bao.intranet/a' is not a web address (write the original article's "
        "address, starting with http:// or https://)",
        "bulletins/x.md:6: updated: 12/11/2012 - 14:48 is before the date 12/11/2012 - 14:49 (updated is when the "
        "bulletin was last corrected: after its date, or leave it out)"])


def test_review_lines_are_warnings_on_a_draft_and_an_error_once_it_would_be_published(site_dir):
    lines = (*GOOD, "review:", "  - unit guessed", "  - date guessed")
    found, problems = read_problems(site_dir, front(*lines, "draft: true"))
    assert found is not None and [str(problem) for problem in problems] == [
        "bulletins/x.md:6: review: warning: to confirm: unit guessed (check it against the text and correct the "
        "field; then delete this line)",
        "bulletins/x.md:7: review: warning: to confirm: date guessed (check it against the text and correct the "
        "field; then delete this line)"]
    assert [problem.severity for problem in problems] == [Severity.WARNING] * 2
    assert read(site_dir, front(*lines)) == (None, [
        "bulletins/x.md:5: review: 2 suggestion(s) still to confirm: unit guessed; date guessed (check each against "
        "the text, correct the fields, then delete the review lines; or keep draft: true)"])


def test_every_unit_is_looked_up_even_after_a_wrong_one(site_dir):
    assert read(site_dir, front("title: T", "date: 2012-11-12", "unit:", "  - 123", "  - Không có")) == (None, [
        "bulletins/x.md:5: unit: item 1: must be a name or id written as text, not a number (123) (write the id or the "
        "full name, e.g. dang-uy-khoi)",
        'bulletins/x.md:6: unit: unknown unit "Không có" (Use an id, name or alias from units.yml, or add the unit '
        'there)'])


def test_a_participants_unknown_unit_is_a_warning_at_its_line(site_dir):
    found, problems = read_problems(site_dir, front(*GOOD, "participants:", "  - name: A", "    role: R",
                                                    "  - name: B", "    role: R", "    unit: Không có"))
    assert [str(problem) for problem in problems] == [
        'bulletins/x.md:10: participants: warning: unknown unit "Không có" (Use an id, name or alias from units.yml, '
        'or add the unit there)']
    assert [problem.severity for problem in problems] == [Severity.WARNING]
    assert [person.unit_name for person in found.participants] == [None, "Không có"]
