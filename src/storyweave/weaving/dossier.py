"""The dossier of one story: its clean articles in, claims, summary and exclusives out.

    screen -> annotate (nlp) -> units -> nearest neighbours -> pair scores -> claims
        (each with its members' support and conflicting values) -> exclusives + summary
        -> time expressions -> working dates -> timeline + discrepancies
        -> entities across outlets -> quotes with speakers -> quote groups (+ discrepancies)
        -> framing                    `-> coherence (one story?) -> warnings

Every statement the dossier makes is a :class:`~storyweave.model.Passage` of a source article.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ..keys import outlet_key
from ..labels import Label
from ..model import (
    Article,
    ArticleDate,
    Claim,
    Discrepancy,
    Dossier,
    Entity,
    Framing,
    Passage,
    Quote,
    QuoteGroup,
    Signal,
    Source,
    SummarySentence,
    Support,
    TimelineEntry,
)
from ..nlp import annotate, embedder, segmenter, spacy_nlp
from ..progress import Progress
from .align.conflicts import claim_conflicts
from .align.grouping import (
    PairJudge,
    candidate_pairs,
    cluster,
    informative_entities,
    medoid,
    needs_sides,
)
from .align.pairscore import PairSide, build_sides
from .align.pairscore import scorer as pair_scorer
from .align.statements import core_span
from .align.units import Unit, build_units, unit_vectors
from .chronology.dating import date_articles, resolved
from .chronology.timeline import (
    build_timeline,
    claim_discrepancies,
    date_discrepancies,
    passage_similarity,
)
from .coherence import ONE_STORY, assess, story_warnings
from .screening import screen
from .summary import select
from .voices.entities import build_registry
from .voices.framing import frame
from .voices.quote_groups import collect_quotes, group_quotes

log = logging.getLogger(__name__)


def source_key(article: Article) -> str:
    """Articles of one outlet are one source, however many of them there are."""
    if article.outlet:
        return "outlet:" + outlet_key(article.outlet)
    return "article:" + article.id


def _sources(articles: list[Article]) -> list[Source]:
    keyed: dict[str, list[Article]] = {}
    for a in articles:
        keyed.setdefault(source_key(a), []).append(a)
    return [Source(key=k, number=n, label=arts[0].outlet or Path(arts[0].source).name,
                   articles=tuple(a.id for a in arts))
            for n, (k, arts) in enumerate(keyed.items(), start=1)]


def weave(articles: list[Article], *, sentences: int | None = 6, words: int | None = None,
          progress: Progress | None = None) -> Dossier:
    """Align the facts of one story's articles and write its dossier.

    ``sentences``/``words`` bound the summary (whichever is reached first). The articles
    are annotated in place: they gain ``sentence``, ``entity`` and ``number`` spans.
    ``progress`` is called as annotation advances (see :mod:`storyweave.progress`).

    Articles in a language other than English and identical copies are left out (listed in
    ``Dossier.left_out``); raises :class:`~storyweave.weaving.NothingToWeave` when articles
    are given and none is left. ``Dossier.warnings`` says what was left out and whether the
    articles look like one story.
    """
    screened = screen(articles)
    unique = screened.kept
    t_load = time.perf_counter()
    spacy_nlp(), segmenter(), embedder()  # load once per process, here, and time it apart
    t0 = time.perf_counter()
    annotation: dict = {}
    sentence_vectors = annotate(unique, progress=progress, stats=annotation)
    t1 = time.perf_counter()

    units = build_units(unique)
    vectors = unit_vectors(units, unique, sentence_vectors, embedder().encode)
    useful = informative_entities(units)
    candidates = candidate_pairs(vectors)
    sides: list[PairSide | None] = [None] * len(units)
    t_sides = time.perf_counter()
    _fill_sides(sides, units, needs_sides(units, candidates), progress)
    t_group = time.perf_counter()
    judge = PairJudge(sides)
    groups = cluster(units, vectors, candidates, judge)
    t_claims = time.perf_counter()
    # A member that joined through a same-article duplicate may have no side yet (a few
    # units: no progress reported, the "pair features" stage has ended).
    _fill_sides(sides, units, [i for g in groups if len(g) > 1 for i in g], None)
    sources = _sources(unique)
    claims, claim_vectors = _claims(unique, units, vectors, groups, sources, useful, judge)
    chosen = select(claims, claim_vectors, len(sources), sentences=sentences, words=words)
    summary = [SummarySentence(claim=claims[i].id, text=claims[i].text,
                               citations=list(claims[i].passages)) for i in chosen]
    exclusives = _exclusives(claims, sources)
    t_time = time.perf_counter()
    steps = {"pair_features": round(t_group - t_sides, 3), "grouping": round(t_claims - t_group, 3),
             "claims": round(t_time - t_claims, 3)}
    dates, entries, discrepancies = _chronology(unique, units, vectors, claims, claim_vectors,
                                                  sources)
    t_voices = time.perf_counter()
    steps["time"] = round(t_voices - t_time, 3)
    voices = _voices(unique, sources, claims)
    discrepancies += voices.discrepancies
    steps["voices"] = round(time.perf_counter() - t_voices, 3)
    coherence = assess(units, vectors, len(unique))
    warnings = screened.warnings + story_warnings(coherence, unique, sources)
    t2 = time.perf_counter()
    stats = {"articles": len(unique), "duplicates_dropped": len(screened.copies),
             "unsupported_language": len(screened.foreign),
             "units": len(units), "claims": len(claims),
             "alignment": {"candidate_pairs": len(candidates.sims),
                           "scored_pairs": judge.scored,
                           "conflicts": sum(len(c.conflicts) for c in claims)},
             "time": {"expressions": sum(1 for a in unique for _ in a.spans_of(Label.DATE)),
                      "timeline": len(entries),
                      "discrepancies": len(discrepancies) - len(voices.discrepancies)},
             "voices": {"entities": len(voices.entities), "quotes": len(voices.quotes),
                        "quote_groups": len(voices.groups),
                        "quote_discrepancies": len(voices.discrepancies)},
             "coherence": {"score": _rounded(coherence.score), "threshold": ONE_STORY,
                           "groups": len(coherence.groups)},
             "annotation": {k: v for k, v in annotation.items() if k != "seconds"},
             "seconds": {"load_models": round(t0 - t_load, 3), "annotate": round(t1 - t0, 3),
                         "weave": round(t2 - t1, 3), "weave_steps": steps,
                         "annotate_steps": annotation.get("seconds", {})}}
    log.info("wove %d articles: %d units, %d claims", len(unique), len(units), len(claims))
    for w in warnings:  # info, not warning: the dossier carries them, the caller shows them
        log.info("%s: %s", w.code, w.message)
    return Dossier(articles=unique, sources=sources, claims=claims, summary=summary,
                   exclusives=exclusives, stats=stats, warnings=warnings,
                   left_out=screened.left_out, dates=dates, timeline=entries,
                   discrepancies=discrepancies, entities=voices.entities, quotes=voices.quotes,
                   quote_groups=voices.groups, framing=voices.framing)


@dataclass(slots=True)
class _Voices:
    entities: list[Entity]
    quotes: list[Quote]
    groups: list[QuoteGroup]
    discrepancies: list[Discrepancy]
    framing: Framing


def _voices(articles: list[Article], sources: list[Source], claims: list[Claim]) -> _Voices:
    """One entity per person, organisation and place across the articles; every quote with
    its speaker's entity; the statements several outlets quote, grouped; and the framing."""
    key_of = {aid: s.key for s in sources for aid in s.articles}
    registry = build_registry(articles, key_of)
    quotes = collect_quotes(articles, registry.speaker_entity)
    judge = pair_scorer()
    found = group_quotes(quotes, articles, key_of, claims, encode=embedder().encode,
                         sides=build_sides, score=judge.score, threshold=judge.threshold)
    framing = frame(articles, sources, claims, quotes, registry.entities)
    return _Voices(registry.entities, quotes, found.groups, found.discrepancies, framing)


