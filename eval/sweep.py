"""Are the hand weights tuned to dev, or to questions in general? Each knob of the answer
and of the fusion, one step down and one step up, counted on dev and on a validation set.

    python -m eval.sweep [--temp-index] [--validation FILE ...] [--only NAME ...]

It prints, per setting, the useful answers on dev and on the validation set (by default
unseen k, m, n and o: 179 nugget questions) next to today's. A knob fitted to dev's
questions would lose on the validation set what it gains on dev. Fifteenth session: each
step held or lost on both sets, except the fusion's standing (score_weight), on which they
disagree (eval/RESULTS.md); so the gap between dev and the held-out sets is not the
weights. The validation files check a change made on dev; test and the other unseen sets
stay report-only. About 75 seconds per setting on 2 cores (about 50 minutes in all).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence
from unittest import mock

EVAL_DIR = Path(__file__).parent
VALIDATION = tuple(EVAL_DIR / f"questions_unseen_{s}.jsonl" for s in "kmno")


@dataclass(frozen=True)
class Knob:
    """One tuned number: a module constant ("assistant.extractive"), a Settings field
    ("settings") or an attribute of the retriever ("retriever"), and the values to try."""

    owner: str
    name: str
    values: tuple[float, ...]


KNOBS: tuple[Knob, ...] = (
    Knob("assistant.extractive", "W_DENSE", (1.5, 2.5)),
    Knob("assistant.extractive", "W_WORDS", (0.7, 1.3)),
    Knob("assistant.extractive", "W_RANK", (0.2, 0.5)),
    Knob("assistant.extractive", "W_TYPE", (0.4, 0.8)),
    Knob("assistant.extractive", "W_HEADING", (0.0, 0.4)),
    Knob("assistant.extractive", "PASSAGES", (4, 8)),
    Knob("assistant.extractive", "DIVERSITY", (0.5, 1.5)),
    Knob("assistant.extractive", "MIN_RELATIVE", (0.3, 0.5)),
    Knob("assistant.extractive", "FOLLOW_RELATIVE", (0.25, 0.45)),
    Knob("assistant.extractive", "AUDIENCE_PENALTY", (0.0,)),
    Knob("assistant.extractive", "RISK_PENALTY", (0.0,)),
    Knob("assistant.extractive", "DEFINITION_PENALTY", (0.2, 0.5)),
    Knob("assistant.extractive", "EXTRA_WEIGHT", (0.3, 0.7)),
    Knob("settings", "dense_weight", (0.7, 1.3)),
    Knob("settings", "rrf_k", (10, 40)),
    Knob("settings", "candidates", (20, 80)),
    Knob("retriever", "doc_weight", (0.5, 1.5)),
    Knob("retriever", "expansion_weight", (0.3, 0.7)),
    Knob("retriever", "score_weight", (0.0, 0.0125, 0.025, 0.1)),
    Knob("assistant.retrieval", "KNOWN_WEIGHT", (0.2, 1.0)),  # known questions (sixteenth session)
    Knob("assistant.extractive", "W_KNOWN", (1.0, 2.0)),
    Knob("wijzer.known_questions", "SIMILAR", (0.88, 0.92)),
)


def setting(knob: Knob, value: float | None, assistant: Any) -> AbstractContextManager[Any]:
    """The knob at `value` for the length of a with-block (None: as it is). A Settings field
    is changed on a copy that the retriever gets, so the shared settings stay as they are."""
    if value is None:
        return nullcontext()
    retriever = assistant.retriever
    if knob.owner == "settings":
        changed = retriever.settings.model_copy(update={knob.name: value})
        return mock.patch.object(retriever, "settings", changed)
    if knob.owner == "retriever":
        return mock.patch.object(retriever, knob.name, value)
    return mock.patch(f"{knob.owner}.{knob.name}", value)


def useful(scored: Sequence[Any]) -> int:
    """Useful answers among the questions that have nuggets (as `python -m eval` counts)."""
    return sum(bool(s.useful) for s in scored if s.question.answerable and s.recall is not None)


def _counter(assistant: Any, path: Path) -> Callable[[], int]:
    from assistant.gate import assess
    from eval.index_setup import document_names
    from eval.questions import load_questions
    from eval.runner import evaluate, resolve_sources

    cov = resolve_sources(load_questions(path), document_names(assistant.index))

    def count() -> int:
        result = evaluate(cov.questions, cov.relevant, assistant.retriever,
                          lambda r: assess(r, assistant.settings), ["hybrid"], "hybrid",
                          ask=lambda q, history=(): assistant.ask(q, history=history), depth=10)[0]
        return useful(result.answers.scored if result.answers is not None else [])

    return count


def main(argv: Sequence[str] | None = None) -> int:
    from eval.index_setup import dev_script_args

    p = argparse.ArgumentParser(prog="python -m eval.sweep", description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--validation", type=Path, action="append", default=[],
                   help="a validation file (repeatable; default unseen k, m, n and o)")
    p.add_argument("--only", action="append", default=[], help="only these knobs (by name)")
    own, rest = p.parse_known_args(argv)
    unknown = set(own.only) - {k.name for k in KNOBS}
    if unknown:
        p.error(f"onbekende knop(pen): {', '.join(sorted(unknown))}; kies uit {', '.join(k.name for k in KNOBS)}")
    args, assistant = dev_script_args("python -m eval.sweep", p.description or "", rest)
    files = {"dev": [args.questions], "validatie": own.validation or list(VALIDATION)}
    counters = {label: [_counter(assistant, f) for f in paths] for label, paths in files.items()}
    runs = [(Knob("-", "vandaag", ()), None)] + [
        (k, v) for k in KNOBS if not own.only or k.name in own.only for v in k.values]
    base: dict[str, int] = {}
    print("| knop | waarde | " + " | ".join(counters) + " | samen |")
    print("|---|---|" + "---|" * (len(counters) + 1))
    for knob, value in runs:
        with setting(knob, value, assistant):
            counts = {label: sum(c() for c in cs) for label, cs in counters.items()}
        base = base or counts
        cells = [f"{n} ({n - base[label]:+d})" for label, n in counts.items()]
        total = sum(counts.values())
        print(f"| {knob.name} | {'' if value is None else value} | {' | '.join(cells)} | "
              f"{total} ({total - sum(base.values()):+d}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
