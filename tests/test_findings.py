"""Findings: their front-matter and its errors, the bulletin's and the unit's pages from real builds, the grouping
by campaign or year, the search record, and what a report's own signposts propose (the model article through a
real `bulletins ingest`)."""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import serve
from generator.cli import main
from generator.findings import FIELDS, KINDS, propose
from generator.listings import unit_findings
from generator.schema import Findings
from generator.search import site_records
from generator.site import load_site
from generator.vietnamese import VIETNAM
from test_ingest import DRAFT, MODEL, model_site, run  # noqa: F401  (fixture)

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)
NQTW4 = "kiem-diem-nqtw4-2012"
CAMPAIGN = (f"- id: {NQTW4}\n  name: Kiểm điểm theo NQTW4\n  unit: Đảng ủy Khối\n  topics: [NQTW4]\n"
            "  start: 2012-08-01\n  deadline: 2012-11-30\n")
YEAR_END = ("- id: cuoi-nam-2012\n  name: Kiểm điểm cuối năm 2012\n  unit: dang-uy-khoi\n"
            "  start: 2012-11-01\n  deadline: 2012-12-31\n")
REVIEW = {"strengths": ["Đoàn kết, thống nhất trong chi ủy"],
          "shortcomings": ["Kiểm tra, giám sát chưa thường xuyên", "Sinh hoạt chi bộ có kỳ còn hình thức"],
          "remedies": ["Tăng cường kiểm tra, giám sát"]}


def front_matter(findings: str) -> str:
    return f"---\ntitle: Hội nghị kiểm điểm\ndate: 2012-11-12\nunit: dang-uy-khoi\nfindings:{findings}---\n\nNội dung.\n"


def soup(site_dir, url: str) -> BeautifulSoup:
    return BeautifulSoup(site_dir.page(url), "html.parser")


def texts(nodes) -> list[str]:
    return [" ".join(node.get_text(" ").split()) for node in nodes]


# --- the front-matter -------------------------------------------------------------------------------------------

def test_the_schema_has_a_list_for_each_part_pages_show():
    assert tuple(Findings.model_fields) == FIELDS == ("strengths", "shortcomings", "causes", "remedies")
    assert [kind.heading for kind in KINDS] == ["Ưu điểm", "Hạn chế, khuyết điểm", "Nguyên nhân", "Giải pháp khắc phục"]


def test_a_part_is_a_list_or_one_text_and_empty_parts_are_left_out(site_dir):
    site_dir.write("bulletins/a.md", front_matter("\n  remedies: Tăng cường kiểm tra\n  causes: []\n"
                                                  "  strengths:\n    - Đoàn kết\n    - \" Nêu gương \"\n"))
    site_dir.add("bulletins/b.md", title="Không có kết quả kiểm điểm")
    site = load_site(site_dir.content, NOW)
    found = {bulletin.path: [(kind.field, items) for kind, items in bulletin.findings] for bulletin in site.bulletins}
    assert found == {"bulletins/a.md": [("strengths", ("Đoàn kết", "Nêu gương")), ("remedies", ("Tăng cường kiểm tra",))],
                     "bulletins/b.md": []}


