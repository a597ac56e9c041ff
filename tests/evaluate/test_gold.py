"""Loading gold files and pairing them with their texts."""

import json

import pytest

from allegiance.errors import BadInput, InvalidData
from allegiance.evaluate.gold import find_gold_pairs, load_gold, parse_gold

GOLD = {
    "format": "allegiance-gold/1",
    "document": {"id": "doc-1", "text_file": "article.txt"},
    "entities": [
        {"id": "a", "type": "ARMED_GROUP", "name": "Alpha", "aliases": ["Alpha Front"]},
        {"id": "b", "type": "ARMED_GROUP", "name": "Beta"},
        {"id": "p", "type": "PLACE", "name": "Gamma City"},
    ],
    "relations": [{"subject": ["a", "b"], "predicate": "ally_of", "object": "b"}],
    "optional_relations": [{"subject": "a", "predicate": "OPERATES_IN", "object": "p",
                            "polarity": "positive"}],
    "events": [{"id": "e1", "type": ["ASSAULT", "FIGHT"], "actors": ["a"], "targets": ["b"],
                "place": "p", "optional": True},
               {"type": "CONSULT", "actors": ["a"], "targets": ["b"], "place": None}],
    "claims": [{"speaker": "a", "kind": "promise"}],
}


def write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_gold_reads_every_part(tmp_path):
    gold = load_gold(write(tmp_path / "x.gold.json", GOLD))
    assert gold.doc_id == "doc-1"
    assert [e.id for e in gold.entities] == ["a", "b", "p"]
    assert gold.entities[0].forms == ("Alpha", "Alpha Front")
    rel = gold.relations[0]
    assert (rel.subjects, rel.predicate, rel.objects, rel.polarity) == (("a", "b"), "ALLY_OF", ("b",), "positive")
    assert len(gold.optional_relations) == 1
    assert gold.events[0].types == ("ASSAULT", "FIGHT") and gold.events[0].optional
    assert gold.events[1].types == ("CONSULT",) and not gold.events[1].optional
    assert gold.claims == [{"speaker": "a", "kind": "promise"}]


def test_doc_id_falls_back_to_file_stem(tmp_path):
    data = dict(GOLD, document={})
    assert load_gold(write(tmp_path / "news-7.gold.json", data)).doc_id == "news-7"


def test_malformed_json_raises_invalid_data_with_path(tmp_path):
    path = tmp_path / "broken.gold.json"
    path.write_text('{"format": "allegiance-gold/1",\n "entities": [', encoding="utf-8")
    with pytest.raises(InvalidData, match=r"broken\.gold\.json.*line 2"):
        load_gold(path)


@pytest.mark.parametrize("change, reason", [
    ({"relations": None}, "missing key 'relations'"),
    ({"entities": None}, "missing key 'entities'"),
    ({"format": "other/2"}, "format"),
    ({"entities": [{"id": "a"}]}, r"entities\[0\] missing or empty 'name'"),
    ({"relations": [{"subject": "a", "predicate": "ALLY_OF"}]}, r"relations\[0\] missing key 'object'"),
    ({"relations": [{"subject": "a", "predicate": "ALLY_OF", "object": "zz"}]}, "unknown entity 'zz'"),
    ({"events": [{"actors": ["a"]}]}, r"events\[0\] missing key 'type'"),
    ({"events": [{"type": "ASSAULT", "place": "nowhere"}]}, "unknown entity 'nowhere'"),
])
def test_schema_errors_raise_invalid_data(tmp_path, change, reason):
    data = {k: v for k, v in {**GOLD, **change}.items() if v is not None}
    with pytest.raises(InvalidData, match=reason):
        load_gold(write(tmp_path / "bad.gold.json", data))


def test_parse_gold_rejects_non_object():
    with pytest.raises(InvalidData, match="<gold>: top level"):
        parse_gold([1, 2])


def test_find_gold_pairs(tmp_path):
    write(tmp_path / "b.gold.json", GOLD)                                      # text_file given
    write(tmp_path / "a.gold.json", dict(GOLD, document={"id": "a"}))          # stem + .txt
    (tmp_path / "notes.json").write_text("{}")
    assert find_gold_pairs(tmp_path) == [
        (tmp_path / "a.gold.json", tmp_path / "a.txt"),
        (tmp_path / "b.gold.json", tmp_path / "article.txt"),
    ]


def test_find_gold_pairs_without_gold_raises_bad_input(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    with pytest.raises(BadInput, match="no \\*.gold.json"):
        find_gold_pairs(tmp_path)
    with pytest.raises(BadInput, match="not a directory"):
        find_gold_pairs(tmp_path / "missing")
