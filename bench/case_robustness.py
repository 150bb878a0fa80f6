"""Reports set all in capitals or all in lower case: what the NLP stage still finds in them,
against the same reports in their own case, with the cased reading view (``nlp.casing``)
and without it (the text parsed as it is), side by side in one run.

Stories: the example story (``examples/xi-moscow-2023``) and the ECB+ dev events
(``../shared/data/clustering/ecb-dev``: each subtopic one story, its first ``--docs``
documents). Each story is annotated three times: as it is (the reference), with every
report upper- (or lower-) cased ("alone": no cased report to learn names from), and with
only its first report changed ("among cased": the others lend their names).

Scored on the changed reports, against the reference's annotation of the same reports:

- entities: F1 of the multiset of (name, type), names compared without case;
- dates: F1 of the multiset of (expression, first day, last day) of the time expressions;
- quotes: F1 of the multiset of quote contents, and of (content, speaker's name);
- detected: share of the changed reports whose case was detected (and warned about).

    .venv/bin/python bench/case_robustness.py        # bench/results/case_robustness.json
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from storyweave.ingestion import read_text
from storyweave.ingestion.errors import IngestError
from storyweave.model import Article
from storyweave.nlp import annotate
from storyweave.nlp import annotation as annotation_module

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xi-moscow-2023"
ECB = ROOT.parent / "shared" / "data" / "clustering" / "ecb-dev" / "documents.jsonl"
RESULTS = ROOT / "bench" / "results" / "case_robustness.json"
NAMED = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


def stories(docs_per_story: int) -> dict[str, list[tuple[str, str]]]:
    """``{story: [(name, raw text)]}``."""
    out = {"xi-moscow-2023": [(p.name, p.read_text("utf-8"))
                              for p in sorted(EXAMPLE.glob("*.txt"))]}
    if ECB.exists():
        for line in ECB.read_text("utf-8").splitlines():
            d = json.loads(line)
            story = out.setdefault(d["subtopic"], [])
            if len(story) < docs_per_story:
                story.append((d["id"], d["text"]))
    return out


def read(items: list[tuple[str, str]]) -> list[Article | None]:
    out: list[Article | None] = []
    for name, text in items:
        try:
            out.append(read_text(text, name))
        except IngestError:
            out.append(None)
    return out


def found(a: Article) -> dict[str, Counter]:
    text = a.text.lower()
    ents = Counter((" ".join(text[s.start:s.end].split()), s.attrs.get("type"))
                   for s in a.spans if s.label == "entity" and s.attrs.get("type") in NAMED)
    dates = Counter((" ".join(text[s.start:s.end].split()), s.attrs.get("start"),
                     s.attrs.get("end")) for s in a.spans if s.label == "date")
    speakers = {(s.start, s.end): s.attrs.get("name", "").lower()
                for s in a.spans if s.label == "speaker"}
    quotes = [s for s in a.spans if s.label == "quote"]
    contents = Counter(" ".join(text[q.start:q.end].split()) for q in quotes)
    voiced = Counter((" ".join(text[q.start:q.end].split()),
                      " ".join(speakers.get(tuple(q.attrs.get("speaker") or ()), "").split()))
                     for q in quotes)
    return {"entities": ents, "dates": dates, "quotes": contents, "quote_speakers": voiced}


def f1(ref: Counter, got: Counter) -> tuple[int, int, int]:
    return sum((ref & got).values()), sum(got.values()), sum(ref.values())


@contextmanager
def without_view() -> Iterator[None]:
    """The NLP stage with the reading view switched off: the text parsed as it is."""
    kept = annotation_module.reading_views
    annotation_module.reading_views = lambda articles: articles
    try:
        yield
    finally:
        annotation_module.reading_views = kept


def run(all_stories: dict[str, list[tuple[str, str]]], change: Callable[[str], str],
        setting: str) -> dict:
    sums: dict[str, list[int]] = {k: [0, 0, 0] for k in
                                  ("entities", "dates", "quotes", "quote_speakers")}
    detected = changed = 0
    for items in all_stories.values():
        ref_articles = read(items)
        which = range(len(items)) if setting == "alone" else range(1)
        new_items = [(n, change(t) if i in which else t) for i, (n, t) in enumerate(items)]
        new_articles = read(new_items)
        pairs = [(i, r, a) for i, (r, a) in enumerate(zip(ref_articles, new_articles,
                                                          strict=True))
                 if r is not None and a is not None]
        ref = annotate([r for _, r, _ in pairs]).articles
        got = annotate([a for _, _, a in pairs]).articles
        for (i, _, _), r, g in zip(pairs, ref, got, strict=True):
            if i not in which:
                continue
            changed += 1
            detected += bool(g.get("case"))
            fr, fg = found(r), found(g)
            for k in sums:
                tp, n_got, n_ref = f1(fr[k], fg[k])
                sums[k][0] += tp
                sums[k][1] += n_got
                sums[k][2] += n_ref
    out: dict = {"reports": changed, "detected": round(detected / max(changed, 1), 3)}
    for k, (tp, n_got, n_ref) in sums.items():
        p, r = tp / max(n_got, 1), tp / max(n_ref, 1)
        out[k] = {"precision": round(p, 3), "recall": round(r, 3),
                  "f1": round(2 * p * r / max(p + r, 1e-9), 3), "reference": n_ref}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=6, help="documents per ECB+ story")
    args = ap.parse_args()
    all_stories = stories(args.docs)
    t0 = time.perf_counter()
    results: dict = {}
    for case, change in (("upper", str.upper), ("lower", str.lower)):
        for setting in ("alone", "among cased"):
            for reading in ("as it is", "cased view"):
                if reading == "as it is":
                    with without_view():
                        got = run(all_stories, change, setting)
                else:
                    got = run(all_stories, change, setting)
                results[f"{case} / {setting} / {reading}"] = got
                print(f"{case:5} {setting:11} {reading:10} reports {got['reports']:3d} "
                      f"detected {got['detected']:.2f}  "
                      + "  ".join(f"{k} F1 {got[k]['f1']:.3f}"
                                  for k in ("entities", "dates", "quotes", "quote_speakers")),
                      flush=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "case_robustness",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "stories": len(all_stories), "docs_per_ecb_story": args.docs,
        "results": results, "seconds": round(time.perf_counter() - t0, 1),
        "machine": {"python": platform.python_version(),
                    "cpus": __import__("os").cpu_count()}}, indent=1) + "\n", "utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
