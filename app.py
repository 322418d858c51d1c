"""GenAI-wijzer: the chat page. Run with `streamlit run app.py` (see scripts/start.sh).

This file only wires the page; the logic lives in `ui/`.
"""

import streamlit as st

from ui import admin, startup, texts

st.set_page_config(page_title=texts.APP_TITLE, page_icon=texts.APP_ICON, layout="centered")

settings = startup.settings_or_stop()
ready = startup.index_ready(settings)
admin.sidebar(settings, ready)
if not ready:
    st.stop()

st.navigation([
    st.Page("ui/pages/chat.py", title=texts.PAGE_CHAT, icon="💬", default=True),
    st.Page("ui/pages/sources.py", title=texts.PAGE_SOURCES, icon="📚", url_path="bronnen"),
    st.Page("ui/pages/audit.py", title=texts.PAGE_AUDIT, icon="📝", url_path="feedback"),
]).run()
