"""Hybrid retrieval. STUB: owned by the retrieval helper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

from wijzer.types import Hit

Method = Literal["hybrid", "bm25", "dense", "hybrid+rerank"]


@dataclass(frozen=True)
class Retrieval:
    """The outcome of one search: hits best first, and timings per stage (ms)."""

    question: str
    hits: tuple[Hit, ...]
    method: str
    index_version: str
    timings: dict[str, float] = field(default_factory=dict)  # embed, search, fuse, rerank


class HybridRetriever:  # will become a langchain_core BaseRetriever
    def search(
        self, question: str, *, method: Method | None = None, k: int | None = None,
        kinds: Sequence[str] | None = None,
    ) -> Retrieval:
        raise NotImplementedError
