"""Expanding file, directory and glob arguments into input files."""

from __future__ import annotations

import pytest

from allegiance.errors import BadInput
from allegiance.ingest import iter_input_paths


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ["b.txt", "a.md", "notes.pdf", "sub/c.TXT", "sub/deeper/d.md", ".hidden/e.txt",
                 ".f.txt"]:
        (tmp_path / name).write_text("text", encoding="utf-8")
    return tmp_path


def names(paths, root):
    return [p.relative_to(root).as_posix() for p in paths]


def test_file_is_itself(corpus):
    assert list(iter_input_paths([str(corpus / "notes.pdf")])) == [corpus / "notes.pdf"]


def test_directory_recursive_sorted_text_only(corpus):
    found = names(iter_input_paths([str(corpus)]), corpus)
    assert found == ["a.md", "b.txt", "sub/c.TXT", "sub/deeper/d.md"]


def test_glob(corpus):
    assert names(iter_input_paths([str(corpus / "*.txt")]), corpus) == ["b.txt"]
    assert names(iter_input_paths([str(corpus / "**" / "*.md")]), corpus) == [
        "a.md", "sub/deeper/d.md"]


def test_order_kept_and_duplicates_dropped(corpus):
    found = names(iter_input_paths([str(corpus / "sub"), str(corpus / "b.txt"),
                                    str(corpus / "sub" / "c.TXT")]), corpus)
    assert found == ["sub/c.TXT", "sub/deeper/d.md", "b.txt"]


def test_missing_path_fails_before_yielding(corpus):
    with pytest.raises(BadInput, match="no such file or directory: .*missing.txt"):
        iter_input_paths([str(corpus / "b.txt"), str(corpus / "missing.txt")])


def test_directory_without_text_files(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(BadInput, match=f"no .txt or .md files in {tmp_path}"):
        list(iter_input_paths([str(tmp_path)]))


def test_glob_without_matches(tmp_path):
    with pytest.raises(BadInput, match="no files match"):
        list(iter_input_paths([str(tmp_path / "*.txt")]))
