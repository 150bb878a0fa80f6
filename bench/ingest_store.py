"""Ingest into the store: articles per second, peak memory per process, store size per
article, with ``--jobs 1`` and ``--jobs 2``; and an ingest killed (SIGKILL) half-way then run
again: time to complete, rows lost (must be 0).

Articles: Multi-News validation documents (``shared/data/summarization``) joined as
paragraphs into articles of about ``--article-words`` words (700, the length of a real
report), as ``dossier_timing.py`` pools them. The set holds ~3,400 such articles; past that a
second pass groups the documents one document later (other articles, the same prose).

Each run is ``storyweave ingest FILE --db DB --jobs J`` in a fresh process; the parent reads
every process of its tree (the main one and its workers) from /proc every 0.2 s, for their
peak resident memory (VmHWM). Store size: the file after a WAL checkpoint.

    .venv/bin/python bench/ingest_store.py                        # 1000 and 5000, jobs 1 and 2
    .venv/bin/python bench/ingest_store.py --sizes 200 --jobs 2 --kill
    .venv/bin/python bench/ingest_store.py --where 60             # where a worker's time goes

``--where N``: what one worker does per article, in this process on one thread (as each of
``--jobs 2`` workers runs on two cores), for N articles: spaCy alone over the texts it parses,
MiniLM alone over the statements, and the whole annotation; the rest is storyweave's own
Python. Timed twice, both printed (the first after a warm-up of two articles); nothing is
written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "multinews-val.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "ingest_store.json"
STORYWEAVE = [sys.executable, "-m", "storyweave.cli"]


def articles(n: int, words: int, data: Path = DATA) -> list[str]:
    docs = []
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            docs.extend(d for d in json.loads(line)["documents"] if len(d.split()) >= 50)
    groups: list[list[str]] = []
    pending: list[str] = []
    for d in docs:
        pending.append(d)
        if sum(len(p.split()) for p in pending) >= words:
            groups.append(pending)
            pending = []
    out: list[str] = []
    for turn in range(4):  # pass 0 as written, 1 reversed, then rotated: distinct texts
        for g in groups:
            if turn and len(g) < 2:
                continue
            order = g if turn == 0 else g[::-1] if turn == 1 else g[turn - 1:] + g[:turn - 1]
            out.append("\n\n".join(order))
            if len(out) >= n:
                return out
    raise SystemExit(f"not enough documents for {n} articles")


def corpus(n: int, words: int, folder: Path) -> Path:
    path = folder / f"multinews-{n}x{words}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            for i, text in enumerate(articles(n, words)):
                f.write(json.dumps({"text": text, "outlet": f"outlet{i % 50}",
                                    "title": f"multinews {i}"}) + "\n")
    return path


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _hwm(pid: int) -> tuple[str, int] | None:
    """(command line, peak RSS in KiB) of a live process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return cmd, int(line.split()[1])
    return None


