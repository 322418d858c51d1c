"""What kind of fact a question asks for, and whether a text states one.

"Mag ik…" asks for a rule, "wanneer" for a moment, "hoeveel" for a number, "wie" for a
body or person, "welke" and "wat moet erin" for a list, "wat is" for a definition, "geldt
dat ook voor gemeenten?" for the scope of what was said (whom it applies to). The
extractive answer favours segments that state that kind of fact, and the gate refuses (or
warns) when a question asks for an amount, date, number or name that none of the chosen
segments contains.
"""

from __future__ import annotations

import re
from typing import Sequence

from wijzer.text import STOPWORDS, fold

RULE, WHEN, AMOUNT, COUNT, WHO, DEFINITION = "rule", "when", "amount", "count", "who", "definition"
LIST = "list"
SCOPE = "scope"

_ASKS = {
    RULE: re.compile(r"\b(mag|mogen|magik|toegestaan|verboden|kan ik|kunnen we|kunnen wij|kun je|"
                     r"mag je|moet|moeten|verplicht|hoeft|hoeven|nodig|wel of niet|geldt|gelden|"
                     r"is het (?:wel )?(?:toegestaan|verstandig|goed))\b"),
    WHEN: re.compile(r"\b(wanneer|vanaf wanneer|per wanneer|tot wanneer|welke datum|welk jaar|"
                     r"deadline|uiterlijk|hoe laat|in welk jaar|sinds wanneer)\b"),
    AMOUNT: re.compile(r"\b(budget|kosten|kost|bedrag|prijs|hoeveel geld|boete|euro|subsidie|"
                       r"tarief|salaris|betalen)\b"),
    COUNT: re.compile(r"\b(hoeveel|hoe vaak|hoe lang|hoe groot|welk percentage|aantal)\b"),
    WHO: re.compile(r"\b(wie|welke (?:organisatie|instantie|instanties|partij|partijen|toezichthouder|"
                    r"minister|ministerie|persoon|kamerlid)|door wie|bij wie|van wie)\b"),
    LIST: re.compile(r"\b(welke|wat (?:moet|moeten|zet|staat|staan|hoort|horen)\b.{0,40}\b(?:in|erin|daarin)\b|"
                     r"waar (?:let|moet|moeten) (?:ik|je|we|wij) .{0,30}\bop\b|wat zijn de|uit welke|wat voor)"),
    SCOPE: re.compile(r"\b(?:geldt|gelden)\s+(?:dat|dit|het|die|deze)\b|\bvan toepassing (?:op|voor)\b|"
                      r"\b(?:geldt|gelden)\b[^?.]{0,60}\book\s+(?:voor|bij|op)\b|^\W*(?:en|ook)\s+(?:voor|bij)\b"),
    DEFINITION: re.compile(r"^\s*(wat (?:is|zijn|betekent|betekenen|houdt|wordt (?:er )?(?:bedoeld|"
                           r"verstaan))|wat is (?:een|het|de)|definitie|uitleg)\b"),
}

# A rule: permission, prohibition or obligation. "niet", "alleen" and "altijd" also occur in
# descriptions ("niet altijd betrouwbaar"), so they count half; so do "geldt" and "gelden",
# which say when or for whom a rule applies ("… een risico-analyse (bijvoorbeeld een DPIA).
# Dit geldt in het bijzonder wanneer er persoonsgegevens verwerkt worden"). Dev: no answer
# changes; the BSN question of the issue now leads with that duty.
_RULE_WORDS = re.compile(
    r"\b(mag|mogen|geen|verboden|toegestaan|moet|moeten|verplicht|nooit|mits|tenzij|"
    r"uitsluitend|dient|dienen|zorg ervoor|let op|is niet toegestaan|mag niet)\b")
_WEAK_RULE_WORDS = re.compile(r"\b(niet|alleen|altijd|geldt|gelden)\b")
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(r"\b((?:19|20)\d\d|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|" + MONTHS + r")\b")
_MONEY = re.compile(r"(€|\beuro\b|\bmiljoen\b|\bmiljard\b|\bduizend\b|\bbudget van\b)")
# A count or duration: a number that is not a year, a percentage, or a number word ("een"
# is not one: it is the article in almost every Dutch sentence).
_NUMBER = re.compile(r"(\b(?!(?:19|20)\d\d\b)\d+([.,]\d+)?\b|%|\b(twee|drie|vier|vijf|zes|zeven|acht|"
                     r"negen|tien|elf|twaalf|twintig|dertig|honderd|duizend|jaarlijks|maandelijks|"
                     r"wekelijks|dagelijks)\b)")
