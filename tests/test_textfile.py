"""Decoding text inputs and listing folders without leaving them (geo/textfile.py, issue 14)."""

from __future__ import annotations

import codecs
import json

import pytest
from support import DATA, OWN_ARTICLES, read_csv

from geo.cli import main
from geo.csvio import read_articles, read_dataset_bytes
from geo.errors import InputError
from geo.ingest import MANIFEST, rebuild
from geo.textfile import decode_text, escaped, folder_files

BAD = DATA / "bad"
GOOD = OWN_ARTICLES / "a1_reuters_tal_afar.txt"
SECRET = "SECRET-MARKER-7f3a not an article"


def test_one_cp1252_byte_spoils_its_own_line_only():
    data = (BAD / "mixed_encoding.txt").read_bytes()
    text = decode_text("mixed_encoding.txt", data)
    strict = data.decode("utf-8", "replace").splitlines()
    differing = [number for number, (line, plain) in enumerate(zip(text.splitlines(), strict, strict=True)) if line != plain]
    assert differing == [3]
    assert text.splitlines()[3] == "The army\u2019s spokesman said the operation was over."
    assert text.count("R\u0101wah") == 3 and "\u00c4" not in text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_a_byte_order_mark_names_the_encoding(encoding):
    text = "Deir ez-Zor \u2013 R\u0101wah\n\u201cquote\u201d\n"
    data = text.encode(encoding)
    if encoding.endswith("-be"):
        data = (codecs.BOM_UTF16_BE if "16" in encoding else codecs.BOM_UTF32_BE) + data
    assert decode_text("a.txt", data) == text


def test_text_without_a_mark_is_utf8_or_legacy_line_by_line():
    assert decode_text("a.txt", "caf\u00e9 \u2013 R\u0101wah".encode()) == "caf\u00e9 \u2013 R\u0101wah"
    assert decode_text("a.txt", "\u201cAnah\u201d \u2013 caf\u00e9\r\n".encode("cp1252")) == "\u201cAnah\u201d \u2013 caf\u00e9\r\n"
    assert decode_text("a.txt", b"undefined in cp1252: \x81\n") == "undefined in cp1252: \x81\n"  # Latin-1 reads any byte


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04\x00\x00zip", "file is binary, not text (NUL bytes)"),
        (bytes(range(1, 9)) * 40, "file is binary, not text (mostly control characters)"),
        (codecs.BOM_UTF16_LE + ("Anah" + "\x00" * 50).encode("utf-16-le"), "file is binary, not text (NUL characters)"),
        (codecs.BOM_UTF16_LE + b"odd", "file starts with a UTF-16 byte-order mark but is not UTF-16"),
    ],
)
def test_binary_data_is_refused_in_one_line_naming_the_file(data, reason):
    with pytest.raises(InputError) as raised:
        decode_text("upload.txt", data, "save the article as .txt")
    assert str(raised.value).startswith(f"upload.txt: {reason}")
    assert "\n" not in str(raised.value)


def test_a_utf16_dataset_reads_like_its_utf8_original():
    data = (DATA / "acled_sample.csv").read_bytes()
    plain = read_dataset_bytes("acled_sample.csv", data)
    wide = read_dataset_bytes("acled_sample.csv", data.decode("utf-8").encode("utf-16"))
    assert wide.events == plain.events and wide.errors == plain.errors and len(wide.events) == 5


def _folder_with_links(tmp_path):
    """articles/ holding one real article, a link to a file outside and a link to a folder outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Published: 3 March 2018\n\n{SECRET}. Iraqi forces retook Anah on Friday.\n", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / GOOD.name)
    return folder


def test_links_in_an_articles_folder_are_skipped_with_a_note(tmp_path):
    folder = _folder_with_links(tmp_path)
    inputs, problems = read_articles([folder])
    assert [item.source for item in inputs] == [GOOD.name]
    assert problems == [
        f"{folder / 'etc'}: skipped: a link to a folder; links are not followed, copy the file itself in",
        f"{folder / 'inside.txt'}: skipped: a link; links are not followed, copy the file itself in",
        f"{folder / 'passwd.txt'}: skipped: a link to outside the folder; links are not followed, copy the file itself in",
    ]
    assert all(SECRET not in item.text for item in inputs)


def test_a_data_folder_whose_articles_folder_is_a_link_reads_nothing_through_it(tmp_path, gazetteer):
    folder = _folder_with_links(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "articles").symlink_to(folder / "etc", target_is_directory=True)
    assert folder_files(data / "articles", (".txt",), within=data)[0] == []
    result = rebuild(data, [], [], gazetteer).result
    assert result.articles == ()
    assert result.rejected == (f"{data / 'articles'}: skipped: a link to a folder; links are not followed, put the files themselves there",)
    assert SECRET not in (data / "articles.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "reason"),
    [("ABSOLUTE", "an absolute path, not read"), ("../outside", "resolves outside the data folder, not read"), (".hidden", "a hidden path")],
)
def test_a_build_json_pointing_out_of_the_data_folder_is_refused_in_one_line(tmp_path, gazetteer, entry, reason):
    _folder_with_links(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    entry = str(tmp_path / "outside") if entry == "ABSOLUTE" else entry
    (data / MANIFEST).write_text(json.dumps({"articles": [entry], "events": [], "gazetteers": []}), encoding="utf-8")
    result = rebuild(data, gazetteer=gazetteer).result  # as the dashboard does: the inputs come from build.json
    assert len(result.rejected) == 1 and result.rejected[0].startswith(f"{data / MANIFEST}: articles entry {entry!r}: {reason}")
    assert result.articles == ()
    assert SECRET not in (data / "articles.csv").read_text(encoding="utf-8")
    assert json.loads((data / MANIFEST).read_text(encoding="utf-8"))["articles"] == []


def test_build_json_records_inputs_relative_to_the_data_folder_and_reads_older_ones(tmp_path, gazetteer):
    data = tmp_path / "data"
    rebuild(data, [GOOD], [DATA / "acled_sample.csv"], gazetteer)
    recorded = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    assert not any(entry.startswith("/") for entry in recorded["articles"] + recorded["events"])
    assert (data / recorded["articles"][0]).resolve() == GOOD.resolve()
    older = {"articles": ["tests/data/articles/" + GOOD.name], "events": [], "gazetteers": []}  # relative to the project
    (data / MANIFEST).write_text(json.dumps(older), encoding="utf-8")
    again = rebuild(data, gazetteer=gazetteer).result
    assert again.rejected == () and {article.source for article in again.articles} == {GOOD.name}
    assert {row["source"] for row in read_csv(data / "articles.csv")} == {GOOD.name}


def test_a_file_name_with_a_newline_prints_as_one_line(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "x\nrejected: nothing.txt").write_bytes(b"")
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    assert main(["build", "--articles", str(folder), "--out", str(tmp_path / "out")]) == 2
    lines = capsys.readouterr().err.splitlines()
    rejected = [line for line in lines if line.startswith("rejected:")]
    assert rejected == [f"rejected: {folder}/x\\nrejected: nothing.txt: file is empty"]
    assert escaped("a\x1b[2Jb\u202e.txt") == "a\\x1b[2Jb\\u202e.txt"
