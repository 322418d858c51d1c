"""Segments: the units an extractive answer quotes, with the context a reader needs.

A segment is a sentence or a list item of a chunk, by exact offset (`chunk.text[start:end]`
is what is quoted and highlighted). It also knows its context: the lead-in line of the
list an item belongs to ("De volgende voorwaarden gelden:"), or the sentence before it
when it opens with a reference ("Beide adviezen…", "Dit betekent…"), so a quote never
starts in mid-air. A table row is a segment too, shown as "kolom: waarde".

Segments are embedded at ingest with the chunk embedder and kept in the same embedding
cache (`embed_text` is what is embedded: the context plus the segment), so the answer
can rank them by meaning without embedding anything at question time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from wijzer.embedding_cache import EmbeddingCache, text_key
from wijzer.text import normalize, sentences

_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
# A sentence opening with one of these leans on the sentence before it: a reference
# ("Beide adviezen…", "Dit…"), or a conjunction that continues it ("En je dus een DPIA moet
# uitvoeren.", "Of wanneer…") or states its consequence ("Is je organisatie van plan …?
# Dan is je organisatie verplicht …"): quoted alone, such a sentence drops its condition.
_REFERENCE = re.compile(
    r"^(?:beide|dit|deze|dat|die|ook|zij|hij|het gaat|dergelijke|zo'n|zulke|dan|en|of|maar|want|dus|"
    r"(?:daar|hier)(?:om|in|voor|bij|mee|naast|over|door|na|van|uit|toe|aan|op|tegen))\b", re.IGNORECASE)
# A sentence that names its condition by reference ("Het besluit mag in die gevallen niet
# geautomatiseerd worden genomen.", "In dat geval gelden extra vereisten …") leans on the
# sentence before as well, wherever the reference stands: alone it reads as a general rule.
_CONDITION = re.compile(
    r"\b(?:in|onder|voor|bij) (?:dat|dit|die|deze|zo['\u2019]n|dergelijke|zulke) "
    r"(?:geval|gevallen|situatie|situaties|omstandigheden)\b(?!.*:\s*$)", re.IGNORECASE)
# A lead-in that announces its list: it ends in a colon or a question, or says so.
_ANNOUNCES = re.compile(r"[:?]\s*$|\b(?:volgende|onderstaande|hieronder|als volgt)\b", re.IGNORECASE)
MAX_CONTEXT_CHARS = 300
MAX_CHAIN = 3  # sentences a chain of references may reach back ("Dit…" <- "Beide…" <- "Ook de AP…")
MAX_CHAIN_CHARS = 450
CACHE_FILE = "embedding-cache.sqlite"
SEGMENTS_VERSION = 9  # recorded with the index's chunk settings: a change re-embeds segments (8: a numbered list on one line is one segment; 9: "in dat geval" leans on the sentence before)
EMBED_BATCH = 32
# A sentence on this many documents is site furniture, not a statement about any of them:
# "Heb je een ander voorbeeld of best practice, laat het ons weten via …" (91 pages of the
# Algoritmekader), disclaimers and colophons. Substantive text repeated across factsheets
# reaches 5-7 documents.
BOILERPLATE_DOCUMENTS = 8


@dataclass(frozen=True)
class Segment:
    """A quotable unit of a chunk: `text` = chunk text[start:end]; `context` is shown before it."""

    start: int
    end: int
    text: str
    kind: str  # "sentence", "item" or "row"
    context: str = ""  # the list's lead-in, or the sentence a reference points back to
    context_start: int | None = None  # offset of the context in the chunk text, if any

    @property
    def shown(self) -> str:
        """The segment as a reader sees it: one line, a table row as 'kolom: waarde'."""
        return " ".join(_ITEM.sub("", self.text).split())

    @property
    def shown_context(self) -> str:
        """The context on one line, without a list marker."""
        return " ".join(_ITEM.sub("", self.context).split())

    @property
    def shows_context(self) -> bool:
        """Whether a reader sees the context before the segment. The sentence before a list
        is its lead-in for ranking and for grouping its items, but it is shown only when it
        announces the list ("De volgende criteria kunnen hierbij helpen:"): in the PDFs every
        paragraph is a bullet, and "… kan het trainen … zijn toegestaan." read as the
        opening of "- Onderzoekers … gebruiken in beginsel geen … ChatGPT" misleads."""
        return bool(self.context) and (self.kind != "item" or bool(_ANNOUNCES.search(self.context)))

    @property
    def embed_text(self) -> str:
        return f"{self.context} {self.text}".strip() if self.context else self.text


def segments(text: str) -> list[Segment]:
    """The sentences, list items and table rows of a chunk, each with its context."""
    sents = sentences(text)
    out: list[Segment] = []
    header: list[str] | None = None
    for i, s in enumerate(sents):
        line = text[s.start:s.end]
        if _RULE_ROW.match(line):
            continue
        if _ROW.match(line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                if _RULE_ROW.match(_next_line(text, s.end)):
                    header = cells
                    continue
                header = []  # a table the chunker cut: its rows go on without their header row
            out.append(_row(s, cells, header))
            continue
        header = None
        if _ITEM.match(line):
            lead = _lead_in(text, sents, i)  # a list item: its list's lead-in line
            out.append(Segment(s.start, s.end, s.text, "item", *(lead or ("", None))))
            continue
        first = _antecedent(sents, i) if _leans(s.text) else None
        if first is not None:
            start = sents[first].start
            out.append(Segment(s.start, s.end, s.text, "sentence", text[start:sents[i - 1].end], start))
        else:
            out.append(Segment(s.start, s.end, s.text, "sentence"))
    return out


def _leans(sentence: str) -> bool:
    """Whether a sentence leans on the one before: it opens with a reference or conjunction,
    or names its condition by reference ("in dat geval")."""
    return bool(_REFERENCE.match(sentence) or _CONDITION.search(sentence))


def _antecedent(sents: Sequence[Any], i: int) -> int | None:
    """The first sentence of the context a referring sentence i leans on: the sentence
    before it, and further back while that one refers back too ("Dit voorlopige
    standpunt…" <- "Beide adviezen…" <- "Ook de AP…" <- "…de Landsadvocaat…"), within
    MAX_CHAIN sentences and MAX_CHAIN_CHARS; None when the sentence before is too long."""
    if i == 0 or len(sents[i - 1].text) > MAX_CONTEXT_CHARS:
        return None
    first = i - 1
    while (first > 0 and i - first < MAX_CHAIN and _leans(sents[first].text)
           and sents[i - 1].end - sents[first - 1].start <= MAX_CHAIN_CHARS):
        first -= 1
    return first


def _next_line(text: str, end: int) -> str:
    """The first non-blank line after offset `end` (the splitter skips a table's rule row)."""
    return next((line for line in text[end:].splitlines() if line.strip()), "")


def _row(s: Any, cells: list[str], header: list[str]) -> Segment:
    """A row as 'kolom: waarde; …'; without its header (a passage that starts inside a
    table), as 'eerste cel: de rest' ("systeem voor het herkennen van emoties: Een
    AI-systeem dat …"), not with the first row read as the header."""
    if header:
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells) if c]
    else:
        filled = [c for c in cells if c]
        pairs = [f"{filled[0]}: {'; '.join(filled[1:])}"] if len(filled) > 1 else filled
    return Segment(s.start, s.end, s.text, "row", context="; ".join(pairs))


