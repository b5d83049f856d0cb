"""The editors' command line: ``bulletins new``, ``check``, ``stats``, ``campaign``, ``import``, ``ingest`` and
``publish``."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types
from tqdm import tqdm

from .campaigns import CAMPAIGNS_FILE, Progress, Standing, format_day, unknown_campaign
from .content import Status
from .drafts import Draft, write_new
from .errors import ContentError
from .i18n import N_, _, ngettext
from .importer import DEFAULT_TIMEOUT, FeedImporter, Outcome, SourceError, fetch, read_feed
from .ingest import IngestError, article_draft, article_files, read_article
from .publish import PublishError, Step
from .publish import publish as publish_site
from .rawhtml import raw_html_warnings
from .registry import LookupProblem, load_registries
from .site import BULLETINS_DIR, load_site
from .suggest import Suggester
from .vietnamese import VIETNAM, DateError, local, parse_date, slugify

# Folders are checked by the commands themselves (``_require_folder``), in whole sentences: Click's own checks
# glue an English "Directory" into their messages.
ContentDir = click.Path(path_type=Path)
PROGRESS_FROM = 50  # entries: shorter feeds import too fast for a progress bar

# Click's modules call ``from gettext import gettext as _`` (and ``ngettext``): the standard library's global
# catalog, found through compiled .mo files and LANGUAGE. ``_Group.main`` points those names at ours, so what
# Click prints ("Usage:", "Missing option", "No such option" ...) comes from bulletins.po like the rest.
# ``make messages`` extracts these modules' texts into the catalog too.
CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


class _TranslatedHelp:
    """A ``help`` attribute kept as its English msgid and read in the reader's language of the moment: help
    texts are written when the module is imported, ``BULLETINS_LANG`` is read when they are shown."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        english = instance.__dict__.get("help")
        return _(english) if english else english

    def __set__(self, instance, english: str | None) -> None:
        instance.__dict__["help"] = english


class _Option(click.Option):
    help = _TranslatedHelp()


class _Argument(click.Argument):
    help = _TranslatedHelp()


