"""Units of alignment: the sentences (or, for long compound sentences, the clauses) of every
article, each with the entities and numbers it mentions.

A sentence such as "A number of important bilateral documents will be signed," the statement
continued, while the Chinese Communist Party said Xi would visit next week" states two facts;
split at the clause boundary, each half can join the claim it belongs to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ...labels import Label
from ...model import Article, Span
from ...nlp import SentenceVectors

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
_NO_SUBJECT = re.compile(r"(?:has|have|had|is|are|was|were|will|would|can|could|did|does|do|"
                         r"not|never|also|still|then|said|says|added)\b", re.IGNORECASE)
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
    words: frozenset[str]  # content-word stems outside entity names (salience: own wording)

    @property
    def is_sentence(self) -> bool:
        """The unit is exactly its sentence (not a clause, a rejoined quotation, or a sentence
        with its dateline cut off)."""
        return (self.start, self.end) == (self.sentence.start, self.sentence.end)


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
    cuts = sorted([m.start() + 1 for m in _CLAUSE_BREAK.finditer(text)
                   # "..., but has not had a single call": a clause without its own subject
                   # is no statement of its own
                   if not _NO_SUBJECT.match(text, m.end())]
                  + [m.start() for m in _INNER_STOP.finditer(text)
                     if _word_before(text, m.start()).rstrip(".").lower()
                     not in _ABBREVIATIONS
                     # Inside a quotation only before its attributed last sentence ('...
                     # arena. A number of documents will be signed," the statement
                     # continued'): a cut with no attribution after it would leave a
                     # fragment that says nothing of who said it.
                     and (not _opens_quote(text[:m.start()])
                          or _ATTRIBUTED_END.search(text, m.start()))])
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


def _opens_quote(text: str) -> bool:
    """Whether ``text`` leaves a quotation open: more “ than ”, or an odd number of "."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def statements(article: Article) -> list[tuple[int, int, Span, int]]:
    """``(start, end, first sentence, its index)`` of each statement: a sentence, or the
    sentences of one quotation the splitter cut apart ('... said, “That in and of itself is
    not unusual.' + 'China and Russia share a trade relationship.”' is one statement: the
    second half says nothing on its own about who said it). Datelines ("MOSCOW, March 17
    (Reuters) -") are cut off the front; bylines are no statements."""
    paragraphs = SpanIndex(article.spans_of(Label.PARAGRAPH))
    out: list[tuple[int, int, Span, int]] = []
    open_in: int | None = None  # end of the paragraph whose quotation is still open
    for si, sent in enumerate(sorted(article.spans_of(Label.SENTENCE),
                                     key=lambda x: (x.start, x.end))):
        text = article.span_text(sent)
        if open_in is not None and sent.end <= open_in and out \
                and len(article.text[out[-1][0]:sent.end].split()) <= MAX_STATEMENT_WORDS:
            start, _, first, fi = out[-1]
            out[-1] = (start, sent.end, first, fi)
        else:
            if _BYLINE.fullmatch(text.strip()):
                open_in = None
                continue
            lead = _DATELINE.match(text)
            out.append((sent.start + (lead.end() if lead else 0), sent.end, sent, si))
        start = out[-1][0]
        para = paragraphs.containing(start)
        quoted_from = para.start if para is not None else start
        open_in = (para.end if para is not None else sent.end) \
            if _opens_quote(article.text[quoted_from:sent.end]) else None
    return out


def build_units(articles: list[Article]) -> list[Unit]:
    """Every alignable unit of every article, in article and text order."""
    units: list[Unit] = []
    for ai, article in enumerate(articles):
        headings = _heading_ends(article)
        entities = SpanIndex(s for s in article.spans_of(Label.ENTITY)
                             if s.attrs.get("type") in CONTENT_ENTITIES)
        numbers = SpanIndex(article.spans_of(Label.NUMBER))
        n = max(sum(1 for _ in article.spans_of(Label.SENTENCE)), 1)
        for start, end, sent, si in statements(article):
            text = article.text[start:end]
            if len(text.split()) < MIN_WORDS or end in headings:
                continue
            # A rejoined quotation stays whole: its full stops are the quotation's own.
            pieces = (_clauses(text, start) if end == sent.end
                      else [(start, end)])
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


# A closing quote mark followed by two or more words: '," the statement continued'.
_ATTRIBUTED_END = re.compile(r"[,.!?]?[\"”]\s+\S+\s+\S+")
MAX_STATEMENT_WORDS = 120  # a quotation longer than this goes on as statements of its own
# "MOSCOW, March 17 (Reuters) -", "BEIJING (AP) —", "WASHINGTON —": a place in capitals, an
# optional date and agency, a dash.
_DATELINE = re.compile(r"[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                       r"\s*(?:\([A-Za-z.' ]{2,30}\))?\s*[-–—]+\s+(?=\S)")
_BYLINE = re.compile(r"(?i:by)\s+[A-Z][\w.'’\-]+(?:\s+(?:and\s+)?[A-Z][\w.'’\-]+){0,5}"
                     r"(?:,\s*[A-Z][\w .'’\-]{1,40})?\.?")


class SpanIndex:
    """Spans sorted by start, so that the ones inside ``[start, end)`` are found without
    reading all of them: per unit, a scan of every entity of the article made building the
    units quadratic in the article's length."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def containing(self, offset: int) -> Span | None:
        """The span that starts last at or before ``offset`` if it reaches past it."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].end > offset:
            return self.spans[i]
        return None

    def inside(self, start: int, end: int) -> list[Span]:
        """The spans with ``start <= span.start`` and ``span.end <= end``, by start."""
        out = []
        for i in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            if self.spans[i].end <= end:
                out.append(self.spans[i])
        return out


def _words_outside(text: str, start: int, end: int, names: list[Span]) -> frozenset[str]:
    """Stems (5-letter prefixes) of the content words of ``text[start:end]``, the names
    inside it (``names``) left out."""
    chars = list(text[start:end].lower())
    for e in names:
        chars[e.start - start:e.end - start] = " " * (e.end - e.start)
    return frozenset(w[:5] for w in _CONTENT_WORD.findall("".join(chars))
                     if w not in _STOPWORDS)


def unit_vectors(units: list[Unit], articles: list[Article], sentence_vectors: SentenceVectors,
                 embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Units that are exactly a sentence reuse its embedding; the others (clauses, rejoined
    quotations) are embedded on their own."""
    out = np.zeros((len(units), sentence_vectors.dim), dtype=np.float32)
    clause_rows = [i for i, u in enumerate(units) if not u.is_sentence]
    for i, u in enumerate(units):
        if u.is_sentence:
            out[i] = sentence_vectors.of(articles[u.article], u.sentence)
    if clause_rows:
        out[clause_rows] = embed([units[i].text for i in clause_rows])
    return out
