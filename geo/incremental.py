"""Corrections without a rebuild: re-apply them to the gathered build and redo only what they touch.

A build is gathered once (:func:`geo.pipeline.gather`: articles read, events and states
found) and kept as a :class:`Base`: the uncorrected events, the control worked out from
them, and each row's CSV text. Applying the corrections to a base changes a few events;
control is a matter of one place at a time (:func:`geo.control.control_periods`), so only
the places whose events changed are worked out again, and only the changed rows are
formatted. The tables are byte-identical to a whole build's (a test holds it), and a
correction costs a fraction of a second with thousands of articles (``bench/run.py``).

>>> from geo.pipeline import BuildResult
>>> base = make_base(BuildResult((), (), (), ()))
>>> result, tables = recorrect(base)
>>> tables["events.csv"].decode().startswith("event_id,")
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from .control import control_periods
from .csvio import (
    ARTICLE_COLUMNS,
    CONTROL_COLUMNS,
    EVENT_COLUMNS,
    STATE_COLUMNS,
    article_row,
    control_row,
    csv_lines,
    csv_text,
    event_row,
    header_line,
    state_row,
    table_rows,
)
from .records import EVENT_ORDER, BuildResult, ControlPeriod, Event


@dataclass(frozen=True)
class Base:
    """A gathered build (no corrections) and what re-applying corrections reuses from it.

    ``result.articles`` keep their metadata but not their text (``articles_csv`` has it).
    """

    result: BuildResult
    control: dict[str, tuple[ControlPeriod, ...]]  # place id -> its periods from the uncorrected events
    event_lines: dict[str, str]  # event id -> its events.csv row, uncorrected
    control_lines: dict[str, tuple[str, ...]]  # place id -> its control.csv rows, uncorrected
    states_csv: bytes  # corrections never change states
    articles_csv: bytes


def make_base(gathered: BuildResult) -> Base:
    """Work out control from the uncorrected events and format every row once."""
    periods = control_periods(gathered.events, gathered.states)
    by_place: dict[str, list[ControlPeriod]] = defaultdict(list)
    for period in periods:
        by_place[period.place_id].append(period)
    event_lines = dict(zip((event.event_id for event in gathered.events), csv_lines(EVENT_COLUMNS, [event_row(event) for event in gathered.events])))
    lines = iter(csv_lines(CONTROL_COLUMNS, [control_row(period) for period in periods]))
    control_lines = {place_id: tuple(next(lines) for _ in places) for place_id, places in by_place.items()}
    slim = tuple(replace(article, body="", sentences=()) for article in gathered.articles)
    return Base(
        result=replace(gathered, articles=slim, control=()),
        control={place_id: tuple(places) for place_id, places in by_place.items()},
        event_lines=event_lines,
        control_lines=control_lines,
        states_csv=csv_text(STATE_COLUMNS, [state_row(state) for state in gathered.states]).encode("utf-8"),
        articles_csv=csv_text(ARTICLE_COLUMNS, [article_row(article) for article in gathered.articles]).encode("utf-8"),
    )


def recorrect(base: Base, overrides=None) -> tuple[BuildResult, dict[str, bytes]]:
    """The corrected build and its tables (the bytes :func:`geo.csvio.build_tables` would give)."""
    gathered = base.result
    events, places, notes, orphaned = list(gathered.events), list(gathered.places), list(gathered.notes), ()
    if overrides is not None:
        events, places, applied_notes, orphaned = overrides.apply(events, places)
        notes.extend(applied_notes)
    before = {event.event_id: event for event in gathered.events}
    touched: set[str] = set()
    kept: set[str] = set()
    for event in events:
        kept.add(event.event_id)
        old = before.get(event.event_id)
        if old is not event:  # a corrected event (apply returns the others as they were)
            touched.add(event.place_id)
            if old is not None:
                touched.add(old.place_id)
    touched.update(event.place_id for event in gathered.events if event.event_id not in kept)  # removed ("not an event")
    events.sort(key=EVENT_ORDER)
    redone: dict[str, list[ControlPeriod]] = defaultdict(list)
    for period in control_periods([event for event in events if event.place_id in touched], [state for state in gathered.states if state.place_id in touched]):
        redone[period.place_id].append(period)
    periods: list[ControlPeriod] = []
    control_text: list[str] = [header_line(CONTROL_COLUMNS)]
    for place_id in sorted(set(base.control) - touched | set(redone)):
        if place_id in touched:
            periods.extend(redone[place_id])
            control_text.extend(csv_lines(CONTROL_COLUMNS, [control_row(period) for period in redone[place_id]]))
        else:
            periods.extend(base.control[place_id])
            control_text.extend(base.control_lines[place_id])
    event_text = [header_line(EVENT_COLUMNS)]
    for event in events:
        event_text.append(base.event_lines[event.event_id] if before.get(event.event_id) is event else _line(event))
    result = replace(gathered, places=tuple(places), events=tuple(events), control=tuple(periods), notes=tuple(notes), orphaned=orphaned)
    fresh = table_rows(replace(result, events=(), control=(), states=(), articles=()))
    tables = {
        "places.csv": csv_text(*fresh["places.csv"]).encode("utf-8"),
        "events.csv": "".join(event_text).encode("utf-8"),
        "control.csv": "".join(control_text).encode("utf-8"),
        "states.csv": base.states_csv,
        "articles.csv": base.articles_csv,
        "orphaned.csv": csv_text(*fresh["orphaned.csv"]).encode("utf-8"),
    }
    return result, tables


def _line(event: Event) -> str:
    return csv_lines(EVENT_COLUMNS, [event_row(event)])[0]
