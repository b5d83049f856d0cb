"""Structuring a raw newspaper article (plain text, or a page saved from a browser) as a draft bulletin.

Vietnamese papers lay a report out in many ways. Its head holds, in some order, a date line
(``12/11/2012 - 14:49``, ``07:06 | 17/09/2024 GMT+7``, ``Thứ Hai, 12/11/2012, 14:49 (GMT+7)`` …), a unit
line in capitals ending with a colon, a kicker above the title, the title, and ``*`` sub-deck lines under
it. The text may open with the paper's or agency's prefix (``ND -``, ``(VOV) -``), carry photo captions,
and end with ``./.`` and a byline (``Bài, ảnh: NGUYỄN HUY``, ``Thực hiện: …``, or bare initials such as
``N.ĐỨC``). Page furniture (share buttons, related links, readers' comments, view counters) is dropped; a
saved page is first cut down to the element around its title. The rules are the tables and patterns below.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import nh3
from markdownify import MarkdownConverter

from .drafts import Draft, propose, propose_findings, to_markdown
from .i18n import _
from .registry import LookupProblem, Registries, Topic, Unit
from .sourcefile import read_text
from .suggest import LOWER, UPPER, Suggester, any_of
from .vietnamese import VIETNAM, match_key, nfc

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")  # what a folder given to ``ingest`` is searched for
MAX_HEAD_LINES = 8  # date, unit line, kicker, title, sub-deck and byline lines above the text
MAX_DATE_LINE = 80
MAX_HEADLINE = 200  # a title, a kicker or the headline of a related article is no longer
MAX_UNIT_LINE = 150
MAX_CAPTION = 300
MAX_BYLINE = 100

# The paper or agency a prefix opening the text names ("ND - Sáng 12/11, …", "(VOV) - …").
SOURCE_NAMES = {
    "ND": "Báo Nhân Dân",
    "QĐND": "Báo Quân đội nhân dân",
    "TCCS": "Tạp chí Cộng sản",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VTV.vn": "Đài Truyền hình Việt Nam",
    "TTXVN": "Thông tấn xã Việt Nam",
    "KTĐT": "Báo Kinh tế & Đô thị",
    "CT": "Báo Cần Thơ",
    "CTO": "Báo Cần Thơ",
    "QBĐT": "Báo Quảng Bình",
    "GLO": "Báo Gia Lai",
}
# What a date line may hold besides the day, the time and a GMT offset.
DATE_WORDS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật", "ngày", "lúc",
              "cập nhật", "đăng")
# Labels a byline opens with: "Bài, ảnh: NGUYỄN HUY", "Thực hiện: ANH DŨNG - QUÁCH HÙNG".
BYLINE_LABELS = ("bài", "tin", "ảnh", "bài và ảnh", "tin và ảnh", "bài, ảnh", "tin, ảnh", "bài/ảnh", "tin/ảnh",
                 "thực hiện", "nhóm phóng viên", "ghi chép", "theo")
# Page furniture, dropped wherever it stands alone on a line (a trailing colon, case and tones aside).
FURNITURE = ("Chia sẻ bài viết", "Chia sẻ", "In bài viết", "In bài", "Gửi bài viết", "Lưu bài viết", "Về đầu trang",
             "Lên đầu trang", "Quay lại", "Trở về", "Facebook", "Zalo", "Twitter", "Email", "Sao chép liên kết",
             "Copy link", "Cỡ chữ", "Nghe bài viết", "Share", "Print", "Tweet")
# Headings of a box of links to other articles: the heading and the headlines under it are dropped.
RELATED_BOXES = ("Tin liên quan", "Bài liên quan", "Tin bài liên quan", "Xem thêm", "Đọc thêm")
# Headings after which nothing belongs to the article: suggested reading, readers' comments.
END_MARKERS = ("Có thể bạn quan tâm", "Bạn đọc phản hồi", "Ý kiến bạn đọc", "Bình luận", "Gửi bình luận",
               "Ý kiến của bạn", "Tin cùng chuyên mục", "Tin khác", "Tin mới nhất", "Đọc nhiều nhất")
FURNITURE_PATTERNS = (
    r"^(?:>>|»)",  # a link to another article
    r"^theo dõi .{1,80} trên google news$",
    r"^(?:số )?lượt (?:xem|đọc)\s*:?\s*[\d.,]+$",
    r"^[\d.,]+\s+lượt (?:xem|đọc)$",
    r"^(?:từ khóa|từ khoá|tags?)\s*:",
)
# Parts of a saved page that are furniture: these tags, and elements with one of these words in their
# class or id (the element holding the title is always kept, whatever its name).
PAGE_FURNITURE_TAGS = {"header", "footer"}
PAGE_FURNITURE_WORDS = {
    "menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "share", "sharing", "social", "comment",
    "comments", "binhluan", "related", "lienquan", "tinlienquan", "footer", "banner", "ads", "advert",
    "advertisement", "quangcao", "sidebar", "toolbar", "subscribe", "newsletter", "tags", "rating",
}
_PAGE_TAGS = {"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure",
              "figcaption", "section", "article", "main", "header", "footer"}
_DROPPED_TAGS = {"script", "style", "title", "noscript", "template", "nav", "aside", "button", "select",
                 "textarea", "iframe"}  # dropped with what they hold


_FURNITURE_KEYS = frozenset(map(match_key, FURNITURE))
_RELATED_KEYS = frozenset(map(match_key, RELATED_BOXES))
_END_KEYS = frozenset(map(match_key, END_MARKERS))
_FURNITURE_LINE = re.compile("|".join(FURNITURE_PATTERNS), re.IGNORECASE)
_DAY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:hg](\d{2})(?!\d)")
_OFFSET = re.compile(r"\bGMT\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_DATE_FILLER = re.compile(rf"(?:{any_of(DATE_WORDS)}|[\s,|()\-–:])*", re.IGNORECASE)
_BYLINE = re.compile(rf"^(?:{any_of(BYLINE_LABELS)})\s*:\s*(?P<names>\S.*)$", re.IGNORECASE)
_NAME_WORD = rf"(?:[{UPPER}]\.)*[{UPPER}][{LOWER}{UPPER}]*"
_BARE_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}"
_AUTHOR_SEPARATOR = r"\s*(?:[,;–]|\s-|-\s|\svà\s)\s*"
_BARE_BYLINE = re.compile(rf"{_BARE_NAME}(?:{_AUTHOR_SEPARATOR}{_BARE_NAME}){{0,3}}")
_AUTHOR_SEPARATORS = re.compile(_AUTHOR_SEPARATOR)
_LETTERS = re.compile(r"[^\W\d_]+")
_CLOSING = re.compile(r"\s*\./\.$")  # the "./." some papers end a report with
_CREDIT = re.compile(r"^(?P<text>.*?[^(\s])\s*(?:\(\s*(?:Ảnh|ẢNH)\s*:\s*(?P<credit>[^()]{1,60}?)\s*\)"
                     r"|[_–-]?\s*(?:Ảnh|ẢNH)\s*:\s*(?P<plain_credit>[^()_]{1,40}?))\s*$")
_SOURCE_PREFIX = re.compile(
    rf"^(?:\((?P<paren>[{UPPER}][^()\s]{{1,19}})\)|(?P<bare>{any_of(SOURCE_NAMES)}))\s*[-–—]\s*(?=\S)")
_PROSE_END = re.compile(r"(?<!\.)[.:;]$")  # a title may end with "...", "?" or "!", not so
_SENTENCE_END = re.compile(r"[.!?…:;\"”)]$")
_HEADING_MARK = re.compile(r"^#\s+")
_HTML_HINT = re.compile(r"<(?:html|body|p|div|br|h[1-6]|article)\b", re.IGNORECASE)
_CLASS_WORD = re.compile(r"[a-z]+")


class IngestError(Exception):
    """Why an article cannot become a draft, as ``path:line: field: what is wrong (what to do)``."""


def _error(path: str, field_name: str, message: str, hint: str, line: int | None = None) -> IngestError:
    where = f"{path}:{line}" if line else path
    return IngestError(f"{where}: {field_name}: {message} ({hint})")


@dataclass(frozen=True)
class Line:
    """A line of the article with its spaces tidied, and where it stood."""

    text: str
    number: int | None  # in the file; None for a saved page, whose lines are made from its markup
    opens_block: bool = True  # the first line, or one after a blank line
    heading: bool = False  # a saved page's title (its h1)


@dataclass(frozen=True)
class _Paragraph:
    text: str
    lines: int = 1  # a short paragraph broken over two lines or more is a photo caption


@dataclass
class Article:
    """The parts of a raw article, as written in it."""

    date_line: Line | None = None
    unit_line: Line | None = None
    kicker: str | None = None
    title: str | None = None
    deck: list[str] = field(default_factory=list)
    source_prefix: str | None = None  # as written: "VOV", "ND"
    caption: str | None = None
    other_captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    bare_byline: str | None = None  # a last line of names without a label, taken for the byline
    paragraphs: list[str] = field(default_factory=list)

    @property
    def source_name(self) -> str | None:
        return SOURCE_NAMES.get(self.source_prefix, self.source_prefix) if self.source_prefix else None

    @property
    def summary(self) -> str | None:
        """The sub-deck's lines as sentences."""
        sentences = (line if _SENTENCE_END.search(line) else f"{line}." for line in self.deck)
        return " ".join(sentences) or None

    @property
    def text(self) -> str:
        parts = (self.kicker, self.title, *self.deck, self.caption, *self.other_captions, *self.paragraphs)
        return "\n\n".join(part for part in parts if part)


