"""The one test that ingests the whole default knowledge base (knowledge/ as shipped: the
seed letter, the Algoritmekader's pages and its 10 PDFs), with the fast fake embedder:
the first build needs no --source flag and no network, and what a card needs (links
between pages and PDFs, page numbers, collection, kind) survives the Chroma round trip.
Every other test uses a small copy (tests/conftest.py: copy_project_knowledge)."""

from __future__ import annotations

import pytest

from conftest import ROOT, HashEmbeddings
from ingest.refresh import refresh
from wijzer.index import Index
from wijzer.settings import load_settings

pytestmark = [pytest.mark.default_index, pytest.mark.slow]

FAQ_PAGE = "voldoen-aan-wetten-en-regels/hulpmiddelen/genai-compliance-faq"
FAQ_PDF = "voldoen-aan-wetten-en-regels/hulpmiddelen/documenten/genai_compliance_faq"
GENAI = "soorten-algoritmes-en-ai/generatieve-ai"


def test_default_knowledge_base_builds_with_the_algoritmekader_and_its_pdfs(tmp_path) -> None:
    settings = load_settings(knowledge_dir=ROOT / "knowledge", index_dir=tmp_path / "index")
    emb = HashEmbeddings()
    report = refresh(settings, embeddings=emb)
    assert not [f for f in report.failed if not f.reason.startswith(("Bestand", "Download"))], report.failed
    ids = set(report.added)
    assert "kamerbrief-standpunt-2025" in ids and GENAI in ids and FAQ_PDF in ids
    assert len(ids) == 254  # letter + 243 pages + 10 PDFs
    assert "algoritmekader-generatieve-ai" not in ids  # one page, one id
    assert not any(f.id == "algoritmekader-generatieve-ai" for f in report.failed)

    index = Index.open(settings, emb)
    snap = index.snapshot()
    page = snap.document_chunks(FAQ_PAGE)[0]
    pdf = snap.document_chunks(FAQ_PDF)
    assert page.links == (FAQ_PDF,) and all(c.linked_from == FAQ_PAGE for c in pdf)
    assert pdf[-1].page_end and pdf[-1].page_end > 10  # the 24-page FAQ, cited by page
    assert page.kind == "framework" and page.collection == "Algoritmekader" and page.date == "2026-06"
    assert pdf[0].url.endswith("/documenten/GenAI_compliance_FAQ.pdf")
    rki = snap.document_chunks(GENAI)[0].links
    assert rki == ("assets/documents/kader-verantwoord-gebruik-generatieveai-rkis",)
    status = {d.id: d for d in index.status().documents}
    assert status[FAQ_PDF].linked_from == FAQ_PAGE
