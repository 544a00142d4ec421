"""Dragging the date slider: the map and the date follow each step before the slider is released,
and what they show is what the server shows for that date (real headless Chromium, network refused)."""

import pytest
from browser import map_frame, offline_browser, require_browser, streamlit_server, town_states, wait_for_preview

pytestmark = pytest.mark.browser
TIMEOUT = 60000  # others run browsers on the same two cores
STEPS = 6

THUMB = """() => {
    const slider = document.querySelector('[data-testid=stMain] [data-testid=stSlider]');
    const thumb = Array.from(slider.querySelectorAll('div')).find(d => { const b = d.getBoundingClientRect();
        return b.width > 8 && b.width < 30 && Math.abs(b.width - b.height) < 3; });
    const b = thumb.getBoundingClientRect();
    return [b.x + b.width / 2, b.y + b.height / 2];
}"""


EVENT_DOTS = """() => Object.values(window.map._layers).filter(l => l.options && l.options.pane === 'cm-events' && l.getLatLng)
    .map(l => [l.getLatLng().lat, l.getLatLng().lng, l.options.radius, l.options.fillColor, l.getTooltip().getContent()].join('|')).sort()"""


def _hold_the_thumb(context, address: str):
    """The page at ``address`` with the mouse pressed on the date slider's thumb: (page, map frame, thumb x, y)."""
    page = context.new_page()
    page.goto(address)
    frame = map_frame(page, TIMEOUT)
    page.wait_for_timeout(1500)
    wait_for_preview(frame, TIMEOUT)
    x, y = page.evaluate(THUMB)
    page.mouse.move(x, y)
    page.mouse.down()
    return page, frame, x, y


def test_the_map_and_the_date_follow_a_drag_before_the_release():
    require_browser()
    with streamlit_server() as url, offline_browser(viewport=(1500, 1000)) as context:
        page, frame, x, y = _hold_the_thumb(context, url + "/?date=2018-09-11")
        drawn = frame.evaluate("() => window.CM.drawn")
        headers, states, waits = [], [], []
        for step in range(1, STEPS + 1):
            previewed = frame.evaluate("() => window.CM.previewed || 0")
            moved_at = page.evaluate("() => Date.now()")
            page.mouse.move(x - 40 * step, y)
            frame.wait_for_function(f"() => (window.CM.previewed || 0) > {previewed}", timeout=5000)
            waits.append(frame.evaluate("() => window.CM.previewedAt") - moved_at)
            headers.append(page.locator('[data-testid="current-date"]').inner_text())
            states.append(town_states(frame))
        # every step drew another date, and no rerun came from the server while the slider was held
        assert len(set(headers)) == STEPS, headers
        assert frame.evaluate("() => window.CM.drawn") == drawn
        assert len({repr(sorted(state.items())) for state in states}) > 1  # the towns changed as the dates went by
        print(f"drag step to map drawn, ms: {waits}")
        last_preview = states[-1]
        page.mouse.up()
        frame.wait_for_function(f"() => window.CM.drawn > {drawn}", timeout=TIMEOUT)
        page.wait_for_timeout(500)
        # released: the server's state for the date reached is what the drag showed
        assert page.locator('[data-testid="current-date"]').inner_text() == headers[-1]
        assert town_states(frame) == last_preview


def test_a_drag_with_a_faction_filter_waits_for_the_server():
    """Filtered views are the server's to work out: the drag moves the slider, the map waits for the release."""
    require_browser()
    with streamlit_server() as url, offline_browser(viewport=(1500, 1000)) as context:
        page, frame, x, y = _hold_the_thumb(context, url + "/?date=2018-09-11&factions=Islamic+State")
        assert frame.evaluate("() => window.CM.lastState.preview") == 0
        page.mouse.move(x - 120, y)
        page.wait_for_timeout(800)
        assert frame.evaluate("() => window.CM.previewed || 0") == 0
        page.mouse.up()


def test_a_key_press_draws_the_next_date_before_the_server_answers_and_the_server_agrees():
    require_browser()
    with streamlit_server() as url, offline_browser(viewport=(1500, 1000)) as context:
        page = context.new_page()
        page.goto(url + "/?date=2017-10-25")  # Al-Qaim and Zummar become contested on the 26th
        frame = map_frame(page, TIMEOUT)
        page.wait_for_timeout(1500)
        wait_for_preview(frame, TIMEOUT)
        before = town_states(frame)
        slider = page.get_by_role("slider")
        slider.focus()
        drawn, previewed = frame.evaluate("() => [window.CM.drawn, window.CM.previewed || 0]")
        slider.press("ArrowRight")
        frame.wait_for_function(f"() => (window.CM.previewed || 0) > {previewed}", timeout=5000)
        # drawn in the page, before the rerun's state came back
        assert frame.evaluate(f"() => window.CM.drawn === {drawn} || window.CM.previewedAt <= window.CM.drawnAt")
        assert page.locator('[data-testid="current-date"]').inner_text() == "Thursday 26 October 2017"
        previewed_states, previewed_dots = town_states(frame), frame.evaluate(EVENT_DOTS)
        assert previewed_states != before
        frame.wait_for_function(f"() => window.CM.drawn > {drawn}", timeout=TIMEOUT)
        page.wait_for_timeout(500)
        # the server's state for the date is what was drawn: the towns, and the window's event dots
        assert town_states(frame) == previewed_states
        assert previewed_dots and frame.evaluate(EVENT_DOTS) == previewed_dots
        # keys faster than the reruns: the map ends on the slider's date, drawn as the server draws it
        for _ in range(8):
            slider.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('date=2017-11-03')", timeout=TIMEOUT)
        page.wait_for_timeout(1500)
        assert page.locator('[data-testid="current-date"]').inner_text() == "Friday 3 November 2017"
        quick = town_states(frame)
        assert quick != previewed_states  # Zummar is no longer contested
        page.reload()
        frame = map_frame(page, TIMEOUT)
        assert town_states(frame) == quick
