"""The yardstick: a build scored against a hand-labelled evaluation set.

An evaluation set is a folder laid out as ``articles/`` (the texts and their
``sources.csv``), ``gold_control.csv`` (probes: town, date, controller,
contested), ``gold_events.csv`` (ACLED-typed events with a date precision) and
``gold_places.csv`` (the probed towns, their aliases and coordinates). The CLI
(``python -m geo evaluate --set DIR``) reads the files and builds the articles;
everything here is pure: gold rows in, frozen records out.

Rules (each is one function below):

* **Town matching** (:func:`town_places`): a built place stands for a gold town
  when one of its names (the place's name or any of its mention forms) has the
  :func:`geo.names.translit_key` of the gold name or an alias; otherwise when it
  lies within ``PROXIMITY_KM`` of the gold coordinates and none of its names is
  another gold town's (two towns a few km apart stay two towns). Areas
  (provinces, regions, countries) never stand for a town.
* **Probes** (:func:`score_probes`): who held what on the day comes from
  :class:`geo.control.ControlIndex` (the function ``python -m geo control``
  uses). No state for the town is *unknown*; every matched state giving the
  gold controller is *right*; anything else is *wrong*. The contested flag is
  scored only where the gold states it and the controller is right.
* **Events** (:func:`match_events`): an extracted event matches a gold event of
  the same file, town and ACLED ``event_type`` when its window
  ``event_date..date_end`` overlaps the gold precision window (day: the day;
  week: the 7 days ending on the gold date; month, year: the calendar month or
  year). Matching is one-to-one and of maximum size (augmenting paths), pairs
  that also agree on the sub-event type being tried first.
* **Dates** (:func:`score_dates`): the date each article gets when its
  ``sources.csv`` date is blanked, against that date: equal, wrong or none.

Every article event counts as extracted, whatever its location precision (an
event "near" a town is scored as at that town); an event at an area matches no
gold event.

Agreement with ``shared/tools/realtext_check.py`` (the independent scorer, which
drives the CLI): on the development set both give 32 of 84 probes right, 29
wrong, 23 unknown, contested right on 6 of 9, and 43 of 81 dates read, 0 wrong
(2026-12-01); the verdicts agree probe by probe. The two differ by
construction, without changing those figures today: the checker matches only
the control row's display name with its own spelling key, we match the name
and every mention form with :func:`geo.names.translit_key` (which also drops a
trailing article: a mention written "Daraa al" is Daraa here and nothing
there); the checker does not exclude areas. Its proximity test reads the
coordinates the CLI prints; we read the same periods back from ``control.csv``.
The checker scores no events, so the event figures have no second opinion.

>>> from datetime import date
>>> precision_window(GoldEvent("a.txt", "Hit", date(2016, 4, 14), "week", "Battles"))
(datetime.date(2016, 4, 8), datetime.date(2016, 4, 14))
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .control import ControlIndex
from .errors import InputError
from .names import translit_key
from .places import PlaceRow
from .records import AREA_KINDS, MONTH, PRECISIONS, WEEK, YEAR, Article, ControlPeriod, Event

PROXIMITY_KM = 5.0  # a built place this close to a gold town's coordinates stands for it
RIGHT, WRONG, UNKNOWN = "right", "wrong", "unknown"
EQUAL, NONE = "equal", "none"

GOLD_PLACE_COLUMNS = ("name", "latitude", "longitude", "country", "aliases", "kind")
GOLD_CONTROL_COLUMNS = ("town", "date", "controller", "contested", "source_file", "evidence")
GOLD_EVENT_COLUMNS = ("source_file", "town", "date", "date_precision", "event_type", "sub_event_type", "evidence")


# --- gold records -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPlace:
    """A probed town: its name, aliases and coordinates (NaN when unknown)."""

    name: str
    latitude: float = math.nan
    longitude: float = math.nan
    country: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = "town"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True)
class GoldProbe:
    """Who held ``town`` on ``day``; ``contested`` is None where the gold does not say."""

    town: str
    day: date
    controller: str
    contested: bool | None = None
    source_files: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True)
class GoldEvent:
    """An event the text reports; ``day`` is read with ``precision`` (see :func:`precision_window`)."""

    source_file: str
    town: str
    day: date
    precision: str
    event_type: str
    sub_event_type: str = ""
    actor1: str = ""
    actor2: str = ""
    controller_after: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class GoldSet:
    """The gold of one evaluation set, and the publication dates of its ``sources.csv``."""

    places: tuple[GoldPlace, ...]
    probes: tuple[GoldProbe, ...]
    events: tuple[GoldEvent, ...]
    published: Mapping[str, date] = field(default_factory=dict)


def _cell(row: Mapping[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _day(value: str, where: str, column: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(where, f"{column} {value!r} is not a YYYY-MM-DD date; fix the gold row") from None


def _float(value: str, where: str, column: str) -> float:
    if not value:
        return math.nan
    try:
        return float(value)
    except ValueError:
        raise InputError(where, f"{column} {value!r} is not a number; fix the gold row") from None


def _flag(value: str, where: str) -> bool | None:
    folded = value.casefold()
    if not folded:
        return None
    if folded in ("true", "false"):
        return folded == "true"
    raise InputError(where, f"contested {value!r} is neither true, false nor blank; fix the gold row")


def gold_places(rows: Iterable[Mapping[str, str]], where: str = "gold_places.csv") -> tuple[GoldPlace, ...]:
    """Gold places from ``gold_places.csv`` rows (aliases separated by ``;``).

    >>> gold_places([{"name": "Hit", "latitude": "33.6", "longitude": "42.8", "aliases": "Heet;Hit"}])[0].names
    ('Hit', 'Heet')
    """
    places = []
    for number, row in enumerate(rows, start=2):
        at = f"{where}:{number}"
        if not _cell(row, "name"):
            raise InputError(at, "name is blank; every gold place needs a name")
        places.append(
            GoldPlace(
                name=_cell(row, "name"),
                latitude=_float(_cell(row, "latitude"), at, "latitude"),
                longitude=_float(_cell(row, "longitude"), at, "longitude"),
                country=_cell(row, "country"),
                aliases=tuple(alias.strip() for alias in _cell(row, "aliases").split(";") if alias.strip()),
                kind=_cell(row, "kind") or "town",
            )
        )
    return tuple(places)


def gold_probes(rows: Iterable[Mapping[str, str]], where: str = "gold_control.csv") -> tuple[GoldProbe, ...]:
    """Control probes from ``gold_control.csv`` rows (source files separated by ``;``)."""
    probes = []
    for number, row in enumerate(rows, start=2):
        at = f"{where}:{number}"
        probes.append(
            GoldProbe(
                town=_cell(row, "town"),
                day=_day(_cell(row, "date"), at, "date"),
                controller=_cell(row, "controller"),
                contested=_flag(_cell(row, "contested"), at),
                source_files=tuple(part.strip() for part in _cell(row, "source_file").split(";") if part.strip()),
                evidence=_cell(row, "evidence"),
            )
        )
    return tuple(probes)


def gold_events(rows: Iterable[Mapping[str, str]], where: str = "gold_events.csv") -> tuple[GoldEvent, ...]:
    """Gold events from ``gold_events.csv`` rows."""
    events = []
    for number, row in enumerate(rows, start=2):
        at = f"{where}:{number}"
        precision = _cell(row, "date_precision")
        if precision not in PRECISIONS:
            raise InputError(at, f"date_precision {precision!r} is not one of {', '.join(PRECISIONS)}; fix the gold row")
        events.append(
            GoldEvent(
                source_file=_cell(row, "source_file"),
                town=_cell(row, "town"),
                day=_day(_cell(row, "date"), at, "date"),
                precision=precision,
                event_type=_cell(row, "event_type"),
                sub_event_type=_cell(row, "sub_event_type"),
                actor1=_cell(row, "actor1"),
                actor2=_cell(row, "actor2"),
                controller_after=_cell(row, "controller_after"),
                evidence=_cell(row, "evidence"),
            )
        )
    return tuple(events)


# --- towns -----------------------------------------------------------------------------------


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (NaN when a coordinate is missing).

    >>> round(km(36.0, 43.0, 36.0, 43.1), 1)
    9.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Towns:
    """The gold towns by spelling key; events may name towns no gold place lists."""

    places: Mapping[str, GoldPlace]
    keys: Mapping[str, frozenset[str]]

    @staticmethod
    def of(places: Iterable[GoldPlace]) -> Towns:
        by_name = {place.name: place for place in places}
        return Towns(by_name, {name: frozenset(translit_key(n) for n in place.names) - {""} for name, place in by_name.items()})

    def keys_of(self, town: str) -> frozenset[str]:
        return self.keys.get(town) or frozenset({translit_key(town)}) - {""}

    def owners(self, names: Iterable[str]) -> set[str]:
        """The gold towns one of these names spells."""
        wanted = {translit_key(name) for name in names}
        return {town for town, keys in self.keys.items() if keys & wanted}


def place_names(place: PlaceRow | None, fallback: str) -> tuple[str, ...]:
    """A built place's name and every form the articles wrote it in."""
    if place is None:
        return (fallback,)
    return tuple(dict.fromkeys((place.place, *place.mentions)))


