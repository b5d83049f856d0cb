"""Republish benchmark: after one change to a generated site of N bulletins, how long `bulletins publish DEST`
(DEST holding the previous publish) and `mkdocs build --dirty` (in a folder holding the previous build) take,
and whether each gives the same files as a full build from scratch.

    python bench/republish.py [--size 10000] [--stop-above MB] [--print-only]

The changes, one after another: a bulletin added, one edited, one unpublished (draft: true), one deleted, a
unit renamed in units.yml. Each is made in three copies of the content: one published to DEST, one built with
--dirty, one built from scratch (no cache folder, no previous output) as the reference. Files are compared byte
for byte, except what carries the time of the build (``TIMED``). Figures are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from run import (
    BIN,
    MKDOCS,
    OURS,
    OUT,
    REPUBLISH_SIZE,
    Usage,
    changed_note,
    heading,
    measured,
    prepare,
    record,
    sources,
    total_memory_mb,
)

COPIES = ("publish", "dirty", "scratch")
SHOWN_DIFFERENCES = 3
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def sitemap(data: bytes) -> bytes:
    """MkDocs writes the day of the build as every page's lastmod."""
    return LASTMOD.sub(b"<lastmod/>", data)


# What carries the time of the build, by file name, and how to read a file without it.
TIMED: dict[str, Callable[[bytes], bytes]] = {
    "sitemap.xml": sitemap,
    "sitemap.xml.gz": lambda data: sitemap(gzip.decompress(data)),
}
TIMED_NOTE = ("sitemap.xml's lastmod (the day of the build) and sitemap.xml.gz (the same, and gzip's header "
              "holds the time it was written): compared unzipped, without lastmod")


def differences(site: Path, reference: Path) -> list[str]:
    """Files that are in one site only, or whose contents differ apart from the build's time."""
    mine, theirs = comparable(site), comparable(reference)
    found = [f"only in {site.name}: {name}" for name in sorted(mine.keys() - theirs.keys())]
    found += [f"only in the full build: {name}" for name in sorted(theirs.keys() - mine.keys())]
    found += [f"differs: {name}" for name in sorted(mine.keys() & theirs.keys()) if mine[name]() != theirs[name]()]
    return found


def comparable(site: Path) -> dict[str, Callable[[], bytes]]:
    """Each file of ``site`` by name, and how to read it without the build's time (``TIMED``)."""
    return {path.relative_to(site).as_posix(): lambda path=path: TIMED.get(path.name, bytes)(path.read_bytes())
            for path in site.rglob("*") if path.is_file()}


