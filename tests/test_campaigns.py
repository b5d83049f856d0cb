"""Review campaigns: campaigns.yml checked, which bulletins count, where each unit stands, the pages, the command."""

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from generator.campaigns import Standing
from generator.charts import campaign_chart
from generator.cli import main
from generator.errors import ContentError
from generator.site import load_site
from generator.vietnamese import VIETNAM
from test_serve import serve_build, touch

NQTW4 = "kiem-diem-nqtw4-2012"


def entry(**fields) -> str:
    """One campaigns.yml entry from its fields (values written as JSON, which YAML reads)."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "- " + "\n  ".join(lines) + "\n"


def nqtw4(**fields) -> str:
    """The NQTW4 review of the Đảng ủy Khối and every level below it, August to November 2012."""
    return entry(**{"id": NQTW4, "name": "Kiểm điểm theo NQTW4", "unit": "Đảng ủy Khối", "topics": ["NQTW4"],
                    "start": "2012-08-01", "deadline": "30/11/2012", **fields})


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=VIETNAM)


def standings(site, campaign_id=NQTW4) -> dict[str, Standing]:
    return {report.unit.id: report.standing for report in site.progress[campaign_id].reports}


@pytest.fixture
def reviewed(site_dir):
    """The Khối reports on time by topic, the Sở late by naming the campaign, its chi bộ not at all."""
    site_dir.write("campaigns.yml", nqtw4(guidance="Hướng dẫn của Ban Tổ chức Trung ương"))
    site_dir.add("bulletins/2012/khoi.md", title="Đảng ủy Khối kiểm điểm", date="2012-11-12 14:49",
                 unit="dang-uy-khoi", topics=["nqtw4"])
    site_dir.add("bulletins/2012/so.md", title="Đảng ủy Sở kiểm điểm muộn", date="2012-12-20 09:30",
                 unit="so-lao-dong", campaign=NQTW4)
    return site_dir


# --- scope, counting and standings (the core, with a fixed build date) ---------------------------------------

@pytest.mark.parametrize("depth, scope", [
    (1, [("dang-uy-khoi", 0), ("so-lao-dong", 1)]),
    (2, [("dang-uy-khoi", 0), ("so-lao-dong", 1), ("chi-bo-nguoi-co-cong", 2)]),
    (None, [("dang-uy-khoi", 0), ("so-lao-dong", 1), ("chi-bo-nguoi-co-cong", 2)]),
])
def test_the_scope_is_the_unit_and_its_sub_units_down_to_depth(site_dir, depth, scope):
    site_dir.write("campaigns.yml", nqtw4(**({"depth": depth} if depth else {})))
    site = load_site(site_dir.content, at("2013-01-01"))
    assert [(report.unit.id, report.level) for report in site.progress[NQTW4].reports] == scope


def test_the_scope_follows_the_unit_tree_in_its_order(site_dir):
    site_dir.write("units.yml", "- {id: khoi, name: Đảng ủy Khối}\n"
                                "- {id: so-b, name: Đảng ủy Sở Xây dựng, parent: khoi}\n"
                                "- {id: so-a, name: Đảng ủy Sở Công Thương, parent: khoi}\n"
                                "- {id: chi-bo, name: Chi bộ Văn phòng, parent: so-b}\n")
    site_dir.write("campaigns.yml", nqtw4(unit="khoi", topics=[]))
    site = load_site(site_dir.content, at("2013-01-01"))
    assert [report.unit.id for report in site.progress[NQTW4].reports] == ["khoi", "so-a", "so-b", "chi-bo"]


def test_each_standing_at_a_fixed_build_date(reviewed):
    during = load_site(reviewed.content, at("2012-11-20"))
    # The Sở's bulletin is dated after the build: not published, so it does not count yet.
    assert standings(during) == {"dang-uy-khoi": Standing.ON_TIME, "so-lao-dong": Standing.WAITING,
                                 "chi-bo-nguoi-co-cong": Standing.WAITING}
    assert during.progress[NQTW4].is_open
    after = load_site(reviewed.content, at("2013-01-01"))
    assert standings(after) == {"dang-uy-khoi": Standing.ON_TIME, "so-lao-dong": Standing.LATE,
                                "chi-bo-nguoi-co-cong": Standing.OVERDUE}
    progress = after.progress[NQTW4]
    assert not progress.is_open
    assert (progress.tally.reported, progress.tally.total, progress.tally.percent) == (2, 3, 66)
    assert [report.reported_on for report in progress.reports] == [date(2012, 11, 12), date(2012, 12, 20), None]


def test_the_deadline_day_counts_whole_on_vietnamese_clocks(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    site_dir.add("bulletins/last-minute.md", date="2012-11-30 23:59", unit="dang-uy-khoi", topics=["nqtw4"])
    # 17:30 UTC on the 30th is half past midnight on 1 December in Hà Nội: after the period.
    site_dir.add("bulletins/too-late.md", date="2012-11-30T17:30:00Z", unit="so-lao-dong", topics=["nqtw4"])
    site_dir.add("bulletins/too-early.md", date="2012-07-31 23:59", unit="chi-bo-nguoi-co-cong", topics=["nqtw4"])
    site = load_site(site_dir.content, at("2013-01-01"))
    assert standings(site) == {"dang-uy-khoi": Standing.ON_TIME, "so-lao-dong": Standing.OVERDUE,
                               "chi-bo-nguoi-co-cong": Standing.OVERDUE}


def test_a_bulletin_counts_by_name_or_by_topic_and_period_and_only_when_published(site_dir):
    site_dir.write("campaigns.yml", nqtw4() + entry(id="cuoi-nam-2012", name="Kiểm điểm cuối năm 2012",
                                                    unit="khoi-doanh-nghiep", start="2012-11-01",
                                                    deadline="2012-12-31"))
    site_dir.add("bulletins/topic-in-period.md", date="2012-10-01", topics=["nqtw4"])
    site_dir.add("bulletins/topic-after.md", date="2013-02-01", topics=["nqtw4"])
    site_dir.add("bulletins/period-other-topic.md", date="2012-10-02", topics=["kiem-diem"])
    site_dir.add("bulletins/named-after.md", date="2013-03-01", campaign=NQTW4)
    site_dir.add("bulletins/named-twice.md", date="2012-11-20", campaign=["cuoi-nam-2012", NQTW4])
    site_dir.add("bulletins/draft.md", date="2012-10-03", topics=["nqtw4"], campaign=NQTW4, draft=True)
    site = load_site(site_dir.content, at("2013-06-01"), include_unpublished=True)
    counted = {Path(bulletin.path).stem: [campaign.id for campaign in site.campaigns_of(bulletin)]
               for bulletin in site.bulletins}
    assert counted == {"topic-in-period": [NQTW4], "topic-after": [], "period-other-topic": [],
                       "named-after": [NQTW4], "named-twice": ["cuoi-nam-2012", NQTW4], "draft": []}


def test_a_unit_reports_when_a_counting_bulletin_names_it_anywhere_in_its_units(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    site_dir.add("bulletins/joint.md", date="2012-11-12", unit=["chi-bo-nguoi-co-cong", "Đảng ủy Khối"],
                 topics=["nqtw4"])
    site = load_site(site_dir.content, at("2013-01-01"))
    assert standings(site) == {"dang-uy-khoi": Standing.ON_TIME, "so-lao-dong": Standing.OVERDUE,
                               "chi-bo-nguoi-co-cong": Standing.ON_TIME}


def test_without_a_campaigns_file_there_are_no_campaigns(site_dir):
    site_dir.add("bulletins/a.md", topics=["nqtw4"])
    site = load_site(site_dir.content, at("2013-01-01"))
    assert site.campaigns == [] and site.progress == {}
    assert site.campaigns_of(site.bulletins[0]) == ()


def test_the_sample_campaigns_count_the_model_article_and_a_late_chi_bo():
    site = load_site(REPO / "content", at("2026-01-01"))
    assert len(site.campaigns) >= 2
    model = site.by_path["bulletins/2012/11/chan-thanh-thang-than-cau-thi-trong-kiem-diem.md"]
    assert [campaign.id for campaign in site.campaigns_of(model)] == [NQTW4]
    assert standings(site) == {"dang-uy-khoi-co-quan-dan-chinh-dang": Standing.ON_TIME,
                               "chi-bo-lien-hiep-cac-to-chuc-huu-nghi": Standing.ON_TIME,
                               "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi": Standing.ON_TIME,
                               "chi-bo-phong-nguoi-co-cong": Standing.LATE}


# --- bad input: every problem, in one run ---------------------------------------------------------------------

def test_every_bad_input_is_reported_in_one_run(site_dir):
    site_dir.write("campaigns.yml", "".join([
        nqtw4(),
        entry(id="sai-don-vi", name="Đơn vị sai", unit="Đảng ủy Khối Doanh nghiep", topics=["NQTW 4"],
              start="2012-08-01", deadline="2012-07-01", depth=0),
        entry(id="Đợt-2013", name="Mã có dấu", unit="dang-uy-khoi", start="2013-01-01", deadline="2013-02-01",
              depth="hai"),
        entry(id=NQTW4, name="Trùng mã", unit="dang-uy-khoi", start="2013-01-01", deadline="2013-02-01"),
    ]))
    site_dir.add("bulletins/a.md", campaign="kiem-diem-nqtw4-2021")
    result = CliRunner().invoke(main, ["check", str(site_dir.content)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'bulletins/a.md:5: campaign: unknown campaign "kiem-diem-nqtw4-2021" (did you mean "kiem-diem-nqtw4-2012"? '
        "Use an id from campaigns.yml, or add the campaign there)",
        'campaigns.yml:9: unit: unknown unit "Đảng ủy Khối Doanh nghiep" (did you mean "Đảng ủy Khối Doanh nghiệp", '
        '"Đảng ủy Khối", or "Đảng ủy Khối Cơ quan Dân Chính Đảng"? Use an id, name or alias from units.yml, or add '
        "the unit there)",
        'campaigns.yml:10: topics: unknown topic "NQTW 4" (did you mean "NQTW4"? Use an id, name or alias from '
        "topics.yml, or add the topic there)",
        "campaigns.yml:12: deadline: 01/07/2012 is before the start 01/08/2012 (the deadline is the last day for "
        "reports: write a day from start on)",
        "campaigns.yml:13: depth: must be a whole number of 1 or more, not 0 (write how many levels of sub-units "
        "must report, e.g. depth: 2, or leave it out for all)",
        "campaigns.yml:14: id: 'Đợt-2013' is not an ASCII id (use \"dot-2013\")",
        "campaigns.yml:19: depth: must be a whole number of 1 or more, not 'hai' (write how many levels of "
        "sub-units must report, e.g. depth: 2, or leave it out for all)",
        'campaigns.yml:20: id: duplicate id "kiem-diem-nqtw4-2012" (first on line 1) (give each entry its own id)',
    ]


def test_a_bulletin_may_name_a_campaign_whose_entry_has_a_mistake_without_a_second_error(site_dir):
    site_dir.write("campaigns.yml", nqtw4(unit="khoi-khong-co"))
    site_dir.add("bulletins/a.md", campaign=NQTW4)
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, at("2013-01-01"))
    assert [(problem.path, problem.field) for problem in error.value.problems] == [("campaigns.yml", "unit")]


@pytest.mark.parametrize("text, message", [
    ("id: x\n", "campaigns.yml:1: file: must be a list of entries (start each entry with '- id: ...')"),
    ("- just text\n", "campaigns.yml:1: entry: entry 1 must be a mapping"),
    ("- id: x\n  name: X\n  unit: dang-uy-khoi\n  deadline: 2012-11-30\n",
     "campaigns.yml:1: start: is missing (add a line such as: start: 2012-08-01)"),
])
def test_a_campaigns_file_of_another_shape_is_told_what_to_write(site_dir, text, message):
    site_dir.write("campaigns.yml", text)
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, at("2013-01-01"))
    assert str(error.value.problems[0]).startswith(message)


# --- the chart -------------------------------------------------------------------------------------------------

def test_the_chart_counts_units_up_by_day_against_the_deadline(reviewed):
    progress = load_site(reviewed.content, at("2013-01-01")).progress[NQTW4]
    chart = campaign_chart(progress, date(2013, 1, 1))
    assert [(step.day, step.count) for step in chart.steps] == [(date(2012, 11, 12), 1), (date(2012, 12, 20), 2)]
    assert (chart.first, chart.last, chart.total) == (date(2012, 8, 1), date(2012, 12, 20), 3)
    assert chart.x(chart.first) == chart.left and chart.x(chart.last) == chart.right
    assert chart.left < chart.deadline_x < chart.right
    assert chart.y(0) == chart.baseline and chart.y(3) == chart.top
    assert chart.path == (f"M{chart.left:.1f} {chart.baseline:.1f} H{chart.x(date(2012, 11, 12))} V{chart.y(1)} "
                          f"H{chart.right:.1f} V{chart.y(2)}")
    assert chart.text == ("Số đơn vị đã có bản tin, cộng dồn theo ngày: 12/11/2012: 1/3 đơn vị; 20/12/2012: 2/3 "
                          "đơn vị. Đến hạn chót 30/11/2012: 1/3 đơn vị có bản tin.")


def test_an_open_campaigns_line_stops_at_the_build_day(site_dir):
    site_dir.write("campaigns.yml", nqtw4())
    progress = load_site(site_dir.content, at("2012-09-01")).progress[NQTW4]
    chart = campaign_chart(progress, date(2012, 9, 1))
    assert chart.path == f"M{chart.left:.1f} {chart.baseline:.1f} H{chart.x(date(2012, 9, 1))}"
    assert chart.text == "Chưa đơn vị nào có bản tin. Đến hạn chót 30/11/2012: 0/3 đơn vị có bản tin."


# --- the pages, in real builds --------------------------------------------------------------------------------

INLINE_TAG = re.compile(r"</?(?:a|span|time|strong|em|abbr)\b[^>]*>")
OTHER_TAG = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    """The words as a reader sees them: inline tags left out, other tags and runs of white space one space."""
    return re.sub(r"\s+", " ", OTHER_TAG.sub(" ", INLINE_TAG.sub("", html)))


def main_part(html: str) -> str:
    return html[html.index("<h1"):html.index("</article>")]


def test_the_campaign_index_lists_the_latest_start_first_with_progress(reviewed):
    reviewed.write("campaigns.yml", nqtw4() + entry(id="cuoi-nam-2013", name="Kiểm điểm cuối năm 2013",
                                                    unit="khoi-doanh-nghiep", start="2013-11-15",
                                                    deadline="2013-12-31"))
    reviewed.build()
    index = main_part(reviewed.page("dot-kiem-diem/"))
    assert index.index("Kiểm điểm cuối năm 2013") < index.index("Kiểm điểm theo NQTW4")
    assert 'href="kiem-diem-nqtw4-2012/"' in index and 'href="cuoi-nam-2013/"' in index
    words = text_of(index)
    assert "Chủ trì: Đảng ủy Khối Cơ quan Dân Chính Đảng · 01/08/2012 – 30/11/2012 · đã hết hạn 2/3 đơn vị, 66%" in words
    assert "0/2 đơn vị, 0%" in words
    assert re.findall(r"<h(\d)", index) == ["1", "2", "2"]


def test_a_campaign_page_shows_its_facts_chart_and_unit_tree(reviewed):
    reviewed.build()
    page = main_part(reviewed.page(f"dot-kiem-diem/{NQTW4}/"))
    words = text_of(page)
    for fact in ("Đơn vị chủ trì Đảng ủy Khối Cơ quan Dân Chính Đảng", "Hướng dẫn Hướng dẫn của Ban Tổ chức Trung ương",
                 "Thời gian 01/08/2012 – 30/11/2012 (đã hết hạn)", "Chủ đề Nghị quyết Trung ương 4 (khóa XI)",
                 "Phạm vi đơn vị chủ trì và mọi cấp trực thuộc", "Tiến độ 2/3 đơn vị, 66%"):
        assert fact in words, fact
    assert '<svg class="campaign-chart__svg"' in page and 'role="img"' in page
    assert ('<desc id="campaign-chart-desc">Số đơn vị đã có bản tin, cộng dồn theo ngày: 12/11/2012: 1/3 đơn vị; '
            "20/12/2012: 2/3 đơn vị. Đến hạn chót 30/11/2012: 1/3 đơn vị có bản tin.</desc>") in page
    rows = re.findall(r'<th scope="row" style="--level: (\d)"><a href="[^"]+">([^<]+)</a></th>\s*<td>\s*'
                      r'<span class="campaign-standing[^"]*">([^<]+)</span>', page)
    assert rows == [("0", "Đảng ủy Khối Cơ quan Dân Chính Đảng", "đúng hạn"),
                    ("1", "Đảng ủy Sở Lao động - Thương binh và Xã hội", "trễ hạn"),
                    ("2", "Chi bộ Phòng Người có công", "quá hạn")]
    assert 'href="../../bulletins/2012/so/">Đảng ủy Sở kiểm điểm muộn</a>' in page
    assert [scope for scope in re.findall(r'<th scope="(\w+)"', page)] == ["col"] * 3 + ["row"] * 3
    assert re.findall(r"<h(\d)", page) == ["1", "2"]


def test_a_units_page_lists_its_campaigns_with_its_standing_and_its_sub_units_progress(reviewed):
    reviewed.build()
    khoi = text_of(main_part(reviewed.page("don-vi/dang-uy-khoi/")))
    assert ("Đợt kiểm điểm Kiểm điểm theo NQTW4 (01/08/2012 – 30/11/2012): đúng hạn; bản tin: 12/11/2012 - 14:49. "
            "Đơn vị trực thuộc: 1/2 đơn vị, 50% Bản tin") in khoi
    chi_bo = text_of(main_part(reviewed.page("don-vi/chi-bo-nguoi-co-cong/")))
    assert "Kiểm điểm theo NQTW4 (01/08/2012 – 30/11/2012): quá hạn." in chi_bo
    assert "Đơn vị trực thuộc:" not in chi_bo
    assert "Đợt kiểm điểm" not in main_part(reviewed.page("don-vi/khoi-doanh-nghiep/"))


def test_the_home_page_shows_the_campaigns_still_open(reviewed):
    reviewed.write("campaigns.yml", nqtw4() + entry(id="cuoi-nam-2099", name="Kiểm điểm cuối năm 2099",
                                                    unit="khoi-doanh-nghiep", start="2099-11-15",
                                                    deadline="2099-12-31"))
    reviewed.build()
    home = main_part(reviewed.page(""))
    assert "Đợt kiểm điểm đang diễn ra" in home
    assert 'href="dot-kiem-diem/cuoi-nam-2099/">Kiểm điểm cuối năm 2099</a>' in home
    assert "(hạn chót 31/12/2099)" in home and "0/2 đơn vị, 0%" in text_of(home)
    assert "Kiểm điểm theo NQTW4" not in home


def tabs(html: str) -> list[str]:
    return re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', html)


def test_the_section_is_in_the_nav_only_when_campaigns_exist(site_dir):
    site_dir.add("bulletins/a.md")
    site_dir.config_text += "strict: true\n"
    site_dir.build()
    assert not (site_dir.site / "dot-kiem-diem").exists()
    assert "Đợt kiểm điểm" not in site_dir.page("")
    site_dir.write("campaigns.yml", nqtw4())
    site_dir.build()
    assert (site_dir.site / "dot-kiem-diem/index.html").exists()
    assert not (site_dir.site / "campaigns.yml").exists()
    assert 'href="dot-kiem-diem/"' in site_dir.page("")


def with_nav(site_dir, *entries: str) -> None:
    """A strict build with this nav in mkdocs.yml."""
    site_dir.config_text += "strict: true\nnav:\n" + "".join(f"  - {entry}\n" for entry in entries)


def test_a_nav_naming_the_section_of_a_site_without_campaigns_loses_the_entry_not_the_build(site_dir):
    site_dir.add("bulletins/a.md")
    with_nav(site_dir, "Trang chủ: index.md", "Đợt kiểm điểm: dot-kiem-diem/index.md",
             "Mục khác:\n    - Đợt kiểm điểm: dot-kiem-diem/index.md", "Đơn vị: don-vi/index.md")
    site_dir.build()
    home = site_dir.page("")
    assert "Đợt kiểm điểm" not in home and "Mục khác" not in home and "Đơn vị" in home


def test_a_nav_without_the_section_keeps_the_campaign_pages_reachable(site_dir):
    site_dir.write("campaigns.yml", nqtw4(deadline="2099-12-31"))
    site_dir.add("bulletins/a.md", topics=["nqtw4"])
    with_nav(site_dir, "Trang chủ: index.md", "Đơn vị: don-vi/index.md")
    site_dir.build()
    home = site_dir.page("")
    assert 'href="dot-kiem-diem/kiem-diem-nqtw4-2012/"' in home
    assert (site_dir.site / "dot-kiem-diem/index.html").exists()
    assert 'href="../../dot-kiem-diem/kiem-diem-nqtw4-2012/"' in site_dir.page("don-vi/so-lao-dong/")


def test_a_dirty_rebuild_shows_a_unit_that_has_just_reported(reviewed):
    before = serve_build(reviewed)
    campaign_page = f"dot-kiem-diem/{NQTW4}/index.html"
    assert "quá hạn" in (reviewed.site / campaign_page).read_text(encoding="utf-8")
    touch(reviewed.add("bulletins/2012/chi-bo.md", title="Chi bộ kiểm điểm", date="2012-11-28 08:00",
                       unit="chi-bo-nguoi-co-cong", topics=["nqtw4"]))
    after = serve_build(reviewed)
    rewritten = {path for path in after if after[path] != before.get(path)}
    assert {campaign_page, "dot-kiem-diem/index.html", "don-vi/chi-bo-nguoi-co-cong/index.html",
            "don-vi/so-lao-dong/index.html"} <= rewritten
    page = (reviewed.site / campaign_page).read_text(encoding="utf-8")
    assert "quá hạn" not in page and "Chi bộ kiểm điểm</a>" in page
    assert "3/3 đơn vị, 100%" in text_of((reviewed.site / "dot-kiem-diem/index.html").read_text(encoding="utf-8"))
    assert "don-vi/khoi-doanh-nghiep/index.html" not in rewritten


# --- the command ---------------------------------------------------------------------------------------------

def campaign_command(site_dir, *args):
    return CliRunner().invoke(main, ["campaign", *args, "--content-dir", str(site_dir.content)])


def test_the_command_prints_each_campaigns_table(reviewed):
    result = campaign_command(reviewed, NQTW4)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Kiểm điểm theo NQTW4 (kiem-diem-nqtw4-2012)",
        "Led by Đảng ủy Khối Cơ quan Dân Chính Đảng, 01/08/2012 to 30/11/2012: 2/3 units have reported, 66%",
        "",
        "Unit                                           Status   First bulletin",
        "Đảng ủy Khối Cơ quan Dân Chính Đảng            on time  12/11/2012",
        "  Đảng ủy Sở Lao động - Thương binh và Xã hội  late     20/12/2012",
        "    Chi bộ Phòng Người có công                 overdue  -",
    ]


def test_the_csv_has_a_row_per_unit_in_scope(reviewed):
    reviewed.write("campaigns.yml", nqtw4() + entry(id="cuoi-nam-2099", name="Cuối năm 2099",
                                                    unit="khoi-doanh-nghiep", start="2099-11-15",
                                                    deadline="2099-12-31"))
    result = campaign_command(reviewed, "--csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert rows == [
        ["campaign", "unit id", "unit", "level", "status", "first bulletin", "bulletins"],
        ["cuoi-nam-2099", "khoi-doanh-nghiep", "Đảng ủy Khối Doanh nghiệp", "0", "no bulletin yet", "", ""],
        ["cuoi-nam-2099", "chi-bo-hoa-binh", "Chi bộ Phường Hòa Bình", "1", "no bulletin yet", "", ""],
        [NQTW4, "dang-uy-khoi", "Đảng ủy Khối Cơ quan Dân Chính Đảng", "0", "on time", "2012-11-12",
         "/bulletins/2012/khoi/"],
        [NQTW4, "so-lao-dong", "Đảng ủy Sở Lao động - Thương binh và Xã hội", "1", "late", "2012-12-20",
         "/bulletins/2012/so/"],
        [NQTW4, "chi-bo-nguoi-co-cong", "Chi bộ Phòng Người có công", "2", "overdue", "", ""],
    ]


def test_the_command_names_an_unknown_campaign_or_a_site_without_any(reviewed):
    unknown = campaign_command(reviewed, "kiem-diem-nqtw4")
    assert unknown.exit_code == 1
    assert unknown.stderr == ('unknown campaign "kiem-diem-nqtw4" (did you mean "kiem-diem-nqtw4-2012"? Use an id '
                              "from campaigns.yml, or add the campaign there)\n")
    (reviewed.content / "campaigns.yml").unlink()
    reviewed.add("bulletins/2012/so.md", unit="so-lao-dong")
    none = campaign_command(reviewed)
    assert none.exit_code == 1
    assert none.stderr == (f"{reviewed.content / 'campaigns.yml'} has no campaigns: add one (see the editor's guide, "
                           "Review campaigns)\n")


def test_a_campaigns_text_is_shown_as_text(site_dir):
    hostile = '<script>alert("x")</script>'
    site_dir.write("campaigns.yml", nqtw4(name=f"Đợt {hostile}", guidance=hostile, description=hostile,
                                          deadline="2099-12-31"))
    site_dir.build()
    for url in ("", "dot-kiem-diem/", f"dot-kiem-diem/{NQTW4}/", "don-vi/so-lao-dong/"):
        page = site_dir.page(url)
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, url
