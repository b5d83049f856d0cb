"""The search index's edges that make mutation testing (``make mutate``) fail when they are wrong: what one run of
Pagefind is told and counts, where its pages are written, and the part limit a site gets by default."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import time
from datetime import datetime

import pytest

from generator import search
from generator.search import (
    PART_LIMIT_VARIABLE,
    SCRATCH_PREFIX,
    SearchRecord,
    pages_size_bound,
    search_filters,
    site_drafts,
    site_records,
    write_index,
)
from generator.vietnamese import VIETNAM
from test_campaigns import entry, nqtw4
from test_search import fragments, published_site
from test_search_parts import SAMPLE, Bundle


def record(url: str, title: str, text: str, filters: dict[str, list[str]] | None = None) -> SearchRecord:
    when = datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM)
    return SearchRecord(url, title.split(), text.split(), {"date": "12/11/2012 - 14:49"},
                        filters or {"year": ["2012"]}, {"date": str(int(when.timestamp()))})


RECORDS = [record("bulletins/a/", "Đảng ủy họp", "Chi bộ kiểm điểm cuối năm"),
           record("bulletins/b/", "Hội nghị", "Tự phê bình")]


def test_the_counts_are_of_pages_words_and_variants_and_the_seconds_pagefind_s_run(tmp_path):
    started = time.perf_counter()
    stats = write_index(RECORDS, tmp_path / "pagefind")
    elapsed = time.perf_counter() - started
    assert (stats.pages, stats.words, stats.variants) == (2, 3 + 6 + 2 + 3, 2)  # Dảng, diểm: written otherwise
    assert 0 < stats.seconds <= elapsed


def test_pages_that_pagefind_did_not_all_index_stop_the_build(tmp_path):
    """Two records of one address: the second page is written over the first, and Pagefind indexes one."""
    with pytest.raises(RuntimeError) as raised:
        write_index([RECORDS[0], record("bulletins/a/", "Trùng", "địa chỉ")], tmp_path / "pagefind")
    assert str(raised.value) == "Pagefind indexed 1 pages of 2"


def test_an_index_written_again_holds_only_the_new_pages(tmp_path):
    write_index(RECORDS, tmp_path / "pagefind")
    stale = tmp_path / "pagefind" / "stale.txt"
    stale.write_text("x", encoding="utf-8")
    assert write_index(RECORDS[1:], tmp_path / "pagefind").pages == 1
    assert not stale.exists()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_the_pages_are_written_in_a_folder_of_their_own_in_the_memory_folder(tmp_path, monkeypatch):
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "RAM_FOLDER", str(memory))
    seen: set[str] = set()

    def noting_the_memory_folder():
        for each in RECORDS:
            yield each
            seen.update(path.name for path in memory.iterdir())

    write_index(noting_the_memory_folder(), tmp_path / "pagefind", size_bound=1000)
    [folder] = seen
    assert folder.startswith(SCRATCH_PREFIX)
    assert not any(memory.iterdir())


def test_without_a_limit_set_a_small_site_is_one_part(tmp_path, monkeypatch):
    monkeypatch.delenv(PART_LIMIT_VARIABLE, raising=False)
    bundle = Bundle(tmp_path)
    assert bundle.update(SAMPLE).parts == 1
    assert [folder.split("-")[0] for folder in bundle.listed()] == ["all"]
    assert os.environ.get(PART_LIMIT_VARIABLE) is None


def test_without_pagefind_s_program_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "get_executable", lambda: None)  # pagefind installed without its binary
    with pytest.raises(RuntimeError) as raised:
        write_index(RECORDS, tmp_path / "pagefind")
    assert str(raised.value) == ("Pagefind's program is missing: install the project's dependencies "
                                 "(pagefind[bin])")


def test_pagefind_stopping_is_reported_with_its_exit_code_and_its_own_words(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(RuntimeError) as raised:
        write_index(RECORDS, tmp_path / "a-file" / "pagefind")  # it cannot make its output folder
    message = str(raised.value)
    assert message.startswith("Pagefind stopped with exit code 101: thread 'main'")  # 101: Rust's panic
    assert "Not a directory" in message and message == message.strip()


def test_a_page_is_indexed_at_its_record_s_address_as_written(tmp_path):
    write_index([record("bulletins/Họp chi bộ X/", "Họp", "chi bộ")], tmp_path / "pagefind")
    assert [fragment["url"] for fragment in fragments(tmp_path / "pagefind")] == ["/bulletins/Họp chi bộ X/"]


def test_the_bundle_made_stable_names_only_files_it_holds_as_pagefind_names_them(tmp_path, ascii_locale):
    """The search page loads the metadata the entry file names, then the files the metadata names."""
    bundle = tmp_path / "pagefind"
    write_index([*RECORDS, record("bulletins/c/", "Họp", "Đảng ủy", {"year": ["2013"], "unit": ["dang-uy-khoi"]})],
                bundle)
    text = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"include_characters":["_","‿",' in text and ", " not in text  # compact, as Pagefind writes it
    entry = json.loads(text)
    meta_name = entry["languages"]["vi"]["hash"]
    assert re.fullmatch(r"vi_[0-9a-f]{10}", meta_name)
    assert [path.name for path in bundle.glob("*.pf_meta")] == [f"pagefind.{meta_name}.pf_meta"]
    filters = [path.name for path in (bundle / "filter").iterdir()]
    assert len(filters) == 2 and all(re.fullmatch(r"vi_[0-9a-f]{7}\.pf_filter", name) for name in filters)
    held = {path.stem for folder in ("filter", "index", "fragment") for path in (bundle / folder).iterdir()}
    named = {name.decode() for name in re.findall(rb"vi_[0-9a-f]{7}(?![0-9a-f])",
                                                  gzip.decompress((bundle / f"pagefind.{meta_name}.pf_meta").read_bytes()))}
    assert {name[:-len(".pf_filter")] for name in filters} <= named <= held
    meta = search._read_pagefind_file(bundle / f"pagefind.{meta_name}.pf_meta")
    assert [name for name, _file in meta[3]] == ["unit", "year"] and [name for name, _order in meta[4]] == ["date"]


@pytest.mark.parametrize("data, problem", [
    (b"not pagefind", "{path} is not a file of Pagefind's"),
    (b"pagefind_dcd\x01\x02", "{path} holds more than one value"),
    (b"pagefind_dcd\xa0", "CBOR major type 5 is not in Pagefind's files"),  # a map
])
def test_a_file_that_is_not_pagefind_s_is_refused(tmp_path, data, problem):
    """What a Pagefind of another version than the pinned one would meet."""
    path = tmp_path / "pagefind.vi_0123456789.pf_meta"
    path.write_bytes(gzip.compress(data))
    with pytest.raises(ValueError) as raised:
        search._read_pagefind_file(path)
    assert str(raised.value) == problem.format(path=path)


def test_making_pagefind_s_files_stable_rewrites_them_in_pagefind_s_own_encoding(tmp_path):
    """Files whose values are in order already come out holding Pagefind's very bytes, but for the names of the
    files they point to: CBOR heads of every size Pagefind writes (word counts of 30, 300 and 70,000; a filter value
    longer than 23 bytes), arrays and texts as Pagefind encodes them."""
    unit = {"unit": ["dang-uy-khoi-co-quan-dan-chinh-dang"]}
    records = [record(f"bulletins/{count}/", "Họp", " ".join(f"từ{number % 50}" for number in range(count)), unit)
               for count in (30, 300, 70_000)]
    for each in records:
        page = tmp_path / "pages" / each.url / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(each.page(), encoding="utf-8")
    assert search._run_pagefind(str(tmp_path / "pages"), tmp_path / "pagefind") == 3
    shutil.copytree(tmp_path / "pagefind", tmp_path / "stable")
    search._make_stable(tmp_path / "stable")
    [(pagefind_filter, pagefind_meta), (stable_filter, stable_meta)] = [
        (next((tmp_path / bundle / "filter").iterdir()), next((tmp_path / bundle).glob("*.pf_meta")))
        for bundle in ("pagefind", "stable")]
    assert gunzipped(stable_filter) == gunzipped(pagefind_filter)
    assert gunzipped(stable_meta) == gunzipped(pagefind_meta).replace(pagefind_filter.stem.encode(),
                                                                      stable_filter.stem.encode())


def gunzipped(path) -> bytes:
    return gzip.decompress(path.read_bytes())


# RFC 8949, appendix A: each value and its shortest encoding.
CBOR = [(0, "00"), (23, "17"), (24, "1818"), (255, "18ff"), (256, "190100"), (1000, "1903e8"), (65535, "19ffff"),
        (65536, "1a00010000"), (1000000, "1a000f4240"), (2**32 - 1, "1affffffff"), (2**32, "1b0000000100000000"),
        (1000000000000, "1b000000e8d4a51000"), ("", "60"), ("IETF", "6449455446"), ("ü", "62c3bc"),
        ("a" * 24, "7818" + "61" * 24), ([], "80"), ([1, [2, 3], [4, 5]], "8301820203820405"),
        (list(range(1, 26)), "98190102030405060708090a0b0c0d0e0f101112131415161718181819")]


@pytest.mark.parametrize("value, encoded", CBOR)
def test_cbor_is_written_and_read_as_the_rfc_says(value, encoded):
    assert search._to_cbor(value).hex() == encoded
    assert search._from_cbor(bytes.fromhex("ff" + encoded), 1) == (value, 1 + len(encoded) // 2)


def test_the_campaign_filter_offers_the_latest_to_start_first_and_a_record_its_own(site_dir):
    site_dir.write("campaigns.yml", nqtw4() + entry(id="cuoi-nam-2012", name="Kiểm điểm cuối năm 2012",
                                                    unit="khoi-doanh-nghiep", start="2012-11-01",
                                                    deadline="2012-12-31"))
    site_dir.add("bulletins/a.md", topics=["nqtw4"])
    site = published_site(site_dir)
    assert [campaign.id for campaign in search_filters(site).campaigns] == ["cuoi-nam-2012", "kiem-diem-nqtw4-2012"]
    [draft] = site_drafts(site)
    assert draft.filters["campaign"] == ["kiem-diem-nqtw4-2012"]  # the one it counts for


def test_the_size_bound_holds_for_a_bulletin_of_names_and_no_text(site_dir):
    """The fixed part of the bound covers what does not grow with the Markdown: title, names, hidden fields."""
    site_dir.add("bulletins/a.md", title="Đảng ủy Khối " * 10, body="",
                 participants=[f"Đặng Đức Độ {number}, Phó Bí thư" for number in range(4)])
    site = published_site(site_dir)
    assert sum(len(each.page().encode()) for each in site_records(site)) <= pages_size_bound(site)


def test_a_record_lists_every_unit_topic_author_and_finding_and_nothing_for_what_is_missing(site_dir):
    site_dir.add("bulletins/a.md", unit=["so-lao-dong", "khoi-doanh-nghiep"], topics=["nqtw4", "kiem-diem"],
                 author=["Nguyễn Huy", "Lê Lan"], findings={"shortcomings": ["Kiểm tra chưa thường xuyên",
                                                                           "Sinh hoạt còn hình thức"]})
    [draft] = site_drafts(published_site(site_dir))
    assert draft.before == ""  # no summary
    assert draft.after == (  # no caption: an empty place
        "Hạn chế, khuyết điểm: Kiểm tra chưa thường xuyên; Sinh hoạt còn hình thức.  "
        "Đơn vị: Đảng ủy Sở Lao động - Thương binh và Xã hội; Đảng ủy Khối Doanh nghiệp. "
        "Chủ đề: Nghị quyết Trung ương 4 (khóa XI); Kiểm điểm, tự phê bình và phê bình. "
        "Tác giả: Nguyễn Huy, Lê Lan.")
    assert draft.meta["unit"] == "Đảng ủy Sở Lao động - Thương binh và Xã hội; Đảng ủy Khối Doanh nghiệp"
