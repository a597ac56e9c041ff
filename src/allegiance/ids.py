"""Stable ids for entities and documents: slugs of names, made unique where taken.

Kept free of spaCy so that the store and the query commands start fast.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable


def slug(text: str) -> str:
    """A stable ASCII id for a name: "Jama'at Nusrat al-Islam" → "jamaat-nusrat-al-islam"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "entity"


def unique_id(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet."""
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate
