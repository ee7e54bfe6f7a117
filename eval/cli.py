"""Sub-commands of evaluation (registered by the `nq57` command)."""

from __future__ import annotations

from typing import Any


def add_commands(sub: Any) -> None:
    """Evaluation commands are added here as they are built."""
