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

from .records import IRAQI_GOVERNMENT, ISLAMIC_STATE, PESHMERGA, SDF, SYRIAN_GOVERNMENT

COALITION = "International coalition"
RUSSIA = "Russia"
TURKEY = "Turkey"
REBELS = "Syrian rebels"
CIVILIANS = "Civilians"
# Placeholders resolved by the country of the event: "*government" -> the state's forces.
GENERIC_GOVERNMENT = "*government"
GENERIC_KURDISH = "*kurdish"

_ACTOR_PATTERNS: list[tuple[str, str]] = [
    # Islamic State
    (
        ISLAMIC_STATE,
        r"islamic\s+state(?:\s+group)?|\bIS\b|\bISIS\b|\bISIL\b|\bDaesh\b|\bDaish\b|jihadists?(?:\s+(?:militants|fighters|group))?|\bIS\s+(?:militants|fighters|jihadists)|caliphate",
    ),
    # Iraqi state forces
    (
        IRAQI_GOVERNMENT,
        r"(?:iraqi|iraq's)\s+(?:security\s+|government\s+|federal\s+|army\s+|special\s+)?(?:forces|troops|army|soldiers|military|police|units|government)"
        r"|\bfederal\s+(?:troops|police|forces)|counter[- ]terrorism\s+service|\bCTS\b|golden\s+division"
        r"|\bhash[e]?d(?:\s+al[- ]sha['’]?abi)?\b|popular\s+mobili[sz]ation(?:\s+(?:units|forces|force))?|\bPMU\b|\bPMF\b"
        r"|paramilitar(?:y|ies)(?:\s+(?:units|forces|force|fighters))?|tribal\s+(?:fighters|militias?|volunteers|forces)"
        r"|\bIraq\b(?=\s+(?:brought|launched|announced|retook|recaptured|declared))|baghdad\s+government|joint\s+operations\s+command",
    ),
    # Syrian state forces
    (
        SYRIAN_GOVERNMENT,
        r"syrian\s+(?:government\s+|regime\s+|army\s+|arab\s+army\s+)?(?:forces|troops|army|soldiers|military|aircraft|warplanes)"
        r"|syrian\s+government|\bregime(?:\s+(?:forces|fighters|troops))?\b|russian[- ]backed\s+(?:government\s+)?forces"
        r"|loyalist\s+(?:troops|forces|fighters)|pro[- ]government\s+(?:fighters|forces|militias?|troops)|syrian\s+arab\s+army|\bSAA\b"
        r"|tiger\s+forces|assad(?:'s)?\s+(?:forces|regime|troops)",
    ),
    # SDF
    (
        SDF,
        r"\bSDF\b|(?:(?:us|u\.s\.)[- ]backed\s+)?syrian\s+democratic\s+forces|\bYPG(?:-led)?\b(?:\s+(?:fighters|forces|militants|militia))?"
        r"|(?:us|u\.s\.)[- ]backed\s+(?:kurdish(?:\s+and\s+arab|-arab|-led)?\s+|arab\s+and\s+kurdish\s+|ypg-led\s+)?"
        r"(?:fighters|forces|militias?|militants|alliance|militia\s+alliance)"
        r"|kurdish[- ]led\s+(?:forces|fighters|alliance|militias?)|kurdish\s+and\s+arab\s+fighters|multi-ethnic\s+syrian\s+democratic\s+forces",
    ),
    # Kurdish Peshmerga
    (PESHMERGA, r"\bpeshmerga(?:\s+(?:fighters|forces|troops))?\b|\bKRG\s+forces"),
    # Placeholders resolved by country
    (GENERIC_KURDISH, r"kurdish\s+(?:forces|fighters|troops|militia|militias)|\bthe\s+kurds\b|\bkurds\b"),
    (
        GENERIC_GOVERNMENT,
        r"(?:security|government|state|army|military|federal)\s+forces|government\s+(?:troops|aircraft|warplanes|helicopters|jets)|\btroops\b|\bsoldiers\b|\bthe\s+army\b|\barmy\s+(?:units|troops)"
        r"|\bmilitia\b(?!\s+alliance)|\bmilitias\b",
    ),
    # Others, kept as named
    (
        COALITION,
        r"(?:us|u\.s\.)[- ]led\s+coalition|international\s+coalition|\bthe\s+coalition\b"
        r"|coalition\s+(?:aircraft|warplanes|jets|forces|strikes|spokesman)|\bcoalition\b",
    ),
    (RUSSIA, r"russian\s+(?:warplanes|aircraft|jets|air\s+force|forces|troops|military|strikes)|\brussia\b"),
    (TURKEY, r"turkish\s+(?:forces|troops|army|military|warplanes|jets)|turkey-backed\s+(?:rebels|fighters)"),
    (REBELS, r"\brebels?\b|free\s+syrian\s+army|\bFSA\b|opposition\s+fighters|hayat\s+tahrir\s+al-sham|\bHTS\b|nusra"),
    (CIVILIANS, r"\bcivilians?\b|\bresidents\b|\bvillagers\b"),
]
# One alternation, one pass per sentence: at a given position the earlier (more
# specific) pattern wins, as it would when trying them in turn.
_GROUPS = {f"a{index}": name for index, (name, _) in enumerate(_ACTOR_PATTERNS)}
# Matched on the lower-cased sentence (twice as fast as IGNORECASE); acronyms
# that are also words ("IS", "SAA") are then checked in the original text.
_COMBINED = re.compile("|".join(f"(?P<a{index}>{pattern.lower()})" for index, (_, pattern) in enumerate(_ACTOR_PATTERNS)))
# Acronyms that are also English words count only in capitals: "it is" is not IS.
_ACRONYMS = frozenset({"is", "cts", "pmu", "pmf", "sdf", "saa", "fsa", "hts", "ypg"})
_HELD = re.compile(
    r"(?P<who>islamic\s+state|\bIS\b|\bISIS\b|\bISIL\b|\bdaesh\b|jihadist|rebel|regime|government|kurdish|\bSDF\b|\bYPG\b|peshmerga)"
    r"[- ](?:held|controlled|run)\b",
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
    """Turn a placeholder into an actor using the event's country.

    >>> resolve_actor("*kurdish", "IQ"), resolve_actor("*kurdish", "SY")
    ('Kurdish Peshmerga', 'SDF')
    """
    if name == GENERIC_GOVERNMENT:
        return {"IQ": IRAQI_GOVERNMENT, "SY": SYRIAN_GOVERNMENT}.get(country_code, "")
    if name == GENERIC_KURDISH:
        return {"IQ": PESHMERGA, "SY": SDF}.get(country_code, "")
    return name


def held_by(text: str) -> list[tuple[str, int, int]]:
    """Holders a sentence states: "the IS-held town", "still held by the Islamic State".

    Returns (actor or placeholder, start, end) for each statement.
    """
    statements = []
    for match in _HELD.finditer(text):
        statements.append((normalise_actor_phrase(match.group("who")) or _holder_word(match.group("who")), match.start(), match.end()))
    for match in _HELD_BY.finditer(text):
        actor = normalise_actor_phrase(match.group("who"))
        if actor:
            statements.append((actor, match.start(), match.end()))
    return [statement for statement in statements if statement[0]]


def _holder_word(word: str) -> str:
    word = word.casefold()
    if word in ("regime",):
        return SYRIAN_GOVERNMENT
    if word in ("government",):
        return GENERIC_GOVERNMENT
    if word in ("kurdish",):
        return GENERIC_KURDISH
    if word in ("jihadist",):
        return ISLAMIC_STATE
    if word == "rebel":
        return REBELS
    return ""
