"""The deadline grammar and the Phụ lục II task parser, on a small appendix written here and on the real corpus."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import bare_meta

from ingest.agencies import AgencyRegistry
from ingest.cleaning import clean_text
from ingest.deadlines import deadline_cell_fit, parse_deadline, split_trailing_deadline
from ingest.models import CleanDocument, Task
from ingest.tables.tasks import parse_tasks

ROOT = Path(__file__).resolve().parent.parent
NQ03 = ROOT / "corpus" / "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt"
GOLD = ROOT / "eval" / "data" / "phu_luc_ii_gold.jsonl"


def _doc(text: str, doc_id: str = "thu-nghiem") -> CleanDocument:
    """A document cleaned the simple way: NFC, lines stripped, blank lines dropped (table lines kept)."""
    lines = (unicodedata.normalize("NFC", line).strip() for line in text.split("\n"))
    clean = "\n".join(line for line in lines if line)
    return CleanDocument(meta=bare_meta(doc_id), text=clean, blocks=())


def _cleaned_doc(raw: str, doc_id: str = "thu-nghiem") -> CleanDocument:
    """A document through the real cleaning, which keeps the extraction's empty-cell marks in tables."""
    doc = _doc("", doc_id)
    return CleanDocument(meta=doc.meta, text=clean_text(raw), blocks=())


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.default()


# ---- deadline grammar ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "due"),
    [
        ("6/2025", "month", "2025-06-30"),
        ("06/2025", "month", "2025-06-30"),
        ("Tháng 6/2025", "month", "2025-06-30"),
        ("Tháng\n10/2025", "month", "2025-10-31"),
        ("2/2028", "month", "2028-02-29"),
        ("Quý I/2025", "quarter", "2025-03-31"),
        ("Quý II/2025", "quarter", "2025-06-30"),
        ("Quý IV năm 2025", "quarter", "2025-12-31"),
        ("2025", "year", "2025-12-31"),
        ("Năm 2026", "year", "2026-12-31"),
        ("2025-2026", "year", "2026-12-31"),
        ("2025 - 2026", "year", "2026-12-31"),
        ("Trước 30/6/2025", "month", "2025-06-30"),
        ("Thường xuyên", "recurring", None),
        ("Nhiệm vụ thường xuyên", "recurring", None),
        ("Hằng năm", "recurring", None),
        ("hằng năm", "recurring", None),
        ("Hàng năm", "recurring", None),
        ("2025 và những năm tiếp theo", "recurring", None),
        ("", "none", None),
        ("chưa xác định", "none", None),
    ],
)
def test_parse_deadline(raw: str, kind: str, due: str | None) -> None:
    deadline = parse_deadline(raw)
    assert (deadline.kind, deadline.due_date) == (kind, due)


def test_parse_deadline_keeps_the_raw_text_with_normalised_spacing() -> None:
    assert parse_deadline("Quý\n  II/2025 ").raw == "Quý II/2025"


@pytest.mark.parametrize(
    ("text", "fit"),
    [
        ("6/2025", "complete"),
        ("Quý", "partial"),
        ("2025 và những", "partial"),
        ("Thường", "partial"),
        ("thương mại", None),  # not "thường": diacritics count in a table cell
        ("Quyết định", None),
        ("", None),
    ],
)
def test_deadline_cell_fit(text: str, fit: str | None) -> None:
    assert deadline_cell_fit(text) == fit


def test_split_trailing_deadline_separates_a_result_sharing_the_line() -> None:
    assert split_trailing_deadline("Đề án 6/2025") == ("Đề án", "6/2025")
    assert split_trailing_deadline("Tháng 10/2025") is None
    assert split_trailing_deadline("Bộ Công an") is None


# ---- parser on a small appendix -----------------------------------------------------------------------

