"""Linking inside a document, through the whole pipeline: spelling variants, acronyms in several
languages, affiliates with similar names, titles, forces and demonyms, namesake places."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def entities(extract_text, text: str) -> dict[str, dict]:
    return {e["id"]: e for e in extract_text(text)["entities"]}


@pytest.mark.parametrize("text, expected", [
    ("Fighters loyal to al-Qa'ida attacked a base, and Al Qaida leaders met in Waziristan.",
     "al-qaeda"),
    ("Daesh claimed the attack. ISIL has lost ground, and ISIS fighters fled.", "islamic-state"),
    ("Hizballah fired rockets at Israel.", "hezbollah"),
    ("Jabhat Fatah al-Sham rebranded in 2017.", "jabhat-fateh-al-sham"),
    ("Officials blamed Tehreek-e-Taliban Pakistan for the bombing in Peshawar.", "ttp"),
    ("The Lashkar-e-Tayyiba cell was dismantled.", "lashkar-e-taiba"),
])
def test_transliterations_and_acronyms_link_to_one_group(extract_text, text, expected):
    ents = entities(extract_text, text)
    groups = [i for i, e in ents.items() if e["type"] == "ARMED_GROUP"
              and not e["attributes"].get("unnamed")]  # "fighters" who attacked: unnamed
    assert groups == [expected], groups


def test_acronyms_in_several_languages_are_one_group(extract_text):
    text = "Daesh, which calls itself ISIL, ISIS or the EI in French reports, lost Raqqa."
    ents = entities(extract_text, text)
    assert [m["text"] for m in ents["islamic-state"]["mentions"]] == ["Daesh", "ISIL", "ISIS",
                                                                     "EI"]


def test_affiliates_with_similar_names_stay_apart(extract_text):
    ents = entities(extract_text, (
        "The Islamic State West Africa Province (ISWAP) split from Boko Haram, while the "
        "Islamic State praised it. Palestinian Islamic Jihad condemned both. Al-Qaeda in the "
        "Arabian Peninsula and al-Qaeda issued statements."))
    assert {"iswap", "islamic-state", "boko-haram", "pij", "aqap",
            "al-qaeda"} <= set(ents)


def test_people_with_and_without_titles_are_one_person(extract_text):
    ents = entities(extract_text, "Mullah Haibatullah Akhundzada issued a decree. "
                                  "Haibatullah Akhundzada has led the Taliban since 2016.")
    people = [e for e in ents.values() if e["type"] == "PERSON"]
    assert len(people) == 1
    assert len(people[0]["mentions"]) == 2
    assert people[0]["attributes"]["titles"][0] == "Mullah"
    assert all(not m["text"].startswith("Mullah") for m in people[0]["mentions"])


def test_kunyas_stay_whole_and_spellings_link(extract_text):
    ents = entities(extract_text, "Abu Bakr al-Bagdadi declared a caliphate in Mosul.")
    assert "abu-bakr-al-baghdadi" in ents
    assert ents["abu-bakr-al-baghdadi"]["mentions"][0]["text"] == "Abu Bakr al-Bagdadi"


def test_forces_and_demonyms_resolve_to_the_state_acting(extract_text):
    ents = entities(extract_text, "Afghan forces and U.S. troops clashed with the Taliban, "
                                  "and the Syrian army shelled Idlib.")
    for country in ("afghanistan", "united-states", "syria"):
        assert ents[country]["type"] == "COUNTRY"
        assert {m["agent"] for m in ents[country]["mentions"]} == {"military"}
        assert "lat" in ents[country]["attributes"]


def test_namesake_places_follow_the_story(extract_text):
    lebanon = entities(extract_text, "Clashes broke out in Tripoli between Hezbollah "
                                     "supporters and rivals in northern Lebanon.")
    libya = entities(extract_text, "Clashes broke out in Tripoli as rival Libyan militias "
                                   "fought for the capital of Libya.")
    assert lebanon["tripoli-lebanon"]["attributes"]["country"] == "LB"
    assert libya["tripoli"]["attributes"]["country"] == "LY"


def test_kandahar_in_an_afghan_story(extract_text):
    ents = entities(extract_text, "The Taliban seized Kandahar after heavy fighting with "
                                  "Afghan forces.")
    attrs = ents["kandahar"]["attributes"]
    assert attrs["country"] == "AF" and 30 < attrs["lat"] < 33


def test_every_place_of_the_reference_article_has_coordinates(extract_text):
    from pathlib import Path

    from allegiance.ingest.text import read_document

    root = Path(__file__).resolve().parents[2]
    doc = read_document(root / "examples" / "taliban-al-qaeda.txt")
    places = [e for e in extract_text(doc.text)["entities"] if e["type"] == "PLACE"
              and not e["attributes"].get("unnamed")]  # "a Taliban compound" is no map place
    assert len(places) >= 7
    for place in places:
        assert {"lat", "lon", "country"} <= set(place["attributes"]), place["id"]


def test_untagged_names_that_the_syntax_calls_places(extract_text):
    """NER leaves "Hit" untagged; "the nearby region of Hit" in a story about Iraq is the
    Iraqi town, with coordinates."""
    ents = entities(extract_text, "Last month, the Iraqi army retook the nearby region of Hit, "
                                  "pushing the militants north along the Euphrates valley.")
    hit = [e for e in ents.values() if "Hit" in e["aliases"]]
    assert hit and hit[0]["type"] == "PLACE" and hit[0]["attributes"]["country"] == "IQ"
    none = entities(extract_text, "The region of Hit Parade was invented by a band.")
    assert not any(e["type"] == "PLACE" and "Hit" in e["aliases"] for e in none.values())


@pytest.mark.parametrize("text", [
    "United Nations experts said in January that they were investigating arms shipments "
    "reaching the Houthis in Yemen.",
    "French President Emmanuel Macron said in June that France would close bases in Mali.",
    "Pakistani officials said on Friday that the Tehreek-e-Taliban Pakistan attacked a post.",
])
def test_month_and_weekday_names_are_not_places(extract_text, text):
    places = [e for e in extract_text(text)["entities"] if e["type"] == "PLACE"]
    assert not any(m["text"] in ("January", "June", "Friday")
                   for e in places for m in e["mentions"])
