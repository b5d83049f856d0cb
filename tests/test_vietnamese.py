import unicodedata
from datetime import datetime, timedelta

import pytest

from generator.vietnamese import (
    DateError,
    collation_key,
    fold,
    format_date,
    format_month,
    given_name_key,
    heading_slug,
    match_key,
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
])
def test_match_key_treats_spellings_of_one_name_as_equal(left, right):
    assert match_key(left) == match_key(right)


@pytest.mark.parametrize("left, right", [("hoa", "hòa"), ("hòa", "hóa"), ("Đảng", "Dang"), ("ủy", "ùy")])
def test_match_key_keeps_different_words_apart(left, right):
    assert match_key(left) != match_key(right)


def test_slugs_write_d_for_dj():
    assert slugify("Đảng ủy Khối Cơ quan Dân Chính Đảng") == "dang-uy-khoi-co-quan-dan-chinh-dang"
    assert slugify(nfd("Đảng ủy")) == "dang-uy"
    assert heading_slug("Đợt kiểm điểm đầu tiên", "-") == "dot-kiem-diem-dau-tien"


def test_fold_drops_every_mark_and_writes_d():
    assert fold("Kiểm điểm Đảng ủy Hòa") == "kiem diem dang uy hoa"
    assert fold(nfd("Kiểm điểm")) == "kiem diem"


def test_collation_follows_the_vietnamese_alphabet():
    words = ["đào", "dung", "ê", "e", "ăn", "an", "ân", "bé", "ba", "hòa", "hoa", "hóa", "hỏa", "hõa", "họa"]
    assert sorted(words, key=collation_key) == [
        "an", "ăn", "ân", "ba", "bé", "dung", "đào", "e", "ê", "hoa", "hòa", "hỏa", "hõa", "hóa", "họa",
    ]
    # Code-point order gets this wrong: "đ" sorts after every ASCII letter.
    assert sorted(["đào", "em"]) == ["em", "đào"]
    assert sorted(["đào", "em"], key=collation_key) == ["đào", "em"]


def test_people_sort_by_given_name():
    names = ["Lê Việt Triều", "Châu Hồng Thái", "Lê Văn Út", "Nguyễn Văn An", "Trần Thị Đào"]
    assert sorted(names, key=given_name_key) == [
        "Nguyễn Văn An", "Trần Thị Đào", "Châu Hồng Thái", "Lê Việt Triều", "Lê Văn Út",
    ]


@pytest.mark.parametrize("text", [
    "2012-11-12T14:49", "2012-11-12 14:49", "12/11/2012 - 14:49", "12/11/2012 14:49", "2012-11-12 14:49:00",
])
def test_dates_in_every_form_mean_vietnamese_local_time(text):
    moment = parse_date(text)
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == (2012, 11, 12, 14, 49)
    assert moment.utcoffset() == timedelta(hours=7)


def test_day_first_date_without_time_and_yaml_values():
    assert parse_date("05/01/2013").date().isoformat() == "2013-01-05"
    assert parse_date(datetime(2012, 11, 12, 14, 49)).utcoffset() == timedelta(hours=7)
    assert parse_date("2012-11-12T07:49:00Z").astimezone().utcoffset() is not None
    assert format_date(parse_date("2012-11-12T07:49:00Z")) == "12/11/2012 - 14:49"


@pytest.mark.parametrize("text, words", [
    ("31/02/2012", "does not exist"),
    ("2012-13-01", "does not exist"),
    ("hôm qua", "cannot read"),
    ("11-12-2012", "cannot read"),
])
def test_bad_dates_say_what_is_wrong(text, words):
    with pytest.raises(DateError, match=words):
        parse_date(text)


def test_display_formats():
    moment = parse_date("2012-11-12 14:49")
    assert format_date(moment) == "12/11/2012 - 14:49"
    assert format_month(moment) == "Tháng 11/2012"
