"""The HTML dossier's later sections as plain data: disagreements, exclusives, the timeline
chart's geometry (an inline SVG: no chart library, nothing fetched), and the voices
(quote groups, quotes by speaker, entities, framing). Each returns an empty list when the
dossier has nothing for it, and the template says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import Dossier, Entity, Quote, TimelineEntry
from .html_view import Anchors, Mark, Piece, pieces
from .phrases import when_text

# The chart is one bar per dated fact: past this many it would be taller than a screen of
# screens, so it draws the most widely carried and the list under it has them all.
CHART_MAX = 60
CHART_WIDTH = 1000
LABEL_WIDTH = 380  # left column for the facts' texts
ROW = 20
AXIS = 28


def _claim_or_none(d: Dossier, claim_id: str) -> Any:
    try:
        return d.claim(claim_id)
    except KeyError:  # a hand-edited dossier may point nowhere: show the rest
        return None


def disagreements(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    """Each discrepancy: its kind, the fact it is about, and each value with the exact
    wordings of every outlet that gives it."""
    out = []
    for x in d.discrepancies:
        about = [c for c in (_claim_or_none(d, i) for i in x.claims) if c is not None]
        out.append({
            "kind": x.kind,
            "claim": about[0].text if about else None,
            "claim_marks": an.marks(about[0].passages) if about else [],
            "others": len(about) - 1,
            "group": x.quote_group,
            "stated": [{"text": v.text, "wordings": an.wordings(v.passages)} for v in x.values],
        })
    return out


# Past this many one-source claims in all (200 articles have thousands: nearly every
# sentence), each source lists its most salient few and highlights the rest in its article
# on a click, rather than copying every sentence of every article into the page twice.
EXCLUSIVES_ALL = 500
EXCLUSIVES_SHOWN = 10
# Per outlet in Framing: the rest of what it omits is one click away in the coverage matrix.
OMITTED_SHOWN = 5


def _rest(marks: list[Mark]) -> dict[str, str] | None:
    """One citation for many passages: all their ids, and the first one's article."""
    return {"pids": " ".join(m.pids for m in marks), "article": marks[0].article} if marks \
        else None


def exclusives(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    """Per source (in number order), the claims only it states, most salient first."""
    per = [(s, [c for c in (_claim_or_none(d, i) for i in d.exclusives.get(s.key, []))
                if c is not None]) for s in d.sources]
    shown = None if sum(len(cs) for _, cs in per) <= EXCLUSIVES_ALL else EXCLUSIVES_SHOWN
    out = []
    for s, claims in per:
        if claims:
            rest = claims[shown:] if shown is not None else []
            out.append({"source": s, "count": len(claims),
                        "claims": [{"text": c.text, "marks": an.marks(c.passages)}
                                   for c in claims[:shown]],
                        "rest": len(rest),
                        "more": _rest(an.marks(p for c in rest for p in c.passages))})
    return out


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Axis ticks at year, month or day starts, whichever gives a handful."""
    span = (last - first).days
    if span >= 3 * 365:
        step = max(1, span // 365 // 8)
        years = range(first.year + (first != date(first.year, 1, 1)), last.year + 1, step)
        return [(date(y, 1, 1), str(y)) for y in years]
    if span >= 60:
        months = []
        y, m = first.year, first.month
        while date(y, m, 1) <= last:
            if date(y, m, 1) >= first:
                months.append(date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        step = max(1, len(months) // 8)
        return [(t, t.strftime("%Y-%m")) for t in months[::step]]
    step = max(1, span // 8)
    return [(first + timedelta(days=k), (first + timedelta(days=k)).isoformat())
            for k in range(0, span + 1, step)]


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def timeline(d: Dossier, an: Anchors) -> dict[str, Any]:
    """The list of dated facts (all of them) and the chart's bars and ticks (up to
    CHART_MAX, the most widely carried, kept in date order)."""
    entries: list[tuple[TimelineEntry, Any, date, date]] = []
    for e in sorted(d.timeline, key=lambda e: (e.start, e.end)):
        c, first, last = _claim_or_none(d, e.claim), _day(e.start), _day(e.end)
        if c is not None and first is not None and last is not None:
            entries.append((e, c, first, max(first, last)))
    items = [{"when": when_text(e), "text": c.text, "marks": an.marks(c.passages),
              "said": an.wordings(m.passage for m in e.mentions)} for e, c, _, _ in entries]
    if not entries:
        return {"facts": items, "bars": [], "ticks": [], "height": 0, "drawn": 0}
    chosen = entries
    if len(entries) > CHART_MAX:
        ranked = sorted(range(len(entries)), key=lambda i: -entries[i][1].corroboration)
        keep = set(ranked[:CHART_MAX])
        chosen = [x for i, x in enumerate(entries) if i in keep]
    lo = min(x[2] for x in chosen)
    hi = max(x[3] for x in chosen) + timedelta(days=1)  # an entry's end day is included
    days = max(1, (hi - lo).days)
    left, width = LABEL_WIDTH + 10, CHART_WIDTH - LABEL_WIDTH - 20

    def x(t: date) -> float:
        return round(left + (t - lo).days / days * width, 1)

    bars = []
    for k, (e, c, first, last) in enumerate(chosen):
        x0 = x(first)
        w = max(4.0, round(x(last + timedelta(days=1)) - x0, 1))  # a day stays visible
        marks = an.marks(m.passage for m in e.mentions) or an.marks(c.passages)
        # the date goes right of its bar, or left of it when the bar ends near the edge
        after = x0 + w + 110 <= CHART_WIDTH
        bars.append({"y": AXIS + k * ROW, "x": x0, "w": w, "label": _short(c.text),
                     "date_x": round(x0 + w + 4, 1) if after else round(x0 - 4, 1),
                     "date_side": "after" if after else "before",
                     "title": f"{when_text(e)}: {c.text}", "when": when_text(e),
                     "pids": " ".join(m.pids for m in marks),
                     "article": marks[0].article if marks else ""})
    ticks = [{"x": x(t), "label": label} for t, label in _ticks(lo, hi - timedelta(days=1))]
    return {"facts": items, "bars": bars, "ticks": ticks, "drawn": len(chosen),
            "height": AXIS + len(chosen) * ROW + 8, "width": CHART_WIDTH, "left": left,
            "label_width": LABEL_WIDTH}


@dataclass(frozen=True, slots=True)
class Said:
    """One quote as the page shows it."""

    kind: str
    pieces: list[Piece]
    marks: list[Mark]
    role: str | None
    speaker: str


def _names(d: Dossier) -> dict[str, Entity]:
    return {e.id: e for e in d.entities}


def _said(q: Quote, d: Dossier, an: Anchors, names: dict[str, Entity],
          differing: tuple[Any, ...] = ()) -> Said:
    """The quote's words, with the words only this variant has marked."""
    p = q.content
    text = d.quote(p)
    ranges = [(x.start - p.start, x.end - p.start, "d") for x in differing
              if x.article == p.article]
    cut = pieces(text, ranges)
    for c in cut:
        c.mark, c.pids = bool(c.pids), ""
    speaker = names[q.speaker].name if q.speaker in names else "unnamed speaker"
    return Said(q.kind, cut, an.marks([p]), q.role, speaker)


