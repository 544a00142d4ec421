"""Temporal expressions against the publication date, with dateutil's edge cases."""

from datetime import date

import pytest

from geo.timeexpr import date_without_year, find_times, most_recent_weekday, precision_of


def one(text: str, published: date):
    windows = find_times(text, published)
    assert len(windows) == 1, windows
    return windows[0]


def test_weekday_on_the_day_of_publication_is_that_day():
    # 21 September 2017 was a Thursday
    assert one("launched on Thursday", date(2017, 9, 21)).start == date(2017, 9, 21)


def test_weekday_is_never_in_the_future():
    # 30 September 2017 was a Saturday: "on Friday" is the 29th, "on Sunday" the 24th
    assert one("on Friday", date(2017, 9, 30)).start == date(2017, 9, 29)
    assert one("on Sunday", date(2017, 9, 30)).start == date(2017, 9, 24)


def test_weekday_across_the_new_year():
    # 2 January 2018 was a Tuesday; the previous Friday was 29 December 2017
    assert most_recent_weekday("friday", date(2018, 1, 2)) == date(2017, 12, 29)


def test_possessive_weekday():
    assert one("most of Thursday's dead", date(2017, 9, 30)).start == date(2017, 9, 28)


def test_last_weekday_on_that_weekday_is_a_week_before():
    assert one("last Monday", date(2018, 9, 10)).start == date(2018, 9, 3)


def test_dates_without_a_year_take_the_year_before_publication():
    assert one("on September 21", date(2017, 9, 30)).start == date(2017, 9, 21)
    assert one("on December 30", date(2018, 1, 3)).start == date(2017, 12, 30)
    assert date_without_year(2, 29, date(2017, 3, 1)) == date(2016, 2, 29)


def test_explicit_dates_with_a_year():
    window = one("on November 24, 2017", date(2017, 11, 25))
    assert (window.start, window.precision) == (date(2017, 11, 24), "day")
    assert one("the 21st of March 2018", date(2018, 4, 1)).start == date(2018, 3, 21)


def test_earlier_this_month_excludes_the_day_of_publication():
    window = one("recaptured earlier this month", date(2017, 11, 25))
    assert (window.start, window.end, window.precision) == (date(2017, 11, 1), date(2017, 11, 24), "month")


def test_last_month_across_the_year_boundary():
    window = one("last month", date(2018, 1, 15))
    assert (window.start, window.end) == (date(2017, 12, 1), date(2017, 12, 31))


def test_this_july_last_year_and_in_a_year():
    assert one("this July", date(2017, 9, 30)).start == date(2017, 7, 1)
    last_year = one("last year", date(2017, 9, 30))
    assert (last_year.start, last_year.end, last_year.precision) == (date(2016, 1, 1), date(2016, 12, 31), "year")
    assert one("in 2014", date(2017, 9, 21)).start == date(2014, 1, 1)


def test_in_a_month_name_is_the_most_recent_such_month():
    assert one("in July", date(2017, 9, 21)).start == date(2017, 7, 1)
    assert one("in December", date(2017, 3, 3)).start == date(2016, 12, 1)


def test_over_the_past_months():
    window = one("over the past four months", date(2018, 9, 11))
    assert (window.start, window.end, window.precision) == (date(2018, 5, 11), date(2018, 9, 11), "year")


def test_ordinal_days_wait_for_an_anchor():
    window = find_times("taking Sharqat on its second day", date(2017, 9, 30))[0]
    assert (window.kind, window.offset) == ("ordinal", 1)
    assert window.shifted(date(2017, 9, 21)).start == date(2017, 9, 22)


def test_last_week_is_the_previous_calendar_week():
    window = one("last week", date(2017, 10, 17))  # a Tuesday
    assert (window.start, window.end, window.precision) == (date(2017, 10, 9), date(2017, 10, 15), "week")


@pytest.mark.parametrize("text", ["since 2014", "until March"])
def test_bounds_are_read_as_bounds(text):
    # the event stage reads a window whose words open with since/until as the bound of a state, never as an event's date
    (window,) = find_times(text, date(2017, 10, 27))
    assert window.text.split()[0] in ("since", "until")


@pytest.mark.parametrize("text", ["the clashes will be fierce"])
def test_plain_text_is_not_a_date(text):
    assert find_times(text, date(2017, 9, 30)) == []


def test_precision_names():
    assert precision_of(date(2017, 1, 1), date(2017, 1, 1)) == "day"
    assert precision_of(date(2017, 1, 1), date(2017, 1, 7)) == "week"
    assert precision_of(date(2017, 1, 1), date(2017, 1, 31)) == "month"
    assert precision_of(date(2017, 1, 1), date(2017, 3, 1)) == "year"


@pytest.mark.parametrize(
    "text, first, last",
    [
        # "nearly two years": begun between two years and eighteen months before the report
        ("IS had occupied the town for nearly two years", date(2014, 5, 21), date(2014, 11, 20)),
        ("the rebels have held it for more than three years", date(2011, 11, 21), date(2013, 5, 21)),
        ("the group has controlled the area for 18 months", date(2014, 7, 15), date(2015, 4, 11)),
    ],
)
def test_a_holding_for_a_length_of_time_begins_that_long_before(text, first, last):
    (window,) = find_times(text, date(2016, 5, 20))
    assert (window.kind, window.start, window.end) == ("duration", first, last)


def test_a_length_not_introduced_by_for_is_no_time():
    assert find_times("two years of fighting left the town in ruins", date(2016, 5, 20)) == []
