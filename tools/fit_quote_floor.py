"""Fit ``weaving.voices.SAME_SPEAKER_FLOOR``: the lowest cosine at which two quotes of one
named speaker are scored at all.

A partial quote is a few words cut from a statement ("reaching new frontiers"); another
outlet reports the whole statement. Their cosine is low, yet the pair scorer's ``covers``
joins them. MRPC train simulates this: for each paraphrase pair, a run of 2 to 8 words of
sentence 1 (the partial quote) against sentence 2 (the other outlet's rendering). A quote is
read as its part of the sentence it stands in (``annotation.quote_features``): the run is
set in a reporter's sentence of its own (``CARRIER``: not in sentence 1, whose words around
it would tell the scorer the rest of the statement) and cut from that sentence's side. The floor
kept is the highest that still lets through ``--keep`` of the truncations the scorer joins.
Its cost is shown with unrelated pairs (the same runs against another pair's sentence 2:
another statement of the same speaker): how many become candidates, how many the scorer
would wrongly join.

    .venv/bin/python tools/fit_quote_floor.py              # MRPC train, first 1,500 pairs
    .venv/bin/python tools/fit_quote_floor.py \
        --mrpc ../shared/data/paraphrase/mrpc/msr_paraphrase_dev.txt     # the check on dev
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from mrpc_common import read_mrpc  # noqa: E402

MRPC = ROOT.parent / "shared" / "data" / "paraphrase" / "mrpc" / "msr_paraphrase_train.txt"
FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


CARRIER = 'The minister described it as "{}" on Monday.'


def runs(pairs: list[tuple[int, str, str]], seed: int,
         ) -> list[tuple[str, tuple[int, int], str, str]]:
    """(the reporter's sentence, where the partial quote lies in it, its statement as another
    outlet gives it, an unrelated statement)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    rng = random.Random(seed)
    positives = [(a, b) for label, a, b in pairs if label == 1]
    out = []
    for n, (a, b) in enumerate(positives):
        words = a.split()
        size = rng.randint(2, min(8, len(words)))
        start = rng.randint(0, len(words) - size)
        run = words[start:start + size]
        if sum(w.lower().strip(".,\"'") not in STOP_WORDS for w in run) < 2:
            continue  # a quote of function words alone is no quote
        other = positives[(n + 1 + rng.randrange(len(positives) - 1)) % len(positives)][1]
        text = " ".join(run).strip(".,;:\"'")
        at = CARRIER.index("{")
        out.append((CARRIER.format(text), (at, at + len(text)), b, other))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--limit", type=int, default=1500, help="MRPC train pairs read")
    p.add_argument("--keep", type=float, default=0.95,
                   help="share of joinable truncations the floor must let through")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--mrpc", type=Path, default=MRPC,
                   help="MRPC file (train fits; msr_paraphrase_dev.txt checks)")
    args = p.parse_args()
    from storyweave.nlp.pairfeatures import build_sides, excerpt
    from storyweave.weaving.align.pairscore import scorer
    from storyweave.weaving.voices.quote_groups import one_statement

    samples = runs(read_mrpc(args.mrpc)[:args.limit], args.seed)
    whole, where, same, other = (list(x) for x in zip(*samples, strict=True))
    # as annotation reads them: a quote is its part of its sentence's side (pieces in the
    # sentence's context, their lifted mean its vector); the other outlet's rendering a
    # whole quote of its own
    sq = [excerpt(side, a, b) for side, (a, b) in zip(build_sides(whole), where, strict=True)]
    ss = [excerpt(side, 0, len(side.text)) for side in build_sides(same)]
    so = [excerpt(side, 0, len(side.text)) for side in build_sides(other)]
    keep = [i for i, x in enumerate(sq) if x is not None]
    sq, ss, so = ([xs[i] for i in keep] for xs in (sq, ss, so))
    samples = [samples[i] for i in keep]
    cos_same = np.array([float(np.dot(a.vector, b.vector)) for a, b in zip(sq, ss, strict=True)])
    cos_other = np.array([float(np.dot(a.vector, b.vector))
                          for a, b in zip(sq, so, strict=True)])
    judge = scorer()

    def joined(xs: list, ys: list) -> np.ndarray:
        return np.array([one_statement(judge.score(a, b), judge.threshold, a, b)
                         for a, b in zip(xs, ys, strict=True)])

    join_same, join_other = joined(sq, ss), joined(sq, so)
    print(f"{args.mrpc.name}, first {args.limit} pairs: {len(samples)} partial quotes of 2-8 "
          f"words; the scorer joins {join_same.sum()} to their statement, "
          f"{join_other.sum()} to an unrelated one")
    print(f"{'floor':>6} {'joinable kept':>14} {'unrelated scored':>17} {'unrelated joined':>17}")
    chosen = None
    for floor in FLOORS:
        kept = float((cos_same[join_same] >= floor).mean())
        scored = float((cos_other >= floor).mean())
        wrong = float(((cos_other >= floor) & join_other).mean())
        print(f"{floor:>6.2f} {kept:>14.3f} {scored:>17.3f} {wrong:>17.3f}")
        if kept >= args.keep:
            chosen = floor
    print(f"highest floor keeping {args.keep:.0%} of joinable truncations: {chosen}")


if __name__ == "__main__":
    main()
