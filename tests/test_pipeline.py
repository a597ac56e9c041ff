"""The pipeline's components, their order, and the whole extractor on our own gold set."""

from __future__ import annotations

from pathlib import Path

from allegiance import api
from allegiance.nlp.pipeline import COMPONENTS

CASES = Path(__file__).parent / "cases" / "sentences"


def test_components_follow_ner_in_order(nlp):
    names = nlp.pipe_names
    assert names[-len(COMPONENTS):] == list(COMPONENTS)
    assert names.index("ner") < names.index("allegiance_gazetteer")


def test_components_declare_what_they_write(nlp):
    analysis = nlp.analyze_pipes()
    assigns = {name: info["assigns"] for name, info in analysis["summary"].items()}
    assert "doc.spans" in assigns["allegiance_gazetteer"]
    assert "doc.ents" in assigns["allegiance_entities"]


def test_sentence_gold_set_scores_above_floor():
    """Our own 136 gold documents (tests/cases/sentences): a regression floor, not a target."""
    corpus = api.evaluate(CASES)
    assert corpus.relations.f1 >= 0.55, corpus.relations
    assert corpus.relations.precision >= 0.75, corpus.relations
    assert corpus.entity_recall >= 0.95


def test_event_gold_set_scores_above_floor():
    """Our own 67 event documents (tests/cases/events): a regression floor, not a target."""
    corpus = api.evaluate(Path(__file__).parent / "cases" / "events")
    assert corpus.events.f1 >= 0.5, corpus.events
    assert corpus.events.precision >= 0.6, corpus.events
