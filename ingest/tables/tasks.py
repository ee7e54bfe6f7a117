"""The task table of a Government action programme (Phụ lục II "DANH MỤC CÁC NHIỆM VỤ"): one `Task` per row.

The table comes out of PDF extraction one cell line at a time: a row's cells follow each other
(TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành), each cell broken
over several lines, and when a row is taller than its neighbours' text the extraction makes a second
pass over the same row ("…title part 1, lead, coordinating, result, deadline, title part 2, coordinating
part 2…"). The reader below walks the lines with the column it is in, and decides each line with what
it knows about each column: titles are written across a wide column, agency cells are lists of names
the registry knows, a result cell is free text, and a deadline follows the deadline grammar.

Empty cells: cleaning keeps the extraction's empty-cell marks (a space per empty cell, before the next
cell's first line or on a line of its own; see `ingest.cleaning`). A marked line always starts a new cell,
and the number of marks says how many cells lie empty between the previous cell and this one. That is
how two agency blocks without a separator between them are told apart: lead, lead again, one mark, then a
result means the second block is a co-lead and the coordinating cell is empty, not that the second block
is the coordinating cell.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from ingest.agencies import AgencyRegistry
from ingest.deadlines import deadline_cell_fit, parse_deadline, split_trailing_deadline
from ingest.models import CleanDocument, Task
from ingest.text import collapse_ws, key

log = logging.getLogger(__name__)

Column = Literal["title", "lead", "coord", "result", "deadline"]
Target = Literal["title", "lead", "coord", "new_coord_group", "result", "deadline"]
# Cell order of a row as the extraction prints it; "end" stands for the end of the row.
_ORDER: dict[str, int] = {"title": 0, "lead": 1, "coord": 2, "result": 3, "deadline": 4, "end": 5}

# The title column is several times wider than the others: a line this long can only be title text.
# (Agency, result and deadline lines of the table are at most ~17 characters.)
_TITLE_WIDTH = 20
_HEADING = re.compile(r"^\s*PH[ỤU]\s*L[ỤU]C\s+([IVXLC]+)\b", re.IGNORECASE)
_TASK_TABLE_TITLE = "danh muc cac nhiem vu"
_ROW_NUMBER = re.compile(r"^(\d{1,3})\.(?:\s+(.*))?$")
_GROUP_NUMBER = re.compile(r"^([IVXLC]{1,6})\.(?:\s+(.*))?$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_URL = re.compile(r"^https?://\S+$")
_HEADER_START = "tt ten nhiem vu"
_HEADER_REST = "co quan chu tri co quan phoi hop ket qua thoi gian hoan thanh"
_TRAILING_DASH = re.compile(r"^(.*\S)\s+[-–]$")
_SEPARATOR_END = re.compile(r"(?:[,;]|\bvà)\s*$", re.IGNORECASE)
_CONNECTOR_START = re.compile(r"^\s*(?:[,;]|và\b)", re.IGNORECASE)
# What may follow a name inside an agency cell: "Các bộ, ngành là chủ quản CSDLQG", "… trực thuộc TW".
_QUALIFIER_START = re.compile(r"^(?:là|được|trực thuộc|thuộc|ở|tại|có liên quan|liên quan)\b", re.IGNORECASE)
# How result cells begin (read off the table): used to end an agency cell that has a free-text qualifier.
_RESULT_START = tuple(
    key(w)
    for w in (
        "Quyết định",
        "Nghị định",
        "Nghị quyết",
        "Luật",
        "Chương trình",
        "Đề án",
        "Báo cáo",
        "Kế hoạch",
        "Thông tư",
        "Chỉ thị",
        "Văn bản",
        "Hồ sơ",
        "Đề xuất",
        "Chính sách",
        "Quy định",
        "Quy chế",
        "Tiêu chuẩn",
        "Nền tảng",
        "Trung tâm",
        "Danh mục",
        "Hệ thống",
        "Cơ sở dữ liệu",
        "Giải pháp",
        "Mạng lưới",
        "Hoàn thành",
        "Dự thảo",
        "Các văn bản",
        "Các quy trình",
        "Các hệ thống",
        "Các ứng dụng",
        "Các hoạt động",
        "Các báo cáo",
    )
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


@dataclass(frozen=True)
class _Line:
    text: str  # stripped
    start: int
    end: int
    empty_before: int = 0  # empty cells the extraction marked just before this line


@dataclass
class _Row:
    """The cells of one row while it is being read. Agency cells are kept as groups of lines: a new
    group starts where a name begins without a separator after a complete name (a new cell)."""

    title: list[str] = field(default_factory=list)
    lead: list[list[str]] = field(default_factory=list)
    coord: list[list[str]] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    marked: set[str] = field(default_factory=set)  # cells whose first line came after an empty-cell mark

    def agency_text(self, column: Column) -> str:
        groups = self.lead if column == "lead" else self.coord
        return _join(groups[-1]) if groups else ""

    def has_cells(self) -> bool:
        return bool(self.lead or self.coord or self.result or self.deadline)


def _join(lines: list[str]) -> str:
    """Joins a cell's lines; a word broken at a hyphen ("57-" / "NQ/TW") is glued back."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"\w-$", out):
            out += line
        else:
            out += " " + line
    return collapse_ws(out)


