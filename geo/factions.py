"""The factions, read once from ``geo/resources/factions.toml``: one source of truth.

The file declares each faction (name, side, colour, whose government it is,
whether it can hold a town, the phrases that name it in English news) and the
placeholders whose faction depends on the country ("government forces").
Everything else (the controller vocabulary in :mod:`geo.records`, the actor
patterns in :mod:`geo.actors`, the map's colours) is derived from here, so
adding a faction touches the file only. ``CONFLICT_MAP_FACTIONS=FILE`` reads
another file instead (checked the same way).

>>> CONTROLLERS[:2], GOVERNMENT_OF["SY"], COLOURS["Islamic State"]
(('Islamic State', 'Iraqi government'), 'Syrian government', '#000000')
>>> resolve("*kurdish", "IQ"), resolve("*rebels", "IQ"), resolve("Russia", "SY")
('Kurdish Peshmerga', '', 'Russia')
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .errors import InputError

DEFAULT_PATH = Path(__file__).resolve().parent / "resources" / "factions.toml"
ENVIRONMENT_VARIABLE = "CONFLICT_MAP_FACTIONS"

_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_FACTION_FIELDS = {
    "key": True,
    "name": True,
    "side": True,
    "holds_territory": True,
    "aliases": True,
    "colour": False,
    "government_of": False,
    "countries": False,
    "capitals_only": False,
    "held": False,
}
_PLACEHOLDER_FIELDS = {"key": True, "name": True, "resolves": True, "aliases": True, "capitals_only": False, "held": False}


@dataclass(frozen=True)
class Faction:
    """One side of the war, or an actor that never holds a town (``holds_territory`` false)."""

    key: str
    name: str
    side: str
    holds_territory: bool
    colour: str  # "#RRGGBB", upper case; "" for an actor without one
    government_of: str  # country code when it is that country's government, else ""
    countries: tuple[str, ...]
    aliases: tuple[str, ...]  # regular expressions, matched case-insensitively
    capitals_only: tuple[str, ...]  # words that name it only when written in capitals
    held: tuple[str, ...]  # regular expressions for the word before "-held"


@dataclass(frozen=True)
class Placeholder:
    """A phrase whose faction is the event's country's ("*government" -> Iraqi government in IQ)."""

    key: str
    name: str  # starts with "*": never a controller itself
    resolves: tuple[tuple[str, str], ...]  # (country code, faction name)
    aliases: tuple[str, ...]
    capitals_only: tuple[str, ...]
    held: tuple[str, ...]


@dataclass(frozen=True)
class FactionTable:
    """Every entry of a factions file, in the file's order (which is also the alias priority)."""

    source: str
    factions: tuple[Faction, ...]
    placeholders: tuple[Placeholder, ...]

    @property
    def controllers(self) -> tuple[str, ...]:
        """The factions that can hold a town, in the file's order (the map's legend order)."""
        return tuple(faction.name for faction in self.factions if faction.holds_territory)

    @property
    def governments(self) -> tuple[str, ...]:
        return tuple(faction.name for faction in self.factions if faction.government_of)

    def key_to_name(self, key: str) -> str:
        """The name of the entry with this key; an error naming the file when there is none."""
        for entry in (*self.factions, *self.placeholders):
            if entry.key == key:
                return entry.name
        raise InputError(self.source, f"no faction has key {key!r}, which the code refers to; restore the entry or its key")

    def actor_patterns(self) -> tuple[tuple[str, str], ...]:
        """(name, alternation of its aliases): holders first, then placeholders, then the other actors.

        Placeholders come after every faction so that a named faction wins a tie
        ("rebels backed by Turkey" is Turkish forces, not "*rebels").
        """
        entries = [f for f in self.factions if f.holds_territory] + list(self.placeholders) + [f for f in self.factions if not f.holds_territory]
        return tuple((entry.name, "|".join(entry.aliases)) for entry in entries)

    def held_patterns(self) -> tuple[tuple[str, str], ...]:
        """(name, alternation of its "-held" words), in the same priority as :meth:`actor_patterns`."""
        entries = [f for f in self.factions if f.holds_territory] + list(self.placeholders) + [f for f in self.factions if not f.holds_territory]
        return tuple((entry.name, "|".join(entry.held)) for entry in entries if entry.held)


