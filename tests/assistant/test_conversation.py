"""Follow-up questions become standalone questions (heuristic in extractive mode)."""

from __future__ import annotations

from assistant.conversation import heuristic_standalone, is_follow_up
from kit import make_assistant

FIRST = "Mag ik ChatGPT gebruiken voor persoonsgegevens?"


def test_linking_words_and_short_questions_are_follow_ups():
    history = [(FIRST, "...")]
    assert is_follow_up("En geldt dat ook voor gemeenten?", history)
    assert is_follow_up("Wat als het om een brief gaat?", history)
    assert is_follow_up("Ook voor provincies?", history)
    assert not is_follow_up("Welke stappen staan in het stappenplan van de handreiking?", history)
    assert not is_follow_up("En geldt dat ook voor gemeenten?", [])


def test_previous_key_terms_are_prepended():
    rewritten = heuristic_standalone("En geldt dat ook voor gemeenten?", [(FIRST, "...")])
    assert rewritten == "chatgpt persoonsgegevens: En geldt dat ook voor gemeenten?"


def test_chains_keep_the_original_subject():
    history = [(FIRST, "..."), ("En voor gemeenten?", "...")]
    rewritten = heuristic_standalone("Ook voor waterschappen?", history)
    assert rewritten.startswith("chatgpt persoonsgegevens gemeenten:")


def test_standalone_questions_are_left_alone():
    assert heuristic_standalone("Wat staat er in hoofdstuk 4 van de handreiking?", [(FIRST, "")]) is None


def test_assistant_records_the_rewrite_and_answers_it(settings):
    assistant = make_assistant(settings)
    first = assistant.ask(FIRST)
    answer = assistant.ask("En geldt dat ook voor gemeenten?", history=[(FIRST, first.text)])
    assert answer.question == "En geldt dat ook voor gemeenten?"
    assert answer.standalone_question == "chatgpt persoonsgegevens: En geldt dat ook voor gemeenten?"
    assert "gemeenten en waterschappen" in answer.text
    assert assistant.ask(FIRST).standalone_question is None
