"""Structure of a cleaned document: blocks with their section path, kind, span in the text and page."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from ingest.cleaning import (
    clean_text,
    find_table_regions,
    heading_kind,
    is_all_caps,
    is_bullet,
    is_doc_type_line,
    normalize_chars,
)
from ingest.models import Block, BlockKind, CleanDocument, SourceDocument

LABEL_CHARS = 80

# Nesting depth of each kind of heading; a heading closes every open section at its depth or deeper.
_LEVELS: dict[str, int] = {
    "appendix": 0,
    "part": 1,
    "chapter": 2,
    "section": 3,
    "article": 4,
    "recipients": 4,
    "caps": 5,
    "roman": 5,
    "arabic": 6,
    "decimal": 7,
    "letter": 9,
}
_TERMINAL = re.compile(r"[.;!?…](?:[\"”’)\]»]*)$")
_SIGNATURE = re.compile(r"^(?:TM|T/M|KT|Q|TL|TUQ)\.\s")
_ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?(?:\s|$)")
_TABLE_GROUP = re.compile(r"^([IVX]{1,5})\.?(?:\s+(\S.*))?$")
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


@dataclass(frozen=True)
class Line:
    """One line of the cleaned text and where it sits."""

    text: str
    start: int
    end: int


def label(text: str, limit: int = LABEL_CHARS) -> str:
    """A section label: the heading's first ~80 characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for part in text.split("\n"):
        lines.append(Line(part, pos, pos + len(part)))
        pos += len(part) + 1
    return lines


def heading_label(line: str, kind: str) -> str:
    """A heading's label; a lettered point keeps its title when it has one.

    «b) Thực hiện Kế hoạch số 02-KH/BCĐTW» is a sub-heading and keeps its words; «a) Về phát triển
    hạ tầng số: (1) …» keeps the short topic before its colon. A point that is a sentence of text
    («a) Tổ chức quán triệt …;») or opens with a long one is labelled by its letter alone, as a
    legal citation would, because a cut-off sentence is no title.
    """
    if kind != "letter":
        return label(line)
    letter, rest = line.split(")", 1)
    rest = rest.strip()
    head, _, after = rest.partition(":")
    head = head.strip()
    if not head or _TERMINAL.search(head):
        return letter.strip() + ")"
    if not after.strip():
        return label(f"{letter.strip()}) {head}")  # a sub-heading on its own line, cut like any heading
    return f"{letter.strip()}) {head}" if len(head) <= LABEL_CHARS else letter.strip() + ")"


def _is_caps_heading(line: str) -> bool:
    return (
        is_all_caps(line)
        and len(line.split()) >= 4
        and not _SIGNATURE.match(line)
        and not _TERMINAL.search(line)
    )


def _page_starts(src: SourceDocument, text: str) -> list[int]:
    """Where each PDF page starts in the cleaned text, found by anchoring on each page's first words."""
    if not src.pages:
        return []
    squeezed_chars: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            squeezed_chars.append(ch)
            positions.append(i)
    squeezed = "".join(squeezed_chars)
    raw = src.raw_text
    bounds = [*src.pages, len(raw)]
    starts: list[int] = []
    cursor = 0
    for n in range(len(src.pages)):
        page_text = normalize_chars(raw[bounds[n] : bounds[n + 1]])
        found = -1
        for line in page_text.split("\n"):
            anchor = "".join(unicodedata.normalize("NFC", line).split())[:24]
            if len(anchor) < 8:
                continue
            found = squeezed.find(anchor, cursor)
            if found >= 0:
                break
        if found < 0:
            starts.append(starts[-1] if starts else 0)
            continue
        cursor = found
        starts.append(positions[found])
    return starts


def _page_of(offset: int, starts: list[int]) -> int | None:
    if not starts:
        return None
    return max(1, bisect.bisect_right(starts, offset))


