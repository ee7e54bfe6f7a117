"""The assistant's services, built once: index, registry, engine, conversations and the optional LLM."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from app.conversations import ConversationStore
from app.engine import AnswerEngine
from app.llm import Rephraser
from app.models import Answer
from app.query import ConversationState, Question
from ingest.agencies import AgencyRegistry
from ingest.errors import InvalidRequestError
from ingest.index import IndexBundle, load_index
from ingest.pipeline import ensure_index
from ingest.settings import Settings

log = logging.getLogger(__name__)

# Follow-ups given as a full history are replayed; older turns rarely matter and cost time.
MAX_REPLAYED_TURNS = 4


@dataclass
class Services:
    settings: Settings
    bundle: IndexBundle
    registry: AgencyRegistry
    engine: AnswerEngine
    conversations: ConversationStore
    rephraser: Rephraser | None = None

    def close(self) -> None:
        self.bundle.close()

    def validate_message(self, message: object) -> str:
        """The cleaned message, or a Vietnamese error saying what is wrong with it."""
        if not isinstance(message, str):
            raise InvalidRequestError("Câu hỏi phải là văn bản (chuỗi ký tự).")
        text = unicodedata.normalize("NFC", message).strip()
        if not text:
            raise InvalidRequestError("Câu hỏi trống. Hãy nhập nội dung cần hỏi.")
        limit = self.settings.server.max_message_chars
        if len(text) > limit:
            raise InvalidRequestError(
                f"Câu hỏi dài {len(text)} ký tự, vượt giới hạn {limit} ký tự. Hãy rút gọn câu hỏi."
            )
        controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t\r")
        if controls or not re.search(r"\w", text):
            raise InvalidRequestError("Câu hỏi chứa ký tự không phải văn bản. Hãy nhập câu hỏi bằng chữ.")
        return text

    def state_from_history(self, history: list[tuple[str, str]]) -> ConversationState | None:
        """Rebuild the conversation state from earlier user turns by answering them again, oldest first."""
        users = [content for role, content in history if role == "user" and content.strip()]
        state: ConversationState | None = None
        for content in users[-MAX_REPLAYED_TURNS:]:
            state = self.engine.answer(Question(text=content[: self.settings.server.max_message_chars]), state).state
        return state

    def chat(
        self, message: object, conversation_id: str | None = None, history: list[tuple[str, str]] | None = None
    ) -> tuple[str, Answer]:
        text = self.validate_message(message)
        if history is not None:
            state = self.state_from_history(history)
            conversation_id = conversation_id or self.conversations.new_id()
        else:
            state = self.conversations.get(conversation_id) if conversation_id else None
            if conversation_id is None or (state is None and len(conversation_id) > 64):
                conversation_id = self.conversations.new_id()
        turn = self.engine.answer(Question(text=text, history=tuple(history or ())), state)
        answer = turn.answer
        if self.rephraser is not None:
            answer = self.rephraser.rephrase(text, answer)
        self.conversations.put(conversation_id, turn.state)
        log.debug("question conversation=%s text=%r", conversation_id, text)
        return conversation_id, answer


def build_services(settings: Settings, registry: AgencyRegistry | None = None) -> Services:
    """Builds the index when it is missing, opens it and wires the engine; models load here, not on import."""
    ensure_index(settings)
    bundle = load_index(settings)
    registry = registry or AgencyRegistry.default()
    engine = AnswerEngine(bundle, registry, settings)
    engine.warm_up()
    rephraser = None
    if settings.llm.enabled:
        rephraser = Rephraser(settings.llm)
        rephraser.warm_up()
    return Services(settings, bundle, registry, engine, ConversationStore(settings.server.max_conversations), rephraser)
