"""Event datasets: UCDP GED and ACLED into the event schema."""

import pytest
from support import DATA

from geo.csvio import read_dataset_bytes, read_dataset_file
from geo.errors import DatasetFormatError


def test_acled_rows_keep_types_precisions_and_sources():
    result = read_dataset_file(DATA / "acled_sample.csv")
    assert result.kind == "acled" and not result.errors
    events = {event.event_id: event for event in result.events}
    raqqa = events["acled-SYR1001"]
    assert (raqqa.controller_after, raqqa.controller_before, raqqa.location_precision) == ("SDF", "Islamic State", 1)
    assert "SOHR" in raqqa.notes and raqqa.quote.startswith("On 17 October 2017")
    abu_kamal = events["acled-SYR1002"]
    assert (abu_kamal.actor1, abu_kamal.sub_event_type, abu_kamal.controller_after) == (
        "Syrian government",
        "Government regains territory",
        "Syrian government",
    )
    strike = events["acled-SYR1003"]
    assert (strike.date_precision, strike.location_precision, strike.controller_after) == ("week", 2, "")
    assert (strike.event_date.isoformat(), strike.date_end.isoformat()) == ("2017-11-06", "2017-11-12")
    executions = events["acled-IRQ2002"]
    assert (executions.date_precision, executions.event_date.isoformat(), executions.date_end.isoformat()) == (
        "month",
        "2017-10-01",
        "2017-10-31",
    )


def test_ucdp_rows_keep_where_and_date_precision():
    result = read_dataset_file(DATA / "ucdp_sample.csv")
    assert result.kind == "ucdp" and not result.errors
    sukhnah, mayadin = result.events
    assert (sukhnah.event_id, sukhnah.actor1, sukhnah.actor2, sukhnah.fatalities) == (
        "ucdp-900001",
        "Syrian government",
        "Islamic State",
        15,
    )
    assert sukhnah.location_precision == 1 and "where_prec 1" in sukhnah.notes
    assert (mayadin.event_type, mayadin.date_precision, mayadin.location_precision) == ("Violence against civilians", "month", 2)


def test_ucdp_full_file_imports_completely(ucdp_rows):
    from support import UCDP_FILE

    result = read_dataset_file(UCDP_FILE)
    assert len(result.events) == 16566 and not result.errors


def test_an_unknown_format_is_refused_with_the_missing_columns():
    with pytest.raises(DatasetFormatError, match="missing"):
        read_dataset_bytes("mystery.csv", b"a,b,c\n1,2,3\n")