def _chronology(articles: list[Article], units: list[Unit], vectors: np.ndarray,
                claims: list[Claim], claim_vectors: np.ndarray, sources: list[Source],
                ) -> tuple[list[ArticleDate], list[TimelineEntry], list[Discrepancy]]:
    """Time expressions of every article, its working date (checked against them and the
    story's other articles), the expressions resolved against it, then the timeline and
    the discrepancies."""
    dates = date_articles(articles, claims)
    for a, d in zip(articles, dates, strict=True):
        if d.working is not None:
            base = date.fromisoformat(d.working)
            a.spans = [resolved(s, base, "base") if s.label == Label.DATE else s
                       for s in a.spans]
    row = {c.id: i for i, c in enumerate(claims)}
    entries = build_timeline(articles, claims,
                       lambda a, b: float(claim_vectors[row[a]] @ claim_vectors[row[b]]))
    key_of = {aid: s.key for s in sources for aid in s.articles}
    index: dict[str, list[tuple[int, int, int]]] = {}
    for i, u in enumerate(units):
        index.setdefault(articles[u.article].id, []).append((u.start, u.end, i))

    def unit_of(p: Passage) -> int | None:
        return next((i for start, end, i in index.get(p.article, ())
                     if start <= p.start and p.end <= end), None)

    def stated(p: Passage) -> bool:
        i = unit_of(p)
        if i is None:
            return True
        start, end = core_span(units[i].text)
        return units[i].start + start <= p.start and p.end <= units[i].start + end

    discrepancies = claim_discrepancies(articles, claims) + date_discrepancies(
        entries, key_of, passage_similarity(unit_of, vectors), stated)
    return dates, entries, discrepancies


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _fill_sides(sides: list[PairSide | None], units: list[Unit], wanted: Iterable[int],
                progress: Progress | None) -> None:
    """Scorer sides for the ``wanted`` units that have none yet."""
    todo = sorted({int(i) for i in wanted if sides[int(i)] is None})
    for i, side in zip(todo, build_sides([units[i].text for i in todo], progress=progress),
                       strict=True):
        sides[i] = side


