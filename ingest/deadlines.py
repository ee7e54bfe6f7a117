"""The deadline grammar of task tables: "6/2025", "Quý II/2025", "2025-2026", "Thường xuyên" → `Deadline`."""

from __future__ import annotations

import calendar
import re
from typing import Literal

from ingest.models import Deadline, DeadlineKind
from ingest.text import collapse_ws, fold, nfc

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Patterns run on the folded text (no diacritics, lower case). Order matters: the most specific first.
_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(rf"(?:nam\s+|giai\s+doan\s+)?({_YEAR})\s*[-–]\s*({_YEAR})")
_YEAR_ONWARD = re.compile(rf"({_YEAR})\s+va\s+(?:nhung|cac)\s+nam\s+tiep\s+theo")
_DAY = re.compile(rf"(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*({_YEAR})")
_DAY_WORDS = re.compile(rf"ngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s+nam\s+({_YEAR})")
_QUARTER = re.compile(rf"quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*({_YEAR})")
_HALF = re.compile(rf"6\s+thang\s+(dau|cuoi)\s+nam\s+({_YEAR})")
_MONTH = re.compile(rf"(?<![\d/])(\d{{1,2}})\s*[/-]\s*({_YEAR})")
_MONTH_WORDS = re.compile(rf"thang\s+(\d{{1,2}})\s+nam\s+({_YEAR})")
_YEAR_ONLY = re.compile(rf"(?<![\d/])({_YEAR})(?![\d/])")
_RECURRING = re.compile(r"thuong\s+xuyen|hang\s+nam|hang\s+quy|hang\s+thang|dinh\s+ky|lien\s+tuc")


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _valid_month(month: int) -> bool:
    return 1 <= month <= 12


def parse_deadline(raw: str) -> Deadline:
    """Reads a deadline cell. `due_date` is the last day of the period (month, quarter, year), the day
    itself for "Trước 30/6/2025", and None for recurring or unreadable deadlines. A range ("2025-2026")
    counts by its end; "2025 và những năm tiếp theo" is open-ended, hence recurring."""
    text = collapse_ws(nfc(raw or ""))
    folded = fold(text)
    kind: DeadlineKind = "none"
    due: str | None = None
    if not folded:
        return Deadline(raw=text, kind=kind, due_date=due)
    if m := _YEAR_ONWARD.search(folded):
        return Deadline(raw=text, kind="recurring", due_date=None)
    if (m := _DAY.search(folded)) or (m := _DAY_WORDS.search(folded)):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid_month(month) and 1 <= day <= calendar.monthrange(year, month)[1]:
            # The model has no "day" kind; a dated deadline is closest to a month deadline with an exact day.
            return Deadline(raw=text, kind="month", due_date=f"{year:04d}-{month:02d}-{day:02d}")
    if m := _QUARTER.search(folded):
        quarter, year = _ROMAN_QUARTERS[m.group(1)], int(m.group(2))
        return Deadline(raw=text, kind="quarter", due_date=_last_day(year, quarter * 3))
    if m := _HALF.search(folded):
        year = int(m.group(2))
        return Deadline(raw=text, kind="month", due_date=_last_day(year, 6 if m.group(1) == "dau" else 12))
    if m := _RANGE.search(folded):
        return Deadline(raw=text, kind="year", due_date=f"{int(m.group(2)):04d}-12-31")
    if (m := _MONTH_WORDS.search(folded)) or (m := _MONTH.search(folded)):
        month, year = int(m.group(1)), int(m.group(2))
        if _valid_month(month):
            return Deadline(raw=text, kind="month", due_date=_last_day(year, month))
    if m := _YEAR_ONLY.search(folded):
        return Deadline(raw=text, kind="year", due_date=f"{int(m.group(1)):04d}-12-31")
    if _RECURRING.search(folded):
        return Deadline(raw=text, kind="recurring", due_date=None)
    return Deadline(raw=text, kind=kind, due_date=due)


