"""HTTP API: `create_app(settings)` is the composition root; routes only translate HTTP to the services."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.models import KIND_LABELS, Answer, record_to_dict
from app.schemas import (
    ChatRequest,
    ChatResponse,
    DocumentDetail,
    DocumentList,
    ErrorResponse,
    OpenAIChatRequest,
)
from app.services import Services, build_services
from ingest.errors import InvalidRequestError, Nq57Error, NotFoundError
from ingest.models import AgencyRole, DeadlineKind
from ingest.settings import Settings
from ingest.task_query import TaskFilter, agency_lineage, find_tasks, resolve_agency

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
MODEL_ID = "nq57-assistant"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse}, 404: {"model": ErrorResponse},
                                                      503: {"model": ErrorResponse}}


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]


def error_json(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def chat_response(conversation_id: str, answer: Answer) -> ChatResponse:
    return ChatResponse(
        conversation_id=conversation_id,
        answer=answer.text,
        citations=[c.to_dict() for c in answer.citations],  # type: ignore[misc]
        records=[record_to_dict(r) for r in answer.records],
        intent=answer.intent,
        refused=answer.refused,
        language=answer.language,
    )


def sse(event: str | None, data: Any) -> str:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


def text_pieces(text: str, size: int = 24) -> Iterator[str]:
    """Split an answer into small pieces on word boundaries, for streaming."""
    words = text.split(" ")
    piece: list[str] = []
    for i, word in enumerate(words):
        piece.append(word)
        if len(piece) >= size or "\n" in word:
            yield " ".join(piece) + (" " if i < len(words) - 1 else "")
            piece = []
    if piece:
        yield " ".join(piece)


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """Builds the app; the services (index, models) are built in the lifespan unless given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or build_services(settings)
        try:
            yield
        finally:
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="Trợ lý NQ57",
        description="Hỏi đáp có trích dẫn về Nghị quyết 57-NQ/TW và các văn bản triển khai.",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.exception_handler(Nq57Error)
    async def _nq57_error(_: Request, exc: Nq57Error) -> JSONResponse:
        return error_json(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:3]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            problems.append(f"{where or 'nội dung'}: {err.get('msg', '')}")
        return error_json(422, "yeu_cau_khong_hop_le",
                          "Yêu cầu không đúng định dạng (" + "; ".join(problems) + "). Hãy gửi JSON theo tài liệu /docs.")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Không tìm thấy đường dẫn này.", 405: "Phương thức HTTP không được hỗ trợ ở đường dẫn này."}
        return error_json(exc.status_code, "http_" + str(exc.status_code),
                          messages.get(exc.status_code, str(exc.detail)))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error type=%s", type(exc).__name__)
        return error_json(500, "loi_he_thong", "Đã có lỗi hệ thống. Vui lòng thử lại sau.")

    # ------------------------------------------------------------------------------------------ chat
    @app.get("/health", summary="Tình trạng và chỉ mục đang phục vụ")
    def health(svc: ServicesDep) -> dict[str, Any]:
        return {"status": "ok", "manifest": svc.bundle.manifest.to_dict(), "counts": svc.bundle.store.counts()}

    @app.post("/chat", response_model=ChatResponse, responses=ERROR_RESPONSES, summary="Hỏi đáp (có trích dẫn)")
    def chat(body: ChatRequest, svc: ServicesDep) -> ChatResponse:
        history = [(m.role, m.content) for m in body.history] if body.history is not None else None
        conversation_id, answer = svc.chat(body.message, body.conversation_id, history)
        return chat_response(conversation_id, answer)

    @app.post("/chat/stream", responses=ERROR_RESPONSES, summary="Hỏi đáp, trả lời dạng luồng (SSE)")
    def chat_stream(body: ChatRequest, svc: ServicesDep) -> StreamingResponse:
        history = [(m.role, m.content) for m in body.history] if body.history is not None else None
        conversation_id, answer = svc.chat(body.message, body.conversation_id, history)
        response = chat_response(conversation_id, answer)

        def events() -> Iterator[str]:
            yield sse("start", {"conversation_id": conversation_id})
            for piece in text_pieces(answer.text):
                yield sse("delta", {"text": piece})
            yield sse("done", response.model_dump())

        return StreamingResponse(events(), media_type="text/event-stream")

    # ------------------------------------------------------------------------- OpenAI-compatible API
    @app.get("/v1/models", summary="Danh sách mô hình (tương thích OpenAI)")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "nq57"}]}

    @app.post("/v1/chat/completions", summary="Chat completions (tương thích OpenAI)")
    def chat_completions(body: OpenAIChatRequest, svc: ServicesDep) -> Any:
        turns = [(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
        if not turns or turns[-1][0] != "user":
            raise InvalidRequestError("Tin nhắn cuối cùng trong 'messages' phải là của người dùng (role 'user').")
        question = turns[-1][1]
        _, answer = svc.chat(question, None, turns[:-1])
        content = answer.text_with_sources()
        completion_id = "chatcmpl-" + uuid.uuid4().hex
        created = int(time.time())
        model = body.model or MODEL_ID
        citations = [c.to_dict() for c in answer.citations]
        if not body.stream:
            return {
                "id": completion_id, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": len(question.split()), "completion_tokens": len(content.split()),
                          "total_tokens": len(question.split()) + len(content.split())},
                "citations": citations,
                "records": [record_to_dict(r) for r in answer.records],
            }

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            body_ = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return sse(None, body_)

        def events() -> Iterator[str]:
            yield chunk({"role": "assistant", "content": ""})
            for piece in text_pieces(content):
                yield chunk({"content": piece})
            yield chunk({}, "stop", citations=citations)
            yield sse(None, "[DONE]")

        return StreamingResponse(events(), media_type="text/event-stream")

    # ---------------------------------------------------------------------------------- REST lookups
    @app.get("/tasks", summary="Nhiệm vụ Phụ lục II, có lọc và phân trang")
    def tasks(
        svc: ServicesDep,
        agency: str | None = Query(None, description="Tên, tên viết tắt, có hoặc không dấu"),
        role: AgencyRole = Query("any"),
        due_from: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
        due_to: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
        kind: DeadlineKind | None = Query(None),
        group: str | None = Query(None, max_length=10),
        q: str | None = Query(None, max_length=200, description="Từ khóa trong tên nhiệm vụ, nhóm, kết quả"),
        offset: int = Query(0, ge=0),
        limit: int = Query(200, ge=1, le=500),
    ) -> dict[str, Any]:
        flt = TaskFilter(agency, role, due_from, due_to, kind, group, q)
        found = find_tasks(svc.bundle.store, svc.registry, flt)
        return {"total": len(found), "offset": offset, "limit": limit,
                "items": [t.to_dict() for t in found[offset: offset + limit]]}

    @app.get("/tasks/{number}", summary="Một nhiệm vụ theo số thứ tự")
    def task(number: int, svc: ServicesDep) -> dict[str, Any]:
        found = svc.bundle.store.task(number)
        if found is None:
            raise NotFoundError(f"Không có nhiệm vụ số {number} trong Phụ lục II.")
        return found.to_dict()

    @app.get("/indicators", summary="Chỉ tiêu Phụ lục I")
    def indicators(
        svc: ServicesDep,
        number: str | None = Query(None, max_length=10),
        horizon: int | None = Query(None, ge=2000, le=2100),
        q: str | None = Query(None, max_length=200),
    ) -> dict[str, Any]:
        found = svc.bundle.store.indicators(number=number, horizon=horizon, text=q)
        return {"total": len(found), "items": [i.to_dict() for i in found]}

    @app.get("/figures", summary="Số liệu trong báo cáo và bài viết")
    def figures(
        svc: ServicesDep,
        subject: str | None = Query(None, max_length=60),
        agency: str | None = Query(None, max_length=200),
        offset: int = Query(0, ge=0),
        limit: int = Query(200, ge=1, le=500),
    ) -> dict[str, Any]:
        names = None
        if agency:
            # The same agency resolution and merger lineage as /tasks and the chat engine.
            names = [a.name for a in agency_lineage(svc.registry, [resolve_agency(svc.registry, agency)])]
        found = svc.bundle.store.figures(subject=subject, agency=names)
        return {"total": len(found), "offset": offset, "limit": limit,
                "items": [f.to_dict() for f in found[offset: offset + limit]]}

    @app.get("/agencies", summary="Cơ quan, tên gọi khác và sáp nhập 2025")
    def agencies(svc: ServicesDep, q: str | None = Query(None, max_length=200)) -> dict[str, Any]:
        items = svc.registry.all()
        if q:
            hit = svc.registry.resolve(q)
            items = [hit] if hit else []
        return {"total": len(items), "items": [a.to_dict() for a in items]}

    @app.get("/documents", summary="Văn bản trong chỉ mục", response_model=DocumentList)
    def documents(svc: ServicesDep) -> dict[str, Any]:
        docs = svc.bundle.store.documents()
        return {"total": len(docs), "items": [d.to_dict() for d in docs]}

    @app.get("/documents/{doc_id}", summary="Văn bản đã làm sạch, kèm cấu trúc mục", response_model=DocumentDetail,
             responses=ERROR_RESPONSES)
    def document(doc_id: str, svc: ServicesDep) -> dict[str, Any]:
        meta = svc.bundle.store.document(doc_id)
        text = svc.bundle.store.document_text(doc_id)
        if meta is None or text is None:
            raise NotFoundError(f"Không có văn bản {doc_id!r}. Xem danh sách tại /documents.")
        sections: dict[tuple[str, ...], list[int]] = {}
        for c in svc.bundle.store.chunks(doc_id):
            span = sections.setdefault(c.section_path, [c.start, c.end])
            span[0], span[1] = min(span[0], c.start), max(span[1], c.end)
        return {**meta.to_dict(), "kind_label": KIND_LABELS.get(meta.kind, meta.kind), "text": text,
                "sections": [{"path": list(p), "start": s, "end": e} for p, (s, e) in
                             sorted(sections.items(), key=lambda kv: kv[1][0])]}

    @app.get("/search", summary="Tìm đoạn văn (kết hợp BM25 và vector)")
    def search(
        svc: ServicesDep,
        q: str = Query(..., min_length=1, max_length=500),
        k: int = Query(10, ge=1, le=50),
        mode: str = Query("hybrid", pattern="^(hybrid|bm25|dense)$"),
    ) -> dict[str, Any]:
        result = svc.engine.retriever.search(q, k=k, mode=mode)  # type: ignore[arg-type]
        return {"query": q, "mode": mode, "items": [
            {"chunk_id": h.chunk.id, "doc_id": h.chunk.doc_id, "location": h.chunk.location, "text": h.chunk.text,
             "score": h.score, "bm25_rank": h.lexical_rank, "dense_rank": h.dense_rank, "start": h.chunk.start,
             "end": h.chunk.end}
            for h in result.chunks]}

    # ------------------------------------------------------------------------------------- web chat
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
