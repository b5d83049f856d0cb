"""The editors' command line: ``bulletins new``, ``check`` and ``stats``."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from .content import Status
from .errors import ContentError
from .registry import LookupProblem, load_registries
from .site import BULLETINS_DIR, load_site
from .vietnamese import VIETNAM, DateError, local, parse_date, slugify

ContentDir = click.Path(file_okay=False, path_type=Path)


@click.group()
def main() -> None:
    """Write, check and count the review bulletins of a content folder."""


@main.command()
@click.argument("content_dir", default="content", type=ContentDir)
def check(content_dir: Path) -> None:
    """Check every bulletin and both registries; exit 1 on any error."""
    _require_folder(content_dir)
    try:
        site = load_site(content_dir, datetime.now(VIETNAM), include_unpublished=True)
    except ContentError as error:
        click.echo(error.report())
        errors = sum(problem.is_error for problem in error.problems)
        warnings = len(error.problems) - errors
        click.echo(f"{errors} error(s), {warnings} warning(s): nothing was published.", err=True)
        raise SystemExit(1) from None
    for warning in site.warnings:
        click.echo(str(warning))
    statuses = Counter(site.status(bulletin) for bulletin in site.bulletins)
    click.echo(f"OK: {len(site.bulletins)} bulletin(s) ({statuses[Status.PUBLISHED]} published, "
               f"{statuses[Status.DRAFT]} draft, {statuses[Status.SCHEDULED]} scheduled), "
               f"{len(site.registries.units)} unit(s), {len(site.registries.topics)} topic(s), "
               f"{len(site.warnings)} warning(s).", err=True)


@main.command()
@click.option("--title", required=True, help="The bulletin's title.")
@click.option("--unit", "units", multiple=True, required=True, help="Unit id or name; repeat for more.")
@click.option("--topic", "topics", multiple=True, help="Topic id or name; repeat for more.")
@click.option("--date", "when", help="e.g. 2012-11-12 14:49 or 12/11/2012 - 14:49 (default: now).")
@click.option("--content-dir", default="content", type=ContentDir, show_default=True)
def new(title: str, units: tuple[str, ...], topics: tuple[str, ...], when: str | None, content_dir: Path) -> None:
    """Write a new draft bulletin at bulletins/<yyyy>/<mm>/<slug>.md, never over an existing file."""
    _require_folder(content_dir)
    registries, problems = load_registries(content_dir)
    if any(problem.is_error for problem in problems):
        _fail("\n".join(str(problem) for problem in problems))
    try:
        moment = local(parse_date(when)) if when else datetime.now(VIETNAM)
        unit_ids = [registries.units.resolve(name).id for name in units]
        topic_ids = [registries.topics.resolve(name).id for name in topics]
    except DateError as error:
        _fail(f"--date: {error}")
    except LookupProblem as problem:
        _fail(f"{problem.message} ({problem.hint})")
    slug = slugify(title)
    if not slug:
        _fail("--title: needs at least one letter or digit")
    relative = f"{BULLETINS_DIR}/{moment:%Y}/{moment:%m}/{slug}.md"
    _write_new(content_dir / relative, _new_bulletin(title, moment, unit_ids, topic_ids))
    click.echo(f"Wrote {content_dir / relative} (a draft: remove 'draft: true' when it is ready)")


def _new_bulletin(title: str, moment: datetime, unit_ids: list[str], topic_ids: list[str]) -> str:
    lines = ["---", f"title: {json.dumps(title.strip(), ensure_ascii=False)}", f"date: {moment:%Y-%m-%d %H:%M}"]
    lines.append(f"unit: {unit_ids[0]}" if len(unit_ids) == 1 else "unit:")
    lines += [f"  - {unit_id}" for unit_id in unit_ids if len(unit_ids) > 1]
    if topic_ids:
        lines += ["topics:", *(f"  - {topic_id}" for topic_id in topic_ids)]
    lines += [
        "draft: true",
        "# participants:",
        "#   - name: Họ và tên",
        "#     role: Chức vụ",
        "# author: Tên tác giả",
        "# summary: Tóm tắt trong một hai câu.",
        "---",
        "",
        "Nội dung bản tin.",
        "",
    ]
    return "\n".join(lines)


def _write_new(path: Path, text: str) -> None:
    """Write atomically, and only if nothing is at ``path`` yet (a hard link never replaces a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, path)
    except FileExistsError:
        _fail(f"{path} already exists; edit it, or choose another title")
    finally:
        os.unlink(temporary)


@main.command()
@click.argument("content_dir", default="content", type=ContentDir)
def stats(content_dir: Path) -> None:
    """Count published bulletins per unit (with sub-units), topic and year."""
    _require_folder(content_dir)
    try:
        site = load_site(content_dir, datetime.now(VIETNAM))
    except ContentError as error:
        _fail(f"{error.report()}\nFix these errors first (bulletins check).")
    click.echo(f"Bulletins: {len(site.bulletins)} published, {len(site.hidden)} not yet published")
    _table("Unit (with sub-units)", [(unit.name, len(site.by_unit[unit.id])) for unit in site.registries.units])
    _table("Topic", [(topic.name, len(site.by_topic[topic.id])) for topic in site.registries.topics])
    years = Counter(local(bulletin.date).year for bulletin in site.bulletins)
    _table("Year", [(str(year), years[year]) for year in sorted(years)])


def _table(heading: str, rows: list[tuple[str, int]]) -> None:
    width = max([len(heading), *(len(name) for name, _ in rows)])
    click.echo(f"\n{heading:<{width}}  count")
    for name, count in rows:
        click.echo(f"{name:<{width}}  {count:>5}")


def _require_folder(content_dir: Path) -> None:
    if not content_dir.is_dir():
        _fail(f"{content_dir}: no such content folder (give the folder holding units.yml and bulletins/)")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)

