"""Follow-up questions rewritten into standalone questions.

LLM mode asks the model with prompts/herformuleren.md. Extractive mode (and the LLM
mode when the model fails) uses this heuristic: a question is a follow-up when it starts
with a linking word (en, ook, geldt dat, en als, wat als, dat, die, het, dit, maar...) or
has at most four words. Then the key terms of the previous question (itself rewritten
first, so chains of follow-ups keep their subject) are prepended:
"En geldt dat ook voor gemeenten?" after "Mag ik ChatGPT gebruiken voor een brief?"
becomes "ChatGPT brief: En geldt dat ook voor gemeenten?". Retrieval only needs the
terms; the user still sees their own question.
"""

from __future__ import annotations

import re
from typing import Sequence

from assistant.citations import terms

Turn = tuple[str, str]  # (question, answer text), oldest first

_LINKING = re.compile(
    r"^\s*(en|ook|maar|dus|geldt\s+dat|geldt\s+dit|wat\s+als|en\s+als|dat|die|dit|het|daar|"
    r"daarvoor|daarbij|hoe\s+zit\s+het|wat\s+nou\s+als|en\s+voor|en\s+bij|zelfs)\b",
    re.IGNORECASE,
)
MAX_SHORT_WORDS = 4
MAX_KEY_TERMS = 6


def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """True when the question probably leans on the conversation."""
    if not history:
        return False
    return bool(_LINKING.match(question)) or len(question.split()) <= MAX_SHORT_WORDS


def heuristic_standalone(question: str, history: Sequence[Turn]) -> str | None:
    """The rewritten question, or None when it is not a follow-up."""
    if not is_follow_up(question, history):
        return None
    previous = history[-1][0]
    earlier = heuristic_standalone(previous, history[:-1]) or previous
    own = set(terms(question))
    key = [t for t in dict.fromkeys(terms(earlier)) if t not in own][:MAX_KEY_TERMS]
    if not key:
        return None
    return f"{' '.join(key)}: {question.strip()}"
