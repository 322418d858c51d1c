"""`Assistant`: extractive answers, refusals, input limits, streaming, status, real retrieval."""

from __future__ import annotations

import pytest

from assistant.refusal import REFUSAL
from assistant.service import NO_LLM
from kit import make_assistant, never
from wijzer.types import Answer

QUESTION = "Mag ik ChatGPT gebruiken voor persoonsgegevens?"


def test_extractive_answer_with_citations_and_timings(settings):
    answer = make_assistant(settings).ask(QUESTION)
    assert answer.mode == "extractive" and not answer.refused and answer.index_version == "v-test"
    assert answer.citations and all(c.quote in c.chunk.text for c in answer.citations)
    assert "ChatGPT" in answer.citations[0].quote
    assert {"guard", "retrieval", "gate", "answer", "total"} <= set(answer.timings)
    data = answer.to_dict()
    assert data["citations"][0]["url"].endswith("#page=2") and data["citations"][0]["n"] == 1


def test_gate_says_no_gives_refusal_with_closest_passages(settings):
    answer = make_assistant(settings, gate=never).ask(QUESTION)
    assert answer.refused and answer.text.startswith(REFUSAL) and "anders te formuleren" in answer.text
    assert answer.closest and not answer.citations


@pytest.mark.parametrize("question, phrase", [
    ("", "Stel een vraag"),
    ("Mag ik ChatGPT gebruiken? " * 400, "te lang"),
    ("Can I use ChatGPT?", "Nederlands"),
])
def test_bad_input_is_refused_politely_without_retrieval(settings, question, phrase):
    assistant = make_assistant(settings)
    calls = assistant.retriever.embeddings.query_calls
    answer = assistant.ask(question)
    assert answer.refused and phrase in answer.text and not answer.citations
    assert assistant.retriever.embeddings.query_calls == calls  # no retrieval happened
    assert answer.index_version == "v-test"


def test_llm_mode_without_llm_falls_back_with_notice(settings):
    answer = make_assistant(settings).ask(QUESTION, mode="llm")
    assert answer.mode == "extractive" and NO_LLM in answer.notices and answer.citations


def test_stream_yields_text_then_the_answer(settings):
    parts = list(make_assistant(settings).stream(QUESTION))
    assert isinstance(parts[-1], Answer) and parts[:-1] == [parts[-1].text]


def test_kinds_filter_limits_sources(settings):
    answer = make_assistant(settings).ask("DPIA persoonsgegevens", kinds=["guidance"])
    assert answer.citations and {c.chunk.kind for c in answer.citations} == {"guidance"}


def test_superseded_source_gets_a_notice(settings):
    answer = make_assistant(settings).ask("Wat zei het voorlopige standpunt over niet-gecontracteerde toepassingen?")
    assert any("vervangen door 'Standpunt generatieve AI'" in n for n in answer.notices)


def test_status_without_llm(settings):
    status = make_assistant(settings).status()
    assert status.mode == "extractive" and status.llm_ok is None and status.index.version == "v-test"
    assert status.index.chunk_count == 5


def test_real_retrieval_answers_on_topic_and_refuses_off_topic(settings):
    assistant = make_assistant(settings, real_retrieval=True)
    on = assistant.ask(QUESTION)
    assert not on.refused and "ChatGPT" in on.text
    for question in ("Wat is de hoofdstad van Frankrijk?", "Hoe laat gaat de bakker open op zondag?"):
        off = assistant.ask(question)
        assert off.refused and off.text.startswith(REFUSAL)


def test_prompt_files_are_checked_at_load(tmp_path):
    from assistant.prompting import PROMPTS_DIR, SYSTEM_FILE, check_prompts
    from wijzer.errors import SettingsError

    for f in PROMPTS_DIR.iterdir():
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    check_prompts(tmp_path)
    (tmp_path / SYSTEM_FILE).write_text("Regels zonder weigerzin, maar met {bron}.", encoding="utf-8")
    with pytest.raises(SettingsError, match="weigering"):
        check_prompts(tmp_path)


def test_the_configured_gate_thresholds_are_used_even_zero(settings):
    """WIJZER_GATE_THRESHOLD=0 answers everything (it used to become the 0.42 default)."""
    from wijzer.settings import load_settings

    question = "Hoe laat vertrekt de trein naar Groningen?"
    lenient = load_settings(**(settings.model_dump() | {"gate_threshold": 0.0, "gate_weak_threshold": 0.0}))
    assert not make_assistant(lenient, real_retrieval=True).ask(question).refused
    strict = load_settings(**(settings.model_dump() | {"gate_threshold": 1.0, "gate_weak_threshold": 1.0}))
    assert make_assistant(strict, real_retrieval=True).ask(QUESTION).refused


def test_thin_evidence_answers_with_the_notice_first(settings):
    from assistant.gate import WEAK_NOTICE
    from wijzer.settings import load_settings

    weak = load_settings(**(settings.model_dump() | {"gate_threshold": 0.0, "gate_weak_threshold": 1.0}))
    answer = make_assistant(weak, real_retrieval=True).ask(QUESTION)
    assert not answer.refused and answer.weak and answer.notices[0] == WEAK_NOTICE
    assert answer.to_dict()["weak"] is True


