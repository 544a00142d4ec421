"""Reading articles: dates, datelines, boilerplate, sentences, bad files."""

from datetime import date
from pathlib import Path

import pytest
from support import SEEDS

from geo.articles import (
    MAX_SENTENCE_CHARS,
    SourceInfo,
    clean_lines,
    decode_article,
    html_to_text,
    outlet_from_text,
    parse_article,
    parse_sources_csv,
    publication_date,
    read_body,
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


# --- Reading real pages: date forms, ranking, furniture, hard wraps, outlet (issue 13) -------------------------
# Every line below is invented, in the forms real pages use.

STORY = "Iraqi forces retook the town of Rawa on Thursday after a three-day assault, a military spokesman said in Baghdad."


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Posted: 17 Oct 2017", date(2017, 10, 17)),
        ("08.11.2016 15:49", date(2016, 11, 8)),
        ("Nov 12, 2017 — 2:45 PM", date(2017, 11, 12)),
        ("Sunday 13 August 2016 17:49", date(2016, 8, 13)),
        ("10/17/17", date(2017, 10, 17)),
        ("Last Update:: 29/08/2016", date(2016, 8, 29)),
        ("Published: 17:14 EST, 25 August 2016 | Updated: 18:02 EST, 26 August 2016", date(2016, 8, 25)),
        ("2017-07-10T08:30:00+03:00", date(2017, 7, 10)),
        ("Press Release | Jul. 10, 2017", date(2017, 7, 10)),
        ("THE ASSOCIATED PRESS Monday, July 10, 2017, 6:36 AM", date(2017, 7, 10)),
        ("Xinhua, July 10, 2017 Adjust font size:", date(2017, 7, 10)),
        ("July 10, 2017 / 9:17 PM / Updated 37 minutes ago", date(2017, 7, 10)),
        ("Troops enter the old city | Example News | 10.07.2017", date(2017, 7, 10)),
        ("12 juillet 2017", date(2017, 7, 12)),
        ("10 de julio de 2017", date(2017, 7, 10)),
        ("10. Juli 2017", date(2017, 7, 10)),
        ("10 Temmuz 2017", date(2017, 7, 10)),
        ("10 июля 2017", date(2017, 7, 10)),
        ("10 iulie 2017", date(2017, 7, 10)),
        ("25th Julyy,2017", date(2017, 7, 25)),
    ],
)
def test_date_lines_at_the_top_of_the_page_are_read(line, expected):
    assert publication_date(f"Rawa falls to the army\n{line}\n{STORY}")[0] == expected


@pytest.mark.parametrize(
    "opening, expected",
    [
        ("MOSUL, Iraq, July 10, 2017 (Reuters) - " + STORY, date(2017, 7, 10)),
        ("KIRKUK, Iraq, 10 July 2017 (AFP) – " + STORY, date(2017, 7, 10)),
        ("RAWA, Iraq, (Example Press Agency -10th Jully,2017) - " + STORY, date(2017, 7, 10)),
        ("Breaking news: Rawa, Iraq. 10 July, 2017. " + STORY, date(2017, 7, 10)),
        ("July 10, 2017Iraqi forces retook the town of Rawa on Monday.", date(2017, 7, 10)),
        ("July 10, 2017 - Jane Roe" + STORY, date(2017, 7, 10)),
    ],
)
def test_datelines_give_the_date(opening, expected):
    assert publication_date(opening)[0] == expected


def test_the_ranking_published_then_dateline_then_date_line():
    text = f"Rawa falls\nJuly 9, 2017\nBAGHDAD, July 8, 2017 (Reuters) - {STORY}\nPublished: 11 July 2017"
    assert publication_date(text)[0] == date(2017, 7, 11)
    assert publication_date(text.replace("Published: 11 July 2017", ""))[0] == date(2017, 7, 8)


def test_prose_dates_comment_timestamps_and_link_lists_are_never_the_date():
    assert publication_date("On June 10, 2014 militants overran the city, officials said on Tuesday.")[0] is None
    comments = f"{STORY}\n\n3 Comments\n\njoe_b July 12, 2017 at 3:12 pm\nGreat report, thanks.\nReply"
    assert publication_date(comments)[0] is None
    digest = (
        f"{STORY}\n\n### Related:\n\n1. [The army retakes Hit. ](/news/2016/04/14/the-army-retakes-hit.md) _Context: Iraq_\n"
        "2. [Troops enter Rutba. ](/news/2016/05/17/troops-enter-rutba.md)"
    )
    assert publication_date(digest)[0] is None


