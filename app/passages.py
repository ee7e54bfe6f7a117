"""Extractive evidence from passages: split retrieved chunks into clauses and pick those that answer."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.lexicon import expand_abbreviations
from app.models import ScoredChunk
from ingest.models import Chunk
from ingest.text import fold, nfc

_TOKEN = re.compile(r"\w+", re.UNICODE)
# A clause ends at a sentence end or a semicolon followed by white space; list items "1)", "- " start one.
_SPLIT = re.compile(r"(?<=[.;!?:…])\s+(?=\S)|\n+")

# Words that carry no topic: question words, function words and the corpus's ubiquitous terms.
STOPWORD_TEXT = """
    là gì nào những các của và có không được cho với trong theo về đến từ tại này đó thì sao bao nhiêu
    như thế nào hãy nêu cho biết tôi bạn muốn hỏi mấy ai đâu khi nào bao giờ vậy nhé ạ à ơi thế
    một hai ba số nhiều ít hơn nhất rằng mà nên để do bởi vì nếu thì cũng đã đang sẽ còn vẫn hiện
    ra vào lên xuống lại qua cùng chỉ mỗi mọi toàn bộ hết năm tháng ngày quý nq tw cp qđ ttg nđ qh
    lâu xong mốc kế thừa nhau ông bà anh chị khớp nhắc cập cụ thể gồm trước sau khác giống đúng sai vẫn chưa
    phải cần nên biết xem thấy nói hỏi trả lời liệt kê kể tên ra sao thế nào nhỉ đấy kia ấy
    what which who whom when where why how many much is are was were the a an of in on to for by and or
    does do did has have had with about tell me please list give show
    """
STOPWORDS = frozenset(fold(w) for w in STOPWORD_TEXT.split())
# The same words as written, for questions typed with their tones («lãi» is not «lại»).
# Colloquial words join them only as written: folded, "hồi" would hide "hội" and "nhờ" would hide "nhỏ".
ACCENTED_STOPWORDS = frozenset(
    nfc(w).lower() for w in (STOPWORD_TEXT + " hồi lúc lo bên riêng lượt lần khoảng tầm chừng hả vâng dạ giúp xin "
                             "cảm ơn nhờ cái chiếc chót sánh bây giờ luôn mình rồi viết sáp ghi hôm nói giùm dùm tổng cộng mảng tìm hiểu "
                             "kiểu nằm dạo hứa lối").split()
)


# "R&D" is one word of this domain; split at "&" it would be two letters and vanish.
_RND = re.compile(r"\bR\s?&\s?D\b", re.IGNORECASE)


def term(folded: str) -> str:
    """A folded word as a term: numbers lose their leading zeros ("03" and "3" are one term)."""
    return folded.lstrip("0") or "0" if folded.isdigit() else folded


def tokens(text: str) -> list[str]:
    """Folded words of `text` as terms."""
    return [term(t) for t in _TOKEN.findall(fold(nfc(_RND.sub("RnD", text))))]


def content_terms(text: str) -> list[str]:
    """Folded syllables of `text` without stop words, in order, de-duplicated.

    Text typed with its tones is judged with them: «đầu tư» and «chi» are content words though folded they are
    the stop words «đâu», «từ» and «chỉ»; text typed without tones can only be judged folded."""
    seen: dict[str, None] = {}
    words = _TOKEN.findall(nfc(_RND.sub("RnD", text)).lower())
    accented = any(w != fold(w) for w in words)
    for word in words:
        t = term(fold(word))
        stop = word in ACCENTED_STOPWORDS if accented else t in STOPWORDS
        if not stop and (len(t) > 1 or t.isdigit()):
            seen.setdefault(t, None)
    return list(seen)


_NUMBER_WORDS = {"mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4", "nam": "5", "sau": "6", "bay": "7",
                 "tam": "8", "chin": "9", "muoi": "10", "one": "1", "two": "2", "three": "3", "four": "4",
                 "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10"}
# Words after which "năm", "tư", "sáu", ... are not numbers: a year, a time, a position.
_NOT_COUNTED = frozenset("nay qua toi sau truoc nao hoc tai ngan la cua thu lan moi hang va hoac thi ma de voi "
                          "trong ngoai cho den tu".split())
_NOT_BEFORE = frozenset("thu lan dau nam nhung cac moi hang cuoi giua trong tung".split())
# Number words that are also common words ("tư" in "đầu tư", "sau" after, "bảy", "tám"): only counted when the
# question wrote them with their own tone ("sáu", not "sau").
_AMBIGUOUS = {"tu": "tư", "sau": "sáu", "nam": "năm", "ba": "ba", "hai": "hai", "bay": "bảy", "tam": "tám"}


def is_number_word(word: str) -> bool:
    """«bốn», «năm», «three»: a word that can name a number."""
    return fold(nfc(word)) in _NUMBER_WORDS


def number_of(word: str) -> str:
    """The digits a number word names («tám», «three» → "8", "3"), or ""."""
    return _NUMBER_WORDS.get(fold(nfc(word)), "")


def numerals(text: str) -> list[str]:
    """Digits for the number words of a question that count something: «Năm bộ», «ba nhóm» → 5, 3.

    "năm 2030", "đầu tư", "sau đó", "lần thứ năm" are not counts; a number word counts only when a noun follows.
    """
    raw = re.findall(r"\w+", nfc(text).lower())
    out: list[str] = []
    for i, w in enumerate(raw):
        f = fold(w)
        digit = _NUMBER_WORDS.get(f)
        if digit is None or i + 1 >= len(raw):
            continue
        if f in _AMBIGUOUS and w != _AMBIGUOUS[f]:
            continue
        nxt, prev = fold(raw[i + 1]), fold(raw[i - 1]) if i else ""
        if nxt.isdigit() or nxt in _NOT_COUNTED or prev in _NOT_BEFORE:
            continue
        out.append(digit)
    return out


class TermWeights:
    """Inverse document frequency of folded syllables over the chunks: rare words count for more."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        accented: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(set(tokens(text)))
            accented.update(set(_TOKEN.findall(nfc(text).lower())))
        self._n = max(n, 1)
        self._df = df
        self._accented = accented

    def idf(self, term: str) -> float:
        return math.log(1 + (self._n - self._df.get(term, 0) + 0.5) / (self._df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self._df

    def known_word(self, word: str) -> bool:
        """A word as typed: with its tones when it has them ("lương" is not "lượng"), else folded."""
        return self.frequency(word) > 0

    def frequency(self, word: str) -> int:
        """In how many texts the word occurs, as typed (with its tones when it has them)."""
        word = nfc(word).lower()
        return self._accented.get(word, 0) if word != fold(word) else self._df.get(fold(word), 0)


@dataclass(frozen=True)
class Clause:
    chunk: Chunk
    text: str  # verbatim substring of chunk.text
    offset: int  # start of the clause in chunk.text
    rank: int  # rank of its chunk in the retrieval, 1-based
    coverage: float  # weighted share of the query terms it contains
    context: float  # the same share over its whole chunk and section path
    score: float


def split_clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pairs; a semicolon or colon inside parentheses does not end a clause."""
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _SPLIT.finditer(text):
        if "\n" not in match.group() and _depth(text, pos, match.start()) > 0:
            continue
        piece = text[pos : match.start()]
        if piece.strip():
            out.append((pos, piece))
        pos = match.end()
    if text[pos:].strip():
        out.append((pos, text[pos:]))
    return out


def coverage_as_typed(question: str, text: str, weights: TermWeights) -> float:
    """Share of the question's content words found in `text`, comparing words typed with tones with their
    tones («ký» is not «kỹ»), others folded; weighted by rarity."""
    text = re.sub(r"(?<=\d)\s?%", " % phần trăm", text)  # «73,3%» answers «bao nhiêu phần trăm»
    have_accented = set(_TOKEN.findall(nfc(text).lower()))
    have_folded = set(tokens(text))
    total = found = 0.0
    for word in dict.fromkeys(_TOKEN.findall(nfc(question).lower())):
        f = fold(word)
        if f in STOPWORDS or word in ACCENTED_STOPWORDS or (len(f) < 2 and not f.isdigit()):
            continue
        w = weights.idf(term(f))
        total += w
        found += w if (word in have_accented if word != f else f in have_folded) else 0.0
    return found / total if total else 0.0


def _depth(text: str, start: int, end: int) -> int:
    """Parentheses left open in text[start:end]."""
    return max(0, text.count("(", start, end) - text.count(")", start, end))


@lru_cache(maxsize=4096)
def _present(text: str) -> frozenset[str]:
    """The terms of `text`, with those of the abbreviations it uses spelled out («Bộ KHCN» also reads as
    «khoa học và công nghệ»): the report abbreviates what the question writes in full."""
    words = set(tokens(text))
    if re.search(r"[A-ZĐ]{2,}", text):
        words |= set(tokens(expand_abbreviations(text)))
    folded = " ".join(tokens(text))
    for pattern, same in _SAME_MEANING:
        if pattern.search(folded):
            words |= same
    return frozenset(words)


# Words the documents use for what a question may call otherwise: a budget line or an estimate is money set aside
# («Trong dự toán ngân sách hằng năm, các đơn vị phải dành phần chi thường xuyên cho truyền thông» answers «bố trí
# kinh phí cho truyền thông»).
_MONEY_WORDS = frozenset({"kinh", "phi", "kinh phi", "tien"})
_SAME_MEANING: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\b(?:ngan sach|du toan|chi thuong xuyen|chi dau tu)\b"), _MONEY_WORDS),
    # A sum of money is money: «… là 793,9 tỷ đồng» answers «tổng số tiền», «kinh phí bao nhiêu».
    (re.compile(r"\b\d[\d.,]*\s+(?:nghin |trieu )?(?:ty|trieu) dong\b"), _MONEY_WORDS),
    # «R&D» is research and development, written either way.
    (re.compile(r"\bnghien cuu (?:va )?phat trien\b"), frozenset({"rnd"})),
    (re.compile(r"\brnd\b"), frozenset({"nghien", "cuu", "phat", "trien"})),
)


def coverage(terms: Sequence[str], text: str, weights: TermWeights) -> float:
    """Share of the query's term weight found in `text` (syllables and adjacent pairs both count)."""
    if not terms:
        return 0.0
    present = _present(text)
    total = sum(weights.idf(t) for t in terms)
    found = sum(weights.idf(t) for t in terms if t in present)
    return found / total if total else 0.0


WRITTEN_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b|\bngày \d{1,2} tháng \d{1,2}|\btháng \d{1,2}(?:/| năm )\d{4}")


def counted_phrase(question: str) -> tuple[str, ...]:
    """The words a "how many" question counts: «bao nhiêu nhiệm vụ đang thực hiện» → (nhiem, vu, dang, thuc)."""
    words = tokens(question)
    for i, w in enumerate(words):
        starts = (w == "bao" and i + 1 < len(words) and words[i + 1] == "nhieu") or w == "may" or (
            w == "how" and i + 1 < len(words) and words[i + 1] in ("many", "much"))
        if not starts:
            continue
        tail = words[i + (1 if w == "may" else 2):]
        out: list[str] = []
        for t in tail:
            if t in _COUNT_STOP or t.isdigit():
                break
            out.append(t)
            if len(out) == 4:
                break
        return tuple(out)
    return ()


_COUNT_STOP = frozenset(
    "theo trong cua tai den va da duoc co la cho o nam thang ngay nhu thi sao voi ve tu khi bi con hay hoac "
    "in of for by are is was were the do does did to".split()
)


# Number words a count is written with («Tám định hướng», «năm quan điểm»), folded; «sau» is mostly «after».
_COUNT_WORDS = frozenset({"hai", "ba", "bon", "nam", "bay", "tam", "chin", "muoi"})


def counted_match(counted: Sequence[str], text: str) -> float:
    """How well a number in `text` is followed by the counted words (1.0: "382 nhiệm vụ đang thực hiện")."""
    if not counted:
        return 0.0
    if counted[:2] == ("phan", "tram") or counted[:1] == ("percent",):
        return 1.0 if re.search(r"\d\s?%", text) else 0.0
    words = tokens(text)
    best = 0.0
    for j, w in enumerate(words):
        if not (w[0].isdigit() or w in _COUNT_WORDS):
            continue
        window = words[j + 1 : j + 2 + len(counted) + 2]
        if not window or counted[0] not in window[:2]:
            continue
        best = max(best, sum(1 for t in counted if t in window) / len(counted))
    return best


def rank_clauses(
    terms: Sequence[str],
    hits: Sequence[ScoredChunk],
    weights: TermWeights,
    want_number: bool = False,
    counted: Sequence[str] = (),
    want_date: bool = False,
    phrases: Sequence[str] = (),
    setting: Sequence[str] = (),
) -> list[Clause]:
    """Every clause of the retrieved chunks, best first, scored on query-term coverage and chunk rank.

    A clause is judged with a little of its neighbours and of its chunk (section path included), because a
    clause often leaves out the subject that the sentence before it or its heading names. A number followed
    by the counted words of a "how many" question, a date for a deadline question, or the question's domain
    phrases written whole («Chính phủ số», not «Thủ tướng Chính phủ ... số») add to the score.
    """
    wanted = [re.compile(rf"\b{re.escape(fold(p))}\b") for p in phrases if len(p.split()) > 1]
    # Words that set the scene («Tại Hội nghị giao ban tháng 7/2025, Bộ trưởng Nguyễn Mạnh Hùng …») find the
    # passage's document and section, not the clause that answers: clauses are judged on the rest.
    topic = [t for t in terms if t not in set(setting)] or list(terms)
    clauses: list[Clause] = []
    top_score = max((h.score for h in hits), default=0.0) or 1.0
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        retrieval = max(0.0, hit.score) / top_score  # how close the search put it to its best hit
        context = coverage(terms, chunk.text + " " + " ".join(chunk.section_path), weights)
        # A table row is one record: judged whole (its title, agencies, deliverable and deadline together).
        pieces = [(0, chunk.text)] if chunk.kind == "table_row" else split_clauses(chunk.text)
        for i, (offset, piece) in enumerate(pieces):
            # A row's agencies are names, not its topic: «truyền thông» of «Bộ Thông tin và Truyền thông» does not
            # make a task about communication.
            judged = _AGENCY_CELLS.sub(" ", piece) if chunk.kind == "table_row" else piece
            cov = coverage(topic, judged, weights)
            near = " ".join(p for _, p in pieces[max(0, i - 1) : i + 2])
            window = coverage(topic, near, weights)
            score = 0.55 * cov + 0.17 * window + 0.28 * context + 0.04 / rank + 0.08 * retrieval
            if want_number and re.search(r"\d", piece):
                score += 0.05
            if counted:
                score += 0.15 * counted_match(counted, piece)
            if want_date and WRITTEN_DATE.search(near):
                score += 0.05
            if wanted:
                folded_piece = fold(piece)
                score += 0.12 * sum(1 for w in wanted if w.search(folded_piece)) / len(wanted)
            clauses.append(Clause(chunk, piece.strip(), offset, rank, cov, context, score))
    clauses.sort(key=lambda c: -c.score)
    return clauses


_AGENCY_CELLS = re.compile(r"^Cơ quan (?:chủ trì|phối hợp):.*$", re.MULTILINE)
# A line that opens a new section: "2. ...", "II. ...", "b) ...", "Điều 3.", or a line in capitals.
_HEADING = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.\s|[a-zđ]\)\s|Điều \d+|[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,\-]{8,}$)")
# What a passage announces and the text right after it delivers: a list, its first item, "Cụ thể:".
_ANNOUNCES = re.compile(r"(?:\:|\bcụ thể(?: là| như)?|\bbao gồm|\bgồm|\bnhư sau|\bsau đây)\s*$", re.IGNORECASE)
_DELIVERS = re.compile(r"^(?:\(?(?:[ivx]+|\d+|[a-zđ])\)|[-–•+]\s|cụ thể|bao gồm|gồm|thứ nhất|một là)", re.IGNORECASE)
_COUNT_OF = re.compile(r"\b(?:0?[2-9]|1\d|20)\s+(?!%)[^\W\d]", re.UNICODE)
_DEADLINE_TAIL = re.compile(r"^(?:hoàn thành|thời hạn|chậm nhất|trước ngày|trong (?:tháng|năm|quý))", re.IGNORECASE)


