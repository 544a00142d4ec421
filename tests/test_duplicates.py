"""One wire story through two outlets is one report with both outlets (geo.duplicates, issue 14).

Every article here is written for these tests.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pandas as pd

from geo import dataview
from geo.articles import SourceInfo, parse_article
from geo.csvio import ARTICLE_COLUMNS, EVENT_COLUMNS, STATE_COLUMNS, article_row, csv_text, event_row, state_row
from geo.duplicates import SAME_STORY_DAYS, SAME_STORY_JACCARD, jaccard, same_stories, shingles
from geo.pipeline import ArticleInput, build
from geo.records import Article

PARAGRAPHS = (
    "Iraqi forces on Friday retook Rawa from Islamic State, the last town the militants held in the country, military officials said.",
    "Islamic State fighters withdrew from Anah on Wednesday as Iraqi forces advanced along the Euphrates valley towards the border.",
    "Troops backed by tribal fighters and coalition aircraft entered the town from three directions at dawn, an army colonel told reporters by telephone.",
    "Engineers were clearing roadside bombs and booby-trapped houses in the centre, he said, and a few snipers were still holding out near the river bank.",
    "Most of the residents had fled to camps in the desert to the south before the assault began, according to aid workers in the province.",
    "The militants still hide in pockets of open desert along the frontier with Syria, where commanders expect them to wage a guerrilla campaign.",
    "The prime minister is expected to declare the end of the campaign within weeks, his office said in a statement on Friday evening.",
)
WIRE = "Iraqi forces retake last IS-held town\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
# the same story as a second outlet runs it: its own headline, a byline, the last paragraph cut, the page's furniture
HOSTED = "Rawa falls to Iraqi troops\n\nBy a staff reporter\n\n" + "\n\n".join(PARAGRAPHS[:-1]) + "\n\nShare this article\n\nYou may also like\n"
# the same capture told by another newsroom in its own words
OWN_WORDS = (
    "Government troops capture Rawa\n\n"
    "Iraqi forces on Friday retook Rawa from Islamic State after a short battle, ending the group's hold on its final urban stronghold in Iraq.\n\n"
    "Officers from the Joint Operations Command described only light resistance, saying most jihadists had slipped away west before the push.\n\n"
    "Aid agencies warned that unexploded ordnance would keep families from going home for months, and asked for demining teams to be sent quickly.\n\n"
    "Baghdad now turns to securing the long, porous desert frontier, where analysts believe remnants of the group will regroup.\n"
)
DAY = date(2017, 11, 17)


def _input(source: str, text: str, outlet: str, published: date = DAY) -> ArticleInput:
    return ArticleInput(source, text, SourceInfo(source, outlet=outlet, published=published))


def _tables(result) -> tuple[str, str, str]:
    """The build's events, states and articles as the CSV text the build writes."""
    return (
        csv_text(EVENT_COLUMNS, [event_row(event) for event in result.events]),
        csv_text(STATE_COLUMNS, [state_row(state) for state in result.states]),
        csv_text(ARTICLE_COLUMNS, [article_row(article) for article in result.articles]),
    )


def _frames(result) -> dataview.Frames:
    events, states, articles = (pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for text in _tables(result))
    return dataview.frames_from_tables(pd.DataFrame(), events, pd.DataFrame(), articles, states)


def test_a_wire_story_under_another_headline_and_byline_without_its_last_paragraph_is_one_report_with_both_outlets(gazetteer):
    alone = build([_input("reuters.txt", WIRE, "Reuters")], gazetteer)
    both = build([_input("reuters.txt", WIRE, "Reuters"), _input("arabiya.txt", HOSTED, "Al Arabiya", DAY + timedelta(days=1))], gazetteer)
    assert alone.events and {event.event_id for event in both.events} == {event.event_id for event in alone.events}
    assert {event.source for event in both.events} | {state.source for state in both.states} == {"reuters.txt"}
    assert {article.source: article.same_story_as for article in both.articles} == {"reuters.txt": "", "arabiya.txt": "reuters.txt"}
    frames = _frames(both)
    assert frames.source_labels["reuters.txt"] == "Reuters, also carried by Al Arabiya · reuters.txt"
    assert frames.outlet_names["arabiya.txt"] == "Al Arabiya (the story of reuters.txt)"
    assert set(frames.origins.values()) == {"Reuters"}  # one independent source on the map, not two


def test_the_hosted_copy_is_similar_enough_and_the_other_newsroom_is_not():
    wire, hosted, own = (parse_article(name, text, SourceInfo(name, published=DAY)) for name, text in (("w", WIRE), ("h", HOSTED), ("o", OWN_WORDS)))
    assert jaccard(shingles(wire.body), shingles(hosted.body)) >= SAME_STORY_JACCARD
    assert jaccard(shingles(wire.body), shingles(own.body)) < 0.2


