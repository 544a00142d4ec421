"""Finding place names in sentences (the "mentions" stage).

A mention is a span of a sentence whose transliteration key is in the gazetteer,
found among runs of capitalised words ("Deir el-Zour", "Al-Qaim"), plus area names
that news writes in lower case ("the western desert", "Deir al-Zour province").
Spans that are people ("Haider al-Abadi", "Abadi said") are left out, and each
mention records how the sentence relates it to what happened: the place itself
(``at``), a point of reference (``near``: "south of Sukna"), a starting point
(``origin``: "pushed north from Rawa") or a container ("Tulul al-Safa area of
Suweida"). Datelines are taken off by :mod:`geo.articles` before this stage.

>>> from geo.gazetteer import load_gazetteer
>>> from geo.records import Sentence
>>> from datetime import date
>>> sentence = Sentence("Troops pushed north from Al Qaim and Rawa.", 0, 0)
>>> [(m.surface, m.relation) for m in find_mentions(sentence, load_gazetteer(), "a.txt", date(2017, 11, 25))]
[('Al Qaim', 'origin'), ('Rawa', 'origin')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from .gazetteer import Gazetteer
from .lexicon import (
    AGENCIES,
    COMMON_WORDS,
    DESCRIPTORS,
    DIRECTIONS,
    ENGLISH_WORDS,
    GENERIC_HEADS,
    NEWS_OUTLETS,
    NON_PLACE_WORDS,
    ORGANISATION_WORDS,
    PERSON_NAMES,
    PERSON_TITLES,
    PLACE_NOUNS,
    REGION_WORDS,
    SPEECH_VERBS,
)
from .names import ARTICLES, translit_key
from .records import Mention, Sentence

# Words, with apostrophes inside (Qa'im) but hyphens and punctuation as separators.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’‘`ʿʾ][^\W\d_]+)*")
_MAX_SPAN = 5
_AREA_SUFFIXES = ("province", "governorate", "countryside", "region", "valley", "desert")

_DIRECTION = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?"
_NEAR_BEFORE = re.compile(
    r"(?:\b\d+(?:\.\d+)?\s*(?:km|kms|kilometres|kilometers|miles|mi)\b(?:\s*\([^)]*\))?\s*(?:" + _DIRECTION + r"\s+)?"
    r"(?:of|from)\s+"
    r"|\b" + _DIRECTION + r"\s+of\s+"
    r"|\b(?:near|nearby|outside|close\s+to|next\s+to|on\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+of|the\s+outskirts\s+of|just\s+outside)\s+"
    r")(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:push\w*|thrust\w*|advanc\w*|mov(?:e|ed|es|ing)|fle[de]\w*|fleeing|retreat\w*|head(?:ed|ing)?|leav(?:e|es|ing)|left|"
    r"march\w*|arriv\w*|deploy\w*|coming|came|set\s+off|pull(?:ed|ing)?\s+out|launch(?:ed|ing)?\s+(?:attacks?|strikes?|rockets?)|fired)\b"
    r"(?:\s+(?:north|south|east|west|northward|southward|eastward|westward|north-?east|north-?west|south-?east|south-?west|further|deeper|forward|back|out|quickly|swiftly|overnight))*"
    r"\s+from\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$"
    r"|\bseparat\w+\b[^.;:]{0,80}?\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$"
    r"|\b(?:leav(?:e|es|ing)|left|quit(?:ting)?|abandon(?:ed|ing))\s+(?:the\s+)?(?:(?:town|city|village|base|area)\s+of\s+)?$"
    r"|\b(?:forces|troops|fighters|units|militias?)\s+(?:advancing|coming|pushing|moving|arriving)\s+from\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_CONTAINER_BEFORE = re.compile(
    r"\b(?:province|governorate|countryside|region|district|desert|parts?)\s+of\s+(?:the\s+)?$"
    r"|\b(?:area|areas|region)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)(?:the\s+(?:towns?|villages?|cities)\s+of\s+)?$")


class _Token:
    """A word of a sentence with its offsets (a plain slotted class: made by the thousand)."""

    __slots__ = ("text", "start", "end", "capitalised", "lower")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.capitalised = text[:1].isupper()
        self.lower = text.casefold()


_POSSESSIVE = re.compile(r"['’]s$")


def _tokens(text: str) -> list[_Token]:
    """Words with inner apostrophes kept ("Ma'arrat"); a possessive "'s" is not part of a name ("Afrin's centre")."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if len(word) > 3 and _POSSESSIVE.search(word):
            tokens.append(_Token(word[:-2], match.start(), match.end() - 2))
        else:
            tokens.append(_Token(word, match.start(), match.end()))
    return tokens