class _Translated:
    """What the bulletins command and its subcommands share: help in the reader's language."""

    help = _TranslatedHelp()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Click makes the ``--help`` option once, its text in the language of that moment."""
        help_option = super().get_help_option(ctx)
        if help_option is not None:
            help_option.help = _("Show this message and exit.")
        return help_option


class _Command(_Translated, click.Command):
    """A subcommand whose help is translated when shown."""


class _Group(_Translated, click.Group):
    """The ``bulletins`` command: its subcommands are ``_Command``, and Click speaks through our catalog."""

    command_class = _Command

    def main(self, *args, **kwargs):
        for module in CLICK_MODULES:
            module._ = _
            if hasattr(module, "ngettext"):
                module.ngettext = ngettext
        return super().main(*args, **kwargs)


option = functools.partial(click.option, cls=_Option)
argument = functools.partial(click.argument, cls=_Argument)
CONTENT_DIR_HELP = N_("The content folder: the one holding units.yml, topics.yml and bulletins/.")


@click.group(cls=_Group, help=N_("Write, check, import, count and publish the review bulletins of a content folder."))
def main() -> None:
    pass


@main.command(help=N_("Check every bulletin and both registries; exit 1 on any error."))
@argument("content_dir", default="content", type=ContentDir, help=CONTENT_DIR_HELP)
def check(content_dir: Path) -> None:
    _require_folder(content_dir)
    try:
        site = load_site(content_dir, datetime.now(VIETNAM), include_unpublished=True)
    except ContentError as error:
        click.echo(error.report())
        errors = sum(problem.is_error for problem in error.problems)
        click.echo(_("{errors} error(s), {warnings} warning(s): correct the errors, then run `.venv/bin/bulletins "
                     "check` again.").format(errors=errors, warnings=len(error.problems) - errors), err=True)
        raise SystemExit(1) from None
    raw_html = [found for bulletin in site.bulletins for found in raw_html_warnings(bulletin)]
    warnings = sorted([*site.warnings, *raw_html])
    for warning in warnings:
        click.echo(str(warning))
    statuses = Counter(site.status(bulletin) for bulletin in site.bulletins)
    click.echo(_("OK: {bulletins} bulletin(s) ({published} published, {drafts} draft, {scheduled} scheduled), "
                 "{units} unit(s), {topics} topic(s), {warnings} warning(s).").format(
        bulletins=len(site.bulletins), published=statuses[Status.PUBLISHED], drafts=statuses[Status.DRAFT],
        scheduled=statuses[Status.SCHEDULED], units=len(site.registries.units), topics=len(site.registries.topics),
        warnings=len(warnings)), err=True)


@main.command(help=N_("Write a new draft bulletin at bulletins/<yyyy>/<mm>/<slug>.md, never over an existing file."))
@option("--title", required=True, help=N_("The bulletin's title."))
@option("--unit", "units", multiple=True, required=True, help=N_("Unit id or name; repeat for more."))
@option("--topic", "topics", multiple=True, help=N_("Topic id or name; repeat for more."))
@option("--date", "when", help=N_("e.g. 2012-11-12 14:49 or 12/11/2012 - 14:49 (default: now)."))
@option("--content-dir", default="content", type=ContentDir, show_default=True, help=CONTENT_DIR_HELP)
def new(title: str, units: tuple[str, ...], topics: tuple[str, ...], when: str | None, content_dir: Path) -> None:
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
        _fail(_("--title: needs at least one letter or digit"))
    relative = f"{BULLETINS_DIR}/{moment:%Y}/{moment:%m}/{slug}.md"
    _write_new(content_dir / relative, _new_bulletin(title, moment, unit_ids, topic_ids))
    click.echo(_("Wrote {path} (a draft: remove 'draft: true' when it is ready)").format(path=content_dir / relative))


def _new_bulletin(title: str, moment: datetime, unit_ids: list[str], topic_ids: list[str]) -> str:
    lines = ["---", f"title: {json.dumps(title.strip(), ensure_ascii=False)}", f"date: {moment:%Y-%m-%d %H:%M}"]
    lines.append(f"unit: {unit_ids[0]}" if len(unit_ids) == 1 else "unit:")
    lines += [f"  - {unit_id}" for unit_id in unit_ids if len(unit_ids) > 1]
    if topic_ids:
        lines += ["topics:", *(f"  - {topic_id}" for topic_id in topic_ids)]
    lines += [
        "draft: true",
        "# participants:",
        "#   - name: " + _("Full name"),
        "#     role: " + _("Role"),
        "# author: " + _("The author's name"),
        "# summary: " + _("A summary in one or two sentences."),
        "---",
        "",
        _("The bulletin's text."),
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
        _fail(_("{path} already exists; edit it, or choose another title").format(path=path))
    finally:
        os.unlink(temporary)


@main.command(help=N_("Count published bulletins per unit (with sub-units), topic and year."))
@argument("content_dir", default="content", type=ContentDir, help=CONTENT_DIR_HELP)
def stats(content_dir: Path) -> None:
    _require_folder(content_dir)
    try:
        site = load_site(content_dir, datetime.now(VIETNAM))
    except ContentError as error:
        _fail(error.report() + "\n" + _("Correct these errors first (`.venv/bin/bulletins check` shows them all)."))
    click.echo(_("Bulletins: {published} published, {hidden} not yet published")
               .format(published=len(site.bulletins), hidden=len(site.hidden)))
    _table(_("Unit (with sub-units)"), [(unit.name, len(site.by_unit[unit.id])) for unit in site.registries.units])
    _table(_("Topic"), [(topic.name, len(site.by_topic[topic.id])) for topic in site.registries.topics])
    years = Counter(local(bulletin.date).year for bulletin in site.bulletins)
    _table(_("Year"), [(str(year), years[year]) for year in sorted(years)])


def _table(heading: str, rows: list[tuple[str, int]]) -> None:
    count_heading = _("count")
    width = max([len(heading), *(len(name) for name, _count in rows)])
    count_width = max(5, len(count_heading))
    click.echo(f"\n{heading:<{width}}  {count_heading:>{count_width}}")
    for name, count in rows:
        click.echo(f"{name:<{width}}  {count:>{count_width}}")


# How a unit stands in a campaign, as the terminal and the CSV say it.
_STANDINGS = {
    Standing.ON_TIME: N_("on time"),
    Standing.LATE: N_("late"),
    Standing.WAITING: N_("no bulletin yet"),
    Standing.OVERDUE: N_("overdue"),
}


@main.command(help=N_("Show where each unit in scope stands in the review campaigns of campaigns.yml, or in one "
                      "campaign: reported on time, late, not yet, or overdue."))
@argument("campaign_id", required=False, metavar="[ID]", help=N_("A campaign's id (default: every campaign)."))
@option("--csv", "as_csv", is_flag=True,
        help=N_("Write CSV instead, one row per unit in scope, for a spreadsheet (UTF-8 with a byte-order mark)."))
@option("--content-dir", default="content", type=ContentDir, show_default=True, help=CONTENT_DIR_HELP)
def campaign(campaign_id: str | None, as_csv: bool, content_dir: Path) -> None:
    _require_folder(content_dir)
    try:
        site = load_site(content_dir, datetime.now(VIETNAM))
    except ContentError as error:
        _fail(error.report() + "\n" + _("Correct these errors first (`.venv/bin/bulletins check` shows them all)."))
    if not site.progress:
        _fail(_("{file} has no campaigns: add one (see the editor's guide, Review campaigns)").format(
            file=content_dir / CAMPAIGNS_FILE))
    chosen = list(site.progress.values())
    if campaign_id is not None:
        if campaign_id not in site.progress:
            unknown = unknown_campaign(campaign_id, site.progress)
            _fail(f"{unknown.message} ({unknown.hint})")
        chosen = [site.progress[campaign_id]]
    click.echo(_campaigns_csv(chosen) if as_csv else "\n\n".join(_campaign_table(progress) for progress in chosen),
               nl=not as_csv)


def _campaign_table(progress: Progress) -> str:
    """A campaign's heading, its tally, and a line per unit in scope, indented under the unit above it."""
    campaign, tally = progress.campaign, progress.tally
    rows = [("  " * report.level + report.unit.name, _(_STANDINGS[report.standing]),
             format_day(report.reported_on) if report.reported_on else "-") for report in progress.reports]
    headings = (_("Unit"), _("Status"), _("First bulletin"))
    widths = [max(len(row[column]) for row in (headings, *rows)) for column in range(2)]
    lines = [f"{campaign.name} ({campaign.id})",
             _("Led by {unit}, {start} to {deadline}: {reported}/{total} units have reported, {percent}%").format(
                 unit=campaign.unit.name, start=format_day(campaign.start), deadline=format_day(campaign.deadline),
                 reported=tally.reported, total=tally.total, percent=tally.percent),
             ""]
    lines += [f"{unit:<{widths[0]}}  {standing:<{widths[1]}}  {day}" for unit, standing, day in (headings, *rows)]
    return "\n".join(lines)


