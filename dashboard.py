"""The conflict map dashboard: scrub the timeline, play it, click a town.

Run: ``streamlit run dashboard.py`` (or ``-- --data DIR``, or set
``CONFLICT_MAP_DATA=DIR``). Everything date-dependent lives in one fragment, so
moving the slider or playing reruns only the map, the panel, the chart and the
table; the map itself stays mounted (new layers are swapped in place), so the
user's zoom and pan survive.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Conflict map · who held what, when", page_icon="🗺️", layout="wide", initial_sidebar_state="expanded")

import os  # noqa: E402 - st.set_page_config must come first
import re  # noqa: E402
import sys  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo import dataview, mapview  # noqa: E402
from geo.records import CONTROLLERS, TAXONOMY  # noqa: E402
from geo.territory import control_zones  # noqa: E402

PROJECT = Path(__file__).resolve().parent
SPEEDS = {"1 day/s": 1, "1 week/s": 7, "1 month/s": 30, "3 months/s": 91}
FRAME_SECONDS = 0.5
WINDOWS = {"7 days": 7, "30 days": 30, "90 days": 90, "1 year": 365, "all before": 100_000}
STALE_DAYS = 120
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def data_dir() -> Path:
    """``-- --data DIR`` wins over ``CONFLICT_MAP_DATA``; default ``data/``."""
    argv = sys.argv[1:]
    if "--data" in argv and argv.index("--data") + 1 < len(argv):
        return Path(argv[argv.index("--data") + 1]).resolve()
    return Path(os.environ.get("CONFLICT_MAP_DATA", PROJECT / "data")).resolve()


def md(text) -> str:
    """Text from a source, made inert for st.markdown (no links, images or HTML)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def _stamp(folder: Path) -> tuple:
    return tuple((name, (folder / name).stat().st_mtime_ns) for name in ("places.csv", "events.csv", "control.csv", "articles.csv") if (folder / name).exists())


@st.cache_data(show_spinner="Loading the map data…", max_entries=4)
def load(folder: str, stamp: tuple) -> dataview.Frames:
    """Read the data directory once per build (keyed on the files' mtimes)."""
    path = Path(folder)
    missing = [name for name in ("places.csv", "events.csv", "control.csv") if not (path / name).exists()]
    if missing:
        raise FileNotFoundError(f"{path}: missing {', '.join(missing)}; run `python -m geo build --out {path}`")
    read = {"dtype": str, "keep_default_na": False}
    places = pd.read_csv(path / "places.csv", **read)
    events = pd.read_csv(path / "events.csv", **read)
    control = pd.read_csv(path / "control.csv", **read)
    articles = (
        pd.read_csv(path / "articles.csv", **read)
        if (path / "articles.csv").exists()
        else pd.DataFrame(columns=["source", "title", "outlet", "published", "body"])
    )
    return dataview.frames_from_tables(places, events, control, articles)


@st.cache_data(show_spinner=False, max_entries=8)
def report_counts(folder: str, stamp: tuple) -> dict:
    """Reports per place (sizes the markers)."""
    frames = load(folder, stamp)
    return frames.events.groupby("place_id").size().to_dict()


@st.cache_data(show_spinner=False, max_entries=8)
def timeline_counts(
    folder: str, stamp: tuple, event_types: tuple | None, factions: tuple | None, countries: tuple | None, sources: tuple | None
) -> pd.DataFrame:
    """Events per month and type, for the chart (computed once per filter set)."""
    frames = load(folder, stamp)
    events = dataview.filter_events(frames.events, factions, event_types, countries, sources)
    if not len(events):
        return pd.DataFrame(columns=["month", "event_type", "events"])
    counts = (
        events.assign(month=events["event_date"].dt.to_period("M").dt.to_timestamp()).groupby(["month", "event_type"]).size().rename("events").reset_index()
    )
    return counts


