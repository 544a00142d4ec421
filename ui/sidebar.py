"""The sidebar: filters, playback settings and exports."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from geo import dataview
from geo.csvio import csv_text

from . import corrections
from .state import SPEEDS
from .text import md

WINDOWS = {"7 days": 7, "30 days": 30, "90 days": 90, "1 year": 365, "all before": 40_000}


class Filters(NamedTuple):
    """The active filters; None means "all" (so the common case costs nothing)."""

    factions: tuple[str, ...] | None
    event_types: tuple[str, ...] | None
    countries: tuple[str, ...] | None
    sources: tuple[str, ...] | None


def filters(frames: dataview.Frames) -> Filters:
    """Factions, event types, countries and sources to show."""
    options = frames.options
    _follow_new_options(options)
    st.sidebar.text_input("Find a place", key="find_place", placeholder="a town, any spelling (Deir ez-Zor, Dayr az Zawr…)", on_change=_find_place)
    if st.session_state.get("find_missed"):
        st.sidebar.caption(f"No place of this build is called “{md(st.session_state.find_missed)}”.")
    st.sidebar.header("Filters")
    chosen = {
        "factions": st.sidebar.multiselect(
            "Factions", options["factions"], default=_default("factions", options), key="factions", help="Towns held by, and events involving, these sides"
        ),
        "event_types": st.sidebar.multiselect("Event types", options["event_types"], default=_default("event_types", options), key="event_types"),
        "countries": st.sidebar.multiselect("Countries", options["countries"], default=_default("countries", options), key="countries"),
        "sources": st.sidebar.multiselect(
            "Sources",
            options["sources"],
            default=_default("sources", options),
            format_func=lambda source: frames.source_labels.get(source, source),
            key="sources",
            help="Articles and imported datasets: who held a town is worked out from the kept ones only",
        ),
    }
    return Filters(**{name: None if set(values) == set(options[name]) else tuple(values) for name, values in chosen.items()})


FILTER_KEYS = ("factions", "event_types", "countries", "sources")  # also their keys in the URL (ui/state.py)


def _default(key: str, options: dict) -> list | None:
    """Every option, unless the URL (or Back) already set the filter: then its session value stands alone."""
    return None if key in st.session_state else options[key]


def _find_place() -> None:
    """Open the best match's panel (a search is a click on its marker)."""
    text = st.session_state.get("find_place", "")
    frames = st.session_state.get("_frames")
    found = dataview.find_places(frames, text) if frames is not None else []
    st.session_state.find_missed = "" if found or not text.strip() else text.strip()
    if found:
        st.session_state.place = found[0]


def _follow_new_options(options: dict) -> None:
    """After a rebuild the options change: a filter that had everything keeps everything.

    Without this, an article added from the dashboard would be hidden by the
    "Sources" filter the user never touched.
    """
    previous = st.session_state.get("_filter_options")
    st.session_state._filter_options = {key: list(options[key]) for key in FILTER_KEYS}
    if previous is None:
        return
    for key in FILTER_KEYS:
        if key not in st.session_state or previous.get(key) == options[key]:
            continue
        selected = set(st.session_state[key])
        if selected >= set(previous.get(key, [])):
            st.session_state[key] = list(options[key])
        else:
            st.session_state[key] = [value for value in options[key] if value in selected]


def playback() -> None:
    """Play speed, the events window, the areas and governorates toggles."""
    st.sidebar.header("Time")
    st.sidebar.selectbox("Play speed", list(SPEEDS), index=2, key="speed")
    st.sidebar.selectbox(
        "Events shown on the map",
        list(WINDOWS),
        index=None if "window" in st.session_state else 1,
        key="window",
        help="Events in this period up to the selected date",
    )
    st.sidebar.toggle("Areas of control", value=True, key="show_zones")
    st.sidebar.toggle("Events per governorate", value=False, key="show_provinces", help="Shade each governorate by the events of the window shown")


def exports(frames: dataview.Frames, chosen: Filters, folder: Path, control: dataview.ControlView | None = None) -> None:
    """Downloads: the filtered events (CSV, GeoJSON) and a self-contained animated map (of ``control``: the kept sources').

    Every file is made only when its button is pressed. A download does not rerun the app: a rerun
    replaces the button's deferred file, and a second click arriving meanwhile fetched a file
    that was gone (1 of 10 quick clicks lost, measured in Chromium).
    """
    from geo.export import timeline_html

    st.sidebar.header("Export")

    def events() -> pd.DataFrame:
        return dataview.filter_events(frames.events, *chosen)

    st.sidebar.download_button("Events (CSV)", lambda: events_csv(events()), file_name="events.csv", mime="text/csv", key="dl_events_csv", on_click="ignore")
    st.sidebar.download_button(
        "Events (GeoJSON)",
        lambda: dataview.events_geojson(events()),
        file_name="events.geojson",
        mime="application/geo+json",
        key="dl_events_geojson",
        on_click="ignore",
    )
    st.sidebar.download_button(
        "Animated map (HTML, works offline)",
        lambda: timeline_html(frames, view=control),
        file_name="conflict-map.html",
        mime="text/html",
        key="dl_html",
        on_click="ignore",
    )
    st.sidebar.caption(f"Data: `{folder}`")
    corrections.orphaned(folder)  # the folder's corrections that no event carries any more, if any


def control_downloads(frames: dataview.Frames, day: pd.Timestamp, control: dataview.ControlView | None = None) -> None:
    """Control on the selected date (CSV, GeoJSON) from the kept sources; inside the fragment, so the date is current."""
    label = day.strftime("%Y-%m-%d")

    def states() -> pd.DataFrame:
        return dataview.states_on(frames, day, view=control)

    csv, geojson = st.columns(2)
    csv.download_button(
        f"Control on {label} (CSV)",
        lambda: states_csv(states()),
        file_name=f"control-{label}.csv",
        mime="text/csv",
        key="dl_control_csv",
        on_click="ignore",
        width="stretch",
    )
    geojson.download_button(
        f"Control on {label} (GeoJSON)",
        lambda: dataview.states_geojson(states(), day.date()),
        file_name=f"control-{label}.geojson",
        mime="application/geo+json",
        key="dl_control_geojson",
        on_click="ignore",
        width="stretch",
    )


def events_csv(events: pd.DataFrame) -> str:
    """The events in the build's column order, dates as YYYY-MM-DD."""
    out = events.copy()
    for column in ("event_date", "date_end"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return csv_text(list(dataview.EVENT_COLUMNS), out[list(dataview.EVENT_COLUMNS)].fillna("").to_dict("records"), people=True)


def states_csv(states: pd.DataFrame) -> str:
    """Control on a date, one row per place (the ``python -m geo control`` columns and more).

    ``changed_from``: the holder's run began with a vague change, between that day and ``controller_since``.
    """
    columns = ["place", "place_id", "latitude", "longitude", "controller", "contested", "disputed", "start", "controller_since", "since_from", "event_ids"]
    out = states[columns].copy()
    for column in ("start", "controller_since", "since_from"):
        out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    out = out.rename(columns={"start": "since", "since_from": "changed_from"})
    return csv_text(list(out.columns), out.fillna("").to_dict("records"), people=True)
