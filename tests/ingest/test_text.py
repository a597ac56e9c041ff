"""Plain-text and Markdown reader: front matter, ids, newlines and every kind of bad input."""

from __future__ import annotations

import pytest

from allegiance.errors import BadInput
from allegiance.ingest import document_from_text, read_document

ARTICLE = "The Taliban and al-Qaeda remain allies.\nThe ties run deep.\n"


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def test_plain_text_defaults(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    doc = read_document(path)
    assert doc.text == ARTICLE
    assert doc.source == str(path)
    assert doc.title is None and doc.published is None and doc.url is None
    assert doc.id.startswith("doc-") and len(doc.id) == 20
    assert doc.language == "en"


def test_front_matter_parsed_and_stripped(tmp_path):
    content = ("---\ntitle: Allies still\npublished: 2021-09-07\nurl: https://example.org/a\n"
               "source: Example Times\nid: ex-1\n---\n\n\n" + ARTICLE)
    doc = read_document(write(tmp_path, "a.md", content))
    assert doc.text == ARTICLE
    assert doc.title == "Allies still"
    assert doc.published == "2021-09-07"  # YAML gave a date object
    assert doc.url == "https://example.org/a"
    assert doc.source == "Example Times"
    assert doc.id == "ex-1"
    start = doc.text.index("al-Qaeda")
    assert doc.text[start:start + 8] == "al-Qaeda"


def test_datetime_and_string_published(tmp_path):
    doc = read_document(write(tmp_path, "a.md", "---\npublished: 2021-09-07 10:30:00\n---\nText."))
    assert doc.published == "2021-09-07"
    doc = read_document(write(tmp_path, "b.md", "---\npublished: 'Sept 2021'\n---\nText."))
    assert doc.published == "Sept 2021"


def test_empty_front_matter_and_no_id_hashes_body(tmp_path):
    with_fm = read_document(write(tmp_path, "a.md", "---\n---\n" + ARTICLE))
    without = read_document(write(tmp_path, "b.txt", ARTICLE))
    assert with_fm.text == ARTICLE
    assert with_fm.id == without.id


def test_id_stable_across_whitespace_changes():
    a = document_from_text("The Taliban  and al-Qaeda\nremain allies.")
    b = document_from_text("The Taliban and\n\nal-Qaeda remain   allies.\n")
    c = document_from_text("The Taliban and al-Qaeda remain enemies.")
    assert a.id == b.id
    assert a.id != c.id


def test_crlf_normalised(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", "---\r\ntitle: T\r\n---\r\nOne.\r\nTwo.\r\n"))
    assert doc.text == "One.\nTwo.\n"
    assert doc.title == "T"
    assert doc.id == document_from_text("One.\nTwo.\n").id


def test_utf8_bom_and_non_ascii_kept(tmp_path):
    content = "\ufeffAl-Shabaab’s emir — Ahmad Umar\n".encode()
    doc = read_document(write(tmp_path, "a.txt", content))
    assert doc.text == "Al-Shabaab’s emir — Ahmad Umar\n"


def test_document_from_text_overrides_front_matter():
    doc = document_from_text("---\ntitle: From file\nid: x\n---\nBody.", title="Given",
                             source="feed")
    assert doc.title == "Given" and doc.id == "x" and doc.source == "feed"
    assert doc.text == "Body."


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\t\n", "only whitespace"),
    ("fm.md", b"---\ntitle: Only metadata\n---\n\n", "front matter but no text"),
    ("nul.txt", b"Some text\x00\x01\x02 more", "binary"),
    ("ctl.txt", bytes(range(1, 9)) * 20 + b"abc", "control characters"),
    ("utf16.txt", "Hello".encode("utf-16"), "UTF-16"),
    ("latin1.txt", "caf\u00e9 au lait".encode("latin-1"),
     "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ("badyaml.md", b"---\ntitle: [unclosed\n---\nBody\n", "malformed YAML front matter"),
    ("listyaml.md", b"---\n- a\n- b\n---\nBody\n", "must be a mapping"),
    ("open.md", b"---\ntitle: T\nBody without closing\n", "never closed"),
    ("listtitle.md", b"---\ntitle: [a, b]\n---\nBody\n", "'title' must be a single value"),
])
def test_bad_input_names_file(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(BadInput) as info:
        read_document(path)
    text = str(info.value)
    assert message in text
    assert str(path) in text
    assert "\n" not in text


def test_missing_file(tmp_path):
    with pytest.raises(BadInput, match="no such file") as info:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_directory(tmp_path):
    with pytest.raises(BadInput, match="is a directory"):
        read_document(tmp_path)


def test_too_large_default_limit(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: 20 MB on paper, nothing written
        handle.truncate(20_000_000)
    with pytest.raises(BadInput) as info:
        read_document(path)
    assert str(info.value) == f"{path}: file is 20.0 MB, over the 10 MB limit"


def test_too_large_smaller_limit(tmp_path):
    path = write(tmp_path, "mid.txt", "word " * 1000)
    with pytest.raises(BadInput, match=r"file is 5\.0 KB, over the 1 KB limit"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=10_000).text.startswith("word")


def test_document_from_text_rejects_empty():
    with pytest.raises(BadInput, match="empty"):
        document_from_text("   \n")
