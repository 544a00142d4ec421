"""The control timeline: who held each town, day by day, and which reports say so.

A town's timeline is built from **observations** about it (exact location only):

* a **change** of controller (an event's ``controller_after``) over the event's
  window: the new holder is certain from the window's end; inside a vague window
  the town is shown *changing hands* (contested under its previous holder) and the
  period after it remembers when the change may have begun (``changed_from``:
  "taken between 1 and 24 Nov", not "since 24 Nov");
* a **state** (:class:`~geo.records.StateReport`: "the IS-held town", "remains
  under SDF control since 2015") on its day, and from its ``since``;
* a **holder implied** by a report (an event's ``controller_before``: the day
  before a capture, or the day of an assault on "the IS-held town"), carried
  back at most :data:`IMPLIED_BACK_DAYS` days (never across an earlier report)
  in a period marked ``carried_back``;
* **fighting** there (an event's ``contested``), which marks the town contested
  for :data:`CONTEST_DAYS` days.

Reports of one change merge (an exact date inside a vague report's window wins,
two vague windows shrink to their overlap). Reports that disagree on the same
day are kept, and the town is marked **disputed**. A holder is believed for
:data:`STALE_DAYS` days after the last report that supports it, then the town is
*unknown* again; nothing is known before the first report.

>>> from datetime import date
>>> from geo.records import Event
>>> def ev(i, d, after="", before="", contested=False, end=None):
...     return Event(i, d, end or d, "day", "Rawa", "p", 34.5, 41.9, "IQ", 1, "Battles", "", "", "", before, after, contested, "s", d, "")
>>> periods = control_periods([ev("a", date(2017, 10, 26), before="Islamic State", contested=True),
...                            ev("b", date(2017, 11, 1), after="Iraqi government", end=date(2017, 11, 24))])
>>> [(p.controller, p.contested, p.start.isoformat(), p.changed_from) for p in periods][-1]
('Iraqi government', False, '2017-11-24', datetime.date(2017, 11, 1))
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .records import CONTROLLERS, WHERE_EXACT, ControlPeriod, Event, StateReport

STALE_DAYS = 180  # a holder is believed this long after the last report that supports it
CONTEST_DAYS = 7  # fighting reported on a day marks the town contested this long
IMPLIED_DEFERS_DAYS = 30  # an implied holder gives way to a change or state reported this recently
IMPLIED_BACK_DAYS = 14  # the side that lost a town (or held it when attacked) held it this long before, unless a report says otherwise

# How much a kind of observation says about the holder, when two disagree on one day.
_CHANGE, _STATE, _IMPLIED = 3, 2, 1


@dataclass
class _Change:
    controller: str
    start: date
    end: date
    event_ids: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class _Mark:
    """An observation that ``controller`` held the place on ``day``."""

    day: date
    controller: str
    weight: int
    ids: tuple[str, ...]
    changed_from: date | None = None
    reported: date | None = None  # a mark carried back from a later report: that report's day


def _usable(event: Event) -> bool:
    return event.location_precision == WHERE_EXACT and bool(event.place_id) and event.latitude == event.latitude


def merge_changes(changes: list[_Change]) -> list[_Change]:
    """Merge reports of one change (same controller, overlapping windows).

    Exact reports are kept; a vague report joins the latest exact report of the
    same controller inside its window; vague reports that overlap shrink to the
    overlap. Linear in the reports after sorting (bisect over the exact days).
    """
    exact = sorted((change for change in changes if change.exact), key=lambda change: (change.start, change.controller))
    vague = sorted((change for change in changes if not change.exact), key=lambda change: (change.end - change.start, change.start))
    merged_exact: list[_Change] = []
    for change in exact:
        if merged_exact and merged_exact[-1].controller == change.controller and merged_exact[-1].start == change.start:
            merged_exact[-1].event_ids.extend(change.event_ids)
        else:
            merged_exact.append(_Change(change.controller, change.start, change.end, list(change.event_ids)))
    by_controller: dict[str, list[_Change]] = defaultdict(list)
    for change in merged_exact:
        by_controller[change.controller].append(change)
    days = {controller: [change.start for change in items] for controller, items in by_controller.items()}
    kept_vague: list[_Change] = []
    # The vague windows kept for a controller never overlap (an overlapping one shrinks into them), so
    # they are held sorted by start: the ones a new window overlaps are a run found by bisection.
    kept_starts: dict[str, list[date]] = defaultdict(list)
    kept_by_start: dict[str, list[tuple[int, _Change]]] = defaultdict(list)
    for change in vague:
        items = by_controller.get(change.controller, [])
        position = bisect.bisect_right(days.get(change.controller, []), change.end) - 1
        if position >= 0 and items[position].start >= change.start:
            items[position].event_ids.extend(change.event_ids)
            continue
        starts, kept = kept_starts[change.controller], kept_by_start[change.controller]
        last = bisect.bisect_right(starts, change.end) - 1
        first = last
        while first >= 0 and kept[first][1].end >= change.start:
            first -= 1
        if first < last:
            # the earliest kept of the windows it overlaps takes it in, as reports of one change
            at, (_, other) = min(enumerate(kept[first + 1 : last + 1], start=first + 1), key=lambda item: item[1][0])
            other.start, other.end = max(other.start, change.start), min(other.end, change.end)
            other.event_ids.extend(change.event_ids)
            starts[at] = other.start
            continue
        kept_change = _Change(change.controller, change.start, change.end, list(change.event_ids))
        at = bisect.bisect_right(starts, change.start)
        starts.insert(at, change.start)
        kept.insert(at, (len(kept_vague), kept_change))
        kept_vague.append(kept_change)
    return sorted(merged_exact + kept_vague, key=lambda change: (change.end, change.start))


def control_periods(events: Iterable[Event], states: Iterable[StateReport] = ()) -> list[ControlPeriod]:
    """The control periods of every settlement named with an exact location."""
    by_place: dict[str, list[Event]] = defaultdict(list)
    states_by_place: dict[str, list[StateReport]] = defaultdict(list)
    for event in events:
        if _usable(event):
            by_place[event.place_id].append(event)
    for state in states:
        if state.location_precision == WHERE_EXACT and state.controller in CONTROLLERS and state.latitude == state.latitude:
            states_by_place[state.place_id].append(state)
    periods: list[ControlPeriod] = []
    for place_id in sorted(set(by_place) | set(states_by_place)):
        periods.extend(_place_periods(by_place.get(place_id, []), states_by_place.get(place_id, [])))
    return periods


def _marks(events: list[Event], states: list[StateReport]) -> tuple[list[_Mark], list[tuple[date, date, str]], list[tuple[date, date, str]]]:
    """(marks, contests as (first, last, event id), transitions as (first, last, new holder))."""
    marks: list[_Mark] = []
    contests: list[tuple[date, date, str]] = []
    transitions: list[tuple[date, date, str]] = []
    changes = [_Change(event.controller_after, event.event_date, event.date_end, [event.event_id]) for event in events if event.controller_after in CONTROLLERS]
    for change in merge_changes(changes):
        vague = not change.exact
        marks.append(_Mark(change.end, change.controller, _CHANGE, tuple(change.event_ids), change.start if vague else None))
        if vague:
            transitions.append((change.start, change.end - timedelta(days=1), change.controller))
    for event in events:
        if event.controller_before in CONTROLLERS:
            if event.controller_after:
                day = event.event_date - timedelta(days=1)
            else:
                day = event.date_end
            marks.append(_Mark(day, event.controller_before, _IMPLIED, (event.event_id,)))
        if event.contested and (not event.controller_after or event.controller_after == event.controller_before):
            contests.append((event.date_end, event.date_end + timedelta(days=CONTEST_DAYS - 1), event.event_id))
    for state in states:
        if state.since is not None and not state.partial:
            # "held by IS since 2014" vouches for every day from then: it does not go stale in between
            day = state.since + timedelta(days=STALE_DAYS)
            while day < state.day:
                marks.append(_Mark(day, state.controller, _STATE, (state.state_id,)))
                day += timedelta(days=STALE_DAYS)
        if state.partial:
            # a side holding part of the town: fighting over it, not a new holder
            contests.append((state.day, state.day + timedelta(days=CONTEST_DAYS - 1), state.state_id))
            continue
        marks.append(_Mark(state.day, state.controller, _STATE, (state.state_id,)))
        if state.since is not None and state.since < state.day:
            marks.append(_Mark(state.since, state.controller, _STATE, (state.state_id,)))
    marks.sort(key=lambda mark: (mark.day, -mark.weight, mark.controller))
    return marks, contests, transitions


@dataclass(frozen=True)
class _Day:
    controller: str
    contested: bool
    disputed: bool
    changed_from: date | None
    carried_back: bool = False


def _union(spans: Iterable[tuple[date, date]]) -> tuple[list[date], list[date]]:
    """Inclusive day spans joined where they overlap or touch, as (starts, ends) sorted for bisection.

    >>> _union([(date(2017, 1, 5), date(2017, 1, 9)), (date(2017, 1, 1), date(2017, 1, 6)), (date(2017, 2, 1), date(2017, 2, 2))])[1]
    [datetime.date(2017, 1, 9), datetime.date(2017, 2, 2)]
    """
    starts: list[date] = []
    ends: list[date] = []
    for first, last in sorted(spans):
        if ends and first <= ends[-1] + timedelta(days=1):
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _covers(union: tuple[list[date], list[date]], day: date) -> bool:
    position = bisect.bisect_right(union[0], day) - 1
    return position >= 0 and day <= union[1][position]


def _reach_back(mark_days: list[date], by_day: dict[date, list[_Mark]], chosen: dict[date, _Mark]) -> None:
    """Let each implied holder speak for the :data:`IMPLIED_BACK_DAYS` before its day.

    "IS fighters withdrew from P0 on Friday" says IS held P0 up to Friday; nobody reports
    the days a town stays quiet, so the side that lost it is taken to have held it in the
    fortnight before, back to the day after any earlier report (which keeps its word).

    >>> from datetime import date
    >>> days = [date(2015, 5, 1), date(2015, 5, 20)]
    >>> marks = {d: [_Mark(d, c, w, ("x",))] for d, c, w in [(days[0], "A", _CHANGE), (days[1], "B", _IMPLIED)]}
    >>> chosen = {d: marks[d][0] for d in days}
    >>> _reach_back(days, marks, chosen)
    >>> [d.isoformat() for d in days]
    ['2015-05-01', '2015-05-06', '2015-05-20']
    """
    for position in range(len(mark_days) - 1, -1, -1):
        day = mark_days[position]
        mark = chosen[day]
        if mark.weight != _IMPLIED:
            continue
        start = day - timedelta(days=IMPLIED_BACK_DAYS)
        if position > 0:
            start = max(start, mark_days[position - 1] + timedelta(days=1))
        if start >= day:
            continue
        earlier = _Mark(start, mark.controller, _IMPLIED, mark.ids, reported=day)
        mark_days.insert(position, start)
        by_day[start] = [earlier]
        chosen[start] = earlier


def _place_periods(events: list[Event], states: list[StateReport]) -> list[ControlPeriod]:
    marks, contests, transitions = _marks(events, states)
    if not marks:
        return []
    # The holder on each mark day: the heaviest observation wins; disagreement at weight >= state is a dispute.
    by_day: dict[date, list[_Mark]] = defaultdict(list)
    for mark in marks:
        by_day[mark.day].append(mark)
    mark_days = sorted(by_day)
    chosen: dict[date, _Mark] = {}
    disputed_days: set[date] = set()
    last_strong: _Mark | None = None
    for day in list(mark_days):
        options = by_day[day]
        if last_strong is not None and all(mark.weight == _IMPLIED for mark in options):
            # A holder only implied ("the day before its capture") does not undo a change or
            # state reported shortly before: the writer assumed it, the earlier report saw it.
            if (day - last_strong.day).days <= IMPLIED_DEFERS_DAYS and all(mark.controller != last_strong.controller for mark in options):
                mark_days.remove(day)
                del by_day[day]
                continue
        votes: dict[str, tuple[int, int]] = {}
        for mark in options:
            weight, count = votes.get(mark.controller, (0, 0))
            votes[mark.controller] = (max(weight, mark.weight), count + len(mark.ids))
        best = max(votes, key=lambda controller: (votes[controller], controller))
        strong = {controller for controller, (weight, _) in votes.items() if weight >= _STATE}
        if len(strong) > 1:
            disputed_days.add(day)
        chosen[day] = next(mark for mark in options if mark.controller == best)
        if chosen[day].weight >= _STATE:
            last_strong = chosen[day]
    _reach_back(mark_days, by_day, chosen)
    support: dict[str, list[date]] = defaultdict(list)
    for day in mark_days:
        for mark in by_day[day]:
            support[mark.controller].append(day)
    boundaries = set(mark_days)
    for first, last, _ in contests:
        boundaries.update((first, last + timedelta(days=1)))
    for first, last, _ in transitions:
        boundaries.update((first, last + timedelta(days=1)))
    for days in support.values():
        boundaries.update(day + timedelta(days=STALE_DAYS + 1) for day in days)
    ordered = sorted(boundaries)

    # Unions of the contested spans, searched by bisection: a town with tens of thousands of reports stays fast.
    fighting = _union((first, last) for first, last, _ in contests)
    by_holder: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for first, last, holder in transitions:
        by_holder[holder].append((first, last))
    changing = {holder: _union(spans) for holder, spans in by_holder.items()}

    def state_on(day: date) -> _Day | None:
        position = bisect.bisect_right(mark_days, day) - 1
        if position < 0:
            return None
        mark = chosen[mark_days[position]]
        days = support[mark.controller]
        last_support = days[bisect.bisect_right(days, day) - 1]
        if (day - last_support).days > STALE_DAYS:
            return None
        contested = _covers(fighting, day) or any(_covers(span, day) for holder, span in changing.items() if holder != mark.controller)
        changed_from = mark.changed_from if mark.weight == _CHANGE else None
        return _Day(mark.controller, contested, mark_days[position] in disputed_days, changed_from, mark.reported is not None)

    segments: list[tuple[date, _Day | None]] = [(day, state_on(day)) for day in ordered]
    periods: list[dict] = []
    ids_by_day: dict[date, list[str]] = defaultdict(list)
    reported_on: dict[date, date] = {}
    for day in mark_days:
        for mark in by_day[day]:
            ids_by_day[day].extend(mark.ids)
            if mark.reported is not None:
                reported_on[day] = mark.reported
    for first, _, event_id in contests:
        ids_by_day[first].append(event_id)
    report_days = sorted(ids_by_day)
    for day, state in segments:
        if state is None:
            if periods and periods[-1]["end"] is None:
                periods[-1]["end"] = day - timedelta(days=1)
            continue
        same = (
            periods
            and periods[-1]["end"] is None
            and periods[-1]["controller"] == state.controller
            and periods[-1]["contested"] == state.contested
            and periods[-1]["disputed"] == state.disputed
            and periods[-1]["carried_back"] == state.carried_back
            and (state.changed_from is None or periods[-1]["changed_from"] == state.changed_from)
        )
        if same:
            continue
        if periods and periods[-1]["end"] is None:
            periods[-1]["end"] = day - timedelta(days=1)
        periods.append(
            {
                "controller": state.controller,
                "contested": state.contested,
                "disputed": state.disputed,
                "changed_from": state.changed_from,
                "carried_back": state.carried_back,
                "start": day,
                "end": None,
            }
        )
    places = {"event": events[0] if events else None, "state": states[0] if states else None}
    origin = places["event"] or places["state"]
    result = []
    for period in periods:
        end = period["end"]
        inside = report_days[bisect.bisect_left(report_days, period["start"]) : bisect.bisect_right(report_days, end) if end else len(report_days)]
        # each id once, in report order (a dict, not `in` on a list: 32k reports at one town stay linear)
        ids = list(dict.fromkeys(event_id for day in inside for event_id in ids_by_day[day]))
        if not ids:
            # a period that only continues an earlier report: name the report it rests on
            earlier = report_days[: bisect.bisect_right(report_days, period["start"])]
            ids = list(dict.fromkeys(ids_by_day[earlier[-1]])) if earlier else []
        result.append(
            ControlPeriod(
                place_id=origin.place_id,
                place=origin.place,
                latitude=origin.latitude,
                longitude=origin.longitude,
                country_code=origin.country_code,
                controller=period["controller"],
                contested=period["contested"],
                start=period["start"],
                end=end,
                event_ids=tuple(ids),
                last_report=max(reported_on.get(day, day) for day in inside) if inside else period["start"],
                disputed=period["disputed"],
                changed_from=period["changed_from"],
                carried_back=period["carried_back"],
            )
        )
    return result


@dataclass(frozen=True)
class ControlState:
    """A place's state on one day: the period in force and when its holder took over."""

    period: ControlPeriod
    controller_since: date


