"""Every kind of page of the built sample site in a real browser, audited with axe-core 4.13 at desktop and phone
widths; and the readers' polish axe does not see: the picture's box before it loads, the footer, the left
sidebar, the feed people's and campaigns' pages offer.

The `page` fixture fails a test on any request off 127.0.0.1 and on any console error.
"""

import pytest

from conftest import WIDTHS, screenshot, serve
from test_build import MODEL, read, sample_site  # noqa: F401  (module fixture)
from test_reading_browser import PERSON, UNIT, YEAR

PAGES = {
    "home": "",
    "units": "don-vi/",
    "unit": UNIT,
    "topics": "chu-de/",
    "topic": "chu-de/nghi-quyet-trung-uong-4-khoa-xi/",
    "people": "nhan-vat/",
    "person": PERSON,
    "archive": "luu-tru/",
    "year": YEAR,
    "bulletin": MODEL,
    "search": "tim-kiem/?q=kiem+diem",
    "404": "404.html",  # the test server answers a missing page with its own 404, not the site's
    "campaigns": "dot-kiem-diem/",
    "campaign": "dot-kiem-diem/kiem-diem-nqtw4-2012/",
}
SEARCHED = "s => /^(Tìm thấy|Không tìm thấy)/.test(s.textContent.trim())"
SERIOUS = {"serious", "critical"}


def described(violations: list[dict]) -> list[str]:
    return [f"{item['id']} ({item['impact']}, {len(item['nodes'])} nodes): {item['nodes'][0]['target']} "
            f"{item['nodes'][0]['failureSummary']}" for item in violations]


def open_page(page, base: str, url: str) -> None:
    page.goto(base + url)
    page.wait_for_load_state("networkidle")
    if url.startswith("tim-kiem/"):
        page.wait_for_function(SEARCHED, arg=page.locator(".search-status").element_handle())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_axe_violation(sample_site, page, axe, width, name):  # noqa: F811
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    with serve(sample_site) as base:
        open_page(page, base, PAGES[name])
        serious = [item for item in axe(page) if item["impact"] in SERIOUS]
        assert described(serious) == []


def test_the_search_page_tells_its_two_search_forms_apart(sample_site, page, axe):  # noqa: F811
    with serve(sample_site) as base:
        open_page(page, base, PAGES["search"])
        assert page.get_by_role("search").count() == 2
        assert page.get_by_role("search", name="Tìm nhanh").count() == 1  # the header's
        assert described(item for item in axe(page) if item["id"].startswith("landmark")) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_picture_has_its_box_before_it_arrives(sample_site, page, width):  # noqa: F811
    """Width and height on the <img>: the text below does not move when the picture comes."""
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    held = []
    page.route("**/images/**", lambda route: held.append(route))  # the picture waits till the page is measured
    with serve(sample_site) as base:
        page.goto(base + MODEL, wait_until="domcontentloaded")
        picture = page.locator(".bulletin-image img")
        box = picture.bounding_box()
        text_top = page.locator(".bulletin-body").bounding_box()["y"]
        assert box["width"] > 300 and box["height"] == pytest.approx(box["width"] * 450 / 800, abs=1)
        assert len(held) == 1
        held[0].continue_()
        page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=picture.element_handle())
        assert picture.bounding_box() == box
        assert page.locator(".bulletin-body").bounding_box()["y"] == text_top


@pytest.mark.parametrize("width", WIDTHS)
def test_no_empty_footer_and_the_sections_shown_once(sample_site, page, width):  # noqa: F811
    """Desktops show the sections as tabs only (the left sidebar held the current one alone); phones have them in
    the menu drawer. No page ends with an empty dark bar."""
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    with serve(sample_site) as base:
        open_page(page, base, PAGES["people"])
        assert page.locator(".md-footer").count() == 0
        screenshot(page, f"polish-people-{width}")
        sections = [text.strip() for text in page.locator(".md-tabs__link").all_text_contents()]
        drawer = page.locator(".md-sidebar--primary")
        if width == "desktop":
            assert page.locator(".md-tabs").is_visible() and not drawer.is_visible()
        else:
            page.locator(".md-header label[for='__drawer']").click()
            page.wait_for_function("drawer => drawer.getBoundingClientRect().left >= 0", arg=drawer.element_handle())
            assert drawer.locator(".md-nav__link").all_inner_texts() == sections


def test_people_and_campaign_pages_offer_no_feed_that_is_not_theirs(sample_site):  # noqa: F811
    for url in (PAGES["people"], PERSON, PAGES["campaigns"], PAGES["campaign"]):
        html = read(sample_site, url)
        assert "application/atom+xml" not in html and 'class="feed-link"' not in html, url
    for url in ("", PAGES["archive"]):  # the home page and the archive list the site's bulletins: its feed is theirs
        assert 'type="application/atom+xml"' in read(sample_site, url), url
