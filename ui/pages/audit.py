import streamlit as st

from ui import audit_page, resources

st.set_page_config(layout="wide")  # the document table needs the width
audit_page.render(resources.settings())
