"""Argument slots of a trigger word in the dependency parse, and the entities they name.

A slot is a syntactic position relative to the trigger: its subject (`subj`), object (`obj`),
the object of a preposition (`prep:with`), its possessor (`poss`), the names to its left
(`left`: "Taliban leader", "U.S.-Taliban talks"), the noun it is in apposition to
(`appos_head`: "Asim Umar, chief of ..."), and so on. `entities_at` turns the noun phrase in a
slot into entity keys, looking through transparent heads ("U.S. and Afghan forces",
"al-Qaeda militants", "the encroachment of the Islamic State") and coordination.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..nlp.mentions import DocEntities

SUBJ = {"nsubj", "csubj"}
MODIFIERS = {"compound", "amod", "nmod", "npadvmod", "poss"}
COPULAS = {"be", "become", "remain", "serve", "act", "emerge", "stay", "appear", "seem"}
# parts of a group that a place name before them locates rather than owns
UNIT_NOUNS = {"branch", "wing", "affiliate", "cell", "unit", "faction", "chapter", "franchise",
              "province", "leadership", "command", "office", "network"}
RELATIVE = {"which", "who", "that", "whom"}
OBJECT_CONTROL = {"instruct", "order", "ask", "tell", "urge", "force", "allow", "help",
                  "encourage", "direct", "command", "permit", "enable", "persuade", "push",
                  "pressure", "recruit", "send", "train", "convince", "call"}
SEE_VERBS = {"see", "regard", "view", "consider", "describe", "portray", "brand", "label",
             "designate", "call", "list", "treat", "name", "appoint", "elect", "recognize",
             "recognise", "identify", "count"}


class Slots:
    """Slot lookups for one sentence's parse, given the document's entities."""

    def __init__(self, ents: DocEntities, transparent: set[str], light_verbs: set[str],
                 owned: set[str] = frozenset()):
        self.ents = ents
        self.transparent = transparent
        self.light_verbs = light_verbs
        self.owned = owned  # nouns whose possessor gives them: "al-Qaeda's skills"

    # ---- entities of a noun phrase -------------------------------------------------------
    def entities_at(self, tok: Token | None, depth: int = 0) -> list[str]:
        """Entity keys named by the noun phrase headed by `tok`, with its conjuncts."""
        if tok is None:
            return []
        out: list[str] = []
        for t in self._with_conjuncts(tok):
            for key in self._one(t, depth):
                if key not in out:
                    out.append(key)
        return out

    def _one(self, tok: Token, depth: int) -> list[str]:
        keys = self.ents.refs(tok.i)
        if keys:
            return list(keys)
        if tok.dep_ == "appos" and self.ents.refs(tok.head.i) and depth == 0:
            return list(self.ents.refs(tok.head.i))  # "JeM, a Pakistan-based group"
        if depth > 2 or (tok.pos_ not in {"NOUN", "PROPN", "PRON"}
                         and tok.lemma_.lower() not in self.transparent):
            return []
        found: list[str] = []
        transparent = tok.lemma_.lower() in self.transparent
        for child in tok.children:
            if child.dep_ == "appos" or (transparent and child.dep_ in MODIFIERS) or (
                    child.dep_ == "poss" and depth == 0 and tok.lemma_.lower() in self.owned):
                keys = self.entities_at(child, depth + 1)
                if tok.lemma_.lower() in UNIT_NOUNS and child.dep_ != "poss":
                    keys = [k for k in keys if self.ents.type_of(k) not in {"PLACE", "COUNTRY"}]
                found += keys  # "al Qaeda's Yemen branch" is al Qaeda's, not Yemen's
            elif transparent and child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found += self.entities_at(pobj, depth + 1)
        return found

    # ---- slots ---------------------------------------------------------------------------
    def slot(self, name: str, t: Token) -> list[Token]:
        if name.startswith("prep:"):
            return self.prep(t, name[5:])
        return getattr(self, "_" + name)(t)

    def prep(self, t: Token, word: str) -> list[Token]:
        """Objects of preposition `word` on the trigger (or on its object, for verbs)."""
        hosts = [t] + [c for c in t.children if c.dep_ in {"dobj", "attr"} or (
            c.dep_ in {"advmod", "prt"} and c.lower_ in {"away", "off", "out", "apart", "back"})]
        if t.dep_ in {"dobj", "pobj", "attr"} and t.head.lemma_ in self.light_verbs:
            hosts.append(t.head)
        if t.dep_ in {"acomp", "attr"} and t.head.lemma_ in COPULAS:
            hosts.append(t.head)  # "JNIM has been active in Burkina Faso"
        out = []
        for host in hosts:
            for p in host.children:
                if p.dep_ in {"prep", "agent"} and p.lower_ == word:
                    for q in [p] + [c for c in p.conjuncts if c.pos_ == "ADP"]:
                        out += [c for c in q.children if c.dep_ in {"pobj", "pcomp"}]
                    for c in p.children:  # "together with", "along with"
                        if c.dep_ == "prep":
                            out += [g for g in c.children if g.dep_ == "pobj"]
        return out

    def _subj(self, t: Token) -> list[Token]:
        passive = any(c.dep_ == "nsubjpass" for c in t.children) or (
            t.dep_ == "acl" and t.tag_ == "VBN")  # "rebels supported by Turkey"
        if passive:
            return self.prep(t, "by")
        subs = [c for c in t.children if c.dep_ in SUBJ]
        if subs and t.dep_ == "relcl" and subs[0].lower_ in RELATIVE:
            return [t.head]  # "Turkey, which sees the group as terrorists"
        if subs:
            return subs
        head = t.head
        if t.dep_ == "xcomp":  # "instructing its fighters to halt", "continue to support"
            raised = self._patient(head)
            if raised:  # "fighters are believed to be sheltering in ..."
                return raised
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs and head.lemma_ in OBJECT_CONTROL:
                return objs
            return self._subj(head)
        if t.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
            return self._subj(head)
        if t.dep_ in {"acl", "relcl"}:
            return [head]
        if t.dep_ == "pcomp" and head.dep_ == "prep":  # "accuses Russia of supporting X"
            verb = head.head
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            return objs or self._subj(verb)
        if t.dep_ in {"acomp", "attr", "oprd"} and head.pos_ in {"VERB", "AUX"}:
            return self._subj(head)  # "AQAP remains active in Shabwa"
        if t.dep_ == "advcl" and head.pos_ in {"VERB", "AUX"}:
            return self._subj(head)  # "Russia sent fighters to help", "after launching a raid"
        if t.dep_ in {"dobj", "pobj", "attr"} and head.lemma_ in self.light_verbs:
            return self._subj(head)
        if t.dep_ == "pobj" and head.lower_ in {"in", "at", "into"} and (
                head.head.lemma_ in self.light_verbs
                or head.head.lemma_ in COPULAS):  # "engaged in", "at war"
            return self._subj(head.head)
        return []

    def _subj_or_patient(self, t: Token) -> list[Token]:
        """Subject, or the passive subject ("groups based in Mali", "X is active in P")."""
        return self._subj(t) if not self._patient(t) else self._patient(t)

    def _patient(self, t: Token) -> list[Token]:
        return [c for c in t.children if c.dep_ == "nsubjpass"]

    def _obj(self, t: Token) -> list[Token]:
        objs = [c for c in t.children if c.dep_ in {"dobj"}]
        if t.dep_ == "relcl" and any(o.lower_ in RELATIVE for o in objs):
            objs = [t.head]  # "Khan Touman, which rebels took"
        if not objs:  # "help Nigeria fight Boko Haram": the helped is the clause's subject
            objs = [g for c in t.children if c.dep_ in {"ccomp", "xcomp"}
                    for g in c.children if g.dep_ == "nsubj"]
        if t.dep_ == "acl" and t.tag_ == "VBN":
            objs.append(t.head)
        return objs + self._patient(t)

    def _self(self, t: Token) -> list[Token]:
        """The noun itself: "militias in Iraq", "U.S. troops in Syria"."""
        return [t]

    def _claimant(self, t: Token) -> list[Token]:
        """Who an attack is laid to: "claimed responsibility for the attacks", "a network
        blamed for the bombings", "X was responsible for the raid"."""
        if t.dep_ != "pobj" or t.head.lower_ != "for":
            return []
        holder = t.head.head
        if holder.lemma_ == "responsibility" and holder.dep_ == "dobj":
            return self._subj(holder.head)
        if holder.lemma_ == "responsible":
            return self._subj(holder) or ([holder.head] if holder.dep_ == "amod" else [])
        if holder.lemma_ == "blame":
            return self._patient(holder) or ([holder.head] if holder.dep_ == "acl" else [])
        return []

    def _modified(self, t: Token) -> list[Token]:
        """The noun an adjective describes: "forces opposed to Assad", "militias loyal to Iran"."""
        return [t.head] if t.dep_ in {"amod", "acl", "relcl"} else []

    def _dative(self, t: Token) -> list[Token]:
        return [c for c in t.children if c.dep_ == "dative"]

    def _poss(self, t: Token) -> list[Token]:
        return [c for c in t.children if c.dep_ == "poss"]

    def _left(self, t: Token) -> list[Token]:
        """Names left of a noun: "Taliban leader", "U.S.-Taliban talks", "YPG military wing"."""
        out = []
        for c in t.lefts:
            if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}:
                out.append(c)
                out += [g for g in c.subtree if g is not c and self.ents.refs(g.i)
                        and g.dep_ in {"compound", "nmod", "npadvmod", "conj", "amod"}]
        return out

    def _appos_head(self, t: Token) -> list[Token]:
        """The noun this one is in apposition to: "Asim Umar, chief of AQIS"."""
        if t.dep_ == "conj" and t.head.dep_ == "appos":  # "X, a member of A and part of B"
            return self._appos_head(t.head)
        if t.dep_ == "appos" and self.entities_at(t.head):
            return [t.head]
        left = t.left_edge
        while left.is_punct and left.i < t.i:
            left = t.doc[left.i + 1]
        if left.i >= 2 and t.doc[left.i - 1].text == "," and self.ents.refs(left.i - 2):
            return [t.doc[left.i - 2]]
        return []

    def _appos_child(self, t: Token) -> list[Token]:
        """A name in apposition to the trigger: "al-Qaeda's leader Ayman al-Zawahiri"."""
        return [c for c in t.children if c.dep_ == "appos"]

    def _sibling_left(self, t: Token) -> list[Token]:
        """Names before a title word that shares its head: "PYD co-chair Saleh Muslim"."""
        if t.dep_ not in {"compound", "nmod", "amod"}:
            return []
        head_keys = self.ents.refs(t.head.i)
        return [g for c in t.head.lefts if c.i < t.i for g in c.subtree
                if g.i < t.i and self.ents.refs(g.i) and self.ents.refs(g.i) != head_keys]

    def _named(self, t: Token) -> list[Token]:
        """The name a title word modifies: "AQIS chief Asim Umar"."""
        if t.dep_ in {"compound", "nmod", "amod"} and self.ents.refs(t.head.i):
            return [t.head]
        return []

    def _copula(self, t: Token) -> list[Token]:
        """The subject of "X is / became / serves as a <trigger>"."""
        head = t.head
        if t.dep_ in {"attr", "acomp", "oprd"} and head.lemma_ in COPULAS:
            return self._subj(head) or self._patient(head)
        if t.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_ in COPULAS:
            return self._subj(head.head) or self._patient(head.head)
        if t.dep_ in {"oprd"} or (t.dep_ == "pobj" and head.lower_ == "as"):
            verb = head if t.dep_ == "oprd" else head.head
            if verb.lemma_ in SEE_VERBS and self._patient(verb):  # "X was named leader"
                return self._patient(verb)
        return []

    @staticmethod
    def _see_verb(t: Token) -> Token | None:
        """The verb of "see / regard X as <t>" (or "name X <t>"), if t is its complement."""
        head = t.head
        verb = head.head if (t.dep_ == "pobj" and head.lower_ == "as") else (
            head if t.dep_ == "oprd" else None)
        return verb if verb is not None and verb.lemma_ in SEE_VERBS else None

    def _as_object(self, t: Token) -> list[Token]:
        """The object of "see / regard X as <trigger>"."""
        verb = self._see_verb(t)
        return [c for c in verb.children if c.dep_ == "dobj"] if verb is not None else []

    def _see_subj(self, t: Token) -> list[Token]:
        """The subject of "X sees Y as a <trigger>"."""
        verb = self._see_verb(t)
        return self._subj(verb) if verb is not None else []

    def _of(self, t: Token) -> list[Token]:
        return self.prep(t, "of")


    def _with_conjuncts(self, tok: Token) -> list[Token]:
        """The token and its conjuncts, also those hanging on a word of the same mention
        ("Afghan" in "Afghan and U.S. forces", where "U.S. forces" is one mention)."""
        out = [tok]
        stack = [tok]
        keys = self.ents.refs(tok.i)
        if keys:
            stack += [t for t in tok.lefts if self.ents.refs(t.i) == keys]
        while stack:
            cur = stack.pop()
            for c in cur.children:
                if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"} \
                        and c not in out:
                    out.append(c)
                    stack.append(c)
        return out
