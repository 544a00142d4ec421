"""The dashboard's derived frames are kept on disk per build (geo/frames.py): a new process reads them instead of indexing every event again."""

from __future__ import annotations

import pickle

import pandas as pd
from support import ROOT

from geo import dataview
from geo import frames as frames_cache
from geo.store import seal_to


def _frames():
    read = {"dtype": str, "keep_default_na": False}
    tables = {name: pd.read_csv(ROOT / "data" / f"{name}.csv", **read) for name in ("places", "events", "control", "articles", "states")}
    return dataview.frames_from_tables(tables["places"], tables["events"], tables["control"], tables["articles"], tables["states"])


def test_kept_frames_come_back_for_the_same_build_only(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    frames = _frames()
    path = frames_cache.frames_path(ROOT / "data", ("csv", ("events.csv", 1)))
    assert frames_cache.cached_frames(path) is None
    frames_cache.keep_frames(path, frames)
    again = frames_cache.cached_frames(path)
    assert again is not None and again.events.equals(frames.events) and again.map_digest == frames.map_digest
    assert frames_cache.frames_path(ROOT / "data", ("csv", ("events.csv", 2))) != path  # another build, another file


def test_a_forged_or_foreign_frames_file_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    path = frames_cache.frames_path(ROOT / "data", ("csv", ("events.csv", 1)))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"0" * 64 + pickle.dumps({"not": "frames"}))  # a pickle without this user's signature
    assert frames_cache.cached_frames(path) is None
    seal_to(path, {"not": "frames"})  # signed, but not frames
    assert frames_cache.cached_frames(path) is None


def test_a_build_keeps_the_frames_its_dashboard_then_reads(tmp_path, monkeypatch):
    from geo.cli import main

    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "data"
    assert main(["build", "--out", str(out), "--articles", str(ROOT / "seeds")]) == 0
    folder = out.resolve()
    from geo.store import Store, store_url

    held = Store.open(folder, store_url(folder))
    try:
        path = frames_cache.frames_path(folder, frames_cache.stamp(folder, held))
    finally:
        held.close()
    kept = frames_cache.cached_frames(path)
    assert kept is not None  # the dashboard's first start finds them: no second half-minute at a million events
    assert set(kept.control["place"]) >= {"Hawija", "Sharqat"}


def test_the_map_index_is_published_in_two_parts_and_the_first_names_the_second(tmp_path, monkeypatch):
    """The map waits for the towns only; the periods and events a step drawn in the page needs come after."""
    import json

    from geo import assets
    from ui import data as ui_data

    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    frames = _frames()
    url = ui_data.map_index_url.__wrapped__(frames.map_digest, frames.map_index, frames.map_preview)
    first = json.loads((tmp_path / "cache" / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert {"places", "cells", "towns"} <= set(first) and not {"periods", "events"} & set(first)
    assert len(first["places"]) == len(frames.map_index["places"]) > 0
    second = json.loads((tmp_path / "cache" / first["preview"].rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert second["periods"] == dataview.preview_periods(frames.control)
    assert len(second["events"]["day"]) == len(second["events"]["at"]) > 0
