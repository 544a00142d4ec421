"""``python -m geo``: build the data, geocode names, ask who held what on a date.

The CLI is the edge of the library: it reads files, calls the pure stages and
writes results. Messages about bad inputs go to stderr, one line each; the exit
status is 2 when an input was rejected, 1 on a usage or data-directory error.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from . import frames, realtext
from .articles import parse_sources_csv
from .control import ControlIndex
from .csvio import CONTROL_COLUMNS, EVENT_COLUMNS, RowWriter, csv_text, read_articles, read_table
from .errors import ConflictMapError, DataDirError, InputError
from .gazetteer import CURATED_PATH, EXTRACT_PATH, PROJECT_DIR, load_gazetteer, write_geonames_extract
from .geocode import ambiguity_note, place_alone, resolve_all
from .ingest import OVERRIDE_COLUMNS, UNRESOLVED_FILE, added_gazetteers, apply_corrections, gazetteer_files, read_corrections, rebuild, record_correction
from .online import OnlineGeocoder, cached_entries, lookup_all
from .overrides import ORPHAN_COLUMNS, event_content
from .pipeline import build
from .records import ControlPeriod
from .textfile import escaped

DEFAULT_ARTICLES = PROJECT_DIR / "seeds"
DEFAULT_DATA = PROJECT_DIR / "data"
GAZETTEER_HELP = "GeoNames dump to add (CC.txt or CC.zip from download.geonames.org/export/dump/; repeatable; also $CONFLICT_MAP_GAZETTEERS)"
UNPLACED_SHOWN = 25


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
    build_cmd.add_argument("--gazetteer", action="append", type=Path, default=[], help=GAZETTEER_HELP)
    geocode_cmd = commands.add_parser("geocode", help="place names with the offline gazetteer; CSV on stdout")
    geocode_cmd.add_argument("--country", default="", help="restrict to country codes, e.g. IQ or IQ,SY")
    geocode_cmd.add_argument("--together", action="store_true", help="resolve the names as places of one article (context helps)")
    geocode_cmd.add_argument("--gazetteer", action="append", type=Path, default=[], help=GAZETTEER_HELP)
    geocode_cmd.add_argument("names", nargs="+")
    control_cmd = commands.add_parser("control", help="who held each place on a date; CSV on stdout")
    control_cmd.add_argument("--date", required=True, help="YYYY-MM-DD")
    control_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data/)")
    evaluate_cmd = commands.add_parser("evaluate", help="score a build against an evaluation set's gold (probes, events, dates)")
    evaluate_cmd.add_argument(
        "--set", dest="eval_set", type=Path, required=True, help="folder with articles/, gold_control.csv, gold_events.csv, gold_places.csv"
    )
    evaluate_cmd.add_argument(
        "--gazetteer", dest="eval_gazetteer", action="extend", nargs="+", type=Path, default=[], help="GeoNames dump(s) to add to the gazetteer"
    )
    evaluate_cmd.add_argument("--verbose", action="store_true", help="also list what is right")
    evaluate_cmd.add_argument("--json", dest="eval_json", type=Path, help="write the summary figures to this JSON file")
    places_cmd = commands.add_parser("places", help="report on a build's places: --unresolved lists what could not be placed (CSV on stdout)")
    places_cmd.add_argument("--unresolved", action="store_true", required=True, help="names in no gazetteer, or ambiguous, with counts and an example")
    places_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data/)")
    correct_cmd = commands.add_parser("correct", help="record an analyst's correction of an event or a place and re-apply the corrections")
    correct_cmd.add_argument("target_type", choices=("event", "place"))
    correct_cmd.add_argument("target_id", help="the event_id (events.csv) or place_id (places.csv)")
    correct_cmd.add_argument("field", help="e.g. controller_after, event_date, contested, not_event; latitude/longitude for a place")
    correct_cmd.add_argument("value")
    correct_cmd.add_argument("--note", default="", help="why (the source of the correction)")
    correct_cmd.add_argument("--author", help="who (default: the user running the command)")
    correct_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data/)")
    corrections_cmd = commands.add_parser("corrections", help="every correction of a data folder, CSV on stdout (--orphaned: those no event carries)")
    corrections_cmd.add_argument("--orphaned", action="store_true", help="only the corrections the last build could not attach")
    corrections_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data/)")
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
        if args.command == "places":
            return _places(args)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "correct":
            return _correct(args)
        if args.command == "corrections":
            return _corrections(args)
        if args.command == "gazetteer":
            rows = write_geonames_extract(EXTRACT_PATH)
            _say(f"wrote {EXTRACT_PATH} ({rows} places)")
            return 0
    except ConflictMapError as error:
        _say(f"error: {error}")
        return 1
    except OSError as error:
        # a full disk, a read-only folder, a file that vanished: one line naming it, what was saved stays
        where = error.filename or "a file"
        _say(f"error: {where}: {error.strerror or error}; nothing already saved was changed (writes are atomic); free space or fix permissions and run again")
        return 1
    return 1  # pragma: no cover - argparse requires a command


def _say(message) -> None:
    """One line on stderr; a file name in it cannot forge lines (control characters are escaped)."""
    print(escaped(str(message)), file=sys.stderr)


def _warn(message: str) -> None:
    _say(f"warning: {message}")


def _correct(args) -> int:
    """Record one correction (kept in the store, exported to overrides.csv) and re-apply the corrections."""
    started = time.perf_counter()
    folder = Path(args.data)
    content = ""
    if args.target_type == "event":
        table = read_table(folder / "events.csv", EVENT_COLUMNS) if (folder / "events.csv").exists() else []
        rows = [row for row in table if row["event_id"] == args.target_id]
        if not rows:
            _say(f"error: {folder / 'events.csv'}: no event {args.target_id}; `python -m geo build --out {folder}` first, or check the id")
            return 1
        content = event_content(SimpleNamespace(**rows[0]))
    record_correction(folder, args.target_type, args.target_id, args.field, args.value, args.note, content=content, author=args.author)
    result = apply_corrections(folder).result
    for note in result.notes:
        _say(f"override: {note}")
    seconds = time.perf_counter() - started
    _say(f"corrected {args.target_type} {args.target_id}: {args.field} = {args.value}; {len(result.orphaned)} orphaned -> {folder} ({seconds:.2f} s)")
    return 0


def _corrections(args) -> int:
    """Every correction as CSV (for people: cells neutralised), or only the orphaned ones of the last build."""
    folder = Path(args.data)
    if args.orphaned:
        columns, rows = ORPHAN_COLUMNS, read_table(folder / "orphaned.csv", ORPHAN_COLUMNS) if (folder / "orphaned.csv").exists() else []
    else:
        columns, rows = OVERRIDE_COLUMNS, read_corrections(folder).rows
    sys.stdout.write(csv_text(columns, rows, people=True))
    return 0


def _dataset_progress():
    """A progress callback that says, every tenth, how far a large dataset file has been read."""
    shown: dict[str, int] = {}

    def told(share: float, what: str) -> None:
        if what.startswith("dataset ") and int(share * 10) > shown.get(what, 0):
            shown[what] = int(share * 10)
            _say(f"reading {what[len('dataset ') :]}: {share:.0%}")

    return told


def _build(args) -> int:
    started = time.perf_counter()
    out = Path(args.out)
    try:
        articles, gazetteers = list(args.articles or [DEFAULT_ARTICLES]), gazetteer_files(args.gazetteer)
        done = rebuild(out, articles, list(args.events), gazetteers=gazetteers, progress=_dataset_progress())
    except ConflictMapError as error:
        _say(error)
        return 1
    result = done.result
    for summary in done.datasets:
        _say(summary)
    if args.online and result.unresolved:
        found = lookup_all(list(result.unresolved), OnlineGeocoder(), _warn)
        if found:
            cached = cached_entries(out / "places.csv")
            files = gazetteer_files(args.gazetteer) + added_gazetteers(out)
            gazetteer = load_gazetteer(EXTRACT_PATH, CURATED_PATH, tuple(cached + found), imports=tuple(files))
            result = rebuild(out, list(args.articles or [DEFAULT_ARTICLES]), list(args.events), gazetteer, gazetteers=gazetteer_files(args.gazetteer)).result
    for message in result.rejected:
        _say(f"rejected: {message}")
    for note in result.notes:
        _say(f"override: {note}")
    _say(
        f"{len(result.articles)} articles read, {len(result.rejected)} rejected; {len(result.events)} events; "
        f"{len(result.places)} places; {len(result.control)} control periods -> {out} ({time.perf_counter() - started:.1f} s)"
    )
    if result.unresolved:
        _say(f"unresolved names ({len(result.unresolved)}): {', '.join(result.unresolved)}")
    if result.ambiguous:
        _say(f"ambiguous names, left unplaced ({len(result.ambiguous)}): {', '.join(result.ambiguous)}")
    for row in result.unplaced[:UNPLACED_SHOWN]:
        note = f" [{row.candidates}]" if row.candidates else ""
        _say(f"  {row.status} {row.name!r} x{row.count}{note}: {row.source}: {row.example[:160]}")
    if len(result.unplaced) > UNPLACED_SHOWN:
        more = len(result.unplaced) - UNPLACED_SHOWN
        _say(f"  ... {more} more in {out / UNRESOLVED_FILE} (python -m geo places --unresolved --data {out})")
    if result.outside:
        _say(f"outside the theatre, not mapped ({len(result.outside)}): {', '.join(result.outside)}")
    code = 2 if result.rejected else 0
    del done, result  # the build's records: the frames need the memory
    _prepare_frames(out)
    return code


def _prepare_frames(out: Path) -> None:
    """Work out the dashboard's frames of the new build now, so its first start reads them (geo/frames.py)."""
    started = time.perf_counter()
    try:
        frames.prepare(out)
    except Exception as error:  # an optional step after a build that stands: the dashboard works them out itself
        _say(f"dashboard frames not kept ({error}); the dashboard works them out on its first start")
        return
    _say(f"dashboard frames kept for the first start ({time.perf_counter() - started:.1f} s)")


