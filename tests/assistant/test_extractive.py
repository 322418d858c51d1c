"""The offline answer: the segment that answers the question leads, with its context and
exact citations; at most three quotes; no bare definitions unless asked."""

from __future__ import annotations

import pytest

import re
from dataclasses import replace

from assistant.extractive import (AUDIENCE_PENALTY, MAX_QUOTES, REFERENCE_PENALTY, RISK_PENALTY, _clean, _quoted_parts, _shown, _shown_list,
                                  choose, extractive_answer, rank_segments, widen)
from kit import make_chunks
from wijzer.segments import segments
from wijzer.types import Hit


def hits(*ids: str):
    chunks = {c.id: c for c in make_chunks()}
    return [Hit(chunk=chunks[i], score=1.0 - n / 10) for n, i in enumerate(ids)]


def _quotes(text: str) -> list[str]:
    return re.findall(r"\u201e(.+?)\u201d", text, re.S)


def test_the_rule_leads_with_its_document_and_exact_citations():
    text, cits, chosen = extractive_answer("Mag ik ChatGPT gebruiken voor persoonsgegevens?",
                                           hits("standpunt-0", "standpunt-1", "handreiking-0"))
    assert "zoals ChatGPT, voor het verwerken van persoonsgegevens" in _quotes(text)[0]
    assert text.startswith("Volgens Standpunt generatieve AI")
    assert len(_quotes(text)) <= MAX_QUOTES
    assert [c.n for c in cits] == list(range(1, len(cits) + 1))
    for c in cits:
        assert f"[{c.n}]" in text
        assert c.quotes and all(q in c.chunk.text for q in c.quotes)  # exact slices


def test_a_definition_is_held_back_unless_the_question_asks_what_something_is():
    chunk = replace(make_chunks()[0], id="def-0", text=(
        "Generatieve AI is een vorm van AI die nieuwe teksten maakt. "
        "Medewerkers mogen generatieve AI niet gebruiken voor besluiten over inwoners."))
    found = [Hit(chunk=chunk, score=1.0)]
    lead = choose(rank_segments("Mag ik generatieve AI gebruiken voor besluiten?", None, found, None))[0]
    assert lead.segment.text.startswith("Medewerkers mogen")
    lead = choose(rank_segments("Wat is generatieve AI?", None, found, None))[0]
    assert lead.segment.text.startswith("Generatieve AI is een vorm")


def test_a_list_item_is_shown_with_its_lead_in_and_a_reference_with_its_antecedent():
    text = ("Het standpunt noemt twee voorwaarden:\n- er is een DPIA uitgevoerd;\n"
            "- de toepassing is gecontracteerd.\nHet advies kwam van de Landsadvocaat en de AP. "
            "Beide adviezen vormden de basis voor het voorlopige standpunt.")
    segs = segments(text)
    item = next(s for s in segs if "DPIA" in s.text)
    assert item.kind == "item" and item.context == "Het standpunt noemt twee voorwaarden:"
    both = next(s for s in segs if s.text.startswith("Beide"))
    assert "Landsadvocaat" in both.context
    for s in segs:
        assert text[s.start:s.end] == s.text


def test_a_chain_of_references_reaches_back_to_the_sentence_that_names_the_subject():
    # the letter: "Dit voorlopige standpunt…" <- "Beide adviezen…" <- "Ook de AP…" <- Landsadvocaat
    text = ("- Het kabinet vroeg in 2023 de Landsadvocaat om advies. Ook de Autoriteit "
            "Persoonsgegevens (AP) werd om advies gevraagd. Beide adviezen vormden de basis voor "
            "het voorlopige standpunt. Dit voorlopige standpunt diende als vertrekpunt.")
    segs = segments(text)
    last = next(s for s in segs if s.text.startswith("Dit voorlopige"))
    assert "Landsadvocaat" in last.context and "Beide adviezen" in last.context
    assert text[last.context_start:last.context_start + len(last.context)] == last.context
    assert not last.shown_context.startswith("-")  # the list marker is not shown


def test_a_consequence_or_continuation_is_quoted_with_the_sentence_it_completes():
    # the Algoritmekader's DPIA page: quoted alone, "Dan is … verplicht" drops its condition
    text = ("Is je organisatie van plan persoonsgegevens te verwerken, maar levert dat "
            "waarschijnlijk een hoog privacyrisico op? Dan is je organisatie verplicht eerst een "
            "DPIA uit te voeren. Als organisatie moet je zelf bepalen of de verwerking een hoog "
            "privacyrisico oplevert. En je dus een DPIA moet uitvoeren.")
    segs = {s.text.split()[0]: s for s in segments(text)}
    assert segs["Dan"].context.startswith("Is je organisatie van plan")
    assert segs["En"].context.startswith("Als organisatie moet je zelf bepalen")
    assert not segs["Als"].context  # a sentence that stands on its own carries nothing
    chunk = replace(make_chunks()[0], id="dpia-0", text=text)
    answer, _, _ = extractive_answer("Wanneer moet ik een DPIA doen?", [Hit(chunk=chunk, score=1.0)])
    assert "hoog privacyrisico op? Dan is je organisatie verplicht" in _quotes(answer)[0]


def test_a_sentence_that_names_its_condition_by_reference_is_quoted_with_that_condition():
    # the Algoritmekader on automated decisions: alone, "mag in die gevallen niet" reads as a
    # ban on every automated decision; a line that announces a list leans on nothing
    text = ("Dit verbod geldt voor besluiten die rechtsgevolgen hebben voor een betrokkene. "
            "Het besluit mag in die gevallen niet geautomatiseerd worden genomen. "
            "Een algoritme is veilig onder deze omstandigheden:")
    segs = {s.text.split()[0]: s for s in segments(text)}
    assert segs["Het"].context.startswith("Dit verbod geldt voor besluiten")
    assert not segs["Een"].context
    chunk = replace(make_chunks()[0], id="besluit-0", text=text)
    answer, _, _ = extractive_answer("Mag een besluit geautomatiseerd worden genomen?", [Hit(chunk=chunk, score=1.0)])
    assert "rechtsgevolgen hebben voor een betrokkene. Het besluit mag in die gevallen" in _quotes(answer)[0]


