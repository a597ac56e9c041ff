"""Plain-text and Markdown readers: bytes on disk -> a checked, normalised `Document`.

Every problem with an input file becomes a `BadInput` whose message is one line naming the
file, so the CLI can print it and go on (or stop) without a traceback.

The text is kept exactly as written apart from newline normalisation (``\\r\\n`` and lone
``\\r`` become ``\\n``) and the removal of YAML front matter, so that character offsets of
mentions and evidence index straight into ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import BadInput
from ..model import Document

DEFAULT_MAX_BYTES = 10_000_000
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.10
# C0 controls that do not occur in ordinary text (tab, LF, FF, CR are fine), plus DEL.
_CONTROL = frozenset(set(range(32)) - {9, 10, 12, 13}) | {127}
_FM_OPEN = re.compile(r"\A---[ \t]*\n")
_FM_CLOSE = re.compile(r"^---[ \t]*$\n?", re.M)
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_FM_KEYS = ("title", "published", "url", "source", "id", "language")


def read_document(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a UTF-8 plain-text or Markdown file into a `Document`.

    `source` defaults to the path as given; front matter (`title`, `published`, `url`,
    `source`, `id`, `language`) sets the metadata. Raises `BadInput` for a missing file, a
    directory, an empty file, binary content, invalid UTF-8 or a file over `max_bytes`.

    >>> doc = read_document(Path("eval/news/01.txt"))   # doctest: +SKIP
    >>> doc.title, doc.published, doc.text[:9]           # doctest: +SKIP
    ("Kurds' advance in Syria divides U.S. and Turkey as Russia bombs", '2016-02-17', 'ISTANBUL ')
    """
    path = Path(path)
    label = str(path)
    data = _read_bytes(path, label, max_bytes)
    if not data.strip():
        raise BadInput(f"{label}: file is empty" if not data
                       else f"{label}: file contains only whitespace")
    _check_not_binary(data, label)
    text = _decode(data, label)
    return _build(text, label, defaults={"source": label}, overrides={})


def document_from_text(text: str, *, title: str | None = None, published: str | None = None,
                       url: str | None = None, source: str | None = None,
                       id: str | None = None) -> Document:
    """Build a `Document` from in-memory text, parsing front matter like `read_document`.

    Keyword arguments that are not None take precedence over the front matter.

    >>> doc = document_from_text("---\\npublished: 2016-02-17\\n---\\n\\nAl-Shabaab attacked.")
    >>> doc.published, doc.text
    ('2016-02-17', 'Al-Shabaab attacked.')
    """
    label = source or "text"
    if "\x00" in text:
        raise BadInput(f"{label}: text contains NUL characters (binary data?)")
    overrides = {"title": title, "published": published, "url": url, "source": source, "id": id}
    return _build(text, label, defaults={}, overrides=overrides)


def document_id(text: str) -> str:
    """Stable id of a text: "doc-" + 16 hex digits of SHA-256 of its whitespace-normalised form."""
    normalised = " ".join(text.split())
    return "doc-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def normalise_newlines(text: str) -> str:
    """Turn Windows (CRLF) and old Mac (CR) line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, label: str = "text") -> tuple[dict[str, Any], str]:
    """Split YAML front matter off `text` (newlines already normalised).

    Returns (metadata mapping, body); the body has its leading blank lines removed. A text
    without a first line `---` has no front matter and is returned unchanged.
    """
    opening = _FM_OPEN.match(text)
    if not opening:
        return {}, text
    closing = _FM_CLOSE.search(text, opening.end())
    if closing is None:
        raise BadInput(f"{label}: front matter opened by '---' on line 1 is never closed "
                       "by a '---' line")
    raw = text[opening.end():closing.start()]
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise BadInput(f"{label}: malformed YAML front matter ({_yaml_problem(exc)})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BadInput(f"{label}: front matter must be a mapping of keys to values, "
                       f"not {type(meta).__name__}")
    body = _LEADING_BLANK_LINES.sub("", text[closing.end():])
    return meta, body


# --- internals -------------------------------------------------------------------------------

def _read_bytes(path: Path, label: str, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise BadInput(f"{label}: is a directory, not a file")
        if not path.exists():
            raise BadInput(f"{label}: no such file")
        if not path.is_file():
            raise BadInput(f"{label}: not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise BadInput(f"{label}: file is {_size(size, '.1f')}, "
                           f"over the {_size(max_bytes, 'g')} limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise BadInput(f"{label}: cannot read file (permission denied)") from None
    except OSError as exc:
        raise BadInput(f"{label}: cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise BadInput(f"{label}: file is over the {_size(max_bytes, 'g')} limit")
    return data


def _size(n: int, spec: str) -> str:
    """A byte count in MB (or KB below one MB), e.g. '20.0 MB', '10 MB', '1 KB'."""
    return f"{n / 1e6:{spec}} MB" if n >= 1_000_000 else f"{n / 1e3:{spec}} KB"


def _check_not_binary(data: bytes, label: str) -> None:
    sample = data[:_SNIFF_BYTES]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(f"{label}: file is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in sample:
        raise BadInput(f"{label}: looks like a binary file, not text (contains NUL bytes)")
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise BadInput(f"{label}: looks like a binary file, not text "
                       f"({100 * controls / len(sample):.0f}% control characters)")


def _decode(data: bytes, label: str) -> str:
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + bom
        raise BadInput(f"{label}: not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})"
                       ) from None
    return normalise_newlines(text)


def _build(text: str, label: str, *, defaults: dict[str, Any],
           overrides: dict[str, Any]) -> Document:
    text = normalise_newlines(text)
    if not text.strip():
        raise BadInput(f"{label}: document is empty")
    meta, body = split_front_matter(text, label)
    if not body.strip():
        raise BadInput(f"{label}: document has front matter but no text")
    fields: dict[str, Any] = dict(defaults)
    for key in _FM_KEYS:
        if key in meta and meta[key] is not None:
            fields[key] = _meta_value(meta[key], key, label)
    fields.update({k: v for k, v in overrides.items() if v is not None})
    if "published" in fields:
        fields["published"] = _meta_value(fields["published"], "published", label)
    return Document(
        id=str(fields.get("id") or document_id(body)),
        text=body,
        title=fields.get("title"),
        url=fields.get("url"),
        source=fields.get("source"),
        published=fields.get("published"),
        language=fields.get("language") or "en",
    )


def _meta_value(value: Any, key: str, label: str) -> str | None:
    if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadInput(f"{label}: front matter key '{key}' must be a single value, "
                       f"not {type(value).__name__}")
    value = str(value).strip()
    return value or None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or type(exc).__name__
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        # +2: the opening '---' is line 1 of the file and YAML marks count from 0.
        return f"{problem} on line {mark.line + 2}"
    return str(problem)
