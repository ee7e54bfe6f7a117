"""Server-side conversations: the state each conversation carries into its next question, bounded in memory."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from app.query import ConversationState


class ConversationStore:
    """Least-recently-used map of conversation id → state; safe to share between request threads."""

    def __init__(self, max_conversations: int = 1000) -> None:
        self._max = max_conversations
        self._states: OrderedDict[str, ConversationState] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def get(self, conversation_id: str) -> ConversationState | None:
        with self._lock:
            state = self._states.get(conversation_id)
            if state is not None:
                self._states.move_to_end(conversation_id)
            return state

    def put(self, conversation_id: str, state: ConversationState) -> None:
        with self._lock:
            self._states[conversation_id] = state
            self._states.move_to_end(conversation_id)
            while len(self._states) > self._max:
                self._states.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._states)
