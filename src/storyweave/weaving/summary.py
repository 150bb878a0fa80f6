"""The summary: claims picked by corroboration, centrality and position, never two that say
the same thing, ordered as the story is told (the event first, then context)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from ..model import Article, Claim
from .align.grouping import PairJudge
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
# The same-fact probability above which two printed sentences tell one fact (repeat_check).
# Chosen on the ECB+ dev gold of shared facts (16 events, 6-sentence summaries): summary
# sentence pairs that state one gold fact, and gold facts the summaries state, for the check
# off / at 0.6 / 0.55 / 0.5 / 0.45 / 0.4: 35 / 26 / 18 / 20 / 13 / 12 of 240 pairs (fewer
# at the lowest cuts: small stories run out of sentences), 210 / 223 / 217 / 220 / 219 /
# 209 facts. The fewest repeats that keep the facts of no check: 0.45. Multi-News ROUGE in
# bench/README-summary.md. Only the printed statements' units, not the claims': at 0.5, 24
# repeated pairs, 220 facts.
SUMMARY_REPEAT = 0.45


def select(claims: list[Claim], vectors: np.ndarray, n_sources: int, *,
           sentences: int | None = 6, words: int | None = None,
           states: list[set[int]] | None = None,
           texts: list[str] | None = None,
           repeats: Callable[[int, int], bool] | None = None) -> list[int]:
    """Indices of the claims to print, in reading order. Stops at ``sentences`` sentences or
    once ``words`` words are reached, whichever comes first.

    ``states[i]``: the claims whose facts the sentence printed for claim ``i`` states (a
    sentence packs several facts): a claim a picked sentence already states is not picked
    again. ``texts[i]``: what is printed for claim ``i`` (its words count), by default its
    text. ``repeats(i, j)``: whether the sentences printed for claims ``i`` and ``j`` state
    one fact though the grouping kept them in two claims (:func:`repeat_check`)."""
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
        if repeats is not None and any(repeats(p, int(i)) for p in picked):
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


Statement = tuple[str, int, int]  # (article id, start, end) of a statement


def printed_statements(articles: list[Article], units: list[Unit],
                       claims: list[Claim]) -> list[Statement]:
    """The statement printed for each claim: its representative's, unless that opens on a
    pronoun another outlet's statement of the fact names ("He said they come as a reminder
    ..." against "Inspector Dave Gaskin said they come as a reminder ...": ECB+ dev) or closes
    a quotation it does not open, where another outlet's statement does not. The summary
    prints whole statements, never a clause cut out of one."""
    text_of = {a.id: a.text for a in articles}
    statement_at = {(articles[u.article].id, u.start, u.end): u.statement for u in units}
    out = []
    for c in claims:
        options = [(p.article, *statement_at[(p.article, p.start, p.end)])
                   for p in (c.representative, *c.passages)]
        readable = [o for o in options
                    if not _PRONOUN_FIRST.match(text_of[o[0]], o[1], o[2])]
        # a statement that closes a quotation opened sentences back ('... authorities," he
        # added.') prints a stray mark and a "he" of nobody: another outlet's, if any. One
        # that opens a quotation it does not close (its next sentence goes on quoting)
        # reads as news prints it.
        whole = [o for o in readable if not _closes_unopened(text_of[o[0]][o[1]:o[2]])]
        out.append((whole or readable or options)[0])
    return out


def _closes_unopened(text: str) -> bool:
    """Whether the text closes a quotation it does not open."""
    straight = text.count('"') % 2 == 1 and not text.lstrip().startswith('"')
    return straight or text.count("”") > text.count("“")


def sentence_facts(articles: list[Article], units: list[Unit], claims: list[Claim],
                   printed: list[Statement] | None = None) -> tuple[list[set[int]], list[str]]:
    """For each claim, the claims whose facts its printed statement states (itself, and the
    other facts of that sentence), and the statement's text. A claim's passages are its
    units' spans, so each passage names the statement it is a fact of. ``printed``: the
    claims' :func:`printed_statements`, when the caller has them already."""
    text_of = {a.id: a.text for a in articles}
    statement_at = {(articles[u.article].id, u.start, u.end): u.statement for u in units}
    by_statement: dict[Statement, set[int]] = {}
    for i, c in enumerate(claims):
        for p in c.passages:
            by_statement.setdefault((p.article, *statement_at[(p.article, p.start, p.end)]),
                                    set()).add(i)
    if printed is None:
        printed = printed_statements(articles, units, claims)
    return ([by_statement[k] for k in printed],
            [text_of[aid][start:end] for aid, start, end in printed])


def repeat_check(printed: list[Statement], claims: list[Claim], articles: list[Article],
                 units: list[Unit], judge: PairJudge, threshold: float | None = None
                 ) -> Callable[[int, int], bool]:
    """``repeats(i, j)`` for :func:`select`: whether the sentences printed for claims ``i``
    and ``j`` tell one fact, by the pair scorer at ``threshold`` (``SUMMARY_REPEAT``) on
    their fact units: those of each printed statement and those of each claim (which all
    state the claim's fact, which its printed statement tells), from two articles. Lower
    than the grouping's threshold: a summary loses little by leaving out a sentence and much
    by telling one fact twice ("watched his brother fall to his death" in four one-source
    sentences of ECB+ dev 23ecb)."""
    cut = SUMMARY_REPEAT if threshold is None else threshold
    by_statement: dict[Statement, list[int]] = {}
    by_span: dict[Statement, int] = {}
    for k, u in enumerate(units):
        aid = articles[u.article].id
        by_statement.setdefault((aid, *u.statement), []).append(k)
        by_span[(aid, u.start, u.end)] = k
    told = [sorted(set(by_statement.get(printed[i], []))
                   | {by_span[(p.article, p.start, p.end)] for p in c.passages
                      if (p.article, p.start, p.end) in by_span})
            for i, c in enumerate(claims)]

    def repeats(i: int, j: int) -> bool:
        return any(units[x].article != units[y].article and judge(x, y).same_fact >= cut
                   for x in told[i] for y in told[j])

    return repeats
