"""Readers by file suffix, each turning a file into a Document of cleaned pages. STUB."""

from __future__ import annotations

from wijzer.settings import Settings
from wijzer.types import Document

from ingest.sources import SourceFile


def read_document(source: SourceFile, settings: Settings) -> Document:
    """Read one file. Raise SourceError (Dutch message naming the file and the fix) for
    corrupt, encrypted, empty, image-only, non-UTF-8, oversized or unsupported files."""
    raise NotImplementedError
