"""The optional online geocoder: rate-limited, cached, never required."""

from datetime import date

from geopy.location import Location

from geo.online import USER_AGENT, OnlineGeocoder, cached_entries, lookup_all


class FakeNominatim:
    def __init__(self):
        self.queries = []

    def geocode(self, query, **kwargs):
        self.queries.append((query, kwargs))
        raw = {"osm_type": "node", "osm_id": 42, "addresstype": "village", "address": {"country_code": "sy"}}
        return Location("Xyzzyville, Syria", (35.1, 40.2), raw)


def test_lookup_asks_in_the_theatre_and_records_the_source():
    fake = FakeNominatim()
    entry = OnlineGeocoder(fake, min_delay_seconds=0, today=date(2026, 11, 21)).lookup("Xyzzyville")
    assert fake.queries[0][1]["country_codes"] == ["iq", "sy"]
    assert entry.country_code == "SY" and entry.kind == "settlement"
    assert entry.source.startswith("Nominatim (OpenStreetMap), fetched 2026-11-21")


def test_default_geocoder_uses_the_project_user_agent_and_a_rate_limit():
    geocoder = OnlineGeocoder()
    assert geocoder.geocoder.headers["User-Agent"] == USER_AGENT
    assert geocoder._geocode.min_delay_seconds == 1.0


def test_results_are_cached_through_places_csv(tmp_path):
    places = tmp_path / "places.csv"
    places.write_text(
        "place,place_id,mentions,latitude,longitude,country_code,kind,admin1,gazetteer_name,source,score,reason,articles,corrected\n"
        "Xyzzyville,nominatim:node42,Xyzzyville,35.10000,40.20000,SY,settlement,,Xyzzyville,"
        "\"Nominatim (OpenStreetMap), fetched 2026-11-21 for 'Xyzzyville'\",10,,1,\n"
        "Rawa,geonames:1,Rawa,34.5,41.9,IQ,settlement,01,Rawah,GeoNames,15,,1,\n",
        encoding="utf-8",
    )
    (entry,) = cached_entries(places)
    assert entry.place_id == "nominatim:node42" and entry.alternate_names == ("Xyzzyville",)


def test_lookup_all_stops_at_the_first_failure_with_one_warning():
    warnings = []

    class Broken:
        def lookup(self, name):
            from geo.errors import OnlineGeocoderUnavailable

            raise OnlineGeocoderUnavailable("offline")

    assert lookup_all(["A place", "Another"], Broken(), warnings.append) == []
    assert warnings == ["offline"]
