"""Geographic context drawn under the data: rivers and governorates (Natural Earth, public domain).

The extract ``geo/resources/ne_context.geojson`` is committed (37 KB; sources, versions and the
licence in ``geo/resources/NATURAL_EARTH.md``; ``tools/natural_earth.py`` regenerates it from the
npm and Debian packages that ship it). Nothing is downloaded at run time: the browser fetches the
file from our static folder (:func:`publish`), and :func:`province_counts` counts the events of a
window per governorate, in the extract's order, for the map's choropleth.

>>> from shapely.geometry import box
>>> provinces = (Province("North", "XX", box(0, 1, 2, 2)), Province("South", "XX", box(0, 0, 2, 1)))
>>> province_counts(provinces, [1.5, 1.6, 0.5, 9.0], [1.0, 1.0, 1.0, 1.0])  # latitudes, longitudes
[2, 1]
"""

from __future__ import annotations

import hashlib
import json
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
from .errors import DataDirError

RESOURCE = Path(__file__).resolve().parent / "resources" / "ne_context.geojson"


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