def stands_for(town: str, towns: Towns, names: Sequence[str], latitude: float, longitude: float, kind: str = "") -> str:
    """``"name"`` or ``"proximity"`` when a built place stands for the gold town, else ``""``.

    >>> towns = Towns.of([GoldPlace("Hit", 33.64, 42.83, aliases=("Heet",)), GoldPlace("Kubaysah", 33.59, 42.60)])
    >>> stands_for("Hit", towns, ["Heet"], 0.0, 0.0), stands_for("Hit", towns, ["Old Hit"], 33.65, 42.84)
    ('name', 'proximity')
    >>> stands_for("Hit", towns, ["Kubaysah"], 33.64, 42.83)
    ''
    """
    if kind in AREA_KINDS:
        return ""
    keys = {translit_key(name) for name in names}
    if towns.keys_of(town) & keys:
        return "name"
    gold = towns.places.get(town)
    if gold is None or math.isnan(gold.latitude) or towns.owners(names):
        return ""
    distance = km(gold.latitude, gold.longitude, latitude, longitude)
    return "proximity" if distance <= PROXIMITY_KM else ""


def town_places(town: str, towns: Towns, places: Iterable[PlaceRow]) -> list[tuple[PlaceRow, str]]:
    """The built places standing for a gold town, each with how it matched."""
    found = []
    for place in places:
        how = stands_for(town, towns, place_names(place, place.place), place.latitude, place.longitude, place.kind)
        if how:
            found.append((place, how))
    return found