def test_a_statement_before_a_bullet_is_not_shown_as_its_lead_in_nor_a_context_twice():
    # the RKI-kader: every paragraph is a bullet; the sentence before it announces nothing
    text = ("Als er onderzoek wordt gedaan naar generatieve AI, kan het trainen ervan met "
            "auteursrechtelijk beschermde werken zijn toegestaan.\n\n- Onderzoekers gebruiken in "
            "beginsel geen generatieve AI-toepassingen onder consumentenvoorwaarden, zoals ChatGPT. "
            "Daarover kunnen overheidsorganisaties immers geen goede afspraken maken met leveranciers.")
    segs = segments(text)
    item, after = segs[1], segs[2]
    assert item.kind == "item" and item.context and not item.shows_context
    assert after.context.startswith("- Onderzoekers") and after.shows_context  # "Daarover" leans
    chunk = replace(make_chunks()[0], id="rki-0", text=text)
    answer, cits, _ = extractive_answer("Is het toegestaan om ChatGPT te gebruiken voor een brief?",
                                        [Hit(chunk=chunk, score=1.0)])
    quotes = _quotes(answer)
    assert not any("toegestaan" in q and "Onderzoekers" in q for q in quotes)  # no false opening
    assert quotes[0].startswith("Onderzoekers gebruiken in beginsel geen")
    assert sum(q.count("Onderzoekers gebruiken") for q in quotes) == 1  # never quoted twice
    assert all(q in chunk.text for c in cits for q in c.quotes)
    announced = segments("De volgende criteria helpen:\n\n- de lijst van de AP;\n- de AVG.")
    assert announced[1].shows_context


def test_a_technology_acronym_is_not_a_name_but_a_body_is():
    from assistant.answer_types import WHO, states

    assert not states(WHO, "Beide adviezen vormden de basis voor generatieve AI bij de Rijksoverheid.")
    assert states(WHO, "Het kabinet vroeg de Landsadvocaat om advies.")
    assert states(WHO, "Meld het incident bij het AI-bureau.")
    assert states(WHO, "Ook de Autoriteit Persoonsgegevens (AP) werd om advies gevraagd.")


def test_a_word_capitalised_because_it_opens_the_sentence_names_no_one():
    from assistant.answer_types import WHO, states

    assert not states(WHO, "Het Algoritmekader is een hulpmiddel met standaarden en richtlijnen.")
    assert not states(WHO, "De Europese AI-verordening geldt voor aanbieders.")
    assert states(WHO, "Het Algoritmekader wordt beheerd door het Ministerie van Binnenlandse Zaken.")
    assert states(WHO, "De Landsadvocaat gaf advies.")


def test_the_article_een_or_a_year_is_no_answer_to_hoeveel():
    from assistant.answer_types import COUNT, states

    assert not states(COUNT, "Er is een DPIA nodig voor een algoritme.")
    assert not states(COUNT, "Sinds 2024 staan algoritmes in het register.")
    assert states(COUNT, "Logs worden zes maanden bewaard.")
    assert states(COUNT, "Controleer de toegangsrechten minimaal jaarlijks.")


def test_a_dates_day_or_a_lists_item_number_is_no_answer_to_hoeveel():
    """"Hoeveel uur AI-geletterdheidstraining moet elke medewerker per jaar volgen?" (the
    sources say no number) was answered: "… AI-geletterdheid die sinds 2 februari 2025 van
    kracht is; 2. Zorgen voor …" has a 2 three words from "AI-geletterdheid"."""
    from assistant.answer_types import COUNT, states

    question = "Hoeveel uur AI-geletterdheidstraining moet elke medewerker volgen?"
    assert not states(COUNT, "Voldoen aan de vereiste voor AI-geletterdheid die sinds 2 februari 2025 geldt.", question)
    assert not states(COUNT, "1. Voldoen aan de vereiste voor AI-geletterdheid; 2. Zorgen voor een adequaat niveau.", question)
    assert states(COUNT, "Elke medewerker volgt 8 uur AI-geletterdheidstraining per jaar.", question)
    assert states(COUNT, "De blauwdruk kent 7 fasen.", "Hoeveel fasen kent de blauwdruk?")


def test_a_lead_in_a_list_brings_the_list_as_one_quote():
    chunk = replace(make_chunks()[0], text=(
        "Over de werkinstructie.\nEen werkinstructie voor gebruikers bevat in elk geval:\n"
        "- welke gegevens er niet in de prompt mogen;\n- hoe je de uitkomst controleert;\n"
        "- wie je belt bij een incident.\nHet model is getraind op openbare data."))
    text, cits, chosen = extractive_answer("Wat moet er in een werkinstructie voor gebruikers staan?",
                                           [Hit(chunk=chunk, score=1.0)])
    first = _quotes(text)[0]
    assert "prompt" in first and "controleert" in first and "incident" in first
    assert first.startswith("Een werkinstructie voor gebruikers bevat in elk geval:")
    assert all(q in chunk.text for c in cits for q in c.quotes)  # every item an exact slice


def test_a_line_of_a_sources_list_does_not_lead():
    base = make_chunks()[0]
    listed = replace(base, id="x-bronnen", section=("Beleid", "Bronnen"),
                     text="- IPO Whitepaper ChatGPT, overwegingen voor verantwoord gebruik")
    rule = replace(base, id="x-regel", section=("Plichten",),
                   text="Gebruik van ChatGPT is verantwoord na afspraken met de leverancier.")
    ranked = rank_segments("Is verantwoord gebruik van ChatGPT mogelijk?", None,
                           [Hit(chunk=listed, score=1.0), Hit(chunk=rule, score=0.9)], None)
    assert choose(ranked)[0].hit.chunk.id == "x-regel"


def test_a_sources_line_never_leads_even_when_it_matches_every_word():
    base = make_chunks()[0]
    listed = replace(base, id="x-bronnen", section=("Beleid", "Bronnen"),
                     text="- Whitepaper: mag ik ChatGPT gebruiken voor het samenvatten van een rapport?")
    rule = replace(base, id="x-regel", section=("Plichten",),
                   text="Er worden geen generatieve AI-toepassingen gebruikt die online voor iedereen "
                        "toegankelijk zijn, zoals ChatGPT.")
    ranked = rank_segments("mag ik chatgpt gebruiken voor het samenvatten van een rapport", None,
                           [Hit(chunk=listed, score=1.0), Hit(chunk=rule, score=0.9)], None)
    assert ranked[0].hit.chunk.id == "x-bronnen"  # it scores best ...
    assert choose(ranked)[0].hit.chunk.id == "x-regel"  # ... and still does not lead


def test_a_sources_list_inside_a_merged_passage_does_not_lead_either():
    # a measure page's small sections merged into one passage named after the first
    base = make_chunks()[0]
    merged = replace(base, id="x-risico", section=("Risico",), text=(
        "Betrokkenen weten niet dat hun gegevens worden verwerkt.\n\n## Bronnen\n"
        "- Handreiking: kunnen kwaadwillenden persoonsgegevens uit een model achterhalen?"))
    rule = replace(base, id="x-regel", section=("Toelichting",),
                   text="Een aanvaller kan via de uitvoer van een model persoonsgegevens achterhalen.")
    ranked = rank_segments("kunnen kwaadwillenden persoonsgegevens uit een model achterhalen?", None,
                           [Hit(chunk=merged, score=1.0), Hit(chunk=rule, score=0.9)], None)
    title = next(c for c in ranked if "Handreiking" in c.segment.text)
    assert title.parts["form"] == -REFERENCE_PENALTY  # under the inner "## Bronnen" heading
    risk = next(c for c in ranked if "Betrokkenen" in c.segment.text)
    assert risk.parts["form"] == -RISK_PENALTY  # under the passage's own "Risico" heading
    assert choose(ranked)[0].hit.chunk.id == "x-regel"


