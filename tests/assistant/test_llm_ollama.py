"""The Ollama client (langchain-ollama) against a stub of Ollama's HTTP API on 127.0.0.1."""

from __future__ import annotations

import pytest

from assistant.service import LLM_DOWN, NO_CITATION
from kit import make_assistant
from servers import OllamaStub, Reply, closed_port_url
from wijzer.settings import load_settings
from wijzer.types import Answer

pytestmark = pytest.mark.slow  # starts a server

QUESTION = "Mag ik ChatGPT gebruiken voor persoonsgegevens?"


def ollama_assistant(knowledge_dir, url, timeout=5.0):
    settings = load_settings(knowledge_dir=knowledge_dir, llm_provider="ollama", llm_model="stub",
                             llm_base_url=url, llm_timeout_s=timeout)
    return make_assistant(settings)


def test_streamed_answer_keeps_valid_citations(knowledge_dir):
    reply = "Niet met persoonsgegevens in online toepassingen [1]. Doe eerst een DPIA [2]."
    with OllamaStub([reply]) as server:
        parts = list(ollama_assistant(knowledge_dir, server.url).stream(QUESTION))
    answer = parts[-1]
    assert isinstance(answer, Answer) and "".join(parts[:-1]) == reply
    assert answer.mode == "llm" and answer.text == reply and [c.n for c in answer.citations] == [1, 2]
    assert server.paths == ["/api/chat"]
    body = server.requests[0]
    assert body["model"] == "stub" and body["messages"][0]["role"] == "system"
    assert '<bron n="1"' in body["messages"][1]["content"]


def test_ask_drops_invented_citations(knowledge_dir):
    with OllamaStub(["Het gebruik is toegestaan onder voorwaarden [1]. En ook [4]."]) as server:
        answer = ollama_assistant(knowledge_dir, server.url).ask(QUESTION)
    assert answer.text == "Het gebruik is toegestaan onder voorwaarden [1]. En ook."
    assert any("[4]" in n for n in answer.notices)


def test_no_citation_is_replaced(knowledge_dir):
    with OllamaStub(["Dat mag zeker."]) as server:
        answer = ollama_assistant(knowledge_dir, server.url).ask(QUESTION)
    assert NO_CITATION in answer.notices and answer.mode == "extractive" and answer.citations


def test_down_slow_and_error_fall_back(knowledge_dir):
    down = ollama_assistant(knowledge_dir, closed_port_url()).ask(QUESTION)
    assert LLM_DOWN in down.notices and down.citations
    with OllamaStub([Reply("Te laat [1].", delay=1.5), Reply("stuk", status=500)], max_seconds=20) as server:
        slow = ollama_assistant(knowledge_dir, server.url, timeout=0.3).ask(QUESTION)
        error = ollama_assistant(knowledge_dir, server.url).ask(QUESTION)
    assert LLM_DOWN in slow.notices and slow.mode == "extractive"
    assert LLM_DOWN in error.notices and error.citations


def test_status_uses_api_tags(knowledge_dir):
    with OllamaStub([]) as server:
        status = ollama_assistant(knowledge_dir, server.url).status()
    assert status.llm_ok is True and server.paths == ["/api/tags"]
    assert ollama_assistant(knowledge_dir, closed_port_url()).status().llm_ok is False
