"""Search: records and the đ/tone variants (pure), then real queries against real Pagefind indexes.

Query tests build a site with MkDocs and the plugin, serve it on 127.0.0.1 and run the site's own
search code (theme/assets/javascripts/search.js) with the real pagefind.js in headless Chromium.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, Guard, SiteDir, serve
from generator.search import (
    CHUNK_SIZE_VARIABLE,
    EVERY_PAGE,
    SEPARATOR,
    page_text,
    search_filters,
    search_form,
    site_records,
    words,
    write_index,
)
from generator.site import load_site
from generator.vietnamese import VIETNAM, fold
from test_build import MODEL, sample_site  # noqa: F401  (module fixture)

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


# --- the search form of a word ----------------------------------------------------------------

@pytest.mark.parametrize(("word", "form"), [
    ("Đảng", "Dảng"), ("điểm,", "diểm,"), ("ĐOÀN", "DOÀN"),
    ("hoà", "hòa"), ("Hoà,", "Hòa,"), ("HOÀ", "HÒA"), ("khoẻ", "khỏe"), ("loè", "lòe"), ("toạ", "tọa"),
    ("thuỷ", "thủy"), ("Uỷ", "Ủy"), ("huỷ.", "hủy."), ("tuỳ", "tùy"), ("Thuỵ", "Thụy"),
    ("hòa", "hòa"), ("ủy", "ủy"), ("quý", "quý"), ("quỳ", "quỳ"), ("hoàng", "hoàng"), ("hoài", "hoài"),
    ("khuya", "khuya"), ("kiểm", "kiểm"), ("NQTW4", "NQTW4"),
])
def test_search_form_writes_d_for_dj_and_puts_the_tone_on_the_first_vowel(word, form):
    assert search_form(word) == form
    assert search_form(unicodedata.normalize("NFD", word)) == form


def test_words_split_at_whitespace_and_drop_what_pagefind_treats_specially():
    assert words(f"Đảng\u00a0ủy  Khối\n\tA{SEPARATOR}B zero\u200bwidth \ufeffbom ctl\x00x") == [
        "Đảng", "ủy", "Khối", "A", "B", "zerowidth", "bom", "ctlx"]
    assert words(unicodedata.normalize("NFD", "Hòa")) == ["Hòa"]


def test_page_text_keeps_the_words_and_drops_markup_scripts_and_permalinks():
    rendered = ('<h2 id="dot-mot">Đợt một<a class="headerlink" href="#dot-mot" title="Permanent link">&para;</a>'
                '</h2>\n<p>Tập thể <strong>Đ</strong>ảng ủy &amp; chi bộ</p><script>var x = "lộ";</script>'
                '<ul><li>một</li><li>hai</li></ul><!-- ghi chú -->')
    assert words(page_text(rendered)) == ["Đợt", "một", "Tập", "thể", "Đảng", "ủy", "&", "chi", "bộ", "một", "hai"]


# --- records ------------------------------------------------------------------------------------

def published_site(site_dir, include_unpublished=False):
    return load_site(site_dir.content, NOW, include_unpublished=include_unpublished)


def test_a_record_carries_filters_with_the_unit_roll_up_meta_and_sort(site_dir):
    site_dir.add("bulletins/a.md", title="Chi bộ họp", date="2013-01-01T00:30:00+09:00", unit="chi-bo-nguoi-co-cong",
                 topics=["NQTW4"], participants=[{"name": "Lê Việt Triều", "role": "Phó Bí thư"}, "Trần Thị Hoà, Bí thư"],
                 author="Nguyễn Huy", summary="Tóm tắt.", body="Nội dung **đầy đủ**.")
    site = published_site(site_dir)
    (record,) = site_records(site)
    assert record.url == "bulletins/a/"
    assert record.filters == {
        "unit": ["chi-bo-nguoi-co-cong", "so-lao-dong", "dang-uy-khoi"],
        "topic": ["nqtw4"],
        "year": ["2012"],  # 22:30 on 31/12/2012 in Vietnam
        "participant": ["le-viet-trieu", "tran-thi-hoa"],
        "campaign": [],
    }
    assert record.meta == {"date": "31/12/2012 - 22:30", "unit": "Chi bộ Phòng Người có công"}
    assert record.sort == {"date": str(int(datetime(2012, 12, 31, 22, 30, tzinfo=VIETNAM).timestamp()))}
    assert record.title == ["Chi", "bộ", "họp"]
    text = " ".join(record.text)
    assert text.startswith("Tóm tắt. Nội dung đầy đủ.")  # the Markdown's text, converted
    assert "Thành phần: Lê Việt Triều, Phó Bí thư; Trần Thị Hoà, Bí thư." in text
    assert "Đơn vị: Chi bộ Phòng Người có công. Chủ đề: Nghị quyết Trung ương 4 (khóa XI). Tác giả: Nguyễn Huy." in text
    assert record.variants == ["dầy", "dủ.", "Hòa,", "Dơn", "dề:"]


def test_the_page_for_pagefind_escapes_every_value_and_puts_the_variants_after_the_separator(site_dir):
    site_dir.add("bulletins/a.md", title="<script>alert(1)</script> Đảng", unit="dang-uy-khoi", body="a &lt;b&gt;")
    (record,) = site_records(published_site(site_dir))
    page = record.page()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Đảng" in page
    assert "a &lt;b&gt;" in page
    assert page.count(SEPARATOR) == 1
    tail = page[page.index(SEPARATOR) + 1:page.index("</p></main>")]
    assert re.sub(r"<[^>]+>", "", tail).split() == [*record.variants, EVERY_PAGE]
    assert record.variants == ["Dảng", "Dơn", "Dảng", "Dảng."]
    assert '<span data-pagefind-weight="7">Dảng</span>' in tail  # weighs as the title does
    assert '<span data-pagefind-meta="title">&lt;script&gt;alert(1)&lt;/script&gt; Dảng</span>' in page
    assert '<span data-pagefind-meta="heading">&lt;script&gt;alert(1)&lt;/script&gt; Đảng</span>' in page


def test_drafts_and_future_bulletins_are_never_records_even_when_previewing(site_dir):
    site_dir.add("bulletins/a.md", title="Đã đăng")
    site_dir.add("bulletins/b.md", title="Nháp", draft=True)
    site_dir.add("bulletins/c.md", title="Sắp đăng", date="2099-01-01")
    site = published_site(site_dir, include_unpublished=True)
    assert len(site.bulletins) == 3
    assert [record.url for record in site_records(site)] == ["bulletins/a/"]


def test_filter_choices_list_the_unit_tree_topics_years_and_people_of_published_bulletins(site_dir):
    site_dir.add("bulletins/a.md", date="2012-05-01", participants=["Lê Việt Triều"])
    site_dir.add("bulletins/b.md", date="2015-05-01", participants=["Đỗ Văn An"])
    site_dir.add("bulletins/c.md", date="2016-05-01", participants=["Nguyễn Nháp"], draft=True)
    filters = search_filters(published_site(site_dir, include_unpublished=True))
    assert [(choice.unit.id, choice.depth) for choice in filters.units] == [
        ("dang-uy-khoi", 0), ("so-lao-dong", 1), ("chi-bo-nguoi-co-cong", 2), ("khoi-doanh-nghiep", 0),
        ("chi-bo-hoa-binh", 1)]
    assert [topic.id for topic in filters.topics] == ["kiem-diem", "nqtw4"]
    assert filters.years == ["2015", "2012"]
    assert [(person.slug, person.label) for person in filters.people] == [
        ("do-van-an", "Đỗ Văn An"), ("le-viet-trieu", "Lê Việt Triều")]


def test_namesakes_are_told_apart_in_the_people_filter(site_dir):
    site_dir.add("bulletins/a.md", participants=[{"name": "Nguyễn Văn An", "role": "Bí thư", "id": "an-a"},
                                                 {"name": "Nguyễn Văn An", "role": "Đảng viên", "id": "an-b"}])
    labels = {person.slug: person.label for person in search_filters(published_site(site_dir)).people}
    assert labels == {"an-a": "Nguyễn Văn An (Bí thư)", "an-b": "Nguyễn Văn An (Đảng viên)"}


def fragments(bundle: Path) -> list[dict]:
    """The pages of a bundle, in one index or in parts."""
    return [json.loads(gzip.decompress(path.read_bytes())[12:]) for path in bundle.rglob("fragment/*.pf_fragment")]


def test_pagefind_counts_word_positions_as_the_search_page_splits_them(site_dir, tmp_path):
    """The search page maps a match on a variant back to its word by position: the counts must agree."""
    site_dir.add("bulletins/a.md", title="Đảng ủy họp", body="Hoà bình — “Đoàn” kết; e-mail: a@b.vn, 12/11/2012.\n\nĐoạn hai")
    site_dir.add("bulletins/b.md", title="Không có chữ nào khác", body="Chỉ chữ thường")
    records = list(site_records(published_site(site_dir)))
    stats = write_index(records, tmp_path / "pagefind")
    assert (stats.pages, stats.variants) == (2, sum(len(record.variants) for record in records))
    by_url = {f"/{record.url}": record for record in records}
    for fragment in fragments(tmp_path / "pagefind"):
        record = by_url[fragment["url"]]
        tokens = re.split(r"[\r\n\s]+", fragment["content"])
        assert fragment["word_count"] == len(tokens)
        end = len(record.title) + len(record.text)
        # Pagefind ends a paragraph with a full stop.
        assert tokens.index(SEPARATOR) == end and tokens[end + 1:] == [*record.variants, f"{EVERY_PAGE}."]


def test_the_word_index_is_cut_into_small_chunks_unless_the_environment_says_otherwise(tmp_path, monkeypatch):
    records = list(site_records(load_site(REPO / "content", NOW)))  # the sample bulletins
    write_index(records, tmp_path / "ours" / "pagefind")
    assert CHUNK_SIZE_VARIABLE not in os.environ
    monkeypatch.setenv(CHUNK_SIZE_VARIABLE, "20000")  # Pagefind's own size
    write_index(records, tmp_path / "default" / "pagefind")
    ours, default = (len(list((tmp_path / name / "pagefind/index").iterdir())) for name in ("ours", "default"))
    assert default == 1 and ours > 1


# --- queries against real indexes -----------------------------------------------------------------

QUERY = """async ([query, filters]) => {
  const search = await import("/assets/javascripts/search.js");
  const pagefind = await search.openIndex(new URL("/pagefind/", location), new URL("/", location));
  const results = await search.rankedSearch(pagefind, search.searchQuery(query), filters);
  const found = [];
  for (let start = 0; start < results.length; start += 50) {  // not thousands of fetches at once
    found.push(...await Promise.all(results.slice(start, start + 50).map(async (result) => {
      const data = await result.data();
      const {words, marked} = search.matchedWords(data.content, result.words);
      return [data.url, [...marked].sort((a, b) => a - b).map((index) => words[index])];
    })));
  }
  return found;
}"""


class Searcher:
    """The site's search code in a browser tab; ``search`` returns (url, matched words) in rank order."""

    def __init__(self, tab):
        self.tab = tab

    def search(self, query: str, **filters: str) -> list[tuple[str, list[str]]]:
        return [(url.strip("/") + "/", marked) for url, marked in self.tab.evaluate(QUERY, [query, filters])]

    def urls(self, query: str, **filters: str) -> list[str]:
        return [url for url, _ in self.search(query, **filters)]


