"""Web pages: the article text without page furniture, metadata, encodings, pages without text."""

from __future__ import annotations

import pytest

from allegiance.errors import BadInput
from allegiance.ingest.html import decode_html, document_from_html, html_to_text, looks_like_html

ARTICLE = """
<article>
  <h1>Boko Haram fighters raid village in Borno</h1>
  <p>Boko Haram fighters attacked the village of Kawuri in Borno State on Monday,
     killing at least twelve people, residents said.</p>
  <p>The militants arrived on motorcycles and set fire to houses before soldiers from the
     Nigerian army reached the area, according to a local official.</p>
  <blockquote><p>They came at night and took the young men, a survivor said.</p></blockquote>
  <p>The Islamic State West Africa Province, a rival faction, has also been active in the
     region around <a href="/tags/lake-chad">Lake Chad</a>.</p>
</article>
"""
BOILERPLATE = """
<header><div class="logo"><a href="/">Sahel Daily</a></div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
"""
FOOTER = """
<aside><h3>Most read</h3><ul><li><a href="/x">Floods displace thousands in Maiduguri
camps</a></li></ul></aside>
<footer><p>Copyright 2024 Sahel Daily Media Group. All rights reserved.</p>
<p>Sign up for our newsletter to receive the latest stories from the region.</p>
<a href="/privacy">Privacy policy</a></footer>
<script>var tracking = "should never appear";</script>
"""


def page(head: str, body: str = BOILERPLATE + ARTICLE + FOOTER) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


OG_HEAD = """
<meta charset="utf-8">
<title>Boko Haram raid | Sahel Daily</title>
<meta property="og:title" content="Boko Haram fighters raid village in Borno">
<meta property="og:site_name" content="Sahel Daily">
<meta property="og:url" content="https://saheldaily.example/og/boko-haram-raid">
<meta name="article:published_time" content="2024-03-05T10:00:00+01:00">
<link rel="canonical" href="https://saheldaily.example/2024/03/boko-haram-raid">
"""


def test_only_the_article_body_comes_out():
    doc = document_from_html(page(OG_HEAD).encode("utf-8"), "raid.html")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Boko Haram fighters raid village in Borno"
    assert paragraphs[1] == ("Boko Haram fighters attacked the village of Kawuri in Borno State "
                             "on Monday, killing at least twelve people, residents said.")
    assert "They came at night and took the young men, a survivor said." in paragraphs
    assert paragraphs[-1].endswith("has also been active in the region around Lake Chad.")
    for boilerplate in ("Home", "World news", "Subscribe", "Copyright", "newsletter",
                        "Privacy", "Most read", "Maiduguri", "tracking"):
        assert boilerplate not in doc.text
    assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()


def test_metadata_from_og_tags_canonical_link_and_published_time():
    doc = document_from_html(page(OG_HEAD), "raid.html", url="https://saheldaily.example/?p=7")
    assert doc.title == "Boko Haram fighters raid village in Borno"
    assert doc.published == "2024-03-05"
    assert doc.url == "https://saheldaily.example/2024/03/boko-haram-raid"  # canonical first
    assert doc.source == "Sahel Daily"
    assert doc.id.startswith("doc-")


def test_og_url_when_no_canonical_and_host_as_source():
    head = """<title>Hezbollah and Israel trade fire</title>
    <meta property="og:url" content="https://www.levantwire.example/news/hezbollah-fire">
    <meta property="article:published_time" content="2023-10-09">"""
    body = """<div class="story"><p>Hezbollah fired guided missiles and artillery shells at
    three Israeli positions in the disputed Shebaa Farms area, the group said in a statement.
    </p><p>Israel responded with drone strikes on villages in southern Lebanon, the Lebanese
    army said, and the United Nations peacekeeping force UNIFIL urged restraint.</p></div>"""
    doc = document_from_html(page(head, body), "lebanon.html")
    assert doc.url == "https://www.levantwire.example/news/hezbollah-fire"
    assert doc.source == "levantwire.example"
    assert doc.published == "2023-10-09"
    assert doc.title == "Hezbollah and Israel trade fire"
    assert doc.text.count("\n\n") == 1


def test_relative_canonical_resolved_against_the_page_url():
    head = '<title>x</title><link rel="canonical" href="/2024/03/raid">'
    doc = document_from_html(page(head), "raid", url="https://saheldaily.example/?p=7")
    assert doc.url == "https://saheldaily.example/2024/03/raid"


