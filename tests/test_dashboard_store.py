"""The dashboard over the store: it shows the store's newest build, falls back to the CSV files of a
folder without a store, says so when the store is broken, and an upload the data already hold says so."""

import csv
import io
import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from support import OWN_ARTICLES, ROOT, SEEDS, map_reported

from geo.articles import decode_article
from geo.csvio import read_build_bytes, write_build
from geo.errors import DataDirError
from geo.frames import TABLES as BUILD_TABLES
from geo.store import STORE_FILE, Store, sha256_hex

APP = str(ROOT / "dashboard.py")
TABLES = ("places.csv", "events.csv", "control.csv", "states.csv", "articles.csv", "orphaned.csv")
KNOWN = "a1_reuters_tal_afar.txt"  # an article of the own build, recorded in the store under this name
# written for this test: a town the built-in gazetteer knows, a date, one change of hands
NEW_ARTICLE = b"Published: 3 October 2017\n\nIraqi forces recaptured the town of Anah from Islamic State on Tuesday, the army said.\n"
GONE_ARTICLE = b"Published: 1 October 2017\n\nThe army said the road from Anah to the border was open again.\n"


def tables_of(result, folder) -> dict[str, bytes]:
    """A build's tables as the store keeps them (the bytes write_build writes)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_build(result, folder)
    return {name: (folder / name).read_bytes() for name in TABLES}


def rows(table: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(table.decode("utf-8"), newline="")))


def last_change(control_csv: bytes) -> date:
    """The day the dashboard opens on: the latest change of hands."""
    return max(date.fromisoformat(row["start"]) for row in rows(control_csv))


def open_app(folder, monkeypatch) -> AppTest:
    monkeypatch.setenv("CONFLICT_MAP_DATA", str(folder))
    monkeypatch.delenv("CONFLICT_MAP_DB", raising=False)
    test = map_reported(AppTest.from_file(APP, default_timeout=60).run())
    assert not test.exception, test.exception
    return test


@pytest.fixture
def store_folder(seed_build, own_build, tmp_path):
    """CSV files of the seed build, and a store whose newest build is the own articles' build."""
    folder = tmp_path / "data"
    seeds = tables_of(seed_build, folder)
    own = tables_of(own_build, tmp_path / "own")
    assert last_change(seeds["control.csv"]) != last_change(own["control.csv"])  # the two can be told apart
    store = Store.open(folder)
    store.save_build(own, {"articles": ["own"], "tables": {name: sha256_hex(body) for name, body in own.items()}})
    store.close()
    return folder, seeds, own


def test_the_map_shows_the_stores_build_not_the_csv_files(store_folder, monkeypatch):
    folder, _, own = store_folder
    test = open_app(folder, monkeypatch)
    assert test.session_state["date"] == last_change(own["control.csv"])
    assert not test.error


def test_a_new_build_in_the_store_is_shown_without_a_restart(store_folder, monkeypatch):
    from ui import data

    folder, seeds, own = store_folder
    test = open_app(folder, monkeypatch)
    before = data.stamp(folder)
    assert before[0] == "store"
    shown = data.load(str(folder), before)
    assert len(shown.events) == len(rows(own["events.csv"])) != len(rows(seeds["events.csv"]))
    Store.open(folder).save_build(seeds, {"articles": ["seeds"]})
    after = data.stamp(folder)
    assert after != before and after[2] == before[2] + 1  # the key is the build id
    test.run()
    assert not test.exception, test.exception
    frames = data.load(str(folder), after)
    assert len(frames.events) == len(rows(seeds["events.csv"]))
    assert frames.last_day != shown.last_day
    assert pd.Timestamp(test.slider(key="date").max, unit="us") == frames.last_day  # the slider reaches the new build's last day


def test_a_folder_without_a_store_reads_its_csv_files_and_makes_no_store(seed_build, tmp_path, monkeypatch):
    from ui import data

    folder = tmp_path / "data"
    seeds = tables_of(seed_build, folder)
    test = open_app(folder, monkeypatch)
    assert data.stamp(folder)[0] == "csv"
    assert test.session_state["date"] == last_change(seeds["control.csv"])
    test.toggle(key="show_ingest").set_value(True).run()
    test.file_uploader(key="upload_articles_0").upload("anah.txt", NEW_ARTICLE, "text/plain").run()
    assert not test.exception, test.exception
    assert not (folder / STORE_FILE).exists()  # reading never creates the store


