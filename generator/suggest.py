"""Proposing units, topics and participants from an article's text, for an editor to confirm.

Nothing here is invented: units and topics are registry names and aliases that occur in the text
(matched under their catalog's key: case and tone placement never matter, and a unit is found however
newspapers write it, "BTV Đảng ủy X" or "Đảng bộ X", see ``unitnames``), and participants are the
people newspapers introduce as "đồng chí Lê Việt Triều, Phó Bí thư Đảng ủy Khối".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .registry import Catalog, Registries, Topic, Unit
from .vietnamese import ALPHABET, TONE_MARKS, match_key, nfc


def _letters() -> tuple[str, str]:
    """Every Vietnamese letter, with and without a tone mark, in lower and upper case."""
    lower = {nfc(letter + mark) for letter in ALPHABET for mark in ("", *TONE_MARKS)}
    lower = {letter for letter in lower if len(letter) == 1}
    return "".join(sorted(lower)), "".join(sorted(letter.upper() for letter in lower))


LOWER, UPPER = _letters()
# How newspapers introduce a person: a form of address, the name, then the role after a comma or a dash
# ("đồng chí Lê Việt Triều, Phó Bí thư Đảng ủy Khối"; "ông Trần Văn An - Bí thư Chi bộ").
ADDRESS = ("đồng chí", "đ/c", "đảng viên", "ông", "bà")
# Lower-case words a role may open with ("nguyên Bí thư Chi bộ"); otherwise it opens with a capital.
ROLE_OPENERS = ("nguyên", "quyền")
# A role ends at a punctuation mark, or before a verb or the start of a clause: "…, Phó Bí thư Đảng ủy Khối
# chủ trì hội nghị", "…, Bí thư Chi bộ dự và phát biểu", "…, Bí thư Chi bộ và đồng chí …".
ROLE_ENDERS = (
    "chủ trì", "cho biết", "cho rằng", "phát biểu", "nói", "dự", "tham dự", "nhấn mạnh", "khẳng định", "cùng",
    "đã", "đang", "sẽ", "vừa", "cũng", "thì", "là", "đến", "trao", "tặng", "thăm", "làm việc", "yêu cầu",
    "đề nghị", "trình bày", "chia sẻ", "chúc mừng", "kết luận", "quán triệt", "giới thiệu", "và các",
    *(f"và {word}" for word in ADDRESS),
)
# Nouns that begin with one of those words yet belong to the role ("Ủy viên dự khuyết", "Ban Quản lý dự án").
ROLE_NOUNS = ("dự án", "dự bị", "dự khuyết", "dự phòng", "dự thảo", "dự toán", "dự báo", "dự trữ")


def any_of(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, the longest first (so it wins), any run of spaces where one is."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


_WORD = f"[{UPPER}][{LOWER}]*"
_NAME = f"{_WORD}(?: {_WORD}){{1,4}}"
_NOT_IN_ROLE = ",.;:!?\"“”()\\[\\]\n…"
_ROLE_END = (rf"(?=\s*(?:[{_NOT_IN_ROLE}]|$)"
             rf"|\s+(?!(?:{any_of(ROLE_NOUNS)})(?!\w))(?:{any_of(ROLE_ENDERS)})(?!\w))")
_ROLE = rf"(?:(?:{any_of(ROLE_OPENERS)}) )?[{UPPER}][^{_NOT_IN_ROLE}]{{1,150}}?{_ROLE_END}"
_PERSON = re.compile(
    rf"(?<!\w)(?i:{any_of(ADDRESS)})\s+(?P<name>{_NAME})(?:,\s+|\s+[-–]\s+)(?P<role>{_ROLE})"
)
MAX_ROLE_WORDS = 16


@dataclass(frozen=True)
class Found:
    """A registry entry named in the text: its registered name that was found there, and how often."""

    entry: Unit | Topic
    spelling: str
    count: int


@dataclass(frozen=True)
class ProposedPerson:
    name: str
    role: str
    unit: str | None = None  # a unit id, when the role names exactly one registered unit

    @property
    def front_matter(self) -> dict[str, str]:
        fields = {"name": self.name, "role": self.role}
        return fields | ({"unit": self.unit} if self.unit else {})


class NameFinder:
    """Finds the names of a catalog's entries in a text, the longest name winning where names overlap.

    Names and text are compared under the catalog's key; the key of a text holds the key of every name in it.
    """

    def __init__(self, catalog: Catalog, with_short_names: bool = False):
        self.catalog = catalog
        self._entry: dict[str, Unit | Topic | None] = {}
        self._spelling: dict[str, str] = {}
        for entry in catalog.by_id.values():
            names = [entry.name, *entry.aliases]
            if with_short_names and getattr(entry, "short", None):
                names.append(entry.short)
            for name in names:
                key = catalog.key(name)
                if not key:
                    continue
                known = self._entry.get(key, entry)
                self._entry[key] = entry if known is entry else None  # a name shared by two entries is no hint
                self._spelling.setdefault(key, name)
        keys = sorted(self._entry, key=len, reverse=True)
        self._pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, keys))})(?!\w)") if keys else None

    def find(self, text: str) -> list[Found]:
        """Entries named in ``text``, the most often named first (then in order of appearance)."""
        if self._pattern is None:
            return []
        counts: Counter[str] = Counter()
        first: dict[str, tuple[int, str]] = {}
        for match in self._pattern.finditer(self.catalog.key(text)):
            entry = self._entry[match.group()]
            if entry is not None:
                counts[entry.id] += 1
                first.setdefault(entry.id, (match.start(), self._spelling[match.group()]))
        order = sorted(counts, key=lambda entry_id: (-counts[entry_id], first[entry_id][0]))
        return [Found(self.catalog.by_id[entry_id], first[entry_id][1], counts[entry_id]) for entry_id in order]


class Suggester:
    """Units, topics and participants proposed from a text; built once per registry."""

    def __init__(self, registries: Registries):
        self.registries = registries
        self._units = NameFinder(registries.units)
        self._topics = NameFinder(registries.topics)
        self._role_units = NameFinder(registries.units, with_short_names=True)

    def units(self, text: str) -> list[Found]:
        return self._units.find(text)

    def topics(self, text: str) -> list[Found]:
        return self._topics.find(text)

    def participants(self, text: str) -> list[ProposedPerson]:
        """Each person introduced with a role, once (the first time), in order of appearance."""
        people: dict[str, ProposedPerson] = {}
        for match in _PERSON.finditer(nfc(text)):
            name = match.group("name")
            role = " ".join(match.group("role").split()[:MAX_ROLE_WORDS]).rstrip(" -–")
            if match_key(name) not in people:
                people[match_key(name)] = ProposedPerson(name, role, self._unit_in(role))
        return list(people.values())

    def _unit_in(self, role: str) -> str | None:
        found = self._role_units.find(role)
        return found[0].entry.id if found else None
