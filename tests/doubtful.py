"""A tiny data folder written by hand: two reports that disagree on one day, and a claimed capture.

The sentences are our own. The control is made by :func:`geo.control.control_periods`,
as a build makes it, so the folder is what a build would write for these reports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from geo.control import control_periods
from geo.csvio import ARTICLE_COLUMNS, CONTROL_COLUMNS, EVENT_COLUMNS, PLACE_COLUMNS, STATE_COLUMNS, control_row, event_row, state_row, write_csv_atomic
from geo.records import Event, StateReport

TOWN = ("test:tal-nasr", "Tal Nasr", 35.1, 43.2)
OTHER = ("test:umm-sidr", "Umm Sidr", 34.9, 42.6)
DAY = date(2017, 10, 10)
TAKEN = "Government forces said on Tuesday they had taken the town of Tal Nasr."
HELD = "Militants still hold Tal Nasr, a resident reached by telephone said."
CLAIMED = "The militants claimed they had seized Umm Sidr, a claim that could not be verified."


def _event(event_id, place, day, after, source, quote, rule, modality="asserted") -> Event:
    place_id, name, latitude, longitude = place
    return Event(
        event_id, day, day, "day", name, place_id, latitude, longitude, "IQ", 1, "Battles", "Armed clash", "Iraqi government", "Islamic State",
        "", after, False, source, day, quote, "article", None, "", "", rule, modality,
    )  # fmt: skip


def write_folder(folder: Path) -> Path:
    """Write places, events, states, control and articles for the two towns into ``folder``."""
    events = [
        _event("e-taken", TOWN, DAY, "Iraqi government", "a.txt", TAKEN, "take/active"),
        _event("e-claimed", OTHER, date(2017, 10, 12), "Islamic State", "b.txt", CLAIMED, "take/claimed", "claimed"),
    ]
    place_id, name, latitude, longitude = TOWN
    states = [StateReport("s-held", name, place_id, latitude, longitude, "IQ", "Islamic State", DAY, None, "b.txt", DAY, HELD, "state/hold-verb")]
    periods = control_periods(events, states)
    places = [
        {"place": place[1], "place_id": place[0], "latitude": place[2], "longitude": place[3], "country_code": "IQ", "kind": "settlement", "source": "test"}
        for place in (TOWN, OTHER)
    ]
    write_csv_atomic(folder / "places.csv", PLACE_COLUMNS, places)
    write_csv_atomic(folder / "events.csv", EVENT_COLUMNS, [event_row(event) for event in events])
    write_csv_atomic(folder / "states.csv", STATE_COLUMNS, [state_row(state) for state in states])
    write_csv_atomic(folder / "control.csv", CONTROL_COLUMNS, [control_row(period) for period in periods])
    write_csv_atomic(folder / "articles.csv", ARTICLE_COLUMNS, [])
    return folder
