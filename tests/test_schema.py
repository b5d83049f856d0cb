"""The shapes of front-matter and registry entries (``schema.validate``): each value as it is kept, and each wrong one
named as YAML read it, at its line, with what to write instead."""

from datetime import datetime

import pytest
from pydantic import BaseModel, model_validator

from generator.errors import Severity
from generator.schema import CampaignEntry, FrontMatter, UnitEntry, validate
from generator.vietnamese import VIETNAM
from generator.yamlsource import load_yaml

HEAD = "title: Hội nghị\ndate: 2012-11-12 14:49\nunit: dang-uy-khoi\n"  # lines 1-3: a valid bulletin
WRITE_THE_DATE = "write the date, e.g. 2012-11-12 14:49 or 12/11/2012 - 14:49"
WRITE_THE_ID = "write the id or the full name, e.g. dang-uy-khoi"
WRITE_THE_CAMPAIGN = "write the campaign's id from campaigns.yml, e.g. kiem-diem-nqtw4-2012"
WRITE_THE_DEPTH = "write how many levels of sub-units must report, e.g. depth: 2, or leave it out for all"
FRONT_MATTER_FIELDS = ("title, date, unit, topics, participants, author, summary, image, image_caption, source, "
                       "source_name, guid, updated, review, draft, aliases, campaign, findings")


def checked(model, text: str, entry: int | None = None):
    """The model read from YAML ``text`` (or from its list's item ``entry``, as registries read theirs), or None;
    and its problems as printed."""
    document = load_yaml(text)
    prefix = () if entry is None else (entry,)
    data = document.data if entry is None else document.data[entry]
    found, problems = validate(model, data, document, "x.yml", prefix)
    return found, [str(problem) for problem in problems]


def front_matter(text: str):
    return checked(FrontMatter, HEAD + text)


def problems_of(text: str) -> list[str]:
    found, problems = front_matter(text)
    assert found is None
    return problems


# --- values kept -----------------------------------------------------------------------------------------------

def test_text_is_kept_in_nfc_without_surrounding_spaces_and_a_number_as_written():
    found, problems = front_matter('summary: "  To\u0301m ta\u0306\u0301t.  "\nimage_caption: "   "\n'
                                   "source: 12\nguid: 2.5\nsource_name: ~\n")
    assert problems == []
    assert (found.summary, found.image_caption, found.source, found.guid, found.source_name) == (
        "Tóm tắt.", None, "12", "2.5", None)


def test_a_field_left_out_takes_its_default():
    found, problems = front_matter("")
    assert problems == []
    assert (found.title, found.date, found.unit) == ("Hội nghị", datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM),
                                                    ["dang-uy-khoi"])
    assert (found.topics, found.participants, found.author, found.review, found.aliases, found.campaign) == (
        [], [], [], [], [], [])
    assert (found.summary, found.updated, found.findings, found.draft) == (None, None, None, False)


def test_one_value_is_a_list_of_one_and_nothing_an_empty_list():
    found, problems = front_matter("topics: NQTW4\nauthor: Nguyễn Huy\nreview: ~\naliases: tin/1.html\n"
                                   "campaign: dot-2012\nupdated: ~\n")
    assert problems == []
    assert (found.topics, found.author, found.review, found.aliases, found.campaign, found.updated) == (
        ["NQTW4"], ["Nguyễn Huy"], [], ["tin/1.html"], ["dot-2012"], None)


def test_a_date_unquoted_or_written_day_first_is_vietnamese_time():
    found, problems = front_matter("updated: 13/11/2012 - 08:05\n")
    assert problems == []
    assert found.updated == datetime(2012, 11, 13, 8, 5, tzinfo=VIETNAM)
    found, _ = checked(FrontMatter, "title: T\ndate: 2012-11-12\nunit: u\n")
    assert found.date == datetime(2012, 11, 12, tzinfo=VIETNAM)


