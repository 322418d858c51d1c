"""The dev and test sets: written once, split once by a fixed seed, nuggets that a source states.

A nugget that no expected source contains could never be found by an extractive answer and
would silently lower every score; the last test reads each expected source with the
project's own readers and checks that every nugget has an alternative in one of them.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pytest

from eval.questions import load_questions
from eval.split import DEV, EVAL_DIR, TEST, split
from tests.conftest import CORPUS, ROOT
from wijzer.text import normalize

UNSEEN = EVAL_DIR / "questions_unseen_f.jsonl"  # report only, outside the split
UNSEEN_G = EVAL_DIR / "questions_unseen_g.jsonl"  # a second one, written a round later
UNSEEN_H = EVAL_DIR / "questions_unseen_h.jsonl"  # a third, written two rounds later
UNSEEN_J = EVAL_DIR / "questions_unseen_j.jsonl"  # a fourth, written three rounds later
UNSEEN_K = EVAL_DIR / "questions_unseen_k.jsonl"  # a fifth, written two sessions later
UNSEEN_M = EVAL_DIR / "questions_unseen_m.jsonl"  # a sixth, written in the twelfth session
UNSEEN_N = EVAL_DIR / "questions_unseen_n.jsonl"  # a seventh, written in the thirteenth session
UNSEEN_O = EVAL_DIR / "questions_unseen_o.jsonl"  # an eighth, written in the fourteenth session
UNSEEN_P = EVAL_DIR / "questions_unseen_p.jsonl"  # a ninth, written in the fifteenth session
LETTER_ID = "kamerbrief-standpunt-2025"
LETTER = ROOT / "knowledge" / "kamerbrief-overheidsbreed-standpunt-generatieve-ai.txt"
CORPORA = [ROOT / "knowledge" / "algoritmekader", CORPUS]


def _new(qs):
    return [q for q in qs if q.id.startswith(("na-", "nb-"))]


def test_split_is_reproducible_and_disjoint():
    dev, test = load_questions(DEV), load_questions(TEST)
    again_dev, again_test = split()
    assert [q.id for q in dev] == [r["id"] for r in again_dev]
    assert [q.id for q in test] == [r["id"] for r in again_test]
    assert not {q.id for q in dev} & {q.id for q in test}
    assert not {q.question.lower() for q in dev} & {q.question.lower() for q in test}


def test_new_questions_have_the_agreed_mix():
    qs = _new(load_questions(DEV)) + _new(load_questions(TEST))
    assert len(qs) >= 150
    assert sum(not q.answerable for q in qs) >= 30
    assert sum(q.follows is not None for q in qs) >= 10
    assert all(q.expected_nuggets for q in qs if q.answerable)
    # a follow-up stays in the same set as the question it follows
    for path in (DEV, TEST):
        ids = {q.id for q in load_questions(path)}
        assert all(q.follows in ids for q in load_questions(path) if q.follows)


@lru_cache(maxsize=None)
def _source_text(source: str) -> str | None:
    from ingest.readers import markdown, pdf, text
    from ingest.sources import _file_id

    if source == LETTER_ID:
        pages, _ = text.read(LETTER, LETTER.read_bytes())
        return normalize("\n".join(p.text for p in pages))
    for root in CORPORA:
        for suffix, reader in ((".md", markdown.read), (".pdf", pdf.read)):
            path = _by_id(root).get((_file_id(Path(f"{source}{suffix}")), suffix))
            if path is not None:
                pages, _ = reader(path, path.read_bytes())
                return normalize("\n".join(p.text for p in pages))
    return None


@lru_cache(maxsize=None)
def _by_id(root: Path) -> dict[tuple[str, str], Path]:
    """The folder's files by document id, as ingest gives it ("…/documents/genai_compliance_faq"
    for "GenAI_compliance_FAQ.pdf"), and suffix."""
    from ingest.sources import _file_id

    return {(_file_id(p.relative_to(root)), p.suffix.lower()): p
            for p in root.rglob("*") if p.is_file()} if root.is_dir() else {}


@pytest.mark.corpus
@pytest.mark.skipif(not any(c.is_dir() for c in CORPORA), reason="the Algoritmekader is absent")
def test_every_nugget_occurs_in_an_expected_source():
    problems = []
    for path in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K, UNSEEN_M, UNSEEN_N, UNSEEN_O,
                 UNSEEN_P):
        for q in load_questions(path):
            if not q.expected_nuggets:
                continue
            texts = [t for t in (_source_text(s) for s in q.expected_sources) if t is not None]
            if not texts:
                problems.append(f"{q.id}: geen van de verwachte bronnen gevonden")
                continue
            for nugget in q.expected_nuggets:
                if not any(normalize(alt) in t for alt in nugget for t in texts):
                    problems.append(f"{q.id}: {nugget}")
    assert not problems, problems


def _has_the_agreed_mix(unseen, total: int = 60, unanswerable: int = 15, follow_ups: int = 8) -> None:
    """What the issue asks of a set: its size and unanswerable share, nuggets for every
    answerable question, follow-ups that point back to an earlier question of the set."""
    assert len(unseen) == total and sum(not q.answerable for q in unseen) == unanswerable
    assert all(q.expected_nuggets for q in unseen if q.answerable)
    assert sum(q.follows is not None for q in unseen) >= follow_ups
    ids = [q.id for q in unseen]
    assert all(q.follows in ids[:ids.index(q.id)] for q in unseen if q.follows)


def test_the_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources before the system saw it, run once to report:
    none of its questions is in test, one short one coincides word for word with a dev
    question ("is vlam-chat een hoog risico systeem?", the first turn of a follow-up pair),
    and it has what the issue asks of a set."""
    unseen = load_questions(UNSEEN)
    asked = {q.question.lower(): q.id for q in unseen}
    assert not set(asked) & {q.question.lower() for q in load_questions(TEST)}
    assert [asked[t] for t in set(asked) & {q.question.lower() for q in load_questions(DEV)}] == ["uf-009"]
    _has_the_agreed_mix(unseen, total=40, unanswerable=10, follow_ups=0)