def _support(group: list[int], rep: int, passages: list[Passage],
             judge: PairJudge) -> list[Support]:
    """Each member's score against the representative, with the signals behind it."""
    out = []
    for i, p in zip(group, passages, strict=True):
        if i == rep:
            out.append(Support(p, 1.0, 1.0, 1.0))
            continue
        score = judge(i, rep)
        a, b = judge.sides[i], judge.sides[rep]
        assert a is not None and b is not None
        signals = tuple(Signal(n, round(v, 4), round(w, 4)) for n, v, w in judge.scorer.signals(
            a, b, shorter_only=score.covers > score.same_fact))
        out.append(Support(p, round(score.same_fact, 4), round(score.paraphrase, 4),
                           round(score.covers, 4), signals))
    return out


def _claims(articles: list[Article], units: list[Unit], vectors: np.ndarray,
            groups: list[list[int]], sources: list[Source], useful: set[str],
            judge: PairJudge) -> tuple[list[Claim], np.ndarray]:
    key_of = {aid: s.key for s in sources for aid in s.articles}
    order = {s.key: s.number for s in sources}
    centroid = vectors.mean(axis=0) if len(units) else np.zeros(vectors.shape[1], np.float32)
    centroid /= np.linalg.norm(centroid) or 1.0
    drafts = []
    for g in groups:
        rep = medoid(g, vectors, units)
        keys = sorted({key_of[articles[units[i].article].id] for i in g}, key=order.__getitem__)
        u = units[rep]
        centrality = float(vectors[rep] @ centroid)
        position = float(np.mean([units[i].position for i in g]))
        salience = _salience(u, useful)
        passages = [Passage(articles[units[i].article].id, units[i].start, units[i].end)
                    for i in g]
        support = _support(g, rep, passages, judge) if len(g) > 1 else []
        conflicts = claim_conflicts(g, rep, units, judge.sides, judge,
                                    lambda i, v: Passage(articles[units[i].article].id,
                                                         units[i].start + v.start,
                                                         units[i].start + v.end))
        drafts.append((Claim(id="", passages=passages, sources=keys,
                             representative=Passage(articles[u.article].id, u.start, u.end),
                             text=u.text, centrality=centrality, salience=salience,
                             position=position, support=support, conflicts=conflicts), rep))
    # Most corroborated first, then in story order: claim ids read like a ranking.
    drafts.sort(key=lambda d: (-d[0].corroboration, d[0].position))
    for n, (claim, _) in enumerate(drafts, start=1):
        claim.id = f"c{n}"
    rows = [rep for _, rep in drafts]
    return [c for c, _ in drafts], vectors[rows]


def _salience(u: Unit, useful: set[str]) -> float:
    """How much a passage tells: named people and places that are not everywhere in the story,
    figures, its own wording (content words), a quotation, and an early position. Centrality
    is left out on purpose: an exclusive detail is rarely central."""
    return (0.4 * min(len(u.entities & useful), 4) / 4 + 0.5 * min(len(u.numbers), 2) / 2
            + 0.3 * min(len(u.words), 20) / 20 + 0.2 * u.quoted + 0.2 * (1 - u.position))


def _exclusives(claims: list[Claim], sources: list[Source]) -> dict[str, list[str]]:
    """Claims only one source states, per source, most salient first."""
    out: dict[str, list[str]] = {s.key: [] for s in sources}
    for c in sorted((c for c in claims if c.corroboration == 1), key=lambda c: -c.salience):
        out[c.sources[0]].append(c.id)
    return out