# --- probes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """An extracted event cited behind a built state or a miss."""

    event_id: str
    day: date
    source: str
    place: str
    quote: str
    rule: str = ""


@dataclass(frozen=True)
class BuiltState:
    """One built place's state on the probe day."""

    place: str
    place_id: str
    controller: str
    contested: bool
    since: date
    matched_by: str
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProbeResult:
    """A probe's verdict with the states and the events behind it."""

    probe: GoldProbe
    verdict: str
    states: tuple[BuiltState, ...] = ()
    contested_right: bool | None = None  # None: not scored (gold silent or controller not right)
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()


def same_controller(one: str, other: str) -> bool:
    return one.strip().casefold() == other.strip().casefold()


def event_rule(event: Event) -> str:
    """The rule that made an event: its ``rule`` field when the records have one, else its notes."""
    return str(getattr(event, "rule", "") or event.notes or "")


def _evidence(event: Event) -> Evidence:
    return Evidence(event.event_id, event.event_date, event.source, event.place, event.quote, event_rule(event))


def _unknown_reason(town: str, day: date, mine: list[tuple[PlaceRow, str]], events: Sequence[Event]) -> tuple[str, tuple[Evidence, ...]]:
    if not mine:
        return "not among the build's places (name unresolved or never extracted)", ()
    ids = {place.place_id for place, _ in mine}
    there = [event for event in events if event.place_id in ids]
    cited = tuple(_evidence(event) for event in there)
    if not there:
        return f"placed ({', '.join(place.place for place, _ in mine)}), but no event there", ()
    stating = [event for event in there if event.controller_after or event.controller_before]
    if not stating:
        return f"placed, {len(there)} event(s), none stating a controller", cited
    if all(event.event_date > day for event in stating):
        dates = ", ".join(sorted({event.event_date.isoformat() for event in stating}))
        return f"placed; a controller is stated only by events dated after {day} ({dates})", cited
    return "placed; events stating a controller exist before the date but no period covers it", cited


