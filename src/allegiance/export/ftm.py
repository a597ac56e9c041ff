"""FollowTheMoney entities (JSON Lines), for Aleph, OpenAleph, yente and the ``ftm`` tools.

One line per entity, ``proxy.to_dict()`` with sorted keys and values. Mapping, and why:

* ARMED_GROUP -> ``Organization`` with topic ``mil`` (FtM's "Military"). ``crime.terror`` is a
  legal designation (sanctions lists, courts), not something read from news text, and FtM tools
  flag it prominently; it is added only when the entity's attributes carry it in ``topics``
  (any valid FtM topic there is kept).
* PERSON -> ``Person`` (``position`` from the titles attribute).
* COUNTRY -> ``PublicBody`` with ``country``/``jurisdiction`` and topic ``gov.national``: in our
  graph a country acts (allies, fights, negotiates, is supported), i.e. it is the state; FtM has
  no country entity, and a PublicBody is an Organization, so leadership and membership links to
  it stay valid.
* ORGANIZATION -> ``Organization``.
* PLACE -> ``Address`` (``full`` = name, latitude, longitude, country): FtM's only located thing,
  and a valid end of ``UnknownLink``, so "operates in" and "located in" links keep their place.
* An id named but not described -> ``LegalEntity`` named by its id.
* LEADER_OF -> ``Directorship`` (director, organization, role) and MEMBER_OF -> ``Membership``
  (member, organization, role), when positive and the ends have the types those schemata take;
  every other relation -> ``UnknownLink`` (subject, object) with ``role`` = the predicate in words,
  its kind/role, and its polarity and modality when not plain ("not ally of (denied)").
  On every link: ``summary`` = the statement, confidence, counts, first/last seen; ``description``
  = the evidence sentences, quoted, each with its document; ``sourceUrl`` = the document urls;
  ``proof`` = the documents' Article entities; ``publisher`` = the sources; ``status`` = the
  analysts' status; ``recordId`` = our relation id; ``date`` = first and last seen. First/last
  seen are dates of *reporting*, so they are not written as ``startDate``/``endDate`` (which
  would say the link began or ended then); ``startDate`` comes only from a ``since`` attribute.
* Documents -> ``Article`` (title, sourceUrl, publishedAt, publisher), and a ``Documentation``
  link (document, entity) for each entity the document gives evidence about, with the sentences
  in its ``description``.
* Events -> ``Event`` (name, date/startDate/endDate, organizer = actors, involved = actors and
  targets, addressEntity/location/country = place, keywords = PLOVER/CAMEO/ACLED codes,
  description = the sentence, summary = codes and casualties, proof = its Article).
* Claims -> ``Note`` (entity = speaker and the entities of the content, description = the claim
  and its sentence, proof = its Article).

Ids are ``make_id("allegiance", <kind>, <our id>)`` (SHA-1), so they are the same every run.
Every proxy reads back with ``model.get_proxy`` and its values are valid for their types.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..errors import BadInput
from ._common import Graph, dumps, evidence_lines, prepare, relation_label, sort_key, write_text

__all__ = ["build_proxies", "write_ftm"]

SCHEMA_OF = {"ARMED_GROUP": "Organization", "PERSON": "Person", "COUNTRY": "PublicBody",
             "ORGANIZATION": "Organization", "PLACE": "Address"}
TOPICS = {"ARMED_GROUP": ["mil"], "COUNTRY": ["gov.national"]}


def _model():
    try:
        from followthemoney import model
    except ImportError:
        raise BadInput("the ftm export needs the followthemoney package: pip install 'allegiance[ftm]'") from None
    return model


class _Builder:
    def __init__(self, graph: Graph):
        self.model = _model()
        self.graph = graph
        self.things: dict[str, object] = {}     # entity id -> proxy
        self.articles: dict[str, object] = {}   # document id -> proxy
        self.out: list = []

    def make(self, schema: str, kind: str, *keys: str):
        proxy = self.model.make_entity(schema)
        proxy.make_id("allegiance", kind, *keys)
        return proxy

    @staticmethod
    def add(proxy, prop: str, values) -> None:
        if isinstance(values, (list, tuple, set)):
            values = [v for v in values if v not in (None, "")]
        elif values in (None, ""):
            return
        proxy.add(prop, values, quiet=True)

    def _urls(self, doc_ids) -> list[str]:
        """The documents' urls, as FtM cleaned them once on their Article (invalid ones dropped)."""
        return [url for d in doc_ids if d in self.articles
                for url in self.articles[d].get("sourceUrl")]

    def _add_clean(self, proxy, prop: str, values: list[str]) -> None:
        """Values already cleaned by FtM (ids, the articles' urls): skip cleaning them again."""
        if values:
            proxy.add(prop, values, cleaned=True)

    def _proof(self, proxy, doc_ids) -> None:
        self._add_clean(proxy, "proof", [self.articles[d].id for d in doc_ids if d in self.articles])
        self._add_clean(proxy, "sourceUrl", self._urls(doc_ids))

    # -- nodes ---------------------------------------------------------------------------

    def documents(self) -> None:
        for doc in self.graph.document_list():
            article = self.make("Article", "document", doc["id"])
            self.add(article, "title", doc["title"] or doc["id"])
            self.add(article, "sourceUrl", doc["url"])
            self.add(article, "publishedAt", doc["published"])
            self.add(article, "publisher", doc["source"])
            if doc["reliability"]:
                self.add(article, "summary", f"Source reliability (Admiralty code): {doc['reliability']}")
            self.add(article, "keywords", f"allegiance:{doc['id']}")
            self.articles[doc["id"]] = article

    def entities(self) -> None:
        topic_type = self.model.get("Organization").properties["topics"].type
        for entity in self.graph.entity_list():
            etype = entity["type"]
            proxy = self.make(SCHEMA_OF.get(etype, "LegalEntity"), "entity", entity["id"])
            if etype == "PLACE":
                self.add(proxy, "full", entity["name"])
                if entity["lat"] is not None and entity["lon"] is not None:
                    # passed as clean text: FtM's number cleaning would round to 2 decimals
                    proxy.add("latitude", repr(float(entity["lat"])), cleaned=True)
                    proxy.add("longitude", repr(float(entity["lon"])), cleaned=True)
            self.add(proxy, "name", entity["name"])
            self.add(proxy, "alias", [a for a in entity["aliases"] if a != entity["name"]])
            self.add(proxy, "country", entity["country"])
            if etype == "COUNTRY":
                self.add(proxy, "jurisdiction", entity["country"])
            self.add(proxy, "wikidataId", entity["wikidata"])
            extra = entity["attributes"].get("topics")
            extra = [extra] if isinstance(extra, str) else extra if isinstance(extra, list) else []
            topics = TOPICS.get(etype, []) + [t for t in extra if topic_type.validate(str(t))]
            if topics and proxy.schema.get("topics"):
                self.add(proxy, "topics", topics)
            if etype == "PERSON":
                titles = entity["attributes"].get("titles")
                self.add(proxy, "position", [titles] if isinstance(titles, str) else list(titles or []))
            kind = etype.replace("_", " ").lower() if etype else "entity of unknown type"
            counts = [f"{entity[k]} {k.split('_')[0]}{'' if entity[k] == 1 else 's'}"
                      for k in ("mention_count", "document_count") if entity[k] is not None]
            self.add(proxy, "description", f"{kind.capitalize()} (allegiance id {entity['id']})"
                     + (f", seen in {' and '.join(counts)}" if counts else "") + ".")
            self.add(proxy, "keywords", f"allegiance:{entity['id']}")
            self.things[entity["id"]] = proxy

    # -- links ---------------------------------------------------------------------------

    def _is(self, entity_id: str, schema: str) -> bool:
        return self.things[entity_id].schema.is_a(schema)

    def relations(self) -> list:
        links = []
        for rel in self.graph.relations:
            subject, obj, predicate = rel["subject"], rel["object"], rel["predicate"]
            positive = rel["polarity"] == "positive"
            role = rel["role"]
            if (positive and predicate == "LEADER_OF" and self._is(subject, "LegalEntity")
                    and self._is(obj, "Organization")):
                link = self.make("Directorship", "relation", rel["key"])
                self.add(link, "director", self.things[subject].id)
                self.add(link, "organization", self.things[obj].id)
                self.add(link, "role", role or "leader")
            elif (positive and predicate == "MEMBER_OF" and self._is(subject, "LegalEntity")
                    and self._is(obj, "Organization")):
                link = self.make("Membership", "relation", rel["key"])
                self.add(link, "member", self.things[subject].id)
                self.add(link, "organization", self.things[obj].id)
                self.add(link, "role", role or "member")
            else:
                link = self.make("UnknownLink", "relation", rel["key"])
                self.add(link, "subject", self.things[subject].id)
                self.add(link, "object", self.things[obj].id)
                words = predicate.replace("_", " ").lower()
                if not positive:
                    words = f"not {words}"
                details = [d for d in (rel["kind"], role) if d]
                if details:
                    words += f" [{', '.join(details)}]"
                if rel["modality"] != "asserted":
                    words += f" ({rel['modality']})"
                self.add(link, "role", words)
            facts = [relation_label(rel, self.graph)]
            if rel["confidence"] is not None:
                facts.append(f"confidence {rel['confidence']:.2f}")
            facts.append(f"{rel['evidence_count']} evidence item(s) from {len(rel['documents'])} document(s)")
            if rel["first_seen"] or rel["last_seen"]:
                facts.append(f"first seen {rel['first_seen'] or '?'}, last seen {rel['last_seen'] or '?'}")
            self.add(link, "summary", "; ".join(facts))
            self.add(link, "description", "\n".join(evidence_lines(self.graph, rel)))
            self._proof(link, rel["documents"])
            self.add(link, "publisher", rel["sources"])
            self.add(link, "status", rel["status"])
            self.add(link, "recordId", rel["key"])
            self.add(link, "date", [rel["first_seen"], rel["last_seen"]])
            since = rel["attributes"].get("since")
            if isinstance(since, (str, date)):
                self.add(link, "startDate", str(since))
            links.append(link)
        return links

    def events(self) -> list:
        out = []
        for event in self.graph.events:
            proxy = self.make("Event", "event", event["key"])
            what = (event["type"] or "event").lower() + (f" ({event['mode']})" if event["mode"] else "")
            actors = [a for a in event["actors"] if self._is(a, "LegalEntity")]
            targets = [t for t in event["targets"] if self._is(t, "LegalEntity")]
            name = what
            if event["actors"]:
                name += " by " + ", ".join(self.graph.name(a) for a in event["actors"])
            if event["targets"]:
                name += " against " + ", ".join(self.graph.name(t) for t in event["targets"])
            if event["place"]:
                name += " in " + self.graph.name(event["place"])
            self.add(proxy, "name", name)
            self.add(proxy, "organizer", [self.things[a].id for a in actors])
            self.add(proxy, "involved", [self.things[e].id for e in actors + targets])
            self.add(proxy, "date", event["time_start"])
            self.add(proxy, "startDate", event["time_start"])
            self.add(proxy, "endDate", event["time_end"])
            if event["place"]:
                place = self.things[event["place"]]
                if place.schema.is_a("Address"):
                    self.add(proxy, "addressEntity", place.id)
                self.add(proxy, "location", self.graph.name(event["place"]))
                self.add(proxy, "country", self.graph.entities[event["place"]]["country"])
            codes = [f"PLOVER {event['type']}" if event["type"] else "",
                     f"CAMEO {event['cameo']}" if event["cameo"] else "",
                     event["acled_event_type"], event["acled_sub_event_type"]]
            self.add(proxy, "keywords", [c for c in codes if c])
            casualties = [f"{event[k]} {k}" for k in ("killed", "wounded", "kidnapped") if event[k] is not None]
            summary = "; ".join([c for c in codes if c] + casualties
                                + ([f"time: {event['time_text']}"] if event["time_text"] else []))
            self.add(proxy, "summary", summary)
            if event["sentence"]:
                self.add(proxy, "description", f"\"{event['sentence'].strip()}\" [{event['document_id']}]")
            self.add(proxy, "recordId", event["key"])
            self._proof(proxy, [event["document_id"]])
            out.append(proxy)
        return out

    def claims(self) -> list:
        out = []
        for claim in self.graph.claims:
            proxy = self.make("Note", "claim", claim["key"])
            about = list(dict.fromkeys(c for c in (claim["speaker"], claim["subject"], claim["object"]) if c))
            self.add(proxy, "entity", [self.things[e].id for e in about])
            speaker = self.graph.name(claim["speaker"]) if claim["speaker"] else "an unnamed speaker"
            content = " ".join(self.graph.name(p) if p in self.graph.entities else p
                               for p in (claim["subject"], claim["predicate"], claim["object"]) if p)
            if claim["polarity"] == "negative":
                content = f"not: {content}"
            kind = claim["kind"] or "claim"
            self.add(proxy, "name", f"{kind.capitalize()} by {speaker}")
            self.add(proxy, "summary", f"{kind.capitalize()} by {speaker}" + (f": {content}" if content else ""))
            if claim["sentence"]:
                self.add(proxy, "description", f"\"{claim['sentence'].strip()}\" [{claim['document_id']}]")
            self._proof(proxy, [claim["document_id"]])
            out.append(proxy)
        return out

    def documentation(self) -> list:
        """A Documentation link per (document, entity) that the document gives evidence about."""
        sentences: dict[tuple[str, str], list[str]] = {}

        def note(doc_id: str, entity_id: str, sentence: str) -> None:
            if doc_id and entity_id:
                found = sentences.setdefault((doc_id, entity_id), [])
                if sentence.strip() and sentence.strip() not in found:
                    found.append(sentence.strip())

        for rel in self.graph.relations:
            for doc_id in rel["documents"]:
                for end in (rel["subject"], rel["object"]):
                    note(doc_id, end, "")
            for ev in rel["evidence"]:
                for end in (rel["subject"], rel["object"]):
                    note(ev["document_id"], end, ev["sentence"])
        for event in self.graph.events:
            for entity_id in event["actors"] + event["targets"] + [event["place"]]:
                note(event["document_id"], entity_id, event["sentence"])
        for claim in self.graph.claims:
            for entity_id in (claim["speaker"], claim["subject"], claim["object"]):
                note(claim["document_id"], entity_id, claim["sentence"])

        out = []
        for (doc_id, entity_id) in sorted(sentences, key=lambda k: (sort_key(k[0]), sort_key(k[1]))):
            link = self.make("Documentation", "documentation", doc_id, entity_id)
            self.add(link, "document", self.articles[doc_id].id)
            self.add(link, "entity", self.things[entity_id].id)
            self.add(link, "role", "evidence")
            self.add(link, "description", "\n".join(f"\"{s}\"" for s in sentences[(doc_id, entity_id)]))
            self._add_clean(link, "sourceUrl", self._urls([doc_id]))
            out.append(link)
        return out

    def build(self) -> list:
        self.documents()
        self.entities()
        things = [self.things[key] for key in sorted(self.things, key=sort_key)]
        articles = [self.articles[key] for key in sorted(self.articles, key=sort_key)]
        return (things + articles + self.relations() + self.events() + self.claims()
                + self.documentation())


def build_proxies(graph: dict | Graph) -> list:
    """The graph as FollowTheMoney ``EntityProxy`` objects, in a fixed order."""
    prepared = graph if isinstance(graph, Graph) else prepare(graph)
    return _Builder(prepared).build()


def _line(proxy) -> str:
    data = proxy.to_dict()
    data["properties"] = {prop: sorted(values) for prop, values in sorted(data.get("properties", {}).items())}
    return dumps(data)


def write_ftm(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write one JSON object per line (``*.ftm.json``, as ``ftm`` and Aleph read them)."""
    proxies = build_proxies(graph)
    return [write_text(Path(out), "".join(_line(proxy) + "\n" for proxy in proxies))]
