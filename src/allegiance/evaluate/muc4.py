"""CEAF-REE scoring of MUC-4 role-filler extraction, as in GRIT (Du, Rush & Cardie, EACL 2021).

Data: `shared/eval/external/muc4/` (README.md there). Both files are JSON Lines:

- gold: ``{"docid", "doctext", "extracts": {role: [entity, ...]}}``, each entity a list of
  coreferent mentions ``[mention_string, char_offset]``;
- predictions: ``{"docid", "extracts": {role: [entity, ...]}}``, each entity a list of mention
  strings (``[mention_string, char_offset]`` pairs are accepted too).

Per document and role, a predicted entity scores 1 against a gold entity when every one of its
normalised mentions is among the gold entity's normalised mentions (one mention is enough; an
empty predicted entity scores 0). Predicted and gold entities are aligned one-to-one so that
the total score is maximal (maximum bipartite matching by augmenting paths). Counts of matched,
predicted and gold entities are summed over documents per role, then over roles for the micro
average. Predicted entities of one document and role with the same set of normalised mentions
are collapsed into one before matching.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections import deque
from pathlib import Path
from typing import Any

from allegiance.errors import BadInput

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

_ASCII_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(?:a|an|the)\b")
_SPACES = re.compile(r"\s+")


def _is_punctuation(ch: str) -> bool:
    return ch in _ASCII_PUNCTUATION or unicodedata.category(ch).startswith("P")


def normalize_mention(text: str) -> str:
    """Return the comparison key of a mention string.

    Steps, in order: lower case; punctuation deleted (ASCII ``string.punctuation`` and every
    Unicode punctuation character; deleted, not replaced by a space); the articles a/an/the
    removed as whole words; whitespace collapsed to single spaces and stripped.

    >>> normalize_mention("The  F.M.L.N.")
    'fmln'
    >>> normalize_mention('"Santo Tomas" farm, a house')
    'santo tomas farm house'
    >>> normalize_mention("Theater")
    'theater'
    """
    text = text.lower()
    text = "".join(ch for ch in text if not _is_punctuation(ch))
    text = _ARTICLES.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file into a list of objects; blank lines are skipped.

    Raises `BadInput` ("file: reason" or "file:line: reason") when the file is missing or
    unreadable, or when a line is not valid JSON or not a JSON object.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: file not found") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadInput(f"{path}:{line}: not UTF-8 text") from None
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{number}: invalid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(value, dict):
            raise BadInput(f"{path}:{number}: expected a JSON object, got {type(value).__name__}")
        records.append(value)
    return records


# --- reading the extracts -------------------------------------------------------------------


def _mention_text(mention: Any, where: str) -> str:
    """A mention is a string or a ``[string, offset]`` pair."""
    if isinstance(mention, str):
        return mention
    if (isinstance(mention, (list, tuple)) and len(mention) == 2 and isinstance(mention[0], str)
            and (mention[1] is None or (isinstance(mention[1], int) and not isinstance(mention[1], bool)))):
        return mention[0]
    raise BadInput(f"{where}: a mention must be a string or a [string, offset] pair, got {mention!r}")


def _role_entities(extracts: Any, role: str, where: str) -> list[frozenset[str]]:
    """The entities of one role as sets of normalised mentions (missing role: none)."""
    entities = extracts.get(role) if extracts is not None else None
    if entities is None:
        return []
    if not isinstance(entities, list):
        raise BadInput(f"{where}: role {role} must be a list of entities")
    result = []
    for index, entity in enumerate(entities):
        if not isinstance(entity, (list, tuple)):
            raise BadInput(f"{where}: role {role}, entity {index}: an entity must be a list of mentions")
        result.append(frozenset(
            normalize_mention(_mention_text(m, f"{where}: role {role}, entity {index}")) for m in entity))
    return result


def _index(records: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any] | None]:
    """docid -> extracts (None when absent); a missing or repeated docid is an error."""
    by_id: dict[str, dict[str, Any] | None] = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise BadInput(f"{kind} record {number}: expected an object")
        docid = record.get("docid")
        if not isinstance(docid, str) or not docid:
            raise BadInput(f"{kind} record {number}: missing or empty docid")
        if docid in by_id:
            raise BadInput(f"{kind} record {number}: duplicate docid {docid!r}")
        extracts = record.get("extracts")
        if extracts is not None and not isinstance(extracts, dict):
            raise BadInput(f"{kind} document {docid}: extracts must be an object")
        by_id[docid] = extracts
    return by_id


# --- matching ---------------------------------------------------------------------------------


def _entity_score(predicted: frozenset[str], gold: frozenset[str]) -> int:
    return 1 if predicted and predicted <= gold else 0


def _max_matching(adjacency: list[list[int]], n_right: int) -> int:
    """Size of a maximum matching of a bipartite graph (left i -> rights in adjacency[i]).

    Augmenting paths found by breadth-first search from each free left vertex in turn.
    """
    match_left: list[int | None] = [None] * len(adjacency)
    match_right: list[int | None] = [None] * n_right
    size = 0
    for root in range(len(adjacency)):
        if not adjacency[root]:
            continue
        parent: dict[int, int] = {}  # right vertex -> left vertex it was reached from
        queue = deque([root])
        end = None
        while queue and end is None:
            left = queue.popleft()
            for right in adjacency[left]:
                if right in parent:
                    continue
                parent[right] = left
                if match_right[right] is None:
                    end = right
                    break
                queue.append(match_right[right])
        if end is None:
            continue
        right: int | None = end
        while right is not None:
            left = parent[right]
            previous = match_left[left]
            match_left[left] = right
            match_right[right] = left
            right = previous
        size += 1
    return size


def _align(predicted: list[frozenset[str]], gold: list[frozenset[str]]) -> int:
    """Total score of the best one-to-one alignment of predicted and gold entities."""
    adjacency = [[j for j, g in enumerate(gold) if _entity_score(p, g)] for p in predicted]
    return _max_matching(adjacency, len(gold))


def _collapse(entities: list[frozenset[str]]) -> list[frozenset[str]]:
    """Drop repeated entities (same set of normalised mentions), keeping the first."""
    return list(dict.fromkeys(entities))


# --- scoring ----------------------------------------------------------------------------------


def _prf(matched: int, predicted: int, gold: int) -> dict[str, Any]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "matched": matched, "predicted": predicted, "gold": gold}


def score_ceaf_ree(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """Score predictions against gold with CEAF-REE (see the module docstring).

    Returns ``{"micro": {...}, "roles": {role: {...}}, "documents": n, "unknown_docids": [...]}``
    where each ``{...}`` holds precision, recall, f1 (fractions in [0, 1]) and the integer counts
    matched, predicted, gold. Gold documents absent from the predictions predict nothing;
    predicted docids absent from the gold are ignored and listed (in file order) in
    ``unknown_docids``. Roles other than `ROLES` are ignored.
    """
    gold_by_id = _index(gold, "gold")
    predicted_by_id = _index(predicted, "prediction")
    counts = {role: [0, 0, 0] for role in ROLES}  # matched, predicted, gold
    for docid, gold_extracts in gold_by_id.items():
        pred_extracts = predicted_by_id.get(docid)
        for role in ROLES:
            gold_entities = _role_entities(gold_extracts, role, f"gold document {docid}")
            pred_entities = _collapse(_role_entities(pred_extracts, role, f"predicted document {docid}"))
            row = counts[role]
            row[0] += _align(pred_entities, gold_entities)
            row[1] += len(pred_entities)
            row[2] += len(gold_entities)
    roles = {role: _prf(*counts[role]) for role in ROLES}
    micro = _prf(*(sum(counts[role][i] for role in ROLES) for i in range(3)))
    unknown = [docid for docid in predicted_by_id if docid not in gold_by_id]
    return {"micro": micro, "roles": roles, "documents": len(gold_by_id), "unknown_docids": unknown}


def render_muc4(result: dict[str, Any]) -> str:
    """A plain-text table of a `score_ceaf_ree` result: one row per role, then micro."""
    header = ("role", "P", "R", "F1", "matched", "pred", "gold")
    rows = [header]
    for name, scores in [*((role, result["roles"][role]) for role in ROLES), ("micro", result["micro"])]:
        rows.append((
            name,
            f"{100 * scores['precision']:.2f}",
            f"{100 * scores['recall']:.2f}",
            f"{100 * scores['f1']:.2f}",
            str(scores["matched"]),
            str(scores["predicted"]),
            str(scores["gold"]),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        return "  ".join(cells)

    out = [f"CEAF-REE over {result['documents']} documents", line(rows[0]),
           "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows[1:-1])
    out.append("  ".join("-" * w for w in widths))
    out.append(line(rows[-1]))
    unknown = result.get("unknown_docids") or []
    if unknown:
        shown = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        out.append(f"{len(unknown)} predicted docid(s) not in gold, ignored: {shown}")
    return "\n".join(out) + "\n"
