"""Hybrid retrieval: dense (e5) + BM25, fused per chunk and per document.

    retriever = HybridRetriever(index, embeddings, settings)   # or a Snapshot
    retriever.search("Wie gaf advies over het voorlopige standpunt?").hits
    retriever.invoke("...")                                     # LangChain Documents

Why each step (numbers in the README, "How retrieval works"):
- Weighted reciprocal rank fusion (settings.rrf_k, dense_weight, bm25_weight) of the two
  candidate lists (settings.candidates each): scale-free, robust to e5's compressed cosines.
- Document-level fusion: each chunk also gets the RRF of its *document's* rank in both
  lists, so a document that both methods find (through different chunks) is not lost.
- Standing: RRF sees ranks only, so a passage BM25 puts far ahead of all others (score 8.5
  where the rest reach 3.4) counts no more than a near tie. Each chunk also gets
  `score_weight` x its z-score within each list (and its document's best), as a convex
  combination of scores would (Bruch et al., "An Analysis of Fusion Functions for Hybrid
  Retrieval", 2023): on dev (`python -m eval`) false refusals 7.5% -> 5.7%, MRR@10 0.69 -> 0.73.
- Glossary expansion (knowledge/glossary.toml): synonyms added to the BM25 query at a lower
  weight; closes word-choice gaps ("taalmodel" -> "LLM").
- Sources marked `superseded_by` are demoted (score x SUPERSEDED_FACTOR) below current ones.
- Overlapping neighbours (adjacent chunks of one document sharing characters) are shown
  once: the better-scoring chunk stays, its overlapping neighbour is dropped.
- `kinds` filters on document kind in both searches (the snapshot's dense search, BM25 mask).
- "hybrid+rerank" reorders the fused candidates with a cross-encoder (assistant/rerank.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Sequence

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import PrivateAttr

from assistant.answer_types import without_purpose
from assistant.glossary import Glossary, expansions_of
from wijzer.errors import WijzerError
from wijzer.index import Snapshot, chunk_metadata
from wijzer.known_questions import KnownQuestions, Match, load_items, open_known_questions
from wijzer.settings import Settings
from wijzer.spelling import Speller, dutch_words, load_dutch_words_in_background
from wijzer.types import Chunk, Hit

Method = Literal["hybrid", "bm25", "dense", "hybrid+rerank"]
log = logging.getLogger(__name__)
METHODS: tuple[str, ...] = ("hybrid", "bm25", "dense", "hybrid+rerank")
SUPERSEDED_FACTOR = 0.5  # fused score multiplier for sources replaced by a newer one

# Questions no source of this domain answers. Their top-1 cosines give the gate a null
# distribution per (embedder, index version): "how close does an unrelated question get?"
# Deliberately different from the unanswerable questions of eval/questions.jsonl.
NULL_QUESTIONS: tuple[str, ...] = (
    "Hoe laat vertrekt de laatste trein naar Groningen?",
    "Welke planten groeien goed in de schaduw?",
    "Hoe vaak moet ik mijn hond uitlaten?",
    "Wie won het WK voetbal in 2010?",
    "Wat voor weer wordt het morgen in Zeeland?",
    "Hoe krijg ik een vlek uit een wollen trui?",
    "Wanneer moet mijn auto naar de APK?",
    "Hoe bak ik een appeltaart?",
    "Wat is een goede hypotheekrente op dit moment?",
    "Welke vitamines zitten er in een banaan?",
    "Hoe hoog is de Mount Everest?",
    "Waar kan ik in Amsterdam goed sushi eten?",
)


@dataclass(frozen=True)
class Retrieval:
    """The outcome of one search: hits best first, and timings per stage (ms).

    `signals` are the numbers the evidence gate (assistant/gate.py) weighs: the dense top-1
    cosine and the null distribution it is compared with, BM25 query-term coverage, known
    terms, agreement of the two methods.
    """

    question: str
    hits: tuple[Hit, ...]
    method: str
    index_version: str
    timings: dict[str, float] = field(default_factory=dict)  # embed, search, fuse, rerank
    signals: Mapping[str, float] = field(default_factory=dict)
    expansions: tuple[str, ...] = ()  # glossary terms added to the query
    gate_threshold: float | None = None  # settings.gate_threshold of the retriever
    query_vector: Any = None  # the question's embedding the quotes are ranked by (None for BM25 only)
    searched: str | None = None  # the query after typo correction, when it changed
    # what the quotes must answer when it is not the whole query, embedded: a follow-up's own
    # words (query_vector carries the conversation's too), or a rule question about a tool
    # without the purpose of its use (`focus`: "Mag ik Gemini gebruiken", without "om een
    # e-mail op te stellen"; the task's words then count as context)
    own_vector: Any = None
    focus: str | None = None
    # products the question names that no source does, with what they were searched as
    # (("Claude", "generatieve AI"),): the answer says so, since its quotes name other
    # products or none
    unnamed: tuple[tuple[str, str], ...] = ()
    # known questions close in meaning that favoured their passages (wijzer/known_questions.py);
    # the answer favours the sentences holding their phrases as well
    known: tuple[Match, ...] = ()


@dataclass
class _SnapshotLookups:
    """Per-snapshot lookups, built once per index version and replaced as one object: a
    search that still runs on the previous version (a refresh switched meanwhile, another
    Streamlit session) keeps its own positions, kinds and null cosines instead of mixing
    them with the new version's."""

    key: tuple[int, str, int]
    positions: dict[str, int]  # chunk id -> position in snapshot.chunks
    kinds: np.ndarray  # document kind per position (the BM25 kinds mask)
    null: tuple[float, float] | None = None  # see HybridRetriever._null_cosines
    speller: Speller | None = None  # built on first use


