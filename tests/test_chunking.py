"""Chunking: verbatim sentence-aligned text chunks inside one section, and one chunk per table record."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import bare_meta

from ingest.chunking import chunk_document
from ingest.loaders import load_document
from ingest.models import Chunk, CleanDocument, Deadline, Indicator, SourceDocument, Task
from ingest.segmenter import RegexSegmenter, UndertheseaSegmenter, sentence_spans
from ingest.settings import ChunkingSettings
from ingest.structure import build_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REGEX = RegexSegmenter()


def _doc(raw: str, title: str = "Chương trình thử") -> CleanDocument:
    return build_document(SourceDocument(meta=bare_meta(title=title), raw_text=raw))


def _settings(max_chars: int = 300, overlap: int = 1) -> ChunkingSettings:
    return ChunkingSettings(max_chars=max_chars, overlap_sentences=overlap, segmenter="regex")


SENTENCES = [
    f"Câu số {n} nói về nhiệm vụ chuyển đổi số của các bộ, ngành và địa phương." for n in range(1, 13)
]
PROSE = (
    "I. MỤC TIÊU\n\n1. Hoàn thiện thể chế về khoa học và công nghệ\n\n"
    + " ".join(SENTENCES)
    + "\n\n2. Phát triển hạ tầng số\n\nBộ Thông tin và Truyền thông chủ trì phát triển hạ tầng số. Các địa phương phối hợp.\n"
)


def test_text_chunks_are_verbatim_spans() -> None:
    doc = _doc(PROSE)
    chunks = chunk_document(doc, _settings(), segmenter=REGEX)
    assert chunks and all(c.text == doc.text[c.start : c.end] for c in chunks)


def test_text_chunks_respect_max_chars() -> None:
    doc = _doc(PROSE)
    assert all(len(c.text) <= 300 for c in chunk_document(doc, _settings(), segmenter=REGEX))


def test_chunks_end_on_sentence_boundaries() -> None:
    doc = _doc(PROSE)
    for chunk in chunk_document(doc, _settings(), segmenter=REGEX):
        assert chunk.text.endswith("."), chunk.text


def test_chunks_never_cross_sections() -> None:
    doc = _doc(PROSE)
    chunks = chunk_document(doc, _settings(), segmenter=REGEX)
    for chunk in chunks:
        inside = [b for b in doc.blocks if b.start < chunk.end and b.end > chunk.start]
        deepest = max((b.section_path for b in inside), key=len)
        assert all(deepest[: len(b.section_path)] == b.section_path for b in inside)
        assert chunk.section_path == deepest
    assert not any("Câu số 12" in c.text and "Bộ Thông tin" in c.text for c in chunks)


def test_consecutive_chunks_overlap_by_one_sentence() -> None:
    doc = _doc(PROSE)
    chunks = [c for c in chunk_document(doc, _settings(), segmenter=REGEX) if "Câu số" in c.text]
    assert len(chunks) >= 3
    for left, right in itertools.pairwise(chunks):
        last_sentence = left.text.rsplit("Câu số", 1)[1]
        assert right.text.startswith("Câu số" + last_sentence)


def test_no_overlap_when_overlap_is_zero() -> None:
    doc = _doc(PROSE)
    chunks = [c for c in chunk_document(doc, _settings(overlap=0), segmenter=REGEX) if "Câu số" in c.text]
    assert all(left.end <= right.start for left, right in itertools.pairwise(chunks))


def test_heading_is_chunked_with_the_start_of_its_content() -> None:
    doc = _doc(PROSE)
    first = chunk_document(doc, _settings(), segmenter=REGEX)[0]
    assert first.text.startswith("I. MỤC TIÊU\n1. Hoàn thiện thể chế về khoa học và công nghệ\nCâu số 1 ")
    assert first.section_path == ("I. MỤC TIÊU", "1. Hoàn thiện thể chế về khoa học và công nghệ")


def test_sentence_longer_than_max_chars_is_cut_at_white_space() -> None:
    long_sentence = "Các bộ, ngành " + ", ".join(f"nhiệm vụ thứ {n}" for n in range(60)) + "."
    doc = _doc(long_sentence)
    chunks = chunk_document(doc, _settings(max_chars=200, overlap=0), segmenter=REGEX)
    assert len(chunks) > 1
    assert all(len(c.text) <= 200 and c.text == doc.text[c.start : c.end] for c in chunks)
    assert "".join(c.text for c in chunks).replace(" ", "") == doc.text.replace(" ", "")


def test_chunk_ids_are_content_hashes_and_stable() -> None:
    doc = _doc(PROSE)
    first = chunk_document(doc, _settings(), segmenter=REGEX)
    again = chunk_document(doc, _settings(), segmenter=REGEX)
    assert [c.id for c in first] == [c.id for c in again]
    assert all(c.id == Chunk.make_id("thu", c.text) for c in first)
    assert len({c.id for c in first}) == len(first)


TABLE = (
    "III. TỔ CHỨC THỰC HIỆN\n\n1. Bộ Tài chính bảo đảm kinh phí.\n\nPHỤ LỤC II\n\nDANH MỤC CÁC NHIỆM VỤ\n\n"
    "TT Tên nhiệm vụ\n\nCơ quan chủ trì\n\nI.\n\nNâng cao nhận thức\n\n1.\n\nXây dựng chương trình tuyên truyền\n\n"
    "Bộ Thông tin và\n\nTruyền thông\n\n6/2025\n\n2.\n\nXây dựng chương trình chuyên biệt\n\nVTV, VOV\n\nThường xuyên\n"
)


def _task(doc: CleanDocument, number: int, first: str, last: str) -> Task:
    start = doc.text.index(first)
    end = doc.text.index(last, start) + len(last)
    return Task(
        number=number,
        group="I",
        group_title="Nâng cao nhận thức",
        title=first,
        lead_agencies=("Bộ Thông tin và Truyền thông",),
        coordinating_agencies=(),
        deliverable="Quyết định của Thủ tướng Chính phủ",
        deadline=Deadline(raw="6/2025", kind="month", due_date="2025-06-30"),
        doc_id=doc.meta.id,
        start=start,
        end=end,
    )


def test_each_record_becomes_one_table_row_chunk() -> None:
    doc = _doc(TABLE)
    task = _task(doc, 1, "Xây dựng chương trình tuyên truyền", "6/2025")
    chunks = [c for c in chunk_document(doc, _settings(), [task], segmenter=REGEX) if c.kind == "table_row"]
    assert len(chunks) == 1
    chunk = chunks[0]
    assert (chunk.start, chunk.end, chunk.record_ref) == (task.start, task.end, "task:1")
    assert chunk.section_path == ("PHỤ LỤC II", "I. Nâng cao nhận thức", "Nhiệm vụ 1")
    assert chunk.text == (
        "Phụ lục II – Nhiệm vụ 1 (Nhóm I. Nâng cao nhận thức)\n"
        "Tên nhiệm vụ: Xây dựng chương trình tuyên truyền\n"
        "Cơ quan chủ trì: Bộ Thông tin và Truyền thông\n"
        "Kết quả: Quyết định của Thủ tướng Chính phủ\n"
        "Thời gian hoàn thành: 6/2025"
    )


def test_table_with_records_is_not_chunked_as_text() -> None:
    doc = _doc(TABLE)
    task = _task(doc, 1, "Xây dựng chương trình tuyên truyền", "6/2025")
    texts = [c for c in chunk_document(doc, _settings(), [task], segmenter=REGEX) if c.kind == "text"]
    assert not any("VTV, VOV" in c.text or "TT Tên nhiệm vụ" in c.text for c in texts)
    assert any(c.text.startswith("PHỤ LỤC II\nDANH MỤC CÁC NHIỆM VỤ") for c in texts)


def test_table_without_records_is_chunked_as_text() -> None:
    doc = _doc(TABLE)
    texts = [c for c in chunk_document(doc, _settings(), segmenter=REGEX) if c.kind == "text"]
    assert any("VTV, VOV" in c.text for c in texts)
    assert all(c.text == doc.text[c.start : c.end] and c.record_ref is None for c in texts)


def test_indicator_record_chunk_names_its_columns() -> None:
    raw = "PHỤ LỤC I\n\nDANH MỤC CÁC CHỈ TIÊU\n\nTT Chỉ tiêu Đơn vị Kết quả\n\nI Đến năm 2030\n\n11.2\n\nTỷ lệ dịch vụ công trực tuyến\n\n% 90 Văn phòng Chính phủ\n"
    doc = _doc(raw)
    start = doc.text.index("11.2")
    indicator = Indicator(
        number="11.2",
        name="Tỷ lệ dịch vụ công trực tuyến",
        unit="%",
        target="90",
        horizon=2030,
        monitoring_agency="Văn phòng Chính phủ",
        doc_id="thu",
        start=start,
        end=len(doc.text),
    )
    chunk = next(
        c for c in chunk_document(doc, _settings(), [indicator], segmenter=REGEX) if c.kind == "table_row"
    )
    assert chunk.record_ref == "indicator:11.2"
    assert chunk.section_path == ("PHỤ LỤC I", "I Đến năm 2030", "Chỉ tiêu 11.2")
    assert chunk.text.split("\n") == [
        "Phụ lục I – Chỉ tiêu 11.2 (Đến năm 2030)",
        "Chỉ tiêu: Tỷ lệ dịch vụ công trực tuyến",
        "Đơn vị: %",
        "Kết quả: 90",
        "Cơ quan chủ trì theo dõi, đánh giá: Văn phòng Chính phủ",
    ]


def test_sentence_spans_cover_the_text_for_both_segmenters() -> None:
    text = "Theo TS. Nguyễn Quân, có 5 đột phá. “Câu trích.” Câu sau!\n- Gạch đầu dòng; hết."
    for segmenter in (REGEX, UndertheseaSegmenter()):
        spans = sentence_spans(segmenter, text)
        assert [text[a:b] for a, b in spans] == [
            "Theo TS. Nguyễn Quân, có 5 đột phá.",
            "“Câu trích.”",
            "Câu sau!",
            "- Gạch đầu dòng; hết.",
        ], segmenter.name


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:40])
def test_corpus_chunks_hold_the_invariants(path: Path) -> None:
    doc = build_document(load_document(path, CORPUS))
    settings = ChunkingSettings(segmenter="regex")
    chunks = chunk_document(doc, settings, segmenter=REGEX)
    assert chunks
    assert all(c.text == doc.text[c.start : c.end] and len(c.text) <= settings.max_chars for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
