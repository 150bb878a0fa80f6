"""Quotation marks, paired on the raw text (no model needed).

Pairing comes before any parse so that apostrophes, plural possessives (leaders’) and an odd
number of marks only ever cost the unmatched mark, never the paragraph: single quotes are
never marks, an opening mark met while a quote is open drops the earlier one, a closing mark
with nothing open is ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

__all__ = ["MARKS", "MARK_TOKENS", "Disjoint", "Marked", "ends_clause", "holds_mark", "pair_marks",
           "starts_clause", "trim_quoted", "whole_marks"]

_OPENERS = "“„«"
_CLOSERS = "”»"
MARKS = "\"“”„«»"
# Double marks, and the typewriter pairs '' and `` (NYT copy: ''We will,'' he said).
MARK_TOKENS = frozenset(MARKS) | {"''", "``"}  # how the tokenizer gives them
_MARK = re.compile("''|``|[\"“”„«»]")
_CLAUSE_END = ",.!?…;:—–-"


@dataclass(frozen=True, slots=True)
class Marked:
    """A stretch of text in quotation marks: the marks at ``open`` and ``close``."""

    open: int
    close: int
    open_width: int = 1  # 2 for the typewriter pair '' (or ``) some outlets print
    close_width: int = 1

    @property
    def inner(self) -> int:
        """Where the quoted words begin (after the opening mark)."""
        return self.open + self.open_width

    @property
    def after(self) -> int:
        """Where the closing mark ends."""
        return self.close + self.close_width


def _mark_kind(text: str, i: int, width: int = 1) -> str:
    """ "open", "close" or "either" for the mark at ``text[i:i + width]``."""
    ch = text[i]
    if ch in _OPENERS or ch == "`":
        return "open"
    if ch in _CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return "close"
    return "either"


def pair_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[Marked]:
    """Quoted stretches of ``text``, in order, pairing its double quotation marks.

    Marks nest (a quote inside a quote is part of it). A closing mark with nothing open is
    ignored. A quote still open at the end of a paragraph continues only if the next
    paragraph starts with an opening mark, or its first mark is a closing one (the mark
    that should open it was lost); otherwise its opening mark was a stray and the complete
    pairs inside it stand on their own.
    """
    found: list[Marked] = []
    pending: tuple[int, int] | None = None
    carried: list[Marked] = []  # pairs inside the pending quote, kept if it never closes
    for start, end in paragraphs:
        marks = [(m.start(), _mark_kind(text, m.start(), len(m.group())), len(m.group()))
                 for m in _MARK.finditer(text, start, end)]
        stack: list[tuple[int, int]] = []
        done: list[Marked] = []
        if pending is not None and marks and marks[0][0] == start \
                and marks[0][1] != "close":
            stack, done = [pending], carried
            marks = marks[1:]
        elif pending is not None and marks and marks[0][1] == "close":
            # the paragraph's opening mark was lost (scraped copy: '"It's official: I'm
            # hosting the #Oscars! | I'd like to thank ..., my wife Portia and ...
            # orchestra."'): its first mark, a closing one, closes the open quote
            stack, done = [pending], carried
        else:
            found += _outermost(carried)
        pending, carried = None, []
        for i, kind, width in marks:
            if kind == "open" and stack and _spaced_close(text, i, stack[-1][0]):
                kind = "close"
            if kind == "open" or (kind == "either" and not stack):
                stack.append((i, width))
            elif stack:
                at, opened = stack.pop()
                done.append(Marked(at, i, opened, width))
        if len(stack) == 1:
            pending, carried = stack[0], done
        else:
            found += _outermost(done)
    found += _outermost(carried)
    return sorted(found, key=lambda m: m.open)


def holds_mark(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a quotation mark (the typewriter '' included)."""
    return _MARK.search(text, start, end) is not None


def _spaced_close(text: str, i: int, opened: int) -> bool:
    """A straight mark that closes a straight quote though a space stands before it, as
    scraped copy prints it ('"... the way we wanted to progress, "said Stefanski.'): it
    follows the quote's last punctuation. A quote inside a quote in straight double marks is
    rare enough that this reading is the likely one."""
    return text[i] == '"' and text[opened] == '"' and i >= 2 and text[i - 1] == " " \
        and text[i - 2] in ",.!?"


def _outermost(pairs: list[Marked]) -> list[Marked]:
    kept: list[Marked] = []
    for m in sorted(pairs, key=lambda m: (m.open, -m.close)):
        if not kept or m.open > kept[-1].close:
            kept.append(m)
    return kept


def whole_marks(start: int, end: int, marks: list[Marked]) -> tuple[int, int]:
    """Widen a paraphrase that cuts a quoted phrase (the parse left the closing mark out) to
    hold the whole phrase, marks included."""
    for m in marks:
        if start <= m.open < end < m.after:
            end = m.after
        elif m.open < start < m.after <= end:
            start = m.open
    return start, end


def trim_quoted(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# Spaces inside a line, the no-break ones too: ingestion makes them plain, but text handed to
# the rules as it was scraped keeps them (PolNeAR: '... motivated.\u00a0“With an eye ...').
_INLINE_SPACE = " \t\u00a0\u2009\u202f"


def starts_clause(text: str, open_at: int, paragraphs: list[tuple[int, int]]) -> bool:
    """The mark opens a sentence, or follows "said," / "said:"."""
    at = open_at
    while at > 0 and text[at - 1] in _INLINE_SPACE:
        at -= 1  # no copy of the text before: an article has thousands of marks
    if at == 0 or text[at - 1] == "\n":
        return True
    if any(s == open_at for s, _ in paragraphs):
        return True
    return text[at - 1] in ",:.!?—–-"  # "-" also ends "--"


def ends_clause(text: str, start: int, end: int, mark: Marked) -> bool:
    """The quoted words end a clause: punctuation inside the marks, or the sentence ends."""
    inside = text[mark.inner:mark.close].rstrip(_INLINE_SPACE)  # 'progress, "said' (scraped)
    if inside.endswith(tuple(_CLAUSE_END)) or text[end - 1] in _CLAUSE_END:
        return True
    at = mark.after
    while at < len(text) and text[at] in _INLINE_SPACE:
        at += 1
    return at >= len(text) or text[at] in ".!?\n—–"


class Disjoint:
    """Non-overlapping ``[start, end)`` intervals, looked up by bisection: a megabyte-long
    article has thousands of quotes, and a scan of all of them per token would make the
    quote step quadratic."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        """``spans`` may overlap (a quote inside the marks that hold it): they are merged."""
        self._spans: list[tuple[int, int]] = []
        for start, end in sorted(spans or []):
            if self._spans and start < self._spans[-1][1]:
                self._spans[-1] = (self._spans[-1][0], max(end, self._spans[-1][1]))
            else:
                self._spans.append((start, end))

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))

    def strictly_inside(self, pos: int) -> bool:
        """Whether ``start < pos < end`` for some interval (marks themselves are outside)."""
        k = bisect_right(self._spans, (pos, -1)) - 1
        return k >= 0 and self._spans[k][0] < pos < self._spans[k][1]

    def covers(self, pos: int) -> bool:
        k = bisect_right(self._spans, (pos, float("inf"))) - 1
        return k >= 0 and self._spans[k][0] <= pos < self._spans[k][1]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._spans, (end, -1)) - 1
        return k >= 0 and self._spans[k][1] > start
