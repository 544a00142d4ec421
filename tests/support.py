"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
OWN_ARTICLES = DATA / "articles"
SHARED = ROOT.parent / "shared"
UCDP_FILE = SHARED / "data" / "ucdp-ged-syria-2016-2019.csv"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# What the browser's map sends once it is drawn (streamlit-folium's first report): its view.
MAP_REPORT = {"last_object_clicked_tooltip": None, "last_object_clicked_count": 0, "zoom": 6, "center": {"lat": 34.8, "lng": 40.6}}


def map_reported(test):
    """An AppTest page as a reader sees it a moment after it opens: the map's first report reran the
    view, which brings the chart and the events table (they wait for the map). Returns ``test``;
    an exception of the first run fails here (AppTest keeps only the last run's)."""
    assert not test.exception, test.exception
    test.session_state["map"] = MAP_REPORT
    test.run()
    return test