def test_the_second_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by another helper from the sources alone, without running the system or
    seeing the other question files, committed before the system ran on it. Two obvious
    unanswerable questions coincide word for word with one of dev and one of test. The dev
    questions written later by another helper (questions_dev_i) repeat one more unanswerable
    one and one short first turn, "Is VLAM-chat een hoog-risico AI-systeem?" (ug-023)."""
    unseen = load_questions(UNSEEN_G)
    asked = {q.question.lower(): q.id for q in unseen}
    overlap = lambda path: sorted(asked[t] for t in set(asked) & {q.question.lower() for q in load_questions(path)})  # noqa: E731
    assert overlap(DEV) == ["ug-023", "ug-042", "ug-059"] and overlap(TEST) == ["ug-054"] and overlap(UNSEEN) == []
    assert not any(q.answerable for q in unseen if q.id in ("ug-042", "ug-054", "ug-059"))
    _has_the_agreed_mix(unseen)


def test_the_third_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone (ids as ingest gives them, in lower case),
    without running the system or seeing the other question files, and committed before the
    system ran on it. One off-topic question coincides word for word with one of the second
    unseen set ("Wordt het morgen droog in Den Haag? …"), and one unanswerable one with a
    dev question written later (questions_dev_i)."""
    unseen = load_questions(UNSEEN_H)
    asked = {q.question.lower(): q for q in unseen}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G):
        same = [asked[q.question.lower()] for q in load_questions(other) if q.question.lower() in asked]
        assert [q.id for q in same] == {UNSEEN_G: ["uh-003"], DEV: ["uh-045"]}.get(other, [])
        assert not any(q.answerable for q in same)
    _has_the_agreed_mix(unseen)


def test_the_fourth_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone, without running the system or seeing the
    other question files, and committed before the system ran on it. Two obvious
    unanswerable questions coincide word for word with questions of the second unseen set
    and of dev."""
    unseen = load_questions(UNSEEN_J)
    asked = {q.question.lower(): q for q in unseen}
    expected = {UNSEEN_G: ["uj-026", "uj-060"], DEV: ["uj-026", "uj-060"]}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H):
        same = [asked[q.question.lower()] for q in load_questions(other) if q.question.lower() in asked]
        assert sorted({q.id for q in same}) == expected.get(other, [])
        assert not any(q.answerable for q in same)
    _has_the_agreed_mix(unseen)


def test_the_fifth_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone, without running the system or seeing the
    other question files, and committed before the system ran on it. Two answerable
    questions coincide word for word with dev questions written by another helper (uk-028,
    the first turn of a follow-up pair, is ni-013; uk-047 is ni-067), and one unanswerable
    one with the third unseen set: the README reports the set with and without them."""
    unseen = load_questions(UNSEEN_K)
    asked = {q.question.lower(): q for q in unseen}
    expected = {DEV: ["uk-028", "uk-047"], UNSEEN_H: ["uk-027"]}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J):
        same = [asked[q.question.lower()] for q in load_questions(other) if q.question.lower() in asked]
        assert sorted({q.id for q in same}) == expected.get(other, [])
    _has_the_agreed_mix(unseen)