def _lines(text: str, start: int, end: int) -> list[_Line]:
    """The non-blank lines, stripped; the spaces cleaning kept before a line or on a line of spaces only
    (the empty-cell marks) are counted into the next line's `empty_before`."""
    out: list[_Line] = []
    pos = start
    marks = 0
    for raw in text[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = pos + raw.index(stripped)
            marks += len(raw) - len(raw.lstrip(" "))
            out.append(_Line(stripped, offset, offset + len(stripped), marks))
            marks = 0
        else:
            marks += raw.count(" ")
        pos += len(raw) + 1
    return out


def _appendix_span(text: str) -> tuple[int, int] | None:
    """Start and end of the appendix whose title names the task list ("PHỤ LỤC II" / "DANH MỤC CÁC NHIỆM VỤ")."""
    lines = _lines(text, 0, len(text))
    for i, line in enumerate(lines):
        if not _HEADING.match(line.text):
            continue
        following = key(" ".join(ln.text for ln in lines[i + 1 : i + 4]))
        if not following.startswith(_TASK_TABLE_TITLE):
            continue
        end = len(text)
        for later in lines[i + 1 :]:
            if _HEADING.match(later.text) and key(later.text) != key(line.text):
                end = later.start
                break
        return line.start, end
    return None


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """Drops page numbers, footnote links and repeated header rows ("TT Tên nhiệm vụ Cơ quan chủ trì …")."""
    out: list[_Line] = []
    carried = 0  # empty-cell marks on dropped lines belong to the next cell line
    i = 0
    while i < len(lines):
        line = lines[i]
        k = key(line.text)
        if _PAGE_NUMBER.match(line.text) or _URL.match(line.text):
            carried += line.empty_before
            i += 1
            continue
        if k.startswith(_HEADER_START) or (
            k == "tt" and i + 1 < len(lines) and key(lines[i + 1].text) == "ten nhiem vu"
        ):
            consumed = k if k.startswith(_HEADER_START) else _HEADER_START
            carried += sum(ln.empty_before for ln in lines[i : i + (1 if k.startswith(_HEADER_START) else 2)])
            i += 1 if k.startswith(_HEADER_START) else 2
            rest = consumed[len(_HEADER_START) :].strip()
            while i < len(lines):
                candidate = (rest + " " + key(lines[i].text)).strip()
                if not _HEADER_REST.startswith(candidate):
                    break
                rest = candidate
                carried += lines[i].empty_before
                i += 1
            continue
        if carried:
            line = _Line(line.text, line.start, line.end, line.empty_before + carried)
            carried = 0
        out.append(line)
        i += 1
    return out


@dataclass(frozen=True)
class _Item:
    kind: Literal["group", "row"]
    label: str  # "I" or "37"
    lines: tuple[_Line, ...]  # the numbering line first
    trailing_empty: int = 0  # empty cells marked after the item's last line (before the next number)


def _items(lines: list[_Line]) -> list[_Item]:
    """Splits the table into group headings and rows by their numbering, which must run in order."""
    items: list[_Item] = []
    current: list[_Line] = []
    kind: Literal["group", "row"] | None = None
    label = ""
    next_row, next_group = 1, 0
    for line in lines:
        row = _ROW_NUMBER.match(line.text)
        group = _GROUP_NUMBER.match(line.text)
        if row and int(row.group(1)) == next_row:
            new: tuple[Literal["group", "row"], str] | None = ("row", row.group(1))
            next_row += 1
        elif group and next_group < len(_ROMAN) and group.group(1) == _ROMAN[next_group]:
            new = ("group", group.group(1))
            next_group += 1
        else:
            new = None
        if new is None:
            if kind is not None:
                current.append(line)
            continue
        if kind is not None:
            # Marks before a numbering line end the item before it: the TT cell is never empty.
            items.append(_Item(kind, label, tuple(current), line.empty_before))
        kind, label = new
        current = [line]
    if kind is not None:
        items.append(_Item(kind, label, tuple(current)))
    return items


class _RowReader:
    """Assigns the lines of one row to its columns."""

    def __init__(self, registry: AgencyRegistry) -> None:
        self.registry = registry
        self.row = _Row()
        self.column: Column = "title"
        self.after_wide_title = False  # the previous line was a full-width title line

    # ---- what a line looks like -------------------------------------------------------------------

    def _starts_name_group(self, lines: list[str]) -> bool:
        """Whether lines[0] begins an agency cell: a known name that is complete where its line ends or is
        followed by a separator or a qualifier ("Bộ Tư pháp tổng hợp, báo cáo" is a result, not a name)."""
        joined = ""
        bounds: list[int] = []
        for text in lines[:6]:
            joined = (joined + " " + text) if joined else text
            bounds.append(len(joined))
        mention = self.registry.leading_mention(joined)
        if mention is None:
            return False
        line_end = next((b for b in bounds if b >= mention.end), len(joined))
        rest = joined[mention.end : line_end].strip()
        if not rest or rest[0] in ",;-–":
            return True
        return bool(
            _CONNECTOR_START.match(rest)
            or _QUALIFIER_START.match(rest)
            or self.registry.leading_mention(rest)
        )

    def _continues_agency(self, column: Column, line: str) -> bool:
        text = self.row.agency_text(column)
        if not text:
            return False
        if text == "-":
            return False
        if _SEPARATOR_END.search(text) or _CONNECTOR_START.match(line):
            return True
        return self.registry.continues_name(text, line)

    def _in_qualifier(self, column: Column) -> bool:
        """The agency cell ends in words after its last name ("… trực thuộc Trung ương và một"): the
        clause may go on over the next lines."""
        text = self.row.agency_text(column)
        mentions = self.registry.find_mentions(text)
        if not mentions:
            return False
        trailing = text[mentions[-1].end :].strip(" ,;")
        # "…, Văn" is a name cut by a page break, not a qualifier: it is finished in a later pass.
        return bool(trailing) and not self.registry.ends_inside_name(text)

    @staticmethod
    def _looks_like_result(line: str) -> bool:
        k = key(line)
        return any(k == w or k.startswith(w + " ") for w in _RESULT_START)

    def _deadline_takes(self, line: str, ahead: list[str]) -> bool:
        """Whether `line` belongs to the deadline cell: it starts an empty deadline cell that the next lines
        complete ("Thường" / "xuyên"), or it goes on with one left unfinished ("2025 và những" / "năm tiếp")."""
        if self.row.deadline:
            if deadline_cell_fit(_join(self.row.deadline)) != "partial":
                return False
            return deadline_cell_fit(_join([*self.row.deadline, line])) is not None
        lines = [line]
        fit = deadline_cell_fit(line)
        i = 0
        while fit == "partial" and i < len(ahead) and len(ahead[i]) < _TITLE_WIDTH:
            lines.append(ahead[i])
            fit = deadline_cell_fit(_join(lines))
            i += 1
        if fit == "complete":
            return True
        # Still unfinished where the row's lines end or the next pass (a title line) cuts in: the rest of
        # the deadline comes in that later pass ("2025 và" / "những" … "năm tiếp" / "theo").
        return fit == "partial" and (i == len(ahead) or len(ahead[i]) >= _TITLE_WIDTH)

    def _is_cell_line(self, line: str, ahead: list[str]) -> bool:
        """Whether a short line after a title line belongs to a cell rather than ending the title."""
        if self._starts_name_group([line, *ahead]):
            return True
        if not self.row.has_cells():
            return False
        if line in ("-", "–"):
            return True
        if self._continues_agency("lead", line) or self._continues_agency("coord", line):
            return True
        return bool(self.row.deadline) and self._deadline_takes(line, ahead)

    # ---- placing a line ---------------------------------------------------------------------------

    def feed(self, line: str, ahead: list[str], empty_before: int = 0) -> None:
        """Places one line. `ahead` holds the next lines up to the next empty-cell mark; `empty_before`
        is the number of empty cells marked just before this line."""
        if len(line) >= _TITLE_WIDTH:
            self._put("title", line)
            self.after_wide_title = True
            return
        ends_title = self.column == "title" and (not self.row.title or self.after_wide_title)
        # A marked line never belongs to the title: a mark stands for an empty cell, and the title cell
        # comes first and is never empty.
        if ends_title and not empty_before and (not self.row.title or not self._is_cell_line(line, ahead)):
            self._put("title", line)  # the first line, or the short last line of a title paragraph
            self.after_wide_title = False
            return
        self.after_wide_title = False
        for n, piece in enumerate(self._pieces(line)):
            self._place(piece, ahead, empty_before if n == 0 else 0)

    def finish(self, trailing_empty: int) -> None:
        """The row ends after `trailing_empty` marked empty cells: the last cell read must be that many
        cells before the end of the row."""
        if trailing_empty and self.column != "title":
            self._reconcile("end", trailing_empty)

    @staticmethod
    def _pieces(line: str) -> list[str]:
        """A result and its deadline, or a lead and an empty "-" cell, can share one extracted line."""
        dash = _TRAILING_DASH.match(line)
        if dash and deadline_cell_fit(line) is None:  # "2025 -" is the start of "2025 - 2026"
            return [dash.group(1), "-"]
        split = split_trailing_deadline(line)
        return list(split) if split else [line]

    def _place(self, line: str, ahead: list[str], empty_before: int = 0) -> None:
        if empty_before and self.column in ("lead", "coord", "result"):
            column = self._after_mark(line, ahead)
            self._reconcile(column, empty_before)
            self.row.marked.add("coord" if column == "new_coord_group" else column)
        elif empty_before and self.column == "title" and not self.row.has_cells():
            column = self._first_after_mark(line, ahead, empty_before)
        else:
            column = self._choose(line, ahead)
        self._put(column, line)

    def _after_mark(self, line: str, ahead: list[str]) -> Target:
        """The column of a line that follows an empty-cell mark: it starts a new cell, so it does not
        continue the current one; what it looks like says which cell it starts."""
        col = self.column
        if col in ("lead", "coord") and line not in ("-", "–") and self._starts_name_group([line, *ahead]):
            return "coord" if col == "lead" else "new_coord_group"
        if self._deadline_takes(line, ahead):
            return "deadline"
        return "result"

    def _first_after_mark(self, line: str, ahead: list[str], empty: int) -> Target:
        """The first cell line of a row, after `empty` marks: the cells before it are empty ("·" then a
        coordinating cell), provided the line looks like what that column holds."""
        column = _column_at(_ORDER["title"] + 1 + empty)
        names = self._starts_name_group([line, *ahead])
        fits = {
            "coord": names,
            "result": not names,
            "deadline": self._deadline_takes(line, ahead),
        }
        if column is None or not fits.get(column, False):
            self.row.uncertain.append(f"{empty} ô trống đánh dấu trước ô đầu tiên không khớp: {line!r}")
            return self._choose(line, ahead)
        self.row.marked.add(column)
        return column

    def _reconcile(self, target: Target | Literal["end"], empty: int) -> None:
        """Checks the cells read so far against `empty` marked cells before `target`: the cell just before
        the marks must sit `empty` + 1 places before it. An agency block read as the coordinating cell
        without a separator or a mark before it is the only reading cheap to undo: when the marks say the
        previous cell was the lead cell, that block holds co-lead agencies."""
        current = _ORDER[self.column]
        order = _ORDER["coord"] if target == "new_coord_group" else _ORDER[target]
        expected = order - 1 - empty
        if expected == current:
            return
        row = self.row
        coord_text = _join([ln for g in row.coord for ln in g])
        if (
            self.column == "coord"
            and expected == _ORDER["lead"]
            and "coord" not in row.marked
            and coord_text not in ("-", "–")
        ):
            row.lead.extend(row.coord)
            row.coord = []
            self.column = "lead"
            row.uncertain.append("ô trống đánh dấu sau nhóm cơ quan thứ hai: coi là đồng chủ trì")
            return
        row.uncertain.append(f"số ô trống đánh dấu ({empty}) không khớp cột {self.column} → {target}")

    def _choose(self, line: str, ahead: list[str]) -> Target:
        col = self.column
        if col == "title":
            return "lead" if not self.row.has_cells() else self._resume(line, ahead)
        if col in ("lead", "coord"):
            return self._after_agency(col, line, ahead)
        if col == "result":
            return "deadline" if self._deadline_takes(line, ahead) else "result"
        # col == "deadline": a complete deadline may still grow ("2025" → "2025 và những năm tiếp theo")
        if deadline_cell_fit(_join([*self.row.deadline, line])) is not None:
            return "deadline"
        return self._resume(line, ahead)

    def _after_agency(self, col: Column, line: str, ahead: list[str]) -> Target:
        if line in ("-", "–"):
            return "coord"
        if self._continues_agency(col, line):
            return col
        if self._starts_name_group([line, *ahead]):
            return "coord" if col == "lead" else "new_coord_group"
        if self._deadline_takes(line, ahead):
            return "deadline"
        if self._looks_like_result(line):
            return "result"
        if _QUALIFIER_START.match(line) or self._in_qualifier(col):
            return col
        return "result"

    def _resume(self, line: str, ahead: list[str]) -> Target:
        """The first cell line of a later pass over the row: continue whichever cell was left open."""
        agency_columns: tuple[Column, ...] = ("lead", "coord")
        for col in agency_columns:
            if self._continues_agency(col, line):
                return col
        if self._deadline_takes(line, ahead):
            return "deadline"
        if not self.row.lead:
            return "lead"
        if not self.row.coord and not self.row.result and self._starts_name_group([line, *ahead]):
            return "coord"
        return "result"

    def _put(self, target: Target, line: str) -> None:
        row = self.row
        if target == "title":
            row.title.append(line)
        elif target == "lead":
            if not row.lead:
                row.lead.append([])
            row.lead[-1].append(line)
        elif target == "coord":
            if not row.coord:
                row.coord.append([])
            row.coord[-1].append(line)
        elif target == "new_coord_group":
            # A third agency cell where only two exist: the extraction put co-lead agencies on lines of
            # their own. The groups before the last are the leads; the last group is the coordinating cell.
            row.lead.extend(g for g in row.coord if _join(g) not in ("-", "–"))
            row.coord = [[line]]
            row.uncertain.append("ba nhóm cơ quan liền nhau: coi các nhóm trước là đồng chủ trì")
            target = "coord"
        elif target == "result":
            row.result.append(line)
        else:
            row.deadline.append(line)
        self.column = target  # type: ignore[assignment]


def _column_at(order: int) -> Column | None:
    """The cell column at a position of the row order; None for the title and past the last cell."""
    columns: tuple[Column, ...] = ("lead", "coord", "result", "deadline")
    return next((c for c in columns if _ORDER[c] == order), None)


def _ahead(body: list[_Line], i: int, limit: int = 5) -> list[str]:
    """The texts of the lines after body[i], stopping before the next line that follows an empty-cell
    mark: a mark starts a new cell, so the lines after it cannot complete this one."""
    out: list[str] = []
    for line in body[i + 1 : i + 1 + limit]:
        if line.empty_before:
            break
        out.append(line.text)
    return out


def _split_agencies(text: str, registry: AgencyRegistry) -> tuple[str, ...]:
    """One agency cell → the agency names as written. Separators (",", ";", "và") split only between
    names the registry knows, so "Các bộ, ngành, địa phương" stays one name and "VTV, VOV, TTXVN, các địa
    phương" becomes four; words after a name stay with it ("Các bộ, ngành là chủ quản CSDLQG, …")."""
    text = collapse_ws(text).strip(" ,;.")
    if not text or text in ("-", "–"):
        return ()
    mentions = registry.find_mentions(text)
    if not mentions:
        return tuple(p for p in (collapse_ws(s).strip(" ,;.") for s in text.split(";")) if p)
    cuts: list[tuple[int, int]] = []  # (end of one name, start of the next)
    introducers: set[int] = set()  # names that only introduce the next ones
    for prev, following in itertools.pairwise(mentions):
        gap = text[prev.end : following.start]
        last_sep = max(gap.rfind(","), gap.rfind(";"))
        connector = re.search(r"\bvà\s*$", gap)
        if not gap.strip():
            # "các địa phương Bắc Ninh, Bình Dương": a collective directly followed by named provinces.
            if (
                prev.agency.kind == following.agency.kind == "dia_phuong"
                and prev.agency.id != following.agency.id
            ):
                introducers.add(len(cuts))
            cuts.append((prev.end, following.start))
        elif not gap.strip(" ,;") or re.fullmatch(r"[\s,;]*và[\s,;]*", gap):
            cuts.append((prev.end, following.start))
        elif connector:
            cuts.append((prev.end + connector.start(), following.start))
        elif last_sep >= 0 and not gap[last_sep + 1 :].strip():
            cuts.append((prev.end + last_sep, following.start))
    names: list[str] = []
    begin = 0
    for end, next_start in cuts:
        names.append(text[begin:end])
        begin = next_start
    names.append(text[begin:])
    cleaned = (collapse_ws(n).strip(" ,;.") for i, n in enumerate(names) if i not in introducers)
    return tuple(n for n in cleaned if n)


def _agency_names(groups: list[list[str]], registry: AgencyRegistry) -> tuple[str, ...]:
    names: list[str] = []
    for group in groups:
        for name in _split_agencies(_join(group), registry):
            if name not in names:
                names.append(name)
    return tuple(names)


def parse_tasks(doc: CleanDocument, registry: AgencyRegistry) -> list[Task]:
    """Every row of the document's task appendix ("PHỤ LỤC …" titled "DANH MỤC CÁC NHIỆM VỤ …"), in order;
    [] when the document has no such appendix. Agency names are kept as written (spacing normalised);
    the registry links them to today's agencies."""
    span = _appendix_span(doc.text)
    if span is None:
        return []
    lines = _without_furniture(_lines(doc.text, *span))
    tasks: list[Task] = []
    group, group_title = "", ""
    for item in _items(lines):
        first = item.lines[0]
        inline = _ROW_NUMBER.match(first.text) if item.kind == "row" else _GROUP_NUMBER.match(first.text)
        body = list(item.lines[1:])
        if inline and inline.group(2):
            body.insert(0, _Line(inline.group(2).strip(), first.start + inline.start(2), first.end))
        if item.kind == "group":
            group, group_title = item.label, _join([ln.text for ln in body])
            continue
        reader = _RowReader(registry)
        for i, line in enumerate(body):
            reader.feed(line.text, _ahead(body, i), line.empty_before)
        reader.finish(item.trailing_empty)
        row = reader.row
        if row.uncertain:
            log.debug("task_row_uncertain number=%s reasons=%s", item.label, row.uncertain)
        result = _join(row.result)
        tasks.append(
            Task(
                number=int(item.label),
                group=group,
                group_title=group_title,
                title=_join(row.title),
                lead_agencies=_agency_names(row.lead, registry),
                coordinating_agencies=_agency_names(row.coord, registry),
                deliverable="" if result in ("-", "–") else result,
                deadline=parse_deadline(_join(row.deadline)),
                doc_id=doc.meta.id,
                start=first.start,
                end=item.lines[-1].end,
            )
        )
    log.info("tasks_parsed doc_id=%s count=%d", doc.meta.id, len(tasks))
    return tasks
