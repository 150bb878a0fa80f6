"""Time expressions as standoff spans: what they say, in TIMEX3 terms, and which days.

``find_times`` finds dates, ranges, periods, durations and sets in a text with the rules of
``grammar`` (which know what "March 20 to 22", "last November" or "earlier this
week" mean) and adds the DATE/TIME entities of spaCy that no rule found (their meaning then
unknown). Each span (label ``date``) carries:

- ``type``: DATE, TIME, DURATION or SET;
- ``value``: TIMEX3 style ("2023-03-20", "2023-W12", "2023-03", "2023-Q1", "2023-SP",
  "2023", "202" for a decade, "P3Y", "P1W", "XXXX-WXX-1", "PRESENT_REF"); a range has its
  start's value; X where only a base could tell ("XXXX-03-20"); null if unknown;
- ``start``/``end``: the ISO days of the interval ("2023-03-20"/"2023-03-22"; a week runs
  Monday to Sunday), null when it cannot be told;
- ``precision``: day, week, month, quarter, half, season, year, decade or century (null for
  durations, sets and vague references);
- ``tense``: past, present, future or null, from the governing verb (else from the
  expression's own words: "next week" is future, "yesterday" past);
- ``relative``: null for an absolute expression, else the spec that :func:`resolve` takes
  (see ``calendar``): ``{"unit": "week", "offset": 1}`` for "next week",
  ``{"weekday": 4, "direction": "past"}`` for "said on Friday", ``{"month": 3, "day": 20}``
  for a year-less "March 20"; ``"anaphoric": true`` when it counts from the date last
  mentioned ("a year earlier", "the next day");
- ``resolved_from``: "absolute", "base", "context" (an anaphoric expression counted from
  the date mentioned before it) or null (unresolved);
- ``mod``: TIMEX3 modifier or null ("about a month": APPROX, "early next year": START).

A time word that is part of a name is no time (since pipeline 2.22): "told USA Today", "ABC's
World News Tonight", "CBS This Morning", "CBS's 60 Minutes", "the Sunday Times" (see
:func:`_in_a_title`).

The machine clock is never read: without ``base`` only absolute expressions get days.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from ...labels import Label
from ...model import Span
from ...spanattrs import DateAttrs, make_span
from ..entities import Chunk, is_duration, ner_chunks
from ..models import spacy_nlp
from .calendar import (
    TENSE_DIRECTION,
    Interval,
    interval,
    needs_base,
    shift,
    unit_interval,
    unit_value,
    unresolved_value,
)
from .expr import Expr
from .grammar import scan
from .relative import duration_value
from .tense import lexical_tense, parse_tense, subordinate_clause
from .words import UNIT_CODES, number_value, previous_word

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ADDS", "anchor_of", "find_times", "resolve"]

log = logging.getLogger(__name__)

# The labels this step adds (annotate replaces them, and only them, on every run).
ADDS = frozenset({Label.DATE})

# Words after which a lone four-digit number is a year even when spaCy calls it a number.
_YEAR_CUES = frozenset("in since by until till of during from through before after between "
                       "and to early late mid fiscal year summer spring autumn fall winter "
                       "around circa".split())
# spaCy entities that say a number is a count or an amount, not a year.
_NOT_YEARS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
_NAMED = ("month", "season", "quarter", "half", "holiday", "weekday", "weekend")


@dataclass(frozen=True, slots=True)
class _View:
    """A spaCy doc and where its text starts in the article's text."""

    doc: Doc | None
    offset: int

    @property
    def parsed(self) -> bool:
        return self.doc is not None and self.doc.has_annotation("DEP")


