"""Page scripts for `st.navigation` (files, so AppTest.switch_page can open them)."""
