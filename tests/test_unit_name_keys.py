"""Unit keys where the order and the spelling of the rules matter: "&" read as "và", "TP." as a whole."""

import pytest

from generator.unitnames import typed_unit_key, unit_key


@pytest.mark.parametrize("written, meant", [
    ("Đảng ủy Sở Lao động - Thương binh & Xã hội", "Đảng bộ Sở Lao động - Thương binh và Xã hội"),
    ("Đảng ủy Sở Lao động-Thương binh&Xã hội", "Đảng bộ Sở Lao động - Thương binh và Xã hội"),
    ("Đảng bộ TP. Cần Thơ", "Đảng bộ thành phố Cần Thơ"),
    ("Đảng bộ TP Cần Thơ", "Đảng bộ thành phố Cần Thơ"),
    ("Thành ủy TP. Cần Thơ", "Đảng bộ thành phố Cần Thơ"),
    ("Tỉnh ủy tỉnh Hậu Giang", "Đảng bộ tỉnh Hậu Giang"),
])
def test_a_units_name_and_its_other_spellings_share_one_key(written, meant):
    assert unit_key(written) == unit_key(meant)
    assert typed_unit_key(written) == typed_unit_key(meant)


def test_the_key_of_tp_dot_keeps_nothing_of_the_dot():
    assert unit_key("Đảng bộ TP. Cần Thơ") == "đang2 bô5 thanh1 phô4 cân1 thơ"
    assert typed_unit_key("Đảng bộ TP. Cần Thơ") == "dang bo thanh pho can tho"
