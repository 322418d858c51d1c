"""What the page checks before it shows anything: valid settings and a built index.

Problems become a Dutch message on the page (st.error or the "how to build it" page),
never a stack trace.
"""

from __future__ import annotations

import logging

import streamlit as st

from ui import resources, texts
from wijzer.errors import IndexMissingError, SettingsError, WijzerError
from wijzer.settings import Settings

log = logging.getLogger(__name__)


def settings_or_stop() -> Settings:
    try:
        return resources.settings()
    except SettingsError as exc:
        st.error(texts.SETTINGS_ERROR.format(message=exc))
        st.stop()
        raise  # unreachable: st.stop() raises


def index_ready(s: Settings) -> bool:
    """True when there is an index to answer from; otherwise the page says what to do."""
    try:
        status = resources.index(s).status()
        empty = status.empty
        if not empty:
            resources.check_snapshot(s, status.version)
    except IndexMissingError:
        empty = True
    except WijzerError as exc:
        st.error(texts.LOAD_ERROR.format(message=exc))
        return False
    except Exception as exc:  # an unexpected failure: one line, details in the server log
        log.exception("index could not be opened")
        st.error(texts.LOAD_ERROR.format(message=f"{type(exc).__name__}: {exc}"))
        return False
    if empty:
        resources.forget_index()  # so a build done meanwhile is seen on the next visit
        st.title(texts.APP_TITLE)
        st.header(texts.EMPTY_INDEX_TITLE)
        st.markdown(texts.EMPTY_INDEX_BODY)
    return not empty
