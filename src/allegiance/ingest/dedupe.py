"""Near-duplicate detection: the same wire copy republished with small edits.

A text is reduced to the set of its word 3-shingles (lower case, punctuation dropped); its
MinHash signature (128 hash functions: a 64-bit hash of the shingle XOR a fixed random mask per
function) estimates the Jaccard similarity of two such sets, and locality-sensitive hashing
(32 bands of 4 rows: a pair at similarity 0.6 shares a band with probability 0.99, a pair at
0.3 with 0.23) finds the candidates to compare without comparing every pair. Two texts whose estimated similarity is at least `THRESHOLD` are near
duplicates. (Broder 1997, "On the resemblance and containment of documents"; Leskovec,
Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.)

    sig = minhash(text); bands(sig) → ["b0:1f2e...", ...]; similarity(sig, other) → 0.87
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
THRESHOLD = 0.6
_EMPTY = (1 << 63) - 1
_WORD = re.compile(r"\w+")
# fixed masks derived from SHA-256, so every process and version computes the same signatures;
# the top bit is cleared so that signatures fit a signed 64-bit integer (JSON, SQL)
_MASKS = np.array([int.from_bytes(hashlib.sha256(f"allegiance-minhash-{i}".encode())
                                  .digest()[:8], "big") & _EMPTY
                   for i in range(PERMUTATIONS)], dtype=np.uint64)


def shingles(text: str) -> set[int]:
    """The hashed word 3-shingles of `text` (a short text gives its whole word sequence)."""
    words = _WORD.findall(text.lower())
    size = min(SHINGLE, len(words))
    return {int.from_bytes(hashlib.blake2b(" ".join(words[i:i + size]).encode(),
                                           digest_size=8).digest(), "big") & _EMPTY
            for i in range(len(words) - size + 1)} if words else set()


def minhash(text: str) -> list[int]:
    """The MinHash signature of `text` (an empty text gives all-maximum values)."""
    values = shingles(text)
    if not values:
        return [_EMPTY] * PERMUTATIONS
    hashed = np.fromiter(values, dtype=np.uint64, count=len(values))
    return [int(v) for v in (hashed[:, None] ^ _MASKS[None, :]).min(axis=0)]


def bands(signature: list[int]) -> list[str]:
    """The LSH band keys of a signature: texts sharing one are candidates."""
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=12).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not first or len(first) != len(second):
        return 0.0
    return sum(x == y for x, y in zip(first, second)) / len(first)


def best_match(signature: list[int], candidates: dict[str, list[int]],
               threshold: float = THRESHOLD) -> tuple[str, float] | None:
    """The most similar candidate at or above `threshold` (ties: the smallest id)."""
    scored = [(similarity(signature, other), doc_id) for doc_id, other in candidates.items()]
    scored = [(score, doc_id) for score, doc_id in scored if score >= threshold]
    if not scored:
        return None
    score, doc_id = min(scored, key=lambda pair: (-pair[0], pair[1]))
    return doc_id, score