def open_searcher(browser, site: Path):
    context = browser.new_context(locale="vi-VN")
    guard = Guard()
    context.route("**/*", guard.route)
    tab = context.new_page()
    tab.on("console", guard.console)
    tab.on("pageerror", lambda error: guard.errors.append(str(error)))
    return context, guard, tab


@pytest.fixture(scope="module")
def sample_search(browser, sample_site):  # noqa: F811
    context, guard, tab = open_searcher(browser, sample_site)
    with serve(sample_site) as base:
        tab.goto(base)
        yield Searcher(tab)
    context.close()
    assert guard.outside == [] and guard.errors == []


def test_the_sample_site_finds_the_model_article_with_or_without_diacritics(sample_search):
    for query in ("kiem diem", "kiểm điểm", "dang uy khoi", "Đảng ủy Khối", "le viet trieu", "Lê Việt Triều",
                  "LÊ VIỆT TRIỀU", unicodedata.normalize("NFD", "Lê Việt Triều")):
        assert MODEL in sample_search.urls(query), query


def test_the_sample_site_filters_by_unit_with_sub_units_year_topic_and_participant(sample_search):
    everything = set(sample_search.urls("", unit="thanh-uy-can-tho"))
    khoi = set(sample_search.urls("", unit="dang-uy-khoi-co-quan-dan-chinh-dang"))
    so = set(sample_search.urls("", unit="dang-uy-so-lao-dong-thuong-binh-va-xa-hoi"))
    assert MODEL in so and so < khoi < everything
    kiem_diem_in_so = set(sample_search.urls("kiem diem", unit="dang-uy-so-lao-dong-thuong-binh-va-xa-hoi"))
    assert MODEL in kiem_diem_in_so and kiem_diem_in_so == set(sample_search.urls("kiem diem")) & so
    assert sample_search.urls("", year="2012") == [
        "bulletins/2012/12/mau-chi-bo-phong-nguoi-co-cong-kiem-diem-nqtw4/", MODEL]  # newest first
    assert MODEL in sample_search.urls("", topic="nghi-quyet-trung-uong-4-khoa-xi")
    assert set(sample_search.urls("", participant="le-viet-trieu")) == set(sample_search.urls("Lê Việt Triều"))


