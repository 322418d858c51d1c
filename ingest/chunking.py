"""Structure-following chunks. STUB: owned by the documents helper."""

from __future__ import annotations

from wijzer.types import Chunk, Document


def chunk_document(doc: Document, chunk_size: int, overlap: int) -> list[Chunk]:
    """Split at headings / numbered sections, then at sentence boundaries to about
    chunk_size characters with overlap. Ids are stable (document id, position, text)."""
    raise NotImplementedError
