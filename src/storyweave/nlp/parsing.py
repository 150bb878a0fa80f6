"""One spaCy pass for entities, quotes, time expressions and fact units.

Every chunk of every article (a paragraph, or a piece of a very long one: ``ner_chunks``) is
run once through the whole pipeline (tagger, parser, lemmatizer, NER), in one stream over all
articles, and each article's docs give its entity spans, its quotes with their speakers
(``quotes``) and its time expressions (``timex``). The docs of one article are dropped once
they are read: holding every Doc of a megabyte-long article would cost more than parsing it.

Entities are those NER alone would give: in en_core_web_sm the ``ner`` pipe embeds its own
tok2vec (see ``entities.ner_pipes``).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from ..labels import Label
from ..model import Article, Span
from ..progress import Progress, report
from .clauses import Unit, clause_units
from .entities import (
    NER_BATCH_CHARS,
    NER_BATCH_SIZE,
    Chunk,
    chunk_bound,
    entity_spans,
    ner_chunks,
    text_batches,
)
from .models import spacy_nlp
from .pairfeatures import Words, words_of
from .quotes import quote_chunks, quote_spans
from .timex import find_times

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

STAGE = "parse"  # the progress stage


@dataclass(slots=True)
class Parsed:
    """What the parse found, one list per article."""

    entities: list[list[Span]] = field(default_factory=list)
    quotes: list[list[Span]] = field(default_factory=list)  # quote and speaker spans
    times: list[list[Span]] = field(default_factory=list)  # date spans, not yet resolved
    clauses: list[list[Unit]] = field(default_factory=list)  # fact units (nlp.clauses)
    texts: int = 0  # chunks parsed
    tokens: int = 0
    tokens_of: list[int] = field(default_factory=list)  # per article
    texts_of: list[int] = field(default_factory=list)
    # the pair scorer's words of each statement and quote, read off this parse, by (start,
    # end); a passage missing here (across two chunks, or off token edges) is parsed alone
    words: list[dict[tuple[int, int], Words]] = field(default_factory=list)


def parse_articles(articles: list[Article], ranges: list[list[tuple[int, int]]],
                   sentences: list[list[Span]], progress: Progress | None = None,
                   statements: list[list[Span]] | None = None) -> Parsed:
    """Entities, quotes and time expressions of each article from one parse of its chunks
    (``ranges``: its paragraphs; ``sentences``: its sentences, where a long paragraph is cut),
    and the pair scorer's words of its ``statements`` and quotes.
    ``progress(STAGE, chunks done, chunks)``."""
    bound = chunk_bound()
    chunks = [ner_chunks(a.text, r, s, bound=bound)
              for a, r, s in zip(articles, ranges, sentences, strict=True)]
    texts = [a.text[c.start:c.end] for a, cs in zip(articles, chunks, strict=True) for c in cs]
    out = Parsed(texts=len(texts))
    docs = _tracked(_run(texts), len(texts), progress, out)
    for a, r, cs in zip(articles, ranges, chunks, strict=True):
        parsed = list(islice(docs, len(cs)))
        out.tokens_of.append(sum(len(d) for d in parsed))
        out.texts_of.append(len(cs))
        entities = entity_spans(a.text, parsed, chunks=cs)
        out.entities.append(entities)
        out.times.append(_times(a, parsed))
        out.clauses.append([u for c, d in zip(cs, parsed, strict=True)
                            for u in clause_units(d, offset=c.start)])
        out.quotes.append(_quotes(a, r, entities, cs, parsed))
        passages = [*(statements[len(out.words)] if statements is not None else []),
                    *(q for q in out.quotes[-1] if q.label == Label.QUOTE)]
        out.words.append(_words(passages, cs, parsed))
    return out


def _words(passages: list[Span], chunks: list[Chunk], docs: list[Doc],
           ) -> dict[tuple[int, int], Words]:
    """The words of each passage that lies on token edges inside one chunk, read off that
    chunk's doc (``pairfeatures.words_of``): what a second spaCy pass over the
    passages would give, less the context the paragraph lends (measured in bench/)."""
    out: dict[tuple[int, int], Words] = {}
    starts = [c.start for c in chunks]
    for p in passages:
        if (p.start, p.end) in out:
            continue
        i = bisect_right(starts, p.start) - 1
        if i < 0 or p.end > chunks[i].end:
            continue
        span = docs[i].char_span(p.start - chunks[i].start, p.end - chunks[i].start)
        if span is None:
            continue
        out[p.start, p.end] = words_of(span.as_doc())
    return out


def _run(texts: Iterable[str]) -> Iterator[Doc]:
    nlp = spacy_nlp()
    for batch in text_batches(texts, NER_BATCH_SIZE, NER_BATCH_CHARS):
        yield from nlp.pipe(batch, batch_size=len(batch))


def _times(article: Article, docs: list[Doc]) -> list[Span]:
    try:
        return find_times(article.text, doc=docs)
    except Exception:  # a bug on one article's text must not sink the dossier
        log.exception("time expressions of %s could not be read; left out", article.source)
        return []


def _quotes(article: Article, paragraphs: list[tuple[int, int]], entities: list[Span],
            chunks: list[Chunk], docs: list[Doc]) -> list[Span]:
    """Quotes of the chunks that may hold one. Their docs lose their entity labels first:
    the quote rules were written and fitted (PolNeAR train) on a parse without NER, and
    read entities from ``entities`` instead; the docs are not used after this."""
    wanted = {(c.start, c.end) for c in quote_chunks(article.text, paragraphs)}
    picked = [d for c, d in zip(chunks, docs, strict=True) if (c.start, c.end) in wanted]
    kept = [d.ents for d in picked]  # given back after: the pair scorer's words read them
    for d in picked:
        d.ents = []
    try:
        return quote_spans(article.text, paragraphs, entities, picked)
    finally:
        for d, ents in zip(picked, kept, strict=True):
            d.ents = ents


def _tracked(docs: Iterable[Doc], total: int, progress: Progress | None,
             tally: Parsed) -> Iterator[Doc]:
    """``docs`` as they come, counting their tokens and reporting progress."""
    report(progress, STAGE, 0, total)
    for n, doc in enumerate(docs, start=1):
        tally.tokens += len(doc)
        # Before the yield: the consumer stops asking after the last doc.
        if n % 64 == 0 or n == total:
            report(progress, STAGE, n, total)
        yield doc
