"""Time and peak memory of ``storyweave.weave`` on one article whose text is a single
paragraph of 10 kB, 100 kB, 300 kB and 1 MB (just over spaCy's ``max_length`` of 1,000,000
characters), beside the example story's five normal articles for reference.

The long paragraph is the example story's sentences (``examples/xi-moscow-2023``, the lines
that end with a full stop) joined by spaces and repeated up to the size: real news prose
with no newline anywhere, as a flattened article or a JSONL ``text`` field arrives. Each run
is a fresh process, so its peak RSS (``ru_maxrss``) is its own and the model load is paid
(and reported apart). Reported per run: characters, sentences, units, claims, seconds of
model load, annotation steps (sentences, entities, numbers, embedding), weaving, the whole
``weave`` call, and peak RSS. Linear cost shows as a constant ``ms_per_kchar``.

    .venv/bin/python bench/long_input.py                          # 10k,100k,300k,1050k + story
    .venv/bin/python bench/long_input.py --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xi-moscow-2023"
RESULTS = ROOT / "bench" / "results" / "long_input.json"
SIZES = "10000,100000,300000,1050000"
STORY = 0  # the --one value that means "the example story, as it is"


def long_paragraph(size: int) -> str:
    """About ``size`` characters of the example's sentences on one line, cut at a word."""
    sentences = [line.strip() for path in sorted(EXAMPLE.glob("*.txt"))
                 for line in path.read_text("utf-8").splitlines()
                 if line.strip().endswith(".")]
    base = " ".join(sentences)
    text = " ".join([base] * (size // len(base) + 1))[:size]
    return text[:text.rfind(" ")]


def run_one(size: int) -> dict:
    """In this (fresh) process: weave one long-paragraph article, or the example story."""
    from storyweave import ingest, read_text, weave
    from storyweave.labels import Label
    from storyweave.progress import RunReport

    if size == STORY:
        articles, _ = ingest([EXAMPLE])
    else:
        articles = [read_text(long_paragraph(size), f"long-{size}.txt")]
    t0 = time.perf_counter()
    timings = RunReport()
    d = weave(articles, report=timings)
    t1 = time.perf_counter()
    sec = timings.seconds
    steps = sec.get("annotate_steps", {})
    chars = sum(len(a.text) for a in articles)
    work = t1 - t0 - sec["load_models"]
    return {"input": "example story" if size == STORY else f"1 paragraph of {size:,}",
            "articles": len(articles), "chars": chars,
            "paragraphs": sum(1 for a in articles for _ in a.spans_of(Label.PARAGRAPH)),
            "sentences": sum(1 for a in d.articles for _ in a.spans_of(Label.SENTENCE)),
            "units": d.stats["units"], "claims": len(d.claims),
            "load_models_s": sec["load_models"],
            "sentences_s": steps.get("sentences"), "entities_s": steps.get("entities"),
            "numbers_s": steps.get("numbers"), "embedding_s": steps.get("embedding"),
            "annotate_s": sec["annotate"], "weave_s": sec["weave"],
            "weave_call_s": round(t1 - t0, 2),
            "ms_per_kchar": round(1000 * work / (chars / 1000), 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default=SIZES, help="paragraph sizes in characters")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = p.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for size in [STORY, *(int(x) for x in args.sizes.split(","))]:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"done: {rows[-1]['input']}", file=sys.stderr)
    cols = ["input", "chars", "sentences", "units", "claims", "load_models_s", "sentences_s",
            "entities_s", "numbers_s", "embedding_s", "weave_s", "weave_call_s",
            "ms_per_kchar", "peak_rss_mib"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "rows": rows}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
