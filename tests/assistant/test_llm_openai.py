"""The LLM path against a real OpenAI-compatible HTTP server on 127.0.0.1 (streamed and not)."""

from __future__ import annotations

import pytest

from assistant.refusal import REFUSAL
from assistant.service import LLM_DOWN, NO_CITATION
from kit import make_assistant
from servers import OpenAIStub, Reply, closed_port_url
from wijzer.settings import load_settings
from wijzer.types import Answer

pytestmark = pytest.mark.slow  # starts a server

QUESTION = "Mag ik ChatGPT gebruiken voor persoonsgegevens?"


def llm_settings(knowledge_dir, base_url, timeout=5.0):
    return load_settings(knowledge_dir=knowledge_dir, llm_provider="openai", llm_model="stub",
                         llm_base_url=base_url, llm_timeout_s=timeout)


def ask(server_or_url, knowledge_dir, streaming=False, timeout=5.0, question=QUESTION, history=()):
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.base_url
    assistant = make_assistant(llm_settings(knowledge_dir, url, timeout))
    if not streaming:
        return assistant.ask(question, history=history), []
    parts = list(assistant.stream(question, history=history))
    assert isinstance(parts[-1], Answer) and all(isinstance(p, str) for p in parts[:-1])
    return parts[-1], parts[:-1]


@pytest.mark.parametrize("streaming", [False, True])
def test_valid_citations_are_kept_with_exact_quotes(knowledge_dir, streaming):
    reply = ("Dat is toegestaan onder voorwaarden: geen persoonsgegevens in online toepassingen [1]. "
             "Begin met een DPIA [2].")
    with OpenAIStub([reply]) as server:
        answer, deltas = ask(server, knowledge_dir, streaming)
    assert server.requests[0].get("stream", False) is streaming
    assert answer.mode == "llm" and not answer.refused and answer.notices == ()
    assert answer.text == reply
    if streaming:
        assert len(deltas) > 3 and "".join(deltas) == reply
    assert [c.n for c in answer.citations] == [1, 2]
    for c in answer.citations:
        assert c.quote and c.quote in c.chunk.text
    assert "persoonsgegevens" in answer.citations[0].quote


@pytest.mark.parametrize("streaming", [False, True])
def test_invented_citation_is_dropped_and_reported(knowledge_dir, streaming):
    with OpenAIStub(["Het gebruik is toegestaan onder voorwaarden [1]. Dat staat ook in een wet [9]."]) as server:
        answer, _ = ask(server, knowledge_dir, streaming)
    assert answer.text == "Het gebruik is toegestaan onder voorwaarden [1]. Dat staat ook in een wet."
    assert [c.n for c in answer.citations] == [1]
    assert any("[9]" in n and "weggehaald" in n for n in answer.notices)


def test_answer_without_citations_is_replaced_by_the_extractive_answer(knowledge_dir):
    with OpenAIStub(["Ja hoor, dat mag gewoon. HACKED"]) as server:
        answer, _ = ask(server, knowledge_dir)
    assert answer.mode == "extractive" and NO_CITATION in answer.notices
    assert "HACKED" not in answer.text and answer.citations
    assert answer.text.startswith("Volgens ") and "\u201e" in answer.text  # the extractive answer


def test_model_refusal_is_a_refusal_with_closest_passages(knowledge_dir):
    with OpenAIStub([REFUSAL]) as server:
        answer, _ = ask(server, knowledge_dir)
    assert answer.refused and answer.text.startswith(REFUSAL) and answer.closest


@pytest.mark.parametrize("streaming", [False, True])
def test_server_down_falls_back_with_a_notice(knowledge_dir, streaming):
    answer, _ = ask(closed_port_url() + "/v1", knowledge_dir, streaming)
    assert LLM_DOWN in answer.notices and answer.mode == "extractive"
    assert answer.citations and not answer.refused


