"""Question understanding: turns a user's question (and the conversation so far) into a structured Query.

Everything here is rules over folded text (no diacritics, lower case), so a question typed without
diacritics ("con bo tai chinh thi sao") reads the same as one with them. Deterministic, no model calls.

Role choice (it decides which tasks are listed): "chủ trì", "phụ trách", "được giao", "đảm nhiệm", "lead",
"in charge" → lead (in Phụ lục II an agency is "giao" a task when it leads it, and the reports count tasks
per lead agency); "phối hợp", "coordinate", "support" → coordinating; both, or neither ("nhiệm vụ của X",
"liên quan đến X") → any. When the question asks *who* leads ("Ai chủ trì ...?"), the role word names
the unknown, so `role` stays "any" and `asks` holds "lead".

Dates: a window becomes a deadline filter (`due_from`/`due_to`) only when the question is about deadlines
("hạn", "thời hạn", "due") or lists tasks without a progress status. A date after "tính đến"/"as of" is
`as_of`; a date that dates a source ("báo cáo tháng 9/2025", "giao ban tháng 7") is neither. Every other
window is kept in `period_from`/`period_to`.
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
    CONJOINED_NAMES,
    DELIVERABLES,
    DOMAIN_TERMS_FOLDED,
    EN_STOP,
    EN_WORDS,
    OFF_TOPIC_PATTERNS,
    UNTONED_STOP,
    VI_SYLLABLES,
    expand_abbreviations,
    glossary_matches,
    is_vi_stop,
    word_set,
)
from ingest.models import Agency, AgencyRole
from ingest.text import collapse_ws, fold, has_diacritics, nfc

log = logging.getLogger(__name__)

Intent = Literal[
    "task_lookup",
    "task_list",
    "count",
    "figure",
    "indicator",
    "explain",
    "compare",
    "chitchat",
    "out_of_scope",
]
Language = Literal["vi", "en"]
Status = Literal["overdue", "completed", "in_progress"]
Sort = Literal["due_asc", "due_desc"]
Ask = Literal["deadline", "lead", "coordinating", "deliverable", "status"]
RecordKind = Literal["task", "indicator"]

TASK_INTENTS: frozenset[str] = frozenset({"task_lookup", "task_list"})
_ASK_ORDER: tuple[Ask, ...] = ("deadline", "lead", "coordinating", "deliverable", "status")


# ========================================================================================================
# Data objects
# ========================================================================================================


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
    due_from: str | None = None  # ISO, inclusive; a deadline filter (see the module docstring)
    due_to: str | None = None
    deadline_kind: Literal["recurring"] | None = None
    deliverable: str | None = None  # canonical term, e.g. "Luật", "Quyết định của Thủ tướng Chính phủ"
    status: Status | None = None
    as_of: str | None = None  # ISO; "tính đến ngày 23/9/2025"
    period_from: str | None = None  # ISO; any time window mentioned, whatever its role
    period_to: str | None = None
    horizon: int | None = None  # target year of an indicator question ("đến năm 2030")
    metric: tuple[str, ...] = ()  # hints: count, total, ratio, funding, ... and report-figure subjects
    record_kind: RecordKind | None = None  # which structured records the question is about
    asks: tuple[Ask, ...] = ()  # attributes asked for ("Hạn ... là khi nào?" → deadline)
    sort: Sort | None = None
    restrict_to: tuple[int, ...] = ()  # task numbers the answer must come from ("trong số đó")
    excluded_due: tuple[str, str] | None = None  # deadlines left out: «bỏ mấy cái hạn năm 2025 ra»
    keywords: tuple[str, ...] = ()  # content words for lexical search (Vietnamese)
    terms: tuple[str, ...] = ()  # domain phrases, Vietnamese ("chuyển đổi số"), also for English questions
    standalone: str = ""  # self-contained question text for retrieval (rewritten for follow-ups)
    is_follow_up: bool = False
    inherited: tuple[str, ...] = ()  # names of fields taken from the previous turn
    # A follow-up about what the last answer quoted («nghị định đó ban hành ngày nào?»): the chunks it quoted.
    quoted_before: tuple[str, ...] = ()
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

    @property
    def dense_text(self) -> str:
        """Text for the embedding model: an English question carries its Vietnamese terms too, so that it meets
        the Vietnamese passage that answers it («drafting or amending … laws» → «xây dựng, sửa đổi … Luật»)."""
        return self.search_text if self.language == "en" else self.standalone


@dataclass(frozen=True)
class ConversationState:
    """What the next turn may refer back to: the last query and the records shown for it."""

    last_query: Query | None = None
    last_record_refs: tuple[str, ...] = ()  # e.g. ("task:37", "task:41", "indicator:11.2")
    turn_count: int = 0
    last_quoted_chunks: tuple[str, ...] = ()  # the chunks the last answer quoted, in citation order

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

    def advance(self, query: Query, record_refs: Iterable[str] = (),
                quoted_chunks: Iterable[str] = ()) -> ConversationState:
        """The state after answering `query` with the given records shown and chunks quoted."""
        return ConversationState(
            last_query=query, last_record_refs=tuple(record_refs), turn_count=self.turn_count + 1,
            last_quoted_chunks=tuple(quoted_chunks),
        )


class AgencyMentionLike(Protocol):
    """`ingest.agencies.AgencyMention` as the parser reads it (read-only)."""

    @property
    def agency(self) -> Agency: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def surface(self) -> str: ...


class AgencyLookup(Protocol):
    """The part of `ingest.agencies.AgencyRegistry` the parser uses."""

    def find_mentions(self, text: str) -> Sequence[AgencyMentionLike]: ...

    def resolve(self, name_or_alias: str) -> Agency | None: ...


# ========================================================================================================
# Vocabulary patterns (over folded text)
# ========================================================================================================


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# «mấy việc», «bao nhiêu việc», «những việc nào»: a task named in everyday words.
_TASK_NOUN = _rx(r"\b(?:nhiem vu|tasks?|assignments?)\b|(?:(?<=\bmay )|(?<=\bbao nhieu )|(?<=\bnhung )|(?<=\bcac ))viec\b")
# «… theo Phụ lục I»: the appendix of indicators names what is asked as one.
_INDICATOR_NOUN = _rx(r"\b(?:chi tieu|indicators?|targets?|phu luc i|pl i|appendix i)\b")
_GOAL_NOUN = _rx(r"\b(?:muc tieu|goals?)\b")

_QUANT = _rx(
    r"\b(?:bao nhieu|so luong|tong so|tong cong|how many|how much|number of|what percentage|co may|thu may|"
    r"dem (?:giup|xem|dum|ho)|count)\b"
)
_LOCALITIES_IDS = ("cac-dia-phuong", "ubnd-cac-tinh")  # the localities and their people's committees
_LOCALITIES_LEAD = re.compile(
    r"(?<!quyen )(?<!nganh, )(?<!nganh )(?<!nganh va )\b(?:cac )?(?:dia phuong|tinh, thanh pho|tinh thanh|tinh)\b"
    r"(?=\s+(?:la (?:co quan |don vi )?|lam (?:co quan )?|duoc giao |dang |se )?chu tri)")
_NOW_NAMED = _rx(r"\b(?:nay|nay la|hien nay|hien nay la|bay gio|bay gio la|now|now the)\s*$")
_NUMBER_QUESTION = _rx(r"\b(?:so may|(?<!tong )so bao nhieu|so thu tu (?:bao nhieu|may|nao)|stt (?:bao nhieu|may)|what number|which number)\b")  # "nhiệm vụ số mấy"
_HEAD_TASK = _rx(r"^\s+(?:\w+\s+){0,2}?(?:nhiem vu|tasks?|assignments?|dong(?= (?:trong|cua|o) (?:danh muc|phu luc|bang))|"
                 r"rows?)\b|^\s+viec\b(?! (?:lam|phan bo|bo tri|trien khai)\b)")  # «mấy việc»: how many tasks
_HEAD_INDICATOR = _rx(r"^\s+(?:\w+\s+){0,2}?(?:chi tieu|indicators?|targets?)\b")
_HEAD_FUNCTION = _rx(r"^\s*(?:la|is|are|was|were|do|does|did|the|cua|trong|thi|\?|$)")
_FIGURE_NOUN = _rx(
    r"\b(?:kinh phi|ngan sach|von|ty dong|nghin ty|trieu|usd|doanh thu|kim ngach|xuat khau|ty le|ti le|"
    r"phan tram|toc do|so tien|ho so|doanh nghiep|thi sinh|chung thu|chu ky so|nen tang|de xuat|chuyen gia|"
    r"sang kien|tieu chi|xa|dia phuong|tinh|funding|budget|revenue|exports?|rate|percentage|percent|speed|"
    r"enterprises?|businesses|companies|platforms?|experts?|proposals?|students?|applications?|dossiers?|"
    r"criteria|communes?|provinces?|money|spending|investment|dau tu)\b|%"
)
# «share» is a measure as a noun («what share of»), not as a verb («refusal to share data»).
_MEASURE_NOUN = _rx(r"\b(?:ty le|ti le|kinh phi|doanh thu|kim ngach|phan tram|how much|percentage)\b|%|"
                    r"\bshare of\b|\b(?:what|the|a|its) share\b")
_FIGURE_START = _rx(r"^(?:so|tong so|ty le|ti le)\s+(?!hoa\b|nhiem vu\b)\w+")
_RANK = _rx(
    r"\b(?:(?:nhieu|it|cao|thap)(?:\s+\w+){1,4}\s+nhat|nhieu nhat|cao nhat|thap nhat|dung dau|xep hang|"
    r"the most|the fewest|most|fewest)\b"
)
_EXPLAIN = _rx(
    r"\b(?:la gi|nhu the nao|the nao|ra sao|tai sao|vi sao|de lam gi|trinh bay|giai thich|neu|quan diem|"
    r"muc tieu|y nghia|vai tro|noi dung|giai phap|dinh huong|tom tat|gom nhung gi|bao gom|what is|what are|"
    r"what does|why|how does|how do|how is|how will|explain|describe|summari[sz]e|overview|role of|"
    r"purpose|main points)\b"
)
_STRONG_EXPLAIN = _rx(
    r"\b(?:tai sao|vi sao|nhu the nao|ra sao|nguy co|nguyen nhan|y nghia|vai tro|bai hoc|noi gi|"
    r"de cap|why|how does|how do|how is|how are|explain|describe|what did|say|says|said)\b"
)
_COMPARE = _rx(
    r"\b(?:so sanh|khac nhau|khac gi|khac biet|giong nhau|compare|comparison|difference|differ|versus|vs)\b"
)
_COMPARATIVE = _rx(r"\b(?:hon|more|fewer|less|higher|lower|larger|smaller|bigger|greater)\b")
_ALTERNATIVE = _rx(r"\b(?:hay|hoac|or)\b")
_TARGET_YEAR = _rx(
    r"\b(?:den|toi|vao|dat|by|in|for)\s+(?:nam\s+)?(?:2030|2035|2045|2050)\b|\b(?:2030|2045) target\b"
)
# Things an agency chairs that are not tasks: "Thủ tướng chủ trì phiên họp".
_EVENT_NOUN = _rx(
    r"\b(?:phien hop|hoi nghi|cuoc hop|buoi lam viec|le|dien dan|hoi thao|meetings?|conferences?|forums?)\b"
)
_LIST_WORDS = _rx(
    r"\b(?:nhiem vu nao|nhung nhiem vu|cac nhiem vu|liet ke|danh sach|ke ten|which tasks?|what tasks?|"
    r"list|gom nhung|nhung gi|nhung viec|viec gi|nao)\b"
)
_STRONG_LIST = _rx(
    r"\b(?:nhiem vu nao|nhung nhiem vu|liet ke|danh sach|ke ten|which tasks?|what tasks?|list|tasks|"
    r"(?:nhung|cac) dong|dong nao|which rows)\b"
)

_ROLE_LEAD = _rx(
    r"\b(?:chu tri|phu trach|duoc giao|giao cho|dam nhiem|dam nhan|chiu trach nhiem|leads?|led|leading|"
    r"in charge|responsible|assigned)\b"
)
_ROLE_COORD = _rx(r"\b(?:phoi hop|tham gia|coordinat\w*|support(?:s|ing)?|assist\w*)\b")
_WHO_WORDS = (
    r"(?:ai|co quan nao|don vi nao|bo nao|nganh nao|ben nao|noi nao|nhung co quan nao|cac co quan nao|nhung bo nao|who|"
    r"which agenc\w*|which ministr\w*|what agenc\w*|which bod\w*)"
)
_LEAD_WORDS = (
    r"(?:chu tri|phu trach|duoc giao|giao cho|giao|dam nhiem|dam nhan|chiu trach nhiem|thuc hien|leads?|led|"
    r"in charge|responsible)"
)
_COORD_WORDS = r"(?:phoi hop(?: voi)?|tham gia|coordinat\w*|supports?)"


def _near(a: str, b: str) -> re.Pattern[str]:
    """`a` and `b` within three words of each other, in either order ("do ai chủ trì", "chủ trì là ai")."""
    return _rx(rf"\b{a}\s+(?:\w+\s+){{0,2}}?{b}\b|\b{b}\s+(?:\w+\s+){{0,2}}?{a}\b")


_WHO_LEAD = _near(_WHO_WORDS, _LEAD_WORDS)
_WHO_COORD = _near(_WHO_WORDS, _COORD_WORDS)
# "cơ quan chủ trì" as an attribute asked for, not "X là cơ quan chủ trì".
# «cơ quan chủ trì» as an attribute asked for, not «X là / làm / đứng tên cơ quan chủ trì» (a role filter).
_LEAD_SLOT = _rx(r"(?<!la )(?<!lam )(?<!ten )\b(?:co quan chu tri|lead agenc\w*)\b")
_COORD_SLOT = _rx(r"(?<!la )(?<!lam )(?<!ten )\bco quan phoi hop\b|\bco quan chu tri,?\s+(?:va\s+)?phoi hop\b")

# Phrases about a deadline, removed before looking for a progress status ("hạn hoàn thành" is no status).
_DEADLINE_PHRASE = _rx(
    r"\b(?:(?:thoi )?han hoan thanh|thoi gian hoan thanh|phai (?:\w+ ){0,3}?hoan thanh|"
    r"hoan thanh (?:truoc|trong|vao|khi|luc|den|cham nhat|nam|thang|quy)|cham nhat|muon nhat|tre nhat)\b"
)
# A window is a deadline filter only next to one of these.
_DEADLINE_WORD = _rx(
    r"(?<!qua )(?<!tre )\bhan\b(?! che)|\b(?:thoi han|han chot|deadlines?|due|den han|cham nhat|"
    r"(?:hoan thanh|xong)(?: ngay)? (?:truoc|trong|vao|den|nam|thang|quy))\b"
)
_WHEN = _rx(r"\b(?:khi nao|bao gio|luc nao|ngay nao|thoi diem nao|nam nao|thang nao|quy nao|when)\b")
_DEADLINE_ANCHOR = _rx(
    r"(?<!qua )\bhan\b(?! che)|\b(?:thoi han|phai|can phai|hoan thanh|xong|due|deadline|complet\w*|finish\w*|"
    r"by when)\b"
)
_DEADLINE_SLOT = _rx(
    r"(?<!qua )(?<!dung )(?<!tre )\b(?:han|thoi han|deadline)\s*(?:\?|$)|\bthoi han (?:the nao|ra sao|la gi)\b"
)
_DEADLINE_NOUN = _rx(r"\b(?:thoi han|han hoan thanh|thoi gian hoan thanh|han chot|deadlines?|due date)\b")

_STATUS_OVERDUE = _rx(
    r"\b(?:qua han|cham muon|cham tre|cham tien do|cham|tre han|chua hoan thanh|khong hoan thanh|overdue|late|"
    r"delayed|behind schedule|not (?:yet )?(?:been )?completed|unfinished|incomplete)\b"
)
_STATUS_PROGRESS = _rx(r"\b(?:dang (?:thuc hien|trien khai|lam)|in progress|ongoing|underway|under way)\b")
_STATUS_DONE = _rx(
    r"\b(?:da|duoc)(?:\s+\w+){0,5}?\s+hoan thanh\b|\bhoan thanh (?:dung han|xong|roi|chua)\b|"
    r"\bhoan thanh\s*(?:[?.,;]|$)|\b(?:completed|finished|done|accomplished)\b"
)
_RECURRING = _rx(
    r"\b(?:thuong xuyen|hang nam|dinh ky|lien tuc|recurring|annual|annually|every year|continuous|"
    r"on an ongoing basis|regular)\b"
)
_SORT_ASC = _rx(
    r"\b(?:som hon|som nhat|gan nhat|sap den han|earliest|earlier|soonest|sooner|due first|"
    r"sap xep theo (?:thoi )?han)\b"
)
_SORT_DESC = _rx(r"\b(?:muon hon|muon nhat|xa nhat|latest|later|due last)\b")

_ASK_DELIVERABLE = _rx(r"\b(?:san pham|ket qua|dau ra|deliverables?|outputs?|products?)\b")
_ASK_STATUS = _rx(r"\b(?:tien do|tinh trang|da hoan thanh chua|xong chua|hoan thanh chua|status|progress)\b")
_DELIVERABLE_TRIGGER = _rx(
    r"\b(?:san pham|ket qua|dau ra|hinh thuc|deliverables?|outputs?|products?|results?|produces?|"
    r"result in|results in|phai ra|can ra|must issue|must produce)\b"
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
    r"^(?:(?:the |vay |va )?con\b(?! so\b| lai\b)|con ve\b|va\b|the con\b|vay con\b|rieng\b|and\b|"
    r"what about\b|how about\b|and what about\b|what of\b)|"
    r"\b(?:thi sao|thi the nao|the thi sao|thi nhu the nao)\s*\??$|\b(?:what about|how about)\b"
)
# «Thế những tỉnh nào thấp nhất?», typed «the nhung tinh nao …»: «thế» opening a question goes on from the last one
# («thế giới», «thế mạnh», «thế nào là …» are words of their own).
_SO_THEN = re.compile(r"(?:thế|the),?\s+(?!giới|gioi|mạnh|manh|hệ|he\b|nào|nao|kỷ|ky\b|thì|thi\b|vị|vi\b|"
                      r"chỗ|cho\b|thôi|thoi\b|là|la\b)\w", re.IGNORECASE)
# «cái thứ ba là gì», «điều đầu tiên»: an item of what the last answer listed, named by its place only.
_ITEM_OF_LAST = _rx(r"^\s*(?:the |vay |con )?(?:cai|dieu) (?:thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|\d{1,2})|"
                    r"dau tien)\b")
_CONTINUATION_STRIP = re.compile(
    r"^(?:thế còn|vậy còn|và còn|còn về|còn|riêng|và|thế,?|and what about|what about|how about|and)\s+|"
    r"\s*(?:thì sao|thì thế nào|thì như thế nào|thế thì sao)?\s*\??\s*$",
    re.IGNORECASE,
)
_RESTRICT = _rx(
    r"\b(?:trong so (?:do|nay|tren|ay|vua neu)|trong do|"
    r"trong (?:cac|nhung|danh sach) (?:nhiem vu )?(?:do|nay|tren|ay|vua neu)|"
    r"(?:cac|nhung) (?:nhiem vu|viec) (?:do|nay|tren|ay|vua neu)|of them|of these|of those|among them|"
    r"among these|among those|which of|(?:cai|viec) nao\b(?=.*\bnhat\b)|"
    r"(?:chi )?(?:giu lai|loc (?:ra|lai)?|keep only|filter)\b.{0,20}\b(?:nhung|cac|cai|nhiem vu|ones?|those|tasks?))\b"
)
# The reorganisation of 2025 named before a year: «sau sắp xếp bộ máy năm 2025», «after the 2025 merger».
_REORGANISED = _rx(r"\b(?:sap xep|sap nhap|hop nhat|to chuc lai|tinh gon|merger|merged|reorgani[sz]\w*|restructur\w*)\b"
                   r"[^,.?;]{0,30}$")
# What a question leaves out, named before a date: «bỏ mấy cái hạn năm 2025 ra», «trừ các nhiệm vụ hạn 2025»,
# «excluding those due in 2025». «xoá bỏ các rào cản», «nước ngoài năm 2025» leave nothing out.
_EXCLUDED = re.compile(
    r"(?:(?<!xóa )(?<!xoá )\bbỏ (?:đi )?(?:những|các|mấy|hết)|\btrừ(?: đi)?(?: (?:những|các|mấy))?|\bloại(?: bỏ)? "
    r"(?:những|các|mấy)|\bkhông tính(?: (?:những|các|mấy))?|\bngoài (?:những|các|mấy)|\bexcept(?:ing)?|\bexcluding|"
    r"\bother than|\bapart from|\bleav(?:e|ing) out)\b[^,.?;]{0,30}$", re.IGNORECASE)
_WRITTEN_FORM = _rx(r"\b(?:chi ghi|ghi chung|keo dai|giai doan|chi co nam|moc keo dai)\b")
# «xong bao nhiêu rồi?», «đúng hạn mấy cái?»: a count of what the question does not name.
_BARE_COUNT = _rx(r"\b(?:bao nhieu|may)\s+(?:cai|roi)\b|\b(?:bao nhieu|may)\s*(?:[,?.!;]|$)")
_ANAPHORA_VI = _rx(
    r"\b(?:nhiem vu (?:do|nay|tren|ay|vua neu)|chi tieu (?:do|nay|tren|ay)|van ban (?:do|nay|tren)|"
    r"(?:co quan|bo) (?:do|nay|tren|ay))\b"
)
# A thing of the last answer named by a common noun and a demonstrative («việc đó», «khoản này»), or «nó».
_TOPIC_ANAPHORA_VI = _rx(
    r"\b(?:viec|khoan|so tien|khoan tien|nghi quyet|chuong trinh|de an|ke hoach|muc tieu|noi dung|con so|so lieu|"
    r"giai phap|trung tam|nen tang|tieu chi|hoi nghi|cuoc hop|phien hop|buoi lam viec|buoi|bao cao|du an|luat|van ban|nghi dinh|quyet dinh|thong tu|chi thi|"
    r"tinh|dia phuong|tinh thanh) "
    r"(?:do|nay|tren|ay|vua neu|kia)\b"
)
# «chỉ tiêu đó», «that indicator»: the indicators the last answer showed.
_THAT_INDICATOR = _rx(r"\bchi tieu (?:do|nay|tren|ay|vua neu)\b|\b(?:that|this|the same) (?:indicator|target)\b")
# Words of a question about an indicator's particulars, not its measure: «cơ quan nào theo dõi chỉ tiêu đó?».
_INDICATOR_FRAME = frozenset("co quan theo doi chi tieu danh gia muc tieu agency monitors monitored tracks indicator "
                             "target don vi".split())
# «nó» (it) is only read as written: folded, it would also be «nợ».
_IT_VI = re.compile(r"(?<!\w)nó(?!\w)", re.IGNORECASE)
# "it", "them" only count in English: folded Vietnamese "ít" is "it".
_ANAPHORA_EN = _rx(r"\b(?:this task|that task|these tasks|those tasks|these|those|them|it|its|they)\b")

# Words that only say *what about* the subject is asked (slot words), not *which* subject.
SLOT_WORDS: frozenset[str] = word_set(
    """
    han thoi hoan thanh khi nao chu tri phoi hop co quan san pham ket qua dau nhiem vu som muon nhat hon
    deadline when due who lead leads task tasks agency status tien do tinh trang thuc hien gian cuoi chot
    which what where is are it them these those ai don vi bo nganh ngay luc diem gio sao the nhu
    danh sach liet ke trong so cac nhung va con vay thi nua ve hay rieng giao duoc cho xem chi tiet cu
    van ban loai gi ben noi phai xong lam bao gio roi cai dung
    """
)

_GENERIC_DOMAIN = _rx(
    r"\b(?:nghi quyet|nhiem vu|chi tieu|khoa hoc|cong nghe|doi moi|sang tao|chuyen doi so|kinh te so|du lieu|"
    r"ha tang|the che|kinh phi|ngan sach|chinh phu|thu tuong|ban chi dao|bo nganh|ket luan|chuong trinh|"
    r"ke hoach|de an|luat|nghi dinh|quyet dinh|thong tu|thoi han|qua han|cham muon|tien do|bao cao|"
    r"doanh nghiep|nhan luc|nen tang so|dich vu cong|truc tuyen|trien khai|muc tieu|quan diem|giai phap|"
    r"nghien cuu|khoi nghiep|ban dan|chien luoc|chu tri|phoi hop|co quan|57|nq57|tasks?|ministry|ministries|"
    r"resolution|indicators?|targets?|deadline|overdue|digital|innovation|science|technology|government|"
    r"agency|agencies|funding|budget|steering|infrastructure|database|semiconductor|startup|phu song|vien thong|"
    r"internet|5g|co so du lieu)\b"
)
_CITED_REPORT = _rx(
    r"\b(?:theo|trong|tai|nhu|according to|in)\s+(?:the\s+)?(?:\w+\s+){0,3}?"
    r"(?:bao cao|giao ban|tin|thong bao ket luan|ke hoach so|report|briefing)\b|\bhoi nghi giao ban\b|^\s*giao ban\b"
)
_CHITCHAT = tuple(_rx(p) for p in CHITCHAT_PATTERNS)
_OFF_TOPIC = tuple(_rx(p) for p in OFF_TOPIC_PATTERNS)

_MAY_WORD = re.compile(r"(?<!\w)mấy(?!\w)")  # "mấy" (how many); folded it collides with "máy" (machine)
_AI_ACRONYM = re.compile(r"\bAI\b")  # "AI" is artificial intelligence, not "ai" (who)
# Heads of ministry names; what follows them is tried against the registry word by word.
_MINISTRY_HEAD = re.compile(r"(?<!\w)(ministry|bộ|bo)\s+(?:of\s+)?", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
_KEYWORD = re.compile(r"\d+(?:\.\d+)+|\w+(?:&\w+)+|\w+", re.UNICODE)  # "11.2", "R&D" stay one keyword

# An agency named only as the issuer of a document or inside a law's title is not what the question is about.
_ISSUER_HEAD = re.compile(
    r"(?:(?:nghi quyet|chuong trinh hanh dong|thong bao ket luan|ket luan|nghi dinh|quyet dinh|chi thi|"
    r"ke hoach|van ban)[^,.;?!]{0,70}\b(?:cua|do)|(?:chi tieu|muc tieu)[^,.;?!]{0,20}\bcua|\bluat(?: (?!do\b|giao\b|cho\b|voi\b)\w+){1,2})\s*$"
)
# "Chính phủ số" is a term; "the Government's action programme" names the programme's issuer.
_TERM_TAIL = re.compile(r"^\s*(?:so|dien tu|kien tao|so hoa)\b|^\s*['’]s\s+(?:action\s+)?(?:programme|program|plan|"
                        r"resolution|decree|decision|conclusions?|directive)\b")
# "Phó Thủ tướng" is a person, not the agency "Thủ tướng"; "(nguyên) Bộ trưởng Bộ KH&CN" names a person by office.
_DEPUTY = re.compile(r"\b(?:pho|(?:nguyen |thu |pho )?bo truong|thu truong)\s*$")
_NUMERAL_BEFORE = re.compile(r"\b(?:\d+|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s*$")  # "Năm bộ, ngành"


# ========================================================================================================
# Dates
# ========================================================================================================

DateOp = Literal["in", "before", "until", "after", "from", "as_of", "source"]
DateKind = Literal["day", "month", "quarter", "half", "year"]


@dataclass(frozen=True)
class DateMention:
    """A time expression in a question, resolved to a calendar window."""

    start: date
    end: date
    kind: DateKind
    op: DateOp
    span: tuple[int, int]  # in the folded (= normalized) text


_ROMAN_IN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ORDINAL_Q = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": 4,
}
_MONTHS_EN = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_EN_RX = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
# A month named in full; «may» only before a year, where it is no verb.
_MONTH_NAMED = re.compile(r"\b(january|february|march|april|june|july|august|september|october|november|december|"
                          r"may(?=,?\s+(?:19|20)\d\d))\b")
_YEAR = r"((?:19|20)\d{2})"

# Most specific first; a later pattern never takes text an earlier one matched.
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", _rx(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"(?![\d/])")),
    ("dmy", _rx(r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*" + _YEAR)),
    ("dmy_en", _rx(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_EN_RX + r")\.?,?\s+" + _YEAR)),
    ("mdy_en", _rx(r"\b(" + _MONTH_EN_RX + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR)),
    (
        "half",
        _rx(r"\b(nua dau|6 thang dau|nua cuoi|6 thang cuoi|first half|second half)\s*(?:nam|of)?\s*" + _YEAR),
    ),
    ("quarter", _rx(r"\bquy\s*(iv|iii|ii|i|[1-4])\b\s*(?:(?:[/-]|nam)\s*" + _YEAR + r")?")),
    ("quarter", _rx(r"\bq([1-4])\b\s*(?:[/-]?\s*" + _YEAR + r")?")),
    (
        "quarter_en",
        _rx(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last) quarter\b(?:\s*(?:of\s*)?" + _YEAR + r")?"),
    ),
    ("month", _rx(r"\bthang\s*(\d{1,2})\s*(?:[/-]|nam)\s*" + _YEAR + r"(?![\d/])")),
    ("month", _rx(r"(?<![\w/.\-])(\d{1,2})\s*/\s*" + _YEAR + r"(?![\w/])")),
    ("month_en", _rx(r"\b(" + _MONTH_EN_RX + r")\.?\s*(?:of\s*)?" + _YEAR + r"\b")),
    ("month_noyear", _rx(r"\bthang\s*(\d{1,2})\b(?!\s*(?:[/-]|nam)\s*\d)")),
    ("year_range", _rx(r"\b(?:giai doan\s*)?" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"\b")),
    ("year", _rx(r"(?<![\w/.\-])" + _YEAR + r"(?![\w/\-])")),
)

_OP_PATTERNS: tuple[tuple[DateOp, re.Pattern[str]], ...] = (
    (
        "as_of",
        _rx(
            r"\b(?:tinh den|tinh toi|as of|cap nhat den|cap nhat toi|so lieu den)\s*(?:het\s*)?"
            r"(?:ngay|thang|nam|quy)?\s*$"
        ),
    ),
    (
        "source",
        _rx(
            r"\b(?:bao cao|giao ban|tin|phien hop|hoi nghi|dien dan|van ban|cong van|to trinh|"
            r"thong bao|buoi lam viec|ky|ban hanh|report|meeting)\b(?:\s+\w+){0,3}?\s*"
            r"(?:ngay|thang|nam|quy|of|in|dated)?\s*$"
        ),
    ),
    (
        "before",
        _rx(r"\b(?:truoc|before|earlier than|prior to)\s*(?:ngay|thang|nam|quy|the end of|end of)?\s*$"),
    ),
    (
        "until",
        _rx(
            r"\b(?:den|toi|cham nhat|cham nhat la|by|until|till|no later than|up to)\s*(?:het\s*)?"
            r"(?:ngay|thang|nam|quy|the end of|end of)?\s*$"
        ),
    ),
    ("after", _rx(r"\b(?:sau|after|later than)\s*(?:ngay|thang|nam|quy)?\s*$")),
    ("from", _rx(r"\b(?:tu|from|since|ke tu|bat dau tu|starting)\s*(?:ngay|thang|nam|quy)?\s*$")),
)
_ONWARD = _rx(r"^\s*(?:tro (?:ve|di) sau|tro di|onwards?|and later|or later)\b")
_BACKWARD = _rx(r"^\s*(?:tro (?:ve|lai) truoc|ve truoc|tro xuong|or earlier|and earlier|or before)\b")
_ANY_YEAR = _rx(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _month_window(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def find_dates(folded: str, default_year: int | None = None) -> list[DateMention]:
    """Every time expression in `folded`, in order, no two overlapping. A month or quarter written
    without a year takes `default_year`, else the last year written in the same question."""
    years = _ANY_YEAR.findall(folded)
    year_hint: int | None = default_year if default_year is not None else (int(years[-1]) if years else None)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            window = _window(kind, m, year_hint)
            if window is None:
                continue
            start, end, k = window
            prefix = folded[max(0, m.start() - 40) : m.start()]
            op: DateOp = "in"
            for name, op_rx in _OP_PATTERNS:
                if op_rx.search(prefix):
                    op = name
                    break
            if op == "in" and _ONWARD.match(folded[m.end() :]):
                op = "from"  # "từ năm 2027 trở về sau", "2027 onwards"
            if _BACKWARD.match(folded[m.end() :]):
                op = "until"  # "(từ) tháng 3/2025 trở về trước", "March 2025 or earlier"
            taken.append((m.start(), m.end()))
            found.append(DateMention(start, end, k, op, (m.start(), m.end())))
    found.sort(key=lambda d: d.span)
    return found


def _window(kind: str, m: re.Match[str], default_year: int | None) -> tuple[date, date, DateKind] | None:
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
            q_year = int(g[1]) if g[1] else default_year
            if q_year is None:
                return None
            return _month_window(q_year, 3 * q - 2)[0], _month_window(q_year, 3 * q)[1], "quarter"
        if kind == "month":
            s, e = _month_window(int(g[1]), int(g[0]))
            return s, e, "month"
        if kind == "month_en":
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
            return date(int(g[0]), 1, 1), date(int(g[0]), 12, 31), "year"
    except ValueError:  # "29/2025" in a document number is not a month
        return None
    return None


def window_from(mentions: Sequence[DateMention]) -> tuple[date | None, date | None]:
    """Combine date mentions (not as-of or source dates) into one [from, to] window."""
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
    """Vietnamese words for a window: 'tháng 6/2025', 'quý II/2025', 'năm 2025', 'đến ngày 31/8/2025'."""
    f = date.fromisoformat(due_from) if due_from else None
    t = date.fromisoformat(due_to) if due_to else None

    def dmy(d: date) -> str:
        return f"{d.day}/{d.month}/{d.year}"

    if f and t:
        if f == date(f.year, 1, 1) and t == date(t.year, 12, 31):
            return f"năm {f.year}" if f.year == t.year else f"giai đoạn {f.year}-{t.year}"
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


# ========================================================================================================
# Parser
# ========================================================================================================


@dataclass(frozen=True)
class _Mention:
    agency: Agency
    surface: str
    start: int  # in the normalized text; -1 when found only before abbreviation expansion
    end: int


@dataclass(frozen=True)
class _Features:
    """What the classifier looks at."""

    folded: str
    domain_text: str  # folded text with agency names blanked (their words say nothing about the topic)
    has_agency: bool
    local_only: bool  # every agency is a province/city (place names also appear in off-topic questions)
    agency_count: int
    task_numbers: bool
    indicator_numbers: bool
    task_noun: bool
    indicator_noun: bool
    role_explicit: bool
    who_asked: bool  # asks who leads/coordinates
    deadline_question: bool  # asks when something is due
    deliverable_asked: bool
    status: bool
    window: bool
    deliverable: bool
    recurring: bool
    sort: bool
    quantity_word: bool  # "mấy" written with diacritics


@dataclass(frozen=True)
class _Signals:
    """What one question says on its own, before the conversation is taken into account."""

    continuation: bool  # "Còn ... thì sao?", "What about ...?"
    restrict: bool  # "trong số đó", "which of them"
    anaphora: bool  # "nhiệm vụ này", "it"
    topic_anaphora: bool  # "việc đó", "khoản này", "nó": something the last answer spoke of
    has_subject: bool  # names an agency, a task/indicator number or a topic
    has_filters: bool  # a window, status, deliverable or recurring deadline of its own
    bare_count: bool  # "xong bao nhiêu rồi?": counts what it does not name
    confident_intent: bool  # the intent came from a marker, not from the default
    role_explicit: bool
    deadline_window: bool  # its window is a deadline filter


class QueryParser:
    """Reads questions into `Query` objects; one instance serves every conversation (it holds no state)."""

    def __init__(self, registry: AgencyLookup, default_year: int | None = None) -> None:
        self._registry = registry
        # A month or quarter written without any year ("quý II") takes this year; None leaves it unread.
        self._default_year = default_year

    # ---- public --------------------------------------------------------------------------------------

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
        if state is not None and prev is not None and _is_follow_up(own, signals):
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

    # ---- one question on its own ---------------------------------------------------------------------

    def _analyse(
        self, text: str, filters: QuestionFilters, default_year: int | None
    ) -> tuple[Query, _Signals]:
        base = collapse_ws(nfc(text))
        normalized = expand_abbreviations(base)
        folded = fold(normalized)
        if len(folded) != len(normalized):  # spans below index both; keep them aligned (rare characters)
            normalized = "".join(ch if len(fold(ch)) == 1 else " " for ch in normalized)
            folded = fold(normalized)
        language = detect_language(base)

        deliverable, deliverable_span = _find_deliverable(folded)
        mentions = self._agencies(normalized, folded, deliverable_span, base)
        agencies = tuple(m.agency for m in mentions)
        domain_chars = list(folded)
        for m in mentions:
            if m.start >= 0:
                domain_chars[m.start : m.end] = " " * (m.end - m.start)
        domain_text = "".join(domain_chars)

        task_numbers = tuple(int(n) for n in _numbers(_TASK_NUMBER, folded, int_values=True))
        indicator_numbers = tuple(_numbers(_INDICATOR_NUMBER, folded, int_values=False))

        dates = tuple(find_dates(folded, default_year))
        window_mentions = [d for d in dates if d.op not in ("as_of", "source")]
        # Where each date is named as left out: «bỏ mấy cái hạn năm 2025 ra», «trừ các nhiệm vụ hạn 2025».
        cuts: dict[DateMention, tuple[int, int]] = {}
        for d in window_mentions:
            start = max(0, d.span[0] - 40)
            cut = _EXCLUDED.search(normalized[start:d.span[0]])
            if cut:
                cuts[d] = (start + cut.start(), d.span[1])
        left_out = [d for d in window_mentions if d in cuts]
        kept = [d for d in window_mentions if d not in cuts]
        in_from, in_to = window_from(kept)
        out_from, out_to = window_from(left_out)
        # An open end («sau tháng 6/2026») is not covered by what is left out.
        covered = bool(in_from and in_to and out_from and out_to and out_from <= in_from and in_to <= out_to)
        if left_out and (_WRITTEN_FORM.search(folded) or covered):
            # «hạn đúng 12/2025 (không tính những nhiệm vụ chỉ ghi năm 2025)», «không tính loại kéo dài
            # '2025 - 2026'»: what is left out is a way of writing the deadline, not the period asked about.
            left_out = []
        # What is left out does not say what is asked: «Bỏ mấy cái hạn năm 2025 ra …» counts nothing.
        left_spans = [cuts[d] for d in left_out]
        asked_folded, asked_normalized = _blank(folded, left_spans), _blank(normalized, left_spans)
        window_mentions = [d for d in window_mentions if d not in left_out]
        excluded_from, excluded_to = window_from(left_out)
        excluded_due = (excluded_from.isoformat(), excluded_to.isoformat()) if excluded_from and excluded_to else None
        period_from, period_to = window_from(window_mentions)
        as_of_mentions = [d for d in dates if d.op == "as_of"]
        as_of = as_of_mentions[-1].end.isoformat() if as_of_mentions else None

        # «Bộ GD&ĐT đứng đầu danh sách cơ quan có nhiệm vụ quá hạn. Trong Phụ lục II, Bộ này chủ trì những nhiệm vụ
        # nào?»: what a statement before the question tells is no filter on what it asks.
        asking = _asking_start(folded)
        # «… trước tháng 9/2025 (tức là đã qua hạn vào thời điểm lập báo cáo)»: an aside that explains is no filter.
        asides = [m.span() for m in _ASIDE.finditer(folded)]
        status = _status(_blank(folded, asides)[asking:], _blank(normalized, asides)[asking:])
        lead = bool(_ROLE_LEAD.search(folded))
        coord = bool(_ROLE_COORD.search(folded))
        role: AgencyRole = "lead" if lead and not coord else "coordinating" if coord and not lead else "any"
        role_explicit = lead or coord
        deadline_kind: Literal["recurring"] | None = "recurring" if _RECURRING.search(folded) else None
        sort: Sort | None = (
            "due_asc" if _SORT_ASC.search(folded) else "due_desc" if _SORT_DESC.search(folded) else None
        )

        # "AI" (artificial intelligence) must not read as "ai" (who).
        ask_text = folded
        for acronym in _AI_ACRONYM.finditer(normalized):
            ask_text = ask_text[: acronym.start()] + "xx" + ask_text[acronym.end() :]
        asks = _asks(
            ask_text,
            task_numbers=bool(task_numbers),
            deliverable=deliverable is not None,
            window=bool(window_mentions),
            recurring=deadline_kind is not None,
            sort=sort is not None,
        )

        keywords, terms = _keywords(normalized, language)
        # «ký ngày nào?», «ban hành khi nào?»: signing or issuing, said of no document, is no subject.
        # «còn quá hạn mấy cái», «cái đầu tiên là gì»: «cái» (thing) stands for what was asked before.
        item_of_last = _ITEM_OF_LAST.search(folded)
        item_words = set(item_of_last.group(0).split()) if item_of_last else set()
        topic_words = [k for k in keywords if fold(k) not in SLOT_WORDS and not k.isdigit()
                       and fold(k) not in _DOCUMENT_VERBS
                       and not (fold(k) == "cai" and (k.lower() == "cái" or _BARE_COUNT.search(folded)))
                       and not (language == "vi" and k == fold(k) and fold(k) in UNTONED_STOP)
                       and fold(k) not in item_words]
        has_subject = bool(agencies) or bool(task_numbers) or bool(indicator_numbers) or bool(topic_words)

        features = _Features(
            folded=asked_folded,
            domain_text=domain_text,
            has_agency=bool(agencies),
            local_only=all(a.kind == "dia_phuong" for a in agencies),
            agency_count=len(agencies),
            task_numbers=bool(task_numbers),
            indicator_numbers=bool(indicator_numbers),
            task_noun=bool(_TASK_NOUN.search(folded)),
            indicator_noun=bool(_INDICATOR_NOUN.search(folded)),
            role_explicit=role_explicit,
            who_asked="lead" in asks or "coordinating" in asks,
            deadline_question=_deadline_question(ask_text) and not task_numbers,
            deliverable_asked="deliverable" in asks,
            status=status is not None,
            window=bool(window_mentions),
            deliverable=deliverable is not None,
            recurring=deadline_kind is not None,
            sort=sort is not None,
            quantity_word=bool(_MAY_WORD.search(asked_normalized.lower())),
        )
        intent, confident, record_kind = _classify(features)
        if (
            intent == "count"
            and record_kind == "task"
            and (any(d.op == "source" for d in dates) or _CITED_REPORT.search(folded))
            and not re.search(r"\b(?:phu luc (?:ii|2)|appendix (?:ii|2))\b", folded)
        ):
            # "Theo báo cáo tháng 9/2025, Bộ Tài chính được giao bao nhiêu nhiệm vụ?": a figure the report
            # states, not a count of the Phụ lục II rows.
            intent, record_kind = "figure", None

        if "lead" in asks or "coordinating" in asks:
            # A role word next to "ai"/"cơ quan nào" names what is asked, not a filter on the agencies named.
            lead_filter = lead and "lead" not in asks
            coord_filter = coord and "coordinating" not in asks
            role = (
                "lead"
                if lead_filter and not coord_filter
                else "coordinating"
                if coord_filter and not lead_filter
                else "any"
            )
        if not (
            intent in TASK_INTENTS
            or intent in ("count", "indicator")
            or (intent == "explain" and not has_subject)
        ):
            asks = ()  # attributes of tasks (for indicators "lead" is the monitoring agency), or elliptical

        deadline_window = bool(_DEADLINE_WORD.search(folded)) or (intent in TASK_INTENTS and status is None)
        if "deadline" in asks:
            deadline_window = False  # "... giai đoạn 2025-2030 có hạn khi nào?": the date names the task
        due_from = due_to = None
        horizon: int | None = None
        if intent == "indicator" or record_kind == "indicator":
            # «Sau sắp xếp bộ máy năm 2025 thì …»: the year of the reorganisation is no target year.
            years = [d.end.year for d in window_mentions if d.kind == "year"
                     and not _REORGANISED.search(folded[max(0, d.span[0] - 40):d.span[0]])]
            horizon = years[-1] if years else None
        elif deadline_window and intent in ("task_list", "task_lookup", "count", "compare"):
            due_from = period_from.isoformat() if period_from else None
            due_to = period_to.isoformat() if period_to else None

        query = Query(
            original=text,
            normalized=normalized,
            folded=folded,
            language=language,
            intent=intent,
            agencies=agencies,
            role=role,
            task_numbers=task_numbers,
            indicator_numbers=indicator_numbers,
            due_from=due_from,
            due_to=due_to,
            deadline_kind=deadline_kind,
            deliverable=deliverable,
            status=status,
            as_of=as_of,
            period_from=period_from.isoformat() if period_from else None,
            period_to=period_to.isoformat() if period_to else None,
            excluded_due=excluded_due,
            horizon=horizon,
            metric=_metric(folded, intent, status, bool(agencies)),
            record_kind=record_kind,
            asks=asks,
            sort=sort,
            keywords=keywords,
            terms=terms,
            standalone=normalized,
            filters=filters,
            agency_surfaces=tuple(m.surface for m in mentions),
            date_surfaces=tuple(normalized[d.span[0] : d.span[1]] for d in dates),
        )
        anaphora = bool(_ANAPHORA_VI.search(folded)) or (language == "en" and bool(_ANAPHORA_EN.search(folded)))
        topic_anaphora = bool(_TOPIC_ANAPHORA_VI.search(folded)) or bool(_IT_VI.search(normalized))
        # «Thế …» goes on from the last question unless the question says what it refers to («… của nó»).
        so_then = language == "vi" and bool(_SO_THEN.match(normalized)) and not (anaphora or topic_anaphora)
        signals = _Signals(
            continuation=bool(_CONTINUATION.search(folded)) or so_then,
            restrict=bool(_RESTRICT.search(folded)) or excluded_due is not None,
            anaphora=anaphora,
            topic_anaphora=topic_anaphora,
            has_subject=has_subject,
            has_filters=bool(window_mentions)
            or excluded_due is not None
            or status is not None
            or deliverable is not None
            or deadline_kind is not None,
            bare_count=bool(_BARE_COUNT.search(folded)),
            confident_intent=confident,
            role_explicit=role != "any" or (role_explicit and not ("lead" in asks or "coordinating" in asks)),
            deadline_window=due_from is not None or due_to is not None,
        )
        return query, signals

    def _agencies(
        self, normalized: str, folded: str, deliverable_span: tuple[int, int] | None, base: str
    ) -> list[_Mention]:
        """Agencies the question is about. The text before abbreviation expansion is searched too, for
        short forms the registry knows but the lexicon rewrote."""
        found: dict[str, _Mention] = {}
        rejected: set[str] = set()
        for text, text_folded, span in ((normalized, folded, deliverable_span), (base, fold(base), None)):
            aligned = len(text_folded) == len(text)
            for mention in self._registry.find_mentions(text):
                agency = mention.agency
                if agency.id in found or agency.id in rejected:
                    continue
                if aligned and _not_an_agency_here(agency, text_folded, mention.start, mention.end, span):
                    rejected.add(agency.id)
                    continue
                in_normalized = text is normalized
                found[agency.id] = _Mention(
                    agency,
                    mention.surface,
                    mention.start if in_normalized else -1,
                    mention.end if in_normalized else -1,
                )
        for agency, surface, start, end in self._partial_names(normalized, list(found.values())):
            if agency.id not in found and agency.id not in rejected:
                found[agency.id] = _Mention(agency, surface, start, end)
        # «Địa phương chủ trì những nhiệm vụ nào?», «các tỉnh làm chủ trì»: the localities as a lead, though the
        # bare word is too common to be a name elsewhere («chính quyền địa phương»).
        bare = _LOCALITIES_LEAD.search(folded)
        if bare and not any(m.start >= 0 and m.start <= bare.start() < m.end for m in found.values()):
            for agency_id in _LOCALITIES_IDS:
                localities = self._registry.get(agency_id)
                if localities is not None and localities.id not in found:
                    found[localities.id] = _Mention(localities, normalized[bare.start():bare.end()], bare.start(),
                                                    bare.end())
        mentions = sorted(found.values(), key=lambda m: (m.start < 0, m.start))
        if _COMPARE.search(folded) or _COMPARATIVE.search(folded):
            return mentions
        # «Bộ TT&TT cũ (nay là Bộ KH&CN)»: a successor introduced by «nay» explains who carries the
        # predecessor's tasks now; the tasks asked about are the predecessor's, and the answer names the
        # successor in its merger note. «Bộ Tài chính (sau khi hợp nhất Bộ KH&ĐT)» asks about both.
        successors = {m.agency.merged_into for m in mentions if m.agency.merged_into}
        return [m for m in mentions if not (
            m.agency.id in successors and m.start >= 0 and _NOW_NAMED.search(folded[max(0, m.start - 20):m.start]))]

    def _partial_names(self, text: str, known: Sequence[_Mention]) -> list[tuple[Agency, str, int, int]]:
        """Shortened ministry names the mention finder does not know ("the Ministry of Education",
        "Bộ Giáo dục"): the longest run of words after the head that the registry resolves."""
        out: list[tuple[Agency, str, int, int]] = []
        for m in _MINISTRY_HEAD.finditer(text):
            if any(k.start <= m.start() < k.end for k in known if k.start >= 0):
                continue
            tail_words = list(_WORD.finditer(text[m.end() :]))[:6]
            shortest = 2 if fold(m.group(1)) == "bo" else 1  # "Bộ" + at least two words; "Ministry of" + one
            for n in range(len(tail_words), shortest - 1, -1):
                end = m.end() + tail_words[n - 1].end()
                agency = self._registry.resolve(text[m.start() : end])
                if agency is not None:
                    out.append((agency, text[m.start() : end], m.start(), end))
                    break
        return out

    # ---- conversation --------------------------------------------------------------------------------

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

        def take_fields(names: Sequence[str]) -> None:
            for name in names:
                updates[name] = take(name, getattr(own, name), getattr(prev, name))

        intent: Intent
        # An explanation answered from the text may show a row beside its passages; the follow-up still asks of them.
        about_the_text = own.asks and not signals.continuation and not (
            prev.intent in TASK_INTENTS or prev.task_numbers) and (not shown or prev.intent == "explain")
        if (signals.topic_anaphora and not (signals.restrict or signals.continuation or signals.anaphora) and not (
                prev.intent in TASK_INTENTS and shown)) or about_the_text:
            # «Việc đó phải xong trước ngày nào?»: a new question about what the last one was about. It keeps its
            # own intent; its words come first and the last question's follow, for retrieval. «Hạn chót là ngày
            # nào?» after a figure the text states (no task shown) asks the same of that passage.
            standalone = collapse_ws(f"{own.normalized} ({prev.standalone})")
            keywords, terms = _keywords(standalone, own.language)
            return replace(own, is_follow_up=True, standalone=standalone,
                           keywords=tuple(dict.fromkeys((*own.keywords, *keywords))),
                           terms=tuple(dict.fromkeys((*own.terms, *terms))), inherited=("topic",),
                           quoted_before=state.last_quoted_chunks)
        # «Trong đó chi thường xuyên … bao nhiêu?» after a figure: part of that figure, not of the tasks cited with it.
        if signals.restrict and shown and not (prev.intent == "figure" and own.intent == "figure"):
            # "Nhiệm vụ nào trong số đó có hạn sớm hơn?": the records just shown, re-filtered or re-sorted.
            intent = "count" if own.intent == "count" else "task_list"
            updates["restrict_to"] = tuple(shown)
            inherited.append("restrict_to")
            take_agency_and_role()
            updates["task_numbers"] = ()
            updates["record_kind"] = "task"
        elif (signals.continuation and not _attribute_only(own, signals, shown)) or (
                signals.has_filters and not signals.has_subject):
            # "Còn Bộ Tài chính thì sao?", "Còn năm 2026?": the previous question with what is named replaced.
            intent = own.intent if signals.confident_intent else prev.intent
            take_agency_and_role()
            updates["task_numbers"] = take("task_numbers", own.task_numbers, prev.task_numbers)
            if own.agencies and not own.task_numbers and prev.intent == "task_lookup" and prev.task_numbers:
                intent, updates["task_numbers"] = "task_list", ()
                inherited.remove("task_numbers")
            take_period()
            take_fields(
                ("indicator_numbers", "status", "deliverable", "deadline_kind", "as_of", "horizon", "sort")
            )
            take_fields(("record_kind", "asks"))
            if prev.metric and not set(prev.metric) <= set(own.metric):
                updates["metric"] = tuple(dict.fromkeys((*own.metric, *prev.metric)))
                inherited.append("metric")
            # The records shown last still apply only while neither the agency nor the window changes.
            if prev.restrict_to and not (own.agencies or own_window):
                updates["restrict_to"] = prev.restrict_to
                inherited.append("restrict_to")
        elif own.intent in ("count", "figure", "indicator", "compare") and signals.confident_intent:
            # "Có bao nhiêu nhiệm vụ?" after a list: the same selection, counted.
            intent = own.intent
            take_agency_and_role()
            take_period()
            take_fields(("status", "deliverable", "deadline_kind", "as_of", "horizon"))
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
                intent = prev.intent if prev.intent in TASK_INTENTS else "task_list"
                take_agency_and_role()
                take_period()
                take_fields(("status", "deliverable", "deadline_kind"))
            updates["record_kind"] = "task"
        else:
            # "Tại sao?", "Nói rõ hơn": the same subject, asked again.
            intent = own.intent if signals.confident_intent else prev.intent
            take_agency_and_role()
            take_period()
            take_fields(("task_numbers", "indicator_numbers", "as_of", "horizon", "record_kind"))
            if intent in ("count", "figure", "indicator", "compare"):
                take_fields(("metric",))
                if own.agencies:
                    take_fields(("status",))  # «Hà Nội chiếm bao nhiêu trong số đó?» after the overdue count

        merged = replace(own, intent=intent, is_follow_up=True, **updates)  # type: ignore[arg-type]
        if (not merged.indicator_numbers and state.last_indicator_numbers
                and _THAT_INDICATOR.search(own.folded)
                and not [k for k in own.keywords if fold(k) not in _INDICATOR_FRAME and fold(k) not in SLOT_WORDS]):
            # «còn cơ quan nào theo dõi chỉ tiêu đó?»: the indicators just shown, when it names no other measure.
            merged = replace(merged, indicator_numbers=state.last_indicator_numbers, record_kind="indicator")
            inherited.append("indicator_numbers")
        if merged.agencies and merged.metric:
            # The previous turn counted all tasks; this one asks about one agency.
            per_agency = {"tasks_total": "agency_task_count", "tasks_overdue": "agency_overdue"}
            merged = replace(merged, metric=tuple(dict.fromkeys(per_agency.get(m, m) for m in merged.metric)))
        deadline_window = (
            signals.deadline_window
            or prev.due_from is not None
            or prev.due_to is not None
            or (intent in TASK_INTENTS and merged.status is None)
        )
        merged = _settle_windows(merged, deadline_window and "deadline" not in merged.asks)
        standalone, agency_surfaces, date_surfaces = _rewrite(merged, own, prev, signals)
        keywords, terms = _keywords(standalone, own.language)
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


_DOCUMENT_VERBS = frozenset({"ky", "ky ban hanh", "ban hanh", "signed", "issued"})


def _is_follow_up(own: Query, signals: _Signals) -> bool:
    """A question that names its own subject is read on its own unless it says it continues ("Còn ...")."""
    if own.intent in ("chitchat", "out_of_scope"):
        return False
    if signals.continuation or signals.restrict:
        return True
    if (signals.anaphora or signals.topic_anaphora) and not (own.agencies or own.task_numbers or own.indicator_numbers):
        return True
    # Elliptical: asks about something without naming what ("Hạn hoàn thành là khi nào?").
    return not signals.has_subject and (not signals.has_filters or signals.bare_count)


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces: what is left keeps its offsets (folded and NFC text stay aligned)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _asking_start(folded: str) -> int:
    """Where the question proper starts after the statements that open it (0 when none does). A question that
    only asks whether they are right («Có đúng vậy không?») asks about them."""
    start = 0
    for m in re.finditer(r"[.!]\s+(?=\w)", folded):
        told, rest = folded[start:m.start()], folded[m.end():]
        if "?" in told or QUESTION_WORD.search(told) or not QUESTION_WORD.search(rest):
            break
        start = m.end()
    if start and (_CONFIRMATION.search(folded[start:]) or not _OWN_SOURCE.search(folded[start:])
                  or _OWN_SOURCE.search(folded[:start])):
        # «Báo cáo ghi Bộ X có 01 nhiệm vụ quá hạn. Cụ thể đó là nhiệm vụ gì?» asks about what it told; only a
        # question that turns to a source of its own («Trong Phụ lục II, …») leaves the statement behind.
        return 0
    return start


_OWN_SOURCE = re.compile(r"\b(?:phu luc (?:ii|2)|appendix (?:ii|2)|nghi quyet (?:so )?03|chuong trinh hanh dong)\b")
_ASIDE = re.compile(r"\((?:tuc la|nghia la|i\.e\.|that is)[^)]*\)")
_CONFIRMATION = re.compile(r"\b(?:co )?dung (?:vay |the |nhu vay )?(?:khong|chu|chang)\b|\bphai (?:khong|vay khong)\b|"
                           r"\bis (?:that|this|it) (?:right|true|correct)\b")


def _settle_windows(q: Query, deadline_window: bool) -> Query:
    """After merging, the period becomes the deadline filter when the merged question is about deadlines."""
    task_like = q.intent in TASK_INTENTS or (q.intent == "count" and q.record_kind in (None, "task"))
    if task_like and deadline_window:
        return replace(q, due_from=q.period_from, due_to=q.period_to)
    return replace(q, due_from=None, due_to=None)


# ========================================================================================================
# Standalone rewriting
# ========================================================================================================

_ROLE_VERB = {"lead": "chủ trì", "coordinating": "phối hợp thực hiện", "any": "có"}
_STATUS_WORDS = {
    "overdue": "quá hạn, chậm muộn",
    "completed": "đã hoàn thành",
    "in_progress": "đang thực hiện",
}
_ASK_WORDS = {
    "deadline": "thời hạn hoàn thành",
    "lead": "cơ quan chủ trì",
    "coordinating": "cơ quan phối hợp",
    "deliverable": "sản phẩm",
    "status": "tiến độ",
}
_GENERIC_TERMS: frozenset[str] = frozenset(
    {
        "Nghị quyết 57-NQ/TW",
        "Nghị quyết 03/NQ-CP",
        "chương trình hành động",
        "phát triển",
        "quốc gia",
        "Ban Chỉ đạo",
        "Thông báo kết luận",
        "kinh phí",
    }
)
_DOMAIN_TERM_SET: frozenset[str] = frozenset(t for _, t in DOMAIN_TERMS_FOLDED)


def _rewrite(
    q: Query, own: Query, prev: Query, signals: _Signals
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A self-contained Vietnamese question for retrieval, with the agency names and dates it contains."""
    names = tuple(a.name for a in q.agencies)
    window = window_label(q.due_from, q.due_to)
    dates = (window,) if window else ()
    if q.intent in ("task_list", "task_lookup", "count") and q.record_kind in (None, "task"):
        if q.intent == "task_lookup" and not q.task_numbers:
            # A task known only by its description: ask the attributes of the one described before.
            return f"{_asks_phrase(q.asks).capitalize()} của nhiệm vụ: {prev.standalone}", names, dates
        topic = _topic_terms((*prev.terms, *own.terms), (*prev.agencies, *own.agencies))
        sentence = _task_sentence(q, names, window, ", ".join(topic))
        if q.intent == "task_lookup" and not own.asks and signals.has_subject and not signals.continuation:
            sentence = f"{own.normalized} (nhiệm vụ số {', '.join(str(n) for n in q.task_numbers)})"
        return sentence, names, dates

    # Free-text intents: substitute what the new turn replaced in the previous standalone question.
    text = prev.standalone
    agency_surfaces = prev.agency_surfaces
    date_surfaces = prev.date_surfaces
    if own.agencies:
        new_names = ", ".join(a.name for a in own.agencies)
        if any(s and s in text for s in prev.agency_surfaces):
            text = _substitute(text, prev.agency_surfaces, new_names)
        else:
            # Nothing to replace ("bộ nào có nhiều nhiệm vụ nhất?" → "Riêng Bộ Công an thì được giao bao nhiêu?").
            text = f"{collapse_ws(_CONTINUATION_STRIP.sub(' ', own.normalized))} ({prev.standalone})"
        agency_surfaces = tuple(a.name for a in own.agencies)
    if own.date_surfaces:
        text = _substitute(text, prev.date_surfaces, " ".join(own.date_surfaces))
        date_surfaces = own.date_surfaces
    if not own.agencies and not own.date_surfaces:
        new_topic = _topic_terms(own.terms, own.agencies)
        old_topic = [t for t in _topic_terms(prev.terms, prev.agencies) if t not in new_topic and t in text]
        subject = collapse_ws(_CONTINUATION_STRIP.sub(" ", own.normalized))
        if new_topic and old_topic:
            # "Còn đổi mới sáng tạo thì sao?" after a question on "chuyển đổi số": swap the topic.
            text = text.replace(old_topic[-1], ", ".join(new_topic))
        elif signals.continuation and subject and q.intent == "indicator":
            horizon = f" đến năm {q.horizon}" if q.horizon else ""
            text = f"Chỉ tiêu về {subject}{horizon} là bao nhiêu?"
        elif signals.continuation and subject and q.intent == "figure" and not QUESTION_WORD.search(fold(subject)):
            text = f"{subject[0].upper()}{subject[1:]} là bao nhiêu?"
        elif signals.continuation:
            text = f"{prev.standalone} {own.normalized}"
        else:
            text = f"{own.normalized} ({prev.standalone})"
    return collapse_ws(text), agency_surfaces, date_surfaces


