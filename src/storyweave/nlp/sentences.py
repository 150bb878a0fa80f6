"""Paragraphs and sentences as exact character spans of an article's text.

A paragraph is a non-blank line (the assembler joins paragraphs with blank lines, so the
i-th paragraph here is the i-th ``paragraph`` span). Sentences never cross a newline:
lines of scraped text are often captions, credits or headlines without a final period,
and a splitter that ran across them would glue them onto the next sentence.

Cost is linear in the paragraph's length whatever its punctuation: pysbd only ever sees
windows of bounded size, and a "sentence" longer than ``MAX_SENTENCE`` (a flattened table,
a page with no full stops) comes back in whitespace-cut pieces marked ``"piece"``.
"""

from __future__ import annotations

import re

from ..labels import Label
from ..model import Span
from ..spanattrs import SentenceAttrs, make_span
from .models import segmenter
from .wordlists import CALENDAR_NAMES, TITLE_ABBREVIATIONS

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.SENTENCE})

WINDOW = 2000  # characters pysbd sees at once (see _windowed_starts)
# Widest window pysbd is given while looking for the end of one long sentence; past that it
# slides over the sentence instead. pysbd takes 0.01 s on 2k characters, 0.1 s on 8k.
MAX_WINDOW = 8000
# Longest sentence span. The embedder reads 256 tokens (about 1,100 characters of English)
# and ignores the rest, and no reader cites a longer "sentence": the example story's
# longest is 527 characters. Longer ones are cut at whitespace (see _cut).
MAX_SENTENCE = 1200

_SPACE = re.compile(r"\s+")

# Abbreviations before a number only ("Ch. 4", "No. 10"): "no." also ends sentences.
_BEFORE_NUMBERS = frozenset("ch no nos vol vols art sec pp".split())
# A title that is also a name's suffix or a street ("Robert Smith Sr.", "Elm St."): a title
# only when the word before it is not capitalized ("said Sr. Keehan", "in St. Louis").
_TITLE_OR_SUFFIX = frozenset({"sr", "st", "ste", "mt", "dr"})
_STREETS = frozenset("ave av blvd rd st sq pkwy hwy ln dr ct pl ter".split())
# What follows a time of day or a street in the same sentence ("7 p.m. Wednesday",
# "Michigan Ave. Saturday"): pysbd reads the period as the sentence's end.
_WHEN_WORDS = CALENDAR_NAMES | frozenset(
    "today tonight yesterday tomorrow local et est edt gmt utc pt pst pdt ct cst cdt mt".split())
_LAST_WORD = re.compile(r"(?:^|[\s(\[\"'“‘-])([^\s(\[\"'“‘-]*)\.$")
_FIRST_WORD = re.compile(r"[\"'“‘(]*([\w.]+)")


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
    Its processor is called directly: ``Segmenter.segment`` also looks every sentence up in
    the whole text with a regular expression made for it (the same pieces, a third slower
    on news paragraphs), which the cursor does here.
    """
    starts = [first]
    cursor = first
    for piece in segmenter().processor(para).process():
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
    # A sentence longer than the window widens it, up to MAX_WINDOW; past that (a megabyte
    # with no full stop) widening would be quadratic again, so the window slides along the
    # sentence, its first piece of text being the middle of a sentence, not a start.
    starts: list[int] = []
    base, size, inside = first, WINDOW, False
    while True:
        found = [base + s for s in _starts(para[base:base + size], 0)]
        if inside:
            found = found[1:]
        if base + size >= len(para):
            return starts + found
        if found and found[-1] > base:
            starts += found[:-1]
            base, size, inside = found[-1], WINDOW, False
        elif size < MAX_WINDOW and not inside:
            size = min(2 * size, MAX_WINDOW)
        else:
            starts += found  # the long sentence's own start, unless the window began inside it
            base, size, inside = _slide(para, base, size), WINDOW, True


def _slide(para: str, base: int, size: int) -> int:
    """Where the next window starts when ``para[base:base + size]`` holds no sentence start:
    at a word about three quarters in, so that a boundary near the window's end is seen again
    with text before it."""
    target = base + max(1, size * 3 // 4)
    gap = _last_gap(para, base + 1, target)
    return _gap_end(para, gap) if gap else target


def _last_gap(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last run of whitespace that starts in ``text[lo:hi]`` (only that stretch is read)."""
    last = None
    for match in _SPACE.finditer(text, lo, hi):
        last = match
    return last


def _gap_end(text: str, gap: re.Match[str]) -> int:
    # finditer stops matching at its end bound: the run of whitespace may go on past it.
    more = _SPACE.match(text, gap.end())
    return more.end() if more else gap.end()


