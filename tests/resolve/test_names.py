"""Name keys and the guarded fuzzy test: transliterations agree, different entities do not."""

from __future__ import annotations

import pytest

from allegiance.resolve.names import initials, is_acronym, name_key, same_name, spelling_key


@pytest.mark.parametrize("a, b", [
    ("al-Qaeda", "al-Qa'ida"), ("al-Qaeda", "Al Qaida"), ("al-Qaeda", "al-Qa’idah"),
    ("Hezbollah", "Hizballah"), ("Hezbollah", "Hizbullah"), ("al-Shabaab", "ash-Shabaab"),
    ("Jabhat al-Nusra", "Jabhat an-Nusra"), ("Hay'at Tahrir al-Sham", "Hayat Tahrir ash-Sham"),
    ("Kandahar", "Qandahar"), ("Kunar", "Konar"), ("Zabul", "Zabol"), ("Khost", "Khowst"),
    ("Parwan", "Parvan"), ("Lashkar-e-Taiba", "Lashkar-e-Tayyiba"),
    ("Jaish-e-Mohammed", "Jaish-e-Muhammad"), ("Tehrik-i-Taliban Pakistan",
                                               "Tehreek-e-Taliban Pakistan"),
    ("Ansar al-Sharia", "Ansar al-Shariah"), ("Kataib Hezbollah", "Kata'ib Hizballah"),
    ("Abu Bakr al-Baghdadi", "Abu Bakr al-Bagdadi"), ("Khorasan", "Khurasan"),
    ("Jama'at Nusrat al-Islam wal-Muslimin", "Jamaat Nusrat al-Islam wal Muslimeen"),
])
def test_transliterations_are_the_same_name(a, b):
    assert same_name(a, b)
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize("a, b", [
    ("Islamic State", "Islamic State West Africa Province"),
    ("Islamic State", "Palestinian Islamic Jihad"),
    ("al-Qaeda", "al-Qaeda in the Arabian Peninsula"),
    ("al-Qaeda", "al-Qaeda in the Islamic Maghreb"),
    ("Hamas", "Homs"), ("Iran", "Iraq"), ("Mali", "Bali"), ("Syria", "Serbia"),
    ("Harakat al-Nujaba", "Harakat Hezbollah al-Nujaba"),
    ("Brigade 313", "Brigade 314"),
])
def test_different_names_stay_apart(a, b):
    assert not same_name(a, b)


def test_name_key_folds_case_marks_articles_and_the():
    assert name_key("The Islamic State") == "islamic state"
    assert name_key("Ḥay’at Taḥrīr al-Shām") == "hayat tahrir al sham"
    assert name_key("el-Sisi") == name_key("al-Sisi")


def test_initials_and_acronyms():
    assert initials(name_key("Popular Mobilization Forces")) == "PMF"
    assert initials(name_key("Rapid Support Forces")) == "RSF"
    assert is_acronym("ISIS") and is_acronym("U.S.") and is_acronym("AQIM")
    assert not is_acronym("Hamas") and not is_acronym("I")
