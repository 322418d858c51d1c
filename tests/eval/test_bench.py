"""The benchmark's corpus duplication: copies under new ids with the same vectors, so a
duplicated corpus finds the same passages (and their copies) without re-embedding."""

from eval.bench import duplicated, p50_p95
from tests.conftest import HashEmbeddings
from wijzer.index import MemorySnapshot
from wijzer.types import Chunk


def make(doc: str, n: int, text: str) -> Chunk:
    return Chunk(id=f"{doc}#{n}", document_id=doc, document_version="v", title=doc, kind="web", section=(),
                 page_start=None, page_end=None, char_start=0, char_end=len(text), text=text, location="", ordinal=n)


def test_duplicated_snapshot_copies_vectors_under_new_ids():
    emb = HashEmbeddings()
    chunks = [make("a", 0, "parkeervergunning bewoners gemeente"), make("b", 0, "generatieve AI standpunt overheid")]
    snap = MemorySnapshot.from_embeddings(chunks, emb)
    calls = emb.calls
    big = duplicated(snap, 4)
    assert emb.calls == calls  # nothing re-embedded
    assert len(big.chunks) == 8 and len({c.id for c in big.chunks}) == 8
    assert len(big.document_ids) == 8
    top = big.dense_search(emb.embed_query("parkeervergunning gemeente"), k=4)
    assert {c.text for c, _ in top} == {chunks[0].text}  # the four copies of the right chunk
    assert duplicated(snap, 1) is snap


def test_p50_p95():
    assert p50_p95([1.0, 2.0, 3.0, 4.0, 100.0]) == {"p50": 3.0, "p95": 80.8}


def test_scale_paths_corpus_is_synthetic_and_clustered():
    import numpy as np

    from eval.bench_scale import BASE_CHUNKS, DIM, KINDS, query_vectors, synthetic_corpus

    chunks, vectors = synthetic_corpus(1)
    assert len(chunks) == BASE_CHUNKS == len(vectors) and vectors.shape[1] == DIM
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert {c.kind for c in chunks} == set(KINDS) and len({c.id for c in chunks}) == BASE_CHUNKS
    queries = query_vectors(vectors, n=20)
    best = (vectors @ queries.T).max(axis=0)
    assert (best > 0.5).all()  # every query has a close passage, as a real question does
