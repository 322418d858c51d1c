"""`Assistant`: the one entry point of the query side (CLI, chat page, evaluation).

question -> input limits -> standalone question -> retrieval -> evidence gate ->
extractive or LLM answer -> validated citations -> `Answer`. Nothing here raises for a
bad question or a failing LLM; only a missing index (IndexMissingError and friends)
propagates, because the caller must tell the user to build one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from langchain_core.embeddings import Embeddings
from langchain_core.language_models.chat_models import BaseChatModel

from assistant import llm as llm_mod
from assistant.citations import cited_numbers, llm_citations, strip_invalid, superseded_notices
from assistant.conversation import Turn, follow_up_context, heuristic_standalone
from assistant import answer_types
from assistant.extractive import extractive_answer
from assistant.outline import Outline, read_on
from assistant.gate import WEAK_NOTICE
from assistant.guard import check_question
from assistant.prompting import check_prompts
from assistant.refusal import REFUSAL
from assistant.support import SupportChecker, SupportResult
from wijzer.errors import LLMError
from wijzer.segments import SegmentVectors
from wijzer.logs import cause
from wijzer.settings import Settings
from wijzer.text import dutch_list
from wijzer.types import Answer, Citation, DocumentInfo, Hit, IndexStatus

__all__ = ["Assistant", "AssistantStatus", "Turn", "REFUSAL"]

log = logging.getLogger(__name__)

REPHRASE = "Probeer uw vraag anders te formuleren, bijvoorbeeld met andere woorden of wat specifieker."
CLOSEST = "Hieronder staan de passages die er het dichtst bij komen."
LLM_DOWN = "Het taalmodel was niet bereikbaar; dit is een antwoord met letterlijke citaten."
NO_LLM = "Er is geen taalmodel ingesteld; dit is een antwoord met letterlijke citaten."
NO_CITATION = ("Het taalmodel gaf geen antwoord met geldige bronverwijzingen; "
               "daarom ziet u hier letterlijke citaten uit de bronnen.")
NOT_SUPPORTED = ("Geen enkele bewering van het taalmodel stond in de bron die het erbij noemde; "
                 "daarom ziet u hier letterlijke citaten uit de bronnen.")
DROPPED_UNSUPPORTED = ("{count} van het taalmodel stond niet in de bron die erbij stond ({numbers}) "
                       "en is weggehaald.")
REMOVED_NUMBER = ("Bron {numbers} zegt niet wat het taalmodel ermee onderbouwde; die verwijzing is "
                  "weggehaald.")
DROPPED_UNCITED = "{count} zonder bronverwijzing is weggehaald: alleen wat in de bronnen staat, blijft."
DROPPED_VERDICT = ("Het korte oordeel aan het begin van het antwoord sprak bron {numbers} tegen en is "
                   "weggehaald; lees de onderbouwing en de citaten.")

OWN_WEIGHT = 0.5  # a follow-up's quotes: cosine to its own words vs to the words with their context


@dataclass(frozen=True)
class AssistantStatus:
    index: IndexStatus
    mode: str  # "extractive" or "llm"
    llm_label: str  # e.g. "geen (extractief)" or "ollama: llama3.1 @ http://..."
    llm_ok: bool | None  # None: no LLM configured


class _Run:
    """The state of one question on its way to an Answer."""

    def __init__(self, question: str, mode: str) -> None:
        self.question = question
        self.mode = mode
        self.notices: list[str] = []
        self.timings: dict[str, float] = {}
        self.standalone: str | None = None
        self.weak = False
        self.searched: str | None = None
        self.retrieval: Any = None
        self.version = ""
        self.expansions: tuple[str, ...] = ()  # the glossary terms retrieval added
        self.kinds: frozenset[str] | None = None  # what a follow-up asks, read with its conversation
        self.diagnostics: dict[str, float] = {}  # the LLM support check's counts
        self.start = time.perf_counter()
        self._lap = self.start

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round((now - self._lap) * 1000, 2)
        self._lap = now

    def answer(self, text: str, citations: Sequence[Citation] = (), refused: bool = False,
               closest: Sequence[Hit] = (), mode: str | None = None) -> Answer:
        self.timings["total"] = round((time.perf_counter() - self.start) * 1000, 2)
        return Answer(
            question=self.question, text=text, citations=tuple(citations), refused=refused,
            mode=mode or self.mode, index_version=self.version, timings=dict(self.timings),
            notices=tuple(dict.fromkeys(self.notices)), closest=tuple(closest),
            standalone_question=self.standalone, weak=self.weak and not refused,
            searched=self.searched, diagnostics=dict(self.diagnostics),
            known_questions=() if refused else tuple(m.question for m in getattr(self.retrieval, "known", ())),
        )


class Assistant:
    """Answers questions from one index. Thread-safe for concurrent `ask` calls as long as
    the retriever and the chat model are (LangChain's clients are)."""

    def __init__(
        self, settings: Settings, embeddings: Embeddings | None = None, index: Any = None,
        llm: BaseChatModel | None = None, *, retriever: Any = None,
        gate: Callable[[Any], Any] | None = None,
    ) -> None:
        check_prompts()
        self.settings = settings
        self.index = index
        self.llm = llm if llm is not None else llm_mod.make_chat_model(settings)
        if retriever is None:
            from assistant.retrieval import HybridRetriever
            from wijzer.embeddings import make_embeddings

            embeddings = embeddings or make_embeddings(settings)
            if index is None:
                from wijzer.index import Index

                self.index = Index.open(settings, embeddings)
            retriever = HybridRetriever(self.index, embeddings, settings)
        self.embeddings = embeddings
        self.retriever = retriever
        if gate is None:
            from assistant.gate import assess

            gate = lambda retrieval: assess(retrieval, settings)  # noqa: E731 - the configured thresholds
        self._assess = gate
        self._segments: tuple[str, SegmentVectors] | None = None  # per index version
        self._outlined: tuple[str, Outline] | None = None  # per index version

    @classmethod
    def from_settings(cls, settings: Settings) -> "Assistant":
        """The configured embedder, index and LLM (raises WijzerError with a Dutch message)."""
        return cls(settings)

    @property
    def default_mode(self) -> str:
        return "llm" if self.llm is not None else "extractive"

    # --- answering --------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[Turn] = (), mode: str | None = None,
            kinds: Sequence[str] | None = None) -> Answer:
        """The answer (non-streamed LLM call in LLM mode)."""
        *_, answer = self._run(question, history, mode, kinds, streaming=False)
        return answer

    def stream(self, question: str, history: Sequence[Turn] = (), mode: str | None = None,
               kinds: Sequence[str] | None = None) -> Iterator[str | Answer]:
        """Text deltas as they arrive, then the final Answer (always last).

        The final Answer is authoritative: its text may differ from the streamed deltas
        (invented citations removed, or replaced by the extractive fallback); render it
        in place of the streamed text.
        """
        return self._run(question, history, mode, kinds, streaming=True)

    def _run(self, question: str, history: Sequence[Turn], mode: str | None,
             kinds: Sequence[str] | None, streaming: bool) -> Iterator[str | Answer]:
        run = _Run(question, self._mode(mode))
        if run.mode == "llm" and self.llm is None:
            run.mode = "extractive"
            run.notices.append(NO_LLM)
        problem = check_question(question, self.settings)
        run.lap("guard")
        if problem:
            log.warning("question refused by the input guard: %s", problem)
            log.debug("refused question: %r", question)
            run.version = self._version_hint()
            yield run.answer(problem, refused=True)
            return
        question = " ".join(question.split()) if len(question) > 500 else question.strip()
        context = self._follow_up_context(question, history, run)
        run.lap("condense")
        if context is not None:  # extractive follow-up: own words first, conversation terms weigh less
            # "en de logs?" after "hoe lang …?" asks how long as well
            run.kinds = answer_types.asked_in_conversation(question, [q for q, _ in history])
            retrieval = self.retriever.search(question, kinds=kinds, context=context,
                                              anchor=self._anchor(question, history, kinds))
        else:
            retrieval = self.retriever.search(run.standalone or question, kinds=kinds)
        run.version = retrieval.index_version
        run.retrieval = retrieval
        run.searched = getattr(retrieval, "searched", None)
        if run.searched:
            run.notices.append(f"Gezocht op: {run.searched}")
        run.notices.extend(unnamed_notices(getattr(retrieval, "unnamed", ())))
        run.expansions = tuple(retrieval.expansions)
        run.lap("retrieval")
        run.timings.update({f"retrieval.{k}": v for k, v in retrieval.timings.items()})
        hits = tuple(retrieval.hits[: self.settings.top_k])
        evidence = self._assess(retrieval)
        run.lap("gate")
        if not hits or not evidence.answerable:
            yield self._refusal(run, hits)
            return
        run.weak = bool(getattr(evidence, "weak", False))
        if run.mode == "llm":
            yield from self._llm_answer(run, run.standalone or question, hits, streaming)
        else:
            answer = self._extractive(run, run.standalone or question, hits)
            if streaming and not answer.refused:
                yield answer.text
            yield answer

    def _mode(self, mode: str | None) -> str:
        if mode in (None, ""):
            return self.default_mode
        if mode not in ("extractive", "llm"):
            raise ValueError(f"Onbekende modus {mode!r}: kies 'extractive' of 'llm'.")
        return mode

    def _follow_up_context(self, question: str, history: Sequence[Turn], run: _Run) -> str | None:
        """Sets run.standalone; returns the key terms when the heuristic resolved a follow-up
        (None when there is no history, or the LLM rewrote the question as a whole)."""
        if not history:
            return None
        if run.mode == "llm":
            try:
                rewritten = llm_mod.condense(self.llm, question, history)
                if 3 <= len(rewritten) <= max(400, 3 * len(question)):
                    run.standalone = rewritten
                    return None
                log.warning("follow-up rewrite ignored: %d characters for a question of %d; "
                            "using the heuristic", len(rewritten), len(question))
            except LLMError as exc:  # the heuristic below is good enough for retrieval
                log.warning("follow-up rewrite by the LLM failed, using the heuristic: %s",
                            cause(exc))
        context = follow_up_context(question, history)
        if context:
            run.standalone = f"{context}: {question.strip()}"
        return context

    def _anchor(self, question: str, history: Sequence[Turn], kinds: Sequence[str] | None) -> list[str]:
        """For a scope follow-up ("En geldt dat ook voor gemeenten?"): the document the previous
        question was answered from, since whom a rule applies to is said where the rule is
        ("Dit standpunt geldt voor alle overheidsorganisaties"). Other follow-ups often move
        on to another document: anchoring all of them lost 3 of 14 useful answers on dev."""
        if answer_types.SCOPE not in answer_types.asked(question):
            return []
        previous = history[-1][0]
        earlier = heuristic_standalone(previous, history[:-1]) or previous
        found = self.retriever.search(earlier, kinds=kinds, k=1)
        return [h.chunk.document_id for h in found.hits[:1]]

    def _refusal(self, run: _Run, hits: Sequence[Hit]) -> Answer:
        text = f"{REFUSAL} {REPHRASE}" + (f" {CLOSEST}" if hits else "")
        return run.answer(text, refused=True, closest=hits)

    def _extractive(self, run: _Run, question: str, hits: Sequence[Hit]) -> Answer:
        retrieval = run.retrieval
        text, citations, chosen = extractive_answer(
            question, hits, self.settings.extractive_sentences, run.expansions,
            query_vector=self._answer_vector(retrieval),
            vectors=self._segment_vectors(retrieval), idf=self._idf(),
            own=run.question if run.standalone else getattr(retrieval, "focus", None),
            outline=self._outline(), kinds=run.kinds, known=getattr(retrieval, "known", ()),
        )
        run.lap("answer")
        if not citations:
            return self._refusal(run, hits)
        missing = _missing_fact(run.question, [t for c in chosen for t in c.texts])
        if missing and (run.weak or missing == answer_types.AMOUNT):  # an amount is never implied
            return self._refusal(run, hits)
        if missing or run.weak:
            run.weak = True
            run.notices.insert(0, WEAK_NOTICE)
        run.notices.extend(superseded_notices(citations, self.document_title))
        return run.answer(text, citations, mode="extractive")

    @staticmethod
    def _answer_vector(retrieval: Any) -> Any:
        """The vector the quotes are ranked by. For a follow-up, the mean of the cosines to its
        own words and to the words with their context: the context finds the passages, but
        the quote must answer what was asked now (follow-ups on dev: 14 -> 17 of 33 useful).
        The same for a rule question about a tool, with the question without the purpose of
        the tool's use ("Mag ik Gemini gebruiken" for "… om een e-mail op te stellen?"): the
        rule on the tool answers it, not a sentence that happens to say "rapport" or "mail"."""
        vector = getattr(retrieval, "query_vector", None)
        own = getattr(retrieval, "own_vector", None)
        if vector is None or own is None:
            return vector
        return (1 - OWN_WEIGHT) * np.asarray(vector, np.float32) + OWN_WEIGHT * np.asarray(own, np.float32)

    def _segment_vectors(self, retrieval: Any) -> SegmentVectors | None:
        """The segment vectors of the searched index version (loaded once per version)."""
        version = getattr(retrieval, "index_version", None)
        if version is None or getattr(retrieval, "query_vector", None) is None:
            return None
        if self._segments is None or self._segments[0] != version:
            from wijzer.embeddings import model_id_of

            vectors = SegmentVectors(self.settings.index_dir, model_id_of(self.embeddings),
                                     self.embeddings.embed_documents if self.embeddings else None)
            snap = self._snapshot()
            if snap is not None and str(snap.version) == str(version):
                vectors.preload(snap.chunks)
            self._segments = (version, vectors)
        return self._segments[1]

    def _outline(self) -> Outline | None:
        """The reading order of the index's documents (built once per index version)."""
        from wijzer.index import Snapshot

        snap = self._snapshot()
        if not isinstance(snap, Snapshot):
            return None
        cached = self._outlined
        if cached is None or cached[0] != str(snap.version):
            cached = self._outlined = (str(snap.version), Outline(snap))
        return cached[1]

    def _idf(self) -> Callable[[str], float] | None:
        snap = self._snapshot()
        lexical = getattr(snap, "lexical", None)
        return lexical.idf if lexical is not None else None

    def _llm_answer(self, run: _Run, question: str, hits: Sequence[Hit],
                    streaming: bool) -> Iterator[str | Answer]:
        hits = read_on(hits, self._outline())  # the best passage's section, read on as in the extractive answer
        chunks = [h.chunk for h in hits]
        messages = llm_mod.answer_messages(question, chunks, self.document_title)
        try:
            if streaming:
                parts: list[str] = []
                for delta in llm_mod.stream_text(self.llm, messages, self.settings.llm_timeout_s):
                    parts.append(delta)
                    yield delta
                raw = "".join(parts)
            else:
                raw = llm_mod.invoke_text(self.llm, messages)
        except LLMError as exc:
            run.lap("llm")
            log.warning("LLM answer failed, extractive fallback: %s", cause(exc))
            run.notices.append(LLM_DOWN)
            yield self._extractive(run, question, hits)
            return
        run.lap("llm")
        yield self._check_llm_text(run, raw, question, hits)

    def _check_llm_text(self, run: _Run, raw: str, question: str, hits: Sequence[Hit]) -> Answer:
        """Keep only what the cited passages support (assistant/support.py); invented
        numbers are removed, and an answer with nothing supported left becomes the
        extractive answer. Every drop gets a Dutch notice and a warning in the log."""
        chunks = [h.chunk for h in hits]
        text, removed = strip_invalid(raw, range(1, len(chunks) + 1))
        if removed:
            listed = ", ".join(f"[{n}]" for n in removed)
            log.warning("LLM answer cited sources that do not exist: %s", listed)
            run.notices.append(
                f"Het taalmodel verwees naar bron {listed}, die niet bestaat; die verwijzing is weggehaald."
            )
        if not cited_numbers(text):
            if _is_refusal(text):
                return self._refusal(run, hits)
            log.warning("LLM answer without a valid citation: extractive fallback")
            log.debug("uncited LLM answer: %r", text)
            run.notices.append(NO_CITATION)
            return self._extractive(run, question, hits)
        result = self.support_checker.check(text, chunks, question)
        run.lap("support")
        run.diagnostics.update({"support.cited": result.cited, "support.supported": result.supported})
        run.notices.extend(_support_notices(result))
        if not result.supported:
            log.warning("LLM answer: no sentence supported by its cited passage (%d cited): "
                        "extractive fallback", result.cited)
            run.notices.append(NOT_SUPPORTED)
            return self._extractive(run, question, hits)
        citations = llm_citations(result.text, chunks, result.quotes)
        run.notices.extend(superseded_notices(citations, self.document_title))
        run.lap("citations")
        return run.answer(result.text, citations, mode="llm")

    @property
    def support_checker(self) -> SupportChecker:
        """The support check, built on first use with the retrieval embedder (without one,
        e.g. a test double retriever, it scores by words alone)."""
        if getattr(self, "_support_checker", None) is None:
            self._support_checker = SupportChecker(self.embeddings, self.settings.support_threshold)
        return self._support_checker

    # --- helpers ----------------------------------------------------------------------
    def _snapshot(self) -> Any:
        from wijzer.index import Snapshot

        if isinstance(self.index, Snapshot):
            return self.index
        return self.index.snapshot() if self.index is not None else None

    def document_title(self, document_id: str) -> str | None:
        """The title of an indexed document (e.g. the one that replaces a cited source)."""
        try:
            chunks = self._snapshot().document_chunks(document_id)
        except Exception as exc:  # noqa: BLE001 - a title only improves a notice
            log.warning("title of document %s not available: %s", document_id, cause(exc))
            return None
        return chunks[0].title if chunks else None

    def _version_hint(self) -> str:
        try:
            return str(self._snapshot().version)
        except Exception as exc:  # noqa: BLE001 - only labels a refused input
            log.warning("index version not available: %s", cause(exc))
            return ""

    def status(self) -> AssistantStatus:
        return AssistantStatus(
            index=self._index_status(), mode=self.default_mode,
            llm_label=llm_mod.llm_label(self.settings),  # "geen (extractief)" when off
            llm_ok=llm_mod.llm_reachable(self.settings),  # None when off
        )

    def _index_status(self) -> IndexStatus:
        from wijzer.index import Snapshot

        if not isinstance(self.index, Snapshot) and self.index is not None:
            return self.index.status()
        snap = self.index
        docs = tuple(
            DocumentInfo(id=d, title=cs[0].title, kind=cs[0].kind, version=cs[0].document_version,
                         chunks=len(cs), date=cs[0].date, url=cs[0].url,
                         superseded_by=cs[0].superseded_by, collection=cs[0].collection)
            for d in (snap.document_ids if snap is not None else ())
            for cs in [snap.document_chunks(d)]
        )
        return IndexStatus(
            version=getattr(snap, "version", None), embedding_model=getattr(snap, "embedding_model", ""),
            dimension=None, last_refresh=None, location="geheugen", documents=docs,
        )


