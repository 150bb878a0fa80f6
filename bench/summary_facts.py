"""Summaries by facts on real stories: how many of the gold's shared facts a 6-sentence
summary states, and how many pairs of its sentences state one fact twice, on the 16 ECB+ dev
events of ``bench/data/facts-ecb-dev`` (and the example story apart).

Systems, same annotations:
    storyweave          the dossier's summary (``weaving.summary``: claims by corroboration and
                        centrality, no two sentences of one claim, nor two whose fact units the
                        pair scorer calls one fact at ``SUMMARY_REPEAT``)
    storyweave, no check  the same with ``SUMMARY_REPEAT`` above 1 (the summary before the check)
    lead                the first sentence of each report, in input order, until 6

A summary sentence states a gold fact when a mention of the fact in that report lies at least
half inside the sentence. Repeated pairs: pairs of sentences of one summary that state a gold
fact in common (two sentences may share a minor fact and still tell different main facts: the
count does not reach 0).

    .venv/bin/python bench/summary_facts.py      # about 3 minutes the first time (annotation)
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from facts_gold import EXAMPLE, GOLD_DIR, GoldStory, documents, load  # noqa: E402
from facts_real import locate  # noqa: E402
from fit_alignment import annotated  # noqa: E402  (ingested, screened, annotated; cached)

RESULTS = ROOT / "bench" / "results" / "summary_facts.json"
SENTENCES = 6


def facts_stated(story: GoldStory, ann, doc_of: dict[str, str], sentence: str) -> set[str]:
    for a in ann.articles:
        at = a.text.find(sentence)
        if at < 0:
            continue
        doc, lo, hi, out = doc_of[a.id], at, at + len(sentence), set()
        for f in story.facts:
            for m in f.mentions:
                span = locate(a.text, m.text) if m.doc == doc else None
                if span and min(span[1], hi) - max(span[0], lo) >= 0.5 * (span[1] - span[0]):
                    out.add(f.id)
        return out
    return set()


def summaries(ann) -> dict[str, list[str]]:
    from storyweave.labels import Label
    from storyweave.weaving import summary
    from storyweave.weaving.dossier import weave_story
    from storyweave.weaving.screening import Screened

    screened = Screened(kept=ann.articles)  # what was left out before annotation: nothing

    out = {}
    for name, cut in (("storyweave", summary.SUMMARY_REPEAT), ("storyweave, no check", 1.01)):
        kept, summary.SUMMARY_REPEAT = summary.SUMMARY_REPEAT, cut
        try:
            out[name] = [s.text for s in weave_story(ann, screened,
                                                     sentences=SENTENCES).summary]
        finally:
            summary.SUMMARY_REPEAT = kept
    leads = []
    for a in ann.articles:
        first = min(a.spans_of(Label.SENTENCE), key=lambda s: s.start, default=None)
        if first is not None and len(leads) < SENTENCES:
            leads.append(a.text[first.start:first.end])
    out["lead"] = leads
    return out


def main() -> int:
    cache = Path(tempfile.gettempdir()) / "sw-fit-cache"  # the fitting tools' cache
    cache.mkdir(exist_ok=True)
    docs = documents()
    results: dict[str, dict[str, dict[str, int]]] = {}
    t0 = time.perf_counter()
    for story in map(load, sorted(GOLD_DIR.glob("*.json"))):
        part = "example" if story.subtopic == EXAMPLE else "ecb_dev"
        ann, doc_of = annotated(story, docs, cache)
        for system, sents in summaries(ann).items():
            stated = [facts_stated(story, ann, doc_of, s) for s in sents]
            row = results.setdefault(part, {}).setdefault(
                system, {"sentences": 0, "facts": 0, "pairs": 0, "repeated_pairs": 0})
            row["sentences"] += len(sents)
            row["facts"] += len(set().union(*stated)) if stated else 0
            pairs = list(itertools.combinations(stated, 2))
            row["pairs"] += len(pairs)
            row["repeated_pairs"] += sum(1 for a, b in pairs if a & b)
    print(f"{'part':9} {'system':22} {'sentences':>9} {'gold facts':>10} {'repeated pairs':>15}")
    for part, rows in results.items():
        for system, r in rows.items():
            print(f"{part:9} {system:22} {r['sentences']:9d} {r['facts']:10d} "
                  f"{r['repeated_pairs']:>7d} / {r['pairs']:<5d}")
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"),
                                   "seconds": round(time.perf_counter() - t0, 1), **results},
                                  indent=1) + "\n", "utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
