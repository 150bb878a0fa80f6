"""Stories at scale: the cost of storing and grouping each added article as a store grows to
10,000 and 50,000 articles (articles per second per block of 1,000, peak memory, file size).

What is timed is ``Store.write`` of annotated articles, batches of 16 as ``storyweave ingest``
writes them: the rows, the copy check (MinHash LSH over the last ``COPY_WINDOW`` articles and
the aligned text of its candidates), the story index (candidates bounded by time), and the
grouping state written in the same transaction. Annotation is not: it is the same per article
whatever the store holds, and ``bench/ingest_store.py`` measures it (about 2.9 articles/s on
2 cores). Annotating 50,000 real articles would take five hours here, so the articles are made:

    events      one every 5 articles on average, 300 articles a day, each with its own words,
                names (3 of 5,000) and a centroid in MiniLM's 384 dimensions
    articles    12 sentences of 15 words, a third of them the event's words; lead sentence
                vectors = the event's centroid + noise (cosine about 0.7 to it); entity spans
                with their keys; a working date
    copies      3 % of articles repost an article of the last day with one sentence changed

Quality on such data says little (the gold is made), but it is printed as a sanity check:
B-cubed F1 of the stories against the events, and the copies found.

    .venv/bin/python bench/stories_scale.py --sizes 10000,50000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
RESULTS = ROOT / "bench" / "results" / "stories_scale.json"
DIM, BATCH, BLOCK = 384, 16, 1000
PER_DAY, PER_EVENT, COPY_SHARE = 300, 5, 0.03


def make_stream(n: int, seed: int = 5):
    """(ArticleRows, event, copied article id or None) for n made articles, in order."""
    from storyweave.keys import content_id
    from storyweave.labels import Label
    from storyweave.model import Article, Meta, Span
    from storyweave.store.rows import ArticleRows, PassageRow

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    general = [f"w{k}" for k in range(20_000)]
    weights = [1 / (k + 1) for k in range(len(general))]
    names = [f"name{k}" for k in range(5_000)]
    events: list[dict] = []
    recent: list[tuple[str, str, int]] = []  # (id, text, event) of the last day
    start = date(2024, 1, 1)
    for i in range(n):
        day = start + timedelta(days=i // PER_DAY)
        copy = recent and rng.random() < COPY_SHARE
        if copy:
            original_id, text, ev = rng.choice(recent)
            parts = text.split(". ")
            parts[rng.randrange(len(parts))] = " ".join(rng.choices(general, weights, k=15))
            text = ". ".join(parts)
        else:
            original_id = None
            live = [e for e in events if (day - e["day"]).days <= 2]
            if not live or rng.random() < 1 / PER_EVENT:
                c = nrng.normal(size=DIM).astype(np.float32)
                events.append({"n": len(events), "day": day, "centroid": c / np.linalg.norm(c),
                               "words": [f"e{len(events)}x{k}" for k in range(30)],
                               "names": rng.sample(names, 3)})
                live = [events[-1]]
            e = rng.choice(live)
            ev = e["n"]
            sentences = []
            for _ in range(12):
                words = rng.choices(general, weights, k=10) + rng.choices(e["words"], k=5)
                rng.shuffle(words)
                sentences.append(" ".join(words))
            text = ". ".join(sentences) + "."
        e = events[ev]
        spans, passages, at = [], [], 0
        for name in e["names"]:
            k = text.find(" ", at + 1)
            spans.append(Span(at, max(k, at + 1), Label.ENTITY, {"type": "PERSON", "key": name}))
            at = max(k, at + 1)
        for s in range(5):
            v = e["centroid"] + nrng.normal(scale=0.05, size=DIM).astype(np.float32)
            v /= np.linalg.norm(v)
            passages.append(PassageRow("sentence", s, s * 10, s * 10 + 9,
                                       v.astype(np.float16).tobytes()))
        article = Article(content_id(text), f"made/{i}.txt", text, "txt",
                          {"published": Meta(day.isoformat(), "made", day.isoformat())},
                          spans=spans)
        if not copy:
            recent.append((article.id, text, ev))
            recent = recent[-PER_DAY:]
        yield ArticleRows(article, {}, passages), ev, original_id


def run(n: int, folder: Path) -> dict:
    from storyweave.store import Store

    path = folder / f"scale-{n}.db"
    path.unlink(missing_ok=True)
    blocks, gold, copies_made = [], {}, {}
    t_all = time.perf_counter()
    with Store(path) as store:
        pending: list = []
        t0, done, writing = time.perf_counter(), 0, 0.0
        for rows, ev, original in make_stream(n):
            gold[rows.article.id] = ev
            if original:
                copies_made[rows.article.id] = original
            pending.append(rows)
            if len(pending) == BATCH:
                t = time.perf_counter()
                store.write(pending)
                writing += time.perf_counter() - t
                done += len(pending)
                pending = []
                if done % BLOCK < BATCH:
                    blocks.append(round(BLOCK / writing, 1))
                    writing = 0.0
        if pending:
            store.write(pending)
        seconds = time.perf_counter() - t0
        found = {a.id: (s.id, a.copy_of) for s in store.stories() for a in s.articles}
    from stories_cluster import bcubed

    ids = list(gold)
    p, r, f = bcubed([gold[i] for i in ids], [found[i][0] for i in ids])
    copies_found = {i for i, (_, c) in found.items() if c}
    right = sum(1 for i in copies_found if i in copies_made)
    return {"articles": n, "seconds": round(seconds, 1),
            "articles_per_s": round(n / seconds, 1),
            "articles_per_s_by_block": blocks,
            "first_block": blocks[0] if blocks else None,
            "last_block": blocks[-1] if blocks else None,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "store_mb": round(path.stat().st_size / 1e6, 1),
            "stories": len({s for s, _ in found.values()}), "events": len(set(gold.values())),
            "b3": [round(p, 3), round(r, 3), round(f, 3)],
            "copies_made": len(copies_made), "copies_found": len(copies_found),
            "copies_right": right, "total_seconds": round(time.perf_counter() - t_all, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,50000")
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    out = {}
    for n in (int(x) for x in args.sizes.split(",")):
        # each size in its own process would isolate peak memory; one process keeps it
        # simple, so sizes go smallest first and the peak is the largest one's
        r = out[str(n)] = run(n, args.folder)
        print(f"{n:>6} articles: {r['articles_per_s']} articles/s overall; per 1,000-article "
              f"block first {r['first_block']}, last {r['last_block']} articles/s; peak "
              f"{r['peak_rss_mib']} MiB; store {r['store_mb']} MB; {r['stories']} stories for "
              f"{r['events']} made events, B3 P/R/F1 {r['b3']}; copies made {r['copies_made']}, "
              f"found {r['copies_found']} ({r['copies_right']} right)", flush=True)
        blocks = r["articles_per_s_by_block"]
        print("        by block:", " ".join(str(b) for b in blocks[:: max(1, len(blocks) // 10)]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps({**old, "date": time.strftime("%Y-%m-%d"), **out}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
