"""External retrieval benchmark over a BEIR-style folder (ALQAC statute law): bm25, dense and hybrid metrics.

Documents are indexed with the project's own components (`LexicalIndex`, the configured embedder,
`DenseIndex`, `app.retrieval.fuse`), one document per article. Variant rows measure retrieval ideas
(tokenisers, BM25 parameters, fusion, passages, title weight) without touching the product code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import math
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from app.retrieval import fuse, fuse_scores
from ingest.dense import DenseIndex
from ingest.embedding import Embedder, embedder_signature, make_embedder
from ingest.errors import Nq57Error
from ingest.lexical import LexicalIndex, Tokenizer
from ingest.settings import PROJECT_ROOT, Settings
from ingest.text import fold, nfc

log = logging.getLogger(__name__)

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
CUTOFF = 10
DEFAULT_CACHE_ROOT = PROJECT_ROOT / "eval" / "cache" / "beir"
Ranking = list[tuple[str, float]]
ProgressCallback = Callable[[str], None]


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class BeirDocument:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class BeirQuery:
    id: str
    text: str


@dataclass(frozen=True)
class BeirDataset:
    name: str
    split: str
    documents: tuple[BeirDocument, ...]
    queries: tuple[BeirQuery, ...]
    qrels: Mapping[str, frozenset[str]]  # query id -> relevant document ids

    @property
    def corpus_hash(self) -> str:
        digest = hashlib.sha256()
        for doc in self.documents:
            digest.update(f"{doc.id}\x1f{doc.title}\x1f{doc.text}\x1e".encode())
        return digest.hexdigest()[:16]


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        raise Nq57Error(f"Không thấy tệp {str(path)!r}. Kiểm tra đường dẫn bộ dữ liệu BEIR (thư mục chứa beir/).")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def beir_folder(path: Path) -> Path:
    """The folder holding corpus.jsonl: `path` itself or its `beir/` sub-folder."""
    for candidate in (path, path / "beir"):
        if (candidate / "corpus.jsonl").exists():
            return candidate
    raise Nq57Error(
        f"Không thấy corpus.jsonl trong {str(path)!r} hay {str(path / 'beir')!r}. "
        "Truyền thư mục bộ dữ liệu, ví dụ ../shared/bench/alqac2025."
    )


def load_dataset(path: Path, split: str) -> BeirDataset:
    """Corpus, queries and qrels of one split; queries without a relevant document are dropped."""
    folder = beir_folder(path)
    name = folder.parent.name if folder.name == "beir" else folder.name
    documents = tuple(
        BeirDocument(str(row["_id"]), str(row.get("title") or ""), str(row.get("text") or ""))
        for row in _read_jsonl(folder / "corpus.jsonl")
    )
    qrels_path = folder / f"qrels_{split}.tsv"
    if not qrels_path.exists():
        available = sorted(p.stem.removeprefix("qrels_") for p in folder.glob("qrels_*.tsv"))
        raise Nq57Error(
            f"Không có phần {split!r} trong {str(folder)!r}; các phần có: {', '.join(available) or 'không có'}."
        )
    qrels: dict[str, set[str]] = {}
    with qrels_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0] == "query-id":
                continue
            if float(parts[2]) > 0:
                qrels.setdefault(parts[0], set()).add(parts[1])
    queries = tuple(
        BeirQuery(str(row["_id"]), str(row["text"]))
        for row in _read_jsonl(folder / f"queries_{split}.jsonl")
        if str(row["_id"]) in qrels
    )
    return BeirDataset(name, split, documents, queries, {q: frozenset(d) for q, d in qrels.items()})


# ---------------------------------------------------------------- metrics


def hit_at_k(ranking: Sequence[str], relevant: Collection[str], k: int = 1) -> float:
    """1.0 when a relevant document is among the first k, else 0.0."""
    return 1.0 if any(doc in relevant for doc in ranking[:k]) else 0.0


def recall_at_k(ranking: Sequence[str], relevant: Collection[str], k: int = CUTOFF) -> float:
    """Share of the relevant documents found among the first k."""
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & set(relevant)) / len(set(relevant))


def reciprocal_rank(ranking: Sequence[str], relevant: Collection[str], k: int = CUTOFF) -> float:
    """1 / rank of the first relevant document within the first k, 0.0 when there is none."""
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True)
class RankingMetrics:
    queries: int
    hit_at_1: float
    recall_at_10: float
    mrr_at_10: float


def score_rankings(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Collection[str]]
) -> RankingMetrics:
    """Mean hit@1, recall@10 and MRR@10 over every query of `qrels` (a query with no ranking scores 0)."""
    hits, recalls, rrs = [], [], []
    for query_id, relevant in qrels.items():
        ranking = rankings.get(query_id, ())
        hits.append(hit_at_k(ranking, relevant, 1))
        recalls.append(recall_at_k(ranking, relevant, CUTOFF))
        rrs.append(reciprocal_rank(ranking, relevant, CUTOFF))
    n = len(qrels)
    if n == 0:
        return RankingMetrics(0, 0.0, 0.0, 0.0)
    return RankingMetrics(n, sum(hits) / n, sum(recalls) / n, sum(rrs) / n)


@dataclass(frozen=True)
class ReferenceFigures:
    """Figures published beside the data set (its README), for comparison; None where none is given."""

    hit_at_1: float | None = None
    recall_at_10: float | None = None
    mrr_at_10: float | None = None


# The benchmark README's figures: BM25 over lower-cased syllables of the article text, e5-small over
# title + text (first 2,000 characters), and naive RRF (k 60) of the two.
REFERENCE_FIGURES: Mapping[tuple[str, str, str], ReferenceFigures] = {
    ("alqac2025", "train", "bm25"): ReferenceFigures(0.715, 0.936, 0.789),
    ("alqac2025", "train", "dense"): ReferenceFigures(0.685, None, 0.769),
    ("alqac2025", "train", "hybrid"): ReferenceFigures(0.730, 0.942, 0.805),
    ("alqac2025", "private", "bm25"): ReferenceFigures(None, 0.878, 0.685),
    ("alqac2022", "all", "bm25"): ReferenceFigures(None, 0.954, 0.875),
}


@dataclass(frozen=True)
class BeirRow:
    name: str
    description: str
    metrics: RankingMetrics
    reference: ReferenceFigures | None = None


@dataclass(frozen=True)
class BeirReport:
    dataset: str
    split: str
    documents: int
    queries: int
    corpus_hash: str
    embedder: str
    rows: tuple[BeirRow, ...]
    newly_embedded: int  # texts embedded in this run (0 when the cache held them all)
    seconds: float

    def row(self, name: str) -> BeirRow | None:
        return next((r for r in self.rows if r.name == name), None)


# ---------------------------------------------------------------- caches


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file and rename, so that a killed run never leaves a half-written cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class VectorCache:
    """Vectors on disk keyed by text hash, one file per embedder signature and kind, so a rerun embeds nothing.

    Keys are per text rather than per corpus so that article and passage variants, and a second split of the
    same corpus, share what was already embedded; an interrupted run keeps what it checkpointed.
    """

    def __init__(self, directory: Path, signature: str) -> None:
        self.directory = directory
        self.signature = signature
        tag = hashlib.sha1(signature.encode("utf-8")).hexdigest()[:12]
        self._path = directory / f"vectors-{tag}.npz"
        self._meta_path = directory / f"vectors-{tag}.json"
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        if self._path.exists():
            with np.load(self._path, allow_pickle=False) as data:
                keys = [str(k) for k in data["keys"]]
                self._matrix = np.ascontiguousarray(data["vectors"], dtype=np.float32)
            self._rows = {k: i for i, k in enumerate(keys)}

    def __len__(self) -> int:
        return len(self._rows)

    def missing(self, texts: Sequence[str]) -> list[str]:
        seen: set[str] = set()
        out = []
        for text in texts:
            key = _text_key(text)
            if key not in self._rows and key not in seen:
                seen.add(key)
                out.append(text)
        return out

    def get(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.asarray([self._rows[_text_key(t)] for t in texts], dtype=np.int64)
        return self._matrix[rows]

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if self._matrix.size == 0:
            self._matrix = np.zeros((0, vectors.shape[1]), dtype=np.float32)
        start = self._matrix.shape[0]
        self._matrix = np.vstack([self._matrix, vectors])
        for i, text in enumerate(texts):
            self._rows[_text_key(text)] = start + i

    def save(self) -> None:
        keys = np.array(sorted(self._rows, key=self._rows.__getitem__))

        def write(tmp: Path) -> None:
            with tmp.open("wb") as fh:
                np.savez(fh, keys=keys, vectors=self._matrix)

        _atomic_write(self._path, write)
        self._meta_path.write_text(
            json.dumps({"signature": self.signature, "vectors": len(self._rows)}, ensure_ascii=False),
            encoding="utf-8",
        )


def embed_cached(
    embedder: Embedder,
    texts: Sequence[str],
    cache_dir: Path,
    kind: Literal["passage", "query"] = "passage",
    checkpoint_every: int = 256,
    progress: ProgressCallback | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors of `texts` (a row per text) and how many were newly embedded; only cache misses are embedded."""
    signature = embedder_signature(embedder)
    cache = VectorCache(cache_dir, signature if kind == "passage" else f"{signature}|{kind}")
    todo = cache.missing(texts)
    if todo:
        # Similar lengths in one batch waste less padding: the engine pads a batch to its longest text.
        todo.sort(key=len)
        started = time.perf_counter()
        for i in range(0, len(todo), max(checkpoint_every, 1)):
            part = todo[i : i + max(checkpoint_every, 1)]
            if kind == "query":
                vectors = np.vstack([embedder.embed_query(t) for t in part])
            else:
                vectors = embedder.embed_passages(part)
            cache.put(part, vectors)
            cache.save()
            done = min(i + len(part), len(todo))
            log.info("beir.embed kind=%s done=%d/%d seconds=%.0f", kind, done, len(todo), time.perf_counter() - started)
            if progress is not None:
                progress(f"nhúng {kind}: {done}/{len(todo)} ({time.perf_counter() - started:.0f} s)")
    return cache.get(texts), len(todo)


