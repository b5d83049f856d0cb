"""The glossary of abbreviations (``content/glossary.yml``), explained wherever a bulletin uses them.

The file maps each abbreviation to what it stands for::

    BTV: Ban Thường vụ
    TCCSĐ: tổ chức cơ sở đảng

Python-Markdown's ``abbr`` extension takes the mapping as its ``glossary`` option and marks every
whole-word occurrence with ``<abbr title="...">``, so editors never mark the words themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem, Severity
from .i18n import _
from .sourcefile import read_yaml_file
from .vietnamese import nfc

GLOSSARY_FILE = "glossary.yml"

_EDGE = re.compile(r"^\w.*\w$|^\w$")


class Glossary:
    """Abbreviations and what they stand for, with the whole-word, longest-first pattern ``abbr`` uses."""

    def __init__(self, terms: dict[str, str] | None = None):
        self.terms = dict(terms or {})
        alternatives = "|".join(map(re.escape, sorted(self.terms, key=len, reverse=True)))
        self._pattern = re.compile(rf"\b(?:{alternatives})\b") if self.terms else None

    def used_in(self, text: str) -> list[tuple[str, str]]:
        """The abbreviations found in ``text``, each once, in order of first use."""
        if self._pattern is None:
            return []
        found = dict.fromkeys(match.group() for match in self._pattern.finditer(text))
        return [(abbreviation, self.terms[abbreviation]) for abbreviation in found]


def load_glossary(content_dir: Path) -> tuple[Glossary, list[Problem]]:
    """The abbreviations and their meanings, and every problem in the file; no file is no glossary."""
    path = content_dir / GLOSSARY_FILE
    if not path.exists():
        return Glossary(), []
    document, problems = read_yaml_file(path, GLOSSARY_FILE)
    if document is None or document.data is None:
        return Glossary(), problems
    if not isinstance(document.data, dict):
        return Glossary(), [*problems, Problem(GLOSSARY_FILE, 1, "file", _("must be a mapping of abbreviations"),
                                               _("write one 'ABBREVIATION: what it stands for' per line"))]
    problems += [Problem(GLOSSARY_FILE, line, key, _("appears twice; the last value is used"), _("keep one"),
                         Severity.WARNING) for key, line in document.duplicates]
    glossary = {}
    for key, meaning in document.data.items():
        abbreviation = nfc(str(key)).strip()
        line = document.line(str(key))
        if not _EDGE.match(abbreviation):
            problems.append(Problem(GLOSSARY_FILE, line, str(key),
                                    _("an abbreviation must start and end with a letter or digit"),
                                    _("write it as it appears in the text, e.g. BTV or LĐ-TB&XH")))
        elif not isinstance(meaning, str) or not meaning.strip():
            problems.append(Problem(GLOSSARY_FILE, line, abbreviation, _("must be followed by what it stands for"),
                                    _("write e.g. BTV: Ban Thường vụ")))
        else:
            glossary[abbreviation] = nfc(meaning).strip()
    return Glossary(glossary), problems
