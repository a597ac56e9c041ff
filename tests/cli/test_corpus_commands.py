"""The corpus commands on the command line: tables by default, JSON with --format json, one
line and exit 1 on every error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from allegiance.store import Store

from test_cli import run

sys.path.insert(0, str(Path(__file__).parent.parent / "analysis"))
from sample_graph import extractions  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("store") / "graph.db"
    with Store.open(path) as store:
        for extraction in extractions():
            store.add_extraction(extraction)
    return str(path)


@pytest.mark.parametrize("args, key", [
    (["neighbors", "JNIM", "-p", "HOSTILE_TO"], "neighbors"),
    (["path", "JNIM", "Houthis"], "paths"),
    (["timeline", "JNIM"], "items"),
    (["diff", "--before", "2019-12-31", "--after", "2020-01-01"], "flipped"),
    (["brokers"], "brokers"),
    (["blocs"], "blocs"),
    (["contradictions"], "contradictions"),
    (["show", "ISGS"], "sections"),
])
def test_queries_print_tables_and_json(db, args, key):
    table = run(*args, "--db", db)
    assert table.returncode == 0, table.stderr
    assert table.stdout.strip()
    data = json.loads(run(*args, "--db", db, "--format", "json").stdout)
    assert data[key]


def test_review_commands_change_what_queries_answer(tmp_path, db):
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(db).read_bytes())
    done = run("review", "reject", "JNIM", "ALLY_OF", "ISGS", "--note", "misread",
               "--db", str(copy))
    assert done.returncode == 0 and "decision 1" in done.stderr
    found = json.loads(run("neighbors", "JNIM", "--db", str(copy), "-f", "json").stdout)
    assert "ALLY_OF" not in {n["predicate"] for n in found["neighbors"]}
    assert run("review", "reliability", "Example Wire", "A", "--db", str(copy)).returncode == 0
    listed = json.loads(run("review", "list", "--db", str(copy), "-f", "json").stdout)
    assert [d["kind"] for d in listed] == ["reject", "reliability"]
    assert run("review", "withdraw", "1", "--db", str(copy)).returncode == 0
    found = json.loads(run("neighbors", "JNIM", "--db", str(copy), "-f", "json").stdout)
    assert "ALLY_OF" in {n["predicate"] for n in found["neighbors"]}


def test_export_writes_every_format(tmp_path, db):
    for fmt in ("graphml", "gexf", "stix", "ftm", "csv", "json"):
        out = tmp_path / f"graph.{fmt}"
        done = run("export", "--to", fmt, "-o", str(out), "--db", db)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0
    done = run("export", "--to", "neo4j", "-o", str(tmp_path / "neo"), "--db", db)
    assert (tmp_path / "neo" / "load.cypher").exists(), done.stderr


@pytest.mark.parametrize("args, message", [
    (["neighbors", "Boko Haram"], "no entity named 'Boko Haram'"),
    (["neighbors", "JNIM", "-p", "FRIENDS"], "unknown predicate 'FRIENDS'"),
    (["export", "--to", "pdf", "-o", "x.pdf"], "unknown export format 'pdf'"),
    (["review", "reliability", "Example Wire", "Z"], "A-F"),
    (["review", "withdraw", "99"], "no active decision 99"),
    (["path", "JNIM", "Mars"], "no entity named 'Mars'"),
])
def test_errors_are_one_line(db, args, message):
    done = run(*args, "--db", db)
    assert done.returncode == 1
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_missing_store_and_bad_postgres_url(tmp_path):
    done = run("neighbors", "JNIM", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 1 and "no such store" in done.stderr
    done = run("neighbors", "JNIM", "--db", "postgresql://user:secret@127.0.0.1:1/none")
    assert done.returncode == 1 and "cannot open as a PostgreSQL store" in done.stderr
    assert "secret" not in done.stderr
