"""Question understanding: turns a user's question (and the conversation so far) into a structured Query.

Everything here is rules over folded text (no diacritics, lower case), so a question typed without
diacritics ("con bo tai chinh thi sao") is read the same way as one with them. Deterministic, no model.

Role choice (documented because it decides which tasks are listed): "chủ trì", "phụ trách", "được giao",
"đảm nhiệm", "lead", "in charge" → lead (in Phụ lục II an agency is "giao" a task when it leads it, and
the reports count tasks per lead agency); "phối hợp", "coordinate", "support" → coordinating; both, or
neither ("nhiệm vụ của X", "liên quan đến X") → any.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal, Protocol

from app.lexicon import (
    CHITCHAT_PATTERNS,
    DELIVERABLES,
    DOMAIN_TERMS_FOLDED,
    EN_STOP,
    EN_WORDS,
    OFF_TOPIC_PATTERNS,
    VI_STOP,
    VI_SYLLABLES,
    expand_abbreviations,
    glossary_matches,
)
from ingest.models import Agency, AgencyRole
from ingest.text import collapse_ws, fold, has_diacritics, nfc

log = logging.getLogger(__name__)

Intent = Literal[
    "task_lookup", "task_list", "count", "figure", "indicator", "explain", "compare", "chitchat", "out_of_scope"
]
Language = Literal["vi", "en"]
Status = Literal["overdue", "completed", "in_progress"]
Sort = Literal["due_asc", "due_desc"]
Ask = Literal["deadline", "lead", "coordinating", "deliverable", "status"]
RecordKind = Literal["task", "indicator"]

TASK_INTENTS: frozenset[str] = frozenset({"task_lookup", "task_list"})


# --------------------------------------------------------------------------------------------------------
# Data objects
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFilters:
    """Filters the user chose in the interface (not read from the text)."""

    doc_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    text: str
    history: tuple[tuple[str, str], ...] = ()  # (role, content), role "user" | "assistant", oldest first
    filters: QuestionFilters = field(default_factory=QuestionFilters)


@dataclass(frozen=True)
class Query:
    """What a question asks, in fields retrieval and answering can act on."""

    original: str
    normalized: str  # NFC, single spaces, abbreviations expanded
    folded: str  # fold(normalized)
    language: Language
    intent: Intent
    agencies: tuple[Agency, ...] = ()
    role: AgencyRole = "any"
    task_numbers: tuple[int, ...] = ()
    indicator_numbers: tuple[str, ...] = ()
    due_from: str | None = None  # ISO; deadline window, set only when the question is about deadlines/tasks
    due_to: str | None = None
    deadline_kind: Literal["recurring"] | None = None
    deliverable: str | None = None  # canonical deliverable term, e.g. "Luật", "Quyết định của Thủ tướng Chính phủ"
    status: Status | None = None
    as_of: str | None = None  # ISO; "tính đến ngày 23/9/2025"
    period_from: str | None = None  # ISO; any time window mentioned, whatever the context
    period_to: str | None = None
    horizon: int | None = None  # target year of an indicator question ("đến năm 2030")
    metric: tuple[str, ...] = ()  # hints: count, total, ratio, funding, ... and figure subjects
    record_kind: RecordKind | None = None  # which structured records the question is about
    asks: tuple[Ask, ...] = ()  # the attribute(s) asked about ("Hạn ... là khi nào?" → deadline)
    sort: Sort | None = None
    restrict_to: tuple[int, ...] = ()  # task numbers the answer must come from (follow-up "trong số đó")
    keywords: tuple[str, ...] = ()  # content words for lexical search (Vietnamese)
    terms: tuple[str, ...] = ()  # domain phrases found, Vietnamese ("chuyển đổi số", "kinh tế số")
    standalone: str = ""  # self-contained question text for retrieval
    is_follow_up: bool = False
    inherited: tuple[str, ...] = ()  # names of fields taken from the previous turn
    filters: QuestionFilters = field(default_factory=QuestionFilters)
    agency_surfaces: tuple[str, ...] = ()  # agency names as written in `standalone` (for rewriting)
    date_surfaces: tuple[str, ...] = ()  # date expressions as written in `standalone` (for rewriting)

    @property
    def agency_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.agencies)

    @property
    def search_text(self) -> str:
        """Text for lexical search: the standalone question plus Vietnamese terms (helps English questions)."""
        extra = [t for t in self.terms if fold(t) not in fold(self.standalone)]
        return collapse_ws(" ".join([self.standalone, *extra]))


@dataclass(frozen=True)
class ConversationState:
    """What the next turn may refer back to: the last query and the records shown for it."""

    last_query: Query | None = None
    last_record_refs: tuple[str, ...] = ()  # e.g. ("task:37", "task:41", "indicator:11.2")
    turn_count: int = 0

    @property
    def last_task_numbers(self) -> tuple[int, ...]:
        out: list[int] = []
        for ref in self.last_record_refs:
            kind, _, value = ref.partition(":")
            if kind == "task" and value.isdigit():
                out.append(int(value))
        return tuple(out)

    @property
    def last_indicator_numbers(self) -> tuple[str, ...]:
        return tuple(
            ref.partition(":")[2] for ref in self.last_record_refs if ref.partition(":")[0] == "indicator"
        )

    def advance(self, query: Query, record_refs: Iterable[str] = ()) -> ConversationState:
        """The state after answering `query` with the given records shown."""
        return ConversationState(last_query=query, last_record_refs=tuple(record_refs), turn_count=self.turn_count + 1)


class AgencyMentionLike(Protocol):
    agency: Agency
    start: int
    end: int
    surface: str


class AgencyLookup(Protocol):
    """The part of `ingest.agencies.AgencyRegistry` the parser uses."""

    def find_mentions(self, text: str) -> Sequence[AgencyMentionLike]: ...

    def lineage(self, agency_id: str) -> Sequence[Agency]: ...


# --------------------------------------------------------------------------------------------------------
# Patterns (all over folded text)
# --------------------------------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_TASK_NOUN = _rx(r"\b(?:nhiem vu|tasks?|assignments?)\b")
_INDICATOR_NOUN = _rx(r"\b(?:chi tieu|indicators?|targets?)\b")
_GOAL_NOUN = _rx(r"\bmuc tieu\b")

_QUANT = _rx(
    r"\b(?:bao nhieu|so luong|tong so|tong cong|how many|how much|number of|what percentage|co may)\b"
)
_QUANT_HEAD = _rx(r"\b(?:bao nhieu|so luong|tong so|how many|number of|co may)\s+(\w+(?:\s+\w+)?)")
_FIGURE_NOUN = _rx(
    r"\b(?:kinh phi|ngan sach|von|ty dong|nghin ty|trieu|usd|doanh thu|kim ngach|xuat khau|ty le|ti le|"
    r"phan tram|toc do|so tien|ho so|doanh nghiep|thi sinh|chung thu|chu ky so|nen tang|de xuat|chuyen gia|"
    r"sang kien|tieu chi|xa|dia phuong|tinh|funding|budget|revenue|exports?|rate|percentage|percent|speed|"
    r"enterprises?|businesses|companies|platforms?|experts?|proposals?|students?|applications?|dossiers?|"
    r"criteria|communes?|provinces?|money|spending|investment|dau tu)\b|%"
)
_RANK = _rx(r"\b(?:nhieu nhat|it nhat|cao nhat|thap nhat|dung dau|xep hang|the most|the fewest|most|fewest)\b")
_EXPLAIN = _rx(
    r"\b(?:la gi|nhu the nao|the nao|ra sao|tai sao|vi sao|de lam gi|trinh bay|giai thich|neu|quan diem|"
    r"muc tieu|y nghia|vai tro|noi dung|giai phap|dinh huong|tom tat|gom nhung gi|bao gom|what is|what are|"
    r"what does|why|how does|how do|how is|how will|explain|describe|summari[sz]e|overview|role of|"
    r"purpose|main points)\b"
)
_COMPARE = _rx(
    r"\b(?:so sanh|khac nhau|khac gi|khac biet|giong nhau|compare|comparison|difference|differ|versus|vs)\b"
)
_COMPARATIVE = _rx(r"\b(?:hon|more|fewer|less|higher|lower)\b")
_ALTERNATIVE = _rx(r"\b(?:hay|hoac|or)\b")
_TARGET_YEAR = _rx(r"\b(?:den|toi|vao|dat|by|in)\s+(?:nam\s+)?(?:2030|2035|2045|2050)\b")
_LIST_WORDS = _rx(
    r"\b(?:nhiem vu nao|nhung nhiem vu|cac nhiem vu|liet ke|danh sach|ke ten|which tasks?|what tasks?|"
    r"list|gom nhung|nhung gi|nhung viec|viec gi|nao)\b"
)
_STRONG_LIST = _rx(
    r"\b(?:nhiem vu nao|nhung nhiem vu|liet ke|danh sach|ke ten|which tasks?|what tasks?|list)\b"
)

_ROLE_LEAD = _rx(
    r"\b(?:chu tri|phu trach|duoc giao|giao cho|dam nhiem|dam nhan|chiu trach nhiem|leads?|led|leading|"
    r"in charge|responsible|assigned)\b"
)
_ROLE_COORD = _rx(r"\b(?:phoi hop|tham gia|coordinat\w*|support(?:s|ing)?|assist\w*)\b")

_DEADLINE_PHRASE = _rx(
    r"\b(?:(?:thoi )?han hoan thanh|thoi gian hoan thanh|phai hoan thanh|hoan thanh (?:truoc|trong|vao|khi|luc|"
    r"den|cham nhat|nam|thang|quy)|cham nhat|muon nhat|tre nhat)\b"
)
_DEADLINE_WORD = _rx(
    r"\b(?:han|thoi han|han chot|deadline|deadlines|due|hoan thanh|khi nao|bao gio|when)\b"
)
_STATUS_OVERDUE = _rx(
    r"\b(?:qua han|cham muon|cham tre|cham tien do|cham|tre han|chua hoan thanh|khong hoan thanh|overdue|late|"
    r"delayed|behind schedule|not (?:yet )?(?:been )?completed|unfinished|incomplete)\b"
)
_STATUS_PROGRESS = _rx(r"\b(?:dang (?:thuc hien|trien khai|lam)|in progress|ongoing|underway|under way)\b")
_STATUS_DONE = _rx(r"\b(?:da hoan thanh|hoan thanh|completed|finished|done|accomplished)\b")
_RECURRING = _rx(
    r"\b(?:thuong xuyen|hang nam|dinh ky|lien tuc|recurring|annual|annually|every year|continuous|"
    r"on an ongoing basis|regular)\b"
)
_SORT_ASC = _rx(
    r"\b(?:som hon|som nhat|gan nhat|sap den han|earliest|earlier|soonest|sooner|due first|"
    r"sap xep theo (?:thoi )?han)\b"
)
_SORT_DESC = _rx(r"\b(?:muon hon|muon nhat|xa nhat|latest|later|due last)\b")

_ASK_DEADLINE = _rx(
    r"\b(?:khi nao|bao gio|luc nao|thoi diem nao|ngay nao|when|han (?:chot |cuoi )?(?:la )?(?:gi|khi nao|bao gio)|"
    r"thoi han|han hoan thanh|thoi gian hoan thanh|deadlines?|due date|due)\b"
)
_ASK_WHO = _rx(
    r"\b(?:ai|co quan nao|don vi nao|bo nao|nganh nao|nhung co quan nao|cac co quan nao|who|which agenc\w*|"
    r"which ministr\w*|what agenc\w*|which bod\w*|co quan chu tri|co quan phoi hop|lead agenc\w*)\b"
)
_ASK_DELIVERABLE = _rx(r"\b(?:san pham|ket qua|dau ra|deliverables?|outputs?|products?)\b")
_ASK_STATUS = _rx(
    r"\b(?:tien do|tinh trang|tinh hinh|da hoan thanh chua|xong chua|hoan thanh chua|status|progress)\b"
)
_DELIVERABLE_TRIGGER = _rx(
    r"\b(?:san pham|ket qua|dau ra|hinh thuc|deliverables?|outputs?|products?|results?|produces?|"
    r"result in|results in)\b"
)

_TASK_NUMBER = _rx(
    r"\b(?:nhiem vu|tasks?|task no\.?|item)\s*(?:so|thu|number|no\.?|#)?\s*"
    r"(\d{1,3}(?:\s*(?:,|va|and|&|-|–|den|to)\s*\d{1,3}(?!\d))*)(?![\d/.])"
)
_INDICATOR_NUMBER = _rx(
    r"\b(?:chi tieu|indicators?|targets?)\s*(?:so|thu|number|no\.?|#)?\s*"
    r"(\d{1,2}(?:\.\d{1,2})?(?:\s*(?:,|va|and|&)\s*\d{1,2}(?:\.\d{1,2})?)*)(?![\d/.])"
)

_CONTINUATION = _rx(
    r"^(?:(?:the |vay |va )?con\b(?! so\b| lai\b)|con ve\b|va\b|the con\b|vay con\b|and\b|what about\b|how about\b|"
    r"and what about\b|what of\b)|\b(?:thi sao|thi the nao|the thi sao|thi nhu the nao)\s*\??$|"
    r"\b(?:what about|how about)\b"
)
_RESTRICT = _rx(
    r"\b(?:trong so (?:do|nay|tren|ay|vua neu)|trong do|trong (?:cac|nhung|danh sach) (?:nhiem vu )?(?:do|nay|tren|ay|vua neu)|"
    r"(?:cac|nhung) (?:nhiem vu|viec) (?:do|nay|tren|ay|vua neu)|of them|of these|of those|among them|"
    r"among these|among those|which of)\b"
)
_ANAPHORA_VI = _rx(
    r"\b(?:nhiem vu (?:do|nay|tren|ay|vua neu)|chi tieu (?:do|nay|tren|ay)|van ban (?:do|nay|tren)|"
    r"(?:co quan|bo) (?:do|nay|tren|ay))\b"
)
# "it", "them" only count in English: folded Vietnamese "ít" is "it".
_ANAPHORA_EN = _rx(r"\b(?:this task|that task|these tasks|those tasks|these|those|them|it|its|they)\b")

# Words that only say *what about* the subject is asked (slot words), not *which* subject.
_SLOT_WORDS: frozenset[str] = frozenset(
    """
    han thoi hoan thanh khi nao chu tri phoi hop co quan san pham ket qua nhiem vu som muon nhat hon
    deadline when due who lead leads task tasks agency status tien do tinh trang thuc hien gian cuoi chot
    which what where is are it them these those ai don vi bo nganh ngay luc diem gio sao the nhu
    danh sach liet ke trong so cac nhung va con vay thi nua ve hay
    """.split()
)

_GENERIC_DOMAIN = _rx(
    r"\b(?:nghi quyet|nhiem vu|chi tieu|khoa hoc|cong nghe|doi moi|sang tao|chuyen doi so|kinh te so|du lieu|"
    r"ha tang|the che|kinh phi|ngan sach|chinh phu|thu tuong|ban chi dao|bo nganh|ket luan|chuong trinh|"
    r"ke hoach|de an|luat|nghi dinh|quyet dinh|thong tu|thoi han|qua han|cham muon|tien do|bao cao|"
    r"doanh nghiep|nhan luc|nen tang so|dich vu cong|truc tuyen|trien khai|muc tieu|quan diem|giai phap|"
    r"nghien cuu|khoi nghiep|ban dan|chien luoc|chu tri|phoi hop|co quan|57|nq57|tasks?|ministry|ministries|"
    r"resolution|indicators?|targets?|deadline|overdue|digital|innovation|science|technology|government|"
    r"agency|agencies|funding|budget|steering|infrastructure|database|semiconductor|startup)\b"
)

_CHITCHAT = tuple(_rx(p) for p in CHITCHAT_PATTERNS)
_OFF_TOPIC = tuple(_rx(p) for p in OFF_TOPIC_PATTERNS)
_WORD = re.compile(r"\w+", re.UNICODE)
_EN_TOKEN = re.compile(r"[a-z']+")


# --------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------

DateOp = Literal["in", "before", "until", "after", "from", "as_of"]


@dataclass(frozen=True)
class DateMention:
    """A time expression in a question, resolved to a calendar window."""

    start: date
    end: date
    kind: Literal["day", "month", "quarter", "half", "year"]
    op: DateOp
    span: tuple[int, int]  # in the folded (= normalized) text

    def label(self) -> str:
        if self.kind == "day":
            return f"ngày {self.start.day}/{self.start.month}/{self.start.year}"
        if self.kind == "month":
            return f"tháng {self.start.month}/{self.start.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN_OUT[(self.start.month - 1) // 3 + 1]}/{self.start.year}"
        if self.kind == "half":
            return f"{'6 tháng đầu' if self.start.month == 1 else '6 tháng cuối'} năm {self.start.year}"
        if self.start.year != self.end.year:
            return f"giai đoạn {self.start.year}-{self.end.year}"
        return f"năm {self.start.year}"


_ROMAN_IN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
_MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_EN_RX = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_YEAR = r"((?:19|20)\d{2})"

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", _rx(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"(?![\d/])")),
    ("dmy", _rx(r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*" + _YEAR)),
    ("dmy_en", _rx(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_EN_RX + r")\.?,?\s+" + _YEAR)),
    ("mdy_en", _rx(r"\b(" + _MONTH_EN_RX + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR)),
    ("half", _rx(r"\b(nua dau|6 thang dau|nua cuoi|6 thang cuoi|first half|second half)\s*(?:nam|of)?\s*" + _YEAR)),
    ("quarter", _rx(r"\bquy\s*(iv|iii|ii|i|[1-4])\b\s*(?:(?:[/-]|nam)\s*" + _YEAR + r")?")),
    ("quarter", _rx(r"\bq([1-4])\b\s*(?:[/-]?\s*" + _YEAR + r")?")),
    ("quarter_en", _rx(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last) quarter\b(?:\s*(?:of\s*)?" + _YEAR + r")?")),
    ("month", _rx(r"\bthang\s*(\d{1,2})\s*(?:[/-]|nam)\s*" + _YEAR + r"(?![\d/])")),
    ("month", _rx(r"(?<![\w/.\-])(\d{1,2})\s*/\s*" + _YEAR + r"(?![\w/])")),
    ("month_en", _rx(r"\b(" + _MONTH_EN_RX + r")\.?\s*(?:of\s*)?" + _YEAR + r"\b")),
    ("month_noyear", _rx(r"\bthang\s*(\d{1,2})\b(?!\s*(?:[/-]|nam)\s*\d)")),
    ("year_range", _rx(r"\b(?:giai doan\s*)?" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"\b")),
    ("year", _rx(r"(?<![\w/.\-])" + _YEAR + r"(?![\w/\-])")),
)

_OP_PATTERNS: tuple[tuple[DateOp, re.Pattern[str]], ...] = (
    ("as_of", _rx(r"\b(?:tinh den|tinh toi|as of|cap nhat den|cap nhat toi|so lieu den)\s*(?:het\s*)?(?:ngay|thang|nam|quy)?\s*$")),
    ("before", _rx(r"\b(?:truoc|before|earlier than|prior to)\s*(?:ngay|thang|nam|quy|the end of|end of)?\s*$")),
    ("until", _rx(r"\b(?:den|toi|cham nhat|cham nhat la|by|until|till|no later than|up to)\s*(?:het\s*)?(?:ngay|thang|nam|quy|the end of|end of)?\s*$")),
    ("after", _rx(r"\b(?:sau|after|later than)\s*(?:ngay|thang|nam|quy)?\s*$")),
    ("from", _rx(r"\b(?:tu|from|since|ke tu|bat dau tu|starting)\s*(?:ngay|thang|nam|quy)?\s*$")),
)


def _month_window(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def find_dates(folded: str, default_year: int | None = None) -> list[DateMention]:
    """Every time expression in `folded`, most specific first, no two overlapping."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            window = _window(kind, m, default_year)
            if window is None:
                continue
            start, end, k = window
            prefix = folded[max(0, m.start() - 30) : m.start()]
            op: DateOp = "in"
            for name, op_rx in _OP_PATTERNS:
                if op_rx.search(prefix):
                    op = name
                    break
            taken.append((m.start(), m.end()))
            found.append(DateMention(start, end, k, op, (m.start(), m.end())))
    found.sort(key=lambda d: d.span)
    return found


