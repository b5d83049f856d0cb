"""Structuring a raw newspaper article (plain text or saved HTML) as a draft bulletin.

Articles like the model (``12/11/2012 - 14:49``, then the unit in capitals ending with a colon, the
title, the paragraphs with a photo caption broken over two lines, and the byline ``Bài, ảnh: NGUYỄN
HUY``) are split into those parts; page furniture such as "Chia sẻ bài viết" is dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from markdownify import MarkdownConverter

from .drafts import Draft, propose, to_markdown
from .registry import LookupProblem, Registries, Topic, Unit
from .sourcefile import read_text
from .suggest import Suggester
from .vietnamese import DateError, match_key, nfc, parse_date

HEAD_BLOCKS = 4  # the date and unit lines are looked for among the first blocks
MAX_CAPTION = 300
MAX_UNIT_LINE = 150
# Page furniture copied along with an article, dropped wherever it stands alone.
FURNITURE = {match_key(text) for text in (
    "Chia sẻ bài viết", "Chia sẻ", "In bài viết", "Gửi bài viết", "Bình luận", "Về đầu trang",
    "Lên đầu trang", "Quay lại", "Xem thêm", "Tin liên quan", "Share", "Print",
)}
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}(?:\s*(?:-|,)?\s*\d{1,2}[:hg]\d{2})?")
_BYLINE = re.compile(r"^(?:bài|ảnh|tin|theo|bài và ảnh|tin và ảnh|bài,\s*ảnh|tin,\s*ảnh)\s*:\s*(?P<names>.+)$",
                     re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|\s-\s|–|\bvà\b)\s*")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|h[1-6]|article)\b", re.IGNORECASE)
_DROPPED_TAGS = {"script", "style", "title", "noscript", "template", "nav"}  # with what they hold
_BLOCK_TAGS = {"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
               "figure", "figcaption", "section", "article", "header", "footer", "main"}


class IngestError(Exception):
    """The article cannot become a draft; the message names the file and, when known, the line."""


@dataclass
class Article:
    """The parts of a raw article, as written in it."""

    date_line: str | None = None
    unit_line: str | None = None
    title: str | None = None
    caption: str | None = None
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in (self.title, self.caption, *self.paragraphs) if part)


def html_text(markup: str) -> str:
    """Saved HTML as plain text: one block per paragraph, ``<br>`` kept as a line break."""
    cleaned = nh3.clean(markup, tags=_BLOCK_TAGS, attributes={}, clean_content_tags=_DROPPED_TAGS)
    converter = MarkdownConverter(escape_asterisks=False, escape_underscores=False, escape_misc=False,
                                  heading_style="atx", bullets="-")
    return converter.convert(cleaned)


def parse_article(text: str) -> Article:
    """Split an article's text into date, unit line, title, caption, byline and paragraphs."""
    blocks = [block for block in _blocks(text) if match_key(" ".join(block)) not in FURNITURE]
    article = Article()
    head = 0
    while head < min(len(blocks), HEAD_BLOCKS) and len(blocks[head]) == 1:
        line = blocks[head][0]
        if article.date_line is None and len(line) < 80 and _DATE.search(line):
            article.date_line = _DATE.search(line).group()
        elif article.unit_line is None and _is_unit_line(line):
            article.unit_line = line.rstrip(":").strip()
        else:
            break
        head += 1
    body = blocks[head:]
    if body:
        article.title = _HEADING_MARK.sub("", " ".join(body.pop(0)))
    for index in range(len(body) - 1, -1, -1):
        if len(body[index]) == 1 and (byline := _BYLINE.match(body[index][0])):
            article.authors = _authors(byline.group("names"))
            del body[index]
            break
    for index, block in enumerate(body):
        if len(block) >= 2 and len(" ".join(block)) <= MAX_CAPTION:
            article.caption = " ".join(block)
            del body[index]
            break
    article.paragraphs = [" ".join(block) for block in body]
    return article


def _blocks(text: str) -> list[list[str]]:
    """Groups of non-blank lines; a line of spaces (no-break spaces too) separates groups."""
    blocks: list[list[str]] = [[]]
    for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(line.split())  # str.split() also splits on no-break spaces
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _is_unit_line(line: str) -> bool:
    name = line.rstrip(":").strip()
    return line.endswith(":") and 0 < len(name) < MAX_UNIT_LINE and name == name.upper() and name != name.lower()


def _authors(names: str) -> list[str]:
    """``NGUYỄN HUY`` is written ``Nguyễn Huy``; a one-word name in capitals (``TTXVN``) stays."""
    authors = []
    for name in _AUTHOR_SEPARATORS.split(names.strip().rstrip(".")):
        if name and name == name.upper() and " " in name:
            name = " ".join(word.capitalize() for word in name.split())
        if name:
            authors.append(name)
    return authors


def article_draft(name: str, text: str, suggester: Suggester, units: list[Unit] = (),
                  topics: list[Topic] = ()) -> Draft:
    """A draft bulletin from an article's text; an ``IngestError`` when a required part is missing."""
    article = parse_article(html_text(text) if _HTML_HINT.search(text[:5000]) else text)
    if article.date_line is None:
        raise IngestError(f"{name}: no date line such as '12/11/2012 - 14:49' at the top; add one")
    try:
        date = parse_date(article.date_line)
    except DateError as error:
        raise IngestError(f"{name}: date line: {error}") from None
    if not article.title:
        raise IngestError(f"{name}: no title after the date and unit lines")
    review: list[str] = []
    given = list(units)
    if article.unit_line:
        unit = _unit_of_line(name, article.unit_line, suggester.registries, required=not given)
        if unit is not None and unit not in given:
            given.append(unit)
        elif unit is None:
            review.append(f'unit: the unit line "{article.unit_line}" names no unit in units.yml')
    unit_ids, topic_ids, people = propose(suggester, article.text, given, topics, review)
    if not unit_ids:
        raise IngestError(f"{name}: no unit line (in capitals, ending with a colon) and no unit from "
                          "units.yml in the text; give one with --unit")
    if article.caption:
        review.append("image: the caption's picture was not ingested; copy it into content/images/ "
                      "and add image: with its path")
    body = to_markdown("".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in article.paragraphs))
    return Draft(title=article.title, date=date, units=unit_ids, body=body, topics=topic_ids,
                 participants=people, author=article.authors, image_caption=article.caption,
                 review=review, origin=f"Ingested from {Path(name).name}")


def _unit_of_line(name: str, line: str, registries: Registries, required: bool) -> Unit | None:
    """The unit a unit line names (any case, any tone placement): the registry decides, not the text."""
    try:
        return registries.units.resolve(line)
    except LookupProblem as problem:
        if not required:
            return None
        raise IngestError(f"{name}: unit line: {problem.message} ({problem.hint}; or give --unit)") from None


def read_article(path: Path) -> str:
    """The article's text (UTF-8, NFC); an ``IngestError`` naming the file when it cannot be read."""
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    text, problems = read_text(path, str(path))
    if text is None:
        raise IngestError(str(problems[0]))
    return text
