"""The Atom feeds as written, byte for byte: heads, entries, summaries from the text, the site's address checked,
and entries kept across renders only while the site's address stays."""

from datetime import datetime

import pytest

from generator.feeds import FeedError, feed_site, first_paragraph, render_feeds
from generator.incremental import PerBulletin
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)
HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">\n'
ENTRY_B = """\
  <entry>
    <id>tag:bantin.intranet,2012:bulletins/b/</id>
    <title type="text">B</title>
    <link rel="alternate" type="text/html" href="http://bantin.intranet/goc/bulletins/b/" />
    <published>2013-01-05T08:00:00+07:00</published>
    <updated>2013-02-01T09:30:00+07:00</updated>
    <category term="dang-uy-khoi" label="Đảng ủy Khối Cơ quan Dân Chính Đảng" scheme="http://bantin.intranet/goc/don-vi/" />
    <summary type="text">Tóm tắt của B.</summary>
  </entry>
"""
ENTRY_A = """\
  <entry>
    <id>tag:bantin.intranet,2012:bulletins/a/</id>
    <title type="text">Chi bộ &lt;họp&gt; &amp; bàn</title>
    <link rel="alternate" type="text/html" href="http://bantin.intranet/goc/bulletins/a/" />
    <published>2012-11-12T14:49:00+07:00</published>
    <updated>2012-11-12T14:49:00+07:00</updated>
    <author>
      <name>Nguyễn Huy</name>
    </author>
    <author>
      <name>Văn Dũng</name>
    </author>
    <category term="so-lao-dong" label="Đảng ủy Sở Lao động - Thương binh và Xã hội" scheme="http://bantin.intranet/goc/don-vi/" />
    <category term="nqtw4" label="Nghị quyết Trung ương 4 (khóa XI)" scheme="http://bantin.intranet/goc/chu-de/" />
    <summary type="text">Đoạn đầu có liên kết.</summary>
  </entry>
"""


def feed_head(path: str, page: str, title: str, updated: str, subtitle: str = "") -> str:
    return (HEAD + f"  <id>tag:bantin.intranet,2012:{path}</id>\n  <title>{title}</title>\n" + subtitle
            + f"  <updated>{updated}</updated>\n"
            f'  <link rel="self" type="application/atom+xml" href="http://bantin.intranet/goc/{path}" />\n'
            f'  <link rel="alternate" type="text/html" href="http://bantin.intranet/goc/{page}" />\n'
            "  <author><name>Bản tin</name></author>\n")


@pytest.fixture
def site(site_dir):
    site_dir.add("bulletins/a.md", title="Chi bộ <họp> & bàn", date="2012-11-12 14:49", unit="so-lao-dong",
                 topics=["nqtw4"], author=["Nguyễn Huy", "Văn Dũng"],
                 body="## Tiêu đề\n\nĐoạn **đầu** có [liên kết](http://x/).\n\nĐoạn hai.")
    site_dir.add("bulletins/b.md", title="B", date="2013-01-05 08:00", updated="2013-02-01 09:30", unit="dang-uy-khoi",
                 summary="Tóm tắt của B.")
    site_dir.add("bulletins/c.md", title="Nháp", unit="dang-uy-khoi", draft=True)
    return load_site(site_dir.content, NOW, include_unpublished=True)


