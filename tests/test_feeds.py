"""Atom feeds: written by real MkDocs builds, read back with feedparser."""

import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from conftest import SiteDir, serve
from generator.feeds import FEED_SIZE, first_paragraph

HOSTILE_TITLE = '<script>alert("x")</script> Kiểm điểm & "phê bình" <b>'
MARKERS = ["zzdraftmark", "zzfuturemark"]


def feeds_of(site: Path) -> dict[str, feedparser.FeedParserDict]:
    return {path.relative_to(site).as_posix(): feedparser.parse(path.read_bytes())
            for path in site.rglob("feed.xml")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site with more bulletins than a feed holds, nested units, drafts, future and hostile text."""
    project = SiteDir(tmp_path_factory.mktemp("feeds") / "project")
    for number in range(FEED_SIZE + 2):
        project.add(f"bulletins/2013/{number:02d}.md", title=f"Bản tin số {number:02d}",
                    date=f"2013-01-{number % 28 + 1:02d} {number % 24:02d}:00", unit="chi-bo-nguoi-co-cong")
    project.add("bulletins/2014/mau.md", title="Chi bộ Phường Hòa Bình kiểm điểm", date="2014-03-02 09:30",
                unit=["chi-bo-hoa-binh", "so-lao-dong"], topics=["NQTW4"], author=["Nguyễn Huy", "Hoàng Yến"],
                summary="Tóm tắt riêng của bản tin.", updated="2014-03-05 16:00")
    project.add("bulletins/2014/doan-dau.md", title=HOSTILE_TITLE, date="2014-03-01 08:00", unit="khoi-doanh-nghiep",
                body="# Tiêu đề phụ\n\n![Ảnh](anh.jpg)\n\nĐoạn **mở đầu** có [liên kết](http://x.intranet/) và ký tự\x01lạ.\n\nĐoạn hai.")
    project.add("bulletins/2014/zzdraftmark.md", title="Nháp zzdraftmark", date="2014-03-03", draft=True,
                unit="chi-bo-hoa-binh", topics=["nqtw4"])
    project.add("bulletins/2099/zzfuturemark.md", title="Sắp đăng zzfuturemark", date="2099-01-01",
                unit="chi-bo-hoa-binh", topics=["nqtw4"])
    project.build()
    return project


def test_every_feed_parses_cleanly_and_there_is_one_per_unit_and_topic(built):
    feeds = feeds_of(built.site)
    assert set(feeds) == {"feed.xml", "don-vi/dang-uy-khoi/feed.xml", "don-vi/so-lao-dong/feed.xml",
                          "don-vi/chi-bo-nguoi-co-cong/feed.xml", "don-vi/khoi-doanh-nghiep/feed.xml",
                          "don-vi/chi-bo-hoa-binh/feed.xml", "chu-de/nqtw4/feed.xml", "chu-de/kiem-diem/feed.xml"}
    for path, feed in feeds.items():
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10", path


def test_feeds_hold_the_latest_fifty_newest_first(built):
    feeds = feeds_of(built.site)
    root = feeds["feed.xml"].entries
    assert len(root) == FEED_SIZE
    assert [entry.title for entry in root[:2]] == ["Chi bộ Phường Hòa Bình kiểm điểm", HOSTILE_TITLE]
    published = [entry.published_parsed for entry in root]
    assert published == sorted(published, reverse=True)
    # A unit's feed rolls up its sub-units: so-lao-dong is below dang-uy-khoi, chi-bo-nguoi-co-cong below that.
    khoi = [entry.title for entry in feeds["don-vi/dang-uy-khoi/feed.xml"].entries]
    chi_bo = [entry.title for entry in feeds["don-vi/chi-bo-nguoi-co-cong/feed.xml"].entries]
    assert len(chi_bo) == FEED_SIZE and "Bản tin số 00" not in chi_bo  # the oldest of 52
    assert khoi == ["Chi bộ Phường Hòa Bình kiểm điểm", *chi_bo[:FEED_SIZE - 1]]
    assert [entry.title for entry in feeds["don-vi/khoi-doanh-nghiep/feed.xml"].entries] == [
        "Chi bộ Phường Hòa Bình kiểm điểm", HOSTILE_TITLE]
    assert [entry.title for entry in feeds["chu-de/nqtw4/feed.xml"].entries] == ["Chi bộ Phường Hòa Bình kiểm điểm"]
    assert feeds["chu-de/kiem-diem/feed.xml"].entries == []


def test_feed_titles_name_their_unit_or_topic(built):
    feeds = feeds_of(built.site)
    assert feeds["feed.xml"].feed.title == "Bản tin thử"
    assert feeds["don-vi/dang-uy-khoi/feed.xml"].feed.title == "Đảng ủy Khối Cơ quan Dân Chính Đảng – Bản tin thử"
    assert feeds["don-vi/dang-uy-khoi/feed.xml"].feed.subtitle == "Khối cơ quan."
    assert feeds["chu-de/nqtw4/feed.xml"].feed.title == "Chủ đề Nghị quyết Trung ương 4 (khóa XI) – Bản tin thử"
    assert feeds["chu-de/nqtw4/feed.xml"].feed.link == "http://bantin.intranet/chu-de/nqtw4/"
    links = {link.rel: link.href for link in feeds["don-vi/so-lao-dong/feed.xml"].feed.links}
    assert links == {"self": "http://bantin.intranet/don-vi/so-lao-dong/feed.xml",
                     "alternate": "http://bantin.intranet/don-vi/so-lao-dong/"}


def test_an_entry_carries_everything_a_reader_needs(built):
    entry = feeds_of(built.site)["feed.xml"].entries[0]
    assert entry.id == "tag:bantin.intranet,2012:bulletins/2014/mau/"
    assert entry.link == "http://bantin.intranet/bulletins/2014/mau/"
    assert [author.name for author in entry.authors] == ["Nguyễn Huy", "Hoàng Yến"]
    assert entry.summary == "Tóm tắt riêng của bản tin."
    assert [(tag.term, tag.scheme, tag.label) for tag in entry.tags] == [
        ("chi-bo-hoa-binh", "http://bantin.intranet/don-vi/", "Chi bộ Phường Hòa Bình"),
        ("so-lao-dong", "http://bantin.intranet/don-vi/", "Đảng ủy Sở Lao động - Thương binh và Xã hội"),
        ("nqtw4", "http://bantin.intranet/chu-de/", "Nghị quyết Trung ương 4 (khóa XI)"),
    ]
    xml = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert "<published>2014-03-02T09:30:00+07:00</published>" in xml
    assert "<updated>2014-03-05T16:00:00+07:00</updated>" in xml
    assert "<published>2014-03-01T08:00:00+07:00</published>\n    <updated>2014-03-01T08:00:00+07:00</updated>" in xml
    assert re.search(r"<feed [^>]*>\n  <id>[^<]+</id>\n  <title>Bản tin thử</title>\n"
                     r"  <updated>2014-03-05T16:00:00\+07:00</updated>", xml)


def test_entries_without_author_or_summary_fall_back_to_the_site_and_the_first_paragraph(built):
    feed = feeds_of(built.site)["feed.xml"]
    entry = feed.entries[1]
    assert feed.feed.author == "Bản tin thử"  # Atom: an entry without an author has the feed's
    assert "author" not in entry
    assert entry.summary == "Đoạn mở đầu có liên kết và ký tựlạ."


def test_hostile_text_stays_text(built):
    xml = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in xml and "<b>" not in xml
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; Kiểm điểm &amp; \"phê bình\" &lt;b&gt;" in xml
    assert "\x01" not in xml


def test_drafts_and_future_bulletins_never_appear_in_feeds(built):
    for path in built.site.rglob("feed.xml"):
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            assert marker not in text, path


def test_drafts_stay_out_of_feeds_under_mkdocs_serve(site_dir):
    site_dir.add("bulletins/a.md", title="Nháp zzdraftmark", draft=True, unit="chi-bo-hoa-binh")
    site_dir.add("bulletins/b.md", title="Đã đăng", unit="chi-bo-hoa-binh")
    site_dir.build(command="serve")
    assert "zzdraftmark" in site_dir.page("don-vi/chi-bo-hoa-binh/")  # the preview shows the draft ...
    for feed in feeds_of(site_dir.site).values():  # ... the feeds do not
        assert "zzdraftmark" not in str(feed.entries)
    assert [entry.title for entry in feeds_of(site_dir.site)["feed.xml"].entries] == ["Đã đăng"]


def test_listing_pages_link_to_their_feed(built):
    home = built.page("")
    assert '<link rel="alternate" type="application/atom+xml" title="Bản tin thử" href="feed.xml">' in home
    unit = built.page("don-vi/dang-uy-khoi/")
    assert ('<link rel="alternate" type="application/atom+xml" title="Đảng ủy Khối Cơ quan Dân Chính Đảng – '
            'Bản tin thử" href="feed.xml">') in unit
    assert re.search(r'<p class="feed-link"><a href="feed.xml" type="application/atom\+xml"[^>]*>.*Theo dõi', unit)
    second = built.page("don-vi/dang-uy-khoi/trang/2/")
    assert 'type="application/atom+xml" title="Đảng ủy Khối Cơ quan Dân Chính Đảng – Bản tin thử" href="../../feed.xml">' in second
    topic = built.page("chu-de/nqtw4/")
    assert 'href="feed.xml">' in topic and "Chủ đề Nghị quyết Trung ương 4 (khóa XI) – Bản tin thử" in topic
    assert 'href="../feed.xml"' in built.page("don-vi/")  # index pages offer the site's feed
    assert "application/atom+xml" not in built.page("bulletins/2014/mau/")


def test_an_entry_keeps_its_id_when_the_bulletin_is_edited(site_dir):
    site_dir.add("bulletins/2013/hop.md", title="Họp chi bộ", unit="chi-bo-hoa-binh", body="Bản đầu.")
    first = feeds_of(site_dir.build())["feed.xml"].entries[0]
    site_dir.add("bulletins/2013/hop.md", title="Họp chi bộ tháng Một", unit=["chi-bo-hoa-binh", "so-lao-dong"],
                 body="Bản đã sửa.", updated="2013-01-02 08:00", date="2012-11-12 15:00")
    second = feeds_of(site_dir.build())["feed.xml"].entries[0]
    assert second.id == first.id == "tag:bantin.intranet,2012:bulletins/2013/hop/"
    assert (second.title, second.summary) == ("Họp chi bộ tháng Một", "Bản đã sửa.")
    assert second.updated == "2013-01-02T08:00:00+07:00" != first.updated


def mkdocs_build(site_dir) -> subprocess.CompletedProcess:
    (site_dir.root / "mkdocs.yml").write_text(site_dir.config_text, encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run([str(mkdocs), "build"], cwd=site_dir.root, capture_output=True, text=True)


def test_without_site_url_the_build_says_the_feeds_need_it(site_dir):
    site_dir.add("bulletins/a.md")
    site_dir.config_text = site_dir.config_text.replace("site_url: http://bantin.intranet/\n", "")
    result = mkdocs_build(site_dir)
    assert result.returncode == 1
    assert "bulletins: the Atom feeds need site_url in mkdocs.yml" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site_dir.site.exists()


def test_feeds_can_be_turned_off(site_dir):
    site_dir.add("bulletins/a.md")
    site_dir.config_text = (site_dir.config_text.replace("site_url: http://bantin.intranet/\n", "")
                            .replace("  - bulletins\n", "  - bulletins:\n      feeds: false\n"))
    site_dir.build()
    assert list(site_dir.site.rglob("feed.xml")) == []
    assert "application/atom+xml" not in site_dir.page("") and "feed-link" not in site_dir.page("")


def test_a_file_in_the_way_of_a_feed_is_an_error(site_dir):
    site_dir.write("feed.xml", "<rss/>")
    result = mkdocs_build(site_dir)
    assert result.returncode == 1
    assert "bulletins: feed.xml in the content folder clashes with a file the Atom feeds add" in result.stderr


def test_a_unit_page_and_its_feed_in_a_browser(built, page):
    """No failed request or console error on a listing page (the fixture checks), and its feed link works."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    with serve(built.site) as base:
        for url in ("", "don-vi/so-lao-dong/"):
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
        # Material fetches sitemap.xml beside each <link rel="alternate"> (2 MB at 10,000 bulletins): not ours.
        assert [url for url in requested if "sitemap" in url] == []
        html = (built.site / "don-vi/so-lao-dong/index.html").read_text(encoding="utf-8")
        assert '<link rel="alternate" type="application/atom+xml"' in html
        link = page.locator(".feed-link a")
        assert link.inner_text().strip() == "Theo dõi qua Atom (RSS)"
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok and feedparser.parse(response.body()).feed.title.startswith("Đảng ủy Sở Lao động")


def test_updated_before_the_date_is_an_error(site_dir):
    site_dir.add("bulletins/a.md", date="2013-05-02 08:00", updated="2013-05-01")
    result = subprocess.run([str(Path(sys.executable).parent / "bulletins"), "check"], cwd=site_dir.root,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert ("bulletins/a.md:5: updated: 01/05/2013 - 00:00 is before the date 02/05/2013 - 08:00 "
            "(updated is when the bulletin was last corrected: after its date, or leave it out)") in result.stdout


@pytest.mark.parametrize("markdown, expected", [
    ("Đoạn một.\n\nĐoạn hai.", "Đoạn một."),
    ("## Tiêu đề\n\n![ảnh](a.jpg)\n\n<div>x</div>\n\n- mục\n\nĐoạn *thật* với [liên kết](http://a) `mã`.",
     "Đoạn thật với liên kết mã."),
    ("Dòng một\ndòng hai { #neo }", "Dòng một dòng hai"),
    ("A \\* B &amp; C", "A * B & C"),
    ("# Chỉ tiêu đề", None),
    ("", None),
])
def test_first_paragraph(markdown, expected):
    assert first_paragraph(markdown) == expected


def test_first_paragraph_is_cut_at_a_word():
    text = first_paragraph("từ " * 400)
    assert len(text) <= 602 and text.endswith(" …") and "  " not in text
