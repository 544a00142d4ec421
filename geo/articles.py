"""Reading an article: bytes to text, publication date, clean body, sentences.

Everything here is pure (text in, records out); the CLI and the dashboard read
the files. Reading goes in four steps, each a table of named rules:

* hard-wrapped lines (wire copy cut at ~70 columns) are re-joined into paragraphs;
* page furniture is classified line by line (:data:`FURNITURE`: link lists,
  photo captions, comment threads, sidebars, banners, share buttons, page
  code...) and removed before anything else reads the body;
* the publication date is chosen among candidates ranked by where they stand
  on the page (:data:`DATE_RANKS`: metadata and "Published:" lines, then the
  dateline, a date line at the top, the page's URL, a confirmed photo caption),
  never a date inside the story's prose;
* the outlet is read from the dateline or byline ("(Reuters)", "By X, AFP").

>>> article = parse_article("x.txt", "BAGHDAD: Iraqi forces on Thursday retook Rawa.\\n\\nPublished: 27th October 2017 01:13 AM")
>>> article.published.isoformat(), article.dateline, article.sentences[0].text
('2017-10-27', 'BAGHDAD', 'Iraqi forces on Thursday retook Rawa.')
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import functools
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

from .errors import InputError, UndatedArticleError
from .records import Article, Sentence
from .textfile import decode_text

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")

# ----------------------------------------------------------------------------------------------
# Month names and date forms
# ----------------------------------------------------------------------------------------------

_EN_MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
_MONTHS = {name: number for number, names in enumerate(_EN_MONTH_NAMES, start=1) for name in names}
# Pages quote dates in the language of the host; CLDR (through Babel) has the month names.
MONTH_LOCALES = ("fr", "es", "de", "it", "pt", "nl", "tr", "ru", "uk", "ro", "pl", "bg", "cs", "sv", "id", "el", "ar", "fa")


@functools.cache
def month_names() -> dict[str, int]:
    """Month name or abbreviation (casefolded, no final dot) to its number, English plus :data:`MONTH_LOCALES`.

    A name two languages give different months is dropped (English keeps its own).

    >>> month_names()["july"], month_names()["iulie"], month_names()["juillet"], month_names()["ekim"]
    (7, 7, 7, 10)
    """
    from babel.dates import get_month_names  # CLDR data shipped with Babel; nothing is downloaded

    table = dict(_MONTHS)
    clashes = set()
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    key = name.casefold().rstrip(".")
                    if len(key) < 3 or key in _MONTHS:
                        continue
                    if table.setdefault(key, number) != number:
                        clashes.add(key)
    for key in clashes:
        table.pop(key, None)
    return table


def month_number(word: str) -> int | None:
    """The month a word names, in any of the languages read, or a misspelt English month ("Augst").

    >>> month_number("Sept."), month_number("Augst"), month_number("Mayor")
    (9, 8, None)
    """
    key = word.casefold().rstrip(".")
    number = month_names().get(key)
    if number or len(key) < 4 or not key.isascii():
        return number
    for number, names in enumerate(_EN_MONTH_NAMES, start=1):
        full = names[0]
        if key[:3] == full[:3] and difflib.SequenceMatcher(None, key, full).ratio() >= 0.8:
            return number
    return None


_WORD = r"(?P<month>[^\W\d_]{3,12}\.?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
# Each form yields day, month (a word or a number) and year; the name says which form matched.
DATE_FORMS = (
    ("iso", re.compile(r"(?<![\d/])(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)")),
    ("year/month/day", re.compile(r"(?<![\d/])(?P<year>(?:19|20)\d\d)/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)(?![\d/])")),
    (
        "day month year",
        re.compile(r"(?<![\w.])(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?" + _WORD + r"(?:,\s*|\s+)(?:de\s+)?" + _YEAR),
    ),
    ("month day year", re.compile(r"(?<!\w)" + _WORD + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,\s*|\s+)" + _YEAR)),
    ("day.month.year", re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d.]*\d)")),
    ("day-month-year", re.compile(r"(?<![\d-])(?P<day>[0-3]?\d)-(?P<mnum>[01]?\d)-(?P<year>(?:19|20)\d\d)(?!\d)")),
    ("numeric with slashes", re.compile(r"(?<![\d/])(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])")),
)
DATE_PATTERNS = tuple(pattern for _, pattern in DATE_FORMS)  # the forms alone, as earlier versions exported them
# A day and a month with no year: only datelines ("BEIRUT, Dec 22 (Reuters) -") use it, with a year found elsewhere.
_MONTH_DAY = re.compile(r"(?<!\w)" + _WORD + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])(?!,?\s*(?:19|20)\d\d)")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_BEFORE = re.compile(r"\b(?P<weekday>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s*$", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A full date written in a line: where it stands and what it says."""

    start: int
    end: int
    when: date
    form: str


def _two_digit_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    return 2000 + year if year <= date.today().year % 100 + 1 else 1900 + year


def _date_of(form: str, match: re.Match) -> date | None:
    groups = match.groupdict()
    try:
        year = _two_digit_year(groups["year"])
        if form == "numeric with slashes":
            first, second = int(groups["first"]), int(groups["second"])
            if first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first:
                month, day = first, second
            else:
                return None  # 05/06/2016 is May or June depending on the country: not guessed
        else:
            month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups["month"])
            day = int(groups["day"])
        return date(year, month, day) if month else None
    except (TypeError, ValueError):
        return None


_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[DateMention]:
    """Every full date written in ``text`` in any of :data:`DATE_FORMS`, left to right.

    A misprinted weekday beside the date does not matter: the numbers are read.

    >>> [m.when.isoformat() for m in find_dates("Posted: 17 Oct 2017 | 08.11.2016 15:49 | Nov 12, 2017 — 2:45 PM | 10/17/17")]
    ['2017-10-17', '2016-11-08', '2017-11-12', '2017-10-17']
    """
    found: list[DateMention] = []
    if not _DIGIT.search(text):
        return found  # every full date has a number in it: most lines of a page have none
    for form, pattern in DATE_FORMS:
        for match in pattern.finditer(text):
            when = _date_of(form, match)
            if when is None:
                continue
            found.append(DateMention(match.start(), match.end(), when, form))
    found.sort(key=lambda mention: (mention.start, -mention.end))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def find_date(text: str) -> date | None:
    """The first full date written in ``text`` (ISO, "27th October 2017", "Sep 21, 2017", "12 iulie 2018").

    >>> find_date("Updated 12 iulie 2018, 10:15")
    datetime.date(2018, 7, 12)
    """
    mentions = find_dates(text)
    return mentions[0].when if mentions else None


