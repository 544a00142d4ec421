"""Observations from news text: clauses -> predicates with roles -> events and states.

Each sentence is reduced to a *shape* (:mod:`geo.grammar`): places, actors and
time expressions become placeholders, so one pattern table reads every sentence.
A sentence is cut into clauses (main, subordinate, relative); in each clause the
rules of :mod:`geo.grammar` find **predicates** with their roles:

* *changes* of control ("A0 retook P0 from A1", "P0 was wrested from A1 by A0",
  "the capture of P0 by A0", "A0 drove A1 out of P0"): who gains, who loses;
* *states* ("the A0-held town of P0", "P0 remains in A0 hands", "A0 still holds
  P0 since T0"): who holds, on which day, since when;
* *violence* that changes no control (clashes, strikes, shelling, attacks).

Each predicate gets the **modality** of its clause (asserted, intended,
possible, negated, denied or claimed) and the **time** of its own clause (never
one of a subordinate clause: "on Tuesday the army entered P0, weeks after last
month's talks collapsed" happened on Tuesday). Only asserted or claimed
predicates at a named place become records, and every record keeps the name of
the rule that made it.

>>> from geo.articles import parse_article
>>> from geo.gazetteer import load_gazetteer
>>> from geo.pipeline import analyse_article
>>> article = parse_article("t.txt", "Published: 27 October 2017\\nIraqi forces on Thursday retook Rawa from Islamic State.")
>>> [(e.place, e.controller_after, e.rule) for e in analyse_article(article, load_gazetteer()).events]
[('Rāwah', 'Iraqi government', 'take/active')]
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import grammar
from .actors import CIVILIANS, ActorMention, find_actors, resolve_actor
from .geocode import Choice
from .records import (
    AIR_STRIKE,
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    CHEMICAL_WEAPON,
    CONTROLLERS,
    COUNTRY,
    EXPLOSIONS,
    GOVERNMENT_REGAINS,
    GOVERNMENTS,
    NON_STATE_OVERTAKES,
    PROVINCE,
    REGION,
    REMOTE_EXPLOSIVE,
    SHELLING,
    SUICIDE_BOMB,
    SYRIAN_OPPOSITION,
    TURKISH_FORCES,
    VIOLENCE_AGAINST_CIVILIANS,
    WHERE_EXACT,
    WHERE_NEAR,
    WHERE_PROVINCE,
    WHERE_REGION,
    Article,
    Event,
    Mention,
    Sentence,
    StateReport,
)
from .timeexpr import TimeWindow, find_times, precision_of

ASSERTED, CLAIMED = "asserted", "claimed"
_INHERIT_SENTENCES = 2
_HEADLINE = -2  # geo.pipeline.HEADLINE_INDEX: the headline is read before the body
_HOLDER_WORDS = {
    # "Kurdish-held", "rebel-held": the word before -held names the holder.
    "kurdish": "kurdish forces",
    "rebel": "rebels",
    "opposition": "opposition fighters",
    "government": "government forces",
    "regime": "regime forces",
    "jihadist": "jihadists",
    "militant": "jihadists",
    "turkish": "turkish forces",
    "army": "government forces",
    "ypg": "ypg",
    "sdf": "sdf",
    "peshmerga": "peshmerga",
}
_ANAPHOR = re.compile(
    r"\b[Tt]he (?:(?:besieged|embattled|strategic|ancient|historic|northern|southern|eastern|western|border|desert|key|provincial|oil"
    r"|[A-Za-z]+-majority|mainly [a-z]+) )?(?P<noun>town|city|village)\b"
    r"(?! of\b| hall| council| centre| center| itself|['’]s| and\b)"
)
_HELD_SUFFIX = re.compile(
    r"\b(?P<word>[A-Za-z]+)[-‑](?P<verb>held|controlled|run|occupied|dominated)\b"
    r"|\b(?:in|under)\s+(?:the\s+)?(?:(?:full|firm|complete|total)\s+)?(?P<hands>[A-Za-z]+)\s+(?:hands|control|rule)\b"
)


@dataclass(frozen=True)
class PlacedMention:
    """A mention with the place chosen for it."""

    mention: Mention
    choice: Choice
    shared: bool = False


@dataclass(frozen=True)
class ArticleContext:
    """What the event stage needs from earlier stages for one article."""

    article: Article
    mentions: dict[int, list[PlacedMention]]  # sentence index -> mentions, in order


@dataclass(frozen=True)
class Item:
    """One token of a sentence's shape: a word, a place, an actor, a time or punctuation."""

    kind: str  # word | place | actor | time | punct | number
    token: str  # what the shape string shows
    start: int
    end: int
    ref: int = -1  # index into the sentence's places, actors or times


@dataclass(frozen=True)
class Shape:
    """A sentence as placeholders and lower-case words (see :mod:`geo.grammar`)."""

    items: tuple[Item, ...]
    string: str
    offsets: tuple[int, ...]  # where each item starts in ``string``

    def item_at(self, position: int) -> int:
        """The index of the item that covers a character of ``string``."""
        return max(0, bisect.bisect_right(self.offsets, position) - 1)

    @functools.cached_property
    def place_items(self) -> dict[int, int]:
        """Place ref -> the index of its first item, built once (a lookup per predicate would rescan the sentence)."""
        found: dict[int, int] = {}
        for index, item in enumerate(self.items):
            if item.kind == "place":
                found.setdefault(item.ref, index)
        return found


@dataclass(frozen=True)
class Clause:
    """A stretch of items: ``main``, ``subordinate`` ("after ..."), or ``relative`` ("which ...")."""

    first: int
    last: int
    kind: str
    word: str = ""  # the subordinator or relative pronoun that opens it

    @property
    def background(self) -> bool:
        """A clause whose events lie before or apart from the sentence's own ("after IS withdrew")."""
        return self.kind == "relative" or self.word in grammar.BACKGROUND_SUBORDINATORS


@dataclass(frozen=True)
class Predicate:
    """A rule's match: what happened, where, who did it to whom, how sure the text is."""

    rule: str
    kind: str  # change | state | clash | air | shell | suicide | ied | civil | kill | move | approach | siege_break | intent
    place_refs: tuple[int, ...]
    agent: str
    loser: str
    clause: int
    position: int  # item index of the predicate word
    modality: str
    since: TimeWindow | None = None
    contested: bool = False
    near: bool = False
    start_item: int = 0  # where the rule's match begins (a state's own words start there)


@dataclass
class _Discourse:
    """What earlier sentences leave for later ones (kept inside one article)."""

    story: TimeWindow
    published: date
    times: dict[int, TimeWindow] = field(default_factory=dict)
    subject: str = ""  # the side last named as a subject, what "they" refers to
    subject_sentence: int = -10
    focus: tuple[int, PlacedMention] | None = None  # (sentence, the one settlement it named): what "the town" refers to
    sides: dict[int, tuple[str, list[str]]] = field(default_factory=dict)  # sentence -> (country, controllers named)
    last_date: date | None = None


# --- shapes ---------------------------------------------------------------------------------
_WORD_TOKEN = re.compile(r"['’]s\b|[-‑]?[A-Za-z][A-Za-z'’]*(?:[-‑][A-Za-z]+)*|\d+(?:[.,]\d+)*|[,;:()—–]|(?<=\s)-{1,2}(?=\s)")


def build_shape(text: str, places: list[PlacedMention], actors: list[ActorMention], times: list[TimeWindow]) -> Shape:
    """The sentence as items. Times win over places, places over actors, where spans overlap."""
    spans: list[tuple[int, int, str, int]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= other_start or start >= other_end for other_start, other_end in taken)

    for index, window in enumerate(times):
        if free(window.begin, window.finish):
            spans.append((window.begin, window.finish, "time", index))
            taken.append((window.begin, window.finish))
    for index, placed in enumerate(places):
        mention = placed.mention
        if free(mention.start, mention.end):
            spans.append((mention.start, mention.end, "place", index))
            taken.append((mention.start, mention.end))
    for index, actor in enumerate(actors):
        if free(actor.start, actor.end):
            spans.append((actor.start, actor.end, "actor", index))
            taken.append((actor.start, actor.end))
    spans.sort()
    items: list[Item] = []
    cursor = 0
    for start, end, kind, ref in [*spans, (len(text), len(text), "", -1)]:
        for match in _WORD_TOKEN.finditer(text, cursor, start):
            word = match.group()
            if word[0].isdigit():
                items.append(Item("number", "#", match.start(), match.end()))
            elif word in ",;:()—–" or word.strip("-") == "":
                items.append(Item("punct", "—" if word.startswith("-") else word, match.start(), match.end()))
            else:
                items.append(Item("word", word.lower().replace("‑", "-").replace("’", "'"), match.start(), match.end()))
        if kind:
            letter = {"time": "T", "place": "P", "actor": "A"}[kind]
            items.append(Item(kind, f"{letter}{ref}", start, end, ref))
        cursor = max(cursor, end)
    tokens = [item.token for item in items]
    offsets, position = [], 0
    for token in tokens:
        offsets.append(position)
        position += len(token) + 1
    return Shape(tuple(items), " ".join(tokens) + " ", tuple(offsets))


