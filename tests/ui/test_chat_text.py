"""How the chat shows questions, follow-ups, input problems and [n] markers."""

from __future__ import annotations

from assistant.extractive import extractive_answer
from assistant.refusal import REFUSAL
from ui import texts
from ui.chat import answer_markdown, input_problem, question_markdown, read_as
from wijzer.types import Answer, Chunk, Hit


def _answer(**kw) -> Answer:
    base = dict(question="En geldt dat ook voor gemeenten?", text="x", citations=(),
                refused=False, mode="extractive", index_version="1")
    base.update(kw)
    return Answer(**base)


def test_a_very_long_question_is_shown_shortened_with_its_length():
    md = question_markdown("a" * 10_000)
    assert len(md) < 800 and "10.000" in md
    assert question_markdown("Mag ik [dit]?") == "Mag ik \\[dit\\]?".replace("?", "\\?")


def test_heuristic_follow_up_is_shown_as_added_search_words():
    a = _answer(standalone_question="chatgpt brief inwoner: En geldt dat ook voor gemeenten?")
    assert read_as(a) == texts.READ_AS_FOLLOW_UP.format(words="chatgpt, brief, inwoner")
    rewritten = "Geldt het ChatGPT-verbod ook voor gemeenten?"
    assert read_as(_answer(standalone_question=rewritten)) == texts.READ_AS.format(question=rewritten)
    assert read_as(_answer()) is None


def test_input_problem_is_not_treated_as_not_in_sources():
    assert input_problem(_answer(text="Uw vraag is te lang.", refused=True))
    assert not input_problem(_answer(text=f"{REFUSAL} Probeer het anders.", refused=True))
    assert not input_problem(_answer(text="Antwoord [1]."))


def test_each_citation_in_the_answer_links_to_its_card():
    md = answer_markdown("„Dit.” [1] En dat [2][3], of [1, 2].", key="t1", numbers=[1, 2])
    assert md.count("[\\[1\\]](#bron-t1-1)") == 2 and md.count("[\\[2\\]](#bron-t1-2)") == 2
    assert "**\\[3\\]**" in md and "#bron-t1-3" not in md  # no card: bold, no dead link
    assert "****" not in md  # adjacent markers stay separate bold runs
    assert answer_markdown("Nee [1].") == "Nee **\\[1\\]**\\."  # without a turn: bold only


def test_extractive_quote_drops_the_sources_own_footnote_marker():
    chunk = Chunk(id="b#1", document_id="b", document_version="v1", title="Kamerbrief",
                  kind="letter", section=("Proces",), page_start=None, page_end=None,
                  char_start=0, char_end=99, location="§ Proces", date="2025-04",
                  text="Beide adviezen vormden de basis voor het voorlopige standpunt van "
                       "december 2023.[1] Dit standpunt diende als vertrekpunt.", url=None)
    text, citations, _ = extractive_answer("Waar was het voorlopige standpunt op gebaseerd?",
                                           [Hit(chunk, 1.0)])
    assert "december 2023." in text and "2023.[1]" not in text and text.endswith("[1]")
    assert citations[0].quote in chunk.text  # the card still quotes the source verbatim


def test_answer_times_below_a_second_are_shown_in_milliseconds():
    from ui.admin import _seconds
    assert _seconds(0.043) == "43 ms" and _seconds(2.25) == "2,2 s" and _seconds(None) == "–"


def test_the_known_question_that_shaped_an_answer_is_named_under_it():
    from ui.labels import known_note

    known = "Mag ik ChatGPT gebruiken voor mijn werk?"
    assert known_note(_answer(known_questions=(known, "Mag ik Copilot gebruiken?"))) == \
        texts.KNOWN_QUESTION.format(question=known)
    assert known_note(_answer()) is None
    assert known_note(_answer(known_questions=(known,), refused=True)) is None
