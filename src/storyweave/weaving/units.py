"""Units of alignment: the sentences (or, for long compound sentences, the clauses) of every
article, each with the entities and numbers it mentions.

A sentence such as "A number of important bilateral documents will be signed," the statement
continued, while the Chinese Communist Party said Xi would visit next week" states two facts;
split at the clause boundary, each half can join the claim it belongs to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..labels import Label
from ..model import Article, Span
from ..nlp import SentenceVectors

# Entity types that identify *what* a sentence is about; dates and counts are handled as
# numbers, and a DATE such as "last month" says little about which fact it is.
CONTENT_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT",
                              "LAW", "WORK_OF_ART", "MONEY", "PERCENT", "QUANTITY"})
MIN_WORDS = 4  # shorter sentences ("He added.") carry no fact of their own
_CLAUSE_BREAK = re.compile(r"(?:,[\"”’]?\s+(?:while|whereas|but|adding|although|though)\s"
                           r"|;\s)")  # not dashes: they mostly set off an aside
# A full stop inside a quotation ("...arena. A number of documents will be signed," the
# statement continued) that the sentence splitter rightly kept in one sentence.
_INNER_STOP = re.compile(r"(?<=[a-z]{3}\.)\s+(?=[A-Z\"“])")
_ABBREVIATIONS = frozenset("gen brig col sgt capt lieut rep sen gov corp inc ltd univ dept".split())
_MIN_CLAUSE_WORDS = 7
_QUOTE_MARKS = re.compile("[\"“”«»]")
_CONTENT_WORD = re.compile(r"[a-z][a-z'’-]{3,}")
_STOPWORDS = frozenset("""that this with from have been will would their there they were which what
when where while about after before also than then them these those into over such only other
some more most very just said says told according could should being does did during since
until because against between under again further once here both each many much
president minister leader spokesman spokeswoman spokesperson counterpart official officials
chinese russian ukrainian american""".split())  # titles and demonyms travel with the names


@dataclass(slots=True)
class Unit:
    article: int  # index into the articles list
    start: int
    end: int
    text: str
    sentence: Span  # the sentence the unit is (or is a clause of)
    position: float  # relative position of the sentence in its article, 0 = first
    entities: frozenset[str]
    numbers: frozenset[float]
    is_clause: bool
    quoted: bool
    words: frozenset[str]  # content-word stems outside entity names: the lexical evidence


def _heading_ends(article: Article) -> set[int]:
    """Paragraphs that are crossheads ("Will China provide weapons to Russia?"): short and
    followed by more text. They frame the article; they are not facts of it."""
    paras = list(article.spans_of(Label.PARAGRAPH))
    ends = set()
    for p in paras[:-1]:  # the last paragraph is followed by nothing: not a heading
        text = article.span_text(p)
        if len(text.split()) <= 12 and not text.rstrip("\"”’)").endswith("."):
            ends.add(p.end)
    return ends


def _clauses(text: str, start: int) -> list[tuple[int, int]]:
    """Split a long sentence at clause boundaries; keep a piece only if it is a clause of its
    own size, else keep the sentence whole."""
    if len(text.split()) < 2 * _MIN_CLAUSE_WORDS:
        return [(start, start + len(text))]
    cuts = sorted([m.start() + 1 for m in _CLAUSE_BREAK.finditer(text)]
                  + [m.start() for m in _INNER_STOP.finditer(text)
                     if _word_before(text, m.start()).rstrip(".").lower()
                     not in _ABBREVIATIONS])
    pieces, prev = [], 0
    for cut in [*cuts, len(text)]:
        piece = text[prev:cut]
        if len(piece.split()) >= _MIN_CLAUSE_WORDS:
            pieces.append((prev, cut))
            prev = cut
        elif pieces and cut == len(text):
            pieces[-1] = (pieces[-1][0], cut)  # a short tail belongs to the clause before
    if len(pieces) < 2:
        return [(start, start + len(text))]
    out = []
    for a, b in pieces:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip(" ,;—–"))
        trail = len(seg.rstrip(" ,;—–")) if seg.strip(" ,;—–") else 0
        out.append((start + a + lead, start + a + trail))
    return out


def _word_before(text: str, end: int) -> str:
    """The run of non-blanks that ends at ``end`` (``text[:end].rsplit(None, 1)[-1]`` without
    copying the text before it for every full stop of a long sentence)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def build_units(articles: list[Article]) -> list[Unit]:
    """Every alignable unit of every article, in article and text order."""
    units: list[Unit] = []
    for ai, article in enumerate(articles):
        headings = _heading_ends(article)
        sentences = list(article.spans_of(Label.SENTENCE))
        entities = SpanIndex(s for s in article.spans_of(Label.ENTITY)
                             if s.attrs.get("type") in CONTENT_ENTITIES)
        numbers = SpanIndex(article.spans_of(Label.NUMBER))
        n = max(len(sentences), 1)
        for si, sent in enumerate(sentences):
            text = article.span_text(sent)
            if len(text.split()) < MIN_WORDS or sent.end in headings:
                continue
            pieces = _clauses(text, sent.start)
            for a, b in pieces:
                names = entities.inside(a, b)
                units.append(Unit(
                    article=ai, start=a, end=b, text=article.text[a:b], sentence=sent,
                    position=si / n,
                    entities=frozenset(e.attrs.get("key") or article.span_text(e).casefold()
                                       for e in names),
                    numbers=frozenset(float(x.attrs["value"]) for x in numbers.inside(a, b)
                                      if x.attrs.get("value") is not None),
                    is_clause=len(pieces) > 1,
                    quoted=bool(_QUOTE_MARKS.search(article.text[a:b])),
                    words=_words_outside(article.text, a, b, names),
                ))
    return units


