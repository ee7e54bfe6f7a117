"""SQLite store: each record type written from dataclasses reads back equal; the app's queries filter right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.errors import IndexMissingError, InvalidRequestError
from ingest.models import Agency, Chunk, Deadline, DocumentMeta, Indicator, ReportFigure, Task
from ingest.store import Store

META = DocumentMeta(
    id="nq-03",
    title="Nghị quyết 03/NQ-CP",
    kind="nghi_quyet",
    number="03/NQ-CP",
    date="2025-01-09",
    issuer="Chính phủ",
    source_path="nq-03.txt",
    sha256="abc",
)
AGENCIES = (
    Agency(
        id="bo-gddt",
        name="Bộ Giáo dục và Đào tạo",
        kind="bo",
        aliases=("Bộ GD&ĐT", "BGDĐT"),
        english=("Ministry of Education and Training",),
    ),
    Agency(
        id="bo-tttt",
        name="Bộ Thông tin và Truyền thông",
        kind="bo",
        aliases=("Bộ TT&TT",),
        english=(),
        merged_into="bo-khcn",
        merged_on="2025-03-01",
        merge_source="Nghị quyết 176/2025/QH15",
        active=False,
    ),
    Agency(id="bo-khcn", name="Bộ Khoa học và Công nghệ", kind="bo", aliases=("Bộ KH&CN",), english=()),
)


def _task(number: int, lead: tuple[str, ...], coord: tuple[str, ...], deadline: Deadline, title: str) -> Task:
    return Task(
        number=number,
        group="I",
        group_title="Hoàn thiện thể chế",
        title=title,
        lead_agencies=lead,
        coordinating_agencies=coord,
        deliverable="Nghị định",
        deadline=deadline,
        doc_id="nq-03",
        start=number * 10,
        end=number * 10 + 9,
    )


TASKS = (
    _task(
        1,
        ("Bộ Giáo dục và Đào tạo",),
        ("Bộ Khoa học và Công nghệ",),
        Deadline("6/2025", "month", "2025-06-30"),
        "Xây dựng nền tảng học tập số",
    ),
    _task(
        2,
        ("Bộ Thông tin và Truyền thông",),
        ("Bộ Giáo dục và Đào tạo",),
        Deadline("Quý IV/2025", "quarter", "2025-12-31"),
        "Phát triển hạ tầng dữ liệu",
    ),
    _task(
        3, ("Bộ Khoa học và Công nghệ",), (), Deadline("Thường xuyên", "recurring", None), "Đổi mới sáng tạo"
    ),
)
INDICATORS = (
    Indicator(
        "11.2",
        "Tỷ lệ doanh nghiệp đổi mới sáng tạo",
        "%",
        "40",
        2030,
        "Bộ Khoa học và Công nghệ",
        "nq-03",
        5,
        9,
    ),
    Indicator("2", "Chi cho nghiên cứu", "% GDP", "2", 2030, "Bộ Tài chính", "nq-03", 1, 4),
    Indicator("11.10", "Số sáng chế", "đơn", "1000", 2030, "Bộ Khoa học và Công nghệ", "nq-03", 10, 14),
)
FIGURES = (
    ReportFigure(
        "f1",
        "tasks_total",
        "Tổng số nhiệm vụ",
        120.0,
        "nhiệm vụ",
        "2025-09-22",
        None,
        "Chương trình",
        "120 nhiệm vụ",
        "nq-03",
        3,
        15,
    ),
    ReportFigure(
        "f2",
        "agency_overdue",
        "Nhiệm vụ quá hạn",
        4.0,
        "nhiệm vụ",
        None,
        "Bộ Giáo dục và Đào tạo",
        "Chương trình",
        "Bộ GD&ĐT 4 nhiệm vụ",
        "nq-03",
        20,
        40,
    ),
)
CHUNKS = (
    Chunk("c1", "nq-03", ("Điều 1",), "text", "Điều 1. Ban hành", 0, 16),
    Chunk("c2", "nq-03", ("Phụ lục II", "I"), "table_row", "1 | Xây dựng", 20, 31, record_ref="task:1"),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    writer = Store.create(tmp_path / "store.sqlite")
    writer.add_agencies(AGENCIES)
    writer.add_document(META, "Điều 1. Ban hành ...", "fp-1")
    writer.add_chunks(CHUNKS)
    writer.add_tasks(TASKS)
    writer.add_indicators(INDICATORS)
    writer.add_figures(FIGURES)
    writer.commit()
    writer.close()
    reader = Store.open(tmp_path / "store.sqlite")
    yield reader
    reader.close()


def test_documents_round_trip(store: Store) -> None:
    assert store.documents() == [META]
    assert store.document("nq-03") == META and store.document("zz") is None
    assert store.document_text("nq-03") == "Điều 1. Ban hành ..."
    assert store.document_fingerprints() == {"nq-03.txt": ("nq-03", "fp-1")}


def test_chunks_round_trip_in_requested_order(store: Store) -> None:
    assert store.chunks_by_ids(["c2", "missing", "c1"]) == [CHUNKS[1], CHUNKS[0]]
    assert store.chunks("nq-03") == list(CHUNKS)


def test_tasks_round_trip(store: Store) -> None:
    assert store.tasks() == list(TASKS)
    assert store.task(2) == TASKS[1] and store.task(99) is None


def test_indicators_round_trip_in_natural_number_order(store: Store) -> None:
    assert [i.number for i in store.indicators()] == ["2", "11.2", "11.10"]
    assert set(store.indicators()) == set(INDICATORS)
    assert [i.number for i in store.indicators(number="11")] == ["11.2", "11.10"]


def test_figures_round_trip(store: Store) -> None:
    assert store.figures() == list(FIGURES)
    assert store.figures(subject="tasks_total") == [FIGURES[0]]


def test_agencies_round_trip(store: Store) -> None:
    assert store.agencies() == list(AGENCIES)


def test_tasks_by_alias_equal_tasks_by_name(store: Store) -> None:
    by_alias = store.tasks(agencies=["Bộ GD&ĐT"], role="lead")
    assert by_alias == store.tasks(agencies=["bo giao duc va dao tao"], role="lead") == [TASKS[0]]


def test_task_role_filter(store: Store) -> None:
    assert store.tasks(agency_ids=["bo-gddt"], role="coordinating") == [TASKS[1]]
    assert store.tasks(agency_ids=["bo-gddt"], role="any") == [TASKS[0], TASKS[1]]


def test_task_lineage_names_include_merged_predecessor(store: Store) -> None:
    lineage = ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"]
    assert [t.number for t in store.tasks(agencies=lineage, role="lead")] == [2, 3]


def test_task_due_range_and_kind(store: Store) -> None:
    assert store.tasks(due_from="2025-07-01", due_to="2025-12-31") == [TASKS[1]]
    assert store.tasks(deadline_kind="recurring") == [TASKS[2]]


def test_task_text_filter_ignores_diacritics(store: Store) -> None:
    assert store.tasks(text="ha tang du lieu") == [TASKS[1]]


def test_unknown_agency_selects_nothing(store: Store) -> None:
    assert store.tasks(agencies=["Bộ Ngoại giao"]) == []


def test_bad_date_is_rejected_with_value(store: Store) -> None:
    with pytest.raises(InvalidRequestError, match="2025-13-01"):
        store.tasks(due_from="2025-13-01")


def test_figures_by_agency_alias(store: Store) -> None:
    assert store.figures(agency="BGDĐT") == [FIGURES[1]]


def test_counts(store: Store) -> None:
    assert store.counts() == {
        "documents": 1,
        "chunks": 2,
        "tasks": 3,
        "indicators": 3,
        "figures": 2,
        "agencies": 3,
    }


def test_open_missing_store_raises(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError):
        Store.open(tmp_path / "none.sqlite")
