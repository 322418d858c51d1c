"""What the index layer does when things go wrong around it: leftovers of a killed
refresh, a refresh already running, a pointer to a deleted version, a wrong index folder.
Local store and the fake embedder; the shared-server cases are in test_chroma_http.py."""

from __future__ import annotations

import json

import pytest
from conftest import HashEmbeddings

from ingest.__main__ import main
from ingest.refresh import _refresh_lock, refresh
from wijzer.errors import RefreshBusyError, SettingsError
from wijzer.index import Index


@pytest.fixture
def emb(monkeypatch) -> HashEmbeddings:
    """The fake embedder, also for `python -m ingest` run in this process."""
    fake = HashEmbeddings()
    monkeypatch.setattr("wijzer.embeddings.make_embeddings", lambda settings: fake)
    monkeypatch.setattr("wijzer.index.store.configured_model_id", lambda settings: fake.model_id)
    return fake


@pytest.fixture
def cli_env(monkeypatch, settings) -> None:
    monkeypatch.setenv("WIJZER_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("WIJZER_INDEX_DIR", str(settings.index_dir))


def test_a_refresh_where_nothing_changed_removes_orphan_versions(settings, emb) -> None:
    first = refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    index.client.create_collection("wijzer-v7", embedding_function=None)  # a killed refresh's
    index.client.create_collection("wijzer-v8-0badf00d", metadata={"created": 1.0},
                                   embedding_function=None)
    report = refresh(settings, embeddings=emb)
    assert report.index_version == first.index_version and not report.updated
    names = [v.name for v in index.version_collections()]
    assert names == [index.state().collection]
    assert index.snapshot().document_chunks("parkeren")


def test_busy_refresh_exits_3_with_one_dutch_line(settings, emb, cli_env, capsys) -> None:
    refresh(settings, embeddings=emb)
    with _refresh_lock(settings):  # another refresh on this host
        assert main(["--json"]) == 3
    out, err = capsys.readouterr()
    assert json.loads(out)["error"].startswith("Er loopt al een verversing")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    with Index.open(settings, emb).writing():  # another host holds the lease on the store
        with pytest.raises(RefreshBusyError, match="Er loopt al een verversing"):
            refresh(settings, embeddings=emb)
        assert main([]) == 3
    assert refresh(settings, embeddings=emb).index_version  # free again afterwards


def test_status_does_not_create_the_index_folder(settings, cli_env, capsys) -> None:
    assert not settings.index_dir.exists()
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] is None
    assert main(["status"]) == 0
    assert not settings.index_dir.exists()


def test_index_dir_that_is_a_file_is_one_line_naming_the_setting(settings, cli_env, tmp_path, capsys) -> None:
    settings.index_dir.write_text("geen map", encoding="utf-8")
    for args in (["status"], [], ["build-if-missing"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "WIJZER_INDEX_DIR" in err and "bestand" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(SettingsError, match="WIJZER_INDEX_DIR"):
        Index.open(settings)


def test_pointer_to_a_deleted_version_is_repaired_and_said(settings, emb, cli_env, capsys) -> None:
    first = refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    index.client.delete_collection(index.state().collection)  # e.g. removed on the server
    with pytest.raises(Exception, match="python -m ingest"):
        Index.open(settings, emb).snapshot()
    calls = emb.calls
    assert main(["--json"]) == 0
    out, err = capsys.readouterr()
    assert "opnieuw opgebouwd" in err and json.loads(out)["chunks_total"] == first.chunks_total
    assert emb.calls == calls  # vectors came from the embedding cache
    fresh = Index.open(settings, emb)
    assert fresh.has_collection(fresh.state().collection)
    assert set(fresh.snapshot().document_ids) == set(first.added)
    fresh.client.delete_collection(fresh.state().collection)
    again = refresh(settings, embeddings=emb, rebuild=True)  # --rebuild used to crash here
    assert again.chunks_total == first.chunks_total
    fresh.client.delete_collection(Index.open(settings, emb).state().collection)
    assert main(["build-if-missing"]) == 0  # the start script repairs it too
    assert "opnieuw opgebouwd" in capsys.readouterr().err
    assert Index.open(settings, emb).snapshot().document_chunks("parkeren")


def test_an_old_index_with_unsuffixed_version_names_keeps_working(settings, emb) -> None:
    """Indexes written before the random suffix name their versions `wijzer-v<n>`."""
    first = refresh(settings, embeddings=emb)
    index = Index.open(settings, emb)
    state = index.state()
    old = index.client.get_collection(state.collection)
    got = old.get(include=["documents", "metadatas", "embeddings"])
    legacy = index.client.create_collection("wijzer-v1", configuration={"hnsw": {"space": "cosine"}},
                                            embedding_function=None)
    legacy.upsert(ids=got["ids"], documents=got["documents"], metadatas=got["metadatas"],
                  embeddings=got["embeddings"])
    pointer = index.client.get_collection("wijzer-state")
    doc = json.loads(pointer.get(ids=["current"])["documents"][0])
    doc.update(collection="wijzer-v1", version=1)
    doc.pop("previous", None)
    pointer.upsert(ids=["current"], documents=[json.dumps(doc)], embeddings=[[1.0]])
    assert Index.open(settings, emb).snapshot().document_chunks("parkeren")
    (settings.knowledge_dir / "parkeren.txt").unlink()
    report = refresh(settings, embeddings=emb)
    assert report.removed == ("parkeren",) and int(report.index_version) == 2
    names = {v.name for v in Index.open(settings, emb).version_collections()}
    assert "wijzer-v1" in names and state.collection not in names and len(names) == 2
    assert first.chunks_total > report.chunks_total


def test_a_lease_left_by_a_killed_refresh_on_this_host_is_taken_over(settings, emb) -> None:
    import os
    import socket
    import subprocess
    import time

    refresh(settings, embeddings=emb)
    dead = subprocess.Popen(["true"])
    dead.wait()
    index = Index.open(settings, emb)
    index.client.create_collection("wijzer-lease", embedding_function=None, metadata={
        "owner": "weg", "label": "weg", "host": socket.gethostname(), "pid": dead.pid,
        "since": time.time(), "expires": time.time() + 600})
    (settings.knowledge_dir / "nieuw.txt").write_text("Nieuwe tekst over algoritmes.", encoding="utf-8")
    assert refresh(settings, embeddings=emb).added == ("nieuw",)  # no 60 s wait
    index.client.create_collection("wijzer-lease", embedding_function=None, metadata={
        "owner": "levend", "label": "ander", "host": socket.gethostname(), "pid": os.getpid(),
        "since": time.time(), "expires": time.time() + 600})
    with pytest.raises(RefreshBusyError, match="ander"):
        refresh(settings, embeddings=emb)
