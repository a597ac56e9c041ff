"""Corpus files with one document per record: JSON Lines and CSV / TSV.

Which field holds what is found by name: the first of a list of usual names that a record
(JSON) or the header (CSV) has, compared without regard to case, unless `Fields` names the
field outright. A record that cannot be used (malformed JSON, not an object, no text) comes
back as a `Skipped` labelled with its line, e.g. "corpus.jsonl:17", and reading goes on.

A record's id, when it has one, is the document's id; otherwise the id is the hash of the text
(`document_id`). Dates become ISO dates (`iso_date`), or None when unreadable. A text that is
HTML (it starts with "<" and has tags) is read for its article text like a web page.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields as dataclass_fields
from pathlib import Path
from typing import IO, Any

from ..errors import BadInput
from ..model import Document
from .dates import iso_date
from .html import document_from_html, html_to_text, looks_like_html
from .sources import Skipped
from .text import document_id, normalise_newlines

CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "doctext", "article"),
    "title": ("title", "headline"),
    "published": ("published", "date", "pubdate", "published_at", "datetime"),
    "url": ("url", "link"),
    "id": ("id", "docid", "doc_id", "guid"),
    "source": ("source", "publisher", "site"),
    "language": ("language", "lang"),
}
_SNIFF_BYTES = 1_000_000
_MAX_FIELD_CHARS = 100_000_000  # csv's default limit (131,072 characters) cuts long articles
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Fields:
    """Names of the fields (JSON keys, CSV columns) that hold each part of a document.

    A name given here is the only one looked for; a part left None is looked for under its
    usual names (`CANDIDATES`), first match wins, compared without regard to case.

    >>> Fields(text="body_text").names("text"), Fields().names("title")
    (('body_text',), ('title', 'headline'))
    """

    text: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    id: str | None = None
    source: str | None = None
    language: str | None = None

    def names(self, part: str) -> tuple[str, ...]:
        """The field names looked for, in order, for `part` ("text", "title", ...)."""
        given = getattr(self, part)
        return (given,) if given else CANDIDATES[part]

    def resolve(self, keys: Iterable[str]) -> dict[str, str]:
        """Which of `keys` holds each part: {"text": "Body", ...}; parts not found are absent.

        An exact name beats one that differs only in case.
        """
        keys = list(keys)
        lowered: dict[str, str] = {}
        for key in keys:
            lowered.setdefault(key.strip().lower(), key)
        found: dict[str, str] = {}
        for part in CANDIDATES:
            for name in self.names(part):
                key = name if name in keys else lowered.get(name.strip().lower())
                if key is not None:
                    found[part] = key
                    break
        return found


def iter_jsonl(path: Path | str, fields: Fields | None = None) -> Iterator[Document | Skipped]:
    """One `Document` (or `Skipped`) per non-blank line of a JSON Lines file.

    Raises `BadInput` when the file cannot be opened.
    """
    label = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise BadInput(f"{label}: cannot read file ({exc.strerror or exc})") from None
    with handle:
        yield from iter_jsonl_lines(handle, label, fields)


def iter_jsonl_lines(lines: Iterable[bytes], label: str,
                     fields: Fields | None = None) -> Iterator[Document | Skipped]:
    """`iter_jsonl` over lines already at hand (standard input, a download)."""
    fields = fields or Fields()
    for number, raw in enumerate(lines, 1):
        where = f"{label}:{number}"
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Skipped(where, f"{where}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, f"{where}: malformed JSON (nested too deeply)")
            continue
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            yield Skipped(where, f"{where}: malformed JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, f"{where}: not a JSON object but {_json_type(record)}")
            continue
        yield _from_record(record, fields.resolve(record), where, label, fields)


def iter_csv(path: Path | str, fields: Fields | None = None) -> Iterator[Document | Skipped]:
    """One `Document` (or `Skipped`) per row of a CSV or TSV file with a header row.

    The delimiter (comma, semicolon or tab) is read off the header line; quoted cells may
    span lines. The file is UTF-8 (a byte-order mark is fine), or Windows-1252 when its start
    is not UTF-8. Raises `BadInput` for a file that cannot be read, has no header, or has no
    column for the text (the message lists the columns found).
    """
    label = str(path)
    try:
        with open(path, "rb") as probe:
            head = probe.read(_SNIFF_BYTES)
        handle = open(path, encoding=_csv_encoding(head), errors="replace", newline="")
    except OSError as exc:
        raise BadInput(f"{label}: cannot read file ({exc.strerror or exc})") from None
    with handle:
        yield from iter_csv_stream(handle, label, fields,
                                   tabs=Path(path).suffix.lower() == ".tsv")


def iter_csv_stream(stream: IO[str], label: str, fields: Fields | None = None, *,
                    tabs: bool = False) -> Iterator[Document | Skipped]:
    """`iter_csv` over an open text stream (opened with ``newline=""``)."""
    fields = fields or Fields()
    start = stream.read(_SNIFF_BYTES)
    if not start.strip():
        raise BadInput(f"{label}: file is empty")
    delimiter = _delimiter(start, tabs)
    rest = io.StringIO(start)
    reader = csv.reader(_chain(rest, stream), delimiter=delimiter)
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD_CHARS))
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise BadInput(f"{label}: cannot read the header row ({exc})") from None
    header = [name.lstrip("\ufeff").strip() for name in header]
    columns = fields.resolve(header)
    _check_columns(columns, header, fields, label)
    index = {part: header.index(name) for part, name in columns.items()}
    while True:
        line = reader.line_num + 1
        where = f"{label}:{line}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skipped(where, f"{where}: malformed CSV row ({exc})")
            continue
        if not any(cell.strip() for cell in row):
            continue
        record = {columns[part]: row[i] for part, i in index.items() if i < len(row)}
        yield _from_record(record, columns, where, label, fields)


# --- internals -------------------------------------------------------------------------------

def _from_record(record: dict[str, Any], keys: dict[str, str], where: str, label: str,
                 fields: Fields) -> Document | Skipped:
    """The document of one record, whose parts sit under `keys` ({"text": "body", ...})."""
    values = {part: record.get(key) for part, key in keys.items()}
    text = _text_value(values.get("text"))
    if text is None:
        if "text" in keys:
            return Skipped(where, f"{where}: no text (the field '{keys['text']}' is empty "
                                  "or not text)")
        wanted = ", ".join(fields.names("text"))
        found = ", ".join(str(k) for k in record) or "none"
        return Skipped(where, f"{where}: no text field (looked for {wanted}; found: {found})")
    meta = {part: _scalar(values.get(part)) for part in
            ("title", "url", "id", "source", "language")}
    published = iso_date(_scalar(values.get("published")))
    if looks_like_html(text):
        try:
            page = document_from_html(text, where, url=meta["url"])
        except BadInput:
            page = None
        text = page.text if page is not None else html_to_text(text)
        if not text:
            return Skipped(where, f"{where}: no text found in the HTML of the text field")
        if page is not None:
            meta["title"] = meta["title"] or page.title
            meta["url"] = meta["url"] or page.url
            published = published or page.published
    return Document(
        id=meta["id"] or document_id(text),
        text=text,
        title=meta["title"],
        url=meta["url"],
        source=meta["source"] or label,
        published=published,
        language=meta["language"] or "en",
    )


def _text_value(value: Any) -> str | None:
    """A text field as text: a string, or a list of strings (paragraphs); None if blank."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n\n".join(v.strip() for v in value if v.strip())
    if not isinstance(value, str):
        return None
    value = normalise_newlines(value.replace("\x00", "")).strip()
    return value or None


