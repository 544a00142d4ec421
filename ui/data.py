"""Loading a data directory, cached once per build and shared by all sessions."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import assets, dataview, mapview
from geo.csvio import read_build_bytes, write_text_atomic

PROJECT = Path(__file__).resolve().parent.parent
TABLES = ("places.csv", "events.csv", "control.csv", "articles.csv", "states.csv")  # the first three are required


def data_dir() -> Path:
    """``-- --data DIR`` wins over ``CONFLICT_MAP_DATA``; default ``data/``."""
    argv = sys.argv[1:]
    if "--data" in argv and argv.index("--data") + 1 < len(argv):
        return Path(argv[argv.index("--data") + 1]).resolve()
    return Path(os.environ.get("CONFLICT_MAP_DATA", PROJECT / "data")).resolve()


def stamp(folder: Path) -> tuple:
    """The tables' modification times: a new build gives a new cache key."""
    return tuple((name, (folder / name).stat().st_mtime_ns) for name in TABLES if (folder / name).exists())


@st.cache_resource(show_spinner="Loading the map data…", max_entries=4)
def load(folder: str, stamp: tuple) -> dataview.Frames:
    """Read and index the data directory once per build (keyed on the files' mtimes).

    A resource, not ``st.cache_data``: the frames are read-only and shared by all
    sessions, and a copy per rerun (what cache_data returns) would cost more than
    the whole date query.
    """
    path = Path(folder)
    missing = [name for name in TABLES[:3] if not (path / name).exists()]
    if missing:
        raise FileNotFoundError(f"{path}: missing {', '.join(missing)}; run `python -m geo build --out {path}`")
    read = {"dtype": str, "keep_default_na": False}
    # one set: read under the build's lock and checked against the manifest (a stopped build is said so)
    data = read_build_bytes(path, TABLES)
    tables = {name: pd.read_csv(io.BytesIO(body), **read) for name, body in data.items()}
    articles = tables.get("articles.csv", pd.DataFrame(columns=["source", "title", "outlet", "published", "body"]))
    # states.csv is absent from builds older than the state reports: no states, the control is the build's
    return dataview.frames_from_tables(tables["places.csv"], tables["events.csv"], tables["control.csv"], articles, tables.get("states.csv"))


@st.cache_resource(show_spinner="Working out control from the kept sources…", max_entries=16)
def control(folder: str, stamp: tuple, sources: tuple[str, ...] | None) -> dataview.ControlView:
    """Control from the reports of the kept sources, once per (build, sources).

    A slider move with the same sources is a cache hit; None (every source) is the
    build's own control.csv and costs nothing.
    """
    return dataview.control_view(load(folder, stamp), sources)


@st.cache_resource(show_spinner=False)
def map_index_url(digest: str, _index: dict) -> str:
    """Publish the map's static index once per build as a static file; its URL."""
    target = assets.STATIC_DIR / "cache" / f"map-{digest}.json"
    if not target.exists():
        write_text_atomic(target, json.dumps(_index, separators=(",", ":"), ensure_ascii=False))
    return f"{assets.STATIC_URL}/cache/{target.name}"


@st.cache_data(show_spinner=False, max_entries=16)
def chart_spec(folder: str, stamp: tuple, filters: tuple) -> dict:
    """A Vega-Lite spec of events per month and type (built once per filter set)."""
    frames = load(folder, stamp)
    events = dataview.filter_events(frames.events, *filters)
    # the chart spans the slider's dates, so its bars stand under the days they count
    events = events.loc[events["event_date"] >= frames.first_day.to_period("M").to_timestamp()]
    domain = [frames.first_day.to_period("M").to_timestamp().strftime("%Y-%m-%d"), (frames.last_day + pd.Timedelta(days=1)).strftime("%Y-%m-%d")]
    if len(events):
        months = events["event_date"].dt.to_period("M").dt.to_timestamp()
        counts = events.assign(month=months.dt.strftime("%Y-%m-%d")).groupby(["month", "event_type"]).size().rename("events").reset_index()
    else:
        counts = pd.DataFrame(columns=["month", "event_type", "events"])
    colours = {"domain": list(mapview.EVENT_COLOURS), "range": list(mapview.EVENT_COLOURS.values())}
    return {
        "height": 170,
        "layer": [
            {
                "data": {"values": counts.to_dict("records")},
                "mark": {"type": "bar", "clip": True},
                "encoding": {
                    "x": {"field": "month", "type": "temporal", "title": None, "scale": {"domain": domain}},
                    "y": {"field": "events", "type": "quantitative", "title": "events per month"},
                    "color": {"field": "event_type", "type": "nominal", "title": "type", "scale": colours},
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
