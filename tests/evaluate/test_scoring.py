"""Scoring rules of DESIGN §4 on small hand-made cases (exact counts, so they can fail)."""

import io
import json

import pytest
from rich.console import Console

from allegiance.evaluate.gold import parse_gold
from allegiance.evaluate.report import render_report, report_json
from allegiance.evaluate.scoring import (
    PRF, DocumentScore, map_entities, score_corpus, score_document,
)

TEXT = ("Umar was named. Asim Umar, the chief of al-Qaeda, died in Helmand. "
        "The Taliban and al-Qaeda are allies.")

GOLD = parse_gold({
    "format": "allegiance-gold/1",
    "document": {"id": "doc"},
    "entities": [
        {"id": "taliban", "name": "Taliban", "aliases": ["the Taliban", "Afghan Taliban"]},
        {"id": "al_qaeda", "name": "al-Qaeda", "aliases": ["al Qaida", "AQ"]},
        {"id": "isis", "name": "Islamic State", "aliases": ["IS"]},
        {"id": "us", "name": "United States", "aliases": ["U.S.", "US"]},
        {"id": "afg", "name": "Afghanistan", "aliases": ["Afghan"]},
        {"id": "helmand", "name": "Helmand", "aliases": []},
        {"id": "umar", "name": "Asim Umar", "aliases": ["Umar"]},
    ],
    "relations": [
        {"subject": "taliban", "predicate": "ALLY_OF", "object": "al_qaeda", "polarity": "positive",
         "evidence": "The Taliban and al-Qaeda are allies."},
        {"subject": ["al_qaeda", "umar"], "predicate": "HOSTILE_TO", "object": "us", "polarity": "positive"},
        {"subject": "taliban", "predicate": "HOSTILE_TO", "object": "al_qaeda", "polarity": "negative"},
        {"subject": "al_qaeda", "predicate": "OPERATES_IN", "object": ["afg", "helmand"]},
        {"subject": "umar", "predicate": "LEADER_OF", "object": "al_qaeda"},
    ],
    "optional_relations": [
        {"subject": "taliban", "predicate": "OPERATES_IN", "object": "afg", "polarity": "positive"},
    ],
    "events": [
        {"id": "raid", "type": ["ASSAULT", "FIGHT"], "actors": ["us", "afg"],
         "targets": ["umar", "al_qaeda"], "place": "helmand"},
        {"id": "talks", "type": "CONSULT", "actors": ["us", "taliban"], "targets": ["taliban", "us"],
         "place": None},
        {"id": "aq-attacks", "type": "ASSAULT", "actors": ["al_qaeda"], "targets": ["us"],
         "place": "afg", "optional": True},
    ],
}, "test")


def ent(pid, name, *aliases, mentions=()):
    return {"id": pid, "type": "ARMED_GROUP", "name": name, "aliases": list(aliases),
            "mentions": [{"start": 0, "end": 0, "text": m, "sentence": 0} for m in mentions]}


ENTITIES = [ent("t", "Taliban"), ent("t2", "the Taliban’s"), ent("aq", "Al-Qaeda"),
            ent("u", "U.S."), ent("afg", "Afghan forces", mentions=["Afghanistan"]),
            ent("umar", "Asim Umar"), ent("foo", "Foo Brigade")]


def rel(s, p, o, polarity="positive", sentence=None):
    return {"subject": s, "predicate": p, "object": o, "polarity": polarity,
            "evidence": [{"sentence": sentence, "start": 0, "end": 0}] if sentence else []}


def score(relations=(), events=(), entities=ENTITIES, text=TEXT):
    return score_document(GOLD, {"entities": list(entities), "relations": list(relations),
                                 "events": list(events)}, text)


def counts(p: PRF):
    return (p.tp, p.fp, p.fn)


# ---- entity mapping -------------------------------------------------------------------------

def test_entity_mapping_by_name_alias_and_mention():
    mapping = map_entities(ENTITIES, GOLD)
    assert mapping == {"t": "taliban", "t2": "taliban", "aq": "al_qaeda", "u": "us",
                       "afg": "afg", "umar": "umar", "foo": None}


AMBIGUOUS = parse_gold({"document": {}, "relations": [], "entities": [
    {"id": "syria", "name": "Syria", "aliases": ["government"]},
    {"id": "libya", "name": "Libya", "aliases": ["government"]}]})


@pytest.mark.parametrize("entity, expected", [
    (ent("x", "Syria", mentions=["Libya", "Libya"]), "syria"),        # the name wins
    (ent("x", "government", mentions=["Libya"]), "libya"),            # then most forms
    (ent("x", "Foo", mentions=["government", "Libya"]), "libya"),
    (ent("x", "government"), "syria"),                                 # then gold order
    (ent("x", "Nobody", "Nothing"), None),
])
def test_ambiguous_forms(entity, expected):
    assert map_entities([entity], AMBIGUOUS) == {"x": expected}


