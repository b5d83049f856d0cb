"""Hostile content: markup, script addresses, template syntax and XML terminators planted in every front-matter
field and every registry value render as text wherever they reach, in every file under site/; and
`bulletins check` warns about raw HTML that runs code in a bulletin's text.

Each of the 25 FIELDS (front-matter fields, registry values, the glossary) carries all five PAYLOADS, except the
picture's file name, which cannot hold the '/' of `</script>`: 124 hostile cases, in one real build with feeds
and search. Every file under site/ is scanned; the browser test opens the pages and the search results.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from conftest import SiteDir, serve
from generator.buildcache import CACHE_FOLDER
from generator.vietnamese import slugify

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SCRIPT_URL = "javascript:alert(1)"
TEMPLATE = "{{ 7*7 }} {% raw %}"
CDATA_END = "]]>"
PAYLOADS = (SCRIPT, ATTRIBUTE, SCRIPT_URL, TEMPLATE, CDATA_END)
RAW = (SCRIPT, ATTRIBUTE, CDATA_END)  # can never appear as such in HTML or XML that escapes its text
SITE_NAME = "Bản tin thử"
SEARCH_WORD = "zzhostile"


def hostile(label: str) -> str:
    return f"{label} {' '.join(PAYLOADS)}"


FIELDS = ["title", "participant name", "participant role",
          "participant unit (unregistered)", "participant as text: name", "participant as text: role",
          "author 1", "author 2", "summary", "image_caption", "source", "image (file name)",
          "description (unknown field Material reads)", "template (unknown field MkDocs obeys)",
          "body text (escaped, and in code)",
          "unit name", "unit short name", "unit alias", "unit description", "sub-unit name", "sub-unit description",
          "topic name", "topic alias", "topic description", "glossary meaning"]
V = {field: hostile(f"F{number}") for number, field in enumerate(FIELDS)}
V["title"] = hostile(f"Tiêu đề {SEARCH_WORD}")
IMAGE = f"images/{ATTRIBUTE}{TEMPLATE}{CDATA_END}.svg"  # '/' cannot be in a file name: the other four
V["image (file name)"] = IMAGE
V["source"] = "https://example.org/" + V["source"]
PERSON = f"nhan-vat/{slugify(V['participant name'])}/"
ON_THE_BULLETIN = ["title", "participant name", "participant role", "participant as text: name",
                   "participant as text: role", "author 1", "author 2", "image_caption", "source",
                   "body text (escaped, and in code)", "unit name", "sub-unit name", "topic name", "glossary meaning"]


def yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    site_dir = SiteDir(root / "project")
    site_dir.write("units.yml", f"""\
- id: dang-uy-khoi
  name: {yaml_value(V["unit name"])}
  short: {yaml_value(V["unit short name"])}
  aliases: [{yaml_value(V["unit alias"])}]
  description: {yaml_value(V["unit description"])}
- id: so-lao-dong
  name: {yaml_value(V["sub-unit name"])}
  parent: dang-uy-khoi
  description: {yaml_value(V["sub-unit description"])}
""")
    site_dir.write("topics.yml", f"""\
- id: nqtw4
  name: {yaml_value(V["topic name"])}
  aliases: [{yaml_value(V["topic alias"])}]
  description: {yaml_value(V["topic description"])}
