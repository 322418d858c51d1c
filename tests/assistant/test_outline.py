"""The answer reads on where a passage boundary cuts a point: a line that ends its passage by
announcing the next sections ("Deze afspraken maak je op 2 niveaus:") is followed by their
headings, a list that runs on brings its further items, and the best passage's section is
read on into its next passage; every such quote is cited to its own passage."""

from __future__ import annotations

import re

from assistant.extractive import extractive_answer
from assistant.outline import Outline, stated_number
from wijzer.index import Snapshot
from wijzer.types import Chunk, Hit

PAGE = "Governance van algoritmes"
ANNOUNCES = "Deze afspraken maak je op 2 niveaus:"


def page(doc: str, sections: list[tuple[str, str]], title: str = PAGE) -> list[Chunk]:
    return [Chunk(id=f"{doc}-{i}", document_id=doc, document_version="v1", title=title, kind="guidance",
                  section=(title, heading), page_start=None, page_end=None, char_start=0,
                  char_end=len(text), text=text, location=f"§ {heading}", ordinal=i)
            for i, (heading, text) in enumerate(sections)]


GOVERNANCE = page("gov", [
    ("Wat is governance?", f"Governance gaat over afspraken over algoritmes.\n\n{ANNOUNCES}"),
    ("Organisatieniveau", "Hoe de organisatie met algoritmes in het algemeen omgaat."),
    ("Toepassingsniveau", "Dit zijn afspraken over het beheer van de algoritmes zelf."),
    ("Belang van governance", "Zonder governance verlies je grip op algoritmes."),
])
# "Risico" and "Bronnen" close many pages: the page template, never an announced item
TEMPLATE = [c for n in range(8) for c in page(f"m{n}", [
    ("Toelichting", "Doe dit zo."), ("Risico", "Het gaat mis."), ("Bronnen", "Een bron.")])]


def outline(*extra: list[Chunk]) -> Outline:
    return Outline(Snapshot([*GOVERNANCE, *TEMPLATE, *(c for cs in extra for c in cs)], "v-test", "test"))


def test_the_sections_after_an_announcement_up_to_the_number_it_states():
    found = outline().announced(GOVERNANCE[0], ANNOUNCES)
    assert [s.heading for s in found] == ["Organisatieniveau", "Toepassingsniveau"]
    assert [s.chunk.id for s in found] == ["gov-1", "gov-2"]


def test_the_steps_of_a_measure_end_where_the_page_template_resumes():
    steps = page("mon", [
        ("Toelichting", "Voor het plan zijn de volgende stappen nodig:"),
        ("Bepaal waar je op monitort", "Denk hierbij aan bias."),
        ("Leg vast wie een waarschuwing krijgt", "Om in te grijpen is dat nodig."),
        ("Risico", "Zonder plan mis je fouten."),
    ])
    found = outline(steps).announced(steps[0], "Voor het plan zijn de volgende stappen nodig:")
    assert [s.heading for s in found] == ["Bepaal waar je op monitort", "Leg vast wie een waarschuwing krijgt"]


def test_the_next_part_of_a_timeline_and_a_section_unlike_the_listed_ones_are_no_items():
    line = "Je moet vóór 2 augustus 2026 voldoen aan de volgende vereisten:"
    timeline = page("tijd", [
        ("2 augustus 2026: Nieuwe systemen", line),
        ("Aanbieder", "- aia-02 Beoordeling is gedocumenteerd\n- aia-03 Er is een risicobeheersysteem"),
        ("Gebruiksverantwoordelijke", "- aia-20 Gebruik volgens de instructies"),
        ("Uitzondering", "Een uitzondering geldt voor systemen die al in gebruik zijn."),
        ("2 augustus 2027: Systemen in producten", line),
        ("Aanbieder", "- aia-02 Beoordeling is gedocumenteerd"),
    ])
    o = outline(timeline)
    assert [s.heading for s in o.announced(timeline[0], line)] == ["Aanbieder", "Gebruiksverantwoordelijke"]
    assert [s.heading for s in o.announced(timeline[4], line)] == ["Aanbieder"]


def test_a_section_that_goes_on_in_the_next_passage_announces_no_sections():
    long = page("lang", [("Voorwaarden", "De voorwaarden zijn:"), ("Voorwaarden", "- een DPIA"),
                         ("Andere sectie", "Iets anders.")])
    assert outline(long).announced(long[0], "De voorwaarden zijn:") == []


def test_a_stated_count_is_not_a_date():
    assert stated_number("Deze afspraken maak je op 2 niveaus:") == 2
    assert stated_number("Het kader bestaat uit drie delen:") == 3
    assert stated_number("Je moet vóór 2 augustus 2030 voldoen aan de volgende vereisten:") is None


def test_the_answer_lists_the_announced_headings_each_cited_to_its_own_passage():
    hits = [Hit(chunk=GOVERNANCE[0], score=1.0)]
    question = "Op welke niveaus maak je afspraken over algoritme-governance?"
    text, cits, _ = extractive_answer(question, hits, outline=outline())
    assert re.search(r"2 niveaus:\u201d \[1\]\n- Organisatieniveau \[2\]\n- Toepassingsniveau \[3\]", text)
    assert [(c.n, c.chunk.id) for c in cits] == [(1, "gov-0"), (2, "gov-1"), (3, "gov-2")]
    for c in cits:
        assert c.quotes and all(q in c.chunk.text for q in c.quotes)  # exact slices, as every citation
    plain, plain_cits, _ = extractive_answer(question, hits)  # without the index's outline: the line alone
    assert "Organisatieniveau" not in plain and len(plain_cits) == 1


