"""Numbering, validating and quoting sources.

A quote is always an exact substring of `chunk.text` (sentences are located by offset,
never rebuilt), so the page can highlight it and a reviewer can find it verbatim.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping, Sequence

from wijzer.text import Sentence, sentences, stem, terms
from wijzer.types import Chunk, Citation

_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def overlap_score(query_stems: set[str], sentence: str) -> float:
    """Share of the query's stems that occur in the sentence (0..1)."""
    if not query_stems:
        return 0.0
    found = {stem(w) for w in terms(sentence)}
    return len(query_stems & found) / len(query_stems)


def best_quote(chunk: Chunk, claim: str, max_sentences: int = 2, max_chars: int = 500) -> str | None:
    """The sentence(s) of `chunk` that best support `claim`, as an exact substring.

    Two adjacent best sentences are joined when short enough; otherwise the single best.
    None when no sentence shares a content word with the claim: a quote that does not
    support the claim would make an unsupported answer look verified, so there is no
    fallback (LLM answers are quoted by assistant/support.py, which also weighs meaning).
    """
    sents = sentences(chunk.text)
    q = {stem(w) for w in terms(claim)}
    if not sents or not q:
        return None
    scored = sorted(range(len(sents)), key=lambda i: (-overlap_score(q, sents[i].text), i))
    best = scored[0]
    if overlap_score(q, sents[best].text) == 0:
        return None
    chosen = [best]
    if max_sentences > 1 and len(scored) > 1 and abs(scored[1] - best) == 1 \
            and overlap_score(q, sents[scored[1]].text) > 0:
        chosen.append(scored[1])
    return span(chunk.text, [sents[i] for i in sorted(chosen)], max_chars)


def span(text: str, picked: Sequence[Sentence], max_chars: int = 500) -> str:
    """The substring from the first to the last picked sentence (in text order, whatever the
    order they were picked in), or the first picked alone if that is too long."""
    start = min(s.start for s in picked)
    end = max(s.end for s in picked)
    quote = text[start:end]
    return quote if len(quote) <= max_chars else picked[0].text


def cited_numbers(text: str) -> list[int]:
    """Every [n] / [n, m] number in the text, in order of appearance (with repeats)."""
    return [int(n) for m in _CITE.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def strip_invalid(text: str, valid: Iterable[int]) -> tuple[str, list[int]]:
    """Remove citation numbers that are not in `valid`; return the text and the removed ones."""
    allowed = set(valid)
    removed: list[int] = []

    def fix(m: re.Match[str]) -> str:
        nums = [int(n) for n in re.split(r"\s*[,;]\s*", m.group(1))]
        keep = [n for n in nums if n in allowed]
        removed.extend(n for n in nums if n not in allowed)
        return f"[{', '.join(map(str, keep))}]" if keep else ""

    cleaned = _CITE.sub(fix, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned)
    return cleaned.strip(), sorted(set(removed))


def claims_for(text: str, n: int) -> str:
    """The sentences of an answer that cite [n] (the claims that source must support)."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    hits = [p for p in parts if n in cited_numbers(p)]
    return " ".join(hits) or text


def llm_citations(text: str, sources: Sequence[Chunk],
                  quotes: Mapping[int, str] | None = None) -> tuple[Citation, ...]:
    """Citations for the numbers an answer uses (numbers are 1-based positions in `sources`).

    `quotes` (n -> exact quote) come from the support check; without them each number is
    quoted by word overlap, and a number with no overlapping sentence gets no citation."""
    used = sorted({n for n in cited_numbers(text) if 1 <= n <= len(sources)})
    out = []
    for n in used:
        quote = quotes.get(n) if quotes is not None else best_quote(sources[n - 1], claims_for(text, n))
        if quote:
            out.append(Citation(n=n, chunk=sources[n - 1], quote=quote))
    return tuple(out)


def superseded_notices(citations: Sequence[Citation], title_of: Callable[[str], str | None]) -> tuple[str, ...]:
    """One Dutch notice per cited source that has been replaced by a newer document."""
    notes = []
    for c in citations:
        if c.chunk.superseded_by:
            newer = title_of(c.chunk.superseded_by) or c.chunk.superseded_by
            notes.append(
                f"Bron [{c.n}] ({c.chunk.title}) is vervangen door '{newer}'. "
                "Controleer of het antwoord in de nieuwe bron nog zo staat."
            )
    return tuple(notes)
