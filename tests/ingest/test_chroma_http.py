"""The same index code against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, TINY_DOCS, HashEmbeddings, free_port, stop_process

from assistant.service import Assistant
from eval.questions import load_questions
from ingest.refresh import refresh
from wijzer.errors import IndexUnavailableError, RefreshBusyError
from wijzer.index import Index, MemorySnapshot, StoreSnapshot
from wijzer.settings import load_settings
from wijzer.types import Chunk, RefreshReport

pytestmark = pytest.mark.slow


def start_chroma(folder: Path) -> tuple[subprocess.Popen, str]:
    """`chroma run` on a free port of 127.0.0.1, once it answers its heartbeat."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        exe = Path(shutil.which("chroma") or "")
    if not exe.is_file():
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):  # up to ~30 s
        if proc.poll() is not None:
            pytest.fail("chroma run stopped at start-up")
        try:
            if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_process(proc)
    pytest.fail("chroma run did not answer the heartbeat")


@pytest.fixture
def chroma_server(tmp_path: Path):
    proc, url = start_chroma(tmp_path / "server")
    try:
        yield proc, url
    finally:
        if proc.poll() is None:
            stop_process(proc)


@pytest.fixture
def chroma_url(chroma_server) -> str:
    return chroma_server[1]


def test_refresh_and_query_through_the_http_client(chroma_url, knowledge_dir, tmp_path) -> None:
    settings = load_settings(knowledge_dir=knowledge_dir, index_dir=tmp_path / "local", chroma_url=chroma_url)
    emb = HashEmbeddings()
    first = refresh(settings, embeddings=emb)
    assert len(first.added) == 3
    index = Index.open(settings, emb)
    assert index.location.startswith(chroma_url)
    assert not (tmp_path / "local" / "chroma").exists()  # nothing stored locally but the cache
    snap = index.snapshot()
    hit = snap.dense_search(emb.embed_query("parkeervergunning bij de gemeente"), k=1)[0][0]
    assert hit.document_id == "parkeren"
    # a second app instance (another client) sees the same version; an edit switches both
    other = Index.open(settings, emb)
    assert other.snapshot().version == snap.version
    (knowledge_dir / "parkeren.txt").unlink()
    report = refresh(settings, embeddings=emb)
    assert report.removed == ("parkeren",) and emb.calls == first.chunks_embedded + first.segments_embedded
    assert other.snapshot().document_chunks("parkeren") == []
    assert snap.document_chunks("parkeren")  # the old snapshot is unchanged


# --- the server as search engine -------------------------------------------------------------
def _tie_groups(found: list[tuple[Chunk, float]]) -> list[tuple[float, frozenset[str]]]:
    """Hits grouped by (rounded) score, best first: equal scores may come in any order."""
    groups: dict[float, set[str]] = {}
    for chunk, score in found:
        groups.setdefault(round(score, 4), set()).add(chunk.id)
    return [(score, frozenset(ids)) for score, ids in sorted(groups.items(), reverse=True)]


def test_server_search_gives_the_in_memory_top_k(chroma_url, project_knowledge, knowledge_dir, tmp_path) -> None:
    for name, text in TINY_DOCS.items():  # a second kind next to the seed letter's
        (project_knowledge / name).write_text(text, encoding="utf-8")
    settings = load_settings(knowledge_dir=project_knowledge, index_dir=tmp_path / "host",
                             chroma_url=chroma_url, chunk_size=300, chunk_overlap=50)
    emb = HashEmbeddings()
    refresh(settings, embeddings=emb)
    served = Index.open(settings, emb).snapshot()
    assert isinstance(served, StoreSnapshot) and not hasattr(served, "_vectors")
    vectors = served.vectors([c.id for c in served.chunks])
    memory = MemorySnapshot(served.chunks, [vectors[c.id] for c in served.chunks])
    kinds = sorted({c.kind for c in served.chunks})
    assert len(kinds) >= 2 and len(served) > 20
    questions = [q.question for q in load_questions(ROOT / "eval" / "questions.jsonl")]
    assert len(questions) >= 60
    for question in questions:
        vector = emb.embed_query(question)
        for selection in (None, kinds[:1]):
            want = memory.dense_search(vector, 5, kinds=selection)
            got = served.dense_search(vector, 5, kinds=selection)
            assert [round(s, 4) for _, s in got] == [round(s, 4) for _, s in want], question
            # every tie group but the last (cut at k) holds the same chunks
            assert _tie_groups(got)[:-1] == _tie_groups(want)[:-1], question
            if selection:
                assert {c.kind for c, _ in got} <= set(selection)