def test_two_articles_about_one_capture_in_different_words_stay_two_reports(gazetteer):
    result = build([_input("reuters.txt", WIRE, "Reuters"), _input("bbc.txt", OWN_WORDS, "BBC")], gazetteer)
    assert {event.source for event in result.events} == {"reuters.txt", "bbc.txt"}
    assert all(article.same_story_as == "" for article in result.articles)
    assert set(_frames(result).origins.values()) == {"Reuters", "BBC"}


def test_an_exact_copy_still_adds_nothing(gazetteer):
    one = build([_input("reuters.txt", WIRE, "Reuters")], gazetteer)
    two = build([_input("reuters.txt", WIRE, "Reuters"), _input("reuters_copy.txt", WIRE, "Reuters")], gazetteer)
    assert _tables(two)[:2] == _tables(one)[:2]  # the same events and states, byte for byte
    assert [article.same_story_as for article in two.articles] == ["", "reuters.txt"]
    assert _frames(two).source_labels["reuters.txt"] == "Reuters · reuters.txt"  # an outlet is not "also carried by" itself


def test_the_same_text_published_far_apart_is_not_merged(gazetteer):
    later = DAY + timedelta(days=SAME_STORY_DAYS + 30)
    result = build([_input("reuters.txt", WIRE, "Reuters"), _input("arabiya.txt", HOSTED, "Al Arabiya", later)], gazetteer)
    assert {event.source for event in result.events} == {"reuters.txt", "arabiya.txt"}
    assert all(article.same_story_as == "" for article in result.articles)
    near = build([_input("reuters.txt", WIRE, "Reuters"), _input("arabiya.txt", HOSTED, "Al Arabiya", DAY + timedelta(days=SAME_STORY_DAYS))], gazetteer)
    assert {event.source for event in near.events} == {"reuters.txt"}  # the window's edge is inside it


def test_the_representative_is_the_earliest_then_the_first_by_name_whatever_the_order(gazetteer):
    inputs = [
        _input("c-host.txt", HOSTED, "Al Arabiya", DAY),
        _input("b-wire.txt", WIRE, "Reuters", DAY),
        _input("a-late.txt", WIRE, "Another host", DAY + timedelta(days=1)),
        _input("bbc.txt", OWN_WORDS, "BBC", DAY),
    ]
    first = build(inputs, gazetteer)
    assert {article.source: article.same_story_as for article in first.articles} == {
        "a-late.txt": "b-wire.txt",
        "b-wire.txt": "",
        "bbc.txt": "",
        "c-host.txt": "b-wire.txt",
    }
    for seed in range(3):
        shuffled = list(inputs)
        random.Random(seed).shuffle(shuffled)
        assert _tables(build(shuffled, gazetteer)) == _tables(first)  # the CSVs, byte for byte
    assert _frames(first).source_labels["b-wire.txt"] == "Reuters, also carried by Another host, Al Arabiya · b-wire.txt"


def _article(source: str, body: str, published: date) -> Article:
    return Article(source, "", "", published, "", body, ())


def test_lsh_finds_every_edited_copy_among_many_articles_and_nothing_else():
    rng = random.Random(7)
    vocabulary = [f"w{number}" for number in range(3000)]
    originals = [_article(f"o{number:04d}", " ".join(rng.choices(vocabulary, k=150)), DAY + timedelta(days=number % 40)) for number in range(1500)]
    copies = []
    for original in originals[:200]:
        kept = original.body.split()[: 150 - rng.randint(0, 12)]  # a trimmed ending, a byline on top
        copies.append(_article(f"c{original.source}", " ".join(["by", "a", "reporter", *kept]), original.published + timedelta(days=1)))
    articles = originals + copies
    found = same_stories(articles)
    assert found == {copy.source: copy.source[1:] for copy in copies}
    assert same_stories(list(reversed(articles))) == found


def test_an_empty_body_is_nobodys_copy():
    assert same_stories([_article("a", "", DAY), _article("b", "", DAY)]) == {}
    assert same_stories([_article("a", "Rawa.", DAY), _article("b", "rawa", DAY)]) == {"b": "a"}  # a body shorter than a shingle is one


def test_an_old_articles_csv_without_the_column_still_loads():
    articles = pd.DataFrame({"source": ["a.txt", "b.txt"], "outlet": ["Reuters", "Al Arabiya"], "title": ["", ""]})
    events = pd.DataFrame({"event_id": ["e1", "e2"], "source": ["a.txt", "b.txt"], "event_date": ["2017-11-17", "2017-11-18"], "place": ["Rawa", "Anah"]})
    frames = dataview.frames_from_tables(pd.DataFrame(), events, pd.DataFrame(), articles)
    assert frames.source_labels == {"a.txt": "Reuters · a.txt", "b.txt": "Al Arabiya · b.txt"}
    assert sorted(frames.origins.values()) == ["Al Arabiya", "Reuters"]