def _marker_style(line: str) -> str:
    """The kind of list marker a line opens with: "-", "(1)", "1.", "a)", "(i)", or "" for none."""
    line = line.lstrip()
    for name, pattern in (("(i)", r"\((?:[ivx]+)\)"), ("(1)", r"\(\d+\)"), ("1)", r"\d+\)"), ("1.", r"\d+\.\s"),
                          ("I.", r"[IVX]+\.\s"), ("a)", r"[a-zđ]\)"), ("-", r"[-–•+]\s")):
        if re.match(pattern, line):
            return name
    return ""


def extend_span(text: str, start: int, end: int, wants_list: bool, wants_date: bool, limit: int = 1200) -> int:
    """A new end for the passage text[start:end], taking in what completes it and nothing past a heading:

    - the list a passage announces («... như sau:», «Cụ thể:», «bao gồm:»), item by item;
    - for a question that asks for the items, the list that follows a passage naming a count
      («phân tích 5 xu hướng lớn ... Cụ thể: (i) ...»);
    - for a deadline question, a short sentence that gives the passage's deadline («Hoàn thành trước ngày ...»).
    """
    passage = text[start:end]
    new_end = end
    budget = limit

    def next_piece(pos: int) -> tuple[int, int, bool] | None:
        """The next sentence or list item after `pos`: (start, end, starts a new line)."""
        i = pos
        while i < len(text) and text[i] in " \t":
            i += 1
        newline = False
        while i < len(text) and text[i] in "\n \t":
            newline = newline or text[i] == "\n"
            i += 1
        if i >= len(text):
            return None
        m = _SPLIT.search(text, i + 1)
        j = m.start() if m else len(text)
        # Never stop inside parentheses ("(Công văn số ...; ...)"), but never past the end of the line either.
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        while m and j < line_end and _depth(text, i, j) > 0:
            m = _SPLIT.search(text, m.end())
            j = min(m.start() if m else len(text), line_end)
        return i, j, newline

    stripped = passage.strip()
    announced = bool(_ANNOUNCES.search(stripped)) or (
        "\n" not in stripped and len(stripped) < 160 and bool(_HEADING.match(stripped)) and not stripped.endswith("."))
    counts = wants_list and bool(_COUNT_OF.search(passage))
    first = next_piece(new_end)
    if first is None:
        return end
    s0, e0, nl0 = first
    head = text[s0:e0]
    if nl0 and _HEADING.match(head):
        return end
    if wants_date and not announced and _DEADLINE_TAIL.match(head) and len(head) <= 160:
        return e0
    if wants_date and not announced and not WRITTEN_DATE.search(passage) and not nl0:
        # «(1) Đối với 117 thôn …, giao EVN …; các doanh nghiệp …, hoàn thành trước ngày 30/11/2025;»: the item's
        # deadline closes it, a clause or two later on the same line, before the next item.
        pos, reach = end, 0
        while reach < 2:
            piece = next_piece(pos)
            if piece is None or piece[2] or _DELIVERS.match(text[piece[0]:piece[1]]) or piece[1] - end > 400:
                break
            if WRITTEN_DATE.search(text[piece[0]:piece[1]]):
                return piece[1]
            pos, reach = piece[1], reach + 1
    # A count announces a list only when the list follows in the same paragraph or opens with "Cụ thể".
    if counts and nl0 and not re.match(r"cụ thể|thứ nhất|một là|\(?(?:i|1)\)", head, re.IGNORECASE):
        counts = False
    if not (announced or (counts and (_DELIVERS.match(head) or _ANNOUNCES.search(head.rstrip())))):
        return end
    pos = new_end
    style = _marker_style(head)
    own = _marker_style(stripped)
    while budget > 0:
        piece = next_piece(pos)
        if piece is None:
            break
        s, e, nl = piece
        chunk = text[s:e]
        if nl and not nl0:
            break  # an inline list ends with its line
        if nl and s != s0 and (_HEADING.match(chunk) or _DELIVERS.match(chunk)):
            mark = _marker_style(chunk)
            if mark != style or (own and mark == own):
                break  # a list of lines ends at a heading or at an item of another kind (the passage's sibling)
        if len(chunk) > budget and new_end != end:
            break
        new_end = e if len(chunk) <= budget else s + budget
        budget -= len(chunk)
        pos = e
    return new_end


