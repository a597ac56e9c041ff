"""CEAF-REE scoring of MUC-4 role fillers (allegiance.evaluate.muc4)."""

import json
from pathlib import Path

import pytest

from allegiance.errors import BadInput
from allegiance.evaluate.muc4 import ROLES, normalize_mention, read_jsonl, render_muc4, score_ceaf_ree

ROOT = Path(__file__).resolve().parents[2]
DEV_CANDIDATES = [
    ROOT / "shared/eval/external/muc4/dev.jsonl",
    ROOT.parent / "shared/eval/external/muc4/dev.jsonl",
]


def dev_file():
    for path in DEV_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip("MUC-4 dev.jsonl not available")


def gold_doc(docid, **roles):
    """Gold record; each role value is a list of entities, each a list of mention strings."""
    extracts = {role: [] for role in ROLES}
    for role, entities in roles.items():
        extracts[role] = [[[m, 0] for m in entity] for entity in entities]
    return {"docid": docid, "doctext": "", "extracts": extracts}


def pred_doc(docid, **roles):
    return {"docid": docid, "extracts": {role: entities for role, entities in roles.items()}}


def role(result, name):
    r = result["roles"][name]
    return r["matched"], r["predicted"], r["gold"]


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("The Guerrillas", "guerrillas"),
    ("  an   FMLN  urban commando ", "fmln urban commando"),
    ("F.M.L.N.", "fmln"),
    ('"santo tomas" farm', "santo tomas farm"),
    ("a bomb, the car-bomb", "bomb carbomb"),
    ("Theater of the Absurd", "theater of absurd"),
    ("Anarchist", "anarchist"),
    ("a", ""),
    ("¿Quién? «ELN»", "quién eln"),
    ("\tcol.\nisaacs\u00a0 ", "col isaacs"),
])
def test_normalize_mention(text, expected):
    assert normalize_mention(text) == expected