class ControlIndex:
    """Periods indexed by place: the one answer to "who held what on day D".

    The CLI's ``control`` command, the dashboard and the exports all ask it.

    >>> ControlIndex([]).on(date(2017, 9, 25))
    []
    """

    def __init__(self, periods: list[ControlPeriod]):
        grouped: dict[str, list[ControlPeriod]] = defaultdict(list)
        for period in periods:
            grouped[period.place_id].append(period)
        self._places = {place_id: sorted(items, key=lambda period: period.start) for place_id, items in grouped.items()}
        self._starts = {place_id: [period.start for period in items] for place_id, items in self._places.items()}

    def state(self, place_id: str, day: date) -> ControlState | None:
        """The state of one place on ``day`` (None when nothing is known then)."""
        periods = self._places.get(place_id)
        if not periods:
            return None
        index = bisect.bisect_right(self._starts[place_id], day) - 1
        if index < 0:
            return None
        period = periods[index]
        if period.end is not None and day > period.end:
            return None
        since = period.start
        back = index - 1
        while back >= 0 and periods[back].controller == period.controller and periods[back].end is not None and periods[back].end + timedelta(days=1) >= since:
            since = periods[back].start
            back -= 1
        return ControlState(period, since)

    def on(self, day: date) -> list[ControlState]:
        """Every place whose controller is known on ``day``."""
        states = [self.state(place_id, day) for place_id in self._places]
        return [state for state in states if state is not None]

    def history(self, place_id: str) -> list[ControlPeriod]:
        """All periods of one place, oldest first."""
        return list(self._places.get(place_id, ()))


def holders_on(periods: list[ControlPeriod], day: date) -> list[ControlState]:
    """Who held what on ``day``: the function the CLI, the dashboard and the exports share.

    >>> holders_on([], date(2017, 9, 25))
    []
    """
    return ControlIndex(periods).on(day)
