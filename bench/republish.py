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
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from run import BIN, MKDOCS, OURS, OUT, REPUBLISH_SIZE, Usage, heading, measured, prepare, record, total_memory_mb

COPIES = ("publish", "dirty", "scratch")
SHOWN_DIFFERENCES = 3
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
PAGEFIND_MAGIC = b"pagefind_dcd"
META_FILTERS = 3  # the meta's list of [filter, its file]: in hash map order too


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
UNORDERED_NOTE = ("Pagefind writes its filters (pagefind/filter/*.pf_filter) in the order of a hash map seeded at "
                  "random, so two builds of the same pages differ there and in the files naming them by digest "
                  "(*.pf_meta, pagefind-entry.json): those are compared decoded, their maps as unordered, their "
                  "names as digests of what they hold")


def differences(site: Path, reference: Path) -> list[str]:
    """Files that are in one site only, or whose contents differ (see ``comparable``)."""
    mine, theirs = comparable(site), comparable(reference)
    found = [f"only in {site.name}: {name}" for name in sorted(mine.keys() - theirs.keys())]
    found += [f"only in the full build: {name}" for name in sorted(theirs.keys() - mine.keys())]
    found += [f"differs: {name}" for name in sorted(mine.keys() & theirs.keys()) if mine[name]() != theirs[name]()]
    return found


def comparable(site: Path) -> dict[str, Callable[[], object]]:
    """What to compare of each file of ``site``, by name: its bytes, read without the build's time (``TIMED``),
    or for Pagefind's files named by digest what ``pagefind_files`` reads of them."""
    found: dict[str, Callable[[], object]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            read = TIMED.get(path.name, bytes)
            found[path.relative_to(site).as_posix()] = lambda path=path, read=read: read(path.read_bytes())
    replaced, decoded = pagefind_files(site / "pagefind")
    for name in replaced:
        del found[f"pagefind/{name}"]
    found.update({f"pagefind/{name}": lambda value=value: value for name, value in decoded.items()})
    return found


def pagefind_files(bundle: Path) -> tuple[list[str], dict[str, object]]:
    """The names of a Pagefind bundle's filter, meta and entry files, and those files decoded, in an order of
    their own, under new names: each digest, in names and contents, replaced by one of the decoded file."""
    if not (bundle / "pagefind-entry.json").is_file():
        return [], {}
    filters, (meta_path,) = sorted(bundle.glob("filter/*.pf_filter")), list(bundle.glob("*.pf_meta"))
    renamed: dict[str, str] = {}
    decoded: dict[str, object] = {}

    def add(path: Path, value: object) -> None:
        digest = path.stem.split(".")[-1]  # filter/vi_5fa1930.pf_filter, pagefind.vi_e886cee2f3.pf_meta
        renamed[digest] = "{" + hashlib.sha256(repr(value).encode()).hexdigest()[:16] + "}"
        decoded[path.relative_to(bundle).as_posix().replace(digest, renamed[digest])] = value

    for path in filters:  # each value of a filter, with the pages that have it: sets, in any order
        add(path, sorted_lists(pagefind_item(path)))
    meta = renamed_in(pagefind_item(meta_path), renamed)
    meta[META_FILTERS].sort()
    add(meta_path, meta)
    decoded["pagefind-entry.json"] = renamed_in(json.loads((bundle / "pagefind-entry.json").read_bytes()), renamed)
    return [path.relative_to(bundle).as_posix() for path in [*filters, meta_path]] + ["pagefind-entry.json"], decoded


def pagefind_item(path: Path) -> list:
    return cbor(gzip.decompress(path.read_bytes())[len(PAGEFIND_MAGIC):])[0]


def renamed_in(value: object, renamed: dict[str, str]) -> object:
    """``value`` with every string that is a key of ``renamed`` replaced."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        return [renamed_in(item, renamed) for item in value]
    if isinstance(value, dict):
        return {key: renamed_in(item, renamed) for key, item in value.items()}
    return value


def sorted_lists(value: object) -> object:
    if isinstance(value, list):
        return sorted((sorted_lists(item) for item in value), key=repr)
    return value


def cbor(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR item at ``at`` in ``data``, and where it ends: numbers, strings and arrays of definite length,
    all that Pagefind's filter and meta files hold."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    else:
        width = 1 << (info - 24)
        argument, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at:at + argument]
        return (chunk.decode() if major == 3 else chunk), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = cbor(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR item of major type {major} at byte {at - 1}")


class Changes:
    """The changes, each made the same way in any copy of the content; ``now`` dates the new bulletin."""

    def __init__(self, content: Path, now: datetime):
        bulletins = sorted((content / "bulletins").rglob("*.md"))
        self.newest = bulletins[-1].relative_to(content)
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


def verdict(found: list[str]) -> str:
    if not found:
        return "same"
    shown = "; ".join(found[:SHOWN_DIFFERENCES]) + ("; …" if len(found) > SHOWN_DIFFERENCES else "")
    return f"{len(found)} files differ ({shown})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=REPUBLISH_SIZE)
    parser.add_argument("--stop-above", type=float, metavar="MB", default=0.75 * total_memory_mb())
    parser.add_argument("--print-only", action="store_true", help="print the figures, leave RESULTS.md alone")
    args = parser.parse_args()
    copies = Copies(OUT / f"republish-{args.size}", prepare(args.size), args.stop_above)
    changes = Changes(copies.folder / "scratch" / "content", datetime.now() - timedelta(hours=1))
    first = (copies.publish(), copies.dirty(first=True))
    report = heading("Republish", "republish.py", f"{args.size:,} bulletins; seconds of wall time, one run each")
    report += ["", f"First publish {first[0].wall:.1f} s, first full build {first[1].wall:.1f} s.", "",
               "| change | `bulletins publish` (s) | same as a full build? | `mkdocs build --dirty` (s) "
               "| same as a full build? | full build from scratch (s) |", "|---|---|---|---|---|---|"]
    print("\n".join(report), flush=True)
    for label, make in changes.steps():
        copies.change(make)
        published, dirty, scratch = copies.publish(), copies.dirty(first=False), copies.scratch()
        wrong_published, wrong_dirty = copies.compare()
        report.append(f"| {label} | {published.wall:.1f} | {verdict(wrong_published)} | {dirty.wall:.1f} "
                      f"| {verdict(wrong_dirty)} | {scratch.wall:.1f} |")
        print(report[-1], flush=True)
    report += ["", f"Compared byte for byte, except {TIMED_NOTE}. {UNORDERED_NOTE}."]
    record(report, args.print_only)


if __name__ == "__main__":
    main()
