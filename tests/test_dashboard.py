"""The dashboard through Streamlit's AppTest: it opens, scrubs and shows details."""

from datetime import date

import pytest
from doubtful import CLAIMED, HELD, OTHER, TAKEN, TOWN, write_folder
from streamlit.testing.v1 import AppTest
from support import DATA, ROOT, SEEDS, map_reported, read_csv
from support import OWN_ARTICLES as OWN

from geo.csvio import write_build

APP = str(ROOT / "dashboard.py")


@pytest.fixture
def app(seed_folder, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(seed_folder))
    test = map_reported(AppTest.from_file(APP, default_timeout=60).run())
    assert not test.exception, test.exception
    return test


def test_the_chart_and_the_table_wait_for_the_map_and_never_for_a_click(seed_folder, monkeypatch):
    """Their code would be parsed before the map's frame is made: they come with the map's first report,
    or with whatever reruns the page first, so nobody has to click to see them."""
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(seed_folder))
    test = AppTest.from_file(APP, default_timeout=60).run()
    assert not test.exception, test.exception
    assert not test.dataframe and not test.get("vega_lite_chart")
    assert any("follow the map" in caption.value for caption in test.caption)
    map_reported(test)
    assert len(test.get("vega_lite_chart")) == 1 and any("quote" in table.value.columns for table in test.dataframe)
    assert not any("follow the map" in caption.value for caption in test.caption)
    # a page whose map never reports: the first slider move brings them too
    other = AppTest.from_file(APP, default_timeout=60).run()
    other.slider(key="date").set_value(date(2017, 10, 1)).run()
    assert any("quote" in table.value.columns for table in other.dataframe)


def last_change(folder) -> date:
    return max(date.fromisoformat(row["start"]) for row in read_csv(folder / "control.csv"))


def panel_text(test) -> str:
    return plain(" ".join(markdown.value for markdown in test.markdown) + " " + " ".join(caption.value for caption in test.caption))


def plain(markdown: str) -> str:
    """Markdown source as the user reads it (source text is shown with its markdown escaped)."""
    return markdown.replace("\\", "")


def caption_counts(test) -> str:
    return next(caption.value for caption in test.caption if "towns with known control" in caption.value)


def test_opens_without_exception_at_the_latest_change(app, seed_folder):
    assert app.session_state["date"] == last_change(seed_folder)
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


def test_url_restores_date_and_place(seed_folder, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(seed_folder))
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


@pytest.fixture
def own_data(tmp_path, monkeypatch, gazetteer):
    """A data folder of its own (built from the seeds), so saving never touches data/."""
    from geo.ingest import rebuild

    rebuild(tmp_path, [SEEDS], [], gazetteer)
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(tmp_path))
    test = AppTest.from_file(APP, default_timeout=60)
    test.run()
    test.toggle(key="show_ingest").set_value(True).run()
    assert not test.exception, test.exception
    return test, tmp_path


def test_an_uploaded_article_is_previewed_saved_and_mapped_without_a_restart(own_data):
    test, folder = own_data
    good = (OWN / "a1_reuters_tal_afar.txt").read_bytes()
    test.file_uploader(key="upload_articles_0").set_value([("tal_afar.txt", good, "text/plain"), ("empty.txt", b"", "text/plain")]).run()
    assert not test.exception, test.exception
    assert any(plain(error.value) == "empty.txt: file is empty" for error in test.error)
    assert any("tal_afar.txt" in plain(markdown.value) and "published 2017-08-27" in markdown.value for markdown in test.markdown)
    test.button(key="save_articles").click().run()
    assert not test.exception, test.exception
    assert (folder / "articles" / "tal_afar.txt").read_bytes() == good
    assert any("Saved tal_afar.txt" in plain(success.value) for success in test.success)
    # "Added so far" names the file as it is (plain text, no Markdown escapes shown)
    assert "articles/tal_afar.txt" in [text.value for text in test.text]
    test.slider(key="date").set_value(date(2017, 8, 27)).run()
    assert any("Tal Afar" in str(table.value["place"].tolist()) for table in test.dataframe if "place" in table.value.columns)


