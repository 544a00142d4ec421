"""Corrections stay attached to the content they were made on (issue 14): an edited article keeps them,
a deleted sentence orphans them (listed, applied nowhere, never deleted)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest
from support import ROOT, SEEDS, read_csv

from geo.csvio import write_build
from geo.overrides import COLUMNS, ORPHAN_COLUMNS, OVERRIDES_FILE, Orphan, Overrides, append_override, event_content
from geo.pipeline import ArticleInput, build

SOURCE = "euphrates.txt"
TAKEN = "Iraqi forces retook the town of Anah from Islamic State on Thursday."
CLASH = "Fighting was reported near Rawa, where militants shelled an army post."
ARTICLE = f"Title: Troops advance along the Euphrates\nPublished: 2017-10-05\n\n{TAKEN}\n\n{CLASH}\n"
# the same article edited: a sentence added at the top, a typo fixed in another sentence
EDITED = ARTICLE.replace("2017-10-05\n\n", "2017-10-05\n\nAid groups said the main road west was closed to civilians.\n\n").replace(
    "army post", "army outpost"
)
WITHOUT_TAKEN = ARTICLE.replace(f"{TAKEN}\n\n", "")


def _build(gazetteer, text, overrides=None):
    result = build([ArticleInput(SOURCE, text)], gazetteer, overrides=overrides)
    assert not result.rejected, result.rejected
    return result


def _at(result, place):
    [event] = [event for event in result.events if event.place == place]
    return event


def _correct(path, event, field, value, note=""):
    return append_override(path, "event", event.event_id, field, value, note, content=event_content(event), author="Test Analyst")


def test_a_correction_survives_a_sentence_added_at_the_top_of_its_article(gazetteer, tmp_path):
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    path = tmp_path / OVERRIDES_FILE
    _correct(path, anah, "event_date", "2017-10-03", "the town fell two days before the report")
    _correct(path, anah, "date_end", "2017-10-03")
    edited = _build(gazetteer, EDITED, Overrides.read(path))
    moved = _at(edited, "Anah")
    assert (moved.event_date, moved.date_end) == (date(2017, 10, 3), date(2017, 10, 3))
    assert "dated 2017-10-03" in moved.corrected
    assert not _at(edited, "Rawa").corrected  # applied to its own event only
    assert edited.orphaned == ()
    if moved.event_id != anah.event_id:  # ids derived from the article's whole text change with any edit
        assert any(f"event {anah.event_id} no longer exists" in note and f"re-attached to event {moved.event_id}" in note for note in edited.notes)
    # the file is not rewritten: the row keeps the id it was made on, and is re-attached by every build
    assert [row["target_id"] for row in read_csv(path)] == [anah.event_id, anah.event_id]


def test_a_correction_whose_sentence_was_deleted_is_orphaned_not_applied_elsewhere_and_kept(gazetteer, tmp_path):
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    path = tmp_path / OVERRIDES_FILE
    row = _correct(path, anah, "not_event", "true", "a rumour")
    table = Overrides.read(path)
    result = _build(gazetteer, WITHOUT_TAKEN, table)
    assert [event.place for event in result.events] == ["Rawa"]  # the other event is neither dropped nor corrected
    assert not result.events[0].corrected
    [orphan] = result.orphaned
    assert orphan == Orphan(
        "event", anah.event_id, "not_event", "true", "a rumour", row["recorded_at"], event_content(anah), "Test Analyst", "no current event has its content"
    )
    assert any(f"event {anah.event_id} no longer exists" in note and "orphaned" in note for note in result.notes)
    assert [dict(row) for row in read_csv(path)] == [row]  # still in the table, as recorded
    assert len(table.rows) == 1 and table.rows[0]["target_id"] == anah.event_id


def test_a_correction_made_on_a_sentence_that_was_then_edited_is_orphaned(gazetteer, tmp_path):
    """The sentence is part of the content: a reworded sentence may say something else, so nothing is guessed."""
    rawa = _at(_build(gazetteer, ARTICLE), "Rawa")
    path = tmp_path / OVERRIDES_FILE
    _correct(path, rawa, "contested", "true")
    edited = _build(gazetteer, EDITED, Overrides.read(path))
    assert not any(event.corrected for event in edited.events)
    assert [(orphan.target_id, orphan.field) for orphan in edited.orphaned] == [(rawa.event_id, "contested")]


def test_two_events_with_the_same_content_orphan_the_correction_instead_of_guessing(gazetteer):
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    twins = [replace(anah, event_id="e-first"), replace(anah, event_id="e-second", date_end=date(2017, 10, 6))]
    row = {"target_type": "event", "target_id": "e-gone", "field": "controller_after", "value": "", "note": "", "recorded_at": "2026-12-01T10:00:00Z"}
    table = Overrides([{**row, "author": "", "content": event_content(anah)}])
    events, _, notes, orphans = table.apply(twins, [])
    assert events == twins
    assert [orphan.reason for orphan in orphans] == ["2 current events have its content; none is chosen"]
    assert any("e-gone" in note and "orphaned" in note for note in notes)


def test_a_correction_recorded_after_a_type_correction_still_finds_its_event(gazetteer):
    """The second correction saw the corrected type; the build sees the original one."""
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    shown = replace(anah, event_type="Battles", sub_event_type="Armed clash")
    base = {"target_type": "event", "target_id": "e-old", "note": "", "recorded_at": "2026-12-01T10:00:00Z", "author": ""}
    table = Overrides(
        [
            {**base, "field": "sub_event_type", "value": "Armed clash", "content": event_content(anah)},
            {**base, "field": "controller_after", "value": "", "content": event_content(shown)},
        ]
    )
    [event], _, notes, orphans = table.apply([anah], [])
    assert (event.sub_event_type, event.controller_after, orphans) == ("Armed clash", "", ())
    assert any(f"re-attached to event {anah.event_id}" in note for note in notes)


def test_an_overrides_file_without_author_and_content_reads_and_takes_new_rows(gazetteer, tmp_path):
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    path = tmp_path / OVERRIDES_FILE
    old_row = f"event,{anah.event_id},contested,true,checked by phone,2026-11-21T10:00:00\n"
    gone_row = "event,e-long-gone,not_event,true,,2026-11-21T11:00:00\n"
    path.write_text("target_type,target_id,field,value,note,recorded_at\n" + old_row + gone_row, encoding="utf-8")
    table = Overrides.read(path)
    assert [(row["target_id"], row["author"], row["content"]) for row in table.rows] == [(anah.event_id, "", ""), ("e-long-gone", "", "")]
    events, _, _, orphans = table.apply([anah], [])
    assert events[0].contested is True  # its id still exists: applied as before
    assert [(orphan.target_id, orphan.reason) for orphan in orphans] == [("e-long-gone", "recorded without the content of its event")]
    _correct(path, anah, "date_precision", "week")
    rows = read_csv(path)
    assert tuple(rows[0]) == COLUMNS
    assert [(row["target_id"], row["field"], row["note"], row["recorded_at"]) for row in rows[:2]] == [
        (anah.event_id, "contested", "checked by phone", "2026-11-21T10:00:00"),
        ("e-long-gone", "not_event", "", "2026-11-21T11:00:00"),
    ]
    assert json.loads(rows[2]["content"])["quote"] == TAKEN


@pytest.fixture
def baghdad_clock(monkeypatch):
    """The process's local time three hours ahead of UTC, so a local timestamp would show."""
    monkeypatch.setenv("TZ", "Asia/Baghdad")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_recorded_at_is_utc_and_the_author_defaults_to_the_user(tmp_path, monkeypatch, baghdad_clock):
    monkeypatch.setenv("LOGNAME", "analyst-on-duty")
    before = datetime.now(UTC).replace(microsecond=0)
    row = append_override(tmp_path / OVERRIDES_FILE, "place", "p1", "latitude", "35.1")
    after = datetime.now(UTC)
    assert row["recorded_at"].endswith("Z")
    recorded = datetime.fromisoformat(row["recorded_at"].removesuffix("Z")).replace(tzinfo=UTC)
    assert before <= recorded <= after + timedelta(seconds=1)
    assert (row["author"], row["content"]) == ("analyst-on-duty", "")
    assert read_csv(tmp_path / OVERRIDES_FILE) == [row]


