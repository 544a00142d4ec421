"""The floor: an empty Streamlit script with one slider (what a rerun costs at least)."""

import streamlit as st

st.slider("value", 0, 100, key="value")