def _window(
    kind: str, m: re.Match[str], default_year: int | None
) -> tuple[date, date, Literal["day", "month", "quarter", "half", "year"]] | None:
    g = m.groups()
    try:
        if kind == "dmy":
            d = date(int(g[2]), int(g[1]), int(g[0]))
            return d, d, "day"
        if kind == "dmy_en":
            d = date(int(g[2]), _MONTHS_EN[g[1]], int(g[0]))
            return d, d, "day"
        if kind == "mdy_en":
            d = date(int(g[2]), _MONTHS_EN[g[0]], int(g[1]))
            return d, d, "day"
        if kind == "half":
            year = int(g[1])
            if g[0] in ("nua dau", "6 thang dau", "first half"):
                return date(year, 1, 1), date(year, 6, 30), "half"
            return date(year, 7, 1), date(year, 12, 31), "half"
        if kind in ("quarter", "quarter_en"):
            q = _ROMAN_IN[g[0]] if kind == "quarter" else _ORDINAL_Q[g[0]]
            year = int(g[1]) if g[1] else default_year
            if year is None:
                return None
            s, _ = _month_window(year, 3 * q - 2)
            _, e = _month_window(year, 3 * q)
            return s, e, "quarter"
        if kind == "month":
            s, e = _month_window(int(g[1]), int(g[0]))
            return s, e, "month"
        if kind == "month_en":
            if g[0] == "may" and not g[1]:
                return None
            s, e = _month_window(int(g[1]), _MONTHS_EN[g[0]])
            return s, e, "month"
        if kind == "month_noyear":
            if default_year is None:
                return None
            s, e = _month_window(default_year, int(g[0]))
            return s, e, "month"
        if kind == "year_range":
            if int(g[1]) < int(g[0]):
                return None
            return date(int(g[0]), 1, 1), date(int(g[1]), 12, 31), "year"
        if kind == "year":
            year = int(g[0])
            return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:  # "29/2025" in a document number is not a month
        return None
    return None


