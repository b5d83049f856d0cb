"""The archive: bulletins by year (Vietnamese local time), and each year's bulletins by month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .content import Bulletin
from .vietnamese import format_month, local

URL_PREFIX = "luu-tru/"


@dataclass(frozen=True)
class Month:
    year: int
    number: int
    bulletins: tuple[Bulletin, ...]  # newest first

    @property
    def label(self) -> str:
        """``Tháng 11/2012``."""
        return format_month(self.bulletins[0].date)

    @property
    def anchor(self) -> str:
        return f"thang-{self.number:02d}"


@dataclass(frozen=True)
class Year:
    year: int
    months: tuple[Month, ...]  # newest first

    @property
    def url(self) -> str:
        return f"{URL_PREFIX}{self.year}/"

    @property
    def bulletins(self) -> list[Bulletin]:
        return [bulletin for month in self.months for bulletin in month.bulletins]

    @property
    def count(self) -> int:
        return sum(len(month.bulletins) for month in self.months)

    def __repr__(self) -> str:
        """What a link to the year shows: pages that list the bulletins show them as items."""
        return f"Year({self.year}, {self.count})"


def index_years(bulletins: Iterable[Bulletin]) -> list[Year]:
    """Years newest first, each with its months newest first; ``bulletins`` come newest first."""
    grouped: dict[int, dict[int, list[Bulletin]]] = {}
    for bulletin in bulletins:
        moment = local(bulletin.date)
        grouped.setdefault(moment.year, {}).setdefault(moment.month, []).append(bulletin)
    return [
        Year(year, tuple(Month(year, month, tuple(items)) for month, items in sorted(months.items(), reverse=True)))
        for year, months in sorted(grouped.items(), reverse=True)
    ]