def test_an_undated_upload_asks_for_its_date(own_data):
    test, folder = own_data
    data = (DATA / "bad" / "undated.txt").read_bytes()
    test.file_uploader(key="upload_articles_0").upload("undated.txt", data, "text/plain").run()
    assert any(plain(warning.value).startswith("undated.txt: no publication date") for warning in test.warning)
    test.date_input(key=[widget.key for widget in test.date_input if widget.key.startswith("date_")][0]).set_value(date(2017, 9, 22)).run()
    test.button(key="save_articles").click().run()
    assert not test.exception, test.exception
    assert "undated.txt,,2017-09-22" in (folder / "articles" / "sources.csv").read_text()


def test_a_dataset_upload_reports_bad_rows_and_imports_the_rest(own_data):
    test, folder = own_data
    data = (DATA / "bad" / "bad_dates.csv").read_bytes()
    test.file_uploader(key="upload_dataset_0").upload("bad_dates.csv", data, "text/csv").run()
    assert any("ACLED format, 3 events to import" in plain(markdown.value) for markdown in test.markdown)
    assert sum("is not a date" in plain(caption.value) for caption in test.caption) == 2
    test.button(key="save_dataset").click().run()
    assert not test.exception, test.exception
    events = read_csv(folder / "events.csv")
    assert sum(row["origin"] == "acled" for row in events) == 3


def test_a_correction_is_saved_rebuilt_and_shown_as_corrected(own_data):
    test, folder = own_data
    test.query_params["place"] = "geonames:390188"
    test.session_state["place"] = "geonames:390188"
    test.run()
    event_id = next(row["event_id"] for row in read_csv(folder / "events.csv") if row["place"] == "Hawija" and row["controller_after"])
    test.checkbox(key=f"fix_drop_{event_id}").check()
    test.text_input(key=f"fix_note_{event_id}").input("test: dropped on purpose")
    test.button(key=f"FormSubmitter:fix_event_{event_id}-Save correction").click().run()
    assert not test.exception, test.exception
    overrides = read_csv(folder / "overrides.csv")
    assert [(row["target_id"], row["field"], row["value"]) for row in overrides] == [(event_id, "not_event", "true")]
    assert event_id not in {row["event_id"] for row in read_csv(folder / "events.csv")}


def test_a_holder_correction_is_confirmed_where_the_analyst_looks_and_its_type_follows(own_data):
    test, folder = own_data
    test.query_params["place"] = "geonames:390188"
    test.session_state["place"] = "geonames:390188"
    test.run()
    clash = next(row for row in read_csv(folder / "events.csv") if row["place"] == "Hawija" and not row["controller_after"] and row["event_type"] == "Battles")
    event_id = clash["event_id"]
    test.selectbox(key=f"fix_holder_{event_id}").select("Iraqi government")
    test.button(key=f"FormSubmitter:fix_event_{event_id}-Save correction").click().run()
    assert not test.exception, test.exception
    (toast,) = [toast.value for toast in test.toast]
    assert plain(toast).startswith(f"Corrected event {event_id}")
    (corrected,) = [row for row in read_csv(folder / "events.csv") if row["event_id"] == event_id]
    # a town taken by the government: the type says so too, not "Armed clash" beside a new holder
    assert (corrected["controller_after"], corrected["sub_event_type"]) == ("Iraqi government", "Government regains territory")
    assert "held by Iraqi government afterwards" in corrected["corrected"]


def test_play_advances_and_stops_at_the_last_day(app, seed_folder):
    app.session_state["date"] = date(2018, 8, 20)
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    app.session_state["date"] = date(2018, 9, 1)
    app.run()  # one frame of playback
    assert app.session_state["date"] > date(2018, 9, 1)
    for _ in range(5):
        app.run()
    assert app.session_state["playing"] is False
    assert app.session_state["date"] == max(last_change(seed_folder), *(date.fromisoformat(row["date_end"]) for row in read_csv(seed_folder / "events.csv")))


