"""Known questions (wijzer/known_questions.py): a question close in meaning to a known one
favours the passages and sentences holding the known question's phrases; the file is
checked at start-up, its vectors are cached, and a refresh that removes a phrase unpins it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kit import always, make_chunks

from assistant.retrieval import HybridRetriever
from assistant.service import Assistant
from tests.conftest import HashEmbeddings
from wijzer.errors import SettingsError
from wijzer.index import MemorySnapshot
from wijzer.known_questions import KnownQuestions, load_items, open_known_questions
from wijzer.settings import KNOWN_QUESTIONS_FILE, load_settings
from wijzer.types import Chunk

QUESTION = "Is het standpunt al definitief?"
# the answer: "Het wordt de komende periode in de praktijk beproefd." (standpunt, Reikwijdte)
KNOWN = f"""
[[vraag]]
vraag = "{QUESTION}"
bronnen = ["standpunt"]
feiten = [["in de praktijk beproefd"], ["staat nergens"]]

[[vraag]]
vraag = "Wie controleert wat de chatbot schrijft?"
bronnen = ["handreiking"]
feiten = [["menselijke tussenkomst"]]
"""


@pytest.fixture
def known_settings(tmp_path: Path):
    folder = tmp_path / "kennis"
    folder.mkdir()
    (folder / KNOWN_QUESTIONS_FILE).write_text(KNOWN, encoding="utf-8")
    return load_settings(knowledge_dir=folder, index_dir=tmp_path / "index")


def _setup(settings, use: bool = True) -> tuple[Assistant, HashEmbeddings]:
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings(make_chunks(), emb, version="v-test")
    retriever = HybridRetriever(snap, emb, settings, use_known_questions=use)
    return Assistant(settings, emb, snap, retriever=retriever, gate=always), emb


def _first_quote(text: str) -> str:
    return text.split("\u201e", 1)[1].split("\u201d", 1)[0]


def test_a_known_question_leads_with_the_sentence_holding_its_phrase(known_settings) -> None:
    without, _ = _setup(known_settings, use=False)
    assert _first_quote(without.ask(QUESTION).text).startswith("Het standpunt geldt")  # the known question decides
    assistant, _ = _setup(known_settings)
    answer = assistant.ask(QUESTION)
    assert _first_quote(answer.text).startswith("Het wordt de komende periode in de praktijk beproefd")
    assert not answer.refused and answer.citations[0].chunk.document_id == "standpunt"
    assert answer.known_questions == (QUESTION,)  # named under the answer and in the feedback record
    assert answer.to_dict()["known_questions"] == [QUESTION]


def test_a_pinned_passage_rises_in_the_search(known_settings) -> None:
    question = "Wie controleert wat de chatbot schrijft?"  # the words point to "standpunt"
    plain, _ = _setup(known_settings, use=False)
    assistant, _ = _setup(known_settings)
    found = assistant.retriever.search(question, k=5)
    assert [m.question for m in found.known] == [question]
    assert found.known[0].chunk_ids == ("handreiking-1",)  # "… altijd menselijke tussenkomst."

    def rank(hits) -> int:
        return [h.chunk.id for h in hits].index("handreiking-1")

    assert rank(found.hits) < rank(plain.retriever.search(question, k=5).hits)


def test_only_close_questions_match_and_never_themselves_when_left_out(known_settings) -> None:
    _, emb = _setup(known_settings)
    snap = MemorySnapshot.from_embeddings(make_chunks(), emb, version="v-test")
    known = open_known_questions(known_settings.known_questions_path, emb, known_settings.index_dir / "c.sqlite",
                                 "test/hash-256")
    same = known.match(emb.embed_query(QUESTION), snap, QUESTION)
    assert [m.question for m in same] == [QUESTION] and same[0].weight == pytest.approx(1.0)
    assert same[0].phrases == ("in de praktijk beproefd",)  # the phrase no source holds pins nothing
    assert same[0].chunk_ids == ("standpunt-0",)  # only its own documents are searched
    assert known.match(emb.embed_query(QUESTION), snap, QUESTION, leave_out_exact=True) == []
    assert known.match(emb.embed_query("Hoe vraag ik een parkeervergunning aan?"), snap) == []


def test_a_phrase_a_refresh_removed_pins_nothing(known_settings) -> None:
    emb = HashEmbeddings()
    chunks = make_chunks()
    known = open_known_questions(known_settings.known_questions_path, emb, known_settings.index_dir / "c.sqlite",
                                 "test/hash-256")
    before = MemorySnapshot.from_embeddings(chunks, emb, version="v1")
    assert known.match(emb.embed_query(QUESTION), before, QUESTION)
    changed = [Chunk(**{**vars(c), "text": c.text.replace("in de praktijk beproefd", "vastgesteld")})
               for c in chunks]
    after = MemorySnapshot.from_embeddings(changed, emb, version="v2")
    assert known.match(emb.embed_query(QUESTION), after, QUESTION) == []


def test_known_question_vectors_are_embedded_once(known_settings) -> None:
    emb = HashEmbeddings()
    cache = known_settings.index_dir / "c.sqlite"
    open_known_questions(known_settings.known_questions_path, emb, cache, "test/hash-256")
    assert emb.query_calls == 2
    again = open_known_questions(known_settings.known_questions_path, emb, cache, "test/hash-256")
    assert emb.query_calls == 2 and len(again) == 2


@pytest.mark.parametrize("content", [
    "[[vraag]\nvraag = ",  # not TOML
    '[[vraag]]\nvraag = "Mag dit?"\nbronnen = []\nfeiten = [["ja"]]\n',  # no documents
    '[[vraag]]\nvraag = "Mag dit?"\nbronnen = ["standpunt"]\nfeiten = ["ja"]\n',  # a fact is a list
    "vraag = 3\n",
])
def test_a_malformed_file_stops_the_start_with_a_dutch_message(tmp_path: Path, content: str) -> None:
    folder = tmp_path / "kennis"
    folder.mkdir()
    (folder / KNOWN_QUESTIONS_FILE).write_text(content, encoding="utf-8")
    settings = load_settings(knowledge_dir=folder, index_dir=tmp_path / "index")
    emb = HashEmbeddings()
    with pytest.raises(SettingsError, match="bekende vragen"):
        HybridRetriever(MemorySnapshot.from_embeddings(make_chunks(), emb), emb, settings)


def test_a_file_broken_after_the_start_is_ignored_and_answers_go_on(known_settings, caplog) -> None:
    assistant, _ = _setup(known_settings)
    assert assistant.retriever.search(QUESTION).known
    path = known_settings.known_questions_path
    path.write_text("[[vraag]\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        answer = assistant.ask(QUESTION)
    assert not answer.refused and answer.citations
    assert assistant.retriever.search(QUESTION).known == ()
    assert "known questions ignored" in caplog.text


def test_without_a_file_nothing_is_pinned(settings) -> None:
    assert not settings.known_questions_path.exists()
    assert load_items(settings.known_questions_path) == []
    emb = HashEmbeddings()
    retriever = HybridRetriever(MemorySnapshot.from_embeddings(make_chunks(), emb), emb, settings)
    assert retriever.search(QUESTION).known == ()
    assert len(KnownQuestions([], __import__("numpy").zeros((0, 1)))) == 0


def test_the_file_is_no_document(known_settings) -> None:
    from ingest.sources import discover

    (known_settings.knowledge_dir / "brief.txt").write_text("Een brief.\n", encoding="utf-8")
    files, _ = discover(known_settings)
    assert [f.path.name for f in files] == ["brief.txt"]


def test_a_build_embeds_the_known_questions_so_the_first_question_does_not_wait(known_settings) -> None:
    from ingest.refresh import refresh
    from wijzer.index import Index
    from wijzer.segments import CACHE_FILE

    (known_settings.knowledge_dir / "brief.txt").write_text(
        "Het standpunt wordt de komende periode in de praktijk beproefd.\n", encoding="utf-8")
    emb = HashEmbeddings()
    refresh(known_settings, emb)
    assert emb.query_calls == 2  # the two known questions, into the index's cache
    known = open_known_questions(known_settings.known_questions_path, emb,
                                 known_settings.index_dir / CACHE_FILE, Index.open(known_settings, emb).model_id)
    assert len(known) == 2 and emb.query_calls == 2


def test_a_loose_match_brings_its_passages_forward_but_does_not_choose_the_sentence(tmp_path: Path) -> None:
    """A match of weight under MIN_KNOWN_WEIGHT (cosine 0.9-0.92) asks something close, not
    the same: "Welke instanties gaven advies…" is not answered by why the position changed."""
    from assistant.extractive import MIN_KNOWN_WEIGHT, rank_segments
    from wijzer.known_questions import Match
    from wijzer.types import Hit

    chunk = make_chunks()[0]  # "Het standpunt geldt voor … Het wordt … in de praktijk beproefd."
    hits = [Hit(chunk=chunk, score=1.0)]

    def lead(weight: float) -> str:
        known = [Match("Is het standpunt definitief?", weight, (chunk.id,), ("in de praktijk beproefd",))]
        return rank_segments("Voor wie geldt het standpunt?", None, hits, None, known=known)[0].segment.text

    assert lead(1.0).startswith("Het wordt")
    assert lead(MIN_KNOWN_WEIGHT / 2).startswith("Het standpunt geldt")


def test_a_kinds_filter_keeps_pinned_passages_of_other_kinds_out(known_settings) -> None:
    assistant, _ = _setup(known_settings)
    question = "Wie controleert wat de chatbot schrijft?"  # pins handreiking-1, a "guidance" passage
    assert "handreiking-1" in [h.chunk.id for h in assistant.retriever.search(question, k=5).hits]
    found = assistant.retriever.search(question, k=5, kinds=["position"])
    assert {h.chunk.kind for h in found.hits} == {"position"}
    assert found.known and found.known[0].chunk_ids == ()