def _geocode(args) -> int:
    countries = tuple(code.strip().upper() for code in args.country.split(",") if code.strip()) or None
    gazetteer = load_gazetteer(imports=tuple(gazetteer_files(args.gazetteer)))
    writer = RowWriter(sys.stdout, people=True)  # for a person and a spreadsheet: no formula runs
    writer.writerow(["query", "name", "latitude", "longitude", "country_code", "kind", "admin1", "score", "reason", "source"])
    together = resolve_all(args.names, gazetteer, countries) if args.together else None
    for name in args.names:
        choice, ambiguous = (together.chosen.get(name), together.ambiguous.get(name)) if together else place_alone(name, gazetteer, countries)
        if ambiguous is not None:
            writer.writerow([name, "", "", "", "", "", "", "", f"ambiguous: {ambiguity_note(ambiguous)}; nothing tells them apart", ""])
            continue
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
    path = Path(data) / "control.csv"
    for number, row in enumerate(read_table(path, CONTROL_COLUMNS), start=1):
        try:
            periods.append(_period(row))
        except ValueError as error:  # a hand-edited or damaged cell: one line, not a traceback
            raise DataDirError(f"{path}: row {number}: {error}; rebuild it with `python -m geo build --out {path.parent}`") from None
    return periods


def _period(row: dict) -> ControlPeriod:
    return ControlPeriod(
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
        disputed=row["disputed"] == "true",
        changed_from=date.fromisoformat(row["changed_from"]) if row["changed_from"] else None,
        carried_back=row.get("carried_back") == "true",
    )


