"""Optional rephrasing of composed answers by an OpenAI-compatible chat model, checked before use."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from app.models import Answer
from ingest.errors import DependencyMissingError
from ingest.settings import LLMSettings

log = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

SYSTEM_PROMPT = (
    "Bạn là trợ lý trả lời câu hỏi cho cán bộ, công chức về Nghị quyết 57-NQ/TW. Bạn nhận câu hỏi và một câu "
    "trả lời đã soạn sẵn từ tài liệu, kèm các dấu trích dẫn [1], [2]... Hãy viết lại câu trả lời cho tự nhiên, "
    "mạch lạc, cùng ngôn ngữ với câu hỏi. Chỉ dùng các sự kiện có trong câu trả lời soạn sẵn; không thêm số liệu, "
    "tên cơ quan, nhiệm vụ hay ngày tháng nào khác; giữ nguyên mọi dấu trích dẫn [n] ở sau ý mà nó hỗ trợ; giữ "
    "nguyên các danh sách (không được bỏ mục nào)."
)


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", n).lstrip("0") or "0" for n in _NUMBER.findall(text)}


def check_rephrasing(original: Answer, text: str) -> str | None:
    """Why a rephrased text may not replace the composed one, or None when it is safe."""
    if not text.strip():
        return "empty"
    markers = {int(m) for m in _MARKER.findall(text)}
    valid = {c.n for c in original.citations}
    if markers - valid:
        return f"unknown_citation {sorted(markers - valid)}"
    if valid - markers:
        return f"lost_citation {sorted(valid - markers)}"
    invented = _numbers(_MARKER.sub("", text)) - _numbers(original.text)
    if invented:
        return f"invented_number {sorted(invented)[:5]}"
    return None


class Rephraser:
    """Asks the configured chat model to reword an answer; any error or failed check keeps the original."""

    def __init__(self, settings: LLMSettings) -> None:
        self._settings = settings
        self._model: Any = None

    def warm_up(self) -> None:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise DependencyMissingError(
                "Thiếu thư viện langchain-openai cho chế độ LLM. Cài bằng: pip install -e ."
            ) from exc
        self._model = ChatOpenAI(
            base_url=self._settings.base_url,
            api_key=self._settings.api_key,
            model=self._settings.model,
            timeout=self._settings.timeout_s,
            max_retries=0,
            temperature=0,
        )

    def rephrase(self, question: str, answer: Answer) -> Answer:
        if answer.refused or not answer.citations:
            return answer
        if self._model is None:
            self.warm_up()
        from langchain_core.messages import HumanMessage, SystemMessage

        prompt = f"Câu hỏi: {question}\n\nCâu trả lời soạn sẵn:\n{answer.text}"
        try:
            reply = self._model.invoke([SystemMessage(SYSTEM_PROMPT), HumanMessage(prompt)])
            text = str(reply.content)
        except Exception as exc:  # any transport or model failure falls back to the composer
            log.warning("llm_fallback reason=error error=%s", type(exc).__name__)
            return answer
        problem = check_rephrasing(answer, text)
        if problem:
            log.warning("llm_fallback reason=%s", problem)
            return answer
        return replace(answer, text=text.strip())
