import streamlit as st

from ui import resources, sources_page

st.set_page_config(layout="wide")  # the document table needs the width
sources_page.render(resources.settings())