def score_probes(
    probes: Sequence[GoldProbe],
    towns: Towns,
    places: Sequence[PlaceRow],
    periods: Sequence[ControlPeriod],
    events: Sequence[Event],
) -> tuple[ProbeResult, ...]:
    """Each probe against the build's control on its day (``ControlIndex(periods).on``)."""
    index = ControlIndex(list(periods))
    by_id = {place.place_id: place for place in places}
    events_by_id = {event.event_id: event for event in events}
    results = []
    cache: dict[date, list] = {}
    for probe in probes:
        if probe.day not in cache:
            cache[probe.day] = index.on(probe.day)
        states = []
        for state in cache[probe.day]:
            period = state.period
            place = by_id.get(period.place_id)
            how = stands_for(probe.town, towns, place_names(place, period.place), period.latitude, period.longitude, place.kind if place else "")
            if how:
                states.append(BuiltState(period.place, period.place_id, period.controller, period.contested, state.controller_since, how, period.event_ids))
        if not states:
            reason, cited = _unknown_reason(probe.town, probe.day, town_places(probe.town, towns, places), events)
            results.append(ProbeResult(probe, UNKNOWN, (), None, reason, cited))
            continue
        right = all(same_controller(state.controller, probe.controller) for state in states)
        contested = None
        if right and probe.contested is not None:
            contested = all(state.contested == probe.contested for state in states)
        cited = tuple(_evidence(events_by_id[i]) for state in states for i in state.event_ids if i in events_by_id)
        results.append(ProbeResult(probe, RIGHT if right else WRONG, tuple(states), contested, "", cited))
    return tuple(results)


# --- events ----------------------------------------------------------------------------------


def precision_window(gold: GoldEvent) -> tuple[date, date]:
    """The days a gold event's date stands for, by its precision.

    >>> from datetime import date
    >>> precision_window(GoldEvent("a", "Hit", date(2016, 2, 1), "month", "Battles"))
    (datetime.date(2016, 2, 1), datetime.date(2016, 2, 29))
    """
    day = gold.day
    if gold.precision == WEEK:
        return day - timedelta(days=6), day
    if gold.precision == MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if gold.precision == YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day  # DAY


def dates_agree(gold: GoldEvent, event: Event) -> bool:
    """The extracted window overlaps the gold precision window."""
    start, end = precision_window(gold)
    return event.event_date <= end and start <= event.date_end


@dataclass(frozen=True)
class EventMatch:
    gold: GoldEvent
    event: Event
    sub_event_agrees: bool


@dataclass(frozen=True)
class EventScore:
    """Matched pairs, extracted events no gold event matches, gold events never found."""

    matches: tuple[EventMatch, ...]
    false: tuple[Event, ...]
    missed: tuple[GoldEvent, ...]

    @property
    def precision(self) -> float:
        extracted = len(self.matches) + len(self.false)
        return len(self.matches) / extracted if extracted else 0.0

    @property
    def recall(self) -> float:
        gold = len(self.matches) + len(self.missed)
        return len(self.matches) / gold if gold else 0.0

    @property
    def sub_event_agreement(self) -> int:
        return sum(1 for match in self.matches if match.sub_event_agrees)


def candidates(gold: GoldEvent, event: Event, towns: Towns, place: PlaceRow | None) -> bool:
    """Whether an extracted event may match a gold event (file, type, date window, town)."""
    return (
        event.source == gold.source_file
        and event.event_type == gold.event_type
        and dates_agree(gold, event)
        and bool(stands_for(gold.town, towns, place_names(place, event.place), event.latitude, event.longitude, place.kind if place else ""))
    )


