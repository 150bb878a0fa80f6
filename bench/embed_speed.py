"""MiniLM's speed and fidelity: the package's float graph against the integer graph storyweave
runs (``storyweave.nlp.quantized``), on the same news sentences, side by side.

Sentences: Multi-News validation documents (``shared/data/summarization``) cut at " . "
(the set's sentence ends), 5 to 60 words, the first ``--sentences``. For each graph and
thread count: word pieces per second over all of them (after a warm-up), and the cosine of
each sentence's vector to the float graph's (mean and lowest), and of each word piece's.
The float graph runs as storyweave ran it before 2.9 (8 sentences a run, sorted by
length, ONNX Runtime's threads); the integer graph as it runs now (one sentence a run; with
two threads, two runs at once).

    .venv/bin/python bench/embed_speed.py        # table on stdout, bench/results/embed_speed.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import time
from pathlib import Path

import numpy as np

from storyweave.nlp.embed import Embedder, float_graph

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "multinews-val.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "embed_speed.json"


def sentences(n: int) -> list[str]:
    out: list[str] = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            for doc in json.loads(line)["documents"]:
                out.extend(s for s in doc.split(" . ") if 5 < len(s.split()) < 60)
            if len(out) >= n:
                return out[:n]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=800)
    args = ap.parse_args()
    texts = sentences(args.sentences)
    reference = Embedder(float_graph(), threads=1)
    ref_vectors = reference.encode(texts)
    ref_pieces = np.concatenate([t.vectors for t in reference.encode_tokens(texts[:200])])
    pieces = sum(len(e.ids) for e in reference.tokenizer.encode_batch(texts))
    rows = []
    for name, path in (("float (as shipped)", float_graph()), ("integer (storyweave)", None)):
        for threads in (1, 2):
            emb = Embedder(path, threads=threads)
            emb.encode(texts[:20])
            t0 = time.perf_counter()
            vectors = emb.encode(texts)
            seconds = time.perf_counter() - t0
            cos = (vectors * ref_vectors).sum(axis=1)
            got = np.concatenate([t.vectors for t in emb.encode_tokens(texts[:200])])
            piece_cos = (got * ref_pieces).sum(axis=1) / (
                np.linalg.norm(got, axis=1) * np.linalg.norm(ref_pieces, axis=1))
            rows.append({"graph": name, "threads": threads, "sentences_per_run": emb.batch_size,
                         "pieces_per_s": round(pieces / seconds),
                         "sentence_cosine_mean": round(float(cos.mean()), 4),
                         "sentence_cosine_min": round(float(cos.min()), 4),
                         "piece_cosine_mean": round(float(piece_cos.mean()), 4)})
    print(f"{len(texts)} news sentences, {pieces} word pieces; cosine to the float graph")
    print(f"{'graph':22} {'threads':>7} {'per run':>7} {'pieces/s':>9} "
          f"{'cos mean':>8} {'cos min':>8} {'piece cos':>9}")
    for r in rows:
        print(f"{r['graph']:22} {r['threads']:>7} {r['sentences_per_run']:>7} "
              f"{r['pieces_per_s']:>9} {r['sentence_cosine_mean']:>8} "
              f"{r['sentence_cosine_min']:>8} {r['piece_cosine_mean']:>9}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"),
                                   "python": platform.python_version(),
                                   "sentences": len(texts), "pieces": pieces,
                                   "peak_rss_mib_all_graphs": peak, "rows": rows}, indent=1)
                       + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
