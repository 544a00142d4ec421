"""Events from text: the hand-coded gold standard, and the rules one at a time."""

from datetime import date

from support import DATA, read_csv

from geo.articles import parse_article
from geo.evaluation import score_events
from geo.names import translit_key
from geo.pipeline import analyse_article

GOLD = read_csv(DATA / "gold_events.csv")


def aliases(build):
    return {place.place_id: {translit_key(name) for name in place.mentions} for place in build.places}


def test_gold_precision_and_recall_are_at_least_ninety_percent(seed_build):
    article_events = [event for event in seed_build.events if event.origin == "article"]
    score = score_events(GOLD, article_events, aliases(seed_build))
    missed = [(row["source"], row["place"], row["event_date"], row["sub_event_type"]) for row in score.missed]
    spurious = [(event.source[:3], event.place, str(event.event_date), event.sub_event_type) for event in score.spurious]
    assert score.recall >= 0.9, f"recall {score.recall:.2f}; missed {missed}"
    assert score.precision >= 0.9, f"precision {score.precision:.2f}; spurious {spurious}"


def events_of(text: str, gazetteer, published: date = date(2017, 10, 27)):
    article = parse_article("t.txt", f"Published: {published:%d %B %Y}\n{text}")
    return list(analyse_article(article, gazetteer).events)


def test_every_event_keeps_its_sentence_source_and_publication_date(seed_build):
    for event in seed_build.events:
        assert event.quote and event.source.endswith(".txt") and event.published is not None
        assert event.event_date <= event.date_end <= event.published


def test_an_assault_makes_a_town_contested_under_its_implied_holder(gazetteer):
    (event,) = events_of("Iraqi forces on Thursday launched an assault on the Islamic State-held town of Rawa.", gazetteer)
    assert (event.place, event.sub_event_type, event.contested, event.controller_before) == ("Rāwah", "Armed clash", True, "Islamic State")
    assert event.event_date == date(2017, 10, 26)


def test_a_town_taken_changes_its_controller(gazetteer):
    (event,) = events_of("Syrian troops recaptured the town of Mayadeen from Islamic State on Tuesday.", gazetteer)
    assert (event.sub_event_type, event.actor1, event.controller_after, event.controller_before) == (
        "Government regains territory",
        "Syrian government",
        "Syrian government",
        "Islamic State",
    )


def test_fell_to_and_passive_voice(gazetteer):
    (event,) = events_of("The town of Tal Afar fell to Iraqi forces on Sunday.", gazetteer, date(2017, 8, 28))
    assert (event.controller_after, event.event_date) == ("Iraqi government", date(2017, 8, 27))
    (event,) = events_of(
        "Raqqa was wrested from the Islamic State group on Tuesday by the US-backed Syrian Democratic Forces.",
        gazetteer,
        date(2017, 10, 17),
    )
    assert (event.sub_event_type, event.controller_after) == ("Non-state actor overtakes territory", "SDF")


def test_intent_is_not_a_capture(gazetteer):
    events = events_of("Iraqi forces plan to retake Rawa and will attack Anah next month.", gazetteer)
    assert events == []
    (event,) = events_of("Iraqi forces began an operation on Thursday to retake Rawa from Islamic State.", gazetteer)
    assert (event.sub_event_type, event.controller_after, event.controller_before) == ("Armed clash", "", "Islamic State")
    (event,) = events_of("Iraqi forces began an operation on Thursday to retake Rawa.", gazetteer)
    assert event.controller_before == "", "who held Rawa is not said, so it is not invented"


def test_hypothetical_and_feared_violence_is_not_an_event(gazetteer):
    assert events_of("Civilians in Hawija worry about being hit by an air strike.", gazetteer) == []
    assert events_of("The clashes will be fierce in Hajin, the commander said.", gazetteer) == []


def test_the_place_troops_came_from_is_not_where_they_fought(gazetteer):
    events = events_of("On Saturday, troops pushed north from Al Qaim and Rawa into the desert.", gazetteer)
    assert all(event.place not in ("Al-Qaim", "Rāwah") for event in events)


def test_a_relative_location_is_near_the_town_and_does_not_change_its_control(gazetteer):
    (event,) = events_of("On Thursday Iraqi forces had taken several military bases southeast of Al-Qaim.", gazetteer)
    assert event.location_precision == 2 and event.controller_after == "Iraqi government"


def test_an_apposition_is_not_an_event_place(gazetteer):
    events = events_of(
        "SDF fighters launched an offensive on Monday against militants around Hajin, a town in the Middle Euphrates River Valley.",
        gazetteer,
        date(2018, 9, 11),
    )
    assert [event.place for event in events] == ["Hajīn"]


def test_a_siege_broken_keeps_the_holder(gazetteer):
    (event,) = events_of("Syrian troops broke a three-year IS siege of Deir Ezzor on Tuesday.", gazetteer, date(2017, 9, 7))
    assert (event.sub_event_type, event.controller_after, event.controller_before) == (
        "Armed clash",
        "Syrian government",
        "Syrian government",
    )


def test_country_wide_statements_are_not_map_events(gazetteer):
    assert events_of("Iraqi forces have recaptured more than 90 percent of the territory IS seized in Iraq in 2014.", gazetteer) == []


def test_an_article_without_events_gives_none(own_build):
    assert not [event for event in own_build.events if event.source == "a10_no_events.txt"]


def test_boilerplate_places_give_no_events(own_build):
    for event in own_build.events:
        assert event.place not in ("Kirkuk", "Idlib", "Aleppo", "Hawija", "Mosul"), (event.source, event.place, event.quote)
