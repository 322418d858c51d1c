"""Dense search in memory vs in the vector store, as the corpus grows (synthetic vectors).

    python -m eval.bench --scale-paths [--path-scales 1,16,100] [--json]

For each growth factor a synthetic corpus (`BASE_CHUNKS` chunks x factor, clustered
384-dim unit vectors, passage-sized texts; nothing is embedded) is written through the
normal write path into a `chroma run` started for the benchmark. Then, per search path, a
fresh app process opens the index as the app does and times dense queries:
- memory: WIJZER_DENSE_SEARCH=memory, the process loads every vector (numpy search);
- store: the default with WIJZER_CHROMA_URL, Chroma's `collection.query` (HNSW).
Reported: load time, p50/p95 query ms (unfiltered, and with a kind filter), the app
process's resident memory before and after opening the index, and the server's.
BM25 (built from the chunk texts by both paths alike) is left out of the memory figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np

BASE_CHUNKS = 1800  # about the seed letter + Algoritmekader corpus
DIM = 384  # multilingual-e5-small
CHUNKS_PER_DOC = 9
KINDS = ("guidance", "web", "position", "letter")
N_QUERIES = 200
WORDS = ("algoritme", "generatieve", "toepassing", "persoonsgegevens", "overheid", "risico",
         "menselijke", "controle", "inkoop", "transparantie", "register", "verordening")


def synthetic_corpus(factor: int, seed: int = 7) -> tuple[list[Any], np.ndarray]:
    """`BASE_CHUNKS * factor` chunks in documents of 9, vectors clustered per document
    (so a query has a few close neighbours, as real passages do)."""
    from wijzer.types import Chunk

    rng = np.random.default_rng(seed)
    n = BASE_CHUNKS * factor
    n_docs = -(-n // CHUNKS_PER_DOC)
    centres = rng.standard_normal((n_docs, DIM), dtype=np.float32)
    doc_of = np.arange(n) // CHUNKS_PER_DOC
    vectors = centres[doc_of] + 0.6 * rng.standard_normal((n, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chunks = []
    for i in range(n):
        doc = int(doc_of[i])
        text = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(90))  # ~900 characters
        chunks.append(Chunk(
            id=f"syn-{doc}-{i}", document_id=f"syn-{doc}", document_version="v1", title=f"Document {doc}",
            kind=KINDS[doc % len(KINDS)], section=("Hoofdstuk",), page_start=1, page_end=1,
            char_start=0, char_end=len(text), text=text, location="p. 1", ordinal=i % CHUNKS_PER_DOC,
        ))
    return chunks, vectors


def query_vectors(vectors: np.ndarray, n: int = N_QUERIES, seed: int = 11) -> np.ndarray:
    """Queries near stored passages (a passage plus noise), like a question near its answer."""
    rng = np.random.default_rng(seed)
    picked = vectors[rng.integers(0, len(vectors), n)]
    queries = picked + rng.standard_normal(picked.shape, dtype=np.float32) / np.sqrt(DIM)  # cos ~0.7
    return queries / np.linalg.norm(queries, axis=1, keepdims=True)


def write_index(settings: Any, chunks: Sequence[Any], vectors: np.ndarray) -> float:
    """Write one version through Index.write_version (as a refresh does); seconds taken."""
    from datetime import datetime

    from wijzer.index import Index, IndexState

    index = Index.open(settings)
    docs = {}
    for c in chunks:
        d = docs.setdefault(c.document_id, {"id": c.document_id, "title": c.title, "kind": c.kind,
                                            "version": "v1", "chunks": 0})
        d["chunks"] += 1

    def make_state(number: int, name: str) -> IndexState:
        return IndexState(number, name, index.model_id, DIM,
                          datetime.now(UTC).isoformat(timespec="seconds"),
                          {"chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap},
                          tuple(docs.values()))

    t0 = time.perf_counter()
    with index.writing():
        index.write_version(chunks, vectors, make_state)
    return time.perf_counter() - t0


APP = r"""
import json, sys, time
import numpy as np

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

