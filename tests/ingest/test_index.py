"""The index: in-memory snapshots, the Chroma store, versions and the model check."""

from __future__ import annotations

from conftest import HashEmbeddings

from wijzer.index import MemorySnapshot, chunk_from_record, chunk_metadata
from wijzer.types import Chunk


def make_chunk(doc: str, n: int, text: str, kind: str = "guidance", **kw) -> Chunk:
    fields = dict(
        id=f"{doc}-{n}", document_id=doc, document_version="v1", title=doc.title(), kind=kind,
        section=("Hoofdstuk", "Par"), page_start=n + 1, page_end=n + 1, char_start=0,
        char_end=len(text), text=text, location=f"p. {n + 1}", ordinal=n,
    )
    fields.update(kw)
    return Chunk(**fields)


CHUNKS = [
    make_chunk("standpunt", 0, "Medewerkers gebruiken geen online generatieve AI zoals ChatGPT", kind="position"),
    make_chunk("standpunt", 1, "Het standpunt geldt voor gemeenten provincies en waterschappen", kind="position"),
    make_chunk("handreiking", 0, "Begin met een DPIA als persoonsgegevens worden verwerkt"),
    make_chunk("parkeren", 0, "Een parkeervergunning vraagt u aan bij de gemeente", kind="other",
               page_start=None, page_end=None, section=()),
]


def test_memory_snapshot_ranks_by_cosine_and_filters() -> None:
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings(CHUNKS, emb, version="t1")
    q = emb.embed_query("mag ik ChatGPT online gebruiken")
    hits = snap.dense_search(q, k=2)
    assert hits[0][0].id == "standpunt-0"
    assert hits[0][1] > hits[1][1]
    only = snap.dense_search(q, k=5, kinds=["guidance", "other"])
    assert {c.kind for c, _ in only} == {"guidance", "other"}
    assert [c.id for c, _ in snap.dense_search(q, 5, kinds=["other"])] == ["parkeren-0"]
    assert snap.dense_search(q, 5, kinds=["letter"]) == []
    other = emb.embed_query("parkeervergunning gemeente")  # the selection is reused per snapshot
    ranked = [c.id for c, _ in snap.dense_search(other, 5)]
    assert [c.id for c, _ in snap.dense_search(other, 5, kinds=["guidance", "other"])] == [
        i for i in ranked if i in {"handreiking-0", "parkeren-0"}
    ]
    assert snap.by_id("handreiking-0") is CHUNKS[2]
    assert [c.id for c in snap.document_chunks("standpunt")] == ["standpunt-0", "standpunt-1"]
    assert snap.version == "t1" and snap.embedding_model == "test/hash-256"


def test_chunk_metadata_round_trips_section_and_none() -> None:
    for chunk in CHUNKS + [make_chunk("x", 3, "tekst", url="https://x.nl/a.pdf", superseded_by="y")]:
        meta = chunk_metadata(chunk)
        assert all(isinstance(v, (str, int, float, bool)) for v in meta.values())
        assert chunk_from_record(chunk.id, chunk.text, meta) == chunk


def test_top_k_is_exact_with_ties_in_row_order() -> None:
    import numpy as np

    from wijzer.index.vectors import top_k

    matrix = np.array([[1, 0], [0, 1], [1, 0], [0.6, 0.8], [1, 0]], np.float32)
    assert [r for r, _ in top_k(matrix, [1, 0], 2)] == [0, 2]  # a tie at the cut: row order
    assert [r for r, _ in top_k(matrix, [1, 0], 9)] == [0, 2, 4, 3, 1]
    assert [r for r, _ in top_k(matrix, [1, 0], 2, rows=np.array([1, 3, 4]))] == [4, 3]
    assert top_k(matrix, [1, 0], 0) == [] and top_k(matrix[:0], [1, 0], 3) == []


