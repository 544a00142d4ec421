"""The control timeline: probes on the seeds, merging, reversals, nothing invented."""

from datetime import date, timedelta

import pytest
from support import OWN_ARTICLES, read_csv

from geo.control import IMPLIED_BACK_DAYS, STALE_DAYS, ControlIndex, control_periods, merge_changes
from geo.records import Event


def state(build, place: str, day: date):
    index = ControlIndex(list(build.control))
    place_id = next(row.place_id for row in build.places if row.place == place)
    found = index.state(place_id, day)
    return (found.period.controller, found.period.contested) if found else None


@pytest.mark.parametrize(
    "place, day, expected",
    [
        ("Sharqat", date(2017, 9, 21), ("Islamic State", False)),
        ("Sharqat", date(2017, 9, 22), ("Iraqi government", False)),
        ("Sharqat", date(2017, 9, 25), ("Iraqi government", False)),
        ("Hawija", date(2017, 9, 21), ("Islamic State", True)),
        ("Al-Qaim", date(2017, 10, 27), ("Islamic State", True)),
        ("Rawa", date(2017, 10, 27), ("Islamic State", True)),
        ("Al-Qaim", date(2017, 11, 26), ("Iraqi government", False)),
        ("Rawa", date(2017, 11, 26), ("Iraqi government", False)),
        ("Hajin", date(2018, 9, 11), ("Islamic State", True)),
        ("Zummar", date(2017, 10, 26), ("Kurdish Peshmerga", True)),
        ("Deir Ezzor", date(2017, 9, 28), ("Syrian government", True)),
        ("Mosul", date(2017, 8, 1), ("Iraqi government", False)),
    ],
)
def test_seed_probes(seed_build, place, day, expected):
    assert state(seed_build, place, day) == expected


def test_nothing_is_invented_before_the_first_report(seed_build):
    assert state(seed_build, "Sharqat", date(2017, 9, 20)) is None
    first_report: dict[str, date] = {}
    for item in (*seed_build.events, *seed_build.states):
        day = getattr(item, "event_date", None) or item.day
        first_report[item.place_id] = min(day, first_report.get(item.place_id, day))
    for period in seed_build.control:
        # (a capture implies its loser up to the day before it, and a fortnight before that)
        assert period.start >= first_report[period.place_id] - timedelta(days=IMPLIED_BACK_DAYS + 1), period
    # "an assault on the IS bastion of Hajin": IS held it in the fortnight before the first report, and no more is said
    hajin = next(row.place_id for row in seed_build.places if row.place == "Hajin")
    first = min(event.event_date for event in seed_build.events if event.place_id == hajin)
    assert state(seed_build, "Hajin", first - timedelta(days=1)) == ("Islamic State", False)
    assert state(seed_build, "Hajin", first - timedelta(days=IMPLIED_BACK_DAYS)) == ("Islamic State", False)
    assert state(seed_build, "Hajin", first - timedelta(days=IMPLIED_BACK_DAYS + 1)) is None


def test_the_side_that_lost_a_town_held_it_in_the_fortnight_before():
    taken = event("t", date(2019, 8, 20), after="Syrian government", before="Syrian opposition")
    (carried, held, changed) = control_periods([taken])
    # the day before the capture is what the report says; the fortnight before it is carried back, and marked so
    assert (held.controller, held.start, held.end, held.carried_back) == ("Syrian opposition", date(2019, 8, 19), date(2019, 8, 19), False)
    start = date(2019, 8, 19) - timedelta(days=IMPLIED_BACK_DAYS)
    assert (carried.controller, carried.start, carried.end, carried.carried_back) == ("Syrian opposition", start, date(2019, 8, 18), True)
    assert carried.event_ids == ("t",) and carried.last_report == date(2019, 8, 19)  # the report it rests on
    assert (changed.controller, changed.start, changed.carried_back) == ("Syrian government", date(2019, 8, 20), False)


def test_an_earlier_report_bounds_how_far_a_loser_reaches_back():
    seen = event("s", date(2019, 8, 10), contested=True, before="Syrian opposition")
    entered = event("e", date(2019, 8, 15), after="Syrian government")
    lost = event("l", date(2019, 8, 20), after="Syrian government", before="Syrian opposition")
    periods = control_periods([seen, entered, lost])
    # the government's entry on the 15th stands; the loss on the 20th does not paint the days before it back
    assert [(p.controller, p.contested, p.start) for p in periods][:3] == [
        ("Syrian opposition", False, date(2019, 8, 10) - timedelta(days=IMPLIED_BACK_DAYS)),
        ("Syrian opposition", True, date(2019, 8, 10)),
        ("Syrian government", True, date(2019, 8, 15)),
    ]


def event(event_id, day, after="", before="", contested=False, end=None, published=None, place_id="p"):
    return Event(
        event_id,
        day,
        end or day,
        "day",
        "X",
        place_id,
        35.0,
        40.0,
        "SY",
        1,
        "Battles",
        "",
        "",
        "",
        before,
        after,
        contested,
        f"{event_id}.txt",
        published or day,
        "",
    )


def test_an_exact_date_inside_a_vague_window_wins():
    vague = event("v", date(2018, 3, 1), after="Syrian government", end=date(2018, 3, 27), published=date(2018, 3, 28))
    exact = event("e", date(2018, 3, 13), after="Syrian government", published=date(2018, 3, 14))
    periods = control_periods([vague, exact])
    assert [(p.controller, p.start) for p in periods] == [("Syrian government", date(2018, 3, 13))]
    assert set(periods[0].event_ids) == {"v", "e"}


