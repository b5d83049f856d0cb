"""A review's findings (ưu điểm, hạn chế, nguyên nhân, giải pháp): the four parts with their headings, a unit's
shortcomings and remedies by campaign or year, and the findings a report's own signposts propose.

Review reports introduce each part with a signpost and a colon: "các ưu điểm … được ghi nhận là: …", "còn có
những mặt hạn chế, như: …", "đề ra các giải pháp khắc phục … là: …". The clauses after the colon, cut at
semicolons and sentence ends, are the findings, up to the end of the paragraph, the next signposted colon, or a
sentence that names a part ("… đã đề ra những giải pháp khắc phục cụ thể"). A short paragraph that is only a
signpost ("2. Hạn chế, khuyết điểm:"), or a signposted colon that ends its paragraph, heads the paragraphs under
it, up to the same ends; when they open with a bullet, up to the first that does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from .suggest import UPPER, any_of
from .vietnamese import local, nfc


@dataclass(frozen=True)
class Kind:
    """One part of a review: its front-matter field, its heading on the site, and the words that introduce it."""

    field: str
    heading: str
    signposts: tuple[str, ...]


# In the order pages show them. Where a signpost of several kinds introduces one list, the later kind wins:
# "nguyên nhân dẫn đến khuyết điểm" are causes, "giải pháp khắc phục hạn chế, khuyết điểm" are remedies.
KINDS = (
    Kind("strengths", "Ưu điểm", ("ưu điểm", "điểm mạnh", "mặt mạnh")),
    Kind("shortcomings", "Hạn chế, khuyết điểm", ("hạn chế", "khuyết điểm", "tồn tại", "yếu kém", "thiếu sót")),
    Kind("causes", "Nguyên nhân", ("nguyên nhân",)),
    Kind("remedies", "Giải pháp khắc phục", ("giải pháp", "biện pháp", "khắc phục")),
)
FIELDS = tuple(kind.field for kind in KINDS)
# Words that make a signpost a noun naming a part ("những hạn chế", "các giải pháp"), not a verb ("nhằm hạn chế").
DETERMINERS = ("những", "các", "mặt", "một số")
# Signposts that are verbs too ("nhằm hạn chế", "để tồn tại", "khắc phục hậu quả"): in running text they lead a
# list only after a determiner; a heading is a noun whatever it opens with.
VERBS_TOO = ("hạn chế", "tồn tại", "khắc phục")
# Between a signpost and its colon, a verb of saying makes the colon open what someone said, not a list:
# "…những tồn tại và nhấn mạnh: …", "Về nguyên nhân, ông A cho biết: …".
SAYING = ("cho biết", "nhấn mạnh", "lưu ý", "khẳng định", "phát biểu", "nói", "giải thích", "dẫn lời", "cho rằng")
BULLETS = ("-", "+", "•", "*", "–")
HEADING_OPENERS = ("về",)  # "Về hạn chế, khuyết điểm:"
MAX_LEAD_WORDS = 15  # from a signpost to the colon that opens its list
MAX_HEADING_WORDS = 8
MIN_ITEM_WORDS = 2
# What a unit's page lists of its bulletins' findings: what it fell short in, and what it undertook to do.
UNIT_PAGE_FIELDS = ("shortcomings", "remedies")

_KIND_BY_SIGNPOST = {signpost: kind for kind in KINDS for signpost in kind.signposts}
_DETERMINER = rf"(?:{any_of(DETERMINERS)})\s+"
_SIGNPOST = re.compile(rf"(?<!\w)(?:{_DETERMINER})*(?P<signpost>{any_of(_KIND_BY_SIGNPOST)})(?!\w)", re.IGNORECASE)
_SAYING = re.compile(rf"(?<!\w)(?:{any_of(SAYING)})(?!\w)", re.IGNORECASE)
_NAMES_A_PART = re.compile(rf"(?<!\w){_DETERMINER}(?:{any_of(_KIND_BY_SIGNPOST)})(?!\w)", re.IGNORECASE)
# A colon that opens a list: not one that opens a quotation ("…: "Chúng tôi…").
_LIST_COLON = re.compile(r":(?!\s*[\"“'‘])")
# A sentence ends at . ! ? before a space and a capital, or at an ellipsis, which papers set close ("…Trên").
_SENTENCE_BREAK = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}\"“])|(?:(?<=…)|(?<=\.\.\.))\s*(?=[{UPPER}\"“])")
_CLAUSE_BREAK = re.compile(r"\s*;\s*")
_NUMBER = r"(?:[IVX]+\.|\d{1,2}[.)]|[a-zđ]\))"  # II. 2. 2) b)
_BULLET = re.compile(rf"^\s*(?:{any_of(BULLETS)}|{_NUMBER})\s+", re.IGNORECASE)
# A heading opens with its signpost, after a number or an asterisk: "II. HẠN CHẾ", "* Nguyên nhân:", "Về ưu điểm".
_HEADING = re.compile(rf"^\s*(?:(?:{_NUMBER}|\*)\s*)?(?:(?:{any_of(HEADING_OPENERS)})\s+)?(?=(?:{_DETERMINER})*"
                      rf"(?:{any_of(_KIND_BY_SIGNPOST)})(?!\w))(?P<text>[^.;:!?]+)[:.]?\s*$", re.IGNORECASE)
_LOOSE_ENDS = " \t.…,;:-–"


# --- a bulletin's parts ---------------------------------------------------------------------------------------------

class Section(NamedTuple):
    """One part of a bulletin's findings, as its page shows it."""

    kind: Kind
    items: tuple[str, ...]