def parse(text: str, source: str = "factions.toml") -> FactionTable:
    """Read and check a factions file's text; :class:`InputError` names the file and entry.

    >>> table = parse('[[faction]]\\nkey = "x"\\nname = "X"\\nside = "s"\\nholds_territory = true\\ncolour = "#112233"\\naliases = ["ex"]')
    >>> table.controllers
    ('X',)
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(source, f"not valid TOML ({error}); fix the syntax at that line") from None
    unknown = set(data) - {"faction", "placeholder"}
    if unknown:
        raise InputError(source, f"unknown table {sorted(unknown)[0]!r}; only [[faction]] and [[placeholder]] are read")
    raw_factions = data.get("faction", [])
    raw_placeholders = data.get("placeholder", [])
    if not isinstance(raw_factions, list) or not isinstance(raw_placeholders, list):
        raise InputError(source, "write each entry as [[faction]] or [[placeholder]] (an array of tables)")
    factions = tuple(_faction(entry, f"{source}: faction {number}") for number, entry in enumerate(raw_factions, 1))
    if not any(faction.holds_territory for faction in factions):
        raise InputError(source, "no faction holds territory; at least one needs holds_territory = true")
    names = {faction.key: faction.name for faction in factions}
    placeholders = tuple(_placeholder(entry, f"{source}: placeholder {number}", names) for number, entry in enumerate(raw_placeholders, 1))
    _check_unique(source, factions, placeholders)
    return FactionTable(source, factions, placeholders)


def load(path: str | Path | None = None) -> FactionTable:
    """Read a factions file (by default ``$CONFLICT_MAP_FACTIONS`` or the bundled one)."""
    path = Path(path or os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read the factions file ({error.__class__.__name__}); check the path") from None
    return parse(text, str(path))


def _fields(entry, where: str, fields: dict[str, bool]) -> dict:
    if not isinstance(entry, dict):
        raise InputError(where, "is not a table of fields")
    unknown = sorted(set(entry) - set(fields))
    if unknown:
        raise InputError(where, f"unknown field {unknown[0]!r}; the fields are {', '.join(fields)}")
    missing = [name for name, required in fields.items() if required and name not in entry]
    if missing:
        raise InputError(where, f"field {missing[0]!r} is missing")
    return entry


def _text(entry: dict, field: str, where: str, pattern: re.Pattern | None = None, hint: str = "") -> str:
    value = entry.get(field, "")
    if not isinstance(value, str) or (field in entry and not value.strip()):
        raise InputError(where, f"{field} must be a non-empty string")
    if value and pattern is not None and not pattern.match(value):
        raise InputError(where, f"{field} {value!r} is not {hint}")
    return value.strip()


def _strings(entry: dict, field: str, where: str) -> tuple[str, ...]:
    values = entry.get(field, [])
    if not isinstance(values, list) or not all(isinstance(value, str) and value.strip() for value in values):
        raise InputError(where, f"{field} must be a list of non-empty strings")
    return tuple(values)


def _regexes(entry: dict, field: str, where: str) -> tuple[str, ...]:
    patterns = _strings(entry, field, where)
    for number, pattern in enumerate(patterns, 1):
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise InputError(where, f"{field} {number} ({pattern!r}) is not a regular expression: {error}") from None
        if compiled.groups:
            raise InputError(where, f"{field} {number} ({pattern!r}) has a capturing group; write (?:...) instead")
        if compiled.match(""):
            raise InputError(where, f"{field} {number} ({pattern!r}) matches the empty string")
    return patterns


def _capitals(entry: dict, where: str) -> tuple[str, ...]:
    words = _strings(entry, "capitals_only", where)
    for word in words:
        if not word.isupper() or not word.isalpha():
            raise InputError(where, f"capitals_only word {word!r} must be written in capital letters")
    return words


def _faction(entry, where: str) -> Faction:
    if isinstance(entry, dict) and isinstance(entry.get("key"), str):
        where = f"{where} ({entry['key']})"  # name the entry by its key as soon as it has one
    entry = _fields(entry, where, _FACTION_FIELDS)
    key = _text(entry, "key", where, _KEY, "lower case letters, digits and _")
    holds = entry["holds_territory"]
    if not isinstance(holds, bool):
        raise InputError(where, "holds_territory must be true or false")
    colour = _text(entry, "colour", where, _COLOUR, "a #RRGGBB colour").upper()
    if holds and not colour:
        raise InputError(where, "a faction that holds territory needs a colour (#RRGGBB)")
    government_of = _text(entry, "government_of", where, _COUNTRY, "a two-letter country code such as IQ")
    if government_of and not holds:
        raise InputError(where, "a government holds territory: set holds_territory = true")
    countries = _strings(entry, "countries", where)
    for country in countries:
        if not _COUNTRY.match(country):
            raise InputError(where, f"country {country!r} is not a two-letter code such as SY")
    aliases = _regexes(entry, "aliases", where)
    if not aliases:
        raise InputError(where, "aliases is empty; give at least one phrase that names it")
    return Faction(
        key=key,
        name=_text(entry, "name", where),
        side=_text(entry, "side", where),
        holds_territory=holds,
        colour=colour,
        government_of=government_of,
        countries=countries,
        aliases=aliases,
        capitals_only=_capitals(entry, where),
        held=_regexes(entry, "held", where),
    )


def _placeholder(entry, where: str, names: dict[str, str]) -> Placeholder:
    if isinstance(entry, dict) and isinstance(entry.get("key"), str):
        where = f"{where} ({entry['key']})"  # name the entry by its key as soon as it has one
    entry = _fields(entry, where, _PLACEHOLDER_FIELDS)
    key = _text(entry, "key", where, _KEY, "lower case letters, digits and _")
    name = _text(entry, "name", where)
    if not name.startswith("*"):
        raise InputError(where, f"name {name!r} must start with * (a placeholder is never a faction itself)")
    resolves = entry["resolves"]
    if not isinstance(resolves, dict) or not resolves:
        raise InputError(where, "resolves must map country codes to faction keys: { IQ = \"iraqi_government\" }")
    pairs = []
    for country, faction_key in resolves.items():
        if not _COUNTRY.match(country):
            raise InputError(where, f"resolves: {country!r} is not a two-letter country code")
        if faction_key not in names:
            raise InputError(where, f"resolves: {country} = {faction_key!r} is not the key of a faction above")
        pairs.append((country, names[faction_key]))
    aliases = _regexes(entry, "aliases", where)
    if not aliases:
        raise InputError(where, "aliases is empty; give at least one phrase")
    return Placeholder(key, name, tuple(pairs), aliases, _capitals(entry, where), _regexes(entry, "held", where))


def _check_unique(source: str, factions: tuple[Faction, ...], placeholders: tuple[Placeholder, ...]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for kind, entries in (("faction", factions), ("placeholder", placeholders)):
        for number, entry in enumerate(entries, 1):
            where = f"{source}: {kind} {number} ({entry.key})"
            values = [("key", entry.key), ("name", entry.name.casefold())]
            if isinstance(entry, Faction) and entry.holds_territory:
                values.append(("colour", entry.colour))
            if isinstance(entry, Faction) and entry.government_of:
                values.append(("government_of", entry.government_of))
            for field, value in values:
                if (field, value) in seen:
                    raise InputError(where, f"{field} {value!r} is already used by {seen[(field, value)]}; each must be unique")
                seen[(field, value)] = f"{kind} {number}"


# Loaded once, at import: every module derives its vocabulary from this table.
TABLE = load()
CONTROLLERS: tuple[str, ...] = TABLE.controllers
GOVERNMENTS: tuple[str, ...] = TABLE.governments
FACTIONS = MappingProxyType({faction.name: faction for faction in TABLE.factions})
GOVERNMENT_OF = MappingProxyType({faction.government_of: faction.name for faction in TABLE.factions if faction.government_of})
COLOURS = MappingProxyType({faction.name: faction.colour for faction in TABLE.factions if faction.colour})
PLACEHOLDERS = MappingProxyType({placeholder.name: MappingProxyType(dict(placeholder.resolves)) for placeholder in TABLE.placeholders})
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = TABLE.actor_patterns()
HELD_PATTERNS: tuple[tuple[str, str], ...] = TABLE.held_patterns()
# Words that name an actor only in capitals ("IS" the group, "is" the verb), lower-cased.
CAPITALS_ONLY: frozenset[str] = frozenset(word.casefold() for entry in (*TABLE.factions, *TABLE.placeholders) for word in entry.capitals_only)


def name_of(key: str) -> str:
    """The name of the faction or placeholder with this key ("sdf" -> "SDF")."""
    return TABLE.key_to_name(key)


def resolve(name: str, country_code: str) -> str:
    """A placeholder's faction in that country ('' when the file names none); other names unchanged."""
    if name in PLACEHOLDERS:
        return PLACEHOLDERS[name].get(country_code, "")
    return name


def countries_of(name: str) -> tuple[str, ...]:
    """The countries a faction fights in (empty for a name the file does not declare)."""
    faction = FACTIONS.get(name)
    return faction.countries if faction else ()


def colour(name: str, default: str = "") -> str:
    """The faction's map colour, or ``default`` for a name without one."""
    return COLOURS.get(name, default)
