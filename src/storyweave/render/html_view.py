"""What the HTML dossier shows, worked out from the :class:`Dossier` as plain data the
templates only lay out: every cited passage gets one page id, citation markers point to
those ids, and each article's text is cut at every passage boundary so overlapping passages
of different claims can each be highlighted in place.

Nothing from the articles becomes markup here: text stays text (the templates escape it),
and DOM ids are counters ("a3", "p17"), never article or claim ids, which a JSONL input or
a hand-edited JSON dossier controls."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Claim, Dossier, Passage, Source

# Only these schemes become links: anything else (javascript:, data:, a relative path that
# would resolve against the file's own directory) is shown as text.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f]+\Z", re.IGNORECASE)


def web_url(url: str | None) -> str | None:
    """The URL if it is safe to link to (http or https, no whitespace), else None."""
    return url if url and _WEB_URL.match(url) else None


@dataclass(frozen=True, slots=True)
class Mark:
    """A source's citation marker: "[n]", and the page ids of the passages it cites."""

    number: int
    label: str
    pids: str  # space-separated passage ids, for the data-p attribute
    article: str  # page id of the first passage's article: the link without script


@dataclass(frozen=True, slots=True)
class Wording:
    """One distinct wording of some passages, with the markers of who writes it."""

    text: str
    marks: list[Mark]


@dataclass(slots=True)
class Piece:
    """A stretch of text and the passages that cover it ("" when none)."""

    text: str
    pids: str = ""
    mark: bool = False  # in a quote variant: a word the other variants lack


def pieces(text: str, ranges: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut at every boundary of ``ranges`` (start, end, id); each piece carries the
    ids of the ranges covering it. Ranges may overlap or nest; empty or out-of-bounds ones
    are dropped rather than trusted (a hand-edited dossier can hold anything)."""
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[str]] = {}
    for s, e, pid in ranges:
        s, e = max(0, s), min(len(text), e)
        if s < e:
            starts.setdefault(s, []).append(pid)
            ends.setdefault(e, []).append(pid)
    bounds = sorted({0, len(text), *starts, *ends})
    active: dict[str, None] = {}
    out: list[Piece] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for pid in ends.get(a, ()):
            active.pop(pid, None)
        for pid in starts.get(a, ()):
            active[pid] = None
        ids = " ".join(active)
        if out and out[-1].pids == ids:
            out[-1].text += text[a:b]
        else:
            out.append(Piece(text[a:b], ids))
    return out


class Anchors:
    """Page ids of passages and articles. A passage is registered the first time anything
    cites it, so the article texts are cut only where the page points."""

    def __init__(self, d: Dossier) -> None:
        self.d = d
        self.pid: dict[Passage, str] = {}
        self.article_id = {a.id: f"a{i}" for i, a in enumerate(d.articles)}
        self.source_of: dict[str, Source] = {aid: s for s in d.sources for aid in s.articles}

    def __call__(self, p: Passage) -> str:
        if p not in self.pid:
            self.pid[p] = f"p{len(self.pid)}"
        return self.pid[p]

    def marks(self, passages: Iterable[Passage]) -> list[Mark]:
        """One marker per source, in number order, each citing all its passages here."""
        by_source: dict[int, list[Passage]] = {}
        for p in passages:
            if p.article in self.source_of and p.article in self.article_id:
                by_source.setdefault(self.source_of[p.article].number, []).append(p)
        out = []
        for n in sorted(by_source):
            ps = by_source[n]
            src = self.source_of[ps[0].article]
            out.append(Mark(n, src.label, " ".join(self(p) for p in ps),
                            self.article_id[ps[0].article]))
        return out

    def wordings(self, passages: Iterable[Passage]) -> list[Wording]:
        """Each distinct wording once, with the markers of the sources that write it, in
        order of their first source (as the Markdown dossier quotes them)."""
        by_text: dict[str, list[Passage]] = {}
        for p in passages:
            if p.article in self.article_id:
                by_text.setdefault(self.d.quote(p), []).append(p)
        out = [Wording(t, self.marks(ps)) for t, ps in by_text.items()]
        return sorted(out, key=lambda w: min((m.number for m in w.marks), default=0))

    def passage_table(self) -> dict[str, list[Any]]:
        """For the script: each passage id -> [source number, article page id, start, end],
        to say where the reader has been taken."""
        return {pid: [self.source_of[p.article].number, self.article_id[p.article],
                      p.start, p.end]
                for p, pid in self.pid.items()}


def headline(d: Dossier) -> str:
    """The title most articles carry (the first of equals); else the most central claim."""
    titles = Counter(a.title.strip() for a in d.articles if a.title and a.title.strip())
    if titles:
        top = max(titles.values())
        return next(t for t in titles if titles[t] == top)
    if d.claims:
        return max(d.claims, key=lambda c: c.centrality).text
    return "untitled story"


@dataclass(slots=True)
class Row:
    """One claim of the coverage matrix."""

    index: int  # page order of the claim (its rank)
    claim: Claim
    cells: list[list[Mark]]  # per source, in source order: its markers ([] = not carried)
    numbers: str  # the numbers of the sources carrying it, for the filter
    conflicts: list[dict[str, Any]] = field(default_factory=list)


# A matrix cell is a few dozen bytes: 200 outlets times 6,000 claims would be tens of
# megabytes. Claims of one source join the matrix only while it stays this small; beyond,
# they are listed under Exclusives only.
MATRIX_CELLS = 40_000


def coverage(d: Dossier, an: Anchors) -> tuple[list[Row], int]:
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
    return rows, len(claims) - len(kept)


def conflicts(c: Claim, an: Anchors) -> list[dict[str, Any]]:
    """The claim's value conflicts: each value as written, with who gives it."""
    return [{"kind": x.kind, "stated": [{"text": v.text, "marks": an.marks(v.passages)}
                                        for v in x.values]}
            for x in c.conflicts]


def articles_pieces(d: Dossier, an: Anchors) -> dict[str, list[Piece]]:
    """Every article's pieces; passages grouped by article first (one pass over them all,
    not one per article: 200 articles cite thousands of passages)."""
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for p, pid in an.pid.items():
        by_article.setdefault(p.article, []).append((p.start, p.end, pid))
    return {a.id: pieces(a.text, by_article.get(a.id, [])) for a in d.articles}
