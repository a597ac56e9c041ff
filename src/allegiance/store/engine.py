"""Connections to a store: an SQLite file (the default) or a PostgreSQL server.

`--db` takes a path (``graph.db``), ``sqlite:///graph.db``, ``:memory:``, or a
``postgresql://user:password@host:port/dbname`` URL (any ``postgresql+driver://`` is served by
psycopg 3). The rest of the store is written once, in SQLAlchemy Core, for both.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from ..errors import BadInput

WRITE = {"allegiance_write": True}  # execution option: a transaction that will write
_PG_LOCK = 0x616C6C65  # one advisory lock serialises writers on PostgreSQL ("alle")


def is_postgres(db: str) -> bool:
    """Whether `db` names a PostgreSQL server rather than an SQLite file."""
    return db.startswith(("postgresql:", "postgresql+", "postgres:"))


def label(db: str) -> str:
    """`db` as it may be shown to a user: a URL without its password."""
    if is_postgres(db):
        try:
            return make_url(db).render_as_string(hide_password=True)
        except (ArgumentError, ValueError):
            return db
    return db.removeprefix("sqlite:///")


def make_engine(db: str) -> Engine:
    """An engine for `db`; `BadInput` for an unusable path or URL (nothing is created yet)."""
    if is_postgres(db):
        return _postgres_engine(db)
    return _sqlite_engine(db.removeprefix("sqlite:///"))


def _postgres_engine(db: str) -> Engine:
    try:
        url = make_url(db.replace("postgres://", "postgresql://", 1))
    except (ArgumentError, ValueError):
        raise BadInput(f"{db}: not a valid PostgreSQL URL "
                       "(postgresql://user:password@host:port/dbname)") from None
    url = url.set(drivername="postgresql+psycopg")
    if importlib.util.find_spec("psycopg") is None:
        raise BadInput("a PostgreSQL store needs psycopg 3: pip install 'allegiance[postgres]'")
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    event.listen(engine, "begin", _pg_begin)
    return engine


def _sqlite_engine(path: str) -> Engine:
    memory = path in ("", ":memory:")
    if not memory:
        _check_path(path)
    engine = create_engine(
        URL.create("sqlite", database=None if memory else path),
        connect_args={"timeout": 30, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}))
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _check_path(path: str) -> None:
    target, parent = Path(path), Path(path).parent
    if target.is_dir():
        raise BadInput(f"{path}: is a directory, not an SQLite database")
    if target.exists():  # a file that is not SQLite fails later: "file is not a database"
        if not os.access(target, os.R_OK | os.W_OK):
            raise BadInput(f"{path}: database file is not readable and writable")
        return
    if not parent.is_dir():
        raise BadInput(f"{path}: cannot create the database, folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"{path}: cannot create the database, folder {parent} is not writable")


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # the driver's own BEGINs off: _sqlite_begin emits ours
    dbapi_conn.execute("PRAGMA foreign_keys=ON")
    dbapi_conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no commit


def _sqlite_begin(conn: Connection) -> None:
    """A writing transaction takes SQLite's write lock at once (BEGIN IMMEDIATE), so that its
    read-then-write merges are safe against a second process."""
    write = conn.get_execution_options().get("allegiance_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _pg_begin(conn: Connection) -> None:
    """A writing transaction on PostgreSQL first takes one advisory lock, held to its end."""
    if conn.get_execution_options().get("allegiance_write"):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