class Changes:
    """The changes, each made the same way in any copy of the content; ``now`` dates the new bulletin."""

    def __init__(self, content: Path, now: datetime):
        bulletins = sorted((content / "bulletins").rglob("*.md"))
        self.newest = bulletins[-1].relative_to(content)  # of the latest month
        self.unpublished = next(path.relative_to(content) for path in bulletins[len(bulletins) // 2:]
                                if "draft: false" in path.read_text(encoding="utf-8"))
        self.deleted = bulletins[len(bulletins) // 3].relative_to(content)
        self.now = now

    def steps(self) -> list[tuple[str, Callable[[Path], None]]]:
        return [("add a bulletin", self.add), ("edit a bulletin", self.edit),
                ("unpublish a bulletin", self.unpublish), ("delete a bulletin", self.delete),
                ("rename a unit", self.rename_unit)]

    def add(self, content: Path) -> None:
        text = (content / self.newest).read_text(encoding="utf-8")
        text = replace_field(text, "title", "Bản tin mới của đợt đo")
        text = replace_field(text, "date", f"{self.now:%Y-%m-%d %H:%M}").replace("draft: true", "draft: false")
        (content / self.newest).with_name("bai-moi.md").write_text(text, encoding="utf-8")

    def edit(self, content: Path) -> None:
        path = content / self.newest
        text = path.read_text(encoding="utf-8")
        text = replace_field(text, "title", "Bản tin đã sửa")
        path.write_text(text + "\nĐoạn văn thêm khi sửa bản tin.\n", encoding="utf-8")

    def unpublish(self, content: Path) -> None:
        path = content / self.unpublished
        path.write_text(path.read_text(encoding="utf-8").replace("draft: false", "draft: true"), encoding="utf-8")

    def delete(self, content: Path) -> None:
        (content / self.deleted).unlink()

    def rename_unit(self, content: Path) -> None:
        """The second unit of the tree (a unit with sub-units and bulletins) gets a new name, the same id."""
        path = content / "units.yml"
        units = [json.loads(line[2:]) for line in path.read_text(encoding="utf-8").splitlines()]
        units[1]["name"] = "Đảng ủy Sở Kế hoạch và Đầu tư"
        path.write_text("".join(f"- {json.dumps(unit, ensure_ascii=False)}\n" for unit in units), encoding="utf-8")


def replace_field(text: str, name: str, value: str) -> str:
    return re.sub(rf"^{name}: .*$", f"{name}: {json.dumps(value, ensure_ascii=False)}", text, count=1,
                  flags=re.MULTILINE)


class Copies:
    """The three projects under ``folder``: each a copy of the content and our configuration."""

    def __init__(self, folder: Path, source: Path, limit_mb: float):
        self.folder, self.limit_mb = folder, limit_mb
        shutil.rmtree(folder, ignore_errors=True)
        for name in COPIES:
            shutil.copytree(source / "content", folder / name / "content")
            (folder / name / "ours.yml").write_text(OURS, encoding="utf-8")

    def change(self, make: Callable[[Path], None]) -> None:
        for name in COPIES:
            make(self.folder / name / "content")

    def publish(self) -> Usage:
        return self._run("publish", [str(BIN / "bulletins"), "publish", "live", "--config", "ours.yml"])

    def dirty(self, first: bool) -> Usage:
        return self._run("dirty", [MKDOCS, "build", "-q", "-f", "ours.yml", "-d", "site"]
                         + ([] if first else ["--dirty"]))

    def scratch(self) -> Usage:
        """A full build with nothing left by an earlier one."""
        project = self.folder / "scratch"
        for leftover in (project / ".cache", project / "site"):
            shutil.rmtree(leftover, ignore_errors=True)
        return self._run("scratch", [MKDOCS, "build", "-q", "-f", "ours.yml", "-d", "site"])

    def compare(self) -> tuple[list[str], list[str]]:
        """What the publish and the dirty build got wrong, against the full build."""
        reference = self.folder / "scratch" / "site"
        return (differences(self.folder / "publish" / "live", reference),
                differences(self.folder / "dirty" / "site", reference))

    def _run(self, name: str, command: list[str]) -> Usage:
        usage = measured(command, self.folder / name, self.limit_mb)
        if usage.stopped:
            raise SystemExit(f"{name}: {usage.stopped}")
        return usage


def seconds(usage: Usage) -> str:
    """Wall time, and CPU time of the process tree: on a busy machine the second says more."""
    return f"{usage.wall:.1f} ({usage.cpu:.1f})"


def verdict(found: list[str]) -> str:
    if not found:
        return "same"
    shown = "; ".join(found[:SHOWN_DIFFERENCES]) + ("; …" if len(found) > SHOWN_DIFFERENCES else "")
    return f"{len(found)} {'file differs' if len(found) == 1 else 'files differ'} ({shown})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=REPUBLISH_SIZE)
    parser.add_argument("--stop-above", type=float, metavar="MB", default=0.75 * total_memory_mb())
    parser.add_argument("--print-only", action="store_true", help="print the figures, leave RESULTS.md alone")
    args = parser.parse_args()
    started = sources()
    copies = Copies(OUT / f"republish-{args.size}", prepare(args.size), args.stop_above)
    # A day ago: published and the newest, on any clock (bulletins' dates are read on Vietnam's).
    changes = Changes(copies.folder / "scratch" / "content", datetime.now(UTC) - timedelta(days=1))
    first = (copies.publish(), copies.dirty(first=True))
    report = heading("Republish", "republish.py", f"{args.size:,} bulletins; seconds of wall time (of CPU), "
                     "one run each")
    report += ["", f"First publish {seconds(first[0])} s, first full build {seconds(first[1])} s.", "",
               "| change | `bulletins publish` (s) | same as a full build? | `mkdocs build --dirty` (s) "
               "| same as a full build? | full build from scratch (s) |", "|---|---|---|---|---|---|"]
    print("\n".join(report), flush=True)
    for label, make in changes.steps():
        copies.change(make)
        published, dirty, scratch = copies.publish(), copies.dirty(first=False), copies.scratch()
        wrong_published, wrong_dirty = copies.compare()
        report.append(f"| {label} | {seconds(published)} | {verdict(wrong_published)} | {seconds(dirty)} "
                      f"| {verdict(wrong_dirty)} | {seconds(scratch)} |")
        print(report[-1], flush=True)
    notes = ["", f"Compared byte for byte, except {TIMED_NOTE}.", *changed_note(started)]
    print("\n".join(notes))
    record(report + notes, args.print_only)


if __name__ == "__main__":
    main()