def test_the_lead_names_the_section_it_stands_under_inside_a_merged_passage():
    chunk = replace(make_chunks()[0], id="sla-0", title="Maak vereisten onderdeel van de SLA",
                    section=("Maatregel",), text=(
                        "Maak de vereiste onderdeel van de SLA.\n\n## Toelichting\n"
                        "- Met een SLA kunnen afspraken over hersteltijd en versiebeheer worden gemaakt."))
    text, _, _ = extractive_answer("Wat spreek ik af over hersteltijd in de SLA?", [Hit(chunk=chunk, score=1.0)])
    assert text.startswith("Volgens Maak vereisten onderdeel van de SLA \u203a Toelichting:\n")


def test_welke_questions_favour_an_enumeration():
    from assistant.answer_types import LIST, asked

    assert LIST in asked("welke soorten aanvallen zijn er op ai-modellen?")
    assert LIST in asked("wat moet er in een werkinstructie staan?")
    assert LIST in asked("voor wat voor taken raadt de overheid genai aan?")  # "wat voor" = "welke"
    chunk = replace(make_chunks()[0], text=(
        "Aanvallen op AI-modellen komen steeds vaker voor bij de overheid.\n"
        "Bekende aanvallen op modellen zijn:\n- datavervuiling;\n- een achterdeurtje in het model."))
    lead = choose(rank_segments("Welke aanvallen op AI-modellen komen voor?", None,
                                [Hit(chunk=chunk, score=1.0)], None))[0]
    assert lead.segment.kind == "item" or lead.segment.text.endswith(":")


def test_a_table_row_reads_as_column_value_pairs():
    text = "| Fase | Taak |\n|---|---|\n| Ontwerp | DPIA uitvoeren |"
    row = [s for s in segments(text) if s.kind == "row"]
    assert len(row) == 1 and row[0].context == "Fase: Ontwerp; Taak: DPIA uitvoeren"


def test_a_passage_that_starts_inside_a_table_does_not_read_its_first_row_as_the_header():
    """The chunker cuts the glossary's table: a passage starting at "| risico | De combinatie
    … |" read that row as the header, and quoted "risico: systeem voor … ; De combinatie …:
    Een AI-systeem dat …"."""
    text = ("| risico | De combinatie van de kans op schade en de ernst van die schade. |\n"
            "| systeem voor het herkennen van emoties | Een AI-systeem dat emoties afleidt. |")
    rows = [s.context for s in segments(text) if s.kind == "row"]
    assert rows == ["risico: De combinatie van de kans op schade en de ernst van die schade.",
                    "systeem voor het herkennen van emoties: Een AI-systeem dat emoties afleidt."]


def test_no_passages_no_answer():
    assert extractive_answer("vraag", []) == ("", (), [])


def test_the_second_sentence_of_a_list_item_is_not_the_next_items_lead_in():
    text = ("Zo werkt het:\n- Er is altijd een mens betrokken. Besluiten worden niet alleen door AI genomen.\n"
            "- Er worden geen online toepassingen gebruikt, zoals ChatGPT.")
    item = next(s for s in segments(text) if "ChatGPT" in s.text)
    assert item.context == "Zo werkt het:"


def _sentence_candidate(pos: int, text: str, score: float):
    """A one-sentence passage at rank `pos`, as the ranking would give it."""
    from assistant.extractive import Candidate

    chunk = replace(make_chunks()[0], id=f"one-{pos}", text=text)
    return Candidate(pos, Hit(chunk=chunk, score=1.0), segments(text)[0], 0, score)


def test_a_further_quote_adds_a_point_rather_than_repeating_the_lead():
    cand = _sentence_candidate
    ranked = [cand(0, "Generatieve AI mag alleen worden gebruikt na een DPIA.", 3.0),
              cand(1, "Generatieve AI mag alleen worden gebruikt als er een DPIA is.", 2.6),
              cand(2, "Leg vast wie de uitkomsten controleert voordat ze worden verstuurd.", 2.4)]
    second = choose(ranked, max_quotes=2)[1]
    assert second.segment.text.startswith("Leg vast")


def test_a_further_quote_never_repeats_a_sentence_already_shown_inside_a_longer_one():
    # the FAQ's colophon: "Voor feedback … mail: …" was quoted after the line that holds it
    cand = _sentence_candidate
    ranked = [cand(0, "Voor feedback mail: ai@minbzk.nl Versie: 1.0 (maart 2026)", 3.0),
              cand(1, "Voor feedback mail: ai@minbzk.nl", 2.9),
              cand(2, "Leg vast wie de uitkomsten controleert voordat ze worden verstuurd.", 2.0)]
    assert [c.hit_pos for c in choose(ranked)] == [0, 2]


def test_a_further_quote_that_announces_a_list_brings_its_items():
    from assistant.extractive import Candidate, _quotes as quote_groups

    base = make_chunks()[0]
    listed = ("Het onderzoekskader is ingedeeld in 4 thema's:\n- Data en Model\n"
              "- Sturing en Verantwoording\n- Informatiebeveiliging")
    segs = segments(listed)

    def cand(pos: int, text: str, seg, index: int, score: float) -> Candidate:
        return Candidate(pos, Hit(chunk=replace(base, id=f"list-{pos}", text=text), score=1.0), seg, index, score)

    lead_text = "Het toetsingskader van de Algemene Rekenkamer is gebaseerd op bestaande raamwerken."
    ranked = [cand(0, lead_text, segments(lead_text)[0], 0, 3.0),
              cand(1, listed, segs[0], 0, 2.8),
              *(cand(1, listed, seg, i, 0.5) for i, seg in enumerate(segs[1:], start=1))]
    chosen = choose(ranked, max_quotes=2)
    groups = quote_groups(chosen)
    assert len(groups) == 2  # the lead, then the list as one quote
    assert [c.segment.text.lstrip("- ") for c in groups[1]] == [
        "Het onderzoekskader is ingedeeld in 4 thema's:", "Data en Model", "Sturing en Verantwoording",
        "Informatiebeveiliging"]


