"""The store keeps what an analyst gave it, once, and hands readers one whole build -- on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.errors import DataDirError
from geo.records import Event
from geo.store import Store, extractions_table

TESTS = Path(__file__).resolve().parent

STORY = "Iraqi forces retook the town of Rawa on Friday."


def _event(event_id: str, fatalities: int | None = 1, source: str = "ged.csv") -> Event:
    return Event(
        event_id, date(2017, 11, 17), date(2017, 11, 17), "day", "Rawa", "p-rawa", 34.47, 41.91, "IQ", 1,
        "Battles", "Armed clash", "Iraqi government", "Islamic State", "", "", False, source, None, "", "dataset", fatalities,
    )  # fmt: skip


@pytest.fixture
def store(store_url, tmp_path):
    opened = Store.open(tmp_path, store_url)
    yield opened
    opened.close()


def test_one_text_under_two_names_is_one_article_with_both_names(store):
    assert store.add_articles([("rawa.txt", STORY, "Outlet A", "2017-11-17", "")]) != []
    assert store.add_articles([("rawa-copy.md", STORY, "Outlet B", "2017-11-17", "")]) == []  # nothing new
    assert store.add_articles([("rawa.txt", STORY, "Outlet A", "2017-11-17", "")]) == []
    assert store.article_count() == 1
    assert store.names_of(STORY) == ["rawa-copy.md", "rawa.txt"]
    assert store.names_of("Another text.") == []


def test_cached_extractions_come_back_only_for_their_extractor_and_only_when_signed(store):
    store.keep_extractions({"k1": ("an analysis", 1), "k2": ("another", 2)}, "v1")
    assert store.extractions(["k1", "k2", "k3"], "v1") == {"k1": ("an analysis", 1), "k2": ("another", 2)}
    assert store.extractions(["k1"], "v2") == {}  # other code or another gazetteer: read again
    # a payload put there by someone without this user's key is never unpickled
    with store.engine.begin() as connection:
        connection.execute(extractions_table.update().where(extractions_table.c.input_key == "k2").values(payload=b"forged"))
    assert store.extractions(["k1", "k2"], "v1") == {"k1": ("an analysis", 1)}


def test_dataset_rows_are_upserted_by_their_id(store):
    first = [_event("ucdp-1"), _event("ucdp-2")]
    assert store.sync_datasets([("ged.csv", "sha-a", first)]) == 0
    assert store.sync_datasets([("ged.csv", "sha-a", first)]) == 0  # the same import again: no doubles
    assert [event.event_id for event in store.dataset_events()] == ["ucdp-1", "ucdp-2"]
    revised = [_event("ucdp-1", fatalities=9), _event("ucdp-2")]
    repeated = store.sync_datasets([("ged.csv", "sha-a", first), ("ged-revised.csv", "sha-b", revised)])
    assert repeated == 2
    rows = {event.event_id: event for event in store.dataset_events()}
    assert len(rows) == 2 and rows["ucdp-1"].fatalities == 9  # the file read last wins
    assert rows["ucdp-2"] == _event("ucdp-2")  # round-trips whole
    assert list(store.dataset_files()) == ["ged.csv", "ged-revised.csv"]


def test_a_removed_dataset_file_takes_its_rows_and_an_added_one_only_adds(store):
    store.sync_datasets([("a.csv", "sha-a", [_event("ucdp-1"), _event("ucdp-2")]), ("b.csv", "sha-b", [_event("ucdp-3")])])
    store.sync_datasets([("a.csv", "sha-a", [_event("ucdp-1"), _event("ucdp-2")])])  # b.csv removed
    assert [event.event_id for event in store.dataset_events()] == ["ucdp-1", "ucdp-2"]
    store.sync_datasets([("a.csv", "sha-a", [_event("ucdp-1"), _event("ucdp-2")]), ("c.csv", "sha-c", [_event("ucdp-2", fatalities=5)])])
    rows = {event.event_id: event for event in store.dataset_events()}
    assert sorted(rows) == ["ucdp-1", "ucdp-2"] and rows["ucdp-2"].fatalities == 5  # upserted: the later file wins


def test_corrections_keep_their_author_time_and_content(store):
    content = json.dumps({"source": "rawa.txt", "quote": STORY, "place_id": "p-rawa", "sub_event_type": "Armed clash"})
    store.add_correction({"target_type": "event", "target_id": "e1", "field": "contested", "value": "true", "author": "analyst", "content": content})
    store.add_correction({"target_type": "event", "target_id": "e1", "field": "contested", "value": "false", "note": "re-read"})
    rows = store.corrections()
    assert [row["value"] for row in rows] == ["true", "false"]  # in the order made: the later wins
    assert rows[0]["author"] == "analyst" and json.loads(rows[0]["content"])["place_id"] == "p-rawa"
    assert rows[0]["recorded_at"].endswith("Z")  # UTC
    assert store.import_corrections(rows) == 0  # importing what it holds adds nothing


def test_a_reader_gets_the_newest_whole_build_and_old_builds_are_pruned(store):
    for generation in range(5):
        tables = {"events.csv": f"events {generation}".encode(), "articles.csv": b"unchanged"}
        store.save_build(tables, {"generation": generation}, base=f"base {generation}".encode())
    build = store.current_build()
    assert build.manifest == {"generation": 4} and build.tables == {"events.csv": b"events 4", "articles.csv": b"unchanged"}
    assert store.current_base()[1:] == ({"generation": 4}, b"base 4")
    assert store.current_build(["articles.csv"]).tables == {"articles.csv": b"unchanged"}
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM builds")).scalar_one() == 3
        # 3 builds' events, one shared articles table, 3 bases: older blobs are gone
        assert connection.execute(sa.text("SELECT count(*) FROM blobs")).scalar_one() == 7


def test_an_empty_store_has_no_build(store):
    assert store.current_build() is None and store.current_base() is None


def test_a_file_that_is_not_a_store_is_one_line_naming_it(tmp_path):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"this is not a database, " * 200)
    with pytest.raises(DataDirError) as raised:
        Store.open(tmp_path, f"sqlite:///{path}")
    message = str(raised.value)
    assert "\n" not in message and str(path) in message and "move it aside" in message
    assert path.read_bytes().startswith(b"this is not a database")  # nothing changed


# --- kill -9 and concurrency ---------------------------------------------------------------


def _generation_tables(generation: int, size: int) -> dict[str, bytes]:
    stamp = f"{generation:08d}".encode()
    return {name: stamp + random.Random(generation).randbytes(size) for name in ("places.csv", "events.csv", "control.csv")}


def _worker(task: str, url: str, folder, *numbers) -> subprocess.Popen:
    """A separate process running one of this module's workers (a fresh interpreter: what the parent
    imported, a dashboard script among them, is not re-run in it)."""
    code = f"import sys; sys.path[:0] = [{str(TESTS)!r}, {str(TESTS.parent)!r}]; import test_store; test_store.{task}(*sys.argv[1:])"
    return subprocess.Popen([sys.executable, "-c", code, url, str(folder), *map(str, numbers)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def keep_building(url: str, folder: str, first: str, count: str, size: str) -> None:
    store = Store.open(folder, url)
    for generation in range(int(first), int(first) + int(count)):
        store.save_build(_generation_tables(generation, int(size)), {"generation": generation})


def _whole(build) -> bool:
    generation = build.manifest["generation"]
    return build.tables == _generation_tables(generation, len(build.tables["events.csv"]) - 8)


def test_after_kill_9_at_any_point_the_store_holds_a_whole_build(store_url, tmp_path):
    Store.open(tmp_path, store_url).save_build(_generation_tables(0, 20_000), {"generation": 0})
    rng = random.Random(7)
    for attempt in range(6):
        child = _worker("keep_building", store_url, tmp_path, 1 + attempt * 10**6, 10**6, 200_000)
        time.sleep(rng.uniform(1.5, 3.0))  # killed mid-way through some build
        assert child.poll() is None, f"the builder stopped before it was killed: {child.stderr.read()[-2000:]}"
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        build = Store.open(tmp_path, store_url).current_build()
        assert build is not None and _whole(build), f"attempt {attempt}: a mixed or partial build"
        assert build.manifest["generation"] > 0 or attempt > 0  # the builder did save builds before it was killed


def read_many(url: str, folder: str, rounds: str) -> None:
    store = Store.open(folder, url)
    mixed = 0
    for _ in range(int(rounds)):
        build = store.current_build()
        mixed += build is not None and not _whole(build)
    print(mixed)


def correct_many(url: str, folder: str, author: str, count: str) -> None:
    store = Store.open(folder, url)
    for number in range(int(count)):
        store.add_correction({"target_type": "event", "target_id": f"e{number}", "field": "contested", "value": "true", "author": author})


def test_eight_writers_and_readers_lose_nothing_and_never_read_a_mix(store_url, tmp_path):
    Store.open(tmp_path, store_url).save_build(_generation_tables(0, 5_000), {"generation": 0})
    builders = [_worker("keep_building", store_url, tmp_path, 1 + n * 100, 15, 5_000) for n in range(2)]
    correctors = [_worker("correct_many", store_url, tmp_path, f"analyst-{n}", 25) for n in range(2)]
    readers = [_worker("read_many", store_url, tmp_path, 40) for _ in range(4)]
    outputs = []
    for worker in [*builders, *correctors, *readers]:
        out, errors = worker.communicate(timeout=240)
        assert worker.returncode == 0, errors[-2000:]
        outputs.append(out)
    assert [int(out) for out in outputs[4:]] == [0, 0, 0, 0]  # no reader saw a mix
    store = Store.open(tmp_path, store_url)
    corrections = store.corrections()
    assert sorted((row["author"], row["target_id"]) for row in corrections) == sorted((f"analyst-{n}", f"e{k}") for n in range(2) for k in range(25))
    assert store.current_build().manifest["generation"] in (15, 115)  # the last build of one of the builders
