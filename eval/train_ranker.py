"""Try learning the segment ranking from the dev nuggets, against the hand weights.

    python -m eval.train_ranker [--questions eval/dev.jsonl] [--source DIR]

Every segment of the top passages of a dev question is a training example; it is a
positive when it contains a nugget of its question (`eval.answers.found_nuggets`). The
features are the hand-weighted parts of `assistant.extractive.rank_segments` (meaning,
words, passage rank, heading, answer-type cue, form) plus the segment's length, kind,
position, the section it stands under ("Toelichting", "Bronnen", "Risico") and whether it
holds a digit. Three learners (scikit-learn logistic regression) are cross-validated by
question (GroupKFold, so no question is scored by a model that saw it):

- pointwise: is this segment a positive;
- pairwise: which of a positive and a negative segment of the same question ranks first
  (a ranking objective, as RankSVM; what the answer needs is an order per question);
- pairwise on top of the hand score: a learned correction added to it.

Each is compared with the hand weights on what matters for the answer: how often the lead
segment holds a nugget, and how often one of the three best does.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence

import numpy as np

from eval.answers import found_nuggets
from eval.questions import load_questions

FEATURES = ("dense", "words", "rank", "heading", "type", "form", "length", "item", "position",
            "toelichting", "bronnen", "risico", "digit")
PAIRS_PER_QUESTION = 60


def features(c: Any) -> list[float]:
    from assistant.extractive import section_name

    p = c.parts
    section = section_name(c.hit, c.segment)
    return [p["dense"], p["words"], p["rank"], p["heading"], p["type"], p["form"],
            min(len(c.segment.text.split()), 80) / 80, float(c.segment.kind == "item"),
            min(c.index, 20) / 20, float(section == "toelichting"), float(section == "bronnen"),
            float(section == "risico"), float(any(ch.isdigit() for ch in c.segment.text))]


def pair_differences(X: Sequence[np.ndarray], y: Sequence[np.ndarray], questions: Sequence[int],
                     rng: np.random.Generator, per_question: int = PAIRS_PER_QUESTION) -> tuple[np.ndarray, np.ndarray]:
    """Feature differences of (positive, negative) segments of one question, in random order
    and labelled 1 when the positive comes first: a logistic regression on them learns
    weights whose score orders a question's segments. Questions without a positive or a
    negative give no pairs."""
    diffs: list[np.ndarray] = []
    labels: list[int] = []
    for i in questions:
        pos, neg = np.flatnonzero(y[i] == 1), np.flatnonzero(y[i] == 0)
        if not len(pos) or not len(neg):
            continue
        for a, b in zip(rng.choice(pos, per_question), rng.choice(neg, per_question)):
            first = rng.random() < 0.5
            diffs.append(X[i][a] - X[i][b] if first else X[i][b] - X[i][a])
            labels.append(int(first))
    width = X[0].shape[1] if len(X) else 0
    return (np.array(diffs) if diffs else np.zeros((0, width))), np.array(labels, dtype=int)


def cross_validated(X: Sequence[np.ndarray], y: Sequence[np.ndarray], hand: Sequence[np.ndarray],
                    folds: int = 5, seed: int = 0) -> dict[str, list[np.ndarray]]:
    """Out-of-fold scores per question for the three learners (see the module docstring)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rng = np.random.default_rng(seed)
    out: dict[str, list[np.ndarray]] = {name: [np.zeros(0)] * len(X) for name in
                                         ("pointwise", "pairwise", "pairwise + hand")}
    idx = np.arange(len(X))
    for train, test in GroupKFold(n_splits=folds).split(idx, groups=idx):
        point = LogisticRegression(max_iter=1000, class_weight="balanced")
        point.fit(np.vstack([X[i] for i in train]), np.concatenate([y[i] for i in train]))
        D, L = pair_differences(X, y, train, rng)
        pair = LogisticRegression(C=0.1, max_iter=2000, fit_intercept=False).fit(D, L)
        for i in test:
            out["pointwise"][i] = point.predict_proba(X[i])[:, 1]
            out["pairwise"][i] = X[i] @ pair.coef_[0]
            out["pairwise + hand"][i] = hand[i] + X[i] @ pair.coef_[0]
    return out


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

    from eval.index_setup import dev_script_args

    args, assistant = dev_script_args("python -m eval.train_ranker", __doc__.splitlines()[0], argv)
    groups = collect(load_questions(args.questions), assistant)
    hand = [np.array([c.score for c in ranked]) for _, ranked, _ in groups]
    X = [np.array([features(c) for c in ranked]) for _, ranked, _ in groups]
    y = [np.array(labels, dtype=int) for _, _, labels in groups]
    learned = cross_validated(X, y, hand)
    D, L = pair_differences(X, y, range(len(groups)), np.random.default_rng(0))
    full = LogisticRegression(C=0.1, max_iter=2000, fit_intercept=False).fit(D, L)
    print(f"{len(groups)} vragen met nuggets; {sum(int(v.sum()) for v in y)} positieve van {sum(len(v) for v in y)} segmenten")
    for name, scores in (("handgewichten", hand), *((f"{k} (5-voudig, per vraag)", v) for k, v in learned.items())):
        lead, any3 = top_rates(groups, scores)
        print(f"{name:38} lead bevat nugget {lead:.3f}   top-3 bevat nugget {any3:.3f}")
    print("paarsgewijze gewichten (volledige dev):", dict(zip(FEATURES, np.round(full.coef_[0], 3))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