# ---- the cell grammar, token by token ---------------------------------------------------------------
# A table parser reads a deadline cell one extracted line at a time ("2025 và" / "những" / "năm tiếp" /
# "theo"), so it needs to know whether the text so far is a whole deadline, the beginning of one, or
# not a deadline at all. The templates below are the cell forms; each element is a regex for one token.

_T_MONTH_YEAR = r"\d{1,2}/(?:19|20)\d{2}"
_T_YEAR = r"(?:19|20)\d{2}"
_T_DAY = r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
_T_QUARTER_YEAR = r"(?:i|ii|iii|iv|[1-4])/(?:19|20)\d{2}"
_T_QUARTER = r"(?:i|ii|iii|iv|[1-4])"
_T_MONTH = r"\d{1,2}"

# Words are matched with their diacritics ("thương" in a result cell is not "thường"), or fully unaccented.
_W = {
    "tháng": "(?:tháng|thang)",
    "năm": "(?:năm|nam)",
    "quý": "(?:quý|quy)",
    "và": "(?:và|va)",
    "những": "(?:những|nhung)",
    "tiếp": "(?:tiếp|tiep)",
    "theo": "theo",
    "thường": "(?:thường|thuong)",
    "xuyên": "(?:xuyên|xuyen)",
    "nhiệm": "(?:nhiệm|nhiem)",
    "vụ": "(?:vụ|vu)",
    "hằng": "(?:hằng|hàng|hang)",
    "trước": "(?:trước|truoc)",
    "ngày": "(?:ngày|ngay)",
}
_TEMPLATES: tuple[tuple[str, ...], ...] = (
    (_T_MONTH_YEAR,),
    (_W["tháng"], _T_MONTH_YEAR),
    (_W["tháng"], _T_MONTH, _W["năm"], _T_YEAR),
    (_W["quý"], _T_QUARTER_YEAR),
    (_W["quý"], _T_QUARTER, _W["năm"], _T_YEAR),
    (_T_YEAR,),
    (_W["năm"], _T_YEAR),
    (_T_YEAR, "-", _T_YEAR),
    (_W["năm"], _T_YEAR, "-", _T_YEAR),
    (_T_YEAR, _W["và"], _W["những"], _W["năm"], _W["tiếp"], _W["theo"]),
    (_W["thường"], _W["xuyên"]),
    (_W["nhiệm"], _W["vụ"], _W["thường"], _W["xuyên"]),
    (_W["hằng"], _W["năm"]),
    (_W["trước"], _T_DAY),
    (_W["trước"], _W["ngày"], _T_DAY),
    (_W["trước"], _T_MONTH_YEAR),
    (_W["trước"], _W["tháng"], _T_MONTH_YEAR),
)
_COMPILED = tuple(tuple(re.compile(rf"^{t}$") for t in template) for template in _TEMPLATES)
_CELL_TOKEN = re.compile(r"[-–]|[^\s\-–]+")

CellFit = Literal["complete", "partial"]


def _cell_tokens(text: str) -> list[str]:
    return [("-" if t == "–" else t) for t in _CELL_TOKEN.findall(nfc(text).lower().strip(" .;,"))]


def deadline_cell_fit(text: str) -> CellFit | None:
    """'complete' when `text` is a whole deadline cell ("Quý II/2025"), 'partial' when it is the start of
    one ("Quý", "2025 và những", "Nhiệm vụ"), None when it cannot be a deadline cell."""
    tokens = _cell_tokens(text)
    if not tokens:
        return None
    partial = False
    for template in _COMPILED:
        if len(tokens) > len(template):
            continue
        if all(template[i].match(tok) for i, tok in enumerate(tokens)):
            if len(tokens) == len(template):
                return "complete"
            partial = True
    return "partial" if partial else None


def split_trailing_deadline(line: str) -> tuple[str, str] | None:
    """Splits a line that ends in a whole deadline after other words ("Đề án 6/2025" → ("Đề án", "6/2025")),
    as happens when a short result cell and its deadline share one extracted line. None otherwise."""
    words = collapse_ws(line).split(" ")
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if deadline_cell_fit(tail) == "complete" and deadline_cell_fit(head) is None:
            return head, tail
    return None
