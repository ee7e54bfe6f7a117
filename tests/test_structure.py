"""Blocks of a cleaned document: section paths, kinds, spans into the text, appendix tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bare_meta

from ingest.loaders import load_document
from ingest.models import CleanDocument, SourceDocument
from ingest.structure import build_document, label

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _source(raw: str, title: str = "Văn bản thử") -> SourceDocument:
    return SourceDocument(meta=bare_meta(title=title), raw_text=raw)


def _block(doc: CleanDocument, startswith: str):
    return next(b for b in doc.blocks if b.text.startswith(startswith))


PROGRAMME = """I. MỤC TIÊU

1. Thể chế hóa đầy đủ các quan điểm của Nghị quyết.

II. NHIỆM VỤ CỤ THỂ

Các bộ, ngành tổ chức thực hiện các nhiệm vụ sau đây:

3. Hoàn thiện thể chế, xóa bỏ mọi rào cản đang cản trở sự phát triển của khoa học, công nghệ, đổi mới sáng tạo

d) Xây dựng, công bố mức độ đánh giá hiệu quả tổng thể của doanh nghiệp.

đ) Sửa đổi quy định pháp luật để tháo gỡ điểm nghẽn:

- Thí điểm có sự giám sát của nhà nước;

- Rà soát các quy định về đầu tư.

III. TỔ CHỨC THỰC HIỆN

1. Bộ Tài chính bảo đảm kinh phí.
"""


def test_letter_item_path_runs_from_roman_through_arabic() -> None:
    doc = build_document(_source(PROGRAMME))
    roman, arabic, letter = _block(doc, "d)").section_path
    assert (roman, letter) == ("II. NHIỆM VỤ CỤ THỂ", "d)")
    assert arabic.startswith("3. Hoàn thiện thể chế, xóa bỏ mọi rào cản") and arabic.endswith("…")


REPORT = """I. KẾT QUẢ ĐẠT ĐƯỢC

1. Tình hình triển khai nhiệm vụ

a) Thực hiện Kế hoạch số 02-KH/BCĐTW
- Đã hoàn thành 45 nhiệm vụ.

b) Về phát triển hạ tầng số: (1) Tốc độ Internet di động tăng; (2) phủ sóng 5G.
"""


def test_lettered_sub_heading_keeps_its_title_in_the_path() -> None:
    doc = build_document(_source(REPORT))
    assert _block(doc, "- Đã hoàn thành").section_path[-1] == "a) Thực hiện Kế hoạch số 02-KH/BCĐTW"


def test_lettered_point_with_a_topic_is_labelled_by_the_topic_before_its_colon() -> None:
    doc = build_document(_source(REPORT))
    assert _block(doc, "b) Về").section_path[-1] == "b) Về phát triển hạ tầng số"


def test_lettered_point_that_is_a_sentence_keeps_its_letter_only() -> None:
    doc = build_document(_source(PROGRAMME))
    assert _block(doc, "d)").section_path[-1] == "d)"


def test_unnumbered_paragraph_belongs_to_the_open_section() -> None:
    doc = build_document(_source(PROGRAMME))
    assert _block(doc, "Các bộ, ngành").section_path == ("II. NHIỆM VỤ CỤ THỂ",)


def test_new_roman_section_closes_the_deeper_ones() -> None:
    doc = build_document(_source(PROGRAMME))
    assert _block(doc, "1. Bộ Tài chính").section_path == (
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Bộ Tài chính bảo đảm kinh phí.",
    )


def test_dash_bullets_stay_in_their_paragraph() -> None:
    doc = build_document(_source(PROGRAMME))
    item = _block(doc, "đ)")
    assert item.text.endswith("- Rà soát các quy định về đầu tư.")
    assert not any(b.text.startswith("- ") for b in doc.blocks)


def test_headings_and_text_kinds() -> None:
    doc = build_document(_source(PROGRAMME))
    assert _block(doc, "II. NHIỆM VỤ").kind == "heading"
    assert _block(doc, "3. Hoàn thiện").kind == "heading"
    assert _block(doc, "d)").kind == "text"


def test_block_text_is_the_span_of_the_clean_text() -> None:
    doc = build_document(_source(PROGRAMME))
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)


def test_label_cuts_long_headings_at_a_word_boundary() -> None:
    heading = "5. Đẩy mạnh chuyển đổi số, ứng dụng khoa học, công nghệ, đổi mới sáng tạo trong hoạt động của các cơ quan"
    cut = label(heading)
    assert cut.endswith("…") and len(cut) <= 81
    assert heading.startswith(cut[:-1])


def test_parts_chapters_and_articles_nest() -> None:
    raw = (
        "PHẦN I\n\nChương I QUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về khoa học.\n\n"
        "Điều 2. Đối tượng áp dụng\n\n1.1. Tổ chức khoa học công nghệ\n\nChương II NHIỆM VỤ\n\nĐiều 3. Nhiệm vụ\n"
    )
    doc = build_document(_source(raw))
    assert _block(doc, "Luật này").section_path == (
        "PHẦN I",
        "Chương I QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
    )
    assert _block(doc, "1.1.").section_path == (
        "PHẦN I",
        "Chương I QUY ĐỊNH CHUNG",
        "Điều 2. Đối tượng áp dụng",
        "1.1. Tổ chức khoa học công nghệ",
    )
    assert _block(doc, "Điều 3.").section_path == ("PHẦN I", "Chương II NHIỆM VỤ", "Điều 3. Nhiệm vụ")


APPENDIX = (
    PROGRAMME
    + """
