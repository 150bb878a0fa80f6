"""Copies: one report published twice. A wire story reposted with another headline or other
boilerplate, trimmed, or lightly edited is one source, not two.

Each article's text becomes a set of word shingles (``SHINGLE`` words, normalised as
``keys.normalise`` does); MinHash LSH (datasketch) finds the pairs whose shingle sets may
overlap at all, then the aligned text decides: each sentence of the shorter article is
matched with the other's most alike sentence (word-set Jaccard of at least
``SENTENCE_MATCH``, and the same figures), and the pair is a copy when the matched sentences
hold at least ``COPY_SHARE`` of the shorter article's words, or ``LEAD_SHARE`` of them when
the two keep one lead and change no figure (two cuts of one wire item). Sentence by sentence, a
reordered paragraph still matches, an edited word or a changed headline costs one sentence,
a changed figure makes another report (an update), and two different reports sharing a
quotation or a paragraph match only that part: no copy.

A copy links to the earliest version: by working date (the article's publication date, when
known), then by the order given (ingest order).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..keys import normalise

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    Signed: TypeAlias = LeanMinHash | np.ndarray  # a MinHash, or its hash values (a store's)

SHINGLE = 5  # words per shingle
NUM_PERM = 128  # MinHash permutations
SCHEME = "affine32"  # datasketch 2's default permutations, named so that they stay fixed
# LSH finds pairs whose shingle Jaccard may reach this; a trimmed copy of a quarter of its
# original has Jaccard ~0.25 before any edit, so candidates are taken wide and the aligned
# text decides.
CANDIDATE_JACCARD = 0.1
# Two sentences are one when their word sets overlap this much (Jaccard), and a pair is a
# copy when such sentences hold this share of the shorter article's words. Chosen on the
# hand-labelled pairs of real ECB+ reports (bench/data/copies-ecb-dev) for precision: at
# 0.5 / 0.8 none of the 68 pairs of different reports is called a copy (bench/copies.py).
SENTENCE_MATCH = 0.5
COPY_SHARE = 0.8
# Two cuts of one wire item keep its lead (a story is cut from the bottom) and each keeps
# sentences the other dropped; an outlet's own report, or an update, writes a lead of its
# own. So a pair that keeps one lead (``same_lead``) and changes no figure is a copy from
# LEAD_SHARE. On the 100 hand-labelled pairs of real ECB+ dev reports
# (bench/data/copies-ecb-dev), no pair of different reports in [0.5, 0.8) keeps one lead;
# with it, 18 of the 32 copies are found in a story, 13 without (bench/copies.py).
LEAD_SHARE = 0.5
LEAD_SENTENCES = 2
LEAD_WORDS = 10
# ... and the cuts share this many sentences, the lead one of them: in two short briefs of
# two or three sentences, a lead written alike (a toll, the agency that gave it) is half
LEAD_MATCHED = 3
MIN_SHINGLES = 12  # a text shorter than this (a caption, a teaser) is nobody's copy
MIN_SENTENCE_WORDS = 4

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True, slots=True)
class CopyLink:
    """``copy`` (an article id) is a copy of ``original``; ``similarity``: the share of the
    shorter one's words in sentences the other has too (``aligned_share``)."""

    copy: str
    original: str
    similarity: float


def shingles(text: str) -> frozenset[int]:
    """The text's word shingles, as stable 64-bit hashes."""
    words = _WORD.findall(normalise(text))
    grams = (" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1)))
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(),
                                    "little") for g in grams if g)


def minhash(found: frozenset[int]) -> LeanMinHash:
    """The MinHash (``NUM_PERM`` permutations) of a shingle set."""
    from datasketch import LeanMinHash, MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([h.to_bytes(8, "little") for h in found])
    return LeanMinHash(m)


