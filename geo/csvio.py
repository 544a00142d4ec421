"""File I/O at the edges: article folders in, the data directory's CSV files out.

The data directory holds ``places.csv``, ``events.csv``, ``control.csv`` and
``articles.csv``; everything is written deterministically (sorted rows, fixed
number formats, ``\\n`` line ends) so the same inputs give byte-identical files,
and atomically (a temporary file renamed into place) so a crash never leaves a
half-written file behind.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from . import locks
from .articles import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, SourceInfo, decode_article, parse_sources_csv
from .datasets import DatasetResult, read_dataset
from .errors import DataDirError, InputError
from .places import PlaceRow
from .records import Article, ArticleInput, BuildResult, ControlPeriod, Event, StateReport
from .textfile import folder_files, text_lines

PLACE_COLUMNS = (
    "place",
    "place_id",
    "mentions",
    "latitude",
    "longitude",
    "country_code",
    "kind",
    "admin1",
    "gazetteer_name",
    "source",
    "score",
    "reason",
    "articles",
    "corrected",
)
EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "date_end",
    "date_precision",
    "place",
    "place_id",
    "latitude",
    "longitude",
    "country_code",
    "location_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "controller_before",
    "controller_after",
    "contested",
    "fatalities",
    "source",
    "published",
    "origin",
    "quote",
    "notes",
    "corrected",
    "rule",
    "modality",
)
STATE_COLUMNS = (
    "state_id",
    "day",
    "since",
    "place",
    "place_id",
    "latitude",
    "longitude",
    "country_code",
    "location_precision",
    "controller",
    "source",
    "published",
    "rule",
    "partial",
    "quote",
)
CONTROL_COLUMNS = (
    "place_id",
    "place",
    "latitude",
    "longitude",
    "country_code",
    "controller",
    "contested",
    "start",
    "end",
    "event_ids",
    "last_report",
    "disputed",
    "changed_from",
    "carried_back",
)
ARTICLE_COLUMNS = ("source", "title", "outlet", "published", "published_from", "dateline", "url", "same_story_as", "sentences", "body")


def _number(value: float | None, digits: int = 5) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.{digits}f}"


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _flag(value: bool) -> str:
    return "true" if value else "false"


# A cell beginning with one of these is run as a formula by spreadsheets (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def for_people(value):
    r"""A cell a spreadsheet shows as text instead of running it (OWASP CSV injection); numbers stay numbers.

    >>> for_people('=HYPERLINK("http://x")'), for_people("@SUM(A1)"), for_people("-41.9"), for_people("Rawa")
    ('\'=HYPERLINK("http://x")', "'@SUM(A1)", '-41.9', 'Rawa')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class RowWriter:
    r"""A csv writer with "\n" line ends that keeps a carriage return inside a field.

    The csv module quotes a field only for its delimiter, quote or line-terminator characters: with
    "\n" line ends, a bare "\r" inside a field would be written unquoted and split the row when read
    back. A row holding one is written fully quoted; every other row stays byte-identical.
    ``people``: cells are neutralised with :func:`for_people` (downloads and the CLI, not data/ files).

    >>> buffer = io.StringIO(); RowWriter(buffer).writerow(["a", "line one\rline two"]); buffer.getvalue()
    '"a","line one\rline two"\n'
    """

    def __init__(self, handle, people: bool = False):
        self._plain = csv.writer(handle, lineterminator="\n")
        self._quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._people = people

    def writerow(self, row) -> None:
        cells = [for_people(cell) for cell in row] if self._people else list(row)
        writer = self._quoted if any(isinstance(cell, str) and "\r" in cell for cell in cells) else self._plain
        writer.writerow(cells)

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(columns, rows, people: bool = False, header: bool = True) -> str:
    """Rows (mappings; missing keys are empty, extra keys ignored) as CSV text in ``columns`` order."""
    buffer = io.StringIO()
    writer = RowWriter(buffer, people)
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row.get(column) for column in columns])
    return buffer.getvalue()