def test_the_build_writes_its_orphans_beside_the_tables(gazetteer, tmp_path):
    anah = _at(_build(gazetteer, ARTICLE), "Anah")
    _correct(tmp_path / OVERRIDES_FILE, anah, "not_event", "true")
    result = _build(gazetteer, WITHOUT_TAKEN, Overrides.read(tmp_path / OVERRIDES_FILE))
    hashes = write_build(result, tmp_path / "out")
    assert "orphaned.csv" in hashes
    rows = read_csv(tmp_path / "out" / "orphaned.csv")
    assert [(row["target_id"], row["field"], row["author"], json.loads(row["content"])["quote"]) for row in rows] == [
        (anah.event_id, "not_event", "Test Analyst", TAKEN)
    ]
    assert tuple(rows[0]) == ORPHAN_COLUMNS
    write_build(_build(gazetteer, ARTICLE), tmp_path / "clean")
    assert read_csv(tmp_path / "clean" / "orphaned.csv") == []


def test_the_dashboard_lists_the_orphaned_corrections(gazetteer, tmp_path, monkeypatch):
    from geo.ingest import rebuild

    sources, folder = tmp_path / "articles-in", tmp_path / "data"
    sources.mkdir()
    (sources / SOURCE).write_text(ARTICLE, encoding="utf-8")
    # with the seeds: a build of one day has no timeline to scrub
    rebuild(folder, [SEEDS, sources], [], gazetteer)
    anah = next(row for row in read_csv(folder / "events.csv") if row["source"] == SOURCE and row["place"] == "Anah")
    append_override(
        folder / OVERRIDES_FILE,
        "event",
        anah["event_id"],
        "controller_after",
        "Iraqi government",
        "see [the report](javascript:alert(1))",
        content=event_content(SimpleNamespace(**anah)),  # a row of events.csv, as the panel has it
        author="Test Analyst",
    )
    (sources / SOURCE).write_text(WITHOUT_TAKEN, encoding="utf-8")
    rebuild(folder, [SEEDS, sources], [], gazetteer)
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    test.run()
    assert not test.exception, test.exception
    assert [expander.label for expander in test.sidebar.expander] == ["⚠️ 1 correction not applied (orphaned)"]
    [line] = [markdown.value for markdown in test.sidebar.markdown if anah["event_id"] in markdown.value]
    assert "held by Iraqi government afterwards" in line
    assert "Iraqi forces retook the town of Anah from Islamic State on Thursday\\." in line
    assert "by Test Analyst" in line and "no current event has its content" in line
    assert "\\[the report\\]\\(javascript:alert\\(1\\)\\)" in line  # the note is shown literally, never as a link
    recorded = read_csv(folder / OVERRIDES_FILE)[0]["recorded_at"]
    assert recorded.replace("-", "\\-") in line
