"""The place index: coordinates for every kind of place, spelling variants, and the choice
between namesakes by the countries a document talks about."""

from __future__ import annotations

from collections import Counter

import pytest

from allegiance.nlp.gazetteer import load_gazetteer
from allegiance.resolve.places import load_place_index


@pytest.fixture(scope="module")
def index():
    return load_place_index()


@pytest.mark.parametrize("name, country, place_id", [
    ("Qandahar", "AF", "kandahar"), ("Konar", "AF", "kunar"), ("Zabol", "AF", "zabul"),
    ("Khowst", "AF", "khost"), ("Deir ez-Zor", "SY", None), ("Mogadishu", "SO", "mogadishu"),
])
def test_spelling_variants_find_the_place(index, name, country, place_id):
    place = index.resolve([name], Counter())
    assert place is not None and place.country == country
    assert place.lat is not None and place.lon is not None
    if place_id:
        assert place.id == place_id


def test_a_namesake_in_the_story_country_wins(index):
    lebanon = index.resolve(["Tripoli"], Counter({"LB": 3}), current="tripoli")
    libya = index.resolve(["Tripoli"], Counter({"LY": 1}), current="tripoli")
    assert lebanon.country == "LB" and libya.country == "LY"
    assert abs(lebanon.lat - 34.4) < 0.5 and abs(libya.lat - 32.9) < 0.5
    pakistan = index.resolve(["Hyderabad"], Counter({"PK": 2}))
    assert pakistan.country == "PK"


def test_kandahar_in_an_afghan_story_is_the_afghan_one(index):
    place = index.resolve(["Kandahar"], Counter({"AF": 4}), current="kandahar")
    assert place.id == "kandahar" and place.country == "AF"
    assert 30 < place.lat < 33 and 64 < place.lon < 67


def test_loose_spellings_abroad_are_refused(index):
    """A GeoNames place spelled only like the name, in a country the story never mentions,
    is not taken ("Rawah" is not Thailand's "Roi Et")."""
    assert index.resolve(["Rawah"], Counter()) is None
    assert index.resolve(["Rawah"], Counter({"IQ": 1})) is None or \
        index.resolve(["Rawah"], Counter({"IQ": 1})).country == "IQ"


def test_first_level_subdivisions_worldwide_have_coordinates(index):
    subdivisions = [p for p in map(index.get, index.rows) if p.source == "subdivision"]
    placed = [p for p in subdivisions if p.lat is not None]
    assert len(subdivisions) > 2000 and len(placed) / len(subdivisions) > 0.75
    ukraine = index.resolve(["Donetsk Oblast"], Counter({"UA": 1})) or \
        index.resolve(["Donetska oblast"], Counter({"UA": 1}))
    assert ukraine is not None and ukraine.country == "UA"


def test_cities_over_15000_people_are_indexed(index):
    for name, country in (("Maiduguri", "NG"), ("Goma", "CD"), ("Mosul", "IQ"),
                          ("Marawi", "PH"), ("Pemba", "MZ"), ("Gao", "ML")):
        place = index.resolve([name], Counter({country: 1}))
        assert place is not None and place.country == country, name
        assert place.lat is not None


def test_every_country_has_a_point_and_most_gazetteer_places_coordinates(index):
    gaz = load_gazetteer()
    countries = [r for r in gaz.entries.values() if r.type == "COUNTRY"]
    assert sum(1 for r in countries if index.country_point(r.iso2)) >= len(countries) - 3
    places = [r.id for r in gaz.entries.values() if r.type == "PLACE"]
    placed = [i for i in places if index.get(i) and index.get(i).lat is not None]
    assert len(placed) / len(places) > 0.98