@functools.cache
def lsh_bands() -> tuple[int, int]:
    """LSH bands and rows for ``CANDIDATE_JACCARD``, as datasketch chooses them (its search
    takes a tenth of a second: done once per process, not per index)."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(CANDIDATE_JACCARD, NUM_PERM, 0.5, 0.5)
    return int(b), int(r)


# A sentence: its words, and its figures apart (a copy may reword, not change a figure).
Sentence = tuple[frozenset[str], frozenset[str]]
Sentences = tuple[Sentence, ...]
_FIGURE = re.compile(r"\d+(?:[,.]\d+)*")  # "1,098" is 1098


def sentence_words(text: str) -> Sentences:
    """The word sets (and figure sets) of the text's sentences (lines and full stops cut;
    short ones left out)."""
    out = []
    for piece in _SENTENCE_END.split(text):
        words = frozenset(_WORD.findall(normalise(piece)))
        if len(words) >= MIN_SENTENCE_WORDS:
            out.append((words, frozenset(f.replace(",", "") for f in _FIGURE.findall(piece))))
    return tuple(out)


def _worded_alike(s: Sentence, t: Sentence) -> bool:
    """Most words shared: word-set Jaccard at least ``SENTENCE_MATCH``."""
    return len(s[0] & t[0]) >= SENTENCE_MATCH * len(s[0] | t[0])


def _same(s: Sentence, t: Sentence) -> bool:
    """One sentence, reworded at most: most words shared (``_worded_alike``) and the same
    figures. "From March 20 to 22" for "from March 20-23" is another report's fact (an
    update, a correction), not a copy's edit."""
    return _worded_alike(s, t) and s[1] == t[1]


def _shared(a: Sentences, b: Sentences) -> tuple[list[Sentence], int]:
    """The sentences of the shorter text (in words, counted per sentence) that the other has
    too (``_same``), and the shorter text's words."""
    size_a, size_b = sum(len(s[0]) for s in a), sum(len(s[0]) for s in b)
    short, other = (a, b) if size_a <= size_b else (b, a)
    return [s for s in short if any(_same(s, t) for t in other)], min(size_a, size_b)


def aligned_share(a: Sentences, b: Sentences) -> float:
    """Share of the shorter text's words (counted per sentence) in sentences the other text
    has too (``_same``)."""
    shared, total = _shared(a, b)
    return sum(len(s[0]) for s in shared) / total if total else 0.0


def same_lead(a: Sentences, b: Sentences) -> bool:
    """The two keep one lead: the first long sentence of one (``LEAD_WORDS`` words or more,
    a link's pieces passed over) is one of the first ``LEAD_SENTENCES`` long sentences of the
    other (``_same``), which may carry a headline or a standfirst of its own before it. An
    outlet that opens with a sentence of its own and goes on with the wire's is no copy."""
    def lead(x: Sentences) -> list[Sentence]:
        return [s for s in x if len(s[0]) >= LEAD_WORDS and not _link(s[0])][:LEAD_SENTENCES]

    mine, theirs = lead(a), lead(b)
    return bool(mine and theirs) and (any(_same(mine[0], t) for t in theirs)
                                      or any(_same(theirs[0], s) for s in mine))


def figure_changed(a: Sentences, b: Sentences) -> bool:
    """A sentence of ``a`` is one of ``b``'s in its words, each with a figure the other
    lacks: an update ("At least 17 people were killed" for 14), whose new figure must be
    able to disagree. A figure added or dropped ("at 40 East Fifth Avenue") is a cut's edit;
    a link's digits are no figure."""
    return any(s[1] - t[1] and t[1] - s[1] and _worded_alike(s, t) and not _link(s[0] | t[0])
               for s in a for t in b)


def _link(words: frozenset[str]) -> bool:
    """A piece of a link ("http", "www..."), not a sentence of the report."""
    return any(w.startswith(("http", "www")) for w in words)