def test_entity_recall_and_missed_entities():
    result = score()
    assert (result.entities_found, result.entities_gold) == (5, 7)
    assert result.entity_recall == pytest.approx(5 / 7)
    assert result.missed_entities == [{"id": "isis", "name": "Islamic State"},
                                      {"id": "helmand", "name": "Helmand"}]


# ---- relations ------------------------------------------------------------------------------

def test_symmetric_predicates_match_either_direction():
    assert counts(score([rel("aq", "ALLY_OF", "t")]).relations) == (1, 0, 4)


def test_directed_predicates_do_not():
    result = score([rel("aq", "LEADER_OF", "umar")])
    assert counts(result.relations) == (0, 1, 5)


def test_list_subject_accepts_any_member_and_extras_collapse():
    # both tuples match gold #2 (one through the list, one reversed symmetric): one TP, no FP
    result = score([rel("umar", "HOSTILE_TO", "u"), rel("u", "HOSTILE_TO", "aq")])
    assert counts(result.relations) == (1, 0, 4)
    assert result.predicted_tuples == 2


def test_list_object_accepts_any_member():
    assert counts(score([rel("aq", "OPERATES_IN", "afg")]).relations) == (1, 0, 4)


def test_optional_relation_is_neutral():
    result = score([rel("t", "OPERATES_IN", "afg")])
    assert counts(result.relations) == (0, 0, 5)
    assert result.ignored_tuples == 1
    assert result.relations.precision == 0.0


def test_unmapped_entity_is_false_positive():
    result = score([rel("foo", "ALLY_OF", "t", sentence="Foo Brigade backs the Taliban.")])
    assert counts(result.relations) == (0, 1, 5)
    fp = result.false_positives[0]
    assert (fp.subject, fp.predicate, fp.object, fp.polarity) == ("Foo Brigade", "ALLY_OF", "Taliban", "positive")
    assert fp.subject_id is None and fp.object_id == "taliban"
    assert fp.sentences == ["Foo Brigade backs the Taliban."]


def test_distinct_unmapped_entities_are_distinct_false_positives():
    entities = [*ENTITIES, ent("bar", "Bar Battalion")]
    result = score([rel("foo", "ALLY_OF", "t"), rel("bar", "ALLY_OF", "t")], entities=entities)
    assert counts(result.relations) == (0, 2, 5)


def test_single_evidence_object_is_accepted():
    relation = dict(rel("foo", "ALLY_OF", "t"), evidence={"sentence": "One.", "start": 0, "end": 4})
    assert score([relation]).false_positives[0].sentences == ["One."]


def test_unknown_id_is_resolved_by_its_own_name():
    assert counts(score([rel("al-qaeda", "ALLY_OF", "taliban")], entities=[]).relations) == (1, 0, 4)


def test_duplicates_collapse_after_mapping():
    result = score([rel("t", "ALLY_OF", "aq", sentence="s1"), rel("t2", "ALLY_OF", "aq", sentence="s2"),
                    rel("foo", "ALLY_OF", "u", sentence="a"), rel("foo", "ALLY_OF", "u", sentence="b")])
    assert counts(result.relations) == (1, 1, 4)
    assert result.predicted_tuples == 2
    assert result.false_positives[0].sentences == ["a", "b"]


def test_polarity_mismatch_is_false_positive_and_miss():
    result = score([rel("t", "HOSTILE_TO", "aq", "positive")])
    assert counts(result.relations) == (0, 1, 5)
    assert ("Taliban", "HOSTILE_TO", "al-Qaeda", "negative") in [
        (m.subject, m.predicate, m.object, m.polarity) for m in result.missed]


def test_precision_recall_f1_exact():
    result = score([rel("t", "ALLY_OF", "aq"), rel("t", "HOSTILE_TO", "aq", "negative"),
                    rel("aq", "OPERATES_IN", "helmand"), rel("foo", "ALLY_OF", "t")])
    assert counts(result.relations) == (3, 1, 2)
    assert result.relations.precision == pytest.approx(0.75)
    assert result.relations.recall == pytest.approx(0.6)
    assert result.relations.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_missed_relation_sentences():
    missed = {(m.subject, m.predicate): m for m in score().missed}
    assert missed[("Taliban", "ALLY_OF")].sentences == ["The Taliban and al-Qaeda are allies."]
    # no gold evidence: the text sentence naming both ends
    assert missed[("Asim Umar", "LEADER_OF")].sentences == [
        "Asim Umar, the chief of al-Qaeda, died in Helmand."]
    assert missed[("al-Qaeda / Asim Umar", "HOSTILE_TO")].sentences == []
    assert missed[("al-Qaeda", "OPERATES_IN")].object == "Afghanistan / Helmand"


def test_nothing_predicted():
    result = score(entities=[])
    assert counts(result.relations) == (0, 0, 5)
    assert (result.relations.precision, result.relations.recall, result.relations.f1) == (0.0, 0.0, 0.0)
    assert result.entities_found == 0