def test_vague_windows_of_one_change_shrink_to_their_overlap():
    changes = merge_changes([])
    assert changes == []
    one = event("a", date(2018, 3, 1), after="SDF", end=date(2018, 3, 31))
    two = event("b", date(2018, 3, 10), after="SDF", end=date(2018, 4, 15))
    (period,) = control_periods([one, two])
    assert period.start == date(2018, 3, 31)


def test_a_town_taken_lost_and_retaken_within_ten_days_keeps_every_change():
    start = date(2017, 10, 1)
    events = [
        event("a", start, after="Islamic State", before="Syrian government"),
        event("b", start + timedelta(days=3), after="Syrian government"),
        event("c", start + timedelta(days=7), after="Islamic State"),
        event("d", start + timedelta(days=9), after="Syrian government"),
    ]
    periods = control_periods(events)
    assert [(p.controller, p.start.day) for p in periods] == [
        ("Syrian government", 30 - IMPLIED_BACK_DAYS),  # the side that lost it held it in the fortnight before (carried back)
        ("Syrian government", 30),
        ("Islamic State", 1),
        ("Syrian government", 4),
        ("Islamic State", 8),
        ("Syrian government", 10),
    ]
    assert periods[1].end == date(2017, 9, 30)
    # the last holder is believed for STALE_DAYS after its last report, then the town is unknown again
    assert periods[-1].end == start + timedelta(days=9 + STALE_DAYS)


def test_a_vague_change_shows_the_town_contested_until_the_window_ends():
    before = event("a", date(2017, 10, 26), before="Islamic State", contested=True)
    change = event("b", date(2017, 11, 1), after="Iraqi government", end=date(2017, 11, 24))
    periods = control_periods([before, change])
    assert [(p.controller, p.contested, p.start) for p in periods] == [
        ("Islamic State", False, date(2017, 10, 26) - timedelta(days=IMPLIED_BACK_DAYS)),
        ("Islamic State", True, date(2017, 10, 26)),
        ("Iraqi government", False, date(2017, 11, 24)),
    ]


def test_events_near_a_town_do_not_set_its_control():
    near = Event(
        "n",
        date(2017, 10, 26),
        date(2017, 10, 26),
        "day",
        "Al-Qaim",
        "q",
        34.4,
        41.1,
        "IQ",
        2,
        "Battles",
        "Government regains territory",
        "",
        "",
        "",
        "Iraqi government",
        False,
        "s",
        None,
        "",
    )
    assert control_periods([near]) == []


EXPECTED = read_csv(OWN_ARTICLES / "expected_changes.csv")


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: f"{row['file'][:3]}-{row['place']}-{row['window_start']}")
def test_unseen_style_articles_give_the_changes_a_reader_records(own_build, row):
    start, end = date.fromisoformat(row["window_start"]), date.fromisoformat(row["window_end"])
    matching = [
        event
        for event in own_build.events
        if event.source == row["file"]
        and event.controller_after == row["controller_after"]
        and event.event_date == start
        and event.date_end == end
        and _same_place(own_build, event, row["place"])
    ]
    assert matching, f"no change to {row['controller_after']} at {row['place']} in {row['window_start']}..{row['window_end']}"


def _same_place(build, event, name):
    from geo.names import translit_key

    place = next(place for place in build.places if place.place_id == event.place_id)
    return translit_key(name) in {translit_key(form) for form in place.mentions} | {translit_key(place.place)}


def test_reports_from_several_articles_make_one_timeline(own_build):
    index = ControlIndex(list(own_build.control))
    palmyra = next(row.place_id for row in own_build.places if row.place == "Palmyra")
    history = [(period.controller, period.start) for period in index.history(palmyra) if not period.contested]
    assert ("Islamic State", date(2016, 12, 11)) in history
    assert ("Syrian government", date(2017, 3, 2)) in history
    assert index.state(palmyra, date(2017, 3, 20)).period.controller == "Syrian government"
    qaryatain = next(row.place_id for row in own_build.places if row.place == "Al-Qaryatain")
    assert [p.controller for p in index.history(qaryatain)][-4:] == [
        "Islamic State",
        "Syrian government",
        "Islamic State",
        "Syrian government",
    ]


def test_many_vague_reports_at_one_town_each_keep_their_window_and_merge_where_they_overlap():
    start = date(2000, 1, 1)
    sides = ("Islamic State", "SDF")
    # 3,000 two-day windows, alternating holders; then a second report inside every IS window
    reports = [event(f"v{i}", start + timedelta(days=3 * i), after=sides[i % 2], end=start + timedelta(days=3 * i + 1)) for i in range(3000)]
    reports += [event(f"w{i}", start + timedelta(days=3 * i + 1), after=sides[0], end=start + timedelta(days=3 * i + 3)) for i in range(0, 3000, 2)]
    changes = merge_changes([_change(report) for report in reports])
    assert len(changes) == 3000
    assert [change.controller for change in changes[:4]] == ["Islamic State", "SDF", "Islamic State", "SDF"]
    # each IS window shrank to its overlap with the second report: its second day
    assert all(change.start == change.end == start + timedelta(days=3 * i + 1) for i, change in zip(range(0, 3000, 2), changes[::2]))
    assert all(sorted(change.event_ids) == sorted([f"v{i}", f"w{i}"]) for i, change in zip(range(0, 3000, 2), changes[::2]))


def _change(report):
    from geo.control import _Change

    return _Change(report.controller_after, report.event_date, report.date_end, [report.event_id])
