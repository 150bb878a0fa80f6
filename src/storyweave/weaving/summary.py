"""The summary: claims picked by corroboration, centrality and position, never two that say
the same thing, ordered as the story is told (the event first, then context)."""

from __future__ import annotations

import re

import numpy as np

from ..model import Article, Claim, Passage
from .align.units import Unit

# Weights of the selection score, grid-searched on Multi-News validation clusters 1000-1199
# (outside the benchmark's first 1,000): a lead-position prior (weights 0.4-1.6) lowered
# ROUGE there, so position only orders the picked sentences. A change must report
# bench/summary_rouge.py before and after.
W_CORROBORATION = 1.0
W_CENTRALITY = 1.0
# The cosine above which a candidate repeats a sentence already picked. Measured on the same
# clusters (tools/sweep_rouge.py --constant REDUNDANT): R-1/R-2/R-L 44.31/15.32/20.08 at 0.6,
# 44.79/15.85/20.42 at 0.7, 44.90/16.10/20.55 at 0.75, 44.92/16.09/20.51 at 0.8, 44.86/16.07/
# 20.51 at 0.9 and never. Flat from 0.75 up: kept at 0.8. A lower cut drops sentences that
# only look alike, and ROUGE with them.
REDUNDANT = 0.8


def select(claims: list[Claim], vectors: np.ndarray, n_sources: int, *,
           sentences: int | None = 6, words: int | None = None,
           states: list[set[int]] | None = None,
           texts: list[str] | None = None) -> list[int]:
    """Indices of the claims to print, in reading order. Stops at ``sentences`` sentences or
    once ``words`` words are reached, whichever comes first.

    ``states[i]``: the claims whose facts the sentence printed for claim ``i`` states (a
    sentence packs several facts): a claim a picked sentence already states is not picked
    again. ``texts[i]``: what is printed for claim ``i`` (its words count), by default its
    text."""
    texts = texts or [c.text for c in claims]
    states = states or [{i} for i in range(len(claims))]
    if not claims:
        return []
    corr = np.array([(c.corroboration - 1) / max(n_sources - 1, 1) for c in claims])
    cent = np.array([c.centrality for c in claims])
    score = W_CORROBORATION * corr + W_CENTRALITY * cent
    picked: list[int] = []
    stated: set[int] = set()
    total = 0
    for i in np.argsort(-score, kind="stable"):
        if int(i) in stated or states[i] & set(picked):
            continue  # its fact is told already, or its sentence tells a told main fact
        if picked and float((vectors[picked] @ vectors[i]).max()) >= REDUNDANT:
            continue
        picked.append(int(i))
        stated |= states[i]
        total += len(texts[i].split())
        if sentences is not None and len(picked) >= sentences:
            break
        if words is not None and total >= words:
            break
    return sorted(picked, key=lambda i: (claims[i].position, -claims[i].corroboration))


# A statement that opens on a pronoun does not read on its own in a summary.
_PRONOUN_FIRST = re.compile(r"[\"“‘']?(?:he|she|they|it|his|her|their|its)\b", re.IGNORECASE)


def sentence_facts(articles: list[Article], units: list[Unit],
                   claims: list[Claim]) -> tuple[list[set[int]], list[str]]:
    """For each claim, the claims whose facts the statement of its representative states
    (itself, and the other facts of that sentence), and the statement's text: the summary
    prints whole statements, never a clause cut out of one. A claim's passages are its
    units' spans, so each passage names the statement it is a fact of."""
    text_of = {a.id: a.text for a in articles}
    statement_at = {(articles[u.article].id, u.start, u.end): u.statement for u in units}

    def statement(p: Passage) -> tuple[str, int, int]:
        return (p.article, *statement_at[(p.article, p.start, p.end)])

    by_statement: dict[tuple[str, int, int], set[int]] = {}
    for i, c in enumerate(claims):
        for p in c.passages:
            by_statement.setdefault(statement(p), set()).add(i)
    told, texts = [], []
    for c in claims:
        # the representative's statement, unless it opens on a pronoun another outlet's
        # statement of the fact names ("He said they come as a reminder ..." against
        # "Inspector Dave Gaskin said they come as a reminder ...": ECB+ dev)
        options = [statement(p) for p in (c.representative, *c.passages)]
        aid, start, end = next((o for o in options if not _PRONOUN_FIRST.match(
            text_of[o[0]], o[1], o[2])), options[0])
        told.append(by_statement[(aid, start, end)])
        texts.append(text_of[aid][start:end])
    return told, texts
