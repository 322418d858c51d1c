"""Calibrate the support check of LLM answers (assistant/support.py) on the gold set.

    python -m eval.calibrate_support --source ../shared/corpus/algoritmekader [--json]

Pairs come from eval/questions.jsonl: each sentence of a question's `expected_answer`
against its expected source (supported: the best segment of that document) and against a
random passage of another document (unsupported). Documents are read and chunked with the
ingest code; only the segments of the documents used are embedded (no index is built).
For each weight of meaning vs words it prints the AUROC, and for the best weight the
threshold that maximises TPR - FPR (Youden's J), with the rates at that threshold. Put
the results in assistant/support.py (COSINE_WEIGHT, docstring) and Settings.support_threshold.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.support import SupportChecker, pieces
from eval import metrics
from eval.questions import load_questions
from wijzer.settings import PROJECT_ROOT, load_settings
from wijzer.types import Chunk

WEIGHTS = tuple(round(0.1 * i, 1) for i in range(11))


def load_chunks(settings: Any, sources: Sequence[Path]) -> list[Chunk]:
    """Every chunk of knowledge/ and the source folders, through the ingest code."""
    from ingest.chunking import chunk_document
    from ingest.readers import read_document
    from ingest.sources import discover

    files, _failures = discover(settings, extra_dirs=list(sources))
    chunks: list[Chunk] = []
    for f in files:
        try:
            chunks += chunk_document(read_document(f, settings), settings.chunk_size,
                                     settings.chunk_overlap)
        except Exception:  # noqa: BLE001, S112 - an unreadable source is simply not used
            continue
    return chunks


def features(checker: SupportChecker, claim: str, chunks: Sequence[Chunk]) -> np.ndarray:
    """(meaning, words) of the claim against every segment of the chunks: shape (n, 2)."""
    rows = [(m, w) for chunk in chunks for m, w, _ in checker.features(claim, chunk)]
    return np.array(rows, dtype=np.float64).reshape(-1, 2)


def best_threshold(positive: Sequence[float], negative: Sequence[float]) -> tuple[float, float, float]:
    """(threshold, TPR, FPR) maximising TPR - FPR. Of the cuts that reach the maximum, the
    middle one: with separable scores the loosest cut would admit more wrong citations
    than the gold set shows, the strictest would drop borderline true ones."""
    pos, neg = np.asarray(positive), np.asarray(negative)
    values = sorted(set(positive) | set(negative))
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(values)] or values
    gain = [float(np.mean(pos >= t) - np.mean(neg >= t)) for t in cuts]
    top = max(gain)
    best_cuts = [t for t, g in zip(cuts, gain) if g == top]
    best = (min(best_cuts) + max(best_cuts)) / 2
    return best, float(np.mean(pos >= best)), float(np.mean(neg >= best))


def calibrate(questions_file: Path, sources: Sequence[Path], seed: int = 7) -> dict[str, Any]:
    from wijzer.embeddings import make_embeddings

    settings = load_settings()
    chunks = load_chunks(settings, sources)
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.document_id, []).append(c)
    checker = SupportChecker(make_embeddings(settings))
    rng = random.Random(seed)
    pos_rows, neg_rows, used = [], [], 0
    for q in load_questions(questions_file):
        if not q.expected_answer or not q.answerable:
            continue
        docs = [d for d in by_doc if any(metrics.source_matches(e, [d]) for e in q.expected_sources)]
        if not docs:
            continue
        used += 1
        others = [d for d in by_doc if d not in docs]
        for piece in pieces(q.expected_answer):
            claim = piece.claim
            if not claim:
                continue
            pos_rows.append(features(checker, claim, [c for d in docs for c in by_doc[d]]))
            neg_rows.append(features(checker, claim, [rng.choice(by_doc[rng.choice(others)])]))
    table = []
    for w in WEIGHTS:
        pos = [float((w * r[:, 0] + (1 - w) * r[:, 1]).max()) for r in pos_rows if len(r)]
        neg = [float((w * r[:, 0] + (1 - w) * r[:, 1]).max()) for r in neg_rows if len(r)]
        t, tpr, fpr = best_threshold(pos, neg)
        table.append({"cosine_weight": w, "auroc": round(metrics.auroc(pos, neg), 4),
                      "threshold": round(t, 3), "tpr": round(tpr, 3), "fpr": round(fpr, 3)})
    best = max(table, key=lambda r: (r["auroc"], r["tpr"] - r["fpr"]))
    return {"questions": used, "pairs": len(pos_rows), "embedding_model": settings.embedding_model,
            "by_weight": table, "best": best}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.calibrate_support", description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "questions.jsonl")
    p.add_argument("--source", type=Path, action="append", default=[], help="extra source folder (repeatable)")
    p.add_argument("--seed", type=int, default=7, help="seed of the random unsupported passages")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    out = calibrate(args.questions, [s for s in args.source if s.is_dir()], args.seed)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"{out['questions']} vragen, {out['pairs']} zinnen (gesteund en niet gesteund), "
          f"model {out['embedding_model']}")
    print("gewicht betekenis | AUROC | drempel | TPR | FPR")
    for r in out["by_weight"]:
        print(f"{r['cosine_weight']:>17} | {r['auroc']:.3f} | {r['threshold']:.3f} | "
              f"{r['tpr']:.2f} | {r['fpr']:.2f}")
    b = out["best"]
    print(f"beste: gewicht {b['cosine_weight']}, drempel {b['threshold']} "
          f"(AUROC {b['auroc']}, TPR {b['tpr']}, FPR {b['fpr']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
