"""Justify the pool template thresholds of ``storyweave/ingestion/template.py``.

What it measures (articles without an outlet, pooled in one batch)
    1. False-positive risk on real news: the 196 ECB+ dev reports (16 events, 8 topics, many
       outlets, one sentence per line; ``shared/data/clustering/ecb-dev``) cleaned as one
       batch and as one batch per event. Which lines repeat across different reports, how
       many reports print each, and what the pool pass cuts (it must cut nothing: every line
       there is a sentence of a report).
    2. The overlap of content words between two reports of one event and of different
       topics: the evidence ``SAME_STORY_OVERLAP`` is set from.
    3. Recall on injected banners: a line that is not a sentence ("From the archives | More
       coverage") and an archive notice that is one ("This article is more than ten years
       old and was archived on our site.") put between two paragraphs of k reports of k
       different events of the pool (10 draws per k: the share of draws where the line is
       gone from all k clean articles, cut by the pool pass or, at an article's edge, by the
       one-article rules); and the same notice in k reports of one event (kept by design:
       within one story a shared sentence is indistinguishable from a wire quote).
    4. The bundled example story: the pool pass must cut nothing there.

How to run
    .venv/bin/python bench/template_lines.py
Writes bench/results/template_lines.json.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import numpy as np

from storyweave import ingest, read_text
from storyweave.ingestion import template
from storyweave.keys import normalise
from storyweave.labels import Label
from storyweave.model import Article

ROOT = Path(__file__).resolve().parents[1]
ECB = Path(__file__).resolve().parents[2] / "shared" / "data" / "clustering" / "ecb-dev" \
    / "documents.jsonl"
EXAMPLE = ROOT / "examples" / "xi-moscow-2023"
RESULTS = ROOT / "bench" / "results" / "template_lines.json"
POOL_REASON = "of this batch)"
FURNITURE = "From the archives | More coverage"
NOTICE = "This article is more than ten years old and was archived on our site."


def load() -> list[tuple[dict, Article]]:
    if not ECB.exists():
        raise SystemExit(f"dev data not found: {ECB}\n(shared/data must sit beside the "
                         "repository checkout: ../shared/data from its root)")
    records = [json.loads(line) for line in ECB.read_text("utf-8").splitlines()]
    return [(r, read_text(r["text"], r["id"])) for r in records]


def pool_cuts(articles: list[Article]) -> list[str]:
    cleaned = template.remove_template_lines(articles)
    return [r.text for a in cleaned for r in a.removed if r.reason.endswith(POOL_REASON)]


def repeated_lines(articles: list[Article]) -> list[dict]:
    """Lines printed by two or more different articles, most repeated first."""
    paras = {i: {normalise(a.span_text(p)) for p in a.spans_of(Label.PARAGRAPH)}
             for i, a in enumerate(articles)}
    seen: dict[str, list[int]] = defaultdict(list)
    for i, keys in paras.items():
        for k in keys:
            seen[k].append(i)
    words = {i: template._story_words(a, set()) for i, a in enumerate(articles)}
    rows = []
    for k, arts in seen.items():
        distinct = template._distinct(arts, paras, len(arts))
        if distinct >= 2:
            rows.append({"articles": distinct, "sentence": template._sentence(k),
                         "carriers_overlap": round(template.story_overlap(
                             [words[i] for i in arts]), 3), "line": k[:90]})
    return sorted(rows, key=lambda r: -r["articles"])


def overlaps(docs: list[tuple[dict, Article]]) -> dict:
    words = [template._story_words(a, set()) for _, a in docs]
    same, other = [], []
    for i, j in combinations(range(len(docs)), 2):
        x = template.story_overlap([words[i], words[j]])
        if docs[i][0]["subtopic"] == docs[j][0]["subtopic"]:
            same.append(x)
        elif docs[i][0]["topic"] != docs[j][0]["topic"]:
            other.append(x)

    def pct(xs: list[float]) -> dict:
        return {f"p{p}": round(float(v), 3)
                for p, v in zip((5, 25, 50, 75, 95), np.percentile(xs, [5, 25, 50, 75, 95]),
                                strict=True)} | {"pairs": len(xs)}

    t = template.SAME_STORY_OVERLAP
    return {"one_event": pct(same), "different_topics": pct(other),
            "one_event_pairs_below_threshold": round(float(np.mean(np.array(same) < t)), 3),
            "different_topic_pairs_at_or_above": round(float(np.mean(np.array(other) >= t)), 3)}


def inject(article: Article, line: str, rng: random.Random) -> Article:
    """The article with ``line`` between two of its paragraphs: at the top or the bottom, the
    one-article rules (header, footer) already cut a line that is not a sentence."""
    paras = [article.span_text(p) for p in article.spans_of(Label.PARAGRAPH)]
    paras.insert(rng.randint(1, max(1, len(paras) - 1)), line)
    return read_text("\n\n".join(paras), article.source)


def injection(docs: list[tuple[dict, Article]], rng: random.Random) -> dict:
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, (r, _) in enumerate(docs):
        by_event[r["subtopic"]].append(i)
    out: dict[str, dict[int, float]] = {"line, different events": {},
                                        "sentence, different events": {},
                                        "sentence, one event (kept by design)": {}}
    for k in range(2, 11):
        hits = defaultdict(list)
        for _ in range(10):
            events = rng.sample(sorted(by_event), k)
            spread = [rng.choice(by_event[e]) for e in events]
            big = max(by_event.values(), key=len)
            one = rng.sample(big, min(k, len(big)))
            for name, line, chosen in (("line, different events", FURNITURE, spread),
                                       ("sentence, different events", NOTICE, spread),
                                       ("sentence, one event (kept by design)", NOTICE, one)):
                batch = [inject(a, line, rng) if i in chosen else a
                         for i, (_, a) in enumerate(docs)]
                cleaned = template.remove_template_lines(batch)
                hits[name].append(all(line not in cleaned[i].text for i in chosen))
        for name, h in hits.items():
            out[name][k] = round(float(np.mean(h)), 2)
    return out


def main() -> None:
    docs = load()
    arts = [a for _, a in docs]
    by_event: dict[str, list[Article]] = defaultdict(list)
    for r, a in docs:
        by_event[r["subtopic"]].append(a)
    repeated = repeated_lines(arts)
    example, _ = ingest([EXAMPLE])
    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "thresholds": {"POOL_MIN_LINE": template.POOL_MIN_LINE,
                       "POOL_MIN_SENTENCE": template.POOL_MIN_SENTENCE,
                       "POOL_SHARE": template.POOL_SHARE,
                       "SAME_STORY_OVERLAP": template.SAME_STORY_OVERLAP},
        "ecb_pool": {"articles": len(arts), "cut_by_pool_pass": pool_cuts(arts),
                     "repeated_lines": repeated[:15],
                     "max_articles_sharing_a_sentence": max(
                         (r["articles"] for r in repeated if r["sentence"]), default=0),
                     "max_articles_sharing_a_non_sentence": max(
                         (r["articles"] for r in repeated if not r["sentence"]), default=0)},
        "ecb_per_event_cut_by_pool_pass": {e: pool_cuts(a) for e, a in by_event.items()},
        "word_overlap_of_two_reports": overlaps(docs),
        "injected_banner_recall_by_k": injection(docs, random.Random(11)),
        "example_story_cut_by_pool_pass": [r.text for a in example for r in a.removed
                                           if r.reason.endswith(POOL_REASON)],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
