"""The dashboard's queries over a data folder: who held what on a day, the window, the exports."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from support import ROOT

from geo import dataview
from geo.mapview import CONTROLLERS, decode_state

READ = {"dtype": str, "keep_default_na": False}


@pytest.fixture(scope="module")
def frames():
    tables = [pd.read_csv(ROOT / "data" / f"{name}.csv", **READ) for name in ("places", "events", "control", "articles")]
    return dataview.frames_from_tables(*tables)


def town_codes(frames, state: dict) -> dict:
    """label -> (controller, contested) decoded from the compact per-date state."""
    out = {}
    for index, code in enumerate(state["codes"]):
        decoded = decode_state(code)
        if decoded is not None:
            who, contested, _ = decoded
            out[frames.map_index["places"][index][2]] = (CONTROLLERS[who], contested)
    return out


def test_the_compact_state_agrees_with_the_control_timeline(frames):
    for day in ("2017-09-21", "2017-09-22", "2017-10-27", "2017-11-26", "2018-09-11"):
        state, states, _ = dataview.map_state(frames, pd.Timestamp(day))
        expected = {frames.labels[row.place_id]: (row.controller, bool(row.contested)) for row in states.itertuples()}
        assert town_codes(frames, state) == expected


def test_probe_dates_on_the_map(frames):
    on = {day: town_codes(frames, dataview.map_state(frames, pd.Timestamp(day))[0]) for day in ("2017-09-21", "2017-09-25", "2017-10-27", "2017-11-26")}
    assert on["2017-09-21"]["Sharqat"] == ("Islamic State", False)
    assert on["2017-09-21"]["Hawija"] == ("Islamic State", True)
    assert on["2017-09-25"]["Sharqat"] == ("Iraqi government", False)
    assert on["2017-10-27"]["Al-Qaim"][1] and on["2017-10-27"]["Rawa"][1]
    assert on["2017-11-26"]["Rawa"] == ("Iraqi government", False)


def test_the_event_window_and_filters(frames):
    _, _, recent = dataview.map_state(frames, pd.Timestamp("2017-09-29"), window_days=7)
    assert len(recent) and recent["event_date"].between(pd.Timestamp("2017-09-22"), pd.Timestamp("2017-09-29")).all()
    _, _, strikes = dataview.map_state(frames, pd.Timestamp("2017-09-29"), event_types=("Explosions/Remote violence",), window_days=7)
    assert set(strikes["event_type"]) <= {"Explosions/Remote violence"} and len(strikes) < len(recent)


def test_payload_grows_with_places_not_events(frames):
    state, _, _ = dataview.map_state(frames, pd.Timestamp("2017-10-27"), window_days=40_000)
    assert len(state["codes"]) == frames.town_count
    assert len(state["events"]) <= len(frames.map_index["places"])
    assert sum(count for _, count, _, _ in state["events"]) <= len(frames.events)


def test_stepping_between_event_dates(frames):
    assert dataview.step(frames.event_days, pd.Timestamp("2017-09-25"), 1) == pd.Timestamp("2017-09-28")
    assert dataview.step(frames.event_days, pd.Timestamp("2017-09-25"), -1) == pd.Timestamp("2017-09-22")


def test_geojson_exports_are_valid_and_complete(frames):
    events = json.loads(dataview.events_geojson(frames.events))
    located = frames.events["latitude"].notna().sum()
    assert events["type"] == "FeatureCollection" and len(events["features"]) == located
    first = events["features"][0]
    assert first["geometry"]["type"] == "Point" and {"event_date", "quote", "source", "sub_event_type"} <= set(first["properties"])
    states = json.loads(dataview.states_geojson(dataview.states_on(frames, pd.Timestamp("2017-11-26")), pd.Timestamp("2017-11-26").date()))
    rawa = next(feature for feature in states["features"] if feature["properties"]["place"] == "Rawa")
    assert rawa["properties"]["controller"] == "Iraqi government" and rawa["properties"]["date"] == "2017-11-26"
