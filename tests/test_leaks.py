"""Property: nothing of an unpublished bulletin (draft or future) reaches any file under site/.

Each bulletin carries its own marker word in its file name, title, body, summary, participants, author,
picture (file name and caption) and an old address (alias). The whole output is scanned, file names
included, gzip files decompressed (sitemap.xml.gz, Pagefind's fragments and index); that the scan reaches
each place is shown by finding every published bulletin's marker in it.
"""

import gzip
import re
import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SiteDir

UNITS = ["dang-uy-khoi", "so-lao-dong", "chi-bo-nguoi-co-cong", "khoi-doanh-nghiep", "chi-bo-hoa-binh"]
ROLL_UP = {"dang-uy-khoi": {"dang-uy-khoi", "so-lao-dong", "chi-bo-nguoi-co-cong"},
           "khoi-doanh-nghiep": {"khoi-doanh-nghiep", "chi-bo-hoa-binh"}}

bulletins = st.lists(
    st.fixed_dictionaries({
        "status": st.sampled_from(["published", "draft", "future"]),
        "unit": st.sampled_from(UNITS),
        "topics": st.lists(st.sampled_from(["nqtw4", "kiem-diem"]), max_size=2, unique=True),
        "people": st.integers(min_value=0, max_value=3),
        "year": st.integers(min_value=2010, max_value=2025),
    }),
    min_size=1, max_size=6,
)


def texts(site: Path, pattern: str) -> str:
    return "\n".join(text_of(path) for path in site.glob(pattern) if path.is_file())


def text_of(path: Path) -> str:
    """A file's text, decompressed when it is gzip (sitemap.xml.gz, Pagefind's fragments and index)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def marker(number: int) -> str:
    letters = string.ascii_lowercase
    return "zq" + letters[number // 26] + letters[number % 26] + "mark"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bulletins)
def test_unpublished_bulletins_leave_no_trace(specs):
    root = Path(tempfile.mkdtemp(prefix="leaks-"))
    try:
        site_dir = SiteDir(root / "project")
        for number, spec in enumerate(specs):
            word = marker(number)
            site_dir.write(f"images/{word}.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
            site_dir.add(
                f"bulletins/{spec['year']}/{word}.md", title=f"Bản tin {word}", unit=spec["unit"],
                date="2099-05-01 08:00" if spec["status"] == "future" else f"{spec['year']}-05-01 08:00",
                draft=spec["status"] == "draft" or None, topics=spec["topics"], summary=f"Tóm tắt {word}",
                participants=[f"Người {word} {n}, Bí thư {word}" for n in range(spec["people"])],
                author=f"Tác giả {word}", image=f"images/{word}.svg", image_caption=f"Ảnh {word}",
                aliases=[f"tin-cu/{word}.html"], body=f"Nội dung {word}.")
        site = site_dir.build()
        output = "\n".join(f"{path.relative_to(site)}\n{text_of(path)}" for path in site.rglob("*") if path.is_file())
        search, sitemap, feed = texts(site, "pagefind/**/*"), text_of(site / "sitemap.xml.gz"), texts(site, "feed.xml")
        search_page, archive = site_dir.page("tim-kiem/"), texts(site, "luu-tru/*/index.html")
        for number, spec in enumerate(specs):
            word, published = marker(number), spec["status"] == "published"
            assert (word in output) == published, (word, spec)
            if published:  # the scan reaches each place: search index, sitemap, feed, archive, pictures, redirects
                assert word in search and word in sitemap and word in feed and word in archive
                assert (site / f"images/{word}.svg").is_file() and (site / f"tin-cu/{word}.html").is_file()
                if spec["people"]:
                    assert word in search_page and (site / f"nhan-vat/nguoi-{word}-0/index.html").is_file()
        shown = sum(spec["status"] == "published" for spec in specs)
        assert f"{shown} bản tin trong" in site_dir.page("luu-tru/")
        tree = site_dir.page("don-vi/")
        for root_unit, members in ROLL_UP.items():
            shown = sum(spec["status"] == "published" and spec["unit"] in members for spec in specs)
            count = re.search(rf'"{root_unit}/">[^<]*</a>\s*<span class="unit-count">\((\d+) bản tin', tree)
            assert int(count.group(1)) == shown
    finally:
        shutil.rmtree(root)


def test_a_picture_is_left_out_only_when_no_published_bulletin_uses_it(site_dir):
    for name in ("nhap.svg", "chung.svg", "trong-bai.svg"):
        site_dir.write(f"images/{name}", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site_dir.add("bulletins/a.md", draft=True, image="images/nhap.svg")
    site_dir.add("bulletins/b.md", draft=True, image="images/./chung.svg")
    site_dir.add("bulletins/c.md", image="images/chung.svg")
    site_dir.add("bulletins/d.md", date="2099-01-01", image="images/trong-bai.svg")
    site_dir.add("bulletins/e.md", body="![Ảnh](../../images/trong-bai.svg)")
    site = site_dir.build()
    assert sorted(path.name for path in (site / "images").iterdir()) == ["chung.svg", "trong-bai.svg"]


def test_a_file_only_a_drafts_text_names_is_left_out(site_dir):
    for name in ("chi-nhap.svg", "anh hai.svg", "bien-ban.pdf", "hop.svg", "anh-hop.svg"):
        site_dir.write(f"images/{name}", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site_dir.add("bulletins/nhap.md", draft=True,
                 body="![Ảnh](../images/chi-nhap.svg)\n\n<img src=\"../images/anh%20hai.svg\">\n\n"
                      "[Biên bản](../images/bien-ban.pdf) và ![Họp](../images/hop.svg)")
    site_dir.add("bulletins/da-dang.md", body="![Họp](../images/hop.svg) ![Khác](../images/anh-hop.svg)")
    site = site_dir.build()
    assert sorted(path.name for path in (site / "images").iterdir()) == ["anh-hop.svg", "hop.svg"]
    assert (site / "assets/stylesheets/bulletins.css").is_file()  # theme files are never candidates
