"""Extractive evidence: clause splitting, numbers in questions, passage extension, question parts."""

from __future__ import annotations

import pytest

from app.passages import (
    TermWeights,
    counted_match,
    counted_phrase,
    extend_span,
    numerals,
    ordinals,
    sentence_start,
    split_clauses,
    tokens,
)
from app.query import split_parts


def test_numbers_lose_leading_zeros() -> None:
    assert tokens("03 nhóm, 3 nhóm, 0 nhóm") == ["3", "nhom", "3", "nhom", "0", "nhom"]


def test_semicolon_inside_parentheses_does_not_end_a_clause() -> None:
    text = "Có 679 nhiệm vụ giao cho 56 cơ quan (22 bộ; 34 tỉnh). Có 270 nhiệm vụ đã hoàn thành; 382 đang làm."
    pieces = [p for _, p in split_clauses(text)]
    assert pieces == ["Có 679 nhiệm vụ giao cho 56 cơ quan (22 bộ; 34 tỉnh).", "Có 270 nhiệm vụ đã hoàn thành;",
                      "382 đang làm."]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Năm bộ, ngành được giao nhiều nhiệm vụ nhất năm 2025", ["5"]),
        ("Ba nhóm sản phẩm cần ưu tiên", ["3"]),
        ("hai điểm nghẽn lớn", ["2"]),
        ("Five trends", ["5"]),
        ("đầu tư năm 2030", []),
        ("phiên họp lần thứ năm", []),
        ("trong năm 2025 và những năm tiếp theo", []),
        ("sau đó thì sao", []),
    ],
)
def test_number_words_that_count(question: str, expected: list[str]) -> None:
    assert numerals(question) == expected


def test_counted_phrase_and_its_match() -> None:
    counted = counted_phrase("Đến 23/9/2025 còn bao nhiêu nhiệm vụ đang thực hiện theo Chương trình?")
    assert counted == ("nhiem", "vu", "dang", "thuc")
    assert counted_match(counted, "382 nhiệm vụ đang thực hiện và 27 nhiệm vụ quá hạn.") == 1.0
    assert counted_match(counted, "Tổng số 679 cơ quan.") == 0.0
    assert counted_match(counted_phrase("bao nhiêu phần trăm số xã"), "đạt 89,22% số xã") == 1.0


def test_ordinals() -> None:
    assert ordinals("Phiên họp lần thứ năm") == {"5"}
    assert ordinals("(Phiên họp lần 3 của Ban Chỉ đạo) và Phiên họp lần thứ tư") == {"3", "4"}
    assert ordinals("một lần nữa") == set()


def test_accented_words_are_told_apart() -> None:
    weights = TermWeights(["Sản lượng điện tăng.", "Lương cơ sở."])
    assert weights.known_word("lượng") and weights.known_word("lương")
    assert not weights.known_word("lãi") and weights.known_word("luong")
    assert weights.frequency("lương") == 1 and weights.frequency("luong") == 2


def _span(text: str, phrase: str, wants_list: bool = True, wants_date: bool = False) -> str:
    start = text.index(phrase)
    return text[start : extend_span(text, start, start + len(phrase), wants_list, wants_date)]


def test_a_count_takes_the_list_that_follows_it() -> None:
    text = ("Bộ trưởng phân tích 3 xu hướng lớn. Cụ thể: (i) vốn tăng; (ii) AI tạo sinh; (iii) cạnh tranh.\n"
            "2. Mục khác\nNội dung khác.")
    assert _span(text, "Bộ trưởng phân tích 3 xu hướng lớn.").endswith("(iii) cạnh tranh.")
    # A question that does not ask for the items keeps the sentence alone.
    assert _span(text, "Bộ trưởng phân tích 3 xu hướng lớn.", wants_list=False) == "Bộ trưởng phân tích 3 xu hướng lớn."


def test_an_announced_list_of_lines_stops_at_the_next_heading() -> None:
    text = "a) Kết quả như sau:\n- Mục một;\n- Mục hai.\nb) Phần sau\n- Không lấy."
    assert _span(text, "a) Kết quả như sau:") == "a) Kết quả như sau:\n- Mục một;\n- Mục hai."


def test_an_inline_list_ends_with_its_line() -> None:
    text = "- Xác định 03 nhóm, bao gồm: ((1) Mô hình ngôn ngữ; (2) Mạng 5G; (3) Blockchain.\n- Cổng ra mắt."
    assert _span(text, "- Xác định 03 nhóm, bao gồm:").endswith("(3) Blockchain.")