def _scalar(value: Any) -> str | None:
    """A metadata value as a one-line string: numbers written plainly, other types ignored."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, (str, int, float)):
        return None
    return " ".join(str(value).split()) or None


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", int: "a number", float: "a number",
             bool: "a boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _csv_encoding(head: bytes) -> str:
    """"utf-8-sig" when the start of the file is UTF-8 (a character cut at the end of the
    sample is fine), else "cp1252"."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return "cp1252"
    return "utf-8-sig"


def _delimiter(start: str, tabs: bool) -> str:
    """The delimiter the header line uses most (outside quotes); tab for a .tsv, else comma,
    when it uses none."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in start.lstrip("\ufeff"):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        return "\t" if tabs else ","
    return best


def _chain(first: IO[str], rest: IO[str]) -> Iterator[str]:
    """The lines of `first`, then those of `rest`, joining the line cut between them."""
    carry = ""
    for line in first:
        if line.endswith(("\n", "\r")):
            yield carry + line
            carry = ""
        else:
            carry += line
    for line in rest:
        yield carry + line
        carry = ""
    if carry:
        yield carry


def _check_columns(columns: dict[str, str], header: list[str], fields: Fields,
                   label: str) -> None:
    found = ", ".join(name or "(blank)" for name in header) or "none"
    if "text" not in columns:
        wanted = " or ".join(repr(name) for name in fields.names("text"))
        raise BadInput(f"{label}: no text column (looked for {wanted}; found columns: {found})")
    for part in (f.name for f in dataclass_fields(fields)):
        name = getattr(fields, part)
        if name and part not in columns:
            raise BadInput(f"{label}: no column '{name}' for the {part} "
                           f"(found columns: {found})")