def sentence_start(text: str, start: int, reach: int = 300) -> int:
    """Where the sentence holding text[start] begins, when `start` is inside it after a semicolon
    («...; 382 nhiệm vụ đang thực hiện») and the beginning is near; otherwise `start`."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in ";,":
        return start
    stops = [text.rfind(mark, max(0, start - reach), start) for mark in (". ", "\n")]
    left = max(stops)
    if left < 0:
        return start
    return left + (1 if text[left] == "\n" else 2)


_ORDINAL_WORDS = {"nhat": "1", "dau tien": "1", "hai": "2", "ba": "3", "tu": "4", "nam": "5", "sau": "6", "bay": "7", "tam": "8",
                  "chin": "9", "muoi": "10", "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
                  "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}
_ORDINAL = re.compile(r"\blan\s+(?:thu\s+)?(\d{1,2}|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\b|"
                      r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)) "
                      r"(?:meeting|session)\b")


def ordinals(text: str) -> set[str]:
    """The session numbers a text names: «Phiên họp lần thứ tư», «lần 3» → {"4", "3"}."""
    out = set()
    for m in _ORDINAL.finditer(fold(nfc(text))):
        value = m.group(1) or re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", m.group(2))
        out.add(_ORDINAL_WORDS.get(value, term(value)))
    return out


# «Nhiệm vụ, giải pháp thứ tư», «định hướng thứ sáu», «the fourth solution»: one item of an enumeration.
# «cái thứ ba là gì», «điều đầu tiên»: after a question that names the items, «cái», «điều» stand for them.
_ITEM_NOUNS = (r"nhiệm vụ|giải pháp|định hướng|nội dung|quan điểm|mục tiêu|ý|điểm|xu hướng|yêu cầu|đề xuất|"
               r"kiến nghị|bài học|vấn đề|đột phá|nhóm|chỉ đạo")
_ITEM_ACCENTED = re.compile(
    rf"\b(?P<noun>{_ITEM_NOUNS})\b[^?.!]{{0,30}}?\bthứ (?P<ord>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|\d{{1,2}})\b|"
    rf"\b(?P<noun2>cái|điều) (?:thứ (?P<ord2>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|\d{{1,2}})|(?P<ord3>đầu tiên))\b")
_ITEM_NOUNS_FOLDED = (r"nhiem vu|giai phap|dinh huong|noi dung|quan diem|muc tieu|y|diem|xu huong|yeu cau|de xuat|"
                      r"kien nghi|bai hoc|van de|dot pha|nhom")
_ITEM_FOLDED = re.compile(
    rf"\b(?P<noun>{_ITEM_NOUNS_FOLDED}|chi dao)\b[^?.!]{{0,30}}?(?<!\bso )\bthu (?P<ord>nhat|hai|ba|tu|nam|sau|bay|"
    r"tam|chin|muoi|\d{1,2})\b|\b(?P<noun2>cai|dieu) (?:thu (?P<ord2>nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|"
    r"\d{1,2})|(?P<ord3>dau tien))\b")
# «mấy định hướng, …»: the items a question counts, which «cái thứ ba» after it picks one of.
_COUNTED_ITEM = re.compile(rf"\b(?:may|bao nhieu|\d{{1,2}})\s+({_ITEM_NOUNS_FOLDED})\b")
_ITEM_ENGLISH = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:\w+\s+)?"
                           r"(?:task|solution|point|orientation|direction|item|measure|viewpoint|goal|objective)s?\b")
# «How many orientations …? What was the first one?»: «one» stands for the item noun named before it.
_ITEM_ENGLISH_ONE = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+one\b")
_ENGLISH_ITEM_NOUN = re.compile(r"\b(?:task|solution|point|orientation|direction|item|measure|viewpoint|goal|objective|"
                                r"breakthrough|trend|group)s\b")
_ENGLISH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# The words a text opens its k-th item with: «Thứ tư,» / «Bốn là,».
_ITEM_OPENERS = {1: ("thu nhat", "mot la"), 2: ("thu hai", "hai la"), 3: ("thu ba", "ba la"), 4: ("thu tu", "bon la"),
                 5: ("thu nam", "nam la"), 6: ("thu sau", "sau la"), 7: ("thu bay", "bay la"), 8: ("thu tam", "tam la"),
                 9: ("thu chin", "chin la"), 10: ("thu muoi", "muoi la")}


def item_ordinal(text: str) -> int | None:
    """Which item of an enumeration a question asks for, or None: «giải pháp thứ tư» → 4. Typed without tones,
    «số thứ tự» is not «thứ tư»."""
    text = nfc(text)
    lowered = text.lower()
    if lowered == fold(lowered):
        m = _ITEM_FOLDED.search(lowered)
    else:
        m = _ITEM_ACCENTED.search(lowered)
    if m and m.group("noun2") and re.search(r"\b(?:bao nhieu|may)\b", fold(lowered)):
        m = None  # «Còn cái thứ tư về ngân sách thì … tối thiểu bao nhiêu?»: a figure inside the item, not the item
    if m:
        word = fold(m.group("ord") or m.group("ord2") or m.group("ord3"))
        value = int(_ORDINAL_WORDS.get(word, word))
        return value if 1 <= value <= 10 else None
    m = _ITEM_ENGLISH.search(lowered)
    if m:
        return _ENGLISH_ORDINALS.index(m.group(1)) + 1
    m = _ITEM_ENGLISH_ONE.search(lowered) if _ENGLISH_ITEM_NOUN.search(lowered) else None
    return _ENGLISH_ORDINALS.index(m.group(1)) + 1 if m else None


def name_the_one(part: str, whole: str) -> str:
    """«what was the first one» of «How many orientations …? What was the first one?»: the part with «one» named
    by the item noun the whole question uses («the first orientation»), so that it asks for an item on its own."""
    noun = _ENGLISH_ITEM_NOUN.search(whole.lower())
    if noun is None or not _ITEM_ENGLISH_ONE.search(part.lower()):
        return part
    return re.sub(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+one\b",
                  lambda m: f"{m.group(1)} {noun.group(0)[:-1]}", part, count=1, flags=re.IGNORECASE)


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _inline_item(k: int) -> re.Pattern[str]:
    """«3)», «(3)», «(iii)» inside a paragraph, after a space, a colon or a semicolon."""
    return re.compile(rf"(?:(?<=[\s:;])|^)\(?(?:{k}|{_ROMAN[k - 1]})\)\s", re.MULTILINE)


def item_noun(text: str) -> str:
    """The folded noun of the item a question picks («định hướng thứ tư» → «dinh huong»), or ""."""
    lowered = nfc(text).lower()
    m = (_ITEM_FOLDED if lowered == fold(lowered) else _ITEM_ACCENTED).search(lowered)
    if m is None:
        return ""
    noun = fold(m.group("noun") or m.group("noun2"))
    if noun in ("cai", "dieu"):
        # «… nêu mấy định hướng, nhiệm vụ trọng tâm, và cái đầu tiên là gì?»: «cái» is an item of what is counted.
        counted = _COUNTED_ITEM.search(fold(lowered))
        return counted.group(1) if counted else ""
    return noun


def item_starts(text: str, k: int, inline: bool = True) -> list[int]:
    """Offsets in `text` where a k-th item opens: a line starting «Thứ tư, …» / «Bốn là, …», or (when `inline`)
    «4)», «(4)», «(iv)» inside a paragraph."""
    if not 1 <= k <= len(_ROMAN):
        return []
    openers = _ITEM_OPENERS[k]
    out = []
    pos = 0
    for line in text.split("\n"):
        head = fold(line.lstrip()[:12])
        if any(head.startswith(o) and head[len(o):len(o) + 1] in (",", ":", " ", ".") for o in openers):
            out.append(pos + len(line) - len(line.lstrip()))
        pos += len(line) + 1
    if inline:
        out.extend(m.start() for m in _inline_item(k).finditer(text))
    return sorted(set(out))


def item_end(text: str, start: int, k: int, limit: int = 900) -> int:
    """Where the item opened at `start` ends: at the next item's marker, the end of its paragraph, or the
    last sentence end within `limit` characters."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    following = [s for s in item_starts(text[start:end], k + 1) if s > 0] if k < len(_ROMAN) else []
    if following:
        end = start + following[0]
    if end - start > limit:
        cut = text.rfind(". ", start, start + limit)
        end = cut + 1 if cut > start else start + limit
    return end


