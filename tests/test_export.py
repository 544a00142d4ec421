"""The standalone animated map: everything inline, nothing from a CDN, labels escaped."""

from __future__ import annotations

import re

import pandas as pd
from support import ROOT

from geo.dataview import frames_from_tables
from geo.export import timeline_html

READ = {"dtype": str, "keep_default_na": False}


def seed_frames(**changes):
    tables = [pd.read_csv(ROOT / "data" / f"{name}.csv", **READ) for name in ("places", "events", "control", "articles")]
    for column, (old, new) in changes.items():
        for table in tables:
            if column in table.columns:
                table[column] = table[column].replace(old, new)
    return frames_from_tables(*tables)


def test_the_exported_map_needs_no_network():
    page = timeline_html(seed_frames())
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', page)
    assert "leaflet.timeline" in page and "L.timelineSliderControl" in page
    assert "Sharqat" in page and "Iraqi government" in page


def test_labels_are_escaped_in_the_exported_map():
    page = timeline_html(seed_frames(place=("Sharqat", "<img src=x onerror=alert(1)>")))
    assert "img src=x onerror=alert(1)" in page  # the label is there...
    assert "<img src=x" not in page  # ...but only HTML-escaped, inside JSON that escapes < > & again
