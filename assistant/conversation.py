"""Follow-up questions rewritten into standalone questions.

LLM mode asks the model with prompts/herformuleren.md. Extractive mode (and the LLM
mode when the model fails) uses this heuristic: a question is a follow-up when it starts
with a linking word (en, ook, geldt dat, en als, wat als, dat, die, het, dit, maar...) or
has at most four words. Then the key terms of the previous question (itself rewritten
first, so chains of follow-ups keep their subject) and of the passage its answer led
with are prepended: "En geldt dat ook voor gemeenten?" after "Mag ik ChatGPT gebruiken
voor een brief?" becomes "chatgpt brief generatieve ai-toepassingen: En geldt dat ook
voor gemeenten?". Retrieval only needs the terms; the user still sees their own question.
"""

from __future__ import annotations

import re
from typing import Sequence

from wijzer.text import terms

Turn = tuple[str, str]  # (question, answer text), oldest first

_LINKING = re.compile(
    r"^\s*(en|ook|maar|dus|geldt\s+dat|geldt\s+dit|wat\s+als|en\s+als|dat|die|dit|het|daar|"
    r"daarvoor|daarbij|hoe\s+zit\s+het|wat\s+nou\s+als|en\s+voor|en\s+bij|zelfs)\b",
    re.IGNORECASE,
)
MAX_SHORT_WORDS = 4
MAX_KEY_TERMS = 6
MAX_ANSWER_TERMS = 1  # from the previous answer's first quotation: its subject, in source words
_FIRST_QUOTE = re.compile(r"\u201e(.+?)\u201d", re.S)


def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """True when the question probably leans on the conversation."""
    if not history:
        return False
    return bool(_LINKING.match(question)) or len(question.split()) <= MAX_SHORT_WORDS


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
