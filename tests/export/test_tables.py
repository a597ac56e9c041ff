"""CSV and JSON exports."""

from __future__ import annotations

import csv
import json

from allegiance.export import export_graph
from allegiance.export.tables import ENTITY_COLUMNS, RELATION_COLUMNS


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_csv_rows_per_evidence_item(sahel, tmp_path):
    files = export_graph(sahel, "csv", tmp_path / "sahel.csv")
    assert [p.name for p in files] == ["sahel.csv", "sahel.entities.csv"]
    header, rows = _read(files[0])
    assert header == RELATION_COLUMNS
    for column in ("subject_id", "subject_name", "predicate", "object_id", "object_name", "polarity",
                   "modality", "confidence", "status", "evidence_count", "first_seen", "last_seen",
                   "kind", "role", "document_id", "published", "url", "sentence"):
        assert column in header
    # 10 evidence items, plus one row for the relation that has none
    assert len(rows) == 11
    hostile = [r for r in rows if r["relation_id"] == "3"]
    assert [r["document_id"] for r in hostile] == ["doc-1", "doc-2"]
    assert hostile[1]["url"] == "https://www.afp.com/en/news/menaka-2022"
    assert hostile[1]["published"] == "2022-08-15"
    assert hostile[0]["subject_name"] == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert hostile[0]["object_name"] == "Islamic State in the Greater Sahara"
    assert hostile[0]["sentence"].startswith("JNIM fighters clashed")
    part_of = next(r for r in rows if r["relation_id"] == "1")
    assert part_of["object_id"] == "al-qaeda" and part_of["object_name"] == "al-qaeda"
    bare = next(r for r in rows if r["subject_id"] == "minusma")
    assert bare["document_id"] == "" and bare["sentence"] == "" and bare["confidence"] == ""
    assert next(r for r in rows if r["relation_id"] == "4")["polarity"] == "negative"


def test_csv_entities(sahel, tmp_path, node_ids):
    files = export_graph(sahel, "csv", tmp_path / "sahel.csv")
    header, rows = _read(files[1])
    assert header == ENTITY_COLUMNS
    assert {r["id"] for r in rows} == node_ids
    menaka = next(r for r in rows if r["id"] == "menaka")
    assert menaka["name"] == "Ménaka" and float(menaka["lat"]) == 15.918
    assert next(r for r in rows if r["id"] == "jnim")["aliases"] == "JNIM | Group for the Support of Islam and Muslims"


def test_csv_defuses_spreadsheet_formulas(sahel, tmp_path):
    sahel["relations"][0]["evidence"][0]["sentence"] = '=HYPERLINK("http://evil.example","x")'
    files = export_graph(sahel, "csv", tmp_path / "x.csv")
    _, rows = _read(files[0])
    assert next(r for r in rows if r["relation_id"] == "1")["sentence"].startswith("'=HYPERLINK")


def test_json_round_trip(sahel, tmp_path):
    path = export_graph(sahel, "json", tmp_path / "sahel.json")[0]
    raw = path.read_bytes()
    assert "Ménaka".encode("utf-8") in raw  # real UTF-8, not \u escapes
    back = json.loads(raw)
    assert back["format"] == "allegiance-graph/1"
    def canon(items):
        return sorted(json.dumps(item, sort_keys=True) for item in items)

    for key in ("entities", "relations", "events", "claims", "documents"):
        assert canon(back[key]) == canon(sahel[key]), key
    assert [e["id"] for e in back["entities"]] == sorted(e["id"] for e in sahel["entities"])
    # pretty-printed with sorted keys
    assert raw.startswith(b'{\n  "claims": [')


def test_json_of_json_is_stable(sahel, tmp_path):
    first = export_graph(sahel, "json", tmp_path / "a.json")[0]
    again = export_graph(json.loads(first.read_text(encoding="utf-8")), "json", tmp_path / "b.json")[0]
    assert first.read_bytes() == again.read_bytes()
