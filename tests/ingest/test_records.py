"""JSON Lines and CSV corpora: field names, ids, dates, delimiters, encodings, bad records."""

from __future__ import annotations

import json

import pytest

from allegiance.errors import BadInput
from allegiance.ingest import Fields, Skipped, document_id
from allegiance.ingest.records import iter_csv, iter_jsonl

SHABAAB = "Al-Shabaab fighters attacked an African Union base near Mogadishu."
ELN = "The ELN kidnapped two soldiers in Arauca, the Colombian army said."
HEZBOLLAH = "Hezbollah fired rockets at northern Israel from southern Lebanon."


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def jsonl(*records):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_default_field_names(tmp_path):
    path = write(tmp_path, "corpus.jsonl", jsonl(
        {"id": "somalia-001", "title": "Base attacked", "text": SHABAAB,
         "date": "Tue, 05 Mar 2024 10:00:00 GMT", "url": "https://horn.example/1",
         "publisher": "Horn Observer"},
        {"docid": 42, "headline": "Soldiers kidnapped", "content": ELN,
         "published_at": "2023-08-02T06:00:00Z", "link": "https://andes.example/2"}))
    first, second = list(iter_jsonl(path))
    assert (first.id, first.title, first.text, first.published, first.url, first.source) == (
        "somalia-001", "Base attacked", SHABAAB, "2024-03-05", "https://horn.example/1",
        "Horn Observer")
    assert (second.id, second.title, second.text, second.published, second.url) == (
        "42", "Soldiers kidnapped", ELN, "2023-08-02", "https://andes.example/2")
    assert second.source == str(path)  # no source field: the file


def test_jsonl_custom_field_names_override_the_usual_ones(tmp_path):
    path = write(tmp_path, "lebanon.jsonl", jsonl(
        {"story": HEZBOLLAH, "text": "not this one", "hed": "Rockets", "when": "9 October 2023",
         "key": "lb-7", "outlet": "Levant Wire"}))
    fields = Fields(text="story", title="hed", published="when", id="key", source="outlet")
    (doc,) = iter_jsonl(path, fields)
    assert (doc.id, doc.text, doc.title, doc.published, doc.source) == (
        "lb-7", HEZBOLLAH, "Rockets", "2023-10-09", "Levant Wire")


def test_jsonl_keys_match_without_regard_to_case(tmp_path):
    path = write(tmp_path, "c.jsonl", jsonl({"Text": ELN, "Title": "Kidnapping"}))
    (doc,) = iter_jsonl(path)
    assert doc.text == ELN and doc.title == "Kidnapping"


def test_jsonl_bad_lines_skipped_with_line_numbers_and_reading_goes_on(tmp_path):
    path = write(tmp_path, "corpus.jsonl", jsonl(
        {"id": "a", "text": SHABAAB},
        '{"id": "b", "text": "unterminated',
        "",
        '["an", "array"]',
        {"id": "c", "title": "no text here"},
        {"id": "d", "text": "   "},
        {"id": "e", "text": ELN}))
    items = list(iter_jsonl(path))
    label = str(path)
    assert [type(i).__name__ for i in items] == [
        "Document", "Skipped", "Skipped", "Skipped", "Skipped", "Document"]
    assert [i.path for i in items if isinstance(i, Skipped)] == [
        f"{label}:2", f"{label}:4", f"{label}:5", f"{label}:6"]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert reasons[0].startswith(f"{label}:2: malformed JSON (")
    assert reasons[1] == f"{label}:4: not a JSON object but an array"
    assert reasons[2] == (f"{label}:5: no text field (looked for text, content, body, doctext, "
                          "article; found: id, title)")
    assert reasons[3] == f"{label}:6: no text (the field 'text' is empty or not text)"
    assert all("\n" not in r for r in reasons)
    assert [i.id for i in items if not isinstance(i, Skipped)] == ["a", "e"]


