"""The HTML dossier's later sections as records its templates lay out: disagreements,
exclusives, the timeline chart's geometry (an inline SVG: no chart library, nothing
fetched), and the voices (quote groups, quotes by speaker, entities, framing). Each is built
by a plain function of the :class:`Dossier` (and of the page's :class:`Anchors`, for a
section that cites); one the dossier has nothing for has empty lists, and the template
says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from ..model import Claim, Dossier, Entity, Passage, Quote, Source, TimelineEntry, VoiceCount
from .html_view import Anchors, Fact, Mark, Piece, Wording, pieces
from .phrases import relation_note, speaker_name, unnamed_description, when_text
from .timeline_axis import FINE, axis

# The chart is one bar per dated fact: past this many it would be taller than a screen of
# screens, so it draws the most widely carried and the list under it has them all.
CHART_MAX = 60
CHART_WIDTH = 1000
LABEL_WIDTH = 380  # left column for the facts' texts
# A fact's text is cut to fit its column: at 11px a character is at most about 7px wide.
LABEL_CHARS = 52
DATE_CHARS_PX = 6  # a date label's width per character (10px text)
RIGHT_MARGIN = 40  # half a tick label ("2023-03-20") stays inside the chart
ROW = 20
AXIS = 28
# Sections per source (exclusives, framing) open by default up to this many sources; past
# it they start collapsed.
OPEN_SOURCES = 10


def _claim_or_none(d: Dossier, claim_id: str) -> Claim | None:
    try:
        return d.claim(claim_id)
    except KeyError:  # a hand-edited dossier may point nowhere: show the rest
        return None


@dataclass(frozen=True, slots=True)
class StatedWordings:
    """One value of a discrepancy, with the exact words of every outlet that gives it."""

    text: str
    wordings: list[Wording]


@dataclass(frozen=True, slots=True)
class Disagreement:
    kind: str  # "date", "number", "name", "age", "rank", "speaker", "time", "colour",
    # "home" or "quote"
    claim: str | None  # the text of the first claim it is about
    claim_marks: list[Mark]
    others: int  # how many more claims it is about
    group: str | None  # kind "quote": the quote group whose wordings differ
    stated: list[StatedWordings]
    note: str = ""  # what it is when no contradiction: " (a later count, not a contradiction)"
    person: str | None = None  # kinds "age", "rank", "home": whose it is


@dataclass(frozen=True, slots=True)
class DisagreementsSection:
    template: ClassVar[str] = "_disagree.html.j2"
    disagreements: list[Disagreement]


def disagreements(d: Dossier, an: Anchors) -> DisagreementsSection:
    """Each discrepancy: its kind, the fact it is about, and each value with the exact
    wordings of every outlet that gives it."""
    out = []
    for x in d.discrepancies:
        about = [c for c in (_claim_or_none(d, i) for i in x.claims) if c is not None]
        out.append(Disagreement(
            x.kind, about[0].text if about else None,
            an.marks(about[0].passages) if about else [], len(about) - 1, x.quote_group,
            [StatedWordings(v.text, an.wordings(v.passages)) for v in x.values],
            relation_note(x.relation),
            speaker_name(d, x.entity) if x.entity else None))
    return DisagreementsSection(out)


# Past this many one-source claims in all (200 articles have thousands: nearly every
# sentence), each source lists its most salient few and highlights the rest in its article
# on a click, rather than copying every sentence of every article into the page twice.
EXCLUSIVES_ALL = 500
EXCLUSIVES_SHOWN = 10
# Per outlet in Framing: the rest of what it omits is one click away in the coverage matrix.
OMITTED_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Highlight:
    """One citation for many passages: all their ids, and the first one's article."""

    pids: str
    article: str


def _rest(marks: list[Mark]) -> Highlight | None:
    return Highlight(" ".join(m.pids for m in marks), marks[0].article) if marks else None


@dataclass(frozen=True, slots=True)
class SourceExclusives:
    """The claims only one source states."""

    source: Source
    count: int
    claims: list[Fact]  # the ones listed
    rest: int  # how many more are highlighted in the article rather than listed
    more: Highlight | None  # the link that highlights them


@dataclass(frozen=True, slots=True)
class ExclusivesSection:
    template: ClassVar[str] = "_exclusives.html.j2"
    open: bool  # each source's list opened by default
    sources: list[SourceExclusives]  # sources with none are left out


def exclusives(d: Dossier, an: Anchors) -> ExclusivesSection:
    """Per source (in number order), the claims only it states, most salient first."""
    per = [(s, [c for c in (_claim_or_none(d, i) for i in d.exclusives.get(s.key, []))
                if c is not None]) for s in d.sources]
    shown = None if sum(len(cs) for _, cs in per) <= EXCLUSIVES_ALL else EXCLUSIVES_SHOWN
    out = []
    for s, claims in per:
        if claims:
            rest = claims[shown:] if shown is not None else []
            out.append(SourceExclusives(
                s, len(claims),
                [Fact(c.text, an.marks(c.passages), c.corroboration,
                      an.marks([c.nearest_other.passage]) if c.nearest_other else [])
                 for c in claims[:shown]],
                len(rest), _rest(an.marks(p for c in rest for p in c.passages))))
    return ExclusivesSection(len(d.sources) <= OPEN_SOURCES, out)


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class TimelineFact:
    """A dated fact in the list under the chart."""

    when: str
    text: str
    marks: list[Mark]
    said: list[Wording]  # the time expressions its outlets date it by


