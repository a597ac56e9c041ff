"""Neo4j import files: parsed with the csv module, headers, counts, references, load.cypher."""

from __future__ import annotations

import csv

import pytest

from allegiance.export import export_graph
from allegiance.export.neo4j import FILES


@pytest.fixture
def neo(sahel, tmp_path):
    files = export_graph(sahel, "neo4j", tmp_path / "neo4j")
    assert sorted(p.name for p in files) == sorted(FILES)
    tables = {}
    for path in files:
        if path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                tables[path.stem] = (reader.fieldnames, list(reader))
    cypher = (tmp_path / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    return tables, cypher


def test_entities_file(neo, node_ids):
    tables, _ = neo
    header, rows = tables["entities"]
    assert header[:9] == ["id:ID", "name", "type", "aliases:string[]", "wikidata", "lat:float",
                          "lon:float", "country", ":LABEL"]
    by_id = {row["id:ID"]: row for row in rows}
    assert set(by_id) == node_ids
    assert by_id["jnim"][":LABEL"] == "Entity;ArmedGroup"
    assert by_id["mali"][":LABEL"] == "Entity;Country"
    assert by_id["iyad-ag-ghaly"][":LABEL"] == "Entity;Person"
    assert by_id["menaka"][":LABEL"] == "Entity;Place"
    assert by_id["wagner"][":LABEL"] == "Entity;Organization"
    assert by_id["al-qaeda"][":LABEL"] == "Entity" and by_id["al-qaeda"]["stub:boolean"] == "true"
    assert by_id["jnim"]["aliases:string[]"].split(";") == ["JNIM", "Group for the Support of Islam and Muslims"]
    assert float(by_id["menaka"]["lat:float"]) == pytest.approx(15.918)
    assert by_id["mopti"]["lat:float"] == ""


def test_relations_file(neo, node_ids, sahel):
    tables, _ = neo
    header, rows = tables["relations"]
    assert header[:13] == [":START_ID", ":END_ID", ":TYPE", "polarity", "modality", "confidence:float",
                           "evidence_count:int", "first_seen", "last_seen", "kind", "role", "status",
                           "evidence_ids:string[]"]
    assert len(rows) == len(sahel["relations"])
    for row in rows:
        assert row[":START_ID"] in node_ids and row[":END_ID"] in node_ids
    by_id = {row["relation_id"]: row for row in rows}
    assert by_id["4"]["polarity"] == "negative" and by_id["4"][":TYPE"] == "ALLY_OF"
    assert by_id["7"]["modality"] == "promised"
    assert by_id["2"]["role"] == "emir" and by_id["6"]["kind"] == "fighters"
    assert by_id["3"]["evidence_ids:string[]"] == "3#0;3#1"
    assert by_id["1"][":END_ID"] == "al-qaeda"


def test_documents_and_evidence(neo, sahel):
    tables, _ = neo
    _, documents = tables["documents"]
    assert [row["id"] for row in documents] == ["doc-1", "doc-2", "doc-3"]
    assert {row[":LABEL"] for row in documents} == {"Document"}
    header, evidence = tables["evidence"]
    assert {"relation_id", "document_id", "sentence", "start_offset:int", "end_offset:int"} <= set(header)
    assert len(evidence) == sum(len(r.get("evidence") or []) for r in sahel["relations"]) == 10
    relation_ids = {row["relation_id"] for row in tables["relations"][1]}
    document_ids = {row["id"] for row in documents}
    for row in evidence:
        assert row["relation_id"] in relation_ids and row["document_id"] in document_ids
        assert row["sentence"] and int(row["end_offset:int"]) > int(row["start_offset:int"])
    # every evidence id listed on a relation is an evidence row
    listed = {e for row in tables["relations"][1] for e in row["evidence_ids:string[]"].split(";") if e}
    assert listed == {row["id"] for row in evidence}


def test_links_reference_existing_import_ids(neo):
    tables, _ = neo
    ids = {row["id:ID"] for row in tables["entities"][1]}
    for name in ("documents", "evidence", "events", "claims"):
        ids |= {row[":ID"] for row in tables[name][1]}
    _, links = tables["links"]
    assert links
    for row in links:
        assert row[":START_ID"] in ids and row[":END_ID"] in ids, row
    types = {row[":TYPE"] for row in links}
    assert {"SUPPORTED_BY", "FROM", "BY", "AGAINST", "AT", "SAID_BY", "ABOUT"} <= types
    assert len(tables["events"][1]) == 2 and len(tables["claims"][1]) == 1


def test_load_cypher_reads_every_file(neo):
    _, cypher = neo
    for name in ("entities", "relations", "documents", "evidence", "events", "claims"):
        assert f"LOAD CSV WITH HEADERS FROM 'file:///{name}.csv'" in cypher
    assert "links.csv" in cypher and "neo4j-admin database import" in cypher
    for predicate in ("ALLY_OF", "PART_OF", "HOSTILE_TO", "SUPPORTS", "LEADER_OF", "OPERATES_IN",
                      "NEGOTIATES_WITH", "LOCATED_IN"):
        assert f"[r:{predicate} " in cypher
    assert "SUPPORTED_BY" in cypher and "[:FROM]" in cypher
    assert "SET n:ArmedGroup" in cypher
    code = "\n".join(line for line in cypher.splitlines() if not line.startswith("//"))
    statements = [s for s in code.split(";\n") if s.strip()]
    # constraints, entities + documents, one per predicate, evidence + events + claims
    assert len(statements) == 5 + 2 + 8 + 3
    for statement in statements:
        assert statement.count("(") == statement.count(")"), statement
        assert statement.count("{") == statement.count("}"), statement


def test_line_breaks_and_separators_are_defused(sahel, tmp_path):
    sahel["entities"][0]["aliases"] = ["JNIM; the group", "Nusrat"]
    sahel["relations"][0]["evidence"][0]["sentence"] = "First line\nsecond line"
    export_graph(sahel, "neo4j", tmp_path / "n")
    with open(tmp_path / "n" / "entities.csv", newline="", encoding="utf-8") as handle:
        jnim = next(row for row in csv.DictReader(handle) if row["id:ID"] == "jnim")
    assert jnim["aliases:string[]"].split(";") == ["JNIM, the group", "Nusrat"]
    text = (tmp_path / "n" / "evidence.csv").read_text(encoding="utf-8")
    assert "First line second line" in text
