"""The dashboard's Streamlit views (``dashboard.py`` wires them together).

``geo/`` is the library and never imports Streamlit; everything that does lives
here. Keeping this code out of ``dashboard.py`` also keeps the script Streamlit
recompiles small, and the cached functions are decorated once per process, not
once per rerun.
"""
