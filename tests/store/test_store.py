"""SQLite store: round trip, idempotence, cross-document merging, bad paths, atomicity."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from allegiance.errors import BadInput, InvalidData
from allegiance.model import (Claim, Document, Entity, Event, Evidence, Extraction, Mention,
                              Relation)
from allegiance.store import SCHEMA_VERSION, Store
from allegiance.store import store as store_module

TEXT_1 = "The Taliban and al-Qaeda are allies. Al-Qaeda relies on the Taliban for sanctuary."
TEXT_2 = "Al Qaeda and the Taliban remain allies, officials said."


def span(text: str, needle: str, sentence: int = 0) -> Mention:
    start = text.index(needle)
    return Mention(start, start + len(needle), needle, sentence)


def extraction_1() -> Extraction:
    doc = Document(id="doc-1", text=TEXT_1, title="One", published="2021-09-07",
                   source="one.txt")
    first = Evidence("The Taliban and al-Qaeda are allies.", 0, 36)
    second = Evidence("Al-Qaeda relies on the Taliban for sanctuary.", 37, len(TEXT_1))
    return Extraction(
        document=doc,
        entities=[
            Entity("taliban", "ARMED_GROUP", "Taliban", aliases=["Taliban"],
                   mentions=[span(TEXT_1, "Taliban"), Mention(60, 67, "Taliban", 1)]),
            Entity("al-qaeda", "ARMED_GROUP", "al-Qaeda", aliases=["al-Qaeda", "Al-Qaeda"],
                   external_ids={"wikidata": "Q34490"},
                   mentions=[span(TEXT_1, "al-Qaeda"), Mention(37, 45, "Al-Qaeda", 1)]),
        ],
        relations=[
            Relation("taliban", "ALLY_OF", "al-qaeda", confidence=0.9, evidence=[first]),
            Relation("taliban", "SUPPORTS", "al-qaeda", confidence=0.7,
                     attributes={"kind": "sanctuary"}, evidence=[second]),
        ],
        events=[Event("SUPPORT", first, actors=["taliban"], targets=["al-qaeda"])],
        claims=[Claim("promise", second, speaker="taliban",
                      content={"subject": "taliban", "predicate": "SUPPORTS",
                               "object": "al-qaeda", "polarity": "negative"})],
    )


def extraction_2() -> Extraction:
    doc = Document(id="doc-2", text=TEXT_2, published="2022-01-15")
    sentence = Evidence(TEXT_2, 0, len(TEXT_2))
    return Extraction(
        document=doc,
        entities=[
            Entity("al-qaeda", "ORGANIZATION", "Al Qaeda", aliases=["Al Qaeda"],
                   external_ids={"wikidata": "WRONG", "viaf": "1"},
                   mentions=[span(TEXT_2, "Al Qaeda")]),
            Entity("taliban", "ARMED_GROUP", "Taliban", mentions=[span(TEXT_2, "Taliban")]),
        ],
        relations=[Relation("taliban", "ALLY_OF", "al-qaeda", confidence=0.95,
                            evidence=[sentence])],
    )


@pytest.fixture
def store(tmp_path):
    with Store.open(str(tmp_path / "graph.db")) as opened:
        yield opened


def test_round_trip(store, tmp_path):
    result = store.add_extraction(extraction_1())
    assert result.added and result.document_id == "doc-1"
    assert (result.entities, result.mentions, result.relations, result.evidence) == (2, 4, 2, 2)
    assert (result.events, result.claims) == (1, 1)
    assert store.has_document("doc-1") and not store.has_document("doc-2")

    [doc] = store.documents(include_text=True)
    assert doc["text"] == TEXT_1 and doc["title"] == "One" and doc["published"] == "2021-09-07"
    assert len(doc["text_sha256"]) == 64 and doc["ingested_at"].endswith("+00:00")
    assert "text" not in store.documents()[0]

    entities = {e["id"]: e for e in store.entities()}
    assert entities["al-qaeda"]["external_ids"] == {"wikidata": "Q34490"}
    assert set(entities["al-qaeda"]["aliases"]) == {"al-Qaeda", "Al-Qaeda"}
    assert entities["taliban"]["aliases"] == ["Taliban"]
    assert entities["taliban"]["mention_count"] == 2

    relations = {r["predicate"]: r for r in store.relations()}
    supports = relations["SUPPORTS"]
    assert supports["attributes"] == {"kind": "sanctuary"}
    assert supports["evidence_count"] == 1 and supports["documents"] == ["doc-1"]
    assert supports["evidence"][0]["sentence"].startswith("Al-Qaeda relies")
    assert TEXT_1[supports["evidence"][0]["start"]:supports["evidence"][0]["end"]] \
        == supports["evidence"][0]["sentence"]
    assert supports["first_seen"] == supports["last_seen"] == "2021-09-07"

    [event] = store.events()
    assert event["type"] == "SUPPORT" and event["actors"] == ["taliban"]
    assert event["document_id"] == "doc-1"
    [claim] = store.claims()
    assert claim["kind"] == "promise" and claim["content"]["polarity"] == "negative"

    rows = sqlite3.connect(tmp_path / "graph.db").execute(
        "SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    assert rows == [(str(SCHEMA_VERSION),)]


def test_reingest_adds_nothing(store):
    store.add_extraction(extraction_1())
    before = store.counts()
    again = store.add_extraction(extraction_1())
    assert not again.added
    assert (again.entities, again.mentions, again.relations, again.evidence) == (0, 0, 0, 0)
    assert store.counts() == before
    assert {e["id"]: e["aliases"] for e in store.entities()}["taliban"] == ["Taliban"]


def test_two_documents_merge(store):
    store.add_extraction(extraction_1())
    second = store.add_extraction(extraction_2())
    assert second.added and second.entities == 0 and second.relations == 0
    assert second.evidence == 1

    entities = {e["id"]: e for e in store.entities()}
    assert len(entities) == 2
    qaeda = entities["al-qaeda"]
    assert (qaeda["type"], qaeda["name"]) == ("ARMED_GROUP", "al-Qaeda")  # first one kept
    assert qaeda["external_ids"] == {"wikidata": "Q34490", "viaf": "1"}
    assert set(qaeda["aliases"]) == {"al-Qaeda", "Al-Qaeda", "Al Qaeda"}
    assert qaeda["document_count"] == 2
    assert entities["taliban"]["aliases"] == ["Taliban"]
    taliban_count = sqlite3.connect(store.path).execute(
        "SELECT count FROM aliases WHERE entity_id = 'taliban'").fetchone()[0]
    assert taliban_count == 3  # 2 mentions in doc-1 + 1 in doc-2

    ally = next(r for r in store.relations() if r["predicate"] == "ALLY_OF")
    assert ally["confidence"] == pytest.approx(0.95)
    assert ally["evidence_count"] == 2
    assert ally["documents"] == ["doc-1", "doc-2"]
    assert (ally["first_seen"], ally["last_seen"]) == ("2021-09-07", "2022-01-15")
    assert store.counts()["relations"] == 2


def test_duplicates_inside_one_extraction_merge(store):
    ex = extraction_1()
    ex.relations.append(Relation("taliban", "ALLY_OF", "al-qaeda", confidence=0.4,
                                 evidence=[ex.relations[0].evidence[0]]))
    result = store.add_extraction(ex)
    assert result.relations == 2 and result.evidence == 2


def test_relation_to_unknown_entity_is_rejected_whole(store):
    ex = extraction_1()
    ex.relations.append(Relation("taliban", "HOSTILE_TO", "islamic-state"))
    with pytest.raises(InvalidData, match="islamic-state"):
        store.add_extraction(ex)
    assert store.counts()["documents"] == 0 and store.counts()["entities"] == 0


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp, "is a directory"),
    (lambda tmp: tmp / "missing" / "graph.db", "does not exist"),
    (lambda tmp: _text_file(tmp), "cannot open as an SQLite database"),
    (lambda tmp: _foreign_db(tmp), "not an Allegiance store"),
])
def test_bad_db_path(tmp_path, make, message):
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(BadInput, match=message) as info:
        Store.open(str(path))
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    if before is not None:
        assert path.read_bytes() == before  # nothing written into someone else's file


def _text_file(tmp: Path) -> Path:
    path = tmp / "notes.txt"
    path.write_text("The Taliban and al-Qaeda are allies.\n" * 50)
    return path


def _foreign_db(tmp: Path) -> Path:
    path = tmp / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    return path


def test_failure_mid_transaction_leaves_store_intact(store, monkeypatch):
    store.add_extraction(extraction_1())
    before = store.counts()
    entities_before = store.entities()
    relations_before = store.relations()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # documents, entities, aliases and mentions are written by then; relations fail.
    monkeypatch.setattr(store_module, "_write_relations", explode)
    with pytest.raises(RuntimeError):
        store.add_extraction(extraction_2())
    assert not store.has_document("doc-2")
    assert store.counts() == before
    assert store.entities() == entities_before
    assert store.relations() == relations_before

    monkeypatch.undo()
    assert store.add_extraction(extraction_2()).added  # the re-run resumes cleanly


def test_killed_process_mid_ingest_leaves_store_intact(tmp_path):
    db = tmp_path / "graph.db"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = {[str(Path(__file__).parent), *sys.path]!r}
        from test_store import extraction_1, extraction_2
        from allegiance.store import Store, store as module
        store = Store.open({str(db)!r})
        store.add_extraction(extraction_1())
        original = module._insert
        def insert_then_die(conn, table, rows):
            original(conn, table, rows)
            if table.name == "mentions":
                os.kill(os.getpid(), signal.SIGKILL)
            return len(rows)
        module._insert = insert_then_die
        store.add_extraction(extraction_2())
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path)
    assert proc.returncode == -signal.SIGKILL  # died inside the second transaction
    with Store.open(str(db)) as store:
        assert store.has_document("doc-1") and not store.has_document("doc-2")
        assert store.counts()["mentions"] == 4
        assert store.add_extraction(extraction_2()).added


def test_in_memory_store_works():
    with Store.open(":memory:") as store:
        assert store.add_extraction(extraction_1()).added
        assert store.counts()["documents"] == 1
