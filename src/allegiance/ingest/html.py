"""Web pages -> `Document`: the article text of an HTML page and its metadata.

The main text comes from trafilatura, without comments, tables, navigation, headers and
footers; each paragraph, heading, list item and quotation becomes one paragraph of
``Document.text``, separated by a blank line so the sentence splitter sees the breaks. Title,
publication date, canonical URL (``<link rel="canonical">`` or ``og:url``) and site name come
from the page's metadata.

`html_to_text` is the plain lxml reading of an HTML fragment (a feed entry, a record of a
corpus) with the same paragraph breaks, for snippets too short for trafilatura to call them an
article.
"""

from __future__ import annotations

import codecs
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from ..errors import BadInput
from ..model import Document
from .dates import iso_date
from .text import document_id, normalise_newlines

_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_:.+-]+)""", re.I)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|br|article|section|span|a|h[1-6]|"
    r"ul|ol|li|table|tr|td|b|i|em|strong|blockquote|img|figure|main)\b[^>]*>", re.I)
# Page furniture removed before extraction (trafilatura drops most of it on its own).
_FURNITURE = ("//nav | //aside | //footer | //form | //*[@role='navigation'] | "
              "//*[@role='contentinfo'] | //*[@role='banner'] | //*[@role='complementary']")
# Blocks of trafilatura's output tree that become paragraphs of their own.
_OUTPUT_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "cell"})
# HTML elements that start a new paragraph in `html_to_text`.
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul"})
_HTML_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg",
                        "head", "title", "meta", "link", "button", "select", "textarea"})
_BREAK = "\x00"   # paragraph boundary while collecting text (NUL never survives parsing)
_NEWLINE = "\x01"  # a <br>: a line break kept inside its paragraph
_MIN_WORDS = 4  # an article has at least one line this long ("Home About Contact" is a menu)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def document_from_html(data: bytes | str, label: str, url: str | None = None, *,
                       charset: str | None = None) -> Document:
    """The article of an HTML page as a `Document`.

    `label` names the input in error messages (a path or URL); `url` is where the page came
    from, used when it names no canonical URL; `charset` is the encoding an HTTP header
    declared. `published` is an ISO date or None; `source` is the site name, else the host of
    the URL, else `label`. Raises `BadInput` when the page has no article text.

    >>> doc = document_from_html(open("page.html", "rb").read(), "page.html")  # doctest: +SKIP
    >>> doc.title, doc.published, doc.source                                  # doctest: +SKIP
    ('Boko Haram fighters raid village in Borno', '2024-03-05', 'Sahel Daily')
    """
    html = decode_html(data, charset) if isinstance(data, bytes) else data
    tree = _parse(html, label)
    if tree is None:
        raise BadInput(f"{label}: no article text found in the HTML")
    links = _link_texts(tree)
    canonical = _declared_url(tree, url)
    extracted = _extract(tree, url, label)
    text = _output_text(extracted.body, links) if extracted is not None else ""
    if not any(len(line.split()) >= _MIN_WORDS for line in text.splitlines()):
        raise BadInput(f"{label}: no article text found in the HTML")
    page_url = canonical or _http_url(extracted.url) or _http_url(url)
    host = urlsplit(page_url).hostname if page_url else None
    if host and host.startswith("www."):
        host = host[4:]
    return Document(
        id=document_id(text),
        text=text,
        title=_clean(extracted.title),
        url=page_url,
        source=_clean(extracted.sitename) or host or label,
        published=iso_date(extracted.date),
        language="en",
    )


def html_to_text(html: str) -> str:
    """The text of an HTML fragment or page, one paragraph per block, blank lines between.

    Scripts, styles and the page head are left out; ``<br>`` is a line break within a
    paragraph; runs of white space become one space. Text without tags comes back as is
    (white space tidied). Never raises: unparsable input gives "".

    >>> html_to_text("<p>Al-Shabaab claimed the attack.</p><p>Police said <b>five</b> died.</p>")
    'Al-Shabaab claimed the attack.\\n\\nPolice said five died.'
    """
    html = _XML_DECLARATION.sub("", html.replace("\x00", "").lstrip("\ufeff"))
    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    pieces: list[str] = []
    _collect(root, pieces)
    return _paragraphs("".join(pieces))


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode an HTML page: byte-order mark, else `charset` (from HTTP), else the page's own
    ``<meta charset>`` / ``http-equiv`` declaration, else UTF-8; when the chosen encoding does
    not fit the bytes, Windows-1252 (which the web uses for "ISO-8859-1" anyway). Never raises.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return normalise_newlines(data[len(bom):].decode(encoding, errors="replace"))
    declared = _meta_charset(data)
    for name in (charset, declared, "utf-8"):
        encoding = _codec(name)
        if encoding is None:
            continue
        try:
            return normalise_newlines(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return normalise_newlines(data.decode("cp1252", errors="replace"))


def looks_like_html(text: str) -> bool:
    """Whether `text` starts with "<" and contains HTML tags (a page or a fragment)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    return stripped.startswith("<") and _HTML_TAG.search(stripped[:_SNIFF_BYTES * 4]) is not None


