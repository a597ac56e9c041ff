"""FollowTheMoney JSON Lines: every line read back with model.get_proxy and checked."""

from __future__ import annotations

import json
from collections import Counter

import pytest

pytest.importorskip("followthemoney")

from followthemoney import model  # noqa: E402

from allegiance.export import export_graph  # noqa: E402


@pytest.fixture
def lines(sahel, tmp_path):
    path = export_graph(sahel, "ftm", tmp_path / "sahel.ftm.json")[0]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _one(lines, schema, **props):
    found = [d for d in lines if d["schema"] == schema
             and all(v in d["properties"].get(k, []) for k, v in props.items())]
    assert len(found) == 1, (schema, props, len(found))
    return found[0]


def test_every_line_is_a_valid_proxy(lines):
    ids = {d["id"] for d in lines}
    assert len(ids) == len(lines)
    for data in lines:
        proxy = model.get_proxy(data)
        schema = proxy.schema
        assert not schema.abstract
        assert schema.validate(data) is None
        for name in schema.required:
            assert data["properties"].get(name), (schema.name, name)
        for name, values in data["properties"].items():
            prop = schema.get(name)
            assert prop is not None, (schema.name, name)
            for value in values:
                assert prop.type.validate(value), (schema.name, name, value)
                if prop.type.name == "entity":
                    assert value in ids, (schema.name, name)  # references resolve
        # nothing is lost or changed by reading back
        assert {k: sorted(v) for k, v in proxy.to_dict()["properties"].items()} == data["properties"]


def test_schemata(lines):
    counts = Counter(d["schema"] for d in lines)
    assert counts["Organization"] == 4      # jnim, isgs, wagner, minusma
    assert counts["Person"] == 1
    assert counts["PublicBody"] == 1        # mali
    assert counts["Address"] == 3           # menaka, mopti, bamako
    assert counts["LegalEntity"] == 1       # the stub for al-qaeda
    assert counts["Article"] == 3
    assert counts["Directorship"] == 1
    assert counts["UnknownLink"] == 9
    assert counts["Event"] == 2
    assert counts["Note"] == 1
    assert counts["Documentation"] > 0


def test_entities(lines):
    jnim = _one(lines, "Organization", name="Jama'at Nusrat al-Islam wal-Muslimin")
    assert "JNIM" in jnim["properties"]["alias"]
    assert jnim["properties"]["topics"] == ["mil"] and jnim["properties"]["wikidataId"] == ["Q900001"]
    mali = _one(lines, "PublicBody", name="Mali")
    assert mali["properties"]["country"] == ["ml"] and mali["properties"]["topics"] == ["gov.national"]
    menaka = _one(lines, "Address", name="Ménaka")
    assert menaka["properties"]["latitude"] == ["15.918"] and menaka["properties"]["full"] == ["Ménaka"]
    person = _one(lines, "Person", name="Iyad Ag Ghaly")
    assert person["properties"]["position"] == ["emir"]


def test_links(lines):
    person = _one(lines, "Person", name="Iyad Ag Ghaly")
    jnim = _one(lines, "Organization", name="Jama'at Nusrat al-Islam wal-Muslimin")
    boss = _one(lines, "Directorship", recordId="2")["properties"]
    assert boss["director"] == [person["id"]] and boss["organization"] == [jnim["id"]]
    assert boss["role"] == ["emir"] and boss["status"] == ["confirmed"]
    assert "its emir since 2017" in boss["description"][0]
    article = _one(lines, "Article", title="JNIM expands in central Mali")
    assert boss["proof"] == [article["id"]]
    assert boss["sourceUrl"] == ["https://www.reuters.com/world/africa/jnim-mali-2022-06-01/"]

    not_allies = _one(lines, "UnknownLink", recordId="4")["properties"]
    assert not_allies["role"] == ["not ally of"]
    assert "(negative)" in not_allies["summary"][0]
    talks = _one(lines, "UnknownLink", recordId="7")["properties"]
    assert talks["role"] == ["negotiates with (promised)"]
    hostile = _one(lines, "UnknownLink", recordId="3")["properties"]
    assert hostile["date"] == ["2022-06-01", "2022-08-15"]
    assert len(hostile["sourceUrl"]) == 2 and len(hostile["proof"]) == 2
    assert "startDate" not in hostile and "endDate" not in hostile
    stub = _one(lines, "LegalEntity", name="al-qaeda")
    part_of = _one(lines, "UnknownLink", recordId="1")["properties"]
    assert part_of["object"] == [stub["id"]] and part_of["role"] == ["part of"]


def test_documents_events_claims(lines):
    article = _one(lines, "Article", title="Jihadist rivals fight over Ménaka")["properties"]
    assert article["publishedAt"] == ["2022-08-15"] and article["publisher"] == ["AFP"]
    untitled = _one(lines, "Article", title="Wagner in Mali")["properties"]
    assert "publishedAt" not in untitled and "sourceUrl" not in untitled
    menaka = _one(lines, "Address", name="Ménaka")
    docs = [d for d in lines if d["schema"] == "Documentation" and d["properties"]["entity"] == [menaka["id"]]]
    assert docs and any("Ménaka" in d["properties"]["description"][0] for d in docs)
    event = _one(lines, "Event", recordId="1")["properties"]
    assert event["date"] == ["2022-08-12"] and event["addressEntity"] == [menaka["id"]]
    assert "CAMEO 180" in event["keywords"] and "12 killed" in event["summary"][0]
    note = _one(lines, "Note", name="Promise by Mali")["properties"]
    assert len(note["entity"]) == 2 and "open talks" in note["description"][0]


def test_a_non_organisation_leader_falls_back_to_unknown_link(sahel, tmp_path):
    # LEADER_OF a place cannot be a Directorship (its organization must be an Organization)
    sahel["relations"][1]["object"] = "menaka"
    sahel["relations"][1]["polarity"] = "negative"
    path = export_graph(sahel, "ftm", tmp_path / "x.ftm.json")[0]
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert not [d for d in lines if d["schema"] == "Directorship"]
    link = _one(lines, "UnknownLink", recordId="2")["properties"]
    assert link["role"] == ["not leader of [emir]"]
