"""Scorer for the article-body extraction benchmark (Scrapinghub metric).

The metric, as ``shared/data/extraction/scrapinghub/README.md`` defines it:

* tokens are the runs of Unicode word characters (``\\w+``), case kept;
* a text gives its overlapping 4-token shingles, compared as multisets; a text with fewer
  than 4 tokens gives one shingle made of all its tokens, an empty text gives none;
* per page, TP/FP/FN are divided by TP+FP+FN so every page weighs the same;
* precision is the mean per-page precision over pages whose prediction has a shingle, recall
  the mean per-page recall over pages whose truth has a shingle, F1 the harmonic mean of
  those two means (not the mean of per-page F1);
* accuracy is the share of pages whose predicted token list equals the true one;
* each ``*_std`` is the standard deviation over bootstrap resamples of the pages.

Run ``python bench/extract_common.py`` for the self-check (it prints ``self-check ok``).
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TpFpFn = tuple[float, float, float]

SHINGLE_SIZE = 4
_TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str | None) -> list[str]:
    """Word tokens of ``text``: every ``\\w+`` run, case kept, punctuation dropped."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping ``n``-token shingles (one short shingle for < n tokens)."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def score(pred_text: str | None, true_text: str | None, n: int = SHINGLE_SIZE) -> TpFpFn:
    """Normalised ``(tp, fp, fn)`` of one page: shingle multiset overlap over TP+FP+FN.

    All three are 0 only when both texts are empty.
    """
    pred = shingles(pred_text, n)
    true = shingles(true_text, n)
    tp = float(sum((pred & true).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def page_precision(tp: float, fp: float, fn: float) -> float:
    """Per-page precision; 1 when nothing is wrong (FP = FN = 0)."""
    if fp == 0 and fn == 0:
        return 1.0
    if tp + fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp: float, fp: float, fn: float) -> float:
    """Per-page recall; 1 when nothing is wrong (FP = FN = 0)."""
    if fp == 0 and fn == 0:
        return 1.0
    if tp + fn == 0:
        return 0.0
    return tp / (tp + fn)


def exact_match(pred_text: str | None, true_text: str | None) -> bool:
    """True when the two texts have the same token list (the benchmark's accuracy)."""
    return tokenize(pred_text) == tokenize(true_text)


def aggregate(tp_fp_fns: Sequence[TpFpFn]) -> dict[str, float]:
    """Macro precision and recall over pages and F1 = their harmonic mean.

    Precision averages the pages with a predicted shingle (TP+FP > 0), recall the pages with a
    true shingle (TP+FN > 0). An empty average counts as 0 (the reference script would crash).
    """
    precisions = [page_precision(*t) for t in tp_fp_fns if t[0] + t[1] > 0]
    recalls = [page_recall(*t) for t in tp_fp_fns if t[0] + t[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


@dataclass
class Evaluation:
    """Scores of one system: point values, bootstrap std, and each page's (tp, fp, fn)."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    std: dict[str, float]
    per_page: dict[str, TpFpFn] = field(default_factory=dict)
    exact: dict[str, bool] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        """Flat dict: ``f1``, ``f1_std``, ``precision``, ``precision_std``, ... ."""
        out: dict[str, float] = {}
        for key in ("f1", "precision", "recall", "accuracy"):
            out[key] = getattr(self, key)
            out[f"{key}_std"] = self.std.get(key, 0.0)
        return out


def bootstrap_std(
    tp_fp_fns: Sequence[TpFpFn],
    exact: Sequence[bool],
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> dict[str, float]:
    """Std of F1, precision, recall and accuracy over ``n_bootstrap`` resamples of pages.

    Seeded, so the same per-page scores always give the same stds.
    """
    n = len(tp_fp_fns)
    if n == 0 or n_bootstrap < 2:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0, "accuracy": 0.0}
    rng = random.Random(seed)
    values: dict[str, list[float]] = {"f1": [], "precision": [], "recall": [], "accuracy": []}
    for _ in range(n_bootstrap):
        idx = [rng.randrange(n) for _ in range(n)]
        for key, value in aggregate([tp_fp_fns[i] for i in idx]).items():
            values[key].append(value)
        values["accuracy"].append(sum(exact[i] for i in idx) / n)
    return {key: statistics.stdev(vals) for key, vals in values.items()}


def evaluate(
    predictions: Mapping[str, str | None],
    truths: Mapping[str, str],
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> Evaluation:
    """Score ``predictions`` (page id -> text; a missing id counts as empty) against truths."""
    ids = sorted(truths)
    per_page = {i: score(predictions.get(i), truths[i]) for i in ids}
    exact = {i: exact_match(predictions.get(i), truths[i]) for i in ids}
    point = aggregate([per_page[i] for i in ids])
    accuracy = sum(exact.values()) / len(ids) if ids else 0.0
    std = bootstrap_std([per_page[i] for i in ids], [exact[i] for i in ids], n_bootstrap, seed)
    return Evaluation(point["f1"], point["precision"], point["recall"], accuracy, std,
                      per_page, exact)


def self_check() -> None:
    """Tiny known-answer checks of the scorer; raises AssertionError on a mismatch."""
    text = "The quick brown fox jumps over the lazy dog."
    assert score(text, text) == (1.0, 0.0, 0.0)
    assert score("", "") == (0.0, 0.0, 0.0)
    assert score("", text) == (0.0, 0.0, 1.0)
    assert score(text, "") == (0.0, 1.0, 0.0)
    # Punctuation and spacing do not matter; case does.
    assert score("Hello, world!  Foo -- bar.", "Hello world\nFoo bar") == (1.0, 0.0, 0.0)
    assert score("hello world foo bar", "Hello world foo bar") == (0.0, 0.5, 0.5)
    # Fewer than 4 tokens: one shingle of all of them.
    assert shingles("a b c") == Counter([("a", "b", "c")])
    # Multisets: the repeated shingle counts twice in the truth.
    assert score("x y z w", "x y z w x y z w") == (0.2, 0.0, 0.8)
    assert exact_match("A, b; c.", "A b c") and not exact_match("A b", "A b c")

    ev = evaluate({"p1": text, "p2": text}, {"p1": text, "p2": text}, n_bootstrap=50)
    assert (ev.f1, ev.precision, ev.recall, ev.accuracy) == (1.0, 1.0, 1.0, 1.0)
    assert ev.std == {"f1": 0.0, "precision": 0.0, "recall": 0.0, "accuracy": 0.0}
    # An empty prediction is left out of precision but counts as 0 recall.
    ev = evaluate({"p1": text, "p2": text}, {"p1": text, "p2": text, "p3": text},
                  n_bootstrap=50)
    assert ev.precision == 1.0 and abs(ev.recall - 2 / 3) < 1e-12
    assert abs(ev.f1 - 0.8) < 1e-12 and abs(ev.accuracy - 2 / 3) < 1e-12
    assert ev.std["recall"] > 0.0


if __name__ == "__main__":
    self_check()
    print("self-check ok")
