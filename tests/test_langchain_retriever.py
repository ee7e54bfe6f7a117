"""The hybrid retriever as a LangChain BaseRetriever over the real index."""

from __future__ import annotations

from app.langchain_retriever import Nq57Retriever
from app.services import Services
from ingest.settings import Settings


def test_retriever_returns_langchain_documents_with_sources(corpus_settings: Settings,
                                                           corpus_services: Services) -> None:
    retriever = Nq57Retriever.from_index(corpus_services.bundle, corpus_settings, k=5)
    docs = retriever.invoke("phủ sóng 5G cho người dân")
    assert 0 < len(docs) <= 5
    assert all(d.metadata["doc_id"] and d.metadata["chunk_id"] == d.id for d in docs)
    assert any("5G" in d.page_content for d in docs)


def test_retriever_mode_is_configurable(corpus_settings: Settings, corpus_services: Services) -> None:
    lexical = Nq57Retriever.from_index(corpus_services.bundle, corpus_settings, k=3, mode="bm25")
    assert len(lexical.invoke("Trung tâm dữ liệu quốc gia")) == 3
