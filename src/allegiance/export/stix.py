"""STIX 2.1: one Bundle (JSON) for threat-intelligence platforms (OpenCTI, MISP, TAXII feeds).

Mapping, and why:

* ARMED_GROUP -> ``threat-actor``. A threat actor is STIX's object for the *people or
  organisation* behind hostile activity, which is what a non-state armed group is. No
  ``intrusion-set`` is written: in STIX an intrusion set is a cluster of (cyber) adversary
  behaviour and resources, attributed-to a threat actor; we extract groups, not activity
  clusters, and a twin intrusion-set per group would double every node without adding a fact.
  ``threat_actor_types`` is ``["unknown"]`` unless the entity's attributes give
  ``threat_actor_types``: calling a group "terrorist" is a designation, not something read from
  the text, and the tool should not make it silently (our own type is in ``labels``).
* PERSON -> ``identity`` (``identity_class: individual``, ``roles`` from the titles attribute).
  The people in news reports are leaders and members of groups, but also ministers, negotiators
  and victims; making each a threat actor would be wrong for many. Leadership and membership are
  relationships (``leader-of``, ``member-of``) to the group's threat-actor.
* COUNTRY -> ``identity`` (``identity_class: organization``, sector ``government-national``) for
  the state acting (allies, fights, negotiates, supports), plus a ``location`` (``country`` =
  the ISO code) for the country as a place, the two joined by ``located-at``. A relation uses
  the location when the country is where something is (OPERATES_IN, LOCATED_IN, an event's
  place) and the identity otherwise.
* ORGANIZATION -> ``identity`` (``identity_class: organization``).
* PLACE -> ``location`` (name, latitude/longitude when known, country from the attributes or
  from a LOCATED_IN chain). STIX requires one of region, country or coordinates: a place with
  none of them gets ``region: "unknown"``.
* An id that relations name but the graph does not describe -> ``identity`` with
  ``identity_class: unknown``.
* Relations -> ``relationship``. ``relationship_type`` is the predicate in lower case with
  hyphens (``ally-of``, ``part-of``, ``hostile-to``, ``supports``, ``leader-of``, ...), except
  OPERATES_IN and LOCATED_IN, which use STIX's standard ``located-at``. A negative relation is
  ``not-<type>`` (``not-ally-of``): tools that ignore custom properties must not show a denied
  alliance as an alliance. ``confidence`` is 0-100; ``description`` states predicate, polarity,
  modality, counts, first/last seen and quotes every evidence sentence with its document;
  ``external_references`` point to the documents (url, id, title). The same facts are kept
  machine-readable in ``x_allegiance_*`` custom properties (evidence list included).
* Events -> ``incident`` (STIX 2.1's incident object; name, description with the sentence,
  PLOVER/CAMEO/ACLED codes, time and casualties in ``x_allegiance_*``), with the relationships
  OpenCTI uses for incidents: incident ``attributed-to`` each actor, ``targets`` each target and
  ``located-at`` its place. Keeping the event as an object (rather than actor ``targets`` target)
  keeps who-did-what-where-when together and citable.
* Claims -> ``note`` (abstract = kind and speaker, content = the claim and its sentence,
  ``object_refs`` = the speaker and the entities the claim is about).
* Documents -> ``report`` (name = title or id, ``published`` = the document's date, else
  ``created``; ``object_refs`` = everything whose evidence comes from it: relationships,
  incidents, notes and the objects they connect; url and reliability in the description and
  ``external_references``).
* One ``identity`` (``identity_class: system``) for the Allegiance tool is every object's
  ``created_by_ref``.

Ids are deterministic: ``<type>--uuid5(NAMESPACE, "<kind>:<our id>")``; ``created`` and
``modified`` are the export's ``created`` time for every object, so the same graph gives the same
bytes. The text round-trips through ``stix2.parse(text, allow_custom=True)``.
"""

from __future__ import annotations

import json
import math
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ._common import (Graph, created_time, evidence_lines, prepare, relation_label,
                      sort_key, stable_hash, to_utc, parse_date, write_text)

__all__ = ["NAMESPACE", "stix_id", "build_bundle", "write_stix"]

#: the namespace of every STIX id we derive (uuid5 of our ids)
NAMESPACE = uuid.UUID("6f0e2b7c-3b5d-5a8e-9c1f-a11e6a4ce001")