def test_a_deadline_question_takes_the_deadline_sentence() -> None:
    text = "Các bộ cung cấp thủ tục trên Cổng quốc gia. Hoàn thành trước ngày 01/01/2026.\nc) Khác."
    assert _span(text, "Các bộ cung cấp thủ tục trên Cổng quốc gia.", wants_list=False, wants_date=True).endswith(
        "trước ngày 01/01/2026.")
    assert _span(text, "Các bộ cung cấp thủ tục trên Cổng quốc gia.", wants_list=False) == (
        "Các bộ cung cấp thủ tục trên Cổng quốc gia.")


def test_a_clause_after_a_semicolon_starts_with_its_sentence() -> None:
    text = "Mở đầu. Tính đến ngày 23/9/2025, có 270 nhiệm vụ đã hoàn thành; 382 nhiệm vụ đang thực hiện."
    start = sentence_start(text, text.index("382"))
    assert text[start:].startswith("Tính đến ngày 23/9/2025")
    assert sentence_start(text, text.index("Tính")) == text.index("Tính")


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Kế hoạch 02 có bao nhiêu nhiệm vụ và đến 23/9/2025 đã hoàn thành bao nhiêu?",
         ["Kế hoạch 02 có bao nhiêu nhiệm vụ", "đến 23/9/2025 đã hoàn thành bao nhiêu"]),
        ("Mục tiêu 5G là bao nhiêu, và báo cáo đặt yêu cầu gì về trạm 5G?",
         ["Mục tiêu 5G là bao nhiêu", "báo cáo đặt yêu cầu gì về trạm 5G"]),
        ("Bộ Giáo dục và Đào tạo đang chậm những nhiệm vụ nào?", ["Bộ Giáo dục và Đào tạo đang chậm những nhiệm vụ nào"]),
        ("Bộ Y tế và Bộ Tài chính có bao nhiêu nhiệm vụ?", ["Bộ Y tế và Bộ Tài chính có bao nhiêu nhiệm vụ"]),
        ("How much did the Ministry of Science and Technology propose, and for how many localities?",
         ["How much did the Ministry of Science and Technology propose", "for how many localities"]),
        ("Bộ Khoa học và Công nghệ được giao bao nhiêu nhiệm vụ và hạn nào sớm nhất?",
         ["Bộ Khoa học và Công nghệ được giao bao nhiêu nhiệm vụ", "hạn nào sớm nhất"]),
        # a comma cuts its sentence only where that sentence asks again after it
        ("Phó Thủ tướng nêu mấy định hướng, nhiệm vụ trọng tâm cho Bộ? Định hướng thứ tư là gì?",
         ["Phó Thủ tướng nêu mấy định hướng, nhiệm vụ trọng tâm cho Bộ", "Định hướng thứ tư là gì"]),
        ("How many orientations did he set out — what was the first one?",
         ["How many orientations did he set out", "what was the first one"]),
    ],
)
def test_question_parts(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


def test_content_words_typed_with_tones_are_judged_with_them() -> None:
    from app.passages import content_terms

    # Folded, «đầu», «tư» and «chi» would be the stop words «đâu», «từ» and «chỉ».
    assert content_terms("chi đầu tư là bao nhiêu") == ["chi", "dau", "tu"]
    assert content_terms("chi dau tu la bao nhieu") == []


def test_the_item_asked_for_is_read_from_its_ordinal_word() -> None:
    from app.passages import item_ordinal

    assert item_ordinal("Nhiệm vụ, giải pháp thứ tư trong số đó là gì?") == 4
    assert item_ordinal("xu huong thu hai la gi") == 2
    assert item_ordinal("What is the sixth solution?") == 6


def test_a_row_number_or_a_session_is_not_an_item_of_a_list() -> None:
    from app.passages import item_ordinal

    assert item_ordinal("nhiệm vụ này có số thứ tự mấy") is None
    assert item_ordinal("so thu tu cua nhiem vu la bao nhieu") is None
    assert item_ordinal("Phiên họp lần thứ năm diễn ra khi nào?") is None


def test_items_open_a_line_or_are_numbered_inside_a_paragraph() -> None:
    from app.passages import item_end, item_starts

    text = "Có 3 giải pháp:\nMột là, làm A.\nHai là, làm B.\nQuan điểm: 1) Một; 2) Hai đi trước; 3) Ba."
    starts = item_starts(text, 2)
    assert [text[s:s + 6] for s in starts] == ["Hai là", "2) Hai"]
    inline = starts[1]
    assert text[inline:item_end(text, inline, 2)].rstrip("; ") == "2) Hai đi trước"


def test_a_clause_with_the_domain_phrase_written_whole_ranks_first() -> None:
    from app.models import ScoredChunk
    from app.passages import TermWeights, rank_clauses
    from ingest.models import Chunk

    def chunk(i: int, text: str) -> Chunk:
        return Chunk(id=f"c{i}", doc_id="d", section_path=(), kind="text", text=text, start=0, end=len(text))

    scattered = chunk(1, "Xây dựng chương trình trình Thủ tướng Chính phủ ban hành về số hóa.")
    whole = chunk(2, "Xây dựng chương trình phát triển Chính phủ số.")
    weights = TermWeights([scattered.text, whole.text])
    hits = [ScoredChunk(scattered, 1.0), ScoredChunk(whole, 1.0)]
    terms = ["xay", "dung", "chuong", "chinh", "phu"]
    assert rank_clauses(terms, hits, weights, phrases=["Chính phủ số"])[0].chunk.id == "c2"


def test_names_offices_meetings_and_dates_set_the_scene() -> None:
    from app.passages import setting_terms

    terms = setting_terms("Tại Hội nghị giao ban tháng 7/2025, Bộ trưởng Nguyễn Mạnh Hùng yêu cầu bố trí kinh phí ra sao?")
    assert {"nguyen", "manh", "hung", "hoi", "nghi", "giao", "ban", "7", "2025", "truong"} <= set(terms)
    assert not {"kinh", "phi", "tri"} & set(terms)


def test_a_meeting_named_before_a_colon_sets_the_scene_of_any_question() -> None:
    from app.passages import scene_terms

    question = "Giao ban tháng 7/2025 của Bộ KH&CN: bao nhiêu nhiệm vụ phải hoàn thành trong tháng 8?"
    assert {"giao", "ban", "7", "2025", "kh", "cn"} <= set(scene_terms(question, explains=False))
    assert not {"8", "nhiem", "hoan"} & set(scene_terms(question, explains=False))
    # a topic before a colon is not a scene; «Thông tin» is not a news item
    assert scene_terms("Trung tâm dữ liệu quốc gia: ai chủ trì, hạn khi nào?", explains=False) == []
    assert scene_terms("Bộ Thông tin và Truyền thông: nhiệm vụ nào còn chậm?", explains=False) == []
    assert "8" in scene_terms("Tại buổi làm việc tháng 8, Bộ trưởng nói gì?", explains=True)


def test_a_clause_is_judged_on_its_topic_not_on_the_scene_the_question_sets() -> None:
    from app.models import ScoredChunk
    from app.passages import TermWeights, rank_clauses
    from ingest.models import Chunk

    text = ("Tại cuộc họp tháng 7/2025, Bộ trưởng Nguyễn Mạnh Hùng ghi nhận kết quả tích cực. "
            "Các cơ quan phải bố trí kinh phí hằng năm cho truyền thông.")
    chunk = Chunk(id="c", doc_id="d", section_path=(), kind="text", text=text, start=0, end=len(text))
    weights = TermWeights([text, "khác"])
    terms = ["hop", "7", "2025", "truong", "nguyen", "manh", "hung", "kinh", "phi", "truyen", "thong"]
    setting = ["hop", "7", "2025", "truong", "nguyen", "manh", "hung"]
    best = rank_clauses(terms, [ScoredChunk(chunk, 1.0)], weights, setting=setting)[0]
    assert best.text.startswith("Các cơ quan phải bố trí kinh phí")


def test_the_noun_of_the_item_asked_for_is_read_with_its_ordinal() -> None:
    from app.passages import item_noun

    assert item_noun("Trong định hướng thứ tư về hạ tầng số, yêu cầu gì?") == "dinh huong"
    assert item_noun("nhiem vu thu bay la gi") == "nhiem vu"


def test_an_enumeration_is_announced_by_a_count_of_the_same_noun() -> None:
    from app.passages import item_announcements

    text = "Phó Thủ tướng phân tích 5 xu hướng lớn và giao 8 nhiệm vụ, giải pháp."
    assert len(item_announcements(text, 4, "nhiem vu")) == 1
    assert item_announcements(text, 6, "xu huong") == []  # five trends have no sixth


def test_one_after_an_english_ordinal_is_named_by_the_item_noun_of_the_question() -> None:
    from app.passages import item_ordinal, name_the_one

    whole = "How many orientations did he set out — what was the first one?"
    assert name_the_one("what was the first one", whole) == "what was the first orientation"
    assert item_ordinal(whole) == 1
    assert item_ordinal("How many tasks are there and which is due first?") is None
    assert name_the_one("which one is due first", "How many tasks are there?") == "which one is due first"
