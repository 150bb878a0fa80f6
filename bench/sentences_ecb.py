"""Sentence boundaries on the ECB+ dev documents: each document's sentences (ECB+'s own, one
per line) joined into one paragraph, split again by ``nlp.sentences.split_paragraph``, and
the boundaries compared with ECB+'s: precision, recall, and the words most often left
before a false split (abbreviations such as "Const." or "p.m.").

ECB+'s tokenisation writes a possessive apostrophe apart ("Achilles ' injury"), which pysbd
reads as an open quotation that swallows the next sentences; it is undone (" ' " -> "' ")
before joining. Gold is approximate: ECB+ breaks before a closing quotation mark now and
then, and headlines, bylines and URLs are lines of their own with no final stop.

    .venv/bin/python bench/sentences_ecb.py          # bench/results/sentences_ecb.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from storyweave.nlp.sentences import split_paragraph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "clustering" / "ecb-dev" / "documents.jsonl"
RESULTS = ROOT / "bench" / "results" / "sentences_ecb.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"ECB+ dev documents not found: {args.data}")
    docs = [json.loads(line) for line in args.data.read_text("utf-8").splitlines()]
    tp = fp = fn = 0
    before_false: Counter[str] = Counter()
    for d in docs:
        lines = [ln.strip().replace(" ' ", "' ") for ln in d["text"].split("\n") if ln.strip()]
        para = " ".join(lines)
        gold, pos = set(), 0
        for ln in lines[:-1]:
            pos += len(ln) + 1
            gold.add(pos)
        found = {start for start, _ in split_paragraph(para)} - {0}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
        for at in found - gold:
            words = para[:at].split()
            before_false[words[-1] if words else ""] += 1
    result = {"benchmark": "sentences_ecb", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "documents": len(docs), "precision": round(tp / max(tp + fp, 1), 4),
              "recall": round(tp / max(tp + fn, 1), 4), "false_splits": fp,
              "missed": fn, "before_false_splits": before_false.most_common(15)}
    print(f"ECB+ dev, {len(docs)} documents: boundary precision {result['precision']:.3f}, "
          f"recall {result['recall']:.3f} ({fp} false splits, {fn} missed)")
    print("most frequent words before a false split:", before_false.most_common(10))
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