def test_the_search_page_turns_words_into_search_forms_as_the_indexer_does(sample_search):
    """The variants are found only if queries are formed alike: search.js against search.py."""
    vocabulary = {word for path in (REPO / "content").rglob("*.md") for word in words(path.read_text("utf-8"))}
    vocabulary |= {"HOÀ", "Thuỵ", "quỳ", "khoẻ,", "Đ", "đđ", "oà", "uỷ"}
    vocabulary |= {unicodedata.normalize("NFD", word) for word in list(vocabulary)}
    vocabulary = sorted(vocabulary)
    forms = sample_search.tab.evaluate("""async (words) => {
      const search = await import("/assets/javascripts/search.js");
      return words.map(search.searchForm);
    }""", vocabulary)
    assert len(vocabulary) > 1000
    assert forms == [search_form(word) for word in vocabulary]


def test_the_sample_site_has_no_result_for_words_it_does_not_contain(sample_search):
    assert sample_search.urls("zzkhongco") == []
    assert sample_search.urls("kiem diem", year="1999") == []
    for query in ("!!! ... ???", "x" * 1000, "<script>alert(1)</script>"):
        assert sample_search.search(query) == [], query


# A generated site: a few hundred bulletins from a small vocabulary, with a few planted ones.

SENTENCES = [
    "Hội nghị kiểm điểm tập thể cấp ủy diễn ra nghiêm túc, thẳng thắn.",
    "Chi bộ chỉ ra những hạn chế trong công tác lãnh đạo và đề ra giải pháp khắc phục.",
    "Các đảng viên góp ý chân thành, cầu thị cho tập thể.",
    "Ban Thường vụ đề nghị sửa chữa ngay các khuyết điểm đã nêu.",
    "Hội nghị thống nhất kế hoạch thực hiện trong năm tới.",
    "Nhiều ý kiến đề xuất tăng cường sinh hoạt chuyên đề.",
    "Báo cáo được chuẩn bị công phu, có số liệu cụ thể.",
    "Công tác cán bộ được rà soát theo đúng quy định.",
    "Tập thể thường vụ nhận trách nhiệm về những việc còn chậm.",
    "Đồng chí bí thư phát biểu kết luận hội nghị.",
    "Đại biểu dự họp biểu quyết thông qua nghị quyết.",
    "Chi ủy phân công người theo dõi việc khắc phục.",
]
NAMES = ["Lê Việt Triều", "Trần Thị Mai", "Nguyễn Văn Tâm", "Phạm Minh Quân", "Võ Thị Lan", "Đặng Quốc Bảo"]
ROLES = ["Bí thư", "Phó Bí thư", "Chi ủy viên", "Đảng viên"]
UNITS = {"dang-uy-khoi": "Đảng ủy Khối Cơ quan Dân Chính Đảng", "so-lao-dong": "Đảng ủy Sở Lao động - Thương binh và Xã hội",
         "chi-bo-nguoi-co-cong": "Chi bộ Phòng Người có công", "khoi-doanh-nghiep": "Đảng ủy Khối Doanh nghiệp",
         "chi-bo-hoa-binh": "Chi bộ Phường Hòa Bình"}