class TokenCache:
    """Token lists of slow tokenisers (underthesea takes minutes over a corpus) on disk, keyed by text hash."""

    def __init__(self, directory: Path | None, name: str, tokenize: Callable[[str], list[str]]) -> None:
        self._path = directory / f"tokens-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.json" if directory else None
        self._tokenize = tokenize
        self._tokens: dict[str, str] = {}
        self._dirty = False
        if self._path is not None and self._path.exists():
            self._tokens = json.loads(self._path.read_text(encoding="utf-8"))

    def tokens(self, text: str) -> list[str]:
        key = _text_key(text)
        joined = self._tokens.get(key)
        if joined is None:
            # Tokens never hold a space (word characters, code punctuation and '_'), so a space joins them.
            joined = " ".join(self._tokenize(text))
            self._tokens[key] = joined
            self._dirty = True
        return joined.split()

    def save(self) -> None:
        if self._path is None or not self._dirty:
            return
        payload = json.dumps(self._tokens, ensure_ascii=False)
        def write(tmp: Path) -> None:
            tmp.write_text(payload, encoding="utf-8")

        _atomic_write(self._path, write)
        self._dirty = False


# ---------------------------------------------------------------- text variants

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Open syllables ending in oa / oe / uy carry the tone on the first vowel in the older spelling ("hòa", "thủy")
# and on the second in the newer one ("hoà", "thuỷ"); both occur in the same corpus and in questions.
_MOVABLE_TONE = re.compile(r"([^aeiouyăâêôơư]*)(oa|oe|uy)")


