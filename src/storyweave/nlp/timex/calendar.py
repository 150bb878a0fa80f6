"""Calendar arithmetic for time expressions: intervals, TIMEX3 values, relative resolution.

Nothing here reads the machine clock: whatever needs "now" takes it as ``base``. A
*spec* is the JSON-able meaning of one expression, as the grammar (``grammar``)
builds it; the ``relative`` attribute of a time span is its spec when it needs a base.

Specs, all plain dicts:

- ``{"unit": U, "offset": k}``: the calendar unit U (day, week, weekend, month, quarter,
  half, year, decade, century) that contains the base, moved by k units ("next week" is
  week +1, "yesterday" day -1, "three years ago" year -3). ``"part": "before"`` /
  ``"after"`` keeps only the part before / after the base ("earlier this week").
- Named periods that recur every year (``month``, ``month`` + ``day``, ``season``,
  ``quarter``, ``half``, ``holiday``) or every week (``weekday`` 0 = Monday, ``weekend``).
  With ``"year"`` they are absolute; with ``"cycle": k`` they sit in the year (week) of the
  base moved by k ("November of last year", "this Friday"); otherwise ``"direction"``
  ("past": the latest one on or before the base; "future": the first one on or after it;
  null: the nearest, one in the future counting double for a yearly one) and ``"strict"``
  ("last Friday" said on a Friday is a week ago; ``strict`` also marks a direction that the
  words give, which a tense never overrides; ``"fixed"`` one that nothing overrides:
  quarters are the latest begun). A direction from the tense alone lets a year-less date
  within ``LEAN_DAYS`` of the base on the other side win ("extended until Nov. 9").
- ``{"unit": "period", "offset": k}``: a reported period ("the year-ago quarter"), found
  from the date the story is at; against a plain base, the last quarter moved by k years.
  ``"anaphoric": true`` (added by ``find_times``) says the base to give is that date.
- ``{"year": Y}``, ``{"decade": 198}``, ``{"century": 19}``: absolute.
- ``{"from": spec, "to": spec}``: a range; the end is looked for from the start onwards.
- ``"time"`` (``"MO"``, ``"AF"``, ``"EV"``, ``"NI"``, ``"10:30"``) adds a time of day to a
  day; ``{"ref": "PRESENT_REF"}`` (or PAST_REF, FUTURE_REF) has no interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# Meteorological seasons of the northern hemisphere: the first month of each. Winter Y is
# December Y to February Y+1, so "this winter" said in January is the one still running.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_YEARLY = ("month", "season", "quarter", "half", "holiday")
_WEEKLY = ("weekday", "weekend")
_DAY = timedelta(days=1)
# How near the base (in days) an occurrence against the tense may still win over the one the
# tense points to: a year-less date (a deadline "until Nov. 9" told in the past), a month
# or a season (never: "in December", told in the past, is last December). See _leaning.
LEAN_DAYS = (45, 0)
# A tense read off the verb, as a direction to look for a named day or month in. The present
# says nothing sure ("the talks begin Monday", "Friday's trading"): the nearest one.
TENSE_DIRECTION = {"past": "past", "future": "future"}
# Without a direction, a year-less date, month or season in the future counts this many
# times as far as one in the past: news reports what happened ("in March", written in
# October, is the March before).
FUTURE_WEIGHT = 2


@dataclass(frozen=True, slots=True)
class Interval:
    start: date
    end: date
    precision: str  # day, week, month, quarter, half, season, year, decade, century
    value: str  # TIMEX3 style: 2023-03-20, 2023-W12, 2023-03, 2023-Q1, 2023-SP, 2023, 202


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clamped to the month's length (Jan 31 + 1 =
    Feb 28)."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - _DAY).day


def _month_span(year: int, month: int, months: int = 1) -> tuple[date, date]:
    start = date(year, month, 1)
    return start, add_months(start, months) - _DAY


def unit_interval(unit: str, d: date) -> tuple[date, date]:
    """The calendar ``unit`` that contains ``d`` (an ISO week runs Monday to Sunday)."""
    if unit == "day":
        return d, d
    if unit in ("week", "weekend"):
        monday = d - timedelta(days=d.weekday())
        if unit == "weekend":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return _month_span(d.year, d.month)
    if unit == "quarter":
        return _month_span(d.year, 3 * ((d.month - 1) // 3) + 1, 3)
    if unit == "half":
        return _month_span(d.year, 1 if d.month <= 6 else 7, 6)
    if unit == "season":
        index = d.year * 12 + d.month - 3  # seasons start in March, June, September...
        first = index - index % 3
        return _month_span(first // 12, first % 12 + 1, 3)
    if unit == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if unit == "decade":
        return date(d.year - d.year % 10, 1, 1), date(d.year - d.year % 10 + 9, 12, 31)
    if unit == "century":
        return date(d.year - d.year % 100, 1, 1), date(d.year - d.year % 100 + 99, 12, 31)
    raise ValueError(f"unknown calendar unit {unit!r}")


_UNIT_MONTHS = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120,
                "century": 1200}


def shift(unit: str, d: date, k: int) -> date:
    """``d`` moved by ``k`` calendar ``unit``s."""
    if unit == "day":
        return d + timedelta(days=k)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=k)
    return add_months(d, _UNIT_MONTHS[unit] * k)


def _precision(unit: str) -> str:
    return "week" if unit == "weekend" else unit


def value_of(unit: str, start: date) -> str:
    """The TIMEX3 value of the ``unit`` that starts on ``start``."""
    if unit == "day":
        return start.isoformat()
    if unit in ("week", "weekend"):
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{start.year}-{start.month:02d}"
    if unit == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    if unit == "season":
        season = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[start.month]
        return f"{start.year}-{season}"
    if unit == "year":
        return str(start.year)
    if unit == "decade":
        return str(start.year // 10)
    if unit == "century":
        return str(start.year // 100)
    raise ValueError(f"unknown calendar unit {unit!r}")


def unit_value(unit: str, d: date) -> Interval:
    start, end = unit_interval(unit, d)
    return Interval(start, end, _precision(unit), value_of(unit, start))


# --- holidays -------------------------------------------------------------------------------

_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
                   "new year's eve": (12, 31), "halloween": (10, 31),
                   "independence day": (7, 4), "valentine's day": (2, 14),
                   "veterans day": (11, 11), "boxing day": (12, 26)}


def _easter(year: int) -> date:
    # The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    q = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * q) // 451
    month, day = divmod(h + q - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` of the month (n = -1: the last)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, _month_length(year, month))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date | None:
    if name in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[name])
    if name == "easter":
        return _easter(year)
    if name == "thanksgiving":  # the US one: fourth Thursday of November
        return _nth_weekday(year, 11, 3, 4)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    return None


HOLIDAYS = (*_FIXED_HOLIDAYS, "easter", "thanksgiving", "labor day", "memorial day")


# --- named periods --------------------------------------------------------------------------

def _in_year(spec: dict[str, Any], year: int) -> Interval | None:
    """The occurrence of a yearly named period in ``year`` (None: February 29 elsewhere)."""
    if "holiday" in spec:
        day = holiday_date(spec["holiday"], year)
        return None if day is None else Interval(day, day, "day", day.isoformat())
    if "season" in spec:
        start, end = _month_span(year, SEASON_START[spec["season"]], 3)
        return Interval(start, end, "season", f"{year}-{spec['season']}")
    if "quarter" in spec:
        start, end = _month_span(year, 3 * spec["quarter"] - 2, 3)
        return Interval(start, end, "quarter", f"{year}-Q{spec['quarter']}")
    if "half" in spec:
        start, end = _month_span(year, 6 * spec["half"] - 5, 6)
        return Interval(start, end, "half", f"{year}-H{spec['half']}")
    month = spec["month"]
    if spec.get("day"):
        day = spec["day"]
        if day > _month_length(year, month):
            return None
        d = date(year, month, day)
        return Interval(d, d, "day", d.isoformat())
    start, end = _month_span(year, month)
    return Interval(start, end, "month", f"{year}-{month:02d}")


def _in_week(spec: dict[str, Any], d: date) -> Interval:
    """The occurrence of a weekly named period in the ISO week of ``d``."""
    if "weekend" in spec:
        return unit_value("weekend", d)
    day = d - timedelta(days=d.weekday() - spec["weekday"])
    return Interval(day, day, "day", day.isoformat())


def _occurrences(spec: dict[str, Any], base: date) -> list[Interval]:
    if any(k in spec for k in _WEEKLY):
        return [_in_week(spec, base + timedelta(weeks=k)) for k in range(-2, 3)]
    found = (_in_year(spec, y) for y in range(base.year - 4, base.year + 5))
    return [o for o in found if o is not None]


def _pick(found: list[Interval], base: date, direction: str | None,
          strict: bool, future_weight: int = 1) -> Interval | None:
    if direction == "past":
        before = [o for o in found if (o.end < base if strict else o.start <= base)]
        return max(before, key=lambda o: o.start, default=None)
    if direction == "future":
        after = [o for o in found if (o.start > base if strict else o.end >= base)]
        return min(after, key=lambda o: o.start, default=None)

    def distance(o: Interval) -> tuple[int, int]:
        ahead = o.start > base
        return _gap(o, base) * (future_weight if ahead else 1), int(ahead)  # ties: the past

    return min(found, key=distance, default=None)


def _gap(o: Interval, base: date) -> int:
    if o.start <= base <= o.end:
        return 0
    return (o.start - base).days if o.start > base else (base - o.end).days


def _leaning(found: list[Interval], base: date, direction: str, near: int
             ) -> Interval | None:
    """The occurrence the tense points to, unless the other side has one within ``near``
    days of the base: "extended its offer until Nov. 9" (told in the past, written on
    November 2) is this November 9, not last year's."""
    leaning = _pick(found, base, direction, False)
    nearest = _pick(found, base, None, False)
    if leaning is None or nearest is None:
        return leaning or nearest
    return nearest if _gap(nearest, base) <= near else leaning


