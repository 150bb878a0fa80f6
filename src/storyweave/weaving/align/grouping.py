"""Cross-source alignment: group units from different articles that state the same fact.

Whether two passages of different outlets state one fact is the pair scorer's decision
(:mod:`.pairscore`, fitted on MRPC train): sentence cosine, token alignment, typed values,
negation, modality, length. Values that differ in the same place ("March 20-23" / "March 20
to 22") do not keep two passages apart: they join one claim and the conflict is recorded on
it (:mod:`.conflicts`). Only pairs that are near neighbours in embedding space are scored
(:func:`candidate_pairs`), so the work grows with the number of units, not its square.

Groups grow greedily, strongest cosine first, with two vetoes: the passages of a claim must
all be close (no chaining A~B~C into one claim: every pair above ``MIN_PAIR`` cosine, and
most scored pairs across two merging groups one fact, none clearly another), and no two
members from one article unless they say the same thing (an article repeating its lead).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ...nlp import PairSide
from .pairscore import PairScore, PairScorer, fact_scorer, story_idf
from .units import Unit
from .values import Conflict

SAME_ARTICLE_DUPLICATE = 0.85  # an article may say one thing twice (lead and bullet point)
# Every pair in a claim at least this close, and the lowest cosine a pair must have to be
# scored at all. It was 0.5 on sentence vectors, below which the pair scorer aligned 0.8 % of
# its aligned pairs of MRPC train (the first 1,500). Units are now compared by their lifted
# piece means (units.unit_vectors), which sit closer together: the same 0.8 % lies below 0.61
# there (/ 1,118 aligned pairs). At 0.5 a 400-article story scored three times the pairs.
# On the ECB+ dev gold (fact scorer fitted again at each), 0.6 against 0.5: recall 0.722 /
# 0.730, one claim 0.242 / 0.251, claim precision 0.799 / 0.787, half the candidate pairs.
MIN_PAIR = 0.6
# A longer passage that states all a shorter one says (and more) corroborates it. MRPC
# cannot set this: it calls such pairs no paraphrase (bench/align_mrpc.py shows what the
# joined decision costs there). Nor can Multi-News validation ROUGE: flat from 0.6 to never
# joining by covers (tools/sweep_rouge.py --constant COVERS --count 300). Chosen, not
# fitted: an entailment-labelled set would fit it (docs/alignment.md).
COVERS = 0.8
# Two groups merge when at least half the pairs across them (the VETO_PAIRS closest by
# cosine) are one fact and none scores below NOT_SAME_FACT (same_fact or covers): no chaining.
# Fitted with the fact scorer on the ECB+ dev gold (tools/fit_alignment.py): 0.7 of the
# closest pairs one fact kept claim precision at 0.80 where 0.5 gave 0.77, recall 0.744 either
# way; NOT_SAME_FACT between 0.05 and 0.25 changed nothing by more than 0.003.
NOT_SAME_FACT = 0.15
VETO_PAIRS = 12
VETO_SHARE = 0.7  # share of those pairs that must be one fact
COMMON_ENTITY_SHARE = 0.2  # an entity in more units than this tells facts apart poorly


def informative_entities(units: list[Unit]) -> set[str]:
    """Entities rare enough in this story to tell its facts apart. Counted per word, so
    "xi jinping" is as common as the "Xi" every other sentence mentions."""
    df = Counter(w for u in units for w in {w for e in u.entities for w in e.split()})
    limit = max(2, COMMON_ENTITY_SHARE * len(units))
    return {e for u in units for e in u.entities if all(df[w] <= limit for w in e.split())}


NEIGHBOURS = 24  # candidate partners per unit: a fact told by more outlets still connects,
# since every teller links to its nearest tellers and average linkage merges the chain.
# Checked on Multi-News validation (bench/summary_rouge.py, 1,000 clusters): ROUGE identical
# to all pairs (NEIGHBOURS = 10**9, the old dense matrix's links), and the example story's
# claims identical.
BLOCK_ROWS = 128  # rows of the similarity matrix held at once: memory is BLOCK_ROWS x units


@dataclass(slots=True)
class Candidates:
    """Unit pairs worth deciding on: each unit's nearest neighbours above the lowest band,
    instead of the dense units x units matrix (whose memory grows with the square)."""

    pairs: np.ndarray  # (m, 2) int64, i < j
    sims: np.ndarray  # (m,) float32 cosine of each pair


def candidate_pairs(vectors: np.ndarray, *, k: int = NEIGHBOURS,
                    floor: float = MIN_PAIR, block: int = BLOCK_ROWS,
                    basis: np.ndarray | None = None) -> Candidates:
    """The ``k`` nearest neighbours of every unit with cosine >= ``floor``, as unique pairs.

    Computed in row blocks, so peak memory is ``block x n`` floats whatever the story size.
    ``basis``: orthonormal columns whose span holds every vector (units' lifted piece
    means, ``nlp.pairfeatures.piece_basis``): the cosines are screened in its fewer
    dimensions (see :func:`_screened`)."""
    n = len(vectors)
    if basis is not None and n > 1:
        pairs = _screened(vectors, basis, k=min(k, n - 1), floor=floor, block=block)
        return _unique_pairs(vectors, pairs, block)
    found: list[np.ndarray] = []
    kk = min(k, n - 1)
    for first in range(0, n if kk > 0 else 0, block):
        rows = vectors[first:first + block] @ vectors.T
        rows[np.arange(len(rows)), np.arange(first, first + len(rows))] = -np.inf
        top = np.argpartition(rows, -kk, axis=1)[:, -kk:]
        sims = np.take_along_axis(rows, top, axis=1)
        i = np.repeat(np.arange(first, first + len(rows)), kk)
        j, s = top.ravel(), sims.ravel()
        keep = s >= floor
        found.append(np.stack([np.minimum(i, j)[keep], np.maximum(i, j)[keep]], axis=1))
    return _unique_pairs(vectors, found, block)


def _unique_pairs(vectors: np.ndarray, found: list[np.ndarray], block: int) -> Candidates:
    if not found or not sum(len(f) for f in found):
        return Candidates(np.zeros((0, 2), np.int64), np.zeros(0, np.float32))
    pairs = np.unique(np.concatenate(found), axis=0)
    return Candidates(pairs.astype(np.int64), _dots(vectors, pairs, block).astype(np.float32))


def _dots(vectors: np.ndarray, pairs: np.ndarray, block: int) -> np.ndarray:
    """The cosine of each pair, in chunks: gathering both vectors of every pair at once held
    2 x pairs x dim floats (210 MB for the 69,000 pairs of a 400-article story, the weave's
    peak)."""
    if not len(pairs):
        return np.zeros(0, np.float32)
    return np.concatenate([np.einsum("ij,ij->i", vectors[pairs[k:k + block * 64, 0]],
                                     vectors[pairs[k:k + block * 64, 1]])
                           for k in range(0, len(pairs), block * 64)])


# How far a cosine in the basis's dimensions may lie from the full one: the stored basis is
# orthonormal to float32 precision (its Gram matrix within 1.1e-4 of the identity; on a
# 400-article story's 22,856 units no cosine moved by more than 9.2e-5). Ten times that.
SCREEN_SLACK = 1e-3
CROWDED = 4  # a row with more than this many times k units above the floor is cut at its k-th


def _screened(vectors: np.ndarray, basis: np.ndarray, *, k: int, floor: float,
              block: int) -> list[np.ndarray]:
    """``candidate_pairs``' neighbours, the square of cosines taken in the basis's 128
    dimensions instead of 384 (a third of the work: it was 2.6 of a 400-article weave's 25
    s) and cut at the floor less ``SCREEN_SLACK`` instead of a partial sort of every row;
    the few cosines that pass are computed again in full, and each row keeps its ``k``
    largest at or above the floor, as the full square does (a tie at the k-th place goes to
    the lower index; two cosines a rounding apart there may swap: the same dossiers on the
    ECB+ dev events, the example story and stored stories of 50 and 400 articles)."""
    reduced = vectors @ basis
    found = []
    for first in range(0, len(vectors), block):
        rows = reduced[first:first + block] @ reduced.T
        rows[np.arange(len(rows)), np.arange(first, first + len(rows))] = -np.inf
        cut = np.full((len(rows), 1), floor - SCREEN_SLACK, dtype=np.float32)
        # a row with many units above the floor (a story of near-copies): only those that
        # may be among its k largest are computed again (the k-th screened cosine, less
        # twice the slack), as the full square's partial sort would keep them
        crowded = np.flatnonzero((rows >= cut).sum(axis=1) > CROWDED * k)
        if len(crowded):
            kth = np.partition(rows[crowded], -k, axis=1)[:, -k:-k + 1]
            cut[crowded] = np.maximum(cut[crowded], kth - 2 * SCREEN_SLACK)
        i, j = np.nonzero(rows >= cut)
        pairs = np.stack([i + first, j], axis=1)
        sims = _dots(vectors, pairs, block)
        keep = sims >= floor
        pairs, sims = pairs[keep], sims[keep]
        # rank within each row, most alike first (lexsort is stable: lower index on a tie)
        order = np.lexsort((pairs[:, 1], -sims, pairs[:, 0]))
        pairs = pairs[order]
        starts = np.searchsorted(pairs[:, 0], pairs[:, 0], side="left")
        pairs = pairs[np.arange(len(pairs)) - starts < k]
        found.append(np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1))
    return found


# A fact-scored pair joins only if the MRPC-fitted scorer does not call it clearly two facts
# ("Marten met Ruud in Oslo" / "Marten criticised Ruud over the reform": same people, other
# act), and joins whatever the fact scorer says when MRPC's is all but sure ("killing at least
# eleven people" / "at least eleven people were killed ..., officials said"). Fitted on the
# ECB+ dev gold (tools/fit_alignment.py): a floor of 0.2 cost 0.001 of recall, the join at 0.98
# gained 0.002 of recall for 0.006 of precision. (Fitted again for pipeline 2.6, at the fact
# threshold of 0.6: 0.001 of recall for 0.001 of precision; the tool's objective prefers the
# join off by 0.001, less than 16 events can tell apart: kept.)
MRPC_FLOOR = 0.2
MRPC_JOIN = 0.98


def joins(score: PairScore, threshold: float) -> bool:
    """Whether a scored pair belongs in one claim (``threshold``: the scorer's, for
    ``same_fact``). ``score`` must be the fact scorer's: the MRPC-fitted pair scorer's own
    scores carry no MRPC score (``PairScore.mrpc`` defaults to 1.0) and would always join;
    quote groups have their rule (``voices.quote_groups.one_statement``)."""
    return ((score.same_fact >= threshold or score.covers >= COVERS
             or score.mrpc >= MRPC_JOIN) and score.mrpc >= MRPC_FLOOR)


class PairJudge:
    """Same-fact scores of unit pairs, computed on demand from the units' scorer sides and
    kept, so a pair looked at by the grouping, the vetoes and the support is scored once."""

    def __init__(self, sides: Sequence[PairSide | None],
                 scorer: PairScorer | None = None) -> None:
        self.sides = sides
        self.scorer = scorer or fact_scorer()
        # the story's word rarities, which the fact scorer weighs (see pairscore.story_idf)
        self.idf = story_idf([s for s in sides if s is not None]) if self.scorer.one_row \
            else None
        self._scores: dict[tuple[int, int], PairScore] = {}

    def __call__(self, i: int, j: int) -> PairScore:
        key = (i, j) if i < j else (j, i)
        found = self._scores.get(key)
        if found is None:
            a, b = self.sides[key[0]], self.sides[key[1]]
            if a is None or b is None:
                raise ValueError(f"units {key} have no scorer sides")
            found = self._scores[key] = self.scorer.score(a, b, self.idf)
        if key != (i, j):  # conflicts name the first passage's value first
            found = replace(found, conflicts=tuple(Conflict(c.kind, c.b, c.a)
                                                   for c in found.conflicts))
        return found

    def aligns(self, i: int, j: int) -> bool:
        """One fact: the two are paraphrases (``same_fact`` at the scorer's fitted threshold)
        or the longer states all the shorter says (``covers`` at ``COVERS``)."""
        return joins(self(i, j), self.scorer.threshold)

    @property
    def scored(self) -> int:
        return len(self._scores)


def cluster(units: list[Unit], vectors: np.ndarray, candidates: Candidates,
            judge: PairJudge) -> list[list[int]]:
    """Greedy grouping over the candidate pairs, strongest cosine first: two passages of
    different articles join when the scorer says one fact; of one article only when they say
    the same thing. The vetoes look at every pair of the two groups being merged (cosines
    from the vectors, scores through ``judge``: groups are small), so no dense matrix is
    needed."""
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    owner = list(range(len(units)))
    art = [u.article for u in units]
    # Two facts of one statement are two facts, however alike their words' vectors are.
    home = [(u.article, u.statement) for u in units]
    for k in np.argsort(-candidates.sims, kind="stable"):
        i, j = (int(x) for x in candidates.pairs[k])
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        if art[i] == art[j]:
            if candidates.sims[k] < SAME_ARTICLE_DUPLICATE or home[i] == home[j]:
                continue
        elif not judge.aligns(i, j):
            continue
        a, b = members[ci], members[cj]
        if not _may_merge(a, b, vectors, art, judge, home):
            continue
        members[ci] = a + b
        del members[cj]
        for x in b:
            owner[x] = ci
    return [sorted(m) for m in members.values()]


def _may_merge(a: list[int], b: list[int], vectors: np.ndarray, art: list[int],
               judge: PairJudge, home: list[tuple[int, tuple[int, int]]]) -> bool:
    block = vectors[a] @ vectors[b].T
    if block.min() < MIN_PAIR:
        return False
    cross = []
    for p, x in enumerate(a):
        for q, y in enumerate(b):
            if art[x] == art[y]:
                if block[p, q] < SAME_ARTICLE_DUPLICATE or home[x] == home[y]:
                    return False
            else:
                cross.append((block[p, q], x, y))
    if len(cross) <= 1:
        return True  # the one pair is the link itself, already judged
    # The closest pairs across the groups, at most VETO_PAIRS of them: they must on average
    # be judged one fact, and none clearly another.
    cross.sort(reverse=True)
    scores = [judge(x, y) for _, x, y in cross[:VETO_PAIRS]]
    joined = sum(joins(sc, judge.scorer.threshold) for sc in scores)
    return (joined >= VETO_SHARE * len(scores)
            and min(sc.support for sc in scores) >= NOT_SAME_FACT)


def medoid(group: list[int], vectors: np.ndarray, units: list[Unit]) -> int:
    """The member closest to all the others; whole sentences beat clauses, earlier beats
    later, so the representative reads well on its own."""
    if len(group) == 1:
        return group[0]
    block = vectors[group] @ vectors[group].T
    mean = (block.sum(axis=1) - np.diag(block)) / (len(group) - 1)
    score = mean + np.array([0.03 * (not units[g].is_clause) - 0.02 * units[g].position
                             for g in group])
    return group[int(np.argmax(score))]
