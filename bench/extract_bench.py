"""Article-body extraction benchmark: storyweave against trafilatura, readability, newspaper4k.

All systems read the same 92 dev pages of the Scrapinghub article-extraction benchmark
(``shared/data/extraction/scrapinghub``) and are scored with the benchmark's own metric (see
``bench/extract_common.py``). Each system runs in a fresh process (multiprocessing "spawn"), so
its peak RSS is its own, with network access blocked inside that process.

Measured per system:

* F1 ± bootstrap std, precision, recall, accuracy (exact token match);
* pages/s: only the extraction call is timed, after a warm-up on the first pages; with
  ``--repeat N`` the fastest of N timed passes counts;
* peak RSS: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the worker process (the whole
  process: interpreter, library, pages), and ``Δ RSS``, its growth during extraction over the
  level after imports and page loading;
* Python heap peak: ``tracemalloc`` peak during one extra untimed pass (``--no-heap`` skips it).

Also measured: ``storyweave.ingestion.read_text`` throughput (articles/s) on the
``examples/xi-moscow-2023`` files repeated to ~500 articles and on the first 2,000 non-empty
Multi-News validation documents.

How to run (from the repository root; the peers live in the bench venv, never in ``.venv``)::

    python3 -m venv .bench-venv && .bench-venv/bin/pip install -U pip
    .bench-venv/bin/pip install -r bench/requirements-extract.txt   # see README-extract.md
    .bench-venv/bin/python bench/extract_bench.py                   # all systems
    .bench-venv/bin/python bench/extract_bench.py --systems trafilatura,storyweave --repeat 1
    .bench-venv/bin/python bench/extract_bench.py --record          # also write the baseline

Results go to ``bench/results/extract.json``; ``--record`` also writes
``bench/baselines/extract.json``. When a baseline exists, each metric's change is printed and
drops are flagged (``--fail-on-drop`` makes them the exit status).

Files: this one is the CLI, the reporting and the baseline comparison;
``bench/extract_systems.py`` loads the pages and runs each system in its worker process;
``bench/extract_common.py`` is the scorer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_common import evaluate, self_check  # noqa: E402
from extract_systems import (  # noqa: E402
    CALLS,
    ROOT,
    SYSTEMS,
    html_worker,
    load_pages,
    run_isolated,
    text_worker,
)

SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "data" / "extraction" / "scrapinghub"
DEFAULT_MULTINEWS = SHARED / "data" / "summarization" / "multinews-val.jsonl.gz"
DEFAULT_EXAMPLES = ROOT / "examples" / "xi-moscow-2023"
DEFAULT_RESULTS = ROOT / "bench" / "results" / "extract.json"
DEFAULT_BASELINE = ROOT / "bench" / "baselines" / "extract.json"

# Higher is better for these; lower is better for memory. Quality drops are absolute,
# speed and memory changes relative.
QUALITY_KEYS = ("f1", "precision", "recall", "accuracy")
SPEED_KEYS = ("pages_per_s", "articles_per_s")
MEMORY_KEYS = ("rss_peak_mib", "rss_delta_mib", "heap_peak_mib")


# --------------------------------------------------------------------------------------------
# Reporting


def _fmt(value: float | None, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def print_table(systems: dict[str, dict[str, Any]]) -> None:
    """The main table, one row per system (unavailable ones listed below it)."""
    head = (f"{'system':<12} {'F1 ± std':>14} {'prec':>6} {'recall':>6} {'acc':>6} "
            f"{'pages/s':>8} {'ms p50':>7} {'RSS MiB':>8} {'ΔRSS':>6} {'heap MiB':>8} "
            f"{'empty':>5} {'err':>3}")
    print(head)
    print("-" * len(head))
    notes = []
    for name, r in systems.items():
        if r["status"] != "ok":
            notes.append(f"{name}: NOT SCORED ({r['status']}) - {r.get('note', '')}")
            continue
        f1 = f"{r['f1']:.3f} ± {r['f1_std']:.3f}"
        print(f"{name:<12} {f1:>14} {r['precision']:>6.3f} {r['recall']:>6.3f} "
              f"{r['accuracy']:>6.3f} {r['pages_per_s']:>8.1f} {r['ms_per_page_median']:>7.1f} "
              f"{r['rss_peak_mib']:>8.0f} {r['rss_delta_mib']:>6.0f} "
              f"{_fmt(r.get('heap_peak_mib'), '.1f'):>8} {r['empty_predictions']:>5} "
              f"{len(r['errors']):>3}")
    for note in notes:
        print(note)
    print("RSS = peak resident set (getrusage ru_maxrss) of the system's own worker process; "
          "ΔRSS = its growth during extraction; heap = tracemalloc peak of the Python heap "
          "during one extra untimed pass.")


def print_plain(plain: dict[str, Any]) -> None:
    print()
    if plain.get("status") != "ok":
        print(f"storyweave.read_text: NOT MEASURED ({plain.get('status')}) - "
              f"{plain.get('note', '')}")
        return
    for name in ("examples", "multinews"):
        r = plain[name]
        print(f"storyweave.read_text on {name:<9}: {r['articles']:>5} articles, "
              f"{r['articles_per_s']:>8.1f} articles/s, {r['mb_per_s']:.2f} MB/s, "
              f"no-article {r['no_article']}, errors {r['errors']}")
    print(f"storyweave.read_text peak RSS {plain['rss_peak_mib']:.0f} MiB "
          f"(Δ {plain['rss_delta_mib']:.0f} MiB)")


def flatten(results: dict[str, Any]) -> dict[str, float]:
    """``system.metric -> value`` for every compared metric in a results document."""
    flat: dict[str, float] = {}
    for name, r in results.get("systems", {}).items():
        if r.get("status") != "ok":
            continue
        for key in (*QUALITY_KEYS, "pages_per_s", *MEMORY_KEYS):
            if r.get(key) is not None:
                flat[f"{name}.{key}"] = r[key]
    plain = results.get("plain_text", {})
    if plain.get("status") == "ok":
        for corpus in ("examples", "multinews"):
            flat[f"read_text.{corpus}.articles_per_s"] = plain[corpus]["articles_per_s"]
        flat["read_text.rss_peak_mib"] = plain["rss_peak_mib"]
    return flat


def _statuses(results: dict[str, Any]) -> dict[str, str]:
    """Status of each measured part: the systems and ``read_text`` (absent: not run)."""
    out = {name: r.get("status", "?") for name, r in results.get("systems", {}).items()}
    plain = results.get("plain_text", {}).get("status", "skipped")
    if plain != "skipped":
        out["read_text"] = plain
    return out


# Settings that must match for speed and memory numbers to be comparable.
_TIMING_SETTINGS = ("warmup", "repeat", "n_examples", "n_multinews")


def compare(current: dict[str, Any], baseline: dict[str, Any], tolerance: float,
            speed_tolerance: float) -> list[str]:
    """Print each metric's change against the baseline; return the flagged drops.

    Quality drops beyond ``tolerance`` (absolute) are flagged; speed drops and memory growth
    beyond ``speed_tolerance`` (relative) too, unless the timing settings differ. A part that
    was ``ok`` in the baseline and is unavailable now is a drop; one not run now is skipped.
    """
    now, before = flatten(current), flatten(baseline)
    status_now, status_before = _statuses(current), _statuses(baseline)
    cur_set, base_set = current.get("settings", {}), baseline.get("settings", {})
    timing_ok = all(cur_set.get(k) == base_set.get(k) for k in _TIMING_SETTINGS)
    drops: list[str] = []
    print(f"\nChange against baseline ({baseline.get('created', '?')}, "
          f"commit {baseline.get('git_commit') or '?'}):")
    if not timing_ok:
        print("  (timing settings differ from the baseline's: speed and memory not flagged)")
    for part in sorted(status_before):
        if part not in status_now:
            print(f"  {part}: not run this time")
        elif status_before[part] == "ok" and status_now[part] != "ok":
            print(f"  {part}: was ok, now {status_now[part]}   DROP")
            drops.append(f"{part}: now {status_now[part]}")
    for key in sorted(before.keys() | now.keys()):
        part, metric = key.split(".", 1)[0], key.rsplit(".", 1)[1]
        if status_now.get(part) != "ok" or status_before.get(part) != "ok":
            continue  # not run, or reported above
        if key not in now or key not in before:
            shown = f"{now[key]:.3f}" if key in now else "(not measured)"
            was = f"{before[key]:.3f}" if key in before else "(new)"
            print(f"  {key:<40} {was:>10} -> {shown}")
            continue
        old, new = before[key], now[key]
        delta = new - old
        rel = delta / old if old else 0.0
        if metric in QUALITY_KEYS:
            change, dropped = f"{delta:+.3f}", delta < -tolerance
        elif metric in SPEED_KEYS:
            change, dropped = f"{rel:+.1%}", timing_ok and rel < -speed_tolerance
        else:  # memory: more is worse
            change, dropped = f"{rel:+.1%}", timing_ok and rel > speed_tolerance
        flag = "   DROP" if dropped else ""
        print(f"  {key:<40} {old:>10.3f} -> {new:>10.3f}  {change:>8}{flag}")
        if dropped:
            drops.append(f"{key}: {old:.3f} -> {new:.3f} ({change})")
    _print_page_changes(current, baseline)
    return drops


def _page_f1(tp_fp_fn: list[float]) -> float:
    tp, fp, fn = tp_fp_fn
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 1.0


def _print_page_changes(current: dict[str, Any], baseline: dict[str, Any], limit: int = 5,
                        threshold: float = 0.02) -> None:
    """For each system, the pages whose per-page shingle F1 moved most (worse first)."""
    for name, r in current.get("systems", {}).items():
        old_pages = baseline.get("systems", {}).get(name, {}).get("per_page")
        new_pages = r.get("per_page")
        if not old_pages or not new_pages:
            continue
        moved = sorted((_page_f1(new_pages[p]) - _page_f1(old_pages[p]), p)
                       for p in new_pages.keys() & old_pages.keys())
        moved = [(d, p) for d, p in moved if abs(d) > threshold]
        if moved:
            shown = moved[:limit] + [m for m in moved[-limit:] if m not in moved[:limit]]
            pages = ", ".join(f"{p[:10]} {d:+.2f}" for d, p in shown)
            print(f"  {name}: {len(moved)} page(s) moved by > {threshold} page F1: {pages}")


def _portable(path: Path) -> str:
    """The data path as committed results should show it: relative to the folder holding the
    checkout and shared/, not this machine's absolute path."""
    try:
        return str(path.resolve().relative_to(ROOT.parent.resolve()))
    except ValueError:
        return str(path)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    return out.stdout.strip() or None


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=False, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


