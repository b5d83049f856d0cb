"""Search benchmark: the index in parts, its build time and size, and the bytes a browser fetches per query.

For each size N it generates a site (bench/sitegen.py: VNTC text when ../shared/corpora is there), builds
it with `mkdocs build` and the plugin (the index is written alongside the pages), then
- writes the index again from nothing, timed, with the peak memory of the largest Pagefind run;
- edits one bulletin and updates a hard-linked copy of the index, as a republish does, timed;
- indexes the newest part's records with and without the search-form variants of words with đ or an
  old-style tone (the cost of the đ workaround);
- serves site/ on 127.0.0.1 and, in headless Chromium, opens tim-kiem/?q=... on a cold page (fresh
  context, empty cache) for each of 20 fixed queries, then types the next query on the same page, then presses
  "Tìm cả các bản tin cũ hơn" when the page offers it, counting the bytes of every response (Python's server does
  not compress; Pagefind's files are gzip) and the parts each step fetched files of (a first query searches the
  newest parts first: theme/assets/javascripts/search.js, newestFirstSearch).
Prints a Markdown section for bench/RESULTS.md. BULLETINS_SEARCH_PART_LIMIT, BULLETINS_SEARCH_FIRST_BATCH and
PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE in the environment set the part limit, the first batch and the chunk size.

With --queries-only it measures the queries alone: the content is made once per size (kept in the work folder by
sitegen.ensure), the index is brought up to date with the indexer's own update_bundle (parts already there are
kept), and the search page and its assets come from a build of a small site of the same registries (SHELL
bulletins): Pagefind's bytes are the size's, the page's own (its HTML, the sitemap) the small site's.

    python bench/search.py [--sizes 1000 10000] [--keep] [--queries-only]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from generator.content import pack
from generator.indexer import PARTS_FILE, first_batch, update_bundle
from generator.search import (
    CHUNK_SIZE,
    CHUNK_SIZE_VARIABLE,
    SearchRecord,
    indexing_version,
    part_limit,
    partition,
    site_drafts,
    write_index,
)
from generator.site import load_site
from generator.vietnamese import VIETNAM
from sitegen import CORPUS, ensure, generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ["kiem diem", "kiểm điểm", "dang uy khoi", "Đảng ủy", "chi bo", "hội nghị", "nghi quyet trung uong",
           "bong da", "giáo dục", "y te", "thanh pho ho chi minh", "Hà Nội", "cong an", "kinh tế", "xuat khau",
           "học sinh", "bệnh viện", "nguyen van", "hoà bình", "chuyển đổi số"]
CONFIG = f"""\
site_name: Bench
site_url: http://bantin.intranet/
docs_dir: content
site_dir: site
theme: {{name: material, custom_dir: {REPO / 'theme'}, language: vi, font: false}}
plugins: [bulletins]
"""
SETTLED = "/^(Tìm thấy|Không tìm thấy)/.test(document.querySelector('.search-status').textContent.trim())"
OLDER_SHOWN = "!document.querySelector('.search-older').hidden"
SHELL = 300  # bulletins of the site whose search page --queries-only serves


class Unvaried(SearchRecord):
    """A record without the search-form variants: the index Pagefind alone would make."""

    title_variants = text_variants = property(lambda self: [])


def folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def timed_index(records: list[SearchRecord], bundle: Path) -> tuple[float, int]:
    start = time.perf_counter()
    write_index(records, bundle)
    return time.perf_counter() - start, folder_size(bundle)


def timed_update(drafts: list, bundle: Path, scratch: Path) -> dict:
    """Update the bundle in ``bundle`` (the largest Pagefind run's memory is the peak of this process's children:
    run it before any other child)."""
    start = time.perf_counter()
    stats = update_bundle(drafts, str(scratch), bundle)
    return {"seconds": time.perf_counter() - start, "parts": stats.parts, "kept": stats.kept, "pages": stats.pages,
            "words": stats.words, "variants": stats.variants,
            "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}


def republished(drafts: list, bundle: Path, work: Path) -> dict:
    """One bulletin edited, the index updated in a hard-linked copy of ``bundle``, as ``bulletins publish`` does."""
    copy = work / "republish" / "pagefind"
    shutil.copytree(bundle, copy, copy_function=os.link)
    text = zlib.decompress(drafts[0].packed).decode()  # the body ends the bulletin's file
    edited = dataclasses.replace(drafts[0], packed=pack(f"{text}\n\nĐính chính: bản tin được sửa."))
    return timed_update([edited, *drafts[1:]], copy, work / "scratch")


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


KINDS = {"pagefind": "Pagefind, all", "code": "pagefind.js, wasm, parts.json, entries",
         "meta": "pf_meta (pages, chunks, sort)", "index": "word index chunks",
         "fragment": "result fragments", "sitemap": "sitemap.xml"}


def kind_of(url: str) -> str:
    if "/pagefind/" not in url:
        return "sitemap" if url.endswith("sitemap.xml") else "page"
    for kind in ("meta", "index", "fragment"):
        if f".pf_{kind}" in url:
            return kind
    return "code"


def transferred(requests: list) -> list[tuple[str, int]]:
    return [(request.url, sum(request.sizes()[key] for key in ("responseBodySize", "responseHeadersSize")))
            for request in requests]


def folders_of(urls: list[str]) -> set[str]:
    """The index parts' folders (not the loader's) of which ``urls`` fetched a file."""
    found = {url.split("/pagefind/", 1)[1].split("/", 1)[0] for url in urls if "/pagefind/" in url}
    return {folder for folder in found if "." not in folder and not folder.startswith("loader-")}


def batch_parts(parts: list[dict], pages: int) -> int:
    """How many of the newest parts a first query searches first: those holding together at most ``pages``."""
    count, total = 1, parts[0]["pages"]
    while count < len(parts) and total + parts[count]["pages"] <= pages:
        total += parts[count]["pages"]
        count += 1
    return count


def query_bytes(site: Path) -> list[dict]:
    """Per query: bytes of the cold page and first query (all, and Pagefind's) and the parts it searched, then of a
    second query, then of the button that searches the older parts (after the second query, when offered)."""
    from playwright.sync_api import sync_playwright

    listing = json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    first = batch_parts(listing["parts"], listing["first_batch"])
    rows = []
    with sync_playwright() as playwright, serve(site) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for number, query in enumerate(QUERIES):
            following = QUERIES[(number + 1) % len(QUERIES)]
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            finished: list = []
            page.on("requestfinished", lambda request, finished=finished: finished.append(request))
            start = time.perf_counter()
            page.goto(f"{base}tim-kiem/?q={quote(query)}")
            page.wait_for_function(f"() => {SETTLED}")
            first_ms = (time.perf_counter() - start) * 1000
            page.wait_for_load_state("networkidle")
            cold = transferred(finished)
            seen = len(finished)
            found = page.locator(".search-status").inner_text()
            offered = page.evaluate(f"() => {OLDER_SHOWN}")
            start = time.perf_counter()
            page.fill("#search-query", following)
            page.wait_for_function(f"() => {SETTLED} && document.querySelector('.search-status').textContent"
                                   f".includes({following!r})")
            second_ms = (time.perf_counter() - start) * 1000
            page.wait_for_load_state("networkidle")
            second = transferred(finished[seen:])
            seen = len(finished)
            older = None
            if page.evaluate(f"() => {OLDER_SHOWN}"):
                page.get_by_role("button", name="Tìm cả các bản tin cũ hơn").click()
                page.wait_for_function(f"() => {SETTLED} && !/ từ \\d/.test("
                                       "document.querySelector('.search-status').textContent)")
                page.wait_for_load_state("networkidle")
                older = sum(size for _, size in transferred(finished[seen:]))
            by_kind: Counter[str] = Counter()
            for url, size in cold:
                by_kind[kind_of(url)] += size
                by_kind["pagefind"] += size if "/pagefind/" in url else 0
            rows.append({
                "query": query, "results": int((re.findall(r"Tìm thấy (\d+)", found) or ["0"])[0]),
                "page": sum(size for _, size in cold), "second": sum(size for _, size in second),
                "searched": len(folders_of([url for url, _ in cold])), "first_batch": first,
                "parts_in_all": len(listing["parts"]), "offered": offered, "older": older,
                "covered": (re.findall(r" từ (\d\d/\d\d/\d{4})", found) or [""])[0],
                "first_ms": first_ms, "second_ms": second_ms, **{kind: by_kind[kind] for kind in KINDS},
            })
            context.close()
        browser.close()
    return rows


def bench(size: int, work: Path) -> dict:
    folder = work / f"search-{size}"
    content = generate(folder, size)
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    start = time.perf_counter()
    build = subprocess.run([MKDOCS, "build"], cwd=folder, capture_output=True, text=True, check=True,
                           env={**os.environ, "BULLETINS_LANG": "en"})  # the log line read below, in English
    build_seconds = time.perf_counter() - start
    indexed = re.search(r"search: (\d+) parts, .*? in ([\d.]+) s.*waited ([\d.]+) s", build.stderr)
    bundle = folder / "site" / "pagefind"
    drafts = list(site_drafts(load_site(content, datetime.now(VIETNAM))))
    (folder / "scratch").mkdir()
    alone = timed_update(drafts, folder / "alone" / "pagefind", folder / "scratch")
    again = republished(drafts, bundle, folder)
    listing = json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8"))
    newest = [draft.record() for draft in partition(drafts, part_limit(), indexing_version())[0].drafts]
    index_seconds, index_bytes = timed_index(newest, folder / "varied" / "pagefind")
    plain_seconds, plain_bytes = timed_index([Unvaried(**{f.name: getattr(record, f.name) for f in fields(record)})
                                              for record in newest], folder / "plain" / "pagefind")
    rows = query_bytes(folder / "site")
    return {
        "size": size, "published": len(drafts), "build": build_seconds, "parts": int(indexed.group(1)),
        "in_build": float(indexed.group(2)), "waited": float(indexed.group(3)), "alone": alone, "again": again,
        "part_pages": [part["pages"] for part in listing["parts"]], "bundle": folder_size(bundle),
        "newest": len(newest), "index_seconds": index_seconds, "index_bytes": index_bytes,
        "plain_seconds": plain_seconds, "plain_bytes": plain_bytes, "rows": rows,
        "search_page": (folder / "site" / "tim-kiem" / "index.html").stat().st_size,
    }


def shell_site(work: Path) -> Path:
    """A built site of SHELL bulletins (sitegen's registries are the same at every size), for its search page."""
    folder = work / "shell"
    if not (folder / "site" / "tim-kiem" / "index.html").is_file():
        generate(folder, SHELL)
        (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        subprocess.run([MKDOCS, "build"], cwd=folder, capture_output=True, text=True, check=True)
    return folder / "site"


def queries_only(size: int, work: Path) -> dict:
    """The queries at ``size`` without the build: the content as bench/run.py keeps it (bench/out/SIZE), the index
    made or brought up to date by the indexer's update_bundle, the search page of the shell site."""
    folder = work / f"search-{size}"
    content = ensure(BENCH / "out" / str(size), size)
    drafts = list(site_drafts(load_site(content, datetime.now(VIETNAM))))
    site = folder / "site"
    shell = shell_site(work)
    for path in [*site.iterdir()] if site.is_dir() else []:
        if path.name != "pagefind":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(shell, site, ignore=lambda where, names: ["pagefind"] if Path(where) == shell else [],
                    dirs_exist_ok=True)
    (folder / "scratch").mkdir(parents=True, exist_ok=True)
    alone = timed_update(drafts, site / "pagefind", folder / "scratch")
    listing = json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    del drafts
    rows = [{key: value for key, value in row.items() if key not in ("page", "sitemap")}  # the shell's, not the size's
            for row in query_bytes(site)]
    return {"size": size, "published": sum(part["pages"] for part in listing["parts"]), "parts": alone["parts"],
            "part_pages": [part["pages"] for part in listing["parts"]], "bundle": folder_size(site / "pagefind"),
            "rows": rows}


def olders(result: dict) -> list[int]:
    return [x["older"] for x in result["rows"] if x["older"] is not None]


def kb(count: float) -> str:
    return f"{count / 1024:,.0f} KB"


def mb(count: float) -> str:
    return f"{count / 1024 / 1024:,.1f} MB"


def report(results: list[dict], command: str) -> str:
    text = "VNTC news articles" if CORPUS.exists() else "generated sentences"
    lines = [
        "## Search", "",
        f"{date.today()}, `{command}` (bulletins from bench/sitegen.py, text from {text}; 2 cores; "
        f"Pagefind 1.5.2, part limit {part_limit():,}, first batch {first_batch():,} pages, index chunk size "
        f"{os.environ.get(CHUNK_SIZE_VARIABLE, CHUNK_SIZE)}; headless Debian Chromium against Python's http.server, "
        "which does not compress).", "",
        "| | " + " | ".join(f"{r['size']:,} bulletins" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]

    def row(label: str, value) -> None:
        def shown(result: dict) -> str:
            try:
                return value(result)
            except KeyError:  # not measured with --queries-only
                return "–"

        lines.append(f"| {label} | " + " | ".join(shown(r) for r in results) + " |")

    row("published (indexed) bulletins", lambda r: f"{r['published']:,}")
    row("parts (bulletins in the smallest / largest)",
        lambda r: f"{r['parts']} ({min(r['part_pages']):,} / {max(r['part_pages']):,})")
    row("`mkdocs build`, whole site", lambda r: f"{r['build']:.1f} s")
    row("indexing inside that build (its own process, alongside the pages)", lambda r: f"{r['in_build']:.1f} s")
    row("of which the build waited for after its last page", lambda r: f"{r['waited']:.1f} s")
    row("index written alone from nothing (drafts → parts)", lambda r: f"{r['alone']['seconds']:.1f} s")
    row("… peak memory of the largest Pagefind run", lambda r: mb(r["alone"]["peak"]))
    row("one bulletin edited: index updated in a hard-linked copy",
        lambda r: f"{r['again']['seconds']:.1f} s ({r['again']['parts'] - r['again']['kept']} part, "
                  f"{r['again']['pages']:,} bulletins indexed again)")
    row("index on disk, site/pagefind/ (loader's JS and wasm included)", lambda r: mb(r["bundle"]))
    row("words indexed a second time in search form (đ → d, tone moved)",
        lambda r: f"{r['alone']['variants']:,} of {r['alone']['words']:,} "
                  f"({r['alone']['variants'] / r['alone']['words']:.1%})")
    row("newest part indexed alone, with those variants / without (Pagefind alone)",
        lambda r: f"{r['newest']:,} bulletins: {mb(r['index_bytes'])}, {r['index_seconds']:.1f} s / "
                  f"{mb(r['plain_bytes'])}, {r['plain_seconds']:.1f} s")
    row("cost of the đ/tone workaround in index size", lambda r: f"+{r['index_bytes'] / r['plain_bytes'] - 1:.1%}")
    row("search page HTML (filter lists included)", lambda r: kb(r["search_page"]))
    def spread(key: str):
        return lambda r: f"{kb(statistics.median(x[key] for x in r['rows']))} / {kb(max(x[key] for x in r['rows']))}"

    row("first query on a cold page, everything fetched: median / max of 20", spread("page"))
    for kind, label in KINDS.items():
        row(f"… {label}", spread(kind))
    row("parts searched by the first query (the first batch's / all): median / max",
        lambda r: f"{statistics.median(x['searched'] for x in r['rows']):.0f} / {max(x['searched'] for x in r['rows'])}"
                  f" ({r['rows'][0]['first_batch']} / {r['rows'][0]['parts_in_all']})")
    row("queries that went on to older parts by themselves (under 10 results, or a word the batch lacks)",
        lambda r: f"{sum(x['searched'] > x['first_batch'] for x in r['rows'])} of {len(r['rows'])}")
    row("queries whose first answer offers the older bulletins (the button)",
        lambda r: f"{sum(x['offered'] for x in r['rows'])} of {len(r['rows'])}")
    row("second query on the same page", spread("second"))
    row("then the button, every older part: median / max (of the queries offering it)",
        lambda r: f"{kb(statistics.median(olders(r)))} / {kb(max(olders(r)))}" if olders(r) else "–")
    row("time to results, first / second query (median)",
        lambda r: f"{statistics.median(x['first_ms'] for x in r['rows']):.0f} / "
                  f"{statistics.median(x['second_ms'] for x in r['rows']):.0f} ms")
    for result in results:
        lines += ["", f"Per query at {result['size']:,} (results of the first query and the days they cover; parts it "
                  "searched; Pagefind bytes cold; second query's bytes; the button's after it):", "",
                  "| query | results | from | parts | cold (Pagefind) | second | button |",
                  "|---|---:|---|---:|---:|---:|---:|"]
        lines += [f"| {x['query']} | {x['results']:,} | {x['covered'] or 'all'} | {x['searched']} "
                  f"| {kb(x['pagefind'])} | {kb(x['second'])} | {kb(x['older']) if x['older'] is not None else '–'} |"
                  for x in result["rows"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", action="store_true", help="keep the sites in bench/out/ instead of a temp dir")
    parser.add_argument("--queries-only", action="store_true",
                        help="no build and no index timings: the index from bench/out/SIZE's content, the queries")
    args = parser.parse_args()
    work = BENCH / "out" if args.keep else Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        results = []
        for size in args.sizes:
            results.append(queries_only(size, work) if args.queries_only else bench(size, work))
            print(f"{size}: done", file=sys.stderr, flush=True)
        print(report(results, "python bench/search.py " + " ".join(sys.argv[1:])))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
