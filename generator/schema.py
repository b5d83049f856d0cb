"""The shape of front-matter and registry entries (pydantic), and its errors in an editor's words.

Pydantic's own messages never reach an editor: the validators raise whole sentences of ours, and the few
error types pydantic raises itself are looked up in ``_MESSAGES``. Values YAML read as something other
than text (a number, yes/no, a date, a list, a mapping) are named as an editor would name them.
"""

from __future__ import annotations

import enum
import itertools
import reprlib
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from .errors import MAX_ALIKE, Problem, Severity, did_you_mean
from .i18n import N_, _, ngettext
from .redirects import AliasError, alias_url
from .vietnamese import DateError, nfc, parse_date, slugify
from .yamlsource import YamlDocument


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("content", "{message}", {"message": message, "hint": hint})


class _Kind(enum.Enum):
    """What YAML read a value as, when it is not text."""

    YES_NO = enum.auto()  # yes, no, true, false, on, off
    NUMBER = enum.auto()
    DATE = enum.auto()  # 2012-11-12 unquoted
    LIST = enum.auto()
    MAPPING = enum.auto()
    OTHER = enum.auto()  # e.g. !!binary


_KINDS = ((bool, _Kind.YES_NO), (int | float, _Kind.NUMBER), (date, _Kind.DATE), (list | tuple | set, _Kind.LIST),
          (dict, _Kind.MAPPING))

_NOT_TEXT = {
    _Kind.YES_NO: N_("must be text, not yes/no"),
    _Kind.NUMBER: N_("must be text, not a number"),
    _Kind.DATE: N_("must be text, not a date"),
    _Kind.LIST: N_("must be text, not a list"),
    _Kind.MAPPING: N_("must be text, not a group of fields"),
    _Kind.OTHER: N_("must be written as plain text"),
}
_QUOTED = {_Kind.YES_NO, _Kind.DATE}  # scalars YAML reads as something else unless quoted

_NOT_A_NAME_REF = {
    _Kind.YES_NO: N_("must be a name or id written as text, not yes/no ({value})"),
    _Kind.NUMBER: N_("must be a name or id written as text, not a number ({value})"),
    _Kind.DATE: N_("must be a name or id written as text, not a date ({value})"),
    _Kind.LIST: N_("must be a name or id written as text, not a list ({value})"),
    _Kind.MAPPING: N_("must be a name or id written as text, not a group of fields ({value})"),
    _Kind.OTHER: N_("must be a name or id written as plain text, not {value}"),
}

_NOT_A_DATE = {
    _Kind.YES_NO: N_("must be a date, not yes/no ({value})"),
    _Kind.NUMBER: N_("must be a date, not a number ({value})"),
    _Kind.LIST: N_("must be a date, not a list ({value})"),
    _Kind.MAPPING: N_("must be a date, not a group of fields ({value})"),
    _Kind.OTHER: N_("must be a date, not {value}"),
}


def _kind(value: Any) -> _Kind:
    return next((kind for types, kind in _KINDS if isinstance(value, types)), _Kind.OTHER)


def _text(value: Any) -> Any:
    """Text in NFC, or None; a number is taken as the text it was written as."""
    if value is None:
        return None
    if isinstance(value, str):
        return nfc(value).strip() or None
    kind = _kind(value)
    if kind is _Kind.NUMBER:
        return str(value)
    hint = _("put the value in quotes") if kind in _QUOTED else _("write a single line of text")
    raise _fail(_(_NOT_TEXT[kind]), hint)


