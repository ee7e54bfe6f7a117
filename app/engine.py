"""The answer engine: routes an understood query to records or passages and composes a cited answer."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.citations import CitationBook, Evidence, sentence_around, span_quote
from app.lexicon import GLOSSARY, translate_terms
from app.models import KIND_LABELS, Answer, Record, ScoredChunk, short_document_label
from app.passages import (
    ACCENTED_STOPWORDS,
    STOPWORDS,
    WRITTEN_DATE,
    Clause,
    TermWeights,
    content_terms,
    counted_match,
    counted_phrase,
    coverage,
    coverage_as_typed,
    extend_span,
    is_number_word,
    item_announcements,
    item_end,
    item_noun,
    item_ordinal,
    item_starts,
    name_the_one,
    number_of,
    numerals,
    ordinals,
    rank_clauses,
    scene_span,
    scene_terms,
    sentence_start,
    term,
)
from app.query import (
    QUESTION_WORD,
    SLOT_WORDS,
    ConversationState,
    Query,
    QueryParser,
    Question,
    find_dates,
    split_parts,
)
from app.retrieval import HybridRetriever, SearchFilters
from app.wording import VI, Wording, format_date, format_value, wording_for
from ingest.agencies import AgencyRegistry
from ingest.index import IndexBundle
from ingest.models import Agency, Chunk, DocumentMeta, Indicator, ReportFigure, Task
from ingest.segmenter import Segmenter, make_segmenter
from ingest.settings import Settings
from ingest.task_query import agency_lineage, tasks_for_agencies
from ingest.text import fold, key, nfc

log = logging.getLogger(__name__)

# Coverage of the question's key terms below which a passage is not taken as an answer.
MIN_COVERAGE = 0.5
# Combined clause and context coverage below which the question is taken as not answered by the corpus.
MIN_SUPPORT = 0.34
# Words that frame a question about the corpus rather than name its topic.
# Words of a question about task status; what remains after them names a topic.
STATUS_WORDS = frozenset(
    fold(w) for w in "quá hạn chậm muộn trễ tiến độ nhiệm vụ bao nhiêu tổng số có các bộ ngành địa phương "
    "tính đến hiện nay đang thực hiện hoàn thành overdue late tasks how many".split()
)
_FRAME_TEXT = ("phụ lục ii iii nhiệm vụ báo cáo tóm tắt chủ trì thời hạn hạn kết quả sản phẩm cơ quan "
               "phối hợp được giao giao nghị quyết văn bản theo sáp nhập hợp nhất")
FRAME_WORDS = frozenset(fold(w) for w in _FRAME_TEXT.split())
# The frame words as written with their tones: «giáo» of «Luật Nhà giáo» is no «giao».
_FRAME_ACCENTED = frozenset(_FRAME_TEXT.split())
# The phrases those words frame a question with; a word of a phrase met elsewhere is a topic word: «phủ» of
# «Chính phủ số», «vụ» of «dịch vụ công», «hợp» of «hợp tác», «quả» of «hiệu quả».
_FRAME_PHRASES = re.compile(r"\b(?:phu luc|nhiem vu|bao cao tom tat|bao cao|tom tat|chu tri|thoi han|ket qua|san pham|"
                            r"co quan|phoi hop|duoc giao|nghi quyet|van ban|sap nhap|hop nhat)\b")
_FRAME_ALWAYS = frozenset({"ii", "iii", "han", "giao", "theo"})


def _agency_kind(name: str) -> str:
    """How the report's list sorts an agency it names: «provinces» (tỉnh, thành phố), «ministries» (Bộ …) or
    «central» (the other central bodies: Ngân hàng Nhà nước, Viện Hàn lâm …)."""
    folded = fold(name)
    if re.match(r"(?:tinh|thanh pho) ", folded):
        return "provinces"
    return "ministries" if folded.startswith("bo ") else "central"


def frame_words(folded: str) -> frozenset[str]:
    """The frame words of a question: those it uses only inside its frame phrases, and the bare ones."""
    elsewhere = set(_FRAME_PHRASES.sub(" ", folded).split())
    return frozenset(t for t in FRAME_WORDS if t in _FRAME_ALWAYS or t not in elsewhere)


# «Xin trích nguyên văn câu …», «Trích đúng câu chữ giúp tôi», «Nguyên văn câu đó thế nào?»: a request to quote.
_QUOTE_ASKED = re.compile(r"\b(?:trich(?: dan| lai| dung| nguyen van)?|nguyen van)(?: (?:cau chu|cau noi|cau|doan|loi))?\b")
# Words that end the name of what a "how much" question measures: «Lãi suất cho vay | đối với ...».
_ATTRIBUTE_END = frozenset("của theo đối tại trong cho ở là được do năm đến với khi mà đã đang sẽ có hiện bao mấy".split())
# A count question about the state of work as the report tells it, not about the appendix's assignments.
_REPORT_CONTEXT = re.compile(
    r"\b(?:theo bao cao|bao cao tom tat|bao cao thang|bao cao ngay|ke hoach so|ke hoach 02|thong bao ket luan|"
    r"dang phai|dang thuc hien|con phai|tinh den|den ngay|da xong|nam nay|cuoi nam|nhieu nhiem vu nhat|"
    r"as of|according to the report)\b")
# «Phụ lục II có bao nhiêu nhiệm vụ …»: the appendix is named, so its records count, whatever else is said.
_NAMES_APPENDIX_II = re.compile(r"\b(?:phu luc ii|phu luc 2|pl ii|pl2|appendix ii)\b")
# Words around «bao nhiêu» that say how much, not of what.
_GENERIC_MEASURES = frozenset(
    "tổng tổng cộng tổng số tối thiểu tối đa ít nhất khoảng cả thêm được đã có là của cho trong đó nhiệm vụ chỉ tiêu "
    "cơ quan bộ ngành địa phương lần người thứ tự".split(" ")) | frozenset(
    ["tổng cộng", "tổng số", "tối thiểu", "tối đa", "ít nhất", "nhiệm vụ", "chỉ tiêu", "cơ quan", "địa phương",
     "phần trăm", "tỷ lệ", "số lượng", "con số", "số liệu", "kinh phí", "tỷ đồng", "thứ tự", "số thứ tự",
     "chính xác", "cụ thể", "phụ lục",
     # verbs that come before a count say what is done with the amount, not what it measures
     "dành", "bố trí", "đạt", "giao", "trình", "bổ sung", "phân bổ", "chiếm", "tăng", "giảm", "xếp", "lọt", "đứng"])
# Nouns that head the name of a measure: «vốn đầu tư», «mức lương», «giá trị».
_MEASURE_HEADS = frozenset("vốn mức giá lãi tiền phí quy mô lượng suất".split())
# A question that opens with a ratio names what it is of next: «Tỷ lệ giải ngân … là bao nhiêu %?» measures
# disbursement; the passages that answer it speak of it, whatever they call the ratio.
_RATIO_HEADS = frozenset(["tỷ lệ", "tỷ trọng", "tốc độ"])
# Units after «bao nhiêu»: they say how the measure is counted, not what it is.
_UNIT_WORDS = frozenset("phần trăm % tỷ triệu nghìn đồng người lần tháng năm ngày km mbps doanh nghiệp".split())
# The same, folded word by word: a part made only of them («tăng bao nhiêu phần trăm?») names no subject.
_GENERIC_FOLDED = frozenset(fold(w) for phrase in (*_GENERIC_MEASURES, *_UNIT_WORDS) for w in phrase.split())
# Statuses the report counts, as a question names them.
_STATUS_NAMES: tuple[tuple[str, str], ...] = (
    ("tasks_completed", r"\bhoan thanh\b|\b(?:da )?xong (?:bao nhieu|may)\b|\bda xong\b|\bcompleted\b"),
    ("tasks_completed_on_time", r"\bdung han\b|\bon time\b"),
    ("tasks_in_progress", r"\bdang thuc hien\b|\bdang trien khai\b|\bin progress\b"),
    ("tasks_overdue", r"\bqua han\b|\bcham muon\b|\boverdue\b"),
)


def _statuses_named(folded: str) -> list[str]:
    """The report's status subjects a question names, in `_STATUS_NAMES` order."""
    return [subject for subject, pattern in _STATUS_NAMES if re.search(pattern, folded)]


# «cộng lại», «tổng cộng», «có khớp với tổng không», «add up»: the question asks for a sum of figures.
_SUM_ACCENTED = re.compile(r"(?<!tổng )\bcộng\b(?! (?:đồng|hòa|hoà|sự|tác))")
_SUM_FOLDED = re.compile(r"\b(?:cong lai|cong het|cong tat ca|cong don|khop|add(?:s|ed)? up|sum(?:s|med)?|tally|"
                         r"match(?:es)?)\b")
_GROUP_WORDS = re.compile(r"\b(?:nhom|linh vuc|groups?)\b")
# A technical code written with digits: «5G», «6G», «1Gb», «4.0».
_CODE = re.compile(r"\b(?:[A-Za-z]*\d+[A-Za-z]+|[A-Za-z]+\d+[A-Za-z]*)\b")
# «Cục trưởng Cục X là ai?»: a question for the holder of an office.
_ASKS_WHO = re.compile(r"\b(?:la ai|ai la|ai dang|ai giu|ai dung dau|ong nao|ba nao|ong/ba nao|ong, ba nao|vi nao|"
                       r"ten (?:la )?gi|ho ten|ho va ten)\b|"
                       # «Thứ trưởng Bộ Tài chính nào được phân công …?»: which holder of an office
                       r"\b(?:thu truong|pho thu tuong|cuc truong|vu truong|vien truong|giam doc|pho chu tich)\b"
                       r"(?: \w+){0,5} nao\b")
_OFFICE = re.compile(r"\b(?:nguoi dung dau|nguoi dai dien|dai dien|truong nhom|tong giam doc|giam doc|cuc truong|vu truong|vien truong|bo truong|thu truong|pho chu tich|"
                     r"chu tich|chanh van phong|truong ban|hieu truong|tong bi thu|pho thu tuong|thu tuong)\b")
# «Who is the current director of the National Digital Transformation Agency?»: an English question for the holder of
# an office, and the Vietnamese titles of that office.
_ASKS_OFFICE_HOLDER_EN = re.compile(r"\bwho (?:is|was) (?:the )?(?:current |new |present |incumbent )?"
                                    r"(director|head|chair(?:man|woman|person)?|president)\b")
_OFFICE_TITLES = {"director": "(?:cuc truong|giam doc|tong giam doc|vien truong|vu truong)",
                  "head": "(?:nguoi dung dau|bo truong|cuc truong|vu truong|vien truong|truong ban|giam doc)",
                  "chair": "(?:chu tich|truong ban)", "president": "(?:chu tich|giam doc)"}
# «Who is the current Minister of Finance?»: an English question for the minister of a named ministry.
_ASKS_MINISTER_EN = re.compile(r"\bwho (?:is|was) (?:the )?(?:current |new |present )?minister of ((?:[a-z&]+ ?){1,5})"
                               r"(?=[,?.]|$| and (?:what|how|when|who|which|did|does|is|has)\b)")
_NAME_AFTER = re.compile(r"^[^.;:]{0,60}?\b[A-ZĐ]\w+ [A-ZĐ]\w+ [A-ZĐ]\w+")
# A document named with its number («Nghị quyết 03/NQ-CP», «Kế hoạch số 02-KH/BCĐTW»), and a later reference to it.
_NAMED_DOCUMENT = re.compile(r"\b(?:Nghị quyết|Quyết định|Kế hoạch|Nghị định|Thông báo|Chỉ thị|Resolution)(?:\s+số)?\s+"
                             r"\d+(?:/\d{4})?[/-][\w/.-]+", re.IGNORECASE)
_THIS_DOCUMENT = re.compile(r"\b(?:nghị quyết|văn bản|quyết định|kế hoạch|nghị định|chỉ thị|this resolution|the resolution)"
                            r"\s+(?:này|đó|trên|ấy)\b|\b(?:this|that) (?:resolution|document)\b|(?<=thực hiện )nó\b",
                            re.IGNORECASE)
# A document's number: «03/NQ-CP», «57-NQ/TW», «02-KH/BCĐTW», «193/2025/QH15».
# A document named by kind and number in a question («Nghị quyết 57», «Nghị định số 194/2025/NĐ-CP»).
_CITED_NAME = re.compile(r"\b(nghi quyet|nghi dinh|quyet dinh|thong tu|chi thi|ket luan|ke hoach|resolution|decree|"
                         r"decision|circular|directive)\s+(?:so\s+|no\.?\s*)?0*(\d+)\b")
_DEADLINE_ASKED = re.compile(r"\b(?:han chot|thoi han|han hoan thanh|deadline|due)\b|\bco han\b")
# Who issues the documents the corpus cites («… ngày 22 tháng 12 năm 2024 của Bộ Chính trị»).
_ISSUERS = ("Bộ Chính trị|Ban Chấp hành Trung ương(?: Đảng)?|Ban Bí thư|Quốc hội|Ủy ban Thường vụ Quốc hội|"
            "Thủ tướng Chính phủ|Chính phủ|Ban Chỉ đạo Trung ương")
_CITED_KINDS = {"nghi quyet": "Nghị quyết", "nghi dinh": "Nghị định", "quyet dinh": "Quyết định", "thong tu": "Thông tư",
                "chi thi": "Chỉ thị", "ket luan": "Kết luận", "ke hoach": "Kế hoạch", "resolution": "Nghị quyết",
                "decree": "Nghị định", "decision": "Quyết định", "circular": "Thông tư", "directive": "Chỉ thị"}
# «… bằng văn bản nào?», «by which resolution?»: a document asked for by its number.
_ASKS_WHICH_DOCUMENT = re.compile(r"\b(?:van ban|nghi quyet|quyet dinh|nghi dinh|thong tu|ke hoach) (?:nao|so may|so bao nhieu)\b|"
                                  r"\b(?:which|what) (?:document|resolution|decision|decree|circular)\b")
# A date of issue as a citation writes it: «ngày 03/7/2025», «ngày 22 tháng 12 …»; after the number, maybe its issuer.
_DATED = re.compile(r"ngày \d{1,2}(?:/\d{1,2}/\d{4}| tháng \d{1,2})", re.IGNORECASE)
_DATED_AFTER_NUMBER = re.compile(rf"[\w/-]*\W{{0,3}}(?:của \S+(?: \S+)? )?{_DATED.pattern}", re.IGNORECASE)
# «… được Quốc hội thông qua ngày nào?», «When was Decree … issued?»: the date of a document.
_ASKS_DOCUMENT_DATE = re.compile(
    r"\b(?:thong qua|ban hanh|ky|passed|adopted|issued|signed)\b.{0,30}\b(?:ngay nao|khi nao|bao gio|"
    r"luc nao|thoi gian nao|when)\b|\b(?:when|what date|which date)\b.{0,80}\b(?:passed|adopted|issued|signed)\b")
_DOC_NUMBER = re.compile(r"\b(\d+)(?:/\d{4})?[/-](?:NQ|QĐ|QD|KH|TTg|CP|TW|QH\d*|NĐ|ND|CT|TB)\b", re.IGNORECASE)


# Events a "when" question may ask about; the passage that answers names the same event.
_EVENT = re.compile(r"\b(?:thong qua|khai truong|khanh thanh|ra mat|thanh lap|cong bo|phe duyet|ket luan|passed|adopted|"
                    r"launch(?:ed)?|inaugurated|established)\b")
# How the documents write an event an English question names.
_EVENT_WORDS = {"passed": ("thong qua",), "adopted": ("thong qua", "ban hanh"),
                "launch": ("ra mat", "khai truong", "trien khai", "thuong mai"),
                "launched": ("ra mat", "khai truong", "trien khai"), "inaugurated": ("khanh thanh", "khai truong"),
                "established": ("thanh lap",)}
# The English words the glossary translates: a name made of them is no unknown proper name.
_GLOSSARY_WORDS = frozenset(w for phrase, _ in GLOSSARY for w in phrase.split())
# What kind of figure a question asks for, and how a passage states one. A passage that states no figure of
# that kind does not answer, however many of the question's words it holds.
# «mấy tháng cuối năm 2025» names a period, it does not ask how long.
_ASKS_DURATION = re.compile(r"\b(?:may|bao nhieu) (?:nam|thang)\b(?! \d| (?:cuoi|dau|con lai|tiep theo|toi)\b)|"
                            r"\bhow many (?:years|months)\b")
_DURATION = re.compile(r"\b\d+\s*(?:năm|tháng|years?|months?)\b", re.IGNORECASE)
_ASKS_MONEY = re.compile(
    r"\b(?:bao nhieu tien|so tien|how much money|bao nhieu (?:nghin |ngan )?(?:ty|trieu)(?: dong)?)\b|\b(?:muc luong|tien luong|luong thang|thu nhap|phu cap|salary|"
    r"salaries|income)\b.{0,80}\b(?:bao nhieu|how much|la may)\b|\b(?:bao nhieu|how much)\b.{0,40}\b(?:muc luong|"
    r"tien luong|thu nhap|phu cap|salary|income)\b|\bhow much\b.{0,60}\b(?:invest\w*|pay\w*|paid|earn\w*)\b|"
    r"\bwhat (?:\w+ ){0,2}(?:stipends?|salary|salaries|allowances?|wages?|scholarships?)\b|"
    r"\b(?:hoc bong|sinh hoat phi|tro cap|cong tac phi|phu phi|le phi|per diems?)\b.{0,60}\b(?:bao nhieu|la may|how much)\b")
# «Thuế suất ưu đãi là bao nhiêu?», «What preferential tax rate …?»: a rate of tax or interest is a share.
_ASKS_RATE = re.compile(r"\b(?:thue suat|lai suat|muc thue)\b.{0,60}\b(?:bao nhieu|la may|the nao)\b|"
                        r"\b(?:bao nhieu|what)\b.{0,40}\b(?:thue suat|lai suat|tax rate|interest rate)\b|"
                        r"\b(?:tax|interest) rates?\b.{0,40}\b(?:how much|what)\b")
# «What percentage of the budget had been disbursed?»: a share is stated as a percentage.
_ASKS_SHARE = re.compile(r"\bwhat (?:percentage|percent|proportion)\b|\bbao nhieu (?:phan tram|%)")
_RATE_OF = re.compile(r"\b(?:thuế|lãi suất|lãi)\b", re.IGNORECASE)
_ASKS_BUDGET = re.compile(
    r"\b(?:kinh phi|ngan sach|von|tri gia|funding|budget|spend\w*|cost|capital)\b.{0,40}\b(?:bao nhieu|how much)\b|"
    r"\b(?:bao nhieu|how much)\b.{0,60}\b(?:kinh phi|ngan sach|von|funding|budget|spend\w*|cost|capital)\b|"
    r"\bwhat (?:is|was|are|were) the (?:total |overall )?(?:\w+ ){0,3}(?:budget|funding|spending|capital)\b|"
    r"\bwhat (?:budget|funding|amount)\b")
# An amount a question quotes: a decimal or a number of three digits or more («793,9», «530.1», «2.526»).
_AMOUNT = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)+(?![\d])|(?<![\d.,/])(?!(?:19|20)\d\d\b)\d{3,}(?![\d/])")
# A group of Phụ lục II named as such: «nhóm nhiệm vụ V», «nhóm … trong Phụ lục II», «group VII».
_NAMES_GROUP = re.compile(r"\bnhom (?:nhiem vu )?(?:[ivx]+\b|ve\b)|\bgroup [ivx]+\b|\b(?:nhom|mang|linh vuc)\b.{0,120}\bphu luc (?:ii|2)\b")
# A task shown with its record in an answer.
_TASK_SHOWN = re.compile(r"\*\*(?:Nhiệm vụ|Task) \d+\*\*")
# A later part that speaks of the first part's subject by a pronoun («what did he say»): when the documents do not
# hold that subject, they do not hold what it did either.
# «Ai là Cục trưởng …, người trình bày về …?»: a part that opens with «người» describes the person asked about.
# «Trong đó bao nhiêu là …», «trong số đó», «among them»: a part about a share of what the answer lists.
_AMONG_THEM = re.compile(r"(?:va\s+)?(?:trong (?:so )?(?:do|nay)|among (?:them|these|those)|of (?:them|these|those))\b")
_REFERS_BACK = re.compile(r"\b(?:he|she|his|her|him|ong ay|ba ay|nguoi nay|nguoi do|vi nay|vi do)\b|^nguoi\b")
# «Nhiệm vụ 108 gồm bao nhiêu nội dung cụ thể?»: the items a task's title numbers (1), (2), …
_ASKS_ITEMS = re.compile(r"\b(?:bao nhieu|may)\s+(?:noi dung|muc|hang muc|phan viec|dau viec|viec|y|diem|nhiem vu "
                         r"(?:con|cu the|thanh phan))\b|\bhow many (?:items|parts|components|elements|sub-?tasks)\b")


def _numbered_items(title: str) -> int:
    """How many items a title numbers (1), (2), … in a row from (1); 0 when fewer than two."""
    seen = {int(n) for n in re.findall(r"\((\d{1,2})\)", title)}
    k = 0
    while k + 1 in seen:
        k += 1
    return k if k >= 2 else 0


_PER_UNIT = re.compile(r"\b(?:moi|each|per)\s+(?:xa|phuong|tinh|huyen|co quan|don vi|bo|nguoi|truong|doanh nghiep|"
                       r"commune|province|agency|ministry|school|person)\b")
_RATE_OF_ACTION = re.compile(r"\b(?:ty le|ti le)\s+(giai ngan|phan bo|su dung|thanh toan|quyet toan)\b")
_REPORTING_VERB = re.compile(r"\b(?:de nghi|yeu cau|de xuat|nhan manh|cho biet|khang dinh|kien nghi)\b")
# A question about the present: «Hiện …», «hiện nay», «currently» (not «thực hiện», «thể hiện»).
_ASKS_NOW = re.compile(r"(?<!thực )(?<!thể )(?<!xuất )(?<!phát )\bhiện(?: nay| tại| giờ)?\b", re.IGNORECASE)
_ASKS_NOW_FOLDED = re.compile(r"\b(?:hien nay|hien tai|hien gio|currently|at present|right now|now|today)\b")
# A rank set as a goal: «đến năm 2030, Việt Nam thuộc nhóm 50 nước …», «phấn đấu», «mục tiêu».
_TARGET_RANK = re.compile(r"\bđến (?:năm )?20[3-9]\d\b|\bphấn đấu\b|\bmục tiêu\b|\bby 20[3-9]\d\b", re.IGNORECASE)
_ASKS_RANK = re.compile(
    r"\b(?:xep hang|xep|dung|vi tri|hang)\s+(?:thu\s+)?(?:may|bao nhieu|nao)\b|\bthu hang\b.{0,30}\b(?:may|bao nhieu|"
    r"nao|the nao)\b|\b(?:ranking|ranks?)\b|\bwhat place\b|\b(?:dung|dan) dau (?:bang )?xep hang\b|"
    r"\bxep hang (?:cao|thap) nhat\b|\b(?:tops?|leads?) the (?:ranking|index|table)\b")
