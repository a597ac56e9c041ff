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
    if ent.get("merged_from"):
        console.print(f"  [dim]merged by an analyst from: {', '.join(ent['merged_from'])}[/dim]")
    if data["other_matches"]:
        console.print(f"  [dim]the name also matches: {', '.join(data['other_matches'])}[/dim]")
    for section, rows in data.get("sections", {}).items():
        items = [f"{r['name']}{'' if r['stance'] == 'positive' else ' (' + r['modality'] + ')'}"
                 f" ×{r['evidence_count']}" for r in rows[:8]]
        console.print(f"  [bold]{section.replace('_', ' ')}[/bold]: {', '.join(items)}",
                      highlight=False)
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
        _events_table(data["events"], console, f"recent events ({data.get('event_count', 0)} "
                                               "in all)")


def _events_table(events: list[dict[str, Any]], console: Console, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for col in ("date", "type", "ACLED", "actors", "targets", "place", "evidence"):
        table.add_column(col, overflow="fold")
    for ev in events:
        date = (ev.get("time") or {}).get("start") or ev.get("published") or ""
        table.add_row(date[:10], f"{ev['type']}{'/' + ev['mode'] if ev.get('mode') else ''}",
                      ev.get("acled_sub_event_type") or "", ", ".join(ev.get("actors", [])),
                      ", ".join(ev.get("targets", [])), ev.get("place") or "",
                      _sentence(ev.get("evidence") or {}, 160))
    console.print(table)


def _sentence(item: dict[str, Any], width: int = 200) -> str:
    return (item.get("sentence") or "").strip().replace("\n", " ")[:width]


def _table(title: str, columns: tuple[str, ...], rows: list[tuple], console: Console) -> None:
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[str(x) if x is not None else "" for x in row])
    console.print(table)


def render_neighbors(data: dict[str, Any], console: Console) -> None:
    ent = data["entity"]
    arrows = {"out": "→", "in": "←", "both": "↔"}
    _table(f"neighbours of {ent['name']} ({ent['id']})",
           ("relation", "neighbour", "type", "stance", "evidence", "seen", "example"),
           [(f"{arrows[n['direction']]} {n['predicate']}", n["name"], n["type"],
             f"{n['polarity']} / {n['modality']}" + (" ✓" if n["status"] == "confirmed" else ""),
             f"{n['evidence_count']} in {n['document_count']} docs",
             _seen(n), _sentence(n["evidence"][0]) if n["evidence"] else "")
            for n in data["neighbors"]], console)
    if not data["neighbors"]:
        console.print("no neighbours match")


def _seen(row: dict[str, Any]) -> str:
    return " – ".join(dict.fromkeys(d for d in (row.get("first_seen"), row.get("last_seen"))
                                    if d)) or "—"


def render_paths(data: dict[str, Any], console: Console) -> None:
    src, dst = data["source"]["name"], data["target"]["name"]
    if not data["paths"]:
        console.print(f"no path from {src} to {dst} within the hop limit")
        return
    for n, found in enumerate(data["paths"], 1):
        console.print(f"[bold]path {n}[/bold]: {found['length']} hops, cost {found['cost']}",
                      highlight=False)
        for hop in found["hops"]:
            rel = hop["relations"][0]
            more = f" (+{len(hop['relations']) - 1} more)" if len(hop["relations"]) > 1 else ""
            names = {hop["from"]: hop["from_name"], hop["to"]: hop["to_name"]}
            console.print(f"  {names[rel['subject']]} —{rel['predicate']}→ "
                          f"{names[rel['object']]}  "
                          f"[dim]{rel['evidence_count']} evidence{more}[/dim]", highlight=False)
            for item in rel["evidence"][:1]:
                console.print(f"      “{_sentence(item, 160)}” [dim]{item['document_id']}"
                              f"{' ' + item['published'] if item.get('published') else ''}[/dim]",
                              highlight=False)


