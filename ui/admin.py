"""The sidebar for administrators: status of index and LLM, and the guarded refresh.

The refresh runs in the administrator's own session; other sessions keep answering from
the current index version (a refresh writes a new version and switches atomically). When
it is done, the cached index and assistant are dropped so every session moves to the new
version on its next question. The button is only there when `admin_password` is set.
"""

from __future__ import annotations

import hmac
import logging

import streamlit as st

from ingest.refresh import refresh
from ui import labels, resources, texts
from ui.safe import escape_inline, safe_url
from wijzer.errors import WijzerError
from wijzer.settings import Settings
from wijzer.types import Failure, RefreshReport, SourceEntry

log = logging.getLogger(__name__)
REPORT = "refresh_report"
REFRESH_ERROR = "refresh_error"


def sidebar(s: Settings, ready: bool) -> None:
    with st.sidebar:
        if ready:
            status_panel(s)
        admin_panel(s)


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:  # a refusal takes ~40 ms: "0,0 s" would read as "not measured"
        return f"{value * 1000:.0f} ms"
    return f"{labels.number(value, 1)} s"


def status_panel(s: Settings) -> None:
    st.subheader(texts.STATUS_HEADER)
    try:
        status = resources.assistant_status(s)
    except Exception as exc:  # a status must never take the page down
        log.exception("status failed")
        st.warning(texts.STATUS_UNAVAILABLE.format(message=exc))
        return
    index = status.index
    with st.container(horizontal=True):
        st.metric(texts.STATUS_DOCS, labels.number(len(index.documents)))
        st.metric(texts.STATUS_CHUNKS, labels.number(index.chunk_count))
    st.caption(texts.STATUS_LAST_REFRESH.format(when=_when(index.last_refresh)))
    st.caption(escape_inline(texts.STATUS_MODEL.format(model=index.embedding_model)))
    if index.version:
        st.caption(texts.STATUS_VERSION.format(version=index.version[:12]))
    mode = (texts.MODE_LLM.format(label=status.llm_label) if status.mode == "llm"
            else texts.MODE_EXTRACTIVE)
    st.caption(escape_inline(texts.STATUS_MODE.format(mode=mode)))
    if status.llm_ok is True:
        st.success(texts.LLM_OK, icon=":material/check_circle:")
    elif status.llm_ok is False:
        st.warning(texts.LLM_DOWN, icon=":material/warning:")
    _timings()


def _missing_sources(s: Settings) -> list[tuple[SourceEntry, Failure]]:
    """Manifest entries that are not on disk: the answers lack these documents."""
    from ingest.sources import missing_entries

    try:
        return missing_entries(s.knowledge_dir)
    except WijzerError as exc:  # a broken manifest is reported by the refresh as well
        st.warning(escape_inline(str(exc)))
        return []


def _how_to_add(s: Settings, missing: list[tuple[SourceEntry, Failure]]) -> None:
    """Steps an administrator can follow (commands as code blocks, paths as plain text)."""
    with st.expander(texts.STATUS_MISSING.format(n=len(missing)), icon=":material/warning:"):
        st.caption(texts.STATUS_MISSING_HELP)
        st.markdown(texts.ADMIN_STEP_DOWNLOAD)
        st.code("python -m ingest --download", language="bash", wrap_lines=True)
        st.markdown(texts.ADMIN_STEP_FILE)
        st.markdown(texts.ADMIN_STEP_REFRESH)
        st.code("python -m ingest", language="bash", wrap_lines=True)
        folder = s.knowledge_dir.name
        for entry, failure in missing:
            where = f"{folder}/{failure.path}" if failure.path else folder
            lines = [f"**{escape_inline(entry.title)}**",
                     escape_inline(texts.ADMIN_MISSING_PLACE.format(path=where))]
            if not entry.url:
                lines.append(escape_inline(texts.ADMIN_MISSING_NO_URL.format(
                    file=failure.path or f"{entry.id}.pdf", id=entry.id)))
            st.markdown("  \n".join(lines))
            if safe_url(entry.url):
                st.link_button(texts.ADMIN_MISSING_OPEN, entry.url, key=f"missing-{entry.id}")


def _when(iso: str | None) -> str:
    if not iso:
        return texts.STATUS_NEVER
    return iso.replace("T", " ")[:16] + " (UTC)"


