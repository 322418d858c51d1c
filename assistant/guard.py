"""Input limits: questions that are empty, too long or not in Dutch get a polite reply.

The language check is a deliberately simple heuristic: count common function words of
Dutch and of English/German/French. A question is refused as "not Dutch" only when it
has at least two foreign function words and more foreign than Dutch ones, so short
Dutch questions full of English jargon ("Mag ik ChatGPT prompts laten schrijven?") pass.
"""

from __future__ import annotations


from wijzer.settings import Settings
from wijzer.text import fold, words as text_words

DUTCH = frozenset(
    """de het een ik mag mogen wij je jij u uw wat hoe waarom wanneer welke wie waar van
    voor met dat dit die deze zijn ben bent wordt worden kan kunnen moet moeten mijn onze
    ook en niet geen als bij naar over om of er nog wel hebben heeft gebruiken geldt
    gemeente ambtenaar toegestaan is in op te we of was door""".split()
)
FOREIGN = frozenset(
    # English
    """the a an can could should would may might must what how why when which who where
    of for with that this these those are am was were be been my our your you i we they
    use using allowed and not no if with about there does do did is it to from
    """
    # German
    """der die das ich darf dürfen wir sie ist sind nicht kein wie warum wann welche mit
    für und oder auch benutzen verwenden
    """
    # French
    """le la les je puis peux nous vous est sont pas une des du pour avec que qui quoi
    comment pourquoi quand utiliser""".split()
) - DUTCH
FOREIGN = frozenset(fold(w) for w in FOREIGN)


def check_question(question: str, settings: Settings) -> str | None:
    """None when the question may be answered, else a polite Dutch reply saying why not."""
    text = (question or "").strip()
    if not text:
        return "Stel een vraag, bijvoorbeeld: 'Mag ik ChatGPT gebruiken om een brief op te stellen?'"
    limit = settings.max_question_chars
    if len(text) > limit:
        return (
            f"Uw vraag is te lang ({_number(len(text))} tekens; het maximum is {_number(limit)}). "
            "Stel een korte, concrete vraag in een paar zinnen."
        )
    if not looks_dutch(text):
        return (
            "Deze assistent beantwoordt alleen vragen in het Nederlands, omdat de bronnen "
            "Nederlandstalig zijn. Wilt u uw vraag in het Nederlands stellen? "
            "(This assistant answers questions in Dutch only.)"
        )
    return None


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Dutch thousands separator


def looks_dutch(text: str) -> bool:
    """False only when the text clearly reads as another language."""
    words = [w for w in text_words(text) if "-" not in w]  # folded: "dürfen" -> "durfen"
    dutch = sum(w in DUTCH for w in words)
    foreign = sum(w in FOREIGN for w in words)
    return not (foreign >= 2 and foreign > dutch)
