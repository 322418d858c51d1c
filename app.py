"""GenAI-wijzer: the chat page. Run with `streamlit run app.py` (see scripts/start.sh).

This file only wires the page; the logic lives in `ui/`.
"""

import streamlit as st

from ui import admin, startup, texts
from wijzer.logs import configure_logging

st.set_page_config(page_title=texts.APP_TITLE, page_icon=texts.APP_ICON, layout="centered")

settings = startup.settings_or_stop()
configure_logging(settings)  # WIJZER_LOG_LEVEL; idempotent across Streamlit reruns
if not startup.index_ready(settings):
    admin.sidebar(settings, ready=False)  # the refresh can build the missing index
    st.stop()

st.navigation([
    st.Page("ui/pages/chat.py", title=texts.PAGE_CHAT, icon=":material/chat:", default=True),
    st.Page("ui/pages/sources.py", title=texts.PAGE_SOURCES, icon=":material/menu_book:",
            url_path="bronnen"),
    st.Page("ui/pages/audit.py", title=texts.PAGE_AUDIT, icon=":material/fact_check:",
            url_path="feedback"),
]).run()
admin.sidebar(settings, ready=True)  # after the page: the status includes the new answer
