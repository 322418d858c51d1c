"""Which index the evaluation runs against: the configured one, or a cached temporary one.

The temporary index lives in `.eval-cache/` in the repository (git-ignored), one folder per
set of sources and embedding model, and is brought up to date with the normal incremental
refresh - so a second run over unchanged sources embeds nothing, and a changed source is
re-read and re-embedded alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Sequence

from wijzer.settings import PROJECT_ROOT, Settings, load_settings

CACHE_DIR = PROJECT_ROOT / ".eval-cache"


def cache_index_dir(settings: Settings, sources: Sequence[Path], cache_dir: Path = CACHE_DIR) -> Path:
    """The cache folder for this knowledge dir + sources + embedding model."""
    key = "\n".join([str(Path(settings.knowledge_dir).resolve()), settings.embedding_model,
                     *sorted(str(Path(s).resolve()) for s in sources)])
    return Path(cache_dir) / hashlib.sha256(key.encode()).hexdigest()[:12]


def temp_index_settings(settings: Settings, sources: Sequence[Path], cache_dir: Path = CACHE_DIR) -> Settings:
    """The same settings, with the index in the cache folder (and no shared Chroma server)."""
    overrides = settings.model_dump()
    overrides.update(index_dir=cache_index_dir(settings, sources, cache_dir), chroma_url=None)
    return load_settings(**overrides)


def build_temp_index(settings: Settings, embeddings: Any, sources: Sequence[Path], progress=None) -> Any:
    """Refresh the cached index from knowledge/ plus `sources`; returns the RefreshReport."""
    from ingest.refresh import refresh

    Path(settings.index_dir).mkdir(parents=True, exist_ok=True)
    return refresh(settings, embeddings=embeddings, extra_sources=tuple(sources), progress=progress)


def document_names(index: Any) -> dict[str, list[str]]:
    """document id -> its other names (source path), for matching expected sources."""
    try:
        docs = index.status().documents
    except Exception:  # noqa: BLE001 - a snapshot without status: ids only
        return {}
    return {d.id: [d.path] if d.path else [] for d in docs}


def dev_script_args(prog: str, description: str, argv: Any = None) -> tuple[Any, Any]:
    """Arguments and Assistant shared by the dev-set scripts (calibrate_gate, train_ranker):
    `--questions` (default eval/dev.jsonl), `--source`, `--temp-index`."""
    import argparse

    from assistant.service import Assistant
    from wijzer.embeddings import make_embeddings

    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--questions", type=Path, default=Path(__file__).parent / "dev.jsonl")
    p.add_argument("--source", type=Path, action="append", default=[])
    p.add_argument("--temp-index", action="store_true", help="the cached index of knowledge/ in .eval-cache/")
    args = p.parse_args(argv)
    settings = load_settings()
    embeddings = make_embeddings(settings)
    if args.source or args.temp_index:
        settings = temp_index_settings(settings, args.source)
        build_temp_index(settings, embeddings, args.source)
    assistant = Assistant(settings, embeddings=embeddings)
    assistant.retriever.leave_out_known = True  # the known questions hold dev questions
    return args, assistant
