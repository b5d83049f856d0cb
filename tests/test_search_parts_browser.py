"""Search across the index's parts, in a real browser, finds what one index of the same bulletins finds.

A generated site (bench/sitegen.py: news text when ../shared/corpora has it) is built with a small part limit, so
its index is cut into years, and some years into quarters; a copy of the site gets one index of every bulletin.
The same queries and filters run on both through the search page's code.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import datetime

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, serve
from generator.indexer import PARTS_FILE, update_bundle
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
plugins: [bulletins]
"""
# Words every generated site holds many times, with the corpus' news text or without it (the suite runs without
# ../shared/corpora): the units, topics, roles and generated sentences of bench/sitegen.py; some typed unaccented.
QUERIES = ["kiểm điểm", "dang uy", "Đảng ủy", "hội nghị", "phê bình", "giam sat", "nghị quyết", "dang vien",
           "lãnh đạo", "cán bộ", "zzkhongco"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site with its index in parts, and a copy with one index."""
    root = tmp_path_factory.mktemp("parts")
    content = generate(root / "parted", BULLETINS)
    (root / "parted" / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_LIMIT_VARIABLE, str(LIMIT))
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
