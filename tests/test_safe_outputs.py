"""What the product writes stays readable and harmless: fields with line breaks round-trip,
impossible dataset values are refused per row, and cells a spreadsheet would run are neutralised
in everything written for people (downloads, the CLI), never in the data files themselves."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
from support import DATA, ROOT

from geo import dataview
from geo.csvio import csv_text, for_people, read_dataset_file

BAD = DATA / "bad"


def _build(tmp_path, dataset: str):
    articles = tmp_path / "no-articles"
    articles.mkdir()
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--articles", str(articles), "--events", str(BAD / dataset), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return out, done


def test_a_line_break_inside_a_field_round_trips_and_the_dashboard_opens(tmp_path):
    out, done = _build(tmp_path, "cr_in_field.csv")
    assert done.returncode == 0, done.stderr
    with open(out / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["event_id"] for row in rows] == ["acled-IRQ9001", "acled-IRQ9002"]
    assert rows[0]["quote"] == "Clashes in Anah.\r\nSecond line of the same note.\rA third after a bare CR."
    # the dashboard reads the folder the way ui.data does: both events, one row each
    tables = {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False) for name in ("places", "events", "control", "articles")}
    frames = dataview.frames_from_tables(tables["places"], tables["events"], tables["control"], tables["articles"])
    assert len(frames.events) == 2 and frames.events["quote"].iloc[0].endswith("bare CR.")


def test_the_writer_quotes_only_rows_that_need_it():
    text = csv_text(("a", "b"), [{"a": "plain", "b": "row"}, {"a": "with\rcr", "b": "x"}])
    assert text == 'a,b\nplain,row\n"with\rcr","x"\n'


def test_impossible_dataset_values_are_refused_one_line_each_and_the_rest_kept():
    result = read_dataset_file(BAD / "impossible_values.csv")
    assert [event.event_id for event in result.events] == ["acled-IRQ9106"]
    reasons = [error.split(": ", 1) for error in result.errors]
    assert [where for where, _ in reasons] == [f"impossible_values.csv:{row}" for row in (2, 3, 4, 5, 6)]
    assert "outside 1900-2100" in reasons[0][1] and "outside 1900-2100" in reasons[1][1]
    assert "'inf' is not a finite number" in reasons[2][1]
    assert "not finite numbers" in reasons[3][1]
    assert "'2017-02-30' is not a date" in reasons[4][1]
    assert all("\n" not in error for error in result.errors)


def test_a_typo_in_a_sources_date_keeps_the_event_and_says_so():
    header = "id,year,type_of_violence,side_a,side_b,source_date,where_prec,where_coordinates,latitude,longitude,country,date_prec,date_start,date_end,best"
    row = "9001,2017,1,Government of Iraq,IS,2017-02-30,1,Anah town,34.47,41.98,Iraq,1,2017-10-26,2017-10-26,2"
    path = DATA / "bad" / "ucdp_bad_source_date.csv"
    assert path.read_text(encoding="utf-8").splitlines() == [header, row]
    result = read_dataset_file(path)
    (event,) = result.events
    assert result.errors == () and event.published is None
    assert "source_date '2017-02-30' is not a date" in event.notes and event.notes.endswith("ignored")


def test_formula_cells_are_neutralised_in_downloads_and_the_cli_but_kept_in_the_data(tmp_path):
    out, done = _build(tmp_path, "formula_cells.csv")
    assert done.returncode == 0, done.stderr
    with open(out / "events.csv", encoding="utf-8", newline="") as handle:
        places = [row["place"] for row in csv.DictReader(handle)]
    assert places[0].startswith("=HYPERLINK(")  # the data file keeps what the source said
    control = subprocess.run(
        [sys.executable, "-m", "geo", "control", "--date", "2017-10-28", "--data", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert control.returncode == 0, control.stderr
    cells = [row["place"] for row in csv.DictReader(io.StringIO(control.stdout))]
    assert sorted(cells) == sorted(["'+cmd|' /C calc'!A0", "'=HYPERLINK(\"http://example.invalid/\",\"Anah\")"])
    from ui.sidebar import events_csv

    tables = {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False) for name in ("places", "events", "control", "articles")}
    frames = dataview.frames_from_tables(tables["places"], tables["events"], tables["control"], tables["articles"])
    downloaded = list(csv.DictReader(io.StringIO(events_csv(frames.events))))
    assert {row["place"][:2] for row in downloaded} == {"'=", "'+"}
    assert {row["quote"][:2] for row in downloaded} == {"'@", "'-"}
    assert all(not row["longitude"].startswith("'") for row in downloaded)


def test_numbers_stay_numbers():
    assert [for_people(value) for value in ("-41.98", "+3", "-1e5", "-", "-x", 7)] == ["-41.98", "+3", "-1e5", "'-", "'-x", 7]