def _required(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _fail(_("is empty"), _("write a value after the colon"))
    return text


class _AsWritten(reprlib.Repr):
    """Values as YAML writes them (``true``, ``null``, ``2012-11-12``), not as Python does (``True``, ``None``,
    ``datetime.date(2012, 11, 12)``); short, and safe for values nested a thousand levels deep."""

    def repr_bool(self, value: bool, level: int) -> str:
        return "true" if value else "false"

    def repr_NoneType(self, value: None, level: int) -> str:  # reprlib looks methods up by type name
        return "null"

    def repr_date(self, value: date, level: int) -> str:
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()

    repr_datetime = repr_date


_shown = _AsWritten().repr  # a value as written back to the editor


def _name_ref(value: Any) -> str:
    """A registry entry named by id, name, short name or alias: always text."""
    if value is not None and not isinstance(value, str):
        raise _fail(_(_NOT_A_NAME_REF[_kind(value)]).format(value=_shown(value)),
                    _("write the id or the full name, e.g. dang-uy-khoi"))
    return _required(value)


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _slug(value: Any) -> str:
    text = _required(value)
    if slugify(text) != text:
        suggestion = slugify(text)
        raise _fail(
            _("{id} is not an ASCII id").format(id=repr(text)),
            _('use "{id}"').format(id=suggestion) if suggestion else _("use lowercase letters, digits and hyphens"),
        )
    return text


def _date(value: Any) -> datetime:
    hint = _("write the date, e.g. 2012-11-12 14:49 or 12/11/2012 - 14:49")
    if value is None or value == "":
        raise _fail(_("is empty"), hint)
    if not isinstance(value, str | date):
        raise _fail(_(_NOT_A_DATE[_kind(value)]).format(value=_shown(value)), hint)
    try:
        return parse_date(value)
    except DateError as error:
        raise _fail(str(error)) from None


def _participant(value: Any) -> Any:
    """``"Lê Việt Triều, Phó Bí thư Đảng ủy Khối"`` is a name, a comma, then the role.

    Nothing or a number is taken as a name, so that ``- 12`` is told what a name is.
    """
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        name, _comma, role = value.partition(",")
        return {"name": name, "role": role or None}
    if value is None or _kind(value) is _Kind.NUMBER:
        return {"name": value}
    raise _fail(_(_NOT_TEXT[_kind(value)]), _('write "Name, role" or {name: ..., role: ..., unit: ...}'))


def _person_name(value: Any) -> str:
    """A participant's name: text with a letter (``12`` or a telephone number would get a person page)."""
    name = _required(value)
    if _kind(value) is _Kind.NUMBER or not any(character.isalpha() for character in name):
        raise _fail(_('"{name}" is not a name: a name must be text with a letter').format(name=name),
                    _("write the person's full name, e.g. Lê Việt Triều"))
    return name


def _alias(value: Any) -> str:
    try:
        return alias_url(_required(value))
    except AliasError as error:
        raise _fail(error.message, error.hint) from None


def _campaign_ref(value: Any) -> str:
    """A campaign named in a bulletin by its id in ``campaigns.yml``."""
    if value is not None and not isinstance(value, str):
        raise _fail(_(_NOT_A_NAME_REF[_kind(value)]).format(value=_shown(value)),
                    _("write the campaign's id from campaigns.yml, e.g. kiem-diem-nqtw4-2012"))
    return _required(value)


def _depth(value: Any) -> int:
    """How many levels below a campaign's unit must report: a whole number of 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(_("must be a whole number of 1 or more, not {value}").format(value=_shown(value)),
                    _("write how many levels of sub-units must report, e.g. depth: 2, or leave it out for all"))
    return value


def _findings(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    raise _fail(_("must be a group of lists (strengths, shortcomings, causes, remedies), not {value}")
                .format(value=_shown(value)),
                _("write findings: on a line of its own, then indented lines such as "
                  "shortcomings: [Kiểm tra, giám sát chưa thường xuyên]"))


def _finding(value: Any) -> str:
    """One finding: a line of text. YAML reads an unquoted item with ': ' in it as a group of fields."""
    if isinstance(value, dict):
        raise _fail(_(_NOT_TEXT[_Kind.MAPPING]),
                    _("put the item in quotes: YAML reads text with ': ' in it as a field"))
    text = _text(value)
    if not text:
        raise _fail(_("is empty"), _("write the finding after the dash, or delete the line"))
    return text


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(_("must be true or false, not {value}").format(value=_shown(value)),
                    _("write draft: true or draft: false"))
    return value


Text = Annotated[str | None, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required)]
NameRef = Annotated[str, BeforeValidator(_name_ref)]
Slug = Annotated[str, BeforeValidator(_slug)]


def _text_list(value: Any) -> Any:
    return [_required(item) for item in _as_list(value)]


class Participant(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: Annotated[str, BeforeValidator(_person_name)]
    role: Text = None
    unit: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _name_ref(v))] = None
    id: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _slug(v))] = None


FindingList = Annotated[list[Annotated[str, BeforeValidator(_finding)]], BeforeValidator(_as_list)]


class Findings(BaseModel):
    """A review's findings, one list per part (``findings.KINDS``). A key of another name is an error, not a
    warning: a misspelt part would lose its findings without a word."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strengths: FindingList = []
    shortcomings: FindingList = []
    causes: FindingList = []
    remedies: FindingList = []


class FrontMatter(BaseModel):
    """Every field a bulletin may carry. Unknown keys are warned about, not rejected."""

    model_config = ConfigDict(extra="ignore")

    title: RequiredText
    date: Annotated[datetime, BeforeValidator(_date)]
    unit: Annotated[list[NameRef], BeforeValidator(_as_list), Field(min_length=1)]
    topics: Annotated[list[NameRef], BeforeValidator(_as_list)] = []
    participants: Annotated[list[Annotated[Participant, BeforeValidator(_participant)]],
                            BeforeValidator(_as_list)] = []
    author: Annotated[list[str], BeforeValidator(_text_list)] = []
    summary: Text = None
    image: Text = None
    image_caption: Text = None
    source: Text = None
    source_name: Text = None
    guid: Text = None
    updated: Annotated[datetime | None, BeforeValidator(lambda v: None if v is None else _date(v))] = None
    review: Annotated[list[str], BeforeValidator(_text_list)] = []
    draft: Annotated[bool, BeforeValidator(_bool)] = False
    aliases: Annotated[list[Annotated[str, BeforeValidator(_alias)]], BeforeValidator(_as_list)] = []
    campaign: Annotated[list[Annotated[str, BeforeValidator(_campaign_ref)]], BeforeValidator(_as_list)] = []
    findings: Annotated[Findings | None, BeforeValidator(_findings)] = None


class UnitEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: Slug
    name: RequiredText
    short: Text = None
    aliases: Annotated[list[str], BeforeValidator(_text_list)] = []
    parent: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _required(v))] = None
    description: Text = None


class TopicEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: Slug
    name: RequiredText
    aliases: Annotated[list[str], BeforeValidator(_text_list)] = []
    description: Text = None


class CampaignEntry(BaseModel):
    """A review campaign in ``campaigns.yml``; its unit and topics are resolved in the registries later."""

    model_config = ConfigDict(extra="ignore")

    id: Slug
    name: RequiredText
    unit: NameRef
    topics: Annotated[list[NameRef], BeforeValidator(_as_list)] = []
    start: Annotated[datetime, BeforeValidator(_date)]
    deadline: Annotated[datetime, BeforeValidator(_date)]
    depth: Annotated[int | None, BeforeValidator(lambda v: None if v is None else _depth(v))] = None
    guidance: Text = None
    description: Text = None


_REQUIRED_HINTS = {
    "title": N_("add a line such as: title: Hội nghị kiểm điểm ..."),
    "date": N_("add a line such as: date: 2012-11-12 14:49"),
    "unit": N_("add a line such as: unit: dang-uy-khoi (an id or name from units.yml)"),
    "id": N_("add an ASCII id such as: id: dang-uy-khoi"),
    "name": N_("add the full name"),
    "start": N_("add a line such as: start: 2012-08-01"),
    "deadline": N_("add a line such as: deadline: 2012-11-30"),
}

# Pydantic's error types that our validators leave to it, in an editor's words; any other is UNREADABLE.
_MESSAGES = {
    "missing": N_("is missing"),
    "too_short": N_("is empty"),
    "extra_forbidden": N_("unknown field"),
}
_UNREADABLE = N_("cannot be read as written")
# Groups of fields that take no other key (``extra="forbid"``), by where they stand: what an unknown key is
# compared with.
_CLOSED_GROUPS: dict[tuple, type[BaseModel]] = {("findings",): Findings}


def validate(model: type[BaseModel], data: dict, document: YamlDocument, path: str,
             prefix: tuple = ()) -> tuple[BaseModel | None, list[Problem]]:
    """The model, or None and one problem per invalid field; plus warnings for unknown keys."""
    problems = unknown_keys(model, data, document, path, prefix)
    try:
        return model.model_validate(data), problems
    except ValidationError as error:
        return None, problems + [_problem(item, document, path, prefix) for item in error.errors()]


def _problem(item: dict, document: YamlDocument, path: str, prefix: tuple) -> Problem:
    """The field is the path of keys down to the value (``findings.remedies``); list items and the keys under
    them open the message (``item 2 name: …``)."""
    loc = item["loc"]
    keys = list(itertools.takewhile(lambda part: isinstance(part, str), loc))
    field = ".".join(keys) or "front-matter"
    if item["type"] == "content":  # raised by ``_fail``, which always gives both
        message, hint = item["ctx"]["message"], item["ctx"]["hint"]
    else:
        message = _(_MESSAGES.get(item["type"], _UNREADABLE))
        hint = _hint(item["type"], loc)
    where = [_("item {number}").format(number=part + 1) if isinstance(part, int) else str(part)
             for part in loc[len(keys):]]
    if where:
        message = f"{' '.join(where)}: {message}"
    return Problem(path, document.line(*prefix, *loc), field, message, hint)


def _hint(error_type: str, loc: tuple) -> str:
    if error_type == "missing" and loc[-1] in _REQUIRED_HINTS:
        return _(_REQUIRED_HINTS[loc[-1]])
    if error_type == "extra_forbidden":
        known = list(_CLOSED_GROUPS[tuple(loc[:-1])].model_fields)
        return did_you_mean(str(loc[-1]), known) or _("known fields: {fields}").format(fields=", ".join(known))
    return ""


def unknown_keys(model: type[BaseModel], data: dict, document: YamlDocument, path: str,
                 prefix: tuple = ()) -> list[Problem]:
    """A warning per unknown key, with a guess at the intended one; past ``MAX_ALIKE`` a count of the rest."""
    known = list(model.model_fields)
    unknown = [str(key) for key in data if str(key) not in model.model_fields]
    known_fields = _("known fields: {fields}").format(fields=", ".join(known))
    problems = [Problem(path, document.line(*prefix, key), key, _("unknown field, ignored"),
                        did_you_mean(key, known) or known_fields, Severity.WARNING)
                for key in unknown[:MAX_ALIKE]]
    if len(unknown) > MAX_ALIKE:
        key, rest = unknown[MAX_ALIKE], len(unknown) - MAX_ALIKE
        problems.append(Problem(path, document.line(*prefix, key), key,
                                ngettext("and {count} more unknown field from here on, ignored",
                                         "and {count} more unknown fields from here on, ignored", rest
                                         ).format(count=rest),
                                known_fields, Severity.WARNING))
    return problems
