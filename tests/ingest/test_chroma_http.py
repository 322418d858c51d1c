"""The same index code against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import HashEmbeddings, free_port, stop_process

from ingest.refresh import refresh
from wijzer.index import Index
from wijzer.settings import load_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_url(tmp_path: Path):
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        exe = Path(shutil.which("chroma") or "")
    if not exe.is_file():
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # up to ~30 s
            if proc.poll() is not None:
                pytest.fail("chroma run stopped at start-up")
            try:
                if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not answer the heartbeat")
        yield url
    finally:
        stop_process(proc)


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
