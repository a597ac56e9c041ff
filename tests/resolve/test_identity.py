"""Cross-document identity: newcomers merge with the stored entity they name, and only then."""

from __future__ import annotations

import pytest

from allegiance.model import Document, Entity, Extraction, Mention, Relation, Evidence
from allegiance.resolve.identity import IdentityIndex, assign_ids
from allegiance.store import Store


@pytest.fixture()
def index() -> IdentityIndex:
    idx = IdentityIndex()
    idx.add("liwa-al-fatah-al-mubin", "ARMED_GROUP", ["Liwa al-Fatah al-Mubin"])
    idx.add("popular-mobilization-forces", "ARMED_GROUP", ["Popular Mobilization Forces"])
    idx.add("islamic-state", "ARMED_GROUP", ["Islamic State", "IS"])
    idx.add("iswap", "ARMED_GROUP", ["Islamic State West Africa Province", "ISWAP"])
    idx.add("al-qaeda", "ARMED_GROUP", ["al-Qaeda"])
    idx.add("aqap", "ARMED_GROUP", ["al-Qaeda in the Arabian Peninsula", "AQAP"])
    idx.add("ahmed-ould-sidi", "PERSON", ["Ahmed Ould Sidi"])
    idx.add("tall-kayf", "PLACE", ["Tall Kayf"])
    idx.add("brigade-313", "ARMED_GROUP", ["Brigade 313"])
    idx.add("kurdistan-freedom-hawks-brigade", "ARMED_GROUP", ["Kurdistan Freedom Hawks Brigade"])
    return idx


@pytest.mark.parametrize("entity_type, name, expected", [
    ("ARMED_GROUP", "Liwa al Fatah al Mubin", "liwa-al-fatah-al-mubin"),     # punctuation
    ("ARMED_GROUP", "liwa al-fateh al-mubeen", "liwa-al-fatah-al-mubin"),    # transliteration
    ("ORGANIZATION", "Liwa al-Fatah al-Mubin", "liwa-al-fatah-al-mubin"),    # NER typed it ORG
    ("ARMED_GROUP", "PMF", "popular-mobilization-forces"),                   # acronym
    ("ARMED_GROUP", "Popular Mobilisation Forces", "popular-mobilization-forces"),  # fuzzy
    ("PERSON", "Ahmed Ould Sidi", "ahmed-ould-sidi"),
    ("PLACE", "Tall Kayf", "tall-kayf"),
    ("ARMED_GROUP", "Kurdistan Freedom Hawk Brigade", "kurdistan-freedom-hawks-brigade"),
])
def test_the_same_entity_under_another_spelling_matches(index, entity_type, name, expected):
    assert index.match(entity_type, [name]) == expected


@pytest.mark.parametrize("entity_type, name", [
    ("ARMED_GROUP", "Islamic State in the Greater Sahara"),   # a word more: another group
    ("ARMED_GROUP", "Palestinian Islamic Jihad"),
    ("ARMED_GROUP", "al-Qaeda in the Islamic Maghreb"),
    ("ARMED_GROUP", "Brigade 314"),                           # numbers must agree
    ("PERSON", "Ahmed Ould Sidi Mohamed"),                    # a longer name is another person
    ("PERSON", "Liwa al-Fatah al-Mubin"),                     # a person is never a group
    ("ARMED_GROUP", "Kurdistan Freedom Hawks Battalion"),     # the unit word differs
])
def test_similar_but_different_names_do_not_merge(index, entity_type, name):
    assert index.match(entity_type, [name]) is None


def test_an_ambiguous_name_starts_a_new_entity(index):
    index.add("ansar-al-sharia-libya", "ARMED_GROUP", ["Ansar al-Sharia"])
    index.add("ansar-al-sharia-tunisia", "ARMED_GROUP", ["Ansar al-Sharia"])
    assert index.match("ARMED_GROUP", ["Ansar al-Sharia"]) is None