def test_the_sentence_after_the_lead_that_announces_a_list_brings_its_items():
    """"Welke soorten AI zijn helemaal verboden?" led with "Deze risicogroep bestaat uit
    soorten AI-praktijken die … verboden zijn.", joined by the sentence after it, "Dit zijn
    AI-systemen die:", and then showed none of the systems."""
    from assistant.extractive import Candidate, _quotes as quote_groups

    base = make_chunks()[0]
    text = ("Deze risicogroep bestaat uit soorten AI-praktijken die verboden zijn. Dit zijn AI-systemen die:\n"
            "- mensen misleiden of manipuleren\n- sociale scores bijhouden\n- emoties herkennen op de werkplek")
    segs = segments(text)
    hit = Hit(chunk=replace(base, id="verboden", text=text), score=1.0)
    ranked = [Candidate(0, hit, segs[0], 0, 3.0), Candidate(0, hit, segs[1], 1, 2.0),
              *(Candidate(0, hit, seg, i, 0.5) for i, seg in enumerate(segs[2:], start=2))]
    groups = quote_groups(choose(ranked, max_quotes=2))
    assert [[c.segment.text.lstrip("- ") for c in g] for g in groups] == [
        ["Deze risicogroep bestaat uit soorten AI-praktijken die verboden zijn."],
        ["Dit zijn AI-systemen die:", "mensen misleiden of manipuleren", "sociale scores bijhouden", "emoties herkennen op de werkplek"]]


@pytest.mark.parametrize("text, defines", [
    ("Generatieve AI is een vorm van AI die nieuwe inhoud maakt.", True),
    ("Dit is de organisatie die het AI-systeem ontwikkelt.", True),
    # the verb second after an adverb, "er" or a question word: a statement, not a definition
    ("Momenteel is het gebruik van generatieve AI bij beoordelingen ontoelaatbaar.", False),
    ("Daarom zijn de regels strenger voor impactvolle algoritmes.", False),
    ("- Er is een iteratieve samenwerking tussen de onderzoeker en AI.", False),
    # a footnote's marker is no word of the sentence
    ("[voetnoot 45] Momenteel is het gebruik van generatieve AI bij beoordelingen ontoelaatbaar.", False),
    ("[voetnoot 3] Een LLM is een taalmodel dat tekst voorspelt.", True),
])
def test_a_sentence_with_the_verb_second_is_not_a_definition(text, defines):
    from assistant.answer_types import is_definition

    assert is_definition(text) is defines


@pytest.mark.parametrize("pages, quoted", [(8, False), (7, True)])
def test_a_sentence_found_on_many_pages_is_never_quoted(tmp_path, pages, quoted):
    """"Heb je een ander voorbeeld of best practice, laat het ons weten via …" closes 91
    pages of the Algoritmekader: it says nothing about any question."""
    from wijzer.segments import BOILERPLATE_DOCUMENTS, SegmentVectors

    assert BOILERPLATE_DOCUMENTS == 8
    furniture = "Heb je een ander voorbeeld van een DPIA, laat het ons weten via algoritmes@minbzk.nl."
    base = make_chunks()[0]
    chunks = [replace(base, id=f"p{i}", document_id=f"pagina-{i}",
                      text=f"Een DPIA is verplicht bij risico {i} voor inwoners. {furniture}")
              for i in range(pages)]
    vectors = SegmentVectors(tmp_path, "test-model", None)
    vectors.preload(chunks)
    ranked = rank_segments("Heb je een voorbeeld van een DPIA?", None,
                           [Hit(chunk=c, score=1.0) for c in chunks[:3]], vectors)
    assert ranked and any(c.segment.text.startswith("Een DPIA") for c in ranked)
    assert any(c.segment.text == furniture for c in ranked) is quoted


def test_the_lead_names_a_long_document_by_its_short_name_and_drops_heading_colons():
    title = ("Kader voor waardevolle, verantwoorde en ethische inzet van generatieve AI binnen het "
             "toepassingsgebied wetenschappelijk onderzoek door rijkskennisinstituten en planbureaus \u201cRKI-kader\u201d")
    chunk = replace(make_chunks()[0], id="rki-0", title=title,
                    section=("\u201cRKI-kader\u201d", "Reproduceerbaarheid:"),
                    text="Generatieve AI heeft een stochastische component die reproduceerbaarheid bemoeilijkt.")
    text, cits, _ = extractive_answer("Waarom is reproduceerbaarheid een probleem?", [Hit(chunk=chunk, score=1.0)])
    # the cover heading “RKI-kader” repeats the short name: left out
    assert text.startswith("Volgens RKI-kader \u203a Reproduceerbaarheid:\n")
    assert cits[0].chunk.title == title  # the card still shows the full title
    plain = replace(chunk, id="std-0", title="Generatieve AI", section=("Generatieve AI", "Verantwoord gebruik"))
    text, _, _ = extractive_answer("Waarom is reproduceerbaarheid een probleem?", [Hit(chunk=plain, score=1.0)])
    assert text.startswith("Volgens Generatieve AI \u203a Verantwoord gebruik:\n")


def test_a_scope_question_is_answered_by_whom_it_applies_to_not_by_its_words():
    """"En geldt dat ook voor gemeenten?" asks whom a rule covers. A sentence that names
    gemeenten but says nothing about whom anything applies to, or one that says a rule also
    applies to someone else, does not answer it; "geldt voor alle overheidsorganisaties"
    (a glossary term of gemeenten) does."""
    from assistant.answer_types import RULE, SCOPE, asked, scope_object

    assert asked("En geldt dat ook voor gemeenten?") == {SCOPE}  # not the rule again
    assert asked("Geldt de AI-verordening ook voor gemeenten?") == {SCOPE}
    assert SCOPE not in asked("Welke regels gelden voor hoog-risico AI?")
    assert RULE in asked("Mag ik ChatGPT gebruiken?")
    assert scope_object("Dit standpunt geldt voor alle overheidsorganisaties.") == " voor alle overheidsorganisaties"
    assert scope_object("Gemeenten kunnen het kader gebruiken.") is None
    chunk = replace(make_chunks()[0], text=(
        "Het kader is er voor gemeenten die net beginnen met AI en voor gemeenten die al ervaren zijn. "
        "Voor externe partijen gelden deze vereisten ook. "
        "Dit standpunt geldt voor alle overheidsorganisaties."))
    found = [Hit(chunk=chunk, score=1.0)]
    synonyms = ["overheidsorganisaties", "overheden", "provincies"]
    own = "En geldt dat ook voor gemeenten?"
    lead = choose(rank_segments(f"chatgpt gebruiken: {own}", None, found, None, synonyms, own=own))[0]
    assert lead.segment.text == "Dit standpunt geldt voor alle overheidsorganisaties."
    # asked as a rule question, the same words lead with the sentence that names gemeenten
    lead = choose(rank_segments("Mogen gemeenten het kader gebruiken?", None, found, None, synonyms))[0]
    assert lead.segment.text.startswith("Het kader is er voor gemeenten")