def _named(spec: dict[str, Any], base: date | None, direction: str | None) -> Interval | None:
    weekly = any(k in spec for k in _WEEKLY)
    if "year" in spec and not weekly:
        return _in_year(spec, spec["year"])
    if base is None:
        return None
    if "cycle" in spec:
        if weekly:
            return _in_week(spec, base + timedelta(weeks=spec["cycle"]))
        year = base.year + spec["cycle"]
        if spec.get("season") == "WI" and base.month <= 2 and spec["cycle"] == 0:
            year -= 1  # "this winter" in January is the winter that began in December
        return _in_year(spec, year)
    found = _occurrences(spec, base)
    if direction and not weekly and not spec.get("strict") and not spec.get("fixed"):
        day_level = bool(spec.get("day")) or "holiday" in spec
        return _leaning(found, base, direction, LEAN_DAYS[0 if day_level else 1])
    return _pick(found, base, direction, bool(spec.get("strict")),
                 1 if weekly else FUTURE_WEIGHT)


def _with_time(found: Interval | None, time: str | None) -> Interval | None:
    if found is None or not time or found.precision != "day":
        return found
    return Interval(found.start, found.end, "day", f"{found.value}T{time}")


def interval(spec: dict[str, Any], base: date | None, tense: str | None = None
             ) -> Interval | None:
    """The interval ``spec`` denotes, against ``base`` if it needs one (None if it needs
    one and has none, or denotes no interval, or one outside the calendar: "35 centuries
    ago" from a base, or a base scanned far from its event, before year 1)."""
    try:
        return _interval(spec, base, tense)
    except (ValueError, OverflowError):
        return None


