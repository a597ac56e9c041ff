"""News feeds (RSS 2.0, RSS 1.0, Atom) -> one `Document` per entry, read with feedparser.

An entry's text is its full content (``content:encoded``, Atom ``<content>``), else its summary
(``<description>``, Atom ``<summary>``), HTML turned into paragraphs of text. Its title, link
and id (``<guid>`` / Atom ``<id>``) are kept as given; `published` is the entry's publication
date, else its update date, as an ISO date; `source` is the title of the feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import BadInput
from ..model import Document
from .dates import iso_date
from .html import html_to_text, looks_like_html
from .sources import Skipped
from .text import document_id, normalise_newlines

_FEED_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|"
    rb"<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF|RDF)\b", re.S | re.I)


def looks_like_feed(data: bytes) -> bool:
    """Whether `data` starts (after an XML declaration, comments, a doctype) with a ``<rss>``,
    ``<feed>`` or ``<rdf:RDF>`` root element."""
    return _FEED_START.match(data[:4096]) is not None


def iter_feed(data: bytes, label: str) -> Iterator[Document | Skipped]:
    """One `Document` per entry of the feed in `data`; an entry without text is `Skipped`
    (labelled "<label>#<entry number>").

    Raises `BadInput` when `data` is not an RSS or Atom feed, or a feed without entries.
    """
    import feedparser  # imported here: most runs read no feeds

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # a third-party parser: any failure is this file's problem
        raise BadInput(f"{label}: cannot read the feed ({type(exc).__name__}: {exc})") from None
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            problem = " ".join(str(parsed["bozo_exception"]).split())
            raise BadInput(f"{label}: not an RSS or Atom feed ({problem})")
        if not parsed.get("version"):
            raise BadInput(f"{label}: not an RSS or Atom feed")
        raise BadInput(f"{label}: the feed has no entries")
    feed = parsed.get("feed") or {}
    source = _plain(feed.get("title_detail")) or label
    language = _language(feed.get("language"))
    for number, entry in enumerate(entries, 1):
        yield _entry_document(entry, f"{label}#{number}", source, language)


def _entry_document(entry: Any, where: str, source: str, language: str) -> Document | Skipped:
    text = _entry_text(entry)
    title = _plain(entry.get("title_detail"))
    if not text:
        named = f" ('{title}')" if title else ""
        return Skipped(where, f"{where}: feed entry{named} has no text")
    published = None
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get maps "updated" to "published", with a warning
        published = iso_date(dict.get(entry, key)) or iso_date(dict.get(entry, f"{key}_parsed"))
        if published:
            break
    entry_id = entry.get("id")
    return Document(
        id=entry_id.strip() if isinstance(entry_id, str) and entry_id.strip()
        else document_id(text),
        text=text,
        title=title,
        url=entry.get("link") or None,
        source=source,
        published=published,
        language=language,
    )


def _entry_text(entry: Any) -> str:
    """The entry's content (the longest, when there are several), else its summary."""
    contents = [_plain(c) for c in entry.get("content") or []]
    contents = [c for c in contents if c]
    if contents:
        return max(contents, key=len)
    return _plain(entry.get("summary_detail")) or _plain_value(entry.get("summary"))


def _plain(detail: Any) -> str:
    """The text of a feedparser text construct ({"type": ..., "value": ...})."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    kind = detail.get("type") or ""
    if "html" in kind or looks_like_html(value):
        return html_to_text(value)
    return _plain_value(value)


def _plain_value(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    paragraphs = re.split(r"\n[ \t]*\n", normalise_newlines(value))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _language(code: Any) -> str:
    """The primary language of a feed ("en-us" -> "en"); "en" when it names none."""
    if isinstance(code, str) and re.match(r"[A-Za-z]{2,3}(?:[-_]|$)", code.strip()):
        return re.split(r"[-_]", code.strip())[0].lower()
    return "en"
