"""Lexical passage index: BM25 over Vietnamese syllables, their unaccented forms and word-segmented compounds."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

import ingest.segmenter
from ingest.errors import IndexMismatchError, IndexMissingError
from ingest.models import content_hash
from ingest.segmenter import make_segmenter
from ingest.text import fold, nfc

LEXICAL_FILE = "lexical.json"
FORMAT_VERSION = 2

Segmenter = Literal["underthesea", "regex"]

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
# Codes such as "57-NQ/TW", "GD&ĐT", "6/2025", "11.2" are matched whole as well as syllable by syllable,
# so that an exact number ranks a passage holding it above passages that only share its parts.
_CODE = re.compile(r"\w+(?:[./&\-]\w+)+", re.UNICODE)
# Adjacent-syllable pairs never cross punctuation or a line break: a pair from two clauses is not a phrase.
_PHRASE_BREAK = re.compile(r"[^\w\s]+|\n", re.UNICODE)


def tokenizer_signature(segmenter: Segmenter) -> str:
    """Changes whenever the terms of a text could change (this code, the segmenter's code, its name), so that
    term counts saved with an index are reused for an unchanged chunk only when they are still right."""
    sources = (
        Path(__file__).read_text(encoding="utf-8"),
        Path(ingest.segmenter.__file__).read_text(encoding="utf-8"),
    )
    return content_hash(str(FORMAT_VERSION), segmenter, *sources)


def _with_folded(terms: list[str]) -> list[str]:
    out: list[str] = []
    for term in terms:
        out.append(term)
        folded = fold(term)
        if folded != term:
            out.append(folded)
    return out


class Tokenizer:
    """The one tokenisation used for documents and queries alike, so both sides produce the same terms."""

    def __init__(self, segmenter: Segmenter = "underthesea") -> None:
        self.segmenter: Segmenter = segmenter
        # Only a statistical segmenter finds compounds; the regex one would only re-split what syllables give.
        self._words: Callable[[str], list[str]] | None = (
            make_segmenter("underthesea").word_tokenize if segmenter == "underthesea" else None
        )

    def __call__(self, text: str) -> list[str]:
        return self.tokens(text)

    def tokens(self, text: str) -> list[str]:
        """Lower-cased syllables (+ unaccented forms), whole codes, and compounds joined with '_'."""
        lowered = nfc(text).lower()
        terms = _SYLLABLE.findall(lowered)
        terms += _CODE.findall(lowered)
        # Syllable bigrams carry Vietnamese multi-syllable words without a segmenter (+0.04 MRR@10 on all three
        # ALQAC sets, eval/beir.py variants).
        for piece in _PHRASE_BREAK.split(lowered):
            syllables = _SYLLABLE.findall(piece)
            terms += [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]
        if self._words is not None and lowered.strip():
            for word in self._words(nfc(text)):
                parts = _SYLLABLE.findall(word.lower())
                if len(parts) > 1:
                    terms.append("_".join(parts))
        return _with_folded(terms)


class LexicalIndex:
    """Okapi BM25 with postings in plain dicts; saved as JSON (no pickle) beside the other index files."""

    def __init__(self, segmenter: Segmenter = "underthesea", k1: float = 1.2, b: float = 0.75) -> None:
        self._tokenizer = Tokenizer(segmenter)
        self.k1 = k1
        self.b = b
        self._ids: list[str] = []
        self._lengths: list[int] = []
        self._postings: dict[str, dict[int, int]] = {}
        self._signature = ""  # tokenizer_signature of the code that produced the postings, set on build/load

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        texts: Sequence[str],
        segmenter: Segmenter = "underthesea",
        k1: float = 1.2,
        b: float = 0.75,
    ) -> LexicalIndex:
        index = cls(segmenter, k1, b)
        index.add(ids, texts)
        return index

    @property
    def segmenter(self) -> Segmenter:
        return self._tokenizer.segmenter

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def tokenize(self, text: str) -> list[str]:
        return self._tokenizer.tokens(text)

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        for chunk_id, text in zip(ids, texts, strict=True):
            self.add_tokens(chunk_id, self.tokenize(text))

    def add_tokens(self, chunk_id: str, tokens: Sequence[str]) -> None:
        """Add one passage already tokenised by `tokenize`."""
        self.add_counts(chunk_id, Counter(tokens))

    def add_counts(self, chunk_id: str, counts: Mapping[str, int]) -> None:
        """Add one passage by its term counts (as returned by `term_counts` of an index with the same signature)."""
        row = len(self._ids)
        self._ids.append(chunk_id)
        self._lengths.append(sum(counts.values()))
        for term, tf in counts.items():
            self._postings.setdefault(term, {})[row] = tf

    @property
    def signature(self) -> str:
        return self._signature or tokenizer_signature(self.segmenter)

    def term_counts(self, ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """Term counts of the given chunk ids that are present: re-ingest reuses them instead of re-segmenting."""
        asked = set(ids)
        wanted = {row: cid for row, cid in enumerate(self._ids) if cid in asked}
        out: dict[str, dict[str, int]] = {cid: {} for cid in wanted.values()}
        for term, postings in self._postings.items():
            for row, tf in postings.items():
                if row in wanted:
                    out[wanted[row]][term] = tf
        return out

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score) best first, only passages sharing at least one term with the query."""
        if not self._ids or k <= 0:
            return []
        terms = [t for t in dict.fromkeys(self.tokenize(query)) if t in self._postings]
        if not terms:
            return []
        n = len(self._ids)
        lengths = np.asarray(self._lengths, dtype=np.float64)
        avg = float(lengths.mean()) or 1.0
        norm = self.k1 * (1.0 - self.b + self.b * lengths / avg)
        scores = np.zeros(n, dtype=np.float64)
        for term in terms:
            postings = self._postings[term]
            df = len(postings)
            idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            rows = np.fromiter(postings.keys(), dtype=np.int64, count=df)
            tf = np.fromiter(postings.values(), dtype=np.float64, count=df)
            scores[rows] += idf * tf * (self.k1 + 1.0) / (tf + norm[rows])
        hit = np.flatnonzero(scores > 0)
        # Ties break on chunk id so that the ranking does not depend on insertion order.
        order = sorted(hit.tolist(), key=lambda r: (-scores[r], self._ids[r]))[:k]
        return [(self._ids[r], float(scores[r])) for r in order]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT_VERSION,
            "segmenter": self.segmenter,
            "signature": self.signature,
            "ids": self._ids,
            "lengths": self._lengths,
            # JSON keys are strings: store postings as [row, tf] pairs.
            "postings": {t: [[r, tf] for r, tf in p.items()] for t, p in self._postings.items()},
        }
        (directory / LEXICAL_FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        path = directory / LEXICAL_FILE
        if not path.exists():
            raise IndexMissingError(
                f"Thiếu chỉ mục từ khoá {str(path)!r}. Dựng chỉ mục bằng: nq57 ingest --rebuild"
            )
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("format") != FORMAT_VERSION:
            raise IndexMismatchError(
                f"Chỉ mục từ khoá {str(path)!r} có định dạng {payload.get('format')!r}, "
                f"mã nguồn cần {FORMAT_VERSION}. Dựng lại bằng: nq57 ingest --rebuild"
            )
        index = cls(payload["segmenter"], k1, b)
        index._signature = str(payload.get("signature") or "unknown")
        index._ids = [str(i) for i in payload["ids"]]
        index._lengths = [int(x) for x in payload["lengths"]]
        index._postings = {
            t: {int(r): int(tf) for r, tf in pairs} for t, pairs in payload["postings"].items()
        }
        return index
