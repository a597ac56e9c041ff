"""Events, time and claims on sentences of our own about many groups and regions."""

from __future__ import annotations

import pytest

from allegiance.extract.document import extract_parsed
from allegiance.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(nlp):
    def extract(text: str, published: str | None = "2024-03-01") -> dict:
        return extract_parsed(Document("t", text, published=published), nlp(text)).to_dict()
    return extract


def events_of(data: dict, etype: str) -> list[dict]:
    return [e for e in data["events"] if e["type"] == etype]


def test_suicide_bombing_claimed_by_al_shabaab(run):
    data = run("A suicide bomber blew himself up at a hotel in Mogadishu on Saturday, killing at "
               "least 12 people. Al-Shabaab claimed responsibility for the attack.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["mode"] == "suicide bombing" and attack["cameo"] == "183"
    assert attack["acled_sub_event_type"] == "Suicide bomb"
    assert "al-shabaab" in attack["actors"] and attack["place"] == "mogadishu"
    assert attack["casualties"]["killed"] == 12
    assert attack["time"] == {"text": "Saturday", "start": "2024-02-24", "end": "2024-02-24"}
    claim = [c for c in data["claims"] if c["kind"] == "claim_of_responsibility"][0]
    assert claim["speaker"] == "al-shabaab" and claim["content"] == {"event": 0}


def test_kidnapping_by_boko_haram_counts_the_kidnapped(run):
    data = run("Boko Haram fighters kidnapped 276 schoolgirls from a school in Chibok in 2014.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["mode"] == "abduct" and attack["cameo"] == "181"
    assert attack["acled_event_type"] == "Violence against civilians"
    assert attack["actors"] == ["boko-haram"] and attack["casualties"]["kidnapped"] == 276
    assert attack["time"]["start"] == "2014-01-01" and attack["time"]["end"] == "2014-12-31"


def test_houthi_drone_strike_on_a_ship(run):
    data = run("The Houthis attacked a Greek-owned tanker with drones in the Red Sea.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["mode"] == "aerial" and attack["acled_sub_event_type"] == "Air/drone strike"
    assert attack["actors"] == ["houthis"] and attack["place"] == "red-sea"
    assert any("tanker" in t for t in attack["targets"]) and "drones" in attack["weapons"]


def test_jnim_ambush_on_malian_troops_is_hostile(run):
    data = run("JNIM ambushed Malian troops near Boni, killing 20 soldiers.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["actors"] == ["jnim"] and attack["targets"] == ["mali"]
    assert attack["acled_event_type"] == "Battles" and attack["casualties"]["killed"] == 20
    assert any(r["predicate"] == "HOSTILE_TO" and {r["subject"], r["object"]} == {"jnim", "mali"}
               for r in data["relations"])


def test_a_drone_strike_that_kills_a_leader_belongs_to_its_owner(run):
    data = run("A U.S. drone strike killed the ISKP commander Abu Omar Khorasani in Kunar.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["actors"] == ["united-states"] and attack["place"] == "kunar"
    assert any("khorasani" in t for t in attack["targets"])


def test_iskp_attack_on_a_mosque(run):
    data = run("Islamic State Khorasan Province gunmen attacked a Shia mosque in Kabul on Friday.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["actors"] == ["iskp"] and attack["place"] == "kabul"
    assert attack["acled_event_type"] == "Violence against civilians"
    mosque = [e for e in data["entities"] if e["id"] in attack["targets"]]
    assert mosque and mosque[0]["attributes"]["kind"] == "facility"


def test_m23_seizure_of_a_town(run):
    data = run("M23 rebels seized the town of Bunagana on the Ugandan border.")
    seizure = events_of(data, "COERCE")[0]
    assert seizure["mode"] == "seize" and seizure["actors"] == ["m23"]
    assert seizure["place"] == "bunagana"
    assert seizure["acled_sub_event_type"] == "Non-state actor overtakes territory"


def test_army_recapture_is_government_regaining_territory(run):
    data = run("Last month, the Iraqi army recaptured Ramadi from Islamic State militants.")
    seizure = events_of(data, "COERCE")[0]
    assert seizure["actors"] == ["iraq"] and "islamic-state" in seizure["targets"]
    assert seizure["acled_sub_event_type"] == "Government regains territory"
    assert seizure["time"]["start"] == "2024-02-01" and seizure["time"]["end"] == "2024-02-29"


def test_arrests_and_talks(run):
    arrest = run("Turkish police arrested 13 suspected PKK members in Istanbul.")
    assert events_of(arrest, "COERCE")[0]["mode"] == "arrest"
    assert events_of(arrest, "COERCE")[0]["cameo"] == "173"
    talks = run("Colombia's government held talks with the ELN in Havana.")
    consult = events_of(talks, "CONSULT")[0]
    assert set(consult["actors"]) == {"colombia", "eln"} and consult["cameo"] == "046"


@pytest.mark.parametrize("text", [
    "Al-Shabaab has vowed to attack Kenyan troops.",
    "The TTP denied that it attacked the police station.",
    "The government should not negotiate with the ELN.",
])
def test_threats_denials_and_recommendations_are_not_events(run, text):
    assert run(text)["events"] == []


def test_threats_and_promises_are_claims(run):
    threat = run("Al-Shabaab has vowed to attack Kenyan troops.")
    assert [c["kind"] for c in threat["claims"]] == ["threat"]
    assert threat["claims"][0]["speaker"] == "al-shabaab"
    promise = run("Hamas promised to break ties with Iran, officials said.")
    claim = [c for c in promise["claims"] if c["kind"] == "promise"][0]
    assert claim["speaker"] == "hamas"
    assert claim["content"] == {"subject": "hamas", "predicate": "ALLY_OF", "object": "iran",
                                "polarity": "negative"}


def test_the_reference_article_events_and_claims(run):
    from pathlib import Path

    from allegiance.ingest.text import read_document

    doc = read_document(Path(__file__).resolve().parents[2] / "examples" /
                        "taliban-al-qaeda.txt")
    data = run(doc.text, doc.published)
    raid = events_of(data, "ASSAULT")[0]
    assert "united-states" in raid["actors"] and "asim-umar" in raid["targets"]
    assert raid["place"] == "helmand" and raid["time"]["text"] == "Late last month"
    talks = events_of(data, "CONSULT")[0]
    assert set(talks["actors"]) == {"united-states", "taliban"} and talks["place"] == "doha"
    kinds = {(c["kind"], c["speaker"]) for c in data["claims"]}
    assert ("promise", "taliban") in kinds and ("recommendation", None) in kinds


def test_a_possessor_with_a_by_agent_is_the_target(run):
    data = run("Qassem Soleimani's assassination by U.S. forces in Baghdad angered Iran.")
    attack = events_of(data, "ASSAULT")[0]
    assert attack["actors"] == ["united-states"] and attack["mode"] == "assassination"
    assert any("soleimani" in t for t in attack["targets"]) and attack["place"] == "baghdad"
