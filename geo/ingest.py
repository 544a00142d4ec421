"""Bringing in the user's own sources, safely: preview, save, remove, rebuild.

An edge module (it touches files), shared by the dashboard and the CLI. Articles
added by a user live in ``DATA/articles/`` and datasets in ``DATA/datasets/``,
beside the build they feed, so ``python -m geo build`` reads them too and a
rebuild never drops them. Nothing is ever overwritten:

- a saved file gets a name no other file has (``report.txt``, ``report-2.txt``),
  and appears whole or not at all (written to a temporary file, then linked
  into place, which fails rather than replace an existing file);
- a removed file is moved to ``.removed/`` beside it, never deleted;
- rebuilds, ``sources.csv`` and ``overrides.csv`` updates take an exclusive
  lock, so two sessions saving at once both land.

>>> unique_name("Hawija report (1).HTML")
'Hawija_report_1.html'
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import locks
from .articles import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, SourceInfo, decode_article, parse_article, parse_sources_csv
from .csvio import RowWriter, csv_text, read_articles, read_dataset_bytes, read_dataset_file, write_tables, write_text_atomic
from .errors import ConflictMapError, InputError
from .gazetteer import CURATED_PATH, EXTRACT_PATH, PACKAGE_DIR, PROJECT_DIR, Gazetteer, load_gazetteer
from .geonames import file_sha256
from .incremental import make_base, recorrect
from .online import cached_entries
from .overrides import COLUMNS as OVERRIDE_COLUMNS
from .overrides import OVERRIDES_FILE, Overrides, correction_row
from .records import Article, ArticleInput, BuildResult, Event
from .store import Store, seal, sha256_hex, unseal
from .textfile import folder_files

SEEDS = PROJECT_DIR / "seeds"
ADDED_ARTICLES = "articles"
ADDED_DATASETS = "datasets"
ADDED_GAZETTEERS = "gazetteers"
GAZETTEER_SUFFIXES = (".zip", ".txt")
GAZETTEERS_ENV = "CONFLICT_MAP_GAZETTEERS"  # os.pathsep-separated GeoNames dumps every build adds
UNRESOLVED_FILE = "unresolved.csv"  # every name a build could not place, with a count and an example
UNRESOLVED_COLUMNS = ("name", "status", "count", "candidates", "source", "example")
REMOVED = ".removed"
SOURCES_FILE = "sources.csv"
MANIFEST = "build.json"  # what a data folder was built from, so a rebuild keeps it
SOURCES_COLUMNS = ("file", "outlet", "published", "title", "url")
DATASET_SUFFIXES = (".csv",)
_ADDED_KINDS = ((ADDED_ARTICLES, ARTICLE_SUFFIXES), (ADDED_DATASETS, DATASET_SUFFIXES), (ADDED_GAZETTEERS, GAZETTEER_SUFFIXES))


def unique_name(name: str, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> str:
    """A safe file name from an uploaded one: no folders, no odd characters, a known suffix."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    suffix = suffix.lower() if suffix.lower() in suffixes else suffixes[0]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "upload"
    return f"{stem[:80]}{suffix}"


@contextmanager
def locked(folder: Path, name: str = ".lock") -> Iterator[None]:
    """An exclusive lock on ``folder`` (one writer at a time, across processes and threads), with a timeout
    and a message naming the holder (:func:`geo.locks.locked`)."""
    with locks.locked(Path(folder) / name, f"writing {Path(folder).name}/ ({name.strip('.').removesuffix('.lock')})"):
        yield


