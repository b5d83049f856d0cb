"""Every listing page of a small site, whole: kind, address, title, bulletins shown, count, subject, pager and what
the page's template is handed. Three pages at two a page, a draft, two years, two people."""

from datetime import datetime

import pytest

from generator.listings import listing_pages
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


@pytest.fixture
def pages(site_dir):
    site_dir.add("bulletins/a.md", title="A", date="2012-03-01", unit="chi-bo-nguoi-co-cong", topics=["nqtw4"],
                 participants=["Lê Việt Triều, Bí thư"])
    site_dir.add("bulletins/b.md", title="B", date="2012-11-12", unit="so-lao-dong", topics=["nqtw4", "kiem-diem"],
                 participants=["Lê Việt Triều, Phó Bí thư", "Châu Hồng Thái"])
    site_dir.add("bulletins/c.md", title="C", date="2013-01-05", unit="dang-uy-khoi")
    site_dir.add("bulletins/d.md", title="D", date="2013-02-05", unit="chi-bo-hoa-binh", draft=True)
    return listing_pages(load_site(site_dir.content, NOW), per_page=2, home_latest=2)


def ids(entries):
    return [entry.id for entry in entries]


def tree(nodes):
    return [(node.unit.id, node.count, tree(node.children)) for node in nodes]


def handed(page) -> dict:
    """What the page's template gets besides its bulletins, in ids, names and numbers."""
    extra = page.extra
    match page.kind:
        case "home":
            return extra
        case "units":
            return {"tree": tree(extra["tree"])}
        case "topics":
            return {"topics": [(topic.id, count) for topic, count in extra["topics"]]}
        case "unit":
            chart = extra["chart"] and [(bar.year, bar.count) for bar in extra["chart"].bars]
            return {"parent": extra["parent"] and extra["parent"].id, "children": ids(extra["children"]),
                    "findings": extra["findings"], "chart": chart, "campaigns": extra["campaigns"]}
        case "people":
            return {"groups": [(initial, [person.name for person in people]) for initial, people in extra["groups"]]}
        case "person":
            return {"person": extra["person"].slug, "roles": extra["roles"]}
        case "archive":
            return {"years": [(year.year, year.count) for year in extra["years"]]}
        case "year":
            return {name: extra[name] and extra[name].year for name in ("year", "newer", "older")}
        case "search":
            filters = extra["filters"]
            return {"units": [choice.unit.id for choice in filters.units], "years": filters.years}
    return extra