def _single_source_town(folder):
    """(place_id, its one source, a day it is known) for a town of the build reported by one source only."""
    sources: dict[str, set] = {}
    for name in ("events.csv", "states.csv"):
        for row in read_csv(folder / name):
            sources.setdefault(row["place_id"], set()).add(row["source"])
    for row in read_csv(folder / "control.csv"):
        if len(sources.get(row["place_id"], ())) == 1:
            return row["place_id"], next(iter(sources[row["place_id"]])), date.fromisoformat(row["start"])
    raise AssertionError("no town of the seed build is reported by one source only")


def test_excluding_a_source_recomputes_control_and_leaves_the_slider_fast(seed_build, tmp_path, monkeypatch):
    from geo import dataview

    write_build(seed_build, tmp_path)  # a folder of its own: the control cache starts empty
    place_id, source, day = _single_source_town(tmp_path)
    calls = []
    real = dataview.control_periods
    monkeypatch.setattr(dataview, "control_periods", lambda *args: calls.append(1) or real(*args))
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(tmp_path))
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = day.isoformat()
    test.query_params["place"] = place_id
    test.run()
    assert not test.exception, test.exception
    assert f"On {day:%-d %b %Y}: control not reported" not in panel_text(test)
    known = int(caption_counts(test).split()[0])
    assert calls == []  # every source kept: the build's control, nothing recomputed
    test.multiselect(key="sources").set_value([name for name in test.multiselect(key="sources").value if name != source]).run()
    assert not test.exception, test.exception
    assert f"On {day:%-d %b %Y}: control not reported" in panel_text(test)
    assert int(caption_counts(test).split()[0]) < known
    assert len(calls) == 1
    test.slider(key="date").set_value(date(2017, 11, 26)).run()
    test.slider(key="date").set_value(day).run()
    assert len(calls) == 1  # slider moves with the same sources reuse the cached control


@pytest.fixture
def doubtful_app(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(write_folder(tmp_path)))

    def open_at(place_id: str, day: str):
        test = AppTest.from_file(APP, default_timeout=60)
        test.query_params["date"] = day
        test.query_params["place"] = place_id
        map_reported(test.run())
        assert not test.exception, test.exception
        return test

    return open_at


def test_a_disputed_town_says_so_with_the_conflicting_reports(doubtful_app):
    text = panel_text(doubtful_app(TOWN[0], "2017-10-11"))
    assert "**disputed**" in text and "Reports disagree on who held it" in text
    assert TAKEN in text and HELD in text
    assert "rule: take/active" in text and "rule: state/hold-verb" in text
    assert "**Reported holders** (1)" in text  # the state report is listed beside the events


def test_a_claimed_event_says_claimed_in_the_panel_and_the_table(doubtful_app):
    test = doubtful_app(OTHER[0], "2017-10-12")
    text = panel_text(test)
    assert "**claimed**" in text and CLAIMED in text and "rule: take/claimed" in text
    table = next(frame.value for frame in test.dataframe if "quote" in frame.value.columns and "type" in frame.value.columns)
    assert "Armed clash (claimed)" in table["type"].tolist()


def test_a_vague_change_reads_taken_between(seed_folder, monkeypatch):
    rows = read_csv(seed_folder / "control.csv")
    vague = next(row for row in rows if row["changed_from"] and not any(
        other["place_id"] == row["place_id"] and other["controller"] == row["controller"] and other["end"] and other["start"] < row["start"]
        and (date.fromisoformat(row["start"]) - date.fromisoformat(other["end"])).days <= 1 for other in rows
    ))  # fmt: skip
    start, taken = date.fromisoformat(vague["start"]), date.fromisoformat(vague["changed_from"])
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(seed_folder))
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = vague["start"]
    test.query_params["place"] = vague["place_id"]
    test.run()
    assert not test.exception, test.exception
    text = panel_text(test)
    assert f"taken between {taken:%-d %b %Y} and {start:%-d %b %Y}" in text
    assert f"since {start:%-d %b %Y}" not in text