def _runs(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens joined by spaces, hyphens or article words."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        starts = token.capitalised or (_lower_article_joins(text, token, tokens[index + 1] if index + 1 < len(tokens) else None))
        if not starts:
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and _joined(text, tokens[end], tokens[end + 1]):
            following = tokens[end + 1]
            if following.capitalised:
                end += 1
            elif following.lower in ARTICLES and end + 2 < len(tokens) and _lower_article_joins(text, following, tokens[end + 2]):
                end += 2
            else:
                break
        runs.append((index, end))
        index = end + 1
    return runs


def _lower_article_joins(text: str, article: _Token, following: _Token | None) -> bool:
    """ "al-Shula", "el Zour": an article in lower case glued to a capitalised word.

    Only al/el may stand apart ("Hashed al Shaabi"); "as", "at", "an" are English
    words unless hyphenated ("as-Suwayda").
    """
    if following is None or not following.capitalised or article.lower not in ARTICLES:
        return False
    gap = text[article.end : following.start]
    return gap in ("-", "‑") or (gap == " " and article.lower in ("al", "el"))


def _joined(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    if gap in (" ", "-", "‑", "–") or (gap.strip() == "" and len(gap) <= 2 and "\n" not in gap):
        return True
    # "Jabal ʿAbd", "Ras al-ʿAin": a name may start with an ayn or hamza mark.
    return gap[:1] in (" ", "-") and gap[1:] != "" and all(mark in _NAME_MARKS for mark in gap[1:])


_NAME_MARKS = "ʿʾ'’‘`"


def _span_text(text: str, tokens: list[_Token], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last].end]


@dataclass(frozen=True)
class MentionScan:
    """The mentions of one sentence plus capitalised names that look like places
    but are not in the gazetteer ("the village of Xyz")."""

    mentions: tuple[Mention, ...]
    unresolved: tuple[str, ...]


def scan_sentence(sentence: Sentence, gazetteer: Gazetteer, source: str, published: date) -> MentionScan:
    """Find the place mentions of one sentence (see the module docstring)."""
    text = sentence.text
    tokens = _tokens(text)
    found: list[tuple[int, int]] = []  # token spans, in order
    unresolved: list[str] = []
    taken = [False] * len(tokens)
    for run_first, run_last in _runs(text, tokens):
        index = run_first
        # A sentence's first word is capitalised anyway: skip it if it is a common word.
        if index == 0 and tokens[0].lower in COMMON_WORDS and run_first < run_last:
            index += 1
        while index <= run_last:
            match_end = None
            for last in range(min(run_last, index + _MAX_SPAN - 1), index - 1, -1):
                if gazetteer.has_key(translit_key(_span_text(text, tokens, index, last))):
                    match_end = last
                    break
            if match_end is None:
                index += 1
                continue
            match_end = _extend_with_area_suffix(text, tokens, gazetteer, index, match_end)
            # "the Raqqa-Tal Abyad road": a place right after a place and a hyphen is a second place, not a surname.
            after_place = index > run_first and taken[index - 1] and text[tokens[index - 1].end : tokens[index].start] in ("-", "‑", "–")
            if (
                (not after_place and _is_person(text, tokens, index, match_end, run_first, run_last))
                or _not_a_name(tokens, index, match_end, run_first)
                or _starts_longer_name(text, tokens, gazetteer, index, match_end, run_last)
                or _described_as_person(text, tokens, index, match_end)
            ):
                index = match_end + 1
                continue
            found.append((index, match_end))
            for position in range(index, match_end + 1):
                taken[position] = True
            index = match_end + 1
        if not any(taken[run_first : run_last + 1]) and _looks_like_unknown_place(text, tokens, run_first, run_last):
            unresolved.append(_span_text(text, tokens, run_first, run_last))
    found.extend(_lowercase_areas(text, tokens, gazetteer, taken))
    found.sort()
    mentions: list[Mention] = []
    for first, last in found:
        surface = _span_text(text, tokens, first, last)
        relation = _relation(text, tokens[first].start, mentions)
        mentions.append(
            Mention(
                surface=surface,
                sentence=sentence,
                start=tokens[first].start,
                end=tokens[last].end,
                source=source,
                published=published,
                relation=relation,
            )
        )
    return MentionScan(tuple(mentions), tuple(unresolved))


def find_mentions(sentence: Sentence, gazetteer: Gazetteer, source: str, published: date) -> list[Mention]:
    """The mentions of one sentence (without the unresolved names)."""
    return list(scan_sentence(sentence, gazetteer, source, published).mentions)


def _extend_with_area_suffix(text: str, tokens: list[_Token], gazetteer: Gazetteer, first: int, last: int) -> int:
    """ "Deir al-Zour province": take the lower-case area word when the longer name exists."""
    for extra in (1, 2):
        if last + extra >= len(tokens) or not _joined(text, tokens[last + extra - 1], tokens[last + extra]):
            break
        if tokens[last + extra].lower in _AREA_SUFFIXES and gazetteer.has_key(translit_key(_span_text(text, tokens, first, last + extra))):
            return last + extra
    return last


def _lowercase_areas(text: str, tokens: list[_Token], gazetteer: Gazetteer, taken: list[bool]) -> list[tuple[int, int]]:
    """Area names written in lower case ("the western desert", "Euphrates valley")."""
    spans = []
    index = 0
    while index < len(tokens):
        if taken[index] or tokens[index].lower not in _AREA_FIRST_WORDS:
            index += 1
            continue
        for last in range(min(len(tokens) - 1, index + 3), index, -1):
            if any(taken[index : last + 1]):
                continue
            key = translit_key(_span_text(text, tokens, index, last))
            if gazetteer.is_anycase_key(key):
                spans.append((index, last))
                for position in range(index, last + 1):
                    taken[position] = True
                index = last
                break
        index += 1
    return spans


_AREA_FIRST_WORDS = frozenset({"western", "eastern", "northern", "southern", "euphrates", "middle", "syrian", "jazeera", "jazira", "nineveh", "anbar", "badia"})


def _is_person(text: str, tokens: list[_Token], first: int, last: int, run_first: int, run_last: int) -> bool:
    """A span that is (part of) a person's name: "Haider al-Abadi", "Abadi said"."""
    before = [tokens[i].lower for i in range(run_first, first) if tokens[i].lower not in ARTICLES]
    descriptors = DESCRIPTORS | COMMON_WORDS
    # The tail of a longer capitalised name ("Abu Bakr al-Baghdadi") is a surname.
    if before and not all(word in descriptors for word in before):
        return True
    if first > 0 and tokens[first - 1].lower in PERSON_TITLES:
        return True
    # "Abadi said", "Yarallah told AFP": one word followed by a speech verb.
    if first == run_first and last == run_last and last + 1 < len(tokens):
        following = tokens[last + 1].lower
        gap = text[tokens[last].end : tokens[last + 1].start]
        if following in SPEECH_VERBS and gap.strip() in ("", ",") and not _preceded_by_preposition(tokens, first):
            return True
    # "Abadi's", when the word is not a known settlement name of the theatre
    return False


_NAME_CONTINUATIONS = PLACE_NOUNS | COMMON_WORDS | DESCRIPTORS | frozenset(DIRECTIONS) | frozenset(_AREA_SUFFIXES) | frozenset(
    "dam airport airbase mountain mountains mount river canton city front frontline crossing refinery field oilfield university".split()
    + "jan feb mar apr jun jul aug sep sept oct nov dec".split()  # "TIKRIT, Iraq Oct 15"
) | PERSON_TITLES  # "In Iraq Lieutenant General ..."


def _starts_longer_name(text: str, tokens: list[_Token], gazetteer: Gazetteer, first: int, last: int, run_last: int) -> bool:
    """A place name followed, in the same capitalised run, by a word that is not a
    place word: the start of a person's or an organisation's name ("Nurayn
    Haddad", "Raqqa Brigade", "Nineveh Operations Command").
    "Mosul Dam", "Afrin Canton" and "Raqqa City" stay places.
    """
    if last >= run_last:
        return False
    if tokens[last].lower in ARTICLES:  # "Raqqa al-" of a longer name: cut after its article
        return True
    following = tokens[last + 1].lower
    # "the Raqqa-Tal Abyad road", "the Syria-Turkey border": another place follows the hyphen.
    if text[tokens[last].end : tokens[last + 1].start] in ("-", "‑", "–") and any(
        gazetteer.has_key(translit_key(_span_text(text, tokens, last + 1, end))) for end in range(last + 1, min(run_last, last + _MAX_SPAN) + 1)
    ):
        return False
    if following in ARTICLES:  # "Ras al ..." : the run goes on after the article
        return True
    if following in ORGANISATION_WORDS:
        return True
    # "elsewhere in Syria Islamic State has ...": two names side by side, not one.
    return following not in _NAME_CONTINUATIONS and following not in NON_PLACE_WORDS


_PERSON_APPOSITION = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:spokesman|spokeswoman|spokesperson|commander|leader|"
    r"journalist|reporter|chief|director|analyst)\b",
    re.IGNORECASE,
)
_PERSON_COMMANDER = re.compile(r"\b(?:commander|spokesman|spokeswoman|leader|chief)\s+$", re.IGNORECASE)


