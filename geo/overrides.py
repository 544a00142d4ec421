"""Analyst corrections, kept in ``overrides.csv`` and re-applied by every build.

One row per correction: which place or event, which field, the new value, a
note, who recorded it and when (UTC), and the content of the event it was made
on (``content``: its source file, sentence, place and sub-event type, as
compact JSON). Later rows win over earlier ones for the same field, so the file
is a readable, versionable log.

An event's id changes when its article is edited; its content does not. A
correction whose event id is gone is re-attached to the one current event with
the same content; when none or several have it, it is *orphaned*: listed
(:class:`Orphan`), never applied to another event, never deleted.

>>> row = {"target_type": "event", "target_id": "e1", "field": "not_event", "value": "true", "note": "a quote", "recorded_at": "2026-11-21T10:00:00Z"}
>>> table = Overrides([row])
>>> table.corrections_for("event", "e1")["not_event"]
'true'
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path

from . import locks
from .csvio import csv_text
from .datasets import FIRST_YEAR, LAST_YEAR
from .errors import InputError
from .records import ARMED_CLASH, CONTROLLERS, GOVERNMENT_REGAINS, GOVERNMENTS, NON_STATE_OVERTAKES, PRECISIONS, TAXONOMY, Event
from .textfile import decode_text

OVERRIDES_FILE = "overrides.csv"
COLUMNS = ("target_type", "target_id", "field", "value", "note", "recorded_at", "author", "content")
REQUIRED = COLUMNS[:6]  # files written before corrections kept their author and content still read
CONTENT_KEYS = ("source", "quote", "place_id", "sub_event_type")  # what identifies an event beyond its id
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
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(where, f"{value!r} is not a YYYY-MM-DD date") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # as for dataset rows: the timeline cannot reach year 1 or 9999
            raise InputError(where, f"{value!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return day.isoformat()
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


def event_content(event) -> str:
    """The content a correction is made on, as compact JSON: an Event, or a row of the events table.

    >>> from types import SimpleNamespace
    >>> event_content(SimpleNamespace(source="a.txt", quote="Troops took Rawa.", place_id="p1", sub_event_type="Armed clash"))
    '{"source":"a.txt","quote":"Troops took Rawa.","place_id":"p1","sub_event_type":"Armed clash"}'
    """
    return json.dumps({key: str(getattr(event, key) or "") for key in CONTENT_KEYS}, ensure_ascii=False, separators=(",", ":"))


def parse_content(text: str) -> dict[str, str]:
    """A row's ``content`` back as a dict; empty (or not ours) for a row recorded without it.

    >>> parse_content('{"source":"a.txt","quote":"Q","place_id":"p1","sub_event_type":""}')["quote"], parse_content("")
    ('Q', {})
    """
    try:
        content = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not content or not isinstance(content, dict):
        return {}
    return {key: str(content.get(key) or "") for key in CONTENT_KEYS}


@dataclass(frozen=True)
class Orphan:
    """A correction that no current event (or place) carries: kept in the table, applied nowhere.

    ``reason`` says why: its event is gone and no current event, or several, have its content.
    """

    target_type: str
    target_id: str
    field: str
    value: str
    note: str
    recorded_at: str
    content: str
    author: str = ""
    reason: str = ""


ORPHAN_COLUMNS = tuple(item.name for item in fields(Orphan))


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
        # a hand edit saved as cp1252 reads line by line; a binary file is one line naming it
        return cls.parse(decode_text(str(path), path.read_bytes(), "save overrides.csv as CSV text"), str(path))

    @classmethod
    def parse(cls, text: str, where: str = OVERRIDES_FILE) -> Overrides:
        reader = csv.DictReader(io.StringIO(text))
        missing = set(REQUIRED) - set(reader.fieldnames or ())
        if missing:
            raise InputError(where, f"missing columns {', '.join(sorted(missing))}")
        # every row has every column: an older file lacks author and content, a short line its last cells
        return cls([{column: row.get(column) or "" for column in COLUMNS} for row in reader])

    def corrections_for(self, target_type: str, target_id: str) -> dict[str, str]:
        """field -> latest value for one place or event."""
        latest: dict[str, str] = {}
        for row in self.rows:
            if row["target_type"] == target_type and row["target_id"] == target_id:
                latest[row["field"]] = row["value"]
        return latest

    def apply(self, events: list[Event], places: list) -> tuple[list[Event], list, list[str], tuple[Orphan, ...]]:
        """Apply every correction; return events, places, notes (re-attached and orphaned rows) and the orphans.

        The table itself is never changed: a re-attached row keeps its old id in the file and is
        re-attached again by every build, and an orphan stays until an analyst removes it.
        """
        valid, notes, invalid = _valid_rows(self.rows)
        attached, attach_notes, orphans = _attach(valid, events, {row.place_id for row in places})
        notes, orphans = notes + attach_notes, invalid + orphans
        table = Overrides(attached)
        place_fixes = {place_id: table.corrections_for("place", place_id) for place_id in {r["target_id"] for r in attached if r["target_type"] == "place"}}
        new_places = []
        for row in places:
            fix = place_fixes.get(row.place_id)
            if fix:
                latitude = float(fix.get("latitude", row.latitude))
                longitude = float(fix.get("longitude", row.longitude))
                row = replace(row, latitude=latitude, longitude=longitude, corrected=describe(fix))
            new_places.append(row)
        event_fixes = {event_id: table.corrections_for("event", event_id) for event_id in {r["target_id"] for r in attached if r["target_type"] == "event"}}
        new_events = []
        for event in events:
            fix = event_fixes.get(event.event_id, {})
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
                described = describe({**fix, **({"place": "corrected"} if place_fix else {})})
                event = replace(event, corrected=described, **changes)
            new_events.append(event)
        return new_events, new_places, notes, orphans


def _attach(rows: list[dict], events: list[Event], place_ids: set[str]) -> tuple[list[dict], list[str], tuple[Orphan, ...]]:
    """The rows that apply to this build, each with the id it applies to; notes; the orphans.

    A row whose event id is gone goes to the one current event that has the content it was made
    on. The sub-event type is the one part of that content a correction can change, so an event
    matches with the type recorded on any row of the old id or set by one of them: the row
    recorded after a type correction saw the corrected type, the build sees the original.
    """
    event_ids = {event.event_id for event in events}
    by_content: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for event in events:
        by_content[(event.source, event.quote, event.place_id)].append(event)
    stale: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["target_type"] == "event" and row["target_id"] not in event_ids:
            stale[row["target_id"]].append(row)
    moved: dict[str, str] = {}
    reasons: dict[str, str] = {}
    notes: list[str] = []
    for old_id, group in stale.items():
        contents = [content for content in (parse_content(row.get("content", "")) for row in group) if content]
        fields_ = ", ".join(dict.fromkeys(row["field"] for row in group))
        keys = {(content["source"], content["quote"], content["place_id"]) for content in contents}
        if len(keys) != 1:
            reasons[old_id] = "recorded without the content of its event" if not keys else "its rows were recorded on different contents"
        else:
            types = {content["sub_event_type"] for content in contents} | {row["value"] for row in group if row["field"] == "sub_event_type"}
            matches = [event for event in by_content.get(next(iter(keys)), []) if event.sub_event_type in types]
            if len(matches) == 1:
                moved[old_id] = matches[0].event_id
                notes.append(f"event {old_id} no longer exists; its {fields_} correction is re-attached to event {matches[0].event_id}, which has its content")
                continue
            reasons[old_id] = "no current event has its content" if not matches else f"{len(matches)} current events have its content; none is chosen"
        notes.append(f"event {old_id} no longer exists and {reasons[old_id]}; its {fields_} correction is kept but not applied (orphaned)")
    attached: list[dict] = []
    orphans: list[Orphan] = []
    for row in rows:
        target = row["target_id"]
        if row["target_type"] == "event" and target in moved:
            attached.append({**row, "target_id": moved[target]})
        elif row["target_type"] == "event" and target in reasons:
            orphans.append(_orphan(row, reasons[target]))
        elif row["target_type"] == "place" and target not in place_ids:
            notes.append(f"place {target} no longer exists; its {row['field']} correction is kept but not applied (orphaned)")
            orphans.append(_orphan(row, "the place is no longer in the data"))
        else:
            attached.append(row)
    return attached, notes, tuple(orphans)


def _valid_rows(rows: list[dict]) -> tuple[list[dict], list[str], tuple[Orphan, ...]]:
    """The rows :func:`validate` accepts; a hand-edited row it refuses is kept, applied nowhere, and said so.

    >>> _valid_rows([{"target_type": "event", "target_id": "e1", "field": "colour", "value": "red"}])[1]
    ["correction of event colour: an event's 'colour' cannot be corrected; use one of event_date, date_end, date_precision, \
event_type, sub_event_type, controller_before, controller_after, contested, not_event; kept but not applied (event e1)"]
    """
    valid, notes, invalid = [], [], []
    for row in rows:
        try:
            validate(row["target_type"], row["field"], row["value"])
        except InputError as error:
            notes.append(f"{error}; kept but not applied ({row['target_type']} {row['target_id']})")
            invalid.append(_orphan(row, f"not a valid correction: {error.reason}"))
            continue
        valid.append(row)
    return valid, notes, tuple(invalid)


def _orphan(row: dict, reason: str) -> Orphan:
    return Orphan(**{column: row.get(column) or "" for column in ORPHAN_COLUMNS if column != "reason"}, reason=reason)


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


def describe(fix: dict[str, str]) -> str:
    """A correction as an analyst reads it.

    >>> describe({"controller_after": "Iraqi government", "event_date": "2017-10-26"})
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


