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
from geo.control import STALE_DAYS
from geo.records import CONTROLLERS

from . import corrections, state
from .text import md

EVENTS_PER_PAGE = 15
TABLE_ROWS = 50  # rows sent per rerun (the table shows about eight; some 10 KB): "Show more" pages further
TABLE_COLUMNS = ("date", "precision", "place", "type", "actors", "control after", "source", "quote", "rule")


def _dot(fill: str, border: str = "1px solid #666") -> str:
    return f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;background:{fill};border:{border};vertical-align:middle"></span>'


def legend() -> None:
    """Controller colours, the marks of doubt, the event dots' colours, and what the areas are (and are not).

    The event types are always listed (the map's dots use these colours whether or not the
    window has events of every type), so a dot on the map can always be read.
    """
    chip = '<span style="margin-right:0.8em;white-space:nowrap">{} {}</span>'
    chips = [chip.format(_dot(mapview.colour(name)), name) for name in CONTROLLERS]
    chips.append(chip.format(_dot("#bbb", f"2.5px dashed {mapview.CONTESTED_RING}"), "contested (dashed red ring)"))
    chips.append(chip.format(_dot("#bbb", f"2.5px dotted {mapview.DISPUTED_RING}"), "disputed: reports disagree (dotted ring)"))
    badge = (
        '<span style="display:inline-block;width:13px;height:13px;border:1.5px solid #111;border-radius:50%;background:#fff;'
        'font:700 10px/10px sans-serif;text-align:center;vertical-align:middle">1</span>'
    )
    chips.append(chip.format(badge, "badge “1”: one independent source; “?”: claimed only"))
    chips.append(chip.format(_dot("rgba(140,140,140,0.25)", f"1.5px solid {mapview.UNKNOWN_COLOUR}"), "unknown: reports went stale"))
    st.markdown(" ".join(chips), unsafe_allow_html=True)
    events = [chip.format(_event_dot(colour), name) for name, colour in mapview.EVENT_COLOURS.items()]
    st.markdown('<span data-testid="event-legend">Events: ' + " ".join(events) + "</span>", unsafe_allow_html=True)
    st.caption(
        "Shaded areas are drawn from town control (the part of the map nearer to each held town, within 20 km): "
        "they are not surveyed front lines. Faded markers: no report for over four months; hollow grey: unknown again, "
        f"no report for {STALE_DAYS} days. Small dots: events in the window, coloured by type and sized by count."
    )


def _event_dot(fill: str) -> str:
    """The small dot an event draws on the map, at legend size."""
    style = f"display:inline-block;width:0.6em;height:0.6em;border-radius:50%;background:{fill};border:1px solid #444;vertical-align:middle"
    return f'<span style="{style}"></span>'


PANEL_KEY = "place_panel"
PANEL_HEIGHT = 700
# On a narrow screen the panel sits below the map: a fixed-height box there is a scroll
# area inside the scrolling page, which shows a card cut mid-sentence; it grows instead.
# The history table is set small so its five columns fit the panel at 1280 px and up.
PANEL_CSS = f"""<style>
.st-key-{PANEL_KEY} [data-testid="stTable"] th, .st-key-{PANEL_KEY} [data-testid="stTable"] td {{
  font-size: 0.78rem; padding: 0.2rem 0.3rem; line-height: 1.25; }}
@media (max-width: 640px) {{
  .st-key-{PANEL_KEY} {{ height: auto !important; max-height: none !important; overflow: visible !important; }}
  [data-testid="stLayoutWrapper"]:has(> .st-key-{PANEL_KEY}) {{ height: auto !important; flex: 0 0 auto !important; }}
}}
</style>"""


def panel_style() -> None:
    """The place panel's style rules (a style element, it takes no room)."""
    st.html(PANEL_CSS)


