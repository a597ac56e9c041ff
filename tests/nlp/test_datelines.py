"""Wire datelines end before the story's first sentence."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, first_word", [
    ("STUTTGART, Germany Islamic State militants killed a soldier.", "Islamic"),
    ("JUBA, South Sudan Renewed fighting erupted in the capital.", "Renewed"),
    ("MOGADISHU, May 12 - Al-Shabaab fighters attacked a police post.", "Al"),
    ("BEIRUT (Reuters) - Hezbollah said on Monday it had fired rockets.", "Hezbollah"),
])
def test_story_starts_a_sentence_after_the_dateline(nlp, text, first_word):
    sents = list(nlp(text).sents)
    assert len(sents) >= 2 and sents[1][0].text == first_word


def test_ordinary_capitals_are_not_a_dateline(nlp):
    sents = list(nlp("NATO and the UN met in Brussels on Monday.").sents)
    assert len(sents) == 1


def test_dateline_city_is_located_in_its_country(extract_text):
    rels = extract_text("STUTTGART, Germany Islamic State militants killed a U.S. soldier in Iraq.")
    found = {(r["subject"], r["predicate"], r["object"]) for r in rels["relations"]}
    assert ("islamic-state", "OPERATES_IN", "iraq") in found
    assert ("islamic-state", "OPERATES_IN", "germany") not in found