def clauses_of(shape: Shape) -> list[Clause]:
    """Main, subordinate and relative clauses, cut at semicolons, dashes, 'but', 'after', 'which' ...

    >>> shape = Shape(tuple(Item("word", w, 0, 0) for w in "troops entered it after talks collapsed".split()), "", ())
    >>> [(c.first, c.last, c.kind) for c in clauses_of(shape)]
    [(0, 2, 'main'), (3, 5, 'subordinate')]
    """
    items = shape.items
    cuts: list[tuple[int, str, str]] = [(0, "main", "")]
    for index, item in enumerate(items):
        word = item.token
        if index == 0:
            if item.kind == "word" and word in grammar.SUBORDINATORS and word not in ("as", "while"):
                cuts[0] = (0, "subordinate", word)  # "After securing P0, troops ...": the sentence opens with a subordinate clause
            continue
        previous = items[index - 1].token
        if item.kind == "punct" and word in ("—", "–") and any(other.token in ("—", "–") for other in items[index + 1 : index + 9]):
            continue  # "– to the north and south –": a parenthesis inside the clause
        if item.kind == "punct" and word in ("—", "–") and any(other.token in ("—", "–") for other in items[max(0, index - 8) : index]):
            continue
        if item.kind == "punct" and word in (";", "—", "–", ":"):  # a parenthesis stays inside its clause
            cuts.append((index + 1, "main", ""))
        elif item.kind == "word" and word in ("but", "yet", "whereas", "although", "though"):
            cuts.append((index, "main", word))
        elif item.kind == "word" and word in grammar.SUBORDINATORS and previous not in ("as", "long", "soon", "well", "even", "such"):
            if word == "as" and index + 1 < len(items) and items[index + 1].token in ("well", "many", "much", "part", "a", "the", "far", "of"):
                continue
            if word in ("after", "before", "since", "until", "following") and index + 1 < len(items) and items[index + 1].kind in ("time", "number"):
                continue  # "since T0": a bound of this clause, not a new clause
            cuts.append((index, "subordinate", word))
        elif (
            item.kind == "word"
            and word in grammar.RELATIVES
            and previous in (",", "the")
            or (item.kind == "word" and word in ("which", "who", "whom", "whose", "where"))
        ):
            cuts.append((index, "relative", word))
    cuts.sort()
    clauses = []
    for number, (first, kind, opener) in enumerate(cuts):
        last = (cuts[number + 1][0] - 1) if number + 1 < len(cuts) else len(items) - 1
        if last >= first:
            clauses.append(Clause(first, last, kind, opener))
    # A clause that runs on after a closing comma of a subordinate clause is main again:
    # "After two weeks of fighting, troops retook P0" -> the main clause starts after the comma.
    result: list[Clause] = []
    for clause in clauses:
        if clause.kind in ("subordinate", "relative"):
            comma = next(
                (i for i in range(clause.first + 2, clause.last + 1) if items[i].token == "," and _starts_main(items, i + 1, clause.last, clause.kind)), None
            )
            if comma is not None:
                result.append(Clause(clause.first, comma, "subordinate", clause.word))
                result.append(Clause(comma + 1, clause.last, "main"))
                continue
        result.append(clause)
    return result or [Clause(0, max(0, len(items) - 1), "main")]


_MAIN_VERBS = frozenset("is was were are has have had will would said says added told is now".split())


def _starts_main(items: tuple[Item, ...], first: int, last: int, kind: str = "subordinate") -> bool:
    """After a comma, an actor, time or determiner (or, closing a relative clause, a verb) opens a main clause."""
    if kind == "relative":
        return first <= last and items[first].token in _MAIN_VERBS
    for index in range(first, min(last + 1, first + 4)):
        if items[index].kind in ("actor", "time"):
            return True
        if items[index].token in ("the", "they", "it", "he", "she", "we", "government", "iraqi", "syrian", "kurdish"):
            return True
    return False


def _clause_index(clauses: list[Clause], item: int) -> int:
    for number, clause in enumerate(clauses):
        if clause.first <= item <= clause.last:
            return number
    return len(clauses) - 1


# --- predicates ----------------------------------------------------------------------------
_PREPOSITIONS_BEFORE_OBJECT = frozenset(
    "from against by with of on to targeting for between among including like versus near around toward towards at in into than over under".split()
)
_VERB_WORDS = re.compile(
    r"\b(?:"
    + "|".join(sorted({part for forms in grammar.TAKE_VERBS.values() for form in forms for part in form.split("|")}, key=len, reverse=True))
    + r"|fell|falls|fallen|lost|loses|drove|driven|pushed|forced|chased|kicked|flushed|expelled|ousted|cleared|evicted|routed|purged|threw|thrown"
    + r"|declared|declares|announced|proclaimed|entered|held|controlled|controls|holds|remains|remained|control|hands|fall|loss|takeover"
    + r"|ended|ending|broke|breaking|won|withdrew|withdrawn|raised|routed|dislodged|departure|evacuation)\b"
)


def _group_items(shape: Shape, match: re.Match, group: str) -> list[int]:
    if match.group(group) is None:
        return []
    start, end = match.span(group)
    first, last = shape.item_at(start), shape.item_at(max(start, end - 1))
    return list(range(first, last + 1))


def _refs(shape: Shape, indices: list[int], kind: str) -> list[int]:
    return [shape.items[i].ref for i in indices if shape.items[i].kind == kind]


_CHANGE_GATE = re.compile(
    _VERB_WORDS.pattern[: -len(r")\b")]
    + r"|driven|pushed|expelled|cleared|withdrew|withdrawn|pulled|retreated|fled|evacuated|departure|evacuation|exit|pullout|flag|victory|defeat"
    + r"|control|operation|offensive|campaign|mission|aimed|aim|bid|attempt|attempts|attempting|fight|fighting|battle|drive|push|entered|gives|gave|given"
    + r"|attacked|stormed|assaulted|overran|besieged|pounded|losses|expulsion|retreat|withdrawal|ouster|eviction|pull-out|exodus|emptied|purged"
    + r"|hoisted|planted|raising|hoisting|planting|raised|routed|dislodged|dislodge|forcing|prompting|captures|range|number|series)\b"
)
_STATE_GATE = re.compile(
    r"-held|-controlled|-run|-occupied|-dominated|\b(?:held|controlled|control|controls|hands|rule|stronghold|strongholds|bastion|capital|heartland"
    r"|enclave|holdout|redoubt|bulwark|holds|hold|occupied|ruled|run|governed|administered|occupies|controlling|holding)\b"
)


def _role(shape: Shape, match: re.Match, role: str) -> list[int]:
    """Actor refs of a role, which a rule may give in one of two places ("agent", "agent2")."""
    refs: list[int] = []
    for name in (role, f"{role}2"):
        if name in match.groupdict():
            refs.extend(_refs(shape, _group_items(shape, match, name), "actor"))
    return refs


def _verb_position(shape: Shape, match: re.Match) -> int:
    """The item of the predicate word of a match (the first verb-like word not inside a role)."""
    roles = [match.span(name) for name in ("place", "agent", "agent2", "loser", "loser2", "holder", "holder2") if match.groupdict().get(name) is not None]
    for found in _VERB_WORDS.finditer(shape.string, match.start(), match.end()):
        if not any(start <= found.start() < end for start, end in roles):
            return shape.item_at(found.start())
    return shape.item_at(match.start())


def _words_between(shape: Shape, first: int, last: int) -> str:
    return " ".join(item.token for item in shape.items[first:last]) + (" " if last > first else "")


def modality_of(shape: Shape, clause: Clause, position: int, sentence_text: str) -> tuple[str, str]:
    """(modality, cue name) of a predicate at ``position`` in ``clause``.

    The cues of :data:`geo.grammar.CUES_BEFORE` are looked for in the clause's words
    up to the predicate; a denial anywhere in the sentence makes it ``denied``, a
    claim ("claimed", "if confirmed") ``claimed``.
    """
    before = _words_between(shape, clause.first, position)
    for cue in grammar.CUES_BEFORE:
        if cue.pattern.search(before):
            return cue.modality, cue.name
    after = _words_between(shape, position + 1, min(clause.last + 1, position + 5))
    for cue in grammar.CUES_AFTER:
        if cue.pattern.search(after):
            return cue.modality, cue.name
    return _sentence_doubt(sentence_text)


@functools.lru_cache(maxsize=256)
def _sentence_doubt(sentence_text: str) -> tuple[str, str]:
    """A denial or claim anywhere in the sentence: read once per sentence, not once per predicate."""
    lowered = sentence_text.casefold()
    if grammar.DENIAL.search(lowered):
        return "denied", "denial"
    if grammar.CLAIM.search(lowered):
        return CLAIMED, "claim"
    return ASSERTED, ""


_MODIFIED_NOUNS = frozenset(
    "enclave enclaves stronghold strongholds bastion bastions positions position lines line territory territories siege defences defenses "
    "control hands rule capital heartland pocket pockets fighters' commander commanders leader leaders flag flags checkpoint checkpoints "
    "redoubt holdout holdouts area areas border".split()
)


