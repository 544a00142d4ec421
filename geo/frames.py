"""The dashboard's derived frames of a build, worked out once per build and kept on disk.

A build's tables become :class:`geo.dataview.Frames` (typed, sorted, indexed): at a million
events that takes half a minute. ``python -m geo build`` does it right after the build
(:func:`prepare`), so the dashboard's first process reads them in a few seconds; any later
process does the same. The frames are keyed by the folder, the build (:func:`stamp`), the
code and the Python and pandas versions, signed with the user's key
(:func:`geo.store.seal_to`), and kept in the user's cache folder, never in the data folder.

>>> import tempfile
>>> stamp(Path(tempfile.mkdtemp()), None)  # a folder with no tables yet
('csv',)
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pandas as pd

from . import dataview
from .csvio import read_build_bytes
from .errors import DataDirError
from .ingest import code_digest
from .store import DB_ENV, STORE_FILE, Store, seal_to, sha256_hex, store_url, unseal_from

TABLES = ("places.csv", "events.csv", "control.csv", "articles.csv", "states.csv")  # the first three are required
FRAMES_KEPT = 4  # derived frames of this many builds stay on disk (about 100 MB each at 100,000 events)


def _exported_tables(folder: Path) -> dict | None:
    """The table hashes ``build.json`` records for the CSV files (None: no manifest, or not one)."""
    try:
        recorded = json.loads((folder / "build.json").read_text(encoding="utf-8")).get("tables")
    except (OSError, ValueError, AttributeError):
        return None
    return recorded if isinstance(recorded, dict) else None


def stamp(folder: Path, held: Store | None) -> tuple:
    """The cache key of what the folder shows: its store's (``held``) newest build, else the CSV tables'
    modification times.

    A new build gives a new key; the time is kept beside the id because a store made anew
    (the old one moved aside) numbers its builds from 1 again. Costs a stat, a small file and one indexed query.
    """
    newest = held.newest_build() if held is not None else None
    exported = _exported_tables(folder)
    # CSV files newer than the store's build (pulled from git, or a build stopped after its export and
    # before its transaction) are what the folder holds now: read them, as a folder without a store.
    if newest is not None and (exported is None or exported == newest[2].get("tables")):
        return ("store", held.where, newest[0], newest[1])
    return ("csv", *((name, (folder / name).stat().st_mtime_ns) for name in TABLES if (folder / name).exists()))


def build_tables(folder: Path, stamp: tuple, held: Store | None) -> dict[str, bytes]:
    """The tables of the build ``stamp`` names, as one set: from the store (``held``), or read from the CSV files."""
    if stamp[:1] == ("store",):
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


def frames_path(folder: Path, stamp: tuple) -> Path:
    """Where the frames of one build are kept: the cache folder, keyed by the folder, the build and the code."""
    from .geonames import cache_dir

    key = sha256_hex(repr((str(folder), stamp, code_digest(), pd.__version__, sys.version_info[:2])))
    return cache_dir().parent / "frames" / f"frames-{key[:32]}.pickle"


def cached_frames(path: Path) -> dataview.Frames | None:
    """The frames worked out before for this build; None when absent, of other code, or not signed by this user."""
    frames = unseal_from(path)
    return frames if isinstance(frames, dataview.Frames) else None


def keep_frames(path: Path, frames: dataview.Frames) -> None:
    """Keep the frames for the next process (signed); a cache that cannot be written is skipped."""
    try:
        seal_to(path, frames)
        kept = sorted(path.parent.glob("frames-*.pickle"), key=lambda other: other.stat().st_mtime, reverse=True)
        for old in kept[FRAMES_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def load_frames(folder: Path, stamp: tuple, held: Store | None) -> dataview.Frames:
    """The build's frames: kept ones when there are, else worked out from its tables and kept."""
    cached = frames_path(folder, stamp)
    frames = cached_frames(cached)
    if frames is not None:
        return frames
    read = {"dtype": str, "keep_default_na": False}
    tables = {name: pd.read_csv(io.BytesIO(body), **read) for name, body in build_tables(folder, stamp, held).items()}
    articles = tables.get("articles.csv", pd.DataFrame(columns=["source", "title", "outlet", "published", "body"]))
    # states.csv is absent from builds older than the state reports: no states, the control is the build's
    frames = dataview.frames_from_tables(tables["places.csv"], tables["events.csv"], tables["control.csv"], articles, tables.get("states.csv"))
    keep_frames(cached, frames)
    return frames


def prepare(folder: Path) -> Path:
    """After a build: work out and keep the dashboard's frames of the folder's newest build; the file they are in."""
    folder = Path(folder).resolve()
    held = Store.open(folder, store_url(folder)) if os.environ.get(DB_ENV) or (folder / STORE_FILE).exists() else None
    try:
        shown = stamp(folder, held)
        load_frames(folder, shown, held)
        return frames_path(folder, shown)
    finally:
        if held is not None:
            held.close()