def _interval(spec: dict[str, Any], base: date | None, tense: str | None = None
              ) -> Interval | None:
    if "from" in spec:
        first = _interval(spec["from"], base, tense)
        if first is None:
            return None
        last_spec = spec["to"]
        if _is_named(last_spec) and "year" not in last_spec and "cycle" not in last_spec:
            # "from Monday to Wednesday", "March 20 to 22": the end is the first one on or
            # after the start.
            last = _pick(_occurrences(last_spec, first.start), first.start, "future", False)
        else:
            last = _interval(last_spec, base, tense)
        if last is None or last.end < first.start:
            return None
        return Interval(first.start, last.end, first.precision, first.value)
    if "ref" in spec or "duration" in spec or "set" in spec:
        return None
    direction = spec.get("direction")
    if tense in ("past", "future", "present") and not (spec.get("strict") or spec.get("fixed")):
        direction = TENSE_DIRECTION.get(tense)  # the present: no direction, the nearest
    if "unit" in spec:
        if base is None:
            return None
        unit, offset = spec["unit"], spec.get("offset", 0)
        if unit == "period":  # a reported period and no story date: the last quarter
            if "year" in spec:
                return _interval({"year": spec["year"]}, base)
            unit, offset = "quarter", 4 * offset - 1
        found = unit_value(unit, shift(unit, base, offset))
        part = spec.get("part")
        if part == "before" and offset == 0:
            found = Interval(found.start, max(found.start, base - _DAY), found.precision,
                             found.value)
        elif part == "after" and offset == 0:
            found = Interval(min(found.end, base + _DAY), found.end, found.precision,
                             found.value)
        return _with_time(found, spec.get("time"))
    if _is_named(spec):
        return _with_time(_named(spec, base, direction), spec.get("time"))
    if "century" in spec:
        c = spec["century"]
        return Interval(date(c * 100, 1, 1), date(c * 100 + 99, 12, 31), "century", f"{c:02d}")
    if "decade" in spec:
        d = spec["decade"]
        return Interval(date(d * 10, 1, 1), date(d * 10 + 9, 12, 31), "decade", f"{d:03d}")
    if "year" in spec:
        y = spec["year"]
        return Interval(date(y, 1, 1), date(y, 12, 31), "year", f"{y:04d}")
    return None


