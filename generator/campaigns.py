"""Review campaigns (đợt kiểm điểm): ``campaigns.yml`` read and checked, which bulletins count for each campaign,
and where each unit in its scope stands: reported on time, late, not yet, or past the deadline without a report.

A campaign cascades down the unit tree from the unit that leads it. A published bulletin counts for it when its
front-matter names it (``campaign:``), or when it has one of the campaign's topics and is dated from ``start`` to
``deadline`` (whole days on Vietnamese clocks). A unit has reported when a counting bulletin names it anywhere in
its ``unit`` list.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from .content import Bulletin
from .errors import HintedError, Problem, did_you_mean
from .i18n import _
from .registry import Catalog, LookupProblem, Registries, Topic, Unit, UnitTree
from .schema import CampaignEntry, validate
from .sourcefile import read_yaml_file
from .vietnamese import DateError, local, nfc, parse_date
from .yamlsource import YamlDocument

CAMPAIGNS_FILE = "campaigns.yml"
URL_PREFIX = "dot-kiem-diem/"


class Standing(enum.Enum):
    """Where a unit in a campaign's scope stands; the values are the site's words for it."""

    ON_TIME = "đúng hạn"  # a counting bulletin dated by the deadline
    LATE = "trễ hạn"  # only later ones (named by `campaign:`, since topics count within the period only)
    WAITING = "chưa có bản tin"  # none yet, and the deadline is still ahead
    OVERDUE = "quá hạn"  # none, and the deadline has passed

    @property
    def has_reported(self) -> bool:
        return self in (Standing.ON_TIME, Standing.LATE)


def bulletin_day(bulletin: Bulletin) -> date:
    """The day a bulletin is dated, on Vietnamese clocks: what a campaign's period and deadline are compared with."""
    return local(bulletin.date).date()


def format_day(moment: date) -> str:
    """``30/11/2012``, as the papers write a day."""
    return moment.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    unit: Unit
    topics: tuple[Topic, ...]
    start: date
    deadline: date
    depth: int | None = None  # levels below `unit` that must report; None for every level
    guidance: str | None = None
    description: str | None = None

    @property
    def url(self) -> str:
        return f"{URL_PREFIX}{self.id}/"

    @property
    def period(self) -> str:
        """``01/08/2012 – 30/11/2012``."""
        return f"{format_day(self.start)} – {format_day(self.deadline)}"

    def counts(self, bulletin: Bulletin) -> bool:
        """Whether a published bulletin counts for this campaign: named in its front-matter, or on one of the
        campaign's topics and dated within its period."""
        if any(ref.id == self.id for ref in bulletin.campaigns):
            return True
        return (any(topic in self.topics for topic in bulletin.topics)
                and self.start <= bulletin_day(bulletin) <= self.deadline)

    def scope(self, tree: UnitTree) -> list[tuple[Unit, int]]:
        """The units that must report, in the unit tree's order, each with its level below ``unit`` (0 for it)."""
        found: list[tuple[Unit, int]] = []

        def visit(unit: Unit, level: int) -> None:
            found.append((unit, level))
            if self.depth is None or level < self.depth:
                for child in tree.children.get(unit.id, []):
                    visit(child, level + 1)

        visit(self.unit, 0)
        return found


@dataclass(frozen=True)
class Tally:
    """How many of some units have reported: ``13/17``, ``76%`` (rounded down: 100% only when all have)."""

    reported: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.reported // self.total if self.total else 0


@dataclass(frozen=True)
class UnitReport:
    """One unit in a campaign's scope: where it stands, and the counting bulletins that name it, oldest first."""

    unit: Unit
    level: int
    standing: Standing
    bulletins: tuple[Bulletin, ...]

    @property
    def reported_on(self) -> date | None:
        """The day of its first counting bulletin."""
        return bulletin_day(self.bulletins[0]) if self.bulletins else None


@dataclass(frozen=True)
class Progress:
    """A campaign at the build's time: every unit in its scope, in the unit tree's order."""

    campaign: Campaign
    reports: tuple[UnitReport, ...]
    is_open: bool  # the deadline has not passed

    @property
    def tally(self) -> Tally:
        return _tally(self.reports)

    @cached_property
    def by_unit(self) -> dict[str, UnitReport]:
        return {report.unit.id: report for report in self.reports}

    def standing_of(self, unit_id: str, tree: UnitTree) -> UnitStanding | None:
        """Where a unit stands in this campaign, with the tally of its sub-units in scope; None when the unit is
        not in scope."""
        report = self.by_unit.get(unit_id)
        if report is None:
            return None
        below = [self.by_unit[unit] for unit in tree.descendants(unit_id)[1:] if unit in self.by_unit]
        return UnitStanding(self.campaign, report, _tally(below) if below else None)


@dataclass(frozen=True)
class UnitStanding:
    """What a unit's page says of one campaign: the unit's own report, and how far its sub-units in scope are."""

    campaign: Campaign
    report: UnitReport
    below: Tally | None


def _tally(reports: Sequence[UnitReport]) -> Tally:
    return Tally(sum(report.standing.has_reported for report in reports), len(reports))


def campaign_progress(campaign: Campaign, counting: Iterable[Bulletin], tree: UnitTree, today: date) -> Progress:
    """Where each unit in scope stands, from the bulletins that count for the campaign."""
    named: dict[str, list[Bulletin]] = defaultdict(list)
    for bulletin in sorted(counting, key=lambda bulletin: (bulletin.date, bulletin.path)):
        for unit in bulletin.units:
            named[unit.id].append(bulletin)
    reports = tuple(UnitReport(unit, level, _standing(named[unit.id], campaign.deadline, today), tuple(named[unit.id]))
                    for unit, level in campaign.scope(tree))
    return Progress(campaign, reports, today <= campaign.deadline)


