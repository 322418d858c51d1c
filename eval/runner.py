"""Run the gold questions through every retrieval configuration and score them.

The runner only needs three things, passed in so tests can use small fakes:
a retriever with `.search(question, method=..., k=...) -> Retrieval`, the evidence gate
`assess(retrieval) -> Evidence`, and optionally an `ask(question) -> Answer` for the
extractive answers whose citations are checked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from eval import answers as answer_metrics
from eval import metrics
from eval.questions import Question

STAGES = ("embed", "search", "fuse", "rerank", "answer")
KS = (1, 3, 5, 10)


@dataclass
class Coverage:
    """Which questions can be scored against this index, and why others are skipped."""

    questions: list[Question]
    relevant: dict[str, frozenset[str]]  # question id -> indexed document ids it expects
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (question id, reason)
    partial: list[str] = field(default_factory=list)  # some expected sources not indexed


def resolve_sources(questions: Sequence[Question], documents: Mapping[str, Iterable[str]]) -> Coverage:
    """Map each question's expected sources onto indexed document ids.

    `documents` maps document id -> its other names (e.g. the source path). A question
    whose expected sources are all absent from the index is skipped (not scored as a
    miss), so the Algoritmekader part drops out cleanly when ../shared is absent."""
    cov = Coverage([], {})
    names = {doc_id: [doc_id, *others] for doc_id, others in documents.items()}
    for q in questions:
        found: set[str] = set()
        missing = 0
        for expected in q.expected_sources:
            hits = {d for d, ns in names.items() if metrics.source_matches(expected, ns)}
            found |= hits
            missing += not hits
        if q.expected_sources and not found:
            cov.skipped.append((q.id, "verwachte bronnen niet in de index"))
            continue
        if missing:
            cov.partial.append(q.id)
        cov.questions.append(q)
        cov.relevant[q.id] = frozenset(found)
    return cov


@dataclass
class ConfigResult:
    config: str
    default: bool
    ranks: list[int | None] = field(default_factory=list)
    rank_kinds: list[str] = field(default_factory=list)  # the question kind of each rank
    refused: list[bool] = field(default_factory=list)
    unanswerable: list[bool] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # wall ms per search
    answer_latencies: list[float] = field(default_factory=list)  # wall ms per whole answer
    stages: dict[str, list[float]] = field(default_factory=dict)
    citations_total: int = 0
    citations_valid: int = 0
    invalid_citations: list[str] = field(default_factory=list)
    support_cited: int = 0  # LLM answers: sentences carrying [n] ...
    support_supported: int = 0  # ... of which passage n supports the sentence
    misses: list[str] = field(default_factory=list)  # answerable question ids not in top 10
    errors: list[str] = field(default_factory=list)
    answers: answer_metrics.AnswerResult | None = None  # the assistant's answers (default config)
    baselines: dict[str, answer_metrics.AnswerResult] = field(default_factory=dict)

    def by_kind(self) -> dict[str, dict[str, float | int | None]]:
        """recall@5 and MRR@10 per question kind (the paraphrase target is its own number)."""
        out: dict[str, dict[str, float | int | None]] = {}
        for kind in sorted(set(self.rank_kinds)):
            ranks = [r for r, k in zip(self.ranks, self.rank_kinds) if k == kind]
            out[kind] = {"recall@5": _round(metrics.recall_at_k(ranks, 5)),
                         "mrr@10": _round(metrics.mrr_at_k(ranks, 10)), "n": len(ranks)}
        return out

    def add_timings(self, timings: Mapping[str, float]) -> None:
        for stage, ms in timings.items():
            self.stages.setdefault(stage, []).append(float(ms))

    def summary(self) -> dict[str, Any]:
        d: dict[str, Any] = {"config": self.config, "default": self.default}
        for k in KS:
            d[f"recall@{k}"] = _round(metrics.recall_at_k(self.ranks, k))
        d["mrr@10"] = _round(metrics.mrr_at_k(self.ranks, 10))
        d["by_kind"] = self.by_kind()
        d.update({k: _round(v) for k, v in metrics.refusal_scores(self.refused, self.unanswerable).items()})
        d["citation_validity"] = _round(metrics.rate(self.citations_valid, self.citations_total))
        d["support_rate"] = _round(metrics.rate(self.support_supported, self.support_cited))
        d["latency_ms"] = _p50_p95(self.latencies)
        d["answer_latency_ms"] = _p50_p95(self.answer_latencies) if self.answer_latencies else None
        d["stages_ms"] = {s: _p50_p95(v) for s, v in sorted(self.stages.items(), key=_stage_order)}
        d["n_questions"] = len(self.refused)
        d["n_answerable"] = len(self.ranks)
        d["n_unanswerable"] = sum(self.unanswerable)
        d["citations"] = self.citations_total
        d["misses@10"] = self.misses
        d["invalid_citations"] = self.invalid_citations
        d["errors"] = self.errors
        if self.answers is not None:
            d["answers"] = self.answers.summary()
            d["baselines"] = {name: {**b.summary(), "paired": answer_metrics.paired(self.answers, b)}
                              for name, b in self.baselines.items()}
        return d


def _stage_order(item: tuple[str, Any]) -> tuple[int, str]:
    name = item[0]
    return (STAGES.index(name) if name in STAGES else len(STAGES), name)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _p50_p95(values: Sequence[float]) -> dict[str, float | None]:
    return {"p50": _round(metrics.percentile(values, 50)), "p95": _round(metrics.percentile(values, 95))}


def document_ranking(hits: Sequence[Any]) -> list[str]:
    """The hits' documents, best first, each once."""
    return metrics.dedupe(h.chunk.document_id for h in hits)


