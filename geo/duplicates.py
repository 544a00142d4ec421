"""One wire story through several outlets is one report: near-duplicate articles.

An agency's story re-published by a second outlet comes with another headline,
another byline, a trimmed last paragraph or the page's furniture, so its body is
not byte-equal and its events get other ids: without this stage the map would
count two independent sources where there is one. :func:`same_stories` finds
such copies:

* a body is normalised (casefolded, punctuation off) and cut into overlapping
  shingles of :data:`SHINGLE_WORDS` words;
* each body gets a MinHash signature of :data:`PERMUTATIONS` hash functions (fixed
  seed, so every build groups alike) and LSH banding (:data:`BANDS` bands of
  :data:`ROWS` rows) finds the candidate pairs without comparing every pair;
* a candidate is a copy when its shingle sets' Jaccard similarity is at least
  :data:`SAME_STORY_JACCARD` and the two were published at most
  :data:`SAME_STORY_DAYS` apart (a background paragraph re-used a year later is
  another report). The Jaccard of a candidate is computed exactly on the two
  shingle sets (cheap for the few candidates), so a pair just above the threshold
  is never lost to the estimate's noise (about ±0.04 at 128 permutations).

Articles are taken in publication order (ties by source name): each either joins
the most similar earlier representative or becomes one, so a group's
representative is its earliest article and the result does not depend on the
input's order.

Hand-written rather than ``datasketch`` (2.0.0, which does the same MinHash and
LSH). Measured on the 5,000 generated articles of ``bench/`` (3.3 MB of bodies),
same shingles, bands and exact check, best of three: 0.7-1.0 s here against
2.1-2.5 s with ``datasketch`` (it hashes each shingle through SHA-1 in Python),
whose import also pulls in SciPy (0.5-0.75 s per process, for an LSH parameter
search we do not need). Both found the same groups: none among the 5,000, and
the same 269 of 300 planted edited copies (the other 31 are short bodies whose
edits leave their Jaccard under the threshold). Here words are hashed once each,
and shingles, permutations and minima are numpy operations.

>>> from datetime import date
>>> from geo.records import Article
>>> story = "Iraqi troops entered the northern town on Tuesday after a week of heavy fighting with the militants, officers said."
>>> a = Article("a.txt", "Troops enter town", "Wire", date(2017, 10, 3), "", story + " More follows.", ())
>>> b = Article("b.txt", "Town falls", "Host (Wire)", date(2017, 10, 4), "", story, ())
>>> same_stories([b, a])
{'b.txt': 'a.txt'}
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .records import Article

SHINGLE_WORDS = 5  # words per shingle: long enough that two reports of one event in their own words share few
SAME_STORY_JACCARD = 0.7  # a dropped last paragraph or a byline keeps a copy well above; two write-ups of one event stay far below
SAME_STORY_DAYS = 3  # a copy is published within this many days of its representative
PERMUTATIONS = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == PERMUTATIONS; a pair at 0.7 is a candidate with p > 0.999, at 0.3 with p ~ 0.23
SEED = 20171017  # fixed: the same inputs give the same signatures, groups and CSV bytes

_WORD = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_33, _FMIX1, _FMIX2 = np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_CHUNK = 4096  # shingles per block of the (shingles x permutations) product: bounded memory on a 20 MB page
# odd multipliers that give each of a shingle's word positions its own weight
_POSITION = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD], dtype=np.uint64)


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps ``h -> a*h + b (mod 2**64)``, ``a`` odd (a bijection), from the fixed seed."""
    generator = np.random.Generator(np.random.PCG64(SEED))
    a = generator.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = generator.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2)
    return a, b


_A, _B = _permutations()