def init_state(frames: dataview.Frames) -> None:
    """First run of a session: date and place from the URL, else sensible defaults."""
    if "date" in st.session_state:
        return
    params = st.query_params
    default = frames.last_day.date()
    if len(frames.change_days):
        default = pd.Timestamp(frames.change_days[-1]).date()
    chosen = default
    if "date" in params:
        try:
            chosen = date.fromisoformat(params["date"])
        except ValueError:
            st.toast(f"Ignored date {params['date']!r} in the URL: expected YYYY-MM-DD", icon=":material/warning:")
    chosen = min(max(chosen, frames.first_day.date()), frames.last_day.date())
    st.session_state.date = chosen
    st.session_state.place = params.get("place", "") if params.get("place", "") in frames.labels else ""
    st.session_state.playing = False
    st.session_state.clicks = 0


def sync_url() -> None:
    """Keep the URL shareable: the date and the selected place."""
    wanted = {"date": st.session_state.date.isoformat()}
    if st.session_state.place:
        wanted["place"] = st.session_state.place
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def step_to_event(frames: dataview.Frames, direction: int) -> None:
    day = dataview.step(frames.event_days, pd.Timestamp(st.session_state.date), direction)
    if day is not None:
        st.session_state.date = day.date()
        st.session_state.playing = False


def toggle_play(frames: dataview.Frames) -> None:
    st.session_state.playing = not st.session_state.playing
    if st.session_state.playing and st.session_state.date >= frames.last_day.date():
        st.session_state.date = frames.first_day.date()


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
            st.session_state.place = frames.ids_by_label[label]


def sidebar(frames: dataview.Frames) -> dict:
    """Filters and playback settings; returns the active filters."""
    st.sidebar.header("Filters")
    present = [name for name in CONTROLLERS if name in set(frames.control["controller"]) | set(frames.events["actor1"]) | set(frames.events["actor2"])]
    factions = st.sidebar.multiselect("Factions", present, default=present, key="factions", help="Towns held by, and events involving, these sides")
    types = [name for name in TAXONOMY if name in set(frames.events["event_type"])] + sorted(set(frames.events["event_type"]) - set(TAXONOMY))
    event_types = st.sidebar.multiselect("Event types", types, default=types, key="event_types")
    countries = sorted(code for code in set(frames.events["country_code"]) if code)
    chosen_countries = st.sidebar.multiselect("Countries", countries, default=countries, key="countries")
    sources = sorted(set(frames.events["source"]))
    chosen_sources = st.sidebar.multiselect("Sources", sources, default=sources, key="sources", help="Articles and imported datasets")
    st.sidebar.header("Time")
    st.sidebar.selectbox("Play speed", list(SPEEDS), index=2, key="speed")
    st.sidebar.selectbox("Events shown on the map", list(WINDOWS), index=1, key="window", help="Events in this period up to the selected date")
    st.sidebar.toggle("Areas of control", value=True, key="show_zones")
    return {
        "factions": None if set(factions) == set(present) else tuple(factions),
        "event_types": None if set(event_types) == set(types) else tuple(event_types),
        "countries": None if set(chosen_countries) == set(countries) else tuple(chosen_countries),
        "sources": None if set(chosen_sources) == set(sources) else tuple(chosen_sources),
    }


def legend() -> None:
    chips = " ".join(
        f'<span style="display:inline-block;margin-right:0.8em"><span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
        f'background:{mapview.colour(name)};border:1px solid #666;vertical-align:middle"></span> {name}</span>'
        for name in CONTROLLERS
    )
    chips += (
        ' <span style="display:inline-block;margin-right:0.8em"><span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
        'background:#bbb;border:2.5px dashed #E8002E;vertical-align:middle"></span> contested (dashed red ring)</span>'
    )
    st.markdown(chips, unsafe_allow_html=True)
    st.caption(
        "Shaded areas are drawn from town control (the part of the map nearer to each held town, within 20 km): "
        "they are not surveyed front lines. Faded markers: no report for over four months."
    )


