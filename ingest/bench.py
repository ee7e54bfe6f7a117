"""Ingest benchmark: full build throughput beside bare embedder throughput on the same chunks, and a no-change re-ingest."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.embedding import make_embedder
from ingest.pipeline import ProgressCallback, build_index
from ingest.settings import Settings
from ingest.store import STORE_FILE, Store


@dataclass(frozen=True)
class IngestBenchmark:
    embedder: str
    documents: int
    chunks: int
    build_seconds: float  # full build from nothing (load, parse, chunk, embed, write)
    build_embed_seconds: float  # the embedding stage inside that build
    bare_embed_seconds: float  # the embedder alone on the same chunk texts
    reingest_seconds: float  # a second build with nothing changed
    reingest_unchanged: int  # documents the re-ingest reported unchanged

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.build_seconds if self.build_seconds else 0.0

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.build_seconds if self.build_seconds else 0.0

    @property
    def bare_chunks_per_second(self) -> float:
        return self.chunks / self.bare_embed_seconds if self.bare_embed_seconds else 0.0


def run_ingest_bench(settings: Settings, progress: ProgressCallback | None = None) -> IngestBenchmark:
    """Runs in a temporary index directory, so the real index is never touched."""
    embedder = make_embedder(settings.embedding)
    embedder.warm_up()  # model loading is a one-off cost, kept out of both throughputs
    with tempfile.TemporaryDirectory(prefix="nq57-bench-") as tmp:
        paths = settings.paths.model_copy(update={"index_dir": Path(tmp) / "index"})
        bench_settings = settings.model_copy(update={"paths": paths})
        started = time.perf_counter()
        report = build_index(bench_settings, progress, rebuild=True, embedder=embedder)
        build_seconds = time.perf_counter() - started
        with Store.open(paths.index_dir / STORE_FILE) as store:
            texts = [c.text for c in store.chunks()]
        started = time.perf_counter()
        embedder.embed_passages(texts)
        bare_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = build_index(bench_settings, progress, embedder=embedder)
        reingest_seconds = time.perf_counter() - started
    return IngestBenchmark(
        embedder=f"{embedder.backend}/{embedder.name}",
        documents=sum(1 for d in report.documents if d.status != "skipped"),
        chunks=len(texts),
        build_seconds=build_seconds,
        build_embed_seconds=report.timings.get("embed", 0.0),
        bare_embed_seconds=bare_seconds,
        reingest_seconds=reingest_seconds,
        reingest_unchanged=sum(1 for d in again.documents if d.status == "unchanged"),
    )


def format_benchmark(bench: IngestBenchmark) -> str:
    build_rate = f"{bench.documents_per_second:.3f} văn bản/s, {bench.chunks_per_second:.2f} đoạn/s"
    rows = [
        ("Bộ nhúng", bench.embedder),
        ("Văn bản / đoạn", f"{bench.documents} / {bench.chunks}"),
        ("Dựng toàn bộ", f"{bench.build_seconds:.1f} s — {build_rate}"),
        ("  trong đó nhúng", f"{bench.build_embed_seconds:.1f} s"),
        (
            "Bộ nhúng đơn thuần",
            f"{bench.bare_embed_seconds:.1f} s — {bench.bare_chunks_per_second:.2f} đoạn/s",
        ),
        (
            "Nạp lại (không đổi)",
            f"{bench.reingest_seconds:.2f} s — {bench.reingest_unchanged} văn bản không đổi",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)
