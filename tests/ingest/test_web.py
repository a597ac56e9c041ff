"""Fetching URLs from a local HTTP server: pages, feeds, errors, limits, URL lists."""

from __future__ import annotations

import gzip
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from allegiance import __version__
from allegiance.errors import BadInput
from allegiance.ingest import Skipped, iter_documents
from allegiance.ingest.web import documents_from_url, fetch

PAGE = """<!DOCTYPE html><html><head><title>ELN bombs pipeline | Andes Monitor</title>
<meta property="og:title" content="ELN bombs pipeline in Arauca">
<meta property="og:site_name" content="Andes Monitor">
<meta property="article:published_time" content="2023-01-15T08:00:00-05:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><p>The National Liberation Army (ELN) bombed the Cano Limon-Covenas oil pipeline in
Arauca department on Sunday, the Colombian army said.</p>
<p>The guerrilla group has resumed peace talks with the government in Caracas.</p></article>
<footer>Copyright Andes Monitor</footer></body></html>"""
LATIN = ("<html><head><meta charset='iso-8859-1'><title>Tombouctou</title></head><body><p>Les "
         "combattants du JNIM ont attaqué l'aéroport de Tombouctou, selon l'armée.</p>"
         "</body></html>").encode("latin-1")
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Horn Observer</title>
<item><title>Hotel siege</title><link>https://horn.example/1</link><guid>horn-1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Al-Shabaab gunmen stormed a hotel in Mogadishu.</description></item>
<item><title>Base attack</title><guid>horn-2</guid>
<description>Al-Shabaab attacked an ATMIS base in Hiraan.</description></item>
</channel></rss>"""

ROUTES = {
    "/eln.html": (200, "text/html; charset=utf-8", PAGE.encode("utf-8")),
    "/mali": (200, "text/html", LATIN),
    "/feed": (200, "application/rss+xml", FEED),
    "/feed-as-xml": (200, "text/xml; charset=utf-8", FEED),
    "/feed-untyped": (200, "application/octet-stream", FEED),
    "/note.xml": (200, "application/xml", b"<note><to>nobody</to></note>"),
    "/plain": (200, "text/plain; charset=utf-8",
               "Boko Haram fighters attacked Gwoza, officials said.\n".encode()),
    "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    "/menu": (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/user-agent":
            self._send(200, "text/plain", self.headers.get("User-Agent", "").encode())
        elif self.path == "/gzip":
            self._send(200, "text/html", gzip.compress(PAGE.encode()), {"Content-Encoding": "gzip"})
        elif self.path == "/redirect":
            self._send(302, "text/html", b"", {"Location": "/eln.html"})
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, "text/html", PAGE.encode())
        elif self.path in ROUTES:
            self._send(*ROUTES[self.path])
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send(self, status, content_type, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_returns_body_and_content_type(server):
    body, content_type = fetch(server + "/eln.html")
    assert body == PAGE.encode() and content_type == "text/html; charset=utf-8"


def test_user_agent_names_the_project(server):
    body, _ = fetch(server + "/user-agent")
    assert body.decode().startswith(f"allegiance/{__version__}")


def test_gzip_body_and_redirect(server):
    assert fetch(server + "/gzip")[0] == PAGE.encode()
    (doc,) = documents_from_url(server + "/redirect")
    assert doc.title == "ELN bombs pipeline in Arauca"


def test_html_page_becomes_one_document_with_its_url(server):
    (doc,) = documents_from_url(server + "/eln.html")
    assert doc.url == server + "/eln.html"
    assert doc.text == ("The National Liberation Army (ELN) bombed the Cano Limon-Covenas oil "
                        "pipeline in Arauca department on Sunday, the Colombian army said.\n\n"
                        "The guerrilla group has resumed peace talks with the government in "
                        "Caracas.")
    assert (doc.published, doc.source) == ("2023-01-15", "Andes Monitor")


def test_latin1_page_decoded_from_its_meta_charset(server):
    (doc,) = documents_from_url(server + "/mali")
    assert "attaqué l'aéroport de Tombouctou" in doc.text
    assert doc.source.startswith("127.0.0.1")  # no site name: the host


@pytest.mark.parametrize("path", ["/feed", "/feed-as-xml", "/feed-untyped"])
def test_feed_gives_its_entries(server, path):
    docs = documents_from_url(server + path)
    assert [d.id for d in docs] == ["horn-1", "horn-2"]
    assert docs[0].published == "2024-03-05" and docs[0].source == "Horn Observer"
    assert docs[1].text == "Al-Shabaab attacked an ATMIS base in Hiraan."


def test_plain_text(server):
    (doc,) = documents_from_url(server + "/plain")
    assert doc.text == "Boko Haram fighters attacked Gwoza, officials said.\n"
    assert doc.url == server + "/plain"


@pytest.mark.parametrize("path, message", [
    ("/missing", r"HTTP 404 Not Found"),
    ("/logo.png", r"unsupported content type image/png"),
    ("/menu", r"no article text found in the HTML"),
    ("/note.xml", r"not an RSS or Atom feed"),
])
def test_unusable_responses(server, path, message):
    with pytest.raises(BadInput, match=rf"^{server}{path}: {message}$"):
        documents_from_url(server + path)


def test_size_limit(server):
    with pytest.raises(BadInput, match=r"/big: response is 5,007 bytes, over the 1,000 byte "):
        fetch(server + "/big", max_bytes=1000)


def test_timeout(server):
    with pytest.raises(BadInput, match=r"/slow: no response within 0.3 s$"):
        fetch(server + "/slow", timeout=0.3)


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/a.txt", "not an http or https URL"),
    ("file:///etc/hostname", "not an http or https URL"),
    ("http:///no-host", "the URL names no host"),
])
def test_bad_urls(url, message):
    with pytest.raises(BadInput, match=f"^{url}: {message}$"):
        fetch(url)


def test_connection_refused():
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(BadInput, match=rf"^http://127.0.0.1:{port}/: connection refused$"):
        fetch(f"http://127.0.0.1:{port}/")


def test_unknown_host(monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(BadInput, match=r"^http://no-such-host.invalid/: host not found"):
        fetch("http://no-such-host.invalid/")


def test_url_list_file_mixing_good_and_bad_urls(tmp_path, server):
    urls = tmp_path / "reading-list.txt"
    urls.write_text(f"# Sahel and Horn of Africa\n{server}/eln.html\n\n{server}/missing\n"
                    f"{server}/feed\n{server}/menu\n", encoding="utf-8")
    items = list(iter_documents([str(urls)]))
    assert [type(i).__name__ for i in items] == [
        "Document", "Skipped", "Document", "Document", "Skipped"]
    assert items[1] == Skipped(f"{server}/missing", f"{server}/missing: HTTP 404 Not Found")
    assert items[4].path == f"{server}/menu"
    assert [items[2].id, items[3].id] == ["horn-1", "horn-2"]


def test_urls_file_with_a_line_that_is_not_a_url(tmp_path, server):
    urls = tmp_path / "list.urls"
    urls.write_text(f"{server}/plain\nnot a url\n", encoding="utf-8")
    doc, skipped = iter_documents([str(urls)])
    assert doc.url == f"{server}/plain"
    assert skipped == Skipped(f"{urls}:2", f"{urls}:2: not an http or https URL: not a url")


def test_url_arguments_and_failures_do_not_stop_the_run(server):
    items = list(iter_documents([server + "/missing", server + "/eln.html"]))
    assert isinstance(items[0], Skipped) and items[1].url == server + "/eln.html"


def test_url_list_on_stdin(server):
    stdin = io.BytesIO(f"{server}/plain\n# a comment\n{server}/missing\n".encode())
    doc, skipped = iter_documents(["-"], stdin=stdin)
    assert doc.text.startswith("Boko Haram fighters attacked Gwoza")
    assert skipped.path == f"{server}/missing"


def test_malformed_http_reply():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def reply_garbage():
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        connection.close()

    thread = threading.Thread(target=reply_garbage, daemon=True)
    thread.start()
    try:
        with pytest.raises(BadInput, match=rf"^http://127.0.0.1:{port}/x: malformed HTTP "):
            fetch(f"http://127.0.0.1:{port}/x", timeout=5)
    finally:
        thread.join(5)
        listener.close()
