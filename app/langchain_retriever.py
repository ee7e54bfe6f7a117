"""The project's hybrid retriever as a LangChain `BaseRetriever`, so other LangChain apps can reuse the index."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from app.retrieval import HybridRetriever
from ingest.index import IndexBundle
from ingest.settings import Settings


class Nq57Retriever(BaseRetriever):
    """Hybrid BM25 + dense search over the NQ57 index; each hit becomes a LangChain `Document`.

    >>> retriever = Nq57Retriever.from_index(load_index(settings), settings)
    >>> retriever.invoke("chỉ tiêu kinh tế số 2030")
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    titles: dict[str, str] = {}
    k: int = 8
    mode: Literal["bm25", "dense", "hybrid"] = "hybrid"

    @classmethod
    def from_index(cls, bundle: IndexBundle, settings: Settings, **kwargs: Any) -> Nq57Retriever:
        titles = {d.id: d.title for d in bundle.store.documents()}
        return cls(retriever=HybridRetriever(bundle, settings.retrieval), titles=titles, **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.retriever.search(query, k=self.k, mode=self.mode)
        return [
            Document(
                page_content=hit.chunk.text,
                id=hit.chunk.id,
                metadata={
                    "chunk_id": hit.chunk.id,
                    "doc_id": hit.chunk.doc_id,
                    "title": self.titles.get(hit.chunk.doc_id, hit.chunk.doc_id),
                    "location": hit.chunk.location,
                    "kind": hit.chunk.kind,
                    "start": hit.chunk.start,
                    "end": hit.chunk.end,
                    "score": hit.score,
                    "record_ref": hit.chunk.record_ref,
                },
            )
            for hit in result.chunks
        ]
