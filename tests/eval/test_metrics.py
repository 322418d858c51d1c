"""The metric functions on hand-made rankings, with the expected numbers worked out by hand."""

import math

import pytest

from eval import metrics as m


def test_dedupe_keeps_first_occurrence_order():
    assert m.dedupe(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def test_first_relevant_rank_counts_documents_not_chunks():
    # chunk ranking a, a, b, c -> document ranking a, b, c: b is at rank 2, not 3
    docs = m.dedupe(["a", "a", "b", "c"])
    assert m.first_relevant_rank(docs, {"b"}) == 2
    assert m.first_relevant_rank(docs, {"c", "b"}) == 2  # any expected document counts
    assert m.first_relevant_rank(docs, {"z"}) is None


def test_recall_at_k_and_mrr_by_hand():
    ranks = [1, 3, None, 6]
    assert m.recall_at_k(ranks, 1) == 0.25
    assert m.recall_at_k(ranks, 3) == 0.5
    assert m.recall_at_k(ranks, 5) == 0.5
    assert m.recall_at_k(ranks, 10) == 0.75
    assert m.mrr_at_k(ranks, 10) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert m.mrr_at_k(ranks, 5) == pytest.approx((1 + 1 / 3) / 4)  # rank 6 is past the cutoff
    assert m.recall_at_k([], 5) is None and m.mrr_at_k([], 10) is None


def test_precision_recall_f1_and_undefined_cases():
    p, r, f = m.precision_recall_f1(tp=8, fp=2, fn=2)
    assert (p, r) == (0.8, 0.8) and f == pytest.approx(0.8)
    p, r, f = m.precision_recall_f1(tp=0, fp=0, fn=3)
    assert p is None and r == 0.0 and f is None
    assert m.precision_recall_f1(0, 2, 2) == (0.0, 0.0, 0.0)


def test_refusal_scores():
    refused = [True, True, False, False, True, False]
    unanswerable = [True, False, True, False, True, False]
    s = m.refusal_scores(refused, unanswerable)
    # tp=2 (0,4), fp=1 (1), fn=1 (2); answerable = 3 of which 1 refused
    assert s["refusal_precision"] == pytest.approx(2 / 3)
    assert s["refusal_recall"] == pytest.approx(2 / 3)
    assert s["refusal_f1"] == pytest.approx(2 / 3)
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError):
        m.refusal_scores([True], [])


def test_percentile_interpolates_like_numpy():
    np = pytest.importorskip("numpy")
    values = [12.0, 3.0, 7.0, 100.0, 5.0]
    for q in (0, 25, 50, 90, 95, 100):
        assert m.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert m.percentile([4.0], 95) == 4.0
    assert m.percentile([], 50) is None


@pytest.mark.parametrize("expected,names,ok", [
    ("soorten-algoritmes-en-ai/generatieve-ai", ["soorten-algoritmes-en-ai/generatieve-ai"], True),
    ("soorten-algoritmes-en-ai/generatieve-ai", ["algoritmekader/soorten-algoritmes-en-ai/generatieve-ai"], True),
    ("soorten-algoritmes-en-ai/generatieve-ai.md", ["x", "soorten-algoritmes-en-ai/generatieve-ai.md"], True),
    ("algoritmekader/onderwerpen/data", ["onderwerpen/data"], True),
    ("kamerbrief-standpunt-2025", ["kamerbrief-standpunt-2025"], True),
    ("onderwerpen/data", ["onderwerpen/data-kwaliteit"], False),  # no partial-word match
    ("generatieve-ai", ["soorten-algoritmes-en-ai/degeneratieve-ai"], False),
    ("", ["x"], False),
])
def test_source_matches(expected, names, ok):
    assert m.source_matches(expected, names) is ok


def test_auroc_counts_pairs_and_ties_half():
    assert m.auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert m.auroc([0.1], [0.9]) == 0.0
    # pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.2) win, (0.1 vs 0.5) loss, (0.1 vs 0.2) loss
    assert m.auroc([0.5, 0.1], [0.5, 0.2]) == pytest.approx(1.5 / 4)
    assert math.isnan(m.auroc([], [0.1]))


def test_tune_retrieval_scores_with_the_eval_definitions():
    from eval.tune_retrieval import score_run

    questions = [{"expected_sources": [s]} for s in ("a.md", "x/b", "c")]
    rankings = [["dir/a", "b"], ["q", "r", "x/b"], ["q"]]  # a@1 (suffix + folder), b@3, c missed
    s = score_run(questions, rankings)
    assert (s["r@1"], s["r@3"]) == (pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert s["mrr@10"] == pytest.approx((1 + 1 / 3) / 3)