# A body or person: two capitalised words in a row, an acronym of 2-6 capitals, or a
# capitalised word ending like a body ("Landsadvocaat", "Rekenkamer", "AI-bureau"). Acronyms
# of technology ("AI", "LLM") name no one: "generatieve AI voor de Rijksoverheid" does not
# answer "wie?".
_NAME = re.compile(r"([A-Z][a-zà-ÿ]+(?:\s+(?:van|voor|de|der)?\s*[A-Z][a-zà-ÿ]+)+|"
                   r"\b[A-Z][\w-]*(?:advocaat|kamer|raad|autoriteit|bureau|dienst|inspectie|"
                   r"ministerie|toezichthouder)\b|\b[A-Z]{2,6}\b)")
_NOT_NAMES = frozenset({"AI", "GPAI", "LLM", "LLMS", "GPT", "IT", "ICT", "API", "PDF", "URL", "HTML"})
# "Hoeveel <what>": a count must be a number near <what> (counted(), _counts()).
_HOW_MANY = re.compile(r"\bhoeveel\s+((?:[\w-]+\s*){1,2})")
WINDOW = 3  # words between a number and what it counts
# The number of a numbered list's item, also of one written on one line ("…; 2. Technische
# robuustheid"): it orders the items, it counts nothing.
_LIST_NUMBER = re.compile(r"(?:^\s*|[;,]\s*(?:en\s+)?)\d{1,2}[.)]\s")
_DAY = re.compile(r"\b\d{1,2}\s+(?=(?:" + MONTHS + r")\b)", re.IGNORECASE)  # "2 februari": a date
# A number the question names ("versie 2.6", "artikel 22"), not a year or a percentage.
_IDENTIFIER = re.compile(r"(?<![\w.,])(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)*(?![\w%]|\s*%|\s*procent)")
# Words that put the verb second in a Dutch main clause ("Momenteel is het gebruik…
# ontoelaatbaar"), so "is het" there is no definition.
_INVERTED = re.compile(
    r"^\W*(?:er|wat|wie|hoe|wanneer|waarom|waar|welke|daar\w*|hier\w*|ook|en|anders|misschien|"
    r"verder|echter|zo|momenteel|soms|vaak|nu|dan|toch|wel|dus|bovendien|tegenwoordig|inmiddels|"
    r"vervolgens|bijvoorbeeld|eerst|helaas|uiteraard|natuurlijk|vooral|meestal|altijd|nooit|"
    r"tevens|immers|bovenal|kortom)\s+(?:is|zijn)\b", re.IGNORECASE)
FOOTNOTE_LABEL = re.compile(r"^\s*\[voetnoot \d{1,3}\]\s*")  # a footnote's own label (ingest/cleaning.py)
_DEFINES = re.compile(r"^[^.]{0,80}\b(is|zijn) (een|de|het|alle)\b|wordt verstaan|betekent|"
                      r"\bdefinitie\b|\bnoemen we\b|\bis gedefinieerd\b", re.IGNORECASE)


# "Wanneer moet ik een DPIA doen?" and "wanneer is een DPIA verplicht?" ask in which cases,
# not on which date ("wanneer moeten hoog-risico systemen voldoen?" does ask a date): a
# modal with a person who acts, or a duty or need, after "wanneer".
_ASKS_CONDITION = re.compile(
    r"\bwanneer\s+(?:(?:moet|moeten|mag|mogen|hoef|hoeft|hoeven|kan|kun|kunnen)\s+"
    r"(?:ik|we|wij|je|jij|u|men|jullie)\b|(?:is|ben|zijn|wordt|worden)\b[^?]{0,60}?\b"
    r"(?:verplicht|nodig|vereist|toegestaan|noodzakelijk)\b)")
_ASKS_DATE = re.compile(r"\b(?:vanaf|sinds|tot|per) wanneer\b|\buiterlijk\b|\bdeadline\b|"
                        r"\bwelke datum\b|\bwelk jaar\b")