def quote_groups(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    """Each statement several outlets quote, its variant wordings side by side."""
    names = _names(d)
    by_id = {q.id: q for q in d.quotes}
    out = []
    for g in d.quote_groups:
        variants = [_said(by_id[v.quote], d, an, names, v.differing)
                    for v in g.variants if v.quote in by_id and by_id[v.quote].content.article
                    in an.article_id]
        speaker = names[g.speaker].name if g.speaker in names else "unnamed speaker"
        out.append({"speaker": speaker, "variants": variants,
                    "differs": g.wording_differs, "id": g.id})
    return out


def quotes_by_speaker(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    """Every quote under its speaker, the most quoted speaker first."""
    names = _names(d)
    groups: dict[str, list[Said]] = {}
    for q in d.quotes:
        if q.content.article in an.article_id:
            said = _said(q, d, an, names)
            groups.setdefault(said.speaker, []).append(said)
    return [{"speaker": k, "quotes": v}
            for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))]


def entities(d: Dossier, an: Anchors) -> list[dict[str, Any]]:
    by_key = {s.key: s for s in d.sources}
    out = []
    for e in d.entities:
        per = sorted(((by_key[k], n) for k, n in e.sources.items() if k in by_key),
                     key=lambda x: x[0].number)
        out.append({"name": e.name, "type": e.type, "country": e.country or "",
                    "roles": ", ".join(e.roles), "aliases": ", ".join(e.aliases),
                    "mentions": len(e.mentions) or sum(e.sources.values()),
                    "sources": [{"number": s.number, "label": s.label, "count": n}
                                for s, n in per]})
    return out


def framing(d: Dossier, an: Anchors) -> dict[str, Any] | None:
    """Per outlet: whose voices it carries, by speaker and by side, and which widely
    carried facts it leaves out; then the words outlets choose for one thing."""
    if d.framing is None:
        return None
    by_key = {s.key: s for s in d.sources}
    outlets = []
    for o in d.framing.outlets:
        src = by_key.get(o.source)
        omitted = [c for c in (_claim_or_none(d, i) for i in o.omitted) if c is not None]
        outlets.append({"source": src, "label": src.label if src else o.source,
                        "voices": o.voices, "sides": o.sides, "carried": o.carried,
                        "omitted_count": len(omitted),
                        # no markers: a widely carried claim has dozens, and it is a
                        # row of the coverage matrix with all of them
                        "omitted": [{"text": c.text, "n": c.corroboration}
                                    for c in omitted[:OMITTED_SHOWN]]})
    wording = []
    for w in d.framing.wording:
        c = _claim_or_none(d, w.claim) if w.claim else None
        wording.append({"topic": w.topic, "marks": an.marks(c.passages) if c else [],
                        "uses": [{"term": u.term, "marks": an.marks(u.passages)}
                                 for u in w.uses]})
    return {"outlets": outlets, "wording": wording}