def details(frames: dataview.Frames, day: pd.Timestamp, states: pd.DataFrame, folder: Path, control: dataview.ControlView | None = None) -> None:
    """The side panel: the selected place on this date, its history, the states and the events reported there.

    ``control`` is the control of the kept sources (by default the build's); the
    states and events listed are those of the kept sources too.
    """
    place_id = st.session_state.place
    if not place_id:
        st.info("Click a town on the map (or a row of the table below) to read its control history and the reports behind it.")
        return
    control = control or frames.view
    st.subheader(md(frames.labels.get(place_id, place_id)))  # a dataset's place name is the source's text
    current = states.loc[states["place_id"] == place_id]
    when = day.strftime("%-d %b %Y")
    if len(current):
        row = current.iloc[0]
        held = f"{md(row.controller)}{' · **contested**' if row.contested else ''}"
        disputed = " · **disputed**" if row.disputed else ""
        origins = {frames.origins[report] for report in str(row.event_ids).split(";") if report in frames.origins}
        backing = f" · {'one source only' if len(origins) == 1 else f'{len(origins)} independent sources'}" if origins else ""
        st.markdown(f"{_dot(mapview.colour(row.controller))} On {when}: **{held}**{disputed} {dataview.held_text(row)}{backing}", unsafe_allow_html=True)
        if row.disputed:
            _conflicting_reports(frames, row)
    else:
        st.markdown(f"On {when}: control not reported{_unknown_since(control, place_id, day)}.")
    place = frames.places.loc[frames.places["place_id"] == place_id] if "place_id" in frames.places.columns else frames.places.iloc[0:0]
    if len(place):
        info = place.iloc[0]
        corrected = f" · **corrected**: {md(info.get('corrected', ''))}" if info.get("corrected", "") else ""
        where = f"{float(info['latitude']):.4f}, {float(info['longitude']):.4f}"
        st.caption(f"{md(info['kind'])}, {md(info['country_code'])} · {where} · {md(info['source'])}{corrected}")
        corrections.place_form(folder, place_id, float(info["latitude"]), float(info["longitude"]))
    periods = dataview.history(frames, place_id, control)
    if len(periods):
        st.markdown("**Control history**" + ("" if control.sources is None else " (from the kept sources)"))
        st.table(history_table(periods), hide_index=True, border="horizontal")
    _place_states(frames, place_id, day, control.sources)
    _place_events(frames, place_id, day, folder, control.sources)


