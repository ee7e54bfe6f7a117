"""Answer-side data objects: what retrieval returns and what the engine answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ingest.models import Chunk, DocumentMeta, Indicator, ReportFigure, Task

Record = Task | Indicator | ReportFigure


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float  # fused score (higher is better)
    lexical_rank: int | None = None  # 1-based rank in the BM25 list, None when absent
    dense_rank: int | None = None
    lexical_score: float | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class Retrieval:
    """Passages and structured records found for one query."""

    chunks: tuple[ScoredChunk, ...]
    mode: Literal["bm25", "dense", "hybrid"] = "hybrid"


@dataclass(frozen=True)
class Citation:
    n: int
    document: DocumentMeta
    location: str
    quote: str  # verbatim in the cleaned text of `document`
    chunk_id: str | None = None
    start: int | None = None  # span of the quote in the cleaned document text
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "document": {
                "id": self.document.id,
                "title": self.document.title,
                "number": self.document.number,
                "date": self.document.date,
            },
            "location": self.location,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    records: tuple[Record, ...]
    intent: str
    language: Literal["vi", "en"] = "vi"
    refused: bool = False  # the corpus does not hold the answer
    standalone: str = ""  # the query as understood after follow-up rewriting
    retrieved_chunk_ids: tuple[str, ...] = field(default_factory=tuple)

    def text_with_sources(self) -> str:
        """Answer text followed by a numbered source list (for plain-text channels)."""
        if not self.citations:
            return self.text
        head = "Sources:" if self.language == "en" else "Nguồn:"
        lines = [self.text, "", head]
        for c in self.citations:
            lines.append(f"[{c.n}] {format_document(c.document)} — {c.location}: «{c.quote}»")
        return "\n".join(lines)


KIND_LABELS = {
    "nghi_quyet": "Nghị quyết",
    "quyet_dinh": "Quyết định",
    "bao_cao": "Báo cáo",
    "bai_bao": "Bài viết",
    "tin_tuc": "Tin",
    "van_ban": "Văn bản",
}


def short_document_label(meta: DocumentMeta) -> str:
    """'Nghị quyết 03/NQ-CP' when the document has a number, else its title (shortened), for answer text."""
    if meta.number:
        return f"{KIND_LABELS.get(meta.kind, 'Văn bản')} {meta.number}"
    title = meta.title if len(meta.title) <= 110 else meta.title[:110].rsplit(" ", 1)[0] + "…"
    return f"{KIND_LABELS.get(meta.kind, 'Văn bản').lower()} «{title}»" if meta.kind in ("bai_bao", "tin_tuc") else title


def format_document(meta: DocumentMeta) -> str:
    """Short label with the date, e.g. 'Nghị quyết 03/NQ-CP (09/01/2025)', for source lists."""
    label = short_document_label(meta)
    label = label[0].upper() + label[1:]
    if meta.date:
        y, m, d = meta.date.split("-")
        label = f"{label} ({d}/{m}/{y})"
    return label


def record_to_dict(record: Record) -> dict[str, Any]:
    kind = {Task: "task", Indicator: "indicator", ReportFigure: "figure"}[type(record)]
    return {"type": kind, **record.to_dict()}
