"""The map component: mounted once, its date layer swapped in place on each rerun."""

from __future__ import annotations

from streamlit_folium import st_folium

from geo import ingest, mapview

from . import data, state

MAP_HEIGHT = 600


def show(index_url: str, date_state: dict) -> None:
    """Draw the map with the date's layer.

    The base map's script is the same on every rerun, so streamlit-folium keeps
    the component (and the user's zoom and pan) and only replaces the feature
    group; only clicks on markers come back to Python.
    """
    st_folium(
        mapview.base_map(index_url=index_url, credits=ingest.map_credits(data.data_dir())),
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=[mapview.date_layer(date_state)],
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
        on_change=state.on_map_click,
        # A fresh map each rerun: rendering the whole figure first adds nothing
        # st_folium does not render itself, and costs a third of the call.
        render=False,
    )
