"""Claims: the groups of passages alignment found, as records. Each claim is one fact with the
passages of every outlet that states it, its representative (a real passage, never a
generated one), each member's support against it, and the values they disagree on; and the
claims only one source states (its exclusives).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ...keys import outlet_key, passages_key, record_ids
from ...model import Article, Claim, NearestOther, Passage, Signal, Source, Support
from .colours import colour_conflicts
from .conflicts import claim_conflicts
from .grouping import Candidates, PairJudge, medoid
from .units import Unit

# A claim only one source states is an exclusive; but when another source's passage scores
# this near to stating the same fact, it may be shared after all, worded too differently to
# join (the join threshold is 0.6). Fitted on the ECB+ dev gold (tools/fit_exclusive_doubt.py):
# the F1 of leaving unmarked the exclusives that touch no fact two sources share, against
# marking those that do, was best at 0.45 in all 16 leave-one-event-out folds. There (and in
# bench/facts_real.py) the exclusives' precision is 0.617, that of the unmarked ones 0.741,
# with 91.9 % of the right ones unmarked.
EXCLUSIVE_DOUBT = 0.45


def source_key(article: Article) -> str:
    """Articles of one outlet are one source, however many of them there are."""
    if article.outlet:
        return "outlet:" + outlet_key(article.outlet)
    return "article:" + article.id


def sources_of(articles: list[Article]) -> list[Source]:
    keyed: dict[str, list[Article]] = {}
    for a in articles:
        keyed.setdefault(source_key(a), []).append(a)
    return [Source(key=k, number=n, label=arts[0].outlet or Path(arts[0].source).name,
                   articles=tuple(a.id for a in arts))
            for n, (k, arts) in enumerate(keyed.items(), start=1)]


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
            a, b, shorter_only=score.covers > score.same_fact, idf=judge.idf))
        out.append(Support(p, round(score.same_fact, 4), round(score.paraphrase, 4),
                           round(score.covers, 4), signals))
    return out


def build_claims(articles: list[Article], units: list[Unit], vectors: np.ndarray,
            groups: list[list[int]], sources: list[Source], useful: set[str],
            judge: PairJudge, candidates: Candidates | None = None
            ) -> tuple[list[Claim], np.ndarray]:
    """The claims of the groups, most corroborated first; ``candidates`` (the pairs the
    grouping compared) give a claim of one source its :class:`NearestOther`."""
    key_of = {aid: s.key for s in sources for aid in s.articles}
    near = partners(candidates)
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
                                                         units[i].statement[0] + v.start,
                                                         units[i].statement[0] + v.end))
        conflicts += colour_conflicts(
            g, units, lambda i: key_of[articles[units[i].article].id],
            lambda i, a, b: Passage(articles[units[i].article].id, units[i].start + a,
                                    units[i].start + b))
        nearest = _nearest_other(g, near, units, articles, key_of, judge) \
            if len(keys) == 1 else None
        drafts.append((Claim(id="", passages=passages, sources=keys,
                             representative=Passage(articles[u.article].id, u.start, u.end),
                             text=u.text, centrality=centrality, salience=salience,
                             position=position, support=support, conflicts=conflicts,
                             nearest_other=nearest), rep))
    # Most corroborated first, then in story order: the list reads like a ranking.
    drafts.sort(key=lambda d: (-d[0].corroboration, d[0].position))
    ids = record_ids("c", (passages_key((p.article, p.start, p.end) for p in c.passages)
                           for c, _ in drafts))
    for (claim, _), made in zip(drafts, ids, strict=True):
        claim.id = made
    rows = [rep for _, rep in drafts]
    return [c for c, _ in drafts], vectors[rows]


def partners(candidates: Candidates | None) -> dict[int, list[int]]:
    """Each unit's partners in the candidate pairs (the pairs the grouping compared)."""
    out: dict[int, list[int]] = {}
    if candidates is not None:
        for i, j in candidates.pairs.tolist():
            out.setdefault(i, []).append(j)
            out.setdefault(j, []).append(i)
    return out


def best_other(group: list[int], near: dict[int, list[int]], source_of: Callable[[int], str],
               judge: PairJudge) -> tuple[float, int | None]:
    """The best ``same_fact`` of a one-source group's units against the units of another
    source among their partners ``near``, and that unit (None when there is none)."""
    own = source_of(group[0])
    best, found = 0.0, None
    for i in group:
        for j in near.get(i, ()):
            if source_of(j) == own:
                continue
            score = judge(i, j).same_fact
            if found is None or score >= best:
                best, found = score, j
    return best, found


def _nearest_other(group: list[int], near: dict[int, list[int]], units: list[Unit],
                   articles: list[Article], key_of: dict[str, str],
                   judge: PairJudge) -> NearestOther | None:
    """The passage of another source the scorer finds nearest to stating a one-source
    claim's fact, when it scores ``EXCLUSIVE_DOUBT`` or more."""
    best, found = best_other(group, near, lambda i: key_of[articles[units[i].article].id],
                             judge)
    if found is None or best < EXCLUSIVE_DOUBT:
        return None
    u = units[found]
    return NearestOther(Passage(articles[u.article].id, u.start, u.end), round(best, 4))


def _salience(u: Unit, useful: set[str]) -> float:
    """How much a passage tells: named people and places that are not everywhere in the story,
    figures, its own wording (content words), a quotation, and an early position. Centrality
    is left out on purpose: an exclusive detail is rarely central."""
    return (0.4 * min(len(u.entities & useful), 4) / 4 + 0.5 * min(len(u.numbers), 2) / 2
            + 0.3 * min(len(u.words), 20) / 20 + 0.2 * u.quoted + 0.2 * (1 - u.position))


def exclusives(claims: list[Claim], sources: list[Source]) -> dict[str, list[str]]:
    """Claims only one source states, per source: those no other source comes near first
    (see :data:`EXCLUSIVE_DOUBT`), each part most salient first."""
    out: dict[str, list[str]] = {s.key: [] for s in sources}
    for c in sorted((c for c in claims if c.corroboration == 1),
                    key=lambda c: (c.nearest_other is not None, -c.salience)):
        out[c.sources[0]].append(c.id)
    return out