def test_the_feeds_are_written_whole(site):
    files = render_feeds(site, feed_site("http://bantin.intranet/goc", "Bản tin")).files
    assert sorted(files) == ["chu-de/kiem-diem/feed.xml", "chu-de/nqtw4/feed.xml", "don-vi/chi-bo-hoa-binh/feed.xml",
                             "don-vi/chi-bo-nguoi-co-cong/feed.xml", "don-vi/dang-uy-khoi/feed.xml",
                             "don-vi/khoi-doanh-nghiep/feed.xml", "don-vi/so-lao-dong/feed.xml", "feed.xml"]
    newest = "2013-02-01T09:30:00+07:00"
    assert files["feed.xml"] == feed_head("feed.xml", "", "Bản tin", newest) + ENTRY_B + ENTRY_A + "</feed>\n"
    assert files["don-vi/dang-uy-khoi/feed.xml"] == feed_head(
        "don-vi/dang-uy-khoi/feed.xml", "don-vi/dang-uy-khoi/", "Đảng ủy Khối Cơ quan Dân Chính Đảng – Bản tin",
        newest, "  <subtitle>Khối cơ quan.</subtitle>\n") + ENTRY_B + ENTRY_A + "</feed>\n"
    assert files["chu-de/nqtw4/feed.xml"] == feed_head(
        "chu-de/nqtw4/feed.xml", "chu-de/nqtw4/", "Chủ đề Nghị quyết Trung ương 4 (khóa XI) – Bản tin",
        "2012-11-12T14:49:00+07:00") + ENTRY_A + "</feed>\n"
    # A feed with nothing in it is as new as the site's newest bulletin.
    assert files["don-vi/khoi-doanh-nghiep/feed.xml"] == feed_head(
        "don-vi/khoi-doanh-nghiep/feed.xml", "don-vi/khoi-doanh-nghiep/", "Đảng ủy Khối Doanh nghiệp – Bản tin",
        newest) + "</feed>\n"


def test_a_site_with_nothing_published_dates_its_feeds_1970(site_dir):
    site_dir.add("bulletins/c.md", title="Nháp", draft=True)
    files = render_feeds(load_site(site_dir.content, NOW), feed_site("http://bantin.intranet/goc/", "Bản tin")).files
    # Vietnamese clocks were at +08:00 in 1970 (tzdata's Asia/Ho_Chi_Minh).
    assert files["feed.xml"] == feed_head("feed.xml", "", "Bản tin", "1970-01-01T00:00:00+08:00") + "</feed>\n"


def test_entries_are_kept_across_renders_while_the_sites_address_stays(site):
    entries = PerBulletin()
    first = render_feeds(site, feed_site("http://bantin.intranet/goc/", "Bản tin"), entries=entries).files
    [a] = [bulletin for bulletin in site.bulletins if bulletin.path == "bulletins/a.md"]
    config = feed_site("http://bantin.intranet/goc/", "Bản tin")
    assert entries.get(a, lambda bulletin: "made again", context=config) == ENTRY_A.removesuffix("\n")
    moved = render_feeds(site, feed_site("http://tin.intranet/", "Bản tin"), entries=entries).files
    assert "tag:tin.intranet,2012:bulletins/a/" in moved["feed.xml"]
    assert "bantin.intranet" not in moved["feed.xml"] and "bantin.intranet" in first["feed.xml"]


@pytest.mark.parametrize("site_url, problem", [
    (None, "the Atom feeds need site_url in mkdocs.yml for their absolute links (e.g. site_url: "
           "http://bantin.intranet/); set it, or write 'feeds: false' under the bulletins plugin"),
    ("", "the Atom feeds need site_url in mkdocs.yml for their absolute links (e.g. site_url: "
         "http://bantin.intranet/); set it, or write 'feeds: false' under the bulletins plugin"),
    ("bantin.intranet", "site_url 'bantin.intranet' is not an http(s) address; the Atom feeds need one for their "
                        "absolute links (e.g. http://bantin.intranet/)"),
    ("ftp://bantin.intranet/", "site_url 'ftp://bantin.intranet/' is not an http(s) address; the Atom feeds need one "
                               "for their absolute links (e.g. http://bantin.intranet/)"),
    ("http:///goc/", "site_url 'http:///goc/' is not an http(s) address; the Atom feeds need one for their absolute "
                     "links (e.g. http://bantin.intranet/)"),
])
def test_the_feeds_need_an_http_site_url(site_url, problem):
    with pytest.raises(FeedError) as error:
        feed_site(site_url, "Bản tin")
    assert str(error.value) == problem


