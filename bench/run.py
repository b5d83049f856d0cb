"""Build benchmark: our plugin against plain mkdocs-material on the same Markdown files.

For each size N it generates a site (bench/sitegen.py), then builds it R times each way and prints the
medians of wall time, CPU time, peak RSS, pages written and size of site/, with the ratios ours/plain.
Results are appended to bench/RESULTS.md with the date and the command.

    python bench/run.py [--sizes 1000 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitegen import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")

COMMON = """\
site_name: Bench
site_url: http://bantin.intranet/
docs_dir: content
"""
OURS = COMMON + f"""\
site_dir: site-ours
theme: {{name: material, custom_dir: {REPO / 'theme'}, language: vi, font: false}}
plugins: [bulletins]
"""
PLAIN = COMMON + """\
site_dir: site-plain
theme: {name: material, language: vi, font: false}
plugins: [search]
nav: [index.md]
"""


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    pages: int
    size_mb: float


def build(folder: Path, config: str, site: str) -> Run:
    """One `mkdocs build` in a child process, measured with wait4 (CPU and peak RSS of the process tree)."""
    start = time.perf_counter()
    child = subprocess.Popen([MKDOCS, "build", "-q", "-f", config], cwd=folder,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed in {folder} with {config}")
    files = [path for path in (folder / site).rglob("*") if path.is_file()]
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               sum(path.suffix == ".html" for path in files), sum(path.stat().st_size for path in files) / 2**20)


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(run, name) for run in runs) for name in Run.__dataclass_fields__))


def measure(size: int, runs: int) -> tuple[Run, Run]:
    folder = OUT / str(size)
    if not (folder / "content").exists():
        generate(folder, size)
    (folder / "ours.yml").write_text(OURS, encoding="utf-8")
    (folder / "plain.yml").write_text(PLAIN, encoding="utf-8")
    ours, plain = [], []
    for _ in range(runs):
        ours.append(build(folder, "ours.yml", "site-ours"))
        plain.append(build(folder, "plain.yml", "site-plain"))
    return median(ours), median(plain)


def table(size: int, ours: Run, plain: Run) -> str:
    rows = [("wall time (s)", "wall", "{:.1f}"), ("CPU time (s)", "cpu", "{:.1f}"),
            ("peak RSS (MB)", "rss_mb", "{:.0f}"), ("pages written", "pages", "{:.0f}"),
            ("size of site/ (MB)", "size_mb", "{:.0f}")]
    lines = [f"| {size:,} bulletins | ours | plain | ours/plain |", "|---|---|---|---|"]
    for label, name, form in rows:
        mine, theirs = getattr(ours, name), getattr(plain, name)
        lines.append(f"| {label} | {form.format(mine)} | {form.format(theirs)} | {mine / theirs:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = "VNTC corpus text" if (REPO.parent / "shared/corpora/vntc-20k.jsonl.gz").exists() else "generated text"
    report = [f"## Build, {date.today():%Y-%m-%d}",
              f"`python bench/run.py {shlex.join(sys.argv[1:])}` — medians of {args.runs} runs, {corpus}, "
              f"{os.cpu_count()} cores. Plain = mkdocs-material + its search plugin, nav = home page only."]
    results = {}
    for size in args.sizes:
        ours, plain = measure(size, args.runs)
        results[size] = ours
        report += ["", table(size, ours, plain)]
        print(report[-1], flush=True)
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        report += ["", f"Growth: the {large:,} build takes {results[large].wall / results[small].wall:.1f}x "
                       f"the {small:,} build (wall time)."]
    with (BENCH / "RESULTS.md").open("a", encoding="utf-8") as stream:
        stream.write("\n" + "\n".join(report) + "\n")
    print("\n".join(report))


if __name__ == "__main__":
    main()