# Vietnamese family names: a person named in a question («Bộ trưởng Nguyễn Mạnh Hùng») sets the scene.
_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tô Trương Đinh Lâm Mai Hà "
             "Đoàn Trịnh Lương Đào Cao Chu Thái Tạ Vương").split()
_PERSON = re.compile(rf"\b(?:{'|'.join(_SURNAMES)})(?:\s+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){{1,3}}")
_SETTING_WORDS = re.compile(
    r"\b(?:tại|ở|trong)?\s*(?:hội nghị|giao ban|buổi làm việc|cuộc họp|phiên họp|diễn đàn|hội thảo|lễ)\b"
    r"|\b(?:phó thủ tướng|thủ tướng|tổng bí thư|bộ trưởng|thứ trưởng|chủ tịch)\b"
    # the document the question names: «Chương trình hành động ban hành kèm Nghị quyết 03/NQ-CP», «báo cáo tóm tắt»
    r"|\b(?:ban hành kèm(?: theo)?|kèm theo|báo cáo tóm tắt|bài viết|bài báo)\b"
    r"|\b(?:quy định|chế độ)\b"
    # «Trong 8 định hướng … giao …, phần về …»: the enumeration the asked part belongs to
    r"|\btrong (?:số )?\d{1,2} (?:định hướng|nhiệm vụ|quan điểm|giải pháp|nội dung|trụ cột|xu hướng|đột phá|mục tiêu|yêu cầu)\b"
    r"|\b(?:sáng|chiều|tối)(?=\s+(?:ngày\s+)?\d)"
    r"|\b(?:ngày|tháng)\s+\d{1,2}(?:/\d{1,2})?(?:/\d{4})?\b|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b",
    re.IGNORECASE)


