"""Robustness run of the feed importer over real-world feeds (../shared/corpora/feeds).

Imports every file of feedparser's test suite (well-formed, ill-formed, encodings, entities, sanitiser
cases) and six real VnExpress captures into a scratch content folder, twice, with the same code path as
`bulletins import` (fetch, read_feed, FeedImporter). Prints counts. Fails (exit 1) on any traceback, on
a VnExpress item not imported by the first run, on anything imported by the second run, or on a
sanitiser payload in a written file.

Also sweeps every entry of every feed through the body conversion (even entries the import refuses,
e.g. for lack of a date), so all sanitiser cases reach nh3 and markdownify.

    .venv/bin/python bench/import_feeds.py [--corpora ../shared/corpora/feeds] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.drafts import plain_text, to_markdown  # noqa: E402
from generator.importer import FeedImporter, Outcome, SourceError, fetch, read_feed  # noqa: E402
from generator.registry import load_registries  # noqa: E402

UNIT = "thanh-uy-can-tho"
RISKY_TAGS = {"script", "style", "iframe", "frame", "frameset", "form", "input", "button", "textarea", "select",
              "svg", "math", "object", "embed", "applet", "img", "link", "meta", "base", "video", "audio", "source"}
SAFE_SCHEMES = {"http", "https", "mailto"}
RAW_PAYLOADS = ("<script", "<iframe", "<object", "<embed", "<form", "<style", "<svg", "<math", "<img", "<link",
                "<meta", "<base")


class Unsafe(HTMLParser):
    """Elements, attributes and URLs in rendered HTML that could run or load something."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in RISKY_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "data", "poster", "background", "xlink:href"):
                url = (value or "").strip()
                if urlsplit(url).scheme.lower() not in SAFE_SCHEMES and not url.startswith("#"):
                    self.found.append(f"{tag} {name}={url[:40]}")


def render(markdown_text: str) -> str:
    """The body as the site renders it (the Markdown extensions of mkdocs.yml)."""
    return markdown.markdown(markdown_text, extensions=["toc", "attr_list", "admonition"])


def feed_files(corpora: Path) -> list[tuple[str, Path]]:
    fixtures = corpora / "feedparser-fixtures"
    files = [("feedparser", path) for path in sorted(fixtures.rglob("*"))
             if path.is_file() and not path.name.startswith("LICENSE")]
    files += [("vnexpress", path) for path in sorted((corpora / "vnexpress-2017").glob("*"))]
    return files


def import_all(files, content: Path, counts: Counter, tracebacks: list[str]) -> dict[str, int]:
    """One pass of `bulletins import --unit UNIT` over every file; returns imported counts per group."""
    registries, _ = load_registries(content)
    importer = FeedImporter(content, registries, units=[registries.units.by_id[UNIT]])
    imported: Counter[str] = Counter()
    for group, path in files:
        try:
            parsed = read_feed(str(path), fetch(str(path)))
        except SourceError as error:
            counts[f"source refused: {_kind(str(error))}"] += 1
            continue
        except Exception:  # noqa: BLE001 - the point of this script is to count these
            tracebacks.append(f"{path}\n{traceback.format_exc()}")
            continue
        counts["feeds read"] += 1
        try:
            report = importer.run(str(path), parsed)
        except Exception:  # noqa: BLE001
            tracebacks.append(f"{path}\n{traceback.format_exc()}")
            continue
        counts["feeds with a warning (XML errors)"] += bool(report.warnings)
        counts[f"{group} entries"] += len(report.results)
        for result in report.results:
            rejected = result.outcome is Outcome.REJECTED
            counts[f"rejected: {_kind(result.reason)}" if rejected else result.outcome.value] += 1
            if result.outcome is Outcome.IMPORTED:
                imported[group] += 1
    return imported


def _kind(reason: str) -> str:
    """A reason without its particulars, to count alike ones together."""
    for known in ("is empty", "is an HTML page", "is not an RSS or Atom feed", "has no date",
                  "has neither a title nor any text", "no unit", "files already share"):
        if known in reason:
            return known
    return reason.split(":", 1)[-1].strip()[:60]


def sweep(files, counts: Counter) -> list[str]:
    """Every entry's HTML through the importer's conversion; payloads found in the rendered result."""
    found = []
    for _, path in files:
        try:
            parsed = read_feed(str(path), fetch(str(path)))
        except SourceError:
            continue
        for entry in parsed.entries:
            pieces = [content.get("value") or "" for content in entry.get("content") or [] if isinstance(content, dict)]
            pieces.append(entry.get("summary") or "")
            for piece in filter(None, pieces):
                counts["HTML pieces swept"] += 1
                counts["swept pieces holding <script, on…= or javascript:"] += any(
                    marker in piece.lower() for marker in ("<script", " on", "javascript:"))
                problems = Unsafe(render(to_markdown(piece, entry.get("link")))).found
                found += [f"{path.name}: {problem}" for problem in problems]
            for field in ("title", "author"):
                text = plain_text(entry.get(field) or "")
                if "<" in text and any(payload in text.lower() for payload in RAW_PAYLOADS):
                    found.append(f"{path.name}: {field} {text[:60]!r}")
    return found


def check_written(content: Path, counts: Counter) -> list[str]:
    """Payloads in written files: tags in the raw text, and anything unsafe once the body is rendered."""
    found = []
    for path in sorted((content / "bulletins").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        counts["files written"] += 1
        found += [f"{path.name}: raw {payload}" for payload in RAW_PAYLOADS if payload in text.lower()]
        body = text.split("\n---\n", 1)[1]
        found += [f"{path.name}: {problem}" for problem in Unsafe(render(body)).found]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora" / "feeds")
    parser.add_argument("--keep", action="store_true", help="keep the scratch content folder")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"{args.corpora}: not here; nothing to measure (the corpora are optional)")
        return 0
    files = feed_files(args.corpora)
    scratch = Path(tempfile.mkdtemp(prefix="import-feeds-"))
    content = scratch / "content"
    content.mkdir()
    for name in ("units.yml", "topics.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    tracebacks: list[str] = []
    first, second = Counter(), Counter()
    started = time.perf_counter()
    imported_first = import_all(files, content, first, tracebacks)
    first_time = time.perf_counter() - started
    started = time.perf_counter()
    imported_second = import_all(files, content, second, tracebacks)
    second_time = time.perf_counter() - started
    written = Counter()
    payloads = check_written(content, written)
    swept = Counter()
    payloads += sweep(files, swept)

    print(f"sources: {len(files)} ({sum(group == 'vnexpress' for group, _ in files)} VnExpress captures)")
    for title, counts, seconds in (("first run", first, first_time), ("second run", second, second_time)):
        print(f"\n{title} ({seconds:.1f} s)")
        for key, value in sorted(counts.items()):
            print(f"  {key}: {value}")
    print()
    for key, value in sorted((written + swept).items()):
        print(f"{key}: {value}")
    vnexpress = first["vnexpress entries"]
    print(f"VnExpress items: {vnexpress}, imported by the first run: {imported_first['vnexpress']}, "
          f"by the second: {imported_second['vnexpress']}")
    print(f"tracebacks: {len(tracebacks)}; sanitiser payloads found: {len(payloads)}")
    for line in tracebacks + payloads[:50]:
        print(line)
    if args.keep:
        print(f"scratch content folder kept: {content}")
    else:
        shutil.rmtree(scratch)
    ok = (not tracebacks and not payloads and vnexpress > 0 and imported_first["vnexpress"] == vnexpress
          and sum(imported_second.values()) == 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
