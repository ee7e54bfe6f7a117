"""FAISS scaling benchmark on synthetic unit vectors: exact flat search against IVF and HNSW approximations."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from eval.memory import peak_rss_mb, rss_mb

log = logging.getLogger(__name__)

IndexKind = Literal["flat", "ivf", "ivf-sq8", "hnsw"]
Distribution = Literal["clustered", "uniform"]
RECALL_K = 10
_CHUNK = 100_000  # rows generated and added at a time, so that temporaries stay small beside the data


@dataclass(frozen=True)
class SearchLatency:
    single_p50_ms: float  # one query per call, as a server answering one question does
    single_p95_ms: float
    batch_ms_per_query: float  # all queries in one call, divided by their number


@dataclass(frozen=True)
class IndexResult:
    kind: IndexKind
    params: str  # e.g. "nlist=4000 nprobe=16" or "M=32 efSearch=64"
    build_seconds: float  # training + adding (shared by every search setting of the same index)
    train_seconds: float
    train_size: int
    memory_mb: float  # growth of this process's resident memory while building the index
    index_mb: float  # size of the index's own structures (vectors or codes, ids, lists, links)
    latency: SearchLatency
    recall_at_10: float  # share of the exact top 10 (flat) that the index returns in its top 10


@dataclass(frozen=True)
class FaissReport:
    n: int
    dim: int
    queries: int
    threads: int
    distribution: Distribution
    data_seconds: float
    data_mb: float
    results: tuple[IndexResult, ...]
    peak_rss_mb: float
    seconds: float
    load_average: float  # 1-minute load when the run ended: latencies on a shared machine depend on it


def synthetic_vectors(
    n: int, dim: int, seed: int = 0, distribution: Distribution = "clustered", clusters: int | None = None
) -> np.ndarray:
    """n unit vectors; 'clustered' draws them around random centres, as real embeddings gather by topic.

    Uniform random directions in 384 dimensions are all nearly orthogonal, which makes every approximate index
    look worse than it is on embeddings; the clustered default is closer to a corpus of passages.
    """
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    centres = None
    if distribution == "clustered":
        # About a hundred vectors a topic, so that topics outnumber IVF lists and no list is one clean topic.
        count = clusters or max(16, n // 100)
        centres = rng.standard_normal((count, dim), dtype=np.float32)
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        block = rng.standard_normal((stop - start, dim), dtype=np.float32)
        if centres is not None:
            # Noise of norm ~1 around a unit centre: neighbours share a centre but are far from identical.
            block *= 1.0 / math.sqrt(dim)
            block += centres[rng.integers(0, len(centres), stop - start)]
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def query_vectors(data: np.ndarray, count: int, seed: int = 1) -> np.ndarray:
    """Queries near stored vectors (a stored vector plus noise), as a question lands near its passages."""
    rng = np.random.default_rng(seed)
    picks = data[rng.integers(0, data.shape[0], count)]
    noisy = picks + rng.standard_normal(picks.shape, dtype=np.float32) * (0.5 / math.sqrt(data.shape[1]))
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return np.ascontiguousarray(noisy, dtype=np.float32)


def recall_at_k(found: np.ndarray, truth: np.ndarray, k: int = RECALL_K) -> float:
    """Mean share of each row's true top k found among the returned top k (ids; -1 means nothing)."""
    if truth.shape[0] == 0:
        return 0.0
    total = 0.0
    for got, want in zip(found[:, :k], truth[:, :k], strict=True):
        wanted = {int(w) for w in want if w >= 0}
        if wanted:
            total += len(wanted & {int(g) for g in got if g >= 0}) / len(wanted)
    return total / truth.shape[0]


def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def measure_latency(index: faiss.Index, queries: np.ndarray, k: int = RECALL_K) -> tuple[SearchLatency, np.ndarray]:
    """Single-query latencies (p50/p95) and the batch cost per query; returns the batch result ids too."""
    singles = []
    for row in queries:
        started = time.perf_counter()
        index.search(row.reshape(1, -1), k)
        singles.append((time.perf_counter() - started) * 1000.0)
    started = time.perf_counter()
    _, ids = index.search(queries, k)
    batch = (time.perf_counter() - started) * 1000.0 / max(len(queries), 1)
    return SearchLatency(_percentile(singles, 50), _percentile(singles, 95), batch), ids


