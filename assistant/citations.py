"""Numbering, validating and quoting sources.

A quote is always an exact substring of `chunk.text` (sentences are located by offset,
never rebuilt), so the page can highlight it and a reviewer can find it verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from wijzer.types import Chunk, Citation

# Words that carry no meaning for matching a question to a sentence.
DUTCH_STOPWORDS = frozenset(
    """aan al alle als alleen altijd andere ben bij binnen daar dan dat de deze die dit doen
    door dus een eens en er ergens geen geldt heb hebben heeft het hier hij hoe hun ik in is
    ja je kan kun kunnen maar mag me meer met mij mijn moet moeten na naar niet niets nog nu
    of om omdat ons onze ook op over te tegen toch tot u uit uw van veel voor waar wanneer
    want was wat we wel welk welke wie wij wil worden wordt zal ze zelf zich zij zijn zo
    zonder zou zouden mogen gebruiken gebruik ben bent doe gaat gaan kunt hoe iets""".split()
)

_WORD = re.compile(r"[\wÀ-ÿ]+(?:-[\wÀ-ÿ]+)*", re.UNICODE)
# A sentence ends at . ! ? (optionally closed by quotes/brackets) before a space and a
# capital/digit/opening mark, or at a line break that starts a new block/list item/heading.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(\[A-Z0-9À-Ý•\-*])|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)]|#))")
_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_HEADING = re.compile(r"^#{1,6}\s")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk by offset: `chunk.text[start:end]` is the sentence itself."""

    start: int
    end: int
    text: str


def terms(text: str) -> list[str]:
    """Meaningful lower-case words of a text (no stop words, no very short words)."""
    return [w for w in (m.group().lower() for m in _WORD.finditer(text))
            if len(w) > 2 and w not in DUTCH_STOPWORDS]


def stem(word: str) -> str:
    """A crude Dutch prefix stem: 'verwerken'/'verwerking' -> 'verwer' (for overlap only)."""
    return word[:6] if len(word) > 6 else word


def sentences(text: str) -> list[Sentence]:
    """Split a passage into sentences with exact offsets; headings are not sentences."""
    out: list[Sentence] = []
    start = 0
    for m in list(_SENTENCE_END.finditer(text)) + [None]:
        end = m.start() + len(m.group(1) or "") if m else len(text)
        _add_sentence(out, text, start, end)
        if m:
            start = m.end()
    return out


def _add_sentence(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    while _HEADING.match(piece.lstrip()):  # a heading line glued to the sentence below it
        cut = piece.find("\n")
        if cut < 0:
            return
        start, piece = start + cut + 1, piece[cut + 1:]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if len(piece) < 12 or _HEADING.match(piece) or not re.search(r"[A-Za-zÀ-ÿ]{3}", piece):
        return
    s = start + lead
    out.append(Sentence(s, s + len(piece), piece))


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