def test_the_sixth_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone (twelfth session), without running the
    system or seeing the other question files, and committed before the system ran on it.
    One off-topic question coincides word for word with one of the first unseen set."""
    unseen = load_questions(UNSEEN_M)
    asked = {q.question.lower(): q for q in unseen}
    expected = {UNSEEN: ["um-058"]}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K):
        same = [asked[q.question.lower()] for q in load_questions(other) if q.question.lower() in asked]
        assert sorted({q.id for q in same}) == expected.get(other, [])
        assert not any(q.answerable for q in same)
    _has_the_agreed_mix(unseen, follow_ups=10)


def test_the_seventh_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone (thirteenth session), without running the
    system or seeing the other question files, and committed before the system ran on it.
    Two of its answerable first turns coincide word for word with dev questions (un-017 "Is
    VLAM-chat een hoog-risico AI-systeem?", also in unseen g, and un-044 "Wat is het
    verschil tussen het IAMA en het AIIA?"): its results are reported with and without them."""
    unseen = load_questions(UNSEEN_N)
    asked = {q.question.lower(): q for q in unseen}
    expected = {DEV: ["un-017", "un-044"], UNSEEN_G: ["un-017"]}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K, UNSEEN_M):
        same = [asked[q.question.lower()] for q in load_questions(other) if q.question.lower() in asked]
        assert sorted({q.id for q in same}) == expected.get(other, [])
    _has_the_agreed_mix(unseen, follow_ups=10)


def test_the_eighth_unseen_set_is_its_own_and_has_the_agreed_mix():
    """Written by a helper from the sources alone (fourteenth session), without running the
    system, and committed before the system ran on it. Five of its questions had repeated
    questions of other sets word for word (one of dev, one of test, three of unseen sets); they
    were reworded, keeping what they ask, before any run."""
    unseen = load_questions(UNSEEN_O)
    asked = {q.question.lower() for q in unseen}
    for other in (DEV, TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K, UNSEEN_M, UNSEEN_N):
        assert not asked & {q.question.lower() for q in load_questions(other)}
    _has_the_agreed_mix(unseen, follow_ups=10)


def _near(a: str, b: str, ratio: float = 0.75) -> bool:
    """difflib's similarity, its cheap upper bounds first (as get_close_matches does)."""
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= ratio and m.quick_ratio() >= ratio and m.ratio() >= ratio


def test_the_ninth_unseen_set_repeats_no_question_not_even_nearly():
    """Written by a helper from the sources alone (fifteenth session), without running the
    system. Its first draft repeated 32 of 60 questions of other sets exactly or nearly
    ("mag ik chatgtp gebruiken voor mijn werk bij de gemeente?"): the sources hold only so
    many natural questions. Those were replaced by questions on other facts, mostly of pages
    few questions cover, and the file was committed before any run. Near means a similarity
    ratio of 0.75 or more, lower case."""
    unseen = load_questions(UNSEEN_P)
    others = [q.question.lower() for path in sorted(EVAL_DIR.glob("*.jsonl")) if path != UNSEEN_P
              for q in load_questions(path)]
    near = [(q.id, o) for q in unseen for o in others if _near(q.question.lower(), o)]
    assert not near, near
    _has_the_agreed_mix(unseen, follow_ups=10)


def test_the_fresh_dev_questions_of_the_eleventh_session_repeat_no_held_out_question():
    """questions_dev_l joined dev after one run; a question it shares word for word with test
    or an unseen set would be tuned on. One of its first turns (dl-009) repeats a dev
    question and stays for its follow-up."""
    fresh = load_questions(EVAL_DIR / "questions_dev_l.jsonl")
    asked = {q.question.lower() for q in fresh}
    for other in (TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K):
        assert not asked & {q.question.lower() for q in load_questions(other)}
    assert {q.id for q in fresh} <= {q.id for q in load_questions(DEV)}
    _has_the_agreed_mix(fresh, total=75, unanswerable=14, follow_ups=10)


def test_the_fresh_dev_questions_of_the_twelfth_session_repeat_no_held_out_question():
    """questions_dev_m joined dev after one run; a question it shares word for word with
    test or an unseen set would leak that set. Of the helper's 80, one repeated an unseen
    question (dropped, its follow-up reworded to stand alone) and two repeated dev ones
    (dropped); dm-034 repeats a dev question and stays for its follow-up."""
    fresh = load_questions(EVAL_DIR / "questions_dev_m.jsonl")
    asked = {q.question.lower() for q in fresh}
    for other in (TEST, UNSEEN, UNSEEN_G, UNSEEN_H, UNSEEN_J, UNSEEN_K, UNSEEN_M, UNSEEN_N):
        assert not asked & {q.question.lower() for q in load_questions(other)}
    assert {q.id for q in fresh} <= {q.id for q in load_questions(DEV)}
    _has_the_agreed_mix(fresh, total=77, unanswerable=13, follow_ups=20)


