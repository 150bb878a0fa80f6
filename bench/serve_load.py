"""The web app under load: ``--clients`` concurrent clients on loopback for ``--seconds``
against ``storyweave serve`` over a store of real-length articles, then the same while an
ingest adds articles through the app (``POST /api/articles``). Prints requests per second,
p50/p95/p99 latency per kind of page, and errors. Each phase is a bounded loop that stops by
itself.

The store: a copy of ``--store`` (default: the 5,000-article store ``bench/ingest_store.py``
leaves in ``sw-ingest-bench/store-5000-2.db`` of the system's temporary folder; its articles
are pooled from ECB+ and Multi-News paragraphs, ~700 words each). Opening it places its
articles in stories (schema 3) before the clock starts. The story pages asked for are those
of ``--stories`` stories of 2 to 12 articles, each woven once before the load (the first
view of a story weaves it; its seconds are printed apart): under load they are "cached
pages".

Mix per client request: 50 % story page, 20 % stories list (a random page of the first
ten), 20 % search (one or two words from the articles), 10 % article page. Clients are
threads with a keep-alive connection each, on the same 2 cores as the server: the figures
are for one machine doing both.

    .venv/bin/python bench/serve_load.py --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "serve_load.json"
DEFAULT_STORE = Path(tempfile.gettempdir()) / "sw-ingest-bench" / "store-5000-2.db"
WORDS = ["earthquake", "police", "president", "fire", "killed", "court", "election", "team",
         "minister", "oscar", "hospital", "shooting", "company", "arrested", "storm"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def load(port: int, clients: int, seconds: float, stories: list[str], articles: list[str],
         ) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            x = rng.random()
            if x < 0.5:
                kind, path = "story", f"/stories/{rng.choice(stories)}"
            elif x < 0.7:
                kind, path = "list", f"/?page={rng.randint(1, 10)}"
            elif x < 0.9:
                words = "+".join(rng.sample(WORDS, rng.randint(1, 2)))
                kind, path = "search", f"/?query={words}"
            else:
                kind, path = "article", f"/articles/{rng.choice(articles)}"
            t = time.perf_counter()
            try:
                status, _ = _get(conn, path)
            except (OSError, http.client.HTTPException):
                status = -1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            took = time.perf_counter() - t
            with lock:
                latencies[kind].append(took)
                if status != 200:
                    errors[kind] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    out: dict = {"seconds": round(wall, 1),
                 "requests": sum(len(v) for v in latencies.values()),
                 "errors": dict(errors)}
    out["requests_per_s"] = round(out["requests"] / wall, 1)
    for kind, values in sorted(latencies.items()):
        ms = np.array(values) * 1000
        out[kind] = {"n": len(values), "p50_ms": round(float(np.percentile(ms, 50)), 1),
                     "p95_ms": round(float(np.percentile(ms, 95)), 1),
                     "p99_ms": round(float(np.percentile(ms, 99)), 1)}
    return out


def show(name: str, r: dict) -> None:
    print(f"\n{name}: {r['requests']} requests in {r['seconds']} s = {r['requests_per_s']}/s; "
          f"errors {r['errors'] or 0}")
    for kind in ("story", "list", "search", "article"):
        if kind in r:
            k = r[kind]
            print(f"  {kind:8s} n={k['n']:>6}  p50 {k['p50_ms']:>7} ms  p95 {k['p95_ms']:>7} ms"
                  f"  p99 {k['p99_ms']:>7} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sw-serve")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--stories", type=int, default=20)
    ap.add_argument("--ingest", type=int, default=500, help="articles posted in phase 2")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / "news.db"
    if not db.exists():
        print(f"copying {args.store} to {db}...", file=sys.stderr)
        shutil.copy(args.store, db)
    sys.path.insert(0, str(ROOT / "src"))
    from storyweave.store import Store

    t = time.perf_counter()
    with Store(db) as store:
        placed = len(store.group())
        found = store.stories()
        size = len(store)
        texts = [r[0] for r in store.db.execute(
            "SELECT text FROM articles ORDER BY seq DESC LIMIT ?", (args.ingest,))]
    print(f"store: {size} articles, {len(found)} stories ({placed} placed now, "
          f"{time.perf_counter() - t:.1f} s)", file=sys.stderr)
    rng = random.Random(3)
    middle = [s for s in found if 2 <= len(s.articles) <= 12]
    stories = [s.id for s in rng.sample(middle, min(args.stories, len(middle)))]
    articles = [a.id for s in found[:200] for a in s.articles][:500]

    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "storyweave.cli", "serve", "--db", str(db),
                               "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(conn, "/api/stories")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        first = []
        for sid in stories:
            t = time.perf_counter()
            status, _ = _get(conn, f"/stories/{sid}")
            first.append(time.perf_counter() - t)
            assert status == 200, (sid, status)
        results: dict = {"articles": size, "stories": len(found), "clients": args.clients,
                         "first_view_s": {"p50": round(float(np.median(first)), 2),
                                          "max": round(max(first), 2)}}
        print(f"first view of {len(stories)} stories (weaving each): median "
              f"{results['first_view_s']['p50']} s, max {results['first_view_s']['max']} s")
        results["reading"] = load(port, args.clients, args.seconds, stories, articles)
        show("reading only", results["reading"])
        body = json.dumps([{"text": f"{text}\n\nUpdated {i}."} for i, text in
                           enumerate(texts)]).encode()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)  # idle one closed
        conn.request("POST", "/api/articles", body=body,
                     headers={"Content-Type": "application/json"})
        posted = json.loads(conn.getresponse().read())
        results["while_ingesting"] = load(port, args.clients, args.seconds, stories, articles)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        _, status = _get(conn, posted["status"])
        job = json.loads(status)
        results["while_ingesting"]["ingest"] = {k: job[k] for k in ("state", "stage", "done",
                                                                     "total", "added")}
        show(f"while ingesting {args.ingest} articles (job: {job['state']}, {job['stage']} "
             f"{job['done']}/{job['total']})", results["while_ingesting"])
    finally:
        server.terminate()
        server.wait(timeout=60)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), **results}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