_MONEY = re.compile(r"\d[\d.,]*\s*(?:(?:nghìn|triệu|tỷ|ngàn)\s+)*(?:đồng|usd|vnd|tỷ)\b|\$\s*\d|\busd\s*\d", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s*%|\bphần trăm\b", re.IGNORECASE)
_RANK = re.compile(r"(?:thứ|hạng|top|nhóm|≤|<=)\s*\d+|\b\d+(?:st|nd|rd|th)\b|\b(?:dẫn đầu|hàng đầu)\b", re.IGNORECASE)
# «5 sáng kiến», «03 thông tư», «three circulars»: a count of things a question names, and asks which they are.
_COUNTED_ITEMS = {
    "vi": re.compile(r"(?<![\d,.])\b(\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+([^\W\d]+(?:\s+[^\W\d]+)?)"),
    "en": re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?([^\W\d]+)"),
}
_ASKS_WHICH = re.compile(r"\b(?:nhung|cac|la)\s+(?:\w+\s+){0,4}?(?<!ngay )(?<!thang )(?<!nam )(?<!quy )(?<!khi )"
                         r"(?<!luc )(?<!han )nao\b|\b(?:nhung gi|la gi|ke ten|liet ke|so hieu|"
                         r"ten day du|ten cu the|which|what are|what were|name them|titles?)\b")
_ASKS_IDS = re.compile(r"\b(?:so hieu|ten day du|numbers? and titles?|titles?)\b")
_NOT_ITEMS = frozenset("nam thang ngay quy lan nhom tinh years months days ty trieu nghin dong phan nhiem tasks".split())
_ENUMERATION = re.compile(r"\((?:i|1|a)\)|(?<![\d/])1\)|\b(?:một là|thứ nhất)\b|(?:cụ thể|gồm|như sau|sau đây)\s*:",
                          re.IGNORECASE)
# What follows a count when it names its members: «3 Mạng lưới … chiến lược: Lượng tử (VNQuantum), …»,
# «04 địa phương Thanh Hóa, Đà Nẵng, …».
_NAMED_INLINE = re.compile(r"[^.;\n]{0,120}:|\s*(?:[^\W\d]+\s+){0,3}?[A-ZĐ][^\s,]*(?:\s+[A-ZĐ][^\s,]*)*\s*,\s*[A-ZĐ]")
_DOCUMENT_ID = re.compile(r"\b\d+/\d{4}/[A-ZĐ]|\bsố \d+/", re.IGNORECASE)
# A question about what has been achieved, and how a passage states a target or an achievement.
_ASKS_ACHIEVED = re.compile(r"\b(?:da co|da dat|hien co|hien da co|thuc te|so far|have been|has been)\b.{0,40}\b(?:bao nhieu|how many|"
                            r"how much)\b|\b(?:bao nhieu|how many)\b.{0,60}\b(?:da co|da dat|da duoc)\b")
# The question asks what holds now («hiện chiếm», «hiện nay», «currently»).
_ASKS_PRESENT = re.compile(r"\b(?:hien (?:nay|tai|dang|chiem|co|dat|la)|currently|at present|right now|as of now)\b")
_TARGET = re.compile(r"\b(?:phấn đấu|tối thiểu|mục tiêu|hoàn thành trước|trước ngày|chỉ tiêu)\b", re.IGNORECASE)
_ACHIEVED = re.compile(r"\b(?:đã|đạt được|ước tính|hiện có)\b", re.IGNORECASE)


def _only_a_target(text: str) -> bool:
    """The text states a target or a duty («tối thiểu», «hoàn thành trước ngày») and no achievement."""
    return bool(_TARGET.search(text)) and not _ACHIEVED.search(text)


_ASKS_FIGURE = re.compile(r"\b(?:bao nhieu|bn|may|how many|how much)\b|%|\bphan tram\b|\bpercent")
_POSITION_ASKED = re.compile(r"\b(?:duoc |dat |giu |nam )?(?:xac dinh )?(?:o |la |co )?(?:vi tri|vai tro)\s+(?:nhu the nao|the nao|"
                             r"ra sao|gi)\b")
_ASKS_TASK_COUNT = re.compile(r"\b(?:bao nhieu|may|bn)\s+(?:nhiem vu|dau viec|viec)\b|\bhow many tasks\b|"
                              r"\bso (?:luong )?nhiem vu\b")
_MOST = re.compile(r"\bnhieu (?:nhiem vu |viec )?(?:qua han |cham muon |cham )?nhat\b|\bnhieu nhat\b|\bthe most\b|"
                   r"\bmost overdue\b|\b(?:cham|tre|qua han) nhat\b")
# «bộ nào có nhiều nhiệm vụ nhất», «which ministries carry the largest number of tasks»: tasks, not overdue ones.
_MOST_TASKS = re.compile(r"\bnhieu nhiem vu nhat\b|\bnhiem vu nhieu nhat\b|\b(?:largest|highest|biggest|greatest) "
                         r"(?:number|share) of tasks\b|\bthe most tasks\b|\bmost tasks\b")
# «hai bộ», «3 bộ, ngành», «two ministries»: how many leaders are asked for.
_HOW_MANY_LEADERS = re.compile(r"\b(\d{1,2}|hai|ba|bon|nam|two|three|four|five) (?:bo(?:, nganh)?|ministr\w*|co quan|"
                               r"agencies)\b")
_WHICH_MINISTRY = re.compile(r"\bbo nao\b|\bministry\b|\bministries\b|\bbo, nganh nao\b")
_WHICH_LOCALITY = re.compile(r"\b(?:tinh|dia phuong|tinh, thanh|thanh pho) nao\b|\bprovinces?\b|\blocalit")
# The year of the document a question names as its source: «theo báo cáo tháng 9/2025», «the September 2025
# report», «tại giao ban tháng 7/2025».
_SOURCE_YEAR = re.compile(
    r"\b(?:bao cao|report|briefing|ban tin|bai viet|hoi nghi|giao ban|buoi lam viec|working session|meeting)\b"
    r"[^,.;?]{0,30}?\b(?:\d{1,2}/)?(20\d\d)\b|\b(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december) (20\d\d)(?: [a-z-]+)? (?:report|briefing|meeting|session)\b")


_LAW_END = frozenset("được đã do của và có là khi bao sẽ thì trình tại vào năm ngày này nào gì chưa không bị".split())


def _laws_named(text: str) -> list[str]:
    """The laws a question names, folded: «Luật Chuyển đổi số được Quốc hội …» names «luat chuyen doi so»."""
    out = []
    for m in re.finditer(r"\bLuật\s+(?=[A-ZĐ])", nfc(text)):
        words = []
        for w in text[m.end():].split()[:7]:
            bare = w.strip(",.;:?!()«»\"")
            if not bare or bare.lower() in _LAW_END:
                break
            words.append(bare)
            if bare != w:
                break
        if words:
            out.append(fold("luật " + " ".join(words)))
    return out


def _person_after(texts: Sequence[str], office: str, of: Sequence[str] = ()) -> bool:
    """One of the texts names a person (three capitalised words) right after the office (folded), and, when `of`
    is given, after the office one of those names (folded): «Bộ trưởng Bộ Khoa học và Công nghệ Nguyễn Mạnh Hùng»."""
    for raw in texts:
        text = nfc(raw)
        folded = fold(text)
        for m in re.finditer(rf"\b{office}\b", folded):
            if of and not any(folded[m.end():].lstrip().startswith(n) for n in of):
                continue
            if _NAME_AFTER.search(text[m.end():m.end() + 120]):
                return True
    return False


def _source_years(folded: str) -> set[str]:
    return {m.group(1) or m.group(2) for m in _SOURCE_YEAR.finditer(folded)}


_COMPARED_IN_QUESTION = re.compile(r"\bso (?:voi|sanh voi)\b[^,.?;!]{0,30}?\b(?:\d{1,2}/)?20\d\d\b")
_COMPARED_YEAR = re.compile(r"\bso với (?:cùng kỳ |năm |cùng kỳ năm )*(?:tháng \d+/)?20\d\d\b", re.IGNORECASE)
# A question that opens by naming its source: «Theo báo cáo tháng 9/2025, ...».
_SOURCE_PREFIX = re.compile(r"^\s*(?:theo|trong|tại|căn cứ|according to|in)\s+([^,?:]{3,120}?)\s*[,:]\s*\S", re.IGNORECASE)
# An English question that names its source last: «…, according to the government's September 2025 summary report?».
_SOURCE_SUFFIX = re.compile(r"(?:,\s*|\s+)(?:according to|as stated in|as reported in|as set out in)\s+([^,?]{3,120}?)\s*[?.!]*\s*$",
                            re.IGNORECASE)
# «… does the government's September 2025 summary report estimate …»: a source named with its date or issuer.
_SOURCE_NAMED_EN = re.compile(r"\b(?:the\s+)?(?:(?:government'?s?|september|july|april|january|summary|action|monthly|"
                              r"state[- ]management|\d{1,2}|20\d\d)\s+){1,5}(?:summary report|report|article|briefing)\b",
                              re.IGNORECASE)
_NAMES_A_SOURCE = re.compile(r"\b(?:nghi quyet|chuong trinh|bao cao|bai|phu luc|ke hoach|van ban|resolution|report|"
                             r"programme|program|appendix|article)\b")
# First words of what a count question counts when it counts the appendices' records.
_RECORD_NOUNS = frozenset("nhiem task tasks chi indicator indicators cong viec de an".split())
# A name written in mixed case («VNQuantum», «ViSecurity»): at least two capitals and a small letter.
_MIXED_CASE = re.compile(r"\b(?=\w*[a-z])(?=\w*[A-Z]\w*[A-Z])\w{4,}\b")
# Questions about a document itself: who signed it, when it was issued.
_SIGNING_DATE = r"ngay ky|ky (?:vao )?(?:ngay|khi) nao|ky bao gio|de ngay (?:nao|may|bao nhieu)"
_ASKS_SIGNER = re.compile(r"\b(?:ai ky|nguoi ky|ky thay|ky ban hanh|ky van ban|who signed|signed|signer|signatory)\b")
# Who signed it or when: enough to name a document by its kind and date («Báo cáo … ngày 22/9/2025 do ai ký?»).
_ASKS_SIGNED = re.compile(rf"\b(?:ai ky|nguoi ky|{_SIGNING_DATE}|who signed|signed)\b")
_ASKS_ISSUED = re.compile(rf"\b(?:ban hanh (?:vao )?(?:ngay|khi) nao|ban hanh bao gio|ngay ban hanh|{_SIGNING_DATE}|"
                          r"(?:when|what date) (?:was|is) .{0,120}(?:issued|signed|adopted)|issued on|date of issue)\b")
# «Đề án … : theo NQ 03 ai chủ trì; … hẹn ban hành khi nào»: what is issued is another document than the one named.
# «thỏa thuận … với Google … được ký ngày nào?»: what is signed is an agreement the document tells of, not the document.
_AGREEMENT = re.compile(r"\b(?:thoa thuan|hop dong|bien ban ghi nho|ghi nho|mou|agreements?|memorand\w*|contracts?)\b")
# «… asks for the titles of those overdue tasks»: the named list, which the corpus does not hold.
_ASKS_NAMED_LIST = re.compile(r"\b(?:titles?|names?) of (?:the |those |these )?(?:\w+ )?tasks\b|\btitles\b|"
                              r"\bten (?:cua )?(?:cac |nhung )?nhiem vu\b")
_OTHER_DOCUMENT_ISSUED = re.compile(r"^(?:\W*)(?:de an|ke hoach|luat|nghi dinh|thong tu|chien luoc|khung)\b.*\bban hanh\b")
# «có hiệu lực từ khi nào», «when does it take effect»: the document's own words on its entry into force.
_ASKS_EFFECT = re.compile(r"\bhieu luc\b.{0,30}\b(?:khi nao|ngay nao|bao gio|luc nao)\b|"
                          r"\b(?:take|took|come|came|enter\w*) (?:into )?(?:effect|force)\b|\beffective\b")
# «Phụ lục I có chỉ tiêu … không?»: whether the appendix sets such an indicator at all.
_ASKS_WHETHER_SET = re.compile(r"\bco (?:chi tieu|muc tieu)\b.*\b(?:khong|hay khong)\b|"
                               r"\b(?:is there|are there|does .{0,40}\b(?:set|have|include)) (?:a|an|any) "
                               r"(?:indicator|target)s?\b")
# How a question names a document as its source, by the document's kind; its month follows or comes before.
_SOURCE_LABELS = {"bao_cao": r"bao cao|report", "tin_tuc": r"giao ban|briefing", "bai_bao": r"buoi lam viec|working session"}
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
# «… được chia thành mấy nhóm? Liệt kê các nhóm»: the groups overdue tasks are sorted into.
# «Báo cáo nêu tên bao nhiêu cơ quan, địa phương có nhiệm vụ quá hạn?», «Những bộ nào có nhiệm vụ chậm?», «Which
# provinces have overdue tasks?»: the agencies themselves are asked for, not their tasks.
_ASKS_AGENCIES = re.compile(
    r"(?<!dung dau )(?<!lanh dao )(?:\b(?:bao nhieu|may|bn)\s+(?:co quan|bo|nganh|dia phuong|tinh|thanh pho|don vi)\b|"
    r"\b(?:co quan|bo|bo, nganh|nganh|dia phuong|tinh|tinh, thanh pho|thanh pho|don vi)\s+nao\b|"
    r"\b(?:how many|which|what)\s+(?:ministries|agencies|provinces|localities|bodies|cities)\b)"
    # … that have tasks: «… nào bị kỷ luật» asks about people, not the agencies with overdue tasks.
    r"(?=.{0,40}\b(?:co|con|have|has|with)\s+(?:\w+\s+)?(?:nhiem vu|viec|overdue|tasks?)\b)")
# «tổng số bao nhiêu nhiệm vụ», «được giao bao nhiêu», «how many tasks were assigned»: the total of the tasks.
_ASKS_TOTAL = re.compile(r"\btong (?:so )?(?:bao nhieu|bn|may|nhiem vu|so)\b|\bin total\b|\btotal\b|"
                         r"\bduoc giao bao nhieu\b|\bgiao (?:tong cong )?(?:bao nhieu|may) nhiem vu\b|"
                         r"\bhow many (?:tasks )?(?:were|had been) assigned\b|\bhow many tasks\b.{0,120}\bassign")
_ASKS_GROUPS = re.compile(r"\b(?:may|bao nhieu|cac|nhung) nhom\b|\bnhom nao\b|\b(?:how many|which|what) groups\b")
# «… và số liệu trong đó được tính đến ngày nào?»: the date a document's figures are counted at.
_ASKS_DATA_DATE = re.compile(
    r"\bso lieu\b.{0,60}\btinh (?:den|toi)\b.{0,20}\b(?:ngay nao|khi nao|thoi diem nao|bao gio|luc nao|ngay may)\b|"
    r"\b(?:figures|data)\b.{0,60}\bas of (?:what|which) (?:date|day)\b|\bas of what date\b")
_EFFECT_CLAUSE = re.compile(r"[^.\n]*\bcó hiệu lực\b[^.\n]*\.?")
# A question that asks for the particulars: the list, the items, what exactly.
_ASKS_DETAILS = re.compile(r"\b(?:cu the|la gi|nhung gi|gom nhung|danh sach|liet ke|ke ten|which|list|"
                           r"what (?:exactly |precisely )?(?:are|were))\b")
# A passage's pointer to an appendix that holds its particulars.
_POINTER = re.compile(r"(?:chi tiết|danh sách)[^()\n]{0,80}?\s+tại\s+phụ lục\s+(\w+)(?:\s+kèm theo)?", re.IGNORECASE)


def _scene_words(q: Query) -> set[str]:
    """The words (lower case, as typed) of the sentences that ask nothing before those that ask («Công ty tôi nộp đơn
    từ năm 2023 mà chưa có kết quả. Bộ KH&CN có đặt mốc … không?»), and nowhere in those that ask: they tell who
    asks or what happened, not what is asked of the documents."""
    if q.language != "vi":
        return set()
    sentences = [x for x in re.split(r"(?<=[.!])\s+", q.normalized.strip()) if x.strip()]
    # «… mà chưa thấy xử lý.» tells, it does not ask: «chưa» asks only in a question.
    telling = [x for x in sentences[:-1] if not QUESTION_WORD.search(re.sub(r"\bchua\b", " ", fold(x)))]
    told = " ".join(telling)
    asked = " ".join(x for x in sentences if x not in telling)
    if not told or not asked:
        return set()
    return set(re.findall(r"\w+", told.lower())) - set(re.findall(r"\w+", asked.lower()))


def _entries(text: str) -> list[str]:
    """The entries of an answer, one per line, except that a quote running over several lines stays one entry:
    judged line by line, its first line could be dropped and its last kept, without its opening «."""
    entries: list[str] = []
    for line in text.split("\n"):
        if entries and entries[-1].count("«") > entries[-1].count("»"):
            entries[-1] += "\n" + line
        else:
            entries.append(line)
    return entries


def _list_membership(agency: Agency, text: str) -> int | None:
    """1 when folded `text` names the agency inside a comma-separated list with no figure of its own, 2 when that
    list is followed by the figure its members share («…, Lâm Đồng, Tây Ninh là 793,9 tỷ đồng»), 0 when it names
    it otherwise, None when it does not name it."""
    for name in sorted({fold(n) for n in (agency.name, *agency.aliases)}, key=len, reverse=True):
        bare = re.sub(r"^(?:tinh|thanh pho|tp\.?)\s+", "", name)
        m = re.search(rf"\b{re.escape(bare)}\b", text)
        if not m:
            continue
        before, after = text[max(0, m.start() - 40) : m.start()].rstrip(), text[m.end() : m.end() + 40].lstrip()
        # Inside a list: an item follows it («gồm: Cao Bằng, Điện Biên»), or two items come before it.
        # «bổ sung cho 04 địa phương Thanh Hóa, Đà Nẵng, …»: a count of members announces the list.
        in_list = (after.startswith(",") and re.search(
            r"(?:,|:|\(|\bgom|\b\d+\s+(?:dia phuong|tinh|thanh pho|bo|co quan|don vi))$", before) is not None) or (
            before.endswith(",") and before.count(",") >= 2)
        # «Cao Bằng (04 nhiệm vụ)» has its own figure; «…, Lâm Đồng, Tây Ninh là 793,9 tỷ đồng» is the list's.
        own_figure = re.match(r"\s*(?:\(|:)?\s*\d", after) or (
            re.match(r"\s*(?:co|dat|la|voi)\s*\d", after) and not before.endswith(","))
        # The figure after the list's last member («…, Lâm Đồng, Tây Ninh là 793,9 tỷ đồng») is shared by all.
        if in_list and re.match(r"(?:\s*,\s*[^,\d]{1,30}?)*\s+(?:la|dat|voi)\s+\d", text[m.end():m.end() + 160]):
            return 2
        return int(in_list and not own_figure)
    return None


@dataclass(frozen=True)
class Turn:
    """One exchange: the answer and the conversation state to carry into the next question."""

    answer: Answer
    state: ConversationState


def _years(text: str) -> set[str]:
    """The years 2000–2099 a text writes."""
    return set(re.findall(r"\b(20\d\d)\b", text))


def _names_no_agency(agency: Agency) -> bool:
    """«the Government's programme», «các bộ, ngành, địa phương»: named, but no agency to filter on or monitor."""
    return fold(agency.name) in ("chinh phu", "thu tuong chinh phu") or agency.kind == "khac"


def _is_province(agency: Agency) -> bool:
    """A province or city by name («Tỉnh Lâm Đồng»), not the collective «Các địa phương»."""
    return agency.kind == "dia_phuong" and not fold(agency.name).startswith("cac ")


def _asks_about_a_document(folded: str) -> bool:
    """Who signed a document, when it was issued, since when it is in force."""
    return bool(_ASKS_SIGNER.search(folded) or _ASKS_ISSUED.search(folded) or _ASKS_EFFECT.search(folded)
                or re.search(r"\b(?:ai|who)\b", folded) and re.search(r"\b(?:ky(?! hop)|sign\w*)\b", folded))


def _names_province(text: str, agency: Agency) -> bool:
    """The text names the province itself, not a body that carries its name («Đại học Quốc gia Thành phố Hồ Chí
    Minh», «Học viện Chính trị quốc gia Hồ Chí Minh»)."""
    folded = key(text)
    for name in (_place_name(agency.name), *agency.aliases):
        k = key(name)
        for m in re.finditer(re.escape(k), folded) if k else ():
            before = folded[max(0, m.start() - 30):m.start()]
            if not re.search(r"\b(?:dai hoc|dhqg|truong|vien|quoc gia)(?:\s+(?:thanh pho|tp))?\s*$", before):
                return True
    return False


def _place_name(name: str) -> str:
    """«Tỉnh Lâm Đồng» → «Lâm Đồng», «Thành phố Đà Nẵng» → «Đà Nẵng»: places are written without their kind."""
    return re.sub(r"^(?:Tỉnh|Thành phố|TP\.?)\s+", "", name)


def short_location(path: Sequence[str], parts: int = 2, width: int = 70) -> str:
    """The last levels of a section path, each cut to `width` characters, for inline mentions."""
    tail = [p if len(p) <= width else p[:width].rsplit(" ", 1)[0] + "…" for p in path[-parts:]]
    return " › ".join(tail)


def deliverable_matches(wanted: str, deliverable: str) -> bool:
    """True when one of the task's deliverables (comma-separated) is of the asked kind, e.g. 'Luật' matches
    'Luật của Quốc hội' but not 'Đề xuất sửa đổi Luật'."""
    want = key(wanted)
    return any(key(part).startswith(want) for part in re.split(r"[,;]", deliverable) if part.strip())


class AnswerEngine:
    """Answers one question at a time; holds no per-conversation state itself."""

    def __init__(self, bundle: IndexBundle, registry: AgencyRegistry, settings: Settings) -> None:
        self._bundle = bundle
        self._store = bundle.store
        self._registry = registry
        self._settings = settings
        self.parser = QueryParser(registry)
        self.retriever = HybridRetriever(bundle, settings.retrieval)
        self._documents: dict[str, DocumentMeta] = {d.id: d for d in self._store.documents()}
        self._texts: dict[str, str] = {}
        self._folded_texts: dict[str, str] = {}  # the same, folded, for dates looked up across whole documents
        self._chunks_by_doc: dict[str, list[Chunk]] = {}  # read once per document, for figure locations
        texts = [c.text for c in self._store.chunks()]
        self._chunk_texts = texts  # as written, for names looked up across the whole corpus
        self._weights = TermWeights(texts)
        self._lowered = [nfc(t).lower() for t in texts]  # chunk texts in lower case, for phrase counts
        self._folded_corpus: str | None = None  # the same, folded, built when an English name is checked
        self._segmenter: Segmenter | None = None  # loaded on first use

    def warm_up(self) -> None:
        """Loads what the first question would otherwise wait for (the word segmenter, the query path)."""
        self.retriever.search("khởi động", k=1)

    # ----------------------------------------------------------------------------------------- entry point
    def answer(self, question: Question, state: ConversationState | None = None) -> Turn:
        query = self.parser.parse(question, state)
        words = wording_for(query.language)
        book = CitationBook(self._documents, self._text)
        handler = self._route(query)
        text, records, refused, retrieved = handler(query, words, book)
        # A refusal that says what is missing («Phụ lục I không có chỉ tiêu nào về 6G») answers the whole
        # question; only the bare «not in the documents» leaves other parts to be tried.
        specific_refusal = refused and not text.startswith(words.refusal)
        if handler not in (self._chitchat, self._out_of_scope) and not specific_refusal:
            more_text, more_records, answered = self._other_parts(
                query, "" if refused else text, words, book, first_answered=handler == self._passages,
                document_asked=handler == self._document_info)
            if refused and answered:
                text, records, refused = "", [], False  # some parts are answered: answer those
            if not refused:
                text = "\n".join(filter(None, [text, *more_text]))
                records = [*records, *(r for r in more_records if r not in records)]
        answer = Answer(
            text=text.strip(),
            citations=book.citations,
            records=tuple(records),
            intent=query.intent,
            language=query.language,
            refused=refused,
            standalone=query.standalone,
            retrieved_chunk_ids=tuple(retrieved),
        )
        log.info(
            "answered intent=%s refused=%s cited=%s dropped=%d records=%d",
            query.intent, refused, ",".join(c.chunk_id or "-" for c in answer.citations), book.dropped, len(records),
        )
        refs = [f"task:{r.number}" for r in records if isinstance(r, Task)]
        refs += [f"indicator:{r.number}" for r in records if isinstance(r, Indicator)]
        quoted = [c.chunk_id for c in answer.citations if c.chunk_id and not refused]
        new_state = (state or ConversationState()).advance(query, refs, dict.fromkeys(quoted))
        return Turn(answer, new_state)

    def _route(self, q: Query):  # type: ignore[no-untyped-def]
        if q.intent == "chitchat":
            return self._chitchat
        if q.intent == "out_of_scope":
            return self._out_of_scope
        if (_asks_about_a_document(q.folded) and self._named_documents(q)
                and not _OTHER_DOCUMENT_ISSUED.search(q.folded) and not _AGREEMENT.search(q.folded)):
            return self._document_info
        if _ASKS_DOCUMENT_DATE.search(q.folded) and not self._named_documents(q) and self._cited_dates(q):
            return self._cited_document  # «Nghị quyết 57 ban hành ngày nào, cơ quan nào?»: as the corpus cites it
        if q.task_numbers and q.intent in ("task_lookup", "task_list", "count", "explain", "figure"):
            return self._task_lookup
        if (item_ordinal(q.original) is not None and not q.agencies
                and item_ordinal(split_parts(q.original)[0]) is not None):
            return self._passages  # «nhiệm vụ thứ bảy (trong số đó) … năm 2025»: an item of a list in the text
        if (q.status is None and not q.task_numbers and _MOST_TASKS.search(q.folded)
                and all(_names_no_agency(a) for a in q.agencies) and not _NAMES_APPENDIX_II.search(q.folded)
                and not re.search(r"\b(?:chu tri|phoi hop|leads?|coordinat\w*)\b", q.folded)):
            return self._most_tasks
        if q.status == "overdue":
            if (len(_statuses_named(q.folded)) >= 2 and all(a.kind == "khac" for a in q.agencies)
                    and q.intent in ("count", "figure")):
                return self._status_figures  # «bao nhiêu hoàn thành, bao nhiêu quá hạn?»: the report's counts
            return self._overdue
        if q.status in ("completed", "in_progress"):
            # Completion is only reported in the report's figures, never in the appendix.
            if re.search(r"\bphu luc ii\b|\b140 nhiem vu\b|\bappendix ii\b", q.folded):
                # «Phụ lục II giao ai hoàn thành, hạn nào?» asks who and when, not how many are done.
                return self._appendix_status if q.intent in ("count", "figure") else self._passages
            if not q.agencies and q.intent in ("count", "figure"):
                return self._status_figures
            return self._passages
        if (q.intent == "compare" and len([a for a in q.agencies if not _names_no_agency(a)]) >= 2
                and not q.task_numbers and _ASKS_TASK_COUNT.search(q.folded)):
            return self._compared_task_counts  # «So sánh Bộ A và Bộ B: mỗi bộ được giao bao nhiêu nhiệm vụ?»
        if (q.intent in ("count", "figure") and not q.task_numbers and q.agencies and _REPORT_CONTEXT.search(q.folded)
                and _ASKS_TASK_COUNT.search(q.folded) and not _NAMES_APPENDIX_II.search(q.folded)
                and self._agency_task_figures_of(q)):
            return self._agency_task_figures  # «Báo cáo tháng 9 cho biết Bộ X được giao bao nhiêu nhiệm vụ?»
        if (q.intent in ("count", "figure") and not q.task_numbers and not q.agencies and q.status is None
                and _REPORT_CONTEXT.search(q.folded) and not _NAMES_APPENDIX_II.search(q.folded)
                and _ASKS_TOTAL.search(q.folded) and _ASKS_TASK_COUNT.search(q.folded)
                and not [t for t in self._terms(q) if not t.isdigit() and t not in STATUS_WORDS]):
            return self._status_figures  # «Báo cáo tháng 9 nói năm 2025 có tổng số bao nhiêu nhiệm vụ được giao?»
        if q.intent in ("count", "figure") and not q.task_numbers and _REPORT_CONTEXT.search(q.folded) and (
                not _NAMES_APPENDIX_II.search(q.folded)) and (
                not q.agencies or all(a.kind == "khac" for a in q.agencies)
                or any(self._store.figures(agency=self._lineage(q.agencies)[0]))):
            # "How many tasks is X carrying out (as the report counts them)?": the report's figures, not the
            # appendix; "các bộ, ngành, địa phương" there is everyone, not an agency to filter on.
            return self._passages
        if q.record_kind == "indicator" and q.agencies and q.intent in ("task_list", "count") and not q.task_numbers:
            return self._indicator  # "Bộ X theo dõi bao nhiêu chỉ tiêu?": Phụ lục I, not Phụ lục II
        counted = counted_phrase(q.normalized)
        if q.intent == "count" and counted and counted[0] not in _RECORD_NOUNS and not self._about_appendix(q):
            return self._passages  # «mấy xu hướng», «bao nhiêu tỷ đồng»: the text counts them, not the appendix
        scene = scene_span(q.normalized) if not q.task_numbers else None
        if (q.intent in ("task_list", "task_lookup") and scene
                and not re.search(r"\b(?:nhiem vu|tasks?|phu luc|appendix)\b", q.folded)):
            return self._passages  # «At the 1 April 2025 working session, when did the Ministry expect …?»
        if (q.intent in ("task_list", "count") and scene and not _NAMES_APPENDIX_II.search(q.folded)
                and q.agency_surfaces and all(fold(s) in fold(scene[0]) for s in q.agency_surfaces
                                              if not any(fold(s) == fold(a.name) and _names_no_agency(a)
                                                         for a in q.agencies))):
            # «Tin giao ban tháng 7 của Bộ KH&CN: tháng 8 có bao nhiêu nhiệm vụ phải hoàn thành?»: the ministry
            # holds the meeting; it is no filter on the tasks, which the meeting's article counts.
            return self._passages
        if q.intent in ("task_list", "count") and self._has_task_filter(q):
            return self._task_list
        if q.intent == "count" and not q.agencies and q.record_kind in ("task", "indicator") and self._about_appendix(q):
            return self._appendix_overview
        # «Nhóm nhiệm vụ V của Phụ lục II gồm những nhiệm vụ nào, từ số mấy đến số mấy?»: the group's own records.
        if (q.intent in ("task_list", "task_lookup") and not q.agencies and not q.task_numbers
                and q.record_kind == "task" and _NAMES_GROUP.search(q.folded) and self._named_group(q, self._groups())):
            return self._appendix_overview
        if (q.intent == "indicator" and not q.indicator_numbers and (named := self._source_documents(q.folded))
                and not named & {i.doc_id for i in self._store.indicators()[:1]}):
            return self._passages  # «Báo cáo ngày 22/9 đặt chỉ tiêu số trạm 5G …»: the report's target, not Phụ lục I
        if q.intent == "indicator" or q.indicator_numbers or q.record_kind == "indicator":
            return self._indicator
        if q.intent == "figure" and q.record_kind == "task" and self._has_task_filter(q):
            return self._task_list
        return self._passages

    def _named_documents(self, q: Query) -> list[DocumentMeta]:
        """Corpus documents the question names by their number: «Nghị quyết 03/NQ-CP», «Resolution 03», «NQ 03».
        A follow-up («Ai ký văn bản đó?») names the document of the question before it."""
        if q.is_follow_up and not re.search(r"\d", q.normalized):
            q = replace(q, folded=fold(q.standalone), normalized=q.standalone)
        out = []
        for meta in self._documents.values():
            if not meta.number:
                continue
            num, _, kind = fold(meta.number).partition("/")
            if not num.isdigit():
                continue
            n = str(int(num))
            label = fold(KIND_LABELS.get(meta.kind, ""))
            full = rf"\b0*{n}\s*/\s*{re.escape(kind)}" if kind else None
            short = rf"\b(?:{re.escape(label)}|resolution|decision|decree|nq|qd|nd)\s+(?:so\s+)?0*{n}\b" if label else None
            if (full and re.search(full, q.folded)) or (short and re.search(short, q.folded)):
                out.append(meta)
        if out or not _ASKS_SIGNED.search(q.folded):
            return out
        # Asked who signed it or when, a document without a number is named by its kind with its date or its title:
        # «Báo cáo tóm tắt ngày 22/9/2025 do ai ký?». («… ban hành khi nào» is often about something it mentions.)
        asked = set(content_terms(q.normalized))
        for meta in self._documents.values():
            label = fold(KIND_LABELS.get(meta.kind, ""))
            if not label or not re.search(rf"\b{re.escape(label)}\b", q.folded):
                continue
            dated = False
            if meta.date:
                _, month, day = meta.date.split("-")
                dated = bool(re.search(rf"\b0?{int(day)}\s*(?:/|thang)\s*0?{int(month)}\b", q.folded))
            titled = len(asked & set(content_terms(meta.title)) - set(content_terms(label))) >= 3
            if dated or titled:
                out.append((not dated, meta))
        best = [meta for rank, meta in sorted(out, key=lambda x: x[0]) if rank == min(r for r, _ in out)] if out else []
        return best if len(best) == 1 else []

    def _document_info(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """Who signed a document and when it was issued, from its metadata, each cited from its own text."""
        lines: list[str] = []
        unsigned = False  # the signer asked for is not in the copy the corpus holds
        for meta in self._named_documents(q):
            text = self._text(meta.id) or ""
            label = short_document_label(meta)
            if _ASKS_ISSUED.search(q.folded) or _ASKS_EFFECT.search(q.folded) or not _ASKS_SIGNER.search(q.folded):
                quote = self._date_quote(meta, text)
                marker = book.cite(Evidence(meta.id, quote, words.document, None)) if quote else ""
                if meta.date and marker:
                    line = (words.issued_on.format(doc=label, issuer=meta.issuer, date=format_date(meta.date, words))
                            if meta.issuer else words.dated_on.format(doc=label, date=format_date(meta.date, words)))
                    lines.append(line + marker)
            effect = _EFFECT_CLAUSE.search(text) if _ASKS_EFFECT.search(q.folded) else None
            if effect:
                quote = effect.group(0).strip()
                lines.append(words.figure_line.format(doc=label, quote=quote)
                             + book.cite(Evidence(meta.id, quote, words.document, None)))
            if _ASKS_DATA_DATE.search(q.folded):
                lines.extend(self._data_date_lines(meta, label, words, book))
            if _ASKS_SIGNER.search(q.folded):
                sig = meta.signature
                if sig is None:
                    lines.append(words.no_signature.format(doc=label))
                    unsigned = True
                    continue
                first = text.rfind(sig.capacity[0], max(0, sig.start - 200), sig.start) if sig.capacity else -1
                quote = text[first if first >= 0 else sig.start : sig.end]
                marker = book.cite(Evidence(meta.id, quote, words.signature_location, None))
                capacity = ", ".join(sig.capacity)
                lines.append(words.signed_by.format(doc=label, title=sig.title.capitalize(), name=sig.name,
                                                    capacity=f" ({capacity})" if capacity else "") + marker)
        if not lines:
            return self._passages(q, words, book)
        return "\n".join(lines), [], unsigned and len(lines) == 1, []

    def _data_date_lines(self, meta: DocumentMeta, label: str, words: Wording, book: CitationBook) -> list[str]:
        """The date the document's figures are counted at, quoted where it says so, and whether that date comes
        after the document's own (the report of 22/9/2025 counts «đến ngày 23/9/2025»)."""
        dated = [(d, f) for f in self._store.figures(doc_id=meta.id) if (d := self._data_date(f)) and f.as_of == d]
        if not dated:
            return []
        newest = max(d for d, _ in dated)
        y, m, d = (int(x) for x in newest.split("-"))
        said = re.compile(rf"\b0?{d}/0?{m}/{y}\b|ngày 0?{d} tháng 0?{m} năm {y}")
        text = self._text(meta.id)
        quotes = [(sentence_around(text or f.quote, f.start, f.end), f) for day, f in dated if day == newest]
        # The sentence that writes the date itself («Tính đến ngày 23/9/2025, có 270 nhiệm vụ …»).
        quote, fig = next(((qt, f) for qt, f in quotes if said.search(qt)), quotes[0])
        marker = self._cite_figure(fig, book, quote)
        if not marker:
            return []
        lines = [words.data_as_of.format(doc=label, as_of=format_date(newest, words), quote=quote) + marker]
        if meta.date and newest > meta.date:
            lines.append(words.data_after_issue.format(as_of=format_date(newest, words),
                                                       date=format_date(meta.date, words)))
        return lines

    @staticmethod
    def _date_quote(meta: DocumentMeta, text: str) -> str:
        """A phrase of the document that states its own number and date of issue, e.g. «Nghị quyết số 03/NQ-CP
        ngày 09 tháng 01 năm 2025», or its dateline «Hà Nội, ngày 22 tháng 9 năm 2025»."""
        if not meta.date:
            return ""
        y, m, d = (int(x) for x in meta.date.split("-"))
        date = rf"ngày\s+0?{d}\s+tháng\s+0?{m}\s+năm\s+{y}|ngày\s+0?{d}/0?{m}/{y}"
        if meta.number:
            hit = re.search(rf"[^\n(]{{0,40}}{re.escape(meta.number)}\s+(?:{date})", text)
            if hit:
                return hit.group(0).strip()
        hit = re.search(rf"[^\n]{{0,30}}(?:{date})", text)
        return hit.group(0).strip() if hit else ""

    @staticmethod
    def _about_appendix(q: Query) -> bool:
        """'Phụ lục II có bao nhiêu nhiệm vụ?', 'Nhóm II có mấy nhiệm vụ?': counts of the appendices themselves."""
        return bool(re.search(r"\bphu luc\b|\bnhom\b|\bappendix\b|\bgroup\b", q.folded))

    def _appendix_overview(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """Counts read off the parsed appendices: tasks per group (Phụ lục II), indicators per horizon (Phụ lục I)."""
        lines: list[str] = []
        if q.record_kind == "indicator":
            indicators = [i for i in self._store.indicators()]
            by_horizon: dict[int, list[Indicator]] = {}
            for ind in indicators:
                by_horizon.setdefault(ind.horizon, []).append(ind)
            parts = []
            for horizon, items in sorted(by_horizon.items()):
                top = [i for i in items if "." not in i.number]
                parts.append(words.overview_horizon.format(n=len(top), horizon=horizon, sub=len(items) - len(top)))
            marker = book.cite(self._indicator_evidence(indicators[0])) if indicators else ""
            lines.append(words.overview_indicators.format(source=words.source_appendix_i, parts="; ".join(parts))
                         + marker)
            return "\n".join(lines), [], False, []
        tasks = self._store.tasks()
        groups = self._groups()
        group = self._named_group(q, groups)
        if group:
            items = groups.get(group, [])
            if not items:
                return words.overview_no_group.format(group=group, n=len(groups)), [], True, []
            if re.search(r"\btong (?:cong|so)\b|\b(?:in )?total\b|\bca phu luc\b|\btoan bo\b", q.folded):
                # «Tổng cộng Phụ lục II có bao nhiêu nhiệm vụ, và riêng nhóm V có bao nhiêu?»
                lines.append(words.overview_total.format(source=words.source_appendix_ii, n=len(tasks), g=len(groups))
                             + book.cite(self._task_evidence(tasks[0])))
            marker = book.cite(self._task_evidence(items[0]))
            lines.append(words.overview_group.format(source=words.source_appendix_ii, group=group,
                                                     title=items[0].group_title.rstrip("."), n=len(items),
                                                     first=items[0].number, last=items[-1].number) + marker)
            if q.intent == "count":
                return "\n".join(lines), [], False, []
            # «Nhóm … gồm những nhiệm vụ nào / số mấy?»: the group's tasks, every one.
            lines.extend(self._grouped(items, words, book, with_agencies=True))
            return "\n".join(lines), list(items), False, []
        lines.append(words.overview_tasks.format(source=words.source_appendix_ii, n=len(tasks), g=len(groups)))
        for group, items in groups.items():
            marker = book.cite(self._task_evidence(items[0]))
            lines.append(words.overview_line.format(group=group, title=items[0].group_title.rstrip("."), n=len(items),
                                                    first=items[0].number, last=items[-1].number) + marker)
        return "\n".join(lines), [], False, []

    def _groups(self) -> dict[str, list[Task]]:
        groups: dict[str, list[Task]] = {}
        for t in self._store.tasks():
            groups.setdefault(t.group, []).append(t)
        return groups

    def _named_group(self, q: Query, groups: dict[str, list[Task]]) -> str | None:
        """The group of Phụ lục II a question names: by its numeral («nhóm V», «group VII») or by its title («Nhóm
        nhiệm vụ về hợp tác quốc tế»), when one title covers the question's words and no other does."""
        wanted = re.search(r"\bnhom (?:nhiem vu )?([ivx]+)\b|\bgroup ([ivx]+)\b", q.folded)
        if wanted:
            return (wanted.group(1) or wanted.group(2)).upper()
        topical = [t for t in self._terms(q) if not t.isdigit()]
        titled = sorted(((coverage(topical, items[0].group_title, self._weights), g) for g, items in groups.items()),
                        reverse=True) if topical else []
        return titled[0][1] if titled and titled[0][0] >= 0.6 and (len(titled) < 2 or titled[1][0] < 0.6) else None

    @staticmethod
    def _has_task_filter(q: Query) -> bool:
        return bool(q.agencies or q.deliverable or q.due_from or q.due_to or q.deadline_kind or q.restrict_to
                    or q.excluded_due)

    # ------------------------------------------------------------------------------------------- helpers
    def _text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            text = self._store.document_text(doc_id)
            if text is None:
                return None
            self._texts[doc_id] = text
        return self._texts[doc_id]

    def _folded_text(self, doc_id: str) -> str:
        if doc_id not in self._folded_texts:
            self._folded_texts[doc_id] = fold(self._text(doc_id) or "")
        return self._folded_texts[doc_id]

    def _doc_label(self, doc_id: str) -> str:
        meta = self._documents.get(doc_id)
        if meta is None:
            return doc_id
        label = short_document_label(meta)
        if meta.date:
            label += f" ngày {format_date(meta.date, VI)}" if meta.kind == "bao_cao" else ""
        return label

    def _task_evidence(self, task: Task) -> Evidence:
        text = self._text(task.doc_id) or ""
        quote = span_quote(text, task.start, task.end, prefer=task.title)
        return Evidence(task.doc_id, quote, f"Phụ lục II › Nhiệm vụ {task.number}", f"task:{task.number}")

    def _indicator_evidence(self, ind: Indicator) -> Evidence:
        text = self._text(ind.doc_id) or ""
        quote = span_quote(text, ind.start, ind.end, prefer=ind.name)
        return Evidence(ind.doc_id, quote, f"Phụ lục I › Chỉ tiêu {ind.number}", f"indicator:{ind.number}")

    def _lineage(self, agencies: Sequence[Agency]) -> tuple[list[str], list[tuple[Agency, Agency]]]:
        """Names to search for the asked agencies (with those merged into them), and the (old, new) merger
        pairs involved: predecessors of an asked agency, and an asked agency's own successor."""
        names: list[str] = []
        merges: list[tuple[Agency, Agency]] = []
        for agency in agencies:
            for member in agency_lineage(self._registry, [agency]):
                names.extend([member.name, *member.aliases])
                if member.id != agency.id:
                    merges.append((member, agency))
            successor = self._registry.get(agency.merged_into) if agency.merged_into else None
            if successor is not None:
                merges.append((agency, successor))
        return names, merges

    def _lineage_names(self, agency: Agency) -> list[str]:
        """The agency's names, those of the agencies merged into it, and those of the one it merged into."""
        names, _ = self._lineage([agency])  # the agency itself and those merged into it
        successor = self._registry.get(agency.merged_into) if agency.merged_into else None
        return [*names, *((successor.name, *successor.aliases) if successor else ())]

    def _agency_name(self, agency: Agency, words: Wording) -> str:
        if words.lang == "en" and agency.english:
            return f"{agency.english[0]} ({agency.name})"
        return agency.name

    def _agency_tasks(self, agencies: Sequence[Agency], role: str) -> list[Task]:
        """Tasks where any of the agencies or their merger lineage has `role`; all tasks when none is named."""
        if not agencies:
            return self._store.tasks()
        return tasks_for_agencies(self._store, agency_lineage(self._registry, list(agencies)), role)  # type: ignore[arg-type]

    def _filter_tasks(self, q: Query, tasks: Sequence[Task]) -> list[Task]:
        out = list(tasks)
        if q.restrict_to:
            keep = set(q.restrict_to)
            out = [t for t in out if t.number in keep]
        if q.deliverable:
            out = [t for t in out if deliverable_matches(q.deliverable, t.deliverable)]
        if q.due_from:
            out = [t for t in out if t.deadline.due_date and t.deadline.due_date >= q.due_from]
        if q.due_to:
            out = [t for t in out if t.deadline.due_date and t.deadline.due_date <= q.due_to]
        if q.due_from and q.due_to and q.due_from[:7] == q.due_to[:7]:
            # «hạn 12/2025» asks what is due that month: a deadline written as a quarter or a year («Quý IV/2025»,
            # «2025») ends in it but is not that month's.
            out = [t for t in out if t.deadline.kind == "month"]
        if q.deadline_kind:
            out = [t for t in out if t.deadline.kind == q.deadline_kind]
        if q.excluded_due:
            lo, hi = q.excluded_due
            out = [t for t in out if not (t.deadline.due_date and lo <= t.deadline.due_date <= hi)]
        if q.sort == "due_asc":
            out.sort(key=lambda t: (t.deadline.due_date or "9999-12-31", t.number))
        return out

    def _task_line(self, task: Task, words: Wording, book: CitationBook, with_agencies: bool = True) -> str:
        marker = book.cite(self._task_evidence(task))
        parts = [f"{words.task} {task.number}: {task.title.rstrip('.')}"]
        if with_agencies:
            parts.append(f"{words.lead}: {', '.join(task.lead_agencies) or words.none}")
        if task.deliverable:
            parts.append(f"{words.deliverable}: {task.deliverable}")
        parts.append(f"{words.deadline}: {task.deadline.raw or words.none}")
        return "- " + "; ".join(parts) + marker

    def _grouped(self, tasks: Sequence[Task], words: Wording, book: CitationBook, with_agencies: bool) -> list[str]:
        lines: list[str] = []
        current = None
        for task in tasks:
            if task.group != current:
                current = task.group
                lines.append(f"**{task.group}. {task.group_title.rstrip('.')}**")
            lines.append(self._task_line(task, words, book, with_agencies))
        return lines

    @staticmethod
    def _merges_in(
        merges: Sequence[tuple[Agency, Agency]], tasks: Sequence[Task], asked: Sequence[Agency] = ()
    ) -> list[tuple[Agency, Agency]]:
        """The mergers worth a note: an old agency actually named in the listed tasks, or an asked agency that
        no longer exists under that name."""
        named = {key(a) for t in tasks for a in (*t.lead_agencies, *t.coordinating_agencies)}
        asked_ids = {a.id for a in asked}
        return [(old, new) for old, new in merges
                if old.id in asked_ids or key(old.name) in named or any(key(x) in named for x in old.aliases)]

    def _merge_note(
        self, merges: Sequence[tuple[Agency, Agency]], words: Wording, tasks: Sequence[Task] = ()
    ) -> str:
        notes = []
        for old, new in merges:
            since = format_date(old.merged_on, words) if old.merged_on else ""
            note = words.merge_note.format(old=old.name, new=new.name, since=since).replace(" ()", "")
            names = {key(old.name), *(key(a) for a in old.aliases)}
            count = sum(1 for t in tasks if any(key(a) in names for a in (*t.lead_agencies, *t.coordinating_agencies)))
            if count:
                note += " " + words.merge_count.format(n=count, old=old.name)
            notes.append(note)
        return " ".join(dict.fromkeys(notes))

    # ------------------------------------------------------------------------------------------ handlers
    def _chitchat(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        return words.greeting, [], False, []

    def _out_of_scope(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        return words.out_of_scope, [], True, []

    def _task_lookup(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        lines: list[str] = []
        records: list[Record] = []
        missing: list[int] = []
        for number in q.task_numbers:
            task = self._store.task(number)
            if task is None:
                missing.append(number)
                continue
            records.append(task)
            items = _numbered_items(task.title) if _ASKS_ITEMS.search(q.folded) else 0
            if items:
                lines.append(words.task_items.format(n=task.number, k=items) + book.cite(self._task_evidence(task)))
            lines.extend(self._task_block(q, task, words, book))
        if missing:
            total = len(self._store.tasks())
            lines.append(words.task_missing.format(numbers=", ".join(map(str, missing)), total=total))
        return "\n".join(lines), records, not records, []

    def _names_now(self, names: Sequence[str], words: Wording) -> str:
        """Agency names as the source writes them, each followed by its present name when it has merged
        («Bộ Giao thông vận tải (nay là Bộ Xây dựng)»)."""
        out = []
        for name in names:
            agency = self._registry.resolve(name)
            successor = self._registry.get(agency.merged_into) if agency and agency.merged_into else None
            out.append(name + (words.now_named.format(name=successor.name) if successor else ""))
        return ", ".join(out)

    def _direct_answers(self, q: Query, task: Task, words: Wording, marker: str) -> list[str]:
        """One-line answers to the attributes asked about ("ai chủ trì", "hạn khi nào"), before the details."""
        out = []
        for ask in q.asks:
            if ask == "deadline":
                due = f" ({words.due_by} {format_date(task.deadline.due_date, words)})" if task.deadline.due_date else ""
                out.append(words.ask_deadline.format(n=task.number, raw=task.deadline.raw or words.none, due=due))
            elif ask == "lead":
                out.append(words.ask_lead.format(n=task.number,
                                                 who=self._names_now(task.lead_agencies, words) or words.none))
            elif ask == "coordinating":
                out.append(words.ask_coord.format(n=task.number,
                                                  who=self._names_now(task.coordinating_agencies, words) or words.none))
            elif ask == "deliverable":
                out.append(words.ask_deliverable.format(n=task.number, what=task.deliverable or words.none))
        return [line + marker for line in out]

    def _task_list(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        # «Văn bản Chính phủ ban hành … có những nhiệm vụ nào …»: a body named as the issuer, which no row of the
        # appendix names, is no agency to filter on.
        named = tuple(a for a in q.agencies if a.kind != "khac" or self._agency_tasks([a], "any"))
        if len(named) < len(q.agencies):
            q = replace(q, agencies=named)
            if not self._has_task_filter(q):
                return self._passages(q, words, book)  # «Thủ tướng giao thêm nhiệm vụ nào?»: not the appendix
        _, merges = self._lineage(q.agencies)
        tasks = self._filter_tasks(q, self._agency_tasks(q.agencies, q.role))
        who = ", ".join(self._agency_name(a, words) for a in q.agencies)
        cond = self._condition_text(q, words)
        source = words.source_appendix_ii
        if not tasks:
            topic = [t for t in self._terms(q) if t not in STATUS_WORDS and not t.isdigit()]
            if len(topic) >= 2:
                # «Phó Thủ tướng chủ trì công bố mạng lưới nào?»: no task of the appendix, a question for the text.
                return self._passages(q, words, book)
            text = words.no_tasks.format(who=who or words.any_agency, cond=cond, source=source)
            return text, [], False, []
        lines: list[str] = []
        if q.agencies and q.role == "any":
            lead_numbers = {t.number for t in self._agency_tasks(q.agencies, "lead")}
            lead = [t for t in tasks if t.number in lead_numbers]
            coord = [t for t in tasks if t.number not in lead_numbers]
            lines.append(words.count_any.format(source=source, who=who, cond=cond, n=len(tasks), lead=len(lead),
                                                coord=len(coord)))
            if q.intent != "count" or len(tasks) <= 40:
                if lead:
                    lines.append(words.lead_heading.format(n=len(lead)))
                    lines.extend(self._grouped(lead, words, book, with_agencies=False))
                if coord:
                    lines.append(words.coord_heading.format(n=len(coord)))
                    lines.extend(self._grouped(coord, words, book, with_agencies=True))
        else:
            role_word = {"lead": words.role_lead, "coordinating": words.role_coord}.get(q.role, "")
            if q.agencies:
                lines.append(words.count_role.format(source=source, who=who, role=role_word, cond=cond, n=len(tasks)))
            else:
                lines.append(words.count_filter.format(source=source, cond=cond, n=len(tasks)))
            if q.sort == "due_asc" and tasks:
                first = tasks[0]
                lines.append(words.earliest.format(number=first.number, raw=first.deadline.raw))
            show_agencies = not q.agencies or q.role != "lead" or bool(self._merges_in(merges, tasks))
            lines.extend(self._grouped(tasks, words, book, with_agencies=show_agencies))
        note = self._merge_note(self._merges_in(merges, tasks, q.agencies), words, tasks)
        if note:
            lines.append(note)
        return "\n".join(lines), tasks, False, []

    def _condition_text(self, q: Query, words: Wording) -> str:
        parts = []
        if q.deliverable:
            parts.append(words.cond_deliverable.format(d=q.deliverable))
        if q.due_from and q.due_to:
            parts.append(words.cond_between.format(a=format_date(q.due_from, words), b=format_date(q.due_to, words)))
        elif q.due_to:
            parts.append(words.cond_before.format(b=format_date(q.due_to, words)))
        elif q.due_from:
            parts.append(words.cond_after.format(a=format_date(q.due_from, words)))
        if q.deadline_kind == "recurring":
            parts.append(words.cond_recurring)
        if q.excluded_due:
            parts.append(words.cond_except.format(a=format_date(q.excluded_due[0], words),
                                                  b=format_date(q.excluded_due[1], words)))
        return (" " + ", ".join(parts)) if parts else ""

    def _overdue(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """Overdue counts come from the report; the named list is not in the corpus, so say so and offer
        the tasks whose Phụ lục II deadline had passed by the report's date, labelled as such."""
        # «người đứng đầu các bộ, ngành, địa phương phải giải quyết bao nhiêu nhiệm vụ quá hạn»: a collective is
        # everyone, not an agency with figures of its own.
        if q.agencies and all(a.kind == "khac" for a in q.agencies):
            q = replace(q, agencies=())
        # «Tại Phiên họp lần thứ năm …, số nhiệm vụ quá hạn còn bao nhiêu?»: a meeting the documents never tell of
        # has no figures in them.
        asked = ordinals(q.normalized)
        if asked and not asked & ordinals(self._corpus_folded()):
            return self._passages(q, words, book)
        if not q.agencies and _ASKS_GROUPS.search(q.folded):
            listed = self._overdue_groups(q, words, book)
            if listed:
                return listed
        if not q.agencies and _ASKS_AGENCIES.search(q.folded) and not _MOST.search(q.folded):
            named = self._overdue_agencies(words, book)
            if named:
                return named
        if not q.agencies:
            sums, summed = self._sums(q, words, book)
            if sums:
                return "\n".join(sums), summed, False, []
            most = self._most_overdue(q, words, book)
            if most:
                return most
        # «Tôi nghe nói Bộ KH&CN là cơ quan có nhiều nhiệm vụ quá hạn nhất … Có đúng không?»: who has the most comes
        # first, then the named agency's own count.
        claimed = self._most_overdue(replace(q, agencies=()), words, book) if q.agencies and _MOST.search(q.folded) else None
        lines: list[str] = []
        records: list[Record] = []
        after: list[str] = []  # passage lines that follow the figures
        scratch: CitationBook | None = None
        names, merges = self._lineage(q.agencies)
        successor_lines: list[str] = []
        if q.agencies:
            figures = [f for f in self._store.figures(agency=names) if f.subject == "agency_overdue"]
            successors = [s for s in (self._registry.get(a.merged_into) for a in q.agencies if a.merged_into) if s]
            if not figures and successors:
                # «Tôi ở Bến Tre cũ … tỉnh mới có bao nhiêu nhiệm vụ quá hạn?»: the report counts the province or
                # ministry it merged into.
                later_names, _ = self._lineage(successors)
                figures = [f for f in self._store.figures(agency=later_names) if f.subject == "agency_overdue"]
                successor_lines = [words.overdue_successor.format(
                    old=", ".join(self._agency_name(a, words) for a in q.agencies if a.merged_into),
                    new=", ".join(self._agency_name(s, words) for s in successors))] if figures else []
        else:
            figures = [f for f in self._store.figures() if f.subject in ("tasks_overdue", "overdue_total")]
        # Overdue counts of one group of tasks ("về hạ tầng"), sums or comparisons are in the report's text,
        # not in its headline totals.
        # «lĩnh vực hạ tầng», «nhóm … bị chậm»: what a group is called, not its name.
        topic = [t for t in self._terms(q) if t not in STATUS_WORDS and not t.isdigit()
                 and t not in ("linh", "vuc", "nhom", "bi")]
        if not q.agencies and topic:
            # A group of overdue tasks ("về hạ tầng") has its own figures; words that name no group
            # ("cần xử lý") leave the headline totals as the answer.
            groups = [f for f in self._store.figures() if f.subject == "overdue_group"
                      and coverage(topic, f.quote, self._weights) >= 0.5]
            if groups:
                figures = groups
            elif coverage(topic, " ".join(f.quote for f in figures), self._weights) < 0.5:
                if not figures:
                    return self._passages(q, words, book)
                # The headline totals answer; what the text says about the rest of the question follows them.
                scratch = book.scratch()
                text, more, refused, _ = self._passages(q, words, scratch)
                if not refused:
                    after = text.split("\n")
                    records.extend(more)
        if not q.agencies and not figures:
            return self._passages(q, words, book)
        who = ", ".join(self._agency_name(a, words) for a in q.agencies)
        if figures and all(f.subject == "overdue_group" for f in figures):
            # A group's figures are read with their breakdown, so they are quoted as written.
            quotes = list(dict.fromkeys(f.quote for f in figures))
            for quote in quotes:
                fig = next(f for f in figures if f.quote == quote)
                marker = self._cite_figure(fig, book)
                lines.append(words.figure_line.format(doc=self._doc_label(fig.doc_id), quote=quote) + marker)
                records.append(fig)
            if len(quotes) > 1:
                lines.append(words.conflict)
            lines.append(words.overdue_list_missing)
            return "\n".join(lines), records, False, []
        lines.extend(successor_lines)
        for fig in figures:
            marker = self._cite_figure(fig, book)
            lines.append(words.overdue_figure.format(
                source=self._doc_label(fig.doc_id), as_of=format_date(self._data_date(fig), words),
                who=fig.agency or who or words.all_agencies, value=format_value(fig.value, words),
                scope=fig.scope) + marker)
            records.append(fig)
        if len({f.value for f in figures if not f.agency}) > 1:
            lines.append(words.conflict)
        if q.agencies and not figures:
            lines.append(words.overdue_no_figure.format(who=who))
        lines.append(words.overdue_list_missing)
        if after and scratch is not None:
            lines.extend(book.adopt(scratch, after))
        if q.agencies:
            as_of = self._newest_data_date(figures) or self._report_date()
            role = q.role if q.role != "any" else "lead"
            due = [t for t in self._agency_tasks(q.agencies, role)
                   if t.deadline.due_date and as_of and t.deadline.due_date <= as_of]
            if due:
                lines.append(words.due_by_report.format(who=who, as_of=format_date(as_of, words), n=len(due)))
                lines.extend(self._grouped(due, words, book, with_agencies=False))
                records.extend(due)
            else:
                own = self._agency_tasks(q.agencies, role)
                lines.append(words.none_due_by_report.format(who=who, as_of=format_date(as_of, words), n=len(own))
                             if own or role != "lead" else words.leads_no_task.format(who=who))
                lines.extend(self._grouped(own, words, book, with_agencies=False))
                records.extend(own)
            note = self._merge_note(merges, words)
            if note:
                lines.append(note)
        # Asked for the named list of overdue tasks, or which ones they are («cụ thể là nhiệm vụ gì, hạn gốc khi
        # nào?»), which the corpus does not hold: that is a refusal with help.
        refused = bool(figures) and (q.intent == "task_list" or (q.intent == "task_lookup" and not q.task_numbers)
                                     or bool(_ASKS_NAMED_LIST.search(q.folded)))
        later = self._asked_after(q, figures, words)
        if claimed:
            return "\n".join([claimed[0].split("\n")[0], *later, *lines]), [*claimed[1], *records], bool(later), []
        return "\n".join([*later, *lines]), records, refused or bool(later), []

    def _overdue_groups(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«27 nhiệm vụ quá hạn … được chia thành mấy nhóm? Liệt kê các nhóm»: the report's sentence that sorts
        the overdue tasks into groups, quoted whole, with how many groups it announces and how many it lists
        when the two differ («thuộc vào 07 nhóm nhiệm vụ: (1) … (6) …»)."""
        groups = [f for f in self._store.figures() if f.subject == "overdue_group"]
        if not groups:
            return None
        # The listing the question's words point to (the conclusions' 27 tasks, or the risk assessment).
        topic = [t for t in self._terms(q) if t not in STATUS_WORDS and not t.isdigit() and t not in ("nhom", "bi")]
        scopes = list(dict.fromkeys(f.scope for f in groups))
        scope = max(scopes, key=lambda sc: (coverage(topic, sc, self._weights) if topic else 0.0, -scopes.index(sc)))
        listing = sorted((f for f in groups if f.scope == scope), key=lambda f: f.start)
        text = self._text(listing[0].doc_id) or ""
        quote = sentence_around(text, listing[0].start, listing[-1].end, limit=900)
        marker = self._cite_figure(listing[0], book, quote)
        if not marker:
            return None
        lines = [words.figure_line.format(doc=self._doc_label(listing[0].doc_id), quote=quote) + marker]
        announced = re.search(r"\b(\d{1,2}) nhóm\b", quote)
        named = len(re.findall(r"\(\d{1,2}\)\s", quote)) or len({f.quote for f in listing})
        if announced and int(announced.group(1)) != named:
            lines.append(words.groups_differ.format(announced=announced.group(1), named=named))
        lines.append(words.overdue_list_missing)
        return "\n".join(lines), listing, False, []

    def _overdue_agencies(self, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«Báo cáo nêu tên bao nhiêu cơ quan, địa phương có nhiệm vụ quá hạn? Bao nhiêu là tỉnh, thành phố?»: the
        agencies the report names with their overdue counts, how many they are, sorted into ministries, other
        central bodies and provinces, with the report's sentence that lists them quoted whole."""
        named = sorted((f for f in self._store.figures() if f.subject == "agency_overdue" and f.agency),
                       key=lambda f: f.start)
        if not named:
            return None
        quote = sentence_around(self._text(named[0].doc_id) or "", named[0].start, named[-1].end, limit=1200)
        marker = self._cite_figure(named[0], book, quote) if quote else ""
        if not marker:
            return None
        kinds: dict[str, list[ReportFigure]] = {"ministries": [], "central": [], "provinces": []}
        for fig in named:
            kinds[_agency_kind(fig.agency or "")].append(fig)
        lines = [words.overdue_agencies.format(source=self._doc_label(named[0].doc_id),
                                               as_of=format_date(self._data_date(named[0]), words),
                                               n=len(named)) + marker]
        for kind, figs in kinds.items():
            if figs:
                listed = ", ".join(f"{f.agency} ({format_value(f.value, words)})" for f in figs)
                lines.append(f"- {getattr(words, 'overdue_agencies_' + kind).format(n=len(figs))}: {listed}")
        lines.append(words.overdue_list_missing)
        return "\n".join(lines), named, False, []

    def _agency_task_figures_of(self, q: Query) -> list[ReportFigure]:
        """The report's counts of the tasks assigned to the asked agencies, under their present names too."""
        names = [n for a in q.agencies if not _names_no_agency(a) for n in self._lineage_names(a)]
        return [f for f in self._store.figures(agency=names) if f.subject == "agency_task_count"] if names else []

    def _agency_task_figures(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«Báo cáo tháng 9 cho biết Bộ X được giao bao nhiêu nhiệm vụ?»: the report's own count for the agency
        (a ministry merged in 2025 is counted under the one it merged into), then the rest of what the text says."""
        figures = self._agency_task_figures_of(q)
        lines = []
        for fig in figures:
            marker = self._cite_figure(fig, book)
            lines.append(words.agency_task_figure.format(
                source=self._doc_label(fig.doc_id), as_of=format_date(self._data_date(fig), words),
                who=fig.agency or "", value=format_value(fig.value, words), scope=fig.scope) + marker)
        merges = [(a, s) for a in q.agencies if a.merged_into and (s := self._registry.get(a.merged_into))]
        note = self._merge_note(merges, words)
        if note:
            lines.append(note)
        return "\n".join(lines), figures, False, []

    def _compared_task_counts(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«So sánh … giữa Bộ A và Bộ B: mỗi bộ được giao bao nhiêu nhiệm vụ?»: side by side, the report's count of
        the tasks assigned to each (unless Phụ lục II is named) and the tasks each leads in Phụ lục II."""
        lines: list[str] = []
        records: list[Record] = []
        if not _NAMES_APPENDIX_II.search(q.folded):
            text, figures, _, _ = self._agency_task_figures(q, words, book)
            lines.extend(line for line in text.split("\n") if line)
            records.extend(figures)
        for agency in q.agencies:
            tasks = self._agency_tasks([agency], "lead")
            if not tasks:
                continue
            marker = book.cite(self._task_evidence(tasks[0]))
            numbers = ", ".join(str(t.number) for t in tasks)
            lines.append(words.count_role.format(source=words.source_appendix_ii, who=self._agency_name(agency, words),
                                                 role=words.role_lead, cond="", n=len(tasks)) + f" {numbers}" + marker)
            records.extend(t for t in tasks if t not in records)
        _, merges = self._lineage(q.agencies)
        listed = [r for r in records if isinstance(r, Task)]
        note = self._merge_note(self._merges_in(merges, listed, q.agencies), words, listed)
        if note:
            lines.append(note)
        if not lines:
            return self._passages(q, words, book)
        return "\n".join(lines), records, False, []

    def _most_overdue(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«Bộ nào có nhiều nhiệm vụ quá hạn nhất?»: the largest of the report's per-agency overdue counts, among
        ministries or localities as the question asks. None when the question asks no such thing."""
        if not _MOST.search(q.folded):
            return None
        figures = [f for f in self._store.figures() if f.subject == "agency_overdue" and f.agency]
        if _WHICH_MINISTRY.search(q.folded):
            figures = [f for f in figures if _agency_kind(f.agency or "") == "ministries"]
        elif _WHICH_LOCALITY.search(q.folded):
            figures = [f for f in figures if _agency_kind(f.agency or "") == "provinces"]
        if not figures:
            return None
        top = max(f.value for f in figures)
        leaders = [f for f in figures if f.value == top]
        markers = "".join(self._cite_figure(f, book) for f in leaders)
        text = words.overdue_most.format(source=self._doc_label(leaders[0].doc_id),
                                         as_of=format_date(self._data_date(leaders[0]), words),
                                         who=", ".join(f.agency for f in leaders if f.agency),
                                         value=format_value(top, words)) + markers
        return f"{text}\n{words.overdue_list_missing}", leaders, False, []

    def _most_tasks(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«Hai bộ nào có nhiều nhiệm vụ nhất, mỗi bộ bao nhiêu?»: the report's agencies with the most tasks, as
        many as asked (all it lists when no number is asked), each with its count."""
        figures = sorted((f for f in self._store.figures() if f.subject == "agency_task_count" and f.agency),
                         key=lambda f: -f.value)
        if not figures:
            return self._passages(q, words, book)
        asked = _HOW_MANY_LEADERS.search(q.folded)
        word = asked.group(1) if asked else "0"
        n = int(word if word.isdigit() else number_of(word) or 0)
        shown = figures[:n] if n else figures
        quote = sentence_around(self._text(shown[0].doc_id) or shown[0].quote, shown[0].start, shown[0].end)
        marker = self._cite_figure(shown[0], book, quote)
        who = ", ".join(f"{f.agency} ({format_value(f.value, words)})" for f in shown)
        what = q.normalized[asked.start():asked.end()] if asked and len(q.normalized) == len(q.folded) else (
            asked.group(0) if asked else words.all_agencies)
        text = words.most_tasks.format(source=self._doc_label(shown[0].doc_id),
                                       as_of=format_date(self._data_date(shown[0]), words), what=what, who=who)
        return text + marker, shown, False, []

    def _status_figures(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """«Đến 23/9/2025 có bao nhiêu nhiệm vụ hoàn thành?»: every count the documents give for that status, each
        with what it counts (the programme and conclusions, Kế hoạch 02, a period), in the order they are written."""
        # Every status the question names: «bao nhiêu đúng hạn? còn bao nhiêu đang thực hiện?» asks for two.
        sums, summed = self._sums(q, words, book)
        if sums:
            return "\n".join(sums), summed, False, []
        subjects = tuple(s for s in _statuses_named(q.folded) if s != "tasks_overdue" or q.status == "overdue") or {
            "completed": ("tasks_completed", "tasks_completed_on_time"),
            "in_progress": ("tasks_in_progress",)}.get(q.status or "", ())  # no status: the total only
        if "tasks_completed" in subjects and "tasks_completed_on_time" not in subjects:
            subjects = (*subjects, "tasks_completed_on_time")  # the on-time share is part of the same sentence
        if _ASKS_TOTAL.search(q.folded):
            subjects = ("tasks_total", "tasks_assigned", *subjects)  # «tổng bao nhiêu nhiệm vụ, đã xong bao nhiêu»
        figures = [f for f in self._store.figures() if f.subject in subjects]
        topic = [t for t in self._terms(q) if t not in STATUS_WORDS and not t.isdigit()
                 and t not in ("dung", "han", "thoi", "diem")]
        if topic:
            # «... theo Kế hoạch 02»: the counts of what the question names.
            figures = [f for f in figures if coverage(topic, f.scope, self._weights) >= 0.5]
        if not figures:
            return self._passages(q, words, book)
        by_scope: dict[tuple[str, str], list[ReportFigure]] = {}
        for fig in figures:
            by_scope.setdefault((fig.doc_id, fig.scope), []).append(fig)
        lines: list[str] = []
        for (doc_id, scope), figs in by_scope.items():
            parts = []
            for fig in sorted(figs, key=lambda f: subjects.index(f.subject)):
                marker = self._cite_figure(fig, book)
                if marker:
                    label = fig.label.lower()
                    # «45 nhiệm vụ đã hoàn thành» reads better than «45 (số nhiệm vụ đã hoàn thành)».
                    counted = label.removeprefix("số ") if label.startswith("số nhiệm vụ ") else ""
                    parts.append(f"{format_value(fig.value, words)} {counted}{marker}" if counted
                                 else f"{format_value(fig.value, words)} ({label}){marker}")
            if parts:
                lines.append(words.status_figure.format(
                    source=self._doc_label(doc_id), as_of=format_date(self._data_date(figs[0]), words),
                    scope=scope, counts="; ".join(parts)))
        if not lines:
            return self._passages(q, words, book)
        later = self._asked_after(q, figures, words)
        return "\n".join([*later, *lines]), figures, bool(later), []

    def _asked_after(self, q: Query, figures: Sequence[ReportFigure], words: Wording) -> list[str]:
        """«Đến hết ngày 31/12/2025 đã có bao nhiêu nhiệm vụ hoàn thành?»: counts asked at a month after the last
        one the documents count at are not in them. Returns the sentence that says so (the figures they do give
        follow it as the nearest), or nothing when the question asks at no later date."""
        newest = self._newest_data_date(figures)
        if newest is None:
            return []
        asked = [d.end for d in find_dates(q.folded, int(newest[:4]))
                 if d.op in ("as_of", "until") and d.kind in ("day", "month", "quarter", "half")]
        # «đến hết năm 2025», «by the end of 2025»; not «mấy tháng cuối năm 2025», which is a period.
        year_end = re.search(r"\b(?:den|toi|tinh den|tinh toi)\s+(?:het|cuoi)\s+nam\s+((?:19|20)\d\d)\b|"
                             r"\b(?:by|as of) the end of\s+((?:19|20)\d\d)\b", q.folded)
        if year_end:
            asked.append(date(int(year_end.group(1) or year_end.group(2)), 12, 31))
        later = [d for d in asked if (d.year, d.month) > (int(newest[:4]), int(newest[5:7]))]
        if not later:
            return []
        return [words.after_the_data.format(asked=format_date(max(later).isoformat(), words),
                                            as_of=format_date(newest, words))]

    def _newest_data_date(self, figures: Sequence[ReportFigure]) -> str | None:
        """The latest date (ISO) the figures are counted at, or None when none is dated."""
        return max((d for f in figures if (d := self._data_date(f))), default=None)

    def _sums(self, q: Query, words: Wording, book: CitationBook) -> tuple[list[str], list[Record]]:
        """«Cộng số nhiệm vụ quá hạn của từng cơ quan có khớp với tổng không?»: the sum of the figures the
        question names, each cited, then the figure the document states for the same thing, and whether they
        agree. The report's figures do not always add up; the answer shows the arithmetic instead of choosing."""
        if not (_SUM_ACCENTED.search(q.normalized.lower()) or _SUM_FOLDED.search(q.folded)):
            return [], []
        named = [s for s in _statuses_named(q.folded) if s != "tasks_completed_on_time"]
        if len(named) >= 2:
            return self._status_sum(named, words, book)
        return self._breakdown_sum("overdue_group" if _GROUP_WORDS.search(q.folded) else "agency_overdue",
                                   words, book)

    def _cite_figure(self, fig: ReportFigure, book: CitationBook, quote: str | None = None) -> str:
        """Cites a figure by its own quote, or by the sentence around it when `quote` is given."""
        return book.cite(Evidence(fig.doc_id, fig.quote if quote is None else quote, self._figure_location(fig),
                                  f"figure:{fig.id}"))

    def _status_sum(self, named: Sequence[str], words: Wording, book: CitationBook,
                    planned_only: bool = False) -> tuple[list[str], list[Record]]:
        """Counts of several statuses in one scope, added up («382 đang thực hiện + 27 quá hạn»). Tasks in
        progress and overdue are what is left to do, so their sum is set against the tasks still planned; with
        `planned_only`, only the scope set against them is given."""
        by_scope: dict[tuple[str, str], dict[str, ReportFigure]] = {}
        for fig in self._store.figures():
            if fig.subject in named:
                by_scope.setdefault((fig.doc_id, fig.scope), {}).setdefault(fig.subject, fig)
        complete = [(key, figs) for key, figs in by_scope.items() if len(figs) == len(named)]
        lines: list[str] = []
        records: list[Record] = []
        largest = max((sum(f.value for f in figs.values()) for _, figs in complete), default=0.0)
        if planned_only:
            complete = [(k, figs) for k, figs in complete if sum(f.value for f in figs.values()) == largest][:1]
        for (doc_id, scope), figs in complete:
            parts = []
            for subject in named:
                fig = figs[subject]
                parts.append(f"{format_value(fig.value, words)} ({fig.label.lower()}){self._cite_figure(fig, book)}")
                records.append(fig)
            total = sum(f.value for f in figs.values())
            lines.append(words.status_sum.format(
                source=self._doc_label(doc_id), as_of=format_date(self._data_date(figs[named[0]]), words),
                scope=scope, parts=" + ".join(parts), total=format_value(total, words)))
            if set(named) == {"tasks_in_progress", "tasks_overdue"} and total == largest:
                for planned in self._store.figures(doc_id=doc_id):
                    if planned.subject == "tasks_planned":
                        lines.append((words.sum_agrees if planned.value == total else words.sum_differs).format(
                            value=format_value(planned.value, words), label=planned.label.lower(),
                            marker=self._cite_figure(planned, book)))
                        records.append(planned)
        return lines, records

    def _breakdown_sum(self, subject: str, words: Wording, book: CitationBook) -> tuple[list[str], list[Record]]:
        """The overdue counts a section lists per agency or per group, added up and set against the total the
        same section states (and, for groups, against the number of groups it announces)."""
        whole: dict[tuple[str, str], ReportFigure] = {}
        for fig in self._store.figures():
            # A part's own breakdown («17 nhiệm vụ (06 theo NQ71; 11 theo TBKL)») shares the part's quote.
            if fig.subject == subject and ((fig.doc_id, fig.quote) not in whole
                                           or fig.value > whole[(fig.doc_id, fig.quote)].value):
                whole[(fig.doc_id, fig.quote)] = fig
        sections: dict[tuple[str, str], list[ReportFigure]] = {}
        for fig in whole.values():
            sections.setdefault((fig.doc_id, self._figure_location(fig)), []).append(fig)
        totals = {(f.doc_id, self._figure_location(f)) for f in self._store.figures()
                  if f.subject in ("tasks_overdue", "overdue_total")}
        listed = {key: figs for key, figs in sections.items() if len(figs) >= 2}
        # A section that lists a few groups without a total of its own («Đánh giá nguy cơ …») is a
        # selection, not a breakdown: it is added up only when no section states a total.
        if any(key in totals for key in listed):
            listed = {key: figs for key, figs in listed.items() if key in totals}
        lines: list[str] = []
        records: list[Record] = []
        for (doc_id, location), figs in listed.items():
            figs.sort(key=lambda f: f.start)
            text = self._text(doc_id) or ""
            marker = book.cite(Evidence(doc_id, text[figs[0].start:figs[-1].end], location, f"figure:{figs[0].id}"))
            total = sum(f.value for f in figs)
            lines.append(words.breakdown_sum.format(
                source=self._doc_label(doc_id), n=len(figs), section=location, total=format_value(total, words),
                unit=words.unit_groups if subject == "overdue_group" else words.unit_agencies, marker=marker))
            records.extend(figs)
            for other in self._store.figures(doc_id=doc_id):
                if self._figure_location(other) != location:
                    continue
                if other.subject in ("tasks_overdue", "overdue_total"):
                    lines.append((words.sum_agrees if other.value == total else words.sum_differs).format(
                        value=format_value(other.value, words), label=other.label.lower(),
                        marker=self._cite_figure(other, book)))
                    records.append(other)
                elif other.subject == "task_groups" and subject == "overdue_group" and other.value != len(figs):
                    lines.append(words.groups_listed.format(stated=format_value(other.value, words), listed=len(figs),
                                                            marker=self._cite_figure(other, book)))
                    records.append(other)
        return lines, records

    def _appendix_status(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """Progress of the appendix's own tasks is not tracked in the corpus: the report counts the tasks of the
        whole programme together with the Steering Committee's conclusions. Say so, and give those counts."""
        subject = "tasks_completed" if q.status == "completed" else "tasks_in_progress"
        lines = [words.appendix_status_missing]
        for fig in [f for f in self._store.figures() if f.subject == subject][:2]:
            quote = sentence_around(self._text(fig.doc_id) or fig.quote, fig.start, fig.end)
            marker = self._cite_figure(fig, book, quote)
            if marker:
                lines.append(words.figure_line.format(doc=self._doc_label(fig.doc_id), quote=quote) + marker)
        return "\n".join(lines), [], True, []

    def _data_date(self, fig: ReportFigure) -> str | None:
        """The date a figure's data refer to. A figure stated without its own date carries the document's
        date; the report's data date is then the one most of its dated figures state ("Tính đến ngày
        23/9/2025")."""
        meta = self._documents.get(fig.doc_id)
        if meta is None or fig.as_of != meta.date:
            return fig.as_of
        stated = Counter(f.as_of for f in self._store.figures(doc_id=fig.doc_id) if f.as_of and f.as_of != meta.date)
        return stated.most_common(1)[0][0] if stated else fig.as_of

    def _report_date(self) -> str | None:
        dates = [d.date for d in self._documents.values() if d.kind == "bao_cao" and d.date]
        return max(dates) if dates else None

    def _chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        if doc_id not in self._chunks_by_doc:
            self._chunks_by_doc[doc_id] = self._store.chunks(doc_id)
        return next((c for c in self._chunks_by_doc[doc_id] if c.start <= offset < c.end), None)

    def _figure_location(self, fig: ReportFigure) -> str:
        chunk = self._chunk_at(fig.doc_id, fig.start)
        return (chunk.location if chunk else "") or self._doc_label(fig.doc_id)

    def _enumerated_item(self, k: int, question: str, clauses: Sequence[Clause], hits,  # type: ignore[no-untyped-def]
                         words: Wording, book: CitationBook, follow_up: bool = False) -> str:
        """«Giải pháp thứ tư là gì?»: the k-th item of the enumeration the best passage opens («8 nhiệm vụ, giải
        pháp: Một là, …»), quoted whole. A document may enumerate several times («Thứ nhất, …» in one speech,
        «1) …» in another): the item taken is the first k-th marker after the best passage, and close to it."""
        start = None
        # The enumeration is the one a passage announces with a count («8 nhiệm vụ, giải pháp: Một là, …»); the
        # best passages are tried in turn, and the nearest k-th item after the announcement is the one asked.
        noun = item_noun(question)
        places = [(c.chunk, c.offset, c.text) for c in clauses if c.chunk.kind != "table_row"][:8]
        passages = [(h.chunk, 0, h.chunk.text) for h in hits if h.chunk.kind != "table_row"]
        # A follow-up's search holds the last question («… nêu bao nhiêu nhiệm vụ, giải pháp?»), its own words do
        # not: the passages the search found come first.
        places = passages + places if follow_up else places + passages
        for chunk_, offset, said in places:
            text = self._text(chunk_.doc_id) or ""
            announced = item_announcements(said, k, noun)
            if not announced:
                continue
            doc_id = chunk_.doc_id
            anchor = chunk_.start + max(0, offset) + announced[0]
            start = next((s for s in item_starts(text, k) if anchor <= s <= anchor + 4000), None)
            if start is not None:
                break
        if start is None and clauses:
            # No count announces it: the k-th item that holds the best passage, or the nearest one to it.
            best = next((c for c in clauses if c.chunk.kind != "table_row"), None)
            if best is not None:
                doc_id = best.chunk.doc_id
                text = self._text(doc_id) or ""
                anchor = best.chunk.start + max(0, best.offset)
                starts = item_starts(text, k, inline=False)
                holding = [s for s in starts if s <= anchor < item_end(text, s, k, limit=3000)]
                start = holding[0] if holding else min(starts, key=lambda s: abs(s - anchor), default=None)
        if start is None:
            return ""
        quote = text[start:item_end(text, start, k)].strip().rstrip(";,")
        chunk = self._chunk_at(doc_id, start)
        location = (chunk.location if chunk else "") or self._doc_label(doc_id)
        marker = book.cite(Evidence(doc_id, quote, location, chunk.id if chunk else None))
        if not marker:
            return ""
        where = short_location(chunk.section_path) if chunk else ""
        return (f"{words.according_to.format(doc=self._doc_label(doc_id))} «{quote}»"
                + (f" ({where})" if where else "") + marker)

    def _indicator(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        found: list[Indicator] = []
        for number in q.indicator_numbers:
            found.extend(self._store.indicators(number=number))
        by_agency = False
        monitors = [a for a in q.agencies if not _names_no_agency(a)]
        if not found and monitors:
            # "Which indicators does X monitor?": by monitoring agency, with those it inherited in 2025.
            # «chỉ tiêu … the Government sets» names the issuer; the Government monitors no indicator itself.
            names, _ = self._lineage(monitors)
            found = [i for i in self._store.indicators(agencies=names) if i.target or i.unit]
            by_agency = bool(found)
        # Every target year the question names ("vào năm 2030 và năm 2045"), or the one carried from the last turn.
        horizons = sorted({int(y) for y in re.findall(r"\b(20[3-5]\d)\b", q.normalized)} | (
            {q.horizon} if q.horizon else set()))
        if found and horizons and any(h not in {i.horizon for i in found} for h in horizons):
            # The same measure at another horizon ("và đến năm 2045?").
            same = {key(i.name) for i in found}
            others = [i for h in horizons for i in self._store.indicators(horizon=h) if key(i.name) in same]
            found = sorted({(i.number, i): i for i in [*found, *others] if i.horizon in horizons or not others}.values(),
                           key=lambda i: (i.horizon, i.number)) if others else found
        # A question about a year before any target year ("GII 2025") asks how things stand, not a target.
        # «Tính đến tháng 8/2025 kinh tế số đã chiếm bao nhiêu % GDP? … để so với chỉ tiêu năm 2030»: what has been
        # achieved by a year before the target's, though the question names the target too.
        achieved = bool(re.search(r"\b(?:thuc te|da chiem|da dat|hien (?:nay|chiem|dat)|actual(?:ly)?|so far)\b",
                                  q.folded))
        current = any(int(y) < 2030 for y in _years(q.normalized)) and (not horizons or achieved)
        scored: list[tuple[float, Indicator]] = []
        if not found and not current:
            # The question's topic words; its target years are matched on their own (`horizons`).
            terms = [t for t in [*self._terms(q), *content_terms(q.normalized)] if not (t.isdigit() and len(t) == 4)]
            terms = list(dict.fromkeys(t for t in terms if t not in FRAME_WORDS))
            skip = {"chi", "tieu", "dat", "muc"}
            for ind in self._store.indicators():
                if not (ind.target or ind.unit):
                    continue  # a heading row, not an indicator
                have = set(content_terms(f"{ind.name} {ind.unit}"))
                hit = sum(self._weights.idf(t) for t in terms if t in have)
                total = sum(self._weights.idf(t) for t in terms if t not in skip) or 1.0
                # How much of the indicator's own name the question says («Chỉ số đổi mới sáng tạo toàn cầu»):
                # its words are common in the corpus, so the question's rarer words must not drown them.
                own = [t for t in have if t not in skip]
                named = sum(1 for t in own if t in terms) / (len(own) or 1)
                scored.append((0.5 * hit / total + 0.5 * named, ind))
            scored.sort(key=lambda s: -s[0])
            elsewhen = [s for s in scored if horizons and s[1].horizon not in horizons]
            scored = [s for s in scored if not horizons or s[1].horizon in horizons]
            if elsewhen and elsewhen[0][0] >= 0.6 and not (scored and scored[0][0] >= 0.45):
                # «chỉ tiêu phủ sóng 5G đến năm 2045»: the appendix sets that measure for another year only.
                nearest = [ind for sc, ind in elsewhen if sc >= elsewhen[0][0] * 0.9][:2]
                head = words.indicator_missing_year.format(
                    source=words.source_appendix_i, what=nearest[0].name, years=", ".join(map(str, horizons)))
                return "\n".join([head, *(self._indicator_line(ind, words, book) for ind in nearest)]), [], True, []
            if scored and scored[0][0] >= 0.45:
                best = scored[0][0]
                names = {key(ind.name) for s, ind in scored if s >= best * 0.8}
                found = [ind for s, ind in scored if s >= best * 0.8 or key(ind.name) in names][:6]
                found.sort(key=lambda i: (key(i.name) not in {key(scored[0][1].name)}, i.horizon, i.number))
                found += self._other_measures(terms, skip, found, [ind for _, ind in scored])
        if not q.indicator_numbers and not by_agency:
            # «chỉ tiêu phủ sóng 6G»: a technical code no indicator names is not a target the appendix sets,
            # whatever the rest of the name shares with one («phủ sóng 5G»).
            names = " ".join(f"{i.name} {i.unit}" for i in self._store.indicators()).lower()
            # Only the part that asks about an indicator: «… Phụ lục I … 5G …, còn báo cáo … trạm 4G» names 4G
            # for the report.
            parts = split_parts(q.normalized)
            asked = next((p for p in parts if re.search(r"\b(?:phu luc i|chi tieu|muc tieu|indicator|target)\b",
                                                        fold(p))), q.normalized)
            absent = [c for c in _CODE.findall(asked) if c.lower() not in names]
            if absent:
                nearest = found[:1] or [ind for _, ind in scored[:1]]
                head = words.indicator_missing.format(source=words.source_appendix_i, what=absent[0])
                return "\n".join([head, *(self._indicator_line(ind, words, book) for ind in nearest)]), [], True, []
        if not found or (not q.indicator_numbers and self._has_unknown_terms(self._terms(q))):
            # The indicators were weighed against the question and none is close enough: a row of Phụ lục I that
            # the search finds among the passages («hồ sơ sức khỏe điện tử» for «bệnh án điện tử») is not one.
            # Only a question asking whether the appendix sets such an indicator at all is held to that: other
            # questions name the indicator in their own words, and the row the search finds is theirs.
            asks_whether = bool(scored) and bool(_ASKS_WHETHER_SET.search(q.folded))
            text, records, refused, retrieved = self._passages(q, words, book, indicator_rows=not asks_whether)
            if refused and asks_whether and not records and text == words.refusal:
                nearest = scored[0][1]
                text = "\n".join([text, words.indicator_nearest.format(source=words.source_appendix_i),
                                  self._indicator_line(nearest, words, book)])
            return text, records, refused, retrieved
        lines = [self._indicator_line(ind, words, book) for ind in found]
        head = words.indicator_head.format(source=words.source_appendix_i)
        if by_agency:
            who = ", ".join(self._agency_name(a, words) for a in monitors)
            head = words.indicator_count.format(source=words.source_appendix_i, who=who, n=len(found))
        # What the other documents say about the same measure (progress, figures), when they say it clearly.
        search_text = q.search_text if q.language == "en" else (q.standalone if q.is_follow_up else q.normalized)
        hits = [h for h in self.retriever.search(search_text, k=8, dense_text=q.standalone).chunks
                if h.chunk.kind != "table_row"]
        clauses = [c for c in rank_clauses(self._terms(q), hits, self._weights, want_number=True) if c.coverage >= 0.5]
        extra = self._clause_lines(q, clauses, words, book, limit_items=2)
        return "\n".join([head, *lines, *extra]), found, False, []

    @staticmethod
    def _other_measures(terms: Sequence[str], skip: set[str], found: Sequence[Indicator],
                        candidates: Sequence[Indicator]) -> list[Indicator]:
        """Indicators of a second measure the question names beside the first («chỉ tiêu phủ sóng 5G và số tuyến
        cáp quang biển mới»): most of its own name is in the question, with at least two words that the names
        found so far do not hold; or all of its name («Chỉ tiêu kinh phí chi cho R&D …, kể cả tỷ trọng kinh phí từ
        xã hội?»: «Kinh phí chi cho nghiên cứu phát triển (R&D)» beside the share of it)."""
        covered = {t for ind in found for t in content_terms(f"{ind.name} {ind.unit}")}
        out: list[Indicator] = []
        for ind in candidates:
            own = {t for t in content_terms(ind.name) if t not in skip}
            novel = [t for t in own if t in terms and t not in covered]
            # Words spelled out before an abbreviation the question writes («nghiên cứu phát triển (R&D)») are said.
            spelled = re.search(r"((?:\w+\s+){1,4})\((\w+(?:&\w+)*)\)", ind.name)
            said = set(content_terms(spelled.group(1))) if spelled and set(content_terms(spelled.group(2))) <= set(terms) else set()
            whole = len(own) >= 3 and own - said <= set(terms)
            if ind in found or not own or (len(novel) < 2 and not whole) or sum(t in terms for t in own) / len(own) < 0.4:
                continue
            out.append(ind)
            covered |= own
        return out

    def _terms(self, q: Query) -> list[str]:
        """Folded content terms of the question (Vietnamese, also for English questions), frame words removed."""
        source = " ".join(q.keywords) if q.keywords else q.normalized
        # Agencies are checked on their own (with every alias); their words are not topic words.
        agency_words = {t for a in q.agencies for n in (a.name, *a.aliases, *q.agency_surfaces) for t in content_terms(n)}
        agency_words -= {t for phrase in q.terms for t in content_terms(phrase)}  # «Chính phủ số» is a topic
        # «Theo Chương trình hành động kèm Nghị quyết 03/NQ-CP, ...» names where to look, not what is asked.
        prefix = _SOURCE_PREFIX.match(q.normalized)
        # «Trong danh mục … có chỉ tiêu 6G không, …» asks inside its first clause: that is no source prefix.
        named = prefix.group(1) if prefix and not QUESTION_WORD.search(fold(prefix.group(1))) else ""
        # «Trong Phụ lục II có một nhiệm vụ đưa vào khai thác …, …»: what the source «có» is asked about.
        named = re.split(r"\s(?:có|co|gồm|has|contains?)\s", named, maxsplit=1)[0]
        said_where = set(content_terms(named)) if named and _NAMES_A_SOURCE.search(fold(named)) else set()
        if q.language == "en":
            # English source names are searched by their Vietnamese terms: those, and their years, are not asked.
            suffix = _SOURCE_SUFFIX.search(q.normalized)
            named_inside = [m.group(0) for m in _SOURCE_NAMED_EN.finditer(q.normalized)]
            for where in (named, suffix.group(1) if suffix else "", *named_inside):
                if where and _NAMES_A_SOURCE.search(fold(where)):
                    said_where |= {t for vi in translate_terms(where) for t in content_terms(vi)}
                    said_where |= set(re.findall(r"\b20\d\d\b", where))
        frame = frame_words(fold(source))
        if q.normalized != fold(q.normalized):
            # Typed with tones, a word that folds to a frame word but is written otherwise is a topic word.
            written = re.findall(r"\w+", nfc(q.normalized).lower())
            frame = frame - {fold(w) for w in written if fold(w) in frame and w not in _FRAME_ACCENTED
                             and w != fold(w)}
        if re.search(r"\b(?:che do|nghia vu|trach nhiem|phai|gui|thuc hien)\s+bao cao\b|\bbao cao\s+(?:dinh ky|hang "
                     r"(?:nam|thang|quy)|\d+ thang|dot xuat|ket qua|tien do|tinh hinh thuc hien)\b", q.folded):
            frame = frame - {"bao", "cao"}  # «báo cáo định kỳ»: reporting is the topic, not the report
        # «hạn ban hành là khi nào»: the verb of a deadline says when, not what.
        deadline_verb = re.search(r"\b(?:thoi han|han chot|han|deadline)\s+(ban hanh|hoan thanh|trinh|nop)\b", q.folded)
        if re.search(r"\bdat (?:ra )?(?:thoi han|han|moc)\b", q.folded):
            frame = frame | {"dat"}  # «đặt hạn hoàn thành … khi nào»: setting a deadline is the frame
        if deadline_verb:
            frame = frame | set(deadline_verb.group(1).split())
        quote_asked = _QUOTE_ASKED.search(q.folded)
        if quote_asked:
            frame = frame | set(quote_asked.group(0).split())  # «trích nguyên văn câu …»: how to answer, not what
        if re.search(r"\blay (?:tu )?(?:dau|nguon nao)\b", q.folded):
            frame = frame | {"lay"}  # «tiền … lấy từ đâu»: where from, not the verb «lấy»
        # «thể chế được xác định ở vị trí như thế nào?»: what is asked is the place given to the topic.
        position = _POSITION_ASKED.search(q.folded)
        if position:
            frame = frame | set(position.group(0).split())
        # The number of a document («03/NQ-CP», «57-NQ/TW») names it; it is not a figure to look for.
        numbered = {term(n) for n in _DOC_NUMBER.findall(q.normalized)}
        bare = {term(n) for n in re.findall(r"\d+", _DOC_NUMBER.sub(" ", q.normalized))}
        terms = [t for t in content_terms(source) if t not in frame and t not in said_where
                 and not (t in numbered and t not in bare)]
        terms = list(dict.fromkeys([*terms, *numerals(q.normalized)]))  # «Năm bộ» → 5
        if re.search(r"\b(?:bao lau|may thang|may nam|bao nhieu thang) (?:mot|1) lan\b|\bhow often\b", q.folded):
            terms = list(dict.fromkeys([*terms, "dinh", "ky"]))  # «báo cáo bao lâu một lần»: «định kỳ 6 tháng»
        topic = [t for t in terms if t not in agency_words]
        return topic or terms

    def _passages(self, q: Query, words: Wording, book: CitationBook,  # type: ignore[no-untyped-def]
                  indicator_rows: bool = True):
        search_text = q.search_text if q.language == "en" else (q.standalone if q.is_follow_up else q.normalized)
        # «Bộ Thông tin và Truyền thông được giao bao nhiêu nhiệm vụ?»: the report of 9/2025 counts it under the
        # ministry it merged into, so that name is searched too.
        successors = [self._registry.get(a.merged_into) for a in q.agencies if a.merged_into]
        search_text = " ".join([search_text, *(s.name for s in successors if s is not None)])
        retrieval = self.retriever.search(search_text, k=max(self._settings.retrieval.top_k, 10),
                                          dense_text=q.standalone)
        hits = list(retrieval.chunks)
        # «Ở Hội nghị toàn quốc ngày 13/01/2025, … đề xuất nghiên cứu cơ chế cho mô hình nào?»: the scene's words
        # pull the search towards the passages about the event; what is asked is searched on its own too, and
        # its passages follow.
        scene = scene_span(q.normalized) if q.language == "vi" and not q.is_follow_up else None
        if scene and len(scene[1].split()) >= 3:
            seen = {h.chunk.id for h in hits}
            hits += [h for h in self.retriever.search(scene[1], k=max(self._settings.retrieval.top_k, 10)).chunks
                     if h.chunk.id not in seen]
        # «… tại buổi làm việc chiều 01/4/2025, phần về hoàn thiện thể chế …»: the document the question names as
        # its source or scene is searched on its own too, so its passages are there to be weighed.
        named_sources, scene_sources = self._source_documents(q.folded), self._scene_documents(q)
        sources = named_sources | scene_sources
        if sources and len(sources) < len(self._documents):
            seen = {h.chunk.id for h in hits}
            hits += [h for h in self.retriever.search(search_text, k=5, filters=SearchFilters(doc_ids=tuple(sorted(sources))),
                                                      dense_text=q.dense_text).chunks if h.chunk.id not in seen]
        # «nghị định đó ban hành ngày nào?» after an answer that quoted it: the passage quoted first is searched too.
        before = list(self._store.chunks_by_ids(list(q.quoted_before[:1]))) if q.quoted_before else []
        hits += [ScoredChunk(c, hits[-1].score if hits else 0.0) for c in before if c.id not in {h.chunk.id for h in hits}]
        retrieved = [h.chunk.id for h in hits]
        terms = self._terms(q)
        # Places named in the question tell report passages apart («04 địa phương Thanh Hóa, Đà Nẵng, ...»).
        places = [t for a in q.agencies if a.kind == "dia_phuong" for t in content_terms(a.name)
                  if t not in ("tinh", "thanh", "pho")]
        # A merged ministry is told apart by the name it now has («Bộ Khoa học và Công nghệ (297 nhiệm vụ)»).
        places += [t for s in successors if s is not None for t in content_terms(s.name) if t != "bo"]
        counted = counted_phrase(q.standalone or q.normalized)
        clauses = rank_clauses(list(dict.fromkeys([*terms, *places])), hits, self._weights, want_number=q.intent == "figure",
                               counted=counted, want_date=self._wants_date(q),
                               phrases=[t for t in q.terms if fold(t) in q.folded],
                               setting=scene_terms(q.normalized, q.intent == "explain"))
        clauses = self._source_first(self._list_named_first(q, self._places_first(q, clauses)), named_sources,
                                     scene_sources)
        clauses = self._quoted_first(q, self._document_named_first(q, clauses))
        records: list[Record] = []
        topical = [t for t in terms if not t.isdigit()]
        figure_lines: list[str] = []
        fig_book = book.scratch()  # adopted below only when the answer is not a refusal
        # Figures the report states about an asked agency answer a question about its tasks («Bộ Tài chính được
        # giao bao nhiêu nhiệm vụ?»), not one that only names the agency («Bộ Tài chính trình bổ sung … bao nhiêu?»).
        about_tasks = counted[0] in _RECORD_NOUNS if counted else bool(
            re.search(r"\b(?:nhiem vu|tasks?)\b", fold(q.standalone or q.normalized)))
        # A question about a meeting or an article («giao ban tháng 7», «buổi làm việc») asks for its figures.
        about_tasks = about_tasks and not re.search(
            r"\b(?:giao ban|buoi lam viec|hoi nghi|bai viet|dien dan|briefing|working session|article)\b", q.folded)
        if q.agencies and q.intent in ("figure", "count") and about_tasks:
            names, _ = self._lineage(q.agencies)
            for fig in self._store.figures(agency=names):
                if fig.subject == "agency_overdue":
                    continue  # overdue questions have their own path
                quote = sentence_around(self._text(fig.doc_id) or fig.quote, fig.start, fig.end)
                marker = self._cite_figure(fig, fig_book, quote)
                if marker and any(line.endswith(marker) for line in figure_lines):
                    records.append(fig)  # the same sentence states it: quoted once
                elif marker:
                    records.append(fig)
                    figure_lines.append(words.figure_line.format(doc=self._doc_label(fig.doc_id), quote=quote)
                                        + marker)
        ordinal = item_ordinal(q.original)
        if ordinal is not None and not q.task_numbers and item_ordinal(split_parts(q.original)[0]) == ordinal:
            # A follow-up's item («cái thứ ba») is of what the last question counted: its noun is in the standalone.
            item = self._enumerated_item(ordinal, q.standalone if q.is_follow_up else q.original, clauses, hits,
                                         words, book, q.is_follow_up)
            if item:
                return item, [], False, retrieved
        if self._unsupported(q, terms, clauses, hits) and not (figure_lines and len(topical) <= 2):
            nearest = hits[0].chunk if hits else None
            hint = ""
            if nearest is not None:
                hint = words.nearest.format(location=short_location(nearest.section_path, 3) or words.document,
                                            doc=self._doc_label(nearest.doc_id))
            return words.refusal + hint, [], True, retrieved
        missing = (self._details_elsewhere(q, clauses[:3], words, book)
                   or self._items_not_listed(q, clauses[:10], words, book)) if clauses else ""
        if missing:
            return missing, [], True, retrieved
        figure_lines = book.adopt(fig_book, figure_lines)
        if not clauses:
            return "\n".join(figure_lines), records, False, retrieved
        best = clauses[0]
        lines: list[str] = []
        # Table rows found by the search are answered from their records (who leads, deadline, ...), since
        # their rendered text is not a verbatim quote of the source.
        # A row matched only on a date or number ("9/2025") is not about the question's topic.
        # The search's first hit, when it is a row, needs a little less (its words are split across cells).
        row_clauses = [c for c in clauses if c.chunk.kind == "table_row" and c.chunk.record_ref and topical
                       and coverage(topical, c.chunk.text, self._weights) >= (MIN_COVERAGE * 0.8 if c.rank == 1
                                                                              else MIN_COVERAGE)]
        text_clauses = [c for c in clauses if c.chunk.kind != "table_row"]
        rows_first = best.chunk.kind == "table_row"
        row_lines: list[str] = []
        seen_refs: list[str] = []
        for c in row_clauses:
            ref = c.chunk.record_ref or ""
            if ref in seen_refs or len(seen_refs) >= 3:
                continue
            if c.context < (MIN_COVERAGE * 0.8 if c.rank == 1 else MIN_COVERAGE) or c.score < best.score * (
                    0.85 if seen_refs else 0.7):
                continue
            seen_refs.append(ref)
        for ref in seen_refs:
            kind, _, value = ref.partition(":")
            if kind == "task" and value.isdigit():
                task = self._store.task(int(value))
                if task is not None:
                    records.append(task)
                    row_lines.extend(self._task_block(q, task, words, book))
            elif kind == "indicator" and indicator_rows:
                years = {int(y) for y in _years(q.normalized)}
                for ind in self._store.indicators(number=value):
                    if years and ind.horizon not in years:
                        continue  # a target for 2030 does not answer a question about 2025
                    if ind.number == value:
                        records.append(ind)
                        row_lines.append(self._indicator_line(ind, words, book))
        if (not any(r.startswith("task:") for r in seen_refs) and topical
                and {"lead", "deadline", "coordinating"} & set(q.asks)):
            # «Trung tâm dữ liệu quốc gia: NQ03 giao ai làm?»: no task was found among the passages, but the question
            # asks who leads or when, and one task of the appendix is named by its words.
            task = self._task_named_by(q, topical)
            if task is not None:
                records.append(task)
                row_lines.extend(self._task_block(q, task, words, book))
        if figure_lines and not topical:
            text_clauses = []
        text_lines = self._clause_lines(q, text_clauses, words, book, limit_items=2 if rows_first and row_lines else 5)
        lines = figure_lines + (row_lines + text_lines if rows_first else text_lines + row_lines)
        if not lines:
            return words.refusal, [], True, retrieved
        lines.extend(self._planned_check(lines, words, book, records))
        return "\n".join(lines), records, False, retrieved

    def _task_named_by(self, q: Query, terms: Sequence[str]) -> Task | None:
        """The task of Phụ lục II that delivers what the question names («Trung tâm dữ liệu quốc gia»): the longest
        run of the question's topic words, written as one phrase, that exactly one task's deliverable holds (or,
        failing that, exactly one task's title)."""
        words = q.folded.split()
        wanted = set(terms)
        runs: list[str] = []
        run: list[str] = []
        for w in [*words, ""]:
            w = re.sub(r"\W", "", w)
            if w and w in wanted:
                run.append(w)
                continue
            if len(run) >= 3:
                runs.append(" ".join(run))
            run = []
        for phrase in sorted(runs, key=len, reverse=True):
            for field in ("deliverable", "title"):
                found = [t for t in self._store.tasks() if phrase in fold(getattr(t, field)).lower()]
                if len(found) == 1:
                    return found[0]
        return None

    def _planned_check(self, lines: Sequence[str], words: Wording, book: CitationBook, records: list[Record]) -> list[str]:
        """«… tập trung thực hiện tổng số 459 nhiệm vụ»: a quoted count of the tasks still planned that the report's
        own statuses do not add up to (382 in progress + 27 overdue = 409) is quoted with that sum beside it."""
        said = " ".join(lines)
        if any(isinstance(r, ReportFigure) and r.subject == "tasks_in_progress" for r in records):
            return []
        for planned in self._store.figures():
            if planned.subject == "tasks_planned" and planned.quote[:60] in said:
                sums, summed = self._status_sum(["tasks_in_progress", "tasks_overdue"], words, book, planned_only=True)
                records.extend(summed)
                return sums
        return []

    def _clause_lines(
        self, q: Query, clauses: Sequence[Clause], words: Wording, book: CitationBook, limit_items: int = 5
    ) -> list[str]:
        """The best clauses, with what follows them where it completes them, grouped by document."""
        if not clauses:
            return []
        counted = counted_phrase(q.standalone or q.normalized) if q.intent in ("figure", "count") else ()
        if counted and counted[0] not in _RECORD_NOUNS and not counted_match(counted, clauses[0].text):
            # «bao nhiêu định hướng, nhiệm vụ trọng tâm»: a clause that counts them, in digits or in words.
            # It is taken from the document the best passage is in, which the question's other words found.
            counting = [c for c in clauses[:12] if counted_match(counted, c.text) >= 0.99 and (
                c.chunk.doc_id == clauses[0].chunk.doc_id or c.coverage >= MIN_COVERAGE * 0.8)]
            if counting:
                clauses = [counting[0], *[c for c in clauses if c is not counting[0]]]
        counts_first = bool(counted) and counted_match(counted, clauses[0].text) >= 0.99
        if q.intent in ("figure", "count") and not re.search(r"\d", clauses[0].text) and not counts_first:
            # A question asking "how many" is answered by a clause that states a number.
            numbered = [c for c in clauses if re.search(r"\d", c.text) and c.coverage >= clauses[0].coverage * 0.6]
            if numbered:
                clauses = [numbered[0], *[c for c in clauses if c is not numbered[0]]]
                counts_first = bool(counted) and counted_match(counted, clauses[0].text) >= 0.99
        best = clauses[0]
        if (best.coverage < MIN_COVERAGE * 0.8 and not (best.context >= 0.6 and best.coverage >= 0.25)
                and not counts_first):
            return []
        chosen = [best]
        limit = 1000 if q.intent in ("explain", "compare") else 450
        # Explanations read better with the clauses that follow the best one in the same chunk (lists).
        if q.intent in ("explain", "compare"):
            following = sorted((c for c in clauses if c.chunk.id == best.chunk.id and c.offset > best.offset),
                               key=lambda c: c.offset)
            size = len(best.text)
            for c in following:
                if size + len(c.text) > limit:
                    break
                chosen.append(c)
                size += len(c.text)
        # Other strong clauses, preferring other documents (multi-document questions).
        threshold = max(MIN_COVERAGE * 0.8, best.coverage * (0.6 if q.intent in ("figure", "count") else 0.75))
        extra = 0
        for c in clauses[1:]:
            if extra >= limit_items - 1:
                break
            if len(re.sub(r"[\d/.,:;()\-]+|\bngày\b|\btháng\b|\bnăm\b", " ", c.text).split()) < 4:
                continue  # a dateline or a bare heading number says nothing by itself
            if c.coverage < threshold or any(c.text == x.text for x in chosen):
                continue
            if any(x.chunk.id == c.chunk.id and abs(x.offset - c.offset) < 5 for x in chosen):
                continue
            chosen.append(c)
            extra += 1
        by_doc: dict[str, list[str]] = {}
        wants_date = self._wants_date(q)
        for chunk, quote in self._passage_quotes(chosen, wants_date):
            marker = book.cite(Evidence(chunk.doc_id, quote, chunk.location or self._doc_label(chunk.doc_id), chunk.id))
            if not marker:
                continue
            where = short_location(chunk.section_path)
            by_doc.setdefault(chunk.doc_id, []).append(f"«{quote}»" + (f" ({where})" if where else "") + marker)
        lines = []
        for doc_id, items in by_doc.items():
            head = words.according_to.format(doc=self._doc_label(doc_id))
            if len(items) == 1:
                lines.append(f"{head} {items[0]}")
            else:
                lines.append(head)
                lines.extend(f"- {item}" for item in items)
        if q.intent in ("figure", "count") and lines:
            lines.extend(self._count_in_words(q, lines, words))
        return lines

    @staticmethod
    def _count_in_words(q: Query, lines: Sequence[str], words: Wording) -> list[str]:
        """«… nêu mấy định hướng?» answered by «Tám định hướng và nhiệm vụ trọng tâm»: the count the quote writes
        in words, in digits too. Nothing when a quote states it in digits."""
        counted = counted_phrase(q.standalone or q.normalized)
        if not counted:
            return []
        noun = r"\s+".join(re.escape(t) for t in counted[:2])
        joined = nfc(" ".join(lines))
        said = fold(joined)
        if re.search(rf"\b\d{{1,3}}\s+(?:\w+\s+)?{noun}\b", said):
            return []
        m = re.search(rf"\b(hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+(?:\w+\s+)?{noun}\b", said)
        if m is None:
            return []
        phrase = joined[m.start():m.end()] if len(said) == len(joined) else m.group(0)
        return [words.count_in_words.format(n=number_of(m.group(1)), phrase=phrase)]

    def _passage_quotes(self, chosen: Sequence[Clause], wants_date: bool) -> list[tuple[Chunk, str]]:
        """Each chosen clause as a quote of its document: from the start of its sentence, with what it announces
        or needs (its list, its deadline); passages that overlap or touch become one, in order of choice. A chunk
        that is not a slice of its document (a rendered table row) is quoted from its own text."""
        spans: list[list] = []  # type: ignore[type-arg]  # [chunk, start, end, source text]
        for c in chosen:
            doc_text = self._text(c.chunk.doc_id)
            start = c.offset + c.chunk.text[c.offset:].find(c.text)
            end = start + len(c.text)
            source = c.chunk.text
            if doc_text is not None and doc_text[c.chunk.start:c.chunk.end] == c.chunk.text:
                source = doc_text
                start = sentence_start(doc_text, c.chunk.start + start)
                end = extend_span(doc_text, start, c.chunk.start + end, wants_list=True, wants_date=wants_date)
            for item in spans:
                other, s0, e0, text = item
                if text is source and (source is doc_text or other.id == c.chunk.id) and start <= e0 + 3 and end >= s0 - 3:
                    item[1], item[2] = min(s0, start), max(e0, end)
                    break
            else:
                spans.append([c.chunk, start, end, source])
        return [(chunk, text[start:end].strip()) for chunk, start, end, text in spans]

    def _other_parts(self, q: Query, text: str, words: Wording, book: CitationBook,  # type: ignore[no-untyped-def]
                     first_answered: bool = True, document_asked: bool = False):
        """Answers to the parts of a many-part question that the answer so far leaves out («... có bao nhiêu
        nhiệm vụ và đến 23/9/2025 đã hoàn thành bao nhiêu?»): each such part is asked on its own, with the first
        part's subject when it names none, and its answer follows. A part the corpus does not answer is named.
        Returns the lines, the records and how many parts were answered."""
        # A follow-up's own words hold its parts; the last question, kept in brackets after them, is context.
        own = q.normalized if q.is_follow_up else (q.standalone or q.normalized)
        context = q.standalone[len(own):].strip() if q.is_follow_up and q.standalone.startswith(own) else ""
        parts = split_parts(own)
        if len(parts) < 2:
            return [], [], 0
        m = QUESTION_WORD.search(fold(parts[0]))
        subject = parts[0][: m.start()].strip(" ,:;") if m else ""
        if ":" in subject:
            subject = subject.split(":", 1)[0].strip()  # «Đề án X: Phụ lục II giao bộ nào ...» is about «Đề án X»
        answered = fold(text)
        scene = scene_span(own)  # a scene set before the first part is the scene of every part
        set_by_scene = set(content_terms(scene[0])) if scene else set()
        lines: list[str] = []
        found: list[Record] = []
        answered_parts = 0
        first_missing = False  # the first part was asked on its own and the documents do not answer it
        named_doc = _NAMED_DOCUMENT.search(parts[0])  # «Nghị quyết 03/NQ-CP», which «nghị quyết này» refers to
        # «Tính đến tháng 9/2025 đã có bao nhiêu trạm 5G, đạt bao nhiêu phần trăm so với số trạm 4G?»: the later
        # parts ask what has been achieved too.
        achieved_asked = bool(_ASKS_ACHIEVED.search(fold(parts[0])))
        for i, part in enumerate(parts):
            part = name_the_one(part, own)
            if document_asked and _asks_about_a_document(fold(part)):
                continue  # who signed it, when, since when in force: the document's particulars answered that
            terms = [t for t in content_terms(part) if t not in FRAME_WORDS]
            topical = [t for t in terms if not t.isdigit()]
            # «Trung tâm dữ liệu quốc gia: NQ03 giao ai làm, hạn bao giờ; báo cáo … đã khánh thành chưa?»: a first
            # part that asks who leads a task or when it is due is not answered by passages that show no task.
            first = self.parser.parse(Question(part)) if i == 0 and text else None
            slot_unanswered = first is not None and not _TASK_SHOWN.search(text) and bool(
                {"lead", "deadline"} & set(first.asks))
            # «Who chaired the 1 April 2025 working session …, and how many groups …?»: a first part whose words the
            # answer to the whole question hardly holds is asked on its own too.
            uncovered = first is not None and max(coverage_as_typed(part, text, self._weights), coverage(
                self._terms(first) if first.language == "en" else [], text, self._weights)) < 0.5
            # «…; báo cáo tháng 9/2025 cho biết đã có kết quả gì?»: a part that names another source asks about the
            # first part's subject in it, though all its own words are frame words.
            from_source = i > 0 and bool(subject) and bool(self._source_documents(fold(part)))
            if (not topical and not from_source) or (
                    i == 0 and text and first_answered and not slot_unanswered and not uncovered):
                # «ai chủ trì», «hạn khi nào»: the record answer holds them. The first part is answered by a search
                # over the whole question, but not by figures that answer only one of its parts.
                continue
            # A part named by its own words asks on its own; one that only asks when or who («đặt mốc hoàn thành
            # là ngày nào») asks about the first part's subject.
            own_words = [t for t in topical if t not in SLOT_WORDS]
            subject_words = [t for t in own_words if t not in _GENERIC_FOLDED]
            # «…, và đã chỉ đạo gì …?»: a part that opens with its verb has the first part's subject.
            folded_part = fold(part).lower()
            elided = bool(re.match(r"^(?:va\s+)?(?:da|dang|se|tung|has|had|did|and (?:has|had|did|what))\b", folded_part)
                          or re.search(r"\b(?:is|was|are|were) (?:that|it|this)\s*$", folded_part))
            if i > 0 and first_missing and (len(own_words) <= 2 or not subject_words or elided
                                            or _REFERS_BACK.search(fold(part))):
                # «… bị xử phạt ra sao, mức cụ thể thế nào?»: a part about the first part's subject, which the
                # documents do not hold, is not answered either.
                continue
            asks = [part] if part is parts[0] or not subject else [f"{subject} {part}"]
            if i > 0 and named_doc and _THIS_DOCUMENT.search(part):
                # «… Nghị quyết 03/NQ-CP …, và nghị quyết này có hiệu lực từ khi nào?»: the document named first.
                asks = [_THIS_DOCUMENT.sub(named_doc.group(0), part, count=1)]
            if len(own_words) >= 3 and part is not parts[0] and subject and not (named_doc and _THIS_DOCUMENT.search(part)):
                # Named by its own words, it is asked on its own first; the first part's subject is the scene it
                # falls back on («… bao nhiêu hồ sơ và các địa phương chiếm bao nhiêu phần trăm?»).
                asks.insert(0, part)
            if from_source and _ASKS_TASK_COUNT.search(fold(part)) and part not in asks:
                # «…, trong khi báo cáo tháng 9/2025 nói năm 2025 có tổng số bao nhiêu nhiệm vụ được giao?»: a count
                # of tasks in a source of its own is asked of that source first.
                asks.insert(0, part)
            if i > 0 and scene and len(own_words) >= 3 and not scene_span(part):
                asks.insert(0, f"{scene[0]}, {part}")  # «Ở Hội nghị … ngày 13/01/2025, …, và đề xuất … mô hình nào?»
            for ask in asks:
                sub = self.parser.parse(Question(f"{ask} {context}".strip()))
                handler = self._route(sub)
                if handler in (self._chitchat, self._out_of_scope):
                    break
                scratch = book.scratch()
                sub_text, sub_records, refused, _ = handler(sub, words, scratch)
                if not refused:
                    break
            if handler in (self._chitchat, self._out_of_scope):
                continue
            # An English part is compared in the documents' words: the Vietnamese terms it translates to.
            translated = self._terms(sub) if sub.language == "en" else []
            if refused or len(sub_records) > 10:
                # «…, and to how many central agencies and localities?» after «phân bổ 7.225,56 tỷ đồng cho 15 bộ, cơ
                # quan Trung ương và 04 địa phương»: an English part whose every term the answer already quotes.
                said = len(set(translated)) >= 2 and coverage(translated, answered, self._weights) >= 0.999
                # «…? Trong đó bao nhiêu là tỉnh, thành phố?»: a share of what the answer lists, whose every word the
                # answer already says (its breakdown).
                said = said or bool(_AMONG_THEM.match(fold(part).lower()) and own_words and all(
                    re.search(rf"\b{re.escape(t)}\b", answered) for t in own_words))
                # A first part asked again because the whole answer seemed to miss it: that answer stands.
                if refused and not said and not (i == 0 and text):
                    lines.append(words.part_missing.format(part=part))
                    first_missing = first_missing or i == 0
                continue
            # Only lines about this part: a passage found for «ai ký» that speaks of «kỹ năng» is not an answer.
            new = []
            header = ""  # «Theo Báo cáo …:» before its «- …» items: kept with the first item kept
            # «Định hướng thứ tư là gì?» is answered by the fourth item, which need not repeat the item's noun.
            picked = item_ordinal(part) is not None
            asked = scene[1] if scene and i == 0 else part  # a line is judged on what is asked, not on its scene
            # «các địa phương chiếm bao nhiêu %»: the verb of a share is not said by the line that gives it.
            asked = re.sub(r"\b(?:chiếm|đạt|chiem|dat)\s+(?=bao nhiêu|bao nhieu|mấy|may)", "", asked)
            # «tiền làm truyền thông lấy từ đâu» is said by «bố trí ngân sách hằng năm … cho truyền thông»: the part's
            # own terms, read with the words the documents use for them, nearly all there.
            sub_terms = [t for t in self._terms(sub) if len(t) > 2 and t not in set_by_scene]
            for line in _entries(sub_text):
                if not line.strip():
                    continue
                if not line.startswith("- "):
                    header = line if line.rstrip().endswith(":") else ""
                if not self._said(line, answered) and (sub_records or picked or max(
                        coverage_as_typed(part, line, self._weights), coverage_as_typed(ask, line, self._weights),
                        coverage_as_typed(asked, line, self._weights),
                        coverage(translated, line, self._weights)) >= 0.5 or (
                        len(sub_terms) >= 2 and coverage(sub_terms, line, self._weights) >= 0.75)):
                    if line.startswith("- ") and header and header not in new:
                        new.append(header)
                    new.append(line)
            # A part asked without its subject («ai là người đứng đầu?» after «Mạng lưới VNQuantum ...») is answered
            # only by lines that name that subject.
            names = [n for n in _MIXED_CASE.findall(parts[0]) if n not in part]
            if names and not any(fold(n) in fold(line) for n in names for line in new):
                lines.append(words.part_missing.format(part=part))
                continue
            if (i > 0 and first_missing and achieved_asked and _ASKS_FIGURE.search(fold(part))
                    and self._states_only_targets(new)):
                lines.append(words.part_missing.format(part=part))
                continue
            if any("«" in line for line in new) or sub_records:
                new = book.adopt(scratch, new)
                lines.extend(new)
                answered += " " + fold(" ".join(new))
                found.extend(sub_records)
                answered_parts += 1
        return lines, found, answered_parts

    @staticmethod
    def _states_only_targets(lines: Sequence[str]) -> bool:
        """True when every passage quoted in the lines states a target or a duty and none an achievement."""
        # «Theo bài viết «Nghị quyết 57: …»: «…»»: the article's title, before the colon, is no passage.
        quotes = [q for line in lines for q in re.findall(r"«([^»]*)»(?!:)", line)]
        return bool(quotes) and all(_only_a_target(q) for q in quotes)

    def _details_elsewhere(self, q: Query, clauses: Sequence[Clause], words: Wording, book: CitationBook) -> str:
        """When the question asks for the particulars and the passage that answers it sends the reader to an
        appendix the corpus does not hold («(Báo cáo chi tiết tại Phụ lục 05 kèm theo)»), the answer is that
        appendix: say it is missing, and quote the passage and the pointer. Empty when that is not the case."""
        if not _ASKS_DETAILS.search(q.folded):
            return ""
        for c in clauses:
            if c.context < MIN_COVERAGE or c.chunk.kind != "text":
                continue
            after = c.chunk.text[c.offset : c.offset + len(c.text) + 400]
            m = _POINTER.search(after)
            doc_text = self._text(c.chunk.doc_id) or ""
            if not m or re.search(rf"(?im)^\s*ph[uụ] l[uụ]c\s+0*{int(m.group(1)) if m.group(1).isdigit() else re.escape(m.group(1))}\b", doc_text):
                continue
            quote = after[: m.end()].rstrip()
            quote = quote + ")" if quote.count("(") > quote.count(")") else quote
            marker = book.cite(Evidence(c.chunk.doc_id, quote, c.chunk.location or self._doc_label(c.chunk.doc_id), c.chunk.id))
            if not marker:
                continue
            return words.details_missing.format(appendix=m.group(1), doc=self._doc_label(c.chunk.doc_id),
                                                quote=quote) + marker
        return ""

    def _items_not_listed(self, q: Query, clauses: Sequence[Clause], words: Wording, book: CitationBook) -> str:
        """«Đó là 5 sáng kiến nào?», «số hiệu và tên của 03 thông tư»: the question names a count of things and asks
        which they are; the passage states that count («công bố 5 sáng kiến trọng điểm») but no enumeration of
        them follows, and for numbers and titles none is written. Say the documents give only the number, and
        quote it. Empty when that is not the case."""
        asked = _COUNTED_ITEMS[q.language].search(q.folded)
        if not asked or not _ASKS_WHICH.search(q.folded):
            return ""
        word = asked.group(1)
        number = str(int(word)) if word.isdigit() else number_of(word)
        noun = asked.group(2)
        if q.language == "en":
            # «three circulars» is counted in the documents' words: «03 Thông tư».
            singular = noun.removesuffix("s")
            noun = next((fold(vi) for en, vi in GLOSSARY if en in (noun, singular)), "")
        if not number or not noun or noun.split()[0] in _NOT_ITEMS:
            return ""  # tasks are counted by the records, years and sums are no things to name
        wants_ids = bool(_ASKS_IDS.search(q.folded))
        unlisted: list[tuple[Clause, re.Match[str]]] = []
        for c in clauses:
            text = c.chunk.text
            for m in re.finditer(rf"\b0*{number}\s+{re.escape(noun)}\b", fold(text)):
                if self._members_follow(text[m.end():], int(number), wants_ids):
                    return ""  # one place that names them is enough
                unlisted.append((c, m))
        for c, m in unlisted:
            text = c.chunk.text
            start = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1, 0)
            stop = text.find(".", m.end())
            quote = text[start: stop + 1 if stop >= 0 else len(text)].strip()
            marker = book.cite(Evidence(c.chunk.doc_id, quote, c.chunk.location or self._doc_label(c.chunk.doc_id),
                                        c.chunk.id))
            if marker:
                # The words as the question typed them («5 sáng kiến»), when folding kept their places.
                aligned = len(q.normalized) == len(q.folded)
                what = q.normalized[asked.start(1): asked.end(2)] if aligned else f"{word} {noun}"
                return words.items_missing.format(what=what, doc=self._doc_label(c.chunk.doc_id),
                                                  quote=quote) + marker
        return ""

    @staticmethod
    def _members_follow(following: str, n: int, wants_ids: bool) -> bool:
        """Whether the text after a count of n things names them: numbers and titles of documents when those are
        asked; a few members inline («3 Mạng lưới …: Lượng tử (VNQuantum), …») or an enumeration; for many (6 and
        more), an enumeration that reaches its n-th item («(16)», «16)», «Tám là»)."""
        if wants_ids:
            return bool(_DOCUMENT_ID.search(following[:300]))
        inline = re.match(r"\s*\(([^()]{3,1500})\)", following)
        if inline and len(re.split(r",|;|\bvà\b", inline.group(1))) >= max(2, n - 2):
            return True  # «13 cơ quan (Bộ Công an, Bộ Quốc phòng, …)»
        if n <= 5:
            return bool(_ENUMERATION.search(following[:700]) or _NAMED_INLINE.match(following))
        words = {6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}
        last = rf"\({n}\)|(?<![\d/.,])\b{n}\)|\b{n}\.\s"
        if n in words:
            last += rf"|\b{words[n]} là\b|\bthứ {words[n]}\b"
        return bool(re.search(last, following[:3000], re.IGNORECASE))

    @staticmethod
    def _said(line: str, answered: str) -> bool:
        """True when the answer so far already holds this line, or the passage it quotes."""
        # «Theo bài viết «Ngành KH&CN …»: «Thứ tư, …»»: the article's title, before the colon, is not the passage.
        quote = re.search(r"«([^«»]+?)»(?!:)", line, re.DOTALL) or re.search(r"«(.+?)»", line, re.DOTALL)
        body = fold(quote.group(1) if quote else re.sub(r"\s*\[\d+\]", "", line)).strip()
        if not body:
            return False
        if body in answered or (not quote and body in re.sub(r"\s*\[\d+\]", "", answered)):
            return True  # a record line is compared without its citation markers
        # A passage that overlaps one already quoted: said when most of its sentences are.
        sentences = [x.strip() for x in re.split(r"(?<=[.;:])\s+|\n", body) if len(x.strip()) > 20]
        return bool(sentences) and sum(x in answered for x in sentences) / len(sentences) > 0.5

    @staticmethod
    def _wants_date(q: Query) -> bool:
        """The question asks when: a deadline, a date."""
        return "deadline" in q.asks or bool(
            re.search(r"\b(?:khi nao|bao gio|ngay nao|thang nao|thoi han|thoi diem nao|(?:nhung )?moc(?: thoi gian)? nao|deadline|when|by what date)\b",
                      q.folded))

    def _unsupported(self, q: Query, terms: Sequence[str], clauses: Sequence[Clause], hits) -> bool:  # type: ignore[no-untyped-def]
        """True when the retrieved text does not answer the question: weak coverage of its terms, or a year,
        agency or specific word of the question that the retrieved text never mentions."""
        if not clauses:
            return True
        # «Tôi nộp đơn từ năm 2023 mà chưa thấy xử lý. Bộ … hứa giải quyết trước khi nào?»: what a question tells
        # before it asks (a year, a word the documents never use) is not what it asks the documents; it still
        # helps find the passages («đơn đăng ký»).
        intro = {fold(w) for w in _scene_words(q)}
        terms = [t for t in terms if t not in intro]
        support = max(0.5 * c.coverage + 0.5 * c.context for c in clauses[:20])
        if support < MIN_SUPPORT:
            return True
        top = hits[:5]
        context = " ".join(fold(h.chunk.text + " " + " ".join(h.chunk.section_path)) for h in top)
        dates = " ".join(self._documents[h.chunk.doc_id].date or "" for h in top if h.chunk.doc_id in self._documents)
        for t in terms:
            if t.isdigit() and len(t) == 4 and t not in context and t not in dates:
                return True
        # «What did the Steering Committee decide at its fifth meeting?»: a meeting the documents never tell of.
        asked = ordinals(q.normalized)
        if asked and re.search(r"\b(?:phien hop|ky hop|meeting|session)\b", q.folded) and not asked & ordinals(
                self._corpus_folded()):
            return True
        if (self._attribute_missing(q, clauses) or self._only_in_a_group(q, clauses) or self._claim_missing(q, terms, clauses)
                or self._document_date_missing(q, clauses)):
            return True
        # «Mỗi xã phải trang bị tối thiểu mấy máy lấy số …?»: a quota per unit is a number of those things, and no
        # passage found states one (a completion rate of 89,22% is not).
        counted = counted_phrase(q.normalized)
        if (_PER_UNIT.search(q.folded) and counted and counted[0] not in _RECORD_NOUNS
                and not re.search(r"\b(?:ty le|ti le|phan tram|percent\w*|share)\b|%", q.folded)
                and counted[:2] != ("phan", "tram") and not any(counted_match(counted, c.text) >= 0.5 for c in clauses[:5])):
            return True
        # «Năm 2024 chi cho R&D thực tế đạt bao nhiêu % GDP?» answered by «đến 2030 … đạt 2% GDP»: a target for
        # a later year is not the figure of the year asked.
        asked_years = {t for t in terms if t.isdigit() and len(t) == 4 and "2000" <= t < "2030"}
        # «Đến hết năm 2024 … là bao nhiêu? Tôi muốn so với số liệu tháng 8/2025»: the year compared with is not
        # the year asked.
        compared = set(_years(" ".join(m.group(0) for m in _COMPARED_IN_QUESTION.finditer(q.folded))))
        asked_years = asked_years - compared or asked_years
        # «Theo báo cáo tháng 9/2025, năm 2024 …»: the year of the source is not the year asked.
        asked_years = asked_years - _source_years(q.folded) or asked_years
        if asked_years and (q.intent in ("figure", "count") or (q.intent == "compare" and compared)):
            stated = self._years_of(clauses[0])
            # «… vào cuối năm 2024 là bao nhiêu?» answered by «tính đến hết tháng 08/2025: … 36,11%»: the figure of
            # another year is not the one asked.
            if stated and not stated & asked_years:
                return True
            # «Thực tế năm 2024 … chiếm bao nhiêu %?» asks what was achieved that year: a passage that names no such
            # year states a target or a duty, not the figure.
            if re.search(r"\b(?:thuc te|thuc hien duoc|dat duoc|actual(?:ly)?)\b", q.folded) and not stated & asked_years:
                return True
        # «Kinh tế số hiện chiếm bao nhiêu % GDP?» answered by «Đến 2045 … quy mô kinh tế số đạt tối thiểu 50%»: a
        # figure for a year after the newest document is a target, not what holds now.
        # A question that names such a year («so với mục tiêu 2030») asks about the target too.
        if q.intent in ("figure", "count") and _ASKS_PRESENT.search(q.folded) and not asked_years:
            stated = self._years_of(clauses[0])
            newest = max((d.date[:4] for d in self._documents.values() if d.date), default="")
            if stated and newest and min(stated) > newest and not any(y > newest for y in _years(q.folded)):
                return True
        # «Tính đến tháng 9/2025 đã có bao nhiêu trạm 5G?» answered by «số trạm 5G đạt tối thiểu bằng 50% số trạm
        # 4G, hoàn thành trước ngày 31/12/2025»: a target or a duty is not what has been achieved.
        if q.intent in ("figure", "count") and _ASKS_ACHIEVED.search(q.folded):
            best = nfc(clauses[0].text)
            if _only_a_target(best):
                return True
        # «... được Quốc hội thông qua vào ngày nào?»: the event asked about must be what the passage tells.
        event = _EVENT.search(q.folded)
        # «Quốc hội đã thông qua Luật … chưa?» asks whether the event took place: the same.
        happened = re.search(r"\bda\b.{0,60}\bchua\b|\b(?:ky hop|phien hop) nao\b|\bhas\b.{0,60}\bbeen\b|"
                             r"\bhave\b.{0,40}\byet\b|\bket luan (?:nhung )?(?:gi|ra sao|the nao|nhu the nao)\b", q.folded)
        # «Thông báo kết luận» names a document; it tells no meeting's conclusions.
        told = re.sub(r"\bthong bao ket luan\b", " ", fold(clauses[0].text)) if event else ""
        if event and (self._wants_date(q) or happened) and not any(
                e in told for e in _EVENT_WORDS.get(event.group(0), (event.group(0),))):
            return True
        # «Luật Chuyển đổi số được Quốc hội thông qua ngày nào?» answered by the passing of another law: the law
        # named is the one the passage tells of.
        if event and (self._wants_date(q) or happened) and any(
                law not in fold(clauses[0].chunk.text) for law in _laws_named(q.normalized)):
            return True
        # A name written in mixed case («VNQuantum», «ViSecurity») is what the question is about: the passage
        # that answers it names it.
        best_text = fold(clauses[0].chunk.text)
        for name in _MIXED_CASE.findall(q.normalized):
            if fold(name) not in best_text:
                return True
        if not self._office_holder_named(q, clauses):
            return True
        if q.language == "en" and self._unknown_english_name(q):
            return True
        # «Who is the current Minister of Finance?»: the passages must name a person in that office.
        if q.language == "en" and self._english_office_holder_missing(q):
            return True
        # «Phiên họp lần thứ năm» when the documents only know the third and the fourth.
        asked = ordinals(q.normalized)
        if asked and not asked & ordinals(context):
            return True
        named = [a for a in q.agencies if not _names_no_agency(a)]
        # «the Government's programme», «các bộ, ngành, địa phương» are not topics to be named; «VPCP hay BTTTT
        # theo dõi?» offers alternatives, of which the passages name one.
        # An agency merged into another («Bộ KH&CN (sau khi hợp nhất Bộ TT&TT)», «Quảng Nam cũ, giờ nhập vào Đà
        # Nẵng») is present when its lineage is.
        present = [a for a in named if any(key(n) and key(n) in key(context) for n in self._lineage_names(a))]
        alternatives = len(named) > 1 and re.search(r"\b(?:hay|hoac|or)\b", q.folded)
        if named and (not present if alternatives else len(present) < len(named)):
            return True
        return self._has_unknown_terms(terms, support, q)

    @staticmethod
    def _years_of(clause: Clause) -> set[str]:
        """The years a passage's figures are for. «tăng 28,2% so với cùng kỳ năm 2024» compares with a year: that
        is not the year of the figure. A clause that names no year is dated by the line that announces it
        («d) Về phát triển kinh tế số … tính đến hết tháng 08/2025: (1) …») or its heading."""
        line = clause.chunk.text[:clause.offset].rsplit("\n", 1)[-1]
        announcing = line[: line.rfind(":")] if ":" in line else ""
        return (_years(_COMPARED_YEAR.sub(" ", clause.text)) or _years(announcing)
                or _years(" ".join(clause.chunk.section_path)) or _years(clause.text))

    def _list_named_first(self, q: Query, clauses: list[Clause], reach: int = 10) -> list[Clause]:
        """«… bổ sung kinh phí cho Bộ GD&ĐT, ĐHQG TP.HCM, BTP, KTNN là bn tỷ?»: a question that names three agencies
        or more quotes a list; among the best passages, those naming more of them come first."""
        named = [a for a in q.agencies if not _names_no_agency(a)]
        if len(named) < 3:
            return clauses

        def count(c: Clause) -> int:
            text = key(c.text)
            return sum(any(key(n) and key(n) in text for n in self._lineage_names(a)) for a in named)

        head = sorted(clauses[:reach], key=count, reverse=True)
        return head + clauses[reach:]

    def _source_documents(self, folded: str) -> set[str]:
        """The documents a question names as its source by kind and month («báo cáo tháng 9/2025», «giao ban tháng
        7», «the September 2025 report», «buổi làm việc 1/4»)."""
        out: set[str] = set()
        for meta in self._documents.values():
            label = _SOURCE_LABELS.get(meta.kind)
            if not label or not meta.date:
                continue
            y, m, d = (int(x) for x in meta.date.split("-"))
            when = rf"\bthang 0?{m}\b|\b0?{m}/{y}\b|\b0?{d}/0?{m}\b|\b{_MONTHS_EN[m - 1]}\b"
            if re.search(rf"\b(?:{label})\b.{{0,40}}(?:{when})|(?:{when}).{{0,25}}\b(?:{label})\b", folded):
                out.add(meta.id)
        return out

    def _cited_dates(self, q: Query) -> list[tuple[str, int, re.Match[str]]]:
        """Where the corpus cites a document the question names by kind and number with its date («Nghị quyết số
        57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị», «Nghị định số 194/2025/NĐ-CP ngày 03/7/2025»):
        (doc id, start, match) for each document that does, first citation only."""
        asked = _CITED_NAME.search(q.folded)
        # Asked of the document itself («Nghị quyết 57 ban hành ngày nào»), not of a task that names it («Chương
        # trình tuyên truyền về Nghị quyết 57-NQ/TW … có hạn chót khi nào?»).
        if not asked or _DEADLINE_ASKED.search(q.folded) or not re.match(
                r"[\w/-]*\s+(?:\S+\s+){0,4}?(?:duoc\s+)?(?:\S+\s+)?(?:ban hanh|ky|thong qua|issued|signed|passed|adopted)\b",
                q.folded[asked.end():]) and not re.search(rf"\b(?:when|what date)\b.{{0,40}}{re.escape(asked.group(0))}",
                                                         q.folded):
            return []
        kind, number = _CITED_KINDS[asked.group(1)], asked.group(2)
        pattern = re.compile(rf"\b{re.escape(kind)}\s+(?:số\s+)?0*{number}(?:/\d{{4}})?(?:[/-][\wĐđ-]+)*\s+"
                             rf"(?:ngày\s+(\d{{1,2}})(?:/(\d{{1,2}})/(\d{{4}})| tháng (\d{{1,2}}) năm (\d{{4}})))"
                             rf"(?:\s+của\s+({_ISSUERS}))?", re.IGNORECASE)
        out = []
        for doc_id in self._documents:
            # The first citation in running text; a title in capitals is not how the document is cited.
            m = next((m for m in pattern.finditer(self._text(doc_id) or "") if not m.group(0).isupper()), None)
            if m:
                out.append((doc_id, m.start(), m))
        return out

    def _cited_document(self, q: Query, words: Wording, book: CitationBook):  # type: ignore[no-untyped-def]
        """A document outside the corpus, dated as the corpus cites it; each citation quoted."""
        lines = []
        for doc_id, start, m in self._cited_dates(q):
            day = m.group(1)
            month, year = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
            issuer = (m.group(6) or "").strip()
            # The sentence that cites it: what the document is about comes with its date.
            quote = sentence_around(self._text(doc_id) or "", m.start(), m.end()) or m.group(0).strip()
            chunk = self._chunk_at(doc_id, start)
            marker = book.cite(Evidence(doc_id, quote, (chunk.location if chunk else "") or self._doc_label(doc_id),
                                        chunk.id if chunk else None))
            if marker:
                name = re.split(r"\s+ngày\s", m.group(0), maxsplit=1, flags=re.IGNORECASE)[0]
                lines.append(words.cited_dated.format(
                    doc=self._doc_label(doc_id), name=name, date=format_date(f"{year}-{int(month):02d}-{int(day):02d}", words),
                    issuer=words.cited_issuer.format(issuer=issuer) if issuer else "", quote=quote) + marker)
        if not lines:
            return self._passages(q, words, book)
        return "\n".join(lines), [], False, []

    def _document_date_missing(self, q: Query, clauses: Sequence[Clause]) -> bool:
        """«Nghị quyết 193/2025/QH15 được Quốc hội thông qua ngày nào?»: a document outside the corpus asked for its
        date is answered only by a passage that gives a date beside its number; one that only names it is not."""
        effect = bool(_ASKS_EFFECT.search(q.folded))  # «… có hiệu lực từ ngày nào?»: said only with «hiệu lực»
        if (not (effect or _ASKS_DOCUMENT_DATE.search(q.folded)) or _DEADLINE_ASKED.search(q.folded)
                or self._named_documents(q)):
            return False
        numbers = [fold(m.group(0)) for m in _DOC_NUMBER.finditer(q.normalized)]
        if not numbers:
            return False
        for c in clauses[:5]:
            text = c.chunk.text
            folded = fold(text) if len(fold(text)) == len(text) else text.lower()
            for n in numbers:
                for m in re.finditer(re.escape(n), folded):
                    if effect:
                        if "hiệu lực" in sentence_around(text, m.start(), m.end()).lower():
                            return False
                        continue
                    # «Nghị định số 194/2025/NĐ-CP ngày 03/7/2025 …», «Ngày 22/8/2025, … (Nghị quyết số 71-NQ/TW)»;
                    # not «… Nghị quyết 193/2025/QH15, …, hoàn thành trước ngày 31/12/2025».
                    if (_DATED_AFTER_NUMBER.match(text[m.end():m.end() + 60])
                            or _DATED.match(sentence_around(text, m.start(), m.end()))):
                        return False
        return True

    @staticmethod
    def _document_named_first(q: Query, clauses: list[Clause], reach: int = 10) -> list[Clause]:
        """«… ban hành Chương trình hành động thực hiện nó bằng văn bản nào?»: among the clauses that cover the
        question nearly as well as the best, one that names a document by its number (other than those the
        question names) comes first."""
        if not clauses or not _ASKS_WHICH_DOCUMENT.search(q.folded):
            return clauses
        known = {fold(m.group(0)) for m in _DOC_NUMBER.finditer(q.normalized)}
        head = clauses[:reach]
        best = head[0].coverage
        for c in head:
            if c.coverage >= 0.9 * best and any(fold(m.group(0)) not in known for m in _DOC_NUMBER.finditer(c.text)):
                return [c, *(x for x in clauses if x is not c)]
        return clauses

    def _quoted_first(self, q: Query, clauses: list[Clause]) -> list[Clause]:
        """«Giao ban … nhắc nghị định nào nổi bật nhất?» — «nghị định đó ban hành ngày nào?»: a follow-up about what
        the last answer quoted is answered from that passage first, when one of its clauses covers the question
        nearly as well as the best, or gives the date it asks."""
        if not q.quoted_before or not clauses:
            return clauses
        first = [c for c in clauses if c.chunk.id == q.quoted_before[0]]
        if not first:
            return clauses
        best = max(c.coverage for c in clauses[:10])
        pick = first[0]
        if pick.coverage >= 0.8 * best or (self._wants_date(q) and WRITTEN_DATE.search(pick.text)):
            return [pick, *(c for c in clauses if c is not pick)]
        return clauses

    def _scene_documents(self, q: Query) -> set[str]:
        """The documents that tell of the event a question sets its scene at by date («Ở Hội nghị toàn quốc ngày
        13/01/2025, …»): those whose text gives that date, when not every document does."""
        scene = scene_span(q.normalized)
        dates = re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", scene[0]) if scene else []
        months = "|".join(_MONTHS_EN)
        dates += [(d, str(_MONTHS_EN.index(m) + 1), y) for d, m, y in  # «At the 1 April 2025 working session»
                  re.findall(rf"\b(\d{{1,2}}) ({months}) (\d{{4}})\b", fold(scene[0]))] if scene else []
        if not dates:
            return set()
        found = {doc_id for doc_id in self._documents
                 if any(re.search(rf"\b0?{int(d)}/0?{int(m)}/{y}\b|\bngay 0?{int(d)} thang 0?{int(m)} nam {y}\b",
                                  self._folded_text(doc_id)) for d, m, y in dates)}
        return found if len(found) < len(self._documents) else set()

    @staticmethod
    def _source_first(clauses: list[Clause], named: set[str], scene: set[str], reach: int = 10) -> list[Clause]:
        """«… báo cáo tháng 9/2025 cho biết đã có kết quả gì?»: among the clauses that cover the question about as
        well as the best, those of the document it names as its source (`named`) come first; so do those of the
        document that tells of the event its scene names (`scene`), though they cover it a little less well."""
        sources, margin = (named, 0.8) if named else (scene, 0.6)
        if not clauses or not sources or clauses[0].chunk.doc_id in sources:
            return clauses
        head = clauses[:reach]
        best = head[0].coverage
        first = [c for c in head if c.chunk.doc_id in sources and c.chunk.kind != "table_row" and c.coverage >= best * margin]
        return first + [c for c in head if c not in first] + clauses[reach:] if first else clauses

    @staticmethod
    def _places_first(q: Query, clauses: list[Clause], reach: int = 10) -> list[Clause]:
        """«Tôi ở Lâm Đồng … được bổ sung bao nhiêu?»: among the best passages, those that name the province asked
        about come first; a figure stated for other agencies is not its figure."""
        places = [a for a in q.agencies if _is_province(a)]
        if not places or q.intent not in ("figure", "count"):
            return clauses

        def names(c: Clause) -> bool:
            return any(_names_province(c.text, a) for a in places)

        head = clauses[:reach]
        return [c for c in head if names(c)] + [c for c in head if not names(c)] + clauses[reach:]

    def _claim_missing(self, q: Query, terms: Sequence[str], clauses: Sequence[Clause]) -> bool:
        """«Mỗi xã được hỗ trợ bao nhiêu tiền?», «How much is Google investing?», «Việt Nam xếp hạng thứ mấy?»:
        the question asks for a sum of money, a rank or a number of years, and none of the passages that would be
        quoted states one about the question's subject. Passages about the subject that state other figures (a
        share, a count), and figures of that kind about something else («top 18» for Internet speed), do not
        answer it."""
        states: Callable[[str], bool]
        if _ASKS_MONEY.search(q.folded):
            asked, states = _ASKS_MONEY.finditer(q.folded), lambda text: bool(_MONEY.search(text))
        elif _ASKS_BUDGET.search(q.folded):
            asked = _ASKS_BUDGET.finditer(q.folded)
            states = lambda text: bool(_MONEY.search(text) or _PERCENT.search(text))
        elif _ASKS_RATE.search(q.folded):
            asked = _ASKS_RATE.finditer(q.folded)
            states = lambda text: bool(_PERCENT.search(text) and _RATE_OF.search(text))
        elif _ASKS_SHARE.search(q.folded):
            # «What percentage … had been disbursed?»: a share of what was done, stated where that is done.
            done = [fold(vi) for m in re.finditer(r"\b(?:been|was|were|is|are) (?:actually |already )?(\w+ed)\b", q.folded)
                    for en, vi in GLOSSARY if en == m.group(1)]
            asked = _ASKS_SHARE.finditer(q.folded)
            states = lambda text: ("%" in text or "phần trăm" in text) and all(
                re.search(rf"\b{re.escape(d)}\b", fold(text)) for d in done)
        elif _ASKS_DURATION.search(q.folded):
            asked, states = _ASKS_DURATION.finditer(q.folded), lambda text: bool(_DURATION.search(text))
        elif _ASKS_RANK.search(q.folded) and not re.search(r"\b(?:chi tieu|indicator)\b", q.folded):
            # «Hiện Việt Nam đứng thứ mấy …?»: a rank to reach by 2030 is no rank held now.
            now = _ASKS_NOW.search(q.normalized) or _ASKS_NOW_FOLDED.search(q.folded)
            asked = _ASKS_RANK.finditer(q.folded)
            states = lambda text: bool(_RANK.search(text)) and not (now and _TARGET_RANK.search(text))
        else:
            return False
        # «tỷ lệ giải ngân … đạt bao nhiêu phần trăm»: a share of what was done is stated where that is done; «bố trí
        # ít nhất 3% ngân sách» is no share disbursed.
        action = _RATE_OF_ACTION.search(q.folded)
        if action:
            measured, done = states, action.group(1)
            states = lambda text: measured(text) and re.search(rf"\b{done}\b", fold(text)) is not None
        # The subject is what the question names besides the kind of figure it asks for; a province it names
        # is named where the figure is («Hà Nội được bổ sung bao nhiêu?» is not answered by another list).
        claim_words = set(re.findall(r"\w+", " ".join(m.group(0) for m in asked))) | {"phan", "tram", "percent"}
        if _ASKS_SHARE.search(q.folded):
            claim_words |= {"chiem", "dat"}  # «chiếm bao nhiêu %»: the verb of a share says it is a share, not of what
        # A year it names is the year of the figure: named where the figure is, or in its heading.
        # «ông đề nghị Chính phủ bố trí …»: the verb that reports a proposal is not what the figure is of.
        reported = {w for m in _REPORTING_VERB.finditer(q.folded) for w in m.group(0).split()}
        subject = [t for t in terms if t not in claim_words and t not in reported and t not in ("xep", "hang")
                   and not t.isdigit()]
        years = [t for t in terms if t.isdigit() and len(t) == 4 and t not in _source_years(q.folded)]
        places = [a for a in q.agencies if _is_province(a)]
        for c in clauses[:3]:
            heading = " ".join(c.chunk.section_path)
            if not states(c.text) or (subject and coverage(subject, f"{c.text} {heading}", self._weights) < 0.4):
                continue
            if not all(y in c.text or y in heading for y in years):
                continue
            if all(_names_province(c.text, a) for a in places):
                return False
        return True

    def _unknown_english_name(self, q: Query) -> bool:
        """«How much has the World Bank committed …?»: a name of two or more capitalised words that the glossary
        does not translate and the documents never write is something they do not speak of."""
        for m in re.finditer(r"(?<!^)(?<![.?!]\s)\b(?:[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+\b", q.original.strip()):
            name = m.group(0)
            if any(w.lower() in _GLOSSARY_WORDS for w in name.split()):
                continue
            if not re.search(rf"\b{re.escape(fold(name))}\b", self._corpus_folded()):
                return True
        return False

    def _corpus_folded(self) -> str:
        """All chunk texts, lower case and folded, built on first use."""
        if self._folded_corpus is None:
            self._folded_corpus = fold(" ".join(self._lowered))
        return self._folded_corpus

    def _english_office_holder_missing(self, q: Query) -> bool:
        """«Who is the current Minister of Finance?»: True unless the documents somewhere name a person right after
        the office and its ministry («Bộ trưởng Bộ Khoa học và Công nghệ Nguyễn Mạnh Hùng»). Only asked when the
        ministry is known: an office of no known ministry is left to the other checks."""
        asked = _ASKS_MINISTER_EN.search(q.folded)
        ministry = self._registry.resolve(f"Ministry of {asked.group(1)}") if asked else None
        if ministry is None:
            return False
        return not _person_after(self._chunk_texts, "bo truong", [fold(n) for n in self._lineage_names(ministry)])

    def _office_holder_named(self, q: Query, clauses: Sequence[Clause]) -> bool:
        """«Cục trưởng Cục Chuyển đổi số quốc gia là ai?»: the passages found must name the office and, right
        after it, a person (three capitalised words); a passage about the department is not its head's name.
        «Bộ trưởng Bộ Nội vụ hiện nay là ai?»: the minister of that ministry (or of one it absorbed), not another's.
        «Who is the current director of …?»: one of the office's Vietnamese titles. True when no holder is asked."""
        texts = [c.chunk.text for c in clauses[:3]]
        if q.language == "en":
            asked = _ASKS_OFFICE_HOLDER_EN.search(q.folded)
            return asked is None or _person_after(
                texts, _OFFICE_TITLES[re.sub(r"(?:man|woman|person)$", "", asked.group(1))])
        office = _OFFICE.search(q.folded) if q.language == "vi" and _ASKS_WHO.search(q.folded) else None
        if office is None:
            return True
        # The ministry is read from the question's text: named after an office, it is not among `q.agencies`.
        ministries = [m.agency for m in self._registry.find_mentions(q.normalized)
                      if m.agency.kind == "bo"] if office.group(0) == "bo truong" else []
        if ministries:
            return _person_after(texts, "bo truong", [fold(n) for a in ministries for n in self._lineage_names(a)])
        return _person_after(texts, office.group(0))

    def _attribute_missing(self, q: Query, clauses: Sequence[Clause]) -> bool:
        """A "how much" question names what it measures, next to «bao nhiêu» («tổng vốn đầu tư bao nhiêu»,
        «trị giá bao nhiêu») or first («Lãi suất cho vay ... là bao nhiêu?»). When that measure is a word the corpus
        rarely or never uses and the passages found do not use it, they state other figures about the same
        subject, and the answer is not there. Only questions typed with their tones are judged this way."""
        if q.language != "vi" or not clauses or q.normalized == fold(q.normalized):
            return False
        if not re.search(r"\b(?:bao nhieu|may)\b", q.folded):
            return False
        counted = counted_phrase(q.normalized)
        if counted and counted[0] not in _RECORD_NOUNS and any(counted_match(counted, c.text) >= 0.99
                                                               for c in clauses[:10]):
            return False  # «Tám định hướng và nhiệm vụ trọng tâm»: a passage counts what is asked
        found = " ".join(dict.fromkeys(c.chunk.text for c in clauses[:3])).lower()
        have = set(re.findall(r"\w+", found))
        # «bao nhiêu Mbps»: a unit the documents never write means they state no such figure.
        for unit in re.findall(r"\b(?:bao nhiêu|mấy)\s+([a-z%]\w*)", q.normalized.lower()):
            if unit.isascii() and unit.isalpha() and self._weights.frequency(unit) == 0:
                return True
        for measure in self._measures(q):
            if re.search(r"\b(?:đề nghị|đề xuất|kiến nghị|yêu cầu)\b", measure):
                continue  # «số tiền đề nghị bổ sung», segmented «tiền đề nghị»: what is proposed, not a measure
            if " " in measure:
                # «lọt top» is said «lọt vào top»: the measure's words, one word apart at most, must be found.
                near = r"(?:\s+\w+)?\s+".join(rf"\b{re.escape(w)}\b" for w in measure.split())
                if self._phrase_count(measure) <= 6 and not re.search(near, found):
                    return True
            elif measure != fold(measure) and self._weights.frequency(measure) <= 3 and measure not in have:
                return True
        return False

    def _measures(self, q: Query) -> list[str]:
        """The words (as segmented, lower case) a "how much" question measures: the word right before or after
        «bao nhiêu» / «mấy», and the word the question opens with when it asks «... là bao nhiêu?»."""
        if self._segmenter is None:
            self._segmenter = make_segmenter(self._settings.chunking.segmenter)
        tokens = []
        for token in self._segmenter.word_tokenize(q.normalized):
            syllables = token.lower().split()
            # «số là» is a number word and a copula glued together: what is left after them is the word.
            while syllables and syllables[-1] in ACCENTED_STOPWORDS | _GENERIC_MEASURES:
                syllables.pop()
            while syllables and syllables[0] in ACCENTED_STOPWORDS | _GENERIC_MEASURES:
                syllables.pop(0)
            bare = " ".join(syllables)
            tokens.append(bare or token.lower())
        out: list[str] = []

        def usable(t: str) -> bool:
            return (t[:1].isalpha() and t not in _GENERIC_MEASURES and not is_number_word(t)
                    and any(w not in ACCENTED_STOPWORDS and w not in _UNIT_WORDS for w in t.split()))

        for i, t in enumerate(tokens):
            if t not in ("bao nhiêu", "mấy"):
                continue
            j = i - 1
            while j >= 0 and tokens[j] in _GENERIC_MEASURES:
                j -= 1  # «tổng cộng bao nhiêu»: the measure is before the total
            for k in (j, i + 1):
                if 0 <= k < len(tokens) and usable(tokens[k]):
                    out.append(tokens[k])
            if j >= 1 and usable(tokens[j]) and tokens[j - 1] in _MEASURE_HEADS:
                out.append(f"{tokens[j - 1]} {tokens[j]}")  # «vốn đầu tư», «mức lương»
        if re.search(r"\bla (?:bao nhieu|may)\b", q.folded) and tokens:
            if len(tokens) > 1 and usable(tokens[1]) and tokens[0] in _RATIO_HEADS:
                out.append(tokens[1])  # «Tỷ lệ giải ngân ... là bao nhiêu %?»: a ratio of disbursement
            elif len(tokens) > 1 and usable(tokens[1]) and tokens[0] in _MEASURE_HEADS:
                out.append(f"{tokens[0]} {tokens[1]}")  # «Mức lương hiện nay của ... là bao nhiêu?»
            elif " " in tokens[0] and usable(tokens[0]):
                out.append(tokens[0])
        return list(dict.fromkeys(out))

    def _only_in_a_group(self, q: Query, clauses: Sequence[Clause]) -> bool:
        """«Riêng tỉnh Lâm Đồng được bao nhiêu?» when the passage names the province only in a list that shares
        one figure («cho 04 địa phương Thanh Hóa, Đà Nẵng, Lâm Đồng, Tây Ninh là 793,9 tỷ đồng»): the corpus has
        the group's figure, not the asked one's."""
        if not q.agencies or not clauses or not re.search(r"\b(?:bao nhieu|may|how many|how much)\b", q.folded):
            return False
        texts = list(dict.fromkeys(fold(c.chunk.text) for c in clauses[:5]))
        found: list[tuple[int, int]] = []  # (passage, in a list) of each asked agency, where first named
        # «… cho 4 địa phương Thanh Hóa, Đà Nẵng, …. Riêng Đà Nẵng được bao nhiêu?»: the sentence that asks
        # names the member; the sentences before it only set the scene.
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", q.normalized) if QUESTION_WORD.search(fold(s))]
        asked = fold(sentences[-1]) if sentences else q.folded
        only = re.search(r"\b(?:rieng|chi rieng|only|alone)\s+(.{0,40})", asked)
        asked = only.group(1) if only else asked  # «riêng Tây Ninh được bao nhiêu»: the one asked about
        agencies = [a for a in q.agencies if any(
            key(n) and key(n) in key(asked) for n in (_place_name(a.name), *a.aliases))] or list(q.agencies)
        for agency in agencies:
            if agency.kind == "khac":
                continue  # «các bộ, ngành, địa phương» is a collective, not a member of a list
            for i, text in enumerate(texts):
                state = _list_membership(agency, text)
                if state is not None:
                    found.append((i, state))
                    break
        listed = [state for i, state in found if state]
        # One member of a list asked about alone; naming several members asks about the group. A list that shares
        # one figure answers a member's question with that figure («tỉnh tôi được bao nhiêu?» → the four together),
        # unless the member is asked for on its own («riêng Lâm Đồng») or the question itself gives that figure
        # («Trong 793,9 tỷ … cho 4 địa phương, Lâm Đồng được bao nhiêu?» asks for a share of it).
        decimal_commas = [re.sub(r"(?<=\d)\.(?=\d)", ",", text) for text in (q.folded, *texts)]
        share = any(re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", text)
                    for n in _AMOUNT.findall(decimal_commas[0]) for text in decimal_commas[1:])
        return len(listed) == 1 and (listed[0] == 1 or only is not None or (listed[0] == 2 and share))

    def _phrase_count(self, phrase: str) -> int:
        """How many chunks hold the phrase as written (lower case)."""
        return sum(1 for text in self._lowered if phrase in text)

    def _has_unknown_terms(self, terms: Sequence[str], support: float = 0.0, q: Query | None = None) -> bool:
        """Words the corpus never uses (a salary, an index it does not track) mean it cannot hold the answer,
        unless everything else in the question is strongly supported. Words typed with their tones are
        checked with them: «lãi suất» is not «lại», «lương» is not «lượng»."""
        unknown = [t for t in terms if not self._weights.known(t) and not t.isdigit() and len(t) > 2]
        if q is not None and q.language == "vi":
            wanted = set(terms)
            told = _scene_words(q)  # what the question tells before it asks (its terms are left out by the caller)
            for typed in re.findall(r"\w+", q.normalized):
                if typed.lower() in told:
                    continue
                word = typed.lower()
                f = fold(word)
                # «giấy phép lái xe»: a syllable of two letters typed in lower case without tones is a word
                # («xe»); in capitals it is an abbreviation («KQ», «TT»), with tones it may be a pronoun («nó»).
                short_word = len(f) == 2 and typed == f and re.search(r"[aeiouy]", f) is not None
                # «trực tuyếnn»: a letter typed twice at the end is a slip, not a word the documents lack.
                if re.search(r"(\w)\1$", word) and self._weights.known_word(word[:-1]):
                    continue
                if (f in unknown or word.isdigit() or (len(f) <= 2 and not short_word) or word in ACCENTED_STOPWORDS
                        or self._weights.known_word(word)):
                    continue
                # A content word, or a word whose tones make it one though its folded form is a stop word.
                if f in wanted or (word != f and f in STOPWORDS and word not in ACCENTED_STOPWORDS):
                    unknown.append(f)
        return len(unknown) >= 2 or (bool(unknown) and support < 0.5)

    def _task_block(self, q: Query, task: Task, words: Wording, book: CitationBook) -> list[str]:
        """A task's full record with its citation, preceded by direct answers to what was asked."""
        marker = book.cite(self._task_evidence(task))
        lines = self._direct_answers(q, task, words, marker)
        lines.append(f"**{words.task} {task.number}** ({words.appendix_ii}, {words.group} {task.group}. "
                     f"{task.group_title.rstrip('.')}): {task.title}{marker}")
        lines.append(f"- {words.lead}: {', '.join(task.lead_agencies) or words.none}")
        lines.append(f"- {words.coordinating}: {', '.join(task.coordinating_agencies) or words.none}")
        lines.append(f"- {words.deliverable}: {task.deliverable or words.none}")
        due = f" ({words.due_by} {format_date(task.deadline.due_date, words)})" if task.deadline.due_date else ""
        lines.append(f"- {words.deadline}: {task.deadline.raw or words.none}{due}")
        _, merges = self._lineage([a for a in map(self._registry.resolve, task.lead_agencies) if a])
        note = self._merge_note([(o, n) for o, n in merges if o.name in task.lead_agencies], words)
        if note:
            lines.append(note)
        return lines

    def _indicator_line(self, ind: Indicator, words: Wording, book: CitationBook) -> str:
        marker = book.cite(self._indicator_evidence(ind))
        # «1 Số doanh nghiệp/1000 dân» reads «1 doanh nghiệp/1000 dân».
        unit = re.sub(r"^Số\s+", "", ind.unit) if re.match(r"[\d.,≥≤<> ]+$", ind.target or "") else ind.unit
        target = f"{ind.target} {unit}".strip() if ind.unit not in ("Thứ bậc",) else ind.target
        agency = self._registry.resolve(ind.monitoring_agency) if ind.monitoring_agency else None
        now = ""
        if agency and agency.merged_into:
            successor = self._registry.get(agency.merged_into)
            now = words.now_named.format(name=successor.name) if successor else ""
        return words.indicator_line.format(
            number=ind.number, name=ind.name, horizon=ind.horizon, target=target or words.none,
            agency=(ind.monitoring_agency or words.none) + now) + marker


