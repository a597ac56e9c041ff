"""Capitals restored to all-lower-case text (MUC-4 wire copy), and normal text left alone."""

from __future__ import annotations

import pytest

from allegiance.ingest.truecase import truecase

pytestmark = pytest.mark.slow  # reads the place index and the pipeline's word tables


def test_known_names_sentences_and_titled_names_get_capitals():
    text = ("the fmln attacked a power tower in san salvador on 3 february. colonel luis "
            "arturo isaacs said president cerezo is safe and the shining path denied it.")
    out = truecase(text)
    for expected in ("The FMLN", "San Salvador", "February", ". Colonel Luis Arturo Isaacs",
                     "President Cerezo", "Shining Path"):
        assert expected in out, (expected, out)
    assert "who" in truecase("the man who was killed") and "WHO" not in truecase("the man who")


def test_text_with_capitals_is_unchanged():
    text = "The FMLN attacked a power tower in San Salvador."
    assert truecase(text) is text
    assert truecase("") == ""


def test_ordinary_words_that_name_places_stay_lower_case():
    out = truecase("the bomb hit a van near the market in mobile units.")
    assert " hit " in out and " van " in out and " mobile " in out
