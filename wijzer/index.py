"""The index: versioned chunk collections in Chroma (local or HTTP), one current version.

Readers take a `Snapshot` (one immutable version) so a refresh that runs meanwhile can
never show them a mix of two versions. `MemorySnapshot` is the same interface over
vectors held in memory (tests, benchmarks).
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from wijzer.settings import Settings
from wijzer.types import Chunk, IndexStatus

# --- chunk <-> Chroma metadata (the one place that maps the fields) ------------------
# Chroma metadata accepts str/int/float/bool only: the section tuple travels as JSON and
# None values are left out (absent key -> None on the way back).
_OPTIONAL = ("page_start", "page_end", "url", "superseded_by")


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | float | bool]:
    """The Chroma metadata of a chunk (everything but the id and the text)."""
    meta: dict[str, Any] = {
        "document_id": chunk.document_id,
        "document_version": chunk.document_version,
        "title": chunk.title,
        "kind": chunk.kind,
        "section": json.dumps(list(chunk.section), ensure_ascii=False),
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "location": chunk.location,
        "date": chunk.date,
        "ordinal": chunk.ordinal,
    }
    for name in _OPTIONAL:
        value = getattr(chunk, name)
        if value is not None:
            meta[name] = value
    return meta


def chunk_from_record(chunk_id: str, text: str, meta: Mapping[str, Any]) -> Chunk:
    """Rebuild a Chunk from what `chunk_metadata` stored."""
    return Chunk(
        id=chunk_id,
        document_id=str(meta["document_id"]),
        document_version=str(meta["document_version"]),
        title=str(meta.get("title", "")),
        kind=str(meta.get("kind", "other")),
        section=tuple(json.loads(meta.get("section") or "[]")),
        page_start=_opt_int(meta.get("page_start")),
        page_end=_opt_int(meta.get("page_end")),
        char_start=int(meta.get("char_start", 0)),
        char_end=int(meta.get("char_end", 0)),
        text=text,
        location=str(meta.get("location", "")),
        url=meta.get("url"),
        superseded_by=meta.get("superseded_by"),
        date=str(meta.get("date", "")),
        ordinal=int(meta.get("ordinal", 0)),
    )


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


# --- a tiny evaluator of Chroma `where` filters, for in-memory snapshots --------------
def matches(meta: Mapping[str, Any], where: Mapping[str, Any] | None) -> bool:
    """True when metadata passes a Chroma-style filter ($and/$or, $eq/$ne/$in/$nin)."""
    if not where:
        return True
    for key, cond in where.items():
        if key == "$and":
            if not all(matches(meta, sub) for sub in cond):
                return False
        elif key == "$or":
            if not any(matches(meta, sub) for sub in cond):
                return False
        elif not _test(meta.get(key), cond):
            return False
    return True


def _test(value: Any, cond: Any) -> bool:
    if not isinstance(cond, Mapping):
        return value == cond
    for op, arg in cond.items():
        ok = {
            "$eq": lambda: value == arg,
            "$ne": lambda: value != arg,
            "$in": lambda: value in arg,
            "$nin": lambda: value not in arg,
            "$gt": lambda: value is not None and value > arg,
            "$gte": lambda: value is not None and value >= arg,
            "$lt": lambda: value is not None and value < arg,
            "$lte": lambda: value is not None and value <= arg,
        }.get(op)
        if ok is None:
            raise ValueError(f"Onbekende filteroperator {op!r}")
        if not ok():
            return False
    return True


def normalise(vectors: Any) -> np.ndarray:
    """Float32 rows of unit length (zero rows stay zero)."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


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
        self, query_vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks by cosine similarity (higher is closer); `where` is a Chroma
        metadata filter such as {"kind": {"$in": ["position"]}}."""
        raise NotImplementedError

    @cached_property
    def lexical(self) -> "LexicalIndex":  # noqa: F821
        from wijzer.lexical import LexicalIndex

        return LexicalIndex.build(self.chunks)


class MemorySnapshot(Snapshot):
    """A Snapshot over vectors held in memory (numpy cosine): tests and benchmarks."""

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
        self._meta = [chunk_metadata(c) for c in self.chunks]

    @classmethod
    def from_embeddings(
        cls, chunks: Sequence[Chunk], embeddings: Embeddings, version: str = "memory"
    ) -> "MemorySnapshot":
        """Embed the chunk texts with `embeddings` and hold them in memory."""
        from wijzer.embeddings import model_id_of

        vectors = embeddings.embed_documents([c.text for c in chunks]) if chunks else []
        return cls(chunks, vectors, version=version, embedding_model=model_id_of(embeddings))

    def dense_search(
        self, query_vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        if not self.chunks or k <= 0:
            return []
        scores = self._vectors @ normalise(query_vector)[0]
        allowed = [i for i, m in enumerate(self._meta) if matches(m, where)]
        ranked = sorted(allowed, key=lambda i: -float(scores[i]))[:k]
        return [(self.chunks[i], float(scores[i])) for i in ranked]


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
