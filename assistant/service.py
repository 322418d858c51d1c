"""`Assistant`: the one entry point of the query side. STUB: owned by the answers helper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from wijzer.types import Answer, IndexStatus

Turn = tuple[str, str]  # (question, answer text) of earlier turns, oldest first


@dataclass(frozen=True)
class AssistantStatus:
    index: IndexStatus
    mode: str  # "extractive" or "llm"
    llm_label: str  # e.g. "geen (extractief)" or "ollama: llama3.1 @ http://..."
    llm_ok: bool | None  # None: no LLM configured


class Assistant:
    def ask(self, question: str, history: Sequence[Turn] = (), mode: str | None = None,
            kinds: Sequence[str] | None = None) -> Answer:
        raise NotImplementedError

    def stream(self, question: str, history: Sequence[Turn] = (), mode: str | None = None,
               kinds: Sequence[str] | None = None) -> Iterator[str | Answer]:
        """Text deltas as they arrive, then the final Answer (always last)."""
        raise NotImplementedError

    def status(self) -> AssistantStatus:
        raise NotImplementedError