def test_every_wrong_shape_is_an_error_with_its_line_field_and_what_to_do_in_one_run(site_dir):
    site_dir.write("bulletins/list.md", front_matter(" [Kiểm tra chưa tốt]\n"))
    site_dir.write("bulletins/text.md", front_matter(" Kiểm tra chưa tốt\n"))
    site_dir.write("bulletins/parts.md", front_matter(
        "\n  shortcoming: [Kiểm tra chưa tốt]\n  causes:\n    - Chưa sâu sát\n    - Kiểm tra: chưa thường xuyên\n"
        "    - [a, b]\n    - yes\n    -\n  giai-phap: [Tăng cường]\n"))
    check = CliRunner().invoke(main, ["check", str(site_dir.content)])
    assert check.exit_code == 1
    hint = "write findings: on a line of its own, then indented lines such as shortcomings: [Kiểm tra, giám sát chưa " \
           "thường xuyên]"
    assert check.stdout.splitlines() == [
        "bulletins/list.md:5: findings: must be a group of lists (strengths, shortcomings, causes, remedies), not "
        f"['Kiểm tra chưa tốt'] ({hint})",
        'bulletins/parts.md:6: findings.shortcoming: unknown field (did you mean "shortcomings"?)',
        "bulletins/parts.md:9: findings.causes: item 2: must be text, not a group of fields (put the item in quotes: "
        "YAML reads text with ': ' in it as a field)",
        "bulletins/parts.md:10: findings.causes: item 3: must be text, not a list (write a single line of text)",
        "bulletins/parts.md:11: findings.causes: item 4: must be text, not yes/no (put the value in quotes)",
        "bulletins/parts.md:12: findings.causes: item 5: is empty (write the finding after the dash, or delete the line)",
        "bulletins/parts.md:13: findings.giai-phap: unknown field (known fields: strengths, shortcomings, causes, "
        "remedies)",
        f"bulletins/text.md:5: findings: must be a group of lists (strengths, shortcomings, causes, remedies), not "
        f"'Kiểm tra chưa tốt' ({hint})",
    ]


# --- the pages ---------------------------------------------------------------------------------------------------

def test_a_bulletin_page_shows_its_findings_after_the_text_under_vietnamese_headings(site_dir):
    site_dir.add("bulletins/a.md", body="Chi bộ họp kiểm điểm.",
                 findings={**REVIEW, "causes": ["<b>Chưa</b> sâu sát cơ sở"]})
    site_dir.build()
    article = soup(site_dir, "bulletins/a/").select_one("article.bulletin")
    section = article.select_one(".bulletin-body + section.bulletin-findings")
    assert texts(section.select("h2")) == ["Kết quả kiểm điểm"]
    parts = [(texts(part.select("h3")), texts(part.select("li"))) for part in section.select(".findings-part")]
    assert parts == [(["Ưu điểm"], REVIEW["strengths"]), (["Hạn chế, khuyết điểm"], REVIEW["shortcomings"]),
                     (["Nguyên nhân"], ["<b>Chưa</b> sâu sát cơ sở"]), (["Giải pháp khắc phục"], REVIEW["remedies"])]
    assert section.select("b") == []  # an item is text, whatever it holds


def test_the_findings_are_printed_with_the_bulletin(site_dir, page):
    site_dir.add("bulletins/a.md", findings=REVIEW)
    site_dir.add("bulletins/b.md", title="Bản tin liên quan")
    site_dir.build()
    with serve(site_dir.site) as base:
        page.goto(f"{base}bulletins/a/")
        page.emulate_media(media="print")
        assert page.locator(".bulletin-findings h3").all_inner_texts() == [
            "Ưu điểm", "Hạn chế, khuyết điểm", "Giải pháp khắc phục"]
        assert page.locator(".bulletin-findings li").evaluate_all("items => items.map(item => item.checkVisibility())") \
            == [True] * 4
        assert not page.locator(".bulletin-reading").is_visible()  # what print leaves out, left out


@pytest.fixture
def reviewed(site_dir):
    """The Khối's findings over three reviews, a sub-unit's, and findings the unit page leaves out."""
    site_dir.write("campaigns.yml", CAMPAIGN)
    site_dir.add("bulletins/2011.md", title="Khối kiểm điểm năm 2011", date="2011-12-20", findings={
        "remedies": ["Xây dựng chương trình kiểm tra chuyên đề"]})
    site_dir.add("bulletins/nqtw4.md", title="Khối kiểm điểm theo NQTW4", date="2012-11-12", topics=["nqtw4"],
                 findings=REVIEW)
    site_dir.add("bulletins/2013.md", title="Khối sơ kết", date="2013-01-15", findings={
        "shortcomings": ["Việc khắc phục ở một số cơ sở còn chậm"], "causes": ["Chưa theo dõi đến cùng"]})
    site_dir.add("bulletins/strengths.md", title="Khối được biểu dương", date="2013-02-01",
                 findings={"strengths": ["Hoàn thành kiểm điểm đúng hạn"]})
    site_dir.add("bulletins/so.md", title="Sở kiểm điểm", date="2012-11-20", unit=["so-lao-dong", "dang-uy-khoi"],
                 topics=["nqtw4"], findings={"shortcomings": ["Chậm giải quyết đơn thư"]})
    return site_dir


