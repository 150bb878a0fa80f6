"""The timeline chart's time axis: long empty stretches drawn short, with a break mark.

A story's dated facts bunch: a month of events, and a handful of background dates years
earlier ("a close personal bond ... in 2019", "since the invasion last year"). On a linear
axis from 2019 to 2023 the month where the story happens is a few pixels wide. Here every
stretch of time with nothing on it longer than ``GAP_DAYS`` is drawn as if it were
``GAP_DAYS`` long, and marked as a break; the stretches with facts keep a linear scale.

A fact known only to the month or the year ("2019", "2022-02") is a *coarse* interval: only
its first day places it (a year would otherwise stretch the axis over twelve empty months),
and the chart draws it as an outline, not a solid bar.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

GAP_DAYS = 7  # an empty stretch longer than this is drawn this long, with a break mark
MIN_TICK_PX = 76  # tick labels ("2023-03-20") at least this far apart: they never overlap
FINE = frozenset({"day", "week"})  # precisions drawn as solid bars over their days


@dataclass(slots=True)
class Axis:
    """``x(day)`` for days between the first and last ones placed; ``breaks`` (the x of
    each shortened stretch) and ``ticks`` (x, label), none closer than ``MIN_TICK_PX``."""

    points: list[date]
    left: float
    width: float
    offsets: list[float] = field(default_factory=list)  # compressed days at each point
    breaks: list[float] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def first(self) -> date:
        return self.points[0]

    @property
    def last(self) -> date:
        return self.points[-1]

    def x(self, day: date) -> float:
        day = min(max(day, self.first), self.last)
        total = self.offsets[-1] or 1.0
        i = max(0, bisect_right(self.points, day) - 1)
        if i >= len(self.points) - 1:
            u = self.offsets[-1]
        else:
            a, b = self.points[i], self.points[i + 1]
            u = self.offsets[i] + (day - a).days / (b - a).days * (
                self.offsets[i + 1] - self.offsets[i])
        if self.offsets[-1] == 0:
            return round(self.left + self.width / 2, 1)
        return round(self.left + u / total * self.width, 1)


def axis(intervals: list[tuple[date, date, bool]], left: float, width: float) -> Axis:
    """The axis for ``(first day, last day, fine)`` intervals drawn between ``left`` and
    ``left + width``: a fine interval places its first day and the day after its last, a
    coarse one its first day only."""
    points = sorted({d for first, last, fine in intervals
                     for d in ((first, last + timedelta(days=1)) if fine else (first,))})
    if len(points) == 1:
        points.append(points[0] + timedelta(days=1))
    out = Axis(points, left, width)
    u = 0.0
    out.offsets.append(u)
    gaps = []
    for a, b in zip(points, points[1:], strict=False):
        gap = (b - a).days
        u += min(gap, GAP_DAYS)
        out.offsets.append(u)
        gaps.append(gap > GAP_DAYS)
    out.breaks = [round((out.x(a) + out.x(b)) / 2, 1)
                  for (a, b), broken in zip(zip(points, points[1:], strict=False), gaps,
                                            strict=True) if broken]
    out.ticks = _ticks(out, gaps)
    return out


def _ticks(ax: Axis, gaps: list[bool]) -> list[tuple[float, str]]:
    """A tick at the first point and at each point after a break (labelled as precisely as
    the point is: "2019", "2022-06", "2023-03-20"), and natural ticks (months, weeks, days)
    inside each unbroken stretch; then thinned left to right so that no two labels touch."""
    wanted: list[tuple[float, str, int]] = []  # (x, label, priority: 0 first)
    starts = [0] + [i + 1 for i, broken in enumerate(gaps) if broken]
    for k, i in enumerate(starts):
        first = ax.points[i]
        wanted.append((ax.x(first), _label(first), 0))
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(ax.points) - 1
        last = ax.points[end]
        wanted += [(ax.x(d), _label(d), 1) for d in _inside(first, last)]
    kept: list[tuple[float, str]] = []
    for x, label, _ in sorted(wanted, key=lambda t: (t[0], t[2])):
        if not kept or x - kept[-1][0] >= MIN_TICK_PX:
            kept.append((x, label))
    return kept


def _inside(first: date, last: date) -> list[date]:
    """Month starts (a long stretch) or Mondays, strictly after ``first``, up to ``last``."""
    if (last - first).days > 62:
        out: list[date] = []
        y, m = first.year, first.month
        while True:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            if date(y, m, 1) > last:
                return out
            out.append(date(y, m, 1))
    day = first + timedelta(days=(7 - first.weekday()) % 7 or 7)
    return [day + timedelta(weeks=k) for k in range(((last - day).days // 7) + 1)
            if day + timedelta(weeks=k) <= last]


def _label(day: date) -> str:
    if day.month == 1 and day.day == 1:
        return str(day.year)
    return day.strftime("%Y-%m") if day.day == 1 else day.isoformat()
