"""The learned segment ranking: pairs are drawn within a question, and a pairwise model
learns an order that puts a question's positives first."""

from __future__ import annotations

import numpy as np

from eval.train_ranker import cross_validated, pair_differences, top_rates


def _questions(n: int, seed: int = 3) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Questions of 12 segments each; a segment is a positive when its feature 0 is high,
    while feature 1 is noise that is, on average, higher for the negatives."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for _ in range(n):
        f0 = rng.random(12)
        labels = (f0 > 0.8).astype(int)
        labels[np.argmax(f0)] = 1  # every question has a positive
        f1 = rng.random(12) + 0.5 * (1 - labels)
        X.append(np.column_stack([f0, f1]))
        y.append(labels)
    return X, y


def test_pairs_come_from_one_question_and_both_orders():
    X, y = _questions(4)
    D, L = pair_differences(X, y, [0, 2], np.random.default_rng(0), per_question=50)
    assert D.shape == (100, 2) and set(L) == {0, 1}
    # the first feature of a positive is higher: a pair labelled 1 has a positive difference
    assert (D[L == 1, 0] > 0).all() and (D[L == 0, 0] < 0).all()
    none, _ = pair_differences(X, [np.zeros(12, int)] * 4, [0, 1], np.random.default_rng(0))
    assert none.shape == (0, 2)  # no positive, no pairs


def test_the_pairwise_model_ranks_the_positives_first_where_the_hand_score_does_not():
    X, y = _questions(40)
    hand = [x[:, 1] for x in X]  # a "hand" score that follows the noise
    groups = [(str(i), list(range(12)), list(map(bool, labels))) for i, labels in enumerate(y)]
    learned = cross_validated(X, y, hand)
    assert top_rates(groups, learned["pairwise"])[0] >= 0.9
    assert top_rates(groups, hand)[0] < 0.5
