"""Scoring extractions against gold annotations (DESIGN §4): `allegiance eval DIR`."""

from allegiance.evaluate.gold import Gold, find_gold_pairs, load_gold, parse_gold
from allegiance.evaluate.normalize import normalize_name
from allegiance.evaluate.report import render_report, report_json
from allegiance.evaluate.scoring import (
    CorpusScore,
    DocumentScore,
    PRF,
    RelationError,
    map_entities,
    score_corpus,
    score_document,
)

__all__ = [
    "CorpusScore", "DocumentScore", "Gold", "PRF", "RelationError", "find_gold_pairs", "load_gold",
    "map_entities", "normalize_name", "parse_gold", "render_report", "report_json", "score_corpus",
    "score_document",
]