def test_the_dev_questions_of_the_sixteenth_session_cover_new_documents_and_repeat_no_question():
    """questions_dev_q: one answerable question for each document no dev question asked about
    (89), written by a helper from the sources alone, so that known questions cover them;
    six near repeats of other sets were reworded before the file joined dev."""
    fresh = load_questions(EVAL_DIR / "questions_dev_q.jsonl")
    assert len(fresh) == 89 and all(q.answerable and q.expected_nuggets and not q.follows for q in fresh)
    others = [q.question.lower() for path in sorted(EVAL_DIR.glob("*.jsonl"))
              if path.name not in ("questions_dev_q.jsonl", "dev.jsonl") for q in load_questions(path)]
    assert not [(q.id, o) for q in fresh for o in others if _near(q.question.lower(), o)]
    assert {q.id for q in fresh} <= {q.id for q in load_questions(DEV)}
    before = {s for q in load_questions(DEV) if not q.id.startswith("dq-") for s in q.expected_sources}
    assert len({s for q in fresh for s in q.expected_sources} - before) >= 80


# World knowledge, not source words: generative AI products the sources never name, and
# "chat gpt" as users type it (knowledge/glossary.toml says why they are there).
PRODUCTS_NOT_IN_SOURCES = frozenset({
    "Chat GPT", "Claude", "Mistral", "Le Chat", "Midjourney", "Perplexity", "DeepSeek", "Llama",
    "Grok", "Stable Diffusion", "Firefly", "NotebookLM", "Bard", "GPT-4o", "Meta AI", "Sora"})


@pytest.mark.corpus
@pytest.mark.skipif(not (ROOT / "knowledge" / "algoritmekader").is_dir(), reason="the Algoritmekader is absent")
def test_every_glossary_group_links_to_words_of_the_sources():
    """The glossary links the words users type to the sources' own words: each group has a
    term the sources use, and a term that occurs in no source is a product name kept on
    purpose or a user's word in a group with source words, never a whole group of them."""
    from assistant.glossary import Glossary, _normal, _pattern
    from ingest.readers import markdown, pdf, text

    readers = {".md": markdown.read, ".pdf": pdf.read, ".txt": text.read}
    corpus = "\n".join(
        _normal("\n".join(p.text for p in readers[f.suffix](f, f.read_bytes())[0]))
        for f in sorted((ROOT / "knowledge").rglob("*")) if f.suffix in readers)
    glossary = Glossary.load(ROOT / "knowledge" / "glossary.toml")
    for group in glossary.groups:
        used = [t for t in (*group.terms, *group.oneway) if _pattern(t).search(corpus)]
        assert used, group.terms
    products = next(g for g in glossary.groups if "ChatGPT" in g.terms)
    assert not any(_pattern(t).search(corpus) for t in PRODUCTS_NOT_IN_SOURCES)
    assert PRODUCTS_NOT_IN_SOURCES <= set(products.terms)


KNOWN_FILE = ROOT / "knowledge" / "bekende-vragen.toml"


def test_the_known_questions_are_standalone_dev_questions_only():
    """knowledge/bekende-vragen.toml holds dev questions, so test and the unseen sets measure
    questions the product does not know (eval also never lets a question lean on itself)."""
    from wijzer.known_questions import load_items

    known = load_items(KNOWN_FILE)
    dev = {normalize(q.question) for q in load_questions(DEV) if q.answerable and not q.follows}
    assert len(known) >= 200
    assert [k.question for k in known if normalize(k.question) not in dev] == []


@pytest.mark.corpus
@pytest.mark.skipif(not (ROOT / "knowledge" / "algoritmekader").is_dir(), reason="the Algoritmekader is absent")
def test_every_known_phrase_occurs_in_one_of_its_documents():
    from wijzer.known_questions import load_items

    problems = []
    for k in load_items(KNOWN_FILE):
        texts = [t for t in (_source_text(d) for d in k.documents) if t is not None]
        if len(texts) != len(k.documents):
            problems.append(f"{k.question}: onbekend document in {k.documents}")
        problems += [f"{k.question}: {p}" for fact in k.facts for p in fact
                     if not any(normalize(p) in t for t in texts)]
    assert not problems, problems[:10]