def build_layers(frames: dataview.Frames, day: pd.Timestamp, filters: dict, counts: dict) -> list:
    """The three layers for a date: areas, events in the window, towns."""
    states = dataview.states_on(frames, day, filters["factions"])
    if filters["countries"] is not None:
        states = states.loc[states["country_code"].isin(filters["countries"])]
    zone_features = []
    if st.session_state.get("show_zones", True) and len(states):
        key = tuple(zip(states["place_id"], states["longitude"].round(4), states["latitude"].round(4), states["controller"], states["contested"]))
        zone_features = [mapview.zone_feature(zone.controller, zone.contested, zone.geometry) for zone in control_zones(key)]
    window_days = WINDOWS[st.session_state.get("window", "30 days")]
    start = day - pd.Timedelta(days=window_days)
    recent = dataview.filter_events(dataview.window(frames, start, day), filters["factions"], filters["event_types"], filters["countries"], filters["sources"])
    aggregated = dataview.by_place(recent.loc[recent["latitude"].notna()])
    period = f"{start.strftime('%-d %b %Y') if window_days < 100_000 else 'until'} – {day.strftime('%-d %b %Y')}"
    event_features = [
        mapview.event_feature(
            frames.labels.get(row.place_id, row.place),
            row.longitude,
            row.latitude,
            int(row.events),
            int(row.deaths or 0),
            row.main_type,
            period,
        )
        for row in aggregated.itertuples(index=False)
        if row.place_id not in set(states["place_id"])
    ]
    place_features = []
    for row in states.itertuples(index=False):
        stale = pd.notna(row.last_report) and (day - row.last_report).days > STALE_DAYS
        since = row.controller_since.strftime("%-d %b %Y") if pd.notna(row.controller_since) else ""
        place_features.append(
            mapview.place_feature(
                row.place_id,
                frames.labels.get(row.place_id, row.place),
                row.longitude,
                row.latitude,
                row.controller,
                bool(row.contested),
                since,
                int(counts.get(row.place_id, 1)),
                row.last_report.strftime("%-d %b %Y") if pd.notna(row.last_report) else "",
                stale,
            )
        )
    return (
        [
            mapview.feature_group(zone_features, "areas"),
            mapview.feature_group(event_features, "events"),
            mapview.feature_group(place_features, "towns"),
        ],
        states,
        recent,
    )


def details(frames: dataview.Frames, day: pd.Timestamp) -> None:
    """The side panel: the selected place on this date, its history and its events."""
    place_id = st.session_state.place
    if not place_id:
        st.info("Click a town on the map (or a row of the table below) to read its control history and the reports behind it.")
        return
    label = frames.labels.get(place_id, place_id)
    st.subheader(label)
    states = dataview.states_on(frames, day)
    current = states.loc[states["place_id"] == place_id]
    if len(current):
        row = current.iloc[0]
        chip = (
            '<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
            f'background:{mapview.colour(row.controller)};border:1px solid #666"></span>'
        )
        state = f"{md(row.controller)}{' · **contested**' if row.contested else ''}"
        st.markdown(f"{chip} On {day.strftime('%-d %b %Y')}: **{state}** since {row.controller_since.strftime('%-d %b %Y')}", unsafe_allow_html=True)
    else:
        st.markdown(f"On {day.strftime('%-d %b %Y')}: control not reported.")
    place = frames.places.loc[frames.places["place_id"] == place_id] if "place_id" in frames.places.columns else frames.places.iloc[0:0]
    if len(place):
        info = place.iloc[0]
        corrected = f" · corrected: {md(info.get('corrected', ''))}" if info.get("corrected", "") else ""
        st.caption(
            f"{md(info['kind'])}, {md(info['country_code'])} · {float(info['latitude']):.4f}, {float(info['longitude']):.4f} · {md(info['source'])}{corrected}"
        )
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
    events = dataview.place_events(frames, place_id)
    st.markdown(f"**Events** ({len(events)})")
    articles = frames.articles.set_index("source") if "source" in frames.articles.columns and len(frames.articles) else None
    for row in events.iloc[::-1].itertuples(index=False):
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
            source = row.source
            if articles is not None and source in articles.index:
                article = articles.loc[source]
                st.caption(f"{md(article['title'])} — {md(article['outlet'])}, {md(article['published'])} ({md(source)})")
                with st.expander("Read the article"):
                    st.text(article["body"])
            else:
                st.caption(md(source))
            if row.corrected:
                st.caption(f"corrected by an analyst: {md(row.corrected)}")


