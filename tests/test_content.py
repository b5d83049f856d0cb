"""Every bad input gets its own message naming the file, the line and the field."""

import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content import bulletin_url
from generator.errors import ContentError
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2026, 1, 1, tzinfo=VIETNAM)
PATH = "bulletins/2012/11/x.md"


def problems_of(site_dir):
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, NOW)
    return [str(problem) for problem in error.value.problems]


def load(site_dir):
    return load_site(site_dir.content, NOW)


def test_a_good_bulletin_reads_every_field(site_dir):
    site_dir.add(PATH, unit=["Đảng ủy Khối", "so-lao-dong"], topics=["NQTW4"], author="Nguyễn Huy",
                 participants=["Lê Việt Triều, Phó Bí thư Đảng ủy Khối",
                               {"name": "Châu Hồng Thái", "role": "Bí thư", "unit": "so-lao-dong"}],
                 summary="Tóm tắt.", date="12/11/2012 - 14:49")
    (bulletin,) = load(site_dir).bulletins
    assert bulletin.title == "Hội nghị kiểm điểm"
    assert bulletin.display_date == "12/11/2012 - 14:49"
    assert [unit.id for unit in bulletin.units] == ["dang-uy-khoi", "so-lao-dong"]
    assert [topic.id for topic in bulletin.topics] == ["nqtw4"]
    assert [(p.name, p.role) for p in bulletin.participants] == [
        ("Lê Việt Triều", "Phó Bí thư Đảng ủy Khối"), ("Châu Hồng Thái", "Bí thư")]
    assert bulletin.participants[1].unit.id == "so-lao-dong"
    assert bulletin.authors == ("Nguyễn Huy",)
    assert bulletin.body.strip() == "Nội dung."


def test_nfd_bom_and_crlf_are_read_as_nfc(site_dir):
    text = "---\r\ntitle: Hội nghị\r\ndate: 2012-11-12\r\nunit: Đảng ủy Khối\r\n---\r\nKiểm điểm\r\n"
    site_dir.write(PATH, b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode())
    (bulletin,) = load(site_dir).bulletins
    assert bulletin.title == "Hội nghị" and unicodedata.is_normalized("NFC", bulletin.text)
    assert "\r" not in bulletin.text and bulletin.units[0].id == "dang-uy-khoi"


@pytest.mark.parametrize("text, expected", [
    ("", f"{PATH}:1: file: is empty"),
    ("title: x\n", f"{PATH}:1: front-matter: is missing: the file must start with a line '---'"),
    ("---\ntitle: x\n", f"{PATH}:1: front-matter: is not closed"),
    ("---\n- a\n- b\n---\n", f"{PATH}:2: front-matter: must be a mapping of fields"),
    ("---\n---\n", f"{PATH}:2: front-matter: must be a mapping of fields"),
    ("---\ntitle: x\ndate: 2012-11-12\nunit: [a\n---\n", f"{PATH}:5: front-matter: YAML syntax error"),
    ("---\ntitle: a: b\n---\n", f"{PATH}:2: front-matter: YAML syntax error"),
])
def test_broken_files(site_dir, text, expected):
    site_dir.write(PATH, text)
    (message,) = problems_of(site_dir)
    assert message.startswith(expected)


def test_a_file_that_is_not_utf8_is_named_not_guessed(site_dir):
    site_dir.write(PATH, "---\ntitle: Hội nghị\n".encode() + b"ki\xe9m" + b"\n---\n")
    (message,) = problems_of(site_dir)
    assert message.startswith(f"{PATH}:3: file: is not valid UTF-8")
    assert "save the file as UTF-8" in message


