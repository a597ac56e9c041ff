"""The `allegiance_entities` component: one set of typed entity spans per document.

Reads spaCy's NER (`doc.ents`), the gazetteer and group-shape candidates (`doc.spans`), picks
the best non-overlapping spans, types them with our entity types, and links acronyms defined in
the text ("al-Qaeda in the Indian Subcontinent (AQIS)") to their long form. Writes `doc.ents`:
label = entity type, kb_id = gazetteer id, or "new:<slug>" for entities not in the gazetteer.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..datafiles import load_yaml
from ..ids import slug
from .gazetteer import load_gazetteer, title_words

NER_TYPES = {"PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "ORG": "ORGANIZATION",
             "FAC": None, "NORP": None}
PRIORITY = {"gazetteer": 3, "acronym": 3, "shape": 2, "descriptor": 2, "ner": 1}
GLUE = {"in", "of", "the", "for", "and", "al", "el", "wal", "wa", "-", "ul", "e", "i", "'s"}


def new_key(span: Span) -> str:
    words = [t.text for t in span if t.lower_ not in {"the"}]
    return "new:" + slug(" ".join(words).replace("’s", "").replace("'s", ""))


@Language.factory("allegiance_entities", assigns=["doc.ents", "doc.spans"],
                  requires=["doc.spans"], default_config={})
def make_entities(nlp: Language, name: str) -> "EntityMerger":
    return EntityMerger()


class EntityMerger:
    def __init__(self) -> None:
        shapes = load_yaml("lexicons/group_shapes.yaml")
        self.group_words = {w.lower() for w in shapes["head_nouns"] + shapes["opening_words"]}
        self.force_heads = {w.lower() for w in shapes["state_force_heads"]}
        self.gazetteer = load_gazetteer()
        titles = load_yaml("lexicons/titles.yaml")
        self.titles = title_words()
        self.not_names = set(titles["not_names"])
        self.openers = set(titles["openers"])

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[tuple[Span, str]] = []
        candidates += [(s, "gazetteer") for s in doc.spans.get("gazetteer", [])]
        candidates += [(self._shape(s), "shape") if s.id_ != "descriptor" else
                       (Span(doc, s.start, s.end, label=s.label_, kb_id=new_key(s)), "descriptor")
                       for s in doc.spans.get("group_shapes", [])]
        for ent in doc.ents:
            typed = self._ner(ent)
            if typed is not None:
                candidates.append((typed, "ner"))
        doc.spans["dates"] = [e for e in doc.ents if e.label_ in {"DATE", "TIME"}]
        chosen = [_dateline(s) for s in _choose(candidates)]
        chosen = _link_acronyms(doc, chosen)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        return doc

    def _shape(self, span: Span) -> Span:
        """A demonym followed by a force head ("Syrian Army") is that state, not a group."""
        first = span.doc[span.start]
        for cand in span.doc.spans.get("gazetteer", []):
            if (cand.start == span.start and cand.label_ == "COUNTRY"
                    and span[-1].lower_ in self.force_heads and first.text[:1].isupper()):
                return Span(span.doc, span.start, span.end, label="COUNTRY", kb_id=cand.kb_id_)
        return Span(span.doc, span.start, span.end, label="ARMED_GROUP", kb_id=new_key(span))

    def _ner(self, ent: Span) -> Span | None:
        label = NER_TYPES.get(ent.label_)
        if label is None:
            return None
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].lower_ in {"the", "a", "an"}
                               or doc[start].text in self.openers):
            start += 1  # "Near Ar Raqqah", "In Mosul": a capitalised preposition opens it
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
            end -= 1
        if start >= end or not any(t.text[:1].isupper() for t in doc[start:end]):
            return None
        if label == "PERSON":  # NER often drops a first name: "Asim Umar" tagged "Umar"
            while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
                   and doc[start - 1].text not in self.titles and not doc[start - 1].ent_type_
                   and doc[start - 1].head.i in range(start, end)):
                start -= 1
            while start < end - 1 and (doc[start].text in self.titles or doc[start].lower_ in
                                       {"of", "the", "state", "-", "affairs", "staff"}):
                start += 1  # "Secretary of State John Kerry" → "John Kerry"
        span = Span(doc, start, end, label=label)
        if span.text in self.not_names:
            return None
        if label == "ORGANIZATION" and any(t.lower_ in self.group_words for t in span):
            label = "ARMED_GROUP"
        if label == "PERSON" and len(span) == 1 and span[0].is_upper:
            return None  # an all-caps single token tagged PERSON is usually an acronym
        return Span(doc, start, end, label=label, kb_id=new_key(span))


def _metonym_fit(span: Span) -> int:
    """For a capital that also names its state ("Moscow"): 1 when the state reading fits the
    syntax (an actor: subject, agent, possessor, object), -1 when a place reading does
    ("in Moscow"); 0 for other spans."""
    if span.label_ != "COUNTRY" or span.id_ != "government" or span.start >= len(span.doc):
        return 0
    places = load_yaml("lexicons/places.yaml")
    locative = places["locative_prepositions"]
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in locative:
        return -1
    if root.dep_ == "poss" and root.head.lemma_ in places["site_nouns"]:
        return -1  # "Juba's Gudele district": the city
    if root.dep_ == "compound" or (root.dep_ == "conj" and root.head.dep_ == "pobj"
                                   and root.head.head.lower_ in locative):
        return -1
    return 1


def _dateline(span: Span) -> Span:
    """'STUTTGART, Germany Islamic State militants ...': an all-caps name opening a paragraph
    is the wire dateline, a place."""
    doc = span.doc
    opens = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    if opens and all(t.is_upper and len(t) > 2 for t in span if t.is_alpha) and \
            span.label_ not in {"PLACE", "COUNTRY"} and span.text.isupper():
        return Span(doc, span.start, span.end, label="PLACE", kb_id=span.kb_id_ or new_key(span))
    return span


def _choose(candidates: list[tuple[Span, str]]) -> list[Span]:
    """Greedy non-overlapping choice: longer spans first, then the more trusted source.

    A longer NER span wins over a gazetteer span inside it only if the extra words are proper
    names or glue ("al-Qaeda in the Indian Subcontinent" over "al-Qaeda", not "Taliban units").
    """
    def rank(item: tuple[Span, str]) -> tuple:
        span, source = item
        return (-len(span), -PRIORITY[source], -_metonym_fit(span), span.start)

    taken: set[int] = set()
    chosen: list[Span] = []
    gaz = [s for s, src in candidates if src == "gazetteer"]
    for span, source in sorted(candidates, key=rank):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if source == "ner" and span.label_ == "PERSON" and any(
                g.start >= span.start and g.end <= span.end and g.label_ == "PERSON" for g in gaz):
            continue  # a known person: the gazetteer knows where the name starts
        if source == "ner" and any(g.start >= span.start and g.end <= span.end and g != span
                                   for g in gaz):
            extra = [t for t in span if not any(g.start <= t.i < g.end for g in gaz)]
            if not all(t.text[:1].isupper() or t.lower_ in GLUE or t.is_punct for t in extra):
                continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    return chosen


INITIAL_SKIP = {"in", "of", "the", "for", "and", "-", "'s", "’s", "a", "an"}


def _initials_match(tokens: list, acronym: str) -> bool:
    """Do the words' initials hold the acronym's letters (in any order, as PKK does)?"""
    initials = [t.text[0].upper() for t in tokens
                if t.lower_ not in INITIAL_SKIP and t.text[:1].isalpha()]
    return len(initials) >= 2 and set(acronym.upper()) <= set(initials)


def _extend_long_form(doc: Doc, spans: list[Span], long_form: Span, acronym: str) -> Span:
    """'al-Qaeda in the Indian Subcontinent (AQIS)': join the names that glue words link
    before the acronym when the initials then spell it better."""
    best = long_form
    starts = {s.end: s for s in spans}
    cur = long_form
    while True:
        i = cur.start
        while i > 0 and doc[i - 1].lower_ in {"in", "of", "the", "for", "and"}:
            i -= 1
        prev = starts.get(i)
        if prev is None or i == cur.start:
            break
        cur = doc[prev.start:long_form.end]
        if _initials_match(list(cur), acronym):
            best = cur
    if best is long_form:
        return long_form
    label = "ARMED_GROUP" if any(s.label_ == "ARMED_GROUP" for s in spans
                                 if s.start >= best.start and s.end <= best.end) else long_form.label_
    if label == "PLACE":
        label = "ORGANIZATION"
    return Span(doc, best.start, best.end, label=label, kb_id=new_key(best))


def _link_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Long Name (ACR)': ACR names the long form's entity everywhere in the document."""
    by_end = {s.end: s for s in spans}
    links: dict[str, Span] = {}
    for tok in doc[1:-1]:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if not (doc[tok.i - 1].text == "(" and nxt is not None and nxt.text == ")"):
            continue
        if not (tok.text.isupper() and 2 <= len(tok.text) <= 10 and tok.is_alpha):
            continue
        long_form = by_end.get(tok.i - 1)
        if long_form is not None and long_form.kb_id_.startswith("new:"):
            extended = _extend_long_form(doc, spans, long_form, tok.text)
            if extended is not long_form:
                spans = [s for s in spans if s.end <= extended.start or s.start >= extended.end]
                spans.append(extended)
                long_form = extended
        if long_form is None:
            long_form = _unknown_long_form(doc, tok)
            if long_form is None:
                continue
            spans = [s for s in spans if s.end <= long_form.start or s.start >= long_form.end]
            spans.append(long_form)
        links[tok.text] = long_form
    if not links:
        return spans
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for tok in doc:
        target = links.get(tok.text)
        if target is None:
            continue
        key = target.kb_id_ or new_key(target)
        if tok.i in taken:
            out = [s if not (s.start <= tok.i < s.end and len(s) == 1)
                   else Span(doc, tok.i, tok.i + 1, label=target.label_, kb_id=key) for s in out]
            continue
        out.append(Span(doc, tok.i, tok.i + 1, label=target.label_, kb_id=key))
        taken.add(tok.i)
    return out


def _unknown_long_form(doc: Doc, acronym) -> Span | None:
    """The capitalised words before '(ACR)' whose initials spell ACR, as a new entity."""
    end = acronym.i - 1
    start = end
    while start > 0 and ((doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN")
                         or doc[start - 1].lower_ in GLUE):
        start -= 1
        if end - start > 12:
            return None
    while start < end and doc[start].lower_ in GLUE:
        start += 1
    words = list(doc[start:end])
    if not words or not _initials_match(words, acronym.text):
        return None
    return Span(doc, start, end, label="ARMED_GROUP", kb_id=new_key(doc[start:end]))
