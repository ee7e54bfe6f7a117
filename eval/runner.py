"""Running an eval: play each case against the assistant (in-process or over HTTP), score it, rank retrieval."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from eval.questions.schema import KINDS, EvalCase
from eval.scoring import (
    MODES,
    CitationCheck,
    EvalRecord,
    EvalReport,
    LocatedEvidence,
    ObservedAnswer,
    ObservedCitation,
    RetrievalCaseResult,
    RetrievalReport,
    TokenizedText,
    UnlocatedEvidence,
    build_report,
    check_citation,
    error_record,
    evidence_in_text,
    locate_tokens,
    rank_metrics,
    retrieval_report,
    score_case,
    spans_overlap,
    tokenize,
)
from ingest.errors import Nq57Error
from ingest.models import Chunk, DocumentMeta, Task
from ingest.settings import Settings
from ingest.text import quote_in_text

if TYPE_CHECKING:
    from app.models import Answer
    from app.services import Services

log = logging.getLogger(__name__)

DEFAULT_SET = Path(__file__).resolve().parent / "questions" / "nq57_dev.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports" / "latest"
IN_PROCESS = "in-process"


class EvalTransportError(Nq57Error):
    """The assistant under evaluation could not be reached or answered with an error."""

    code = "danh_gia_loi_ket_noi"
    status = 502


# ------------------------------------------------------------------------------------------ clients


class ChatClient(Protocol):
    """What eval needs from the assistant, whether it runs in this process or behind `nq57 serve`."""

    target: str

    def ask(self, message: str, conversation_id: str | None) -> tuple[str, ObservedAnswer]: ...

    def documents(self) -> list[DocumentMeta]: ...

    def document_text(self, doc_id: str) -> str | None: ...

    def chunk_text(self, chunk_id: str) -> str | None: ...

    def close(self) -> None: ...


def observe_answer(answer: Answer) -> ObservedAnswer:
    """The engine's `Answer` as eval sees it."""
    return ObservedAnswer(
        text=answer.text,
        citations=tuple(
            ObservedCitation(c.n, c.document.id, c.quote, c.location, c.chunk_id, c.start, c.end)
            for c in answer.citations
        ),
        task_numbers=tuple(r.number for r in answer.records if isinstance(r, Task)),
        intent=answer.intent,
        refused=answer.refused,
        language=answer.language,
        record_count=len(answer.records),
    )


def observe_json(payload: dict[str, Any]) -> ObservedAnswer:
    """A `POST /chat` response body as eval sees it (the HTTP edge: JSON becomes objects here)."""
    citations: list[ObservedCitation] = []
    for c in payload.get("citations") or []:
        document = c.get("document") or {}
        citations.append(
            ObservedCitation(
                n=int(c.get("n", len(citations) + 1)),
                doc_id=str(document.get("id", "")),
                quote=str(c.get("quote", "")),
                location=str(c.get("location", "")),
                chunk_id=c.get("chunk_id"),
                start=c.get("start"),
                end=c.get("end"),
            )
        )
    records = payload.get("records") or []
    tasks = tuple(
        int(r["number"]) for r in records if r.get("type") == "task" and r.get("number") is not None
    )
    return ObservedAnswer(
        text=str(payload.get("answer", "")),
        citations=tuple(citations),
        task_numbers=tasks,
        intent=str(payload.get("intent", "")),
        refused=bool(payload.get("refused", False)),
        language=str(payload.get("language", "vi")),
        record_count=len(records),
    )


class InProcessClient:
    """Asks the services built in this process; reads documents and chunks straight from the index store."""

    target = IN_PROCESS

    def __init__(self, services: Services) -> None:
        self.services = services
        self._texts: dict[str, str | None] = {}

    def ask(self, message: str, conversation_id: str | None) -> tuple[str, ObservedAnswer]:
        conversation_id, answer = self.services.chat(message, conversation_id)
        return conversation_id, observe_answer(answer)

    def documents(self) -> list[DocumentMeta]:
        return self.services.bundle.store.documents()

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.services.bundle.store.document_text(doc_id)
        return self._texts[doc_id]

    def chunk_text(self, chunk_id: str) -> str | None:
        found = self.services.bundle.store.chunks_by_ids([chunk_id])
        return found[0].text if found else None

    def close(self) -> None:
        self.services.close()