def test_a_participant_is_a_name_then_after_a_comma_the_role_or_a_group_of_fields():
    found, problems = front_matter("participants:\n  - Lê Văn An, Bí thư Chi bộ\n  - Trần Thị Bình\n"
                                   "  - 'Phạm Cường, '\n  - {name: Đỗ Dung, role: Ủy viên, unit: so-lao-dong, "
                                   "id: do-dung}\n  - {name: Hồ Giang, unit: ~, id: ~}\n")
    assert problems == []
    assert [(person.name, person.role, person.unit, person.id) for person in found.participants] == [
        ("Lê Văn An", "Bí thư Chi bộ", None, None), ("Trần Thị Bình", None, None, None),
        ("Phạm Cường", None, None, None), ("Đỗ Dung", "Ủy viên", "so-lao-dong", "do-dung"),
        ("Hồ Giang", None, None, None)]


# --- values refused ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    ("yes", "must be text, not yes/no (put the value in quotes)"),
    ("2012-11-12", "must be text, not a date (put the value in quotes)"),
    ("[Tóm tắt]", "must be text, not a list (write a single line of text)"),
    ("{a: 1}", "must be text, not a group of fields (write a single line of text)"),
    ("!!binary aGVsbG8=", "must be written as plain text (write a single line of text)"),
])
def test_a_value_that_is_not_text_is_named_as_yaml_read_it(value, problem):
    assert problems_of(f"summary: {value}\n") == [f"x.yml:4: summary: {problem}"]


@pytest.mark.parametrize("value, problem", [
    ("yes", "must be a name or id written as text, not yes/no (true)"),
    ("off", "must be a name or id written as text, not yes/no (false)"),
    ("12", "must be a name or id written as text, not a number (12)"),
    ("2012-11-12", "must be a name or id written as text, not a date (2012-11-12)"),
    ("2012-11-12 14:49:00", "must be a name or id written as text, not a date (2012-11-12 14:49:00)"),
    ("[[Đảng ủy Khối]]", "must be a name or id written as text, not a list (['Đảng ủy Khối'])"),
    ("{name: Đảng ủy Khối}", "must be a name or id written as text, not a group of fields ({'name': 'Đảng ủy Khối'})"),
    ("!!binary aGVsbG8=", "must be a name or id written as plain text, not b'hello'"),
])
def test_a_unit_or_topic_that_is_not_text_is_named_as_yaml_read_it(value, problem):
    assert problems_of(f"topics: {value}\n") == [f"x.yml:4: topics: item 1: {problem} ({WRITE_THE_ID})"]


def test_an_empty_name_in_a_list_is_empty_at_its_own_line():
    assert problems_of("topics:\n  - NQTW4\n  - ~\n  - ''\n  - '   '\n") == [
        f"x.yml:{line}: topics: item {line - 4}: is empty (write a value after the colon)" for line in (6, 7, 8)]


@pytest.mark.parametrize("value, problem", [
    ("~", f"is empty ({WRITE_THE_DATE})"),
    ("''", f"is empty ({WRITE_THE_DATE})"),
    ("yes", f"must be a date, not yes/no (true) ({WRITE_THE_DATE})"),
    ("1.5", f"must be a date, not a number (1.5) ({WRITE_THE_DATE})"),
    ("[2012-11-12]", f"must be a date, not a list ([2012-11-12]) ({WRITE_THE_DATE})"),
    ("{ngày: 12}", f"must be a date, not a group of fields ({{'ngày': 12}}) ({WRITE_THE_DATE})"),
    ("!!binary aGVsbG8=", f"must be a date, not b'hello' ({WRITE_THE_DATE})"),
    ("mười hai", "cannot read the date 'mười hai'; write it as 2012-11-12 14:49, 2012-11-12T14:49, 2012-11-12, "
                 "12/11/2012 - 14:49, or 12/11/2012 (day before month)"),  # the reader's words, with no hint
])
def test_a_date_that_cannot_be_read_says_what_to_write(value, problem):
    assert checked(FrontMatter, f"title: T\nunit: u\ndate: {value}\n") == (None, [f"x.yml:3: date: {problem}"])


def test_an_updated_date_is_read_as_the_date_is():
    assert problems_of("updated: yes\n") == [f"x.yml:4: updated: must be a date, not yes/no (true) ({WRITE_THE_DATE})"]


