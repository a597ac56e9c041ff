"""The nouns of DESIGN §2 as plain dataclasses, and their JSON shape (DESIGN §3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = "allegiance-extraction/1"


@dataclass(frozen=True)
class Document:
    """A text with its metadata. `id` is a stable hash of the normalised text unless given."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date
    language: str = "en"

    def header(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "published": self.published,
                "source": self.source, "url": self.url}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: int
    agent: str | None = None  # military / government / police when a state acts through it


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass
class Relation:
    subject: str
    predicate: str
    object: str
    polarity: str = "positive"
    modality: str = "asserted"
    confidence: float = 0.5
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.subject, self.predicate, self.object, self.polarity)


@dataclass
class Event:
    type: str
    evidence: Evidence
    mode: str | None = None
    cameo: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    time: dict[str, Any] = field(default_factory=lambda: {"text": None, "start": None, "end": None})
    casualties: dict[str, int | None] = field(
        default_factory=lambda: {"killed": None, "wounded": None, "kidnapped": None})
    weapons: list[str] = field(default_factory=list)  # the weapon or means, as written
    victims: list[str] = field(default_factory=list)  # unnamed people attacked, as written
    perpetrators: list[str] = field(default_factory=list)  # actor phrases, as written


@dataclass
class Claim:
    kind: str
    evidence: Evidence
    speaker: str | None = None
    content: dict[str, Any] | None = None


@dataclass
class Extraction:
    """Everything extracted from one document: the unit of the JSON Lines contract."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "document": self.document.header(),
            "entities": [asdict(e) for e in self.entities],
            "relations": [asdict(r) for r in self.relations],
            "events": [asdict(e) for e in self.events],
            "claims": [asdict(c) for c in self.claims],
        }