# Dates in a URL path: /2016/05/20/, /2015/jun/16/, /2016/Dec-23/, 2015-10/20, -2019-10-12, 20150520, /260616/.
_URL_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[/-](?P<mnum>[01]?\d)[/-](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[A-Za-z]{3,9})[/-](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>20\d\d)(?P<mnum>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
)
_URL_SIX_DIGITS = re.compile(r"/(?P<six>\d{6})/")


def url_dates(url: str, years: tuple[int, ...] = ()) -> list[date]:
    """The dates a URL's path carries; a bare six-digit folder (``/260616/``) is read as DDMMYY or
    YYMMDD, whichever lies nearer the ``years`` the page mentions (never when it has none).

    >>> url_dates("https://example.org/news/2015/jun/16/a-town-falls/"), url_dates("https://x.org/a/260616/b.html", (2014,))
    ([datetime.date(2015, 6, 16)], [datetime.date(2016, 6, 26)])
    """
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    found = []
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            groups = match.groupdict()
            try:
                month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups["month"])
                found.append(date(int(groups["year"]), month, int(groups["day"])))
            except (TypeError, ValueError):
                continue
    if not found and years:
        for match in _URL_SIX_DIGITS.finditer(path):
            six = match.group("six")
            readings = []
            for year, month, day in ((six[4:], six[2:4], six[:2]), (six[:2], six[2:4], six[4:])):
                try:
                    readings.append(date(2000 + int(year), int(month), int(day)))
                except ValueError:
                    continue
            if readings:
                found.append(min(readings, key=lambda when: min(abs(when.year - year) for year in years)))
    return [when for when in found if when <= date.today()]


# ----------------------------------------------------------------------------------------------
# Page furniture: classes of lines that are not the article's own report
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FurnitureRule:
    """One class of page furniture.

    ``scope`` says how much goes: ``line`` the line itself; ``next`` the line and
    the one after it ("Image caption" then the caption); ``list`` the link list the
    line heads (until a prose paragraph); ``rest`` the rest of the page (comment
    threads, blog sidebars), only once the story has begun.

    ``outside_markup`` rules read only the text outside inline markup (HTML tags,
    script elements, markdown links), so a sentence that quotes markup stays while
    a line that is nothing but markup and code goes.

    >>> code = next(rule for rule in FURNITURE if rule.name == "page code")
    >>> code.matches("<script>window.dataLayer = [];</script>"), code.matches("var ads = window.ads || [];")
    (True, True)
    >>> code.matches('Troops entered Rutba on Monday, the army said <script>window.x = 1</script>.')
    False
    """

    name: str
    pattern: re.Pattern
    scope: str = "line"
    outside_markup: bool = False

    def matches(self, line: str) -> bool:
        """Whether ``line`` is furniture of this class."""
        if not self.pattern.search(line):
            return False
        if not self.outside_markup:
            return True
        rest = _INLINE_MARKUP.sub(" ", line)
        # Only markup and code on the line (fewer than two words outside it): page code.
        return bool(self.pattern.search(rest)) or len(_PROSE_WORD.findall(rest)) < 2


# Inline markup a line may carry: a script or style element with its content, a tag, a markdown link.
_INLINE_MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]*>|\[[^\]]*\]\([^)]*\)", re.IGNORECASE | re.DOTALL)
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")


def _rule(name: str, pattern: str, scope: str = "line", flags: int = re.IGNORECASE, outside_markup: bool = False) -> FurnitureRule:
    return FurnitureRule(name, re.compile(pattern, flags), scope, outside_markup)


