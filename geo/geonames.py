"""Importing a GeoNames country dump (``SY.zip``, ``IQ.zip``, ``allCountries.zip``).

GeoNames publishes one tab-separated file per country at
https://download.geonames.org/export/dump/ with 19 columns (geonameid, name,
asciiname, alternatenames, latitude, longitude, feature class, feature code,
country code, cc2, admin1-4, population, elevation, dem, timezone, modification
date). Only populated places (feature class ``P``) and first-level
administrative areas (``A``/``ADM1``, our provinces) are kept, with their
Latin-script alternate names, feature code, population and admin1 code.

Reading such a file is the slow part (hundreds of thousands of lines, every
alternate name folded into keys), so :func:`import_gazetteer` keeps a compact
index per file in a cache folder, named by the file's SHA-256 content hash: the
next start reads the small index and never parses the dump again. The cache is
``$CONFLICT_MAP_CACHE/gazetteers/`` or ``~/.cache/conflict-map/gazetteers/``
(``$XDG_CACHE_HOME`` is honoured); a stale or broken index is rebuilt.

The parsing functions are pure; :func:`import_gazetteer` and
:func:`read_dump_file` are the edge that touches files.

>>> line = "1\\tTall Abyad\\tTall Abyad\\tTal Abyad,Tell Abiad\\t36.69\\t38.95\\tP\\tPPL\\tSY\\t\\t11\\t\\t\\t\\t0\\t\\t\\tAsia/Damascus\\t2024-01-01"
>>> place = parse_line(line, "SY.txt:1")
>>> place.name, place.feature_code, place.admin1, place.alternate_names
('Tall Abyad', 'PPL', '11', ('Tal Abyad', 'Tell Abiad'))
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import InputError
from .records import PROVINCE, SETTLEMENT, GazetteerEntry

GEONAMES_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1",
    "admin2",
    "admin3",
    "admin4",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)
# alternateNamesV2.txt: alternateNameId, geonameid, isolanguage, name, isPreferredName,
# isShortName, isColloquial, isHistoric, from, to.
ALTERNATE_COLUMNS = 10
# isolanguage values that are codes or links, not names a writer would use.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "wkdt", "fr_1793"})
INDEX_COLUMNS = (
    "place_id",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "kind",
    "feature_code",
    "admin1",
    "population",
    "alternate_names",
    "keys",
    "skeletons",
)
INDEX_VERSION = "conflict-map gazetteer index 1"
ATTRIBUTION = "Places: GeoNames (geonames.org), CC BY 4.0"
SOURCE = "GeoNames {file}"
# Historical, destroyed or abandoned places: kept (news still names them) but
# ranked below a living namesake by the geocoder.
MINOR_FEATURE_CODES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH", "PPLX"})


@dataclass(frozen=True)
class GeoNamesPlace:
    """One kept row of a GeoNames dump."""

    geonameid: int
    name: str
    alternate_names: tuple[str, ...]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    population: int


class IndexRow(NamedTuple):
    """A gazetteer entry with its precomputed keys and GeoNames feature code.

    A named tuple rather than a dataclass: tens of thousands are made per start.
    """

    entry: GazetteerEntry
    keys: list[str]
    skeletons: list[str]
    feature_code: str


@dataclass(frozen=True)
class ImportedGazetteer:
    """An imported dump, ready to join the built-in gazetteer."""

    path: str
    sha256: str
    rows: tuple[IndexRow, ...]
    attribution: str = ATTRIBUTION

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({row.entry.country_code for row in self.rows}))


def _kept(feature_class: str, feature_code: str) -> str:
    """Our kind for a GeoNames feature, or "" when the feature is not used."""
    if feature_class == "P":
        return SETTLEMENT
    if feature_class == "A" and feature_code == "ADM1":
        return PROVINCE
    return ""


def parse_line(line: str, where: str) -> GeoNamesPlace | None:
    """One dump line as a place; None for features we do not use (rivers, ADM2...).

    Raises :class:`InputError` naming ``where`` when the line is not GeoNames' format.
    """
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != len(GEONAMES_COLUMNS):
        raise InputError(where, f"{len(fields)} tab-separated columns, GeoNames dumps have {len(GEONAMES_COLUMNS)}; is this a GeoNames CC.txt file?")
    if not _kept(fields[6], fields[7]):
        return None
    try:
        geonameid = int(fields[0])
        latitude, longitude = float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
    except ValueError:
        raise InputError(where, "geonameid, latitude, longitude or population is not a number") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InputError(where, f"coordinates out of range ({latitude}, {longitude})")
    name = fields[1].strip()
    alternates = [fields[2].strip(), *(part.strip() for part in fields[3].split(","))]
    alternates = tuple(dict.fromkeys(part for part in alternates if part and part != name))
    return GeoNamesPlace(geonameid, name, alternates, latitude, longitude, fields[6], fields[7], fields[8].upper(), fields[10], population)


def parse_dump(lines: Iterable[str], where: str) -> list[GeoNamesPlace]:
    """Every kept place of a dump's lines (blank lines and ``#`` comments skipped)."""
    places = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        place = parse_line(line, f"{where}:{number}")
        if place is not None:
            places.append(place)
    return places


