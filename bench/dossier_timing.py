"""Time and peak memory of `storyweave dossier` for stories of 5, 20 and 50 articles.

Stories are built from the Multi-News validation documents (``shared/data/summarization``):
the documents of consecutive clusters are pooled until a story has N non-empty articles.
Each size runs in a fresh process (so the model load is paid, and peak RSS is that run's own),
through the same pipeline as the CLI: ingest (``read_text``) -> ``weave`` -> Markdown + JSON.
Reported per size: seconds for model load, ingest, annotation (sentences, entities, numbers,
embeddings), weaving (alignment, claims, summary, exclusives) and rendering; the whole
run; peak RSS (``ru_maxrss``) of the process.

    .venv/bin/python bench/dossier_timing.py                 # sizes 5, 20, 50
    .venv/bin/python bench/dossier_timing.py --sizes 5,100
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "multinews-val.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "dossier_timing.json"


def story(n: int, data: Path = DATA) -> list[str]:
    docs: list[str] = []
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            docs += [d for d in json.loads(line)["documents"] if len(d.split()) >= 50]
            if len(docs) >= n:
                return docs[:n]
    raise SystemExit(f"not enough documents for a story of {n}")


def run_one(n: int, data: Path) -> dict:
    """In this (fresh) process: build, weave and render one story of ``n`` articles."""
    t0 = time.perf_counter()
    from storyweave import read_text, weave
    from storyweave.render import to_json, to_markdown

    texts = story(n, data)
    t1 = time.perf_counter()
    articles = [read_text(t, f"multinews-{i}") for i, t in enumerate(texts)]
    t2 = time.perf_counter()
    d = weave(articles)
    t3 = time.perf_counter()
    to_markdown(d), to_json(d)
    t4 = time.perf_counter()
    sec = d.stats["seconds"]
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
            "sentences": sum(1 for a in articles for _ in a.spans_of("sentence")),
            "claims": len(d.claims), "import_s": round(t1 - t0, 2),
            "ingest_s": round(t2 - t1, 2), "load_models_s": sec["load_models"],
            "annotate_s": sec["annotate"], "weave_s": sec["weave"],
            "render_s": round(t4 - t3, 2), "total_s": round(t4 - t0, 2),
            "weave_call_s": round(t3 - t2, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="5,20,50")
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = p.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.data)))
        return
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data} (shared/ sits beside the "
                         "checkout; or pass --data)")
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--data",
                              str(args.data)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cols = ["articles", "words", "sentences", "claims", "load_models_s", "ingest_s",
            "annotate_s", "weave_s", "render_s", "total_s", "peak_rss_mib"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "rows": rows}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
