"""The `allegiance_datelines` component: a wire dateline ends before the story's first sentence.

"STUTTGART, Germany Islamic State militants killed ..." — without a boundary the parser reads the
dateline as part of the first clause. This component runs before the parser and marks the first
word after a dateline (all-caps place, optional ", Country", optional "(Reuters)" and dash) as a
sentence start; the parser keeps preset boundaries.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import load_gazetteer

DASHES = {"-", "–", "—", "--"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.",
          "oct.", "nov.", "dec."}


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    gaz = load_gazetteer()
    return frozenset(s.text.lower() for s in gaz.surfaces
                     if s.form == "name" and gaz.entries[s.entity_id].type == "COUNTRY")


@Language.component("allegiance_datelines", assigns=["token.is_sent_start"])
def mark_datelines(doc: Doc) -> Doc:
    for start in _paragraph_starts(doc):
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc) and doc[end].text[:1].isupper():
            doc[end].is_sent_start = True
    return doc


def _paragraph_starts(doc: Doc):
    if len(doc):
        yield 0
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and not tok.is_space:
            yield tok.i + 1
        elif tok.is_space and "\n" in tok.text:
            yield tok.i + 1


def _dateline_end(doc: Doc, i: int) -> int | None:
    """Index of the first token after a dateline starting at i, or None."""
    n = len(doc)
    j = i
    while j < n and doc[j].is_alpha and doc[j].is_upper and len(doc[j]) > 1:
        j += 1
    if j == i or j - i > 4:
        return None
    if j < n and doc[j].text == ",":  # ", Germany", ", South Sudan", ", May 12"
        for width in (3, 2, 1):
            words = doc[j + 1:j + 1 + width]
            if len(words) == width and (words.text.lower() in _country_names() or (
                    words[0].lower_ in MONTHS and all(t.like_num for t in words[1:]))):
                j = j + 1 + width
                break
    if j < n and doc[j].text == "(":  # "(Reuters)"
        close = next((k for k in range(j, min(n, j + 5)) if doc[k].text == ")"), None)
        j = close + 1 if close is not None else j
    if j < n and doc[j].text in DASHES:
        j += 1
    return j if j > i else None
