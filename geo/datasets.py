"""Event datasets (UCDP GED, ACLED) read into the project's event schema.

Pure functions over rows (dicts of strings); the CLI and the dashboard open the
files. Each dataset keeps its own precision codes (UCDP where_prec/date_prec,
ACLED geo_precision/time_precision) and sources. A bad row is reported with its
row number and the reason; the good rows of the same file are kept.

>>> rows = [{"event_id_cnty": "SYR1", "event_date": "2017-10-17", "time_precision": "1",
...          "event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory",
...          "actor1": "SDF: Syrian Democratic Forces", "actor2": "IS: Islamic State",
...          "country": "Syria", "location": "Raqqa", "latitude": "35.95", "longitude": "39.01",
...          "geo_precision": "1", "source": "SOHR", "notes": "SDF took Raqqa.", "fatalities": "0"}]
>>> result = read_dataset("acled.csv", rows)
>>> event = result.events[0]
>>> event.controller_after, event.event_type, event.location_precision
('SDF', 'Battles', 1)
"""

from __future__ import annotations

import functools
import math
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .actors import normalise_actor_phrase
from .errors import DatasetFormatError, InputError
from .records import (
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    CONTROLLERS,
    DAY,
    GOVERNMENT_REGAINS,
    IRAQI_GOVERNMENT,
    ISLAMIC_STATE,
    MONTH,
    NON_STATE_OVERTAKES,
    PESHMERGA,
    SDF,
    SYRIAN_GOVERNMENT,
    VIOLENCE_AGAINST_CIVILIANS,
    WEEK,
    YEAR,
    Event,
)
from .timeexpr import precision_of

UCDP_REQUIRED = (
    "id",
    "date_start",
    "date_end",
    "latitude",
    "longitude",
    "where_prec",
    "date_prec",
    "where_coordinates",
    "type_of_violence",
    "side_a",
    "side_b",
)
ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country", "location", "latitude", "longitude")
COUNTRY_CODES = {
    "syria": "SY",
    "iraq": "IQ",
    "turkey": "TR",
    "türkiye": "TR",
    "jordan": "JO",
    "lebanon": "LB",
    "iran": "IR",
    "saudi arabia": "SA",
    "kuwait": "KW",
    "israel": "IL",
}
UCDP_DATE_PRECISION = {1: DAY, 2: WEEK, 3: WEEK, 4: MONTH, 5: YEAR}
ACLED_GEO_TO_WHERE = {1: 1, 2: 2, 3: 4}
_DATASET_ACTORS = [
    (
        re.compile(r"government of syria|military forces of syria|syrian arab army|\bNDF\b|national defen[cs]e forces|hezbollah", re.I),
        SYRIAN_GOVERNMENT,
    ),
    (
        re.compile(
            r"government of iraq|military forces of iraq|police forces of iraq|popular mobili[sz]ation|\bPMF\b|\bPMU\b|hashd|counter[- ]terrorism service",
            re.I,
        ),
        IRAQI_GOVERNMENT,
    ),
    (re.compile(r"\bIS\b|\bISIS\b|\bISIL\b|islamic state|daesh", re.I), ISLAMIC_STATE),
    (re.compile(r"\bSDF\b|syrian democratic forces|\bYPG\b|\bYPJ\b", re.I), SDF),
    (re.compile(r"peshmerga|\bKRG\b|kurdistan regional government", re.I), PESHMERGA),
]


@dataclass(frozen=True)
class DatasetResult:
    """Events read from one dataset file, and one message per rejected row."""

    name: str
    kind: str
    events: tuple[Event, ...]
    errors: tuple[str, ...]


@functools.lru_cache(maxsize=1 << 14)
def dataset_actor(name: str) -> str:
    """A dataset's actor name in our vocabulary when it is one of the controllers; any other name as given.

    >>> dataset_actor("Military Forces of Syria (2000-)"), dataset_actor("Syrian insurgents"), dataset_actor("Civilians")
    ('Syrian government', 'Syrian opposition', 'Civilians')
    """
    text = (name or "").strip()
    for pattern, actor in _DATASET_ACTORS:
        if pattern.search(text):
            return actor
    found = normalise_actor_phrase(text)
    return found if found in CONTROLLERS else text