def sections(findings: object | None) -> tuple[Section, ...]:
    """The parts of ``findings`` (anything with a list per field of ``KINDS``) that have items, in order."""
    found = (Section(kind, tuple(getattr(findings, kind.field, ()))) for kind in KINDS)
    return tuple(section for section in found if section.items)


# --- a unit's page ------------------------------------------------------------------------------------------------

class Reviewed(Protocol):
    """What the grouping reads of a bulletin (``content.Bulletin``, which reads its findings from here)."""

    date: datetime
    findings: tuple[Section, ...]


class Named(Protocol):
    """What the grouping reads of a campaign (``campaigns.Campaign``)."""

    name: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One bulletin's shortcomings and remedies on its unit's page."""

    bulletin: Reviewed
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Group:
    """A unit's entries of one campaign (its name and page), or of one year for bulletins of no campaign."""

    title: str
    url: str | None
    entries: tuple[Entry, ...]


def by_campaign(bulletins: Iterable[Reviewed], campaigns_of: Callable[[Reviewed], Sequence[Named]]) -> list[Group]:
    """The shortcomings and remedies of ``bulletins`` (newest first), under each campaign a bulletin counts for,
    else under its year; the group with the newest bulletin first, so that what a unit undertook at one review
    comes right under what it says at the next."""
    groups: dict[tuple[str, str | None], list[Entry]] = {}
    for bulletin in bulletins:
        shown = tuple(section for section in bulletin.findings if section.kind.field in UNIT_PAGE_FIELDS)
        if not shown:
            continue
        keys = [(campaign.name, campaign.url) for campaign in campaigns_of(bulletin)]
        for key in keys or [(f"Năm {local(bulletin.date).year}", None)]:
            groups.setdefault(key, []).append(Entry(bulletin, shown))
    return [Group(title, url, tuple(entries)) for (title, url), entries in groups.items()]


# --- proposals ----------------------------------------------------------------------------------------------------

@dataclass
class Proposal:
    """A list of findings of one kind, and the words that introduced it in the text."""

    kind: Kind
    lead: str
    items: list[str] = field(default_factory=list)
    bulleted: bool | None = None  # for a list over paragraphs: whether its first paragraph opened with a bullet


