"""Shared fixtures: the spaCy pipeline is loaded once for the whole test session."""

from __future__ import annotations

import pytest

from allegiance.model import Document


@pytest.fixture(scope="session")
def nlp():
    from allegiance.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extraction of a text as the JSON contract's dict."""
    from allegiance.extract.document import extract_parsed

    def run(text: str) -> dict:
        return extract_parsed(Document("t", text), nlp(text)).to_dict()

    return run
