"""Ingest on Dask beside the local ingest, in one run: ``storyweave ingest`` of the same
articles with ``--jobs 1``, ``--jobs 2`` and ``--dask`` (a LocalCluster of 2 single-threaded
worker processes): articles per second, peak resident memory of the main process and of
each worker (from /proc), and the scheduler's cost per task, estimated as the Dask run's
seconds beyond the ``--jobs 2`` run's, per batch of 16 articles.

Articles: Multi-News validation documents pooled into ~700-word articles, as
``bench/ingest_store.py`` makes them (its ``corpus`` and ``ingest`` are used here).

    .venv/bin/python bench/ingest_dask.py --articles 600
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_store import STORYWEAVE, _hwm, _tree, corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "ingest_dask.json"
BATCH = 16


def run(path: Path, db: Path, extra: list[str]) -> dict:
    cmd = [*STORYWEAVE, "ingest", str(path), "--db", str(db), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            if (got := _hwm(pid)) is not None:
                peaks[pid] = (got[0], max(got[1], peaks.get(pid, ("", 0))[1]))
        time.sleep(0.2)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    workers = sorted(round(kib / 1024) for pid, (c, kib) in peaks.items()
                     if pid != proc.pid and "python" in c)
    return {"seconds": round(seconds, 1), "articles": stored,
            "articles_per_s": round(stored / seconds, 2),
            "main_peak_mib": round(peaks.get(proc.pid, ("", 0))[1] / 1024),
            "other_processes_peak_mib": workers}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--article-words", type=int, default=700)
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "sw-dask")
    ap.add_argument("--only", choices=["local", "dask"], default=None,
                    help="run one side only; the other's figures are kept from the last run")
    args = ap.parse_args()
    args.folder.mkdir(exist_ok=True)
    path = corpus(args.articles, args.article_words, args.folder)
    out: dict = {"articles": args.articles}
    if args.only and RESULTS.exists():
        out = {**json.loads(RESULTS.read_text()), **out}
    for name, extra in (("local --jobs 1", ["--jobs", "1"]), ("local --jobs 2", ["--jobs", "2"]),
                        ("dask, 2 workers", ["--jobs", "2", "--dask"])):
        if args.only and (args.only == "dask") != name.startswith("dask"):
            continue
        db = args.folder / f"{name.replace(' ', '_').replace(',', '')}.db"
        for f in args.folder.glob(db.name + "*"):
            f.unlink()
        r = out[name] = run(path, db, extra)
        print(f"{name:16s} {r['articles_per_s']:>6} articles/s  {r['seconds']:>7} s  main "
              f"{r['main_peak_mib']} MiB  other processes (MiB) {r['other_processes_peak_mib']}",
              flush=True)
    tasks = -(-args.articles // BATCH)
    extra_s = out["dask, 2 workers"]["seconds"] - out["local --jobs 2"]["seconds"]
    out["scheduler_seconds_per_task"] = round(extra_s / tasks, 3)
    print(f"Dask beyond --jobs 2: {extra_s:.1f} s over {tasks} tasks = "
          f"{out['scheduler_seconds_per_task']} s per task (cluster start included)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), **out}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