def _timings() -> None:
    clock = resources.clock()
    if clock.first is None:
        st.caption(texts.STATUS_NO_ANSWERS)
        return
    st.caption(texts.STATUS_FIRST_ANSWER.format(seconds=_seconds(clock.first)))
    if clock.later_count:
        st.caption(texts.STATUS_LATER_ANSWERS.format(
            seconds=_seconds(clock.later_median), n=clock.later_count))


# --- refresh ---------------------------------------------------------------------------
def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def admin_panel(s: Settings) -> None:
    """What administrators need: how to add missing sources, and the guarded refresh."""
    missing = _missing_sources(s)
    if not missing and not s.admin_password:
        return
    st.divider()
    st.subheader(texts.ADMIN_HEADER)
    if missing:
        _how_to_add(s, missing)
    refresh_panel(s)


def refresh_panel(s: Settings) -> None:
    if not s.admin_password:
        return
    with st.form("refresh-form", clear_on_submit=True, border=False):
        st.text_input(texts.ADMIN_PASSWORD, type="password", key="admin-password")
        submitted = st.form_submit_button(texts.ADMIN_REFRESH, help=texts.ADMIN_REFRESH_HELP,
                                          key="refresh-button")
    if s.refresh_download:
        st.caption(texts.ADMIN_DOWNLOAD_NOTE)
    if submitted:
        given = st.session_state.get("admin-password") or ""
        if not password_ok(given, s.admin_password):
            st.error(texts.ADMIN_WRONG_PASSWORD)
            return
        _run_refresh(s)
    _show_outcome()


def _run_refresh(s: Settings) -> None:
    st.session_state.pop(REPORT, None)
    st.session_state.pop(REFRESH_ERROR, None)
    lock = resources.refresh_lock()
    if not lock.acquire(blocking=False):
        st.warning(texts.ADMIN_BUSY)
        return
    bar = st.progress(0.0, text=texts.ADMIN_RUNNING)

    def progress(label: str, done: int, total: int) -> None:
        fraction = min(1.0, done / total) if total else 0.0
        bar.progress(fraction, text=f"{label} ({done}/{total})" if total else label)

    try:
        report = refresh(s, embeddings=resources.embeddings(s), download=s.refresh_download,
                         progress=progress)
        st.session_state[REPORT] = report
    except WijzerError as exc:
        st.session_state[REFRESH_ERROR] = str(exc)
    except Exception as exc:  # never a traceback on the page; the log has it
        log.exception("refresh failed")
        st.session_state[REFRESH_ERROR] = f"{type(exc).__name__}: {exc}"
    finally:
        lock.release()
        bar.empty()
        resources.forget_index()
    st.rerun()  # every panel (status, chat, sources) now reads the new version


def _show_outcome() -> None:
    error = st.session_state.get(REFRESH_ERROR)
    if error:
        st.error(texts.ADMIN_FAILED.format(message=escape_inline(error)))
    report: RefreshReport | None = st.session_state.get(REPORT)
    if report is not None:
        show_report(report)


def show_report(report: RefreshReport) -> None:
    """Failures first (a warning, never a green "Klaar" then); what changed by title;
    unchanged documents as a count; Dutch numbers."""
    from ingest.summary import count, decimal, failure_name

    titles = report.titles
    version = report.index_version or "–"
    changed = bool(report.added or report.updated or report.removed)
    if report.failed:
        outcome = (texts.ADMIN_OUTCOME_CHANGED if changed else texts.ADMIN_OUTCOME_NOTHING).format(version=version)
        st.warning(texts.ADMIN_DONE_WITH_FAILURES.format(n=count(len(report.failed)), outcome=outcome),
                   icon=":material/warning:")
        st.markdown("\n".join(
            f"- **{escape_inline(failure_name(f, titles))}**: {escape_inline(f.reason)}" for f in report.failed))
    elif changed:
        st.success(texts.ADMIN_DONE.format(version=version, seconds=decimal(report.seconds)))
    else:
        st.info(texts.ADMIN_DONE_NOTHING.format(version=version))
    for note in report.notes:
        st.caption(escape_inline(note))
    for label, ids in ((texts.REPORT_ADDED, report.added), (texts.REPORT_UPDATED, report.updated),
                       (texts.REPORT_REMOVED, report.removed)):
        if ids:
            names = escape_inline("; ".join(titles.get(i) or i for i in ids))
            st.markdown(f"**{label}** ({count(len(ids))}): {names}")
    st.caption(texts.REPORT_UNCHANGED.format(n=count(len(report.unchanged))))
    if changed:
        st.caption(texts.REPORT_CHUNKS.format(n=count(report.chunks_written), total=count(report.chunks_total)))
