import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from generator.vietnamese import (
    VIETNAM,
    DateError,
    collation_key,
    fold,
    format_date,
    format_month,
    given_name_key,
    heading_slug,
    local,
    match_key,
    nfc,
    parse_date,
    slugify,
)


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("left, right", [
    ("hoà", "hòa"),
    ("Uỷ ban", "Ủy ban"),
    ("Đảng uỷ Khối", "đảng ủy  khối"),
    ("Thuý", "Thúy"),
    ("Đảng ủy Khối", nfd("Đảng ủy Khối")),
    ("  Lê   Việt Triều ", "lê việt triều"),
    ("Lê\tViệt\nTriều", "Lê Việt Triều"),
])
def test_match_key_treats_spellings_of_one_name_as_equal(left, right):
    assert match_key(left) == match_key(right)


@pytest.mark.parametrize("left, right", [("hoa", "hòa"), ("hòa", "hóa"), ("Đảng", "Dang"), ("ủy", "ùy"),
                                         ("hỏa", "hõa"), ("họa", "hòa"), ("ân", "ăn"), ("an", "ân")])
def test_match_key_keeps_different_words_apart(left, right):
    assert match_key(left) != match_key(right)


def test_match_key_moves_the_tone_to_the_end_of_each_word_and_keeps_the_letters_marks():
    assert match_key("Hoà  Bình") == "hoa1 binh1"
    assert match_key("Ủy ban") == "uy2 ban"
    assert match_key("Đảng Cộng sản") == "đang2 công5 san2"
    assert match_key("Thuỵ, Thúy") == "thuy5, thuy4"  # what is not a word stays as written
    assert match_key("hoà") == match_key(nfd("hoà")) == "hoa1"


def test_nfc_composes_what_editors_paste_decomposed():
    assert nfc(nfd("Đảng ủy")) == "Đảng ủy" and len(nfc(nfd("ủ"))) == 1


def test_slugs_write_d_for_dj():
    assert slugify("Đảng ủy Khối Cơ quan Dân Chính Đảng") == "dang-uy-khoi-co-quan-dan-chinh-dang"
    assert slugify(nfd("Đảng ủy")) == "dang-uy"
    assert slugify("!!!") == ""
    assert heading_slug("Đợt kiểm điểm đầu tiên", "-") == "dot-kiem-diem-dau-tien"
    assert heading_slug(nfd("Đợt kiểm điểm"), "_") == "dot_kiem_diem"


def test_fold_drops_every_mark_and_writes_d():
    assert fold("Kiểm điểm Đảng ủy Hòa") == "kiem diem dang uy hoa"
    assert fold(nfd("Kiểm điểm")) == "kiem diem"
    assert fold("ĐOÀN Ăn Ơn Ưng") == "doan an on ung"


# --- Vietnamese order ------------------------------------------------------------------------------

def ordered(words):
    return sorted(words, key=collation_key)


def test_collation_follows_the_vietnamese_alphabet():
    words = ["đào", "dung", "ê", "e", "ăn", "an", "ân", "bé", "ba", "hòa", "hoa", "hóa", "hỏa", "hõa", "họa"]
    assert ordered(words) == [
        "an", "ăn", "ân", "ba", "bé", "dung", "đào", "e", "ê", "hoa", "hòa", "hỏa", "hõa", "hóa", "họa",
    ]
    assert ordered(["em", "đào", "dung", "ơn", "ôm", "ong", "ưa", "ua", "zô"]) == [
        "dung", "đào", "em", "ong", "ôm", "ơn", "ua", "ưa", "zô"]


def test_collation_compares_tones_only_between_equal_letters():
    assert ordered(["ba", "bà", "bác", "bá"]) == ["ba", "bà", "bá", "bác"]  # "bác" is longer: tones do not count
    assert ordered(["họa", "hoan"]) == ["họa", "hoan"]  # the letters differ: the heavy tone does not matter
    assert ordered(["hoà bình", "hòa an"]) == ["hòa an", "hoà bình"]  # old and new tone placement: one word


