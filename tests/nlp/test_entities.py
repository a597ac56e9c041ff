"""Entity spans: gazetteer, group shapes, acronyms defined in the text, demonyms, clustering."""

from __future__ import annotations


def _ents(nlp, text):
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


def test_hyphen_after_abbreviation_splits(nlp):
    doc = nlp("The U.S.-Taliban talks stalled.")
    assert [t.text for t in doc][1:4] == ["U.S.", "-", "Taliban"]


def test_acronym_defined_in_text_names_the_long_form(nlp):
    ents = _ents(nlp, "Fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked Boni. "
                      "JNIM later withdrew.")
    keys = {kb for text, _label, kb in ents if text in {"JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"}}
    assert len(keys) == 1
    assert sum(1 for text, *_ in ents if text == "JNIM") == 2


def test_acronym_joins_names_linked_by_glue_words(nlp):
    ents = _ents(nlp, "Militants of Ansar Beit al-Maqdis in the Sinai Peninsula (ABMSP) struck.")
    assert any(text.startswith("Ansar Beit al-Maqdis in the Sinai") for text, *_ in ents)


def test_unknown_group_recognised_by_shape(nlp):
    ents = _ents(nlp, "Commanders of the Sultan Murad Brigade met in Azaz.")
    assert ("Sultan Murad Brigade", "ARMED_GROUP") in [(t, l) for t, l, _ in ents]


def test_demonym_with_force_noun_is_the_state(nlp):
    ents = _ents(nlp, "The Malian Army retook the town.")
    assert any(label == "COUNTRY" for _t, label, _k in ents)


def test_demonyms_in_coordination_name_two_states(nlp):
    ents = _ents(nlp, "Afghan and U.S. forces raided the compound.")
    countries = {kb for _t, label, kb in ents if label == "COUNTRY"}
    assert len(countries) == 2


def test_one_word_person_joins_full_name(nlp):
    from allegiance.nlp.mentions import build_entities

    doc = nlp("Troops targeted Asim Umar in Helmand. The fate of Umar is unknown.")
    ents = build_entities(doc)
    people = [r for r in ents.records.values() if r.type == "PERSON"]
    assert len(people) == 1 and people[0].name == "Asim Umar"


def test_unknown_name_used_as_a_place_is_a_place(nlp):
    from allegiance.nlp.mentions import build_entities

    doc = nlp("Clashes erupted near al Eis, a town south of Aleppo.")
    assert any(e.text == "al Eis" and e.label_ != "PLACE" for e in doc.ents)  # NER's guess
    types = {r.name: r.type for r in build_entities(doc).records.values()}
    assert types.get("al Eis") == "PLACE"
