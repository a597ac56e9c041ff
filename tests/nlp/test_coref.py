"""Group coreference: pronouns, definite descriptions and pairs resolve to their antecedents."""

from __future__ import annotations

from allegiance.nlp.coref import resolve_coreference
from allegiance.nlp.mentions import build_entities


def _resolved(nlp, text, word, nth=0):
    doc = nlp(text)
    ents = resolve_coreference(doc, build_entities(doc))
    toks = [t for t in doc if t.text == word]
    keys = ents.refs(toks[nth].i)
    return [ents.records[k].name for k in keys]


def test_it_resolves_to_previous_subject_group(nlp):
    text = "Hezbollah expanded its arsenal last year. It relies on Iran for weapons."
    assert _resolved(nlp, text, "It") == ["Hezbollah"]


def test_its_in_same_sentence_resolves_to_subject(nlp):
    text = "Al-Shabaab said its fighters attacked the base."
    assert _resolved(nlp, text, "its") == ["al-Shabaab"] or _resolved(nlp, text, "its") == ["Al-Shabaab"]


def test_expletive_it_is_not_resolved(nlp):
    text = "Boko Haram attacked Maiduguri. It is difficult to count the dead."
    assert _resolved(nlp, text, "It") == []


def test_the_group_resolves_to_last_armed_group(nlp):
    text = "Boko Haram kidnapped students in Chibok. The group later released some of them."
    assert _resolved(nlp, text, "group") == ["Boko Haram"]


def test_the_two_groups_names_both(nlp):
    text = "Hamas met Palestinian Islamic Jihad in Gaza. The two groups are close allies."
    assert sorted(_resolved(nlp, text, "groups")) == ["Hamas", "Palestinian Islamic Jihad"]
