"""What the same-fact pair scorer needs of one passage, computed once per passage with the
models: a :class:`PairSide` (tags, lemmas, entities and values from one spaCy pass without the
parser; MiniLM word-piece vectors from one ONNX pass whose mean is also the sentence vector)
and the descriptive words framing compares (adjectives with their nouns, from the same tags).

The scorer itself (``weaving.align.pairscore``) only reads sides: no model runs there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from ..progress import Progress, report
from ..spanattrs import number_attrs
from .embed import EMBEDDING_DIM
from .entities import entity_key, is_duration
from .numbers import CURRENCY_UNITS, number_spans
from .statements import core_span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .embed import TokenVectors

PIECE_BASIS_RESOURCE = "piece-basis.npy"
PIECE_DIMS = 128  # the directions it holds (tools/fit_piece_basis.py --dims)
PIECE_LEVELS = 7  # a piece's codes run from -7 to 7: 4 bits (``quantised``)
SIDE_BATCH = 512  # texts per spaCy + MiniLM round in build_sides

# The BERT word-piece vocabulary is ordered by corpus frequency from id 1996 ("the") on: by
# Zipf's law log(rank) stands in for a piece's idf, with no table to ship. Lower ids are
# single characters (punctuation, digits) and special tokens: they carry no weight.
FIRST_WORD_ID = 1996

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
MODALS = frozenset({"may", "might", "could", "can", "would", "should", "must", "will", "shall"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"})
NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT",
                        "LAW", "WORK_OF_ART"})
# Only calendar dates can conflict: "yesterday" and "on Tuesday" may be the same day.
_CALENDAR = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
                       r"february|march|april|june|july|august|september|october|november|"
                       r"december)\b")
_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")

@dataclass(frozen=True, slots=True)
class Value:
    """A typed value a sentence carries: a number (with unit), a calendar date, or a name."""

    kind: str  # "number", "date" or "name"
    text: str  # as written
    key: str  # what is compared: "value unit" for numbers, the entity key otherwise
    label: str  # the unit (numbers) or spaCy entity label: only like values are compared
    start: int  # character offsets into the passage (the side's text starts at its offset)
    end: int
    tolerance: float = 0.0  # numbers: half the last written digit ("1.4" covers 1.39)
    # numbers: the lemma of the noun the number counts ("seven AK-47 rifles": "rifle"), when
    # one follows it closely; two counts of different things never conflict
    counted: str = ""


@dataclass(slots=True)
class PairSide:
    """What the scorer needs of one sentence, computed once per sentence, not per pair."""

    text: str
    vector: np.ndarray  # (dim,) unit sentence vector, as stored (``stored_precision``)
    # (k, PIECE_DIMS) unit word-piece vectors, [CLS]/[SEP] dropped, in the piece basis
    # (``compact_pieces``), as int8 codes with one scale per row (``scales``): a twelfth of
    # float32 at 384 dimensions, what a story of thousands of sentences holds in memory and
    # what the store keeps, so a side read back from the store is the side that was built,
    # bit for bit. ``piece_vectors`` gives them as float32.
    pieces: np.ndarray
    scales: np.ndarray  # (k,) float32: row i is pieces[i] * scales[i]
    weights: np.ndarray  # (k,) idf-like weight of each piece
    lemmas: tuple[str, ...]  # lemma sequence, punctuation dropped
    content: tuple[tuple[str, str, np.ndarray], ...]  # content words: lemma, POS, piece rows
    values: tuple[Value, ...]
    value_pieces: tuple[np.ndarray, ...]  # piece rows of each value
    # What is negated: the lemma of the verb each "not"/"never"/"no" belongs to ("has not
    # had" -> "have"), so "has not had a call" and "planning a call, although this has not
    # been confirmed" differ though both say "not".
    negated: frozenset[str]
    modals: frozenset[str]
    core: PairSide | None = None  # the statement without its attribution, if it has one
    # Descriptive words (framing): an adjective with the nouns right after it, as written
    # lower-cased, and its offsets into ``text``: "unprovoked war", "anodyne position paper".
    terms: tuple[tuple[str, int, int], ...] = ()
    # Where each piece and each lemma starts in the passage (as ``values`` are): what lets
    # a fact unit of the passage take its own words only (:func:`restrict`).
    piece_starts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    lemma_starts: tuple[int, ...] = ()
    offset: int = 0  # where ``text`` starts in the passage (a core: after its attribution)

    def piece_vectors(self, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """The word-piece vectors of ``rows`` (all by default) as float32."""
        return self.pieces[rows].astype(np.float32) * self.scales[rows, None]


@functools.cache
def piece_basis() -> np.ndarray:
    """(384, PIECE_DIMS) float32: the directions word pieces are kept in (``piece-basis.npy``,
    fitted by ``tools/fit_piece_basis.py`` on MRPC train: the first principal directions of
    MiniLM's unit piece vectors, 0.71 of their energy). Data, not a model: weaving reads it
    to lift a unit's pieces back to a sentence vector (``lifted_mean``)."""
    with resources.files(__package__).joinpath(PIECE_BASIS_RESOURCE).open("rb") as f:
        basis = np.load(f, allow_pickle=False).astype(np.float32)
    assert basis.shape == (EMBEDDING_DIM, PIECE_DIMS), basis.shape
    return basis


def compact_pieces(vectors: np.ndarray) -> np.ndarray:
    """Word-piece vectors (k, 384) as the scorer keeps them: each of unit length, projected on
    the piece basis and made unit again. The store keeps pieces in a third of the room (they
    were nine tenths of it), the scorer's products are a third as long, and cosines between
    pieces move by 0.03 on average; with the scorers fitted again on them, MRPC dev and
    ECB+ dev figures hold or rise (bench/README.md, "Piece basis")."""
    return normalised(normalised(vectors) @ piece_basis())


def lifted_mean(side: PairSide, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
    """The unit mean of the pieces ``rows`` taken back to the 384 dimensions of sentence
    vectors: what a fact unit, a whole statement's included, is embedded as."""
    # the mean first: lifting is linear, and one row lifts in a 30th of the work of 30
    return normalised(side.piece_vectors(rows).mean(axis=0) @ piece_basis().T)


def quantised(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``vectors`` (k, dim) as 4-bit codes (-7..7, one int8 each in memory, two a byte in
    the store), the row's largest magnitude coded 7, and one scale per row, to float16
    precision, that gives the codes unit length (a piece is a direction: the scorer's dot
    products are cosines). The basis is rotated so that every direction carries a like
    share of a piece (``tools/fit_piece_basis.py``): 4 bits then move a cosine between two
    pieces by 0.011 on average, and keep the store's largest part in half the room."""
    if not len(vectors):
        return np.zeros((0, vectors.shape[-1]), np.int8), np.zeros(0, np.float32)
    step = np.clip(np.abs(vectors).max(axis=1), 1e-12, None) / PIECE_LEVELS
    codes = np.clip(np.rint(vectors / step[:, None]), -PIECE_LEVELS, PIECE_LEVELS)
    scales = half_precision(1.0 / np.clip(np.linalg.norm(codes, axis=1), 1e-12, None))
    return codes.astype(np.int8), scales


def stored_precision(vector: np.ndarray) -> np.ndarray:
    """A float32 vector as the store keeps it (:func:`vector_codes`): what annotation hands
    on, so that a vector read back is the one computed. A cosine between two sentence vectors
    moves by about 1e-4; the store keeps each in half the room float16 took."""
    codes, scale = vector_codes(vector)
    return codes.astype(np.float32) * np.float32(scale)


def vector_codes(vector: np.ndarray) -> tuple[np.ndarray, np.float16]:
    """``vector`` as int8 codes and one float16 scale (its largest magnitude is 127). Applied
    to what :func:`stored_precision` returned, it gives the same codes and scale again: the
    scale is a float16 number times 127 over 127, exactly, in float64."""
    v = np.asarray(vector, dtype=np.float64)
    scale = np.float16(np.abs(v).max() / 127.0) if len(v) else np.float16(0)
    codes = np.rint(v / max(float(scale), 1e-12))
    return np.clip(codes, -127, 127).astype(np.int8), scale


def half_precision(vector: np.ndarray) -> np.ndarray:
    """A float32 array rounded to float16 precision (the round trip through float16 changes it
    no further): the pieces' scales, as the store keeps them."""
    return np.asarray(vector, dtype=np.float16).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Words:
    """What spaCy says of one passage (offsets into the passage's own text): the part of a
    :class:`PairSide` that does not need MiniLM, kept compact so that it can be read off the
    paragraph's parse as the parse goes (``parsing``) instead of parsing the passage again."""

    lemmas: tuple[str, ...]
    lemma_starts: tuple[int, ...]
    content: tuple[tuple[str, str, int, int], ...]  # lemma, POS, start, end
    values: tuple[Value, ...]
    negated: frozenset[str]
    modals: frozenset[str]
    terms: tuple[tuple[str, int, int], ...]


def words_of(doc: Doc) -> Words:
    """The words of the passage ``doc`` is the spaCy doc of (tagged, with entities)."""
    text = doc.text
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    return Words(
        lemmas=tuple(t.lemma_.lower() for t in words),
        lemma_starts=tuple(t.idx for t in words),
        content=tuple((t.lemma_.lower(), t.pos_, t.idx, t.idx + len(t))
                      for t in doc if t.pos_ in CONTENT_POS and not t.is_stop),
        values=_values(text, doc),
        negated=_negated(doc),
        modals=frozenset(t.lower_ for t in doc if t.tag_ == "MD" and t.lower_ in MODALS),
        terms=tuple(descriptive_terms(doc)))


# --- building sides -------------------------------------------------------------------------

def build_sides(texts: Sequence[str], *, progress: Progress | None = None,
                batch: int = SIDE_BATCH,
                words: Sequence[Words | None] | None = None) -> list[PairSide]:
    """Sides for ``texts`` with the shared models, and for a text with an attribution
    (``statements.core_span``) a second side, ``core``, of the statement without it
    (:func:`core_of`: its own pieces and values, offsets into the whole text): one MiniLM
    pass whose token vectors also give the sentence vector, and, for the texts whose
    ``words`` are not given (read off a parse already made), one spaCy pass (tags, lemmas,
    entities; the parser is skipped: predicate and argument matches added nothing on MRPC).
    Done ``batch`` texts at a time, so only the compact sides of all texts are held, never
    all their spaCy docs and float32 token vectors at once. ``progress("pair features",
    done, total)``."""
    from .models import embedder, spacy_nlp

    nlp, emb = spacy_nlp(), embedder()
    out: list[PairSide] = []
    report(progress, "pair features", 0, len(texts))
    for first in range(0, len(texts), batch):
        whole = texts[first:first + batch]
        known = list(words[first:first + batch]) if words is not None else [None] * len(whole)
        said = list(known)  # what spaCy must still read: the texts whose words are not known
        todo = [i for i, w in enumerate(said) if w is None]
        for i, doc in zip(todo, nlp.pipe([whole[i] for i in todo], batch_size=64,
                                         disable=["parser"]), strict=True):
            said[i] = words_of(doc)
        read = [w for w in said if w is not None]
        assert len(read) == len(whole)
        sides = [side_from_words(t, w, tv)
                 for t, w, tv in zip(whole, read, emb.encode_tokens(whole), strict=True)]
        for side in sides:
            side.core = core_of(side)
        out.extend(sides)
        report(progress, "pair features", len(out), len(texts))
    return out


def side_from_words(text: str, words: Words, tokens: TokenVectors,
                    vector: np.ndarray | None = None, *, offset: int = 0) -> PairSide:
    """One side from the passage's words and its MiniLM token vectors (offsets into
    ``text``). ``vector`` defaults to the tokens' mean, normalised: what ``Embedder.encode``
    returns for ``text``. ``offset`` is where ``text`` starts in the passage the values
    should point into."""
    vector = stored_precision(normalised(tokens.vectors.mean(axis=0) if vector is None
                                         else vector))
    inner = slice(1, len(tokens.ids) - 1)  # drop [CLS] and [SEP]
    ids = tokens.ids[inner]
    offsets = np.asarray(tokens.offsets[inner], dtype=np.int64).reshape(-1, 2)
    weights = np.log(np.clip(ids - FIRST_WORD_ID + 1, 1, None)).astype(np.float32)
    pieces, scales = quantised(compact_pieces(tokens.vectors[inner]))
    return PairSide(
        text=text, vector=vector, pieces=pieces, scales=scales, weights=weights,
        lemmas=words.lemmas,
        content=tuple((lemma, pos, _rows(offsets, a, b)) for lemma, pos, a, b in words.content),
        values=tuple(replace(v, start=v.start + offset, end=v.end + offset)
                     for v in words.values),
        value_pieces=tuple(_rows(offsets, v.start, v.end) for v in words.values),
        negated=words.negated,
        modals=words.modals,
        terms=words.terms,
        piece_starts=(offsets[:, 0] + offset).astype(np.int32),
        lemma_starts=tuple(x + offset for x in words.lemma_starts),
        offset=offset,
    )


def core_of(side: PairSide, at: tuple[int, int] | None = None) -> PairSide | None:
    """The side of the statement ``side`` makes without its attribution
    (``statements.core_span``, or ``at``: "Beijing will stay neutral" of "Beijing will stay
    neutral, the ministry said"), None when it has none: its own pieces, in the context the
    whole sentence gave them, as a fact unit's (:func:`restrict`). No model runs, and the
    store keeps only where the core lies."""
    a, b = core_span(side.text) if at is None else at
    if (a, b) == (0, len(side.text)) or not ((side.piece_starts >= a)
                                             & (side.piece_starts < b)).any():
        return None
    return replace(restrict(side, [(a, b)]), text=side.text[a:b], offset=a, core=None)


def excerpt(side: PairSide, a: int, b: int) -> PairSide | None:
    """The side of ``side.text[a:b]`` as a passage of its own (offsets into the excerpt),
    cut from ``side``: its pieces keep the context the whole gave them, its vector is their
    mean (``lifted_mean``); None when no piece starts inside it. A quote inside a statement
    is read this way (``annotation.quote_features``)."""
    if not ((side.piece_starts >= a) & (side.piece_starts < b)).any():
        return None
    part = restrict(side, [(a, b)])
    out = replace(
        part, text=side.text[a:b], core=None, offset=0,
        values=tuple(replace(v, start=v.start - a, end=v.end - a) for v in part.values),
        terms=tuple((t, x - a, y - a) for t, x, y in part.terms),
        piece_starts=(part.piece_starts - a).astype(np.int32),
        lemma_starts=tuple(x - a for x in part.lemma_starts))
    out.core = core_of(out)
    return out


def restrict(side: PairSide, parts: Sequence[tuple[int, int]]) -> PairSide:
    """The side of a fact unit of the passage: only what lies in ``parts`` (character
    ranges into the passage, as ``values`` are), its vector the mean of those pieces
    (``lifted_mean``). The pieces keep the context the whole sentence gave them; no model
    runs."""
    def inside(at: np.ndarray) -> np.ndarray:
        keep = np.zeros(len(at), dtype=bool)
        for a, b in parts:
            keep |= (at >= a) & (at < b)
        return keep

    keep = inside(side.piece_starts)
    if not keep.any():
        return side
    new_row = np.cumsum(keep) - 1

    def rows(r: np.ndarray) -> np.ndarray:
        return new_row[r[keep[r]]] if len(r) else r

    lemma_keep = inside(np.asarray(side.lemma_starts, dtype=np.int64))
    lemmas = tuple(x for x, k in zip(side.lemmas, lemma_keep, strict=True) if k)
    starts = np.array([v.start for v in side.values], dtype=np.int64)
    value_keep = inside(starts) if len(starts) else np.zeros(0, dtype=bool)
    own = set(lemmas)
    return replace(
        side, text=side.text, vector=lifted_mean(side, keep),
        pieces=side.pieces[keep], scales=side.scales[keep], weights=side.weights[keep],
        lemmas=lemmas,
        content=tuple((lem, pos, rows(r)) for lem, pos, r in side.content
                      if len(r) and keep[r].all()),
        values=tuple(v for v, k in zip(side.values, value_keep, strict=True) if k),
        value_pieces=tuple(rows(r) for r, k in zip(side.value_pieces, value_keep, strict=True)
                           if k),
        negated=frozenset(x for x in side.negated if x in own),
        modals=frozenset(x for x in side.modals if x in own),
        core=restrict(side.core, parts) if side.core is not None else None,
        terms=tuple(t for t in side.terms if any(a <= t[1] < b for a, b in parts)),
        piece_starts=side.piece_starts[keep],
        lemma_starts=tuple(x for x, k in zip(side.lemma_starts, lemma_keep, strict=True) if k),
    )


def _negated(doc: Doc) -> frozenset[str]:
    """Lemmas of the verbs that negations belong to: the next verb after the negation (an
    auxiliary if no main verb follows: "has not had"), else the negation ("no comment")."""
    out = set()
    for i, t in enumerate(doc):
        if t.lower_ in NEGATIONS:
            window = doc[i + 1:i + 5]
            verb = next((u for u in window if u.pos_ == "VERB"),
                        next((u for u in window if u.pos_ == "AUX"), None))
            out.add(verb.lemma_.lower() if verb is not None else t.lower_)
    return frozenset(out)


def normalised(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.clip(norm, 1e-12, None)).astype(np.float32)


def _rows(offsets: np.ndarray, start: int, end: int) -> np.ndarray:
    """Indices of the pieces inside ``[start, end)``."""
    return np.flatnonzero((offsets[:, 0] >= start) & (offsets[:, 1] <= end)
                          & (offsets[:, 1] > offsets[:, 0]))


def _values(text: str, doc: Doc) -> tuple[Value, ...]:
    names = [e for e in doc.ents if e.label_ in NAME_TYPES and entity_key(e.text)]
    out = [Value("name", e.text, entity_key(e.text), e.label_, e.start_char, e.end_char)
           for e in names]
    for s in number_spans(text):
        attrs = number_attrs(s)
        value, unit = attrs.get("value"), attrs.get("unit") or ""
        inside_name = any(e.start_char <= s.start and s.end <= e.end_char for e in names)
        if value is None or inside_name:  # "S&P 500", "Windows NT 4.0": part of a name
            continue
        written = text[s.start:s.end]
        # "a $82 million deal" / "a $80 million contract": money is what the deal is worth,
        # not a count of deals, so the noun after it does not tell two quantities apart
        counted = "" if unit in CURRENCY_UNITS else _counted(doc, s.end)
        out.append(Value("number", written, f"{value:g} {unit}".strip(), unit, s.start, s.end,
                         written_tolerance(written, value), counted))
    for e in doc.ents:
        key = entity_key(e.text)
        # "March 20-23": the numbers compare on their own; the date is its calendar words.
        if e.label_ == "DATE" and _CALENDAR.search(key) and not is_duration(e.text):
            out.append(Value("date", e.text, " ".join(_CALENDAR.findall(key)), e.label_,
                             e.start_char, e.end_char))
    return tuple(sorted(out, key=lambda v: v.start))


_TIME_DETERMINERS = frozenset({"last", "next", "this", "every", "each"})
COUNTED_WITHIN = 5  # tokens after a number in which the noun it counts is looked for


def _counted(doc: Doc, end: int) -> str:
    """The lemma of the noun a number ending at character ``end`` counts: the last noun of
    the first run of nouns within ``COUNTED_WITHIN`` tokens, over modifiers ("seven AK-47
    assault rifles", "13 fully loaded magazines", "a 6.1-magnitude quake" -> "rifle",
    "magazine", "magnitude"); "" when a verb, a
    preposition or a punctuation mark comes first ("rose to 12, officials said")."""
    after = [t for t in doc if t.idx >= end][:COUNTED_WITHIN]
    found = ""
    for t in after:
        if t.lower_ in _TIME_DETERMINERS:
            break  # "80 rifles last summer": a time of the clause, not what is counted
        if t.pos_ in ("NOUN", "PROPN"):
            found = t.lemma_.lower()
        elif found or not (t.pos_ in ("ADJ", "ADV", "NUM", "X", "SYM", "PART")
                           or t.tag_ in ("VBN", "VBG") or t.text == "-"):
            break
    return found


def written_tolerance(written: str, value: float) -> float:
    """Half a unit of the last written digit, at the number's scale: "1.4 percent" stands
    for anything in [1.35, 1.45), "$3 billion" for 2.5e9..3.5e9."""
    m = _DIGITS.search(written)
    if not m:
        return 0.0  # number words ("eight") are exact
    shown = float(m.group().replace(",", ""))
    scale = value / shown if shown else 1.0
    return 0.5 * 10.0 ** -len(m.group(1) or "") * scale


# Parts of speech of the words whose choice frames a fact ("unprovoked war" / "conflict").
_DESCRIPTIVE = frozenset({"ADJ"})


def descriptive_terms(doc: Doc, offset: int = 0) -> list[tuple[str, int, int]]:
    """Adjectives (lower-case, not function words) with the nouns right after them, if any:
    "unprovoked war", "anodyne position paper", "important"; offsets into the doc's text plus
    ``offset``."""
    out = []
    for t in doc:
        if t.pos_ not in _DESCRIPTIVE or t.is_stop or not t.text[:1].islower():
            continue
        end = t.i
        while end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN":
            end += 1
        last = doc[end]
        out.append((doc[t.i:end + 1].text.lower(), offset + t.idx, offset + last.idx + len(last)))
    return out
