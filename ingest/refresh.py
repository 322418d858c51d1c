"""Incremental, atomic refresh of the index.

One run: (download) -> discover -> per document: hash the file; unchanged documents keep
their chunks and vectors, changed or new ones are read and chunked -> vectors from the
previous version, the embedding cache, or the embedder (only for texts never seen) -> a
new version collection -> the pointer switches. Nothing is written when nothing changed,
and nothing a reader sees changes until the switch. A document that fails to read keeps
its previous chunks: bad input never costs what is indexed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from wijzer.embedding_cache import EmbeddingCache, text_key
from wijzer.segments import SEGMENTS_VERSION, segment_texts
from ingest.readers import READERS_VERSION
from ingest.sources import SourceFile, discover, folders_beside, load_folder_rules
from wijzer.errors import RefreshBusyError, SourceError, WijzerError
from wijzer.index import Index, IndexState, Snapshot
from wijzer.index.versions import IndexedDocument
from wijzer.index.client import index_folder
from wijzer.settings import Settings
from wijzer.types import Chunk, Document, DocumentInfo, Failure, RefreshReport

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (stage label in Dutch, done, total)


class StrictRefreshError(SourceError):
    """--strict: a source failed, so nothing was written. `failures` says which."""

    def __init__(self, failures: Sequence[Failure]) -> None:
        self.failures = tuple(failures)
        names = ", ".join(f.id or f.path or "?" for f in self.failures[:5])
        super().__init__(
            f"{len(self.failures)} bron(nen) mislukt ({names}); met --strict is de index niet "
            "bijgewerkt. Los de fouten op of ververs zonder --strict."
        )


@dataclass
class _Planned:
    """One document of the new version: its record and its chunks (None: keep the old)."""

    record: IndexedDocument
    status: str  # added | updated | unchanged | kept (failed, old chunks kept)
    chunks: list[Chunk] | None = None


@dataclass
class _Plan:
    docs: list[_Planned] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def ids(self, status: str) -> tuple[str, ...]:
        return tuple(d.record.id for d in self.docs if d.status == status)


def refresh(
    settings: Settings,
    embeddings: Embeddings | None = None,
    extra_sources: Sequence[Path] = (),
    download: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    rebuild: bool = False,
    drop_sources: Sequence[Path] = (),
    archives: bool = True,
) -> RefreshReport:
    """Bring the index in line with the sources; the previous version stays usable until
    the new one is complete. `rebuild` re-reads and re-embeds everything (still atomic).
    Folder sources are remembered: later refreshes (the page's button, the start script)
    ingest them again until `drop_sources` names them. A remembered folder that is missing
    is reported and its documents are kept. `download` also refreshes the built-in folders
    from their archives unless `archives` is False (the first build keeps the shipped
    snapshot). The embedding model is loaded only when something has to be embedded. A
    pointer that names a deleted version is repaired: every document is read again
    (vectors come from the embedding cache where it can). Raises RefreshBusyError while
    another refresh of this index runs, on this host (lock file) or on another host sharing
    the Chroma server (lease)."""
    started = time.perf_counter()
    progress = progress or (lambda label, done, total: None)
    with _refresh_lock(settings):
        failures: list[Failure] = []
        notes: list[str] = []
        if download:
            from ingest.download import download_sources

            fetched = download_sources(settings, progress=progress, archives=archives)
            failures += fetched.failed
            notes += fetched.notes
        index = Index.open(settings, embeddings)
        with index.writing():
            return _refresh_locked(settings, index, embeddings, extra_sources, strict, progress,
                                   rebuild, drop_sources, failures, notes, started)


def _refresh_locked(
    settings: Settings, index: Index, embeddings: Embeddings | None, extra_sources: Sequence[Path],
    strict: bool, progress: Progress, rebuild: bool, drop_sources: Sequence[Path],
    failures: list[Failure], notes: list[str], started: float,
) -> RefreshReport:
    """The refresh proper, under the lock and the lease."""
    previous = index.state()
    repair = index.pointer_broken(previous)
    builtin = load_folder_rules(Path(settings.knowledge_dir)).builtin(Path(settings.knowledge_dir))
    folders, replaced = _folders(previous, extra_sources, drop_sources, builtin)
    notes += [_replaced_note(Path(f)) for f in replaced]
    sources, found = discover(settings, tuple(Path(f) for f in folders))
    failures = _merge_missing(failures, found)
    plan = _plan(settings, sources, previous, rebuild or repair, progress,
                 (*map(str, builtin), *folders))
    plan.failures[:0] = failures
    if strict and plan.failures:
        raise StrictRefreshError(plan.failures)
    report = _outcome(plan, previous)
    report["titles"] = {**_manifest_titles(settings), **report["titles"]}
    report["notes"] = tuple(notes)
    model_changed = previous is not None and previous.embedding_model != index.model_id
    folders_changed = previous is not None and tuple(previous.sources) != folders
    if previous is not None and not (
        report["added"] or report["updated"] or report["removed"] or model_changed or rebuild
        or folders_changed or repair
    ):
        index.remove_orphans()  # leftovers of a killed refresh go even when nothing changed
        return RefreshReport(
            **report, seconds=time.perf_counter() - started, index_version=str(previous.version),
            chunks_total=sum(d.record.info.chunks for d in plan.docs),
        )
    state, embedded, total, segments = _write(settings, index, previous, plan, embeddings, rebuild,
                                              progress, folders, repair)
    return RefreshReport(
        **report,
        chunks_written=sum(len(d.chunks or ()) for d in plan.docs if d.status in ("added", "updated")),
        seconds=time.perf_counter() - started, index_version=str(state.version),
        chunks_embedded=embedded, chunks_total=total, segments_embedded=segments,
    )


def _outcome(plan: _Plan, previous: IndexState | None) -> dict[str, Any]:
    """The report's lists. A document is in exactly one of them: one that failed (a failed
    download whose older file was read again, say) is listed as failed only, and its
    failure says which file stays in use."""
    failed_ids = {f.id for f in plan.failures if f.id}
    indexed = {d.record.id for d in plan.docs}
    failures = tuple(
        dataclasses.replace(f, reason=f"{f.reason} Het bestand dat er al stond blijft in gebruik.")
        if f.id in indexed and f.reason.startswith("Download") else f
        for f in plan.failures
    )
    titles = {d.id: d.info.title for d in (previous.documents if previous else ())}
    titles.update({d.record.id: d.record.info.title for d in plan.docs})

    def ids(status: str) -> tuple[str, ...]:
        return tuple(i for i in plan.ids(status) if i not in failed_ids)

    return dict(added=ids("added"), updated=ids("updated"), removed=tuple(plan.removed),
                unchanged=ids("unchanged"), failed=failures,
                titles={k: v for k, v in titles.items() if v})


def _manifest_titles(settings: Settings) -> dict[str, str]:
    """Titles of manifest entries, so a source that is missing is reported by its title."""
    from ingest.sources import load_manifest

    return {e.id: e.title for e in load_manifest(Path(settings.knowledge_dir))}


def _replaced_note(folder: Path) -> str:
    return (f"De map {folder} heeft dezelfde naam als de ingebouwde map knowledge/{folder.name}; "
            f"die wordt gebruikt. Ververs die met `python -m ingest --download`, of vervang de "
            f"inhoud van knowledge/{folder.name}.")


# --- planning: what changed ----------------------------------------------------------
def _folders(
    previous: IndexState | None, given: Sequence[Path], dropped: Sequence[Path], builtin: Sequence[Path] = (),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Remembered folder sources plus the given ones, minus the dropped ones (absolute), and
    apart: those a built-in folder of the same name replaces (no longer remembered)."""
    drop = {str(Path(p).resolve()) for p in dropped}
    known = list(previous.sources) if previous else []
    wanted = [f for f in dict.fromkeys([*known, *(str(Path(p).resolve()) for p in given)]) if f not in drop]
    keep, replaced = folders_beside(builtin, [Path(f) for f in wanted])
    return tuple(str(f) for f in keep), tuple(str(f) for f in replaced)


