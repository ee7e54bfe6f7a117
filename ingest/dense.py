"""Dense passage index: FAISS inner product over unit vectors, with the chunk id of every row kept beside it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import faiss
import numpy as np

from ingest.embedding import normalise_rows
from ingest.errors import IndexMismatchError, IndexMissingError

VECTORS_FILE = "dense.faiss"
IDS_FILE = "dense_ids.json"


class DenseIndex:
    """Exact search (IndexFlatIP): a few thousand chunks need no approximate index, and exact is reproducible."""

    def __init__(self, dimension: int, signature: str = "") -> None:
        self._index: faiss.Index = faiss.IndexFlatIP(dimension)
        self._ids: list[str] = []
        self._signature = signature

    @classmethod
    def build(cls, ids: Sequence[str], vectors: np.ndarray, signature: str = "") -> DenseIndex:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be 2-D, got shape {vectors.shape}")
        index = cls(vectors.shape[1], signature)
        index.add(ids, vectors)
        return index

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._ids)

    @property
    def signature(self) -> str:
        """The embedder signature the vectors were made with (see `ingest.embedding.embedder_signature`)."""
        return self._signature

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        vectors = normalise_rows(vectors)
        if len(ids) != vectors.shape[0]:
            raise ValueError(f"{len(ids)} ids for {vectors.shape[0]} vectors")
        if vectors.shape[0] and vectors.shape[1] != self.dimension:
            raise ValueError(f"vectors have dimension {vectors.shape[1]}, index has {self.dimension}")
        if vectors.shape[0]:
            self._index.add(vectors)
        self._ids.extend(ids)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk_id, cosine) best first; at most k, fewer when the index is smaller."""
        if not self._ids or k <= 0:
            return []
        query = normalise_rows(vector)
        if query.shape[1] != self.dimension:
            raise IndexMismatchError(
                f"Vector truy vấn có {query.shape[1]} chiều, chỉ mục có {self.dimension} chiều. "
                "Dựng lại chỉ mục bằng: nq57 ingest --rebuild"
            )
        scores, rows = self._index.search(query, min(k, len(self._ids)))
        return [(self._ids[r], float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def vectors_for(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored vectors of the given chunk ids that are present (used to reuse embeddings on re-ingest)."""
        position = {cid: i for i, cid in enumerate(self._ids)}
        wanted = [(cid, position[cid]) for cid in ids if cid in position]
        if not wanted:
            return {}
        rows = np.array([p for _, p in wanted], dtype=np.int64)
        matrix = (
            self._index.reconstruct_batch(rows)
            if hasattr(self._index, "reconstruct_batch")
            else np.vstack([self._index.reconstruct(int(r)) for r in rows])
        )
        return {cid: matrix[i] for i, (cid, _) in enumerate(wanted)}

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(directory / VECTORS_FILE))
        payload = {"dimension": self.dimension, "signature": self._signature, "ids": self._ids}
        (directory / IDS_FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> DenseIndex:
        vectors_path, ids_path = directory / VECTORS_FILE, directory / IDS_FILE
        if not vectors_path.exists() or not ids_path.exists():
            raise IndexMissingError(
                f"Thiếu chỉ mục vector trong {str(directory)!r}. Dựng chỉ mục bằng: nq57 ingest --rebuild"
            )
        payload = json.loads(ids_path.read_text(encoding="utf-8"))
        index = cls(int(payload["dimension"]), str(payload.get("signature", "")))
        index._index = faiss.read_index(str(vectors_path))
        index._ids = [str(i) for i in payload["ids"]]
        if index._index.ntotal != len(index._ids) or index._index.d != int(payload["dimension"]):
            raise IndexMismatchError(
                f"Chỉ mục vector trong {str(directory)!r} hỏng ({index._index.ntotal} vector, "
                f"{len(index._ids)} mã đoạn). Dựng lại bằng: nq57 ingest --rebuild"
            )
        return index
