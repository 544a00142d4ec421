"""Every kind of bad input in tests/data/bad/: one line naming the file (and row) and the reason.

Good inputs in the same batch are still used, and nothing saved before changes.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from support import DATA, ROOT, read_csv

from geo.csvio import read_dataset_file
from geo.errors import DatasetFormatError
from geo.ingest import preview_article, rebuild, save_article

BAD = DATA / "bad"
GOOD_ARTICLE = DATA / "articles" / "a1_reuters_tal_afar.txt"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "file is empty"), ("binary.txt", "file is binary")],
)
def test_unreadable_articles_get_one_line_naming_the_file(gazetteer, name, reason):
    preview = preview_article(name, (BAD / name).read_bytes(), gazetteer)
    assert not preview.usable
    assert preview.error.startswith(f"{name}: {reason}")
    assert "\n" not in preview.error


def test_an_article_over_the_size_limit_is_refused_before_reading(gazetteer):
    data = b"Iraqi forces retook Rawa. " * (21 * 1024 * 1024 // 26 + 1)
    preview = preview_article("huge.txt", data, gazetteer)
    assert not preview.usable
    assert preview.error == "huge.txt: file is 22.0 MB; the limit is 20 MB"


@pytest.mark.parametrize("name", ["cp1252.txt", "latin1.txt"])
def test_legacy_encodings_are_read_and_their_events_found(gazetteer, name):
    preview = preview_article(name, (BAD / name).read_bytes(), gazetteer)
    assert preview.usable, preview.error
    assert preview.article.published == date(2017, 11, 18)
    changes = [(event.place, event.event_date, event.controller_after) for event in preview.events if event.controller_after]
    assert changes == [("Rawa", date(2017, 11, 17), "Iraqi government")]
    if name == "cp1252.txt":
        assert "\u201cRawa has been liberated,\u201d" in preview.article.body


def test_an_undated_article_asks_for_a_date_and_is_never_dated_today(gazetteer):
    data = (BAD / "undated.txt").read_bytes()
    preview = preview_article("undated.txt", data, gazetteer)
    assert not preview.usable and preview.needs_date
    assert preview.error.startswith("undated.txt: no publication date")
    dated = preview_article("undated.txt", data, gazetteer, published=date(2017, 9, 22))
    assert dated.usable
    assert [(event.place, event.event_date) for event in dated.events] == [("Hawija", date(2017, 9, 21))]


def test_a_dataset_missing_columns_is_refused_naming_them():
    with pytest.raises(DatasetFormatError) as raised:
        read_dataset_file(BAD / "missing_columns.csv")
    message = str(raised.value)
    assert message.startswith("missing_columns.csv: not a UCDP GED or ACLED file: missing ACLED columns")
    assert "event_date" in message and "latitude" in message and "longitude" in message


@pytest.mark.parametrize(
    ("name", "bad_rows", "reason"),
    [
        ("coordinates_out_of_range.csv", [3, 4], ("coordinates out of range", "are not numbers")),
        ("bad_dates.csv", [2, 5], ("is not a date",)),
        ("duplicates.csv", [7], ("duplicate event id",)),
    ],
)
def test_bad_dataset_rows_are_refused_one_line_each_and_the_rest_imported(name, bad_rows, reason):
    result = read_dataset_file(BAD / name)
    assert [int(error.split(":")[1]) for error in result.errors] == bad_rows
    assert all(error.startswith(f"{name}:") and any(text in error for text in reason) for error in result.errors)
    rows = len(read_csv(BAD / name))
    assert len(result.events) == rows - len(bad_rows)


def test_the_cli_reports_each_bad_input_and_builds_the_rest(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "build",
            "--articles",
            str(BAD / "empty.txt"),
            "--articles",
            str(BAD / "binary.txt"),
            "--articles",
            str(GOOD_ARTICLE),
            "--events",
            str(BAD / "bad_dates.csv"),
            "--events",
            str(BAD / "missing_columns.csv"),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert any("empty.txt: file is empty" in line for line in rejected)
    assert any("binary.txt: file is binary" in line for line in rejected)
    assert any("bad_dates.csv:2:" in line for line in rejected) and any("bad_dates.csv:5:" in line for line in rejected)
    assert any("missing_columns.csv: not a UCDP GED or ACLED file" in line for line in rejected)
    events = read_csv(out / "events.csv")
    assert {"Tal Afar"} <= {row["place"] for row in events}
    assert sum(row["origin"] == "acled" for row in events) == 3


def test_a_bad_upload_changes_nothing_already_saved(gazetteer, tmp_path):
    good = preview_article(GOOD_ARTICLE.name, GOOD_ARTICLE.read_bytes(), gazetteer)
    saved = save_article(tmp_path, good)
    rebuild(tmp_path, [], [], gazetteer)
    before = {path.name: path.read_bytes() for path in tmp_path.rglob("*.csv")} | {saved.name: saved.read_bytes()}
    bad = preview_article("empty.txt", b"", gazetteer)
    with pytest.raises(Exception, match="empty.txt: file is empty"):
        save_article(tmp_path, bad)
    after = {path.name: path.read_bytes() for path in tmp_path.rglob("*.csv")} | {saved.name: saved.read_bytes()}
    assert after == before


def test_a_utf8_article_with_one_cp1252_byte_keeps_every_other_accent(gazetteer):
    preview = preview_article("mixed_encoding.txt", (BAD / "mixed_encoding.txt").read_bytes(), gazetteer)
    assert preview.usable, preview.error
    body = preview.article.body
    assert body.count("R\u0101wah") == 2 and "The army\u2019s spokesman" in body and "\u00c4" not in body
    changes = [(event.place, event.event_date, event.controller_after) for event in preview.events if event.controller_after]
    assert changes == [("R\u0101wah", date(2017, 11, 17), "Iraqi government")]


def test_a_utf16_article_with_a_byte_order_mark_is_read_and_its_town_found(gazetteer):
    preview = preview_article("utf16_bom.txt", (BAD / "utf16_bom.txt").read_bytes(), gazetteer)
    assert preview.usable, preview.error
    assert preview.article.published == date(2017, 9, 22)
    assert [(event.place, event.event_date) for event in preview.events] == [("Anah", date(2017, 9, 21))]
