"""Conversation export: Markdown with every answer's numbered sources."""

from __future__ import annotations

from datetime import datetime

from ui.export import conversation_markdown
from wijzer.types import Answer, Chunk, Citation, Hit


def _chunk(**kw) -> Chunk:
    base = dict(
        id="standpunt#3", document_id="standpunt", document_version="abcdef1234567890",
        title="Overheidsbreed standpunt", kind="position", section=("Online",), page_start=4,
        page_end=4, char_start=0, char_end=10, location="p. 4, § Online", date="2025-04",
        text="Eerste zin.\nGebruik geen online AI-toepassingen voor persoonsgegevens.",
        url="https://example.org/standpunt.pdf",
    )
    base.update(kw)
    return Chunk(**base)


def test_answer_with_citations():
    chunk = _chunk(superseded_by="standpunt-2026")
    answer = Answer(
        question="Mag ik ChatGPT gebruiken?", text="Nee [1].", refused=False, mode="extractive",
        index_version="3", standalone_question="Mag ik ChatGPT gebruiken voor een brief?",
        citations=(Citation(1, chunk, "Gebruik geen online AI-toepassingen voor persoonsgegevens."),),
        notices=("Het taalmodel reageerde niet.",),
    )
    md = conversation_markdown([answer], now=datetime(2025, 5, 1, 9, 30))
    assert md.startswith("# GenAI-wijzer: gesprek van 2025-05-01 09:30")
    assert "## Vraag 1: Mag ik ChatGPT gebruiken?" in md
    assert "Mag ik ChatGPT gebruiken voor een brief?" in md  # the rewritten question
    assert ("**[1] Overheidsbreed standpunt** — Standpunt, april 2025, p. 4, § Online, "
            "versie abcdef123456") in md
    assert "> Gebruik geen online AI-toepassingen voor persoonsgegevens." in md
    assert "<https://example.org/standpunt.pdf#page=4>" in md
    assert "vervangen door standpunt-2026" in md
    assert "> Let op: Het taalmodel reageerde niet." in md
    assert "geen juridisch advies" in md


def test_refused_answer_lists_closest_passages_and_turns_are_numbered():
    refused = Answer(question="Hoofdstad van Frankrijk?", text="De bronnen geven geen antwoord.",
                     citations=(), refused=True, mode="extractive", index_version="3",
                     closest=(Hit(_chunk(), 0.1),))
    md = conversation_markdown([refused, refused])
    assert "## Vraag 2: Hoofdstad van Frankrijk?" in md
    assert "### Passages die het dichtst in de buurt komen" in md
    assert "- **Overheidsbreed standpunt** — p. 4, § Online" in md
    assert "### Bronnen bij dit antwoord" not in md