def test_jsonl_bad_utf8_line_and_bom(tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps({"text": ELN}).encode() + b"\n{\"text\": \"\xff\"}\n"
    items = list(iter_jsonl(write(tmp_path, "c.jsonl", data)))
    assert items[0].text == ELN
    assert isinstance(items[1], Skipped) and "not valid UTF-8" in items[1].reason


def test_jsonl_without_id_hashes_the_text_and_joins_paragraph_lists(tmp_path):
    path = write(tmp_path, "c.jsonl", jsonl({"text": [SHABAAB, ELN]}, {"text": SHABAAB}))
    first, second = iter_jsonl(path)
    assert first.text == SHABAAB + "\n\n" + ELN
    assert second.id == document_id(SHABAAB)


def test_jsonl_html_text_is_read_as_a_page(tmp_path):
    html = ("<html><head><title>Raid</title><link rel='canonical' href='https://s.example/r'>"
            "</head><body><nav><a href='/'>Home</a></nav><p>Boko Haram fighters raided a "
            "village near Maiduguri in Borno State, killing nine people.</p>"
            "<p>The army said it had repelled the attack.</p></body></html>")
    path = write(tmp_path, "c.jsonl", jsonl({"text": html, "title": "Given title"},
                                            {"text": "<p>Short <b>snippet</b> from a feed</p>"}))
    page, snippet = iter_jsonl(path)
    assert page.text == ("Boko Haram fighters raided a village near Maiduguri in Borno State, "
                         "killing nine people.\n\nThe army said it had repelled the attack.")
    assert page.title == "Given title" and page.url == "https://s.example/r"
    assert snippet.text == "Short snippet from a feed"


def test_csv_semicolon_multiline_quoted_cell_and_bom(tmp_path):
    content = ('\ufeffdocid;headline;body;pubdate\r\n'
               's-1;Base attacked;"Al-Shabaab attacked a base.\r\n\r\nThe ""AU"" said; five '
               'died.";March 5, 2024\r\n'
               '\r\n'
               'c-2;Kidnapping;' + ELN + ';05/03/2024\r\n')
    path = write(tmp_path, "corpus.csv", content)
    first, second = list(iter_csv(path))
    assert first.id == "s-1" and first.title == "Base attacked"
    assert first.text == 'Al-Shabaab attacked a base.\n\nThe "AU" said; five died.'
    assert first.published == "2024-03-05"
    assert second.id == "c-2" and second.text == ELN
    assert second.published is None  # day/month order unknown


@pytest.mark.parametrize("delimiter, name", [(",", "c.csv"), ("\t", "c.tsv"), ("\t", "c.csv"),
                                             (";", "c.csv")])
def test_csv_delimiters(tmp_path, delimiter, name):
    rows = [["title", "text", "source"], ["Kidnapping", ELN, "Andes Monitor, Bogota"]]
    content = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    (doc,) = iter_csv(write(tmp_path, name, content))
    assert (doc.title, doc.text, doc.source) == ("Kidnapping", ELN, "Andes Monitor, Bogota")


def test_csv_row_without_text_skipped_with_its_line(tmp_path):
    content = ('id,text\n1,"' + SHABAAB + '\nsecond line"\n2,\n3,' + HEZBOLLAH + "\n")
    path = write(tmp_path, "c.csv", content)
    items = list(iter_csv(path))
    assert [i.id if not isinstance(i, Skipped) else i.path for i in items] == [
        "1", f"{path}:4", "3"]
    assert items[1].reason == f"{path}:4: no text (the field 'text' is empty or not text)"


def test_csv_without_text_column_lists_the_columns(tmp_path):
    path = write(tmp_path, "c.csv", "id,headline,when\n1,Rockets,2023-10-09\n")
    with pytest.raises(BadInput) as caught:
        list(iter_csv(path))
    assert str(caught.value) == (
        f"{path}: no text column (looked for 'text' or 'content' or 'body' or 'doctext' or "
        "'article'; found columns: id, headline, when)")


def test_csv_explicit_field_names(tmp_path):
    path = write(tmp_path, "c.csv", "story_id,story\nlb-1," + HEZBOLLAH + "\n")
    (doc,) = iter_csv(path, Fields(text="story", id="story_id"))
    assert (doc.id, doc.text) == ("lb-1", HEZBOLLAH)
    with pytest.raises(BadInput, match=r"no column 'title_x' for the title \(found columns: "
                                       r"story_id, story\)"):
        list(iter_csv(path, Fields(text="story", title="title_x")))


def test_csv_windows_1252_and_empty_file(tmp_path):
    path = write(tmp_path, "c.csv", "text\n\u201cJNIM\u201d fighters attacked Djibo.\n", "cp1252")
    (doc,) = iter_csv(path)
    assert doc.text == "\u201cJNIM\u201d fighters attacked Djibo."
    with pytest.raises(BadInput, match="file is empty"):
        list(iter_csv(write(tmp_path, "e.csv", "")))


def test_csv_long_cell_over_the_default_field_limit(tmp_path):
    long_text = (HEZBOLLAH + " ") * 20_000  # about 1.3 million characters
    (doc,) = iter_csv(write(tmp_path, "c.csv", 'text\n"' + long_text + '"\n'))
    assert doc.text == long_text.strip()


def test_fields_resolve():
    assert Fields().resolve(["Body", "body", "HEADLINE"]) == {"text": "body", "title": "HEADLINE"}
    assert Fields(text="story").resolve(["text", "story"]) == {"text": "story"}
