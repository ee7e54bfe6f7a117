"""Extractive evidence from passages: split retrieved chunks into clauses and pick those that answer."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.models import ScoredChunk
from ingest.models import Chunk
from ingest.text import fold, nfc

_TOKEN = re.compile(r"\w+", re.UNICODE)
# A clause ends at a sentence end or a semicolon followed by white space; list items "1)", "- " start one.
_SPLIT = re.compile(r"(?<=[.;!?:…])\s+(?=\S)|\n+")

# Words that carry no topic: question words, function words and the corpus's ubiquitous terms.
STOPWORDS = frozenset(
    fold(w)
    for w in """
    là gì nào những các của và có không được cho với trong theo về đến từ tại này đó thì sao bao nhiêu
    như thế nào hãy nêu cho biết tôi bạn muốn hỏi mấy ai đâu khi nào bao giờ vậy nhé ạ à ơi thế
    một hai ba số nhiều ít hơn nhất rằng mà nên để do bởi vì nếu thì cũng đã đang sẽ còn vẫn hiện
    ra vào lên xuống lại qua cùng chỉ mỗi mọi toàn bộ hết năm tháng ngày quý nq tw cp qđ ttg nđ qh
    lâu xong mốc kế thừa nhau ông bà anh chị khớp nhắc đề cập cụ thể gồm trước sau khác giống đúng sai vẫn chưa
    phải cần nên biết xem thấy nói hỏi trả lời liệt kê kể tên ra sao thế nào nhỉ đấy kia ấy
    what which who whom when where why how many much is are was were the a an of in on to for by and or
    does do did has have had with about tell me please list give show
    """.split()
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(nfc(text)))


def content_terms(text: str) -> list[str]:
    """Folded syllables of `text` without stop words, in order, de-duplicated."""
    seen: dict[str, None] = {}
    for t in tokens(text):
        if t not in STOPWORDS and (len(t) > 1 or t.isdigit()):
            seen.setdefault(t, None)
    return list(seen)


class TermWeights:
    """Inverse document frequency of folded syllables over the chunks: rare words count for more."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(set(tokens(text)))
        self._n = max(n, 1)
        self._df = df

    def idf(self, term: str) -> float:
        return math.log(1 + (self._n - self._df.get(term, 0) + 0.5) / (self._df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self._df


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
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _SPLIT.finditer(text):
        piece = text[pos : match.start()]
        if piece.strip():
            out.append((pos, piece))
        pos = match.end()
    if text[pos:].strip():
        out.append((pos, text[pos:]))
    return out


def coverage(terms: Sequence[str], text: str, weights: TermWeights) -> float:
    """Share of the query's term weight found in `text` (syllables and adjacent pairs both count)."""
    if not terms:
        return 0.0
    present = set(tokens(text))
    total = sum(weights.idf(t) for t in terms)
    found = sum(weights.idf(t) for t in terms if t in present)
    return found / total if total else 0.0


def rank_clauses(
    terms: Sequence[str],
    hits: Sequence[ScoredChunk],
    weights: TermWeights,
    want_number: bool = False,
) -> list[Clause]:
    """Every clause of the retrieved chunks, best first, scored on query-term coverage and chunk rank.

    A clause is judged with a little of its chunk's context (the chunk's coverage counts for a third),
    because a clause often leaves out the subject its section heading or previous sentence names.
    """
    clauses: list[Clause] = []
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        context = coverage(terms, chunk.text + " " + " ".join(chunk.section_path), weights)
        for offset, piece in split_clauses(chunk.text):
            cov = coverage(terms, piece, weights)
            score = 0.67 * cov + 0.33 * context + 0.08 / rank
            if want_number and re.search(r"\d", piece):
                score += 0.05
            clauses.append(Clause(chunk, piece.strip(), offset, rank, cov, context, score))
    clauses.sort(key=lambda c: -c.score)
    return clauses
