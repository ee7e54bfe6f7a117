"""Building the index: corpus files → documents, records and chunks → FAISS + BM25 + SQLite, swapped in atomically."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np

from ingest.agencies import AgencyRegistry
from ingest.chunking import chunk_document
from ingest.dense import DenseIndex
from ingest.embedding import Embedder, embedder_signature, make_embedder
from ingest.errors import IndexMismatchError, IndexMissingError, Nq57Error
from ingest.index import MANIFEST_FILE, read_manifest, recover_interrupted_swap, write_manifest
from ingest.lexical import LexicalIndex
from ingest.loaders import SUPPORTED_EXTENSIONS, discover_documents, load_document
from ingest.metadata import sidecar_path
from ingest.models import Chunk, DocumentMeta, Indicator, Manifest, ReportFigure, Task, content_hash
from ingest.segmenter import Segmenter, make_segmenter
from ingest.settings import Settings
from ingest.signature import extract_signature
from ingest.store import STORE_FILE, Store
from ingest.structure import build_document
from ingest.tables.figures import parse_figures
from ingest.tables.indicators import parse_indicators
from ingest.tables.tasks import parse_tasks

log = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent

Stage = Literal["scan", "document", "embed", "write", "swap", "done"]
DocumentStatus = Literal["ok", "unchanged", "skipped"]


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a build; `message` is a Vietnamese line fit for a terminal."""

    stage: Stage
    message: str
    done: int = 0
    total: int = 0


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class DocumentReport:
    source_path: str
    status: DocumentStatus
    doc_id: str | None = None
    reason: str | None = None  # Vietnamese, set when status == "skipped"
    chunks: int = 0
    tasks: int = 0
    indicators: int = 0
    figures: int = 0
    embedded: int = 0  # chunks embedded by this run
    reused: int = 0  # chunks whose vector came from the previous index
    seconds: float = 0.0


@dataclass(frozen=True)
class IngestReport:
    index_dir: Path
    documents: tuple[DocumentReport, ...]
    counts: dict[str, int]
    timings: dict[str, float]  # seconds per stage and "total"
    manifest: Manifest

    @property
    def failed(self) -> tuple[DocumentReport, ...]:
        return tuple(d for d in self.documents if d.status == "skipped")

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class _Processed:
    """One document's output, whether freshly processed or copied from the previous index."""

    meta: DocumentMeta
    text: str
    fingerprint: str
    status: DocumentStatus
    chunks: list[Chunk]
    tasks: list[Task]
    indicators: list[Indicator]
    figures: list[ReportFigure]
    seconds: float
    embedded: int = 0
    reused: int = 0


@dataclass
class _Previous:
    """The index being replaced: its rows can be copied and its vectors reused."""

    manifest: Manifest
    store: Store | None  # None when the store was written by another schema: only its vectors are reused
    dense: DenseIndex
    lexical: LexicalIndex | None
    fingerprints: dict[str, tuple[str, str]] = field(default_factory=dict)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


# ---- helpers ------------------------------------------------------------------------------------------


def code_version() -> str:
    """Hash of the ingest package's code and data: documents are re-processed when it changes."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def scan_corpus(corpus_dir: Path) -> list[Path]:
    """Supported source files under `corpus_dir`, sorted; sidecars and hidden files are not documents."""
    if not corpus_dir.is_dir():
        raise Nq57Error(
            f"Không tìm thấy thư mục văn bản {str(corpus_dir)!r}. Kiểm tra NQ57_PATHS__CORPUS_DIR hoặc --corpus."
        )
    return sorted(discover_documents(corpus_dir), key=lambda p: p.relative_to(corpus_dir).as_posix())


def source_fingerprint(path: Path) -> str:
    """Hash of the file and its sidecar: a changed sidecar changes metadata, so the document is re-processed."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = sidecar_path(path)
    if sidecar.exists():
        digest.update(b"\x00sidecar\x00")
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_builds(index_dir: Path) -> None:
    """Leftovers of builds that were killed: their process is gone, so nobody will finish them."""
    for pattern in (f".{index_dir.name}.building-*", f".{index_dir.name}.old-*"):
        for path in index_dir.parent.glob(pattern):
            try:
                pid = int(path.name.rsplit("-", 2)[-2])
            except (ValueError, IndexError):
                continue
            if pid == os.getpid() or not _pid_alive(pid):
                log.info("stale_build_removed path=%s", path)
                shutil.rmtree(path, ignore_errors=True)


