"""Refresh: incremental (nothing embedded twice), atomic (old version intact on failure),
honest (bad input reported, never costing what is indexed)."""

from __future__ import annotations


import pytest
from conftest import HashEmbeddings

from ingest.refresh import StrictRefreshError, refresh
from wijzer.errors import IndexMissingError, ModelMismatchError
from wijzer.index import Index
from wijzer.settings import load_settings

LONG = "\n\n".join(
    f"## Paragraaf {i}\nDit is alinea {i} over generatieve AI en de regels voor ambtenaren. "
    f"Onderwerp {i}: zorgvuldig gebruik, privacy en menselijke controle bij besluiten." * 3
    for i in range(12)
)


@pytest.fixture
def emb() -> HashEmbeddings:
    return HashEmbeddings()


def _ids(index: Index, doc_id: str) -> list[str]:
    return [c.id for c in index.snapshot().document_chunks(doc_id)]


def test_first_build_then_second_run_embeds_nothing(settings, emb) -> None:
    first = refresh(settings, embeddings=emb)
    assert set(first.added) == {"standpunt", "handreiking", "parkeren"} or len(first.added) == 3
    assert first.chunks_embedded + first.segments_embedded == emb.calls > 0 and first.index_version
    assert first.segments_embedded >= first.chunks_embedded  # every chunk has segments
    calls = emb.calls
    second = refresh(settings, embeddings=emb)
    assert emb.calls == calls
    assert not (second.added or second.updated or second.removed)
    assert len(second.unchanged) == 3 and second.index_version == first.index_version
    snap = Index.open(settings, emb).snapshot()
    assert len(snap.chunks) == first.chunks_total == second.chunks_total
    assert set(snap.document_ids) == set(first.added)


def test_no_change_refresh_does_not_load_the_model(settings, emb, monkeypatch) -> None:
    refresh(settings, embeddings=emb)
    import wijzer.embeddings

    def boom(*a, **k):
        raise AssertionError("model loaded")

    monkeypatch.setattr(wijzer.embeddings, "make_embeddings", boom)
    # the configured model differs from the fake's id, so pretend it is the same model
    monkeypatch.setattr("wijzer.index.store.configured_model_id", lambda s: emb.model_id)
    report = refresh(settings)
    assert len(report.unchanged) == 3 and report.chunks_embedded == 0


def test_editing_one_paragraph_reembeds_only_changed_chunks(settings, knowledge_dir, emb) -> None:
    (knowledge_dir / "lang.md").write_text("# Lang document\n\n" + LONG, encoding="utf-8")
    first = refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    before = {d: _ids(index, d) for d in index.snapshot().document_ids}
    assert len(before["lang"]) >= 4
    edited = LONG.replace("Dit is alinea 7 over", "Dit is de herschreven alinea 7 over")
    (knowledge_dir / "lang.md").write_text("# Lang document\n\n" + edited, encoding="utf-8")
    calls = emb.calls
    report = refresh(settings, embeddings=emb)
    assert report.updated == ("lang",) and len(report.unchanged) == 3
    assert 1 <= report.chunks_embedded <= 2
    assert report.chunks_embedded + report.segments_embedded == emb.calls - calls
    assert report.index_version != first.index_version
    after = {d: _ids(index, d) for d in index.snapshot().document_ids}
    for doc in ("standpunt", "handreiking", "parkeren"):
        assert after[doc] == before[doc]
    changed = set(after["lang"]) - set(before["lang"])
    assert 1 <= len(changed) <= 2
    assert any("herschreven" in index.snapshot().by_id(c).text for c in changed)


def test_deleting_a_file_removes_its_chunks(settings, knowledge_dir, emb) -> None:
    refresh(settings, embeddings=emb)
    (knowledge_dir / "parkeren.txt").unlink()
    report = refresh(settings, embeddings=emb)
    assert report.removed == ("parkeren",)
    snap = Index.open(settings, emb).snapshot()
    assert snap.document_chunks("parkeren") == []
    assert all(c.document_id != "parkeren" for c in snap.chunks)
    assert [d.id for d in Index.open(settings, emb).status().documents if d.id == "parkeren"] == []


