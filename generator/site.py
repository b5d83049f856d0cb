"""All bulletins of one build, read and checked first, then indexed once by unit, topic, person and year."""

from __future__ import annotations

import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from .archive import Year, index_years
from .campaigns import Campaign, Progress, campaign_progress, load_campaigns
from .content import Bulletin, Status, bulletin_url, read_bulletin
from .errors import ContentError, Problem
from .glossary import Glossary, load_glossary
from .i18n import _
from .people import PeopleIndex, index_people
from .redirects import alias_problems
from .registry import Registries, load_registries
from .vietnamese import local

BULLETINS_DIR = "bulletins"


def newest_first(bulletins) -> list[Bulletin]:
    return sorted(bulletins, key=lambda bulletin: (bulletin.date, bulletin.path), reverse=True)


@dataclass
class Site:
    """The bulletins a build shows, and the indexes every listing page is made from."""

    registries: Registries
    now: datetime
    bulletins: list[Bulletin]
    hidden: list[Bulletin] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    glossary: Glossary = field(default_factory=Glossary)
    # Warnings about drafts a build leaves out: they change nothing it shows, so they stop nothing.
    draft_warnings: list[Problem] = field(default_factory=list)
    # The preview's bulletins left out for their errors: every problem of each, by path.
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    campaigns: list[Campaign] = field(default_factory=list)

    def __post_init__(self):
        self.bulletins = newest_first(self.bulletins)
        self.campaigns = sorted(self.campaigns, key=lambda campaign: campaign.id)
        self.by_path = {bulletin.path: bulletin for bulletin in self.bulletins}
        self.by_unit = self._roll_up()
        self.by_topic: dict[str, list[Bulletin]] = defaultdict(list)
        for bulletin in self.bulletins:
            for topic in bulletin.topics:
                self.by_topic[topic.id].append(bulletin)

    def _roll_up(self) -> dict[str, list[Bulletin]]:
        """For each unit, its own bulletins and every sub-unit's, newest first, each once."""
        tree = self.registries.tree
        found: dict[str, dict[int, Bulletin]] = defaultdict(dict)
        for bulletin in self.bulletins:
            for unit in bulletin.units:
                for unit_id in (unit.id, *(parent.id for parent in tree.ancestors(unit.id))):
                    found[unit_id][id(bulletin)] = bulletin
        return defaultdict(list, {unit_id: newest_first(items.values()) for unit_id, items in found.items()})

    @cached_property
    def people(self) -> PeopleIndex:
        return index_people(self.bulletins)

    @cached_property
    def years(self) -> list[Year]:
        """Newest first, each with its months."""
        return index_years(self.bulletins)

    def status(self, bulletin: Bulletin) -> Status:
        return bulletin.status(self.now)

    def campaigns_of(self, bulletin: Bulletin) -> tuple[Campaign, ...]:
        """The campaigns a bulletin counts for, by id; none for a draft or a bulletin dated later."""
        return self._counted_for.get(bulletin.path, ())

    @cached_property
    def _counted_for(self) -> dict[str, tuple[Campaign, ...]]:
        found = {}
        for bulletin in self.bulletins:
            if self.status(bulletin).is_published:
                if campaigns := tuple(campaign for campaign in self.campaigns if campaign.counts(bulletin)):
                    found[bulletin.path] = campaigns
        return found

    @cached_property
    def progress(self) -> dict[str, Progress]:
        """Each campaign's progress at the build's time, by id, the latest to start first."""
        counting: dict[str, list[Bulletin]] = defaultdict(list)
        for bulletin in self.bulletins:
            for campaign in self.campaigns_of(bulletin):
                counting[campaign.id].append(bulletin)
        today = local(self.now).date()
        latest_first = sorted(self.campaigns, key=lambda campaign: campaign.start, reverse=True)
        return {campaign.id: campaign_progress(campaign, counting[campaign.id], self.registries.tree, today)
                for campaign in latest_first}

    def error_pages(self) -> dict[str, list[Problem]]:
        """The addresses of broken bulletins, each with the problems the preview shows there instead (a file
        whose name makes no address has none)."""
        pages: dict[str, list[Problem]] = defaultdict(list)
        for path, problems in self.broken.items():
            if url := _address(path):
                pages[url] += problems
        return dict(pages)

    def unpublished_files(self, files: Iterable[str]) -> list[str]:
        """Of ``files`` (paths from the content folder: pictures, documents), those that only unpublished
        bulletins use, as their ``image`` or as the target of a link or picture in their text: left out of the
        site, like those bulletins. A file whose name any published bulletin's text contains stays.
        """
        files = {posixpath.normpath(path): path for path in files}
        shown = {posixpath.normpath(bulletin.image) for bulletin in self.bulletins if bulletin.image}
        hidden = {posixpath.normpath(bulletin.image) for bulletin in self.hidden if bulletin.image}
        targets = {name for bulletin in self.hidden for name in _link_targets(bulletin.text)}
        hidden |= {path for path in files if posixpath.basename(path) in targets}
        candidates = (hidden - shown) & files.keys()
        if not candidates:
            return []
        published = unquote("\0".join(bulletin.text for bulletin in self.bulletins))  # one search per candidate
        return sorted(files[path] for path in candidates if posixpath.basename(path) not in published)