PHỤ LỤC II

DANH MỤC CÁC NHIỆM VỤ

TT Tên nhiệm vụ

Cơ quan chủ trì

I.

Nâng cao nhận thức, đột phá

về đổi mới tư duy

1.

Xây dựng chương trình tuyên truyền

Bộ Thông tin và Truyền thông

6/2025

II.

Hoàn thiện thể chế

2.

Sửa đổi Luật Khoa học và Công nghệ

Bộ Khoa học và Công nghệ

2025
"""
)


def test_appendix_is_a_top_level_section() -> None:
    doc = build_document(_source(APPENDIX))
    heading = _block(doc, "PHỤ LỤC II")
    assert (heading.kind, heading.section_path) == ("heading", ("PHỤ LỤC II",))
    assert _block(doc, "DANH MỤC").section_path == ("PHỤ LỤC II",)


def test_table_lines_are_table_rows_under_their_group() -> None:
    doc = build_document(_source(APPENDIX))
    row = _block(doc, "Xây dựng chương trình")
    assert (row.kind, row.section_path) == (
        "table_row",
        ("PHỤ LỤC II", "I. Nâng cao nhận thức, đột phá về đổi mới tư duy"),
    )
    later = _block(doc, "Sửa đổi Luật")
    assert later.section_path == ("PHỤ LỤC II", "II. Hoàn thiện thể chế")
    assert _block(doc, "TT Tên").section_path == ("PHỤ LỤC II",)


def test_each_table_line_is_its_own_block() -> None:
    doc = build_document(_source(APPENDIX))
    rows = [b.text for b in doc.blocks if b.kind == "table_row"]
    assert rows[:4] == ["TT Tên nhiệm vụ", "Cơ quan chủ trì", "I.", "Nâng cao nhận thức, đột phá"]


def test_article_without_numbered_headings_sits_under_its_title() -> None:
    raw = (
        "Với cách làm việc mới, Bộ cam kết hoàn thành nhiệm vụ.\n\n11 nhóm nhiệm vụ được giao\n\n"
        "Tại buổi làm việc, các đơn vị đã nêu nhiều ý kiến.\n"
    )
    doc = build_document(_source(raw, title="Ngành KH&CN sẵn sàng nhận nhiệm vụ"))
    assert {b.section_path for b in doc.blocks} == {("Ngành KH&CN sẵn sàng nhận nhiệm vụ",)}
    assert [b.kind for b in doc.blocks] == ["text", "text", "text"]


def test_upper_case_programme_title_closes_the_resolution_articles() -> None:
    raw = (
        "Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành.\n\nNơi nhận:\n- Như Điều 3;\n\n"
        "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ\n\n(Kèm theo Nghị quyết số 03/NQ-CP)\n\nI. MỤC TIÊU\n"
    )
    doc = build_document(_source(raw))
    assert _block(doc, "(Kèm theo").section_path == ("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ",)
    assert _block(doc, "I. MỤC TIÊU").section_path == ("I. MỤC TIÊU",)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:40])
def test_corpus_blocks_are_spans_of_the_clean_text(path: Path) -> None:
    doc = build_document(load_document(path, CORPUS))
    assert doc.blocks
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)
    assert all(b.section_path and all(b.section_path) for b in doc.blocks)
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts)


def test_corpus_resolution_has_both_appendix_tables() -> None:
    path = CORPUS / "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt"
    if not path.exists():
        pytest.skip("resolution not in corpus")
    doc = build_document(load_document(path, CORPUS))
    appendices = {b.section_path[0] for b in doc.blocks if b.kind == "table_row"}
    assert appendices == {"PHỤ LỤC I", "PHỤ LỤC II"}
    groups = {
        b.section_path[1].split(".")[0]
        for b in doc.blocks
        if b.kind == "table_row" and len(b.section_path) > 1 and b.section_path[0] == "PHỤ LỤC II"
    }
    assert groups == {"I", "II", "III", "IV", "V", "VI", "VII"}
