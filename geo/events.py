"""Events from news text: triggers, places, times and actors put together.

One sentence at a time, every *trigger* (a word that reports violence or a
change of control: "recaptured", "launched an assault", "air strikes") is
classified (ACLED's taxonomy) and judged: **realised** ("retook Rawa"),
**intent** ("to retake Rawa", "aimed to recapture") or **irrealis** (future,
conditional, feared, denied, or a background reference such as "the offensive").
Each place mention goes to its nearest trigger in the same clause; the places of
an intent go to the realised operation that carries it ("began an operation to
retake Hawija" is a clash at Hawija, with Hawija held by the enemy). A trigger's
time is the nearest temporal expression of its clause, else the time of the
previous sentences, else the story's date (the lede's).

See :func:`geo.pipeline.build` for the whole chain; ``tests/test_events.py`` for
the rules one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .actors import CIVILIANS, GENERIC_GOVERNMENT, ActorMention, find_actors, held_by, resolve_actor
from .geocode import Choice
from .mentions import Mention
from .records import (
    AIR_STRIKE,
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    CONTROLLERS,
    COUNTRY,
    EXPLOSIONS,
    GOVERNMENT_REGAINS,
    GOVERNMENTS,
    ISLAMIC_STATE,
    NON_STATE_OVERTAKES,
    PROVINCE,
    REGION,
    REMOTE_EXPLOSIVE,
    SETTLEMENT,
    SHELLING,
    SUICIDE_BOMB,
    VIOLENCE_AGAINST_CIVILIANS,
    WHERE_EXACT,
    WHERE_NEAR,
    WHERE_PROVINCE,
    WHERE_REGION,
    Article,
    Event,
    Sentence,
)
from .timeexpr import TimeWindow, find_times, precision_of

# --- trigger lexicon -----------------------------------------------------------------
TAKE, CLASH, MOVE, AIR, SHELL, SUICIDE, IED, CIVIL, KILL, SIEGE_BREAK = (
    "take",
    "clash",
    "move",
    "air",
    "shell",
    "suicide",
    "ied",
    "civil",
    "kill",
    "siege_break",
)
_TRIGGERS: list[tuple[str, str, str]] = [
    # (kind, form, pattern); form: verb | noun | participle-capable verb
    (
        SIEGE_BREAK,
        "verb",
        r"\b(?:broke|break|breaks|breaking|broken|lifted|lift|ended|ending)\b(?:\s+[\w'’-]+){0,5}?\s+siege\b|\bsiege\b(?:\s+[\w'’-]+){0,4}?\s+(?:was|were|had\s+been|has\s+been)\s+(?:broken|lifted)",
    ),
    (SUICIDE, "noun", r"\bsuicide\s+(?:car\s+|truck\s+|vest\s+)?(?:bomb(?:er|ers|ing|ings|s)?|attacks?|attackers?)\b|\bVBIEDs?\b"),
    (IED, "noun", r"\b(?:roadside\s+bombs?|IEDs?|improvised\s+explosive\s+devices?|landmines?|land\s+mines?|car\s+bombs?)\b"),
    (
        AIR,
        "noun",
        r"\b(?:air\s*-?\s*strikes?|airstrikes?|air\s+raids?|drone\s+strikes?|air\s+attacks?|warplanes?\s+(?:struck|bombed|hit|pounded)|aerial\s+bombardment)\b",
    ),
    (AIR, "verb", r"\b(?:bomb(?:ed|ing)|pound(?:ed|ing)|struck|strikes?)\b"),
    (
        SHELL,
        "noun",
        r"\b(?:shelling|artillery\s+(?:fire|exchanges|barrages?|strikes?|shells|attacks?)|mortar\s+(?:fire|rounds|shells|attacks?|bombs?)|rocket\s+(?:fire|attacks?)|missile\s+(?:strikes?|attacks?)|bombardment|barrage)\b",
    ),
    (SHELL, "verb", r"\bshelled\b"),
    (CIVIL, "verb", r"\b(?:execut(?:ed|es|ing)|massacr(?:ed|es|ing)|abduct(?:ed|ing)|kidnapp(?:ed|ing))\b"),
    (CIVIL, "noun", r"\b(?:executions?|massacres?|abductions?)\b"),
    (
        TAKE,
        "verb",
        r"\b(?:re)?captur(?:e|ed|es|ing)\b|\bre-?t(?:ook|ake|aken|akes|aking)\b|\bseiz(?:e|ed|es|ing)\b|\boverr(?:an|un|uns|unning)\b"
        r"|\bliberat(?:e|ed|es|ing)\b|\bfreed\b|\bwrest(?:ed|ing|s)?\b|\bregain(?:ed|s|ing)?\b|\breclaim(?:ed|s|ing)?\b"
        r"|\bsecur(?:ed|ing)\s+(?:full\s+)?control\b|\b(?:fell|fallen|falls)\s+(?:back\s+)?(?:to|into\s+the\s+hands\s+of)\b"
        r"|\b(?:drove|driven|drive|drives|driving|push(?:ed|ing)?|forced|flush(?:ed|ing)|kicked|chased|expell?(?:ed|ing)?|oust(?:ed|ing)?|clear(?:ed|ing)?)\b(?:\s+[\w'’\"“”]+){0,4}?\s+out\s+of\b"
        r"|\b(?:drove|driven|expell?(?:ed|ing)?|oust(?:ed|ing)?|cleared|evicted)\b(?:\s+(?!north|south|east|west|back|further|deeper)[\w'’\"“”]+){0,4}?\s+from\b"
        r"|\bclear(?:ed|ing|s)?\b|\b(?:took|taken|take|takes|taking)\b",
    ),
    (TAKE, "noun", r"\b(?:recapture|capture|liberation|fall|defeat|takeover|loss|ouster)\b"),
    (
        CLASH,
        "noun",
        r"\b(?:counter-?offensives?|offensives?|counter-?attacks?|assaults?|attacks?|operations?|push|drive|battles?|campaign|incursions?|raids?|sieges?|clash(?:es)?|fighting|firefights?|gunfights?|skirmish(?:es)?|ambush(?:es)?|front)\b",
    ),
    (
        CLASH,
        "verb",
        r"\b(?:attack(?:ed|ing|s)?|assault(?:ed|ing)|clashed|fought|battl(?:ed|ing)|ambush(?:ed)|storm(?:ed|ing)|besieg(?:e|ed|ing)|raided|targeted|engaged)\b",
    ),
    (
        MOVE,
        "verb",
        r"\b(?:advanc(?:e|ed|es|ing)|push(?:ed|es|ing)?|thrust(?:s|ing)?|mov(?:ed|ing)|march(?:ed|ing)|entered|enter(?:ing|s)?|clos(?:ed|ing)\s+in|drive|drove)\b",
    ),
    (KILL, "verb", r"\bkill(?:ed|ing|s)?\b|\bdead\b|\bdeaths?\b|\bcasualties\b"),
]
_TRIGGER_KINDS = {f"t{index}": (kind, form) for index, (kind, form, _) in enumerate(_TRIGGERS)}
_ANY_TRIGGER = re.compile("|".join(f"(?P<t{index}>{pattern.lower()})" for index, (_, _, pattern) in enumerate(_TRIGGERS)))

# Nouns that name an operation: a report only when launched, dated or carried out.
_REFERENCE_NOUNS = frozenset(
    (
        "offensive offensives operation operations assault assaults attack attacks push drive battle battles campaign"
        " incursion incursions raid raids siege sieges front counter-offensive counteroffensive counter-attack counterattack counter-attacks"
    ).split()
)
_TAKE_NOUNS = frozenset("recapture capture liberation fall defeat takeover loss ouster retake drive push attack assault advance".split())
_NOUN_LIKE_VERBS = frozenset("recapture capture retake drive push attack assault advance raid strike strikes attacks".split())
_LAUNCH = re.compile(
    r"\b(?:launch(?:ed|es|ing)?|began|begun|begins|beginning|start(?:ed|s|ing)?|open(?:ed|s|ing)|mount(?:ed|s|ing)?|kick(?:ed)?\s+off|resum(?:ed|es|ing)|"
    r"carr(?:ied|ies|y|ying)\s+out|conduct(?:ed|s|ing)|stag(?:ed|es|ing)|unleash(?:ed|es|ing)|initiat(?:ed|es|ing)|wag(?:ed|ing)|under\s*way)\b",
    re.IGNORECASE,
)
_MODAL_BEFORE = re.compile(
    r"\b(?:will|would|could|can|may|might|must|should|shall|won't|wouldn't|cannot|can't|not|no\s+longer|never|failed\s+to|unless|until|if|"
    r"goal|aim|aims|aimed|aiming|bid|plan|plans|planned|planning|seek|seeks|seeking|sought|try|tries|trying|tried|attempt|attempts|attempting|"
    r"vow|vowed|vows|threaten|threatened|threatens|promise|promised|predict|predicted|hope|hoped|hopes|want|wants|wanted|ready|prepare|prepares|"
    r"prepared|preparing|fear|feared|fears|worry|worried|worries|risk|risks|expect|expects|expected|expecting|committed|order|intend|intended|"
    r"intends|poised|determined|possible|potential|likely|unlikely|imminent|looming|avoid|prevent)\b",
    re.IGNORECASE,
)
_INTENT_MARKERS = re.compile(
    r"\b(?:to|in\s+a\s+bid\s+to|in\s+order\s+to|aim(?:ed|s|ing)?\s+(?:to|at)|plans?\s+to|planning\s+to|seeking\s+to|try(?:ing)?\s+to|attempt(?:ing)?\s+to|vowed\s+to|"
    r"set\s+to|poised\s+to|ready\s+to|going\s+to|committed\s+to|determined\s+to|bid\s+to|drive\s+to|push\s+to|operation\s+to|offensive\s+to|campaign\s+to)\s*$",
    re.IGNORECASE,
)
_REALISED_INFINITIVE = re.compile(r"\b(?:first|second|third|fourth|last|latest|only|next)\b[^.;]{0,40}\bto\s+(?:be|have\s+been|have)\s*$", re.IGNORECASE)
_ONGOING = re.compile(r"\b(?:have|has|had)\s+been\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r";|\bwhile\b|\bwhereas\b|\bbut\b|\bwho\b|\bthat\s+(?=(?:have|has|had|was|were|is|are|will|would)\b)|\bwhere\b|\bwhich\b|\balthough\b|\bthough\b|\bwhen\b|\bbecause\b"
)
_RELATIVE = re.compile(r"\b(?:which|that)\b")
_MOVE_PREP = re.compile(
    r"^(?:\s+(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|deep|further|deeper|on|ahead|back))*\s+(?P<prep>into|on|onto|upon|through|across|inside|to|towards|toward|up|down|from|in|against|near|along)\b",
    re.IGNORECASE,
)
_AIR_CONTEXT = re.compile(r"\b(?:air|aircraft|warplanes?|jets?|planes?|helicopters?|drones?|coalition|aerial)\b", re.IGNORECASE)
_ANAPHORA = re.compile(
    r"\b(?:(?:in|into|around|near|across|over|inside|on|of)\s+the\s+(?P<noun>area|region|town|city|village|desert|valley|province|countryside)|(?<=\s)the\s+(?P<object>town|city|village)(?!\s+(?:of|centre|center|hall|council|'s|’s)))\b|\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|appears?)\b)",
    re.IGNORECASE,
)
_DESCRIPTIVE_GAP = re.compile(
    r"^[\"”’']?\s*,\s*[\"”’']?\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,4}?(?:near|in|of|outside|close\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_AREA_HEADS = re.compile(
    r"\b(?:heartland|regions?|areas?|territory|territories|parts?|countryside|stretch|swathes?|swaths?|desert|provinces?)\s+(?:(?:north|south|east|west)(?:ern)?(?:\s+and\s+(?:north|south|east|west)(?:ern)?)?\s+of|to\s+the\s+\w+\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_CIVILIAN_OBJECT = re.compile(r"\b(?:civilians?|residents|villagers|women|children|people|protesters|worshippers|families)\b", re.IGNORECASE)
_ASSIGN_LIMIT = 24  # tokens between a trigger and a place
_INHERIT_SENTENCES = 2


@dataclass
class Trigger:
    kind: str
    form: str
    start: int
    end: int
    text: str
    clause: int
    status: str = "realised"  # realised | intent | irrealis | ongoing
    prep: str = ""  # for movement verbs: into, on, towards, from ...
    places: list = field(default_factory=list)
    time: TimeWindow | None = None


@dataclass(frozen=True)
class PlacedMention:
    """A mention with the place chosen for it (``shared``: borrowed by a second trigger)."""

    mention: Mention
    choice: Choice
    shared: bool = False


@dataclass(frozen=True)
class ArticleContext:
    """What the event stage needs from earlier stages for one article."""

    article: Article
    mentions: dict[int, list[PlacedMention]]  # sentence index -> mentions, in order


# --- sentence analysis -----------------------------------------------------------------
def _clauses(text: str) -> list[int]:
    """Start offsets of the clauses of a sentence."""
    return [0] + [match.start() for match in _CLAUSE_BREAK.finditer(text)]


def _clause_of(offset: int, starts: list[int]) -> int:
    index = 0
    for position, start in enumerate(starts):
        if start <= offset:
            index = position
    return index


def find_triggers(text: str, starts: list[int] | None = None) -> list[Trigger]:
    """Candidate triggers of a sentence, judged realised, intent or irrealis."""
    starts = starts if starts is not None else _clauses(text)
    found: list[Trigger] = []
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    for match in _ANY_TRIGGER.finditer(lowered):
        kind, form = _TRIGGER_KINDS[match.lastgroup]
        trigger = Trigger(kind, form, match.start(), match.end(), text[match.start() : match.end()], _clause_of(match.start(), starts))
        if _plausible(trigger, text):
            found.append(trigger)
    for trigger in found:
        if (
            trigger.form == "verb"
            and re.search(r"\b(?:the|a|an|its|their|his|her|our|this|that)\s+$", text[max(0, trigger.start - 8) : trigger.start], re.IGNORECASE)
            and trigger.text.casefold() in _NOUN_LIKE_VERBS
        ):
            trigger.form = "noun"  # "the recapture of adjacent areas"
        trigger.status = _status(trigger, text, starts)
    return found


def _plausible(trigger: Trigger, text: str) -> bool:
    word = trigger.text.casefold()
    after = text[trigger.end : trigger.end + 60]
    before = text[max(0, trigger.start - 40) : trigger.start].casefold()
    if trigger.kind == TAKE and trigger.form == "verb" and re.match(r"^(?:took|taken|take|takes|taking)$", word):
        # "took part", "take place" are not captures: need a place-like object.
        return bool(
            re.match(
                r"^\s+(?:back\s+|over\s+|full\s+)?(?:control|(?:the|several|a|two|three|four|five|\d+|half\s+a\s+dozen|dozens\s+of|most\s+of|all\s+of)\s+(?:[\w-]+\s+){0,3}?(?:town|towns|city|cities|village|villages|district|districts|area|areas|base|bases|airbase|airport|border|crossing|hamlets|neighbourhoods?|positions|hills?|oil\s*fields?|dam|bridge|[A-Z][\w'’-]+)|[A-Z][\w'’-]+)",
                after,
            )
        )
    if trigger.kind == TAKE and trigger.form == "verb" and word.startswith("clear") and not re.search(r"\b(?:out\s+of|from)\b", word):
        return bool(
            re.match(
                r"^\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:[A-Z]|areas?|towns?|villages?|district|neighbourhoods?)|^\s+(?:\w+\s+)?of\s+(?:the\s+)?(?:IS|ISIS|Daesh|jihadists|militants|Islamic)",
                after,
            )
        )
    if trigger.kind == TAKE and trigger.form == "verb" and word.startswith(("regain", "reclaim")):
        return bool(re.match(r"^\s+(?:full\s+)?control|^\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:[A-Z]|town|city|village|areas?)", after))
    if trigger.kind == TAKE and trigger.form == "noun":
        if word == "fall" and not re.match(r"^\s+of\b", after):
            return False
        if word in ("defeat", "loss") and not re.match(r"^\s+(?:of|in|at)\b", after) and not re.search(r"(?:'s|’s|s'|s’)\s*$", before):
            return False
    if trigger.kind == MOVE:
        prep = _MOVE_PREP.match(after)
        if not prep:
            return word.startswith("enter")
        trigger.prep = prep.group("prep").casefold()
        phrase = re.split(r"[,;.:]", after, maxsplit=1)[0]
        reached = re.search(r"\b(into|onto|through|across|inside)\b", " ".join(phrase.split()[:9]), re.IGNORECASE)
        if reached:
            trigger.prep = reached.group(1).casefold()
    if trigger.kind == AIR and trigger.form == "verb":
        # "struck", "bombed", "strikes" are air strikes only with aircraft around.
        window = text[max(0, trigger.start - 60) : trigger.end + 40]
        if not _AIR_CONTEXT.search(window):
            return False
        if word.startswith("strike") and re.search(r"\b(?:artillery)\s*$", before):
            return False
    return True


def _status(trigger: Trigger, text: str, starts: list[int]) -> str:
    clause_start = starts[trigger.clause]
    before = text[clause_start : trigger.start]
    # Modal words of the main clause do not reach past a comma ("began to trickle
    # back to Palmyra, retaken by government forces earlier this month").
    near_before = " ".join(re.split(r"[,;:—–]", before)[-1].split()[-8:])
    if trigger.form == "noun" and re.match(
        r"^\s+(?:will|would|could|may|might|must|should|shall|are\s+expected|is\s+expected)\b",
        text[trigger.end : trigger.end + 25],
        re.IGNORECASE,
    ):
        return "irrealis"  # "the clashes will be fierce"
    word = trigger.text.casefold()
    if _REALISED_INFINITIVE.search(before[-60:]):
        return "realised"
    if _INTENT_MARKERS.search(near_before) and trigger.form != "noun":
        return "intent"
    if re.search(r"\bto\s+have\s*$", near_before, re.IGNORECASE):
        return "realised"  # "claiming to have killed": a reported act
    if _MODAL_BEFORE.search(near_before):
        # "the clashes will be fierce", "risk of being hit by an air strike"
        return "intent" if trigger.kind in (TAKE,) and re.search(r"\b(?:goal|aim|objective|bid|plans?)\b", near_before, re.IGNORECASE) else "irrealis"
    after = text[trigger.end : trigger.end + 50]
    if re.match(
        r"^\s+(?:\w+\s+){0,3}(?:was|is|were|are|will\s+be|would\s+be)\s+(?:the\s+)?(?:first|main|key|primary|ultimate)?\s*(?:goal|aim|objective|priority|target)\b",
        after,
        re.IGNORECASE,
    ):
        return "intent"  # "retaking Sharqat was the first goal"
    if trigger.form == "noun" and (word.split()[0] in _REFERENCE_NOUNS or word in _TAKE_NOUNS):
        return "reference"  # settled by _settle_references once times are known
    if trigger.kind == MOVE and re.search(r"\b(?:is|are|was|were)\s*$", before) is None and _ONGOING.search(before[-30:]):
        return "ongoing"
    if _ONGOING.search(before[-30:]) and trigger.form == "verb" and word.endswith("ing"):
        return "ongoing"
    if trigger.kind == TAKE and trigger.form == "verb" and _is_reduced_relative(trigger, text):
        return "participle"
    return "realised"


def _is_reduced_relative(trigger: Trigger, text: str) -> bool:
    """ "the Kirkuk fields retaken from the Kurds": a past participle describing a noun."""
    word = trigger.text.casefold().split()[0]
    if not (word.endswith(("ed", "en")) or word in ("taken", "retaken", "overrun", "freed")):
        return False
    before = text[: trigger.start].rstrip()
    previous = re.search(r"([\w'’-]+)\W*$", before)
    if not previous:
        return False
    previous_word = previous.group(1).casefold()
    if previous_word in (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "overnight",
        "again",
        "eventually",
    ) or re.search(r"\d", previous_word):
        return False  # "Iraqi forces on Thursday recaptured": a finite verb
    auxiliaries = {
        "was",
        "were",
        "is",
        "are",
        "been",
        "be",
        "being",
        "had",
        "has",
        "have",
        "they",
        "it",
        "forces",
        "troops",
        "fighters",
        "militants",
        "also",
        "swiftly",
        "quickly",
        "finally",
        "then",
        "later",
        "reportedly",
        "fully",
        "already",
        "jihadists",
        "army",
        "police",
        "units",
        "who",
        "which",
        "and",
    }
    return previous_word not in auxiliaries and not previous_word.endswith("ly") and not _looks_like_actor_end(before)


def _looks_like_actor_end(before: str) -> bool:
    actors = find_actors(before[-60:])
    return bool(actors) and actors[-1].end >= len(before[-60:]) - 1


def _settle_references(triggers: list[Trigger], text: str, times: list[TimeWindow]) -> None:
    """Operation nouns ("the offensive") report an event only when launched or dated.

    Launched: a launch verb within six words before or three after ("launched a
    dawn assault", "attacks were carried out"). Dated: a possessive time right
    before ("Friday's assault") or a time within six words after.
    A past participle describing a noun ("the Kirkuk fields retaken from the
    Kurds") reports an event only with its own time.
    """
    for trigger in triggers:
        if trigger.status == "participle":
            own_time = any(0 <= window.begin - trigger.end <= 40 for window in times)
            trigger.status = "realised" if own_time else "background"
        if trigger.status != "reference":
            continue
        before_words = " ".join(text[: trigger.start].split()[-6:])
        after_words = " ".join(text[trigger.end :].split()[:4])
        launched = bool(_LAUNCH.search(before_words) or _LAUNCH.search(after_words))
        possessive = any(
            window.finish <= trigger.start and _token_distance(text, window.finish, trigger.start) <= 2 and window.text.lower().endswith(("'s", "’s"))
            for window in times
        )
        dated_after = any(
            window.begin >= trigger.end and _token_distance(text, trigger.end, window.begin) <= 6 and window.kind == "absolute" for window in times
        )
        trigger.status = "realised" if (launched or possessive or dated_after) else "background"


# --- assignment -------------------------------------------------------------------------
def _token_distance(text: str, left: int, right: int) -> int:
    if right <= left:
        return 0
    return len(text[left:right].split())


def _assign_places(triggers: list[Trigger], mentions: list[PlacedMention], text: str, starts: list[int], actors: list[ActorMention] = ()) -> None:
    """Each usable place mention goes to its nearest trigger in the same clause.

    A place written before its trigger is the trigger's subject only when no
    actor stands between them ("Palmyra, retaken by ..." yes; "troops pulled out
    of the city and the jihadists seized the gas fields" no).
    """
    for placed in mentions:
        mention = placed.mention
        if mention.relation in ("container", "descriptive"):
            continue
        clause = _clause_of(mention.start, starts)
        best, best_cost = None, None
        for trigger in triggers:
            if trigger.clause != clause:
                continue
            if mention.relation == "origin" and (trigger.kind != TAKE or trigger.start < mention.end):
                continue
            if mention.start >= trigger.end:
                cost = _token_distance(text, trigger.end, mention.start)
            else:
                if any(mention.end <= actor.start and actor.end <= trigger.start for actor in actors):
                    continue
                cost = _token_distance(text, mention.end, trigger.start)
                passive = (
                    trigger.status in ("participle", "background")
                    or re.match(r"^\s*(?:by|from|to)\b", text[trigger.end : trigger.end + 8])
                    or trigger.text.casefold().startswith(
                        ("fell", "fallen", "captured", "recaptured", "retaken", "taken", "seized", "liberated", "freed", "overrun")
                    )
                    or trigger.kind in (KILL,)
                )
                cost += 2 if passive else 6
            if cost > _ASSIGN_LIMIT:
                continue
            if best_cost is None or cost < best_cost:
                best, best_cost = trigger, cost
        if best is not None:
            best.places.append(placed)


def _attach_times(triggers: list[Trigger], times: list[TimeWindow], text: str, starts: list[int]) -> None:
    """Pair temporal expressions with triggers of the same clause, closest pairs first.

    Distance runs from the trigger and the places it took after it; a time
    written before the trigger costs extra unless it opens the clause ("On
    Saturday, troops pushed ...") or touches it ("forces on Thursday retook").
    """
    pairs = []
    for window_index, window in enumerate(times):
        clause = _clause_of(window.begin, starts)
        # A fronted time ("On Saturday, troops ...", "In a separate development
        # on Tuesday, the monitor said ...") dates its whole clause.
        opens_clause = len(text[starts[clause] : window.begin].split()) <= 5 and (
            text[window.finish : window.finish + 2].startswith(",") or window.text.lower().endswith(("'s", "’s"))
        )
        for trigger_index, trigger in enumerate(triggers):
            if trigger.clause != clause:
                continue
            own = [placed.mention for placed in trigger.places if not placed.shared and placed.mention.start >= trigger.end]
            span_end = max([trigger.end] + [mention.end for mention in own])
            if window.begin >= span_end:
                cost = _token_distance(text, span_end, window.begin)
            elif window.finish <= trigger.start:
                cost = _token_distance(text, window.finish, trigger.start)
                if cost > 1 and not opens_clause:
                    cost += 4
            else:
                cost = 0
            if cost > 20 and not opens_clause:
                continue
            realised = 0 if trigger.status == "realised" else 1
            pairs.append((cost, realised, window_index, trigger_index))
    used_windows: set[int] = set()
    for _, _, window_index, trigger_index in sorted(pairs, key=lambda pair: (pair[1], pair[0], pair[2], pair[3])):
        trigger = triggers[trigger_index]
        if window_index in used_windows or trigger.time is not None:
            continue
        trigger.time = times[window_index]
        used_windows.add(window_index)
    # A time that opens a clause ("In a separate development on Tuesday, ...") dates all of it.
    for trigger in triggers:
        if trigger.time is None:
            openers = [
                window
                for window in times
                if _clause_of(window.begin, starts) == trigger.clause
                and window.finish <= trigger.start
                and len(text[starts[trigger.clause] : window.begin].split()) <= 5
                and (text[window.finish : window.finish + 2].startswith(",") or window.text.lower().endswith(("'s", "’s")))
            ]
            if openers:
                trigger.time = openers[0]


# --- the article ------------------------------------------------------------------------
@dataclass
class _Discourse:
    """What earlier sentences leave for later ones."""

    story: TimeWindow
    published: date | None = None
    recent_times: dict[int, TimeWindow] = field(default_factory=dict)
    recent_actors: dict[int, tuple[set[str], list[ActorMention]]] = field(default_factory=dict)
    # Sentences with no place in them are only read (for dates and sides) if a
    # later sentence needs them: most of an article is quotes and background.
    skipped: dict[int, Sentence] = field(default_factory=dict)
    launches: list[tuple[str, date, int]] = field(default_factory=list)  # (place_id, start, sentence)
    last_event_place: PlacedMention | None = None
    last_event_date: date | None = None
    last_areas: list[PlacedMention] = field(default_factory=list)


def _story_window(article: Article) -> TimeWindow:
    for sentence in article.sentences[:2]:
        for window in find_times(sentence.text, article.published):
            if window.kind == "absolute" and window.precision == "day" and window.start <= article.published:
                return window
    return TimeWindow("publication date", 0, 0, article.published, article.published, "day")


def extract_events(context: ArticleContext) -> list[Event]:
    """All events of one article, deduplicated, in reading order."""
    article = context.article
    discourse = _Discourse(story=_story_window(article), published=article.published)
    drafts: list[dict] = []
    for sentence in article.sentences:
        mentions = context.mentions.get(sentence.index, [])
        drafts.extend(_sentence_events(sentence, mentions, article, discourse))
    return _finalise(drafts, article)


def _sentence_events(sentence: Sentence, mentions: list[PlacedMention], article: Article, discourse: _Discourse) -> list[dict]:
    text = sentence.text
    if not mentions and not _ANAPHORA.search(text):
        discourse.skipped[sentence.index] = sentence
        return []
    starts = _clauses(text)
    times = [
        window
        for window in find_times(text, article.published)
        if (window.start <= article.published or window.kind != "absolute") and not _is_bound(window, text)
    ]
    triggers = find_triggers(text, starts)
    _settle_references(triggers, text, times)
    actors = find_actors(text)
    holders = held_by(text)
    mentions = _mark_descriptive(mentions, text)
    for placed in mentions:
        if placed.choice.entry.kind == REGION:
            discourse.last_areas.append(placed)
    mentions = mentions + _anaphora(text, discourse, mentions)
    _assign_places(triggers, mentions, text, starts, actors)
    _hand_intent_places_to_operations(triggers)
    _share_places_in_relative_clauses(triggers, text)
    _share_anaphora(triggers)
    _attach_times(triggers, times, text, starts)
    for trigger in triggers:
        if trigger.time is None and trigger.places and all(placed.shared for placed in trigger.places):
            owners = [
                other
                for other in triggers
                if other is not trigger and other.time is not None and any(p.mention == q.mention for p in other.places for q in trigger.places)
            ]
            if owners:
                trigger.time = owners[0].time
    drafts = []
    for trigger in triggers:
        if trigger.status != "realised" or not trigger.places:
            continue
        window = _resolve_time(trigger, discourse, sentence, triggers)
        if window is None:
            continue
        if (
            trigger.form == "noun"
            and trigger.text.casefold().split()[0] in _REFERENCE_NOUNS
            and trigger.time is None
            and all(placed.shared or _is_anaphor(placed) for placed in trigger.places)
        ):
            continue  # "before the battle began" in a town named earlier: too vague to date
        for placed in _most_specific(trigger.places):
            draft = _draft(trigger, placed, window, actors, holders, text, sentence, article, discourse)
            if draft:
                drafts.append(draft)
    _remember(sentence, times, actors, triggers, drafts, mentions, discourse)
    return drafts


def _is_bound(window: TimeWindow, text: str) -> bool:
    """ "ever since the US-led occupation in 2003": a bound of a state, not an event's date."""
    before = text[: window.begin]
    since = list(re.finditer(r"\b(?:since|until|till)\b", before, re.IGNORECASE))
    if not since or len(before[since[-1].end() :].split()) > 8:
        return False
    between = before[since[-1].end() :]
    return not _ANY_TRIGGER.search(between.lower())


def _mark_descriptive(mentions: list[PlacedMention], text: str) -> list[PlacedMention]:
    """ "Hajin, a town in the Middle Euphrates", "a village near Deir Ezzor": not event places."""
    result = []
    for index, placed in enumerate(mentions):
        mention = placed.mention
        descriptive = False
        if index > 0:
            gap = text[mentions[index - 1].mention.end : mention.start]
            if _DESCRIPTIVE_GAP.match(gap) and not _ANY_TRIGGER.search(gap.lower()):
                descriptive = True
        if _AREA_HEADS.search(text[max(0, mention.start - 80) : mention.start]):
            descriptive = True
        if placed.choice.entry.kind == COUNTRY:
            descriptive = True  # country-wide "events" are not points on a conflict map
        if descriptive:
            placed = PlacedMention(
                Mention(mention.surface, mention.sentence, mention.start, mention.end, mention.source, mention.published, "descriptive"),
                placed.choice,
            )
        result.append(placed)
    return result


def _anaphora(text: str, discourse: _Discourse, mentions: list[PlacedMention]) -> list[PlacedMention]:
    """ "in the area", "into the desert", "there": the place the story was just about."""
    found = []
    for match in _ANAPHORA.finditer(text):
        if any(placed.mention.start <= match.start() < placed.mention.end or match.start() <= placed.mention.start < match.end() for placed in mentions):
            continue
        noun = (match.group("noun") or match.group("object") or "there").casefold()
        target = None
        if noun in ("desert", "valley", "region"):
            target = next(
                (placed for placed in reversed(discourse.last_areas) if noun in placed.choice.entry.name.casefold() or noun == "region"),
                None,
            )
        elif noun in ("area", "there", "town", "city", "village", "countryside"):
            target = discourse.last_event_place
            if target and noun in ("town", "city", "village") and target.choice.entry.kind != SETTLEMENT:
                target = None
        if target is None:
            continue
        relation = (
            "near"
            if noun in ("area", "countryside") and target.choice.entry.kind == SETTLEMENT
            else target.mention.relation
            if target.mention.relation in ("at", "near")
            else "at"
        )
        mention = Mention(match.group(), target.mention.sentence, match.start(), match.end(), target.mention.source, target.mention.published, relation)
        found.append(PlacedMention(mention, target.choice))
    return found


def _hand_intent_places_to_operations(triggers: list[Trigger]) -> None:
    """ "began an operation to retake Hawija": the operation happens at Hawija."""
    for index, trigger in enumerate(triggers):
        if trigger.status != "intent" or not trigger.places:
            continue
        carriers = [
            other
            for other in triggers[:index]
            if other.status == "realised" and other.kind in (CLASH, MOVE, AIR, SHELL, KILL) and other.clause == trigger.clause
        ]
        carriers = carriers or [other for other in triggers[:index] if other.status == "realised" and other.kind in (CLASH, MOVE)]
        if not carriers:
            continue
        carrier = carriers[-1]
        if carrier.kind == MOVE and carrier.prep in ("from", "towards", "toward"):
            carrier.prep = "on"
        carrier.places.extend(PlacedMention(placed.mention, placed.choice) for placed in trigger.places)
        carrier.__dict__.setdefault("targets", []).extend(placed.mention.start for placed in trigger.places)
        trigger.places = []


def _share_places_in_relative_clauses(triggers: list[Trigger], text: str) -> None:
    """ "a push on Mosul last year which culminated in their defeat this July"."""
    for index, trigger in enumerate(triggers):
        if trigger.status != "realised" or trigger.places or trigger.kind not in (TAKE, CLASH):
            continue
        previous = [other for other in triggers[:index] if other.places]
        if not previous:
            continue
        antecedent = previous[-1]
        between = text[antecedent.end : trigger.start]
        if _RELATIVE.search(between) and len(between.split()) <= 14:
            settlements = [placed for placed in antecedent.places if placed.choice.entry.kind == SETTLEMENT]
            trigger.places.extend(PlacedMention(placed.mention, placed.choice, shared=True) for placed in settlements[:1])


def _share_anaphora(triggers: list[Trigger]) -> None:
    """ "fierce clashes in the area, and government aircraft bombed IS": both there."""
    anaphoric = [
        placed
        for trigger in triggers
        for placed in trigger.places
        if placed.mention.surface.casefold().startswith(
            ("in the", "into the", "around the", "near the", "there", "across the", "over the", "inside the", "on the", "of the")
        )
    ]
    if not anaphoric:
        return
    for trigger in triggers:
        if trigger.status == "realised" and not trigger.places and trigger.kind in (CLASH, AIR, SHELL, KILL, SUICIDE, IED):
            trigger.places.append(PlacedMention(anaphoric[0].mention, anaphoric[0].choice, shared=True))


def _is_anaphor(placed: PlacedMention) -> bool:
    return placed.mention.surface.casefold().split()[0] in (
        "in",
        "into",
        "around",
        "near",
        "across",
        "over",
        "inside",
        "on",
        "of",
        "there",
        "the",
    )


def _resolve_time(trigger: Trigger, discourse: _Discourse, sentence: Sentence, triggers: list[Trigger]) -> TimeWindow | None:
    window = trigger.time
    if window is not None and window.kind == "ordinal":
        same_sentence = [
            other.time.start
            for other in triggers
            if other is not trigger
            and other.start < trigger.start
            and other.kind in (CLASH, MOVE)
            and other.time is not None
            and other.time.kind == "absolute"
            and other.time.precision == "day"
        ]
        anchor = same_sentence[-1] if same_sentence else _operation_start(trigger, discourse)
        return window.shifted(anchor) if anchor else discourse.story
    if window is not None and window.kind == "relative":
        return window.shifted(discourse.last_event_date) if discourse.last_event_date else discourse.story
    if window is not None and window.kind == "run_up":
        anchors = [other.time.start for other in triggers if other is not trigger and other.time is not None and other.time.kind == "absolute"]
        anchor = anchors[0] if anchors else discourse.last_event_date
        if anchor is None:
            return None
        start, end = anchor - timedelta(days=window.offset), anchor - timedelta(days=1)
        return TimeWindow(window.text, window.begin, window.finish, start, end, precision_of(start, end))
    if window is not None and window.kind == "prior":
        anchors = [
            other.time
            for other in triggers
            if other is not trigger and other.time is not None and other.time.kind == "absolute" and other.time.precision == "day"
        ]
        if not anchors:
            return None
        day = anchors[0].start - timedelta(days=window.offset)
        return TimeWindow(window.text, window.begin, window.finish, day, day, "day")
    if window is not None:
        return window
    for index in range(sentence.index - 1, sentence.index - _INHERIT_SENTENCES - 1, -1):
        if index in discourse.recent_times:
            return discourse.recent_times[index]
        if index in discourse.skipped:
            day_times = _day_times(discourse.skipped[index].text, discourse.published)
            if day_times:
                return day_times[0]
    return discourse.story


def _day_times(text: str, published: date) -> list[TimeWindow]:
    return [window for window in find_times(text, published) if window.kind == "absolute" and window.precision == "day" and window.start <= published]


def _operation_start(trigger: Trigger, discourse: _Discourse) -> date | None:
    place_ids = {placed.choice.entry.place_id for placed in trigger.places}
    for place_id, start, _ in reversed(discourse.launches):
        if place_id in place_ids:
            return start
    return discourse.launches[-1][1] if discourse.launches else None


def _most_specific(places: list[PlacedMention]) -> list[PlacedMention]:
    """Settlements if any; else the first province; else the first region."""
    usable = [placed for placed in places if placed.mention.relation in ("at", "near", "origin")]
    settlements = [placed for placed in usable if placed.choice.entry.kind == SETTLEMENT]
    if settlements:
        unique: dict[str, PlacedMention] = {}
        for placed in settlements:
            key = placed.choice.entry.place_id
            if key not in unique or (unique[key].mention.relation == "near" and placed.mention.relation == "at"):
                unique[key] = placed
        return list(unique.values())
    for kind in (PROVINCE, REGION):
        areas = [placed for placed in usable if placed.choice.entry.kind == kind]
        if areas:
            return areas[:1]
    return []


def _actors_for(
    trigger: Trigger, placed: PlacedMention, actors: list[ActorMention], text: str, discourse: _Discourse, sentence: Sentence
) -> tuple[str, str, str]:
    """(actor1, actor2, actor2 as written in this sentence): who acted on whom.

    Missing sides come from the previous sentences about the same country; only a
    side written in the sentence itself can say who held a place before a capture.
    """
    country = placed.choice.entry.country_code
    named = [actor for actor in actors if actor.name != CIVILIANS or trigger.kind in (CIVIL, KILL)]
    agent = ""
    target = ""
    # Passive or "by X": the agent follows.
    clause_text = re.split(r"[,;:]|\s(?:but|while|whereas|and\s+then)\s", text[trigger.end : trigger.end + 90], maxsplit=1)[0]
    by_match = re.match(
        r"^(?:\s+(?!manned|held|controlled|backed|led|supported|run|operated|guarded|defended|occupied)[\w'’-]+){0,9}?\s+by\s+(?:the\s+)?",
        clause_text,
    )
    if by_match:
        following = [actor for actor in named if actor.start >= trigger.end + by_match.end() - 1 and actor.start <= trigger.end + by_match.end() + 16]
        if following:
            agent = resolve_actor(following[0].name, country)
    from_match = re.match(r"^(?:\s+[\w'’-]+){0,8}?\s+(?:from|against|on|targeting|targeted)\s+(?:the\s+)?", text[trigger.end : trigger.end + 90])
    if from_match:
        following = [actor for actor in named if trigger.end + from_match.end() - 1 <= actor.start <= trigger.end + from_match.end() + 3]
        if following:
            target = resolve_actor(following[0].name, country)
    if trigger.kind == TAKE and re.match(r"(?:fell|fallen|falls)\b", trigger.text, re.IGNORECASE):
        after_to = [actor for actor in named if trigger.end <= actor.start <= trigger.end + 25]
        if after_to:
            return resolve_actor(after_to[0].name, country), "", ""
    if not agent:
        before = [actor for actor in named if actor.end <= trigger.start and resolve_actor(actor.name, country) != target]
        if before:
            agent = resolve_actor(before[0].name, country)
    others = [resolve_actor(actor.name, country) for actor in named]
    others = [name for name in others if name and name not in (agent,)]
    if not target and others:
        target = others[0]
    explicit_target = target
    if not agent or not target:
        for inherited in _inherited_actors(discourse, sentence, country):
            if not agent and inherited != target:
                agent = inherited
            elif not target and inherited != agent and trigger.kind != TAKE:
                target = inherited
    if target == agent:
        target = ""
    return agent, target, (explicit_target if explicit_target != agent else "")


_AFFINITY = {"Iraqi government": "IQ", "Syrian government": "SY", "SDF": "SY", "Kurdish Peshmerga": "IQ"}


def _inherited_actors(discourse: _Discourse, sentence: Sentence, country: str) -> list[str]:
    """The sides last named in sentences about the same country (or about no place)."""
    found: list[str] = []
    for index in range(sentence.index - 1, sentence.index - 7, -1):
        if index in discourse.recent_actors:
            countries, actors = discourse.recent_actors[index]
        elif index in discourse.skipped:
            countries, actors = set(), find_actors(discourse.skipped[index].text)
        else:
            continue
        if countries and country not in countries:
            continue
        names = [resolve_actor(actor.name, country) for actor in actors]
        for name in dict.fromkeys(names):
            if name and name in CONTROLLERS and _AFFINITY.get(name, country) == country and name not in found:
                found.append(name)
        if len(found) >= 3:
            break
    return found


def _holder_for(placed: PlacedMention, holders: list[tuple[str, int, int]], text: str) -> str:
    """An explicit "IS-held town of X" / "X, still held by IS" next to the place."""
    country = placed.choice.entry.country_code
    mention = placed.mention
    for actor, start, end in holders:
        if end <= mention.start and mention.start - end <= 45:
            return resolve_actor(actor, country)
        if start >= mention.end and start - mention.end <= 70:
            return resolve_actor(actor, country)
    return ""


def _draft(trigger, placed, window, actors, holders, text, sentence, article, discourse) -> dict | None:
    entry = placed.choice.entry
    if entry.kind == COUNTRY or entry.country_code not in ("IQ", "SY"):
        return None  # places outside the theatre never become conflict places
    if trigger.kind == MOVE and trigger.prep in ("from", "towards", "toward", "along", "near"):
        return None  # an approach is not a clash
    agent, target, explicit_target = _actors_for(trigger, placed, actors, text, discourse, sentence)
    holder = _holder_for(placed, holders, text)
    kind = trigger.kind
    word = trigger.text.casefold()
    if (
        kind == AIR
        and re.search(r"\bartillery\b", text[max(0, trigger.start - 25) : trigger.start], re.IGNORECASE)
        and not _AIR_CONTEXT.search(text[max(0, trigger.start - 40) : trigger.end])
    ):
        kind = SHELL
    if (
        kind == KILL
        and _CIVILIAN_OBJECT.search(text[trigger.end : trigger.end + 40] + text[max(0, trigger.start - 40) : trigger.start])
        and not re.search(r"fighters|troops|militants|soldiers", text, re.IGNORECASE)
    ):
        kind = CIVIL
    event_type, sub_event_type = {
        CLASH: (BATTLES, ARMED_CLASH),
        MOVE: (BATTLES, ARMED_CLASH),
        KILL: (BATTLES, ARMED_CLASH),
        SIEGE_BREAK: (BATTLES, ARMED_CLASH),
        AIR: (EXPLOSIONS, AIR_STRIKE),
        SHELL: (EXPLOSIONS, SHELLING),
        SUICIDE: (EXPLOSIONS, SUICIDE_BOMB),
        IED: (EXPLOSIONS, REMOTE_EXPLOSIVE),
        CIVIL: (VIOLENCE_AGAINST_CIVILIANS, ATTACK),
        TAKE: (BATTLES, ""),
    }[kind]
    controller_before = holder
    controller_after = ""
    contested = event_type == BATTLES
    if kind == TAKE:
        taker = agent
        loser = target
        if word.startswith(("fell", "fallen", "falls")):
            loser = ""
        if word in ("defeat", "loss", "ouster") and loser == "" and taker in (ISLAMIC_STATE,):
            taker, loser = loser, taker
        if not taker and loser == ISLAMIC_STATE:
            taker = resolve_actor(GENERIC_GOVERNMENT, entry.country_code) if entry.country_code == "IQ" else ""
        if taker == ISLAMIC_STATE and re.search(r"\b(?:defeat|loss|ouster|driven|expelled|ousted|flushed|cleared)\b", word):
            taker, loser = loser, taker
        if taker in CONTROLLERS:
            controller_after = taker
            sub_event_type = GOVERNMENT_REGAINS if taker in GOVERNMENTS else NON_STATE_OVERTAKES
        else:
            sub_event_type = ARMED_CLASH
        written_loser = loser if loser == explicit_target or word.startswith(("fell", "fallen", "falls")) else ""
        controller_before = holder or (written_loser if written_loser in CONTROLLERS else "")
        agent, target = taker or agent, loser or target
        contested = False
    elif kind == SIEGE_BREAK:
        controller_after = agent if agent in CONTROLLERS else ""
        controller_before = controller_after
        contested = True
    elif event_type == BATTLES:
        targeted = placed.mention.start in trigger.__dict__.get("targets", [])
        if not controller_before and target in CONTROLLERS and target != agent and (targeted or kind in (CLASH, MOVE)):
            controller_before = target
    if controller_before == controller_after and kind == TAKE:
        controller_before = ""
    precision = WHERE_EXACT
    if placed.mention.relation == "near":
        precision = WHERE_NEAR
    if entry.kind == PROVINCE:
        precision = WHERE_PROVINCE
    elif entry.kind == REGION:
        precision = WHERE_REGION
    if precision != WHERE_EXACT or entry.kind != SETTLEMENT:
        contested = False if entry.kind != SETTLEMENT else contested
    return {
        "sentence": sentence,
        "offset": placed.mention.start,
        "trigger": trigger,
        "entry": entry,
        "surface": placed.mention.surface,
        "window": window,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": agent,
        "actor2": target,
        "controller_before": controller_before if controller_before in CONTROLLERS else "",
        "controller_after": controller_after,
        "contested": contested and precision == WHERE_EXACT,
        "location_precision": precision,
        "placed": placed,
    }


def _remember(
    sentence: Sentence,
    times: list[TimeWindow],
    actors: list[ActorMention],
    triggers: list[Trigger],
    drafts: list[dict],
    mentions: list[PlacedMention],
    discourse: _Discourse,
) -> None:
    """Keep what the next sentences may need: the main date, the sides, the places."""
    dated = [draft for draft in drafts if draft["trigger"].time is not None and draft["trigger"].time.kind != "prior" and draft["window"].precision == "day"]
    if dated:
        discourse.recent_times[sentence.index] = min(dated, key=lambda draft: draft["offset"])["window"]
    else:
        day_times = [window for window in times if window.kind == "absolute" and window.precision == "day"]
        if day_times:
            discourse.recent_times[sentence.index] = day_times[0]
        elif drafts:
            discourse.recent_times[sentence.index] = drafts[0]["window"]
    if actors:
        countries = {placed.choice.entry.country_code for placed in mentions if placed.mention.relation != "descriptive"}
        discourse.recent_actors[sentence.index] = (countries, actors)
    for draft in drafts:
        trigger = draft["trigger"]
        if trigger.kind in (CLASH, MOVE) and draft["window"].precision == "day":
            discourse.launches.append((draft["entry"].place_id, draft["window"].start, sentence.index))
        discourse.last_event_place = draft["placed"]
        discourse.last_event_date = draft["window"].start


def _finalise(drafts: list[dict], article: Article) -> list[Event]:
    """Merge duplicates (same place, dates and type) and number the events."""
    merged: dict[tuple, dict] = {}
    for draft in drafts:
        window = draft["window"]
        key = (draft["entry"].place_id, window.start, window.end, draft["sub_event_type"])
        if key in merged:
            kept = merged[key]
            for name in ("actor1", "actor2", "controller_before", "controller_after"):
                kept[name] = kept[name] or draft[name]
            kept["contested"] = kept["contested"] or draft["contested"]
            kept["location_precision"] = min(kept["location_precision"], draft["location_precision"])
            continue
        merged[key] = dict(draft)
    stem = article.source.rsplit(".", 1)[0]
    events = []
    for number, draft in enumerate(sorted(merged.values(), key=lambda d: (d["sentence"].index, d["offset"])), start=1):
        entry = draft["entry"]
        window = draft["window"]
        events.append(
            Event(
                event_id=f"{stem}-{number:02d}",
                event_date=window.start,
                date_end=window.end,
                date_precision=precision_of(window.start, window.end),
                place=entry.name,
                place_id=entry.place_id,
                latitude=entry.latitude,
                longitude=entry.longitude,
                country_code=entry.country_code,
                location_precision=draft["location_precision"],
                event_type=draft["event_type"],
                sub_event_type=draft["sub_event_type"],
                actor1=draft["actor1"],
                actor2=draft["actor2"],
                controller_before=draft["controller_before"],
                controller_after=draft["controller_after"],
                contested=draft["contested"],
                source=article.source,
                published=article.published,
                quote=draft["sentence"].text,
                origin="article",
                notes=f"as written: {draft['surface']}; time: {window.text}",
            )
        )
    return events