_AGENCY_CREDIT = r"(?:REUTERS|Reuters|AFP|Afp|AP|EPA|AA|Getty(?: Images)?|SANA|IMAGESLIVE|Thinkstock|Anadolu|Xinhua)"
FURNITURE = (
    # Link lists: a heading, then its items (markdown links, "Headline -- Outlet", "More news: ...").
    _rule(
        "link list",
        r"^\W*(?:explore|also see|also read|see also|related|related (?:articles|stories|news|content|coverage|topics|posts)|read more|"
        r"more from [\w .]+|more on this story|more news(?: on [\w '’,.-]+)?|most read|most reading|most popular|most viewed|"
        r"recommended|recommended for you|trending|trending now|you may also like|you might also like|top stories|latest news|"
        r"more stories|editor'?s picks|tags?|topics|topic in-depth|popular posts|source|sources)\s*:?\W*$",
        "list",
    ),
    _rule("link list", r"^(?!#)\s*(?:\d+\.\s*)?\[[^\]]*\]\([^)]*\)|^(?!#).*\]\(/[\w/-]+|_Context:"),
    _rule("link list", r"^[^.!?]{10,200}\s(?:--|\|)\s*[A-Z][\w .&'-]{1,30}$", flags=0),
    _rule("link list", r"^\s*(?:more news|read more|read also|see also|also read|watch)\s*[:.]"),
    # Photo captions and their credits.
    _rule("photo caption", r"^\s*(?:image caption|media caption)\s*$", "next"),
    _rule(
        "photo caption",
        r"^\s*(?:photo|image|picture|file photo|photo via|photographer|image copyright|caption)\b\s*[:/]?\s*\S.{0,80}$|image copyright\s*$"
        r"|\bphoto\s*:\s*[\w .'/-]{1,40}$|\bpicture\s*:\s*[\w .'/-]{1,40}$|\b(?:AFP|AP|Reuters|EPA) photo\s*$|\.\.\.\s*more\s*$",
    ),
    _rule(
        "photo caption",
        r"(?:" + _AGENCY_CREDIT + r"/[\w .'/-]{2,60}|\((?:AP|AFP|EPA|Reuters) Photo[^)]*\)(?:\s*\([^)]*\))?(?:\s+AP)?"
        r"|\([^()]{2,60}/(?:AFP|Afp|AP|Getty|Reuters|EPA)[^()]*\)|\[(?:Getty(?: Images)?|AFP|Reuters|AP|EPA|Anadolu)\]"
        r"|[-—]\s*" + _AGENCY_CREDIT + r" pic|/\s*[\w ]{2,30} and Agencies|[A-Z][\w'-]+ [A-Z][\w'-]+ \((?:AFP|AP|Reuters|Getty)\))\s*$",
        flags=0,
    ),
    _rule("photo caption", r"^\s*(?:Reuters|AFP|AP|Getty Images)\s*/\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day,", flags=re.IGNORECASE),
    # Comment threads: everything after the thread's heading is comments.
    _rule(
        "comment thread",
        r"^\W*(?:no comments|\d+ comments?|comments?|post a comment|add (?:a )?comment|send comment|leave a (?:reply|comment)|"
        r"join the (?:conversation|discussion)|comments are closed|comments powered by \w+|\d+ trackbacks? / pingbacks?|"
        r"%d bloggers like this|show comments|view comments)\W*$",
        "rest",
    ),
    _rule(
        "comment thread",
        r"you must be logged in|logged in to post|moderat(?:e|ed|ing) (?:your |the )?comments|views expressed in (?:the )?comments"
        r"|issues with commenting|^\s*(?:name|e-?mail|website)\s*:?\s*$|^\s*reply\s*$",
    ),
    # Blog and site sidebars: the story has ended.
    _rule("sidebar", r"^\W*(?:search this blog|sidebar \w+|summarized by|blog archive|about (?:the author|me)|labels|followers|subscribe to)\W*$", "rest"),
    # Banners, cookie notices, site chrome.
    _rule(
        "banner",
        r"cookie|privacy policy|terms of (?:use|service)|official website of the united states government|here'?s how you know|"
        r"\.(?:mil|gov) website|safely connected to the|share sensitive information only|this story is over \d+ years? old|"
        r"unauthori[sz]ed use of|punishable by (?:the )?copyright|stay informed with|e-?mail adress|start the day smarter|"
        r"^\s*(?:\d+\.\s*)?skip to\b|^\s*you are here\b|^\s*news ticker\s*$|^\s*off the wire\s*$|^\s*home\s*/|adjust (?:font size|comment)|"
        r"\[click to enlarge\]|this is a developing story|sends out a daily selection|sign up (?:for|here|now)|subscribe (?:to|now)|newsletter|"
        r"^\s*sponsored(?: by| content)?\b|^\s*advertisement\s*$|^\s*\d+\s+min(?:ute)?s?\s+read\s*$|^\s*edition\s*:\s*$|"
        r"all rights reserved|copyright\s|©|election news|live updates and schedule|download (?:the|our) app|click here|"
        r"representational (?:image|purpose)|image for representational|contact us\s*$|share your feedback|sneak a peek",
    ),
    # Share buttons and menus.
    _rule(
        "share buttons",
        r"^\s*(?:(?:flipboard|facebook|twitter|whatsapp|linkedin|email|print|reddit|telegram|delicious|digg|buzz|google bookmarks|comment)\W*){1,}\S{0,12}\s*$"
        r"|^\s*a\+\s*a-\s*$|follow us on|like (?:us|our) (?:on )?facebook|on twitter and instagram|^\s*share this article\s*:?\s*$",
    ),
    _rule("menu", r"(?:\s[•·|]\s.*){3,}"),
    _rule("menu", r"^\s*(?:world|news|middle east|politics|asia|europe|africa|americas|world news)\s*$"),
    # Bylines, credits and sign-offs.
    _rule("credits", r"^\s*by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}\s*$", flags=0),
    _rule(
        "credits",
        r"^\s*\(?(?:reporting by|editing by|writing by|additional reporting|based on reporting by)\b|^\s*[a-z]{2,3}/[a-z]{2,3}\s*\([\w ,]+\)\s*$"
        r"|disclaimer\s*:|^\s*(?:source|sources|credit)\s*:\s*\S.{0,60}$|last updated\s*:",
    ),
    # Page code left in the text: JSON-LD, PHP dumps, scripts. Read outside inline markup: a report
    # that quotes a tag or a script in its sentence is still a report, shown literally.
    _rule(
        "page code",
        r"string\(\d+\)|\"@context\"|^\s*[{\[]\s*\"|^\s*(?:var|let|const)\s+\w+\s*=|function\s*\(|window\.\w+|document\.\w+\(|<script|\{\{.*\}\}|^\s*[\]}),;]+\s*$",
        outside_markup=True,
    ),
)
# Parts of a line that are furniture, cut off while the rest stays.
FURNITURE_PARTS = (
    ("link list", re.compile(r"\s*\bRead more(?: here)?\s*\.*\s*$", re.IGNORECASE)),
    ("credits", re.compile(r"\s*\((?:Reporting|Writing|Editing) by [^)]*\)?\s*$")),
    ("credits", re.compile(r"\s+lk/\d\d:\d\d\s*$|\s+[a-z]{2}/\d\d:\d\d\s*$")),
    ("photo caption", re.compile(r"\s*/\s*(?:AFP|AP|Reuters|Getty Images|EPA|AA)\s*$")),
    ("photo caption", re.compile(r"\s*(?:\.\.\.\s*more|(?:REUTERS|Reuters|AFP|AP)/[\w .'/-]{2,60}|\((?:AP|AFP) Photo/[^)]*\)(?:\s*\([^)]*\))?)\s*$")),
    ("photo caption", re.compile(r"^[\w.-]+(?:/[\w.-]+){1,3}(?=\()")),
)


@dataclass(frozen=True)
class PageLine:
    """One line of the page after hard wraps are re-joined, with its furniture class ('' for the story)."""

    number: int
    text: str
    furniture: str = ""


_TERMINAL = re.compile(r"[.!?:][\"”’')\]]*\s*$")


