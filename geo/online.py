"""The one place that touches the network: geopy's Nominatim, optional and polite.

Used only by ``python -m geo build --online`` for names the offline gazetteer
cannot place. Requests go through geopy's ``RateLimiter`` (one per second, the
project's own user agent, a timeout). Results become gazetteer entries whose
``source`` says where they came from; the build writes them into
``places.csv``, and later builds read them back from there, so every run after
the first is offline and reproducible. Any network failure or refusal raises
:class:`OnlineGeocoderUnavailable`, which the build turns into one warning.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from .errors import OnlineGeocoderUnavailable
from .gazetteer import THEATRE
from .names import translit_key
from .records import PROVINCE, REGION, SETTLEMENT, GazetteerEntry

USER_AGENT = "conflict-map-geo/1.0 (offline-first research map of the 2017-2018 campaign)"
ONLINE_SOURCE_PREFIX = "Nominatim (OpenStreetMap)"
_SETTLEMENT_TYPES = {
    "city",
    "town",
    "village",
    "hamlet",
    "suburb",
    "neighbourhood",
    "quarter",
    "municipality",
    "locality",
    "isolated_dwelling",
}
_PROVINCE_TYPES = {"state", "province", "region", "county", "district"}


class OnlineGeocoder:
    """Nominatim behind a rate limiter; ``geocoder`` and ``today`` are injectable for tests."""

    def __init__(self, geocoder=None, min_delay_seconds: float = 1.0, timeout: float = 10.0, today: date | None = None):
        self.geocoder = geocoder or Nominatim(user_agent=USER_AGENT, timeout=timeout)
        self._geocode = RateLimiter(self.geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        self.today = today or date.today()

    def lookup(self, name: str, country_codes: tuple[str, ...] = THEATRE) -> GazetteerEntry | None:
        """Ask Nominatim for one name in the theatre; None when it has no answer."""
        try:
            location = self._geocode(name, exactly_one=True, country_codes=[code.lower() for code in country_codes], addressdetails=True, language="en")
        except (GeopyError, OSError) as error:
            raise OnlineGeocoderUnavailable(f"online geocoder unavailable ({type(error).__name__}: {error}); continuing offline") from error
        if location is None:
            return None
        raw = location.raw or {}
        address = raw.get("address") or {}
        kind_word = raw.get("addresstype") or raw.get("type") or ""
        kind = SETTLEMENT if kind_word in _SETTLEMENT_TYPES else PROVINCE if kind_word in _PROVINCE_TYPES else REGION
        country = (address.get("country_code") or "").upper()
        osm = f"{raw.get('osm_type', 'x')}{raw.get('osm_id', '')}"
        return GazetteerEntry(
            place_id=f"nominatim:{osm}",
            name=name,
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            country_code=country,
            kind=kind,
            admin1="",
            population=0,
            source=f"{ONLINE_SOURCE_PREFIX}, fetched {self.today.isoformat()} for '{name}': {location.address}",
            alternate_names=(name,),
        )


def cached_entries(places_csv: Path) -> list[GazetteerEntry]:
    """Online results cached in a previous build's ``places.csv``."""
    path = Path(places_csv)
    if not path.exists():
        return []
    entries = []
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    for row in reader:
        if not (row.get("source") or "").startswith(ONLINE_SOURCE_PREFIX):
            continue
        names = tuple(name for name in (row.get("mentions") or "").split(";") if name)
        entries.append(
            GazetteerEntry(
                place_id=row["place_id"],
                name=row["place"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                country_code=row["country_code"],
                kind=row.get("kind") or SETTLEMENT,
                admin1=row.get("admin1", ""),
                population=0,
                source=row["source"],
                alternate_names=names,
            )
        )
    return entries


def lookup_all(names: list[str], geocoder: OnlineGeocoder, warn) -> list[GazetteerEntry]:
    """Look up names one by one; on the first network failure warn once and stop."""
    found: list[GazetteerEntry] = []
    seen: set[str] = set()
    for name in names:
        key = translit_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        try:
            entry = geocoder.lookup(name)
        except OnlineGeocoderUnavailable as error:
            warn(str(error))
            break
        if entry is not None and entry.country_code in THEATRE:
            found.append(entry)
    return found