def test_a_store_that_is_not_a_database_opens_with_the_banner_and_the_adding_panel(seed_build, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    tables_of(seed_build, folder)
    (folder / STORE_FILE).write_bytes(b"this file is not an SQLite database\n" * 200)
    test = open_app(folder, monkeypatch)
    (error,) = [error.value.replace("\\", "") for error in test.error]
    assert error.startswith("Cannot open the data in") and STORE_FILE in error and "not a usable store" in error
    test.toggle(key="show_ingest").set_value(True).run()
    test.file_uploader(key="upload_articles_0").upload("anah.txt", NEW_ARTICLE, "text/plain").run()
    assert not test.exception, test.exception  # the panel still previews: the broken store blocks nothing
    assert test.button(key="save_articles").label == "Save 1 article and rebuild"


def test_a_store_build_without_a_required_table_says_so(own_build, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    own = tables_of(own_build, folder)
    Store.open(folder).save_build({name: own[name] for name in ("places.csv", "events.csv")}, {})
    test = open_app(folder, monkeypatch)
    (error,) = [error.value.replace("\\", "") for error in test.error]
    assert "store.sqlite: build 1 has no control.csv" in error and "python -m geo build" in error


@pytest.fixture
def known_folder(own_build, tmp_path, monkeypatch):
    """A folder built from the own articles, whose store knows the Tal Afar article's text under its name."""
    folder = tmp_path / "data"
    own = tables_of(own_build, folder)
    store = Store.open(folder)
    store.save_build(own, {})
    known = (OWN_ARTICLES / KNOWN).read_bytes()
    # gone.txt: read by an earlier build and removed since (the store never forgets a text)
    store.add_articles([(KNOWN, decode_article(KNOWN, known), "Reuters", "2017-08-27", ""), ("gone.txt", decode_article("gone.txt", GONE_ARTICLE), "", "", "")])
    store.close()
    test = open_app(folder, monkeypatch)
    test.toggle(key="show_ingest").set_value(True).run()
    return test, folder, known


def test_an_upload_the_data_already_hold_says_so_and_is_not_saved(known_folder):
    test, folder, known = known_folder
    # the same text under another name, once as it is and once with a byte-order mark (the same text read)
    uploads = [("copy.txt", known, "text/plain"), ("bom.txt", b"\xef\xbb\xbf" + known, "text/plain"), ("anah.txt", NEW_ARTICLE, "text/plain")]
    test.file_uploader(key="upload_articles_0").set_value(uploads).run()
    assert not test.exception, test.exception
    said = [info.value.replace("\\", "") for info in test.info]
    assert f"copy.txt: already in the data as {KNOWN} — nothing added" in said
    assert f"bom.txt: already in the data as {KNOWN} — nothing added" in said
    save = test.button(key="save_articles")
    assert save.label == "Save 1 article and rebuild"
    save.click().run()
    assert not test.exception, test.exception
    assert sorted(path.name for path in (folder / "articles").iterdir() if path.is_file()) == ["anah.txt"]
    assert any("Saved anah.txt." in success.value.replace("\\", "") for success in test.success)


def test_only_copies_of_what_the_data_hold_leave_nothing_to_save(known_folder):
    test, folder, known = known_folder
    test.file_uploader(key="upload_articles_0").upload("copy.txt", known, "text/plain").run()
    save = test.button(key="save_articles")
    assert save.label == "Save 0 articles and rebuild" and save.disabled
    assert not (folder / "articles").exists()


def test_a_text_the_store_knows_but_the_build_no_longer_reads_can_be_added_again(known_folder):
    test, _, _ = known_folder
    test.file_uploader(key="upload_articles_0").upload("gone.txt", GONE_ARTICLE, "text/plain").run()
    assert not test.exception, test.exception
    assert not [info.value for info in test.info if "already in the data" in info.value]
    assert test.button(key="save_articles").label == "Save 1 article and rebuild"


def test_the_same_text_twice_in_one_batch_is_saved_once(known_folder):
    test, _, _ = known_folder
    uploads = [("anah.txt", NEW_ARTICLE, "text/plain"), ("anah-again.txt", NEW_ARTICLE, "text/plain")]
    test.file_uploader(key="upload_articles_0").set_value(uploads).run()
    assert "anah-again.txt: the same text as anah.txt above — saved once" in [info.value.replace("\\", "") for info in test.info]
    assert test.button(key="save_articles").label == "Save 1 article and rebuild"


def test_csv_files_left_half_written_do_not_matter_when_the_store_holds_the_build(store_folder, monkeypatch):
    folder, seeds, own = store_folder
    # the next build killed after writing its places.csv and before the others: the manifest still names
    # the hashes of the build the store holds
    (folder / "build.json").write_text(json.dumps({"tables": {name: sha256_hex(body) for name, body in own.items()}}), encoding="utf-8")
    for name, body in own.items():
        (folder / name).write_bytes(body)
    (folder / "places.csv").write_bytes(seeds["places.csv"])
    with pytest.raises(DataDirError, match="places.csv not of the build the others are of"):
        read_build_bytes(folder, BUILD_TABLES)  # what a folder without a store would say
    test = open_app(folder, monkeypatch)
    assert not test.error  # the store's build is whole
    assert test.session_state["date"] == last_change(own["control.csv"])


def test_csv_files_newer_than_the_stores_build_are_shown(store_folder, monkeypatch):
    """CSV files pulled from git (or exported by a build stopped before its transaction) are what the folder holds now."""
    folder, seeds, _ = store_folder
    (folder / "build.json").write_text(json.dumps({"tables": {name: sha256_hex(body) for name, body in seeds.items()}}), encoding="utf-8")
    test = open_app(folder, monkeypatch)
    assert not test.error
    assert test.session_state["date"] == last_change(seeds["control.csv"])


def test_an_article_a_rebuild_read_is_known_to_the_upload_check(gazetteer, tmp_path, monkeypatch):
    """End to end: geo.ingest.rebuild records the texts it reads in the store, and the upload check finds them."""
    from geo.ingest import rebuild

    folder = tmp_path / "data"
    rebuild(folder, [SEEDS], [], gazetteer)
    if not (folder / STORE_FILE).exists():
        pytest.fail("rebuild saved no store: the store's build and articles are what this test checks")
    seed = sorted(path for path in SEEDS.iterdir() if path.suffix == ".txt")[0]
    test = open_app(folder, monkeypatch)
    test.toggle(key="show_ingest").set_value(True).run()
    test.file_uploader(key="upload_articles_0").upload("renamed.txt", seed.read_bytes(), "text/plain").run()
    assert not test.exception, test.exception
    assert f"renamed.txt: already in the data as {seed.name} — nothing added" in [info.value.replace("\\", "") for info in test.info]
    assert test.button(key="save_articles").disabled
