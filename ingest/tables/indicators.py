"""Parser for an indicator appendix (Phụ lục "DANH MỤC CÁC CHỈ TIÊU"): cleaned lines → `Indicator` records.

The table has five columns (TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá), but the
PDF extraction gives one visual line per text line: a cell that wraps takes several lines, and cells that
sit at the same height are glued onto one line ("% 90 Văn phòng Chính phủ", "Quy mô kinh tế số % GDP ≥ 30").
Columns are recovered from the reading order, which is always name → unit → target → agency, with these
cues (each chosen because it holds for the kind of table, not for particular rows):

- a row starts with its number ("11", "11.2") on a line of its own or before the name, and numbers run in
  sequence, so a target that happens to be a bare number ("12", "09") is not mistaken for a new row;
- the agency is the tail of the row and starts with an agency head word ("Bộ", "Văn phòng", ...);
- a numeric target starts with a comparator ("≥ 80", "≤ 3 Đông Nam Á") or is a number that ends its line;
- a textual target ("Đạt mức tiên tiến ...") is the last run of short lines that opens with a capital;
- the unit column is narrow: its lines are short and the unit opens with a capital or "%"; glued onto a
  name line it is what follows "%" or the last capitalised word.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ingest.models import CleanDocument, Indicator
from ingest.text import collapse_ws, fold

logger = logging.getLogger(__name__)

# Widths (in characters) of the narrow columns in the extracted lines; the name column wraps near 35.
_UNIT_WIDTH = 14
_TARGET_WIDTH = 20

_APPENDIX = re.compile(r"^phu luc\s+([ivxlc]+|\d+)\b(.*)$")
_PART = re.compile(r"^([IVX]+)\.?\s+(.*?\b((?:19|20)\d\d)\b.*)$")
_ROW = re.compile(r"^(\d{1,3}(?:\.\d{1,3})?)(?:\s+(.*))?$")
# Agency head words of Vietnamese state bodies; the agency cell always begins with one of them.
_AGENCY_HEAD = re.compile(
    r"(?:^|(?<=[\d%]\s))(?:Bộ|Văn phòng|Ngân hàng|Ủy ban|Uỷ ban|UBND|Thanh tra|Kiểm toán|Tòa án|Toà án|"
    r"Viện Hàn lâm|Viện kiểm sát|Đại học Quốc gia|Học viện|Đài Truyền hình|Đài Tiếng nói|Thông tấn xã|"
    r"Ban Cơ yếu|Ban Quản lý|Bảo hiểm xã hội|Tổng Liên đoàn|Trung ương Đoàn|Hội đồng|Các bộ|Cơ quan)\b"
)
_NUM = r"\d+(?:[.,]\d+)?\s?%?"
_CMP = r"(?:≥|≤|>=|<=|=>|=<|>|<|=)"
# A numeric target: a comparator and a number anywhere, or a bare number (or range) that ends its line.
_TARGET = re.compile(
    rf"(?<![\w.,/])(?:{_CMP}\s*{_NUM}(?:\s*[-–]\s*{_NUM})?|{_NUM}(?:\s*[-–]\s*{_NUM})?(?=\s*$))"
)


@dataclass(frozen=True)
class _Line:
    text: str  # stripped
    start: int  # span of the stripped text in the document
    end: int


@dataclass(frozen=True)
class _Row:
    number: str
    horizon: int
    first: _Line  # the line holding the row number
    body: tuple[_Line, ...]  # rest of the row; the first item may be the tail of `first`


def parse_indicators(doc: CleanDocument) -> list[Indicator]:
    """Every row of the document's indicator appendix, in order; [] when the document has none."""
    lines = _appendix_lines(doc.text)
    if not lines:
        return []
    indicators = [_parse_row(row, doc.meta.id) for row in _split_rows(lines)]
    logger.info("indicators doc=%s rows=%d", doc.meta.id, len(indicators))
    return indicators


