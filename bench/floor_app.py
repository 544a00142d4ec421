"""The floor: a Streamlit script with one slider that echoes its value (what a rerun costs at least).

The echo is written by the rerun, so in the browser a step of the slider is timed to the
frame that paints the server's answer, as the map's repaint is (the slider's own label
moves in the browser, before any rerun).
"""

import streamlit as st

value = st.slider("value", 0, 100, key="value")
st.caption(f"value {value}")
