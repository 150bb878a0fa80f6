"""Same fact or not on MRPC dev: the pair scorer against one cosine threshold, a lexical
overlap threshold and calling every pair a paraphrase.

A pair counts as a paraphrase for the scorer when it is one claim (``same_fact`` at or above
the threshold fitted on train) and no value conflict was recorded on it (a claim with
conflicting numbers is one claim in the dossier, but not a paraphrase). The baselines'
thresholds are fitted here, on MRPC train, for best train accuracy; the scorer's weights and
threshold come from ``tools/fit_pairscore.py`` (train, cross-validated). Dev is only read to
report. Pairs/s runs from raw sentences (spaCy, MiniLM, features) with the models already
loaded; MRPC has about two sentences per pair, so this is close to the per-sentence cost.

    .venv/bin/python bench/align_mrpc.py    # table on stdout, bench/results/align_mrpc.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from mrpc_common import Pair, read_mrpc

ROOT = Path(__file__).resolve().parents[1]
MRPC = ROOT.parent / "shared" / "data" / "paraphrase" / "mrpc"
RESULTS = ROOT / "bench" / "results" / "align_mrpc.json"

# The lexical baseline: the pipeline's middle-band rule (weaving/align/units.py) without its entity
# masking: content words of 4+ letters, cut to 5-letter stems, a short stoplist, and the
# share of the smaller set found in the other.
_WORD = re.compile(r"[a-z][a-z'’-]{3,}")
_STOP = frozenset("""that this with from have been will would their there they were which what
when where while about after before also than then them these those into over such only other
some more most very just said says told according could should being does did during since
until because against between under again further once here both each many much""".split())


def labels(pairs: list[Pair]) -> np.ndarray:
    return np.array([q == 1 for q, _, _ in pairs])


def figures(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(pred & y))
    precision = tp / max(int(pred.sum()), 1)
    recall = tp / max(int(y.sum()), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"accuracy": round(float(np.mean(pred == y)), 4), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The cut (midway between two observed scores) with the best accuracy of
    ``scores >= cut``."""
    order = np.argsort(scores)
    s, lab = scores[order], y[order]
    # Cutting before position i: the i lowest are called negative.
    correct = np.concatenate([[0], np.cumsum(~lab)]) + np.concatenate(
        [np.cumsum(lab[::-1])[::-1], [0]])
    cuts = np.concatenate([[s[0] - 1e-6], (s[:-1] + s[1:]) / 2, [s[-1] + 1e-6]])
    valid = np.concatenate([[True], s[1:] > s[:-1], [True]])
    i = int(np.argmax(np.where(valid, correct, -1)))
    return float(cuts[i])


def stems(text: str) -> frozenset[str]:
    return frozenset(w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP)


def lexical_scores(pairs: list[Pair]) -> np.ndarray:
    out = []
    for _, a, b in pairs:
        sa, sb = stems(a), stems(b)
        out.append(len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0)
    return np.array(out)


def cosine_scores(pairs: list[Pair]) -> np.ndarray:
    from storyweave.nlp.models import embedder

    texts = sorted({s for _, a, b in pairs for s in (a, b)})
    vectors = dict(zip(texts, embedder().encode(texts), strict=True))
    return np.array([float(vectors[a] @ vectors[b]) for _, a, b in pairs])


from storyweave.weaving.align.grouping import COVERS, joins  # noqa: E402


def scorer_outputs(pairs: list[Pair]) -> dict[str, np.ndarray | float]:
    """same_fact, paraphrase and has-conflict per pair, and the seconds of each stage."""
    from storyweave.nlp.pairfeatures import build_sides
    from storyweave.weaving.align.pairscore import fact_scorer, scorer

    model = scorer()
    t0 = time.perf_counter()
    texts = sorted({s for _, a, b in pairs for s in (a, b)})
    sides = dict(zip(texts, build_sides(texts), strict=True))
    t1 = time.perf_counter()
    scores = [model.score(sides[a], sides[b]) for _, a, b in pairs]
    t2 = time.perf_counter()
    # As the dossier decides for fact units since 2.1: the fact scorer, the MRPC scorer's
    # veto and join (grouping.joins); a pair alone has no story, so no story features.
    facts = fact_scorer()
    fact_joins = np.array([joins(facts.score(sides[a], sides[b]), facts.threshold)
                           for _, a, b in pairs])
    return {"same_fact": np.array([x.same_fact for x in scores]),
            "paraphrase": np.array([x.paraphrase for x in scores]),
            "covers": np.array([x.covers for x in scores]),
            "conflict": np.array([bool(x.conflicts) for x in scores]),
            "fact_joins": fact_joins,
            "sides_s": t1 - t0, "scoring_s": t2 - t1, "threshold": model.threshold,
            "how_made": model.how_made}


