"""Geographic context drawn under the data: rivers and governorates (Natural Earth, public domain),
and the names of the big cities (GeoNames, from the project's gazetteer extract).

The extract ``geo/resources/ne_context.geojson`` is committed (37 KB; sources, versions and the
licence in ``geo/resources/NATURAL_EARTH.md``; ``tools/natural_earth.py`` regenerates it from the
npm and Debian packages that ship it). Nothing is downloaded at run time: the browser fetches the
file from our static folder (:func:`publish`), and :func:`province_counts` counts the events of a
window per governorate, in the extract's order, for the map's choropleth. :func:`major_cities`
picks the cities of Syria and Iraq the map names for orientation, whether or not the data does.

>>> from shapely.geometry import box
>>> provinces = (Province("North", "XX", box(0, 1, 2, 2)), Province("South", "XX", box(0, 0, 2, 1)))
>>> province_counts(provinces, [1.5, 1.6, 0.5, 9.0], [1.0, 1.0, 1.0, 1.0])  # latitudes, longitudes
[2, 1]
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from . import assets
from .csvio import write_text_atomic
from .errors import DataDirError, InputError
from .gazetteer import EXTRACT_PATH, distance_km, extract_entries
from .records import GazetteerEntry

RESOURCE = Path(__file__).resolve().parent / "resources" / "ne_context.geojson"
CITY_POPULATION = 100_000  # a city the map names, at zoom 8 and closer
MAJOR_CITY_POPULATION = 400_000  # named at every zoom
CITY_CLUSTER_KM = 25  # a suburb with its own GeoNames entry (New Mosul, Sadr City) joins its city
CITY_COUNTRIES = ("SY", "IQ")


@dataclass(frozen=True)
class Province:
    """One first-level administrative area (a governorate): Natural Earth's name, its country (ISO 3166 alpha-2)."""

    name: str
    country: str
    geometry: BaseGeometry = field(repr=False, compare=False)


@dataclass(frozen=True)
class River:
    """A river line ('' when the extract could not name it)."""

    name: str
    geometry: BaseGeometry = field(repr=False, compare=False)


@dataclass(frozen=True)
class Context:
    """The extract, read: its rivers and provinces (in the file's order) and the digest of its bytes."""

    rivers: tuple[River, ...]
    provinces: tuple[Province, ...]
    digest: str
    text: str = field(repr=False)