def test_corrupt_pdf_is_reported_and_old_index_stays(settings, knowledge_dir, emb) -> None:
    first = refresh(settings, embeddings=emb)
    (knowledge_dir / "kapot.pdf").write_bytes(b"\x00garbage, geen pdf\xff" * 50)
    report = refresh(settings, embeddings=emb)
    assert [f.id or f.path for f in report.failed] and "kapot" in (report.failed[0].id or report.failed[0].path)
    assert report.failed[0].reason
    assert report.index_version == first.index_version  # nothing else changed: no new version
    snap = Index.open(settings, emb).snapshot()
    hit = snap.dense_search(emb.embed_query("ChatGPT persoonsgegevens online"), k=1)[0][0]
    assert hit.document_id == "standpunt"


def test_document_that_breaks_keeps_its_old_chunks(settings, knowledge_dir, emb) -> None:
    (knowledge_dir / "rapport.pdf").write_bytes(_tiny_pdf())
    first = refresh(settings, embeddings=emb)
    if "rapport" not in first.added:
        pytest.skip("PDF reader not available yet")
    index = Index.open(settings, emb)
    old = _ids(index, "rapport")
    (knowledge_dir / "rapport.pdf").write_bytes(b"%PDF-1.4 kapot")
    report = refresh(settings, embeddings=emb)
    assert [f.id for f in report.failed] == ["rapport"] and "rapport" not in report.removed
    assert _ids(index, "rapport") == old


def test_strict_makes_failures_fatal(settings, knowledge_dir, emb) -> None:
    first = refresh(settings, embeddings=emb)
    (knowledge_dir / "standpunt.md").write_text("# Nieuw\n\nAndere tekst over AI.", encoding="utf-8")
    (knowledge_dir / "kapot.pdf").write_bytes(b"garbage")
    with pytest.raises(StrictRefreshError) as err:
        refresh(settings, embeddings=emb, strict=True)
    assert err.value.failures
    assert Index.open(settings, emb).status().version == first.index_version


def test_refresh_that_fails_midway_leaves_previous_version(settings, knowledge_dir, emb) -> None:
    first = refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    before = index.snapshot()
    (knowledge_dir / "lang.md").write_text("# Lang document\n\n" + LONG, encoding="utf-8")

    class Breaks(HashEmbeddings):
        def embed_documents(self, texts):
            if self.calls >= 2:
                raise RuntimeError("stroomstoring")
            return super().embed_documents(texts)

    broken_settings = load_settings(
        knowledge_dir=settings.knowledge_dir, index_dir=settings.index_dir, embedding_batch_size=2
    )
    with pytest.raises(RuntimeError):
        refresh(broken_settings, embeddings=Breaks())
    fresh = Index.open(settings, emb)
    assert fresh.status().version == first.index_version
    snap = fresh.snapshot()
    assert [c.id for c in snap.chunks] == [c.id for c in before.chunks]
    assert snap.dense_search(emb.embed_query("parkeervergunning"), k=1)[0][0].document_id == "parkeren"
    # the next refresh completes, cleans the orphan and re-embeds only what the crash missed
    calls = emb.calls
    report = refresh(settings, embeddings=emb)
    assert report.added == ("lang",)
    assert emb.calls - calls == report.chunks_embedded + report.segments_embedded
    assert report.chunks_embedded < report.chunks_written
    names = fresh.version_collections()
    assert len(names) <= 2 and int(report.index_version) in {v.number for v in names}


def test_snapshot_taken_before_refresh_still_answers(settings, knowledge_dir, emb) -> None:
    refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    old = index.snapshot()
    (knowledge_dir / "parkeren.txt").unlink()
    for i in range(3):  # several versions: the oldest collections are deleted meanwhile
        (knowledge_dir / f"extra{i}.txt").write_text(f"Extra document {i} over algoritmes.", encoding="utf-8")
        refresh(settings, embeddings=emb)
    hits = old.dense_search(emb.embed_query("parkeervergunning gemeente"), k=1)
    assert hits[0][0].document_id == "parkeren"
    assert index.snapshot().version != old.version
    assert index.snapshot().document_chunks("parkeren") == []


def test_model_mismatch_and_model_change_rebuilds(settings, emb) -> None:
    refresh(settings, embeddings=emb)
    other = HashEmbeddings(dim=64, model_id="test/other-64")
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        Index.open(settings, other).snapshot()
    report = refresh(settings, embeddings=other)
    assert other.calls == report.chunks_total + report.segments_embedded and report.chunks_total > 0
    snap = Index.open(settings, other).snapshot()
    assert snap.embedding_model == "test/other-64"
    status = Index.open(settings, other).status()
    assert status.dimension == 64 and status.embedding_model == "test/other-64"


