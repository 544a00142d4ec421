"""The store's back ends for tests: `store_url` runs a test once on SQLite and once on PostgreSQL.

PostgreSQL needs a server: `CONFLICT_MAP_TEST_PG=postgresql+psycopg://USER:PASS@127.0.0.1:PORT/DBNAME`, whose
role may create databases (`.ci/run` starts one with `.ci/postgres.sh`). Each test gets a fresh, empty
database on it, dropped afterwards. Without the variable the PostgreSQL half skips, except under CI=true,
where it fails: CI must not pass by skipping it.

A test module uses it by naming the fixture (tests/conftest.py registers it):

    def test_round_trip(store_url):
        engine = sqlalchemy.create_engine(store_url)
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

SERVER_VARIABLE = "CONFLICT_MAP_TEST_PG"
NO_SERVER = f"no PostgreSQL server: set {SERVER_VARIABLE} (.ci/run starts one)"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str:
    """The server URL from the environment, or skip (fail under CI=true) when it is absent."""
    url = os.environ.get(SERVER_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{NO_SERVER}; CI=true, so the PostgreSQL tests may not be skipped", pytrace=False)
    pytest.skip(NO_SERVER)


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server of `server_url`, dropped on exit; yields its URL.

    Example (needs a server, so not a doctest):

        with postgres_database(os.environ["CONFLICT_MAP_TEST_PG"]) as url:
            engine = sa.create_engine(url)  # database "t_<16 hex digits>", empty
    """
    server = sa.make_url(server_url)
    name = f"t_{secrets.token_hex(8)}"
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            # FORCE: a connection the test left open must not keep the database alive; a server
            # process still busy on it (an autovacuum worker, a killed client's backend) gets a moment
            _drop(admin, name)
    finally:
        admin.dispose()


def _drop(admin: sa.Engine, name: str, attempts: int = 10) -> None:
    for attempt in range(attempts):
        try:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> Iterator[str]:
    """A URL to an empty store: a SQLite file in tmp_path, or a fresh database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with postgres_database(postgres_server_url()) as url:
        yield url
