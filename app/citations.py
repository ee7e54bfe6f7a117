"""Citations: evidence pointing into a document, checked verbatim against the cleaned text before use."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.models import Citation
from ingest.models import DocumentMeta
from ingest.text import collapse_ws, nfc, quote_in_text

log = logging.getLogger(__name__)

MAX_QUOTE_CHARS = 400


@dataclass(frozen=True)
class Evidence:
    """A claim's source before numbering: document, where in it, and the words quoted from it."""

    doc_id: str
    quote: str
    location: str
    chunk_id: str | None = None


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Span of `quote` in `text`, allowing any run of white space where the quote has one."""
    words = collapse_ws(nfc(quote)).split(" ")
    if not words or not words[0]:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def shorten_quote(quote: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Cut a long quote at a word boundary; the prefix of a verbatim quote stays verbatim."""
    quote = collapse_ws(quote)
    if len(quote) <= limit:
        return quote
    cut = quote.rfind(" ", 0, limit)
    return quote[: cut if cut > limit // 2 else limit]


def span_quote(text: str, start: int, end: int, prefer: str = "") -> str:
    """A readable verbatim quote from a table row span: the longest run of the row's lines that belongs to
    `prefer` (e.g. the task title), so cells of other columns interleaved by the extraction are left out."""
    lines = [ln.strip() for ln in text[start:end].split("\n") if ln.strip()]
    if not lines:
        return ""
    target = collapse_ws(prefer)
    best: list[str] = []
    current: list[str] = []
    for line in lines:
        if target and collapse_ws(line) in target:
            current.append(line)
            if len(" ".join(current)) > len(" ".join(best)):
                best = list(current)
        else:
            current = []
    chosen = " ".join(best) if best else " ".join(lines)
    return shorten_quote(chosen)


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or clause, when the sentence is long) of `text` that contains [start, end)."""
    left = max(text.rfind(". ", max(0, start - limit), start), text.rfind("\n", max(0, start - limit), start))
    left = left + 1 if left >= 0 else max(0, start - limit)
    right_candidates = [i for i in (text.find(". ", end, end + limit), text.find("\n", end, end + limit)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else min(len(text), end + limit)
    sentence = text[left:right].strip()
    if len(sentence) > limit:
        # Fall back to the clause: cut at the semicolons around the span.
        a = text.rfind(";", left, start)
        b = text.find(";", end, right)
        sentence = text[(a + 1 if a >= 0 else left):(b + 1 if b >= 0 else right)].strip()
    return sentence


_MARKER = re.compile(r"\[(\d+)\]")


class CitationBook:
    """Numbers citations in order of first use and drops any whose quote is not verbatim in its source."""

    def __init__(self, documents: dict[str, DocumentMeta], text_of: Callable[[str], str | None]) -> None:
        self._documents = documents
        self._text_of = text_of
        self._citations: list[Citation] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self.dropped = 0

    def cite(self, evidence: Evidence) -> str:
        """Returns the marker ' [n]' to put after the claim, or '' when the evidence fails the check."""
        quote = shorten_quote(evidence.quote)
        k = (evidence.doc_id, quote)
        if k in self._by_key:
            return f" [{self._by_key[k]}]"
        meta = self._documents.get(evidence.doc_id)
        text = self._text_of(evidence.doc_id)
        if meta is None or text is None or not quote_in_text(quote, text):
            self.dropped += 1
            log.warning("citation_dropped doc=%s chunk=%s reason=not_verbatim", evidence.doc_id, evidence.chunk_id)
            return ""
        span = locate_quote(quote, text)
        n = len(self._citations) + 1
        self._citations.append(
            Citation(
                n=n,
                document=meta,
                location=evidence.location,
                quote=quote,
                chunk_id=evidence.chunk_id,
                start=span[0] if span else None,
                end=span[1] if span else None,
            )
        )
        self._by_key[k] = n
        return f" [{n}]"

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(self._citations)

    def scratch(self) -> CitationBook:
        """An empty book over the same documents, for an answer that may or may not be kept."""
        return CitationBook(self._documents, self._text_of)

    def adopt(self, other: CitationBook, lines: Sequence[str]) -> list[str]:
        """`lines` written against `other`, renumbered into this book; only the citations they use are added."""
        def renumber(m: re.Match[str]) -> str:
            c = other.citations[int(m.group(1)) - 1]
            return self.cite(Evidence(c.document.id, c.quote, c.location, c.chunk_id)).strip() or ""
        return [_MARKER.sub(renumber, line) for line in lines]
