"""Fit the basis the pair scorer's word-piece vectors are kept in
(``src/storyweave/nlp/piece-basis.npy``): the first ``--dims`` principal directions of
MiniLM's unit word-piece vectors, over the sentences of MRPC train.

Why: a stored article's pieces (every word piece of every statement and quote, one int8 row
each) were nine tenths of the store, ~630 of ~710 KB an article at 384 dimensions. Kept in
128 directions they take a third. The directions are uncentred (the second moment, not the
covariance): a piece's cosine with another is then a dot product in the basis, the common
direction all MiniLM pieces share included. They are then turned by a fixed random rotation
(``--seed``, 0): dot products stay as they were, but every coordinate of a piece carries a
like share of it, so the 4-bit codes kept since pipeline 2.6 (``pairfeatures.quantised``,
scaled to each piece's largest coordinate) lose less: a cosine between two pieces moves by
0.011 on average, against 0.015 in the principal directions themselves. What the choices
cost is measured where the decision is measured: ``bench/align_mrpc.py`` (MRPC dev) and
``bench/facts_real.py`` (ECB+ dev); the figures are in ``bench/README.md``.

    .venv/bin/python tools/fit_piece_basis.py                 # writes the basis
    .venv/bin/python tools/fit_piece_basis.py --dry-run       # prints the energy kept only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "paraphrase" / "mrpc" / "msr_paraphrase_train.txt"
OUT = ROOT / "src" / "storyweave" / "nlp" / "piece-basis.npy"
sys.path.insert(0, str(ROOT / "bench"))  # the MRPC reader is shared with bench/align_mrpc.py
from mrpc_common import read_mrpc  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, default=128)
    ap.add_argument("--sentences", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=0, help="of the rotation")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()

    from storyweave.nlp.models import embedder
    from storyweave.nlp.pairfeatures import normalised

    pairs = read_mrpc(TRAIN)
    texts = list(dict.fromkeys(s for _, a, b in pairs for s in (a, b)))[:args.sentences]
    tokens = embedder().encode_tokens(texts)
    # the pieces as the scorer sees them: [CLS] and [SEP] dropped, each of unit length
    pieces = normalised(np.concatenate([t.vectors[1:-1] for t in tokens])).astype(np.float64)
    energy, directions = np.linalg.eigh(pieces.T @ pieces)
    order = np.argsort(energy)[::-1]
    energy, directions = energy[order], directions[:, order]
    kept = np.cumsum(energy) / energy.sum()
    print(f"{len(texts)} sentences, {len(pieces)} word pieces of MRPC train")
    for d in (64, 96, 128, 192, 256):
        print(f"  {d:3d} directions keep {kept[d - 1]:.3f} of the pieces' energy")
    if args.dry_run:
        return
    rotation, _ = np.linalg.qr(np.random.default_rng(args.seed).standard_normal((args.dims,) * 2))
    np.save(OUT, (directions[:, :args.dims] @ rotation).astype(np.float16))
    print(f"wrote {OUT} ({args.dims} directions)")


if __name__ == "__main__":
    main()