@pytest.mark.parametrize("fields, expected", [
    ({"title": None}, f"{PATH}:2: title: is missing (add a line such as: title:"),
    ({"title": ""}, f"{PATH}:2: title: is empty"),
    ({"date": None}, f"{PATH}:2: date: is missing"),
    ({"date": ""}, f"{PATH}:3: date: is empty"),
    ({"date": "31/02/2012"}, f"{PATH}:3: date: the date '31/02/2012' does not exist"),
    ({"date": "mười hai"}, f"{PATH}:3: date: cannot read the date 'mười hai'"),
    ({"date": 2012}, f"{PATH}:3: date: must be a date, not a number (2012) (write the date, e.g. 2012-11-12 14:49"),
    ({"date": True}, f"{PATH}:3: date: must be a date, not yes/no (true)"),
    ({"title": True}, f"{PATH}:2: title: must be text, not yes/no (put the value in quotes)"),
    ({"summary": {"a": 1}}, f"{PATH}:5: summary: must be text, not a group of fields (write a single line of text)"),
    ({"unit": None}, f"{PATH}:2: unit: is missing"),
    ({"unit": []}, f"{PATH}:4: unit: is empty"),
    ({"unit": 12}, f"{PATH}:4: unit: item 1: must be a name or id written as text, not a number (12) (write the id"),
    ({"unit": {"name": "x"}},
     f"{PATH}:4: unit: item 1: must be a name or id written as text, not a group of fields ({{'name': 'x'}})"),
    ({"unit": [None]}, f"{PATH}:4: unit: item 1: is empty"),
    ({"unit": "Đảng ủy Khối Doanh nghiep"},
     f'{PATH}:4: unit: unknown unit "Đảng ủy Khối Doanh nghiep" (did you mean "Đảng ủy Khối Doanh nghiệp", '),
    ({"unit": ["dang-uy-khoi", "so-lao-dongg"]}, f'{PATH}:4: unit: unknown unit "so-lao-dongg" (did you mean "so-lao-dong"?'),
    ({"topics": ["NQTW 4"]}, f'{PATH}:5: topics: unknown topic "NQTW 4" (did you mean "NQTW4"?'),
    ({"participants": "x"}, None),
    ({"participants": [["a"]]},
     f'{PATH}:5: participants: item 1: must be text, not a list (write "Name, role" or {{name: ..., role: ...'),
    ({"participants": [True]}, f"{PATH}:5: participants: item 1: must be text, not yes/no"),
    ({"participants": [0]}, f'{PATH}:5: participants: item 1 name: "0" is not a name'),
    ({"participants": [{"role": "Bí thư"}]}, f"{PATH}:5: participants: item 1 name: is missing"),
    ({"draft": "có"}, f"{PATH}:5: draft: must be true or false"),
    ({"image": "http://example.com/a.jpg"}, f"{PATH}:5: image: 'http://example.com/a.jpg' is not a path inside"),
    ({"image": "images/none.jpg"}, f"{PATH}:5: image: no picture at 'images/none.jpg'"),
    ({"source": "javascript:alert(1)"}, f"{PATH}:5: source: 'javascript:alert(1)' is not a web address"),
])
def test_field_errors_name_file_line_and_field(site_dir, fields, expected):
    site_dir.add(PATH, **fields)
    if expected is None:  # a single string is a one-item list
        assert load(site_dir).bulletins[0].participants[0].name == "x"
        return
    (message,) = problems_of(site_dir)
    assert message.startswith(expected), message


NOT_A_NAME = "is not a name: a name must be text with a letter (write the person's full name, e.g. Lê Việt Triều)"
PEOPLE_WITHOUT_NAMES = "\n  - name: 12\n    role: Bí thư\n  - 0912345678\n  - 12\n  - Lê Văn Út, Phó Bí thư\n  - 15, Ủy viên"


def front_matter(**raw: str) -> str:
    """A bulletin whose fields are written as given, raw YAML, over a valid title, date and unit."""
    fields = {"title": "Hội nghị", "date": "2012-11-12", "unit": "dang-uy-khoi", **raw}
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n\nNội dung.\n"


def test_a_participant_name_must_have_a_letter(site_dir):
    site_dir.write(PATH, front_matter(participants=PEOPLE_WITHOUT_NAMES))
    assert problems_of(site_dir) == [f'{PATH}:6: participants: item 1 name: "12" {NOT_A_NAME}',
                                     f'{PATH}:8: participants: item 2 name: "0912345678" {NOT_A_NAME}',
                                     f'{PATH}:9: participants: item 3 name: "12" {NOT_A_NAME}',
                                     f'{PATH}:11: participants: item 5 name: "15" {NOT_A_NAME}']


def test_a_name_without_a_letter_fails_the_check_and_the_build(site_dir):
    """As the editor meets it: ``bulletins check``, then ``mkdocs build``, which makes no person page for it."""
    site_dir.write(PATH, front_matter(participants=PEOPLE_WITHOUT_NAMES))
    check = CliRunner().invoke(main, ["check", str(site_dir.content)])
    assert check.exit_code == 1
    assert f'{PATH}:8: participants: item 2 name: "0912345678" {NOT_A_NAME}' in check.output
    site_dir.config_file()
    build = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build"], cwd=site_dir.root,
                           capture_output=True, text=True)
    assert build.returncode == 1
    assert f'{PATH}:6: participants: item 1 name: "12" {NOT_A_NAME}' in build.stderr
    assert not site_dir.site.exists()  # no page at all, /nhan-vat/12/ among them


