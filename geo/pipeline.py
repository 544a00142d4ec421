"""The whole chain, as pure functions: articles -> mentions -> places -> events -> control.

The CLI (``python -m geo build``) and the dashboard read files and call
:func:`build`; nothing here touches the disk or the network.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from .articles import MAX_SENTENCE_CHARS, bounded_pieces, parse_article
from .control import control_periods
from .duplicates import same_stories
from .errors import ConflictMapError
from .events import ArticleContext, PlacedMention, extract_observations
from .gazetteer import THEATRE, Gazetteer
from .geocode import ambiguity_note, resolve_all, summarise_unplaced
from .mentions import scan_sentence
from .names import translit_key
from .places import PlaceRow, display_name
from .records import EVENT_ORDER, Article, ArticleInput, BuildResult, Event, Mention, Sentence, StateReport


@dataclass(frozen=True)
class ArticleAnalysis:
    """One article after the mention, place and event stages."""

    article: Article
    placed: tuple[PlacedMention, ...]
    events: tuple[Event, ...]
    states: tuple[StateReport, ...]
    unresolved: tuple[str, ...]
    outside: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()  # namesakes far apart that nothing told apart: left unplaced
    unplaced: tuple[tuple[str, str, str, str], ...] = ()  # (name, "unresolved"/"ambiguous", sentence, source)
    ambiguity: tuple[tuple[str, str], ...] = ()  # (name, the namesakes it hesitated between)


def analyse_article(article: Article, gazetteer: Gazetteer) -> ArticleAnalysis:
    """Find, place and turn into events the mentions of one article."""
    sentences = [*headline_sentences(article), *article.sentences]
    scans = {sentence.index: scan_sentence(sentence, gazetteer, article.source, article.published) for sentence in sentences}
    names = [mention.surface for scan in scans.values() for mention in scan.mentions]
    dateline = _dateline_mention(article, gazetteer)
    if dateline:
        names.append(dateline.surface)
    containers = {mention.surface for scan in scans.values() for mention in scan.mentions if mention.relation == "container"}
    names.extend(f"{name} province" for name in containers if gazetteer.has_key(translit_key(f"{name} province")))
    resolution = resolve_all(names, gazetteer, fuzzy=False)
    choices = resolution.chosen
    for name in containers:
        # "a remote Tulul al-Safa area of Suweida": the province, not the city
        province = choices.get(f"{name} province")
        if province is not None:
            choices[name] = province
    by_sentence: dict[int, list[PlacedMention]] = defaultdict(list)
    placed_all: list[PlacedMention] = []
    outside: list[str] = []
    unplaced: list[str] = []
    examples: list[tuple[str, str, str, str]] = []
    sentence_texts = {sentence.index: sentence.text for sentence in article.sentences}
    for index, scan in scans.items():
        examples.extend((name, "unresolved", sentence_texts[index], article.source) for name in scan.unresolved)
        for mention in scan.mentions:
            choice = choices.get(mention.surface)
            if choice is None:
                status = "ambiguous" if mention.surface in resolution.ambiguous else "unresolved"
                examples.append((mention.surface, status, mention.sentence.text, article.source))
                if status == "unresolved":
                    unplaced.append(mention.surface)
                continue
            if choice.entry.country_code not in THEATRE:
                outside.append(f"{mention.surface} ({choice.entry.country_code})")
                continue
            placed = PlacedMention(mention, choice)
            by_sentence[index].append(placed)
            placed_all.append(placed)
    if dateline and dateline.surface in choices and choices[dateline.surface].entry.country_code in THEATRE:
        placed_all.append(PlacedMention(dateline, choices[dateline.surface]))
    events, states = extract_observations(ArticleContext(article, dict(by_sentence)))
    unresolved = [name for scan in scans.values() for name in scan.unresolved] + unplaced
    extra = _unplaced(examples, resolution)
    return ArticleAnalysis(article, tuple(placed_all), tuple(events), tuple(states), tuple(dict.fromkeys(unresolved)), tuple(dict.fromkeys(outside)), *extra)


def _unplaced(examples: list[tuple[str, str, str, str]], resolution) -> tuple:
    """The ambiguous names, every unplaced (name, status, sentence, source), and the namesakes of each ambiguous name."""
    ambiguous = tuple(dict.fromkeys(name for name, status, _, _ in examples if status == "ambiguous"))
    return ambiguous, tuple(examples), tuple((name, ambiguity_note(resolution.ambiguous[name])) for name in ambiguous)


HEADLINE_INDEX = -2  # the headline is read as a sentence before the body (the dateline is -1)


def headline_sentences(article: Article) -> list[Sentence]:
    """The headline, as a sentence of its own: it often states the change the story is about
    ("Kurdish fighters retake border town"). Events it yields merge with the body's reports of them.

    >>> from datetime import date
    >>> from geo.records import Article
    >>> [s.text for s in headline_sentences(Article("a.txt", "Troops retake Rawa", "", date(2017, 1, 1), "", "", ()))]
    ['Troops retake Rawa']
    """
    title = " ".join(article.title.split())
    if len(title) > MAX_SENTENCE_CHARS:
        title = bounded_pieces(title)[0]  # a title (from sources.csv, say) is read with a sentence's budget too
    if not title or (article.sentences and article.sentences[0].text.startswith(title)):
        return []
    return [Sentence(text=title, index=HEADLINE_INDEX, paragraph=HEADLINE_INDEX)]


def _dateline_mention(article: Article, gazetteer: Gazetteer) -> Mention | None:
    """The dateline ("BAGHDAD:") is a place the article names, never an event's place."""
    if not article.dateline or not gazetteer.has_key(translit_key(article.dateline)):
        return None
    sentence = Sentence(text=article.dateline, index=-1, paragraph=-1)
    return Mention(article.dateline, sentence, 0, len(article.dateline), article.source, article.published, "dateline")