def ingest(path: Path, db: Path, jobs: int, *, kill_at: int | None = None) -> dict:
    """One ``storyweave ingest`` run, watched: seconds, peak RSS of each process (MiB),
    killed with SIGKILL once the store holds ``kill_at`` articles, if given."""
    cmd = [*STORYWEAVE, "ingest", str(path), "--db", str(db), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    killed = False
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            if (got := _hwm(pid)) is not None:
                peaks[pid] = (got[0], max(got[1], peaks.get(pid, ("", 0))[1]))
        if kill_at is not None and _stored(db) >= kill_at:
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.2)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if not killed and proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    main = peaks.get(proc.pid, ("", 0))[1]
    workers = [kib for pid, (c, kib) in peaks.items() if pid != proc.pid and "python" in c]
    return {"seconds": round(seconds, 1), "killed": killed,
            "main_peak_mib": round(main / 1024), "worker_peak_mib": round(max(workers, default=0)
                                                                          / 1024),
            "processes": 1 + len(workers), "summary": err.strip().splitlines()[-1:]}


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5) as c:
            return int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _rows(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {t: int(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("articles", "spans", "passages", "failures")}


def _size(db: Path) -> int:
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def where_time_goes(n: int, words: int) -> None:
    """Print, per article, the seconds of spaCy alone, MiniLM alone and the whole annotation."""
    from storyweave.ingestion.readers import read_text
    from storyweave.labels import Label
    from storyweave.nlp import models
    from storyweave.nlp.annotation import annotate
    from storyweave.nlp.parsing import _run, chunk_bound, ner_chunks
    from storyweave.nlp.sentences import paragraph_ranges, sentence_spans
    from storyweave.nlp.statements import statement_spans

    models.use_threads(1)
    models.pin_blas_threads(1)
    found = [read_text(t, f"a{i}.txt") for i, t in enumerate(articles(100 + n, words)[100:])]
    annotate(found[:2])  # the models loaded, their first calls made
    ranges = [paragraph_ranges(a.text) for a in found]
    sentences = [sentence_spans(a.text, r) for a, r in zip(found, ranges, strict=True)]
    bound = chunk_bound()
    parsed = [a.text[c.start:c.end] for a, r, ss in zip(found, ranges, sentences, strict=True)
              for c in ner_chunks(a.text, r, ss, bound=bound)]
    stated = [a.text[x.start:x.end] for a, ss in zip(found, sentences, strict=True)
              for x in statement_spans(a.text, a.spans_of(Label.PARAGRAPH), ss)]
    for _ in range(2):
        t0 = time.perf_counter()
        for _doc in _run(parsed):
            pass
        t1 = time.perf_counter()
        models.embedder().encode_tokens(stated)
        t2 = time.perf_counter()
        annotate(found)
        t3 = time.perf_counter()
        print(json.dumps({"articles": n, "spacy_s": round((t1 - t0) / n, 3),
                          "minilm_s": round((t2 - t1) / n, 3),
                          "annotate_s": round((t3 - t2) / n, 3),
                          "rest_s": round((t3 - t2 - (t2 - t0)) / n, 3)}), flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,5000")
    p.add_argument("--jobs", default="1,2")
    p.add_argument("--article-words", type=int, default=700)
    p.add_argument("--kill", action="store_true",
                   help="only the killed-and-rerun runs (by default both)")
    p.add_argument("--no-kill", action="store_true", help="no killed run")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sw-ingest-bench")
    p.add_argument("--note", help="recorded with each row: the conditions of the run (a "
                   "busy machine, nice)")
    p.add_argument("--where", type=int, metavar="N",
                   help="only where one worker's time goes, over N articles (see above)")
    args = p.parse_args()
    if not DATA.exists():
        raise SystemExit(f"benchmark data not found: {DATA} (shared/ sits beside the checkout)")
    if args.where:
        where_time_goes(args.where, args.article_words)
        return
    args.work.mkdir(exist_ok=True)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        path = corpus(n, args.article_words, args.work)
        for jobs in (int(x) for x in args.jobs.split(",")):
            whole = args.work / f"store-{n}-{jobs}.db"
            for old in args.work.glob(whole.name + "*"):
                old.unlink()
            row: dict = {"articles": n, "jobs": jobs, **({"note": args.note} if args.note
                                                          else {})}
            if not args.kill:
                run = ingest(path, whole, jobs)
                counts = _rows(whole)
                row.update({"seconds": run["seconds"],
                            "articles_per_s": round(n / run["seconds"], 2),
                            "main_peak_mib": run["main_peak_mib"],
                            "worker_peak_mib": run["worker_peak_mib"],
                            "store_mib": round(_size(whole) / 2**20, 1),
                            "kib_per_article": round(_size(whole) / 1024 / n, 1),
                            "rows": counts})
                print(json.dumps(row), flush=True)
            if not args.no_kill:
                killed = args.work / f"killed-{n}-{jobs}.db"
                for old in args.work.glob(killed.name + "*"):
                    old.unlink()
                first = ingest(path, killed, jobs, kill_at=n // 2)
                at = _stored(killed)
                again = ingest(path, killed, jobs)
                counts = _rows(killed)
                row.update({"killed_at": at, "killed_after_s": first["seconds"],
                            "rerun_s": again["seconds"],
                            "rerun_articles_per_s": round((n - at) / again["seconds"], 2)})
                if "rows" in row:
                    row["rows_lost"] = {k: row["rows"][k] - counts[k] for k in counts}
                else:
                    row["rows_after_rerun"] = counts
                print(json.dumps(row), flush=True)
            rows.append(row)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    # runs of other sizes (or jobs) recorded before are kept: the long ones run apart
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"rows": []}
    ran = {(r["articles"], r["jobs"]) for r in rows}
    kept = [r for r in old.get("rows", []) if (r["articles"], r["jobs"]) not in ran]
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(),
                                   "article_words": args.article_words,
                                   "rows": sorted(kept + rows,
                                                  key=lambda r: (r["articles"], r["jobs"]))},
                                  indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