def save_new_file(folder: Path, name: str, data: bytes, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> Path:
    """Write ``data`` under a name no file in ``folder`` has yet; never overwrite.

    The bytes go to a temporary file first, which is then hard-linked to the
    chosen name: the link fails if the name was taken meanwhile (we try the
    next), and the file is complete the moment it appears.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = unique_name(name, suffixes)
    stem, suffix = os.path.splitext(wanted)
    handle, temporary = tempfile.mkstemp(prefix=".upload.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for number in range(1, 10_000):
            target = folder / (wanted if number == 1 else f"{stem}-{number}{suffix}")
            if (folder / REMOVED / target.name).exists():
                continue  # a removed file keeps its name, so restoring it never clashes
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            return target
        raise InputError(name, f"no free file name left in {folder}")
    finally:
        os.unlink(temporary)


@dataclass(frozen=True)
class ArticlePreview:
    """What an uploaded article would add, before it is saved."""

    name: str
    data: bytes
    article: Article | None = None
    events: tuple[Event, ...] = ()
    places: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()
    error: str = ""  # one line: the file and the reason it cannot be used
    needs_date: bool = False  # readable, but no publication date: ask for one
    ambiguous: tuple[str, ...] = ()  # names whose far-apart namesakes nothing told apart ("Nurayn (A or B, 200 km apart)")

    @property
    def usable(self) -> bool:
        return self.article is not None


def preview_article(name: str, data: bytes, gazetteer: Gazetteer, published: date | None = None) -> ArticlePreview:
    """Read an upload as the build would (``published`` fills a missing date)."""
    if len(data) > MAX_ARTICLE_BYTES:
        return ArticlePreview(name, b"", error=f"{name}: file is {len(data) / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES // (1024 * 1024)} MB")
    try:
        text = decode_article(name, data)
    except InputError as error:
        return ArticlePreview(name, b"", error=str(error))
    info = SourceInfo(file=name, published=published) if published else None
    try:
        article = parse_article(name, text, info)
    except ConflictMapError as error:
        return ArticlePreview(name, data, error=str(error), needs_date=True)
    from .pipeline import analyse_article, place_rows  # the extraction, loaded when first needed (see rebuild)

    analysis = analyse_article(article, gazetteer)
    rows = place_rows([analysis])
    names = {row.place_id: row.place for row in rows}  # the article's own spelling, as the build shows it
    events = tuple(replace(event, place=names.get(event.place_id, event.place)) for event in analysis.events)
    preview = ArticlePreview(name, data, article, events, tuple(sorted(names.values())), analysis.unresolved, analysis.outside)
    return replace(preview, ambiguous=tuple(f"{name} ({note})" if note else name for name, note in analysis.ambiguity))


def record_source(folder: Path, file_name: str, published: date, outlet: str = "", title: str = "") -> None:
    """Add a row to the folder's ``sources.csv`` (under the lock; keeps every other row)."""
    folder = Path(folder)
    with locked(folder, ".sources.lock"):
        path = folder / SOURCES_FILE
        rows = []
        if path.exists():
            parse_sources_csv(path.read_text(encoding="utf-8"), str(path))  # refuse to rewrite a broken file
            with open(path, encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        rows = [row for row in rows if row.get("file") != file_name]
        rows.append({"file": file_name, "outlet": outlet, "published": published.isoformat(), "title": title, "url": ""})
        write_text_atomic(path, csv_text(SOURCES_COLUMNS, rows))


def save_article(data_dir: Path, preview: ArticlePreview, published: date | None = None) -> Path:
    """Save a previewed article into ``DATA/articles/`` (and its date, if the user gave one)."""
    if not preview.usable:
        raise InputError(preview.name, preview.error or "not a usable article")
    folder = Path(data_dir) / ADDED_ARTICLES
    target = save_new_file(folder, preview.name, preview.data)
    if published is not None:
        record_source(folder, target.name, published)
    return target


def _added(data_dir: Path, kind: str, suffixes: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """The files of ``DATA/<kind>/`` by name, and a note per link skipped (links are never followed)."""
    return folder_files(Path(data_dir) / kind, suffixes, within=Path(data_dir))


def added_articles(data_dir: Path) -> list[Path]:
    """The articles a user added, by name."""
    return _added(data_dir, ADDED_ARTICLES, ARTICLE_SUFFIXES)[0]


def added_datasets(data_dir: Path) -> list[Path]:
    """The event datasets a user added, by name."""
    return _added(data_dir, ADDED_DATASETS, DATASET_SUFFIXES)[0]


def remove_added(path: Path) -> Path:
    """Move an added file to ``.removed/`` beside it (restorable; nothing is deleted)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    bin_folder = path.parent / REMOVED
    bin_folder.mkdir(exist_ok=True)
    target = bin_folder / path.name
    number = 2
    while target.exists():
        target = bin_folder / f"{path.stem}-{number}{path.suffix}"
        number += 1
    os.replace(path, target)
    return target


def check_dataset(name: str, data: bytes):
    """Read an uploaded dataset without saving it: its events and its row errors."""
    return read_dataset_bytes(name, data)


def save_dataset(data_dir: Path, name: str, data: bytes) -> Path:
    """Save a checked dataset into ``DATA/datasets/`` under a new name."""
    return save_new_file(Path(data_dir) / ADDED_DATASETS, name, data, DATASET_SUFFIXES)


def added_gazetteers(data_dir: Path) -> list[Path]:
    """The GeoNames dumps a user added to this data folder, by name."""
    return _added(data_dir, ADDED_GAZETTEERS, GAZETTEER_SUFFIXES)[0]


def gazetteer_files(explicit: list[Path] = (), environ: dict | None = None) -> list[Path]:
    """Gazetteers named on the command line, then those of ``$CONFLICT_MAP_GAZETTEERS``.

    >>> [str(p) for p in gazetteer_files([Path("SY.zip")], {"CONFLICT_MAP_GAZETTEERS": "IQ.zip" + os.pathsep + "SY.zip"})]
    ['SY.zip', 'IQ.zip']
    """
    environ = os.environ if environ is None else environ
    from_env = [Path(part) for part in environ.get(GAZETTEERS_ENV, "").split(os.pathsep) if part.strip()]
    return list(dict.fromkeys(Path(path) for path in [*explicit, *from_env]))


def check_gazetteer(name: str, data: bytes, progress: Callable[[float, str], None] | None = None):
    """Import an uploaded GeoNames dump without saving it (its index lands in the cache).

    Returns the :class:`geo.geonames.ImportedGazetteer`; a file that is not a dump raises InputError.
    """
    from .geonames import import_gazetteer

    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in GAZETTEER_SUFFIXES else ".txt"
    with tempfile.TemporaryDirectory(prefix="geo-gazetteer-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            imported = import_gazetteer(path, progress=progress)
        except InputError as error:
            raise InputError(name, error.reason) from None
    if not imported.rows:
        raise InputError(name, "no populated place (GeoNames feature class P) in this file")
    return imported


def save_gazetteer(data_dir: Path, name: str, data: bytes) -> Path:
    """Save a checked GeoNames dump into ``DATA/gazetteers/`` under a new name (never overwriting)."""
    return save_new_file(Path(data_dir) / ADDED_GAZETTEERS, name, data, GAZETTEER_SUFFIXES)


def recorded_gazetteers(data_dir: Path) -> list[Path]:
    """The GeoNames dumps the last build of ``data_dir`` used (``build.json``)."""
    return _from_manifest(Path(data_dir))[2] if (Path(data_dir) / MANIFEST).exists() else []


def data_gazetteer(data_dir: Path, extra_files: list[Path] = ()) -> Gazetteer:
    """The gazetteer a rebuild of ``data_dir`` uses: its recorded and added dumps, ``extra_files``, its online cache."""
    data_dir = Path(data_dir)
    imports = tuple(dict.fromkeys([*recorded_gazetteers(data_dir), *extra_files, *added_gazetteers(data_dir)]))
    return load_gazetteer(EXTRACT_PATH, CURATED_PATH, tuple(cached_entries(data_dir / "places.csv")), imports=imports)


def map_credits(data_dir: Path) -> str:
    """The credits the map must show for this build's gazetteers ("" when only the built-in ones)."""
    manifest = Path(data_dir) / MANIFEST
    try:
        return "; ".join(json.loads(manifest.read_text(encoding="utf-8")).get("attribution", []))
    except (OSError, ValueError, AttributeError):
        return ""  # no build yet, or an older manifest: nothing extra to credit


def unresolved_csv(result: BuildResult) -> str:
    """The build's unplaced names as CSV (``unresolved.csv``), most frequent first."""
    buffer = io.StringIO()
    writer = RowWriter(buffer)
    writer.writerow(UNRESOLVED_COLUMNS)
    for row in result.unplaced:
        writer.writerow([row.name, row.status, row.count, row.candidates, row.source, row.example])
    return buffer.getvalue()


@dataclass(frozen=True)
class Rebuild:
    """A build of a data directory and the messages it produced."""

    result: BuildResult
    datasets: tuple[str, ...] = field(default_factory=tuple)  # "file: N UCDP events" per dataset read


def _portable(path: Path, data_dir: Path) -> str:
    """``path`` as ``build.json`` records it: relative to the data folder (``../seeds`` for ``data/``)."""
    return os.path.relpath(Path(path).resolve(), Path(data_dir).resolve())


# What a build.json entry of each kind may name besides a folder (articles) -- never any other file.
_MANIFEST_SUFFIXES = {"articles": ARTICLE_SUFFIXES, "events": DATASET_SUFFIXES, "gazetteers": GAZETTEER_SUFFIXES}
_MANIFEST_ADVICE = {
    "articles": "put the articles in DATA/articles/ or name them with `python -m geo build --articles PATH --out DATA`",
    "events": "put the dataset in DATA/datasets/ or name it with `python -m geo build --events PATH --out DATA`",
    "gazetteers": "add the dump to DATA/gazetteers/ (the dashboard does) or name it in $CONFLICT_MAP_GAZETTEERS",
}


def _manifest_path(data_dir: Path, kind: str, entry) -> tuple[Path | None, str]:
    """One ``build.json`` entry as a path to read, or None and the one-line reason it is refused.

    An entry is relative to the data folder and must stay inside it or inside the
    project (whose ``seeds/`` a default build reads); older manifests wrote paths
    relative to the project, which are still found. Absolute paths, ``..`` out of
    both, links out of both, hidden paths and files of another kind are refused: a
    manifest is a file in a folder others may hand over, and must not make a
    rebuild read ``/etc``.
    """
    where = f"{Path(data_dir) / MANIFEST}: {kind} entry {entry!r}"
    if not isinstance(entry, str) or not entry.strip():
        return None, str(InputError(where, "not a path; rebuild once with `python -m geo build --out DIR`"))
    relative = Path(entry)
    if relative.is_absolute() or entry.startswith("~"):
        return None, str(InputError(where, f"an absolute path, not read (entries are relative to the data folder); {_MANIFEST_ADVICE[kind]}"))
    if any(part.startswith(".") and part != ".." for part in relative.parts):
        return None, str(InputError(where, f"a hidden path, not read; {_MANIFEST_ADVICE[kind]}"))
    data_dir = Path(data_dir).resolve()
    path = data_dir / relative
    if not path.exists() and (PROJECT_DIR / relative).exists():
        path = PROJECT_DIR / relative  # an older manifest: relative to the project
    real = path.resolve()
    if not (real.is_relative_to(data_dir) or real.is_relative_to(PROJECT_DIR)):
        return None, str(InputError(where, f"resolves outside the data folder, not read; {_MANIFEST_ADVICE[kind]}"))
    if real.is_file() and real.suffix.lower() not in _MANIFEST_SUFFIXES[kind]:
        return None, str(InputError(where, f"not a {'/'.join(_MANIFEST_SUFFIXES[kind])} file, not read; {_MANIFEST_ADVICE[kind]}"))
    return path, ""


def _from_manifest(data_dir: Path) -> tuple[list[Path], list[Path], list[Path], list[str]]:
    """What ``build.json`` says the folder was built from (articles, events, gazetteers), and a line per refused entry."""
    manifest = Path(data_dir) / MANIFEST
    if not manifest.exists():
        return [SEEDS], [], [], []
    if manifest.is_symlink():
        raise InputError(str(manifest), "a link, not read (links are not followed); rebuild once with `python -m geo build --out DIR`")
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        lists = [recorded["articles"], recorded["events"], recorded.get("gazetteers", [])]
        if not all(isinstance(entries, list) for entries in lists):
            raise TypeError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(str(manifest), "not a build manifest; rebuild once with `python -m geo build --out DIR`") from None
    kept: list[list[Path]] = [[], [], []]
    refused: list[str] = []
    for kind, entries, paths in zip(("articles", "events", "gazetteers"), lists, kept):
        for entry in entries:
            path, reason = _manifest_path(data_dir, kind, entry)
            if path is None:
                refused.append(reason)
            else:
                paths.append(path)
    return kept[0], kept[1], kept[2], refused


def extractor_version(gazetteer: Gazetteer) -> str:
    """What a cached extraction depends on: the code of ``geo`` and the gazetteer's content ("" = not cacheable).

    >>> extractor_version(load_gazetteer()) == extractor_version(load_gazetteer())
    True
    """
    key = getattr(gazetteer, "content_key", "")
    return sha256_hex(code_digest() + key) if key else ""


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the code of ``geo`` and its resources: what every cache of derived data is keyed by."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE_DIR.glob("*.py"), *(PACKAGE_DIR / "resources").glob("*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def input_key(item: ArticleInput) -> str:
    """An article input's identity for the extraction cache: its name, its text and its sources.csv row."""
    info = item.info
    described = [item.source, item.text] + ([info.outlet, info.published.isoformat() if info.published else "", info.title, info.url] if info else [])
    return sha256_hex("\x1f".join(described))


def _article_record(item: ArticleInput) -> tuple[str, str, str, str, str]:
    info = item.info
    return (item.source, item.text, info.outlet if info else "", info.published.isoformat() if info and info.published else "", info.title if info else "")


def read_corrections(data_dir: Path, store: Store | None = None) -> Overrides:
    """The corrections of a data folder, from its store (an older ``overrides.csv`` is imported once, row by row)."""
    store = store or Store.open(data_dir)
    legacy = Path(data_dir) / OVERRIDES_FILE
    if legacy.exists():
        store.import_corrections(Overrides.read(legacy).rows)
    return Overrides(store.corrections())


def record_correction(
    data_dir: Path, target_type: str, target_id: str, field: str, value: str, note: str = "", *, content: str = "", author: str | None = None
) -> dict:
    """Validate one correction, keep it in the store, and export every correction to ``overrides.csv`` (readable, versionable)."""
    row = correction_row(target_type, target_id, field, value, note, content=content, author=author)
    store = Store.open(data_dir)
    read_corrections(data_dir, store)  # an older overrides.csv is in the store before the export replaces it
    stored = store.add_correction(row)
    with locked(data_dir, f".{OVERRIDES_FILE}.lock"):
        write_text_atomic(Path(data_dir) / OVERRIDES_FILE, csv_text(OVERRIDE_COLUMNS, store.corrections()))
    return stored


def rebuild(
    data_dir: Path,
    articles: list[Path] | None = None,
    datasets: list[Path] | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[float, str], None] | None = None,
    gazetteers: list[Path] | None = None,
) -> Rebuild:
    """Build ``data_dir`` from its inputs, its added articles and its added datasets.

    ``articles`` and ``datasets`` default to what the last build of this folder
    used (``build.json``), or the seeds: so a rebuild from the dashboard keeps
    whatever the folder was built from. Holds the folder's lock from reading
    the inputs to writing the files, so concurrent rebuilds run one after the
    other and the last one sees every saved input. Articles seen before (same
    name, text and sources row, same code and gazetteer) are not analysed again:
    their extraction comes from the store.
    """
    data_dir = Path(data_dir)
    with locked(data_dir, ".build.lock"):
        store = Store.open(data_dir)
        recorded_gazetteers: list[Path] = []
        refused: list[str] = []  # build.json entries and links that are not read, one line each
        if articles is None and datasets is None:
            articles, datasets, recorded_gazetteers, refused = _from_manifest(data_dir)
        gazetteers = recorded_gazetteers if gazetteers is None else list(gazetteers)
        articles, datasets = ([SEEDS] if articles is None else list(articles)), list(datasets or [])
        added = {kind: _added(data_dir, kind, suffixes) for kind, suffixes in _ADDED_KINDS}
        for _, notes in added.values():
            refused.extend(notes)
        # The extraction's patterns take a quarter of a second to load: imported here, not with this
        # module, so the dashboard starts without them and a reader who never adds a file never waits.
        from .pipeline import analyse_input, gather

        paths = articles + [path for path in added[ADDED_ARTICLES][0] if path not in articles]
        inputs, problems = read_articles(paths)
        problems[:0] = refused
        store.add_articles(_article_record(item) for item in inputs)
        summaries: list[str] = []
        files: list[tuple[str, str, list[Event]]] = []
        for path in [*datasets, *(path for path in added[ADDED_DATASETS][0] if path not in datasets)]:
            try:
                told = None if progress is None else (lambda share, name=Path(path).name: progress(share, f"dataset {name}"))
                loaded = read_dataset_file(path, told)
                digest = file_sha256(path)
            except ConflictMapError as error:
                problems.append(str(error))
                continue
            files.append((_portable(path, data_dir), digest, list(loaded.events)))
            problems.extend(loaded.errors)
            summaries.append(f"{path}: {len(loaded.events)} {loaded.kind.upper()} events")
        # the store keeps the rows by id (written only when a file changed); the build reads the same rows
        # in the same order, and says itself how many repeat an id read before
        store.sync_datasets(files)
        if gazetteer is None:
            imports = tuple(dict.fromkeys([*gazetteers, *added[ADDED_GAZETTEERS][0]]))
            gazetteer = load_gazetteer(EXTRACT_PATH, CURATED_PATH, tuple(cached_entries(data_dir / "places.csv")), imports=imports)
        version = extractor_version(gazetteer)
        cached = store.extractions([input_key(item) for item in inputs], version) if version else {}
        made: dict[str, object] = {}

        def analyse(item: ArticleInput):
            key = input_key(item)
            if key not in cached:
                made[key] = cached[key] = analyse_input(item, gazetteer)
            return cached[key]

        dataset_events = [event for _, _, events in files for event in events]
        base = make_base(gather(inputs, gazetteer, dataset_events, problems, progress=progress, analyse=analyse))
        if version:
            store.keep_extractions(made, version)
        if progress is not None:
            progress(1.0, "control timeline")
        result, tables = recorrect(base, read_corrections(data_dir, store))
        manifest = {
            "articles": [_portable(path, data_dir) for path in articles],
            "events": [_portable(path, data_dir) for path in datasets],
            "gazetteers": [_portable(path, data_dir) for path in gazetteers],
            # Credits the map must show for the gazetteers in use (CC BY 4.0 for GeoNames dumps).
            "attribution": list(getattr(gazetteer, "attributions", ())),
        }
        _publish(data_dir, store, tables, manifest, base=seal((version, base)))
        write_text_atomic(data_dir / UNRESOLVED_FILE, unresolved_csv(result))
    return Rebuild(result, tuple(summaries))


def apply_corrections(data_dir: Path, progress: Callable[[float, str], None] | None = None, **rebuild_options) -> Rebuild:
    """Re-apply the corrections to the folder's newest build, redoing only what they touch (:mod:`geo.incremental`).

    Without a usable base (a folder built before the store, or by other code) it rebuilds whole.
    """
    data_dir = Path(data_dir)
    with locked(data_dir, ".build.lock"):
        store = Store.open(data_dir)
        found = store.current_base()
        opened = unseal(found[2]) if found else None
        gazetteer = rebuild_options.get("gazetteer")
        if opened is not None and (gazetteer is None or opened[0] == extractor_version(gazetteer)):
            _, base = opened
            result, tables = recorrect(base, read_corrections(data_dir, store))
            manifest = {name: value for name, value in found[1].items() if name != "tables"}
            _publish(data_dir, store, tables, manifest, same_base=True)
            return Rebuild(result, ())
    return rebuild(data_dir, progress=progress, **rebuild_options)


def _publish(data_dir: Path, store: Store, tables: dict[str, bytes], manifest: dict, base: bytes = b"", same_base: bool = False) -> None:
    """The build's CSV files (the export), its manifest (their hashes, written last) and the store's one transaction."""
    manifest = {**manifest, "tables": write_tables(tables, data_dir)}  # recorded last: a killed build's half-new set is named
    write_text_atomic(data_dir / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    store.save_build(tables, manifest, base=base, same_base=same_base)