def chart(counts: pd.DataFrame, day: pd.Timestamp) -> None:
    """Events per month by type, with the selected date marked."""
    if not len(counts):
        return
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=None),
            y=alt.Y("events:Q", title="events per month"),
            color=alt.Color(
                "event_type:N",
                title="type",
                scale=alt.Scale(domain=list(mapview.EVENT_COLOURS), range=list(mapview.EVENT_COLOURS.values())),
            ),
            tooltip=["month:T", "event_type:N", "events:Q"],
        )
    )
    rule = alt.Chart(pd.DataFrame({"day": [day]})).mark_rule(color="#E8002E", strokeWidth=2).encode(x="day:T")
    st.altair_chart((bars + rule).properties(height=170), width="stretch")


def events_table(frames: dataview.Frames, recent: pd.DataFrame) -> None:
    """The events of the map's window; picking a row selects its place."""
    only_place = st.toggle("Only the selected place", value=False, key="only_place", disabled=not st.session_state.place)
    rows = recent
    if only_place and st.session_state.place:
        rows = dataview.place_events(frames, st.session_state.place)
    rows = rows.iloc[::-1]
    table = pd.DataFrame(
        {
            "date": rows["event_date"].dt.strftime("%Y-%m-%d"),
            "precision": rows["date_precision"],
            "place": rows["place_id"].map(frames.labels).fillna(rows["place"]),
            "type": rows["sub_event_type"].where(rows["sub_event_type"] != "", rows["event_type"]),
            "actors": rows["actor1"] + " / " + rows["actor2"],
            "control after": rows["controller_after"],
            "source": rows["source"],
            "quote": rows["quote"],
        }
    )
    selection = st.dataframe(table, hide_index=True, width="stretch", height=260, on_select="rerun", selection_mode="single-row", key="events_table")
    picked = selection.selection.rows if selection and selection.selection else []
    if picked:
        place_id = rows.iloc[picked[0]]["place_id"]
        if place_id != st.session_state.place and place_id in frames.labels:
            st.session_state.place = place_id
            st.rerun(scope="fragment")


def exports(frames: dataview.Frames, filters: dict, folder: Path) -> None:
    """Downloads: events and control (CSV, GeoJSON) and a self-contained animated map."""
    from geo.export import timeline_html

    st.sidebar.header("Export")
    day = pd.Timestamp(st.session_state.date)
    events = dataview.filter_events(frames.events, filters["factions"], filters["event_types"], filters["countries"], filters["sources"])
    states = dataview.states_on(frames, day)
    st.sidebar.download_button("Events (CSV)", lambda: _events_csv(events), file_name="events.csv", mime="text/csv", key="dl_events_csv")
    st.sidebar.download_button(
        "Events (GeoJSON)",
        lambda: dataview.events_geojson(events),
        file_name="events.geojson",
        mime="application/geo+json",
        key="dl_events_geojson",
    )
    st.sidebar.download_button(
        f"Control on {day.date()} (CSV)",
        lambda: _states_csv(states),
        file_name=f"control-{day.date()}.csv",
        mime="text/csv",
        key="dl_control_csv",
    )
    st.sidebar.download_button(
        f"Control on {day.date()} (GeoJSON)",
        lambda: dataview.states_geojson(states, day.date()),
        file_name=f"control-{day.date()}.geojson",
        mime="application/geo+json",
        key="dl_control_geojson",
    )
    st.sidebar.download_button(
        "Animated map (HTML, works offline)", lambda: timeline_html(frames), file_name="conflict-map.html", mime="text/html", key="dl_html"
    )
    st.sidebar.caption(f"Data: `{folder}`")


