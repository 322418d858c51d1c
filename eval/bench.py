"""`python -m eval.bench`: how fast and how big GenAI-wijzer is, in numbers.

    python -m eval.bench --source ../shared/corpus/algoritmekader [--ingest] [--json]
    python -m eval.bench --scale-paths [--path-scales 1,16,100] [--json]

Sections (each printed as a table, with the machine):
- ingest (only with --ingest: it embeds everything, minutes on 2 cores): runs
  `python -m eval.bench_ingest` when present, else times a cold refresh into a scratch
  index (documents, pages and chunks per second).
- index: size on disk of the evaluation index (.eval-cache/, built like `python -m eval`).
- queries (warm): p50/p95 of retrieval alone and of a whole extractive answer, over the
  gold questions, after one warm-up pass.
- start-up: a fresh Python process that imports the assistant, opens the index and
  answers one question; time to the first answer.
- scale: query latency with the corpus duplicated 1x, 4x, 16x (MemorySnapshot with the
  stored vectors copied under new ids: nothing is re-embedded).
- memory: peak resident memory of this process (and of the start-up process).
- --scale-paths (alone, no model needed): dense search in memory vs in a Chroma server
  at 1x/16x/100x a synthetic corpus: query time and each app process's memory
  (eval/bench_scale.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from eval import metrics
from eval.index_setup import CACHE_DIR, build_temp_index, temp_index_settings
from eval.questions import load_questions
from eval.report import table
from wijzer.settings import PROJECT_ROOT, load_settings

QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
STARTUP_QUESTION = "Mag ik ChatGPT gebruiken om een brief aan een inwoner op te stellen?"


# --- machine and small helpers --------------------------------------------------------
def machine() -> dict[str, Any]:
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_gib": mem, "python": platform.python_version(), "platform": platform.platform(terse=True),
            "processor": platform.processor() or platform.machine()}


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: KiB


def dir_size_mib(path: Path) -> float:
    total = sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    return round(total / 1024 / 1024, 2)


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def p50_p95(values: Sequence[float]) -> dict[str, float]:
    return {"p50": round(metrics.percentile(values, 50) or 0.0, 2), "p95": round(metrics.percentile(values, 95) or 0.0, 2)}


def latencies(questions: Sequence[str], fn: Callable[[str], Any], passes: int) -> list[float]:
    """Wall ms per call over `passes` passes, after one warm-up pass that is not counted."""
    for q in questions:
        fn(q)
    return [timed(lambda q=q: fn(q)) for _ in range(passes) for q in questions]


# --- sections --------------------------------------------------------------------------
def bench_ingest(settings: Any, embeddings: Any, sources: Sequence[Path]) -> dict[str, Any]:
    """A cold refresh into a scratch index: documents/pages/chunks per second."""
    if (PROJECT_ROOT / "eval" / "bench_ingest.py").is_file():  # the ingest helper's benchmark
        proc = subprocess.run([sys.executable, "-m", "eval.bench_ingest"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=3600, check=False)
        return {"report": proc.stdout.strip() or proc.stderr.strip(), "exit_code": proc.returncode}
    from ingest.refresh import refresh
    from wijzer.index import Index

    scratch = Path(tempfile.mkdtemp(prefix="wijzer-bench-"))
    try:
        cold = load_settings(**{**settings.model_dump(), "index_dir": scratch / "index", "chroma_url": None})
        t0 = time.perf_counter()
        report = refresh(cold, embeddings=embeddings, extra_sources=tuple(sources))
        seconds = time.perf_counter() - t0
        status = Index.open(cold, embeddings).status()
        docs = len(status.documents)
        pages = sum(d.pages or 1 for d in status.documents)
        chunks = status.chunk_count
        return {"seconds": round(seconds, 1), "documents": docs, "pages": pages, "chunks": chunks,
                "docs_per_s": round(docs / seconds, 2), "pages_per_s": round(pages / seconds, 2),
                "chunks_per_s": round(chunks / seconds, 2), "failed": len(report.failed),
                "index_mib": dir_size_mib(scratch), "peak_rss_mib": peak_rss_mib()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench_queries(settings: Any, embeddings: Any, snapshot: Any, questions: Sequence[str], passes: int) -> dict[str, Any]:
    """Warm latency of retrieval alone and of a whole extractive answer on one snapshot."""
    from assistant.service import Assistant

    assistant = Assistant(settings, embeddings=embeddings, index=snapshot)
    search = latencies(questions, lambda q: assistant.retriever.search(q), passes)
    answer = latencies(questions, lambda q: assistant.ask(q, mode="extractive"), passes)
    return {"chunks": len(snapshot.chunks), "documents": len(snapshot.document_ids),
            "retrieval_ms": p50_p95(search), "answer_ms": p50_p95(answer), "n": len(search)}


def duplicated(snapshot: Any, times: int) -> Any:
    """The snapshot's chunks and stored vectors `times` over, copies under new ids."""
    from wijzer.index import MemorySnapshot

    if times == 1:
        return snapshot
    base = list(snapshot.chunks)
    vectors = np.asarray([snapshot.vector(c.id) for c in base], np.float32)
    chunks = list(base)
    for n in range(1, times):
        chunks += [replace(c, id=f"{c.id}~{n}", document_id=f"{c.document_id}~{n}") for c in base]
    return MemorySnapshot(chunks, np.vstack([vectors] * times), version=f"{snapshot.version}x{times}",
                          embedding_model=snapshot.embedding_model)


