"""Time and peak memory of `storyweave dossier` for stories of 5, 20 and 50 articles (or any
sizes), of short articles or of articles of real length.

Stories are built from the Multi-News validation documents (``shared/data/summarization``):
the documents of consecutive clusters are pooled until a story has N non-empty articles. With
``--article-words W`` consecutive documents are joined (as paragraphs) into articles of about
W words each, the length of a real report (the Multi-News documents average ~160 words).
Each size runs in a fresh process (so the model load is paid, and peak RSS is that run's own),
through the same pipeline as the CLI: ingest (``read_text``) -> ``weave`` -> Markdown + JSON.
Reported per size: seconds for model load, ingest, annotation (sentences, entities, numbers,
embeddings), weaving (alignment, claims, summary, exclusives) and rendering; the whole
run; peak RSS (``ru_maxrss``) of the process.

With ``--stored``, each size is also ingested into a store (``storyweave ingest --jobs 2``,
timed apart) and woven from it in another fresh process, as ``storyweave dossier --db``
does: reading the stored annotations, weaving (no model loads), rendering; its peak RSS.

    .venv/bin/python bench/dossier_timing.py                 # sizes 5, 20, 50
    .venv/bin/python bench/dossier_timing.py --sizes 5,100
    .venv/bin/python bench/dossier_timing.py --sizes 50,100,200,400 --article-words 700
    .venv/bin/python bench/dossier_timing.py --sizes 50,200,400 --article-words 700 --stored
    .venv/bin/python bench/dossier_timing.py --score-pairs story.db   # the pair scorer alone
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "multinews-val.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "dossier_timing.json"


def story(n: int, data: Path = DATA, article_words: int = 0) -> list[str]:
    docs: list[str] = []
    pending: list[str] = []
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            for d in json.loads(line)["documents"]:
                if len(d.split()) < 50:
                    continue
                pending.append(d)
                if sum(len(p.split()) for p in pending) >= article_words:
                    docs.append("\n\n".join(pending))
                    pending = []
            if len(docs) >= n:
                return docs[:n]
    raise SystemExit(f"not enough documents for a story of {n}")


def run_one(n: int, data: Path, article_words: int = 0) -> dict:
    """In this (fresh) process: build, weave and render one story of ``n`` articles."""
    t0 = time.perf_counter()
    from storyweave import read_text, weave
    from storyweave.labels import Label
    from storyweave.progress import RunReport
    from storyweave.render import to_json, to_markdown

    texts = story(n, data, article_words)
    t1 = time.perf_counter()
    articles = [read_text(t, f"multinews-{i}") for i, t in enumerate(texts)]
    t2 = time.perf_counter()
    timings = RunReport()
    d = weave(articles, report=timings)
    t3 = time.perf_counter()
    to_markdown(d), to_json(d)
    t4 = time.perf_counter()
    sec = timings.seconds
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
            "sentences": sum(1 for a in d.articles for _ in a.spans_of(Label.SENTENCE)),
            "units": d.stats["units"],
            "claims": len(d.claims), "import_s": round(t1 - t0, 2),
            "ingest_s": round(t2 - t1, 2), "load_models_s": sec["load_models"],
            "annotate_s": sec["annotate"], "weave_s": sec["weave"],
            "weave_steps_s": sec.get("weave_steps", {}),
            "render_s": round(t4 - t3, 2), "total_s": round(t4 - t0, 2),
            "weave_call_s": round(t3 - t2, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def stored_one(db: Path) -> dict:
    """In this (fresh) process: the dossier of every article of the store ``db``."""
    t0 = time.perf_counter()
    from storyweave import weave
    from storyweave.nlp.models import LOAD_SECONDS
    from storyweave.progress import RunReport
    from storyweave.render import to_json, to_markdown
    from storyweave.store import Store

    t1 = time.perf_counter()
    store = Store(db, readonly=True)
    articles = store.articles()
    t2 = time.perf_counter()
    timings = RunReport()
    d = weave(articles, store=store, report=timings)
    t3 = time.perf_counter()
    to_markdown(d), to_json(d)
    t4 = time.perf_counter()
    return {"stored_articles_s": round(t2 - t1, 2),
            "stored_weave_call_s": round(t3 - t2, 2),
            "stored_weave_s": timings.seconds["weave"],
            "stored_render_s": round(t4 - t3, 2), "stored_total_s": round(t4 - t0, 2),
            # processor time, user and system: what a busy machine's wall clock hides
            "stored_cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 2),
            "stored_models_loaded": sorted(k for k in LOAD_SECONDS if k != "language"),
            "stored_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                         / 1024)}


def score_pairs(db: Path, limit: int = 3000, repeats: int = 4) -> dict:
    """The fact scorer alone on the pairs of the store's first ``limit`` statements whose
    vectors are at least 0.6 alike (at most ``limit`` pairs): the weave's hot loop, timed
    without the rest of the weave's noise (best of ``repeats``), and the sum of the scores,
    which a change meant to keep the dossier must keep."""
    import numpy as np

    from storyweave.store import Store
    from storyweave.weaving.align.pairscore import fact_scorer, story_idf

    store = Store(db, readonly=True)
    sides = list(store.annotations([a.id for a in store.articles()])
                 .statements.sides.values())[:limit]
    scorer, idf = fact_scorer(), story_idf(sides)
    vectors = np.stack([s.vector for s in sides])
    sims = vectors @ vectors.T
    i, j = np.nonzero(np.triu(sims, 1) >= 0.6)
    pairs = list(zip(i.tolist(), j.tolist(), strict=True))[:limit]
    best, total = float("inf"), 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        total = sum(scorer.score(sides[a], sides[b], idf).same_fact for a, b in pairs)
        best = min(best, time.perf_counter() - t0)
    return {"pairs": len(pairs), "best_s": round(best, 3), "score_sum": round(total, 6)}


def ingest_story(n: int, data: Path, article_words: int, folder: Path) -> tuple[Path, float]:
    """The story of ``n`` articles as JSON lines, ingested into a store: (store, seconds)."""
    path = folder / f"story-{n}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(story(n, data, article_words)):
            f.write(json.dumps({"text": text, "outlet": f"multinews-{i}"}) + "\n")
    db = folder / f"story-{n}.db"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "storyweave.cli", "ingest", str(path), "--db",
                    str(db), "--jobs", "2"], check=True, capture_output=True)
    return db, time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="5,20,50")
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--article-words", type=int, default=0,
                   help="join documents into articles of about this many words")
    p.add_argument("--stored", action="store_true",
                   help="also ingest each story into a store and weave it from there")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    p.add_argument("--one-stored", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--score-pairs", type=Path, metavar="DB",
                   help="only time the fact scorer on the similar statement pairs of a store")
    args = p.parse_args()
    if args.score_pairs:
        print(json.dumps(score_pairs(args.score_pairs)))
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.data, args.article_words)))
        return
    if args.one_stored:
        print(json.dumps(stored_one(args.one_stored)))
        return
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data} (shared/ sits beside the "
                         "checkout; or pass --data)")
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--data",
                              str(args.data), "--article-words", str(args.article_words)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if args.stored:
            with tempfile.TemporaryDirectory() as tmp:
                db, seconds = ingest_story(n, args.data, args.article_words, Path(tmp))
                out = subprocess.run([sys.executable, __file__, "--one-stored", str(db)],
                                     capture_output=True, text=True, check=True)
                rows[-1].update(json.loads(out.stdout.strip().splitlines()[-1]),
                                stored_ingest_s=round(seconds, 1))
    cols = ["articles", "words", "sentences", "units", "claims", "load_models_s", "ingest_s",
            "annotate_s", "weave_s", "render_s", "total_s", "peak_rss_mib"]
    if args.stored:
        cols += ["stored_ingest_s", "stored_articles_s", "stored_weave_call_s",
                 "stored_render_s", "stored_total_s", "stored_cpu_s", "stored_peak_rss_mib"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = RESULTS.with_name(f"dossier_timing_{args.article_words}w"
                                f"{'_stored' if args.stored else ''}.json") if (
        args.article_words) else RESULTS
    results.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"),
                                   "article_words": args.article_words, "rows": rows}, indent=1))
    print(f"wrote {results}")


if __name__ == "__main__":
    main()
