"""spaCy components that find candidate entity spans: the gazetteer ruler and group shapes.

Both write span groups (`doc.spans["gazetteer"]`, `doc.spans["group_shapes"]`) and leave
`doc.ents` alone; `allegiance_entities` (nlp/entities.py) decides between candidates.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..datafiles import load_yaml
from .gazetteer import load_gazetteer


@Language.factory("allegiance_gazetteer", assigns=["doc.spans"], default_config={})
def make_gazetteer_ruler(nlp: Language, name: str) -> "GazetteerRuler":
    return GazetteerRuler(nlp)


class GazetteerRuler:
    """Marks every gazetteer surface form: names in any case, acronyms/demonyms as written."""

    def __init__(self, nlp: Language):
        gaz = load_gazetteer()
        self.types = {eid: row.type for eid, row in gaz.entries.items()}
        self.agents = {(s.text.lower(), s.entity_id): s.agent for s in gaz.surfaces if s.agent}
        self.types.update({s.entity_id: gaz.entries[s.entity_id].type for s in gaz.surfaces})
        self.by_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.as_written = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms: dict[int, str] = {}
        lower: dict[str, list] = {}
        written: dict[str, list] = {}
        for surface in gaz.surfaces:
            key = f"{surface.entity_id}|{surface.form}"
            table = lower if surface.form == "name" else written
            table.setdefault(key, []).append(surface.text)
        for table, matcher in ((lower, self.by_case), (written, self.as_written)):
            for key, texts in table.items():
                matcher.add(key, list(nlp.tokenizer.pipe(sorted(set(texts)))))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.by_case, self.as_written):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                entity_id, form = key.split("|")
                agent = self.agents.get((doc[start:end].text.lower(), entity_id), "")
                span = Span(doc, start, end, label=self.types[entity_id], kb_id=entity_id,
                            span_id=agent)
                if form == "name" and not any(t.is_title or t.is_upper or t.like_num
                                              or t.text[:1].isupper() for t in span):
                    if len(span) == 1:  # a lower-case single word is rarely the name
                        continue
                spans.append(span)
        doc.spans["gazetteer"] = spans
        return doc


PARTITIVES = {"one", "some", "many", "most", "several", "two", "three", "all", "none", "each",
              "any", "few", "dozens", "hundreds", "thousands", "majority", "part", "member"}


@Language.factory("allegiance_group_shapes", assigns=["doc.spans"], default_config={})
def make_group_shapes(nlp: Language, name: str) -> "GroupShapes":
    return GroupShapes(nlp)


class GroupShapes:
    """Unknown armed groups recognised from the shape of their names.

    "the Yarmouk Army", "Ansar Dine", "Movement for Oneness and Jihad in West Africa",
    "Jama'at Nusrat al-Islam wal-Muslimin": title-case words ending in a group noun, or opening
    with a word that starts group names in Arabic, Urdu or Pashto. Words come from
    `data/lexicons/group_shapes.yaml`.
    """

    def __init__(self, nlp: Language):
        words = load_yaml("lexicons/group_shapes.yaml")
        heads = words["head_nouns"]
        openers = words["opening_words"]
        cap = {"IS_TITLE": True}
        name_part = {"TEXT": {"REGEX": r"^[A-Z][\w'’]*$"}}
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("HEAD", [
            [cap, {"IS_TITLE": True, "OP": "*"}, {"TEXT": {"IN": heads}}],
            [cap, {"TEXT": {"IN": heads}}, {"LOWER": {"IN": ["of", "for"]}},
             {"LOWER": "the", "OP": "?"}, name_part, {"IS_TITLE": True, "OP": "*"}],
        ])
        self.matcher.add("OPENER", [
            [{"TEXT": {"IN": openers}}, {"TEXT": "-", "OP": "?"},
             {"OP": "+", "TEXT": {"REGEX": r"^([A-Z][\w'’]*|al|el|ad|ash|as|an|ul|wal|wa|e|i|-)$"}}],
        ])
        self.matcher.add("FOR", [
            [{"TEXT": {"IN": words["movement_nouns"]}}, {"LOWER": {"IN": ["for", "of"]}},
             {"LOWER": "the", "OP": "?"}, name_part,
             {"OP": "*", "TEXT": {"REGEX": r"^([A-Z][\w'’]*|and|of|in|the)$"}}, name_part],
        ])

        desc = load_yaml("lexicons/descriptors.yaml")
        self.state_heads = {"forces", "units", "brigades", "troops", "soldiers", "militias"}
        self.demonyms = {s.text for s in load_gazetteer().surfaces if s.form == "demonym"}
        middle = {"TEXT": {"IN": desc["middle"]}, "OP": "*"}
        self.descriptors = Matcher(nlp.vocab)
        self.descriptors.add("STANDALONE", [[{"TEXT": {"IN": desc["standalone_heads"]}}]])
        self.descriptors.add("QUALIFIED", [[{"TEXT": {"IN": desc["qualifiers"]}}, middle,
                                            {"TEXT": {"IN": desc["qualified_heads"]}}]])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        named = {i for s in doc.spans.get("gazetteer", []) if s.label_ == "ARMED_GROUP"
                 for i in range(s.start, s.end)}
        for _match_id, start, end in self.descriptors(doc, as_spans=False):
            head = doc[end - 1]
            if start in named:
                continue  # "Houthi fighters", "Taliban militants": the group is named
            if any(c.dep_ in {"compound", "poss"} and c.i < start for c in head.children):
                continue  # "YPG fighters", "al-Qaeda's militants": the name is the entity
            if head.dep_ == "compound":
                continue  # "rebel positions": a modifier, not a group
            if head.dep_ == "pobj" and (head.head.lower_ == "among" or (
                    head.head.lower_ == "of" and head.head.head.lower_ in PARTITIVES)):
                continue  # "one of the Iran-backed militias": a class its member belongs to
            if head.lower_ in self.state_heads and doc[start].text in self.demonyms:
                continue  # "Malian forces" are the state's, not a group
            spans.append(Span(doc, start, end, label="ARMED_GROUP", span_id="descriptor"))
        for _match_id, start, end in self.matcher(doc, as_spans=False):
            while end > start and doc[end - 1].text in {"-", "and", "of", "in", "the"}:
                end -= 1
            while start < end and doc[start].lower_ in {"the", "a", "an"}:
                start += 1
            if end - start < 2:
                continue
            spans.append(Span(doc, start, end, label="ARMED_GROUP"))
        doc.spans["group_shapes"] = spans
        return doc
