"""`iter_documents`: every argument kind, suffix dispatch, content sniffing, Skipped inputs."""

from __future__ import annotations

import io
import json

import pytest

from allegiance.errors import BadInput
from allegiance.ingest import Fields, Skipped, iter_documents
from allegiance.ingest.sources import sniff_bytes, sniff_kind
from allegiance.model import Document

TALIBAN = "The Taliban seized the district centre of Nerkh in Wardak province.\n"
HTML = ("<!DOCTYPE html><html><head><title>Houthi strike</title>"
        "<meta property='article:published_time' content='2024-01-12'></head><body>"
        "<nav><a href='/'>Home</a></nav><article><p>The Houthis fired an anti-ship missile at "
        "a tanker in the Red Sea, the US military said on Friday.</p></article></body></html>")
RSS = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Sahel Wire</title><item>"
       "<title>Attack in Djibo</title><guid>sw-1</guid><description>JNIM fighters attacked an "
       "army post in Djibo, Burkina Faso.</description></item></channel></rss>")
JSONL = (json.dumps({"id": "pk-1", "text": "The TTP claimed a bombing in Peshawar."}) + "\n"
         + "{broken\n"
         + json.dumps({"id": "pk-2", "text": "The BLA attacked a convoy in Balochistan."}) + "\n")
CSV = "id;text\nmz-1;Insurgents linked to Islamic State attacked Mocimboa da Praia.\n"


def ids(items):
    return [i.id if isinstance(i, Document) else f"skipped:{i.path}" for i in items]


@pytest.fixture
def mixed(tmp_path):
    """A directory with one input of every kind, plus files that are not inputs."""
    files = {
        "a-taliban.txt": TALIBAN,
        "b-notes.md": "---\nid: notes-1\n---\nHezbollah and Amal held talks in Beirut.\n",
        "c-houthi.html": HTML,
        "d-pakistan.jsonl": JSONL,
        "e-mozambique.csv": CSV,
        "f-sahel.rss": RSS,
        "g-sitemap.xml": "<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>",
        "h-empty.txt": "",
        "sub/i-somalia.htm": HTML.replace("Houthis", "Al-Shabaab"),
        "sub/j-iraq.ndjson": json.dumps({"text": "PMF units deployed to Sinjar."}) + "\n",
        "sub/k-syria.tsv": "text\tdate\nThe SDF captured Raqqa.\t2017-10-17\n",
        "sub/l-feed.atom": ("<feed xmlns='http://www.w3.org/2005/Atom'><title>Levant</title>"
                            "<entry><id>lv-1</id><title>t</title><summary>Hayat Tahrir al-Sham "
                            "shelled Aleppo.</summary></entry></feed>"),
        "notes.pdf": "%PDF-1.4 not an input",
        "README": "no suffix: not picked up from a directory",
        ".hidden.txt": "hidden",
        ".cache/old.txt": "hidden folder",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return tmp_path


def test_directory_mixing_all_formats(mixed):
    items = list(iter_documents([str(mixed)]))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    skipped = {i.path: i.reason for i in items if isinstance(i, Skipped)}
    assert list(docs)[0].startswith("doc-")  # a-taliban.txt first: sorted order
    assert docs[list(docs)[0]].text == TALIBAN
    assert "notes-1" in docs
    houthi = [d for d in docs.values() if "Houthis" in d.text][0]
    assert houthi.title == "Houthi strike" and houthi.published == "2024-01-12"
    assert "Home" not in houthi.text
    assert {"pk-1", "pk-2", "mz-1", "sw-1", "lv-1"} <= set(docs)
    assert docs["mz-1"].source == str(mixed / "e-mozambique.csv")
    assert any(d.text == "The SDF captured Raqqa." and d.published == "2017-10-17"
               for d in docs.values())
    assert any(d.text == "PMF units deployed to Sinjar." for d in docs.values())
    assert any("Al-Shabaab" in d.text for d in docs.values())
    assert len(docs) == 11
    assert skipped == {
        f"{mixed / 'd-pakistan.jsonl'}:2": f"{mixed / 'd-pakistan.jsonl'}:2: malformed JSON "
                                           "(Expecting property name enclosed in double quotes "
                                           "at column 2)",
        str(mixed / "g-sitemap.xml"): f"{mixed / 'g-sitemap.xml'}: not an RSS or Atom feed",
        str(mixed / "h-empty.txt"): f"{mixed / 'h-empty.txt'}: file is empty",
    }
    order = [i.path if isinstance(i, Skipped) else i.source for i in items]
    assert order.index("Sahel Wire") < order.index(str(mixed / "g-sitemap.xml")) < order.index(
        str(mixed / "h-empty.txt")) < order.index("Levant")  # sorted, sub/ after the files


def test_missing_path_fails_before_anything_is_read(mixed):
    with pytest.raises(BadInput, match=r"^no such file or directory: .*missing\.txt$"):
        iter_documents([str(mixed / "a-taliban.txt"), "-", str(mixed / "missing.txt")],
                       stdin=io.BytesIO(b"never read"))


def test_directory_without_inputs_and_other_url_schemes(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    with pytest.raises(BadInput, match=r"^no input files \(\.atom, \.csv, .*\.xml\) in "):
        iter_documents([str(tmp_path)])
    with pytest.raises(BadInput, match=r"^ftp://example.org/x: not an http or https URL$"):
        iter_documents(["ftp://example.org/x"])


def test_glob_picks_up_every_input_suffix(mixed):
    items = list(iter_documents([str(mixed / "sub" / "*")]))
    assert len([i for i in items if isinstance(i, Document)]) == 4


def test_same_file_twice_is_read_once(mixed):
    path = str(mixed / "a-taliban.txt")
    assert len(list(iter_documents([path, str(mixed / "." / "a-taliban.txt"), path]))) == 1


def test_named_file_of_another_suffix_is_sniffed(mixed):
    (pdf,) = iter_documents([str(mixed / "notes.pdf")])
    assert isinstance(pdf, Document) and pdf.text == "%PDF-1.4 not an input"
    binary = mixed / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100))
    (skipped,) = iter_documents([str(binary)])
    assert skipped == Skipped(str(binary), f"{binary}: looks like a binary file, not text "
                                           "(contains NUL bytes)")
    page = mixed / "saved-page"
    page.write_text(HTML, encoding="utf-8")
    (doc,) = iter_documents([str(page)])
    assert doc.title == "Houthi strike"


