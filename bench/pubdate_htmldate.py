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
htmldate and was right or wrong. Seconds per page for each. A page with no article text
keeps the date its metadata gave (``IngestError.meta``), as ``inspect`` and ``extract`` say.

How often the text should override a page's date is measured with ``--shifted``: every
English page is dated again with its metadata date moved by a week, a month and a year either
way (a page printing a wrong date, as one of the example story's reports does): how often
storyweave replaces the wrong date, how often the replacement is the gold day, and how often
it keeps the date with a doubt. Dev pages only; the held-out half stays unread.

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
    p.add_argument("--shifted", action="store_true",
                   help="also date the English pages with their metadata date moved by "
                        "+-7, +-31 and +-365 days: overrides and doubts")
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
    shifted: list[dict] = []
    t_peer = t_ours = 0.0
    for url, g in items:
        raw = gzip.decompress((args.data / "pages" / (g["file"] + ".gz")).read_bytes())
        t0 = time.perf_counter()
        try:
            peer = htmldate.find_date(raw.decode("utf-8", "replace"), url=url, **DATE_PARAMS)
        except Exception:  # the peer's failure is a missing date, as ours is
            peer = None
        t1 = time.perf_counter()
        ours, language, source, failure, doubted = None, None, None, None, False
        try:
            article = read_html(raw, g["file"], url=url)
            article = with_language(article)
            language = article.language
            # the time expressions as the NLP stage finds them, then the dating stage
            article = replace(article, spans=[*article.spans, *find_times(article.text)])
            _, [dated] = date_articles([article])
            ours, source = dated.working, dated.source
            doubted = any(c.verdict == "doubted" for c in dated.candidates)
            if args.shifted and language == "en":
                shifted += _shifted(article, g["date"], date_articles)
        except IngestError as e:
            failure = e.reason
            if "published" in e.meta:  # no article text: the page's own date stands
                ours, source = e.meta["published"].value[:10], "html (no text)"
        t2 = time.perf_counter()
        t_peer += t1 - t0
        t_ours += t2 - t1
        rows.append({"url": url, "gold": g["date"], "htmldate": peer, "storyweave": ours,
                     "source": source, "language": language, "failure": failure,
                     "doubted": doubted})

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
        "kept_with_a_doubt": sum(r["doubted"] for r in rows),
        "shifted": _shift_table(shifted) if args.shifted else None,
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
    print(f"working date sources: {result['working_date_sources']}; kept with a doubt: "
          f"{result['kept_with_a_doubt']}")
    if result["shifted"]:
        print("\nmetadata date moved (English pages): shift, pages, overridden (right), doubted")
        for row in result["shifted"]:
            print(f"  {row['shift']:+5d} {row['pages']:4d} {row['overridden']:4d} "
                  f"({row['override_right']}) {row['doubted']:4d}")
    print(f"seconds per page: {result['seconds_per_page']}  failures: {result['failures']}")
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {RESULTS}")


SHIFTS = (-365, -31, -7, 7, 31, 365)


def _shifted(article, gold: str, date_articles) -> list[dict]:  # noqa: ANN001
    """The page dated again with its metadata date moved by each of SHIFTS."""
    from datetime import date, timedelta

    from storyweave.model import Meta

    out = []
    for shift in SHIFTS:
        wrong = (date.fromisoformat(gold) + timedelta(days=shift)).isoformat()
        meta = {k: v for k, v in article.meta.items() if k != "url"}  # no date in the URL
        meta["published"] = Meta(wrong, "html", "moved by the benchmark")
        _, [dated] = date_articles([replace(article, meta=meta)])
        out.append({"shift": shift, "gold": gold, "working": dated.working,
                    "doubted": any(c.verdict == "doubted" for c in dated.candidates),
                    "overridden": dated.working != wrong})
    return out


def _shift_table(rows: list[dict]) -> list[dict]:
    table = []
    for shift in SHIFTS:
        these = [r for r in rows if r["shift"] == shift]
        table.append({"shift": shift, "pages": len(these),
                      "overridden": sum(r["overridden"] for r in these),
                      "override_right": sum(r["overridden"] and r["working"] == r["gold"]
                                            for r in these),
                      "doubted": sum(r["doubted"] for r in these)})
    return table


if __name__ == "__main__":
    main()
