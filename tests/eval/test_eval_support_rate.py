"""support_rate in the evaluation: supported / cited sentences of LLM answers."""

from __future__ import annotations

from types import SimpleNamespace

from eval.questions import Question
from eval.runner import evaluate
from wijzer.types import Answer, Chunk, Hit

CHUNK = Chunk(id="d1#0", document_id="d1", document_version="v", title="d1", kind="web", section=(),
              page_start=None, page_end=None, char_start=0, char_end=5, text="tekst", location="")


class Retriever:
    def search(self, question, *, method=None, k=None, kinds=None):
        return SimpleNamespace(hits=(Hit(CHUNK, 1.0),), timings={})


def run(answers):
    questions = [Question(f"q{i}", f"vraag {i}", ("d1",), "direct") for i in range(len(answers))]
    by_question = {q.question: a for q, a in zip(questions, answers)}
    (result,) = evaluate(questions, {q.id: frozenset({"d1"}) for q in questions}, Retriever(),
                         lambda r: SimpleNamespace(answerable=True), ["hybrid"], "hybrid",
                         ask=by_question.__getitem__)
    return result.summary()


def answer(mode, diagnostics):
    return Answer("q", "t", (), False, mode, "1", diagnostics=diagnostics)


def test_support_rate_counts_the_llm_answers_sentences():
    summary = run([answer("llm", {"support.cited": 3, "support.supported": 2}),
                   answer("extractive", {"support.cited": 1, "support.supported": 0}),  # fell back
                   answer("extractive", {})])  # extractive mode: nothing to check
    assert summary["support_rate"] == 0.5


def test_support_rate_is_none_for_extractive_answers():
    assert run([answer("extractive", {})])["support_rate"] is None
