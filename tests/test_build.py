"""Real MkDocs builds: the sample site, unpublished bulletins, slugs, failures, outside hosts."""

import gzip
import re
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import REPO
from generator.errors import ContentError
from generator.site import load_site
from generator.vietnamese import VIETNAM

MODEL = "bulletins/2012/11/chan-thanh-thang-than-cau-thi-trong-kiem-diem/"
MODEL_TITLE = "Chân thành, thẳng thắn, cầu thị trong kiểm điểm, tự phê bình và phê bình"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample") / "site"
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return site


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", [
    "don-vi/dang-uy-khoi-co-quan-dan-chinh-dang/",
    "don-vi/dang-uy-so-lao-dong-thuong-binh-va-xa-hoi/",
    "don-vi/chi-bo-lien-hiep-cac-to-chuc-huu-nghi/",
    "don-vi/thanh-uy-can-tho/",
    "chu-de/nghi-quyet-trung-uong-4-khoa-xi/",
    "chu-de/kiem-diem-tu-phe-binh-va-phe-binh/",
    "",
])
def test_the_model_article_is_listed(sample_site, url):
    page = read(sample_site, url)
    assert MODEL_TITLE in page
    assert f'href="{"../" * url.count("/")}{MODEL}"' in page


def test_the_model_article_shows_its_header(sample_site):
    page = read(sample_site, MODEL)
    assert '<time datetime="2012-11-12T14:49:00+07:00">12/11/2012 - 14:49</time>' in page
    people = re.findall(r'participant-name">([^<]+)</span>, <span class="participant-role">([^<]+)<', page)
    assert people == [
        ("Lê Việt Triều", "Phó Bí thư Đảng ủy Khối"),
        ("Châu Hồng Thái", "Bí thư Đảng ủy Sở Lao động - Thương binh và Xã hội"),
        ("Lê Văn Mến", "Bí thư Chi bộ Liên hiệp Các tổ chức hữu nghị"),
        ("Lê Văn Út", "Trưởng Phòng Nghiệp vụ thuộc Liên hiệp Các tổ chức hữu nghị"),
    ]
    assert 'href="../../../../don-vi/dang-uy-khoi-co-quan-dan-chinh-dang/">Đảng ủy Khối Cơ quan Dân Chính Đảng</a>' in page
    assert 'href="../../../../chu-de/nghi-quyet-trung-uong-4-khoa-xi/">Nghị quyết Trung ương 4 (khóa XI)</a>' in page
    assert '<dd class="bulletin-author">Nguyễn Huy</dd>' in page
    assert "<figcaption>Ban Thường vụ Đảng ủy Khối Cơ quan Dân Chính Đảng Thành ủy Cần Thơ kiểm điểm theo tinh thần NQTW4." in page
    assert (sample_site / "images/2012/11/btv-dang-uy-khoi-kiem-diem.svg").is_file()
    assert 'lang="vi"' in page


def test_registries_are_not_published(sample_site):
    assert not (sample_site / "units.yml").exists() and not (sample_site / "topics.yml").exists()


def test_the_nav_holds_only_the_sections(sample_site):
    for url in ("", MODEL, "don-vi/thanh-uy-can-tho/"):
        page = read(sample_site, url)
        sidebar = page[page.index("md-nav--primary"):page.index('class="md-content"')]
        links = re.findall(r'href="([^"#]+)"', sidebar)
        assert links and all(not re.search(r"bulletins/|don-vi/.|chu-de/.", link) for link in links), links


