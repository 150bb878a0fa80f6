"""Numbers in running text, as spans with a parsed value: "$200 billion", "20-23", "a thousand".

Outlets disagree on facts mostly through numbers (casualties, sums, dates), so the dossier
compares values, not strings: "$200bn", "$200 billion" and "200 billion dollars" all read
as 2e11 USD. Nothing here depends on capital letters: the benchmark data is lowercased,
where spaCy's CARDINAL/MONEY tags degrade but these rules do not.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..labels import Label
from ..model import Span
from ..spanattrs import NumberAttrs, make_span

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.NUMBER})

_SP = r"[^\S\n]"  # whitespace that is not a newline: a number never spans two lines

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "mn": 1e6, "tn": 1e12}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
_UNIT_WORDS = {"%": "%", "percent": "%", "per cent": "%", "percentage points": "pp",
               "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
               "pound": "GBP", "pounds": "GBP", "yuan": "CNY", "renminbi": "CNY",
               "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
               # measures: an area is never compared with a length, nor feet with metres
               # ("170,000-square-foot building" / "15,800-square-metre building")
               "square feet": "ft2", "square foot": "ft2", "square metres": "m2",
               "square metre": "m2", "square meters": "m2", "square meter": "m2",
               "square miles": "mi2", "square mile": "mi2", "square kilometres": "km2",
               "square kilometers": "km2", "feet": "ft", "foot": "ft", "ft": "ft",
               "metres": "m", "metre": "m", "meters": "m", "meter": "m", "miles": "mi",
               "mile": "mi", "kilometres": "km", "kilometre": "km", "kilometers": "km",
               "kilometer": "km", "km": "km", "mph": "mph", "kph": "km/h"}
# Units of money: an amount of money is what something is worth, not a count of it
CURRENCY_UNITS = frozenset(_UNIT_WORDS[w] for w in ("dollar", "euro", "pound", "yuan", "ruble"))
# Units of measure (not counts nor amounts): a speed or a distance reported later is a
# different account of one fact, never a count that rose.
MEASURE_UNITS = frozenset({"ft2", "m2", "mi2", "km2", "ft", "m", "mi", "km", "mph", "km/h"})


def _unit_alternation() -> str:
    # Longest first, so "percentage points" wins over a shorter unit; multi-word units allow
    # any run of (non-newline) blanks between their words.
    alts = []
    for unit in sorted(_UNIT_WORDS, key=len, reverse=True):
        pattern = (f"(?:{_SP}+|-)").join(re.escape(w) for w in unit.split(" "))
        alts.append(pattern + (r"\b" if unit[-1].isalpha() else ""))
    return "|".join(alts)


_UNIT_RE = _unit_alternation()
_SP_COLLAPSE = re.compile(_SP + "+")
# Thousands separators; a blank after the comma only before a group that starts with 0
# ("170, 000", as tokenised corpora print it): no number starts with 0, so "000" is never
# read as a number of its own, while "March 12, 300 people" stays two numbers.
_SEPARATORS = re.compile(r",[^\S\n]*")

_DIGITS_RE = re.compile(
    rf"""
    (?<![\w.,$€£¥])                                  # not the tail of a word or number
    (?:
        (?P<time>\d{{1,2}}:\d{{2}})\b                # 10:30 is a clock time, not two numbers
      |
        (?:(?P<cur>us\$|\$|€|£|¥){_SP}?)?
        (?P<num>\d{{1,3}}(?:,(?:{_SP}(?=0))?\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:
            (?P<ord>st|nd|rd|th)\b
          | {_SP}?(?P<scale>thousand|million|billion|trillion|bn|mn|tn)\b
        )?
        (?:(?:{_SP}?|-)(?P<unit>{_UNIT_RE}))?           # "15-square-metre" too
    )
    (?!\w|[.,]\d)                                    # "5G", "3.5.1": not a plain number
    """,
    re.IGNORECASE | re.VERBOSE,
)

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_WORD_SCALES = {"hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6,
                "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = {**_SMALL, **_TENS, **_WORD_SCALES}
_WORD_RE = re.compile(r"[^\W\d_]+")
_UNIT_AFTER_RE = re.compile(rf"{_SP}*(?P<unit>{_UNIT_RE})", re.IGNORECASE)
_JOIN_RE = re.compile(rf"{_SP}+|-")  # what may sit between two words of one number


def _unit(cur: str | None, unit: str | None) -> str | None:
    if unit:
        return _UNIT_WORDS[_SP_COLLAPSE.sub(" ", unit.lower().replace("-", " "))]
    return _CURRENCY_SIGNS[cur.lower()] if cur else None


def _digit_numbers(text: str) -> list[Span]:
    spans = []
    for m in _DIGITS_RE.finditer(text):
        if m["time"]:
            spans.append(make_span(m.start(), m.end(), Label.NUMBER,
                                   {"value": None, "unit": "time"}))
            continue
        value = float(_SEPARATORS.sub("", m["num"]))
        if m["scale"]:
            value *= _SCALES[m["scale"].lower()]
        attrs: NumberAttrs = {"value": value, "unit": _unit(m["cur"], m["unit"])}
        if m["ord"]:
            attrs["ordinal"] = True
        spans.append(make_span(m.start(), m.end(), Label.NUMBER, attrs))
    return spans


def words_value(words: list[str]) -> float:
    """Value of a run of number words: ["two", "hundred", "and", "five"] -> 205.0."""
    total, current = 0.0, 0.0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in _SMALL or w in _TENS:
            current += _NUMBER_WORDS[w]
        elif w in ("hundred", "dozen"):
            current = (current or 1) * _WORD_SCALES[w]
        elif w in _WORD_SCALES:
            total += (current or 1) * _WORD_SCALES[w]
            current = 0
    return total + current


class _Busy:
    """Stretches of text already taken, for overlap tests in O(log n): checking every digit
    span for every run of number words was quadratic in a long article."""

    def __init__(self, spans: list[Span]) -> None:
        # The digit scan's spans never overlap, so sorted by start they are sorted by end too.
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)  # the first stretch that ends after ``start``
        return i < len(self.starts) and self.starts[i] < end


def _word_numbers(text: str, taken: list[Span]) -> list[Span]:
    """Runs of number words ("twenty-one", "a thousand", "two hundred and five")."""
    busy = _Busy(taken)
    tokens = list(_WORD_RE.finditer(text))
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        run = _word_run(text, tokens, i)
        if not run:
            i += 1
            continue
        words = [tokens[j][0].lower() for j in run]
        i = run[-1] + 1
        # A bare "one" is nearly always a pronoun ("one of the", "no one"); bare "hundred"
        # or "million" without a count is not a number someone stated.
        if words == ["one"] or all(w in _WORD_SCALES for w in words):
            continue
        start, end = tokens[run[0]].start(), tokens[run[-1]].end()
        if busy.overlaps(start, end):
            continue  # "5 million": the digit scan already has it
        unit = None
        m = _UNIT_AFTER_RE.match(text, end)
        if m and (m.end() == len(text) or not text[m.end()].isalnum()):
            unit, end = _UNIT_WORDS[_SP_COLLAPSE.sub(" ", m["unit"].lower())], m.end()
        spans.append(make_span(start, end, Label.NUMBER,
                               {"value": words_value(words), "unit": unit}))
    return spans


def _word_run(text: str, tokens: list[re.Match[str]], i: int) -> list[int]:
    """Indices of the number-word run starting at token i (empty if none starts there)."""
    def word(j: int) -> str:
        return tokens[j][0].lower()

    def gap(j: int) -> str:  # text between token j-1 and token j
        return text[tokens[j - 1].end():tokens[j].start()]

    def joined(j: int) -> bool:
        return j < len(tokens) and _JOIN_RE.fullmatch(gap(j)) is not None

    run: list[int] = []
    if word(i) in ("a", "an") and joined(i + 1) and word(i + 1) in _WORD_SCALES:
        run = [i, i + 1]  # "a thousand", "a dozen"
    elif word(i) in _NUMBER_WORDS:
        run = [i]
    else:
        return []
    j = run[-1] + 1
    while j < len(tokens) and joined(j):
        if word(j) in _NUMBER_WORDS:
            run.append(j)
            j += 1
        elif (word(j) == "and" and word(run[-1]) in _WORD_SCALES and joined(j + 1)
              and (word(j + 1) in _SMALL or word(j + 1) in _TENS)):
            run += [j, j + 1]  # "two hundred and five"
            j += 2
        else:
            break
    return run


def number_spans(text: str) -> list[Span]:
    """Label ``number`` spans, attrs ``{"value": float | None, "unit": str | None}``.

    Units are ``%``, ``pp`` (percentage points), ISO currency codes or ``time``; ordinals
    ("20th") carry ``"ordinal": True``. A range "20-23" gives two numbers.
    """
    digits = _digit_numbers(text)
    spans = digits + _word_numbers(text, digits)
    spans.sort(key=lambda s: (s.start, s.end))
    return spans
