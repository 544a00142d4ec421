"""The conflict map dashboard: scrub the timeline, play it, click a town.

Run: ``streamlit run dashboard.py`` (or ``-- --data DIR``, or set
``CONFLICT_MAP_DATA=DIR``). Everything date-dependent lives in one fragment, so
moving the slider or playing reruns only the map, the panel, the chart and the
table; the map itself stays mounted (only a small per-date layer is swapped in
place), so the user's zoom and pan survive.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Conflict map · who held what, when", page_icon="🗺️", layout="wide", initial_sidebar_state="expanded")

import copy  # noqa: E402 - st.set_page_config must come first
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo import assets, dataview, mapview  # noqa: E402
from geo.csvio import write_text_atomic  # noqa: E402
from geo.records import CONTROLLERS  # noqa: E402

PROJECT = Path(__file__).resolve().parent
SPEEDS = {"1 day/s": 1, "1 week/s": 7, "1 month/s": 30, "3 months/s": 91}
FRAME_SECONDS = 0.5
WINDOWS = {"7 days": 7, "30 days": 30, "90 days": 90, "1 year": 365, "all before": 40_000}
STALE_DAYS = 120
EVENTS_PER_PAGE = 15
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


@st.cache_resource(show_spinner=False)
def map_index_url(digest: str, _index: dict) -> str:
    """Publish the map's static index once per build as a static file; its URL."""
    target = assets.STATIC_DIR / "cache" / f"map-{digest}.json"
    if not target.exists():
        write_text_atomic(target, json.dumps(_index, separators=(",", ":"), ensure_ascii=False))
    return f"{assets.STATIC_URL}/cache/{target.name}"


@st.cache_data(show_spinner=False, max_entries=16)
def chart_spec(folder: str, stamp: tuple, event_types: tuple | None, factions: tuple | None, countries: tuple | None, sources: tuple | None) -> dict:
    """A Vega-Lite spec of events per month and type (built once per filter set)."""
    frames = load(folder, stamp)
    events = dataview.filter_events(frames.events, factions, event_types, countries, sources)
    if len(events):
        months = events["event_date"].dt.to_period("M").dt.to_timestamp()
        counts = events.assign(month=months.dt.strftime("%Y-%m-%d")).groupby(["month", "event_type"]).size().rename("events").reset_index()
    else:
        counts = pd.DataFrame(columns=["month", "event_type", "events"])
    return {
        "height": 170,
        "layer": [
            {
                "data": {"values": counts.to_dict("records")},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {"field": "month", "type": "temporal", "title": None},
                    "y": {"field": "events", "type": "quantitative", "title": "events per month"},
                    "color": {
                        "field": "event_type",
                        "type": "nominal",
                        "title": "type",
                        "scale": {"domain": list(mapview.EVENT_COLOURS), "range": list(mapview.EVENT_COLOURS.values())},
                    },
                    "tooltip": [{"field": "month", "type": "temporal"}, {"field": "event_type"}, {"field": "events"}],
                },
            },
            {
                "data": {"values": [{"day": ""}]},
                "mark": {"type": "rule", "color": mapview.CONTESTED_RING, "strokeWidth": 2},
                "encoding": {"x": {"field": "day", "type": "temporal"}},
            },
        ],
    }


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
            st.toast(f"Ignored date {params['date']!r} in the URL: expected YYYY-MM-DD", icon="⚠️")
    chosen = min(max(chosen, frames.first_day.date()), frames.last_day.date())
    st.session_state.date = chosen
    st.session_state.place = params.get("place", "") if params.get("place", "") in frames.labels else ""
    st.session_state.playing = False
    st.session_state.clicks = 0
    st.session_state.event_pages = 1


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


def _jump() -> None:
    chosen = st.session_state.get("jump")
    if chosen:
        st.session_state.date = chosen
        st.session_state.playing = False


def sidebar(frames: dataview.Frames) -> dict:
    """Filters and playback settings; returns the active filters (None: all)."""
    options = frames.options
    st.sidebar.header("Filters")
    chosen = {
        "factions": st.sidebar.multiselect(
            "Factions", options["factions"], default=options["factions"], key="factions", help="Towns held by, and events involving, these sides"
        ),
        "event_types": st.sidebar.multiselect("Event types", options["event_types"], default=options["event_types"], key="event_types"),
        "countries": st.sidebar.multiselect("Countries", options["countries"], default=options["countries"], key="countries"),
        "sources": st.sidebar.multiselect("Sources", options["sources"], default=options["sources"], key="sources", help="Articles and imported datasets"),
    }
    st.sidebar.header("Time")
    st.sidebar.selectbox("Play speed", list(SPEEDS), index=2, key="speed")
    st.sidebar.selectbox("Events shown on the map", list(WINDOWS), index=1, key="window", help="Events in this period up to the selected date")
    st.sidebar.toggle("Areas of control", value=True, key="show_zones")
    return {name: None if set(values) == set(options[name]) else tuple(values) for name, values in chosen.items()}


def legend() -> None:
    chips = " ".join(
        '<span style="display:inline-block;margin-right:0.8em"><span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
        f'background:{mapview.colour(name)};border:1px solid #666;vertical-align:middle"></span> {name}</span>'
        for name in CONTROLLERS
    )
    chips += (
        ' <span style="display:inline-block;margin-right:0.8em"><span style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
        f'background:#bbb;border:2.5px dashed {mapview.CONTESTED_RING};vertical-align:middle"></span> contested (dashed red ring)</span>'
    )
    st.markdown(chips, unsafe_allow_html=True)
    st.caption(
        "Shaded areas are drawn from town control (the part of the map nearer to each held town, within 20 km): "
        "they are not surveyed front lines. Faded markers: no report for over four months. Small squares-of-colour dots: events in the window."
    )


