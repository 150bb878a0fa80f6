"""Cross-source alignment: group units from different articles that state the same fact.

Measured on the example story (see ``docs/alignment.md``): MiniLM cosine above ~0.75 is the
same fact told twice; 0.65–0.75 holds real paraphrases *and* different facts about the same
people, so there a pair also needs lexical evidence: the content words other than names
overlap (names are shared by every sentence about the same people), a little if a number or
an entity that is not everywhere in the story (every sentence here mentions Xi) is shared
too. Groups grow by average linkage with two vetoes: no
member may be far from any other (no chaining A~B~C into one claim), and no two members from
one article unless they say the same thing (an article repeating its lead).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .units import Unit, lexical_overlap

SAME_FACT = 0.75
MAYBE_SAME_FACT = 0.65
SAME_ARTICLE_DUPLICATE = 0.85  # an article may say one thing twice (lead and bullet point)
MIN_PAIR = 0.5  # every pair in a claim at least this close: stops chaining
COMMON_ENTITY_SHARE = 0.2  # an entity in more units than this tells facts apart poorly
LEXICAL_ALONE = 0.3  # overlap of non-name content words that backs a middling similarity
LEXICAL_WITH_ANCHOR = 0.2  # ... when a number or informative entity is shared as well


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
BLOCK_ROWS = 512  # rows of the similarity matrix held at once: memory is BLOCK_ROWS x units


@dataclass(slots=True)
class Candidates:
    """Unit pairs worth deciding on: each unit's nearest neighbours above the lowest band,
    instead of the dense units x units matrix (whose memory grows with the square)."""

    pairs: np.ndarray  # (m, 2) int64, i < j
    sims: np.ndarray  # (m,) float32 cosine of each pair


def candidate_pairs(vectors: np.ndarray, *, k: int = NEIGHBOURS,
                    floor: float = MAYBE_SAME_FACT, block: int = BLOCK_ROWS) -> Candidates:
    """The ``k`` nearest neighbours of every unit with cosine >= ``floor``, as unique pairs.

    Computed in row blocks, so peak memory is ``block x n`` floats whatever the story size."""
    n = len(vectors)
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
    if not found or not sum(len(f) for f in found):
        return Candidates(np.zeros((0, 2), np.int64), np.zeros(0, np.float32))
    pairs = np.unique(np.concatenate(found), axis=0)
    sims = np.einsum("ij,ij->i", vectors[pairs[:, 0]], vectors[pairs[:, 1]])
    return Candidates(pairs.astype(np.int64), sims.astype(np.float32))


def linked(a: Unit, b: Unit, sim: float, useful: set[str]) -> bool:
    """Whether two units may be the same fact: high similarity, or middling similarity backed
    by lexical evidence (more readily with a shared number or informative entity, ``useful``,
    see informative_entities). Two units of one article only when they say the same thing."""
    if a.article == b.article:
        return sim >= SAME_ARTICLE_DUPLICATE
    if sim >= SAME_FACT:
        return True
    if sim < MAYBE_SAME_FACT:
        return False
    anchored = bool((a.numbers & b.numbers) or (a.entities & b.entities & useful))
    return lexical_overlap(a, b) >= (LEXICAL_WITH_ANCHOR if anchored else LEXICAL_ALONE)


def cluster(units: list[Unit], vectors: np.ndarray, candidates: Candidates,
            useful: set[str]) -> list[list[int]]:
    """Greedy average-linkage over the allowed candidate links, strongest first. The vetoes
    look at every pair of the two groups being merged (computed from the vectors: groups are
    small), so no dense matrix is needed."""
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    owner = list(range(len(units)))
    art = [u.article for u in units]
    for k in np.argsort(-candidates.sims, kind="stable"):
        i, j = (int(x) for x in candidates.pairs[k])
        ci, cj = owner[i], owner[j]
        if ci == cj or not linked(units[i], units[j], float(candidates.sims[k]), useful):
            continue
        a, b = members[ci], members[cj]
        block = vectors[a] @ vectors[b].T
        if block.min() < MIN_PAIR or block.mean() < MAYBE_SAME_FACT:
            continue
        if any(art[x] == art[y] and block[p, q] < SAME_ARTICLE_DUPLICATE
               for p, x in enumerate(a) for q, y in enumerate(b)):
            continue
        members[ci] = a + b
        del members[cj]
        for x in b:
            owner[x] = ci
    return [sorted(m) for m in members.values()]


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
