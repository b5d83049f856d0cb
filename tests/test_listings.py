import re

import pytest

from generator.listings import Pager, page_urls


@pytest.mark.parametrize("total, pages", [(0, 1), (1, 1), (20, 1), (21, 2), (40, 2), (41, 3)])
def test_page_count(total, pages):
    urls = page_urls("don-vi/a/", total, 20)
    assert len(urls) == pages
    assert urls[0] == "don-vi/a/"
    assert urls[1:] == tuple(f"don-vi/a/trang/{n}/" for n in range(2, pages + 1))


@pytest.mark.parametrize("count, number, shown", [
    (1, 1, [1]),
    (7, 1, [1, 2, 3, None, 7]),
    (7, 4, [1, 2, 3, 4, 5, 6, 7]),  # a one-page gap shows the page, not "…"
    (500, 6, [1, None, 4, 5, 6, 7, 8, None, 500]),
    (500, 500, [1, None, 498, 499, 500]),
])
def test_the_pager_offers_the_ends_and_the_pages_near_this_one(count, number, shown):
    urls = page_urls("don-vi/a/", count * 20, 20)
    links = Pager(number, urls).links
    assert [link and link[0] for link in links] == shown
    assert all(link is None or link[1] == urls[link[0] - 1] for link in links)


def test_a_long_listing_links_a_few_pages_not_all(site_dir):
    for number in range(300):
        site_dir.add(f"bulletins/b{number:03d}.md", title=f"Bản tin số {number:03d}",
                     date=f"2013-{number % 12 + 1:02d}-{number % 28 + 1:02d} 08:00", unit="chi-bo-hoa-binh")
    site_dir.build()
    pager = site_dir.page("don-vi/chi-bo-hoa-binh/trang/6/").split('class="pager"')[1].split("</nav>")[0]
    assert re.findall(r'>(\d+|…)</(?:a|span)>', pager) == ["1", "…", "4", "5", "6", "7", "8", "…", "15"]
    assert 'href="../../">1</a>' in pager and 'href="../15/">15</a>' in pager


def cards(html):
    return html.count('class="bulletin-card"')


@pytest.mark.parametrize("total, per_page_counts", [
    (0, [0]), (1, [1]), (20, [20]), (21, [20, 1]), (41, [20, 20, 1]),
])
def test_unit_pages_are_paginated_in_a_real_build(site_dir, total, per_page_counts):
    for number in range(total):
        site_dir.add(f"bulletins/b{number:02d}.md", title=f"Bản tin số {number:02d}",
                     date=f"2013-01-{number % 28 + 1:02d} {number % 24:02d}:00", unit="chi-bo-hoa-binh")
    site_dir.build()
    urls = ["don-vi/chi-bo-hoa-binh/"] + [f"don-vi/chi-bo-hoa-binh/trang/{n}/" for n in range(2, len(per_page_counts) + 1)]
    assert [cards(site_dir.page(url)) for url in urls] == per_page_counts
    assert not (site_dir.site / f"don-vi/chi-bo-hoa-binh/trang/{len(per_page_counts) + 1}").exists()
    # The parent's roll-up is paginated the same way.
    assert cards(site_dir.page("don-vi/khoi-doanh-nghiep/")) == per_page_counts[0]
    if total == 0:
        assert "Chưa có bản tin nào." in site_dir.page("don-vi/chi-bo-hoa-binh/")
    if total > 20:
        last = site_dir.page(urls[-1])
        assert f"Trang {len(urls)}/{len(urls)}" in last and 'rel="prev"' in last and 'rel="next"' not in last


def test_listings_are_newest_first_and_roll_up_sub_units(site_dir):
    site_dir.add("bulletins/old.md", title="Cũ nhất", date="2012-01-01", unit="dang-uy-khoi")
    site_dir.add("bulletins/mid.md", title="Ở giữa", date="2013-01-01", unit="chi-bo-nguoi-co-cong")
    site_dir.add("bulletins/new.md", title="Mới nhất", date="2014-01-01", unit="so-lao-dong", topics=["nqtw4"])
    site_dir.build()
    top = site_dir.page("don-vi/dang-uy-khoi/")
    assert top.index("Mới nhất") < top.index("Ở giữa") < top.index("Cũ nhất")
    assert "Cũ nhất" not in site_dir.page("don-vi/so-lao-dong/")
    assert "Mới nhất" in site_dir.page("don-vi/so-lao-dong/") and "Ở giữa" in site_dir.page("don-vi/so-lao-dong/")
    assert "Mới nhất" not in site_dir.page("don-vi/chi-bo-nguoi-co-cong/")
    tree = site_dir.page("don-vi/")
    assert "Đảng ủy Khối Cơ quan Dân Chính Đảng</a>\n      <span class=\"unit-count\">(3 bản tin)" in tree
    assert "Chi bộ Phòng Người có công</a>\n      <span class=\"unit-count\">(1 bản tin)" in tree
    topic = site_dir.page("chu-de/nqtw4/")
    assert "Mới nhất" in topic and "Cũ nhất" not in topic
    assert "(1 bản tin)" in site_dir.page("chu-de/")
