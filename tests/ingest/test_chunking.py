"""Chunk invariants: exact offsets, pages, sections, stable ids, size bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import PAGE_SEPARATOR, chunk_document, location
from ingest.readers import read_document
from ingest.sources import SourceFile
from tests.conftest import PROJECT_SEED
from tests.ingest.pdfs import make_pdf
from wijzer.types import Document, Page, SourceEntry


def _doc(pages: list[Page], doc_id: str = "doc") -> Document:
    return Document(id=doc_id, title="Test", kind="guidance", version="v1", path="x", pages=tuple(pages),
                    url="https://example.org/doc", superseded_by="nieuw", date="2025-04-22")


def _seed(settings) -> Document:
    entry = SourceEntry(id="kamerbrief-standpunt-2025", title="Kamerbrief", kind="letter")
    return read_document(SourceFile(entry, PROJECT_SEED), settings)


def _check_offsets(doc: Document, chunks) -> None:
    pages = {p.number: p.text for p in doc.pages}
    for c in chunks:
        if c.page_start == c.page_end:
            assert pages[c.page_start][c.char_start:c.char_end] == c.text
        else:
            first = pages[c.page_start][c.char_start:]
            last = pages[c.page_end][:c.char_end]
            assert c.text.startswith(first) and c.text.endswith(last) and PAGE_SEPARATOR in c.text


def test_seed_letter_chunks(settings) -> None:
    doc = _seed(settings)
    chunks = chunk_document(doc, 900, 150)
    _check_offsets(doc, chunks)
    assert 4 <= len(chunks) <= 10
    assert all(c.text == c.text.strip() and c.text for c in chunks)
    assert all(len(c.text) <= 900 * 1.25 for c in chunks)
    assert chunks[0].section == () and chunks[0].location == "begin van het document"
    assert {c.section for c in chunks} >= {("Proces",), ("Vervolg",)}
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert all(not c.text.startswith("#") for c in chunks)


def test_overlap_is_whole_sentences(settings) -> None:
    doc = _seed(settings)
    chunks = chunk_document(doc, 400, 120)
    overlaps = 0
    for a, b in zip(chunks, chunks[1:]):
        if a.section == b.section and b.char_start < a.char_end:
            overlaps += 1
            shared = a.text[b.char_start - a.char_start:]
            assert b.text.startswith(shared) and (shared[0].isupper() or shared.startswith("- ")) and shared.rstrip()[-1] in ".!?:;"
            assert len(shared) <= 120
    assert overlaps >= 2


def test_ids_stable_and_change_with_text(settings) -> None:
    doc = _seed(settings)
    first = [c.id for c in chunk_document(doc, 600, 100)]
    assert first == [c.id for c in chunk_document(_seed(settings), 600, 100)]
    assert len(set(first)) == len(first)
    text = doc.pages[0].text.replace("Vervolg\n\nDe inzet", "Vervolg\n\nDe brede inzet")
    edited = chunk_document(_doc([Page(None, text)], "kamerbrief-standpunt-2025"), 600, 100)
    changed = set(first) ^ {c.id for c in edited}
    assert changed and len(changed) < len(first)  # only the edited chunks get new ids


def test_pdf_chunks_keep_pages_and_numbered_sections(tmp_path: Path, settings) -> None:
    entry = SourceEntry(id="standpunt", title="Standpunt", kind="position", url="https://example.org/s.pdf")
    doc = read_document(SourceFile(entry, make_pdf(tmp_path / "s.pdf")), settings)
    chunks = chunk_document(doc, 300, 60)
    _check_offsets(doc, chunks)
    by_page = {c.page_start: c for c in chunks}
    assert set(by_page) == {1, 2, 3}
    assert by_page[1].section == ("1 Inleiding",)
    assert by_page[3].section == ("2.2 Inkoop",)
    assert by_page[3].location == "p. 3, § 2.2 Inkoop"
    assert by_page[3].page_url == "https://example.org/s.pdf#page=3"


def test_chunk_may_span_pages() -> None:
    doc = _doc([Page(1, "Eerste zin op pagina een. Nog een zin die doorloopt naar de volgende"),
                Page(2, "pagina en daar eindigt. Laatste zin.")])
    chunks = chunk_document(doc, 900, 100)
    assert len(chunks) == 1
    c = chunks[0]
    assert (c.page_start, c.page_end, c.char_start, c.char_end) == (1, 2, 0, len(doc.pages[1].text))
    assert c.location == "p. 1-2"
    _check_offsets(doc, chunks)


def test_metadata_carried_and_sizes_bounded() -> None:
    sentence = "Dit is een gewone zin over de verantwoorde inzet van generatieve AI bij de overheid. "
    text = "# Titel\n\n## Deel een\n\n" + sentence * 30 + "\n\n## Deel twee\n\nKort.\n\n### Sub\n\n" + sentence * 3
    doc = _doc([Page(None, text)])
    chunks = chunk_document(doc, 500, 100)
    _check_offsets(doc, chunks)
    assert all(len(c.text) <= 500 * 1.25 for c in chunks)
    assert all(c.url == "https://example.org/doc" and c.superseded_by == "nieuw" and c.date == "2025-04-22"
               and c.document_version == "v1" and c.kind == "guidance" for c in chunks)
    assert chunks[0].section == ("Titel", "Deel een") and chunks[0].location == "§ Deel een"
    # the tiny section "Kort." is merged with its subsection, under their shared path
    assert chunks[-1].section == ("Titel", "Deel twee") and chunks[-1].text.startswith("Kort.")


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Zie o.a. de handreiking, bijv. hoofdstuk 4. " * 20
    chunks = chunk_document(_doc([Page(None, text.strip())]), 200, 0)
    assert all(c.text.endswith("hoofdstuk 4.") for c in chunks)


def test_empty_pages_and_headings_only_give_no_empty_chunks() -> None:
    doc = _doc([Page(1, ""), Page(2, "# Alleen een kop"), Page(3, "Tekst op drie.")])
    chunks = chunk_document(doc, 900, 100)
    assert [(c.page_start, c.text) for c in chunks] == [(3, "Tekst op drie.")]


@pytest.mark.parametrize("pages,section,expected", [
    ((3, 4), ("2", "2.1 Titel"), "p. 3-4, § 2.1 Titel"),
    ((None, None), ("Verantwoord gebruik door de overheid",), "§ Verantwoord gebruik door de overheid"),
    ((5, 5), (), "p. 5"),
])
def test_location(pages, section, expected) -> None:
    assert location(*pages, section) == expected


def test_a_numbered_list_on_one_line_is_one_sentence():
    """The PDFs write "1. Menselijke controle en menselijk toezicht; 2. Technische
    robuustheid; …" on one line: each number is no sentence end ("toezicht; 2." was quoted)."""
    from wijzer.text import sentences

    text = ("Deze acht thema's zijn:\n\n1. Menselijke controle; 2. Technische robuustheid; 3. Privacy en "
            "datagovernance, en; 4. Verantwoording.\n\nZie artikel 5, lid 2. Dit geldt altijd.")
    assert [s.text for s in sentences(text)] == [
        "Deze acht thema's zijn:",
        "1. Menselijke controle; 2. Technische robuustheid; 3. Privacy en datagovernance, en; 4. Verantwoording.",
        "Zie artikel 5, lid 2.", "Dit geldt altijd."]