@dataclass
class _Candidates:
    """The raw lists of one search, as positions into snapshot.chunks."""

    dense: list[tuple[int, float]] = field(default_factory=list)
    bm25: list[tuple[int, float]] = field(default_factory=list)
    vector: Any = None  # the query embedding the quotes are ranked by (see _query_vectors)
    search_vector: Any = None  # the query embedding searched with


ANCHOR_WEIGHT = 1.0  # an anchor document counts like one more list that ranks it first
# A question that names a product is searched with the mean of its embedding and that of
# the question naming what the sources say the product is (glossary `oneway`: "Copilot" ->
# "generatieve AI"), and its quotes are ranked by the latter alone: the sources name
# products only as examples ("AI-chatbots, zoals ChatGPT, Gemini en Microsoft CoPilot,
# genereren … lopende zinnen"), their rules are about generative AI (the product's name still
# counts among the question's words). Dev, search / quotes: 0.5 / 0 useful 0.558 (top-1
# passage 0.416 -> 0.426, recall@5 0.886 -> 0.893), 0.5 / 0.25 0.564, 0.5 / 0.5 0.569, 0.3 /
# 0.3 0.564, 0.7 / 0.7 0.569 (one more unanswerable question through). Since a sentence
# addressed to researchers ranks lower (assistant/extractive.py), quotes at 0.25 / 0.5 / 0.75
# / 1.0 give the same useful answers (148 of 260), lead 0.435 / 0.435 / 0.438 / 0.442, and
# from 0.75 "Mag ik Copilot gebruiken om notulen te maken?" leads with the rule for everyone.
GENERIC_WEIGHT, GENERIC_QUOTE_WEIGHT = 0.5, 1.0
SCORE_WEIGHT = 0.05  # dev: 0.03-0.1 all lower false refusals (7.5% -> 5-5.7%); 1.0 (scores alone) loses
# A passage holding a phrase of a known question close in meaning gets this x the match's
# weight (0-1) on top of its fused score (about 0.1 for a passage first in both lists, so at
# a weight above 0.25 the pinned passages come first). Useful answers on dev (468 nugget
# questions, each left out of the known ones) / validation (unseen k-o, 179): without known
# questions 277 / 93; at 0.025 293 / 107, 0.05 294 / 108, 0.1 297 / 111, 0.2 299 / 114,
# 0.4 307 / 121, 1.0 306 / 122 (false refusals 2.1% -> 3.0% on dev); with the sentences
# favoured alone (0) 97 of 179 (wijzer/known_questions.py).
KNOWN_WEIGHT = 0.4


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over one index snapshot per search (a LangChain retriever)."""

    source: Any  # an Index (snapshot() per search: refreshes are picked up) or a Snapshot
    embeddings: Any
    settings: Settings
    glossary: Glossary | None = None  # None: knowledge/glossary.toml, re-read when it changes
    use_glossary: bool = True
    expansion_weight: float = 0.5
    doc_weight: float = 1.0  # weight of the document-level RRF added to each chunk's RRF
    score_weight: float = SCORE_WEIGHT  # weight of the chunk's standing (z-scores) in its lists
    superseded_factor: float = SUPERSEDED_FACTOR
    rerank_depth: int = 20  # fused candidates the cross-encoder reorders
    default_kinds: tuple[str, ...] | None = None  # kinds filter used by invoke()
    correct_typos: bool = True  # unknown question words corrected against the index (wijzer/spelling.py)
    known_questions: KnownQuestions | None = None  # None: settings.known_questions_path, re-read when it changes
    use_known_questions: bool = True
    leave_out_known: bool = False  # evaluation: a question is no known neighbour of itself

    _lookups: _SnapshotLookups | None = PrivateAttr(default=None)
    _reranker: Any = PrivateAttr(default=None)
    _known: tuple[Any, KnownQuestions] | None = PrivateAttr(default=None)  # (file key, loaded)

    def __init__(self, source: Any, embeddings: Any, settings: Settings, **kwargs: Any) -> None:
        Glossary.load(settings.glossary_path)  # a malformed glossary fails at start-up
        load_items(settings.known_questions_path)  # as does a malformed known-questions file
        super().__init__(source=source, embeddings=embeddings, settings=settings, **kwargs)
        if self.correct_typos:
            load_dutch_words_in_background()

    # --- public API ----------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The index version to search now (IndexMissingError / ModelMismatchError pass up)."""
        source = self.source
        return source.snapshot() if hasattr(source, "snapshot") else source

    def search(
        self, question: str, *, method: Method | None = None, k: int | None = None,
        kinds: Sequence[str] | None = None, context: str | None = None,
        anchor: Sequence[str] = (),
    ) -> Retrieval:
        """The k best passages for the question, by `method` (default: hybrid, or
        hybrid+rerank when settings.reranker_model is set).

        `context`: terms of the conversation a follow-up leans on. The dense query is
        "<context>: <question>"; BM25 counts them like glossary synonyms (at
        expansion_weight), so the user's own words decide which passage answers. The
        question alone is embedded as well (`own_vector`), for choosing what to quote.
        A question that names a product ("Copilot") is embedded together with the same
        question naming what the sources rule on ("generatieve AI"; `_query_vectors`).
        `anchor`: documents the conversation is about (best first); each gets the
        document-level fusion score of a list that ranks it first, so their passages rise."""
        method = method or ("hybrid+rerank" if self.settings.reranker_model else "hybrid")
        if method not in METHODS:
            raise ValueError(f"Onbekende zoekmethode {method!r}; kies uit {', '.join(METHODS)}.")
        k = k or self.settings.top_k
        snap = self.snapshot()
        look = self._prepare(snap)
        timings: dict[str, float] = {}
        asked = question
        searched = self._speller(snap, look).correct(question) if self.correct_typos else None
        question = searched or question
        alternatives = self._glossary().alternatives(question) if self.use_glossary else {}
        expansions = tuple(expansions_of(alternatives))
        lexical_extra = (*expansions, context) if context else expansions
        cands = self._candidates(snap, look, question, method, kinds, lexical_extra, timings,
                                 f"{context}: {question}" if context else question)

        t0 = time.perf_counter()
        known = self._known_matches(snap, cands, asked, kinds) if not context else []
        scored = self._fuse(snap, cands, method, anchor, known)
        dense, bm25 = dict(cands.dense), dict(cands.bm25)
        hits = self._dedupe([
            Hit(snap.chunks[pos], s, dense_score=dense.get(pos), bm25_score=bm25.get(pos))
            for pos, s in scored
        ])
        timings["fuse"] = _ms(t0)
        if method == "hybrid+rerank":
            t0 = time.perf_counter()
            hits = self._rerank(question, hits)
            timings["rerank"] = _ms(t0)
        hits = hits[:k]
        focus = None if context else without_purpose(question)
        signals = self._signals(snap, look, question, cands, hits, alternatives, context, focus)
        own_vector = None
        if (context or focus) and cands.vector is not None:
            own_vector = self._query_vectors(focus or question)[1]
        unnamed = tuple((t, broader) for t, broader in self._glossary().named_as(question)
                        if snap.lexical.known_fraction(t.replace("-", " ")) < 1.0  # "AI-chatbot": "AI", "chatbot"
                        ) if self.use_glossary else ()
        return Retrieval(asked, tuple(hits), method, snap.version, timings, signals,
                         expansions, self.settings.gate_threshold, cands.vector, searched, own_vector, focus,
                         unnamed, tuple(known))

    def _query_vectors(self, text: str) -> tuple[list[float], list[float]]:
        """The vector to search with and the one to rank quotes by: the query's embedding,
        or, when it names a product (a glossary term with a broader `oneway` term), its mix
        with the embedding of the question naming the broader term instead ("Mag ik
        generatieve AI gebruiken om notulen te maken?"; weights above)."""
        vector = self.embeddings.embed_query(text)
        generic = self._glossary().generic(text) if self.use_glossary else None
        if not generic:
            return vector, vector
        own = np.asarray(vector, dtype=np.float64)
        other = np.asarray(self.embeddings.embed_query(generic), dtype=np.float64)

        def mix(w: float) -> list[float]:
            mixed = (1 - w) * own + w * other
            return [float(x) for x in mixed / (np.linalg.norm(mixed) or 1.0)]

        return mix(GENERIC_WEIGHT), mix(GENERIC_QUOTE_WEIGHT)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        retrieval = self.search(query, kinds=self.default_kinds)
        return [to_document(h) for h in retrieval.hits]

    def _glossary(self) -> Glossary:
        return self.glossary if self.glossary is not None else Glossary.load(self.settings.glossary_path)

    # --- stages --------------------------------------------------------------------------
    def _prepare(self, snap: Snapshot) -> _SnapshotLookups:
        """The lookups of this snapshot (built on the first search after a refresh)."""
        key = (id(snap), snap.version, len(snap))
        look = self._lookups
        if look is None or look.key != key:
            look = _SnapshotLookups(
                key, {c.id: i for i, c in enumerate(snap.chunks)},
                np.array([c.kind for c in snap.chunks], dtype=object),
            )
            self._lookups = look
        return look

    @staticmethod
    def _speller(snap: Snapshot, look: _SnapshotLookups) -> Speller:
        if look.speller is None:
            look.speller = Speller(snap.lexical.vocabulary(), dutch_words())
        return look.speller

    def _null_cosines(self, snap: Snapshot, look: _SnapshotLookups) -> tuple[float, float]:
        """Mean and spread of the top-1 cosine that unrelated questions reach in this index
        (computed once per snapshot: a dozen query embeddings)."""
        if look.null is None:
            tops = []
            for q in NULL_QUESTIONS:
                found = snap.dense_search(self.embeddings.embed_query(q), 1)
                tops.append(found[0][1] if found else 0.0)
            look.null = (float(np.mean(tops)), float(np.std(tops)))
        return look.null

    def _candidates(
        self, snap: Snapshot, look: _SnapshotLookups, question: str, method: str,
        kinds: Sequence[str] | None, expansions: Sequence[str], timings: dict[str, float],
        dense_query: str | None = None,
    ) -> _Candidates:
        n = self.settings.candidates
        cands = _Candidates()
        if method != "bm25":
            t0 = time.perf_counter()
            vector, cands.vector = self._query_vectors(dense_query or question)
            cands.search_vector = vector
            timings["embed"] = _ms(t0)
        t0 = time.perf_counter()
        if method != "bm25":
            found = snap.dense_search(vector, n, kinds=kinds)
            cands.dense = [(look.positions[c.id], s) for c, s in found if c.id in look.positions]
        if method != "dense":
            mask = None
            if kinds:
                mask = np.isin(look.kinds, list(kinds)).astype(np.float32)
            cands.bm25 = snap.lexical.search(
                question, n, expansions=expansions, expansion_weight=self.expansion_weight, mask=mask
            )
        timings["search"] = _ms(t0)
        return cands

    def _fuse(self, snap: Snapshot, cands: _Candidates, method: str,
              anchor: Sequence[str] = (), known: Sequence[Match] = ()) -> list[tuple[int, float]]:
        """Weighted RRF per chunk plus the RRF of the chunk's document (doc-level fusion),
        plus the chunk's standing in the lists (see `_standing`), plus what known questions
        close in meaning pin (a pinned passage outside both lists joins them)."""
        s = self.settings
        lists = []
        if cands.dense:
            lists.append((cands.dense, s.dense_weight if method != "dense" else 1.0))
        if cands.bm25:
            lists.append((cands.bm25, s.bm25_weight if method != "bm25" else 1.0))
        chunk_score: dict[int, float] = {}
        doc_score: dict[str, float] = {}
        for ranked, weight in lists:
            docs_seen: list[str] = []
            for rank, (pos, _score) in enumerate(ranked):
                chunk_score[pos] = chunk_score.get(pos, 0.0) + weight / (s.rrf_k + rank + 1)
                doc = snap.chunks[pos].document_id
                if doc not in docs_seen:
                    docs_seen.append(doc)
                    doc_score[doc] = doc_score.get(doc, 0.0) + weight / (s.rrf_k + len(docs_seen))
        for rank, doc in enumerate(anchor):
            doc_score[doc] = doc_score.get(doc, 0.0) + ANCHOR_WEIGHT / (s.rrf_k + rank + 1)
        pinned: dict[int, float] = {}
        look = self._prepare(snap)
        for match in known:
            for cid in match.chunk_ids:
                at = look.positions.get(cid)
                if at is not None:
                    pinned[at] = max(pinned.get(at, 0.0), KNOWN_WEIGHT * match.weight)
                    chunk_score.setdefault(at, 0.0)
        # with an anchor the conversation has chosen the document: a passage standing out
        # elsewhere ("provincies" on the BIO page) is about something else
        standing, doc_standing = _standing(snap, lists) if self.score_weight and not anchor else ({}, {})
        fused = []
        for pos, score in chunk_score.items():
            chunk = snap.chunks[pos]
            score += self.doc_weight * doc_score.get(chunk.document_id, 0.0)
            if standing and pos in standing:
                score += self.score_weight * 0.5 * (standing[pos] + doc_standing[chunk.document_id])
            score += pinned.get(pos, 0.0)
            if chunk.superseded_by:
                score *= self.superseded_factor
            fused.append((pos, score))
        fused.sort(key=lambda item: (-item[1], item[0]))
        return fused

    def _known_matches(self, snap: Snapshot, cands: _Candidates, question: str,
                       kinds: Sequence[str] | None = None) -> list[Match]:
        """The known questions close in meaning to this one (none for BM25 alone); with a
        kinds filter, only their passages of those kinds."""
        if not self.use_known_questions or cands.search_vector is None:
            return []
        found = self._known_questions().match(cands.search_vector, snap, question, leave_out_exact=self.leave_out_known)
        if not kinds:
            return found
        look = self._prepare(snap)
        return [dataclasses.replace(m, chunk_ids=tuple(
            c for c in m.chunk_ids if c in look.positions and look.kinds[look.positions[c]] in kinds))
            for m in found]

    def _known_questions(self) -> KnownQuestions:
        """The configured known questions, re-read when their file changes (an unusable file
        after start-up is logged and ignored: the answers stay as good as without it)."""
        if self.known_questions is not None:
            return self.known_questions
        path = self.settings.known_questions_path
        try:
            key: Any = (path, path.stat().st_mtime_ns)
        except OSError:
            key = (path, None)
        try:
            if self._known is None or self._known[0] != key:
                from wijzer.embeddings import model_id_of
                from wijzer.segments import CACHE_FILE

                self._known = (key, open_known_questions(
                    path, self.embeddings, self.settings.index_dir / CACHE_FILE, model_id_of(self.embeddings)))
        except WijzerError as exc:
            log.warning("known questions ignored: %s", exc)
            self._known = (key, KnownQuestions.empty())
        return self._known[1]

    @staticmethod
    def _dedupe(hits: list[Hit]) -> list[Hit]:
        """Drop a hit whose text overlaps a better hit's neighbouring chunk of one document."""
        kept: list[Hit] = []
        for hit in hits:
            if not any(overlapping(hit.chunk, other.chunk) for other in kept):
                kept.append(hit)
        return kept

    def _rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        if not self.settings.reranker_model:
            return hits
        if self._reranker is None:
            from assistant.rerank import Reranker

            self._reranker = Reranker.load(self.settings.reranker_model)
        head, tail = hits[: self.rerank_depth], hits[self.rerank_depth:]
        return self._reranker.rerank(question, head) + tail

    def _signals(
        self, snap: Snapshot, look: _SnapshotLookups, question: str, cands: _Candidates,
        hits: Sequence[Hit], alternatives: Mapping[str, Sequence[str]] | None = None,
        context: str | None = None, focus: str | None = None,
    ) -> dict[str, float]:
        """Evidence numbers for the gate (see assistant/gate.py). Coverage counts a glossary
        alternative of a question word at half weight (`alternatives`)."""
        sig: dict[str, float] = {"n_chunks": float(len(snap))}
        if cands.dense:
            cos = np.array([v for _, v in cands.dense], dtype=np.float64)
            sig["dense_top"] = float(cos[0])
            null_mean, null_std = self._null_cosines(snap, look)
            sig["null_mean"], sig["null_std"] = null_mean, null_std
        if cands.bm25:
            sig["bm25_top"] = float(cands.bm25[0][1])
        lexical = snap.lexical
        positions = [look.positions[h.chunk.id] for h in hits[:3] if h.chunk.id in look.positions]
        sig["coverage"] = max((lexical.coverage(question, p, alternatives) for p in positions), default=0.0)
        if alternatives:  # the question's own words alone: alternatives only make thin evidence
            sig["coverage_own"] = max((lexical.coverage(question, p) for p in positions), default=0.0)
        if context:  # a follow-up's words with the conversation's: the gate's second opinion
            sig["coverage_context"] = max((lexical.coverage(f"{context} {question}", p, alternatives)
                                           for p in positions), default=0.0)
        sig["known_terms"] = lexical.known_fraction(question)
        if focus:  # "mag ik Gemini gebruiken", without "om een e-mail op te stellen": a second opinion
            sig["coverage_core"] = max((lexical.coverage(focus, p, alternatives) for p in positions), default=0.0)
            sig["known_core"] = lexical.known_fraction(focus)
        if cands.dense and cands.bm25:
            d_docs = _top_docs(snap, cands.dense, 3)
            b_docs = _top_docs(snap, cands.bm25, 3)
            sig["agreement"] = 1.0 if d_docs[:1] and d_docs[0] in b_docs or b_docs[:1] and b_docs[0] in d_docs else 0.0
        return sig


