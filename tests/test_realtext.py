"""The yardstick (``python -m geo evaluate``): its matching rules on records we write, a tiny set
of our own (tests/data/evalset), and the real-text development set's targets when ../shared is there."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date

import pytest
from support import ROOT

from geo import cli, realtext
from geo.errors import InputError
from geo.places import PlaceRow
from geo.realtext import GoldEvent, GoldPlace, GoldProbe, Towns
from geo.records import Article, ControlPeriod, Event

EVALSET = ROOT / "tests" / "data" / "evalset"
REALTEXT = ROOT.parent / "shared" / "realtext"

# The targets on the development set (issue 13).
FLOOR_PROBES_RIGHT = 72  # measured 73 of 84 on 2026-12-01 (built-in gazetteer)
FLOOR_EVENT_RECALL = 0.70  # measured 0.708 on 2026-12-01 (built-in gazetteer)
SHARED_GAZETTEER = ROOT.parent / "shared" / "data" / "geonames-sy-iq-populated.tsv"
TARGET_PROBES_RIGHT = 76  # of 84
TARGET_PROBES_WRONG_AT_MOST = 3
TARGET_EVENT_PRECISION = 0.85
TARGET_EVENT_RECALL = 0.75
TARGET_DATES_READ = 75  # of 81
TARGET_DATES_WRONG_AT_MOST = 0

# Invented towns and coordinates: the rules, not the geography, are under test.
NORTH = GoldPlace("Qasr Nur", 35.0, 40.0, "SY", ("Qasr an-Nur", "Kasr Nour"))
SOUTH = GoldPlace("Tell Warda", 35.02, 40.0, "SY")  # 2.2 km from Qasr Nur
TOWNS = Towns.of([NORTH, SOUTH])


def place(name: str, place_id: str, lat: float = 36.0, lon: float = 41.0, mentions: tuple[str, ...] = (), kind: str = "settlement") -> PlaceRow:
    return PlaceRow(name, place_id, mentions or (name,), lat, lon, "SY", kind, "", name, "test", 1.0, "", 1, True)


def event(
    event_id: str,
    where: PlaceRow,
    start: date,
    end: date | None = None,
    event_type: str = "Battles",
    sub: str = "Armed clash",
    source: str = "a.txt",
    after: str = "",
    notes: str = "",
) -> Event:
    return Event(
        event_id,
        start,
        end or start,
        "day" if end in (None, start) else "week",
        where.place,
        where.place_id,
        where.latitude,
        where.longitude,
        "SY",
        1,
        event_type,
        sub,
        "",
        "",
        "",
        after,
        False,
        source,
        start,
        f"quote of {event_id}",
        notes=notes,
    )


def gold_event(day: date, precision: str = "day", town: str = "Qasr Nur", sub: str = "Armed clash", source: str = "a.txt") -> GoldEvent:
    return GoldEvent(source, town, day, precision, "Battles", sub, evidence=f"gold evidence {day}")


def period(where: PlaceRow, controller: str, start: date, end: date | None = None, contested: bool = False, event_ids: tuple[str, ...] = ()) -> ControlPeriod:
    return ControlPeriod(where.place_id, where.place, where.latitude, where.longitude, "SY", controller, contested, start, end, event_ids, start)


NUR = place("Qasr Nur", "p:nur", 35.0, 40.0)


# --- gold rows -----------------------------------------------------------------------------


def test_the_evalset_gold_is_read_with_its_conventions():
    gold = cli.read_gold_set(EVALSET)
    assert [p.name for p in gold.places] == ["Hit", "Rutba"]
    assert gold.places[0].aliases == ("Hit", "Heet") and not math.isnan(gold.places[0].latitude)
    assert [(p.town, p.day, p.contested) for p in gold.probes] == [
        ("Hit", date(2016, 4, 5), None),
        ("Hit", date(2016, 4, 15), None),
        ("Rutba", date(2016, 5, 19), False),
    ]
    assert [e.precision for e in gold.events] == ["day", "day", "day", "week"]
    assert gold.published == {"e1_hit_2016.txt": date(2016, 4, 14), "e2_rutba_2016.txt": date(2016, 5, 20), "e3_hit_2016.txt": date(2016, 4, 5)}


def test_a_bad_gold_row_is_named_with_the_reason():
    with pytest.raises(InputError, match=r"gold_events.csv:3: date_precision 'fortnight'"):
        realtext.gold_events([{"date": "2016-01-01", "date_precision": "day"}, {"date": "2016-01-01", "date_precision": "fortnight"}])
    with pytest.raises(InputError, match=r"gold_control.csv:2: date '1 May'"):
        realtext.gold_probes([{"town": "Hit", "date": "1 May", "controller": "SDF"}])
    with pytest.raises(InputError, match="contested 'maybe'"):
        realtext.gold_probes([{"town": "Hit", "date": "2016-05-01", "controller": "SDF", "contested": "maybe"}])


def test_an_evaluation_folder_without_gold_says_what_is_missing(tmp_path):
    (tmp_path / "articles").mkdir()
    assert cli.main(["evaluate", "--set", str(tmp_path)]) == 1


# --- date windows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "gold_day", "start", "end", "matches"),
    [
        ("day", date(2016, 4, 14), date(2016, 4, 14), None, True),
        ("day", date(2016, 4, 14), date(2016, 4, 15), None, False),
        ("day", date(2016, 4, 14), date(2016, 4, 10), date(2016, 4, 16), True),  # the extracted window contains it
        ("week", date(2016, 4, 14), date(2016, 4, 8), None, True),  # the 7 days ending on the gold date
        ("week", date(2016, 4, 14), date(2016, 4, 7), None, False),
        ("week", date(2016, 4, 14), date(2016, 4, 15), None, False),
        ("month", date(2016, 2, 1), date(2016, 2, 29), None, True),
        ("month", date(2016, 2, 1), date(2016, 1, 31), None, False),
        ("year", date(2014, 1, 1), date(2014, 12, 31), None, True),
        ("year", date(2014, 1, 1), date(2015, 1, 1), None, False),
    ],
)
def test_an_event_matches_within_the_gold_precision_window(precision, gold_day, start, end, matches):
    score = realtext.match_events([gold_event(gold_day, precision)], [event("x", NUR, start, end)], TOWNS, [NUR])
    assert (len(score.matches) == 1) is matches
    assert len(score.false) == len(score.missed) == (0 if matches else 1)


def test_file_and_event_type_must_agree():
    gold = [gold_event(date(2016, 4, 14))]
    other_file = event("x", NUR, date(2016, 4, 14), source="b.txt")
    other_type = event("y", NUR, date(2016, 4, 14), event_type="Explosions/Remote violence", sub="Air/drone strike")
    assert not realtext.match_events(gold, [other_file, other_type], TOWNS, [NUR]).matches


# --- one-to-one matching -------------------------------------------------------------------


def test_each_gold_event_matches_at_most_one_extracted_event_and_back():
    day = date(2016, 4, 14)
    twice = realtext.match_events([gold_event(day)], [event("x", NUR, day), event("y", NUR, day)], TOWNS, [NUR])
    assert len(twice.matches) == 1 and [e.event_id for e in twice.false] == ["y"]
    once = realtext.match_events([gold_event(day), gold_event(day)], [event("x", NUR, day)], TOWNS, [NUR])
    assert len(once.matches) == 1 and len(once.missed) == 1
    assert once.precision == 1.0 and once.recall == 0.5


def test_the_matching_is_of_maximum_size_not_first_come():
    # The week-long gold event could take either extracted event; the day one only the first.
    wide, narrow = gold_event(date(2016, 4, 14), "week"), gold_event(date(2016, 4, 14))
    score = realtext.match_events([wide, narrow], [event("x", NUR, date(2016, 4, 14)), event("y", NUR, date(2016, 4, 10))], TOWNS, [NUR])
    assert {(m.gold.precision, m.event.event_id) for m in score.matches} == {("week", "y"), ("day", "x")}


def test_an_extracted_event_of_the_same_sub_event_type_is_preferred_and_agreement_is_counted():
    day = date(2016, 4, 14)
    gold = [gold_event(day, sub="Government regains territory")]
    score = realtext.match_events(gold, [event("x", NUR, day), event("y", NUR, day, sub="Government regains territory")], TOWNS, [NUR])
    assert [m.event.event_id for m in score.matches] == ["y"] and score.sub_event_agreement == 1
    other = realtext.match_events(gold, [event("x", NUR, day)], TOWNS, [NUR])
    assert len(other.matches) == 1 and other.sub_event_agreement == 0


# --- towns ---------------------------------------------------------------------------------


def test_a_town_is_matched_by_alias_by_mention_form_then_by_proximity():
    by_alias = place("Kasr Nour", "p:1")
    by_mention = place("Al Qasr", "p:2", mentions=("Al Qasr", "Qasr an-Nur"))
    near = place("Nur Camp", "p:3", 35.0, 40.03)  # 2.7 km east
    far = place("Nur Farms", "p:4", 35.0, 40.07)  # 6.4 km east
    other_town = place("Tell Warda", "p:5", 35.0, 40.01)  # another gold town, 0.9 km away
    area = place("Qasr Nur", "p:6", kind="province")
    found = realtext.town_places("Qasr Nur", TOWNS, [by_alias, by_mention, near, far, other_town, area])
    assert [(row.place_id, how) for row, how in found] == [("p:1", "name"), ("p:2", "name"), ("p:3", "proximity")]


def test_an_event_at_a_town_named_by_no_gold_place_matches_by_name_only():
    elsewhere = place("Wadi Sirr", "p:ws", 35.0, 40.0)  # at Qasr Nur's coordinates, but only named Wadi Sirr
    gold = [gold_event(date(2016, 4, 14), town="Wadi Sirr")]
    assert len(realtext.match_events(gold, [event("x", elsewhere, date(2016, 4, 14))], TOWNS, [elsewhere]).matches) == 1
    assert not realtext.match_events(gold, [event("x", NUR, date(2016, 4, 14))], TOWNS, [NUR]).matches


# --- probes --------------------------------------------------------------------------------


def test_probes_are_right_wrong_or_unknown_from_the_control_index():
    recaptured = event("nur-1", NUR, date(2016, 4, 14), after="Syrian government")
    periods = [period(NUR, "Islamic State", date(2016, 1, 1), date(2016, 4, 13)), period(NUR, "Syrian government", date(2016, 4, 14), event_ids=("nur-1",))]
    probes = [
        GoldProbe("Qasr Nur", date(2016, 2, 1), "Islamic State", contested=True),
        GoldProbe("Qasr Nur", date(2016, 4, 15), "syrian government"),
        GoldProbe("Qasr Nur", date(2015, 6, 1), "Islamic State"),
        GoldProbe("Qasr Nur", date(2016, 4, 20), "SDF", contested=False),
        GoldProbe("Tell Warda", date(2016, 4, 20), "SDF"),
    ]
    results = realtext.score_probes(probes, TOWNS, [NUR], periods, [recaptured])
    assert [r.verdict for r in results] == ["right", "right", "unknown", "wrong", "unknown"]
    assert results[0].contested_right is False  # stated by the gold, and the built period is not contested
    assert results[1].contested_right is None and results[3].contested_right is None  # not stated / controller wrong
    assert [e.quote for e in results[3].evidence] == ["quote of nur-1"]
    assert "only by events dated after" in results[2].reason
    assert "not among the build's places" in results[4].reason


def test_two_built_places_standing_for_one_town_must_agree():
    twin = place("Qasr an-Nur", "p:twin", 35.3, 40.3)
    periods = [period(NUR, "Islamic State", date(2016, 1, 1)), period(twin, "SDF", date(2016, 1, 1))]
    (result,) = realtext.score_probes([GoldProbe("Qasr Nur", date(2016, 2, 1), "Islamic State")], TOWNS, [NUR, twin], periods, [])
    assert result.verdict == "wrong" and {s.place_id for s in result.states} == {"p:nur", "p:twin"}


# --- dates and the report ------------------------------------------------------------------


def article(source: str, published: date) -> Article:
    return Article(source, "", "", published, "text", "", ())


def test_dates_read_from_the_text_are_equal_wrong_or_none():
    expected = {"a.txt": date(2017, 3, 2), "b.txt": date(2017, 3, 3), "c.txt": date(2017, 3, 4)}
    results = realtext.score_dates(expected, [article("a.txt", date(2017, 3, 2)), article("b.txt", date(2017, 3, 2))])
    assert [(r.file, r.verdict) for r in results] == [("a.txt", "equal"), ("b.txt", "wrong"), ("c.txt", "none")]


def test_a_false_event_is_reported_with_its_quote_and_rule():
    base = event("x", NUR, date(2016, 4, 14), notes="as written: Qasr Nur")
    ruled = replace(base, event_id="y", quote="quote of y", rule="capture/passive")
    gold = realtext.GoldSet((NORTH,), (), (gold_event(date(2015, 1, 1)),), {})
    score = realtext.evaluate(gold, [NUR], [base, ruled], [], [])
    lines = realtext.report_lines(score)
    assert any("FALSE" in line and "quote of x" in line and "[rule: as written: Qasr Nur]" in line for line in lines)
    assert any("FALSE" in line and "quote of y" in line and "[rule: capture/passive]" in line for line in lines)
    assert any("MISSED" in line and "gold evidence 2015-01-01" in line for line in lines)
    assert lines[-1] == score.summary_line() and lines[-1].startswith("probes 0/0 right")


# --- the command on our own set ------------------------------------------------------------


def test_evaluate_on_our_set_prints_misses_and_the_summary_last_and_writes_json(tmp_path, capsys):
    summary_file = tmp_path / "summary.json"
    assert cli.main(["evaluate", "--set", str(EVALSET), "--json", str(summary_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    figures = json.loads(summary_file.read_text(encoding="utf-8"))
    probes, events, dates = figures["probes"], figures["events"], figures["dates"]
    assert lines[-1].startswith(f"probes {probes['right']}/3 right, {probes['wrong']} wrong, {probes['unknown']} unknown")
    assert probes["right"] + probes["wrong"] + probes["unknown"] == probes["total"] == 3
    assert events["gold"] == 4 and events["matched"] <= min(events["extracted"], events["gold"])
    # "Published: 14 April 2016" is read; "19 May 2016" is read but sources.csv says 20 May; the third text has no date
    assert dates == {"total": 3, "equal": 1, "wrong": 1, "none": 1}
    assert any(line.startswith("  WRONG   e2_rutba_2016.txt: sources.csv 2016-05-20, text 2016-05-19") for line in lines)
    score = cli.evaluate_set(EVALSET)
    by_probe = {(r.probe.town, r.probe.day): r.verdict for r in score.probes}
    assert by_probe[("Hit", date(2016, 4, 15))] == "right"  # "recaptured the town of Hit ... on Thursday"


# --- the development set -------------------------------------------------------------------


@pytest.fixture(scope="module")
def realtext_summary(tmp_path_factory):
    if not (REALTEXT / "gold_control.csv").exists():
        pytest.skip(f"{REALTEXT} is absent (../shared is not beside the checkout)")
    out = tmp_path_factory.mktemp("realtext") / "summary.json"
    assert cli.main(["evaluate", "--set", str(REALTEXT), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_development_set_is_scored_whole(realtext_summary):
    probes, dates = realtext_summary["probes"], realtext_summary["dates"]
    assert probes["total"] == 84 and probes["right"] + probes["wrong"] + probes["unknown"] == 84
    assert realtext_summary["events"]["gold"] == 168 and dates["total"] == 81


def test_the_development_set_holds_its_measured_floor(realtext_summary):
    """What the build achieves on the development set (measured 2026-12-01, README "Measured"), as a floor:
    a change that makes the map less true on real news fails here. The issue's targets (TARGET_*) are
    reported beside these in the README; the ones not met are listed there with their causes."""
    probes, events, dates = realtext_summary["probes"], realtext_summary["events"], realtext_summary["dates"]
    assert probes["right"] >= FLOOR_PROBES_RIGHT, probes
    assert probes["wrong"] <= TARGET_PROBES_WRONG_AT_MOST, probes
    assert events["precision"] >= TARGET_EVENT_PRECISION, events
    assert events["recall"] >= FLOOR_EVENT_RECALL, events
    assert dates["equal"] >= TARGET_DATES_READ, dates
    assert dates["wrong"] <= TARGET_DATES_WRONG_AT_MOST, dates


@pytest.fixture(scope="module")
def realtext_with_gazetteer(tmp_path_factory):
    if not (REALTEXT / "gold_control.csv").exists() or not SHARED_GAZETTEER.exists():
        pytest.skip(f"{REALTEXT} or {SHARED_GAZETTEER} is absent (../shared is not beside the checkout)")
    out = tmp_path_factory.mktemp("realtext-gazetteer") / "summary.json"
    assert cli.main(["evaluate", "--set", str(REALTEXT), "--gazetteer", str(SHARED_GAZETTEER), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_with_the_village_gazetteer_the_probe_target_holds(realtext_with_gazetteer):
    """Issue 12's gazetteer is what places the villages the development set names (Dabiq, Tel Keppe):
    imported, the build meets issue 13's targets (measured 76 of 84 probes, 0 wrong; events 94.0 % / 75.0 %)."""
    probes, events = realtext_with_gazetteer["probes"], realtext_with_gazetteer["events"]
    assert probes["right"] >= TARGET_PROBES_RIGHT, probes
    assert probes["wrong"] <= TARGET_PROBES_WRONG_AT_MOST, probes
    assert events["precision"] >= TARGET_EVENT_PRECISION, events
    assert events["recall"] >= TARGET_EVENT_RECALL, events
