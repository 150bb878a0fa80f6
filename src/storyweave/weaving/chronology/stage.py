"""The time stage of a story: when each article was written, its relative time expressions
resolved against that day, the timeline of dated facts, and the dates outlets disagree on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ...labels import Label
from ...model import Article, ArticleDate, Claim, Discrepancy, Passage, TimelineEntry
from ...nlp.statements import core_span
from ..align.units import Unit
from ..discrepancies import (
    claim_discrepancies,
    clock_discrepancies,
    date_discrepancies,
    passage_similarity,
    time_of_day,
)
from .dating import date_articles, resolve_relative
from .timeline import build_timeline


@dataclass(slots=True)
class Chronology:
    articles: list[Article]  # the story's articles, their time expressions resolved
    dates: list[ArticleDate]  # one per article, same order
    timeline: list[TimelineEntry]
    discrepancies: list[Discrepancy]  # value conflicts of claims, then differing dates


def chronology(articles: list[Article], units: list[Unit], vectors: np.ndarray,
               claims: list[Claim], claim_vectors: np.ndarray,
               source_of: dict[str, str]) -> Chronology:
    """Each article's working date (its printed dates checked against its time expressions
    and the story's other articles), the expressions resolved against it, then the timeline
    and the discrepancies."""
    placed, dates = date_articles(articles, claims)
    resolved = resolve_relative(placed, dates)
    row = {c.id: i for i, c in enumerate(claims)}
    entries = build_timeline(resolved, claims, lambda a, b: float(
        claim_vectors[row[a]] @ claim_vectors[row[b]]))
    unit_of = _unit_finder(resolved, units)

    def stated(p: Passage) -> bool:
        """Whether a time expression is part of what its passage states, not of its
        attribution ("announced on Friday")."""
        i = unit_of(p)
        if i is None:
            return True
        start, end = core_span(units[i].text)
        return units[i].start + start <= p.start and p.end <= units[i].start + end

    counted = {(a.id, s.start, s.end) for a in resolved for s in a.spans_of(Label.DATE)
               if s.attrs.get("resolved_from") == "base"}

    def from_writing_day(p: Passage) -> bool:
        return (p.article, p.start, p.end) in counted

    # each time expression's clock time, as the timex annotation read it
    clocks = {(a.id, s.start, s.end): time_of_day(s.attrs, a.text[max(0, s.start - 20):s.start])
              for a in resolved for s in a.spans_of(Label.DATE)}

    text_of = {a.id: a.text for a in resolved}
    written = {d.article: d.working for d in dates if d.working is not None}
    def wording(p: Passage) -> str:
        return text_of[p.article][p.start:p.end]

    found = claim_discrepancies(resolved, claims, written) + date_discrepancies(
        entries, source_of, passage_similarity(unit_of, vectors), stated, from_writing_day,
        wording) + clock_discrepancies(
        entries, source_of, lambda p: clocks.get((p.article, p.start, p.end)), stated)
    return Chronology(resolved, dates, entries, found)


def _unit_finder(articles: list[Article], units: list[Unit]) -> Callable[[Passage], int | None]:
    """The index of the unit a passage lies in, if any."""
    index: dict[str, list[tuple[int, int, int]]] = {}
    for i, u in enumerate(units):
        index.setdefault(articles[u.article].id, []).append((u.start, u.end, i))

    def unit_of(p: Passage) -> int | None:
        return next((i for start, end, i in index.get(p.article, ())
                     if start <= p.start and p.end <= end), None)

    return unit_of