def _cut(para: str, start: int, end: int) -> list[tuple[int, int]]:
    """``para[start:end]`` in pieces of at most MAX_SENTENCE characters, cut at whitespace
    (mid-word only if a whole piece has none) and of about equal length, so that a sentence
    just over the limit does not leave a stub of a few words."""
    pieces = []
    while end - start > MAX_SENTENCE:
        remaining = end - start
        count = -(-remaining // MAX_SENTENCE)
        target = start + -(-remaining // count)
        gap = _last_gap(para, start + 1, target + 1)
        if gap is None:
            pieces.append((start, target))
            start = target
        else:
            pieces.append((start, gap.start()))
            start = _gap_end(para, gap)
    pieces.append((start, end))
    return pieces


def _sentence_ranges(para: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets inside one paragraph, however long.

    Only the sentence *starts* are taken from the segmenter: a sentence runs to the next
    start, so text the segmenter mangles merges into a neighbour instead of falling out of
    every sentence.
    """
    if not para.strip():
        return []
    first = len(para) - len(para.lstrip())
    starts = _windowed_starts(para, first) if len(para) > WINDOW else _starts(para, first)
    starts = [s for k, s in enumerate(starts) if k == 0 or not _glued(para, starts[k - 1], s)]
    ends = starts[1:] + [len(para)]
    out = []
    for start, end in zip(starts, ends, strict=True):
        end = start + len(para[start:end].rstrip())
        if end > start:
            out.append((start, end))
    return out


def _glued(para: str, prev: int, start: int) -> bool:
    """Whether the segmenter's boundary at ``start`` follows an abbreviation that cannot end
    a sentence before what comes next ("Ald. | Ed Burke", "7 p.m. | Wednesday",
    "Michael L. | Farmer"): then the two pieces are one sentence."""
    before = para[prev:start].rstrip()
    if para[start:start + 1] in ("—", "–") and before.endswith("."):
        return True  # "EAU CLAIRE, Wisc. | — The council ...": a dateline goes on after a dash
    last = _LAST_WORD.search(before)
    nxt = _FIRST_WORD.match(para, start)
    if last is None or nxt is None:
        return False
    word, following = last.group(1), nxt.group(1)
    key = word.lower()
    ahead = para[:prev + last.start(1)].split()
    word_before = ahead[-1] if ahead else ""
    if key in _TITLE_OR_SUFFIX:
        if not (word_before[:1].isupper() and word_before[-1:].isalpha()):
            return True
    elif key in TITLE_ABBREVIATIONS:
        return True
    if key in _BEFORE_NUMBERS:
        return following[:1].isdigit()
    if key in {"a.m", "p.m"} or key in _STREETS:
        return following.lower().rstrip(".") in _WHEN_WORDS or following[:1].isdigit()
    # A single initial inside a name: "Michael L. | Farmer" (not "World War I.").
    return (len(word) == 1 and word.isupper() and word != "I"
            and word_before[:1].isupper() and following[:1].isupper())


def _pieces(para: str) -> list[tuple[int, int, int | None]]:
    """``(start, end, piece)``: sentences, an over-long one as its numbered pieces."""
    out: list[tuple[int, int, int | None]] = []
    for start, end in _sentence_ranges(para):
        if end - start <= MAX_SENTENCE:
            out.append((start, end, None))
        else:
            out += [(a, b, k) for k, (a, b) in enumerate(_cut(para, start, end))]
    return out


def split_paragraph(para: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets inside one paragraph (no leading/trailing blanks).

    A sentence longer than ``MAX_SENTENCE`` characters comes back as several pieces.
    """
    return [(start, end) for start, end, _ in _pieces(para)]


def sentence_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Span]:
    """Sentence spans of ``text`` in order, label ``sentence``, attrs ``{"paragraph": i}``.

    A sentence longer than ``MAX_SENTENCE`` characters is given as pieces cut at whitespace,
    numbered in attrs ``"piece"`` (0, 1, ...): a piece is not a sentence boundary, only a
    bound on what one span may hold. ``paragraphs`` may pass ``paragraph_ranges(text)``
    when the caller already has it.
    """
    if paragraphs is None:
        paragraphs = paragraph_ranges(text)
    spans: list[Span] = []
    for i, (p_start, p_end) in enumerate(paragraphs):
        for start, end, piece in _pieces(text[p_start:p_end]):
            attrs: SentenceAttrs = ({"paragraph": i} if piece is None
                                    else {"paragraph": i, "piece": piece})
            spans.append(make_span(p_start + start, p_start + end, Label.SENTENCE, attrs))
    return spans