def test_missing_index_and_rebuild(settings, emb) -> None:
    with pytest.raises(IndexMissingError):
        Index.open(settings, emb).snapshot()
    first = refresh(settings, embeddings=emb)
    calls = emb.calls
    again = refresh(settings, embeddings=emb, rebuild=True)
    assert emb.calls - calls == first.chunks_total  # from scratch: everything re-embedded
    assert again.index_version != first.index_version


def test_chunk_settings_change_rechunks(settings, knowledge_dir, emb) -> None:
    (knowledge_dir / "lang.md").write_text("# Lang document\n\n" + LONG, encoding="utf-8")
    first = refresh(settings, embeddings=emb)
    smaller = load_settings(knowledge_dir=knowledge_dir, index_dir=settings.index_dir,
                            chunk_size=300, chunk_overlap=50)
    report = refresh(smaller, embeddings=emb)
    assert report.index_version != first.index_version and len(report.updated) == 4
    assert Index.open(smaller, emb).status().chunk_settings["chunk_size"] == 300


def test_a_new_readers_version_rereads_every_source(settings, emb, monkeypatch) -> None:
    """A reader that now reads a file differently (a PDF label no longer a chapter) must
    reach an index built before it, though no file changed."""
    import ingest.refresh as refresh_module

    first = refresh(settings, embeddings=emb)
    assert refresh(settings, embeddings=emb).index_version == first.index_version  # nothing to do
    monkeypatch.setattr(refresh_module, "READERS_VERSION", refresh_module.READERS_VERSION + 1)
    report = refresh(settings, embeddings=emb)
    assert report.index_version != first.index_version and len(report.updated) == len(first.added)
    assert report.chunks_embedded == 0  # the same texts: nothing embedded again
    status = Index.open(settings, emb).status()
    assert status.chunk_settings["readers"] == refresh_module.READERS_VERSION


def _tiny_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    topics = ["de risico's van generatieve AI voor de privacy van inwoners",
              "het toezicht door de functionaris gegevensbescherming en de DPIA"]
    for topic in topics:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, f"Dit hoofdstuk van het rapport beschrijft {topic}. " * 4)
    return bytes(pdf.output())


def test_folder_sources_are_remembered_until_dropped(settings, tmp_path, emb) -> None:
    folder = tmp_path / "map"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "pagina.md").write_text("# Pagina\n\nAlgoritmes in het register.", encoding="utf-8")
    first = refresh(settings, embeddings=emb, extra_sources=[folder])
    assert len(first.added) == 4
    folder_doc = next(d for d in first.added if "pagina" in d)
    again = refresh(settings, embeddings=emb)  # e.g. the page's refresh button: no --source
    assert folder_doc in again.unchanged and not again.removed
    moved = tmp_path / "weg"
    folder.rename(moved)  # an unmounted folder does not cost its documents
    gone = refresh(settings, embeddings=emb)
    assert gone.failed and not gone.removed
    assert Index.open(settings, emb).snapshot().document_chunks(folder_doc)
    moved.rename(folder)
    dropped = refresh(settings, embeddings=emb, drop_sources=[folder])
    assert dropped.removed == (folder_doc,)
    assert Index.open(settings, emb).status().version == dropped.index_version


def test_a_wrong_knowledge_dir_does_not_empty_the_index(settings, tmp_path, emb) -> None:
    first = refresh(settings, embeddings=emb)
    typo = load_settings(knowledge_dir=tmp_path / "kenis", index_dir=settings.index_dir)
    report = refresh(typo, embeddings=emb)
    assert not report.removed and "WIJZER_KNOWLEDGE_DIR" in report.failed[0].reason
    status = Index.open(settings, emb).status()
    assert status.version == first.index_version and {d.id for d in status.documents} == set(first.added)


def test_a_duplicate_id_does_not_list_the_kept_document_as_failed(settings, knowledge_dir, emb) -> None:
    (knowledge_dir / "Parkeren.md").write_text("# Parkeren\n\nAndere tekst over parkeren.", encoding="utf-8")
    report = refresh(settings, embeddings=emb)
    dupes = [f for f in report.failed if "Dubbel id" in f.reason]
    assert len(dupes) == 1 and "parkeren" in report.added
    assert not {f.id for f in report.failed} & set(report.added + report.updated + report.unchanged)
