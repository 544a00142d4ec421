"""The control timeline: who held each town, day by day, and which reports say so.

Events carry three kinds of evidence about a settlement (exact location only):

* a **change** of controller (``controller_after``), over the event's window;
* a **holder** the report implies at that moment (``controller_before``: "an
  assault on the IS-held town"; for a capture, the day before it);
* **contest**: fighting there (``contested``).

Reports of one change merge: an exact date inside a vague report's window wins,
two vague windows shrink to their overlap. A vague change takes effect at the end
of its window (the day by which it surely happened); until then the place is
shown contested under its previous holder. Nothing is known before the first
report: no period is invented.

>>> from datetime import date
>>> from geo.records import Event
>>> def ev(i, d, after="", before="", contested=False, end=None):
...     return Event(i, d, end or d, "day", "Rawa", "p", 34.5, 41.9, "IQ", 1, "Battles", "", "", "", before, after, contested, "s", d, "")
>>> periods = control_periods([ev("a", date(2017, 10, 26), before="Islamic State", contested=True),
...                            ev("b", date(2017, 11, 1), after="Iraqi government", end=date(2017, 11, 24))])
>>> [(p.controller, p.contested, p.start.isoformat()) for p in periods]
[('Islamic State', True, '2017-10-26'), ('Iraqi government', False, '2017-11-24')]
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from .records import CONTROLLERS, WHERE_EXACT, ControlPeriod, Event

_ORDER = {"holder": 0, "contest": 1, "change": 2}


@dataclass
class _Change:
    controller: str
    start: date
    end: date
    event_ids: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.start == self.end


def _usable(event: Event) -> bool:
    return event.location_precision == WHERE_EXACT and bool(event.place_id) and event.latitude == event.latitude


def merge_changes(changes: list[_Change]) -> list[_Change]:
    """Merge reports of one change (same controller, overlapping windows).

    Exact reports are kept; a vague report joins the latest exact report of the
    same controller inside its window; vague reports that overlap shrink to the
    overlap.
    """
    exact = sorted((change for change in changes if change.exact), key=lambda change: change.start)
    vague = sorted((change for change in changes if not change.exact), key=lambda change: (change.end - change.start, change.start))
    merged_exact: list[_Change] = []
    for change in exact:
        if merged_exact and merged_exact[-1].controller == change.controller and merged_exact[-1].start == change.start:
            merged_exact[-1].event_ids.extend(change.event_ids)
        else:
            merged_exact.append(_Change(change.controller, change.start, change.end, list(change.event_ids)))
    kept_vague: list[_Change] = []
    for change in vague:
        inside = [other for other in merged_exact if other.controller == change.controller and change.start <= other.start <= change.end]
        if inside:
            inside[-1].event_ids.extend(change.event_ids)
            continue
        overlapping = [other for other in kept_vague if other.controller == change.controller and other.start <= change.end and change.start <= other.end]
        if overlapping:
            other = overlapping[0]
            other.start, other.end = max(other.start, change.start), min(other.end, change.end)
            other.event_ids.extend(change.event_ids)
            continue
        kept_vague.append(_Change(change.controller, change.start, change.end, list(change.event_ids)))
    return sorted(merged_exact + kept_vague, key=lambda change: (change.end, change.start))


def control_periods(events: list[Event]) -> list[ControlPeriod]:
    """The control periods of every settlement named with an exact location."""
    by_place: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if _usable(event):
            by_place[event.place_id].append(event)
    periods: list[ControlPeriod] = []
    for place_id in sorted(by_place):
        periods.extend(_place_periods(by_place[place_id]))
    return periods


def _place_periods(events: list[Event]) -> list[ControlPeriod]:
    first = events[0]
    changes = [_Change(event.controller_after, event.event_date, event.date_end, [event.event_id]) for event in events if event.controller_after in CONTROLLERS]
    steps: list[tuple[date, int, str, str, str]] = []  # (day, order, kind, controller, event_id)
    for change in merge_changes(changes):
        if not change.exact:
            steps.append((change.start, _ORDER["contest"], "window", change.controller, change.event_ids[0]))
        steps.append((change.end, _ORDER["change"], "change", change.controller, ";".join(change.event_ids)))
    for event in events:
        when = event.date_end if event.date_end != event.event_date else event.event_date
        if event.controller_before in CONTROLLERS:
            exact = event.date_end == event.event_date
            day = (event.event_date - timedelta(days=1) if exact else event.event_date) if event.controller_after else when
            steps.append((day, _ORDER["holder"], "holder", event.controller_before, event.event_id))
        if event.contested and not event.controller_after or event.contested and event.controller_after and event.controller_after == event.controller_before:
            steps.append((when, _ORDER["contest"], "contest", "", event.event_id))
    steps.sort(key=lambda step: (step[0], step[1], step[4]))
    controller, contested = "", False
    by_day: dict[date, dict] = {}
    for day, _, kind, who, event_id in steps:
        if kind == "holder" and who != controller:
            controller, contested = who, contested if not controller else False
        elif kind == "contest":
            contested = True
        elif kind == "window" and controller and controller != who:
            contested = True  # changing hands some time in this window
        elif kind == "change" and who != controller:
            controller, contested = who, False
        today = by_day.setdefault(day, {"event_ids": []})
        today.update(controller=controller, contested=contested)
        today["event_ids"].extend(part for part in event_id.split(";") if part not in today["event_ids"])
    periods: list[dict] = []
    for day in sorted(by_day):
        state = by_day[day]
        if not state["controller"]:
            continue
        if periods and periods[-1]["controller"] == state["controller"] and periods[-1]["contested"] == state["contested"]:
            periods[-1]["event_ids"].extend(i for i in state["event_ids"] if i not in periods[-1]["event_ids"])
            periods[-1]["last_report"] = day
            continue
        if periods:
            periods[-1]["end"] = day - timedelta(days=1)
        periods.append(
            {
                "controller": state["controller"],
                "contested": state["contested"],
                "start": day,
                "end": None,
                "event_ids": list(state["event_ids"]),
                "last_report": day,
            }
        )
    return [
        ControlPeriod(
            place_id=first.place_id,
            place=first.place,
            latitude=first.latitude,
            longitude=first.longitude,
            country_code=first.country_code,
            controller=period["controller"],
            contested=period["contested"],
            start=period["start"],
            end=period["end"],
            event_ids=tuple(period["event_ids"]),
            last_report=period["last_report"],
        )
        for period in periods
    ]


@dataclass(frozen=True)
class ControlState:
    """A place's state on one day: the period in force and when its holder took over."""

    period: ControlPeriod
    controller_since: date


class ControlIndex:
    """Periods indexed by place for fast "who held what on day D" queries.

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
