"""The sources page for policy advisors: every indexed document, and each one readable
chunk by chunk in order, with the page and section that a citation would show."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import coverage, labels, resources, texts
from ui.safe import escape_inline, footnotes_in, passage_view, safe_url
from wijzer.settings import Settings
from wijzer.types import DocumentInfo


def _row(d: DocumentInfo, titles: dict[str, str]) -> dict[str, object]:
    return {
        texts.COL_TITLE: d.title,
        texts.COL_KIND: labels.publication_name(d.collection, d.kind),
        texts.COL_PUBLISHER: d.publisher,
        texts.COL_DATE: labels.dutch_date(d.date) if d.date else "",
        texts.COL_VERSION: d.version[:12],
        texts.COL_CHUNKS: d.chunks,
        texts.COL_URL: d.url or "",
        texts.COL_SUPERSEDED: titles.get(d.superseded_by, d.superseded_by) if d.superseded_by else "",
    }


def render(s: Settings) -> None:
    st.title(texts.PAGE_SOURCES)
    st.caption(texts.SOURCES_INTRO)
    index = resources.index(s)
    documents = index.status().documents
    titles = {d.id: d.title for d in documents}
    st.dataframe(
        [_row(d, titles) for d in documents],
        hide_index=True,
        column_config={texts.COL_URL: st.column_config.LinkColumn(texts.COL_URL)},
    )
    _missing(s, documents)
    if not documents:
        return
    by_id = {d.id: d for d in documents}
    chosen = st.selectbox(texts.SOURCES_PICK, list(by_id), format_func=lambda i: by_id[i].title,
                          key="source-doc")
    if chosen in by_id:
        _document(index.snapshot().document_chunks(chosen), by_id[chosen])


def _missing(s: Settings, documents: Sequence[DocumentInfo]) -> None:
    """The sources the manifest names that are not in the index (users must know)."""
    rows = coverage.missing_rows(coverage.coverage(s.knowledge_dir, documents))
    if not rows:
        return
    st.subheader(texts.SOURCES_MISSING, anchor=False)
    st.caption(texts.SOURCES_MISSING_INTRO)
    st.dataframe(rows, hide_index=True, key="missing-sources",
                 column_config={texts.COL_URL: st.column_config.LinkColumn(texts.COL_URL)})


def _document(chunks: list, doc: DocumentInfo) -> None:
    st.subheader(escape_inline(doc.title))
    meta = [texts.KINDS.get(doc.kind, doc.kind), doc.publisher, labels.dutch_date(doc.date),
            texts.CARD_VERSION.format(version=doc.version[:12]),
            (texts.SOURCES_ONE_CHUNK if len(chunks) == 1
             else texts.SOURCES_CHUNKS.format(n=labels.number(len(chunks))))]
    st.caption(escape_inline(" · ".join(m for m in meta if m)))
    if safe_url(doc.url):
        st.link_button(texts.CARD_OPEN, doc.url, icon=":material/description:")
    notes: dict[str, str] = {}  # the document's footnotes, for markers in other passages
    for chunk in chunks:
        for label, body in footnotes_in(chunk.text).items():
            notes.setdefault(label, body)
    for chunk in chunks:
        with st.container(border=True):
            st.markdown(f"**{escape_inline(chunk.location or str(chunk.ordinal + 1))}**")
            if chunk.section and chunk.section_label not in (chunk.location or ""):
                st.caption(escape_inline(chunk.section_label))  # only what the header lacks
            view = passage_view(chunk.text, notes=notes)
            st.markdown(view.markdown)
            if view.notes:
                st.caption("  \n".join(view.notes))
