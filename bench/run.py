"""Build benchmark: our plugin against plain mkdocs-material with its search (nav = home page), side by side.

For each size it generates a site (bench/sitegen.py), then builds it R times each way, alternating, and prints
the medians of wall time, CPU time, the peak RSS of the largest single process, pages written and size of the
site, with the ratios ours/plain; then it runs bench/republish.py at 10,000. Figures are appended to
bench/RESULTS.md with the date, the command and the commit.

    python bench/run.py [--sizes 1000 10000 100000] [--runs R] [--republish-only] [--republish-size N]
                        [--stop-above MB]

Peak RSS is what wait4 reports for the build: the largest resident set of the build's process and of every
descendant it waited for (the indexing process, Pagefind's), not their sum. The tree is also read from /proc
every second, which names the process that peaked (MkDocs, the indexer, Pagefind) and stops a build whose
processes together hold more than --stop-above MB, before the kernel's OOM killer picks a process of another
user of the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sitegen import CORPUS, ensure

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
BIN = Path(sys.executable).parent
MKDOCS = str(BIN / "mkdocs")
SIZES = (1000, 10000, 100000)
REPUBLISH_SIZE = 10000
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# What a build runs: an uncommitted change here marks the commit of a figure with a `+`.
BUILD_SOURCES = ("generator", "theme", "pyproject.toml", "bench/run.py", "bench/republish.py", "bench/sitegen.py")

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
class Usage:
    """One command's cost: wall and CPU seconds of its process tree, the largest process' peak RSS by wait4,
    each kind of process' peak as read from /proc, and why it was stopped, if it was."""

    wall: float
    cpu: float
    rss_mb: float
    sampled_mb: dict[str, float] = field(default_factory=dict)
    stopped: str = ""


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    pages: int
    size_mb: float


class TreeSampler(threading.Thread):
    """Every second, the peak RSS (VmHWM) of each process under ``root``, by kind (``kind_of``); stops the tree
    when its processes together hold more than ``limit_mb``."""

    def __init__(self, root: int, limit_mb: float | None):
        super().__init__(daemon=True)
        self.root, self.limit_mb = root, limit_mb
        self.peaks: dict[str, float] = {}
        self.stopped = ""
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            held = 0.0
            for pid in descendants(self.root):
                kind = kind_of(pid)
                peak, resident = memory_mb(pid)
                if kind and peak:
                    self.peaks[kind] = max(self.peaks.get(kind, 0.0), peak)
                    held += resident
            if self.limit_mb and held > self.limit_mb and not self.stopped:
                self.stopped = f"stopped at {held:,.0f} MB held by the build's processes"
                os.killpg(self.root, signal.SIGKILL)


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from /proc's parent links."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """The process' peak and current resident set (VmHWM, VmRSS) in MB; zero once it has gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0, 0.0
    fields = dict(line.split(":", 1) for line in lines if line.startswith(("VmHWM", "VmRSS")))
    return tuple(int(fields.get(name, "0 kB").split()[0]) / 1024 for name in ("VmHWM", "VmRSS"))


def kind_of(pid: int) -> str:
    """The process' program (``mkdocs``, ``generator.indexer``, ``pagefind``…); empty once it has gone."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return ""
    if len(words) > 2 and words[1] == "-m":
        return words[2]
    if len(words) > 1 and Path(words[0]).name.startswith("python"):
        return Path(words[1]).name
    return Path(words[0]).name.split("_")[0]  # pagefind_extended_x86_64… → pagefind


def measured(command: list[str], cwd: Path, limit_mb: float | None = None) -> Usage:
    """Run ``command`` in a process group of its own and measure it (wait4, and /proc every second)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=QUIET, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
    sampler = TreeSampler(child.pid, limit_mb)
    sampler.start()
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if status != 0 and not sampler.stopped:
        raise SystemExit(f"{shlex.join(command)} failed in {cwd}:\n{errors.decode('utf-8', 'replace')[-3000:]}")
    return Usage(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peaks, sampler.stopped)


def site_stats(site: Path) -> tuple[int, float]:
    """Pages (HTML files) and MB of a built site."""
    files = [path for path in site.rglob("*") if path.is_file()]
    return sum(path.suffix == ".html" for path in files), sum(path.stat().st_size for path in files) / 2**20


def prepare(size: int) -> Path:
    """The generated site of ``size`` bulletins with both configurations, made if needed."""
    folder = OUT / str(size)
    ensure(folder, size)
    (folder / "ours.yml").write_text(OURS, encoding="utf-8")
    (folder / "plain.yml").write_text(PLAIN, encoding="utf-8")
    return folder


def build(folder: Path, config: str, site: str, limit_mb: float | None) -> tuple[Run, Usage]:
    """One `mkdocs build`; a build stopped for its memory counts no pages."""
    usage = measured([MKDOCS, "build", "-q", "-f", config], folder, limit_mb)
    pages, size = (0, 0.0) if usage.stopped else site_stats(folder / site)
    return Run(usage.wall, usage.cpu, usage.rss_mb, pages, size), usage


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(run, name) for run in runs) for name in Run.__dataclass_fields__))