@dataclass(frozen=True, slots=True)
class Bar:
    """One dated fact on the chart: its row, its bar, its labels and what a click cites."""

    y: int
    x: float
    w: float
    label: str  # the fact, shortened
    date_x: float
    date_side: str  # "after" the bar, "before" it near the right edge, or "inside" it
    title: str  # the date and the whole fact, on hover
    when: str
    pids: str
    article: str
    coarse: bool = False  # known to the month or the year only: drawn as an outline


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class TimelineSection:
    template: ClassVar[str] = "_timeline.html.j2"
    facts: list[TimelineFact]  # all of them, in date order
    bars: list[Bar]  # up to CHART_MAX
    ticks: list[Tick]
    drawn: int  # how many facts have a bar
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    breaks: list[float] = field(default_factory=list)  # x of each shortened stretch


def timeline(d: Dossier, an: Anchors) -> TimelineSection:
    """The list of dated facts (all of them) and the chart's bars and ticks (up to
    CHART_MAX, the most widely carried, kept in date order)."""
    entries: list[tuple[TimelineEntry, Claim, date, date]] = []
    for e in sorted(d.timeline, key=lambda e: (e.start, e.end)):
        c, first, last = _claim_or_none(d, e.claim), _day(e.start), _day(e.end)
        if c is not None and first is not None and last is not None:
            entries.append((e, c, first, max(first, last)))
    items = [TimelineFact(when_text(e), c.text, an.marks(c.passages),
                          an.wordings(m.passage for m in e.mentions))
             for e, c, _, _ in entries]
    if not entries:
        return TimelineSection(items, [], [], 0, 0)
    chosen = entries
    if len(entries) > CHART_MAX:
        ranked = sorted(range(len(entries)), key=lambda i: -entries[i][1].corroboration)
        keep = set(ranked[:CHART_MAX])
        chosen = [x for i, x in enumerate(entries) if i in keep]
    left = LABEL_WIDTH + 10
    ax = axis([(first, last, e.precision in FINE) for e, _, first, last in chosen],
              left, CHART_WIDTH - left - RIGHT_MARGIN)
    bars = []
    for k, (e, c, first, last) in enumerate(chosen):
        fine = e.precision in FINE
        x0 = ax.x(first)
        # a coarse date is drawn to its end, or to the axis's end (a year runs past the
        # story's last day)
        w = max(4.0, round(ax.x(last + timedelta(days=1)) - x0, 1))  # a day stays visible
        marks = an.marks(m.passage for m in e.mentions) or an.marks(c.passages)
        when = when_text(e)
        room = DATE_CHARS_PX * len(when) + 8
        # the date goes right of its bar, else left of it, else over it (a long bar)
        side = ("after" if x0 + w + room <= CHART_WIDTH else
                "before" if x0 - room >= left else "inside")
        date_x = {"after": x0 + w + 4, "before": x0 - 4, "inside": x0 + 4}[side]
        bars.append(Bar(AXIS + k * ROW, x0, w, _short(c.text, LABEL_CHARS), round(date_x, 1),
                        side, f"{when}: {c.text}", when, " ".join(m.pids for m in marks),
                        marks[0].article if marks else "", not fine))
    ticks = [Tick(x, label) for x, label in ax.ticks]
    return TimelineSection(items, bars, ticks, len(chosen), AXIS + len(chosen) * ROW + 8,
                           breaks=ax.breaks)


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
          differing: tuple[Passage, ...] = ()) -> Said:
    """The quote's words, with the words only this variant has marked."""
    p = q.content
    text = d.quote(p)
    ranges = [(x.start - p.start, x.end - p.start, "d") for x in differing
              if x.article == p.article]
    # the ranges only say which words to mark: the pieces cite nothing
    cut = [Piece(c.text, "", bool(c.pids)) for c in pieces(text, ranges)]
    speaker = names[q.speaker].name if q.speaker in names else "unnamed speaker"
    # an unnamed speaker's line says how the article describes them ("a family friend")
    return Said(q.kind, cut, an.marks([p]), q.role or unnamed_description(d, q), speaker)


@dataclass(frozen=True, slots=True)
class QuoteGroupLine:
    """A statement several outlets quote, one wording per outlet."""

    id: str
    speaker: str
    variants: list[Said]
    differs: bool  # different words in quote marks


