"""Readers by file suffix, each turning a file into cleaned pages plus metadata.

A reader is `read(path, data) -> (pages, metadata)`: `data` is the raw bytes (already
size-checked and hashed here), `pages` the cleaned `Page`s, `metadata` string fields
found in the file (title, summary, ...). Heavy libraries are imported inside readers.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Mapping

from wijzer.errors import SourceError
from wijzer.settings import Settings
from wijzer.types import Document, Page

from ingest.sources import SUPPORTED, SourceFile

Reader = Callable[[Path, bytes], tuple[list[Page], dict[str, str]]]
# What the readers make of a file, recorded with the index's chunk settings: a change
# re-reads every source at the next refresh (only chunks whose text changed are embedded).
# 2: a PDF heading that ends in a colon is a label, never the parent of later chapters
#    (pdf_structure._labels_open_no_chapter).
# 3: a Markdown link whose address holds spaces ("documenten/AIG self-assessment v4.xlsx")
#    is reduced to its text as well.
# 4: a Markdown blockquote's ">" marker is dropped ("> Impactvolle algoritmes … worden
#    gepubliceerd …" was quoted with it).
READERS_VERSION = 4


def _registry() -> dict[str, Reader]:
    from ingest.readers import html, markdown, pdf, text

    return {
        ".pdf": pdf.read,
        ".html": html.read,
        ".htm": html.read,
        ".md": markdown.read,
        ".markdown": markdown.read,
        ".txt": text.read,
    }


def reader_for(path: Path) -> Reader:
    reader = _registry().get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            f"{path.name}: bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund. "
            f"Gebruik PDF, HTML, Markdown of tekst ({', '.join(SUPPORTED)})."
        )
    return reader


def read_document(source: SourceFile, settings: Settings) -> Document:
    """Read one file. Raise SourceError (Dutch message naming the file and the fix) for
    corrupt, encrypted, empty, image-only, non-UTF-8, oversized or unsupported files."""
    path = source.path
    reader = reader_for(path)
    data = _read_bytes(path, settings.max_file_mb)
    pages, metadata = reader(path, data)
    if not any(p.text.strip() for p in pages):
        raise SourceError(f"{path.name}: het bestand bevat geen tekst. Controleer het bestand of verwijder het.")
    entry = source.entry
    title = entry.title
    if source.origin != "manifest" and metadata.get("title"):
        title = metadata["title"]
    return Document(
        id=entry.id,
        title=title,
        kind=metadata.get("kind", entry.kind) if source.origin != "manifest" else entry.kind,
        version=hashlib.sha256(data).hexdigest(),
        path=source.display_path,
        pages=tuple(pages),
        url=entry.url,
        publisher=entry.publisher,
        date=entry.date,
        superseded_by=entry.superseded_by,
        metadata=_str_metadata(metadata),
        collection=entry.collection,
        links=entry.links,
        linked_from=entry.linked_from,
    )


def _read_bytes(path: Path, max_mb: float) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"{path.name}: het bestand is niet te lezen ({exc.strerror}).") from None
    if size > max_mb * 1024 * 1024:
        raise SourceError(
            f"{path.name}: het bestand is te groot ({size / 1024 / 1024:.1f} MB; de grens is "
            f"{max_mb:g} MB). Verhoog WIJZER_MAX_FILE_MB of splits het bestand."
        )
    if size == 0:
        raise SourceError(f"{path.name}: het bestand is leeg (0 bytes). Vervang het door het echte document.")
    return path.read_bytes()


def _str_metadata(metadata: Mapping[str, object]) -> dict[str, str]:
    return {str(k): str(v) for k, v in metadata.items() if v not in (None, "")}
