"""The unit and topic registries: lookup by any spelling of a name (``unitnames`` for units), and the tree of units."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from .errors import HintedError, Problem, did_you_mean
from .i18n import N_, _
from .schema import TopicEntry, UnitEntry, validate
from .sourcefile import read_yaml_file
from .unitnames import unit_key
from .vietnamese import collation_key, match_key

UNITS_FILE = "units.yml"
TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    short: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    description: str | None = None

    @property
    def url(self) -> str:
        return f"don-vi/{self.id}/"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *([self.short] if self.short else []), *self.aliases)


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None

    @property
    def url(self) -> str:
        return f"chu-de/{self.id}/"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class LookupProblem(HintedError, LookupError):
    """A name that means no entry, or several."""


@dataclass(frozen=True)
class Wording:
    """What a catalog says when a name means no entry or several: one whole sentence each, for its kind."""

    several: str
    unknown: str
    what_to_do: str


UNIT_WORDING = Wording(N_('"{name}" could mean several units: {choices}'), N_('unknown unit "{name}"'),
                       N_("Use an id, name or alias from {registry}, or add the unit there"))
TOPIC_WORDING = Wording(N_('"{name}" could mean several topics: {choices}'), N_('unknown topic "{name}"'),
                        N_("Use an id, name or alias from {registry}, or add the topic there"))

Entry = TypeVar("Entry", Unit, Topic)


class Catalog(Generic[Entry]):
    """Entries by id, and by every spelling of their names under ``key`` (``match_key``, or for units
    ``unit_key``): a lookup is a dict lookup. Ids are filed as written (under ``match_key``), so that the
    unit key's reading of punctuation does not make "Dang uy Khoi" the id ``dang-uy-khoi``."""

    def __init__(self, entries: list[Entry], registry_file: str, wording: Wording, key: Callable[[str], str]):
        self.registry_file = registry_file
        self.wording = wording
        self.key = key
        self.by_id: dict[str, Entry] = {entry.id: entry for entry in entries}
        self._by_key: dict[str, set[str]] = {}
        for entry in entries:
            for filed in (match_key(entry.id), *map(key, entry.names)):
                self._by_key.setdefault(filed, set()).add(entry.id)

    def __iter__(self) -> Iterator[Entry]:
        return iter(sorted(self.by_id.values(), key=lambda entry: collation_key(entry.name)))

    def __len__(self) -> int:
        return len(self.by_id)

    def resolve(self, name: str) -> Entry:
        """The one entry this name means, or a ``LookupProblem`` saying what to write instead."""
        ids = self._by_key.get(match_key(name), set()) | self._by_key.get(self.key(name), set())
        if len(ids) == 1:
            return self.by_id[next(iter(ids))]
        if ids:
            choices = ", ".join(sorted(ids))
            raise LookupProblem(_(self.wording.several).format(name=name, choices=choices), _("write the id"))
        spellings = [spelling for entry in self.by_id.values() for spelling in (*entry.names, entry.id)]
        what_to_do = _(self.wording.what_to_do).format(registry=self.registry_file)
        guess = did_you_mean(name, spellings, key=match_key)  # as written: the unit key's "đảng bộ" is no likeness
        raise LookupProblem(_(self.wording.unknown).format(name=name), f"{guess} {what_to_do}" if guess else what_to_do)


class UnitTree:
    """Parents and sub-units, computed once; ``descendants`` is what a unit's page rolls up."""

    def __init__(self, units: Catalog[Unit]):
        self.units = units
        self.children: dict[str | None, list[Unit]] = {}
        for unit in units:  # collation order, so children come out sorted
            self.children.setdefault(unit.parent, []).append(unit)
        self._descendants: dict[str, tuple[str, ...]] = {}
        self._ancestors: dict[str, tuple[Unit, ...]] = {}

    @property
    def roots(self) -> list[Unit]:
        return self.children.get(None, [])

    def descendants(self, unit_id: str) -> tuple[str, ...]:
        """The unit's id and every sub-unit's, at any depth."""
        if unit_id not in self._descendants:
            ids = [unit_id]
            for child in self.children.get(unit_id, []):
                ids.extend(self.descendants(child.id))
            self._descendants[unit_id] = tuple(ids)
        return self._descendants[unit_id]

    def ancestors(self, unit_id: str) -> tuple[Unit, ...]:
        """From the unit's parent up to its root (asked for every bulletin's units: computed once per unit)."""
        if unit_id not in self._ancestors:
            parent = self.units.by_id[unit_id].parent
            self._ancestors[unit_id] = () if parent is None else (self.units.by_id[parent], *self.ancestors(parent))
        return self._ancestors[unit_id]


