"""The same-fact decision on SuperPAL dev: spans of different documents that crowd workers
aligned to one proposition of a Multi-News summary state one fact, usually in other words and
inside a sentence with other details of its own.

Data: ``../shared/data/paraphrase/superpal/dev_MN_only.csv`` (4 topics; see its README).
Pairs: two rows of one topic from different documents. One fact when both rows align to the
same summary span (same ``summarySpanOffsets``: 132 pairs); two facts when their summary spans
do not overlap at all; pairs whose summary spans overlap without being equal are left out
(one proposition contains part of the other).

Decisions compared, side by side in one run:
    fact units, 2.1      the dossier's join rule since schema 2.1 (``grouping.joins`` with the
                         fact scorer) on each document span: its sentence's scorer side
                         restricted to the span's words, as ``align.units`` restricts a fact
    sentences, 2.0       the rule before (MRPC-fitted pair scorer: ``same_fact >= 0.49`` or
                         ``covers >= 0.8``) on the whole sentences that hold the spans: what
                         the dossier compared before fact units
    spans, MRPC scorer   the 2.0 rule on the restricted spans (fact units, old decision)
    MiniLM cosine        of the spans' vectors, at the threshold with the best F1 here (an
                         upper bound for one cosine cut: it is fitted on the data it reports)

    .venv/bin/python bench/facts_superpal.py       # table on stdout, results/facts_superpal.json
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "paraphrase" / "superpal" / "dev_MN_only.csv"
RESULTS = ROOT / "bench" / "results" / "facts_superpal.json"


def _ranges(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split(",") for p in text.split(";") if p.strip())]


def pairs(rows: list[dict]) -> list[tuple[int, int, bool]]:
    out = []
    for i, x in enumerate(rows):
        for j in range(i + 1, len(rows)):
            y = rows[j]
            if x["topic"] != y["topic"] or x["documentFile"] == y["documentFile"]:
                continue
            sx, sy = _ranges(x["summarySpanOffsets"]), _ranges(y["summarySpanOffsets"])
            if sx == sy:
                out.append((i, j, True))
            elif not any(min(b, d) > max(a, c) for a, b in sx for c, d in sy):
                out.append((i, j, False))
    return out


def prf(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = float(np.sum(pred & y))
    p, r = tp / max(float(pred.sum()), 1), tp / max(float(y.sum()), 1)
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / max(p + r, 1e-12), 3)}


def main() -> int:
    from storyweave.nlp.pairfeatures import build_sides, restrict
    from storyweave.weaving.align.grouping import COVERS, joins
    from storyweave.weaving.align.pairscore import fact_scorer, scorer

    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    labelled = pairs(rows)
    t0 = time.perf_counter()
    sentences = sorted({r["docSentText"] for r in rows})
    side_of = dict(zip(sentences, build_sides(sentences), strict=True))
    spans = []
    for r in rows:
        base = int(r["docSentCharIdx"])
        parts = [(a - base, b - base) for a, b in _ranges(r["docSpanOffsets"])]
        spans.append(restrict(side_of[r["docSentText"]], parts))
    facts, mrpc = fact_scorer(), scorer()
    y = np.array([one for _, _, one in labelled])
    fact_pred, sent_pred, span_pred, cos = [], [], [], []
    for i, j, _ in labelled:
        fact_pred.append(joins(facts.score(spans[i], spans[j]), facts.threshold))
        whole = mrpc.score(side_of[rows[i]["docSentText"]], side_of[rows[j]["docSentText"]])
        sent_pred.append(whole.same_fact >= mrpc.threshold or whole.covers >= COVERS)
        part = mrpc.score(spans[i], spans[j])
        span_pred.append(part.same_fact >= mrpc.threshold or part.covers >= COVERS)
        cos.append(float(spans[i].vector @ spans[j].vector))
    seconds = time.perf_counter() - t0
    cos_a = np.array(cos)
    cut = max(np.unique(cos_a), key=lambda t: prf(cos_a >= t, y)["f1"])
    table = {
        "fact units, 2.1": prf(np.array(fact_pred), y),
        "sentences, 2.0": prf(np.array(sent_pred), y),
        "spans, MRPC scorer": prf(np.array(span_pred), y),
        f"MiniLM cosine >= {cut:.3f} (best F1 here)": prf(cos_a >= cut, y),
    }
    print(f"SuperPAL dev: {len(labelled)} cross-document pairs, {int(y.sum())} one fact; "
          f"{seconds:.1f} s")
    print("decision".ljust(40), "precision  recall      F1")
    for name, f in table.items():
        print(name.ljust(40), f"{f['precision']:9.3f} {f['recall']:7.3f} {f['f1']:7.3f}")
    RESULTS.write_text(json.dumps({"pairs": len(labelled), "one_fact": int(y.sum()),
                                   "table": table, "seconds": round(seconds, 1),
                                   "date": time.strftime("%Y-%m-%d")}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
