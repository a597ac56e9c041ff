"""The small store of sample_graph.py, fresh for each test."""

from __future__ import annotations

import pytest

from allegiance.store import Store

from sample_graph import extractions


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "g.db") as opened:
        for extraction in extractions():
            opened.add_extraction(extraction)
        yield opened
