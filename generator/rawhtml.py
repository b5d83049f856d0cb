"""Raw HTML in a bulletin's text that would run code in readers' browsers.

Raw HTML in the Markdown is the editor's choice (a table, an embedded map), so ``bulletins check`` only
warns about what runs code: ``<script>``, ``<iframe>``, ``<object>`` and ``<embed>``, event-handler
attributes (``onclick=``, ``onerror=``, ...) and ``javascript:`` addresses, in HTML or in Markdown links.
A build does not repeat the warnings: ``mkdocs build --strict`` would refuse a page the editor meant.
Code blocks and code spans are text, not HTML, and are skipped. Imported text never has any of these
(``drafts.sanitize`` removes them).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .content import Bulletin
from .errors import Problem, Severity
from .i18n import N_, _

FIELD = "body"
RISKY_TAGS = frozenset({"script", "iframe", "object", "embed"})

# A cheap test first: most bulletins have none of these, and only those that do are parsed.
_MAYBE = re.compile(r"<\s*(?:script|iframe|object|embed)\b|\bon[a-z]+\s*=|javascript\s*:", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*javascript\s*:|^ {0,3}\[[^\]]+\]:\s*<?\s*javascript\s*:", re.IGNORECASE)
_HINT = N_("remove it unless you trust it: it runs in the browser of everyone who opens the page")


class _Finder(HTMLParser):
    """Risky tags, attributes and addresses, with the line (of the text fed) each is on."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in RISKY_TAGS:
            self.found.append((line, _("raw HTML <{tag}>").format(tag=tag)))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, _("raw HTML event handler {name}= on <{tag}>").format(name=name, tag=tag)))
            elif re.sub(r"\s", "", value or "").lower().startswith("javascript:"):
                self.found.append((line, _("a javascript: address in {name}= on <{tag}>").format(name=name, tag=tag)))

    handle_startendtag = handle_starttag


def _without_code(lines: list[str]) -> list[str]:
    """The lines with fenced code blocks blanked and code spans removed; as many lines as given."""
    kept, fence = [], None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            kept.append("")
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            kept.append("")
        else:
            kept.append(_CODE_SPAN.sub("", line))
    return kept


def raw_html_warnings(bulletin: Bulletin) -> list[Problem]:
    """A warning, with its line in the file, for each piece of the body that would run code."""
    body = bulletin.body
    if not _MAYBE.search(body):
        return []
    first_line = bulletin.text.count("\n", 0, bulletin.body_start) + 1
    lines = _without_code(body.split("\n"))
    finder = _Finder()
    finder.feed("\n".join(lines))
    finder.close()
    found = finder.found + [(number, _("a javascript: address in a Markdown link"))
                            for number, line in enumerate(lines, start=1) if _SCRIPT_LINK.search(line)]
    return [Problem(bulletin.path, first_line + number - 1, FIELD, what, _(_HINT), Severity.WARNING)
            for number, what in sorted(found)]