def test_without_metadata_url_and_source_fall_back():
    body = ("<p>Al-Shabaab fighters stormed a hotel in Mogadishu on Friday night, "
            "police said.</p>")
    doc = document_from_html(page("", body), "hotel.html")
    assert doc.text == ("Al-Shabaab fighters stormed a hotel in Mogadishu on Friday night, "
                        "police said.")
    assert doc.url is None and doc.source == "hotel.html" and doc.published is None
    with_url = document_from_html(page("", body), "hotel", url="https://horn.example/a")
    assert with_url.url == "https://horn.example/a" and with_url.source == "horn.example"


def test_no_date_guessed_from_the_text_or_the_copyright_line():
    body = ("<p>The ELN bombed the Cano Limon pipeline in Arauca on 12 January 2023, the army "
            "said.</p><footer>Copyright 2021</footer>")
    assert document_from_html(page("<title>ELN</title>", body), "eln.html").published is None


def test_latin1_page_with_charset_meta():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    body = ("<p>Les combattants du JNIM ont attaqué une base de l'armée malienne près de "
            "Tombouctou, selon un communiqué publié à Bamako.</p>")
    data = page(head + "<title>Attaque près de Tombouctou</title>", body).encode("latin-1")
    doc = document_from_html(data, "mali.html")
    assert "attaqué une base de l'armée malienne près de Tombouctou" in doc.text
    assert doc.title == "Attaque près de Tombouctou"


def test_undeclared_bad_utf8_falls_back_to_cp1252():
    data = page("", "<p>Fighters of the \x93Islamic State\x94 group attacked a checkpoint "
                "near Kirkuk, officials said.</p>").encode("latin-1")
    doc = document_from_html(data, "kirkuk.html")
    assert "“Islamic State”" in doc.text


def test_decode_html_precedence_and_unknown_charsets():
    assert decode_html("é".encode("utf-8")) == "é"
    assert decode_html(b'<meta charset="windows-1252">\xe9') == '<meta charset="windows-1252">é'
    assert decode_html("é".encode("latin-1"), charset="latin-1") == "é"
    assert decode_html(b"\xef\xbb\xbfok") == "ok"
    assert decode_html(b'<meta charset="no-such-charset">\xc3\xa9') == (
        '<meta charset="no-such-charset">é')
    assert decode_html(b"\x81\xff") == "\ufffdÿ"  # never raises


@pytest.mark.parametrize("html", [
    page("<title>Menu</title>", BOILERPLATE + FOOTER),
    page("<title>Links</title>", "<div><a href='/'>Home</a> <a href='/a'>About us</a></div>"),
    page("<title>Empty</title>", ""),
    "",
    "   \n ",
])
def test_page_without_article_is_bad_input(html):
    with pytest.raises(BadInput, match=r"^menu\.html: no article text found in the HTML$"):
        document_from_html(html, "menu.html")


def test_paragraph_breaks_lists_and_line_breaks():
    body = """<article><p>The ELN released the following demands on Tuesday in a statement sent
    to reporters in Bogota:</p><ul><li>an end to the aerial bombing of its camps in Arauca</li>
    <li>the release of jailed commanders held in Bucaramanga prison</li></ul>
    <p>Signed by the Central Command<br>Somewhere in the mountains of Colombia</p></article>"""
    text = document_from_html(page("", body), "eln.html").text
    assert text.split("\n\n") == [
        "The ELN released the following demands on Tuesday in a statement sent to reporters "
        "in Bogota:",
        "an end to the aerial bombing of its camps in Arauca",
        "the release of jailed commanders held in Bucaramanga prison",
        "Signed by the Central Command\nSomewhere in the mountains of Colombia"]


def test_html_to_text_of_fragments():
    assert html_to_text("<p>Al-Shabaab claimed the attack.</p><p>Police said "
                        "<b>five</b>&nbsp;died.</p>") == (
        "Al-Shabaab claimed the attack.\n\nPolice said five died.")
    assert html_to_text("Plain &amp; simple") == "Plain & simple"
    assert html_to_text("<div>a<br/>b<script>x()</script><!-- note --></div>tail") == (
        "a\nb\n\ntail")
    assert html_to_text("") == "" and html_to_text("<p> </p>") == ""


def test_looks_like_html():
    assert looks_like_html("  <p>Hamas said</p>")
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert not looks_like_html("Hamas said <b> is not where it starts")
    assert not looks_like_html("<not a tag at all")
    assert not looks_like_html("<rss version='2.0'><channel></channel></rss>")