def _swap_in(new_dir: Path, index_dir: Path, progress: ProgressCallback | None) -> None:
    """Replace index_dir by new_dir with two renames; at every instant one complete index exists on disk."""
    old_dir = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    _emit(progress, "swap", "Thay chỉ mục cũ bằng chỉ mục mới")
    if index_dir.exists():
        # Keep files that are not part of an index (e.g. the repository's .gitkeep).
        for item in index_dir.iterdir():
            if item.name.startswith(".") and item.is_file() and not (new_dir / item.name).exists():
                shutil.copy2(item, new_dir / item.name)
        os.rename(index_dir, old_dir)
    try:
        os.rename(new_dir, index_dir)
    except BaseException:
        if old_dir.exists() and not index_dir.exists():
            os.rename(old_dir, index_dir)
        raise
    shutil.rmtree(old_dir, ignore_errors=True)


def _emit(
    progress: ProgressCallback | None, stage: Stage, message: str, done: int = 0, total: int = 0
) -> None:
    log.debug("ingest_progress stage=%s done=%d total=%d %s", stage, done, total, message)
    if progress is not None:
        progress(ProgressEvent(stage, message, done, total))


def _open_previous(index_dir: Path) -> _Previous | None:
    try:
        manifest = read_manifest(index_dir)
        dense = DenseIndex.load(index_dir)
    except (IndexMissingError, IndexMismatchError) as exc:
        log.info("previous_index_unusable path=%s reason=%s", index_dir, exc.message)
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged previous index must never stop a rebuild
        log.warning("previous_index_unreadable path=%s error=%r", index_dir, exc)
        return None
    store: Store | None
    try:
        store = Store.open(index_dir / STORE_FILE)
    except (IndexMissingError, IndexMismatchError) as exc:
        # A store of an older schema is not read, but the vectors are keyed by chunk id and embedder, not by
        # the store's columns: re-embedding the whole corpus for a schema change would waste minutes.
        log.info("previous_store_unusable path=%s reason=%s", index_dir, exc.message)
        store = None
    except Exception as exc:  # noqa: BLE001 - same as above
        log.warning("previous_store_unreadable path=%s error=%r", index_dir, exc)
        store = None
    try:
        lexical: LexicalIndex | None = LexicalIndex.load(index_dir)
    except (IndexMissingError, IndexMismatchError):
        lexical = None
    fingerprints = store.document_fingerprints() if store is not None else {}
    return _Previous(manifest, store, dense, lexical, fingerprints)


def _copy_previous(previous: _Previous, doc_id: str, fingerprint: str) -> _Processed | None:
    if previous.store is None:
        return None
    meta = previous.store.document(doc_id)
    text = previous.store.document_text(doc_id)
    if meta is None or text is None:
        return None
    return _Processed(
        meta=meta,
        text=text,
        fingerprint=fingerprint,
        status="unchanged",
        chunks=previous.store.chunks(doc_id),
        tasks=previous.store.tasks(doc_id=doc_id),
        indicators=previous.store.indicators(doc_id=doc_id),
        figures=previous.store.figures(doc_id=doc_id),
        seconds=0.0,
    )