def unwrap_lines(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped lines into paragraphs; blank lines still separate paragraphs.

    A line is continued by the next when it does not end a sentence, neither is
    furniture, and either the next starts in lower case or the block is wrapped at a
    fixed width (three lines or more, the widest of 50 to 100 characters, a quarter
    of them going on in lower case, this one at least 60 % of the widest).

    >>> wrapped = ["Iraqi forces and allied militia fighters retook most of the", "refinery from the militants on Thursday, officials said.",
    ...            "The report could not be confirmed because it is too", "dangerous for reporters to go there."]
    >>> for line in unwrap_lines(wrapped):
    ...     print(line)
    Iraqi forces and allied militia fighters retook most of the refinery from the militants on Thursday, officials said.
    The report could not be confirmed because it is too dangerous for reporters to go there.
    """
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        width = max(len(line) for line in block)
        # A list of headlines is not wrapped text: wrapped lines often go on in lower case.
        lower_share = sum(line.strip()[:1].islower() for line in block[1:]) / max(1, len(block) - 1)
        fixed = len(block) >= 3 and 50 <= width <= 100 and lower_share >= 0.25
        current = block[0]
        for following in block[1:]:
            stripped = following.strip()
            ends = bool(_TERMINAL.search(current)) or not current.strip()
            lower = stripped[:1].islower() and len(current.strip()) >= 30
            furniture = any(rule.matches(text) for rule in FURNITURE for text in (current, stripped))
            if not ends and stripped and not furniture and (lower or (fixed and len(current.rstrip()) >= 0.6 * width)):
                current = current.rstrip()[:-1] + stripped if current.rstrip().endswith("-") and lower else current.rstrip() + " " + stripped
            else:
                out.append(current)
                current = following
        out.append(current)
        block.clear()

    for line in lines:
        if line.strip():
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def _is_link_item(line: str) -> bool:
    return any(rule.matches(line) for rule in FURNITURE[1:4])


def classify_lines(raw: str) -> list[PageLine]:
    """The page's lines (hard wraps re-joined, the stored page's ``date YYYY-MM-DD`` prefix cut),
    each marked with its furniture class from :data:`FURNITURE` or '' for the story.

    >>> story = "Iraqi forces retook Rawa on Thursday after a three-day assault, officials said in Baghdad."
    >>> [(line.text[:9], line.furniture) for line in classify_lines(story + "\\nPhoto: AFP\\nNo comments:\\nGreat story!")]
    [('Iraqi for', ''), ('Photo: AF', 'photo caption'), ('No commen', 'comment thread'), ('Great sto', 'comment thread')]
    """
    raw = _ISO_PREFIX.sub("", raw, count=1)
    lines = unwrap_lines(raw.splitlines())
    marked: list[PageLine] = []
    region, region_scope, story_begun, skip_next = "", "", False, ""
    for number, line in enumerate(lines):
        stripped = " ".join(line.split())
        if not stripped:
            marked.append(PageLine(number, "", region if region_scope == "rest" else ""))
            continue
        if region_scope == "rest":
            marked.append(PageLine(number, stripped, region))
            continue
        if skip_next:
            marked.append(PageLine(number, stripped, skip_next))
            skip_next = ""
            continue
        rule = next((rule for rule in FURNITURE if rule.matches(stripped)), None)
        if region_scope == "list":
            if rule is None and len(stripped) > 100 and not _is_headline_like(stripped):
                region, region_scope = "", ""
            else:
                marked.append(PageLine(number, stripped, rule.name if rule and rule.scope == "rest" and story_begun else region))
                if rule and rule.scope == "rest" and story_begun:
                    region, region_scope = rule.name, "rest"
                continue
        if rule is None:
            marked.append(PageLine(number, stripped))
            story_begun = story_begun or (len(stripped) > 80 and not _is_headline_like(stripped))
            continue
        marked.append(PageLine(number, stripped, rule.name))
        if rule.scope == "next":
            skip_next = rule.name
        elif rule.scope == "list":
            region, region_scope = rule.name, "list"
        elif rule.scope == "rest" and story_begun:
            region, region_scope = rule.name, "rest"
    return _captions_above_credits(marked)


_CREDIT_LINE = re.compile(r"^\s*(?:image|photo|picture|photographer)\s*:", re.IGNORECASE)


def _captions_above_credits(marked: list[PageLine]) -> list[PageLine]:
    """A short line that is not a sentence, right above an "Image: ..." credit, is that image's caption."""
    out = list(marked)
    for index, line in enumerate(marked):
        if line.furniture == "photo caption" and _CREDIT_LINE.match(line.text) and index:
            above = out[index - 1]
            if not above.furniture and above.text and _is_headline_like(above.text) and len(above.text) < 120:
                out[index - 1] = PageLine(above.number, above.text, "photo caption")
    return out


# ----------------------------------------------------------------------------------------------
# Publication date
# ----------------------------------------------------------------------------------------------

# Where a date stands on the page, best first. A date inside the story's prose is never a candidate.
DATE_RANKS = {
    "metadata": 0,  # the HTML page's metadata, the stored page's "date YYYY-MM-DD" line
    "published": 0,  # "Published: ...", "Posted on ...", "Time of article published ..."
    "date label": 1,  # "Date: 2015/01/26"
    "dateline": 1,  # "MOSUL, Iraq, July 10, 2017 (Reuters) -", "BEIRUT, Dec 22 -" with the year of another date on the page
    "date line": 2,  # a line near the top that is a date with at most a byline, a time or a section label
    "updated": 3,  # "Updated: ...", "Last update: ..."
    "url": 4,  # the page's address: /2016/05/20/, 2019-10-12
    "photo caption": 5,  # a caption's date, only when the story speaks of that day (its weekday or "April 14")
}
_TOP_LINES = 15
_DATELINE_LINES = 25
_ISO_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d\d(?:-\d\d)?)\s*")
_KEYWORD_DATE = re.compile(
    r"(?P<keyword>time of article published|first published|date published|published(?:\s+on)?|posted(?:\s+on)?|released?(?:\s+on)?"
    r"|last\s+updated?|updated(?:\s+date)?(?:\s+on)?|date)\b\s*[:\-]*\s*",
    re.IGNORECASE,
)
_KEYWORD_KIND = {"date": "date label", "updated": "updated", "last": "updated", "update": "updated"}
# What may stand around a date on a date line: times, zones, weekdays, separators, short labels.
_TIME = re.compile(
    r"\b\d+ (?:seconds?|minutes?|hours?|days?) ago\b"
    r"|\b\d{1,2}\s?:\s?\d\d(?:\s?:\s?\d\d)?(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)|\b(?-i:[A-Z]{1,4}T|GMT|UTC|IST|EST|EDT|AST)\b", re.IGNORECASE
)
_ANCIENT = re.compile(r"\b(?:est\.?|established|founded|since|copyright|©)\s*$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_PLACE = r"[A-Z][\w'.-]+(?:[ /-][A-Z][\w'.-]+){0,3}"
_REGION = r"(?:,\s*[A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+)?)?"
# What may stand before a dateline's date: "Breaking news: Al Bab, Syria. ", "TELL ABIAD, Syria, ", "KURDWATCH, ".
_DATELINE_PLACE = re.compile(r"^\W{0,3}(?i:breaking(?: news)?\s*[:\-–—]\s*)?" + _PLACE + _REGION + r"[,.]?\s*$")
_UNREAD = ("comment thread", "link list", "sidebar", "photo caption", "page code")


@dataclass(frozen=True)
class DateCandidate:
    """A date the page gives for itself, with the kind of place it stands in (a key of :data:`DATE_RANKS`)."""

    when: date
    kind: str
    line: int
    text: str

    @property
    def rank(self) -> int:
        return DATE_RANKS[self.kind]


