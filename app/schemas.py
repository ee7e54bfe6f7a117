"""HTTP request and response models (pydantic), converted to and from the engine's objects at the edge."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ingest.models import DocumentKind


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


class SignatureOut(BaseModel):
    """The signature block closing an administrative document."""

    capacity: list[str] = Field(
        ...,
        description="Các dòng thẩm quyền ký theo thứ tự, ví dụ ['TM. CHÍNH PHỦ', 'KT. THỦ TƯỚNG']; "
        "rỗng khi không có.",
    )
    title: str = Field(
        ..., description="Chức vụ của người ký, ví dụ 'PHÓ THỦ TƯỚNG'; rỗng khi khối chữ ký không ghi riêng."
    )
    name: str = Field(..., description="Họ tên người ký, đúng như trong văn bản.")
    start: int = Field(
        ..., description="Vị trí bắt đầu của họ tên trong văn bản đã làm sạch (text[start:end] == name)."
    )
    end: int = Field(..., description="Vị trí kết thúc (không tính) của họ tên trong văn bản đã làm sạch.")


class DocumentOut(BaseModel):
    id: str
    title: str
    kind: DocumentKind
    number: str | None
    date: str | None
    issuer: str | None
    source_path: str
    sha256: str
    signature: SignatureOut | None = Field(
        None, description="Khối chữ ký cuối văn bản; null với bài báo, tin tức và văn bản không có chữ ký."
    )


class DocumentList(BaseModel):
    total: int
    items: list[DocumentOut]


class SectionSpan(BaseModel):
    path: list[str]
    start: int
    end: int


class DocumentDetail(DocumentOut):
    kind_label: str
    text: str = Field(..., description="Văn bản đã làm sạch; mọi vị trí start/end trỏ vào chuỗi này.")
    sections: list[SectionSpan]


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
