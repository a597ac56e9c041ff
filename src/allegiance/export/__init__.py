"""Write a knowledge graph in the formats analysts' tools read.

Every exporter takes one plain-data graph, the dict the query layer produces after applying the
analysts' decisions (format ``allegiance-graph/1``)::

    {"format": "allegiance-graph/1",
     "entities":  [{"id", "type", "name", "aliases", "external_ids", "attributes",
                    "mention_count", "document_count"}],
     "relations": [{"id", "subject", "predicate", "object", "polarity", "modality", "confidence",
                    "attributes", "status", "evidence_count", "documents", "sources",
                    "first_seen", "last_seen",
                    "evidence": [{"document_id", "sentence", "start", "end", "published"}]}],
     "events":    [{"id", "document_id", "type", "mode", "cameo", "acled_event_type",
                    "acled_sub_event_type", "actors", "targets", "place", "time", "casualties",
                    "evidence"}],
     "claims":    [{"id", "document_id", "speaker", "kind", "content", "evidence"}],
     "documents": [{"id", "title", "url", "source", "published", "reliability"}]}

Any field may be missing or None; ids that relations, events or claims name without describing
become stub nodes. Every export carries the evidence (sentences, document ids, urls, titles,
dates), and every export is deterministic: the same graph gives byte-identical files (everything
sorted by id, ids derived from ours, no clock: the one timestamp formats need is ``created``,
by default the latest publication date in the graph, else 1970-01-01).

``export_graph(graph, fmt, out)`` is the one entry point; ``out`` is the file to write (or a
folder, where a default file name is used), except for ``neo4j`` where it is the folder that
receives the import files (created when its parent exists).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..errors import BadInput

FORMATS = ("graphml", "gexf", "neo4j", "stix", "ftm", "csv", "json")

#: file names used when ``out`` is an existing folder
DEFAULT_NAMES = {
    "graphml": "allegiance.graphml",
    "gexf": "allegiance.gexf",
    "stix": "allegiance.stix.json",
    "ftm": "allegiance.ftm.json",
    "csv": "allegiance.csv",
    "json": "allegiance.json",
}

__all__ = ["FORMATS", "DEFAULT_NAMES", "export_graph"]


def _target(fmt: str, out: Path) -> Path:
    """The file (or, for neo4j, the folder) to write; BadInput when its folder is missing."""
    if fmt == "neo4j":
        if out.exists() and not out.is_dir():
            raise BadInput(f"the neo4j export writes a folder of files, and {out} is a file")
        if not out.exists():
            if not out.parent.is_dir():
                raise BadInput(f"the output folder {out.parent} does not exist")
            try:
                out.mkdir()
            except OSError as err:
                raise BadInput(f"cannot create the output folder {out}: {err.strerror or err}") from None
        return out
    if out.is_dir():
        return out / DEFAULT_NAMES[fmt]
    if not out.parent.is_dir():
        raise BadInput(f"the output folder {out.parent} does not exist")
    return out


def export_graph(graph: dict, fmt: str, out: Path | str, *,
                 created: datetime | date | None = None) -> list[Path]:
    """Write ``graph`` (an ``allegiance-graph/1`` dict) as ``fmt`` to ``out``; return the files written.

    ``created`` stamps the formats that need a time (STIX ``created``/``modified``, GEXF's
    ``lastmodifieddate``); without it the latest publication date in the graph is used.
    Raises BadInput for an unknown format, a missing output folder, a graph that is not an
    ``allegiance-graph`` dict, or a missing optional package (stix2, followthemoney).
    """
    name = (fmt or "").strip().lower() if isinstance(fmt, str) else ""
    if name not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not isinstance(graph, dict):
        raise BadInput("the graph to export must be an allegiance-graph/1 dict")
    declared = graph.get("format")
    if declared is not None and not str(declared).startswith("allegiance-graph/"):
        raise BadInput(f"cannot export a {declared!r} document: expected allegiance-graph/1")
    if created is not None and not isinstance(created, (date, datetime)):
        raise BadInput("created must be a date or datetime")
    target = _target(name, Path(out).expanduser())

    if name in ("graphml", "gexf"):
        from . import networks
        writer = networks.write_graphml if name == "graphml" else networks.write_gexf
    elif name == "neo4j":
        from . import neo4j
        writer = neo4j.write_neo4j
    elif name == "stix":
        from . import stix
        writer = stix.write_stix
    elif name == "ftm":
        from . import ftm
        writer = ftm.write_ftm
    elif name == "csv":
        from . import tables
        writer = tables.write_csv
    else:
        from . import tables
        writer = tables.write_json
    try:
        return writer(graph, target, created=created)
    except OSError as err:
        where = err.filename or target
        raise BadInput(f"cannot write {where}: {err.strerror or err}") from None
