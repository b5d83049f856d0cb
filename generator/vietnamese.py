"""Vietnamese text rules: normal form, name matching, folding, slugs, collation, dates.

Pure functions with no MkDocs dependency. Language rules are kept as data tables.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.lists import format_list
from slugify import slugify as _slugify

from .i18n import _, language

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Combining marks that carry a Vietnamese tone (huyền, sắc, ngã, hỏi, nặng). The other marks
# (circumflex, breve, horn) belong to the letter itself and are kept.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    """The canonical form every text is stored in."""
    return unicodedata.normalize("NFC", text)


def _split_tone(word: str) -> tuple[str, int]:
    """A word without its tone mark, and the tone (0 when none), wherever the mark was placed."""
    tone = 0
    kept = []
    for char in unicodedata.normalize("NFD", word):
        if char in TONE_MARKS:
            tone = TONE_MARKS[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=1 << 16)  # a site names the same people, units and topics thousands of times
def match_key(text: str) -> str:
    """A key under which spellings of one name are equal.

    Ignores case, repeated or surrounding spaces, Unicode form and old versus new tone placement
    (``hoà``/``hòa``, ``Uỷ``/``Ủy``): the tone is moved to the end of each word.
    """
    folded = _SPACES.sub(" ", nfc(text)).strip().casefold()

    def canonical(match: re.Match[str]) -> str:
        bare, tone = _split_tone(match.group())
        return f"{bare}{tone}" if tone else bare

    return _WORD.sub(canonical, folded)


def fold(text: str) -> str:
    """Text with every diacritic removed and đ written d, lower case: what people type."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).casefold()


@lru_cache(maxsize=1 << 16)  # python-slugify looks for transliteration tables on disk, character by character
def slugify(text: str) -> str:
    """An ASCII slug: ``Đảng ủy Khối`` → ``dang-uy-khoi`` (đ kept as d, never dropped)."""
    return _slugify(nfc(text))


def heading_slug(text: str, separator: str) -> str:
    """Heading anchors for Python-Markdown's ``toc`` extension, with the same đ rule as slugs."""
    return _slugify(nfc(text), separator=separator)


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese dictionary order: letters a ă â b … đ …, then tones, then case.

    Tones are compared only when the letters are equal (as in a dictionary), in the order
    ngang, huyền, hỏi, ngã, sắc, nặng.
    """
    letters: list[int] = []
    tones: list[int] = []
    for word in _WORD.findall(nfc(text).casefold()):
        bare, tone = _split_tone(word)
        letters.extend(_LETTER_RANK.get(char, len(ALPHABET) + ord(char)) for char in bare)
        letters.append(-1)  # word boundary sorts before any letter: "an" < "an nam" < "anh"
        tones.append(tone)
    return tuple(letters), tuple(tones), text


def given_name_key(full_name: str) -> tuple:
    """Sort key for a person by given name (the last word), then the full name, as Vietnamese lists do."""
    words = nfc(full_name).split()
    given = words[-1] if words else ""
    return collation_key(given), collation_key(full_name)


# --- dates --------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*(?:-|,)?\s*(\d{1,2})[:hg](\d{2}))?$")
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


class DateError(ValueError):
    """A date that cannot be read, with a message an editor can act on."""


DATE_FORMS = ("2012-11-12 14:49", "2012-11-12T14:49", "2012-11-12", "12/11/2012 - 14:49", "12/11/2012")


def _date_forms() -> str:
    """The accepted forms as a list in the reader's language (``…, 12/11/2012 - 14:49 or 12/11/2012``)."""
    return format_list(list(DATE_FORMS), style="or", locale=language())


def parse_date(value: object) -> datetime:
    """An aware datetime from any accepted form; naive values are Vietnamese local time."""
    if isinstance(value, datetime):
        return _on_vietnamese_clocks(value, value.isoformat()) if value.tzinfo else value.replace(tzinfo=VIETNAM)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=VIETNAM)
    if type(value) in (int, float):
        raise DateError(_("must be a date such as {forms}, not the number {value}")
                        .format(forms=_date_forms(), value=value))
    if not isinstance(value, str):
        raise DateError(_("must be a date such as {forms}, not {value!r}").format(forms=_date_forms(), value=value))
    text = nfc(value).strip()
    if match := _DAY_FIRST.match(text):
        day, month, year, hour, minute = match.groups()
        return _build(text, int(year), int(month), int(day), hour, minute, None, None)
    if match := _ISO.match(text):
        year, month, day, hour, minute, second, offset = match.groups()
        return _build(text, int(year), int(month), int(day), hour, minute, second, offset)
    raise DateError(_("cannot read the date {value!r}; write it as {forms} (day before month)")
                    .format(value=value, forms=_date_forms()))


def _build(text, year, month, day, hour, minute, second, offset) -> datetime:
    try:
        tzinfo = VIETNAM if offset is None else _offset(offset)
        moment = datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tzinfo)
    except ValueError:  # a day, month, hour or offset out of range
        raise _no_such_date(text) from None
    return _on_vietnamese_clocks(moment, text)


def _on_vietnamese_clocks(moment: datetime, text: str) -> datetime:
    """``moment``, if Vietnamese clocks show it in years 1 to 9999 too (``0001-01-01T00:00+09:00`` is in year 0
    there, and every page that shows it would fail)."""
    try:
        local(moment)
    except OverflowError:
        raise _no_such_date(text) from None
    return moment


def _no_such_date(text: str) -> DateError:
    return DateError(_("the date {text!r} does not exist; check the day, month and time").format(text=text))


def _offset(text: str):
    if text == "Z":
        return ZoneInfo("UTC")
    return datetime.strptime(text.replace(":", ""), "%z").tzinfo


def format_date(moment: datetime) -> str:
    """``12/11/2012 - 14:49``, in Vietnamese local time, as newspapers print it."""
    return format_datetime(moment, "dd/MM/yyyy - HH:mm", tzinfo=VIETNAM, locale="vi")


def format_month(moment: datetime) -> str:
    """``Tháng 11/2012``."""
    return "Tháng " + format_datetime(moment, "M/yyyy", tzinfo=VIETNAM, locale="vi")


def local(moment: datetime) -> datetime:
    """The same moment on Vietnamese clocks."""
    return moment.astimezone(VIETNAM)