def _is_named(spec: dict[str, Any]) -> bool:
    return any(k in spec for k in (*_YEARLY, *_WEEKLY))


def needs_base(spec: dict[str, Any]) -> bool:
    """True if the spec's interval depends on the base date."""
    if "from" in spec:
        return needs_base(spec["from"]) or needs_base(spec["to"])
    if "ref" in spec or "duration" in spec or "set" in spec:
        return False
    if "unit" in spec:
        return True
    if _is_named(spec):
        return "year" not in spec or any(k in spec for k in _WEEKLY)
    return False


def unresolved_value(spec: dict[str, Any]) -> str | None:
    """A TIMEX3 value with X for what only a base could fill: "XXXX-03-20", "XXXX-WXX-5"."""
    if "from" in spec:
        return unresolved_value(spec["from"])
    if "ref" in spec:
        return spec["ref"]
    if "weekday" in spec:
        return f"XXXX-WXX-{spec['weekday'] + 1}"
    if "weekend" in spec:
        return "XXXX-WXX-WE"
    if "month" in spec:
        return f"XXXX-{spec['month']:02d}" + (f"-{spec['day']:02d}" if spec.get("day") else "")
    if "season" in spec:
        return f"XXXX-{spec['season']}"
    if "quarter" in spec:
        return f"XXXX-Q{spec['quarter']}"
    if "half" in spec:
        return f"XXXX-H{spec['half']}"
    return None
