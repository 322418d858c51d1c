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
    only = snap.dense_search(q, k=5, where={"kind": {"$in": ["guidance", "other"]}})
    assert {c.kind for c, _ in only} == {"guidance", "other"}
    assert [c.id for c, _ in snap.dense_search(q, 5, where={"kind": "other"})] == ["parkeren-0"]
    assert [c.id for c, _ in snap.dense_search(q, 5, where={"document_id": "handreiking"})] == [
        "handreiking-0"
    ]
    other = emb.embed_query("parkeervergunning gemeente")  # the filter is reused per snapshot
    ranked = [c.id for c, _ in snap.dense_search(other, 5)]
    assert [c.id for c, _ in snap.dense_search(other, 5, where={"kind": {"$in": ["guidance", "other"]}})] == [
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
