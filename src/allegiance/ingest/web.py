"""Documents from the web: fetch a URL with the standard library and read what comes back.

A feed (an RSS or Atom content type, or a body that starts with ``<rss``, ``<feed`` or
``<rdf:RDF``) gives one document per entry; plain text one document; anything else is read as
an HTML page. Every failure (bad scheme, unknown host, refused connection, timeout, HTTP
error status, a body over the size limit, a type that is not text) is a `BadInput` whose
one-line message starts with the URL.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
import zlib
from urllib.parse import urlsplit

from .. import __version__
from ..errors import BadInput
from ..model import Document
from .feeds import iter_feed, looks_like_feed
from .html import charset_of, decode_html, document_from_html
from .sources import Skipped
from .text import document_from_text

USER_AGENT = f"allegiance/{__version__} (news knowledge-graph extractor; Python urllib)"
DEFAULT_TIMEOUT = 20
DEFAULT_MAX_BYTES = 10_000_000
_ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
           "application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")
_FEED_TYPES = ("rss", "atom", "rdf")


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """GET `url`: (body, content type as sent, "" when none). Redirects are followed.

    Raises `BadInput` ("<url>: ...", one line) for anything but a body of at most
    `max_bytes` bytes from a successful HTTP or HTTPS request.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise BadInput(f"{url}: not an http or https URL")
    if not parts.hostname:
        raise BadInput(f"{url}: the URL names no host")
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise BadInput(f"{url}: response is {int(length):,} bytes, over the "
                               f"{max_bytes:,} byte limit")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise BadInput(f"{url}: response is over the {max_bytes:,} byte limit")
            content_type = response.headers.get("Content-Type", "")
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise BadInput(f"{url}: HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        raise BadInput(f"{url}: {_reason(exc.reason, timeout)}") from None
    except (TimeoutError, socket.timeout):
        raise BadInput(f"{url}: no response within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a reset, a bad reply
        raise BadInput(f"{url}: {_reason(exc, timeout)}") from None
    return _decompress(body, encoding, url, max_bytes), content_type


def documents_from_url(url: str, timeout: float = DEFAULT_TIMEOUT,
                       max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document | Skipped]:
    """The documents at `url`: a feed's entries, or the one article of a page or text file.

    Raises `BadInput` when the URL cannot be fetched or holds neither (an image, a PDF, a
    page without article text, an XML file that is not a feed).
    """
    body, content_type = fetch(url, timeout, max_bytes)
    mime = content_type.split(";")[0].strip().lower()
    if looks_like_feed(body) or (any(k in mime for k in _FEED_TYPES) and "html" not in mime):
        return list(iter_feed(body, url))
    if mime in {"application/xml", "text/xml"}:
        return list(iter_feed(body, url))
    if mime == "text/plain":
        text = decode_html(body, charset_of(content_type))
        return [document_from_text(text, url=url, source=urlsplit(url).hostname or url)]
    if mime and not (mime.startswith("text/") or "html" in mime or "xml" in mime):
        raise BadInput(f"{url}: unsupported content type {mime}")
    return [document_from_html(body, url, url=url, charset=charset_of(content_type))]


def _reason(reason: object, timeout: float) -> str:
    """A short phrase for a connection failure."""
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no response within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "host not found (DNS lookup failed)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[0].lower() + reason.strerror[1:]
    if isinstance(reason, http.client.HTTPException):
        return f"malformed HTTP response ({type(reason).__name__}: {reason})"
    return " ".join(str(reason).split()) or type(reason).__name__


def _decompress(body: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    """The body without its Content-Encoding (gzip or deflate), at most `max_bytes` long."""
    if encoding in {"", "identity"}:
        return body
    formats = {"gzip": [16 + zlib.MAX_WBITS], "x-gzip": [16 + zlib.MAX_WBITS],
               # deflate: zlib-wrapped as the standard says, or raw as some servers send it
               "deflate": [zlib.MAX_WBITS, -zlib.MAX_WBITS]}
    if encoding not in formats:
        raise BadInput(f"{url}: unsupported content encoding {encoding}")
    for wbits in formats[encoding]:
        try:
            out = zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise BadInput(f"{url}: response is over the {max_bytes:,} byte limit once "
                           "decompressed")
        return out
    raise BadInput(f"{url}: response body is not valid {encoding} data")
