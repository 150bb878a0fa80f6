"""Fit the same-fact decision for fact units on the hand-made gold of shared facts in real
stories (``bench/data/facts-ecb-dev``, the 16 ECB+ dev events; the example story is left
out), and write it (``src/storyweave/weaving/align/factscore-weights.json``).

The pairs are the ones the dossier compares: each event is ingested and annotated once
(cached), its fact units built, and every candidate pair of units of two different articles
(nearest neighbours, as ``weaving.align.grouping.candidate_pairs`` gives them) labelled: one
fact when both units touch mentions of one gold fact (each unit's words at least half inside
the mention, or the mention half inside the unit), else two (``--strict-labels``: see
``labelled_pairs``). The features are the pair
scorer's (``weaving.align.pairscore``): the symmetric ones and the same of the shorter unit
against the longer (what the longer says beyond it not counted): a logistic regression over
both, standardised, L2, fitted by Newton's method with numpy (no scikit-learn needed).

The figures printed are leave-one-event-out predictions (fit on 15 events, predict the 16th),
so they are not figures of what was fitted on. The threshold written is the one chosen on
claims (``tools/fit_alignment.py``: shared-fact recall and one claim per fact with claim
precision held at 0.8), not the pairs' best F1, which joins too much to keep claims precise.

With ``--claims`` it also weaves each event's claims with the scorer fitted on the other 15
and scores them as ``bench/facts_real.py`` scores claims (recall, reworded, one claim,
precision), beside the same with the scorer fitted on all 16: how far the in-sample figures
of the benchmark are from what a story the scorer never saw gets (the grouping's settings as
they ship).

    .venv/bin/python tools/fit_factscore.py             # fit, print, write the weights
    .venv/bin/python tools/fit_factscore.py --dry-run   # fit and print only
    .venv/bin/python tools/fit_factscore.py --dry-run --claims
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from facts_gold import EXAMPLE, GOLD_DIR, GoldStory, documents, load  # noqa: E402
from facts_real import locate  # noqa: E402
from fit_alignment import annotated, prepared  # noqa: E402

WEIGHTS = ROOT / "src" / "storyweave" / "weaving" / "align" / "factscore-weights.json"
L2 = 1.0
THRESHOLDS = np.round(np.arange(0.2, 0.9, 0.01), 2)


def _inside(parts: tuple[tuple[int, int], ...], span: tuple[int, int], *,
            strict: bool) -> bool:
    """Whether a unit states a mention's fact: most of its own words lie in the mention
    (``strict``), or at least most of the mention lies in it (it may state more)."""
    own = sum(b - a for a, b in parts)
    inter = sum(max(0, min(b, span[1]) - max(a, span[0])) for a, b in parts)
    if strict:
        return own > 0 and inter >= 0.5 * own
    return own > 0 and (inter >= 0.5 * own or inter >= 0.5 * (span[1] - span[0]))


def labelled_pairs(story: GoldStory, prep, strict: bool = False
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the event's candidate pairs across articles."""
    from storyweave.weaving.align.pairscore import fact_features, story_idf

    ann, doc_of, units, _vectors, candidates, judge = prep
    idf = story_idf(judge.sides)
    arts = ann.articles
    texts = {doc_of[a.id]: a.text for a in arts}
    # A unit is about a fact when most of its words state it; it touches one when it holds
    # most of a mention. Pairs that touch one fact are one fact, the others two. With
    # ``strict``, only pairs about one fact are one fact and pairs that touch one without
    # both being about it are left out: tried, it moved the claims' recall/precision
    # frontier down (0.716 recall at 0.785 precision against 0.729 at 0.787).
    about: list[set[str]] = []
    touches: list[set[str]] = []
    for u in units:
        doc = doc_of[arts[u.article].id]
        mostly, held = set(), set()
        for f in story.facts:
            for m in f.mentions:
                if m.doc == doc:
                    at = locate(texts[doc], m.text)
                    if at is not None and _inside(u.parts, at, strict=True):
                        mostly.add(f.id)
                    if at is not None and _inside(u.parts, at, strict=False):
                        held.add(f.id)
        about.append(mostly)
        touches.append(held)
    rows, ys = [], []
    for i, j in candidates.pairs:
        if units[i].article == units[j].article:
            continue
        one = bool(about[i] & about[j]) if strict else bool(touches[i] & touches[j])
        if strict and not one and touches[i] & touches[j]:
            continue
        rows.append(fact_features(judge.sides[i], judge.sides[j], idf))
        ys.append(one)
    return np.array(rows).reshape(-1, len(rows[0]) if rows else 0), np.array(ys, dtype=bool)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, coef, intercept) of an L2 logistic regression on standardised x. A NaN
    (story features of a story too small to have them) counts as the column's mean, as the
    runtime reads it."""
    mean = np.nanmean(x, axis=0)
    x = np.where(np.isnan(x), mean, x)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], L2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w[:-1], float(w[-1])


def predict(model, x: np.ndarray) -> np.ndarray:
    mean, scale, coef, intercept = model
    x = np.where(np.isnan(x), mean, x)
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ coef + intercept)))


def features_json(model) -> list[dict[str, object]]:
    """The weights file's ``features``: each feature's coefficient, mean and scale."""
    from storyweave.weaving.align.pairscore import FACT_FEATURES

    mean, scale, coef, _ = model
    return [{"name": nm, "coef": round(float(c), 6), "mean": round(float(m), 6),
             "scale": round(float(sc), 6)}
            for nm, c, m, sc in zip(FACT_FEATURES, coef, mean, scale, strict=True)]


def claims_figures(stories: list[GoldStory], preps: dict, models: dict,
                   threshold: float) -> dict[str, float | int]:
    """Each event's units grouped with its own model's scorer, scored as facts_real scores
    claims, pooled over the events."""
    from facts_real import Tally, score
    from fit_alignment import groups_as_output

    from storyweave.weaving.align import grouping
    from storyweave.weaving.align.pairscore import FACT_FEATURES, PairScorer

    setting = {"covers": grouping.COVERS, "not_same_fact": grouping.NOT_SAME_FACT,
               "veto_share": grouping.VETO_SHARE, "min_pair": grouping.MIN_PAIR,
               "mrpc_floor": grouping.MRPC_FLOOR, "mrpc_join": grouping.MRPC_JOIN,
               "threshold": threshold}
    pooled = Tally()
    for s in stories:
        ann, doc_of, units, vectors, candidates, judge = preps[s.subtopic]
        model = models[s.subtopic]
        fitted = PairScorer({"features": features_json(model), "intercept": model[3],
                             "threshold": threshold}, FACT_FEATURES)
        pooled.add(score(s, groups_as_output(ann, doc_of, units, vectors, candidates,
                                             grouping.PairJudge(judge.sides, fitted), setting)))
    figures = pooled.figures()
    return {k: figures[k] for k in ("recall", "reworded_recall", "one_claim", "claim_precision")}


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & y))
    p, r = tp / max(pred.sum(), 1), tp / max(y.sum(), 1)
    return p, r, 2 * p * r / max(p + r, 1e-12)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sw-fit-cache")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--strict-labels", action="store_true")
    ap.add_argument("--claims", action="store_true",
                    help="also weave claims leaving each event out (about a minute more)")
    ap.add_argument("--threshold", type=float, default=0.6,
                    help="the threshold written: chosen on claims, not pairs, by "
                         "tools/fit_alignment.py (pairs' best F1 is printed)")
    args = ap.parse_args()
    from storyweave.weaving.align.pairscore import (
        CONFLICT_FEATURES,
        FACT_FEATURES,
        FEATURES,
        scorer,
    )

    args.cache.mkdir(exist_ok=True)
    docs = documents()
    stories = [s for s in map(load, sorted(GOLD_DIR.glob("*.json"))) if s.subtopic != EXAMPLE]
    data, preps = {}, {}
    for s in stories:
        preps[s.subtopic] = prepared(*annotated(s, docs, args.cache), scorer())
        data[s.subtopic] = labelled_pairs(s, preps[s.subtopic], args.strict_labels)
        x, y = data[s.subtopic]
        print(f"{s.subtopic}: {len(y)} pairs, {int(y.sum())} one fact")
    held_p, held_y, _mrpc_p = [], [], []
    for e in data:
        rest = [data[k] for k in data if k != e]
        model = fit(np.vstack([r[0] for r in rest]), np.concatenate([r[1] for r in rest]))
        held_p.append(predict(model, data[e][0]))
        held_y.append(data[e][1])
    p_all, y_all = np.concatenate(held_p), np.concatenate(held_y)
    best = max(THRESHOLDS, key=lambda t: prf(p_all >= t, y_all)[2])
    print(f"leave-one-event-out pairs: {len(y_all)}, one fact {int(y_all.sum())}")
    for t in (0.3, 0.4, 0.5, best, 0.6, 0.7):
        pr = prf(p_all >= t, y_all)
        print(f"  threshold {t:.2f}: precision {pr[0]:.3f} recall {pr[1]:.3f} F1 {pr[2]:.3f}")
    # the MRPC-fitted scorer on the same pairs, for comparison (its own joins rule)
    x_all = np.vstack([data[e][0] for e in data])
    n = len(FEATURES)
    mrpc = scorer()
    same = mrpc.probabilities(x_all[:, :n])[0]  # no NaN in these columns
    covers = mrpc.probabilities(x_all[:, n:2 * n])[0]
    pr = prf((same >= mrpc.threshold) | (covers >= 0.8), np.concatenate([data[e][1]
                                                                         for e in data]))
    print(f"  MRPC scorer (same_fact >= {mrpc.threshold} or covers >= 0.8): precision "
          f"{pr[0]:.3f} recall {pr[1]:.3f} F1 {pr[2]:.3f}")
    model = fit(x_all, np.concatenate([data[e][1] for e in data]))
    if args.claims:
        held_out = {e: fit(np.vstack([data[k][0] for k in data if k != e]),
                           np.concatenate([data[k][1] for k in data if k != e])) for e in data}
        for label, models in (("leave one event out", held_out),
                              ("fitted on all 16", dict.fromkeys(data, model))):
            figs = claims_figures(stories, preps, models, args.threshold)
            print(f"claims, {label}: " + " ".join(f"{k} {v:.3f}" for k, v in figs.items()))
    intercept = model[3]
    weights = {
        "features": features_json(model),
        "model": "logistic regression on standardised features",
        "conflict_features": [f for f in FACT_FEATURES
                              if f.removeprefix("shorter_") in CONFLICT_FEATURES],
        "intercept": round(intercept, 6),
        "threshold": args.threshold,
        "how_made": {
            "script": "tools/fit_factscore.py",
            "data": "bench/data/facts-ecb-dev (16 ECB+ dev events), candidate unit pairs",
            "pairs": int(len(y_all)), "one_fact": int(y_all.sum()), "l2": L2,
            "threshold": "chosen on claims by tools/fit_alignment.py (recall, one claim per "
                         f"fact, precision >= 0.8); pairs' best F1 at {best:.2f}",
            "held_out": dict(zip(("precision", "recall", "f1"),
                                 (round(v, 4) for v in prf(p_all >= args.threshold, y_all)),
                                 strict=True)),
            "date": dt.date.today().isoformat(),
        },
    }
    if not args.dry_run:
        WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
