"""Annotate articles: sentence, entity and number spans, plus one embedding per sentence.

The work is batched across articles: every paragraph of every article goes through one
``nlp.pipe`` call and every sentence through one ``Embedder.encode`` call, because both
models are far faster on large batches than one article at a time.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable

import numpy as np

from ..model import Article, Span
from .embed import DIM
from .entities import entity_spans, run_ner
from .models import embedder, segmenter, spacy_nlp
from .numbers import number_spans
from .sentences import SENTENCE, paragraph_ranges, sentence_spans

# The labels this stage owns: re-annotating replaces them and leaves every other span alone.
NLP_LABELS = frozenset({"sentence", "entity", "number"})

# Counts and seconds of the last ``annotate`` call (model loading excluded: see
# ``models.LOAD_SECONDS``). Updated in place, so a module that imported it sees new values.
LAST_STATS: dict[str, float] = {}


def sentences_of(article: Article) -> list[Span]:
    """The article's sentence spans in text order (row i of its embedding matrix)."""
    return sorted(article.spans_of(SENTENCE), key=lambda s: (s.start, s.end))


def _progress(items: Iterable, total: int, desc: str, enabled: bool) -> Iterable:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="para", file=sys.stderr, leave=False)


def annotate(articles: list[Article], *, progress: bool = False) -> list[np.ndarray]:
    """Replace each article's sentence/entity/number spans with fresh ones; return, per
    article, a float32 ``(n_sentences, 384)`` matrix whose row i embeds its i-th sentence.

    Other spans (``paragraph``, anything a later stage added) are kept; ``article.spans``
    ends up sorted by ``(start, end)``.
    """
    # Load first, so that the timings below measure annotation, not model loading.
    spacy_nlp()
    segmenter()
    emb = embedder()
    t0 = time.perf_counter()

    ranges = [paragraph_ranges(a.text) for a in articles]
    sentences = [sentence_spans(a.text, r) for a, r in zip(articles, ranges, strict=True)]
    t_sent = time.perf_counter()

    paragraphs = [a.text[s:e] for a, r in zip(articles, ranges, strict=True) for s, e in r]
    docs = list(_progress(run_ner(paragraphs), len(paragraphs), "entities", progress))
    entities, first = [], 0
    for a, r in zip(articles, ranges, strict=True):
        entities.append(entity_spans(a.text, docs[first:first + len(r)], r))
        first += len(r)
    t_ner = time.perf_counter()

    numbers = [number_spans(a.text) for a in articles]
    t_num = time.perf_counter()

    texts = [a.text[s.start:s.end] for a, spans in zip(articles, sentences, strict=True)
             for s in spans]
    vectors = emb.encode(texts, progress=progress)
    matrices, first = [], 0
    for spans in sentences:
        # A copy, not a view: each article's matrix should not pin the whole batch in memory.
        matrices.append(vectors[first:first + len(spans)].reshape(-1, DIM).copy())
        first += len(spans)
    t_emb = time.perf_counter()

    for a, sents, ents, nums in zip(articles, sentences, entities, numbers, strict=True):
        kept = [s for s in a.spans if s.label not in NLP_LABELS]
        # Stable tie-break on label so that equal (start, end) spans come out the same way
        # on every run.
        a.spans = sorted(kept + sents + ents + nums, key=lambda s: (s.start, s.end, s.label))

    LAST_STATS.clear()
    LAST_STATS.update({
        "articles": len(articles),
        "paragraphs": len(paragraphs),
        "sentences": len(texts),
        "tokens": sum(len(d) for d in docs),
        "sentence_seconds": t_sent - t0,
        "ner_seconds": t_ner - t_sent,
        "number_seconds": t_num - t_ner,
        "embed_seconds": t_emb - t_num,
        "total_seconds": time.perf_counter() - t0,
    })
    return matrices
