"""`python -m eval`: measure retrieval, the evidence gate, citations and latency.

    python -m eval                                   # the configured index
    python -m eval --source ../shared/corpus/algoritmekader   # temp index: knowledge/ + source
    python -m eval --json                            # one JSON object {"results": [...]}
    python -m eval --questions eval/test.jsonl --questions eval/questions_unseen_j.jsonl --temp-index
                                                     # several files measured as one pooled set

Exit code 0 whatever the scores; 2 when the run itself failed (bad question file,
no index, ...).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.index_setup import CACHE_DIR, build_temp_index, document_names, temp_index_settings
from eval.questions import load_pooled
from eval.report import render_table
from eval.runner import evaluate, resolve_sources
from wijzer.cli import run_command
from wijzer.logs import configure_logging
from wijzer.settings import PROJECT_ROOT

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
BASE_CONFIGS = ("bm25", "dense", "hybrid")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=Path, action="append", default=None,
                   help="JSONL question file (default: eval/questions.jsonl); repeat it to measure "
                        "several files as one pooled set")
    p.add_argument("--source", type=Path, action="append", default=[], help="extra source folder to index (repeatable); implies --temp-index")
    p.add_argument("--temp-index", action="store_true", help="build/refresh a cached index from knowledge/ (+ --source) in .eval-cache/")
    p.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where temporary indexes are cached (default .eval-cache/)")
    p.add_argument("--config", action="append", choices=("bm25", "dense", "hybrid", "hybrid+rerank"), help="only these configurations (repeatable)")
    p.add_argument("--k", type=int, default=40, help="chunks retrieved per question for the document ranking (default 40)")
    p.add_argument("--no-answers", action="store_true", help="skip the extractive answers (no citation check)")
    p.add_argument("--no-known-questions", action="store_true", help="answer without knowledge/bekende-vragen.toml (for comparison)")
    p.add_argument("--mode", choices=("extractive", "llm"), default="extractive", help="how the default configuration answers (llm: also support_rate)")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions (quick runs)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--verbose", action="store_true", help="list misses and invalid citations")
    args = p.parse_args(argv)
    args.questions = args.questions or [DEFAULT_QUESTIONS]
    return args


def _progress(quiet: bool):
    def report(label: str, done: int, total: int) -> None:
        if not quiet and sys.stderr.isatty():
            print(f"\r{label}: {done}/{total}   ", end="", file=sys.stderr, flush=True)
    return report


def run(args: argparse.Namespace) -> dict[str, Any]:
    from assistant.gate import assess
    from assistant.service import Assistant
    from wijzer.embeddings import make_embeddings
    from wijzer.index import Index
    from wijzer.settings import load_settings

    questions = load_pooled(args.questions)
    if args.limit > 0:
        questions = questions[: args.limit]
    settings = load_settings()
    configure_logging(settings)
    notes: list[str] = []
    sources = [s for s in args.source if s.is_dir()]
    for s in args.source:
        if not s.is_dir():
            notes.append(f"bron {s} ontbreekt: overgeslagen (vragen daarover tellen niet mee)")
    refresh_report = None
    embeddings = make_embeddings(settings)
    if args.source or args.temp_index:
        settings = temp_index_settings(settings, sources, args.cache_dir)
        refresh_report = build_temp_index(settings, embeddings, sources, _progress(args.json))
        failed = refresh_report.failed
        if failed:
            listed = ", ".join(f.id or f.path or "?" for f in failed[:8])
            notes.append(f"{len(failed)} bron(nen) niet geïndexeerd ({listed}{', ...' if len(failed) > 8 else ''}); "
                         "vragen die alleen daarover gaan tellen niet mee")
    index = Index.open(settings, embeddings)
    snapshot = index.snapshot()
    names = document_names(index) or {d: [] for d in snapshot.document_ids}
    cov = resolve_sources(questions, names)
    if cov.skipped:
        notes.append(f"{len(cov.skipped)} vraag/vragen overgeslagen: verwachte bronnen niet in de index")
    assistant = Assistant(settings, embeddings=embeddings, index=index)
    # the known questions hold dev questions: a question never leans on itself
    assistant.retriever.leave_out_known = True
    assistant.retriever.use_known_questions = not args.no_known_questions
    default = "hybrid+rerank" if settings.reranker_model else "hybrid"
    configs = args.config or [*BASE_CONFIGS, *(["hybrid+rerank"] if settings.reranker_model else [])]

    def indexed(chunk_id: str) -> str | None:
        try:
            return snapshot.by_id(chunk_id).text
        except KeyError:
            return None

    def ask(question: str, history: Sequence[tuple[str, str]] = ()) -> Any:
        return assistant.ask(question, history=history, mode=args.mode)

    gate = lambda retrieval: assess(retrieval, settings)  # noqa: E731 - the configured threshold
    results = evaluate(cov.questions, cov.relevant, assistant.retriever, gate, configs, default,
                       ask=None if args.no_answers else ask, indexed=indexed, depth=args.k, progress=_progress(args.json))
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    return {
        "results": [r.summary() for r in results],
        "questions_file": " + ".join(str(q) for q in args.questions),
        "n_questions_total": len(questions),
        "skipped": [{"id": i, "reason": r} for i, r in cov.skipped],
        "partial_sources": cov.partial,
        "index": {"version": snapshot.version, "embedding_model": snapshot.embedding_model,
                  "documents": len(snapshot.document_ids), "chunks": len(snapshot.chunks),
                  "location": str(settings.index_dir if not settings.chroma_url else settings.chroma_url)},
        "refresh": refresh_report.to_dict() if refresh_report else None,
        "notes": notes,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_command(lambda: _main(args), as_json=args.json, prefix="Evaluatie mislukt: ",
                       error_code=2)


def _main(args: argparse.Namespace) -> int:
    out = run(args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(render_table(out, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