# Where Markdown and HTML name a file: ](<target>), ](target), src="target" / href='target', [id]: target.
_LINK_TARGET = re.compile(r"""\]\(\s*<([^>\n]*)>|\]\(\s*([^)\s]+)|\b(?:src|href)\s*=\s*["']([^"'\n]+)["']"""
                          r"""|^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)""", re.MULTILINE | re.IGNORECASE)


def _link_targets(text: str) -> set[str]:
    """The file names (``%20`` and the like decoded) that links and pictures in ``text`` point to."""
    return {posixpath.basename(unquote(target.split("#")[0].split("?")[0]))
            for match in _LINK_TARGET.finditer(text) for target in match.groups() if target}


def bulletin_paths(content_dir: Path) -> list[str]:
    """Every ``.md`` file under ``bulletins/`` at any depth, as paths relative to the content folder.

    Folders linked to are not entered, as ``Path.rglob`` does not; read with ``os.scandir``, which knows an
    entry's type without asking the disk again for each of thousands of files.
    """
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".md") and entry.is_file():
                    found.append(prefix + entry.name)

    root = content_dir / BULLETINS_DIR
    if root.is_dir():
        walk(str(root), f"{BULLETINS_DIR}/")
    return sorted(found)


def load_site(content_dir: Path, now: datetime, include_unpublished: bool = False, read=read_bulletin,
              keep_going: bool = False) -> Site:
    """Read and check everything; raise one ``ContentError`` listing every error found.

    Unpublished bulletins (drafts, dated after ``now``) are left out unless ``include_unpublished``
    (the editor's preview); they are still checked. ``read`` reads one bulletin (``read_bulletin``, or a
    cache of it when serving). With ``keep_going`` (the preview) a bulletin with an error stops nothing: it is
    left out, its problems in ``Site.broken``, and any other bulletin at its address is hidden, so that the
    address shows the problems. Errors in the registries or the glossary still raise, without the problems of
    the bulletins they break.
    """
    registries, problems = load_registries(content_dir)
    bulletins: list[Bulletin] = []
    for path in bulletin_paths(content_dir):
        bulletin, found = read(content_dir, path, registries)
        problems += found
        if bulletin is not None:
            bulletins.append(bulletin)
    problems += _url_clashes(bulletins)
    problems += alias_problems(bulletins)
    glossary, found = load_glossary(content_dir)
    problems += found
    campaigns, found = load_campaigns(content_dir, registries, bulletins)
    problems += found
    broken = _broken(problems) if keep_going else {}
    problems = [problem for problem in problems if problem.path not in broken]
    if any(problem.is_error for problem in problems):
        raise ContentError(problems)
    closed = {bulletin_url(path) for path in broken}
    shown: list[Bulletin] = []
    hidden: list[Bulletin] = []
    for bulletin in (bulletin for bulletin in bulletins if bulletin.path not in broken):
        shows = bulletin.url not in closed and (include_unpublished or bulletin.status(now).is_published)
        (shown if shows else hidden).append(bulletin)
    drafts = set() if include_unpublished else {bulletin.path for bulletin in hidden if bulletin.draft}
    return Site(registries, now, shown, hidden, glossary=glossary, broken=broken, campaigns=campaigns,
                warnings=sorted(problem for problem in problems if problem.path not in drafts),
                draft_warnings=sorted(problem for problem in problems if problem.path in drafts))


def _broken(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Every problem of each bulletin that has an error, by its path."""
    broken = {problem.path for problem in problems
              if problem.is_error and problem.path.startswith(f"{BULLETINS_DIR}/")}
    found: dict[str, list[Problem]] = defaultdict(list)
    for problem in sorted(problems):
        if problem.path in broken:
            found[problem.path].append(problem)
    return dict(found)


def _address(path: str) -> str | None:
    """A bulletin file's address, or None when a folder or file name has no letter or digit to make it of."""
    url = bulletin_url(path)
    return None if "" in url[:-1].split("/") else url


def _url_clashes(bulletins: list[Bulletin]) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for bulletin in bulletins:
        if bulletin.url in first:
            problems.append(Problem(bulletin.path, 1, "file",
                                    _("would be published at /{url}, like {other}").format(
                                        url=bulletin.url, other=first[bulletin.url]),
                                    _("rename one of the two files")))
        else:
            first[bulletin.url] = bulletin.path
    return problems
