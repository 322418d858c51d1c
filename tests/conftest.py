"""Shared fixtures: every test's data lives under tmp_path, and a fake embedder whose
vector is derivable from the text (word hashing), so retrieval behaves sensibly without
loading a model. Tests that need the real e5 model or ../shared mark themselves."""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "kamerbrief-overheidsbreed-standpunt-generatieve-ai.txt"
PROJECT_SEED = ROOT / "knowledge" / "kamerbrief-overheidsbreed-standpunt-generatieve-ai.txt"
CORPUS = SHARED / "corpus" / "algoritmekader"

_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words embedder: shared words give similar vectors.

    `calls` counts embedded texts, so tests can assert that nothing is embedded twice.
    """

    def __init__(self, dim: int = 256, model_id: str = "test/hash-256") -> None:
        self.dim = dim
        self.dimension = dim
        self.model_id = model_id
        self.calls = 0  # texts embedded through embed_documents
        self.query_calls = 0

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            if len(word) < 3:
                continue
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            v[h % self.dim] += 1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.query_calls += 1
        return self._vector(text)


TINY_DOCS = {
    "standpunt.md": """---
title: Standpunt generatieve AI (test)
---
# Standpunt generatieve AI

## Reikwijdte
Het standpunt geldt voor alle overheidsorganisaties: het Rijk, provincies, gemeenten en
waterschappen. Het wordt de komende periode in de praktijk beproefd.

## Online toepassingen
Medewerkers gebruiken geen generatieve AI-toepassingen die online voor iedereen
toegankelijk zijn, zoals ChatGPT, voor het verwerken van persoonsgegevens.
""",
    "handreiking.md": """---
title: Handreiking generatieve AI (test)
---
# Handreiking

## Stappenplan
Hoofdstuk 4 bevat een stappenplan. Begin met een DPIA als er persoonsgegevens worden
verwerkt en betrek de privacy officer.

## Menselijke controle
Besluiten worden nooit alleen op basis van de uitvoer van een taalmodel genomen; er is
altijd menselijke tussenkomst.
""",
    "parkeren.txt": """Parkeervergunning

Een parkeervergunning voor bewoners vraagt u aan bij de gemeente. De kosten verschillen
per wijk.
""",
}


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's settings or writes into the project's data folder."""
    for key in list(os.environ):
        if key.upper().startswith("WIJZER_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("WIJZER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("WIJZER_FEEDBACK_PATH", str(tmp_path / "feedback.jsonl"))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A knowledge folder with three tiny Dutch documents (one off-topic) and no manifest."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name, text in TINY_DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# Algoritmekader pages a small copy of knowledge/ keeps (the full folder, with its 10 PDFs,
# takes minutes to ingest: only the test marked `default_index` reads all of it).
ALGORITMEKADER = ROOT / "knowledge" / "algoritmekader"
SMALL_AK_PAGES = (
    "soorten-algoritmes-en-ai/generatieve-ai.md",
    "voldoen-aan-wetten-en-regels/hulpmiddelen/genAI-compliance-FAQ.md",
    "LICENSE.md",
)


def copy_project_knowledge(dest: Path, pages: tuple[str, ...] = SMALL_AK_PAGES) -> Path:
    """knowledge/ (manifest, seed letter, glossary) with only `pages` of the Algoritmekader."""
    shutil.copytree(ROOT / "knowledge", dest, ignore=shutil.ignore_patterns("algoritmekader"))
    for rel in pages:
        target = dest / "algoritmekader" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ALGORITMEKADER / rel, target)
    return dest


@pytest.fixture
def project_knowledge(tmp_path: Path) -> Path:
    """A copy of the project's knowledge folder (manifest, seed letter, glossary) with two
    Algoritmekader pages (generative AI; the GenAI compliance FAQ page, without its PDF)."""
    return copy_project_knowledge(tmp_path / "project-knowledge")


@pytest.fixture
def fake_embeddings() -> HashEmbeddings:
    return HashEmbeddings()


@pytest.fixture
def settings(knowledge_dir: Path, tmp_path: Path):
    from wijzer.settings import load_settings

    return load_settings(knowledge_dir=knowledge_dir, index_dir=tmp_path / "index")


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens right now (for a server, or a refused connection)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a server a test started: terminate, and kill it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/algoritmekader is absent")
