"""Restore capitals to text written all in lower (or all in upper) case, such as the MUC-4
wire copy, so that the parser and NER get their capitalisation cues back.

Names the gazetteer and the place index know are written as they spell them ("fmln" → "FMLN",
"san salvador" → "San Salvador", "shining path" → "Shining Path"); sentences start with a
capital; "i" becomes "I"; up to three words after a title that are not English words are a
name ("colonel luis arturo isaacs"). A single word that is also an ordinary English word ("hit",
"van", "who") is left alone unless it names a country. English words are those of the spaCy
pipeline's own lemmatizer tables. Text with normal
capitalisation is returned unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..nlp.gazetteer import load_gazetteer, title_words
from ..nlp.timex import MONTHS, WEEKDAYS
from ..resolve.places import load_place_index

MAX_WORDS = 6
WORD = re.compile(r"(?:[a-z]\.){2,}|[a-z0-9](?:[a-z0-9'’-]*[a-z0-9])?", re.I)
SENTENCE_END = re.compile(r"([.!?]['\"”’)]*\s+)([a-z])")
COMMON = set(STOP_WORDS) | {
    "army", "police", "front", "party", "union", "unity", "government", "forces", "force",
    "hit", "van", "mobile", "split", "nice", "buy", "reading", "bath", "march", "may", "police",
    "university", "national", "republic", "independence", "liberty", "victoria", "progress",
    "union", "concord", "mission", "city", "colon", "guard", "commando", "hope", "justice",
    "peace", "order", "liberation", "revolution", "patriot", "independent", "central", "many",
    "same", "chief", "general", "major", "colonel", "president", "minister", "bishop",
    "said", "says", "also", "first", "most", "well", "good", "man", "men", "people"}


CALENDAR = [m for m in MONTHS if m != "may"] + list(WEEKDAYS)  # "may": a modal far more often


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, ...], str]:
    """Lower-cased word sequences → their written form, from the gazetteer and place index."""
    out: dict[tuple[str, ...], str] = {}

    english = english_words()

    def add(text: str, acronym: bool = False, country: bool = False) -> None:
        words = tuple(w.lower() for w in WORD.findall(text))
        if not words or len(words) > MAX_WORDS or text.islower():
            return
        if len(words) == 1 and not country and (
                words[0] in english or (len(words[0]) < 4 and not acronym)):
            return
        out.setdefault(words, " ".join(WORD.findall(text)))

    for word in CALENDAR:
        out[(word,)] = word.capitalize()
    gaz = load_gazetteer()
    for surface in gaz.surfaces:
        row = gaz.get(surface.entity_id)
        add(surface.text, acronym=surface.form == "acronym",
            country=row is not None and row.type == "COUNTRY")
    places = load_place_index()
    for place_id in places.rows:
        add(places.get(place_id).name)
    return out


def truecase(text: str) -> str:
    """`text` with capitals restored if it has none (or only capitals); else unchanged."""
    letters = [c for c in text if c.isalpha()]
    if not letters or (any(c.isupper() for c in letters) and any(c.islower() for c in letters)):
        return text
    lower = text.lower()
    names = _names()
    spans = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(lower)]
    pieces: list[str] = []
    last = 0
    i = 0
    while i < len(spans):
        for n in range(min(MAX_WORDS, len(spans) - i), 0, -1):
            key = tuple(w for _s, _e, w in spans[i:i + n])
            form = names.get(key)
            if form is not None:
                start, end = spans[i][0], spans[i + n - 1][1]
                written = form.split()
                pieces.append(lower[last:start])
                pieces.append(_apply(lower[start:end], written))
                last, i = end, i + n
                break
        else:
            i += 1
    pieces.append(lower[last:])
    out = _titled_names("".join(pieces))
    out = re.sub(r"\bi\b", "I", out)
    out = SENTENCE_END.sub(lambda m: m.group(1) + m.group(2).upper(), out)
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for t in title_words())


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary English words: those the installed spaCy pipeline's lemmatizer tables list."""
    from ..nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset(COMMON)
    lookups = nlp.get_pipe("lemmatizer").lookups
    words: set[str] = set(COMMON)
    for name, field in (("lemma_index", "values"), ("lemma_exc", "keys")):
        if lookups.has_table(name):
            for entry in lookups.get_table(name).values():
                words.update(getattr(entry, field)() if field == "keys" else entry)
    return frozenset(words)


def _titled_names(text: str) -> str:
    """"president cerezo", "colonel luis arturo isaacs": the words after a title that are not
    ordinary English words (up to three) are a name; title and name get capitals."""
    titles, english = _titles(), english_words()
    words = list(WORD.finditer(text))
    chars = list(text)
    for n, match in enumerate(words):
        if match.group() not in titles:
            continue
        name = []
        for nxt in words[n + 1:n + 4]:
            if nxt.group() in english or not nxt.group().isalpha():
                break
            name.append(nxt)
        if not name:
            continue
        for m in [match, *name]:
            chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


def _apply(span: str, written: list[str]) -> str:
    """Write the words of `span` as `written` spells them, keeping the span's spacing."""
    words = iter(written)
    return WORD.sub(lambda m: next(words, m.group()), span)
