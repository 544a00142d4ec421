"""Plain, frozen records passed between the pipeline stages.

Articles -> mentions -> places -> events -> control periods. Each record keeps its
provenance (the article file, the sentence, the publication date) so the map can
always show who said what.

>>> from datetime import date
>>> Sentence(text="Hawija fell.", index=0, paragraph=0).text
'Hawija fell.'
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from . import factions as _factions

if TYPE_CHECKING:  # names in BuildResult's and ArticleInput's annotations only
    from .articles import SourceInfo
    from .geocode import UnplacedName
    from .places import PlaceRow

# The controller vocabulary, declared in geo/resources/factions.toml (see geo.factions):
# every faction that can hold a town, in the file's order, and the two governments.
ISLAMIC_STATE = _factions.name_of("islamic_state")
IRAQI_GOVERNMENT = _factions.name_of("iraqi_government")
SYRIAN_GOVERNMENT = _factions.name_of("syrian_government")
SDF = _factions.name_of("sdf")
PESHMERGA = _factions.name_of("peshmerga")
TURKISH_FORCES = _factions.name_of("turkish_forces")
HTS = _factions.name_of("hts")
SYRIAN_OPPOSITION = _factions.name_of("syrian_opposition")
CONTROLLERS: tuple[str, ...] = _factions.CONTROLLERS
GOVERNMENTS: tuple[str, ...] = _factions.GOVERNMENTS

# Kinds of places: only settlements are points that can be held.
SETTLEMENT = "settlement"
PROVINCE = "province"
REGION = "region"
COUNTRY = "country"
AREA_KINDS = (PROVINCE, REGION, COUNTRY)

# Date precision vocabulary.
DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
PRECISIONS = (DAY, WEEK, MONTH, YEAR)

# UCDP GED's where_prec codes, used for every event whatever its origin.
WHERE_EXACT = 1  # the named place itself
WHERE_NEAR = 2  # within ~25 km of a known point ("south of Sukna")
WHERE_DISTRICT = 3
WHERE_PROVINCE = 4
WHERE_REGION = 5  # a line or fuzzy area (a valley, a desert)
WHERE_COUNTRY = 6

# ACLED's event taxonomy (event_type -> sub_event_types) used here.
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
GOVERNMENT_REGAINS = "Government regains territory"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
ARMED_CLASH = "Armed clash"
AIR_STRIKE = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
SUICIDE_BOMB = "Suicide bomb"
REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
CHEMICAL_WEAPON = "Chemical weapon"
ATTACK = "Attack"
NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
OTHER = "Other"
TAXONOMY = {
    BATTLES: (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES, ARMED_CLASH),
    EXPLOSIONS: (AIR_STRIKE, SHELLING, SUICIDE_BOMB, REMOTE_EXPLOSIVE, CHEMICAL_WEAPON),
    VIOLENCE_AGAINST_CIVILIANS: (ATTACK,),
    STRATEGIC: (NON_VIOLENT_TRANSFER, OTHER),
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body, with its position."""

    text: str
    index: int
    paragraph: int


@dataclass(frozen=True)
class Article:
    """A news article read from a file: date, clean body, sentences.

    ``published_from`` says where the date came from (a header line of the text,
    or ``sources.csv``) so an analyst can check it.
    """

    source: str
    title: str
    outlet: str
    published: date
    published_from: str
    body: str
    sentences: tuple[Sentence, ...]
    dateline: str = ""
    url: str = ""
    removed_lines: int = 0
    same_story_as: str = ""  # a copy of another outlet's story (geo.duplicates): that article's source; its events are the other's