def _control(args) -> int:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        _say(f"error: --date {args.date!r}: expected YYYY-MM-DD")
        return 1
    index = ControlIndex(read_control(args.data))
    writer = RowWriter(sys.stdout, people=True)  # for a person and a spreadsheet: no formula runs
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
            "disputed",
            "changed_from",
            "carried_back",
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
                "true" if period.disputed else "false",
                period.changed_from.isoformat() if period.changed_from else "",
                "true" if period.carried_back else "false",
            ]
        )
    return 0


def read_gold_set(folder: Path) -> realtext.GoldSet:
    """The gold of an evaluation folder (see :mod:`geo.realtext`) and its sources.csv dates."""
    folder = Path(folder)
    tables = {}
    for name, columns in (
        ("gold_places.csv", realtext.GOLD_PLACE_COLUMNS),
        ("gold_control.csv", realtext.GOLD_CONTROL_COLUMNS),
        ("gold_events.csv", realtext.GOLD_EVENT_COLUMNS),
    ):
        tables[name] = read_table(folder / name, columns)
    sources = folder / "articles" / "sources.csv"
    if not sources.is_file():
        raise InputError(str(sources), "missing; an evaluation set needs articles/sources.csv with the publication dates")
    published = {name: info.published for name, info in parse_sources_csv(sources.read_text(encoding="utf-8"), str(sources)).items() if info.published}
    return realtext.GoldSet(
        places=realtext.gold_places(tables["gold_places.csv"], str(folder / "gold_places.csv")),
        probes=realtext.gold_probes(tables["gold_control.csv"], str(folder / "gold_control.csv")),
        events=realtext.gold_events(tables["gold_events.csv"], str(folder / "gold_events.csv")),
        published=published,
    )


def evaluate_set(folder: Path, gazetteer_files: list[Path] = ()) -> realtext.Score:
    """Build an evaluation folder's articles in a temporary folder and score the build.

    The articles are built twice: as ``python -m geo build`` would (into a
    temporary data folder, whose control.csv is read back as ``python -m geo
    control`` reads it), and once more with sources.csv's dates blanked, to see
    which dates the texts give.
    """
    folder = Path(folder)
    gold = read_gold_set(folder)
    articles = folder / "articles"
    gazetteer = load_gazetteer(EXTRACT_PATH, CURATED_PATH, imports=tuple(gazetteer_files)) if gazetteer_files else None
    with tempfile.TemporaryDirectory(prefix="geo-evaluate-") as out:
        done = rebuild(Path(out), [articles], [], gazetteer)
        periods = read_control(Path(out))
    inputs, _ = read_articles([articles])
    undated = [replace(item, info=replace(item.info, published=None) if item.info else None) for item in inputs]
    blank = build(undated, gazetteer if gazetteer is not None else load_gazetteer())
    result = done.result
    return realtext.evaluate(gold, result.places, result.events, periods, blank.articles)


def _evaluate(args) -> int:
    score = evaluate_set(args.eval_set, list(args.eval_gazetteer))
    for line in realtext.report_lines(score, args.verbose):
        print(escaped(line))
    if args.eval_json:
        summary = {"set": str(args.eval_set), **score.summary()}
        Path(args.eval_json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


def _places(args) -> int:
    """``places --unresolved``: the build's unplaced names, most frequent first."""
    path = Path(args.data) / UNRESOLVED_FILE
    if not path.is_file():
        _say(f"error: {path}: no such report; rebuild with `python -m geo build --out {args.data}`")
        return 1
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0