def find_times(text: str, *, base: date | None = None,
               doc: Doc | Iterable[Doc] | None = None) -> list[Span]:
    """The time expressions of ``text`` as ``date`` spans (see the module's docstring).

    ``base`` is the day the text was written: relative expressions ("next week", "on
    Friday") are resolved against it. ``doc``: a spaCy doc of the whole ``text``, or the
    docs of ``ner_chunks(text)`` one per chunk (what :func:`~.entities.run_ner` gives);
    without it, each paragraph is parsed here. A doc without a dependency parse still
    gives its entities; the tense is then read off the nearby words.
    """
    chunks = ner_chunks(text)
    views = _views(text, chunks, doc)
    exprs: list[tuple[Expr, _View]] = []
    for chunk, view in zip(chunks, views, strict=True):
        for expr in _chunk_exprs(text, chunk, view):
            if chunk.keep_start <= expr.start < chunk.keep_end and (
                    not exprs or expr.start >= exprs[-1][0].end):
                exprs.append((expr, view))
    if _FELL.search(text):
        exprs = [(e, v) for e, v in exprs if not _THE_FALL.fullmatch(text, e.start, e.end)]
    spans = []
    anchor: Interval | None = None
    for expr, view in exprs:
        attrs, found = _attrs(text, expr, view, base, anchor)
        if (at := anchor_of(attrs)) is not None:
            anchor = Interval(*at, "")  # the date the story is at: what "the next day" counts from
        spans.append(make_span(expr.start, expr.end, Label.DATE, attrs))
    log.debug("%d time expressions, %d of them found by spaCy alone", len(spans),
              sum(e.rule == "spacy" for e, _ in exprs))
    return spans


# "he'd lost his hat and gloves in the fall": in a report of someone who fell, "the fall"
# is that fall, not autumn ("last fall", "the fall of 2012" are still seasons)
_THE_FALL = re.compile(r"the\s+fall", re.IGNORECASE)
_FELL = re.compile(r"\b(?:fell|fallen|falling)\b", re.IGNORECASE)


_ORDER = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")