APPENDIX = """NGHỊ QUYẾT THỬ NGHIỆM
Điều 1. Ban hành Chương trình hành động kèm theo Nghị quyết này.
PHỤ LỤC II
DANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH THỬ NGHIỆM
(Kèm theo Nghị quyết số 99/NQ-CP)
TT Tên nhiệm vụ
Cơ quan chủ
trì
Cơ quan
phối hợp
Kết quả
Thời
gian
hoàn
thành
I.
Hoàn thiện thể chế về dữ liệu và chuyển
đổi số quốc gia
1.
Xây dựng Nghị định quy định chi tiết về
dữ liệu mở của cơ quan nhà nước
Bộ Thông tin
và Truyền
thông
Bộ Tư pháp, các
bộ, ngành, địa
phương
Nghị định
của Chính
phủ
Quý
III/2025
2.
Xây dựng cơ chế thử nghiệm có kiểm soát
Văn phòng
Chính phủ;
Bộ Công an
Ngân hàng
Nhà nước Việt
Nam
Kế hoạch 6/2025
14
TT Tên nhiệm vụ
Cơ quan chủ
trì
Cơ quan
phối hợp
Kết quả
Thời
gian
hoàn
thành
đối với các mô hình kinh doanh mới dựa
trên công nghệ số
II.
Phát triển hạ tầng số và truyền thông
3.
Xây dựng chương trình phổ biến kiến thức
về đổi mới sáng tạo trên truyền hình
VTV, VOV,
TTXVN, các
địa phương
-
Chương
trình
Hằng năm
4.
Triển khai hạ tầng dữ liệu dùng chung cho
Bộ Giáo dục
và Đào tạo
Bộ Khoa học
và Công
nghệ, Bộ
Báo cáo
2025 và
những
các cơ sở giáo dục đại học trên cả nước
Tài chính
năm tiếp
theo
PHỤ LỤC III
DANH MỤC CÁC DỰ ÁN
1.
Dự án không thuộc bảng nhiệm vụ
"""


@pytest.fixture(scope="module")
def appendix_tasks(registry: AgencyRegistry) -> list[Task]:
    return parse_tasks(_doc(APPENDIX), registry)


def test_parser_reads_one_task_per_numbered_row_of_the_appendix_only(appendix_tasks: list[Task]) -> None:
    assert [t.number for t in appendix_tasks] == [1, 2, 3, 4]


def test_parser_records_group_numeral_and_title(appendix_tasks: list[Task]) -> None:
    assert [(t.group, t.group_title) for t in appendix_tasks][1:3] == [
        ("I", "Hoàn thiện thể chế về dữ liệu và chuyển đổi số quốc gia"),
        ("II", "Phát triển hạ tầng số và truyền thông"),
    ]


