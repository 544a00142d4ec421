"""A correction re-applied without a rebuild gives exactly the tables a whole build gives."""

from __future__ import annotations

import pytest
from support import OWN_ARTICLES, SEEDS

from geo.csvio import build_tables, read_articles
from geo.incremental import make_base, recorrect
from geo.overrides import Overrides, correction_row, event_content
from geo.pipeline import build, gather


@pytest.fixture(scope="module")
def inputs():
    found, problems = read_articles([SEEDS, OWN_ARTICLES])
    assert not problems, problems
    return found


@pytest.fixture(scope="module")
def base(inputs, gazetteer):
    return make_base(gather(inputs, gazetteer))


def _corrections(result) -> list[dict]:
    """A mix an analyst might make: a holder, a date, a removal and a moved place."""
    changes = [event for event in result.events if event.controller_after][:3]
    first, second, third = changes
    place = next(row for row in result.places if row.place_id == third.place_id)
    return [
        correction_row("event", first.event_id, "controller_after", "Kurdish Peshmerga", "re-read", content=event_content(first), author="a"),
        correction_row("event", second.event_id, "event_date", "2017-01-02", content=event_content(second), author="a"),
        correction_row("event", second.event_id, "contested", "true", content=event_content(second), author="a"),
        correction_row("event", third.event_id, "not_event", "true", content=event_content(third), author="a"),
        correction_row("place", place.place_id, "latitude", f"{place.latitude + 0.1:.5f}", author="a"),
        correction_row("event", "e-gone", "contested", "true", content="", author="a"),  # orphaned
    ]


def test_no_corrections_give_the_whole_builds_tables(inputs, gazetteer, base):
    _, tables = recorrect(base)
    assert tables == build_tables(build(inputs, gazetteer))


def test_each_correction_in_turn_gives_the_whole_builds_tables(inputs, gazetteer, base):
    rows = _corrections(base.result)
    for count in range(1, len(rows) + 1):
        overrides = Overrides(rows[:count])
        result, tables = recorrect(base, overrides)
        whole = build(inputs, gazetteer, overrides=overrides)
        assert tables == build_tables(whole), f"after {count} corrections"
        assert len(result.events) == len(whole.events) and result.orphaned == whole.orphaned


def test_a_correction_changes_the_control_of_its_own_place_only(base):
    event = next(event for event in base.result.events if event.controller_after)
    result, _ = recorrect(base, Overrides([correction_row("event", event.event_id, "controller_after", "Kurdish Peshmerga", content=event_content(event))]))
    before = {period for period in (period for periods in base.control.values() for period in periods) if period.place_id != event.place_id}
    after = {period for period in result.control if period.place_id != event.place_id}
    assert before == after
    assert any(period.controller == "Kurdish Peshmerga" for period in result.control if period.place_id == event.place_id)


def test_a_folder_corrected_in_place_equals_the_folder_rebuilt(tmp_path, gazetteer):
    from geo.ingest import apply_corrections, rebuild, record_correction
    from geo.store import Store

    own, whole = tmp_path / "own", tmp_path / "whole"
    first = rebuild(own, [SEEDS], [], gazetteer).result
    event = next(event for event in first.events if event.controller_after)
    for folder in (own, whole):
        record_correction(folder, "event", event.event_id, "controller_after", "Kurdish Peshmerga", "re-read", content=event_content(event), author="b")
    corrected = apply_corrections(own, gazetteer=gazetteer).result
    rebuild(whole, [SEEDS], [], gazetteer)
    for name in ("places.csv", "events.csv", "control.csv", "states.csv", "articles.csv", "orphaned.csv"):
        assert (own / name).read_bytes() == (whole / name).read_bytes(), name
    assert any(period.controller == "Kurdish Peshmerga" for period in corrected.control if period.place_id == event.place_id)
    stored = Store.open(own).current_build()
    assert stored.tables["events.csv"] == (own / "events.csv").read_bytes()  # the store holds the same build
    assert [row["author"] for row in Store.open(own).corrections()] == ["b"]
    assert "Kurdish Peshmerga" in (own / "overrides.csv").read_text(encoding="utf-8")  # the export for people and git
