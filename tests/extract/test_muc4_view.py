"""The MUC-4 view of extractions, and the `muc4` / `eval --muc4` commands end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from allegiance.extract.muc4 import ROLES, muc4_extracts
from allegiance.model import Document, Entity, Event, Evidence, Extraction, Mention

pytestmark = pytest.mark.slow


def _entity(eid: str, etype: str, text: str, **attributes) -> Entity:
    return Entity(eid, etype, text, [text], attributes=attributes,
                  mentions=[Mention(0, len(text), text, 0)])


def test_roles_from_an_attack_event():
    ents = [_entity("fmln", "ARMED_GROUP", "FMLN"),
            _entity("guerrillas", "ARMED_GROUP", "urban guerrillas", unnamed=True, kind="armed"),
            _entity("tower", "PLACE", "power tower", unnamed=True, kind="facility"),
            _entity("cerezo", "PERSON", "Cerezo"), _entity("el-salvador", "COUNTRY", "El Salvador")]
    ev = Event("ASSAULT", Evidence("...", 0, 3), actors=["fmln", "guerrillas"],
               targets=["tower", "cerezo", "el-salvador"], weapons=["dynamite"])
    talks = Event("CONSULT", Evidence("...", 0, 3), actors=["fmln"], targets=["el-salvador"])
    out = muc4_extracts(Extraction(Document("d", "..."), ents, [], [ev, talks]))
    assert set(out) == set(ROLES)
    assert out["PerpOrg"] == [["FMLN"]] and out["PerpInd"] == [["urban guerrillas"]]
    assert out["Target"] == [["power tower"]] and out["Victim"] == [["Cerezo"]]
    assert out["Weapon"] == [["dynamite"]]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "allegiance", *args], capture_output=True,
                          text=True, timeout=300)


def test_muc4_command_and_ceaf_ree_scoring(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "docid": "T-1", "doctext": "urban guerrillas of the fmln dynamited a power tower in "
                                   "san salvador yesterday.",
        "extracts": {"PerpInd": [[["urban guerrillas", 0]]], "PerpOrg": [[["fmln", 24]]],
                     "Target": [[["power tower", 41]]], "Victim": [], "Weapon": []}}) + "\n")
    pred = run("muc4", str(gold))
    assert pred.returncode == 0, pred.stderr
    line = json.loads(pred.stdout.strip().splitlines()[0])
    assert line["docid"] == "T-1" and set(line["extracts"]) == set(ROLES)
    (tmp_path / "pred.jsonl").write_text(pred.stdout)
    scored = run("eval", "--muc4", str(gold), str(tmp_path / "pred.jsonl"), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    result = json.loads(scored.stdout)
    assert result["micro"]["gold"] == 3 and 0 <= result["micro"]["f1"] <= 1
    table = run("eval", "--muc4", str(gold), str(tmp_path / "pred.jsonl"))
    assert "PerpOrg" in table.stdout and "micro" in table.stdout


def test_muc4_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"docid": "x"}\n{not json\n')
    result = run("muc4", str(bad))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    missing = run("muc4", str(tmp_path / "none.jsonl"))
    assert missing.returncode == 1 and "Error:" in missing.stderr
