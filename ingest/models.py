"""The data objects that flow through ingest, retrieval and answering: one vocabulary for all stages."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

DocumentKind = Literal["nghi_quyet", "bao_cao", "bai_bao", "tin_tuc", "quyet_dinh", "van_ban"]
BlockKind = Literal["heading", "text", "table_row"]
DeadlineKind = Literal["month", "quarter", "year", "recurring", "none"]
AgencyRole = Literal["lead", "coordinating", "any"]


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable short id from text parts; re-ingesting the same content gives the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Signature:
    """Who signed an administrative document, as its closing signature block prints it.

    `capacity` holds the capacity lines in order ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG"), `title` the signer's own
    title ("PHÓ THỦ TƯỚNG"), `name` the signer as written; `start`/`end` locate the name in the cleaned text,
    so `text[start:end] == name` and a citation can quote it verbatim.
    """

    capacity: tuple[str, ...]
    title: str
    name: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["capacity"] = list(self.capacity)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        return cls(
            capacity=tuple(data.get("capacity") or ()),
            title=str(data["title"]),
            name=str(data["name"]),
            start=int(data["start"]),
            end=int(data["end"]),
        )


@dataclass(frozen=True)
class DocumentMeta:
    """What is known about a document: extracted from its text, overridden by a sidecar file."""

    id: str  # stable slug from the file name, e.g. "2025-01-09_nghi-quyet-03-NQ-CP_..."
    title: str
    kind: DocumentKind
    number: str | None  # e.g. "03/NQ-CP"
    date: str | None  # ISO date of issue, e.g. "2025-01-09"
    issuer: str | None  # e.g. "Chính phủ"
    source_path: str  # path relative to the corpus folder
    sha256: str  # hash of the raw file bytes
    signature: Signature | None = None  # the closing signature block; None for articles and unsigned texts

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["signature"] = self.signature.to_dict() if self.signature else None
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        """The inverse of `to_dict` (e.g. an item of GET /documents); keys it does not know are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        signature = values.get("signature")
        values["signature"] = Signature.from_dict(signature) if isinstance(signature, dict) else None
        return cls(**values)


@dataclass(frozen=True)
class SourceDocument:
    """A loaded file: raw extracted text plus metadata, before cleaning."""

    meta: DocumentMeta
    raw_text: str
    pages: tuple[int, ...] = ()  # character offsets in raw_text where each page starts (PDF only)


@dataclass(frozen=True)
class Block:
    """A piece of a cleaned document that knows its place in the structure and its span in the text."""

    doc_id: str
    section_path: tuple[str, ...]  # e.g. ("II. Nhiệm vụ cụ thể", "3. ...", "d)")
    kind: BlockKind
    text: str  # == CleanDocument.text[start:end]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class CleanDocument:
    """A document after cleaning: the text every quote is checked against, and its blocks."""

    meta: DocumentMeta
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Chunk:
    """The unit of retrieval. `text` is what is embedded and shown; `start`/`end` locate it in the source."""

    id: str
    doc_id: str
    section_path: tuple[str, ...]
    kind: BlockKind
    text: str
    start: int
    end: int
    record_ref: str | None = None  # e.g. "task:37", "indicator:11.2", "figure:<id>"

    @staticmethod
    def make_id(doc_id: str, text: str) -> str:
        return content_hash(doc_id, text)

    @property
    def location(self) -> str:
        return " › ".join(self.section_path)


@dataclass(frozen=True)
class Deadline:
    raw: str  # as written in the appendix, e.g. "6/2025", "Quý I/2025", "Thường xuyên"
    kind: DeadlineKind
    due_date: str | None  # last day of the period, ISO, or None for recurring / none


@dataclass(frozen=True)
class Task:
    """One row of Phụ lục II of Nghị quyết 03/NQ-CP."""

    number: int
    group: str  # Roman numeral of the group heading, e.g. "I"
    group_title: str
    title: str
    lead_agencies: tuple[str, ...]  # canonical agency names as written (normalised spacing)
    coordinating_agencies: tuple[str, ...]
    deliverable: str
    deadline: Deadline
    doc_id: str
    start: int  # span of the row in the cleaned document text
    end: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lead_agencies"] = list(self.lead_agencies)
        d["coordinating_agencies"] = list(self.coordinating_agencies)
        return d


@dataclass(frozen=True)
class Indicator:
    """One row of Phụ lục I (chỉ tiêu) of Nghị quyết 03/NQ-CP."""

    number: str  # "11.2"
    name: str
    unit: str
    target: str
    horizon: int  # 2030 or 2045
    monitoring_agency: str
    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReportFigure:
    """One figure stated in a report or article, with the verbatim quote it came from."""

    id: str
    subject: str  # machine key, e.g. "tasks_total", "tasks_overdue", "agency_overdue", "agency_task_count"
    label: str  # Vietnamese description, e.g. "Số nhiệm vụ quá hạn, chậm muộn"
    value: float
    unit: str  # "nhiệm vụ", "tỷ đồng", "%", ...
    as_of: str | None  # ISO date
    agency: str | None  # canonical agency name when the figure is about one agency
    scope: str  # what the figure counts, e.g. "Chương trình hành động và TBKL của BCĐ Trung ương"
    quote: str  # verbatim in the cleaned text
    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Agency:
    """A canonical agency with every name it goes by, and what happened to it in the 2025 mergers."""

    id: str  # slug, e.g. "bo-khcn"
    name: str  # canonical Vietnamese name
    kind: Literal["bo", "co_quan_ngang_bo", "co_quan_thuoc_cp", "dia_phuong", "to_chuc", "dang", "khac"]
    aliases: tuple[str, ...]  # abbreviations and other forms, with or without diacritics
    english: tuple[str, ...]
    merged_into: str | None = None  # id of the successor agency
    merged_on: str | None = None  # ISO date the merger took effect
    merge_source: str | None = None  # where the merger is documented
    active: bool = True
    note: str | None = None  # e.g. how a ministry's duties were split between successors in 2025

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        d["english"] = list(self.english)
        return d


@dataclass(frozen=True)
class Manifest:
    """How an index was built; the server refuses an index whose manifest does not match its settings."""

    embedding_backend: str
    embedding_model: str
    dimension: int
    segmenter: str
    chunking: dict[str, Any]
    corpus_hash: str
    code_version: str
    built_at: str
    documents: dict[str, str] = field(default_factory=dict)  # doc_id -> sha256
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
