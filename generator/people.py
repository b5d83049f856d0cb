"""Everyone named as a participant: one entry per person across all bulletins, with an ASCII page slug.

A person is recognised by ``Person.key``: the participant's ``id`` when given, else the name under
``match_key`` (so NFC/NFD, case and old/new tone placement do not split one person in two).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .content import Bulletin
from .vietnamese import ALPHABET, collation_key, given_name_key, nfc, slugify

URL_PREFIX = "nhan-vat/"


@dataclass(frozen=True)
class Appearance:
    """One bulletin a person took part in, and the role they held in it."""

    bulletin: Bulletin
    role: str | None
    unit_name: str | None


@dataclass(frozen=True)
class Individual:
    """One person across bulletins: the most common spelling of their name, and where they appear."""

    key: str
    slug: str
    name: str
    appearances: tuple[Appearance, ...]  # newest first

    def __repr__(self) -> str:
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        """Everything pages show of the person, compact and made once: preview rebuilds compare it for the
        person's pages and the people index (``SharedDigests``)."""
        seen = [(appearance.bulletin.version, appearance.role, appearance.unit_name) for appearance in self.appearances]
        return f"Individual({self.key!r}, {self.slug!r}, {self.name!r}, {seen!r})"

    @property
    def url(self) -> str:
        return f"{URL_PREFIX}{self.slug}/"

    @property
    def bulletins(self) -> list[Bulletin]:
        return [appearance.bulletin for appearance in self.appearances]

    @property
    def latest_role(self) -> str | None:
        return next((appearance.role for appearance in self.appearances if appearance.role), None)

    @property
    def initial(self) -> str:
        """The letter the given name is listed under: ``Út`` → ``U``, ``Ước`` → ``Ư``, ``Đức`` → ``Đ``."""
        words = self.name.split()
        given = words[-1] if words else "?"
        letters = collation_key(given)[0]
        rank = letters[0] if letters else -1
        return ALPHABET[rank].upper() if 0 <= rank < len(ALPHABET) else given[:1].upper()


@dataclass
class PeopleIndex:
    """People in Vietnamese order by given name; lookup by key and by slug."""

    individuals: list[Individual]

    def __post_init__(self):
        self.by_key = {person.key: person for person in self.individuals}
        self.url_by_key = {person.key: person.url for person in self.individuals}

    def __len__(self) -> int:
        return len(self.individuals)

    def by_initial(self) -> list[tuple[str, list[Individual]]]:
        """Consecutive groups of the ordered list sharing the initial of the given name."""
        groups: list[tuple[str, list[Individual]]] = []
        for person in self.individuals:
            if not groups or groups[-1][0] != person.initial:
                groups.append((person.initial, []))
            groups[-1][1].append(person)
        return groups


def index_people(bulletins: Iterable[Bulletin]) -> PeopleIndex:
    """Every participant of ``bulletins`` (given newest first) as one ``Individual`` per person."""
    appearances: dict[str, list[Appearance]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    has_id: dict[str, bool] = {}
    for bulletin in bulletins:
        seen: set[str] = set()
        for person in bulletin.participants:
            if person.key in seen:
                continue  # named twice in one bulletin: one appearance
            seen.add(person.key)
            appearances[person.key].append(Appearance(bulletin, person.role, person.unit_name))
            spellings[person.key][nfc(person.name)] += 1
            has_id[person.key] = person.id is not None
    names = {key: _most_common(counter) for key, counter in spellings.items()}
    slugs = _slugs(names, has_id, {key: found[-1].bulletin for key, found in appearances.items()})
    people = [Individual(key, slugs[key], names[key], tuple(appearances[key])) for key in names]
    people.sort(key=lambda person: (given_name_key(person.name), person.slug))
    return PeopleIndex(people)


def _most_common(counter: Counter[str]) -> str:
    """The spelling used most; on a tie the one met first, which is the newest bulletin's."""
    return counter.most_common(1)[0][0]


def _slugs(names: dict[str, str], has_id: dict[str, bool], first_seen: dict[str, Bulletin]) -> dict[str, str]:
    """ASCII slugs, each unique: a participant's ``id`` when given, else the name's slug.

    Ids are served first, then people in the order they first appeared, so adding new bulletins does
    not move an existing page; a later namesake gets ``-2``, ``-3``, ...
    """
    order = sorted(names, key=lambda key: (not has_id[key], first_seen[key].date, first_seen[key].path, key))
    used: set[str] = set()
    slugs = {}
    for key in order:
        base = key if has_id[key] else (slugify(names[key]) or "nguoi")
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        slugs[key] = slug
    return slugs
