"""Listing pages (home, units, topics, people, archive) made from the site's indexes, with pagination.

Each page is a small value: its source path for MkDocs, its URL, its title and the bulletins it shows.
Templates render them; nothing here knows about MkDocs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .archive import URL_PREFIX as ARCHIVE_URL
from .campaigns import URL_PREFIX as CAMPAIGNS_URL
from .campaigns import Progress, UnitStanding
from .charts import campaign_chart, year_chart
from .content import Bulletin
from .findings import Group as FindingsGroup
from .findings import by_campaign
from .people import URL_PREFIX as PEOPLE_URL
from .registry import Topic, Unit
from .search import SEARCH_URL, published, search_filters
from .site import Site
from .vietnamese import local

PER_PAGE = 20
PAGER_REACH = 2  # pages offered on either side of the current one
HOME_LATEST = 20
# The sections; every other page is off the nav.
NAV_KINDS = ("home", "units", "campaigns", "topics", "people", "archive")


@dataclass(frozen=True)
class Pager:
    number: int
    urls: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """The page numbers to offer, with their URLs: the first, the last, and two either side of this one;
        None where pages are left out. Offering every page would make a unit's 500 pages hold 500 links each.
        """
        near = range(max(1, self.number - PAGER_REACH), min(self.count, self.number + PAGER_REACH) + 1)
        shown = sorted({1, *near, self.count})
        links: list[tuple[int, str] | None] = []
        previous = 0
        for number in shown:
            if number == previous + 2:  # a gap of one page: the page itself reads better than "…"
                links.append((previous + 1, self.urls[previous]))
            elif number > previous + 2:
                links.append(None)
            links.append((number, self.urls[number - 1]))
            previous = number
        return links


@dataclass(frozen=True)
class TreeNode:
    unit: Unit
    count: int
    children: tuple[TreeNode, ...]


@dataclass(frozen=True)
class ListingPage:
    """One generated page. What it shows is in its fields (the plugin fingerprints each of them)."""

    # "home", "units", "unit", "campaigns", "campaign", "topics", "topic", "people", "person", "archive", "year",
    # "search"
    kind: str
    url: str
    title: str
    items: Sequence[Bulletin] = ()
    total: int = 0
    subject: Unit | Topic | None = None
    pager: Pager | None = None
    extra: dict = field(default_factory=dict)

    @property
    def in_nav(self) -> bool:
        return self.kind in NAV_KINDS

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"

    @property
    def markdown(self) -> str:
        """The page's source: only a title; the template renders the list."""
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n"