def _worst(per_page: dict[str, list[float]], n: int) -> Iterator[tuple[str, float]]:
    """The ``n`` pages with the lowest per-page TP share (worst first)."""
    return iter(sorted(((pid, t[0]) for pid, t in per_page.items()), key=lambda x: x[1])[:n])


# --------------------------------------------------------------------------------------------
# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help=f"comma-separated subset of {','.join(SYSTEMS)} (default: all)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scrapinghub data folder")
    p.add_argument("--examples", type=Path, default=DEFAULT_EXAMPLES)
    p.add_argument("--multinews", type=Path, default=DEFAULT_MULTINEWS)
    p.add_argument("--n-examples", type=int, default=500, help="read_text articles (~)")
    p.add_argument("--n-multinews", type=int, default=2000, help="read_text documents")
    p.add_argument("--no-plain-text", action="store_true", help="skip read_text throughput")
    p.add_argument("--warmup", type=int, default=5, help="untimed pages before timing")
    p.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest counts")
    p.add_argument("--no-heap", action="store_true", help="skip the tracemalloc pass")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    p.add_argument("--record", action="store_true", help="also write the results as baseline")
    p.add_argument("--tolerance", type=float, default=0.005,
                   help="flag a quality metric that drops by more than this (absolute)")
    p.add_argument("--speed-tolerance", type=float, default=0.15,
                   help="flag a speed drop / memory growth above this fraction")
    p.add_argument("--fail-on-drop", action="store_true", help="exit 1 when a drop is flagged")
    p.add_argument("--show-worst", type=int, default=0, metavar="N",
                   help="list each system's N worst pages")
    p.add_argument("--save-predictions", action="store_true",
                   help="write every system's texts to bench/results/extract-predictions.json")
    args = p.parse_args(argv)
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown:
        p.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    self_check()
    pages = load_pages(args.data)
    truths = {p.id: p.truth for p in pages}
    load_avg = [round(x, 2) for x in os.getloadavg()]
    print(f"{len(pages)} pages from {args.data}; systems: {', '.join(args.systems)}; "
          f"warm-up {args.warmup}, best of {args.repeat} timed pass(es); "
          f"load average {load_avg[0]} on {os.cpu_count()} CPUs", flush=True)
    if load_avg[0] > (os.cpu_count() or 1) * 0.5:
        print("warning: the machine is busy; pages/s and articles/s will be low and noisy",
              flush=True)
    print(flush=True)

    systems: dict[str, dict[str, Any]] = {}
    predictions: dict[str, dict[str, str]] = {}
    for name in args.systems:
        print(f"running {name} ...", flush=True)
        r = run_isolated(html_worker, name, str(args.data), args.warmup, args.repeat,
                         not args.no_heap)
        r["call"] = CALLS[name]
        if r["status"] == "ok":
            texts = r.pop("texts")
            predictions[name] = texts
            ev = evaluate(texts, truths, args.bootstrap, args.seed)
            r.update(ev.metrics())
            r["empty_predictions"] = sum(1 for t in texts.values() if not t.strip())
            r["per_page"] = {pid: [round(x, 6) for x in t] for pid, t in ev.per_page.items()}
        systems[name] = r
    print()
    print_table(systems)
    for name, r in systems.items():
        if r["status"] == "ok" and r["network_attempts_blocked"]:
            print(f"note: {name} tried the network {r['network_attempts_blocked']} time(s); "
                  "blocked")
        for pid, err in list(r.get("errors", {}).items())[:3]:
            print(f"note: {name} failed on {pid[:12]}: {err[:110]}")
    if args.show_worst:
        for name, r in systems.items():
            if r["status"] == "ok":
                worst = ", ".join(f"{pid[:10]} {tp:.2f}"
                                  for pid, tp in _worst(r["per_page"], args.show_worst))
                print(f"worst {name} (TP share): {worst}")

    plain: dict[str, Any] = {"status": "skipped"}
    if not args.no_plain_text:
        print("\nrunning storyweave.read_text ...", flush=True)
        plain = run_isolated(text_worker, str(args.examples), str(args.multinews),
                             args.n_examples, args.n_multinews, args.repeat)
        print_plain(plain)

    results: dict[str, Any] = {
        "benchmark": "extract",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "dataset": {"name": "scrapinghub article-extraction-benchmark, dev part",
                    "path": _portable(args.data), "pages": len(pages)},
        "load_avg_at_start": load_avg,
        "settings": {"bootstrap": args.bootstrap, "seed": args.seed, "warmup": args.warmup,
                     "repeat": args.repeat, "heap": not args.no_heap,
                     "n_examples": args.n_examples, "n_multinews": args.n_multinews,
                     "memory": "rss = getrusage ru_maxrss of a fresh worker per system; "
                               "heap = tracemalloc peak during an extra untimed pass"},
        "systems": systems,
        "plain_text": plain,
    }
    _write_json(args.results, results)
    print(f"\nwrote {args.results}")
    if args.save_predictions:
        pred_path = args.results.with_name("extract-predictions.json")
        _write_json(pred_path, predictions)
        print(f"wrote {pred_path}")

    drops: list[str] = []
    if args.baseline.exists():
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        drops = compare(results, baseline, args.tolerance, args.speed_tolerance)
        if drops:
            print(f"\n{len(drops)} DROP(S) against the baseline:")
            for d in drops:
                print(f"  {d}")
        else:
            print("\nno drops against the baseline")
    if args.record:
        _write_json(args.baseline, results)
        print(f"recorded baseline {args.baseline}")
    return 1 if drops and args.fail_on_drop else 0


if __name__ == "__main__":
    sys.exit(main())
