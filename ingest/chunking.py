"""Chunking: sentence-aligned text chunks within one section, and one chunk per table record.

A text chunk is a verbatim span of the cleaned text (`chunk.text == doc.text[start:end]`), so answers
can quote from it. An appendix table with parsed records is not chunked as text: each `Task` or
`Indicator` becomes its own chunk, rendered with the column names. A table without records is
chunked line by line like text.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import Block, Chunk, CleanDocument, Indicator, Task
from ingest.segmenter import Segmenter, make_segmenter, sentence_spans
from ingest.settings import ChunkingSettings
from ingest.structure import label

logger = logging.getLogger(__name__)

TableRecord = Task | Indicator


@dataclass(frozen=True)
class _Section:
    """Consecutive blocks that share a section path; `lines` for a table chunked as text."""

    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    lines: bool = False

    @property
    def headings_only(self) -> bool:
        return all(b.kind == "heading" for b in self.blocks)


def _table_runs(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of consecutive table_row blocks."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "table_row":
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "table_row":
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _sections(doc: CleanDocument, records: Sequence[TableRecord]) -> list[_Section]:
    blocks = doc.blocks
    covered: set[int] = set()
    as_lines: set[int] = set()
    starts = [r.start for r in records]
    for i, j in _table_runs(blocks):
        lo, hi = blocks[i].start, blocks[j - 1].end
        has_records = any(lo <= s <= hi for s in starts)
        (covered if has_records else as_lines).update(range(i, j))
    sections: list[_Section] = []
    current: list[Block] = []
    current_lines = False
    for n, block in enumerate(blocks):
        if n in covered:
            if current:
                sections.append(_Section(current[0].section_path, tuple(current), current_lines))
                current = []
            continue
        lines = n in as_lines
        if current and (block.section_path != current[0].section_path or lines != current_lines):
            sections.append(_Section(current[0].section_path, tuple(current), current_lines))
            current = []
        current.append(block)
        current_lines = lines
    if current:
        sections.append(_Section(current[0].section_path, tuple(current), current_lines))
    return sections


def _units(section: _Section, text: str, segmenter: Segmenter) -> list[tuple[int, int]]:
    """The pieces a section is packed from: sentences of prose, whole headings, whole table lines."""
    units: list[tuple[int, int]] = []
    for block in section.blocks:
        if section.lines or block.kind == "heading":
            units.append((block.start, block.end))
            continue
        for start, end in sentence_spans(segmenter, block.text):
            units.append((block.start + start, block.start + end))
    return units


def _split_long(unit: tuple[int, int], text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cuts a sentence longer than max_chars at white space (at a clause mark when there is one)."""
    start, end = unit
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < max_chars // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = max_chars - 1
        piece_end = start + cut + 1
        pieces.append((start, start + len(text[start:piece_end].rstrip())))
        start = piece_end + (len(text[piece_end:end]) - len(text[piece_end:end].lstrip()))
    if start < end:
        pieces.append((start, end))
    return pieces


