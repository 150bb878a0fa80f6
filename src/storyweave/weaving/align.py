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


def link_matrix(units: list[Unit], sims: np.ndarray, useful: set[str]) -> np.ndarray:
    """Which pairs may be the same fact: high similarity, or middling similarity backed by
    a shared number or a shared informative entity (``useful``, see informative_entities).
    Same-article pairs only as duplicates."""
    n = len(units)
    links = sims >= SAME_FACT
    maybe = np.argwhere((sims >= MAYBE_SAME_FACT) & (sims < SAME_FACT))
    for i, j in maybe:
        if i < j:
            a, b = units[i], units[j]
            anchored = bool((a.numbers & b.numbers) or (a.entities & b.entities & useful))
            if lexical_overlap(a, b) >= (LEXICAL_WITH_ANCHOR if anchored else LEXICAL_ALONE):
                links[i, j] = links[j, i] = True
    art = np.array([u.article for u in units])
    same_article = art[:, None] == art[None, :]
    links &= ~same_article | (sims >= SAME_ARTICLE_DUPLICATE)
    links[np.arange(n), np.arange(n)] = False
    return links


def cluster(units: list[Unit], sims: np.ndarray, useful: set[str]) -> list[list[int]]:
    """Greedy average-linkage over the allowed links, strongest first."""
    links = link_matrix(units, sims, useful)
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    owner = list(range(len(units)))
    art = [u.article for u in units]
    edges = np.argwhere(np.triu(links, 1))
    order = np.argsort(-sims[edges[:, 0], edges[:, 1]], kind="stable") if len(edges) else []
    for k in order:
        i, j = edges[k]
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        a, b = members[ci], members[cj]
        block = sims[np.ix_(a, b)]
        if block.min() < MIN_PAIR or block.mean() < MAYBE_SAME_FACT:
            continue
        if any(art[x] == art[y] and sims[x, y] < SAME_ARTICLE_DUPLICATE for x in a for y in b):
            continue
        merged = a + b
        members[ci] = merged
        del members[cj]
        for x in b:
            owner[x] = ci
    return [sorted(m) for m in members.values()]


def medoid(group: list[int], sims: np.ndarray, units: list[Unit]) -> int:
    """The member closest to all the others; whole sentences beat clauses, earlier beats
    later, so the representative reads well on its own."""
    if len(group) == 1:
        return group[0]
    block = sims[np.ix_(group, group)]
    mean = (block.sum(axis=1) - 1.0) / (len(group) - 1)
    score = mean + np.array([0.03 * (not units[g].is_clause) - 0.02 * units[g].position
                             for g in group])
    return group[int(np.argmax(score))]