def _date_line_residue(text: str, mention: DateMention) -> str:
    rest = _MD_LINK.sub(r"\1", text[: mention.start] + " " + text[mention.end :])
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY_WORD.sub(" ", rest)
    rest = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)\b\.?", " ", rest, flags=re.IGNORECASE)
    return re.sub(r"[\W_]+", " ", rest).strip()


def _keyword_candidates(line: PageLine) -> list[DateCandidate]:
    found = []
    for keyword in _KEYWORD_DATE.finditer(line.text):
        window = line.text[keyword.end() : keyword.end() + 70]
        mentions = find_dates(window)
        if not mentions:
            continue
        lead = _TIME.sub(" ", window[: mentions[0].start])
        lead = _WEEKDAY_WORD.sub(" ", lead)
        if re.sub(r"[\W_]+", "", lead):
            continue  # the date is not the keyword's: "published a report on 3 May 2016"
        word = keyword.group("keyword").split()[0].lower()
        kind = _KEYWORD_KIND.get(word, "published")
        found.append(DateCandidate(mentions[0].when, kind, line.number, line.text[:80]))
    return found


def _dateline_candidate(line: PageLine, anchors: list[date]) -> DateCandidate | None:
    head = line.text[:120]
    for mention in find_dates(head)[:1]:
        lead = head[: mention.start]
        paren = lead.rfind("(")
        if paren >= 0 and ")" not in lead[paren:]:  # "QAYYARAH, Iraq, (APP - Pakistan Point News -25th August,2016) -"
            lead = lead[:paren]
        story_follows = re.match(r"\s*\)?\s*(?:\([^()]{1,60}\)\s*)?(?:[-–—:.,]+\s*)?[\"“]?[A-Z]", head[mention.end :])
        if story_follows and _DATELINE_PLACE.match(lead) and not _WEEKDAY_BEFORE.search(lead):
            return DateCandidate(mention.when, "dateline", line.number, line.text[:80])
    month_day = _MONTH_DAY.search(head[:60])
    if not month_day or not anchors or not _DATELINE_PLACE.match(head[: month_day.start()]):
        return None
    month = month_number(month_day.group("month"))
    if not month or not re.match(r"\s*(?:\([^()]{1,40}\))?\s*(?:[-–—:]|\s[A-Z])", head[month_day.end() :]):
        return None
    # No year: take the one that puts the dateline nearest another full date of the page (a caption,
    # the URL), and only when that date is within two months.
    best = None
    for year in sorted({anchor.year + shift for anchor in anchors for shift in (-1, 0, 1)}):
        try:
            when = date(year, month, int(month_day.group("day")))
        except ValueError:
            continue
        distance = min(abs((when - anchor).days) for anchor in anchors)
        if best is None or distance < best[0]:
            best = (distance, when)
    if best is None or best[0] > 62:
        return None
    return DateCandidate(best[1], "dateline", line.number, line.text[:80])


_LABEL_WORDS = frozenset("of the and by at on de du la le von al el".split())


def _is_label(text: str) -> bool:
    """A byline, section or time label, not a clause: at most five words, each capitalised, a number or a joining word."""
    words = re.sub(r"[\W_]+", " ", _WEEKDAY_WORD.sub(" ", _TIME.sub(" ", _MD_LINK.sub(r"\1", text)))).split()
    return len(words) <= 5 and all(word[0].isupper() or word[0].isdigit() or word.casefold() in _LABEL_WORDS for word in words)


def _date_line_candidate(line: PageLine) -> DateCandidate | None:
    text = _MD_LINK.sub(r"\1", line.text)
    # A date line is short, or opens with its date: only the first date of a long line is looked at.
    mentions = find_dates(text) if len(text) <= 120 else find_dates(text)[:1]
    for index, mention in enumerate(mentions):
        before, after = text[: mention.start], text[mention.end :]
        if _ANCIENT.search(before[-30:]):
            continue
        # a date with a label around it: "Press Release | Dec. 28, 2015", "May 20, 2016 - 14:01 AMT"
        labelled = len(text) <= 120 and _is_label(before) and _is_label(after)
        # the date is a field of a title bar: "Headline | Outlet | 09.10.2019"
        fields = [part.strip() for part in text.split("|")]
        labelled = labelled or (len(text) <= 120 and 2 <= len(fields) <= 3 and text[mention.start : mention.end].strip() in fields)
        # or the line opens with the date: "July 14, 2016 - Jane Roe", "August 21, 2019Idlib's ..."
        opens = index == 0 and not re.sub(r"[\W_]+", "", before) and re.match(r"\s*(?:[-–—|]|[A-Z]|$)", after)
        if labelled or opens:
            return DateCandidate(mention.when, "date line", line.number, line.text[:80])
    return None


