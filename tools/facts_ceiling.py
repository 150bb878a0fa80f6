"""How far can claims made of today's fact units go on the ECB+ dev gold of shared facts?

A claim is a group of fact units, and a unit is in one claim only. A real report's sentence
often states several of the gold's atomic facts at once ("Williams, 32, was arrested around
1:30 a.m. Feb. 1 on state Route 94 on suspicion of drunken driving": the time, the road, the
arrest), and when the units do not split it, the sentence can serve one of them. This tool
finds the best any grouping of the units could score, scored as ``bench/facts_real.py``
scores the dossier's claims, with every claim right (each of its units on a mention of one
and the same gold fact): an integer programme per event (scipy's ``milp``), solved twice:

    found       facts one claim holds in two sources or more (the benchmark's recall)
    one claim   facts one claim holds in every source that mentions them

(A source is a document with its copies, ``bench/data/facts-ecb-dev/copies.tsv``.)

Units from ``weaving.align.units.build_units``, as the weave makes them. Two units of one
article may share a claim here (the grouping forbids it unless they say the same thing), so
the figures are upper bounds. A figure below a goal says the goal needs other units (finer
splits, or a unit allowed in more than one claim), not a better same-fact decision.

Then the same bounds for today's same-fact decision: a claim right by the benchmark holds
units of one fact only, and a grouping links two units only through pairs the decision
joins (``weaving.align.grouping.joins`` on the candidate pairs, the fact scorer at its
threshold). So the most any grouping can do with these decisions is, per fact, the
connected parts of the graph of its own units joined by such pairs: found when one part
holds two sources, in one claim when one part holds them all. A figure there below a goal
says the goal needs a better decision, whatever the grouping does.

    .venv/bin/python tools/facts_ceiling.py            # ~3 min the first time (annotation)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from facts_gold import EXAMPLE, GOLD_DIR, GoldStory, documents, load  # noqa: E402
from facts_real import _overlaps, locate, source  # noqa: E402
from fit_alignment import annotated, cache_from_args, prepared  # noqa: E402


def mention_units(story: GoldStory, ann, doc_of: dict[str, str]) -> dict[str, list[set[int]]]:
    """fact -> for each of its sources (a document with its copies, as the benchmark counts
    them), the units on its mentions (an empty set: no unit holds them, or they are not
    found in the text). Facts of one source are left out, as the benchmark leaves them."""
    from storyweave.weaving.align.units import build_units

    arts = ann.articles
    units = build_units(arts)
    texts = {doc_of[a.id]: a.text for a in arts}
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        by_doc[doc_of[arts[u.article].id]].append(i)
    out = {}
    for f in story.facts:
        held: dict[str, set[int]] = defaultdict(set)
        for m in f.mentions:
            at = locate(texts.get(m.doc, ""), m.text)
            held[source(m.doc)] |= set() if at is None else {
                i for i in by_doc[m.doc] if _overlaps((units[i].start, units[i].end), at)}
        if len(held) >= 2:
            out[f.id] = list(held.values())
    return out


def ceiling(held: dict[str, list[set[int]]], *, least: int | None) -> int:
    """The most facts a grouping of right claims can hold: in ``least`` documents, or in all
    (``least`` None). Variables: unit u in the claim of fact f (u on a mention of f), fact g
    held by the claim of f, and (for ``least``) g's mention d held there."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    facts = list(held)
    on = {f: set().union(*held[f]) if held[f] else set() for f in facts}  # units on f
    var: dict[tuple, int] = {}

    def v(key: tuple) -> int:
        return var.setdefault(key, len(var))

    rows: list[tuple[list[int], list[float], float, float]] = []
    gain: list[int] = []
    for g in facts:
        need = len(held[g]) if least is None else least
        via = []
        for f in facts:
            usable = [m & on[f] for m in held[g]]
            if sum(bool(m) for m in usable) < need or (least is None and not all(usable)):
                continue
            z = v(("z", g, f))
            via.append(z)
            gain.append(z)
            if least is None:
                for m in usable:  # every mention held by a unit in f's claim
                    cols = [v(("a", u, f)) for u in m]
                    rows.append((cols + [z], [1.0] * len(cols) + [-1.0], 0.0, np.inf))
            else:
                ws = []
                for k, m in enumerate(usable):
                    if not m:
                        continue
                    w = v(("w", g, f, k))
                    ws.append(w)
                    cols = [v(("a", u, f)) for u in m]
                    rows.append((cols + [w], [1.0] * len(cols) + [-1.0], 0.0, np.inf))
                rows.append((ws + [z], [1.0] * len(ws) + [-float(least)], 0.0, np.inf))
        if via:
            rows.append((via, [1.0] * len(via), 0.0, 1.0))
    by_unit: dict[int, list[int]] = defaultdict(list)
    for key, i in var.items():
        if key[0] == "a":
            by_unit[key[1]].append(i)
    rows += [(cols, [1.0] * len(cols), 0.0, 1.0) for cols in by_unit.values()]
    if not gain:
        return 0
    r, c, x = [], [], []
    for k, (cols, coefs, _, _) in enumerate(rows):
        r += [k] * len(cols)
        c += cols
        x += coefs
    matrix = coo_array((x, (r, c)), shape=(len(rows), len(var))).tocsr()
    objective = np.zeros(len(var))
    objective[gain] = -1.0
    res = milp(objective, integrality=np.ones(len(var)), bounds=Bounds(0, 1),
               constraints=LinearConstraint(matrix, [lo for *_, lo, _ in rows],
                                            [hi for *_, hi in rows]))
    if res.x is None:
        raise RuntimeError(f"no solution: {res.message}")
    return round(-res.fun)