# A question opened by "hoe" (not "hoe lang / vaak / groot / veel") or "waarom" asks for a
# way or a reason; an amount or a date in its clause ("hoeveel stroom het kost") is what
# the way finds out, not the answer.
_ASKS_HOW = re.compile(r"^\W*(?:en\s+)?(?:hoe|waarom)\b(?!\s+(?:lang|vaak|groot|veel|laat|hoog|oud|snel)\b)")


def asked(question: str) -> frozenset[str]:
    """The kinds of fact a question asks for (several may apply, none for open questions).

    "Hoeveel kost…" asks for an amount, not for any number: a passage that says "de twee
    werken samen" does not answer it, so an amount asked drops the count."""
    q = fold(question)
    kinds = {kind for kind, pattern in _ASKS.items() if pattern.search(q)}
    if _ASKS_HOW.search(q):  # "Hoe houd ik bij hoeveel stroom het kost?" asks for a way
        kinds -= set(FACTUAL)
    if WHEN in kinds and _ASKS_CONDITION.search(q) and not _ASKS_DATE.search(q):
        kinds.discard(WHEN)
    if AMOUNT in kinds:
        kinds.discard(COUNT)
    if SCOPE in kinds:  # "geldt dat ook voor gemeenten?" asks who a rule covers, not the rule
        kinds.discard(RULE)
    return frozenset(kinds)


# A question about what can go wrong, or why: "welke risico's…", "wat zijn de gevolgen…",
# "waarom moet ik…" ("risicomodel", "hoog-risico" ask about something else).
_CONSEQUENCE = re.compile(r"\b(?:risico'?s?|gevolg(?:en)?|gevaar|gevaren|misgaan|mis gaat|mis kan gaan|"
                          r"waarom|consequenties?|wat gebeurt)\b(?!\s*-?\s*(?:ai|systeem|systemen|model))")


def asks_consequence(question: str) -> bool:
    """True when the question asks what can go wrong or why: the "Risico" section of an
    Algoritmekader measure ("Niet voldoen aan … kan leiden tot …") answers that, and
    little else."""
    return _CONSEQUENCE.search(fold(question)) is not None


# Research, as a question names it in any sense ("onderzoek", "als onderzoeker", "RKI",
# "planbureau", "wetenschappelijk"), and the audience a sentence addresses as researchers
# (the RKI-kader's rules are for "onderzoekers … binnen het toepassingsgebied
# wetenschappelijk onderzoek", the Rijkskennisinstituten and planbureaus, "als er onderzoek
# wordt gedaan naar …"). "Onderzoek of …" (find out whether) addresses everyone, so the
# sentence side names the people, the field or research being done.
_RESEARCH = re.compile(r"\b(?:onderzoek\w*|rki'?s?|rki-\w+|planbure\w*|wetenschapp\w*|"
                       r"rijkskennisinstitu\w*)\b")
_FOR_RESEARCHERS = re.compile(r"\b(?:onderzoekers?|onderzoeks\w+|wetenschappelijk\w* onderzoek|rki'?s|"
                              r"rijkskennisinstitu\w*|planbureaus?|onderzoek wordt (?:gedaan|uitgevoerd)|"
                              r"(?:in|binnen) (?:het )?onderzoek)\b")


def asks_about_research(question: str) -> bool:
    """True when the question names research, a researcher, an RKI or a planbureau."""
    return _RESEARCH.search(fold(question)) is not None


def for_researchers(text: str) -> bool:
    """True when the text addresses researchers: "Onderzoekers … gebruiken in beginsel geen
    generatieve AI-toepassingen onder consumentenvoorwaarden, zoals ChatGPT" is the RKI-kader's
    rule for research, not the answer to a civil servant's "mag ik ChatGPT gebruiken voor een
    brief?" (the rule for everyone is: "Er worden géén generatieve AI-toepassingen gebruikt
    die online voor iedereen toegankelijk zijn")."""
    return _FOR_RESEARCHERS.search(fold(text)) is not None


def identifiers(question: str) -> list[str]:
    """The numbers the question names ("versie 2.6", "artikel 22"): an answer that states
    none of them is about something else. Years and percentages are left out: "de regels
    uit 2023" or "100% betrouwbaar" name the topic, and an answer rarely repeats them."""
    return [m.group().rstrip(".,") for m in _IDENTIFIER.finditer(fold(question))]


