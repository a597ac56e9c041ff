"""The one way in: command-line arguments -> `Document`s, whatever the input format.

An argument is "-" (standard input), an http(s) URL, a file, a directory (its input files,
recursively and sorted, hidden ones skipped) or a glob pattern. Files are read by suffix:

==========================  ==================================================================
``.txt`` ``.md``            plain text / Markdown with front matter (`read_document`); a
                            ``.txt`` whose lines (blank and "#" lines aside) are all http(s)
                            URLs is a URL list
``.urls``                   a URL list: each URL fetched and read as below
``.html`` ``.htm``          a web page: its article text (`document_from_html`)
``.jsonl`` ``.ndjson``      JSON Lines, one document per line (`iter_jsonl`)
``.csv`` ``.tsv``           one document per row (`iter_csv`)
``.rss`` ``.atom`` ``.xml`` a feed, one document per entry (`iter_feed`)
anything else               sniffed from its content like standard input
==========================  ==================================================================

Standard input and files of other suffixes are sniffed (`sniff_bytes`): a feed if the root
element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``; HTML if it starts with "<" and has HTML tags;
JSON Lines if the first character that is not white space is "{"; a URL list if every line is
a URL; else plain text.

A missing path raises `BadInput` before anything is read. Anything wrong with one input (a
file, a URL, a record of a corpus, an entry of a feed) comes back as a `Skipped` with a
one-line reason that names it, and reading goes on with the next.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from ..errors import BadInput
from ..model import Document
from .html import document_from_html, looks_like_html
from .paths import INPUT_SUFFIXES, expand_path
from .text import _check_not_binary, _decode, _read_bytes, document_from_text, read_document

# records, feeds and web import `Skipped` from here: they are imported where they are needed.
if TYPE_CHECKING:
    from .records import Fields

STDIN_LABEL = "<stdin>"
MAX_BYTES = 10_000_000
KINDS = ("text", "urls", "html", "jsonl", "csv", "feed")
_SUFFIX_KINDS = {
    ".txt": "text", ".md": "text", ".urls": "urls", ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".rss": "feed",
    ".atom": "feed", ".xml": "feed"}
_SNIFF_BYTES = 65536
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass
class Skipped:
    """An input that could not be read, with the reason (reported as a warning)."""

    path: str
    reason: str


def iter_documents(args: list[str], fields: Fields | None = None,
                   stdin: BinaryIO | None = None) -> Iterator[Document | Skipped]:
    """Documents from every argument in turn: "-", URLs, files, directories and globs.

    `fields` names the fields of JSON Lines and CSV records (default: the usual names);
    `stdin` is read for "-" (default: the process's standard input). Every argument is
    checked first: `BadInput` for a missing path, a directory without input files, a pattern
    matching nothing, or a URL of another scheme than http(s). After that nothing raises
    `BadInput`: what cannot be read comes back as `Skipped`.

    >>> for item in iter_documents(["news/", "https://example.org/feed.xml"]):  # doctest: +SKIP
    ...     print(item.id if isinstance(item, Document) else f"skipped: {item.reason}")
    """
    plan = _plan(args)
    return _read_all(plan, fields, stdin)


def is_url(arg: str) -> bool:
    """Whether `arg` is an http or https URL with a host."""
    parts = urlsplit(arg.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def sniff_kind(path: Path | str) -> str:
    """How `path` will be read: one of `KINDS`, from its suffix, else from its content.

    A ``.txt`` file is "urls" when it is a URL list. Raises `BadInput` when the file cannot
    be read.
    """
    path = Path(path)
    kind = _SUFFIX_KINDS.get(path.suffix.lower())
    if kind not in (None, "text"):
        return kind
    if kind == "text" and path.suffix.lower() != ".txt":
        return kind
    head = _read_head(path)
    if kind == "text":
        return "urls" if _is_url_list(head, partial=len(head) >= _SNIFF_BYTES) else "text"
    return sniff_bytes(head)


def sniff_bytes(data: bytes) -> str:
    """The kind of content `data` holds: "feed", "html", "jsonl", "urls" or "text"."""
    from .feeds import looks_like_feed

    start = data[:_SNIFF_BYTES]
    start = start[3:] if start.startswith(b"\xef\xbb\xbf") else start
    start = start.lstrip(b" \t\r\n")
    if start.startswith(b"<"):
        if looks_like_feed(start):
            return "feed"
        if looks_like_html(start.decode("utf-8", errors="replace")):
            return "html"
    if start.startswith(b"{"):
        return "jsonl"
    if _is_url_list(start, partial=len(data) > _SNIFF_BYTES):
        return "urls"
    return "text"


# --- internals -------------------------------------------------------------------------------

def _plan(args: list[str]) -> list[str | Path]:
    """The inputs in order, each once: "-", URLs (str) and files (Path); raises `BadInput`."""
    plan: list[str | Path] = []
    seen: set[str] = set()
    for arg in args:
        if arg == "-" or is_url(arg):
            items: list[str | Path] = [arg]
        elif _SCHEME.match(arg):
            raise BadInput(f"{arg}: not an http or https URL")
        else:
            items = list(expand_path(arg, INPUT_SUFFIXES))
        for item in items:
            key = item if isinstance(item, str) else "file:" + os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                plan.append(item)
    return plan


def _read_all(plan: list[str | Path], fields: Fields | None,
              stdin: BinaryIO | None) -> Iterator[Document | Skipped]:
    for item in plan:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(STDIN_LABEL, _from_stdin, stream, fields)
        elif isinstance(item, str):
            yield from _guarded(item, _from_url, item)
        else:
            yield from _guarded(str(item), _from_file, item, fields)


def _guarded(label: str, produce: Callable[..., Iterable[Document | Skipped]],
             *args: Any) -> Iterator[Document | Skipped]:
    """The items of `produce(*args)`; a `BadInput` on the way becomes a final `Skipped`."""
    try:
        yield from produce(*args)
    except BadInput as exc:
        yield Skipped(label, str(exc))


def _from_stdin(stream: BinaryIO, fields: Fields | None) -> Iterator[Document | Skipped]:
    try:
        data = stream.read()
    except OSError as exc:
        raise BadInput(f"{STDIN_LABEL}: cannot read standard input ({exc})") from None
    if isinstance(data, str):  # a text stream given by mistake
        data = data.encode("utf-8")
    return _from_bytes(data, sniff_bytes(data), STDIN_LABEL, fields)


def _from_url(url: str) -> Iterator[Document | Skipped]:
    from .web import documents_from_url

    return iter(documents_from_url(url))


def _from_file(path: Path, fields: Fields | None) -> Iterator[Document | Skipped]:
    kind = sniff_kind(path)
    label = str(path)
    if kind == "text" and path.suffix.lower() in {".txt", ".md"}:
        return iter([read_document(path)])
    if kind == "jsonl":
        from .records import iter_jsonl

        return iter_jsonl(path, fields)
    if kind == "csv":
        from .records import iter_csv

        return iter_csv(path, fields)
    return _from_bytes(_read_bytes(path, label, MAX_BYTES), kind, label, fields,
                       source=label)


def _from_bytes(data: bytes, kind: str, label: str, fields: Fields | None,
                source: str | None = None) -> Iterator[Document | Skipped]:
    """The documents in `data`, read as `kind`; `source` for plain text without one."""
    if not data.strip():
        raise BadInput(f"{label}: file is empty" if not data
                       else f"{label}: file contains only whitespace")
    if kind == "feed":
        from .feeds import iter_feed

        _check_not_binary(data, label)
        return iter_feed(data, label)
    if kind == "jsonl":
        from .records import iter_jsonl_lines

        return iter_jsonl_lines(io.BytesIO(data), label, fields)
    _check_not_binary(data, label)
    if kind == "html":
        return iter([document_from_html(data, label)])
    text = _decode(data, label)
    if kind == "urls":
        return _from_url_list(text, label)
    document = document_from_text(text)
    if document.source is None:
        document = dataclasses.replace(document, source=source or label)
    return iter([document])


def _from_url_list(text: str, label: str) -> Iterator[Document | Skipped]:
    """The documents of each URL of a list, in order; a URL that fails is `Skipped`."""
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#") or line in seen:
            continue
        seen.add(line)
        if not is_url(line):
            where = f"{label}:{number}"
            yield Skipped(where, f"{where}: not an http or https URL: {line[:80]}")
            continue
        yield from _guarded(line, _from_url, line)


def _is_url_list(data: bytes, partial: bool = False) -> bool:
    """Whether the lines of `data` that are not blank or "#" comments are all http(s) URLs
    (at least one). With `partial`, `data` is the start of a file and its last line may be
    cut short."""
    try:
        text = data.decode("utf-8-sig", errors="strict" if not partial else "ignore")
    except UnicodeDecodeError:
        return False
    lines = text.splitlines()
    if partial and lines:
        lines = lines[:-1] or lines
    wanted = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    return bool(wanted) and all(is_url(line) and " " not in line for line in wanted)


def _read_head(path: Path) -> bytes:
    label = str(path)
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except IsADirectoryError:
        raise BadInput(f"{label}: is a directory, not a file") from None
    except FileNotFoundError:
        raise BadInput(f"{label}: no such file") from None
    except PermissionError:
        raise BadInput(f"{label}: cannot read file (permission denied)") from None
    except OSError as exc:
        raise BadInput(f"{label}: cannot read file ({exc.strerror or exc})") from None
