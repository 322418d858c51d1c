"""BM25 with Dutch tokenisation: stop words, accents, compounds, fields, masks."""

from __future__ import annotations

import numpy as np

from wijzer.lexical import Decompounder, LexicalIndex, content_words, words
from wijzer.types import Chunk


def chunk(i: int, text: str, title: str = "Doc", section: tuple[str, ...] = (), kind: str = "guidance") -> Chunk:
    return Chunk(id=f"c{i}", document_id=f"d{i}", document_version="v", title=title, kind=kind,
                 section=section, page_start=None, page_end=None, char_start=0,
                 char_end=len(text), text=text, location="", ordinal=0)


CHUNKS = [
    chunk(0, "Generatieve AI-toepassingen draaien meestal op een large language model (LLM)."),
    chunk(1, "Een DPIA is verplicht als persoonsgegevens worden verwerkt.", section=("Privacy",)),
    chunk(2, "De gemeente geeft een parkeervergunning af aan bewoners."),
    chunk(3, "Het taalmodel wordt getraind op grote hoeveelheden tekst.", kind="position"),
    chunk(4, "Menselijke tussenkomst is altijd nodig, in heldere taal.", title="Menselijke controle"),
]


def test_tokens_fold_accents_and_split_hyphenated_compounds() -> None:
    assert words("Géén AI-toepassing") == ["geen", "ai-toepassing", "ai", "toepassing"]
    assert "de" not in content_words("de hoofdstad van Frankrijk")
    assert content_words("Mag ik ChatGPT gebruiken?") == ["chatgpt", "gebruiken"]


def test_decompounder_splits_closed_compounds_into_known_words() -> None:
    d = Decompounder(frozenset({"taal", "model", "persoon", "gegevens"}))
    assert d.split("taalmodel") == ("taal", "model")
    assert d.split("persoonsgegevens") == ("persoon", "gegevens")  # linking -s-
    assert d.split("parkeervergunning") == ()


def test_search_ranks_the_matching_chunk_first_and_skips_non_matches() -> None:
    index = LexicalIndex.build(CHUNKS)
    hits = index.search("Wanneer is een DPIA verplicht?", k=5)
    assert hits[0][0] == 1
    assert all(score > 0 for _, score in hits)
    assert index.search("hoofdstad Frankrijk", k=5) == []


def test_hyphen_part_matches_the_compound() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert index.search("toepassingen", k=1)[0][0] == 0


def test_compound_part_matches_via_decompounding() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert {p for p, _ in index.search("welk model", k=5)} == {0, 3}  # taalmodel = taal + model
    plain = LexicalIndex.build(CHUNKS, decompound=False)
    assert {p for p, _ in plain.search("welk model", k=5)} == {0}


def test_title_is_indexed_as_a_field() -> None:
    index = LexicalIndex.build(CHUNKS, field_repeat=1)
    assert index.search("controle", k=1)[0][0] == 4  # only in the title
    assert LexicalIndex.build(CHUNKS).search("controle", k=1) == []  # off by default


def test_mask_restricts_the_search() -> None:
    index = LexicalIndex.build(CHUNKS)
    mask = np.array([c.kind == "position" for c in CHUNKS], dtype=np.float32)
    assert [p for p, _ in index.search("taalmodel tekst DPIA", k=5, mask=mask)] == [3]


def test_expansions_find_synonyms_at_lower_weight() -> None:
    index = LexicalIndex.build(CHUNKS)
    plain = index.search("chatbot", k=3)
    expanded = index.search("chatbot", k=3, expansions=["LLM", "generatieve AI-toepassing"])
    assert plain == [] and expanded[0][0] == 0


def test_coverage_weights_rare_missing_words_most() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert index.coverage("DPIA persoonsgegevens", 1) == 1.0
    assert index.coverage("parkeervergunning gemeente", 1) == 0.0
    assert 0 < index.coverage("DPIA hoofdstad", 1) < 1
    assert index.known_fraction("hoofdstad Frankrijk") == 0.0


def test_a_glossary_alternative_in_the_passage_covers_half_of_the_word() -> None:
    index = LexicalIndex.build([*CHUNKS, chunk(5, "Dit standpunt geldt voor alle overheidsorganisaties.")])
    assert index.coverage("gemeenten", 5) == 0.0
    alternatives = {"gemeenten": ("overheidsorganisaties", "overheden")}
    assert index.coverage("gemeenten", 5, alternatives) == 0.5
    assert index.coverage("gemeenten", 5, alternatives, alternative_weight=1.0) == 1.0
    # an alternative counts only when all its words are there, and only for its own word
    assert index.coverage("gemeenten", 5, {"gemeenten": ("alle provincies",)}) == 0.0
    assert index.coverage("parkeervergunning", 5, alternatives) == 0.0
    assert index.coverage("DPIA", 1, alternatives) == 1.0  # a word that is there counts in full


def test_empty_index_and_empty_query() -> None:
    assert LexicalIndex.build([]).search("iets", k=3) == []
    assert LexicalIndex.build(CHUNKS).search("de het een", k=3) == []


def test_typos_are_corrected_against_the_index_vocabulary_but_names_and_inflections_are_not():
    from wijzer.spelling import Speller

    speller = Speller({"chatgpt": 5, "persoonsgegevens": 80, "inwoners": 9, "deel": 40})
    assert speller.correct("mag ik chatgtp gebruiken voor persoonsgegevns") == \
        "mag ik chatgpt gebruiken voor persoonsgegevens"
    assert speller.correct("Mag ik DeepL gebruiken?") is None  # a name, not a typo of "deel"
    assert speller.correct("een brief aan een inwoner") is None  # an inflection
    assert speller.correct("persoonsgegevens") is None  # known words are never rewritten


def test_a_dutch_word_the_sources_lack_is_not_a_typo():
    """"brieven" is two edits from the index word "blijven" and "procent" one from "proces";
    both were rewritten, and what was searched ("Gezocht op: … blijven …") said so."""
    from wijzer.spelling import Speller, dutch_words

    vocabulary = {"blijven": 30, "proces": 50, "chatgpt": 5, "gebruik": 90}
    question = "mag ik chatgtp gebruikn voor brieven, en hoeveel procent scheelt dat?"
    assert Speller(vocabulary).correct(question) == \
        "mag ik chatgpt gebruik voor blijven, en hoeveel proces scheelt dat?"
    lexicon = dutch_words()
    assert {"brieven", "procent", "scheelt", "samenvatten", "een"} <= lexicon
    assert not {"chatgtp", "gebruikn", "samenvatetn", "persoonsgegevns"} & lexicon
    assert Speller(vocabulary, lexicon).correct(question) == \
        "mag ik chatgpt gebruik voor brieven, en hoeveel procent scheelt dat?"
