"""The manifest and the files it points at. STUB: owned by the documents helper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from wijzer.settings import Settings
from wijzer.types import Failure, SourceEntry


@dataclass(frozen=True)
class SourceFile:
    """One file to read as one document, with its metadata."""

    entry: SourceEntry
    path: Path


def load_manifest(knowledge_dir: Path) -> list[SourceEntry]:
    """Read knowledge/sources.toml (raise SourceError with a clear message when malformed)."""
    raise NotImplementedError


def discover(settings: Settings, extra_dirs: Sequence[Path] = ()) -> tuple[list[SourceFile], list[Failure]]:
    """Every document to ingest: manifest entries with a file on disk, other files dropped
    in the knowledge dir, and every file of each extra folder source (ids from the path
    relative to that folder; exclude globs applied). Entries without a file are reported
    (not fatal) so a refresh can download them."""
    raise NotImplementedError