@pytest.mark.parametrize("value, shown", [("~", "null"), ("có", "'có'"), ("1", "1"), ("[true]", "[true]")])
def test_draft_is_true_or_false(value, shown):
    assert problems_of(f"draft: {value}\n") == [
        f"x.yml:4: draft: must be true or false, not {shown} (write draft: true or draft: false)"]


def test_each_participant_is_told_what_is_wrong_at_its_line():
    assert problems_of("participants:\n  - {role: Bí thư}\n  - 12\n  - [Lê Văn An]\n  - yes\n"
                       "  - 0912 345 678, Bí thư\n  - name: Lê Văn An\n    unit: yes\n    id: Lê An\n"
                       "  - {name: Trần Bình, id: '!!'}\n  - {name: .inf}\n") == [
        "x.yml:5: participants: item 1 name: is missing (add the full name)",
        'x.yml:6: participants: item 2 name: "12" is not a name: a name must be text with a letter (write the '
        "person's full name, e.g. Lê Việt Triều)",
        'x.yml:7: participants: item 3: must be text, not a list (write "Name, role" or {name: ..., role: ..., '
        "unit: ...})",
        'x.yml:8: participants: item 4: must be text, not yes/no (write "Name, role" or {name: ..., role: ..., '
        "unit: ...})",
        'x.yml:9: participants: item 5 name: "0912 345 678" is not a name: a name must be text with a letter (write '
        "the person's full name, e.g. Lê Việt Triều)",
        f"x.yml:11: participants: item 6 unit: must be a name or id written as text, not yes/no (true) ({WRITE_THE_ID})",
        "x.yml:12: participants: item 6 id: 'Lê An' is not an ASCII id (use \"le-an\")",
        "x.yml:13: participants: item 7 id: '!!' is not an ASCII id (use lowercase letters, digits and hyphens)",
        'x.yml:14: participants: item 8 name: "inf" is not a name: a name must be text with a letter (write the '
        "person's full name, e.g. Lê Việt Triều)"]  # YAML reads .inf as a number, which Python writes with letters


def test_an_empty_author_or_review_line_is_empty():
    assert problems_of("author:\n  - Nguyễn Huy\n  - ''\nreview: [ngày đoán, ~]\n") == [
        "x.yml:4: author: is empty (write a value after the colon)",
        "x.yml:7: review: is empty (write a value after the colon)"]


def test_an_alias_or_a_campaign_is_refused_with_the_reason_at_its_line():
    assert problems_of("aliases:\n  - 'tin?id=1'\n  - ~\ncampaign:\n  - 12\n  - yes\n  - ~\n") == [
        "x.yml:5: aliases: item 1: 'tin?id=1' has a '?' or '#' part, which a static site cannot tell apart (write "
        "only the address's path, e.g. bulletins/2012/11/ten-cu/)",
        "x.yml:6: aliases: item 2: is empty (write a value after the colon)",
        f"x.yml:8: campaign: item 1: must be a name or id written as text, not a number (12) ({WRITE_THE_CAMPAIGN})",
        f"x.yml:9: campaign: item 2: must be a name or id written as text, not yes/no (true) ({WRITE_THE_CAMPAIGN})",
        "x.yml:10: campaign: item 3: is empty (write a value after the colon)"]


# --- findings ---------------------------------------------------------------------------------------------------

def test_findings_are_lists_of_text_by_part_and_may_be_left_empty():
    found, problems = front_matter("findings:\n  strengths: Đoàn kết\n  causes:\n    - ' Chưa sâu sát '\n    - 12\n")
    assert problems == []
    assert (found.findings.strengths, found.findings.shortcomings, found.findings.causes,
            found.findings.remedies) == (["Đoàn kết"], [], ["Chưa sâu sát", "12"], [])
    assert front_matter("findings: ~\n")[0].findings is None


FINDINGS_HINT = ("write findings: on a line of its own, then indented lines such as shortcomings: [Kiểm tra, giám sát "
                 "chưa thường xuyên]")


@pytest.mark.parametrize("value, shown", [("12", "12"), ("Kiểm tra chưa tốt", "'Kiểm tra chưa tốt'"),
                                          ("[a]", "['a']")])
