"""The pieces every section of the HTML dossier is made of, as small records the templates
only lay out: every cited passage gets one page id, citation markers point to those ids,
and each article's text is cut at every passage boundary so overlapping passages of
different claims can each be highlighted in place. The sections themselves are built in
html_overview, html_sections and html_articles; html_context puts them in one page.

Nothing from the articles becomes markup here: text stays text (the templates escape it),
and DOM ids are counters ("a3", "p17"), never article or claim ids, which a JSONL input or
a hand-edited JSON dossier controls."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..model import Claim, Dossier, Passage, Source

# Only these schemes become links: anything else (javascript:, data:, a relative path that
# would resolve against the file's own directory) is shown as text.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f]+\Z", re.IGNORECASE)


def web_url(url: str | None) -> str | None:
    """The URL if it is safe to link to (http or https, no whitespace), else None."""
    return url if url and _WEB_URL.match(url) else None


def json_island(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no "</script>", "<!--" or "]]>"
    can close or confuse the element, whatever the articles contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


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


@dataclass(frozen=True, slots=True)
class Fact:
    """A claim as a line of a list: its text, its markers (none where a row of the coverage
    matrix already has them) and how many outlets state it."""

    text: str
    marks: list[Mark]
    outlets: int
    near: list[Mark] = field(default_factory=list)  # an exclusive's nearest other source


@dataclass(frozen=True, slots=True)
class Stated:
    """One value of a conflict as an outlet writes it, with the markers of who gives it."""

    text: str
    marks: list[Mark]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A claim's outlets give different values of one kind ("date", "number")."""

    kind: str
    stated: list[Stated]


# Not frozen: pieces() grows the last piece while it cuts, and a piece belongs to one list.
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
    cites it, so the article texts are cut only where the page points.

    The one mutable object the section builders share, and on purpose: passage ids are
    numbered in the order the page first cites them ("p0" is the summary's first marker),
    and a marker in any section must find its span in the articles. So a page builds its
    sections in one fixed order with one Anchors (html_context.page_context), then closes it
    to cut the articles; a section rendered alone gets an Anchors of its own."""

    def __init__(self, d: Dossier) -> None:
        self.d = d
        self.pid: dict[Passage, str] = {}
        self.article_id = {a.id: f"a{i}" for i, a in enumerate(d.articles)}
        self.source_of: dict[str, Source] = {aid: s for s in d.sources for aid in s.articles}
        self._closed = False

    def __call__(self, p: Passage) -> str:
        if p not in self.pid:
            if self._closed:  # its marker would point at a span no article was cut for
                raise RuntimeError("a passage cited after the articles were cut")
            self.pid[p] = f"p{len(self.pid)}"
        return self.pid[p]

    def close(self) -> Cited:
        """Every passage cited so far, frozen: what the articles are cut at and the table
        the script reads. Citing a new passage afterwards is an error."""
        self._closed = True
        return Cited(dict(self.pid), self.article_id, self.source_of)

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


@dataclass(frozen=True, slots=True)
class Cited:
    """The page's citations once every section is built (:meth:`Anchors.close`): taking
    this rather than an Anchors is how the articles say they come after everything that
    cites."""

    pid: Mapping[Passage, str]  # passage -> page id, in citation order
    article_id: Mapping[str, str]  # article id -> page id
    source_of: Mapping[str, Source]  # article id -> its source

    def passage_table(self) -> dict[str, list[Any]]:
        """For the script: each passage id -> [source number, article page id, start, end],
        to say where the reader has been taken."""
        return {pid: [self.source_of[p.article].number, self.article_id[p.article],
                      p.start, p.end]
                for p, pid in self.pid.items()}

    def pieces(self, d: Dossier) -> dict[str, list[Piece]]:
        """Every article's pieces; passages grouped by article first (one pass over them all,
        not one per article: 200 articles cite thousands of passages)."""
        by_article: dict[str, list[tuple[int, int, str]]] = {}
        for p, pid in self.pid.items():
            by_article.setdefault(p.article, []).append((p.start, p.end, pid))
        return {a.id: pieces(a.text, by_article.get(a.id, [])) for a in d.articles}


def conflicts(c: Claim, an: Anchors) -> list[Conflict]:
    """The claim's value conflicts: each value as written, with who gives it."""
    return [Conflict(x.kind, [Stated(v.text, an.marks(v.passages)) for v in x.values])
            for x in c.conflicts]