def _plan(
    settings: Settings, sources: Sequence[SourceFile], previous: IndexState | None, rebuild: bool,
    progress: Progress, folders: Sequence[str] = (),
) -> _Plan:
    from ingest.chunking import chunk_document
    from ingest.readers import read_document

    chunk_cfg = _chunk_settings(settings)
    old_docs = {d.id: d for d in previous.documents} if previous else {}
    reuse = previous is not None and not rebuild and dict(previous.chunk_settings) == chunk_cfg
    plan, seen = _Plan(), set()
    for i, source in enumerate(sources):  # ids are unique: discover reports duplicates
        progress("Documenten lezen", i, len(sources))
        doc_id, path = source.entry.id, source.display_path
        seen.add(doc_id)
        old = old_docs.get(doc_id)
        try:
            fingerprint = _fingerprint(source, settings)
            if old is not None and reuse and old.fingerprint == fingerprint:
                plan.docs.append(_Planned(old, "unchanged"))
                continue
            doc = read_document(source, settings)
            chunks = chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
            if not chunks:
                raise SourceError(f"{source.path.name}: geen tekst gevonden om te indexeren.")
        except Exception as exc:  # any reader/chunker problem is this document's failure
            plan.failures.append(Failure(_reason(exc), id=doc_id, path=path))
            if old is not None:
                plan.docs.append(_Planned(old, "kept"))
            continue
        record = _indexed(doc, chunks, fingerprint, _folder_of(source.path, folders))
        plan.docs.append(_Planned(record, "updated" if old is not None else "added", chunks))
    progress("Documenten lezen", len(sources), len(sources))
    _keep_unreachable(plan, old_docs, seen, settings, folders)
    plan.removed = [doc_id for doc_id in old_docs if doc_id not in seen]
    return plan