def test_source_text_in_a_place_name_and_the_url_is_shown_literally(seed_build, tmp_path, monkeypatch):
    """A dataset's place name or a URL parameter with Markdown renders as text: no image, no link, no bold."""
    from dataclasses import replace

    from geo.pipeline import BuildResult

    trap = "![x](http://example.invalid/pixel.png) **Hawija**"
    places = tuple(replace(place, place=trap) if place.place == "Hawija" else place for place in seed_build.places)
    folder = tmp_path / "data"
    write_build(BuildResult(**{**seed_build.__dict__, "places": places}), folder)
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(APP, default_timeout=60)
    hawija = next(place.place_id for place in places if place.place == trap)
    test.query_params["place"] = hawija
    test.query_params["date"] = "**loud** [link](http://example.invalid/)"
    test.run()
    assert not test.exception
    (header,) = [header.value for header in test.subheader if "pixel" in header.value]
    assert "![x](" not in header and "**" not in header and plain(header) == trap
    (toast,) = [toast.value for toast in test.toast]
    assert "**loud**" not in toast and "](" not in toast and "loud" in toast


def test_data_that_cannot_be_read_opens_with_a_banner_and_the_adding_panel(seed_folder, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in seed_folder.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "control.csv").write_bytes(b'place_id,place\n"an unclosed quote,\n')
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(APP, default_timeout=60)
    test.run()
    assert not test.exception
    (error,) = [error.value for error in test.error]
    assert error.startswith("Cannot open the data in") and "python -m geo build" in error
    assert test.toggle(key="show_ingest") is not None  # the file that broke it can be removed from here


def test_find_a_place_by_any_spelling_opens_its_panel(app):
    app.text_input(key="find_place").input("hawijah").run()
    assert not app.exception, app.exception
    assert app.session_state["place"] == "geonames:390188"
    assert any(header.value == "Hawija" for header in app.subheader)
    app.text_input(key="find_place").input("Qasr Nowhere").run()
    assert any("No place of this build is called" in plain(caption.value) for caption in app.caption)
    assert app.session_state["place"] == "geonames:390188"  # a miss changes nothing


def test_a_keyword_search_reads_every_report_not_only_the_window(app):
    app.text_input(key="find_text").input("assault Hawija").run()
    assert not app.exception, app.exception
    caption = next(plain(caption.value) for caption in app.caption if "whose sentence holds" in plain(caption.value))
    count = int(caption.split(" ")[0].replace(",", ""))
    table = next(table.value for table in app.dataframe if "quote" in table.value.columns)
    assert count >= 1 and len(table) == count
    assert all("assault" in quote.lower() and "hawija" in quote.lower() for quote in table["quote"])


def test_what_changed_between_two_dates_lists_the_towns_and_their_reports(app, seed_folder):
    app.slider(key="date").set_value(date(2017, 11, 26)).run()
    assert not [table for table in app.dataframe if "before" in table.value.columns]  # not computed until asked for
    app.toggle(key="compare_open").set_value(True).run()
    app.date_input(key="compare_with").set_value(date(2017, 10, 27)).run()
    assert not app.exception, app.exception
    caption = next(plain(caption.value) for caption in app.caption if "with another holder on" in plain(caption.value))
    table = next(table.value for table in app.dataframe if "before" in table.value.columns)
    assert caption.startswith(f"{len(table)} towns with another holder on 26 Nov 2017 than on 27 Oct 2017")
    changed = dict(zip(table["place"], zip(table["before"], table["after"])))
    # Al-Qaim and Rawa were Islamic State's (contested) on 27 October and the government's on 26 November
    assert changed["Al-Qaim"] == ("Islamic State", "Iraqi government") and changed["Rawa"] == ("Islamic State", "Iraqi government")
    assert all(table["reports"])


