"""Reading gold annotations (`*.gold.json`, format `allegiance-gold/1`, DESIGN §4).

`load_gold(path)` turns one file into a `Gold`; `parse_gold(data, source)` does the same for
an already decoded dict (tests use it). Every schema problem raises `InvalidData` naming the
file and the reason; an unreadable file raises `BadInput`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allegiance.errors import BadInput, InvalidData

GOLD_FORMAT = "allegiance-gold/1"
GOLD_SUFFIX = ".gold.json"


@dataclass(frozen=True)
class GoldEntity:
    id: str
    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The name followed by the aliases, as written."""
        return (self.name, *self.aliases)


@dataclass
class GoldRelation:
    """A gold relation; `subjects`/`objects` hold every accepted gold id (a list in the file)."""

    subjects: tuple[str, ...]
    predicate: str
    objects: tuple[str, ...]
    polarity: str = "positive"
    modality: str | None = None
    evidence: str | list[str] | None = None  # a list where the gold cites several passages
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class GoldEvent:
    """A gold event; `types` holds every accepted type; empty actors/targets mean "any"."""

    id: str | None
    types: tuple[str, ...]
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    place: str | None = None
    optional: bool = False
    evidence: str | None = None


@dataclass
class Gold:
    """One annotated document. `path` is None when parsed from a dict."""

    document: dict[str, Any]
    entities: list[GoldEntity]
    relations: list[GoldRelation]
    optional_relations: list[GoldRelation] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None

    @property
    def doc_id(self) -> str:
        if self.document.get("id"):
            return str(self.document["id"])
        if self.path is not None:
            return self.path.name.removesuffix(GOLD_SUFFIX)
        return "document"

    def entity(self, entity_id: str) -> GoldEntity:
        return next(e for e in self.entities if e.id == entity_id)


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold file; raise InvalidData (with the path) if it is malformed."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read gold file ({exc})") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidData(f"{path}: line {exc.lineno}: malformed JSON ({exc.msg})") from exc
    gold = parse_gold(data, str(path))
    gold.path = path
    return gold


def parse_gold(data: Any, source: str = "<gold>") -> Gold:
    """Validate a decoded gold object and build a `Gold`; `source` names it in errors."""
    def fail(reason: str) -> InvalidData:
        return InvalidData(f"{source}: {reason}")

    if not isinstance(data, dict):
        raise fail("top level must be a JSON object")
    if data.get("format", GOLD_FORMAT) != GOLD_FORMAT:
        raise fail(f"format is {data.get('format')!r}, expected {GOLD_FORMAT!r}")
    for key in ("document", "entities", "relations"):
        if key not in data:
            raise fail(f"missing key {key!r}")
    if not isinstance(data["document"], dict):
        raise fail("'document' must be an object")
    for key in ("entities", "relations", "optional_relations", "events", "claims"):
        if not isinstance(data.get(key, []), list):
            raise fail(f"{key!r} must be a list")

    entities = [_entity(e, i, fail) for i, e in enumerate(data["entities"])]
    ids = [e.id for e in entities]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise fail(f"duplicate entity id(s): {', '.join(duplicates)}")
    known = set(ids)

    def check(refs: tuple[str, ...], where: str) -> None:
        unknown = [r for r in refs if r not in known]
        if unknown:
            raise fail(f"{where} refers to unknown entity {unknown[0]!r}")

    relations: dict[str, list[GoldRelation]] = {}
    for key in ("relations", "optional_relations"):
        relations[key] = []
        for i, item in enumerate(data.get(key, [])):
            rel = _relation(item, f"{key}[{i}]", fail)
            check(rel.subjects + rel.objects, f"{key}[{i}]")
            relations[key].append(rel)
    events = []
    for i, item in enumerate(data.get("events", [])):
        event = _event(item, f"events[{i}]", fail)
        check(event.actors + event.targets + ((event.place,) if event.place else ()), f"events[{i}]")
        events.append(event)
    return Gold(document=data["document"], entities=entities, relations=relations["relations"],
                optional_relations=relations["optional_relations"], events=events,
                claims=list(data.get("claims", [])))


def find_gold_pairs(directory: str | Path) -> list[tuple[Path, Path]]:
    """List (gold_path, text_path) for every `*.gold.json` directly in `directory`, sorted.

    The text path is `document.text_file` relative to the gold file, else the gold file's stem
    with `.txt`; it is returned whether or not it exists. Raises BadInput when the directory is
    missing or holds no gold file, InvalidData when a gold file is malformed.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BadInput(f"{directory}: not a directory")
    gold_paths = sorted(directory.glob(f"*{GOLD_SUFFIX}"))
    if not gold_paths:
        raise BadInput(f"{directory}: no *{GOLD_SUFFIX} files")
    pairs = []
    for gold_path in gold_paths:
        text_file = load_gold(gold_path).document.get("text_file")
        if not text_file:
            text_file = gold_path.name.removesuffix(GOLD_SUFFIX) + ".txt"
        pairs.append((gold_path, gold_path.parent / str(text_file)))
    return pairs


def _ids(value: Any, where: str, fail) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise fail(f"{where} must be an entity id or a non-empty list of ids")
    return tuple(values)


def _entity(item: Any, index: int, fail) -> GoldEntity:
    where = f"entities[{index}]"
    if not isinstance(item, dict):
        raise fail(f"{where} must be an object")
    for key in ("id", "name"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise fail(f"{where} missing or empty {key!r}")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail(f"{where} 'aliases' must be a list of strings")
    return GoldEntity(id=item["id"], name=item["name"], type=item.get("type"), aliases=tuple(aliases))


def _relation(item: Any, where: str, fail) -> GoldRelation:
    if not isinstance(item, dict):
        raise fail(f"{where} must be an object")
    for key in ("subject", "predicate", "object"):
        if key not in item:
            raise fail(f"{where} missing key {key!r}")
    if not isinstance(item["predicate"], str):
        raise fail(f"{where} 'predicate' must be a string")
    return GoldRelation(
        subjects=_ids(item["subject"], f"{where}.subject", fail), predicate=item["predicate"].upper(),
        objects=_ids(item["object"], f"{where}.object", fail),
        polarity=str(item.get("polarity") or "positive").lower(), modality=item.get("modality"),
        evidence=item.get("evidence"), attributes=dict(item.get("attributes") or {}))


def _event(item: Any, where: str, fail) -> GoldEvent:
    if not isinstance(item, dict):
        raise fail(f"{where} must be an object")
    if "type" not in item:
        raise fail(f"{where} missing key 'type'")
    types = item["type"] if isinstance(item["type"], list) else [item["type"]]
    if not types or not all(isinstance(t, str) and t for t in types):
        raise fail(f"{where} 'type' must be a string or a non-empty list of strings")
    sides = {}
    for key in ("actors", "targets"):
        value = item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"{where} {key!r} must be a list of entity ids")
        sides[key] = tuple(value)
    place = item.get("place")
    if place is not None and not isinstance(place, str):
        raise fail(f"{where} 'place' must be an entity id or null")
    return GoldEvent(id=item.get("id"), types=tuple(t.upper() for t in types), place=place,
                     optional=bool(item.get("optional", False)), evidence=item.get("evidence"),
                     **sides)