def _extraction(doc_id: str, text: str, names: dict[str, tuple[str, str]],
                relations: list[tuple[str, str, str]]) -> Extraction:
    entities = []
    for ent_id, (ent_type, name) in names.items():
        start = text.index(name)
        entities.append(Entity(ent_id, ent_type, name, [name], mentions=[
            Mention(start, start + len(name), name, 0)]))
    rels = [Relation(s, p, o, evidence=[Evidence(text, 0, len(text))]) for s, p, o in relations]
    return Extraction(Document(doc_id, text), entities, rels)


def test_assign_ids_renames_relations_too(index):
    text = "Liwa al Fateh al Mubin fought ISIL."
    ex = _extraction("d", text, {"liwa-al-fateh-al-mubin": ("ARMED_GROUP", "Liwa al Fateh al Mubin"),
                                 "islamic-state": ("ARMED_GROUP", "ISIL")},
                     [("liwa-al-fateh-al-mubin", "HOSTILE_TO", "islamic-state")])
    out = assign_ids(ex, index)
    assert {e.id for e in out.entities} == {"liwa-al-fatah-al-mubin", "islamic-state"}
    assert out.relations[0].subject == "liwa-al-fatah-al-mubin"


def test_a_new_name_whose_slug_is_taken_gets_a_fresh_id(index):
    index.add("tall-kayf-brigade", "PERSON", ["Tall Kayf Brigade"])  # a clash of slugs
    ex = _extraction("d", "The Tall Kayf Brigade deployed.",
                     {"tall-kayf-brigade": ("ARMED_GROUP", "Tall Kayf Brigade")}, [])
    out = assign_ids(ex, index)
    assert out.entities[0].id == "tall-kayf-brigade-2"


def test_three_documents_merge_into_one_entity_with_alias_counts(tmp_path):
    docs = [
        _extraction("d1", "The Liwa al-Fatah al-Mubin attacked Tall Kayf.",
                    {"liwa-al-fatah-al-mubin": ("ARMED_GROUP", "Liwa al-Fatah al-Mubin"),
                     "tall-kayf": ("PLACE", "Tall Kayf")},
                    [("liwa-al-fatah-al-mubin", "OPERATES_IN", "tall-kayf")]),
        _extraction("d2", "Liwa al-Fateh al-Mubeen fighters returned to Tall Kayf.",
                    {"liwa-al-fateh-al-mubeen": ("ARMED_GROUP", "Liwa al-Fateh al-Mubeen"),
                     "tall-kayf": ("PLACE", "Tall Kayf")},
                    [("liwa-al-fateh-al-mubeen", "OPERATES_IN", "tall-kayf")]),
        _extraction("d3", "Officials said LIWA AL FATAH AL MUBIN had withdrawn.",
                    {"liwa-al-fatah-al-mubin-2": ("ORGANIZATION", "LIWA AL FATAH AL MUBIN")}, []),
        _extraction("d4", "The Islamic State in the Greater Sahara is another group.",
                    {"islamic-state-in-the-greater-sahara":
                     ("ARMED_GROUP", "Islamic State in the Greater Sahara")}, []),
    ]
    with Store.open(tmp_path / "g.db") as store:
        for ex in docs:
            store.add_extraction(ex)
        groups = [e for e in store.entities() if e["type"] in ("ARMED_GROUP", "ORGANIZATION")]
        liwa = [g for g in groups if g["id"].startswith("liwa")]
        assert len(liwa) == 1 and liwa[0]["document_count"] == 3
        assert liwa[0]["alias_counts"] == {"Liwa al-Fatah al-Mubin": 1,
                                           "Liwa al-Fateh al-Mubeen": 1,
                                           "LIWA AL FATAH AL MUBIN": 1}
        rel = [r for r in store.relations() if r["predicate"] == "OPERATES_IN"]
        assert len(rel) == 1 and rel[0]["evidence_count"] == 2
        assert store.find("liwa al fateh al mubin") == [liwa[0]["id"]]
        assert len(groups) == 2  # ISGS stays its own entity
