"""Offline place resolution and distances, from the bundled gazetteer (talentmatch/data/places.tsv)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "places.tsv"
EARTH_RADIUS_KM = 6371.0088

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_ARRONDISSEMENT = re.compile(r"\b\d{1,2}\s*(?:e|er|eme|ème)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


def normalize_place(text: str) -> str:
    """Fold case, accents, punctuation and "Saint"/"St" spellings so that user input meets the gazetteer."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _NON_ALNUM.sub(" ", folded).split()
    words = ["saint" if word == "st" else "sainte" if word == "ste" else word for word in words]
    return " ".join(words)


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    with GAZETTEER_PATH.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            name, country, latitude, longitude, population, keys = line.rstrip("\n").split("\t")
            place = Place(name, country, float(latitude), float(longitude), int(population))
            # Rows come French first, then by population: the first holder of a key wins.
            for key in keys.split("|"):
                index.setdefault(key, place)
    return index


@lru_cache(maxsize=65536)
def resolve_place(text: str | None) -> Place | None:
    """The place a free-text location names ("Lyon", "Paris 8e", "Saint-Étienne (42)", "Lille, France").

    None when it cannot be resolved; never raises.
    """
    if not text:
        return None
    candidate = _PARENTHESES.sub(" ", text)
    candidate = _ARRONDISSEMENT.sub(" ", candidate)
    index = _index()
    for part in candidate.split(","):
        key = normalize_place(_DIGITS.sub(" ", part))
        if key and key in index:
            return index[key]
    return None


def distance_km(a: Place, b: Place) -> float:
    """Great-circle (haversine) distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
