"""Both stores (SQLite and PostgreSQL): migrations match the schema, the same writes give the
same answers, re-extraction replaces a document's contribution, decisions are kept apart."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from allegiance.errors import BadInput
from allegiance.store import Store, metadata
from allegiance.store.migrate import head

from test_store import extraction_1, extraction_2


def _comparable(store: Store) -> dict:
    entities = store.entities()
    relations = store.relations()
    for row in relations:
        row.pop("id")
    return {"entities": entities, "relations": relations,
            "events": [{k: v for k, v in e.items() if k != "id"} for e in store.events()],
            "claims": [{k: v for k, v in c.items() if k != "id"} for c in store.claims()],
            "counts": store.counts(), "find": store.find("al qaeda")}


def test_migrated_schema_matches_the_schema_module(store_url):
    with Store.open(store_url) as store, store._engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == head()
        diffs = [d for d in compare_metadata(context, metadata)
                 if not (isinstance(d, tuple) and d[0] in ("add_index", "remove_index"))
                 and not isinstance(d, list)]
        assert diffs == []


def test_both_stores_answer_identically(tmp_path, postgres_server):
    answers = []
    for url in (str(tmp_path / "g.db"), postgres_server()):
        with Store.open(url) as store:
            store.add_extraction(extraction_1())
            store.add_extraction(extraction_2())
            answers.append(_comparable(store))
    assert answers[0] == answers[1]
    assert answers[0]["counts"]["relations"] >= 2


def test_aggregates_follow_the_evidence(store_url):
    with Store.open(store_url) as store:
        store.add_extraction(extraction_1())
        store.add_extraction(extraction_2())
        ally = next(r for r in store.relations() if r["predicate"] == "ALLY_OF")
        assert (ally["first_seen"], ally["last_seen"]) == ("2021-09-07", "2022-01-15")
        assert ally["evidence_count"] == len(ally["evidence"]) == 2
        assert ally["document_count"] == 2 and ally["documents"] == ["doc-1", "doc-2"]
        assert store.relations(since="2022-01-01", predicates=["SUPPORTS"]) == []
        assert [r["predicate"] for r in store.relations(["taliban"], min_evidence=2)] \
            == ["ALLY_OF"]


def test_replace_extraction_takes_back_a_documents_contribution(store_url):
    with Store.open(store_url) as store:
        store.add_extraction(extraction_1())
        store.add_extraction(extraction_2())
        before = store.counts()
        second = extraction_2()
        second.relations.clear()
        store.replace_extraction(second, pipeline="v2")
        ally = next(r for r in store.relations() if r["predicate"] == "ALLY_OF")
        assert ally["documents"] == ["doc-1"] and ally["last_seen"] == "2021-09-07"
        assert store.counts()["evidence"] == before["evidence"] - 1
        store.replace_extraction(extraction_2(), pipeline="v3")
        assert store.counts() == before
        assert {d["id"]: d["extracted_with"] for d in store.documents()}["doc-2"] == "v3"


def test_decisions_are_kept_and_withdrawn(store_url):
    with Store.open(store_url) as store:
        first = store.add_decision("reject", {"subject": "a", "predicate": "ALLY_OF",
                                              "object": "b"}, note="misread")
        store.add_decision("reliability", {"source": "Example Wire", "grade": "B"})
        assert [d["kind"] for d in store.decisions()] == ["reject", "reliability"]
        assert store.withdraw_decision(first) and not store.withdraw_decision(first)
        assert [d["kind"] for d in store.decisions()] == ["reliability"]
        assert len(store.decisions(include_withdrawn=True)) == 2


def test_a_version_1_store_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE documents (id VARCHAR(200) PRIMARY KEY, title TEXT, url TEXT, source TEXT,
          published VARCHAR(32), language VARCHAR(16) NOT NULL, text TEXT NOT NULL,
          text_sha256 VARCHAR(64) NOT NULL, ingested_at DATETIME NOT NULL);
        CREATE TABLE entities (id VARCHAR(200) PRIMARY KEY, type VARCHAR(32) NOT NULL,
          name TEXT NOT NULL, external_ids JSON NOT NULL, attributes JSON NOT NULL);
        CREATE TABLE aliases (entity_id VARCHAR(200) NOT NULL, alias TEXT NOT NULL,
          count INTEGER NOT NULL, UNIQUE (entity_id, alias));
        CREATE TABLE mentions (document_id VARCHAR(200) NOT NULL, entity_id VARCHAR(200) NOT NULL,
          start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, sentence INTEGER,
          UNIQUE (document_id, start, "end", entity_id));
        CREATE TABLE relations (id INTEGER PRIMARY KEY, subject VARCHAR(200) NOT NULL,
          predicate VARCHAR(64) NOT NULL, object VARCHAR(200) NOT NULL,
          polarity VARCHAR(16) NOT NULL, modality VARCHAR(16) NOT NULL, confidence FLOAT NOT NULL,
          attributes JSON NOT NULL, UNIQUE (subject, predicate, object, polarity, modality));
        CREATE TABLE evidence (relation_id INTEGER NOT NULL, document_id VARCHAR(200) NOT NULL,
          sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
          UNIQUE (relation_id, document_id, start, "end"));
        CREATE TABLE events (id INTEGER PRIMARY KEY, document_id VARCHAR(200) NOT NULL,
          type VARCHAR(32) NOT NULL, data JSON NOT NULL);
        CREATE TABLE claims (id INTEGER PRIMARY KEY, document_id VARCHAR(200) NOT NULL,
          kind VARCHAR(32) NOT NULL, speaker VARCHAR(200), data JSON NOT NULL);
        INSERT INTO documents VALUES ('d1', NULL, NULL, NULL, '2020-05-01', 'en', 'x', 'h',
          '2024-01-01 00:00:00');
        INSERT INTO entities VALUES ('a', 'ARMED_GROUP', 'A', '{}', '{}'),
                                    ('b', 'ARMED_GROUP', 'B', '{}', '{}');
        INSERT INTO relations VALUES (1, 'a', 'ALLY_OF', 'b', 'positive', 'asserted', 0.9, '{}');
        INSERT INTO evidence VALUES (1, 'd1', 'A and B are allies.', 0, 19);
        INSERT INTO events VALUES (1, 'd1', 'ASSAULT', '{"actors": ["a"], "targets": ["b"]}');
    """)
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        [rel] = store.relations()
        assert (rel["evidence_count"], rel["first_seen"]) == (1, "2020-05-01")
        assert [e["id"] for e in store.events(["b"])] == [1]


def test_postgres_url_errors_are_one_line(postgres_server):
    url = postgres_server().rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(BadInput, match="cannot open as a PostgreSQL store"):
        Store.open(url)
    with pytest.raises(BadInput, match="not a valid PostgreSQL URL"):
        Store.open("postgresql://host:port/db")
