"""Readers that turn inputs into `Document`s: plain text and Markdown, web pages, JSON Lines
and CSV corpora, RSS and Atom feeds, and URLs; `iter_documents` reads them all."""

from .paths import iter_input_paths
from .records import Fields
from .sources import Skipped, iter_documents
from .text import document_from_text, document_id, read_document

__all__ = ["Fields", "Skipped", "document_from_text", "document_id", "iter_documents",
           "iter_input_paths", "read_document"]
