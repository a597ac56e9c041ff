"""The `allegiance` command line: parse options, call `allegiance.api`, print.

Results go to stdout, messages and progress bars to stderr. Every `AllegianceError` becomes
one line `Error: <message>` and exit status 1.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn)
from rich.table import Table
from rich.text import Text

from . import __version__, api
from .errors import AllegianceError
from .nlp import DEFAULT_MODEL

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Evidence-backed knowledge graphs of armed groups from news reports.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Format(str, Enum):
    table = "table"
    json = "json"


Fmt = Annotated[Format, typer.Option("--format", "-f", help="table (default) or json")]
Model = Annotated[str, typer.Option("--model", help="an installed spaCy pipeline to use")]
Db = Annotated[str, typer.Option(
    "--db", envvar="ALLEGIANCE_DB",
    help="the store: an SQLite file or a postgresql://user@host/dbname URL")]
Paths = Annotated[list[str], typer.Argument(
    help="files, directories, glob patterns, http(s) URLs, or - for stdin")]
Published = Annotated[Optional[str], typer.Option(
    "--published", help="publication date (ISO) for inputs that carry none")]


class RelationMode(str, Enum):
    rules = "rules"
    model = "model"
    combined = "combined"


Relations = Annotated[RelationMode, typer.Option(
    "--relations", help="who finds relations: the rules (default; the learned classifier "
                        "gives their confidence), the classifier alone, or both combined")]
MinConfidence = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="leave out relations whose confidence (a calibrated probability) is lower")]


def _fields(text: str | None, title: str | None, date: str | None, url: str | None,
            id_field: str | None) -> api.Fields:
    return api.Fields(**{k: v for k, v in {"text": text, "title": title, "published": date,
                                            "url": url, "id": id_field}.items() if v})


TextField = Annotated[Optional[str], typer.Option(
    "--text-field", help="JSONL/CSV: the column holding the text")]
TitleField = Annotated[Optional[str], typer.Option("--title-field", help="JSONL/CSV: title")]
DateField = Annotated[Optional[str], typer.Option(
    "--date-field", help="JSONL/CSV: publication date")]
UrlField = Annotated[Optional[str], typer.Option("--url-field", help="JSONL/CSV: url")]
IdField = Annotated[Optional[str], typer.Option("--id-field", help="JSONL/CSV: document id")]


def _version(value: bool) -> None:
    if value:
        print(f"allegiance {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="show the version and exit")] = False
                 ) -> None:
    """Evidence-backed knowledge graphs of armed groups from news reports."""


def _warn(skipped: api.Skipped) -> None:
    err.print(f"[yellow]Warning:[/yellow] skipped {skipped.reason}", highlight=False)


def _progress(rate: bool = False) -> Progress:
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    if rate:
        columns.append(RateColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


@app.command()
def extract(paths: Paths, fmt: Fmt = Format.table, model: Model = DEFAULT_MODEL,
            published: Published = None, text_field: TextField = None,
            title_field: TitleField = None, date_field: DateField = None,
            url_field: UrlField = None, id_field: IdField = None,
            relations: Relations = RelationMode.rules, min_confidence: MinConfidence = 0.0
            ) -> None:
    """Extract entities and relations from text files, without storing them.

    Example:  allegiance extract examples/ --format json > graph.jsonl
    Example:  allegiance extract report.txt --min-confidence 0.7
    """
    count = 0
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        fields = _fields(text_field, title_field, date_field, url_field, id_field)
        for extraction in api.extract_paths(paths, model, published, on_skip=_warn,
                                            fields=fields, relations=relations.value,
                                            min_confidence=min_confidence):
            count += 1
            progress.advance(task)
            if fmt is Format.json:
                sys.stdout.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                _print_extraction(extraction)
    if count == 0:
        raise AllegianceError("no document could be read")


def _print_extraction(extraction) -> None:
    names = {e.id: e.name for e in extraction.entities}
    doc = extraction.document
    table = Table(title=f"{doc.title or doc.source or doc.id}", title_justify="left")
    for col in ("subject", "predicate", "object", "polarity", "modality", "evidence"):
        table.add_column(col, overflow="fold")
    for rel in extraction.relations:
        ev = rel.evidence[0].sentence.strip().replace("\n", " ")
        if len(rel.evidence) > 1:
            ev += f"  (+{len(rel.evidence) - 1} more)"
        table.add_row(names.get(rel.subject, rel.subject), rel.predicate,
                      names.get(rel.object, rel.object), rel.polarity, rel.modality, ev)
    out.print(table)
    if extraction.events:
        events = Table(title="events", title_justify="left")
        for col in ("type", "mode", "actors", "targets", "place", "time", "killed", "evidence"):
            events.add_column(col, overflow="fold")
        for ev in extraction.events:
            show = lambda ids: ", ".join(names.get(i, i) for i in ids)  # noqa: E731
            events.add_row(ev.type, ev.mode or "", show(ev.actors), show(ev.targets),
                           names.get(ev.place, ev.place or ""), ev.time.get("text") or "",
                           str(ev.casualties.get("killed") or ""),
                           ev.evidence.sentence.strip().replace("\n", " ")[:160])
        out.print(events)
    for claim in extraction.claims:
        speaker = names.get(claim.speaker, claim.speaker or "the author")
        out.print(f"claim ({claim.kind}) by {speaker}: "
                  f"{claim.evidence.sentence.strip()[:160]}", highlight=False)
    out.print(f"{len(extraction.entities)} entities, {len(extraction.relations)} relations, "
              f"{len(extraction.events)} events, {len(extraction.claims)} claims")


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


@app.command()
def ingest(paths: Paths, db: Db = "allegiance.db", model: Model = DEFAULT_MODEL,
           published: Published = None, text_field: TextField = None,
           title_field: TitleField = None, date_field: DateField = None,
           url_field: UrlField = None, id_field: IdField = None) -> None:
    """Extract and store documents: text, Markdown, HTML, JSONL, CSV, RSS/Atom, URL lists.

    Incremental and resumable: documents already stored are skipped, near-duplicates
    (republished wire copy) are linked to their original instead of counted twice.

    Example:  allegiance ingest examples/ --db graph.db
    Example:  allegiance ingest corpus.jsonl --text-field body --db postgresql://localhost/graph
    """
    counts = {"added": 0, "kept": 0, "linked": 0}
    fields = _fields(text_field, title_field, date_field, url_field, id_field)
    with _progress(rate=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_result(result) -> None:
            progress.advance(task)
            key = "linked" if result.duplicate_of else "added" if result.added else "kept"
            counts[key] += 1

        api.ingest_paths(paths, db, model, published, on_skip=_warn, on_result=on_result,
                         fields=fields)
    err.print(f"{counts['added']} documents added, {counts['kept']} already stored, "
              f"{counts['linked']} near-duplicates linked, in {api.store_label(db)}")


@app.command()
def reextract(db: Db = "allegiance.db", model: Model = DEFAULT_MODEL,
              everything: Annotated[bool, typer.Option(
                  "--all", help="every document, not only those extracted by another "
                                "pipeline version")] = False) -> None:
    """Extract the stored documents again with this pipeline; analysts' decisions stay.

    Example:  allegiance reextract --db graph.db --all
    """
    done = 0
    with _progress(rate=True) as progress:
        task = progress.add_task("re-extracting", total=None)

        def on_result(_result) -> None:
            nonlocal done
            done += 1
            progress.advance(task)

        api.reextract(db, model, everything, on_result)
    err.print(f"{done} documents re-extracted in {api.store_label(db)}")


class EntityType(str, Enum):
    ARMED_GROUP = "ARMED_GROUP"
    COUNTRY = "COUNTRY"
    ORGANIZATION = "ORGANIZATION"
    PERSON = "PERSON"
    PLACE = "PLACE"


@app.command("entities")
def entities_command(
        query: Annotated[Optional[str], typer.Argument(
            help="a name, alias, acronym or part of one; all entities if left out")] = None,
        db: Db = "allegiance.db", fmt: Fmt = Format.table,
        entity_type: Annotated[Optional[EntityType], typer.Option(
            "--type", help="only entities of this type")] = None,
        limit: Annotated[int, typer.Option("--limit", help="at most this many (0: all)")] = 50
        ) -> None:
    """List and search the stored entities, most mentioned first.

    Example:  allegiance entities qaeda --db graph.db
    """
    rows = api.entities(db, query, entity_type.value if entity_type else None, limit or None)
    if fmt is Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"entities{f' matching {query!r}' if query else ''} in "
                        f"{api.store_label(db)}",
                  title_justify="left")
    for col in ("id", "type", "name", "mentions", "documents", "aliases", "wikidata"):
        table.add_column(col, overflow="fold")
    for row in rows:
        aliases = [f"{a} ({n})" for a, n in row["alias_counts"].items() if a != row["name"]]
        table.add_row(row["id"], row["type"], row["name"], str(row["mention_count"]),
                      str(row["document_count"]), ", ".join(aliases[:6]),
                      row["external_ids"].get("wikidata", ""))
    out.print(table)
    if not rows:
        err.print("no entity matches" if query else "the store holds no entity yet")


def _emit(data, fmt: Format, renderer: str) -> None:
    """Print a query's result: JSON on stdout, or the readable rendering."""
    if fmt is Format.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from .analysis import render

    getattr(render, renderer)(data, out)