# --- helpers -------------------------------------------------------------------------------
def _standing(snap: Snapshot, lists: Sequence[tuple[Sequence[tuple[int, float]], float]],
              ) -> tuple[dict[int, float], dict[str, float]]:
    """How far each candidate stands out in the lists that found it: the weighted sum of its
    z-scores (score minus the list's mean, over its spread), and per document the best of its
    chunks. Cosines and BM25 scores live on different scales; a z-score puts them on one, and
    says what a rank cannot: whether the first is far ahead or one of a crowd."""
    chunk: dict[int, float] = {}
    for ranked, weight in lists:
        if not ranked:
            continue
        scores = np.array([v for _, v in ranked], dtype=np.float64)
        spread = float(scores.std()) or 1.0
        for (pos, _), z in zip(ranked, (scores - scores.mean()) / spread):
            chunk[pos] = chunk.get(pos, 0.0) + weight * float(z)
    doc: dict[str, float] = {}
    for pos, z in chunk.items():
        d = snap.chunks[pos].document_id
        doc[d] = max(doc.get(d, z), z)
    return chunk, doc


def overlapping(a: Chunk, b: Chunk) -> bool:
    """Adjacent chunks of one document whose character ranges overlap (the chunk overlap)."""
    if a.document_id != b.document_id or abs(a.ordinal - b.ordinal) != 1:
        return False
    first, second = (a, b) if a.ordinal < b.ordinal else (b, a)
    end = (first.page_end or 0, first.char_end)
    start = (second.page_start or 0, second.char_start)
    return start < end


def _top_docs(snap: Snapshot, ranked: Sequence[tuple[int, float]], n: int) -> list[str]:
    docs: list[str] = []
    for pos, _ in ranked:
        doc = snap.chunks[pos].document_id
        if doc not in docs:
            docs.append(doc)
        if len(docs) == n:
            break
    return docs


def to_document(hit: Hit) -> Document:
    """A LangChain Document for a hit: the chunk text with all chunk fields as metadata."""
    meta: dict[str, Any] = chunk_metadata(hit.chunk) | {
        "chunk_id": hit.chunk.id,
        "section_label": hit.chunk.section_label,
        "page_url": hit.chunk.page_url,
        "score": hit.score,
        "dense_score": hit.dense_score,
        "bm25_score": hit.bm25_score,
        "rerank_score": hit.rerank_score,
    }
    return Document(page_content=hit.chunk.text, metadata=meta, id=hit.chunk.id)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000.0, 3)


__all__ = ["HybridRetriever", "Retrieval", "Method", "METHODS", "overlapping", "to_document"]
