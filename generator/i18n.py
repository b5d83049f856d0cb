"""What the program says to a person, in Vietnamese unless ``BULLETINS_LANG=en``.

Messages are written in English in the code (the gettext ``msgid``) and translated through
``locale/<lang>/LC_MESSAGES/bulletins.po``, read with Babel when first needed: the catalogs are kept as
text in the repository and need no compile step. The language is read from the environment at each call,
so one process can speak both (the tests do). Placeholders are named (``{name}``), never pieces glued
together, so a translation can reorder them.

``make messages`` extracts every ``_()``, ``ngettext()`` and ``N_()`` text, and those of Click that the command
line routes here (``cli.CLICK_MODULES``), and brings the catalog up to date; ``tests/test_i18n.py`` fails while
any of them lacks a Vietnamese translation.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGE_VARIABLE = "BULLETINS_LANG"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")  # English is the language of the msgids: it needs no catalog
DOMAIN = "bulletins"
LOCALE_DIR = Path(__file__).with_name("locale")


def language() -> str:
    """``vi`` or ``en``, from ``BULLETINS_LANG`` (``en_US.UTF-8`` counts as ``en``); Vietnamese otherwise."""
    wanted = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``, compiled in memory from its ``.po`` file; none for English, the msgids' language,
    which has no file. The plural rule comes from the file's ``Plural-Forms`` header."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """``message`` in the reader's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` things (Vietnamese has one form, English two)."""
    return translations(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message defined at import time (option help, tables) for the catalog; ``_()`` it when shown."""
    return message
