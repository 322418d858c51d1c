"""Snapshots: one immutable version of the index, for reading.

Readers take a Snapshot so a refresh that runs meanwhile can never show them a mix of two
versions. Two implementations of dense search:
- `MemorySnapshot` holds the vectors and searches them with numpy (exact cosine): the
  local default, and tests and benchmarks;
- `StoreSnapshot` holds no vectors and asks Chroma (`collection.query`, HNSW): with
  WIJZER_CHROMA_URL set an app host keeps only the chunk texts (BM25 needs them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from wijzer.errors import IndexMissingError
from wijzer.index.vectors import normalise, top_k
from wijzer.types import Chunk

if TYPE_CHECKING:
    from wijzer.lexical import LexicalIndex


class Snapshot:
    """One complete version of the index, for reading."""

    version: str
    embedding_model: str
    chunks: tuple[Chunk, ...]  # every chunk, grouped by document, in document order

    def __init__(self, chunks: Sequence[Chunk], version: str, embedding_model: str) -> None:
        self.chunks = tuple(chunks)
        self.version = version
        self.embedding_model = embedding_model
        self._by_id = {c.id: c for c in self.chunks}
        self._by_doc: dict[str, list[Chunk]] = {}
        for c in self.chunks:
            self._by_doc.setdefault(c.document_id, []).append(c)

    def __len__(self) -> int:
        return len(self.chunks)

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self._by_id

    def by_id(self, chunk_id: str) -> Chunk:
        """The chunk with this id (KeyError when absent)."""
        return self._by_id[chunk_id]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        """The chunks of one document in reading order ([] when absent)."""
        return list(self._by_doc.get(document_id, ()))

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(self._by_doc)

    def dense_search(
        self, query_vector: Sequence[float], k: int, kinds: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks by cosine similarity (higher is closer), best first; `kinds`
        limits the search to chunks of those document kinds."""
        raise NotImplementedError

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (lets a refresh reuse them)."""
        raise NotImplementedError

    @cached_property
    def lexical(self) -> LexicalIndex:
        from wijzer.lexical import LexicalIndex

        return LexicalIndex.build(self.chunks)


class MemorySnapshot(Snapshot):
    """A Snapshot over vectors held in memory (exact numpy cosine)."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        vectors: Any,
        version: str = "memory",
        embedding_model: str = "memory",
    ) -> None:
        super().__init__(chunks, version, embedding_model)
        self._vectors = normalise(vectors) if len(self.chunks) else np.zeros((0, 1), np.float32)
        if self._vectors.shape[0] != len(self.chunks):
            raise ValueError("MemorySnapshot: evenveel vectoren als chunks nodig")
        self._row = {c.id: i for i, c in enumerate(self.chunks)}
        self._kinds = np.array([c.kind for c in self.chunks], dtype=str)
        self._kind_rows: dict[frozenset[str], np.ndarray] = {}

    @classmethod
    def from_embeddings(
        cls, chunks: Sequence[Chunk], embeddings: Embeddings, version: str = "memory"
    ) -> MemorySnapshot:
        """Embed the chunk texts with `embeddings` and hold them in memory."""
        from wijzer.embeddings import model_id_of

        vectors = embeddings.embed_documents([c.text for c in chunks]) if chunks else []
        return cls(chunks, vectors, version=version, embedding_model=model_id_of(embeddings))

    def vector(self, chunk_id: str) -> np.ndarray:
        """The stored (unit-length) vector of a chunk."""
        return self._vectors[self._row[chunk_id]]

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {i: self.vector(i) for i in chunk_ids if i in self._row}

    def dense_search(
        self, query_vector: Sequence[float], k: int, kinds: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        rows = self._rows_of(kinds)
        return [(self.chunks[r], s) for r, s in top_k(self._vectors, query_vector, k, rows)]

    def _rows_of(self, kinds: Sequence[str] | None) -> np.ndarray | None:
        """Row numbers of these kinds (None: every row), computed once per selection."""
        if not kinds:
            return None
        key = frozenset([kinds] if isinstance(kinds, str) else kinds)
        rows = self._kind_rows.get(key)
        if rows is None:
            rows = np.flatnonzero(np.isin(self._kinds, list(key)))
            self._kind_rows[key] = rows  # a handful of kind selections exist
        return rows


class StoreSnapshot(Snapshot):
    """A Snapshot whose dense search runs in Chroma (no vectors in this process).

    `call(fn, *args, **kwargs)` runs each server call (a dead server becomes one Dutch
    line, see wijzer.index.client)."""

    def __init__(
        self, chunks: Sequence[Chunk], collection: Any, version: str, embedding_model: str,
        call: Callable[..., Any],
    ) -> None:
        super().__init__(chunks, version, embedding_model)
        self._collection = collection
        self._call = call

    def dense_search(
        self, query_vector: Sequence[float], k: int, kinds: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        k = min(k, len(self.chunks))
        if k <= 0:
            return []
        if isinstance(kinds, str):
            kinds = [kinds]
        where = {"kind": {"$in": sorted(set(kinds))}} if kinds else None
        from chromadb.errors import NotFoundError

        query = normalise(query_vector)
        try:
            got = self._call(
                self._collection.query, query_embeddings=query, n_results=k, where=where,
                include=["distances"],
            )
        except NotFoundError as exc:
            raise IndexMissingError(  # a refresh removed this version during the question
                "De index is net vernieuwd terwijl er gezocht werd; stel de vraag opnieuw."
            ) from exc
        ids, distances = got["ids"][0], got["distances"][0]
        # cosine space: distance = 1 - cosine; same order of ties as the memory path
        found = [(self._by_id[i], 1.0 - float(d)) for i, d in zip(ids, distances) if i in self._by_id]
        return sorted(found, key=lambda item: -item[1])

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        wanted = [i for i in chunk_ids if i in self._by_id]
        for start in range(0, len(wanted), 1000):
            part = wanted[start:start + 1000]
            got = self._call(self._collection.get, ids=part, include=["embeddings"])
            for i, v in zip(got["ids"], got["embeddings"]):
                out[i] = np.asarray(v, np.float32)
        return out
