"""The glossary: read with line numbers, applied to every bulletin by Markdown's abbr extension."""

from datetime import datetime

import pytest

from generator.errors import ContentError
from generator.glossary import Glossary, load_glossary
from generator.site import load_site
from generator.vietnamese import VIETNAM

GLOSSARY = "BTV: Ban Thường vụ\nTCCSĐ: tổ chức cơ sở đảng\nNQTW4: Nghị quyết Trung ương 4 (khóa XI)\n" \
           "NQTW4 khóa XII: Nghị quyết Trung ương 4 (khóa XII)\nLĐ-TB&XH: Lao động - Thương binh và Xã hội\n"


def test_the_file_is_read_and_every_problem_named(site_dir):
    site_dir.write("glossary.yml", "BTV: Ban Thường vụ\n(BTV): Ban Thường vụ\nUBKT:\nBTV: Ban Thường vụ\n")
    glossary, problems = load_glossary(site_dir.content)
    assert glossary.terms == {"BTV": "Ban Thường vụ"}
    assert [str(problem) for problem in problems] == [
        "glossary.yml:4: BTV: warning: appears twice; the last value is used (keep one)",
        "glossary.yml:2: (BTV): an abbreviation must start and end with a letter or digit (write it as it appears "
        "in the text, e.g. BTV or LĐ-TB&XH)",
        "glossary.yml:3: UBKT: must be followed by what it stands for (write e.g. BTV: Ban Thường vụ)",
    ]


def test_no_file_is_no_glossary_and_a_list_is_an_error(site_dir):
    assert load_glossary(site_dir.content)[0].terms == {}
    site_dir.write("glossary.yml", "- BTV\n")
    assert [str(p) for p in load_glossary(site_dir.content)[1]] == [
        "glossary.yml:1: file: must be a mapping of abbreviations (write one 'ABBREVIATION: what it stands for' "
        "per line)"]


def test_a_glossary_error_stops_the_check_with_the_content_errors(site_dir):
    site_dir.write("glossary.yml", "BTV: [Ban, Thường vụ]\n")
    site_dir.add("bulletins/a.md", unit="không có")
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, datetime(2030, 1, 1, tzinfo=VIETNAM))
    assert [problem.path for problem in error.value.problems] == ["bulletins/a.md", "glossary.yml"]


def test_whole_words_longest_first_in_order_of_first_use():
    glossary = Glossary(dict(line.split(": ", 1) for line in GLOSSARY.splitlines()))
    text = "NQTW4 khóa XII và BTVs, rồi TCCSĐ, BTV, NQTW4 và Sở LĐ-TB&XH; lại BTV."
    assert [abbreviation for abbreviation, _ in glossary.used_in(text)] == [
        "NQTW4 khóa XII", "TCCSĐ", "BTV", "NQTW4", "LĐ-TB&XH"]


def test_every_bulletin_explains_the_abbreviations_it_uses(site_dir):
    site_dir.write("glossary.yml", GLOSSARY)
    site_dir.add("bulletins/a.md", body="Tập thể BTV và các TCCSĐ quán triệt NQTW4 khóa XII.\n\n"
                                        "Mã `BTV` giữ nguyên; BTVs không phải chữ viết tắt.")
    site_dir.add("bulletins/b.md", body="Không có chữ viết tắt nào.")
    site_dir.build()
    page = site_dir.page("bulletins/a/")
    assert '<abbr title="Ban Thường vụ">BTV</abbr> và các <abbr title="tổ chức cơ sở đảng">TCCSĐ</abbr>' in page
    assert '<abbr title="Nghị quyết Trung ương 4 (khóa XII)">NQTW4 khóa XII</abbr>' in page
    assert "<code>BTV</code>" in page and "BTVs không" in page
    section = page[page.index('<section class="bulletin-abbreviations"'):page.index("</section>")]
    assert section.count("<dt>") == 3 and "<dd>Ban Thường vụ</dd>" in section
    assert "bulletin-abbreviations" not in site_dir.page("bulletins/b/")
    assert not (site_dir.site / "glossary.yml").exists()
