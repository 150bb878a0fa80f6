"""The HTML dossier's sources list and its articles: where each outlet's report came from
and how it was dated, and each article's text cut at every cited passage, with its metadata
and the lines the cleaner removed. The articles come last: they take the page's closed
citations (:class:`Cited`), so they are cut at every passage any section points to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..model import DateCandidate, Dossier, LeftOut, RemovedLine
from .html_view import Anchors, Cited, Piece, web_url
from .phrases import dated_text, window_text


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One source: its first article's title, date and URL, and links to its articles."""

    number: int
    label: str
    title: str | None
    when: str | None  # the working date and where it comes from
    window: str | None  # the dates the article's text allows
    confidence: str | None  # how sure the working date is, when there is one
    url: str | None  # only if safe to link to (http or https)
    raw_url: str | None  # shown as text when it is not
    articles: list[str]  # page ids of its articles


@dataclass(frozen=True, slots=True)
class SourcesSection:
    template: ClassVar[str] = "_sources.html.j2"
    sources: list[SourceLine]
    left_out: list[LeftOut]  # inputs read but not woven in, and why


def sources(d: Dossier, an: Anchors) -> SourcesSection:
    """Links to the articles by page id only: the section cites no passage."""
    dated = {x.article: x for x in d.dates}
    out = []
    for s in d.sources:
        a = d.article(s.articles[0])
        x = dated.get(a.id)
        out.append(SourceLine(s.number, s.label, a.title, dated_text(a, x),
                              window_text(x) if x else None,
                              x.confidence if x and x.working else None, web_url(a.url), a.url,
                              [an.article_id[i] for i in s.articles if i in an.article_id]))
    return SourcesSection(out, list(d.left_out))


@dataclass(frozen=True, slots=True)
class MetaLine:
    """One metadata field of an article, and how it was found."""

    name: str
    value: str
    source: str
    evidence: str | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article as the page shows it."""

    page_id: str
    id: str
    number: int | None  # its source's, when it belongs to one
    label: str  # its source's label, else where it was read from
    title: str | None
    origin: str  # where it was read from
    format: str
    encoding: str | None
    meta: list[MetaLine]
    url: str | None  # only if safe to link to
    pieces: list[Piece]  # its text cut at every cited passage
    when: str | None
    reasons: tuple[str, ...]  # how its date was worked out
    candidates: tuple[DateCandidate, ...]
    removed: list[RemovedLine]


@dataclass(frozen=True, slots=True)
class ArticlesSection:
    template: ClassVar[str] = "_articles.html.j2"
    articles: list[ArticleView]


def articles(d: Dossier, cited: Cited) -> ArticlesSection:
    cut = cited.pieces(d)
    dated = {x.article: x for x in d.dates}
    out = []
    for a in d.articles:
        src = cited.source_of.get(a.id)
        x = dated.get(a.id)
        out.append(ArticleView(
            cited.article_id[a.id], a.id, src.number if src else None,
            src.label if src else a.source, a.title, a.source, a.format, a.encoding,
            [MetaLine(k, m.value, m.source, m.evidence) for k, m in a.meta.items()],
            web_url(a.url), cut[a.id], dated_text(a, x), x.reasons if x else (),
            x.candidates if x else (), list(a.removed)))
    return ArticlesSection(out)
