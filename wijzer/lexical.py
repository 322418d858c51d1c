"""BM25 over the same chunks as the dense index (bm25s). STUB: owned by the retrieval helper."""

from __future__ import annotations

from typing import Sequence

from wijzer.types import Chunk


class LexicalIndex:
    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> "LexicalIndex":
        raise NotImplementedError

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position in `chunks`, BM25 score), best first."""
        raise NotImplementedError