from wijzer.index import Index
from wijzer.settings import load_settings
queries = np.load(sys.argv[1])
kind = sys.argv[2]
before = rss()
t0 = time.perf_counter()
snap = Index.open(load_settings()).snapshot()
load_s = time.perf_counter() - t0
after = rss()
def timed(kinds):
    for q in queries[:20]:
        snap.dense_search(q, 40, kinds=kinds)
    out = []
    for q in queries:
        t = time.perf_counter()
        snap.dense_search(q, 40, kinds=kinds)
        out.append((time.perf_counter() - t) * 1000)
    return out
plain = timed(None)
filtered = timed([kind])
print(json.dumps({"type": type(snap).__name__, "chunks": len(snap), "load_s": load_s,
                  "rss_before_mib": before, "rss_after_mib": after, "rss_end_mib": rss(),
                  "plain_ms": plain, "filtered_ms": filtered}))
"""


def measure_app(url: str, prefix: str, path: str, queries_file: Path) -> dict[str, Any]:
    """One fresh app process opening the index on `path` (memory | store)."""
    from eval.bench import p50_p95

    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJZER_")}
    env.update(WIJZER_CHROMA_URL=url, WIJZER_COLLECTION_PREFIX=prefix, WIJZER_DENSE_SEARCH=path,
               WIJZER_INDEX_DIR=str(queries_file.parent / "app-index"), ANONYMIZED_TELEMETRY="False")
    proc = subprocess.run([sys.executable, "-c", APP, str(queries_file), KINDS[0]], env=env,
                          capture_output=True, text=True, timeout=1800, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        return {"error": tail[0]}
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"snapshot": got["type"], "chunks": got["chunks"], "load_s": round(got["load_s"], 2),
            "query_ms": p50_p95(got["plain_ms"]), "filtered_ms": p50_p95(got["filtered_ms"]),
            "rss_mib": round(got["rss_end_mib"], 1),
            "index_rss_mib": round(got["rss_after_mib"] - got["rss_before_mib"], 1)}


def rss_of(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(exe), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("chroma run did not start")


def run_scale_paths(factors: Sequence[int]) -> dict[str, Any]:
    from wijzer.settings import load_settings

    rows = []
    with tempfile.TemporaryDirectory(prefix="wijzer-scale-") as tmp:
        folder = Path(tmp)
        server, url = start_server(folder / "server")
        try:
            for factor in factors:
                prefix = f"scale{factor}"
                chunks, vectors = synthetic_corpus(factor)
                settings = load_settings(chroma_url=url, collection_prefix=prefix,
                                         index_dir=folder / "writer")
                write_s = write_index(settings, chunks, vectors)
                queries_file = folder / f"queries-{factor}.npy"
                np.save(queries_file, query_vectors(vectors))
                del chunks, vectors
                for path in ("memory", "store"):
                    row = {"factor": factor, "path": path, "chunks": BASE_CHUNKS * factor,
                           "write_s": round(write_s, 1), **measure_app(url, prefix, path, queries_file)}
                    row["server_rss_mib"] = rss_of(server.pid)
                    rows.append(row)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"rows": rows, "dim": DIM, "queries": N_QUERIES, "k": 40}


def render_scale_paths(out: dict[str, Any]) -> str:
    from eval.report import table

    head = ["corpus", "chunks", "write s", "path", "query p50 ms", "query p95 ms", "filtered p50 / p95 ms",
            "open s", "app RSS MiB", "of which index", "server RSS MiB"]
    rows = []
    for r in out["rows"]:
        if "error" in r:
            rows.append([f"{r['factor']}x", r["chunks"], r["write_s"], r["path"], r["error"], "", "", "", "", "", ""])
            continue
        rows.append([f"{r['factor']}x", r["chunks"], r["write_s"], r["path"], r["query_ms"]["p50"], r["query_ms"]["p95"],
                     f"{r['filtered_ms']['p50']} / {r['filtered_ms']['p95']}", r["load_s"], r["rss_mib"],
                     r["index_rss_mib"], r["server_rss_mib"]])
    return (f"Dense search, k={out['k']}, {out['queries']} synthetic queries, dim {out['dim']}\n"
            + table(head, rows))
