"""Readers that turn input files into `Document`s (plain text and Markdown for now)."""

from .paths import iter_input_paths
from .text import document_from_text, document_id, read_document

__all__ = ["document_from_text", "document_id", "iter_input_paths", "read_document"]
