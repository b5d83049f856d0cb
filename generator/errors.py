"""Content problems: what is wrong, where, and what to do about it."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel.lists import format_list

from .i18n import _, language, ngettext

# Problems of one kind shown for one file: a pasted data dump with thousands of unknown or repeated fields
# gets these and one line counting the rest, not thousands of lines that bury every other problem.
MAX_ALIKE = 5


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        label = "" if self.is_error else _("warning") + ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}{hint}"


class HintedError(Exception):
    """What is wrong with one value and what to do; the caller knows the file, line and field to add."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class ContentError(Exception):
    """Raised once, after every file was read, when any problem is an error."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        errors = sum(problem.is_error for problem in self.problems)
        super().__init__(ngettext("{count} error in the content", "{count} errors in the content",
                                  errors).format(count=errors))

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def capped(problems: list[Problem], more: Callable[[int], str]) -> list[Problem]:
    """The first ``MAX_ALIKE`` problems, then one at the next one's line saying ``more(count)`` follow."""
    if len(problems) <= MAX_ALIKE:
        return problems
    after = problems[MAX_ALIKE]
    rest = Problem(after.path, after.line, after.field, more(len(problems) - MAX_ALIKE), after.hint, after.severity)
    return [*problems[:MAX_ALIKE], rest]


def did_you_mean(wrong: str, candidates: Iterable[str], key=lambda text: text, limit: int = 3) -> str:
    """``did you mean "x" or "y"?`` for the closest candidates (a list in the reader's language), or ``""``."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    close = difflib.get_close_matches(key(wrong), list(by_key), n=limit, cutoff=0.6)
    if not close:
        return ""
    choices = format_list([f'"{by_key[match]}"' for match in close], style="or", locale=language())
    return _("did you mean {choices}?").format(choices=choices)
