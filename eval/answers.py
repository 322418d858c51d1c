"""Answers judged by the facts they contain, next to two plain baselines on the same retrieval.

A question's `expected_nuggets` are its key facts, each a list of alternative Dutch surface
strings; a nugget counts when any alternative occurs in the answer text, compared case-,
accent- and whitespace-insensitively (`wijzer.text.normalize`). Per configuration:

- nugget_recall: mean share of nuggets found, over answerable questions with nuggets (a
  refusal scores 0);
- useful_answer_rate: answered, cites an expected source, and nugget recall >= 0.5;
- lead_nugget_rate: the first quotation (or first sentence) holds a nugget;
- words p50/p95 of the answers given (refusals excluded);
- refusals: false refusals of answerable questions, and unanswerable questions refused or
  answered with the weak-evidence notice.

Baselines (never refuse, so a refusal never costs them): the whole top-1 passage, and its
first 60 words.

How sure a number is: useful answers and false refusals carry a 95% Wilson interval (69
test questions put about +-0.12 around a rate near 0.4), and each baseline is compared
with the assistant question by question (`paired`: on how many only one of the two is
useful, and McNemar's exact p-value), so a gap of two questions is not read as progress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from eval import metrics
from eval.questions import Nugget, Question
from wijzer.text import normalize, sentences

USEFUL_RECALL = 0.5
BASELINE_WORDS = 60
_QUOTE = re.compile(r"\u201e(.+?)\u201d", re.S)


def found_nuggets(text: str, nuggets: Sequence[Nugget]) -> list[bool]:
    plain = normalize(text)
    return [any(normalize(alt) in plain for alt in nugget) for nugget in nuggets]


def lead_of(text: str) -> str:
    """What a reader sees first: the first quotation, else the first sentence."""
    quote = _QUOTE.search(text)
    if quote:
        return quote.group(1)
    first = sentences(text, min_chars=1)
    return first[0].text if first else text


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Scored:
    """One answer to one question, as the metrics see it."""

    question: Question
    answered: bool
    weak: bool  # answered with the "Mogelijk onvolledig" notice
    cites_expected: bool
    recall: float | None  # None: the question has no nuggets
    lead: bool
    words: int

    @property
    def useful(self) -> bool:
        return self.answered and self.cites_expected and (self.recall or 0.0) >= USEFUL_RECALL


def score(question: Question, text: str, answered: bool, weak: bool,
          cited_documents: Iterable[str], relevant: frozenset[str]) -> Scored:
    nuggets = question.expected_nuggets
    found = found_nuggets(text, nuggets) if answered and nuggets else [False] * len(nuggets)
    recall = (sum(found) / len(nuggets)) if nuggets else None
    lead = answered and bool(nuggets) and any(found_nuggets(lead_of(text), nuggets))
    return Scored(question, answered, weak, bool(set(cited_documents) & relevant), recall, lead,
                  word_count(text) if answered else 0)


def baseline_texts(top_text: str) -> dict[str, str]:
    """The two baselines' answers from the top-1 passage."""
    return {"top-1 passage": top_text,
            f"top-1, first {BASELINE_WORDS} words": " ".join(top_text.split()[:BASELINE_WORDS])}


@dataclass
class AnswerResult:
    """The answer metrics of one answerer (the assistant or a baseline)."""

    name: str
    scored: list[Scored] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        out = _metrics(self.scored)
        kinds = sorted({s.question.kind for s in self.scored if s.question.answerable})
        out["by_kind"] = {k: _metrics([s for s in self.scored if s.question.kind == k]) for k in kinds}
        out["answer"] = self.name
        return out


def _metrics(scored: Sequence[Scored]) -> dict[str, Any]:
    with_nuggets = [s for s in scored if s.question.answerable and s.recall is not None]
    answerable = [s for s in scored if s.question.answerable]
    unanswerable = [s for s in scored if not s.question.answerable]
    given = [s.words for s in scored if s.answered]
    n = len(with_nuggets)
    return {
        "nugget_recall": _mean([s.recall or 0.0 for s in with_nuggets]),
        "useful_answer_rate": _mean([float(s.useful) for s in with_nuggets]),
        "useful_ci95": interval(sum(s.useful for s in with_nuggets), n),
        "lead_nugget_rate": _mean([float(s.lead) for s in with_nuggets]),
        "words_p50": metrics.percentile(given, 50),
        "words_p95": metrics.percentile(given, 95),
        "false_refusal_rate": _mean([float(not s.answered) for s in answerable]),
        "false_refusal_ci95": interval(sum(not s.answered for s in answerable), len(answerable)),
        "weak_rate": _mean([float(s.weak) for s in answerable]),
        "unanswerable_refused_or_notice": _mean([float(not s.answered or s.weak) for s in unanswerable]),
        "n_nuggets": n, "n_answerable": len(answerable), "n_unanswerable": len(unanswerable),
    }


def interval(k: int, n: int) -> tuple[float, float] | None:
    """95% Wilson interval of the proportion k of n (None without questions)."""
    if not n:
        return None
    from scipy.stats import binomtest

    ci = binomtest(k, n).proportion_ci(0.95, method="wilson")
    return round(float(ci.low), 3), round(float(ci.high), 3)


def paired(assistant: AnswerResult, baseline: AnswerResult) -> dict[str, Any]:
    """The assistant against a baseline on the same questions: on how many only one of the
    two is useful, and McNemar's exact p-value (two-sided) for that split."""
    from scipy.stats import binomtest

    pairs = [(a.useful, b.useful) for a, b in zip(assistant.scored, baseline.scored)
             if a.question.id == b.question.id and a.question.answerable and a.recall is not None]
    only_assistant = sum(a and not b for a, b in pairs)
    only_baseline = sum(b and not a for a, b in pairs)
    split = only_assistant + only_baseline
    p = float(binomtest(only_assistant, split, 0.5).pvalue) if split else 1.0
    return {"only_assistant": only_assistant, "only_baseline": only_baseline, "p": round(p, 3)}


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None