@dataclass
class Registries:
    units: Catalog[Unit]
    topics: Catalog[Topic]
    tree: UnitTree


def load_registries(content_dir: Path) -> tuple[Registries, list[Problem]]:
    """Both registries from ``content_dir``, and every problem found in them."""
    problems: list[Problem] = []
    unit_entries = _load(content_dir, UNITS_FILE, UnitEntry, problems, required=True)
    topic_entries = _load(content_dir, TOPICS_FILE, TopicEntry, problems, required=False)
    units = Catalog([_unit(entry) for entry, _ in unit_entries], UNITS_FILE, UNIT_WORDING, unit_key)
    topics = Catalog([_topic(entry) for entry, _ in topic_entries], TOPICS_FILE, TOPIC_WORDING, match_key)
    problems += _check_parents(unit_entries, units)
    problems += _check_cycles(unit_entries, units)
    return Registries(units, topics, UnitTree(units)), sorted(problems)


def _unit(entry: UnitEntry) -> Unit:
    return Unit(entry.id, entry.name, entry.short, tuple(entry.aliases), entry.parent, entry.description)


def _topic(entry: TopicEntry) -> Topic:
    return Topic(entry.id, entry.name, tuple(entry.aliases), entry.description)


def _load(content_dir, filename, model, problems, required):
    """Valid entries with their lines; every problem (bad entry, duplicate id) goes to ``problems``."""
    path = content_dir / filename
    if not path.exists():
        if required:
            problems.append(Problem(filename, 1, "file", _("the registry is missing"),
                                    _("create {file} with a list of entries (id, name, ...)").format(file=filename)))
        return []
    document, read_problems = read_yaml_file(path, filename)
    problems += read_problems
    if document is None or document.data is None:
        return []
    if not isinstance(document.data, list):
        problems.append(Problem(filename, 1, "file", _("must be a list of entries"),
                                _("start each entry with '- id: ...'")))
        return []
    entries: list[tuple[UnitEntry | TopicEntry, int]] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(document.data):
        line = document.line(index)
        if not isinstance(item, dict):
            problems.append(Problem(filename, line, "entry",
                                    _("entry {number} must be a mapping").format(number=index + 1),
                                    _("write it as '- id: ...' with name and the other fields below")))
            continue
        entry, entry_problems = validate(model, item, document, filename, prefix=(index,))
        problems += entry_problems
        if entry is None:
            continue
        if entry.id in first_line:
            problems.append(Problem(filename, document.line(index, "id"), "id",
                                    _('duplicate id "{id}" (first on line {line})').format(
                                        id=entry.id, line=first_line[entry.id]),
                                    _("give each entry its own id")))
            continue
        first_line[entry.id] = document.line(index, "id")
        entries.append((entry, document.line(index, "parent")))
    return entries


def _check_parents(entries, units: Catalog[Unit]) -> list[Problem]:
    problems = []
    for entry, line in entries:
        if entry.parent is not None and entry.parent not in units.by_id:
            hint = (did_you_mean(entry.parent, list(units.by_id))
                    or _("use the id of a unit in {registry}").format(registry=UNITS_FILE))
            message = _('unit "{id}" has an unknown parent "{parent}"').format(id=entry.id, parent=entry.parent)
            problems.append(Problem(UNITS_FILE, line, "parent", message, hint))
    return problems


def _check_cycles(entries, units: Catalog[Unit]) -> list[Problem]:
    """One problem per cycle of parents, reported at the line of its first unit."""
    problems, reported = [], set()
    lines = {entry.id: line for entry, line in entries}
    for unit in units.by_id.values():
        chain: list[str] = []
        current: str | None = unit.id
        while current in units.by_id and current not in chain:
            chain.append(current)
            current = units.by_id[current].parent
        if current is not None and current in chain:
            cycle = chain[chain.index(current):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                loop = " → ".join([*cycle, current])
                problems.append(Problem(UNITS_FILE, lines[cycle[0]], "parent",
                                        _("units are their own ancestors: {cycle}").format(cycle=loop),
                                        _("break the cycle by changing one parent")))
    # An entry in a cycle never reaches a root; drop its parent so the tree stays a tree.
    for unit_id in reported:
        units.by_id[unit_id] = replace(units.by_id[unit_id], parent=None)
    return problems