def decided(held: dict[str, list[set[int]]], joined: set[tuple[int, int]]
            ) -> tuple[int, int]:
    """(found, in one claim): the facts whose own units, linked by the ``joined`` pairs
    (``i < j``), form one connected part holding two of their sources, or all of them."""
    found = one = 0
    for mentions in held.values():
        part = _parts(sorted(set().union(*mentions)), joined)
        sources: dict[int, int] = defaultdict(int)
        for m in mentions:
            for r in {part[u] for u in m}:
                sources[r] += 1
        best = max(sources.values(), default=0)
        found += best >= 2
        one += best == len(mentions)
    return found, one


def _parts(units: list[int], joined: set[tuple[int, int]]) -> dict[int, int]:
    """Each unit's connected part (a representative unit) in the graph of ``joined``."""
    parent = {u: u for u in units}

    def root(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for k, u in enumerate(units):
        for w in units[k + 1:]:
            if (u, w) in joined:
                parent[root(u)] = root(w)
    return {u: root(u) for u in units}


def joined_pairs(ann, doc_of: dict[str, str]) -> set[tuple[int, int]]:
    """The candidate pairs of units of two articles that today's decision joins."""
    from storyweave.weaving.align import grouping

    _, _, units, _, candidates, judge = prepared(ann, doc_of)
    return {(i, j) for i, j in candidates.pairs.tolist()
            if units[i].article != units[j].article
            and grouping.joins(judge(i, j), judge.scorer.threshold)}


def main() -> int:
    cache = cache_from_args(__doc__.splitlines()[0])
    docs = documents()
    total = {"facts": 0, "located": 0, "found": 0, "one claim": 0, "decided found": 0,
             "decided one": 0}
    print("event".ljust(12), "facts located found one_claim | with today's decisions: "
          "found one_claim")
    for path in sorted(GOLD_DIR.glob("*.json")):
        story = load(path)
        if story.subtopic == EXAMPLE:
            continue
        ann, doc_of = annotated(story, docs, cache)
        held = mention_units(story, ann, doc_of)
        row = {"facts": len(held), "located": sum(all(m) for m in held.values()),
               "found": ceiling(held, least=2), "one claim": ceiling(held, least=None)}
        row["decided found"], row["decided one"] = decided(held, joined_pairs(ann, doc_of))
        print(story.subtopic.ljust(12), " ".join(f"{row[k]:>5}" for k in row), flush=True)
        for k in total:
            total[k] += row[k]
    n = total["facts"]
    print(f"all {n} facts: every mention on a unit {total['located'] / n:.3f}; at best "
          f"found {total['found'] / n:.3f}, in one claim {total['one claim'] / n:.3f}; with "
          f"today's decisions at best found {total['decided found'] / n:.3f}, in one claim "
          f"{total['decided one'] / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
