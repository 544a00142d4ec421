"""The event grammar as data: predicates, their frames, modality cues and state patterns.

A sentence is first reduced to a *shape*: places become ``P0, P1 ...``, actors
``A0 ...``, time expressions ``T0 ...``, numbers ``#``, every other word is kept in
lower case and punctuation stands alone. ``"Iraqi forces on Thursday retook Rawa
from IS."`` reads ``A0 T0 retook P0 from A1 .`` The rules below are regular
expressions over shapes, written with a few macros (``{PLACE}``, ``{ACTOR}``,
``{ADV}`` ...), and every rule has a name that is kept on what it makes, so each
dot on the map can say which rule put it there.

One predicate entry gives its active, passive and nominal forms: the frames
(:data:`CHANGE_FRAMES`) are templates over the predicate's verb forms, so
"retook Rawa", "Rawa was retaken by ..." and "the recapture of Rawa by ..." come
from one line of :data:`TAKE_VERBS`.

>>> rule = next(r for r in CHANGE_RULES if r.name == "take/passive")
>>> bool(rule.pattern.search("P0 was retaken by A0 T0 ."))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- macros ---------------------------------------------------------------------------
WORD = r"[a-z][a-z'’-]*"
GAP = r"(?:" + WORD + r" )"  # one plain word (no placeholder, no punctuation)
ADVERBS = (
    r"(?:(?:also|again|now|then|finally|eventually|swiftly|quickly|reportedly|fully|completely|partially|successfully|"
    r"back|effectively|already|just|largely|mostly|formally|officially|officially|nearly|almost|apparently|allegedly|"
    r"reportedly|later|soon|subsequently|recently|since|earlier|ultimately|first|briefly|\w+ly) )"
)
TIME = r"(?:T\d+ (?:, )?)"
ACTOR = r"(?:(?:(?:the|its|their|his|rival|allied|pro-government|government|kurdish|iraqi|syrian|turkish|iranian|russian|american|us|sunni|shiite|shia|tribal|local|elite|federal|special|remaining|retreating|fleeing|fugitive|last|[a-z]+-(?:led|backed|allied|trained|supported|dominated)) )*A\d+(?: A\d+)?(?: (?:and|,) A\d+)*(?: (?:fighters|militants|forces|troops|units|soldiers|jihadists|militias?|allies|group|extremists|insurgents|gunmen|rebels|remnants|members))?)"
HEADS = (
    r"(?:town|towns|city|cities|village|villages|hamlet|hamlets|district|settlement|stronghold|bastion|capital|"
    r"border town|border city|crossing|airbase|air base|base|airport|oil town|hometown|birthplace|center|centre|site|provincial capital|capital city)"
)
MODIFIERS = (
    r"(?:(?:strategic|key|northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|central|"
    r"nearby|embattled|besieged|ancient|historic|desert|border|oil|kurdish|arab|christian|yazidi|sunni|shiite|small|"
    r"major|important|symbolic|last|main|remaining|frontline|strategically|important|syrian|iraqi|mainly|predominantly|"
    r"largely|mostly|second|third|fourth|largest|biggest|second-largest|second-biggest|iraq's|syria's|provincial|regional|"
    r"entire|whole|country's|nation's|refinery|northern-most|neighboring|neighbouring|jihadist|sunni-majority|kurdish-majority|predominantly|yazidi-majority|christian-majority|symbolically-significant) )"
)
HELD_BY_PREFIX = r"(?:A\d+ -(?:held|controlled|run|occupied|besieged|dominated) )"
# A place as the object of a predicate: "the strategic town of P0", "P0", "the IS-held city of P0 and P1".
PARTS_HEAD = (
    r"(?:villages?|hamlets?|areas?|outskirts|countryside|positions?|parts?|districts?|neighbou?rhoods?|suburbs?|bases?|hills?|outposts?|farms?|"
    r"fields?|oil ?fields?|refinery|dam|airport|airbase|bridge|roads?|highway|approaches|edges?|quarters?|sections?|blocks|complex|compound|"
    r"buildings?|checkpoints?|sectors?|territory|territories|surroundings|environs|vicinity|region|enclaves?|pockets?|half|third|one-third|two-thirds|quarter|portions?)"
)
DIRECTION = r"(?:(?:to the )?(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)(?:ern)? )"
# "several military bases southeast of P0": the surroundings of a place, not the place (marked near).
PARTS_PREFIX = (
    r"(?:(?:(?:several|two|three|four|five|six|#|some|many|dozens|a number|number|of|the|a|an|key|strategic|military|nearby|surrounding|remaining|"
    r"last|most|all|large|parts|eastern|western|northern|southern|central|residential|old|new|about|nearly|almost|former|government|A\d+) ){0,4}"
    + PARTS_HEAD
    + r" "
    + DIRECTION
    + r"?"
    r"(?:(?:still )?(?:held|controlled) by (?:\S+ ){1,4}?)?(?:(?:northern|southern|eastern|western|central|and) )*(?:of|around|near|outside|surrounding|close to|in) (?:the )?(?:(?:city|town|village) of )?"
    r"(?:(?:northern|southern|eastern|western|central|and) )*)"
)
PLACE_NP = (
    r"(?:(?:the|a|an|its|their) )?(?:(?:\S+ ){0,2}(?:capital|city|town|stronghold|hometown|home town|birthplace) , |P\d+ (?:capital|city|town) |P\d+ (?:'s |’s ))?"
    + PARTS_PREFIX
    + r"?"
    + HELD_BY_PREFIX
    + r"?(?:A\d+ )?"
    + MODIFIERS
    + r"{0,3}(?:"
    + HEADS
    + r" (?:of )?)?(?P<place>P\d+(?: (?:, )?(?:and |or )?(?:(?:the )?(?:nearby |neighbouring |surrounding )?(?:towns?|villages?|cities|areas?|districts?) of )?P\d+)*)"
)
APPOSITION = r"(?:, (?:(?!A\d)\S+ ){1,10}, )?"
AUX_PASSIVE = r"(?:(?:was|were|is|are|has|have|had|being|been|be|has now|have now|had now|had already|has already)(?: been)? )"

# Prepositions that make a place the site of a non-control event: "clashes in P0".
SITE_PREPOSITIONS = ("in", "at", "on", "inside", "into", "against", "across", "over", "for", "of", "targeting", "near", "around", "outside")


def expand(template: str) -> str:
    """Replace the macros of a rule template with their regular expressions.

    >>> expand("{ACTOR} {ADV}*retook {PLACE}")[:10]
    '(?P<agent>'
    """
    out = template
    out = out.replace("{AGENT}", "(?P<agent>" + ACTOR + ")")
    out = out.replace("{AGENT2}", "(?P<agent2>" + ACTOR + ")")
    out = out.replace("{LOSER}", "(?P<loser>" + ACTOR + ")")
    out = out.replace("{LOSER2}", "(?P<loser2>" + ACTOR + ")")
    out = out.replace("{HOLDER}", "(?P<holder>" + ACTOR + ")")
    out = out.replace("{HOLDER2}", "(?P<holder2>" + ACTOR + ")")
    out = out.replace("{ACTOR}", "(?P<agent>" + ACTOR + ")")
    out = out.replace("{PLACE}", PLACE_NP)
    out = out.replace("{ADV}", ADVERBS)
    out = out.replace("{TIME}", TIME)
    out = out.replace("{GAP}", GAP)
    out = out.replace("{AUX}", AUX_PASSIVE)
    out = out.replace("{APPOS}", APPOSITION)
    out = out.replace("{SINCE}", r"(?:(?:(?:ever )?since |for )?(?P<since>T\d+) )")
    return out


@dataclass(frozen=True)
class Rule:
    """A named pattern over shapes. ``kind`` is ``change`` or ``state``.

    The roles are the pattern's named groups: ``agent`` gains the place, ``loser`` held
    it before, ``holder`` holds it (states), ``since`` dates a holding's start.
    """

    name: str
    kind: str
    pattern: re.Pattern
    agent_before: bool = False  # the agent is the clause's subject, found before the match


# The most times a group of a rule repeats: modifiers ("the strategic northern"), adverbs, auxiliaries, the
# places of a list ("P0 , P1 and P2"), the actors of a coalition. Real sentences stay far below it; a list that
# ran on unbounded would be rescanned from each of its words by every rule that may start there (quadratic in
# a sentence that is one long list).
MAX_REPEAT = 24
_GROUP_REPEAT = re.compile(r"(?<!\\)\)([*+])")


def bounded(pattern: str, limit: int = MAX_REPEAT) -> str:
    r"""The pattern with each unbounded repetition of a group (``(...)*``, ``(...)+``) capped at ``limit``.

    >>> print(bounded(r"(?:the )*A\d+(?: , A\d+)+", 3))
    (?:the ){0,3}A\d+(?: , A\d+){1,3}
    """
    return _GROUP_REPEAT.sub(lambda match: f"){{{0 if match.group(1) == '*' else 1},{limit}}}", pattern)


def _rule(name: str, kind: str, template: str, agent_before: bool = False) -> Rule:
    # Rules match whole tokens: a match starts where a token starts.
    return Rule(name, kind, re.compile(r"(?:^|(?<= ))" + bounded(expand(template))), agent_before)


# --- predicates of a change of control ------------------------------------------------------
# lemma: (past, participle, present forms, gerund, nouns). The agent of all of them gains the place.
TAKE_VERBS: dict[str, tuple[str, str, str, str, str]] = {
    "capture": ("captured", "captured", "captures|capture", "capturing", "capture"),
    "recapture": ("recaptured", "recaptured", "recaptures|recapture", "recapturing", "recapture"),
    "seize": ("seized", "seized", "seizes|seize", "seizing", "seizure"),
    "take": ("took", "taken", "takes|take", "taking", "taking"),
    "retake": ("retook|re-took", "retaken|re-taken", "retakes|retake", "retaking", "retaking"),
    "liberate": ("liberated", "liberated", "liberates|liberate", "liberating", "liberation"),
    "free": ("freed", "freed", "frees|free", "freeing", "freeing"),
    "regain": ("regained", "regained", "regains|regain", "regaining", "regaining"),
    "reclaim": ("reclaimed", "reclaimed", "reclaims|reclaim", "reclaiming", "reclaiming"),
    "overrun": ("overran", "overrun", "overruns|overrun", "overrunning", "overrunning"),
    "conquer": ("conquered", "conquered", "conquers|conquer", "conquering", "conquest"),
    "wrest": ("wrested", "wrested", "wrests|wrest", "wresting", "wresting"),
    "secure": ("secured", "secured", "secures|secure", "securing", "securing"),
    "clear": ("cleared", "cleared", "clears|clear", "clearing", "clearing"),
}
_PAST = "|".join(forms[0] for forms in TAKE_VERBS.values())
_PARTICIPLE = "|".join(forms[1] for forms in TAKE_VERBS.values())
_PRESENT = "|".join(forms[2] for forms in TAKE_VERBS.values())
_GERUND = "|".join(forms[3] for forms in TAKE_VERBS.values())
_NOUNS = "|".join(sorted({forms[4] for forms in TAKE_VERBS.values()} | {"fall", "takeover"}))
_CONTROL = r"(?:(?:full|complete|total|near-total|near-complete|nearly full|effective|overall|firm|sole) )?control"
# Verbs that put an enemy out of a place: "drove IS out of P0", "expelled IS from P0".
_EXPEL = (
    r"(?:drove|driven|drive|drives|pushed|push|forced|chased|kicked|flushed|expelled|expel|expels|ousted|oust|ousts|cleared|clear|"
    r"evicted|routed|purged|threw|thrown|booted|dislodged|dislodge|dislodges)"
)
_EXPEL_PARTICIPLE = r"(?:driven|pushed|forced|chased|kicked|flushed|expelled|ousted|cleared|evicted|routed|purged|thrown)"
_WITHDRAW = r"(?:withdrew|withdrawn|retreated|pulled out|pulled back|fled|abandoned|evacuated|left)"

CHANGE_RULES: tuple[Rule, ...] = (
    # "completed the operation to recapture P0", "succeeded in retaking P0": a realised change
    _rule(
        "take/completed-operation",
        "change",
        r"(?:completed|concluded|finished|ended|wrapped up|accomplished) (?:the |an |a |its |their )?(?:\S+ ){0,2}(?:operation|offensive|campaign|battle|mission|push|drive) (?:to (?:"
        + "|".join(f"{lemma}" for lemma in TAKE_VERBS)
        + r")|for|of) {PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    _rule(
        "take/succeeded-in",
        "change",
        r"(?:succeeded|managed|succeeds|manage) (?:in|to) (?:" + _GERUND + "|" + "|".join(TAKE_VERBS) + r") (?:back )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    # "IS fighters overran Mosul", "forces retook the town of P0 from IS"
    _rule(
        "take/active",
        "change",
        r"(?:" + _PAST + r"|(?:has|have|had) {ADV}*(?:" + _PARTICIPLE + r")) (?:back |over )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    _rule("take/active-present", "change", r"(?:" + _PRESENT + r") (?:back |over )?{PLACE}(?: {TIME}?from {LOSER})?", agent_before=True),
    # ", swiftly taking the town of P0 on its second day": a realised act of the clause's subject
    _rule(
        "take/gerund-adjunct",
        "change",
        r"(?<=, )(?:(?:and|before|after) )?{ADV}*(?:" + _GERUND + r") (?:back |over )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    # "after clearing the P0 and P1 areas over the past four months": the main clause's subject did it
    _rule(
        "take/after-gerund",
        "change",
        r"(?:after|since|following|by|before) {ADV}*(?:" + _GERUND + r") (?:back |over )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    # "P0 was the second after P1 to be captured by IS": the subject is the first place
    _rule(
        "take/ordinal-fell",
        "change",
        r"{PLACE} {APPOS}(?:area |region |district )?(?:was|were|is|became) the (?:first|second|third|last|latest|next|only) (?:\S+ ){0,3}to fall (?:to|into the hands of) {AGENT}",
    ),
    _rule(
        "take/ordinal-passive",
        "change",
        r"{PLACE} (?:area |region |district |enclave )?(?:was|were|is|became) the (?:first|second|third|last|latest|next|only) (?:(?:town |city |place )?(?:after|behind) (?P<place2>P\d+) )?(?:\S+ ){0,4}to (?:be|have been) (?:"
        + _PARTICIPLE
        + r")(?: {TIME}?by {AGENT})?",
    ),
    # "Ramadi, which IS seized in mid-May": the place is the object of the relative clause
    _rule("take/object-relative", "change", r"{PLACE} (?:, )?(?:which|that) {AGENT} (?:(?:had|has|have) )?{ADV}*(?:" + _PAST + "|" + _PARTICIPLE + r")(?= )"),
    _rule("lost-to/object-relative", "change", r"{PLACE} (?:, )?(?:(?:which|that) )?(?:they|it|A\d+) (?:(?:had|has|have) )?lost to {AGENT}"),
    # "an operation aimed at retaking P0", "fighting to retake P0": an operation to take it (fighting there, not yet taken)
    _rule(
        "take/aim+intent",
        "change",
        r"(?:aimed at|aiming at|aim of|with the aim of|goal of|bid for|in a bid to|attempts? to|attempting to|push to|drive to|offensive to|operation to|campaign to|battle to|fight to|fighting to) (?:\S+ )?(?:"
        + _GERUND
        + "|"
        + "|".join(TAKE_VERBS)
        + r") (?:back )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    # "forces are attempting to isolate both P0 and P1": an operation against the towns, not yet a capture
    _rule(
        "encircle+intent",
        "change",
        r"(?:attempting|trying|seeking|working|pushing|moving|advancing|aiming|bid) to (?:isolate|encircle|surround|besiege|cut off|envelop) (?:both )?{PLACE}",
        agent_before=True,
    ),
    # "P0 was retaken by A0", "P0 has been liberated", "P0 was wrested from IS by the SDF"
    _rule(
        "take/passive",
        "change",
        r"{PLACE} {APPOS}(?:, )?(?:{GAP}{0,3})?{AUX}{ADV}*(?:"
        + _PARTICIPLE
        + r")(?: back)?(?: {TIME}?(?:by {AGENT}|from {LOSER}))?(?: {TIME}?(?:by {AGENT2}|from {LOSER2}))?",
    ),
    # "P0, recaptured by government forces last week"
    _rule(
        "take/reduced-relative", "change", r"{PLACE} , (?:(?:which|that) (?:was|were) )?{ADV}*(?:" + _PARTICIPLE + r") (?:{TIME})?(?:by {AGENT}|from {LOSER})"
    ),
    # "P0 and P1, two valley towns recaptured from IS earlier this month"
    _rule(
        "take/apposition-participle",
        "change",
        r"{PLACE} , (?:(?:two|three|four|both|the|a|an|its|their|key|strategic|small|major) )*(?:\S+ ){0,2}(?:town|towns|city|cities|village|villages|areas?|strongholds?|settlements?) (?:(?:which|that) (?:was|were|had been|have been|has been) )?{ADV}*(?:"
        + _PARTICIPLE
        + r") (?:{TIME})?(?:by {AGENT}|from {LOSER})",
    ),
    # "last week's IS loss of P0": the possessor of a loss is the one who lost it
    _rule("loss-of", "change", r"{LOSER} (?:'s |’s )?(?:loss|losses|expulsion|retreat|withdrawal|ouster|eviction) (?:of|from) {PLACE}"),
    # "the capture of Hawija by Iraqi troops", "the fall of P0 to A0", "IS's loss of P0"
    _rule("take/nominal", "change", r"(?:(?:the|its|their) )?(?:" + _NOUNS + r") of {PLACE}(?: {TIME}?(?:by|to) {AGENT})?(?: {TIME}?from {LOSER})?"),
    _rule("take/nominal-possessive", "change", r"{AGENT} (?:'s |’s )?(?:" + _NOUNS + r") of {PLACE}"),
    # "IS's defeat in P0 in July", "the defeat of IS in P0": the loser is out; who won is the other side
    _rule(
        "defeat-in",
        "change",
        r"(?:{LOSER} (?:'s |’s )?|(?P<possessive>its|their) |the )(?:(?:crushing|final|military|decisive|heavy|territorial) )?defeat (?:of {LOSER2} )?(?:in|at) (?:(?:iraq's|syria's|its|their) )?(?:(?:second|third|largest|biggest|main|former|de facto) )*(?:city |town |capital |stronghold )?{PLACE}(?: {TIME}?by {AGENT})?",
    ),
    # "P0 fell to the SDF", "P0 fell into the hands of IS"
    _rule(
        "fell-to",
        "change",
        r"{PLACE} {APPOS}(?:(?:\S+ ){0,5}?also )?(?:{GAP}{0,2})?(?:fell|falls|fall|fallen|had fallen|has fallen) (?:back |completely |entirely |quickly )?(?:(?:to|into (?:the )?hands of|under (?:the )?control of) {AGENT}|(?:into|under) {AGENT2} (?:'s )?(?:hands|control))",
    ),
    # "IS lost P0 to the army"
    _rule(
        "lost-to",
        "change",
        r"{LOSER} (?:{ADV}*)(?:lost|loses|has lost|had lost|losing) (?:control of |(?:its|their) grip on )?{PLACE}(?: {TIME}?to {AGENT})?",
    ),
    # "troops drove IS out of P0", "pushed the militants from P0"
    _rule("expel/active", "change", _EXPEL + r" (?:(?:the|remaining|last|all|all the) )?{LOSER}(?: {GAP}{0,2})? (?:out of|from) {PLACE}", agent_before=True),
    # "IS fighters were driven out of P0 by ..."
    _rule("repelled", "change", r"{LOSER} (?:{GAP}{0,2})?{AUX}{ADV}*(?:pushed|driven|beaten|forced|thrown) back (?:from|out of) {PLACE}"),
    _rule("expel/passive", "change", r"{LOSER} (?:{GAP}{0,2})?{AUX}{ADV}*" + _EXPEL_PARTICIPLE + r" (?:out )?(?:out of|from) {PLACE}(?: {TIME}?by {AGENT})?"),
    # "P0 was cleared of IS", "declared P0 free of IS"
    _rule(
        "cleared-of",
        "change",
        r"{PLACE} (?:{AUX}|is now |was now )?(?:{ADV}*)(?:cleared|freed|free|purged|liberated|emptied) (?:entirely |completely )?of {LOSER}",
    ),
    _rule(
        "declared-free",
        "change",
        r"declar(?:ed|es|ing) (?:the )?(?:"
        + r"town|city"
        + r" of )?(?P<place>P\d+) (?:to be )?(?:fully |completely |entirely )?(?:free|liberated|cleared)(?: of {LOSER})?",
        agent_before=True,
    ),
    _rule(
        "declared-liberation",
        "change",
        r"(?:declared|announced|proclaimed) (?:the )?(?:full |complete |total )?(?:liberation|recapture|capture|fall) of {PLACE}(?: from {LOSER})?",
        agent_before=True,
    ),
    # "took (near-total) control of P0", "seized control of", "regained full control over"
    _rule(
        "control-of",
        "change",
        r"(?:took|taken|seized|gained|secured|established|regained|retook|retaken|wrested|assumed|imposed|restored|extended|taking|seizing|gaining|securing|regaining|wresting|assuming|have|has|had) (?:back )?(?:the )?"
        + _CONTROL
        + r" (?:of|over) (?:(?:most|all|parts?|much|the whole|the rest|large parts) of )?{PLACE}(?: {TIME}?from {LOSER})?",
        agent_before=True,
    ),
    # "IS attacked the town of P0, forcing the Peshmerga to withdraw"
    _rule(
        "attack-forcing-withdrawal",
        "change",
        r"(?:attacked|stormed|assaulted|overran|besieged|pounded|entered) {PLACE} (?:\S+ ){0,3}?, (?:\S+ ){0,2}(?:forcing|prompting|causing|compelling|leading) {LOSER} (?:\S+ ){0,2}to (?:withdraw|retreat|flee|pull out|pull back|abandon|evacuate)",
        agent_before=True,
    ),
    # "our forces won the battle for P0"
    _rule(
        "won-battle", "change", r"(?:won|win|wins|winning) (?:the |a )?(?:battle|fight|war) (?:of |for )(?:the \S+ and (?:for )?)?{PLACE}", agent_before=True
    ),
    # "Kobani, where a months-long battle ended IS domination in January"
    _rule(
        "ended-rule",
        "change",
        r"{PLACE} , where (?:(?!P\d)\S+ ){0,8}?(?:ended|broke|ending|breaking) {LOSER} (?:'s |’s )?(?:domination|control|rule|grip|occupation|hold)",
    ),
    # "claimed victory over IS in P0", "declared victory in P0"
    _rule(
        "victory-over",
        "change",
        r"(?:claimed|declared|announced|proclaimed|won|celebrated) (?:a |the |their |its )?(?:\S+ )?victory (?:over {LOSER} |against {LOSER2} )?(?:in|at) {PLACE}",
        agent_before=True,
    ),
    # "routed them from the city of P0": the ones routed are the other side of the passage
    _rule("expel/pronoun", "change", _EXPEL + r" (?P<pronoun>them|it) (?:out of|from) {PLACE}", agent_before=True),
    # "a deal that gives the regime full control of the city"
    _rule(
        "given-control",
        "change",
        r"(?:gives|gave|giving|given|hands|handed|handing) {AGENT} (?:and (?:its|their) allies )?" + _CONTROL + r" (?:of|over) {PLACE}",
    ),
    # "raised the Iraqi flag in central P0"
    _rule(
        "raised-flag",
        "change",
        r"(?:raised|hoisted|planted|raising|hoisting|planting) (?:the |their |its )?(?:\S+ )?flag (?:over|in|above|on|at) (?:the )?(?:(?:central|centre of|center of|heart of|main square of|municipal building of|government building of) )?{PLACE}",
        agent_before=True,
    ),
    # "the departure of the last rebel fighters from the city of P0": they left it
    _rule(
        "departure-of",
        "change",
        r"(?:departure|withdrawal|evacuation|exit|pullout|pull-out|exodus) of (?:the )?(?:last |remaining |final )?{LOSER} (?:\S+ ){0,3}?from {PLACE}",
    ),
    # "anti-government fighters withdrew from the town of P0": the other side takes it
    _rule(
        "withdrew-from",
        "change",
        r"{LOSER} (?:{TIME})?(?:(?:have|has|had|finally|fully|completely|reportedly|also) )*(?:(?:withdrew|withdrawn|pulled out|pulled back|retreated|fled|evacuated) (?:\S+ )?(?:from|of) |(?:fled|abandoned|evacuated) ){PLACE}",
    ),
    # "with Turkish-backed rebels taking the border town of P0"
    _rule("with-gerund", "change", r"with {AGENT} (?:\S+ ){0,10}?(?:" + _GERUND + r") (?:back |over )?{PLACE}"),
    # "IS captures a range of towns, notably P0, P1 and P2"
    _rule(
        "take/list",
        "change",
        r"(?:"
        + _PAST
        + "|"
        + _PRESENT
        + r") (?:a |the |several |many |dozens of )?(?:range|number|string|series|host|handful|clutch) of (?:\S+ ){0,10}?(?:, )?(?:notably|including|among them|such as) "
        # the list may run through names the gazetteer does not know ("notably Xyz, P0, P1 and Abc")
        r"(?:(?:[a-z'-]+ ){1,3}(?:, |and ))*(?P<place>P\d+(?: (?:, |and )(?:(?:[a-z'-]+ ){1,3}(?:, |and ))*P\d+)*)",
        agent_before=True,
    ),
    # "troops entered P0 after IS withdrew"
    _rule("entered-after-withdrawal", "change", r"entered {PLACE} (?:{TIME})?(?:after|as|once) {LOSER} (?:{GAP}{0,2})?" + _WITHDRAW, agent_before=True),
)


# The side a change puts out, told after the change in the same clause: "took the town on Friday, sweeping IS
# from one of its last strongholds". Tried on the words after a change whose rule named no loser.
LOSER_ADJUNCTS: tuple[Rule, ...] = (
    _rule(
        "sweeping-from",
        "change",
        r"(?:\S+ ){0,12}?, (?:\S+ ){0,4}?(?:sweeping|driving|pushing|expelling|ousting|chasing|evicting|routing|flushing|dislodging|kicking) "
        r"(?:out )?(?:(?:the|remaining|last|all) )?{LOSER} (?:\S+ ){0,2}?(?:from|out of|out)(?= )",
    ),
)


def _with_precedence(rules: tuple[Rule, ...], before: dict[str, tuple[str, ...]]) -> tuple[Rule, ...]:
    """The rules with each specific form moved just before the general rule that would otherwise take its words."""
    specific = {name for names in before.values() for name in names}
    ordered: list[Rule] = []
    by_name = {rule.name: rule for rule in rules}
    for rule in rules:
        if rule.name in specific:
            continue
        ordered.extend(by_name[name] for name in before.get(rule.name, ()))
        ordered.append(rule)
    return tuple(ordered)


# A more specific form of a construction is tried before the general one it contains: "the army's recapture of
# P0" before "the recapture of P0", "P0 was cleared of IS" before "P0 was cleared".
RULE_PRECEDENCE = {
    "take/nominal": ("take/nominal-possessive", "declared-liberation"),
    "take/passive": ("declared-free", "cleared-of"),
}
CHANGE_RULES = _with_precedence(CHANGE_RULES, RULE_PRECEDENCE)

# --- states: who holds a place, said without a change --------------------------------------
STATE_RULES: tuple[Rule, ...] = (
    # "the IS-held town of P0"
    _rule(
        "state/held-adjective",
        "state",
        r"(?P<holder>A\d+) -(?:held|controlled|run|occupied|dominated) " + MODIFIERS + r"{0,3}(?:" + HEADS + r" (?:of )?)?(?P<place>P\d+)",
    ),
    # "an IS-held pocket around the town of P0": the pocket takes in the town
    _rule(
        "state/held-pocket-around",
        "state",
        r"(?P<holder>A\d+) -(?:held|controlled|run|occupied) (?:\S+ ){0,2}(?:pocket|enclave|area|territory|stronghold|region) (?:around|including|of|surrounding) (?:the )?"
        + MODIFIERS
        + r"{0,3}(?:"
        + HEADS
        + r" (?:of )?)?(?P<place>P\d+)",
    ),
    # "P0, held by IS since 2014", "P0 is still controlled by the SDF"
    _rule(
        "state/held-by",
        "state",
        r"(?P<place>P\d+) (?:, )?(?:(?:which|that) )?(?:(?:is|was|are|were|has been|had been|have been|remains|remained|still|now|firmly|then|long|already) )*(?:held|controlled|occupied|run|governed|administered) by {HOLDER}(?: {SINCE})?",
    ),
    # "P0, one of the last bastions still held by IS"
    _rule(
        "state/apposition-held-by",
        "state",
        r"(?P<place>P\d+) , (?:one of )?(?:(?:the|a|an|its|their|just|only|two|three|few|last|remaining|main|key|final) )*(?:\S+ ){0,2}(?:bastions?|strongholds?|towns?|cities|areas|enclaves?|holdouts?|places|parts|pockets?|regions?) (?:(?:still|now|firmly|long) )*(?:held|controlled|occupied|run) by {HOLDER}",
    ),
    # "P0, the home town of X now under the control of IS fighters": a state after an apposition
    _rule(
        "state/apposition-under-control",
        "state",
        r"(?P<place>P\d+) , (?:(?:the|a|an|its) )?(?:\S+ ){1,10}?(?:(?:now|still|long|firmly) )+(?:in|under) (?:the )?(?:(?:full|complete|total|firm) )?(?:(?:hands|control|grip|rule) of {HOLDER}|{HOLDER2} (?:'s |’s )?(?:hands|control|rule))",
    ),
    # "IS still controls large areas of the north, including the city of P0"
    _rule(
        "state/holds-including",
        "state",
        r"{HOLDER} (?:(?:still|now|also|firmly) )*(?:controls|control|holds|hold|held|controlled|occupies|occupy|rules|ruled) (?:\S+ ){1,10}?, (?:including|notably|among them) (?:the )?"
        + MODIFIERS
        + r"{0,3}(?:"
        + HEADS
        + r" (?:of )?)?(?P<place>P\d+(?: (?:, )?(?:and )?P\d+)*)",
    ),
    # "the YPG, which has controlled P0 since 2012"
    _rule(
        "state/relative-holds",
        "state",
        r"{HOLDER} (?:(?!P\d|A\d)\S+ ){0,4}?(?:, )?(?:which|who|that) (?:(?:has|have|had|still|now|long|been) )*(?:controlled|held|ruled|run|occupied|defended|controls|holds|rules|controlling|holding|occupying) (?:the )?"
        + MODIFIERS
        + r"{0,3}(?:"
        + HEADS
        + r" (?:of )?)?(?P<place>P\d+)(?: {SINCE})?",
    ),
    # "P0 remains in IS hands", "P0 is under the control of the SDF", "now fully in their hands"
    _rule(
        "state/under-control",
        "state",
        r"(?P<place>P\d+) (?:, )?(?:(?:which|that) )?(?:(?:is|was|are|were|has been|had been|remains|remained|still|now|firmly|fully|then|completely|entirely|securely) )+(?:in|under) (?:the )?(?:(?:full|complete|total|firm) )?(?:(?:hands|control|grip|rule) of {HOLDER}|{HOLDER2} (?:'s |’s )?(?:hands|control|rule))(?: {SINCE})?",
    ),
    # "IS still holds P0", "the SDF controls P0", "IS has held P0 since 2014"
    _rule(
        "state/holds",
        "state",
        r"{HOLDER} (?:(?:still|now|firmly|also|effectively|fully|largely|already) )*(?:holds|controls|hold|control|has held|have held|had held|has controlled|have controlled|had controlled|held|controlled|occupies|occupied|has occupied|had occupied|has been holding|had been holding|has run|runs|ran) (?:(?:all|most|much|the whole|parts) of )?(?:the )?(?:"
        + HEADS
        + r" of )?(?P<place>P\d+)(?: {SINCE})?",
    ),
    # "P0, the last IS stronghold", "the IS stronghold of P0", "IS's de facto capital P0"
    _rule(
        "state/stronghold-apposition",
        "state",
        r"(?P<place>P\d+) , (?:(?:which|that) (?:is|was) )?(?:(?:the|a|an|its|their) )?(?:(?:last|main|key|major|remaining|final|de facto|self-declared|self-styled|biggest|largest|only|northern|southern|eastern|western|syrian|iraqi) )*{HOLDER} (?:'s |’s )?(?:(?:last|main|key|major|remaining|final|de facto|self-declared|self-styled|biggest|largest) )*(?:stronghold|bastion|capital|bulwark|redoubt|enclave|holdout|heartland)",
    ),
    _rule(
        "state/stronghold-of",
        "state",
        r"(?:the|a|an|its) (?:(?:last|main|key|major|remaining|final|de facto|self-declared|self-styled|biggest|largest|northern|southern|eastern|western|nearby|two|three|other) )*{HOLDER} (?:'s |’s )?(?:(?:last|main|key|major|remaining|final|de facto|self-declared|self-styled|biggest|largest|northern|southern|eastern|western|border|urban) )*(?:strongholds?|bastions?|capital|bulwarks?|redoubts?|enclaves?|holdouts?|heartland) (?:of )?(?P<place>P\d+(?: (?:, )?(?:and )?P\d+)*)",
    ),
)

# Words right before a place that make a state a part of the town, not the town: "rebel-held eastern Aleppo".
PARTIAL_STATE = re.compile(
    r"(?:\b(?:eastern|western|northern|southern|east|west|north|south|old|inner|outer)|\b(?:parts?|portion|half|third|one-third|two-thirds|quarter|sections?|areas?|neighbou?rhoods?|districts?|pockets?|positions?|outskirts|edges?|side|corner|fringes?) (?:\S+ ){0,2}?(?:of|in|on)(?: the)?(?: (?:city|town|village) of)?) $"
)


# --- modality ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    """A modality cue: words before (or after) a predicate that make it unreal or uncertain."""

    name: str
    modality: str  # intended | possible | negated | denied | claimed
    pattern: re.Pattern


def _cue(name: str, modality: str, pattern: str) -> Cue:
    return Cue(name, modality, re.compile(pattern))


# Looked for between the clause's start (or the subject) and the predicate.
CUES_BEFORE: tuple[Cue, ...] = (
    _cue(
        "future",
        "possible",
        r"\b(?:will|would|shall|'ll|could|can|may|might|must|should|cannot|can't|won't|wouldn't)\b(?: (?:\w+ ){0,2})?(?: be)?\s*$|\b(?:will|would|could|may|might|should|must) (?:\w+ ){0,3}$",
    ),
    _cue(
        "going-to",
        "intended",
        r"\b(?:going|about|set|poised|ready|preparing|prepared|expected|likely|unlikely|due|scheduled|bound|determined|likely|planning|plan|plans|planned|aim|aims|aimed|aiming|seek|seeks|seeking|sought|try|tries|trying|tried|attempt|attempts|attempting|attempted|bid|vow|vows|vowed|vowing|threaten|threatens|threatened|threatening|promise|promised|promises|hope|hopes|hoped|hoping|want|wants|wanted|intend|intends|intended|push|pushing|drive|fight|fighting|struggle|struggling|battle|battling|failed|fail|fails|unable|able|order|ordered|urged|urge|called|call|calls|offensive|operation|campaign|assault|effort|efforts|mission|race|racing|move|moving|advance|advancing|rushed|rushing|sent|deployed|mobilised|mobilized|regrouped|massing|massed|gathered)(?: (?:\w+ ){0,3})?(?:to|in order to) (?:\w+ )?$",
    ),
    _cue("infinitive", "intended", r"\bto (?:(?:fully|completely|finally|quickly|help|try) )?$"),
    _cue(
        "close-to",
        "possible",
        r"\b(?:close to|closer to|near to|nearing|on the verge of|on the brink of|on the cusp of|within reach of|within striking distance of|at the gates of|in sight of|edging closer to|edging towards|inching closer to|closing in on|approaching|threatening|bid for|battle for|fight for|struggle for|race for|push for)\s+(?:\w+ ){0,3}$",
    ),
    _cue("no-sign", "negated", r"\bno (?:indication|sign|signs|evidence|confirmation|word|report|reports) (?:that|of)\b"),
    _cue(
        "negation",
        "negated",
        r"\b(?:not|never|no|n't|neither|nor|yet to|failed to|without|instead of|rather than|denied|deny|denies|denying)\b(?: \w+){0,3}\s*$",
    ),
    # "when", "once", "before" and "until" introduce real past events as often as possible ones: only these three doubt
    _cue("conditional", "possible", r"\b(?:if|unless|whether)\b(?: [\w,']+){0,6}\s*$"),
    _cue("expect", "possible", r"\b(?:anticipat\w+|expect\w*|await\w*|hopes?|hoping|planning|plans?|intends?|intending|vows?|vowing)\b (?:\S+ ){0,6}$"),
    _cue(
        "fear",
        "possible",
        r"\b(?:fear|fears|feared|fearing|worry|worries|worried|risk|risks|threat|danger|warn|warns|warned|warning|prevent|prevented|avoid|stop|stopped|resist|resisted|repel|repelled|repulsed|foil|foiled|thwart|thwarted)\b(?: \w+){0,5}\s*$",
    ),
)
# Looked for right after a predicate word: "the clashes will be fierce", "P0 is expected to fall".
CUES_AFTER: tuple[Cue, ...] = (
    _cue(
        "future-after",
        "possible",
        r"^(?:\S+ ){0,2}(?:will|would|could|may|might|must|should|shall|is expected|are expected|is likely|are likely|is set|are set|is due|are due|is planned|are planned|looms|loom|looming)\b",
    ),
)
# Looked for anywhere in the sentence: someone denies the report.
DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|dismissed|refuted|rejected (?:the |these |those )?(?:claims?|reports?))\b")
CLAIM = re.compile(
    r"\b(?:claimed|claims|claiming|alleged|purported|if confirmed|unconfirmed|unverified|could not be (?:independently )?(?:verified|confirmed))\b"
)


# --- non-control predicates -------------------------------------------------------------
@dataclass(frozen=True)
class Trigger:
    """A word that reports violence: its ACLED sub-event kind and whether it needs a launch cue."""

    name: str
    kind: str  # clash | air | shell | suicide | ied | civil | kill | move | siege_break
    pattern: re.Pattern
    needs_cue: bool = False  # an operation noun reports an event only when launched, dated or ongoing


def _trigger(name: str, kind: str, pattern: str, needs_cue: bool = False) -> Trigger:
    return Trigger(name, kind, re.compile(r"\b(?:" + pattern + r")\b"), needs_cue)


TRIGGERS: tuple[Trigger, ...] = (
    _trigger(
        "siege-broken",
        "siege_break",
        r"(?:broke|broken|lifted|ended|breaking|break) (?:\S+ ){0,4}siege|siege (?:\S+ ){0,3}(?:was|were|has been|had been) (?:broken|lifted)",
    ),
    _trigger(
        "suicide-bomb", "suicide", r"suicide (?:car |truck |vest )?(?:bomb|bombs|bomber|bombers|bombing|bombings|attack|attacks|attacker|attackers)|vbieds?"
    ),
    _trigger(
        "chemical",
        "chemical",
        r"(?:chemical|chlorine|sarin|poison|toxic) (?:gas |weapons? |agent )?(?:attacks?|strikes?|bombs?|shells?)|gas attacks?|chemical weapons? (?:use|strike)",
    ),
    _trigger(
        "ied",
        "ied",
        r"roadside bombs?|ieds?|improvised explosive devices?|landmines?|land mines?|car bombs?|booby traps?|bombings?|bomb attacks?|bomb blasts?|blasts?|explosions?",
    ),
    _trigger(
        "air-strike-noun",
        "air",
        r"air ?-?strikes?|airstrikes?|air raids?|drone strikes?|air attacks?|aerial bombardment|aerial attacks?|warplanes? (?:struck|bombed|hit|pounded)|jets? (?:struck|bombed|hit|pounded)",
    ),
    _trigger("air-strike-verb", "air_verb", r"bombed|bombarded|pounded|struck|strikes"),
    _trigger(
        "shelling",
        "shell",
        r"shelling|shelled|artillery (?:fire|barrages?|strikes?|shells|attacks?)|mortar (?:fire|rounds|shells|attacks?|bombs?)|rocket (?:fire|attacks?)|rockets|mortars|missile (?:strikes?|attacks?)|barrel bombs?",
    ),
    _trigger("civilians", "civil", r"executed|executions?|massacred|massacres?|beheaded|abducted|kidnapped|abductions?"),
    _trigger(
        "clash-verb",
        "clash",
        r"clashed|clash with|fought|battled|battling|fighting against|attacked|assaulted|stormed|ambushed|besieged|raided|repelled|repulsed|shot down",
    ),
    # "P0 is resisting", "Kurdish forces were holding out in parts of the town": defenders fighting on
    _trigger("holding-out", "clash", r"(?:resisting|resisted|holding out|held out|holds out)(?! (?:hope|the hope|the prospect|promise))"),
    _trigger(
        "clash-noun",
        "clash",
        r"clashes|fighting|firefights?|gunfights?|skirmishes|street battles?|heavy battles?|fierce battles?|battles?(?! zone| lines?| field| plan| for control)|ambush(?:es)?|battle raged",
    ),
    _trigger(
        "operation-noun",
        "clash",
        r"offensives?|counter-?offensives?|operations?|assaults?|attacks?|counter-?attacks?|push|advance|campaign|incursions?|raids?|sieges?|encirclement",
        needs_cue=True,
    ),
    _trigger(
        "entered",
        "move",
        r"entered|(?:push|pushed|pushing|fought|fight|fighting|forced|forcing|made|make|making) (?:their|its) way into|stormed into|broke into|pushed into|advanced into|moved into|swept into|rolled into|marched into|poured into|advance through|advanced through|advancing through|pushed through|swept through",
    ),
    _trigger(
        "advance",
        "approach",
        r"advanced (?:on|towards?|toward)|advancing (?:on|towards?|toward)|closing in on|closed in on|closer to|approached|approaching|edging (?:closer )?(?:to|towards)|reached the outskirts of|on the outskirts of|at the gates of|encircled|surrounded|besieging|encircling|surrounding",
    ),
    _trigger("kill", "kill", r"killed|killing|dead|deaths|casualties|wounded"),
)
# Fire described as the means of another act ("backed by coalition air strikes") is not an event of its own;
# an operation called future or possible is not one either.
# "a reporter following the battle for P0": the battle is what someone reports on, not an event of this sentence
REPORTED_ON = re.compile(r"\b(?:following|covering|reporting on|watching|monitoring|observing|documenting) (?:the )?$")
SUPPORTING = re.compile(
    r"\b(?:backed|supported|aided|helped|assisted|bolstered|covered|accompanied|hampered|slowed|impeded|hindered) by (?:\S+ ){0,6}$"
    r"|\b(?:with|under) (?:the )?(?:help|support|cover|backing) of (?:\S+ ){0,6}$|\bdespite (?:\S+ ){0,6}$"
    r"|\b(?:defus\w*|dismantl\w*|remov\w*|clear\w*|plant\w*|detonated by sappers) (?:\S+ ){0,3}$"
)
NOT_YET = re.compile(
    r"\b(?:future|planned|expected|upcoming|looming|anticipated|eventual|possible|potential|impending|imminent|next|long-awaited|awaited) (?:\S+ )?$"
)
# "most parts of", "almost all of": the place is taken, with fighting left in it.
MOST_OF = re.compile(
    r"\b(?:most|almost all|nearly all|the bulk|much|the majority|large parts|most parts|the rest)(?: (?:parts|areas|districts|neighbou?rhoods))? of (?:the )?(?:(?:town|city|village) of )?$"
)
# "the last district held by IS in the city of P0": taking the last part is taking the town
LAST_PART = re.compile(
    r"\bthe (?:last|final|remaining) (?:\S+ )?(?:district|neighbou?rhood|pocket|area|part|quarter|stronghold)s? (?:(?:still )?(?:held|controlled) by (?:\S+ ){1,4})?(?:in|of) (?:the )?(?:(?:city|town|village) of )?$"
)
# Words right after a place that make it a facility named after the town ("the P0 airbase"), not the town.
FACILITY_AFTER = re.compile(
    r"^(?:(?:'s |’s )(?:\S+ ){0,2}?)?(?:air ?base|airfield|airport|military base|base|refinery|dam|oil ?field|oil producing|oilfields?|prison|university|hospital|bridge|junction|highway|road|checkpoint|border crossing|crossing|pipeline|power station|plant)\b"
)
# Words right after a place that make it part of the town ("P0's old city", "P0 district"): fighting there, not the town taken.
PART_AFTER = re.compile(
    r"^(?:(?:'s |’s )?(?:old city|old town|outskirts|suburbs?|districts?|neighbou?rhoods?|quarter|industrial zone|countryside|periphery)\b"
    # "P0's main hospital", "P0's eastern half": a thing of the town, not the town; its centre is the town
    r"|(?:'s |’s )(?!(?:city |town )?(?:centre|center|heart)\b|(?:\S+ )?(?:neighbou?ring|nearby) ))"
)
AGGREGATE = re.compile(r"(?:#|hundreds|dozens|scores|thousands|more than #|some #|at least #|wave|series|string|spate|campaign) (?:of )?(?:\S+ ){0,3}$")
# Words that make an operation noun a report: "launched an offensive", "the assault began".
LAUNCH = re.compile(
    r"\b(?:launch(?:ed|es|ing)?|began|begun|begins|start(?:ed|s|ing)?|open(?:ed|s|ing)|mount(?:ed|s|ing)?|kick(?:ed)? off|resum(?:ed|es|ing)|"
    r"carr(?:ied|ies|ying) out|conduct(?:ed|s|ing)|stag(?:ed|es|ing)|unleash(?:ed|es|ing)|initiat(?:ed|es|ing)|wag(?:ed|ing)|under ?way|"
    r"continu(?:ed|es|ing)|rag(?:ed|es|ing)|erupt(?:ed|s|ing)|broke out|intensif(?:ied|ies|ying)|escalat(?:ed|es|ing)|killed|left|"
    r"hit|targeted|pounded|struck|took place)\b"
)
# The start of an operation told with its day ("the operation, which began on May 23", "special forces
# launched the offensive on Tuesday"): fighting at the town the operation is about, on that day. Over the
# sentence's lower-case text; ``time`` is where the day is written.
OPERATION_STARTS: tuple[tuple[str, re.Pattern], ...] = (
    (
        "operation-began",
        re.compile(
            r"\b(?:the|an?|its|their|[a-z]+'s) (?:[\w'’-]+ ){0,4}?(?:operation|offensive|campaign),? (?:which |that )?(?:(?:was|were|had been|has been) )?"
            r"(?:began|begun|started|launched|kicked off|got under way) (?P<time>(?:on|in|at|late|early|mid|last|this)\b[^,.;]{0,30})"
        ),
    ),
    (
        "launched-operation",
        re.compile(r"\b(?:launched|began|started) (?:the|an?|its|their) (?:[\w'’-]+ ){0,3}?(?:operation|offensive|campaign) (?P<time>(?:on|in|at|last|this)\b[^,.;]{0,30})"),
    ),
)

# "strikes on the rebel-held east": in war reporting a strike on a place, with no weapon named, is from the air
STRIKES_ON = re.compile(r"strikes (?:on|against|targeting) ")
AIR_CONTEXT = re.compile(r"\b(?:air|aircraft|warplanes?|jets?|planes?|helicopters?|drones?|coalition|aerial|bombers?)\b")
CIVILIAN_OBJECT = re.compile(r"\b(?:civilians?|residents|villagers|women|children|people|protesters|worshippers|families|shepherds|farmers)\b")

# Head nouns that make a place the surroundings, not the place: "villages east of P0", "districts of P0".
_A_DIRECTION = r"(?:(?:to the )?(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest|northern|southern|eastern|western)(?:ern)? )"
_DIRECTION_OF = _A_DIRECTION + "?"
# Surroundings of a town ("villages east of P0", "bases near P0"): near it, not it.
PARTS_OF = re.compile(
    r"(?:villages?|hamlets?|outskirts|countryside|hills?|outposts?|farms?|fields?|oil ?fields?|refinery|dam|airport|airbase|bridge|"
    r"road|highway|approaches|edges?|perimeter|front|frontline|desert|territory|territories|surroundings|environs|vicinity|region|province|bases?|positions?|checkpoints?|areas?) "
    + _DIRECTION_OF
    + r"(?:of|around|near|outside|surrounding|close to|beyond|on the edge of)(?: the)?(?: "
    + HEADS
    + r" of)? $"
)
# Parts inside a town ("districts of P0", "a compound in P0", "one-third of the city of P0"): fighting in it, not it taken.
INSIDE_OF = re.compile(
    r"(?:parts?|districts?|neighbou?rhoods?|suburbs?|quarters?|sections?|streets|blocks|complex|compound|buildings?|headquarters|hospital|"
    r"university|mosque|market|sectors?|areas?|half|third|one-third|two-thirds|quarter|portions?|pockets?) "
    + _DIRECTION_OF
    + r"(?:(?:northern|southern|eastern|western|central|and|old) )*(?:of|in|inside)(?: the)?(?: "
    + HEADS
    + r" of)? $"
)
# A town the text does not name, placed by a named one ("a town on the outskirts of P0", "P1 province, west of
# P0"): the named place is a landmark, not where it happened.
LANDMARK_ONLY = re.compile(
    r"(?:(?:^| )(?:a|an|another|one) (?:\S+ ){0,2}(?:town|village|city|hamlet|suburb|settlement) (?:on the outskirts of|outside|near|close to|"
    + _A_DIRECTION
    + r"of)(?: the)? $|P\d+ (?:province |district |governorate |town |city )?, (?:(?:about |some )?# (?:km|kilometres|kilometers|miles) )?"
    + _A_DIRECTION
    + r"of $)"
)
NEAR_WORDS = re.compile(
    r"(?:(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)(?:ern)? of|"
    r"near|outside|close to|next to|outskirts of|vicinity of|surrounding|on the road to|road to|towards?|toward|"
    r"on the edge of|edge of|approaches to|short of|away from|# (?:km|kms|kilometres|kilometers|miles) (?:\w+ )?(?:of|from)) (?:the )?(?:" + HEADS + r" of )?$"
)

# Subordinate clauses whose events are background to the main clause.
SUBORDINATORS = frozenset(
    ("after", "before", "since", "until", "till", "when", "as", "while", "whereas", "although", "though", "because", "following", "once", "unless", "if")
)
# Subordinate clauses that tell of something before or apart from the main clause's event.
BACKGROUND_SUBORDINATORS = frozenset(("after", "before", "since", "until", "till", "once", "unless", "if", "although", "though"))
RELATIVES = frozenset(("which", "who", "whom", "whose", "that", "where"))