def test_a_rule_word_in_a_sentence_that_only_leans_on_its_context_is_no_rule_on_the_question():
    """"Mag ik ChatGPT gebruiken…?" was answered with Utrecht's handbook: "Deze handleiding …
    zal aangepast moeten worden" carries "moeten", and its antecedent names ChatGPT. The
    rule is on the handbook; the sentence that names ChatGPT and says géén is the answer."""
    from assistant.extractive import _WordMatcher, _type_cue
    from assistant.answer_types import RULE

    handbook = replace(make_chunks()[0], id="utrecht-0", text=(
        "De gemeente Utrecht heeft een handleiding gepubliceerd voor ChatGPT en het gebruik ervan. "
        "Deze handleiding is breed opgesteld en zal per organisatie aangepast moeten worden."))
    rule = replace(make_chunks()[0], id="regel-0", text=(
        "Er worden géén generatieve AI-toepassingen gebruikt die online voor iedereen "
        "toegankelijk zijn, zoals ChatGPT."))
    question = "Mag ik ChatGPT gebruiken voor een brief?"
    leaning = next(s for s in segments(handbook.text) if s.text.startswith("Deze handleiding"))
    assert "ChatGPT" in leaning.context
    words = _WordMatcher(question, (), None)
    assert _type_cue(frozenset({RULE}), leaning, words=words) == 0.0
    # a sentence that leans on its context but names what was asked keeps its rule
    naming = next(s for s in segments(
        "ChatGPT is een chatbot. Dit betekent dat ChatGPT niet gebruikt mag worden.") if s.text.startswith("Dit"))
    assert _type_cue(frozenset({RULE}), naming, words=words) == 1.0
    found = [Hit(chunk=handbook, score=1.0), Hit(chunk=rule, score=0.9)]
    lead = choose(rank_segments(question, None, found, None))[0]
    assert lead.segment.text.startswith("Er worden géén")


def test_the_purpose_of_a_tools_use_is_split_off_a_rule_question_only():
    from assistant.answer_types import without_purpose

    assert without_purpose("Mag ik Gemini gebruiken om een e-mail op te stellen?") == "Mag ik Gemini gebruiken"
    assert without_purpose("mag ik chatgpt gebruiken voor een brief aan een inwoner?") == "mag ik chatgpt gebruiken"
    assert without_purpose("Mag ik Gemini gebruiken?") is None  # no purpose named
    assert without_purpose("Hoeveel medewerkers gebruiken Copilot voor notulen?") is None  # no rule asked
    assert without_purpose("Wanneer moet ik een DPIA doen voor een nieuw systeem?") is None  # no tool's use


def test_a_footnote_that_is_only_a_link_is_never_quoted():
    """"[voetnoot 1] https://open.overheid.nl/…" was the third quote of "En geldt dat ook voor
    gemeenten?": a bare address states nothing. A footnote that says something and then
    links ("… te raadplegen via https://…") is still quoted."""
    base = make_chunks()[0]
    text = ("Dit standpunt geldt voor alle overheidsorganisaties.\n\n"
            "[voetnoot 1] https://open.overheid.nl/documenten/814ad0a2/file\n\n"
            "[voetnoot 2] Overheidsorganisaties gebruiken hiervoor de Model DPIA, te raadplegen via "
            "https://www.example.nl/model-dpia.")
    chunk = replace(base, id="voetnoten", text=text)
    ranked = rank_segments("geldt het standpunt voor overheidsorganisaties?", None,
                           [Hit(chunk=chunk, score=1.0)], None)
    shown = [c.segment.text for c in ranked]
    assert not any(s.startswith("[voetnoot 1]") for s in shown)
    assert any(s.startswith("[voetnoot 2]") for s in shown)
    assert shown[0].startswith("Dit standpunt")


def test_a_long_list_shows_its_best_items_in_document_order():
    """A list longer than LIST_ITEMS / LIST_WORDS shows the items that answer best, not its
    first ones: "wat vraagt het zorgvuldigheidsbeginsel als we een algoritme bij besluiten
    inzetten" was answered with the first items of "Hierbij kan worden gedacht aan:", without
    "Dat de output van het algoritme kritisch geëvalueerd wordt door natuurlijke personen",
    which comes later in that list."""
    from assistant.extractive import LIST_ITEMS, Candidate, list_members

    base = make_chunks()[0]
    items = [f"- Afspraak nummer {i} over het contract met de leverancier en de looptijd." for i in range(LIST_ITEMS + 2)]
    items.append("- De data is volledig, recent en kwalitatief goed.")
    text = "Belangrijkste plichten:\n" + "\n".join(items)
    segs = segments(text)
    chunk = replace(base, id="lange-lijst", text=text)
    hit = Hit(chunk=chunk, score=1.0)
    ranked = [Candidate(0, hit, seg, i, 1.0 + (2.0 if "data" in seg.text else 0.0) - i / 100)
              for i, seg in enumerate(segs) if seg.kind == "item"]
    ranked.sort(key=lambda c: -c.score)
    lead = next(c for c in ranked if "Afspraak nummer 2 " in c.segment.text)
    members = list_members(lead, ranked)
    assert any("kwalitatief goed" in c.segment.text for c in members)
    assert [c.index for c in members] == sorted(c.index for c in members)  # shown in document order


def test_a_question_in_the_source_is_no_answer_but_stays_the_context_of_one():
    """"Zijn er risico's te voorzien met betrekking tot reproduceerbaarheid?" (a checklist
    question in the RKI-kader) answers nothing; "Is je organisatie van plan …? Dan is je
    organisatie verplicht …" is still quoted with its question."""
    chunk = replace(make_chunks()[0], id="vragen", text=(
        "Zijn er risico's te voorzien met betrekking tot de reproduceerbaarheid van generatieve AI?\n\n"
        "Generatieve AI heeft een stochastische component die de reproduceerbaarheid bemoeilijkt.\n\n"
        "Is je organisatie van plan persoonsgegevens te verwerken met generatieve AI? "
        "Dan is je organisatie verplicht eerst een DPIA uit te voeren."))
    ranked = rank_segments("waarom is reproduceerbaarheid van generatieve AI een risico?", None,
                           [Hit(chunk=chunk, score=1.0)], None)
    assert ranked[0].segment.text.startswith("Generatieve AI heeft een stochastische")
    question = next(c for c in ranked if c.segment.text.startswith("Zijn er risico"))
    assert question.parts["form"] <= -1.0
    consequence = next(c for c in ranked if c.segment.text.startswith("Dan is je organisatie"))
    assert consequence.segment.context.startswith("Is je organisatie van plan")
    assert consequence.parts["form"] > -1.0