class _Builder:
    """Walks the cleaned lines once, keeping the stack of open sections."""

    def __init__(self, doc_id: str, title: str, text: str, page_starts: list[int]) -> None:
        self.doc_id = doc_id
        self.title_label = label(title)
        self.text = text
        self.page_starts = page_starts
        self.stack: list[tuple[int, str]] = []
        self.blocks: list[Block] = []

    def path(self) -> tuple[str, ...]:
        return tuple(lbl for _, lbl in self.stack) or (self.title_label,)

    def open_section(self, level: int, lbl: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, lbl))

    def add(self, kind: BlockKind, start: int, end: int, path: tuple[str, ...] | None = None) -> None:
        self.blocks.append(
            Block(
                doc_id=self.doc_id,
                section_path=path or self.path(),
                kind=kind,
                text=self.text[start:end],
                start=start,
                end=end,
                page=_page_of(start, self.page_starts),
            )
        )

    def extend_last(self, end: int) -> None:
        last = self.blocks[-1]
        self.blocks[-1] = Block(
            doc_id=last.doc_id,
            section_path=last.section_path,
            kind=last.kind,
            text=self.text[last.start : end],
            start=last.start,
            end=end,
            page=last.page,
        )

    def prose(self, lines: list[Line], structured: bool) -> None:
        prev: str | None = None
        for line in lines:
            text = line.text
            if not text.strip():
                continue
            kind = heading_kind(text)
            if kind is not None and structured:
                self.open_section(_LEVELS[kind], heading_label(text, kind))
                is_heading = (
                    not _TERMINAL.search(text) and not text.rstrip().endswith(":") and len(text) <= 300
                )
                self.add("heading" if is_heading else "text", line.start, line.end)
            elif (
                is_bullet(text, prev)
                and self.blocks
                and self.blocks[-1].kind == "text"
                and self._adjacent(line)
            ):
                # Dash bullets belong to the paragraph that introduces them.
                self.extend_last(line.end)
            elif structured and self.stack and _is_caps_heading(text) and not is_doc_type_line(text):
                # An upper-case title inside a structured document (the programme annexed to a
                # resolution) closes everything open; its Roman-numbered parts then replace it.
                self.stack = [(_LEVELS["caps"], label(text))]
                self.add("heading", line.start, line.end)
            elif _is_caps_heading(text) or is_doc_type_line(text):
                self.add("heading", line.start, line.end)
            else:
                self.add("text", line.start, line.end)
            prev = text

    def _adjacent(self, line: Line) -> bool:
        return self.blocks[-1].end + 1 == line.start

    def table(self, lines: list[Line]) -> None:
        """An appendix: its heading, its caption lines, then one table_row block per extracted line."""
        head = lines[0]
        appendix = label(head.text)
        self.stack = [(0, appendix)]
        self.add("heading", head.start, head.end)
        header_index = next(
            (i for i, line in enumerate(lines) if i > 0 and re.match(r"^TT\b", line.text)), len(lines)
        )
        caption = [line for line in lines[1:header_index] if line.text.strip()]
        if caption:
            self.add("text", caption[0].start, caption[-1].end)
        expected = 0
        group: str | None = None
        i = header_index
        while i < len(lines):
            line = lines[i]
            m = _TABLE_GROUP.match(line.text)
            if m and expected < len(_ROMANS) and m.group(1) == _ROMANS[expected]:
                # Group headings run from the numeral to the first row number ("I." … "1.").
                parts = [line.text]
                j = i + 1
                while (
                    j < len(lines) and not _ROW_NUMBER.match(lines[j].text) and not m.group(2) and j - i < 15
                ):
                    parts.append(lines[j].text)
                    j += 1
                numeral = m.group(1)
                rest = " ".join(p for p in parts if p).removeprefix(numeral).lstrip(". ")
                group = label(
                    f"{numeral}. {rest}" if line.text.startswith(f"{numeral}.") else f"{numeral} {rest}"
                )
                expected += 1
                for k in range(i, j):
                    self.add("table_row", lines[k].start, lines[k].end, (appendix, group))
                i = j
                continue
            path = (appendix, group) if group else (appendix,)
            self.add("table_row", line.start, line.end, path)
            i += 1


def has_numbered_headings(lines: list[Line]) -> bool:
    kinds = {heading_kind(line.text) for line in lines}
    return bool(kinds & {"roman", "arabic", "decimal", "article", "chapter", "part", "appendix", "letter"})


def build_document(src: SourceDocument) -> CleanDocument:
    """Cleans a source document and cuts it into blocks; every block's text is `text[start:end]`."""
    text = clean_text(src.raw_text)
    lines = split_lines(text)
    regions = find_table_regions([line.text for line in lines])
    page_starts = _page_starts(src, text)
    builder = _Builder(src.meta.id, src.meta.title, text, page_starts)
    outside = [line for n, line in enumerate(lines) if not any(a <= n < b for a, b in regions)]
    structured = has_numbered_headings(outside)
    cursor = 0
    for start, end in [*regions, (len(lines), len(lines))]:
        builder.prose(lines[cursor:start], structured)
        if start < end:
            builder.table(lines[start:end])
        cursor = end
    return CleanDocument(meta=src.meta, text=text, blocks=tuple(builder.blocks))
