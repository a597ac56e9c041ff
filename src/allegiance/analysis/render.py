"""Readable renderings of query results for the terminal (the CLI's default `--format table`)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def render_dossier(data: dict[str, Any], console: Console) -> None:
    ent = data["entity"]
    console.print(f"[bold]{ent['name']}[/bold]  ({ent['type']}, id {ent['id']})",
                  highlight=False)
    facts = []
    if ent["external_ids"]:
        facts.append(", ".join(f"{k} {v}" for k, v in sorted(ent["external_ids"].items())))
    attrs = ent["attributes"]
    if "lat" in attrs:
        facts.append(f"at {attrs['lat']:.3f}, {attrs['lon']:.3f}"
                     + (f" in {attrs['country']}" if attrs.get("country") else ""))
    if attrs.get("titles"):
        facts.append("titles: " + ", ".join(attrs["titles"]))
    facts.append(f"{ent['mention_count']} mentions in {ent['document_count']} documents")
    console.print("  " + " · ".join(facts), highlight=False)
    aliases = [f"{a} ×{n}" for a, n in ent["alias_counts"].items()]
    if aliases:
        console.print("  also written: " + ", ".join(aliases), highlight=False)
    ref = data.get("reference") or {}
    if ref.get("links") or ref.get("roles") or ref.get("countries"):
        parts = []
        if ref.get("countries"):
            parts.append("countries " + ", ".join(ref["countries"]))
        for link in ref.get("links", []):
            parts.append(f"{link['predicate']} {link['object']}{_years(link)}")
        for role in ref.get("roles", []):
            parts.append(f"{role['role']} of {role.get('group') or role.get('country')}"
                         f"{_years(role)}")
        console.print(f"  gazetteer: {'; '.join(parts)} [dim]({ref['source']})[/dim]",
                      highlight=False)
    if data["other_matches"]:
        console.print(f"  [dim]the name also matches: {', '.join(data['other_matches'])}[/dim]")
    if not data["relations"]:
        console.print("no relations stored yet")
    table = Table(title="relations, strongest evidence first", title_justify="left")
    for col in ("relation", "with", "polarity / modality", "evidence", "seen", "example"):
        table.add_column(col, overflow="fold")
    for rel in data["relations"]:
        outgoing = rel["subject"] == ent["id"]
        other = rel["object_name"] if outgoing else rel["subject_name"]
        arrow = rel["predicate"] if outgoing else f"← {rel['predicate']}"
        seen = " – ".join(dict.fromkeys(d for d in (rel["first_seen"], rel["last_seen"]) if d))
        example = rel["evidence"][0]["sentence"].strip().replace("\n", " ") if rel["evidence"] else ""
        table.add_row(arrow, other, f"{rel['polarity']} / {rel['modality']}",
                      f"{rel['evidence_count']} in {len(rel['documents'])} docs", seen or "—",
                      example[:200])
    if data["relations"]:
        console.print(table)
    if data["events"]:
        console.print(f"{len(data['events'])} events")


def _years(item: dict[str, Any]) -> str:
    since, until = item.get("since"), item.get("until")
    if since or until:
        return f" ({since or '?'}–{until or ''})"
    return ""
