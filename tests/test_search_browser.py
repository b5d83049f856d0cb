"""Search on the built sample site in a real browser: the header box, the search page, filters, hostile queries.

The `page` fixture fails a test on any request off 127.0.0.1 and on any console error.
"""

import re
from datetime import datetime
from urllib.parse import quote

from conftest import REPO, WIDTHS, screenshot, serve
from generator.search import published
from generator.site import load_site
from generator.unitnames import typed_spelling, typed_unit_key
from generator.vietnamese import VIETNAM
from test_build import MODEL, MODEL_TITLE, sample_site  # noqa: F401  (module fixture)

FINAL = "s => /^(Tìm thấy|Không tìm thấy)/.test(s.textContent.trim())"


def settled(page, before: str | None = None) -> str:
    """Wait for the search page's status to give a result (another than ``before``); return it."""
    page.wait_for_function(f"([before]) => {{ const s = document.querySelector('.search-status');"
                           f" return ({FINAL})(s) && s.textContent !== before; }}", arg=[before])
    return page.locator(".search-status").inner_text()


def total(status: str) -> int:
    found = re.match(r"Tìm thấy (\d+) bản tin", status)
    return int(found.group(1)) if found else 0


def titles(page) -> list[str]:
    return page.locator(".search-result__title").all_inner_texts()


def test_the_header_box_finds_the_model_article_on_a_desktop(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(f"{base}{MODEL}")
        page.fill(".bulletins-search-box__input", "le viet trieu")
        page.press(".bulletins-search-box__input", "Enter")
        page.wait_for_url(f"{base}tim-kiem/?q=le+viet+trieu")
        status = settled(page)
        assert status == "Tìm thấy 3 bản tin cho “le viet trieu”."
        assert MODEL_TITLE in titles(page)
        assert page.input_value("#search-query") == "le viet trieu"
        result = page.locator(".search-result", has_text=MODEL_TITLE)
        excerpt = result.locator(".search-result__excerpt")
        assert excerpt.locator("mark").all_inner_texts()[:3] == ["Lê", "Việt", "Triều"]  # not the comma after it
        assert "Lê Việt Triều, Phó Bí thư" in excerpt.inner_text()
        assert "12/11/2012 - 14:49" in result.locator(".search-result__meta").inner_text()
        screenshot(page, "search-desktop")


def test_on_a_phone_the_header_button_opens_the_search_page(sample_site, page):  # noqa: F811
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})
    with serve(sample_site) as base:
        page.goto(base)
        assert not page.locator(".bulletins-search-box__input").is_visible()
        page.click(".bulletins-search-box__button")
        page.wait_for_url(f"{base}tim-kiem/?q=")
        page.fill("#search-query", "kiem diem nqtw4")  # typing searches, no button needed
        # The empty query's status may be final already: wait for the status of this query.
        page.wait_for_function("query => (document.querySelector('.search-status')?.textContent || '')"
                               ".includes(query)", arg="kiem diem nqtw4")
        status = settled(page)
        assert total(status) > 0 and MODEL_TITLE in titles(page)
        assert page.url == f"{base}tim-kiem/?q=kiem+diem+nqtw4"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTHS["phone"]  # nothing sticks out sideways
        screenshot(page, "search-phone")