class ResourceLinks(HTMLParser):
    """URLs a browser would fetch on its own: scripts, styles, images, frames, icons, fonts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("src", "srcset", "poster", "data", "action"):
            if values.get(name):
                self.urls += [part.strip().split(" ")[0] for part in values[name].split(",")]
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"])
        if values.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", values["style"])


def outside_hosts(site: Path, allowed_host: str) -> list[str]:
    found = []
    for path in site.rglob("*"):
        urls: list[str] = []
        if path.suffix == ".html":
            parser = ResourceLinks()
            text = path.read_text(encoding="utf-8")
            parser.feed(text)
            urls = parser.urls + re.findall(r"url\(['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            urls = re.findall(r"url\(['\"]?([^'\")]+)", text) + re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text)
        for url in urls:
            host = urlsplit(url).netloc
            if host and host != allowed_host:
                found.append(f"{path.relative_to(site)}: {url}")
    return found


def test_no_file_loads_anything_from_an_outside_host(sample_site):
    assert outside_hosts(sample_site, "bantin.intranet") == []
    assert "fonts.googleapis" not in read(sample_site, "") and "fonts.gstatic" not in read(sample_site, "")


def test_the_outside_host_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css?x">')
    (tmp_path / "a.css").write_text('@import url("https://cdn.example/x.css");')
    found = outside_hosts(tmp_path, "bantin.intranet")
    assert {line.split(":")[0] for line in found} == {"index.html", "a.css"}


MARKERS = ["zzdraftmark", "zzfuturemark"]


def everything(site: Path) -> str:
    """Every output file as text, gzip files decompressed."""
    texts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            texts.append(path.relative_to(site).as_posix())
            texts.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace"))
    return "\n".join(texts)


def add_unpublished(site_dir):
    site_dir.add("bulletins/2013/zzdraftmark.md", title="Nháp zzdraftmark", draft=True, summary="zzdraftmark",
                 participants=["Người zzdraftmark, Bí thư"], body="Nội dung zzdraftmark.", unit="chi-bo-hoa-binh")
    site_dir.add("bulletins/2099/zzfuturemark.md", title="Sắp đăng zzfuturemark", date="2099-01-01 08:00",
                 summary="zzfuturemark", participants=["Người zzfuturemark, Bí thư"], body="zzfuturemark",
                 unit="chi-bo-hoa-binh")
    site_dir.add("bulletins/2013/published.md", title="Đã đăng", unit="chi-bo-hoa-binh")


def test_drafts_and_future_bulletins_leave_no_trace_in_site(site_dir):
    add_unpublished(site_dir)
    site_dir.config_text = site_dir.config_text.replace("  - bulletins\n", "  - search\n  - bulletins\n")
    output = everything(site_dir.build())
    assert "Đã đăng" in output  # the check can see what is published
    for marker in MARKERS:
        assert marker not in output
    assert '<p class="listing-count">1 bản tin.</p>' in site_dir.page("don-vi/chi-bo-hoa-binh/")
    assert "Chi bộ Phường Hòa Bình</a>\n      <span class=\"unit-count\">(1 bản tin)" in site_dir.page("don-vi/")


def test_serve_shows_drafts_marked_as_drafts(site_dir):
    add_unpublished(site_dir)
    site_dir.build(command="serve")
    draft = site_dir.page("bulletins/2013/zzdraftmark/")
    assert "Bản nháp: chưa đăng" in draft
    assert "Hẹn đăng" in site_dir.page("bulletins/2099/zzfuturemark/")
    listing = site_dir.page("don-vi/chi-bo-hoa-binh/")
    assert "zzdraftmark" in listing and 'bulletin-status--draft">Bản nháp' in listing


def test_file_names_and_heading_anchors_write_d_for_dj(site_dir):
    site_dir.add("bulletins/2013/Đảng ủy họp.md", body="## Đợt kiểm điểm đầu tiên\n\nNội dung.")
    site_dir.build()
    page = site_dir.page("bulletins/2013/dang-uy-hop/")
    assert 'id="dot-kiem-diem-dau-tien"' in page


def errors_logged(caplog) -> list[str]:
    """What MkDocs and the plugin logged as errors (not, say, asyncio about a browser test before this one)."""
    return [record.getMessage() for record in caplog.records
            if record.levelname == "ERROR" and record.name.startswith("mkdocs")]


def test_an_invalid_site_stops_the_build_says_every_error_and_writes_nothing(site_dir, caplog):
    site_dir.add("bulletins/a.md", unit="Đảng ủy Khối Doanh nghiep")
    site_dir.add("bulletins/b.md", date="31/02/2012")
    site_dir.site.mkdir(parents=True)
    (site_dir.site / "previous.html").write_text("old site")
    with pytest.raises(Abort):
        site_dir.build()
    assert errors_logged(caplog) == [
        'generator: bulletins/a.md:4: unit: unknown unit "Đảng ủy Khối Doanh nghiep" (did you mean "Đảng ủy Khối '
        'Doanh nghiệp", "Đảng ủy Khối", or "Đảng ủy Khối Cơ quan Dân Chính Đảng"? Use an id, name or alias from '
        'units.yml, or add the unit there)',
        "generator: bulletins/b.md:3: date: the date '31/02/2012' does not exist; check the day, month and time",
        "bulletins: the content has 2 errors: nothing is built until they are fixed",
    ]
    assert [path.name for path in site_dir.site.iterdir()] == ["previous.html"]


def test_mkdocs_build_prints_every_problem_without_a_traceback(site_dir):
    site_dir.add("bulletins/a.md", unit="Đảng ủy Khối Doanh nghiep")
    site_dir.add("bulletins/b.md", date="31/02/2012")
    (site_dir.root / "mkdocs.yml").write_text(site_dir.config_text, encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build"], cwd=site_dir.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'bulletins/a.md:4: unit: unknown unit "Đảng ủy Khối Doanh nghiep"' in result.stderr
    assert "bulletins/b.md:3: date: the date '31/02/2012' does not exist" in result.stderr
    assert not site_dir.site.exists()


REVIEW = ['unit so-lao-dong: "Sở Lao động" is named in the text 2 times', "participants: Lê Văn Út guessed"]


def strict_build(site_dir) -> subprocess.CompletedProcess:
    """What `make site` runs: `mkdocs build --strict`, in a child process."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run([str(mkdocs), "build", "--strict", "-f", str(site_dir.config_file())], cwd=site_dir.root,
                          capture_output=True, text=True)


