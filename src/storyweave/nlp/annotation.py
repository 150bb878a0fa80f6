"""Annotate articles: sentence, entity, number, quote and speaker spans, plus one embedding per
sentence.

The work is batched across articles: every paragraph of every article goes through one
stream of ``nlp.pipe`` batches and every sentence through one ``Embedder.encode`` call,
because both models are far faster on large batches than one article at a time. A very long
paragraph reaches spaCy in chunks (``entities.ner_chunks``) and a very long sentence is
embedded in pieces (``sentences.MAX_SENTENCE``), so the cost stays linear in the text.
The quote step parses only the paragraphs that may hold a quote (``quotes.quote_chunks``),
again in one stream over all articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np

from ..labels import Label
from ..model import Article, Span
from ..progress import Progress, report
from .entities import chunk_bound, entity_spans, ner_chunks, run_ner
from .models import embedder, segmenter, spacy_nlp
from .numbers import number_spans
from .quotes.extraction import quote_chunks, quote_spans, run_parse
from .sentences import paragraph_ranges, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# The labels this stage owns: re-annotating replaces them and leaves every other span alone.
NLP_LABELS = frozenset({Label.SENTENCE, Label.ENTITY, Label.NUMBER, Label.QUOTE,
                        Label.SPEAKER})

SentenceKey = tuple[str, int, int]  # (article id, sentence start, sentence end)


@dataclass(slots=True)
class SentenceVectors:
    """One embedding per sentence, looked up by the sentence itself: ``vectors[article.id,
    span.start, span.end]`` (or ``vectors.of(article, span)``). No parallel list whose order
    has to match the spans."""

    matrix: np.ndarray  # (n_sentences, dim) float32, unit rows
    rows: dict[SentenceKey, int] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def __getitem__(self, key: SentenceKey) -> np.ndarray:
        try:
            return self.matrix[self.rows[key]]
        except KeyError:
            raise KeyError(f"no embedding for sentence {key!r} (was the article annotated?)"
                           ) from None

    def of(self, article: Article, span: Span) -> np.ndarray:
        return self[article.id, span.start, span.end]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[SentenceKey]:
        return iter(self.rows)


def sentences_of(article: Article) -> list[Span]:
    """The article's sentence spans in text order."""
    return sorted(article.spans_of(Label.SENTENCE), key=lambda s: (s.start, s.end))


def _counted(items: list, stage: str, progress: Progress | None) -> Iterator:
    report(progress, stage, 0, len(items))
    for n, item in enumerate(items, start=1):
        yield item
        report(progress, stage, n, len(items))


def _entities(articles: list[Article], ranges: list[list[tuple[int, int]]],
              sentences: list[list[Span]],
              progress: Progress | None) -> tuple[list[list[Span]], int]:
    """Entity spans of each article, and the number of tokens spaCy read."""
    bound = chunk_bound()
    chunks = [ner_chunks(a.text, r, s, bound=bound)
              for a, r, s in zip(articles, ranges, sentences, strict=True)]
    texts = [a.text[c.start:c.end] for a, cs in zip(articles, chunks, strict=True) for c in cs]
    tally = {"tokens": 0}
    # One stream of docs for all articles, turned into spans as it comes: holding every Doc
    # of a megabyte-long article would cost more than running spaCy on it.
    docs = _tracked(run_ner(texts), len(texts), progress, tally)
    entities = [entity_spans(a.text, islice(docs, len(cs)), chunks=cs)
                for a, cs in zip(articles, chunks, strict=True)]
    return entities, tally["tokens"]