def date_candidates(raw: str, url: str = "", lines: list[PageLine] | None = None) -> list[DateCandidate]:
    """Every date the page gives for itself, best first by :data:`DATE_RANKS`; see :func:`publication_date`.

    >>> [(c.when.isoformat(), c.kind) for c in date_candidates("MOSUL, Iraq, July 10, 2017 (Reuters) - Troops advanced.")]
    [('2017-07-10', 'dateline')]
    """
    lines = classify_lines(raw) if lines is None else lines
    found: list[DateCandidate] = []
    prefix = _ISO_PREFIX.match(raw)
    if prefix and len(prefix.group(1)) == 10:
        with contextlib.suppress(ValueError):
            found.append(DateCandidate(date.fromisoformat(prefix.group(1)), "metadata", 0, f"date {prefix.group(1)}"))
    readable = [line for line in lines if line.text and line.furniture not in _UNREAD]
    captions = [line for line in lines if line.furniture == "photo caption"]
    story = [line for line in readable if not line.furniture]
    top_numbers = {line.number for line in [line for line in lines if line.text][:_TOP_LINES]}
    page_dates = [mention.when for line in readable + captions for mention in find_dates(line.text)]
    years = {int(year) for line in readable for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", line.text)}
    url_found = url_dates(url, tuple(sorted(years))) if url else []
    for line in readable:
        found.extend(_keyword_candidates(line))
    for line in readable[:_DATELINE_LINES]:
        candidate = _dateline_candidate(line, page_dates + url_found)
        if candidate:
            found.append(candidate)
    for line in readable:
        candidate = _date_line_candidate(line) if line.number in top_numbers else None
        if candidate:
            found.append(candidate)
    found.extend(DateCandidate(when, "url", 10**6, url) for when in url_found)
    found.extend(_caption_candidates(captions, story))
    tomorrow = date.today() + timedelta(days=1)
    found = [candidate for candidate in found if date(1990, 1, 1) <= candidate.when <= tomorrow]
    if found:
        # A date far in the past of the page's others is a founding year or an archive, not this page's.
        latest = max(candidate.when for candidate in found)
        found = [candidate for candidate in found if (latest - candidate.when).days <= 400]
    return sorted(found, key=lambda candidate: (candidate.rank, candidate.line))


def _caption_candidates(captions: list[PageLine], story: list[PageLine]) -> list[DateCandidate]:
    """A caption's date is a photo's, not the page's; it is kept only when the story speaks of that
    very day (its weekday, or its month and day), the latest such date first."""
    counted = Counter(m.when for line in captions for m in find_dates(line.text))
    if not counted:
        return []
    # The captions of a gallery are its story; a caption's own date does not confirm itself.
    prose = " ".join(_without_dates(line.text) for line in story + captions)
    weekdays = {word.lower() for word in _WEEKDAY_WORD.findall(prose)}
    month_days = {(month_number(m.group("month")), int(m.group("day"))) for m in _MONTH_DAY.finditer(prose)}
    month_days |= {(month_number(m.group("month")), int(m.group("day"))) for m in re.finditer(r"(?<!\d)(?P<day>[0-3]?\d)\s+" + _WORD, prose)}
    confirmed = [when for when in counted if _WEEKDAYS[when.weekday()] in weekdays or (when.month, when.day) in month_days]
    if not confirmed:
        return []
    best = max(confirmed, key=lambda when: (counted[when], when))
    line = next(line for line in captions if any(m.when == best for m in find_dates(line.text)))
    return [DateCandidate(best, "photo caption", line.number, line.text[:80])]


def _without_dates(text: str) -> str:
    pieces, start = [], 0
    for mention in find_dates(text):
        pieces.append(text[start : mention.start])
        start = mention.end
    pieces.append(text[start:])
    return " ".join(pieces)


def publication_date(raw: str, url: str = "") -> tuple[date | None, str]:
    """The publication date the page gives for itself, and where it was read.

    Candidates are ranked by :data:`DATE_RANKS` (metadata and "Published:" lines,
    then the dateline, a date line at the top, "Updated", the page's ``url``, a
    photo caption the story confirms); the first of the best rank wins. A date in
    the story's prose, a comment's timestamp or a link list's date never does.

    >>> publication_date("Some title\\nNov 12, 2017 — 2:45 PM\\nTroops entered Rawa on November 10, 2017.")
    (datetime.date(2017, 11, 12), "text (date line): 'Nov 12, 2017 — 2:45 PM'")
    >>> publication_date("Troops entered the town on June 10, 2014, officials said.")
    (None, '')
    """
    candidates = date_candidates(raw, url)
    if not candidates:
        return None, ""
    best = candidates[0]
    if best.kind == "url":
        return best.when, f"url: '{best.text[:90]}'"
    return best.when, f"text ({best.kind}): '{best.text.strip()[:70]}'"


# ----------------------------------------------------------------------------------------------
# Body: clean paragraphs, sentences
# ----------------------------------------------------------------------------------------------

_STANDALONE_DATE = re.compile(r"^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\W*)?$", re.IGNORECASE)
_CREDIT_SUFFIX = FURNITURE_PARTS[3][1]
_OUTLET_LINE = re.compile(r"^\s*source\s*:\s*(?P<outlet>[A-Za-z][\w .&'-]{1,40}?)\s*$", re.IGNORECASE)
# The place of a dateline is cut from the story; a dateline that carries a date keeps it in the first
# sentence ("TEHRAN, Mar. 18 (MNA) - ..."), where the event reader takes it as the report's day.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,2}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)?"
    r"(?:\s*\((?:Reuters|AFP|AP|Xinhua|Anadolu|dpa|UPI)\))?\s*(?::|\s[-–—]{1,2}\s)\s*(?=[A-Z\"“])"
)


@dataclass(frozen=True)
class Body:
    """An article's body: its title, clean paragraphs, and how many lines each furniture class removed."""

    title: str
    paragraphs: tuple[str, ...]
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def removed_lines(self) -> int:
        return sum(self.removed.values())


def _normalise_line(line: str) -> str:
    return " ".join(line.split()).casefold()