Predicates = Annotated[Optional[list[str]], typer.Option(
    "--predicate", "-p", help="only this predicate (repeatable), e.g. ALLY_OF")]
Since = Annotated[Optional[str], typer.Option("--since", help="evidence from this ISO date")]
Until = Annotated[Optional[str], typer.Option("--until", help="evidence up to this ISO date")]
Name = Annotated[str, typer.Argument(help="any name, alias or acronym")]


@app.command("show")
def show_command(name: Name, db: Db = "allegiance.db", fmt: Fmt = Format.table) -> None:
    """The dossier of an entity: names, leaders, allies, affiliates, enemies, supporters,
    areas, recent events and the strongest evidence.

    Example:  allegiance show "al-Qa'ida" --db graph.db
    """
    _emit(api.show(db, name), fmt, "render_dossier")


@app.command("neighbors")
def neighbors_command(name: Name, db: Db = "allegiance.db", fmt: Fmt = Format.table,
                      predicate: Predicates = None, since: Since = None, until: Until = None,
                      min_evidence: Annotated[int, typer.Option(
                          "--min-evidence", help="at least this many evidence sentences")] = 1,
                      limit: Annotated[int, typer.Option("--limit", help="at most (0: all)")]
                      = 0, min_confidence: MinConfidence = 0.0) -> None:
    """An entity's neighbours, strongest evidence first, with filters.

    Example:  allegiance neighbors JNIM -p ALLY_OF --since 2020-01-01 --min-evidence 2
    """
    _emit(api.neighbors(db, name, predicate, since, until, min_evidence, limit or None,
                        min_confidence), fmt, "render_neighbors")


