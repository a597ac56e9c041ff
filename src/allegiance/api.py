"""The Python API: one function per command of the command line.

In Python: `api.extract_paths(["article.txt"])` · On the command line: `allegiance extract article.txt`
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import BadInput, NotFound
from .evaluate.gold import find_gold_pairs, load_gold
from .evaluate.scoring import CorpusScore, score_corpus, score_document
from .extract.document import extract_documents
from .ingest.paths import iter_input_paths
from .ingest.text import read_document
from .model import Document, Extraction
from .nlp.pipeline import DEFAULT_MODEL, load_pipeline
from .ontology import ontology
from .store import IngestResult, Store


@dataclass
class Skipped:
    """An input that could not be read, with the reason (reported as a warning)."""

    path: str
    reason: str


def read_inputs(paths: list[str], published: str | None = None) -> Iterator[Document | Skipped]:
    """Documents from files, directories and globs; unreadable files come back as `Skipped`."""
    for path in iter_input_paths(paths):
        try:
            doc = read_document(path)
        except BadInput as exc:
            yield Skipped(str(path), str(exc))
            continue
        if published and not doc.published:
            doc = Document(doc.id, doc.text, doc.title, doc.url, doc.source, published,
                           doc.language)
        yield doc


def extract(documents: Iterable[Document], model: str = DEFAULT_MODEL) -> Iterator[Extraction]:
    """Extractions of documents with the pipeline `model` (loaded once per process)."""
    return extract_documents(documents, load_pipeline(model))


def extract_paths(paths: list[str], model: str = DEFAULT_MODEL, published: str | None = None,
                  on_skip: Callable[[Skipped], None] | None = None) -> Iterator[Extraction]:
    """Read, then extract; files that cannot be read are passed to `on_skip` and left out."""
    def documents() -> Iterator[Document]:
        for item in read_inputs(paths, published):
            if isinstance(item, Skipped):
                if on_skip:
                    on_skip(item)
                continue
            yield item

    return extract(documents(), model)


def ingest_paths(paths: list[str], db: str, model: str = DEFAULT_MODEL,
                 published: str | None = None,
                 on_skip: Callable[[Skipped], None] | None = None,
                 on_result: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
    """Extract and store; documents already in the store are not parsed again."""
    results = []
    with Store.open(db) as store:
        def new_documents() -> Iterator[Document]:
            for item in read_inputs(paths, published):
                if isinstance(item, Skipped):
                    if on_skip:
                        on_skip(item)
                elif store.has_document(item.id):
                    result = IngestResult(item.id, False)
                    results.append(result)
                    if on_result:
                        on_result(result)
                else:
                    yield item

        for extraction in extract(new_documents(), model):
            result = store.add_extraction(extraction)
            results.append(result)
            if on_result:
                on_result(result)
    return results


def entities(db: str, query: str | None = None, entity_type: str | None = None,
             limit: int | None = None) -> list[dict]:
    """Stored entities matching `query` (a name, alias, acronym or part of one), most
    mentioned first; all entities without a query."""
    with _open_existing(db) as store:
        return store.search(query, entity_type, limit)


def show(db: str, name: str) -> dict:
    """The dossier (DESIGN §3) of the stored entity that `name`, any of its aliases, names."""
    from .analysis.dossier import dossier

    with _open_existing(db) as store:
        return dossier(store, name)


def _open_existing(db: str) -> Store:
    if db not in (":memory:", "") and not Path(db.removeprefix("sqlite:///")).exists():
        raise NotFound(f"{db}: no such store; create it with `allegiance ingest PATH --db {db}`")
    return Store.open(db)


def evaluate(directory: str | Path, model: str = DEFAULT_MODEL) -> CorpusScore:
    """Score the extractor against every `*.gold.json` in `directory` (DESIGN §4)."""
    pairs = find_gold_pairs(directory)
    golds, documents = [], []
    for gold_path, text_path in pairs:
        gold = load_gold(gold_path)
        doc = read_document(text_path)
        golds.append(gold)
        documents.append(doc)
    scores = [score_document(gold, extraction.to_dict(), doc.text)
              for gold, doc, extraction in zip(golds, documents, extract(documents, model))]
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