# --- dates ----------------------------------------------------------------------------------------

class DateParts(NamedTuple):
    """What a date line holds: the day, and the time and GMT offset when it gives them."""

    day: re.Match[str]
    time: re.Match[str] | None
    offset: re.Match[str] | None

    def moment(self) -> datetime:
        """The moment, in the line's GMT offset or else Vietnamese time; ValueError when it does not exist."""
        day, month, year = map(int, self.day.groups())
        hour, minute = map(int, self.time.groups()) if self.time else (0, 0)
        zone = VIETNAM
        if self.offset:
            sign, hours, minutes = self.offset.groups()
            shift = timedelta(hours=int(hours), minutes=int(minutes or 0))
            zone = timezone(-shift if sign == "-" else shift)
        return datetime(year, month, day, hour, minute, tzinfo=zone)


def date_parts(text: str) -> DateParts | None:
    """The day, time and offset of a line that holds nothing else but a weekday, "ngày" and separators."""
    if len(text) > MAX_DATE_LINE:
        return None
    offset, rest = _cut(_OFFSET, text)
    day, rest = _cut(_DAY, rest)
    time, rest = _cut(_TIME, rest)
    if day is None or not _DATE_FILLER.fullmatch(rest):
        return None
    return DateParts(day, time, offset)


def _cut(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    match = pattern.search(text)
    return (match, f"{text[:match.start()]} {text[match.end():]}") if match else (None, text)


# --- plain text -----------------------------------------------------------------------------------

def parse_article(text: str, from_page: bool = False) -> Article:
    """Split an article's text into its parts; ``from_page`` when the text is ``html_text``'s."""
    head, body = _split_head(_without_furniture(_lines(text, from_page)))
    article = Article()
    _read_body([*_read_head(head, article), *body], article)
    return article


def _lines(text: str, from_page: bool) -> list[Line]:
    """The non-blank lines; a line of spaces (no-break spaces too) counts as blank."""
    lines: list[Line] = []
    blank = True
    for number, raw in enumerate(nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        tidy = " ".join(raw.split())  # str.split() also splits on no-break spaces
        if tidy and from_page:
            heading = _HEADING_MARK.match(tidy)
            lines.append(Line(tidy[heading.end():] if heading else tidy, None, blank, heading=bool(heading)))
        elif tidy:
            lines.append(Line(tidy, number, blank))
        blank = not tidy
    return lines


def _without_furniture(lines: list[Line]) -> list[Line]:
    """The lines without page furniture, nor boxes of related articles (a heading and the headlines under it)."""
    kept: list[Line] = []
    in_box = False
    for line in lines:
        key = match_key(line.text.rstrip(":"))
        in_box = key in _RELATED_KEYS or (in_box and _is_headline(line.text) and not _BYLINE.match(line.text))
        if not in_box and key not in _FURNITURE_KEYS and not _FURNITURE_LINE.search(line.text):
            kept.append(line)
    return kept


def _split_head(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The head (the short lines above the text) and the rest."""
    end = 0
    while end < min(len(lines), MAX_HEAD_LINES) and _in_head(lines[end]):
        end += 1
    return lines[:end], lines[end:]


def _in_head(line: Line) -> bool:
    text = line.text
    return (line.heading or _is_headline(text) or _is_unit_line(text) or text.startswith("*")
            or date_parts(text) is not None)


def _is_headline(text: str) -> bool:
    return len(text) <= MAX_HEADLINE and not _PROSE_END.search(text)


def _is_unit_line(text: str) -> bool:
    name = text.rstrip(":").strip()
    return text.endswith(":") and 0 < len(name) < MAX_UNIT_LINE and _in_capitals(name)


def _in_capitals(text: str) -> bool:
    return text == text.upper() != text.lower()


def _read_head(head: list[Line], article: Article) -> list[Line]:
    """Take the date, unit line, bylines, title, kicker and sub-deck from the head; return the lines left.

    The title is a saved page's ``h1``; else the line above the ``*`` sub-deck; else the first line, unless
    it is in capitals with another line under it (then it is a kicker). Lines above the title are its kicker;
    lines under it belong to the text.
    """
    others: list[Line] = []
    deck_at: int | None = None
    for line in head:
        if date_parts(line.text):  # the first is the date; another ("updated …") is furniture
            article.date_line = article.date_line or line
        elif article.unit_line is None and _is_unit_line(line.text):
            article.unit_line = line
        elif byline := _BYLINE.match(line.text):
            article.authors.extend(_authors(byline.group("names")))
        elif line.text.startswith("*") and others:
            deck_at = len(others) if deck_at is None else deck_at
            article.deck.append(line.text.lstrip("* "))
        else:
            others.append(line)
    at = _title_index(others, deck_at)
    if at is None:
        return others
    article.title = others[at].text
    article.kicker = " ".join(line.text for line in others[:at]) or None
    return others[at + 1:]


def _title_index(lines: list[Line], deck_at: int | None) -> int | None:
    marked = [index for index, line in enumerate(lines) if line.heading]
    if marked:
        return marked[0]
    if deck_at:
        return deck_at - 1
    if not lines:
        return None
    return 1 if len(lines) > 1 and _in_capitals(lines[0].text) else 0


def _read_body(lines: list[Line], article: Article) -> None:
    """Paragraphs, less a date line standing alone, the byline, captions and the source prefix."""
    text_lines = []
    for line in _until_end(lines):
        if date_parts(line.text) is None:
            text_lines.append(line)
        elif article.date_line is None:
            article.date_line = line
    paragraphs = _paragraphs(text_lines)
    _take_byline(paragraphs, article)
    _take_captions(paragraphs, article)
    _take_source(paragraphs, article)
    article.paragraphs = [paragraph.text for paragraph in paragraphs]


def _until_end(lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        if match_key(line.text.rstrip(":")) in _END_KEYS:
            return lines[:index]
    return lines


def _paragraphs(lines: list[Line]) -> list[_Paragraph]:
    """Lines joined into paragraphs: a line right under another that ends mid-sentence goes on with it, while
    a line under a finished sentence starts a paragraph (text copied from a page may hold a paragraph a line,
    with no blank line between). A closing ``./.`` becomes a full stop."""
    paragraphs: list[_Paragraph] = []
    for line in lines:
        last = paragraphs[-1] if paragraphs else None
        if last and not line.opens_block and not _SENTENCE_END.search(last.text):
            paragraphs[-1] = _Paragraph(f"{last.text} {line.text}", last.lines + 1)
        else:
            paragraphs.append(_Paragraph(line.text))
    closed = (replace(paragraph, text=_CLOSING.sub(".", paragraph.text)) for paragraph in paragraphs)
    return [paragraph for paragraph in closed if paragraph.text != "."]


def _take_byline(paragraphs: list[_Paragraph], article: Article) -> None:
    """The last labelled byline, wherever it stands; else a last line of names such as ``N.ĐỨC``."""
    for index in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[index].text
        if len(text) <= MAX_BYLINE and (byline := _BYLINE.match(text)):
            article.authors.extend(_authors(byline.group("names")))
            del paragraphs[index]
            return
    if not article.authors and paragraphs and _is_bare_byline(paragraphs[-1].text):
        article.bare_byline = paragraphs.pop().text
        article.authors = _authors(article.bare_byline)


def _is_bare_byline(text: str) -> bool:
    """Names alone (``Văn Dũng- Minh Đạt``), initials (``N.ĐỨC``) or a word in capitals (``PV``)."""
    one_word = " " not in text and "." not in text.rstrip(".")
    return (len(text) <= MAX_BYLINE and bool(_BARE_BYLINE.fullmatch(text.rstrip(".")))
            and (not one_word or _in_capitals(text)))


def _authors(names: str) -> list[str]:
    """``NGUYỄN HUY`` is written ``Nguyễn Huy`` and ``N.ĐỨC`` ``N.Đức``; a word in capitals (``TTXVN``) stays."""
    authors = []
    for name in _AUTHOR_SEPARATORS.split(names.strip().rstrip(".")):
        if _in_capitals(name) and (" " in name or "." in name):
            name = _LETTERS.sub(lambda word: word.group().capitalize(), name)
        if name:
            authors.append(name)
    return authors


def _take_captions(paragraphs: list[_Paragraph], article: Article) -> None:
    kept = []
    for paragraph in paragraphs:
        caption = _caption(paragraph)
        if caption is None:
            kept.append(paragraph)
        elif article.caption is None:
            article.caption = caption
        else:
            article.other_captions.append(caption)
    paragraphs[:] = kept


def _caption(paragraph: _Paragraph) -> str | None:
    """A short paragraph ending with its photo's credit (``… (Ảnh: Tuấn Sơn)``, ``…_Ảnh: TTXVN``), written
    ``text (Ảnh: credit)``, or broken over two lines or more; None for any other paragraph."""
    if len(paragraph.text) > MAX_CAPTION:
        return None
    if credit := _CREDIT.match(paragraph.text):
        return f"{credit.group('text')} (Ảnh: {credit.group('credit') or credit.group('plain_credit')})"
    return paragraph.text if paragraph.lines > 1 else None


def _take_source(paragraphs: list[_Paragraph], article: Article) -> None:
    """The paper or agency prefix opening the text (``(VOV) -``, ``ND -``), taken out of it."""
    if paragraphs and (prefix := _SOURCE_PREFIX.match(paragraphs[0].text)):
        article.source_prefix = prefix.group("paren") or prefix.group("bare")
        paragraphs[0] = replace(paragraphs[0], text=paragraphs[0].text[prefix.end():])


# --- saved pages ----------------------------------------------------------------------------------

def html_text(markup: str) -> str:
    """A saved page as plain text: the article around its title, one block per paragraph, ``<br>`` kept as
    a line break, the title marked ``# ``."""
    cleaned = nh3.clean(markup, tags=_PAGE_TAGS, attributes={"*": {"class", "id"}}, clean_content_tags=_DROPPED_TAGS)
    return _PageText().convert(cleaned)


class _PageText(MarkdownConverter):
    """markdownify over a page cut down to its article: furniture dropped, then the title's closest
    enclosing element that holds half the page's text (menus and footers aside, that is the article)."""

    def __init__(self):
        super().__init__(escape_asterisks=False, escape_underscores=False, escape_misc=False,
                         heading_style="atx", bullets="-")
        self._title = None

    def convert_soup(self, soup):
        self._title = max(soup.find_all("h1"), key=lambda heading: len(heading.get_text()), default=None)
        around_title = {id(node) for node in (self._title, *self._title.parents)} if self._title else set()
        for node in soup.find_all(_is_page_furniture):
            if id(node) not in around_title:
                node.decompose()
        return self.process_tag(self._article(soup), parent_tags=set())

    def _article(self, soup):
        if self._title is None:
            return soup
        whole = _text_size(soup)
        return next((parent for parent in self._title.parents if 2 * _text_size(parent) >= whole), soup)

    def convert_hN(self, n, el, text, parent_tags):
        mark = "# " if el is self._title else ""
        return f"\n\n{mark}{text.strip()}\n\n"


def _is_page_furniture(tag) -> bool:
    names = [tag.get("id") or "", *(tag.get("class") or ())]
    words = {word for name in names for word in _CLASS_WORD.findall(name.lower())}
    return tag.name in PAGE_FURNITURE_TAGS or not words.isdisjoint(PAGE_FURNITURE_WORDS)


def _text_size(node) -> int:
    return sum(len(word) for word in node.get_text().split())


# --- the draft ------------------------------------------------------------------------------------

def article_draft(name: str, text: str, suggester: Suggester, units: Iterable[Unit] = (),
                  topics: Iterable[Topic] = (), undated: datetime | None = None) -> Draft:
    """A draft bulletin from an article's text; an ``IngestError`` when a part it needs is missing.

    ``units`` and ``undated`` (the date of an article without a date line) come from the editor.
    """
    saved_page = bool(_HTML_HINT.search(text[:5000]))
    article = parse_article(html_text(text) if saved_page else text, from_page=saved_page)
    review: list[str] = []
    date = _date(name, article, undated, review)
    if not article.title:
        raise _error(name, "title", _("no title after the date and unit lines"),
                     _("put the title on a line of its own at the top"))
    given = _units(name, article.unit_line, suggester.registries, list(units), review)
    unit_ids, topic_ids, people = propose(suggester, article.text, given, topics, review)
    if not unit_ids:
        raise _error(name, "unit", _("no unit line (in capitals, ending with a colon) and no unit from units.yml "
                                     "named in the text"), _("give the unit with --unit"))
    findings = propose_findings(article.paragraphs, review)
    review.extend(_guesses(article))
    body = to_markdown("".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in article.paragraphs))
    return Draft(title=article.title, date=date, units=unit_ids, body=body, topics=topic_ids, participants=people,
                 author=article.authors, summary=article.summary, image_caption=article.caption,
                 source_name=article.source_name, findings=findings, review=review,
                 origin=_("Ingested from {file}").format(file=Path(name).name))


def _date(name: str, article: Article, undated: datetime | None, review: list[str]) -> datetime:
    line = article.date_line
    if line is None:
        if undated is None:
            raise _error(name, "date", _("no date line such as '12/11/2012 - 14:49' at the top"),
                         _("add one, or give the date with --date"))
        review.append(_("date: the article has no date line; the date given with --date was used"))
        return undated
    parts = date_parts(line.text)
    try:
        moment = parts.moment()
    except ValueError:
        raise _error(name, "date", _('the date line "{line}" names a day or time that does not exist')
                     .format(line=line.text), _("check the day and month"), line.number) from None
    if parts.time is None:
        review.append(_("date: the date line gives no time; 00:00 was used"))
    return moment


def _units(name: str, line: Line | None, registries: Registries, given: list[Unit], review: list[str]) -> list[Unit]:
    """The units given, then the one the unit line names (the registry decides, not the text's spelling)."""
    if line is None:
        return given
    written = line.text.rstrip(":").strip()
    try:
        unit = registries.units.resolve(written)
    except LookupProblem as problem:
        if not given:
            raise _error(name, "unit", problem.message,
                         _("{advice}; or give the unit with --unit").format(advice=problem.hint), line.number) from None
        review.append(_("unit: the unit line was left out, as --unit was given: {problem}").format(
            problem=problem.message))
        return given
    return given if unit in given else [*given, unit]


def _guesses(article: Article) -> list[str]:
    """The ``review`` lines for what the article's layout made the program guess."""
    notes = []
    if article.kicker:
        notes.append(_('title: the line above the title was left out of it: "{kicker}"').format(kicker=article.kicker))
    if article.deck:
        notes.append(_("summary: taken from the lines under the title that open with *"))
    if article.bare_byline:
        notes.append(_('author: the last line, "{line}", was taken for the byline').format(line=article.bare_byline))
    if article.source_prefix and article.source_prefix not in SOURCE_NAMES:
        notes.append(_('source_name: "{prefix}" opens the text but is no paper or agency known to the program; '
                       "write its full name").format(prefix=article.source_prefix))
    notes += [_('image_caption: the caption of another picture was taken out of the text: "{caption}"')
              .format(caption=caption) for caption in article.other_captions]
    if article.caption:
        notes.append(_("image: the caption's picture was not ingested; copy it into content/images/ and add image: "
                       "with its path"))
    return notes


# --- files ----------------------------------------------------------------------------------------

def article_files(paths: Iterable[Path]) -> list[Path]:
    """The files given, and the articles (``ARTICLE_SUFFIXES``) in the folders given, by name; a folder
    holding none is listed itself, for ``read_article`` to say so."""
    files: list[Path] = []
    for path in paths:
        found = sorted(file for file in path.rglob("*") if file.suffix.lower() in ARTICLE_SUFFIXES
                       and file.is_file()) if path.is_dir() else []
        files.extend(found or [path])
    return files


def read_article(path: Path) -> str:
    """The article's text (UTF-8, NFC); an ``IngestError`` naming the file when it cannot be read."""
    if path.is_dir():
        raise _error(str(path), "file", _("is a folder holding no article (.txt, .html or .htm file)"),
                     _("give the articles' files or their folder"))
    if not path.is_file():
        raise _error(str(path), "file", _("no such file"), _("check the name and the folder"))
    text, problems = read_text(path, str(path))
    if text is None:
        raise IngestError(str(problems[0]))
    return text