def history_table(periods: pd.DataFrame) -> pd.DataFrame:
    """A place's control periods as the panel shows them: every column fits the narrow panel.

    A static table wraps its cells (a data grid hides the columns past the panel's edge).
    The rarer marks of doubt share one "note" column, shown only when a period has one;
    "reports" is how many reports back the period.
    """
    ends = periods["end"].dt.strftime("%-d %b %Y").fillna("…")
    notes = [
        "; ".join(
            note
            for note in (
                "disputed" if disputed else "",
                # a vague change: the town changed hands between this day and the period's start
                f"taken after {changed:%-d %b %Y}" if pd.notna(changed) else "",
                # the side a later report says lost or held it, shown for the fortnight before that report
                "start from a later report" if carried else "",
            )
            if note
        )
        for disputed, changed, carried in zip(periods["disputed"], periods["changed_from"], periods["carried_back"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "period": [f"{start} – {end}" for start, end in zip(periods["start"].dt.strftime("%-d %b %Y"), ends, strict=True)],
            "controller": periods["controller"].to_numpy(),
            "contested": periods["contested"].map({True: "yes", False: ""}).to_numpy(),
            "note": notes,
            "reports": [len([report for report in str(ids).split(";") if report]) for ids in periods["event_ids"].fillna("")],
        }
    )
    return table if any(notes) else table.drop(columns=["note"])


def _unknown_since(control: dataview.ControlView, place_id: str, day: pd.Timestamp) -> str:
    """", unknown since 29 Mar 2018 (no report for six months)" for a town whose last report went stale."""
    periods = control.control.loc[control.control["place_id"] == place_id]
    ended = periods.loc[periods["end"].notna() & (periods["end"] < day)]
    if not len(ended):
        return ""
    last = ended.iloc[-1]
    after = last["end"] + pd.Timedelta(days=1)
    return f": unknown since {after.strftime('%-d %b %Y')} (last held by {md(last['controller'])}; no report after {last['last_report'].strftime('%-d %b %Y')})"


def _conflicting_reports(frames: dataview.Frames, period) -> None:
    """A disputed period: the reports behind it, grouped by the holder each gives."""
    reports = dataview.period_reports(frames, period)
    st.markdown("Reports disagree on who held it:")
    for says, group in reports.groupby("says", sort=False):
        lines = [f"- **{md(says or 'no holder')}**: " + "; ".join(
            f"{md(row.kind)} of {row.day.strftime('%-d %b %Y')} ({md(row.source)}): “{md(row.quote)}” *rule: {md(row.rule or '?')}*"
            for row in group.itertuples(index=False)
        )]  # fmt: skip
        st.markdown("\n".join(lines))


def _place_states(frames: dataview.Frames, place_id: str, day: pd.Timestamp, sources: tuple[str, ...] | None) -> None:
    """The reports that a side held the place ("the IS-held town"), newest first."""
    states = dataview.place_states(frames, place_id, sources).iloc[::-1]
    if not len(states):
        return
    st.markdown(f"**Reported holders** ({len(states)})")
    for row in states.itertuples(index=False):
        since = f" · held since {row.since.strftime('%-d %b %Y')}" if pd.notna(row.since) else ""
        part = " · part of the town (contested, not held)" if row.partial else ""
        future = " *(after the selected date)*" if row.day > day else ""
        with st.container(border=True):
            head = f"**{row.day.strftime('%-d %b %Y')}** · held by {md(row.controller)}{since}{part}{future}"
            st.markdown(f"{_dot(mapview.colour(row.controller))} {head}", unsafe_allow_html=True)
            if row.quote:
                st.markdown(f"> {md(row.quote)}")
            st.caption(f"{md(row.source)} · rule: {md(row.rule or 'unknown')}")


def _place_events(frames: dataview.Frames, place_id: str, day: pd.Timestamp, folder: Path, sources: tuple[str, ...] | None = None) -> None:
    events = dataview.place_events(frames, place_id)
    if sources is not None:
        events = events.loc[events["source"].isin(sources)]
    events = events.iloc[::-1]
    shown = events.iloc[: EVENTS_PER_PAGE * st.session_state.event_pages]
    st.markdown(f"**Events** ({len(events)})")
    articles = frames.articles.set_index("source") if "source" in frames.articles.columns and len(frames.articles) else None
    for row in shown.itertuples(index=False):
        when = dataview.describe_date(row.event_date, row.date_end, row.date_precision)
        actors = " vs ".join(name for name in (row.actor1, row.actor2) if name)
        future = " *(after the selected date)*" if row.event_date > day else ""
        claimed = " · **claimed**" if row.modality == "claimed" else ""
        with st.container(border=True):
            st.markdown(f"**{md(when)}** · {md(row.sub_event_type or row.event_type)}{claimed}{future}")
            if actors:
                st.caption(md(actors))
            if row.controller_after:
                st.caption(f"control after: {md(row.controller_after)}" + (" (claimed, not confirmed)" if claimed else ""))
            if row.quote:
                st.markdown(f"> {md(row.quote)}")
            if articles is not None and row.source in articles.index:
                article = articles.loc[row.source]
                st.caption(f"{md(article['title'])} — {md(article['outlet'])}, {md(article['published'])} ({md(row.source)})")
                with st.expander("Read the article"):
                    st.text(article["body"])
            else:
                st.caption(f"{md(row.source)} · {md(row.notes)}")
            # why this dot exists: the grammar rule (or the dataset) that made the event
            st.caption(f"rule: {md(row.rule or row.origin or 'unknown')}")
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
    toggle, search = st.columns([1, 2], vertical_alignment="bottom")
    only_place = toggle.toggle("Only the selected place", value=False, key="only_place", disabled=not st.session_state.place)
    words = search.text_input(
        "Search the reports", key="find_text", placeholder="words in the quoted sentences, e.g. chlorine Douma", label_visibility="collapsed"
    )
    events = dataview.place_events(frames, st.session_state.place) if only_place and st.session_state.place else recent
    if words.strip():
        # a search reads every report, not only the map's window
        pool = dataview.place_events(frames, st.session_state.place) if only_place and st.session_state.place else frames.events
        events = dataview.search_reports(pool, words)
    limit = TABLE_ROWS * st.session_state.setdefault("table_pages", 1)
    table = dataview.table_rows(frames, events, limit)
    shown = f" (the latest {limit:,} shown)" if len(events) > limit else ""
    found = f" whose sentence holds “{md(words.strip())}”" if words.strip() else ""
    st.caption(f"{len(events):,} event{'' if len(events) == 1 else 's'}{found}{shown} · pick a row to select its place")
    # The callback fires only when the user changes the selection, so a later
    # click on the map is not overridden by a row picked earlier.
    st.session_state._table_places = table["place_id"].tolist()
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=260,
        column_order=TABLE_COLUMNS,
        # the sentence is what a reader checks: wide, and whole in the cell's tooltip
        column_config={
            "quote": st.column_config.TextColumn("quote", width="large", help="The sentence the event was read from; hover a cell to read all of it"),
            "date": st.column_config.Column("date", width="small"),
            "precision": st.column_config.Column("precision", width="small"),
            "rule": st.column_config.Column("rule", width="small"),
        },
        on_select=_on_table_select,
        selection_mode="single-row",
        key="events_table",
    )
    if len(events) > limit:
        st.button(f"Show {min(TABLE_ROWS, len(events) - limit):,} more rows", key="more_rows", on_click=_more_rows)