_PRONOUN = -1
_PRONOUN_SUBJECTS = frozenset(("they", "it", "we"))
_AUXILIARIES = frozenset("had has have was were is are also then later finally eventually quickly swiftly now already reportedly".split())


_SPEECH = frozenset("said says say claimed claims claim announced announces told added confirmed confirms stated reported".split())


def _speaker_before(items: tuple[Item, ...], pronoun: int) -> int | None:
    """ "Syrian rebels said they captured P0": the actor that speaks of itself, right before the pronoun."""
    if pronoun >= 2 and items[pronoun - 1].token in ("that",):
        pronoun -= 1
    if pronoun >= 2 and items[pronoun - 1].token in _SPEECH and items[pronoun - 2].kind == "actor":
        return items[pronoun - 2].ref
    return None


def _subject(shape: Shape, clause: Clause, position: int, clauses: list[Clause]) -> int | None:
    """The actor ref of a predicate's subject: the nearest actor before it not governed by a preposition."""
    items = shape.items
    for index in range(position - 1, max(clause.first, position - 40) - 1, -1):
        item = items[index]
        if item.kind == "actor":
            previous = items[index - 1].token if index > 0 else ""
            following = items[index + 1].token if index + 1 < len(items) else ""
            if previous in _PREPOSITIONS_BEFORE_OBJECT:
                continue
            if following in _MODIFIED_NOUNS or following.startswith("-"):
                continue  # "the jihadist enclave", "the IS-held town": a modifier, not a subject
            head = index
            while head >= 2 and items[head - 1].token in ("and", ",", "allied", "local", "syrian", "iraqi", "kurdish", "tribal"):
                back = head - 1
                while (
                    back > 0
                    and items[back].kind == "word"
                    and items[back].token in ("and", ",", "allied", "local", "syrian", "iraqi", "kurdish", "tribal", "the")
                ):
                    back -= 1
                if items[back].kind != "actor":
                    break
                head = back
            return items[head].ref  # "the Turkish military and allied Syrian militias": the first conjunct leads
    for index in range(position - 1, max(clause.first, position - 4) - 1, -1):
        if items[index].token in _PRONOUN_SUBJECTS:
            speaker = _speaker_before(items, index)
            return speaker if speaker is not None else _PRONOUN  # "they had taken ...": the subject of the previous sentences
        if items[index].kind != "word" or items[index].token not in _AUXILIARIES:
            break
    if clause.kind == "subordinate" and position <= clause.first + 3:
        # "troops pushed on after clearing P0", "After clearing P0, troops ...": a gerund's subject is the main clause's
        main = [c for c in clauses if c.kind == "main" and c is not clause]
        ordered = [c for c in main if c.last < clause.first][::-1] + [c for c in main if c.first > clause.last]
        for other in ordered:
            for index in range(other.first, other.last + 1):
                if items[index].kind == "actor" and (index == 0 or items[index - 1].token not in _PREPOSITIONS_BEFORE_OBJECT):
                    return items[index].ref
    if clause.kind == "relative" and clause.first > 0:
        # "IS, which seized P0 in 2014": the antecedent before the relative pronoun
        for index in range(clause.first - 1, max(-1, clause.first - 4), -1):
            if items[index].kind == "actor":
                return items[index].ref
    if clause.kind == "main" and clause.first > 0:
        # "..., and on Tuesday A0 ..." is covered above; a subject in an earlier main clause of
        # the same sentence carries over a coordination ("A0 attacked P1 and, by nightfall, took P0").
        earlier = [c for c in clauses if c.last < clause.first and c.kind == "main"]
        if earlier and items[clause.first - 1].token not in (";", "but", "—", "–", ":"):
            last_main = earlier[-1]
            for index in range(last_main.first, last_main.last + 1):
                if items[index].kind == "actor" and (index == 0 or items[index - 1].token not in _PREPOSITIONS_BEFORE_OBJECT):
                    return items[index].ref
    return None


def find_predicates(shape: Shape, clauses: list[Clause], text: str, bound: set[int] = frozenset(), times: list[TimeWindow] = ()) -> list[Predicate]:
    """Every change, state and violent act the rules find in a sentence's shape (``bound``: the "since" times)."""
    found: list[Predicate] = []
    claimed_places: set[tuple[int, int, int]] = set()  # (place ref, clause) already carrying a change
    # Cheap gates first: most sentences have neither a verb of change nor a word of holding.
    rules = (*(grammar.CHANGE_RULES if _CHANGE_GATE.search(shape.string) else ()), *(grammar.STATE_RULES if _STATE_GATE.search(shape.string) else ()))
    for rule in rules:
        for match in rule.pattern.finditer(shape.string):
            places = _refs(shape, _group_items(shape, match, "place"), "place")
            if "place2" in match.groupdict():
                places += _refs(shape, _group_items(shape, match, "place2"), "place")
            if not places:
                continue
            position = _verb_position(shape, match)
            if rule.name == "take/passive" and match.start("place") == match.start() and shape.item_at(match.start()) > 0:
                previous = shape.items[shape.item_at(match.start()) - 1].token
                if previous in ("after", "before", "than", "with", "from", "like", "unlike", "near", "beside"):
                    continue  # "the second after P1 to be captured": P1 is not the subject
            clause_number = _clause_index(clauses, position)
            clause = clauses[clause_number]
            agent_ref = None
            pronoun = False
            loser_pronoun = False
            if rule.kind == "state":
                holders = _role(shape, match, "holder")
                agent_ref = holders[0] if holders else None
            else:
                agents = _role(shape, match, "agent")
                agent_ref = agents[0] if agents else (_subject(shape, clause, shape.item_at(match.start()), clauses) if rule.agent_before else None)
                if agent_ref == _PRONOUN:
                    agent_ref = None
                    pronoun = True
                else:
                    pronoun = False
            losers = _role(shape, match, "loser")
            if not losers and match.groupdict().get("pronoun"):
                loser_pronoun = True
            else:
                loser_pronoun = False
            if not losers and match.groupdict().get("possessive"):
                # "since its defeat in P0": "its" is the side last named before it
                before = [item.ref for item in shape.items[: shape.item_at(match.start())] if item.kind == "actor"]
                losers = before[-1:]
            if not losers and rule.kind == "change" and match.groupdict().get("place") is not None:
                modifiers = [
                    i
                    for i in range(shape.item_at(match.start()), shape.item_at(match.start("place")))
                    if shape.items[i].kind == "actor" and shape.items[i + 1].token in _MODIFIED_NOUNS | {"-held", "-controlled"}
                ]
                losers = [shape.items[modifiers[-1]].ref] if modifiers else []
            if not losers and rule.kind == "change":
                losers = _loser_adjunct(shape, clause, match.end())
            since = None
            if match.groupdict().get("since"):
                since_refs = [ref for ref in _refs(shape, _group_items(shape, match, "since"), "time") if ref in bound]
                since = since_refs[0] if since_refs else None
            cue_at = shape.item_at(match.start()) if rule.agent_before or rule.name.startswith("take/ordinal") else position
            modality, _ = modality_of(shape, clause, cue_at, text)
            if rule.name.endswith("+intent") and modality == ASSERTED:
                modality = "intended"
            if rule.kind == "state" and modality == "intended":
                modality = ASSERTED  # "fled to the IS strongholds of P0": a holder is not something one intends
            kind = rule.kind
            key = (places[0], clause_number, position)  # two verbs may tell two changes of one place
            if kind == "change":
                if key in claimed_places:
                    continue
                claimed_places.add(key)
            found.append(
                Predicate(
                    rule=rule.name,
                    kind=kind,
                    place_refs=tuple(places),
                    agent="they" if pronoun else ("" if agent_ref is None else f"A{agent_ref}"),
                    loser=f"A{losers[0]}" if losers else ("them" if loser_pronoun else ""),
                    clause=clause_number,
                    position=position,
                    modality=modality,
                    since=since,
                    start_item=shape.item_at(match.start()),
                )
            )
    found.extend(_violence(shape, clauses, text, {(p.place_refs[0], p.clause) for p in found if p.kind == "change"}, times, bound))
    return found


def _loser_adjunct(shape: Shape, clause: Clause, end: int) -> list[int]:
    """The side a change put out, told after it in the same clause ("…, sweeping IS from its last stronghold")."""
    stop = len(shape.string) if clause.last + 1 >= len(shape.offsets) else shape.offsets[clause.last + 1]
    start = end + 1 if shape.string[end : end + 1] == " " else end
    for rule in grammar.LOSER_ADJUNCTS:
        match = rule.pattern.match(shape.string, start, stop)
        if match:
            return _role(shape, match, "loser")
    return []


