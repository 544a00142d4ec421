"""A session's view state: the date, the selected place, playback; kept in the URL."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from geo import dataview
from geo.timeexpr import parse_day

from .text import md

SPEEDS = {"1 day/s": 1, "1 week/s": 7, "1 month/s": 30, "3 months/s": 91}
FRAME_SECONDS = 0.5


def init(frames: dataview.Frames) -> None:
    """First run of a session: date and place from the URL, else the latest change."""
    if "date" in st.session_state:
        return
    params = st.query_params
    chosen = frames.last_day.date()
    if len(frames.change_days):
        chosen = pd.Timestamp(frames.change_days[-1]).date()
    if "date" in params:
        try:
            chosen = date.fromisoformat(params["date"])
        except ValueError:
            st.toast(f"Ignored date {md(repr(params['date'][:40]))} in the URL: expected YYYY-MM-DD", icon="⚠️")
    first, last = frames.first_day.date(), frames.last_day.date()
    st.session_state.date = min(max(chosen, first), last)
    if st.session_state.date != chosen and "date" in params:
        shown = st.session_state.date.isoformat()
        st.toast(f"The URL's date {chosen.isoformat()} is outside the data ({first.isoformat()} to {last.isoformat()}): showing {shown}", icon="⚠️")
    place = params.get("place", "")
    st.session_state.place = place if place in frames.labels else ""
    if place and not st.session_state.place:
        st.toast(f"No place {md(repr(place[:60]))} in this build: the URL's place is ignored", icon="⚠️")
    st.session_state.playing = False
    st.session_state.clicks = 0
    st.session_state.event_pages = 1


def clamp(frames: dataview.Frames) -> None:
    """After a rebuild the date range may have changed: keep the date inside it."""
    first, last = frames.first_day.date(), frames.last_day.date()
    if not first <= st.session_state.date <= last:
        st.session_state.date = min(max(st.session_state.date, first), last)
    if st.session_state.place and st.session_state.place not in frames.labels:
        st.session_state.place = ""


def sync_url() -> None:
    """Keep the URL shareable: the date and the selected place."""
    wanted = {"date": st.session_state.date.isoformat()}
    if st.session_state.place:
        wanted["place"] = st.session_state.place
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


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
    """A marker was clicked: its tooltip's first line is the place label."""
    value = st.session_state.get("map") or {}
    count = value.get("last_object_clicked_count") or 0
    tooltip = value.get("last_object_clicked_tooltip") or ""
    if count and count != st.session_state.get("clicks") and tooltip:
        st.session_state.clicks = count
        label = tooltip.splitlines()[0].strip()
        frames = st.session_state.get("_frames")
        if frames is not None and label in frames.ids_by_label:
            select_place(frames.ids_by_label[label])


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