def detect_kind(columns: list[str]) -> str:
    """'ucdp' or 'acled' from the header; DatasetFormatError for anything else."""
    present = set(columns)
    if set(UCDP_REQUIRED) <= present:
        return "ucdp"
    if set(ACLED_REQUIRED) <= present:
        return "acled"
    return ""


def read_dataset(name: str, rows: list[dict], columns: list[str] | None = None) -> DatasetResult:
    """Read UCDP GED or ACLED rows (dicts of column -> text) into events."""
    columns = list(columns if columns is not None else (rows[0].keys() if rows else []))
    kind = detect_kind(columns)
    if not kind:
        ucdp_missing = [column for column in UCDP_REQUIRED if column not in columns]
        acled_missing = [column for column in ACLED_REQUIRED if column not in columns]
        closest, missing = ("UCDP GED", ucdp_missing) if len(ucdp_missing) <= len(acled_missing) else ("ACLED", acled_missing)
        raise DatasetFormatError(name, f"not a UCDP GED or ACLED file: missing {closest} columns {', '.join(missing)}")
    reader = _ucdp_event if kind == "ucdp" else _acled_event
    events: list[Event] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=2):
        where = f"{name}:{row_number}"
        try:
            event = reader(name, row, where)
        except InputError as error:
            errors.append(str(error))
            continue
        # Two events may share a day, a place and a toll (UCDP has such pairs);
        # only a repeated identifier is a duplicate.
        if event.event_id in seen:
            errors.append(f"{where}: duplicate event id {event.event_id.split('-', 1)[1]} (first on row {seen[event.event_id]}); kept the first")
            continue
        seen[event.event_id] = row_number
        events.append(event)
    return DatasetResult(name, kind, tuple(events), tuple(errors))


def _coordinate(row: dict, where: str) -> tuple[float, float]:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        raise InputError(where, f"latitude/longitude {row.get('latitude')!r}, {row.get('longitude')!r} are not numbers") from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise InputError(where, f"latitude/longitude {row.get('latitude')!r}, {row.get('longitude')!r} are not finite numbers")
    if not (-90 <= latitude <= 90) or not (-180 <= longitude <= 180):
        raise InputError(where, f"coordinates out of range: latitude {latitude}, longitude {longitude}")
    return latitude, longitude


# Years an event of this theatre can have: a year 0001 or 9999 is a typo, and would break every
# date widget that spans the data.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _date(text: str, where: str, column: str) -> date:
    """A dataset date in one of the forms UCDP and ACLED files use, within FIRST_YEAR..LAST_YEAR.

    >>> _date("2017-10-17", "f.csv:2", "event_date"), _date("17 October 2017", "f.csv:2", "event_date")
    (datetime.date(2017, 10, 17), datetime.date(2017, 10, 17))
    """
    text = (text or "").strip()
    day = _day(text)
    if day is None:
        raise InputError(where, f"{column} {text!r} is not a date (expected YYYY-MM-DD)")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(where, f"{column} {text!r}: the year is outside {FIRST_YEAR}-{LAST_YEAR}")
    return day


@functools.lru_cache(maxsize=1 << 16)
def _day(text: str) -> date | None:
    # Memoised: a dataset of a million rows has a few thousand distinct days. ISO first (fromisoformat
    # is fifty times faster than strptime), then the written forms.
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").date()  # "2017-1-5"
    except ValueError:
        pass
    for pattern in ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _int(text: str, default: int | None = None, where: str = "", column: str = "") -> int | None:
    """A whole number, ``default`` when blank or not a number; "inf"/"nan" refuse the row (named by ``where``)."""
    try:
        number = float(text)
    except (TypeError, ValueError):
        return default
    if not math.isfinite(number):
        raise InputError(where or "dataset row", f"{column or 'a number'} {text!r} is not a finite number")
    return int(number)


