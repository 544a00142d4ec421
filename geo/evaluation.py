"""Measuring ourselves: events against hand-coded gold, geocoding against UCDP.

Pure functions used by the tests (which assert the targets) and by
``bench/run.py`` (which reports the figures in the README).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .gazetteer import Gazetteer, distance_km
from .geocode import label_alternatives, resolve_names
from .names import translit_key
from .records import PROVINCE, SETTLEMENT, Event

UCDP_PLACE_WORDS = re.compile(r"\s+(?:town|village|city|suburb|camp|area|district|neighbourhood|neighborhood|farm|hamlet)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Score:
    """Precision and recall of a matching, with the unmatched items for reading."""

    true_positives: int
    false_positives: int
    false_negatives: int
    missed: tuple
    spurious: tuple

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def _same_place(gold_place: str, event: Event, aliases: dict[str, set[str]]) -> bool:
    key = translit_key(gold_place)
    return key == translit_key(event.place) or key in aliases.get(event.place_id, set())


def score_events(gold: list[dict], events: list[Event], aliases: dict[str, set[str]] | None = None) -> Score:
    """Match events to gold rows on (article, place, date window, sub-event type).

    ``gold`` rows have ``source`` (the file name's prefix), ``place``,
    ``event_date``, ``date_end`` and ``sub_event_type``. ``aliases`` maps a
    place id to the translit keys of every spelling the articles use for it.
    Each gold row matches at most one event and the other way round.
    """
    aliases = aliases or {}
    unmatched = list(events)
    missed = []
    matched = 0
    for row in gold:
        start, end = date.fromisoformat(row["event_date"]), date.fromisoformat(row["date_end"])
        found = None
        for event in unmatched:
            if (
                event.source.startswith(row["source"])
                and event.sub_event_type == row["sub_event_type"]
                and event.event_date == start
                and event.date_end == end
                and _same_place(row["place"], event, aliases)
            ):
                found = event
                break
        if found is None:
            missed.append(row)
        else:
            unmatched.remove(found)
            matched += 1
    return Score(matched, len(unmatched), len(missed), tuple(missed), tuple(unmatched))


def ucdp_name(where_coordinates: str) -> str:
    """UCDP's place label without its kind: "Ar Raqqah town" -> "Ar Raqqah".

    >>> ucdp_name("Deir ez Zor town"), ucdp_name("Tallbisah  town")
    ('Deir ez Zor', 'Tallbisah')
    """
    return UCDP_PLACE_WORDS.sub("", " ".join((where_coordinates or "").split())).strip()


@dataclass(frozen=True)
class GeocodingScore:
    """Share of events (and of distinct names) placed within the tolerance."""

    events: int
    events_within: int
    names: int
    names_within: int
    unresolved_events: int
    worst: tuple[tuple[str, int, float | None], ...]

    @property
    def event_share(self) -> float:
        return self.events_within / self.events if self.events else 0.0

    @property
    def name_share(self) -> float:
        return self.names_within / self.names if self.names else 0.0


def dataset_name_candidates(name: str) -> list[str]:
    """Spellings to try for a dataset's place label: "Tadmur/Palmyra" -> both.

    >>> dataset_name_candidates("Maar Tahroma/Maarat Hurmah")
    ['Maar Tahroma', 'Maarat Hurmah']
    """
    return label_alternatives(name)


def province_name(adm_1: str) -> str:
    """UCDP's "Idlib Governorate" as a province name the gazetteer knows ("Idlib province")."""
    base = re.sub(r"\s+(?:governorate|province|muhafazah)\s*$", "", (adm_1 or "").strip(), flags=re.IGNORECASE)
    return f"{base} province" if base else ""


def place_dataset_name(name: str, gazetteer: Gazetteer, countries: tuple[str, ...] | None, province: str = ""):
    """Place a dataset's label alone, helped by its country and province columns.

    A town found only in another province than the row's is left unplaced: an
    event without a dot is better than one drawn 300 km away ("Barah", Idlib,
    is not al-Bahrah in Deir ez-Zor).
    """
    context = [province] if province and gazetteer.has_key(translit_key(province)) else []
    row_provinces = (
        {(entry.country_code, entry.admin1) for entry in gazetteer.exact(province, countries) if entry.kind == PROVINCE and entry.admin1} if context else set()
    )
    for candidate in dataset_name_candidates(name):
        choice = resolve_names([candidate, *context], gazetteer, countries).get(candidate)
        if choice is None or choice.entry.latitude != choice.entry.latitude:
            continue
        entry = choice.entry
        if row_provinces and entry.kind == SETTLEMENT and entry.admin1 and (entry.country_code, entry.admin1) not in row_provinces:
            continue
        return choice
    return None


def ucdp_geocoding(
    rows: list[dict], gazetteer: Gazetteer, tolerance_km: float = 25.0, use_context: bool = True, use_province: bool = True
) -> GeocodingScore:
    """Place each exact-location UCDP label by name; compare with UCDP's point.

    Only rows with ``where_prec`` 1 count; the share is weighted by events. With
    ``use_context`` the row's country and province (``country``, ``adm_1``)
    help, as they would for any import; without ``use_province`` only the
    country does (as ``python -m geo geocode --country SY NAME`` places a name
    alone). UCDP's coordinates are only compared.
    """
    counts: Counter[tuple[str, str, str, float, float]] = Counter()
    for row in rows:
        try:
            precision = int(float(row["where_prec"]))
        except (KeyError, ValueError):
            continue
        if precision != 1:
            continue
        country = {"syria": "SY", "iraq": "IQ"}.get((row.get("country") or "").strip().casefold(), "") if use_context else ""
        province = province_name(row.get("adm_1", "")) if use_context and use_province else ""
        counts[(ucdp_name(row["where_coordinates"]), country, province, round(float(row["latitude"]), 4), round(float(row["longitude"]), 4))] += 1
    total = sum(counts.values())
    within = 0
    names_within = 0
    unresolved = 0
    misses: list[tuple[str, int, float | None]] = []
    cache: dict[tuple[str, str, str], object] = {}
    for (name, country, province, latitude, longitude), count in counts.items():
        key = (name, country, province)
        if key not in cache:
            cache[key] = place_dataset_name(name, gazetteer, (country,) if country else None, province)
        choice = cache[key]
        if choice is None:
            unresolved += count
            misses.append((name, count, None))
            continue
        km = distance_km(latitude, longitude, choice.entry.latitude, choice.entry.longitude)
        if km <= tolerance_km:
            within += count
            names_within += 1
        else:
            misses.append((name, count, round(km)))
    misses.sort(key=lambda item: -item[1])
    return GeocodingScore(total, within, len(counts), names_within, unresolved, tuple(misses[:40]))


@dataclass(frozen=True)
class GoldPlaceResult:
    """One gold town: its mentions placed within the tolerance, placed off, and left unplaced."""

    name: str
    within: int
    off: tuple[str, ...]  # "article: surface -> gazetteer name, N km"
    unplaced: tuple[str, ...]  # "article: surface (status)"

    @property
    def right(self) -> bool:
        return self.within > 0 and not self.off and not self.unplaced


def gold_place_results(gold_rows: list[dict], analyses: list, tolerance_km: float = 10.0) -> list[GoldPlaceResult]:
    """Score the places of analysed articles against gold towns (``name``, ``aliases``, coordinates).

    Every mention whose spelling is one of the town's names counts, in the
    context of its own article: placed within ``tolerance_km``, placed off, or unplaced.
    """
    results = []
    for row in gold_rows:
        if not row.get("latitude"):
            continue
        keys = {translit_key(name) for name in [row["name"], *row.get("aliases", "").split(";")] if name.strip()}
        within, off, unplaced = 0, [], []
        for analysis in analyses:
            source = analysis.article.source
            for placed in analysis.placed:
                if translit_key(placed.mention.surface) not in keys or placed.choice.entry.kind != SETTLEMENT:
                    continue  # "the province of Aleppo" names the province, not the town
                entry = placed.choice.entry
                km = distance_km(float(row["latitude"]), float(row["longitude"]), entry.latitude, entry.longitude)
                if km <= tolerance_km:
                    within += 1
                else:
                    off.append(f"{source}: {placed.mention.surface} -> {entry.name} ({entry.country_code}), {km:.0f} km")
            for name, status, _, _ in getattr(analysis, "unplaced", ()):
                if translit_key(name) in keys:
                    unplaced.append(f"{source}: {name} ({status})")
        results.append(GoldPlaceResult(row["name"], within, tuple(off), tuple(dict.fromkeys(unplaced))))
    return results


def gold_places_in_context(inputs: list, gold_rows: list[dict], gazetteer: Gazetteer, tolerance_km: float = 10.0) -> list[GoldPlaceResult]:
    """Read and analyse articles (``ArticleInput``), then score their places against gold towns.

    Articles that cannot be read (no date...) are left out, as a build leaves them out.
    """
    from .articles import parse_article  # imported here: the UCDP figures need none of the text stages
    from .errors import ConflictMapError
    from .pipeline import analyse_article

    analyses = []
    for item in inputs:
        try:
            analyses.append(analyse_article(parse_article(item.source, item.text, item.info), gazetteer))
        except ConflictMapError:
            continue
    return gold_place_results(gold_rows, analyses, tolerance_km)

