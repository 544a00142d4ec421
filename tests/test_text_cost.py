"""Pathological text is read in bounded pieces: a page of dots, a sentence without a full stop, a line of commas.

What a user sees is checked here (each input gives a result, a town inside a run-on sentence is still found);
how long it takes is measured by ``python bench/run.py _text_cost``, not asserted.
"""

import re

import pytest

from geo import grammar
from geo.articles import MAX_SENTENCE_CHARS, bounded_pieces, parse_article, split_sentences
from geo.ingest import preview_article
from geo.pipeline import analyse_article

KB = 1024
HEAD = "Published: 27th October 2017\n\n"
LEAD = "Iraqi forces entered Rawa on Monday"
FILLER = "the army said fighters moved towards positions near the river while civilians fled on Tuesday after shelling"


def run_on(size: int, town_at: int | None = None, town: str = "Hawija") -> str:
    """One sentence of ``size`` characters with no full stop; ``town`` named once at character ``town_at``."""
    words, length = [LEAD], len(LEAD)
    while length < size:
        if town_at is not None and length >= town_at:
            words.append(f"; Iraqi forces captured {town} from Islamic State;")
            town_at = None
        words.append(FILLER)
        length += len(FILLER) + 1
    return " ".join(words)


def analyse(text: str, gazetteer, name: str = "attack.txt"):
    article = parse_article(name, text)
    return article, analyse_article(article, gazetteer)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(LEAD + "." * (64 * KB) + " and then Qaim", id="dots"),
        pytest.param(LEAD + "," * (64 * KB) + " and then Qaim.", id="commas"),
        pytest.param(LEAD + ", " + ", ".join(["Mosul", "Raqqa", "Tabqa", "Manbij"] * 3000) + " fell to the army.", id="list"),
        pytest.param(run_on(64 * KB), id="run-on"),
    ],
)
def test_pathological_pages_give_a_result_in_bounded_sentences(payload, gazetteer):
    article, analysis = analyse(HEAD + payload, gazetteer)
    assert article.sentences, "the page has text, so it has sentences"
    assert max(len(sentence.text) for sentence in article.sentences) <= MAX_SENTENCE_CHARS
    assert "Rawa" in {placed.mention.surface for placed in analysis.placed}


def test_a_town_inside_a_64_kb_sentence_is_still_found_and_taken(gazetteer):
    article, analysis = analyse(HEAD + run_on(64 * KB, town_at=40 * KB), gazetteer)
    assert len(article.sentences) > 60  # cut into pieces, not read as one
    assert "Hawija" in {placed.mention.surface for placed in analysis.placed}
    # the same capture as the clause told in a sentence of its own
    _, alone = analyse(HEAD + "Iraqi forces captured Hawija from Islamic State.", gazetteer)
    wanted = {(event.place_id, event.controller_after, event.rule) for event in alone.events}
    assert wanted and wanted <= {(event.place_id, event.controller_after, event.rule) for event in analysis.events}


def test_the_dashboard_preview_reads_a_run_on_sentence(gazetteer):
    preview = preview_article("run-on.txt", (HEAD + run_on(64 * KB, town_at=20 * KB)).encode(), gazetteer)
    assert preview.usable and not preview.error
    assert "Hawija" in preview.places


def test_pieces_are_bounded_and_lose_no_text():
    sentence = run_on(10 * KB) + " " + "x" * 3000 + " " + ", ".join(["Qaim"] * 600)
    pieces = bounded_pieces(sentence)
    assert all(0 < len(piece) <= MAX_SENTENCE_CHARS for piece in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", sentence)


def test_an_overlong_sentence_is_cut_after_a_clause_break_so_names_stay_whole():
    sentence = ", ".join(["the villages of Tal Afar and Ain al-Arab"] * 100)
    pieces = bounded_pieces(sentence, limit=300)
    assert all(piece.endswith(",") for piece in pieces[:-1])
    assert all(piece.count("Tal Afar") == piece.count("Ain al-Arab") for piece in pieces)


def test_ordinary_sentences_are_not_cut():
    paragraph = "Maj. Gen. Smith said troops retook Rawa, Ana and Qaim on Friday. Then the army moved west... Nothing else."
    assert split_sentences(paragraph) == [
        "Maj. Gen. Smith said troops retook Rawa, Ana and Qaim on Friday.",
        "Then the army moved west...",
        "Nothing else.",
    ]
    long_but_real = "Troops said " + ", ".join(["they took the village"] * 30) + "."
    assert len(long_but_real) < MAX_SENTENCE_CHARS and split_sentences(long_but_real) == [long_but_real]


def test_a_page_of_dots_splits_where_a_sentence_follows():
    pieces = split_sentences("Rawa fell" + "." * 5000 + " Then Qaim fell.")
    assert pieces[-1] == "Then Qaim fell." and all(len(piece) <= MAX_SENTENCE_CHARS for piece in pieces)
    assert "".join(pieces[:-1]) == "Rawa fell" + "." * 5000


def test_no_rule_repeats_a_group_without_bound():
    for rule in (*grammar.CHANGE_RULES, *grammar.STATE_RULES, *grammar.LOSER_ADJUNCTS):
        assert not re.search(r"(?<!\\)\)[*+]", rule.pattern.pattern), rule.name


def test_a_list_as_long_as_the_bound_is_still_read_whole():
    rule = next(r for r in grammar.CHANGE_RULES if r.name == "fell-to")
    places = " , ".join(f"P{index}" for index in range(grammar.MAX_REPEAT + 1))
    match = rule.pattern.search(f"{places} fell to A0 .")
    assert match and match.group("place") == places
