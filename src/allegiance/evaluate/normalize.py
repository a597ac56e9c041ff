"""Name normalisation used to map predicted entities onto gold aliases (DESIGN §4).

Two surface forms name the same gold entity when their normalised forms are equal.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophe-like characters folded to "'", double quotes folded to '"'.
_QUOTES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201f": '"',
})
# Hyphens, dashes, minus, dots and underscores become spaces.
_SEPARATORS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212._]")
_SPACES = re.compile(r"\s+")


def normalize_name(s: str) -> str:
    """Return the comparison key of a name.

    Steps, in order: Unicode NFKC; case-fold; curly quotes to straight (’ ‘ ʼ ` → ',
    “ ” → "); hyphens, en/em dashes, dots and underscores to spaces; whitespace collapsed
    and stripped; a leading "the " removed; a trailing possessive "'s" removed (a bare
    trailing apostrophe after a plural "s" too: "Haqqanis'" → "haqqanis").

    >>> normalize_name("the Taliban’s")
    'taliban'
    >>> normalize_name("Al-Qaeda")
    'al qaeda'
    >>> normalize_name("U.S.")
    'u s'
    >>> normalize_name("  Islamic_State  ")
    'islamic state'
    >>> normalize_name("Jaish al–Fatah")
    'jaish al fatah'
    >>> normalize_name("The")
    'the'
    """
    text = unicodedata.normalize("NFKC", s).casefold().translate(_QUOTES)
    text = _SPACES.sub(" ", _SEPARATORS.sub(" ", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    elif text.endswith("s'"):
        text = text[:-1]
    return text
