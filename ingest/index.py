"""Opening a built index for serving: the manifest check against the settings, and the bundle of its parts."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ingest.dense import DenseIndex
from ingest.embedding import Embedder, make_embedder
from ingest.errors import IndexMismatchError, IndexMissingError
from ingest.lexical import LexicalIndex
from ingest.models import Manifest
from ingest.settings import Settings
from ingest.store import STORE_FILE, Store

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"
REBUILD_HINT = "Dựng lại bằng: nq57 ingest --rebuild"


@dataclass(frozen=True)
class IndexBundle:
    """Everything the app searches: dense and lexical rankings, the record store, and the query embedder."""

    path: Path
    manifest: Manifest
    store: Store
    dense: DenseIndex
    lexical: LexicalIndex
    embedder: Embedder

    def close(self) -> None:
        self.store.close()


def manifest_path(index_dir: Path) -> Path:
    return index_dir / MANIFEST_FILE


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Written last when building: a directory with a manifest is a complete index."""
    path = manifest_path(index_dir)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(index_dir: Path) -> Manifest:
    path = manifest_path(index_dir)
    if not path.exists():
        raise IndexMissingError(
            f"Chưa có chỉ mục trong {str(index_dir)!r} (thiếu {MANIFEST_FILE}). Dựng chỉ mục bằng: nq57 ingest --rebuild"
        )
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Manifest)}
        return Manifest(**{k: v for k, v in data.items() if k in known})
    except (ValueError, TypeError) as exc:
        raise IndexMismatchError(f"Tệp {str(path)!r} không đọc được ({exc}). {REBUILD_HINT}") from exc


def manifest_differences(manifest: Manifest, settings: Settings, dimension: int | None = None) -> list[str]:
    """Human-readable differences between how the index was built and what the settings ask for."""
    emb, chunking = settings.embedding, settings.chunking
    wanted: list[tuple[str, object, object]] = [
        ("embedding.backend", manifest.embedding_backend, emb.backend),
        ("embedding.model", manifest.embedding_model, emb.model),
        ("chunking.segmenter", manifest.segmenter, chunking.segmenter),
    ]
    built_chunking = manifest.chunking or {}
    for name, value in chunking.model_dump(mode="json").items():
        wanted.append((f"chunking.{name}", built_chunking.get(name), value))
    if dimension is not None:
        wanted.append(("dimension", manifest.dimension, dimension))
    return [
        f"{name}: chỉ mục {built!r}, cấu hình {current!r}"
        for name, built, current in wanted
        if built != current
    ]


def validate_manifest(
    manifest: Manifest, settings: Settings, index_dir: Path, dimension: int | None = None
) -> None:
    diffs = manifest_differences(manifest, settings, dimension)
    if diffs:
        raise IndexMismatchError(
            f"Chỉ mục trong {str(index_dir)!r} được dựng với cấu hình khác: {'; '.join(diffs)}. {REBUILD_HINT}"
        )


def recover_interrupted_swap(index_dir: Path) -> None:
    """If a build died between moving the old index away and moving the new one in, put the old one back."""
    if index_dir.exists():
        return
    candidates = sorted(
        (p for p in index_dir.parent.glob(f".{index_dir.name}.old-*") if manifest_path(p).exists()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if candidates:
        log.warning("index_recovered from=%s to=%s", candidates[0], index_dir)
        os.rename(candidates[0], index_dir)


def load_index(settings: Settings, embedder: Embedder | None = None) -> IndexBundle:
    """Open the index at settings.paths.index_dir, refusing one built with other embedding or chunk settings.

    The embedder is made from the settings (and warmed up) unless one is given.
    """
    index_dir = settings.paths.index_dir
    recover_interrupted_swap(index_dir)
    manifest = read_manifest(index_dir)
    validate_manifest(manifest, settings, index_dir)
    dense = DenseIndex.load(index_dir)
    if dense.dimension != manifest.dimension:
        raise IndexMismatchError(
            f"Chỉ mục vector trong {str(index_dir)!r} có {dense.dimension} chiều, manifest ghi "
            f"{manifest.dimension}. {REBUILD_HINT}"
        )
    embedder = embedder or make_embedder(settings.embedding)
    if (embedder.backend, embedder.name) != (manifest.embedding_backend, manifest.embedding_model):
        raise IndexMismatchError(
            f"Chỉ mục trong {str(index_dir)!r} dùng mô hình {manifest.embedding_backend}/{manifest.embedding_model}, "
            f"bộ nhúng được truyền vào là {embedder.backend}/{embedder.name}. {REBUILD_HINT}"
        )
    embedder.warm_up()
    validate_manifest(manifest, settings, index_dir, embedder.dimension)
    lexical = LexicalIndex.load(index_dir, settings.retrieval.bm25_k1, settings.retrieval.bm25_b)
    store = Store.open(index_dir / STORE_FILE)
    log.info(
        "index_loaded path=%s chunks=%d model=%s built_at=%s",
        index_dir,
        len(dense),
        manifest.embedding_model,
        manifest.built_at,
    )
    return IndexBundle(index_dir, manifest, store, dense, lexical, embedder)
