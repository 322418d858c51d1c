"""Every fallback, swallowed exception and refused input is logged at WARNING with its
cause; the user's text (questions, answers) only at DEBUG."""

from __future__ import annotations

import logging

import pytest
from kit import make_assistant
from servers import OpenAIStub, Reply, closed_port_url

from assistant.service import LLM_DOWN
from wijzer.settings import load_settings

QUESTION = "Mag ik ChatGPT gebruiken voor persoonsgegevens van inwoner Jansen?"


def llm_assistant(knowledge_dir, url):
    return make_assistant(load_settings(knowledge_dir=knowledge_dir, llm_provider="openai",
                                        llm_model="stub", llm_base_url=url, llm_timeout_s=5.0))


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.slow
def test_llm_down_is_a_warning_with_the_original_cause(knowledge_dir, caplog):
    caplog.set_level(logging.DEBUG, logger="assistant")
    answer = llm_assistant(knowledge_dir, closed_port_url() + "/v1").ask(QUESTION)
    assert LLM_DOWN in answer.notices
    logged = [m for m in warnings_of(caplog) if "extractive fallback" in m]
    assert logged and "LLMError" in logged[0] and "ConnectError" in logged[0]
    assert all("Jansen" not in m for m in warnings_of(caplog))


@pytest.mark.slow
def test_llm_http_error_and_unreachable_status_are_logged(knowledge_dir, caplog):
    caplog.set_level(logging.WARNING)
    with OpenAIStub([Reply("kapot", status=500)]) as server:
        llm_assistant(knowledge_dir, server.base_url).ask(QUESTION)
    assert any("extractive fallback" in m and "InternalServerError" in m for m in warnings_of(caplog))
    assert llm_assistant(knowledge_dir, closed_port_url() + "/v1").status().llm_ok is False
    assert any("not reachable" in m and "ConnectError" in m for m in warnings_of(caplog))


@pytest.mark.slow
def test_failed_follow_up_rewrite_is_logged(knowledge_dir, caplog):
    caplog.set_level(logging.WARNING)
    with OpenAIStub([Reply("stuk", status=500), "Onder voorwaarden mag het [1]."]) as server:
        llm_assistant(knowledge_dir, server.base_url).ask(
            "En geldt dat ook voor gemeenten?", history=[(QUESTION, "Onder voorwaarden [1].")])
    assert any("follow-up rewrite by the LLM failed" in m for m in warnings_of(caplog))


def test_refused_input_is_logged_without_the_question(settings, caplog):
    caplog.set_level(logging.DEBUG, logger="assistant")
    long_question = "Mag ik dit gebruiken voor inwoner Jansen? " * 100
    answer = make_assistant(settings).ask(long_question)
    assert answer.refused
    refused = [m for m in warnings_of(caplog) if "refused by the input guard" in m]
    assert refused and "te lang" in refused[0]
    assert all("Jansen" not in m for m in warnings_of(caplog))
    assert any("Jansen" in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)


def test_swallowed_title_lookup_is_logged(settings, caplog):
    caplog.set_level(logging.WARNING)
    assistant = make_assistant(settings)
    assistant.index = object()  # a broken index: no snapshot(), no document_chunks()
    assert assistant.document_title("standpunt") is None
    assert any("title of document standpunt not available" in m for m in warnings_of(caplog))