def charset_of(content_type: str | None) -> str | None:
    """The charset named in an HTTP Content-Type header, e.g. "text/html; charset=UTF-8"."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


# --- internals -------------------------------------------------------------------------------

def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(name: str | None) -> str | None:
    """Python's codec for a charset label; latin-1 and ASCII read as Windows-1252, as browsers
    do; None for an unknown label."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _parse(html: str, label: str) -> Any:
    """The page as an lxml tree without its navigation, asides and footers (None if empty)."""
    html = _XML_DECLARATION.sub("", html.replace("\x00", "").lstrip("\ufeff"))
    if not html.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    except lxml.etree.LxmlError as exc:
        raise BadInput(f"{label}: cannot parse the HTML ({exc})") from None
    for element in tree.xpath(_FURNITURE):
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _extract(tree: Any, url: str | None, label: str) -> Any:
    import trafilatura  # imported here: loading it takes a third of a second

    try:
        return trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=False,
            with_metadata=True,
            # Only dates the page states as its own; no guessing from dates in the text.
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # a third-party parser: any failure is this page's problem
        raise BadInput(f"{label}: cannot extract text from the HTML "
                       f"({type(exc).__name__}: {exc})") from None


def _declared_url(tree: Any, base: str | None) -> str | None:
    """The page's own URL: ``<link rel="canonical">``, else ``<meta property="og:url">``,
    made absolute against `base`; None unless it is http(s)."""
    for xpath in ("//link[@href][contains(concat(' ', normalize-space(@rel), ' '), "
                  "' canonical ')]/@href",
                  "//meta[@property='og:url' or @name='og:url'][@content]/@content"):
        for value in tree.xpath(xpath):
            absolute = _http_url(urljoin(base or "", str(value).strip()))
            if absolute:
                return absolute
    return None


def _link_texts(tree: Any) -> list[str]:
    """The texts of the page's links, longest first."""
    texts = {_tidy(" ".join(a.itertext())) for a in tree.iter("a")}
    return sorted((t for t in texts if t), key=len, reverse=True)


def _output_text(body: Any, links: list[str]) -> str:
    """Paragraphs of trafilatura's output tree. Lines that are nothing but the texts of links
    (menus, "read more" lists, which trafilatura's fallback keeps) are left out."""
    if body is None:
        return ""
    paragraphs = []
    for block in body.iter(*_OUTPUT_BLOCKS):
        if any(ancestor.tag in _OUTPUT_BLOCKS for ancestor in block.iterancestors()):
            continue  # a <p> inside a <quote> or <item>: read with its container
        lines = [line for line in _tidy(_block_text(block)).split("\n")
                 if not _only_links(line, links)]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _only_links(line: str, links: list[str]) -> bool:
    rest = line
    for link in links:
        if link in rest:
            rest = rest.replace(link, " ")
    return not any(c.isalnum() for c in rest)


def _block_text(block: Any) -> str:
    pieces: list[str] = []

    def walk(element: Any) -> None:
        if element.tag == "lb":
            pieces.append(_NEWLINE)
        elif element is not block and element.tag in {"p", "item", "head"}:
            pieces.append(_NEWLINE)
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(block)
    return "".join(pieces)


def _collect(element: Any, pieces: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: a comment
    if tag is not None and tag not in _HTML_SKIP:
        block = tag in _HTML_BLOCKS
        if block:
            pieces.append(_BREAK)
        if tag == "br":
            pieces.append(_NEWLINE)
        if element.text:
            pieces.append(element.text)
        for child in element:
            _collect(child, pieces)
        if block:
            pieces.append(_BREAK)
    if element.tail:
        pieces.append(element.tail)


def _paragraphs(collected: str) -> str:
    paragraphs = (_tidy(part) for part in collected.split(_BREAK))
    return "\n\n".join(p for p in paragraphs if p)


def _tidy(text: str) -> str:
    """One space for each run of white space; kept line breaks; no blank ends."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split(_NEWLINE))
    return "\n".join(line for line in lines if line)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _http_url(value: Any) -> str | None:
    if isinstance(value, str) and urlsplit(value.strip()).scheme in {"http", "https"}:
        return value.strip()
    return None