def _violence(
    shape: Shape, clauses: list[Clause], text: str, changed: set[tuple[int, int]], times: list[TimeWindow] = (), bound: set[int] = frozenset()
) -> list[Predicate]:
    """Clashes, strikes, shelling, attacks and approaches at places named with a site preposition."""
    found: list[Predicate] = []
    items = shape.items
    covered: list[tuple[int, int]] = []  # the more specific trigger (earlier in the table) wins its words
    for trigger in grammar.TRIGGERS:
        for match in trigger.pattern.finditer(shape.string):
            if match.start() > 0 and shape.string[match.start() - 1] != " ":
                continue
            position = shape.item_at(match.start())
            last = shape.item_at(max(match.start(), match.end() - 1))
            if any(first <= last and position <= end for first, end in covered):
                continue
            clause_number = _clause_index(clauses, position)
            clause = clauses[clause_number]
            kind = trigger.kind
            clause_text = text[items[clause.first].start : items[clause.last].end].casefold()
            if kind == "air_verb":
                if not (grammar.AIR_CONTEXT.search(clause_text) or grammar.STRIKES_ON.match(shape.string, match.start())):
                    continue
                kind = "air"
            places, near = _site_places(shape, clause, last, directional=trigger.name == "operation-noun")
            if not places:
                places, near = _passive_subject(shape, clause, position)
            if not places:
                continue
            lead = _words_between(shape, max(clause.first, position - 6), position)
            if grammar.REPORTED_ON.search(lead):
                continue
            if kind in ("air", "shell", "ied", "suicide") and grammar.SUPPORTING.search(lead):
                continue  # "backed by coalition air strikes": the means of another act
            if trigger.needs_cue and grammar.NOT_YET.search(lead):
                continue  # "any future offensive against P0"
            day_timed = any(
                shape.items[i].kind == "time" and shape.items[i].ref not in bound and times and times[shape.items[i].ref].precision == "day"
                for i in range(clause.first, clause.last + 1)
            )
            if grammar.AGGREGATE.search(lead) and not day_timed and (_spans_days(shape, clause, times, bound) or _large_count(text, items, position)):
                continue  # "165 air strikes over the last month", "600 strikes in and around P0": a tally, not an event
            modality, _ = modality_of(shape, clause, position, text)
            if trigger.needs_cue:
                clause_words = _words_between(shape, clause.first, clause.last + 1)
                has_time = any(items[i].kind == "time" for i in range(clause.first, clause.last + 1))
                if not (grammar.LAUNCH.search(clause_words) or has_time):
                    continue
                if modality == "intended":
                    modality = ASSERTED  # "launched an operation to ..." is launched, whatever it aims at
            if kind == "kill":
                if grammar.CIVILIAN_OBJECT.search(clause_text):
                    kind = "civil"
            covered.append((position, last))  # only a trigger that reports something claims its words
            agent = _subject(shape, clause, position, clauses)
            target = next(
                (
                    items[i].ref
                    for i in range(last + 1, min(clause.last + 1, last + 6))
                    if items[i].kind == "actor"
                    and items[i - 1].token in ("against", "on", "targeting", "with")
                    # "strikes on rebel-held eastern P0": the actor names the place's holder, not the target
                    and not (i + 1 < len(items) and items[i + 1].token in _HELD_SUFFIXES)
                ),
                None,
            )
            for ref, is_near in zip(places, near):
                if (ref, clause_number) in changed and kind in ("clash", "move", "kill"):
                    continue  # the capture already says there was fighting
                found.append(
                    Predicate(
                        rule=f"violence/{trigger.name}",
                        kind=kind,
                        place_refs=(ref,),
                        agent="" if agent is None else f"A{agent}",
                        loser="" if target is None else f"A{target}",
                        clause=clause_number,
                        position=position,
                        modality=modality,
                        contested=kind in ("clash", "move") and not is_near,
                        near=is_near or kind == "approach",
                    )
                )
    return found


_HELD_SUFFIXES = frozenset(("-held", "-controlled", "-run", "-occupied", "-dominated", "-besieged"))
_PASSIVE_AUX = frozenset("is are was were been being be also again repeatedly heavily".split())


_TARGETED_BY = re.compile(
    r"(?:was|were|is|are|has been|had been|have been) (?:\S+ )?(?:targeted|hit|struck|attacked|bombed) (?:in|by|with) (?:a |an |the )?(?:\S+ ){0,2}$"
)


def _passive_subject(shape: Shape, clause: Clause, position: int) -> tuple[list[int], list[bool]]:
    """ "P0, in Raqqa province, is also being shelled", "P0 was hit by a gas attack": the place is the passive's subject."""
    lead = _words_between(shape, max(0, position - 8), position)
    if _TARGETED_BY.search(lead):
        for back in range(position - 1, max(0, position - 12) - 1, -1):
            item = shape.items[back]
            if item.kind == "place":
                return [item.ref], [False]
    index = position - 1
    saw_aux = False
    while index >= clause.first and shape.items[index].kind == "word" and shape.items[index].token in _PASSIVE_AUX:
        saw_aux = True
        index -= 1
    if not saw_aux:
        return [], []
    for back in range(index, max(clause.first, index - 6) - 1, -1):
        item = shape.items[back]
        if item.kind == "place" and (back == clause.first or shape.items[back - 1].token not in _PREPOSITIONS_BEFORE_OBJECT):
            if back - 2 >= clause.first and shape.items[back - 1].token == "," and shape.items[back - 2].kind == "place":
                return [shape.items[back - 2].ref], [False]  # "P0, Raqqa Governorate, is being shelled": the town, not its province
            return [item.ref], [False]
        if item.kind == "actor":
            break
    return [], []


def _spans_days(shape: Shape, clause: Clause, times: list[TimeWindow], bound: set[int]) -> bool:
    """The clause is dated by a window of several days ("over the last month")."""
    return any(
        shape.items[i].kind == "time" and shape.items[i].ref not in bound and times[shape.items[i].ref].precision != "day"
        for i in range(clause.first, clause.last + 1)
    )


def _large_count(text: str, items: tuple[Item, ...], position: int) -> bool:
    """A count of fifty or more (or "hundreds", "thousands") just before a trigger."""
    lead = text[items[max(0, position - 4)].start : items[position].start].casefold()
    if re.search(r"\b(?:hundreds|thousands|scores)\b", lead):
        return True
    numbers = [int(number.replace(",", "")) for number in re.findall(r"\d[\d,]*", lead)]
    return any(number >= 50 for number in numbers)


_OBJECT_NP = re.compile(r"(?:(?:the|a|an) )?(?:A\d+ -(?:held|controlled|run) )?" + grammar.MODIFIERS + r"{0,3}(?:" + grammar.HEADS + r" (?:of )?)?")


def _site_places(shape: Shape, clause: Clause, last: int, directional: bool = False) -> tuple[list[int], list[bool]]:
    """Places a trigger happens at: after it through a site preposition, within a dozen items.

    ``directional``: an operation noun also takes the place it heads to ("their push north to P0").
    """
    items = shape.items
    refs: list[int] = []
    near: list[bool] = []
    index = last + 1
    saw_preposition = False
    steps = 0
    while index <= clause.last and steps < 15:
        item = items[index]
        if item.kind == "place":
            before = _words_between(shape, max(clause.first, index - 5), index)
            is_near = bool(grammar.NEAR_WORDS.search(before) or grammar.PARTS_OF.search(before)) and not before.endswith(("in and around ", "in and near "))
            between = _words_between(shape, last + 1, index)
            object_np = bool(_OBJECT_NP.fullmatch(between))
            bearing = steps <= 4 and bool(
                re.search(r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)? of $", before)
            )
            if saw_preposition or index == last + 1 or object_np or bearing or (steps <= 2 and before.endswith(("the ", "of "))):
                refs.append(item.ref)
                near.append(is_near)
                # a list of places: "in P0 and P1"
                following = index + 1
                while following + 1 <= clause.last and items[following].token in (",", "and", "or"):
                    step = following + 1
                    while step <= min(clause.last, following + 4) and items[step].token in ("and", "the", "town", "towns", "city", "village", "villages", "of"):
                        step += 1
                    if step > clause.last or items[step].kind != "place":
                        break
                    refs.append(items[step].ref)
                    near.append(is_near)
                    following = step + 1
                break
            break
        if item.kind == "word" and (item.token in grammar.SITE_PREPOSITIONS or (directional and item.token in ("to", "towards", "toward"))):
            # "of" names the site only right after the trigger ("the shelling of P0"), not far down the clause
            saw_preposition = saw_preposition or item.token != "of" or steps <= 2
        if item.kind == "punct" and item.token in (";", "(", ")"):
            break
        if item.kind == "word" and _VERB_WORDS.fullmatch(item.token) and steps > 0:
            break
        index += 1
        steps += 1
    return refs, near


# --- times -----------------------------------------------------------------------------------
def _bound_times(shape: Shape, times: list[TimeWindow]) -> set[int]:
    """Time refs that bound a state ("since T0", "until T0"), not the time of an event."""
    bound = set()
    for index, item in enumerate(shape.items):
        if item.kind != "time":
            continue
        if index > 0 and shape.items[index - 1].token in ("since", "until", "till", "for"):
            bound.add(item.ref)
        if re.match(r"^(?:(?:ever )?since|until|till|by)\b", times[item.ref].text, re.IGNORECASE):
            bound.add(item.ref)
    return bound


