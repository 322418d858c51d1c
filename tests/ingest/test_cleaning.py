"""Cleaning of extracted PDF text, checked on the seed letter (its artefacts are real)."""

from __future__ import annotations

import re

import pytest

from ingest.cleaning import clean_pages, clean_text, resolve_conflict_markers, strip_running_lines
from tests.conftest import PROJECT_SEED


@pytest.fixture(scope="module")
def seed_text() -> str:
    return clean_pages([PROJECT_SEED.read_text(encoding="utf-8")])[0]


def test_seed_bullets_become_list_items_and_no_replacement_chars(seed_text: str) -> None:
    assert "\ufffd" not in seed_text
    assert not re.search(r"[\ue000-\uf8ff]", seed_text)
    items = [l for l in seed_text.split("\n") if l.startswith("- ")]
    assert len(items) == 4
    assert items[0].startswith("- Door de snelle opkomst van generatieve AI")


def test_seed_footnote_marker_is_separated_and_text_kept(seed_text: str) -> None:
    assert "december 2023.1 Dit" not in seed_text
    assert "december 2023.[1] Dit voorlopige standpunt" in seed_text
    assert "Six Dijkstra[2] onderzoeken" in seed_text
    notes = [p for p in seed_text.split("\n\n") if p.startswith("[voetnoot")]
    assert notes == [
        "[voetnoot 1] https://open.overheid.nl/documenten/814ad0a2-7e14-4fc4-8dac-1d4a3e0b02ba/file",
        "[voetnoot 2] Kamerstuk 2024\u20132025, 26 643, nr. 1293.",
    ]


def test_seed_sentence_interrupted_by_footnote_is_rejoined(seed_text: str) -> None:
    assert "aandacht voor de inzet van generatieve AI bij de (Rijks)overheid. Een van de acties" in seed_text


def test_seed_wraps_joined_and_headings_marked(seed_text: str) -> None:
    assert "de inzet van generatieve artifici\u00eble intelligentie (AI) bij de overheid aan." in seed_text
    assert "## Proces" in seed_text.split("\n")
    assert "## Vervolg" in seed_text.split("\n")
    assert "  " not in seed_text and "\n\n\n" not in seed_text
    assert "AI-modellen" in seed_text and "\u00e9\u00e9n-overheidsgedachte" in seed_text


def test_hyphen_at_line_end_joined_but_real_compounds_kept() -> None:
    text = clean_text("Wij gebruiken dit op een ver-\nantwoorde manier in elke AI-\ntoepassing van de over-\nheid.")
    assert "verantwoorde manier" in text
    assert "AI-toepassing" in text
    assert "overheid." in text


def test_running_header_footer_and_page_numbers_removed() -> None:
    bodies = ["Het standpunt geldt voor iedereen.", "Gebruik geen online chatbots.", "Een mens beslist."]
    pages = [f"Ministerie van Testzaken\n{body}\nPagina {n} van 3" for n, body in enumerate(bodies, 1)]
    cleaned = strip_running_lines(pages)
    assert [p.strip() for p in cleaned] == bodies


def test_private_use_and_bullet_glyphs_become_items() -> None:
    text = clean_text("Regels:\n\uf0b7 eerste regel\n\u2022 tweede regel\n\u25aa derde regel")
    assert text.split("\n\n") == ["Regels:", "- eerste regel", "- tweede regel", "- derde regel"]


def test_numbered_headings_marked() -> None:
    text = clean_text("Hoofdstuk 4 Stappenplan\nEerst doe je dit.\n2.1 Online toepassingen\nDan dat.")
    lines = text.split("\n")
    assert "# Hoofdstuk 4 Stappenplan" in lines
    assert "### 2.1 Online toepassingen" in lines


def test_conflict_markers_keep_one_side() -> None:
    text = "a\n<<<<<<< feature\nkant een\n=======\nkant twee\n>>>>>>> main\nb\n"
    assert resolve_conflict_markers(text) == "a\nkant twee\nb\n"


def test_marked_heading_lines_stand_alone() -> None:
    """A reader that knows the layout marks headings; they are never glued to the text."""
    text = clean_text("zie de instructie op pagina 21\n## Is programmeren hoog-risico?\nNee, want")
    assert text.split("\n\n") == ["zie de instructie op pagina 21", "## Is programmeren hoog-risico?", "Nee, want"]


def test_marked_footnote_goes_to_the_end_and_its_marker_is_glued() -> None:
    text = clean_text("tenzij anders aangegeven.1\n[voetnoot 1] De verordening staat op eur-lex.\nVerder.")
    assert text.split("\n\n") == ["tenzij anders aangegeven.[1] Verder.", "[voetnoot 1] De verordening staat op eur-lex."]


def test_no_inferred_headings_when_the_layout_gave_them() -> None:
    lines = "Er zijn twee scenario's:\n1. Een door de aanbieder geleverd systeem moet\nworden ingezet voor het doel."
    assert "#" not in clean_text(lines, infer_headings=False)
    assert clean_text("Hoofdstuk 4 Stappenplan\nEerst doe je dit.", infer_headings=False).startswith("Hoofdstuk 4")