def _events_csv(events: pd.DataFrame) -> str:
    out = events.copy()
    for column in ("event_date", "date_end"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out[list(dataview.EVENT_COLUMNS)].to_csv(index=False)


def _states_csv(states: pd.DataFrame) -> str:
    out = states[["place", "place_id", "latitude", "longitude", "controller", "contested", "start", "controller_since", "event_ids"]].copy()
    for column in ("start", "controller_since"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.rename(columns={"start": "since"}).to_csv(index=False)


def main() -> None:
    folder = data_dir()
    try:
        stamp = _stamp(folder)
        frames = load(str(folder), stamp)
    except (FileNotFoundError, ValueError) as error:
        st.error(f"Cannot open the data: {error}")
        return
    st.session_state._frames = frames
    init_state(frames)
    filters = sidebar(frames)
    counts = report_counts(str(folder), stamp)
    monthly = timeline_counts(str(folder), stamp, filters["event_types"], filters["factions"], filters["countries"], filters["sources"])
    exports(frames, filters, folder)
    first, last = frames.first_day.date(), frames.last_day.date()

    @st.fragment(run_every=FRAME_SECONDS if st.session_state.playing else None)
    def view() -> None:
        if st.session_state.playing:
            following = st.session_state.date + timedelta(days=max(1, round(SPEEDS[st.session_state.speed] * FRAME_SECONDS)))
            if following >= last:
                st.session_state.date = last
                st.session_state.playing = False
                st.rerun()
            st.session_state.date = following
        day = pd.Timestamp(st.session_state.date)
        title, when = st.columns([2, 3], vertical_alignment="bottom")
        title.markdown("### Who held what, when")
        when.markdown(
            f'<div data-testid="current-date" style="font-size:2.1rem;font-weight:700;text-align:right;line-height:1.1">{day.strftime("%A %-d %B %Y")}</div>',
            unsafe_allow_html=True,
        )
        controls = st.columns([0.8, 0.8, 6, 1, 1.6], vertical_alignment="bottom")
        controls[0].button("◀ event", key="previous", on_click=step_to_event, args=(frames, -1), help="Previous date with an event")
        controls[1].button("event ▶", key="next", on_click=step_to_event, args=(frames, 1), help="Next date with an event")
        controls[2].slider("Date", min_value=first, max_value=last, key="date", format="YYYY-MM-DD", label_visibility="collapsed")
        controls[3].button("⏸ Pause" if st.session_state.playing else "▶ Play", key="play", on_click=toggle_play, args=(frames,), type="primary")
        controls[4].date_input(
            "Jump to",
            min_value=first,
            max_value=last,
            key="jump",
            value=None,
            label_visibility="collapsed",
            on_change=_jump,
            format="YYYY-MM-DD",
        )
        sync_url()
        layers, states, recent = build_layers(frames, day, filters, counts)
        left, right = st.columns([3, 1.35])
        with left:
            fmap = mapview.base_map()
            st_folium(
                fmap,
                key="map",
                height=600,
                use_container_width=True,
                feature_group_to_add=layers,
                returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
                on_change=on_map_click,
            )
            legend()
            st.caption(f"{len(states)} towns with known control · {len(recent)} events in the window")
        with right:
            details(frames, day)
        chart(monthly, day)
        events_table(frames, recent)

    view()


def _jump() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        st.session_state.date = chosen
        st.session_state.playing = False


main()
