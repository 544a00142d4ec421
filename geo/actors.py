"""Actors named in news text, normalised to the controller vocabulary.

Some names say who they are ("Hashed al-Shaabi", "Daesh", "YPG-led fighters");
others depend on where the event is ("government forces", "troops", "Kurdish
fighters"): :func:`resolve_actor` settles those with the country of the place.

>>> [a.name for a in find_actors("Security forces backed by paramilitary units stormed the Islamic State-held town")]
['*government', 'Iraqi government', 'Islamic State']
>>> resolve_actor("*government", "SY")
'Syrian government'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import factions

# Names of the actors other modules refer to; every one is declared in geo/resources/factions.toml.
COALITION = factions.name_of("coalition")
RUSSIA = factions.name_of("russia")
TURKEY = factions.name_of("turkish_forces")
REBELS = factions.name_of("syrian_opposition")
CIVILIANS = factions.name_of("civilians")
# Placeholders resolved by the country of the event: "*government" -> the state's forces.
GENERIC_GOVERNMENT = factions.name_of("government")
GENERIC_KURDISH = factions.name_of("kurdish")
GENERIC_REBELS = factions.name_of("rebels")


def _lower_pattern(pattern: str) -> str:
    r"""The pattern for lower-cased text: letters lower-cased, escapes (\S, \B, \W) kept as written.

    >>> _lower_pattern(r"\bIS\b|Daesh\S*")
    '\\bis\\b|daesh\\S*'
    """
    out, index = [], 0
    while index < len(pattern):
        if pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
        else:
            out.append(pattern[index].lower())
            index += 1
    return "".join(out)


_ACTOR_PATTERNS: tuple[tuple[str, str], ...] = factions.ACTOR_PATTERNS
# One alternation, one pass per sentence: at a given position the earlier (more
# specific) pattern wins, as it would when trying them in turn.
_GROUPS = {f"a{index}": name for index, (name, _) in enumerate(_ACTOR_PATTERNS)}
# Matched on the lower-cased sentence (twice as fast as IGNORECASE); acronyms
# that are also words ("IS", "SAA") are then checked in the original text.
_COMBINED = re.compile("|".join(f"(?P<a{index}>{_lower_pattern(pattern)})" for index, (_, pattern) in enumerate(_ACTOR_PATTERNS)))
# Acronyms that are also English words count only in capitals: "it is" is not IS.
_ACRONYMS = factions.CAPITALS_ONLY
_HELD_GROUPS = {f"h{index}": name for index, (name, _) in enumerate(factions.HELD_PATTERNS)}
_HELD = re.compile(
    "(?:" + "|".join(f"(?P<h{index}>{pattern})" for index, (_, pattern) in enumerate(factions.HELD_PATTERNS)) + r")[- ](?:held|controlled|run)\b",
    re.IGNORECASE,
)
_HELD_BY = re.compile(
    r"\b(?:still\s+)?(?:held|controlled|occupied)\s+by\s+(?:the\s+)?(?P<who>[\w' -]{2,40}?)(?=[,.;]|\s+(?:in|since|for|along|and|until)\b|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a sentence (``name`` may be a placeholder)."""

    name: str
    start: int
    end: int
    text: str


def find_actors(text: str) -> list[ActorMention]:
    """Actors named in a sentence, left to right, without overlaps."""
    found: list[ActorMention] = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters change length when lower-cased
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    for match in _COMBINED.finditer(lowered):
        word = text[match.start() : match.end()]
        first = word.split()[0]
        if first.casefold() in _ACRONYMS and not first.isupper():
            continue  # "is", "saa": ordinary words, not acronyms
        found.append(ActorMention(_GROUPS[match.lastgroup], match.start(), match.end(), word))
    return found


def normalise_actor_phrase(phrase: str) -> str:
    """The actor a free phrase names, or '' ("the Islamic State group" -> Islamic State).

    >>> normalise_actor_phrase("Russian-backed government forces")
    'Syrian government'
    """
    actors = find_actors(phrase)
    return actors[0].name if actors else ""


def resolve_actor(name: str, country_code: str) -> str:
    """Turn a placeholder into an actor using the event's country ('' when none there).

    >>> resolve_actor("*kurdish", "IQ"), resolve_actor("*kurdish", "SY"), resolve_actor("*rebels", "SY")
    ('Kurdish Peshmerga', 'SDF', 'Syrian opposition')
    """
    return factions.resolve(name, country_code)


def held_by(text: str) -> list[tuple[str, int, int]]:
    """Holders a sentence states: "the IS-held town", "still held by the Islamic State".

    Returns (actor or placeholder, start, end) for each statement.

    >>> [name for name, _, _ in held_by("the rebel-held town, still held by Turkish-backed rebels.")]
    ['*rebels', 'Turkish forces']
    """
    statements = []
    for match in _HELD.finditer(text):
        first = match.group(match.lastgroup).split()[0]
        if first.casefold() in _ACRONYMS and not first.isupper():
            continue  # "this-run", not "IS-run"
        statements.append((_HELD_GROUPS[match.lastgroup], match.start(), match.end()))
    for match in _HELD_BY.finditer(text):
        actor = normalise_actor_phrase(match.group("who"))
        if actor:
            statements.append((actor, match.start(), match.end()))
    return [statement for statement in statements if statement[0]]