def _clause_time(
    shape: Shape, clauses: list[Clause], clause_number: int, position: int, times: list[TimeWindow], bound: set[int], others: tuple[int, ...] = ()
) -> int | None:
    """The time ref of a predicate: the nearest time of its own clause; a fronted time dates the sentence's main clauses.

    ``others``: where the sentence's other predicates stand; a time with another predicate between it and this one
    is that predicate's ("after recapturing the city they lost in May": May is when it was lost).
    """
    clause = clauses[clause_number]
    candidates = []
    for index in range(clause.first, clause.last + 1):
        item = shape.items[index]
        if item.kind != "time" or item.ref in bound:
            continue
        if any(min(index, position) < other < max(index, position) for other in others):
            continue
        between = shape.items[min(index, position) + 1 : max(index, position)]
        # A time after the predicate is its own; one before it across an "and" or a comma belongs to
        # another conjunct ("pushed ... this summer and broke ... earlier this month").
        crossing = any(other.token in ("and", ",") for other in between) if index < position else any(other.token == "and" for other in between)
        candidates.append((crossing, index < position, abs(index - position), index, item.ref))
    if candidates:
        return min(candidates)[4]
    if clause.word in ("when", "as", "while", "following") and clause_number > 0:
        # "a major defeat in April when troops routed them": the clause it hangs on gives the time
        previous = clauses[clause_number - 1]
        for index in range(previous.last, previous.first - 1, -1):
            item = shape.items[index]
            if item.kind == "time" and item.ref not in bound:
                return item.ref
    last = len(shape.items) - 1
    if last > 0 and shape.items[last].kind == "time" and shape.items[last - 1].token == "," and shape.items[last].ref not in bound:
        # a caption's closing date ("..., March 24, 2016") dates every clause of it
        return shape.items[last].ref
    if clause.kind == "main":
        for index in range(1, last):
            item = shape.items[index]
            # a date set off by commas (", on November 24, 2017,") dates the sentence's main clauses
            if item.kind == "time" and item.ref not in bound and shape.items[index - 1].token == "," and shape.items[index + 1].token == ",":
                return item.ref
    if clause.kind == "main":
        # "On Saturday, troops pushed ...": a time that opens the sentence dates its main clauses.
        for earlier in clauses[:clause_number]:
            if earlier.kind != "main":
                continue
            for index in range(earlier.first, min(earlier.last + 1, earlier.first + 4)):
                item = shape.items[index]
                if item.kind == "time" and item.ref not in bound:
                    return item.ref
    return None


def _resolve_window(window: TimeWindow, anchor: date | None) -> TimeWindow | None:
    if window.kind in ("absolute", "duration"):
        return window
    if anchor is None:
        return None
    if window.kind in ("relative", "ordinal"):
        return window.shifted(anchor)
    if window.kind == "prior":
        day = anchor - timedelta(days=window.offset)
        return TimeWindow(window.text, window.begin, window.finish, day, day, "day")
    if window.kind == "year_shift":
        year = anchor.year + window.offset
        return TimeWindow(window.text, window.begin, window.finish, date(year, 1, 1), date(year, 12, 31), "year")
    if window.kind == "run_up":
        start, end = anchor - timedelta(days=window.offset), anchor - timedelta(days=1)
        return TimeWindow(window.text, window.begin, window.finish, start, end, precision_of(start, end))
    return None


_PERFECT = re.compile(r"\b(?:has|have)\b(?: \w+){0,2} $")


def _default_window(shape: Shape, position: int, sentence: Sentence, discourse: _Discourse) -> TimeWindow:
    """No time in the clause: the previous sentences' time, else the story's; a present perfect is the past week."""
    before = _words_between(shape, max(0, position - 3), position)
    if _PERFECT.search(before):
        end = discourse.published
        return TimeWindow("has (present perfect)", 0, 0, end - timedelta(days=6), end, "week")
    for index in range(sentence.index - 1, sentence.index - _INHERIT_SENTENCES - 1, -1):
        if index in discourse.times:
            return discourse.times[index]
    return discourse.story


def _story_window(article: Article) -> TimeWindow:
    """The lede's day ("on Thursday"), else the week before publication."""
    for sentence in article.sentences[:2]:
        for window in find_times(sentence.text, article.published):
            if window.kind == "absolute" and window.precision == "day" and window.start <= article.published:
                return window
    end = article.published
    return TimeWindow("publication date", 0, 0, end, end, "day")


# --- records ---------------------------------------------------------------------------------
_KIND_TYPES = {
    "clash": (BATTLES, ARMED_CLASH),
    "move": (BATTLES, ARMED_CLASH),
    "approach": (BATTLES, ARMED_CLASH),
    "kill": (BATTLES, ARMED_CLASH),
    "siege_break": (BATTLES, ARMED_CLASH),
    "intent": (BATTLES, ARMED_CLASH),
    "air": (EXPLOSIONS, AIR_STRIKE),
    "shell": (EXPLOSIONS, SHELLING),
    "suicide": (EXPLOSIONS, SUICIDE_BOMB),
    "ied": (EXPLOSIONS, REMOTE_EXPLOSIVE),
    "chemical": (EXPLOSIONS, CHEMICAL_WEAPON),
    "civil": (VIOLENCE_AGAINST_CIVILIANS, ATTACK),
}


def content_id(prefix: str, *parts: object) -> str:
    """An identity derived from content, so that a correction stays attached to what it corrected.

    >>> content_id("e", "abc", 1) == content_id("e", "abc", 1)
    True
    """
    digest = hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


def _side(ref: str, actors: list[ActorMention], country: str, discourse: _Discourse | None = None, sentence: Sentence | None = None) -> str:
    if not ref:
        return ""
    if ref == "they":
        return discourse.subject if discourse is not None and discourse.subject_sentence >= sentence.index - _INHERIT_SENTENCES else ""
    actor = actors[int(ref[1:])]
    return resolve_actor(actor.name, country)


def _location_precision(placed: PlacedMention, near: bool, in_role: bool = False) -> int:
    """UCDP's where_prec of a place; ``in_role``: the grammar matched the place as its predicate's
    object and judged nearness itself ("the nearby town of P0" is P0)."""
    kind = placed.choice.entry.kind
    if kind == PROVINCE:
        return WHERE_PROVINCE
    if kind == REGION:
        return WHERE_REGION
    if near or (placed.mention.relation == "near" and not in_role):
        return WHERE_NEAR
    return WHERE_EXACT


def _usable_place(placed: PlacedMention, in_role: bool = False) -> bool:
    """A place in the theatre that an event can happen at.

    ``in_role``: a rule matched the place as the object of its predicate ("P0, recaptured
    from IS"), which outranks the word before it ("pushed north from P0, recaptured ...").
    """
    entry = placed.choice.entry
    excluded = ("container", "descriptive", "dateline") if in_role else ("origin", "container", "descriptive", "dateline")
    return entry.kind != COUNTRY and entry.country_code in ("IQ", "SY") and placed.mention.relation not in excluded


def _inherited_side(discourse: _Discourse, sentence: Sentence, country: str, not_side: str, here: list[str] = (), governments: bool = True) -> str:
    """The one side other than ``not_side`` that this sentence or the last ones about this country named, if exactly one."""
    sides: list[str] = [side for side in here if side != not_side and side in CONTROLLERS]
    if sides:
        unique = list(dict.fromkeys(sides))
        return unique[0] if len(unique) == 1 else ""
    for index in range(sentence.index - 1, sentence.index - 4, -1):
        if index not in discourse.sides:
            continue
        where, named = discourse.sides[index]
        if where and where != country:
            continue
        sides.extend(side for side in named if side != not_side and side in CONTROLLERS and (governments or side not in GOVERNMENTS))
    unique = list(dict.fromkeys(sides))
    return unique[0] if len(unique) == 1 else ""