@dataclass(frozen=True)
class GazetteerEntry:
    """One candidate place in the gazetteer."""

    place_id: str
    name: str
    latitude: float
    longitude: float
    country_code: str
    kind: str
    admin1: str
    population: int
    source: str
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A place name found in a sentence.

    ``relation`` is ``at`` (the place itself), ``near`` (a bearing or distance
    from it: "south of Sukna") or ``origin`` ("pushed north from Rawa").
    """

    surface: str
    sentence: Sentence
    start: int
    end: int
    source: str
    published: date
    relation: str = "at"


@dataclass(frozen=True)
class Resolution:
    """A mention resolved to a gazetteer entry, with the score and the reason."""

    mention: Mention
    entry: GazetteerEntry
    score: float
    reason: str


@dataclass(frozen=True, slots=True)  # slots: a million dataset events fit in half the memory
class Event:
    """A dated, typed, located, sourced event (ACLED taxonomy, UCDP precisions).

    ``event_date``..``date_end`` is the window in which the event happened;
    ``date_precision`` is its coarse name. ``controller_before`` is the holder a
    report implies ("an assault on the IS-held town"), ``controller_after`` the
    holder the event leaves (empty when the event sets no control).
    """

    event_id: str
    event_date: date
    date_end: date
    date_precision: str
    place: str
    place_id: str
    latitude: float
    longitude: float
    country_code: str
    location_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    controller_before: str
    controller_after: str
    contested: bool
    source: str
    published: date | None
    quote: str
    origin: str = "article"
    fatalities: int | None = None
    notes: str = ""
    corrected: str = ""
    rule: str = ""  # the grammar rule that made it ("take/passive"), so every dot can say why it exists
    modality: str = "asserted"  # asserted | claimed (reported with doubt: "if confirmed", a denial)


@dataclass(frozen=True)
class StateReport:
    """A report that a side holds a place, said without a change ("the IS-held town of X").

    ``day`` is when the report says it held; ``since`` (if the text gives one) when
    that holding began. States are observations of their own, not events: they
    colour the timeline but never appear as violence on the map.
    """

    state_id: str
    place: str
    place_id: str
    latitude: float
    longitude: float
    country_code: str
    controller: str
    day: date
    since: date | None
    source: str
    published: date | None
    quote: str
    rule: str
    location_precision: int = 1
    partial: bool = False  # the holder holds part of the place ("rebel-held eastern Aleppo"): contested, not held


@dataclass(frozen=True)
class ControlPeriod:
    """Who held a place from ``start`` to ``end`` (inclusive; ``None`` = still).

    ``event_ids`` are the events behind the period; ``last_report`` is the date of
    the latest of them, so a stale period can be shown as such.
    """

    place_id: str
    place: str
    latitude: float
    longitude: float
    country_code: str
    controller: str
    contested: bool
    start: date
    end: date | None
    event_ids: tuple[str, ...] = field(default_factory=tuple)
    last_report: date | None = None
    disputed: bool = False  # reports on the same days disagree about the holder
    changed_from: date | None = None  # a vague change: it happened between this day and ``start``
    carried_back: bool = False  # no report in it: a later report's holder, carried back (control.IMPLIED_BACK_DAYS)


# --- a build's input and output (the stages are in geo.pipeline; these are here so that reading and
# writing a build does not import the extraction, whose patterns take a quarter of a second to load)

EVENT_ORDER = operator.attrgetter("event_date", "source", "event_id")  # the order of events.csv


@dataclass(frozen=True)
class ArticleInput:
    """An article's decoded text and its sources.csv row, if any."""

    source: str
    text: str
    info: SourceInfo | None = None


@dataclass(frozen=True)
class BuildResult:
    """Everything a build produces, plus what it could not use."""

    articles: tuple[Article, ...]
    places: tuple[PlaceRow, ...]
    events: tuple[Event, ...]
    control: tuple[ControlPeriod, ...]
    states: tuple[StateReport, ...] = ()
    rejected: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    ambiguous: tuple[str, ...] = ()
    unplaced: tuple[UnplacedName, ...] = ()  # every unresolved or ambiguous name, its count and an example sentence
    orphaned: tuple = ()  # geo.overrides.Orphan: corrections whose event is gone and whose content no single event has
