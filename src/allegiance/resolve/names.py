"""Names compared the way analysts compare them: one key per spelling, and a guarded fuzzy match.

`name_key("al-Qa'ida")` == `name_key("Al Qaida")` == "al qaida": transliterated to ASCII, lower
case, apostrophes and ayn/hamza marks dropped, punctuation to spaces, a leading "the" dropped, and
the Arabic article in its assimilated forms ("ash-Shabaab", "an-Nusra", "el-Sisi") written "al".

`same_name(a, b)` is the fuzzy test behind linking and cross-document merging. It compares
the names word by word, in order: the same number of content words, each pair close in
spelling ("Qaeda"/"Qaida", "Hizbullah"/"Hezbollah"), numbers and short words exact. A word
more or less is a different entity: "Islamic State" is not "Islamic State West Africa
Province", and "al-Qaeda" is not "al-Qaeda in the Arabian Peninsula".
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# Arabic definite article as transliterated before sun letters; "al" when hyphen-joined
ARTICLES = {"al", "el", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed",
            "en", "er", "es", "et", "ez"}
LINKING_WORDS = {"the", "of", "and", "in", "for", "al", "wal", "wa", "fi", "li", "e", "i", "de",
                 "del", "la", "le", "los", "las", "des", "du", "y", "et"}
_MARKS = re.compile(r"['’‘`ʿʾʼ]")
_ARTICLE_HYPHEN = re.compile(r"\b(" + "|".join(sorted(ARTICLES, key=len, reverse=True))
                             + r")-(?=\w)", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison key of a name (see the module docstring)."""
    text = _MARKS.sub("", anyascii(text))
    text = _ARTICLE_HYPHEN.sub("al ", text)
    words = _NON_WORD.sub(" ", text.lower()).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def content_words(key: str) -> list[str]:
    """The words of a key that carry the name: linking words and articles left out."""
    return [w for w in key.split() if w not in LINKING_WORDS]


def initials(key: str) -> str:
    """Upper-case initials of a key's content words: "popular mobilization forces" → "PMF"."""
    return "".join(w[0] for w in content_words(key)).upper()


_DIGRAPHS = (("gh", "g"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("sh", "s"), ("ph", "f"),
             ("q", "k"), ("c", "k"), ("v", "w"))
_VOWELS = re.compile(r"[aeiouyw]+")


def _skeleton(word: str) -> str:
    """Consonants as transliterations agree on them: "Qandahar" and "Kandahar" → "kndhr"."""
    word = re.sub(r"(?<=[aeiou])h$", "", word)  # "Shariah" / "Sharia"
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))


@lru_cache(maxsize=1 << 17)
def _word_key(word: str) -> str:
    """A word as transliterations agree on it: first letter (k/q/c and v/w alike), consonants,
    and the number of vowel groups. "Qaeda" and "Qaida" agree; "Hamas" and "Homs", "Iran" and
    "Iraq", "Mali" and "Bali" do not. Numbers and words of one or two letters stay exact."""
    if word.isdigit() or len(word) <= 2:
        return word
    first = "k" if word[0] in "ckq" else "w" if word[0] in "vw" else word[0]
    return f"{first}{_skeleton(word)}{len(_VOWELS.findall(word))}"


@lru_cache(maxsize=1 << 16)
def spelling_key(text: str) -> str:
    """One key for every transliteration of a name: content words in order, each by
    `_word_key`. "Hay'at Tahrir al-Sham" and "Hayat Tahrir ash-Sham" share it."""
    return " ".join(_word_key(w) for w in content_words(name_key(text)))


def same_name(a: str, b: str) -> bool:
    """Whether two names spell the same name: word by word, in order, as many content words
    (see the module docstring)."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return bool(ka)  # "alQaeda" / "al Qaeda", "Hizb ul Islam" / "Hizbul Islam"
    key = spelling_key(a)
    return bool(key) and key == spelling_key(b)


def is_acronym(text: str) -> bool:
    """"PMF", "U.S.", "ISIS", "AQIM": two or more capitals, dots allowed, no lower-case run."""
    letters = text.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and sum(c.isupper() for c in letters) >= \
        max(2, len(letters) - 1)