@dataclass(frozen=True, slots=True)
class QuoteGroupsSection:
    template: ClassVar[str] = "_quote_groups.html.j2"
    groups: list[QuoteGroupLine]


def quote_groups(d: Dossier, an: Anchors) -> QuoteGroupsSection:
    """Each statement several outlets quote, its variant wordings side by side."""
    names = _names(d)
    by_id = {q.id: q for q in d.quotes}
    out = []
    for g in d.quote_groups:
        variants = [_said(by_id[v.quote], d, an, names, v.differing)
                    for v in g.variants if v.quote in by_id and by_id[v.quote].content.article
                    in an.article_id]
        speaker = names[g.speaker].name if g.speaker in names else "unnamed speaker"
        out.append(QuoteGroupLine(g.id, speaker, variants, g.wording_differs))
    return QuoteGroupsSection(out)


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker: str
    quotes: list[Said]


@dataclass(frozen=True, slots=True)
class SpeakersSection:
    template: ClassVar[str] = "_quotes.html.j2"
    speakers: list[SpeakerQuotes]  # the most quoted first


def quotes_by_speaker(d: Dossier, an: Anchors) -> SpeakersSection:
    """Every quote under its speaker, the most quoted speaker first."""
    names = _names(d)
    groups: dict[str, list[Said]] = {}
    for q in d.quotes:
        if q.content.article in an.article_id:
            said = _said(q, d, an, names)
            groups.setdefault(said.speaker, []).append(said)
    return SpeakersSection([SpeakerQuotes(k, v) for k, v in
                            sorted(groups.items(), key=lambda kv: -len(kv[1]))])


@dataclass(frozen=True, slots=True)
class EntityCount:
    """How often one source names an entity."""

    number: int
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class EntityLine:
    name: str
    type: str
    country: str  # "" when unknown
    roles: str  # separated by semicolons (a role may hold a comma), as the table shows them
    aliases: str
    mentions: int
    sources: list[EntityCount]  # in source number order


@dataclass(frozen=True, slots=True)
class EntitiesSection:
    template: ClassVar[str] = "_entities.html.j2"
    entities: list[EntityLine]


def entities(d: Dossier) -> EntitiesSection:
    """Counts per source, no markers: the entities table cites nothing."""
    by_key = {s.key: s for s in d.sources}
    out = []
    for e in d.entities:
        per = sorted(((by_key[k], n) for k, n in e.sources.items() if k in by_key),
                     key=lambda x: x[0].number)
        out.append(EntityLine(e.name, e.type, e.country or "", "; ".join(e.roles),
                              ", ".join(e.aliases), len(e.mentions) or sum(e.sources.values()),
                              [EntityCount(s.number, s.label, n) for s, n in per]))
    return EntitiesSection(out)


@dataclass(frozen=True, slots=True)
class OutletLine:
    """One outlet's framing: whose voices it carries, and what it leaves out."""

    source: Source | None  # None when the dossier names a source it does not have
    label: str
    voices: list[VoiceCount]  # by speaker
    sides: list[VoiceCount]  # by the speakers' country
    carried: int
    omitted_count: int
    # no markers: a widely carried claim has dozens, and it is a row of the coverage
    # matrix with all of them
    omitted: list[Fact]


@dataclass(frozen=True, slots=True)
class TermLine:
    """A word outlets use for one thing, with who uses it."""

    term: str
    marks: list[Mark]


@dataclass(frozen=True, slots=True)
class WordingLine:
    topic: str
    marks: list[Mark]  # the claim's, when the words are versions of one fact
    uses: list[TermLine]


@dataclass(frozen=True, slots=True)
class FramingSection:
    template: ClassVar[str] = "_framing.html.j2"
    recorded: bool  # False for a dossier without framing: the section says so
    open: bool  # each outlet opened by default
    outlets: list[OutletLine]
    wording: list[WordingLine]


def framing(d: Dossier, an: Anchors) -> FramingSection:
    """Per outlet: whose voices it carries, by speaker and by side, and which widely
    carried facts it leaves out; then the words outlets choose for one thing."""
    is_open = len(d.sources) <= OPEN_SOURCES
    if d.framing is None:
        return FramingSection(False, is_open, [], [])
    by_key = {s.key: s for s in d.sources}
    outlets = []
    for o in d.framing.outlets:
        src = by_key.get(o.source)
        omitted = [c for c in (_claim_or_none(d, i) for i in o.omitted) if c is not None]
        outlets.append(OutletLine(src, src.label if src else o.source, o.voices, o.sides,
                                  o.carried, len(omitted),
                                  [Fact(c.text, [], c.corroboration)
                                   for c in omitted[:OMITTED_SHOWN]]))
    wording = []
    for w in d.framing.wording:
        c = _claim_or_none(d, w.claim) if w.claim else None
        wording.append(WordingLine(w.topic, an.marks(c.passages) if c else [],
                                   [TermLine(u.term, an.marks(u.passages)) for u in w.uses]))
    return FramingSection(True, is_open, outlets, wording)