class HttpClient:
    """Asks a running server through `POST /chat`; documents come from `GET /documents[/{id}]`."""

    def __init__(self, url: str, timeout_s: float = 120.0) -> None:
        import httpx

        self.target = url.rstrip("/")
        self._http = httpx.Client(base_url=self.target, timeout=timeout_s)
        self._texts: dict[str, str | None] = {}

    def _get(self, path: str) -> Any:
        import httpx

        try:
            response = self._http.get(path)
        except httpx.HTTPError as exc:
            raise EvalTransportError(
                f"Không gọi được {self.target}{path}: {exc}. Kiểm tra máy chủ đang chạy."
            ) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise EvalTransportError(
                f"{self.target}{path} trả về {response.status_code}: {response.text[:200]}"
            )
        return response.json()

    def ask(self, message: str, conversation_id: str | None) -> tuple[str, ObservedAnswer]:
        import httpx

        try:
            response = self._http.post("/chat", json={"message": message, "conversation_id": conversation_id})
        except httpx.HTTPError as exc:
            raise EvalTransportError(
                f"Không gọi được {self.target}/chat: {exc}. Kiểm tra máy chủ (nq57 serve) đang chạy ở địa chỉ này."
            ) from exc
        if response.status_code != 200:
            raise EvalTransportError(
                f"POST {self.target}/chat trả về {response.status_code}: {response.text[:300]}"
            )
        payload = response.json()
        return str(payload.get("conversation_id", "")), observe_json(payload)

    def documents(self) -> list[DocumentMeta]:
        body = self._get("/documents") or {}
        return [DocumentMeta.from_dict(item) for item in body.get("items", [])]

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            body = self._get(f"/documents/{doc_id}")
            self._texts[doc_id] = None if body is None else str(body.get("text", ""))
        return self._texts[doc_id]

    def chunk_text(self, chunk_id: str) -> str | None:
        return None  # the API has no chunk lookup; relevance then rests on the quote itself

    def close(self) -> None:
        self._http.close()


# ------------------------------------------------------------------------------------ evidence


class EvidenceLocator:
    """Finds each evidence quote's document (file stem → index id) and its span in the cleaned text."""

    def __init__(self, client: ChatClient) -> None:
        self._client = client
        self._ids: dict[str, str] = {}
        for meta in client.documents():
            self._ids[meta.id] = meta.id
            self._ids.setdefault(PurePosixPath(meta.source_path).stem, meta.id)
        self._tokens: dict[str, TokenizedText | None] = {}

    def doc_id(self, evidence_doc: str) -> str | None:
        return self._ids.get(evidence_doc)

    def tokens(self, doc_id: str) -> TokenizedText | None:
        if doc_id not in self._tokens:
            text = self._client.document_text(doc_id)
            self._tokens[doc_id] = tokenize(text) if text is not None else None
        return self._tokens[doc_id]

    def locate(self, case: EvalCase) -> tuple[tuple[LocatedEvidence, ...], tuple[UnlocatedEvidence, ...]]:
        located: list[LocatedEvidence] = []
        missing: list[UnlocatedEvidence] = []
        for ev in case.evidence:
            doc_id = self.doc_id(ev.doc)
            if doc_id is None:
                missing.append(UnlocatedEvidence(case.id, ev.doc, ev.quote, "văn bản không có trong chỉ mục"))
                located.append(LocatedEvidence(ev.doc, ev.quote, None))
                continue
            tokens = self.tokens(doc_id)
            span = locate_tokens(tokens, ev.quote) if tokens is not None else None
            if span is None:
                missing.append(
                    UnlocatedEvidence(
                        case.id, doc_id, ev.quote, "không tìm thấy câu trích trong văn bản đã làm sạch"
                    )
                )
            located.append(LocatedEvidence(doc_id, ev.quote, span))
        return tuple(located), tuple(missing)


# ---------------------------------------------------------------------------------------- answers


def run_case(case: EvalCase, client: ChatClient, locator: EvidenceLocator) -> EvalRecord:
    """Play the case's history turns in one conversation, then the question; score the last answer."""
    started = time.perf_counter()
    latency = 0.0
    try:
        conversation_id: str | None = None
        for turn in case.history:
            conversation_id, _ = client.ask(turn, conversation_id)
        asked = time.perf_counter()
        conversation_id, answer = client.ask(case.question, conversation_id)
        latency = time.perf_counter() - asked
    except Exception as exc:  # one failing case must not end a run of hundreds; the report lists it
        log.warning("eval_case_error case=%s error=%s", case.id, exc, exc_info=not isinstance(exc, Nq57Error))
        message = exc.message if isinstance(exc, Nq57Error) else f"{type(exc).__name__}: {exc}"
        return error_record(case, message, time.perf_counter() - started)
    total = time.perf_counter() - started
    evidence, _ = locator.locate(case)
    checks: list[CitationCheck] = []
    for citation in answer.citations:
        document_text = client.document_text(citation.doc_id) if citation.doc_id else None
        chunk_text = client.chunk_text(citation.chunk_id) if citation.chunk_id else None
        checks.append(check_citation(citation, document_text, chunk_text, evidence))
    return score_case(case, answer, checks, latency, total)


# -------------------------------------------------------------------------------------- retrieval

# (question text, depth, mode) → the ranked chunks, best first.
SearchFn = Callable[[str, int, str], Sequence[Chunk]]


def services_search(services: Services) -> SearchFn:
    """The engine's hybrid retriever as a plain ranking function."""

    def search(text: str, k: int, mode: str) -> Sequence[Chunk]:
        return [hit.chunk for hit in services.engine.retriever.search(text, k=k, mode=mode).chunks]  # type: ignore[arg-type]

    return search


@dataclass(frozen=True)
class _ChunkView:
    chunk: Chunk
    tokens: TokenizedText


