"""What the dashboard asks of a data directory, as pure functions over DataFrames.

Loading (``frames_from_tables``) is done once and cached by the dashboard;
everything a slider move needs is a vectorised lookup: control periods are
precomputed (by the build, or by :func:`control_view` for the sources the user
keeps, once per source set), so "who held what on day D" is a mask over the
periods, and events are sorted by date, so a time window is two binary searches.

>>> import pandas as pd
>>> periods = pd.DataFrame({"place_id": ["p"], "place": ["Rawa"], "latitude": [34.5], "longitude": [41.9],
...     "country_code": ["IQ"], "controller": ["Iraqi government"], "contested": [False],
...     "start": ["2017-11-24"], "end": [""], "event_ids": ["e1"], "last_report": ["2017-11-24"]})
>>> frames = frames_from_tables(pd.DataFrame(), pd.DataFrame(), periods, pd.DataFrame())
>>> list(states_on(frames, pd.Timestamp("2017-11-26"))["controller"])
['Iraqi government']
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from .control import control_periods
from .csvio import CONTROL_COLUMNS, EVENT_COLUMNS, STATE_COLUMNS, control_row  # the files' columns, as the build writes them
from .mapview import EVENT_TYPES, UNKNOWN_AFTER, controller_index
from .records import CONTROLLERS, TAXONOMY, ControlPeriod, Event, StateReport
from .territory import town_cells


@dataclass(frozen=True)
class ControlView:
    """Control periods as the map queries them: the build's, or those of the sources the user keeps.

    ``control`` has the periods (typed, sorted by place and start) with ``idx`` (the
    town's position on the map, -1 if not on it), ``cidx`` (controller number),
    ``controller_since`` (when the holder's run began) and ``since_from`` (that run
    began with a vague change: taken between ``since_from`` and ``controller_since``).
    """

    control: pd.DataFrame
    arrays: dict  # numpy columns of ``control`` for the per-date mask (days since 1970)
    sources: tuple[str, ...] | None  # the kept sources (None: all, the build's control.csv)


@dataclass(frozen=True)
class Frames:
    """The tables of a data directory, ready for queries."""

    places: pd.DataFrame
    events: pd.DataFrame
    control: pd.DataFrame
    articles: pd.DataFrame
    labels: dict  # place_id -> unique label
    ids_by_label: dict  # label -> place_id
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    event_days: np.ndarray  # sorted unique event dates (numpy datetime64[D])
    change_days: np.ndarray  # sorted unique control-change dates
    map_index: dict  # the map's static index: places ([lat, lon, label, radius]) and town cells
    map_digest: str  # content hash of map_index and map_preview (their cache files' name)
    town_count: int  # the first town_count places of the index are towns with control periods
    options: dict  # what the filters offer: factions, event_types, countries, sources
    arrays: dict  # numpy columns for the per-date queries (days since 1970, indexes, codes)
    outlets: dict  # source -> outlet name, for the events table (:func:`table_rows`)
    states: pd.DataFrame = None  # states.csv: reports that a side holds a place, oldest first
    view: ControlView = None  # the build's control, as the map queries it
    positions: dict = None  # place_id -> position in map_index["places"]
    map_preview: bytes = b""  # JSON: the towns' control periods and the events' columns (preview_periods, preview_events)

    @cached_property
    def source_labels(self) -> dict[str, str]:
        """Source file -> how a reader knows it: its outlet(s) (see :func:`outlet_names`), else its title, with the file after it."""
        return {source: f"{head} · {source}" if head else source for source, head in self.outlet_names.items()}

    @cached_property
    def outlet_names(self) -> dict[str, str]:
        """Source file -> its outlet and those that carried the same story ("Reuters, also carried by Al Arabiya")."""
        return outlet_names(self.articles)

    @cached_property
    def origins(self) -> dict[str, str]:
        """Report id (event or state) -> the origin that reported it (see :func:`report_origins`)."""
        return report_origins(self.events, self.states, self.articles)

    @cached_property
    def claimed(self) -> frozenset[str]:
        """The ids of the events reported as claims only (modality "claimed": "if confirmed", a denial)."""
        return claimed_reports(self.events)

    @cached_property
    def records(self) -> tuple[tuple[Event, ...], tuple[StateReport, ...]]:
        """The events and states as records, for :func:`geo.control.control_periods` (built on first use).

        In the build's order (date, source, id), so the periods list their reports as control.csv does.
        """
        events = sorted(_event_records(self.events), key=lambda event: (event.event_date, event.source, event.event_id))
        states = sorted(_state_records(self.states), key=lambda state: (state.day, state.source, state.state_id))
        return tuple(events), tuple(states)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), errors="coerce")


_EVENT_TEXT = (
    "actor1",
    "actor2",
    "controller_before",
    "controller_after",
    "quote",
    "notes",
    "source",
    "origin",
    "place",
    "place_id",
    "event_type",
    "sub_event_type",
    "country_code",
    "date_precision",
    "corrected",
    "published",
    "rule",
    "modality",
)


def frames_from_tables(
    places: pd.DataFrame, events: pd.DataFrame, control: pd.DataFrame, articles: pd.DataFrame, states: pd.DataFrame | None = None
) -> Frames:
    """Type the raw CSV tables, sort them and index them once (``states``: states.csv, optional)."""
    events = events.copy()
    for column in EVENT_COLUMNS:
        if column not in events.columns:
            events[column] = ""
    events["event_date"] = _dates(events["event_date"])
    events["date_end"] = _dates(events["date_end"]).fillna(events["event_date"])
    events["contested"] = events["contested"].astype(str).str.lower().eq("true")
    events["fatalities"] = pd.to_numeric(events["fatalities"], errors="coerce")
    for column in ("latitude", "longitude"):
        events[column] = pd.to_numeric(events[column], errors="coerce")
    events["location_precision"] = pd.to_numeric(events["location_precision"], errors="coerce").fillna(1).astype(int)
    for column in _EVENT_TEXT:
        events[column] = events[column].fillna("").astype(str)
    events["modality"] = events["modality"].where(events["modality"] != "", "asserted")
    events = events.dropna(subset=["event_date"]).sort_values(["event_date", "event_id"], kind="stable").reset_index(drop=True)
    states = _type_states(states)

    control = _type_control(control)
    places = places.copy()
    for column in ("latitude", "longitude"):
        if column in places.columns:
            places[column] = pd.to_numeric(places[column], errors="coerce")
    labels = _unique_labels(places, control, events, states)
    ids_by_label = {label: place_id for place_id, label in labels.items()}
    precise = _precise_days(events)
    first, last = _timeline(events, control, precise)
    # "Event ▶" stops where something is seen: a dated event, or a change on the map (the first day
    # of a month-wide window, where nothing happens yet, is not one)
    stops = [precise.to_numpy(dtype="datetime64[D]")] + ([control["start"].to_numpy(dtype="datetime64[D]")] if len(control) else [])
    event_days = np.unique(np.concatenate(stops)) if len(events) or len(control) else np.array([], dtype="datetime64[D]")
    change_days = np.unique(control["start"].to_numpy(dtype="datetime64[D]")) if len(control) else np.array([], dtype="datetime64[D]")
    map_index, town_count, positions = _map_index(events, control, labels)
    control = _index_control(control, positions)
    map_index["towns"] = town_count  # the first places are the towns (with control periods and labels)
    event_arrays = _event_arrays(events)
    # What only a step drawn in the page needs, kept as the JSON the browser reads: as Python lists a
    # million events' columns and 432,000 periods held 90 MB for the life of the server.
    map_preview = json.dumps({"periods": preview_periods(control), "events": preview_events(event_arrays)}, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha1(json.dumps(map_index, sort_keys=True).encode("utf-8") + map_preview).hexdigest()[:16]
    sides = set(control["controller"]) | set(events["actor1"]) | set(events["actor2"])  # once: a million events make it costly
    options = {
        "factions": [name for name in CONTROLLERS if name in sides],
        "event_types": [name for name in TAXONOMY if name in set(events["event_type"])] + sorted(set(events["event_type"]) - set(TAXONOMY) - {""}),
        "countries": sorted(code for code in set(events["country_code"]) | set(control["country_code"]) if code),
        # a source that only reports states still decides who holds a town
        "sources": sorted((set(events["source"]) | set(states["source"])) - {""}),
    }
    control_arrays = _control_arrays(control, report_origins(events, states, articles), claimed_reports(events))
    control = compact_text(control)  # 432,000 periods of 2,000 places: 92 -> 55 MB
    view = ControlView(control, control_arrays, None)
    events = compact_text(events)
    return Frames(
        places,
        events,
        control,
        articles,
        labels,
        ids_by_label,
        first.normalize(),
        last.normalize(),
        event_days,
        change_days,
        map_index,
        digest,
        town_count,
        options,
        {**event_arrays, **view.arrays},
        outlet_names(articles),
        states,
        view,
        positions,
        map_preview,
    )


def _precise_days(events: pd.DataFrame) -> pd.Series:
    """The dates of the events dated to the week or better (what the timeline and "Event ▶" go by)."""
    return events.loc[(events["date_end"] - events["event_date"]) <= pd.Timedelta(days=7), "event_date"]


def _timeline(events: pd.DataFrame, control: pd.DataFrame, precise: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The slider's span: from the first event dated to the week or better (a background "in 2014"
    or "since 2012" does not stretch it over years where nothing is reported) to the last day known.

    With no such event, every date counts.
    """
    days = [series for series in (events["event_date"], events["date_end"], control["start"] if len(control) else None) if series is not None and len(series)]
    if not days:
        return pd.Timestamp("2017-01-01"), pd.Timestamp("2018-12-31")
    first = min(series.min() for series in days)
    last = max(series.max() for series in days)
    if len(precise):
        first = max(first, precise.min())
    # a slider needs two days: a folder whose only report is one day (one dataset row) still opens
    return first, max(last, first + pd.Timedelta(days=1))


def _type_states(states: pd.DataFrame | None) -> pd.DataFrame:
    """states.csv typed: dates, coordinates, flags; an old build without it gives no rows."""
    states = pd.DataFrame(columns=list(STATE_COLUMNS)) if states is None else states.copy()
    for column in STATE_COLUMNS:
        if column not in states.columns:
            states[column] = ""
    for column in ("day", "since"):
        states[column] = _dates(states[column].astype(str))
    for column in ("latitude", "longitude"):
        states[column] = pd.to_numeric(states[column], errors="coerce")
    states["location_precision"] = pd.to_numeric(states["location_precision"], errors="coerce").fillna(1).astype(int)
    states["partial"] = states["partial"].astype(str).str.lower().eq("true")
    for column in ("state_id", "place", "place_id", "country_code", "controller", "source", "published", "rule", "quote"):
        states[column] = states[column].fillna("").astype(str)
    return states.dropna(subset=["day"]).sort_values(["day", "state_id"], kind="stable").reset_index(drop=True)


def _type_control(control: pd.DataFrame) -> pd.DataFrame:
    """control.csv (or rows made by :func:`geo.csvio.control_row`) typed and sorted by place and start."""
    control = control.copy()
    for column in CONTROL_COLUMNS:
        if column not in control.columns:
            control[column] = ""  # a build older than the column: nothing disputed, no vague change
    if not len(control):
        return pd.DataFrame(columns=[*CONTROL_COLUMNS, "controller_since", "since_from", "since_report"])
    for column in ("start", "end", "last_report", "changed_from"):
        control[column] = _dates(control[column].astype(str))
    for column in ("contested", "disputed", "carried_back"):
        control[column] = control[column].astype(str).str.lower().eq("true")
    for column in ("latitude", "longitude"):
        control[column] = pd.to_numeric(control[column], errors="coerce")
    control["event_ids"] = control["event_ids"].fillna("").astype(str)
    control = control.sort_values(["place_id", "start"], kind="stable").reset_index(drop=True)
    control["controller_since"], control["since_from"], control["since_report"] = _controller_since(control)
    return control


def _index_control(control: pd.DataFrame, positions: dict) -> pd.DataFrame:
    """Add the map position (``idx``, -1: not on the map) and the controller number (``cidx``)."""
    control = control.copy()
    control["idx"] = control["place_id"].map(positions).fillna(-1).astype(int) if len(control) else pd.Series(dtype=int)
    control["cidx"] = control["controller"].map(controller_index).fillna(len(CONTROLLERS)).astype(int) if len(control) else pd.Series(dtype=int)
    return control


def _event_records(events: pd.DataFrame) -> tuple[Event, ...]:
    """The typed events frame back as :class:`~geo.records.Event` records."""

    def day(value):
        return None if pd.isna(value) else value.date()

    def published(text: str):
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    columns = (events[name] for name in ("event_id", "event_date", "date_end", "date_precision", "place", "place_id", "latitude", "longitude"))
    rest = (events[name] for name in ("country_code", "location_precision", "event_type", "sub_event_type", "actor1", "actor2"))
    more = (events[name] for name in ("controller_before", "controller_after", "contested", "source", "published", "quote", "origin", "fatalities"))
    tail = (events[name] for name in ("notes", "corrected", "rule", "modality"))
    records = []
    for row in zip(*columns, *rest, *more, *tail):
        (event_id, start, end, precision, place, place_id, latitude, longitude, country, where, kind, sub, actor1, actor2) = row[:14]
        (before, after, contested, source, when, quote, origin, deaths, notes, corrected, rule, modality) = row[14:]
        records.append(
            Event(
                event_id, day(start), day(end), precision, place, place_id, float(latitude), float(longitude), country, int(where), kind, sub,
                actor1, actor2, before, after, bool(contested), source, published(when), quote, origin,
                None if pd.isna(deaths) else int(deaths), notes, corrected, rule, modality,
            )
        )  # fmt: skip
    return tuple(records)


def _state_records(states: pd.DataFrame | None) -> tuple[StateReport, ...]:
    """The typed states frame back as :class:`~geo.records.StateReport` records."""
    if states is None or not len(states):
        return ()
    records = []
    for row in states.itertuples(index=False):
        records.append(
            StateReport(
                row.state_id, row.place, row.place_id, float(row.latitude), float(row.longitude), row.country_code, row.controller,
                row.day.date(), None if pd.isna(row.since) else row.since.date(), row.source,
                date.fromisoformat(row.published) if row.published else None, row.quote, row.rule, int(row.location_precision), bool(row.partial),
            )
        )  # fmt: skip
    return tuple(records)


def control_view(frames: Frames, sources: tuple[str, ...] | None) -> ControlView:
    """Control derived from the reports of the kept ``sources`` only (None: all, the build's).

    Calls :func:`geo.control.control_periods` on the kept events and states, so a
    town whose only reports come from an excluded source is unknown. Costs a
    control build; the dashboard caches it per (build, sources).
    """
    if sources is None:
        return frames.view
    kept = set(sources)
    events, states = frames.records
    periods = control_periods([event for event in events if event.source in kept], [state for state in states if state.source in kept])
    return view_of_periods(frames, periods, tuple(sources))


def view_of_periods(frames: Frames, periods: list[ControlPeriod], sources: tuple[str, ...] | None = None) -> ControlView:
    """A :class:`ControlView` over ``periods``, placed on ``frames``' map."""
    table = pd.DataFrame([control_row(period) for period in periods], columns=list(CONTROL_COLUMNS), dtype=object)
    control = _index_control(_type_control(table), frames.positions or {})
    return ControlView(control, _control_arrays(control, frames.origins, frames.claimed), sources)


# the events' columns the table is made from
_TABLE_SOURCES = (
    *("date_precision", "place_id", "place", "event_type", "sub_event_type", "modality"),
    *("actor1", "actor2", "controller_after", "source", "quote", "rule"),
)


def _event_table(events: pd.DataFrame, labels: dict, outlets: dict | None = None) -> pd.DataFrame:
    """Readable columns for the events table, for the rows it shows; a source is shown by its outlet
    (:func:`outlet_names`), a dataset or an article of no known outlet by its file.

    In plain Python over the rows' values, as plain text (not the build's categories: a table of
    fifty rows would carry every place id and rule): for a page of fifty rows a dozen pandas
    operations cost about ten times as much.
    """
    columns = {name: events[name].astype(object).tolist() for name in _TABLE_SOURCES}
    days = np.datetime_as_string(events["event_date"].to_numpy(dtype="datetime64[D]"), unit="D")
    outlets = outlets or {}

    def text(item) -> str:
        return item if isinstance(item, str) else ""

    kinds = [sub if text(sub) else kind for sub, kind in zip(columns["sub_event_type"], columns["event_type"], strict=True)]
    return pd.DataFrame(
        {
            "date": [None if day == "NaT" else str(day) for day in days],
            "precision": columns["date_precision"],
            "place": [labels.get(place_id, place) for place_id, place in zip(columns["place_id"], columns["place"], strict=True)],
            # a claim ("if confirmed", denied by the other side) says so where it is read
            "type": [f"{kind} (claimed)" if modality == "claimed" else kind for kind, modality in zip(kinds, columns["modality"], strict=True)],
            "actors": [" / ".join(name for name in pair if name) for pair in zip(columns["actor1"], columns["actor2"], strict=True)],
            "control after": columns["controller_after"],
            "source": [text(outlets.get(source)) or source for source in columns["source"]],
            "quote": columns["quote"],
            "rule": columns["rule"],
            "place_id": columns["place_id"],
        },
        index=events.index,
        dtype=object,
    )


def _days(series: pd.Series, missing: int) -> np.ndarray:
    values = series.to_numpy(dtype="datetime64[D]")
    out = values.astype(np.int64).astype(np.int32)  # days since 1970 (and ±10**7 for none) fit: half the memory
    out[np.isnat(values)] = missing
    return out


_OPEN = 10**7  # an end date beyond any real one


PREVIEW_PERIODS_MAX = 500_000  # past this the map does not draw a step before the server (432,000 periods: a 14 MB index, fetched once per build)


def preview_periods(control: pd.DataFrame) -> list[list[int]]:
    """Each town's control periods, for the map to draw a date while the slider is still being dragged
    (the server's state replaces it on release): [town, start, end (-1: open), holder, contested,
    last report], days since 1970, by town and start. The same arithmetic as :func:`map_state` with
    no filter; none past :data:`PREVIEW_PERIODS_MAX`.

    >>> frame = pd.DataFrame({"idx": [0, 0], "start": pd.to_datetime(["2017-10-20", "2017-01-01"]),
    ...     "end": pd.to_datetime([None, "2017-10-19"]), "cidx": [1, 0], "contested": [False, True],
    ...     "last_report": pd.to_datetime(["2017-10-21", "2017-06-01"])})
    >>> preview_periods(frame)
    [[0, 17167, 17458, 0, 1, 17318], [0, 17459, -1, 1, 0, 17460]]
    """
    if not len(control) or len(control) > PREVIEW_PERIODS_MAX:
        return []
    shown = control.loc[control["idx"] >= 0].sort_values(["idx", "start"], kind="stable")
    columns = (
        shown["idx"].to_numpy(dtype=np.int64),
        _days(shown["start"], 0),
        _days(shown["end"], -1),
        shown["cidx"].to_numpy(dtype=np.int64),
        shown["contested"].to_numpy(dtype=bool).astype(np.int64),
        _days(shown["last_report"], -_OPEN),
    )
    return np.column_stack(columns).tolist() if len(shown) else []


# Text columns of the events that repeat (a place, a side, a type, a source): held as categories, a
# million events' frame shrinks from about 450 MB to about 120 MB. The rest (ids, quotes) stay strings.
REPEATED_TEXT = (
    "place", "place_id", "date_precision", "country_code", "event_type", "sub_event_type", "actor1", "actor2",
    "controller_before", "controller_after", "source", "published", "origin", "notes", "corrected", "rule", "modality",
    "controller",  # control periods'
)  # fmt: skip


def compact_text(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (or control periods) with each :data:`REPEATED_TEXT` column that repeats (fewer distinct values than half its
    rows) as a category; equality, ``isin``, ``map`` and sets read the same. Text built from a column
    (``+``, ``where`` with another column) works on ``astype(object)`` of the rows it needs.

    >>> compact_text(pd.DataFrame({"event_type": ["Battles"] * 4, "quote": list("abcd")})).dtypes.astype(str).tolist()
    ['category', 'str']
    """
    repeated = {column: "category" for column in REPEATED_TEXT if column in events.columns and events[column].nunique() * 2 < len(events)}
    return events.astype(repeated) if repeated else events


PREVIEW_EVENTS_MAX = 200_000  # past this the map waits for the server's events (the index would weigh megabytes)


def preview_events(arrays: dict) -> dict[str, list[int]]:
    """The events the map places, for it to draw a date's window in the page before the server's state
    comes (a key press or a drag): columns ``day`` (days since 1970, each the difference from the one
    before: the events are in date order), ``at`` (position in the index), ``type`` (in
    :data:`geo.mapview.EVENT_TYPES`, -1 other) and ``deaths``. The same rows :func:`map_state` draws with no
    filter; none past :data:`PREVIEW_EVENTS_MAX`.

    >>> preview_events({"e_day": np.array([17000, 17000, 17003]), "e_idx": np.array([2, -1, 0]),
    ...     "e_type": np.array([1, 0, -1]), "e_deaths": np.array([3.0, 0.0, 0.0])})
    {'day': [17000, 3], 'at': [2, 0], 'type': [1, -1], 'deaths': [3, 0]}
    """
    placed = arrays["e_idx"] >= 0
    if not placed.any() or placed.sum() > PREVIEW_EVENTS_MAX:
        return {}
    days = arrays["e_day"][placed]
    return {
        "day": np.diff(days, prepend=0).tolist(),
        "at": arrays["e_idx"][placed].tolist(),
        "type": arrays["e_type"][placed].tolist(),
        "deaths": arrays["e_deaths"][placed].astype(np.int64).tolist(),
    }


def _event_arrays(events: pd.DataFrame) -> dict:
    """The numpy columns of the events a date query needs, computed once per build (as narrow as their
    values allow: a million events' columns are held for the life of the server)."""
    type_codes = {name: index for index, name in enumerate(EVENT_TYPES)}
    return {
        "e_day": _days(events["event_date"], 0),
        "e_idx": events["idx"].to_numpy(dtype=np.int32),
        "e_type": events["event_type"].map(type_codes).fillna(-1).to_numpy(dtype=np.int8),
        "e_deaths": events["fatalities"].fillna(0).to_numpy(dtype=np.float32),
    }


_AGENCY_IN_OUTLET = re.compile(r"\(([^()]{2,20})\)\s*$")


def _column(articles: pd.DataFrame, name: str) -> pd.Series:
    """An articles.csv column as text; one an older build lacks (``same_story_as``) reads as empty."""
    if name in articles.columns:
        return articles[name].fillna("").astype(str).str.strip()
    return pd.Series([""] * len(articles), index=articles.index, dtype=object)


def outlet_names(articles: pd.DataFrame) -> dict[str, str]:
    """Source -> how a reader knows the report: its outlet (else the start of its title), and the other
    outlets whose copy of the same story (``same_story_as``, :mod:`geo.duplicates`) it stands for.

    >>> arts = pd.DataFrame({"source": ["a.txt", "b.txt", "c.txt"], "outlet": ["Reuters", "Al Arabiya", ""],
    ...     "title": ["", "", "Town retaken"], "same_story_as": ["", "a.txt", ""]})
    >>> outlet_names(arts)
    {'a.txt': 'Reuters, also carried by Al Arabiya', 'b.txt': 'Al Arabiya (the story of a.txt)', 'c.txt': 'Town retaken'}
    """
    if not len(articles) or "source" not in articles.columns:
        return {}
    sources = articles["source"].astype(str)
    heads = dict(zip(sources, _column(articles, "outlet").where(_column(articles, "outlet") != "", _column(articles, "title").str[:40])))
    copies = dict(zip(sources, _column(articles, "same_story_as")))
    carried: dict[str, list[str]] = {}
    for source in sorted(copies):
        if copies[source] in heads:
            carried.setdefault(copies[source], []).append(heads[source] or source)
    names = {}
    for source, head in heads.items():
        if copies[source] in heads:
            names[source] = f"{head or source} (the story of {copies[source]})"
            continue
        others = [name for name in dict.fromkeys(carried.get(source, ())) if name != head]
        names[source] = f"{head or source}, also carried by {', '.join(others)}" if others else head
    return names


def report_origins(events: pd.DataFrame, states: pd.DataFrame | None, articles: pd.DataFrame) -> dict[str, str]:
    """Report id -> where it comes from, for counting independent sources: a wire agency a host
    credits ("Firstpost (AFP)" is AFP), else the outlet, else the file (a dataset is one source).

    >>> arts = pd.DataFrame({"source": ["a.txt", "b.txt", "c.txt"], "outlet": ["AFP", "Firstpost (AFP)", "BBC"]})
    >>> evs = pd.DataFrame({"event_id": ["e1", "e2", "e3"], "source": ["a.txt", "b.txt", "c.txt"]})
    >>> sorted(set(report_origins(evs, None, arts).values()))
    ['AFP', 'BBC']
    """
    origin_of_source: dict[str, str] = {}
    if len(articles) and "source" in articles.columns:
        outlets = articles["outlet"].fillna("").astype(str) if "outlet" in articles.columns else pd.Series([""] * len(articles))
        for source, outlet in zip(articles["source"], outlets):
            agency = _AGENCY_IN_OUTLET.search(outlet)
            origin_of_source[source] = (agency.group(1) if agency else outlet).strip() or source
        # a copy of another outlet's story (geo.duplicates) is that story's origin, whatever host it came through
        for source, story in zip(articles["source"], _column(articles, "same_story_as")):
            if story in origin_of_source:
                origin_of_source[source] = origin_of_source[story]
    origins: dict[str, str] = {}
    for frame, column in ((events, "event_id"), (states, "state_id")):
        if frame is not None and len(frame) and column in frame.columns:
            for report, source in zip(frame[column], frame["source"]):
                origins[report] = origin_of_source.get(source, source)
    return origins


def _source_counts(control: pd.DataFrame, origins: dict[str, str]) -> np.ndarray:
    """Per period: how many independent origins the reports behind it have."""
    counts = [len({origins[report] for report in str(ids).split(";") if report in origins}) for ids in control["event_ids"]]
    return np.asarray(counts, dtype=np.int64)


def claimed_reports(events: pd.DataFrame) -> frozenset[str]:
    """The ids of the events whose modality is "claimed".

    >>> sorted(claimed_reports(pd.DataFrame({"event_id": ["e1", "e2"], "modality": ["claimed", "asserted"]})))
    ['e1']
    """
    if not len(events) or "modality" not in events.columns:
        return frozenset()
    return frozenset(events.loc[events["modality"] == "claimed", "event_id"])


def _claimed_only(control: pd.DataFrame, claimed: frozenset[str]) -> np.ndarray:
    """Per period: every report behind it is a claim (a state report, with no modality, is not)."""
    flags = []
    for ids in control["event_ids"]:
        reports = [report for report in str(ids).split(";") if report]
        flags.append(bool(reports) and all(report in claimed for report in reports))
    return np.asarray(flags, dtype=bool)


def _control_arrays(control: pd.DataFrame, origins: dict[str, str] | None = None, claimed: frozenset[str] = frozenset()) -> dict:
    """The numpy columns of the periods a date query needs, computed once per view."""
    return {
        "c_sources": _source_counts(control, origins or {}) if len(control) else np.zeros(0, dtype=np.int64),
        "c_claimed": _claimed_only(control, claimed) if len(control) and claimed else np.zeros(len(control), dtype=bool),
        "c_start": _days(control["start"], _OPEN),
        "c_end": _days(control["end"], _OPEN),
        "c_last": _days(control["last_report"], -_OPEN),
        "c_since": _days(control["controller_since"], 0),
        "c_from": _days(control["since_from"], 0),
        "c_report": _days(control["since_report"], 0),
        "c_idx": control["idx"].to_numpy(dtype=np.int32),
        "c_cidx": control["cidx"].to_numpy(dtype=np.int16),
        "c_contested": control["contested"].to_numpy(dtype=bool),
        "c_disputed": control["disputed"].to_numpy(dtype=bool),
        "c_controller": control["controller"].to_numpy(dtype=object),
        "c_country": control["country_code"].to_numpy(dtype=object),
    }


def day_number(day) -> int:
    """Days since 1970-01-01."""
    return int(np.datetime64(pd.Timestamp(day).date(), "D").astype(np.int64))


def _map_index(events: pd.DataFrame, control: pd.DataFrame, labels: dict) -> tuple[dict, int, dict]:
    """Number the places the map can show (towns with control first) and build their cells.

    Adds an ``idx`` column to ``events`` (-1: not on the map); returns the index,
    the number of towns and the position of each place id.
    """
    columns = ["place_id", "latitude", "longitude"]
    towns = control.drop_duplicates("place_id")[columns] if len(control) else pd.DataFrame(columns=columns)
    located = events.loc[events["latitude"].notna() & events["longitude"].notna(), columns].drop_duplicates("place_id")
    others = located.loc[~located["place_id"].isin(set(towns["place_id"]))]
    order = pd.concat([frame for frame in (towns, others) if len(frame)], ignore_index=True) if len(towns) or len(others) else towns
    position = {place_id: index for index, place_id in enumerate(order["place_id"])}
    events["idx"] = events["place_id"].map(position).fillna(-1).astype(int)
    reports = events.groupby("place_id").size()
    places = []
    for place_id, latitude, longitude in zip(order["place_id"], order["latitude"], order["longitude"]):
        count = int(reports.get(place_id, 1))
        radius = round(min(16.0, 5.0 + 2.5 * math.sqrt(count)), 1)
        places.append([round(float(latitude), 4), round(float(longitude), 4), labels.get(place_id, place_id), radius])
    cells = town_cells(tuple((float(lon), float(lat)) for lat, lon in zip(towns["latitude"], towns["longitude"])))
    return {"places": places, "cells": cells}, len(towns), position


def _controller_since(control: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """When the current holder took over (consecutive periods of one holder join), the start
    of the vague change that began that run, if it began with one, and the day of the report
    a run carried back from a later report rests on (its start is no report's date)."""
    since, since_from, since_report = [], [], []
    previous_place, previous_controller, previous_end, current, current_from, current_report = None, None, None, None, pd.NaT, pd.NaT
    names = ("place_id", "controller", "start", "end", "changed_from", "carried_back", "last_report")
    columns = tuple(control[name] for name in names)
    for place_id, controller, start, end, changed, carried, last_report in zip(*columns):
        if (
            place_id == previous_place
            and controller == previous_controller
            and previous_end is not None
            and not pd.isna(previous_end)
            and (start - previous_end).days <= 1
        ):
            pass
        else:
            current, current_from, current_report = start, changed, (last_report if carried else pd.NaT)
        since.append(current)
        since_from.append(current_from)
        since_report.append(current_report)
        previous_place, previous_controller, previous_end = place_id, controller, end
    return tuple(pd.Series(values, index=control.index, dtype="datetime64[ns]") for values in (since, since_from, since_report))


def _unique_labels(places: pd.DataFrame, control: pd.DataFrame, events: pd.DataFrame, states: pd.DataFrame) -> dict:
    """A label per place id, unique even when two places share a name."""
    names: dict[str, tuple[str, str]] = {}
    for frame in (places, control, events, states):
        if len(frame) and {"place_id", "place"} <= set(frame.columns):
            countries = frame["country_code"] if "country_code" in frame.columns else pd.Series([""] * len(frame))
            for place_id, name, country in zip(frame["place_id"], frame["place"], countries):
                if place_id and place_id not in names:
                    names[place_id] = (str(name), str(country))
    counts: dict[str, int] = {}
    for name, _ in names.values():
        counts[name] = counts.get(name, 0) + 1
    labels = {}
    for place_id, (name, country) in names.items():
        label = name if counts[name] == 1 else f"{name} ({country or place_id.split(':')[0]})"
        labels[place_id] = label
    seen: dict[str, int] = {}
    for place_id, label in list(labels.items()):
        if label in seen:
            seen[label] += 1
            labels[place_id] = f"{label} #{seen[label]}"
        else:
            seen[label] = 1
    return labels


def states_on(frames: Frames, day: pd.Timestamp, controllers: tuple[str, ...] | None = None, view: ControlView | None = None) -> pd.DataFrame:
    """One row per place whose controller is known on ``day`` (in ``view``: by default the build's control)."""
    view = view or frames.view
    return view.control.iloc[_state_rows(view, day_number(day), controllers)]


CHANGE_COLUMNS = ("place", "place_id", "before", "after", "taken", "reports")


def changes_between(frames: Frames, first: pd.Timestamp, second: pd.Timestamp, view: ControlView | None = None) -> pd.DataFrame:
    """The towns whose holder differs between two dates (ACLED's weekly change table): who held each
    on the earlier date and on the later ("unknown" when no report says), when the later holder took
    over, and the reports behind the later holder's run. Contested or not, the holder is what counts.

    >>> empty = frames_from_tables(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    >>> changes_between(empty, pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-01")).empty
    True
    """
    earlier, later = sorted((pd.Timestamp(first), pd.Timestamp(second)))
    before = states_on(frames, earlier, view=view)
    after = states_on(frames, later, view=view)
    held_before = dict(zip(before["place_id"], before["controller"]))
    rows = []
    for row in after.itertuples(index=False):
        was = held_before.pop(row.place_id, "unknown")
        if was != row.controller:
            rows.append(
                {
                    "place": frames.labels.get(row.place_id, row.place),
                    "place_id": row.place_id,
                    "before": was,
                    "after": row.controller,
                    "taken": held_text(pd.Series(row._asdict())),
                    "reports": row.event_ids,
                }
            )
    for place_id, was in held_before.items():  # known on the earlier date, unknown on the later
        rows.append({"place": frames.labels.get(place_id, place_id), "place_id": place_id, "before": was, "after": "unknown", "taken": "", "reports": ""})
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS)).sort_values(["place"], kind="stable").reset_index(drop=True)


def change_marks(frames: Frames, first: pd.Timestamp, second: pd.Timestamp, view: ControlView | None = None) -> dict:
    """What the map marks when two dates are compared (see :func:`changes_between`): ``changed`` lists
    ``[town position, holder before, holder after]`` (controller numbers as in the state codes, -1:
    unknown), ``compare`` the two days (days since 1970, earlier first).

    >>> empty = frames_from_tables(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    >>> change_marks(empty, pd.Timestamp("2017-02-01"), pd.Timestamp("2017-01-01"))
    {'changed': [], 'compare': [17167, 17198]}
    """
    earlier, later = sorted((pd.Timestamp(first), pd.Timestamp(second)))
    changes = changes_between(frames, earlier, later, view=view)
    positions = frames.positions or {}

    def number(holder: str) -> int:
        return -1 if holder == "unknown" else controller_index(holder)

    changed = [
        [int(positions[place_id]), number(before), number(after)]
        for place_id, before, after in zip(changes["place_id"], changes["before"], changes["after"])
        if positions.get(place_id, frames.town_count) < frames.town_count  # a town the map draws
    ]
    return {"changed": sorted(changed), "compare": [day_number(earlier), day_number(later)]}


def _filter_mask(arrays: dict, controllers: tuple[str, ...] | None, countries: tuple[str, ...] | None) -> np.ndarray:
    mask = np.ones(len(arrays["c_start"]), dtype=bool)
    if controllers is not None:
        mask &= np.isin(arrays["c_controller"], list(controllers))
    if countries is not None:
        mask &= np.isin(arrays["c_country"], list(countries))
    return mask


def _state_rows(view: ControlView, day: int, controllers: tuple[str, ...] | None = None, countries: tuple[str, ...] | None = None) -> np.ndarray:
    arrays = view.arrays
    mask = (arrays["c_start"] <= day) & (arrays["c_end"] >= day)
    if controllers is not None or countries is not None:
        mask &= _filter_mask(arrays, controllers, countries)
    return np.nonzero(mask)[0]


def map_state(
    frames: Frames,
    day: pd.Timestamp,
    factions: tuple[str, ...] | None = None,
    event_types: tuple[str, ...] | None = None,
    countries: tuple[str, ...] | None = None,
    sources: tuple[str, ...] | None = None,
    window_days: int = 30,
    stale_days: int = 120,
    zones: bool = True,
    view: ControlView | None = None,
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """What the map shows on ``day`` (see :class:`geo.mapview.DateState`).

    Returns the compact state, the town states and the events of the window.
    ``view`` is the control to draw (:func:`control_view` of the kept sources;
    by default the build's). All vectorised: a slider move costs a mask over the
    control periods and two binary searches over the events.
    """
    view = view or frames.view
    arrays = view.arrays
    today = day_number(day)
    rows = _state_rows(view, today, factions, countries)
    rows = rows[arrays["c_idx"][rows] >= 0]  # a period of a place the map does not show (not in this build's index)
    count = frames.town_count
    codes = np.full(count, ord("."), dtype=np.uint8)
    since = np.zeros(count, dtype=np.int64)
    since_from = np.zeros(count, dtype=np.int64)
    since_report = np.zeros(count, dtype=np.int64)
    backing = np.zeros(count, dtype=np.int64)  # (not "sources": that is the filter)
    positions = arrays["c_idx"][rows]
    # A town known before but not today (its last report went stale, or its source is
    # excluded after a while): drawn as unknown, with the day it became unknown.
    ended = (arrays["c_end"] < today) & (arrays["c_idx"] >= 0) & _filter_mask(arrays, factions, countries)
    if ended.any():
        last_end = np.full(count, -_OPEN, dtype=np.int64)
        np.maximum.at(last_end, arrays["c_idx"][ended], arrays["c_end"][ended])
        known = np.zeros(count, dtype=bool)
        known[arrays["c_idx"][_state_rows(view, today)]] = True
        gone = (last_end > -_OPEN) & ~known
        codes[gone] = ord(UNKNOWN_AFTER)
        since[gone] = last_end[gone] + 1
    stale = (today - arrays["c_last"][rows]) > stale_days
    codes[positions] = (65 + arrays["c_cidx"][rows] * 4 + arrays["c_contested"][rows] * 2 + stale).astype(np.uint8)
    since[positions] = arrays["c_since"][rows]
    since_from[positions] = arrays["c_from"][rows]
    since_report[positions] = arrays["c_report"][rows]
    backing[positions] = arrays["c_sources"][rows]
    disputed = sorted(int(position) for position in positions[arrays["c_disputed"][rows]])
    claimed = sorted(int(position) for position in positions[arrays["c_claimed"][rows]])
    days = frames.arrays["e_day"]
    # bounds of the days' own type: Python ints would make numpy copy the million days to int64 first
    lower = np.searchsorted(days, days.dtype.type(today - window_days), side="left")
    upper = np.searchsorted(days, days.dtype.type(today), side="right")
    recent = frames.events.iloc[lower:upper]
    idx = frames.arrays["e_idx"][lower:upper]
    kinds = frames.arrays["e_type"][lower:upper]
    deaths = frames.arrays["e_deaths"][lower:upper]
    if any(value is not None for value in (factions, event_types, countries, sources)):
        keep = filter_events(recent, factions, event_types, countries, sources).index
        mask = recent.index.isin(keep)
        recent, idx, kinds, deaths = recent.loc[mask], idx[mask], kinds[mask], deaths[mask]
    visible = (idx >= 0) & ~np.isin(idx, positions)
    aggregated: list[list[int]] = []
    if visible.any():
        places, inverse, counts = np.unique(idx[visible], return_inverse=True, return_counts=True)
        toll = np.bincount(inverse, weights=deaths[visible], minlength=len(places))
        by_type = np.zeros((len(places), len(EVENT_TYPES) + 1), dtype=np.int64)
        np.add.at(by_type, (inverse, kinds[visible] + 1), 1)
        main = by_type.argmax(axis=1) - 1
        aggregated = [[int(p), int(n), int(d), int(t)] for p, n, d, t in zip(places, counts, toll, main)]
    start = day - pd.Timedelta(days=window_days)
    period = f"{start.strftime('%-d %b %Y')} – {day.strftime('%-d %b %Y')}" if window_days < 20_000 else f"until {day.strftime('%-d %b %Y')}"
    state = {
        "codes": codes.tobytes().decode("ascii"),
        "since": since.tolist(),
        # a holder whose run began with a vague change: taken between since_from and since (0: an exact start)
        "from": since_from.tolist() if since_from.any() else [],
        # a holder carried back from a later report: the day of that report (0: the run starts with a report)
        "reported": since_report.tolist() if since_report.any() else [],
        # independent origins behind each town's state (a wire story through three hosts is one)
        "sources": backing.tolist(),
        "disputed": disputed,
        # towns whose holder rests on claims only (every report behind the period is "claimed")
        "claimed": claimed,
        "events": aggregated,
        "period": period,
        "zones": bool(zones),
    }
    return state, view.control.iloc[rows], recent


def history(frames: Frames, place_id: str, view: ControlView | None = None) -> pd.DataFrame:
    """All control periods of one place, oldest first (in ``view``: by default the build's)."""
    control = (view or frames.view).control
    return control.loc[control["place_id"] == place_id]


def place_states(frames: Frames, place_id: str, sources: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The reports that a side held one place (states.csv rows), oldest first; only the kept ``sources``."""
    states = frames.states
    mask = states["place_id"] == place_id
    if sources is not None:
        mask &= states["source"].isin(sources)
    return states.loc[mask]


def held_text(row) -> str:
    """How a holder's run began, for a state row: "since 24 Nov 2017" or, after a vague change,
    "taken between 1 Nov 2017 and 24 Nov 2017".

    >>> held_text(pd.Series({"controller_since": pd.Timestamp("2017-11-24"), "since_from": pd.Timestamp("2017-11-01")}))
    'taken between 1 Nov 2017 and 24 Nov 2017'
    """
    since, since_from = row["controller_since"], row["since_from"]
    reported = row.get("since_report", pd.NaT)
    if pd.notna(reported):
        return f"as the report of {reported.strftime('%-d %b %Y')} implies (held before it; the start is not reported)"
    if pd.notna(since_from) and since_from < since:
        return f"taken between {since_from.strftime('%-d %b %Y')} and {since.strftime('%-d %b %Y')}"
    return f"since {since.strftime('%-d %b %Y')}"


def period_reports(frames: Frames, period) -> pd.DataFrame:
    """The reports behind one control period, each with the holder it says (the conflicting ones of a dispute).

    Columns: ``report`` (event or state id), ``kind`` ("event"/"state"), ``day``,
    ``says`` (the holder the report gives), ``source``, ``quote``, ``rule``.
    """
    ids = [value for value in str(period["event_ids"]).split(";") if value]
    events = frames.events.loc[frames.events["event_id"].isin(ids)]
    states = frames.states.loc[frames.states["state_id"].isin(ids)]
    says_event = events["controller_after"].astype(object).where(events["controller_after"] != "", events["controller_before"].astype(object))
    rows = pd.concat(
        [
            pd.DataFrame(
                {"report": events["event_id"], "kind": "event", "day": events["date_end"], "says": says_event,
                 "source": events["source"], "quote": events["quote"], "rule": events["rule"]}
            ),
            pd.DataFrame(
                {"report": states["state_id"], "kind": "state", "day": states["day"], "says": states["controller"],
                 "source": states["source"], "quote": states["quote"], "rule": states["rule"]}
            ),
        ],
        ignore_index=True,
    )  # fmt: skip
    return rows.sort_values(["day", "report"], kind="stable").reset_index(drop=True)


def place_events(frames: Frames, place_id: str) -> pd.DataFrame:
    """All events at one place, oldest first."""
    return frames.events.loc[frames.events["place_id"] == place_id]


def find_places(frames: Frames, text: str) -> list[str]:
    """Place ids whose label or any spelling the articles used matches ``text`` (accents and case
    folded, transliteration-insensitive), best first: exact, then a prefix, then inside the name.

    >>> find_places(frames_from_tables(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame()), "x")
    []
    """
    from .names import translit_key

    query = translit_key(text or "")
    if not query:
        return []
    names: dict[str, set[str]] = {place_id: {translit_key(label)} for place_id, label in frames.labels.items()}
    if "mentions" in frames.places.columns:
        for place_id, mentions in zip(frames.places["place_id"], frames.places["mentions"].fillna("").astype(str)):
            names.setdefault(place_id, set()).update(translit_key(name) for name in mentions.split(";") if name)
    ranked = []
    for place_id, keys in names.items():
        if place_id not in frames.labels:
            continue
        rank = 0 if query in keys else 1 if any(key.startswith(query) for key in keys) else 2 if any(query in key for key in keys) else None
        if rank is not None:
            ranked.append((rank, frames.labels[place_id].casefold(), place_id))
    return [place_id for _, _, place_id in sorted(ranked)]


def search_reports(events: pd.DataFrame, words: str) -> pd.DataFrame:
    """The events whose quoted sentence holds every word of ``words`` (case-insensitive), in date order.

    >>> search_reports(pd.DataFrame({"quote": ["Troops entered Rawa", "Shelling hit Anah"]}), "rawa TROOPS")["quote"].tolist()
    ['Troops entered Rawa']
    """
    terms = [term for term in (words or "").casefold().split() if term]
    if not terms or not len(events):
        return events.iloc[0:0] if terms else events
    quotes = events["quote"].astype(str).str.casefold()
    mask = pd.Series(True, index=events.index)
    for term in terms:
        mask &= quotes.str.contains(term, regex=False)
    return events.loc[mask]


def table_rows(frames: Frames, events: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The table's rows for some of ``frames.events``: newest first, at most ``limit``.

    ``frames.events`` has a default index, so its labels are its positions. Worked out for these rows
    only: made once for every event, the table held a second copy of a million events' text.
    """
    shown = frames.events[["event_date", *_TABLE_SOURCES]].take(events.index[::-1][:limit])
    return _event_table(shown, frames.labels, frames.outlets)


def filter_events(
    events: pd.DataFrame,
    factions: tuple[str, ...] | None = None,
    event_types: tuple[str, ...] | None = None,
    countries: tuple[str, ...] | None = None,
    sources: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Apply the sidebar filters; None means "all" (and no filter at all is the same frame, not a copy of it).

    >>> events = pd.DataFrame({"event_type": ["Battles", "Protests"]})
    >>> filter_events(events) is events, len(filter_events(events, event_types=("Battles",)))
    (True, 1)
    """
    if factions is None and event_types is None and countries is None and sources is None:
        return events  # a copy of a million events was 150 MB, for nothing
    mask = pd.Series(True, index=events.index)
    if factions is not None:
        mask &= events["actor1"].isin(factions) | events["actor2"].isin(factions) | events["controller_after"].isin(factions)
    if event_types is not None:
        mask &= events["event_type"].isin(event_types)
    if countries is not None:
        mask &= events["country_code"].isin(countries)
    if sources is not None:
        mask &= events["source"].isin(sources)
    return events.loc[mask]


def step(days: np.ndarray, day: pd.Timestamp, direction: int) -> pd.Timestamp | None:
    """The next (1) or previous (-1) day in ``days`` strictly after/before ``day``."""
    if not len(days):
        return None
    target = np.datetime64(day.date(), "D")
    if direction > 0:
        index = np.searchsorted(days, target, side="right")
        return pd.Timestamp(days[index]) if index < len(days) else None
    index = np.searchsorted(days, target, side="left") - 1
    return pd.Timestamp(days[index]) if index >= 0 else None


def describe_date(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A human date with its precision: "21 Sep 2017", "Nov 2017 (month)", "2014 (year)"."""
    if precision == "day" or start == end:
        return start.strftime("%-d %b %Y")
    if precision == "month" and start.month == end.month:
        return f"{start.strftime('%b %Y')} (some day {start.day}–{end.day})"
    if precision == "year" and start.year == end.year and start.month == 1 and end.month == 12:
        return f"{start.year} (year)"
    return f"{start.strftime('%-d %b %Y')} – {end.strftime('%-d %b %Y')} ({precision})"


def events_geojson(events: pd.DataFrame) -> str:
    """Events as GeoJSON points (for export)."""
    features = []
    for row in events.itertuples(index=False):
        if pd.isna(row.latitude) or pd.isna(row.longitude):
            continue
        properties = {column: _plain(getattr(row, column)) for column in EVENT_COLUMNS if column not in ("latitude", "longitude")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(row.longitude), 5), round(float(row.latitude), 5)]},
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def states_geojson(states: pd.DataFrame, day: date) -> str:
    """Control on a day as GeoJSON points (for export)."""
    features = []
    for row in states.itertuples(index=False):
        properties = {
            "place": row.place,
            "place_id": row.place_id,
            "controller": row.controller,
            "contested": bool(row.contested),
            "disputed": bool(row.disputed),
            "since": _plain(row.start),
            "controller_since": _plain(row.controller_since),
            "changed_from": None if pd.isna(row.since_from) else _plain(row.since_from),
            "implied_by_report_of": None if pd.isna(row.since_report) else _plain(row.since_report),
            "event_ids": row.event_ids,
            "date": day.isoformat(),
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(row.longitude), 5), round(float(row.latitude), 5)]},
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def _plain(value):
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value
