"""Incremental, atomic refresh of the index. STUB: owned by the index helper."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from langchain_core.embeddings import Embeddings

from wijzer.settings import Settings
from wijzer.types import RefreshReport

Progress = Callable[[str, int, int], None]  # (stage label in Dutch, done, total)


def refresh(
    settings: Settings,
    embeddings: Embeddings | None = None,
    extra_sources: Sequence[Path] = (),
    download: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> RefreshReport:
    """Bring the index in line with the sources; the previous version stays usable until
    the new one is complete."""
    raise NotImplementedError
