"""Paragraphs and sentences as exact character spans of an article's text.

A paragraph is a non-blank line (the assembler joins paragraphs with blank lines, so the
i-th paragraph here is the i-th ``paragraph`` span). Sentences never cross a newline:
lines of scraped text are often captions, credits or headlines without a final period,
and a splitter that ran across them would glue them onto the next sentence.
"""

from __future__ import annotations

from ..labels import Label
from ..model import Span
from .models import segmenter

WINDOW = 2000  # characters pysbd sees at once (see _windowed_starts)


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of ``text``, surrounding whitespace excluded."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            start = pos + len(line) - len(line.lstrip())
            ranges.append((start, start + len(body)))
        pos += len(line) + 1  # the "\n" that split() consumed
    return ranges


def _starts(para: str, first: int) -> list[int]:
    """Where pysbd's sentences begin in ``para`` (``first`` is the first non-blank).

    pysbd returns strings, not offsets (its ``char_span`` mode drifts on repeated text), so
    each sentence is found again with ``str.find`` from a cursor that only moves forward.
    """
    starts = [first]
    cursor = first
    for piece in segmenter().segment(para):
        piece = piece.strip()
        if not piece:
            continue
        at = para.find(piece, cursor)
        if at < 0:
            continue  # pysbd altered the piece: its text stays with the previous sentence
        if at > starts[-1]:
            starts.append(at)
        cursor = at + len(piece)
    return starts


def _windowed_starts(para: str, first: int) -> list[int]:
    # pysbd is quadratic in its input: 5k characters take 0.07 s, 45k take 1.5 s (0.3 s in
    # 2k windows). A paragraph that long is usually a whole article without newlines (JSONL,
    # flattened text), so it is segmented in windows; the last sentence of each window may
    # be cut off by the window's end, so the next window starts again at that sentence.
    starts: list[int] = []
    base, size = first, WINDOW
    while True:
        window = para[base:base + size]
        found = [base + s for s in _starts(window, 0)]
        if base + size >= len(para):
            return starts + found
        if len(found) < 2:
            size *= 2  # one sentence longer than the window: widen until it ends
            continue
        starts += found[:-1]
        base, size = found[-1], WINDOW


def split_paragraph(para: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets inside one paragraph (no leading/trailing blanks).

    Only the sentence *starts* are taken from the segmenter: a sentence runs to the next
    start, so text the segmenter mangles merges into a neighbour instead of falling out of
    every sentence.
    """
    if not para.strip():
        return []
    first = len(para) - len(para.lstrip())
    starts = _windowed_starts(para, first) if len(para) > WINDOW else _starts(para, first)
    ends = starts[1:] + [len(para)]
    out = []
    for start, end in zip(starts, ends, strict=True):
        end = start + len(para[start:end].rstrip())
        if end > start:
            out.append((start, end))
    return out


def sentence_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Span]:
    """Sentence spans of ``text`` in order, label ``sentence``, attrs ``{"paragraph": i}``.

    ``paragraphs`` may pass ``paragraph_ranges(text)`` when the caller already has it.
    """
    if paragraphs is None:
        paragraphs = paragraph_ranges(text)
    spans: list[Span] = []
    for i, (p_start, p_end) in enumerate(paragraphs):
        for start, end in split_paragraph(text[p_start:p_end]):
            spans.append(Span(p_start + start, p_start + end, Label.SENTENCE, {"paragraph": i}))
    return spans