def test_collation_ends_a_word_before_any_letter_and_ignores_case_and_punctuation_until_the_tie():
    assert ordered(["anh", "an nam", "an"]) == ["an", "an nam", "anh"]
    assert ordered(["thua", "thu"]) == ["thu", "thua"]  # the end of "thu" before the "a", the first letter
    assert ordered(["Anh", "an", "An"]) == ["An", "an", "Anh"]  # equal letters: the text as written breaks the tie
    assert collation_key("Hòa-Bình")[:2] == collation_key("hòa bình")[:2]
    assert collation_key(nfd("Đào")) == collation_key("Đào")[:2] + (nfd("Đào"),)


def test_collation_puts_digits_and_letters_outside_the_alphabet_after_z_in_code_point_order():
    assert ordered(["ø", "2012", "zô", "w", "1999", "a"]) == ["a", "w", "zô", "1999", "2012", "ø"]


def test_people_sort_by_given_name():
    names = ["Lê Việt Triều", "Châu Hồng Thái", "Lê Văn Út", "Nguyễn Văn An", "Trần Thị Đào"]
    assert sorted(names, key=given_name_key) == [
        "Nguyễn Văn An", "Trần Thị Đào", "Châu Hồng Thái", "Lê Việt Triều", "Lê Văn Út",
    ]


def test_people_with_one_given_name_sort_by_the_whole_name():
    names = ["Trần Văn An", "Lê Thị An", "Đỗ An", "An"]
    assert sorted(names, key=given_name_key) == ["An", "Đỗ An", "Lê Thị An", "Trần Văn An"]
    assert given_name_key("  Lê   Văn Út ")[0] == collation_key("Út")
    assert given_name_key("") == (collation_key(""), collation_key(""))


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2012-11-12T14:49", "2012-11-12 14:49", "12/11/2012 - 14:49", "12/11/2012 14:49", "2012-11-12 14:49:00",
    "12/11/2012 - 14h49", "12/11/2012, 14g49", "12/11/2012,14:49", "12/11/2012-14:49", " 12/11/2012 - 14:49 ",
    nfd("12/11/2012 - 14h49"),
])
def test_dates_in_every_form_mean_vietnamese_local_time(text):
    assert parse_date(text) == datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM)
    assert parse_date(text).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("text, moment", [
    ("05/01/2013", datetime(2013, 1, 5, tzinfo=VIETNAM)),
    ("5/1/2013 9:05", datetime(2013, 1, 5, 9, 5, tzinfo=VIETNAM)),
    ("2013-1-5", datetime(2013, 1, 5, tzinfo=VIETNAM)),
    ("2013-01-05 9:05:07", datetime(2013, 1, 5, 9, 5, 7, tzinfo=VIETNAM)),
    ("2013-01-05T09:05:07.250", datetime(2013, 1, 5, 9, 5, 7, tzinfo=VIETNAM)),  # fractions of a second dropped
])
def test_dates_without_a_time_or_with_seconds(text, moment):
    assert parse_date(text) == moment and parse_date(text).tzinfo is VIETNAM


@pytest.mark.parametrize("text, offset", [
    ("2014-04-01T02:00:00Z", timedelta(0)),
    ("2014-04-01 02:00Z", timedelta(0)),
    ("2014-04-01T02:00:00+09:00", timedelta(hours=9)),
    ("2014-04-01T02:00+0900", timedelta(hours=9)),
    ("2014-04-01T02:00:00-05:30", timedelta(hours=-5, minutes=-30)),
])
def test_a_date_with_an_offset_is_that_moment_shown_on_vietnamese_clocks(text, offset):
    moment = parse_date(text)
    assert moment.utcoffset() == offset
    assert moment == datetime(2014, 4, 1, 2, 0, tzinfo=timezone(offset))
    assert local(moment) == datetime(2014, 4, 1, 2, 0, tzinfo=timezone(offset)).astimezone(VIETNAM)
    assert format_date(moment) == format_date(local(moment))


