"""The language of messages: read from BULLETINS_LANG as locales write it, and plural forms in both languages."""

import pytest

from generator.i18n import _, language, ngettext, translations

SINGULAR = "and {count} more field that appears twice from here on"
PLURAL = "and {count} more fields that appear twice from here on"
VIETNAMESE = "và {count} trường khác xuất hiện hai lần, kể từ dòng này"


@pytest.mark.parametrize("value, lang", [("en", "en"), ("en_US.UTF-8", "en"), (" EN ", "en"), ("vi_VN", "vi"),
                                         ("fr", "vi"), ("", "vi"), ("e", "vi")])
def test_the_language_is_the_first_two_letters_of_bulletins_lang_if_known(monkeypatch, value, lang):
    monkeypatch.setenv("BULLETINS_LANG", value)
    assert language() == lang


def test_without_bulletins_lang_the_language_is_vietnamese(monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    assert language() == "vi"
    assert _("warning") == "cảnh báo"


@pytest.mark.parametrize("count", [1, 2, 5])
def test_vietnamese_has_one_form_whatever_the_count(monkeypatch, count):
    monkeypatch.setenv("BULLETINS_LANG", "vi")
    assert ngettext(SINGULAR, PLURAL, count) == VIETNAMESE


@pytest.mark.parametrize("count, form", [(1, SINGULAR), (0, PLURAL), (2, PLURAL)])
def test_english_chooses_the_singular_for_one_and_the_plural_otherwise(monkeypatch, count, form):
    monkeypatch.setenv("BULLETINS_LANG", "en")
    assert ngettext(SINGULAR, PLURAL, count) == form


def test_a_language_without_a_catalog_says_the_msgids():
    assert translations("fr").gettext("warning") == "warning"
    assert translations("fr").ngettext(SINGULAR, PLURAL, 2) == PLURAL
