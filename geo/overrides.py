"""Analyst corrections, kept in ``overrides.csv`` and re-applied by every build.

One row per correction: which place or event, which field, the new value, a
note and when it was recorded. Later rows win over earlier ones for the same
field, so the file is a readable, versionable log. A correction whose target no
longer exists is reported, not fatal.

>>> row = {"target_type": "event", "target_id": "e1", "field": "not_event", "value": "true", "note": "a quote", "recorded_at": "2026-11-21T10:00:00"}
>>> table = Overrides([row])
>>> table.corrections_for("event", "e1")["not_event"]
'true'
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from . import locks
from .csvio import csv_text
from .errors import InputError
from .records import ARMED_CLASH, CONTROLLERS, GOVERNMENT_REGAINS, GOVERNMENTS, NON_STATE_OVERTAKES, PRECISIONS, TAXONOMY, Event

OVERRIDES_FILE = "overrides.csv"
COLUMNS = ("target_type", "target_id", "field", "value", "note", "recorded_at")
PLACE_FIELDS = ("latitude", "longitude")
EVENT_FIELDS = (
    "event_date",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "controller_before",
    "controller_after",
    "contested",
    "not_event",
)


def validate(target_type: str, field: str, value: str) -> str:
    """Check one correction; return the value to store or raise a one-line InputError."""
    where = f"correction of {target_type} {field}"
    if target_type == "place":
        if field not in PLACE_FIELDS:
            raise InputError(where, f"a place's {field!r} cannot be corrected; use one of {', '.join(PLACE_FIELDS)}")
        try:
            number = float(value)
        except ValueError:
            raise InputError(where, f"{value!r} is not a number") from None
        limit = 90 if field == "latitude" else 180
        if not -limit <= number <= limit:
            raise InputError(where, f"{number} is out of range (±{limit})")
        return f"{number:.5f}"
    if target_type != "event":
        raise InputError(where, "target_type must be 'place' or 'event'")
    if field not in EVENT_FIELDS:
        raise InputError(where, f"an event's {field!r} cannot be corrected; use one of {', '.join(EVENT_FIELDS)}")
    if field in ("event_date", "date_end"):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise InputError(where, f"{value!r} is not a YYYY-MM-DD date") from None
    if field == "date_precision" and value not in PRECISIONS:
        raise InputError(where, f"{value!r} is not one of {', '.join(PRECISIONS)}")
    if field == "event_type" and value not in TAXONOMY:
        raise InputError(where, f"{value!r} is not an ACLED event type")
    if field == "sub_event_type" and value and not any(value in subs for subs in TAXONOMY.values()):
        raise InputError(where, f"{value!r} is not an ACLED sub-event type")
    if field in ("controller_before", "controller_after") and value and value not in CONTROLLERS:
        raise InputError(where, f"{value!r} is not one of {', '.join(CONTROLLERS)}")
    if field in ("contested", "not_event") and value not in ("true", "false"):
        raise InputError(where, f"{value!r} must be true or false")
    return value


@dataclass
class Overrides:
    """The corrections table, in file order."""

    rows: list[dict]

    @classmethod
    def read(cls, path: Path) -> Overrides:
        """Read ``overrides.csv``; a missing file is an empty table."""
        path = Path(path)
        if not path.exists():
            return cls([])
        return cls.parse(path.read_text(encoding="utf-8"), str(path))

    @classmethod
    def parse(cls, text: str, where: str = OVERRIDES_FILE) -> Overrides:
        reader = csv.DictReader(io.StringIO(text))
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise InputError(where, f"missing columns {', '.join(sorted(missing))}")
        return cls([dict(row) for row in reader])

    def corrections_for(self, target_type: str, target_id: str) -> dict[str, str]:
        """field -> latest value for one place or event."""
        latest: dict[str, str] = {}
        for row in self.rows:
            if row["target_type"] == target_type and row["target_id"] == target_id:
                latest[row["field"]] = row["value"]
        return latest

    def apply(self, events: list[Event], places: list) -> tuple[list[Event], list, list[str]]:
        """Apply every correction; return events, places and notes about stale rows."""
        notes: list[str] = []
        place_ids = {row.place_id for row in places}
        event_ids = {event.event_id for event in events}
        for row in self.rows:
            known = place_ids if row["target_type"] == "place" else event_ids
            if row["target_id"] not in known:
                notes.append(f"{row['target_type']} {row['target_id']} no longer exists; its {row['field']} correction is kept but not applied")
        place_fixes = {place_id: self.corrections_for("place", place_id) for place_id in {r["target_id"] for r in self.rows if r["target_type"] == "place"}}
        new_places = []
        for row in places:
            fix = place_fixes.get(row.place_id)
            if fix:
                latitude = float(fix.get("latitude", row.latitude))
                longitude = float(fix.get("longitude", row.longitude))
                row = replace(row, latitude=latitude, longitude=longitude, corrected=_describe(fix))
            new_places.append(row)
        new_events = []
        for event in events:
            fix = self.corrections_for("event", event.event_id)
            place_fix = place_fixes.get(event.place_id)
            if fix.get("not_event") == "true":
                continue
            changes = {}
            for field, value in fix.items():
                if field == "not_event":
                    continue
                if field in ("event_date", "date_end"):
                    changes[field] = date.fromisoformat(value)
                elif field == "contested":
                    changes[field] = value == "true"
                else:
                    changes[field] = value
            if "event_date" in changes and "date_end" not in changes and changes["event_date"] > event.date_end:
                changes["date_end"] = changes["event_date"]
            if place_fix:
                changes["latitude"] = float(place_fix.get("latitude", event.latitude))
                changes["longitude"] = float(place_fix.get("longitude", event.longitude))
            if changes:
                described = _describe({**fix, **({"place": "corrected"} if place_fix else {})})
                event = replace(event, corrected=described, **changes)
            new_events.append(event)
        return new_events, new_places, notes


_DESCRIBED = {
    "event_date": "dated {}",
    "date_end": "until {}",
    "date_precision": "dated to the {}",
    "event_type": "type {}",
    "sub_event_type": "sub-type {}",
    "controller_before": "held by {} before",
    "controller_after": "held by {} afterwards",
    "contested": "contested: {}",
    "latitude": "latitude {}",
    "longitude": "longitude {}",
    "place": "place position {}",
}


def _describe(fix: dict[str, str]) -> str:
    """A correction as an analyst reads it.

    >>> _describe({"controller_after": "Iraqi government", "event_date": "2017-10-26"})
    'held by Iraqi government afterwards; dated 2017-10-26'
    """
    parts = []
    for field, value in sorted(fix.items()):
        if field == "controller_after" and not value:
            parts.append("no change of control")
        else:
            parts.append(_DESCRIBED.get(field, field + " {}").format(value))
    return "; ".join(parts)


def consistent_type(sub_event_type: str, holder: str, chosen: str) -> str:
    """The sub-event type a corrected holder implies when the analyst left the type as it was: a town
    taken is "regains" or "overtakes"; no change of control is no capture.

    >>> consistent_type("Armed clash", "Iraqi government", "Armed clash")
    'Government regains territory'
    """
    if chosen != sub_event_type:
        return chosen  # the analyst chose a type: it stands
    if holder:
        return GOVERNMENT_REGAINS if holder in GOVERNMENTS else NON_STATE_OVERTAKES
    return ARMED_CLASH if sub_event_type in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES) else sub_event_type


def append_override(path: Path, target_type: str, target_id: str, field: str, value: str, note: str = "") -> dict:
    """Record one correction safely: validated, under an exclusive lock, atomically.

    Two dashboard sessions saving at the same moment both land: the lock
    serialises them and each rewrite starts from the file as the other left it.
    """
    value = validate(target_type, field, value)
    row = {
        "target_type": target_type,
        "target_id": target_id,
        "field": field,
        "value": value,
        "note": " ".join(note.split()),
        "recorded_at": datetime.now().isoformat(timespec="seconds"),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locks.locked(path.with_name(path.name + ".lock"), "recording a correction"):
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        _write_atomic(path, existing + csv_text(COLUMNS, [row], header=not existing.strip()))
    return row


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