def bench_startup(settings: Any) -> dict[str, Any]:
    """A fresh interpreter: import, open the index, answer once (wall time from the parent)."""
    code = (
        "import time, json, resource; t0 = time.perf_counter()\n"
        "from assistant.service import Assistant\n"
        "from wijzer.settings import load_settings\n"
        "t1 = time.perf_counter(); a = Assistant.from_settings(load_settings())\n"
        f"t2 = time.perf_counter(); ans = a.ask({STARTUP_QUESTION!r}, mode='extractive')\n"
        "t3 = time.perf_counter()\n"
        "print(json.dumps({'import_s': t1 - t0, 'open_s': t2 - t1, 'first_answer_s': t3 - t2,"
        " 'refused': ans.refused, 'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJZER_")}
    env.update(WIJZER_INDEX_DIR=str(settings.index_dir), WIJZER_KNOWLEDGE_DIR=str(settings.knowledge_dir),
               WIJZER_EMBEDDING_MODEL=settings.embedding_model, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    inner = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"total_s": round(wall, 2), **{k: round(v, 2) if isinstance(v, float) else v for k, v in inner.items()}}


# --- the run -----------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m eval.bench", description="Speed and size of GenAI-wijzer.")
    p.add_argument("--source", type=Path, action="append", default=[], help="extra source folder (repeatable)")
    p.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="evaluation index cache (default .eval-cache/)")
    p.add_argument("--ingest", action="store_true", help="also measure a cold ingest (embeds everything)")
    p.add_argument("--passes", type=int, default=3, help="timed passes over the questions (default 3)")
    p.add_argument("--scales", default="1,4,16", help="corpus duplication factors (default 1,4,16)")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    p.add_argument("--scale-paths", action="store_true",
                   help="only compare dense search in memory vs in a Chroma server as the corpus grows")
    p.add_argument("--path-scales", default="1,16,100", help="growth factors for --scale-paths (default 1,16,100)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p.parse_args(argv)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from wijzer.embeddings import make_embeddings
    from wijzer.index import Index

    sources = [s for s in args.source if s.is_dir()]
    settings = temp_index_settings(load_settings(), sources, args.cache_dir)
    embeddings = make_embeddings(settings)
    out: dict[str, Any] = {"machine": machine(), "command": "python -m eval.bench " + " ".join(sys.argv[1:]),
                           "embedding_model": settings.embedding_model}
    if args.ingest:
        out["ingest"] = bench_ingest(settings, embeddings, sources)
    t0 = time.perf_counter()
    report = build_temp_index(settings, embeddings, sources)
    out["index"] = {"location": str(settings.index_dir), "refresh_s": round(time.perf_counter() - t0, 2),
                    "chunks_embedded": getattr(report, "chunks_embedded", None)}
    snapshot = Index.open(settings, embeddings).snapshot()
    out["index"].update(documents=len(snapshot.document_ids), chunks=len(snapshot.chunks),
                        size_mib=dir_size_mib(settings.index_dir))
    questions = [q.question for q in load_questions(QUESTIONS)]
    out["scale"] = []
    for times in (int(x) for x in args.scales.split(",") if x.strip()):
        row = bench_queries(settings, embeddings, duplicated(snapshot, times), questions, args.passes)
        out["scale"].append({"factor": times, **row})
    out["queries"] = out["scale"][0] if out["scale"] else None
    if not args.no_startup:
        out["startup"] = bench_startup(settings)
    out["peak_rss_mib"] = peak_rss_mib()
    return out


def render(out: dict[str, Any]) -> str:
    m = out["machine"]
    parts = [f"Machine: {m['cpus']} CPUs ({m['affinity']} usable), {m['memory_gib']} GiB, {m['processor']}, "
             f"Python {m['python']}; embedder {out['embedding_model']}", f"Command: {out['command']}", ""]
    if "ingest" in out and "report" in out["ingest"]:
        parts += ["Ingest (python -m eval.bench_ingest):", out["ingest"]["report"], ""]
    elif "ingest" in out:
        i = out["ingest"]
        parts += [table(["documents", "pages", "chunks", "seconds", "docs/s", "pages/s", "chunks/s", "peak RSS MiB"],
                        [[i.get("documents"), i.get("pages"), i.get("chunks"), i.get("seconds"), i.get("docs_per_s"),
                          i.get("pages_per_s"), i.get("chunks_per_s"), i.get("peak_rss_mib")]]), ""]
    x = out["index"]
    parts += [table(["index documents", "chunks", "size on disk MiB"], [[x["documents"], x["chunks"], x["size_mib"]]]), ""]
    parts += [table(["corpus", "chunks", "retrieval p50 ms", "retrieval p95 ms", "answer p50 ms", "answer p95 ms", "n"],
                    [[f"{r['factor']}x", r["chunks"], r["retrieval_ms"]["p50"], r["retrieval_ms"]["p95"],
                      r["answer_ms"]["p50"], r["answer_ms"]["p95"], r["n"]] for r in out["scale"]]), ""]
    s = out.get("startup")
    if s:
        parts += ["Start-up: " + (s["error"] if "error" in s else
                  f"{s['total_s']} s to the first answer (import {s['import_s']} s, open {s['open_s']} s, "
                  f"first answer {s['first_answer_s']} s; peak RSS {s['peak_rss_mib']:.0f} MiB)")]
    parts += [f"Peak RSS of this benchmark process: {out['peak_rss_mib']} MiB"]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    from wijzer.errors import WijzerError

    args = parse_args(argv)
    try:
        if args.scale_paths:
            from eval.bench_scale import render_scale_paths, run_scale_paths

            out = {"machine": machine(), **run_scale_paths([int(x) for x in args.path_scales.split(",") if x.strip()])}
            print(json.dumps(out, ensure_ascii=False) if args.json else render_scale_paths(out))
            return 0
        out = run(args)
    except WijzerError as exc:
        print(f"Benchmark mislukt: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False) if args.json else render(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