def window_from(mentions: Sequence[DateMention]) -> tuple[date | None, date | None]:
    """Combine date mentions (except as-of dates) into one [from, to] window."""
    froms: list[date] = []
    tos: list[date] = []
    for d in mentions:
        if d.op == "in":
            froms.append(d.start)
            tos.append(d.end)
        elif d.op == "before":
            tos.append(d.start - timedelta(days=1))
        elif d.op == "until":
            tos.append(d.end)
        elif d.op == "after":
            froms.append(d.end + timedelta(days=1))
        elif d.op == "from":
            froms.append(d.start)
    return (min(froms) if froms else None), (max(tos) if tos else None)


def window_label(due_from: str | None, due_to: str | None) -> str:
    """Vietnamese words for a window: 'tháng 6/2025', 'quý II/2025', 'năm 2025', 'trước ngày 31/8/2025'."""
    f = date.fromisoformat(due_from) if due_from else None
    t = date.fromisoformat(due_to) if due_to else None

    def dmy(d: date) -> str:
        return f"{d.day}/{d.month}/{d.year}"

    if f and t:
        if f.year == t.year and f == date(f.year, 1, 1) and t == date(t.year, 12, 31):
            return f"năm {f.year}"
        if f.day == 1 and t == _month_window(t.year, t.month)[1]:
            if (f.year, f.month) == (t.year, t.month):
                return f"tháng {f.month}/{f.year}"
            if f.year == t.year and f.month % 3 == 1 and t.month == f.month + 2:
                return f"quý {_ROMAN_OUT[(f.month - 1) // 3 + 1]}/{f.year}"
            return f"từ tháng {f.month}/{f.year} đến tháng {t.month}/{t.year}"
        return f"từ ngày {dmy(f)} đến ngày {dmy(t)}"
    if t:
        return f"đến ngày {dmy(t)}"
    if f:
        return f"từ ngày {dmy(f)}"
    return ""


