"""Calibrate the evidence gate's two thresholds on the dev set (never on test).

    python -m eval.calibrate_gate [--questions eval/dev.jsonl] [--source DIR]

For every question it records the gate's combined evidence score (assistant/gate.py)
and whether the extractive answer lacks a fact the question asks for (an amount, date,
number or name). It prints the AUROC of the score, then chooses:
- `gate_threshold` (refuse below): the highest value that refuses at most MAX_FALSE_REFUSALS
  of the answerable questions (by the score alone; the missing-fact rule adds about one
  point). MAX_FALSE_REFUSALS is 3%, not the issue's 8%: every round so far, the sets nobody
  tuned on were refused about twice as often as dev (test 8.7% and 10.1%, the unseen sets
  13% and 17%, when dev said 5-7%), so dev needs a margin on this side as well. A
  follow-up counts with the score the gate answers it by: its own, or with the
  conversation's words when that is higher (assistant/gate.py);
- `gate_weak_threshold` (notice below): the lowest value at which at least TARGET_FLAGGED of
  the unanswerable questions are refused or get the notice. TARGET_FLAGGED is 90%, not the
  issue's 80%: unseen sets came out lower than dev (test 73% when dev said 86%), so dev
  needs a margin; the price is the notice on about a third of the answerable questions.
These are the numbers in gate.py's docstring and the Settings defaults.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence

from eval import metrics
from eval.questions import load_questions

MAX_FALSE_REFUSALS = 0.03
TARGET_FLAGGED = 0.90  # dev margin over the 80% target (see above)
GRID = [round(0.20 + 0.01 * i, 2) for i in range(61)]


def _rows(questions: Sequence[Any], assistant: Any) -> list[tuple[bool, float, bool]]:
    """(answerable, gate score, missing fact) per question, follow-ups with their history."""
    from assistant.gate import assess

    scores: dict[str, float] = {}
    assistant._assess = lambda r: _record(assess(r, assistant.settings), scores, r)  # noqa: SLF001
    by_id = {q.id: q for q in questions}
    answers: dict[str, Any] = {}
    rows = []
    for q in questions:
        history = [(by_id[q.follows].question, answers[q.follows].text)] if q.follows in answers else []
        answer = assistant.ask(q.question, history=history, mode="extractive")
        answers[q.id] = answer
        missing = not answer.refused and _fact_missing(q.question, answer)
        rows.append((q.answerable, scores.get("last", 0.0), missing))
    return rows


def _record(evidence: Any, scores: dict[str, float], retrieval: Any) -> Any:
    """The score the refusal decision sees: a follow-up's own, or with the conversation's
    words when that is higher (assistant/gate.py answers it then, with the notice)."""
    from assistant.gate import Evidence, context_score

    scores["last"] = max(evidence.score, context_score(retrieval.signals) or 0.0)
    return Evidence(True, evidence.score, evidence.reason, weak=False)  # see every answer


def _fact_missing(question: str, answer: Any) -> bool:
    from assistant.service import _missing_fact

    return _missing_fact(question, [q for c in answer.citations for q in c.quotes]) is not None


def gate_auroc(rows: Sequence[tuple[bool, float, bool]]) -> float:
    """How well the evidence score alone separates answerable from unanswerable questions."""
    return metrics.auroc([s for a, s, _ in rows if a], [s for a, s, _ in rows if not a])


def choose(rows: Sequence[tuple[bool, float, bool]]) -> tuple[float, float, dict[str, float]]:
    answerable = [(s, m) for a, s, m in rows if a]
    unanswerable = [(s, m) for a, s, m in rows if not a]

    def refused(s: float, m: bool, low: float, weak: float) -> bool:
        return s < low or (m and s < weak)

    low = max(t for t in GRID if sum(s < t for s, _ in answerable) <= MAX_FALSE_REFUSALS * len(answerable))
    weak = next((t for t in GRID if t >= low and sum(s < t or m for s, m in unanswerable)
                 >= TARGET_FLAGGED * len(unanswerable)), GRID[-1])
    stats = {
        "false_refusals": sum(refused(s, m, low, weak) for s, m in answerable) / len(answerable),
        "answerable_with_notice": sum((low <= s < weak) or m for s, m in answerable) / len(answerable),
        "unanswerable_refused": sum(refused(s, m, low, weak) for s, m in unanswerable) / len(unanswerable),
        "unanswerable_refused_or_notice": sum(s < weak or m for s, m in unanswerable) / len(unanswerable),
    }
    return low, weak, stats


def main(argv: Sequence[str] | None = None) -> int:
    from eval.index_setup import dev_script_args

    args, assistant = dev_script_args("python -m eval.calibrate_gate", __doc__.splitlines()[0], argv)
    rows = _rows(load_questions(args.questions), assistant)
    low, weak, stats = choose(rows)
    print(f"{len(rows)} vragen; AUROC van de bewijsscore {gate_auroc(rows):.3f}")
    print(f"gate_threshold = {low:.2f}   gate_weak_threshold = {weak:.2f}")
    for name, value in stats.items():
        print(f"  {name}: {value:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
