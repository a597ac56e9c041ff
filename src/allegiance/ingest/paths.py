"""Expand command-line path arguments (files, directories, glob patterns) into input files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import BadInput

TEXT_SUFFIXES = frozenset({".txt", ".md"})
_GLOB_CHARS = frozenset("*?[")


def iter_input_paths(paths: list[str]) -> Iterator[Path]:
    """Yield the input files named by `paths`, in argument order, each file once.

    A file is yielded as is (whatever its extension: the user named it); a directory
    contributes its ``*.txt`` and ``*.md`` files, recursively and sorted, skipping hidden
    files and folders; a glob pattern (``*``, ``?``, ``[``; ``**`` recurses) contributes its
    sorted matches. Every argument is checked before anything is yielded, so a typo in the
    last argument fails at once instead of after a long run: `BadInput` for a missing path,
    a directory without text files, or a pattern that matches nothing.

    >>> [p.name for p in iter_input_paths(["eval/news", "notes/*.md"])]   # doctest: +SKIP
    ['01.txt', '02.txt', ..., 'README.md', 'memo.md']
    """
    found: list[Path] = []
    for arg in paths:
        found.extend(_expand(arg))
    seen: set[str] = set()
    unique: list[Path] = []
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return iter(unique)


def text_files_in(directory: Path) -> list[Path]:
    """The ``*.txt`` and ``*.md`` files under `directory` (recursively, sorted, no hidden ones)."""
    files = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
            files.append(path)
    return sorted(files)


def _expand(arg: str) -> list[Path]:
    path = Path(arg)
    if path.is_dir():
        return _expand_dir(path)
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
                out.extend(text_files_in(match_path))
            elif match_path.is_file():
                out.append(match_path)
        if not out:
            raise BadInput(f"no .txt or .md files match {arg}")
        return out
    raise BadInput(f"no such file or directory: {arg}")


def _expand_dir(directory: Path) -> list[Path]:
    files = text_files_in(directory)
    if not files:
        raise BadInput(f"no .txt or .md files in {directory}")
    return files
