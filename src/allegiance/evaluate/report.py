"""Printing a `CorpusScore`: a Rich table, optional error lists, and plain summary lines.

The last three lines printed are always plain text (no markup, no wrapping), so that
`tail -n 4` of the output shows the totals:

    totals  documents=11  relations tp=.. fp=.. fn=..  entities 120/140  events tp=.. fp=.. fn=..  places 5/7
    micro  relations P=0.812 R=0.790 F1=0.801  entities R=0.950  events P=0.500 R=0.400 F1=0.444  places A=0.714
    macro  relations F1=0.760 P=0.790 R=0.750  events F1=0.420  documents=11
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from allegiance.evaluate.scoring import PRF, CorpusScore, DocumentScore, RelationError


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _counts(p: PRF) -> str:
    return f"{p.tp}/{p.fp}/{p.fn}"


def _cells(name: str, r: PRF, e: PRF, ent: float | None, place: float | None) -> list[str]:
    return [name, _f(r.precision), _f(r.recall), _f(r.f1), _counts(r), _f(ent),
            _f(e.precision), _f(e.recall), _f(e.f1), _counts(e), _f(place)]


def _table(corpus: CorpusScore) -> Table:
    table = Table(title="Scores against gold (relations | entities | events)", box=box.SIMPLE_HEAD,
                  padding=(0, 0), pad_edge=False)
    for header in ("document", "P", "R", "F1", "tp/fp/fn", "ent R", "ev P", "ev R", "ev F1",
                   "tp/fp/fn", "place"):
        table.add_column(header, justify="left" if header == "document" else "right",
                         no_wrap=header != "document", overflow="fold")
    for doc in corpus.documents:
        table.add_row(*(escape(c) for c in _cells(doc.doc_id, doc.relations, doc.events,
                                                  doc.entity_recall, doc.place_accuracy)))
    table.add_section()
    table.add_row(*_cells("micro", corpus.relations, corpus.events, corpus.entity_recall,
                          corpus.place_accuracy), style="bold")
    mr, me = corpus.macro_relations, corpus.macro_events
    table.add_row("macro", _f(mr["precision"]), _f(mr["recall"]), _f(mr["f1"]), "", "",
                  _f(me["precision"]), _f(me["recall"]), _f(me["f1"]), "", "", style="bold")
    return table


def _relation_line(err: RelationError) -> str:
    return f"{err.subject} {err.predicate} {err.object} ({err.polarity})"


def _print_errors(doc: DocumentScore, console: Console) -> None:
    console.print(f"[bold]{escape(doc.doc_id)}[/bold]")
    sections = (("false positives", doc.false_positives), ("missed gold relations", doc.missed))
    for title, errors in sections:
        console.print(f"  {title} ({len(errors)})")
        for err in errors:
            console.print(f"    {_relation_line(err)}", markup=False, highlight=False)
            for sentence in err.sentences or ["(no sentence found)"]:
                console.print(f"      « {sentence} »", markup=False, highlight=False, style="dim")
    if doc.false_positive_events:
        console.print(f"  false positive events ({len(doc.false_positive_events)})")
        for ev in doc.false_positive_events:
            console.print(f"    {ev['type']} {ev['actors']} -> {ev['targets']} at {ev['place']}",
                          markup=False, highlight=False)
            if ev.get("sentence"):
                console.print(f"      « {ev['sentence']} »", markup=False, highlight=False, style="dim")
    if doc.missed_events:
        console.print(f"  missed gold events ({len(doc.missed_events)})")
        for ev in doc.missed_events:
            console.print(f"    {ev['id']} {'/'.join(ev['type'])}", markup=False, highlight=False)
            if ev.get("evidence"):
                console.print(f"      « {ev['evidence']} »", markup=False, highlight=False, style="dim")
    names = ", ".join(e["name"] for e in doc.missed_entities) or "none"
    console.print(f"  missed entities ({len(doc.missed_entities)}): {names}", markup=False,
                  highlight=False)


def summary_lines(corpus: CorpusScore) -> list[str]:
    """The plain totals lines printed last (see the module docstring)."""
    r, e, mr, me = corpus.relations, corpus.events, corpus.macro_relations, corpus.macro_events
    return [
        f"totals  documents={len(corpus.documents)}  relations tp={r.tp} fp={r.fp} fn={r.fn}  "
        f"entities {corpus.entities_found}/{corpus.entities_gold}  "
        f"events tp={e.tp} fp={e.fp} fn={e.fn}  places {corpus.places_correct}/{corpus.places_total}",
        f"micro  relations P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}  "
        f"entities R={corpus.entity_recall:.3f}  events P={e.precision:.3f} R={e.recall:.3f} "
        f"F1={e.f1:.3f}  places A={_f(corpus.place_accuracy)}",
        f"macro  relations F1={mr['f1']:.3f} P={mr['precision']:.3f} R={mr['recall']:.3f}  "
        f"events F1={me['f1']:.3f}  documents={mr['documents']}",
    ]


def render_report(corpus: CorpusScore, console: Console, errors: bool = False) -> None:
    """Print the per-document table, then (errors=True) every false positive, missed gold
    relation/event and missed entity per document, then the plain summary lines."""
    console.print(_table(corpus))
    if errors:
        for doc in corpus.documents:
            console.print()
            _print_errors(doc, console)
    console.print()
    for line in summary_lines(corpus):
        console.out(line, highlight=False)


def report_json(corpus: CorpusScore) -> dict[str, Any]:
    """The whole score as JSON-ready data: micro, macro and per-document scores with errors."""
    return {"format": "allegiance-eval/1", **corpus.to_dict()}
