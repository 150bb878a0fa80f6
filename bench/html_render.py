"""Size and time to first render of the HTML dossier in Chromium, for stories of 5, 50 and 200
articles (or any sizes).

Stories are made as ``bench/dossier_timing.py`` makes them (Multi-News validation documents
pooled, ``--article-words`` joining them into articles of real length), woven once each;
then per size: ``to_html`` seconds (best of 3), the page's size in bytes, and, in Debian's
Chromium driven by Playwright (headless, a fresh page each time, median of 5 loads of the
file:// URL), the Performance API's first contentful paint, DOMContentLoaded and load event,
in ms from navigation start. The pages are Multi-News documents of different events, so few
facts are shared: the coverage matrix is small and the articles are most of the page.

    .venv/bin/python bench/html_render.py                      # 5, 50, 200 of ~700 words
    .venv/bin/python bench/html_render.py --sizes 5,50 --article-words 0
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dossier_timing import DATA, story  # noqa: E402  (the bench directory is no package)

RESULTS = Path(__file__).resolve().parent / "results" / "html_render.json"
LOADS = 5
TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd};
}"""


def weave_story(n: int, data: Path, article_words: int) -> Any:
    from storyweave import read_text, weave

    texts = story(n, data, article_words)
    return weave([read_text(t, f"multinews-{i}") for i, t in enumerate(texts)])


def render_timing(d: Any) -> tuple[str, float]:
    from storyweave.render import to_html

    best, html = float("inf"), ""
    for _ in range(3):
        t = time.perf_counter()
        html = to_html(d)
        best = min(best, time.perf_counter() - t)
    return html, best


def browser_timing(browser: Any, path: Path) -> dict[str, float]:
    runs = []
    for _ in range(LOADS):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        runs.append(page.evaluate(TIMING))
        page.close()
    return {f"{k}_ms": round(statistics.median(r[k] for r in runs), 1)
            for k in ("fcp", "dcl", "load") if all(r[k] is not None for r in runs)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="5,50,200")
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--article-words", type=int, default=700)
    args = p.parse_args()
    if not args.data.exists():
        raise SystemExit(f"benchmark data not found: {args.data}")
    chromium = os.environ.get("STORYWEAVE_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Chromium not found: apt-get install chromium, or set "
                         "STORYWEAVE_CHROMIUM")
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox"] if root else [])
        for n in (int(x) for x in args.sizes.split(",")):
            t = time.perf_counter()
            d = weave_story(n, args.data, args.article_words)
            weave_s = time.perf_counter() - t
            html, render_s = render_timing(d)
            path = Path(tmp) / f"story-{n}.html"
            path.write_text(html, encoding="utf-8")
            row = {"articles": len(d.articles), "claims": len(d.claims),
                   "shared_claims": sum(c.corroboration > 1 for c in d.claims),
                   "words": sum(len(a.text.split()) for a in d.articles),
                   "bytes": len(html.encode()), "to_html_s": round(render_s, 3),
                   "weave_s": round(weave_s, 1), **browser_timing(browser, path)}
            print(json.dumps(row), flush=True)
            rows.append(row)
        version = browser.version
        browser.close()
    cols = ["articles", "claims", "bytes", "to_html_s", "fcp_ms", "dcl_ms", "load_ms"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r.get(c)) for c in cols))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "chromium": version,
                                   "article_words": args.article_words, "loads": LOADS,
                                   "rows": rows}, indent=1) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