def test_yaml_datetimes_with_an_offset_are_converted_and_naive_ones_are_vietnamese_time():
    """YAML hands ``date: 2014-04-01T02:00:00Z`` over as an aware datetime: 09:00 in Vietnam, not 02:00."""
    aware = datetime(2014, 4, 1, 2, 0, tzinfo=UTC)
    assert parse_date(aware) == aware
    assert format_date(parse_date(aware)) == "01/04/2014 - 09:00"
    assert local(parse_date(aware)).hour == 9
    naive = datetime(2012, 11, 12, 14, 49)
    assert parse_date(naive) == datetime(2012, 11, 12, 14, 49, tzinfo=VIETNAM)
    assert parse_date(date(2013, 1, 5)) == datetime(2013, 1, 5, 0, 0, tzinfo=VIETNAM)
    assert format_date(parse_date("2012-11-12T07:49:00Z")) == "12/11/2012 - 14:49"


@pytest.mark.parametrize("text", ["31/02/2012", "2012-13-01", "32/1/2012", "2012-11-12 24:00", "12/11/2012 - 14:60",
                                  "2012-11-12 14:49:60", "2012-11-12 14:49+25:00", "00/11/2012"])
def test_a_date_that_does_not_exist_says_so(text):
    with pytest.raises(DateError) as error:
        parse_date(text)
    assert str(error.value) == f"the date {text!r} does not exist; check the day, month and time"


@pytest.mark.parametrize("value, text", [
    ("0001-01-01T00:00:00+09:00", "0001-01-01T00:00:00+09:00"),
    ("9999-12-31 23:59-05:00", "9999-12-31 23:59-05:00"),
    (datetime(1, 1, 1, 6, 0, tzinfo=timezone(timedelta(hours=9))), "0001-01-01T06:00:00+09:00"),
])
def test_a_moment_outside_the_years_of_vietnamese_clocks_does_not_exist(value, text):
    """Pages show dates on Vietnamese clocks: a date that is year 0 or 10000 there stops at the check."""
    with pytest.raises(DateError) as error:
        parse_date(value)
    assert str(error.value) == f"the date {text!r} does not exist; check the day, month and time"
    assert format_date(parse_date("0001-01-01 12:00")) == "01/01/0001 - 12:00"  # the first day there is


FORMS = "2012-11-12 14:49, 2012-11-12T14:49, 2012-11-12, 12/11/2012 - 14:49, or 12/11/2012"


@pytest.mark.parametrize("text", ["hôm qua", "11-12-2012", "12/11/12", "2012/11/12", "12.11.2012", "12/11/2012 14",
                                  "2012-11-12 14:49 GMT+7", "12/11/2012 - 14:49 sáng", ""])
def test_an_unreadable_date_says_which_forms_are_read(text):
    with pytest.raises(DateError) as error:
        parse_date(text)
    assert str(error.value) == f"cannot read the date {text!r}; write it as {FORMS} (day before month)"


def test_an_unreadable_date_lists_the_forms_in_the_readers_language(monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    with pytest.raises(DateError) as error:
        parse_date("hôm qua")
    assert str(error.value) == ("không đọc được ngày 'hôm qua'; hãy viết theo dạng 2012-11-12 14:49, 2012-11-12T14:49, "
                                "2012-11-12, 12/11/2012 - 14:49 hoặc 12/11/2012 (ngày trước tháng)")


@pytest.mark.parametrize("value, shown", [(2012, "the number 2012"), (1.5, "the number 1.5"), (True, "True"),
                                          (None, "None"), ([2012], "[2012]")])
def test_a_value_that_is_not_a_date_says_what_it_is(value, shown):
    with pytest.raises(DateError) as error:
        parse_date(value)
    assert str(error.value) == f"must be a date such as {FORMS}, not {shown}"


def test_display_formats():
    moment = parse_date("2012-11-12 14:49")
    assert format_date(moment) == "12/11/2012 - 14:49"
    assert format_month(moment) == "Tháng 11/2012"
    new_year_in_vietnam = datetime(2012, 12, 31, 17, 30, tzinfo=UTC)
    assert format_date(new_year_in_vietnam) == "01/01/2013 - 00:30"
    assert format_month(new_year_in_vietnam) == "Tháng 1/2013"
    assert format_date(parse_date("05/01/2013 - 09:05")) == "05/01/2013 - 09:05"
    last_day = parse_date("31/12/2012 - 12:00")  # in the first week of 2013, which is not its year
    assert (format_date(last_day), format_month(last_day)) == ("31/12/2012 - 12:00", "Tháng 12/2012")
