"""The MUC-4 view of an extraction: the five role fillers of the 1992 terrorism templates.

    muc4_extracts(extraction) → {"PerpInd": [[mention, ...], ...], "PerpOrg": ..., "Target": ...,
                                 "Victim": ..., "Weapon": ...}

Every attack event contributes: the phrases of its actors headed by a common noun
("urban guerrillas", "members of the FMLN") as PerpInd, its named groups and organisations as PerpOrg,
its physical targets ("the embassy", "a power tower") as Target, the people it names as
targets (and, for MUC-4's "HUM TGT: NAME", only named people) as Victim, and its weapons as
Weapon. Each filler is one entity with its mentions in the document (coreferent spellings).
"""

from __future__ import annotations

from ..evaluate.muc4 import ROLES
from ..model import Extraction
ATTACKS = {"ASSAULT"}


def muc4_extracts(extraction: Extraction) -> dict[str, list[list[str]]]:
    entities = {e.id: e for e in extraction.entities}
    roles: dict[str, dict[str, list[str]]] = {r: {} for r in ROLES}

    def add(role: str, key: str, mentions: list[str]) -> None:
        mentions = [m for m in dict.fromkeys(mentions) if m.strip()]
        if mentions and key not in roles[role]:
            roles[role][key] = mentions

    for ev in extraction.events:
        if ev.type not in ATTACKS:
            continue
        for phrase in ev.perpetrators:
            add("PerpInd", phrase.lower(), [phrase])
        for actor in ev.actors:
            ent = entities.get(actor)
            if ent is None:
                continue
            if ent.attributes.get("unnamed"):
                if not ev.perpetrators:
                    add("PerpInd", actor, _forms(ent))
            elif ent.type in {"ARMED_GROUP", "ORGANIZATION"}:
                add("PerpOrg", actor, _forms(ent))
            elif ent.type == "PERSON":
                add("PerpInd", actor, _forms(ent))
        for target in ev.targets:
            ent = entities.get(target)
            if ent is None:
                continue
            if ent.type == "PERSON":
                add("Victim", target, _forms(ent))
            elif ent.attributes.get("kind") == "facility":
                add("Target", target, _forms(ent))
        for weapon in ev.weapons:
            add("Weapon", weapon, [weapon])
    return {role: list(found.values()) for role, found in roles.items()}


def _forms(ent) -> list[str]:
    """The entity's mentions as written, most specific first."""
    forms = [m.text for m in ent.mentions] + list(ent.aliases)
    return sorted(dict.fromkeys(forms), key=lambda f: -len(f))
