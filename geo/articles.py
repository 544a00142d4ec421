"""Reading an article: bytes to text, publication date, clean body, sentences.

Everything here is pure (text in, records out); the CLI and the dashboard read
the files. Page furniture is removed before anything else looks at the text:
related-link lists ("Explore", "Also See"), comment disclaimers, newsletter and
election promos, share buttons, bylines, photo credits, repeated headlines.

>>> article = parse_article("x.txt", "BAGHDAD: Iraqi forces on Thursday retook Rawa.\\n\\nPublished: 27th October 2017 01:13 AM")
>>> article.published.isoformat(), article.dateline, article.sentences[0].text
('2017-10-27', 'BAGHDAD', 'Iraqi forces on Thursday retook Rawa.')
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from .errors import InputError, UndatedArticleError
from .records import Article, Sentence

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
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
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = (
    re.compile(r"\b" + _YEAR + r"-(?P<mnum>\d\d)-(?P<day>\d\d)(?:\b|(?=T\d))"),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _YEAR + r"/(?P<mnum>\d\d)/(?P<day>\d\d)\b"),
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_KEYWORD_DATE = re.compile(
    r"(?P<keyword>published(?:\s+on)?|posted(?:\s+on)?|first\s+published|last\s+updated|updated(?:\s+date)?(?:\s+on)?|date)\s*[:\-]?\s*" + _WEEKDAY,
    re.IGNORECASE,
)
_KEYWORD_RANK = {"published": 0, "posted": 0, "first published": 0, "date": 1, "updated": 3, "last updated": 4}
_ANY_MONTH = _MONTH.replace("?P<month>", "")
_STANDALONE_DATE = re.compile(
    r"^\s*"
    + _WEEKDAY
    + r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _ANY_MONTH
    + r",?\s+(?:19|20)\d\d|"
    + _ANY_MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)"
    r"(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?:\s*(?:,|\||-|–|at)?\s*[\d:]+\s*(?:am|pm)?\s*[A-Z]{0,4})?\s*$",
    re.IGNORECASE,
)
_ISO_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d\d(?:-\d\d)?)\s*")

# Lines after which the rest of the page is navigation, not the story.
_LIST_MARKERS = re.compile(
    r"^\s*(?:explore|also see|also read|see also|related|related (?:articles|stories|news|content|coverage|topics)|read more|"
    r"more from [\w .]+|more on this story|most read|most popular|most viewed|recommended|recommended for you|trending|"
    r"trending now|you may also like|you might also like|top stories|latest news|more stories|editor'?s picks|"
    r"tags?|topics|share this(?: article)?|comments?)\s*:?\s*$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:^\s*sponsored(?: by| content)?\b|^\s*advertisement\s*$|^\s*\d+\s+min(?:ute)?s?\s+read\s*$|^\s*by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}\s*$"
    r"|^\s*(?:source|sources|credit|photo|image|picture|file photo)\s*:\s*\S.{0,60}$|representational (?:image|purpose)|image for representational"
    r"|^\s*(?:world|news|middle east|politics|asia|europe|africa|americas)\s*$"
    r"|you must be logged in|logged in to post|post a comment|leave a (?:reply|comment)|moderat(?:e|ed|ing) (?:your |the )?comments"
    r"|views expressed in (?:the )?comments|disclaimer\s*:|all rights reserved|copyright\s|©|subscribe (?:to|now)|sign up for|newsletter"
    r"|follow us on|like (?:us|our) (?:on )?facebook|on twitter and instagram|share your feedback|sneak a peek|contact us\s*$"
    r"|click here|cookie|privacy policy|terms of (?:use|service)|election news|live updates and schedule|download (?:the|our) app"
    r"|^\s*(?:flipboard|facebook|twitter|whatsapp|linkedin|email|print|reddit|telegram)(?:\s+(?:flipboard|facebook|twitter|whatsapp|linkedin|email|print|reddit|telegram))*\s*$"
    r"|^\s*a\+\s*a-\s*$|last updated\s*:)",
    re.IGNORECASE,
)
_CREDIT_SUFFIX = re.compile(r"\s*/\s*(?:AFP|AP|Reuters|Getty Images|EPA|AA)\s*$")
_OUTLET_LINE = re.compile(r"^\s*source\s*:\s*(?P<outlet>[A-Za-z][\w .&'-]{1,40}?)\s*$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,2}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)?"
    r"(?:\s*\((?:Reuters|AFP|AP|Xinhua|Anadolu|dpa)\))?\s*(?::|\s[-–—]{1,2}\s)\s*(?=[A-Z\"“])"
)
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr gen lt col maj capt sgt st no jan feb mar apr jun jul aug sep sept oct nov dec"
        " u.s u.k u.n e.g i.e vs approx est fig rep sen gov adm brig cmdr"
    ).split()
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


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

    Refuses empty, oversized and binary files; reads UTF-8 (with or without BOM)
    and falls back to cp1252 then Latin-1 for old Windows/European files.

    >>> decode_article("a.txt", "Rāwah".encode("cp1252", "replace"))
    'R?wah'
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(name, f"file is {len(data) / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1_000_000} MB")
    if not data.strip():
        raise InputError(name, "file is empty")
    if b"\x00" in data[:8192] or _binary_share(data[:8192]) > 0.10:
        raise InputError(name, "file is binary, not text; save the article as .txt, .md or .html")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if name.lower().endswith((".html", ".htm")) or _looks_like_html(text):
            text = html_to_text(text)
        if not text.strip():
            raise InputError(name, "file has no readable text")
        return text
    raise InputError(name, "text is in an unknown encoding; save it as UTF-8")  # pragma: no cover - latin-1 decodes all


def _binary_share(chunk: bytes) -> float:
    control = sum(1 for byte in chunk if byte < 32 and byte not in (9, 10, 12, 13))
    return control / max(1, len(chunk))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or head.count("<p>") >= 2


class _TextExtractor(HTMLParser):
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


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per paragraph; scripts dropped.

    >>> html_to_text("<p>Rawa <b>fell</b>.</p><script>alert(1)</script><p>Next</p>").split()
    ['Rawa', 'fell.', 'Next']
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _date_from_match(match: re.Match) -> date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get(groups["month"].lower().rstrip("."))
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def find_date(text: str) -> date | None:
    """The first full date written in ``text`` (ISO, "27th October 2017", "Sep 21, 2017")."""
    best = None
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    return _date_from_match(best) if best else None


def publication_date(raw: str) -> tuple[date | None, str]:
    """The publication date written in the page, and where it was found.

    Header lines with a keyword win ("Published:", "date 2017-09-30", then
    "Updated"); otherwise a line holding only a date near the top or bottom.
    """
    lines = raw.splitlines()
    found: list[tuple[int, int, date, str]] = []
    prefix = _ISO_PREFIX.match(raw)
    if prefix and len(prefix.group(1)) == 10:
        found.append((1, 0, date.fromisoformat(prefix.group(1)), f"text: 'date {prefix.group(1)}'"))
    for number, line in enumerate(lines):
        for keyword in _KEYWORD_DATE.finditer(line):
            rest = line[keyword.end() : keyword.end() + 60]
            candidate = None
            for pattern in DATE_PATTERNS:
                match = pattern.match(rest)
                if match:
                    candidate = _date_from_match(match)
                    break
            if candidate:
                word = " ".join(keyword.group("keyword").lower().split()).replace(" on", "").replace(" date", "")
                snippet = line.strip()[:70]
                found.append((_KEYWORD_RANK.get(word, 2), number, candidate, f"text: '{snippet}'"))
    near_edges = set(range(min(15, len(lines)))) | set(range(max(0, len(lines) - 12), len(lines)))
    for number in sorted(near_edges):
        if _STANDALONE_DATE.match(lines[number]):
            candidate = find_date(lines[number])
            if candidate:
                found.append((2, number, candidate, f"text: '{lines[number].strip()}'"))
    if not found:
        return None, ""
    rank, _, when, where = min(found, key=lambda item: (item[0], item[1]))
    return when, where


def _normalise_line(line: str) -> str:
    return " ".join(line.split()).casefold()


def _is_headline_like(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not re.search(r"[.!?][\"”’')]*\s*$", stripped) and len(stripped) < 200


def clean_lines(raw: str) -> tuple[str, list[str], int]:
    """Split the page into (title, body paragraphs, number of lines dropped)."""
    raw = _ISO_PREFIX.sub("", raw, count=1)
    lines = raw.splitlines()
    kept: list[str] = []
    seen: set[str] = set()
    dropped = 0
    in_list = False
    title = ""
    for line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if _LIST_MARKERS.match(stripped):
            in_list = True
            dropped += 1
            continue
        if in_list:
            if len(stripped) > 200 and not _is_headline_like(stripped):
                in_list = False
            else:
                dropped += 1
                continue
        key = _normalise_line(stripped)
        if _BOILERPLATE.search(stripped) or _STANDALONE_DATE.match(stripped) or _KEYWORD_DATE.match(stripped):
            dropped += 1
            continue
        if key in seen:
            dropped += 1
            continue
        seen.add(key)
        stripped = _CREDIT_SUFFIX.sub("", stripped)
        if _is_headline_like(stripped):
            if not title and len(stripped.split()) >= 4:
                title = stripped
            dropped += 1
            continue
        kept.append(stripped)
    paragraphs = [line for line in kept if line]
    return title, paragraphs, dropped


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations ("Gen.", "U.S.") whole.

    >>> split_sentences("Maj. Gen. Smith said so. Then Rawa fell. It was 7.7 km away.")
    ['Maj. Gen. Smith said so.', 'Then Rawa fell.', 'It was 7.7 km away.']
    """
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        word = re.search(r"([\w.]+)\W*$", paragraph[start : match.start() + 1])
        token = word.group(1).rstrip(".").casefold() if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        piece = paragraph[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def parse_article(source: str, raw: str, info: SourceInfo | None = None) -> Article:
    """Turn the text of one article into an :class:`Article`.

    The date comes from the text; ``info`` (a sources.csv row) fills gaps and
    wins on conflict. Raises :class:`UndatedArticleError` when neither has one:
    an article is never dated "today".
    """
    written, where = publication_date(raw)
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
    title, paragraphs, dropped = clean_lines(raw)
    dateline = ""
    for index, paragraph in enumerate(paragraphs[:3]):
        # The dateline opens the story proper, which may follow a standfirst.
        match = _DATELINE.match(paragraph)
        if match and not re.match(
            r"^(?:Updated|Published|Posted|Source|Note|Photo|Image|Caption|Warning|Reporting|Editing)$", match.group("place"), re.IGNORECASE
        ):
            dateline = match.group("place")
            paragraphs[index] = paragraph[match.end() :]
            break
    outlet = info.outlet if info and info.outlet else _outlet_from_text(raw)
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
        removed_lines=dropped,
    )


def _outlet_from_text(raw: str) -> str:
    for line in reversed(raw.splitlines()):
        match = _OUTLET_LINE.match(line)
        if match:
            return match.group("outlet").strip()
    return ""