def test_a_unit_filter_narrows_the_results_and_a_result_opens_its_bulletin(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(f"{base}tim-kiem/?q=kiem+diem")
        everywhere = settled(page)
        page.fill("#search-unit", "so lao dong")
        page.locator("#search-unit-choices [role=option]", has_text="Đảng ủy Sở Lao động").click()
        narrowed = settled(page, everywhere)
        assert 0 < total(narrowed) < total(everywhere)
        assert "don-vi=dang-uy-so-lao-dong-thuong-binh-va-xa-hoi" in page.url
        for meta in page.locator(".search-result__meta").all_inner_texts():  # the Sở or its Chi bộ
            assert "Đảng ủy Sở Lao động" in meta or "Chi bộ Phòng Người có công" in meta
        page.locator(".search-result__title", has_text=MODEL_TITLE).click()
        page.wait_for_url(f"{base}{MODEL}")
        assert page.locator("article.bulletin h1").inner_text() == MODEL_TITLE
        page.go_back()
        assert settled(page) == narrowed  # the address kept the query and the filter
        assert page.input_value("select[name=don-vi]") == "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi"
        assert page.input_value("#search-unit") == "Đảng ủy Sở Lao động - Thương binh và Xã hội"


def offered(page) -> list[str]:
    return page.locator("#search-unit-choices:visible [role=option]").all_inner_texts()


def test_the_unit_box_offers_a_unit_typed_as_newspapers_write_it_with_or_without_diacritics(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(f"{base}tim-kiem/?q=kiem+diem")
        everywhere = settled(page)
        page.fill("#search-unit", "dang bo khoi doanh nghiep")
        assert offered(page) == ["Đảng ủy Khối Doanh nghiệp"]
        page.press("#search-unit", "Enter")  # the name is whole: no need to pick it
        narrowed = settled(page, everywhere)
        assert 0 < total(narrowed) < total(everywhere)
        assert page.url == f"{base}tim-kiem/?q=kiem+diem&don-vi=dang-uy-khoi-doanh-nghiep"
        assert page.input_value("#search-unit") == "Đảng ủy Khối Doanh nghiệp"
        page.fill("#search-unit", "BTV Thành ủy")
        assert offered(page) == ["Thành ủy Cần Thơ"]
        page.press("#search-unit", "ArrowDown")
        page.press("#search-unit", "Enter")
        assert settled(page, narrowed) == everywhere  # the city's page includes every unit below it
        assert page.url == f"{base}tim-kiem/?q=kiem+diem&don-vi=thanh-uy-can-tho"
        page.fill("#search-unit", "Đảng ủy Sở LĐ-TB&XH")
        assert offered(page) == ["Đảng ủy Sở Lao động - Thương binh và Xã hội"]
        page.fill("#search-unit", "Đảng bộ Khối Dệt may")
        page.press("#search-unit", "Enter")
        page.wait_for_url(f"{base}tim-kiem/?q=kiem+diem")
        page.wait_for_function("document.querySelector('.search-status').textContent.includes('Tìm thấy')")
        assert page.locator(".search-status").inner_text() == (
            f"Không có đơn vị nào tên “Đảng bộ Khối Dệt may”. {everywhere}")
        page.fill("#search-unit", "")
        page.focus("#search-query")
        page.focus("#search-unit")  # an empty box offers the whole tree
        assert len(offered(page)) == page.locator("select[name=don-vi] option").count() - 1


def test_the_page_reads_a_typed_unit_name_as_the_site_does(sample_site, page):  # noqa: F811
    """search.js applies generator/unitnames.py's rules, read from the page: both give the same forms."""
    names = ["Đảng bộ Khối Doanh nghiệp", "BTV Thành ủy TP. Cần Thơ", "Chi ủy (Chi bộ) Phòng Người có công",
             "Đảng ủy Sở Lao động, Thương binh & Xã hội", "LĐTBXH", "  quận   uỷ Ninh Kiều ", "Thị ủy Long Mỹ"]
    with serve(sample_site) as base:
        page.goto(f"{base}tim-kiem/")
        forms = page.evaluate("""async (names) => {
            const { unitForms } = await import(document.querySelector("script[src*='search.js']").src);
            const rules = JSON.parse(document.querySelector("select[name=don-vi]").dataset.unitBox).rules
              .map(([source, replacement]) => [new RegExp(source, "g"), replacement]);
            return names.map((name) => unitForms(name, rules));
        }""", names)
    assert forms == [list(dict.fromkeys([typed_unit_key(name), typed_spelling(name)])) for name in names]


def test_a_name_two_units_share_is_said_in_the_unit_box_with_both(site_dir, page):
    site_dir.write("units.yml", "- {id: thanh-uy, name: Thành ủy Cần Thơ}\n"
                                "- {id: dang-bo-thanh-pho, name: Đảng bộ thành phố Cần Thơ}\n"
                                "- {id: khoi, name: Đảng ủy Khối Doanh nghiệp, parent: thanh-uy}\n")
    site_dir.add("bulletins/a.md", unit="khoi")
    with serve(site_dir.build()) as base:
        page.goto(f"{base}tim-kiem/?q=hoi+nghi")
        settled(page)
        page.fill("#search-unit", "dang uy thanh pho can tho")
        assert offered(page) == ["Đảng bộ thành phố Cần Thơ", "Thành ủy Cần Thơ"]  # in the unit tree's order
        page.press("#search-unit", "Enter")
        page.wait_for_function("document.querySelector('.search-status').textContent.includes('nhiều đơn vị')")
        assert page.locator(".search-status").inner_text() == (
            "“dang uy thanh pho can tho” có thể là nhiều đơn vị: Đảng bộ thành phố Cần Thơ; Thành ủy Cần Thơ. "
            "Hãy chọn một. Tìm thấy 1 bản tin cho “hoi nghi”.")
        assert "don-vi" not in page.url


def test_filters_come_from_the_address_and_a_person_can_be_typed_without_diacritics(sample_site, page):  # noqa: F811
    with serve(sample_site) as base:
        page.goto(f"{base}tim-kiem/?nam=2012")
        before = settled(page)
        assert before == "Tìm thấy 2 bản tin." and page.input_value("select[name=nam]") == "2012"
        page.fill("[data-person]", "le viet trieu")
        page.dispatch_event("[data-person]", "change")
        assert settled(page, before) == "Tìm thấy 1 bản tin."
        assert titles(page) == [MODEL_TITLE]
        assert page.url == f"{base}tim-kiem/?nam=2012&nguoi=le-viet-trieu"
        page.goto(f"{base}tim-kiem/?nguoi=le-viet-trieu&chu-de=nghi-quyet-trung-uong-4-khoa-xi")
        settled(page)
        assert page.input_value("[data-person]") == "Lê Việt Triều"
        assert MODEL_TITLE in titles(page)


def test_hostile_queries_are_shown_as_text_and_break_nothing(sample_site, page):  # noqa: F811
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(sample_site) as base:
        for query in ["!!! ... ???", "x" * 1000, '"><img src=x onerror="window.pwned=1">',
                      "<script>window.pwned=1</script>", "%00 \u202e Đảng ủy"]:
            page.goto(f"{base}tim-kiem/?q={quote(query)}")
            status = settled(page)
            assert query.strip() in status
            assert page.input_value("#search-query") == query
            assert page.locator('img[src="x"], .search-status *, .search-results script').count() == 0
            assert page.evaluate("window.pwned") is None
    assert dialogs == []


def test_a_campaign_filter_keeps_the_bulletins_that_count_for_it_and_the_address_keeps_it(sample_site, page):  # noqa: F811
    site = load_site(REPO / "content", datetime.now(VIETNAM))
    campaign = "kiem-diem-nqtw4-2012"
    counting = [bulletin.title for bulletin in published(site)  # newest first
                if campaign in [counted.id for counted in site.campaigns_of(bulletin)]]
    assert MODEL_TITLE in counting and len(counting) < len(published(site))
    with serve(sample_site) as base:
        page.goto(f"{base}tim-kiem/?q=kiem+diem")
        everywhere = settled(page)
        page.select_option("select[name=dot]", campaign)
        narrowed = settled(page, everywhere)
        assert total(narrowed) < total(everywhere)
        assert sorted(titles(page)) == sorted(counting)
        assert page.url == f"{base}tim-kiem/?q=kiem+diem&dot={campaign}"
        page.goto(f"{base}tim-kiem/?dot={campaign}")  # no words: the campaign's bulletins, newest first
        assert settled(page) == f"Tìm thấy {len(counting)} bản tin."
        assert titles(page) == counting
        assert page.input_value("select[name=dot]") == campaign


def test_a_finding_written_only_in_the_front_matter_is_found(site_dir, page):
    site_dir.add("bulletins/a.md", title="Chi bộ kiểm điểm", body="Chi bộ họp.",
                 findings={"shortcomings": ["Còn tình trạng nể nang khi góp ý"]})
    site_dir.add("bulletins/b.md", title="Chi bộ học tập", body="Chi bộ học tập nghị quyết.")
    with serve(site_dir.build()) as base:
        page.goto(f"{base}tim-kiem/?q=ne+nang")
        assert settled(page) == "Tìm thấy 1 bản tin cho “ne nang”."
        assert titles(page) == ["Chi bộ kiểm điểm"]
        assert page.locator(".search-result__excerpt mark").all_inner_texts() == ["nể", "nang"]
        assert not page.locator("select[name=dot]").is_visible()  # a site without campaigns offers none
