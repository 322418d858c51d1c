"""Query expansion from the domain glossary (knowledge/glossary.toml).

Users and sources name the same thing differently ("taalmodel" vs "LLM", "chatbot" vs
"generatieve AI-toepassing", "privacywet" vs "AVG"). The glossary lists groups of terms
that mean the same here; when a question contains one term of a group, the other terms
are added to the BM25 query with a lower weight (see `LexicalIndex.search`). The file
format is documented in the header of knowledge/glossary.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from wijzer.errors import SettingsError
from wijzer.text import fold

# Inflections a term may carry in a question: taalmodel-len, chatbot-s, DPIA-'s.
_SUFFIX = r"(?:s|en|e|n|'s|’s)?"


@dataclass(frozen=True)
class Group:
    """Terms that mean the same in this domain; `oneway` terms are added but never trigger."""

    terms: tuple[str, ...]
    oneway: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    groups: tuple[Group, ...] = ()

    @classmethod
    def load(cls, path: Path) -> "Glossary":
        """Read the glossary; a missing file is an empty glossary, a malformed one an error."""
        if not path.is_file():
            return cls()
        return _load(path.resolve(), path.stat().st_mtime_ns)

    def matches(self, question: str) -> list[Group]:
        """The groups one of whose terms occurs in the question."""
        text = _normal(question)
        return [g for g in self.groups if any(_pattern(t).search(text) for t in g.terms)]

    def alternatives(self, question: str) -> dict[str, tuple[str, ...]]:
        """Each glossary term the question uses -> the other terms of its groups that the
        question does not use: "gemeenten" -> ("overheidsorganisaties", "overheden", ...).
        The gate counts a passage that has one as covering that word (at a lower weight)."""
        text = _normal(question)
        out: dict[str, tuple[str, ...]] = {}
        for group in self.matches(question):
            own = [t for t in group.terms if _pattern(t).search(text)]
            others = tuple(t for t in (*group.terms, *group.oneway) if not _pattern(t).search(text))
            for term in own:
                out[term] = (*out.get(term, ()), *others)
        return out

    def generic(self, question: str) -> str | None:
        """The question with each term of a group that has a `oneway` term put as that term:
        "Mag ik Copilot gebruiken om notulen te maken?" -> "Mag ik generatieve AI gebruiken
        om notulen te maken?". None when no such term occurs. The sources name a product
        only as an example of what they rule on, so the embedding of its name alone finds
        the few sentences that name it, not the rules."""
        out, _ = self._generalised(question)
        return out if out != question else None

    def named(self, question: str) -> list[str]:
        """The terms `generic` puts as their broader term, as the question types them
        ("mag ik Claude gebruiken?" -> ["Claude"])."""
        return [term for term, _ in self.named_as(question)]

    def named_as(self, question: str) -> list[tuple[str, str]]:
        """Each term `generic` replaces, as typed, with the broader term it is searched as
        ("Claude", "generatieve AI"), in the question's order."""
        _, found = self._generalised(question)
        return sorted(found.items(), key=lambda pair: question.find(pair[0]))

    def _generalised(self, question: str) -> tuple[str, dict[str, str]]:
        """The question with each narrower term put as its broader one, and the terms
        replaced, as typed, with what they became."""
        found: dict[str, str] = {}
        out = question
        for term, broader in self._narrower():
            pattern = _loose_pattern(term)
            for m in pattern.finditer(out):
                found.setdefault(m.group(), broader)
            out = pattern.sub(broader, out)
        return out, found

    def _narrower(self) -> Iterator[tuple[str, str]]:
        """(term, its group's broader term) for the groups with a `oneway` term, the longer
        terms of a group first ("AI-chatbot" before "chatbot")."""
        for group in self.groups:
            if group.oneway:
                for term in sorted(group.terms, key=len, reverse=True):
                    yield term, group.oneway[0]

    def expand(self, question: str) -> list[str]:
        """Terms to add to the question: the other members of every matching group."""
        return expansions_of(self.alternatives(question))


def expansions_of(alternatives: dict[str, tuple[str, ...]]) -> list[str]:
    """The alternatives of all the question's terms, each once, in glossary order."""
    return list(dict.fromkeys(t for others in alternatives.values() for t in others))


def _normal(text: str) -> str:
    return re.sub(r"[-‐–_]", " ", fold(text))


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    """A term in a normalised question (folded, hyphens as spaces), with an inflection."""
    return _term_regex(term, r"\s+")


@lru_cache(maxsize=4096)
def _loose_pattern(term: str) -> re.Pattern[str]:
    """A term in a question as typed: any case, hyphen or space between its words."""
    return _term_regex(term, r"[\s\-‐–_]+", re.IGNORECASE)


def _term_regex(term: str, between: str, flags: int = 0) -> re.Pattern[str]:
    words = [re.escape(w) for w in _normal(term).split()]
    return re.compile(r"(?<!\w)" + between.join(words) + _SUFFIX + r"(?!\w)", flags)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Glossary:  # mtime in the key: edits are picked up
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            f"De woordenlijst {path} is onleesbaar ({exc}). Herstel de TOML-opmaak of "
            "verwijder het bestand."
        ) from None
    groups = []
    for i, raw in enumerate(data.get("group", [])):
        terms = raw.get("terms") if isinstance(raw, dict) else None
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
            raise SettingsError(
                f"De woordenlijst {path}: groep {i + 1} heeft geen lijst 'terms' met tekst."
            )
        oneway = raw.get("oneway", [])
        groups.append(Group(tuple(t.strip() for t in terms if t.strip()),
                            tuple(t.strip() for t in oneway if isinstance(t, str))))
    return Glossary(tuple(groups))
