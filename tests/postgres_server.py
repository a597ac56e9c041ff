"""A throw-away PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary
folder, trust authentication on 127.0.0.1 and a free port; stopped and removed at the end.

`ALLEGIANCE_TEST_POSTGRES=postgresql://...` uses a running server instead. When no server can
be started the PostgreSQL tests are skipped with the reason, unless `ALLEGIANCE_REQUIRE_POSTGRES`
is set (CI sets it): then they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (the reason says why)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServerUnavailable("PostgreSQL is not installed (apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """``with PostgresServer() as server: server.new_database()`` → a postgresql:// URL."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="allegiance-pg-"))
        self.user = None  # the OS user running the server, when we are root
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise ServerUnavailable("running as root and no 'postgres' user") from None
            self.user = "postgres"
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)

    def start(self) -> PostgresServer:
        data = self.root / "data"
        done = self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust",
                         "-E", "UTF8", "--locale=C.UTF-8")
        if done.returncode:
            raise ServerUnavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = self._run("pg_ctl", "-D", str(data), "-o", options, "-l",
                         str(self.root / "server.log"), "-w", "-t", "60", "start")
        if done.returncode:
            log = (self.root / "server.log")
            tail = log.read_text()[-300:] if log.exists() else done.stderr[-300:]
            raise ServerUnavailable(f"the server did not start: {tail.strip()}")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database on this server; its URL."""
        return create_database(self.url())

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def create_database(server_url: str) -> str:
    """Create a database with a fresh name on the server at `server_url`; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
