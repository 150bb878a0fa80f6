"""Named entities as spans, from spaCy NER run one paragraph at a time.

spaCy is fed paragraphs, never whole articles: across a newline it happily joins a
caption's last name to the next line's first ("Vladimir Putin\\nXi Jinping" is one PERSON).
Only the pipes NER needs run; tagger, parser and lemmatizer would triple the cost and
nothing here reads their output.

A paragraph longer than ``NER_CHUNK`` characters (a whole article on one line) goes to spaCy
in chunks (see :func:`ner_chunks`): one megabyte in one doc costs gigabytes, and past
``nlp.max_length`` spaCy refuses it outright.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..keys import normalise
from ..labels import Label
from ..model import Span
from ..spanattrs import EntityAttrs, make_span, sentence_attrs
from .models import spacy_nlp
from .sentences import paragraph_ranges, sentence_spans

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.ENTITY})

__all__ = ["ADDS", "Chunk", "entity_key", "entity_spans", "is_duration", "ner_chunks", "ner_pipes",
           "run_ner", "text_batches"]

NER_BATCH_SIZE = 64
# spaCy's memory follows the characters in a batch, not the number of docs: a batch of 64 docs
# of 10,000 characters peaked ~370 MB above one of 64 docs of 2,000 (and 1 MB in one doc at
# gigabytes). Ordinary paragraphs, a few hundred characters each, still fill NER_BATCH_SIZE.
NER_BATCH_CHARS = 50_000
# Longest text spaCy is given (also never more than its ``nlp.max_length``). Paragraphs up to
# this length go whole, as before; a longer one is a flattened article, cut between sentences.
NER_CHUNK = 10_000
# Context on each side of a cut inside one sentence (a run-on "sentence" longer than the
# chunk): more than any entity is long, and spaCy's NER looks only a few tokens around.
NER_MARGIN = 200

_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?"
         r"|decades?|century|centuries)")
# Words that pin a DATE/TIME to the calendar ("a year ago", "the end of the year",
# "March 20-23"): with any of them the expression is a point or interval, not a length.
_ANCHOR = re.compile(
    r"'\d\d\b|\b(?:ago|later|earlier|since|before|after|yesterday|today|tomorrow|tonight|end|"
    r"beginning|start|middle|mid|early|late|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"\d{4}s?|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
# One determiner and a singular unit: "last year", "this week", "the following day".
_POINT = re.compile(
    r"(?:the\s+)?(?:the|this|that|last|next|previous|coming|following|same|current)\s+"
    r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century)",
    re.IGNORECASE,
)
_HAS_UNIT = re.compile(rf"\b{_UNIT}\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")
_LEADING_THE = re.compile(r"^the\s+")
_EDGE_PUNCT = " '\",;:!?-()[]"  # not ".": "U.S." keeps its last dot


def is_duration(text: str) -> bool:
    """True for a length of time ("three years", "about a month", "more than a year",
    "a two-day"), false for a point in time ("last year", "a year ago", "March 20")."""
    folded = _POSSESSIVE.sub("", normalise(text))
    if _ANCHOR.search(folded) or _POINT.fullmatch(folded):
        return False
    return _HAS_UNIT.search(folded) is not None


def entity_key(text: str) -> str:
    """Matching key: "The Kremlin’s" and "the Kremlin" both give "kremlin"."""
    key = normalise(text).strip(_EDGE_PUNCT)
    key = _LEADING_THE.sub("", key)
    key = _POSSESSIVE.sub("", key)
    return key.strip(_EDGE_PUNCT)


def ner_pipes(nlp: Language) -> list[str]:
    """The pipes NER depends on: ``ner`` plus any shared encoder it listens to.

    In en_core_web_sm the ``ner`` pipe embeds its own tok2vec (the shared ``tok2vec`` only
    feeds tagger and parser), so NER alone gives the same entities as the full pipeline.
    """
    needed = ["ner"]
    for name, pipe in nlp.pipeline:
        if "ner" in (getattr(pipe, "listening_components", None) or []):
            needed.insert(0, name)
    return needed


@dataclass(frozen=True, slots=True)
class Chunk:
    """``text[start:end]`` goes to spaCy as one doc; of its entities, those that start in
    ``[keep_start, keep_end)`` are kept.

    A chunk cut between sentences keeps all it sees. A cut inside a sentence gets
    ``NER_MARGIN`` characters of context past it on both sides: an entity across the cut is
    found whole by the chunk it starts in, and dropped by the neighbour that sees it cut.
    """

    start: int
    end: int
    keep_start: int
    keep_end: int


def chunk_bound() -> int:
    """The longest text :func:`run_ner` is given (``NER_CHUNK``, at most ``nlp.max_length``)."""
    return min(NER_CHUNK, spacy_nlp().max_length)


def ner_chunks(text: str, paragraphs: list[tuple[int, int]] | None = None,
               sentences: list[Span] | None = None, *, bound: int | None = None) -> list[Chunk]:
    """The texts spaCy sees for ``text``, in order: each paragraph whole, or a paragraph
    longer than ``bound`` (default :func:`chunk_bound`) in chunks of whole sentences, cut
    inside a sentence only when one sentence alone is too long.

    ``sentences`` (default ``sentence_spans(text, paragraphs)``, computed only if some
    paragraph is too long) gives the cuts: a sentence's start, but not the start of a
    ``piece`` after the first, which is no sentence boundary.
    """
    if paragraphs is None:
        paragraphs = paragraph_ranges(text)
    bound = bound or chunk_bound()
    if all(end - start <= bound for start, end in paragraphs):
        return [Chunk(start, end, start, end) for start, end in paragraphs]
    if sentences is None:
        sentences = sentence_spans(text, paragraphs)
    cuts = sorted(s.start for s in sentences if not sentence_attrs(s).get("piece"))
    chunks: list[Chunk] = []
    for start, end in paragraphs:
        if end - start <= bound:
            chunks.append(Chunk(start, end, start, end))
        else:
            chunks += _paragraph_chunks(text, start, end, cuts, bound)
    return chunks


def _paragraph_chunks(text: str, start: int, end: int, cuts: list[int],
                      bound: int) -> list[Chunk]:
    """Chunks of ``text[start:end]``, each at most ``bound`` characters, greedily as long as
    they can be. Costs O(length): each step reads only the chunk it makes."""
    margin = min(NER_MARGIN, bound // 4)  # a tiny bound must still leave room to advance
    chunks: list[Chunk] = []
    keep, seen = start, start  # seen < keep: the previous cut was inside a sentence
    while end - seen > bound:
        limit = seen + bound
        i = bisect_right(cuts, limit) - 1
        if i >= 0 and cuts[i] > keep:  # a sentence starts within reach: cut there
            cut = cuts[i]
            chunks.append(Chunk(seen, keep + len(text[keep:cut].rstrip()), keep, cut))
            keep = seen = cut
            continue
        cut = _last_word_start(text, keep + 1, limit - margin)
        chunks.append(Chunk(seen, _last_word_end(text, cut, cut + margin), keep, cut))
        keep, seen = cut, _first_word_start(text, max(start, cut - margin), cut)
    chunks.append(Chunk(seen, end, keep, end))
    return chunks


_SPACE = re.compile(r"\s+")


def _last_word_start(text: str, lo: int, hi: int) -> int:
    """Where the last run of whitespace in ``text[lo:hi]`` ends; ``hi`` (a cut inside a
    word) if there is none."""
    last = hi
    for m in _SPACE.finditer(text, lo, hi):
        last = m.end()
    return last


def _last_word_end(text: str, lo: int, hi: int) -> int:
    """Where the last run of whitespace after ``lo`` in ``text[lo:hi]`` begins; ``hi`` if
    there is none."""
    last = hi
    for m in _SPACE.finditer(text, lo + 1, hi):
        last = m.start()
    return last


def _first_word_start(text: str, lo: int, hi: int) -> int:
    """Where the first run of whitespace in ``text[lo:hi]`` ends; ``lo`` if there is none."""
    m = _SPACE.search(text, lo, hi)
    return m.end() if m else lo


def run_ner(texts: Iterable[str], *, batch_size: int = NER_BATCH_SIZE,
            batch_chars: int = NER_BATCH_CHARS) -> Iterator[Doc]:
    """spaCy docs for ``texts`` (lazily, in order), with only the NER pipes run.

    A batch holds at most ``batch_size`` texts and ``batch_chars`` characters (or one longer
    text alone). Give it texts of at most :func:`chunk_bound` characters: see ner_chunks.
    """
    nlp = spacy_nlp()
    keep = ner_pipes(nlp)
    disable = [name for name in nlp.pipe_names if name not in keep]
    for batch in text_batches(texts, batch_size, batch_chars):
        yield from nlp.pipe(batch, batch_size=len(batch), disable=disable)


def text_batches(texts: Iterable[str], size: int, chars: int) -> Iterator[list[str]]:
    """``texts`` in batches of at most ``size`` texts and ``chars`` characters (a longer text
    alone): what one ``nlp.pipe`` call is given, so memory stays bounded on huge inputs."""
    batch: list[str] = []
    held = 0
    for text in texts:
        if batch and (len(batch) >= size or held + len(text) > chars):
            yield batch
            batch, held = [], 0
        batch.append(text)
        held += len(text)
    if batch:
        yield batch


def entity_spans(text: str, docs: Iterable[Doc] | None = None,
                 paragraphs: list[tuple[int, int]] | None = None, *,
                 chunks: Sequence[Chunk] | None = None) -> list[Span]:
    """Label ``entity`` spans of ``text``, attrs ``{"type": spaCy label, "key": match key}``.

    DATE/TIME entities that are lengths of time also get ``"duration": True``. ``docs``,
    when given, must be the spaCy docs of ``chunks`` (default ``ner_chunks(text,
    paragraphs)``: one per paragraph unless a paragraph is very long), one per chunk, so that
    a caller can batch many articles through one :func:`run_ner`; they may come lazily.
    """
    if chunks is None:
        chunks = ner_chunks(text, paragraphs)
    if docs is None:
        docs = run_ner(text[c.start:c.end] for c in chunks)
    elif isinstance(docs, Sized) and len(docs) != len(chunks):
        raise ValueError(f"{len(docs)} docs for {len(chunks)} chunks of text")
    spans: list[Span] = []
    for chunk, doc in zip(chunks, docs, strict=True):
        if doc.text != text[chunk.start:chunk.end]:
            raise ValueError(f"doc does not match the text at {chunk.start}: {doc.text[:40]!r}")
        for span in _doc_entities(doc, chunk):
            # Only chunks cut inside a sentence overlap; there, two chunks may both claim
            # the text at the cut: the entity that starts first wins.
            if not spans or span.start >= spans[-1].end:
                spans.append(span)
    return spans


# A ship's prefix and its name ("INS Mysore", "MV Gibe", "HMS Defender"): spaCy's small model
# takes many for people or organisations; OntoNotes calls vessels PRODUCT, as it tags "USS
# Cole".
_SHIP = re.compile(r"(?:[Tt]he\s+)?(?:INS|USS|USNS|HMS|HMCS|HMAS|HMNZS|MV|M/V|RMS)\s+[A-Z]")


def _doc_entities(doc: Doc, chunk: Chunk) -> Iterator[Span]:
    for ent in doc.ents:
        start = chunk.start + ent.start_char
        if not chunk.keep_start <= start < chunk.keep_end:
            continue  # the neighbouring chunk has it, with the context on both sides
        key = entity_key(ent.text)
        if not key:
            continue  # a stray quote mark or dash tagged as an entity
        label = ent.label_
        if label in ("PERSON", "ORG") and _SHIP.match(ent.text):
            label = "PRODUCT"  # "INS Mysore" was a PERSON, the quotes' "he" went to it
        attrs: EntityAttrs = {"type": label, "key": key}
        if ent.label_ in ("DATE", "TIME") and is_duration(ent.text):
            attrs["duration"] = True
        yield make_span(start, chunk.start + ent.end_char, Label.ENTITY, attrs)
