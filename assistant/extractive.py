"""The offline answerer: the sentences of the top passages that answer the question best.

No model is needed. Sentences are scored by how many of the question's (expanded) terms
they contain, plus a bonus for the rank of their passage; the best few are shown as
literal quotations, the best match first and the rest in reading order (passage rank, then
position in the passage), each followed by its citation [n]. Sentence embeddings were considered and left out: embedding
~50 sentences per question with e5 on CPU costs seconds, the term overlap costs < 1 ms.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from assistant.citations import Sentence, sentences, span, stem, terms
from wijzer.types import Citation, Hit

HEADER = "Letterlijk uit de bronnen (citaten, geen samenvatting):"
RANK_WEIGHT = 0.35  # bonus of the best passage; later passages get RANK_WEIGHT / rank
MIN_RELATIVE_OVERLAP = 0.4  # sentences matching < 40% of the best match are filler
EXTRA_WEIGHT = 0.5  # a glossary synonym of a question term counts half
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# A source's own footnote marker glued to a word or full stop ("december 2023.[1]"): in the
# answer it would read as one of our citations, so the quotation shows it without.
_FOOTNOTE = re.compile(r"(?<=[^\s\[])\[\d{1,3}\](?=\s|$)")


def extractive_answer(
    question: str, hits: Sequence[Hit], max_sentences: int = 4,
    extra_terms: Iterable[str] = (),
) -> tuple[str, tuple[Citation, ...]]:
    """The quotation answer and its citations (numbered in order of appearance)."""
    picked = pick_sentences(question, hits, max_sentences, extra_terms)
    if not picked:
        return "", ()
    numbers: dict[int, int] = {}  # hit position -> citation number
    by_hit: dict[int, list[Sentence]] = {}
    lines = [HEADER, ""]
    for hit_pos, sent in picked:
        n = numbers.setdefault(hit_pos, len(numbers) + 1)
        by_hit.setdefault(hit_pos, []).append(sent)
        shown = " ".join(_BULLET.sub("", sent.text).split())  # hard line breaks of the source
        shown = _FOOTNOTE.sub("", shown)
        lines.append(f"\u201e{shown}\u201d [{n}]")
        lines.append("")
    citations = tuple(
        Citation(n=n, chunk=hits[pos].chunk, quote=span(hits[pos].chunk.text, by_hit[pos], 700))
        for pos, n in numbers.items()
    )
    return "\n".join(lines).strip(), citations


def pick_sentences(
    question: str, hits: Sequence[Hit], max_sentences: int, extra_terms: Iterable[str] = (),
) -> list[tuple[int, Sentence]]:
    """The best (hit position, sentence) pairs: the best match first (it is what a reader
    sees first), then the others in reading order (passage rank, position in the passage)."""
    query = {stem(w) for w in terms(question)}
    extra = {stem(w) for t in extra_terms for w in terms(t)} - query
    seen: set[str] = set()
    scored: list[tuple[float, float, int, Sentence]] = []  # score, overlap, hit, sentence
    for pos, hit in enumerate(hits):
        for sent in sentences(hit.chunk.text):
            key = " ".join(sent.text.lower().split())
            if key in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(key)
            overlap = _overlap(query, extra, sent.text)
            scored.append((_score(overlap, sent.text, pos), overlap, pos, sent))
    if not scored:
        return []
    top_overlap = max(o for _, o, _, _ in scored)
    if top_overlap > 0:  # keep only sentences that share something real with the question
        scored = [t for t in scored if t[1] >= MIN_RELATIVE_OVERLAP * top_overlap]
    scored.sort(key=lambda t: -t[0])
    best = scored[:max_sentences]
    lead, rest = best[0], sorted(best[1:], key=lambda t: (t[2], t[3].start))
    return [(pos, sent) for _, _, pos, sent in [lead, *rest]]


def _overlap(query: set[str], extra: set[str], sentence: str) -> float:
    """Share of the question's terms in the sentence (glossary synonyms count half)."""
    found = {stem(w) for w in terms(sentence)}
    matched = len(query & found) + EXTRA_WEIGHT * min(len(extra & found), 2)
    return min(1.0, matched / len(query)) if query else 0.0


def _score(overlap: float, sentence: str, rank: int) -> float:
    length = len(sentence)
    penalty = 0.15 if length < 40 else 0.1 if length > 450 else 0.0
    return overlap + RANK_WEIGHT / (rank + 1) - penalty