def _ucdp_event(name: str, row: dict, where: str) -> Event:
    latitude, longitude = _coordinate(row, where)
    start = _date(row.get("date_start", ""), where, "date_start")
    end = _date(row.get("date_end", "") or row.get("date_start", ""), where, "date_end")
    if end < start:
        raise InputError(where, f"date_end {end} is before date_start {start}")
    event_id = _int(row.get("id"))
    if event_id is None:
        raise InputError(where, f"id {row.get('id')!r} is not a number")
    violence = _int(row.get("type_of_violence"), 1)
    event_type, sub_event_type = (VIOLENCE_AGAINST_CIVILIANS, ATTACK) if violence == 3 else (BATTLES, ARMED_CLASH)
    place = (row.get("where_coordinates") or "").strip() or f"{latitude:.3f}, {longitude:.3f}"
    country = COUNTRY_CODES.get((row.get("country") or "").strip().casefold(), "")
    date_code = _int(row.get("date_prec"), 1)
    headline = (row.get("source_headline") or "").strip()
    office = (row.get("source_office") or row.get("source_original") or "").strip()
    published = None
    source_date = (row.get("source_date") or "").split(";")[0].strip()
    source_note = ""
    if re.match(r"^\d{4}-\d\d-\d\d", source_date):
        # the source's date is metadata: a typo in it ("2017-02-30", "2109-10-28") leaves the event undated by
        # its source, said in its notes, rather than refusing an event whose own dates are right
        try:
            published = _date(source_date[:10], where, "source_date")
        except InputError as error:
            source_note = f"; {str(error).split(': ', 1)[1]}, ignored"
    return Event(
        event_id=f"ucdp-{event_id}",
        event_date=start,
        date_end=end,
        date_precision=UCDP_DATE_PRECISION.get(date_code, precision_of(start, end)),
        place=sys.intern(place),
        place_id=sys.intern(f"ucdp:{place}@{latitude:.4f},{longitude:.4f}"),
        latitude=latitude,
        longitude=longitude,
        country_code=country,
        location_precision=_int(row.get("where_prec"), 1) or 1,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=dataset_actor(row.get("side_a", "")),
        actor2=dataset_actor(row.get("side_b", "")),
        controller_before="",
        controller_after="",
        contested=False,
        source=name,
        published=published,
        quote=headline,
        origin="ucdp",
        fatalities=_int(row.get("best"), None, where, "best"),
        notes=f"UCDP where_prec {row.get('where_prec', '').split('.')[0]}, date_prec {date_code}; source: {office}{source_note}".strip(),
    )


def _acled_event(name: str, row: dict, where: str) -> Event:
    latitude, longitude = _coordinate(row, where)
    event_id = (row.get("event_id_cnty") or "").strip()
    if not event_id:
        raise InputError(where, "event_id_cnty is empty")
    day = _date(row.get("event_date", ""), where, "event_date")
    precision_code = _int(row.get("time_precision"), 1)
    if precision_code == 2:
        start, end = day - timedelta(days=3), day + timedelta(days=3)
    elif precision_code == 3:
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        start = end = day
    event_type = sys.intern((row.get("event_type") or "").strip())
    sub_event_type = sys.intern((row.get("sub_event_type") or "").strip())
    if not event_type:
        raise InputError(where, "event_type is empty")
    actor1 = dataset_actor(row.get("actor1", ""))
    actor2 = dataset_actor(row.get("actor2", ""))
    controller_after = actor1 if sub_event_type in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES) and actor1 in CONTROLLERS else ""
    controller_before = actor2 if controller_after and actor2 in CONTROLLERS else ""
    geo_precision = _int(row.get("geo_precision"), 1)
    country = COUNTRY_CODES.get((row.get("country") or "").strip().casefold(), "")
    return Event(
        event_id=f"acled-{event_id}",
        event_date=start,
        date_end=end,
        date_precision={1: DAY, 2: WEEK, 3: MONTH}.get(precision_code, DAY),
        # interned: a million rows name a few thousand places, each string kept once
        place=sys.intern((row.get("location") or "").strip()),
        place_id=sys.intern(f"acled:{(row.get('location') or '').strip()}@{latitude:.4f},{longitude:.4f}"),
        latitude=latitude,
        longitude=longitude,
        country_code=country,
        location_precision=ACLED_GEO_TO_WHERE.get(geo_precision, 1),
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        controller_before=controller_before,
        controller_after=controller_after,
        contested=event_type == BATTLES and geo_precision == 1,
        source=name,
        published=None,
        quote=(row.get("notes") or "").strip(),
        origin="acled",
        fatalities=_int(row.get("fatalities"), None, where, "fatalities"),
        notes=sys.intern(f"ACLED geo_precision {geo_precision}, time_precision {precision_code}; source: {(row.get('source') or '').strip()}"),
    )
