"""HTTP request and response models (pydantic), converted to and from the engine's objects at the edge."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class HistoryMessage(BaseModel):
    role: Literal["user", "assistant", "system"]
    content: str = Field(..., max_length=20000)


class ChatRequest(BaseModel):
    message: str = Field(..., description="Câu hỏi của người dùng (tiếng Việt hoặc tiếng Anh).")
    conversation_id: str | None = Field(None, description="Mã cuộc trò chuyện để hỏi tiếp; bỏ trống để bắt đầu mới.")
    history: list[HistoryMessage] | None = Field(
        None, description="Toàn bộ lịch sử hội thoại (thay cho conversation_id), cũ nhất trước."
    )


class DocumentRef(BaseModel):
    id: str
    title: str
    number: str | None
    date: str | None


class CitationOut(BaseModel):
    n: int
    document: DocumentRef
    location: str
    quote: str
    chunk_id: str | None = None
    start: int | None = None
    end: int | None = None


class ChatResponse(BaseModel):
    conversation_id: str
    answer: str
    citations: list[CitationOut]
    records: list[dict[str, Any]]
    intent: str
    refused: bool = False
    language: str = "vi"


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


# ---------------------------------------------------------------- OpenAI-compatible chat completions
class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, list):
            return "".join(str(p.get("text", "")) for p in self.content if isinstance(p, dict))
        return ""


class OpenAIChatRequest(BaseModel):
    model: str | None = None
    messages: list[OpenAIMessage] = Field(..., min_length=1)
    stream: bool = False
    temperature: float | None = None
    max_tokens: int | None = None
    user: str | None = None
