"""A session's view state: the date, the selected place, the map view, playback; kept in the URL with the filters."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from geo import dataview, mapview
from geo.timeexpr import parse_day

from .text import md

SPEEDS = {"1 day/s": 1, "1 week/s": 7, "1 month/s": 30, "3 months/s": 91}
FRAME_SECONDS = 0.5


def init(frames: dataview.Frames) -> None:
    """First run of a session: date, place, map view and filters from the URL, else the latest change."""
    if "date" in st.session_state:
        follow_url(frames)
        return
    chosen = frames.last_day.date()
    if len(frames.change_days):
        chosen = pd.Timestamp(frames.change_days[-1]).date()
    st.session_state.date = chosen
    st.session_state.place = ""
    st.session_state.view = None
    st.session_state.view_request = None
    st.session_state.playing = False
    st.session_state.clicks = 0
    st.session_state.event_pages = 1
    st.session_state._url = {}
    if st.query_params:
        _apply_url(frames, url_params())
    st.session_state._url = url_params()
    # The map is made at the session's opening view, not moved there once drawn: Leaflet drops a pan
    # or zoom made while its opening zoom animation runs, so a user's first move was lost.
    st.session_state.map_opening = st.session_state.view or DEFAULT_VIEW


def url_params() -> dict[str, str | list[str]]:
    """The URL's query, each key a string, or a list for a repeated key (the filters)."""
    from .sidebar import FILTER_KEYS

    params = st.query_params
    return {key: params.get_all(key) if key in FILTER_KEYS else params[key] for key in params}


def follow_url(frames: dataview.Frames) -> None:
    """The browser's Back or Forward changed the URL (Streamlit pushes an entry per change): restore that state.

    A URL that differs from the one this session wrote last came from the browser's history.
    """
    if st.session_state.get("playing"):
        return  # playback writes no URL, so the URL lags the date and is not a navigation
    now = url_params()
    if now != st.session_state.get("_url", now):
        _apply_url(frames, now, navigation=True)
        st.session_state._url = now


def _apply_url(frames: dataview.Frames, params: dict, navigation: bool = False) -> None:
    """Set the session's date, place, map view and filters from ``params``; toast what cannot be used.

    ``navigation``: the user went Back or Forward, so a key the URL lacks returns to its default.
    """
    from .sidebar import WINDOWS

    first, last = frames.first_day.date(), frames.last_day.date()
    if "date" in params:
        text = str(params["date"])
        try:
            chosen = date.fromisoformat(text)
        except ValueError:
            st.toast(f"Ignored date {md(repr(text[:40]))} in the URL: expected YYYY-MM-DD", icon="⚠️")
        else:
            st.session_state.date = min(max(chosen, first), last)
            if st.session_state.date != chosen:
                shown = st.session_state.date.isoformat()
                st.toast(f"The URL's date {chosen.isoformat()} is outside the data ({first.isoformat()} to {last.isoformat()}): showing {shown}", icon="⚠️")
    place = str(params.get("place", ""))
    if place in frames.labels or (navigation and not place):
        st.session_state.place = place
        st.session_state.event_pages = 1
    elif place:
        st.toast(f"No place {md(repr(place[:60]))} in this build: the URL's place is ignored", icon="⚠️")
    view = parse_view(params.get("center", ""), params.get("zoom", ""))
    if view is not None or navigation:
        # streamlit-folium moves the map only when the centre it is given changes: going Back to a view
        # asked for before must still move it, so each request differs by a (invisible) nanodegree.
        serial = st.session_state.get("view_serial", 0) + 1
        st.session_state.view_serial = serial
        lat, lon, level = view or DEFAULT_VIEW
        st.session_state.view_request = (lat + serial * 1e-9, lon, level)
        st.session_state.view = view
    elif "center" in params or "zoom" in params:
        st.toast("Ignored the map view in the URL: expected center=LAT,LON and zoom=1 to 18", icon="⚠️")
    _filters_from_url(frames, params, navigation)
    window = str(params.get("window", ""))
    if window in WINDOWS:
        st.session_state.window = window
    elif navigation and not window:
        st.session_state.window = DEFAULT_WINDOW
    elif window:
        st.toast(f"Ignored window {md(repr(window[:30]))} in the URL: one of {', '.join(WINDOWS)}", icon="⚠️")


def _filters_from_url(frames: dataview.Frames, params: dict, navigation: bool) -> None:
    """``factions=A&factions=B`` keeps A and B; an empty value keeps none; a missing key keeps all."""
    from .sidebar import FILTER_KEYS

    for key in FILTER_KEYS:
        options = list(frames.options[key])
        if key not in params:
            if navigation:
                st.session_state[key] = options
            continue
        wanted = [value for value in params[key] if value]
        unknown = [value for value in wanted if value not in options]
        if unknown:
            st.toast(f"Ignored {len(unknown)} unknown {key.replace('_', ' ')} in the URL: {md(', '.join(unknown)[:80])}", icon="⚠️")
        st.session_state[key] = [value for value in options if value in wanted]


DEFAULT_VIEW = (*mapview.THEATRE_CENTRE, mapview.THEATRE_ZOOM)  # the map's opening view, where a URL without one returns
DEFAULT_WINDOW = "30 days"


def parse_view(center: str, zoom: str) -> tuple[float, float, int] | None:
    """``("35.3,43.8", "9")`` -> ``(35.3, 43.8, 9)``; None unless both are there and on the map.

    >>> parse_view("35.3,43.8", "9")
    (35.3, 43.8, 9)
    """
    try:
        lat, lon = (float(part) for part in str(center).split(","))
        level = int(str(zoom))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= level <= 18):
        return None
    return (lat, lon, level)


