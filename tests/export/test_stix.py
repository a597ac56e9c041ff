"""STIX 2.1 bundle: parsed back with stix2.parse(allow_custom=True)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

stix2 = pytest.importorskip("stix2")

from allegiance.export import export_graph  # noqa: E402
from allegiance.export.stix import stix_id  # noqa: E402


@pytest.fixture
def bundle(sahel, tmp_path):
    path = export_graph(sahel, "stix", tmp_path / "sahel.stix.json")[0]
    text = path.read_text(encoding="utf-8")
    return stix2.parse(text, allow_custom=True), json.loads(text)


def _by_x_id(objects, key, value):
    found = [o for o in objects if o.get(key) == value]
    assert len(found) == 1, (key, value, found)
    return found[0]


def test_object_types(bundle):
    parsed, _ = bundle
    assert parsed.type == "bundle"
    counts = Counter(o.type for o in parsed.objects)
    assert counts["threat-actor"] == 2            # jnim, isgs
    assert counts["identity"] == 6                # producer, mali, wagner, minusma, iyad, al-qaeda stub
    assert counts["location"] == 4                # menaka, mopti, bamako, and mali as a place
    assert counts["incident"] == 2
    assert counts["note"] == 1
    assert counts["report"] == 3
    # 10 relations + 1 country located-at + event links (isgs, menaka; wagner, jnim, mopti)
    assert counts["relationship"] == 10 + 1 + 5
    assert "intrusion-set" not in counts


def test_ids_are_derived_from_ours(bundle):
    parsed, _ = bundle
    ids = {o.id for o in parsed.objects}
    assert stix_id("threat-actor", "entity:jnim") in ids
    assert stix_id("report", "document:doc-1") in ids
    assert stix_id("relationship", "relation:4") in ids
    assert len(ids) == len(parsed.objects)


def test_relationships_reference_existing_objects(bundle):
    parsed, _ = bundle
    ids = {o.id for o in parsed.objects}
    for obj in parsed.objects:
        if obj.type == "relationship":
            assert obj.source_ref in ids and obj.target_ref in ids
        for ref in obj.get("object_refs", []):
            assert ref in ids


def test_entity_mapping(bundle):
    parsed, _ = bundle
    objects = parsed.objects
    jnim = _by_x_id(objects, "x_allegiance_id", "jnim")
    assert jnim.type == "threat-actor"
    assert "JNIM" in jnim.aliases and jnim.threat_actor_types == ["unknown"]
    assert jnim.external_references[0].external_id == "Q900001"
    person = _by_x_id(objects, "x_allegiance_id", "iyad-ag-ghaly")
    assert person.type == "identity" and person.identity_class == "individual"
    assert person.roles == ["emir"]
    menaka = _by_x_id([o for o in objects if o.type == "location"], "x_allegiance_id", "menaka")
    assert menaka.latitude == pytest.approx(15.918) and menaka.country == "ML"
    bamako = _by_x_id([o for o in objects if o.type == "location"], "x_allegiance_id", "bamako")
    assert bamako.region == "unknown"
    mopti = _by_x_id([o for o in objects if o.type == "location"], "x_allegiance_id", "mopti")
    assert "region" in mopti or "country" in mopti
    mali = [o for o in objects if o.get("x_allegiance_id") == "mali"]
    assert sorted(o.type for o in mali) == ["identity", "location"]
    stub = _by_x_id(objects, "x_allegiance_id", "al-qaeda")
    assert stub.type == "identity" and stub.identity_class == "unknown"


def test_relationship_content(bundle):
    parsed, _ = bundle
    rels = {o.get("x_allegiance_relation_id"): o for o in parsed.objects if o.type == "relationship"}
    hostile = rels["3"]
    assert hostile.relationship_type == "hostile-to"
    assert hostile.confidence == 80
    assert "polarity positive" in hostile.description and "modality reported" in hostile.description
    assert "JNIM fighters clashed" in hostile.description and "first seen 2022-06-01" in hostile.description
    urls = {ref.get("url") for ref in hostile.external_references}
    assert "https://www.afp.com/en/news/menaka-2022" in urls
    assert len(hostile.x_allegiance_evidence) == 2
    assert rels["4"].relationship_type == "not-ally-of"
    assert rels["5"].relationship_type == "located-at"
    assert rels["7"].x_allegiance_modality == "promised" and "modality promised" in rels["7"].description
    assert rels["2"].relationship_type == "leader-of"
    for rel in rels.values():
        assert rel.relationship_type == rel.relationship_type.lower()
        assert "_" not in rel.relationship_type


def test_a_report_per_document(bundle, sahel):
    parsed, _ = bundle
    reports = {o.x_allegiance_document_id: o for o in parsed.objects if o.type == "report"}
    assert set(reports) == {d["id"] for d in sahel["documents"]}
    assert reports["doc-1"].name == "JNIM expands in central Mali"
    assert str(reports["doc-1"].published).startswith("2022-06-01")
    assert str(reports["doc-3"].published).startswith("2022-08-15")  # undated: the export time
    ids_of = {o.id: o for o in parsed.objects}
    refs = {ids_of[r].get("x_allegiance_relation_id") for r in reports["doc-2"].object_refs}
    assert {"3", "4", "5", "8"} <= refs and "1" not in refs
    assert any(ids_of[r].type == "incident" for r in reports["doc-2"].object_refs)
    assert any(ids_of[r].type == "note" for r in reports["doc-3"].object_refs)
    assert reports["doc-1"].external_references[0].url.startswith("https://www.reuters.com/")


def test_events_and_claims(bundle):
    parsed, _ = bundle
    ids_of = {o.id: o for o in parsed.objects}
    incident = _by_x_id(parsed.objects, "x_allegiance_event_id", "2")
    links = {(o.relationship_type, ids_of[o.target_ref].get("x_allegiance_id"))
             for o in parsed.objects if o.type == "relationship" and o.source_ref == incident.id}
    assert links == {("attributed-to", "wagner"), ("targets", "jnim"), ("located-at", "mopti")}
    assert "CAMEO 190" in incident.description
    note = _by_x_id(parsed.objects, "x_allegiance_claim_id", "1")
    assert "promise" in note.abstract and "talks with JNIM" in note.content
    assert {ids_of[r].get("x_allegiance_id") for r in note.object_refs} == {"mali", "jnim"}


def test_threat_actor_types_can_be_declared(sahel, tmp_path):
    sahel["entities"][0]["attributes"] = {"threat_actor_types": ["terrorist", "not-a-vocab-term"]}
    text = export_graph(sahel, "stix", tmp_path / "b.json")[0].read_text(encoding="utf-8")
    parsed = stix2.parse(text, allow_custom=True)
    jnim = _by_x_id(parsed.objects, "x_allegiance_id", "jnim")
    assert jnim.threat_actor_types == ["terrorist"]
