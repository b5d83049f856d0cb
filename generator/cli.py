"""The editors' command line: ``bulletins new``, ``check``, ``stats``, ``import``, ``ingest`` and ``publish``."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import click
from tqdm import tqdm

from .content import Status
from .drafts import write_new
from .errors import ContentError
from .i18n import N_, _
from .importer import DEFAULT_TIMEOUT, FeedImporter, Outcome, SourceError, fetch, read_feed
from .ingest import IngestError, article_draft, read_article
from .publish import PublishError
from .publish import publish as publish_site
from .rawhtml import raw_html_warnings
from .registry import LookupProblem, load_registries
from .site import BULLETINS_DIR, load_site
from .suggest import Suggester
from .vietnamese import VIETNAM, DateError, local, parse_date, slugify

ContentDir = click.Path(file_okay=False, path_type=Path)
PROGRESS_FROM = 50  # entries: shorter feeds import too fast for a progress bar


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
    raw_html = [found for bulletin in site.bulletins for found in raw_html_warnings(bulletin)]
    warnings = sorted([*site.warnings, *raw_html])
    for warning in warnings:
        click.echo(str(warning))
    statuses = Counter(site.status(bulletin) for bulletin in site.bulletins)
    click.echo(f"OK: {len(site.bulletins)} bulletin(s) ({statuses[Status.PUBLISHED]} published, "
               f"{statuses[Status.DRAFT]} draft, {statuses[Status.SCHEDULED]} scheduled), "
               f"{len(site.registries.units)} unit(s), {len(site.registries.topics)} topic(s), "
               f"{len(warnings)} warning(s).", err=True)


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


@main.command("import", help=N_("Import an RSS or Atom feed (a file or an http(s) address) as draft bulletins; "
                                  "exit 1 if any entry is rejected."))
@click.argument("source")
@click.option("--since", help=N_("Only entries dated from then on, e.g. 2017-02-01."))
@click.option("--date", "undated", help=N_("The date of entries that carry none, e.g. 12/11/2012 or 2012-11-12 14:49."))
@click.option("--unit", "units", multiple=True,
              help=N_("Unit id or name of every imported bulletin; repeat for more."))
@click.option("--topic", "topics", multiple=True, help=N_("Topic id or name; repeat for more."))
@click.option("--dry-run", is_flag=True, help=N_("Say what would be written; write nothing."))
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
              help=N_("Seconds to wait for a web address."))
@click.option("--content-dir", default="content", type=ContentDir, show_default=True)
def import_feed(source: str, since: str | None, undated: str | None, units: tuple[str, ...], topics: tuple[str, ...],
                dry_run: bool, timeout: float, content_dir: Path) -> None:
    registries, unit_list, topic_list = _registries(content_dir, units, topics)
    since_date, undated_date = _option_date("--since", since), _option_date("--date", undated)
    try:
        parsed = read_feed(source, fetch(source, timeout))
    except SourceError as error:
        _fail(_("{problem}; nothing was written").format(problem=error))
    importer = FeedImporter(content_dir, registries, unit_list, topic_list, since=since_date, dry_run=dry_run,
                            undated=undated_date)
    report = importer.run(source, parsed, _progress)
    for warning in report.warnings:
        click.echo(warning, err=True)
    for result in report.results:
        if result.outcome is Outcome.IMPORTED:
            written = _("would write {path}") if dry_run else _("wrote {path}")
            click.echo(written.format(path=content_dir / result.path))
        elif result.outcome is Outcome.REJECTED:
            click.echo(_("{entry}: rejected: {reason}").format(entry=result.label, reason=result.reason), err=True)
    click.echo(report.summary(dry_run), err=True)
    if report.count(Outcome.REJECTED):
        raise SystemExit(1)


def _option_date(option: str, value: str | None) -> datetime | None:
    """The date an option gives (``--since``, ``--date``), or exit saying why it cannot be read."""
    try:
        return parse_date(value) if value else None
    except DateError as error:
        _fail(f"{option}: {error}")


def _progress(entries: list) -> Iterable:
    """A progress bar on a terminal, for feeds long enough to wait for."""
    return tqdm(entries, desc=_("Importing"), file=sys.stderr, leave=False,
                bar_format=_("{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} entries "
                             "[{elapsed} so far, {remaining} to go]"),
                disable=None if len(entries) >= PROGRESS_FROM else True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--unit", "units", multiple=True, help="Unit id or name, when the article has no unit line.")
@click.option("--topic", "topics", multiple=True, help="Topic id or name; repeat for more.")
@click.option("--dry-run", is_flag=True, help="Print the drafts; write nothing.")
@click.option("--content-dir", default="content", type=ContentDir, show_default=True)
def ingest(files: tuple[Path, ...], units: tuple[str, ...], topics: tuple[str, ...], dry_run: bool,
           content_dir: Path) -> None:
    """Turn raw newspaper articles (plain text or HTML) into draft bulletins; exit 1 if any fails."""
    registries, unit_list, topic_list = _registries(content_dir, units, topics)
    suggester = Suggester(registries)
    failed = 0
    for file in files:
        try:
            draft = article_draft(str(file), read_article(file), suggester, unit_list, topic_list)
        except IngestError as error:
            click.echo(f"{error}; nothing was written", err=True)
            failed += 1
            continue
        target = content_dir / draft.path()
        if dry_run:
            click.echo(f"would write {target}:\n{draft.text()}")
        elif write_new(target, draft.text()):
            click.echo(f"wrote {target} from {file} (a draft: confirm its {len(draft.review)} review item(s), "
                       "then delete review and draft: true)")
        else:
            click.echo(f"{file}: {target} already exists; nothing was written (edit that file, or delete it "
                       "to ingest again)", err=True)
            failed += 1
    if failed:
        raise SystemExit(1)


@main.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The site's MkDocs configuration.")
def publish(dest: Path, config_file: Path) -> None:
    """Check, build beside DEST, check every link, then swap the new site in (the old one stays in
    DEST.previous). On failure DEST is untouched and the exit code names the step: 3 check, 4 build,
    5 links, 6 swap, 7 another publish is running."""
    try:
        publish_site(config_file, dest, log=click.echo)
    except PublishError as error:
        click.echo(f"publish: {error.step.name.lower()} failed, {dest} is unchanged: {error}", err=True)
        raise SystemExit(error.step.value) from None
    except OSError as error:  # the lock beside DEST cannot be made: nothing was started
        _fail(f"publish: {error.filename}: {error.strerror}; {dest} is unchanged")


def _registries(content_dir: Path, units: tuple[str, ...], topics: tuple[str, ...]):
    """The registries and the named units and topics, or exit with what to fix."""
    _require_folder(content_dir)
    registries, problems = load_registries(content_dir)
    if any(problem.is_error for problem in problems):
        _fail("\n".join(str(problem) for problem in problems if problem.is_error))
    try:
        return (registries, [registries.units.resolve(name) for name in units],
                [registries.topics.resolve(name) for name in topics])
    except LookupProblem as problem:
        _fail(f"{problem.message} ({problem.hint})")


def _require_folder(content_dir: Path) -> None:
    if not content_dir.is_dir():
        _fail(f"{content_dir}: no such content folder (give the folder holding units.yml and bulletins/)")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)

