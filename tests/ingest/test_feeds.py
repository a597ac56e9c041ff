"""RSS 2.0, RSS 1.0 and Atom feeds: one document per entry, text from content or summary."""

from __future__ import annotations

import pytest

from allegiance.errors import BadInput
from allegiance.ingest import Skipped, document_id
from allegiance.ingest.feeds import iter_feed, looks_like_feed

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Levant Wire</title>
  <link>https://levantwire.example/</link>
  <language>en-us</language>
  <item>
    <title>Hezbollah &amp; Israel trade fire</title>
    <link>https://levantwire.example/2023/10/hezbollah-fire</link>
    <guid isPermaLink="false">levantwire-8812</guid>
    <pubDate>Mon, 09 Oct 2023 21:30:00 -0400</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>Hezbollah fired guided missiles at three Israeli
      positions in the Shebaa Farms area.</p><p>Israel answered with drone strikes on
      villages in <a href="/tags/lebanon">southern Lebanon</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>No body at all</title>
    <link>https://levantwire.example/empty</link>
  </item>
  <item>
    <title>Teaser only</title>
    <description>&lt;p&gt;Hamas claimed a rocket attack on Ashkelon.&lt;/p&gt;</description>
    <pubDate>not a date</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Horn Observer</title>
  <id>urn:uuid:horn-observer</id>
  <updated>2024-03-06T08:00:00Z</updated>
  <entry>
    <title>Al-Shabaab attack on Mogadishu hotel</title>
    <id>tag:horn.example,2024:hotel</id>
    <link rel="alternate" href="https://horn.example/2024/03/hotel"/>
    <updated>2024-03-06T07:00:00Z</updated>
    <published>2024-03-05T23:10:00+03:00</published>
    <summary type="html">&lt;p&gt;Al-Shabaab gunmen stormed the SYL hotel near the
      presidential palace.&lt;/p&gt;&lt;p&gt;Security forces ended the siege after
      hours.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Plain summary</title>
    <id>tag:horn.example,2024:plain</id>
    <updated>2024-03-04T10:00:00Z</updated>
    <summary>ATMIS troops withdrew from a base in Hiraan region.</summary>
  </entry>
</feed>
"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://andes.example/rss">
    <title>Andes Monitor</title><link>https://andes.example/</link>
    <description>News</description>
  </channel>
  <item rdf:about="https://andes.example/eln">
    <title>ELN bombs pipeline</title>
    <link>https://andes.example/eln</link>
    <description>The ELN bombed the Cano Limon pipeline in Arauca.</description>
    <dc:date>2023-01-15T08:00:00-05:00</dc:date>
  </item>
</rdf:RDF>
"""


def test_rss2_content_encoded_preferred_over_description():
    items = list(iter_feed(RSS2, "levant.rss"))
    doc = items[0]
    assert doc.text == ("Hezbollah fired guided missiles at three Israeli positions in the "
                        "Shebaa Farms area.\n\nIsrael answered with drone strikes on villages "
                        "in southern Lebanon.")
    assert doc.title == "Hezbollah & Israel trade fire"
    assert doc.url == "https://levantwire.example/2023/10/hezbollah-fire"
    assert doc.id == "levantwire-8812"
    assert doc.published == "2023-10-09"  # RFC 822, the day as written
    assert doc.source == "Levant Wire" and doc.language == "en"


def test_rss2_entry_without_text_skipped_and_summary_html_stripped():
    items = list(iter_feed(RSS2, "levant.rss"))
    assert isinstance(items[1], Skipped)
    assert items[1].path == "levant.rss#2"
    assert items[1].reason == "levant.rss#2: feed entry ('No body at all') has no text"
    teaser = items[2]
    assert teaser.text == "Hamas claimed a rocket attack on Ashkelon."
    assert teaser.published is None
    assert teaser.id == document_id(teaser.text)  # no guid: the hash of the text


def test_atom_summary_only():
    first, second = iter_feed(ATOM, "horn.atom")
    assert first.text == ("Al-Shabaab gunmen stormed the SYL hotel near the presidential "
                          "palace.\n\nSecurity forces ended the siege after hours.")
    assert first.published == "2024-03-05"  # published, not updated
    assert first.url == "https://horn.example/2024/03/hotel"
    assert first.id == "tag:horn.example,2024:hotel"
    assert first.source == "Horn Observer"
    assert second.text == "ATMIS troops withdrew from a base in Hiraan region."
    assert second.published == "2024-03-04"  # no published date: the update date


def test_rss1():
    (doc,) = iter_feed(RSS1, "andes.rdf")
    assert doc.text == "The ELN bombed the Cano Limon pipeline in Arauca."
    assert doc.published == "2023-01-15"
    assert doc.url == "https://andes.example/eln" and doc.source == "Andes Monitor"


def test_ids_are_stable_between_reads():
    assert [d.id for d in iter_feed(ATOM, "a")] == [d.id for d in iter_feed(ATOM, "b")]


@pytest.mark.parametrize("data, reason", [
    (b"just some words about the Taliban", "not an RSS or Atom feed"),
    (b"<note><to>x</to></note>", "not an RSS or Atom feed"),
    (b"<rss version='2.0'><channel><title>Empty</title></channel></rss>",
     "the feed has no entries"),
])
def test_not_a_feed_is_bad_input(data, reason):
    with pytest.raises(BadInput, match=rf"^x\.xml: {reason}"):
        list(iter_feed(data, "x.xml"))


def test_looks_like_feed():
    assert looks_like_feed(RSS2) and looks_like_feed(ATOM) and looks_like_feed(RSS1)
    assert looks_like_feed(b"\xef\xbb\xbf<!-- generated -->\n<rss version='2.0'>")
    assert not looks_like_feed(b"<html><body><p>rss</p></body></html>")
    assert not looks_like_feed(b"<feedback>no</feedback>")