def _campaigns_csv(chosen: list[Progress]) -> str:
    """One row per unit in each campaign's scope; a byte-order mark first, so that spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("campaign"), _("unit id"), _("unit"), _("level"), _("status"), _("first bulletin"),
                     _("bulletins")])
    for progress in chosen:
        for report in progress.reports:
            writer.writerow([progress.campaign.id, report.unit.id, report.unit.name, report.level,
                             _(_STANDINGS[report.standing]),
                             report.reported_on.isoformat() if report.reported_on else "",
                             " ".join(f"/{bulletin.url}" for bulletin in report.bulletins)])
    return "\ufeff" + out.getvalue()


@main.command("import", help=N_("Import an RSS or Atom feed (a file or an http(s) address) as draft bulletins; "
                                  "exit 1 if any entry is rejected."))
@argument("source", help=N_("The feed: a file, or an http(s):// address."))
@option("--since", help=N_("Only entries dated from then on, e.g. 2017-02-01."))
@option("--date", "undated", help=N_("The date of entries that carry none, e.g. 12/11/2012 or 2012-11-12 14:49."))
@option("--unit", "units", multiple=True, help=N_("Unit id or name of every imported bulletin; repeat for more."))
@option("--topic", "topics", multiple=True, help=N_("Topic id or name; repeat for more."))
@option("--dry-run", is_flag=True, help=N_("Say what would be written; write nothing."))
@option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
        help=N_("Seconds to wait for a web address."))
@option("--content-dir", default="content", type=ContentDir, show_default=True, help=CONTENT_DIR_HELP)
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


@main.command(help=N_("Turn raw newspaper articles (plain text or saved web pages; files, or folders of them) into "
                      "draft bulletins; exit 1 if any cannot be."))
@argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE_OR_FOLDER...",
          help=N_("Articles (.txt, .html, .htm), or folders holding them."))
@option("--unit", "units", multiple=True,
        help=N_("Unit id or name of every article, first of its units; needed when the text names none."))
@option("--topic", "topics", multiple=True, help=N_("Topic id or name; repeat for more."))
@option("--date", "undated", help=N_("The date of articles that carry no date line, e.g. 12/11/2012 - 14:49."))
@option("--dry-run", is_flag=True, help=N_("Print the drafts; write nothing."))
@option("--content-dir", default="content", type=ContentDir, show_default=True, help=CONTENT_DIR_HELP)
def ingest(paths: tuple[Path, ...], units: tuple[str, ...], topics: tuple[str, ...], undated: str | None,
           dry_run: bool, content_dir: Path) -> None:
    registries, unit_list, topic_list = _registries(content_dir, units, topics)
    undated_date = _option_date("--date", undated)
    suggester = Suggester(registries)
    files = article_files(paths)
    written = 0
    for file in files:
        try:
            draft = article_draft(str(file), read_article(file), suggester, unit_list, topic_list, undated_date)
        except IngestError as error:
            click.echo(str(error), err=True)
            continue
        written += _ingested(file, draft, content_dir / draft.path(), dry_run)
    click.echo(_(_INGEST_SUMMARIES[dry_run]).format(written=written, failed=len(files) - written), err=True)
    if written < len(files):
        raise SystemExit(1)


# The last line of ``ingest``, by dry run.
_INGEST_SUMMARIES = {
    False: N_("Wrote {written} draft(s); {failed} file(s) could not be ingested."),
    True: N_("Would write {written} draft(s); {failed} file(s) could not be ingested."),
}


def _ingested(file: Path, draft: Draft, target: Path, dry_run: bool) -> bool:
    """Write (or, in a dry run, print) one article's draft and say so; False when its file already exists."""
    if dry_run and not target.exists():
        click.echo(_("would write {target}:").format(target=target))
        click.echo(draft.text())
        return True
    if dry_run or not write_new(target, draft.text()):
        click.echo(_("{file}: {target} already exists; nothing was written (edit that file, or delete it to ingest "
                     "again)").format(file=file, target=target), err=True)
        return False
    if draft.review:
        click.echo(ngettext("wrote {target} from {file} (a draft: confirm its {count} review item, then delete review "
                            "and draft: true)",
                            "wrote {target} from {file} (a draft: confirm its {count} review items, then delete "
                            "review and draft: true)", len(draft.review)).format(target=target, file=file,
                                                                                 count=len(draft.review)))
    else:
        click.echo(_("wrote {target} from {file} (a draft: delete draft: true when it is ready)").format(target=target,
                                                                                                     file=file))
    return True