TOPICS = {"nqtw4": "Nghị quyết Trung ương 4 (khóa XI)", "kiem-diem": "Kiểm điểm, tự phê bình và phê bình"}
ROLL_UP = {"dang-uy-khoi": {"dang-uy-khoi", "so-lao-dong", "chi-bo-nguoi-co-cong"}}
PLANTED = {
    # url: (title, body, date)
    # exact matches in long texts, and a short one dense with the words typed without diacritics
    "hoa-moi": ("Tổ hòa giải", " ".join(["Tổ hòa giải làm việc tốt."] + SENTENCES * 3), "2020-01-05 08:00"),
    "hoa-cu": ("Tổ hoà giải", " ".join(["Tổ hoà giải làm việc tốt."] + SENTENCES * 3), "2019-01-05 08:00"),
    "hoa-khong-dau": ("Hoa giai", "Hoa giai, hoa giai, hoa giai.", "2021-01-05 08:00"),
    "dang-khong-dau": ("Dang uy Khoi hop", "Dang uy Khoi hop ban viec.", "2018-03-01 08:00"),
    "kiem-tra": ("Đoàn kiểm tra làm việc", "Đoàn kiểm tra của Đảng ủy làm việc với chi bộ.", "2018-04-01 08:00"),
    "giong-1": ("Bản tin giống nhau", "Nội dung zzgiongnhau.", "2014-02-01 08:00"),
    "giong-3": ("Bản tin giống nhau", "Nội dung zzgiongnhau.", "2016-02-01 08:00"),
    "giong-2": ("Bản tin giống nhau", "Nội dung zzgiongnhau.", "2015-02-01 08:00"),
}


