"""Versions: the pointer record, version collection names, and which versions may go.

Each refresh writes a complete collection `{prefix}-v{n}-{random}`; the pointer record
names the current one. The random suffix means two writers can never pick the same name
(max+1 alone collided when two hosts refreshed one server at once).
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wijzer.types import DocumentInfo

STATE_ID = "current"


@dataclass(frozen=True)
class IndexedDocument:
    """One document as the pointer record keeps it: what the status shows (`info`), plus
    what a refresh needs: `fingerprint` (file bytes + manifest entry; equal means the
    document is unchanged) and `folder` (the folder source it came from, if any)."""

    info: DocumentInfo
    fingerprint: str = ""
    folder: str | None = None

    @property
    def id(self) -> str:
        return self.info.id

    def to_record(self) -> dict[str, Any]:
        """The stored JSON form: the DocumentInfo fields with `fingerprint` and `folder`."""
        record = dataclasses.asdict(self.info)
        record["links"] = list(self.info.links)
        return record | {"fingerprint": self.fingerprint, "folder": self.folder}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> IndexedDocument:
        """Reads records of every version so far (unknown keys ignored, missing ones default)."""
        names = {f.name for f in dataclasses.fields(DocumentInfo)}
        info: dict[str, Any] = {k: v for k, v in record.items() if k in names}
        info["links"] = tuple(info.get("links") or ())
        defaults: dict[str, Any] = {"title": "", "kind": "other", "version": "", "chunks": 0}
        return cls(DocumentInfo(**(defaults | info)), str(record.get("fingerprint") or ""),
                   record.get("folder"))


@dataclass(frozen=True)
class IndexState:
    """The pointer record: which collection is the current version, and what is in it.

    `previous` names the version this one replaced: kept one more refresh for readers that
    are still loading it."""

    version: int
    collection: str
    embedding_model: str
    dimension: int | None
    last_refresh: str
    chunk_settings: Mapping[str, Any]
    documents: tuple[IndexedDocument, ...]
    sources: tuple[str, ...] = ()  # folder sources (--source), ingested again by every refresh
    previous: str | None = None

    def to_json(self) -> str:
        d = dataclasses.asdict(self)
        d["documents"] = [x.to_record() for x in self.documents]
        d["chunk_settings"] = dict(self.chunk_settings)
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IndexState:
        d = json.loads(text)
        d["documents"] = tuple(IndexedDocument.from_record(x) for x in d.get("documents") or ())
        d["sources"] = tuple(d.get("sources") or ())
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def document_infos(self) -> tuple[DocumentInfo, ...]:
        return tuple(d.info for d in self.documents)


@dataclass(frozen=True)
class VersionCollection:
    """A version collection found in the store; `created` is 0 for names of the old
    `{prefix}-v{n}` scheme (they are older than anything written since)."""

    name: str
    number: int
    created: float


def new_version_name(prefix: str, number: int) -> str:
    return f"{prefix}-v{number}-{secrets.token_hex(4)}"


def version_collections(prefix: str, collections: Iterable[Any]) -> list[VersionCollection]:
    """The version collections among Chroma's collection list (names or objects)."""
    pattern = re.compile(rf"^{re.escape(prefix)}-v(\d+)(?:-[0-9a-f]+)?$")
    found = []
    for col in collections:
        name = col if isinstance(col, str) else col.name
        m = pattern.match(name)
        if m:
            meta = getattr(col, "metadata", None) or {}
            found.append(VersionCollection(name, int(m.group(1)), float(meta.get("created", 0.0))))
    return found


def removable(
    found: Iterable[VersionCollection], keep: set[str], started: float
) -> list[VersionCollection]:
    """Versions a refresh that took its lease at `started` may delete: not one the pointer
    names now or named before (`keep`), and none created after `started`: such a
    collection belongs to a writer running despite the lease, and is not ours to judge."""
    return [v for v in found if v.name not in keep and v.created < started]
