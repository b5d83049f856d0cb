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
from collections.abc import Sequence
from dataclasses import dataclass

from .content import Bulletin

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

    def __init__(self, bulletins: Sequence[Bulletin]):
        self.profiles: dict[str, Profile] = {}
        self.by_unit: dict[str, list[Bulletin]] = defaultdict(list)
        self.unit_groups: dict[tuple[str, frozenset], list[Bulletin]] = defaultdict(list)
        self.unit_sets_with_topic: dict[tuple[str, str], set[frozenset]] = defaultdict(set)
        self.topic_groups: dict[frozenset, list[Bulletin]] = defaultdict(list)
        self.sets_with_topic: dict[str, set[frozenset]] = defaultdict(set)
        self.by_person: dict[str, list[Bulletin]] = defaultdict(list)
        self.by_person_in_unit: dict[tuple[str, str], list[Bulletin]] = defaultdict(list)
        for bulletin in bulletins:
            profile = self.profiles[bulletin.path] = Profile.of(bulletin)
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


def reading_links(bulletins: Sequence[Bulletin], count: int = RELATED) -> dict[str, Reading]:
    """For each bulletin's path: its related bulletins and its unit neighbours. ``bulletins`` newest first."""
    indexes = _Indexes(bulletins)
    neighbours: dict[str, tuple[Bulletin | None, Bulletin | None]] = {}
    for same_unit in indexes.by_unit.values():
        for position, bulletin in enumerate(same_unit):
            newer = same_unit[position - 1] if position > 0 else None
            older = same_unit[position + 1] if position + 1 < len(same_unit) else None
            neighbours[bulletin.path] = (older, newer)
    return {
        bulletin.path: Reading(indexes.most_related(bulletin, count), *neighbours[bulletin.path])
        for bulletin in bulletins
    }