def write_csv_atomic(path: Path, columns: tuple[str, ...], rows: list[dict]) -> str:
    """Write rows to ``path`` through a temporary file in the same folder; return the SHA-256 of its bytes."""
    data = csv_text(columns, rows).encode("utf-8")
    write_text_atomic(path, data)
    return hashlib.sha256(data).hexdigest()


def write_text_atomic(path: Path, text: str | bytes) -> None:
    """Replace ``path`` with ``text`` atomically (write a sibling, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)  # mkstemp makes 0600; data files are for everyone to read
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def place_row(row: PlaceRow) -> dict:
    return {
        "place": row.place,
        "place_id": row.place_id,
        "mentions": ";".join(row.mentions),
        "latitude": _number(row.latitude),
        "longitude": _number(row.longitude),
        "country_code": row.country_code,
        "kind": row.kind,
        "admin1": row.admin1,
        "gazetteer_name": row.gazetteer_name,
        "source": row.source,
        "score": _number(row.score, 2),
        "reason": row.reason,
        "articles": str(row.articles),
        "corrected": row.corrected,
    }


def event_row(event: Event) -> dict:
    return {
        "event_id": event.event_id,
        "event_date": _day(event.event_date),
        "date_end": _day(event.date_end),
        "date_precision": event.date_precision,
        "place": event.place,
        "place_id": event.place_id,
        "latitude": _number(event.latitude),
        "longitude": _number(event.longitude),
        "country_code": event.country_code,
        "location_precision": str(event.location_precision),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "controller_before": event.controller_before,
        "controller_after": event.controller_after,
        "contested": _flag(event.contested),
        "fatalities": "" if event.fatalities is None else str(event.fatalities),
        "source": event.source,
        "published": _day(event.published),
        "origin": event.origin,
        "quote": event.quote,
        "notes": event.notes,
        "corrected": event.corrected,
        "rule": event.rule,
        "modality": event.modality,
    }


def state_row(state: StateReport) -> dict:
    return {
        "state_id": state.state_id,
        "day": _day(state.day),
        "since": _day(state.since),
        "place": state.place,
        "place_id": state.place_id,
        "latitude": _number(state.latitude),
        "longitude": _number(state.longitude),
        "country_code": state.country_code,
        "location_precision": str(state.location_precision),
        "controller": state.controller,
        "source": state.source,
        "published": _day(state.published),
        "rule": state.rule,
        "partial": _flag(state.partial),
        "quote": state.quote,
    }


def control_row(period: ControlPeriod) -> dict:
    return {
        "place_id": period.place_id,
        "place": period.place,
        "latitude": _number(period.latitude),
        "longitude": _number(period.longitude),
        "country_code": period.country_code,
        "controller": period.controller,
        "contested": _flag(period.contested),
        "start": _day(period.start),
        "end": _day(period.end),
        "event_ids": ";".join(period.event_ids),
        "last_report": _day(period.last_report),
        "disputed": _flag(period.disputed),
        "changed_from": _day(period.changed_from),
        "carried_back": _flag(period.carried_back),
    }


def article_row(article: Article) -> dict:
    return {
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "published": _day(article.published),
        "published_from": article.published_from,
        "dateline": article.dateline,
        "url": article.url,
        "same_story_as": article.same_story_as,  # absent from builds before geo.duplicates: read as ""
        "sentences": str(len(article.sentences)),
        "body": article.body,
    }


BUILD_TABLES = ("places.csv", "events.csv", "control.csv", "states.csv", "articles.csv")


def table_rows(result: BuildResult) -> dict[str, tuple[tuple[str, ...], list[dict]]]:
    """Each table of a build: its columns and its rows, in file order (the one schema of every file ``write_build`` writes)."""
    from .overrides import ORPHAN_COLUMNS  # here, not at the top: overrides writes its rows with csv_text

    return {
        "places.csv": (PLACE_COLUMNS, [place_row(row) for row in result.places]),
        "events.csv": (EVENT_COLUMNS, [event_row(event) for event in result.events]),
        "control.csv": (CONTROL_COLUMNS, [control_row(period) for period in result.control]),
        "states.csv": (STATE_COLUMNS, [state_row(state) for state in result.states]),
        "articles.csv": (ARTICLE_COLUMNS, [article_row(article) for article in result.articles]),
        # corrections whose event is gone and no single event has its content: the dashboard lists them
        "orphaned.csv": (ORPHAN_COLUMNS, [vars(orphan) for orphan in result.orphaned]),
    }


def csv_lines(columns, rows) -> list[str]:
    r"""Each row's CSV text (its line, or lines when a field holds a line break), header not included.

    ``header + "".join(lines)`` is exactly :func:`csv_text`; a rebuild that changes a few rows
    formats only those (:mod:`geo.incremental`).

    >>> csv_lines(("a", "b"), [{"a": "1", "b": "x,y"}, {"a": "2"}])
    ['1,"x,y"\n', '2,\n']
    """
    buffer = io.StringIO()
    writer = RowWriter(buffer)
    spans, start = [], 0
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row.get(column) for column in columns])
        spans.append((start, buffer.tell()))  # a StringIO's position counts characters
        start = spans[-1][1]
    text = buffer.getvalue()
    return [text[first:last] for first, last in spans]


def header_line(columns) -> str:
    r"""The header row of a table.

    >>> header_line(("a", "b"))
    'a,b\n'
    """
    return csv_text(columns, [])


def build_tables(result: BuildResult) -> dict[str, bytes]:
    """The CSV bytes of every table of a build (deterministic: the same inputs give the same bytes)."""
    return {name: csv_text(columns, rows).encode("utf-8") for name, (columns, rows) in table_rows(result).items()}


def write_tables(tables: dict[str, bytes], out: Path) -> dict[str, str]:
    """Write each table atomically into ``out``; return each file's SHA-256 (the build's manifest
    records them last, so a reader can tell a set left half-written by a killed build)."""
    out = Path(out)
    hashes = {}
    for name in tables:  # what a build killed while writing left behind (write_text_atomic's temporary names)
        for stale in out.glob(f".{glob.escape(name)}.*.tmp"):
            stale.unlink(missing_ok=True)
    for name, data in tables.items():
        write_text_atomic(out / name, data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def write_build(result: BuildResult, out: Path) -> dict[str, str]:
    """Write the CSV files of a build into ``out``; return each file's SHA-256."""
    return write_tables(build_tables(result), out)