def timed(fn: Callable[[list[Pair]], np.ndarray], pairs: list[Pair]) -> tuple[np.ndarray, float]:
    t0 = time.perf_counter()
    out = fn(pairs)
    return out, time.perf_counter() - t0


def load_models() -> float:
    from storyweave.nlp.models import embedder, spacy_nlp
    from storyweave.weaving.align.pairscore import scorer

    t0 = time.perf_counter()
    spacy_nlp(), embedder(), scorer()
    return time.perf_counter() - t0


def run(train: list[Pair], dev: list[Pair]) -> dict:
    load_s = load_models()
    y_train, y_dev = labels(train), labels(dev)
    cos_cut = best_threshold(cosine_scores(train), y_train)
    lex_cut = best_threshold(lexical_scores(train), y_train)

    s = scorer_outputs(dev)
    scorer_s = s["sides_s"] + s["scoring_s"]
    cos_dev, cos_s = timed(cosine_scores, dev)
    lex_dev, lex_s = timed(lexical_scores, dev)
    n = len(dev)
    rows = {
        "storyweave pair scorer": (
            (s["same_fact"] >= s["threshold"]) & ~s["conflict"], n / scorer_s),
        # What puts two passages in one claim (weaving.align.joins): a paraphrase, or the
        # longer stating all the shorter says. MRPC calls the latter no paraphrase, so this
        # row shows what the dossier's broader "same fact" costs on MRPC's labels.
        "dossier join rule 2.0 (same_fact or covers), no conflict": (
            ((s["same_fact"] >= s["threshold"]) | (s["covers"] >= COVERS)) & ~s["conflict"],
            n / scorer_s),
        # The dossier's rule since schema 2.1 (fact units, fitted on real stories' shared
        # facts): what it costs or gains on MRPC's sentence-level labels.
        "dossier join rule 2.1 (fact scorer), no conflict": (
            s["fact_joins"] & ~s["conflict"], n / scorer_s),
        "pair scorer, paraphrase prob. >= 0.5 (no veto)": (s["paraphrase"] >= 0.5,
                                                             n / scorer_s),
        "one MiniLM cosine threshold": (cos_dev >= cos_cut, n / cos_s),
        "lexical overlap threshold": (lex_dev >= lex_cut, n / lex_s),
        "all paraphrase": (np.ones(n, dtype=bool), None),
    }
    table = [{"system": name, **figures(pred, y_dev),
              "pairs_per_s": round(rate, 1) if rate else None}
             for name, (pred, rate) in rows.items()]
    conflicted = s["conflict"]
    return {
        "data": {"train": "MRPC msr_paraphrase_train.txt", "train_pairs": len(train),
                 "dev": "MRPC msr_paraphrase_dev.txt", "dev_pairs": n,
                 "dev_paraphrase_share": round(float(y_dev.mean()), 4)},
        "table": table,
        "thresholds": {"scorer_same_fact": s["threshold"], "cosine": round(cos_cut, 4),
                       "lexical_overlap": round(lex_cut, 4)},
        "scorer_train_cv": s["how_made"].get("cv"),
        "dev_pairs_with_conflict": int(conflicted.sum()),
        "dev_conflict_pairs_labelled_paraphrase": int((conflicted & y_dev).sum()),
        "seconds": {"load_models": round(load_s, 2), "scorer_sides": round(s["sides_s"], 2),
                    "scorer_features": round(s["scoring_s"], 2),
                    "scorer_scoring_only_pairs_per_s": round(n / s["scoring_s"], 1)},
        # Other work on the machine slows every row alike; the load says how busy it was.
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
    }


def print_table(result: dict) -> None:
    print(f"MRPC dev, {result['data']['dev_pairs']} pairs "
          f"({result['data']['dev_paraphrase_share']:.1%} paraphrases); thresholds fitted on "
          f"train: {result['thresholds']}")
    print(f"\n| {'system':50s} | accuracy | precision | recall |    F1 | pairs/s |")
    print(f"|{'-' * 52}|----------|-----------|--------|-------|---------|")
    for r in result["table"]:
        rate = f"{r['pairs_per_s']:7.1f}" if r["pairs_per_s"] else "      -"
        print(f"| {r['system']:50s} |    {r['accuracy']:.3f} |     {r['precision']:.3f} | "
              f" {r['recall']:.3f} | {r['f1']:.3f} | {rate} |")
    print(f"\nscorer train CV: {result['scorer_train_cv']}")
    print(f"dev pairs with a recorded conflict: {result['dev_pairs_with_conflict']} "
          f"({result['dev_conflict_pairs_labelled_paraphrase']} of them labelled paraphrase)")
    print(f"seconds: {result['seconds']}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mrpc", type=Path, default=MRPC)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args()
    train = read_mrpc(args.mrpc / "msr_paraphrase_train.txt")
    dev = read_mrpc(args.mrpc / "msr_paraphrase_dev.txt")
    result = run(train, dev)
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