def is_copy(a: Sentences, b: Sentences, share: float, threshold: float = COPY_SHARE) -> bool:
    """Whether texts of sentences ``a`` and ``b`` (``share``: their ``aligned_share``) are
    one report: most of the shorter's words in sentences the other has, or half of them,
    the same lead and no figure changed."""
    if share >= threshold:
        return True
    # the lead first: four sentences compared, where the others compare every pair
    return (share >= min(LEAD_SHARE, threshold) and same_lead(a, b)
            and len(_shared(a, b)[0]) >= LEAD_MATCHED and not figure_changed(a, b))


def added_words(a: Sentences, b: Sentences) -> int:
    """Words of ``a``'s sentences that ``b`` has none of (``_same``): what a fuller version
    adds to the report it repeats."""
    return sum(len(s[0]) for s in a if not any(_same(s, t) for t in b))


def sign(text: str) -> LeanMinHash | None:
    """The MinHash of the text's shingles; None for a text too short to be anyone's copy."""
    found = shingles(text)
    return minhash(found) if len(found) >= MIN_SHINGLES else None


def signature_bytes(signed: LeanMinHash) -> bytes:
    """The MinHash's values as bytes (``affine32`` values fit 32 bits), for a store."""
    import numpy as np

    return np.asarray(signed.hashvalues, dtype="<u4").tobytes()


def signature_values(blob: bytes) -> np.ndarray:
    """A stored MinHash's hash values (``signature_bytes``), as datasketch holds them."""
    import numpy as np

    return np.frombuffer(blob, dtype="<u4").astype(np.uint64)


