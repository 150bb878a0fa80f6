"""Annotations to the store's rows and back, exactly: an article woven from the store is the
article woven from its file.

One annotated article becomes an :class:`ArticleRows`: its record (metadata and removed
lines through the one codec, ``storyweave.codec``), its spans, its counts, and its passages
(sentences, statements, quotes) with their float16 vectors and packed pair-scorer sides.
The NLP stage already rounds vectors to float16 and keeps word pieces as int8 codes with
their scales (``nlp.pairfeatures``), so nothing is lost here.

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

from ..codec import from_plain, to_plain
from ..labels import Label
from ..model import Article, Span
from ..nlp.annotation import Annotations, PassageFeatures, SentenceVectors, totals
from ..nlp.pairfeatures import PairSide, Value

# The first byte of a packed side. 2: the rest is zlib-compressed (a sixth smaller, 5 ms an
# article to compress: ingest annotates for ~700 ms).
SIDE_FORMAT = 2
_LABELS = {label.value: label for label in Label}


@dataclass(slots=True)
class PassageRow:
    kind: str  # "sentence", "statement" or "quote"
    n: int  # its place among the article's passages of that kind
    start: int
    end: int
    vector: bytes | None  # float16; None: the sentence with the same span has it
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
    for a in annotations.articles:
        rows = ArticleRows(a, dict(annotations.figures[a.id]))
        sentences = [k for k in annotations.sentences.rows if k[0] == a.id]
        for n, k in enumerate(sentences):
            rows.passages.append(PassageRow("sentence", n, k[1], k[2],
                                            _half(annotations.sentences[k])))
        spoken = set(sentences)
        for kind, features in (("statement", annotations.statements),
                               ("quote", annotations.quotes)):
            keys = [k for k in features.vectors if k[0] == a.id]
            for n, k in enumerate(keys):
                vector = features.vectors[k]
                same = kind == "statement" and k in spoken and np.array_equal(
                    vector, annotations.sentences[k])
                rows.passages.append(PassageRow(kind, n, k[1], k[2],
                                                None if same else _half(vector),
                                                pack_side(features.sides[k], k[1])))
        out.append(rows)
    return out


def _half(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def pack_side(side: PairSide, start: int) -> bytes:
    """``side`` (of the passage starting at ``start`` in its article) as bytes. Its text and
    vector are not in them: the passage's row has both."""
    header, arrays = _side_parts(side)
    if side.core is not None:
        core_header, core_arrays = _side_parts(side.core)
        core_header["at"] = [side.core.offset, side.core.offset + len(side.core.text)]
        header["core"] = core_header
        arrays += core_arrays + [np.asarray(side.core.vector, dtype="<f2")]
    head = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    body = b"".join([struct.pack("<I", len(head)), head, *(a.tobytes() for a in arrays)])
    return bytes([SIDE_FORMAT]) + zlib.compress(body)


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
    return header, [np.ascontiguousarray(side.pieces, dtype=np.int8),
                    np.asarray(side.scales, dtype="<f4"), ranks,
                    np.asarray(side.piece_starts, dtype="<i4")]


# --- rows -> annotations --------------------------------------------------------------------

def unpack_side(blob: bytes, text: str, vector: np.ndarray) -> PairSide:
    """The side ``pack_side`` packed, for the passage ``text`` with its ``vector``."""
    if blob[0] != SIDE_FORMAT:
        raise ValueError(f"unknown side format {blob[0]}")
    blob = zlib.decompress(blob[1:])
    (length,) = struct.unpack_from("<I", blob)
    at = struct.calcsize("<I")
    header = json.loads(blob[at:at + length])
    at += length
    side, at = _side_from(header, blob, at, text, vector)
    core = header.get("core")
    if core is not None:
        a, b = core["at"]
        side.core, at = _side_from(core, blob, at, text[a:b], None)
        side.core.vector = np.frombuffer(blob, "<f2", len(vector), at).astype(np.float32)
    return side


def _side_from(h: dict[str, Any], blob: bytes, at: int, text: str,
               vector: np.ndarray | None) -> tuple[PairSide, int]:
    k, dim = h["k"], h["dim"]

    def take(dtype: str, count: int) -> np.ndarray:
        nonlocal at
        out = np.frombuffer(blob, dtype, count, at)
        at += out.nbytes
        return out

    pieces = take("i1", k * dim).reshape(k, dim) if dim else np.zeros((0, 0), np.int8)
    scales = take("<f4", k).astype(np.float32)
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
    article.spans = [Span(s, e, _LABELS.get(label, label), json.loads(attrs) if attrs else {})
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
        for p in r.passages:
            key = (a.id, p.start, p.end)
            if p.kind == "sentence":
                v = _vector(p.vector)
                sentence_of[p.start, p.end] = v
                keys.append(key)
                vectors.append(v)
                continue
            v = sentence_of[p.start, p.end] if p.vector is None else _vector(p.vector)
            into = out.statements if p.kind == "statement" else out.quotes
            into.vectors[key] = v
            if p.side is not None:
                into.sides[key] = unpack_side(p.side, a.text[p.start:p.end], v)
    dim = len(vectors[0]) if vectors else 0
    out.sentences = SentenceVectors(np.stack(vectors) if vectors else np.zeros((0, dim),
                                                                                np.float32),
                                    {k: i for i, k in enumerate(keys)})
    out.report = totals(out)
    return out


def _vector(blob: bytes | None) -> np.ndarray:
    if blob is None:
        raise ValueError("a passage row without its vector")
    return np.frombuffer(blob, "<f2").astype(np.float32)