@app.command("path")
def path_command(source: Annotated[str, typer.Argument(help="from this entity")],
                 target: Annotated[str, typer.Argument(help="to this entity")],
                 db: Db = "allegiance.db", fmt: Fmt = Format.table,
                 k: Annotated[int, typer.Option("-k", help="how many paths")] = 3,
                 max_hops: Annotated[int, typer.Option("--max-hops")] = 4,
                 predicate: Predicates = None) -> None:
    """The k shortest evidence-weighted paths between two entities, each hop with its
    sentences.

    Example:  allegiance path JNIM al-Shabaab -k 3 --db graph.db
    """
    _emit(api.path(db, source, target, k, max_hops, predicate), fmt, "render_paths")


@app.command("timeline")
def timeline_command(name: Name, db: Db = "allegiance.db", fmt: Fmt = Format.table,
                     since: Since = None, until: Until = None) -> None:
    """An entity's reported relations, events and claims in date order.

    Example:  allegiance timeline "Islamic State Sahel Province" --db graph.db
    """
    _emit(api.timeline(db, name, since, until), fmt, "render_timeline")


@app.command("diff")
def diff_command(before: Annotated[str, typer.Option(
                     "--before", help="the first period: evidence up to this ISO date")],
                 after: Annotated[str, typer.Option(
                     "--after", help="the second period: evidence from this ISO date")],
                 db: Db = "allegiance.db", fmt: Fmt = Format.table,
                 entity: Annotated[Optional[str], typer.Option(
                     "--entity", help="only relations of this entity")] = None,
                 predicate: Predicates = None) -> None:
    """Relations that appeared, disappeared or flipped between two periods.

    Example:  allegiance diff --before 2019-12-31 --after 2020-01-01 --db graph.db
    """
    _emit(api.diff(db, before, after, entity, predicate), fmt, "render_diff")