def append_override(
    path: Path, target_type: str, target_id: str, field: str, value: str, note: str = "", *, content: str = "", author: str | None = None
) -> dict:
    """Record one correction safely: validated, under an exclusive lock, atomically.

    ``content`` is :func:`event_content` of the event it is made on (so it follows the event when
    its article is edited); ``author`` defaults to the user running the process. Two dashboard
    sessions saving at the same moment both land: the lock serialises them and each rewrite
    starts from the file as the other left it.
    """
    row = correction_row(target_type, target_id, field, value, note, content=content, author=author)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locks.locked(path.with_name(path.name + ".lock"), "recording a correction"):
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        if existing.strip() and next(csv.reader(io.StringIO(existing)), []) != list(COLUMNS):
            # a file from before author and content: its rows are written again under today's header
            existing = csv_text(COLUMNS, Overrides.parse(existing, str(path)).rows)
        _write_atomic(path, existing + csv_text(COLUMNS, [row], header=not existing.strip()))
    return row


def correction_row(target_type: str, target_id: str, field: str, value: str, note: str = "", *, content: str = "", author: str | None = None) -> dict:
    """One validated correction as the table keeps it, recorded now (UTC) by ``author`` (default: this user).

    >>> correction_row("event", "e1", "contested", "true", author="A. Analyst")["author"]
    'A. Analyst'
    """
    return {
        "target_type": target_type,
        "target_id": target_id,
        "field": field,
        "value": validate(target_type, field, value),
        "note": " ".join(note.split()),
        "recorded_at": utc_now(),
        "author": " ".join((default_author() if author is None else author).split()),
        "content": content,
    }


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with a "Z" (a correction's ``recorded_at``), e.g. "2026-12-01T12:00:00Z"."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_author() -> str:
    """The user running the process, or "" where the system cannot tell."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no login name in the environment and no passwd entry
        return ""


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