def _apply_held_words(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    """ "Kurdish-held", "rebel-held": a holder named by an adjective becomes an actor."""
    extra = []
    for match in _HELD_SUFFIX.finditer(text):
        group = "word" if match.group("word") else "hands"
        word = match.group(group).casefold()
        if any(actor.start <= match.start(group) < actor.end for actor in actors):
            continue
        phrase = _HOLDER_WORDS.get(word)
        if not phrase:
            continue
        named = find_actors(phrase)
        if named:
            extra.append(ActorMention(named[0].name, match.start(group), match.end(group), match.group(group)))
    return sorted([*actors, *extra], key=lambda actor: actor.start)


def sentence_observations(sentence: Sentence, places: list[PlacedMention], article: Article, discourse: _Discourse) -> tuple[list[Event], list[StateReport]]:
    """The events and states of one sentence (updates ``discourse`` for the next ones)."""
    text = sentence.text
    published = article.published
    places = places + _anaphora(text, places, discourse, sentence)
    times = [window for window in find_times(text, published) if window.kind != "absolute" or window.start <= published]
    actors = _apply_held_words(text, find_actors(text))
    shape = build_shape(text, places, actors, times)
    actors = _proxies(shape, actors, country_hint(places))
    clauses = clauses_of(shape)
    bound = _bound_times(shape, times)
    predicates = find_predicates(shape, clauses, text, bound, times) if places else []
    events: list[Event] = []
    states: list[StateReport] = []
    changed_here: dict[int, date] = {}
    sentence_anchor: date | None = None
    # the sides named are read in the country of the places the sentence tells of (not where troops came from)
    country = country_hint([placed for placed in places if _usable_place(placed)])
    named_sides = [resolve_actor(actor.name, country) for actor in actors if actor.name != CIVILIANS]
    resolved: dict[int, TimeWindow] = {}
    changes_here = [predicate for predicate in predicates if predicate.kind == "change"]
    for predicate in sorted(predicates, key=lambda p: (p.kind == "state", p.position)):
        if predicate.modality not in (ASSERTED, CLAIMED, "denied", "intended"):
            continue
        if predicate.modality == "intended" and predicate.kind != "change":
            continue
        others = tuple(other.position for other in predicates if other.position != predicate.position and other.kind == "change")
        time_ref = _clause_time(shape, clauses, predicate.clause, predicate.position, times, bound, others)
        window = None
        if time_ref is not None:
            window = resolve_cached(resolved, time_ref, times, _anchor_before(shape, time_ref, times) or sentence_anchor or discourse.last_date)
        clause = clauses[predicate.clause]
        if window is None and predicate.kind != "state" and (predicate.modality == "intended" or predicate.kind in ("clash", "move")):
            # "had been fighting since March to retake P0": the fighting is dated from its start
            since_refs = [
                shape.items[i].ref
                for i in range(clause.first, clause.last + 1)
                if shape.items[i].kind == "time" and shape.items[i].ref in bound and times[shape.items[i].ref].text.lower().startswith("since")
            ]
            if since_refs:
                window = _resolve_window(times[since_refs[0]], discourse.last_date)
        if window is None:
            if clause.background and predicate.kind != "state":
                continue  # background ("after IS withdrew", "which IS seized"), with no time of its own: not dated today
            window = _default_window(shape, predicate.position, sentence, discourse)
        if window.start > published:
            continue
        sentence_anchor = sentence_anchor or window.end
        for ref in predicate.place_refs:
            placed = places[ref]
            if not _usable_place(placed, in_role=predicate.kind in ("change", "state")):
                continue
            entry = placed.choice.entry
            country_code = entry.country_code
            agent = _side(predicate.agent, actors, country_code, discourse, sentence)
            loser = _side(predicate.loser, actors, country_code) if predicate.loser != "them" else ""
            if predicate.kind == "change" and CIVILIANS in (agent, loser):
                continue  # "civilians fled the city": people leaving a town is not a side losing it
            if predicate.loser == "them" and agent:
                # "routed them from P0": the other side the passage names
                loser = _inherited_side(discourse, sentence, country_code, agent, [resolve_actor(actor.name, country_code) for actor in actors])
            before_words = _words_between(shape, max(0, _place_item(shape, ref) - 6), _place_item(shape, ref))
            after_words = _words_between(shape, _place_item(shape, ref) + 1, min(len(shape.items), _place_item(shape, ref) + 4))
            near = predicate.near or bool(
                grammar.PARTS_OF.search(before_words) or grammar.NEAR_WORDS.search(before_words) or grammar.FACILITY_AFTER.search(after_words)
            )
            if grammar.LANDMARK_ONLY.search(before_words):
                continue  # "a town on the outskirts of P0": not P0
            if before_words.endswith(("in and around ", "in and near ")):
                near = False  # "in and around P0" includes the place itself
            most = bool(grammar.MOST_OF.search(before_words))
            if most:
                near = False  # "seized most parts of the town": taken, with fighting left
            last_part = bool(grammar.LAST_PART.search(_words_between(shape, max(0, _place_item(shape, ref) - 12), _place_item(shape, ref))))
            if last_part:
                near = False  # "the last district held by IS in the city of P0" taken: the town is taken
            part = (
                not near
                and not most
                and not last_part
                and bool(grammar.PARTIAL_STATE.search(before_words) or grammar.INSIDE_OF.search(before_words) or grammar.PART_AFTER.search(after_words))
            )
            precision = _location_precision(placed, near)
            if predicate.kind == "state":
                holder = agent
                if holder not in CONTROLLERS or sentence.index == _HEADLINE:
                    continue  # a headline's "rebel-held city" is shorthand, not a report of who holds it
                if any(ref in other.place_refs and _side(other.agent, actors, country_code, discourse, sentence) != holder for other in changes_here):
                    continue  # "the government's capture of P0, the last town held by the rebels": the holder before
                own_words = _words_between(shape, max(predicate.start_item, _place_item(shape, ref) - 6), _place_item(shape, ref))
                # "the portion of the city that rebels held": the noun phrase before the place counts even outside the match
                partial = bool(grammar.PARTIAL_STATE.search(before_words) or grammar.PARTS_OF.search(own_words) or grammar.INSIDE_OF.search(own_words))
                day = window.end
                if ref in changed_here:
                    day = min(day, changed_here[ref] - timedelta(days=1))
                since, since_window = None, None
                if predicate.since is not None:
                    since_window = _resolve_window(times[predicate.since], discourse.last_date)
                    since = since_window.end if since_window else None
                states.append(
                    StateReport(
                        state_id=content_id("s", _article_key(article), text, entry.place_id, holder, day),
                        place=entry.name,
                        place_id=entry.place_id,
                        latitude=entry.latitude,
                        longitude=entry.longitude,
                        country_code=country_code,
                        controller=holder,
                        day=day,
                        since=since if since and since <= day else None,
                        source=article.source,
                        published=published,
                        quote=text,
                        rule=predicate.rule,
                        location_precision=_location_precision(placed, False, in_role=True),
                        partial=partial,
                    )
                )
                taken = _taking_since(states[-1], since_window if predicate.since is not None else None, article, entry)
                if taken is not None:
                    events.append(taken)
                continue
            precision = _location_precision(placed, near, in_role=predicate.kind == "change")
            event = _event(
                predicate, placed, window, agent, loser, precision, article, text, discourse, sentence, country_code, time_ref is not None, actors, part
            )
            if event is not None and most and event.controller_after:
                event = replace(event, contested=True)
            if event is not None:
                events.append(event)
                if event.controller_after:
                    changed_here[ref] = event.event_date
    # "an overnight attack in P0, taking control of the city": the capture tells the fight; no second clash
    taken = {e.place_id for e in events if e.controller_after and e.location_precision == WHERE_EXACT and not e.rule.startswith("violence/")}
    events = [e for e in events if not (e.place_id in taken and e.sub_event_type == ARMED_CLASH and e.rule.startswith("violence/"))]
    # "killed in three bombings": the explosion is the event, the deaths are its toll
    blasts = {e.place_id for e in events if e.event_type == EXPLOSIONS}
    events = [e for e in events if not (e.rule == "violence/kill" and e.place_id in blasts)]
    # "the attack ... from strikes on P0": the attack is the strike, not fighting besides it
    events = [e for e in events if not (e.rule == "violence/operation-noun" and e.place_id in blasts)]
    # "Ramadi, the capital of Anbar province": an area named beside a town the sentence tells of is not a second event
    if any(e.location_precision in (WHERE_EXACT, WHERE_NEAR) for e in events):
        events = [e for e in events if e.location_precision in (WHERE_EXACT, WHERE_NEAR)]
    events.extend(_operation_starts(text, places, times, article, discourse, sentence, events))
    # who held a place before a capture in this sentence: "troops retook the IS-held town of P0"
    merged_states = []
    for state in states:
        # "an assault on the IS-held town": the fighting is against the holder the sentence names
        events = [
            replace(e, controller_before=state.controller)
            if e.place_id == state.place_id and not e.controller_after and not e.controller_before and e.event_type == BATTLES and not state.partial
            else e
            for e in events
        ]
        capture = next((e for e in events if e.place_id == state.place_id and e.controller_after and e.controller_after != state.controller), None)
        if capture is not None and not capture.controller_before:
            events = [e if e is not capture else _with_before(e, state.controller) for e in events]
            merged_states.append(replace(state, day=min(state.day, capture.event_date - timedelta(days=1))))
        else:
            merged_states.append(state)
    if events or times:
        dated = [e for e in events if e.date_precision == "day"]
        if dated:
            discourse.times[sentence.index] = TimeWindow("previous sentence", 0, 0, dated[0].event_date, dated[0].date_end, "day")
            discourse.last_date = dated[0].event_date
        else:
            day_times = [w for w in times if w.kind == "absolute" and w.precision == "day"]
            if day_times:
                discourse.times[sentence.index] = day_times[0]
                discourse.last_date = day_times[0].start
    if named_sides:
        discourse.sides[sentence.index] = (country, named_sides)
    subject = _sentence_subject(shape, actors, country)
    if subject:
        discourse.subject, discourse.subject_sentence = subject, sentence.index
    settlements = {
        placed.choice.entry.place_id: placed
        for placed in places
        if _usable_place(placed) and placed.choice.entry.kind == "settlement" and placed.mention.relation == "at"
    }
    if len(settlements) == 1:
        discourse.focus = (sentence.index, next(iter(settlements.values())))
    elif len(settlements) > 1:
        discourse.focus = None
    return events, merged_states


_BACKED_BY = re.compile(
    r"A(?P<client>\d+) (?:, )?(?:(?:which|who|that) (?:are|is|were|was|have been|has been) )?(?:\S+ )?(?:backed|supported|armed|sponsored|trained|assisted) by "
    r"(?:the )?(?P<patron>(?:(?!A\d|,)\S+ ){0,4}(?:A(?P<patron_ref>\d+) )?)"
)


def country_hint(places: list[PlacedMention]) -> str:
    """The one theatre country a sentence's places are in, or ''."""
    countries = {placed.choice.entry.country_code for placed in places if placed.choice.entry.country_code in ("IQ", "SY")}
    return next(iter(countries)) if len(countries) == 1 else ""


def _proxies(shape: Shape, actors: list[ActorMention], country: str) -> list[ActorMention]:
    """ "the FSA, which is backed by Turkish forces": a client fights as its patron's faction.

    Only patrons whose faction fights with its clients as one (Turkish forces, per
    ``geo/resources/factions.toml``) absorb them; "US-backed" fighters stay themselves.
    """
    result = list(actors)
    for match in _BACKED_BY.finditer(shape.string):
        client = int(match.group("client"))
        patron = int(match.group("patron_ref")) if match.group("patron_ref") else None
        if client >= len(actors) or (patron is not None and patron >= len(actors)):
            continue
        turkish = "turk" in match.group("patron") or (patron is not None and resolve_actor(actors[patron].name, country or "SY") == TURKISH_FORCES)
        if turkish and resolve_actor(actors[client].name, "SY") in (SYRIAN_OPPOSITION, ""):
            old = actors[client]
            result[client] = ActorMention(TURKISH_FORCES, old.start, old.end, old.text)
    return result


def _sentence_subject(shape: Shape, actors: list[ActorMention], country: str) -> str:
    """The side a sentence opens with ("Government forces were advancing ..."), for a later "they"."""
    for index, item in enumerate(shape.items[:12]):
        if item.kind == "actor" and (index == 0 or shape.items[index - 1].token not in _PREPOSITIONS_BEFORE_OBJECT):
            side = resolve_actor(actors[item.ref].name, country)
            return side if side in CONTROLLERS else ""
    return ""


def _anaphora(text: str, places: list[PlacedMention], discourse: _Discourse, sentence: Sentence) -> list[PlacedMention]:
    """ "the town", "the city": the one settlement the last two sentences (or this one, before it) named."""
    found = []
    for match in _ANAPHOR.finditer(text):
        if any(placed.mention.start <= match.start() < placed.mention.end for placed in places):
            continue
        earlier = {
            placed.choice.entry.place_id: placed
            for placed in places
            if placed.mention.end <= match.start() and _usable_place(placed) and placed.choice.entry.kind == "settlement"
        }
        if len(earlier) > 1:
            continue
        if earlier:
            target = next(iter(earlier.values()))
        elif discourse.focus is not None and sentence.index - discourse.focus[0] <= _INHERIT_SENTENCES:
            target = discourse.focus[1]
        else:
            continue
        mention = Mention(match.group(), sentence, match.start(), match.end(), target.mention.source, target.mention.published, "at")
        found.append(PlacedMention(mention, target.choice, shared=True))
    return found


def _operation_starts(
    text: str, places: list[PlacedMention], times: list[TimeWindow], article: Article, discourse: _Discourse, sentence: Sentence, events: list[Event]
) -> list[Event]:
    """ "The operation, which began on May 23, ...": fighting at the town the operation is about, on its first day.

    The town is the one settlement named before the words in this sentence, else the one the
    last sentences were about; an operation named with its town ("the offensive to retake P0") is
    the grammar's. Nothing when the town or the day is not clear.
    """
    lowered = text.lower()
    found: list[Event] = []
    for name, pattern in grammar.OPERATION_STARTS:
        for match in pattern.finditer(lowered):
            window = next((w for w in times if match.start("time") <= w.begin < match.end("time") and w.kind == "absolute"), None)
            if window is None or window.start > article.published:
                continue
            if any(0 <= placed.mention.start - match.start("time") <= 80 and not placed.shared for placed in places):
                continue  # "began on Saturday around P0", "launched an operation in March aimed at retaking P1": told with its own place
            named = {
                placed.choice.entry.place_id: placed
                for placed in places
                if placed.mention.end <= match.start()
                and placed.mention.relation != "origin"
                and _usable_place(placed)
                and placed.choice.entry.kind == "settlement"
            }
            if len(named) == 1:
                target = next(iter(named.values()))
            elif not named and discourse.focus is not None and sentence.index - discourse.focus[0] <= _INHERIT_SENTENCES:
                target = discourse.focus[1]
            else:
                continue
            entry = target.choice.entry
            if any(event.place_id == entry.place_id and event.event_type == BATTLES and event.event_date <= window.start <= event.date_end for event in events):
                continue  # the sentence already tells the fighting there that day
            found.append(
                article_event(
                    article,
                    entry,
                    text,
                    window,
                    location_precision=WHERE_EXACT,
                    event_type=BATTLES,
                    sub_event_type=ARMED_CLASH,
                    actor1="",
                    actor2="",
                    controller_before="",
                    controller_after="",
                    contested=True,
                    as_written=target.mention.surface,
                    rule=name,
                )
            )
    return found


def _taking_since(state: StateReport, since: TimeWindow | None, article: Article, entry) -> Event | None:
    """ "IS, which has occupied the city since May": the holding began with a taking in May.

    Only a since of a day or a month says when: "in rebel hands since 2012" dates no event.
    """
    if since is None or since.kind == "duration" or state.partial or state.since is None or since.precision not in ("day", "week", "month"):
        return None
    sub_event_type = GOVERNMENT_REGAINS if state.controller in GOVERNMENTS else NON_STATE_OVERTAKES
    return article_event(
        article,
        entry,
        state.quote,
        since,
        location_precision=state.location_precision,
        event_type=BATTLES,
        sub_event_type=sub_event_type,
        actor1=state.controller,
        actor2="",
        controller_before="",
        controller_after=state.controller,
        contested=False,
        as_written=entry.name,
        rule=f"{state.rule}+since",
    )


def _with_before(event: Event, holder: str) -> Event:
    return replace(event, controller_before=holder)


def _place_item(shape: Shape, ref: int) -> int:
    return shape.place_items[ref]


def _anchor_before(shape: Shape, ref: int, times: list[TimeWindow]) -> date | None:
    """ "in 2014, and captured P0 the following year": a relative time counts from the time told just before it."""
    if times[ref].kind == "absolute":
        return None
    earlier = [
        times[item.ref] for item in shape.items if item.kind == "time" and times[item.ref].kind == "absolute" and times[item.ref].finish <= times[ref].begin
    ]
    return earlier[-1].end if earlier else None


def resolve_cached(resolved: dict[int, TimeWindow], ref: int, times: list[TimeWindow], anchor: date | None) -> TimeWindow | None:
    if ref not in resolved:
        window = _resolve_window(times[ref], anchor)
        if window is None:
            return None
        resolved[ref] = window
    return resolved[ref]


def _article_key(article: Article) -> str:
    """What an event's identity takes from its article: who published it and on what day, else its text.

    An article whose outlet and publication day are known is identified by them, so editing one
    of its sentences leaves the events of the others, and the corrections made on them, as they
    were; a copy (another name, the same text) gives the same events, and one outlet telling one
    event in the same words twice on one day is one report. An article of unknown outlet is
    identified by a hash of its text (an edit gives it new events; corrections follow them by
    their content, see :mod:`geo.overrides`).
    """
    if article.outlet.strip() and article.published is not None:
        return content_id("a", " ".join(article.outlet.casefold().split()), article.published.isoformat())
    return _text_key(article.body)


@functools.lru_cache(maxsize=1)
def _text_key(body: str) -> str:
    # Hashed once per article, not once per event (every event of a 20 MB page rehashed all of it). One
    # entry: the articles are read one after another, and a second would keep a finished page alive.
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]


