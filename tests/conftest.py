"""Shared fixtures: the gazetteer, the seed build and its data folder, a dashboard server on it, the UCDP rows."""

from __future__ import annotations

import pytest
from stores import store_url  # noqa: F401 (registers the fixture: SQLite and PostgreSQL)
from support import OWN_ARTICLES, SEEDS, UCDP_FILE, read_csv

from geo.csvio import read_articles, write_build
from geo.gazetteer import load_gazetteer
from geo.pipeline import build


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_build(gazetteer):
    inputs, problems = read_articles([SEEDS])
    assert not problems, problems
    return build(inputs, gazetteer)


@pytest.fixture(scope="session")
def own_build(gazetteer):
    inputs, problems = read_articles([OWN_ARTICLES])
    assert not problems, problems
    return build(inputs, gazetteer)


@pytest.fixture(scope="session")
def ucdp_rows():
    if not UCDP_FILE.exists():
        pytest.skip(f"{UCDP_FILE} is absent (../shared is not beside the checkout)")
    return read_csv(UCDP_FILE)


@pytest.fixture(scope="module")
def seed_folder(seed_build, tmp_path_factory):
    """The seeds as the current pipeline builds them (the committed data/ may predate it); one per test module."""
    folder = tmp_path_factory.mktemp("seed-data")
    write_build(seed_build, folder)
    return folder


@pytest.fixture(scope="module")
def server(seed_folder):
    """A dashboard server on the seed folder, for the browser tests (skipped without Chromium)."""
    from browser import require_browser, streamlit_server

    require_browser()
    with streamlit_server(seed_folder) as url:
        yield url
