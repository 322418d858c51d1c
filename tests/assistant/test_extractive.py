"""The offline answer: best sentences as labelled quotations with exact citations."""

from __future__ import annotations

from assistant.citations import sentences, span
from assistant.extractive import HEADER, extractive_answer
from kit import make_chunks
from wijzer.types import Hit


def hits(*ids: str):
    chunks = {c.id: c for c in make_chunks()}
    return [Hit(chunk=chunks[i], score=1.0 - n / 10) for n, i in enumerate(ids)]


def test_picks_the_answering_sentences_with_citations():
    text, cits = extractive_answer("Mag ik ChatGPT gebruiken voor persoonsgegevens?",
                                   hits("standpunt-1", "handreiking-0", "standpunt-0"), 4)
    assert text.startswith(HEADER)
    assert "zoals ChatGPT, voor het verwerken van persoonsgegevens" in text
    assert "Het wordt de komende periode" not in text  # no overlap: not picked
    assert [c.n for c in cits] == list(range(1, len(cits) + 1))
    for c in cits:
        assert c.quote in c.chunk.text
        assert f"[{c.n}]" in text


def test_best_match_leads_then_reading_order():
    text, cits = extractive_answer("persoonsgegevens DPIA",
                                   hits("standpunt-1", "handreiking-0"), 4)
    best = text.index("Begin met een DPIA")  # both question terms: what a reader sees first
    first = text.index("Medewerkers gebruiken")
    second = text.index("Het gebruik van zulke")
    assert best < first < second  # the others: passage rank, then position in the passage
    assert cits[0].chunk.id == "handreiking-0" and cits[1].chunk.id == "standpunt-1"


def test_quote_spans_sentences_picked_out_of_text_order():
    # the best match leads the answer, so a passage's sentences can arrive out of text order
    text = make_chunks()[1].text
    first, second = sentences(text)[:2]
    quote = span(text, [second, first], 700)
    assert quote == text[first.start:second.end] and quote


def test_sentence_limit_is_respected():
    text, _ = extractive_answer("generatieve AI DPIA persoonsgegevens gemeenten taalmodel",
                                hits("standpunt-0", "standpunt-1", "handreiking-0", "handreiking-1"), 2)
    assert text.count("\u201e") == 2


def test_glossary_terms_help_but_count_less():
    text, _ = extractive_answer("Mag een chatbot besluiten nemen?", hits("standpunt-1", "handreiking-1"),
                                1, extra_terms=["taalmodel"])
    assert "Besluiten worden nooit alleen" in text


def test_no_hits_gives_nothing():
    assert extractive_answer("vraag", [], 4) == ("", ())
