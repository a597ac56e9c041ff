"""The Python API: one function per command of the command line.

In Python: `api.extract_paths(["article.txt"])` · On the command line: `allegiance extract article.txt`
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .analysis import decisions
from .analysis.dossier import dossier
from .analysis.graph import Graph
from .errors import BadInput, NotFound
from .evaluate.gold import find_gold_pairs, load_gold
from .evaluate.scoring import CorpusScore, score_corpus, score_document
from .ingest import dedupe
from .ingest.records import Fields
from .ingest.sources import Skipped, iter_documents
from .ingest.text import read_document
from .model import Document, Extraction
from .nlp import DEFAULT_MODEL
from .ontology import SYMMETRIC, ontology
from .store import IngestResult, Store
from .store.engine import is_postgres, label


def read_inputs(paths: list[str], published: str | None = None, fields: Fields | None = None
                ) -> Iterator[Document | Skipped]:
    """Documents from files, directories, globs, URLs and stdin ("-"): text, Markdown, HTML,
    JSON Lines, CSV, RSS/Atom feeds and URL lists; unreadable inputs come back as `Skipped`."""
    for item in iter_documents(paths, fields):
        if published and isinstance(item, Document) and not item.published:
            item = dataclasses.replace(item, published=published)
        yield item


def extract(documents: Iterable[Document], model: str = DEFAULT_MODEL,
            relations: str = "rules", min_confidence: float = 0.0) -> Iterator[Extraction]:
    """Extractions of documents with the pipeline `model` (loaded once per process).

    `relations` picks who finds relations: "rules" (the default; confidences from the learned
    classifier), "model" (the classifier alone) or "combined" (extract/classifier.py);
    relations below `min_confidence` are left out."""
    from .extract.classifier import variant_for
    from .extract.document import extract_documents
    from .nlp.pipeline import load_pipeline

    _check_confidence(min_confidence)
    variant_for(relations)  # a bad mode or a broken model file fails before any parsing
    return extract_documents(documents, load_pipeline(model), mode=relations,
                             min_confidence=min_confidence)


def _check_confidence(value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise BadInput(f"--min-confidence must lie between 0 and 1, not {value}")


def extract_paths(paths: list[str], model: str = DEFAULT_MODEL, published: str | None = None,
                  on_skip: Callable[[Skipped], None] | None = None,
                  fields: Fields | None = None, relations: str = "rules",
                  min_confidence: float = 0.0) -> Iterator[Extraction]:
    """Read, then extract; inputs that cannot be read are passed to `on_skip` and left out."""
    def documents() -> Iterator[Document]:
        for item in read_inputs(paths, published, fields):
            if isinstance(item, Skipped):
                if on_skip:
                    on_skip(item)
                continue
            yield item

    return extract(documents(), model, relations, min_confidence)


def pipeline_version(model: str = DEFAULT_MODEL) -> str:
    """What a stored document records as the pipeline that extracted it."""
    return f"allegiance {__version__}; {model}"


def ingest_paths(paths: list[str], db: str, model: str = DEFAULT_MODEL,
                 published: str | None = None,
                 on_skip: Callable[[Skipped], None] | None = None,
                 on_result: Callable[[IngestResult], None] | None = None,
                 fields: Fields | None = None) -> list[IngestResult]:
    """Extract and store, incrementally: a document already stored (same id or same text) is
    not parsed again; a near-duplicate of a stored or queued document (the same wire copy
    republished) is stored as a link to it, not extracted, so it is never evidence twice.
    Each document is committed on its own: an interrupted ingest resumes where it stopped."""
    results: list[IngestResult] = []

    def report(result: IngestResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    version = pipeline_version(model)
    with Store.open(db) as store:
        queued: dict[str, tuple[list[int], list[str]]] = {}  # parsed, not yet stored
        queued_bands: dict[str, set[str]] = {}
        seen: set[str] = set()
        deferred: list[tuple[Document, str, float]] = []

        def new_documents() -> Iterator[Document]:
            for item in read_inputs(paths, published, fields):
                if isinstance(item, Skipped):
                    if on_skip:
                        on_skip(item)
                    continue
                text_key = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
                if (item.id in seen or text_key in seen or store.has_document(item.id)
                        or store.document_with_text(item.text)):
                    report(IngestResult(item.id, added=False))
                    continue
                seen.update((item.id, text_key))
                signature = dedupe.minhash(item.text)
                bands = dedupe.bands(signature)
                candidates = store.band_candidates(bands)
                for band in bands:
                    for doc_id in queued_bands.get(band, ()):
                        candidates[doc_id] = queued[doc_id][0]
                match = dedupe.best_match(signature, candidates)
                if match and match[0] in queued:  # its original is still being parsed
                    deferred.append((item, *match))
                elif match:
                    report(store.add_duplicate(item, *match))
                else:
                    queued[item.id] = (signature, bands)
                    for band in bands:
                        queued_bands.setdefault(band, set()).add(item.id)
                    yield item

        for extraction in extract(new_documents(), model):
            signature, bands = queued[extraction.document.id]
            report(store.add_extraction(extraction, signature, bands, version))
            del queued[extraction.document.id]
            for band in bands:
                queued_bands[band].discard(extraction.document.id)
        for item, original, score in deferred:
            report(store.add_duplicate(item, original, score))
    return results


def reextract(db: str, model: str = DEFAULT_MODEL, everything: bool = False,
              on_result: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
    """Extract the stored documents again (those extracted by another pipeline version, or
    all with `everything`), replacing what each contributed; decisions stay and apply."""
    version = pipeline_version(model)
    results = []
    with _open_existing(db) as store:
        todo = [d for d in store.documents() if d["duplicate_of"] is None
                and (everything or d["extracted_with"] != version)]
        wanted = {d["id"] for d in todo}
        documents = (doc for doc in store.document_texts() if doc.id in wanted)
        for extraction in extract(documents, model):
            result = store.replace_extraction(extraction, version)
            results.append(result)
            if on_result:
                on_result(result)
    return results


def store_label(db: str) -> str:
    """The store as it may be shown (a PostgreSQL URL without its password)."""
    return label(db)


def _open_existing(db: str) -> Store:
    if not is_postgres(db) and db not in (":memory:", "") and not Path(
            db.removeprefix("sqlite:///")).exists():
        raise NotFound(f"{db}: no such store; create it with `allegiance ingest PATH --db {db}`")
    return Store.open(db)


def _query(db: str, run: Callable[[Graph], Any]) -> Any:
    with _open_existing(db) as store:
        return run(Graph(store))


def entities(db: str, query: str | None = None, entity_type: str | None = None,
             limit: int | None = None) -> list[dict]:
    """Stored entities matching `query` (a name, alias, acronym or part of one), most
    mentioned first; all entities without a query."""
    def run(graph: Graph) -> list[dict]:
        ids = None
        if query:
            ids = {graph.decisions.canonical(i) for i in graph.store.search_ids(query)}
            ids |= set(graph.find(query))
        rows = [r for r in graph.entities(ids) if not entity_type or r["type"] == entity_type]
        rows.sort(key=lambda r: (-r["mention_count"], r["name"].lower(), r["id"]))
        return rows[:limit] if limit else rows

    return _query(db, run)


def show(db: str, name: str) -> dict:
    """The dossier (DESIGN §3) of the entity that `name`, any of its aliases, names."""
    return _query(db, lambda graph: dossier(graph, name))


def neighbors(db: str, name: str, predicates: list[str] | None = None,
              since: str | None = None, until: str | None = None, min_evidence: int = 1,
              limit: int | None = None, min_confidence: float = 0.0) -> dict:
    """The neighbours of an entity, with filters (analysis/neighbors.py)."""
    from .analysis.neighbors import neighbors as run

    _check_predicates(predicates)
    _check_confidence(min_confidence)
    return _query(db, lambda graph: run(graph, name, predicates=predicates, since=since,
                                        until=until, min_evidence=min_evidence, limit=limit,
                                        min_confidence=min_confidence))


def path(db: str, source: str, target: str, k: int = 3, max_hops: int = 4,
         predicates: list[str] | None = None) -> dict:
    """The k evidence-weighted shortest paths between two entities (analysis/paths.py)."""
    from .analysis.paths import paths

    _check_predicates(predicates)
    return _query(db, lambda graph: paths(graph, source, target, k=k, max_hops=max_hops,
                                          predicates=predicates))


def timeline(db: str, name: str, since: str | None = None, until: str | None = None) -> dict:
    """An entity's relations, events and claims in date order (analysis/timeline.py)."""
    from .analysis.timeline import timeline as run

    return _query(db, lambda graph: run(graph, name, since=since, until=until))


