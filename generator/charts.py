"""Charts laid out at build time and drawn as inline SVG (no JavaScript), with the numbers also given as text
for screen readers: a unit's bulletins per year (``theme/bulletins/chart.html``), and a review campaign's units
reported by day against its deadline (``theme/bulletins/campaign-chart.html``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .campaigns import Progress, format_day
from .content import Bulletin
from .vietnamese import local

SLOT = 36  # horizontal room per year, in SVG units
BAR = 24
PLOT_HEIGHT = 100
TOP = 16  # room for the count above the tallest bar
BOTTOM = 18  # room for the year below the baseline
MAX_YEAR_LABELS = 15


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    height: float
    show_year: bool

    @property
    def centre(self) -> float:
        return self.x + BAR / 2


@dataclass(frozen=True)
class YearChart:
    bars: tuple[Bar, ...]

    @property
    def width(self) -> int:
        return SLOT * len(self.bars)

    @property
    def height(self) -> int:
        return TOP + PLOT_HEIGHT + BOTTOM

    @property
    def baseline(self) -> int:
        return TOP + PLOT_HEIGHT

    @property
    def bar_width(self) -> int:
        return BAR

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def text(self) -> str:
        """The chart in words: ``2012: 2 bản tin; 2013: 0 bản tin; …``."""
        return "; ".join(f"{bar.year}: {bar.count} bản tin" for bar in self.bars) + "."


def year_counts(bulletins: Iterable[Bulletin]) -> dict[int, int]:
    """Bulletins per year (Vietnamese local time), every year from the first to the last, zeros included."""
    counts = Counter(local(bulletin.date).year for bulletin in bulletins)
    if not counts:
        return {}
    return {year: counts[year] for year in range(min(counts), max(counts) + 1)}


def year_chart(bulletins: Iterable[Bulletin]) -> YearChart | None:
    """The chart for these bulletins, or None when there are none."""
    counts = year_counts(bulletins)
    if not counts:
        return None
    tallest = max(counts.values())
    step = -(-len(counts) // MAX_YEAR_LABELS)  # label every year, or every step-th when there are many
    bars = []
    for index, (year, count) in enumerate(counts.items()):
        height = round(PLOT_HEIGHT * count / tallest, 1)
        show_year = index % step == 0 or index == len(counts) - 1
        bars.append(Bar(year, count, index * SLOT + (SLOT - BAR) / 2, TOP + PLOT_HEIGHT - height, height, show_year))
    return YearChart(tuple(bars))


# The chart of a review campaign: units reported, counted up by day, against the deadline and the units in scope.
CAMPAIGN_WIDTH = 480
CAMPAIGN_LEFT = 28  # room for the counts left of the plot
CAMPAIGN_RIGHT = 12
CAMPAIGN_TOP = 18  # room for the deadline's label
CAMPAIGN_PLOT = 120
CAMPAIGN_BOTTOM = 18  # room for the first and last day under the baseline


@dataclass(frozen=True)
class Reported:
    """The units reported by the end of a day (each counted on the day of its first counting bulletin)."""

    day: date
    count: int


@dataclass(frozen=True)
class CampaignChart:
    """A step line of units reported over the campaign's days, from its start (or an earlier report) to its
    deadline (or a later report), the deadline as a vertical line and the units in scope as the top."""

    steps: tuple[Reported, ...]
    total: int
    first: date  # the day at the left edge
    last: date  # the day at the right edge
    deadline: date
    until: date  # where the line ends: the build's day, or the right edge when that is past

    # The layout, the same for every campaign (SVG units); not fields.
    width = CAMPAIGN_WIDTH
    height = CAMPAIGN_TOP + CAMPAIGN_PLOT + CAMPAIGN_BOTTOM
    left = CAMPAIGN_LEFT
    right = CAMPAIGN_WIDTH - CAMPAIGN_RIGHT
    top = CAMPAIGN_TOP
    baseline = CAMPAIGN_TOP + CAMPAIGN_PLOT

    def x(self, moment: date) -> float:
        span = max((self.last - self.first).days, 1)
        return round(self.left + (self.right - self.left) * (moment - self.first).days / span, 1)

    def y(self, count: int) -> float:
        return round(self.baseline - CAMPAIGN_PLOT * count / self.total, 1)

    @property
    def deadline_x(self) -> float:
        return self.x(self.deadline)

    @property
    def path(self) -> str:
        """The step line as SVG path data: level until a day some unit reported, then up."""
        parts = [f"M{self.x(self.first)} {self.y(0)}"]
        for step in self.steps:
            parts.append(f"H{self.x(step.day)} V{self.y(step.count)}")
        if not self.steps or self.until > self.steps[-1].day:
            parts.append(f"H{self.x(self.until)}")
        return " ".join(parts)

    @property
    def reported_by_deadline(self) -> int:
        return max((step.count for step in self.steps if step.day <= self.deadline), default=0)

    @property
    def text(self) -> str:
        """The chart in words: each day units reported, then where the count stood at the deadline."""
        days = "; ".join(f"{format_day(step.day)}: {step.count}/{self.total} đơn vị" for step in self.steps)
        at_deadline = (f"Đến hạn chót {format_day(self.deadline)}: {self.reported_by_deadline}/{self.total} đơn vị "
                       "có bản tin.")
        if not days:
            return f"Chưa đơn vị nào có bản tin. {at_deadline}"
        return f"Số đơn vị đã có bản tin, cộng dồn theo ngày: {days}. {at_deadline}"


def campaign_chart(progress: Progress, today: date) -> CampaignChart:
    """The chart of a campaign's progress on the build's day ``today``."""
    start, deadline = progress.campaign.start, progress.campaign.deadline
    counts = Counter(report.reported_on for report in progress.reports if report.reported_on is not None)
    steps, total = [], 0
    for day in sorted(counts):
        total += counts[day]
        steps.append(Reported(day, total))
    first = min(start, *counts) if counts else start
    last = max(deadline, *counts) if counts else deadline
    return CampaignChart(tuple(steps), len(progress.reports), first, last, deadline, until=max(first, min(today, last)))