# What failed, by the step whose exit code ``publish`` returns.
_STEP_FAILED = {
    Step.CHECK: N_("publish: the check failed, {dest} is unchanged: {error}"),
    Step.BUILD: N_("publish: the build failed, {dest} is unchanged: {error}"),
    Step.LINKS: N_("publish: the link check failed, {dest} is unchanged: {error}"),
    Step.SWAP: N_("publish: the swap failed, {dest} is unchanged: {error}"),
    Step.LOCKED: N_("publish: not started, {dest} is unchanged: {error}"),
}


@main.command(help=N_("Check, build beside DEST, check every link, then swap the new site in (the old one stays in "
                      "DEST.previous). On failure DEST is untouched and the exit code names the step: 3 check, "
                      "4 build, 5 links, 6 swap, 7 another publish is running."))
@argument("dest", type=click.Path(path_type=Path), help=N_("The folder the site is published in."))
@option("--config", "config_file", default="mkdocs.yml", show_default=True, type=click.Path(path_type=Path),
        help=N_("The site's MkDocs configuration."))
def publish(dest: Path, config_file: Path) -> None:
    if dest.is_file():
        _fail(_("publish: {dest} is a file; give the folder the site is published in").format(dest=dest))
    try:
        publish_site(config_file, dest, log=click.echo)
    except PublishError as error:
        click.echo(_(_STEP_FAILED[error.step]).format(dest=dest, error=error), err=True)
        raise SystemExit(error.step.value) from None
    except OSError as error:  # the lock beside DEST cannot be made: nothing was started
        _fail(_("publish: {file}: {reason}; {dest} is unchanged")
              .format(file=error.filename, reason=error.strerror, dest=dest))


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
        _fail(_("{folder}: no such content folder (give the folder holding units.yml and bulletins/)")
              .format(folder=content_dir))


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)

