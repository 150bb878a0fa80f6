"""Units of alignment: the facts of every article (``fact`` spans: a statement whole, or one
of the facts a statement packs, read from the parse: see :mod:`storyweave.nlp.clauses`), each
with the entities and numbers it mentions, its embedding and its scorer side. A unit of a
statement that states several facts takes its own words only: its side is the statement's
restricted to them (:func:`storyweave.nlp.pairfeatures.restrict`), so no model runs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ...labels import Label
from ...model import Article, Span
from ...nlp import PairSide, PassageFeatures
from ...nlp.embed import EMBEDDING_DIM
from ...nlp.pairfeatures import lifted_mean, restrict
from ...spanattrs import entity_attrs, fact_attrs, number_attrs, statement_attrs
from ...spanindex import SpanIndex

# Entity types that identify *what* a sentence is about; dates and counts are handled as
# numbers, and a DATE such as "last month" says little about which fact it is.
CONTENT_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT",
                              "LAW", "WORK_OF_ART", "MONEY", "PERCENT", "QUANTITY"})
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
    parts: tuple[tuple[int, int], ...] = ()  # ranges of the unit's own words (whole: one)
    context: tuple[tuple[int, int], ...] = ()  # words it borrows (compared, not cited)
    statement: tuple[int, int] = (0, 0)  # the statement it is one fact of

    @property
    def whole(self) -> bool:
        """The unit is its statement whole (the statement states one fact)."""
        return self.parts == (self.statement,)

    @property
    def is_sentence(self) -> bool:
        """The unit is exactly its sentence (not a clause, a rejoined quotation, or a sentence
        with its dateline cut off)."""
        return (self.start, self.end) == (self.sentence.start, self.sentence.end)


def build_units(articles: list[Article]) -> list[Unit]:
    """Every alignable unit of every article, in article and text order."""
    units: list[Unit] = []
    for ai, article in enumerate(articles):
        entities = SpanIndex(s for s in article.spans_of(Label.ENTITY)
                             if entity_attrs(s).get("type") in CONTENT_ENTITIES)
        numbers = SpanIndex(article.spans_of(Label.NUMBER))
        # keyed by (start, end); looked up by a statement's [start, end] made a tuple
        sentences: dict[tuple[int, ...], Span] = {
            (s.start, s.end): s for s in article.spans_of(Label.SENTENCE)}
        statements = {(s.start, s.end): s for s in article.spans_of(Label.STATEMENT)}
        n = max(len(sentences), 1)
        for fact in sorted(article.spans_of(Label.FACT), key=lambda s: (s.start, s.end)):
            attrs = fact_attrs(fact)
            st = statements[(attrs["statement"][0], attrs["statement"][1])]
            said = statement_attrs(st)
            parts = tuple((a, b) for a, b in attrs["parts"])
            context = tuple((a, b) for a, b in attrs.get("context", []))
            names = [e for a, b in parts for e in entities.inside(a, b)]
            units.append(Unit(
                article=ai, start=fact.start, end=fact.end,
                text=article.text[fact.start:fact.end],
                sentence=sentences[tuple(said["sentence"])],
                position=said["index"] / n,
                entities=frozenset(entity_attrs(e).get("key") or article.span_text(e).casefold()
                                   for e in names),
                numbers=frozenset(float(v) for a, b in parts for x in numbers.inside(a, b)
                                  if (v := number_attrs(x).get("value")) is not None),
                is_clause=said["clause"] or parts != ((st.start, st.end),),
                quoted=bool(_QUOTE_MARKS.search(article.text[fact.start:fact.end])),
                words=frozenset().union(*(_words_outside(article.text, a, b, names)
                                          for a, b in parts)),
                parts=parts, context=context, statement=(st.start, st.end),
            ))
    return units


def _words_outside(text: str, start: int, end: int, names: list[Span]) -> frozenset[str]:
    """Stems (5-letter prefixes) of the content words of ``text[start:end]``, the names
    inside it (``names``) left out."""
    chars = list(text[start:end].lower())
    for e in names:
        a, b = max(e.start, start), min(e.end, end)
        if a < b:
            chars[a - start:b - start] = " " * (b - a)
    return frozenset(w[:5] for w in _CONTENT_WORD.findall("".join(chars))
                     if w not in _STOPWORDS)


def unit_sides(units: list[Unit], articles: list[Article],
               statements: PassageFeatures) -> list[PairSide]:
    """Each unit's scorer side: its statement's, restricted to the unit's words when the
    statement states several facts."""
    out = []
    for u in units:
        side = statements.side((articles[u.article].id, *u.statement))
        if not u.whole:
            base = u.statement[0]
            side = restrict(side, [(a - base, b - base)
                                   for a, b in sorted(u.parts + u.context)])
        out.append(side)
    return out


def unit_vectors(sides: list[PairSide]) -> np.ndarray:
    """The units' embeddings, one row per unit: the mean of its own word pieces, lifted back
    to 384 dimensions (``nlp.pairfeatures.lifted_mean``), a whole statement's as a fact's.
    The pieces are kept in 128 directions: a statement's own sentence vector (all 384)
    beside its facts' lifted ones would put the two kinds of unit in two spaces, and on ECB+
    dev one space found more shared facts (bench/README.md, "Piece basis")."""
    out = np.zeros((len(sides), EMBEDDING_DIM), dtype=np.float32)
    for i, side in enumerate(sides):
        # a fact's side already carries this vector (``restrict``), unless none of its
        # words had a piece of their own and it kept the statement's: computed here for all
        out[i] = lifted_mean(side)
    return out