def mentions(text: str, identifier: str) -> bool:
    """The text names the identifier as a whole number ("2.6" is not in "2.65" or "12.6")."""
    return re.search(rf"(?<![\w.,]){re.escape(identifier)}(?![\w]|[.,]\d)", fold(text)) is not None


# what follows the scope verb, to the end of the clause: "geldt [voor alle overheidsorganisaties]"
_SCOPE_OBJECT = re.compile(r"\b(?:geldt|gelden|van toepassing|bedoeld|valt|vallen)\b([^.;:!?]{0,80})")


def scope_object(text: str) -> str | None:
    """The words after a scope verb ("geldt voor alle overheidsorganisaties" -> "voor alle
    overheidsorganisaties"), or None when the text states no scope."""
    m = _SCOPE_OBJECT.search(fold(text))
    return m.group(1) if m else None


def strength(kind: str, text: str) -> float:
    """How clearly the text states a fact of that kind: 1, 0.5 (a weak rule word) or 0."""
    if kind == RULE and not _RULE_WORDS.search(fold(text)):
        return 0.5 if _WEAK_RULE_WORDS.search(fold(text)) else 0.0
    return 1.0 if states(kind, text) else 0.0


def counted(question: str) -> list[str]:
    """What a "hoeveel …" question counts: the content words right after "hoeveel" ("hoeveel
    fte heeft de AP" -> ["fte"]); empty when it counts nothing named."""
    m = _HOW_MANY.search(fold(question))
    if not m:
        return []
    return [w for w in re.findall(r"[\w-]+", m.group(1)) if len(w) > 2 and w not in STOPWORDS][:2]


def _counts(text: str, nouns: Sequence[str]) -> bool:
    """A number close to one of the counted words ("15 minuten", "vijf fasen"): a number
    elsewhere in the text ("PRI.2", "art. 71", "de twee werken samen") counts something else.
    Words match on their first four letters, so "fases" finds "fasen"."""
    tokens = re.findall(r"[\w%.,-]+", fold(text))
    near = {i for i, t in enumerate(tokens) for n in nouns
            if t.startswith(n[:4]) or (n == "procent" and "%" in t)}
    return any(_NUMBER.fullmatch(t.rstrip(".,")) or t.endswith("%")
               for i in near for t in tokens[max(0, i - WINDOW):i + WINDOW + 1])


def states(kind: str, text: str, question: str = "") -> bool:
    """True when the text states a fact of that kind (a rule, a date, an amount...). With
    the question, a count must be a count of what it asks about (see counted())."""
    if kind == RULE:
        return bool(_RULE_WORDS.search(fold(text)))
    if kind == WHEN:
        return bool(_DATE.search(fold(text)))
    if kind == AMOUNT:
        return bool(_MONEY.search(fold(text)))
    if kind == COUNT:
        # a list's item number ("…; 2. Technische robuustheid") and a date's day ("sinds 2
        # februari 2025") count nothing
        text = _DAY.sub(" ", _LIST_NUMBER.sub(" ", text))
        nouns = counted(question) if question else []
        return _counts(text, nouns) if nouns else bool(_NUMBER.search(fold(text)))
    if kind == WHO:
        return any(_names(m.group()) for m in _NAME.finditer(text))
    if kind == DEFINITION:
        return is_definition(text)
    return False


def _names(found: str) -> bool:
    """Whether a capitalised run names someone: not a technology acronym, and not a word
    capitalised only because it opens the sentence ("Het Algoritmekader is een hulpmiddel"
    names no one; "Het Ministerie van Binnenlandse Zaken" does)."""
    if found in _NOT_NAMES:
        return False
    first, _, rest = found.partition(" ")
    if fold(first) in STOPWORDS:
        return bool(rest) and any(_names(m.group()) for m in _NAME.finditer(rest))
    return True


_GLOSSARY = re.compile(r"^(?:verklarende )?(?:woordenlijst|begrippen(?:lijst)?|definities)$")


def is_definition_heading(section: tuple[str, ...]) -> bool:
    """A section whose heading asks what something is ("Wat is generatieve AI?"), or a
    glossary ("Woordenlijst"): every entry of it defines a term, so it answers "wat is …?",
    not "Mogen we software gebruiken die emoties … herkent?"."""
    if not section:
        return False
    heading = fold(section[-1]).strip()
    return bool(_ASKS[DEFINITION].search(heading)) or bool(_GLOSSARY.match(heading))