def _parts_named(text: str, heading: bool = False) -> list[tuple[re.Match[str], Kind]]:
    """The signposts in ``text``, each with the part it names. Outside a heading, a signpost that is a verb too
    (``VERBS_TOO``) counts only as a noun, after a determiner."""
    named = []
    for match in _SIGNPOST.finditer(text):
        signpost = " ".join(match.group("signpost").lower().split())
        if heading or signpost not in VERBS_TOO or match.start() < match.start("signpost"):
            named.append((match, _KIND_BY_SIGNPOST[signpost]))
    return named


def _introduced(named: list[tuple[re.Match[str], Kind]]) -> Kind | None:
    """The part a lead or heading introduces: the last in ``KINDS`` of those its signposts name."""
    return max((kind for _match, kind in named), key=KINDS.index, default=None)


def propose(paragraphs: Iterable[str]) -> list[Proposal]:
    """Every signposted list in the text, in order, each with at least one item."""
    proposals: list[Proposal] = []
    spanning: Proposal | None = None  # a list that goes on over the next paragraphs
    for paragraph in map(nfc, paragraphs):
        if heading := _heading(paragraph):
            spanning = heading
            proposals.append(heading)
            continue
        if spanning is not None and not _continues(spanning, paragraph):
            spanning = None
        current = spanning
        for sentence in _SENTENCE_BREAK.split(paragraph.strip()):
            if lead := _lead(sentence):
                current, rest = lead
                proposals.append(current)
                current.items += _clauses(rest)
            elif current is not None and _NAMES_A_PART.search(sentence):
                current = None
            elif current is not None:
                current.items += _clauses(sentence)
        # A list goes on over the next paragraphs when it did so through this one, or when its colon ended it.
        spanning = current if current is not None and (current is spanning or not current.items) else None
    return [proposal for proposal in proposals if proposal.items]


def _heading(paragraph: str) -> Proposal | None:
    """A short paragraph that opens with a signpost, numbered or not: "II. HẠN CHẾ, KHUYẾT ĐIỂM", "* Nguyên nhân:".
    A bullet (an item) is no heading, whatever words it holds."""
    heading = _HEADING.match(paragraph)
    if heading is None or len(heading.group("text").split()) > MAX_HEADING_WORDS:
        return None
    return Proposal(_introduced(_parts_named(heading.group("text"), heading=True)), paragraph.strip())


def _continues(spanning: Proposal, paragraph: str) -> bool:
    """Whether a paragraph under a heading still belongs to its list: bulleted like the first one was."""
    bulleted = bool(_BULLET.match(paragraph))
    if spanning.bulleted is None:
        spanning.bulleted = bulleted
    return bulleted or not spanning.bulleted


def _lead(sentence: str) -> tuple[Proposal, str] | None:
    """A sentence's signposted colon: the list it opens, from the signpost to the colon, and the text after it."""
    for colon in _LIST_COLON.finditer(sentence):
        before = sentence[:colon.start()]
        near = " ".join(before.split()[-MAX_LEAD_WORDS:])
        named = _parts_named(near)
        if kind := _introduced(named):
            first = next(match for match, named_kind in named if named_kind is kind)
            if not _SAYING.search(near, first.end()):
                return Proposal(kind, near[first.start():] + ":"), sentence[colon.end():]
    return None


def _clauses(text: str) -> Iterator[str]:
    """The findings in a run of text: its clauses between semicolons, tidied, capitalised."""
    for clause in _CLAUSE_BREAK.split(_BULLET.sub("", text.strip(), count=1)):
        item = " ".join(clause.split()).strip(_LOOSE_ENDS)
        if len(item.split()) >= MIN_ITEM_WORDS:
            yield item[0].upper() + item[1:]


def merged(proposals: Sequence[Proposal]) -> dict[str, list[str]]:
    """The proposals' items by field, in ``KINDS`` order, each once; fields with none left out."""
    found: dict[str, dict[str, None]] = {kind.field: {} for kind in KINDS}
    for proposal in proposals:
        found[proposal.kind.field].update(dict.fromkeys(proposal.items))
    return {name: list(items) for name, items in found.items() if items}
