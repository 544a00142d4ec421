"""The standalone animated map: everything inline, nothing from a CDN, labels escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from doubtful import TOWN, write_folder

from geo.csvio import write_build
from geo.dataview import control_view, frames_from_tables
from geo.export import period_features, timeline_html
from geo.mapview import DISPUTED_RING

READ = {"dtype": str, "keep_default_na": False}
TABLES = ("places", "events", "control", "articles", "states")


@pytest.fixture(scope="module")
def seed_folder(seed_build, tmp_path_factory):
    """The seeds as the current pipeline builds them (the committed data/ may predate it)."""
    folder = tmp_path_factory.mktemp("seed-data")
    write_build(seed_build, folder)
    return folder


def read_frames(folder, **changes):
    tables = [pd.read_csv(folder / f"{name}.csv", **READ) for name in TABLES]
    for column, (old, new) in changes.items():
        for table in tables:
            if column in table.columns:
                table[column] = table[column].replace(old, new)
    return frames_from_tables(*tables)


def test_the_exported_map_needs_no_network(seed_folder):
    page = timeline_html(read_frames(seed_folder))
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', page)
    assert "leaflet.timeline" in page and "L.timelineSliderControl" in page
    assert "Sharqat" in page and "Iraqi government" in page


def test_labels_are_escaped_in_the_exported_map(seed_folder):
    page = timeline_html(read_frames(seed_folder, place=("Sharqat", "<img src=x onerror=alert(1)>")))
    assert "img src=x onerror=alert(1)" in page  # the label is there...
    assert "<img src=x" not in page  # ...but only HTML-escaped, inside JSON that escapes < > & again


def test_the_exported_periods_show_doubt(seed_folder, tmp_path):
    frames = read_frames(seed_folder)
    vague = frames.control.loc[frames.control["changed_from"].notna()].iloc[0]
    tooltips = [feature["properties"]["tooltip"] for feature in period_features(frames)]
    assert any(f"taken between {vague.changed_from:%-d %b %Y} and {vague.start:%-d %b %Y}" in tooltip for tooltip in tooltips)
    disputed = read_frames(write_folder(tmp_path))
    feature = next(feature for feature in period_features(disputed) if TOWN[1] in feature["properties"]["tooltip"])
    assert "disputed" in feature["properties"]["tooltip"] and feature["properties"]["style"]["color"] == DISPUTED_RING


def test_the_exported_map_follows_the_kept_sources(seed_folder):
    frames = read_frames(seed_folder)
    source = frames.options["sources"][0]
    kept = control_view(frames, tuple(name for name in frames.options["sources"] if name != source))
    dropped = set(frames.control["place_id"]) - set(kept.control["place_id"])
    assert dropped, f"every town reported by {source} is also reported by another source"
    assert len(period_features(frames, kept)) == len(kept.control) < len(frames.control)


def test_the_exported_map_has_a_title_a_legend_the_datas_extent_and_its_timeline(seed_folder):
    frames = read_frames(seed_folder)
    page = timeline_html(frames, title="Hawija to Hajin")
    assert ">Hawija to Hajin</div>" in page and "contested</div>" in page and "reports disagree</div>" in page
    for holder in set(frames.control["controller"]):
        assert f"{holder}</div>" in page
    assert ".fitBounds(" in page  # opens on the towns, not on the region around them
    assert f'"start": {int(frames.first_day.timestamp() * 1000)}' in page and f'"end": {int(frames.last_day.timestamp() * 1000)}' in page
