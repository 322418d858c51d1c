"""Structure-following chunks with exact offsets into the cleaned page text.

Readers give every format its headings as Markdown `#` lines (PDF section numbers such as
"2.1 Titel" become heading lines in cleaning), so one rule fits all: split the document at
headings, then pack whole sentences into chunks of about `chunk_size` characters, with
about `overlap` characters of whole sentences repeated at the start of the next chunk.

The pages are joined with PAGE_SEPARATOR into one string while chunking; every span is
mapped back to (page, offset), so for a chunk on one page
`page.text[chunk.char_start:chunk.char_end] == chunk.text`. A chunk that spans pages has
`char_start` in `page_start` and `char_end` in `page_end`, and its text joins the parts
with PAGE_SEPARATOR. Chunk texts are exact slices: the heading path is metadata (`section`),
not pasted into the text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from wijzer.text import HEADING_LINE
from wijzer.types import Chunk, Document

PAGE_SEPARATOR = "\n\n"
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"\u201d\u2019')\]]*(?:\[\d{1,3}\])?(?=\s+[\"\u201c\u2018(\[\-A-Z0-9\u00c0-\u00dd])")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s")
_ABBREVIATIONS = {
    "bijv", "bv", "o.a", "d.w.z", "m.b.t", "t.a.v", "nr", "nrs", "art", "artt", "blz", "p", "pp", "e.d", "enz",
    "z.s.m", "incl", "excl", "ca", "mr", "dr", "drs", "ir", "ing", "prof", "jl", "resp", "vgl", "zgn", "etc",
    "o.b.v", "i.v.m", "m.u.v", "t.b.v", "e.g", "i.e", "vs", "mw", "dhr", "kst", "stb", "stcrt", "red", "lid", "hfd",
}


@dataclass(frozen=True)
class _Block:
    """A run of body text under one heading path: [start, end) in the joined text."""

    section: tuple[str, ...]
    start: int
    end: int


def chunk_document(doc: Document, chunk_size: int, overlap: int) -> list[Chunk]:
    """Split at headings / numbered sections, then at sentence boundaries to about
    chunk_size characters with overlap. Ids are stable (document id and text)."""
    text, starts = _join_pages(doc)
    min_chars = max(80, chunk_size // 6)
    spans: list[tuple[tuple[str, ...], int, int]] = []
    for block in _merge_small(_blocks(text), min_chars, chunk_size):
        units = _sentences(text, block.start, block.end, chunk_size)
        spans += [(block.section, s, e) for s, e in _pack(units, chunk_size, overlap, min_chars)]
    return _make_chunks(doc, text, starts, spans)


# --- pages <-> one string -------------------------------------------------------------------

def _join_pages(doc: Document) -> tuple[str, list[int]]:
    starts, parts, pos = [], [], 0
    for page in doc.pages:
        starts.append(pos)
        parts.append(page.text)
        pos += len(page.text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(parts), starts


def _locate(starts: list[int], pos: int) -> tuple[int, int]:
    """(page index, offset in that page) of a position in the joined text."""
    i = bisect.bisect_right(starts, pos) - 1
    return i, pos - starts[i]


# --- sections -------------------------------------------------------------------------------

def _blocks(text: str) -> list[_Block]:
    """Body spans between heading lines, each with the heading path above it."""
    blocks: list[_Block] = []
    stack: list[tuple[int, str]] = []
    body_start = 0
    for m in HEADING_LINE.finditer(text):
        _add_block(blocks, text, stack, body_start, m.start())
        level = len(m.group(1))
        title = m.group(2).strip()
        while stack and (stack[-1][0] >= level or _other_number(stack[-1][1], title)):
            stack.pop()
        stack.append((level, title))
        body_start = m.end()
    _add_block(blocks, text, stack, body_start, len(text))
    return blocks


def _other_number(parent: str, title: str) -> bool:
    """"2.2 Inkoop" does not belong under "1 Inleiding" (levels alone would nest it)."""
    a, b = _NUMBER.match(parent), _NUMBER.match(title)
    return a is not None and b is not None and not (b.group(1) + ".").startswith(a.group(1) + ".")


def _add_block(blocks: list[_Block], text: str, stack: list[tuple[int, str]], start: int, end: int) -> None:
    s, e = _strip(text, start, end)
    if s < e:
        blocks.append(_Block(tuple(t for _, t in stack), s, e))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge_small(blocks: list[_Block], min_chars: int, chunk_size: int) -> list[_Block]:
    """Glue a very short section to the next one (or the previous, at the end) when the
    pair still fits one chunk; the merged section path is what both share."""
    out: list[_Block] = []
    pending: _Block | None = None
    for block in blocks:
        if pending is not None:
            if block.end - pending.start <= chunk_size:
                block = _Block(_shared(pending.section, block.section), pending.start, block.end)
            else:
                out.append(pending)
            pending = None
        if block.end - block.start < min_chars:
            pending = block
        else:
            out.append(block)
    if pending is not None:
        if out and pending.end - out[-1].start <= chunk_size:
            last = out.pop()
            pending = _Block(_shared(last.section, pending.section), last.start, pending.end)
        out.append(pending)
    return out


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n] or a


# --- sentences and packing ----------------------------------------------------------------

def _sentences(text: str, start: int, end: int, chunk_size: int) -> list[tuple[int, int]]:
    """Sentence spans (lines are always boundaries); overlong ones cut at spaces."""
    units: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        s0 = start + line.start()
        cut = s0
        for m in _SENTENCE_END.finditer(text, s0, start + line.end()):
            if _is_abbreviation(text, s0, m.start()):
                continue
            units.append((cut, m.end()))
            cut = m.end()
        units.append((cut, start + line.end()))
    out = []
    for s, e in units:
        s, e = _strip(text, s, e)
        if s < e:
            out += _cut_long(text, s, e, chunk_size)
    return out


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[line_start:dot])
    if not word:
        return False
    w = word.group(1).lower()
    return w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha() and text[dot - 1].isupper())


def _cut_long(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut if cut > start else start + size
        pieces.append((start, cut))
        start, _ = _strip(text, cut, end)
    pieces.append((start, end))
    return pieces


def _pack(units: list[tuple[int, int]], size: int, overlap: int, min_chars: int) -> list[tuple[int, int]]:
    """Greedy: as many whole sentences as fit `size`; the next chunk starts with the last
    sentences of this one that fit in `overlap`. A short tail joins the chunk before."""
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= size:
            j += 1
        chunks.append((units[i][0], units[j][1]))
        if j + 1 >= len(units):
            break
        k = j + 1
        while k - 1 > i and units[j][1] - units[k - 1][0] <= overlap:
            k -= 1
        i = k
    if len(chunks) >= 2:
        (ps, pe), (_, le) = chunks[-2], chunks[-1]
        if le - pe < min_chars and le - ps <= size * 1.25:
            chunks[-2:] = [(ps, le)]
    return chunks


# --- chunks ---------------------------------------------------------------------------------

def _make_chunks(doc: Document, text: str, starts: list[int], spans) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for ordinal, (section, s, e) in enumerate(spans):
        p0, off0 = _locate(starts, s)
        p1, off1 = _locate(starts, e - 1)
        body = text[s:e]
        page_start, page_end = doc.pages[p0].number, doc.pages[p1].number
        chunks.append(Chunk(
            id=_chunk_id(doc.id, body, seen),
            document_id=doc.id,
            document_version=doc.version,
            title=doc.title,
            kind=doc.kind,
            section=section,
            page_start=page_start,
            page_end=page_end,
            char_start=off0,
            char_end=off1 + 1,
            text=body,
            location=location(page_start, page_end, section),
            url=doc.url,
            superseded_by=doc.superseded_by,
            date=doc.date,
            ordinal=ordinal,
            collection=doc.collection,
            links=doc.links,
            linked_from=doc.linked_from,
        ))
    return chunks


def _chunk_id(doc_id: str, body: str, seen: dict[str, int]) -> str:
    """Document id + hash of the text: the same text keeps its id across re-ingests, even
    when an edit elsewhere in the document shifts it; repeated texts get a suffix."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    seen[digest] = seen.get(digest, 0) + 1
    suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
    return f"{doc_id}:{digest}{suffix}"


def location(page_start: int | None, page_end: int | None, section: tuple[str, ...]) -> str:
    """Dutch display form: "p. 3-4, § 2.1 Titel", "p. 3", "§ Titel", "begin van het document"."""
    parts = []
    if page_start is not None:
        parts.append(f"p. {page_start}" if page_end in (None, page_start) else f"p. {page_start}-{page_end}")
    if section:
        parts.append(f"§ {section[-1]}")
    return ", ".join(parts) or "begin van het document"
