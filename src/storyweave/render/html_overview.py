"""The top of the HTML dossier: the header, the summary, what all outlets agree on and the
coverage matrix. Each section is a record its template lays out, built by a plain function
of the :class:`Dossier` (and of the page's :class:`Anchors`, for a section that cites)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..model import Claim, Dossier, DossierWarning, Source
from .html_view import Anchors, Conflict, Fact, Mark, conflicts
from .phrases import headline_text

# Rows of the coverage matrix shown before "show all": enough for a screen, so 200
# articles' thousands of claims do not bury the sections below.
MATRIX_ROWS = 25
# A matrix cell is a few dozen bytes: 200 outlets times 6,000 claims would be tens of
# megabytes. Claims of one source join the matrix only while it stays this small; beyond,
# they are listed under Exclusives only.
MATRIX_CELLS = 40_000


def _events(d: Dossier) -> list[Claim]:
    """The claims of what happened, the overview's: a claim of a person's age or home town
    (schema 2.8) is listed in the coverage table, not among them, where the ages the
    outlets repeat would crowd out the events."""
    return [c for c in d.claims if c.attribute is None]


def _everyone(d: Dossier) -> list[Claim]:
    """The claims of what happened every source states (none when there is one source: it
    would be all)."""
    return [c for c in _events(d) if len(d.sources) > 1 and c.corroboration >= len(d.sources)]


@dataclass(frozen=True, slots=True)
class TopSection:
    """The header: the headline, the counts at a glance, and the dossier's warnings."""

    template: ClassVar[str] = "_top.html.j2"
    headline: str  # also the page's <title>
    articles: int
    sources: int
    shared: int  # claims more than one source states
    alone: int  # claims one source states
    agreed: int  # claims every source states
    disagreements: int
    warnings: list[DossierWarning]


def top(d: Dossier) -> TopSection:
    """Counts only, no markers: the header cites nothing, so it needs no Anchors."""
    return TopSection(headline_text(d), len(d.articles), len(d.sources),
                      sum(c.corroboration > 1 for c in d.claims),
                      sum(c.corroboration == 1 for c in d.claims),
                      len(_everyone(d)), len(d.discrepancies), list(d.warnings))


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """A summary sentence, its markers and its claim's value conflicts."""

    text: str
    marks: list[Mark]
    conflicts: list[Conflict]


@dataclass(frozen=True, slots=True)
class SummarySection:
    template: ClassVar[str] = "_summary.html.j2"
    sentences: list[SummaryLine]


def summary(d: Dossier, an: Anchors) -> SummarySection:
    claim_ids = {c.id for c in d.claims}
    return SummarySection([
        SummaryLine(s.text, an.marks(s.citations),
                    conflicts(d.claim(s.claim), an) if s.claim in claim_ids else [])
        for s in d.summary])


@dataclass(frozen=True, slots=True)
class AgreeSection:
    """The facts every source states; when there are none, the most widely carried."""

    template: ClassVar[str] = "_agree.html.j2"
    sources: int
    everyone: list[Fact]
    widest: list[Fact]  # empty when ``everyone`` is not
    # claims of a person's attribute two sources or more state (not listed here)
    attributes_shared: int = 0


def agree(d: Dossier, an: Anchors) -> AgreeSection:
    everyone = _everyone(d)
    widest = [] if everyone else [c for c in _events(d) if c.corroboration > 1][:5]
    return AgreeSection(len(d.sources),
                        [Fact(c.text, an.marks(c.passages), c.corroboration) for c in everyone],
                        [Fact(c.text, an.marks(c.passages), c.corroboration) for c in widest],
                        sum(c.attribute is not None and c.corroboration > 1 for c in d.claims))


@dataclass(frozen=True, slots=True)
class Row:
    """One claim of the coverage matrix."""

    index: int  # page order of the claim (its rank)
    claim: Claim
    cells: list[list[Mark]]  # per source, in source order: its markers ([] = not carried)
    numbers: str  # the numbers of the sources carrying it, for the filter
    conflicts: list[Conflict]


@dataclass(frozen=True, slots=True)
class CoverageSection:
    """The matrix of claims (rows) by sources (columns)."""

    template: ClassVar[str] = "_coverage.html.j2"
    sources: list[Source]  # the columns, in number order
    rows: list[Row]  # most corroborated first
    shown: int  # rows shown before "show all"
    left_to_exclusives: int  # one-source claims left out of a too big matrix


def coverage(d: Dossier, an: Anchors) -> CoverageSection:
    """The matrix rows, most corroborated first, and how many one-source claims were left to
    the Exclusives section."""
    claims = sorted(d.claims, key=lambda c: -c.corroboration)  # stable: the weaver's rank
    if len(claims) * max(1, len(d.sources)) > MATRIX_CELLS:
        kept = [c for c in claims if c.corroboration > 1]
    else:
        kept = claims
    rows = []
    for i, c in enumerate(kept):
        marks = {m.number: m for m in an.marks(c.passages)}
        cells = [[marks[s.number]] if s.number in marks else [] for s in d.sources]
        rows.append(Row(i, c, cells, " ".join(str(n) for n in sorted(marks)),
                        conflicts(c, an)))
    return CoverageSection(list(d.sources), rows, MATRIX_ROWS, len(claims) - len(kept))