def commit() -> str:
    """The short commit, with a `+` when what a build runs has uncommitted changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    changed = subprocess.run(["git", "status", "--porcelain", "--", *BUILD_SOURCES], cwd=REPO,
                             capture_output=True, text=True)
    return head.stdout.strip() + ("+" if changed.stdout.strip() else "")


def sources() -> str:
    """A digest of what a build runs, as it is on disk: whether it changed while figures were taken."""
    digest = hashlib.sha256()
    for source in BUILD_SOURCES:
        for path in sorted((REPO / source).rglob("*") if (REPO / source).is_dir() else [REPO / source]):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def changed_note(before: str) -> list[str]:
    """A warning to record when the program changed on disk since ``before`` (``sources``)."""
    if sources() == before:
        return []
    return ["", "**The program changed on disk during this run** (generator/, theme/ or the bench scripts): "
                "each command ran the code of its start, so the rows may mix versions."]


def heading(title: str, script: str, what: str) -> list[str]:
    """A RESULTS.md section's first lines: what, when, the command, the commit, the machine's load."""
    now = datetime.now(UTC)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    text = "VNTC corpus text" if CORPUS.exists() else "generated text"
    return [f"## {title}, {now:%Y-%m-%d %H:%M} UTC (commit {commit()})",
            f"`python bench/{script} {shlex.join(sys.argv[1:])}` — {what}, {text}, {os.cpu_count()} cores, "
            f"load average at the start {load}."]


def record(lines: list[str], print_only: bool) -> None:
    """Append a section to RESULTS.md, unless ``print_only``."""
    if print_only:
        return
    with (BENCH / "RESULTS.md").open("a", encoding="utf-8") as stream:
        stream.write("\n" + "\n".join(lines) + "\n")


def table(size: int, runs: int, ours: Run, plain: Run) -> str:
    rows = [("wall time (s)", "wall", "{:.1f}"), ("CPU time (s)", "cpu", "{:.1f}"),
            ("peak RSS, largest process (MB)", "rss_mb", "{:.0f}"), ("pages written", "pages", "{:.0f}"),
            ("size of the site (MB)", "size_mb", "{:.0f}")]
    median_of = f"median of {runs} runs" if runs > 1 else "one run"
    lines = [f"| {size:,} bulletins, {median_of} | ours | plain | ours/plain |", "|---|---|---|---|"]
    for label, name, form in rows:
        mine, theirs = getattr(ours, name), getattr(plain, name)
        ratio = f"{mine / theirs:.2f}" if theirs else "–"
        lines.append(f"| {label} | {form.format(mine)} | {form.format(theirs)} | {ratio} |")
    return "\n".join(lines)


def peaks(usages: list[Usage]) -> str:
    """Each kind of process' highest peak over the runs as sampled, a process wait4 did not count (one its
    parent did not wait for peaked higher than wait4 says), and any run stopped for its memory."""
    kinds = sorted({kind for usage in usages for kind in usage.sampled_mb})
    said = ", ".join(f"{kind} {max(usage.sampled_mb.get(kind, 0) for usage in usages):,.0f} MB" for kind in kinds)
    uncounted = [usage for usage in usages if max(usage.sampled_mb.values(), default=0) > usage.rss_mb + 1]
    warnings = [usage.stopped for usage in usages if usage.stopped]
    if uncounted:
        warnings.append(f"{len(uncounted)} run(s) had a process above wait4's peak: it was not waited for")
    return "; ".join([f"sampled peaks: {said}", *warnings])


def measure(size: int, runs: int, limit_mb: float | None) -> list[str]:
    """The table of one size, and the sampled peaks of each side."""
    folder = prepare(size)
    results: dict[str, list[tuple[Run, Usage]]] = {"ours": [], "plain": []}
    for _ in range(runs):
        results["ours"].append(build(folder, "ours.yml", "site-ours", limit_mb))
        results["plain"].append(build(folder, "plain.yml", "site-plain", limit_mb))
    ours, plain = (median([run for run, _ in results[side]]) for side in ("ours", "plain"))
    notes = [f"{side}: {peaks([usage for _, usage in results[side]])}" for side in ("ours", "plain")]
    return ["", table(size, runs, ours, plain), "", ". ".join(notes) + "."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, help="runs of each build (default 3, and 1 at 100,000 and above)")
    parser.add_argument("--republish-only", action="store_true", help="measure the republish alone")
    parser.add_argument("--republish-size", type=int, default=REPUBLISH_SIZE, help="0: no republish")
    parser.add_argument("--print-only", action="store_true", help="print the figures, leave RESULTS.md alone")
    parser.add_argument("--stop-above", type=float, metavar="MB", default=0.75 * total_memory_mb(),
                        help="stop a build whose processes hold more (default three quarters of the memory)")
    args = parser.parse_args()
    if not args.republish_only:
        started = sources()
        report = heading("Build", "run.py", "plain = mkdocs-material + its search plugin, nav = home page only")
        print("\n".join(report), flush=True)
        for size in args.sizes:
            report += measure(size, args.runs or (1 if size >= 100000 else 3), args.stop_above)
            print("\n".join(report[-4:]), flush=True)
        note = changed_note(started)
        if note:
            print("\n".join(note))
        record(report + note, args.print_only)
    if args.republish_only or args.republish_size:
        republish = [sys.executable, str(BENCH / "republish.py"), "--size", str(args.republish_size),
                     "--stop-above", f"{args.stop_above:.0f}"]
        subprocess.run(republish + ["--print-only"] * args.print_only, check=True)


def total_memory_mb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20


if __name__ == "__main__":
    main()