def setting_terms(question: str) -> list[str]:
    """The terms of a question that set its scene: people's names, offices, meetings and dates."""
    text = nfc(question)
    spans = [m.group(0) for m in _PERSON.finditer(text)] + [m.group(0) for m in _SETTING_WORDS.finditer(text)]
    return list(dict.fromkeys(t for span in spans for t in tokens(span)))


_SCENE_PREFIX = re.compile(
    r"^\s*([^:?]{0,160}?\b(?:giao ban|buổi làm việc|hội nghị|cuộc họp|phiên họp|diễn đàn|hội thảo|bài viết|bài báo|bản tin)\b"
    r"[^:?]{0,120}):\s+\S", re.IGNORECASE)


# «Tại giao ban quản lý nhà nước tháng 7/2025 của Bộ KH&CN, có bao nhiêu nhiệm vụ …?»: a scene set before a comma.
# Matched on the folded question, so it reads the same with or without tones.
_SCENE_LEAD = re.compile(
    r"^\s*((?:tai|o|at)\s+[^,:?]{0,80}?\b(?:giao ban|buoi lam viec|hoi nghi|cuoc hop|phien hop|dien dan|briefing|"
    r"working session|meeting)\b[^,:?]{0,100}),\s+\S", re.IGNORECASE)


def scene_terms(question: str, explains: bool) -> list[str]:
    """The terms that set a question's scene. An explanation's people, offices, meetings and dates all do; any
    other question is judged on all its words but a scene it names before a colon («Giao ban tháng 7/2025 của
    Bộ KH&CN: bao nhiêu nhiệm vụ … phải hoàn thành trong tháng 8?») or in an opening «Tại …,» clause, whose date
    is not the one asked."""
    if explains:
        return setting_terms(question)
    found = scene_span(question)
    return list(dict.fromkeys(tokens(found[0]))) if found else []


