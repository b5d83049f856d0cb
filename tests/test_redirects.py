"""``aliases:``: old addresses become redirect pages; an alias at the address of anything else is an error."""

import logging
import re
from datetime import datetime
from urllib.parse import urljoin

import pytest
from mkdocs.exceptions import Abort

from generator.errors import ContentError
from generator.redirects import AliasError, alias_url
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


@pytest.mark.parametrize("written, url", [
    ("bulletins/2012/11/ten-cu/", "bulletins/2012/11/ten-cu/"),
    ("/bulletins/2012/11/ten-cu", "bulletins/2012/11/ten-cu/"),
    ("http://bantin.intranet/bulletins//2012/11/ten-cu/", "bulletins/2012/11/ten-cu/"),
    ("tin-tuc/123.html", "tin-tuc/123.html"),
    ("/tin%20tuc/%C4%91ang-uy.htm", "tin tuc/đang-uy.htm"),
])
def test_alias_forms(written, url):
    assert alias_url(written) == url


@pytest.mark.parametrize("written, message", [
    ("bai.php?id=12", "'bai.php?id=12' has a '?' or '#' part, which a static site cannot tell apart"),
    ("trang/#muc", "'trang/#muc' has a '?' or '#' part, which a static site cannot tell apart"),
    ("/", "'/' is the home page"),
    ("bulletins/../don-vi/", "'bulletins/../don-vi/' climbs out of the site with '.' or '..'"),
    ("bulletins/2012/11/ten-cu.md", "'bulletins/2012/11/ten-cu.md' is a file name, not an address"),
    ("bulletins\\2012\\cu", "'bulletins\\\\2012\\\\cu' is not a web address"),
])
def test_aliases_that_cannot_be_served_are_refused(written, message):
    with pytest.raises(AliasError) as error:
        alias_url(written)
    assert error.value.message == message


def problems_of(site_dir):
    with pytest.raises(ContentError) as error:
        load_site(site_dir.content, NOW)
    return [str(problem) for problem in error.value.problems]


def test_a_malformed_alias_is_reported_at_its_line(site_dir):
    site_dir.write("bulletins/a.md", "---\ntitle: A\ndate: 2012-01-01\nunit: dang-uy-khoi\naliases:\n"
                   "  - bulletins/cu/\n  - bai.php?id=1\n---\n\nNội dung.\n")
    assert problems_of(site_dir) == [
        "bulletins/a.md:7: aliases: item 2: 'bai.php?id=1' has a '?' or '#' part, which a static site cannot "
        "tell apart (write only the address's path, e.g. bulletins/2012/11/ten-cu/)"]


def test_aliases_clashing_with_a_bulletin_or_another_alias_are_errors(site_dir):
    site_dir.add("bulletins/a.md", aliases=["bulletins/a/"])
    site_dir.add("bulletins/b.md", aliases=["/bulletins/cu/", "bulletins/a"])
    site_dir.add("bulletins/c.md", aliases="bulletins/cu/")
    assert problems_of(site_dir) == [
        "bulletins/a.md:5: aliases: /bulletins/a/ is this bulletin's own address (remove it: only old addresses "
        "are aliases)",
        "bulletins/b.md:5: aliases: /bulletins/a/ is already the address of bulletins/a.md (remove the alias, or "
        "rename the page that uses that address)",
        "bulletins/c.md:5: aliases: /bulletins/cu/ is already an alias of bulletins/b.md (remove the alias, or "
        "rename the page that uses that address)",
    ]


def test_each_alias_gets_a_page_sending_readers_to_the_new_address(site_dir):
    site_dir.add("bulletins/2013/moi.md", title="Tên mới", aliases=["bulletins/2012/cu/", "tin-tuc/12.html"])
    site_dir.build()
    for alias in ("bulletins/2012/cu/index.html", "tin-tuc/12.html"):
        page = (site_dir.site / alias).read_text(encoding="utf-8")
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page).group(1)
        assert urljoin(f"http://bantin.intranet/{alias}", target) == "http://bantin.intranet/bulletins/2013/moi/"
        assert '<link rel="canonical" href="http://bantin.intranet/bulletins/2013/moi/">' in page
        assert f'<a href="{target}">Tên mới</a>' in page and '<html lang="vi">' in page
    sitemap = (site_dir.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "bulletins/2013/moi/" in sitemap and "2012/cu" not in sitemap


def test_an_alias_at_a_generated_page_stops_the_build_naming_file_line_and_field(site_dir, caplog):
    site_dir.add("bulletins/a.md", aliases=["don-vi/dang-uy-khoi/"])
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        site_dir.build()
    assert ("bulletins/a.md:5: aliases: /don-vi/dang-uy-khoi/ is already the generated page /don-vi/dang-uy-khoi/ "
            "(remove the alias, or rename the page that uses that address)") in caplog.text


def test_an_alias_at_a_hand_written_page_is_an_error(site_dir, caplog):
    site_dir.write("gioi-thieu.md", "# Giới thiệu\n")
    site_dir.add("bulletins/a.md", aliases=["gioi-thieu/"])
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        site_dir.build()
    assert "bulletins/a.md:5: aliases: /gioi-thieu/ is already the address of gioi-thieu.md" in caplog.text


def test_an_unpublished_bulletin_has_no_redirect(site_dir):
    site_dir.add("bulletins/nhap.md", draft=True, aliases=["bulletins/nhap-cu/"])
    site_dir.add("bulletins/sau.md", date="2099-01-01", aliases=["bulletins/sau-cu/"])
    site_dir.build()
    assert not (site_dir.site / "bulletins/nhap-cu").exists() and not (site_dir.site / "bulletins/sau-cu").exists()
