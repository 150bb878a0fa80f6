"""Units of alignment: the statements of every article (``statement`` spans: sentences, or
clauses of long compound sentences, see :mod:`storyweave.nlp.statements`), each with the
entities and numbers it mentions and its embedding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ...labels import Label
from ...model import Article, Span
from ...nlp import PassageFeatures
from ...nlp.embed import EMBEDDING_DIM
from ...spanattrs import entity_attrs, number_attrs, statement_attrs
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
        n = max(len(sentences), 1)
        for st in sorted(article.spans_of(Label.STATEMENT), key=lambda s: (s.start, s.end)):
            a, b = st.start, st.end
            said = statement_attrs(st)
            names = entities.inside(a, b)
            units.append(Unit(
                article=ai, start=a, end=b, text=article.text[a:b],
                sentence=sentences[tuple(said["sentence"])],
                position=said["index"] / n,
                entities=frozenset(entity_attrs(e).get("key") or article.span_text(e).casefold()
                                   for e in names),
                numbers=frozenset(float(v) for x in numbers.inside(a, b)
                                  if (v := number_attrs(x).get("value")) is not None),
                is_clause=said["clause"],
                quoted=bool(_QUOTE_MARKS.search(article.text[a:b])),
                words=_words_outside(article.text, a, b, names),
            ))
    return units


def _words_outside(text: str, start: int, end: int, names: list[Span]) -> frozenset[str]:
    """Stems (5-letter prefixes) of the content words of ``text[start:end]``, the names
    inside it (``names``) left out."""
    chars = list(text[start:end].lower())
    for e in names:
        chars[e.start - start:e.end - start] = " " * (e.end - e.start)
    return frozenset(w[:5] for w in _CONTENT_WORD.findall("".join(chars))
                     if w not in _STOPWORDS)


def unit_vectors(units: list[Unit], articles: list[Article],
                 statements: PassageFeatures) -> np.ndarray:
    """The units' embeddings (the NLP stage's, of each statement), one row per unit."""
    out = np.zeros((len(units), EMBEDDING_DIM), dtype=np.float32)
    for i, u in enumerate(units):
        out[i] = statements.vector((articles[u.article].id, u.start, u.end))
    return out
