"""Fit ``weaving.voices.quote_groups.TRANSLATION_COVERS`` and ``TRANSLATION_WORDS``: when two
quotes of one speaker that the pair scorer does not call paraphrases are still one statement
(a truncated quote, or a translation).

MRPC train stands in for quotes of one speaker, as ``fit_quote_floor.py`` does:
- one statement: each paraphrase pair (two renderings of one statement) and, for each, a run
  of 2 to 8 words of sentence 1 against sentence 2 (a partial quote and the whole);
- two statements: each non-paraphrase pair (same topic, other content: what one speaker says
  next), and the same runs against another pair's sentence 2.

For each setting of the grid, the rule ``one_statement`` (same_fact at the pair scorer's
threshold, else covers >= c and a share >= w of the shorter's content words in the longer)
is scored by precision and recall of "one statement"; the setting kept is the best F1 among
those with precision >= ``--precision`` (to three places; a tie goes to the more precise).
MRPC has no short quote of a speaker beside a long one on the same subject, the case the
share of words is for (ECB+ dev: "Mo is family", covered 0.93 by a long quote on how Mo
plays): ``--words 0.6`` fixes that share, read off those pairs, and fits the covers level.

    .venv/bin/python tools/fit_quote_join.py                 # MRPC train, first 1,500 pairs
    .venv/bin/python tools/fit_quote_join.py --words 0.6     # TRANSLATION_COVERS
    .venv/bin/python tools/fit_quote_join.py --check 0.75,0.6 \\
        --mrpc ../shared/data/paraphrase/mrpc/msr_paraphrase_dev.txt   # the check on dev
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from fit_quote_floor import MRPC, runs  # noqa: E402
from mrpc_common import read_mrpc  # noqa: E402

COVERS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
WORDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--limit", type=int, default=1500, help="MRPC pairs read")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--precision", type=float, default=0.8,
                   help="lowest precision of 'one statement' a setting may have")
    p.add_argument("--mrpc", type=Path, default=MRPC)
    p.add_argument("--check", help="c,w: only this setting (for the check on dev)")
    p.add_argument("--words", type=float,
                   help="fix the share of content words and fit the covers level alone")
    args = p.parse_args()
    from storyweave.nlp.pairfeatures import build_sides
    from storyweave.weaving.align.pairscore import scorer
    from storyweave.weaving.voices.quote_groups import one_statement

    pairs = read_mrpc(args.mrpc)[:args.limit]
    cut = runs(pairs, args.seed)
    # each run is (its carrier sentence, where the partial quote lies in it, the statement,
    # an unrelated statement): the partial quote alone is what a quote span holds
    left = [a for _, a, _ in pairs] + [c[i:j] for c, (i, j), _, _ in cut] * 2
    right = [b for _, _, b in pairs] + [s for _, _, s, _ in cut] + [o for _, _, _, o in cut]
    truth = np.array([label == 1 for label, _, _ in pairs] + [True] * len(cut)
                     + [False] * len(cut))
    sides_l, sides_r = build_sides(left), build_sides(right)
    judge = scorer()
    scores = [judge.score(a, b) for a, b in zip(sides_l, sides_r, strict=True)]
    print(f"{args.mrpc.name}, first {len(pairs)} pairs: {truth.sum()} one statement "
          f"({sum(label == 1 for label, _, _ in pairs)} paraphrases, {len(cut)} partial "
          f"quotes), {(~truth).sum()} two")
    grid = ([tuple(float(x) for x in args.check.split(","))] if args.check
            else [(c, w) for c in COVERS
                  for w in ((args.words,) if args.words is not None else WORDS)])
    print(f"{'covers':>7} {'words':>6} {'precision':>10} {'recall':>7} {'F1':>6}")
    best = None
    for c, w in grid:
        said = np.array([one_statement(s, judge.threshold, a, b, covers=c, words=w)
                         for s, a, b in zip(scores, sides_l, sides_r, strict=True)])
        tp = float((said & truth).sum())
        prec, rec = tp / max(1, said.sum()), tp / truth.sum()
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        print(f"{c:>7.2f} {w:>6.2f} {prec:>10.3f} {rec:>7.3f} {f1:>6.3f}")
        # F1 to three places, ties to the more precise setting
        if prec >= args.precision and (best is None or (round(f1, 3), prec) > best[:2]):
            best = (round(f1, 3), prec, c, w)
    if best is not None:
        print(f"best F1 with precision >= {args.precision} (ties: the more precise): covers "
              f"{best[2]}, words {best[3]} (F1 {best[0]:.3f}, precision {best[1]:.3f})")


if __name__ == "__main__":
    main()
