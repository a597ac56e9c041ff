"""normalize_name: the comparison key for entity names (DESIGN §4)."""

import pytest

from allegiance.evaluate.normalize import normalize_name


@pytest.mark.parametrize("raw, expected", [
    ("Taliban", "taliban"),
    ("the Taliban", "taliban"),
    ("The Taliban’s", "taliban"),
    ("Taliban's", "taliban"),
    ("al-Qaeda", "al qaeda"),
    ("Al Qaeda", "al qaeda"),
    ("al–Qaeda", "al qaeda"),          # en dash
    ("al—Qaeda", "al qaeda"),          # em dash
    ("U.S.", "u s"),
    ("U.S. forces", "u s forces"),
    ("islamic_state", "islamic state"),
    ("  Islamic \t State \n", "islamic state"),
    ("al-Qa‘ida", "al qa'ida"),        # curly opening quote
    ("al-Qaʼida", "al qa'ida"),        # modifier letter apostrophe
    ("al-Qa`ida", "al qa'ida"),
    ("“Army of Conquest”", '"army of conquest"'),
    ("Haqqanis'", "haqqanis"),
    ("ＩＳＩＳ", "isis"),               # NFKC folds full-width letters
    ("Theodore", "theodore"),           # "the" only as a separate word
    ("the", "the"),
    ("", ""),
])
def test_examples(raw, expected):
    assert normalize_name(raw) == expected


def test_variants_of_one_name_agree():
    forms = ["al-Qaeda", "Al Qaeda", "al_qaeda", "AL-QAEDA", "al‐Qaeda's", "the al-Qaeda"]
    assert {normalize_name(f) for f in forms} == {"al qaeda"}