def diff(db: str, before: str, after: str, entity: str | None = None,
         predicates: list[str] | None = None) -> dict:
    """Relations that appeared, disappeared or flipped between two periods."""
    from .analysis.diff import diff as run

    _check_predicates(predicates)
    return _query(db, lambda graph: run(graph, before, after, entity=entity,
                                        predicates=predicates))


def brokers(db: str, top: int = 20) -> dict:
    """The actors with the highest betweenness centrality (analysis/network.py)."""
    from .analysis.network import brokers as run

    return _query(db, lambda graph: run(graph, top))


def blocs(db: str, min_size: int = 2) -> dict:
    """Communities of cooperating actors and the hostile links between them."""
    from .analysis.network import blocs as run

    return _query(db, lambda graph: run(graph, min_size))


def contradictions(db: str, entity: str | None = None) -> dict:
    """Denials and promises that reported relations contradict (analysis/contradictions.py)."""
    from .analysis.contradictions import contradictions as run

    return _query(db, lambda graph: run(graph, entity))


def export(db: str, fmt: str, out: str) -> list[str]:
    """Write the graph as decided, with its evidence, in an analysts' format (export/)."""
    from .export import FORMATS, export_graph

    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    graph = _query(db, lambda graph: graph.graph_dict())
    return [str(p) for p in export_graph(graph, fmt, out)]