def test_a_forms_prompt_is_no_answer_but_an_instruction_with_its_object_is():
    """The RKI-kader's assessment form asks "Geef aan welke generatieve AI-toepassing(en)
    gaat/gaan worden gebruikt.": "Mag ik Gemini gebruiken om een e-mail op te stellen?"
    quoted it second. A measure's instruction ("Beschrijf de wettelijke grondslag …")
    states a duty and ranks as a statement."""
    chunk = replace(make_chunks()[0], id="formulier", text=(
        "Geef aan welke generatieve AI-toepassing(en) gaat/gaan worden gebruikt.\n\n"
        "Leg uit of generatieve AI gaat worden gebruikt of (door-)ontwikkeld.\n\n"
        "Gebruik bij voorkeur een generatieve AI-toepassing die binnen Europa is ontwikkeld.\n\n"
        "Beschrijf de wettelijke grondslag voor de inzet van het algoritme."))
    ranked = rank_segments("welke generatieve AI-toepassing mag ik gebruiken?", None, [Hit(chunk=chunk, score=1.0)], None)
    form = {c.segment.text.split()[0]: c.parts["form"] for c in ranked}
    assert form["Geef"] <= -1.0 and form["Leg"] <= -1.0
    assert form["Gebruik"] > -1.0 and form["Beschrijf"] > -1.0
    assert ranked[0].segment.text.startswith("Gebruik bij voorkeur")


def test_a_heading_inside_a_passage_is_never_quoted():
    """The overview page of the life cycle shows each phase as a card, "- ## Fase 1:
    Probleemanalyse" (a list item holding a heading), which was quoted as a statement."""
    chunk = replace(make_chunks()[0], id="koppen", text=(
        "De levenscyclus kent negen fasen.\n\n- ## Fase 1: Probleemanalyse\n\n"
        "In deze fase wordt het probleem van een opdrachtgever geanalyseerd en beschreven."))
    ranked = rank_segments("wat gebeurt er in fase 1 probleemanalyse?", None, [Hit(chunk=chunk, score=1.0)], None)
    assert ranked and not any("##" in c.segment.text for c in ranked)


def _measure(*sections: tuple[str, str, str]) -> list[Hit]:
    base = make_chunks()[0]
    return [Hit(chunk=replace(base, id=cid, title="Beheer toegang tot het algoritme", section=(name,), text=text),
                score=1.0 - n / 10) for n, (cid, name, text) in enumerate(sections)]


def test_a_measures_risk_section_answers_only_a_question_about_risks():
    # an Algoritmekader measure: what to do under "Toelichting", what goes wrong without it
    # under "Risico" ("Niet voldoen aan … kan leiden tot …")
    found = _measure(
        ("m-risico", "Risico", "Zonder periodieke controle van toegangsrechten tot het algoritme kunnen "
                               "onbevoegden het algoritme wijzigen."),
        ("m-toelichting", "Toelichting", "Controleer de toegangsrechten tot het algoritme elk kwartaal."))
    question = "hoe vaak moeten we de toegangsrechten tot ons algoritme controleren?"
    ranked = rank_segments(question, None, found, None)
    assert choose(ranked)[0].hit.chunk.id == "m-toelichting"
    risk = next(c for c in ranked if c.hit.chunk.id == "m-risico")
    assert risk.parts["form"] == -RISK_PENALTY
    # it is the first passage and shares as many words: only its section holds it back
    assert risk.score + RISK_PENALTY > next(c for c in ranked if c.hit.chunk.id == "m-toelichting").score
    why = rank_segments("wat zijn de risico's als we de toegangsrechten tot ons algoritme niet controleren?",
                        None, found, None)
    assert why[0].hit.chunk.id == "m-risico" and why[0].parts["form"] == 0


@pytest.mark.parametrize("question, asks", [
    ("welke risico's heeft generatieve AI voor onze organisatie?", True),
    ("waarom moet ik een DPIA doen?", True),
    ("wat zijn de gevolgen als we dit niet doen?", True),
    ("wat kan er misgaan met een chatbot?", True),
    ("wat moet een hoog risico AI-systeem loggen?", False),  # a kind of system, not its risks
    ("moet de governance voor ons fraude risicomodel zwaarder zijn?", False),
    ("hoe vaak moeten we de toegangsrechten nalopen?", False),
])
def test_a_question_about_risks_or_reasons_is_told_from_one_about_what_to_do(question, asks):
    from assistant.answer_types import asks_consequence

    assert asks_consequence(question) is asks


def _rules(*passages: tuple[str, str, str]) -> list[Hit]:
    base = make_chunks()[0]
    return [Hit(chunk=replace(base, id=cid, title=title, section=("Wat zegt het standpunt",), text=text),
                score=1.0 - n / 10) for n, (cid, title, text) in enumerate(passages)]


def test_a_rule_for_researchers_answers_only_a_question_about_research():
    # the RKI-kader's rule for research comes first among the hits and names ChatGPT as well;
    # a civil servant who asks about a letter needs the rule for everyone
    found = _rules(
        ("rki", "RKI-kader", "Onderzoekers gebruiken in beginsel geen generatieve AI-toepassingen onder "
                             "consumentenvoorwaarden, zoals ChatGPT. Daarover kunnen overheidsorganisaties "
                             "immers geen goede afspraken maken met leveranciers."),
        ("standpunt", "Generatieve AI", "Er worden géén generatieve AI-toepassingen gebruikt die online "
                                        "voor iedereen toegankelijk zijn, zoals ChatGPT."))
    ranked = rank_segments("Mag ik ChatGPT gebruiken voor een brief aan een burger?", None, found, None)
    assert choose(ranked)[0].hit.chunk.id == "standpunt"
    rki = next(c for c in ranked if c.hit.chunk.id == "rki")
    assert rki.parts["form"] == -AUDIENCE_PENALTY
    # the sentence that leans on the rule ("Daarover …") is quoted with it, and held back with it
    reason = next(c for c in ranked if c.segment.text.startswith("Daarover"))
    assert reason.segment.context.startswith("Onderzoekers") and reason.parts["form"] == -AUDIENCE_PENALTY
    # it is the first passage and shares as many words: only its audience holds it back
    assert rki.score + AUDIENCE_PENALTY > next(c for c in ranked if c.hit.chunk.id == "standpunt").score
    for question in ("Mag ik als onderzoeker ChatGPT gebruiken?", "Mag ChatGPT bij een planbureau?"):
        asked = rank_segments(question, None, found, None)
        assert asked[0].hit.chunk.id == "rki" and asked[0].parts["form"] == 0
    # a follow-up whose conversation is about research keeps the rule for researchers
    follow = rank_segments("onderzoek generatieve AI: En mag dat met ChatGPT?", None, found, None,
                           own="En mag dat met ChatGPT?")
    assert next(c for c in follow if c.hit.chunk.id == "rki").parts["form"] == 0