def words(text: str) -> list[str]:
    """The body as the comparison reads it: casefolded words, punctuation off.

    >>> words("BAGHDAD — Troops, on Tuesday, 'retook' it.")
    ['baghdad', 'troops', 'on', 'tuesday', 'retook', 'it']
    """
    return _WORD.findall(text.casefold())


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, element-wise: spreads every input bit over the output."""
    values = values ^ (values >> _33)
    values = values * _FMIX1  # numpy arrays wrap modulo 2**64 silently, as a hash wants
    values = values ^ (values >> _33)
    values = values * _FMIX2
    return values ^ (values >> _33)


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str, cache: dict[str, int] | None = None) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the body's :data:`SHINGLE_WORDS`-word shingles
    (a shorter body is one shingle; an empty one none). ``cache`` keeps word hashes across calls.

    >>> len(shingles("one two three four five six")), len(shingles("one two")), len(shingles(""))
    (2, 1, 0)
    >>> bool((shingles("A b, c d e!") == shingles("a B c. D e")).all())
    True
    """
    cache = {} if cache is None else cache
    tokens = words(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter((cache[w] if w in cache else cache.setdefault(w, _word_hash(w)) for w in tokens), dtype=np.uint64, count=len(tokens))
    width = min(SHINGLE_WORDS, len(tokens))
    count = len(tokens) - width + 1
    combined = hashes[:count] * _POSITION[0]
    for position in range(1, width):
        combined += hashes[position : position + count] * _POSITION[position]
    return np.unique(_fmix64(combined))


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (:data:`PERMUTATIONS` values) of a set of shingle hashes.

    >>> one = signature(shingles("troops entered the town on tuesday after a week of fighting"))
    >>> two = signature(shingles("troops entered the town on tuesday after a week of fighting"))
    >>> bool((one == two).all()), one.shape
    (True, (128,))
    """
    minima = np.full(PERMUTATIONS, _MASK64, dtype=np.uint64)
    mixed = _fmix64(hashes)
    for start in range(0, len(mixed), _CHUNK):
        block = mixed[start : start + _CHUNK, None] * _A[None, :] + _B[None, :]
        minima = np.minimum(minima, block.min(axis=0))
    return minima


def jaccard(one: np.ndarray, other: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted, distinct hash arrays.

    >>> jaccard(shingles("a b c d e f"), shingles("a b c d e g"))
    0.3333333333333333
    """
    if not len(one) or not len(other):
        return 0.0
    common = len(np.intersect1d(one, other, assume_unique=True))
    return common / (len(one) + len(other) - common)


@dataclass(frozen=True)
class _Story:
    source: str
    published: date
    hashes: np.ndarray
    bands: tuple[bytes, ...]


def _stories(articles: Iterable[Article]) -> list[_Story]:
    cache: dict[str, int] = {}
    stories = []
    for article in sorted(articles, key=lambda item: (item.published, item.source)):
        hashes = shingles(article.body, cache)
        if not len(hashes):
            continue  # nothing to compare: an empty body is nobody's copy
        values = signature(hashes)
        bands = tuple(values[band * ROWS : (band + 1) * ROWS].tobytes() for band in range(BANDS))
        stories.append(_Story(article.source, article.published, hashes, bands))
    return stories


def same_stories(articles: Sequence[Article]) -> dict[str, str]:
    """Each copy's source -> its group's representative (the earliest published, ties by source
    name); an article that is no other's copy is not in the result. See the module's rules.

    >>> from datetime import date
    >>> from geo.records import Article
    >>> text = "Kurdish fighters took the hill overlooking the road on Monday, cutting a supply line of the militants to the west."
    >>> far = Article("c.txt", "", "", date(2018, 3, 1), "", text, ())
    >>> near = Article("a.txt", "", "", date(2017, 3, 1), "", text, ())
    >>> same_stories([far, near])  # a year apart: another report
    {}
    """
    buckets: dict[tuple[int, bytes], list[_Story]] = defaultdict(list)
    copies: dict[str, str] = {}
    for story in _stories(articles):
        candidates: dict[str, _Story] = {}
        for band, key in enumerate(story.bands):
            for leader in buckets.get((band, key), ()):
                if (story.published - leader.published).days <= SAME_STORY_DAYS:
                    candidates[leader.source] = leader
        best: tuple[float, date, str] | None = None
        for leader in candidates.values():
            similarity = jaccard(story.hashes, leader.hashes)
            rank = (-similarity, leader.published, leader.source)
            if similarity >= SAME_STORY_JACCARD and (best is None or rank < best):
                best = rank
        if best is not None:
            copies[story.source] = best[2]
            continue
        for band, key in enumerate(story.bands):
            buckets[(band, key)].append(story)
    return copies
