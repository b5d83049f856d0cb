"""What a report's signposts propose, at the edges of each rule: headings and the words they may hold, lists that
go on over paragraphs or stop, items too short to be findings, and the proposals merged into front-matter."""

import unicodedata

import pytest

from generator.findings import KINDS, Proposal, merged, propose
from test_findings import proposed
from test_ingest import MODEL

STRENGTHS, _, CAUSES, REMEDIES = KINDS


def test_the_model_article_proposes_its_five_lists_in_this_process():
    """What `bulletins ingest` proposes from the model article (test_findings.py), here where mutants run."""
    proposals = propose(MODEL.read_text(encoding="utf-8").split("\n\n"))
    assert [(proposal.kind.field, len(proposal.items), proposal.lead) for proposal in proposals] == [
        ("strengths", 4, "các ưu điểm của tập thể BTV Đảng ủy Khối được ghi nhận là:"),
        ("shortcomings", 8, "những mặt hạn chế, như:"),
        ("shortcomings", 4, "khuyết điểm của các cá nhân, như:"),
        ("remedies", 11, "các giải pháp khắc phục hạn chế, khuyết điểm trong thời gian tới là:"),
        ("shortcomings", 10, "những hạn chế thời gian qua là:"),
    ]
    assert proposals[1].items[:2] == [
        "Phương pháp lãnh đạo công tác chính trị tư tưởng của BTV chưa thật sự đổi mới, chất lượng triển khai và tổ "
        "chức thực hiện chỉ thị, nghị quyết cấp trên đối với đảng viên và các TCCSĐ trực thuộc Đảng ủy Khối chưa cao",
        "Trong lãnh đạo, từng lúc việc kiểm tra, giám sát chưa thường xuyên"]
    assert proposals[-1].items[-1] == "BTV Đảng ủy Sở chưa thường xuyên đi cơ sở"


@pytest.mark.parametrize("heading, field", [
    ("2. Hạn chế:", "shortcomings"),  # a verb too, but a heading is a noun whatever it opens with
    ("* Tồn tại", "shortcomings"),
    ("b) Khắc phục:", "remedies"),
    ("Về nguyên nhân", "causes"),
])
def test_a_heading_names_its_part_even_with_a_word_that_is_a_verb_too(heading, field):
    assert proposed(heading, "- Sinh hoạt còn hình thức.") == [(field, heading, ["Sinh hoạt còn hình thức"])]


def test_a_heading_keeps_its_own_words_without_the_spaces_around_them():
    assert proposed("  III. Giải pháp khắc phục  ", "Tăng cường kiểm tra.") == [
        ("remedies", "III. Giải pháp khắc phục", ["Tăng cường kiểm tra"])]


@pytest.mark.parametrize("paragraph, is_heading", [
    ("Hạn chế trong kiểm tra của chi bộ", True),  # eight words
    ("Hạn chế trong kiểm tra của chi bộ năm", False),  # nine: a sentence, not a heading
])
def test_a_heading_is_at_most_eight_words(paragraph, is_heading):
    expected = [("shortcomings", paragraph, ["Đảng viên còn đi muộn"])] if is_heading else []
    assert proposed(paragraph, "Đảng viên còn đi muộn.") == expected


def test_a_list_after_a_colon_ends_with_its_paragraph():
    assert proposed("Chi bộ chỉ ra những hạn chế sau: sinh hoạt còn hình thức; kiểm tra chưa thường xuyên.",
                    "Hội nghị kết thúc lúc 17 giờ cùng ngày.") == [
        ("shortcomings", "những hạn chế sau:", ["Sinh hoạt còn hình thức", "Kiểm tra chưa thường xuyên"])]


def test_a_list_under_a_heading_goes_on_while_its_paragraphs_are_bulleted_like_the_first():
    assert proposed("Ưu điểm:", "- Đoàn kết nội bộ.", "+ Nêu gương tốt.", "Hội nghị kết thúc lúc 17 giờ.",
                    "- Một gạch đầu dòng khác.") == [
        ("strengths", "Ưu điểm:", ["Đoàn kết nội bộ", "Nêu gương tốt"])]
    assert proposed("Nguyên nhân:", "Cấp ủy chưa sâu sát.", "1. Phân công chưa rõ.", "Kiểm tra còn ít.") == [
        ("causes", "Nguyên nhân:", ["Cấp ủy chưa sâu sát", "Phân công chưa rõ", "Kiểm tra còn ít"])]


def test_a_list_goes_on_through_the_sentences_of_its_paragraph_until_one_names_a_part():
    assert proposed("Hội nghị nêu những ưu điểm: đoàn kết tốt. Nêu gương tốt. Các hạn chế cũng được nêu. "
                    "Họp đúng giờ.") == [("strengths", "những ưu điểm:", ["Đoàn kết tốt", "Nêu gương tốt"])]


def test_the_colon_of_a_list_may_follow_another_colon_in_its_sentence():
    assert proposed("Lúc 8:30 hội nghị nêu những hạn chế: họp muộn; ghi chép thiếu.") == [
        ("shortcomings", "những hạn chế:", ["Họp muộn", "Ghi chép thiếu"])]


def test_a_verb_of_saying_before_the_signpost_leaves_the_list_a_list():
    assert proposed("Đồng chí Bí thư cho biết những hạn chế của chi bộ là: họp muộn; ghi chép thiếu.") == [
        ("shortcomings", "những hạn chế của chi bộ là:", ["Họp muộn", "Ghi chép thiếu"])]


def test_a_lead_runs_from_its_part_s_signpost_not_from_an_earlier_one():
    assert proposed("Từ những hạn chế đó, chi bộ đề ra các giải pháp khắc phục: tăng cường kiểm tra.") == [
        ("remedies", "các giải pháp khắc phục:", ["Tăng cường kiểm tra"])]


def test_an_item_has_at_least_two_words_and_opens_with_a_capital():
    assert proposed("Chi bộ nêu những hạn chế: chậm; họp muộn; - đảng viên ít đi cơ sở; ĐỀU CHƯA TỐT.") == [
        ("shortcomings", "những hạn chế:", ["Họp muộn", "Đảng viên ít đi cơ sở", "ĐỀU CHƯA TỐT"])]
    assert proposed("Khắc phục:", "- ổn định nền nếp họp.") == [("remedies", "Khắc phục:", ["Ổn định nền nếp họp"])]


def test_merged_proposals_give_each_item_once_under_its_field_in_the_order_of_kinds():
    proposals = [Proposal(REMEDIES, "các giải pháp:", ["Tăng cường kiểm tra", "Họp đúng giờ"]),
                 Proposal(STRENGTHS, "Ưu điểm:", ["Đoàn kết"]),
                 Proposal(REMEDIES, "biện pháp khắc phục:", ["Họp đúng giờ", "Ghi biên bản đủ"]),
                 Proposal(CAUSES, "nguyên nhân:", [])]
    assert list(merged(proposals).items()) == [
        ("strengths", ["Đoàn kết"]), ("remedies", ["Tăng cường kiểm tra", "Họp đúng giờ", "Ghi biên bản đủ"])]
    assert merged([]) == {}


def test_text_in_another_unicode_form_is_read_alike():
    assert proposed(unicodedata.normalize("NFD", "Chi bộ nêu những hạn chế: họp muộn.")) == [
        ("shortcomings", "những hạn chế:", ["Họp muộn"])]
