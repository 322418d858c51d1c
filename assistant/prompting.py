"""The prompts, loaded from the Dutch files in prompts/ and checked at load.

Each file is a LangChain f-string template. Its variables must be exactly the expected
set: a typo in a prompt file ({bron} instead of {bronnen}) fails at start-up with a Dutch
message instead of silently sending a broken prompt. Values substituted into a template
are never parsed again, so braces or "{weigering}" inside a question or source are inert.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

from assistant.refusal import REFUSAL
from wijzer.errors import SettingsError
from wijzer.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
SYSTEM_FILE, USER_FILE, CONDENSE_FILE = "systeem.md", "vraag.md", "herformuleren.md"
EXPECTED = {
    SYSTEM_FILE: {"weigering"},
    USER_FILE: {"bronnen", "vraag", "weigering"},
    CONDENSE_FILE: {"gesprek", "vraag"},
}


def _template(folder: Path, name: str) -> str:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise SettingsError(f"Promptbestand {path} ontbreekt; zet het terug uit git.") from None
    try:
        found = set(PromptTemplate.from_template(text).input_variables)
    except Exception as exc:  # unbalanced braces
        raise SettingsError(f"Promptbestand {path} is ongeldig ({exc}); controleer de {{...}}.") from None
    if found != EXPECTED[name]:
        want = ", ".join(sorted(EXPECTED[name]))
        raise SettingsError(
            f"Promptbestand {path} gebruikt de variabelen {sorted(found)}; verwacht: {want}."
        )
    return text


@lru_cache(maxsize=4)
def answer_prompt(folder: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """System rules + the user message with the delimited sources and question.

    The refusal phrase is filled in here, so callers pass only `bronnen` and `vraag`.
    """
    prompt = ChatPromptTemplate.from_messages(
        [("system", _template(folder, SYSTEM_FILE)), ("human", _template(folder, USER_FILE))]
    )
    return prompt.partial(weigering=REFUSAL)


@lru_cache(maxsize=4)
def condense_prompt(folder: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The prompt that rewrites a follow-up into a standalone question."""
    return ChatPromptTemplate.from_messages([("human", _template(folder, CONDENSE_FILE))])


def check_prompts(folder: Path = PROMPTS_DIR) -> None:
    """Read and check every prompt file now (raises SettingsError when missing or wrong)."""
    for name in EXPECTED:
        _template(folder, name)


_DELIMITERS = re.compile(r"<\s*(/?)\s*(bron|bronnen|vraag|gesprek|vervolgvraag|system|systeem)\b",
                         re.IGNORECASE)
_SPECIAL = re.compile(r"<\|[^|>]{0,40}\|>|\[/?INST\]|<</?SYS>>|<\|?(im_start|im_end|endoftext)\|?>",
                      re.IGNORECASE)


def neutralise(text: str) -> str:
    """Make delimiter tags and chat-template tokens inside untrusted text harmless.

    '<bron' becomes '‹bron' and '<|im_start|>' becomes '‹im_start›', so a document or a
    question cannot close its own block and pose as another source or as the system.
    """
    text = _SPECIAL.sub(lambda m: "‹" + m.group(0).strip("<>|[]").strip("|") + "›", text)
    return _DELIMITERS.sub(lambda m: "‹" + m.group(1) + m.group(2), text)


def attribute(text: str) -> str:
    """A value safe inside a double-quoted pseudo-XML attribute."""
    return neutralise(text).replace('"', "'").replace("\n", " ").strip()
