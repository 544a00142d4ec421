"""Analyst corrections from the place panel: kept in the store (exported to ``overrides.csv``), re-applied by every build.

Each event correction records the content it was made on, so it follows the event when its article is
edited; the corrections no event carries any more (orphaned) are listed in the sidebar.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import streamlit as st

from geo.csvio import read_build_bytes
from geo.errors import ConflictMapError
from geo.ingest import record_correction
from geo.overrides import OVERRIDES_FILE, consistent_type, describe, event_content, parse_content
from geo.records import CONTROLLERS, TAXONOMY

from . import ingest
from .text import md

SUB_TYPES = [sub for subs in TAXONOMY.values() for sub in subs]
EVENT_TYPE_OF = {sub: event_type for event_type, subs in TAXONOMY.items() for sub in subs}


ORPHANED_FILE = "orphaned.csv"  # written by every build (geo.csvio.write_build)


def _save(folder: Path, changes: list[tuple[str, str, str, str]], note: str, what: str, content: str = "") -> None:
    """Record each (target type, target id, field, value) made on ``content``, then rebuild and show it."""
    if not changes:
        st.info("Nothing changed.")
        return
    try:
        for target_type, target_id, field, value in changes:
            record_correction(folder, target_type, target_id, field, value, note, content=content)
    except ConflictMapError as error:
        st.error(md(str(error)))
        return
    message = f"Corrected {what}; the correction is kept in the store (exported to {OVERRIDES_FILE}) and re-applied by every build."
    if ingest.run_rebuild(folder, message, corrections_only=True):
        # shown after the rerun where the analyst is looking (the upload panel may be closed)
        st.session_state.correction_message = message
        st.rerun()


def confirm() -> None:
    """The confirmation of the last correction saved, once, as a toast."""
    message = st.session_state.pop("correction_message", "")
    if message:
        st.toast(md(message), icon="✅")


def place_form(folder: Path, place_id: str, latitude: float, longitude: float) -> None:
    """Move a place (its coordinates)."""
    with st.popover("Correct this place's position", width="stretch"), st.form(key=f"fix_place_{place_id}", border=False):
        new_latitude = st.number_input("Latitude", min_value=-90.0, max_value=90.0, value=float(latitude), format="%.5f", key=f"fix_lat_{place_id}")
        new_longitude = st.number_input("Longitude", min_value=-180.0, max_value=180.0, value=float(longitude), format="%.5f", key=f"fix_lon_{place_id}")
        note = st.text_input("Why (source of the coordinates)", key=f"fix_place_note_{place_id}")
        if st.form_submit_button("Save correction"):
            changes = [
                ("place", place_id, field, f"{value:.5f}")
                for field, value, old in (("latitude", new_latitude, latitude), ("longitude", new_longitude, longitude))
                if abs(value - old) > 5e-6
            ]
            _save(folder, changes, note, "the place's position")


def event_form(folder: Path, event) -> None:
    """Correct one event's date, type or resulting controller, or mark it "not an event"."""
    with st.popover("Correct", width="content"), st.form(key=f"fix_event_{event.event_id}", border=False):
        new_date = st.date_input("Date", value=event.event_date.date(), key=f"fix_date_{event.event_id}", format="YYYY-MM-DD")
        current_sub = event.sub_event_type if event.sub_event_type in SUB_TYPES else SUB_TYPES[0]
        new_sub = st.selectbox("Type", SUB_TYPES, index=SUB_TYPES.index(current_sub), key=f"fix_type_{event.event_id}")
        holders = ["(no change of control)", *CONTROLLERS]
        current_holder = event.controller_after if event.controller_after in CONTROLLERS else holders[0]
        new_holder = st.selectbox("Held by afterwards", holders, index=holders.index(current_holder), key=f"fix_holder_{event.event_id}")
        not_event = st.checkbox("Not an event (drop it from the map and the timeline)", key=f"fix_drop_{event.event_id}")
        note = st.text_input("Why", key=f"fix_note_{event.event_id}")
        if st.form_submit_button("Save correction"):
            changes = []
            if new_date != event.event_date.date():
                changes += [("event", event.event_id, "event_date", new_date.isoformat()), ("event", event.event_id, "date_end", new_date.isoformat())]
                changes.append(("event", event.event_id, "date_precision", "day"))
            if new_sub != event.sub_event_type:
                changes += [("event", event.event_id, "event_type", EVENT_TYPE_OF[new_sub]), ("event", event.event_id, "sub_event_type", new_sub)]
            holder = "" if new_holder == holders[0] else new_holder
            if holder != event.controller_after:
                changes.append(("event", event.event_id, "controller_after", holder))
                implied = consistent_type(event.sub_event_type, holder, new_sub)
                if implied != new_sub:
                    changes += [("event", event.event_id, "event_type", EVENT_TYPE_OF[implied]), ("event", event.event_id, "sub_event_type", implied)]
            if not_event:
                changes.append(("event", event.event_id, "not_event", "true"))
            _save(folder, changes, note, f"event {event.event_id}", content=event_content(event))


@st.cache_data(show_spinner=False, max_entries=8)
def _orphans(folder: str, stamp: int) -> list[dict]:
    """The orphaned corrections of a build (``stamp``: the file's mtime, so a rebuild reads it again)."""
    # one set with the tables shown: under the build's lock, checked against its manifest
    data = read_build_bytes(Path(folder), (ORPHANED_FILE,)).get(ORPHANED_FILE, b"")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def orphaned(folder: Path) -> None:
    """The corrections the last build could not attach to any event: what each changed, the sentence it
    was made on, when and by whom. Nothing is shown when every correction found its event."""
    path = folder / ORPHANED_FILE
    try:
        rows = _orphans(str(folder), path.stat().st_mtime_ns) if path.exists() else []
    except (ConflictMapError, OSError, UnicodeError, csv.Error) as error:
        st.sidebar.warning(f"{md(path)}: cannot be read ({md(error)}); rebuild to list the corrections not applied.")
        return
    if not rows:
        return
    count = len(rows)
    with st.sidebar.expander(f"⚠️ {count} correction{'' if count == 1 else 's'} not applied (orphaned)"):
        st.caption(
            "Their event is no longer produced (its sentence was edited or removed), and no single event of this build has "
            f"the content they were made on. They stay in {OVERRIDES_FILE} and are applied nowhere else."
        )
        st.markdown("\n".join(_orphan_line(row) for row in rows))


def _orphan_line(row: dict) -> str:
    """One orphaned correction as a Markdown list item; every value is escaped."""
    content = parse_content(row.get("content", ""))
    change = describe({row["field"]: row["value"]}) if row["field"] != "not_event" else "marked not an event"
    said = f"made on “{md(content['quote'])}” ({md(content['source'])})" if content.get("quote") else "made before corrections kept their sentence"
    who = f" by {md(row['author'])}" if row.get("author") else ""
    why = f" · note: {md(row['note'])}" if row.get("note") else ""
    when = md(row.get("recorded_at", ""))
    return f"- **{md(row['target_type'])} {md(row['target_id'])}**: {md(change)} · {said} · {when}{who}{why} · *{md(row.get('reason', ''))}*"
