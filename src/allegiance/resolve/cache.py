"""A pickle cache for indexes that take seconds to build from installed data (the place index).

Files live in `$ALLEGIANCE_CACHE` or `~/.cache/allegiance`, named by a hash of what they are
built from: the Allegiance version, the sizes and modification times of the data files and of
the code that builds them, and the versions of the data packages. A stale, unreadable or unwritable cache is rebuilt or skipped,
never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from .. import __version__

T = TypeVar("T")


def cache_dir() -> Path:
    return Path(os.environ.get("ALLEGIANCE_CACHE") or Path.home() / ".cache" / "allegiance")


def _fingerprint(sources: list[Path], versions: dict[str, str]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for key in sorted(versions):
        digest.update(f"{key}={versions[key]}".encode())
    for source in sources:
        for path in sorted(source.rglob("*") if source.is_dir() else [source]):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def cached(name: str, build: Callable[[], T], sources: list[Path], **versions: str) -> T:
    """`build()`'s result, from the cache when its sources have not changed."""
    path = cache_dir() / f"{name}-{_fingerprint(sources, versions)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home: build again next time
    return value
