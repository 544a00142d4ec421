"""Reading articles: dates, datelines, boilerplate, sentences, bad files."""

from datetime import date

import pytest
from support import SEEDS

from geo.articles import (
    SourceInfo,
    clean_lines,
    decode_article,
    html_to_text,
    parse_article,
    parse_sources_csv,
    publication_date,
    split_sentences,
)
from geo.errors import InputError, UndatedArticleError


def read(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("000_11e8b1882d95c794.txt", date(2017, 9, 30)),
        ("001_ef5cd5779298e5c3.txt", date(2017, 9, 21)),
        ("003_63e3a3cfca456c39.txt", date(2017, 11, 25)),
        ("004_e4b1efb5d7665dd4.txt", date(2017, 10, 27)),
    ],
)
def test_publication_dates_are_read_from_the_seed_headers(name, expected):
    assert publication_date(read(name))[0] == expected


def test_the_bbc_seed_has_no_date_and_sources_csv_fills_it():
    assert publication_date(read("002_9006635dca0dab29.txt"))[0] is None
    sources = parse_sources_csv((SEEDS / "sources.csv").read_text(encoding="utf-8"))
    article = parse_article("002_9006635dca0dab29.txt", read("002_9006635dca0dab29.txt"), sources["002_9006635dca0dab29.txt"])
    assert article.published == date(2018, 9, 11) and article.published_from == "sources.csv"
    assert article.outlet == "BBC"


def test_sources_csv_wins_on_conflict():
    article = parse_article("x.txt", "Published: 27th October 2017 01:13 AM\nRawa fell.", SourceInfo("x.txt", published=date(2017, 10, 28)))
    assert article.published == date(2017, 10, 28)
    assert "text said 2017-10-27" in article.published_from


@pytest.mark.parametrize(
    "header, expected",
    [
        ("March 14, 2017", date(2017, 3, 14)),
        ("2018-12-15T08:30:00Z", date(2018, 12, 15)),
        ("Mar 3, 2017 at 6:45 PM", date(2017, 3, 3)),
        ("Published on Tuesday 17 October 2017 11:05 GMT", date(2017, 10, 17)),
        ("date: 2017-10-22", date(2017, 10, 22)),
        ("Updated: November 20, 2017 14:02 IST", date(2017, 11, 20)),
    ],
)
def test_other_header_forms(header, expected):
    assert publication_date(f"Some title here\n{header}\nIraqi forces retook Rawa on Thursday.")[0] == expected


def test_a_date_inside_a_sentence_is_not_the_publication_date():
    assert publication_date("Troops entered the town on November 24, 2017, officials said.")[0] is None


def test_undated_article_is_refused_never_dated_today():
    with pytest.raises(UndatedArticleError, match="no publication date"):
        parse_article("undated.txt", "Iraqi forces retook Rawa on Thursday.")


def test_datelines_are_separated_from_the_story():
    article = parse_article("004_e4b1efb5d7665dd4.txt", read("004_e4b1efb5d7665dd4.txt"))
    assert article.dateline == "HABBANIYAH"
    assert any(sentence.text.startswith("Iraqi forces on Thursday recaptured") for sentence in article.sentences)
    assert parse_article("001_ef5cd5779298e5c3.txt", read("001_ef5cd5779298e5c3.txt")).dateline == "Baghdad"


def test_page_furniture_is_removed():
    body = parse_article("003_63e3a3cfca456c39.txt", read("003_63e3a3cfca456c39.txt")).body
    assert "Sweida" not in body and "Cyprus" not in body and "Explore" not in body and "TRT Global" not in body
    body = parse_article("004_e4b1efb5d7665dd4.txt", read("004_e4b1efb5d7665dd4.txt")).body
    assert "Disclaimer" not in body and "views expressed in comments" not in body and "flipboard" not in body
    body = parse_article("001_ef5cd5779298e5c3.txt", read("001_ef5cd5779298e5c3.txt")).body
    assert "Lok Sabha" not in body and "Representational image" not in body and "Also See" not in body
    assert "Sponsored by" not in body


def test_repeated_headline_is_kept_once_as_the_title():
    title, paragraphs, _ = clean_lines(read("001_ef5cd5779298e5c3.txt"))
    assert title.startswith("After Mosul victory")
    assert not any(paragraph.startswith("After Mosul victory") for paragraph in paragraphs)


def test_sentences_keep_abbreviations_and_quotes():
    assert split_sentences("U.S. troops arrived. Lt. Gen. Smith said “IS is beaten.” Then they left.") == [
        "U.S. troops arrived.",
        "Lt. Gen. Smith said “IS is beaten.”",
        "Then they left.",
    ]


def test_cp1252_and_latin1_text_is_read():
    text = "Deir ez-Zor \u2013 caf\u00e9 \u201cquote\u201d".encode("cp1252")
    assert "café" in decode_article("old.txt", text)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02binary\x00data" * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_article("bad.txt", data)


def test_html_is_reduced_to_its_text_and_scripts_are_dropped():
    page = (
        b"<html><head><title>T</title><script>alert(1)</script></head><body><nav>Home | World</nav>"
        b"<p>Iraqi forces retook <b>Rawa</b> on Thursday.</p><p>Published: 27th October 2017</p></body></html>"
    )
    text = decode_article("page.html", page)
    assert "alert" not in text and "Rawa" in text and "Home | World" not in text
    assert html_to_text("<p>a &amp; b</p>") == "a & b"
