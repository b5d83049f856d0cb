"""Reading one bulletin: front-matter with line numbers, the schema, names resolved in the registries."""

from __future__ import annotations

import enum
import hashlib
import posixpath
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path, PurePosixPath

from .errors import Problem, Severity, capped
from .findings import Section, sections
from .i18n import _, ngettext
from .redirects import Alias
from .registry import Catalog, LookupProblem, Registries, Topic, Unit
from .schema import FrontMatter, Participant, unknown_keys, validate
from .sourcefile import read_text
from .vietnamese import format_date, match_key, nfc, slugify
from .yamlsource import YamlDocument, YamlSyntaxError, load_yaml

_FENCE = re.compile(r"^---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Status(enum.Enum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"

    @property
    def is_published(self) -> bool:
        return self is Status.PUBLISHED


@dataclass(frozen=True)
class Person:
    """A participant as named in one bulletin, with the role held then."""

    name: str
    role: str | None = None
    unit: Unit | None = None
    unit_name: str | None = None
    id: str | None = None

    @cached_property
    def key(self) -> str:
        """One person across bulletins: the explicit id, else the name under ``match_key`` (made once)."""
        return self.id or match_key(self.name)


@dataclass(frozen=True)
class CampaignRef:
    """A campaign a bulletin's front-matter names, and its line: checked once ``campaigns.yml`` is read."""

    id: str
    line: int


@dataclass(frozen=True, eq=False, repr=False)
class Bulletin:
    path: str
    url: str
    title: str
    date: datetime
    units: tuple[Unit, ...]
    topics: tuple[Topic, ...]
    participants: tuple[Person, ...]
    authors: tuple[str, ...]
    summary: str | None
    image: str | None
    image_caption: str | None
    source: str | None
    draft: bool
    packed: bytes  # the file's text (``pack``): held as a str it was 6.4 KB a bulletin, 640 MB at 100,000
    body_start: int
    body_length: int  # in characters, known without unpacking
    updated: datetime | None = None
    aliases: tuple[Alias, ...] = ()
    campaigns: tuple[CampaignRef, ...] = ()
    findings: tuple[Section, ...] = ()  # the parts that have items, in the order pages show them

    @cached_property
    def version(self) -> str:
        """Changes whenever the file's text does: what pages showing this bulletin are compared by."""
        return hashlib.blake2b(f"{self.path}\0".encode() + self.packed, digest_size=12).hexdigest()

    @property
    def text(self) -> str:
        """The whole file, front-matter included: NFC, LF line ends."""
        return unpack(self.packed)

    def __repr__(self) -> str:
        return f"Bulletin({self.path!r}, {self.version})"

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def primary_unit(self) -> Unit:
        return self.units[0]

    @cached_property
    def display_date(self) -> str:
        """Made once: listings, related lists and feeds show each date many times."""
        return format_date(self.date)

    @cached_property
    def iso_date(self) -> str:
        return self.date.isoformat()

    def status(self, now: datetime) -> Status:
        if self.draft:
            return Status.DRAFT
        if self.date > now:
            return Status.SCHEDULED
        return Status.PUBLISHED


def pack(text: str) -> bytes:
    """``text`` as a bulletin keeps it: UTF-8, compressed (a quarter of its size as a str, and a tenth of the time
    the file took to read and check is spent packing it)."""
    return zlib.compress(text.encode(), 1)


def unpack(packed: bytes) -> str:
    """The text ``pack`` packed."""
    return zlib.decompress(packed).decode()


def bulletin_url(path: str) -> str:
    """``bulletins/2012/11/Đảng ủy.md`` → ``bulletins/2012/11/dang-uy/``: ASCII, one folder per page."""
    parts = [slugify(part) for part in PurePosixPath(path).with_suffix("").parts]
    if parts[-1] in ("index", "readme"):
        parts.pop()
    return "/".join(parts) + "/"


def read_bulletin(content_dir: Path, path: str, registries: Registries) -> tuple[Bulletin | None, list[Problem]]:
    """The bulletin at ``path`` (relative to ``content_dir``), or None; and every problem found."""
    if unnamed := _unnamed_part(path):
        return None, [unnamed]
    text, problems = read_text(content_dir / path, path)
    if text is None:
        return None, problems
    split = _split_front_matter(text, path)
    if isinstance(split, Problem):
        return None, [split]
    front, body_start = split
    try:
        document = load_yaml(front, first_line=2)
    except YamlSyntaxError as error:
        return None, [Problem(path, error.line, "front-matter", error.message,
                              _("check indentation, colons and quotes; quote text containing ': ' or '#'"))]
    if not isinstance(document.data, dict):
        return None, [Problem(path, 2, "front-matter", _("must be a mapping of fields"),
                              _("write one 'field: value' per line: title, date, unit, ..."))]
    problems = capped([Problem(path, line, key, _("appears twice; the last value is used"), _("keep one"),
                               Severity.WARNING) for key, line in document.duplicates], _more_duplicates)
    meta, schema_problems = validate(FrontMatter, document.data, document, path)
    problems += schema_problems
    problems += _participant_keys(document, path)
    # Names are looked up even when another field is wrong, so one run reports every problem.
    resolver = _Resolver(path, document, problems)
    units = resolver.all(registries.units, "unit")
    topics = resolver.all(registries.topics, "topics")
    if meta is None:
        return None, problems
    people = tuple(resolver.person(registries.units, index, person)
                   for index, person in enumerate(meta.participants))
    problems += _check_image(content_dir, path, meta.image, document)
    problems += _check_source(path, meta.source, document)
    problems += _check_updated(path, meta, document)
    problems += _check_review(path, meta, document)
    if any(problem.is_error for problem in problems):
        return None, problems
    bulletin = Bulletin(
        path=path, url=bulletin_url(path), title=meta.title, date=meta.date, units=units, topics=topics,
        participants=people, authors=tuple(meta.author), summary=meta.summary, image=meta.image,
        image_caption=meta.image_caption, source=meta.source, updated=meta.updated, draft=meta.draft, packed=pack(text),
        body_start=body_start, body_length=len(text) - body_start,
        aliases=tuple(Alias(url, document.line("aliases", index)) for index, url in enumerate(meta.aliases)),
        campaigns=tuple(CampaignRef(name, document.line("campaign", index))
                        for index, name in enumerate(meta.campaign)),
        findings=sections(meta.findings),
    )
    return bulletin, problems


def _more_duplicates(count: int) -> str:
    return ngettext("and {count} more field that appears twice from here on",
                    "and {count} more fields that appear twice from here on", count).format(count=count)


def _unnamed_part(path: str) -> Problem | None:
    """A folder or file name with no letter or digit cannot make an address (``bulletin_url``)."""
    for part in PurePosixPath(path).with_suffix("").parts:
        if not slugify(part):
            return Problem(path, 1, "file",
                           _("the name {name!r} has no letter or digit to make its address from").format(name=part),
                           _("rename it with words of the title, e.g. hoi-nghi-kiem-diem.md"))
    return None


def _split_front_matter(text: str, path: str) -> tuple[str, int] | Problem:
    if not text.strip():
        return Problem(path, 1, "file", _("is empty"),
                       _("start it with '---', the fields title, date and unit, then '---' and the text"))
    opening = _FENCE.match(text)
    if not opening:
        return Problem(path, 1, "front-matter", _("is missing: the file must start with a line '---'"),
                       _("add '---', then title, date and unit, then '---' before the text"))
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return Problem(path, 1, "front-matter", _("is not closed"), _("add a line '---' after the last field"))
    body_start = min(closing.end() + 1, len(text))
    return text[opening.end():closing.start()], body_start


def _participant_keys(document: YamlDocument, path: str) -> list[Problem]:
    people = document.data.get("participants")
    if not isinstance(people, list):
        return []
    return [problem for index, person in enumerate(people) if isinstance(person, dict)
            for problem in unknown_keys(Participant, person, document, path, ("participants", index))]


class _Resolver:
    """Turns names into registry entries, recording a problem with its line for each unknown one."""

    def __init__(self, path: str, document: YamlDocument, problems: list[Problem]):
        self.path, self.document, self.problems = path, document, problems

    def all(self, catalog: Catalog, field: str) -> tuple:
        """The entries named in ``field`` (text or a list); other shapes are the schema's to report."""
        names = self.document.data.get(field)
        found = []
        for index, name in enumerate(names if isinstance(names, list) else [names]):
            if not isinstance(name, str) or not name.strip():
                continue
            entry = self.one(catalog, field, nfc(name).strip(), (field, index))
            if entry is not None and entry not in found:
                found.append(entry)
        return tuple(found)

    def one(self, catalog: Catalog, field: str, name: str, where: tuple,
            severity: Severity = Severity.ERROR):
        try:
            return catalog.resolve(name)
        except LookupProblem as problem:
            self.problems.append(Problem(self.path, self.document.line(*where), field, problem.message,
                                         problem.hint, severity))
            return None

    def person(self, units: Catalog, index: int, person: Participant) -> Person:
        unit = None
        if person.unit is not None:
            # A participant may come from outside the registry (a guest): warn, keep the name as written.
            unit = self.one(units, "participants", person.unit, ("participants", index, "unit"),
                            Severity.WARNING)
        return Person(person.name, person.role, unit, unit.name if unit else person.unit, person.id)


def _check_image(content_dir: Path, path: str, image: str | None, document: YamlDocument) -> list[Problem]:
    if image is None:
        return []
    line = document.line("image")
    if _SCHEME.match(image) or image.startswith("/") or "\\" in image or _CONTROL.search(image):
        return [Problem(path, line, "image", _("{image!r} is not a path inside the content folder").format(image=image),
                        _("copy the picture into content/images/ and write its path, e.g. images/2012/anh.jpg "
                          "(the intranet cannot load pictures from the internet)"))]
    if ".." in PurePosixPath(image).parts:
        return [Problem(path, line, "image", _("{image!r} climbs out of its folder with '..'").format(image=image),
                        _("write the path from the content folder, e.g. images/2012/anh.jpg"))]
    picture = content_dir / posixpath.normpath(image)
    if not picture.is_file():
        return [Problem(path, line, "image", _("no picture at {image!r} in the content folder").format(image=image),
                        _("write the path from the content folder, e.g. images/2012/anh.jpg"))]
    if not picture.resolve().is_relative_to(content_dir.resolve()):
        return [Problem(path, line, "image",
                        _("{image!r} is a link to a file outside the content folder").format(image=image),
                        _("copy the picture itself into content/images/"))]
    return []


def _check_source(path: str, source: str | None, document: YamlDocument) -> list[Problem]:
    if source is None or source.startswith(("http://", "https://")):
        return []
    return [Problem(path, document.line("source"), "source", _("{source!r} is not a web address").format(source=source),
                    _("write the original article's address, starting with http:// or https://"))]


def _check_updated(path: str, meta: FrontMatter, document: YamlDocument) -> list[Problem]:
    if meta.updated is None or meta.updated >= meta.date:
        return []
    return [Problem(path, document.line("updated"), "updated",
                    _("{updated} is before the date {date}").format(updated=format_date(meta.updated),
                                                                  date=format_date(meta.date)),
                    _("updated is when the bulletin was last corrected: after its date, or leave it out"))]


def _check_review(path: str, meta: FrontMatter, document: YamlDocument) -> list[Problem]:
    """``review`` lists what an import guessed: a warning on a draft, an error once it would be published."""
    if meta.review and not meta.draft:
        return [Problem(path, document.line("review"), "review",
                        _("{count} suggestion(s) still to confirm: {items}")
                        .format(count=len(meta.review), items="; ".join(meta.review)),
                        _("check each against the text, correct the fields, then delete the review lines; "
                          "or keep draft: true"))]
    return [Problem(path, document.line("review", index), "review", _("to confirm: {item}").format(item=item),
                    _("check it against the text and correct the field; then delete this line"),
                    Severity.WARNING) for index, item in enumerate(meta.review)]