def test_a_phone_number_for_a_name_is_told_in_vietnamese_by_default(site_dir, monkeypatch):
    """As an editor's shell runs the check, without BULLETINS_LANG."""
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.write(PATH, front_matter(participants="\n  - 0912345678"))
    check = CliRunner().invoke(main, ["check", str(site_dir.content)])
    assert check.exit_code == 1
    assert check.stdout == (f'{PATH}:6: participants: mục 1 name: "0912345678" không phải họ tên: họ tên phải là chữ, '
                            "có ít nhất một chữ cái (viết họ tên đầy đủ của người đó, ví dụ Lê Việt Triều)\n")


# What YAML reads besides text, as an editor writes it, for every field.
RAW_VALUES = ["12", "1.5", "yes", "~", "''", "[]", "{}", "[[1]]", "{a: 1}", "2012-11-12", "2012-11-12 14:49:00",
              "!!binary aGVsbG8=", "[12]", "[no]", "[~]", "[2012-11-12]", "[{a: 1}]", "[{name: 12}]", "[{name: [1]}]"]
PYTHON_WORDS = re.compile(r"\b(?:int|float|bool|str|dict|NoneType|bytes|tuple|True|False|None|datetime|Input should|"
                          r"pydantic|type=)\b")


@pytest.mark.parametrize("field", ["title", "date", "unit", "topics", "participants", "author", "summary", "image",
                                   "image_caption", "source", "guid", "updated", "review", "draft", "aliases"])
def test_messages_name_values_in_an_editors_words(site_dir, field):
    """No Python or pydantic word reaches an editor, whatever YAML read a value as."""
    for value in RAW_VALUES:
        site_dir.write(PATH, front_matter(**{field: value}))
        try:
            messages = [str(problem) for problem in load(site_dir).warnings]
        except ContentError as error:
            messages = [str(problem) for problem in error.problems]
        for message in messages:
            assert not PYTHON_WORDS.search(message), (value, message)


def test_unknown_keys_warn_with_the_closest_field(site_dir):
    site_dir.add(PATH, topcis=["nqtw4"], participants=[{"name": "A", "rol": "B"}])
    warnings = [str(problem) for problem in load(site_dir).warnings]
    assert warnings == [
        f'{PATH}:5: topcis: warning: unknown field, ignored (did you mean "topics"?)',
        f'{PATH}:6: rol: warning: unknown field, ignored (did you mean "role"?)',
    ]


def test_a_participant_from_outside_the_registry_is_a_warning(site_dir):
    site_dir.add(PATH, participants=[{"name": "A", "unit": "Thành ủy Cần Thơ"}])
    site = load(site_dir)
    assert site.bulletins[0].participants[0].unit_name == "Thành ủy Cần Thơ"
    assert [problem.field for problem in site.warnings] == ["participants"]


def test_every_problem_of_every_file_in_one_run(site_dir):
    site_dir.add("bulletins/a.md", title="")
    site_dir.add("bulletins/b.md", unit="không có", date="30/02/2013")
    site_dir.write("bulletins/c.md", "")
    site_dir.write("units.yml", site_dir.content.joinpath("units.yml").read_text() + "- {id: x, name: X, parent: y}\n")
    messages = problems_of(site_dir)
    assert [message.split(":")[0] for message in messages] == [
        "bulletins/a.md", "bulletins/b.md", "bulletins/b.md", "bulletins/c.md", "units.yml"]


def test_two_bulletins_at_one_url(site_dir):
    site_dir.add("bulletins/2012/Đảng ủy.md")
    site_dir.add("bulletins/2012/dang-uy.md")
    site_dir.add("bulletins/2013/a.md")
    site_dir.add("bulletins/2013/a/index.md")
    assert problems_of(site_dir) == [
        "bulletins/2012/Đảng ủy.md:1: file: would be published at /bulletins/2012/dang-uy/, like "
        "bulletins/2012/dang-uy.md (rename one of the two files)",
        "bulletins/2013/a/index.md:1: file: would be published at /bulletins/2013/a/, like bulletins/2013/a.md"
        " (rename one of the two files)",
    ]


def test_urls_are_ascii_with_d_for_dj():
    assert bulletin_url("bulletins/2012/11/Đảng ủy Khối họp.md") == "bulletins/2012/11/dang-uy-khoi-hop/"
    assert bulletin_url("bulletins/2012/index.md") == "bulletins/2012/"


def test_drafts_and_future_bulletins_are_checked_but_hidden(site_dir):
    site_dir.add("bulletins/a.md", draft=True)
    site_dir.add("bulletins/b.md", date="2099-01-01")
    site_dir.add("bulletins/c.md")
    site = load(site_dir)
    assert [b.path for b in site.bulletins] == ["bulletins/c.md"]
    assert sorted(b.path for b in site.hidden) == ["bulletins/a.md", "bulletins/b.md"]
    preview = load_site(site_dir.content, NOW, include_unpublished=True)
    assert [preview.status(b).value for b in preview.bulletins] == ["scheduled", "published", "draft"]
