"""The archive by year and month (Vietnamese time), the home page's figures and links, the sections' nav."""

import re
from datetime import datetime

from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


def test_years_and_months_follow_vietnamese_clocks(site_dir):
    site_dir.add("bulletins/a.md", date="2012-11-12 14:49")
    site_dir.add("bulletins/b.md", date="2012-12-31T20:00:00Z")  # 1 January 2013, 03:00 in Viet Nam
    site_dir.add("bulletins/c.md", date="2013-03-01")
    site_dir.add("bulletins/d.md", date="2012-11-01")
    years = load_site(site_dir.content, NOW).years
    assert [(year.year, year.count) for year in years] == [(2013, 2), (2012, 2)]
    assert [(month.label, month.anchor, [b.path for b in month.bulletins]) for month in years[0].months] == [
        ("Tháng 3/2013", "thang-03", ["bulletins/c.md"]), ("Tháng 1/2013", "thang-01", ["bulletins/b.md"])]
    assert [b.path for b in years[1].bulletins] == ["bulletins/a.md", "bulletins/d.md"]
    assert years[1].url == "luu-tru/2012/"


def test_the_archive_pages_in_a_real_build(site_dir):
    site_dir.add("bulletins/a.md", title="Tháng Mười Một", date="2012-11-12 14:49")
    site_dir.add("bulletins/b.md", title="Tháng Mười Hai", date="2012-12-20 09:30")
    site_dir.add("bulletins/c.md", title="Năm sau", date="2013-01-15")
    site_dir.add("bulletins/d.md", title="Bản nháp", date="2011-01-15", draft=True)
    site_dir.build()
    archive = site_dir.page("luu-tru/")
    assert re.findall(r'href="(\d{4})/">Năm \d{4}</a>\s*<span class="unit-count">\((\d) bản tin\)', archive) == [
        ("2013", "1"), ("2012", "2")]
    assert 'href="2012/#thang-11">Tháng 11/2012</a>' in archive
    year = site_dir.page("luu-tru/2012/")
    assert year.index('<h2 id="thang-12">Tháng 12/2012') < year.index("Tháng Mười Hai") < year.index(
        '<h2 id="thang-11">Tháng 11/2012') < year.index("Tháng Mười Một")
    assert '<time datetime="2012-11-12T14:49:00+07:00">12/11/2012 - 14:49</time>' in year
    assert 'rel="prev" href="../2013/">← Năm 2013</a>' in year and 'rel="next"' not in year
    assert not (site_dir.site / "luu-tru/2011").exists()


def test_the_home_page_shows_figures_links_and_the_latest_with_pictures(site_dir):
    site_dir.write("images/hop.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"/>')
    site_dir.add("bulletins/a.md", title="Có ảnh", summary="Tóm tắt có ảnh.", image="images/hop.svg",
                 image_caption="Hội nghị kiểm điểm", participants=["Lê Việt Triều"], topics=["nqtw4"])
    site_dir.add("bulletins/b.md", title="Không ảnh", date="2011-01-01", unit="chi-bo-hoa-binh")
    site_dir.build()
    home = site_dir.page("")
    figures = re.sub(r"\s+", " ", home[home.index('class="site-figures"'):home.index("</ul>", home.index("site-figures"))])
    assert re.findall(r'href="([^"]+)"><strong>(\d+)</strong> ([^<]+) <span>', figures) == [
        ("luu-tru/", "2", "bản tin"), ("don-vi/", "5", "đơn vị"), ("chu-de/", "2", "chủ đề"),
        ("nhan-vat/", "1", "nhân vật")]
    card = home[home.index('class="bulletin-card bulletin-card--picture"'):]
    card = card[:card.index("</li>")]
    assert '<img class="bulletin-card__picture" src="images/hop.svg" alt="Hội nghị kiểm điểm"' in card
    assert "12/11/2012 - 14:49" in card and "Đảng ủy Khối Cơ quan Dân Chính Đảng" in card and "Tóm tắt có ảnh." in card
    assert home.count("bulletin-card__picture") == 1  # the bulletin without a picture has none


def test_the_nav_lists_the_five_sections(site_dir):
    site_dir.add("bulletins/a.md")
    site_dir.build()
    home = site_dir.page("")
    nav = home[home.index("md-nav--primary"):home.index('class="md-content"')]
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    assert labels == ["Trang chủ", "Đơn vị", "Chủ đề", "Nhân vật", "Lưu trữ"]
