"""A small Sahel graph in the allegiance-graph/1 format, shared by the export tests.

Nine entities of all five types, ten relations (one negative, one promised, one whose object is
missing from the entities, one with no id and no evidence), evidence from three documents, two
events and one claim. The facts are illustrative, written for these tests.
"""

from __future__ import annotations

import copy

import pytest

DOC1 = ("JNIM, al-Qaeda's affiliate in the Sahel, is led by Iyad Ag Ghaly, its emir since 2017.")
DOC1B = "JNIM fighters clashed with the Islamic State in the Greater Sahara near Ménaka, officials said."
DOC2A = "ISGS has carried out attacks across the Ménaka region."
DOC2B = "Ménaka, a region of Mali, has seen heavy fighting between the two jihadist groups."
DOC2C = "The two groups are no longer allies, the statement said."
DOC2D = "Fighters of ISGS killed 12 villagers near Ménaka on 12 August."
DOC3A = "Wagner Group mercenaries have reportedly fought alongside the Malian army."
DOC3B = "The transitional government promised to open talks with JNIM."
DOC3C = "Wagner may have targeted JNIM positions near Mopti last week."

SAHEL = {
    "format": "allegiance-graph/1",
    "entities": [
        {"id": "jnim", "type": "ARMED_GROUP", "name": "Jama'at Nusrat al-Islam wal-Muslimin",
         "aliases": ["JNIM", "Group for the Support of Islam and Muslims"],
         "external_ids": {"wikidata": "Q900001"}, "attributes": {},
         "mention_count": 9, "document_count": 3},
        {"id": "isgs", "type": "ARMED_GROUP", "name": "Islamic State in the Greater Sahara",
         "aliases": ["ISGS", "IS Sahel"], "external_ids": {}, "attributes": {},
         "mention_count": 5, "document_count": 2},
        {"id": "mali", "type": "COUNTRY", "name": "Mali", "aliases": ["Mali", "Malian"],
         "external_ids": {"wikidata": "Q912"},
         "attributes": {"country": "ML", "lat": 17.0, "lon": -4.0},
         "mention_count": 6, "document_count": 2},
        {"id": "wagner", "type": "ORGANIZATION", "name": "Wagner Group", "aliases": ["Wagner"],
         "external_ids": None, "attributes": None, "mention_count": 3, "document_count": 1},
        {"id": "minusma", "type": "ORGANIZATION", "name": "MINUSMA", "aliases": [],
         "external_ids": {}, "attributes": {}, "mention_count": 1, "document_count": 1},
        {"id": "iyad-ag-ghaly", "type": "PERSON", "name": "Iyad Ag Ghaly",
         "aliases": ["Iyad Ag Ghaly", "Ag Ghaly"], "external_ids": {},
         "attributes": {"titles": ["emir"]}, "mention_count": 2, "document_count": 1},
        {"id": "menaka", "type": "PLACE", "name": "Ménaka", "aliases": ["Menaka"],
         "external_ids": {}, "attributes": {"lat": 15.918, "lon": 2.402, "country": "ML",
                                             "admin_level": 1},
         "mention_count": 4, "document_count": 1},
        {"id": "mopti", "type": "PLACE", "name": "Mopti", "aliases": [], "external_ids": {},
         "attributes": {}, "mention_count": 1, "document_count": 1},
        {"id": "bamako", "type": "PLACE", "name": "Bamako"},
    ],
    "relations": [
        {"id": 1, "subject": "jnim", "predicate": "PART_OF", "object": "al-qaeda",
         "polarity": "positive", "modality": "asserted", "confidence": 0.9, "attributes": {},
         "status": None, "evidence_count": 1, "documents": ["doc-1"], "sources": ["Reuters"],
         "first_seen": "2022-06-01", "last_seen": "2022-06-01",
         "evidence": [{"document_id": "doc-1", "sentence": DOC1, "start": 0, "end": len(DOC1),
                       "published": "2022-06-01"}]},
        {"id": 2, "subject": "iyad-ag-ghaly", "predicate": "LEADER_OF", "object": "jnim",
         "polarity": "positive", "modality": "asserted", "confidence": 0.85,
         "attributes": {"role": "emir"}, "status": "confirmed", "evidence_count": 1,
         "documents": ["doc-1"], "sources": ["Reuters"], "first_seen": "2022-06-01",
         "last_seen": "2022-06-01",
         "evidence": [{"document_id": "doc-1", "sentence": DOC1, "start": 0, "end": len(DOC1),
                       "published": "2022-06-01"}]},
        {"id": 3, "subject": "jnim", "predicate": "HOSTILE_TO", "object": "isgs",
         "polarity": "positive", "modality": "reported", "confidence": 0.8, "attributes": {},
         "status": None, "evidence_count": 2, "documents": ["doc-1", "doc-2"],
         "sources": ["Reuters", "AFP"], "first_seen": "2022-06-01", "last_seen": "2022-08-15",
         "evidence": [
             {"document_id": "doc-2", "sentence": DOC2B, "start": 120, "end": 120 + len(DOC2B),
              "published": "2022-08-15"},
             {"document_id": "doc-1", "sentence": DOC1B, "start": 90, "end": 90 + len(DOC1B),
              "published": "2022-06-01"}]},
        {"id": 4, "subject": "jnim", "predicate": "ALLY_OF", "object": "isgs",
         "polarity": "negative", "modality": "asserted", "confidence": 0.7, "attributes": {},
         "status": None, "evidence_count": 1, "documents": ["doc-2"], "sources": ["AFP"],
         "first_seen": "2022-08-15", "last_seen": "2022-08-15",
         "evidence": [{"document_id": "doc-2", "sentence": DOC2C, "start": 200,
                       "end": 200 + len(DOC2C), "published": "2022-08-15"}]},
        {"id": 5, "subject": "isgs", "predicate": "OPERATES_IN", "object": "menaka",
         "polarity": "positive", "modality": "asserted", "confidence": 0.75,
         "attributes": {"kind": "operations"}, "status": None, "evidence_count": 1,
         "documents": ["doc-2"], "sources": ["AFP"], "first_seen": "2022-08-15",
         "last_seen": "2022-08-15",
         "evidence": [{"document_id": "doc-2", "sentence": DOC2A, "start": 0, "end": len(DOC2A),
                       "published": "2022-08-15"}]},
        {"id": 6, "subject": "wagner", "predicate": "SUPPORTS", "object": "mali",
         "polarity": "positive", "modality": "reported", "confidence": 0.6,
         "attributes": {"kind": "fighters"}, "status": None, "evidence_count": 1,
         "documents": ["doc-3"], "sources": [], "first_seen": None, "last_seen": None,
         "evidence": [{"document_id": "doc-3", "sentence": DOC3A, "start": 0, "end": len(DOC3A),
                       "published": None}]},
        {"id": 7, "subject": "mali", "predicate": "NEGOTIATES_WITH", "object": "jnim",
         "polarity": "positive", "modality": "promised", "confidence": 0.5, "attributes": {},
         "status": None, "evidence_count": 1, "documents": ["doc-3"], "sources": [],
         "first_seen": None, "last_seen": None,
         "evidence": [{"document_id": "doc-3", "sentence": DOC3B, "start": 80,
                       "end": 80 + len(DOC3B), "published": None}]},
        {"id": 8, "subject": "menaka", "predicate": "LOCATED_IN", "object": "mali",
         "polarity": "positive", "modality": "asserted", "confidence": 0.95, "attributes": {},
         "status": None, "evidence_count": 1, "documents": ["doc-2"], "sources": ["AFP"],
         "first_seen": "2022-08-15", "last_seen": "2022-08-15",
         "evidence": [{"document_id": "doc-2", "sentence": DOC2B, "start": 120,
                       "end": 120 + len(DOC2B), "published": "2022-08-15"}]},
        {"id": 9, "subject": "wagner", "predicate": "HOSTILE_TO", "object": "jnim",
         "polarity": "positive", "modality": "hedged", "confidence": 0.4, "attributes": {},
         "status": "confirmed", "evidence_count": 1, "documents": ["doc-3"], "sources": [],
         "first_seen": None, "last_seen": None,
         "evidence": [{"document_id": "doc-3", "sentence": DOC3C, "start": 150,
                       "end": 150 + len(DOC3C), "published": None}]},
        # no id, no confidence, no evidence: still exported
        {"subject": "minusma", "predicate": "OPERATES_IN", "object": "mopti"},
    ],
    "events": [
        {"id": 1, "document_id": "doc-2", "type": "ASSAULT", "mode": "firearms", "cameo": "180",
         "acled_event_type": "Violence against civilians", "acled_sub_event_type": "Attack",
         "actors": ["isgs"], "targets": [], "place": "menaka",
         "time": {"text": "on 12 August", "start": "2022-08-12", "end": "2022-08-12"},
         "casualties": {"killed": 12, "wounded": None, "kidnapped": None},
         "evidence": {"sentence": DOC2D, "start": 300, "end": 300 + len(DOC2D)}},
        {"id": 2, "document_id": "doc-3", "type": "ASSAULT", "mode": None, "cameo": "190",
         "acled_event_type": "Battles", "acled_sub_event_type": "Armed clash",
         "actors": ["wagner"], "targets": ["jnim"], "place": "mopti",
         "time": {"text": "last week", "start": None, "end": None},
         "casualties": {"killed": None, "wounded": None, "kidnapped": None},
         "evidence": {"sentence": DOC3C, "start": 150, "end": 150 + len(DOC3C)}},
    ],
    "claims": [
        {"id": 1, "document_id": "doc-3", "speaker": "mali", "kind": "promise",
         "content": {"subject": "mali", "predicate": "NEGOTIATES_WITH", "object": "jnim",
                     "polarity": "positive"},
         "evidence": {"sentence": DOC3B, "start": 80, "end": 80 + len(DOC3B)}},
    ],
    "documents": [
        {"id": "doc-1", "title": "JNIM expands in central Mali",
         "url": "https://www.reuters.com/world/africa/jnim-mali-2022-06-01/", "source": "Reuters",
         "published": "2022-06-01", "reliability": "B"},
        {"id": "doc-2", "title": "Jihadist rivals fight over Ménaka",
         "url": "https://www.afp.com/en/news/menaka-2022", "source": "AFP",
         "published": "2022-08-15", "reliability": None},
        {"id": "doc-3", "title": "Wagner in Mali", "url": None, "source": None,
         "published": None, "reliability": None},
    ],
}



@pytest.fixture
def sahel() -> dict:
    """A fresh copy of the Sahel graph (tests may change it)."""
    return copy.deepcopy(SAHEL)


@pytest.fixture
def node_ids() -> set[str]:
    """Every node an export must hold: the entities plus a stub for the missing "al-qaeda"."""
    return {e["id"] for e in SAHEL["entities"]} | {"al-qaeda"}