def test_bad_utf8_text_file_skipped(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Les combattants de l'EI ont attaqué Ménaka.".encode("latin-1"))
    (skipped,) = iter_documents([str(path)])
    assert isinstance(skipped, Skipped) and "not valid UTF-8" in skipped.reason


def test_csv_without_text_column_skipped_once(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,headline\n1,Rockets\n2,Raid\n", encoding="utf-8")
    (skipped,) = iter_documents([str(path)])
    assert skipped.path == str(path)
    assert skipped.reason.endswith("found columns: id, headline)")


def test_fields_reach_the_record_readers(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"story": "ISWAP ambushed soldiers near Monguno.",
                                "text": "not this"}) + "\n", encoding="utf-8")
    (doc,) = iter_documents([str(path)], fields=Fields(text="story"))
    assert doc.text == "ISWAP ambushed soldiers near Monguno."


@pytest.mark.parametrize("data, check", [
    (TALIBAN.encode(), lambda d: d.text == TALIBAN and d.source == "<stdin>"),
    (("---\nsource: Kabul Times\n---\n" + TALIBAN).encode(),
     lambda d: d.source == "Kabul Times"),
    (b"  \n" + HTML.encode(), lambda d: d.title == "Houthi strike"),
    (HTML.replace("<!DOCTYPE html>", "").encode(), lambda d: d.title == "Houthi strike"),
    (RSS.encode(), lambda d: d.id == "sw-1" and d.source == "Sahel Wire"),
    (b"\xef\xbb\xbf" + RSS.encode(), lambda d: d.id == "sw-1"),
    (JSONL.encode(), lambda d: d.id == "pk-1"),
    (b"<3 is not a tag: Hamas and Fatah met in Cairo.", lambda d: d.text.startswith("<3")),
])
def test_stdin_sniffing(data, check):
    first = next(iter_documents(["-"], stdin=io.BytesIO(data)))
    assert isinstance(first, Document) and check(first)


def test_stdin_jsonl_keeps_going_after_a_bad_line():
    items = list(iter_documents(["-"], stdin=io.BytesIO(JSONL.encode())))
    assert ids(items) == ["pk-1", "skipped:<stdin>:2", "pk-2"]


def test_stdin_problems_are_skipped():
    (empty,) = iter_documents(["-"], stdin=io.BytesIO(b""))
    assert empty == Skipped("<stdin>", "<stdin>: file is empty")
    (binary,) = iter_documents(["-"], stdin=io.BytesIO(b"\x00\x01\x02binary"))
    assert isinstance(binary, Skipped) and "binary" in binary.reason


@pytest.mark.parametrize("name, content, kind", [
    ("a.txt", TALIBAN, "text"),
    ("a.TXT", "https://example.org/a\n# comment\n\nhttp://example.org/b\n", "urls"),
    ("a.txt", "https://example.org/a\nand some words\n", "text"),
    ("a.urls", "anything", "urls"),
    ("a.md", "https://example.org/a\n", "text"),
    ("a.htm", "x", "html"),
    ("a.ndjson", "x", "jsonl"),
    ("a.tsv", "x", "csv"),
    ("a.atom", "x", "feed"),
    ("a.xml", "x", "feed"),
    ("page", HTML, "html"),
    ("feed", RSS, "feed"),
    ("records", JSONL, "jsonl"),
    ("notes", TALIBAN, "text"),
])
def test_sniff_kind(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert sniff_kind(path) == kind


def test_sniff_bytes():
    assert sniff_bytes(b"\n\n{\"text\": 1}") == "jsonl"
    assert sniff_bytes(b"https://a.example/1\nhttps://b.example/2") == "urls"
    assert sniff_bytes(b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>") == "feed"
    assert sniff_bytes(b"<p>ELN</p>") == "html"
    assert sniff_bytes(b"plain") == "text"
