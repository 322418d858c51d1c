"""The data types of the pipeline, defined once.

sources -> Document (pages) -> Chunk -> (index) -> Hit -> Citation -> Answer -> page.

A `Chunk` is created at ingest and carried unchanged to the page: the UI, the CLI and
the evaluation read exactly these fields and never re-derive them. All types are frozen
so a value cannot drift between layers.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

AnswerMode = Literal["extractive", "llm"]
# The kinds of publication a source can be (`kind` in knowledge/sources.toml and in front
# matter). Ingest refuses any other; the page has a Dutch label for each (ui/texts.py).
KINDS: tuple[str, ...] = ("position", "guidance", "advice", "letter", "web", "framework", "other")


@dataclass(frozen=True)
class SourceEntry:
    """One entry of `knowledge/sources.toml` (or a file found in a folder source)."""

    id: str
    title: str
    kind: str = "other"
    publisher: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD or YYYY-MM) of the publication
    url: str | None = None  # official location (a refresh downloads from it)
    file: str | None = None  # path relative to the knowledge dir, when on disk
    superseded_by: str | None = None  # id of the document that replaces this one
    exclude: tuple[str, ...] = ()  # glob patterns, for folder sources
    collection: str = ""  # the publication it belongs to, as readers name it ("Algoritmekader")
    links: tuple[str, ...] = ()  # ids of documents in the same folder this one links to (a page -> its PDF)
    linked_from: str = ""  # id of the page that links this document (a PDF -> its page)


@dataclass(frozen=True)
class Page:
    """Cleaned text of one page. `number` is 1-based for PDFs and None for unpaginated text.

    Headings are kept as Markdown heading lines (`# `, `## ` ...) for every format, so the
    chunker can follow the structure whatever the source format was.
    """

    number: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """One source document, read and cleaned, before chunking."""

    id: str
    title: str
    kind: str
    version: str  # sha256 of the raw file bytes: the document's content version
    path: str  # where it was read from (relative to its source folder where possible)
    pages: tuple[Page, ...]
    url: str | None = None
    publisher: str = ""
    date: str = ""
    superseded_by: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    collection: str = ""  # the publication it belongs to ("Algoritmekader"); "" = itself
    links: tuple[str, ...] = ()  # ids of the documents this one links to (a page -> its PDF)
    linked_from: str = ""  # id of the page that links this document (a PDF -> its page)

    @property
    def is_pdf(self) -> bool:
        return self.path.lower().endswith(".pdf")


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: the unit that is embedded, retrieved and cited.

    `id` is derived from the document id, the position and the text (stable across
    re-ingests, so writes are upserts). `char_start` is an offset into the cleaned text of
    `page_start`, `char_end` into the cleaned text of `page_end` (exclusive).
    `location` is the display form ("p. 3-4, § 2.1 Titel"), built once at ingest.
    """

    id: str
    document_id: str
    document_version: str
    title: str  # the document's title
    kind: str
    section: tuple[str, ...]  # heading path, outermost first
    page_start: int | None
    page_end: int | None
    char_start: int
    char_end: int
    text: str
    location: str
    url: str | None = None  # official URL of the document (no page anchor)
    superseded_by: str | None = None
    date: str = ""
    ordinal: int = 0  # position of the chunk in its document
    collection: str = ""  # the publication the document belongs to ("Algoritmekader")
    links: tuple[str, ...] = ()  # document ids the document links to (a page -> its PDF)
    linked_from: str = ""  # document id of the page that links the document (a PDF -> its page)

    @property
    def section_label(self) -> str:
        return " > ".join(self.section)

    @property
    def page_url(self) -> str | None:
        """The official URL, jumping to the first page for PDFs."""
        if not self.url:
            return None
        if self.page_start is not None:
            return f"{self.url}#page={self.page_start}"
        return self.url

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["section"] = list(self.section)
        d["links"] = list(self.links)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Chunk":
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["section"] = tuple(kw.get("section") or ())
        kw["links"] = tuple(kw.get("links") or ())
        return cls(**kw)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with the scores that put it there (None: not found by that method)."""

    chunk: Chunk
    score: float  # the fused score used for ranking
    dense_score: float | None = None  # cosine similarity
    bm25_score: float | None = None
    rerank_score: float | None = None


@dataclass(frozen=True)
class Citation:
    """A numbered reference [n] in an answer to the exact passage that supports it."""

    n: int
    chunk: Chunk
    quote: str  # the (first) quoted segment; always a substring of chunk.text
    quotes: tuple[str, ...] = ()  # every segment quoted from this passage, each exact

    def __post_init__(self) -> None:
        if not self.quotes and self.quote:
            object.__setattr__(self, "quotes", (self.quote,))

    @property
    def url(self) -> str | None:
        return self.chunk.page_url

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "n": self.n,
            "chunk_id": c.id,
            "document_id": c.document_id,
            "title": c.title,
            "version": c.document_version,
            "date": c.date,
            "section": c.section_label,
            "page": c.page_start,
            "page_end": c.page_end,
            "location": c.location,
            "quote": self.quote,
            "quotes": list(self.quotes),
            "passage": c.text,
            "url": self.url,
            "superseded_by": c.superseded_by,
            "collection": c.collection,
            "links": list(c.links),
            "linked_from": c.linked_from or None,
        }


@dataclass(frozen=True)
class Answer:
    """What the assistant says, rendered as-is by the CLI and the chat page."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool  # True: the sources do not answer the question
    mode: AnswerMode
    index_version: str
    timings: Mapping[str, float] = field(default_factory=dict)  # milliseconds per stage
    notices: tuple[str, ...] = ()  # Dutch, shown to the user (fallbacks, dropped citations)
    closest: tuple[Hit, ...] = ()  # passages to show when refused
    standalone_question: str | None = None  # the rewritten follow-up, when rewritten
    weak: bool = False  # answered, but the evidence is thin: shown with a notice
    searched: str | None = None  # what was searched for, when it differs (typos corrected)
    # known questions close in meaning whose passages and sentences were favoured, best first
    # (wijzer/known_questions.py); shown under the answer, kept in the feedback record
    known_questions: tuple[str, ...] = ()
    # Counts of the answer checks, for evaluation and audit: "support.cited" (sentences of
    # the model's answer carrying [n]) and "support.supported"; empty for extractive answers.
    diagnostics: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "refused": self.refused,
            "weak": self.weak,
            "searched": self.searched,
            "known_questions": list(self.known_questions),
            "mode": self.mode,
            "index_version": self.index_version,
            "citations": [c.to_dict() for c in self.citations],
            "notices": list(self.notices),
            "closest": [
                {"chunk_id": h.chunk.id, "title": h.chunk.title, "location": h.chunk.location,
                 "score": h.score, "text": h.chunk.text, "url": h.chunk.page_url}
                for h in self.closest
            ],
            "timings": dict(self.timings),
            "diagnostics": dict(self.diagnostics),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class Failure:
    """A source that could not be ingested, and why (Dutch, actionable)."""

    reason: str
    id: str | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class RefreshReport:
    """The outcome of one ingest run (document ids per category)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    chunks_written: int = 0  # chunks of the added and updated documents (new or replaced)
    seconds: float = 0.0
    index_version: str | None = None
    chunks_embedded: int = 0  # chunk texts actually embedded (not found in the cache)
    chunks_total: int = 0  # chunks in the index version after this run
    segments_embedded: int = 0  # answer segments (sentences, list items) actually embedded
    titles: Mapping[str, str] = field(default_factory=dict)  # document id -> title, for the report
    notes: tuple[str, ...] = ()  # Dutch lines about the run that are no failure (archive refreshed)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "updated": list(self.updated),
            "removed": list(self.removed),
            "unchanged": list(self.unchanged),
            "failed": [f.to_dict() for f in self.failed],
            "chunks_written": self.chunks_written,
            "seconds": round(self.seconds, 3),
            "index_version": self.index_version,
            "chunks_embedded": self.chunks_embedded,
            "chunks_total": self.chunks_total,
            "segments_embedded": self.segments_embedded,
            "titles": dict(self.titles),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as the status shows it."""

    id: str
    title: str
    kind: str
    version: str  # sha256
    chunks: int
    date: str = ""
    publisher: str = ""
    url: str | None = None
    path: str = ""
    superseded_by: str | None = None
    pages: int | None = None
    collection: str = ""
    links: tuple[str, ...] = ()
    linked_from: str = ""


@dataclass(frozen=True)
class IndexStatus:
    """What is in the index now (one version)."""

    version: str | None  # None: no index built yet
    embedding_model: str
    dimension: int | None
    last_refresh: str | None  # ISO timestamp (UTC)
    location: str
    documents: tuple[DocumentInfo, ...] = ()
    chunk_settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents)

    @property
    def empty(self) -> bool:
        return self.version is None or not self.documents

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "embedding_model": self.embedding_model,
            "dimension": self.dimension,
            "last_refresh": self.last_refresh,
            "location": self.location,
            "chunk_settings": dict(self.chunk_settings),
            "chunks": self.chunk_count,
            "documents": [dataclasses.asdict(d) for d in self.documents],
        }
