"""Editor loop: with `mkdocs serve --dirty` running on a generated site, how long from saving a bulletin
(edits, then new bulletins) until its page and every listing showing it serve the new version.

    python bench/serve.py [--size 10000] [--edits 5]

The edited and added files are restored and removed at the end.

Needs the site that bench/run.py generates (bench/out/<size>); appends its figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

from run import MKDOCS, OURS, OUT
from sitegen import generate

BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(urls: list[str], marker: str, limit: float) -> float:
    """Seconds until every URL serves a page containing ``marker``."""
    start = time.perf_counter()
    pending = list(urls)
    while pending and time.perf_counter() - start < limit:
        pending = [url for url in pending if marker not in fetch(url)]
        time.sleep(0.05)
    if pending:
        raise SystemExit(f"still stale after {limit:.0f} s: {pending}")
    return time.perf_counter() - start


def pages_showing(base: str, front: dict[str, str], url: str) -> list[str]:
    """The bulletin's page and the first page of every listing that shows a bulletin this new."""
    unit = re.search(r'^unit: \["([^"]+)"', front["text"], re.MULTILINE).group(1)
    topic = re.search(r'^topics: \["([^"]+)"', front["text"], re.MULTILINE).group(1)
    year = front["year"]
    return [base + url, base, f"{base}don-vi/{unit}/", f"{base}chu-de/{topic}/", f"{base}luu-tru/{year}/",
            f"{base}feed.xml", f"{base}don-vi/{unit}/feed.xml"]


def save(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    folder = OUT / str(args.size)
    if not (folder / "content").exists():
        generate(folder, args.size)
    (folder / "ours.yml").write_text(OURS, encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([MKDOCS, "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", "ours.yml"],
                              cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    newest = max((folder / "content/bulletins").rglob("*.md"), key=lambda path: path.parent.as_posix())
    original = newest.read_text(encoding="utf-8")
    added = [newest.with_name(f"bai-moi-{number}.md") for number in range(args.edits)]
    try:
        start = time.perf_counter()
        wait_for([base], "</html>", 1200)
        first = time.perf_counter() - start
        edits, adds = [], []
        url = newest.relative_to(folder / "content").with_suffix("").as_posix() + "/"
        now = datetime.now() - timedelta(hours=1)
        year = f"{now:%Y}"
        for number in range(args.edits):
            time.sleep(2)  # let the watcher settle
            # An edit: the newest bulletin gets a new title and today's date, so it shows on the home page too.
            marker = f"Sửa {number} {int(time.time())}"
            edited = re.sub(r'^title: "(.*)"$', rf'title: "{marker} \1"', original, count=1, flags=re.MULTILINE)
            edited = re.sub(r'^date: .*$', f'date: "{now:%Y-%m-%d %H:%M}"', edited, count=1, flags=re.MULTILINE)
            edited = edited.replace("draft: true", "draft: false")
            save(newest, edited)
            edits.append(wait_for(pages_showing(base, {"text": edited, "year": year}, url), marker, 120))
        for number in range(args.edits):
            time.sleep(2)
            # A new bulletin, dated now.
            new_marker = f"Bản tin mới {number} {int(time.time())}"
            new_text = re.sub(r'^title: "(.*)"$', f'title: "{new_marker}"', edited, count=1, flags=re.MULTILINE)
            save(added[number], new_text)
            new_url = url.replace(newest.stem, added[number].stem)
            adds.append(wait_for(pages_showing(base, {"text": new_text, "year": year}, new_url), new_marker, 120))
    finally:
        server.terminate()
        server.wait()
        save(newest, original)
        for path in added:
            path.unlink(missing_ok=True)
    lines = [f"## Editor loop, {date.today():%Y-%m-%d}",
             f"`python bench/serve.py --size {args.size}` — `mkdocs serve --dirty`, {os.cpu_count()} cores; "
             "seconds from saving the file until the bulletin's page, the home page, its unit, topic and year "
             "pages and two feeds all serve the new version.", "",
             "| | seconds |", "|---|---|",
             f"| first build (serve start) | {first:.1f} |",
             f"| edit one bulletin, median of {len(edits)} (min–max) | {statistics.median(edits):.1f} "
             f"({min(edits):.1f}–{max(edits):.1f}) |",
             f"| add a bulletin, median of {len(adds)} (min–max) | {statistics.median(adds):.1f} "
             f"({min(adds):.1f}–{max(adds):.1f}) |"]
    with (BENCH / "RESULTS.md").open("a", encoding="utf-8") as stream:
        stream.write("\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
