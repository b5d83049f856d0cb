"""The reading pages of the built sample site in a real browser, at desktop and phone widths.

The `page` fixture fails a test on any request off 127.0.0.1 and on any console error.
"""

import re
from itertools import pairwise
from urllib.parse import urljoin

import pytest

from conftest import REPO, WIDTHS, screenshot, serve
from test_build import MODEL, MODEL_TITLE, read, sample_site  # noqa: F401  (module fixture)

UNIT = "don-vi/dang-uy-khoi-co-quan-dan-chinh-dang/"
UNIT_NAME = "Đảng ủy Khối Cơ quan Dân Chính Đảng"
PERSON = "nhan-vat/le-viet-trieu/"
YEAR = "luu-tru/2012/"
PAGES = {
    "home": ("", "Trang chủ"),
    "unit": (UNIT, UNIT_NAME),
    "person": (PERSON, "Lê Việt Triều"),
    "people": ("nhan-vat/", "Nhân vật"),
    "archive": ("luu-tru/", "Lưu trữ"),
    "year": (YEAR, "Năm 2012"),
    "bulletin": (MODEL, MODEL_TITLE),
}

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length > 0).map(h => Number(h.tagName[1]))"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_reading_pages_render(sample_site, page, width, name):  # noqa: F811
    url, title = PAGES[name]
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    with serve(sample_site) as base:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text() == title
        assert page.locator("html").get_attribute("lang") == "vi"
        levels = page.evaluate(HEADINGS)
        assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels)), levels
        for image in page.locator(".md-content img").all():
            image.scroll_into_view_if_needed()  # thumbnails load lazily
            assert image.get_attribute("alt")
            page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
        # Nothing wider than the screen: the phone layout has no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
        screenshot(page, f"reading-{name}-{width}")


def test_from_a_bulletin_the_unit_topic_and_participant_links_work(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(base + MODEL)
        page.locator(".bulletin-units").get_by_role("link", name=UNIT_NAME).click()
        page.wait_for_url(base + UNIT)
        assert page.locator("h1").inner_text() == UNIT_NAME
        assert page.locator(".bulletin-card").get_by_role("link", name=MODEL_TITLE).count() == 1  # listed once

        page.goto(base + MODEL)
        page.locator(".bulletin-topics").get_by_role("link", name="Nghị quyết Trung ương 4 (khóa XI)").click()
        page.wait_for_url(base + "chu-de/nghi-quyet-trung-uong-4-khoa-xi/")
        assert page.locator("h1").inner_text() == "Nghị quyết Trung ương 4 (khóa XI)"

        page.goto(base + MODEL)
        page.locator(".bulletin-participants").get_by_role("link", name=re.compile("^Lê Việt Triều")).click()
        page.wait_for_url(base + PERSON)
        assert page.locator("h1").inner_text() == "Lê Việt Triều"
        card = page.locator(".bulletin-card", has=page.get_by_role("link", name=MODEL_TITLE))
        assert card.locator(".bulletin-card__role").inner_text() == "Vai trò: Phó Bí thư Đảng ủy Khối"


def test_related_and_sequence_links_lead_to_the_bulletins_they_name(sample_site, page):  # noqa: F811
    """Each click is followed to the address its link names before the new page is read."""
    with serve(sample_site) as base:
        page.goto(base + MODEL)
        related = page.locator(".related-list a")
        assert related.count() == 5
        title, url = related.first.inner_text(), urljoin(page.url, related.first.get_attribute("href"))
        assert url != base + MODEL
        related.first.click()
        page.wait_for_url(url)
        assert page.locator("article.bulletin h1").inner_text() == title

        page.goto(base + MODEL)
        following = page.locator(".unit-sequence a[rel=next]")
        title = following.inner_text().split("→", 1)[1].strip()
        url = urljoin(page.url, following.get_attribute("href"))
        assert url != base + MODEL
        following.click()
        page.wait_for_url(url)
        assert page.locator("article.bulletin h1").inner_text() == title
        assert page.locator(".bulletin-units a").first.inner_text() == UNIT_NAME  # the same main unit
        page.locator(".unit-sequence a[rel=prev]").click()  # and back
        page.wait_for_url(base + MODEL)
        assert page.locator("article.bulletin h1").inner_text() == MODEL_TITLE


def test_the_unit_chart_is_an_image_with_its_numbers_in_words(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(base + UNIT)
        chart = page.get_by_role("img", name="Số bản tin mỗi năm")
        assert chart.count() == 1
        description = page.locator("#year-chart-desc").text_content()
        assert description.startswith("2012: ") and description.endswith(" bản tin.")
        assert page.locator(".year-chart__bar").count() == description.count("bản tin")


def test_the_print_stylesheet_shows_only_the_bulletin(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(base + MODEL)
        assert page.locator(".md-header").is_visible() and page.locator(".md-tabs").is_visible()
        page.emulate_media(media="print")
        for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                       ".md-search", ".bulletin-reading", ".headerlink"):
            assert all(not element.is_visible() for element in page.locator(hidden).all()), hidden
        for shown in ("article.bulletin h1", ".bulletin-meta", ".bulletin-body", ".bulletin-abbreviations"):
            assert page.locator(shown).is_visible(), shown
        assert page.locator(".bulletin-abbreviations dd").first.inner_text() == "Ban Thường vụ"
        screenshot(page, "reading-bulletin-print")


def test_abbreviations_are_explained_on_hover(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(base + MODEL)
        assert page.locator(".bulletin-body abbr", has_text="TCCSĐ").first.get_attribute("title") == "tổ chức cơ sở đảng"
        assert page.locator(".bulletin-body abbr", has_text="BTV").count() > 10


ENGLISH = re.compile(r'"([a-z.]+)": "([^"]*)"')


def test_no_interface_text_is_left_in_english(sample_site):  # noqa: F811
    """Every string of Material's English translation that reaches a page is translated."""
    languages = next(REPO.glob(".venv/lib/python3*/site-packages/material/templates/partials/languages"))
    english = dict(ENGLISH.findall((languages / "en.html").read_text(encoding="utf-8")))
    ours = dict(ENGLISH.findall((REPO / "theme/partials/languages/vi.html").read_text(encoding="utf-8")))
    settings = {"search.config.pipeline", "search.config.separator"}
    assert set(english) - set(ours) == settings
    same = {key for key in ours if ours[key] == english[key] and key != "direction"}
    assert same == set()
    for url in ("", MODEL, UNIT, PERSON, YEAR):
        html = read(sample_site, url)
        for key, text in english.items():
            if key not in settings and len(text) > 3:
                assert f'"{text}"' not in html and f">{text}<" not in html, (url, text)
    assert "Không tìm thấy trang" in (sample_site / "404.html").read_text(encoding="utf-8")


def test_every_page_has_one_h1_and_no_skipped_heading_level(sample_site):  # noqa: F811
    for path in sorted(sample_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect page (aliases:) shows a single line of text
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", text)]
        assert levels.count(1) == 1 and levels[0] == 1, (path, levels)
        assert all(b <= a + 1 for a, b in pairwise(levels)), (path, levels)