def test_an_editor_is_told_in_vietnamese_by_default_what_site_url_the_feeds_need(monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    with pytest.raises(FeedError) as missing:
        feed_site(None, "Bản tin")
    assert str(missing.value) == ("các nguồn tin Atom cần site_url trong mkdocs.yml để ghi liên kết đầy đủ (ví dụ "
                                  "site_url: http://bantin.intranet/); hãy khai báo site_url, hoặc ghi 'feeds: false' "
                                  "dưới plugin bulletins")
    with pytest.raises(FeedError) as wrong:
        feed_site("ftp://bantin.intranet/", "Bản tin")
    assert str(wrong.value) == ("site_url 'ftp://bantin.intranet/' không phải địa chỉ http(s); các nguồn tin Atom cần "
                                "địa chỉ như vậy để ghi liên kết đầy đủ (ví dụ http://bantin.intranet/)")


@pytest.mark.parametrize("site_url, url", [("http://bantin.intranet", "http://bantin.intranet/"),
                                           ("https://bantin.intranet/goc/", "https://bantin.intranet/goc/")])
def test_the_sites_address_ends_with_a_slash(site_url, url):
    assert feed_site(site_url, "Bản tin").url == url


@pytest.mark.parametrize("markdown, summary", [
    ("## Tiêu đề\n\nĐoạn **đầu** có [liên kết](http://x/), ![ảnh](a.jpg)ảnh, <b>thẻ</b>{: .lop } `mã` và \\*sao\\* "
     "&amp; __hết__.\n\nĐoạn hai.", "Đoạn đầu có liên kết, ảnh, thẻ mã và *sao* & hết."),
    ("Một\r\n\r\nHai", "Một"),
    ("![ảnh](a.jpg)\n\n- mục\n\n> trích\n\n| a |\n\n1. một\n\n!!! note\n\n<div>x</div>\n\n```\nmã\n```\n\nVăn xuôi.",
     "Văn xuôi."),
    ("![ảnh](a.jpg)", None),
    ("z" * 600, "z" * 600),
    ("z" * 601, "z" * 600 + " …"),
    (("chữ " * 200).strip(), ("chữ " * 150).strip() + " …"),
])
def test_a_summary_is_the_first_paragraph_of_prose_cut_at_a_word(markdown, summary):
    assert first_paragraph(markdown) == summary


def test_a_topics_feed_has_its_description_as_subtitle(site_dir):
    site_dir.write("topics.yml", "- id: nqtw4\n  name: NQTW4\n  description: Xây dựng Đảng.\n")
    site_dir.add("bulletins/a.md", date="2012-11-12 14:49", topics=["nqtw4"])
    files = render_feeds(load_site(site_dir.content, NOW), feed_site("http://bantin.intranet/goc/", "Bản tin")).files
    assert files["chu-de/nqtw4/feed.xml"].startswith(feed_head(
        "chu-de/nqtw4/feed.xml", "chu-de/nqtw4/", "Chủ đề NQTW4 – Bản tin", "2012-11-12T14:49:00+07:00",
        "  <subtitle>Xây dựng Đảng.</subtitle>\n"))


def test_each_feed_lists_the_latest_size_bulletins(site):
    feeds = render_feeds(site, feed_site("http://bantin.intranet/goc/", "Bản tin"), size=1)
    assert {path: [bulletin.path for bulletin in feed.bulletins] for path, feed in feeds.feeds.items()
            if feed.bulletins} == {"feed.xml": ["bulletins/b.md"], "don-vi/dang-uy-khoi/feed.xml": ["bulletins/b.md"],
                                   "don-vi/so-lao-dong/feed.xml": ["bulletins/a.md"],
                                   "chu-de/nqtw4/feed.xml": ["bulletins/a.md"]}
    assert feeds.files["feed.xml"].count("<entry>") == 1
