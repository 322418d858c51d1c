"""Chunk <-> Chroma record: the one place that maps the chunk fields to metadata.

Chroma metadata accepts str/int/float/bool only: the section tuple travels as JSON and
None values are left out (absent key -> None on the way back).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wijzer.types import Chunk

_OPTIONAL = ("page_start", "page_end", "url", "superseded_by")


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | float | bool]:
    """The Chroma metadata of a chunk (everything but the id and the text)."""
    meta: dict[str, Any] = {
        "document_id": chunk.document_id,
        "document_version": chunk.document_version,
        "title": chunk.title,
        "kind": chunk.kind,
        "section": json.dumps(list(chunk.section), ensure_ascii=False),
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "location": chunk.location,
        "date": chunk.date,
        "ordinal": chunk.ordinal,
        "collection": chunk.collection,
        "links": json.dumps(list(chunk.links)), "linked_from": chunk.linked_from,
    }
    for name in _OPTIONAL:
        value = getattr(chunk, name)
        if value is not None:
            meta[name] = value
    return meta


def chunk_from_record(chunk_id: str, text: str, meta: Mapping[str, Any]) -> Chunk:
    """Rebuild a Chunk from what `chunk_metadata` stored."""
    return Chunk(
        id=chunk_id,
        document_id=str(meta["document_id"]),
        document_version=str(meta["document_version"]),
        title=str(meta.get("title", "")),
        kind=str(meta.get("kind", "other")),
        section=tuple(json.loads(meta.get("section") or "[]")),
        page_start=_opt_int(meta.get("page_start")),
        page_end=_opt_int(meta.get("page_end")),
        char_start=int(meta.get("char_start", 0)),
        char_end=int(meta.get("char_end", 0)),
        text=text,
        location=str(meta.get("location", "")),
        url=meta.get("url"),
        superseded_by=meta.get("superseded_by"),
        date=str(meta.get("date", "")),
        ordinal=int(meta.get("ordinal", 0)),
        collection=str(meta.get("collection", "")),
        links=tuple(json.loads(meta.get("links") or "[]")), linked_from=str(meta.get("linked_from", "")),
    )


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)
