"""Numbered source cards under an answer, and the passages shown when it was refused.

A card renders a `Citation` as-is: [n], document title, location (page and section, made
once at ingest), date, version, the exact passage with the cited sentence highlighted,
"vervangen door ..." for a superseded source and the official link (PDFs jump to the page
via `Citation.url`). All document text goes through `ui.safe` (escaped Markdown).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import streamlit as st

from ui import texts
from ui.safe import escape_inline, escape_markdown, passage_with_highlight, safe_url
from wijzer.types import Chunk, Citation, Hit

CONTEXT_CHARS = 180  # characters of passage shown around the quote on the card itself


def _meta_line(chunk: Chunk) -> str:
    parts = [chunk.location]
    if chunk.date:
        parts.append(texts.CARD_DATE.format(date=chunk.date))
    parts.append(texts.CARD_VERSION.format(version=chunk.document_version[:8]))
    return escape_inline(" · ".join(p for p in parts if p))


def _superseded(chunk: Chunk, titles: Mapping[str, str]) -> None:
    if chunk.superseded_by:
        by = titles.get(chunk.superseded_by, chunk.superseded_by)
        st.warning(escape_inline(texts.CARD_SUPERSEDED.format(by=by)), icon=":material/warning:")


def _link(url: str | None, key: str) -> None:
    safe = safe_url(url)
    if safe:
        st.link_button(texts.CARD_OPEN, safe, icon=":material/description:", key=key)
    else:
        st.caption(texts.CARD_NO_LINK)


def citation_chips(citations: Sequence[Citation], key: str) -> None:
    """A row of [n] buttons; clicking one shows the whole passage in a popover."""
    if not citations:
        return
    with st.container(horizontal=True, gap="small"):
        for c in citations:
            with st.popover(f"[{c.n}]", help=texts.CHIPS_HELP, key=f"{key}-chip-{c.n}"):
                st.markdown(f"**\\[{c.n}\\] {escape_inline(c.chunk.title)}**")
                st.caption(_meta_line(c.chunk))
                st.markdown(passage_with_highlight(c.chunk.text, c.quote))


def citation_card(c: Citation, key: str, titles: Mapping[str, str] = {}) -> None:
    """One numbered source card."""
    chunk = c.chunk
    with st.container(border=True, key=f"{key}-card-{c.n}"):
        st.markdown(f"**\\[{c.n}\\] {escape_inline(chunk.title)}**")
        st.caption(_meta_line(chunk))
        _superseded(chunk, titles)
        st.markdown(passage_with_highlight(chunk.text, c.quote, context=CONTEXT_CHARS))
        with st.expander(texts.CARD_FULL_PASSAGE):
            st.markdown(passage_with_highlight(chunk.text, c.quote))
        _link(c.url, key=f"{key}-link-{c.n}")


def citation_cards(citations: Sequence[Citation], key: str,
                   titles: Mapping[str, str] = {}) -> None:
    for c in citations:
        citation_card(c, key, titles)


def closest_cards(hits: Sequence[Hit], key: str, titles: Mapping[str, str] = {}) -> None:
    """The nearest passages for a refused question: shown so the user can judge and
    rephrase, without claiming they answer it."""
    if not hits:
        st.caption(texts.NO_CLOSEST)
        return
    for i, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        with st.container(border=True, key=f"{key}-closest-{i}"):
            st.markdown(f"**{escape_inline(chunk.title)}**")
            st.caption(_meta_line(chunk))
            _superseded(chunk, titles)
            with st.expander(texts.CARD_FULL_PASSAGE, expanded=i == 1):
                st.markdown(escape_markdown(chunk.text))
            _link(chunk.page_url, key=f"{key}-closest-link-{i}")
