"""The audit trail: the feedback log read back, newest first, for policy advisors who
check which answers (question, text, cited passages, mode, index version) users judged."""

from __future__ import annotations

import json

import streamlit as st

from ui import feedback, texts
from wijzer.settings import Settings


def _rating(value: object) -> str:
    return {True: texts.HELPFUL, False: texts.NOT_HELPFUL}.get(value, "–")  # type: ignore[arg-type]


def render(s: Settings) -> None:
    st.title(texts.PAGE_AUDIT)
    st.caption(texts.AUDIT_INTRO)
    st.caption(texts.AUDIT_FILE.format(path=s.feedback_path))
    records = list(reversed(feedback.read(s.feedback_path)))
    if not records:
        st.info(texts.AUDIT_EMPTY)
        return
    choice = st.segmented_control(texts.AUDIT_FILTER, [texts.AUDIT_ALL, texts.HELPFUL,
                                  texts.NOT_HELPFUL], default=texts.AUDIT_ALL, key="audit-filter")
    if choice and choice != texts.AUDIT_ALL:
        records = [r for r in records if _rating(r.get("helpful")) == choice]
    st.dataframe(
        [{
            "Tijdstip (UTC)": str(r.get("timestamp", "")).replace("T", " ")[:19],
            "Oordeel": _rating(r.get("helpful")),
            "Opmerking": r.get("comment", ""),
            "Vraag": r.get("question", ""),
            "Antwoord": r.get("answer", ""),
            "Bronpassages": ", ".join(r.get("cited_chunk_ids") or []),
            "Werkwijze": r.get("mode", ""),
            "Indexversie": (r.get("index_version") or "")[:12],
        } for r in records],
        hide_index=True,
    )
    st.download_button(
        "Logbestand downloaden (JSONL)",
        data="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reversed(records)),
        file_name="genai-wijzer-feedback.jsonl", mime="application/jsonl", on_click="ignore",
    )