def check_citations(answer: Any, retrieved: Mapping[str, str], indexed: Callable[[str], str | None]) -> list[str]:
    """Problems with an answer's citations (empty list: all valid).

    A citation is valid when its quote is non-empty and occurs verbatim in the text of the
    chunk it points to, and that chunk was retrieved for the question (`retrieved`: chunk
    id -> text) or, failing that, is in the index with that text (`indexed`: id -> text or
    None) - the answerer may merge neighbouring hits, so retrieval at our depth can miss
    an id it legitimately cites."""
    problems = []
    for c in answer.citations:
        quote = (c.quote or "").strip()
        source_text = retrieved.get(c.chunk.id)
        if source_text is None:
            source_text = indexed(c.chunk.id)
        if not quote:
            problems.append(f"[{c.n}] zonder citaat")
        elif source_text is None:
            problems.append(f"[{c.n}] verwijst naar onbekende passage {c.chunk.id}")
        elif quote not in source_text:
            problems.append(f"[{c.n}] citaat staat niet in passage {c.chunk.id}")
    return problems


def evaluate(
    questions: Sequence[Question],
    relevant: Mapping[str, frozenset[str]],
    retriever: Any,
    assess: Callable[[Any], Any],
    configs: Sequence[str],
    default: str,
    ask: Callable[..., Any] | None = None,
    indexed: Callable[[str], str | None] = lambda _id: None,
    depth: int = 40,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[ConfigResult]:
    """Score every configuration on every question (one pass per configuration).

    The default configuration runs first: its answers give follow-up questions (`follows`)
    their history, and its standalone rewrites are what every configuration searches for.
    `ask(question, history)` answers; the answers are scored by their nuggets next to the
    two baselines built from the same retrieval."""
    ordered = sorted(configs, key=lambda c: c != default)
    by_id = {q.id: q for q in questions}
    previous: dict[str, Any] = {}  # question id -> the default config's Answer
    queries: dict[str, str] = {}  # question id -> what was searched for
    results = []
    for config in ordered:
        res = ConfigResult(config, config == default)
        answering = ask if config == default else None
        if answering is not None:
            res.answers = answer_metrics.AnswerResult("assistent")
        for i, q in enumerate(questions, start=1):
            if progress:
                progress(config, i, len(questions))
            history = []
            if q.follows and q.follows in previous and q.follows in by_id:
                history = [(by_id[q.follows].question, previous[q.follows].text)]
            _score_one(res, q, relevant.get(q.id, frozenset()), retriever, assess, depth,
                       answering, indexed, history, previous, queries)
        results.append(res)
    return sorted(results, key=lambda r: list(configs).index(r.config))


def _score_one(res: ConfigResult, q: Question, relevant: frozenset[str], retriever: Any,
               assess: Callable[[Any], Any], depth: int, ask: Callable[..., Any] | None,
               indexed: Callable[[str], str | None], history: Sequence[tuple[str, str]] = (),
               previous: dict[str, Any] | None = None, queries: dict[str, str] | None = None) -> None:
    queries = {} if queries is None else queries
    answer = None
    if ask is not None:
        try:
            t0 = time.perf_counter()
            answer = ask(q.question, history) if history else ask(q.question)
            res.answer_latencies.append((time.perf_counter() - t0) * 1000)
        except Exception as exc:  # noqa: BLE001
            res.errors.append(f"{q.id} (antwoord): {type(exc).__name__}: {exc}")
        if answer is not None:
            if previous is not None:
                previous[q.id] = answer
            queries[q.id] = getattr(answer, "standalone_question", None) or q.question
    query = queries.get(q.id, q.question)
    try:
        t0 = time.perf_counter()
        retrieval = retriever.search(query, method=res.config, k=depth)
        wall = (time.perf_counter() - t0) * 1000
        evidence = assess(retrieval)
    except Exception as exc:  # noqa: BLE001 - one failing question must not end the run
        res.errors.append(f"{q.id}: {type(exc).__name__}: {exc}")
        return
    res.add_timings(retrieval.timings)
    if q.answerable:
        rank = metrics.first_relevant_rank(document_ranking(retrieval.hits), relevant)
        res.ranks.append(rank)
        res.rank_kinds.append(q.kind)
        if rank is None or rank > 10:
            res.misses.append(q.id)
    res.refused.append(not evidence.answerable if answer is None else bool(answer.refused))
    res.unanswerable.append(not q.answerable)
    res.latencies.append(wall)
    if answer is None:
        return
    _score_answer(res, q, relevant, answer, retrieval)
    res.add_timings({k: v for k, v in answer.timings.items() if k == "answer"})
    checks = getattr(answer, "diagnostics", {})  # the LLM support check (LLM mode only)
    res.support_cited += int(checks.get("support.cited", 0))
    res.support_supported += int(checks.get("support.supported", 0))
    retrieved = {h.chunk.id: h.chunk.text for h in retrieval.hits}
    problems = check_citations(answer, retrieved, indexed)
    res.citations_total += len(answer.citations)
    res.citations_valid += len(answer.citations) - len(problems)
    res.invalid_citations.extend(f"{q.id} {p}" for p in problems)


def _score_answer(res: ConfigResult, q: Question, relevant: frozenset[str], answer: Any,
                  retrieval: Any) -> None:
    """The assistant's answer and the two baselines from the same retrieval, by nuggets."""
    assert res.answers is not None
    cited = [c.chunk.document_id for c in answer.citations]
    res.answers.scored.append(answer_metrics.score(
        q, answer.text, not answer.refused, bool(getattr(answer, "weak", False)), cited, relevant))
    top = retrieval.hits[0].chunk if retrieval.hits else None
    for name, text in answer_metrics.baseline_texts(top.text if top else "").items():
        scored = answer_metrics.score(q, text, top is not None, False,
                                      [top.document_id] if top else [], relevant)
        res.baselines.setdefault(name, answer_metrics.AnswerResult(name)).scored.append(scored)