def generate(site: SiteDir, count: int) -> dict[str, str]:
    """Write ``count`` bulletins; return each published bulletin's URL and the text a reader sees of it."""
    rng = random.Random(3)
    texts = {}
    for number in range(count):
        unit = rng.choice(list(UNITS))
        topics = rng.sample(list(TOPICS), rng.randint(0, 2))
        people = [f"{name}, {rng.choice(ROLES)}" for name in rng.sample(NAMES, rng.randint(0, 3))]
        date = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 17):02d}:00"
        title = " ".join(rng.sample(SENTENCES, 1))[:-1]
        body = " ".join(rng.sample(SENTENCES, rng.randint(2, 6)))
        site.add(f"bulletins/b{number}.md", title=title, date=date, unit=unit, topics=topics or None,
                 participants=people or None, body=body)
        texts[f"bulletins/b{number}/"] = " ".join([title, body, *people, UNITS[unit], *(TOPICS[t] for t in topics)])
    for slug, (title, body, date) in PLANTED.items():
        site.add(f"bulletins/{slug}.md", title=title, date=date, unit="khoi-doanh-nghiep", body=body)
        texts[f"bulletins/{slug}/"] = " ".join([title, body, UNITS["khoi-doanh-nghiep"]])
    nfd = unicodedata.normalize("NFD", "Tập thể nghiêm túc zznfd kiểm điểm")
    site.add("bulletins/nfd.md", title="Bản tin NFD", date="2017-06-01 08:00", unit="so-lao-dong", body=nfd)
    texts["bulletins/nfd/"] = " ".join(["Bản tin NFD", nfd, UNITS["so-lao-dong"]])
    site.add("bulletins/nhap.md", title="Nháp zzdraftsearch", unit="dang-uy-khoi", draft=True, body="Đảng ủy zzdraftsearch")
    site.add("bulletins/sau.md", title="Sắp zzfuturesearch", date="2099-01-01", unit="dang-uy-khoi", body="zzfuturesearch")
    return texts


def expected(texts: dict[str, str], query: str, prefixes: bool = True) -> set[str]:
    """What Pagefind may find: pages where each query word is a word, or starts one, all folded (đ as d).

    As Pagefind does, a query word that starts no word of any page is left out. Pagefind extends a
    query word to longer words only within the index chunk holding the word: the pages it finds lie
    between ``expected(..., prefixes=False)`` and ``expected(...)``.
    """
    folded = {url: re.findall(r"\w+", fold(text)) for url, text in texts.items()}
    terms = re.findall(r"\w+", fold(query))
    present = [term for term in terms if any(word.startswith(term) for found in folded.values() for word in found)]
    if not present:
        return set()

    def has(found: list[str], term: str) -> bool:
        return any(word.startswith(term) if prefixes else word == term for word in found)

    return {url for url, found in folded.items() if all(has(found, term) for term in present)}