def signature_from(blob: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash(seed=1, hashvalues=signature_values(blob), scheme=SCHEME)


# The exact index's floor: CANDIDATE_JACCARD less twice the standard error of a 128-value
# estimate there (sqrt(0.1 x 0.9 / 128) = 0.027), so it takes what LSH's banding may take
# (64 bands of 2 rows: a pair at 0.05 is a candidate 15% of the time, at 0.1 47%).
EXACT_FLOOR = 0.05


def _hash_values(signed: Signed) -> np.ndarray:
    import numpy as np

    return np.asarray(getattr(signed, "hashvalues", signed))


class _ExactIndex:
    """LSH's part for the few hundred articles of one story: every indexed signature
    compared with the query's (the share of equal hash values estimates the Jaccard). The
    banding pays on a stream; on a story it costs importing datasketch (and with it
    scipy.integrate: half a second of a stored story's weave), and this is exact."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.values: list[np.ndarray] = []

    def insert(self, key: str, signed: Signed) -> None:
        self.keys.append(key)
        self.values.append(_hash_values(signed))

    def remove(self, key: str) -> None:
        k = self.keys.index(key)
        del self.keys[k], self.values[k]

    def query(self, signed: Signed) -> list[str]:
        import numpy as np

        if not self.keys:
            return []
        alike = (np.stack(self.values) == _hash_values(signed)).mean(axis=1)
        return [self.keys[k] for k in np.flatnonzero(alike >= EXACT_FLOOR)]


class CopyFinder:
    """Copies among articles added one at a time (in ingest order). ``add`` returns the
    links the article makes; a new article older (by working date) than the version it
    copies becomes the original, and the links are turned round.

    ``window``: copies are looked for among that many articles added last (a stream's
    index stays bounded; wire copies come within days); None: among all. ``sentences_of``:
    where an article's sentence words come from when they are not kept in memory (a store
    keeps the texts; held in memory for all, they would grow with the stream).
    """

    def __init__(self, *, threshold: float = COPY_SHARE, window: int | None = None,
                 sentences_of: Callable[[str], Sentences] | None = None,
                 exact: bool = False) -> None:
        self.threshold, self.window = threshold, window
        if exact:  # one story's articles (``copies_among``)
            self.lsh: MinHashLSH | _ExactIndex = _ExactIndex()
        else:
            from datasketch import MinHashLSH

            self.lsh = MinHashLSH(num_perm=NUM_PERM, params=lsh_bands())
        self.recent: deque[str] = deque()  # in the LSH index, oldest first
        self.sentences: dict[str, Sentences] = {}
        self.sentences_of = sentences_of
        self.when: dict[str, tuple[str, int]] = {}  # (working date or "~", order)
        self.original_of: dict[str, str] = {}

    def _sentences(self, article_id: str) -> Sentences:
        if self.sentences_of is None or article_id in self.sentences:
            return self.sentences[article_id]
        return self.sentences_of(article_id)

    def remember(self, article_id: str, signed: Signed | None, *, date: str | None,
                 order: int, original: str | None = None) -> None:
        """Take up an article added in an earlier run (a store's), without looking for its
        copies again."""
        self.when[article_id] = ((date or "~")[:10], order)
        if original is not None:
            self.original_of[article_id] = original
        if signed is not None:
            self._index(article_id, signed)

    def _index(self, article_id: str, signed: Signed) -> None:
        self.lsh.insert(article_id, signed)
        self.recent.append(article_id)
        while self.window is not None and len(self.recent) > self.window:
            self.lsh.remove(self.recent.popleft())

    def add(self, article_id: str, text: str, *, date: str | None = None,
            order: int | None = None, signed: Signed | None | bool = True,
            ) -> list[CopyLink]:
        """Add an article (``date``: its working date, ISO; ``order``: its ingest order;
        ``signed``: its MinHash when the caller made it already, see ``sign``) and return
        the links it changed: itself a copy of an original, or, when it is older, the
        original of what it copies (and of that version's copies)."""
        if article_id in self.when:
            return []
        mine = sentence_words(text)
        if self.sentences_of is None:
            self.sentences[article_id] = mine
        self.when[article_id] = ((date or "~")[:10], len(self.when) if order is None else order)
        if signed is True:
            signed = sign(text)
        if signed is None or signed is False:
            return []
        assert not isinstance(signed, bool)
        best, best_sim = None, 0.0
        for other in self.lsh.query(signed):
            root = self.original_of.get(other, other)
            theirs = self._sentences(other)
            sim = aligned_share(mine, theirs)
            if sim > best_sim and is_copy(mine, theirs, sim, self.threshold):
                best, best_sim = root, sim
        self._index(article_id, signed)
        if best is None:
            return []
        if self.when[article_id] < self.when[best]:  # the new one is the earliest version
            moved = [c for c, o in self.original_of.items() if o == best]
            links = [CopyLink(best, article_id, round(best_sim, 4))]
            self.original_of[best] = article_id
            for c in moved:
                self.original_of[c] = article_id
                links.append(CopyLink(c, article_id,
                                      round(aligned_share(self._sentences(c), mine), 4)))
            return links
        self.original_of[article_id] = best
        return [CopyLink(article_id, best,
                         round(aligned_share(mine, self._sentences(best)), 4))]


def copies_among(articles: Sequence[tuple[str, str, str | None]], *,
                 signed: Mapping[str, Signed | None] | None = None) -> list[CopyLink]:
    """The copies among ``(id, text, working date)`` triples taken in the order given: each
    copy once, linked to its earliest version. ``signed``: MinHashes (or their hash values)
    already made (a store's, by content id: the same text gives the same signature), the
    rest are made. Candidates come from the exact index (``_ExactIndex``): one story."""
    finder = CopyFinder(exact=True)
    known = signed or {}
    for i, (article_id, text, date) in enumerate(articles):
        finder.add(article_id, text, date=date, order=i, signed=known.get(article_id, True))
    return final_links(finder)


def final_links(finder: CopyFinder) -> list[CopyLink]:
    """Every copy the finder holds, with its similarity to its original."""
    return [CopyLink(c, o, round(aligned_share(finder.sentences[c], finder.sentences[o]), 4))
            for c, o in finder.original_of.items()]

