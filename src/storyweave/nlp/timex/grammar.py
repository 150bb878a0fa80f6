"""Time expressions in a line of text, by rules that also say what each one means.

Each rule (``dates``, ``relative``) is a regular expression and a function that
turns its match into an :class:`Expr`: the span, the TIMEX3 type and a *spec* (the meaning,
see ``calendar``). :func:`scan` runs every rule over one paragraph and keeps the longest
matches that do not overlap ("Monday, March 20" over "Monday"). Span edges follow TimeML:
"the", "early", "about" and "ago" belong to the expression, the preposition before it
("on", "from") and a possessive "'s" do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .dates import RULES as DATE_RULES
from .expr import Expr
from .relative import RULES as RELATIVE_RULES
from .words import SP

RULES = (*DATE_RULES, *RELATIVE_RULES)


def candidates(text: str) -> Iterator[Expr]:
    """Every rule's matches in ``text`` (overlapping)."""
    for pattern, rule in RULES:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            expr = rule(m, text) if m.end() > m.start() else None
            if expr is not None and expr.end > expr.start:
                yield expr
            # A rule that kept only the start ("Friday and Thursday": Friday) lets the
            # search go on right after what it kept.
            if expr is not None and m.start() < expr.end < m.end():
                pos = expr.end
            else:
                pos = max(m.end(), m.start() + 1)


def scan(text: str) -> list[Expr]:
    """The time expressions in ``text`` (one paragraph), in order, none overlapping."""
    found = sorted(candidates(text), key=lambda e: (e.start - e.end, e.start))
    kept: list[Expr] = []
    for expr in found:
        if all(expr.end <= k.start or expr.start >= k.end for k in kept):
            kept.append(expr)
    kept.sort(key=lambda e: e.start)
    return [_with_modifiers(text, e) for e in _clocks_of_days(text, _merge_clocks(text, kept))]


_APPROX_BEFORE = re.compile(
    rf"(?<![\w-])(?P<mod>(?i:around|about|approximately|roughly|right)){SP}$")
_OR_SO = re.compile(rf"{SP}(?i:or{SP}so)(?![\w])")


def _with_modifiers(text: str, expr: Expr) -> Expr:
    """"around Nov. 1", "right now", "the next year or so": the modifier belongs to the
    expression (TIMEX3 ``mod`` APPROX)."""
    if expr.type in ("DATE", "TIME") and expr.mod is None:
        m = _APPROX_BEFORE.search(text, max(0, expr.start - 20), expr.start)
        word = m.group("mod").lower() if m else ""
        if m and (word != "right" or expr.spec.get("ref") == "PRESENT_REF"):
            expr.start = m.start()
            expr.mod = "APPROX" if word != "right" else None
    tail = _OR_SO.match(text, expr.end)
    if tail and expr.type != "SET":
        expr.end = tail.end()
        expr.mod = expr.mod or "APPROX"
    return expr


_DAY_SPECS = ("weekday", "day", "holiday")


def _is_day(expr: Expr) -> bool:
    spec = expr.spec
    return expr.type in ("DATE", "TIME") and "time" not in spec and (
        any(k in spec for k in _DAY_SPECS) or spec.get("unit") == "day")


# "11am on Friday" / "Friday at about 11am": a clock and the day it is on, written as two
# expressions (TimeML keeps them two: "10:35 a.m. (0735 GMT) Friday").
_CLOCK_THEN_DAY = re.compile(r"[^\S\n]+on[^\S\n]+")
_DAY_THEN_CLOCK = re.compile(r",?[^\S\n]+at[^\S\n]+"
                             r"(?:(?:about|around|approximately|roughly)[^\S\n]+)?")
_PARTS_OF_DAY = frozenset({"MO", "AF", "EV", "NI"})


def _clocks_of_days(text: str, exprs: list[Expr]) -> list[Expr]:
    """A clock time written next to its day ("died about 11am on Friday") takes that day's
    spec with its own time: alone it would count from the day last mentioned before it,
    or, with none, the writing day, and the fall would be dated to the day it was reported.
    The two spans stay two (as TimeML marks them); only the clock's value changes."""
    out = list(exprs)
    for i, expr in enumerate(exprs):
        if expr.rule != "clock":
            continue
        after = exprs[i + 1] if i + 1 < len(exprs) else None
        before = exprs[i - 1] if i > 0 else None
        day = (after if after is not None and _CLOCK_THEN_DAY.fullmatch(
                   text, expr.end, after.start) and _is_day_or_part(after)
               else before if before is not None and _DAY_THEN_CLOCK.fullmatch(
                   text, before.end, expr.start) and _is_day_or_part(before)
               else None)
        if day is not None:
            out[i] = Expr(expr.start, expr.end, "TIME", dict(day.spec, time=expr.spec["time"]),
                          expr.mod, day.direction, day.anaphoric, rule="clock-of-day")
    return out


def _is_day_or_part(expr: Expr) -> bool:
    """A day ("Friday", "the next day") or a part of one ("Sunday morning")."""
    part = expr.spec.get("time")
    return _is_day(expr) if part is None else (
        part in _PARTS_OF_DAY and _is_day(Expr(expr.start, expr.end, expr.type,
                                               {k: v for k, v in expr.spec.items()
                                                if k != "time"})))


def _merge_clocks(text: str, exprs: list[Expr]) -> list[Expr]:
    """"10 a.m. Thursday", "Thursday, 10 a.m.", "around 5 a.m. Sunday morning": one TIME,
    the day's spec with the clock's time (a part of the day gives way to the clock)."""
    out: list[Expr] = []
    for expr in exprs:
        prev = out[-1] if out else None
        if prev is not None and re.fullmatch(r",?[^\S\n]*", text[prev.end:expr.start]) and (
                (prev.rule == "clock" and _is_day_or_part(expr)) or
                (expr.rule == "clock" and _is_day_or_part(prev))):
            clock, day = (prev, expr) if prev.rule == "clock" else (expr, prev)
            spec = dict(day.spec, time=clock.spec["time"])
            out[-1] = Expr(prev.start, expr.end, "TIME", spec, day.mod, day.direction,
                           day.anaphoric, rule="day-time")
        else:
            out.append(expr)
    return out