def _process(
    path: Path,
    corpus_dir: Path,
    fingerprint: str,
    settings: Settings,
    registry: AgencyRegistry,
    segmenter: Segmenter,
) -> _Processed:
    started = time.perf_counter()
    source = load_document(path, corpus_dir)
    doc = build_document(source)
    # Found on the cleaned text, so the name's offsets index the text the store keeps.
    doc = replace(doc, meta=replace(doc.meta, signature=extract_signature(doc.text)))
    tasks = parse_tasks(doc, registry)
    indicators = parse_indicators(doc)
    figures = parse_figures(doc, registry)
    # Table rows get a chunk of their own; figures stay inside the prose they were quoted from.
    chunks = chunk_document(doc, settings.chunking, (*tasks, *indicators), segmenter)
    return _Processed(
        meta=doc.meta,
        text=doc.text,
        fingerprint=fingerprint,
        status="ok",
        chunks=list(chunks),
        tasks=list(tasks),
        indicators=list(indicators),
        figures=list(figures),
        seconds=time.perf_counter() - started,
    )


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, Nq57Error):
        return exc.message
    return f"Lỗi khi xử lý văn bản ({type(exc).__name__}: {exc}); kiểm tra tệp hoặc báo lỗi kèm tệp này."


# ---- the build ----------------------------------------------------------------------------------------