def exact(texts: dict[str, str], query: str, prefixes: bool = True) -> set[str]:
    """As ``expected``, with every diacritic as typed (tone placement aside)."""
    forms = {url: [search_form(word).casefold() for word in re.findall(r"\w+", unicodedata.normalize("NFC", text))]
             for url, text in texts.items()}
    terms = [search_form(term).casefold() for term in re.findall(r"\w+", query)]

    def has(found: list[str], term: str) -> bool:
        return any(word.startswith(term) if prefixes else word == term for word in found)

    return {url for url, found in forms.items() if all(has(found, term) for term in terms)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory, browser):
    site = SiteDir(tmp_path_factory.mktemp("generated"))
    texts = generate(site, 300)
    site.build()
    context, guard, tab = open_searcher(browser, site.site)
    with serve(site.site) as base:
        tab.goto(base)
        yield site, texts, Searcher(tab)
    context.close()
    assert guard.outside == [] and guard.errors == []


@pytest.mark.parametrize("query", ["kiem diem", "kiểm điểm", "dang uy khoi", "Đảng ủy Khối", "le viet trieu",
                                   "Lê Việt Triều", "hoa", "hoà", "hòa", "nghiem tuc", "quan dang", "zzkhongco"])
def test_every_query_finds_exactly_the_bulletins_holding_its_words_folded(generated, query):
    _, texts, search = generated
    found = search.urls(query)
    assert len(found) == len(set(found))
    assert expected(texts, query, prefixes=False) <= set(found) <= expected(texts, query)
    assert bool(found) == (query != "zzkhongco")


def test_a_query_finds_the_same_bulletins_with_or_without_diacritics_and_in_nfd(generated):
    _, texts, search = generated
    for plain, marked in [("kiem diem", "kiểm điểm"), ("dang uy", "Đảng ủy"), ("le viet trieu", "Lê Việt Triều"),
                          ("hoa giai", "hoà giải")]:
        assert set(search.urls(plain)) == set(search.urls(marked)) == set(search.urls(marked.upper()))
        assert set(search.urls(unicodedata.normalize("NFD", marked))) == set(search.urls(marked))
    assert search.urls("nghiêm túc zznfd") == search.urls("nghiem tuc zznfd") == ["bulletins/nfd/"]


def test_dj_and_d_match_in_both_directions_and_highlight_the_word_as_written(generated):
    _, _, search = generated
    for query in ("dang uy khoi", "Đảng ủy Khối"):
        results = dict(search.search(query))
        assert "bulletins/dang-khong-dau/" in results  # written "Dang uy Khoi"
        written_with_dj = next(url for url in results if url.startswith("bulletins/b"))
        assert {"Đảng", "ủy", "Khối"} <= {word.strip(".,;:") for word in results[written_with_dj]}
        for marked in results.values():
            assert marked and all(fold(word).strip(".,;:()").startswith(("dang", "uy", "khoi")) for word in marked)


def test_old_and_new_tone_placement_rank_equal_and_exact_diacritics_come_first(generated):
    _, texts, search = generated
    for query in ("hoà giải", "hòa giải", "HOÀ GIẢI", "Đảng ủy Khối", "kiểm điểm"):
        found = search.urls(query)
        rank = {url: position for position, url in enumerate(found)}
        with_diacritics, loosely = exact(texts, query, prefixes=False), exact(texts, query)
        without = [rank[url] for url in found if url not in loosely]
        assert with_diacritics and max(rank[url] for url in with_diacritics) < min(without, default=len(found)), query
        assert expected(texts, query, prefixes=False) <= set(found) <= expected(texts, query)
    assert "bulletins/hoa-khong-dau/" in search.urls("hòa giải") and "bulletins/dang-khong-dau/" in search.urls("Đảng ủy")
    for query in ("hoà giải", "hòa giải", "HOÀ GIẢI"):
        assert search.urls(query)[:2] == ["bulletins/hoa-moi/", "bulletins/hoa-cu/"]  # equal: the newer first
    assert search.urls("hoa giai")[0] == "bulletins/hoa-khong-dau/"
    assert set(search.urls("hoa giai")) == set(search.urls("hoà giải"))


