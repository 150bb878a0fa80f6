"""Fit ``weaving.summary.REDUNDANT`` (the cosine above which a candidate summary sentence
repeats one already picked) on Multi-News validation ROUGE.

The selection weights were grid-searched on clusters 1000 to 1199 of the validation split
(``weaving.summary``); the threshold is fitted on the same clusters, so the first 1000, which
bench/summary_rouge.py reports on, stay unseen by the fit.

    .bench-venv/bin/python tools/fit_redundancy.py                 # table on stdout
    .bench-venv/bin/python tools/fit_redundancy.py --values 0.7,0.8 --first 1000 --count 200
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from summary_common import load_clusters, run_system  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--values", default="0.6,0.65,0.7,0.75,0.8,0.9,1.01",
                   help="REDUNDANT values to try (above 1: no sentence is too alike)")
    p.add_argument("--first", type=int, default=1000)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--words", type=int, default=300)
    args = p.parse_args()
    import storyweave.weaving.summary as summary
    from storyweave import summarize

    clusters = load_clusters(limit=args.first + args.count)[args.first:]
    print(f"Multi-News validation clusters {args.first}..{args.first + len(clusters) - 1}")
    print(f"{'REDUNDANT':>9} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'s':>6} {'failed':>6}")
    for value in (float(v) for v in args.values.split(",")):
        summary.REDUNDANT = value
        r = run_system("storyweave", lambda c: summarize(list(c.documents), words=args.words),
                       clusters, args.words, progress_every=0)
        print(f"{value:9.2f} {r.rouge1:7.2f} {r.rouge2:7.2f} {r.rougeL:7.2f} {r.seconds:6.0f} "
              f"{r.failures:6d}", flush=True)
        if r.failures:  # a failed cluster scores as an empty summary: the row means nothing
            print(f"          {r.notes}", flush=True)


if __name__ == "__main__":
    main()
