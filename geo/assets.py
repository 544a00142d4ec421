"""Map assets as data: which third-party file is served from where, and why.

The dashboard and the exported HTML never reach a CDN: Leaflet and jQuery come
from the XStatic-Leaflet and XStatic-jQuery packages (the versions folium pins),
the timeline plugin and moment.js from their npm releases, country borders from
Natural Earth (via the world-atlas npm release). All of them are committed under
``static/vendor`` and ``static/geo``; Streamlit serves ``static/`` at
``/app/static/``. ``python -m geo assets --check`` verifies the XStatic copies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"


@dataclass(frozen=True)
class Asset:
    """One file the map needs: where it lives under static/, where it came from."""

    name: str
    path: str  # relative to static/
    kind: str  # js | css | data
    origin: str
    licence: str
    package: str = ""  # Python package holding the original (XStatic), if any
    package_file: str = ""


ASSETS = (
    Asset(
        "leaflet",
        "vendor/leaflet/leaflet.js",
        "js",
        "XStatic-Leaflet 1.9.3.0 (Leaflet 1.9.3)",
        "BSD-2-Clause",
        "xstatic.pkg.leaflet",
        "leaflet.js",
    ),
    Asset(
        "leaflet_css",
        "vendor/leaflet/leaflet.css",
        "css",
        "XStatic-Leaflet 1.9.3.0 (Leaflet 1.9.3)",
        "BSD-2-Clause",
        "xstatic.pkg.leaflet",
        "leaflet.css",
    ),
    Asset("jquery", "vendor/jquery/jquery.min.js", "js", "XStatic-jQuery 3.7.1.1 (jQuery 3.7.1)", "MIT", "xstatic.pkg.jquery", "jquery.min.js"),
    Asset("timeline", "vendor/leaflet.timeline/leaflet.timeline.js", "js", "npm leaflet.timeline 1.6.0 (dist/leaflet.timeline.js)", "MIT"),
    Asset("moment", "vendor/moment/moment.min.js", "js", "npm moment 2.18.1 (min/moment.min.js)", "MIT"),
    Asset("conflictmap", "geo/conflictmap.js", "js", "this project: the dashboard map's drawing code", "same as the project"),
    Asset("context", "geo/context.js", "js", "this project: rivers and the governorates' choropleth (geo/context.py)", "same as the project"),
    Asset(
        "borders",
        "geo/borders.geojson",
        "data",
        "Natural Earth 1:50m countries via npm world-atlas 2.0.2, clipped to 27-41N 30-52E",
        "public domain",
    ),
)
LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")


def asset(name: str) -> Asset:
    """The asset called ``name``."""
    return next(item for item in ASSETS if item.name == name)


def url(name: str, base: str = STATIC_URL) -> str:
    """Where the browser fetches an asset: "/app/static/vendor/leaflet/leaflet.js"."""
    return f"{base}/{asset(name).path}"


def read_text(name: str) -> str:
    """The text of an asset, for inlining into a standalone HTML page."""
    return (STATIC_DIR / asset(name).path).read_text(encoding="utf-8")


def package_source(item: Asset) -> Path | None:
    """The original file inside its XStatic package, when it has one."""
    if not item.package:
        return None
    import importlib

    module = importlib.import_module(item.package)
    return Path(module.BASE_DIR) / item.package_file


def check_vendor_copies() -> list[str]:
    """Differences between the committed copies and their XStatic originals."""
    problems = []
    for item in ASSETS:
        source = package_source(item)
        target = STATIC_DIR / item.path
        if not target.exists():
            problems.append(f"{target}: missing")
        elif source is not None and source.read_bytes() != target.read_bytes():
            problems.append(f"{target}: differs from {source}")
    return problems


def refresh_vendor_copies() -> list[Path]:
    """Copy the XStatic originals (and Leaflet's images) into static/vendor."""
    written = []
    for item in ASSETS:
        source = package_source(item)
        if source is None:
            continue
        target = STATIC_DIR / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(target)
    leaflet_dir = package_source(asset("leaflet")).parent / "images"
    for image in LEAFLET_IMAGES:
        target = STATIC_DIR / "vendor" / "leaflet" / "images" / image
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((leaflet_dir / image).read_bytes())
        written.append(target)
    return written


def decode_arcs(topology: dict, digits: int | None = None) -> list[list[list[float]]]:
    """A TopoJSON topology's arcs as absolute [x, y] points (rounded to ``digits``, or not).

    >>> decode_arcs({"transform": {"scale": [2, 1], "translate": [10, 0]}, "arcs": [[[0, 0], [1, 2]]]})
    [[[10, 0], [12, 2]]]
    """
    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            point = [x * scale[0] + translate[0], y * scale[1] + translate[1]]
            points.append(point if digits is None else [round(point[0], digits), round(point[1], digits)])
        decoded.append(points)
    return decoded


def join_arcs(decoded: list, indices: list[int]) -> list:
    """One line or ring from arc indices (a negative index ~i is arc i reversed); shared ends kept once."""
    points: list = []
    for index in indices:
        arc = decoded[index] if index >= 0 else decoded[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def topojson_to_geojson(topology: dict, object_name: str, bbox: tuple[float, float, float, float] | None = None, digits: int = 3) -> dict:
    """Decode one TopoJSON object into a GeoJSON FeatureCollection.

    ``bbox`` (west, south, east, north) keeps the features that touch it.

    >>> topo = {"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [[[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]]],
    ...         "objects": {"c": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "Sq"}}]}}}
    >>> topojson_to_geojson(topo, "c")["features"][0]["geometry"]["coordinates"]
    [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    """
    decoded = decode_arcs(topology, digits)

    def ring(indices: list[int]) -> list[list[float]]:
        return join_arcs(decoded, indices)

    def touches(coordinates: list) -> bool:
        if bbox is None:
            return True
        west, south, east, north = bbox
        flat = [point for polygon in coordinates for ring_ in polygon for point in ring_]
        return any(west <= lon <= east and south <= lat <= north for lon, lat in flat)

    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [[ring(indices) for indices in geometry["arcs"]]]
        elif geometry["type"] == "MultiPolygon":
            polygons = [[ring(indices) for indices in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        if not touches(polygons):
            continue
        shape = {"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1 else {"type": "MultiPolygon", "coordinates": polygons}
        features.append({"type": "Feature", "properties": dict(geometry.get("properties") or {}), "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def write_borders(topojson_file: Path, target: Path | None = None) -> int:
    """Write the theatre's country borders (from world-atlas countries-50m.json)."""
    topology = json.loads(Path(topojson_file).read_text(encoding="utf-8"))
    collection = topojson_to_geojson(topology, "countries", bbox=(30.0, 27.0, 52.0, 41.0))
    target = target or STATIC_DIR / asset("borders").path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return len(collection["features"])
