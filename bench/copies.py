"""Copies of one report: precision and recall of ``stories.copies`` on copies made from real
reports and on real pairs labelled by hand, side by side with MinHash LSH alone.

Data: the ECB+ dev reports (``shared/data/clustering/ecb-dev``).
    made copies   from every report of 80 words or more, one copy of each kind (seeded):
                  edited    5 % of the words replaced by other words of the report
                  trimmed   the first 60 % of its sentences
                  dressed   another headline line first, boilerplate lines after
                            ("Copyright ... All rights reserved.", "Read more: ...")
                  reordered its paragraphs after the first shuffled
                  all       trimmed to 70 %, then edited (3 %), dressed and reordered
                  each is scored against its source (a copy) and against every other report
                  of the same event (not a copy), but those the real pairs label a copy of
                  its source (a copy of a copy is one: 7 of 8 "false copies" on 2026-12-07
                  were such, e.g. a copy made of one cut of an AP item against another cut)
    real pairs    ``bench/data/copies-ecb-dev/pairs.json``: the 101 pairs of reports of one
                  topic whose shingles overlap (containment >= 0.2), labelled copy (32),
                  different (68) or unsure (1, left out) by hand (see its README)

Systems: storyweave (MinHash LSH candidates, then the sentence-aligned check: the stream's
copy finder); storyweave (story) (candidates from every pair's MinHash estimate, then the same
check: the weave's, ``copies_among``); ``minhash``: datasketch's MinHash LSH alone at Jaccard
0.5 on the same shingles.

    .venv/bin/python bench/copies.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "data" / "clustering" / "ecb-dev" / "documents.jsonl"
PAIRS = ROOT / "bench" / "data" / "copies-ecb-dev" / "pairs.json"
RESULTS = ROOT / "bench" / "results" / "copies.json"
KINDS = ("edited", "trimmed", "dressed", "reordered", "all")
BOILERPLATE = ["Copyright 2009 The Associated Press. All rights reserved.",
               "This material may not be published, broadcast, rewritten or redistributed.",
               "Read more: Top stories of the day", "Follow us on Twitter and Facebook"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def make_copy(text: str, kind: str, rng: random.Random) -> str:
    def edited(t: str, share: float) -> str:
        words = t.split(" ")
        pool = [w for w in words if w.isalpha()] or words
        for i in rng.sample(range(len(words)), max(1, int(share * len(words)))):
            words[i] = rng.choice(pool)
        return " ".join(words)

    def trimmed(t: str, share: float) -> str:
        s = _sentences(t)
        return "\n".join(s[:max(1, round(share * len(s)))])

    def dressed(t: str) -> str:
        head = " ".join(t.split()[:8]).upper()
        return f"UPDATE: {head}\n{t}\n" + "\n".join(rng.sample(BOILERPLATE, 2))

    def reordered(t: str) -> str:
        lines = [x for x in t.split("\n") if x.strip()]
        if len(lines) < 3:
            lines = _sentences(t)
        rest = lines[1:]
        rng.shuffle(rest)
        return "\n".join(lines[:1] + rest)

    if kind == "edited":
        return edited(text, 0.05)
    if kind == "trimmed":
        return trimmed(text, 0.6)
    if kind == "dressed":
        return dressed(text)
    if kind == "reordered":
        return reordered(text)
    return reordered(dressed(edited(trimmed(text, 0.7), 0.03)))


def storyweave_says(a: str, b: str, *, exact: bool = False) -> bool:
    from storyweave.stories.copies import CopyFinder

    finder = CopyFinder(exact=exact)
    finder.add("a", a)
    return bool(finder.add("b", b))


def storyweave_story_says(a: str, b: str) -> bool:
    """As the weave of one story looks for copies (``copies_among``): candidates from the
    exact index, not LSH's bands."""
    return storyweave_says(a, b, exact=True)


def minhash_says(a: str, b: str) -> bool:
    from storyweave.stories.copies import minhash, shingles

    return bool(minhash(shingles(a)).jaccard(minhash(shingles(b))) >= 0.5)


def main() -> None:
    if not ECB.exists():
        raise SystemExit(f"benchmark data not found: {ECB}")
    t0 = time.perf_counter()
    docs = {d["id"]: d for d in map(json.loads, ECB.read_text(encoding="utf-8").splitlines())}
    by_event = defaultdict(list)
    for d in docs.values():
        by_event[d["subtopic"]].append(d)
    from facts_gold import families  # bench/: copies of copies are one family

    labelled_copies = families([(p["b"], p["a"]) for p in json.loads(
        PAIRS.read_text(encoding="utf-8")) if p["label"] == "copy"])
    rng = random.Random(11)
    systems = {"storyweave": storyweave_says, "storyweave (story)": storyweave_story_says,
               "minhash": minhash_says}
    counts = {s: defaultdict(lambda: [0, 0]) for s in systems}  # kind -> [found, of]
    false = {s: [0, 0] for s in systems}  # [called copy, pairs] over different reports
    made = 0
    for d in docs.values():
        if len(d["text"].split()) < 80:
            continue
        for kind in KINDS:
            copy = make_copy(d["text"], kind, rng)
            made += 1
            for name, says in systems.items():
                hit = says(d["text"], copy)
                counts[name][kind][0] += hit
                counts[name][kind][1] += 1
                for other in by_event[d["subtopic"]]:
                    if other["id"] != d["id"] and kind == "all" and (
                            labelled_copies.get(other["id"], other["id"])
                            != labelled_copies.get(d["id"], d["id"])):
                        false[name][0] += says(other["text"], copy)
                        false[name][1] += 1
    labelled = [p for p in json.loads(PAIRS.read_text(encoding="utf-8")) if p["label"] != "unsure"]
    real = {}
    for name, says in systems.items():
        hits = [(p["label"], says(docs[p["a"]]["text"], docs[p["b"]]["text"])) for p in labelled]
        tp = sum(1 for label, h in hits if h and label == "copy")
        fp = sum(1 for label, h in hits if h and label == "different")
        pos = sum(1 for label, _ in hits if label == "copy")
        real[name] = {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
                      "recall": round(tp / pos, 3), "copies": pos,
                      "different": len(hits) - pos, "false_copies": fp}
    results = {"made_copies": made, "systems": {}}
    print(f"made copies of {made // len(KINDS)} reports ({made} copies)\n")
    print(f"{'system':18s} " + " ".join(f"{k:>10s}" for k in (*KINDS, "recall", "precision"))
          + "   real pairs: P / R")
    for name in systems:
        found = sum(v[0] for v in counts[name].values())
        total = sum(v[1] for v in counts[name].values())
        wrong = false[name][0]
        row = {k: round(v[0] / v[1], 3) for k, v in counts[name].items()}
        row.update(recall=round(found / total, 3),
                   precision=round(found / (found + wrong), 3) if found + wrong else 1.0,
                   false_copies=wrong, other_reports_scored=false[name][1], real=real[name])
        results["systems"][name] = row
        print(f"{name:18s} " + " ".join(f"{row[k]:>10}" for k in (*KINDS, "recall",
                                                                   "precision"))
              + f"   {real[name]['precision']} / {real[name]['recall']}")
    results["seconds"] = round(time.perf_counter() - t0, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), **results}, indent=1))
    print(f"\nwrote {RESULTS}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