def test_the_chart_spans_the_sliders_dates(seed_folder):
    from ui import data

    frames = data.load(str(seed_folder), data.stamp(seed_folder))
    spec = data.chart_spec(str(seed_folder), data.stamp(seed_folder), (None, None, None, None))
    bars = spec["layer"][0]
    first, last = bars["encoding"]["x"]["scale"]["domain"]
    assert first == frames.first_day.to_period("M").to_timestamp().strftime("%Y-%m-%d")
    assert last > frames.last_day.strftime("%Y-%m-%d")
    assert all(first <= row["month"] for row in bars["data"]["values"])


def test_a_url_outside_the_data_says_what_it_shows_instead(app):
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = "1999-01-01"
    test.query_params["place"] = "geonames:000"
    test.run()
    assert not test.exception
    toasts = [plain(toast.value) for toast in test.toast]
    assert any("1999-01-01 is outside the data" in toast for toast in toasts)
    assert any("No place 'geonames:000' in this build" in toast for toast in toasts)
    assert test.session_state["place"] == ""


def test_sources_are_named_by_their_outlet(app):
    shown = list(app.multiselect(key="sources").options)  # as the chips and the list show them
    assert "AFP · 000_11e8b1882d95c794.txt" in shown, shown


def test_the_events_table_sends_a_page_and_shows_more_on_request(seed_build, tmp_path, monkeypatch):
    from dataclasses import replace

    from geo.pipeline import BuildResult
    from ui.panels import TABLE_ROWS

    first = next(event for event in seed_build.events if event.date_precision == "day" and event.event_date.year == 2017)
    many = tuple(replace(first, event_id=f"e{number:05d}") for number in range(TABLE_ROWS + 50))
    folder = tmp_path / "data"
    write_build(BuildResult(**{**seed_build.__dict__, "events": seed_build.events + many}), folder)
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(APP, default_timeout=60)
    test.query_params["date"] = first.event_date.isoformat()
    map_reported(test.run())
    assert not test.exception
    table = next(table.value for table in test.dataframe if "quote" in table.value.columns)
    assert len(table) == TABLE_ROWS
    test.button(key="more_rows").click().run()
    table = next(table.value for table in test.dataframe if "quote" in table.value.columns)
    assert len(table) > TABLE_ROWS


def test_a_set_left_half_written_by_a_stopped_build_is_said_so(seed_build, tmp_path, monkeypatch):
    from geo.ingest import rebuild

    folder = tmp_path / "data"
    rebuild(folder, [SEEDS], [])
    for path in folder.glob("store.sqlite*"):
        path.unlink()  # the CSV files alone (a fresh clone); with a store the map reads its whole build (test_dashboard_store.py)
    # a build killed after writing places.csv and before the others: places.csv is of another build
    places = (folder / "places.csv").read_text(encoding="utf-8")
    (folder / "places.csv").write_text(places.replace("\n", "\n", 1) + places.splitlines()[1] + "\n", encoding="utf-8")
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    test = AppTest.from_file(APP, default_timeout=60)
    test.run()
    assert not test.exception
    (error,) = [plain(error.value) for error in test.error]
    assert "places.csv not of the build the others are of" in error and "python -m geo build" in error


def test_jump_to_a_date_written_any_way(app):
    app.text_input(key="jump").input("17 October 2017").run()
    assert not app.exception, app.exception
    assert app.session_state["date"] == date(2017, 10, 17)
    app.text_input(key="jump").input("next week").run()
    assert app.session_state["date"] == date(2017, 10, 17)  # not a date: nothing moves, a toast says why
    assert any("is not a date" in plain(toast.value) for toast in app.toast)


def test_the_dashboard_starts_without_loading_the_extraction():
    """The extraction's patterns take a quarter of a second to load: a reader who never adds a file never waits for them."""
    import subprocess
    import sys

    code = (
        "import sys; import geo.context, geo.dataview, geo.frames; "
        "import ui.conflict_map, ui.corrections, ui.data, ui.ingest, ui.panels, ui.sidebar, ui.state; "
        "print(sorted(name for name in ('geo.grammar', 'geo.events', 'geo.pipeline') if name in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    assert loaded == "[]"