@app.command("brokers")
def brokers_command(db: Db = "allegiance.db", fmt: Fmt = Format.table,
                    top: Annotated[int, typer.Option("--top")] = 20) -> None:
    """The actors that broker between others (betweenness centrality).

    Example:  allegiance brokers --top 10 --db graph.db
    """
    _emit(api.brokers(db, top), fmt, "render_brokers")


@app.command("blocs")
def blocs_command(db: Db = "allegiance.db", fmt: Fmt = Format.table,
                  min_size: Annotated[int, typer.Option("--min-size")] = 2) -> None:
    """Communities of cooperating actors and the hostile links between them.

    Example:  allegiance blocs --db graph.db
    """
    _emit(api.blocs(db, min_size), fmt, "render_blocs")


@app.command("contradictions")
def contradictions_command(db: Db = "allegiance.db", fmt: Fmt = Format.table,
                           entity: Annotated[Optional[str], typer.Option(
                               "--entity", help="only statements about this entity")] = None
                           ) -> None:
    """Denials and promises that reported relations contradict (e.g. a promise to cut ties
    followed by new evidence of alliance).

    Example:  allegiance contradictions --db graph.db
    """
    _emit(api.contradictions(db, entity), fmt, "render_contradictions")


@app.command("export")
def export_command(to: Annotated[str, typer.Option(
                       "--to", help="graphml, gexf, neo4j, stix, ftm, csv or json")],
                   output: Annotated[str, typer.Option(
                       "-o", "--output", help="the file to write (a folder for neo4j)")],
                   db: Db = "allegiance.db") -> None:
    """Export the graph, with its evidence, for Gephi, yEd, Neo4j, STIX tools, Aleph.

    Example:  allegiance export --to stix -o graph.stix.json --db graph.db
    """
    for written in api.export(db, to, output):
        err.print(f"wrote {written}", highlight=False)


review = typer.Typer(no_args_is_help=True, help="Analysts' decisions: merge, split, reject, "
                     "confirm, grade sources; kept apart from extracted data.")
app.add_typer(review, name="review")
Note = Annotated[Optional[str], typer.Option("--note", help="why (kept with the decision)")]
Analyst = Annotated[Optional[str], typer.Option("--analyst", envvar="ALLEGIANCE_ANALYST",
                                                help="who decided")]


def _decided(decision_id: int, what: str) -> None:
    err.print(f"decision {decision_id}: {what}", highlight=False)


@review.command("merge")
def review_merge(keep: Annotated[str, typer.Argument(help="the entity to keep")],
                 other: Annotated[str, typer.Argument(help="the entity merged into it")],
                 db: Db = "allegiance.db", note: Note = None, analyst: Analyst = None) -> None:
    """Merge two entities that are one (the second into the first)."""
    _decided(api.review_merge(db, keep, other, note, analyst), f"{other} merged into {keep}")


@review.command("split")
def review_split(entity: Name, alias: Annotated[str, typer.Argument(
                     help="the alias that names another entity")],
                 name: Annotated[Optional[str], typer.Option(
                     "--name", help="the new entity's name (default: the alias)")] = None,
                 db: Db = "allegiance.db", note: Note = None, analyst: Analyst = None) -> None:
    """Split an alias wrongly merged into an entity off into a new entity."""
    _decided(api.review_split(db, entity, alias, name, note, analyst),
             f"{alias!r} split off {entity}")


Polarity = Annotated[Optional[str], typer.Option(
    "--polarity", help="positive or negative (default: both)")]


@review.command("reject")
def review_reject(subject: Name, predicate: Annotated[str, typer.Argument(help="e.g. ALLY_OF")],
                  obj: Annotated[str, typer.Argument(metavar="OBJECT", help="the object")],
                  polarity: Polarity = None, db: Db = "allegiance.db", note: Note = None,
                  analyst: Analyst = None) -> None:
    """Reject a relation: it is left out of every query and export."""
    _decided(api.review_relation(db, "reject", subject, predicate, obj, polarity, note,
                                 analyst), f"rejected {subject} {predicate} {obj}")


@review.command("confirm")
def review_confirm(subject: Name, predicate: Annotated[str, typer.Argument(help="e.g. ALLY_OF")],
                   obj: Annotated[str, typer.Argument(metavar="OBJECT", help="the object")],
                   polarity: Polarity = None, db: Db = "allegiance.db", note: Note = None,
                   analyst: Analyst = None) -> None:
    """Confirm a relation (shown with status "confirmed")."""
    _decided(api.review_relation(db, "confirm", subject, predicate, obj, polarity, note,
                                 analyst), f"confirmed {subject} {predicate} {obj}")