def test_every_listing_page_whole(pages):
    shown = [(page.kind, page.url, page.title, [item.path for item in page.items], page.total,
              page.subject and page.subject.id, page.pager and (page.pager.number, page.pager.urls), handed(page))
             for page in pages]
    a, b, c = "bulletins/a.md", "bulletins/b.md", "bulletins/c.md"
    khoi = ("don-vi/dang-uy-khoi/", "don-vi/dang-uy-khoi/trang/2/")
    no_campaigns = {"findings": [], "campaigns": []}
    assert shown == [
        ("home", "", "Trang chủ", [c, b], 3, None, None, {"units": 5, "topics": 2, "people": 2, "campaigns": []}),
        ("units", "don-vi/", "Đơn vị", [], 3, None, None, {"tree": [
            ("dang-uy-khoi", 3, [("so-lao-dong", 2, [("chi-bo-nguoi-co-cong", 1, [])])]),
            ("khoi-doanh-nghiep", 0, [("chi-bo-hoa-binh", 0, [])])]}),
        ("topics", "chu-de/", "Chủ đề", [], 3, None, None, {"topics": [("kiem-diem", 1), ("nqtw4", 2)]}),
        ("unit", "don-vi/chi-bo-nguoi-co-cong/", "Chi bộ Phòng Người có công", [a], 1, "chi-bo-nguoi-co-cong",
         (1, ("don-vi/chi-bo-nguoi-co-cong/",)),
         {"parent": "so-lao-dong", "children": [], "chart": [(2012, 1)], **no_campaigns}),
        ("unit", "don-vi/chi-bo-hoa-binh/", "Chi bộ Phường Hòa Bình", [], 0, "chi-bo-hoa-binh",
         (1, ("don-vi/chi-bo-hoa-binh/",)), {"parent": "khoi-doanh-nghiep", "children": [], "chart": None,
                                             **no_campaigns}),
        ("unit", khoi[0], "Đảng ủy Khối Cơ quan Dân Chính Đảng", [c, b], 3, "dang-uy-khoi", (1, khoi),
         {"parent": None, "children": ["so-lao-dong"], "chart": [(2012, 2), (2013, 1)], **no_campaigns}),
        ("unit", khoi[1], "Đảng ủy Khối Cơ quan Dân Chính Đảng – Trang 2", [a], 3, "dang-uy-khoi", (2, khoi),
         {"parent": None, "children": ["so-lao-dong"], "chart": [(2012, 2), (2013, 1)], **no_campaigns}),
        ("unit", "don-vi/khoi-doanh-nghiep/", "Đảng ủy Khối Doanh nghiệp", [], 0, "khoi-doanh-nghiep",
         (1, ("don-vi/khoi-doanh-nghiep/",)), {"parent": None, "children": ["chi-bo-hoa-binh"], "chart": None,
                                               **no_campaigns}),
        ("unit", "don-vi/so-lao-dong/", "Đảng ủy Sở Lao động - Thương binh và Xã hội", [b, a], 2, "so-lao-dong",
         (1, ("don-vi/so-lao-dong/",)),
         {"parent": "dang-uy-khoi", "children": ["chi-bo-nguoi-co-cong"], "chart": [(2012, 2)], **no_campaigns}),
        ("topic", "chu-de/kiem-diem/", "Kiểm điểm, tự phê bình và phê bình", [b], 1, "kiem-diem",
         (1, ("chu-de/kiem-diem/",)), {}),
        ("topic", "chu-de/nqtw4/", "Nghị quyết Trung ương 4 (khóa XI)", [b, a], 2, "nqtw4", (1, ("chu-de/nqtw4/",)),
         {}),
        ("people", "nhan-vat/", "Nhân vật", [], 2, None, None, {"groups": [("T", ["Châu Hồng Thái", "Lê Việt Triều"])]}),
        ("person", "nhan-vat/chau-hong-thai/", "Châu Hồng Thái", [b], 1, None, (1, ("nhan-vat/chau-hong-thai/",)),
         {"person": "chau-hong-thai", "roles": {b: None}}),
        ("person", "nhan-vat/le-viet-trieu/", "Lê Việt Triều", [b, a], 2, None, (1, ("nhan-vat/le-viet-trieu/",)),
         {"person": "le-viet-trieu", "roles": {a: "Bí thư", b: "Phó Bí thư"}}),
        ("archive", "luu-tru/", "Lưu trữ", [], 3, None, None, {"years": [(2013, 1), (2012, 2)]}),
        ("year", "luu-tru/2013/", "Năm 2013", [c], 1, None, None, {"year": 2013, "newer": None, "older": 2012}),
        ("year", "luu-tru/2012/", "Năm 2012", [b, a], 2, None, None, {"year": 2012, "newer": 2013, "older": None}),
        ("search", "tim-kiem/", "Tìm kiếm", [], 3, None, None, {
            "units": ["dang-uy-khoi", "so-lao-dong", "chi-bo-nguoi-co-cong", "khoi-doanh-nghiep", "chi-bo-hoa-binh"],
            "years": ["2013", "2012"]}),
    ]


def test_only_the_sections_are_in_the_nav_and_each_page_has_its_source(pages):
    assert [page.kind for page in pages if page.in_nav] == ["home", "units", "topics", "people", "archive"]
    assert [page.src_uri for page in pages[:2]] == ["index.md", "don-vi/index.md"]
    assert pages[1].markdown == '---\ntitle: "Đơn vị"\n---\n'


def test_each_year_page_links_the_years_either_side(site_dir):
    for year in (2011, 2012, 2013):
        site_dir.add(f"bulletins/{year}.md", date=f"{year}-06-01")
    years = [page.extra for page in listing_pages(load_site(site_dir.content, NOW)) if page.kind == "year"]
    assert [tuple(extra[name] and extra[name].year for name in ("newer", "year", "older")) for extra in years] == [
        (None, 2013, 2012), (2013, 2012, 2011), (2012, 2011, None)]
