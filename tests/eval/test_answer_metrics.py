"""Answers are judged by the facts they contain: nugget matching and the answer metrics."""

from __future__ import annotations

from eval.answers import AnswerResult, baseline_texts, found_nuggets, lead_of, score
from eval.questions import Question

Q = Question("q1", "Wie gaven advies?", ("brief",), "direct", None,
             (("landsadvocaat",), ("autoriteit persoonsgegevens", "(ap)")))
UNANSWERABLE = Question("u1", "Wat is het budget?", (), "unanswerable")


def test_nuggets_match_case_accent_and_whitespace_insensitively():
    text = "Advies van de LANDSADVOCAAT en de Autoriteit\n  Persoonsgegevéns."
    assert found_nuggets(text, Q.expected_nuggets) == [True, True]
    assert found_nuggets("Alleen de AP", Q.expected_nuggets) == [False, False]


def test_a_refusal_scores_zero_and_usefulness_needs_an_expected_source():
    text = "\u201eDe Landsadvocaat en de Autoriteit Persoonsgegevens adviseerden.\u201d [1]"
    good = score(Q, text, True, False, ["brief"], frozenset({"brief"}))
    assert good.recall == 1.0 and good.useful and good.lead
    wrong_source = score(Q, text, True, False, ["ander"], frozenset({"brief"}))
    assert not wrong_source.useful
    refused = score(Q, text, False, False, [], frozenset({"brief"}))
    assert refused.recall == 0.0 and not refused.useful and refused.words == 0


def test_the_lead_is_the_first_quotation_and_the_summary_counts_notices():
    text = "Volgens X:\n\u201eIets anders.\u201d [1]\n\n\u201eDe landsadvocaat.\u201d [1]"
    assert lead_of(text) == "Iets anders."
    result = AnswerResult("assistent", [
        score(Q, text, True, False, ["brief"], frozenset({"brief"})),
        score(UNANSWERABLE, "tekst", True, True, [], frozenset()),
    ])
    summary = result.summary()
    assert summary["nugget_recall"] == 0.5 and summary["lead_nugget_rate"] == 0.0
    assert summary["unanswerable_refused_or_notice"] == 1.0  # answered, but with the notice


def test_baselines_are_the_top_passage_and_its_first_sixty_words():
    passage = " ".join(f"w{i}" for i in range(100))
    whole, short = baseline_texts(passage).values()
    assert whole == passage and len(short.split()) == 60


def test_rates_carry_a_95_percent_interval_and_baselines_a_paired_split():
    from eval.answers import interval, paired

    assert interval(0, 0) is None
    lo, hi = interval(28, 69)  # test-sized: a rate near 0.4 is known to about +-0.12
    assert lo < 28 / 69 < hi and 0.2 < hi - lo < 0.25
    good = "\u201eDe Landsadvocaat en de Autoriteit Persoonsgegevens adviseerden.\u201d [1]"
    qs = [Question(f"q{i}", "Wie?", ("brief",), "direct", None, Q.expected_nuggets) for i in range(12)]
    useful = lambda q, ok: score(q, good if ok else "niets", True, False, ["brief"], frozenset({"brief"}))  # noqa: E731
    assistant = AnswerResult("assistent", [useful(q, i < 10) for i, q in enumerate(qs)])
    baseline = AnswerResult("top-1", [useful(q, i >= 8) for i, q in enumerate(qs)])
    assert assistant.summary()["useful_ci95"] == interval(10, 12)
    split = paired(assistant, baseline)
    assert (split["only_assistant"], split["only_baseline"]) == (8, 2)
    assert 0.05 < split["p"] < 0.2  # 8 against 2 is not yet a sure difference
    assert paired(assistant, assistant) == {"only_assistant": 0, "only_baseline": 0, "p": 1.0}
