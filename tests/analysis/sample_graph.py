"""A small graph from hand-made extractions (no spaCy): two theatres over time, used by the
analysis and CLI tests."""

from __future__ import annotations

from allegiance.model import Claim, Document, Entity, Event, Evidence, Extraction, Mention, Relation

TYPES = {"jnim": ("ARMED_GROUP", "JNIM"), "isgs": ("ARMED_GROUP", "ISGS"),
         "al-qaeda": ("ARMED_GROUP", "al-Qaeda"), "al-shabaab": ("ARMED_GROUP", "al-Shabaab"),
         "aqap": ("ARMED_GROUP", "AQAP"), "houthis": ("ARMED_GROUP", "Houthis"),
         "iran": ("COUNTRY", "Iran"), "mali": ("COUNTRY", "Mali"),
         "iyad-ag-ghaly": ("PERSON", "Iyad Ag Ghaly"), "menaka": ("PLACE", "Menaka"),
         "jnim-sahel": ("ARMED_GROUP", "Nusrat al-Islam")}


def make(doc_id: str, published: str, facts: list[tuple], source: str = "Example Wire",
         events: list[Event] | None = None, claims: list[Claim] | None = None) -> Extraction:
    """An extraction whose text is one sentence per fact: (subject, predicate, object,
    polarity, modality[, mention text of the subject])."""
    sentences, relations, mentions = [], [], {}
    offset = 0
    for fact in facts:
        subject, predicate, obj, polarity, modality, *alias = fact
        s_text = alias[0] if alias else TYPES[subject][1]
        sentence = f"{s_text} {predicate.lower()} {TYPES[obj][1]}."
        start = offset
        sentences.append(sentence)
        relations.append(Relation(subject, predicate, obj, polarity=polarity, modality=modality,
                                  confidence=0.8,
                                  evidence=[Evidence(sentence, start, start + len(sentence))]))
        mentions.setdefault(subject, []).append(Mention(start, start + len(s_text), s_text, 0))
        o_start = start + sentence.index(TYPES[obj][1], len(s_text))
        mentions.setdefault(obj, []).append(
            Mention(o_start, o_start + len(TYPES[obj][1]), TYPES[obj][1], 0))
        offset += len(sentence) + 1
    text = " ".join(sentences)
    entities = [Entity(i, TYPES[i][0], TYPES[i][1],
                       aliases=sorted({m.text for m in ms}), mentions=ms)
                for i, ms in sorted(mentions.items())]
    return Extraction(Document(doc_id, text, title=doc_id, published=published, source=source),
                      entities, relations, events or [], claims or [])


def extractions() -> list[Extraction]:
    """Fresh extractions (tests may change them)."""
    return [
        make("d2018", "2018-05-22", [("jnim", "ALLY_OF", "isgs", "positive", "asserted"),
                                      ("jnim", "PART_OF", "al-qaeda", "positive", "asserted"),
                                      ("iyad-ag-ghaly", "LEADER_OF", "jnim", "positive", "asserted"),
                                      ("jnim", "OPERATES_IN", "menaka", "positive", "asserted")]),
        make("d2019", "2019-09-30", [("jnim", "ALLY_OF", "isgs", "positive", "reported"),
                                      ("al-shabaab", "PART_OF", "al-qaeda", "positive", "asserted")],
             source="Think Tank"),
        make("d2020", "2020-03-04", [("iran", "SUPPORTS", "houthis", "positive", "denied"),
                                      ("jnim", "HOSTILE_TO", "isgs", "positive", "asserted"),
                                      ("aqap", "PART_OF", "al-qaeda", "positive", "asserted")],
             events=[Event("ASSAULT", Evidence("JNIM hostile_to ISGS.", 0, 20),
                           actors=["jnim"], targets=["isgs"], place="menaka",
                           time={"text": "on Tuesday", "start": "2020-03-03", "end": "2020-03-03"})],
             claims=[Claim("denial", Evidence("Iran supports Houthis.", 0, 10), speaker="houthis",
                           content={"subject": "iran", "predicate": "SUPPORTS", "object": "houthis",
                                    "polarity": "negative"})]),
        make("d2024", "2024-01-12", [("iran", "SUPPORTS", "houthis", "positive", "asserted"),
                                      ("jnim", "HOSTILE_TO", "isgs", "positive", "asserted"),
                                      ("houthis", "ALLY_OF", "al-shabaab", "positive", "asserted"),
                                      ("jnim-sahel", "ALLY_OF", "mali", "positive", "asserted",
                                       "Nusrat al-Islam")]),
    ]
