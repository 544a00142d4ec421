"""Loading a data directory, cached once per build and shared by all sessions.

A folder with a store (``DATA/store.sqlite``, or ``$CONFLICT_MAP_DB``) that holds a
build is read from the store, one whole build in one statement; a folder without one
(a fresh clone: the store is not committed) is read from its CSV files.
"""

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
from geo.errors import DataDirError
from geo.ingest import code_digest
from geo.store import DB_ENV, STORE_FILE, Store, seal_to, sha256_hex, store_url, unseal_from

PROJECT = Path(__file__).resolve().parent.parent
TABLES = ("places.csv", "events.csv", "control.csv", "articles.csv", "states.csv")  # the first three are required


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


def _exported_tables(folder: Path) -> dict | None:
    """The table hashes ``build.json`` records for the CSV files (None: no manifest, or not one)."""
    try:
        recorded = json.loads((folder / "build.json").read_text(encoding="utf-8")).get("tables")
    except (OSError, ValueError, AttributeError):
        return None
    return recorded if isinstance(recorded, dict) else None


def stamp(folder: Path) -> tuple:
    """The cache key of what the folder shows: its store's newest build, else the CSV tables' modification times.

    A new build gives a new key; the time is kept beside the id because a store made anew
    (the old one moved aside) numbers its builds from 1 again. Costs a stat, a small file and one indexed query.
    """
    held = store(folder)
    newest = held.newest_build() if held is not None else None
    exported = _exported_tables(folder)
    # CSV files newer than the store's build (pulled from git, or a build stopped after its export and
    # before its transaction) are what the folder holds now: read them, as a folder without a store.
    if newest is not None and (exported is None or exported == newest[2].get("tables")):
        return ("store", held.where, newest[0], newest[1])
    return ("csv", *((name, (folder / name).stat().st_mtime_ns) for name in TABLES if (folder / name).exists()))


def build_tables(folder: Path, stamp: tuple) -> dict[str, bytes]:
    """The tables of the build ``stamp`` names, as one set: from the store, or read from the CSV files."""
    if stamp[:1] == ("store",):
        held = store(folder)
        build = held.current_build(TABLES) if held is not None else None
        if build is not None:
            missing = [name for name in TABLES[:3] if name not in build.tables]
            if missing:
                raise DataDirError(f"{held.where}: build {build.build_id} has no {', '.join(missing)}; rebuild with `python -m geo build --out {folder}`")
            return build.tables
        # the store went away between the stamp and this read: the CSV files are what is left
    missing = [name for name in TABLES[:3] if not (folder / name).exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: missing {', '.join(missing)}; run `python -m geo build --out {folder}`")
    # one set: read under the build's lock and checked against the manifest (a stopped build is said so)
    return read_build_bytes(folder, TABLES)


@st.cache_resource(show_spinner="Loading the map data…", max_entries=4)
def load(folder: str, stamp: tuple) -> dataview.Frames:
    """Read and index the data directory once per build (keyed on :func:`stamp`).

    A resource, not ``st.cache_data``: the frames are read-only and shared by all
    sessions, and a copy per rerun (what cache_data returns) would cost more than
    the whole date query.
    """
    cached = _frames_path(Path(folder), stamp)
    frames = _cached_frames(cached)
    if frames is not None:
        return frames
    read = {"dtype": str, "keep_default_na": False}
    data = build_tables(Path(folder), stamp)
    tables = {name: pd.read_csv(io.BytesIO(body), **read) for name, body in data.items()}
    articles = tables.get("articles.csv", pd.DataFrame(columns=["source", "title", "outlet", "published", "body"]))
    # states.csv is absent from builds older than the state reports: no states, the control is the build's
    frames = dataview.frames_from_tables(tables["places.csv"], tables["events.csv"], tables["control.csv"], articles, tables.get("states.csv"))
    _keep_frames(cached, frames)
    return frames


FRAMES_KEPT = 4  # derived frames of this many builds stay on disk (about 100 MB each at 100,000 events)


def _frames_path(folder: Path, stamp: tuple) -> Path:
    """Where the frames of one build are kept: the cache folder, keyed by the folder, the build and the code."""
    from geo.geonames import cache_dir

    key = sha256_hex(repr((str(folder), stamp, code_digest(), pd.__version__, sys.version_info[:2])))
    return cache_dir().parent / "frames" / f"frames-{key[:32]}.pickle"


def _cached_frames(path: Path) -> dataview.Frames | None:
    """The frames a process worked out before for this build (a new process starts in a fraction of a
    second instead of indexing every event again); None when absent, of other code, or not signed by this user."""
    frames = unseal_from(path)
    return frames if isinstance(frames, dataview.Frames) else None


def _keep_frames(path: Path, frames: dataview.Frames) -> None:
    """Keep the frames for the next process (signed); a cache that cannot be written is skipped."""
    try:
        seal_to(path, frames)
        kept = sorted(path.parent.glob("frames-*.pickle"), key=lambda other: other.stat().st_mtime, reverse=True)
        for old in kept[FRAMES_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


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
