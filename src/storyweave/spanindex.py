"""Spans sorted by start, for finding the ones inside a range without reading them all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from .model import Span


class SpanIndex:
    """Spans sorted by start, so that the ones inside ``[start, end)`` are found without
    reading all of them: per unit, a scan of every entity of the article made building the
    units quadratic in the article's length."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def containing(self, offset: int) -> Span | None:
        """The span that starts last at or before ``offset`` if it reaches past it."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].end > offset:
            return self.spans[i]
        return None

    def inside(self, start: int, end: int) -> list[Span]:
        """The spans with ``start <= span.start`` and ``span.end <= end``, by start."""
        out = []
        for i in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            if self.spans[i].end <= end:
                out.append(self.spans[i])
        return out