def _is_headline_like(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not re.search(r"[.!?][\"”’')\]]*\s*$", stripped) and len(stripped) < 200


def read_body(raw: str, lines: list[PageLine] | None = None) -> Body:
    """The page's title and story paragraphs, with the count of lines removed per class.

    A picture gallery (three captions or more for each prose paragraph) keeps its
    captions as its text. Besides :data:`FURNITURE`, lines that are only a date or a "Published:" line,
    repeated lines and lines that are not sentences (headlines, labels) are removed;
    the first headline of four words or more is the title.

    >>> story = "Iraqi forces retook Rawa on Thursday, the army said. " * 4
    >>> body = read_body("Iraqi forces retake Rawa\\nRelated:\\nTown falls to the army -- Reuters\\n" + story)
    >>> body.title, len(body.paragraphs), body.removed
    ('Iraqi forces retake Rawa', 1, {'not a sentence': 1, 'link list': 2})
    """
    lines = classify_lines(raw) if lines is None else lines
    captions = sum(line.furniture == "photo caption" for line in lines)
    prose = sum(not line.furniture and len(line.text) > 80 and not _is_headline_like(line.text) for line in lines)
    if captions >= 3 and prose * 3 <= captions:
        # A picture gallery: its captions are its story (their credits are still cut).
        lines = [PageLine(line.number, line.text) if line.furniture == "photo caption" else line for line in lines]
    removed: Counter = Counter()
    kept: list[str] = []
    seen: set[str] = set()
    title = ""
    for line in lines:
        text = line.text
        if not text:
            continue
        if line.furniture:
            removed[line.furniture] += 1
            continue
        for name, part in FURNITURE_PARTS:
            cut = part.sub("", text).strip()
            if cut != text:
                removed[f"{name} (end of a line)"] += 1
                text = cut
        if not text:
            continue
        mentions = find_dates(text)
        only_date = mentions and len(_date_line_residue(text, mentions[0]).split()) <= 2
        if only_date or mentions and _is_headline_like(text) and _date_line_candidate(PageLine(line.number, text)):
            removed["date line"] += 1
            continue
        if _KEYWORD_DATE.match(text) and _keyword_candidates(PageLine(line.number, text)):
            removed["date line"] += 1
            continue
        text = re.sub(r"^#{1,6}\s+", "", text)  # markdown headings (news digests) keep their text
        if _STANDALONE_DATE.match(text):
            removed["not a sentence"] += 1
            continue
        key = _normalise_line(text)
        if key in seen:
            removed["repeated line"] += 1
            continue
        seen.add(key)
        if _is_headline_like(text):
            if not title and len(re.findall(r"[^\W\d_]{2,}", text)) >= 4:
                title = text
            removed["not a sentence"] += 1
            continue
        kept.append(text)
    return Body(title, tuple(kept), dict(removed))


def clean_lines(raw: str) -> tuple[str, list[str], int]:
    """Split the page into (title, body paragraphs, number of lines dropped); see :func:`read_body`."""
    body = read_body(raw)
    return body.title, list(body.paragraphs), body.removed_lines


_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr gen lt col maj capt sgt st no jan feb mar apr jun jul aug sep sept oct nov dec"
        " u.s u.k u.n e.g i.e vs approx est fig rep sen gov adm brig cmdr"
    ).split()
)
# A run of stops is read once, from its first stop: a match may not begin inside a run (each later start would
# rescan the rest of the run, quadratic in a page of dots), and nothing is given back once read (no shorter run
# can be followed by the space the lookahead wants). Both leave every match as it was.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"”’')\]]*+(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)\W*$")
# The longest piece of text read as one sentence. Real sentences stay far below it (reports run to a few hundred
# characters); what exceeds it (a page-long list, a run-on without full stops) is cut into pieces of at most this
# length, so the grammar, whose rules look back and ahead within a sentence, does bounded work per piece and a
# page costs time in proportion to its length.
MAX_SENTENCE_CHARS = 1000
_CLAUSE_BREAK = re.compile(r"(?P<after>[;:,—–)])(?=\s)|(?P<before>\s[—–-]{1,2})(?=\s)")  # a dash opens the next piece
_SPACE = re.compile(r"\s")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations ("Gen.", "U.S.") whole.

    Linear in the paragraph's length: each full stop looks back at most 40 characters,
    and a sentence longer than :data:`MAX_SENTENCE_CHARS` is cut into pieces (see
    :func:`bounded_pieces`).

    >>> split_sentences("Maj. Gen. Smith said so. Then Rawa fell. It was 7.7 km away.")
    ['Maj. Gen. Smith said so.', 'Then Rawa fell.', 'It was 7.7 km away.']
    """
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        word = _LAST_WORD.search(paragraph[max(start, match.start() - 40) : match.start() + 1])
        token = word.group(1).rstrip(".").casefold() if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        sentences.extend(bounded_pieces(paragraph[start : match.end()]))
        start = match.end()
    sentences.extend(bounded_pieces(paragraph[start:]))
    return sentences


def bounded_pieces(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """The sentence, stripped, as one piece; or, when longer than ``limit``, as pieces of at most ``limit`` characters.

    A piece ends at the last clause break (``;``, ``:``, ``,``, a dash, a closing bracket) in the second half of
    its budget, else at the last space, else (a run with no space, such as a page of dots) at the budget itself,
    so a name between two breaks stays whole.

    >>> bounded_pieces("  Rawa fell.  ")
    ['Rawa fell.']
    >>> bounded_pieces("Troops took Rawa, Ana, Qaim and Hit", limit=20)
    ['Troops took Rawa,', 'Ana, Qaim and Hit']
    """
    text = sentence.strip()
    pieces = []
    start = 0
    while len(text) - start > limit:  # offsets, not slices of the rest: a page-long sentence is copied once
        end = start + limit
        breaks = [match.end() if match.lastgroup == "after" else match.start() for match in _CLAUSE_BREAK.finditer(text, start + limit // 2, end + 1)]
        spaces = [match.start() for match in _SPACE.finditer(text, start + limit // 2, end + 1)]
        cut = next((at for at in reversed(breaks) if at <= end), 0) or (spaces[-1] if spaces else end)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:]:
        pieces.append(text[start:])
    return pieces


# ----------------------------------------------------------------------------------------------
# Outlet
# ----------------------------------------------------------------------------------------------

# Wire agencies and how pages name them; acronyms are matched in capitals only.
AGENCIES = (
    ("Reuters", r"Reuters|REUTERS"),
    ("AP", r"AP|Associated Press|ASSOCIATED PRESS|The Associated Press|THE ASSOCIATED PRESS"),
    ("AFP", r"AFP|Afp|Agence France[- ]Presse|AGENCE FRANCE[- ]PRESSE"),
    ("Xinhua", r"Xinhua|XINHUA"),
    ("UPI", r"UPI|United Press International"),
    ("Anadolu", r"Anadolu(?: Agency)?|AA"),
    ("dpa", r"dpa|DPA"),
    ("EFE", r"EFE"),
    ("Sputnik", r"Sputnik"),
    ("Mehr News Agency", r"MNA|Mehr News Agency"),
    ("IRNA", r"IRNA"),
    ("SANA", r"SANA"),
    ("TASS", r"TASS"),
    ("APP", r"APP"),
)
_AGENCY = "|".join(f"(?P<a{index}>{pattern})" for index, (_, pattern) in enumerate(AGENCIES))
_BY = r"(?:[Bb]y|BY)\s+(?:[\w.' -]{1,60},\s*)?"
_OUTLET_FORMS = (
    ("dateline", re.compile(r"^\(?[A-Z][\w'. /-]{1,40}(?:,[^()\n]{1,40})?\s*\((?:" + _AGENCY + r")\b[^)]{0,60}\)\s*[-–—:]")),
    ("byline", re.compile(r"^\s*(?:" + _BY + r")?(?:" + _AGENCY + r")(?: News)?\s*(?:$|,?\s+(?:[A-Z][a-z]+day|[A-Z][a-z]+\.? \d|\d))")),
    ("dateline", re.compile(r"^[A-Z][A-Z' -]{2,30}\s*[-–—]\s*(?:" + _AGENCY + r")\s*$")),
    ("sign-off", re.compile(r"\s[—–-]\s(?:" + _AGENCY + r")\s*$")),
)


def _agency_of(match: re.Match) -> str:
    return next(name for index, (name, _) in enumerate(AGENCIES) if match.group(f"a{index}"))


def outlet_from_text(raw: str) -> str:
    """The outlet a page names for itself: a "Source:" line, else the agency of its dateline,
    byline or sign-off ("BEIRUT (AP) —", "By Jane Doe, Associated Press", "... — Reuters").

    >>> outlet_from_text("MOSUL, Iraq, July 10, 2017 (Reuters) - Troops advanced."), outlet_from_text("By Jane Roe, Associated Press\\nTroops advanced.")
    ('Reuters', 'AP')
    """
    lines = raw.splitlines()
    for line in reversed(lines):
        match = _OUTLET_LINE.match(line)
        if match:
            return match.group("outlet").strip()
    top = [" ".join(line.split()) for line in lines[:40] if line.strip()]
    for _, form in _OUTLET_FORMS:
        for line in top:
            match = form.search(line)
            if match:
                return _agency_of(match)
    return ""


# ----------------------------------------------------------------------------------------------
# Files, sources.csv, the article record
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    """One row of ``seeds/sources.csv``: metadata an article's text lacks."""

    file: str
    outlet: str = ""
    published: date | None = None
    title: str = ""
    url: str = ""


