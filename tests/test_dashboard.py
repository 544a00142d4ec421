"""The dashboard through Streamlit's AppTest: it opens, scrubs and shows details."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from support import ROOT

APP = str(ROOT / "dashboard.py")


@pytest.fixture
def app():
    test = AppTest.from_file(APP, default_timeout=60)
    test.run()
    assert not test.exception, test.exception
    return test


def caption_counts(test) -> str:
    return next(caption.value for caption in test.caption if "towns with known control" in caption.value)


def test_opens_without_exception_at_the_latest_change(app):
    assert app.session_state["date"] <= date(2018, 9, 11)
    assert any("towns with known control" in caption.value for caption in app.caption)


def test_moving_the_slider_changes_what_is_known(app):
    app.slider(key="date").set_value(date(2017, 9, 21)).run()
    assert not app.exception
    early = caption_counts(app)
    app.slider(key="date").set_value(date(2017, 11, 26)).run()
    assert not app.exception
    assert caption_counts(app) != early
    assert app.query_params["date"] == ["2017-11-26"] or app.query_params["date"] == "2017-11-26"


def test_previous_and_next_event_buttons_step_through_event_dates(app):
    app.slider(key="date").set_value(date(2017, 9, 25)).run()
    app.button(key="next").click().run()
    assert app.session_state["date"] == date(2017, 9, 28)
    app.button(key="previous").click().run()
    assert app.session_state["date"] == date(2017, 9, 22)


def test_url_restores_date_and_place():
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = "2017-09-29"
    test.query_params["place"] = "geonames:390188"
    test.run()
    assert not test.exception
    assert test.session_state["date"] == date(2017, 9, 29)
    assert any(header.value == "Hawija" for header in test.subheader)
    quotes = " ".join(markdown.value for markdown in test.markdown)
    assert "launched an assault on the northern town of Hawija" in quotes


def test_a_bad_date_in_the_url_is_ignored_with_a_message(app):
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = "next tuesday"
    test.run()
    assert not test.exception
    assert test.session_state["date"] == app.session_state["date"]
    assert any("Ignored date" in toast.value for toast in test.toast)


def test_filters_narrow_the_events(app):
    app.multiselect(key="event_types").set_value(["Explosions/Remote violence"]).run()
    assert not app.exception
