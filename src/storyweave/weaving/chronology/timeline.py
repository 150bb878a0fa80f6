"""The story's timeline and the discrepancies between its outlets.

Timeline: a claim whose passages carry resolved time expressions becomes an entry (one per
event it dates: "last month" and "next week" in one claim are two); the entry is dated by the
most precise of its outlets' expressions and keeps all of them, so "next week" (000),
"March 20 to 22" (001) and "from Monday to Wednesday" (002) of one claim are one entry.

Discrepancies: the values a claim's passages disagree on (alignment records them, see
:mod:`.conflicts`), and day-precise dates of one event that differ across outlets, within a
claim or between two claims about it ("March 20-23" / "March 20 to 22"). A value that is
merely less precise ("next week" against "March 20") is no discrepancy; a range that ends on
another day is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from ...labels import Label
from ...model import (
    Article,
    Claim,
    Discrepancy,
    Passage,
    StatedValue,
    TimelineEntry,
    TimeMention,
)
from ..align.units import SpanIndex

PRECISION_ORDER = ("day", "week", "month", "season", "year", "decade")
# Two day-precise ranges of one story that overlap but differ are one event told two ways
# when their sentences are at least this alike (MiniLM cosine; the visit's three datings in
# the example are 0.5-0.8 apart, "talks on March 21" inside "the visit" would be a day, not
# a range, and a day inside a range is never a discrepancy).
SAME_EVENT_RANGES = 0.45
SAME_EVENT_DAYS = 0.75  # two different single days: only for sentences that say one thing
SAME_EVENT_ENTRY = 0.6  # claims dated alike and this alike (cosine) are one timeline entry

Mention = tuple[str, TimeMention]  # (claim id, mention)


def _mentions(claim: Claim, times: dict[str, SpanIndex]) -> list[TimeMention]:
    """The resolved time expressions inside the claim's passages (``times``: each article's
    resolved ``date`` spans)."""
    out = []
    for p in claim.passages:
        index = times.get(p.article)
        for s in index.inside(p.start, p.end) if index is not None else ():
            a = s.attrs
            out.append(TimeMention(Passage(p.article, s.start, s.end), a["start"], a["end"],
                                   a["precision"], str(a.get("value") or "")))
    return out


def _resolved_times(articles: Sequence[Article]) -> dict[str, SpanIndex]:
    return {a.id: SpanIndex(s for s in a.spans_of(Label.DATE)
                            if s.attrs.get("type") in ("DATE", "TIME") and s.attrs.get("start")
                            and s.attrs.get("end") and s.attrs.get("precision"))
            for a in articles}


def _rank(m: TimeMention) -> tuple[int, int]:
    precision = (PRECISION_ORDER.index(m.precision) if m.precision in PRECISION_ORDER
                 else len(PRECISION_ORDER))
    return precision, (date.fromisoformat(m.end) - date.fromisoformat(m.start)).days


def _overlap(a: TimeMention, b: TimeMention) -> bool:
    return a.start <= b.end and b.start <= a.end


def build_timeline(articles: Sequence[Article], claims: Sequence[Claim],
             similarity: Callable[[str, str], float] | None = None) -> list[TimelineEntry]:
    """Dated claims in date order: mentions of one claim that overlap are one event, and so
    are two claims dated alike that tell one event in words too different to be aligned
    (``similarity`` of their claim ids at least ``SAME_EVENT_ENTRY``: "struck a 'no limits'
    partnership" / "declared boundless friendship", both February 2022)."""
    times = _resolved_times(articles)
    entries = []
    for claim in claims:
        groups: list[list[TimeMention]] = []
        for m in sorted(_mentions(claim, times), key=_rank):
            home = next((g for g in groups if any(_overlap(m, x) for x in g)), None)
            if home is None:
                groups.append([m])
            else:
                home.append(m)
        told_by = [{m.passage.article for m in g} for g in groups]
        shared = any(len(t) >= 2 for t in told_by)
        for g, t in zip(groups, told_by, strict=True):
            if shared and len(t) == 1:
                # one outlet's own date in a fact several outlets date alike is a detail of
                # that outlet's sentence ("... since the invasion more than a year ago"),
                # not when the fact happened
                continue
            best = g[0]  # the most precise: sorted by rank
            entries.append(TimelineEntry(claim.id, best.start, best.end, best.precision,
                                         tuple(sorted(g, key=lambda m: (m.passage.article,
                                                                        m.passage.start)))))
    entries.sort(key=lambda e: (e.start, e.end, e.claim))
    return _merged(entries, {c.id: c.corroboration for c in claims}, similarity)


def _merged(entries: list[TimelineEntry], corroboration: dict[str, int],
            similarity: Callable[[str, str], float] | None) -> list[TimelineEntry]:
    if similarity is None:
        return entries
    out: list[TimelineEntry] = []
    for e in entries:
        home = next((i for i, o in enumerate(out)
                     if (o.start, o.end, o.precision) == (e.start, e.end, e.precision)
                     and similarity(o.claim, e.claim) >= SAME_EVENT_ENTRY), None)
        if home is None:
            out.append(e)
            continue
        o = out[home]
        claim = max((o.claim, e.claim), key=lambda c: corroboration.get(c, 0))
        out[home] = TimelineEntry(claim, o.start, o.end, o.precision,
                                  tuple(sorted(o.mentions + e.mentions,
                                               key=lambda m: (m.passage.article,
                                                              m.passage.start))))
    return out


def date_discrepancies(entries: Sequence[TimelineEntry], source_of: dict[str, str],
                       similarity: Callable[[Passage, Passage], float],
                       stated: Callable[[Passage], bool] = lambda p: True,
                       ) -> list[Discrepancy]:
    """Day-precise datings of one event that differ between sources. ``similarity`` gives
    the cosine of the sentences two expressions stand in; ``stated`` says whether an
    expression is part of what its passage states, not of its attribution ("announced on
    Friday" and "reported Monday" date two reports, not the fact)."""
    mentions = [(e.claim, m) for e in entries for m in e.mentions
                if m.precision == "day" and stated(m.passage)]
    pairs = []
    for i, (ca, a) in enumerate(mentions):
        for cb, b in mentions[i + 1:]:
            if source_of[a.passage.article] == source_of[b.passage.article]:
                continue
            if (a.start, a.end) == (b.start, b.end):
                continue
            ranges = a.start != a.end and b.start != b.end
            if ranges and _overlap(a, b):
                needed = SAME_EVENT_RANGES
            elif a.start == a.end and b.start == b.end:
                needed = SAME_EVENT_DAYS
            else:
                continue  # a day inside a range, or disjoint ranges: no conflict
            if ca == cb or similarity(a.passage, b.passage) >= needed:
                pairs.append(((ca, a), (cb, b)))
    return _group(pairs)


def _group(pairs: list[tuple[Mention, Mention]]) -> list[Discrepancy]:
    """Connected pairs become one discrepancy; equal intervals are one stated value."""
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
        stated = tuple(StatedValue(_text(k), f"{k[0]}/{k[1]}" if k[0] != k[1] else k[0],
                                   tuple(m.passage for _, m in ms))
                       for k, ms in values.items())
        claims = tuple(dict.fromkeys(c for c, _ in members))
        out.append(Discrepancy("date", stated, claims))
    return out


def _text(k: tuple[str, str]) -> str:
    first, last = (date.fromisoformat(x) for x in k)
    if first == last:
        return f"{first:%B} {first.day}, {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B} {first.day}-{last.day}, {first.year}"
    return f"{first:%B} {first.day} - {last:%B} {last.day}, {last.year}"


def claim_discrepancies(articles: Sequence[Article],
                        claims: Sequence[Claim]) -> list[Discrepancy]:
    """The value conflicts alignment recorded on claims, as discrepancies; except numbers
    that are days of resolved dates ("20-23" / "20 to 22"): the date discrepancies compare
    those as dates, which also sees that "Monday to Wednesday" ends on the 22nd."""
    by_id = {a.id: a for a in articles}

    def in_date(p: Passage) -> bool:
        a = by_id.get(p.article)
        return a is not None and any(s.start <= p.start and p.end <= s.end and s.attrs.get("start")
                                     for s in a.spans_of(Label.DATE))

    return [Discrepancy(c.kind, c.values, (claim.id,)) for claim in claims
            for c in claim.conflicts
            if not (c.kind == "number" and all(in_date(p) for v in c.values
                                               for p in v.passages))]


def passage_similarity(units_of: Callable[[Passage], int | None],
                       vectors: np.ndarray) -> Callable[[Passage, Passage], float]:
    """Cosine of the units two passages stand in (0 when one is in none)."""
    def similarity(a: Passage, b: Passage) -> float:
        i, j = units_of(a), units_of(b)
        return 0.0 if i is None or j is None else float(vectors[i] @ vectors[j])
    return similarity