def _pack(units: list[tuple[int, int]], max_chars: int, overlap: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    for unit in units:
        if current and unit[1] - current[0][0] > max_chars:
            spans.append((current[0][0], current[-1][1]))
            keep = current[-overlap:] if overlap else []
            while keep and unit[1] - keep[0][0] > max_chars:
                keep = keep[1:]
            current = keep
        current.append(unit)
    if current:
        spans.append((current[0][0], current[-1][1]))
    return spans


def _display(appendix: str) -> str:
    """ "PHỤ LỤC II" → "Phụ lục II" for a record's heading line."""
    words = appendix.split()
    if len(words) >= 2 and words[0].upper() == "PHỤ" and words[1].upper() == "LỤC":
        return " ".join(["Phụ", "lục", *words[2:]])
    return appendix


def _enclosing(doc: CleanDocument, offset: int) -> Block | None:
    starts = [b.start for b in doc.blocks]
    i = bisect.bisect_right(starts, offset) - 1
    return doc.blocks[i] if i >= 0 else None


def render_task(task: Task, appendix: str = "Phụ lục II") -> str:
    lines = [
        f"{appendix} – Nhiệm vụ {task.number} (Nhóm {task.group}. {task.group_title})",
        f"Tên nhiệm vụ: {task.title}",
        f"Cơ quan chủ trì: {', '.join(task.lead_agencies)}",
        f"Cơ quan phối hợp: {', '.join(task.coordinating_agencies)}",
        f"Kết quả: {task.deliverable}",
        f"Thời gian hoàn thành: {task.deadline.raw}",
    ]
    return "\n".join(line for line in lines if not line.endswith(": "))


def render_indicator(indicator: Indicator, appendix: str = "Phụ lục I") -> str:
    lines = [
        f"{appendix} – Chỉ tiêu {indicator.number} (Đến năm {indicator.horizon})",
        f"Chỉ tiêu: {indicator.name}",
        f"Đơn vị: {indicator.unit}",
        f"Kết quả: {indicator.target}",
        f"Cơ quan chủ trì theo dõi, đánh giá: {indicator.monitoring_agency}",
    ]
    return "\n".join(line for line in lines if not line.endswith(": "))


def _record_chunk(doc: CleanDocument, record: TableRecord) -> Chunk:
    block = _enclosing(doc, record.start)
    in_table = block is not None and block.kind == "table_row"
    if isinstance(record, Task):
        appendix = block.section_path[0] if in_table and block else "PHỤ LỤC II"
        group = (
            block.section_path[1]
            if in_table and block and len(block.section_path) > 1
            else label(f"{record.group}. {record.group_title}")
        )
        text = render_task(record, _display(appendix))
        path = (appendix, group, f"Nhiệm vụ {record.number}")
        ref = f"task:{record.number}"
    else:
        appendix = block.section_path[0] if in_table and block else "PHỤ LỤC I"
        group = (
            block.section_path[1]
            if in_table and block and len(block.section_path) > 1
            else f"Đến năm {record.horizon}"
        )
        text = render_indicator(record, _display(appendix))
        path = (appendix, group, f"Chỉ tiêu {record.number}")
        ref = f"indicator:{record.number}"
    return Chunk(
        id=Chunk.make_id(doc.meta.id, text),
        doc_id=doc.meta.id,
        section_path=path,
        kind="table_row",
        text=text,
        start=record.start,
        end=record.end,
        record_ref=ref,
    )


def chunk_document(
    doc: CleanDocument,
    settings: ChunkingSettings,
    records: Sequence[TableRecord] = (),
    segmenter: Segmenter | None = None,
) -> list[Chunk]:
    """Chunks of one document: text chunks per section, plus one chunk per Task/Indicator record."""
    segmenter = segmenter or make_segmenter(settings.segmenter)
    own = [r for r in records if isinstance(r, (Task, Indicator)) and r.doc_id == doc.meta.id]
    if len(own) != len(records):
        logger.warning(
            "doc_id=%s skipped_records=%d (other document or type)", doc.meta.id, len(records) - len(own)
        )
    sections = _sections(doc, own)
    chunks: list[Chunk] = []
    carry: list[tuple[int, int]] = []
    for n, section in enumerate(sections):
        units = _units(section, doc.text, segmenter)
        nxt = sections[n + 1] if n + 1 < len(sections) else None
        nested_next = (
            nxt is not None
            and len(nxt.path) > len(section.path)
            and nxt.path[: len(section.path)] == section.path
        )
        if section.headings_only and nested_next and not section.lines:
            # A heading is chunked with the first part of its content, not alone.
            carry.extend(units)
            continue
        units = carry + units
        carry = []
        pieces = [p for u in units for p in _split_long(u, doc.text, settings.max_chars)]
        for start, end in _pack(pieces, settings.max_chars, settings.overlap_sentences):
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    id=Chunk.make_id(doc.meta.id, text),
                    doc_id=doc.meta.id,
                    section_path=section.path,
                    kind="text",
                    text=text,
                    start=start,
                    end=end,
                )
            )
    chunks.extend(_record_chunk(doc, r) for r in own)
    chunks.sort(key=lambda c: (c.start, c.end))
    unique: list[Chunk] = []
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.id in seen:
            logger.debug("doc_id=%s duplicate chunk id=%s dropped", doc.meta.id, chunk.id)
            continue
        seen.add(chunk.id)
        unique.append(chunk)
    return unique
