"""What to read next from a bulletin: related bulletins, and the previous and next of its primary unit.

Relatedness is compared as a tuple, so each level outweighs everything below it: sharing the primary unit,
then the number of shared topics, then the number of shared participants; newer first among equals.
Bulletins sharing none of these are not related.

Computed once per build without comparing every pair: candidates are gathered from indexes. Bulletins
with the same primary unit and the same set of topics relate alike to any other bulletin except through
participants, so only the newest few of each such group can make the top list; participants are looked
up through an index of people. The result equals ranking every other bulletin (tests/test_related.py).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from .content import Bulletin
from .incremental import PerBulletin

RELATED = 5


@dataclass(frozen=True)
class Reading:
    related: tuple[Bulletin, ...]
    previous: Bulletin | None  # the primary unit's bulletin before this one (older)
    next: Bulletin | None  # the primary unit's bulletin after this one (newer)


@dataclass(frozen=True)
class Profile:
    """What relatedness looks at in one bulletin (person keys are costly to make, so made once)."""

    unit: str
    topics: frozenset[str]
    people: frozenset[str]

    @classmethod
    def of(cls, bulletin: Bulletin) -> Profile:
        return cls(bulletin.primary_unit.id, frozenset(topic.id for topic in bulletin.topics),
                   frozenset(person.key for person in bulletin.participants))

    def relation(self, other: Profile) -> tuple[bool, int, int]:
        """How ``other`` relates to this: same primary unit, shared topics, shared participants."""
        return self.unit == other.unit, len(self.topics & other.topics), len(self.people & other.people)


def rank(one: Bulletin, other: Bulletin) -> tuple:
    """Sort key, higher first: the relation, then newer first (the path settles equal dates)."""
    return (*Profile.of(one).relation(Profile.of(other)), other.date, other.path)


class _Indexes:
    """The bulletins grouped the ways candidates are gathered; every list is newest first.

    A group is the bulletins with one primary unit and one set of topics (``unit_groups``), or with one
    set of topics in any unit (``topic_groups``).
    """

    def __init__(self, bulletins: Sequence[Bulletin], profile_of: Callable[[Bulletin], Profile] = Profile.of):
        self.profiles: dict[str, Profile] = {}
        self.by_unit: dict[str, list[Bulletin]] = defaultdict(list)
        self.unit_groups: dict[tuple[str, frozenset], list[Bulletin]] = defaultdict(list)
        self.unit_sets_with_topic: dict[tuple[str, str], set[frozenset]] = defaultdict(set)
        self.topic_groups: dict[frozenset, list[Bulletin]] = defaultdict(list)
        self.sets_with_topic: dict[str, set[frozenset]] = defaultdict(set)
        self.by_person: dict[str, list[Bulletin]] = defaultdict(list)
        self.by_person_in_unit: dict[tuple[str, str], list[Bulletin]] = defaultdict(list)
        for bulletin in bulletins:
            profile = self.profiles[bulletin.path] = profile_of(bulletin)
            unit, topics = profile.unit, profile.topics
            self.by_unit[unit].append(bulletin)
            self.unit_groups[unit, topics].append(bulletin)
            self.topic_groups[topics].append(bulletin)
            for topic in topics:
                self.unit_sets_with_topic[unit, topic].add(topics)
                self.sets_with_topic[topic].add(topics)
            for key in profile.people:
                self.by_person[key].append(bulletin)
                self.by_person_in_unit[key, unit].append(bulletin)

    def candidates(self, bulletin: Bulletin, count: int) -> set[Bulletin]:
        """A set holding every bulletin that can be among the ``count`` most related to ``bulletin``.

        Beyond the first ``count + 1`` of a group (one may be ``bulletin`` itself), a bulletin sharing
        no participant is outranked by at least ``count`` others, so it is left out.
        """
        keep = count + 1
        profile = self.profiles[bulletin.path]
        unit = profile.unit
        found = set(self.by_unit[unit][:keep])
        for topic in profile.topics:
            for topics in self.unit_sets_with_topic[unit, topic]:
                found.update(self.unit_groups[unit, topics][:keep])
        if len(self.by_unit[unit]) > count:  # the unit fills the list: other units cannot enter it
            for key in profile.people:
                found.update(self.by_person_in_unit[key, unit])
        else:
            for topics in {topics for topic in profile.topics for topics in self.sets_with_topic[topic]}:
                found.update(self.topic_groups[topics][:keep])
            for key in profile.people:
                found.update(self.by_person[key])
        found.discard(bulletin)
        return found

    def most_related(self, bulletin: Bulletin, count: int) -> tuple[Bulletin, ...]:
        """The ``count`` bulletins most related to ``bulletin``, most related first."""
        profile = self.profiles[bulletin.path]
        ranked = []
        for other in self.candidates(bulletin, count):
            relation = profile.relation(self.profiles[other.path])
            if any(relation):
                ranked.append(((*relation, other.date, other.path), other))
        return tuple(other for _, other in heapq.nlargest(count, ranked, key=lambda pair: pair[0]))

    def sharing(self, profile: Profile) -> Iterator[Bulletin]:
        """Every bulletin sharing the primary unit, a topic or a participant with ``profile``."""
        yield from self.by_unit[profile.unit]
        for topics in {topics for topic in profile.topics for topics in self.sets_with_topic[topic]}:
            yield from self.topic_groups[topics]
        for key in profile.people:
            yield from self.by_person[key]


def reading_links(bulletins: Sequence[Bulletin], count: int = RELATED) -> dict[str, Reading]:
    """For each bulletin's path: its related bulletins and its unit neighbours. ``bulletins`` newest first."""
    return ReadingCache().links(bulletins, count)


