"""Where the outlets disagree, in one place: the values a claim's passages give differently
(alignment records them on the claim, :mod:`.align.conflicts`), day-precise dates of one
event that differ across outlets, within a claim or between two claims about it ("March
20-23" / "March 20 to 22"), and one statement quoted in different words (the quote groups
record their variants, :mod:`.voices.quote_groups`).

A value that is merely less precise ("next week" against "March 20") is no discrepancy; a
range that ends on another day is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from ..labels import Label
from ..model import (
    Article,
    Claim,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyRelation,
    Passage,
    QuoteGroup,
    StatedValue,
    TimelineEntry,
    TimeMention,
)
from ..nlp.numbers import MEASURE_UNITS
from ..nlp.wordlists import WEEKDAY_NAMES
from .align.values import agree_as_written, hedge_at, rounding_apart
from .chronology.timeline import overlap

# Two day-precise ranges of one story that overlap but differ are one event told two ways
# when their sentences are at least this alike (MiniLM cosine; the visit's three datings in
# the example are 0.5-0.8 apart, "talks on March 21" inside "the visit" would be a day, not
# a range, and a day inside a range is never a discrepancy).
SAME_EVENT_RANGES = 0.45
SAME_EVENT_DAYS = 0.75  # two different single days: only for sentences that say one thing

Mention = tuple[str, TimeMention]  # (claim id, mention)


def quote_discrepancies(groups: Sequence[tuple[QuoteGroup, tuple[StatedValue, ...]]]
                        ) -> list[Discrepancy]:
    """Quote groups whose variants put different words in quotation marks, with the words
    each variant gives (``values``, empty when they agree), in group order."""
    return [Discrepancy(DiscrepancyKind.QUOTE, values, tuple(group.claims), group.id)
            for group, values in groups if values]


def date_discrepancies(entries: Sequence[TimelineEntry], source_of: dict[str, str],
                       similarity: Callable[[Passage, Passage], float],
                       stated: Callable[[Passage], bool] = lambda p: True,
                       from_writing_day: Callable[[Passage], bool] = lambda p: False,
                       wording: Callable[[Passage], str] = lambda p: "",
                       ) -> list[Discrepancy]:
    """Day-precise datings of one event that differ between sources. ``similarity`` gives
    the cosine of the sentences two expressions stand in; ``stated`` says whether an
    expression is part of what its passage states, not of its attribution ("announced on
    Friday" and "reported Monday" date two reports, not the fact); ``from_writing_day``
    whether it was counted from its article's writing day ("this afternoon", "yesterday"):
    such a day one off another outlet's is a time zone or a late edition, not a
    disagreement (ECB+ dev: an Australian report's "this afternoon" against a US
    report's "Monday afternoon"); ``wording`` the words of an expression. Two outlets that
    count the same weekday from their writing days agree on the words: their days differ
    because their writing days do (ECB+ dev: two outlets' "released Wednesday" became
    January 28 and April 1, 2009), so the pair is no disagreement. A clock time alone
    ("around 10 a.m.") tells the hour, not the day: it dates no day here."""
    mentions = [(e.claim, m) for e in entries for m in e.mentions
                if m.precision == "day" and stated(m.passage)
                and not _CLOCK_ONLY.fullmatch(wording(m.passage).strip())]
    pairs = []
    for i, (ca, a) in enumerate(mentions):
        for cb, b in mentions[i + 1:]:
            if source_of[a.passage.article] == source_of[b.passage.article]:
                continue
            if (a.start, a.end) == (b.start, b.end):
                continue
            if from_writing_day(a.passage) and from_writing_day(b.passage) \
                    and _weekdays(wording(a.passage)) == _weekdays(wording(b.passage)) != set():
                continue
            if (from_writing_day(a.passage) or from_writing_day(b.passage)) \
                    and _a_day_apart(a, b):
                continue
            ranges = a.start != a.end and b.start != b.end
            if ranges and overlap(a, b):
                needed = SAME_EVENT_RANGES
            elif a.start == a.end and b.start == b.end:
                needed = SAME_EVENT_DAYS
            else:
                continue  # a day inside a range, or disjoint ranges: no conflict
            if ca == cb or similarity(a.passage, b.passage) >= needed:
                pairs.append(((ca, a), (cb, b)))
    return _group(pairs, source_of)


_CLOCK_ONLY = re.compile(
    r"(?:(?:about|around|at|by|shortly|just|approximately|before|after|until|from)\s+)*"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)?|noon|midnight)"
    r"(?:\s+local time)?\.?", re.IGNORECASE)
# Words right before a time expression that make its clock time approximate ("shortly after
# 2 a.m."; "about", "around" are inside the expression: timex's ``mod`` APPROX) or a bound
# that is no time at all ("after 2 a.m." holds 3 a.m.)
_CLOCK_HEDGE = re.compile(r"\b(?:about|around|approximately|roughly|shortly|just|some|"
                          r"nearly|almost|close to)\s+(?:(?:before|after)\s+)?$", re.IGNORECASE)
_CLOCK_BOUND = re.compile(r"\b(?:after|before|by|until|till|since|from|between|past|and|or|"
                          r"to)\s+$", re.IGNORECASE)
_HH_MM = re.compile(r"(\d\d):(\d\d)")
# What a hedged clock time covers either side: "about 7 p.m." is 7:01 p.m. as another outlet
# writes it, "about 1 a.m." is not "about 1:30 a.m." (ECB+ dev 35ecbplus). One hedge covers
# a difference, never two, as with numbers. Chosen, not fitted: the dev gold holds one pair.
CLOCK_SLACK = 15  # minutes

Clock = tuple[int, bool]  # minutes after midnight, and whether the time is approximate


def time_of_day(attrs: Mapping[str, object], before: str) -> Clock | None:
    """The clock time a time expression gives, as the timex annotation read it (``attrs``
    of its ``date`` span: "01:30" in its ``relative`` spec, or after the "T" of its value),
    with ``before``, the words in front of it: approximate when timex's ``mod`` is APPROX
    or they hedge it ("shortly after"), none when they make it a bound ("after 2 a.m.",
    "until noon"). None for an expression with no clock time ("Friday", "Friday night")."""
    relative = attrs.get("relative")
    time = relative.get("time") if isinstance(relative, dict) else None
    if time is None:
        value = attrs.get("value")
        time = value.partition("T")[2] if isinstance(value, str) else ""
    clock = _HH_MM.fullmatch(str(time))
    if clock is None:
        return None
    hedged = attrs.get("mod") == "APPROX" or bool(_CLOCK_HEDGE.search(before))
    if not hedged and _CLOCK_BOUND.search(before):
        return None
    return (int(clock[1]) * 60 + int(clock[2])) % (24 * 60), hedged


def clock_discrepancies(entries: Sequence[TimelineEntry], source_of: dict[str, str],
                        clock: Callable[[Passage], Clock | None],
                        stated: Callable[[Passage], bool] = lambda p: True,
                        ) -> list[Discrepancy]:
    """Times of day of one dated fact that differ between sources ("about 1:30 a.m." /
    "about 1:00 am Sunday"). The outlets' expressions of one timeline entry date one event
    on one day; their clock times (``clock``: :func:`time_of_day` of each expression) are
    compared in minutes, a hedged one covering ``CLOCK_SLACK`` either side. An entry in which
    one source gives two times is left alone: its times are two moments (shot at 10 a.m.,
    arrested at noon), not one told two ways."""
    out = []
    for entry in entries:
        times: dict[str, list[tuple[int, bool, Passage]]] = {}
        for m in entry.mentions:
            read = clock(m.passage) if stated(m.passage) else None
            if read is not None:
                times.setdefault(source_of[m.passage.article], []).append((*read, m.passage))
        if len(times) < 2 or any(len({t[0] for t in ts}) > 1 for ts in times.values()):
            continue
        told = sorted((ts[0] for ts in times.values()), key=lambda t: t[0])
        if all(a[0] == b[0] or (a[1] or b[1]) and abs(a[0] - b[0]) <= CLOCK_SLACK
               for a, b in zip(told, told[1:], strict=False)):
            continue
        values: dict[int, list[Passage]] = {}
        for ts in times.values():
            for minute, _, passage in ts:
                values.setdefault(minute, []).append(passage)
        out.append(Discrepancy(DiscrepancyKind.TIME, tuple(
            StatedValue(_clock_text(k), f"{k // 60:02d}:{k % 60:02d}", tuple(ps))
            for k, ps in sorted(values.items())), (entry.claim,)))
    return out


def _clock_text(minutes: int) -> str:
    """ "1:30 a.m.", "noon", "midnight": a clock time as news writes it."""
    if minutes in (0, 12 * 60):
        return "midnight" if minutes == 0 else "noon"
    hour, minute = divmod(minutes, 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"


def _weekdays(words: str) -> set[str]:
    """The weekday names in ``words``, in full ("on Wednesday" -> {"wednesday"})."""
    return {w for w in re.findall(r"[a-z]+", words.lower()) if w in WEEKDAY_NAMES}


def _a_day_apart(a: TimeMention, b: TimeMention) -> bool:
    """Both single days, one day apart."""
    if a.start != a.end or b.start != b.end:
        return False
    return abs((date.fromisoformat(a.start) - date.fromisoformat(b.start)).days) == 1


def _group(pairs: list[tuple[Mention, Mention]],
           source_of: dict[str, str]) -> list[Discrepancy]:
    """Connected pairs become one discrepancy; equal intervals are one stated value. A group
    in which one source gives two of the values is dropped: an outlet does not disagree with
    itself, so its two days date two events, and the sentences that linked them were only
    alike (ECB+ dev: one report's "hired him on June 27, 2001" and "fired March 2" joined
    another's "took over on May 26, 2003", all about one coach)."""
    parent: dict[Mention, Mention] = {}

    def find(x: Mention) -> Mention:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[Mention, list[Mention]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out = []
    for members in groups.values():
        values: dict[tuple[str, str], list[Mention]] = {}
        for cm in sorted(members, key=lambda cm: (cm[1].start, cm[1].end,
                                                  cm[1].passage.article)):
            values.setdefault((cm[1].start, cm[1].end), []).append(cm)
        said = [{source_of[m.passage.article] for _, m in ms} for ms in values.values()]
        if sum(map(len, said)) > len(set().union(*said)):
            continue
        stated = tuple(StatedValue(_text(k), f"{k[0]}/{k[1]}" if k[0] != k[1] else k[0],
                                   tuple(m.passage for _, m in ms))
                       for k, ms in values.items())
        claims = tuple(dict.fromkeys(c for c, _ in members))
        out.append(Discrepancy(DiscrepancyKind.DATE, stated, claims))
    return out


def _text(k: tuple[str, str]) -> str:
    first, last = (date.fromisoformat(x) for x in k)
    if first == last:
        return f"{first:%B} {first.day}, {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B} {first.day}-{last.day}, {first.year}"
    return f"{first:%B} {first.day} - {last:%B} {last.day}, {last.year}"


def claim_discrepancies(articles: Sequence[Article], claims: Sequence[Claim],
                        written: dict[str, str] | None = None) -> list[Discrepancy]:
    """The value conflicts alignment recorded on claims, as discrepancies; except numbers
    that are days of resolved dates ("20-23" / "20 to 22"): the date discrepancies compare
    those as dates, which also sees that "Monday to Wednesday" ends on the 22nd. ``written``
    (article id -> working day) tells a later count from a contradiction, and the words
    around each number a rounding (:func:`relation`)."""
    by_id = {a.id: a for a in articles}

    def in_date(p: Passage) -> bool:
        a = by_id.get(p.article)
        return a is not None and any(s.start <= p.start and p.end <= s.end and s.attrs.get("start")
                                     for s in a.spans_of(Label.DATE))

    def hedge(p: Passage) -> str:
        a = by_id.get(p.article)
        return "" if a is None else hedge_at(a.text, p.start, p.end)

    found = [Discrepancy(DiscrepancyKind(c.kind), c.values, (claim.id,),
                         relation=relation(c.kind, c.values, written or {}, hedge))
             for claim in claims for c in claim.conflicts
             if not (c.kind == "number" and all(in_date(p) for v in c.values
                                                for p in v.passages))]
    return one_per_spelling(found)


def one_per_spelling(found: list[Discrepancy]) -> list[Discrepancy]:
    """One discrepancy for each set of spellings of a name ("Duncan Rait" / "Duncan Raite",
    "Rait" / "Raite": compared by the last word), however many claims show it, and whether
    a claim or the whole story (``voices.attributes``) shows it: the outlets spell the name,
    not the fact, two ways. A set inside another is that one. The values gather the passages
    of all of them, in the order first met."""
    def spelling(v: StatedValue) -> str:
        return (v.key.split() or [v.key])[-1]

    out: list[Discrepancy] = []
    spelt: list[tuple[int, set[str]]] = []  # each name discrepancy so far: index, spellings
    for d in found:
        keys = set(map(spelling, d.values))
        if d.kind != DiscrepancyKind.NAME or len(keys) < 2:
            out.append(d)
            continue
        k = next((n for n, (i, held) in enumerate(spelt) if keys <= held or held <= keys),
                 None)
        if k is None:
            spelt.append((len(out), keys))
            out.append(d)
            continue
        i, held = spelt[k]
        # the wider set of spellings holds the other
        first, second = (out[i], d) if keys <= held else (d, out[i])
        passages = {spelling(v): list(v.passages) for v in first.values}
        for v in second.values:  # a mention cited by both ("Ilene Wolfe", "Wolfe") once
            passages[spelling(v)] += [p for p in v.passages if not any(
                q.article == p.article and q.start < p.end and p.start < q.end
                for q in passages[spelling(v)])]
        out[i] = replace(
            first, claims=first.claims + tuple(c for c in second.claims
                                               if c not in first.claims),
            values=tuple(replace(v, passages=tuple(passages[spelling(v)]))
                         for v in first.values))
        spelt[k] = (i, held | keys)
    return out


def relation(kind: str, values: Sequence[StatedValue], written: dict[str, str],
             hedge: Callable[[Passage], str] = lambda p: "") -> DiscrepancyRelation:
    """``ROUNDING`` when the numbers agree as written ("45.4 percent" / "45 percent", "nearly
    four" / "three-plus": ``values.agree_as_written``; ``hedge`` reads how a passage's number
    is hedged); then ``UPDATE`` when the numbers grow with the day their reports were
    written, each value's reports all later than every report of the smaller value before it
    ("98 percent counted" on Tuesday, "99 percent reporting" on Wednesday; a death toll that
    rose); then ``ROUNDING`` when they are one figure rounded or hedged two ways ("$80
    million" / "$82 million", ``values.rounding_apart``); otherwise (a report without a
    working day, two values of one day, a count that fell, a measure: "100 mph" on Monday,
    "120 mph" on Tuesday is one chase told two ways) a ``CONTRADICTION``."""
    if kind == "name":
        return DiscrepancyRelation.SPELLING
    if kind != "number":
        return DiscrepancyRelation.CONTRADICTION
    # figures that agree as written are one figure, whenever each was written
    if _rounded(values, hedge, agree_as_written):
        return DiscrepancyRelation.ROUNDING
    if _later_counts(values, written):
        return DiscrepancyRelation.UPDATE
    if _rounded(values, hedge, rounding_apart):
        return DiscrepancyRelation.ROUNDING
    return DiscrepancyRelation.CONTRADICTION


def _amount(v: StatedValue) -> float | None:
    try:
        return float(v.key.split()[0])
    except (ValueError, IndexError):
        return None


def _later_counts(values: Sequence[StatedValue], written: dict[str, str]) -> bool:
    """Each larger count only in reports written later than every report of the smaller
    one (a measure never grows so: it is one event's)."""
    spans = []
    for v in values:
        days = [written.get(p.article) for p in v.passages]
        amount = _amount(v)
        if amount is None or " ".join(v.key.split()[1:]) in MEASURE_UNITS:
            return False
        if not days or any(d is None for d in days):
            return False
        spans.append((amount, min(d for d in days if d), max(d for d in days if d)))
    spans.sort()
    return all(b[1] > a[2] for a, b in zip(spans, spans[1:], strict=False))


def _rounded(values: Sequence[StatedValue], hedge: Callable[[Passage], str],
             alike: Callable[[float, str, str, float, str, str], bool]) -> bool:
    """Every two of the values one figure rounded or hedged two ways, as ``alike`` judges
    two figures. A value's hedge is the first its passages write ("nearly $80 million" in
    one report, "$80 million" in another: one value, hedged)."""
    read = []
    for v in values:
        amount = _amount(v)
        if amount is None:
            return False
        read.append((amount, next((h for p in v.passages if (h := hedge(p))), ""), v.text))
    return all(alike(*a, *b) for n, a in enumerate(read) for b in read[n + 1:])


def passage_similarity(units_of: Callable[[Passage], int | None],
                       vectors: np.ndarray) -> Callable[[Passage, Passage], float]:
    """Cosine of the units two passages stand in (0 when one is in none)."""
    def similarity(a: Passage, b: Passage) -> float:
        i, j = units_of(a), units_of(b)
        return 0.0 if i is None or j is None else float(vectors[i] @ vectors[j])
    return similarity