class SpanIndex:
    """Spans sorted by start, so that the ones inside ``[start, end)`` are found without
    reading all of them: per unit, a scan of every entity of the article made building the
    units quadratic in the article's length."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def inside(self, start: int, end: int) -> list[Span]:
        """The spans with ``start <= span.start`` and ``span.end <= end``, by start."""
        out = []
        for i in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            if self.spans[i].end <= end:
                out.append(self.spans[i])
        return out


def content_words(text: str, start: int, end: int,
                  entities: Sequence[Span] | SpanIndex) -> frozenset[str]:
    """Stems (5-letter prefixes: crude, but case- and inflection-proof) of the content words
    of ``text[start:end]``, names left out: two sentences about the same people share their
    names whatever they say, so only the other words tell whether they state one fact.
    ``entities`` may be the article's entities or a :class:`SpanIndex` of them."""
    index = entities if isinstance(entities, SpanIndex) else SpanIndex(entities)
    return _words_outside(text, start, end, index.inside(start, end))


def _words_outside(text: str, start: int, end: int, names: list[Span]) -> frozenset[str]:
    """content_words, given the entities inside ``[start, end)``."""
    chars = list(text[start:end].lower())
    for e in names:
        chars[e.start - start:e.end - start] = " " * (e.end - e.start)
    return frozenset(w[:5] for w in _CONTENT_WORD.findall("".join(chars))
                     if w not in _STOPWORDS)


def lexical_overlap(a: Unit, b: Unit) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / min(len(a.words), len(b.words))


def unit_vectors(units: list[Unit], articles: list[Article], sentence_vectors: SentenceVectors,
                 embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Sentence units reuse their sentence's embedding; clause units are embedded on their own."""
    out = np.zeros((len(units), sentence_vectors.dim), dtype=np.float32)
    clause_rows = [i for i, u in enumerate(units) if u.is_clause]
    for i, u in enumerate(units):
        if not u.is_clause:
            out[i] = sentence_vectors.of(articles[u.article], u.sentence)
    if clause_rows:
        out[clause_rows] = embed([units[i].text for i in clause_rows])
    return out