def is_definition(text: str) -> bool:
    """"X is een/de/het…" defines X; "Daarom is het…", "Er is een…" or "Wat is de…?" (an
    adverb, "er" or a question word before the verb) states or asks something else. A
    footnote's marker ("[voetnoot 45] Momenteel is het…", ingest/cleaning.py) is no word."""
    text = FOOTNOTE_LABEL.sub("", text, count=1)
    return bool(_DEFINES.search(text)) and not _INVERTED.match(text)


# A form's prompt asks in the imperative: "Geef aan welke generatieve AI-toepassing(en)
# gaat/gaan worden gebruikt.", "Leg uit of generatieve AI gaat worden gebruikt …" (the
# RKI-kader's assessment form). An instruction with its object ("Beschrijf de wettelijke
# grondslag …", a measure of the Algoritmekader) states a duty and stays a statement.
_FORM_PROMPT = re.compile(r"^(?:geef\s+aan|leg\s+uit)\s+(?:wat|welke?|wie|of|hoe|waarom|waar|wanneer|hoeveel)\b")


def asks_in_form(text: str) -> bool:
    """An indirect question that a form puts to whoever fills it in: like a question, it
    answers nothing."""
    return bool(_FORM_PROMPT.match(fold(FOOTNOTE_LABEL.sub("", text, count=1)).strip()))


# Fact kinds whose absence means the sources do not answer the question.
FACTUAL = (WHEN, AMOUNT, COUNT, WHO)
IDENTIFIER = "identifier"  # a number the question names (see identifiers())


# "Mag ik ChatGPT gebruiken om een brief op te stellen?": the clause after the verb of use
# names the task; whether the tool may be used is what is asked.
_USE_FOR = re.compile(r"^(.*?\b(?:gebruiken|gebruik|inzetten|inzet|toepassen|benutten)\b)"
                      r"\s+(?:om|voor|bij|tijdens)\b\s*\S.*$", re.IGNORECASE | re.DOTALL)


def without_purpose(question: str) -> str | None:
    """The question without the purpose of a tool's use, for a rule question that names one
    ("mag ik Gemini gebruiken om een e-mail op te stellen?" -> "mag ik Gemini gebruiken");
    None when it has none."""
    if RULE not in asked(question):
        return None
    m = _USE_FOR.match(question.strip())
    return m.group(1) if m else None


# A follow-up that is only a phrase ("en de logs die zo'n systeem aanmaakt?", "en
# proportionaliteit?", "ook als het overduidelijk is?") asks the previous question again
# about something else: "en"/"ook"/"maar" followed by a noun phrase or a condition, or at
# most five words without a question word or verb of its own ("en hoe …", "en krijgt …"
# ask anew).
_ELLIPTIC = re.compile(r"^\W*(?:(?:en|ook|maar)\s+(?:de|het|een|ons|onze|mijn|uw|die|dat|deze|dit|"
                       r"zo'?n|zulke|als|bij|voor|met|zonder|niet|zelfs|in|op|na|tijdens)\b|"
                       r"(?:en\s+)?wat\s+als\b)")
_SHORT_ELLIPTIC = re.compile(r"^\W*(?:en|ook|maar)\b(?!\s+(?:wat|wie|hoe|waar\w*|waarom|wanneer|welke?|"
                             r"hoeveel|is|zijn|mag|mogen|moet|moeten|kan|kun|kunnen|geldt|gelden|"
                             r"heeft|hebben|wordt|worden)\b)")
ELLIPTIC_WORDS = 5


def _elliptic(question: str) -> bool:
    q = fold(question)
    return bool(_ELLIPTIC.search(q)) or (
        len(q.split()) <= ELLIPTIC_WORDS and bool(_SHORT_ELLIPTIC.search(q)))


def asked_in_conversation(question: str, earlier: Sequence[str]) -> frozenset[str]:
    """What the question asks for; for a follow-up that is only a phrase and asks nothing
    of its own, what the latest earlier question that did ask something asked (earlier:
    the conversation's questions, oldest first)."""
    kinds = asked(question)
    if kinds or not _elliptic(question):
        return kinds
    for previous in reversed(earlier):
        kinds = asked(previous)
        if kinds or not _elliptic(previous):
            return kinds
    return kinds
