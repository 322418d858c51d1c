"""The gold question file (JSONL): reading and validating it, line by line.

One JSON object per line: `id` (unique), `question` (Dutch), `expected_sources` (list of
document ids or source paths relative to the ingested folder; [] = the sources do not
answer it), optional `expected_answer`, optional `kind` (direct, paraphrase, multi-doc,
unanswerable), optional `expected_nuggets` (the key facts a good answer states: a list of
facts, each a list of alternative Dutch surface strings, e.g. `[["landsadvocaat"],
["autoriteit persoonsgegevens", "(ap)"]]`) and optional `follows` (the id of the question
this one follows up; it must come earlier in the file). Blank lines and lines starting
with '#' are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wijzer.errors import WijzerError

KINDS = ("direct", "paraphrase", "multi-doc", "unanswerable")
_FIELDS = {"id", "question", "expected_sources", "expected_answer", "kind", "expected_nuggets", "follows"}
Nugget = tuple[str, ...]  # alternative surface strings of one key fact


class QuestionFileError(WijzerError):
    """The question file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    expected_sources: tuple[str, ...]
    kind: str
    expected_answer: str | None = None
    expected_nuggets: tuple[Nugget, ...] = ()
    follows: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.expected_sources)


def parse_question(obj: object, where: str) -> Question:
    """One validated Question from a decoded JSON line (`where` prefixes every error)."""
    if not isinstance(obj, dict):
        raise QuestionFileError(f"{where}: verwacht een JSON-object, kreeg {type(obj).__name__}.")
    unknown = set(obj) - _FIELDS
    if unknown:
        raise QuestionFileError(f"{where}: onbekend veld {sorted(unknown)[0]!r} (toegestaan: {', '.join(sorted(_FIELDS))}).")
    qid, text, sources = obj.get("id"), obj.get("question"), obj.get("expected_sources")
    if not isinstance(qid, str) or not qid.strip():
        raise QuestionFileError(f"{where}: 'id' ontbreekt of is geen tekst.")
    if not isinstance(text, str) or not text.strip():
        raise QuestionFileError(f"{where}: 'question' ontbreekt of is leeg.")
    if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
        raise QuestionFileError(f"{where}: 'expected_sources' moet een lijst van document-id's of paden zijn ([] = niet te beantwoorden).")
    answer = obj.get("expected_answer")
    if answer is not None and not isinstance(answer, str):
        raise QuestionFileError(f"{where}: 'expected_answer' moet tekst zijn.")
    kind = obj.get("kind") or ("unanswerable" if not sources else "direct")
    if kind not in KINDS:
        raise QuestionFileError(f"{where}: 'kind' moet een van {', '.join(KINDS)} zijn, niet {kind!r}.")
    if (kind == "unanswerable") != (not sources):
        raise QuestionFileError(f"{where}: 'kind' unanswerable hoort bij een lege 'expected_sources' (en omgekeerd).")
    nuggets = _nuggets(obj.get("expected_nuggets"), where)
    if nuggets and not sources:
        raise QuestionFileError(f"{where}: een onbeantwoordbare vraag heeft geen 'expected_nuggets'.")
    follows = obj.get("follows")
    if follows is not None and (not isinstance(follows, str) or not follows.strip()):
        raise QuestionFileError(f"{where}: 'follows' moet het id van een eerdere vraag zijn.")
    return Question(qid.strip(), text.strip(), tuple(s.strip() for s in sources), kind, answer,
                    nuggets, follows.strip() if follows else None)


def _nuggets(value: object, where: str) -> tuple[Nugget, ...]:
    if value is None:
        return ()
    ok = isinstance(value, list) and all(
        isinstance(n, list) and n and all(isinstance(a, str) and a.strip() for a in n) for n in value)
    if not ok:
        raise QuestionFileError(
            f"{where}: 'expected_nuggets' moet een lijst van feiten zijn, elk een lijst van "
            'alternatieve teksten, bijv. [["landsadvocaat"], ["autoriteit persoonsgegevens", "(ap)"]].')
    return tuple(tuple(a.strip() for a in n) for n in value)  # type: ignore[union-attr]


def load_questions(path: Path) -> list[Question]:
    """All questions of a JSONL file; QuestionFileError names the first bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: vragenbestand niet leesbaar ({exc}).") from None
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{where}: geen geldige JSON ({exc.msg}).") from None
        q = parse_question(obj, where)
        if q.id in seen:
            raise QuestionFileError(f"{where}: id {q.id!r} komt al voor op regel {seen[q.id]}.")
        if q.follows is not None and q.follows not in seen:
            raise QuestionFileError(f"{where}: 'follows' {q.follows!r} is geen eerdere vraag in dit bestand.")
        seen[q.id] = number
        questions.append(q)
    if not questions:
        raise QuestionFileError(f"{path}: bevat geen vragen.")
    return questions


def load_pooled(paths: Sequence[Path]) -> list[Question]:
    """The questions of several files as one set, for one pooled measurement of the sets
    nobody tuned on (test and the unseen sets): the intervals of 45-69 questions each are
    too wide to tell a change, their union's is not. An id may occur in one file only, so
    a `follows` always points into its own file."""
    questions: list[Question] = []
    where: dict[str, Path] = {}
    for path in paths:
        for q in load_questions(path):
            if q.id in where:
                raise QuestionFileError(f"{path}: id {q.id!r} komt ook voor in {where[q.id]}; "
                                        "samengevoegde vragenbestanden hebben elk hun eigen ids.")
            where[q.id] = path
            questions.append(q)
    return questions