def test_a_news_digest_day_heading_is_its_date_and_its_related_list_is_removed():
    digest = (
        "### [2017-07-9](/news/2017/07/9/index.md)\n\n"
        "# Iraqi forces retake the town of Rawa from the militants after a three-day assault.\n\n"
        "### Related:\n\n1. [Troops enter Rutba after the militants withdraw. ](/news/2016/05/17/troops-enter-rutba.md) _Context: Iraq_\n"
    )
    article = parse_article("digest.md", digest)
    assert article.published == date(2017, 7, 9)
    assert "Rutba" not in article.body and article.body.startswith("Iraqi forces retake the town of Rawa")


def test_a_founding_year_and_an_ambiguous_numeric_date_are_not_read():
    assert publication_date(f"The Example Gazette\nSpokane, Washington Est. May 19, 1996\n{STORY}")[0] is None
    assert publication_date(f"Founded March 3, 1996\nPosted: Oct 2, 2017\n{STORY}")[0] == date(2017, 10, 2)
    assert publication_date(f"Rawa falls\n05/06/2017\n{STORY}")[0] is None


def test_a_dateline_without_a_year_takes_the_year_of_a_nearby_date_on_the_page():
    caption = "Smoke rises over the old city, December 21, 2016. REUTERS/Jane Roe"
    text = f"BEIRUT, Dec 22 (Reuters) - {STORY}\n\n{caption}"
    assert publication_date(text)[0] == date(2016, 12, 22)
    assert publication_date(f"BEIRUT, Dec 22 (Reuters) - {STORY}")[0] is None


def test_a_caption_date_counts_only_when_the_story_speaks_of_that_day():
    caption = "Troops walk in Rawa, Iraq, May 3, 2017. REUTERS/Jane Roe"
    confirmed = f"Rawa after the battle\n{caption}\nTroops said on Wednesday the town was clear of mines and booby traps."
    assert publication_date(confirmed) == (date(2017, 5, 3), f"text (photo caption): '{caption}'")
    unconfirmed = confirmed.replace("Wednesday", "Friday")
    assert publication_date(unconfirmed)[0] is None


def test_the_page_url_dates_an_article_whose_text_does_not():
    info = SourceInfo("x.txt", url="https://news.example.org/world/2016/05/20/troops-retake-rawa/")
    article = parse_article("x.txt", STORY, info)
    assert article.published == date(2016, 5, 20) and article.published_from.startswith("url")
    for url, expected in [
        ("https://example.org/news/2015/jun/16/slug/", date(2015, 6, 16)),
        ("https://example.org/News/2016/Dec-23/386-slug.ashx", date(2016, 12, 23)),
        ("http://example.org/2015-10/20/content_1.htm", date(2015, 10, 20)),
        ("https://example.org/news/slug-today-2019-10-12/?ref=1", date(2019, 10, 12)),
        ("http://example.org/article/slug-idINKBN0O52ID20150520", date(2015, 5, 20)),
    ]:
        assert parse_article("x.txt", STORY, SourceInfo("x.txt", url=url)).published == expected
    # a six-digit folder is read as the day nearest the years the page mentions, and not at all without them
    in_2016 = "Fallujah has been held by the militants since January 2014, officials said in a statement."
    assert parse_article("x.txt", in_2016, SourceInfo("x.txt", url="https://example.org/w/260616/slug.html")).published == date(2016, 6, 26)
    with pytest.raises(UndatedArticleError):
        parse_article("x.txt", STORY, SourceInfo("x.txt", url="https://example.org/w/260616/slug.html"))


def test_the_text_date_outranks_the_url():
    info = SourceInfo("x.txt", url="https://example.org/2015/01/27/slug/")
    assert parse_article("x.txt", f"Monday, January 26, 2015\n\n{STORY}", info).published == date(2015, 1, 26)


def test_html_metadata_dates_a_page_and_the_comments_are_left_out():
    story = "".join(f"<p>{STORY} Paragraph {n} adds what the commander told reporters about the assault.</p>" for n in range(6))
    page = (
        '<html><head><title>Rawa retaken</title><meta property="article:published_time" content="2017-07-10T08:00:00Z"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>Iraqi forces retake Rawa</h1>{story}</article>"
        '<div class="comments"><h3>Comments</h3><p>joe_b wrote on 12 July 2017: Mosul fell to the rebels.</p></div>'
        "<footer>Copyright Example News</footer></body></html>"
    ).encode()
    text = decode_article("page.html", page)
    assert "Mosul fell" not in text and "Home | World" not in text and "Paragraph 5" in text
    article = parse_article("page.html", text)
    assert article.published == date(2017, 7, 10)
    undated_metadata = page.replace(b'<meta property="article:published_time" content="2017-07-10T08:00:00Z">', b"")
    header = undated_metadata.replace(b"<article>", b'<div class="byline">By Jane Roe | July 9, 2017</div><article>')
    assert parse_article("page.html", decode_article("page.html", header)).published == date(2017, 7, 9)
    with pytest.raises(UndatedArticleError):
        parse_article("page.html", decode_article("page.html", undated_metadata))