def _support_notices(result: SupportResult) -> list[str]:
    """The Dutch notices for what the support check dropped."""
    notes = []
    if result.contradicted:
        notes.append(DROPPED_VERDICT.format(numbers=_numbers(result.contradicted)))
    if result.dropped_sentences:
        count = ("Eén bewering" if result.dropped_sentences == 1
                 else f"{result.dropped_sentences} beweringen")
        text = DROPPED_UNSUPPORTED.format(count=count, numbers=_numbers(result.unsupported))
        if result.dropped_sentences > 1:
            text = text.replace(" stond niet", " stonden niet").replace(" is weggehaald", " zijn weggehaald")
        notes.append(text)
    elif result.unsupported:
        notes.append(REMOVED_NUMBER.format(numbers=_numbers(result.unsupported)))
    if result.uncited_dropped:
        count = "Eén bewering" if result.uncited_dropped == 1 else f"{result.uncited_dropped} beweringen"
        text = DROPPED_UNCITED.format(count=count)
        notes.append(text if result.uncited_dropped == 1 else text.replace(" is weggehaald", " zijn weggehaald"))
    return notes


def unnamed_notices(unnamed: Sequence[tuple[str, str]]) -> list[str]:
    """Why an answer about Claude quotes rules on generative AI that name ChatGPT: one
    notice per broader term the unnamed terms were searched as."""
    notices = []
    for broader in dict.fromkeys(b for _, b in unnamed):
        names = [name for name, b in unnamed if b == broader]
        verb = "wordt" if len(names) == 1 else "worden"
        notices.append(f"{dutch_list(names)} {verb} in de bronnen niet genoemd; er is gezocht op wat de "
                       f"bronnen zeggen over {broader} in het algemeen.")
    return notices


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(f"[{n}]" for n in sorted(set(numbers)))


def _is_refusal(text: str) -> bool:
    """The model said the sources do not answer it (with or without the exact phrase)."""
    plain = " ".join(text.lower().split())
    return REFUSAL.lower().rstrip(".") in plain or not cited_numbers(text) and "geen antwoord" in plain


def _missing_fact(question: str, texts: Sequence[str]) -> str | None:
    """The kind of fact (amount, date, number, name) the question asks for and no chosen
    text states, or IDENTIFIER when a number the question names ("versie 2.6") is in none
    of them; None when nothing is missing."""
    asked = [k for k in answer_types.FACTUAL if k in answer_types.asked(question)]
    missing = [k for k in asked if not any(answer_types.states(k, t, question) for t in texts)]
    if missing and len(missing) == len(asked):
        return missing[0]
    named = answer_types.identifiers(question)
    if any(not any(answer_types.mentions(t, n) for t in texts) for n in named):
        return answer_types.IDENTIFIER
    return None
