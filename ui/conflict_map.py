"""The map component: mounted once, its date layer swapped in place on each rerun."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import ingest, mapview

from . import data, state

MAP_HEIGHT = 600


def show(index_url: str, date_state: dict) -> None:
    """Draw the map with the date's layer.

    The base map's script is the same on every rerun, so streamlit-folium keeps
    the component (and the user's zoom and pan) and only replaces the feature
    group. Clicks on markers and the view (zoom, centre) come back to Python: a
    pan reruns the fragment once, when it ends, so the URL holds the view; the
    slider does not move the map and pays nothing for it. The URL's view (or,
    after Back, the restored one) is passed as ``center``/``zoom``, which
    streamlit-folium applies only when they change, never re-creating the map.
    The map is made at the session's opening view (``map_opening``), so the
    first request moves nothing and the user's first pan is not lost.
    """
    request = st.session_state.get("view_request")
    if st.session_state.get("map_index_url", index_url) != index_url:
        # a new build is a new map (its script differs): it opens where the reader is, not where the session began
        st.session_state.map_opening = st.session_state.get("view") or state.DEFAULT_VIEW
    st.session_state.map_index_url = index_url
    lat, lon, zoom = st.session_state.get("map_opening", state.DEFAULT_VIEW)
    st_folium(
        # the same opening view for the whole session: a different script would mount a new map
        mapview.base_map(center=(lat, lon), zoom=zoom, index_url=index_url, credits=ingest.map_credits(data.data_dir())),
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=[mapview.date_layer(date_state)],
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count", "zoom", "center"],
        center=None if request is None else (request[0], request[1]),
        zoom=None if request is None else request[2],
        on_change=state.on_map_click,
        # A fresh map each rerun: rendering the whole figure first adds nothing
        # st_folium does not render itself, and costs a third of the call.
        render=False,
    )
