"""The story's timeline: a claim whose passages carry resolved time expressions becomes an
entry (one per event it dates: "last month" and "next week" in one claim are two); the entry
is dated by the most precise of its outlets' expressions and keeps all of them, so "next
week" (000), "March 20 to 22" (001) and "from Monday to Wednesday" (002) of one claim are
one entry. Where outlets date one event differently: :mod:`storyweave.weaving.discrepancies`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ...labels import Label
from ...model import (
    Article,
    Claim,
    Passage,
    TimelineEntry,
    TimeMention,
)
from ...spanindex import SpanIndex

PRECISION_ORDER = ("day", "week", "month", "season", "year", "decade")
SAME_EVENT_ENTRY = 0.6  # claims dated alike and this alike (cosine) are one timeline entry

# A passage this much longer than the subordinate clause a time expression is told in holds
# more than that clause: the expression dates the clause's event, not the passage's.
OWN_CLAUSE = 0.8


def _mentions(claim: Claim, times: dict[str, SpanIndex]) -> list[TimeMention]:
    """The resolved time expressions inside the claim's passages (``times``: each article's
    resolved ``date`` spans) that date the passage's own event: not one told in a
    subordinate clause of it ("It will be Xi's first trip abroad since securing a third term
    last week" is not dated last week; the clause, a fact of its own, is)."""
    out = []
    for p in claim.passages:
        index = times.get(p.article)
        for s in index.inside(p.start, p.end) if index is not None else ():
            a = s.attrs
            clause = a.get("clause")
            if clause and p.start <= clause[0] and clause[1] <= p.end \
                    and clause[1] - clause[0] < OWN_CLAUSE * (p.end - p.start):
                continue
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


def overlap(a: TimeMention, b: TimeMention) -> bool:
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
            home = next((g for g in groups if any(overlap(m, x) for x in g)), None)
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
    # ties in the claims' own rank (most corroborated, then story order), never in their ids
    rank = {c.id: n for n, c in enumerate(claims)}
    entries.sort(key=lambda e: (e.start, e.end, rank[e.claim]))
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