def read(path: Path = RESOURCE) -> Context:
    """Read a context extract (a GeoJSON FeatureCollection whose features have ``kind`` river or province)."""
    try:
        data = Path(path).read_bytes()
        collection = json.loads(data)
        features = collection["features"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataDirError(f"{path}: not a readable context extract ({error}); regenerate it with python tools/natural_earth.py") from error
    rivers, provinces = [], []
    for feature in features:
        properties = feature.get("properties") or {}
        geometry = shape(feature["geometry"])
        if properties.get("kind") == "river":
            rivers.append(River(properties.get("name") or "", geometry))
        elif properties.get("kind") == "province":
            provinces.append(Province(properties.get("name") or "", properties.get("country") or "", geometry))
    return Context(tuple(rivers), tuple(provinces), hashlib.sha256(data).hexdigest()[:16], data.decode("utf-8"))


@lru_cache(maxsize=1)
def default() -> Context:
    """The committed extract, read once per process."""
    return read(RESOURCE)


@lru_cache(maxsize=4)
def _tree(provinces: tuple[Province, ...]) -> STRtree:
    return STRtree([province.geometry for province in provinces])


def province_counts(provinces: Sequence[Province], latitudes: Iterable[float], longitudes: Iterable[float]) -> list[int]:
    """How many of the points fall in each province (in ``provinces``' order).

    A point outside every province (or not finite) counts nowhere; a point on a shared border
    counts once, in the first province that holds it.
    """
    provinces = tuple(provinces)
    lat = np.asarray(list(latitudes), dtype=float)
    lon = np.asarray(list(longitudes), dtype=float)
    counts = np.zeros(len(provinces), dtype=np.int64)
    finite = np.isfinite(lat) & np.isfinite(lon)
    if not provinces or not finite.any():
        return counts.tolist()
    points = shapely.points(lon[finite], lat[finite])
    point_index, province_index = _tree(provinces).query(points, predicate="intersects")
    if len(point_index):
        # one province per point: the first in the extract's order
        order = np.lexsort((province_index, point_index))
        point_index, province_index = point_index[order], province_index[order]
        first = np.r_[True, point_index[1:] != point_index[:-1]]
        np.add.at(counts, province_index[first], 1)
    return counts.tolist()


def events_per_province(events, context: Context | None = None) -> list[int]:
    """Events (a frame with ``latitude`` and ``longitude``) per governorate of the extract, in its order."""
    context = context or default()
    if events is None or len(events) == 0:
        return [0] * len(context.provinces)
    return province_counts(context.provinces, events["latitude"], events["longitude"])


@dataclass(frozen=True)
class City:
    """A big city named on the map: a plain-letter name, where it is, and whether it is named at every zoom."""

    name: str
    latitude: float
    longitude: float
    population: int
    major: bool


def plain_name(name: str) -> str:
    """A GeoNames name in plain letters, for a label: diacritics and the ayn and hamza marks dropped.

    >>> plain_name("Ḩamāh"), plain_name("Al ‘Amārah"), plain_name("Sāmarrā’"), plain_name("Nāḩiyat al Iskandarīyah")
    ('Hamah', 'Al Amarah', 'Samarra', 'Al Iskandariyah')
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = "".join(c for c in folded if c not in "‘’ʿʾ'`").strip()
    plain = plain.removeprefix("Nahiyat ")  # "sub-district of": GeoNames' name of the unit, not of the town
    return plain[:1].upper() + plain[1:]


def pick_cities(entries: Iterable[GazetteerEntry]) -> tuple[City, ...]:
    """The cities to name among gazetteer entries (settlements of :data:`CITY_COUNTRIES` with
    :data:`CITY_POPULATION` people or more), biggest first.

    Places within :data:`CITY_CLUSTER_KM` of a bigger one are one city: it is named after the member
    with the most alternate names (the city the world writes about, not its newer district), with the
    population of the biggest member.

    >>> def town(name, lat, lon, people, names):
    ...     return GazetteerEntry("x", name, lat, lon, "IQ", "settlement", "", people, "test", names)
    >>> entries = [town("New Town", 36.33, 43.10, 2_000_000, ("a",)), town("Old City", 36.34, 43.12, 1_600_000, ("a", "b", "c")),
    ...            town("Village", 35.0, 42.0, 900, ())]
    >>> [(city.name, city.population, city.major) for city in pick_cities(entries)]
    [('Old City', 2000000, True)]
    """
    places = [
        entry
        for entry in entries
        if entry.kind == "settlement" and entry.country_code in CITY_COUNTRIES and entry.population >= CITY_POPULATION
        and math.isfinite(entry.latitude) and math.isfinite(entry.longitude)
    ]  # fmt: skip
    places.sort(key=lambda entry: (-entry.population, entry.name))

    def near(a, b) -> bool:
        return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= CITY_CLUSTER_KM

    clusters: list[list[GazetteerEntry]] = []
    for entry in places:
        home = next((cluster for cluster in clusters if near(cluster[0], entry)), None)
        if home is None:
            clusters.append([entry])
        else:
            home.append(entry)
    cities: list[City] = []
    for cluster in clusters:
        population = cluster[0].population
        named = max(cluster, key=lambda entry: (len(entry.alternate_names), entry.population))
        if any(near(city, named) for city in cities):
            continue  # its named member lies by a bigger city
        cities.append(City(plain_name(named.name), named.latitude, named.longitude, population, population >= MAJOR_CITY_POPULATION))
    return tuple(cities)


@lru_cache(maxsize=1)
def major_cities(path: Path = EXTRACT_PATH) -> tuple[City, ...]:
    """The big settlements of Syria and Iraq in the project's GeoNames extract (:func:`pick_cities`)."""
    try:
        return pick_cities(extract_entries(path))
    except (OSError, InputError) as error:
        raise DataDirError(f"{path}: not a readable gazetteer extract ({error}); regenerate it with python -m geo gazetteer --refresh") from error


def publish_cities(cities: Sequence[City] | None = None, static_dir: Path = assets.STATIC_DIR, static_base: str = assets.STATIC_URL) -> str:
    """Put the cities among the static files once, as ``[name, latitude, longitude, major]`` rows; their URL."""
    cities = major_cities() if cities is None else cities
    text = json.dumps([[city.name, city.latitude, city.longitude, int(city.major)] for city in cities], ensure_ascii=False, separators=(",", ":"))
    target = Path(static_dir) / "cache" / f"cities-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"
    if not target.exists():
        write_text_atomic(target, text)
    return f"{static_base}/cache/{target.name}"


def publish(context: Context | None = None, static_dir: Path = assets.STATIC_DIR, static_base: str = assets.STATIC_URL) -> str:
    """Put the extract among the static files once (named by its digest); the URL the browser fetches it from."""
    context = context or default()
    target = Path(static_dir) / "cache" / f"ne-context-{context.digest}.json"
    if not target.exists():
        write_text_atomic(target, context.text)
    return f"{static_base}/cache/{target.name}"


def river_names(context: Context | None = None) -> list[str]:
    """The named rivers of the extract, sorted."""
    context = context or default()
    return sorted({river.name for river in context.rivers if river.name})