@pytest.mark.parametrize(
    "furniture, kind",
    [
        ("Related:\nTroops enter Rutba after the militants withdraw\nThe army retakes Hit", "link list"),
        ("1. [Troops enter Rutba after the militants withdraw. ](/news/2016/05/17/troops-enter-rutba.md) _Context: Iraq_", "link list"),
        ("More News On The Battle For Rawa\n\nTroops enter Rutba after the militants withdraw -- Example Wire\nArmy retakes Hit -- Example Post", "link list"),
        ("Read more: Troops enter Rutba after the militants withdraw", "link list"),
        ("More news: Troops enter Rutba after the militants withdraw", "link list"),
        ("Soldiers patrol a street in Rutba, Iraq, May 3, 2017. REUTERS/Jane Roe", "photo caption"),
        ("Soldiers patrol a street in Rutba (AFP Photo/Jane Roe)", "photo caption"),
        ("Soldiers patrol a street in Rutba after the militants withdraw. Photo: Example Agency", "photo caption"),
        ("Image caption\nSoldiers patrol a street in Rutba after the militants withdraw", "photo caption"),
        ("Soldiers patrol a street in Rutba [Getty Images]", "photo caption"),
        ("2 Comments\njoe_b May 5, 2017 at 3:12 pm\nTroops enter Rutba, I saw them myself.\nReply", "comment thread"),
        ("Search This Blog\nTroops enter Rutba after the militants withdraw, the blog said in March.", "sidebar"),
        ('string(12) "Rutba" {"@context": "https://schema.org", "headline": "Troops enter Rutba"}', "page code"),
        ("We use cookies to improve your experience on our site.", "banner"),
        ("This story is over 5 years old.", "banner"),
        ("News • Troops enter Rutba • Army retakes Hit • Markets close higher", "menu"),
        ("Reporting by Jane Roe in Rutba; Editing by John Doe", "credits"),
    ],
)
def test_page_furniture_classes_are_removed_before_anything_reads_the_body(furniture, kind):
    body = read_body(f"Iraqi forces retake Rawa\n\n{STORY}\n\n{furniture}\n")
    assert body.paragraphs == (STORY,)
    assert body.removed.get(kind, 0) >= 1


def test_comment_headings_before_the_story_do_not_swallow_it():
    body = read_body(f"Comments\n\n{STORY}")
    assert body.paragraphs == (STORY,)


def test_read_more_and_reporting_credits_are_cut_from_the_end_of_a_paragraph():
    body = read_body(f"{STORY} Read more here.\n\nThe army said the road was open. (Reporting by Jane Roe; Editing by John Doe)")
    assert body.paragraphs == (STORY, "The army said the road was open.")


def test_hard_wrapped_wire_copy_is_rejoined_into_sentences():
    wire = (
        " date 2017-07-10 RAWA, Iraq July 10 Iraqi forces and allied\n"
        "militia fighters recaptured most of the town from the militants\n"
        "on Monday, security officials said.\n"
        "The report could not be independently confirmed because it\n"
        "is too dangerous for journalists to enter the area around\n"
        "the town, about 300 km (190 miles) west of Baghdad.\n"
        '"We hold all the gates of the town and its main roads,"\n'
        "a commander said.\n"
    )
    article = parse_article("wire.txt", wire)
    texts = [sentence.text for sentence in article.sentences]
    rejoined = "The report could not be independently confirmed because it is too dangerous for journalists to enter the area around the town,"
    assert rejoined + " about 300 km (190 miles) west of Baghdad." in texts
    assert '"We hold all the gates of the town and its main roads," a commander said.' in texts
    assert article.published == date(2017, 7, 10)


def test_headlines_and_headline_lists_are_not_joined_to_the_story():
    title, paragraphs, _ = clean_lines(f"Kurds push the militants out of the border town: monitor\n{STORY}")
    assert title.startswith("Kurds push") and paragraphs == [STORY]
    listing = "\n".join(f"Troops enter the town of Example{n} after the militants withdraw overnight" for n in range(5))
    assert read_body(f"{STORY}\n\nExplore\n{listing}").paragraphs == (STORY,)