def test_version_names_never_collide_and_age_guards_deletion() -> None:
    from wijzer.index.versions import (
        VersionCollection,
        new_version_name,
        removable,
        version_collections,
    )

    names = {new_version_name("wijzer", 7) for _ in range(50)}
    assert len(names) == 50  # two writers that both pick number 7 still get two collections
    found = version_collections("wijzer", ["wijzer-v3", *sorted(names)[:2], "wijzer-state", "wijzer-lease",
                                           "andere-v4"])
    assert sorted(v.number for v in found) == [3, 7, 7]
    old = VersionCollection("wijzer-v3", 3, 0.0)
    current = VersionCollection("wijzer-v5-aa", 5, 100.0)
    previous = VersionCollection("wijzer-v4-bb", 4, 90.0)
    orphan = VersionCollection("wijzer-v6-cc", 6, 110.0)  # a killed refresh, before our lease
    busy = VersionCollection("wijzer-v6-dd", 6, 130.0)  # someone writing after our lease began
    gone = removable([old, current, previous, orphan, busy], {current.name, previous.name}, started=120.0)
    assert [v.name for v in gone] == ["wijzer-v3", "wijzer-v6-cc"]


def test_index_state_reads_records_written_before_previous_existed() -> None:
    from wijzer.index import IndexState
    from wijzer.index.versions import IndexedDocument
    from wijzer.types import DocumentInfo

    doc = IndexedDocument(DocumentInfo("a", "A", "web", "v1", 2, links=("b",)), "f1", "/map")
    state = IndexState(3, "wijzer-v3", "m", 4, "2026-01-01", {"chunk_size": 9}, (doc,))
    old_json = state.to_json().replace(', "previous": null', "")
    assert "previous" not in old_json
    assert IndexState.from_json(old_json) == state


def test_document_records_keep_their_json_form_and_read_older_ones() -> None:
    """The pointer record stores each document as the DocumentInfo fields plus fingerprint
    and folder; records written before `folder` (or with keys since dropped) still read."""
    import json

    from wijzer.index import IndexState
    from wijzer.index.versions import IndexedDocument
    from wijzer.types import DocumentInfo

    doc = IndexedDocument(DocumentInfo("a", "A", "web", "v1", 2, links=("b",)), "f1", None)
    record = json.loads(IndexState(1, "c", "m", 4, "t", {}, (doc,)).to_json())["documents"][0]
    assert record == {"id": "a", "title": "A", "kind": "web", "version": "v1", "chunks": 2,
                      "date": "", "publisher": "", "url": None, "path": "", "superseded_by": None,
                      "pages": None, "collection": "", "links": ["b"], "linked_from": "",
                      "fingerprint": "f1", "folder": None}
    older = {k: v for k, v in record.items() if k != "folder"} | {"retired_key": 1}
    assert IndexedDocument.from_record(older) == doc


def test_local_store_search_matches_memory_search(settings) -> None:
    """WIJZER_DENSE_SEARCH=store asks Chroma's HNSW; on a small index it is exact."""
    from ingest.refresh import refresh
    from wijzer.index import Index, StoreSnapshot
    from wijzer.settings import load_settings

    emb = HashEmbeddings()
    refresh(settings, embeddings=emb)
    memory = Index.open(settings, emb).snapshot()
    store = Index.open(load_settings(**{**settings.model_dump(), "dense_search": "store"}), emb).snapshot()
    assert isinstance(memory, MemorySnapshot) and isinstance(store, StoreSnapshot)
    for q in ("parkeervergunning gemeente", "mag ik ChatGPT gebruiken", "DPIA privacy officer"):
        v = emb.embed_query(q)
        for kinds in (None, ["other"]):
            want = [(c.id, round(s, 4)) for c, s in memory.dense_search(v, 3, kinds=kinds)]
            got = [(c.id, round(s, 4)) for c, s in store.dense_search(v, 3, kinds=kinds)]
            assert [s for _, s in got] == [s for _, s in want]
            cut = want[-1][1]  # chunks tied at the cut may differ
            assert {i for i, s in got if s > cut} == {i for i, s in want if s > cut}