def _on_item_line(text: str, s: Any) -> bool:
    """True for a sentence that is a list item or continues one on the item's line."""
    return bool(_ITEM.match(text[text.rfind("\n", 0, s.start) + 1:]))


def _lead_in(text: str, sents: Sequence[Any], i: int) -> tuple[str, int] | None:
    """The sentence before the list that item i belongs to (its lead-in line), when the
    list starts inside this chunk; a heading above the list is not a lead-in (the answer
    shows the heading path already)."""
    j = i - 1
    while j >= 0 and _on_item_line(text, sents[j]):
        j -= 1
    if j < 0 or len(sents[j].text) > MAX_CONTEXT_CHARS:
        return None
    return sents[j].text, sents[j].start


def row_text(segment: Segment) -> str:
    """A table row as 'kolom: waarde; …' (never with pipes)."""
    return segment.context if segment.kind == "row" else segment.shown


# --- vectors ------------------------------------------------------------------------------

def segment_texts(chunk_texts: Sequence[str]) -> list[str]:
    """Every text to embed for these chunks (what the ingest embeds and caches)."""
    return [seg.embed_text for t in chunk_texts for seg in segments(t)]


class SegmentVectors:
    """Segments and their vectors per chunk id, for one index version.

    Vectors come from the embedding cache the ingest filled; a segment missing there
    (an index built before segments existed) is embedded once, on first use, and cached."""

    def __init__(self, index_dir: Path, model_id: str, embed: Callable[[list[str]], list[list[float]]] | None) -> None:
        self._path = Path(index_dir) / CACHE_FILE
        self._model = model_id
        self._embed = embed
        self._by_chunk: dict[str, tuple[list[Segment], np.ndarray]] = {}
        self.boilerplate: frozenset[str] = frozenset()  # normalized texts (see BOILERPLATE_DOCUMENTS)

    def preload(self, chunks: Sequence[Any]) -> None:
        """Load the cached segment vectors of every chunk at once (one query per 500 keys);
        nothing is embedded here, so opening an index stays fast. Also finds the
        boilerplate of the whole index."""
        todo = [c for c in chunks if c.id not in self._by_chunk]
        if todo:
            self._load(todo, embed=False)
        documents: dict[str, set[str]] = {}
        for c in chunks:
            for seg in self._by_chunk[c.id][0]:
                documents.setdefault(normalize(seg.text), set()).add(c.document_id)
        self.boilerplate = frozenset(t for t, docs in documents.items() if len(docs) >= BOILERPLATE_DOCUMENTS)

    def get(self, chunk: Any) -> tuple[list[Segment], np.ndarray]:
        entry = self._by_chunk.get(chunk.id)
        if entry is None or (entry[1].shape[0] and not entry[1].any(axis=1).all()):
            self._load([chunk], embed=True)
        return self._by_chunk[chunk.id]

    def _load(self, chunks: Sequence[Any], embed: bool) -> None:
        segs = {c.id: segments(c.text) for c in chunks}
        keys = {text_key(s.embed_text): s.embed_text for ss in segs.values() for s in ss}
        found: dict[str, np.ndarray] = {}
        if self._path.parent.is_dir():
            with EmbeddingCache(self._path) as cache:
                found = cache.get_many(self._model, keys)
                missing = [k for k in keys if k not in found]
                if missing and embed and self._embed is not None:
                    for start in range(0, len(missing), EMBED_BATCH):
                        part = missing[start:start + EMBED_BATCH]
                        new = dict(zip(part, np.asarray(self._embed([keys[k] for k in part]), np.float32)))
                        cache.put_many(self._model, new)
                        found.update(new)
        dim = next(iter(found.values())).shape[0] if found else 1
        for c in chunks:
            ss = segs[c.id]
            rows = [found.get(text_key(s.embed_text)) for s in ss]
            matrix = np.vstack([r if r is not None else np.zeros(dim, np.float32) for r in rows]) \
                if ss else np.zeros((0, dim), np.float32)
            self._by_chunk[c.id] = (ss, matrix)
