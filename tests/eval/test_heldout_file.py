"""The held-out question set (eval/questions_heldout.jsonl) keeps its shape: it loads with the
same validator as the gold set, has the agreed mix, and names documents that exist."""

from eval.questions import load_questions
from tests.conftest import CORPUS, ROOT, needs_corpus

HELDOUT = ROOT / "eval" / "questions_heldout.jsonl"
SEED_ID = "kamerbrief-standpunt-2025"


def test_heldout_loads_with_agreed_mix():
    qs = load_questions(HELDOUT)
    assert len(qs) == 30
    assert all(q.id.startswith("ho-") for q in qs)
    assert sum(SEED_ID in q.expected_sources for q in qs) == 4
    assert sum(not q.answerable for q in qs) == 6
    assert all(len(q.expected_sources) >= 2 for q in qs if q.kind == "multi-doc")
    # ids are lower case, as the ingest produces them
    assert all(s == s.lower() for q in qs for s in q.expected_sources)


def test_heldout_does_not_repeat_gold_questions():
    gold = {q.question.lower() for q in load_questions(ROOT / "eval" / "questions.jsonl")}
    assert not [q.id for q in load_questions(HELDOUT) if q.question.lower() in gold]


@needs_corpus()
def test_heldout_corpus_sources_exist():
    pages = {p.relative_to(CORPUS).with_suffix("").as_posix().lower() for p in CORPUS.rglob("*.md")}
    for q in load_questions(HELDOUT):
        for source in q.expected_sources:
            assert source == SEED_ID or source in pages, f"{q.id}: {source}"