def chunk_supports(chunk: Chunk, tokens: TokenizedText, evidence: LocatedEvidence) -> bool:
    """A chunk is relevant to an evidence quote when it contains the quote or overlaps the quote's span."""
    if quote_in_text(evidence.quote, chunk.text) or evidence_in_text(evidence.quote, tokens):
        return True
    return (
        evidence.span is not None
        and chunk.doc_id == evidence.doc_id
        and spans_overlap((chunk.start, chunk.end), evidence.span)
    )


def evaluate_retrieval(
    cases: Sequence[EvalCase],
    search: SearchFn,
    locator: EvidenceLocator,
    ks: Sequence[int] = (1, 5, 10),
    mrr_depth: int = 10,
    modes: Sequence[str] = MODES,
) -> RetrievalReport:
    """Rank chunks for each answerable case with evidence, in every mode, and score where the evidence lands.

    Follow-ups are searched with their question as-is: the retriever sees one message, not the conversation.
    """
    depth = max(max(ks), mrr_depth)
    results: list[RetrievalCaseResult] = []
    unlocated: list[UnlocatedEvidence] = []
    views: dict[str, _ChunkView] = {}
    for case in cases:
        if case.must_refuse or not case.evidence:
            continue
        evidence, missing = locator.locate(case)
        unlocated.extend(missing)
        for mode in modes:
            ranked = search(case.question, depth, mode)
            relevance: list[frozenset[int]] = []
            for chunk in ranked[:depth]:
                view = views.get(chunk.id)
                if view is None:
                    view = views[chunk.id] = _ChunkView(chunk, tokenize(chunk.text))
                relevance.append(
                    frozenset(i for i, ev in enumerate(evidence) if chunk_supports(chunk, view.tokens, ev))
                )
            recall, rr, first = rank_metrics(relevance, len(evidence), ks, mrr_depth)
            results.append(
                RetrievalCaseResult(
                    case.id, case.kind, mode, len(evidence), recall, rr, first, bool(case.history)
                )
            )
    return retrieval_report(results, ks, mrr_depth, unlocated, kind_order)


# ------------------------------------------------------------------------------------------- runs


def retrieval_ks(k: int) -> tuple[int, ...]:
    """Cut-offs reported for a ranking depth k: 1, 5, 10 where they fit, and k itself."""
    return tuple(sorted({x for x in (1, 5, 10) if x <= k} | {k}))


def kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


ProgressFn = Callable[[int, int, EvalRecord], None]
WARM_UP_QUESTION = "Nghị quyết 57-NQ/TW đặt mục tiêu gì đến năm 2030?"


def run_eval(
    cases: Sequence[EvalCase],
    client: ChatClient,
    *,
    question_set: str = "",
    search: SearchFn | None = None,
    k: int = 10,
    progress: ProgressFn | None = None,
    warm_up: bool = True,
) -> EvalReport:
    """Run and score every case; rank retrieval too when `search` (in-process only) is given."""
    locator = EvidenceLocator(client)
    notes: list[str] = []
    if warm_up:
        # The first answer pays for lazy loading (segmenter, term statistics); keep it out of the latency figures.
        started = time.perf_counter()
        try:
            client.ask(WARM_UP_QUESTION, None)
            warm = f"{time.perf_counter() - started:.1f}".replace(".", ",")
            notes.append(f"Câu hỏi khởi động (không tính điểm, không tính thời gian): {warm} s.")
        except Exception as exc:  # the cases will show the same failure with their own ids
            log.warning("eval_warm_up_failed error=%s", exc, exc_info=True)
    records: list[EvalRecord] = []
    for i, case in enumerate(cases, start=1):
        record = run_case(case, client, locator)
        records.append(record)
        log.info(
            "eval_case case=%s kind=%s correct=%s failure=%s latency_s=%.3f",
            case.id,
            case.kind,
            record.correct,
            record.failure or "-",
            record.latency_s,
        )
        if progress is not None:
            progress(i, len(cases), record)
    retrieval: RetrievalReport | None = None
    if search is not None:
        retrieval = evaluate_retrieval(cases, search, locator, retrieval_ks(k), k)
        if retrieval.follow_ups_as_is:
            notes.append(
                f"Truy hồi: {retrieval.follow_ups_as_is} câu hỏi tiếp nối được tìm kiếm nguyên văn, "
                "không kèm các lượt hỏi trước."
            )
        if retrieval.unlocated:
            notes.append(
                f"Truy hồi: {len(retrieval.unlocated)} câu trích bằng chứng không định vị được trong văn bản đã "
                "làm sạch; với chúng chỉ tính đoạn chứa nguyên câu trích."
            )
    else:
        notes.append(
            "Không đánh giá truy hồi: chỉ chạy được khi đánh giá trong tiến trình (không dùng --url)."
        )
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    return build_report(records, question_set, client.target, created, retrieval, notes, kind_order)


def in_process_client(settings: Settings) -> InProcessClient:
    """Build the assistant's services from the settings (the index is built first when missing)."""
    from app.services import build_services

    return InProcessClient(build_services(settings))
