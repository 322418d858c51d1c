"""Sentences by offset, exact quotes, citation numbers parsed and invented ones removed."""

from __future__ import annotations

from assistant.citations import (best_quote, cited_numbers, llm_citations, sentences,
                                 strip_invalid, superseded_notices)
from kit import make_chunks

TEXT = """# Titel
Het standpunt geldt voor alle overheden. Het wordt "beproefd." Daarna volgt een lijst:
- punt een is lang genoeg
- punt twee is ook lang genoeg

Nieuwe alinea zonder punt"""


def test_sentences_are_exact_substrings_and_skip_headings():
    found = sentences(TEXT)
    assert [s.text for s in found] == [
        "Het standpunt geldt voor alle overheden.", 'Het wordt "beproefd."',
        "Daarna volgt een lijst:", "- punt een is lang genoeg", "- punt twee is ook lang genoeg",
        "Nieuwe alinea zonder punt",
    ]
    assert all(TEXT[s.start:s.end] == s.text for s in found)


def test_a_short_list_item_is_kept_where_a_short_fragment_is_not():
    """"- misleiden" is the first of the prohibited AI systems: a list item is kept however
    short (it was dropped with the fragments under 12 characters, so the answer listed the
    prohibited systems without it)."""
    text = "Dit zijn AI-systemen die:\n- misleiden\n- sociale scores bijhouden\n\nZie ook.\n\n- 12"
    assert [s.text for s in sentences(text)] == [
        "Dit zijn AI-systemen die:", "- misleiden", "- sociale scores bijhouden"]


def test_a_numbered_list_item_is_one_item_not_a_number_and_a_sentence():
    """"Het RKI-kader bestaat in feite uit twee onderdelen:" announces "1. Hoofdstuk 2 biedt
    …": split at "1." the items were sentences without their lead-in, and the answer quoted
    the announcement alone."""
    from wijzer.segments import segments

    text = ("Het RKI-kader bestaat in feite uit twee onderdelen:\n\n1. Hoofdstuk 2 biedt uitgangspunten.\n"
            "2. Hoofdstuk 3 biedt een model voor risicoanalyse.\n\nHet jaar was 2023. Daarna kwam de rest.")
    assert [s.text for s in sentences(text)] == [
        "Het RKI-kader bestaat in feite uit twee onderdelen:", "1. Hoofdstuk 2 biedt uitgangspunten.",
        "2. Hoofdstuk 3 biedt een model voor risicoanalyse.", "Het jaar was 2023.", "Daarna kwam de rest."]
    items = [s for s in segments(text) if s.kind == "item"]
    assert [(s.shown, s.context) for s in items] == [
        ("Hoofdstuk 2 biedt uitgangspunten.", "Het RKI-kader bestaat in feite uit twee onderdelen:"),
        ("Hoofdstuk 3 biedt een model voor risicoanalyse.", "Het RKI-kader bestaat in feite uit twee onderdelen:")]


def test_cited_numbers_reads_single_and_grouped():
    assert cited_numbers("Ja [1]. Nee [2, 3] en [2;4].") == [1, 2, 3, 2, 4]


def test_strip_invalid_removes_only_invented_numbers():
    text, removed = strip_invalid("Ja [1]. Nee [9]. Beide [1, 9].", range(1, 4))
    assert text == "Ja [1]. Nee. Beide [1]."
    assert removed == [9]


def test_best_quote_is_the_sentence_supporting_the_claim():
    chunk = make_chunks()[1]  # online toepassingen
    quote = best_quote(chunk, "Het gebruik is toegestaan onder voorwaarden zoals een DPIA [1].")
    assert quote in chunk.text
    assert "Het gebruik van zulke toepassingen is toegestaan onder voorwaarden" in quote
    assert best_quote(chunk, "HACKED") is None  # no fallback to the first sentence


def test_llm_citations_only_for_provided_numbers():
    chunks = make_chunks()[:3]
    cits = llm_citations("Het geldt voor gemeenten [1]. DPIA nodig [2]. Verzonnen [7].", chunks)
    assert [c.n for c in cits] == [1, 2]
    assert all(c.quote in c.chunk.text for c in cits)
    assert "gemeenten" in cits[0].quote


def test_superseded_citation_gets_a_notice_with_the_new_title():
    old = [c for c in make_chunks() if c.superseded_by][0]
    cits = llm_citations("Vroeger niet toegestaan [1].", [old])
    notes = superseded_notices(cits, {"standpunt": "Standpunt generatieve AI"}.get)
    assert len(notes) == 1 and "vervangen door 'Standpunt generatieve AI'" in notes[0]
