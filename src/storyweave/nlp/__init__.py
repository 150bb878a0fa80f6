"""Language processing, the only place models run: sentences, entities, numbers, time
expressions, quotes with their speakers, framing terms and statements as standoff spans; the
embeddings and pair-scorer features of sentences, statements and quotes.

Models load lazily, once per process (``models``); ``annotate`` runs everything over a batch
of articles. Importing this package does not import spaCy or ONNX Runtime.
"""

from .annotation import (
    NLP_LABELS,
    Annotations,
    PassageFeatures,
    SentenceVectors,
    annotate,
    quote_features,
    sentences_of,
)
from .embed import Embedder, cosine
from .entities import entity_key, entity_spans, is_duration, run_ner
from .models import LOAD_SECONDS, embedder, segmenter, spacy_nlp
from .numbers import number_spans
from .pairfeatures import PairSide, build_sides
from .quotes.extraction import quote_chunks, quote_spans, run_parse
from .sentences import paragraph_ranges, sentence_spans

__all__ = [
    "LOAD_SECONDS", "NLP_LABELS", "Annotations", "Embedder", "PairSide", "PassageFeatures",
    "SentenceVectors", "annotate", "build_sides", "cosine", "embedder", "entity_key",
    "entity_spans", "is_duration", "number_spans", "paragraph_ranges", "quote_chunks",
    "quote_features", "quote_spans", "run_ner", "run_parse", "segmenter", "sentence_spans",
    "sentences_of", "spacy_nlp",
]
