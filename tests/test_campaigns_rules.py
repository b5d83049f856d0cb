"""Campaign rules at their edges: the first and the last day, a unit that reports twice, every field of an entry
kept, and which entries of campaigns.yml become campaigns when others have mistakes, each said at its line."""

from datetime import date

import pytest

from generator.campaigns import Standing, Tally, load_campaigns
from generator.errors import ContentError
from generator.registry import load_registries
from generator.site import load_site
from test_campaigns import NQTW4, at, entry, nqtw4, standings


def campaigns_file(site_dir, text: str) -> tuple[list[str], list[str]]:
    """The ids of the campaigns ``campaigns.yml`` holds with this text, and every problem said of it."""
    site_dir.write("campaigns.yml", text)
    registries, _problems = load_registries(site_dir.content)
    campaigns, problems = load_campaigns(site_dir.content, registries, [])
    return [campaign.id for campaign in campaigns], [str(problem) for problem in problems]


# --- the period's edges -------------------------------------------------------------------------------------------

def test_a_bulletin_on_the_first_day_counts_by_its_topic(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    site_dir.add("bulletins/first-day.md", date="2012-08-01 00:00", unit="so-lao-dong", topics=["nqtw4"])
    site = load_site(site_dir.content, at("2013-01-01"))
    assert standings(site) == {"dang-uy-khoi": Standing.OVERDUE, "so-lao-dong": Standing.ON_TIME,
                               "chi-bo-nguoi-co-cong": Standing.OVERDUE}


def test_on_the_deadline_day_the_campaign_is_open_and_a_unit_without_a_bulletin_is_waiting(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    on_the_day = load_site(site_dir.content, at("2012-11-30")).progress[NQTW4]
    assert on_the_day.is_open
    assert {report.standing for report in on_the_day.reports} == {Standing.WAITING}
    next_day = load_site(site_dir.content, at("2012-12-01")).progress[NQTW4]
    assert not next_day.is_open
    assert {report.standing for report in next_day.reports} == {Standing.OVERDUE}


def test_a_unit_that_reports_twice_stands_by_its_first_bulletin(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    site_dir.add("bulletins/late.md", date="2012-12-20 09:30", unit="so-lao-dong", campaign=NQTW4)
    site_dir.add("bulletins/on-time.md", date="2012-10-05 08:00", unit="so-lao-dong", topics=["nqtw4"])
    site_dir.add("bulletins/later-still.md", date="2013-01-10 08:00", unit="so-lao-dong", campaign=NQTW4)
    report = load_site(site_dir.content, at("2013-06-01")).progress[NQTW4].by_unit["so-lao-dong"]
    assert report.standing is Standing.ON_TIME
    assert report.reported_on == date(2012, 10, 5)
    assert [bulletin.path for bulletin in report.bulletins] == [
        "bulletins/on-time.md", "bulletins/late.md", "bulletins/later-still.md"]


def test_a_sub_units_tally_counts_only_the_units_in_scope_below(site_dir):
    site_dir.write("campaigns.yml", nqtw4(depth=1))
    site_dir.add("bulletins/so.md", date="2012-10-05", unit="so-lao-dong", topics=["nqtw4"])
    site = load_site(site_dir.content, at("2013-01-01"))
    progress = site.progress[NQTW4]
    khoi = progress.standing_of("dang-uy-khoi", site.registries.tree)
    assert (khoi.report.standing, khoi.below) == (Standing.OVERDUE, Tally(1, 1))
    assert progress.standing_of("so-lao-dong", site.registries.tree).below is None
    assert progress.standing_of("chi-bo-nguoi-co-cong", site.registries.tree) is None


# --- an entry read whole --------------------------------------------------------------------------------------

def test_every_field_of_an_entry_is_kept_and_its_topics_once_each(site_dir):
    site_dir.write("campaigns.yml", nqtw4(topics=["NQTW4", "nqtw4", "Kiểm điểm, tự phê bình và phê bình"],
                                          depth=2, guidance="Hướng dẫn số 1", description="Đợt kiểm điểm năm 2012."))
    campaign = load_site(site_dir.content, at("2013-01-01")).campaigns[0]
    assert (campaign.id, campaign.name, campaign.unit.id, [topic.id for topic in campaign.topics]) == (
        NQTW4, "Kiểm điểm theo NQTW4", "dang-uy-khoi", ["nqtw4", "kiem-diem"])
    assert (campaign.start, campaign.deadline, campaign.depth, campaign.guidance, campaign.description) == (
        date(2012, 8, 1), date(2012, 11, 30), 2, "Hướng dẫn số 1", "Đợt kiểm điểm năm 2012.")
    assert (campaign.url, campaign.period) == (f"dot-kiem-diem/{NQTW4}/", "01/08/2012 – 30/11/2012")


@pytest.mark.parametrize("topics, expected", [("NQTW4", ["nqtw4"]), (None, [])])
def test_topics_may_be_one_name_or_none(site_dir, topics, expected):
    fields = nqtw4(topics=topics) if topics else nqtw4().replace('  topics: ["NQTW4"]\n', "")
    ids, problems = campaigns_file(site_dir, fields)
    assert (ids, problems) == ([NQTW4], [])
    assert [topic.id for topic in load_site(site_dir.content, at("2013-01-01")).campaigns[0].topics] == expected


def test_a_campaign_of_one_day_is_valid(site_dir):
    assert campaigns_file(site_dir, nqtw4(start="2012-11-30")) == ([NQTW4], [])


# --- which entries become campaigns -----------------------------------------------------------------------------

def test_only_entries_without_a_mistake_become_campaigns(site_dir):
    text = "".join([
        nqtw4(),
        entry(id="don-vi-sai", name="Đơn vị sai", unit="Khối không có", start="2013-01-01", deadline="2013-02-01"),
        entry(id="chu-de-sai", name="Chủ đề sai", unit="dang-uy-khoi", topics=["nqtw4", "Không có"],
              start="2013-01-01", deadline="2013-02-01"),
        entry(id="ngay-sai", name="Ngày sai", unit="dang-uy-khoi", start="2013-01-01", deadline="hôm qua"),
        entry(id="thieu-ten", unit="dang-uy-khoi", start="2013-01-01", deadline="2013-02-01"),
        entry(id="cuoi-nam-2012", name="Kiểm điểm cuối năm", unit="khoi-doanh-nghiep", start="2012-11-01",
              deadline="2012-12-31"),
    ])
    ids, problems = campaigns_file(site_dir, text)
    assert ids == [NQTW4, "cuoi-nam-2012"]
    assert [problem.split(": ")[0:2] for problem in problems] == [
        ["campaigns.yml:9", "unit"], ["campaigns.yml:15", "topics"], ["campaigns.yml:22", "deadline"],
        ["campaigns.yml:23", "name"]]


def test_a_duplicate_is_told_at_its_id_and_the_entries_after_it_still_count(site_dir):
    text = ("- name: Kiểm điểm năm 2012\n  id: nam-2012\n  unit: dang-uy-khoi\n  start: 2012-01-01\n"
            "  deadline: 2012-12-31\n"
            "- name: Trùng mã\n  unit: dang-uy-khoi\n  id: nam-2012\n  start: 2013-01-01\n  deadline: 2013-12-31\n"
            + nqtw4())
    ids, problems = campaigns_file(site_dir, text)
    assert ids == ["nam-2012", NQTW4]
    assert problems == ['campaigns.yml:8: id: duplicate id "nam-2012" (first on line 2) (give each entry its own id)']


def test_a_wrong_topic_in_a_list_is_told_at_its_own_line(site_dir):
    text = nqtw4().replace('  topics: ["NQTW4"]\n', "  topics:\n    - NQTW4\n    - NQTW 5\n")
    ids, problems = campaigns_file(site_dir, text)
    assert ids == []
    assert problems == ['campaigns.yml:6: topics: unknown topic "NQTW 5" (did you mean "NQTW4"? Use an id, name or '
                        "alias from topics.yml, or add the topic there)"]


def test_a_blank_unit_is_told_once_by_the_schema(site_dir):
    ids, problems = campaigns_file(site_dir, nqtw4(unit="  "))
    assert ids == []
    assert [problem.split(": ")[0:2] for problem in problems] == [["campaigns.yml:3", "unit"]]


@pytest.mark.parametrize("text, ids, problems", [
    ("", [], []),
    ("# no campaign yet\n", [], []),
    ("- id: [x\n", [], ["campaigns.yml:2: file: YAML syntax error: while parsing a flow sequence did not find "
                        "expected ',' or ']' (check indentation, colons and quotes)"]),
    (nqtw4() + "- just text\n", [NQTW4],
     ["campaigns.yml:7: entry: entry 2 must be a mapping (write it as '- id: ...' with name and the other fields "
      "below)"]),
])
def test_an_empty_or_broken_file_says_only_what_is_wrong(site_dir, text, ids, problems):
    assert campaigns_file(site_dir, text) == (ids, problems)


# --- bulletins naming a campaign --------------------------------------------------------------------------------

def test_a_bulletin_naming_a_campaign_of_a_site_without_any_is_told_where_to_add_it(site_dir):
    site_dir.add("bulletins/a.md", campaign="nam-2012")
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, at("2013-01-01"))
    assert [str(problem) for problem in error.value.problems] == [
        'bulletins/a.md:5: campaign: unknown campaign "nam-2012" (Use an id from campaigns.yml, or add the campaign '
        "there)"]


def test_an_editor_is_told_in_vietnamese_by_default(site_dir, monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.write("campaigns.yml", nqtw4() + "- just text\n")
    site_dir.add("bulletins/a.md", campaign="nam-2012")
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, at("2013-01-01"))
    assert [str(problem) for problem in error.value.problems] == [
        'bulletins/a.md:5: campaign: không có đợt kiểm điểm nào mã "nam-2012" (Hãy ghi mã (id) của một đợt trong '
        "campaigns.yml, hoặc thêm đợt kiểm điểm vào đó)",
        "campaigns.yml:7: entry: mục thứ 2 phải gồm các trường (hãy viết mục thành '- id: ...', bên dưới là name và "
        "các trường khác)"]
