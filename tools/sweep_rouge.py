"""Sweep one constant of the weave against Multi-News validation ROUGE: the summary's
(storyweave.summarize, 300 words by default) at each value tried.

Constants (``--constant``):
    COVERS      weaving.align.grouping.COVERS: when a longer passage that states all a shorter
                one says joins its claim. MRPC cannot set it (it labels "same statement plus a
                detail" as no paraphrase); the summary can: it picks the best-corroborated
                claims, so a cut that joins too little or too much shows in its ROUGE.
                Default values 0.7 ... 0.9 and 1.01 (above 1: never join by covers).
    REDUNDANT   weaving.summary.REDUNDANT: the cosine above which a candidate summary sentence
                repeats one already picked. Default values 0.6 ... 0.9 and 1.01 (never).
    SUMMARY_REPEAT  weaving.summary.SUMMARY_REPEAT: the same-fact probability at which two
                printed statements tell one fact (summary.repeat_check). Default values 0.4,
                0.5, 0.6 and 1.01 (never).

The clusters default to 1000-1199 of the validation split (where the summary's weights were
fitted), so the first 1000, which bench/summary_rouge.py reports on, stay unseen.

    .bench-venv/bin/python tools/sweep_rouge.py --constant REDUNDANT
    .bench-venv/bin/python tools/sweep_rouge.py --constant COVERS --count 400
    .bench-venv/bin/python tools/sweep_rouge.py --constant COVERS --values 0.7,0.8
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from summary_common import load_clusters, run_system  # noqa: E402

# constant -> (the module that holds it, the values tried by default)
CONSTANTS = {
    "COVERS": ("storyweave.weaving.align.grouping", "0.7,0.75,0.8,0.85,0.9,1.01"),
    "REDUNDANT": ("storyweave.weaving.summary", "0.6,0.65,0.7,0.75,0.8,0.9,1.01"),
    "SUMMARY_REPEAT": ("storyweave.weaving.summary", "0.4,0.5,0.6,1.01"),
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--constant", choices=sorted(CONSTANTS), required=True)
    p.add_argument("--values", help="values to try, comma-separated (default: the constant's)")
    p.add_argument("--first", type=int, default=1000)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--words", type=int, default=300)
    args = p.parse_args()
    where, defaults = CONSTANTS[args.constant]
    module = importlib.import_module(where)
    from storyweave import summarize

    clusters = load_clusters(limit=args.first + args.count)[args.first:]
    print(f"Multi-News validation clusters {args.first}..{args.first + len(clusters) - 1}")
    print(f"{args.constant:>9} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'s':>6} {'failed':>6}")
    for value in (float(v) for v in (args.values or defaults).split(",")):
        setattr(module, args.constant, value)
        r = run_system("storyweave", lambda c: summarize(list(c.documents), words=args.words),
                       clusters, args.words, progress_every=0)
        print(f"{value:9.2f} {r.rouge1:7.2f} {r.rouge2:7.2f} {r.rougeL:7.2f} {r.seconds:6.0f} "
              f"{r.failures:6d}", flush=True)
        if r.failures:  # a failed cluster scores as an empty summary: the row means nothing
            print(f"          {r.notes}", flush=True)


if __name__ == "__main__":
    main()
