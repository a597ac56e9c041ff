"""The spaCy pipeline and the document-level NLP stages (mentions, coreference)."""