@review.command("reliability")
def review_reliability(source: Annotated[str, typer.Argument(help="a document source")],
                       grade: Annotated[str, typer.Argument(help="Admiralty grade A-F")],
                       db: Db = "allegiance.db", note: Note = None,
                       analyst: Analyst = None) -> None:
    """Grade a source's reliability (A completely reliable ... E unreliable, F cannot be
    judged)."""
    _decided(api.review_reliability(db, source, grade, note, analyst),
             f"{source} graded {grade.upper()}")


@review.command("list")
def review_list(db: Db = "allegiance.db", fmt: Fmt = Format.table,
                withdrawn: Annotated[bool, typer.Option(
                    "--withdrawn", help="include withdrawn decisions")] = False) -> None:
    """The decisions taken, oldest first."""
    _emit(api.review_list(db, withdrawn), fmt, "render_decisions")


@review.command("withdraw")
def review_withdraw(decision_id: Annotated[int, typer.Argument(help="the decision's number")],
                    db: Db = "allegiance.db") -> None:
    """Withdraw (undo) a decision."""
    api.review_withdraw(db, decision_id)
    err.print(f"decision {decision_id} withdrawn")


@app.command("muc4")
def muc4_command(path: Annotated[str, typer.Argument(
        help="JSON Lines with docid and doctext (MUC-4, GRIT format)")],
                 model: Model = DEFAULT_MODEL) -> None:
    """Write the MUC-4 role fillers (PerpInd, PerpOrg, Target, Victim, Weapon) per document.

    Example:  allegiance muc4 ../shared/eval/external/muc4/dev.jsonl > pred.jsonl
    """
    with _progress() as progress:
        task = progress.add_task("muc4", total=None)
        for row in api.muc4(path, model):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            progress.advance(task)


@app.command("eval")
def evaluate(directory: Annotated[str, typer.Argument(
                 help="folder with *.gold.json and texts (with --muc4: the predictions file)")],
             fmt: Fmt = Format.table, model: Model = DEFAULT_MODEL,
             errors: Annotated[bool, typer.Option(
                 "--errors", help="list every false positive and missed gold relation")] = False,
             muc4: Annotated[Optional[str], typer.Option(
                 "--muc4", help="MUC-4 gold JSON Lines: score DIRECTORY's predictions with "
                                "CEAF-REE")] = None,
             relations: Relations = RelationMode.rules,
             min_confidence: MinConfidence = 0.0) -> None:
    """Score extraction against hand-made gold (relation P/R/F1, entity recall, events), or
    MUC-4 predictions against MUC-4 gold (CEAF-REE).

    Example:  allegiance eval ../shared/eval/news --errors
    Example:  allegiance eval ../shared/eval/news --relations rules
    Example:  allegiance eval --muc4 ../shared/eval/external/muc4/dev.jsonl pred.jsonl
    """
    from .evaluate.report import render_report, report_json

    if muc4:
        from .evaluate.muc4 import render_muc4

        result = api.score_muc4(muc4, directory)
        print(json.dumps(result, indent=1) if fmt is Format.json else render_muc4(result))
        return

    corpus = api.evaluate(directory, model, relations.value, min_confidence)
    if fmt is Format.json:
        print(json.dumps(report_json(corpus), ensure_ascii=False, indent=1))
    else:
        render_report(corpus, out, errors=errors)


@app.command("ontology")
def ontology_command(fmt: Fmt = Format.table) -> None:
    """Print the ontology: entity types, predicates with their symmetry and allowed types.

    Example:  allegiance ontology --format json
    """
    data = api.ontology_dict()
    if fmt is Format.json:
        print(json.dumps(data, indent=1))
        return
    table = Table(title="predicates")
    for col in ("predicate", "symmetric", "subject", "object", "meaning"):
        table.add_column(col, overflow="fold")
    for name, p in data["predicates"].items():
        table.add_row(name, "yes" if p["symmetric"] else "no", ", ".join(p["subject"]),
                      ", ".join(p["object"]), p["meaning"])
    out.print(table)


def main() -> None:
    try:
        app(standalone_mode=False)
    except AllegianceError as exc:
        err.print(f"Error: {exc}", highlight=False, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