def _add_in_chunks(index: faiss.Index, data: np.ndarray) -> None:
    for start in range(0, data.shape[0], _CHUNK):
        index.add(data[start : start + _CHUNK])


def index_mb(index: faiss.Index) -> float:
    """Bytes held by the index's structures, counted from them (RSS growth also counts allocator slack)."""
    ntotal, dim = int(index.ntotal), int(index.d)
    if isinstance(index, faiss.IndexHNSW):
        hnsw = index.hnsw
        # The faiss type stubs omit these std::vector members of HNSW; they exist at run time.
        neighbors, levels, offsets = (getattr(hnsw, name) for name in ("neighbors", "levels", "offsets"))
        links = neighbors.size() * 4 + levels.size() * 4 + offsets.size() * 8
        return (ntotal * dim * 4 + links) / 2**20
    if isinstance(index, faiss.IndexIVF):
        quantizer = faiss.downcast_index(index.quantizer)
        return (ntotal * (index.code_size + 8) + quantizer.ntotal * dim * 4) / 2**20
    return ntotal * dim * 4 / 2**20


def default_nlist(n: int) -> int:
    """About 4·sqrt(n) lists (4,000 for a million vectors), never more than n / 39 so that training is sound."""
    return max(1, min(int(4 * math.sqrt(n)), n // 39 or 1))


def run_faiss_bench(
    n: int = 1_000_000,
    dim: int = 384,
    *,
    queries: int = 200,
    kinds: Sequence[IndexKind] = ("flat", "ivf", "hnsw"),
    nlist: int | None = None,
    nprobes: Sequence[int] = (1, 8, 32, 128),
    train_size: int | None = None,
    hnsw_m: int = 32,
    ef_searches: Sequence[int] = (32, 64, 128),
    ef_construction: int = 40,
    threads: int = 2,
    distribution: Distribution = "clustered",
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> FaissReport:
    """Build each index kind over the same synthetic data and measure build time, latency, memory and recall.

    Flat (IndexFlatIP) gives the exact top 10 that every approximate index is scored against. IVF is trained on
    a sample (`train_size`, default 40·nlist), so training stays bounded however large n is.
    """
    if n < RECALL_K or dim < 2 or queries < 1:
        raise ValueError(f"n phải ≥ {RECALL_K}, dim ≥ 2 và queries ≥ 1 (nhận n={n}, dim={dim}, queries={queries}).")
    started_all = time.perf_counter()
    faiss.omp_set_num_threads(threads)
    say = progress or (lambda message: log.info("faiss_bench %s", message))

    started = time.perf_counter()
    data = synthetic_vectors(n, dim, seed, distribution)
    probe = query_vectors(data, queries, seed + 1)
    data_seconds = time.perf_counter() - started
    say(f"dữ liệu {n}×{dim} trong {data_seconds:.1f} s")

    results: list[IndexResult] = []
    # Exact ground truth is always needed, even when "flat" is not asked for as a row.
    before = rss_mb() or 0.0
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(dim)
    _add_in_chunks(flat, data)
    flat_build = time.perf_counter() - started
    flat_memory = (rss_mb() or 0.0) - before
    flat_latency, truth = measure_latency(flat, probe)
    if "flat" in kinds:
        results.append(
            IndexResult("flat", "exact", flat_build, 0.0, 0, flat_memory, index_mb(flat), flat_latency, 1.0)
        )
        say(f"flat: {flat_latency.single_p50_ms:.1f} ms/truy vấn")
    del flat

    if "ivf" in kinds or "ivf-sq8" in kinds:
        lists = nlist or default_nlist(n)
        sample_size = min(n, train_size or 40 * lists)
        sample = data[np.random.default_rng(seed + 2).choice(n, sample_size, replace=False)]
        for kind in [k for k in ("ivf", "ivf-sq8") if k in kinds]:
            before = rss_mb() or 0.0
            quantizer = faiss.IndexFlatIP(dim)
            ivf: faiss.IndexIVF
            if kind == "ivf":
                ivf = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
            else:
                ivf = faiss.IndexIVFScalarQuantizer(
                    quantizer, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
                )
            started = time.perf_counter()
            ivf.train(sample)
            train_seconds = time.perf_counter() - started
            _add_in_chunks(ivf, data)
            build = time.perf_counter() - started
            memory = (rss_mb() or 0.0) - before
            say(f"{kind}: nlist {lists}, huấn luyện {train_seconds:.1f} s, dựng {build:.1f} s")
            for nprobe in nprobes:
                ivf.nprobe = min(nprobe, lists)
                latency, ids = measure_latency(ivf, probe)
                results.append(
                    IndexResult(
                        kind, f"nlist={lists} nprobe={ivf.nprobe}", build, train_seconds, sample_size, memory,
                        index_mb(ivf), latency, recall_at_k(ids, truth),
                    )
                )
            del ivf, quantizer
        del sample

    if "hnsw" in kinds:
        before = rss_mb() or 0.0
        hnsw_index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        hnsw_index.hnsw.efConstruction = ef_construction
        started = time.perf_counter()
        _add_in_chunks(hnsw_index, data)
        build = time.perf_counter() - started
        memory = (rss_mb() or 0.0) - before
        say(f"hnsw: M {hnsw_m}, dựng {build:.1f} s")
        for ef in ef_searches:
            hnsw_index.hnsw.efSearch = ef
            latency, ids = measure_latency(hnsw_index, probe)
            results.append(
                IndexResult(
                    "hnsw", f"M={hnsw_m} efC={ef_construction} efSearch={ef}", build, 0.0, 0, memory,
                    index_mb(hnsw_index), latency, recall_at_k(ids, truth),
                )
            )
        del hnsw_index

    return FaissReport(
        n=n,
        dim=dim,
        queries=queries,
        threads=threads,
        distribution=distribution,
        data_seconds=data_seconds,
        data_mb=data.nbytes / 2**20,
        results=tuple(results),
        peak_rss_mb=peak_rss_mb() or float("nan"),
        seconds=time.perf_counter() - started_all,
        load_average=os.getloadavg()[0],
    )


def format_faiss(report: FaissReport) -> str:
    lines = [
        (
            f"FAISS: {report.n:,} vector × {report.dim} chiều ({report.distribution}, {report.data_mb:.0f} MiB), "
            f"{report.queries} truy vấn, {report.threads} luồng; tổng {report.seconds:.0f} s, "
            f"RSS đỉnh {report.peak_rss_mb:.0f} MiB, tải máy {report.load_average:.1f}"
        ),
        "",
        (
            f"{'chỉ mục':<8} {'tham số':<32} {'dựng s':>8} {'huấn luyện s':>12} {'RSS+ MiB':>8} {'cấu trúc':>8} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'lô ms/q':>8} {'recall@10':>9}"
        ),
    ]
    for r in report.results:
        lines.append(
            f"{r.kind:<8} {r.params:<32} {r.build_seconds:>8.1f} {r.train_seconds:>12.1f} {r.memory_mb:>8.0f} "
            f"{r.index_mb:>8.0f} "
            f"{r.latency.single_p50_ms:>8.2f} {r.latency.single_p95_ms:>8.2f} {r.latency.batch_ms_per_query:>8.3f} "
            f"{r.recall_at_10:>9.3f}"
        )
    lines.append("")
    lines.append(
        "RSS+: tăng bộ nhớ thường trú của tiến trình khi dựng; cấu trúc: MiB do chính chỉ mục giữ (vector/mã, id, "
        "danh sách, liên kết); recall@10 so với tìm kiếm chính xác (flat)."
    )
    return "\n".join(lines)


def write_faiss_report(report: FaissReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
