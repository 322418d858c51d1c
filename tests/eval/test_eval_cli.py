"""The evaluation run: the runner on a hand-made fake retriever (exact numbers), and
`python -m eval` end to end over the tiny documents of conftest once retrieval exists."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from eval.questions import Question
from eval.runner import check_citations, evaluate, resolve_sources
from wijzer.types import Answer, Chunk, Citation, Hit


def chunk(doc: str, n: int, text: str = "tekst") -> Chunk:
    return Chunk(id=f"{doc}#{n}", document_id=doc, document_version="v", title=doc, kind="web",
                 section=(), page_start=None, page_end=None, char_start=0, char_end=len(text),
                 text=text, location="")


@dataclass
class FakeRetrieval:
    question: str
    hits: tuple
    method: str
    index_version: str = "1"
    timings: dict = field(default_factory=lambda: {"embed": 2.0, "search": 1.0})


class FakeRetriever:
    """Rankings per (method, question), given as chunk document ids best first."""

    def __init__(self, table):
        self.table = table

    def search(self, question, *, method=None, k=None, kinds=None):
        docs = self.table[method][question]
        return FakeRetrieval(question, tuple(Hit(chunk(d, i), 1.0 / (i + 1)) for i, d in enumerate(docs)), method)


def q(id_, text, sources, kind=None):
    return Question(id_, text, tuple(sources), kind or ("unanswerable" if not sources else "direct"))


QUESTIONS = [q("a", "qa", ["d1"]), q("b", "qb", ["d2", "d9"]), q("c", "qc", ["d3"]), q("u", "qu", [])]
TABLE = {
    # chunks of d1 twice: documents d1, d2, d3 -> a@1, b@2, c@3
    "hybrid": {"qa": ["d1", "d1", "d2"], "qb": ["d1", "d1", "d2"], "qc": ["d1", "d2", "d3"], "qu": ["d5"]},
    # a@2, b missed, c@1
    "bm25": {"qa": ["d4", "d1"], "qb": ["d1"], "qc": ["d3"], "qu": ["d5"]},
}


def gate(retrieval):
    # refuses when the top document is d5 or d4
    return SimpleNamespace(answerable=retrieval.hits[0].chunk.document_id not in ("d4", "d5"))


def A(x):
    return pytest.approx(x, abs=1e-4)  # summaries are rounded to 4 decimals


def test_runner_scores_by_hand():
    cov = resolve_sources(QUESTIONS, {d: [] for d in ("d1", "d2", "d3", "d4", "d5")})
    assert cov.partial == ["b"] and not cov.skipped  # d9 not indexed
    results = evaluate(cov.questions, cov.relevant, FakeRetriever(TABLE), gate, ["hybrid", "bm25"], "hybrid")
    hyb, bm = (r.summary() for r in results)
    assert hyb["default"] and not bm["default"]
    assert (hyb["recall@1"], hyb["recall@3"]) == (A(1 / 3), 1.0)
    assert hyb["mrr@10"] == A((1 + 1 / 2 + 1 / 3) / 3)
    assert (bm["recall@1"], bm["recall@3"], bm["mrr@10"]) == (A(1 / 3), A(2 / 3), 0.5)
    assert bm["misses@10"] == ["b"]
    # hybrid: refuses only qu -> P=R=F1=1, no false refusals; bm25 also refuses qa (top d4)
    assert (hyb["refusal_precision"], hyb["refusal_recall"], hyb["false_refusal_rate"]) == (1.0, 1.0, 0.0)
    assert bm["refusal_precision"] == 0.5 and bm["false_refusal_rate"] == A(1 / 3)
    assert hyb["n_questions"] == 4 and hyb["n_answerable"] == 3
    assert hyb["stages_ms"]["embed"] == {"p50": 2.0, "p95": 2.0}
    assert hyb["citation_validity"] is None  # no answers asked


def test_runner_reports_recall_per_question_kind():
    questions = QUESTIONS[:2] + [q("c", "qc", ["d3"], kind="paraphrase"), QUESTIONS[3]]
    cov = resolve_sources(questions, {d: [] for d in ("d1", "d2", "d3", "d4", "d5")})
    (bm,) = (r.summary() for r in evaluate(cov.questions, cov.relevant, FakeRetriever(TABLE), gate, ["bm25"], "bm25"))
    # bm25: a@2 and b missed are "direct", c@1 is "paraphrase"
    assert bm["by_kind"]["direct"] == {"recall@5": 0.5, "mrr@10": 0.25, "n": 2}
    assert bm["by_kind"]["paraphrase"] == {"recall@5": 1.0, "mrr@10": 1.0, "n": 1}


def test_questions_about_absent_sources_are_skipped():
    cov = resolve_sources(QUESTIONS, {"algoritmekader/d1": ["d1.md"]})
    assert [x.id for x in cov.questions] == ["a", "u"]
    assert {i for i, _ in cov.skipped} == {"b", "c"}
    assert cov.relevant["a"] == frozenset({"algoritmekader/d1"})


def test_citation_check():
    c1 = chunk("d1", 0, "De AP werd om advies gevraagd. Verder niets.")
    retrieved = {c1.id: c1.text}
    ok = Answer("q", "t [1]", (Citation(1, c1, "De AP werd om advies gevraagd."),), False, "extractive", "1")
    assert check_citations(ok, retrieved, lambda _: None) == []
    bad_quote = Answer("q", "t", (Citation(1, c1, "Iets anders."),), False, "extractive", "1")
    assert "niet in passage" in check_citations(bad_quote, retrieved, lambda _: None)[0]
    ghost = chunk("d7", 3, "Spook.")
    unknown = Answer("q", "t", (Citation(1, ghost, "Spook."),), False, "extractive", "1")
    assert "onbekende passage" in check_citations(unknown, retrieved, lambda _: None)[0]
    # not retrieved at our depth but in the index with that text: valid
    assert check_citations(unknown, retrieved, lambda i: "Een Spook." if i == ghost.id else None) == []


def test_runner_checks_citations_of_the_default_config_only():
    c = chunk("d1", 0, "tekst")
    answer = Answer("qa", "tekst [1]", (Citation(1, c, "tekst"), Citation(2, c, "fout")), False, "extractive", "1",
                    timings={"answer": 3.0})
    calls = []
    ask = lambda question: calls.append(question) or answer  # noqa: E731
    cov = resolve_sources(QUESTIONS[:1], {"d1": []})
    hyb, bm = (r.summary() for r in evaluate(cov.questions, cov.relevant, FakeRetriever(TABLE), gate,
                                              ["hybrid", "bm25"], "hybrid", ask=ask))
    assert calls == ["qa"]
    assert hyb["citation_validity"] == 0.5 and hyb["citations"] == 2 and bm["citation_validity"] is None
    assert hyb["stages_ms"]["answer"]["p50"] == 3.0 and hyb["answer_latency_ms"]["p50"] is not None


# --- python -m eval end to end over the tiny documents (hash embedder, temp index) -------
TINY_QUESTIONS = [
    {"id": "t1", "question": "Geldt het standpunt ook voor waterschappen en provincies?", "expected_sources": ["standpunt"], "kind": "paraphrase"},
    {"id": "t2", "question": "Moet ik een DPIA doen met de privacy officer?", "expected_sources": ["handreiking.md"], "kind": "direct"},
    {"id": "t3", "question": "Wat kost een parkeervergunning voor bewoners per wijk?", "expected_sources": ["parkeren"], "kind": "direct"},
    {"id": "t4", "question": "Wat is de hoofdstad van Frankrijk?", "expected_sources": [], "kind": "unanswerable"},
    {"id": "t5", "question": "Wat zegt het Algoritmekader over IAMA?", "expected_sources": ["algoritmekader/iama"], "kind": "direct"},
]


@pytest.fixture
def eval_env(monkeypatch, tmp_path, knowledge_dir):
    from tests.conftest import HashEmbeddings

    monkeypatch.setenv("WIJZER_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setattr("wijzer.embeddings.make_embeddings", lambda settings: HashEmbeddings())
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in TINY_QUESTIONS) + "\n", encoding="utf-8")
    return path


def test_cli_json_end_to_end(eval_env, tmp_path, capsys):
    from eval.__main__ import main

    code = main(["--questions", str(eval_env), "--temp-index", "--cache-dir", str(tmp_path / "cache"),
                 "--source", str(tmp_path / "absent"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    rows = {r["config"]: r for r in out["results"]}
    assert list(rows) == ["bm25", "dense", "hybrid"]
    keys = {"config", "default", "recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "refusal_precision",
            "refusal_recall", "refusal_f1", "false_refusal_rate", "citation_validity", "latency_ms", "n_questions"}
    for r in rows.values():
        assert keys <= set(r) and set(r["latency_ms"]) == {"p50", "p95"}
        assert r["n_questions"] == 4 and r["n_answerable"] == 3  # t5's source is not indexed
        # each question shares rare words with exactly its own document (and the hash embedder
        # turns shared words into similarity), so every config ranks it first; t4 is refused
        assert (r["recall@1"], r["mrr@10"], r["misses@10"]) == (1.0, 1.0, []), r["config"]
        # the gate alone refuses exactly t4; the default config's answers may also refuse a
        # question whose asked fact no quote states, so it is held to refusal recall only
        expected = (r["refusal_recall"],) if r["default"] else (r["refusal_precision"], r["refusal_recall"])
        assert expected == (1.0,) * len(expected), r["config"]
        assert not r["errors"]
    assert [r["config"] for r in out["results"] if r["default"]] == ["hybrid"]
    # the default config answers t1 and t2 (t3 asks what a permit costs, which the parking
    # document does not say: refused); every quote occurs in its passage
    hybrid = rows["hybrid"]
    assert hybrid["citations"] >= 2 and hybrid["invalid_citations"] == []
    assert hybrid["citation_validity"] == 1.0
    assert rows["dense"]["citation_validity"] is None
    assert [s["id"] for s in out["skipped"]] == ["t5"]
    assert out["index"]["documents"] == 3
    assert any("ontbreekt" in n for n in out["notes"])
    # second run: the cached index is reused, nothing re-ingested
    assert main(["--questions", str(eval_env), "--temp-index", "--cache-dir", str(tmp_path / "cache"), "--json",
                 "--config", "bm25", "--no-answers"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["refresh"]["added"] == [] and again["index"]["version"] == out["index"]["version"]


def test_cli_pools_several_question_files(eval_env, tmp_path, capsys):
    """`--questions` repeated measures the files as one set (the sets nobody tuned on, pooled)."""
    from eval.__main__ import main

    rows = [json.loads(line) for line in eval_env.read_text(encoding="utf-8").splitlines() if line.strip()]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    second.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[1:]) + "\n", encoding="utf-8")
    assert main(["--questions", str(first), "--questions", str(second), "--temp-index",
                 "--cache-dir", str(tmp_path / "cache"), "--config", "hybrid", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_questions_total"] == len(rows) and out["questions_file"] == f"{first} + {second}"
    assert out["results"][0]["n_questions"] == len(rows) - len(out["skipped"])


def test_cli_table_and_bad_question_file(eval_env, tmp_path, capsys):
    from eval.__main__ import main

    assert main(["--questions", str(eval_env), "--temp-index", "--cache-dir", str(tmp_path / "cache"),
                 "--config", "hybrid"]) == 0
    screen = capsys.readouterr().out
    assert "| hybrid *" in screen and "MRR@10" in screen
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q", "expected_sources": []}\n{"id": "b"}\n', encoding="utf-8")
    assert main(["--questions", str(bad), "--temp-index", "--cache-dir", str(tmp_path / "cache")]) == 2
    assert f"{bad}:2" in capsys.readouterr().err