def _quotes(articles: list[Article], ranges: list[list[tuple[int, int]]],
            entities: list[list[Span]],
            progress: Progress | None) -> tuple[list[list[Span]], int]:
    """Quote and speaker spans of each article, and the number of texts parsed."""
    chunks = [quote_chunks(a.text, r) for a, r in zip(articles, ranges, strict=True)]
    texts = [a.text[c.start:c.end] for a, cs in zip(articles, chunks, strict=True) for c in cs]
    if not texts:
        report(progress, "quotes", 0, 0)  # nothing to parse: the stage still shows
    # Like _entities: one parse stream for all articles, each article taking its docs.
    docs = _tracked(run_parse(texts), len(texts), progress, {"tokens": 0}, stage="quotes")
    quotes = [quote_spans(a.text, r, e, islice(docs, len(cs)))
              for a, r, e, cs in zip(articles, ranges, entities, chunks, strict=True)]
    return quotes, len(texts)


def _tracked(docs: Iterable[Doc], total: int, progress: Progress | None,
             tally: dict[str, int], stage: str = "entities") -> Iterator[Doc]:
    """``docs`` as they come, counting their tokens into ``tally`` and reporting progress."""
    report(progress, stage, 0, total)
    for n, doc in enumerate(docs, start=1):
        tally["tokens"] += len(doc)
        # Before the yield: the consumer stops asking after the last doc.
        if n % 64 == 0 or n == total:
            report(progress, stage, n, total)
        yield doc


def annotate(articles: list[Article], *, progress: Progress | None = None,
             stats: dict[str, Any] | None = None) -> SentenceVectors:
    """Replace each article's sentence/entity/number/quote/speaker spans with fresh ones and
    embed every sentence.

    Other spans (``paragraph``, anything a later stage added) are kept; ``article.spans``
    ends up sorted by ``(start, end, label)``. ``progress`` is called per stage
    ("sentences", "entities", "quotes", "embedding"); ``stats``, if given, receives counts
    and seconds of each step (model loading excluded: see ``models.LOAD_SECONDS``).
    """
    # Load first, so that the timings below measure annotation, not model loading.
    spacy_nlp()
    segmenter()
    emb = embedder()
    t0 = time.perf_counter()

    ranges = [paragraph_ranges(a.text) for a in articles]
    sentences = [sentence_spans(a.text, r)
                 for a, r in _counted(list(zip(articles, ranges, strict=True)), "sentences",
                                      progress)]
    t_sent = time.perf_counter()

    entities, tokens = _entities(articles, ranges, sentences, progress)
    t_ner = time.perf_counter()

    quotes, parsed = _quotes(articles, ranges, entities, progress)
    t_quotes = time.perf_counter()

    numbers = [number_spans(a.text) for a in articles]
    t_num = time.perf_counter()

    keys = [(a.id, s.start, s.end) for a, spans in zip(articles, sentences, strict=True)
            for s in spans]
    matrix = emb.encode([a.text[s.start:s.end]
                         for a, spans in zip(articles, sentences, strict=True) for s in spans],
                        progress=progress)
    vectors = SentenceVectors(matrix, {k: i for i, k in enumerate(keys)})
    t_emb = time.perf_counter()

    for a, sents, ents, nums, quos in zip(articles, sentences, entities, numbers, quotes,
                                          strict=True):
        kept = [s for s in a.spans if s.label not in NLP_LABELS]
        # Stable tie-break on label so that equal (start, end) spans come out the same way
        # on every run.
        a.spans = sorted(kept + sents + ents + nums + quos,
                         key=lambda s: (s.start, s.end, s.label))

    figures = {
        "articles": len(articles),
        "paragraphs": sum(len(r) for r in ranges),
        "sentences": len(keys),
        "tokens": tokens,
        "parsed": parsed,  # texts the quote step parsed (paragraphs, or chunks of long ones)
        "seconds": {"sentences": round(t_sent - t0, 3), "entities": round(t_ner - t_sent, 3),
                    "quotes": round(t_quotes - t_ner, 3),
                    "numbers": round(t_num - t_quotes, 3),
                    "embedding": round(t_emb - t_num, 3)},
    }
    log.debug("annotated %(articles)d articles, %(sentences)d sentences", figures)
    if stats is not None:
        stats.update(figures)
    return vectors