def _more_rows() -> None:
    st.session_state.table_pages = st.session_state.get("table_pages", 1) + 1


def _on_table_select() -> None:
    rows = st.session_state.events_table.selection.rows
    places = st.session_state.get("_table_places", [])
    if rows and rows[0] < len(places) and places[rows[0]]:
        state.select_place(places[rows[0]])


def compare(frames: dataview.Frames, day: pd.Timestamp, control: dataview.ControlView | None = None) -> None:
    """What changed between the selected date and another: the towns whose holder differs, with the
    reports behind each (ACLED's weekly change table); picking a row opens the town's panel."""
    first, last = frames.first_day.date(), frames.last_day.date()
    if "compare_with" not in st.session_state:
        st.session_state.compare_with = max(first, (day - pd.Timedelta(days=30)).date())
    st.session_state.compare_with = min(max(st.session_state.compare_with, first), last)
    # computed only when asked for: a slider move at 100,000 events must not pay for it
    if not st.toggle("What changed between two dates", key="compare_open"):
        return
    with st.container(border=True):
        other = st.date_input("Compare with", min_value=first, max_value=last, key="compare_with", format="YYYY-MM-DD")
        changes = dataview.changes_between(frames, pd.Timestamp(other), day, view=control)
        earlier, later = sorted((pd.Timestamp(other), day))
        st.caption(
            f"{len(changes):,} town{'' if len(changes) == 1 else 's'} with another holder on {later.strftime('%-d %b %Y')} "
            f"than on {earlier.strftime('%-d %b %Y')} (from the kept sources) · pick a row to open the town"
        )
        if len(changes):
            st.session_state._change_places = changes["place_id"].tolist()
            st.dataframe(
                changes[["place", "before", "after", "taken", "reports"]],
                hide_index=True,
                width="stretch",
                on_select=_on_change_select,
                selection_mode="single-row",
                key="changes_table",
            )


def _on_change_select() -> None:
    rows = st.session_state.changes_table.selection.rows
    places = st.session_state.get("_change_places", [])
    if rows and rows[0] < len(places):
        state.select_place(places[rows[0]])
