"""What a time-expression rule returns (:class:`Expr`), and the helpers rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .words import (
    ANY_YEAR,
    PARTS,
    SP,
    previous_word,
    year_number,
)


@dataclass(slots=True)
class Expr:
    """One time expression found by a rule, before tense and resolution."""

    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    spec: dict[str, Any] = field(default_factory=dict)
    mod: str | None = None  # TIMEX3 mod: APPROX, START, END, MORE_THAN...
    direction: str | None = None  # what the words say: "past" (last, ago), "future" (next)
    anaphoric: bool = False  # counts from the date last mentioned ("the next day")
    bare_year: bool = False  # a lone "1990": a count unless spaCy agrees it is a date
    rule: str = ""


# "of last year", "this year's": the year moved by this much from the base's.
YEAR_REL = {"this": 0, "last": -1, "next": 1, "the same": 0, "the previous": -1,
            "the following": 1}
# Words that point a named period one way: (direction, strict).
DIRECTION_WORDS = {"last": ("past", True), "past": ("past", True), "this past": ("past", True),
                   "next": ("future", True), "coming": ("future", True),
                   "this coming": ("future", True)}
# The year after a month, a date or a season: ", 2023", "of 2022", "of last year", "last year".
YEAR_TAIL = (rf"(?:,?{SP}(?:(?i:of){SP})?(?P<year>{ANY_YEAR})"
             rf"|{SP}(?i:of){SP}(?P<yrel>(?i:this|last|next|the{SP}same|the{SP}previous|"
             rf"the{SP}following)){SP}(?i:year)(?!')"
             rf"|{SP}(?P<yrel2>(?i:last|this|next)){SP}(?i:year)(?![\w'])"
             rf"|,?{SP}(?P<yposs>(?i:this|last|next)){SP}(?i:year's))?")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def year_of(m: re.Match[str], spec: dict[str, Any]) -> dict[str, Any]:
    """Put the year the match names ("2023", "of last year") into ``spec``."""
    if m.group("year"):
        spec["year"] = year_number(m.group("year"))
    else:
        rel = m.group("yrel") or m.group("yrel2") or m.group("yposs")
        if rel:
            spec["cycle"] = YEAR_REL[norm(rel)]
    return spec


def directed(spec: dict[str, Any], words: str | None) -> tuple[dict[str, Any], str | None]:
    """Apply "last"/"next"/"this" to a named period's spec; return the words' direction."""
    w = norm(words)
    if w in DIRECTION_WORDS:
        direction, strict = DIRECTION_WORDS[w]
        spec.update(direction=direction, strict=strict)
        return spec, direction
    if w == "this" and "year" not in spec:
        spec.setdefault("cycle", 0)
    return spec, None


def part_mod(m: re.Match[str]) -> str | None:
    part = m.groupdict().get("part")
    return PARTS.get(norm(part)) if part else None


def between_before(text: str, start: int) -> bool:
    return previous_word(text, start) == "between"