def clamp(frames: dataview.Frames) -> None:
    """After a rebuild the date range may have changed: keep the date inside it."""
    first, last = frames.first_day.date(), frames.last_day.date()
    if not first <= st.session_state.date <= last:
        st.session_state.date = min(max(st.session_state.date, first), last)
    if st.session_state.place and st.session_state.place not in frames.labels:
        st.session_state.place = ""


def url_order() -> tuple[str, ...]:
    """The URL's keys in the order :func:`wanted_url` writes them (the map keeps it when it writes a pan's view)."""
    from .sidebar import FILTER_KEYS

    return ("date", "place", "center", "zoom", *FILTER_KEYS, "window")


def url_view_text(view: tuple[float, float, int]) -> tuple[str, str]:
    """A map view as the URL writes it: ``center`` and ``zoom``.

    >>> url_view_text((34.9, 41.0, 6))
    ('34.9000,41.0000', '6')
    """
    return f"{view[0]:.4f},{view[1]:.4f}", str(view[2])


def wanted_url(frames: dataview.Frames) -> dict[str, str | list[str]]:
    """The URL of the session's state: date, place, map view, the filters that do not keep everything, the window."""
    from .sidebar import FILTER_KEYS

    wanted: dict[str, str | list[str]] = {"date": st.session_state.date.isoformat()}
    if st.session_state.place:
        wanted["place"] = st.session_state.place
    view = st.session_state.get("view")
    if view and tuple(view) != DEFAULT_VIEW:
        wanted["center"], wanted["zoom"] = url_view_text(view)
    for key in FILTER_KEYS:
        kept = st.session_state.get(key)
        if kept is not None and set(kept) != set(frames.options[key]):
            wanted[key] = list(kept) or [""]  # an empty value: none kept (no key would mean all)
    if st.session_state.get("window", DEFAULT_WINDOW) != DEFAULT_WINDOW:
        wanted["window"] = st.session_state.window
    return wanted


def sync_url(frames: dataview.Frames) -> None:
    """Keep the URL shareable. Streamlit pushes a browser history entry for each change, so Back steps back.

    Not while playing: a frame every half second would bury the history (the URL is written on Pause).
    """
    if st.session_state.get("playing"):
        return
    wanted = wanted_url(frames)
    if url_params() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state._url = wanted


def step_to_event(frames: dataview.Frames, direction: int) -> None:
    """Previous (-1) or next (1) date with an event."""
    day = dataview.step(frames.event_days, pd.Timestamp(st.session_state.date), direction)
    if day is not None:
        st.session_state.date = day.date()
        st.session_state.playing = False


def toggle_play(frames: dataview.Frames) -> None:
    """Play from the current date (from the start when at the end), or pause."""
    st.session_state.playing = not st.session_state.playing
    if st.session_state.playing and st.session_state.date >= frames.last_day.date():
        st.session_state.date = frames.first_day.date()


def advance(frames: dataview.Frames) -> bool:
    """One frame of playback; stops at the last day. Returns whether still playing."""
    step_days = max(1, round(SPEEDS[st.session_state.get("speed", "1 month/s")] * FRAME_SECONDS))
    following = st.session_state.date + timedelta(days=step_days)
    last = frames.last_day.date()
    if following >= last:
        st.session_state.date = last
        st.session_state.playing = False
        return False
    st.session_state.date = following
    return True


def select_place(place_id: str) -> None:
    st.session_state.place = place_id
    st.session_state.event_pages = 1


def on_map_click() -> None:
    """The map moved or a marker was clicked: keep the view; a click's tooltip's first line is the place label."""
    value = st.session_state.get("map") or {}
    centre, zoom = value.get("center"), value.get("zoom")
    if isinstance(centre, dict) and "lat" in centre and "lng" in centre and isinstance(zoom, int | float):
        st.session_state.view = (round(float(centre["lat"]), 4), round(float(centre["lng"]), 4), int(zoom))
    count = value.get("last_object_clicked_count") or 0
    tooltip = value.get("last_object_clicked_tooltip") or ""
    if count and count != st.session_state.get("clicks") and tooltip:
        st.session_state.clicks = count
        label = tooltip.splitlines()[0].strip()
        frames = st.session_state.get("_frames")
        if frames is not None and label in frames.ids_by_label:
            select_place(frames.ids_by_label[label])


def below_map_ready() -> bool:
    """Whether this run draws what sits below the map (the chart and the events table).

    Not on a session's first run, before the map has reported: their code (Vega and the data grid,
    about 2 MB of script) would be fetched and parsed before the map's frame is made, and the map
    showed 0.6-0.9 s later. The map's first report reruns the view at once, and so does anything the
    reader does, so they follow the map by a moment and never wait for a click.

    Example: a new session's first run gives False; the rerun the map's report makes gives True.
    """
    ready = st.session_state.get("map") is not None or st.session_state.get("_view_ran", False)
    st.session_state._view_ran = True
    return ready


def jump(frames: dataview.Frames) -> None:
    """The "jump to" field was entered: go to that date (kept inside the data), or say why not."""
    text = (st.session_state.get("jump") or "").strip()
    if not text:
        return
    chosen = parse_day(text)
    if chosen is None:
        st.toast(f"{md(repr(text[:40]))} is not a date (try 2017-10-17 or 17 October 2017)", icon="⚠️")
        return
    st.session_state.date = min(max(chosen, frames.first_day.date()), frames.last_day.date())
    st.session_state.playing = False


def more_events() -> None:
    st.session_state.event_pages += 1