@pytest.mark.parametrize("text, addresses", [
    ("Onderzoekers gebruiken in beginsel geen generatieve AI-toepassingen onder consumentenvoorwaarden.", True),
    ("Binnen het toepassingsgebied wetenschappelijk onderzoek gelden aanvullende eisen.", True),
    ("RKI's gebruiken hiervoor de Model DPIA Rijksdienst.", True),
    ("Als er onderzoek wordt gedaan naar generatieve AI, kan het trainen ervan zijn toegestaan.", True),
    ("Onderzoek of een algoritme de juiste oplossing is voor het probleem.", False),  # find out: everyone
    ("Er worden géén generatieve AI-toepassingen gebruikt die online voor iedereen toegankelijk zijn.", False),
])
def test_a_sentence_for_researchers_is_told_from_one_for_everyone(text, addresses):
    from assistant.answer_types import for_researchers

    assert for_researchers(text) is addresses


def _candidate(chunk, starts: str):
    ranked = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    return next(c for c in ranked if c.segment.text.startswith(starts))


def test_a_full_sentence_is_not_completed_by_the_next_one():
    """Completing a full sentence by the next one that leans on it ("Hiervan is sprake
    wanneer …") gained dev answers and none held out, at many more words: only a quote that
    is incomplete alone (a question, a label) is completed."""
    chunk = replace(make_chunks()[0], id="indirect", text=(
        "Hierbij is het belangrijk te beseffen dat discriminatie ook op indirecte wijze kan ontstaan. "
        "Hiervan is sprake wanneer een ogenschijnlijk neutrale bepaling personen in het bijzonder benadeelt."))
    assert widen([_candidate(chunk, "Hierbij is het belangrijk")])[0].then == ()
    cut = replace(chunk, id="afgebroken", text=(
        "Documenteer hoe het AI-model is geselecteerd, getraind en gevalideerd, inclusief de gebruikte\n\n"
        "Houd een overzichtelijke administratie bij van de gebruikte data."))
    assert widen([_candidate(cut, "Documenteer hoe")])[0].then == ()  # a long line the PDF cut is no label


def test_a_question_or_a_label_is_completed_by_what_follows_it():
    chunk = replace(make_chunks()[0], id="fouten", text=(
        "Houd rekening met verschillende fouten, zoals false positives en false negatives. "
        "Welke fouten zijn erger om te maken?\n"
        "- De foutmarge is afhankelijk van welke schade wordt veroorzaakt bij foutieve voorspellingen.\n\n"
        "Human in the loop\n\n"
        "Bij dit model speelt de mens een actieve rol in elke fase van het algoritme."))
    found = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    question = next(c for c in found if c.segment.text.startswith("Welke fouten"))
    label = next(c for c in found if c.segment.text.startswith("Human in the loop"))
    widened = widen([question, label])
    assert [s.kind for s in widened[0].then] == ["item"]
    assert _shown(widened[0]) == ("Welke fouten zijn erger om te maken? \u2026 De foutmarge is afhankelijk "
                                  "van welke schade wordt veroorzaakt bij foutieve voorspellingen.")
    assert _shown(widened[1]).startswith("Human in the loop: Bij dit model speelt de mens")
    assert [p for p in _quoted_parts(widened[1]) if p not in chunk.text] == []  # each part an exact slice
    # a segment that is quoted already is not repeated, and a statement is not widened
    first = next(c for c in found if c.segment.text.startswith("Houd rekening"))
    kept = widen([question, next(c for c in found if c.segment.kind == "item")])
    assert kept[0].then == () and widen([first])[0].then == ()


def test_a_completion_never_runs_into_a_heading_or_a_line_announcing_a_list():
    chunk = replace(make_chunks()[0], id="grens", text=(
        "Wat is een impactvol algoritme?\n\n## Toelichting\n\nDe uitleg volgt hier in een zin.\n\n"
        "Waar let je op?\n\nLet op de volgende punten:\n\n- Punt een van de lijst.\n- Punt twee."))
    found = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    for starts in ("Wat is een impactvol", "Waar let je op"):
        assert widen([next(c for c in found if c.segment.text.startswith(starts))])[0].then == ()


def test_a_list_item_is_completed_only_by_the_sentences_on_its_own_line():
    chunk = replace(make_chunks()[0], id="verboden", text=(
        "Ga na of het AI-systeem:\n\n"
        "- gebruikt kan worden om emoties van een persoon op de werkplek af te leiden? "
        "(Dit is niet van toepassing als het systeem is bedoeld voor medische doeleinden)\n"
        "- gebruikt kan worden om personen in te delen op basis van biometrische gegevens?\n"
        "- Scrapen van gezichten. Bijvoorbeeld van internet of camerabeelden.\n"
        "- Social scoring\n"))
    found = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    items = [c for c in found if c.segment.kind == "item"]
    emotions, groups, scraping, scoring = sorted(items, key=lambda c: c.index)
    assert [s.text[:13] for s in widen([emotions])[0].then] == ["(Dit is niet "]
    assert widen([groups])[0].then == ()  # the next line is the next item
    assert widen([groups, scraping])[1].then == ()  # a full sentence (and not the lead)
    assert widen([groups, scoring])[1].then == ()  # a label at the end: nothing follows
    shown = _shown_list(widen([emotions, groups]))
    assert "af te leiden? (Dit is niet van toepassing als het systeem is bedoeld voor medische doeleinden)" in shown


def test_a_glossary_entry_is_a_definition_held_back_unless_the_question_asks_what_something_is():
    base = make_chunks()[0]
    glossary = replace(base, id="woorden", title="Woordenlijst", section=("Woordenlijst",), text=(
        "| systeem voor het herkennen van emoties | Een AI-systeem dat is bedoeld voor het afleiden van "
        "de emoties van natuurlijke personen op basis van hun biometrische gegevens. |"))
    rule = replace(base, id="verboden", title="Verboden AI", section=("Toelichting",), text=(
        "AI-systemen die emoties van medewerkers op de werkplek afleiden zijn verboden."))
    found = [Hit(chunk=glossary, score=1.0), Hit(chunk=rule, score=0.9)]
    ranked = rank_segments("Mogen we software gebruiken die emoties van medewerkers herkent?", None, found, None)
    assert ranked[0].hit.chunk.id == "verboden"
    entry = next(c for c in ranked if c.hit.chunk.id == "woorden")
    assert entry.parts["form"] < 0
    asked = rank_segments("wat is een systeem voor het herkennen van emoties?", None, found, None)
    assert next(c for c in asked if c.hit.chunk.id == "woorden").parts["form"] > 0