def parse_sources_csv(text: str, where: str = "sources.csv") -> dict[str, SourceInfo]:
    """Read the sources table (file, outlet, published, title[, url])."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"file", "outlet", "published", "title"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(where, f"missing columns {', '.join(sorted(missing))}")
    table = {}
    for row_number, row in enumerate(reader, start=2):
        published = None
        if (row.get("published") or "").strip():
            try:
                published = date.fromisoformat(row["published"].strip())
            except ValueError:
                raise InputError(f"{where}:{row_number}", f"published {row['published']!r} is not a YYYY-MM-DD date") from None
        table[row["file"].strip()] = SourceInfo(
            file=row["file"].strip(),
            outlet=(row.get("outlet") or "").strip(),
            published=published,
            title=(row.get("title") or "").strip(),
            url=(row.get("url") or "").strip(),
        )
    return table


def decode_article(name: str, data: bytes) -> str:
    """Bytes of an uploaded or read file to text, or a one-line InputError.

    Refuses empty, oversized and binary files; the decoding is :func:`geo.textfile.decode_text`'s
    (UTF-8, UTF-16/32 by byte-order mark, else line by line with cp1252/Latin-1 for a stray byte).

    >>> decode_article("a.txt", "Rāwah".encode("cp1252", "replace"))
    'R?wah'
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(name, f"file is {len(data) / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1_000_000} MB")
    if not data.strip():
        raise InputError(name, "file is empty")
    text = decode_text(name, data, "save the article as .txt, .md or .html")
    if name.lower().endswith((".html", ".htm")) or _looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise InputError(name, "file has no readable text")
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or head.count("<p>") >= 2


class _TextExtractor(HTMLParser):
    """A plain reading of every visible block, used when the page is too small for trafilatura."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "form", "button", "select"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "header",
        "tr",
        "blockquote",
        "figcaption",
        "title",
        "time",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        if tag == "meta":
            values = dict(attrs)
            if values.get("property") in ("article:published_time",) or values.get("name") in ("date", "pubdate", "publishdate"):
                self.parts.append(f"\n\nPublished: {values.get('content', '')}\n\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def _plain_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """Text of an HTML page: its main content through trafilatura (comments off), one block per
    paragraph, headed by ``Published: YYYY-MM-DD`` when the page's metadata dates it (htmldate,
    metadata only, no guessing from the text) or else a date line of the whole page does (see
    :func:`publication_date`). Small fragments are read block by block.

    >>> html_to_text("<p>Rawa <b>fell</b>.</p><script>alert(1)</script><p>Next</p>").split()
    ['Rawa', 'fell.', 'Next']
    """
    plain = _plain_text(markup)
    if len(plain) < 500:
        return plain
    import lxml.html
    import trafilatura
    from htmldate import find_date as html_date

    try:
        tree = lxml.html.fromstring(markup)
        document = trafilatura.bare_extraction(tree, include_comments=False, include_tables=False, with_metadata=True)
        published = html_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, lxml.etree.ParserError):
        return plain
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text) < 0.2 * len(plain) and len(text) < 400:
        return plain
    if not published:
        # No date in the metadata: the page's own date line, read from the whole page (trafilatura keeps only the story).
        written = publication_date(plain)[0]
        published = written.isoformat() if written else ""
    head = []
    if published:
        head.append(f"Published: {published}")
    title = getattr(document, "title", "") or ""
    if title and not text.startswith(title):
        head.append(title)
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return "\n\n".join(head + paragraphs)


def parse_article(source: str, raw: str, info: SourceInfo | None = None) -> Article:
    """Turn the text of one article into an :class:`Article`.

    The date comes from the text (and the page's URL in ``info``); ``info`` (a
    sources.csv row) fills gaps and wins on conflict. Raises
    :class:`UndatedArticleError` when neither has one: an article is never dated "today".
    """
    lines = classify_lines(raw)
    written, where = None, ""
    candidates = date_candidates(raw, info.url if info else "", lines)
    if candidates:
        best = candidates[0]
        written = best.when
        where = f"url: '{best.text[:90]}'" if best.kind == "url" else f"text ({best.kind}): '{best.text.strip()[:70]}'"
    published, published_from = written, where
    if info and info.published:
        published = info.published
        published_from = (
            "sources.csv"
            if written is None
            else ("sources.csv (text agrees)" if written == info.published else f"sources.csv (text said {written.isoformat()})")
        )
    if published is None:
        raise UndatedArticleError(source, "no publication date in the text or in sources.csv; add one to sources.csv or enter it when uploading")
    body = read_body(raw, lines)
    title, paragraphs = body.title, list(body.paragraphs)
    dateline = ""
    for index, paragraph in enumerate(paragraphs[:3]):
        # The dateline opens the story proper, which may follow a standfirst.
        match = _DATELINE.match(paragraph)
        if match and not re.match(
            r"^(?:Updated|Published|Posted|Source|Note|Photo|Image|Caption|Warning|Reporting|Editing|Breaking|Breaking News)$",
            match.group("place"),
            re.IGNORECASE,
        ):
            dateline = match.group("place")
            paragraphs[index] = paragraph[match.end() :]
            break
    outlet = info.outlet if info and info.outlet else outlet_from_text(raw)
    if info and info.title:
        title = info.title
    sentences = []
    for paragraph_index, paragraph in enumerate(paragraphs):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(text=text, index=len(sentences), paragraph=paragraph_index))
    if not title and sentences:
        title = sentences[0].text[:120]
    return Article(
        source=source,
        title=title,
        outlet=outlet,
        published=published,
        published_from=published_from,
        body="\n\n".join(paragraphs),
        sentences=tuple(sentences),
        dateline=dateline,
        url=info.url if info else "",
        removed_lines=body.removed_lines,
    )


def _outlet_from_text(raw: str) -> str:
    return outlet_from_text(raw)
