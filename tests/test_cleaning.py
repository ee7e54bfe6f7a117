"""Cleaning of extracted text: Unicode, page furniture, footnotes, hyphenation, reflow, and table regions."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.cleaning import clean_text, find_table_regions, strip_footnote_marks
from ingest.loaders import load_document
from ingest.structure import build_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NQ03 = CORPUS / "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt"


def test_mixed_nfd_text_comes_out_nfc() -> None:
    raw = unicodedata.normalize("NFD", "Chuyển đổi số") + " và " + "Đổi mới"
    assert clean_text(raw) == unicodedata.normalize("NFC", "Chuyển đổi số và Đổi mới")


def test_tabs_nbsp_and_repeated_spaces_collapse() -> None:
    assert clean_text("\tBộ  Khoa\u00a0học \t và Công nghệ.  ") == "Bộ Khoa học và Công nghệ."


def test_bookmark_marks_are_removed() -> None:
    assert clean_text("[bookmark: _Hlk208348002]- 27 nhiệm vụ quá hạn.") == "- 27 nhiệm vụ quá hạn."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("thực hiện Nghị quyết số 57-NQ/TW1 cam kết", "thực hiện Nghị quyết số 57-NQ/TW cam kết"),
        ("Nghị quyết số 03/NQ-CP3. Đây là", "Nghị quyết số 03/NQ-CP. Đây là"),
        ("Nghị quyết số 193/2025/QH152, Nghị quyết", "Nghị quyết số 193/2025/QH15, Nghị quyết"),
        ("ban hành năm 20242 và", "ban hành năm 2024 và"),
        ("5 đột phá quan trọng*:", "5 đột phá quan trọng:"),
    ],
)
def test_footnote_marks_glued_to_tokens_are_removed(raw: str, clean: str) -> None:
    assert strip_footnote_marks(raw) == clean


@pytest.mark.parametrize(
    "text",
    ["Nghị quyết 193/2025/QH15 của Quốc hội", "mạng 5G và 4.0", "năm 2025 có 679 nhiệm vụ", "Đề án 06"],
)
def test_real_numbers_are_not_taken_for_footnote_marks(text: str) -> None:
    assert strip_footnote_marks(text) == text


def test_digit_glued_to_a_word_is_removed_only_when_that_footnote_exists() -> None:
    assert strip_footnote_marks("đổi mới sáng tạo2, và", frozenset({"2"})) == "đổi mới sáng tạo, và"
    assert strip_footnote_marks("đổi mới sáng tạo2, và") == "đổi mới sáng tạo2, và"


def test_footnote_bodies_leave_the_page_bottom_and_are_kept_at_the_end() -> None:
    raw = (
        "Bộ là nòng cốt thực hiện Nghị quyết số 57-NQ/TW1 và\n"
        "\n" + " " * 60 + "\n\n"
        "1Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa\n"
        "học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.\n"
        " cam kết hoàn thành các nhiệm vụ.\n"
    )
    assert clean_text(raw).split("\n") == [
        "Bộ là nòng cốt thực hiện Nghị quyết số 57-NQ/TW và cam kết hoàn thành các nhiệm vụ.",
        "Chú thích:",
        "1Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số quốc gia.",
    ]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    raw = (
        "Đoạn một kết thúc ở đây.\n\nDIỄN ĐÀN KHOA HỌC VÀ CÔNG NGHỆ\n\n4 Số 2 năm 2025\n\n12\n\n"
        "Đoạn hai bắt đầu ở đây.\n"
    )
    assert clean_text(raw) == "Đoạn một kết thúc ở đây.\nĐoạn hai bắt đầu ở đây."


def test_repeated_all_caps_header_is_dropped() -> None:
    raw = "BẢN TIN NỘI BỘ BỘ KHCN\n\nCâu thứ nhất.\n\nBẢN TIN NỘI BỘ BỘ KHCN\n\nCâu thứ hai.\n"
    assert clean_text(raw) == "Câu thứ nhất.\nCâu thứ hai."


def test_line_end_hyphen_joins_without_space() -> None:
    raw = "theo tinh thần Nghị quyết số 57-\nNQ/TW và giai đoạn 2019-\n2030 đã nêu.\n"
    assert clean_text(raw) == "theo tinh thần Nghị quyết số 57-NQ/TW và giai đoạn 2019-2030 đã nêu."


def test_spaced_dash_at_line_end_keeps_its_spaces() -> None:
    assert clean_text("phát triển kinh tế -\nxã hội bền vững.\n") == "phát triển kinh tế - xã hội bền vững."


def test_double_spaced_lines_broken_mid_sentence_are_reflowed() -> None:
    raw = (
        "Ngày 30/7/2025, Bộ trưởng Bộ Khoa học và Công nghệ (KH&CN) Nguyễn Mạnh Hùng \n\n"
        "chủ trì Hội nghị Giao ban quản lý nhà nước tháng 07/2025 với lãnh đạo các đơn vị \n\n"
        "trực thuộc Bộ. \n\n"
        "Bước tiến trong lĩnh vực khoa học công nghệ \n\n"
        "Báo cáo tại Hội nghị cho biết, trong tháng 7/2025 Bộ đã tham mưu, trình Chính phủ ban \n\n"
        "hành nhiều văn bản quan trọng. \n"
    )
    assert clean_text(raw).split("\n") == [
        (
            "Ngày 30/7/2025, Bộ trưởng Bộ Khoa học và Công nghệ (KH&CN) Nguyễn Mạnh Hùng chủ trì Hội nghị "
            "Giao ban quản lý nhà nước tháng 07/2025 với lãnh đạo các đơn vị trực thuộc Bộ."
        ),
        "Bước tiến trong lĩnh vực khoa học công nghệ",
        (
            "Báo cáo tại Hội nghị cho biết, trong tháng 7/2025 Bộ đã tham mưu, trình Chính phủ ban hành "
            "nhiều văn bản quan trọng."
        ),
    ]


def test_blank_line_separates_paragraphs_in_single_spaced_columns() -> None:
    raw = (
        "Tại buổi làm việc, đại diện các đơn vị\ntrực thuộc Bộ đã nêu ý kiến.\n"
        "Theo đại diện Cục Chuyển đổi số quốc\ngia, chương trình đang được soạn thảo.\n\n"
        "Tám định hướng và nhiệm vụ trọng tâm\n\n"
        "Thứ nhất, sớm kiện toàn bộ máy tổ chức.\n"
    )
    assert clean_text(raw).split("\n") == [
        (
            "Tại buổi làm việc, đại diện các đơn vị trực thuộc Bộ đã nêu ý kiến. Theo đại diện Cục Chuyển "
            "đổi số quốc gia, chương trình đang được soạn thảo."
        ),
        "Tám định hướng và nhiệm vụ trọng tâm",
        "Thứ nhất, sớm kiện toàn bộ máy tổ chức.",
    ]


def test_caption_dropped_inside_a_sentence_moves_after_the_paragraph() -> None:
    raw = (
        "Phó Thủ tướng cũng lưu ý những hạn chế lớn cần phải giải\n"
        "quyết, còn tồn tại một số điểm nghẽn kìm hãm sự phát triển\n\n"
        "Phó Thủ tướng Chính phủ Nguyễn Chí Dũng tại buổi làm việc.\n"
        " của lĩnh vực khoa học, công nghệ và chuyển đổi số.\n\n"
        "Nhận định tình hình khu vực và thế giới.\n"
    )
    assert clean_text(raw).split("\n") == [
        (
            "Phó Thủ tướng cũng lưu ý những hạn chế lớn cần phải giải quyết, còn tồn tại một số điểm nghẽn "
            "kìm hãm sự phát triển của lĩnh vực khoa học, công nghệ và chuyển đổi số."
        ),
        "Phó Thủ tướng Chính phủ Nguyễn Chí Dũng tại buổi làm việc.",
        "Nhận định tình hình khu vực và thế giới.",
    ]


def test_headings_and_list_items_stay_on_their_own_lines() -> None:
    raw = (
        "II. NHIỆM VỤ CỤ THỂ \n\n1. Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm \n\n"
        "chính trị mạnh mẽ \n\na) Xây dựng chương trình tuyên truyền; \n\nđ) Xây dựng nền tảng số. \n\n"
        "Điều 2. Nghị quyết này có hiệu lực. \n\nPHỤ LỤC I \n\nDANH MỤC CÁC CHỈ TIÊU \n"
    )
    assert clean_text(raw).split("\n") == [
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ",
        "a) Xây dựng chương trình tuyên truyền;",
        "đ) Xây dựng nền tảng số.",
        "Điều 2. Nghị quyết này có hiệu lực.",
        "PHỤ LỤC I",
        "DANH MỤC CÁC CHỈ TIÊU",
    ]


def test_dash_bullets_start_lines_but_a_wrapped_dash_phrase_does_not() -> None:
    raw = "g) Hoàn thiện Luật trình Quốc hội ban hành:\n- Thí điểm có giám sát;\n- Rà soát các quy định.\n"
    assert clean_text(raw).split("\n") == [
        "g) Hoàn thiện Luật trình Quốc hội ban hành:",
        "- Thí điểm có giám sát;",
        "- Rà soát các quy định.",
    ]


def test_number_wrapped_to_a_line_start_is_not_a_heading() -> None:
    raw = (
        "nông nghiệp công nghệ cao, an ninh lương thực, khoa học về sức khỏe, các ngành công nghiệp\n"
        "4.0. Tập trung thúc đẩy các mũi nhọn chuyển đổi số, đặc biệt là triển khai Đề án 06 và\n"
        "xây dựng Trung tâm dữ liệu quốc gia.\n"
    )
    assert clean_text(raw).count("\n") == 0


TABLE = (
    "III. TỔ CHỨC THỰC HIỆN \n\n1. Bộ Tài chính bảo đảm kinh phí. \n\n"
    "PHỤ LỤC II \n\nDANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH \n\n"
    "PHỦ THỰC HIỆN NGHỊ QUYẾT \n\nTT Tên nhiệm vụ \nCơ quan chủ \n\ntrì \n\n"
    "I. \n\nNâng cao nhận thức, đột phá về đổi mới \n\ntư duy \n\n    \n\n"
    "1. \n\nXây dựng chương trình tuyên truyền về Nghị quyết số 57-\n\nNQ/TW theo hướng \n\n"
    "Bộ Thông tin \n\nvà Truyền \n\nthông \n\n6/2025 \n\n2 \n\n   Cụ thể hóa nhiệm vụ\t chuyển đổi số  \n"
)


def test_table_region_keeps_one_extracted_line_per_line() -> None:
    lines = clean_text(TABLE).split("\n")
    start = lines.index("PHỤ LỤC II")
    assert lines[start:] == [
        "PHỤ LỤC II",
        "DANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH",
        "PHỦ THỰC HIỆN NGHỊ QUYẾT",
        "TT Tên nhiệm vụ",
        "Cơ quan chủ",
        "trì",
        "I.",
        "Nâng cao nhận thức, đột phá về đổi mới",
        "tư duy",
        "    ",  # the group row's four empty cells
        "1.",
        "Xây dựng chương trình tuyên truyền về Nghị quyết số 57-",
        "NQ/TW theo hướng",
        "Bộ Thông tin",
        "và Truyền",
        "thông",
        "6/2025",
        "2",
        "   Cụ thể hóa nhiệm vụ chuyển đổi số",  # three empty cells before it
    ]


def test_prose_before_the_table_is_still_reflowed() -> None:
    lines = clean_text(TABLE).split("\n")
    assert lines[: lines.index("PHỤ LỤC II")] == [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Bộ Tài chính bảo đảm kinh phí.",
    ]


def test_appendix_without_a_tt_table_is_reflowed_as_prose() -> None:
    raw = "PHỤ LỤC 05\n\nBáo cáo chi tiết về các điểm nghẽn trong thực hiện thủ tục \n\nhành chính.\n"
    assert clean_text(raw).split("\n") == [
        "PHỤ LỤC 05",
        "Báo cáo chi tiết về các điểm nghẽn trong thực hiện thủ tục hành chính.",
    ]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:40])
def test_corpus_cleaning_leaves_no_furniture_or_marks(path: Path) -> None:
    text = clean_text(path.read_text(encoding="utf-8"))
    assert text == unicodedata.normalize("NFC", text)
    assert "[bookmark" not in text
    assert "DIỄN ĐÀN KHOA HỌC VÀ CÔNG NGHỆ" not in text
    assert "57-NQ/TW1" not in text and "\t" not in text
    lines = text.split("\n")
    tables = {n for start, end in find_table_regions(lines) for n in range(start, end)}
    assert all(line.strip() or (n in tables and line) for n, line in enumerate(lines))
    # Only table lines may start with spaces (empty-cell marks); no text ends with one or doubles one inside.
    assert all(line == line.strip() for n, line in enumerate(lines) if n not in tables)
    assert all(line == line.rstrip() and "  " not in line.strip() for line in lines if line.strip())


def test_separator_inside_a_table_does_not_eat_rows() -> None:
    raw = "PHỤ LỤC I\n\nTT Chỉ tiêu Đơn vị\n\n" + " " * 40 + "\n\n10 Quy mô kinh tế số % GDP ≥ 30\n\n11\n"
    assert clean_text(raw).split("\n") == [
        "PHỤ LỤC I",
        "TT Chỉ tiêu Đơn vị",
        "10 Quy mô kinh tế số % GDP ≥ 30",
        "11",
    ]


TABLE_WITH_EMPTY_CELLS = (
    "Điều 2. Nghị quyết này có hiệu lực. \n\n"
    "  PHỤ LỤC II \n\n  DANH MỤC CÁC NHIỆM VỤ \n\nTT Tên nhiệm vụ \n\n"
    "1. \n\nXây dựng văn bản hướng dẫn thực hiện \n\nBộ Nội vụ \n\n \n\nVăn bản \n\n6/2025 \n\n"
    "2. \n\nTổ chức thực hiện kế hoạch công tác \n\nCác bộ, \n\nngành \n\n Thường \n\nxuyên \n\n"
    "3. \n\nHoàn thiện cơ sở dữ liệu quốc gia \n\nBộ Công an \n\n  2025 \n\n \n\n   \n"
)


def test_space_only_line_in_a_table_stays_one_space_per_empty_cell() -> None:
    lines = clean_text(TABLE_WITH_EMPTY_CELLS).split("\n")
    assert lines[lines.index("Bộ Nội vụ") + 1] == " "


def test_leading_spaces_of_a_table_cell_line_are_kept() -> None:
    lines = clean_text(TABLE_WITH_EMPTY_CELLS).split("\n")
    assert " Thường" in lines and "  2025" in lines


def test_space_lines_after_the_last_cell_of_a_table_are_dropped() -> None:
    assert clean_text(TABLE_WITH_EMPTY_CELLS).endswith("\nBộ Công an\n  2025")


def test_table_heading_and_caption_above_the_header_row_are_trimmed() -> None:
    lines = clean_text(TABLE_WITH_EMPTY_CELLS).split("\n")
    assert lines[:4] == [
        "Điều 2. Nghị quyết này có hiệu lực.",
        "PHỤ LỤC II",
        "DANH MỤC CÁC NHIỆM VỤ",
        "TT Tên nhiệm vụ",
    ]


def test_prose_lines_with_leading_spaces_are_still_trimmed_and_reflowed() -> None:
    raw = " Bộ Khoa học và Công nghệ chủ trì xây dựng \n\n kế hoạch triển khai. \n\n \n\n Thường xuyên rà soát.\n"
    assert clean_text(raw).split("\n") == [
        "Bộ Khoa học và Công nghệ chủ trì xây dựng kế hoạch triển khai.",
        "Thường xuyên rà soát.",
    ]


def test_table_blocks_with_empty_cell_marks_are_spans_of_the_clean_text() -> None:
    doc = build_document(load_document(NQ03, CORPUS))
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert any(b.text == " Văn bản" for b in rows)
    assert all(b.text == doc.text[b.start : b.end] for b in doc.blocks)


def test_nq03_task_appendix_keeps_every_empty_cell_mark() -> None:
    lines = clean_text(NQ03.read_text(encoding="utf-8")).split("\n")
    appendix = lines[lines.index("PHỤ LỤC II") :]
    # eval/data/README.md: 37 empty cells in the task rows, and four in each of the 7 group-heading rows.
    assert sum(len(line) - len(line.lstrip(" ")) for line in appendix) == 37 + 7 * 4
