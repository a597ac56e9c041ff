"""`allegiance entities` and `allegiance show` on a store built from three articles that spell
the same groups differently."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True,
                          text=True, timeout=300)

ARTICLES = {
    "one.txt": "---\npublished: 2024-01-05\n---\nAl-Qa'ida and the Taliban remain allies. "
               "The Liwa Saraya al-Ghadab militia attacked Afghan forces in Kunar.\n",
    "two.txt": "---\npublished: 2024-02-10\n---\nAl Qaida and the Taliban are still allies, "
               "the UN said. Liwa Saraya al Ghadab fighters were seen in Konar.\n",
    "three.txt": "---\npublished: 2024-03-15\n---\nThe Taliban and al-Qaeda are allies. "
                 "The Liwa Saraya al-Ghadhab militia denied any role.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = str(folder / "graph.db")
    result = run("ingest", str(folder), "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_entities_lists_one_node_per_group_with_alias_counts(store):
    result = run("entities", "--db", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["al-qaeda"]["document_count"] == 3
    assert set(rows["al-qaeda"]["alias_counts"]) >= {"Al-Qa'ida", "Al Qaida", "al-Qaeda"}
    liwa = [r for r in rows.values() if "liwa" in r["id"]]
    assert len(liwa) == 1 and liwa[0]["document_count"] == 3
    assert rows["kunar"]["document_count"] == 2 and "lat" in rows["kunar"]["attributes"]


def test_entities_searches_names_and_aliases(store):
    result = run("entities", "qaida", "--db", store, "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["al-qaeda"]
    table = run("entities", "ghadab", "--db", store)
    assert table.returncode == 0 and "Saraya" in table.stdout


def test_show_resolves_any_alias_to_the_dossier(store):
    for name in ("al-Qa'ida", "AQ", "al qaeda"):
        result = run("show", name, "--db", store, "--format", "json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["entity"]["id"] == "al-qaeda"
    ally = [r for r in data["relations"] if r["predicate"] == "ALLY_OF"]  # asserted, reported
    assert sum(r["evidence_count"] for r in ally) >= 3
    assert len({d for r in ally for d in r["documents"]}) == 3
    assert min(r["first_seen"] for r in ally) == "2024-01-05"
    assert max(r["last_seen"] for r in ally) == "2024-03-15"
    assert data["reference"]["countries"]
    readable = run("show", "Konar", "--db", store)
    assert readable.returncode == 0 and "Kunar" in readable.stdout


def test_show_and_entities_fail_in_one_line(store, tmp_path):
    missing = run("show", "Nobody At All", "--db", store)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "no entity named" in missing.stderr
    no_store = run("entities", "--db", str(tmp_path / "none.db"))
    assert no_store.returncode == 1 and "no such store" in no_store.stderr
    assert not (tmp_path / "none.db").exists()
