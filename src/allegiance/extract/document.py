"""One document in, one `Extraction` out: the stages of the pipeline in order.

    spaCy pipeline (tokens, parse, NER, gazetteer, group shapes, acronyms → doc.ents)
    → build_entities (mentions clustered into entities)
    → link_entities (spelling variants linked to the gazetteer, places geocoded)
    → resolve_coreference (pronouns and descriptions → entities)
    → extract_events (PLOVER/CAMEO/ACLED events: actors, targets, place, time, casualties)
    → extract_relations (frames, structural patterns, polarity, modality; attacks → HOSTILE_TO)
    → sentence_pairs (entity pairs sharing a sentence, with classifier features)
    → combine (calibrated confidence; in the model and combined modes, the classifier's relations)
    → extract_claims (claims of responsibility, threats, promises, denials, recommendations)
Each stage after spaCy is a function of plain data and the parsed Doc.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Document, Entity, Extraction, Mention, Relation
from ..nlp.coref import resolve_coreference
from ..ids import slug, unique_id
from ..nlp.mentions import DocEntities, build_entities
from ..resolve.linking import link_entities
from .claims import extract_claims
from .classifier import combine, variant_for
from .events import extract_events, hostilities
from .lexicon import load_lexicon
from .pairs import Pair, sentence_pairs
from .relations import extract_relations


@dataclass
class Stages:
    """What the stages found in one parsed document, before ids are made public."""

    ents: DocEntities
    events: list
    rules: list[Relation]  # the hand-written rules' relations
    pairs: list[Pair]  # entity pairs sharing a sentence, with classifier features


def run_stages(doc: Doc, with_pairs: bool = True) -> Stages:
    ents = resolve_coreference(doc, link_entities(doc, build_entities(doc)))
    lex = load_lexicon()
    found = extract_events(doc, ents, lex)
    rules = extract_relations(doc, ents, lex, hostilities(found, ents))
    pairs = sentence_pairs(doc, ents, lex, rules) if with_pairs else []
    return Stages(ents, found, rules, pairs)


def extract_parsed(document: Document, doc: Doc, mode: str = "rules",
                   min_confidence: float = 0.0) -> Extraction:
    """The extraction of a document already run through the pipeline; `mode` is one of
    `classifier.MODES`, and relations below `min_confidence` are left out."""
    st = run_stages(doc)
    ents, found, lex = st.ents, st.events, load_lexicon()
    types = {k: r.type for k, r in ents.records.items()}
    relations = [r for r in combine(st.rules, st.pairs, types, variant_for(mode),
                                    add=mode != "rules")
                 if r.confidence >= min_confidence]
    claims = extract_claims(doc, ents, st.rules, found, set(lex.cues["transparent_nouns"]))
    ids = _public_ids(ents)
    for rel in relations:
        rel.subject, rel.object = ids[rel.subject], ids[rel.object]
    relations.sort(key=lambda r: (r.evidence[0].start, r.predicate, r.subject, r.object))
    events = [f.event(ents, document.published) for f in found]
    for ev in events:
        ev.actors = [ids[a] for a in ev.actors]
        ev.targets = [ids[t] for t in ev.targets]
        ev.place = ids[ev.place] if ev.place else None
    out_claims = []
    for claim, _index in claims:
        claim.speaker = ids.get(claim.speaker, claim.speaker) if claim.speaker else None
        if claim.content:
            for k in ("subject", "object"):
                if k in claim.content and claim.content[k] in ids:
                    claim.content[k] = ids[claim.content[k]]
        out_claims.append(claim)
    return Extraction(document, _entities(doc, ents, ids), relations, events, out_claims)


def extract_documents(documents: Iterable[Document], nlp: Language, batch_size: int = 16,
                      mode: str = "rules", min_confidence: float = 0.0
                      ) -> Iterator[Extraction]:
    """Extractions of many documents, parsed in batches with `nlp.pipe`."""
    docs = iter(documents)
    pending: list[Document] = []

    def texts() -> Iterator[str]:
        for d in docs:
            pending.append(d)
            yield d.text

    for parsed in nlp.pipe(texts(), batch_size=batch_size):
        yield extract_parsed(pending.pop(0), parsed, mode, min_confidence)


def _public_ids(ents: DocEntities) -> dict[str, str]:
    """Gazetteer ids stay; new entities get a slug of their name, unique in the document."""
    ids: dict[str, str] = {}
    used = {k for k in ents.records if not k.startswith("new:")}
    for key, rec in ents.records.items():
        if not key.startswith("new:"):
            ids[key] = key
            continue
        ids[key] = unique_id(slug(rec.name), used.__contains__)
        used.add(ids[key])
    return ids


def _entities(doc: Doc, ents: DocEntities, ids: dict[str, str]) -> list[Entity]:
    sent_index = {s.start: n for n, s in enumerate(doc.sents)}
    starts = sorted(sent_index)
    out = []
    for key, rec in ents.records.items():
        mentions = []
        for (start, end), agent in zip(rec.spans, rec.agents):
            span = doc[start:end]
            sent_start = span.sent.start
            mentions.append(Mention(span.start_char, span.end_char, span.text,
                                    sent_index.get(sent_start, starts.index(sent_start)), agent))
        aliases = sorted(rec.aliases, key=lambda a: (-rec.aliases[a], a))
        out.append(Entity(ids[key], rec.type, rec.name, aliases, dict(rec.external_ids),
                          dict(rec.attributes), mentions))
    out.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    return out
