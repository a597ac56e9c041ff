"""Expand command-line path arguments (files, directories, glob patterns) into input files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import BadInput

TEXT_SUFFIXES = frozenset({".txt", ".md"})
# Everything `sources.iter_documents` reads: text, URL lists, web pages, records, feeds.
INPUT_SUFFIXES = TEXT_SUFFIXES | frozenset({
    ".urls", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".tsv", ".rss", ".atom", ".xml"})
_GLOB_CHARS = frozenset("*?[")


def iter_input_paths(paths: list[str],
                     suffixes: frozenset[str] = TEXT_SUFFIXES) -> Iterator[Path]:
    """Yield the input files named by `paths`, in argument order, each file once.

    A file is yielded as is (whatever its extension: the user named it); a directory
    contributes its files with one of `suffixes` (``*.txt`` and ``*.md`` unless told;
    `INPUT_SUFFIXES` for every format `iter_documents` reads), recursively and sorted,
    skipping hidden files and folders; a glob pattern (``*``, ``?``, ``[``; ``**`` recurses)
    contributes its sorted matches. Every argument is checked before anything is yielded, so
    a typo in the last argument fails at once instead of after a long run: `BadInput` for a
    missing path, a directory without input files, or a pattern that matches nothing.

    >>> [p.name for p in iter_input_paths(["eval/news", "notes/*.md"])]   # doctest: +SKIP
    ['01.txt', '02.txt', ..., 'README.md', 'memo.md']
    """
    found: list[Path] = []
    for arg in paths:
        found.extend(expand_path(arg, suffixes))
    seen: set[str] = set()
    unique: list[Path] = []
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return iter(unique)


def text_files_in(directory: Path, suffixes: frozenset[str] = TEXT_SUFFIXES) -> list[Path]:
    """The files under `directory` with one of `suffixes` (``*.txt`` and ``*.md`` unless told),
    recursively and sorted, without hidden files or folders."""
    files = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in suffixes and path.is_file():
            files.append(path)
    return sorted(files)


def expand_path(arg: str, suffixes: frozenset[str] = TEXT_SUFFIXES) -> list[Path]:
    """The files one argument names (see `iter_input_paths`); `BadInput` if there are none."""
    path = Path(arg)
    if path.is_dir():
        files = text_files_in(path, suffixes)
        if not files:
            raise BadInput(f"no {_kinds(suffixes)} in {path}")
        return files
    if path.exists():
        return [path]
    if _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            raise BadInput(f"no files match {arg}")
        out: list[Path] = []
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                out.extend(text_files_in(match_path, suffixes))
            elif match_path.is_file():
                out.append(match_path)
        if not out:
            raise BadInput(f"no {_kinds(suffixes)} match {arg}")
        return out
    raise BadInput(f"no such file or directory: {arg}")


def _kinds(suffixes: frozenset[str]) -> str:
    """What files with `suffixes` are called in messages: ".txt or .md files", or
    "input files (.atom, .csv, ...)"."""
    if suffixes == TEXT_SUFFIXES:
        return ".txt or .md files"
    if len(suffixes) == 1:
        return f"{next(iter(suffixes))} files"
    return f"input files ({', '.join(sorted(suffixes))})"