def test_a_question_for_a_fact_no_passage_states_is_refused_or_flagged(settings):
    """An amount the passages lack is refused even with strong evidence; a date the chosen
    passages lack gets the notice, and is refused when the evidence is thin as well."""
    from wijzer.settings import load_settings

    lenient = load_settings(**(settings.model_dump() | {"gate_threshold": 0.0, "gate_weak_threshold": 0.0}))
    weak = load_settings(**(settings.model_dump() | {"gate_threshold": 0.0, "gate_weak_threshold": 1.0}))
    budget = "Wat is het budget voor het standpunt over generatieve AI?"
    assert make_assistant(lenient, real_retrieval=True).ask(budget).refused
    when = "Wanneer moeten medewerkers een DPIA doen voor persoonsgegevens?"
    flagged = make_assistant(lenient, real_retrieval=True).ask(when)
    assert not flagged.refused and flagged.weak  # answered, but with the notice
    assert make_assistant(weak, real_retrieval=True).ask(when).refused  # thin and no date


def test_a_typo_is_corrected_and_the_search_is_shown(settings):
    answer = make_assistant(settings, real_retrieval=True).ask("Mag ik ChatGPT gebruiken voor persoonsgegevns?")
    assert answer.searched and "persoonsgegevens" in answer.searched
    assert any(n.startswith("Gezocht op:") for n in answer.notices)


@pytest.mark.parametrize("question, texts, missing", [
    # "hoeveel kost" asks for an amount: the number word in "de twee werken samen" is no answer
    ("Hoeveel kost het om een algoritme te laten publiceren?",
     ["De twee werken samen: het register zorgt voor openheid."], "amount"),
    # a version the question names that no chosen text names: the answer is about another one
    ("Op welke datum verschijnt versie 2.6 van het Algoritmekader?",
     ["Versie 2.5 verscheen op 24 maart 2026."], "identifier"),
    ("Op welke datum verscheen versie 2.5 van het Algoritmekader?",
     ["Versie 2.5 verscheen op 24 maart 2026."], None),
    ("Wat zegt artikel 22 van de AVG?", ["Artikel 22 AVG gaat over geautomatiseerde besluiten."], None),
    # "hoeveel fte" is answered by a number of fte, not by the numbers of a reference code
    ("Hoeveel fte heeft de AP voor toezicht op algoritmes?",
     ["Onderzoekskader Algoritmes Auditdienst Rijk, PRI.2, PRI.3, PRI.10"], "count"),
    ("Uit hoeveel fases bestaat de levenscyclus van een algoritme?",
     ["De levenscyclus van een algoritme kent negen fasen."], None),
    # "wanneer moet ik …" and "wanneer is … verplicht" ask in which cases, not for a date
    ("Wanneer moet ik een DPIA laten doen?",
     ["Een DPIA is verplicht als de verwerking een hoog risico inhoudt."], None),
    ("Wanneer is een DPIA verplicht?", ["Een DPIA is verplicht bij een hoog privacyrisico."], None),
    ("Wanneer moeten hoog-risico AI-systemen aan de AI-verordening voldoen?",
     ["Hoog-risico AI-systemen moeten aan de eisen voldoen."], "when"),
    ("Vanaf wanneer moet ik mijn algoritme registreren?", ["Registreer het algoritme."], "when"),
    # a "hoe" question asks for a way; the amount in its clause is what the way finds out
    ("Hoe houd ik bij hoeveel stroom ons algoritme kost?",
     ["Meet het energieverbruik van het model tijdens het trainen."], None),
    ("Hoe lang duurt een DPIA?", ["Een DPIA kost tijd."], "count"),
])
def test_a_fact_or_number_the_question_asks_for_must_be_in_the_answer(question, texts, missing):
    from assistant.service import _missing_fact

    assert _missing_fact(question, texts) == missing


def test_a_follow_ups_quotes_are_ranked_by_its_own_words_as_much_as_by_the_conversation(settings):
    """The quote vector of a follow-up is the mean of the cosines to its own words and to the
    words with their context; a standalone question keeps its query vector."""
    import numpy as np

    from assistant.retrieval import Retrieval
    from assistant.service import Assistant

    with_context, own = np.array([0.6, 0.8, 0.0]), np.array([0.0, 0.6, 0.8])
    follow_up = Retrieval("q", (), "hybrid", "v1", query_vector=with_context, own_vector=own)
    vector = Assistant._answer_vector(follow_up)
    segment = np.array([0.0, 0.0, 1.0])
    assert float(segment @ vector) == pytest.approx((segment @ with_context + segment @ own) / 2)
    alone = Retrieval("q", (), "hybrid", "v1", query_vector=with_context)
    assert Assistant._answer_vector(alone) is with_context


def test_a_product_the_sources_never_name_is_said_to_be_searched_as_generative_ai(settings):
    """An answer to "Mag ik Claude gebruiken?" quotes rules that name ChatGPT or no product:
    the page says why, so no one reads it as a rule about another tool."""
    (settings.knowledge_dir / "glossary.toml").write_text(
        '[[group]]\nterms = ["ChatGPT", "Claude"]\noneway = ["generatieve AI"]\n', encoding="utf-8")
    assistant = make_assistant(settings, real_retrieval=True)
    about_claude = assistant.ask("Mag ik Claude gebruiken voor persoonsgegevens?")
    assert any(n.startswith("Claude wordt in de bronnen niet genoemd") for n in about_claude.notices)
    about_chatgpt = assistant.ask("Mag ik ChatGPT gebruiken voor persoonsgegevens?")
    assert not any("niet genoemd" in n for n in about_chatgpt.notices)

