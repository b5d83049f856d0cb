"""Search across the index's parts, in a real browser, finds what one index of the same bulletins finds.

A generated site (bench/sitegen.py: news text when ../shared/corpora has it) is built with a small part limit, so
its index is cut into years, and some years into quarters; a copy of the site gets one index of every bulletin.
The same queries and filters run on both through the search page's code. The search page itself searches the newest
parts first (a small first batch here): what it fetches, what it says, the button that searches the older parts.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import datetime
from urllib.parse import quote, urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, serve
from generator.indexer import FIRST_BATCH_VARIABLE, PARTS_FILE, update_bundle
from generator.search import BUNDLE_DIR, PART_LIMIT_VARIABLE, published, site_drafts
from generator.site import load_site
from generator.vietnamese import VIETNAM, fold, local
from test_search import Searcher, open_searcher

sys.path.insert(0, str(REPO / "bench"))
from sitegen import generate  # noqa: E402  (bench/ is not a package)

BULLETINS = 1200
LIMIT = 85  # about 80 bulletins a year: some years are one part, others are cut into quarters
CONFIG = f"""\
site_name: Bản tin thử
site_url: http://bantin.intranet/
docs_dir: content
theme: {{name: material, custom_dir: {REPO / 'theme'}, language: vi, font: false}}
extra: {{generator: false}}
plugins: [bulletins]
"""
# Words every generated site holds many times, with the corpus' news text or without it (the suite runs without
# ../shared/corpora): the units, topics, roles and generated sentences of bench/sitegen.py; some typed unaccented.
QUERIES = ["kiểm điểm", "dang uy", "Đảng ủy", "hội nghị", "phê bình", "giam sat", "nghị quyết", "dang vien",
           "lãnh đạo", "cán bộ", "zzkhongco"]
FIRST_BATCH = 200  # pages a query searches first: two or three of the newest parts
OLD_WORD = "zzcoxua"  # written in the oldest bulletin only


def oldest_bulletin(content):
    """The file of the oldest bulletin bench/sitegen.py wrote (published: it writes a draft's ``draft: true``)."""
    dated = [(re.search(r"^date: \"(.*)\"$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1), path)
             for path in (content / "bulletins" / "2011" / "01").glob("*.md")
             if "draft: true" not in path.read_text(encoding="utf-8")]
    return min(dated)[1]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site with its index in parts, and a copy with one index."""
    root = tmp_path_factory.mktemp("parts")
    content = generate(root / "parted", BULLETINS)
    oldest = oldest_bulletin(content)
    oldest.write_text(f"{oldest.read_text(encoding='utf-8')}\n{OLD_WORD}\n", encoding="utf-8")
    (root / "parted" / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_LIMIT_VARIABLE, str(LIMIT))
        patch.setenv(FIRST_BATCH_VARIABLE, str(FIRST_BATCH))
        config = load_config(config_file=str(root / "parted" / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    parted = root / "parted" / "site"
    single = root / "single"
    shutil.copytree(parted, single)
    shutil.rmtree(single / BUNDLE_DIR)
    site = load_site(content, datetime.now(VIETNAM))
    (root / "scratch").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_LIMIT_VARIABLE, str(BULLETINS))
        update_bundle(site_drafts(site), str(root / "scratch"), single / BUNDLE_DIR)
    return site, parted, single


def parts_of(site_folder) -> list[dict]:
    return json.loads((site_folder / BUNDLE_DIR / PARTS_FILE).read_text(encoding="utf-8"))["parts"]


@pytest.fixture(scope="module")
def searchers(browser, sites):
    _, parted, single = sites
    opened = []
    with serve(parted) as parted_base, serve(single) as single_base:
        for base in (parted_base, single_base):
            context, guard, tab = open_searcher(browser, parted)
            tab.goto(base)
            opened.append((context, guard, tab))
        yield [Searcher(tab) for _, _, tab in opened]
    for context, guard, _ in opened:
        context.close()
        assert guard.outside == [] and guard.errors == []


def test_the_site_is_cut_into_parts_of_years_and_quarters(sites):
    site, parted, single = sites
    spans = [part["folder"].rsplit("-", 1)[0] for part in parts_of(parted)]
    assert any(len(span) == 4 for span in spans) and any("-q" in span for span in spans)
    assert sum(part["pages"] for part in parts_of(parted)) == len(published(site))
    assert [part["pages"] for part in parts_of(single)] == [len(published(site))]


@pytest.fixture(scope="module")
def indexed(sites) -> dict[str, tuple[set[str], dict[str, list[str]]]]:
    """Each published bulletin's indexed words, folded, and its filters, by URL."""
    site, _, _ = sites
    indexed = {}
    for draft in site_drafts(site):
        record = draft.record()
        indexed[draft.url] = set(re.findall(r"\w+", fold(" ".join(record.title + record.text)))), draft.filters
    return indexed


def holding(indexed, query: str, **filters: str) -> set[str]:
    """The bulletins where every word of ``query`` is a word, folded: what Pagefind must find.

    It may find more: it extends a query word to longer words, but only to those in the index chunk holding it
    (the parts' chunks are not one index's), and it splits words at a change of case ("BĐiểm" in the news text).
    """
    terms = set(re.findall(r"\w+", fold(query)))
    return {url for url, (words, kept) in indexed.items()
            if terms <= words and all(value in kept[name] for name, value in filters.items())}


def assert_both_find_the_bulletins_holding(indexed, searchers, query: str, **filters: str) -> None:
    whole = holding(indexed, query, **filters)
    for searcher in searchers:
        found = searcher.urls(query, **filters)
        assert len(found) == len(set(found))  # each bulletin once
        assert whole <= set(found)


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_finds_in_the_parts_every_bulletin_one_index_finds(indexed, searchers, query):
    assert_both_find_the_bulletins_holding(indexed, searchers, query)
    assert len(holding(indexed, query)) > 10 or query == "zzkhongco"


def test_listings_by_filter_come_in_the_same_order_newest_first(sites, searchers):
    site, _, _ = sites
    parted, single = searchers
    bulletin = published(site)[len(published(site)) // 2]
    person = site.people.by_key[bulletin.participants[0].key].slug
    filters = [{"year": str(local(bulletin.date).year)}, {"unit": bulletin.units[0].id},
               {"topic": bulletin.topics[0].id}, {"participant": person},
               {"unit": "khoi-1", "topic": bulletin.topics[0].id}]
    for chosen in filters:
        listed = parted.urls("", **chosen)
        assert listed == single.urls("", **chosen) and bulletin.url in listed, chosen
    dates = {draft.url: int(draft.sort["date"]) for draft in site_drafts(site)}
    listed = [dates[url] for url in parted.urls("", unit="khoi-1")]
    assert len(listed) > 100 and listed == sorted(listed, reverse=True)


def test_a_query_with_filters_finds_the_same_bulletins(sites, indexed, searchers):
    site, _, _ = sites
    bulletin = published(site)[10]
    for chosen in [{"year": str(local(bulletin.date).year)}, {"unit": "khoi-2"}, {"topic": bulletin.topics[0].id}]:
        assert holding(indexed, "kiểm điểm", **chosen)
        assert_both_find_the_bulletins_holding(indexed, searchers, "kiểm điểm", **chosen)


def test_a_listing_without_words_fetches_one_word_chunk_a_part(sites, searchers):
    _, parted, _ = sites
    tab = searchers[0].tab
    asked: list[str] = []

    def note(request) -> None:
        asked.append(request.url)

    tab.on("request", note)
    try:
        assert searchers[0].urls("", year="2015")
    finally:
        tab.remove_listener("request", note)
    chunks = [url for url in asked if url.endswith(".pf_index")]
    assert 0 < len(chunks) <= len(parts_of(parted))  # Pagefind asked for no word fetches every chunk


# --- the search page: the newest parts first --------------------------------------------------------

def first_batch(parts: list[dict]) -> list[str]:
    """The folders of the newest parts holding together at most FIRST_BATCH pages, at least one."""
    folders, pages = [parts[0]["folder"]], parts[0]["pages"]
    for part in parts[1:]:
        if pages + part["pages"] > FIRST_BATCH:
            break
        folders.append(part["folder"])
        pages += part["pages"]
    return folders


def shown(day: str) -> str:
    return "/".join(reversed(day.split("-")))


SETTLED = "/^(Tìm thấy|Không tìm thấy)/.test(document.querySelector('.search-status').textContent.trim())"
ALL_SHOWN = """async () => {
  const more = document.querySelector(".search-more");
  const list = document.querySelector(".search-results");
  while (!more.hidden) {
    const count = list.children.length;
    more.querySelector("button").click();
    while (list.children.length === count) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return [...list.querySelectorAll("a.search-result__title")].map((link) => link.getAttribute("href"));
}"""


class Page:
    """The search page of the site in parts on a cold tab: the part folders it fetched files of, in order."""

    def __init__(self, tab, base: str):
        self.tab, self.base, self.asked = tab, base, []
        tab.on("request", lambda request: self.asked.append(urlsplit(request.url).path))

    def open(self, address: str) -> None:
        self.tab.goto(self.base + address)
        self.tab.wait_for_function(f"() => {SETTLED}")

    def folders(self) -> list[str]:
        """The parts' folders it fetched a file of (not the loader's), each once."""
        found = [path.split("/")[2] for path in self.asked if path.startswith("/pagefind/") and path.count("/") > 2]
        return list(dict.fromkeys(folder for folder in found if not folder.startswith("loader-")))

    @property
    def status(self) -> str:
        return self.tab.locator(".search-status").inner_text()

    @property
    def older(self):
        return self.tab.get_by_role("button", name="Tìm cả các bản tin cũ hơn")

    def urls(self) -> list[str]:
        return [url.strip("/") + "/" for url in self.tab.evaluate(ALL_SHOWN)]


@pytest.fixture
def search_page(browser, sites):
    _, parted, _ = sites
    context, guard, tab = open_searcher(browser, parted)
    with serve(parted) as base:
        yield Page(tab, base)
    context.close()
    assert guard.outside == [] and guard.errors == []


def test_a_common_word_searches_the_newest_parts_first_and_says_which_days(sites, search_page):
    _, parted, _ = sites
    parts = parts_of(parted)
    batch = first_batch(parts)
    assert 1 < len(batch) < len(parts) - 3
    search_page.open(f"tim-kiem/?q={quote('kiểm điểm')}")
    assert search_page.folders() == batch  # no file of an older part
    oldest = next(part for part in parts if part["folder"] == batch[-1])
    assert search_page.status.endswith(f"cho “kiểm điểm” từ {shown(oldest['first'])} đến nay.")
    assert search_page.status.startswith("Tìm thấy ")
    assert search_page.older.is_visible()


def test_the_button_gives_the_ranking_of_every_part(sites, searchers, search_page):
    _, parted, _ = sites
    query, unit = "kiểm điểm", "khoi-2"
    search_page.open(f"tim-kiem/?q={quote(query)}&don-vi={unit}")
    assert search_page.older.is_visible()
    first = search_page.urls()
    search_page.older.focus()
    search_page.tab.keyboard.press("Enter")  # by keyboard
    search_page.tab.wait_for_function(f"() => {SETTLED} && document.querySelector('.search-older').hidden")
    everything = searchers[0].urls(query, unit=unit)  # rankedSearch over every part, as before
    assert search_page.status == f"Tìm thấy {len(everything)} bản tin cho “{query}”."
    assert search_page.urls() == everything
    assert set(first) < set(everything)
    assert search_page.folders() == [part["folder"] for part in parts_of(parted)]
    assert search_page.tab.evaluate("document.activeElement.classList.contains('search-status')")


def test_a_word_only_the_oldest_part_holds_is_found_without_a_click(sites, search_page):
    site, parted, _ = sites
    search_page.open(f"tim-kiem/?q={OLD_WORD}")
    assert search_page.status == f"Tìm thấy 1 bản tin cho “{OLD_WORD}”."
    assert search_page.urls() == [min(published(site), key=lambda bulletin: bulletin.date).url]
    assert not search_page.older.is_visible()
    assert search_page.folders()[-1] == parts_of(parted)[-1]["folder"]


def test_a_year_filter_searches_the_parts_of_that_year_only(sites, search_page):
    _, parted, _ = sites
    year = [part for part in parts_of(parted) if part["first"] <= "2012-12-31" and part["last"] >= "2012-01-01"]
    search_page.open(f"tim-kiem/?q={quote('kiểm điểm')}&nam=2012")
    assert search_page.folders() == [part["folder"] for part in year]
    assert not search_page.older.is_visible()
    found = search_page.urls()
    assert found and all(url.startswith("bulletins/2012/") for url in found)


def test_a_listing_without_words_needs_only_the_parts_that_fill_its_first_page(sites, searchers, search_page):
    _, parted, _ = sites
    search_page.open("tim-kiem/?don-vi=khoi-1")
    folders = search_page.folders()
    assert folders == [part["folder"] for part in parts_of(parted)][:len(folders)]
    assert len(folders) < len(parts_of(parted)) - 3
    listed = search_page.urls()
    assert len(listed) >= 10 and listed == searchers[0].urls("", unit="khoi-1")[:len(listed)]
    assert search_page.older.is_visible()


def test_the_page_with_the_button_has_no_serious_axe_violation(search_page, axe):
    search_page.open(f"tim-kiem/?q={quote('kiểm điểm')}")
    assert search_page.older.is_visible()
    serious = [(item["id"], [(node["target"], node["failureSummary"]) for node in item["nodes"]]) for item in axe(search_page.tab) if item["impact"] in {"serious", "critical"}]
    assert serious == []