def read_build_bytes(folder: Path, names: tuple[str, ...] = BUILD_TABLES) -> dict[str, bytes]:
    """The tables of a build folder as one set: read under the build's lock (a rebuild in progress
    finishes first) and checked against the hashes its manifest recorded last; a set a stopped build
    left half-new raises :class:`~geo.errors.DataDirError` saying so and what to do.
    """
    folder = Path(folder)
    with locks.reading(folder / ".build.lock", "reading the build", timeout=60):
        data = {name: (folder / name).read_bytes() for name in names if (folder / name).exists()}
        try:
            recorded = json.loads((folder / "build.json").read_text(encoding="utf-8")).get("tables", {})
        except (OSError, ValueError, AttributeError):
            recorded = {}  # no manifest (a folder written by write_build alone), or an older one
    if not isinstance(recorded, dict):
        recorded = {}
    mixed = [name for name, digest in recorded.items() if name in data and hashlib.sha256(data[name]).hexdigest() != digest]
    cut = [name for name, body in data.items() if body and not body.endswith(b"\n")]  # every table ends a row with "\n"
    if cut:
        raise DataDirError(f"{folder}: {', '.join(cut)} end in the middle of a row (truncated); rebuild: `python -m geo build --out {folder}`")
    if mixed:
        raise DataDirError(
            f"{folder}: {', '.join(mixed)} not of the build the others are of (a build was stopped while writing); "
            f"rebuild: `python -m geo build --out {folder}`"
        )
    return data


def article_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Article files under the given folders/files, and messages for unusable paths."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            listed, notes = folder_files(path, ARTICLE_SUFFIXES)  # links are skipped with a note, never followed
            files.extend(listed)
            problems.extend(notes)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    # a file named twice (its folder and itself, or DATA/articles/ given as --articles) is read once
    return list({file.resolve(): file for file in files}.values()), problems