def test_a_chosen_sentence_that_follows_another_of_its_passage_is_shown_in_the_same_quote():
    chunk = replace(make_chunks()[0], id="kansen2", text=(
        "De overheid heeft één standpunt voor het gebruik van generatieve AI opgesteld. "
        "Het standpunt is in april 2025 aan de Tweede Kamer gestuurd. "
        "Generatieve AI biedt overheidsorganisaties veel kansen bij het schrijven van teksten."))
    found = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    first, second, third = sorted(found, key=lambda c: c.index)
    [joined] = widen([first, second])
    assert joined.then == (second.segment,)
    assert _shown(joined).startswith("De overheid heeft één standpunt") and _shown(joined).endswith("Tweede Kamer gestuurd.")
    # a later quote is not pulled forward into an earlier one of another place, nor skipped over
    assert [c.then for c in widen([second, first])] == [(), ()]
    assert [len(c.then) for c in widen([first, third])] == [0, 0]
    text, cits, chosen = extractive_answer("Wat is het standpunt over generatieve AI?", [Hit(chunk=chunk, score=1.0)])
    assert len(re.findall(r"\u201e", text)) == len(chosen)


@pytest.mark.parametrize("pages, completed", [(8, 0), (7, 1)])
def test_a_completion_never_runs_into_boilerplate(tmp_path, pages, completed):
    from wijzer.segments import SegmentVectors

    furniture = "Heb je een ander voorbeeld of best practice, laat het ons weten via het formulier."
    chunks = [replace(make_chunks()[0], id=f"p{i}", document_id=f"pagina-{i}",
                      text=f"Wil je meer voorbeelden zien van risico {i}? {furniture}") for i in range(pages)]
    vectors = SegmentVectors(tmp_path, "test-model", None)
    vectors.preload(chunks)
    found = rank_segments("iets", None, [Hit(chunk=chunks[0], score=1.0)], vectors)
    question = next(c for c in found if c.segment.text.startswith("Wil je"))
    assert len(widen([question], vectors)[0].then) == completed


@pytest.mark.parametrize("source, shown", [
    ("het overheidsbrede standpunt (hierna: \u201cStandpunt\u201d)3 en de handreiking",
     "het overheidsbrede standpunt (hierna: \u201cStandpunt\u201d) en de handreiking"),
    ("geen generatieve AI \u2018onder consumentenvoorwaarden\u2019,9 en;", "geen generatieve AI \u2018onder consumentenvoorwaarden\u2019, en;"),
    ("het Algoritmekader[12] helpt", "het Algoritmekader helpt"),
    # a number that is part of the sentence stays
    ("muziek uit de jaren \u201990 en artikel 22 (lid 3) 2 keer", "muziek uit de jaren \u201990 en artikel 22 (lid 3) 2 keer"),
])
def test_a_footnote_number_of_the_source_is_shown_without_the_number(source, shown):
    assert _clean(source) == shown


def test_the_list_item_an_answer_leads_with_is_shown_whole():
    chunk = replace(make_chunks()[0], id="inkoop", text=(
        "Let bij het inkopen van generatieve AI op de volgende zaken.\n\n"
        "- Niet alle taalmodellen kunnen even goed omgaan met de Nederlandse taal. Europese initiatieven, "
        "zoals EuroLLM en Teuken, besteden extra aandacht aan Europese talen.\n"
        "- Maak afspraken over de opslag van gegevens. Doe dit vanuit de datastrategie."))
    found = rank_segments("iets", None, [Hit(chunk=chunk, score=1.0)], None)
    languages, storage = sorted((c for c in found if c.segment.kind == "item"), key=lambda c: c.index)
    widened = widen([languages, storage])
    assert [s.text[:19] for s in widened[0].then] == ["Europese initiatiev"]
    assert widened[1].then == ()  # a further item stays one sentence
    assert "Teuken, besteden extra aandacht aan Europese talen." in _shown_list(widened)


def test_a_list_whose_lead_in_ends_the_quote_before_it_goes_on_in_that_quote():
    """"Met een verwerkersovereenkomst worden … vastgelegd. Het gaat om de volgende zaken:"
    was one quote and its items the next, which opened with the same lead-in again."""
    from assistant.extractive import Candidate

    base = make_chunks()[0]
    text = ("Een verwerkersovereenkomst is verplicht. Met een verwerkersovereenkomst worden afspraken "
            "schriftelijk vastgelegd. Het gaat om de volgende zaken:\n- Algemene beschrijving.\n"
            "- Geheimhoudingsplicht.\n- Beveiliging.")
    segs = segments(text)
    hit = Hit(chunk=replace(base, id="avg", text=text), score=1.0)
    ranked = [Candidate(0, hit, segs[1], 1, 3.0), Candidate(0, hit, segs[2], 2, 2.0),
              *(Candidate(0, hit, seg, i, 0.5) for i, seg in enumerate(segs[3:], start=3))]
    from assistant.extractive import _continues_list, _quotes as quote_groups

    groups = quote_groups(widen(choose(ranked, max_quotes=2)))
    assert len(groups) == 2 and _continues_list(groups[1], groups[0])
    answer, cits, _ = extractive_answer("Wat moet er in een verwerkersovereenkomst staan?", [hit])
    assert answer.count("Het gaat om de volgende zaken:") == 1
    assert "zaken: Algemene beschrijving. \u2026 Geheimhoudingsplicht. \u2026 Beveiliging.\u201d [1]" in answer
    assert all(q in c.chunk.text for c in cits for q in c.quotes)


def test_a_completion_after_a_footnote_marker_reads_as_the_next_sentence():
    """"… meer duidelijkheid en zekerheid.[55] Onderzoekers dienen …" was shown as
    "zekerheid.: Onderzoekers": the marker hid the full stop from the joint."""
    from assistant.extractive import _joint

    first, second = segments("Er komt meer duidelijkheid en zekerheid.[55] Onderzoekers dienen zich bewust te zijn.")
    assert _joint(first, second) == " "
    label, body = segments("Human in the loop\n\nEen mens beoordeelt de uitkomst.")
    assert _joint(label, body) == ": "


def test_a_separable_verb_written_apart_counts_as_the_questions_word():
    """"Wanneer is het RKI-kader vastgesteld en door wie?" is answered by "De RKI-directeuren
    stelden het RKI-kader vast op 26 mei 2025.", which has no word "vastgesteld"."""
    from assistant.extractive import _WordMatcher

    words = _WordMatcher("Wanneer is het RKI-kader vastgesteld?", [], None)
    apart = words.share("De RKI-directeuren stelden het RKI-kader vast op 26 mei 2025.")
    without = words.share("De RKI-directeuren schreven het RKI-kader op 26 mei 2025.")
    assert apart == pytest.approx(1.0) and without < 1.0
    # the particle must follow the verb, as in a main clause: "vast" before it is another word
    assert words.share("Het vaste RKI-kader stelde de werkgroep op 26 mei 2025.") < 1.0
