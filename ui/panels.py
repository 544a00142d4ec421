"""What surrounds the map: the legend, the place panel, the chart, the events table.

Every string that comes from an article or a dataset goes through :func:`md`
before it reaches ``st.markdown``: it is shown literally, never as a link, an
image or HTML.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import dataview, mapview
from geo.records import CONTROLLERS

from . import corrections, state
from .text import md

EVENTS_PER_PAGE = 15
TABLE_ROWS = 2000
TABLE_COLUMNS = ("date", "precision", "place", "type", "actors", "control after", "source", "quote")


def _dot(fill: str, border: str = "1px solid #666") -> str:
    return f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;background:{fill};border:{border};vertical-align:middle"></span>'


def legend() -> None:
    """Controller colours, the contested mark, and what the areas are (and are not)."""
    chips = [f'<span style="margin-right:0.8em">{_dot(mapview.colour(name))} {name}</span>' for name in CONTROLLERS]
    chips.append(f'<span style="margin-right:0.8em">{_dot("#bbb", f"2.5px dashed {mapview.CONTESTED_RING}")} contested (dashed red ring)</span>')
    st.markdown(" ".join(chips), unsafe_allow_html=True)
    st.caption(
        "Shaded areas are drawn from town control (the part of the map nearer to each held town, within 20 km): "
        "they are not surveyed front lines. Faded markers: no report for over four months. Small dots: events in the window, "
        "coloured by type and sized by count."
    )


def details(frames: dataview.Frames, day: pd.Timestamp, states: pd.DataFrame, folder: Path) -> None:
    """The side panel: the selected place on this date, its history and its events."""
    place_id = st.session_state.place
    if not place_id:
        st.info("Click a town on the map (or a row of the table below) to read its control history and the reports behind it.")
        return
    st.subheader(frames.labels.get(place_id, place_id))
    current = states.loc[states["place_id"] == place_id]
    when = day.strftime("%-d %b %Y")
    if len(current):
        row = current.iloc[0]
        held = f"{md(row.controller)}{' · **contested**' if row.contested else ''}"
        st.markdown(f"{_dot(mapview.colour(row.controller))} On {when}: **{held}** since {row.controller_since.strftime('%-d %b %Y')}", unsafe_allow_html=True)
    else:
        st.markdown(f"On {when}: control not reported.")
    place = frames.places.loc[frames.places["place_id"] == place_id] if "place_id" in frames.places.columns else frames.places.iloc[0:0]
    if len(place):
        info = place.iloc[0]
        corrected = f" · **corrected**: {md(info.get('corrected', ''))}" if info.get("corrected", "") else ""
        where = f"{float(info['latitude']):.4f}, {float(info['longitude']):.4f}"
        st.caption(f"{md(info['kind'])}, {md(info['country_code'])} · {where} · {md(info['source'])}{corrected}")
        corrections.place_form(folder, place_id, float(info["latitude"]), float(info["longitude"]))
    periods = dataview.history(frames, place_id)
    if len(periods):
        st.markdown("**Control history**")
        table = pd.DataFrame(
            {
                "from": periods["start"].dt.strftime("%Y-%m-%d"),
                "to": periods["end"].dt.strftime("%Y-%m-%d").fillna("…"),
                "controller": periods["controller"],
                "contested": periods["contested"].map({True: "yes", False: ""}),
                "reports": periods["event_ids"],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="history_table")
    _place_events(frames, place_id, day, folder)


def _place_events(frames: dataview.Frames, place_id: str, day: pd.Timestamp, folder: Path) -> None:
    events = dataview.place_events(frames, place_id).iloc[::-1]
    shown = events.iloc[: EVENTS_PER_PAGE * st.session_state.event_pages]
    st.markdown(f"**Events** ({len(events)})")
    articles = frames.articles.set_index("source") if "source" in frames.articles.columns and len(frames.articles) else None
    for row in shown.itertuples(index=False):
        when = dataview.describe_date(row.event_date, row.date_end, row.date_precision)
        actors = " vs ".join(name for name in (row.actor1, row.actor2) if name)
        future = " *(after the selected date)*" if row.event_date > day else ""
        with st.container(border=True):
            st.markdown(f"**{md(when)}** · {md(row.sub_event_type or row.event_type)}{future}")
            if actors:
                st.caption(md(actors))
            if row.controller_after:
                st.caption(f"control after: {md(row.controller_after)}")
            if row.quote:
                st.markdown(f"> {md(row.quote)}")
            if articles is not None and row.source in articles.index:
                article = articles.loc[row.source]
                st.caption(f"{md(article['title'])} — {md(article['outlet'])}, {md(article['published'])} ({md(row.source)})")
                with st.expander("Read the article"):
                    st.text(article["body"])
            else:
                st.caption(f"{md(row.source)} · {md(row.notes)}")
            if row.corrected:
                st.caption(f"**corrected by an analyst**: {md(row.corrected)}")
            corrections.event_form(folder, row)
    if len(events) > len(shown):
        st.button(f"Show {min(EVENTS_PER_PAGE, len(events) - len(shown))} more", key="more_events", on_click=state.more_events)


def chart(spec: dict, day: pd.Timestamp) -> None:
    """Events per month by type, with the selected date marked."""
    dated = copy.copy(spec)
    dated["layer"] = [spec["layer"][0], {**spec["layer"][1], "data": {"values": [{"day": day.strftime("%Y-%m-%d")}]}}]
    st.vega_lite_chart(dated, width="stretch")


def events_table(frames: dataview.Frames, recent: pd.DataFrame) -> None:
    """The events of the map's window; picking a row selects its place."""
    only_place = st.toggle("Only the selected place", value=False, key="only_place", disabled=not st.session_state.place)
    events = dataview.place_events(frames, st.session_state.place) if only_place and st.session_state.place else recent
    table = dataview.table_rows(frames, events, TABLE_ROWS)
    shown = f" (the latest {TABLE_ROWS:,} shown)" if len(events) > TABLE_ROWS else ""
    st.caption(f"{len(events):,} event{'' if len(events) == 1 else 's'}{shown} · pick a row to select its place")
    # The callback fires only when the user changes the selection, so a later
    # click on the map is not overridden by a row picked earlier.
    st.session_state._table_places = table["place_id"].tolist()
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=260,
        column_order=TABLE_COLUMNS,
        on_select=_on_table_select,
        selection_mode="single-row",
        key="events_table",
    )


def _on_table_select() -> None:
    rows = st.session_state.events_table.selection.rows
    places = st.session_state.get("_table_places", [])
    if rows and rows[0] < len(places) and places[rows[0]]:
        state.select_place(places[rows[0]])
