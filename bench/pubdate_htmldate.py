"""Publication date accuracy (day level) on the htmldate evaluation set (dev part): storyweave's
working date against htmldate alone, on the same pages, in one run.

Data: ``../shared/data/dates/htmldate/`` (300 URLs, gold dates at day level; see its README).
Each page is read as storyweave reads HTML (``read_html`` with the page's URL: trafilatura,
htmldate with ``original_date=True, extensive_search=True``), then dated as in a dossier of one
article (``weaving.chronology.dating.date_articles``: every candidate checked against the
text's time expressions). The peer is ``htmldate.find_date`` with the same settings on the
same bytes.

Reported: accuracy (working date == gold), coverage (a date given at all), accuracy where a
date is given, for all pages and for the English ones (the time expressions are English:
for other languages only the candidates are compared), and how often storyweave overrode
htmldate and was right or wrong. Seconds per page for each.

    .bench-venv/bin/python bench/pubdate_htmldate.py   # bench/results/pubdate_htmldate.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dates" / "htmldate"
RESULTS = ROOT / "bench" / "results" / "pubdate_htmldate.json"
DATE_PARAMS = {"original_date": True, "extensive_search": True}


def figures(pred: list[str | None], gold: list[str]) -> dict[str, float]:
    given = [p is not None for p in pred]
    right = [p == g for p, g in zip(pred, gold, strict=True)]
    n_given = sum(given)
    return {"pages": len(gold), "accuracy": round(sum(right) / max(len(gold), 1), 4),
            "coverage": round(n_given / max(len(gold), 1), 4),
            "accuracy_when_given": round(sum(right) / max(n_given, 1), 4)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--limit", type=int, default=None)
    args = p.parse_args()
    if not (args.data / "gold.json").exists():
        raise SystemExit(f"htmldate set not found: {args.data} (../shared beside the checkout)")
    import htmldate

    from storyweave.ingestion.errors import IngestError
    from storyweave.ingestion.html import read_html
    from storyweave.ingestion.language import with_language
    from storyweave.nlp.timex import find_times
    from storyweave.weaving.chronology.dating import date_articles

    gold = json.loads((args.data / "gold.json").read_text("utf-8"))
    items = sorted(gold.items())[:args.limit]
    rows = []
    t_peer = t_ours = 0.0
    for url, g in items:
        raw = gzip.decompress((args.data / "pages" / (g["file"] + ".gz")).read_bytes())
        t0 = time.perf_counter()
        try:
            peer = htmldate.find_date(raw.decode("utf-8", "replace"), url=url, **DATE_PARAMS)
        except Exception:  # the peer's failure is a missing date, as ours is
            peer = None
        t1 = time.perf_counter()
        ours, language, source, failure = None, None, None, None
        try:
            article = read_html(raw, g["file"], url=url)
            article = with_language(article)
            language = article.language
            # the time expressions as the NLP stage finds them, then the dating stage
            article = replace(article, spans=[*article.spans, *find_times(article.text)])
            _, [dated] = date_articles([article])
            ours, source = dated.working, dated.source
        except IngestError as e:
            failure = e.reason
        t2 = time.perf_counter()
        t_peer += t1 - t0
        t_ours += t2 - t1
        rows.append({"url": url, "gold": g["date"], "htmldate": peer, "storyweave": ours,
                     "source": source, "language": language, "failure": failure})

    def table(subset: list[dict]) -> dict:
        gold_days = [r["gold"] for r in subset]
        return {"htmldate": figures([r["htmldate"] for r in subset], gold_days),
                "storyweave": figures([r["storyweave"] for r in subset], gold_days)}

    english = [r for r in rows if r["language"] == "en"]
    changed = [r for r in rows if r["storyweave"] != r["htmldate"]]
    result = {
        "benchmark": "pubdate_htmldate", "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": str(args.data.relative_to(ROOT.parent)) if args.data.is_relative_to(ROOT.parent)
        else str(args.data),
        "all": table(rows), "english": table(english),
        "storyweave_differs_from_htmldate": {
            "pages": len(changed),
            "storyweave_right": sum(r["storyweave"] == r["gold"] for r in changed),
            "htmldate_right": sum(r["htmldate"] == r["gold"] for r in changed)},
        "working_date_sources": {s: sum(r["source"] == s for r in rows)
                                 for s in sorted({str(r["source"]) for r in rows})},
        "failures": sum(r["failure"] is not None for r in rows),
        "seconds_per_page": {"htmldate": round(t_peer / max(len(rows), 1), 4),
                             "storyweave": round(t_ours / max(len(rows), 1), 4)},
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "changed_pages": changed,
    }
    print(f"htmldate dev set, {len(rows)} pages ({len(english)} English); day-level accuracy\n")
    print(f"{'subset':8} {'system':11} {'accuracy':>9} {'coverage':>9} {'acc. if given':>14}")
    for name in ("all", "english"):
        for system, f in result[name].items():
            print(f"{name:8} {system:11} {f['accuracy']:9.3f} {f['coverage']:9.3f} "
                  f"{f['accuracy_when_given']:14.3f}")
    d = result["storyweave_differs_from_htmldate"]
    print(f"\nstoryweave differs from htmldate on {d['pages']} pages: storyweave right on "
          f"{d['storyweave_right']}, htmldate right on {d['htmldate_right']}")
    print(f"working date sources: {result['working_date_sources']}")
    print(f"seconds per page: {result['seconds_per_page']}  failures: {result['failures']}")
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
