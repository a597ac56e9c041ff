"""The command line end to end: the JSON contract, tables, errors as one line, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "article.txt"
    path.write_text("---\ntitle: Test\npublished: 2024-03-01\n---\n"
                    "Iran provides weapons to the Houthis in Yemen. "
                    "The Houthis attacked Saudi Arabia.\n", encoding="utf-8")
    return path


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("allegiance ")


def test_extract_json_follows_the_contract(article):
    result = run("extract", str(article), "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["format"] == "allegiance-extraction/1"
    assert data["document"]["title"] == "Test" and data["document"]["published"] == "2024-03-01"
    assert set(data) >= {"document", "entities", "relations", "events", "claims"}
    ids = {e["id"] for e in data["entities"]}
    for rel in data["relations"]:
        assert rel["subject"] in ids and rel["object"] in ids
        assert set(rel) >= {"predicate", "polarity", "modality", "confidence", "attributes",
                            "evidence"}
    text = article.read_text().split("---\n", 2)[2]
    for ent in data["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_extract_table_is_readable(article):
    result = run("extract", str(article))
    assert result.returncode == 0
    assert "SUPPORTS" in result.stdout and "Houthi" in result.stdout


def test_missing_file_is_one_line_error(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error:") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_directory_without_text_is_an_error(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00\x01")
    result = run("extract", str(tmp_path))
    assert result.returncode == 1 and "Error:" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00", b"caf\xe9 au lait"],
                         ids=["empty", "binary", "latin-1"])
def test_bad_file_alone_fails_with_warning(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("extract", str(bad), "--format", "json")
    assert result.returncode == 1
    assert "Warning: skipped" in result.stderr and "Traceback" not in result.stderr


def test_bad_file_in_a_batch_is_skipped(tmp_path, article):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = run("extract", str(bad), str(article), "--format", "json")
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert "Warning: skipped" in result.stderr


def test_huge_file_is_refused(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("The Taliban fought. " * 1_100_000)  # about 22 MB
    result = run("extract", str(huge))
    assert result.returncode == 1 and "limit" in result.stderr and "Traceback" not in result.stderr


def test_ingest_is_idempotent(tmp_path, article):
    db = tmp_path / "graph.db"
    first = run("ingest", str(article), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "1 documents added" in first.stderr
    second = run("ingest", str(article), "--db", str(db))
    assert "0 documents added, 1 already stored" in second.stderr


def test_ingest_into_a_non_database_fails_cleanly(tmp_path, article):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("just notes\n")
    result = run("ingest", str(article), "--db", str(not_db))
    assert result.returncode == 1 and "Error:" in result.stderr
    assert not_db.read_text() == "just notes\n"


def test_eval_reports_micro_scores():
    result = run("eval", str(ROOT / "tests" / "cases" / "sentences"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert 0.0 <= data["micro"]["relations"]["f1"] <= 1.0


def test_ontology_lists_ten_predicates():
    result = run("ontology", "--format", "json")
    assert len(json.loads(result.stdout)["predicates"]) == 10