# ---- events ---------------------------------------------------------------------------------

def event(etype, actors, targets, place=None, sentence="s"):
    return {"type": etype, "actors": actors, "targets": targets, "place": place,
            "evidence": {"sentence": sentence, "start": 0, "end": 0}}


def test_events_type_lists_optional_and_one_to_one():
    result = score(events=[
        event("FIGHT", ["u"], ["umar"], "helmand"),        # raid (type from the gold list)
        event("ASSAULT", ["aq"], ["u"]),                    # optional gold: neutral
        event("CONSULT", ["t"], ["u"], "doha"),             # talks (gold place null: not scored)
        event("ASSAULT", ["u"], ["umar"], "afg"),           # raid already taken: FP
        event("COERCE", ["u"], ["umar"]),                   # wrong type: FP
    ])
    assert counts(result.events) == (2, 2, 0)
    assert result.events.f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert (result.places_correct, result.places_total) == (1, 1)
    assert [e["type"] for e in result.false_positive_events] == ["ASSAULT", "COERCE"]
    assert result.false_positive_events[0] == {"type": "ASSAULT", "actors": ["U.S."], "targets": ["Asim Umar"],
                                               "place": "Afghan forces", "sentence": "s"}


def test_event_needs_an_actor_and_a_target():
    result = score(events=[event("ASSAULT", ["u"], ["t"]), event("ASSAULT", ["foo"], ["umar"])])
    assert counts(result.events) == (0, 2, 2)
    assert [m["id"] for m in result.missed_events] == ["raid", "talks"]


def test_wrong_place_counts_against_place_accuracy():
    result = score(events=[event("ASSAULT", ["afg"], ["aq"], "afg")])
    assert counts(result.events) == (1, 0, 1)
    assert (result.places_correct, result.places_total, result.place_accuracy) == (0, 1, 0.0)


def test_optional_event_with_open_sides_absorbs_one_prediction():
    gold = parse_gold({"document": {}, "relations": [], "entities": [{"id": "x", "name": "X"}],
                       "events": [{"type": "ASSAULT", "actors": [], "targets": [], "optional": True}]})
    preds = {"entities": [ent("x", "X")], "events": [event("ASSAULT", ["x"], []), event("ASSAULT", ["x"], [])]}
    result = score_document(gold, preds, None)
    assert counts(result.events) == (0, 1, 0)
    assert result.place_accuracy is None


# ---- corpus ---------------------------------------------------------------------------------

def test_micro_and_macro():
    a = DocumentScore("a", relations=PRF(1, 0, 0), events=PRF(0, 0, 0), entities_gold=4, entities_found=4)
    b = DocumentScore("b", relations=PRF(1, 3, 3), events=PRF(1, 1, 0), entities_gold=6, entities_found=2)
    c = DocumentScore("c", relations=PRF(0, 0, 0), events=PRF(0, 0, 0))   # nothing to score
    corpus = score_corpus([a, b, c])
    assert counts(corpus.relations) == (2, 3, 3)
    assert corpus.relations.f1 == pytest.approx(0.4)
    assert corpus.macro_relations == {"precision": 0.625, "recall": 0.625, "f1": 0.625, "documents": 2}
    assert corpus.macro_events["documents"] == 1
    assert corpus.macro_events["f1"] == pytest.approx(0.6667)
    assert corpus.entity_recall == pytest.approx(0.6)


def test_report_ends_with_plain_totals_and_lists_errors():
    doc = score([rel("t", "ALLY_OF", "aq"), rel("foo", "ALLY_OF", "t", sentence="Foo [b]backs[/b] them.")])
    corpus = score_corpus([doc])
    out = io.StringIO()
    render_report(corpus, Console(file=out, width=80), errors=True)
    lines = out.getvalue().splitlines()
    assert lines[-3].startswith("totals  documents=1  relations tp=1 fp=1 fn=4  entities 5/7")
    assert lines[-2] == ("micro  relations P=0.500 R=0.200 F1=0.286  entities R=0.714  "
                         "events P=0.000 R=0.000 F1=0.000  places A=n/a")
    assert lines[-1] == "macro  relations F1=0.286 P=0.500 R=0.200  events F1=0.000  documents=1"
    text = out.getvalue()
    assert "Foo Brigade ALLY_OF Taliban (positive)" in text
    assert "Foo [b]backs[/b] them." in text
    assert "Asim Umar, the chief of al-Qaeda, died in Helmand." in text
    assert "missed entities (2): Islamic State, Helmand" in text
    data = json.loads(json.dumps(report_json(corpus)))
    assert data["micro"]["relations"] == {"tp": 1, "fp": 1, "fn": 4, "precision": 0.5,
                                          "recall": 0.2, "f1": 0.2857}
    assert data["documents"][0]["false_positives"][0]["subject"] == "Foo Brigade"