@pytest.mark.parametrize("streaming", [False, True])
def test_timeout_falls_back(knowledge_dir, streaming):
    with OpenAIStub([Reply("Te laat [1].", delay=1.5)], max_seconds=20) as server:
        answer, _ = ask(server, knowledge_dir, streaming, timeout=0.3)
    assert LLM_DOWN in answer.notices and answer.mode == "extractive"
    assert answer.timings["llm"] < 1400


def test_http_error_falls_back(knowledge_dir):
    with OpenAIStub([Reply("kapot", status=500)]) as server:
        answer, _ = ask(server, knowledge_dir)
    assert LLM_DOWN in answer.notices and answer.citations


def test_prompt_has_rules_numbered_sources_and_the_delimited_question(knowledge_dir):
    with OpenAIStub(["Het gebruik is toegestaan onder voorwaarden [1]."]) as server:
        ask(server, knowledge_dir)
    messages = server.requests[0]["messages"]
    assert messages[0]["role"] == "system" and REFUSAL in messages[0]["content"]
    assert "toegestaan onder voorwaarden" in messages[0]["content"]
    user = messages[1]["content"]
    assert '<bron n="1" titel="Standpunt generatieve AI"' in user and "</bron>" in user
    assert f"<vraag>\n{QUESTION}\n</vraag>" in user
    assert server.requests[0]["model"] == "stub"


def test_follow_up_is_condensed_by_the_model(knowledge_dir):
    history = [(QUESTION, "Dat mag onder voorwaarden [1].")]
    rewritten = "Geldt het verbod op persoonsgegevens in ChatGPT ook voor gemeenten?"
    with OpenAIStub([rewritten, "Ja, het geldt ook voor gemeenten [1]."]) as server:
        answer, _ = ask(server, knowledge_dir, question="En geldt dat ook voor gemeenten?",
                        history=history)
    assert answer.standalone_question == rewritten
    assert "<vervolgvraag>\nEn geldt dat ook voor gemeenten?" in server.prompt_text(0)
    assert QUESTION in server.prompt_text(0)
    assert rewritten in server.prompt_text(1)
    assert answer.question == "En geldt dat ook voor gemeenten?" and answer.mode == "llm"


def test_status_checks_the_models_endpoint(knowledge_dir):
    with OpenAIStub([]) as server:
        status = make_assistant(llm_settings(knowledge_dir, server.base_url)).status()
    assert status.llm_ok is True and status.mode == "llm" and "openai: stub" in status.llm_label
    assert "/v1/models" in server.paths
    down = make_assistant(llm_settings(knowledge_dir, closed_port_url() + "/v1")).status()
    assert down.llm_ok is False


def test_the_model_also_reads_the_best_passages_section_on_into_its_next_passage(knowledge_dir):
    """As the extractive answer does (assistant/outline.py): the fact may sit one passage past
    the one retrieved, in the same section."""
    from dataclasses import replace

    from conftest import HashEmbeddings

    from assistant.service import Assistant
    from kit import DenseRetriever, always, make_chunks
    from wijzer.index import MemorySnapshot

    base = make_chunks()[0]
    register = [replace(base, id=f"register-{i}", document_id="register", title="Algoritmeregister",
                        section=("Toelichting",), text=text, ordinal=i)
                for i, text in enumerate(["Publiceer impactvolle algoritmes in het Algoritmeregister.",
                                          "Zorg na publicatie dat de informatie actueel blijft."])]
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings([*make_chunks(), *register], emb, version="v-test")
    with OpenAIStub(["Publiceer ze in het register [1]."]) as server:
        assistant = Assistant(llm_settings(knowledge_dir, server.base_url), emb, snap,
                              retriever=DenseRetriever(snap, emb, k=1), gate=always)
        answer = assistant.ask("Welke algoritmes publiceer ik in het Algoritmeregister?")
    user = server.requests[0]["messages"][1]["content"]
    assert "Publiceer impactvolle algoritmes" in user and "actueel blijft" in user
    assert [c.chunk.id for c in answer.citations] == ["register-0"]
