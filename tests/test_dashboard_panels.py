"""The URL through Streamlit's AppTest: date, place, map view and filters round-trip, and Back restores them."""

from datetime import date

from streamlit.testing.v1 import AppTest
from support import ROOT

from ui.state import parse_view

APP = str(ROOT / "dashboard.py")


def opened(folder, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        test.query_params[key] = value
    test.run()
    assert not test.exception, test.exception
    return test


def toasts(test) -> str:
    return " ".join(toast.value for toast in test.toast)


def test_the_filters_and_the_window_go_into_the_url_and_a_new_session_restores_them(seed_folder, monkeypatch):
    test = opened(seed_folder, monkeypatch, date="2017-10-27")
    factions = test.multiselect(key="factions")
    kept = factions.options[:2]
    factions.set_value(kept).run()
    test.selectbox(key="window").set_value("90 days").run()
    assert not test.exception
    assert test.query_params["factions"] == kept and test.query_params["window"] == "90 days"
    assert "event_types" not in test.query_params  # a filter that keeps everything stays out of the URL
    again = opened(seed_folder, monkeypatch, **test.query_params)
    assert again.multiselect(key="factions").value == kept
    assert again.selectbox(key="window").value == "90 days"
    assert again.session_state["date"] == date(2017, 10, 27)


def test_back_to_an_earlier_url_restores_its_date_place_and_filters(seed_folder, monkeypatch):
    test = opened(seed_folder, monkeypatch, date="2017-09-29", place="geonames:390188")
    earlier = dict(test.query_params)
    test.slider(key="date").set_value(date(2017, 11, 26)).run()
    countries = test.multiselect(key="countries")
    countries.set_value(countries.options[:1]).run()
    assert test.query_params["date"] == "2017-11-26" and "countries" in test.query_params
    # Back: the browser hands the script the previous entry's query string
    test.query_params.clear()
    test.query_params.update(earlier)
    test.run()
    assert not test.exception
    assert test.session_state["date"] == date(2017, 9, 29) and test.session_state["place"] == "geonames:390188"
    assert set(test.multiselect(key="countries").value) == set(test.multiselect(key="countries").options)
    assert test.query_params == earlier


def test_the_urls_map_view_is_the_maps_opening_view_and_stays_in_the_url(seed_folder, monkeypatch):
    test = opened(seed_folder, monkeypatch, date="2017-10-27", center="35.3000,43.8000", zoom="9")
    lat, lon, zoom = test.session_state["view_request"]
    assert abs(lat - 35.3) < 1e-6 and lon == 43.8 and zoom == 9
    assert test.query_params["center"] == "35.3000,43.8000" and test.query_params["zoom"] == "9"
    test.slider(key="date").set_value(date(2017, 10, 28)).run()
    assert test.query_params["center"] == "35.3000,43.8000" and test.query_params["date"] == "2017-10-28"


def test_a_bad_view_or_an_unknown_filter_value_in_the_url_says_so(seed_folder, monkeypatch):
    test = opened(seed_folder, monkeypatch, zoom="99", center="north", factions=["Islamic State", "Martians"], window="forever")
    said = toasts(test)
    assert "map view" in said and "Martians" in said and "forever" in said
    assert test.multiselect(key="factions").value == ["Islamic State"]


def test_parse_view_refuses_what_is_off_the_map():
    assert parse_view("35.3,43.8", "9") == (35.3, 43.8, 9)
    assert parse_view("95,43.8", "9") is None and parse_view("35,43", "0") is None and parse_view("35", "9") is None