def anchor_of(attrs: DateAttrs) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of the time a resolved expression puts its text at,
    what the anaphoric expressions after it count from ("the next day"): None for one
    counted from another itself ("the next day", "a year ago" after a quarter), a range
    ("from March 20 to 22": the next day after which?), a duration or an unresolved one.
    Used by :func:`find_times` and by weaving, which resolves against the writing day."""
    spec = attrs.get("relative") or {}
    start, end, precision = attrs.get("start"), attrs.get("end"), attrs.get("precision")
    counted = spec.get("anaphoric") or attrs.get("resolved_from") == "context"
    if not (start and end and precision) or counted or "from" in spec \
            or attrs.get("type") not in ("DATE", "TIME"):
        return None
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if precision in _ORDER and last > unit_interval(precision, first)[1]:
        return None  # a range: "March 20-23", "from 1995 to 1998"
    return first, last, precision


def resolve(attrs: DateAttrs, base: date, *, tense: str | None = None,
            anchor: tuple[date, date, str] | None = None) -> tuple[date, date] | None:
    """The interval (first day, last day) of a time span's ``attrs`` against ``base``.

    A relative expression is resolved against ``base``; an anaphoric one ("the next day",
    "about 7 p.m.") counts from ``anchor`` (first day, last day, precision of the time the
    text last spoke of) when it is given and fine enough, else from ``base``. ``tense``
    ("past", "future", "present") replaces the one the span was found with, for
    the direction to look for a weekday or a year-less date in (the present: the nearest),
    but never a direction the words give ("last Friday"). An absolute expression gives its
    own days; a duration, a set or a vague reference None.
    """
    relative = attrs.get("relative")
    if relative:
        found = None
        if anchor is not None and relative.get("anaphoric"):
            found = _anaphoric(relative, Interval(anchor[0], anchor[1], anchor[2], ""))
        found = found or interval(relative, base, tense)
        return (found.start, found.end) if found else None
    start, end = attrs.get("start"), attrs.get("end")
    if start and end:
        return date.fromisoformat(start), date.fromisoformat(end)
    return None


# --- finding --------------------------------------------------------------------------------

def _views(text: str, chunks: list[Chunk], doc: Doc | Iterable[Doc] | None) -> list[_View]:
    if doc is None:
        # Only the chunks that can hold a time expression are parsed: the parse is most of
        # this stage's time.
        pieces = [text[c.start:c.end] for c in chunks]
        needed = [_worth_parsing(p) for p in pieces]
        docs = iter(spacy_nlp().pipe((p for p, n in zip(pieces, needed, strict=True) if n),
                                     batch_size=64))
        return [_View(next(docs) if n else None, c.start)
                for c, n in zip(chunks, needed, strict=True)]
    if hasattr(doc, "ents") and hasattr(doc, "text"):  # one doc of the whole text
        if doc.text != text:
            raise ValueError("doc is not a parse of this text")
        # hasattr tells a Doc from an iterable of docs (Doc is imported for typing only: no
        # isinstance); mypy keeps both members of the union after hasattr
        return [_View(cast("Doc", doc), 0) for _ in chunks]
    doc = list(doc)  # the docs of the chunks, maybe lazily made
    if len(doc) != len(chunks):
        raise ValueError(f"{len(doc)} docs for {len(chunks)} chunks of text")
    for c, d in zip(chunks, doc, strict=True):
        if d.text != text[c.start:c.end]:
            raise ValueError(f"doc does not match the text at {c.start}: {d.text[:40]!r}")
    # A chunk not worth parsing is read as if it had not been: the same expressions whether
    # the caller parsed every chunk (as annotate does, once for all stages) or none.
    return [_View(d if _worth_parsing(text[c.start:c.end]) else None, c.start)
            for c, d in zip(chunks, doc, strict=True)]


def _worth_parsing(piece: str) -> bool:
    """Only paragraphs with something a rule reads, or a time word a spaCy DATE entity would
    need to be kept (_entity_leftovers), can hold a time expression."""
    return bool(_TIME_WORD.search(piece) or scan(piece))


def _chunk_exprs(text: str, chunk: Chunk, view: _View) -> list[Expr]:
    piece = text[chunk.start:chunk.end]
    found, named = [], []
    for expr in scan(piece):
        expr.start += chunk.start
        expr.end += chunk.start
        if _in_a_title(text, expr):
            named.append(expr)  # nor is spaCy's entity there a time
        elif _plausible(text, expr, view):
            found.append(expr)
    found += _entity_leftovers(text, found + named, view, chunk)
    found.sort(key=lambda e: e.start)
    return found


def _plausible(text: str, expr: Expr, view: _View) -> bool:
    if not expr.bare_year:
        return True
    if previous_word(text, expr.start) in _YEAR_CUES:
        return True
    if view.doc is None:
        return False
    for ent in view.doc.ents:
        s, e = ent.start_char + view.offset, ent.end_char + view.offset
        if s < expr.end and expr.start < e:
            return ent.label_ not in _NOT_YEARS
    return False  # a lone number spaCy does not see as a date: "1990 employees"


# Words of time that are written in lower case unless they are part of a name: "told USA
# Today", "ABC News' World News Tonight", "CBS This Morning", "CBS's 60 Minutes", "ABC's This
# Week". Read as times, they dated a 1995 award to the day a 2009 report was written (ECB+ dev).
_NAMED_RULES = frozenset({"day", "unit", "duration"})
_WORD = re.compile(r"[A-Za-z][\w'’.&-]*")
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z][\w'’.&-]*)")  # the word after, on the same line
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:;\n])[\s\"“‘'(\[]*$")
# "the Sunday Times", "Britain's Sunday Telegraph": a weekday naming a paper
_THE_BEFORE = re.compile(r"(?:\b[Tt]he|['’]s)\s+$")
_PAPERS = frozenset("times telegraph express mirror herald post independent mail tribune star "
                    "observer".split())


# words of four letters and more that a headline in title case may leave in lower case
_SMALL_WORDS = frozenset("with from into onto over upon than that your".split())


def _in_a_title(text: str, expr: Expr) -> bool:
    """Whether the expression is part of a name, not a time: a time word capitalised inside a
    sentence next to another capitalised word, or a weekday before a paper's name. A line in
    title case (a headline: "Obama To Nominate Benjamin Today") says nothing by its capitals,
    nor does a line in capitals."""
    words = text[expr.start:expr.end]
    next_word = _NEXT_WORD.match(text, expr.end)
    after = next_word.group(1) if next_word else None
    if expr.rule == "weekday":  # after "the" or a possessive: not "on Sunday Times Square"
        return after is not None and after.lower() in _PAPERS and after[0].isupper() \
            and _THE_BEFORE.search(text, max(0, expr.start - 12), expr.start) is not None
    if expr.rule not in _NAMED_RULES or not any(w[0].isupper() for w in _WORD.findall(words)) \
            or words.isupper() or _SENTENCE_OPEN.search(text, max(0, expr.start - 8),
                                                          expr.start):
        return False
    line_start = text.rfind("\n", 0, expr.start) + 1
    line_end = text.find("\n", expr.end)
    line = _WORD.findall(text[line_start:line_end if line_end >= 0 else len(text)])
    if all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in line if len(w) > 3):
        return False  # a headline's capitals
    before = _WORD.findall(text[max(line_start, expr.start - 30):expr.start])
    return bool(before and before[-1][0].isupper()) or after is not None and (
        after[0].isupper() or after.lower() in ("show", "program", "programme"))


def _entity_leftovers(text: str, found: list[Expr], view: _View, chunk: Chunk) -> list[Expr]:
    """spaCy's DATE/TIME entities no rule found anything in (nor dropped as part of a
    name, both in ``found``): spans without a known value."""
    if view.doc is None:
        return []
    out = []
    for ent in view.doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = ent.start_char + view.offset, ent.end_char + view.offset
        if not (chunk.start <= start and end <= chunk.end):
            continue
        if any(e.start < end and start < e.end for e in found):
            continue
        words = ent.text.strip()
        if (ent[0].tag_ == "MD" or words.lower().endswith("old")
                or not _TIME_WORD.search(words)):
            continue  # the modal "may", an age ("27-year-old"), "annual", "Olympic", "39"
        if is_duration(words):
            unit = _TIME_WORD.findall(words)[-1].lower()
            value = _vague_duration_value(words, unit)
            out.append(Expr(start, end, "DURATION", {"duration": value} if value else {},
                            rule="spacy"))
        else:
            out.append(Expr(start, end, ent.label_, {}, rule="spacy"))
    return out


# What a spaCy DATE/TIME entity must name to be kept: a unit or a part of the calendar.
_TIME_WORD = re.compile(
    r"\b(?:(?:day|week|weekend|month|year|quarter|decade|hour|minute|season|night|"
    r"morning|afternoon|evening|period)s?|century|centuries|spring|summer|autumn|fall|winter|"
    r"overnight|date|future|past|present)\b", re.IGNORECASE)
_UNIT_OF = {"centuries": "century", "overnight": "night"}


def _vague_duration_value(words: str, unit: str) -> str | None:
    """"the next couple of years": P2Y; "the first hours": PTXH (None if not a unit)."""
    unit = _UNIT_OF.get(unit, unit.rstrip("s"))
    if unit not in UNIT_CODES:
        return None
    amount = None
    for token in re.findall(r"[\w-]+", words.lower()):
        amount = amount or number_value(token)
    if amount is None and not _unit_plural(words, unit):
        amount = 1  # "an additional year"
    return duration_value(amount, unit)


def _unit_plural(words: str, unit: str) -> bool:
    return re.search(rf"\b{unit}s\b|centuries", words, re.IGNORECASE) is not None


# --- meaning --------------------------------------------------------------------------------

def _tense(text: str, expr: Expr, view: _View) -> str | None:
    if view.parsed:
        told = parse_tense(view.doc, expr.start - view.offset,  # type: ignore[arg-type]
                           expr.end - view.offset)
    else:
        told = lexical_tense(text, expr.start, expr.end)
    # The expression's own words first: "next week's summit", in a sentence told in the
    # past, is still to come.
    return expr.direction or told


def _with_direction(spec: dict[str, Any], tense: str | None) -> dict[str, Any]:
    """The spec with the direction its tense gives a named period ("said on Friday")."""
    if "from" in spec:
        return {**spec, "from": _with_direction(spec["from"], tense)}
    if (any(k in spec for k in _NAMED) and "year" not in spec and "cycle" not in spec
            and not spec.get("strict") and not spec.get("fixed") and tense in TENSE_DIRECTION):
        return {**spec, "direction": TENSE_DIRECTION[tense]}
    return spec


def _precision(spec: dict[str, Any]) -> str | None:
    spec = spec.get("from", spec)
    if "unit" in spec:
        return "week" if spec["unit"] == "weekend" else spec["unit"]
    if "day" in spec or "weekday" in spec or "holiday" in spec:
        return "day"
    for key in ("month", "season", "quarter", "half"):
        if key in spec:
            return key
    if "weekend" in spec:
        return "week"
    for key in ("year", "decade", "century"):
        if key in spec:
            return key
    return None


def _anaphoric(spec: dict[str, Any], anchor: Interval) -> Interval | None:
    """A "the next day", "a year earlier", "the year-ago quarter" counted from ``anchor``."""
    unit, offset = spec.get("unit"), spec.get("offset", 0)
    if unit is None:
        return None
    if unit == "period":  # "the year-ago period": the story's period, a year before
        precision = spec.get("as") or anchor.precision
        if precision in ("day", "week"):
            precision = "quarter"  # "the period ended Sept. 30": reports come by quarter
        if precision not in ("month", "quarter", "half", "year"):
            return None
        day = anchor.start
        if "year" in spec:
            day = shift("year", day, spec["year"] - day.year)
        return unit_value(precision, shift("year", day, offset))
    if unit == "year" and anchor.precision in ("quarter", "half", "month"):
        # "a year earlier" after "the third quarter": the same quarter a year before
        return unit_value(anchor.precision, shift("year", anchor.start, offset))
    order = ("day", "week", "month", "quarter", "half", "year", "decade", "century")
    if anchor.precision not in order or order.index(anchor.precision) > order.index(unit):
        return None  # "the next day" after "last year": which day?
    found = unit_value(unit, shift(unit, anchor.start, offset))
    if spec.get("time"):
        return Interval(found.start, found.end, "day", f"{found.value}T{spec['time']}")
    return found


def _attrs(text: str, expr: Expr, view: _View, base: date | None,
           anchor: Interval | None) -> tuple[DateAttrs, Interval | None]:
    tense = _tense(text, expr, view)
    attrs: DateAttrs = {"type": expr.type, "value": None, "start": None, "end": None,
                        "precision": None, "tense": tense, "relative": None,
                        "resolved_from": None, "mod": expr.mod}
    if view.parsed:
        clause = subordinate_clause(view.doc,  # type: ignore[arg-type]
                                    expr.start - view.offset, expr.end - view.offset)
        if clause is not None:
            attrs["clause"] = [clause[0] + view.offset, clause[1] + view.offset]
    spec = expr.spec
    if "duration" in spec or "set" in spec:
        attrs["value"] = spec.get("duration") or spec.get("set")
        return attrs, None
    if not spec:  # a spaCy entity no rule could read
        return attrs, None
    spec = _with_direction(spec, tense)
    found: Interval | None
    if expr.anaphoric:
        attrs["relative"] = {**spec, "anaphoric": True}
        found = _anaphoric(spec, anchor) if anchor is not None else None
        how = "context"
        if found is None and base is not None:
            found, how = interval(spec, base), "base"
    elif (expr.rule == "ago" and spec.get("unit") == "year" and anchor is not None
          and anchor.precision in ("quarter", "half")):
        # "profit rose from a year ago" after "the third quarter": that quarter a year ago
        attrs["relative"] = spec
        found, how = _anaphoric(spec, anchor), "context"
    else:
        if needs_base(spec):
            attrs["relative"] = spec
        found = interval(spec, base)
        how = "base" if needs_base(spec) else "absolute"
    attrs["precision"] = found.precision if found else _precision(spec)
    if found is None:
        attrs["value"] = unresolved_value(spec)
        return attrs, None
    attrs.update({"value": found.value, "start": found.start.isoformat(),
                  "end": found.end.isoformat(), "resolved_from": how})
    return attrs, found
