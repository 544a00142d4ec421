"""Areas of control derived from town control: Voronoi cells clipped to a radius.

Every town that is ever held by someone gets, once, the part of the plane
closer to it than to any other such town, cut to a disc around it. On a date,
the cell of each town whose holder is known is filled with that holder's colour
(dashed when contested); cells of towns with no report stay empty, so an area is
never extended over a town nobody reported on. This is a drawing aid, not a
surveyed front line: the dashboard says so next to the map.

>>> cells = town_cells(((43.0, 35.0), (43.5, 35.0)), radius_km=20)
>>> [cell["type"] for cell in cells]
['Polygon', 'Polygon']
>>> west = cells[0]["coordinates"][0]
>>> max(lon for lon, lat in west) <= 43.25 + 1e-9
True
"""

from __future__ import annotations

import math

import shapely
from shapely.geometry import MultiPoint, Point, mapping

KM_PER_DEGREE = 111.32
RADIUS_KM = 20.0


def town_cells(points: tuple[tuple[float, float], ...], radius_km: float = RADIUS_KM, digits: int = 3) -> list[dict | None]:
    """The cell of each (longitude, latitude) point, as GeoJSON geometry.

    Towns at the same spot share one cell (the first gets it, the others None).
    """
    if not points:
        return []
    latitude0 = sum(lat for _, lat in points) / len(points)
    x_scale = KM_PER_DEGREE * math.cos(math.radians(latitude0))
    projected = [(round(lon * x_scale, 6), round(lat * KM_PER_DEGREE, 6)) for lon, lat in points]
    first_at: dict[tuple[float, float], int] = {}
    for index, point in enumerate(projected):
        first_at.setdefault(point, index)
    unique = list(first_at)
    if len(unique) == 1:
        regions = [Point(unique[0]).buffer(radius_km, 24)]
    else:
        envelope = MultiPoint(unique).envelope.buffer(radius_km * 3)
        regions = list(shapely.get_parts(shapely.voronoi_polygons(MultiPoint(unique), extend_to=envelope, ordered=True)))
    cell_of = {point: region.intersection(Point(point).buffer(radius_km, 24)).simplify(0.3) for point, region in zip(unique, regions)}
    cells: list[dict | None] = []
    for index, point in enumerate(projected):
        if first_at[point] != index:
            cells.append(None)
            continue
        cells.append(_to_degrees(mapping(cell_of[point]), x_scale, digits))
    return cells


def _to_degrees(geometry: dict, x_scale: float, digits: int) -> dict:
    def convert(coordinates):
        if isinstance(coordinates[0], (int, float)):
            return [round(coordinates[0] / x_scale, digits), round(coordinates[1] / KM_PER_DEGREE, digits)]
        return [convert(part) for part in coordinates]

    return {"type": geometry["type"], "coordinates": convert(geometry["coordinates"])}
