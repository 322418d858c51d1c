"""Try learning the segment ranking from the dev nuggets, against the hand weights.

    python -m eval.train_ranker [--questions eval/dev.jsonl] [--source DIR]

Every segment of the top passages of a dev question is a training example; it is a
positive when it contains a nugget of its question (`eval.answers.found_nuggets`). The
features are the hand-weighted parts of `assistant.extractive.rank_segments` (meaning,
words, passage rank, heading, answer-type cue, form) plus the segment's length, kind
and position. A logistic regression (scikit-learn) is cross-validated by question
(GroupKFold, so no question is scored by a model that saw it), and both rankings are
compared on what matters for the answer: how often the lead segment holds a nugget, and
how often one of the three chosen does.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence

import numpy as np

from eval.answers import found_nuggets
from eval.questions import load_questions

FEATURES = ("dense", "words", "rank", "heading", "type", "form", "length", "item", "position")


def features(c: Any) -> list[float]:
    p = c.parts
    return [p["dense"], p["words"], p["rank"], p["heading"], p["type"], p["form"],
            min(len(c.segment.text.split()), 80) / 80, float(c.segment.kind == "item"),
            min(c.index, 20) / 20]


def collect(questions: Sequence[Any], assistant: Any) -> list[tuple[str, list[Any], list[bool]]]:
    """(question id, ranked candidates, labels) for answerable questions with nuggets."""
    from assistant.extractive import rank_segments

    out = []
    for q in questions:
        if not q.expected_nuggets or q.follows:
            continue
        r = assistant.retriever.search(q.question)
        ranked = rank_segments(q.question, r.query_vector, r.hits[: assistant.settings.top_k],
                               assistant._segment_vectors(r), r.expansions,  # noqa: SLF001
                               assistant._idf())  # noqa: SLF001
        labels = [any(found_nuggets(c.segment.embed_text, q.expected_nuggets)) for c in ranked]
        if ranked:
            out.append((q.id, ranked, labels))
    return out


def top_rates(groups: Sequence[tuple[str, list[Any], list[bool]]], scores: Sequence[np.ndarray]) -> tuple[float, float]:
    lead = any3 = 0
    for (_, _, labels), s in zip(groups, scores):
        order = np.argsort(-s, kind="stable")
        lead += labels[order[0]]
        any3 += any(labels[i] for i in order[:3])
    return lead / len(groups), any3 / len(groups)


def main(argv: Sequence[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from eval.index_setup import dev_script_args

    args, assistant = dev_script_args("python -m eval.train_ranker", __doc__.splitlines()[0], argv)
    groups = collect(load_questions(args.questions), assistant)
    hand = [np.array([c.score for c in ranked]) for _, ranked, _ in groups]
    X = [np.array([features(c) for c in ranked]) for _, ranked, _ in groups]
    y = [np.array(labels, dtype=int) for _, _, labels in groups]
    learned: list[np.ndarray] = [np.zeros(0)] * len(groups)
    folds = GroupKFold(n_splits=5)
    idx = np.arange(len(groups))
    for train, test in folds.split(idx, groups=idx):
        model = LogisticRegression(max_iter=1000, class_weight="balanced")
        model.fit(np.vstack([X[i] for i in train]), np.concatenate([y[i] for i in train]))
        for i in test:
            learned[i] = model.predict_proba(X[i])[:, 1]
    full = LogisticRegression(max_iter=1000, class_weight="balanced").fit(np.vstack(X), np.concatenate(y))
    print(f"{len(groups)} vragen met nuggets; {sum(int(v.sum()) for v in y)} positieve van {sum(len(v) for v in y)} segmenten")
    for name, scores in (("handgewichten", hand), ("geleerd (5-voudig, per vraag)", learned)):
        lead, any3 = top_rates(groups, scores)
        print(f"{name:32} lead bevat nugget {lead:.3f}   top-3 bevat nugget {any3:.3f}")
    print("gewichten (volledige dev):", dict(zip(FEATURES, np.round(full.coef_[0], 3))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