def build_index(
    settings: Settings,
    progress: ProgressCallback | None = None,
    *,
    rebuild: bool = False,
    embedder: Embedder | None = None,
) -> IngestReport:
    """Build the index for settings.paths.corpus_dir into settings.paths.index_dir.

    Unchanged documents are copied from the previous index and every chunk whose vector is already there is
    not embedded again, unless `rebuild`. A document that fails is reported and left out; the build fails
    (leaving the previous index in place) only when no document could be ingested.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    corpus_dir, index_dir = settings.paths.corpus_dir, settings.paths.index_dir
    embedder = embedder or make_embedder(settings.embedding)
    signature = embedder_signature(embedder)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(index_dir)
    _remove_stale_builds(index_dir)

    files = scan_corpus(corpus_dir)
    if not files:
        raise Nq57Error(
            f"Thư mục {str(corpus_dir)!r} không có văn bản nào ({', '.join(SUPPORTED_EXTENSIONS)}). "
            "Thêm văn bản rồi chạy lại: nq57 ingest"
        )
    _emit(progress, "scan", f"Tìm thấy {len(files)} văn bản trong {corpus_dir}", len(files), len(files))

    version = code_version()
    chunking = settings.chunking.model_dump(mode="json")
    previous = None if rebuild else _open_previous(index_dir)
    try:
        copy_rows = (
            previous is not None
            and previous.manifest.code_version == version
            and previous.manifest.chunking == chunking
            and previous.manifest.segmenter == settings.chunking.segmenter
        )
        t0 = time.perf_counter()
        registry = AgencyRegistry.default()
        segmenter = make_segmenter(settings.chunking.segmenter)
        processed: list[_Processed] = []
        reports: dict[int, DocumentReport] = {}
        seen_ids: dict[str, str] = {}
        for i, path in enumerate(files, start=1):
            rel = path.relative_to(corpus_dir).as_posix()
            _emit(progress, "document", f"[{i}/{len(files)}] Đọc {rel}", i - 1, len(files))
            fingerprint = source_fingerprint(path)
            item: _Processed | None = None
            if (
                copy_rows
                and previous is not None
                and previous.fingerprints.get(rel, ("", ""))[1] == fingerprint
            ):
                item = _copy_previous(previous, previous.fingerprints[rel][0], fingerprint)
            if item is None:
                try:
                    item = _process(path, corpus_dir, fingerprint, settings, registry, segmenter)
                except Exception as exc:  # one bad document must not stop the others
                    reason = _failure_reason(exc)
                    log.warning(
                        "document_skipped path=%s reason=%s",
                        rel,
                        reason,
                        exc_info=not isinstance(exc, Nq57Error),
                    )
                    reports[i] = DocumentReport(rel, "skipped", reason=reason)
                    _emit(progress, "document", f"[{i}/{len(files)}] Bỏ qua {rel}: {reason}", i, len(files))
                    continue
            if item.meta.id in seen_ids:
                reason = f"Trùng mã văn bản {item.meta.id!r} với tệp {seen_ids[item.meta.id]!r}; đổi tên một trong hai tệp."
                reports[i] = DocumentReport(rel, "skipped", doc_id=item.meta.id, reason=reason)
                continue
            seen_ids[item.meta.id] = rel
            processed.append(item)
            reports[i] = DocumentReport(rel, item.status, doc_id=item.meta.id)
        timings["documents"] = time.perf_counter() - t0
        if not processed:
            reasons = "; ".join(f"{r.source_path}: {r.reason}" for r in reports.values())
            raise Nq57Error(f"Không nạp được văn bản nào, giữ nguyên chỉ mục cũ. Lý do: {reasons}")

        t0 = time.perf_counter()
        ids, vectors, dimension = _embed(
            processed, embedder, signature, previous, progress, settings.embedding.batch_size
        )
        timings["embed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        lexical = _lexical(processed, settings, previous, progress)
        timings["lexical"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        _emit(progress, "write", "Ghi chỉ mục")
        build_dir = index_dir.parent / f".{index_dir.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            manifest = _write(
                build_dir,
                processed,
                ids,
                vectors,
                lexical,
                dimension,
                signature,
                settings,
                registry,
                embedder,
                version,
                progress,
            )
            timings["write"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            if previous is not None:
                previous.close()
                previous = None
            _swap_in(build_dir, index_dir, progress)
            timings["swap"] = time.perf_counter() - t0
        finally:
            shutil.rmtree(build_dir, ignore_errors=True)
    finally:
        if previous is not None:
            previous.close()

    by_doc = {p.meta.id: p for p in processed}
    final_reports = []
    for i in sorted(reports):
        r = reports[i]
        p = by_doc.get(r.doc_id or "") if r.status != "skipped" else None
        if p is not None:
            r = DocumentReport(
                r.source_path,
                r.status,
                r.doc_id,
                None,
                len(p.chunks),
                len(p.tasks),
                len(p.indicators),
                len(p.figures),
                p.embedded,
                p.reused,
                round(p.seconds, 3),
            )
        final_reports.append(r)
    timings["total"] = time.perf_counter() - started
    report = IngestReport(
        index_dir,
        tuple(final_reports),
        dict(manifest.counts),
        {k: round(v, 3) for k, v in timings.items()},
        manifest,
    )
    _emit(progress, "done", f"Xong: {manifest.counts.get('chunks', 0)} đoạn, {timings['total']:.1f} giây")
    log.info("ingest_done index=%s counts=%s timings=%s", index_dir, report.counts, report.timings)
    return report


def _embed(
    processed: list[_Processed],
    embedder: Embedder,
    signature: str,
    previous: _Previous | None,
    progress: ProgressCallback | None,
    batch_size: int,
) -> tuple[list[str], np.ndarray, int]:
    """Vectors for every chunk, in order; vectors of chunk ids already embedded with the same embedder are reused."""
    ids: list[str] = []
    texts: list[str] = []
    owner: list[_Processed] = []
    seen: set[str] = set()
    for item in processed:
        unique = []
        for chunk in item.chunks:
            # A chunk id hashes document and text, so a repeated id is a repeated passage: index it once.
            if chunk.id in seen:
                continue
            seen.add(chunk.id)
            unique.append(chunk)
            ids.append(chunk.id)
            texts.append(chunk.text)
            owner.append(item)
        item.chunks = unique
    cached: dict[str, np.ndarray] = {}
    if previous is not None and previous.dense.signature == signature:
        cached = previous.dense.vectors_for(ids)
    missing = [i for i, cid in enumerate(ids) if cid not in cached]
    if missing:
        dimension = embedder.dimension
    elif previous is not None and cached:
        dimension = previous.dense.dimension
    else:
        dimension = embedder.dimension
    matrix = np.zeros((len(ids), dimension), dtype=np.float32)
    for i, cid in enumerate(ids):
        if cid in cached:
            matrix[i] = cached[cid]
            owner[i].reused += 1
    batch = 4 * batch_size  # progress granularity only; the embedder batches by itself
    for start in range(0, len(missing), batch):
        rows = missing[start : start + batch]
        _emit(
            progress,
            "embed",
            f"Nhúng đoạn {start + 1}–{start + len(rows)}/{len(missing)}",
            start,
            len(missing),
        )
        matrix[rows] = embedder.embed_passages([texts[r] for r in rows])
        for r in rows:
            owner[r].embedded += 1
    if missing:
        _emit(
            progress,
            "embed",
            f"Đã nhúng {len(missing)} đoạn, dùng lại {len(cached)} vector",
            len(missing),
            len(missing),
        )
    return ids, matrix, dimension


def _lexical(
    processed: list[_Processed],
    settings: Settings,
    previous: _Previous | None,
    progress: ProgressCallback | None,
) -> LexicalIndex:
    """BM25 over every chunk; term counts of chunks the previous index holds are reused when the tokeniser
    is the same, because segmenting words is the slow part of a re-ingest."""
    _emit(progress, "write", "Dựng chỉ mục từ khoá (BM25)")
    lexical = LexicalIndex(settings.chunking.segmenter, settings.retrieval.bm25_k1, settings.retrieval.bm25_b)
    chunks = [c for item in processed for c in item.chunks]
    reusable: dict[str, dict[str, int]] = {}
    if (
        previous is not None
        and previous.lexical is not None
        and previous.lexical.signature == lexical.signature
    ):
        reusable = previous.lexical.term_counts(c.id for c in chunks)
    for chunk in chunks:
        counts = reusable.get(chunk.id)
        if counts is not None:
            lexical.add_counts(chunk.id, counts)
        else:
            lexical.add_tokens(chunk.id, lexical.tokenize(chunk.text))
    return lexical


def _write(
    build_dir: Path,
    processed: list[_Processed],
    ids: list[str],
    vectors: np.ndarray,
    lexical: LexicalIndex,
    dimension: int,
    signature: str,
    settings: Settings,
    registry: AgencyRegistry,
    embedder: Embedder,
    version: str,
    progress: ProgressCallback | None,
) -> Manifest:
    build_dir.mkdir(parents=True)
    store = Store.create(build_dir / STORE_FILE)
    try:
        store.add_agencies(registry.all())
        for item in processed:
            store.add_document(item.meta, item.text, item.fingerprint)
            store.add_chunks(item.chunks)
            store.add_tasks(item.tasks)
            store.add_indicators(item.indicators)
            store.add_figures(item.figures)
        store.commit()
        counts = store.counts()
    finally:
        store.close()
    _emit(progress, "write", f"Ghi chỉ mục vector ({len(ids)} đoạn)")
    DenseIndex.build(ids, vectors.reshape(len(ids), dimension), signature).save(build_dir)
    lexical.save(build_dir)
    corpus_hash = content_hash(*sorted(f"{p.meta.source_path}:{p.fingerprint}" for p in processed))
    manifest = Manifest(
        embedding_backend=embedder.backend,
        embedding_model=embedder.name,
        dimension=dimension,
        segmenter=settings.chunking.segmenter,
        chunking=settings.chunking.model_dump(mode="json"),
        corpus_hash=corpus_hash,
        code_version=version,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        documents={p.meta.id: p.meta.sha256 for p in processed},
        counts=counts,
    )
    write_manifest(build_dir, manifest)
    assert (build_dir / MANIFEST_FILE).exists()
    return manifest


def ensure_index(
    settings: Settings, progress: ProgressCallback | None = None, embedder: Embedder | None = None
) -> IngestReport | None:
    """Build the index when there is none (no manifest); returns the report, or None when one was there."""
    recover_interrupted_swap(settings.paths.index_dir)
    try:
        read_manifest(settings.paths.index_dir)
        return None
    except IndexMissingError:
        log.info("index_missing path=%s: building", settings.paths.index_dir)
        return build_index(settings, progress, embedder=embedder)