# --------------------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signals:
    """What one question says on its own, before the conversation is taken into account."""

    continuation: bool  # "Còn ... thì sao?", "What about ...?"
    restrict: bool  # "trong số đó", "which of them"
    anaphora: bool  # "nhiệm vụ này", "it"
    has_subject: bool  # names an agency, a task/indicator number or a topic
    has_filters: bool  # a window, status, deliverable or recurring deadline of its own
    confident_intent: bool  # the intent came from a marker, not from the default
    role_explicit: bool
    dates: tuple[DateMention, ...]


class QueryParser:
    """Reads questions into `Query` objects; one instance serves every conversation (it holds no state)."""

    def __init__(self, registry: AgencyLookup, default_year: int | None = None) -> None:
        self._registry = registry
        # A month or quarter written without a year ("quý II") means this year; None leaves it unparsed.
        self._default_year = default_year

    # ---- public ------------------------------------------------------------------------------------

    def parse(self, question: Question, state: ConversationState | None = None) -> Query:
        if state is None and question.history:
            state = self.state_from_history(question.history)
        prev = state.last_query if state else None
        default_year = self._default_year
        if prev is not None:
            prev_dates = [d for d in (prev.due_from, prev.due_to, prev.period_from, prev.period_to) if d]
            if prev_dates:
                default_year = date.fromisoformat(prev_dates[0]).year
        own, signals = self._analyse(question.text, question.filters, default_year)
        if state is not None and prev is not None and self._is_follow_up(own, signals):
            merged = self._merge(own, signals, state, prev)
            log.debug("query follow_up intent=%s inherited=%s", merged.intent, ",".join(merged.inherited))
            return merged
        log.debug("query intent=%s lang=%s agencies=%s", own.intent, own.language, ",".join(own.agency_ids))
        return own

    def state_from_history(self, history: Sequence[tuple[str, str]], max_turns: int = 5) -> ConversationState:
        """Rebuild a state from the user's earlier messages (no record refs are known from text alone)."""
        user_turns = [content for role, content in history if role == "user"][-max_turns:]
        state = ConversationState()
        for text in user_turns:
            state = state.advance(self.parse(Question(text), state))
        return state

    def expand_agencies(self, query: Query) -> tuple[Agency, ...]:
        """The query's agencies plus their predecessors and successors (2025 mergers)."""
        out: dict[str, Agency] = {}
        for agency in query.agencies:
            out.setdefault(agency.id, agency)
            for related in self._registry.lineage(agency.id):
                out.setdefault(related.id, related)
        return tuple(out.values())

    # ---- one question on its own ------------------------------------------------------------------

    def _analyse(
        self, text: str, filters: QuestionFilters, default_year: int | None
    ) -> tuple[Query, _Signals]:
        original = text
        base = collapse_ws(nfc(text))
        normalized = expand_abbreviations(base)
        folded = fold(normalized)
        aligned = len(folded) == len(normalized)
        language = detect_language(base)

        deliverable, deliverable_span = _find_deliverable(folded)
        agencies, agency_surfaces = self._agencies(normalized, folded if aligned else None, deliverable_span, base)

        task_numbers = _numbers(_TASK_NUMBER, folded, int_values=True)
        indicator_numbers = tuple(str(n) for n in _numbers(_INDICATOR_NUMBER, folded, int_values=False))
        task_numbers_t = tuple(int(n) for n in task_numbers)

        dates = tuple(find_dates(folded, default_year))
        as_of_mentions = [d for d in dates if d.op == "as_of"]
        window_mentions = [d for d in dates if d.op != "as_of"]
        period_from, period_to = window_from(window_mentions)
        as_of = as_of_mentions[-1].end.isoformat() if as_of_mentions else None

        status_text = _DEADLINE_PHRASE.sub(" ", folded)
        status: Status | None = None
        if _STATUS_OVERDUE.search(status_text):
            status = "overdue"
        elif _STATUS_PROGRESS.search(status_text):
            status = "in_progress"
        elif _STATUS_DONE.search(status_text):
            status = "completed"

        lead = bool(_ROLE_LEAD.search(folded))
        coord = bool(_ROLE_COORD.search(folded))
        role: AgencyRole = "lead" if lead and not coord else "coordinating" if coord and not lead else "any"
        role_explicit = lead or coord

        deadline_kind: Literal["recurring"] | None = "recurring" if _RECURRING.search(folded) else None
        sort: Sort | None = "due_asc" if _SORT_ASC.search(folded) else "due_desc" if _SORT_DESC.search(folded) else None

        keywords, terms = _keywords(normalized, language)
        topic_words = [k for k in keywords if fold(k) not in _SLOT_WORDS and not k.isdigit()]
        has_agency = bool(agencies)
        task_noun = bool(_TASK_NOUN.search(folded))
        indicator_noun = bool(_INDICATOR_NOUN.search(folded))

        intent, confident, record_kind = _classify(
            folded,
            has_agency=has_agency,
            local_only=all(a.kind == "dia_phuong" for a in agencies) if agencies else True,
            task_numbers=bool(task_numbers_t),
            indicator_numbers=bool(indicator_numbers),
            task_noun=task_noun,
            indicator_noun=indicator_noun,
            role_explicit=role_explicit,
            status=status is not None,
            window=bool(window_mentions),
            deliverable=deliverable is not None,
            recurring=deadline_kind is not None,
            sort=sort is not None,
            agency_count=len(agencies),
        )

        deadline_context = record_kind == "task" or intent in TASK_INTENTS or bool(_DEADLINE_WORD.search(folded))
        due_from = due_to = None
        horizon: int | None = None
        if intent == "indicator":
            years = [d.start.year for d in window_mentions if d.kind == "year"]
            horizon = years[-1] if years else None
        elif deadline_context and intent not in ("figure", "explain", "chitchat", "out_of_scope"):
            due_from = period_from.isoformat() if period_from else None
            due_to = period_to.isoformat() if period_to else None

        asks = _asks(folded, has_window=bool(window_mentions), has_deliverable=deliverable is not None,
                     has_agency=has_agency)
        metric = _metric(folded, intent, status, has_agency)

        date_surfaces = tuple(normalized[s:e] for s, e in (d.span for d in dates)) if aligned else ()
        query = Query(
            original=original,
            normalized=normalized,
            folded=folded,
            language=language,
            intent=intent,
            agencies=agencies,
            role=role,
            task_numbers=task_numbers_t,
            indicator_numbers=indicator_numbers,
            due_from=due_from,
            due_to=due_to,
            deadline_kind=deadline_kind,
            deliverable=deliverable,
            status=status,
            as_of=as_of,
            period_from=period_from.isoformat() if period_from else None,
            period_to=period_to.isoformat() if period_to else None,
            horizon=horizon,
            metric=metric,
            record_kind=record_kind,
            asks=asks,
            sort=sort,
            keywords=keywords,
            terms=terms,
            standalone=normalized,
            filters=filters,
            agency_surfaces=agency_surfaces,
            date_surfaces=date_surfaces,
        )
        signals = _Signals(
            continuation=bool(_CONTINUATION.search(folded)),
            restrict=bool(_RESTRICT.search(folded)),
            anaphora=bool(_ANAPHORA_VI.search(folded)) or (language == "en" and bool(_ANAPHORA_EN.search(folded))),
            has_subject=has_agency or bool(task_numbers_t) or bool(indicator_numbers) or bool(topic_words),
            has_filters=bool(window_mentions) or status is not None or deliverable is not None
            or deadline_kind is not None,
            confident_intent=confident,
            role_explicit=role_explicit,
            dates=dates,
        )
        return query, signals

    def _agencies(
        self, normalized: str, folded: str | None, deliverable_span: tuple[int, int] | None, base: str
    ) -> tuple[tuple[Agency, ...], tuple[str, ...]]:
        """Agencies the question is about, with their surfaces. The text before abbreviation expansion is
        searched too, for short forms the registry knows but the lexicon rewrote."""
        found: dict[str, Agency] = {}
        rejected: set[str] = set()
        surfaces: list[str] = []
        for text, aligned_fold in ((normalized, folded), (base, None)):
            folded_text = aligned_fold if aligned_fold is not None else fold(text)
            same_length = len(folded_text) == len(text)
            for mention in self._registry.find_mentions(text):
                agency_id = mention.agency.id
                if agency_id in found or agency_id in rejected:
                    continue
                span = deliverable_span if text is normalized else None
                if same_length and _not_an_agency_here(folded_text, mention.start, mention.end, span):
                    rejected.add(agency_id)
                    continue
                found[agency_id] = mention.agency
                surfaces.append(mention.surface)
        return tuple(found.values()), tuple(surfaces)

    # ---- conversation --------------------------------------------------------------------------------

    @staticmethod
    def _is_follow_up(own: Query, signals: _Signals) -> bool:
        if own.intent in ("chitchat", "out_of_scope"):
            return False
        if signals.continuation or signals.restrict:
            return True
        if signals.anaphora and not (own.agencies or own.task_numbers or own.indicator_numbers):
            return True
        # Elliptical: asks about something without naming what ("Hạn hoàn thành là khi nào?").
        return not signals.has_subject and not signals.has_filters

    def _merge(self, own: Query, signals: _Signals, state: ConversationState, prev: Query) -> Query:
        """Combine a follow-up with the previous turn: what the new turn names wins, the rest is inherited."""
        inherited: list[str] = []
        shown = state.last_task_numbers or prev.restrict_to or prev.task_numbers
        own_window = (own.period_from, own.period_to) if (own.period_from or own.period_to) else None
        updates: dict[str, object] = {}

        def take(name: str, own_value: object, prev_value: object) -> object:
            if own_value not in ((), None):
                return own_value
            if prev_value not in ((), None):
                inherited.append(name)
            return prev_value

        def take_agency_and_role() -> None:
            updates["agencies"] = take("agencies", own.agencies, prev.agencies)
            if signals.role_explicit:
                updates["role"] = own.role
            else:
                updates["role"] = prev.role
                if prev.role != "any":
                    inherited.append("role")

        def take_period() -> None:
            if own_window:
                updates["period_from"], updates["period_to"] = own_window
            elif prev.period_from or prev.period_to:
                updates["period_from"], updates["period_to"] = prev.period_from, prev.period_to
                inherited.append("period")

        def take_filters(names: Sequence[str]) -> None:
            for name in names:
                updates[name] = take(name, getattr(own, name), getattr(prev, name))

        intent: Intent
        if signals.restrict and shown:
            # "Nhiệm vụ nào trong số đó có hạn sớm hơn?": the records just shown, re-filtered or re-sorted.
            intent = "count" if own.intent == "count" else "task_list"
            updates["restrict_to"] = tuple(shown)
            inherited.append("restrict_to")
            take_agency_and_role()
            updates["task_numbers"] = ()
            updates["record_kind"] = "task"
        elif signals.continuation or (signals.has_filters and not signals.has_subject):
            # "Còn Bộ Tài chính thì sao?", "Còn năm 2026?": the previous question with what is named replaced.
            intent = own.intent if signals.confident_intent else prev.intent
            take_agency_and_role()
            updates["task_numbers"] = take("task_numbers", own.task_numbers, prev.task_numbers)
            if own.agencies and not own.task_numbers and prev.intent == "task_lookup":
                intent, updates["task_numbers"] = "task_list", ()
                inherited.remove("task_numbers")
            take_period()
            take_filters(("indicator_numbers", "status", "deliverable", "deadline_kind", "as_of", "horizon",
                          "metric", "sort", "record_kind", "asks"))
            # The records shown last still apply only while neither the agency nor the window changes.
            if prev.restrict_to and not (own.agencies or own_window):
                updates["restrict_to"] = prev.restrict_to
                inherited.append("restrict_to")
        elif own.intent in ("count", "figure", "indicator", "compare") and signals.confident_intent:
            # "Có bao nhiêu nhiệm vụ?" after a list: the same selection, counted.
            intent = own.intent
            take_agency_and_role()
            take_period()
            take_filters(("status", "deliverable", "deadline_kind", "as_of", "horizon"))
        elif own.asks or prev.intent in TASK_INTENTS:
            # "Hạn hoàn thành là khi nào?", "Ai chủ trì?": an attribute of what was just shown.
            if prev.task_numbers or len(shown) == 1:
                intent = "task_lookup"
                updates["task_numbers"] = prev.task_numbers or tuple(shown)
                inherited.append("task_numbers")
            elif shown:
                intent = "task_list"
                updates["restrict_to"] = tuple(shown)
                inherited.append("restrict_to")
            else:
                intent = "task_list" if prev.intent in TASK_INTENTS | {"count"} else prev.intent
                take_agency_and_role()
                take_period()
                take_filters(("status", "deliverable", "deadline_kind"))
            updates["record_kind"] = "task" if intent in TASK_INTENTS else prev.record_kind
        else:
            # "Tại sao?", "Nói rõ hơn": the same subject, asked again.
            intent = prev.intent
            take_agency_and_role()
            take_period()
            take_filters(("task_numbers", "indicator_numbers", "as_of", "horizon", "record_kind", "metric"))

        merged = replace(own, intent=intent, is_follow_up=True, **updates)  # type: ignore[arg-type]
        merged = _settle_windows(merged, own_window is not None or "period" in inherited)
        standalone, agency_surfaces, date_surfaces = self._rewrite(merged, own, prev, signals)
        keywords, terms = _keywords(standalone, "vi")
        if own.language == "en":
            keywords = tuple(dict.fromkeys((*own.keywords, *keywords)))
            terms = tuple(dict.fromkeys((*own.terms, *terms)))
        return replace(
            merged,
            standalone=standalone,
            agency_surfaces=agency_surfaces,
            date_surfaces=date_surfaces,
            keywords=keywords,
            terms=terms,
            inherited=tuple(dict.fromkeys(inherited)),
        )

    def _rewrite(
        self, q: Query, own: Query, prev: Query, signals: _Signals
    ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """A self-contained Vietnamese question for retrieval, with the names and dates it contains."""
        names = tuple(a.name for a in q.agencies)
        window = window_label(q.due_from, q.due_to)
        dates = (window,) if window else ()
        if q.intent in ("task_list", "task_lookup", "count") and (q.record_kind in (None, "task")):
            agency_names = [fold(a.name) for a in (*prev.agencies, *own.agencies)]
            topic = [
                t for t in dict.fromkeys((*prev.terms, *own.terms))
                if t not in _GENERIC_TERMS and not any(fold(t) in n for n in agency_names)
            ]
            return _task_sentence(q, names, window, ", ".join(topic)), names, dates
        # Free-text intents: substitute what was replaced in the previous standalone question.
        text = prev.standalone
        agency_surfaces = prev.agency_surfaces
        date_surfaces = prev.date_surfaces
        if own.agencies:
            new_names = ", ".join(a.name for a in own.agencies)
            replaced = False
            for surface in prev.agency_surfaces:
                if surface and surface in text:
                    text = text.replace(surface, new_names if not replaced else "")
                    replaced = True
            if not replaced:
                text = f"{text} ({new_names})"
            agency_surfaces = tuple(a.name for a in own.agencies)
        if own.date_surfaces:
            new_dates = " ".join(own.date_surfaces)
            replaced = False
            for surface in prev.date_surfaces:
                if surface and surface in text:
                    text = text.replace(surface, new_dates if not replaced else "")
                    replaced = True
            if not replaced:
                text = f"{text} ({new_dates})"
            date_surfaces = own.date_surfaces
        if not own.agencies and not own.date_surfaces:
            text = f"{own.normalized} ({prev.standalone})" if not signals.continuation else f"{prev.standalone} {own.normalized}"
        return collapse_ws(text), agency_surfaces, date_surfaces


def _settle_windows(q: Query, window_given: bool) -> Query:
    """After merging, move the period into the deadline window when the merged query is about tasks."""
    if q.intent in TASK_INTENTS or (q.intent == "count" and q.record_kind in (None, "task")):
        if q.restrict_to and not window_given:
            return q
        return replace(q, due_from=q.period_from or q.due_from, due_to=q.period_to or q.due_to)
    return replace(q, due_from=None, due_to=None)


_ROLE_VERB = {"lead": "chủ trì", "coordinating": "phối hợp thực hiện", "any": "có"}
_STATUS_WORDS = {"overdue": "quá hạn, chậm muộn", "completed": "đã hoàn thành", "in_progress": "đang thực hiện"}


_GENERIC_TERMS: frozenset[str] = frozenset(
    {"Nghị quyết 57-NQ/TW", "Nghị quyết 03/NQ-CP", "chương trình hành động", "phát triển", "quốc gia",
     "Ban Chỉ đạo", "Thông báo kết luận", "kinh phí"}
)


def _task_sentence(q: Query, names: tuple[str, ...], window: str, topic: str = "") -> str:
    """Vietnamese wording of a structured task question ("Bộ Tài chính chủ trì những nhiệm vụ nào?")."""
    filters: list[str] = [f"về {topic}"] if topic and not q.task_numbers and not q.restrict_to else []
    if q.status:
        filters.append(_STATUS_WORDS[q.status])
    if q.deliverable:
        filters.append(f"có sản phẩm là {q.deliverable}")
    if q.deadline_kind == "recurring":
        filters.append("thực hiện thường xuyên")
    if window:
        filters.append(f"có thời hạn {window}")
    tail = (" " + " ".join(filters)) if filters else ""
    subject = " và ".join(names)
    numbers = ", ".join(str(n) for n in (q.task_numbers or q.restrict_to))

    if q.intent == "task_lookup" and q.task_numbers:
        label = f"nhiệm vụ số {numbers}"
        if "deadline" in q.asks:
            return f"Thời hạn hoàn thành của {label} là khi nào?"
        if "lead" in q.asks:
            return f"Cơ quan nào chủ trì {label}?"
        if "coordinating" in q.asks:
            return f"Cơ quan nào phối hợp thực hiện {label}?"
        if "deliverable" in q.asks:
            return f"Sản phẩm của {label} là gì?"
        if "status" in q.asks:
            return f"Tiến độ thực hiện {label} như thế nào?"
        return f"Nội dung của {label} là gì?"
    if q.intent == "count":
        verb = _ROLE_VERB[q.role]
        head = f"{subject} {verb} bao nhiêu nhiệm vụ" if subject else "Có bao nhiêu nhiệm vụ"
        return f"{head}{tail}?"
    if q.restrict_to:
        prefix = f"Trong các nhiệm vụ số {numbers}"
        if "deadline" in q.asks and not q.sort:
            return f"Thời hạn hoàn thành của các nhiệm vụ số {numbers} là khi nào?"
        order = ""
        if q.sort == "due_asc":
            order = " có thời hạn sớm nhất"
        elif q.sort == "due_desc":
            order = " có thời hạn muộn nhất"
        return f"{prefix}, nhiệm vụ nào{tail}{order}?"
    order = " (sắp xếp theo thời hạn)" if q.sort else ""
    if subject:
        return f"{subject} {_ROLE_VERB[q.role]} những nhiệm vụ nào{tail}?{order}"
    return f"Những nhiệm vụ nào{tail}?{order}"


# --------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------

_ISSUER_HEAD = re.compile(
    r"(?:nghi quyet|chuong trinh hanh dong|thong bao ket luan|ket luan|nghi dinh|quyet dinh|chi thi|"
    r"ke hoach|van ban)[^,.;?!]{0,70}\b(?:cua|do)\s*$"
)
_TERM_TAIL = re.compile(r"^\s*(?:so|dien tu|kien tao|so hoa)\b")


def _issuer_or_term(folded: str, start: int, end: int) -> bool:
    """True for an agency named only as the issuer of a document ("Nghị quyết ... của Bộ Chính trị") or
    inside a term ("Chính phủ số"); such names do not make the question about that agency."""
    return bool(_ISSUER_HEAD.search(folded[:start])) or bool(_TERM_TAIL.match(folded[end:]))


def _not_an_agency_here(
    folded: str, start: int, end: int, deliverable_span: tuple[int, int] | None
) -> bool:
    if deliverable_span and start < deliverable_span[1] and deliverable_span[0] < end:
        return True
    return _issuer_or_term(folded, start, end)


_DELIV_FILLER = r"(?:(?:la|bang|o dang|dang|duoi dang|is|are|be|mot|an?|the|cac|nhung)\s+)*"


def _find_deliverable(folded: str) -> tuple[str | None, tuple[int, int] | None]:
    """The kind of result asked about ("sản phẩm là Luật" → "Luật") and its span, when the question asks.

    Only a deliverable word right after a trigger ("sản phẩm", "kết quả", "deliverable") counts, so that
    "Kết quả thực hiện Nghị quyết 57" is not read as a question about resolutions as products.
    """
    for trigger in _DELIVERABLE_TRIGGER.finditer(folded):
        offset = trigger.end()
        tail = folded[offset : offset + 80]
        best: tuple[int, int, str] | None = None  # (-length, start, canonical), longest variant wins
        best_span: tuple[int, int] | None = None
        for canonical, variants in DELIVERABLES:
            for variant in variants:
                v = re.escape(variant) + r"(?![\w'])"
                m = re.match(r"\s*" + _DELIV_FILLER + "(" + v + ")", tail) or re.match(
                    r"[^?.,;]{0,30}?\b(?:la|is|are)\s+" + _DELIV_FILLER + "(" + v + ")", tail
                )
                if m is None:
                    continue
                candidate = (-len(variant), m.start(1), canonical)
                if best is None or candidate < best:
                    best = candidate
                    best_span = (offset + m.start(1), offset + m.end(1))
        if best is not None:
            return best[2], best_span
    return None, None


def _numbers(pattern: re.Pattern[str], folded: str, int_values: bool) -> list[str]:
    out: list[str] = []
    for m in pattern.finditer(folded):
        chunk = m.group(1)
        # "10-12" / "10 đến 12" is a range of task numbers.
        rng = re.fullmatch(r"(\d{1,3})\s*(?:-|–|den|to)\s*(\d{1,3})", chunk) if int_values else None
        if rng and int(rng.group(1)) < int(rng.group(2)) <= int(rng.group(1)) + 50:
            values = [str(n) for n in range(int(rng.group(1)), int(rng.group(2)) + 1)]
        else:
            values = re.findall(r"\d{1,3}(?:\.\d{1,2})?", chunk)
        for v in values:
            if int_values and (not v.isdigit() or int(v) == 0):
                continue
            if v not in out:
                out.append(v)
    return out


def detect_language(text: str) -> Language:
    """'en' when English question words outnumber Vietnamese syllables (diacritics count for Vietnamese)."""
    words = _WORD.findall(nfc(text).lower())
    vi = 0
    en = 0
    for w in words:
        if has_diacritics(w):
            vi += 1
            continue
        f = fold(w)
        if f in EN_WORDS:
            en += 1
        if f in VI_SYLLABLES:
            vi += 1
    return "en" if en > vi else "vi"


def _keywords(normalized: str, language: Language) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words for lexical search and the domain phrases present (Vietnamese for English questions)."""
    folded = fold(normalized)
    terms: list[str] = [
        t for f, t in DOMAIN_TERMS_FOLDED if re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", folded)
    ]
    words: list[str] = []
    if language == "en":
        matches = glossary_matches(normalized)
        for _, _, vi in matches:
            if vi not in terms:
                terms.append(vi)
            words.extend(_WORD.findall(vi.lower()))
        for m in _WORD.finditer(normalized.lower()):
            if any(s <= m.start() < e for s, e, _ in matches):
                continue  # translated above
            fw = fold(m.group())
            if fw not in EN_STOP and fw not in VI_STOP:
                words.append(m.group())
    else:
        words = [w for w in _WORD.findall(normalized.lower()) if fold(w) not in VI_STOP]
    keywords = [w for w in dict.fromkeys(words) if len(w) >= 2 or w.isdigit()]
    return tuple(keywords), tuple(dict.fromkeys(terms))


def _classify(
    folded: str,
    *,
    has_agency: bool,
    local_only: bool,
    task_numbers: bool,
    indicator_numbers: bool,
    task_noun: bool,
    indicator_noun: bool,
    role_explicit: bool,
    status: bool,
    window: bool,
    deliverable: bool,
    recurring: bool,
    sort: bool,
    agency_count: int,
) -> tuple[Intent, bool, RecordKind | None]:
    """(intent, whether a marker decided it, which records it is about). Order encodes precedence."""
    domain = bool(_GENERIC_DOMAIN.search(folded)) or (has_agency and not local_only)
    if not domain and not task_numbers and not indicator_numbers:
        if any(p.search(folded) for p in _OFF_TOPIC):
            return "out_of_scope", True, None
        if any(p.search(folded) for p in _CHITCHAT) and (not has_agency or local_only):
            return "chitchat", True, None

    if _COMPARE.search(folded):
        return "compare", True, "task" if task_noun else None
    if task_numbers:
        return "task_lookup", True, "task"
    quantity = bool(_QUANT.search(folded)) or bool(re.search(r"\bmay (?:nhiem vu|chi tieu)\b", folded))
    if agency_count >= 2 and (
        _COMPARATIVE.search(folded) or (_ALTERNATIVE.search(folded) and (quantity or _RANK.search(folded)))
    ):
        return "compare", True, "task" if task_noun else None

    if quantity:
        head = _QUANT_HEAD.search(folded)
        head_words = head.group(1) if head else ""
        if re.match(r"(?:nhiem vu|tasks?|assignments?)\b", head_words):
            return "count", True, "task"
        if re.match(r"(?:chi tieu|indicators?|targets?)\b", head_words):
            return "count", True, "indicator"
        if indicator_noun or indicator_numbers or _TARGET_YEAR.search(folded):
            return "indicator", True, "indicator"
        if head_words and not re.match(r"(?:la|is|are|do|does|the|cua|trong)\b", head_words):
            return "figure", True, None  # "bao nhiêu doanh nghiệp", "how much funding"
        if _FIGURE_NOUN.search(folded):
            return "figure", True, None
        if task_noun:
            return "count", True, "task"
        return "figure", True, None

    if indicator_numbers or indicator_noun:
        return "indicator", True, "indicator"
    if _GOAL_NOUN.search(folded) and _TARGET_YEAR.search(folded) and re.search(
        r"\b(?:dat|ty le|ti le|phan tram|top|nhom|xep hang)\b|%", folded
    ):
        return "indicator", True, "indicator"
    if task_noun and _RANK.search(folded) and not has_agency:
        return "count", True, "task"  # "Bộ nào có nhiều nhiệm vụ nhất?"

    explain = bool(_EXPLAIN.search(folded))
    if task_noun:
        if has_agency or role_explicit or status or window or deliverable or recurring or sort:
            return "task_list", True, "task"
        if _STRONG_LIST.search(folded):
            return "task_list", True, "task"
        if explain:
            return "explain", True, None
        if _LIST_WORDS.search(folded):
            return "task_list", True, "task"
    if deliverable:
        return "task_list", True, "task"
    if has_agency and role_explicit and (not explain or re.search(r"\b(?:gi|nhung gi|viec gi|what)\b", folded)):
        return "task_list", True, "task"  # "Bộ Công an phụ trách gì?"

    if not explain and re.search(r"\b(?:ty le|ti le|kinh phi|doanh thu|kim ngach|how much)\b|%", folded):
        return "figure", True, None
    if explain:
        return "explain", True, None
    return "explain", False, None


def _asks(folded: str, *, has_window: bool, has_deliverable: bool, has_agency: bool) -> tuple[Ask, ...]:
    asks: list[Ask] = []
    if _ASK_DEADLINE.search(folded) and not has_window:
        asks.append("deadline")
    who = _ASK_WHO.search(folded)
    if who and _ROLE_LEAD.search(folded) and not has_agency:
        asks.append("lead")
    if who and _ROLE_COORD.search(folded) and not has_agency:
        asks.append("coordinating")
    if re.search(r"\b(?:co quan chu tri|lead agenc\w*)\b", folded) and "lead" not in asks and not has_agency:
        asks.append("lead")
    if re.search(r"\bco quan phoi hop\b", folded) and "coordinating" not in asks and not has_agency:
        asks.append("coordinating")
    if _ASK_DELIVERABLE.search(folded) and not has_deliverable:
        asks.append("deliverable")
    if _ASK_STATUS.search(folded):
        asks.append("status")
    return tuple(asks)


_METRIC_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("count", _rx(r"\b(?:bao nhieu|so luong|how many|number of|co may)\b")),
    ("total", _rx(r"\b(?:tong so|tong cong|total|overall|tat ca)\b")),
    ("ratio", _rx(r"\b(?:ty le|ti le|phan tram|percentage|percent|rate|share)\b|%")),
    ("funding", _rx(r"\b(?:kinh phi|ngan sach|von|ty dong|tien|funding|budget|spending|allocat\w*)\b")),
    ("investment", _rx(r"\b(?:dau tu|investment)\b")),
    ("revenue", _rx(r"\b(?:doanh thu|revenue)\b")),
    ("export", _rx(r"\b(?:xuat khau|kim ngach|exports?)\b")),
    ("growth", _rx(r"\b(?:tang truong|tang bao nhieu|tang them|growth|increase)\b")),
    ("rank", _rx(r"\b(?:xep hang|thu hang|top|nhieu nhat|it nhat|dung dau|rank\w*|most|fewest)\b")),
    ("enterprises", _rx(r"\b(?:doanh nghiep|enterprises?|businesses|companies)\b")),
)


def _metric(folded: str, intent: Intent, status: Status | None, has_agency: bool) -> tuple[str, ...]:
    if intent not in ("count", "figure", "indicator", "compare"):
        return ()
    hints = [name for name, rx in _METRIC_HINTS if rx.search(folded)]
    # Subjects of report figures (ingest.tables.figures): which kind of figure answers a count.
    if intent in ("count", "compare") and _TASK_NOUN.search(folded):
        if status == "overdue":
            hints.append("agency_overdue" if has_agency else "tasks_overdue")
        elif status == "completed":
            hints.append("tasks_completed")
        elif status == "in_progress":
            hints.append("tasks_in_progress")
        else:
            hints.append("agency_task_count" if has_agency else "tasks_total")
    return tuple(dict.fromkeys(hints))
