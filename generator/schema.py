"""The shape of front-matter and registry entries (pydantic), and its errors in an editor's words."""

from __future__ import annotations

import reprlib
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from .errors import MAX_ALIKE, Problem, Severity, did_you_mean
from .redirects import AliasError, alias_url
from .vietnamese import DateError, nfc, parse_date, slugify
from .yamlsource import YamlDocument


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("content", "{message}", {"message": message, "hint": hint})


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        raise _fail("must be text, not yes/no", "put the value in quotes")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return nfc(value).strip() or None
    if value is None:
        return None
    raise _fail(f"must be text, not a {_kind(value)}", "write a single line of text")


def _required(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _fail("is empty", "write a value after the colon")
    return text


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _shown(value: Any) -> str:
    """A value as written back to the editor: short, and safe for values nested a thousand levels deep."""
    return reprlib.repr(value)


def _name_ref(value: Any) -> str:
    """A registry entry named by id, name, short name or alias: always text."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise _fail(
            f"must be a name or id written as text, not a {_kind(value)} ({_shown(value)})",
            "write the id or the full name, e.g. dang-uy-khoi",
        )
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
            f"{text!r} is not an ASCII id",
            f'use "{suggestion}"' if suggestion else "use lowercase letters, digits and hyphens",
        )
    return text


def _date(value: Any) -> datetime:
    if value is None or value == "":
        raise _fail("is empty", "write the date, e.g. 2012-11-12 14:49 or 12/11/2012 - 14:49")
    try:
        return parse_date(value)
    except DateError as error:
        raise _fail(str(error)) from None


def _participant(value: Any) -> Any:
    """``"Lê Việt Triều, Phó Bí thư Đảng ủy Khối"`` is a name, a comma, then the role."""
    if isinstance(value, str):
        name, _, role = value.partition(",")
        return {"name": name, "role": role or None}
    if not isinstance(value, dict):
        raise _fail(
            f"a participant must be a mapping or text, not a {_kind(value)}",
            'write {name: ..., role: ..., unit: ...} or "Name, role"',
        )
    return value


def _alias(value: Any) -> str:
    try:
        return alias_url(_required(value))
    except AliasError as error:
        raise _fail(error.message, error.hint) from None


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"must be true or false, not {_shown(value)}", "write draft: true or draft: false")
    return value


Text = Annotated[str | None, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required)]
NameRef = Annotated[str, BeforeValidator(_name_ref)]
Slug = Annotated[str, BeforeValidator(_slug)]


def _text_list(value: Any) -> Any:
    return [_required(item) for item in _as_list(value)]


class Participant(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: RequiredText
    role: Text = None
    unit: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _name_ref(v))] = None
    id: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _slug(v))] = None


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
    guid: Text = None
    updated: Annotated[datetime | None, BeforeValidator(lambda v: None if v is None else _date(v))] = None
    review: Annotated[list[str], BeforeValidator(_text_list)] = []
    draft: Annotated[bool, BeforeValidator(_bool)] = False
    aliases: Annotated[list[Annotated[str, BeforeValidator(_alias)]], BeforeValidator(_as_list)] = []


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


_REQUIRED_HINTS = {
    "title": "add a line such as: title: Hội nghị kiểm điểm ...",
    "date": "add a line such as: date: 2012-11-12 14:49",
    "unit": "add a line such as: unit: dang-uy-khoi (an id or name from units.yml)",
    "id": "add an ASCII id such as: id: dang-uy-khoi",
    "name": "add the full name",
}

_MESSAGES = {
    "missing": "is missing",
    "too_short": "is empty",
    "list_type": "must be a list",
    "model_type": "must be a mapping",
    "extra_forbidden": "is not a known field",
}


def validate(model: type[BaseModel], data: dict, document: YamlDocument, path: str,
             prefix: tuple = ()) -> tuple[BaseModel | None, list[Problem]]:
    """The model, or None and one problem per invalid field; plus warnings for unknown keys."""
    problems = unknown_keys(model, data, document, path, prefix)
    try:
        return model.model_validate(data), problems
    except ValidationError as error:
        return None, problems + [_problem(item, document, path, prefix) for item in error.errors()]


def _problem(item: dict, document: YamlDocument, path: str, prefix: tuple) -> Problem:
    loc = item["loc"]
    field = str(loc[0]) if loc else "front-matter"
    context = item.get("ctx") or {}
    if item["type"] == "content":
        message, hint = context["message"], context.get("hint", "")
    else:
        message = _MESSAGES.get(item["type"], item["msg"])
        hint = _REQUIRED_HINTS.get(str(loc[-1]), "") if item["type"] == "missing" else ""
    where = [f"item {part + 1}" if isinstance(part, int) else str(part) for part in loc[1:]]
    if where:
        message = f"{' '.join(where)}: {message}"
    return Problem(path, document.line(*prefix, *loc), field, message, hint)


def unknown_keys(model: type[BaseModel], data: dict, document: YamlDocument, path: str,
                 prefix: tuple = ()) -> list[Problem]:
    """A warning per unknown key, with a guess at the intended one; past ``MAX_ALIKE`` a count of the rest."""
    known = list(model.model_fields)
    unknown = [str(key) for key in data if str(key) not in model.model_fields]
    problems = [Problem(path, document.line(*prefix, key), key, "unknown field, ignored",
                        did_you_mean(key, known) or "known fields: " + ", ".join(known), Severity.WARNING)
                for key in unknown[:MAX_ALIKE]]
    if len(unknown) > MAX_ALIKE:
        key = unknown[MAX_ALIKE]
        problems.append(Problem(path, document.line(*prefix, key), key,
                                f"and {len(unknown) - MAX_ALIKE} more unknown fields from here on, ignored",
                                "known fields: " + ", ".join(known), Severity.WARNING))
    return problems