DRAFT_WARNINGS_COUNTED = {
    "en": "INFO    -  generator: 2 warnings about drafts, which are not published: `.venv/bin/bulletins check` lists "
          "them",
    "vi": "INFO    -  generator: có 2 cảnh báo về bản nháp (bản nháp không được đăng): `.venv/bin/bulletins check` "
          "liệt kê đủ",
}


@pytest.mark.parametrize("lang", DRAFT_WARNINGS_COUNTED)
def test_make_site_builds_content_holding_drafts_under_review(site_dir, monkeypatch, lang):
    """A draft is never published, so what an editor has still to confirm in it stops no build, not even a strict
    one; the build says how many such warnings there are, in Vietnamese as editors run it (no BULLETINS_LANG)."""
    if lang == "vi":
        monkeypatch.delenv("BULLETINS_LANG")
    site_dir.add("bulletins/2013/published.md", title="Đã đăng")
    site_dir.add("bulletins/2013/imported.md", title="Bản nháp zzreviewmark", draft=True, review=REVIEW)
    result = strict_build(site_dir)
    assert result.returncode == 0, result.stderr
    assert DRAFT_WARNINGS_COUNTED[lang] in result.stderr.splitlines()
    assert "zzreviewmark" not in result.stderr and "zzreviewmark" not in everything(site_dir.site)
    assert "Đã đăng" in site_dir.page("bulletins/2013/published/")


def test_a_published_bulletin_with_review_lines_still_stops_the_build(site_dir):
    site_dir.add("bulletins/2013/imported.md", title="Bản tin đã đăng", review=REVIEW)
    with pytest.raises(ContentError) as caught:
        load_site(site_dir.content, datetime.now(VIETNAM))
    [problem] = caught.value.problems
    assert (problem.field, problem.is_error) == ("review", True)
    result = strict_build(site_dir)
    assert result.returncode == 1
    assert str(problem) in result.stderr
    assert "the content has 1 error: nothing is built until it is fixed" in result.stderr
    assert not site_dir.site.exists()


def test_a_page_in_the_way_of_a_generated_page_is_an_error(site_dir, caplog):
    site_dir.write("don-vi/index.md", "# Đơn vị\n")
    with pytest.raises(Abort):
        site_dir.build()
    assert errors_logged(caplog) == ["bulletins: don-vi/index.md in the content folder clashes with the generated "
                                     "page /don-vi/; rename or remove it"]
    assert not site_dir.site.exists()


def test_a_hand_written_home_page_keeps_its_text_and_lists_the_latest(site_dir):
    site_dir.write("index.md", "---\ntitle: Trang chủ\n---\nLời giới thiệu.\n")
    site_dir.add("bulletins/a.md", title="Bản tin A")
    site_dir.build()
    home = site_dir.page("")
    assert "Lời giới thiệu." in home and "Bản tin A" in home


CARD_TITLE = re.compile(r'<a class="bulletin-card__title" href="[^"]+">([^<]+)</a>')


@pytest.mark.parametrize("home_latest, shown", [(None, 20), (2, 2), (0, 0)])
def test_the_home_page_lists_as_many_of_the_latest_bulletins_as_home_latest_says(site_dir, home_latest, shown):
    for day in range(1, 23):
        site_dir.add(f"bulletins/2013/{day:02d}.md", title=f"Bản tin ngày {day:02d}", date=f"2013-01-{day:02d}")
    if home_latest is not None:
        site_dir.config_text = site_dir.config_text.replace(
            "  - bulletins\n", f"  - bulletins:\n      home_latest: {home_latest}\n")
    site_dir.build()
    home = site_dir.page("")
    assert CARD_TITLE.findall(home) == [f"Bản tin ngày {day:02d}" for day in range(22, 22 - shown, -1)]
    assert '<strong>22</strong> bản tin' in home  # the count stays the site's


def test_a_date_written_with_an_offset_is_shown_and_filed_on_vietnamese_clocks(site_dir):
    """YAML reads an unquoted ``2013-12-31T17:30:00Z`` as an aware datetime: 00:30 on 1 January in Vietnam."""
    site_dir.write("bulletins/a.md", "---\ntitle: Đêm giao thừa\ndate: 2013-12-31T17:30:00Z\nunit: dang-uy-khoi\n"
                                     "---\n\nNội dung.\n")
    site_dir.build()
    page = site_dir.page("bulletins/a/")
    assert '<time datetime="2013-12-31T17:30:00+00:00">01/01/2014 - 00:30</time>' in page  # one moment
    assert "Đêm giao thừa" in site_dir.page("luu-tru/2014/") and not (site_dir.site / "luu-tru/2013").exists()