def _standing(bulletins: list[Bulletin], deadline: date, today: date) -> Standing:
    if any(bulletin_day(bulletin) <= deadline for bulletin in bulletins):
        return Standing.ON_TIME
    if bulletins:
        return Standing.LATE
    return Standing.OVERDUE if today > deadline else Standing.WAITING


def load_campaigns(content_dir: Path, registries: Registries,
                   bulletins: Iterable[Bulletin]) -> tuple[list[Campaign], list[Problem]]:
    """The campaigns of ``campaigns.yml`` (none when there is no such file), and every problem in it and in the
    bulletins' ``campaign:`` fields."""
    path = content_dir / CAMPAIGNS_FILE
    if not path.exists():
        return [], _unknown_campaigns(bulletins, set())
    document, problems = read_yaml_file(path, CAMPAIGNS_FILE)
    campaigns: list[Campaign] = []
    first_line: dict[str, int] = {}
    named: set[str] = set()  # an entry with a mistake is still a campaign a bulletin may name
    for index, item in _entries(document, problems):
        if isinstance(item.get("id"), str):
            named.add(item["id"])
        campaign = _campaign(index, item, document, registries, problems)
        if campaign is None:
            continue
        line = document.line(index, "id")
        if campaign.id in first_line:
            problems.append(Problem(CAMPAIGNS_FILE, line, "id",
                                    _('duplicate id "{id}" (first on line {line})').format(
                                        id=campaign.id, line=first_line[campaign.id]),
                                    _("give each entry its own id")))
            continue
        first_line[campaign.id] = line
        campaigns.append(campaign)
    return campaigns, sorted(problems + _unknown_campaigns(bulletins, named))


def _entries(document: YamlDocument | None, problems: list[Problem]) -> list[tuple[int, dict]]:
    """The file's entries with their positions; a file or entry of another shape is a problem."""
    if document is None or document.data is None:
        return []
    if not isinstance(document.data, list):
        problems.append(Problem(CAMPAIGNS_FILE, 1, "file", _("must be a list of entries"),
                                _("start each entry with '- id: ...'")))
        return []
    entries = []
    for index, item in enumerate(document.data):
        if isinstance(item, dict):
            entries.append((index, item))
        else:
            problems.append(Problem(CAMPAIGNS_FILE, document.line(index), "entry",
                                    _("entry {number} must be a mapping").format(number=index + 1),
                                    _("write it as '- id: ...' with name and the other fields below")))
    return entries


def _campaign(index: int, item: dict, document: YamlDocument, registries: Registries,
              problems: list[Problem]) -> Campaign | None:
    """One entry as a campaign, or None; its unit and topics are looked up even when another field is wrong,
    so that one run reports every problem."""
    entry, found = validate(CampaignEntry, item, document, CAMPAIGNS_FILE, prefix=(index,))
    problems += found
    unit = _resolve(registries.units, item.get("unit"), document, (index, "unit"), "unit", problems)
    names = item.get("topics")
    names = names if isinstance(names, list) else [] if names is None else [names]
    topics = [_resolve(registries.topics, name, document, (index, "topics", position), "topics", problems)
              for position, name in enumerate(names)]
    period = _period(item)
    if period is not None and period[1] < period[0]:
        problems.append(Problem(CAMPAIGNS_FILE, document.line(index, "deadline"), "deadline",
                                _("{deadline} is before the start {start}").format(
                                    deadline=format_day(period[1]), start=format_day(period[0])),
                                _("the deadline is the last day for reports: write a day from start on")))
        return None
    if entry is None or unit is None or None in topics or period is None:
        return None
    return Campaign(entry.id, entry.name, unit, tuple(dict.fromkeys(topics)), *period, entry.depth,
                    entry.guidance, entry.description)


def _period(item: dict) -> tuple[date, date] | None:
    """The days of ``start`` and ``deadline``, when both can be read (the schema says why one cannot)."""
    try:
        start, deadline = (local(parse_date(item.get(key))).date() for key in ("start", "deadline"))
    except DateError:
        return None
    return start, deadline


def _resolve(catalog: Catalog, name: object, document: YamlDocument, where: tuple, field: str,
             problems: list[Problem]) -> Unit | Topic | None:
    """The registry entry ``name`` means, or None (a problem noted when it is text that means none)."""
    if not isinstance(name, str) or not name.strip():
        return None  # nothing, or another shape: the schema's to report
    try:
        return catalog.resolve(nfc(name).strip())
    except LookupProblem as problem:
        problems.append(Problem(CAMPAIGNS_FILE, document.line(*where), field, problem.message, problem.hint))
        return None


def unknown_campaign(campaign_id: str, known: Iterable[str]) -> HintedError:
    """What to say of an id that names no campaign, with a guess at the one meant."""
    what_to_do = _("Use an id from {file}, or add the campaign there").format(file=CAMPAIGNS_FILE)
    guess = did_you_mean(campaign_id, known)
    return HintedError(_('unknown campaign "{id}"').format(id=campaign_id),
                       f"{guess} {what_to_do}" if guess else what_to_do)


def _unknown_campaigns(bulletins: Iterable[Bulletin], named: set[str]) -> list[Problem]:
    """A problem for each ``campaign:`` of a bulletin that names no campaign of ``campaigns.yml``."""
    problems = []
    for bulletin in bulletins:
        for ref in bulletin.campaigns:
            if ref.id not in named:
                unknown = unknown_campaign(ref.id, named)
                problems.append(Problem(bulletin.path, ref.line, "campaign", unknown.message, unknown.hint))
    return problems
