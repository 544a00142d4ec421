"""What the dashboard asks of a data directory, as pure functions over DataFrames.

Loading (``frames_from_tables``) is done once and cached by the dashboard;
everything a slider move needs is a vectorised lookup: control periods are
precomputed at build time, so "who held what on day D" is a mask over the
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
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .csvio import CONTROL_COLUMNS, EVENT_COLUMNS  # the files' columns, as the build writes them
from .mapview import EVENT_TYPES, controller_index
from .records import CONTROLLERS, TAXONOMY
from .territory import town_cells


@dataclass(frozen=True)
class Frames:
    """The four tables of a data directory, ready for queries."""

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
    map_digest: str  # content hash of map_index (its cache file name)
    town_count: int  # the first town_count places of the index are towns with control periods
    options: dict  # what the filters offer: factions, event_types, countries, sources
    arrays: dict  # numpy columns for the per-date queries (days since 1970, indexes, codes)
    table: pd.DataFrame  # the events as the dashboard's table shows them, row for row with ``events``


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), errors="coerce")


def frames_from_tables(places: pd.DataFrame, events: pd.DataFrame, control: pd.DataFrame, articles: pd.DataFrame) -> Frames:
    """Type the raw CSV tables, sort them and index them once."""
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
    for column in (
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
    ):
        events[column] = events[column].fillna("").astype(str)
    events = events.dropna(subset=["event_date"]).sort_values(["event_date", "event_id"], kind="stable").reset_index(drop=True)

    control = control.copy()
    if len(control):
        control["start"] = _dates(control["start"])
        control["end"] = _dates(control["end"].astype(str))
        control["last_report"] = _dates(control["last_report"].astype(str))
        control["contested"] = control["contested"].astype(str).str.lower().eq("true")
        for column in ("latitude", "longitude"):
            control[column] = pd.to_numeric(control[column], errors="coerce")
        control["event_ids"] = control["event_ids"].fillna("").astype(str)
        control = control.sort_values(["place_id", "start"], kind="stable").reset_index(drop=True)
        control["controller_since"] = _controller_since(control)
    else:
        control = pd.DataFrame(columns=[*CONTROL_COLUMNS, "controller_since"])

    places = places.copy()
    for column in ("latitude", "longitude"):
        if column in places.columns:
            places[column] = pd.to_numeric(places[column], errors="coerce")
    labels = _unique_labels(places, control, events)
    ids_by_label = {label: place_id for place_id, label in labels.items()}
    days = [series for series in (events["event_date"], events["date_end"], control["start"] if len(control) else None) if series is not None and len(series)]
    first = min(series.min() for series in days) if days else pd.Timestamp("2017-01-01")
    last = max(series.max() for series in days) if days else pd.Timestamp("2018-12-31")
    event_days = np.unique(events["event_date"].to_numpy(dtype="datetime64[D]")) if len(events) else np.array([], dtype="datetime64[D]")
    change_days = np.unique(control["start"].to_numpy(dtype="datetime64[D]")) if len(control) else np.array([], dtype="datetime64[D]")
    map_index, town_count = _map_index(events, control, labels)
    digest = hashlib.sha1(json.dumps(map_index, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    options = {
        "factions": [name for name in CONTROLLERS if name in set(control["controller"]) | set(events["actor1"]) | set(events["actor2"])],
        "event_types": [name for name in TAXONOMY if name in set(events["event_type"])] + sorted(set(events["event_type"]) - set(TAXONOMY) - {""}),
        "countries": sorted(code for code in set(events["country_code"]) | set(control["country_code"]) if code),
        "sources": sorted(set(events["source"])),
    }
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
        _arrays(events, control),
        _event_table(events, labels),
    )


def _event_table(events: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Readable columns for the events table, computed once (a rerun only slices them)."""
    return pd.DataFrame(
        {
            "date": events["event_date"].dt.strftime("%Y-%m-%d"),
            "precision": events["date_precision"],
            "place": events["place_id"].map(labels).fillna(events["place"]),
            "type": events["sub_event_type"].where(events["sub_event_type"] != "", events["event_type"]),
            "actors": [" / ".join(name for name in pair if name) for pair in zip(events["actor1"], events["actor2"])],
            "control after": events["controller_after"],
            "source": events["source"],
            "quote": events["quote"],
            "place_id": events["place_id"],
        },
        index=events.index,
    )


def _days(series: pd.Series, missing: int) -> np.ndarray:
    values = series.to_numpy(dtype="datetime64[D]")
    out = values.astype(np.int64)
    out[np.isnat(values)] = missing
    return out


_OPEN = 10**7  # an end date beyond any real one


def _arrays(events: pd.DataFrame, control: pd.DataFrame) -> dict:
    """The numpy columns a date query needs, computed once per build."""
    type_codes = {name: index for index, name in enumerate(EVENT_TYPES)}
    return {
        "c_start": _days(control["start"], _OPEN),
        "c_end": _days(control["end"], _OPEN),
        "c_last": _days(control["last_report"], -_OPEN),
        "c_since": _days(control["controller_since"], 0),
        "c_idx": control["idx"].to_numpy(dtype=np.int64),
        "c_cidx": control["cidx"].to_numpy(dtype=np.int64),
        "c_contested": control["contested"].to_numpy(dtype=bool),
        "e_day": _days(events["event_date"], 0),
        "e_idx": events["idx"].to_numpy(dtype=np.int64),
        "e_type": events["event_type"].map(type_codes).fillna(-1).to_numpy(dtype=np.int64),
        "e_deaths": events["fatalities"].fillna(0).to_numpy(dtype=np.float64),
    }


def day_number(day) -> int:
    """Days since 1970-01-01."""
    return int(np.datetime64(pd.Timestamp(day).date(), "D").astype(np.int64))