def _substitute(text: str, old_surfaces: Sequence[str], new: str) -> str:
    """Replace the first old surface found in `text` by `new` (others removed); append `new` if none is."""
    replaced = False
    for surface in old_surfaces:
        if surface and surface in text:
            text = text.replace(surface, "" if replaced else new)
            replaced = True
    return text if replaced else f"{text} ({new})"


def _asks_phrase(asks: Sequence[Ask]) -> str:
    words = [_ASK_WORDS[a] for a in asks] or ["nội dung"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " và " + words[-1]


def _topic_terms(terms: Iterable[str], agencies: Iterable[Agency]) -> list[str]:
    """The subject-matter phrases among `terms`: domain terms that are not generic, not part of an agency
    name ("khoa học và công nghệ" in "Bộ Khoa học và Công nghệ") and not inside a longer term."""
    agency_names = [fold(a.name) for a in agencies]
    candidates = [
        t
        for t in dict.fromkeys(terms)
        if t in _DOMAIN_TERM_SET and t not in _GENERIC_TERMS and not any(fold(t) in n for n in agency_names)
    ]
    return [t for t in candidates if not any(t != o and fold(t) in fold(o) for o in candidates)]


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
    if q.excluded_due:
        filters.append(f"trừ những nhiệm vụ có thời hạn {window_label(*q.excluded_due)}")
    tail = (" " + " ".join(filters)) if filters else ""
    subject = " và ".join(names)
    numbers = ", ".join(str(n) for n in (q.task_numbers or q.restrict_to))

    if q.intent == "task_lookup" and q.task_numbers:
        label = f"nhiệm vụ số {numbers}"
        single = {
            ("deadline",): f"Thời hạn hoàn thành của {label} là khi nào?",
            ("lead",): f"Cơ quan nào chủ trì {label}?",
            ("coordinating",): f"Cơ quan nào phối hợp thực hiện {label}?",
        }
        if q.asks in single:
            return single[q.asks]
        if q.asks:
            phrase = _asks_phrase(q.asks)
            return f"{phrase[0].upper()}{phrase[1:]} của {label} là gì?"
        return f"Nội dung của {label} là gì?"
    if q.intent == "count":
        head = f"{subject} {_ROLE_VERB[q.role]} bao nhiêu nhiệm vụ" if subject else "Có bao nhiêu nhiệm vụ"
        if q.restrict_to:
            return f"Trong các nhiệm vụ số {numbers}, có bao nhiêu nhiệm vụ{tail}?"
        return f"{head}{tail}?"
    if q.restrict_to:
        if q.asks and not q.sort:
            phrase = _asks_phrase(q.asks)
            return f"{phrase[0].upper()}{phrase[1:]} của các nhiệm vụ số {numbers} là gì?"
        order = {"due_asc": " có thời hạn sớm nhất", "due_desc": " có thời hạn muộn nhất"}.get(
            q.sort or "", ""
        )
        return f"Trong các nhiệm vụ số {numbers}, nhiệm vụ nào{tail}{order}?"
    order = " (sắp xếp theo thời hạn)" if q.sort else ""
    if subject:
        return f"{subject} {_ROLE_VERB[q.role]} những nhiệm vụ nào{tail}?{order}"
    return f"Những nhiệm vụ nào{tail}?{order}"


# ========================================================================================================
# Reading helpers
# ========================================================================================================


def _not_an_agency_here(
    agency: Agency, folded: str, start: int, end: int, deliverable_span: tuple[int, int] | None
) -> bool:
    """True for a name that does not make the question about that agency: the issuer of a document
    ("Nghị quyết ... của Bộ Chính trị"), a law's title ("Luật Tổ chức Chính phủ"), a term ("Chính phủ
    số"), a deliverable ("Quyết định của Thủ tướng Chính phủ"), a document number ("QĐ-TTg"), a person
    ("Phó Thủ tướng") or a counted group ("Năm bộ, ngành")."""
    before, after = folded[:start], folded[end:]
    if deliverable_span and start < deliverable_span[1] and deliverable_span[0] < end:
        return True
    if before[-1:] in ("-", "/") or after[:1] in ("-", "/"):
        return True
    if agency.id.startswith("cac-") and _NUMERAL_BEFORE.search(before):
        return True
    # «… Nghị quyết 03/NQ-CP do Bộ Ngoại giao chủ trì»: the agency that leads the tasks, not the document's issuer.
    issuer = bool(_ISSUER_HEAD.search(before)) and not _ROLE_AFTER.match(after)
    return issuer or bool(_TERM_TAIL.match(after) or _DEPUTY.search(before))


_ROLE_AFTER = re.compile(r"^\s*(?:chu tri|phoi hop|thuc hien|dam nhiem|phu trach|lam dau moi)\b")
_DELIV_FILLER = r"(?:(?:la|bang|o dang|dang|duoi dang|is|are|be|mot|an?|the|cac|nhung|government'?s?|governmental)\s+)*"


def _find_deliverable(folded: str) -> tuple[str | None, tuple[int, int] | None]:
    """The kind of result asked about ("sản phẩm là Luật" → "Luật") and its span, when the question asks.

    Only a deliverable word right after a trigger ("sản phẩm", "kết quả", "deliverable") counts, so that
    "Kết quả thực hiện Nghị quyết 57" is not read as a question about resolutions as products.
    """
    for trigger in _DELIVERABLE_TRIGGER.finditer(folded):
        offset = trigger.end()
        tail = folded[offset : offset + 80]
        best: tuple[int, int, str] | None = None  # (-length, start, canonical): the longest variant wins
        best_span: tuple[int, int] | None = None
        for canonical, variants in DELIVERABLES:
            for variant in variants:
                v = re.escape(variant) + r"(?![\w'])"
                m = re.match(r"\s*" + _DELIV_FILLER + r"['\"“‘«]?(" + v + ")", tail) or re.match(
                    r"[^?.,;]{0,30}?\b(?:la|is|are)\s+" + _DELIV_FILLER + r"['\"“‘«]?(" + v + ")", tail
                )
                if m is None:
                    continue
                if re.match(r"\s*(?:gi|nao|what|which)\b", tail[m.end(1):]):
                    continue  # «sản phẩm là văn bản gì?» asks what the result is; it names none
                candidate = (-len(variant), m.start(1), canonical)
                if best is None or candidate < best:
                    best = candidate
                    best_span = (offset + m.start(1), offset + m.end(1))
        if best is not None:
            return best[2], best_span
    # «tasks that have a Government decree as their output»: the kind named first, then what it is.
    for canonical, variants in DELIVERABLES:
        for variant in variants:
            m = re.search(r"\b(" + re.escape(variant) + r")\s+as\s+(?:their|its|the)\s+(?:outputs?|deliverables?|"
                          r"results?|products?)\b", folded)
            if m is not None:
                return canonical, (m.start(1), m.end(1))
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


def _status(folded: str, normalized: str = "") -> Status | None:
    text = _DEADLINE_PHRASE.sub(" ", folded)
    written = nfc(normalized).lower()
    aligned = len(written) == len(folded) and written != folded
    for m in _STATUS_OVERDUE.finditer(text):
        # «tự chấm điểm» is no «chậm»: a word typed with its tones is read with them.
        if aligned and m.group(0) == "cham" and written[m.start():m.end()] not in ("chậm", "cham"):
            continue
        return "overdue"
    if _STATUS_PROGRESS.search(text):
        return "in_progress"
    if _STATUS_DONE.search(text):
        return "completed"
    return None


def _deadline_question(folded: str) -> bool:
    """Asks *when* something is due: "phải hoàn thành khi nào", "hạn ... là ngày nào", "..., hạn?"."""
    return bool((_WHEN.search(folded) and _DEADLINE_ANCHOR.search(folded)) or _DEADLINE_SLOT.search(folded))


def _asks(
    folded: str, *, task_numbers: bool, deliverable: bool, window: bool, recurring: bool, sort: bool
) -> tuple[Ask, ...]:
    """The task attributes a question asks for."""
    asks: set[Ask] = set()
    if (
        _deadline_question(folded)
        or (task_numbers and _DEADLINE_WORD.search(folded))
        or (_DEADLINE_NOUN.search(folded) and not (window or recurring or sort))
    ):
        asks.add("deadline")
    if _WHO_LEAD.search(folded) or _LEAD_SLOT.search(folded):
        asks.add("lead")
    if _WHO_COORD.search(folded) or _COORD_SLOT.search(folded):
        asks.add("coordinating")
    if _ASK_DELIVERABLE.search(folded) and not deliverable:
        asks.add("deliverable")
    if _ASK_STATUS.search(folded):
        asks.add("status")
    return tuple(a for a in _ASK_ORDER if a in asks)


def detect_language(text: str) -> Language:
    """'en' when English question words outnumber Vietnamese syllables (words with diacritics count as
    Vietnamese), so "Which tasks does Bộ Tài chính lead?" is English and "bo tai chinh chu tri gi" is not."""
    vi = en = 0
    for w in _WORD.findall(nfc(text).lower()):
        if has_diacritics(w):
            vi += 1
            continue
        f = fold(w)
        en += f in EN_WORDS
        vi += f in VI_SYLLABLES
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
        # «issued in July 2025»: the documents write the month «tháng 7»; lexical search finds it that way.
        for m in _MONTH_NAMED.finditer(folded):
            month = f"tháng {_MONTHS_EN[m.group(1)]}"
            if month not in terms:
                terms.append(month)
        # Untranslated English words cannot match the Vietnamese corpus; numbers, codes and acronyms
        # ("2030", "11.2", "STEM", "5G") and Vietnamese words written in the question can.
        for m in _KEYWORD.finditer(normalized):
            word = m.group()
            if any(s <= m.start() < e for s, e, _ in matches) or fold(word.lower()) in EN_STOP:
                continue
            if (
                any(ch.isdigit() for ch in word)
                or (word.isupper() and len(word) >= 2)
                or has_diacritics(word)
            ):
                words.append(word.lower())
    else:
        words = [w for w in _KEYWORD.findall(normalized.lower()) if not is_vi_stop(w)]
    keywords = [w for w in dict.fromkeys(words) if len(w) >= 2 or w.isdigit()]
    return tuple(keywords), tuple(dict.fromkeys(terms))


def _quantity_head(folded: str) -> Literal["task", "indicator", "other", "none"]:
    """What a "bao nhiêu"/"how many" counts: the noun within the next few words."""
    for m in _QUANT.finditer(folded):
        if (m.group(0).startswith("dem ") and _QUANT.search(folded[m.end():])) or (
                m.group(0).startswith("tong ") and _QUANT.search(folded[m.end():m.end() + 60])):
            continue  # «Đếm giúp em: bao nhiêu nhiệm vụ …», «tổng cộng có bao nhiêu nhiệm vụ»: the noun follows
        tail = folded[m.end() :]
        if _HEAD_TASK.match(tail):
            return "task"
        if _HEAD_INDICATOR.match(tail):
            return "indicator"
        if not _HEAD_FUNCTION.match(tail):
            return "other"  # "bao nhiêu doanh nghiệp", "how much funding"
    if re.search(r"\b(?:so|tong so|so luong)\s+(?:\w+\s+){0,1}?(?:nhiem vu|tasks?)\b|\bso dong (?:trong|cua|o) "
                 r"(?:danh muc|phu luc|bang)", folded):
        return "task"  # "Số nhiệm vụ quá hạn ... là bao nhiêu?"
    return "none"


def _classify(f: _Features) -> tuple[Intent, bool, RecordKind | None]:
    """(intent, whether a marker decided it, which records it is about). The order encodes precedence."""
    t = f.folded
    domain = bool(_GENERIC_DOMAIN.search(f.domain_text))
    numbered = f.task_numbers or f.indicator_numbers
    if not domain and not numbered:
        if any(p.search(t) for p in _OFF_TOPIC):
            return "out_of_scope", True, None
        if any(p.search(t) for p in _CHITCHAT) and f.local_only:
            return "chitchat", True, None

    task_kind: RecordKind | None = "task" if f.task_noun else None
    if _COMPARE.search(t):
        return "compare", True, task_kind
    if f.task_numbers:
        return "task_lookup", True, "task"
    if _NUMBER_QUESTION.search(t):
        if f.task_noun and (_STRONG_LIST.search(t) or f.has_agency or f.window or f.deliverable):
            return "task_list", True, "task"  # «Những nhiệm vụ hạn 6/2025 Bộ X chủ trì là nhiệm vụ số mấy?»
        return ("task_lookup", True, "task") if f.task_noun else ("explain", True, None)

    quantity = (
        f.quantity_word or bool(_QUANT.search(t)) or bool(re.search(r"\bmay (?:nhiem vu|chi tieu)\b", t))
    )
    if f.agency_count >= 2 and (
        _COMPARATIVE.search(t) or (_ALTERNATIVE.search(t) and (quantity or _RANK.search(t)))
    ):
        return "compare", True, task_kind
    if _ALTERNATIVE.search(t) and _COMPARATIVE.search(t) and re.search(r"\b(?:nao|which)\b", t):
        return "compare", True, task_kind  # "Which is larger, X or Y?"

    if quantity:
        head = _quantity_head(t)
        if head == "task":
            return "count", True, "task"
        if head == "indicator":
            return "count", True, "indicator"
        if f.indicator_noun or f.indicator_numbers or _TARGET_YEAR.search(t):
            return "indicator", True, "indicator"
        if head == "other" or _FIGURE_NOUN.search(t):
            return "figure", True, None
        if f.task_noun:
            return "count", True, "task"
        return "figure", False, None  # a bare "bao nhiêu?": a follow-up keeps the previous intent

    if f.indicator_numbers or f.indicator_noun:
        return "indicator", True, "indicator"
    if _TARGET_YEAR.search(t) and (
        _MEASURE_NOUN.search(t)
        or (_GOAL_NOUN.search(t) and re.search(r"\b(?:dat|muc nao|xep hang|thu hang|top|nhom)\b", t))
    ):
        return "indicator", True, "indicator"  # "Mục tiêu đến năm 2045 về xếp hạng ... đạt mức nào?"
    if _GOAL_NOUN.search(t) and re.search(r"\b(?:muc nao|xep hang|thu hang)\b", t):
        return "indicator", True, "indicator"
    if f.task_noun and _RANK.search(t) and not f.has_agency:
        return "count", True, "task"  # "Bộ nào có nhiều nhiệm vụ nhất?"

    explain = bool(_EXPLAIN.search(t))
    if f.task_noun and _STRONG_EXPLAIN.search(t) and not (f.has_agency or f.role_explicit or f.deliverable):
        return "explain", True, None  # "Đánh giá nguy cơ của các nhiệm vụ chậm muộn như thế nào?"

    if _STRONG_EXPLAIN.search(t) and not (f.task_noun or f.who_asked or f.deadline_question):
        return "explain", True, None  # "... phải báo cáo định kỳ như thế nào?"
    # A task known by its description, asked for an attribute: "Nhiệm vụ X do ai chủ trì, hạn khi nào?"
    if (
        not _STRONG_LIST.search(t)
        and (
            f.who_asked or f.deadline_question or (f.task_noun and f.deliverable_asked and not f.deliverable)
        )
        and not _EVENT_NOUN.search(t)
    ):
        return "task_lookup", True, "task"

    if f.task_noun:
        if f.has_agency or f.role_explicit or f.status or f.window or f.deliverable or f.recurring or f.sort:
            return "task_list", True, "task"
        if _STRONG_LIST.search(t):
            return "task_list", True, "task"
        if explain:
            return "explain", True, None
        if _LIST_WORDS.search(t):
            return "task_list", True, "task"
    if f.deliverable:
        return "task_list", True, "task"
    if (
        f.role_explicit
        and f.has_agency
        and not _EVENT_NOUN.search(t)
        and (not explain or re.search(r"\b(?:gi|nhung gi|viec gi|what)\b", t))
    ):
        return "task_list", True, "task"  # "Bộ Công an phụ trách gì?"

    if not explain and (_MEASURE_NOUN.search(t) or _FIGURE_START.search(t)):
        return "figure", True, None  # "Số doanh nghiệp công nghệ số ước tính?"
    if explain:
        return "explain", True, None
    return "explain", False, None


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


def _attribute_only(own: Query, signals: _Signals, shown: Sequence[int]) -> bool:
    """«And what's the deadline for that?»: an attribute of what was just shown, though it opens like «Còn …»."""
    return (bool(own.asks) and bool(shown) and not signals.has_subject and not signals.has_filters
            and not own.agencies and not own.task_numbers)


def _metric(folded: str, intent: Intent, status: Status | None, has_agency: bool) -> tuple[str, ...]:
    """Hints for figure questions, and the report-figure subject a task count maps to."""
    if intent not in ("count", "figure", "indicator", "compare"):
        return ()
    hints = [name for name, rx in _METRIC_HINTS if rx.search(folded)]
    if intent in ("count", "compare", "figure") and _TASK_NOUN.search(folded):
        if status == "overdue":
            hints.append("agency_overdue" if has_agency else "tasks_overdue")
        elif status == "completed":
            hints.append("tasks_completed")
        elif status == "in_progress":
            hints.append("tasks_in_progress")
        else:
            hints.append("agency_task_count" if has_agency else "tasks_total")
    return tuple(dict.fromkeys(hints))


# Question words: a part of a question that holds one asks something by itself.
QUESTION_WORD = re.compile(
    r"\b(?:bao nhieu|may|gi|nao|ai|bao gio|ra sao|the nao|khong|chua|"
    r"(?:tu|o|ve|den) dau(?! (?:tu|nam|thang|quy|ky|tien|ra)\b)|what|which|who|when|how|where|why)\b")
_PART_BREAK = re.compile(r"\s*[;?]\s*|\s+[—–]\s+|,\s*(?:va|con|dong thoi|and)\s+|,\s+|\s+(?:va|and)\s+(?=\S+\s+\S+)")


_COMPARE_SIDES = re.compile(r"^(?:hay |xin )?so sanh(?: giup| gium| dum)?(?: (?:toi|minh|em))?:?\s+(.+?)\s+(?:voi|va)\s+(.{12,})$"
                            r"|^compare\s+(.+?)\s+(?:with|to|and)\s+(.{12,})$")


def split_parts(text: str) -> list[str]:
    """The parts of a question that asks several things, each holding its own question word:
    «X có bao nhiêu nhiệm vụ và đến 23/9/2025 đã hoàn thành bao nhiêu?» → two parts. A question asking one
    thing is one part. Parts are cut from `text` itself (NFC), in order."""
    body = nfc(text).strip().rstrip("?.!").strip()
    folded = fold(body)
    if len(folded) != len(body):
        return [body]  # folding changed the length (rare characters): do not risk misaligned cuts
    # «So sánh A với B»: each side is asked on its own, then set side by side.
    compared = _COMPARE_SIDES.match(folded)
    if compared and not _PART_BREAK.search(folded):
        first, second = (1, 2) if compared.group(1) is not None else (3, 4)
        return [body[compared.start(first):compared.end(first)].strip(), body[compared.start(second):].strip()]
    cuts = [0]
    names = [m.span() for m in CONJOINED_NAMES.finditer(folded)]
    for m in _PART_BREAK.finditer(folded):
        if any(s < m.start() < e for s, e in names):
            continue
        before, after = folded[cuts[-1]:m.start()], folded[m.end():]
        if "?" not in m.group(0):
            # «… nêu mấy định hướng, nhiệm vụ trọng tâm? Định hướng thứ tư là gì?»: a comma cuts the sentence it is
            # in only where that sentence asks again after it.
            after = after.split("?")[0]
        if QUESTION_WORD.search(before) and QUESTION_WORD.search(after):
            cuts.append(m.end())
    parts = []
    for a, b in zip(cuts, [*cuts[1:], len(body)]):
        piece = body[a:b]
        piece = re.sub(r"[\s,;?—–]*(?:và|and)?[\s,;?—–]*$", "", piece).strip()
        if piece:
            parts.append(piece)
    return parts or [body]
