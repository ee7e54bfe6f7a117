"""Vietnamese sentence and word segmentation behind one small interface: underthesea, or a regex fallback."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Literal, Protocol

from ingest.errors import DependencyMissingError

logger = logging.getLogger(__name__)

SegmenterName = Literal["underthesea", "regex"]

# Abbreviations that end with a dot inside a Vietnamese sentence.
_ABBREVIATIONS = frozenset(
    "TS ThS Ths PGS GS BS KS TP Tp TX NXB v.v tr Mr Mrs Dr Ltd TM KT".split()  # noqa: SIM905
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])([\"”’)\]»]*)\s+(?=[\"“‘(\[«]?[A-ZĐÀ-Ỹ0-9\-–•])")
_WORD = re.compile(r"[\wĐđ]+(?:[-/.,&][\wĐđ]+)*|[^\w\s]", re.UNICODE)
_CLOSERS = "”’)]»\"'/"


class Segmenter(Protocol):
    """Splits text into sentences and words; `name` is recorded in the index manifest."""

    name: str

    def sent_tokenize(self, text: str) -> list[str]: ...

    def word_tokenize(self, text: str) -> list[str]: ...


class RegexSegmenter:
    """Rule-based fallback: splits after . ! ? … before a capital, a digit or a bullet."""

    name = "regex"

    def sent_tokenize(self, text: str) -> list[str]:
        sentences: list[str] = []
        for line in text.split("\n"):
            start = 0
            for m in _SENTENCE_BREAK.finditer(line):
                end = m.start() + len(m.group(1))
                before = line[start : m.start()]
                last_word = before.rsplit(None, 1)[-1] if before.split() else ""
                if last_word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(
                    r"(?:[A-ZĐ]\.)+|\d{1,2}\.", last_word
                ):
                    continue  # "TS. Nguyễn", "Tp. Hồ Chí Minh", a list marker "1."
                sentences.append(line[start:end].strip())
                start = m.end()
            if line[start:].strip():
                sentences.append(line[start:].strip())
        return [s for s in sentences if s]

    def word_tokenize(self, text: str) -> list[str]:
        return _WORD.findall(text)


class UndertheseaSegmenter:
    """underthesea's sentence and word tokenizers; the library is imported on first use (it is slow)."""

    name = "underthesea"

    def __init__(self) -> None:
        self._sent: Callable[[str], list[str]] | None = None
        self._word: Callable[[str], list[str]] | None = None

    def warm_up(self) -> None:
        if self._sent is not None:
            return
        try:
            from underthesea import sent_tokenize, word_tokenize
        except ImportError as exc:
            raise DependencyMissingError(
                "Chưa cài thư viện 'underthesea' cho bộ tách câu đã chọn. Hãy chạy "
                "'pip install underthesea' hoặc đặt NQ57_CHUNKING__SEGMENTER=regex."
            ) from exc
        self._sent = sent_tokenize
        self._word = word_tokenize

    def sent_tokenize(self, text: str) -> list[str]:
        self.warm_up()
        assert self._sent is not None
        # underthesea reads a text as one stream; a line break always ends a sentence here.
        return [s for line in text.split("\n") if line.strip() for s in self._sent(line)]

    def word_tokenize(self, text: str) -> list[str]:
        self.warm_up()
        assert self._word is not None
        return list(self._word(text))


def make_segmenter(name: SegmenterName) -> Segmenter:
    if name == "underthesea":
        return UndertheseaSegmenter()
    if name == "regex":
        return RegexSegmenter()
    raise ValueError(f"Bộ tách câu không hợp lệ: {name!r} (underthesea, regex).")


def _locate(sentence: str, text: str, cursor: int) -> tuple[int, int] | None:
    """Span of `sentence` in `text` at or after `cursor`, tolerating changed white space."""
    sentence = sentence.strip()
    if not sentence:
        return None
    found = text.find(sentence, cursor)
    if found >= 0:
        return found, found + len(sentence)
    pattern = r"\s*".join(re.escape(ch) for ch in sentence if not ch.isspace())
    m = re.compile(pattern).search(text, cursor)
    return (m.start(), m.end()) if m else None


def sentence_spans(segmenter: Segmenter, text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, covering every non-space character exactly once."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in segmenter.sent_tokenize(text):
        span = _locate(sentence, text, cursor)
        if span is None:
            logger.debug("segmenter sentence not found in text; keeping the rest as one sentence")
            break
        start, end = span
        if spans and text[cursor:start].strip():
            # Text the segmenter skipped belongs to the previous sentence.
            spans[-1] = (spans[-1][0], cursor + len(text[cursor:start].rstrip()))
        spans.append((start, end))
        cursor = end
    if text[cursor:].strip():
        tail_start = cursor + (len(text[cursor:]) - len(text[cursor:].lstrip()))
        spans.append((tail_start, len(text.rstrip())))
    return _merge_fragments(spans, text)


def _merge_fragments(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Glues stray closing quotes and tiny pieces ("/.", "”") onto the sentence before them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        letters = sum(ch.isalnum() for ch in piece)
        if merged and (letters < 2 or piece[0] in _CLOSERS):
            if piece[0] in _CLOSERS and letters >= 2:
                # "“Câu trích.” Câu sau": the closing quote ends the previous sentence.
                close = len(piece) - len(piece.lstrip(_CLOSERS))
                merged[-1] = (merged[-1][0], start + close)
                rest = start + close + (len(piece[close:]) - len(piece[close:].lstrip()))
                if rest < end:
                    merged.append((rest, end))
                continue
            merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged
