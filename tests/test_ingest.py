"""Adding, removing and rebuilding: never overwrite, never lose, safe when concurrent."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from support import DATA, ROOT, SEEDS, read_csv

from geo.ingest import (
    added_articles,
    check_dataset,
    preview_article,
    rebuild,
    remove_added,
    save_article,
    save_dataset,
    save_new_file,
)
from geo.overrides import OVERRIDES_FILE, append_override

OWN = DATA / "articles"


def preview(gazetteer, name: str, published=None):
    return preview_article(name, (OWN / name).read_bytes(), gazetteer, published)


def test_saving_the_same_name_twice_keeps_both_files(tmp_path):
    first = save_new_file(tmp_path, "report.txt", b"one")
    second = save_new_file(tmp_path, "report.txt", b"two")
    assert (first.name, second.name) == ("report.txt", "report-2.txt")
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_an_uploaded_name_cannot_escape_the_folder(tmp_path):
    saved = save_new_file(tmp_path / "articles", "../../etc/passwd", b"x")
    assert saved.parent == tmp_path / "articles"
    assert saved.name == "passwd.txt"


def test_a_saved_article_is_built_and_its_date_recorded(gazetteer, tmp_path):
    undated = preview_article("note.txt", b"Iraqi forces retook the town of Anah from Islamic State on Thursday.", gazetteer, date(2017, 9, 22))
    saved = save_article(tmp_path, undated, published=date(2017, 9, 22))
    sources = read_csv(saved.parent / "sources.csv")
    assert sources == [{"file": "note.txt", "outlet": "", "published": "2017-09-22", "title": "", "url": ""}]
    built = rebuild(tmp_path, [], [], gazetteer).result
    assert [(event.place, event.event_date, event.source) for event in built.events] == [("Anah", date(2017, 9, 21), "note.txt")]


def test_a_rebuild_keeps_what_the_folder_was_built_from(gazetteer, tmp_path):
    first = rebuild(tmp_path, [OWN / "a1_reuters_tal_afar.txt"], [DATA / "acled_sample.csv"], gazetteer).result
    save_article(tmp_path, preview(gazetteer, "a4_palmyra_exact.txt"))
    again = rebuild(tmp_path, gazetteer=gazetteer).result  # as the dashboard does: no inputs named
    sources = {event.source for event in again.events}
    assert {event.source for event in first.events} < sources
    assert {"a1_reuters_tal_afar.txt", "a4_palmyra_exact.txt", "acled_sample.csv"} <= sources


def test_removing_an_added_article_moves_it_aside_and_drops_its_events(gazetteer, tmp_path):
    saved = save_article(tmp_path, preview(gazetteer, "a4_palmyra_exact.txt"))
    assert any(event.source == saved.name for event in rebuild(tmp_path, [], [], gazetteer).result.events)
    moved = remove_added(saved)
    assert moved.read_bytes() == (OWN / "a4_palmyra_exact.txt").read_bytes()
    assert added_articles(tmp_path) == []
    assert not any(event.source == saved.name for event in rebuild(tmp_path, [], [], gazetteer).result.events)
    again = save_article(tmp_path, preview(gazetteer, "a4_palmyra_exact.txt"))
    assert again.name != saved.name  # a later upload never takes a removed file's name


def test_a_saved_dataset_feeds_every_later_build(gazetteer, tmp_path):
    data = (DATA / "acled_sample.csv").read_bytes()
    checked = check_dataset("acled_sample.csv", data)
    assert (checked.kind, len(checked.events), checked.errors) == ("acled", 5, ())
    save_dataset(tmp_path, "acled_sample.csv", data)
    built = rebuild(tmp_path, [], [], gazetteer).result
    assert sum(event.origin == "acled" for event in built.events) == 5


SESSION = """
import sys
from datetime import date
from pathlib import Path

from geo.gazetteer import load_gazetteer
from geo.ingest import preview_article, rebuild, record_correction, save_article

folder, number = Path(sys.argv[1]), int(sys.argv[2])
gazetteer = load_gazetteer()
if number % 2:
    town = {1: "Anah", 3: "Rawa", 5: "Hit", 7: "Haditha"}[number]  # four stories, not one story four times
    text = f"Iraqi forces retook the town of {town} from Islamic State on Thursday. Report {number}.".encode()
    save_article(folder, preview_article("same-name.txt", text, gazetteer, date(2017, 9, 22)), published=date(2017, 9, 22))
else:
    record_correction(folder, "place", f"geonames:{number}", "latitude", str(30 + number / 10), f"session {number}")
rebuild(folder, [], [], gazetteer)
"""


def test_two_sessions_saving_at_the_same_moment_lose_nothing(tmp_path):
    """Eight processes (as many sessions) save articles with one name, or corrections, and rebuild at once."""
    rebuild(tmp_path, [], [])
    sessions = [
        subprocess.Popen([sys.executable, "-c", SESSION, str(tmp_path), str(number)], cwd=ROOT, stderr=subprocess.PIPE, text=True) for number in range(8)
    ]
    for session in sessions:
        _, errors = session.communicate(timeout=120)
        assert session.returncode == 0, errors
    saved = added_articles(tmp_path)
    assert len(saved) == 4
    assert sorted(path.read_text().split("Report ")[1] for path in saved) == ["1.", "3.", "5.", "7."]
    corrections = read_csv(tmp_path / OVERRIDES_FILE)
    assert sorted(row["note"] for row in corrections) == ["session 0", "session 2", "session 4", "session 6"]
    published = {row["file"]: row["published"] for row in read_csv(saved[0].parent / "sources.csv")}
    assert set(published) == {path.name for path in saved}
    events = read_csv(tmp_path / "events.csv")
    assert sorted(row["source"] for row in events) == sorted(path.name for path in saved)


def test_corrections_are_appended_never_rewritten(tmp_path):
    append_override(tmp_path / OVERRIDES_FILE, "event", "e1", "not_event", "true", "a quote")
    append_override(tmp_path / OVERRIDES_FILE, "place", "p1", "latitude", "35.1", "moved")
    rows = read_csv(tmp_path / OVERRIDES_FILE)
    assert [(row["target_id"], row["field"], row["value"]) for row in rows] == [("e1", "not_event", "true"), ("p1", "latitude", "35.10000")]


REBUILDER = """
import sys
from pathlib import Path
from geo.gazetteer import load_gazetteer
from geo.ingest import rebuild
folder, seeds, extra, number = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
gazetteer = load_gazetteer()
for round_ in range(3):
    # two different builds in turn, so a reader between two of their files would see a mix
    rebuild(folder, [seeds] if (number + round_) % 2 else [seeds, extra], [], gazetteer)
"""


def test_readers_during_concurrent_rebuilds_always_see_one_whole_build(tmp_path):
    from geo.csvio import read_build_bytes

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "rawa.txt").write_text("Published: 27 October 2017\\nIraqi forces on Thursday retook Rawa from Islamic State.\\n", encoding="utf-8")
    folder = tmp_path / "data"
    rebuild(folder, [SEEDS], [])
    writers = [
        subprocess.Popen([sys.executable, "-c", REBUILDER, str(folder), str(SEEDS), str(extra), str(number)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for number in range(4)
    ]
    reads = 0
    while any(writer.poll() is None for writer in writers):
        tables = read_build_bytes(folder)  # raises if the set is of two builds
        assert set(tables) >= {"places.csv", "events.csv", "control.csv"}
        reads += 1
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    assert reads >= 3
