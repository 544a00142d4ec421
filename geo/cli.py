"""``python -m geo``: build the data, geocode names, ask who held what on a date.

The CLI is the edge of the library: it reads files, calls the pure stages and
writes results. Messages about bad inputs go to stderr, one line each; the exit
status is 2 when an input was rejected, 1 on a usage or data-directory error.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date
from pathlib import Path

from .control import ControlIndex
from .csvio import CONTROL_COLUMNS, read_table
from .errors import ConflictMapError
from .gazetteer import CURATED_PATH, EXTRACT_PATH, PROJECT_DIR, load_gazetteer, write_geonames_extract
from .geocode import resolve_names
from .ingest import rebuild
from .online import OnlineGeocoder, cached_entries, lookup_all
from .records import ControlPeriod

DEFAULT_ARTICLES = PROJECT_DIR / "seeds"
DEFAULT_DATA = PROJECT_DIR / "data"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Conflict map pipeline: articles -> places -> events -> control.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="read articles and event datasets, write places/events/control CSV files")
    build_cmd.add_argument("--articles", action="append", type=Path, help="folder or file of articles (repeatable; default: seeds/)")
    build_cmd.add_argument("--events", action="append", type=Path, default=[], help="UCDP GED or ACLED CSV file (repeatable)")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_DATA, help="output folder (default: data/)")
    build_cmd.add_argument(
        "--online",
        action="store_true",
        help="ask Nominatim (OpenStreetMap) for names the offline gazetteer lacks; results are cached in places.csv",
    )
    geocode_cmd = commands.add_parser("geocode", help="place names with the offline gazetteer; CSV on stdout")
    geocode_cmd.add_argument("--country", default="", help="restrict to country codes, e.g. IQ or IQ,SY")
    geocode_cmd.add_argument("--together", action="store_true", help="resolve the names as places of one article (context helps)")
    geocode_cmd.add_argument("names", nargs="+")
    control_cmd = commands.add_parser("control", help="who held each place on a date; CSV on stdout")
    control_cmd.add_argument("--date", required=True, help="YYYY-MM-DD")
    control_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data/)")
    gazetteer_cmd = commands.add_parser("gazetteer", help="maintenance: regenerate the compact GeoNames extract")
    gazetteer_cmd.add_argument("--refresh", action="store_true", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "geocode":
            return _geocode(args)
        if args.command == "control":
            return _control(args)
        if args.command == "gazetteer":
            rows = write_geonames_extract(EXTRACT_PATH)
            print(f"wrote {EXTRACT_PATH} ({rows} places)", file=sys.stderr)
            return 0
    except ConflictMapError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 1  # pragma: no cover - argparse requires a command


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _build(args) -> int:
    started = time.perf_counter()
    out = Path(args.out)
    try:
        done = rebuild(out, list(args.articles or [DEFAULT_ARTICLES]), list(args.events))
    except ConflictMapError as error:
        print(error, file=sys.stderr)
        return 1
    result = done.result
    for summary in done.datasets:
        print(summary, file=sys.stderr)
    if args.online and result.unresolved:
        found = lookup_all(list(result.unresolved), OnlineGeocoder(), _warn)
        if found:
            cached = cached_entries(out / "places.csv")
            gazetteer = load_gazetteer(EXTRACT_PATH, CURATED_PATH, tuple(cached + found))
            result = rebuild(out, list(args.articles or [DEFAULT_ARTICLES]), list(args.events), gazetteer).result
    for message in result.rejected:
        print(f"rejected: {message}", file=sys.stderr)
    for note in result.notes:
        print(f"override: {note}", file=sys.stderr)
    print(
        f"{len(result.articles)} articles read, {len(result.rejected)} rejected; {len(result.events)} events; "
        f"{len(result.places)} places; {len(result.control)} control periods -> {out} ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    if result.unresolved:
        print(f"unresolved names ({len(result.unresolved)}): {', '.join(result.unresolved)}", file=sys.stderr)
    if result.outside:
        print(f"outside the theatre, not mapped ({len(result.outside)}): {', '.join(result.outside)}", file=sys.stderr)
    return 2 if result.rejected else 0


def _geocode(args) -> int:
    countries = tuple(code.strip().upper() for code in args.country.split(",") if code.strip()) or None
    gazetteer = load_gazetteer()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["query", "name", "latitude", "longitude", "country_code", "kind", "admin1", "score", "reason", "source"])
    together = resolve_names(args.names, gazetteer, countries) if args.together else {}
    for name in args.names:
        choice = together.get(name) if args.together else resolve_names([name], gazetteer, countries).get(name)
        if choice is None or choice.entry.latitude != choice.entry.latitude:
            writer.writerow([name, "", "", "", "", "", "", "", "not in the offline gazetteer", ""])
            continue
        entry = choice.entry
        writer.writerow(
            [
                name,
                entry.name,
                f"{entry.latitude:.5f}",
                f"{entry.longitude:.5f}",
                entry.country_code,
                entry.kind,
                entry.admin1,
                f"{choice.score:.2f}",
                choice.reason,
                entry.source,
            ]
        )
    return 0


def read_control(data: Path) -> list[ControlPeriod]:
    """Control periods from a data folder's control.csv."""
    periods = []
    for row in read_table(Path(data) / "control.csv", CONTROL_COLUMNS):
        periods.append(
            ControlPeriod(
                place_id=row["place_id"],
                place=row["place"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                country_code=row["country_code"],
                controller=row["controller"],
                contested=row["contested"] == "true",
                start=date.fromisoformat(row["start"]),
                end=date.fromisoformat(row["end"]) if row["end"] else None,
                event_ids=tuple(row["event_ids"].split(";")) if row["event_ids"] else (),
                last_report=date.fromisoformat(row["last_report"]) if row["last_report"] else None,
            )
        )
    return periods


def _control(args) -> int:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        print(f"error: --date {args.date!r}: expected YYYY-MM-DD", file=sys.stderr)
        return 1
    index = ControlIndex(read_control(args.data))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "place",
            "latitude",
            "longitude",
            "controller",
            "contested",
            "since",
            "event_id",
            "controller_since",
            "last_report",
            "event_ids",
            "place_id",
        ]
    )
    for state in sorted(index.on(day), key=lambda state: (state.period.place.casefold(), state.period.place_id)):
        period = state.period
        writer.writerow(
            [
                period.place,
                f"{period.latitude:.5f}",
                f"{period.longitude:.5f}",
                period.controller,
                "true" if period.contested else "false",
                period.start.isoformat(),
                period.event_ids[0] if period.event_ids else "",
                state.controller_since.isoformat(),
                period.last_report.isoformat() if period.last_report else "",
                ";".join(period.event_ids),
                period.place_id,
            ]
        )
    return 0