class ReadingCache:
    """``reading_links`` across the rebuilds of one preview (``mkdocs serve``).

    Whether another bulletin is related to X, and how much, depends only on the two bulletins. So when a
    bulletin is edited, added or deleted, only the bulletins sharing its primary unit, a topic or a participant
    (as it was or as it is now) can have a different list; the others keep theirs. Lists are kept as paths:
    a build may hand new objects for unchanged files.
    """

    def __init__(self):
        self._seen: dict[str, tuple[Profile, datetime]] = {}
        self._related: dict[str, tuple[str, ...]] = {}
        self._count = 0
        # Made again only for a bulletin read anew, so unchanged profiles also compare equal at once.
        self._profiles: PerBulletin[Profile] = PerBulletin()

    def __getstate__(self) -> dict:
        """What a later build reads (``buildcache``): not the profiles, which hold the bulletins, stored apart."""
        return {name: value for name, value in self.__dict__.items() if name != "_profiles"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _profiles=PerBulletin())

    def links(self, bulletins: Sequence[Bulletin], count: int = RELATED) -> dict[str, Reading]:
        indexes = _Indexes(bulletins, lambda bulletin: self._profiles.get(bulletin, Profile.of))
        by_path = {bulletin.path: bulletin for bulletin in bulletins}
        seen = {path: (indexes.profiles[path], bulletin.date) for path, bulletin in by_path.items()}
        if count == self._count:
            changed = {path for path in seen.keys() | self._seen.keys() if seen.get(path) != self._seen.get(path)}
            stale = self._sharing(changed, indexes, seen) & by_path.keys()
            self._related = {path: paths for path, paths in self._related.items() if path in by_path}
            self._profiles.keep_only(by_path)
        else:
            stale = set(by_path)
        for path in stale:
            self._related[path] = tuple(other.path for other in indexes.most_related(by_path[path], count))
        self._seen, self._count = seen, count
        neighbours = _unit_neighbours(indexes)
        return {path: Reading(tuple(by_path[other] for other in self._related[path]), *neighbours[path])
                for path in by_path}

    def _sharing(self, changed: set[str], indexes: _Indexes, seen: dict) -> set[str]:
        """The changed bulletins and every bulletin sharing something with one, before or after the change."""
        found = set(changed)
        for path in changed:
            for profile, _ in filter(None, (self._seen.get(path), seen.get(path))):
                found.update(bulletin.path for bulletin in indexes.sharing(profile))
        return found


def _unit_neighbours(indexes: _Indexes) -> dict[str, tuple[Bulletin | None, Bulletin | None]]:
    """Each bulletin's older and newer neighbour in its primary unit."""
    neighbours = {}
    for same_unit in indexes.by_unit.values():
        for position, bulletin in enumerate(same_unit):
            newer = same_unit[position - 1] if position > 0 else None
            older = same_unit[position + 1] if position + 1 < len(same_unit) else None
            neighbours[bulletin.path] = (older, newer)
    return neighbours