def groups_on(site_dir, url: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The unit page's findings: each group's heading, with each entry's bulletin and its parts' headings."""
    section = soup(site_dir, url).select_one("section.unit-findings")
    found = []
    for heading in section.select("h3"):
        entries = heading.find_next_siblings(["h3", "article"])
        entries = entries[:next((index for index, node in enumerate(entries) if node.name == "h3"), len(entries))]
        found.append((heading.get_text(), [(entry.select_one(".findings-entry__source a").get_text(),
                                            texts(entry.select("h4"))) for entry in entries]))
    return found


def test_a_unit_page_lists_its_shortcomings_and_remedies_by_campaign_or_year_newest_first(reviewed):
    reviewed.build()
    assert groups_on(reviewed, "don-vi/dang-uy-khoi/") == [
        ("Năm 2013", [("Khối sơ kết", ["Hạn chế, khuyết điểm"])]),  # causes and strengths are the bulletin's page's
        ("Kiểm điểm theo NQTW4", [("Khối kiểm điểm theo NQTW4", ["Hạn chế, khuyết điểm", "Giải pháp khắc phục"])]),
        ("Năm 2011", [("Khối kiểm điểm năm 2011", ["Giải pháp khắc phục"])]),
    ]
    section = soup(reviewed, "don-vi/dang-uy-khoi/").select_one("section.unit-findings")
    assert section.select_one("h3 a")["href"] == f"../../dot-kiem-diem/{NQTW4}/"
    entry = section.select("article")[1]
    assert entry.select_one(".findings-entry__source a")["href"] == "../../bulletins/nqtw4/"
    assert texts(entry.select("li")) == REVIEW["shortcomings"] + REVIEW["remedies"]
    # A sub-unit's findings are on its own page, not its parent's, though its bulletin names the parent too.
    assert "Chậm giải quyết đơn thư" not in section.get_text()
    assert groups_on(reviewed, "don-vi/so-lao-dong/") == [
        ("Kiểm điểm theo NQTW4", [("Sở kiểm điểm", ["Hạn chế, khuyết điểm"])])]
    assert soup(reviewed, "don-vi/chi-bo-nguoi-co-cong/").select("section.unit-findings") == []


def test_the_findings_are_on_the_first_page_of_a_unit_only(reviewed):
    reviewed.config_text = reviewed.config_text.replace("  - bulletins\n", "  - bulletins:\n      per_page: 2\n")
    reviewed.build()
    assert [heading for heading, _entries in groups_on(reviewed, "don-vi/dang-uy-khoi/")] == [
        "Năm 2013", "Kiểm điểm theo NQTW4", "Năm 2011"]
    for number in (2, 3):
        assert soup(reviewed, f"don-vi/dang-uy-khoi/trang/{number}/").select("section.unit-findings") == []


def test_a_bulletin_counting_for_two_campaigns_is_under_each(site_dir):
    site_dir.write("campaigns.yml", CAMPAIGN + YEAR_END)
    site_dir.add("bulletins/a.md", date="2012-11-12", topics=["nqtw4"], campaign="cuoi-nam-2012", findings=REVIEW)
    site_dir.add("bulletins/draft.md", date="2012-11-13", campaign=NQTW4, findings=REVIEW, draft=True)
    groups = unit_findings(load_site(site_dir.content, NOW))["dang-uy-khoi"]
    assert [(group.title, group.url, [entry.bulletin.path for entry in group.entries]) for group in groups] == [
        ("Kiểm điểm cuối năm 2012", "dot-kiem-diem/cuoi-nam-2012/", ["bulletins/a.md"]),
        ("Kiểm điểm theo NQTW4", f"dot-kiem-diem/{NQTW4}/", ["bulletins/a.md"]),
    ]


# --- search ------------------------------------------------------------------------------------------------------

def test_the_search_record_holds_the_findings_with_the_text_and_the_campaigns_as_a_filter(site_dir):
    site_dir.write("campaigns.yml", CAMPAIGN)
    site_dir.add("bulletins/a.md", date="2012-11-12", topics=["nqtw4"], body="Chi bộ họp.", findings=REVIEW)
    site_dir.add("bulletins/b.md", date="2013-11-12", topics=["nqtw4"])
    records = {record.url: record for record in site_records(load_site(site_dir.content, NOW))}
    text = " ".join(records["bulletins/a/"].text)
    assert text.startswith("Chi bộ họp. Ưu điểm: Đoàn kết, thống nhất trong chi ủy. Hạn chế, khuyết điểm: Kiểm tra, "
                           "giám sát chưa thường xuyên; Sinh hoạt chi bộ có kỳ còn hình thức. Giải pháp khắc phục: "
                           "Tăng cường kiểm tra, giám sát. ")
    assert records["bulletins/a/"].filters["campaign"] == [NQTW4]
    assert records["bulletins/b/"].filters["campaign"] == []  # dated after the deadline, and not named


# --- proposals ---------------------------------------------------------------------------------------------------

def proposed(*paragraphs: str) -> list[tuple[str, str, list[str]]]:
    return [(proposal.kind.field, proposal.lead, proposal.items) for proposal in propose(paragraphs)]


def test_the_model_article_yields_its_findings_through_a_real_ingest(model_site):  # noqa: F811
    result = run("ingest", MODEL, cwd=model_site.root)
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load((model_site.content / DRAFT).read_text(encoding="utf-8").split("\n---\n")[0][4:])
    findings = meta["findings"]
    assert [(part, len(items)) for part, items in findings.items()] == [
        ("strengths", 4), ("shortcomings", 22), ("remedies", 11)]
    assert findings["shortcomings"][:2] == [
        "Phương pháp lãnh đạo công tác chính trị tư tưởng của BTV chưa thật sự đổi mới, chất lượng triển khai và tổ "
        "chức thực hiện chỉ thị, nghị quyết cấp trên đối với đảng viên và các TCCSĐ trực thuộc Đảng ủy Khối chưa cao",
        "Trong lãnh đạo, từng lúc việc kiểm tra, giám sát chưa thường xuyên"]
    # The individual members' shortcomings end where "…Trên cơ sở phân tích" opens the remedies, set close.
    assert findings["shortcomings"][11] == ("Từng Ủy viên BTV phải thật sự là tấm gương mẫu mực để các cấp ủy và đảng "
                                            "viên cấp dưới noi theo")
    # "đã đề ra những giải pháp khắc phục cụ thể" names a part: the Sở's list ends before it.
    assert findings["shortcomings"][-1] == "BTV Đảng ủy Sở chưa thường xuyên đi cơ sở"
    assert findings["remedies"][:2] == [
        "BTV Đảng ủy Khối tăng cường các giải pháp lãnh đạo, chỉ đạo toàn diện công tác giáo dục chính trị tư tưởng, "
        "đạo đức, lối sống", "Có biện pháp quản lý chặt chẽ cán bộ, đảng viên"]
    # "nhằm hạn chế" is a verb, not a part: the last remedy stays whole.
    assert findings["remedies"][-1].endswith("mạnh dạn phê phán, đấu tranh với mọi tiêu cực sai trái, nhằm hạn chế "
                                             "cán bộ, đảng viên vi phạm kỷ luật")
    assert [line for line in meta["review"] if line.startswith("findings")] == [
        'findings.strengths: 4 items from the text after "các ưu điểm của tập thể BTV Đảng ủy Khối được ghi nhận là:"',
        'findings.shortcomings: 8 items from the text after "những mặt hạn chế, như:"',
        'findings.shortcomings: 4 items from the text after "khuyết điểm của các cá nhân, như:"',
        'findings.remedies: 11 items from the text after "các giải pháp khắc phục hạn chế, khuyết điểm trong thời gian '
        'tới là:"',
        'findings.shortcomings: 10 items from the text after "những hạn chế thời gian qua là:"',
    ]
    check = run("check", cwd=model_site.root)
    assert check.returncode == 0, check.stdout


def test_a_report_laid_out_under_numbered_headings_gives_each_part_its_paragraphs():
    assert proposed(
        "I. ƯU ĐIỂM", "- đoàn kết, thống nhất trong cấp ủy.", "- lãnh đạo hoàn thành nhiệm vụ chính trị.",
        "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", "1. Hạn chế, khuyết điểm:", "- Sinh hoạt chi bộ có lúc hình thức;",
        "- Kiểm tra chưa thường xuyên; có việc còn chậm.", "Chi bộ đã học tập chuyên đề năm.",
        "2. Nguyên nhân", "Cấp ủy viên chưa sâu sát cơ sở. Phân công có lúc chưa rõ.",
    ) == [
        ("strengths", "I. ƯU ĐIỂM", ["Đoàn kết, thống nhất trong cấp ủy", "Lãnh đạo hoàn thành nhiệm vụ chính trị"]),
        ("shortcomings", "1. Hạn chế, khuyết điểm:",  # the heading above it has no items of its own
         ["Sinh hoạt chi bộ có lúc hình thức", "Kiểm tra chưa thường xuyên", "Có việc còn chậm"]),
        ("causes", "2. Nguyên nhân", ["Cấp ủy viên chưa sâu sát cơ sở", "Phân công có lúc chưa rõ"]),
    ]


def test_a_colon_ending_its_paragraph_opens_a_list_over_the_next_ones():
    assert proposed("Chi bộ chỉ ra những tồn tại sau:", "Sinh hoạt còn hình thức.", "Đảng viên ít đi cơ sở.",
                    "Đồng chí Bí thư đề nghị các giải pháp khắc phục cụ thể.", "Hội nghị kết thúc lúc 17 giờ.") == [
        ("shortcomings", "những tồn tại sau:", ["Sinh hoạt còn hình thức", "Đảng viên ít đi cơ sở"])]


@pytest.mark.parametrize("paragraph", [
    'Đồng chí Bí thư nêu những hạn chế: "Chúng tôi còn chậm".',  # a quotation, not a list
    "Hội nghị đã phân tích những hạn chế, khuyết điểm của tập thể và cá nhân và đề ra giải pháp khắc phục.",
    "Những hạn chế này được hội nghị thảo luận kỹ trong hai buổi làm việc căng thẳng, sôi nổi, thẳng thắn và cởi mở, "
    "rồi chuyển sang phần cuối là: bầu cử.",  # the signpost is too far from the colon
    "Để tồn tại, doanh nghiệp phải vượt qua thực tế khắc nghiệt: thị trường thu hẹp.",  # a verb, not a part
    "Đồng chí Bí thư phân tích những tồn tại và nhấn mạnh: cần đổi mới cách làm.",  # what someone said
])
def test_signposts_without_a_list_propose_nothing(paragraph):
    assert proposed(paragraph) == []


def test_the_later_part_wins_where_a_lead_names_several():
    assert proposed("Hội nghị chỉ ra nguyên nhân dẫn đến khuyết điểm là: chưa sâu sát cơ sở.",
                    "Chi bộ đề ra biện pháp khắc phục hạn chế như: tăng cường kiểm tra.") == [
        ("causes", "nguyên nhân dẫn đến khuyết điểm là:", ["Chưa sâu sát cơ sở"]),
        ("remedies", "biện pháp khắc phục hạn chế như:", ["Tăng cường kiểm tra"])]