def _section(doc: str, texts: list[str]) -> list[Chunk]:
    return page(doc, [("Social scoring", t) for t in texts] + [("Volgende sectie", "Iets anders.")])


LEAD_IN = "Belangrijke begrippen in dit verbod zijn:"


def test_a_list_whose_items_open_the_next_passage_is_quoted_with_them():
    for doc, following in (("overlap", f"{LEAD_IN}\n\n- Evaluatie op basis van gedrag\n- Nadelige behandeling"),
                           ("direct", "- Evaluatie op basis van gedrag\n- Nadelige behandeling\n\nDaarna volgt tekst.")):
        chunks = _section(doc, [f"Social scoring is verboden.\n\n{LEAD_IN}", following])
        text, cits, _ = extractive_answer("Welke begrippen zijn belangrijk bij social scoring?",
                                          [Hit(chunk=chunks[0], score=1.0)], outline=outline(chunks))
        assert "\u201eEvaluatie op basis van gedrag \u2026 Nadelige behandeling\u201d [2]" in text, doc
        assert cits[1].chunk.id == f"{doc}-1" and "Daarna" not in text
        assert all(q in c.chunk.text for c in cits for q in c.quotes)


def test_the_best_passages_section_is_read_on_into_its_next_passage():
    measure = page("register", [
        ("Toelichting", "In het Algoritmeregister moet uitleg staan over hoe het algoritme werkt."),
        ("Toelichting", "Zorg na publicatie dat de informatie in het Algoritmeregister up-to-date blijft."),
        ("Risico", "Zonder publicatie weet niemand hoe het algoritme werkt."),
    ])
    other = page("ander", [("Inleiding", "Het register is openbaar."),
                           ("Inleiding", "Het register blijft up-to-date dankzij de beheerder.")])
    question = "Moet ik de informatie in het Algoritmeregister na publicatie up-to-date houden?"
    o = outline(measure, other)
    text, cits, _ = extractive_answer(question, [Hit(chunk=measure[0], score=1.0), Hit(chunk=other[0], score=0.9)],
                                      outline=o)
    assert "up-to-date blijft" in text and "register-1" in [c.chunk.id for c in cits]
    assert "beheerder" not in text  # only the best passage is read on
    alone, _, _ = extractive_answer(question, [Hit(chunk=measure[1], score=1.0)], outline=o)
    assert "Zonder publicatie" not in alone  # the next section is not the same section


def test_a_list_that_runs_on_into_the_next_passage_brings_its_further_items_once():
    lead_in = "Concreet stelt het standpunt de volgende voorwaarden aan het gebruik van generatieve AI:"
    chunks = page("rki", [
        ("Samenvatting", f"Het standpunt biedt ruimte.\n\n{lead_in}\n\n- De inzet is in lijn met de wet;\n\n"
                         "- Randvoorwaarden zijn op orde;"),
        ("Samenvatting", "- Randvoorwaarden zijn op orde;\n\n- Vooraf wordt een risicoanalyse uitgevoerd;\n\n"
                         "- Open source heeft de voorkeur.\n\nBij het standpunt hoort een handreiking."),
    ])
    text, cits, _ = extractive_answer("Welke voorwaarden stelt het standpunt aan het gebruik van generatieve AI?",
                                      [Hit(chunk=chunks[0], score=1.0)], outline=outline(chunks))
    assert "\u201eVooraf wordt een risicoanalyse uitgevoerd; \u2026 Open source heeft de voorkeur.\u201d [2]" in text
    assert text.count("Randvoorwaarden zijn op orde") == 1 and "handreiking" not in text
    assert [c.chunk.id for c in cits] == ["rki-0", "rki-1"]


def test_items_that_run_on_with_sentences_of_their_own_still_bring_the_next_items():
    """A verwerkersovereenkomst's list: every item is a label and its explanation on one line
    ("- Geheimhoudingsplicht. Personen in dienst van …"), so the next passage opens with an
    item followed by a sentence; the items after it were left out, and with them the
    subverwerkers the question asked about."""
    lead_in = "Het gaat om de volgende zaken:"
    chunks = page("avg", [
        ("Toelichting", f"Een verwerkersovereenkomst legt afspraken vast. {lead_in}\n\n"
                        "- Algemene beschrijving. Het onderwerp en de duur.\n\n- Geheimhoudingsplicht."),
        ("Toelichting", "- Geheimhoudingsplicht. Personen in dienst van de verwerker zwijgen.\n\n"
                        "- Subverwerkers. De verwerker schakelt alleen met toestemming een subverwerker in.\n\n"
                        "- Audits. De verwerker werkt mee aan audits.\n\nDaarna volgt tekst."),
    ])
    text, cits, _ = extractive_answer("Wat moet er in een verwerkersovereenkomst staan?",
                                      [Hit(chunk=chunks[0], score=1.0)], outline=outline(chunks))
    assert "\u201eSubverwerkers. \u2026 Audits.\u201d [2]" in text
    assert text.count("Geheimhoudingsplicht") == 1 and "Daarna" not in text
    assert all(q in c.chunk.text for c in cits for q in c.quotes)
