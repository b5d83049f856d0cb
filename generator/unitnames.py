"""Unit names as newspapers write them: one key for every way of naming one unit.

A party organisation and its committee are one unit in a bulletin. "Đảng bộ Khối Doanh nghiệp", "Đảng ủy Khối
Doanh nghiệp", "Ban Thường vụ Đảng ủy Khối Doanh nghiệp", "BTV Đảng ủy Khối Doanh nghiệp" and "cấp ủy Khối
Doanh nghiệp" all get the key of "Đảng bộ Khối Doanh nghiệp"; "Thành ủy Cần Thơ" that of "Đảng bộ thành phố
Cần Thơ"; "Chi ủy (Chi bộ) X" that of "Chi bộ X"; "LĐ-TB&XH" and "Lao động, Thương binh và Xã hội" that of
"Lao động - Thương binh và Xã hội". The registry files each name under its key, so a lookup stays a dict
lookup, and a name with no alias for one of these forms is still found.

What the key keeps apart:

- the rest of the name: "Đảng ủy Khối Doanh nghiệp" is not "Đảng ủy Khối Cơ quan Dân Chính Đảng";
- a chi bộ from a đảng bộ: "Chi ủy X" is "Chi bộ X", never "Đảng bộ X";
- a state body from its party organisation: "Sở Lao động - Thương binh và Xã hội" is not "Đảng ủy Sở Lao động -
  Thương binh và Xã hội". Bulletins belong to the party organisation, but a registry may list the Sở as a unit
  of its own, and merging the two would make every mention of either ambiguous. An editor who wants the Sở's
  name to mean its Đảng ủy adds it as an alias;
- diacritics: "Dang bo" is not "Đảng bộ", as elsewhere in front-matter. The search page's unit box, where
  people type without them, uses ``typed_unit_key``: the same rules on folded text.

The rules are tables of words, replaced at word boundaries wherever they stand, so the key of a text holds the
key of each unit name the text contains: ``suggest`` finds units in an article by looking for their keys in
the article's key. Punctuation inside names (dashes, commas, brackets, ``&``) is ignored; punctuation that
ends a sentence is kept, so a name never runs on into the next sentence. (In a list, "Đảng ủy Khối, Doanh
nghiệp X" does read as "Đảng ủy Khối Doanh nghiệp": what ``suggest`` finds is a proposal an editor reviews.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .vietnamese import fold, match_key

# Abbreviations used in unit names, and what they stand for.
ABBREVIATIONS = {
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "TP.": "thành phố",
    "TP": "thành phố",
}
# A committee named after its level is the đảng bộ of that level: "Tỉnh ủy Y" (or "Tỉnh ủy tỉnh Y") is
# "Đảng bộ tỉnh Y".
LEVEL_COMMITTEES = {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Quận ủy": "quận", "Huyện ủy": "huyện",
                    "Thị ủy": "thị xã"}
# Other committees are named after their organisation: "Đảng ủy X" and "cấp ủy X" are "Đảng bộ X".
COMMITTEES = {"Đảng ủy": "Đảng bộ", "Cấp ủy": "Đảng bộ", "Chi ủy": "Chi bộ"}
ORGANISATIONS = ("Đảng bộ", "Chi bộ")
# Bodies that lead an organisation, one unit with it: "Ban Thường vụ Đảng ủy X" is "Đảng bộ X". Before an
# organisation, another organisation's word goes too: "cấp ủy Chi bộ X" and "Chi ủy (Chi bộ) X" are "Chi bộ X".
LEADING_BODIES = ("Ban Thường vụ", "Ban Chấp hành")

# Punctuation inside a name, ignored with the spaces around it ("Lao động - Thương binh", "Chi ủy (Chi bộ) X");
# "&" is read as "và".
_AMPERSAND = r"\s*&\s*"
_NAME_PUNCTUATION = r"[\s\-‐–—,()/]+"
_ALPHANUMERIC = re.compile(r"[^\W_]+")

Rule = tuple[str, str]  # a regular expression, written so that JavaScript reads it alike, and its replacement


class NameKey:
    """The unit key of names in one normal form (``match_key``, or ``fold`` for typed names): the tables above
    as rules on text in that form, applied in order. ``rules`` are what the search page applies to what is typed
    (``fold``: ASCII text, where Python's and JavaScript's ``\\w`` agree)."""

    def __init__(self, normal_form: Callable[[str], str]):
        self.normal_form = normal_form
        spelling = [(_AMPERSAND, f" {normal_form('và')} "), (_NAME_PUNCTUATION, " ")]
        self._spelling = _compiled(spelling)
        committees = COMMITTEES | {f"{committee}{repeated}": f"Đảng bộ {level}"
                                   for committee, level in LEVEL_COMMITTEES.items() for repeated in ("", f" {level}")}
        self.rules: list[Rule] = [*spelling, *self._replacements(ABBREVIATIONS), *self._replacements(committees),
                                  self._leaders_dropped()]
        self._rules = _compiled(self.rules)

    def __call__(self, name: str) -> str:
        return _applied(self._rules, self.normal_form(name))

    def _spelled(self, phrase: str) -> str:
        """A phrase of the tables as text reads when the rules come to it: in normal form, punctuation ignored."""
        return _applied(self._spelling, self.normal_form(phrase))

    def _any_of(self, phrases: Iterable[str]) -> str:
        spelled = sorted({self._spelled(phrase) for phrase in phrases}, key=lambda phrase: (-len(phrase), phrase))
        return "|".join(map(re.escape, spelled))

    def _replacements(self, table: dict[str, str]) -> list[Rule]:
        """One rule per replacement, for every phrase the table replaces by it, as whole words."""
        phrases: dict[str, list[str]] = {}
        for phrase, replacement in table.items():
            phrases.setdefault(self._spelled(replacement), []).append(phrase)
        return [(rf"(?<!\w)(?:{self._any_of(group)})(?!\w)", replacement) for replacement, group in phrases.items()]

    def _leaders_dropped(self) -> Rule:
        """Leading bodies and organisations before an organisation go: only the last organisation names the unit."""
        leaders, organisations = self._any_of((*LEADING_BODIES, *ORGANISATIONS)), self._any_of(ORGANISATIONS)
        return rf"(?<!\w)(?:(?:{leaders}) )+(?=(?:{organisations})(?!\w))", ""


def _compiled(rules: list[Rule]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(source), replacement) for source, replacement in rules]


def _applied(rules: list[tuple[re.Pattern[str], str]], text: str) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text.strip()


_UNIT_KEY = NameKey(match_key)
TYPED_UNIT_KEY = NameKey(fold)


@lru_cache(maxsize=1 << 16)  # a site names the same units thousands of times
def unit_key(name: str) -> str:
    """The key under which every way of writing one unit's name is equal (see the module's docstring).

    As with ``match_key``, case, spaces, Unicode form and old or new tone placement do not matter either.
    """
    return _UNIT_KEY(name)


def typed_unit_key(name: str) -> str:
    """``unit_key`` without diacritics (đ written d): how the search page's unit box reads what is typed."""
    return TYPED_UNIT_KEY(name)


def typed_spelling(name: str) -> str:
    """A name without diacritics or punctuation, its words one space apart: how a name reads while it is typed,
    before the rules of ``unit_key`` can apply to its last, unfinished word."""
    return " ".join(_ALPHANUMERIC.findall(fold(name)))