def _maximum_matching(edges: dict[int, list[int]], order: Callable[[int, int], int]) -> dict[int, int]:
    """Kuhn's augmenting paths: gold index -> event index, of maximum size."""
    owner: dict[int, int] = {}

    def augment(gold: int, seen: set[int]) -> bool:
        for event in sorted(edges[gold], key=lambda other: order(gold, other)):
            if event in seen:
                continue
            seen.add(event)
            if event not in owner or augment(owner[event], seen):
                owner[event] = gold
                return True
        return False

    for gold in sorted(edges):
        augment(gold, set())
    return {gold: event for event, gold in owner.items()}


def match_events(gold: Sequence[GoldEvent], events: Sequence[Event], towns: Towns, places: Sequence[PlaceRow]) -> EventScore:
    """One-to-one, maximum matching of gold to extracted events (see the module's rules)."""
    by_id = {place.place_id: place for place in places}
    by_file: dict[str, list[int]] = defaultdict(list)
    for number, event in enumerate(events):
        by_file[event.source].append(number)
    edges: dict[int, list[int]] = {}
    for number, item in enumerate(gold):
        edges[number] = [other for other in by_file.get(item.source_file, ()) if candidates(item, events[other], towns, by_id.get(events[other].place_id))]

    def order(g: int, e: int) -> int:
        return 0 if events[e].sub_event_type == gold[g].sub_event_type else 1

    pairs = _maximum_matching(edges, order)
    matched_events = set(pairs.values())
    matches = tuple(EventMatch(gold[g], events[e], events[e].sub_event_type == gold[g].sub_event_type) for g, e in sorted(pairs.items()))
    false = tuple(event for number, event in enumerate(events) if number not in matched_events)
    missed = tuple(item for number, item in enumerate(gold) if number not in pairs)
    return EventScore(matches, false, missed)


# --- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateResult:
    """The date an article got from its text alone, against ``sources.csv``."""

    file: str
    expected: date
    read: date | None
    verdict: str


def score_dates(expected: Mapping[str, date], articles: Iterable[Article]) -> tuple[DateResult, ...]:
    """Compare the dates of articles built without ``sources.csv`` dates with those dates.

    >>> from datetime import date
    >>> [r.verdict for r in score_dates({"a.txt": date(2017, 3, 2), "b.txt": date(2017, 3, 3)}, [])]
    ['none', 'none']
    """
    read = {article.source: article.published for article in articles}
    results = []
    for file in sorted(expected):
        got = read.get(file)
        verdict = NONE if got is None else EQUAL if got == expected[file] else WRONG
        results.append(DateResult(file, expected[file], got, verdict))
    return tuple(results)


# --- the score -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Everything the yardstick measures on one set."""

    probes: tuple[ProbeResult, ...]
    events: EventScore
    dates: tuple[DateResult, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for result in self.probes if result.verdict == verdict)

    def dates_count(self, verdict: str) -> int:
        return sum(1 for result in self.dates if result.verdict == verdict)

    def summary(self) -> dict:
        """Machine-readable figures (``--json``)."""
        contested = [result.contested_right for result in self.probes if result.contested_right is not None]
        return {
            "probes": {
                "total": len(self.probes),
                "right": self.count(RIGHT),
                "wrong": self.count(WRONG),
                "unknown": self.count(UNKNOWN),
                "contested_stated": sum(1 for result in self.probes if result.probe.contested is not None),
                "contested_scored": len(contested),
                "contested_right": sum(contested),
            },
            "events": {
                "gold": len(self.events.matches) + len(self.events.missed),
                "extracted": len(self.events.matches) + len(self.events.false),
                "matched": len(self.events.matches),
                "precision": round(self.events.precision, 4),
                "recall": round(self.events.recall, 4),
                "sub_event_agree": self.events.sub_event_agreement,
            },
            "dates": {"total": len(self.dates), "equal": self.dates_count(EQUAL), "wrong": self.dates_count(WRONG), "none": self.dates_count(NONE)},
        }

    def summary_line(self) -> str:
        figures = self.summary()
        probes, events, dates = figures["probes"], figures["events"], figures["dates"]
        return (
            f"probes {probes['right']}/{probes['total']} right, {probes['wrong']} wrong, {probes['unknown']} unknown "
            f"(contested {probes['contested_right']}/{probes['contested_scored']}); "
            f"events precision {events['precision']:.1%} recall {events['recall']:.1%} "
            f"({events['matched']} of {events['extracted']} extracted, {events['gold']} gold; sub-event type {events['sub_event_agree']}/{events['matched']}); "
            f"dates {dates['equal']}/{dates['total']} read, {dates['wrong']} wrong, {dates['none']} none"
        )


