"""Follow-up questions rewritten into standalone questions.

LLM mode asks the model with prompts/herformuleren.md. Extractive mode (and the LLM
mode when the model fails) uses this heuristic: a question is a follow-up when it starts
with a linking word (en, ook, geldt dat, en als, wat als, dat, die, het, dit, maar...), has
at most four words, or its first clause points back ("moeten we zo'n systeem dan
registreren?", "kan ik daar op vertrouwen?", "uit welke onderdelen bestaat dat?"): a
pointing word (daar…, zo'n, ervan…), "dan" as "in that case", or a demonstrative among the
first three words or as the last. Only the first clause counts: "We maken een
werkinstructie. Wat zet ik daarin?" carries its own antecedent. Then the key terms of the
previous question (itself rewritten first, so chains of follow-ups keep their subject) and
of the passage its answer led with are prepended: "En geldt dat ook voor gemeenten?" after
"Mag ik ChatGPT gebruiken voor een brief?" becomes "chatgpt brief generatieve
ai-toepassingen: En geldt dat ook voor gemeenten?". Retrieval only needs the terms; the
user still sees their own question.
"""

from __future__ import annotations

import re
from typing import Sequence

from wijzer.text import fold, terms

Turn = tuple[str, str]  # (question, answer text), oldest first

_LINKING = re.compile(
    r"^\s*(en|ook|maar|dus|geldt\s+dat|geldt\s+dit|wat\s+als|en\s+als|dat|die|dit|het|daar|"
    r"daarvoor|daarbij|hoe\s+zit\s+het|wat\s+nou\s+als|en\s+voor|en\s+bij|zelfs)\b",
    re.IGNORECASE,
)
# Words that point back to something said before (folded: accents removed, lower case).
_POINTS_BACK = re.compile(r"\b(daar\w*|zo'?n|zulke|ervan|erin|erover|ermee|erop|ervoor|eraan|hiervan|"
                          r"hierin|hierover|hiermee|hiervoor)\b")
_THEN = re.compile(r"\bdan\b")
# "dan" after a comparative is "than": "vaker dan andere", "zwaarder zijn dan".
_NOT_THEN = re.compile(r"\b(?:\w+er|meer|minder|anders|ander|liever|niets|niks|als)\b(?:\s+\w+){0,2}\s+dan\b")
_DEMONSTRATIVES = frozenset({"dat", "die", "dit", "deze"})
_FIRST_CLAUSE = re.compile(r"^.*?(?=[,.;:?!]|\s(?:en|of)\s|$)")
POINTING_WORDS = 6  # a pointing word later in a long question points inside it
MAX_SHORT_WORDS = 4
MAX_KEY_TERMS = 6
MAX_ANSWER_TERMS = 1  # from the previous answer's first quotation: its subject, in source words
_FIRST_QUOTE = re.compile(r"\u201e(.+?)\u201d", re.S)


def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """True when the question probably leans on the conversation."""
    if not history:
        return False
    return (bool(_LINKING.match(question)) or len(question.split()) <= MAX_SHORT_WORDS
            or points_back(question))


def points_back(question: str) -> bool:
    """The question's first clause leans on something said before (see the module doc)."""
    clause = _FIRST_CLAUSE.match(fold(question.strip()))
    words = re.findall(r"[\w']+", clause.group() if clause else "")
    text = " ".join(words[:POINTING_WORDS])
    if _POINTS_BACK.search(text) or (_THEN.search(text) and not _NOT_THEN.search(" ".join(words))):
        return True
    last_clause = not re.search(r"[,.;:?!].*\w", question.strip().rstrip("?!. "))
    return any(w in _DEMONSTRATIVES for w in words[:3]) or (
        last_clause and bool(words) and words[-1] in _DEMONSTRATIVES)


def heuristic_standalone(question: str, history: Sequence[Turn]) -> str | None:
    """The rewritten question ("<context terms>: <question>"), or None when it is not a
    follow-up."""
    context = follow_up_context(question, history)
    return f"{context}: {question.strip()}" if context else None


def follow_up_context(question: str, history: Sequence[Turn]) -> str | None:
    """The conversation's key terms a follow-up leans on, or None when it is not one.
    Retrieval weighs them below the user's own words (HybridRetriever.search `context`)."""
    if not is_follow_up(question, history):
        return None
    previous = history[-1][0]
    earlier = heuristic_standalone(previous, history[:-1]) or previous
    own = set(terms(question))
    key = [t for t in dict.fromkeys(terms(earlier)) if t not in own][:MAX_KEY_TERMS]
    quote = _FIRST_QUOTE.search(history[-1][1] or "")
    if quote:
        longest = sorted(dict.fromkeys(terms(quote.group(1))), key=lambda t: (-len(t), t))
        added = 0
        for t in longest:  # "ai-toepassingen" already carries "toepassingen"
            if added < MAX_ANSWER_TERMS and t not in own and not any(t in k for k in key):
                key.append(t)
                added += 1
    return " ".join(key) if key else None
