"""Fit ``weaving.align.COVERS`` (when a longer passage that states all a shorter one says
joins its claim) on Multi-News validation ROUGE.

MRPC cannot set it: it labels "same statement plus a detail" as no paraphrase. The summary
can: it picks the best-corroborated claims, so a cut that joins too little (outlets that
repeat a fact with a detail count as separate) or too much (different facts pooled) shows up
in its ROUGE. Clusters 1000 to 1399 of the validation split are used, so the first 1000, which
bench/summary_rouge.py reports on, stay unseen by the fit.

    .bench-venv/bin/python tools/fit_covers.py                  # table on stdout
    .bench-venv/bin/python tools/fit_covers.py --values 0.7,0.8 --first 1000 --count 400
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from summary_common import load_clusters, run_system  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--values", default="0.7,0.75,0.8,0.85,0.9,1.01",
                   help="COVERS values to try (above 1: never join by covers)")
    p.add_argument("--first", type=int, default=1000)
    p.add_argument("--count", type=int, default=400)
    p.add_argument("--words", type=int, default=300)
    args = p.parse_args()
    import storyweave.weaving.align.grouping as align
    from storyweave import summarize

    clusters = load_clusters(limit=args.first + args.count)[args.first:]
    print(f"Multi-News validation clusters {args.first}..{args.first + len(clusters) - 1}")
    print(f"{'COVERS':>7} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'s':>6} {'failed':>6}")
    for value in (float(v) for v in args.values.split(",")):
        align.COVERS = value
        r = run_system("storyweave", lambda c: summarize(list(c.documents), words=args.words),
                       clusters, args.words, progress_every=0)
        print(f"{value:7.2f} {r.rouge1:7.2f} {r.rouge2:7.2f} {r.rougeL:7.2f} {r.seconds:6.0f} "
              f"{r.failures:6d}", flush=True)
        if r.failures:  # a failed cluster scores as an empty summary: the row means nothing
            print(f"        {r.notes}", flush=True)


if __name__ == "__main__":
    main()
