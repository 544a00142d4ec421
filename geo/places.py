"""The places stage: one row per place the sources name, under the name they use.

GeoNames writes "Al Ḩawījah"; the articles write "Hawija". The map shows the
spelling the sources use most, and keeps every surface form seen.

>>> from geo.records import GazetteerEntry
>>> entry = GazetteerEntry("g:1", "Al Ḩawījah", 35.3, 43.8, "IQ", "settlement", "13", 0, "GeoNames")
>>> display_name(entry, ["Hawija", "the Hawija", "Hawija", "Al-Hawija"])
'Hawija'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .records import GazetteerEntry


@dataclass(frozen=True)
class PlaceRow:
    """One line of ``places.csv``."""

    place: str
    place_id: str
    mentions: tuple[str, ...]
    latitude: float
    longitude: float
    country_code: str
    kind: str
    admin1: str
    gazetteer_name: str
    source: str
    score: float
    reason: str
    articles: int
    in_theatre: bool
    corrected: str = ""


def display_name(entry: GazetteerEntry, surfaces: list[str]) -> str:
    """The most used surface form (ties: first seen), else the gazetteer name."""
    cleaned = [_clean(surface) for surface in surfaces if _clean(surface)]
    if not cleaned:
        return entry.name
    counts = Counter(cleaned)
    best = max(counts.values())
    return next(surface for surface in cleaned if counts[surface] == best)


def _clean(surface: str) -> str:
    words = surface.strip().strip("\"“”'’").split()
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    if words and words[-1].casefold() in ("area", "areas", "pocket", "enclave") and len(words) > 1:
        words = words[:-1]
    name = " ".join(words)
    return name.title() if name.isupper() and len(name) > 3 else name
