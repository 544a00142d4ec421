"""Identities come from content: copies add nothing, names do not collide, two reports of one
event stay two reports, and a dataset row is keyed by its own id."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from support import DATA

from geo.articles import SourceInfo
from geo.csvio import read_dataset_file
from geo.pipeline import ArticleInput, build

STORY = (
    "Published: 27 October 2017\n"
    "Iraqi forces on Thursday retook Rawa from Islamic State.\n"
    "Islamic State fighters withdrew from Anah on Wednesday as Iraqi forces advanced.\n"
)


def _ids(result):
    return sorted(event.event_id for event in result.events)


def test_a_copy_of_an_article_under_another_name_adds_no_event(gazetteer):
    one = build([ArticleInput("rawa.txt", STORY)], gazetteer)
    two = build([ArticleInput("rawa.txt", STORY), ArticleInput("rawa-copy.md", STORY)], gazetteer)
    assert len(one.events) == 2 and _ids(two) == _ids(one)


def test_two_files_with_one_stem_keep_their_own_events(gazetteer):
    other = STORY.replace("Rawa", "Haditha").replace("Anah", "Hit")
    result = build([ArticleInput("anah.txt", STORY), ArticleInput("anah.md", other)], gazetteer)
    ids = _ids(result)
    assert len(ids) == 4 and len(set(ids)) == 4
    assert {event.source for event in result.events} == {"anah.txt", "anah.md"}


def test_two_articles_telling_one_event_in_the_same_words_are_one_report_with_both(gazetteer):
    # one wire story through two outlets (issue 14): geo.duplicates; in other words they stay two (tests/test_duplicates.py)
    first = STORY.replace("Published: 27 October 2017\n", "Published: 27 October 2017\nBy a first outlet.\n")
    second = STORY.replace("Published: 27 October 2017\n", "Published: 27 October 2017\nBy a second outlet.\n")
    result = build([ArticleInput("first.txt", first), ArticleInput("second.txt", second)], gazetteer)
    assert len(result.events) == 2 and {event.source for event in result.events} == {"first.txt"}
    assert {article.source: article.same_story_as for article in result.articles} == {"first.txt": "", "second.txt": "first.txt"}


def test_the_same_dataset_twice_or_revised_is_one_row_per_id(gazetteer):
    dataset = read_dataset_file(DATA / "bad" / "impossible_values.csv")
    (row,) = dataset.events
    revised = replace(row, fatalities=9)
    result = build([], gazetteer, dataset_events=[*dataset.events, *dataset.events, revised])
    (kept,) = [event for event in result.events if event.event_id == row.event_id]
    assert kept.fatalities == 9  # the file read last wins
    assert any("repeat the id of a row read before" in note for note in result.notes)
    assert kept.event_date == date(2017, 10, 27)


def test_an_edit_to_one_sentence_keeps_the_ids_of_the_other_events(gazetteer):
    """An article of a known outlet: a sentence added at the top, or a typo fixed in another sentence, moves no other event."""
    info = SourceInfo("rawa.txt", outlet="Example Wire", published=date(2017, 10, 27))
    edited = STORY.replace("Published: 27 October 2017\n", "Published: 27 October 2017\nAid groups said the road west was closed.\n")
    edited = edited.replace("advanced", "advanced fast")
    before = {event.place: event.event_id for event in build([ArticleInput("rawa.txt", STORY, info)], gazetteer).events}
    after = {event.place: event.event_id for event in build([ArticleInput("rawa.txt", edited, info)], gazetteer).events}
    assert before["Rawa"] == after["Rawa"]  # its own sentence is unchanged
    assert before["Anah"] != after["Anah"]  # its own sentence was edited: another report