def normalise_tone_syllable(syllable: str) -> str:
    """One spelling for the tone position of open oa/oe/uy syllables (the older one: 'hoà' → 'hòa', 'uỷ' → 'ủy')."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    match = _MOVABLE_TONE.fullmatch(base.lower())
    # In "quy" the u belongs to the onset "qu", so the tone stays on y ("quý") in both spellings.
    if match is None or match.group(1).endswith("q"):
        return syllable
    position = len(match.group(1))
    return unicodedata.normalize("NFC", base[: position + 1] + tones[0] + base[position + 1 :])


def normalise_tone(text: str) -> str:
    """`normalise_tone_syllable` applied to every syllable of a text or a token ('hoà_bình' → 'hòa_bình')."""
    return _SYLLABLE.sub(lambda m: normalise_tone_syllable(m.group()), nfc(text))


def syllables(text: str) -> list[str]:
    """Lower-cased syllables only: the README's reference tokenisation."""
    return _SYLLABLE.findall(nfc(text).lower())


_PHRASE_BREAK = re.compile(r"[^\w\s]+|\n", re.UNICODE)


def syllable_bigrams(text: str) -> list[str]:
    """Adjacent syllable pairs joined with '_' ('ma_túy'), not across punctuation: compounds without a segmenter."""
    out: list[str] = []
    for phrase in _PHRASE_BREAK.split(nfc(text).lower()):
        out.extend(f"{a}_{b}" for a, b in itertools.pairwise(_SYLLABLE.findall(phrase)))
    return out


