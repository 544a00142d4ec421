"""Loading a data directory, cached once per build and shared by all sessions.

A folder with a store (``DATA/store.sqlite``, or ``$CONFLICT_MAP_DB``) that holds a
build is read from the store, one whole build in one statement; a folder without one
(a fresh clone: the store is not committed) is read from its CSV files.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from geo import assets, dataview, mapview
from geo import frames as frames_cache
from geo.csvio import write_text_atomic
from geo.store import DB_ENV, STORE_FILE, Store, store_url

PROJECT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """``-- --data DIR`` wins over ``CONFLICT_MAP_DATA``; default ``data/``."""
    argv = sys.argv[1:]
    if "--data" in argv and argv.index("--data") + 1 < len(argv):
        return Path(argv[argv.index("--data") + 1]).resolve()
    return Path(os.environ.get("CONFLICT_MAP_DATA", PROJECT / "data")).resolve()


@st.cache_resource(show_spinner=False, max_entries=8)
def _open_store(folder: str, url: str, identity: tuple) -> Store:
    """One engine per store (``identity``: the SQLite file's device and inode, so a file moved aside and made anew is opened anew)."""
    return Store.open(Path(folder), url)


def store(folder: Path) -> Store | None:
    """The folder's store, or None when it has none: a missing SQLite file is never created by reading.

    >>> import tempfile
    >>> store(Path(tempfile.mkdtemp())) is None
    True
    """
    url = store_url(folder)
    if os.environ.get(DB_ENV):
        return _open_store(str(folder), url, ())
    try:
        info = (Path(folder) / STORE_FILE).stat()
    except FileNotFoundError:
        return None
    return _open_store(str(folder), url, (info.st_dev, info.st_ino))


def stamp(folder: Path) -> tuple:
    """The cache key of what the folder shows (:func:`geo.frames.stamp`): its store's newest build, else the CSV files'."""
    return frames_cache.stamp(folder, store(folder))


def build_tables(folder: Path, stamp: tuple) -> dict[str, bytes]:
    """The tables of the build ``stamp`` names, as one set (:func:`geo.frames.build_tables`)."""
    return frames_cache.build_tables(folder, stamp, store(folder))


@st.cache_resource(show_spinner="Loading the map data…", max_entries=4)
def load(folder: str, stamp: tuple) -> dataview.Frames:
    """Read and index the data directory once per build (keyed on :func:`stamp`), from the frames
    ``python -m geo build`` (or an earlier process) kept on disk when there are (:mod:`geo.frames`).

    A resource, not ``st.cache_data``: the frames are read-only and shared by all
    sessions, and a copy per rerun (what cache_data returns) would cost more than
    the whole date query.
    """
    return frames_cache.load_frames(Path(folder), stamp, store(Path(folder)))


@st.cache_resource(show_spinner="Working out control from the kept sources…", max_entries=16)
def control(folder: str, stamp: tuple, sources: tuple[str, ...] | None) -> dataview.ControlView:
    """Control from the reports of the kept sources, once per (build, sources).

    A slider move with the same sources is a cache hit; None (every source) is the
    build's own control.csv and costs nothing.
    """
    return dataview.control_view(load(folder, stamp), sources)


@st.cache_resource(show_spinner=False)
def map_index_url(digest: str, _index: dict, _preview: bytes) -> str:
    """Publish the map's static index once per build as static files; the URL of its first part.

    The first part holds the towns (where, label, cell) and names the second (``preview``: the
    towns' control periods and the events' columns, which only a date drawn in the page needs, 3.3
    of 3.7 MB at 100,000 events): the map is drawn as soon as the first has come.
    """
    cache = assets.STATIC_DIR / "cache"
    towns, preview = cache / f"towns-{digest}.json", cache / f"preview-{digest}.json"
    if not preview.exists():  # the second part first: the first names it
        write_text_atomic(preview, _preview)
    if not towns.exists():
        first = {**_index, "preview": f"{assets.STATIC_URL}/cache/{preview.name}"}
        write_text_atomic(towns, json.dumps(first, separators=(",", ":"), ensure_ascii=False))
    return f"{assets.STATIC_URL}/cache/{towns.name}"


@st.cache_data(show_spinner=False, max_entries=16)
def chart_spec(folder: str, stamp: tuple, filters: tuple) -> dict:
    """A Vega-Lite spec of events per month and type (built once per filter set)."""
    frames = load(folder, stamp)
    events = dataview.filter_events(frames.events, *filters)
    domain = [frames.first_day.to_period("M").to_timestamp().strftime("%Y-%m-%d"), (frames.last_day + pd.Timedelta(days=1)).strftime("%Y-%m-%d")]
    # counted over two columns, not a copy of the events with a month of text each (at a million
    # events that took the server from 530 to 1,035 MB)
    months = events["event_date"].to_numpy(dtype="datetime64[M]")
    # the chart spans the slider's dates, so its bars stand under the days they count
    shown = months >= np.datetime64(frames.first_day.date(), "M")
    kinds = pd.Categorical(events["event_type"])  # the build's categories: codes, not a million strings
    counts = (
        pd.DataFrame({"month": months[shown], "event_type": kinds[shown]})
        .groupby(["month", "event_type"], observed=True)
        .size()
        .rename("events")
        .reset_index()
        .astype({"event_type": object})
        .sort_values(["month", "event_type"], kind="stable")
    )
    counts["month"] = counts["month"].dt.strftime("%Y-%m-%d")
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
