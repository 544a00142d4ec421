"""The dashboard's queries over a data folder: who held what on a day, the window, the exports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from doubtful import TOWN, write_folder

from geo import dataview
from geo.cli import read_control
from geo.control import holders_on
from geo.mapview import CONTROLLERS, UNKNOWN_AFTER, decode_state

READ = {"dtype": str, "keep_default_na": False}
TABLES = ("places", "events", "control", "articles", "states")


def load(folder: Path) -> dataview.Frames:
    return dataview.frames_from_tables(*[pd.read_csv(folder / f"{name}.csv", **READ) for name in TABLES])


@pytest.fixture(scope="module")
def frames(seed_folder):
    return load(seed_folder)


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


def test_the_map_agrees_with_the_control_index(frames, seed_folder):
    periods = read_control(seed_folder)
    for day in ("2017-09-21", "2017-10-27", "2017-11-26", "2018-06-01", "2018-09-11"):
        expected = {state.period.place_id: (state.period.controller, state.controller_since) for state in holders_on(periods, pd.Timestamp(day).date())}
        _, states, _ = dataview.map_state(frames, pd.Timestamp(day))
        assert {row.place_id: (row.controller, row.controller_since.date()) for row in states.itertuples()} == expected


def test_control_from_every_source_is_the_builds(frames):
    view = dataview.control_view(frames, tuple(frames.options["sources"]))
    columns = ["place_id", "controller", "contested", "disputed", "start", "end", "changed_from", "event_ids", "last_report"]
    assert view.control[columns].astype(str).reset_index(drop=True).equals(frames.control[columns].astype(str).reset_index(drop=True))


def _only_source_towns(frames) -> dict:
    """place_id -> its one source, for towns with control whose reports all come from one source."""
    reports = pd.concat([frames.events[["place_id", "source"]], frames.states[["place_id", "source"]]])
    sources = reports.groupby("place_id")["source"].agg(lambda values: sorted(set(values)))
    return {place_id: found[0] for place_id, found in sources.items() if len(found) == 1 and place_id in set(frames.control["place_id"])}


def test_excluding_a_towns_only_source_makes_it_unknown(frames):
    single = _only_source_towns(frames)
    assert single, "the seeds should have a town reported by one article only"
    # the town and day with the most other towns known then
    candidates = [(place_id, source, day) for place_id, source in single.items() for day in frames.control.loc[frames.control["place_id"] == place_id, "start"]]
    place_id, source, day = max(candidates, key=lambda item: len(dataview.states_on(frames, item[2])))
    kept = tuple(name for name in frames.options["sources"] if name != source)
    view = dataview.control_view(frames, kept)
    state, states, _ = dataview.map_state(frames, day, view=view)
    _, all_states, _ = dataview.map_state(frames, day)
    assert place_id in set(all_states["place_id"]) and place_id not in set(states["place_id"])
    assert decode_state(state["codes"][frames.positions[place_id]]) is None
    # a town another kept source reports keeps its holder
    others = set(all_states["place_id"]) - {town for town, only in single.items() if only == source}
    assert others and others & set(states["place_id"])
    assert dataview.history(frames, place_id, view).empty and not dataview.history(frames, place_id).empty


def test_a_stale_town_is_drawn_as_unknown_after_its_last_period(frames):
    ended = frames.control.loc[frames.control["end"].notna()]
    last = ended.sort_values("end").groupby("place_id").tail(1)
    row = next(row for row in last.itertuples() if not ((frames.control["place_id"] == row.place_id) & (frames.control["start"] > row.end)).any())
    after = row.end + pd.Timedelta(days=1)
    state, states, _ = dataview.map_state(frames, after)
    position = frames.positions[row.place_id]
    assert row.place_id not in set(states["place_id"])
    assert state["codes"][position] == UNKNOWN_AFTER and state["since"][position] == dataview.day_number(after)
    before, _, _ = dataview.map_state(frames, row.end)
    assert decode_state(before["codes"][position]) is not None


def test_a_vague_change_says_taken_between(frames):
    vague = frames.control.loc[frames.control["changed_from"].notna() & (frames.control["start"] == frames.control["controller_since"])]
    row = vague.iloc[0]
    state, states, _ = dataview.map_state(frames, row.start)
    position = frames.positions[row.place_id]
    assert state["from"][position] == dataview.day_number(row.changed_from) and state["since"][position] == dataview.day_number(row.start)
    text = dataview.held_text(states.loc[states["place_id"] == row.place_id].iloc[0])
    assert text == f"taken between {row.changed_from:%-d %b %Y} and {row.start:%-d %b %Y}"


def test_disputed_towns_are_marked_with_their_conflicting_reports(tmp_path):
    frames = load(write_folder(tmp_path))
    day = pd.Timestamp("2017-10-11")
    state, states, _ = dataview.map_state(frames, day)
    position = frames.positions[TOWN[0]]
    assert state["disputed"] == [position]
    period = states.loc[states["place_id"] == TOWN[0]].iloc[0]
    reports = dataview.period_reports(frames, period)
    assert dict(zip(reports["report"], reports["says"])) == {"e-taken": "Iraqi government", "s-held": "Islamic State"}
    assert set(reports["rule"]) == {"take/active", "state/hold-verb"}
    exported = json.loads(dataview.states_geojson(states, day.date()))
    assert {feature["properties"]["place_id"]: feature["properties"]["disputed"] for feature in exported["features"]}[TOWN[0]] is True


def test_claimed_events_say_so_in_the_table(tmp_path):
    frames = load(write_folder(tmp_path))
    table = dataview.table_rows(frames, frames.events, 10)
    assert table.loc[table["quote"].str.contains("claimed they had seized"), "type"].tolist() == ["Armed clash (claimed)"]
    assert set(table["rule"]) == {"take/active", "take/claimed"}


def test_an_old_build_without_states_still_loads(seed_folder):
    tables = [pd.read_csv(seed_folder / f"{name}.csv", **READ) for name in TABLES[:4]]
    tables[2] = tables[2].drop(columns=["disputed", "changed_from"])
    frames = dataview.frames_from_tables(*tables)
    assert frames.states.empty and not frames.control["disputed"].any() and frames.control["since_from"].isna().all()
    state, _, _ = dataview.map_state(frames, pd.Timestamp("2017-11-26"))
    assert state["disputed"] == [] and len(state["codes"]) == frames.town_count


def test_a_holder_carried_back_from_a_later_report_shows_no_invented_start(frames):
    """Before its first report a town can show the side that report names; the map then says
    which report it rests on, not a "since" date nobody reported."""
    carried = frames.view.control.loc[frames.view.control["carried_back"]]
    assert len(carried), "the seeds name towns assaulted or lost with their holder"
    row = carried.iloc[0]
    day = row["start"] + pd.Timedelta(days=1)
    state, states, _ = dataview.map_state(frames, day)
    (held,) = [r for r in states.itertuples(index=False) if r.place_id == row["place_id"]]
    text = dataview.held_text(pd.Series(held._asdict()))
    assert text.startswith(f"as the report of {row['last_report']:%-d %b %Y} implies")
    assert "since" not in text
    position = next(i for i, place in enumerate(frames.map_index["places"]) if place[2] == frames.labels[row["place_id"]])
    assert state["reported"][position] == dataview.day_number(row["last_report"])


def test_a_background_year_does_not_stretch_the_timeline(frames):
    """The seeds tell a town's holder "since 2014" and a month-wide July 2017: the slider starts at the
    first event dated to the week or better, not years before it."""
    precise = frames.events.loc[(frames.events["date_end"] - frames.events["event_date"]) <= pd.Timedelta(days=7), "event_date"]
    assert frames.first_day == precise.min().normalize()
    assert frames.control["start"].min() < frames.first_day  # earlier periods stay in the history, off the slider
    assert frames.last_day >= frames.events["date_end"].max()


def test_event_stepping_stops_where_something_is_seen_not_at_a_vague_windows_start():
    events = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "event_date": ["2017-10-26", "2017-11-01"],
            "date_end": ["2017-10-26", "2017-11-30"],  # "in November": nothing to see on 1 November
            "place_id": ["p", "p"],
            "place": ["Rawa", "Rawa"],
            "latitude": ["34.48", "34.48"],
            "longitude": ["41.92", "41.92"],
            "event_type": ["Battles", "Battles"],
            "quote": ["x", "y"],
        }
    )
    frames = dataview.frames_from_tables(pd.DataFrame(), events, pd.DataFrame(), pd.DataFrame())
    assert [str(day) for day in frames.event_days] == ["2017-10-26"]
    assert dataview.step(frames.event_days, pd.Timestamp("2017-10-26"), 1) is None


def test_each_towns_state_counts_its_independent_sources(frames):
    """A wire story through several hosts is one origin: the count is of agencies and outlets, not files."""
    state, states, _ = dataview.map_state(frames, pd.Timestamp("2017-09-21"))
    assert len(state["sources"]) == frames.town_count
    for row in states.itertuples(index=False):
        origins = {frames.origins[report] for report in row.event_ids.split(";") if report in frames.origins}
        assert state["sources"][frames.positions[row.place_id]] == len(origins)
    assert set(frames.origins.values()) <= {"AFP", "BBC"}  # the seeds: AFP through four hosts, and the BBC
