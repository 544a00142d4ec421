"""Placing names: candidates from the gazetteer, chosen in context.

A name is resolved with the other places of the same article (shared country
and province, distance to them: the CLAVIN/CLIFF recipe), then the theatre
prior (Iraq and Syria first), then population, being a known town and the number
of spellings. Every choice carries its score, the reasons, the runner-up more than
25 km away and the margin over it, so an analyst can see why Riyadh in a Hawija
story is the village 14 km away and not the Saudi capital; a name whose far-apart
namesakes nothing tells apart is left unplaced and reported as ambiguous.

:class:`GazetteerGeocoder` wraps it all as a geopy geocoder.

>>> from geo.gazetteer import load_gazetteer
>>> choice = resolve_names(["Hawija", "Riyadh", "Al-Abbasi"], load_gazetteer())["Riyadh"]
>>> choice.entry.country_code, round(choice.entry.latitude, 2)
('IQ', 35.27)
>>> resolve_names(["Riyadh"], load_gazetteer())["Riyadh"].entry.country_code
'SA'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import GEONAMES_SOURCE, THEATRE, Candidate, Gazetteer, distance_km, load_gazetteer
from .geonames import MINOR_FEATURE_CODES
from .records import AREA_KINDS, COUNTRY, PROVINCE, SETTLEMENT, GazetteerEntry

MATCH_WEIGHT = 10.0
THEATRE_BONUS = 3.0
POPULATION_WEIGHT = 0.6  # per power of ten
SAME_COUNTRY_BONUS = 1.5
SAME_PROVINCE_BONUS = 2.0
PROXIMITY_BONUS = 3.0  # times exp(-km / PROXIMITY_KM)
PROXIMITY_KM = 50.0
CONTAINER_BONUS = 2.5  # the article names the candidate's province
MIN_MATCH_OUTSIDE_THEATRE = 0.95  # a fuzzy match abroad is not worth a dot on the map
MIN_MATCH = 0.78


# Two namesakes further apart than this are different places: choosing the wrong
# one draws a dot in the wrong valley. Nearer ones are the same place for the map.
AMBIGUOUS_KM = 25.0
# A choice between far-apart namesakes must win by this much (about what a
# shared province, a nearby place of the article, or ~2 orders of magnitude of
# population give); otherwise the name is left unplaced and listed as ambiguous.
MIN_MARGIN = 1.0
# Alone (no other place, no province), only the priors speak (population, being a
# known town, the number of spellings): weak evidence, so a wider lead is needed.
MIN_MARGIN_ALONE = 1.5
CURATED_BONUS = 1.0  # a hand-checked place wins over its uncurated namesakes
KNOWN_TOWN_BONUS = 1.0  # in the built-in cities500 extract
BUILT_IN_SOURCE = GEONAMES_SOURCE.split("{")[0]
NOTABILITY_WEIGHT = 0.3  # per doubling of the number of alternate names
MINOR_FEATURE_PENALTY = 1.0  # a neighbourhood, a destroyed or historical place (GeoNames PPLX, PPLW, PPLH...)


@dataclass(frozen=True)
class Choice:
    """The entry chosen for a name, with its score, the reasons and the runner-up.

    ``runner_up`` is the best candidate more than :data:`AMBIGUOUS_KM` away (None
    when every candidate is the same place), ``margin`` how far ahead the choice is.
    """

    name: str
    entry: GazetteerEntry
    score: float
    reason: str
    alternatives: int
    runner_up: GazetteerEntry | None = None
    margin: float = math.inf
    needed: float = MIN_MARGIN  # the lead a choice between far namesakes must have

    @property
    def ambiguous(self) -> bool:
        """Far-apart namesakes that nothing told apart."""
        return self.runner_up is not None and self.margin < self.needed


@dataclass(frozen=True)
class Resolution:
    """Names placed, and names left unplaced because namesakes could not be told apart."""

    chosen: dict[str, Choice]
    ambiguous: dict[str, Choice]


def _prior(candidate: Candidate) -> tuple[float, list[str]]:
    entry = candidate.entry
    score = MATCH_WEIGHT * candidate.match_score
    reasons = [candidate.how]
    if entry.country_code in THEATRE:
        score += THEATRE_BONUS
        reasons.append("in the theatre")
    if entry.population > 0:
        score += POPULATION_WEIGHT * math.log10(entry.population + 1)
        reasons.append(f"population {entry.population:,}")
    if entry.source.startswith("curated"):
        score += CURATED_BONUS
        reasons.append("curated")
    elif entry.source.startswith(BUILT_IN_SOURCE):
        # cities500 holds towns of 500 people or more and the seats of districts:
        # beside an imported dump's villages, being in it is a sign of a town.
        score += KNOWN_TOWN_BONUS
    if entry.alternate_names and entry.kind == SETTLEMENT:
        # GeoNames gives a known place many spellings and a hamlet one or none:
        # the count is a prior where population is unknown (most Syrian villages).
        score += NOTABILITY_WEIGHT * math.log2(1 + len(entry.alternate_names))
    if candidate.feature_code in MINOR_FEATURE_CODES:
        score -= MINOR_FEATURE_PENALTY
        reasons.append(f"GeoNames {candidate.feature_code}")
    return score, reasons


def _context(entry: GazetteerEntry, others: list[GazetteerEntry]) -> tuple[float, list[str]]:
    """Bonus for agreeing with the other places of the article."""
    if not others:
        return 0.0, []
    score, reasons = 0.0, []
    if any(other.country_code == entry.country_code for other in others):
        score += SAME_COUNTRY_BONUS
    provinces = [other for other in others if other.kind == PROVINCE and other.country_code == entry.country_code]
    in_named_province = bool(entry.admin1) and any(other.admin1 == entry.admin1 for other in provinces)
    if in_named_province:
        score += CONTAINER_BONUS
        reasons.append(f"in {next(o.name for o in provinces if o.admin1 == entry.admin1)} province, named in the article")
    settlements = [other for other in others if other.kind == SETTLEMENT and not math.isnan(other.latitude)]
    # One fact, counted once: a named province and a town of it both say "this province".
    if (
        not in_named_province
        and entry.admin1
        and any(other.admin1 == entry.admin1 and other.country_code == entry.country_code for other in settlements)
    ):
        score += SAME_PROVINCE_BONUS
        reasons.append("same province as another place of the article")
    if entry.kind == SETTLEMENT and settlements and not math.isnan(entry.latitude):
        nearest = min(settlements, key=lambda other: distance_km(entry.latitude, entry.longitude, other.latitude, other.longitude))
        km = distance_km(entry.latitude, entry.longitude, nearest.latitude, nearest.longitude)
        score += PROXIMITY_BONUS * math.exp(-km / PROXIMITY_KM)
        if km < 150:
            reasons.append(f"{km:.0f} km from {nearest.name}")
    return score, reasons


def _acceptable(candidate: Candidate) -> bool:
    if candidate.entry.country_code not in THEATRE:
        return candidate.match_score >= MIN_MATCH_OUTSIDE_THEATRE
    return candidate.match_score >= MIN_MATCH


def _far(one: GazetteerEntry, other: GazetteerEntry) -> bool:
    """Two candidates that are not the same place on the map."""
    if one.kind != other.kind:
        return True
    if math.isnan(one.latitude) or math.isnan(other.latitude):
        return one.place_id != other.place_id
    return distance_km(one.latitude, one.longitude, other.latitude, other.longitude) > AMBIGUOUS_KM


def _choose(name: str, scored: list, others: list[GazetteerEntry], needed: float = MIN_MARGIN) -> Choice:
    """The best candidate in context, with the far runner-up and the margin."""
    totals = []
    for candidate, prior, reasons in scored:
        bonus, why = _context(candidate.entry, others)
        totals.append((prior + bonus, candidate, reasons + why))
    totals.sort(key=lambda item: (-item[0], item[1].entry.place_id))
    best_score, best, best_reasons = totals[0]
    rivals = [item for item in totals[1:] if _far(best.entry, item[1].entry)]
    reason = "; ".join(best_reasons)
    runner_up, margin = None, math.inf
    if rivals:
        runner_score, runner, _ = rivals[0]
        runner_up, margin = runner.entry, best_score - runner_score
        reason += f"; preferred over {runner.entry.name} ({runner.entry.country_code}) by {margin:.1f}"
    elif len(totals) > 1:
        reason += f"; {len(totals) - 1} namesake(s) within {AMBIGUOUS_KM:.0f} km"
    return Choice(name, best.entry, round(best_score, 3), reason, len(scored) - 1, runner_up, round(margin, 3), needed)


def resolve_all(
    names: list[str],
    gazetteer: Gazetteer,
    countries: tuple[str, ...] | None = None,
    fuzzy: bool = True,
) -> Resolution:
    """Resolve names that appear together; say which ones could not be told apart.

    Two passes: first each name alone, then each name with the first-pass choices
    of the *other* names as context, then once more with the improved choices.
    A name whose best candidate does not beat a namesake more than 25 km away by
    :data:`MIN_MARGIN` is ambiguous: left unplaced rather than drawn maybe 300 km off.

    >>> from geo.gazetteer import load_gazetteer
    >>> resolve_all(["Hawija", "Riyadh"], load_gazetteer()).chosen["Riyadh"].runner_up.country_code
    'SA'
    """
    unique = list(dict.fromkeys(name for name in names if name.strip()))
    candidates = {name: [c for c in gazetteer.candidates(name, countries, fuzzy=fuzzy) if _acceptable(c)] for name in unique}
    priors = {name: [(c, *_prior(c)) for c in found] for name, found in candidates.items() if found}
    needed = MIN_MARGIN if len(unique) > 1 else MIN_MARGIN_ALONE
    chosen = {name: _choose(name, scored, [], needed) for name, scored in priors.items()}
    for _ in range(2):
        updated: dict[str, Choice] = {}
        for name, scored in priors.items():
            # An ambiguous name is weak context: it does not pull others its way.
            others = [
                choice.entry for other, choice in chosen.items() if other != name and choice.entry.kind != COUNTRY and not choice.ambiguous
            ]
            updated[name] = _choose(name, scored, others, needed)
        chosen = updated
    # A small place abroad, in a country the article never names and far from
    # everything it names, is a spelling coincidence ("Al-Shaafah" by Hajin is
    # not the Saudi town; Ceyhan in a story that names Turkey is Ceyhan).
    theatre = [choice.entry for choice in chosen.values() if choice.entry.country_code in THEATRE and choice.entry.kind == SETTLEMENT]
    named_countries = {choice.entry.country_code for choice in chosen.values() if choice.entry.kind == COUNTRY}
    for name, choice in list(chosen.items()):
        entry = choice.entry
        if (
            entry.country_code in THEATRE
            or entry.country_code in named_countries
            or entry.kind != SETTLEMENT
            or entry.population >= 100_000
            or not theatre
            or math.isnan(entry.latitude)
        ):
            continue
        if min(distance_km(entry.latitude, entry.longitude, other.latitude, other.longitude) for other in theatre) > 300:
            del chosen[name]
    ambiguous = {name: choice for name, choice in chosen.items() if choice.ambiguous}
    return Resolution({name: choice for name, choice in chosen.items() if not choice.ambiguous}, ambiguous)


def resolve_names(
    names: list[str],
    gazetteer: Gazetteer,
    countries: tuple[str, ...] | None = None,
    fuzzy: bool = True,
) -> dict[str, Choice]:
    """Resolve names that appear together; unresolved and ambiguous names are left out (see :func:`resolve_all`)."""
    return resolve_all(names, gazetteer, countries, fuzzy).chosen


def label_alternatives(name: str) -> list[str]:
    """Spellings in one label: "Tadmur/Palmyra" -> both; "Tall Zurayq (Tell Zreik)" -> both.

    >>> label_alternatives("Maar Tahroma/Maarat Hurmah")
    ['Maar Tahroma', 'Maarat Hurmah']
    """
    return [part.strip() for part in re.split(r"\s*/\s*|\s+\(|\)", name) if part.strip()] or [name]


def place_alone(name: str, gazetteer: Gazetteer, countries: tuple[str, ...] | None = None) -> tuple[Choice | None, Choice | None]:
    """A name with no context: (choice, None), (None, the ambiguous choice) or (None, None).

    Each spelling of the label is tried in turn (see :func:`label_alternatives`).
    """
    ambiguous = None
    for spelling in label_alternatives(name):
        resolution = resolve_all([spelling], gazetteer, countries)
        choice = resolution.chosen.get(spelling)
        if choice is not None:
            return choice, None
        ambiguous = ambiguous or resolution.ambiguous.get(spelling)
    return None, ambiguous


@dataclass(frozen=True)
class UnplacedName:
    """A name the build could not place: in no gazetteer, or namesakes nothing told apart.

    >>> summarise_unplaced([("Xyz", "unresolved", "Fighting in Xyz.", "a.txt"), ("Xyz", "unresolved", "Later.", "b.txt")])[0].count
    2
    """

    name: str
    status: str  # "unresolved" or "ambiguous"
    count: int
    example: str  # the first sentence that names it
    source: str  # the article of that sentence
    candidates: str = ""  # for an ambiguous name: the namesakes it hesitated between


def ambiguity_note(choice: Choice) -> str:
    """ "Hawijah (IQ, admin1 10) or Al Hawijah (IQ, admin1 13), 180 km apart" for an ambiguous choice."""
    if choice.runner_up is None:
        return ""
    one, other = choice.entry, choice.runner_up
    km = distance_km(one.latitude, one.longitude, other.latitude, other.longitude) if not (math.isnan(one.latitude) or math.isnan(other.latitude)) else math.nan
    apart = f", {km:.0f} km apart" if km == km else ""
    return f"{one.name} ({one.country_code} {one.admin1}) or {other.name} ({other.country_code} {other.admin1}){apart}"


def summarise_unplaced(items: list[tuple[str, str, str, str]] | tuple = (), notes: dict[str, str] | None = None) -> tuple[UnplacedName, ...]:
    """(name, status, sentence, source) items as one row per name and status, most frequent first."""
    rows: dict[tuple[str, str], list] = {}
    for name, status, sentence, source in items:
        row = rows.setdefault((name, status), [0, sentence, source])
        row[0] += 1
    notes = notes or {}
    summary = [
        UnplacedName(name, status, count, " ".join(example.split()), source, notes.get(name, ""))
        for (name, status), (count, example, source) in rows.items()
    ]
    return tuple(sorted(summary, key=lambda row: (-row.count, row.status, row.name.casefold())))


def is_area(entry: GazetteerEntry) -> bool:
    """Provinces, regions and countries are areas: never drawn as towns."""
    return entry.kind in AREA_KINDS


class GazetteerGeocoder(Geocoder):
    """The offline gazetteer as a geopy geocoder (no network, ever).

    >>> location = GazetteerGeocoder().geocode("Shirqat")
    >>> location.address, round(location.latitude, 2)
    ('Ash Sharqāt, IQ', 35.52)
    """

    def __init__(self, gazetteer: Gazetteer | None = None, country_codes: tuple[str, ...] | None = None):
        super().__init__(user_agent="conflict-map-offline-gazetteer")
        self.gazetteer = gazetteer or load_gazetteer()
        self.country_codes = country_codes

    def geocode(self, query, *, exactly_one=True, country_codes=None, context=(), timeout=None):
        """Resolve ``query`` (with optional context names) to ``geopy.Location``."""
        countries = tuple(code.upper() for code in country_codes) if country_codes else self.country_codes
        choices = resolve_names([query, *context], self.gazetteer, countries)
        choice = choices.get(query)
        if choice is None or math.isnan(choice.entry.latitude):
            return None if exactly_one else []
        location = to_location(choice)
        return location if exactly_one else [location]


def to_location(choice: Choice) -> Location:
    """A :class:`Choice` as a geopy Location, the reasons in ``raw``."""
    entry = choice.entry
    raw = {
        "place_id": entry.place_id,
        "name": entry.name,
        "country_code": entry.country_code,
        "kind": entry.kind,
        "admin1": entry.admin1,
        "population": entry.population,
        "source": entry.source,
        "score": choice.score,
        "reason": choice.reason,
    }
    return Location(f"{entry.name}, {entry.country_code}", (entry.latitude, entry.longitude), raw)