def place_rows(analyses: list[ArticleAnalysis]) -> list[PlaceRow]:
    """One row per place named in the theatre, under its most used spelling."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    placed_by_id: dict[str, PlacedMention] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    for analysis in analyses:
        for placed in analysis.placed:
            place_id = placed.choice.entry.place_id
            surfaces[place_id].append(placed.mention.surface)
            articles[place_id].add(analysis.article.source)
            best = placed_by_id.get(place_id)
            if best is None or placed.choice.score > best.choice.score:
                placed_by_id[place_id] = placed
    rows = []
    for place_id, placed in placed_by_id.items():
        entry = placed.choice.entry
        forms = tuple(dict.fromkeys(surfaces[place_id]))
        rows.append(
            PlaceRow(
                place=display_name(entry, surfaces[place_id]),
                place_id=place_id,
                mentions=forms,
                latitude=entry.latitude,
                longitude=entry.longitude,
                country_code=entry.country_code,
                kind=entry.kind,
                admin1=entry.admin1,
                gazetteer_name=entry.name,
                source=entry.source,
                score=placed.choice.score,
                reason=placed.choice.reason,
                articles=len(articles[place_id]),
                in_theatre=entry.country_code in THEATRE,
            )
        )
    return sorted(rows, key=lambda row: (row.place.casefold(), row.place_id))


def build(
    inputs: list[ArticleInput],
    gazetteer: Gazetteer,
    dataset_events: list[Event] = (),
    overrides=None,
    rejected: list[str] = (),
    progress: Callable[[float, str], None] | None = None,
    analyse: Callable[[ArticleInput], ArticleAnalysis] | None = None,
) -> BuildResult:
    """Run the whole chain. Unreadable or undated articles are reported, not fatal.

    ``progress(fraction, what)`` is told how far the articles have got; ``analyse``
    replaces :func:`analyse_input` (a cache of extractions, see :mod:`geo.ingest`).
    """
    base = gather(inputs, gazetteer, dataset_events, rejected, progress, analyse)
    if progress is not None:
        progress(1.0, "control timeline")
    return corrected(base, overrides)


def analyse_input(item: ArticleInput, gazetteer: Gazetteer) -> ArticleAnalysis:
    """Parse one article and analyse it; an unreadable or undated one raises :class:`~geo.errors.ConflictMapError`."""
    return analyse_article(parse_article(item.source, item.text, item.info), gazetteer)


def gather(
    inputs: list[ArticleInput],
    gazetteer: Gazetteer,
    dataset_events: list[Event] = (),
    rejected: list[str] = (),
    progress: Callable[[float, str], None] | None = None,
    analyse: Callable[[ArticleInput], ArticleAnalysis] | None = None,
) -> BuildResult:
    """Everything a build makes before the analyst's corrections: its control is not worked out yet."""
    problems = list(rejected)
    analyses: list[ArticleAnalysis] = []
    ordered = sorted(inputs, key=lambda item: item.source)
    for number, item in enumerate(ordered):
        if progress is not None:
            progress(number / max(1, len(ordered)), item.source)
        try:
            analyses.append(analyse(item) if analyse is not None else analyse_input(item, gazetteer))
        except ConflictMapError as error:
            problems.append(str(error))
    # One wire story through several outlets is one report: a copy keeps its article row (naming the
    # representative in same_story_as) and its places, but its events and states are the representative's.
    copies = same_stories([analysis.article for analysis in analyses])
    analyses = [
        replace(analysis, article=replace(analysis.article, same_story_as=copies[analysis.article.source]), events=(), states=())
        if analysis.article.source in copies
        else analysis
        for analysis in analyses
    ]
    places = place_rows(analyses)
    names = {row.place_id: row.place for row in places}
    # Identities come from content: a second copy of one article adds no second event.
    unique: dict[str, Event] = {}
    for analysis in analyses:
        for event in analysis.events:
            unique.setdefault(event.event_id, replace(event, place=names.get(event.place_id, event.place)))
    events = list(unique.values())
    # A dataset row is keyed by its own id (UCDP id, ACLED event_id_cnty): importing a file again, or a
    # revised copy of it, updates the row instead of doubling it; the file read last wins.
    rows: dict[str, Event] = {}
    for event in dataset_events:
        rows[event.event_id] = event
    repeated = len(dataset_events) - len(rows)
    events.extend(rows.values())
    events.sort(key=EVENT_ORDER)
    states = list({state.state_id: replace(state, place=names.get(state.place_id, state.place)) for analysis in analyses for state in analysis.states}.values())
    states.sort(key=lambda state: (state.day, state.source, state.state_id))
    notes: list[str] = [f"{repeated:,} dataset rows repeat the id of a row read before; the later row is kept"] if repeated else []
    unresolved = Counter(name for analysis in analyses for name in analysis.unresolved)
    outside = Counter(name for analysis in analyses for name in analysis.outside)
    return BuildResult(
        articles=tuple(analysis.article for analysis in analyses),
        places=tuple(places),
        events=tuple(events),
        control=(),
        states=tuple(states),
        rejected=tuple(problems),
        unresolved=tuple(sorted(unresolved)),
        outside=tuple(sorted(outside)),
        ambiguous=tuple(sorted({name for analysis in analyses for name in analysis.ambiguous})),
        unplaced=summarise_unplaced(
            [item for analysis in analyses for item in analysis.unplaced], {name: note for analysis in analyses for name, note in analysis.ambiguity}
        ),
        notes=tuple(notes),
    )


def corrected(base: BuildResult, overrides=None) -> BuildResult:
    """A gathered build with the analyst's corrections applied and its control worked out."""
    events, places, notes, orphaned = list(base.events), list(base.places), list(base.notes), ()
    if overrides is not None:
        events, places, applied_notes, orphaned = overrides.apply(events, places)
        notes.extend(applied_notes)
    events.sort(key=EVENT_ORDER)
    return replace(base, places=tuple(places), events=tuple(events), control=tuple(control_periods(events, base.states)), notes=tuple(notes), orphaned=orphaned)


def finite(value: float) -> bool:
    """True for a real coordinate (not NaN)."""
    return not (value is None or math.isnan(value))
