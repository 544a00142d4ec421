"""The store: articles, extractions, dataset rows, corrections and builds in one database.

An edge module (it touches a database). SQLite in WAL mode is the embedded default,
one file per data folder (``DATA/store.sqlite``); ``$CONFLICT_MAP_DB`` names another
database (``postgresql+psycopg://user:pass@host/db`` for a team sharing one
deployment) and the same code runs on it, written against SQLAlchemy Core.

- **articles** are keyed by the SHA-256 of their text, with every file name and
  outlet each arrived under (``article_names``);
- **extractions** (one article's mentions, places, events and states) are keyed
  by the article's input and the extractor's version (the code and the gazetteer),
  so a rebuild analyses only what is new;
- **dataset rows** are upserted by their own id (UCDP ``id``, ACLED
  ``event_id_cnty``): a re-import updates, a revised file replaces, nothing doubles;
- **corrections** carry their author, UTC time and the content they were made on;
- **builds** are written in one transaction (their tables are content-addressed
  blobs), so a reader sees the old build or the new one, never a mix -- also after
  ``kill -9`` at any point.

Cached extractions are pickles, which must never be loaded from an untrusted
source: each is signed with an HMAC key kept in the user's cache folder (outside
the data folder, which may be handed over), and a payload whose signature does not
verify is ignored and recomputed.

>>> import tempfile
>>> store = Store.open(Path(tempfile.mkdtemp()))
>>> store.add_correction({"target_type": "event", "target_id": "e1", "field": "not_event", "value": "true"})["target_id"]
'e1'
>>> [row["field"] for row in store.corrections()]
['not_event']
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import pickle
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from .errors import BusyError, DataDirError
from .records import Event

STORE_FILE = "store.sqlite"
DB_ENV = "CONFLICT_MAP_DB"
KEPT_BUILDS = 3  # the newest builds kept (a reader of the one before the newest still finds it)
BUSY_TIMEOUT_S = float(os.environ.get("CONFLICT_MAP_LOCK_TIMEOUT", "120"))

metadata = sa.MetaData()

articles_table = sa.Table(
    "articles",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),  # SHA-256 of the text
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("first_seen", sa.String(32), nullable=False),
)
article_names_table = sa.Table(
    "article_names",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("file_name", sa.Text, primary_key=True),
    sa.Column("outlet", sa.Text, nullable=False, default=""),
    sa.Column("published", sa.String(10), nullable=False, default=""),
    sa.Column("title", sa.Text, nullable=False, default=""),
)
extractions_table = sa.Table(
    "extractions",
    metadata,
    sa.Column("input_key", sa.String(64), primary_key=True),  # the article's text, name and sources.csv row
    sa.Column("extractor", sa.String(64), primary_key=True),  # the code and the gazetteer that read it
    sa.Column("signature", sa.String(64), nullable=False),
    sa.Column("payload", sa.LargeBinary, nullable=False),
)
dataset_files_table = sa.Table(
    "dataset_files",
    metadata,
    sa.Column("file_name", sa.Text, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # the order files are read in: the file read last wins
)
dataset_rows_table = sa.Table(
    "dataset_rows",
    metadata,
    sa.Column("event_id", sa.String(200), primary_key=True),  # "ucdp-<id>", "acled-<event_id_cnty>"…
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # the event as JSON (readable with any SQL client)
)
corrections_table = sa.Table(
    "corrections",
    metadata,
    sa.Column("correction_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target_type", sa.String(16), nullable=False),
    sa.Column("target_id", sa.String(200), nullable=False, index=True),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("author", sa.Text, nullable=False, default=""),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("content", sa.Text, nullable=False, default=""),  # what the correction was made on (JSON)
)
blobs_table = sa.Table(
    "blobs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
builds_table = sa.Table(
    "builds",
    metadata,
    sa.Column("build_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("made_at", sa.String(32), nullable=False),
    sa.Column("manifest", sa.Text, nullable=False),
    sa.Column("base", sa.String(64), nullable=False, default=""),  # blob of what a correction rebuilds from
)
build_tables_table = sa.Table(
    "build_tables",
    metadata,
    sa.Column("build_id", sa.Integer, sa.ForeignKey("builds.build_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
)

CORRECTION_FIELDS = ("target_type", "target_id", "field", "value", "note", "author", "recorded_at", "content")


def store_url(data_dir: Path, environ: Mapping[str, str] | None = None) -> str:
    """``$CONFLICT_MAP_DB`` if set, else the data folder's own SQLite file.

    >>> store_url(Path("/srv/data"), {})
    'sqlite:////srv/data/store.sqlite'
    >>> store_url(Path("/srv/data"), {"CONFLICT_MAP_DB": "postgresql+psycopg://map@db/map"})
    'postgresql+psycopg://map@db/map'
    """
    environ = os.environ if environ is None else environ
    return environ.get(DB_ENV) or f"sqlite:///{Path(data_dir) / STORE_FILE}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def sha256_hex(data: bytes | str) -> str:
    """The hex SHA-256 of bytes or of text's UTF-8.

    >>> sha256_hex(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


# --- signed pickles for cached extractions ------------------------------------------------


def _signing_key() -> bytes:
    """The HMAC key of this user's caches, made once (0600) in the cache folder."""
    from .geonames import cache_dir  # the one place the cache folder is defined

    path = cache_dir().parent / "store-signing.key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key


def _sign(payload: bytes, key: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def seal(value: object) -> bytes:
    """A pickle signed with this user's key (:func:`unseal` gives it back)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _sign(payload, _signing_key()).encode("ascii") + payload


def seal_to(path: Path, value: object) -> None:
    """:func:`seal` straight into a file (atomically), without holding the pickle in memory: a
    million events' frames are pickled as they are written and signed as they are read back."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    key = _signing_key()
    try:
        with open(temporary, "w+b") as handle:
            handle.write(b"0" * 64)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(64)
            mac = hmac.new(key, digestmod=hashlib.sha256)
            for block in iter(lambda: handle.read(1 << 20), b""):
                mac.update(block)
            handle.seek(0)
            handle.write(mac.hexdigest().encode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def unseal_from(path: Path) -> object | None:
    """What :func:`seal_to` wrote, or None (absent, unsigned, of other code); never unpickled unverified."""
    try:
        with open(path, "rb") as handle:
            signature = handle.read(64)
            mac = hmac.new(_signing_key(), digestmod=hashlib.sha256)
            for block in iter(lambda: handle.read(1 << 20), b""):
                mac.update(block)
            if not hmac.compare_digest(signature, mac.hexdigest().encode("ascii")):
                return None
            handle.seek(64)
            collecting = gc.isenabled()
            gc.disable()
            try:
                return pickle.load(handle)  # signed by this user's key, checked above
            finally:
                if collecting:
                    gc.enable()
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return None


def unseal(sealed: bytes) -> object | None:
    """What :func:`seal` sealed, or None when the signature does not verify (never unpickled then)."""
    signature, payload = sealed[:64], sealed[64:]
    if not hmac.compare_digest(signature, _sign(payload, _signing_key()).encode("ascii")):
        return None
    # Tens of thousands of records are made here; the cyclic collector would walk them over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)  # signed by this user's key, checked above
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return None  # made by other code: worked out again
    finally:
        if collecting:
            gc.enable()


# --- dataset rows as JSON ------------------------------------------------------------------

EVENT_FIELDS = tuple(item.name for item in fields(Event))  # the order of a dataset row's JSON array
_DATE_POSITIONS = tuple(number for number, name in enumerate(EVENT_FIELDS) if name in ("event_date", "date_end", "published"))


def _iso(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def event_json(event: Event) -> str:
    """A dataset event as the JSON the store keeps: an array of its fields in :data:`EVENT_FIELDS`
    order (a million rows are encoded in seconds; names per row would double the store).

    >>> from geo.records import Event
    >>> e = Event("ucdp-1", date(2017, 1, 2), date(2017, 1, 2), "day", "Rawa", "p1", 34.5, 41.9, "IQ", 1,
    ...           "Battles", "Armed clash", "A", "B", "", "", False, "ged.csv", None, "")
    >>> event_from_json(event_json(e)) == e
    True
    """
    return json.dumps([getattr(event, name) for name in EVENT_FIELDS], ensure_ascii=False, default=_iso, separators=(",", ":"))


def event_from_json(text: str) -> Event:
    values = json.loads(text)
    for number in _DATE_POSITIONS:
        if values[number]:
            values[number] = date.fromisoformat(values[number])
    return Event(*values)


@dataclass(frozen=True)
class StoredBuild:
    """One whole build as a reader gets it: its id, its manifest and its tables' bytes."""

    build_id: int
    manifest: dict
    tables: dict[str, bytes]


class Store:
    """One database: open it with :meth:`Store.open`; every method is one transaction."""

    def __init__(self, engine: sa.Engine, where: str):
        self.engine = engine
        self.where = where  # what error messages name (the file, or the URL without its password)

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, url: str | None = None) -> Store:
        """The store of ``data_dir`` (created if absent); a file that is not a store is a one-line error."""
        url = url or store_url(data_dir)
        parsed = sa.engine.make_url(url)
        where = str(Path(parsed.database)) if parsed.get_backend_name() == "sqlite" else parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() == "sqlite":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
        store = cls(engine, where)
        with store._guard("opening"):
            metadata.create_all(engine)
        return store

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Database errors as one line naming the store and what to do."""
        try:
            yield
        except sa_exc.OperationalError as error:
            text = str(error.orig).lower()
            if "locked" in text or "busy" in text:
                raise BusyError(f"{self.where}: busy for over {BUSY_TIMEOUT_S:.0f} s while {doing}; another build or session holds it, try again") from None
            reason = f"the store cannot be used while {doing} ({_first_line(error.orig)})"
            raise DataDirError(f"{self.where}: {reason}; move it aside and rebuild with `python -m geo build`") from None
        except sa_exc.DatabaseError as error:
            raise DataDirError(f"{self.where}: not a usable store ({_first_line(error.orig)}); move it aside and rebuild with `python -m geo build`") from None

    @contextmanager
    def _begin(self, doing: str) -> Iterator[sa.Connection]:
        with self._guard(doing), self.engine.begin() as connection:
            yield connection

    # --- articles -------------------------------------------------------------------------

    def add_articles(self, items: Iterable[tuple[str, str, str, str, str]]) -> list[str]:
        """Record (file name, text, outlet, published, title) tuples; return the ids of texts new to the store.

        A text seen before under another name gains that name; nothing doubles.
        """
        items = list(items)
        ids = [sha256_hex(text) for _, text, _, _, _ in items]
        with self._begin("recording articles") as connection:
            known = _existing(connection, articles_table.c.article_id, ids)
            listed = sa.select(article_names_table.c.article_id, article_names_table.c.file_name)
            names = {(row.article_id, row.file_name) for row in connection.execute(listed)}
            new_ids: list[str] = []
            new_articles, new_names = [], []
            for article_id, (file_name, text, outlet, published, title) in zip(ids, items):
                if article_id not in known:
                    known.add(article_id)
                    new_ids.append(article_id)
                    new_articles.append({"article_id": article_id, "body": text, "first_seen": _now()})
                if (article_id, file_name) not in names:
                    names.add((article_id, file_name))
                    new_names.append({"article_id": article_id, "file_name": file_name, "outlet": outlet, "published": published, "title": title})
            if new_articles:
                connection.execute(articles_table.insert(), new_articles)
            if new_names:
                connection.execute(article_names_table.insert(), new_names)
        return new_ids

    def names_of(self, text: str) -> list[str]:
        """Every file name the text arrived under (empty: a text new to the store)."""
        return self.names_of_id(sha256_hex(text))

    def names_of_id(self, article_id: str) -> list[str]:
        """Every file name the article with this id (the SHA-256 of its text) arrived under."""
        with self._begin("looking up an article") as connection:
            query = sa.select(article_names_table.c.file_name).where(article_names_table.c.article_id == article_id)
            return [row.file_name for row in connection.execute(query.order_by(article_names_table.c.file_name))]

    def article_count(self) -> int:
        with self._begin("counting articles") as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(articles_table)).scalar_one()

    # --- extractions ----------------------------------------------------------------------

    def extractions(self, keys: Iterable[str], extractor: str) -> dict[str, object]:
        """The cached extractions of ``keys`` made by ``extractor``, verified (a forged or damaged one is left out)."""
        keys = list(keys)
        if not keys:
            return {}
        key = _signing_key()
        found: dict[str, object] = {}
        with self._begin("reading cached extractions") as connection:
            for chunk in _chunks(keys):
                query = sa.select(extractions_table.c.input_key, extractions_table.c.signature, extractions_table.c.payload).where(
                    extractions_table.c.extractor == extractor, extractions_table.c.input_key.in_(chunk)
                )
                for row in connection.execute(query):
                    payload = bytes(row.payload)
                    if hmac.compare_digest(row.signature, _sign(payload, key)):
                        found[row.input_key] = pickle.loads(payload)  # signed by this user's key, checked above
        return found

    def keep_extractions(self, made: Mapping[str, object], extractor: str) -> None:
        """Cache new extractions; older extractor versions of the same inputs are dropped."""
        if not made:
            return
        key = _signing_key()
        rows = []
        for input_key, analysis in made.items():
            payload = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)
            rows.append({"input_key": input_key, "extractor": extractor, "signature": _sign(payload, key), "payload": payload})
        with self._begin("caching extractions") as connection:
            for chunk in _chunks(list(made)):
                connection.execute(extractions_table.delete().where(extractions_table.c.input_key.in_(chunk)))
            connection.execute(extractions_table.insert(), rows)

    # --- dataset rows ---------------------------------------------------------------------

    def dataset_files(self) -> dict[str, str]:
        """file name -> SHA-256 of the dataset files the rows were last synced from."""
        with self._begin("reading dataset files") as connection:
            return {row.file_name: row.sha256 for row in connection.execute(sa.select(dataset_files_table).order_by(dataset_files_table.c.position))}

    def sync_datasets(self, files: list[tuple[str, str, list[Event]]]) -> int:
        """Make the rows those of ``files`` ((name, sha256, events), in reading order), in one transaction.

        Rows are keyed by their event id: a file imported twice, or a revised copy,
        updates rows instead of doubling them (the file read last wins). Files the store
        already holds, unchanged and in the same order, are not written again; files added
        after them are upserted; any other change rewrites the rows. Returns the number of
        rows that repeated an id read before.
        """
        seen: set[str] = set()
        repeated = 0
        for _, _, events in files:
            for event in events:
                repeated += event.event_id in seen
                seen.add(event.event_id)
        held = list(self.dataset_files().items())
        listed = [(name, digest) for name, digest, _ in files]
        if listed == held:
            return repeated
        appended = listed[: len(held)] == held
        with self._begin("importing dataset rows") as connection:
            if not appended:
                connection.execute(dataset_rows_table.delete())
                connection.execute(dataset_files_table.delete())
            for number, (name, digest, events) in enumerate(files[len(held) :] if appended else files, start=len(held) if appended else 0):
                rows = {event.event_id: (name, event) for event in events}  # within a file the first is kept (read_dataset)
                for chunk in _chunks(list(rows)):
                    connection.execute(dataset_rows_table.delete().where(dataset_rows_table.c.event_id.in_(chunk)))
                if rows:
                    kept = [{"event_id": event_id, "file_name": file_name, "payload": event_json(event)} for event_id, (file_name, event) in rows.items()]
                    connection.execute(dataset_rows_table.insert(), kept)
                connection.execute(dataset_files_table.insert(), [{"file_name": name, "sha256": digest, "position": number}])
        return repeated

    def dataset_events(self) -> list[Event]:
        """Every dataset row, one per id, in id order."""
        with self._begin("reading dataset rows") as connection:
            return [event_from_json(row.payload) for row in connection.execute(sa.select(dataset_rows_table.c.payload).order_by(dataset_rows_table.c.event_id))]

    # --- corrections ----------------------------------------------------------------------

    def add_correction(self, row: Mapping[str, str]) -> dict[str, str]:
        """Record one correction (its author, UTC time and content kept); return it as stored."""
        stored = {name: str(row.get(name, "") or "") for name in CORRECTION_FIELDS}
        stored["recorded_at"] = stored["recorded_at"] or _now()
        with self._begin("recording a correction") as connection:
            connection.execute(corrections_table.insert(), [stored])
        return stored

    def corrections(self) -> list[dict[str, str]]:
        """Every correction, oldest first (later rows win for the same field)."""
        with self._begin("reading corrections") as connection:
            rows = connection.execute(sa.select(corrections_table).order_by(corrections_table.c.correction_id))
            return [{name: getattr(row, name) for name in CORRECTION_FIELDS} for row in rows]

    def import_corrections(self, rows: list[Mapping[str, str]]) -> int:
        """Add the rows of an older ``overrides.csv`` once: those the store already holds are skipped."""
        have = {tuple(row[name] for name in CORRECTION_FIELDS[:5]) + (row["recorded_at"],) for row in self.corrections()}
        new = [row for row in rows if tuple(str(row.get(name, "") or "") for name in CORRECTION_FIELDS[:5]) + (str(row.get("recorded_at", "")),) not in have]
        for row in new:
            self.add_correction(row)
        return len(new)

    # --- builds ---------------------------------------------------------------------------

    def save_build(self, tables: Mapping[str, bytes], manifest: dict, base: bytes = b"", same_base: bool = False) -> int:
        """Record one whole build in one transaction; return its id. Older builds beyond :data:`KEPT_BUILDS` go.

        ``base`` (sealed) is what a correction rebuilds from; ``same_base`` keeps the newest build's.
        """
        blobs = {sha256_hex(data): data for data in [*tables.values(), base] if data}
        with self._begin("saving a build") as connection:
            base_digest = sha256_hex(base) if base else ""
            if same_base:
                newest = sa.select(sa.func.max(builds_table.c.build_id)).scalar_subquery()
                base_digest = connection.execute(sa.select(builds_table.c.base).where(builds_table.c.build_id == newest)).scalar() or ""
            have = _existing(connection, blobs_table.c.sha256, list(blobs))
            fresh = [{"sha256": digest, "data": data} for digest, data in blobs.items() if digest not in have]
            if fresh:
                connection.execute(blobs_table.insert(), fresh)
            made = builds_table.insert().values(made_at=_now(), manifest=json.dumps(manifest, sort_keys=True), base=base_digest)
            build_id = connection.execute(made).inserted_primary_key[0]
            connection.execute(build_tables_table.insert(), [{"build_id": build_id, "name": name, "sha256": sha256_hex(data)} for name, data in tables.items()])
            old = [row.build_id for row in connection.execute(sa.select(builds_table.c.build_id).order_by(builds_table.c.build_id.desc()).offset(KEPT_BUILDS))]
            if old:
                connection.execute(build_tables_table.delete().where(build_tables_table.c.build_id.in_(old)))
                connection.execute(builds_table.delete().where(builds_table.c.build_id.in_(old)))
                used = sa.union(sa.select(build_tables_table.c.sha256), sa.select(builds_table.c.base))
                connection.execute(blobs_table.delete().where(blobs_table.c.sha256.not_in(used)))
        return build_id

    def newest_build(self) -> tuple[int, str, dict] | None:
        """The newest build's id, time and manifest (None before the first): one indexed query."""
        newest = sa.select(sa.func.max(builds_table.c.build_id)).scalar_subquery()
        query = sa.select(builds_table.c.build_id, builds_table.c.made_at, builds_table.c.manifest).where(builds_table.c.build_id == newest)
        with self._begin("reading the newest build") as connection:
            row = connection.execute(query).first()
        return (row.build_id, row.made_at, json.loads(row.manifest)) if row else None

    def current_build(self, names: Iterable[str] | None = None) -> StoredBuild | None:
        """The newest whole build (None before the first), read in one statement so it is one snapshot."""
        newest = sa.select(sa.func.max(builds_table.c.build_id)).scalar_subquery()
        query = (
            sa.select(builds_table.c.build_id, builds_table.c.manifest, build_tables_table.c.name, blobs_table.c.data)
            .join(build_tables_table, build_tables_table.c.build_id == builds_table.c.build_id)
            .join(blobs_table, blobs_table.c.sha256 == build_tables_table.c.sha256)
            .where(builds_table.c.build_id == newest)
        )
        if names is not None:
            query = query.where(build_tables_table.c.name.in_(list(names)))
        with self._begin("reading the build") as connection:
            rows = list(connection.execute(query))
        if not rows:
            return None
        return StoredBuild(rows[0].build_id, json.loads(rows[0].manifest), {row.name: bytes(row.data) for row in rows})

    def current_base(self) -> tuple[int, dict, bytes] | None:
        """The newest build's id, manifest and the (sealed) base a correction rebuilds from; None if it has none."""
        query = (
            sa.select(builds_table.c.build_id, builds_table.c.manifest, blobs_table.c.data)
            .join(blobs_table, blobs_table.c.sha256 == builds_table.c.base)
            .where(builds_table.c.build_id == sa.select(sa.func.max(builds_table.c.build_id)).scalar_subquery())
        )
        with self._begin("reading the build's base") as connection:
            row = connection.execute(query).first()
        return (row.build_id, json.loads(row.manifest), bytes(row.data)) if row else None


def _sqlite_pragmas(connection, _record) -> None:
    # WAL: readers never block the writer and see the last committed build; foreign keys on.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _existing(connection: sa.Connection, column: sa.Column, values: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(values):
        found.update(row[0] for row in connection.execute(sa.select(column).where(column.in_(chunk))))
    return found


def _chunks(values: list, size: int = 500) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _first_line(error: BaseException | None) -> str:
    return " ".join(str(error).split("\n")[0].split()) if error is not None else "unknown error"