def test_parser_splits_cells_at_agency_boundaries(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[0]
    assert task.title == "Xây dựng Nghị định quy định chi tiết về dữ liệu mở của cơ quan nhà nước"
    assert task.lead_agencies == ("Bộ Thông tin và Truyền thông",)
    assert task.coordinating_agencies == ("Bộ Tư pháp", "các bộ, ngành, địa phương")
    assert task.deliverable == "Nghị định của Chính phủ"
    assert (task.deadline.raw, task.deadline.kind, task.deadline.due_date) == (
        "Quý III/2025",
        "quarter",
        "2025-09-30",
    )


def test_parser_reads_co_lead_agencies(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[1]
    assert task.lead_agencies == ("Văn phòng Chính phủ", "Bộ Công an")
    assert task.coordinating_agencies == ("Ngân hàng Nhà nước Việt Nam",)


def test_parser_separates_a_result_and_deadline_on_one_line(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[1]
    assert (task.deliverable, task.deadline.raw, task.deadline.due_date) == (
        "Kế hoạch",
        "6/2025",
        "2025-06-30",
    )


def test_parser_joins_a_title_resumed_after_a_page_break(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[1]
    assert task.title == (
        "Xây dựng cơ chế thử nghiệm có kiểm soát đối với các mô hình kinh doanh mới dựa trên công nghệ số"
    )
    assert "14" not in task.title and "Tên nhiệm vụ" not in task.title


def test_parser_splits_a_comma_list_of_agencies(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[2]
    assert task.lead_agencies == ("VTV", "VOV", "TTXVN", "các địa phương")
    assert task.coordinating_agencies == ()  # "-" marks an empty cell
    assert (task.deliverable, task.deadline.kind) == ("Chương trình", "recurring")


def test_parser_finishes_broken_cells_in_the_second_pass(appendix_tasks: list[Task]) -> None:
    task = appendix_tasks[3]
    assert task.title == "Triển khai hạ tầng dữ liệu dùng chung cho các cơ sở giáo dục đại học trên cả nước"
    assert task.lead_agencies == ("Bộ Giáo dục và Đào tạo",)
    assert task.coordinating_agencies == ("Bộ Khoa học và Công nghệ", "Bộ Tài chính")
    assert task.deliverable == "Báo cáo"
    assert (task.deadline.raw, task.deadline.kind) == ("2025 và những năm tiếp theo", "recurring")


def test_parser_spans_point_at_the_row_in_the_document_text(appendix_tasks: list[Task]) -> None:
    doc = _doc(APPENDIX)
    for task in appendix_tasks:
        row = doc.text[task.start : task.end]
        assert row.startswith(f"{task.number}.\n")
    assert doc.text[appendix_tasks[3].start : appendix_tasks[3].end].endswith("năm tiếp\ntheo")
    assert all(t.doc_id == "thu-nghiem" for t in appendix_tasks)


def test_parser_returns_nothing_without_a_task_appendix(registry: AgencyRegistry) -> None:
    text = "PHỤ LỤC I\nCHỈ TIÊU ĐẾN NĂM 2030\n1.\nTỷ lệ dân số trưởng thành có chữ ký số\n%\n80\n"
    assert parse_tasks(_doc(text), registry) == []
    assert parse_tasks(_doc("Bộ Khoa học và Công nghệ chủ trì.\n1.\nMột đoạn văn."), registry) == []


# ---- parser on the real Nghị quyết 03/NQ-CP -------------------------------------------------------------


@pytest.fixture(scope="module")
def nq03_tasks(registry: AgencyRegistry) -> list[Task]:
    return parse_tasks(_doc(NQ03.read_text(encoding="utf-8"), NQ03.stem), registry)


def test_real_appendix_has_140_tasks_numbered_without_gaps(nq03_tasks: list[Task]) -> None:
    assert [t.number for t in nq03_tasks] == list(range(1, 141))


def test_real_appendix_groups(nq03_tasks: list[Task]) -> None:
    counts: dict[str, int] = {}
    for task in nq03_tasks:
        counts[task.group] = counts.get(task.group, 0) + 1
    assert counts == {"I": 13, "II": 29, "III": 34, "IV": 12, "V": 28, "VI": 15, "VII": 9}


def test_real_appendix_every_task_has_a_lead_and_a_deadline(nq03_tasks: list[Task]) -> None:
    assert all(t.lead_agencies for t in nq03_tasks)
    assert all(t.title for t in nq03_tasks)
    # Row 42 leaves its result and deadline cells empty in the source; every other row has a deadline.
    assert [t.number for t in nq03_tasks if not t.deadline.raw] == [42]
    assert all(t.deadline.kind != "none" for t in nq03_tasks if t.deadline.raw)


def test_real_appendix_keeps_agency_names_as_written(
    nq03_tasks: list[Task], registry: AgencyRegistry
) -> None:
    assert nq03_tasks[0].lead_agencies == ("Bộ Thông tin và Truyền thông",)  # not replaced by its successor
    names = {n for t in nq03_tasks for n in (*t.lead_agencies, *t.coordinating_agencies)}
    unresolved = sorted(n for n in names if registry.resolve(n) is None)
    assert unresolved == []


def test_real_appendix_agrees_with_the_hand_transcription(nq03_tasks: list[Task]) -> None:
    if not GOLD.exists():
        pytest.skip(f"Thiếu bản chép tay {GOLD}")
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_number = {t.number: t for t in nq03_tasks}
    leads = sum(list(by_number[g["number"]].lead_agencies) == g["lead_agencies"] for g in gold)
    deadlines = sum(by_number[g["number"]].deadline.raw == g["deadline_raw"] for g in gold)
    assert leads / len(gold) >= 0.98
    assert deadlines / len(gold) >= 0.98


# ---- empty-cell marks (one space per empty cell, kept by cleaning) ---------------------------------------

MARKED_HEAD = (
    "PHỤ LỤC II \n\nDANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH THỬ NGHIỆM \n\n"
    "TT Tên nhiệm vụ \n\nCơ quan chủ \n\ntrì \n\nCơ quan \n\nphối hợp \n\nKết quả \n\n"
    "I. \n\nHoàn thiện thể chế về dữ liệu \n\n    \n\n"
)


def _two_agency_blocks(mark: str) -> str:
    """A row whose two agency blocks have no separator between them, then `mark` before the result."""
    return (
        MARKED_HEAD + "1. \n\nXây dựng văn bản làm rõ các khái niệm mới \n\ntrong Nghị quyết. \n\n"
        "Bộ Thông tin \n\nvà Truyền \n\nthông \n\nBộ Khoa học \n\nvà Công nghệ \n\n"
        f"{mark}Văn bản \n\nhướng dẫn \n\n03/2025 \n"
    )


def test_marked_empty_coordinating_cell_makes_the_second_agency_block_a_co_lead(
    registry: AgencyRegistry,
) -> None:
    (task,) = parse_tasks(_cleaned_doc(_two_agency_blocks(" ")), registry)
    assert task.lead_agencies == ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ")
    assert task.coordinating_agencies == ()
    assert (task.deliverable, task.deadline.raw) == ("Văn bản hướng dẫn", "03/2025")


def test_without_a_mark_the_second_agency_block_is_the_coordinating_cell(registry: AgencyRegistry) -> None:
    (task,) = parse_tasks(_cleaned_doc(_two_agency_blocks("")), registry)
    assert task.lead_agencies == ("Bộ Thông tin và Truyền thông",)
    assert task.coordinating_agencies == ("Bộ Khoa học và Công nghệ",)


def test_space_only_mark_line_counts_like_a_leading_space(registry: AgencyRegistry) -> None:
    (task,) = parse_tasks(_cleaned_doc(_two_agency_blocks(" \n\n")), registry)
    assert task.coordinating_agencies == ()
    assert len(task.lead_agencies) == 2


def test_marks_at_the_end_of_a_row_say_how_many_last_cells_are_empty(registry: AgencyRegistry) -> None:
    def row(marks: int) -> str:
        return (
            MARKED_HEAD + "1. \n\nBảo đảm an ninh dữ liệu quốc gia trong \n\nBộ Công an \n\nBộ Quốc \n\n"
            f"phòng \n\n{' ' * marks}\n\n2. \n\nXây dựng kế hoạch triển khai chương trình \n\n"
            "Bộ Nội vụ \n\nKế hoạch \n\n6/2025 \n"
        )

    two, _ = parse_tasks(_cleaned_doc(row(2)), registry)  # result and deadline empty: the block coordinates
    three, _ = parse_tasks(_cleaned_doc(row(3)), registry)  # coordinating cell empty too: co-leads
    assert (two.lead_agencies, two.coordinating_agencies) == (("Bộ Công an",), ("Bộ Quốc phòng",))
    assert (three.lead_agencies, three.coordinating_agencies) == (("Bộ Công an", "Bộ Quốc phòng"), ())
    assert two.deliverable == "" and two.deadline.raw == ""


def test_marks_before_the_first_cell_leave_the_lead_cell_empty(registry: AgencyRegistry) -> None:
    raw = (
        MARKED_HEAD + "1. \n\nXây dựng văn bản làm rõ các khái niệm mới \n\n Bộ Tư pháp \n\n"
        "Văn bản \n\n6/2025 \n"
    )
    (task,) = parse_tasks(_cleaned_doc(raw), registry)
    assert (task.lead_agencies, task.coordinating_agencies) == ((), ("Bộ Tư pháp",))


@pytest.fixture(scope="module")
def nq03_cleaned_tasks(registry: AgencyRegistry) -> list[Task]:
    return parse_tasks(_cleaned_doc(NQ03.read_text(encoding="utf-8"), NQ03.stem), registry)


def test_real_row_8_reads_the_marked_empty_cell(nq03_cleaned_tasks: list[Task]) -> None:
    task = nq03_cleaned_tasks[7]
    assert task.lead_agencies == ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ")
    assert task.coordinating_agencies == ()


def test_real_appendix_through_cleaning_agrees_with_the_hand_transcription(
    nq03_cleaned_tasks: list[Task],
) -> None:
    if not GOLD.exists():
        pytest.skip(f"Thiếu bản chép tay {GOLD}")
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_number = {t.number: t for t in nq03_cleaned_tasks}
    assert sorted(by_number) == [g["number"] for g in gold]
    leads = sum(list(by_number[g["number"]].lead_agencies) == g["lead_agencies"] for g in gold)
    coords = sum(
        list(by_number[g["number"]].coordinating_agencies) == g["coordinating_agencies"] for g in gold
    )
    results = sum(by_number[g["number"]].deliverable == g["deliverable"] for g in gold)
    deadlines = sum(by_number[g["number"]].deadline.raw == g["deadline_raw"] for g in gold)
    # Row 56 (low confidence in the gold) and row 111 (one collective actor or three provinces) are the
    # readings left open; everything else agrees.
    assert leads >= 139 and coords >= 138
    assert results == deadlines == len(gold)
