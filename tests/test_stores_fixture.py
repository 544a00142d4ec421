"""The `store_url` fixture: a fresh, empty store per test, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from stores import NO_SERVER, SERVER_VARIABLE, postgres_database, postgres_server_url

metadata = sa.MetaData()
towns = sa.Table(
    "towns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("held_by", sa.Text, nullable=False),
)

# Names written for this test.
ROWS = [
    {"id": 1, "name": "Qaryat al-Test", "held_by": "SDF"},
    {"id": 2, "name": "Tall Example", "held_by": "Iraqi government"},
]


# Run twice: the second round would find the first round's table if a database were reused between tests.
@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_an_empty_store_of_its_backend(store_url, request, tmp_path, round_):
    backend = request.node.callspec.params["store_url"]
    writer = sa.create_engine(store_url)
    try:
        assert writer.dialect.name == backend
        assert sa.inspect(writer).get_table_names() == []
        metadata.create_all(writer)
        with writer.begin() as connection:
            connection.execute(towns.insert(), ROWS)
    finally:
        writer.dispose()

    # A second engine (its own connections) sees the committed rows: a file or a server, not a process's memory.
    reader = sa.create_engine(store_url)
    try:
        with reader.connect() as connection:
            rows = connection.execute(sa.select(towns).order_by(towns.c.id)).mappings().all()
            if backend == "postgresql":
                assert connection.execute(sa.text("SELECT version()")).scalar_one().startswith("PostgreSQL ")
                database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
                assert database == sa.make_url(store_url).database
                assert database.startswith("t_")
                assert database != sa.make_url(postgres_server_url()).database
    finally:
        reader.dispose()
    assert [dict(row) for row in rows] == ROWS
    if backend == "sqlite":
        assert Path(sa.make_url(store_url).database).parent == tmp_path


def test_a_test_database_is_dropped_on_exit():
    server_url = postgres_server_url()
    server = sa.create_engine(server_url, poolclass=sa.NullPool)

    def exists(name: str) -> bool:
        with server.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}).scalar_one() == 1

    try:
        with postgres_database(server_url) as first, postgres_database(server_url) as second:
            names = [sa.make_url(first).database, sa.make_url(second).database]
            assert names[0] != names[1]
            assert all(exists(name) for name in names)
            # A connection left open does not keep the database from being dropped.
            left_open = sa.create_engine(first)
            connection = left_open.connect()
        assert not any(exists(name) for name in names)
        with pytest.raises(sa.exc.DBAPIError):
            connection.execute(sa.text("SELECT 1"))
        left_open.dispose()
    finally:
        server.dispose()


def test_without_a_server_postgresql_skips_with_the_reason(monkeypatch):
    monkeypatch.delenv(SERVER_VARIABLE, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no PostgreSQL server: set CONFLICT_MAP_TEST_PG \(\.ci/run starts one\)"):
        postgres_server_url()


def test_without_a_server_under_ci_postgresql_fails(monkeypatch):
    monkeypatch.delenv(SERVER_VARIABLE, raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true") as failure:
        postgres_server_url()
    assert NO_SERVER in str(failure.value)
