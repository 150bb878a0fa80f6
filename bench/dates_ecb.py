"""Date lines of real reports: how many of the ECB+ dev reports' own time stamps ("14:25 Sun
Sep 15 2013", "Updated 4/9/2007 6:04 PM", "POSTED: 1052 GMT (1852 HKT), April 10, 2007") the
cleaner reads, and whether the day it reads is the day the report's URL carries.

Data: the 196 ECB+ dev documents (``shared/data/clustering/ecb-dev``), scraped pages whose
first lines are often the URL, the title and a time stamp. A report's *stamp* is the first of
its first 8 lines that the system reads as a date line; its *URL day* is the date in a URL
line among those lines (``/2013/09/14/``, ``/2013-09-14``, ``/2013/sep/16/``), the reference.
A stamp agrees when it is within a day of the URL day (a page stamped in another time zone;
a paper's URL carries its print day, the day after the web stamp: "Published: August 2, 2013"
under nytimes.com/2013/08/03/).

Systems, on the same lines:
    storyweave   ``ingestion.rules.parse_date_line`` (what the cleaner records as a report's
                 ``published`` date)
    htmldate     ``htmldate.extractors.try_date_expr`` on each line of at most 120 characters
                 (htmldate's own text-date parser; it reads a date inside any sentence, so
                 longer lines are left out for it)

Printed: reports with a URL day, stamps read, stamps on reports with a URL day and how many
agree, and the lines storyweave leaves unread that hold a year (``--show``).

    .venv/bin/python bench/dates_ecb.py            # bench/results/dates_ecb.json
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from storyweave.ingestion.rules import MONTHS, parse_date_line

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "clustering" / "ecb-dev" / "documents.jsonl"
RESULTS = ROOT / "bench" / "results" / "dates_ecb.json"
HEAD_LINES = 8
_URL = re.compile(r"https?://\S+")
# a one-digit day only before "/" or the end: "/2013/08/5-thoughts-on-..." is August 2013 and
# a slug that starts with a number, not August 5
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?|[a-z]{3})[/-](\d\d(?=[/_.-]|$)|\d(?=/|$))",
                      re.I)


def url_day(lines: list[str]) -> date | None:
    for line in lines:
        for url in _URL.findall(line):
            m = _URL_DAY.search(url)
            if m is None:
                continue
            month = m.group(2)
            number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
            try:
                return date(int(m.group(1)), number, int(m.group(3)))
            except ValueError:
                continue
    return None


def storyweave_stamp(lines: list[str]) -> date | None:
    for line in lines:
        if not _URL.search(line) and (found := parse_date_line(line)) is not None:
            return date.fromisoformat(found[0])
    return None


def htmldate_stamp(lines: list[str]) -> date | None:
    from htmldate.extractors import try_date_expr

    for line in lines:
        if len(line) > 120 or _URL.search(line):
            continue
        found = try_date_expr(line, "%Y-%m-%d", False, datetime(1990, 1, 1),
                              datetime(2030, 12, 31))
        if found:
            return date.fromisoformat(found)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show", action="store_true", help="print the lines storyweave leaves")
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"ECB+ dev documents not found: {args.data}")
    docs = [json.loads(line) for line in args.data.read_text("utf-8").splitlines()]
    heads = [[ln.strip() for ln in d["text"].split("\n") if ln.strip()][:HEAD_LINES]
             for d in docs]
    refs = [url_day(h) for h in heads]
    rows = {}
    for name, stamp in (("storyweave", storyweave_stamp), ("htmldate", htmldate_stamp)):
        found = [stamp(h) for h in heads]
        checked = [(f, r) for f, r in zip(found, refs, strict=True) if f and r]
        agree = sum(1 for f, r in checked if abs(f - r) <= timedelta(days=1))
        rows[name] = {"stamps": sum(1 for f in found if f), "with_url_day": len(checked),
                      "agree": agree,
                      "agreement": round(agree / len(checked), 3) if checked else None}
    print(f"{len(docs)} ECB+ dev reports, {sum(1 for r in refs if r)} with a day in a URL line")
    print(f"{'system':12} {'stamps read':>12} {'with URL day':>13} {'agree':>6} {'share':>6}")
    for name, r in rows.items():
        print(f"{name:12} {r['stamps']:>12} {r['with_url_day']:>13} {r['agree']:>6} "
              f"{r['agreement'] if r['agreement'] is not None else '-':>6}")
    if args.show:
        for d, h in zip(docs, heads, strict=True):
            for line in h:
                if (not _URL.search(line) and len(line) < 90 and re.search(r"\b(?:19|20)\d\d\b",
                                                                            line)
                        and parse_date_line(line) is None):
                    print(f"  {d['id']}: {line}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"date": datetime.now(UTC).date().isoformat(),
                                   "reports": len(docs),
                                   "with_url_day": sum(1 for r in refs if r),
                                   "systems": rows}, indent=1) + "\n", "utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
