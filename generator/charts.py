"""A bar chart of bulletins per year, laid out at build time; ``theme/bulletins/chart.html`` draws it
as inline SVG (no JavaScript), with the numbers also given as text for screen readers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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