def _check_predicates(predicates: list[str] | None) -> None:
    known = ontology().predicates
    for name in predicates or ():
        if name not in known:
            raise BadInput(f"unknown predicate {name!r}; choose from {', '.join(known)}")


# --- analysts' decisions ---------------------------------------------------------------------

def review_merge(db: str, keep: str, other: str, note: str | None = None,
                 analyst: str | None = None) -> int:
    """Merge the entity `other` names into the one `keep` names; the decision's id."""
    with _open_existing(db) as store:
        into, merged = decisions.reference(store, keep), decisions.reference(store, other)
        if into["id"] == merged["id"]:
            raise BadInput(f"{keep!r} and {other!r} are already one entity ({into['id']})")
        return store.add_decision("merge", {"into": into, "other": merged}, note, analyst)


def review_split(db: str, entity: str, alias: str, name: str | None = None,
                 note: str | None = None, analyst: str | None = None) -> int:
    """Split the alias `alias` off the entity `entity` names into a new entity."""
    from .ids import slug, unique_id

    with _open_existing(db) as store:
        ref = decisions.reference(store, entity)
        row = Graph(store).entities([ref["id"]])[0]
        if alias.casefold() not in {a.casefold() for a in row["aliases"]}:
            raise BadInput(f"{alias!r} is not an alias of {ref['name']} "
                           f"(aliases: {', '.join(row['aliases'][:10])})")
        taken = {s.new_id for s in decisions.load(store).splits}
        new_id = unique_id(slug(name or alias), lambda i: i in taken or bool(
            store.entities([i])))
        return store.add_decision("split", {"entity": ref, "alias": alias, "new_id": new_id,
                                            "name": name or alias}, note, analyst)


