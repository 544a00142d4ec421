"""Temporal expressions in news text, resolved against the publication date.

Every expression becomes a window ``[start, end]`` with a precision (day, week,
month, year: the span of the window). Weekdays are the most recent such day on
or before publication ("on Thursday" in an article of Thursday 21 September 2017
is that very day), dates without a year take the year that puts them on or just
before publication (across New Year too). Arithmetic on weekdays and months is
dateutil's ``relativedelta``; the rules of news writing are ours.

>>> from datetime import date
>>> [(w.text, w.start.isoformat()) for w in find_times("Iraqi forces on Thursday retook it.", date(2017, 9, 21))]
[('on Thursday', '2017-09-21')]
>>> w = find_times("recaptured earlier this month", date(2017, 11, 25))[0]
>>> w.start.isoformat(), w.end.isoformat(), w.precision
('2017-11-01', '2017-11-24', 'month')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from .records import DAY, MONTH, WEEK, YEAR

_WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
_MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "few": 3,
    "a few": 3,
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
_UNIT = r"(?:day|week|month|year)s?"
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


@dataclass(frozen=True)
class TimeWindow:
    """A resolved temporal expression: the event happened within [start, end].

    ``kind`` is ``absolute`` for calendar windows; ``ordinal`` ("on its second
    day", ``offset`` = 1), ``relative`` ("a day later", ``offset`` days) and
    ``prior`` ("eight days after they launched ...": ``offset`` days before the
    sentence's main event) and ``year_shift`` ("the following year": ``offset``
    years from the time just told) are resolved by the event stage; their
    start/end are the publication date until then. ``duration`` ("for nearly
    two years") is the window in which a holding of that length began.
    """

    text: str
    begin: int
    finish: int
    start: date
    end: date
    precision: str
    kind: str = "absolute"
    offset: int = 0

    def shifted(self, anchor: date) -> TimeWindow:
        """Resolve an ordinal or relative window against an anchor date."""
        day = anchor + timedelta(days=self.offset)
        return TimeWindow(self.text, self.begin, self.finish, day, day, DAY, "absolute", 0)


def precision_of(start: date, end: date) -> str:
    """The coarse name of a window: day, week (≤ 7 days), month (≤ 31), year.

    >>> precision_of(date(2018, 5, 11), date(2018, 9, 10))
    'year'
    """
    days = (end - start).days + 1
    if days <= 1:
        return DAY
    if days <= 7:
        return WEEK
    if days <= 31:
        return MONTH
    return YEAR


def _number(text: str) -> int:
    text = text.lower().strip()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 1)


def _month_window(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def most_recent_weekday(name: str, published: date) -> date:
    """The most recent ``name`` day on or before ``published``.

    >>> most_recent_weekday("friday", date(2017, 9, 30)).isoformat()
    '2017-09-29'
    >>> most_recent_weekday("thursday", date(2017, 9, 21)).isoformat()
    '2017-09-21'
    """
    return published + relativedelta(weekday=_WEEKDAYS[name.lower()](-1))


def date_without_year(month: int, day: int, published: date, grace_days: int = 7) -> date | None:
    """A month and day resolved to the year that puts it on or before publication.

    A date up to ``grace_days`` after publication stays in that year (an article
    may announce tomorrow's vote); later ones belong to the year before:

    >>> date_without_year(12, 30, date(2018, 1, 3)).isoformat()
    '2017-12-30'
    """
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        try:
            candidate = date(published.year - 1, month, day)
        except ValueError:
            return None
        return candidate
    if candidate > published + timedelta(days=grace_days):
        try:
            return date(published.year - 1, month, day)
        except ValueError:  # 29 February
            return None
    return candidate


def _recent_month(month: int, published: date, strictly_before: bool = False) -> tuple[date, date]:
    year = published.year if month < published.month or (month == published.month and not strictly_before) else published.year - 1
    return _month_window(year, month)


def _season(name: str, published: date, last: bool) -> tuple[date, date]:
    first_month, last_month = _SEASONS[name]
    year = published.year
    start_year = year - 1 if first_month == 12 else year
    start = date(start_year, first_month, 1)
    end_year = start_year + 1 if first_month == 12 else start_year
    end = _month_window(end_year, last_month)[1]
    if start > published or (last and end >= published):
        start, end = start - relativedelta(years=1), end - relativedelta(years=1)
    return start, min(end, published) if not last else end


_PATTERNS: list[tuple[re.Pattern, str]] = [
    # "since the middle of 2012", "at the end of 2015"
    (
        re.compile(
            r"\b(?:(?P<which>in|since|by|until|at|from)\s+)?the\s+(?P<part>middle|start|beginning|end|first\s+half|second\s+half)"
            r"\s+of\s+(?P<year>(?:19|20)\d\d)\b",
            re.I,
        ),
        "year_part",
    ),
    # "in the summer of 2014", "late spring 2016"
    (
        re.compile(
            r"\b(?:(?:in|during|by|since|until)\s+)?(?:the\s+)?(?:(?P<part>early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b",
            re.I,
        ),
        "season_year",
    ),
    # explicit dates
    (
        re.compile(
            r"\b(?:on\s+)?(?:" + _WEEKDAY + r",?\s+)?(?P<month>" + _MONTH + r")(?:\.\s*|\s+)(?P<day>\d{1,2})(?:st|nd|rd|th)?"
            r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
            re.I,
        ),
        "month_day",
    ),
    (
        re.compile(
            r"\b(?:on\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>" + _MONTH + r")\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
            re.I,
        ),
        "month_day",
    ),
    (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"), "iso"),
    # weekdays
    (
        re.compile(
            r"\b(?:(?:on|last|early|late|since|by)\s+)?(?P<weekday>" + _WEEKDAY + r")(?:'s|’s)?(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
        "weekday",
    ),
    # relative days
    (re.compile(r"\b(?:yesterday|last\s+night)\b", re.I), "yesterday"),
    # "overnight" in a news story ends on the morning of its day: the report's day
    (re.compile(r"\bovernight\b", re.I), "today"),
    (re.compile(r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b", re.I), "today"),
    (re.compile(r"\b(?P<more>(?:more|over|longer)\s+than\s+|over\s+)?(?P<n>" + _NUMBER + r")\s+(?P<unit>" + _UNIT + r")\s+ago\b", re.I), "ago"),
    # "who had occupied the town for nearly two years": a holding's length, resolved to when it began
    (
        re.compile(
            r"(?<=\bfor )(?P<qual>(?:nearly|almost|about|around|some|roughly|over|under|at\s+least|more\s+than|less\s+than)\s+)?"
            r"(?P<n>" + _NUMBER + r")\s+(?P<unit>" + _UNIT + r")\b(?!\s+(?:ago|later|earlier|before|after))",
            re.I,
        ),
        "duration",
    ),
    (
        re.compile(r"\b(?:over|in|during|for)\s+the\s+(?:past|last)\s+(?:(?P<n>" + _NUMBER + r")\s+)?(?P<unit>" + _UNIT + r")\b", re.I),
        "past",
    ),
    (re.compile(r"\bin\s+recent\s+(?P<unit>days|weeks|months)\b", re.I), "recent"),
    (re.compile(r"\b(?:at|over)\s+the\s+weekend\b", re.I), "weekend"),
    # weeks, months, seasons, years relative to publication
    (
        re.compile(
            r"\b(?P<which>in|this|last|since|during|until|by|of|early|late|mid|in\s+early|in\s+late|in\s+mid)[\s-]+(?P<month>january|february|march|april|june|july|august|september|october|november|december|may)\b(?!\s+\d{1,2}\b)(?:\s+(?P<year>(?:19|20)\d\d)|\s+(?:of\s+)?(?P<rel>last|this|next)\s+year)?",
            re.I,
        ),
        "month_name",
    ),
    (re.compile(r"\b(?P<earlier>earlier\s+)?this\s+(?P<unit>week|month|year)\b", re.I), "this_unit"),
    (re.compile(r"\blast\s+(?P<unit>week|month|year)\b", re.I), "last_unit"),
    (re.compile(r"\b(?:(?P<which>this|last|in|during)\s+)?(?P<season>spring|summer|autumn|fall|winter)\b", re.I), "season"),
    (re.compile(r"\b(?P<which>in|during|of|since|early|late|mid|by)[\s-]+(?P<year>(?:19|20)\d\d)\b", re.I), "year"),
    # relative to an operation or a previous event (resolved by the event stage)
    (
        re.compile(
            r"\b(?:on|in|during)\s+(?:its|the|their)\s+(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+day\b",
            re.I,
        ),
        "ordinal",
    ),
    (re.compile(r"\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|(?P<n>" + _NUMBER + r")\s+days?\s+later)\b", re.I), "later"),
    (re.compile(r"\b(?:the\s+(?:previous|preceding)\s+day|the\s+day\s+before|a\s+day\s+(?:earlier|before))\b", re.I), "earlier"),
    # "the following year", "a year later", "two years earlier": relative to the time just told
    (
        re.compile(
            r"\b(?:the\s+(?P<which>following|next|previous|preceding)\s+year|(?P<n>" + _NUMBER + r")\s+years?\s+(?P<dir>later|after|earlier|before))\b", re.I
        ),
        "year_shift",
    ),
    (re.compile(r"\b(?:just\s+)?(?P<n>" + _NUMBER + r")\s+(?P<unit>days?|weeks?)\s+(?:after|since)\b", re.I), "after"),
    (
        re.compile(r"\b(?:in|during|over)\s+the\s+(?P<unit>days|weeks)\s+(?:before|leading\s+up\s+to|preceding|prior\s+to)\b", re.I),
        "run_up",
    ),
]


# Every pattern below needs one of these words or a digit: most sentences have none.
_ANY_TIME_WORD = re.compile(
    r"\d|day|night|week|month|year|ago|past|recent|weekend|spring|summer|autumn|fall|winter|later|after|before|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
    re.IGNORECASE,
)


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_GATES = {
    "year_part": ("middle", "start", "beginning", "end", "half"),
    "season_year": ("spring", "summer", "autumn", "fall", "winter"),
    "month_day": _MONTH_STEMS,
    "iso": ("-",),
    "weekday": ("day",),
    "yesterday": ("yesterday", "night"),
    "today": ("today", "this ", "tonight", "overnight"),
    "ago": (" ago",),
    "past": ("past", "last"),
    "duration": ("for ",),
    "recent": ("recent",),
    "weekend": ("weekend",),
    "this_unit": ("this ",),
    "last_unit": ("last ",),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "month_name": _MONTH_STEMS,
    "year": ("19", "20"),
    "ordinal": (" day",),
    "later": ("later", "next day", "following day"),
    "earlier": ("previous day", "preceding day", "day before", "day earlier"),
    "year_shift": ("year",),
    "after": ("after", "since"),
    "run_up": ("days before", "weeks before", "leading up", "preceding", "prior to"),
}


def find_times(text: str, published: date) -> list[TimeWindow]:
    """All temporal expressions of a sentence, left to right, without overlaps."""
    if not _ANY_TIME_WORD.search(text):
        return []
    windows: list[TimeWindow] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    for pattern, kind in _PATTERNS:
        if not any(gate in lowered for gate in _GATES[kind]):
            continue  # cheap substring test before the regular expression
        for match in pattern.finditer(lowered):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            window = _resolve(kind, match, published, text)
            if window is None:
                continue
            windows.append(window)
            taken.append((match.start(), match.end()))
    windows.sort(key=lambda window: window.begin)
    return windows


def _window(original: str, match: re.Match, start: date, end: date, kind: str = "absolute", offset: int = 0) -> TimeWindow:
    text = original[match.start() : match.end()].strip()
    return TimeWindow(text, match.start(), match.end(), start, end, precision_of(start, end), kind, offset)


def _resolve(kind: str, match: re.Match, published: date, original: str) -> TimeWindow | None:
    groups = match.groupdict()
    if kind == "month_day":
        month_word = groups["month"].lower().rstrip(".")
        month = _MONTH_NUMBERS.get(month_word) or _MONTH_NUMBERS.get(month_word[:3])
        day = int(groups["day"])
        if not month or not 1 <= day <= 31:
            return None
        if groups.get("year"):
            try:
                when = date(int(groups["year"]), month, day)
            except ValueError:
                return None
        else:
            when = date_without_year(month, day, published)
            if when is None:
                return None
        return _window(original, match, when, when)
    if kind == "iso":
        try:
            when = date(int(groups["year"]), int(groups["mnum"]), int(groups["day"]))
        except ValueError:
            return None
        return _window(original, match, when, when)
    if kind == "weekday":
        when = most_recent_weekday(groups["weekday"], published)
        if match.group().lower().startswith("last") and when == published:
            when -= timedelta(days=7)
        return _window(original, match, when, when)
    if kind == "yesterday":
        when = published - timedelta(days=1)
        return _window(original, match, when, when)
    if kind == "today":
        return _window(original, match, published, published)
    if kind == "ago":
        count, unit = _number(groups["n"]), groups["unit"].lower().rstrip("s")
        when = published - relativedelta(**{unit + "s": count})
        if groups.get("more"):
            # "more than a week ago": before that day, by up to as much again
            return _window(original, match, when - relativedelta(**{unit + "s": count}), when)
        if unit == "day":
            return _window(original, match, when, when)
        spread = {"week": timedelta(days=3), "month": timedelta(days=15), "year": timedelta(days=182)}[unit]
        return _window(original, match, when - spread, min(published, when + spread))
    if kind == "duration":
        # the window is the holding's start: "nearly two years" began a little after two years back
        length = _number(groups["n"]) * _UNIT_DAYS[groups["unit"].lower().rstrip("s")]
        qualifier = " ".join((groups.get("qual") or "").lower().split())
        if qualifier in ("nearly", "almost", "under", "less than"):
            first, last = length, length * 3 // 4
        elif qualifier in ("over", "at least", "more than"):
            first, last = length * 3 // 2, length
        else:
            first, last = length * 5 // 4, length * 3 // 4
        return _window(original, match, published - timedelta(days=first), published - timedelta(days=last), "duration")
    if kind == "past":
        count = _number(groups["n"]) if groups.get("n") else 1
        unit = groups["unit"].lower().rstrip("s")
        return _window(original, match, published - relativedelta(**{unit + "s": count}), published)
    if kind == "recent":
        span = {"days": 6, "weeks": 30, "months": 120}[groups["unit"].lower()]
        return _window(original, match, published - timedelta(days=span), published)
    if kind == "weekend":
        sunday = published + relativedelta(weekday=SU(-1))
        return _window(original, match, sunday - timedelta(days=1), sunday)
    if kind == "this_unit":
        unit = groups["unit"].lower()
        end = published - timedelta(days=1) if groups.get("earlier") else published
        if unit == "week":
            start = published + relativedelta(weekday=MO(-1))
        elif unit == "month":
            start = published.replace(day=1)
        else:
            start = published.replace(month=1, day=1)
        return _window(original, match, start, max(start, end))
    if kind == "last_unit":
        unit = groups["unit"].lower()
        if unit == "week":
            start = published + relativedelta(weekday=MO(-1)) - timedelta(days=7)
            return _window(original, match, start, start + timedelta(days=6))
        if unit == "month":
            previous = published.replace(day=1) - timedelta(days=1)
            return _window(original, match, *_month_window(previous.year, previous.month))
        return _window(original, match, date(published.year - 1, 1, 1), date(published.year - 1, 12, 31))
    if kind == "year_part":
        year, part = int(groups["year"]), " ".join(groups["part"].lower().split())
        start, end = {
            "middle": (date(year, 5, 1), date(year, 8, 31)),
            "start": (date(year, 1, 1), date(year, 3, 31)),
            "beginning": (date(year, 1, 1), date(year, 3, 31)),
            "end": (date(year, 10, 1), date(year, 12, 31)),
            "first half": (date(year, 1, 1), date(year, 6, 30)),
            "second half": (date(year, 7, 1), date(year, 12, 31)),
        }[part]
        return _window(original, match, start, end)
    if kind == "season_year":
        first_month, last_month = _SEASONS[groups["season"].lower()]
        year = int(groups["year"])
        start = date(year - 1 if first_month == 12 else year, first_month, 1)
        end = _month_window(year if first_month != 12 else year, last_month)[1]
        return _window(original, match, start, end)
    if kind == "season":
        which = (groups.get("which") or "").lower()
        if not which:
            return None  # a bare "summer" is too vague to date an event
        start, end = _season(groups["season"].lower(), published, last=which == "last")
        return _window(original, match, start, end)
    if kind == "month_name":
        month = _MONTH_NUMBERS[groups["month"].lower()]
        which = " ".join(groups["which"].lower().split())
        if groups.get("year"):
            start, end = _month_window(int(groups["year"]), month)
        elif groups.get("rel"):
            # "since May last year": that month of the year before publication
            start, end = _month_window(published.year + {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()], month)
        else:
            start, end = _recent_month(month, published, strictly_before=which == "last")
        if which.endswith("early"):
            end = start + timedelta(days=9)
        elif which.endswith("mid"):
            start, end = start + timedelta(days=10), start + timedelta(days=19)
        elif which.endswith("late"):
            start = start + timedelta(days=20)
        # "since June 2014" is returned too: the event stage reads it as the bound of a state.
        return _window(original, match, start, min(end, max(start, published)) if end > published and start <= published else end)
    if kind == "year":
        which = groups["which"].lower()
        year = int(groups["year"])
        start, end = date(year, 1, 1), date(year, 12, 31)
        if which == "early":
            end = date(year, 4, 30)
        elif which == "mid":
            start, end = date(year, 5, 1), date(year, 8, 31)
        elif which == "late":
            start = date(year, 9, 1)
        return _window(original, match, start, end)
    if kind == "ordinal":
        return _window(original, match, published, published, "ordinal", _ORDINALS[groups["ordinal"].lower()] - 1)
    if kind == "later":
        count = _number(groups["n"]) if groups.get("n") else 1
        return _window(original, match, published, published, "relative", count)
    if kind == "earlier":
        return _window(original, match, published, published, "relative", -1)
    if kind == "year_shift":
        which = (groups.get("which") or "").lower()
        direction = groups.get("dir") or ""
        count = _number(groups["n"]) if groups.get("n") else 1
        sign = -1 if which in ("previous", "preceding") or direction.lower() in ("earlier", "before") else 1
        return _window(original, match, published, published, "year_shift", sign * count)
    if kind == "run_up":
        # "in the days before the final assault": a window ending the day before.
        return _window(original, match, published, published, "run_up", 7 if groups["unit"].lower() == "days" else 28)
    if kind == "after":
        # "eight days after they launched an offensive": that offensive came N days
        # before the sentence's main event; resolved by the event stage.
        days = _number(groups["n"]) * (7 if groups["unit"].lower().startswith("week") else 1)
        return _window(original, match, published, published, "prior", days)
    return None  # pragma: no cover - every kind above returns


def parse_day(text: str) -> date | None:
    """A date as a person types it (ISO first, then day-month-year in words or numbers), or None.

    >>> parse_day("2017-10-17"), parse_day("17 October 2017"), parse_day("Oct 17, 2017"), parse_day("soon")
    (datetime.date(2017, 10, 17), datetime.date(2017, 10, 17), datetime.date(2017, 10, 17), None)
    """
    from dateutil import parser as date_parser

    text = (text or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if not re.search(r"\d", text):
        return None
    try:
        return date_parser.parse(text, dayfirst=True, default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
