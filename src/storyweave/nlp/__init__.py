"""Language processing: sentences, entities, numbers, quotes with their speakers and sentence
embeddings as standoff spans.

Models load lazily, once per process (``models``); ``annotate`` runs everything over a batch
of articles. Importing this package does not import spaCy or ONNX Runtime.
"""

from .annotation import NLP_LABELS, SentenceVectors, annotate, sentences_of
from .embed import Embedder, cosine
from .entities import entity_key, entity_spans, is_duration, run_ner
from .models import LOAD_SECONDS, embedder, segmenter, spacy_nlp
from .numbers import number_spans
from .quotes.extraction import quote_chunks, quote_spans, run_parse
from .sentences import paragraph_ranges, sentence_spans

__all__ = [
    "LOAD_SECONDS", "NLP_LABELS", "Embedder", "SentenceVectors", "annotate", "cosine",
    "embedder", "entity_key", "entity_spans", "is_duration", "number_spans",
    "paragraph_ranges", "quote_chunks", "quote_spans", "run_ner", "run_parse", "segmenter",
    "sentence_spans", "sentences_of", "spacy_nlp",
]