def _lines(text: str, start: int, end: int) -> list[_Line]:
    out: list[_Line] = []
    pos = start
    for raw in text[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = pos + (len(raw) - len(raw.lstrip()))
            out.append(_Line(stripped, offset, offset + len(stripped)))
        pos += len(raw) + 1
    return out


def _appendix_lines(text: str) -> list[_Line]:
    """The lines of the appendix whose title names indicators (chỉ tiêu), up to the next appendix."""
    lines = _lines(text, 0, len(text))
    begin: int | None = None
    for i, line in enumerate(lines):
        if not _APPENDIX.match(fold(line.text)):
            continue
        if begin is not None:
            return lines[begin:i]
        title = " ".join(fold(x.text) for x in lines[i : i + 3])
        if "chi tieu" in title:
            begin = i + 1
    return lines[begin:] if begin is not None else []


def _split_rows(lines: list[_Line]) -> list[_Row]:
    rows: list[_Row] = []
    horizon = 0
    major, minor = 0, 0
    current: _Row | None = None
    for i, line in enumerate(lines):
        part = _PART.match(line.text)
        if part:
            if current is not None:
                rows.append(current)
            current = None
            horizon = int(part.group(3))
            continue
        m = _ROW.match(line.text)
        if m and _is_next_number(m.group(1), major, minor, restart=current is None):
            next_line = lines[i + 1].text if i + 1 < len(lines) else ""
            # A bare number followed by an agency is a target cell ("12" then "Bộ Khoa học ..."), not a row.
            if m.group(2) or not _AGENCY_HEAD.match(next_line):
                if current is not None:
                    rows.append(current)
                number = m.group(1)
                head, _, sub = number.partition(".")
                major, minor = int(head), int(sub or 0)
                body: tuple[_Line, ...] = ()
                if m.group(2):
                    body = (_Line(m.group(2).strip(), line.start + m.start(2), line.end),)
                current = _Row(number, horizon, line, body)
                continue
        if current is not None:
            current = _Row(current.number, current.horizon, current.first, current.body + (line,))
    if current is not None:
        rows.append(current)
    return rows


def _is_next_number(number: str, major: int, minor: int, restart: bool) -> bool:
    head, _, sub = number.partition(".")
    n, s = int(head), int(sub) if sub else 0
    if sub:
        return n == major and s == minor + 1
    return n == major + 1 or (restart and n == 1 and major > 0)


def _parse_row(row: _Row, doc_id: str) -> Indicator:
    segments = [s.text for s in row.body]
    segments, agency = _take_agency(segments)
    name_parts, unit, target = _split_cells(segments, has_agency=bool(agency))
    last = row.body[-1] if row.body else row.first
    return Indicator(
        number=row.number,
        name=_join(name_parts),
        unit=unit,
        target=target,
        horizon=row.horizon,
        monitoring_agency=agency,
        doc_id=doc_id,
        start=row.first.start,
        end=last.end,
    )


def _take_agency(segments: list[str]) -> tuple[list[str], str]:
    """Split off the agency cell: from the last agency head word (within the last few lines) to the end."""
    for i in range(len(segments) - 1, max(-1, len(segments) - 5), -1):
        m = _AGENCY_HEAD.search(segments[i])
        if m is None:
            continue
        before = segments[:i]
        head = segments[i][: m.start()].strip()
        if head:
            before = before + [head]
        agency = _join([segments[i][m.start() :]] + segments[i + 1 :])
        if before:  # a row is never only an agency
            return before, agency
    return segments, ""


def _split_cells(segments: list[str], has_agency: bool) -> tuple[list[str], str, str]:
    """(name parts, unit, target) from the cells that remain once the agency is gone."""
    anchor = _find_numeric_target(segments)
    if anchor is not None:
        idx, pos = anchor
        head = segments[idx][:pos].strip()
        target = _join([segments[idx][pos:]] + segments[idx + 1 :])
        before = segments[:idx]
        if head:
            tail, unit = _split_name_unit(head)
            if idx == 0 and not tail:  # the first line always starts the name
                return [head], "", target
            return before + ([tail] if tail else []), unit, target
        name_parts, unit = _unit_from_lines(before)
        return name_parts, unit, target
    start = _find_text_target(segments) if has_agency else None
    if start is None:
        return segments, "", ""
    name_parts, unit = _unit_from_lines(segments[:start])
    return name_parts, unit, _join(segments[start:])


def _find_numeric_target(segments: list[str]) -> tuple[int, int] | None:
    for i, seg in enumerate(segments):
        for m in _TARGET.finditer(seg):
            if i == 0 and m.start() == 0:
                continue  # a name never starts with its target
            if re.fullmatch(r"(?:19|20)\d\d", m.group().strip()) and seg[: m.start()].rstrip().endswith(
                "năm"
            ):
                continue  # "đến năm 2030" closing a name line is a year, not a target
            return i, m.start()
    return None


def _find_text_target(segments: list[str]) -> int | None:
    """First line of a textual target: the last capitalised short line, followed only by short lines."""
    for i in range(len(segments) - 1, 0, -1):
        tail = segments[i:]
        if any(len(s) > _TARGET_WIDTH for s in tail):
            return None
        if segments[i][:1].isupper():
            return i
    return None


def _unit_from_lines(parts: list[str]) -> tuple[list[str], str]:
    """Unit cell as the short lines before the target, opened by a capital or "%"; else glued to the name."""
    j = len(parts) - 1
    while j >= 1 and len(parts[j]) <= _UNIT_WIDTH:
        line = parts[j]
        opens = line[:1] == "%" or (line[:1].isupper() and not _is_acronym(line))
        # "Thành phố," / "Tỉnh": a short line ending in a comma continues into the next line of the cell.
        continued = j - 1 >= 1 and len(parts[j - 1]) <= _UNIT_WIDTH and parts[j - 1].endswith(",")
        if opens and not continued:
            return parts[:j], _join(parts[j:])
        j -= 1
    if parts:
        tail, unit = _split_name_unit(parts[-1])
        if tail and unit:
            return parts[:-1] + [tail], unit
    return parts, ""


def _split_name_unit(text: str) -> tuple[str, str]:
    """'Quy mô kinh tế số % GDP' → ('Quy mô kinh tế số', '% GDP'); 'Tổ chức' → ('', 'Tổ chức')."""
    if "%" in text:
        i = text.index("%")
        return text[:i].strip(), text[i:].strip()
    words = text.split()
    for j in range(len(words) - 1, 0, -1):
        if words[j][:1].isupper() and not _is_acronym(words[j]) and words[j - 1][:1].islower():
            return " ".join(words[:j]), " ".join(words[j:])
    return "", text.strip()


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _join(parts: list[str]) -> str:
    return collapse_ws(" ".join(parts))
