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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__, api
from .errors import AllegianceError
from .nlp.pipeline import DEFAULT_MODEL

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Evidence-backed knowledge graphs of armed groups from news reports.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Format(str, Enum):
    table = "table"
    json = "json"


Fmt = Annotated[Format, typer.Option("--format", "-f", help="table (default) or json")]
Model = Annotated[str, typer.Option("--model", help="an installed spaCy pipeline to use")]
Db = Annotated[str, typer.Option("--db", help="SQLite database file")]
Paths = Annotated[list[str], typer.Argument(help="files, directories or glob patterns")]
Published = Annotated[Optional[str], typer.Option(
    "--published", help="publication date (ISO) for inputs that carry none")]


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


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


@app.command()
def extract(paths: Paths, fmt: Fmt = Format.table, model: Model = DEFAULT_MODEL,
            published: Published = None) -> None:
    """Extract entities and relations from text files, without storing them.

    Example:  allegiance extract examples/ --format json > graph.jsonl
    """
    count = 0
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        for extraction in api.extract_paths(paths, model, published, on_skip=_warn):
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


@app.command()
def ingest(paths: Paths, db: Db = "allegiance.db", model: Model = DEFAULT_MODEL,
           published: Published = None) -> None:
    """Extract and store documents in a SQLite database (re-ingesting adds nothing).

    Example:  allegiance ingest examples/ --db graph.db
    """
    added = kept = 0
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)

        def on_result(result) -> None:
            nonlocal added, kept
            progress.advance(task)
            if result.added:
                added += 1
            else:
                kept += 1

        api.ingest_paths(paths, db, model, published, on_skip=_warn, on_result=on_result)
    err.print(f"{added} documents added, {kept} already stored, in {db}")


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
    table = Table(title=f"entities{f' matching {query!r}' if query else ''} in {db}",
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


@app.command("show")
def show_command(name: Annotated[str, typer.Argument(help="any name, alias or acronym")],
                 db: Db = "allegiance.db", fmt: Fmt = Format.table) -> None:
    """The dossier of an entity: names, links with evidence, first and last seen.

    Example:  allegiance show "al-Qa'ida" --db graph.db
    """
    data = api.show(db, name)
    if fmt is Format.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        from .analysis.render import render_dossier

        render_dossier(data, out)


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
                                "CEAF-REE")] = None
             ) -> None:
    """Score extraction against hand-made gold (relation P/R/F1, entity recall, events), or
    MUC-4 predictions against MUC-4 gold (CEAF-REE).

    Example:  allegiance eval ../shared/eval/news --errors
    Example:  allegiance eval --muc4 ../shared/eval/external/muc4/dev.jsonl pred.jsonl
    """
    from .evaluate.report import render_report, report_json

    if muc4:
        from .evaluate.muc4 import render_muc4

        result = api.score_muc4(muc4, directory)
        print(json.dumps(result, indent=1) if fmt is Format.json else render_muc4(result))
        return

    corpus = api.evaluate(directory, model)
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