def _map_index(events: pd.DataFrame, control: pd.DataFrame, labels: dict) -> tuple[dict, int]:
    """Number the places the map can show (towns with control first) and build their cells.

    Adds an ``idx`` column to ``events`` and ``control`` (-1: not on the map) and a
    ``cidx`` column (controller number) to ``control``.
    """
    columns = ["place_id", "latitude", "longitude"]
    towns = control.drop_duplicates("place_id")[columns] if len(control) else pd.DataFrame(columns=columns)
    located = events.loc[events["latitude"].notna() & events["longitude"].notna(), columns].drop_duplicates("place_id")
    others = located.loc[~located["place_id"].isin(set(towns["place_id"]))]
    order = pd.concat([frame for frame in (towns, others) if len(frame)], ignore_index=True) if len(towns) or len(others) else towns
    position = {place_id: index for index, place_id in enumerate(order["place_id"])}
    events["idx"] = events["place_id"].map(position).fillna(-1).astype(int)
    control["idx"] = control["place_id"].map(position).fillna(-1).astype(int)
    control["cidx"] = control["controller"].map(controller_index).fillna(len(CONTROLLERS)).astype(int)
    reports = events.groupby("place_id").size()
    places = []
    for place_id, latitude, longitude in zip(order["place_id"], order["latitude"], order["longitude"]):
        count = int(reports.get(place_id, 1))
        radius = round(min(16.0, 5.0 + 2.5 * math.sqrt(count)), 1)
        places.append([round(float(latitude), 4), round(float(longitude), 4), labels.get(place_id, place_id), radius])
    cells = town_cells(tuple((float(lon), float(lat)) for lat, lon in zip(towns["latitude"], towns["longitude"])))
    return {"places": places, "cells": cells}, len(towns)


def _controller_since(control: pd.DataFrame) -> pd.Series:
    """When the current holder took over: consecutive periods of one holder join."""
    since = []
    previous_place, previous_controller, previous_end, current = None, None, None, None
    for place_id, controller, start, end in zip(control["place_id"], control["controller"], control["start"], control["end"]):
        if (
            place_id == previous_place
            and controller == previous_controller
            and previous_end is not None
            and not pd.isna(previous_end)
            and (start - previous_end).days <= 1
        ):
            pass
        else:
            current = start
        since.append(current)
        previous_place, previous_controller, previous_end = place_id, controller, end
    return pd.Series(since, index=control.index)


def _unique_labels(places: pd.DataFrame, control: pd.DataFrame, events: pd.DataFrame) -> dict:
    """A label per place id, unique even when two places share a name."""
    names: dict[str, tuple[str, str]] = {}
    for frame in (places, control, events):
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


def states_on(frames: Frames, day: pd.Timestamp, controllers: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per place whose controller is known on ``day``."""
    return frames.control.iloc[_state_rows(frames, day_number(day), controllers)]


def _state_rows(frames: Frames, day: int, controllers: tuple[str, ...] | None = None, countries: tuple[str, ...] | None = None) -> np.ndarray:
    arrays = frames.arrays
    mask = (arrays["c_start"] <= day) & (arrays["c_end"] >= day)
    if controllers is not None:
        mask &= frames.control["controller"].isin(controllers).to_numpy()
    if countries is not None:
        mask &= frames.control["country_code"].isin(countries).to_numpy()
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
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """What the map shows on ``day`` (see :class:`geo.mapview.DateState`).

    Returns the compact state, the town states and the events of the window.
    All vectorised: a slider move costs a mask over the control periods and two
    binary searches over the events.
    """
    arrays = frames.arrays
    today = day_number(day)
    rows = _state_rows(frames, today, factions, countries)
    count = frames.town_count
    codes = np.full(count, ord("."), dtype=np.uint8)
    since = np.zeros(count, dtype=np.int64)
    positions = arrays["c_idx"][rows]
    stale = (today - arrays["c_last"][rows]) > stale_days
    codes[positions] = (65 + arrays["c_cidx"][rows] * 4 + arrays["c_contested"][rows] * 2 + stale).astype(np.uint8)
    since[positions] = arrays["c_since"][rows]
    lower, upper = np.searchsorted(arrays["e_day"], [today - window_days, today], side="left")[0], np.searchsorted(arrays["e_day"], today, side="right")
    recent = frames.events.iloc[lower:upper]
    idx = arrays["e_idx"][lower:upper]
    kinds = arrays["e_type"][lower:upper]
    deaths = arrays["e_deaths"][lower:upper]
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
    state = {"codes": codes.tobytes().decode("ascii"), "since": since.tolist(), "events": aggregated, "period": period, "zones": bool(zones)}
    return state, frames.control.iloc[rows], recent


def history(frames: Frames, place_id: str) -> pd.DataFrame:
    """All control periods of one place, oldest first."""
    return frames.control.loc[frames.control["place_id"] == place_id]


def place_events(frames: Frames, place_id: str) -> pd.DataFrame:
    """All events at one place, oldest first."""
    return frames.events.loc[frames.events["place_id"] == place_id]


def table_rows(frames: Frames, events: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The table's rows for some of ``frames.events``: newest first, at most ``limit``.

    ``frames.events`` has a default index, so its labels are its positions.
    """
    return frames.table.take(events.index[::-1][:limit])


def filter_events(
    events: pd.DataFrame,
    factions: tuple[str, ...] | None = None,
    event_types: tuple[str, ...] | None = None,
    countries: tuple[str, ...] | None = None,
    sources: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Apply the sidebar filters; None means "all"."""
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
            "since": _plain(row.start),
            "controller_since": _plain(row.controller_since),
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
