"""export_graph: format dispatch, output paths, errors, determinism, robustness."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest

from allegiance.errors import BadInput
from allegiance.export import DEFAULT_NAMES, FORMATS, export_graph


def test_formats_are_the_documented_ones():
    assert FORMATS == ("graphml", "gexf", "neo4j", "stix", "ftm", "csv", "json")


def test_unknown_format_is_bad_input_listing_the_formats(sahel, tmp_path):
    with pytest.raises(BadInput) as err:
        export_graph(sahel, "pajek", tmp_path / "x.net")
    message = str(err.value)
    assert "\n" not in message and "pajek" in message
    for fmt in FORMATS:
        assert fmt in message


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_output_folder_is_bad_input(sahel, tmp_path, fmt):
    with pytest.raises(BadInput, match="does not exist"):
        export_graph(sahel, fmt, tmp_path / "no-such-folder" / "deeper" / "out.file")
    assert not (tmp_path / "no-such-folder").exists()


def test_neo4j_folder_is_created_when_its_parent_exists(sahel, tmp_path):
    files = export_graph(sahel, "neo4j", tmp_path / "import")
    assert (tmp_path / "import").is_dir()
    assert all(path.parent == tmp_path / "import" for path in files)


def test_neo4j_refuses_a_file_as_folder(sahel, tmp_path):
    target = tmp_path / "graph.csv"
    target.write_text("x")
    with pytest.raises(BadInput):
        export_graph(sahel, "neo4j", target)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "neo4j"])
def test_a_folder_as_out_gets_the_default_name(sahel, tmp_path, fmt):
    files = export_graph(sahel, fmt, tmp_path)
    assert files[0] == tmp_path / DEFAULT_NAMES[fmt]
    assert all(path.is_file() and path.stat().st_size > 0 for path in files)


def test_not_a_graph_is_bad_input(tmp_path):
    with pytest.raises(BadInput):
        export_graph(["not", "a", "dict"], "json", tmp_path / "g.json")  # type: ignore[arg-type]
    with pytest.raises(BadInput):
        export_graph({"format": "allegiance-extraction/1"}, "json", tmp_path / "g.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_graph_gives_byte_identical_files(sahel, tmp_path, fmt):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = export_graph(sahel, fmt, tmp_path / "a" / "out")
    # the same graph, with its collections in another order
    shuffled = dict(sahel)
    for key in ("entities", "relations", "events", "documents"):
        shuffled[key] = list(reversed(sahel[key]))
    second = export_graph(shuffled, fmt, tmp_path / "b" / "out")
    assert [p.name for p in first] == [p.name for p in second]
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes(), one.name


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_and_sparse_graphs_export(tmp_path, fmt):
    sparse = {
        "entities": [{"id": "x"}, {"id": None}, "junk"],
        "relations": [{"subject": "x", "object": "y"}, {"subject": None, "object": "x"},
                      {"id": 5, "subject": "y", "predicate": "ally_of", "object": "z",
                       "confidence": "high", "evidence": [{"sentence": None}, None]}],
        "events": [{}], "claims": [{"content": None, "evidence": None}],
        "documents": [{"id": "d", "published": "not a date"}],
    }
    for n, graph in enumerate(({}, {"format": "allegiance-graph/1"}, sparse)):
        folder = tmp_path / f"{n}"
        folder.mkdir()
        files = export_graph(graph, fmt, folder / "out")
        assert files and all(path.is_file() for path in files)


def test_created_stamps_the_formats_that_need_a_time(sahel, tmp_path):
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    stix = export_graph(sahel, "stix", tmp_path / "b.json", created=when)[0].read_text()
    assert '"created": "2024-05-06T07:08:09.000Z"' in stix
    gexf = export_graph(sahel, "gexf", tmp_path / "g.gexf", created=when)[0].read_text()
    assert 'lastmodifieddate="2024-05-06"' in gexf


def test_default_time_is_the_latest_document_date(sahel, tmp_path):
    stix = export_graph(sahel, "stix", tmp_path / "b.json")[0].read_text()
    assert '"created": "2022-08-15T00:00:00.000Z"' in stix
    undated = {"entities": [{"id": "a", "type": "PERSON", "name": "A"}]}
    stix = export_graph(undated, "stix", tmp_path / "c.json")[0].read_text()
    assert '"created": "1970-01-01T00:00:00.000Z"' in stix


@pytest.mark.parametrize("fmt, module, extra", [("stix", "stix2", "allegiance[stix]"),
                                                ("ftm", "followthemoney", "allegiance[ftm]")])
def test_missing_optional_package_is_bad_input(sahel, tmp_path, monkeypatch, fmt, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    with pytest.raises(BadInput) as err:
        export_graph(sahel, fmt, tmp_path / "out")
    assert module in str(err.value) and extra in str(err.value)