def scene_span(question: str) -> tuple[str, str] | None:
    """(scene, rest) of a question that names its scene first, before a colon or in an opening «Tại/Ở …,» clause:
    the rest is what it asks."""
    text = nfc(question)
    found = _SCENE_PREFIX.match(text) or _SCENE_PREFIX.match(fold(text)) or _SCENE_LEAD.match(fold(text))
    if not found:
        return None
    scene = text[found.start(1):found.end(1)] if len(fold(text)) == len(text) else found.group(1)
    return scene, text[found.end(1) + 1:].strip()


def item_announcements(text: str, k: int, noun: str) -> list[int]:
    """Offsets in `text` where a count of at least k and at most 20 of `noun` is announced («8 nhiệm vụ, giải
    pháp», «5 quan điểm chỉ đạo», «5 xu hướng lớn»): where the enumeration the question picks an item of begins."""
    out = []
    head = re.escape(noun.split()[0]) if noun else r"[^\W\d]"
    for m in re.finditer(rf"\b(\d{{1,2}}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(?:\w+\s+)?(?={head}\b)",
                         fold(nfc(text)) if noun else nfc(text), re.IGNORECASE):
        word = fold(m.group(1))
        value = int(word if word.isdigit() else _NUMBER_WORDS.get(word, "0"))
        if k <= value <= 20:
            out.append(m.start())
    return out
