"""Numbered source cards under an answer, and the passages shown when it was refused.

A card lets a policy advisor verify a citation without leaving the page: [n] with the
publication and its date ("Kamerbrief, april 2025"), the document title, page and section
(made once at ingest), "vervangen door ..." for a superseded source, the passage with each
quoted segment highlighted on its own, the source's footnotes under it, and the official
link (PDFs jump to the page via `Citation.url`). Version hash and document id sit in the
expanded details. The card's heading carries an anchor, so the [n] in the answer text
links to it. All document text goes through `ui.safe` (escaped Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from wijzer.text import sentences
from ui import labels, texts
from ui.safe import Segment, escape_inline, footnotes_in, passage_view, safe_url
from wijzer.types import Chunk, Citation, Hit

CONTEXT_CHARS = 180  # characters of passage shown around the quotes on the card itself
_FOLD = re.compile(r"\[\^?\w{1,20}\]|^\s*(?:[-*•]|\d+[.)])\s+|[\s\u201e\u201d\"]+", re.MULTILINE)


@dataclass
class Library:
    """What a card looks up beyond its own passage: document titles (for "vervangen door
    ...") and a document's footnotes (a marker's note is often in another passage)."""

    titles: Mapping[str, str] = field(default_factory=dict)
    chunks_of: Callable[[str], Sequence[Chunk]] = lambda _document_id: ()
    _notes: dict[str, dict[str, str]] = field(default_factory=dict)

    def notes(self, document_id: str) -> dict[str, str]:
        if document_id not in self._notes:
            found: dict[str, str] = {}
            try:
                for chunk in self.chunks_of(document_id):
                    for label, body in footnotes_in(chunk.text).items():
                        found.setdefault(label, body)
            except Exception:  # noqa: BLE001 - notes only add detail; a card never fails on them
                found = {}
            self._notes[document_id] = found
        return self._notes[document_id]


def anchor(key: str, n: int) -> str:
    """The HTML id of card [n] of one answer (unique on the page: several answers)."""
    return f"bron-{key}-{n}"


def quote_segments(citation: Citation, answer_text: str = "") -> list[Segment | str]:
    """The parts of the passage that were quoted, each to be highlighted on its own.

    Every segment the answer quoted (`citation.quotes`, each an exact substring of the
    passage) when there are several; a single quote is split into sentences, keeping
    those the answer actually shows (an LLM citation's quote may be a longer span).
    """
    if len(citation.quotes) > 1:
        return list(citation.quotes)
    quote = citation.quote
    start = citation.chunk.text.find(quote) if quote else -1
    if start < 0:
        return [quote] if quote else []
    parts: list[Segment] = [(start + s.start, start + s.end) for s in sentences(quote)]
    if not parts:
        return [(start, start + len(quote))]
    shown = _fold(answer_text)
    quoted = [p for p in parts if shown and _fold(citation.chunk.text[p[0]:p[1]]) in shown]
    return quoted or parts


def _fold(text: str) -> str:
    """Text compared without footnote markers, bullets, quotation marks or whitespace."""
    return _FOLD.sub("", text).lower()


def _header(chunk: Chunk, n: int | None = None, anchor_id: str = "") -> None:
    """A cited card's heading "[n] Publication, date" (the target of the [n] link) and the
    title; a closest passage (no number) gets one compact line instead."""
    publication = escape_inline(labels.publication(chunk))
    if n is None:
        st.markdown(f"**{publication}** · {escape_inline(chunk.title)}")
    else:
        st.subheader(f"\\[{n}\\] {publication}", anchor=anchor_id)
        st.markdown(f"**{escape_inline(chunk.title)}**")
    if chunk.location:
        st.caption(escape_inline(chunk.location))


def _superseded(chunk: Chunk, titles: Mapping[str, str]) -> None:
    if chunk.superseded_by:
        by = titles.get(chunk.superseded_by, chunk.superseded_by)
        st.warning(escape_inline(texts.CARD_SUPERSEDED.format(by=by)), icon=":material/warning:")


def _passage(chunk: Chunk, segments: Sequence[Segment | str], context: int | None,
             library: Library) -> None:
    view = passage_view(chunk.text, segments, context=context,
                        notes=library.notes(chunk.document_id))
    st.markdown(view.markdown)
    if view.notes:
        st.caption("  \n".join(view.notes))


def _details(chunk: Chunk) -> None:
    st.caption(escape_inline(texts.CARD_DETAILS_LINE.format(
        id=chunk.document_id, version=chunk.document_version[:12], ordinal=chunk.ordinal + 1)))


def _link(url: str | None, key: str) -> None:
    safe = safe_url(url)
    if safe:
        st.link_button(texts.CARD_OPEN, safe, icon=":material/description:", key=key)
    else:
        st.caption(texts.CARD_NO_LINK)


def citation_card(c: Citation, key: str, library: Library, answer_text: str = "") -> None:
    """One numbered source card; its heading is the target of the [n] link in the answer."""
    chunk = c.chunk
    segments = quote_segments(c, answer_text)
    with st.container(border=True, key=f"{key}-card-{c.n}"):
        _header(chunk, c.n, anchor(key, c.n))
        _superseded(chunk, library.titles)
        _passage(chunk, segments, CONTEXT_CHARS, library)
        with st.expander(texts.CARD_DETAILS):
            _passage(chunk, segments, None, library)
            _details(chunk)
        _link(c.url, key=f"{key}-link-{c.n}")


def citation_cards(citations: Sequence[Citation], key: str, library: Library,
                   answer_text: str = "") -> None:
    for c in citations:
        citation_card(c, key, library, answer_text)


def closest_cards(hits: Sequence[Hit], key: str, library: Library) -> None:
    """The nearest passages for a refused question: shown so the user can judge and
    rephrase, without claiming they answer it."""
    if not hits:
        st.caption(texts.NO_CLOSEST)
        return
    for i, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        with st.container(border=True, key=f"{key}-closest-{i}"):
            _header(chunk)
            _superseded(chunk, library.titles)
            with st.expander(texts.CARD_FULL_PASSAGE, expanded=i == 1):
                _passage(chunk, (), None, library)
                _details(chunk)
            _link(chunk.page_url, key=f"{key}-closest-link-{i}")
