"""The command line contract: build, geocode, control; determinism; bad input."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from support import DATA, ROOT, SEEDS

from geo import cli


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result


def test_build_summarises_on_stderr(fresh_build):
    _, result = fresh_build
    assert "5 articles read, 0 rejected" in result.stderr
    assert "events" in result.stderr and "places" in result.stderr
    assert result.stdout == ""


def test_committed_data_equals_a_fresh_build(fresh_build):
    out, _ = fresh_build
    for name in ("places.csv", "events.csv", "control.csv", "articles.csv"):
        assert (out / name).read_bytes() == (ROOT / "data" / name).read_bytes(), f"data/{name} is stale: run `python -m geo build` and commit"


def test_builds_are_byte_identical(fresh_build, tmp_path):
    out, _ = fresh_build
    assert run("build", "--out", str(tmp_path)).returncode == 0
    for name in ("places.csv", "events.csv", "control.csv", "articles.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


def test_output_columns_follow_the_contract(fresh_build):
    out, _ = fresh_build
    events = rows((out / "events.csv").read_text())
    for column in (
        "event_id",
        "event_date",
        "date_precision",
        "place",
        "latitude",
        "longitude",
        "country_code",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "controller_after",
        "contested",
        "source",
        "published",
        "quote",
    ):
        assert column in events[0], column
    assert {row["date_precision"] for row in events} <= {"day", "week", "month", "year"}
    places = rows((out / "places.csv").read_text())
    for column in ("place", "mentions", "latitude", "longitude", "country_code", "source"):
        assert column in places[0], column


def test_articles_are_repeatable_and_take_files(tmp_path):
    result = run("build", "--articles", str(SEEDS / "000_11e8b1882d95c794.txt"), "--articles", str(DATA / "articles"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    sources = {row["source"] for row in rows((tmp_path / "events.csv").read_text())}
    assert "000_11e8b1882d95c794.txt" in sources and "a3_blog_back_and_forth.txt" in sources


def test_control_answers_for_a_date():
    result = run("control", "--date", "2017-09-25")
    assert result.returncode == 0
    table = {row["place"]: row for row in rows(result.stdout)}
    assert table["Sharqat"]["controller"] == "Iraqi government" and table["Sharqat"]["since"] == "2017-09-22"
    assert table["Hawija"]["controller"] == "Islamic State" and table["Hawija"]["contested"] == "true"
    for column in ("place", "latitude", "longitude", "controller", "contested", "since", "event_id"):
        assert column in table["Sharqat"]


def test_control_refuses_a_bad_date_and_a_missing_folder(tmp_path):
    bad = run("control", "--date", "21/09/2017")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    missing = run("control", "--date", "2017-09-21", "--data", str(tmp_path))
    assert missing.returncode == 1 and "control.csv" in missing.stderr and "python -m geo build" in missing.stderr


def test_geocode_prints_one_row_per_query():
    result = run("geocode", "--country", "IQ,SY", "Shirqat", "Hajeen", "Atlantis")
    table = rows(result.stdout)
    assert [row["query"] for row in table] == ["Shirqat", "Hajeen", "Atlantis"]
    assert table[0]["country_code"] == "IQ" and table[1]["country_code"] == "SY"
    assert table[2]["latitude"] == "" and table[2]["name"] == ""


def test_geocode_country_restriction():
    assert rows(run("geocode", "--country", "SY", "Sinjar").stdout)[0]["country_code"] == "SY"
    assert rows(run("geocode", "Sinjar").stdout)[0]["country_code"] == "IQ"


def test_bad_articles_are_reported_and_the_rest_is_built(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(
        "Published: 27th October 2017\nIraqi forces on Thursday recaptured the town of Rawa from Islamic State.", encoding="utf-8"
    )
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (articles / "undated.txt").write_text("Iraqi forces retook Anah on Thursday.", encoding="utf-8")
    result = run("build", "--articles", str(articles), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(lines) == 3
    assert any("empty.txt: file is empty" in line for line in lines)
    assert any("binary.txt: file is binary" in line for line in lines)
    assert any("undated.txt: no publication date" in line for line in lines)
    events = rows((tmp_path / "out" / "events.csv").read_text())
    assert [row["place"] for row in events] == ["Rawa"]


def test_online_geocoding_without_network_falls_back_with_one_warning(tmp_path, monkeypatch, capsys):
    from geopy.exc import GeocoderUnavailable

    calls = []

    class Refusing:
        def geocode(self, *args, **kwargs):
            calls.append(args)
            raise GeocoderUnavailable("network unreachable")

    monkeypatch.setattr(cli, "OnlineGeocoder", lambda: cli_online(Refusing()))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Published: 27th October 2017\nIraqi forces recaptured the village of Xyzzyville on Thursday, and shelled Rawa.", encoding="utf-8"
    )
    code = cli.main(["build", "--online", "--articles", str(articles), "--out", str(tmp_path / "out")])
    stderr = capsys.readouterr().err
    assert code == 0
    assert stderr.count("warning: online geocoder unavailable") == 1
    assert len(calls) == 1
    assert (tmp_path / "out" / "events.csv").exists()


def cli_online(geocoder):
    from geo.online import OnlineGeocoder

    return OnlineGeocoder(geocoder=geocoder, min_delay_seconds=0)


def test_a_folder_that_cannot_be_written_gives_one_line_and_keeps_what_was_there(tmp_path, capsys):
    from geo.cli import main

    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    assert main(["build", "--out", str(blocker / "data")]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nothing already saved was changed" in lines[0]
    assert blocker.read_text(encoding="utf-8") == "a file where the output folder should be"


def test_a_correction_from_the_command_line_changes_the_map_and_is_listed(tmp_path):
    out = tmp_path / "data"
    assert run("build", "--out", str(out)).returncode == 0
    change = next(row for row in rows((out / "events.csv").read_text(encoding="utf-8")) if row["controller_after"] == "Islamic State")
    done = run("correct", "event", change["event_id"], "controller_after", "Iraqi government", "--note", "=re-read", "--author", "cli test", "--data", str(out))
    assert done.returncode == 0, done.stderr
    assert f"corrected event {change['event_id']}" in done.stderr and "0 orphaned" in done.stderr
    [after] = [row for row in rows((out / "events.csv").read_text(encoding="utf-8")) if row["event_id"] == change["event_id"]]
    assert after["controller_after"] == "Iraqi government" and "held by Iraqi government afterwards" in after["corrected"]
    listed = rows(run("corrections", "--data", str(out)).stdout)
    assert [(row["target_id"], row["author"], row["note"]) for row in listed] == [(change["event_id"], "cli test", "'=re-read")]  # neutralised for spreadsheets
    assert rows(run("corrections", "--orphaned", "--data", str(out)).stdout) == []


def test_a_correction_of_an_unknown_event_or_with_a_bad_value_is_one_line(tmp_path):
    out = tmp_path / "data"
    assert run("build", "--out", str(out)).returncode == 0
    unknown = run("correct", "event", "e-none", "contested", "true", "--data", str(out))
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "no event e-none" in unknown.stderr
    event_id = rows((out / "events.csv").read_text(encoding="utf-8"))[0]["event_id"]
    bad = run("correct", "event", event_id, "contested", "maybe", "--data", str(out))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "must be true or false" in bad.stderr
    assert rows(run("corrections", "--data", str(out)).stdout) == []  # nothing recorded