def _described_as_person(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """ "Yarallah, a spokesman for ...", "commander Yarallah said": a person, not a place."""
    if _PERSON_APPOSITION.match(text[tokens[last].end : tokens[last].end + 80]):
        return True
    return bool(_PERSON_COMMANDER.search(text[max(0, tokens[first].start - 30) : tokens[first].start]))


def _preceded_by_preposition(tokens: list[_Token], first: int) -> bool:
    return first > 0 and tokens[first - 1].lower in {"in", "at", "from", "near", "of", "to", "around", "into", "outside"}


_NEVER_ALONE = NON_PLACE_WORDS | PERSON_NAMES | AGENCIES | GENERIC_HEADS | ENGLISH_WORDS | REGION_WORDS


def _not_a_name(tokens: list[_Token], first: int, last: int, run_first: int) -> bool:
    """Single words that are descriptors, not names ("Iraqi", "Islamic", "Sunday"),
    public figures ("Assad"), agencies ("SANA"), name heads ("Jabal"), English words ("Camp"), and
    outlets named like places ("Al Jazeera")."""
    if " ".join(tokens[i].lower for i in range(first, last + 1)).replace("-", " ") in NEWS_OUTLETS:
        return True
    if first == last:
        word = tokens[first].lower
        if len(word) < 3 or word in _NEVER_ALONE:
            return True
        if first == 0 and word in COMMON_WORDS:
            return True
    return False


def _looks_like_unknown_place(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """A capitalised name introduced as a place ("the village of Xyz", "Xyz province")."""
    if all(tokens[i].lower in NON_PLACE_WORDS | COMMON_WORDS | ARTICLES for i in range(first, last + 1)):
        return False
    before = text[max(0, tokens[first].start - 30) : tokens[first].start].casefold()
    after = text[tokens[last].end : tokens[last].end + 12].casefold()
    cue_before = re.search(r"\b(?:town|towns|city|cities|village|villages|hamlet|district|province|suburb)\s+of\s+(?:the\s+)?$", before)
    cue_after = re.match(r"^\s+(?:province|governorate|district|village|town)\b", after)
    return bool(cue_before or cue_after)


def _relation(text: str, start: int, previous: list[Mention]) -> str:
    before = text[:start]
    if previous:
        last = previous[-1]
        if _LIST_GAP.match(text[last.end : start]) and last.relation in ("origin", "near", "at"):
            return last.relation
    window = before[-80:]
    if _ORIGIN_BEFORE.search(window):
        return "origin"
    if _NEAR_BEFORE.search(window):
        return "near"
    if _CONTAINER_BEFORE.search(window) and previous:
        return "container"
    return "at"


def with_relation(mention: Mention, relation: str) -> Mention:
    """A copy of the mention with another relation."""
    return replace(mention, relation=relation)