def test_findings_must_be_a_group_of_lists(value, shown):
    assert problems_of(f"findings: {value}\n") == [
        f"x.yml:4: findings: must be a group of lists (strengths, shortcomings, causes, remedies), not {shown} "
        f"({FINDINGS_HINT})"]


def test_each_finding_is_a_line_of_text_and_each_part_a_known_one():
    assert problems_of("findings:\n  causes:\n    - Kiểm tra: chưa thường xuyên\n    - ''\n    - yes\n"
                       "  remedie: [Tăng cường]\n  giai-phap: [Tăng cường]\n") == [
        "x.yml:6: findings.causes: item 1: must be text, not a group of fields (put the item in quotes: YAML reads "
        "text with ': ' in it as a field)",
        "x.yml:7: findings.causes: item 2: is empty (write the finding after the dash, or delete the line)",
        "x.yml:8: findings.causes: item 3: must be text, not yes/no (put the value in quotes)",
        'x.yml:9: findings.remedie: unknown field (did you mean "remedies"?)',
        "x.yml:10: findings.giai-phap: unknown field (known fields: strengths, shortcomings, causes, remedies)"]


# --- fields missing or unknown ---------------------------------------------------------------------------------

def test_a_missing_field_is_told_what_line_to_add():
    assert checked(FrontMatter, "summary: Tóm tắt.\nunit: []\n") == (None, [
        "x.yml:1: title: is missing (add a line such as: title: Hội nghị kiểm điểm ...)",
        "x.yml:1: date: is missing (add a line such as: date: 2012-11-12 14:49)",
        "x.yml:2: unit: is empty"])
    assert checked(FrontMatter, "summary: Tóm tắt.\n")[1][2] == (
        "x.yml:1: unit: is missing (add a line such as: unit: dang-uy-khoi (an id or name from units.yml))")


@pytest.mark.parametrize("extra, more", [(0, []), (1, ["a: warning: and 1 more unknown field from here on, ignored"]),
                                         (2, ["a: warning: and 2 more unknown fields from here on, ignored"])])
def test_unknown_fields_are_warned_five_at_a_time_with_a_guess_or_the_known_ones(extra, more):
    unknown = ["ghi-chu", "titel", "7", "nguon", "tac-gia", "a", "b"][:5 + extra]
    found, problems = front_matter("".join(f"{key}: x\n" for key in unknown))
    known = f"known fields: {FRONT_MATTER_FIELDS}"
    assert found is not None and problems == [
        f"x.yml:4: ghi-chu: warning: unknown field, ignored ({known})",
        'x.yml:5: titel: warning: unknown field, ignored (did you mean "title"?)',
        f"x.yml:6: 7: warning: unknown field, ignored ({known})",
        f"x.yml:7: nguon: warning: unknown field, ignored ({known})",
        f"x.yml:8: tac-gia: warning: unknown field, ignored ({known})",
        *(f"x.yml:9: {problem} ({known})" for problem in more)]


def test_unknown_fields_are_warnings_beside_the_errors():
    document = load_yaml(HEAD + "".join(f"ghi-chu-{number}: x\n" for number in range(6)) + "draft: có\n")
    found, problems = validate(FrontMatter, document.data, document, "x.yml")
    assert found is None
    assert [(problem.field, problem.severity) for problem in problems] == [
        *((f"ghi-chu-{number}", Severity.WARNING) for number in range(6)), ("draft", Severity.ERROR)]


class Meeting(BaseModel):
    """A model of the test's own, whose errors pydantic raises itself (the project's models leave it none)."""

    attendance: int = 0

    @model_validator(mode="after")
    def quorum(self):
        if self.attendance > 100:
            raise ValueError("more people than seats")
        return self


@pytest.mark.parametrize("text, problem", [("attendance: mười\n", "x.yml:1: attendance: cannot be read as written"),
                                           ("attendance: 101\n", "x.yml:1: front-matter: cannot be read as written")])
def test_an_error_of_pydantics_own_is_said_in_an_editors_words(text, problem):
    """At its field, or at the front-matter when it belongs to no field."""
    document = load_yaml(text)
    assert [str(problem) for problem in validate(Meeting, document.data, document, "x.yml")[1]] == [problem]


