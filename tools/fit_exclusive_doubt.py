"""Fit ``weaving.align.claims.EXCLUSIVE_DOUBT`` on the hand-made gold of shared facts in real
stories (``bench/data/facts-ecb-dev``, the 16 ECB+ dev events; the example story is printed
apart, not fitted on): the score another source's passage must reach against a one-source
claim for the claim to be marked "perhaps also" and listed after the plain exclusives.

Each event is ingested and annotated once (cached, as ``tools/fit_alignment.py`` does), its
units grouped as the dossier groups them, and every group of one source scored: its best
``same_fact`` against another source's unit over the candidate pairs, and whether it is
wrong, i.e. touches a mention of a fact two sources share (the rule of
``bench/facts_real.py``). A threshold leaves unmarked the groups scoring under it; printed
per threshold: the precision of the unmarked ones, the share of the right ones left
unmarked, their F1; and the threshold each leave-one-event-out fold picks by that F1.

    .venv/bin/python tools/fit_exclusive_doubt.py     # ~3 min the first time, then ~1 min
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from facts_gold import EXAMPLE, GOLD_DIR, documents, load  # noqa: E402
from facts_real import shared_mentions, source, touches  # noqa: E402
from fit_alignment import annotated, cache_from_args, prepared  # noqa: E402

GRID = [round(0.05 * k, 2) for k in range(2, 17)]


def singletons(story, prep) -> list[tuple[bool, float]]:
    """(wrong, best score against another source) of each one-source group of the event."""
    from storyweave.weaving.align import grouping
    from storyweave.weaving.align.claims import best_other, partners

    ann, doc_of, units, vectors, candidates, judge = prep
    arts = ann.articles
    doc = [doc_of[arts[u.article].id] for u in units]
    shared = shared_mentions(story, {doc_of[a.id]: a.text for a in arts})
    near = partners(candidates)
    out = []
    for g in grouping.cluster(units, vectors, candidates, judge):
        if len({source(doc[i]) for i in g}) != 1:
            continue
        wrong = any(touches(shared, doc[i], units[i].start, units[i].end) for i in g)
        best, _ = best_other(g, near, lambda i: source(doc[i]), judge)
        out.append((wrong, best))
    return out


def figures(rows: list[tuple[bool, float]], t: float) -> tuple[float, float, float]:
    unmarked = [w for w, best in rows if best < t]
    right = sum(not w for w, _ in rows)
    p = sum(not w for w in unmarked) / max(len(unmarked), 1)
    r = sum(not w for w in unmarked) / max(right, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def main() -> int:
    cache = cache_from_args(__doc__.splitlines()[0])
    docs = documents()
    per = {s.subtopic: singletons(s, prepared(*annotated(s, docs, cache)))
           for s in map(load, sorted(GOLD_DIR.glob("*.json")))}
    dev = [r for e, rows in per.items() if e != EXAMPLE for r in rows]
    print(f"ECB+ dev: {len(dev)} exclusives, precision {figures(dev, 2.0)[0]:.3f} unmarked")
    print("threshold  unmarked precision  right unmarked  F1     (example story: P / share)")
    for t in GRID:
        p, r, f = figures(dev, t)
        ep, er, _ = figures(per.get(EXAMPLE, []), t)
        print(f"{t:9.2f}  {p:18.3f}  {r:14.3f}  {f:.3f}  ({ep:.3f} / {er:.3f})")
    chosen = {e: max(GRID, key=lambda t: figures(
        [r for x, rows in per.items() if x not in (e, EXAMPLE) for r in rows], t)[2])
        for e in per if e != EXAMPLE}
    print("leave-one-event-out choices:", sorted(set(chosen.values())))
    kept = [w for e, t in chosen.items() for w, best in per[e] if best < t]
    right = sum(not w for e in chosen for w, _ in per[e])
    ok = sum(not w for w in kept)
    print(f"held out: unmarked precision {ok / max(len(kept), 1):.3f}, "
          f"right unmarked {ok / max(right, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
