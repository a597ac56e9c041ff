"""Allegiance: evidence-backed knowledge graphs of armed groups from news reports."""

__version__ = "0.1.0"
