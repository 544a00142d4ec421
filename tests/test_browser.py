"""A person's clicks in real headless Chromium, with the network refused."""

import re

import pytest
from browser import current_date_text, map_frame, offline_browser, require_browser, streamlit_server, town_states

from geo.mapview import CONTROLLER_COLOURS

pytestmark = pytest.mark.browser
SEVEN = ("Hawija", "Sharqat", "Al-Qaim", "Rawa", "Deir Ezzor", "Hajin", "Sukna")


@pytest.fixture(scope="module")
def server():
    require_browser()
    with streamlit_server() as url:
        yield url


@pytest.fixture
def browser_context():
    require_browser()
    with offline_browser() as context:
        yield context


def open_at(context, url: str):
    page = context.new_page()
    page.goto(url)
    frame = map_frame(page)
    return page, frame


def test_map_shows_the_seven_towns_offline(server, browser_context):
    page, frame = open_at(browser_context, f"{server}/?date=2018-09-11")
    states = town_states(frame)
    for town in SEVEN:
        assert town in states, f"{town} missing from the map: {sorted(states)}"
    assert all(not url.startswith(("http://localhost", "http://127.0.0.1")) for url in browser_context.refused)
    assert frame.evaluate("() => typeof L !== 'undefined' && L.version") == "1.9.3"


def test_sharqat_changes_colour_when_the_slider_crosses_22_september(server, browser_context):
    page, frame = open_at(browser_context, f"{server}/?date=2017-09-21")
    assert town_states(frame)["Sharqat"][0] == CONTROLLER_COLOURS["Islamic State"]
    slider = page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_timeout(2500)
    assert "22 September 2017" in current_date_text(page)
    assert town_states(map_frame(page))["Sharqat"][0] == CONTROLLER_COLOURS["Iraqi government"]


def test_zoom_set_by_the_user_survives_a_scrub(server, browser_context):
    page, frame = open_at(browser_context, f"{server}/?date=2017-10-27")
    frame.evaluate("() => window.map.setView([35.3, 43.8], 9)")
    page.wait_for_timeout(500)
    slider = page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_timeout(2500)
    assert "28 October 2017" in current_date_text(page)
    frame = map_frame(page)
    assert frame.evaluate("() => window.map.getZoom()") == 9
    assert abs(frame.evaluate("() => window.map.getCenter().lat") - 35.3) < 0.05


def test_clicking_hawija_shows_its_history_and_a_quoted_sentence(server, browser_context):
    page, frame = open_at(browser_context, f"{server}/?date=2017-09-29")
    frame.evaluate("() => window.map.setView([35.32, 43.77], 10)")
    page.wait_for_timeout(600)
    point = frame.evaluate(
        """() => {
            for (const layer of Object.values(window.map._layers)) {
                if (layer.cm && layer.cm.label === 'Hawija') {
                    const p = window.map.latLngToContainerPoint(layer.getLatLng());
                    return [p.x, p.y];
                }
            }
            return null;
        }"""
    )
    assert point is not None
    box = page.locator('iframe[title*="streamlit_folium"]').bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.get_by_role("heading", name="Hawija").wait_for(timeout=15000)
    page.get_by_text("Control history").wait_for()
    page.get_by_text(re.compile("launched an assault on the northern town of Hawija")).first.wait_for()
    assert "place=geonames" in page.url


def test_play_advances_the_date(server, browser_context):
    page, _ = open_at(browser_context, f"{server}/?date=2017-09-21")
    before = current_date_text(page)
    page.get_by_role("button", name=re.compile("Play")).click()
    page.wait_for_timeout(4000)
    after = current_date_text(page)
    assert after != before
    page.get_by_role("button", name=re.compile("Pause")).click()


def test_a_url_with_a_date_opens_at_that_date(server, browser_context):
    page, frame = open_at(browser_context, f"{server}/?date=2017-10-27")
    assert current_date_text(page) == "Friday 27 October 2017"
    states = town_states(frame)
    assert states["Al-Qaim"][1] is True and states["Rawa"][1] is True
