"""The listing pages of a site with review campaigns and findings: the campaigns' pages, the open ones on the home
page, each unit's campaigns and findings. Two campaigns (one over, one still open), four bulletins, read at one
build time."""

from datetime import date, datetime

import pytest

from generator.listings import listing_pages
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, 9, 0, tzinfo=VIETNAM)
NQTW4, YEAR_END = "kiem-diem-nqtw4-2012", "so-ket-2029"
CAMPAIGNS = f"""\
- id: {NQTW4}
  name: Kiểm điểm theo NQTW4
  unit: Đảng ủy Khối
  topics: [NQTW4]
  start: 2012-08-01
  deadline: 30/11/2012
  depth: 1
- id: {YEAR_END}
  name: Sơ kết cuối năm 2029
  unit: khoi-doanh-nghiep
  start: 2029-12-01
  deadline: 2030-01-31
"""


@pytest.fixture
def pages(site_dir):
    """The Khối reports on time by topic, the Sở late by name (its bulletin naming a chi bộ of the other Khối too),
    an older bulletin of the Khối counts for no campaign; in the open campaign the chi bộ has reported, its Khối
    not yet."""
    site_dir.write("campaigns.yml", CAMPAIGNS)
    site_dir.add("bulletins/khoi.md", title="Khối kiểm điểm", date="2012-11-12", unit="dang-uy-khoi",
                 topics=["nqtw4"], findings={"shortcomings": ["Chưa sâu sát cơ sở"], "remedies": ["Kiểm tra định kỳ"]})
    site_dir.add("bulletins/so.md", title="Sở kiểm điểm muộn", date="2012-12-20",
                 unit=["so-lao-dong", "chi-bo-hoa-binh"], campaign=NQTW4,
                 findings={"shortcomings": ["Chậm giải quyết đơn thư"]})
    site_dir.add("bulletins/old.md", title="Khối kiểm điểm năm 2011", date="2011-05-01", unit="dang-uy-khoi",
                 findings={"remedies": ["Lập chương trình kiểm tra"]})
    site_dir.add("bulletins/hoa-binh.md", title="Chi bộ sơ kết", date="2029-12-15", unit="chi-bo-hoa-binh",
                 campaign=YEAR_END)
    return listing_pages(load_site(site_dir.content, NOW))


def standing(found) -> tuple:
    """A unit's standing in a campaign: the campaign, the unit's own standing, its sub-units' tally."""
    below = found.below and (found.below.reported, found.below.total)
    return found.campaign.id, found.report.unit.id, found.report.standing.value, below


def findings(groups) -> list[tuple]:
    """A unit's findings: each group's title and link, with its bulletins and their parts."""
    return [(group.title, group.url, [(entry.bulletin.path, [(section.kind.field, list(section.items))
                                                             for section in entry.sections])
                                      for entry in group.entries])
            for group in groups]


def progress(found) -> tuple:
    """A campaign's progress: its id, whether it is open, and each unit's standing."""
    return found.campaign.id, found.is_open, [(report.unit.id, report.standing.value) for report in found.reports]


def test_the_campaign_pages_come_after_the_topics_the_latest_campaign_to_start_first(pages):
    campaigns = [page for page in pages if page.kind.startswith("campaign")]
    assert [(page.kind, page.url, page.title, list(page.items), page.total, page.subject, page.pager)
            for page in campaigns] == [
        ("campaigns", "dot-kiem-diem/", "Đợt kiểm điểm", [], 2, None, None),
        ("campaign", f"dot-kiem-diem/{YEAR_END}/", "Sơ kết cuối năm 2029", [], 2, None, None),
        ("campaign", f"dot-kiem-diem/{NQTW4}/", "Kiểm điểm theo NQTW4", [], 2, None, None),
    ]
    index, year_end, nqtw4 = campaigns
    assert [progress(one) for one in index.extra["progress"]] == [
        (YEAR_END, True, [("khoi-doanh-nghiep", "chưa có bản tin"), ("chi-bo-hoa-binh", "đúng hạn")]),
        (NQTW4, False, [("dang-uy-khoi", "đúng hạn"), ("so-lao-dong", "trễ hạn")])]
    assert [progress(page.extra["progress"]) for page in (year_end, nqtw4)] == [
        progress(one) for one in index.extra["progress"]]
    kinds = [page.kind for page in pages]
    assert kinds.index("campaigns") == len(kinds) - kinds[::-1].index("topic")
    assert index.in_nav and not year_end.in_nav


def test_a_campaigns_chart_runs_to_the_build_day_while_it_is_open(pages):
    charts = {page.url: page.extra["chart"] for page in pages if page.kind == "campaign"}
    assert [(chart.first, chart.last, chart.deadline, chart.until, chart.total,
             [(step.day, step.count) for step in chart.steps]) for chart in charts.values()] == [
        (date(2029, 12, 1), date(2030, 1, 31), date(2030, 1, 31), date(2030, 1, 1), 2, [(date(2029, 12, 15), 1)]),
        (date(2012, 8, 1), date(2012, 12, 20), date(2012, 11, 30), date(2012, 12, 20), 2,
         [(date(2012, 11, 12), 1), (date(2012, 12, 20), 2)]),
    ]


def test_the_home_page_offers_only_the_campaigns_still_open(pages):
    home = pages[0]
    assert home.kind == "home"
    assert [progress(one) for one in home.extra["campaigns"]] == [
        (YEAR_END, True, [("khoi-doanh-nghiep", "chưa có bản tin"), ("chi-bo-hoa-binh", "đúng hạn")])]


def test_each_unit_page_has_its_campaigns_and_the_findings_of_the_bulletins_it_leads(pages):
    units = {page.subject.id: page.extra for page in pages if page.kind == "unit"}
    assert {unit: [standing(found) for found in extra["campaigns"]] for unit, extra in units.items()} == {
        "dang-uy-khoi": [(NQTW4, "dang-uy-khoi", "đúng hạn", (1, 1))],
        "so-lao-dong": [(NQTW4, "so-lao-dong", "trễ hạn", None)],
        "chi-bo-nguoi-co-cong": [],
        "khoi-doanh-nghiep": [(YEAR_END, "khoi-doanh-nghiep", "chưa có bản tin", (1, 1))],
        "chi-bo-hoa-binh": [(YEAR_END, "chi-bo-hoa-binh", "đúng hạn", None)],
    }
    nqtw4 = ("Kiểm điểm theo NQTW4", f"dot-kiem-diem/{NQTW4}/")
    assert {unit: findings(extra["findings"]) for unit, extra in units.items()} == {
        "dang-uy-khoi": [
            (*nqtw4, [("bulletins/khoi.md", [("shortcomings", ["Chưa sâu sát cơ sở"]),
                                             ("remedies", ["Kiểm tra định kỳ"])])]),
            ("Năm 2011", None, [("bulletins/old.md", [("remedies", ["Lập chương trình kiểm tra"])])])],
        "so-lao-dong": [(*nqtw4, [("bulletins/so.md", [("shortcomings", ["Chậm giải quyết đơn thư"])])])],
        "chi-bo-nguoi-co-cong": [],
        "khoi-doanh-nghiep": [],
        "chi-bo-hoa-binh": [],  # the Sở's bulletin names it second: the findings are the Sở's
    }