def page_urls(base_url: str, total: int, per_page: int) -> tuple[str, ...]:
    """``base/``, ``base/trang/2/``, … : at least one page, even with nothing to list."""
    count = max(1, -(-total // per_page))
    return (base_url, *(f"{base_url}trang/{number}/" for number in range(2, count + 1)))


def paginate(kind: str, base_url: str, title: str, bulletins: Sequence[Bulletin], per_page: int,
             subject: Unit | Topic | None = None, extra: dict | None = None) -> Iterator[ListingPage]:
    urls = page_urls(base_url, len(bulletins), per_page)
    for number, url in enumerate(urls, start=1):
        items = bulletins[(number - 1) * per_page:number * per_page]
        page_title = title if number == 1 else f"{title} – Trang {number}"
        yield ListingPage(kind, url, page_title, items, len(bulletins), subject, Pager(number, urls),
                          extra or {})


def unit_tree(site: Site) -> tuple[TreeNode, ...]:
    tree = site.registries.tree

    def node(unit: Unit) -> TreeNode:
        children = tuple(node(child) for child in tree.children.get(unit.id, []))
        return TreeNode(unit, len(site.by_unit[unit.id]), children)

    return tuple(node(root) for root in tree.roots)


def unit_findings(site: Site) -> dict[str, list[FindingsGroup]]:
    """By unit id, the shortcomings and remedies of the bulletins a unit leads (its main unit), by campaign or
    year: a sub-unit's findings are its own, shown on its page, not its parent's."""
    led: dict[str, list[Bulletin]] = defaultdict(list)
    for bulletin in site.bulletins:
        if bulletin.findings:
            led[bulletin.primary_unit.id].append(bulletin)
    return {unit_id: by_campaign(bulletins, site.campaigns_of) for unit_id, bulletins in led.items()}


def listing_pages(site: Site, per_page: int = PER_PAGE, home_latest: int = HOME_LATEST) -> list[ListingPage]:
    """Every generated listing page of the site."""
    units, topics = site.registries.units, site.registries.topics
    pages = [
        ListingPage("home", "", "Trang chủ", site.bulletins[:home_latest], len(site.bulletins),
                    extra={"units": len(units), "topics": len(topics), "people": len(site.people),
                           "campaigns": open_campaigns(site)}),
        ListingPage("units", "don-vi/", "Đơn vị", total=len(site.bulletins),
                    extra={"tree": unit_tree(site)}),
        ListingPage("topics", "chu-de/", "Chủ đề", total=len(site.bulletins),
                    extra={"topics": [(topic, len(site.by_topic[topic.id])) for topic in topics]}),
    ]
    tree = site.registries.tree
    findings = unit_findings(site)
    for unit in units:
        family = {"parent": units.by_id.get(unit.parent or ""), "children": tree.children.get(unit.id, []),
                  "findings": findings.get(unit.id, []),
                  "chart": year_chart(site.by_unit[unit.id]),
                  "campaigns": unit_campaigns(site, unit)}
        pages += paginate("unit", unit.url, unit.name, site.by_unit[unit.id], per_page, unit, family)
    for topic in topics:
        pages += paginate("topic", topic.url, topic.name, site.by_topic[topic.id], per_page, topic)
    return pages + campaign_pages(site) + people_pages(site, per_page) + archive_pages(site) + [search_page(site)]


def campaign_pages(site: Site) -> list[ListingPage]:
    """``dot-kiem-diem/``: the campaigns, the latest to start first, with their progress; ``dot-kiem-diem/<id>/``:
    a campaign's facts, chart and units in scope. None when the site has no campaigns."""
    if not site.campaigns:
        return []
    today = local(site.now).date()
    progress = list(site.progress.values())
    pages = [ListingPage("campaigns", CAMPAIGNS_URL, "Đợt kiểm điểm", total=len(progress),
                         extra={"progress": progress})]
    for one in progress:
        pages.append(ListingPage("campaign", one.campaign.url, one.campaign.name, total=one.tally.total,
                                 extra={"progress": one, "chart": campaign_chart(one, today)}))
    return pages


def open_campaigns(site: Site) -> list[Progress]:
    """The campaigns whose deadline has not passed, for the home page."""
    return [progress for progress in site.progress.values() if progress.is_open]


def unit_campaigns(site: Site, unit: Unit) -> list[UnitStanding]:
    """The campaigns whose scope includes ``unit``, the latest to start first, with where it stands in each."""
    tree = site.registries.tree
    return [standing for progress in site.progress.values() if (standing := progress.standing_of(unit.id, tree))]


def search_page(site: Site) -> ListingPage:
    """``tim-kiem/``: the query box and filters; the results come from Pagefind in the browser."""
    return ListingPage("search", SEARCH_URL, "Tìm kiếm", total=len(published(site)),
                       extra={"filters": search_filters(site)})


def people_pages(site: Site, per_page: int) -> list[ListingPage]:
    """``nhan-vat/``: everyone by given name; ``nhan-vat/<slug>/``: a person's bulletins and roles."""
    people = site.people
    pages = [ListingPage("people", PEOPLE_URL, "Nhân vật", total=len(people), extra={"groups": people.by_initial()})]
    for person in people.individuals:
        roles = {appearance.bulletin.path: appearance.role for appearance in person.appearances}
        pages += paginate("person", person.url, person.name, person.bulletins, per_page,
                          extra={"person": person, "roles": roles})
    return pages


def archive_pages(site: Site) -> list[ListingPage]:
    """``luu-tru/``: the years with counts; ``luu-tru/<yyyy>/``: that year's bulletins by month."""
    pages = [ListingPage("archive", ARCHIVE_URL, "Lưu trữ", total=len(site.bulletins), extra={"years": site.years})]
    years = site.years
    for index, year in enumerate(years):
        neighbours = {"newer": years[index - 1] if index else None,
                      "older": years[index + 1] if index + 1 < len(years) else None}
        pages.append(ListingPage("year", year.url, f"Năm {year.year}", year.bulletins, year.count,
                                 extra={"year": year, **neighbours}))
    return pages