def test_a_server_that_dies_gives_one_dutch_line(chroma_server, knowledge_dir, tmp_path) -> None:
    proc, url = chroma_server
    settings = load_settings(knowledge_dir=knowledge_dir, index_dir=tmp_path / "host", chroma_url=url)
    emb = HashEmbeddings()
    refresh(settings, embeddings=emb)
    assistant = Assistant(settings, embeddings=emb)
    assert assistant.ask("Mag ik ChatGPT gebruiken voor persoonsgegevens?").index_version
    stop_process(proc)
    with pytest.raises(IndexUnavailableError, match="reageert niet") as err:
        assistant.ask("Wie beslist er over een parkeervergunning?")
    assert url in str(err.value) and "WIJZER_CHROMA_URL" in str(err.value)
    with pytest.raises(IndexUnavailableError):
        Index.open(settings, emb).snapshot()
    with pytest.raises(IndexUnavailableError):
        refresh(settings, embeddings=emb)


# --- two hosts refreshing one server -------------------------------------------------------
class MeetingEmbeddings(HashEmbeddings):
    """Waits in its first embedding call until the other refresh of the round arrives (or
    has stopped), so the two refreshes overlap instead of running one after the other."""

    def __init__(self, barrier: threading.Barrier) -> None:
        super().__init__()
        self.barrier = barrier

    def embed_documents(self, texts):
        try:
            self.barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        return super().embed_documents(texts)


def test_two_hosts_refreshing_one_server_keep_a_usable_index(chroma_url, tmp_path) -> None:
    hosts = []
    for name in ("a", "b"):
        folder = tmp_path / f"knowledge-{name}"
        folder.mkdir()
        for file, text in TINY_DOCS.items():
            (folder / file).write_text(text, encoding="utf-8")
        hosts.append(load_settings(knowledge_dir=folder, index_dir=tmp_path / f"host-{name}",
                                   chroma_url=chroma_url))
    for round_ in range(5):
        for settings in hosts:  # both hosts got the same new document this round
            (settings.knowledge_dir / f"ronde-{round_}.txt").write_text(
                f"Ronde {round_}: nieuwe regels voor algoritmes en generatieve AI ({round_}).",
                encoding="utf-8")
        barrier = threading.Barrier(2)
        outcomes: list[object] = [None, None]

        def run(i: int, settings, barrier=barrier, outcomes=outcomes) -> None:
            try:
                outcomes[i] = refresh(settings, embeddings=MeetingEmbeddings(barrier))
            except Exception as exc:  # noqa: BLE001 - judged below
                outcomes[i] = exc
            finally:
                barrier.abort()  # the other one need not wait for a refresh that ended

        threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(hosts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for outcome in outcomes:  # each either refreshed or said, in Dutch, to wait
            assert isinstance(outcome, (RefreshReport, RefreshBusyError)), repr(outcome)
        busy = [o for o in outcomes if isinstance(o, RefreshBusyError)]
        assert all("Er loopt al een verversing" in str(o) for o in busy)
        assert any(isinstance(o, RefreshReport) for o in outcomes)
        for settings in hosts:
            index = Index.open(settings, HashEmbeddings())
            state = index.state()
            assert state is not None and index.has_collection(state.collection), f"round {round_}"
            snap = index.snapshot()
            assert f"ronde-{round_}" in snap.document_ids
            hit = snap.dense_search(HashEmbeddings().embed_query("parkeervergunning gemeente"), 1)
            assert hit[0][0].document_id == "parkeren"
        # the busy host catches up on its next refresh
        for settings in hosts:
            assert isinstance(refresh(settings, embeddings=HashEmbeddings()), RefreshReport)
    names = {v.name for v in Index.open(hosts[0], HashEmbeddings()).version_collections()}
    assert len(names) <= 2  # current + the one it replaced; every orphan is gone