def evaluate(
    gold: GoldSet,
    places: Sequence[PlaceRow],
    events: Sequence[Event],
    periods: Sequence[ControlPeriod],
    undated_articles: Iterable[Article],
) -> Score:
    """Score a build (its places, events and control periods) and the articles of a rebuild without dates."""
    towns = Towns.of(gold.places)
    article_events = [event for event in events if event.origin == "article"]
    return Score(
        probes=score_probes(gold.probes, towns, places, periods, article_events),
        events=match_events(gold.events, article_events, towns, places),
        dates=score_dates(gold.published, undated_articles),
    )


def _quote(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cite(item: Evidence) -> str:
    rule = f" [rule: {_quote(item.rule, 80)}]" if item.rule else ""
    return f"      {item.event_id} {item.day} {item.place} ({item.source}): {_quote(item.quote)}{rule}"


def report_lines(score: Score, verbose: bool = False) -> list[str]:
    """The human report: probes, events, dates, every miss with its sentence; the summary last."""
    lines = [f"control probes ({len(score.probes)}):"]
    for result in score.probes:
        if result.verdict == RIGHT and not verbose:
            continue
        probe = result.probe
        wanted = probe.controller + ("" if probe.contested is None else f" contested={str(probe.contested).lower()}")
        if result.states:
            got = "; ".join(
                f"{state.place}={state.controller} contested={str(state.contested).lower()} since {state.since}"
                + (" [by proximity]" if state.matched_by == "proximity" else "")
                for state in result.states
            )
        else:
            got = result.reason
        flag = "" if result.contested_right is None else ("  contested right" if result.contested_right else "  contested WRONG")
        lines.append(f"  {result.verdict.upper():7} {probe.day} {probe.town}: want {wanted} | got {got}{flag}")
        if result.verdict != RIGHT:
            lines.extend(_cite(item) for item in result.evidence)
    contested = [result for result in score.probes if result.contested_right is not None]
    right = sum(1 for result in contested if result.contested_right)
    lines.append(f"  contested flag right on {right} of {len(contested)} probes whose controller is right and whose gold states it")
    events = score.events
    lines.append(
        f"events: {len(events.matches)} matched of {len(events.matches) + len(events.false)} extracted and "
        f"{len(events.matches) + len(events.missed)} gold; sub-event type agrees on {events.sub_event_agreement}"
    )
    for event in events.false:
        rule = event_rule(event)
        lines.append(
            f"  FALSE   {event.event_id} {event.event_date}..{event.date_end} {event.place} {event.event_type} / {event.sub_event_type} "
            f"({event.source}): {_quote(event.quote)}" + (f" [rule: {_quote(rule, 80)}]" if rule else "")
        )
    for gold in events.missed:
        lines.append(
            f"  MISSED  {gold.source_file} {gold.day} ({gold.precision}) {gold.town} {gold.event_type} / {gold.sub_event_type}: {_quote(gold.evidence)}"
        )
    for match in events.matches:
        if not match.sub_event_agrees or verbose:
            lines.append(
                f"  {'MATCH' if match.sub_event_agrees else 'SUBTYPE':7} {match.event.event_id} {match.gold.town} {match.gold.day}: "
                f"gold {match.gold.sub_event_type}, built {match.event.sub_event_type}"
            )
    lines.append(f"dates read from the text alone ({len(score.dates)} articles with a date in sources.csv):")
    for result in score.dates:
        if result.verdict != EQUAL or verbose:
            lines.append(f"  {result.verdict.upper():7} {result.file}: sources.csv {result.expected}, text {result.read or '-'}")
    lines.append(score.summary_line())
    return lines