def read_sources(paths: list[Path]) -> tuple[dict[str, SourceInfo], list[str]]:
    """``sources.csv`` of every article folder (a file's own folder for files)."""
    table: dict[str, SourceInfo] = {}
    problems: list[str] = []
    folders = []
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        if folder not in folders:
            folders.append(folder)
    for folder in folders:
        sources = folder / "sources.csv"
        if sources.is_symlink():
            problems.append(str(InputError(str(sources), "skipped: a link; links are not followed, put the file itself in the folder")))
        elif sources.exists():
            try:
                table.update(parse_sources_csv(sources.read_text(encoding="utf-8"), str(sources)))
            except (InputError, UnicodeDecodeError) as error:
                problems.append(str(error) if isinstance(error, InputError) else f"{sources}: not UTF-8 text")
    return table, problems


def read_articles(paths: list[Path]) -> tuple[list[ArticleInput], list[str]]:
    """Decode every article file; unreadable ones become one-line messages."""
    files, problems = article_files(paths)
    sources, source_problems = read_sources(paths)
    problems.extend(source_problems)
    inputs: list[ArticleInput] = []
    for file in files:
        try:
            size = file.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                raise InputError(str(file), f"file is {size / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1_000_000} MB")
            text = decode_article(str(file), file.read_bytes())
        except InputError as error:
            problems.append(str(error))
            continue
        inputs.append(ArticleInput(file.name, text, sources.get(file.name)))
    return inputs, problems


def read_dataset_file(path: Path, progress: Callable[[float], None] | None = None) -> DatasetResult:
    """Open a UCDP GED or ACLED CSV file and read its events in one pass, a line at a time.

    Memory is bounded by the events kept, not by the file: there is no size limit below the
    disk's. ``progress(fraction)`` is told how much of the file has been read.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    total = max(1, path.stat().st_size)
    told = None if progress is None else (lambda done: progress(min(1.0, done / total)))
    with open(path, "rb") as handle:
        return _read_dataset_lines(path.name, text_lines(path.name, handle, DATASET_ADVICE, told))


DATASET_ADVICE = "save the dataset as CSV text"


def read_dataset_bytes(name: str, data: bytes) -> DatasetResult:
    """Read a dataset from bytes (an upload)."""
    return _read_dataset_lines(name, text_lines(name, io.BytesIO(data), DATASET_ADVICE))


def _read_dataset_lines(name: str, lines) -> DatasetResult:
    reader = csv.DictReader(lines)
    try:
        columns = [column.strip() for column in (reader.fieldnames or [])]
    except csv.Error as error:
        raise InputError(name, f"not CSV ({error})") from None
    if not any(columns):
        raise InputError(name, "file is empty")
    reader.fieldnames = columns
    return read_dataset(name, _rows(name, reader), columns)


def _rows(name: str, reader: csv.DictReader):
    try:
        yield from reader
    except csv.Error as error:
        raise InputError(f"{name}:{reader.line_num}", f"not CSV ({error}); {DATASET_ADVICE}") from None


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict]:
    """Read one of the data directory's CSV files, checking its header."""
    path = Path(path)
    if not path.exists():
        raise DataDirError(f"{path}: missing; run `python -m geo build --out {path.parent}`")
    advice = f"rebuild it with `python -m geo build --out {path.parent}`"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise DataDirError(f"{path}: not UTF-8 text (binary, or not written by this program); {advice}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)  # strict: a quote left open by a cut file is an error
    try:
        missing = [column for column in columns if column not in (reader.fieldnames or ())]
        if missing:
            raise DataDirError(f"{path}: missing columns {', '.join(missing)}; {advice}")
        rows = list(reader)
    except csv.Error as error:
        raise DataDirError(f"{path}: line {reader.line_num}: not CSV ({error}; truncated?); {advice}") from None
    for number, row in enumerate(rows, start=1):
        if None in row or None in row.values():
            raise DataDirError(f"{path}: row {number} has not as many cells as the header (truncated?); {advice}")
    return rows
