"""The index: versioned chunk collections in Chroma (local or HTTP), one current version.

STUB: owned by the index helper. Readers take a `Snapshot` (one immutable version) so a
refresh that runs meanwhile can never show them a mix of two versions.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping, Sequence

from langchain_core.embeddings import Embeddings

from wijzer.settings import Settings
from wijzer.types import Chunk, IndexStatus


class Snapshot:
    """One complete version of the index, for reading."""

    version: str
    embedding_model: str
    chunks: tuple[Chunk, ...]  # every chunk, grouped by document, in document order

    def by_id(self, chunk_id: str) -> Chunk:
        raise NotImplementedError

    def document_chunks(self, document_id: str) -> list[Chunk]:
        raise NotImplementedError

    def dense_search(
        self, query_vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks by cosine similarity (higher is closer); `where` is a Chroma
        metadata filter such as {"kind": {"$in": ["position"]}}."""
        raise NotImplementedError

    @cached_property
    def lexical(self) -> "LexicalIndex":  # noqa: F821
        from wijzer.lexical import LexicalIndex

        return LexicalIndex.build(self.chunks)


class Index:
    """Opens the configured store; writes new versions, hands out snapshots."""

    @classmethod
    def open(cls, settings: Settings, embeddings: Embeddings) -> "Index":
        raise NotImplementedError

    def status(self) -> IndexStatus:
        raise NotImplementedError

    def snapshot(self) -> Snapshot:
        """The current version. Raises IndexMissingError when none was built and
        ModelMismatchError when it was built with another embedding model."""
        raise NotImplementedError
