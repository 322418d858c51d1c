"""The audit trail: one row per rated answer, newest first, for policy advisors who check
which answers users judged (question, answer, cited documents, closest passages of refused
answers, mode, and what produced it).

The log holds users' questions, so the page asks for the administrator password unless
`audit_open` is set; without a password configured it stays closed. It never shows where
the log lives on the server.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui import feedback, labels, texts
from ui.admin import password_ok
from wijzer.settings import Settings

UNLOCKED = "audit-unlocked"


def _rating(value: object) -> str:
    return {True: texts.HELPFUL, False: texts.NOT_HELPFUL}.get(value, "–")  # type: ignore[arg-type]


def _sources(items: Sequence[Mapping[str, Any]] | None) -> str:
    """'[1] Kamerbrief, april 2025 – Titel (p. 3)' per source; old records name chunk ids."""
    out = []
    for item in items or []:
        if not isinstance(item, Mapping):
            continue
        head = f"[{item['n']}] " if item.get("n") is not None else ""
        title = item.get("title") or item.get("document_id") or ""
        pub = item.get("publication")
        where = item.get("location")
        out.append(head + (f"{pub} – " if pub else "") + title + (f" ({where})" if where else ""))
    return "; ".join(out)


def _row(r: Mapping[str, Any]) -> dict[str, object]:
    sources = _sources(r.get("sources")) or ", ".join(r.get("cited_chunk_ids") or [])
    return {
        texts.AUDIT_COL_TIME: str(r.get("timestamp", "")).replace("T", " ")[:19],
        texts.AUDIT_COL_RATING: _rating(r.get("helpful")),
        texts.AUDIT_COL_COMMENT: r.get("comment", ""),
        texts.AUDIT_COL_QUESTION: r.get("question", ""),
        texts.AUDIT_COL_ANSWER: r.get("answer", ""),
        texts.AUDIT_COL_OUTCOME: texts.AUDIT_REFUSED if r.get("refused") else texts.AUDIT_ANSWERED,
        texts.AUDIT_COL_SOURCES: sources,
        texts.AUDIT_COL_CLOSEST: _sources(r.get("closest")),
        texts.AUDIT_COL_MODE: labels.mode(str(r.get("mode", ""))),
        texts.AUDIT_COL_INDEX: str(r.get("index_version") or "")[:12],
        texts.AUDIT_COL_MODEL: r.get("embedding_model", ""),
        texts.AUDIT_COL_SETTINGS: r.get("settings_hash", ""),
    }


def unlocked(s: Settings) -> bool:
    """True when this session may read the log; otherwise the page says what to do."""
    if s.audit_open or st.session_state.get(UNLOCKED):
        return True
    if not s.admin_password:
        st.info(texts.AUDIT_NO_PASSWORD, icon=":material/lock:")
        return False
    st.caption(texts.AUDIT_LOCKED)
    with st.form("audit-login", clear_on_submit=True, border=False):
        st.text_input(texts.ADMIN_PASSWORD, type="password", key="audit-password")
        submitted = st.form_submit_button(texts.AUDIT_UNLOCK)
    if submitted:
        if password_ok(st.session_state.get("audit-password") or "", s.admin_password):
            st.session_state[UNLOCKED] = True
            st.rerun()
        st.error(texts.ADMIN_WRONG_PASSWORD_AUDIT)
    return False


def render(s: Settings) -> None:
    st.title(texts.PAGE_AUDIT)
    if not unlocked(s):
        return
    st.caption(texts.AUDIT_INTRO.format(days=s.feedback_retention_days)
               if s.feedback_retention_days else texts.AUDIT_INTRO_FOREVER)
    records = feedback.read(s.feedback_path)
    rows = feedback.rows(records)
    if not rows:
        st.info(texts.AUDIT_EMPTY)
        return
    choice = st.segmented_control(texts.AUDIT_FILTER, [texts.AUDIT_ALL, texts.HELPFUL,
                                  texts.NOT_HELPFUL], default=texts.AUDIT_ALL, key="audit-filter")
    if choice and choice != texts.AUDIT_ALL:
        rows = [r for r in rows if _rating(r.get("helpful")) == choice]
    st.dataframe([_row(r) for r in rows], hide_index=True)
    st.download_button(
        texts.AUDIT_DOWNLOAD,
        data="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        file_name="genai-wijzer-feedback.jsonl", mime="application/jsonl", on_click="ignore",
    )
