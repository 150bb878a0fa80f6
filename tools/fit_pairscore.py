"""Fit the pair scorer's logistic regression on MRPC train; write its weights with how they
were made (``src/storyweave/weaving/align/pairscore-weights.json``).

Features come from the runtime code (``storyweave.weaving.align.pairscore``), so what is fitted is
what runs. The decision threshold is chosen on out-of-fold predictions of train (repeated
stratified 5-fold cross-validation), never on dev: dev is ``bench/align_mrpc.py``'s check.
The decision it is fitted for is the benchmark's: a pair is a paraphrase when it is one claim
(``same_fact >= threshold``) and no value conflict was recorded on it.

scikit-learn is needed here only (``pip install scikit-learn==1.9.1``); the runtime applies
the written coefficients with numpy.

    .bench-venv/bin/python tools/fit_pairscore.py        # fit, print CV figures, write weights
                                                         # (make bench-env installs scikit-learn)
    .bench-venv/bin/python tools/fit_pairscore.py --dry-run  # fit and print, write nothing
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MRPC = Path(__file__).resolve().parents[2] / "shared" / "data" / "paraphrase" / "mrpc"
TRAIN = MRPC / "msr_paraphrase_train.txt"
WEIGHTS = ROOT / "src" / "storyweave" / "weaving" / "align" / "pairscore-weights.json"
sys.path.insert(0, str(ROOT / "bench"))  # the MRPC reader is shared with bench/align_mrpc.py
from mrpc_common import Pair, read_mrpc  # noqa: E402

FOLDS, REPEATS = 5, 5
C = 1.0  # L2 strength; 0.1-3 gave the same CV accuracy within 0.002
THRESHOLDS = np.round(np.arange(0.30, 0.80, 0.01), 2)


def pair_features(pairs: list[Pair]) -> np.ndarray:
    from storyweave.nlp.pairfeatures import build_sides
    from storyweave.weaving.align.pairscore import features

    texts = sorted({s for _, a, b in pairs for s in (a, b)})
    sides = dict(zip(texts, build_sides(texts), strict=True))
    return np.array([features(sides[a], sides[b]) for _, a, b in pairs])


def _model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000))


def out_of_fold(x: np.ndarray, y: np.ndarray, conflict: list[int]) -> tuple[np.ndarray, ...]:
    """Out-of-fold (same_fact, paraphrase) probabilities, averaged over the repeats."""
    from sklearn.model_selection import StratifiedKFold

    same, para = np.zeros(len(y)), np.zeros(len(y))
    for seed in range(REPEATS):
        for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
            model = _model().fit(x[tr], y[tr])
            neutral = x[te].copy()
            neutral[:, conflict] = 0.0
            same[te] += model.predict_proba(neutral)[:, 1] / REPEATS
            para[te] += model.predict_proba(x[te])[:, 1] / REPEATS
    return same, para


def figures(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(pred & (y == 1)))
    precision = tp / max(int(pred.sum()), 1)
    recall = tp / max(int(y.sum()), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"accuracy": round(float(np.mean(pred == (y == 1))), 4),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _dump(weights: dict) -> str:
    """JSON with one line per feature, so the file reads as a table."""
    rows = ",\n  ".join(json.dumps(f) for f in weights["features"])
    rest = json.dumps({k: v for k, v in weights.items() if k != "features"}, indent=1)
    return '{\n "features": [\n  ' + rows + '\n ],\n ' + rest[3:] + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", type=Path, default=TRAIN)
    p.add_argument("--out", type=Path, default=WEIGHTS)
    p.add_argument("--dry-run", action="store_true")
    args = p.parse_args()
    import sklearn

    from storyweave.weaving.align.pairscore import CONFLICT_FEATURES, FEATURES

    pairs = read_mrpc(args.train)
    y = np.array([label for label, _, _ in pairs])
    t0 = time.perf_counter()
    x = pair_features(pairs)
    print(f"{len(pairs)} train pairs, {len(FEATURES)} features in "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)

    conflict = [FEATURES.index(n) for n in CONFLICT_FEATURES]
    has_conflict = x[:, conflict].sum(axis=1) > 0
    same, para = out_of_fold(x, y, conflict)
    accuracy = [figures((same >= t) & ~has_conflict, y)["accuracy"] for t in THRESHOLDS]
    threshold = float(THRESHOLDS[int(np.argmax(accuracy))])
    cv = {"decision": figures((same >= threshold) & ~has_conflict, y),
          "paraphrase_probability_at_0.5": figures(para >= 0.5, y)}

    model = _model().fit(x, y)
    scaler, lr = model[0], model[-1]
    coef = lr.coef_[0]
    print(f"\nCV ({REPEATS} x {FOLDS}-fold on train), threshold {threshold:.2f}:")
    for name, fig in cv.items():
        print(f"  {name:32s} " + "  ".join(f"{k} {v:.3f}" for k, v in fig.items()))
    print("\nfeature               coefficient (per standard deviation)   mean    sd")
    for name, c, m, s in zip(FEATURES, coef, scaler.mean_, scaler.scale_, strict=True):
        print(f"  {name:20s} {c:+.3f}                                 {m:7.3f} {s:6.3f}")
    print(f"  {'(intercept)':20s} {lr.intercept_[0]:+.3f}")

    weights = {
        "model": "logistic regression on standardised features",
        # One row per feature: logit = sum(coef * (value - mean) / scale) + intercept.
        "features": [{"name": name, "coef": round(float(c), 6), "mean": round(float(m), 6),
                      "scale": round(float(s), 6)}
                     for name, c, m, s in zip(FEATURES, coef, scaler.mean_, scaler.scale_,
                                              strict=True)],
        "conflict_features": list(CONFLICT_FEATURES),
        "intercept": round(float(lr.intercept_[0]), 6),
        "threshold": threshold,
        "how_made": {
            "script": "tools/fit_pairscore.py",
            "data": f"MRPC train ({args.train.name}, {len(pairs)} pairs, "
                    f"{float(y.mean()):.3f} paraphrases)",
            "model": f"scikit-learn {sklearn.__version__} LogisticRegression(C={C}, L2, "
                     "lbfgs) after StandardScaler",
            "threshold": f"maximises out-of-fold accuracy of 'same_fact >= t and no "
                         f"conflict' over t in {THRESHOLDS[0]}..{THRESHOLDS[-1]}",
            "cross_validation": f"{REPEATS} x stratified {FOLDS}-fold, seeds 0-{REPEATS - 1}, "
                                "out-of-fold probabilities averaged over repeats",
            "cv": cv,
            "date": dt.date.today().isoformat(),
        },
    }
    if args.dry_run:
        return
    args.out.write_text(_dump(weights), encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
