"""The synthetic training corpus (training/corpus/) is well-formed and broad enough: every gold
file parses, its aliases and evidence occur in its text, and it spans at least 300 documents,
60 armed groups and 40 countries (issue 7)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "training"


def _checker():
    spec = importlib.util.spec_from_file_location("training_check", ROOT / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_corpus_is_valid_and_broad():
    problems, names, docs = _checker().check(ROOT / "corpus")
    assert problems == []
    assert docs >= 300
    assert len(names["ARMED_GROUP"]) >= 60 and len(names["COUNTRY"]) >= 40


def test_checker_finds_broken_gold(tmp_path):
    (tmp_path / "x1.txt").write_text("---\npublished: 2020-01-01\n---\n\nHamas fired rockets.\n")
    (tmp_path / "x1.gold.json").write_text(
        '{"format": "allegiance-gold/1", "document": {"id": "x1", "text_file": "x1.txt"},'
        ' "entities": [{"id": "hamas", "type": "ARMED_GROUP", "name": "Hamas",'
        ' "aliases": ["Hamas", "Harakat al-Muqawama"]}, {"id": "israel", "type": "COUNTRY",'
        ' "name": "Israel", "aliases": []}], "relations": [{"subject": "hamas",'
        ' "predicate": "FIGHTS", "object": "israel", "evidence": "Hamas attacked Israel"}]}')
    problems, _names, docs = _checker().check(tmp_path)
    assert docs == 1
    assert any("Harakat al-Muqawama" in p for p in problems)
    assert any("unknown predicate" in p for p in problems)
    assert any("evidence not in the text" in p for p in problems)