# --- registry and campaign entries ---------------------------------------------------------------------------

UNITS = """\
- id: dang-uy-khoi
  name: Đảng ủy Khối
- id: chi-bo-1
  name: ' Chi bộ 1 '
  short: Chi bộ
  aliases: Chi bộ số 1
  parent: ' dang-uy-khoi '
  mo-ta: x
"""


def test_a_unit_entry_keeps_its_fields_and_its_problems_are_at_its_lines():
    found, problems = checked(UnitEntry, UNITS, entry=1)
    assert (found.id, found.name, found.short, found.aliases, found.parent, found.description) == (
        "chi-bo-1", "Chi bộ 1", "Chi bộ", ["Chi bộ số 1"], "dang-uy-khoi", None)
    assert problems == ["x.yml:8: mo-ta: warning: unknown field, ignored (known fields: id, name, short, aliases, "
                        "parent, description)"]
    assert checked(UnitEntry, UNITS, entry=0)[0].parent is None
    assert checked(UnitEntry, "- id: Chi bộ 2\n  parent: ''\n", entry=0) == (None, [
        "x.yml:1: id: 'Chi bộ 2' is not an ASCII id (use \"chi-bo-2\")",
        "x.yml:1: name: is missing (add the full name)",
        "x.yml:2: parent: is empty (write a value after the colon)"])
    assert checked(UnitEntry, "- name: Chi bộ 2\n", entry=0)[1] == [
        "x.yml:1: id: is missing (add an ASCII id such as: id: dang-uy-khoi)"]


def test_an_entrys_unknown_fields_past_five_are_counted_at_the_line_of_the_sixth():
    text = UNITS + "".join(f"  ghi-chu-{number}: x\n" for number in range(6))
    assert checked(UnitEntry, text, entry=1)[1][-1] == (
        "x.yml:13: ghi-chu-4: warning: and 2 more unknown fields from here on, ignored (known fields: id, name, short, "
        "aliases, parent, description)")


def test_a_campaign_entry_keeps_its_fields_and_says_what_is_wrong():
    found, problems = checked(CampaignEntry, "- id: dot-2012\n  name: Đợt 2012\n  unit: Đảng ủy Khối\n"
                                             "  topics: NQTW4\n  start: 2012-08-01\n  deadline: 30/11/2012\n"
                                             "  depth: 2\n", entry=0)
    assert problems == []
    assert (found.id, found.unit, found.topics, found.start, found.deadline, found.depth) == (
        "dot-2012", "Đảng ủy Khối", ["NQTW4"], datetime(2012, 8, 1, tzinfo=VIETNAM),
        datetime(2012, 11, 30, tzinfo=VIETNAM), 2)
    assert checked(CampaignEntry, "- id: dot-2012\n  name: Đợt 2012\n  unit: 12\n", entry=0) == (None, [
        f"x.yml:3: unit: must be a name or id written as text, not a number (12) ({WRITE_THE_ID})",
        "x.yml:1: start: is missing (add a line such as: start: 2012-08-01)",
        "x.yml:1: deadline: is missing (add a line such as: deadline: 2012-11-30)"])


@pytest.mark.parametrize("value, shown", [("0", "0"), ("-1", "-1"), ("yes", "true"), ("1.5", "1.5"), ("hai", "'hai'")])
def test_a_campaigns_depth_is_a_whole_number_of_one_or_more(value, shown):
    entry = f"- {{id: d, name: D, unit: u, start: 2012-08-01, deadline: 2012-11-30, depth: {value}}}\n"
    assert checked(CampaignEntry, entry, entry=0) == (None, [
        f"x.yml:1: depth: must be a whole number of 1 or more, not {shown} ({WRITE_THE_DEPTH})"])


@pytest.mark.parametrize("value, depth", [("1", 1), ("~", None)])
def test_a_campaigns_depth_may_be_one_or_left_out(value, depth):
    entry = f"- {{id: d, name: D, unit: u, start: 2012-08-01, deadline: 2012-11-30, depth: {value}}}\n"
    assert checked(CampaignEntry, entry, entry=0)[0].depth == depth