def test_bulletins_of_equal_relevance_come_newest_first(generated):
    _, _, search = generated
    assert search.urls("zzgiongnhau") == ["bulletins/giong-3/", "bulletins/giong-2/", "bulletins/giong-1/"]


def test_filters_narrow_by_unit_with_sub_units_year_and_participant(generated):
    site, texts, search = generated
    khoi = set(search.urls("", unit="dang-uy-khoi"))
    assert khoi == {url for url, text in texts.items() if any(UNITS[unit] in text for unit in ROLL_UP["dang-uy-khoi"])}
    assert set(search.urls("", unit="so-lao-dong")) < khoi
    assert set(search.urls("kiem diem", unit="dang-uy-khoi")) == set(search.urls("kiem diem")) & khoi
    year_2012 = search.urls("", year="2012")
    assert year_2012 and all('date: "2012-' in (site.content / f"{url[:-1]}.md").read_text("utf-8") for url in year_2012)
    triều = set(search.urls("", participant="le-viet-trieu"))
    assert triều == {url for url, text in texts.items() if "Lê Việt Triều" in text}
    assert set(search.urls("kiem diem", participant="le-viet-trieu", year="2012")) == \
        triều & set(year_2012) & set(search.urls("kiem diem"))


def test_drafts_and_future_bulletins_are_neither_found_nor_in_the_bundle(generated):
    site, _, search = generated
    assert search.urls("zzdraftsearch") == [] and search.urls("zzfuturesearch") == []
    bundle = b"".join(gzip.decompress(path.read_bytes()) if path.suffix.startswith(".pf") else path.read_bytes()
                      for path in (site.site / "pagefind").rglob("*") if path.is_file())
    assert b"zzdraftsearch" not in bundle and b"zzfuturesearch" not in bundle
    assert b"zzgiongnhau" in bundle  # the check can see published text


def test_previewing_indexes_only_published_bulletins(site_dir):
    site_dir.add("bulletins/a.md", title="Đã đăng zzpublished")
    site_dir.add("bulletins/b.md", title="Nháp zzdraftsearch", draft=True)
    site = site_dir.build(command="serve")
    assert "Nháp zzdraftsearch" in site_dir.page("bulletins/b/")  # the preview shows it
    texts = " ".join(fragment["content"] for fragment in fragments(site / "pagefind"))
    assert "zzpublished" in texts and "zzdraftsearch" not in texts


def test_a_dirty_build_drops_a_bulletin_made_a_draft_from_the_index(site_dir):
    site_dir.add("bulletins/a.md", title="Bản tin zzpublished")
    site_dir.add("bulletins/b.md", title="Bản tin zzlaterdraft")
    site_dir.build()
    site_dir.add("bulletins/b.md", title="Bản tin zzlaterdraft", draft=True)
    config = load_config(config_file=str(site_dir.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=True)
    build(config, dirty=True)
    texts = " ".join(fragment["content"] for fragment in fragments(site_dir.site / "pagefind"))
    assert "zzpublished" in texts and "zzlaterdraft" not in texts


def test_the_search_page_and_the_header_box_are_on_the_site_and_the_lunr_index_is_not(sample_site):  # noqa: F811
    page = (sample_site / "tim-kiem/index.html").read_text("utf-8")
    assert 'data-bundle="../pagefind/"' in page
    assert 'data-slug="le-viet-trieu"' in page and '<option value="dang-uy-khoi-co-quan-dan-chinh-dang">' in page
    home = (sample_site / "index.html").read_text("utf-8")
    assert 'action="tim-kiem/"' in home and 'name="q"' in home
    assert not (sample_site / "search/search_index.json").exists()
    assert (sample_site / "pagefind/pagefind.js").is_file()
    nav = home[home.index("md-tabs"):home.index("md-main")]
    assert "tim-kiem" not in nav  # the header box leads there; not a section of the nav