def parse_alternate_names(lines: Iterable[str], where: str) -> dict[int, tuple[str, ...]]:
    """``alternateNamesV2.txt`` as geonameid -> names (codes and links left out)."""
    names: dict[int, list[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 4 or not fields[1].isdigit():
            raise InputError(f"{where}:{number}", f"not an alternateNamesV2 line ({ALTERNATE_COLUMNS} tab-separated columns expected)")
        if fields[2] in _NOT_NAMES or fields[3].startswith("http"):
            continue
        names.setdefault(int(fields[1]), []).append(fields[3].strip())
    return {geonameid: tuple(dict.fromkeys(found)) for geonameid, found in names.items()}


def index_rows(places: Iterable[GeoNamesPlace], source: str, alternates: dict[int, tuple[str, ...]] | None = None) -> list[IndexRow]:
    """Places as gazetteer rows with their name keys (Latin-script names only)."""
    from .gazetteer import name_keys, useful_alternate  # the one definition of a usable name and its keys
    from .names import is_latin

    places = list(places)
    provinces = _nearest_admin1(places)
    rows = []
    for place in places:
        extra = (alternates or {}).get(place.geonameid, ())
        spellings = list(dict.fromkeys((place.name, *place.alternate_names, *extra)))
        # Some dumps give the Arabic name first: show a Latin one (asciiname comes next).
        name = next((spelling for spelling in spellings if is_latin(spelling)), place.name)
        names = [spelling for spelling in spellings if spelling != name and useful_alternate(spelling)]
        keys, skeletons = name_keys([name, *names])
        if not keys:
            continue
        entry = GazetteerEntry(
            place_id=f"geonames:{place.geonameid}",
            name=name,
            latitude=place.latitude,
            longitude=place.longitude,
            country_code=place.country_code,
            kind=_kept(place.feature_class, place.feature_code),
            admin1=place.admin1 or provinces.get(place.geonameid, ""),
            population=place.population,
            source=source,
            alternate_names=tuple(names),
        )
        rows.append(IndexRow(entry, keys, skeletons, place.feature_code))
    return rows


ADMIN1_FILL_KM = 15.0


def _nearest_admin1(places: list[GeoNamesPlace]) -> dict[int, str]:
    """admin1 for places that lack it: that of the nearest place within 15 km, same country.

    The province is context for the geocoder ("in Anbar"); a town left without
    one would lose to a namesake that has it.
    """
    from .gazetteer import distance_km

    cell = 0.2  # degrees: about 20 km, so the 15 km neighbours are in the 3x3 cells around
    grid: dict[tuple[str, int, int], list[GeoNamesPlace]] = {}
    for place in places:
        if place.admin1 and place.feature_class == "P":
            grid.setdefault((place.country_code, int(place.latitude // cell), int(place.longitude // cell)), []).append(place)
    filled = {}
    for place in places:
        if place.admin1 or place.feature_class != "P":
            continue
        row, column = int(place.latitude // cell), int(place.longitude // cell)
        near = [other for dr in (-1, 0, 1) for dc in (-1, 0, 1) for other in grid.get((place.country_code, row + dr, column + dc), ())]
        if not near:
            continue
        best = min(near, key=lambda other: distance_km(place.latitude, place.longitude, other.latitude, other.longitude))
        if distance_km(place.latitude, place.longitude, best.latitude, best.longitude) <= ADMIN1_FILL_KM:
            filled[place.geonameid] = best.admin1
    return filled


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("|", " ")


def format_index(rows: Iterable[IndexRow], sha256: str) -> str:
    """The compact index as text (a version line, a header, one row per place)."""
    buffer = io.StringIO()
    buffer.write(f"# {INDEX_VERSION} sha256={sha256}\n")
    buffer.write("\t".join(INDEX_COLUMNS) + "\n")
    for row in rows:
        entry = row.entry
        fields = (
            entry.place_id,
            _clean(entry.name),
            f"{entry.latitude:.5f}",
            f"{entry.longitude:.5f}",
            entry.country_code,
            entry.kind,
            row.feature_code,
            entry.admin1,
            str(entry.population),
            "|".join(_clean(name) for name in entry.alternate_names),
            " ".join(row.keys),
            " ".join(row.skeletons),
        )
        buffer.write("\t".join(fields) + "\n")
    return buffer.getvalue()


def parse_index(text: str, sha256: str, source: str) -> list[IndexRow] | None:
    """Rows of a compact index, or None when it is of another version or file."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0] != f"# {INDEX_VERSION} sha256={sha256}" or lines[1] != "\t".join(INDEX_COLUMNS):
        return None
    rows = []
    width = len(INDEX_COLUMNS)
    nan = math.nan
    new = object.__new__
    for line in lines[2:]:
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != width:
            return None
        place_id, name, lat, lon, country, kind, code, admin1, population, alternates, keys, skeletons = fields
        # The same object GazetteerEntry(...) makes, without its frozen __init__'s
        # ten object.__setattr__ calls: a third of the warm start for 30k places.
        entry = new(GazetteerEntry)
        entry.__dict__.update(
            place_id=place_id,
            name=name,
            latitude=float(lat) if lat else nan,
            longitude=float(lon) if lon else nan,
            country_code=country,
            kind=kind,
            admin1=admin1,
            population=int(population) if population else 0,
            source=source,
            alternate_names=tuple(alternates.split("|")) if alternates else (),
        )
        rows.append(IndexRow(entry, keys.split(" ") if keys else [], skeletons.split(" ") if skeletons else [], code))
    return rows


# --- the edge: files ---------------------------------------------------------------


def cache_dir() -> Path:
    """Where compact indexes live: ``$CONFLICT_MAP_CACHE`` or the user's cache folder."""
    root = os.environ.get("CONFLICT_MAP_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "conflict-map")
    return Path(root) / "gazetteers"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (read in 1 MB blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_alternates(first_line: str) -> bool:
    fields = first_line.rstrip("\r\n").split("\t")
    return len(fields) == ALTERNATE_COLUMNS and fields[0].isdigit() and fields[1].isdigit()


def _text_members(path: Path) -> list[tuple[str, list[str]]]:
    """(name, lines) of a .txt file, or of the data files inside a GeoNames .zip."""
    try:
        if zipfile.is_zipfile(path):
            members = []
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    base = Path(info.filename).name
                    if info.is_dir() or not base.endswith(".txt") or base.lower().startswith(("readme", "iso-languagecodes")):
                        continue
                    members.append((f"{path}!{base}", archive.read(info).decode("utf-8").splitlines()))
            if not members:
                raise InputError(str(path), "the .zip holds no GeoNames .txt file (expected e.g. SY.txt inside SY.zip)")
            return members
        return [(str(path), Path(path).read_text(encoding="utf-8").splitlines())]
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text; GeoNames dumps are UTF-8 (download CC.zip from download.geonames.org/export/dump/)") from None
    except (OSError, zipfile.BadZipFile) as error:
        raise InputError(str(path), f"cannot be read ({error.__class__.__name__}: {error})") from None


def read_dump_file(path: Path, progress: Callable[[float, str], None] | None = None) -> list[IndexRow]:
    """Parse a dump (.txt or .zip, with an optional alternateNamesV2 file inside) into rows."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such gazetteer file; download CC.zip from https://download.geonames.org/export/dump/")
    members = _text_members(path)
    alternates: dict[int, tuple[str, ...]] = {}
    places: list[GeoNamesPlace] = []
    for number, (where, lines) in enumerate(members):
        if progress is not None:
            progress(number / (len(members) + 1), f"reading {Path(where).name}")
        first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
        if _is_alternates(first):
            alternates.update(parse_alternate_names(lines, where))
        else:
            places.extend(parse_dump(lines, where))
    if not places and not alternates:
        raise InputError(str(path), "no populated place (feature class P) in this file")
    if progress is not None:
        progress(len(members) / (len(members) + 1), f"indexing {len(places):,} places")
    rows = index_rows(places, SOURCE.format(file=path.name), alternates)
    if alternates and not places:
        # An alternate-names file alone: entries without coordinates that only carry names.
        rows = [
            IndexRow(GazetteerEntry(f"geonames:{geonameid}", "", math.nan, math.nan, "", "", "", 0, "", names), [], [], "ALTNAMES")
            for geonameid, names in alternates.items()
        ]
    return rows


def import_gazetteer(path: Path, cache: Path | None = None, progress: Callable[[float, str], None] | None = None) -> ImportedGazetteer:
    """An imported dump, from its cached index when the file's bytes are unchanged.

    >>> import_gazetteer(Path("no-such-file.zip"))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    geo.errors.InputError: no-such-file.zip: no such gazetteer file; ...
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such gazetteer file; download CC.zip from https://download.geonames.org/export/dump/")
    sha256 = file_sha256(path)
    folder = Path(cache) if cache is not None else cache_dir()
    cached = folder / f"{sha256}.tsv"
    source = SOURCE.format(file=path.name)
    if cached.is_file():
        rows = parse_index(cached.read_text(encoding="utf-8"), sha256, source)
        if rows is not None:
            return ImportedGazetteer(str(path), sha256, tuple(rows))
    from .csvio import write_text_atomic  # imported here: csvio pulls in the whole pipeline, a warm start needs none of it

    rows = read_dump_file(path, progress)
    with contextlib.suppress(OSError):  # a read-only cache only costs the next start the parse again
        write_text_atomic(cached, format_index(rows, sha256))
    if progress is not None:
        progress(1.0, f"{len(rows):,} places imported")
    return ImportedGazetteer(str(path), sha256, tuple(rows))
