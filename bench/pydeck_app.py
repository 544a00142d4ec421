"""The comparison for issue 16: the same data folder drawn with ``st.pydeck_chart`` (deck.gl).

A fair, simple pydeck app a user could write instead of the dashboard: the events of the
30 days ending at the slider's date, coloured by event type, and the towns coloured by
their holder on that date, over no basemap (the bench's browser is offline). The data is
read once per folder from its CSV files; a slider move is two binary searches over the
events sorted by date and a mask over the control periods, as in ``geo.dataview``.

    CONFLICT_MAP_DATA=bench/work/data-100k streamlit run bench/pydeck_app.py
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import factions  # noqa: E402 - the holders' colours, one source of truth

WINDOW_DAYS = 30  # the dashboard's default window
MAP_HEIGHT = 600  # the dashboard's (ui/conflict_map.py), in a column of the same width
TYPE_COLOURS = {  # one colour per ACLED event type; the rest grey
    "Battles": [214, 39, 40],
    "Explosions/Remote violence": [255, 127, 14],
    "Violence against civilians": [148, 103, 189],
}
OTHER = [127, 127, 127]


def rgb(hex_colour: str) -> list[int]:
    """'#1F77B4' -> [31, 119, 180]; grey for an actor without a colour."""
    return [int(hex_colour[index : index + 2], 16) for index in (1, 3, 5)] if hex_colour else OTHER


@st.cache_resource(show_spinner=False, max_entries=2)  # shared, not copied per rerun (as the dashboard's frames)
def load(folder: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, list[int]]]:
    """Events sorted by date (day, lon, lat, type), control periods (start, end, lon, lat, holder), holder -> colour."""
    events = pd.read_csv(Path(folder) / "events.csv", usecols=["event_date", "latitude", "longitude", "event_type"], dtype={"event_type": "category"})
    events = events.dropna(subset=["latitude", "longitude", "event_date"])
    events["day"] = pd.to_datetime(events["event_date"]).dt.normalize()
    events = events.sort_values("day", kind="stable").reset_index(drop=True)[["day", "longitude", "latitude", "event_type"]]
    control = pd.read_csv(Path(folder) / "control.csv", usecols=["latitude", "longitude", "controller", "start", "end"], dtype={"controller": str})
    control = control.dropna(subset=["latitude", "longitude", "start"])
    control["controller"] = control["controller"].fillna("")
    control["start"] = pd.to_datetime(control["start"])
    control["end"] = pd.to_datetime(control["end"]).fillna(pd.Timestamp.max)  # an open period lasts
    holders = {name: rgb(factions.colour(name)) for name in control["controller"].unique()}
    return events, control, holders


st.set_page_config(page_title="pydeck comparison", layout="wide")
folder = os.environ.get("CONFLICT_MAP_DATA", str(ROOT / "data"))
events, control, holders = load(folder)
days_known = pd.concat([events["day"], control["start"]])
first, last = days_known.min().date(), days_known.max().date()
day = st.slider("Date", min_value=first, max_value=last, value=last, key="date", format="YYYY-MM-DD")
stamp = pd.Timestamp(day)
days = events["day"].to_numpy()
low, high = np.searchsorted(days, np.datetime64(stamp - timedelta(days=WINDOW_DAYS - 1)), "left"), np.searchsorted(days, np.datetime64(stamp), "right")
recent = pd.DataFrame({"longitude": events["longitude"].iloc[low:high], "latitude": events["latitude"].iloc[low:high]})  # what the layer draws
recent["colour"] = [TYPE_COLOURS.get(kind, OTHER) for kind in events["event_type"].iloc[low:high]]
held = control[(control["start"] <= stamp) & (control["end"] >= stamp)]
towns = pd.DataFrame({"longitude": held["longitude"], "latitude": held["latitude"], "colour": [holders[name] for name in held["controller"]]})
deck = pdk.Deck(
    layers=[
        pdk.Layer("ScatterplotLayer", recent, get_position=["longitude", "latitude"], get_fill_color="colour", get_radius=3000, radius_min_pixels=2),
        pdk.Layer(
            "ScatterplotLayer",
            towns,
            get_position=["longitude", "latitude"],
            get_fill_color="colour",
            get_line_color=[40, 40, 40],
            stroked=True,
            line_width_min_pixels=1,
            get_radius=5000,
            radius_min_pixels=4,
        ),
    ],
    initial_view_state=pdk.ViewState(latitude=34.5, longitude=41.0, zoom=5.3),
    map_style=None,  # offline: no basemap tiles
)
left, _ = st.columns([3, 1.35])
left.pydeck_chart(deck, height=MAP_HEIGHT, key="map")
left.caption(f"{len(towns):,} towns with known control · {len(recent):,} events in the window")
