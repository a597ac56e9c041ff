"""Bring a store's schema up to date with Alembic, on the connection the store opened.

A store made before migrations existed (version 1, created in one go) has the `meta` table
but no `alembic_version`: it is stamped as revision 0001 and then upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from ..errors import BadInput

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The newest revision this version of Allegiance knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def upgrade(conn: Connection, label: str) -> str:
    """Migrate the database behind `conn` to the newest revision (inside the caller's
    transaction) and return it. `BadInput` for a database that holds other tables but no
    store, or a store written by a newer Allegiance."""
    tables = set(inspect(conn).get_table_names())
    current = MigrationContext.configure(conn).get_current_revision()
    if tables and current is None and "meta" not in tables:
        raise BadInput(f"{label}: a database, but not an Allegiance store")
    script = ScriptDirectory(str(MIGRATIONS))
    newest = script.get_current_head()
    if current == newest:
        return newest
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise BadInput(f"{label}: store schema revision {current} is newer than this "
                       f"Allegiance understands ({newest}); upgrade Allegiance")
    config = _config(conn)
    if current is None and "meta" in tables:  # a version-1 store from before migrations
        command.stamp(config, "0001")
    command.upgrade(config, "head")
    return newest
