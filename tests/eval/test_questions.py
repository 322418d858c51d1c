"""The gold question file: its format is validated, and the shipped gold set is well-formed
and labelled with sources that exist."""

import json
from pathlib import Path

import pytest

from eval.questions import QuestionFileError, load_questions
from tests.conftest import CORPUS, ROOT, needs_corpus

GOLD = ROOT / "eval" / "questions.jsonl"
SEED_ID = "kamerbrief-standpunt-2025"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_file_with_blank_and_comment_lines(tmp_path):
    path = write(tmp_path, "# comment", '{"id": "a", "question": "Mag ik dat?", "expected_sources": ["d1"]}', "",
                 '{"id": "b", "question": "Hoofdstad?", "expected_sources": []}')
    qs = load_questions(path)
    assert [q.id for q in qs] == ["a", "b"]
    assert qs[0].kind == "direct" and qs[1].kind == "unanswerable" and not qs[1].answerable


@pytest.mark.parametrize("bad,needle", [
    ("{not json", "geen geldige JSON"),
    ('{"id": "x", "question": "", "expected_sources": []}', "'question'"),
    ('{"id": "x", "question": "q", "expected_sources": "d1"}', "expected_sources"),
    ('{"id": "x", "question": "q", "expected_sources": [], "kind": "weird"}', "'kind'"),
    ('{"id": "x", "question": "q", "expected_sources": ["d"], "kind": "unanswerable"}', "unanswerable"),
    ('{"id": "x", "question": "q", "expected_sources": [], "extra": 1}', "onbekend veld"),
    ('["a"]', "JSON-object"),
])
def test_bad_line_names_the_line_number(tmp_path, bad, needle):
    path = write(tmp_path, '{"id": "ok", "question": "q", "expected_sources": []}', bad)
    with pytest.raises(QuestionFileError) as err:
        load_questions(path)
    assert f"{path}:2" in str(err.value) and needle in str(err.value)


def test_duplicate_id_and_empty_file(tmp_path):
    line = '{"id": "a", "question": "q", "expected_sources": []}'
    with pytest.raises(QuestionFileError, match="komt al voor op regel 1"):
        load_questions(write(tmp_path, line, line))
    with pytest.raises(QuestionFileError, match="geen vragen"):
        load_questions(write(tmp_path, ""))
    with pytest.raises(QuestionFileError, match="niet leesbaar"):
        load_questions(tmp_path / "missing.jsonl")


def test_gold_set_shape():
    qs = load_questions(GOLD)
    kinds = [q.kind for q in qs]
    assert len(qs) >= 60
    assert kinds.count("unanswerable") == 10
    seed = [q for q in qs if SEED_ID in q.expected_sources]
    assert 10 <= len(seed) <= 16
    assert {"direct", "paraphrase", "multi-doc"} <= set(kinds)
    assert all(len(q.expected_sources) >= 2 for q in qs if q.kind == "multi-doc")
    # one JSON object per line, nothing else
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)


@needs_corpus()
def test_gold_corpus_sources_exist():
    for q in load_questions(GOLD):
        for source in q.expected_sources:
            if source != SEED_ID:
                assert (CORPUS / f"{source}.md").is_file(), f"{q.id}: {source}"


def test_nuggets_and_follow_ups_are_validated(tmp_path):
    import json

    import pytest

    from eval.questions import QuestionFileError, load_questions

    def write(*rows):
        path = tmp_path / "q.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path

    good = {"id": "a", "question": "Wie?", "expected_sources": ["x"],
            "expected_nuggets": [["landsadvocaat"], ["ap", "autoriteit persoonsgegevens"]]}
    follow = {"id": "b", "question": "En daarna?", "expected_sources": ["x"], "follows": "a"}
    qs = load_questions(write(good, follow))
    assert qs[0].expected_nuggets == (("landsadvocaat",), ("ap", "autoriteit persoonsgegevens"))
    assert qs[1].follows == "a"
    with pytest.raises(QuestionFileError, match="expected_nuggets"):
        load_questions(write(dict(good, expected_nuggets=["landsadvocaat"])))
    with pytest.raises(QuestionFileError, match="follows"):
        load_questions(write(dict(follow, follows="z")))
    with pytest.raises(QuestionFileError, match="onbeantwoordbare"):
        load_questions(write(dict(good, expected_sources=[], kind="unanswerable")))


def test_several_files_pool_into_one_set_with_their_own_ids(tmp_path):
    """Test and the unseen sets are measured as one pooled set; an id used in two files is an
    error, since a follow-up names the question it follows by id."""
    from eval.questions import load_pooled

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": "a1", "question": "Mag ik dat?", "expected_sources": ["d1"]}\n', encoding="utf-8")
    b.write_text('{"id": "b1", "question": "Wie?", "expected_sources": ["d2"]}\n'
                 '{"id": "b2", "question": "En dan?", "expected_sources": ["d2"], "follows": "b1"}\n',
                 encoding="utf-8")
    assert [q.id for q in load_pooled([a, b])] == ["a1", "b1", "b2"]
    clash = tmp_path / "c.jsonl"
    clash.write_text('{"id": "b1", "question": "Nog eens?", "expected_sources": []}\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"'b1' komt ook voor in .*b\.jsonl"):
        load_pooled([a, b, clash])
