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