def _keep_unreachable(
    plan: _Plan, old_docs: dict[str, IndexedDocument], seen: set[str], settings: Settings,
    folders: Sequence[str],
) -> None:
    """Keep the documents of a folder that is not there (unmounted share, typo in
    WIJZER_KNOWLEDGE_DIR): discover reported it, and a wrong path must not empty the index."""
    missing: set[str | None] = {f for f in folders if not Path(f).is_dir()}
    if not Path(settings.knowledge_dir).is_dir():
        missing.add(None)  # manifest and knowledge-dir documents have no folder
    for doc_id, old in old_docs.items():
        if doc_id not in seen and old.folder in missing:
            plan.docs.append(_Planned(old, "kept"))
            seen.add(doc_id)


def _folder_of(path: Path, folders: Sequence[str]) -> str | None:
    resolved = path.resolve()
    return next((f for f in folders if resolved.is_relative_to(f)), None)


def _fingerprint(source: SourceFile, settings: Settings) -> str:
    """The file's bytes plus its manifest metadata: a change to either re-reads it."""
    if source.path.stat().st_size > settings.max_file_mb * 1024 * 1024:
        return "too-large"  # never equal to a stored fingerprint: the reader reports it
    with open(source.path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256")
    entry = json.dumps(dataclasses.asdict(source.entry), sort_keys=True, default=str)
    digest.update(entry.encode("utf-8"))
    return digest.hexdigest()


def _indexed(
    doc: Document, chunks: Sequence[Chunk], fingerprint: str, folder: str | None,
) -> IndexedDocument:
    info = DocumentInfo(
        id=doc.id, title=doc.title, kind=doc.kind, version=doc.version, chunks=len(chunks),
        date=doc.date, publisher=doc.publisher, url=doc.url, path=doc.path,
        superseded_by=doc.superseded_by, pages=len(doc.pages), collection=doc.collection,
        links=tuple(doc.links), linked_from=doc.linked_from,
    )
    return IndexedDocument(info, fingerprint, folder)


def _reason(exc: Exception) -> str:
    if isinstance(exc, WijzerError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Bestand niet leesbaar ({exc.strerror or exc}). Controleer of het bestaat en leesbaar is."
    return f"Onverwachte fout bij het lezen ({exc.__class__.__name__}: {exc}). Controleer het bestand."


def _chunk_settings(settings: Settings) -> dict[str, int]:
    """What the chunks (and their answer segments) were made with: a change re-chunks, and an
    index from before segments existed is brought up to date once (its segments embedded)."""
    return {"chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap,
            "segments": SEGMENTS_VERSION, "readers": READERS_VERSION}


# --- writing: a new version ------------------------------------------------------------
def _write(
    settings: Settings, index: Index, previous: IndexState | None, plan: _Plan,
    embeddings: Embeddings | None, rebuild: bool, progress: Progress, folders: tuple[str, ...],
    repair: bool = False,
) -> tuple[IndexState, int, int, int]:
    old = index.load(previous) if previous is not None and previous.documents and not repair else None
    if old is None:  # nothing to keep from: a failed document has no old chunks
        plan.docs = [d for d in plan.docs if d.chunks is not None]
    chunks: list[Chunk] = []
    for doc in plan.docs:
        if doc.chunks is None:
            assert old is not None  # without an old index, documents without chunks were dropped
            doc.chunks = old.document_chunks(doc.record.id)
        chunks += doc.chunks
    if len({c.id for c in chunks}) != len(chunks):
        raise WijzerError("Twee passages kregen hetzelfde id; de index is niet bijgewerkt (fout in de chunker).")
    same_model = previous is not None and previous.embedding_model == index.model_id
    reuse = old if same_model and not rebuild else None
    vectors, embedded = _vectors(settings, index.model_id, chunks, reuse, embeddings, rebuild, progress)
    segments = _segment_vectors(settings, index.model_id, chunks, embeddings, progress)
    _known_question_vectors(settings, index.model_id, embeddings)
    dimension = int(vectors.shape[1]) if len(chunks) else (previous.dimension if previous else None)

    def make_state(number: int, name: str) -> IndexState:
        return IndexState(
            version=number, collection=name, embedding_model=index.model_id, dimension=dimension,
            last_refresh=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            chunk_settings=_chunk_settings(settings), documents=tuple(d.record for d in plan.docs),
            sources=folders,
        )

    state = index.write_version(chunks, vectors, make_state, progress)
    return state, embedded, len(chunks), segments


def _vectors(
    settings: Settings, model_id: str, chunks: Sequence[Chunk], old: Snapshot | None,
    embeddings: Embeddings | None, rebuild: bool, progress: Progress,
) -> tuple[np.ndarray, int]:
    """One vector per chunk: from the previous version, the cache, or the embedder."""
    keys = [text_key(c.text) for c in chunks]
    found: dict[str, np.ndarray] = {}
    if old is not None:
        same = [c for c in chunks if c.id in old and old.by_id(c.id).text == c.text]
        stored = old.vectors([c.id for c in same])
        found.update((text_key(c.text), stored[c.id]) for c in same if c.id in stored)
    with EmbeddingCache(Path(settings.index_dir) / "embedding-cache.sqlite") as cache:
        if not rebuild:
            found.update(cache.get_many(model_id, [k for k in keys if k not in found]))
        missing = list(dict.fromkeys((k, c.text) for k, c in zip(keys, chunks) if k not in found))
        if missing:
            embeddings = embeddings or _make_embeddings(settings, model_id)
            found.update(_embed(embeddings, model_id, missing, cache, settings.embedding_batch_size, progress))
    if not chunks:
        return np.zeros((0, 1), np.float32), 0
    return np.vstack([found[k] for k in keys]).astype(np.float32), len(missing)


def _known_question_vectors(settings: Settings, model_id: str, embeddings: Embeddings | None) -> None:
    """Embed the known questions (wijzer/known_questions.py) into the same cache, so the first
    question after a build does not wait for them (481 take about 7 s). A file the app cannot
    use is reported by the app at start-up; the index does not depend on it."""
    from wijzer.known_questions import load_items, open_known_questions
    from wijzer.segments import CACHE_FILE

    path = settings.known_questions_path
    try:
        if load_items(path):
            open_known_questions(path, embeddings or _make_embeddings(settings, model_id),
                                 Path(settings.index_dir) / CACHE_FILE, model_id)
    except WijzerError as exc:
        log.warning("known questions not embedded: %s", exc)


def _segment_vectors(
    settings: Settings, model_id: str, chunks: Sequence[Chunk], embeddings: Embeddings | None,
    progress: Progress,
) -> int:
    """Embed the answer segments (sentences, list items) of every chunk into the same cache,
    so the extractive answer ranks them by meaning without embedding at question time.
    Only texts never seen are embedded: a one-paragraph edit embeds a few sentences."""
    texts = {text_key(t): t for t in segment_texts([c.text for c in chunks])}
    with EmbeddingCache(Path(settings.index_dir) / "embedding-cache.sqlite") as cache:
        have = cache.get_many(model_id, texts)
        missing = [(k, t) for k, t in texts.items() if k not in have]
        if missing:
            embeddings = embeddings or _make_embeddings(settings, model_id)
            _embed(embeddings, model_id, missing, cache, settings.embedding_batch_size, progress,
                   label="Zinnen embedden")
    return len(missing)


def _embed(
    embeddings: Embeddings, model_id: str, missing: Sequence[tuple[str, str]], cache: EmbeddingCache,
    batch: int, progress: Progress, label: str = "Embedden",
) -> dict[str, np.ndarray]:
    """Embed in batches; each batch goes into the cache at once (a crash loses one batch)."""
    out: dict[str, np.ndarray] = {}
    progress(label, 0, len(missing))
    for start in range(0, len(missing), batch):
        part = missing[start:start + batch]
        vectors = np.asarray(embeddings.embed_documents([t for _, t in part]), np.float32)
        got = {k: v for (k, _), v in zip(part, vectors)}
        cache.put_many(model_id, got)
        out.update(got)
        progress(label, min(start + batch, len(missing)), len(missing))
    return out


def _make_embeddings(settings: Settings, model_id: str) -> Embeddings:
    from wijzer.embeddings import make_embeddings, model_id_of

    embeddings = make_embeddings(settings)
    if model_id_of(embeddings) != model_id:
        raise WijzerError(
            f"Het geladen model heet {model_id_of(embeddings)}, verwacht {model_id}; de index is niet bijgewerkt."
        )
    return embeddings


@contextlib.contextmanager
def _refresh_lock(settings: Settings) -> Iterator[None]:
    """One refresh per index folder at a time (they share the embedding cache); the lease
    (Index.writing) does the same across hosts that share a Chroma server."""
    index_dir = index_folder(settings, create=True)
    with open(index_dir / "refresh.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefreshBusyError(
                "Er loopt al een verversing van deze index. Wacht tot die klaar is en probeer het opnieuw."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _merge_missing(download_failures: list[Failure], found: list[Failure]) -> list[Failure]:
    """One line per source: a failed download already says where to put the file by hand,
    so the 'file missing' report of the same source is dropped."""
    failed_downloads = {f.id for f in download_failures if f.id}
    return download_failures + [f for f in found if f.id not in failed_downloads]
