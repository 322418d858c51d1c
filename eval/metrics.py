"""Evaluation metrics as small pure functions, so each can be checked by hand.

Retrieval is scored per *document*: a ranking of chunks is first turned into a ranking of
documents (first occurrence wins), and a question counts as found at rank r when the
r-th document is one of its expected sources. recall@k is then the share of questions
found within the first k documents (a hit rate; one expected document suffices, since
one passage that answers the question is what the answerer needs).
"""

from __future__ import annotations

import math
from typing import Hashable, Iterable, Sequence, TypeVar

T = TypeVar("T", bound=Hashable)

_SUFFIXES = (".md", ".txt", ".pdf", ".html", ".htm", ".docx")


def dedupe(items: Iterable[T]) -> list[T]:
    """Items in first-seen order without repeats (chunk ranking -> document ranking)."""
    seen: set[T] = set()
    out: list[T] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def normalise_source(name: str) -> str:
    """A document id or source path in one comparable form: forward slashes, no leading
    './', no file suffix, lower case."""
    s = name.strip().replace("\\", "/").lower()
    while s.startswith("./"):
        s = s[2:]
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    return s.strip("/")


def source_matches(expected: str, names: Iterable[str]) -> bool:
    """True when `expected` names the document known by any of `names` (its id, its path).

    Equal after normalising, or one ends with the other at a path boundary, so the gold set
    may say "soorten-algoritmes-en-ai/generatieve-ai" whether the ingest ids carry a folder
    prefix ("algoritmekader/soorten-...") or not, and may give a path with its suffix."""
    e = normalise_source(expected)
    if not e:
        return False
    for name in names:
        n = normalise_source(name)
        if n and (n == e or n.endswith("/" + e) or e.endswith("/" + n)):
            return True
    return False


def first_relevant_rank(ranked_docs: Sequence[T], relevant: set[T] | frozenset[T]) -> int | None:
    """1-based rank of the first relevant document in a (deduplicated) ranking, or None."""
    for rank, doc in enumerate(ranked_docs, start=1):
        if doc in relevant:
            return rank
    return None


def recall_at_k(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose first relevant document is within the top k (None: no questions)."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at_k(ranks: Sequence[int | None], k: int = 10) -> float | None:
    """Mean reciprocal rank, counting ranks beyond k as 0 (None: no questions)."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1; None where the denominator is zero (undefined, not 0)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    if p is None or r is None:
        f = None
    else:
        f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def refusal_scores(refused: Sequence[bool], unanswerable: Sequence[bool]) -> dict[str, float | None]:
    """Scores of the evidence gate, treating "refuse" as the positive class.

    refusal_precision: refusals that were right; refusal_recall: unanswerable questions
    refused; false_refusal_rate: answerable questions wrongly refused."""
    if len(refused) != len(unanswerable):
        raise ValueError("refused and unanswerable must have the same length")
    pairs = list(zip(refused, unanswerable))
    tp = sum(1 for r, u in pairs if r and u)
    fp = sum(1 for r, u in pairs if r and not u)
    fn = sum(1 for r, u in pairs if not r and u)
    answerable = sum(1 for _, u in pairs if not u)
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {
        "refusal_precision": p,
        "refusal_recall": r,
        "refusal_f1": f,
        "false_refusal_rate": fp / answerable if answerable else None,
    }


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks, like numpy's
    default; None for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def auroc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half);
    NaN when either side is empty (a score to print, not to sum)."""
    if not positive or not negative:
        return math.nan
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def rate(good: int, total: int) -> float | None:
    """good/total, None when there is nothing to count."""
    return good / total if total else None
