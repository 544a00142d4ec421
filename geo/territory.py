"""Areas of control derived from town control: Voronoi cells clipped to a radius.

Each settlement whose controller is known on a date gets the part of the plane
closer to it than to any other such settlement, cut to a disc around it. Cells
of the same holder and state merge. This is a drawing aid, not a surveyed front
line: the dashboard says so next to the map.

>>> zones = control_zones((("a", 43.0, 35.0, "Islamic State", False), ("b", 43.5, 35.0, "Iraqi government", True)), radius_km=20)
>>> sorted((zone.controller, zone.contested) for zone in zones)
[('Iraqi government', True), ('Islamic State', False)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely.geometry import MultiPoint, Point, mapping
from shapely.ops import unary_union

KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Zone:
    """The merged area of one holder (and contested state) as GeoJSON geometry."""

    controller: str
    contested: bool
    geometry: dict
    place_ids: tuple[str, ...]


@lru_cache(maxsize=512)
def control_zones(states: tuple[tuple[str, float, float, str, bool], ...], radius_km: float = 20.0, digits: int = 4) -> tuple[Zone, ...]:
    """Zones for (place_id, longitude, latitude, controller, contested) states.

    Cached on the states themselves: scrubbing between dates with the same
    town states costs nothing.
    """
    if not states:
        return ()
    latitude0 = sum(state[2] for state in states) / len(states)
    x_scale = KM_PER_DEGREE * math.cos(math.radians(latitude0))

    def to_km(lon: float, lat: float) -> tuple[float, float]:
        return lon * x_scale, lat * KM_PER_DEGREE

    unique: dict[tuple[float, float], tuple[str, float, float, str, bool]] = {}
    for state in states:
        unique.setdefault(to_km(state[1], state[2]), state)
    points = list(unique)
    if len(points) == 1:
        cells = {points[0]: Point(points[0]).buffer(radius_km, 32)}
    else:
        envelope = MultiPoint(points).envelope.buffer(radius_km * 3)
        regions = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(points), extend_to=envelope, ordered=True))
        cells = {point: region.intersection(Point(point).buffer(radius_km, 32)) for point, region in zip(points, regions)}
    groups: dict[tuple[str, bool], list] = {}
    members: dict[tuple[str, bool], list[str]] = {}
    for point, cell in cells.items():
        place_id, _, _, controller, contested = unique[point]
        groups.setdefault((controller, contested), []).append(cell)
        members.setdefault((controller, contested), []).append(place_id)
    zones = []
    for (controller, contested), polygons in sorted(groups.items()):
        merged = unary_union(polygons).simplify(0.5)
        geometry = _to_degrees(mapping(merged), x_scale, digits)
        zones.append(Zone(controller, contested, geometry, tuple(sorted(members[(controller, contested)]))))
    return tuple(zones)


def _to_degrees(geometry: dict, x_scale: float, digits: int) -> dict:
    def convert(coordinates):
        if isinstance(coordinates[0], (int, float)):
            return [round(coordinates[0] / x_scale, digits), round(coordinates[1] / KM_PER_DEGREE, digits)]
        return [convert(part) for part in coordinates]

    return {"type": geometry["type"], "coordinates": convert(geometry["coordinates"])}