def _event(
    predicate: Predicate,
    placed: PlacedMention,
    window: TimeWindow,
    agent: str,
    loser: str,
    precision: int,
    article: Article,
    text: str,
    discourse: _Discourse,
    sentence: Sentence,
    country: str,
    own_time: bool,
    actors_here: list[ActorMention],
    part: bool = False,
) -> Event | None:
    entry = placed.choice.entry
    rule = predicate.rule
    controller_before = loser if loser in CONTROLLERS else ""
    controller_after = ""
    contested = predicate.contested and precision == WHERE_EXACT
    modality = CLAIMED if predicate.modality in (CLAIMED, "denied") else ASSERTED
    if predicate.kind == "change" and predicate.rule == "repelled":
        # "IS was pushed back from P0": an attack beaten off; the attacker never held it
        event_type, sub_event_type = BATTLES, ARMED_CLASH
        controller_before = ""
        contested = precision == WHERE_EXACT
    elif predicate.kind == "change":
        if predicate.modality == "intended":
            # "launched an offensive to retake P0", "Friday's assault aimed to recapture P0": fighting at P0,
            # held by the side to be driven out; a mere plan to retake it is nothing yet.
            if not (predicate.rule.startswith("encircle") or _operation_under_way(text, own_time)):  # encircling is itself under way
                return None
            event_type, sub_event_type = BATTLES, ARMED_CLASH
            rule = predicate.rule if predicate.rule.endswith("+intent") else f"{predicate.rule}+intent"
            if not controller_before:
                # "to liberate P0": held by the side the operation is against, when the passage names just one
                here = [resolve_actor(actor.name, country) for actor in actors_here]
                if agent:
                    opponent = _inherited_side(discourse, sentence, country, agent, here)
                else:  # "to liberate P0" with no agent: the one non-state side the passage names
                    opponent = _inherited_side(discourse, sentence, country, "", [side for side in here if side not in GOVERNMENTS], governments=False)
                controller_before = opponent if opponent in CONTROLLERS and opponent not in GOVERNMENTS else ""
            contested = precision == WHERE_EXACT and bool(controller_before)
        else:
            taker = agent
            if not taker and controller_before and not predicate.rule.startswith(("take/active", "fell-to", "control-of")):
                # "recaptured from IS", no agent written: the one other side the passage names
                here = [resolve_actor(actor.name, country) for actor in actors_here]
                taker = _inherited_side(discourse, sentence, country, controller_before, here)
            if taker == controller_before:
                taker = ""
            event_type = BATTLES
            if predicate.rule.startswith("take/nominal") and not taker:
                return None  # "the recapture of the town was completed": by whom is not said
            if part and precision == WHERE_EXACT:
                # "captured three districts of P0": fighting in the town, which has not changed hands
                sub_event_type = ARMED_CLASH
                contested = True
            elif predicate.modality == "denied" or precision not in (WHERE_EXACT, WHERE_NEAR) or taker not in CONTROLLERS:
                # a denied capture is fighting there; who took it is not said
                sub_event_type = ARMED_CLASH
                contested = precision == WHERE_EXACT and predicate.modality == "denied"
            else:
                controller_after = taker
                sub_event_type = GOVERNMENT_REGAINS if taker in GOVERNMENTS else NON_STATE_OVERTAKES
            agent = taker or agent
            if predicate.rule.startswith(("take/nominal", "loss-of", "defeat-in", "departure-of")) and not own_time:
                return None  # "after the capture of P0": a reference, dated only by its own time
    else:
        event_type, sub_event_type = _KIND_TYPES.get(predicate.kind, (BATTLES, ARMED_CLASH))
        if predicate.kind == "siege_break":
            controller_after = agent if agent in CONTROLLERS else ""
            controller_before = controller_after
            contested = precision == WHERE_EXACT
    if controller_before and controller_before == controller_after and predicate.kind != "siege_break":
        controller_before = ""  # a siege broken keeps its holder; a capture from oneself is no change
    return article_event(
        article,
        entry,
        text,
        window,
        location_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=agent,
        actor2=loser if loser != agent else "",
        controller_before=controller_before,
        controller_after=controller_after,
        contested=contested,
        as_written=placed.mention.surface,
        rule=rule,
        modality=modality,
    )