STANDARD_TYPES = {"OPERATES_IN": "located-at", "LOCATED_IN": "located-at"}
PLACE_PREDICATES = frozenset({"OPERATES_IN", "LOCATED_IN"})
THREAT_ACTOR_TYPES = frozenset({
    "activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental",
    "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist", "unknown"})


def stix_id(stix_type: str, key: str) -> str:
    """``<stix_type>--<uuid5(NAMESPACE, key)>``."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, key)}"


def _stix2():
    try:
        from stix2 import v21
    except ImportError:
        raise BadInput("the stix export needs the stix2 package: pip install 'allegiance[stix]'") from None
    return v21


def _clean(value: Any) -> Any:
    """Drop None, "" and empty containers, recursively (STIX has no null)."""
    if isinstance(value, dict):
        cleaned = {str(k): _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, (list, tuple)):
        cleaned = [_clean(v) for v in value]
        return [v for v in cleaned if v not in (None, "", [], {})]
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _kebab(value: str) -> str:
    return "-".join(part for part in "".join(c.lower() if c.isalnum() else " " for c in value).split())


class _Builder:
    def __init__(self, graph: Graph, created: datetime):
        self.v21 = _stix2()
        self.graph = graph
        self.created = created
        self.common = {"created": created, "modified": created, "allow_custom": True}
        self.producer = stix_id("identity", "producer:allegiance")
        self.objects: list = []
        self.main: dict[str, str] = {}      # entity id -> its main STIX id
        self.place: dict[str, str] = {}     # entity id -> its location id (places, countries)
        self.by_document: dict[str, set[str]] = {doc_id: set() for doc_id in graph.documents}
        self.parents: dict[str, list[str]] | None = None  # LOCATED_IN, built on first use

    # -- helpers -------------------------------------------------------------------------

    def _doc_refs(self, doc_ids) -> list[dict]:
        refs = []
        for doc_id in sorted(set(d for d in doc_ids if d), key=sort_key):
            doc = self.graph.documents.get(doc_id, {})
            ref = {"source_name": doc.get("source") or "allegiance-document",
                   "external_id": doc_id}
            if doc.get("url"):
                ref["url"] = doc["url"]
            if doc.get("title"):
                ref["description"] = doc["title"]
            refs.append(ref)
        return refs

    def _cite(self, doc_id: str, *stix_ids: str) -> None:
        if doc_id:
            self.by_document.setdefault(doc_id, set()).update(i for i in stix_ids if i)

    def _add(self, cls, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if v not in (None, "", [], {})}
        obj = cls(created_by_ref=self.producer, **self.common, **kwargs)
        self.objects.append(obj)
        return obj

    # -- entities ------------------------------------------------------------------------

    def _country_of(self, entity_id: str) -> str:
        """The entity's country code, else the first one up its positive LOCATED_IN chain."""
        if self.parents is None:
            self.parents = {}
            for rel in self.graph.relations:
                if rel["predicate"] == "LOCATED_IN" and rel["polarity"] == "positive":
                    self.parents.setdefault(rel["subject"], []).append(rel["object"])
        seen, todo = set(), [entity_id]
        while todo:
            current = todo.pop(0)
            if current in seen or current not in self.graph.entities:
                continue
            seen.add(current)
            if self.graph.entities[current]["country"]:
                return self.graph.entities[current]["country"]
            todo += self.parents.get(current, [])
        return ""

    def _location(self, entity: dict, key: str, country: str):
        kwargs: dict[str, Any] = {"name": entity["name"]}
        if entity["lat"] is not None and entity["lon"] is not None \
                and -90 <= entity["lat"] <= 90 and -180 <= entity["lon"] <= 180:
            kwargs["latitude"] = entity["lat"]
            kwargs["longitude"] = entity["lon"]
        if country:
            kwargs["country"] = country.upper() if len(country) == 2 else country
        if "latitude" not in kwargs and "country" not in kwargs:
            kwargs["region"] = "unknown"
        return self._add(self.v21.Location, id=stix_id("location", key), **kwargs,
                         labels=[_kebab(entity["type"] or "unknown")],
                         x_allegiance_id=entity["id"],
                         x_allegiance_attributes=_clean(entity["attributes"]))

    def entities(self) -> None:
        v21 = self.v21
        for entity in self.graph.entity_list():
            eid, etype = entity["id"], entity["type"]
            aliases = [a for a in entity["aliases"] if a != entity["name"]]
            refs = []
            if entity["wikidata"]:
                refs.append({"source_name": "wikidata", "external_id": entity["wikidata"],
                             "url": f"https://www.wikidata.org/wiki/{entity['wikidata']}"})
            counts = []
            if entity["mention_count"] is not None:
                counts.append(f"{entity['mention_count']} mentions")
            if entity["document_count"] is not None:
                counts.append(f"{entity['document_count']} documents")
            kind = etype.replace("_", " ").lower() if etype else "entity of unknown type"
            description = (f"{kind.capitalize()} (allegiance id {eid})"
                           + (f", seen in {' and '.join(counts)}" if counts else "") + ".")
            common = {"labels": [_kebab(etype or "unknown")], "external_references": refs,
                      "x_allegiance_id": eid, "x_allegiance_type": etype,
                      "x_allegiance_aliases": entity["aliases"],
                      "x_allegiance_attributes": _clean(entity["attributes"])}
            if etype == "ARMED_GROUP":
                declared = entity["attributes"].get("threat_actor_types")
                declared = [declared] if isinstance(declared, str) else declared
                types = sorted({str(t) for t in declared or [] if str(t) in THREAT_ACTOR_TYPES})
                obj = self._add(v21.ThreatActor, id=stix_id("threat-actor", f"entity:{eid}"),
                                name=entity["name"], aliases=aliases, description=description,
                                threat_actor_types=types or ["unknown"], **common)
            elif etype == "PLACE":
                obj = self._location(entity, f"entity:{eid}", self._country_of(eid))
                self.place[eid] = obj.id
            else:
                identity_class = {"PERSON": "individual", "COUNTRY": "organization",
                                  "ORGANIZATION": "organization"}.get(etype, "unknown")
                titles = entity["attributes"].get("titles")
                titles = [titles] if isinstance(titles, str) else titles
                roles = [str(t) for t in titles or [] if t] if etype == "PERSON" else []
                obj = self._add(v21.Identity, id=stix_id("identity", f"entity:{eid}"),
                                name=entity["name"], identity_class=identity_class,
                                sectors=["government-national"] if etype == "COUNTRY" else [],
                                roles=roles, description=description, **common)
                if etype == "COUNTRY":
                    where = self._location(entity, f"country:{eid}", entity["country"])
                    self.place[eid] = where.id
                    self._add(v21.Relationship, id=stix_id("relationship", f"country:{eid}"),
                              relationship_type="located-at", source_ref=obj.id,
                              target_ref=where.id,
                              description=f"The state of {entity['name']} and its territory.")
            self.main[eid] = obj.id

    def _ref(self, entity_id: str, as_place: bool) -> str:
        if as_place and entity_id in self.place:
            return self.place[entity_id]
        return self.main[entity_id]

    # -- relations -----------------------------------------------------------------------

    def relations(self) -> None:
        for rel in self.graph.relations:
            predicate = rel["predicate"]
            rtype = STANDARD_TYPES.get(predicate, _kebab(predicate) or "related-to")
            if rel["polarity"] == "negative":
                rtype = f"not-{rtype}"
            source = self._ref(rel["subject"], as_place=predicate == "LOCATED_IN")
            target = self._ref(rel["object"], as_place=predicate in PLACE_PREDICATES)
            lines = [f"{relation_label(rel, self.graph)}."]
            facts = [f"polarity {rel['polarity']}", f"modality {rel['modality']}"]
            if rel["kind"]:
                facts.append(f"kind {rel['kind']}")
            if rel["role"]:
                facts.append(f"role {rel['role']}")
            if rel["status"]:
                facts.append(f"status {rel['status']}")
            facts.append(f"{rel['evidence_count']} evidence item(s) from "
                         f"{len(rel['documents'])} document(s)")
            if rel["first_seen"] or rel["last_seen"]:
                facts.append(f"first seen {rel['first_seen'] or '?'}, last seen {rel['last_seen'] or '?'}")
            lines.append("; ".join(facts) + ".")
            quotes = evidence_lines(self.graph, rel)
            if quotes:
                lines.append("Evidence:")
                lines += [f"- {quote}" for quote in quotes]
            confidence = None if rel["confidence"] is None else int(round(rel["confidence"] * 100))
            evidence = [_clean({**ev, "title": self.graph.documents.get(ev["document_id"], {}).get("title"),
                                "url": self.graph.documents.get(ev["document_id"], {}).get("url")})
                        for ev in rel["evidence"]]
            obj = self._add(
                self.v21.Relationship, id=stix_id("relationship", f"relation:{rel['key']}"),
                relationship_type=rtype, source_ref=source, target_ref=target,
                description="\n".join(lines), confidence=confidence,
                external_references=self._doc_refs(rel["documents"]),
                x_allegiance_relation_id=rel["key"], x_allegiance_predicate=predicate,
                x_allegiance_polarity=rel["polarity"], x_allegiance_modality=rel["modality"],
                x_allegiance_status=rel["status"], x_allegiance_kind=rel["kind"],
                x_allegiance_role=rel["role"], x_allegiance_symmetric=rel["symmetric"],
                x_allegiance_evidence_count=rel["evidence_count"],
                x_allegiance_first_seen=rel["first_seen"], x_allegiance_last_seen=rel["last_seen"],
                x_allegiance_sources=rel["sources"], x_allegiance_evidence=evidence)
            for doc_id in rel["documents"]:
                self._cite(doc_id, obj.id, source, target)

    # -- events and claims ---------------------------------------------------------------

    def events(self) -> None:
        v21 = self.v21
        for event in self.graph.events:
            key = event["key"]
            what = event["type"] or "EVENT"
            if event["mode"]:
                what += f" ({event['mode']})"
            who = ", ".join(self.graph.name(a) for a in event["actors"])
            whom = ", ".join(self.graph.name(t) for t in event["targets"])
            name = what + (f" by {who}" if who else "") + (f" against {whom}" if whom else "")
            if event["place"]:
                name += f" in {self.graph.name(event['place'])}"
            when = event["time_start"] or event["time_text"]
            if when:
                name += f", {when}"
            codes = [f"PLOVER {event['type']}" if event["type"] else "",
                     f"CAMEO {event['cameo']}" if event["cameo"] else "",
                     " / ".join(p for p in (event["acled_event_type"], event["acled_sub_event_type"]) if p)]
            casualties = {k: event[k] for k in ("killed", "wounded", "kidnapped") if event[k] is not None}
            lines = [name + "."]
            if any(codes):
                lines.append("Codes: " + "; ".join(c for c in codes if c) + ".")
            if casualties:
                lines.append("Casualties: " + ", ".join(f"{v} {k}" for k, v in casualties.items()) + ".")
            if event["sentence"]:
                lines.append(f"Evidence: \"{event['sentence'].strip()}\" [{event['document_id']}]")
            incident = self._add(
                v21.Incident, id=stix_id("incident", f"event:{key}"), name=name,
                description="\n".join(lines), labels=[_kebab(event["type"] or "event")],
                external_references=self._doc_refs([event["document_id"]]),
                x_allegiance_event_id=key, x_allegiance_event_type=event["type"],
                x_allegiance_mode=event["mode"], x_allegiance_cameo=event["cameo"],
                x_allegiance_acled_event_type=event["acled_event_type"],
                x_allegiance_acled_sub_event_type=event["acled_sub_event_type"],
                x_allegiance_time=_clean({"text": event["time_text"], "start": event["time_start"],
                                          "end": event["time_end"]}),
                x_allegiance_casualties=casualties,
                x_allegiance_evidence=_clean({"document_id": event["document_id"],
                                              "sentence": event["sentence"],
                                              "start": event["start"], "end": event["end"]}))
            cited = [incident.id]
            links = ([("attributed-to", a, False) for a in event["actors"]]
                     + [("targets", t, False) for t in event["targets"]]
                     + ([("located-at", event["place"], True)] if event["place"] else []))
            for rtype, entity_id, as_place in links:
                target = self._ref(entity_id, as_place)
                rel = self._add(v21.Relationship,
                                id=stix_id("relationship", f"event:{key}:{rtype}:{entity_id}"),
                                relationship_type=rtype, source_ref=incident.id, target_ref=target)
                cited += [rel.id, target]
            self._cite(event["document_id"], *cited)

    def claims(self, reports: dict[str, str]) -> None:
        for claim in self.graph.claims:
            about = [claim[end] for end in ("speaker", "subject", "object") if claim[end]]
            refs = sorted({self.main[entity_id] for entity_id in about})
            if not refs and claim["document_id"]:
                refs = [reports[claim["document_id"]]]
            if not refs:
                refs = [self.producer]
            content = " ".join(p for p in (claim["subject"], claim["predicate"], claim["object"]) if p)
            if claim["polarity"] == "negative":
                content = f"not: {content}"
            speaker = self.graph.name(claim["speaker"]) if claim["speaker"] else "an unnamed speaker"
            lines = [f"{(claim['kind'] or 'claim').capitalize()} by {speaker}"
                     + (f": {content}" if content else "") + "."]
            if claim["sentence"]:
                lines.append(f"Evidence: \"{claim['sentence'].strip()}\" [{claim['document_id']}]")
            note = self._add(
                self.v21.Note, id=stix_id("note", f"claim:{claim['key']}"),
                abstract=f"{claim['kind'] or 'claim'} by {speaker}", content="\n".join(lines),
                object_refs=refs, labels=[_kebab(claim["kind"] or "claim")],
                external_references=self._doc_refs([claim["document_id"]]),
                x_allegiance_claim_id=claim["key"], x_allegiance_claim_kind=claim["kind"],
                x_allegiance_speaker=claim["speaker"],
                x_allegiance_content=_clean({"subject": claim["subject"],
                                             "predicate": claim["predicate"],
                                             "object": claim["object"],
                                             "polarity": claim["polarity"]}),
                x_allegiance_evidence=_clean({"document_id": claim["document_id"],
                                              "sentence": claim["sentence"],
                                              "start": claim["start"], "end": claim["end"]}))
            self._cite(claim["document_id"], note.id, *refs)

    # -- documents -----------------------------------------------------------------------

    def reports(self, report_ids: dict[str, str]) -> None:
        for doc in self.graph.document_list():
            refs = sorted(i for i in self.by_document.get(doc["id"], set()) if i != report_ids[doc["id"]])
            day = parse_date(doc["published"])
            published = to_utc(day) if day else self.created
            parts = [p for p in (doc["source"], doc["published"]) if p]
            lines = [f"Document {doc['id']}" + (f" ({', '.join(parts)})" if parts else "") + "."]
            if doc["url"]:
                lines.append(doc["url"])
            if doc["reliability"]:
                lines.append(f"Source reliability (Admiralty code): {doc['reliability']}.")
            ref = {"source_name": doc["source"] or "allegiance-document", "external_id": doc["id"]}
            if doc["url"]:
                ref["url"] = doc["url"]
            self._add(self.v21.Report, id=report_ids[doc["id"]], name=doc["title"] or doc["id"],
                      published=published, report_types=["threat-report"],
                      object_refs=refs or [self.producer], description="\n".join(lines),
                      external_references=[ref], x_allegiance_document_id=doc["id"],
                      x_allegiance_reliability=doc["reliability"])

    def build(self):
        producer = self.v21.Identity(
            id=self.producer, name="Allegiance", identity_class="system",
            description="Evidence-backed knowledge graphs of armed groups, built from news reports.",
            **self.common)
        self.objects.append(producer)
        report_ids = {doc_id: stix_id("report", f"document:{doc_id}") for doc_id in self.graph.documents}
        self.entities()
        self.relations()
        self.events()
        self.claims(report_ids)
        for doc_id in report_ids:
            self.by_document.setdefault(doc_id, set())
        self.reports(report_ids)
        ids = [obj.id for obj in self.objects]
        bundle_id = f"bundle--{uuid.uuid5(NAMESPACE, 'bundle:' + stable_hash([ids, self.created.isoformat()], 40))}"
        return self.v21.Bundle(objects=self.objects, id=bundle_id, allow_custom=True)


def build_bundle(graph: dict | Graph, *, created: datetime | date | None = None):
    """The graph as a ``stix2.v21.Bundle`` (see the module docstring for the mapping)."""
    prepared = graph if isinstance(graph, Graph) else prepare(graph)
    return _Builder(prepared, created_time(prepared, created)).build()


def write_stix(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write the bundle to ``out`` as pretty-printed UTF-8 JSON."""
    bundle = build_bundle(graph, created=created)
    # stix2's own pretty printer re-sorts properties in quadratic time (seconds for a few hundred
    # objects); its compact form keeps the same fixed property order, so indent that instead.
    text = json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False)
    return [write_text(Path(out), text + "\n")]