""")
    site_dir.write("glossary.yml", f"BTV: {yaml_value(V['glossary meaning'])}\n")
    site_dir.write(IMAGE, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>')
    site_dir.add(
        "bulletins/2012/hostile.md", title=V["title"], unit=[V["unit alias"], "so-lao-dong"], topics=[V["topic name"]],
        participants=[{"name": V["participant name"], "role": V["participant role"],
                       "unit": V["participant unit (unregistered)"]},
                      f"{V['participant as text: name']}, {V['participant as text: role']}"],
        author=[V["author 1"], V["author 2"]], summary=V["summary"], image=IMAGE, image_caption=V["image_caption"],
        source=V["source"], description=V["description (unknown field Material reads)"],
        template=V["template (unknown field MkDocs obeys)"], aliases=[f"tin-tuc/{TEMPLATE}/"],
        body=f"BTV họp. {V['body text (escaped, and in code)'].replace('<', '&lt;')} và `{SCRIPT}`.")
    site_dir.add("bulletins/2012/plain.md", title="Bản tin thường", date="2012-12-01 08:00", unit="so-lao-dong",
                 topics=["nqtw4"], participants=[{"name": V["participant name"]}],
                 body=f"Đoạn đầu có &lt;img src=x onerror=alert(1)&gt; và `{SCRIPT}`.\n\nĐoạn hai.")
    site_dir.config_file()
    kept = (site_dir.site, site_dir.root / CACHE_FOLDER)
    outside = snapshot(root, skip=kept)
    site_dir.build()
    assert snapshot(root, skip=kept) == outside  # nothing written outside site/ and the build cache
    return site_dir


def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, bytes]:
    return {path.as_posix(): path.read_bytes() for path in root.rglob("*")
            if path.is_file() and not any(path.is_relative_to(folder) for folder in skip)}


def content_of(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


class Page(HTMLParser):
    """A page's text and attribute values (entities decoded), its <title>, and anything that could run."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.titles: list[str] = []  # the page's, then any SVG's
        self.unsafe: list[str] = []
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._open.append(tag)
        if tag == "title":
            self.titles.append("")
        for name, value in attrs:
            value = value or ""
            self.parts.append(value)
            if name.startswith("on"):
                self.unsafe.append(f"<{tag} {name}=>")
            if name in self.URL_ATTRIBUTES and "".join(value.split()).lower().startswith("javascript:"):
                self.unsafe.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and value == "x":
                self.unsafe.append("<img src=x>")

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        current = self._open[-1] if self._open else ""
        if current == "script" and "alert(" in data:
            self.unsafe.append(f"<script>{data[:60]}")
        if current == "title":
            self.titles[-1] += data
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def pages(site: Path) -> dict[str, Page]:
    return {path.relative_to(site).as_posix(): Page(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}


def test_no_payload_survives_unescaped_in_any_file(hostile_site):
    site = hostile_site.site
    fragments = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        text = content_of(path)
        if relative.startswith("pagefind/") and "/fragment/" in relative and "/loader-" not in f"/{relative}":
            fragments += 1  # JSON read by search.js, which shows it as text: the payloads are plain text there
            record = json.loads(text[text.index("{"):])
            assert "&lt;" not in record["content"] and "&quot;" not in record["content"], relative
            continue
        if path.suffix in (".js", ".css", ".map", ".png", ".svg") and relative.startswith("assets/"):
            continue  # Material's own files
        for raw in RAW:
            assert raw not in text, f"{relative} holds {raw!r} unescaped"
    assert fragments == 2


def test_html_pages_show_the_payloads_as_text_and_nothing_runs(hostile_site):
    found = pages(hostile_site.site)
    for name, page in found.items():
        assert page.unsafe == [], name
    expected = {
        "bulletins/2012/hostile/index.html": [V[field] for field in ON_THE_BULLETIN] + [SCRIPT],
        "index.html": [V["title"], V["summary"], V["unit name"], V["sub-unit name"]],
        "don-vi/index.html": [V["unit name"], V["sub-unit name"]],
        "don-vi/dang-uy-khoi/index.html": [V["unit name"], V["unit description"], V["sub-unit name"], V["title"],
                                           V["summary"]],
        "don-vi/so-lao-dong/index.html": [V["sub-unit name"], V["sub-unit description"], V["unit name"]],
        "chu-de/index.html": [V["topic name"], V["topic description"]],
        "chu-de/nqtw4/index.html": [V["topic name"], V["topic description"], V["title"]],
        "nhan-vat/index.html": [V["participant name"], V["participant as text: name"],
                                V["participant as text: role"]],
        f"{PERSON}index.html": [V["participant name"], V["participant role"], V["title"]],
        "luu-tru/index.html": [],
        "luu-tru/2012/index.html": [V["title"], V["unit name"], V["sub-unit name"]],
        "tim-kiem/index.html": [V["unit name"], V["sub-unit name"], V["topic name"], V["participant name"]],
        f"tin-tuc/{TEMPLATE}/index.html": [V["title"]],
    }
    for name, values in expected.items():
        for value in values:
            assert value in found[name].text, (name, value)
    titles = {name: found[name].titles[0].strip() for name in expected}
    assert titles["bulletins/2012/hostile/index.html"] == f"{V['title']} - {SITE_NAME}"
    assert titles["don-vi/dang-uy-khoi/index.html"] == f"{V['unit name']} - {SITE_NAME}"
    assert titles["chu-de/nqtw4/index.html"] == f"{V['topic name']} - {SITE_NAME}"
    assert titles[f"{PERSON}index.html"] == f"{V['participant name']} - {SITE_NAME}"
    assert titles[f"tin-tuc/{TEMPLATE}/index.html"] == f"Đã chuyển: {V['title']}"
    bulletin = hostile_site.page("bulletins/2012/hostile/")
    assert 'name="author"' not in bulletin and 'name="description" content="F' not in bulletin


def test_feeds_and_sitemap_parse_and_keep_the_payloads_as_text(hostile_site):
    site = hostile_site.site
    feeds = {path.relative_to(site).as_posix(): path for path in site.rglob("feed.xml")}
    assert set(feeds) == {"feed.xml", "don-vi/dang-uy-khoi/feed.xml", "don-vi/so-lao-dong/feed.xml",
                          "chu-de/nqtw4/feed.xml"}
    for path in site.rglob("*.xml"):
        ET.parse(path)
    for name, path in feeds.items():
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        hostile = next(entry for entry in feed.entries if entry.title == V["title"])
        assert [author.name for author in hostile.authors] == [V["author 1"], V["author 2"]]
        assert hostile.summary == V["summary"]
        assert [tag.label for tag in hostile.tags] == [V["unit name"], V["sub-unit name"], V["topic name"]]
    plain = feedparser.parse(feeds["feed.xml"].read_bytes()).entries[0]
    assert plain.summary.startswith("Đoạn đầu có <img src=x onerror=alert(1)> và")
    unit = feedparser.parse(feeds["don-vi/dang-uy-khoi/feed.xml"].read_bytes()).feed
    assert (unit.title, unit.subtitle) == (f"{V['unit name']} – {SITE_NAME}", V["unit description"])
    for sitemap in (site / "sitemap.xml", site / "sitemap.xml.gz"):
        locations = [element.text for element in ET.fromstring(content_of(sitemap)).iter()
                     if element.tag.endswith("loc")]
        assert locations and all(location.isascii() and urlsplit(location).scheme == "http" for location in locations)


def test_the_search_index_holds_the_payloads_as_plain_text(hostile_site):
    records = []
    for path in (hostile_site.site / "pagefind").rglob("fragment/*.pf_fragment"):
        text = content_of(path)
        records.append(json.loads(text[text.index("{"):]))
    record = next(record for record in records if record["url"].endswith("/hostile/"))
    assert record["meta"]["heading"] == V["title"]
    assert record["meta"]["unit"] == f"{V['unit name']}; {V['sub-unit name']}"
    for field in ("summary", "image_caption", "participant name", "participant role", "author 1", "topic name"):
        assert V[field] in record["content"], field
    assert record["filters"] == {"unit": ["dang-uy-khoi", "so-lao-dong"], "topic": ["nqtw4"], "year": ["2012"],
                                 "participant": [slugify(V["participant name"]),
                                                 slugify(V["participant as text: name"])]}


def test_in_a_browser_nothing_runs_and_search_results_show_the_payloads_as_text(hostile_site, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    injected = ("img[src='x'], img[onerror], [onclick], [onerror], a[href^='javascript'], "
                ".search-results script, .search-status *")
    with serve(hostile_site.site) as base:
        for url in ["bulletins/2012/hostile/", "", "don-vi/dang-uy-khoi/", PERSON, "chu-de/nqtw4/", "luu-tru/2012/"]:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            assert page.locator(injected).count() == 0, url
            if url == "bulletins/2012/hostile/":
                assert page.title() == f"{V['title']} - {SITE_NAME}"
                assert page.locator("h1").inner_text() == V["title"]
        page.goto(f"{base}tim-kiem/?q={SEARCH_WORD}&don-vi=dang-uy-khoi&nguoi={PERSON.split('/')[1]}")
        page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('Tìm thấy')")
        results = page.locator(".search-result")
        assert results.count() == 1
        assert results.locator(".search-result__title").inner_text() == V["title"]
        assert results.locator(".search-result__meta").inner_text().endswith(f"{V['unit name']}; {V['sub-unit name']}")
        assert SCRIPT in results.locator(".search-result__excerpt").inner_text()
        assert page.locator("select[name='don-vi'] option:checked").inner_text() == V["unit name"]
        assert page.input_value("[data-person]") == V["participant name"]
        page.wait_for_load_state("networkidle")
        assert page.locator(injected).count() == 0
        assert page.evaluate("[...document.scripts].filter(s => s.text.includes('alert(')).length") == 0
    assert dialogs == []


# --- raw HTML in an editor's bulletin body: `bulletins check` warns ------------------------------------

BODY = """\
Đoạn đầu.

<script>alert(1)</script>

<iframe src="https://example.org/video"></iframe>

<p onclick="alert(1)">Bấm</p> và <img src="x.png" onerror='alert(2)'> và <a href=" javascript:alert(3)">liên kết</a>.

[Markdown](javascript:alert(4)) và <OBJECT data="x.swf"></OBJECT><embed src="y.swf">

`<script>alert(5)</script>` chỉ là chữ trong mã, như `onclick=x`.

```html
<script>alert(6)</script>
<iframe src="z"></iframe>
```

<!-- <script>alert(7)</script> -->

[tham chiếu]: javascript:alert(8)
"""
HINT = "(remove it unless you trust it: it runs in the browser of everyone who opens the page)"


def test_check_warns_about_raw_html_that_runs_code(site_dir):
    site_dir.add("bulletins/a.md", body=BODY)
    site_dir.add("bulletins/b.md", body="Không có gì: <b>đậm</b>, <a href=\"https://example.org/\">liên kết</a>, "
                                        "a < b > c, onion=hành, JavaScript: ngôn ngữ.")
    result = subprocess.run([str(Path(sys.executable).parent / "bulletins"), "check"], cwd=site_dir.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"bulletins/a.md:{line}: body: warning: {what} {HINT}" for line, what in [
            (9, "raw HTML <script>"),
            (11, "raw HTML <iframe>"),
            (13, "a javascript: address in href= on <a>"),
            (13, "raw HTML event handler onclick= on <p>"),
            (13, "raw HTML event handler onerror= on <img>"),
            (15, "a javascript: address in a Markdown link"),
            (15, "raw HTML <embed>"),
            (15, "raw HTML <object>"),
            (26, "a javascript: address in a Markdown link"),
        ]]
    assert "OK: 2 bulletin(s) (2 published, 0 draft, 0 scheduled), 5 unit(s), 2 topic(s), 9 warning(s)." in result.stderr


def test_a_build_does_not_repeat_the_raw_html_warnings(site_dir, caplog):
    site_dir.add("bulletins/a.md", body="<iframe src=\"https://example.org/video\"></iframe>")
    site_dir.build()
    assert "iframe" not in caplog.text
    assert '<iframe src="https://example.org/video"></iframe>' in site_dir.page("bulletins/a/")
