"""The standalone animated map: everything inline, nothing from a CDN, labels escaped."""

from __future__ import annotations

import json
import re

import pandas as pd
from doubtful import TOWN, write_folder

from geo.dataview import control_view, frames_from_tables
from geo.export import DAY_MS, QUIET_DAYS, period_features, playback_clock, timeline_html, to_clock
from geo.mapview import DISPUTED_RING

READ = {"dtype": str, "keep_default_na": False}
TABLES = ("places", "events", "control", "articles", "states")


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
    assert f'"start": {int(frames.first_day.timestamp() * 1000)}' in page  # the clock starts on the first day
    real_days = json.loads(re.search(r"r = (\[[0-9, ]+\])", page).group(1))  # the slider's clock-to-date table
    assert real_days[0] == int(frames.first_day.timestamp() * 1000) and real_days[-1] == int(frames.last_day.timestamp() * 1000)


def test_the_exported_map_labels_its_towns(seed_folder):
    frames = read_frames(seed_folder)
    page = timeline_html(frames)
    features = period_features(frames)
    assert {feature["properties"]["label"] for feature in features} >= {"Sharqat", "Hawija"}
    assert "permanent: true" in page and "cm-label" in page and '"label": "Sharqat"' in page
    assert "a town while a report says who holds it" in page  # the legend says what a name means


def test_playback_time_goes_where_the_changes_are():
    day = pd.Timestamp
    knots = playback_clock([day("2017-01-03"), day("2017-01-06"), day("2018-06-01"), day("2018-06-02")], day("2017-01-01"), day("2018-06-10"))
    clock = dict(knots)
    total = knots[-1][1] - knots[0][1]
    quiet = clock[day("2018-06-01")] - clock[day("2017-01-06")]  # 511 days without a change
    assert quiet == QUIET_DAYS * DAY_MS and quiet / total < 0.5  # played as ten days, not 95 % of the minute
    assert clock[day("2017-01-06")] - clock[day("2017-01-03")] == 3 * DAY_MS  # busy days keep their length
    assert to_clock(knots, day("2017-01-04")) == clock[day("2017-01-03")] + DAY_MS


def test_the_exported_map_spends_less_of_its_minute_on_the_seeds_quiet_stretches(seed_folder):
    frames = read_frames(seed_folder)
    changes = sorted(set(frames.control["start"]))
    knots = playback_clock(changes, frames.first_day, frames.last_day)
    gaps = [(after - before).days for before, after in zip(changes, changes[1:], strict=False)]
    longest = max(gaps)
    assert longest > QUIET_DAYS, f"the seeds have no stretch longer than {QUIET_DAYS} days without a change"
    even = longest / (frames.last_day - frames.first_day).days  # the share an even clock gives the longest quiet stretch
    start = changes[gaps.index(longest)]
    shared = (to_clock(knots, start + pd.Timedelta(days=longest)) - to_clock(knots, start)) / (knots[-1][1] - knots[0][1])
    assert shared < even / 2, (shared, even)