def details(frames: dataview.Frames, day: pd.Timestamp, states: pd.DataFrame) -> None:
    """The side panel: the selected place on this date, its history and its events."""
    place_id = st.session_state.place
    if not place_id:
        st.info("Click a town on the map (or a row of the table below) to read its control history and the reports behind it.")
        return
    st.subheader(frames.labels.get(place_id, place_id))
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
                st.caption(f"corrected by an analyst: {md(row.corrected)}")
    if len(events) > len(shown):
        st.button(f"Show {min(EVENTS_PER_PAGE, len(events) - len(shown))} more", key="more_events", on_click=_more_events)


def _more_events() -> None:
    st.session_state.event_pages += 1


def chart(spec: dict, day: pd.Timestamp) -> None:
    """Events per month by type, with the selected date marked."""
    dated = copy.copy(spec)
    dated["layer"] = [spec["layer"][0], {**spec["layer"][1], "data": {"values": [{"day": day.strftime("%Y-%m-%d")}]}}]
    st.vega_lite_chart(dated, width="stretch")


def events_table(frames: dataview.Frames, recent: pd.DataFrame) -> None:
    """The events of the map's window; picking a row selects its place."""
    only_place = st.toggle("Only the selected place", value=False, key="only_place", disabled=not st.session_state.place)
    rows = dataview.place_events(frames, st.session_state.place) if only_place and st.session_state.place else recent
    rows = rows.iloc[::-1].iloc[:2000]
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
    st.caption(f"{len(rows)} events{' (latest 2,000)' if len(rows) == 2000 else ''} · pick a row to select its place")
    selection = st.dataframe(table, hide_index=True, width="stretch", height=260, on_select="rerun", selection_mode="single-row", key="events_table")
    picked = selection.selection.rows if selection and selection.selection else []
    if picked:
        place_id = rows.iloc[picked[0]]["place_id"]
        if place_id != st.session_state.place and place_id in frames.labels:
            select_place(place_id)
            st.rerun(scope="fragment")


def exports(frames: dataview.Frames, filters: dict, folder: Path) -> None:
    """Downloads: events and control (CSV, GeoJSON) and a self-contained animated map.

    Every file is made only when its button is pressed.
    """
    from geo.export import timeline_html

    st.sidebar.header("Export")
    day = pd.Timestamp(st.session_state.date)

    def events() -> pd.DataFrame:
        return dataview.filter_events(frames.events, filters["factions"], filters["event_types"], filters["countries"], filters["sources"])

    def states() -> pd.DataFrame:
        return dataview.states_on(frames, day)

    st.sidebar.download_button("Events (CSV)", lambda: _events_csv(events()), file_name="events.csv", mime="text/csv", key="dl_events_csv")
    st.sidebar.download_button(
        "Events (GeoJSON)", lambda: dataview.events_geojson(events()), file_name="events.geojson", mime="application/geo+json", key="dl_events_geojson"
    )
    st.sidebar.download_button(
        f"Control on {day.date()} (CSV)", lambda: _states_csv(states()), file_name=f"control-{day.date()}.csv", mime="text/csv", key="dl_control_csv"
    )
    st.sidebar.download_button(
        f"Control on {day.date()} (GeoJSON)",
        lambda: dataview.states_geojson(states(), day.date()),
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
    spec = chart_spec(str(folder), stamp, filters["event_types"], filters["factions"], filters["countries"], filters["sources"])
    exports(frames, filters, folder)
    index_url = map_index_url(frames.map_digest, frames.map_index)
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
        controls = st.columns([1.15, 1.15, 5.2, 1.1, 1.7], vertical_alignment="bottom")
        controls[0].button("◀ Event", key="previous", on_click=step_to_event, args=(frames, -1), help="Previous date with an event", width="stretch")
        controls[1].button("Event ▶", key="next", on_click=step_to_event, args=(frames, 1), help="Next date with an event", width="stretch")
        controls[2].slider("Date", min_value=first, max_value=last, key="date", format="YYYY-MM-DD", label_visibility="collapsed")
        controls[3].button(
            "⏸ Pause" if st.session_state.playing else "▶ Play", key="play", on_click=toggle_play, args=(frames,), type="primary", width="stretch"
        )
        controls[4].date_input(
            "Jump to", min_value=first, max_value=last, key="jump", value=None, label_visibility="collapsed", on_change=_jump, format="YYYY-MM-DD"
        )
        sync_url()
        state, states, recent = dataview.map_state(
            frames,
            day,
            filters["factions"],
            filters["event_types"],
            filters["countries"],
            filters["sources"],
            WINDOWS[st.session_state.get("window", "30 days")],
            STALE_DAYS,
            st.session_state.get("show_zones", True),
        )
        left, right = st.columns([3, 1.35])
        with left:
            st_folium(
                mapview.base_map(index_url=index_url),
                key="map",
                height=600,
                use_container_width=True,
                feature_group_to_add=[mapview.date_layer(state)],
                returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
                on_change=on_map_click,
            )
            legend()
            st.caption(f"{len(states)} towns with known control · {len(recent)} events in the window")
        with right, st.container(height=700, border=False):
            details(frames, day, states)
        chart(spec, day)
        events_table(frames, recent)

    view()


main()
