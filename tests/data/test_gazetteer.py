"""The gazetteer files are consistent: ids, aliases and acronyms unique, links and roles point
at rows that exist, QIDs well-formed, every row names its source."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from allegiance.nlp.gazetteer import load_gazetteer

QID = re.compile(r"^Q[1-9]\d*$")
YEAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LINK_PREDICATES = {"PART_OF", "ALLY_OF", "SPLINTER_OF", "MERGED_INTO", "RENAMED_TO"}


@pytest.fixture(scope="module")
def rows():
    return load_gazetteer().entries


def test_enough_armed_groups_people_and_places(rows):
    types = Counter(r.type for r in rows.values())
    assert types["ARMED_GROUP"] >= 300
    assert types["PERSON"] >= 250
    assert types["COUNTRY"] >= 190


def test_qids_are_well_formed_and_unique(rows):
    qids = Counter(r.wikidata for r in rows.values() if r.wikidata)
    assert all(QID.match(q) for q in qids), [q for q in qids if not QID.match(q)]
    assert [q for q, n in qids.items() if n > 1] == []


def test_aliases_belong_to_one_entity(rows):
    owners: dict[str, set[str]] = {}
    for row in rows.values():
        for alias in {row.name, *row.aliases}:
            owners.setdefault(alias.lower(), set()).add(row.id)
    clashes = {a: ids for a, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def test_acronyms_belong_to_one_entity(rows):
    owners: dict[str, set[str]] = {}
    for row in rows.values():
        for acronym in row.acronyms:
            owners.setdefault(acronym, set()).add(row.id)
    assert {a: ids for a, ids in owners.items() if len(ids) > 1} == {}


def test_links_and_roles_point_at_known_rows(rows):
    for row in rows.values():
        for link in row.links:
            assert link["predicate"] in LINK_PREDICATES, (row.id, link)
            assert link["object"] in rows, (row.id, link)
            for key in ("since", "until"):
                assert link.get(key) is None or YEAR.match(str(link[key])), (row.id, link)
        for role in row.roles:
            target = role.get("group")
            assert target is None or target in rows, (row.id, role)
            for key in ("since", "until"):
                assert role.get(key) is None or YEAR.match(str(role[key])), (row.id, role)


def test_group_countries_are_iso_codes(rows):
    iso = {r.iso2 for r in rows.values() if r.type == "COUNTRY"}
    for row in rows.values():
        if row.type == "ARMED_GROUP":
            assert row.countries, row.id
            assert set(row.countries) <= iso, (row.id, set(row.countries) - iso)


def test_every_row_names_its_source(rows):
    assert [r.id for r in rows.values() if not r.source.strip()] == []


def test_derived_geo_files_match_the_gazetteer(rows):
    """`geo/gazetteer_places.jsonl` names only places of the gazetteer, with sane
    coordinates; every place row has coordinates from there or its own lat/lon (rebuild with
    scripts/build_geo.py after editing places.jsonl)."""
    import json

    from allegiance.datafiles import data_path

    placed = {}
    for line in data_path("gazetteer/geo/gazetteer_places.jsonl").read_text().splitlines():
        row = json.loads(line)
        assert row["id"] in rows and rows[row["id"]].type == "PLACE", row["id"]
        assert -90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180
        placed[row["id"]] = row
    places = [r for r in rows.values() if r.type == "PLACE"]
    unplaced = [r.id for r in places
                if r.id not in placed and (r.model_extra or {}).get("lat") is None]
    assert len(unplaced) <= 10, unplaced
