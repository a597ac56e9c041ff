"""Shared fixtures: the spaCy pipeline is loaded once for the whole test session."""

from __future__ import annotations

import pytest

from allegiance.model import Document


@pytest.fixture(scope="session")
def nlp():
    from allegiance.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extraction of a text as the JSON contract's dict."""
    from allegiance.extract.document import extract_parsed

    def run(text: str) -> dict:
        return extract_parsed(Document("t", text), nlp(text)).to_dict()

    return run


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (tests/postgres_server.py); skipped with the
    reason when none can be started, failed instead when ALLEGIANCE_REQUIRE_POSTGRES is set."""
    import os

    from postgres_server import PostgresServer, ServerUnavailable, create_database

    given = os.environ.get("ALLEGIANCE_TEST_POSTGRES")
    if given:
        yield lambda: create_database(given)
        return
    try:
        server = PostgresServer().start()
    except ServerUnavailable as exc:
        if os.environ.get("ALLEGIANCE_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but could not start: {exc}")
        pytest.skip(f"no PostgreSQL server could be started: {exc}")
    try:
        yield server.new_database
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store of each kind: an SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "graph.db")
    return request.getfixturevalue("postgres_server")()
