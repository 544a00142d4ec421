"""Bringing in sources through a real browser: hostile text stays text, two sessions lose nothing."""

from __future__ import annotations

import re

import pytest
from browser import map_frame, offline_browser, require_browser, streamlit_server
from support import SEEDS, read_csv

from geo.export import timeline_html
from geo.ingest import rebuild

pytestmark = pytest.mark.browser

HOSTILE_TITLE = '<b onmouseover="window.__xss = 5">Anah retaken</b> <script>window.__xss = 6</script>'
HOSTILE_SENTENCE = (
    "Iraqi forces retook the town of Anah from Islamic State on Thursday, a statement said "
    '<script>window.__xss = 1</script> <img src=x onerror="window.__xss = 2"> '
    '[a link](javascript:window.__xss=3) <a href="javascript:window.__xss=4">here</a>'
)
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\nSeptember 22, 2017\n{HOSTILE_SENTENCE}.\nResidents said the militants had fled east <iframe src=javascript:window.__xss=7>.\n"
)


@pytest.fixture
def data_dir(tmp_path, gazetteer):
    rebuild(tmp_path, [SEEDS], [], gazetteer)
    return tmp_path


def nothing_ran(page) -> bool:
    """No frame of the page has the marker a hostile script would set."""
    return all(frame.evaluate("() => typeof window.__xss === 'undefined'") for frame in page.frames)


def upload(page, name: str, text: str) -> None:
    if not page.locator('input[type="file"]').count():
        page.get_by_text("Add articles or event datasets").first.click()
        page.locator('input[type="file"]').first.wait_for(state="attached")
    page.locator('input[type="file"]').first.set_input_files(files=[{"name": name, "mimeType": "text/plain", "buffer": text.encode()}])


def test_a_hostile_article_shows_literally_and_runs_nothing(data_dir):
    require_browser()
    dialogs = []
    with streamlit_server(data_dir) as url, offline_browser() as context:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{url}/?date=2017-09-22")
        map_frame(page)
        upload(page, "hostile.txt", HOSTILE_ARTICLE)
        page.get_by_role("button", name=re.compile("Save 1 article")).click()
        page.get_by_text(re.compile("Saved hostile.txt")).wait_for(timeout=30000)
        anah = next(row["place_id"] for row in read_csv(data_dir / "events.csv") if row["source"] == "hostile.txt")
        page.goto(f"{url}/?date=2017-09-22&place={anah}")
        map_frame(page)
        page.get_by_role("heading", name="Anah").wait_for(timeout=20000)
        quote = page.get_by_text(re.compile(re.escape("<script>window.__xss = 1</script>"))).first
        quote.wait_for()
        shown = quote.inner_text()
        assert '<img src=x onerror="window.__xss = 2">' in shown
        assert "[a link](javascript:window.__xss=3)" in shown
        assert '<a href="javascript:window.__xss=4">here</a>' in shown
        page.get_by_text(re.compile(re.escape("Anah retaken</b>"))).first.wait_for()
        page.get_by_text("Read the article").first.click()
        page.get_by_text(re.compile(re.escape("<iframe src=javascript:window.__xss=7>"))).first.wait_for()
        assert page.locator("a[href^='javascript:']").count() == 0
        frame = map_frame(page)
        tooltips = frame.evaluate("() => Object.values(window.map._layers).filter(l => l.getTooltip && l.getTooltip()).length")
        assert tooltips > 0
        page.wait_for_timeout(500)
        assert nothing_ran(page)
        assert dialogs == []
        exported = context.new_page()
        exported.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        exported.set_content(timeline_html(_frames(data_dir)))
        exported.wait_for_timeout(1500)
        assert "Anah" in exported.content()
        assert nothing_ran(exported) and dialogs == []


def _frames(folder):
    import pandas as pd

    from geo.dataview import frames_from_tables

    read = {"dtype": str, "keep_default_na": False}
    tables = [pd.read_csv(folder / name, **read) for name in ("places.csv", "events.csv", "control.csv", "articles.csv")]
    return frames_from_tables(*tables)


def test_two_sessions_saving_at_the_same_moment_both_land(data_dir):
    require_browser()
    articles = {
        "anah.txt": "Anah falls\nSeptember 22, 2017\nIraqi forces retook the town of Anah from Islamic State on Thursday, officials said.\n",
        "rawa.txt": "Rawa falls\nNovember 18, 2017\nIraqi forces on Friday recaptured the town of Rawa from Islamic State, the army said.\n",
    }
    with streamlit_server(data_dir) as url, offline_browser() as context:
        pages = []
        for name, text in articles.items():
            page = context.new_page()  # each page is its own Streamlit session
            page.goto(f"{url}/?date=2017-11-26")
            map_frame(page)
            upload(page, name, text)
            page.get_by_role("button", name=re.compile("Save 1 article")).wait_for()
            pages.append(page)
        for page in pages:  # both saves are sent before either is answered
            page.get_by_role("button", name=re.compile("Save 1 article")).dispatch_event("click")
        for page, name in zip(pages, articles):
            page.get_by_text(re.compile(f"Saved {re.escape(name)}")).wait_for(timeout=60000)
    saved = sorted(path.name for path in (data_dir / "articles").iterdir() if path.suffix == ".txt")
    assert saved == ["anah.txt", "rawa.txt"]
    sources = {row["source"] for row in read_csv(data_dir / "events.csv")}
    assert {"anah.txt", "rawa.txt"} <= sources