def _with_folded(terms: list[str]) -> list[str]:
    """Each term followed by its unaccented form when that differs, as the project tokeniser does."""
    return [x for term in terms for x in dict.fromkeys((term, fold(term)))]


def article_text(doc: BeirDocument) -> str:
    """The article as one document: title (law name and article number) then text."""
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


DocumentField = Literal["text", "title+text", "title*2+text"]


def document_text(doc: BeirDocument, field: DocumentField) -> str:
    if field == "text":
        return doc.text
    if field == "title*2+text":
        return f"{doc.title}\n{doc.title}\n{doc.text}"
    return article_text(doc)


def split_passages(doc: BeirDocument, max_chars: int) -> list[str]:
    """The article whole when it fits `max_chars`; else windows of whole paragraphs under a title + heading header.

    Every window repeats the title and the article's heading (its first line) so that a window deep in a long
    article still says which law and which subject it belongs to.
    """
    whole = article_text(doc)
    if len(whole) <= max_chars:
        return [whole]
    heading, _, body = doc.text.partition("\n")
    header = f"{doc.title}\n{heading.strip()[:160]}"
    budget = max(max_chars - len(header) - 1, max_chars // 2)
    pieces: list[str] = []
    for paragraph in (p.strip() for p in body.split("\n")):
        while len(paragraph) > budget:
            cut = paragraph.rfind(" ", 0, budget)
            cut = cut if cut > budget // 2 else budget
            pieces.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if paragraph:
            pieces.append(paragraph)
    windows: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 1 + len(piece) > budget:
            windows.append(current)
            current = piece
        else:
            current = f"{current}\n{piece}" if current else piece
    if current:
        windows.append(current)
    return [f"{header}\n{w}" for w in windows] or [whole]


# ---------------------------------------------------------------- retrieval pieces


class _VariantLexicalIndex(LexicalIndex):
    """The project's BM25 scoring with another tokeniser for documents and queries, to compare tokenisers."""

    def __init__(self, tokenize: Callable[[str], list[str]], k1: float, b: float) -> None:
        super().__init__("regex", k1, b)
        self._variant_tokenize = tokenize

    def tokenize(self, text: str) -> list[str]:
        return self._variant_tokenize(text)


def _max_per_document(ranking: Ranking, owner: Mapping[str, str], depth: int) -> Ranking:
    """Passage ranking → document ranking, a document scoring as its best passage."""
    best: dict[str, float] = {}
    for passage_id, score in ranking:
        doc_id = owner[passage_id]
        if doc_id not in best:
            best[doc_id] = score
            if len(best) == depth:
                break
    return list(best.items())


@dataclass(frozen=True)
class LexicalConfig:
    tokenizer: str  # a name in `_Workbench.tokenizers`
    field: DocumentField = "title+text"
    k1: float = 1.2
    b: float = 0.75
    passages: bool = False


@dataclass(frozen=True)
class DenseConfig:
    passages: bool = False


class _Workbench:
    """One data set's corpus with cached tokenisations, vectors and rankings; rows are computed from these."""

    def __init__(
        self,
        dataset: BeirDataset,
        settings: Settings,
        cache_dir: Path | None,
        embedder: Embedder | None,
        progress: ProgressCallback | None,
    ) -> None:
        self.dataset = dataset
        self.settings = settings
        self.cache_dir = cache_dir
        self.embedder = embedder
        self.progress = progress
        self.newly_embedded = 0
        self.depth = max(settings.retrieval.candidates, CUTOFF)
        project = Tokenizer(settings.chunking.segmenter)
        regex = Tokenizer("regex")
        compounds = TokenCache(cache_dir, "compounds", _compounds)
        product = TokenCache(cache_dir, f"project-{settings.chunking.segmenter}", project.tokens)
        self._caches = (compounds, product)
        self.tokenizers: dict[str, Callable[[str], list[str]]] = {
            "project": product.tokens,
            "project+tone": lambda t: [normalise_tone(x) for x in product.tokens(t)],
            "project-regex": regex.tokens,
            "syllables": syllables,
            "syllables+tone": lambda t: syllables(normalise_tone(t)),
            "syllables+compounds": lambda t: syllables(t) + compounds.tokens(t),
            "syllables+compounds+tone": lambda t: [normalise_tone(x) for x in syllables(t) + compounds.tokens(t)],
            "syllables+folded": lambda t: _with_folded(syllables(t)),
            "syllables+bigrams": lambda t: syllables(t) + syllable_bigrams(t),
            "project+bigrams": lambda t: product.tokens(t) + syllable_bigrams(t),
            "project-regex+bigrams": lambda t: regex.tokens(t) + _with_folded(syllable_bigrams(t)),
        }
        self._lexical: dict[LexicalConfig, dict[str, Ranking]] = {}
        self._dense: dict[DenseConfig, dict[str, Ranking]] = {}
        self._query_vectors: np.ndarray | None = None
        max_chars = int(getattr(embedder, "max_chars", settings.embedding.max_chars))
        self.passages = {doc.id: split_passages(doc, max_chars) for doc in dataset.documents}

    def save_caches(self) -> None:
        for cache in self._caches:
            cache.save()

    def lexical(self, config: LexicalConfig) -> dict[str, Ranking]:
        if config not in self._lexical:
            started = time.perf_counter()
            tokenize = self.tokenizers[config.tokenizer]
            index = _VariantLexicalIndex(tokenize, config.k1, config.b)
            owner: dict[str, str] = {}
            for doc in self.dataset.documents:
                if config.passages:
                    for i, passage in enumerate(self.passages[doc.id]):
                        owner[f"{doc.id}#{i}"] = doc.id
                        index.add_tokens(f"{doc.id}#{i}", tokenize(passage))
                else:
                    index.add_tokens(doc.id, tokenize(document_text(doc, config.field)))
            self.save_caches()
            rankings = {}
            for query in self.dataset.queries:
                if config.passages:
                    ranking = _max_per_document(index.search(query.text, self.depth * 8), owner, self.depth)
                else:
                    ranking = index.search(query.text, self.depth)
                rankings[query.id] = ranking
            self.save_caches()
            self._lexical[config] = rankings
            log.info("beir.lexical config=%s seconds=%.1f", config, time.perf_counter() - started)
        return self._lexical[config]

    def _embedder(self) -> Embedder:
        if self.embedder is None:
            self.embedder = make_embedder(self.settings.embedding)
        return self.embedder

    def dense(self, config: DenseConfig) -> dict[str, Ranking]:
        if config not in self._dense:
            embedder = self._embedder()
            assert self.cache_dir is not None
            ids: list[str] = []
            texts: list[str] = []
            owner: dict[str, str] = {}
            for doc in self.dataset.documents:
                if config.passages:
                    for i, passage in enumerate(self.passages[doc.id]):
                        ids.append(f"{doc.id}#{i}")
                        owner[ids[-1]] = doc.id
                        texts.append(passage)
                else:
                    ids.append(doc.id)
                    texts.append(article_text(doc))
            vectors, fresh = embed_cached(embedder, texts, self.cache_dir, "passage", progress=self.progress)
            self.newly_embedded += fresh
            index = DenseIndex.build(ids, vectors, embedder_signature(embedder))
            if self._query_vectors is None:
                self._query_vectors, fresh = embed_cached(
                    embedder, [q.text for q in self.dataset.queries], self.cache_dir, "query", progress=self.progress
                )
                self.newly_embedded += fresh
            rankings = {}
            for query, vector in zip(self.dataset.queries, self._query_vectors, strict=True):
                if config.passages:
                    rankings[query.id] = _max_per_document(index.search(vector, self.depth * 8), owner, self.depth)
                else:
                    rankings[query.id] = index.search(vector, self.depth)
            self._dense[config] = rankings
        return self._dense[config]


def _compounds(text: str) -> list[str]:
    """Word-segmented compounds ('ma_túy'), lower-cased, without their unaccented forms."""
    from underthesea import word_tokenize  # imported here: the import costs seconds

    out = []
    for word in word_tokenize(nfc(text)):
        parts = _SYLLABLE.findall(word.lower())
        if len(parts) > 1:
            out.append("_".join(parts))
    return out


def _ids_only(rankings: Mapping[str, Ranking]) -> dict[str, list[str]]:
    return {qid: [doc for doc, _ in ranking] for qid, ranking in rankings.items()}


FusionKind = Literal["rrf", "score"]


def _fused(
    lexical: Mapping[str, Ranking],
    dense: Mapping[str, Ranking],
    kind: FusionKind,
    bm25_weight: float,
    dense_weight: float,
    rrf_k: int,
    candidates: int,
) -> dict[str, Ranking]:
    out = {}
    for qid in lexical.keys() | dense.keys():
        pair = [(lexical.get(qid, [])[:candidates], bm25_weight), (dense.get(qid, [])[:candidates], dense_weight)]
        out[qid] = fuse(pair, rrf_k) if kind == "rrf" else fuse_scores(pair)
    return out


# ---------------------------------------------------------------- runs


def default_cache_dir(dataset_name: str) -> Path:
    return DEFAULT_CACHE_ROOT / dataset_name


def _product_rows(bench: _Workbench, modes: Sequence[Mode]) -> list[BeirRow]:
    settings = bench.settings
    r = settings.retrieval
    product_lexical = LexicalConfig("project", "title+text", r.bm25_k1, r.bm25_b)
    ds = bench.dataset
    rows = []
    for mode in modes:
        reference = REFERENCE_FIGURES.get((ds.name, ds.split, mode))
        if mode == "bm25":
            rankings = bench.lexical(product_lexical)
            description = (
                f"LexicalIndex ({settings.chunking.segmenter}), tiêu đề + nội dung, k1 {r.bm25_k1:g}, b {r.bm25_b:g}"
            )
        elif mode == "dense":
            rankings = bench.dense(DenseConfig())
            description = f"{settings.embedding.backend} {settings.embedding.model}, tiêu đề + nội dung"
        else:
            rankings = _fused(
                bench.lexical(product_lexical), bench.dense(DenseConfig()), "rrf",
                r.bm25_weight, r.dense_weight, r.rrf_k, r.candidates,
            )
            description = (
                f"fuse(): RRF k {r.rrf_k}, trọng số bm25 {r.bm25_weight:g} / dense {r.dense_weight:g}, "
                f"{r.candidates} ứng viên mỗi bên"
            )
        rows.append(BeirRow(mode, description, score_rankings(_ids_only(rankings), ds.qrels), reference))
    return rows


# The lexical configuration these measurements favour on every set (see the report): the project's regex
# tokeniser plus syllable bigrams, articles split into windows scored by their best window.
PROPOSED_LEXICAL = LexicalConfig("project-regex+bigrams", passages=True)


def _variant_rows(bench: _Workbench) -> list[BeirRow]:
    """Each idea as one row, changed one at a time from the product configuration; 'best:' rows combine them."""
    ds = bench.dataset
    r = bench.settings.retrieval
    rows: list[BeirRow] = []

    def add(name: str, description: str, rankings: Mapping[str, Ranking]) -> None:
        rows.append(BeirRow(name, description, score_rankings(_ids_only(rankings), ds.qrels)))

    product = LexicalConfig("project", "title+text", r.bm25_k1, r.bm25_b)
    lexical_variants: list[tuple[str, str, LexicalConfig]] = [
        ("bm25:syl-text", "âm tiết, chỉ nội dung (cách tính của README)", LexicalConfig("syllables", "text")),
        ("bm25:syl", "âm tiết, tiêu đề + nội dung", LexicalConfig("syllables")),
        ("bm25:syl+folded", "âm tiết + dạng bỏ dấu", LexicalConfig("syllables+folded")),
        ("bm25:syl+tone", "âm tiết, chuẩn hoá vị trí dấu (hoà→hòa)", LexicalConfig("syllables+tone")),
        ("bm25:syl+cmp", "âm tiết + từ ghép underthesea", LexicalConfig("syllables+compounds")),
        ("bm25:syl+bigrams", "âm tiết + cặp âm tiết liền kề", LexicalConfig("syllables+bigrams")),
        ("bm25:regex", "Tokenizer('regex') dự án: âm tiết + bỏ dấu + mã", LexicalConfig("project-regex")),
        ("bm25:project+tone", "Tokenizer dự án + chuẩn hoá dấu", dataclasses.replace(product, tokenizer="project+tone")),
        ("bm25:project+bigrams", "Tokenizer dự án + cặp âm tiết", dataclasses.replace(product, tokenizer="project+bigrams")),
        ("bm25:regex+bigrams", "Tokenizer regex + cặp âm tiết (và dạng bỏ dấu)", LexicalConfig("project-regex+bigrams")),
        ("bm25:text-only", "Tokenizer dự án, chỉ nội dung (bỏ tiêu đề)", dataclasses.replace(product, field="text")),
        ("bm25:title*2", "Tokenizer dự án, tiêu đề nhân đôi", dataclasses.replace(product, field="title*2+text")),
        ("bm25:passages", "Tokenizer dự án, điểm của cửa sổ tốt nhất", dataclasses.replace(product, passages=True)),
        ("bm25:regex+bigrams+pass", "regex + cặp âm tiết, cửa sổ tốt nhất (đề xuất)", PROPOSED_LEXICAL),
    ]
    for k1, b in ((0.9, 0.75), (1.5, 0.75), (1.2, 0.5), (1.2, 0.9)):
        lexical_variants.append(
            (f"bm25:k1={k1:g},b={b:g}", "Tokenizer dự án, đổi k1/b", dataclasses.replace(product, k1=k1, b=b))
        )
    for name, description, config in lexical_variants:
        add(name, description, bench.lexical(config))

    dense = bench.dense(DenseConfig())
    dense_passages = bench.dense(DenseConfig(passages=True))
    add("dense:passages", "e5, điểm của cửa sổ tốt nhất (tiêu đề + tên điều + đoạn)", dense_passages)

    lexical = bench.lexical(product)
    fusion_variants: list[tuple[str, str, FusionKind, float, float, int]] = [
        ("hybrid:rrf-k10", "RRF k 10", "rrf", 1.0, 1.0, 10),
        ("hybrid:rrf-k30", "RRF k 30", "rrf", 1.0, 1.0, 30),
        ("hybrid:rrf-k100", "RRF k 100", "rrf", 1.0, 1.0, 100),
        ("hybrid:rrf-w1.5", "RRF k 60, bm25 1.5 / dense 1", "rrf", 1.5, 1.0, 60),
        ("hybrid:rrf-w2", "RRF k 60, bm25 2 / dense 1", "rrf", 2.0, 1.0, 60),
        ("hybrid:rrf-w0.67", "RRF k 60, bm25 1 / dense 1.5", "rrf", 1.0, 1.5, 60),
        ("hybrid:score-0.5", "điểm min-max, 0.5 bm25 + 0.5 dense", "score", 0.5, 0.5, 0),
        ("hybrid:score-0.7", "điểm min-max, 0.7 bm25 + 0.3 dense", "score", 0.7, 0.3, 0),
    ]
    for name, description, kind, wl, wd, k in fusion_variants:
        add(name, description, _fused(lexical, dense, kind, wl, wd, k, r.candidates))
    add("hybrid:dense-passages", "RRF sản phẩm, dense theo cửa sổ",
        _fused(lexical, dense_passages, "rrf", r.bm25_weight, r.dense_weight, r.rrf_k, r.candidates))

    proposed = bench.lexical(PROPOSED_LEXICAL)
    for dense_name, dense_rankings in (("", dense), ("+dp", dense_passages)):
        for name, description, kind, wl, wd, k in (
            ("rrf", "RRF k 60, 1/1", "rrf", 1.0, 1.0, 60),
            ("rrf-w2", "RRF k 60, bm25 2 / dense 1", "rrf", 2.0, 1.0, 60),
            ("score-0.5", "điểm min-max 0.5/0.5", "score", 0.5, 0.5, 0),
            ("score-0.6", "điểm min-max 0.6/0.4", "score", 0.6, 0.4, 0),
            ("score-0.7", "điểm min-max 0.7/0.3", "score", 0.7, 0.3, 0),
        ):
            add(
                f"best:{name}{dense_name}",
                f"bm25 đề xuất + dense {'theo cửa sổ' if dense_name else 'theo điều'}, {description}",
                _fused(proposed, dense_rankings, kind, wl, wd, k, r.candidates),
            )
    return rows


def run_beir(
    settings: Settings,
    path: Path,
    split: str,
    modes: Sequence[Mode] = MODES,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    *,
    variants: bool = False,
    embedder: Embedder | None = None,
    progress: ProgressCallback | None = None,
) -> BeirReport:
    """Index the data set's articles with the project's components and score the split's queries.

    `variants` adds one row per retrieval idea (see `_variant_rows`); `embedder` overrides the one made from
    the settings (tests pass a warm one). Dense vectors are cached in `cache_dir`
    (default eval/cache/beir/<name>/), so only the first run embeds.
    """
    started = time.perf_counter()
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise Nq57Error(f"Chế độ không hợp lệ: {', '.join(map(repr, unknown))}. Chọn trong: {', '.join(MODES)}.")
    dataset = load_dataset(path, split)
    cache_dir = cache_dir or default_cache_dir(dataset.name)
    bench = _Workbench(dataset, settings, cache_dir, embedder, progress)
    rows = _product_rows(bench, modes)
    if variants:
        rows += _variant_rows(bench)
    bench.save_caches()
    used = bench.embedder
    report = BeirReport(
        dataset=dataset.name,
        split=split,
        documents=len(dataset.documents),
        queries=len(dataset.queries),
        corpus_hash=dataset.corpus_hash,
        embedder=embedder_signature(used) if used is not None else "",
        rows=tuple(rows),
        newly_embedded=bench.newly_embedded,
        seconds=time.perf_counter() - started,
    )
    if out_dir is not None:
        write_beir_report(report, out_dir)
    return report


def write_beir_report(report: BeirReport, out_dir: Path) -> tuple[Path, Path]:
    """The report as JSON and as the printed table, named after the data set and split."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"beir-{report.dataset}-{report.split}"
    json_path, text_path = out_dir / f"{stem}.json", out_dir / f"{stem}.txt"
    json_path.write_text(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    text_path.write_text(format_beir(report) + "\n", encoding="utf-8")
    return json_path, text_path


def _fmt(value: float | None) -> str:
    return "  –  " if value is None or math.isnan(value) else f"{value:.3f}"


def format_beir(report: BeirReport) -> str:
    """A printable table: one row per configuration, README reference figures beside the matching mode."""
    lines = [
        (
            f"BEIR {report.dataset} / {report.split}: {report.documents} điều luật, {report.queries} câu hỏi, "
            f"corpus {report.corpus_hash}"
        ),
        (
            f"embedder: {report.embedder or '(không dùng)'}; nhúng mới {report.newly_embedded} văn bản; "
            f"{report.seconds:.0f} s"
        ),
        "",
        f"{'cấu hình':<26} {'hit@1':>6} {'R@10':>6} {'MRR@10':>7}   {'README h@1/R@10/MRR':<20}  mô tả",
    ]
    for row in report.rows:
        m, ref = row.metrics, row.reference
        ref_text = f"{_fmt(ref.hit_at_1)}/{_fmt(ref.recall_at_10)}/{_fmt(ref.mrr_at_10)}" if ref else ""
        lines.append(
            f"{row.name:<26} {m.hit_at_1:>6.3f} {m.recall_at_10:>6.3f} {m.mrr_at_10:>7.3f}   {ref_text:<20}  "
            f"{row.description}"
        )
    return "\n".join(lines)


def format_beir_comparison(reports: Sequence[BeirReport], baseline: str = "hybrid") -> str:
    """MRR@10 of every row across several data sets, with the change against `baseline` in each set.

    A change generalises when it moves every set the same way; this table puts that side by side.
    """
    names = list(dict.fromkeys(row.name for report in reports for row in report.rows))
    header = f"{'cấu hình':<26}" + "".join(f" {r.dataset + '/' + r.split:>24}" for r in reports)
    lines = ["MRR@10 (± so với " + baseline + ")", header]
    for name in names:
        cells = []
        for report in reports:
            row, base = report.row(name), report.row(baseline)
            if row is None:
                cells.append(f" {'':>24}")
                continue
            delta = f" ({row.metrics.mrr_at_10 - base.metrics.mrr_at_10:+.3f})" if base is not None else ""
            cells.append(f" {f'{row.metrics.mrr_at_10:.3f}{delta}':>24}")
        lines.append(f"{name:<26}" + "".join(cells))
    return "\n".join(lines)