def render_timeline(data: dict[str, Any], console: Console) -> None:
    rows = []
    for item in data["items"]:
        if item["kind"] == "relation":
            what = f"{item['subject_name']} {item['predicate']} {item['object_name']}" + (
                "" if item["polarity"] == "positive" and item["modality"] in (
                    "asserted", "reported", "hedged") else f" ({item['polarity']}, "
                                                           f"{item['modality']})")
        elif item["kind"] == "event":
            what = f"{item['type']}: {', '.join(item['actors'])} → {', '.join(item['targets'])}"
        else:
            what = f"{item['claim']} by {item.get('speaker') or 'the author'}"
        rows.append((item["date"] or "undated", item["kind"], what, _sentence(item, 160)))
    _table(f"timeline of {data['entity']['name']}", ("date", "kind", "what", "evidence"), rows,
           console)


def render_diff(data: dict[str, Any], console: Console) -> None:
    for change in ("appeared", "disappeared", "flipped"):
        rows = []
        for row in data[change]:
            before, after = row.get("before"), row.get("after")
            predicate = row["predicate"] + (f" → {row['after_predicate']}"
                                             if row.get("after_predicate") else "")
            rows.append((row["subject_name"], predicate, row["object_name"],
                         before["stance"] if before else "—", after["stance"] if after else "—",
                         _sentence({"sentence": (after or before)["example"]}, 160)))
        _table(f"{change} ({len(rows)}): up to {data['before']} vs from {data['after']}",
               ("subject", "predicate", "object", "before", "after", "latest evidence"), rows,
               console)


def render_brokers(data: dict[str, Any], console: Console) -> None:
    note = " (estimated from sampled sources)" if data["sampled"] else ""
    _table(f"brokers in a network of {data['nodes']} actors and {data['edges']} links{note}",
           ("actor", "betweenness", "links", "linked to"),
           [(b["name"], f"{b['betweenness']:.4f}", b["degree"], ", ".join(b["links"][:6]))
            for b in data["brokers"]], console)


def render_blocs(data: dict[str, Any], console: Console) -> None:
    _table("blocs of cooperating actors", ("bloc", "size", "core", "members"),
           [(b["bloc"], b["size"], b["core_name"],
             ", ".join(m["name"] for m in b["members"][:12])) for b in data["blocs"]], console)
    for link in data["hostile_links"]:
        console.print(f"  blocs {link['blocs'][0]} and {link['blocs'][1]}: "
                      f"{link['links']} hostile links", highlight=False)


def render_contradictions(data: dict[str, Any], console: Console) -> None:
    rows = []
    for c in data["contradictions"]:
        st = c["statement"]
        later = c["reported"]["evidence"][0] if c["reported"]["evidence"] else {}
        rows.append((c["kind"], f"{c['subject_name']} {c['predicate']} {c['object_name']}",
                     f"{st['kind']} {st.get('date') or ''}: {_sentence(st, 120)}",
                     f"{later.get('published') or ''}: {_sentence(later, 120)}"))
    _table("statements contradicted by reported relations",
           ("kind", "relation", "statement", "reported"), rows, console)
    if not rows:
        console.print("no contradictions found")


def render_decisions(rows: list[dict[str, Any]], console: Console) -> None:
    def what(d: dict[str, Any]) -> str:
        x = d["data"]
        if d["kind"] == "merge":
            return f"{x['other']['name']} ({x['other']['id']}) → {x['into']['name']}"
        if d["kind"] == "split":
            return f"{x['alias']!r} off {x['entity']['name']} → {x['new_id']}"
        if d["kind"] in ("reject", "confirm"):
            pol = f" ({x['polarity']})" if x.get("polarity") else ""
            return f"{x['subject']['name']} {x['predicate']} {x['object']['name']}{pol}"
        return f"{x['source']}: {x['grade']}"
    _table("analysts' decisions", ("#", "kind", "decision", "note", "by", "when", "active"),
           [(d["id"], d["kind"], what(d), d["note"], d["analyst"], d["created_at"][:19],
             "yes" if d["active"] else "withdrawn") for d in rows], console)


def _years(item: dict[str, Any]) -> str:
    since, until = item.get("since"), item.get("until")
    if since or until:
        return f" ({since or '?'}–{until or ''})"
    return ""