def review_relation(db: str, verdict: str, subject: str, predicate: str, obj: str,
                    polarity: str | None = None, note: str | None = None,
                    analyst: str | None = None) -> int:
    """Reject or confirm a relation (`verdict` "reject" or "confirm"); any modality, one
    polarity or both."""
    _check_predicates([predicate])
    if polarity not in (None, "positive", "negative"):
        raise BadInput(f"polarity must be positive or negative, not {polarity!r}")
    with _open_existing(db) as store:
        s_ref, o_ref = decisions.reference(store, subject), decisions.reference(store, obj)
        graph = Graph(store)
        rows = [r for r in graph.relations([s_ref["id"]], predicates=[predicate],
                                           include_rejected=True)
                if {r["subject"], r["object"]} == {s_ref["id"], o_ref["id"]}
                and (predicate in SYMMETRIC or r["subject"] == s_ref["id"])
                and (polarity is None or r["polarity"] == polarity)]
        if not rows:
            raise BadInput(f"no relation {s_ref['name']} {predicate} {o_ref['name']} in "
                           f"{store.path}")
        return store.add_decision(verdict, {"subject": s_ref, "predicate": predicate,
                                            "object": o_ref, "polarity": polarity},
                                  note, analyst)


def review_reliability(db: str, source: str, grade: str, note: str | None = None,
                       analyst: str | None = None) -> int:
    """Grade a source's reliability on the Admiralty scale (A–F)."""
    grade = grade.strip().upper()
    if grade not in decisions.ADMIRALTY:
        raise BadInput(f"reliability must be one of A-F (Admiralty scale), not {grade!r}")
    with _open_existing(db) as store:
        return store.add_decision("reliability", {"source": source, "grade": grade},
                                  note, analyst)


def review_list(db: str, include_withdrawn: bool = False) -> list[dict]:
    """The decisions taken, oldest first."""
    with _open_existing(db) as store:
        return store.decisions(include_withdrawn)


def review_withdraw(db: str, decision_id: int) -> None:
    """Withdraw (undo) a decision."""
    with _open_existing(db) as store:
        if not store.withdraw_decision(decision_id):
            raise NotFound(f"no active decision {decision_id} in {store.path}")


def evaluate(directory: str | Path, model: str = DEFAULT_MODEL, relations: str = "rules",
             min_confidence: float = 0.0) -> CorpusScore:
    """Score the extractor against every `*.gold.json` in `directory` (DESIGN §4), with the
    relations of one mode (see `extract`)."""
    pairs = find_gold_pairs(directory)
    golds, documents = [], []
    for gold_path, text_path in pairs:
        gold = load_gold(gold_path)
        doc = read_document(text_path)
        golds.append(gold)
        documents.append(doc)
    scores = [score_document(gold, extraction.to_dict(), doc.text)
              for gold, doc, extraction in zip(golds, documents,
                                               extract(documents, model, relations,
                                                       min_confidence))]
    return score_corpus(scores)


def muc4(path: str, model: str = DEFAULT_MODEL) -> Iterator[dict]:
    """MUC-4 role fillers (DESIGN §3 `muc4`) for each document of a JSON Lines file with
    `docid` and `doctext`; lower-case texts are truecased first (ingest/truecase.py)."""
    from .evaluate.muc4 import read_jsonl
    from .extract.muc4 import muc4_extracts
    from .ingest.truecase import truecase

    rows = read_jsonl(path)
    documents = []
    for n, row in enumerate(rows, 1):
        text = row.get("doctext")
        if not isinstance(text, str) or not row.get("docid"):
            raise BadInput(f"{path}:{n}: a MUC-4 line needs \"docid\" and \"doctext\"")
        documents.append(Document(str(row["docid"]), truecase(text)))
    for extraction in extract(documents, model):
        yield {"docid": extraction.document.id, "extracts": muc4_extracts(extraction)}


def score_muc4(gold_path: str, predicted_path: str) -> dict:
    """CEAF-REE scores of MUC-4 predictions against gold (evaluate/muc4.py)."""
    from .evaluate.muc4 import read_jsonl, score_ceaf_ree

    return score_ceaf_ree(read_jsonl(gold_path), read_jsonl(predicted_path))


def ontology_dict() -> dict:
    """The ontology (entity types, predicates, modalities) as plain data."""
    return ontology().as_dict()
