"""Annotations to the store's rows and back, exactly: an article woven from the store is the
article woven from its file.

One annotated article becomes an :class:`ArticleRows`: its record (metadata and removed
lines through the one codec, ``storyweave.codec``), its spans, its counts, and its passages
(sentences, statements, quotes) with their vectors and packed pair-scorer sides. The NLP
stage already keeps vectors as int8 codes with a float16 scale, and word pieces as 4-bit
codes with float16 scales (``nlp.pairfeatures``), so nothing is lost here: the pieces' codes
are stored two a byte, and a statement's core as where it lies (its pieces are the
statement's).

A side is packed as a small JSON header (lemmas, content words, values, negations...) and
its arrays as raw little-endian bytes, compressed with zlib, never pickled: a store file may
come from anywhere, and unpickling it would run whatever it holds.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import orjson

from ..codec import from_plain, to_plain
from ..labels import Label
from ..model import Article, Span
from ..nlp.annotation import (
    Annotations,
    PassageFeatures,
    SentenceVectors,
    quote_holder,
    quote_side,
    statement_sides,
    totals,
)
from ..nlp.pairfeatures import PairSide, Value, core_of, vector_codes

# The first byte of a packed side. 2: the rest is zlib-compressed (a sixth smaller, 5 ms an
# article to compress: ingest annotates for ~700 ms). 3: 4-bit pieces, float16 scales, a
# core as its place in the statement.
SIDE_FORMAT = 3
_LABELS = {label.value: label for label in Label}


@dataclass(slots=True)
class PassageRow:
    kind: str  # "sentence", "statement" or "quote"
    n: int  # its place among the article's passages of that kind
    start: int
    end: int
    vector: bytes | None  # float16 scale + int8 codes; None: the sentence of the same span's
    side: bytes | None = None


@dataclass(slots=True)
class ArticleRows:
    """What the store keeps of one annotated article."""

    article: Article  # with its spans
    figures: dict[str, int] = field(default_factory=dict)
    passages: list[PassageRow] = field(default_factory=list)


# --- annotations -> rows --------------------------------------------------------------------

def rows_of(annotations: Annotations) -> list[ArticleRows]:
    """The rows of every article of ``annotations``, in their order."""
    out = []
    statements = statement_sides(annotations.statements)
    for a in annotations.articles:
        rows = ArticleRows(a, dict(annotations.figures[a.id]))
        sentences = [k for k in annotations.sentences.rows if k[0] == a.id]
        for n, k in enumerate(sentences):
            rows.passages.append(PassageRow("sentence", n, k[1], k[2],
                                            _vector_bytes(annotations.sentences[k])))
        spoken = set(sentences)
        said = statements.get(a.id, {})
        for kind, features in (("statement", annotations.statements),
                               ("quote", annotations.quotes)):
            keys = [k for k in features.vectors if k[0] == a.id]
            for n, k in enumerate(keys):
                vector = features.vectors[k]
                if kind == "quote" and quote_holder(said, k[1], k[2]) is not None:
                    # cut from its statement's side (annotation.quote_features): so it is
                    # read back, and nothing of it is kept
                    rows.passages.append(PassageRow(kind, n, k[1], k[2], None))
                    continue
                same = kind == "statement" and k in spoken and np.array_equal(
                    vector, annotations.sentences[k])
                rows.passages.append(PassageRow(kind, n, k[1], k[2],
                                                None if same else _vector_bytes(vector),
                                                pack_side(features.sides[k], k[1])))
        out.append(rows)
    return out


def _vector_bytes(vector: np.ndarray) -> bytes:
    """Its float16 scale, then its int8 codes (``pairfeatures.vector_codes``)."""
    codes, scale = vector_codes(vector)
    return np.asarray(scale, dtype="<f2").tobytes() + codes.tobytes()


def pack_side(side: PairSide, start: int) -> bytes:
    """``side`` (of the passage starting at ``start`` in its article) as bytes. Its text and
    vector are not in them: the passage's row has both; nor is its core's, which is where the
    core lies (``pairfeatures.core_of``)."""
    header, arrays = _side_parts(side)
    if side.core is not None:
        header["core"] = [side.core.offset, side.core.offset + len(side.core.text)]
    head = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    body = b"".join([struct.pack("<I", len(head)), head, *(a.tobytes() for a in arrays)])
    return bytes([SIDE_FORMAT]) + zlib.compress(body)


def _nibbles(codes: np.ndarray) -> np.ndarray:
    """4-bit codes (-7..7) two a byte: the first of each pair in the high half."""
    flat = (codes.reshape(-1).astype(np.int16) + 8).astype(np.uint8)
    if len(flat) % 2:
        flat = np.append(flat, np.uint8(8))
    return (flat[0::2] << 4) | flat[1::2]


def _codes(packed: np.ndarray, count: int) -> np.ndarray:
    out = np.empty(2 * len(packed), np.int8)
    out[0::2] = (packed >> 4).astype(np.int8) - 8
    out[1::2] = (packed & 15).astype(np.int8) - 8
    return out[:count]


def _side_parts(side: PairSide) -> tuple[dict[str, Any], list[np.ndarray]]:
    k = len(side.pieces)
    # the weights are log(rank) of each piece's vocabulary id: the rank is kept, and the
    # weight computed again the way build_sides computes it (exactly the same float32)
    ranks = np.rint(np.exp(side.weights.astype(np.float64))).astype("<u2")
    header = {
        "k": k, "dim": int(side.pieces.shape[1]) if side.pieces.ndim == 2 else 0,
        "lemmas": list(side.lemmas), "lemma_starts": list(side.lemma_starts),
        "content": [[lemma, pos, [int(r) for r in rows]] for lemma, pos, rows in side.content],
        "values": [[v.kind, v.text, v.key, v.label, v.start, v.end, v.tolerance, v.counted]
                   for v in side.values],
        "value_pieces": [[int(r) for r in rows] for rows in side.value_pieces],
        "negated": sorted(side.negated), "modals": sorted(side.modals),
        "terms": [list(t) for t in side.terms],
    }
    # the scales are float16 numbers already (pairfeatures.quantised): kept as such, exactly
    return header, [_nibbles(side.pieces), np.asarray(side.scales, dtype="<f2"), ranks,
                    np.asarray(side.piece_starts, dtype="<i4")]


# --- rows -> annotations --------------------------------------------------------------------

def unpack_side(blob: bytes, text: str, vector: np.ndarray) -> PairSide:
    """The side ``pack_side`` packed, for the passage ``text`` with its ``vector``."""
    if blob[0] != SIDE_FORMAT:
        raise ValueError(f"unknown side format {blob[0]}")
    blob = zlib.decompress(blob[1:])
    (length,) = struct.unpack_from("<I", blob)
    at = struct.calcsize("<I")
    header = orjson.loads(blob[at:at + length])
    at += length
    side, at = _side_from(header, blob, at, text, vector)
    if "core" in header:
        a, b = header["core"]
        side.core = core_of(side, (a, b))
    return side


def _side_from(h: dict[str, Any], blob: bytes, at: int, text: str,
               vector: np.ndarray | None) -> tuple[PairSide, int]:
    k, dim = h["k"], h["dim"]

    def take(dtype: str, count: int) -> np.ndarray:
        nonlocal at
        out = np.frombuffer(blob, dtype, count, at)
        at += out.nbytes
        return out

    pieces = (_codes(take("u1", (k * dim + 1) // 2), k * dim).reshape(k, dim) if dim
              else np.zeros((0, 0), np.int8))
    scales = take("<f2", k).astype(np.float32)
    ranks = take("<u2", k).astype(np.int64)
    starts = take("<i4", k).astype(np.int32)
    side = PairSide(
        text=text, vector=vector if vector is not None else np.zeros(0, np.float32),
        pieces=pieces, scales=scales,
        weights=np.log(np.clip(ranks, 1, None)).astype(np.float32),
        # interned: a story's sides repeat the same few thousand words, and a string per
        # occurrence would cost more than the word pieces
        lemmas=tuple(map(sys.intern, h["lemmas"])),
        content=tuple((sys.intern(lemma), sys.intern(pos), np.asarray(rows, dtype=np.intp))
                      for lemma, pos, rows in h["content"]),
        values=tuple(Value(*v) for v in h["values"]),
        value_pieces=tuple(np.asarray(r, dtype=np.intp) for r in h["value_pieces"]),
        negated=frozenset(h["negated"]), modals=frozenset(h["modals"]),
        terms=tuple((t, a, b) for t, a, b in h["terms"]),
        piece_starts=starts, lemma_starts=tuple(h["lemma_starts"]),
        offset=h["at"][0] if "at" in h else 0)
    return side, at


def article_from(plain: dict[str, Any], spans: list[tuple[int, int, str, str | None]]) -> Article:
    """The article record of its stored plain form and span rows."""
    article = from_plain(Article, plain)
    # one parse for all the article's attributes: a call per span (a 400-article story has
    # 115,000) spent more in json's call overhead than in parsing
    found = iter(orjson.loads("[" + ",".join(a for *_, a in spans if a) + "]"))
    article.spans = [Span(s, e, _LABELS.get(label, label), next(found) if attrs else {})
                     for s, e, label, attrs in spans]
    return article


def article_plain(article: Article) -> dict[str, Any]:
    """What the articles table keeps of the record (its spans go to their own table)."""
    plain: dict[str, Any] = to_plain(replace(article, spans=[]))
    return plain


def span_rows(article: Article) -> list[tuple[int, int, str, str | None]]:
    return [(s.start, s.end, str(s.label),
             json.dumps(s.attrs, separators=(",", ":"), ensure_ascii=False) if s.attrs
             else None) for s in article.spans]


def annotations_from(stored: list[ArticleRows]) -> Annotations:
    """The :class:`Annotations` of stored articles, as ``annotate`` gave them."""
    out = Annotations([r.article for r in stored], SentenceVectors(np.zeros((0, 0))),
                      PassageFeatures(), PassageFeatures())
    vectors, keys = [], []
    for r in stored:
        a = r.article
        out.figures[a.id] = r.figures
        sentence_of: dict[tuple[int, int], np.ndarray] = {}
        # sentences, then statements, then quotes: a quote may be cut from a statement
        order = {"sentence": 0, "statement": 1, "quote": 2}
        said: dict[tuple[int, int], PairSide] = {}
        for p in sorted(r.passages, key=lambda p: (order[p.kind], p.n)):
            key = (a.id, p.start, p.end)
            if p.kind == "sentence":
                v = vector_from(p.vector)
                sentence_of[p.start, p.end] = v
                keys.append(key)
                vectors.append(v)
                continue
            if p.kind == "quote" and p.side is None:
                side = quote_side(said, p.start, p.end)
                if side is None:
                    raise ValueError(f"a quote row of {a.id} without its side")
                out.quotes.vectors[key], out.quotes.sides[key] = side.vector, side
                continue
            v = sentence_of[p.start, p.end] if p.vector is None else vector_from(p.vector)
            into = out.statements if p.kind == "statement" else out.quotes
            into.vectors[key] = v
            if p.side is not None:
                into.sides[key] = unpack_side(p.side, a.text[p.start:p.end], v)
                if p.kind == "statement":
                    said[p.start, p.end] = into.sides[key]
    dim = len(vectors[0]) if vectors else 0
    out.sentences = SentenceVectors(np.stack(vectors) if vectors else np.zeros((0, dim),
                                                                                np.float32),
                                    {k: i for i, k in enumerate(keys)})
    out.report = totals(out)
    return out


def vector_from(blob: bytes | None) -> np.ndarray:
    """A passage row's vector (``_vector_bytes``) as float32."""
    if blob is None:
        raise ValueError("a passage row without its vector")
    scale = np.frombuffer(blob, "<f2", 1)[0]
    return np.frombuffer(blob, np.int8, offset=2).astype(np.float32) * np.float32(scale)