def test_normalised_strings_match():
    gold = [gold_doc("d1", PerpOrg=[["Farabundo Marti National Liberation Front", "FMLN"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", PerpOrg=[["the F.M.L.N."]])])
    assert role(result, "PerpOrg") == (1, 1, 1)


# --- the entity score -------------------------------------------------------------------------


def test_one_mention_is_enough():
    gold = [gold_doc("d1", PerpInd=[["guerrillas", "guerrilla column", "rebels"]])]
    for entity in (["guerrilla column"], ["rebels", "guerrillas"], ["Guerrillas", "guerrilla column", "rebels"]):
        result = score_ceaf_ree(gold, [pred_doc("d1", PerpInd=[entity])])
        assert role(result, "PerpInd") == (1, 1, 1), entity


def test_extra_wrong_mention_scores_zero():
    gold = [gold_doc("d1", PerpInd=[["guerrillas", "guerrilla column"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", PerpInd=[["guerrillas", "soldiers"]])])
    assert role(result, "PerpInd") == (0, 1, 1)
    assert result["micro"]["f1"] == 0.0


def test_mention_spread_over_two_gold_entities_scores_zero():
    gold = [gold_doc("d1", Victim=[["cerezo"], ["isaacs"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Victim=[["cerezo", "isaacs"]])])
    assert role(result, "Victim") == (0, 1, 2)


def test_empty_predicted_entity_scores_zero_but_counts():
    gold = [gold_doc("d1", Weapon=[["bomb"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Weapon=[[]])])
    assert role(result, "Weapon") == (0, 1, 1)


def test_prediction_accepts_offset_pairs():
    gold = [gold_doc("d1", Target=[["farm", "santo tomas farm"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Target=[[["santo tomas farm", 12], ["farm", 3]]])])
    assert role(result, "Target") == (1, 1, 1)


def test_role_mismatch_does_not_match():
    gold = [gold_doc("d1", PerpInd=[["guerrillas"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", PerpOrg=[["guerrillas"]])])
    assert role(result, "PerpInd") == (0, 0, 1)
    assert role(result, "PerpOrg") == (0, 1, 0)


# --- alignment --------------------------------------------------------------------------------


def test_optimal_alignment_beats_greedy():
    # "y" fits both gold entities, "x" only the first. Greedy in prediction order would give
    # "y" the first gold entity and leave "x" unmatched (1); the optimum is 2.
    gold = [gold_doc("d1", Target=[["x", "y"], ["y", "z"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Target=[["y"], ["x"]])])
    assert role(result, "Target") == (2, 2, 2)


def test_optimal_alignment_needs_a_long_augmenting_path():
    # A chain: p0 fits g0,g1; p1 fits g1,g2; p2 fits g2,g3; p3 fits g0 only. Each prediction
    # taken in order grabs its first gold entity, then p3 forces everything to shift.
    gold = [gold_doc("d1", Victim=[["m0", "m3"], ["m0", "m1"], ["m1", "m2"], ["m2"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Victim=[["m0"], ["m1"], ["m2"], ["m3"]])])
    assert role(result, "Victim") == (4, 4, 4)


def test_one_gold_entity_matches_at_most_one_prediction():
    gold = [gold_doc("d1", PerpInd=[["guerrillas", "guerrilla column"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", PerpInd=[["guerrillas"], ["guerrilla column"]])])
    assert role(result, "PerpInd") == (1, 2, 1)
    assert result["roles"]["PerpInd"]["precision"] == 0.5
    assert result["roles"]["PerpInd"]["recall"] == 1.0


# --- duplicates -------------------------------------------------------------------------------


def test_duplicate_predicted_entities_are_collapsed():
    gold = [gold_doc("d1", PerpOrg=[["fmln"]])]
    pred = [pred_doc("d1", PerpOrg=[["FMLN"], ["the fmln"], ["F.M.L.N."], ["eln"], ["ELN"]])]
    result = score_ceaf_ree(gold, pred)
    # {"fmln"} three times and {"eln"} twice: two distinct predicted entities.
    assert role(result, "PerpOrg") == (1, 2, 1)


def test_duplicates_collapse_on_mention_sets_not_order():
    gold = [gold_doc("d1", Target=[["farm", "estate"]])]
    pred = [pred_doc("d1", Target=[["farm", "estate"], ["estate", "farm", "the farm"], ["farm"]])]
    result = score_ceaf_ree(gold, pred)
    assert role(result, "Target") == (1, 2, 1)


def test_duplicates_collapse_per_document():
    gold = [gold_doc("d1", Weapon=[["bomb"]]), gold_doc("d2", Weapon=[["bomb"]])]
    pred = [pred_doc("d1", Weapon=[["bomb"]]), pred_doc("d2", Weapon=[["bomb"]])]
    assert role(score_ceaf_ree(gold, pred), "Weapon") == (2, 2, 2)


# --- documents --------------------------------------------------------------------------------


def test_missing_documents_predict_nothing():
    gold = [gold_doc("d1", Weapon=[["bomb"]]), gold_doc("d2", Weapon=[["rifle"], ["grenade"]])]
    result = score_ceaf_ree(gold, [pred_doc("d1", Weapon=[["bomb"]])])
    assert role(result, "Weapon") == (1, 1, 3)
    assert result["documents"] == 2
    assert result["unknown_docids"] == []
    assert result["micro"]["precision"] == 1.0
    assert result["micro"]["recall"] == pytest.approx(1 / 3)


def test_unknown_docids_are_ignored_and_listed():
    gold = [gold_doc("d1", Weapon=[["bomb"]])]
    pred = [pred_doc("x9", Weapon=[["bomb"]]), pred_doc("d1", Weapon=[["bomb"]]), pred_doc("x2")]
    result = score_ceaf_ree(gold, pred)
    assert role(result, "Weapon") == (1, 1, 1)
    assert result["unknown_docids"] == ["x9", "x2"]
    assert result["documents"] == 1


def test_gold_without_extracts_or_roles():
    gold = [{"docid": "d1", "doctext": "nothing happened"},
            {"docid": "d2", "extracts": {"Victim": [[["cerezo", 5]]]}}]
    pred = [pred_doc("d1", Victim=[["someone"]]), pred_doc("d2", Victim=[["cerezo"]], Weapon=[])]
    result = score_ceaf_ree(gold, pred)
    assert role(result, "Victim") == (1, 2, 1)
    for name in ("PerpInd", "PerpOrg", "Target", "Weapon"):
        assert role(result, name) == (0, 0, 0)


def test_prediction_without_extracts_and_unknown_roles():
    gold = [gold_doc("d1", Victim=[["cerezo"]])]
    result = score_ceaf_ree(gold, [{"docid": "d1"}])
    assert role(result, "Victim") == (0, 0, 1)
    result = score_ceaf_ree(gold, [pred_doc("d1", Location=[["guatemala"]])])
    assert result["micro"]["predicted"] == 0


def test_empty_inputs():
    result = score_ceaf_ree([], [])
    assert result["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                               "matched": 0, "predicted": 0, "gold": 0}
    assert result["documents"] == 0


@pytest.mark.parametrize("gold, pred, message", [
    ([{"doctext": "x"}], [], "missing or empty docid"),
    ([gold_doc("d1"), gold_doc("d1")], [], "duplicate docid"),
    ([gold_doc("d1")], [pred_doc("d1"), pred_doc("d1")], "duplicate docid"),
    ([{"docid": "d1", "extracts": []}], [], "extracts must be an object"),
    ([gold_doc("d1")], [{"docid": "d1", "extracts": {"Victim": "cerezo"}}], "must be a list"),
    ([gold_doc("d1")], [{"docid": "d1", "extracts": {"Victim": ["cerezo"]}}], "entity must be a list"),
    ([gold_doc("d1")], [{"docid": "d1", "extracts": {"Victim": [[3]]}}], "a mention must be"),
    ([gold_doc("d1")], [{"docid": "d1", "extracts": {"Victim": [[["x", "y"]]]}}], "a mention must be"),
])
def test_malformed_records(gold, pred, message):
    with pytest.raises(BadInput, match=message):
        score_ceaf_ree(gold, pred)


# --- arithmetic -------------------------------------------------------------------------------


def test_per_role_and_micro_arithmetic():
    gold = [
        gold_doc("d1",
                 PerpInd=[["guerrillas", "guerrilla column"], ["terrorists"]],
                 PerpOrg=[["fmln"]],
                 Target=[["farm"], ["tank truck"], ["bridge"]]),
        gold_doc("d2",
                 Victim=[["cerezo"], ["isaacs"]],
                 Weapon=[["bomb"]]),
    ]
    pred = [
        pred_doc("d1",
                 PerpInd=[["guerrilla column"], ["soldiers"]],  # 1 of 2
                 PerpOrg=[["fmln"], ["urng"], ["eln"]],          # 1 of 3
                 Target=[["farm"], ["tank truck"]]),             # 2 of 2
        pred_doc("d2",
                 Victim=[["peasant"]],                           # 0 of 1
                 Weapon=[["bomb"], ["FMLN"]]),                   # 1 of 2 (FMLN is not a d2 weapon)
    ]
    result = score_ceaf_ree(gold, pred)
    expected = {
        # role: (matched, predicted, gold, P, R, F1)
        "PerpInd": (1, 2, 2, 1 / 2, 1 / 2, 1 / 2),
        "PerpOrg": (1, 3, 1, 1 / 3, 1.0, 1 / 2),          # 2*(1/3)*1/(4/3) = 1/2
        "Target": (2, 2, 3, 1.0, 2 / 3, 4 / 5),           # 2*(2/3)/(5/3) = 4/5
        "Victim": (0, 1, 2, 0.0, 0.0, 0.0),
        "Weapon": (1, 2, 1, 1 / 2, 1.0, 2 / 3),           # 2*(1/2)/(3/2) = 2/3
    }
    for name, (m, p, g, precision, recall, f1) in expected.items():
        r = result["roles"][name]
        assert (r["matched"], r["predicted"], r["gold"]) == (m, p, g), name
        assert r["precision"] == pytest.approx(precision), name
        assert r["recall"] == pytest.approx(recall), name
        assert r["f1"] == pytest.approx(f1), name
    micro = result["micro"]
    # matched 1+1+2+0+1 = 5, predicted 2+3+2+1+2 = 10, gold 2+1+3+2+1 = 9
    assert (micro["matched"], micro["predicted"], micro["gold"]) == (5, 10, 9)
    assert micro["precision"] == pytest.approx(0.5)
    assert micro["recall"] == pytest.approx(5 / 9)
    assert micro["f1"] == pytest.approx(2 * 0.5 * (5 / 9) / (0.5 + 5 / 9))  # = 10/19
    assert micro["f1"] == pytest.approx(10 / 19)


def test_render_muc4():
    gold = [gold_doc("d1", PerpInd=[["guerrillas"]], Weapon=[["bomb"], ["rifle"], ["grenade"]])]
    pred = [pred_doc("d1", PerpInd=[["guerrillas"]], Weapon=[["bomb"]]), pred_doc("zz")]
    text = render_muc4(score_ceaf_ree(gold, pred))
    lines = text.splitlines()
    assert "1 documents" in lines[0]
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in
            (*ROLES, "micro")}
    assert set(rows) == {*ROLES, "micro"}
    assert rows["PerpInd"][1:] == ["100.00", "100.00", "100.00", "1", "1", "1"]
    assert rows["Weapon"][1:] == ["100.00", "33.33", "50.00", "1", "1", "3"]
    assert rows["Victim"][1:] == ["0.00", "0.00", "0.00", "0", "0", "0"]
    assert rows["micro"][1:] == ["100.00", "50.00", "66.67", "2", "2", "4"]
    assert "zz" in text


# --- reading files ----------------------------------------------------------------------------


def test_read_jsonl(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"docid": "a", "extracts": {}}\n\n{"docid": "b"}\n', encoding="utf-8")
    assert read_jsonl(path) == [{"docid": "a", "extracts": {}}, {"docid": "b"}]


def test_read_jsonl_missing_file(tmp_path):
    with pytest.raises(BadInput, match="file not found"):
        read_jsonl(tmp_path / "nope.jsonl")


@pytest.mark.parametrize("content, line, reason", [
    ('{"docid": "a"}\n{"docid": \n', 2, "invalid JSON"),
    ('{"docid": "a"}\n\n[1, 2]\n', 3, "expected a JSON object"),
])
def test_read_jsonl_malformed_line(tmp_path, content, line, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput, match=f"bad.jsonl:{line}: {reason}"):
        read_jsonl(path)


def test_read_jsonl_not_utf8(tmp_path):
    path = tmp_path / "bin.jsonl"
    path.write_bytes(b'{"docid": "a"}\n{"docid": "\xff"}\n')
    with pytest.raises(BadInput, match="bin.jsonl:2: not UTF-8"):
        read_jsonl(path)


# --- the real development split ---------------------------------------------------------------


def as_prediction(gold_record):
    extracts = gold_record.get("extracts") or {}
    return {"docid": gold_record["docid"],
            "extracts": {r: [[m for m, _ in entity] for entity in extracts.get(r, [])] for r in ROLES}}


def test_dev_gold_against_itself_scores_one(tmp_path):
    gold = read_jsonl(dev_file())
    assert len(gold) == 200
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(as_prediction(d)) + "\n" for d in gold), encoding="utf-8")
    result = score_ceaf_ree(gold, read_jsonl(pred_path))
    assert result["documents"] == 200
    assert result["unknown_docids"] == []
    assert result["micro"]["f1"] == 1.0
    assert result["micro"]["precision"] == 1.0
    assert result["micro"]["recall"] == 1.0
    assert result["micro"]["gold"] == 475
    expected_gold = {"PerpInd": 148, "PerpOrg": 82, "Target": 109, "Victim": 85, "Weapon": 51}
    assert {r: result["roles"][r]["gold"] for r in ROLES} == expected_gold
    for r in ROLES:
        assert result["roles"][r]["f1"] == 1.0, r


def test_dev_predicting_nothing_has_zero_recall():
    gold = read_jsonl(dev_file())
    for pred in ([], [{"docid": d["docid"], "extracts": {r: [] for r in ROLES}} for d in gold]):
        result = score_ceaf_ree(gold, pred)
        assert result["micro"]["recall"] == 0.0
        assert result["micro"]["f1"] == 0.0
        assert result["micro"]["predicted"] == 0
        assert result["micro"]["gold"] == 475


def test_dev_single_mentions_of_each_gold_entity_score_one():
    gold = read_jsonl(dev_file())
    pred = []
    for d in gold:
        p = as_prediction(d)
        p["extracts"] = {r: [[entity[-1]] for entity in ents] for r, ents in p["extracts"].items()}
        pred.append(p)
    assert score_ceaf_ree(gold, pred)["micro"]["f1"] == 1.0


def test_alignment_matches_brute_force_on_random_cases():
    import itertools
    import random

    rng = random.Random(4)
    vocab = ["m0", "m1", "m2", "m3", "m4"]
    for _ in range(300):
        gold_entities = [rng.sample(vocab, rng.randint(1, 3)) for _ in range(rng.randint(0, 4))]
        pred_entities = [rng.sample(vocab, rng.randint(1, 2)) for _ in range(rng.randint(0, 4))]
        distinct = list(dict.fromkeys(frozenset(e) for e in pred_entities))
        best = 0
        g = [set(e) for e in gold_entities]
        # try every injective assignment of the smaller side into the larger
        if len(distinct) <= len(g):
            for perm in itertools.permutations(range(len(g)), len(distinct)):
                best = max(best, sum(p <= g[j] for p, j in zip(distinct, perm)))
        else:
            for perm in itertools.permutations(range(len(distinct)), len(g)):
                best = max(best, sum(distinct[i] <= g[j] for j, i in enumerate(perm)))
        result = score_ceaf_ree([gold_doc("d", Target=gold_entities)], [pred_doc("d", Target=pred_entities)])
        assert role(result, "Target") == (best, len(distinct), len(g)), (gold_entities, pred_entities)