@pytest.mark.parametrize(
    "text, outlet",
    [
        (f"BEIRUT (AP) — {STORY}", "AP"),
        (f"MOSUL, Iraq, July 10, 2017 (Reuters) - {STORY}", "Reuters"),
        (f"By Jane Roe, Associated Press\n{STORY}", "AP"),
        (f"BAGHDAD - Agence France-Presse\n\n{STORY}", "AFP"),
        (f"Xinhua, July 10, 2017\n\n{STORY}", "Xinhua"),
        (f"TEHRAN, Jul. 10 (UPI) -- {STORY}", "UPI"),
        (f"{STORY} — Reuters", "Reuters"),
        (f"{STORY}\nSource: Example Times", "Example Times"),
        (STORY, ""),
    ],
)
def test_the_outlet_is_read_from_the_dateline_or_byline(text, outlet):
    assert outlet_from_text(text) == outlet


def test_sources_csv_outlet_wins_over_the_byline():
    info = SourceInfo("x.txt", outlet="Example Daily", published=date(2017, 7, 10))
    assert parse_article("x.txt", f"BEIRUT (AP) — {STORY}", info).outlet == "Example Daily"
    assert parse_article("x.txt", f"BEIRUT (AP) — {STORY}", SourceInfo("x.txt", published=date(2017, 7, 10))).outlet == "AP"


@pytest.mark.parametrize(
    "text",
    [
        "word " * 13_000,
        "U.S. " * 13_000,
        "on May 5, 2017 and " * 3_500,
        "Iraqi forces retook\n" * 3_300,
        "(" * 32_000 + ")" * 32_000,
    ],
)
def test_reading_huge_degenerate_inputs_gives_bounded_sentences(text):
    """The reading steps finish on 64 KB of one repeated token, and the article the grammar reads is
    cut into bounded sentences (their cost per KB is measured by bench/run.py's text-cost rows, not
    timed here)."""
    clean_lines(text)
    publication_date(text)
    split_sentences(text)
    article = parse_article("huge.txt", "Published: 5 May 2017\n" + text)
    # (repeated lines and bare brackets are page furniture: nothing of them may be left)
    assert all(len(sentence.text) <= MAX_SENTENCE_CHARS for sentence in article.sentences)


REALTEXT = Path(__file__).resolve().parents[1].parent / "shared" / "realtext" / "articles"


@pytest.mark.skipif(not (REALTEXT / "sources.csv").exists(), reason="the real-text development set ../shared/realtext is absent")
def test_dates_read_from_the_real_text_set_are_never_wrong():
    infos = parse_sources_csv((REALTEXT / "sources.csv").read_text(encoding="utf-8"))
    right = wrong = 0
    for name, info in infos.items():
        text = (REALTEXT / name).read_text(encoding="utf-8")
        # the page's URL is kept, its published column is not: the date must come from the page itself
        written, _ = publication_date(text, info.url)
        right += written == info.published
        wrong += written is not None and written != info.published
    assert wrong == 0 and right >= 75, (right, wrong)


def test_a_picture_gallery_keeps_its_captions_as_its_text_without_the_credits():
    gallery = "Rawa after the battle\n" + "\n".join(
        f"Iraqi troops patrol street {n} of Rawa, Iraq, May 3, 2017. REUTERS/Jane Roe" for n in range(4)
    )
    body = read_body(gallery)
    assert body.paragraphs[0] == "Iraqi troops patrol street 0 of Rawa, Iraq, May 3, 2017." and len(body.paragraphs) == 4
    article_page = f"{STORY}\n\nIraqi troops patrol a street of Rawa, Iraq, May 3, 2017. REUTERS/Jane Roe"
    assert read_body(article_page).paragraphs == (STORY,)


def test_a_dated_dateline_keeps_its_date_in_the_first_sentence_and_gives_up_its_place():
    article = parse_article("x.txt", f"BAGHDAD (Reuters) - {STORY}\n\nPublished: 10 July 2017")
    assert article.dateline == "BAGHDAD" and article.sentences[0].text.startswith("Iraqi forces retook")
    article = parse_article("x.txt", f"TEHRAN, Jul. 10 (MNA) – {STORY}\n\nPublished: 10 July 2017")
    assert article.sentences[0].text.startswith("TEHRAN, Jul. 10 (MNA)")


def test_a_sentence_with_markup_in_it_is_kept_literally_while_page_code_goes():
    quoted = 'Troops entered Rutba on Monday, the army said <script>window.x = 1</script> <a href="javascript:void(0)">here</a>.'
    code = "<script>window.dataLayer = [];</script>\nvar ads = 1;\n"
    body = read_body(f"<b>Troops enter Rutba</b> <script>window.y = 2</script>\n\n{STORY}\n\n{quoted}\n\n{code}")
    assert body.paragraphs == (STORY, quoted)
    assert body.title == "<b>Troops enter Rutba</b> <script>window.y = 2</script>"
    assert body.removed.get("page code") == 2