def article_event(article: Article, entry, quote: str, window: TimeWindow, *, as_written: str, **fields) -> Event:
    """An event of an article at a gazetteer entry, its identity derived from its content.

    ``fields`` are the Event fields a predicate decides (types, actors, controllers, contested,
    location precision, rule, modality); the place, source and dates come from the arguments.
    """
    return Event(
        event_id=content_id("e", _article_key(article), quote, entry.place_id, fields["sub_event_type"], window.start, window.end),
        event_date=window.start,
        date_end=window.end,
        date_precision=precision_of(window.start, window.end),
        place=entry.name,
        place_id=entry.place_id,
        latitude=entry.latitude,
        longitude=entry.longitude,
        country_code=entry.country_code,
        source=article.source,
        published=article.published,
        quote=quote,
        origin="article",
        notes=f"as written: {as_written}; time: {window.text}",
        **fields,
    )


_OPERATION_WORDS = re.compile(r"\b(?:offensive|operation|assault|attack|push|drive|campaign|battle|fighting|battling|advance|advancing|pushing|fighting)s?\b")


def _operation_under_way(text: str, dated: bool) -> bool:
    """An operation is reported as launched or going on ("launched", "began", "Friday's assault")."""
    lowered = text.casefold()
    if grammar.LAUNCH.search(lowered) or re.search(r"\b(?:fighting|battling|pushing|advancing|storming)\b", lowered):
        return True
    return dated and bool(_OPERATION_WORDS.search(lowered))


_DEFAULT_TIMES = ("publication date", "has (present perfect)", "previous sentence")


def _undated(event: Event) -> bool:
    """An event whose time was not written in its own clause (it took the story's or the last sentence's)."""
    return any(event.notes.endswith(f"time: {name}") for name in _DEFAULT_TIMES)


def _same_report(one: Event, other: Event) -> bool:
    """Two records of one event in an article: same place and type, one window inside the other."""
    if one.place_id != other.place_id or one.sub_event_type != other.sub_event_type:
        return False
    return (one.event_date <= other.event_date and other.date_end <= one.date_end) or (other.event_date <= one.event_date and one.date_end <= other.date_end)


def extract_observations(context: ArticleContext) -> tuple[list[Event], list[StateReport]]:
    """All events and states of one article, in reading order, without duplicates."""
    article = context.article
    discourse = _Discourse(story=_story_window(article), published=article.published)
    events: dict[str, Event] = {}
    states: dict[str, StateReport] = {}
    headline = [context.mentions[_HEADLINE][0].mention.sentence] if context.mentions.get(_HEADLINE) else []
    headline_events: list[Event] = []
    for sentence in [*headline, *article.sentences]:
        found_events, found_states = sentence_observations(sentence, context.mentions.get(sentence.index, []), article, discourse)
        if sentence.index == _HEADLINE:
            headline_events = found_events
            found_events = []
        for event in found_events:
            duplicate = next(
                (
                    kept
                    for kept in events.values()
                    if _same_report(kept, event)
                    and (
                        _undated(kept)
                        or _undated(event)
                        or (kept.event_date, kept.date_end) == (event.event_date, event.date_end)
                        # one capture told twice, once with its day and once vaguely ("the fall of P0 in recent weeks")
                        or (kept.controller_after != "" and kept.controller_after == event.controller_after)
                    )
                ),
                None,
            )
            if duplicate is None:
                events[event.event_id] = event
            elif (event.date_end - event.event_date) < (duplicate.date_end - duplicate.event_date):
                # the more precise report of one event wins its place in the list
                del events[duplicate.event_id]
                events[event.event_id] = event
        for state in found_states:
            states.setdefault(state.state_id, state)
    starts = {name for name, _ in grammar.OPERATION_STARTS}
    # "the operation, which was launched on Wednesday" in a story of Wednesday's capture: that capture's fighting
    for event in [event for event in events.values() if event.rule in starts]:
        if any(
            other.event_id != event.event_id
            and other.place_id == event.place_id
            and other.event_type == BATTLES
            and event.event_date <= other.event_date <= other.date_end <= event.date_end
            for other in events.values()
        ):
            del events[event.event_id]
    # A headline's event counts only when the body does not tell of it ("Tikrit falls to ISIS" over a story about it).
    told = {(event.place_id, event.event_type) for event in events.values()}
    for event in headline_events:
        if (event.place_id, event.event_type) not in told:
            events[event.event_id] = event
    kept = [event for event in events.values() if not _undetermined_duplicate(event, events.values())]
    return kept, [_before_changes(state, kept) for state in states.values()]


def _undetermined_duplicate(event: Event, events) -> bool:
    """ "The city was completely taken": a capture whose taker is unsaid, when the article tells it elsewhere."""
    if (
        event.controller_after
        or event.rule.endswith("+intent")
        or not event.rule.startswith(("take/", "control-of", "fell-to", "expel", "cleared-of", "lost-to"))
    ):
        return False
    return any(
        other.place_id == event.place_id
        and other.controller_after
        and other.location_precision == event.location_precision
        and other.event_date <= event.date_end
        and event.event_date <= other.date_end
        for other in events
    )


def _before_changes(state: StateReport, events) -> StateReport:
    """A state the same article reports as ended by a change ("IS had held it since 2014 ...
    troops retook it on Sunday") held until the day before that change, not on the story's day."""
    changes = [
        e
        for e in events
        if e.place_id == state.place_id
        and e.controller_after
        and e.controller_after != state.controller
        and e.event_date <= state.day
        and e.location_precision == WHERE_EXACT
    ]
    if not changes or state.partial:
        return state
    day = min(change.event_date for change in changes) - timedelta(days=1)
    return replace(state, day=day, since=state.since if state.since and state.since <= day else None)


def extract_events(context: ArticleContext) -> list[Event]:
    """The events of one article (see :func:`extract_observations` for the states too)."""
    return extract_observations(context)[0]
