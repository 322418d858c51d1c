"""Input limits: empty, too long and non-Dutch questions get a polite Dutch reply."""

from __future__ import annotations

import pytest

from assistant.guard import check_question, looks_dutch


@pytest.mark.parametrize("question", [
    "Mag ik ChatGPT gebruiken om een brief aan een inwoner op te stellen?",
    "Is het toegestaan?",
    "DPIA?",
    "En geldt dat ook voor gemeenten?",
    "Mag ik prompts laten schrijven door een large language model?",
])
def test_dutch_questions_pass(question, settings):
    assert check_question(question, settings) is None


@pytest.mark.parametrize("question", [
    "Can I use ChatGPT?",
    "What is the government position on generative AI?",
    "Darf ich ChatGPT benutzen?",
    "Puis-je utiliser ChatGPT pour une lettre?",
])
def test_other_languages_get_a_dutch_request_to_ask_in_dutch(question, settings):
    reply = check_question(question, settings)
    assert reply and "Nederlands" in reply
    assert not looks_dutch(question)


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question(question, settings):
    assert "Stel een vraag" in check_question(question, settings)


def test_too_long_question_names_the_limit(settings):
    reply = check_question("Mag ik ChatGPT gebruiken? " * 400, settings)
    assert reply and "te lang" in reply and "2.000" in reply
    limit = settings.max_question_chars
    at_limit = ("Mag ik ChatGPT gebruiken? " * 400)[: limit - 1] + "?"
    assert len(at_limit) == limit and check_question(at_limit, settings) is None
    assert "te lang" in check_question(at_limit + "?", settings)
    assert check_question("Mag ik dit doen? " + "x" * (settings.max_question_chars - 30), settings) is None
