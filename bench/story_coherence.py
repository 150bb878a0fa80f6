"""Fit and check the story-sanity threshold (``storyweave.weaving.coherence.ONE_STORY``).

What it measures
    The coherence score (the similarity of average linkage's last merge over the articles'
    mean MiniLM embeddings; see ``storyweave/weaving/coherence.py``) of sets of articles that
    are one story, and of sets that are not:

    one story   a Multi-News validation cluster (``shared/data/summarization``: the documents
                newser.com summarised as one story); a random 2-8 documents, or all of them,
                of one ECB+ dev subtopic (``shared/data/clustering/ecb-dev``: one real event).
    mixed       outlier: a one-story set plus one document of another story;
                two-stories: two one-story sets pooled; unrelated: 5 documents of 5 stories.
    hard        ECB+ documents of the same topic but the other subtopic (another event of the
                same type: two different Oscar hosts, two footballers arrested). Reported, not
                used for the fit: the warning is for articles that are not one story at all.

    Multi-News clusters carry scraped junk as "documents" (Wayback Machine crawl notes, the
    Twitter location notice, cookie walls, subscription pages). A cluster with such a
    document is not one story in the sense the warning means, so it is left out of the fit
    (``_JUNK``; reported apart, "incl. junk"). The filter misses some: the output lists the
    check half's flagged one-story clusters ("audit") so each alarm can be judged by eye.

    Every set is split by a hash of its story (Multi-News cluster id, ECB+ topic) into a
    *fit* half and a *check* half. The threshold is the highest value that flags at most 1%
    of the fit half's ECB+ one-story sets (clean labels) and at most 5% of its Multi-News
    one-story clusters (noisy labels). Both halves are then scored at the library's value
    (``ONE_STORY``): false-alarm rate, recall per mixed kind, precision (at this benchmark's
    mix of one-story and mixed sets).

    Articles go through the pipeline's own steps: ``read_text`` (the cleaner), ``annotate``,
    ``build_units``, ``unit_vectors``, then ``coherence.article_vectors`` and
    ``coherence.merge_tree``, exactly as ``weave()`` calls them.

How to run (the project venv; needs ../shared/data beside the checkout)
    .venv/bin/python bench/story_coherence.py                  # 1500 Multi-News clusters
    .venv/bin/python bench/story_coherence.py --limit 300      # quicker, noisier
    .venv/bin/python bench/story_coherence.py --cache sc.npz   # annotate once
Writes bench/results/story_coherence.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ECB = DATA / "clustering" / "ecb-dev" / "documents.jsonl"
MULTINEWS = DATA / "summarization" / "multinews-val.jsonl.gz"
EXAMPLE = ROOT / "examples" / "xi-moscow-2023"
RESULTS = ROOT / "bench" / "results" / "story_coherence.json"

# Scraped junk that Multi-News kept as documents: the most repeated ones, and the phrases
# of the junk found by reading the lowest-scoring "one-story" clusters of the fit half
# (cookie walls, subscription and account pages, crawl notes, embed codes, widgets).
_JUNK = re.compile(r"crawl|wayback|internet archive|tweet with a location|add a location to "
                   r"your tweets|appear next to all of your comments|rating is available when "
                   r"the video|interactive transcript could not|verification email|cookies|"
                   r"javascript|your (?:web )?browser|zip ?code|subscri|sign up|log in|"
                   r"your account|email address|notifications?|copying the code|"
                   r"thank you for reading|\.{10}|terms of (?:use|service)|privacy policy|"
                   r"all rights reserved|is the #1 resource|our mission is|we provide", re.I)


@dataclass(frozen=True, slots=True)
class Doc:
    story: str  # "mn:<cluster id>" or "ecb:<subtopic>"
    topic: str  # the hash key of the fit/check split: cluster id, or ECB+ topic
    text: str
    junk: bool = False


@dataclass(slots=True)
class Labelled:
    kind: str
    one_story: bool | None  # None: the "hard" sets, reported only
    docs: list[int]  # indices into the docs that made it through the cleaner
    half: str  # "fit" or "check"
    clean: bool = True  # no scraped-junk document in it


def half_of(key: str) -> str:
    return "fit" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "check"


def load_docs(limit: int) -> list[Doc]:
    for path in (ECB, MULTINEWS):
        if not path.exists():
            raise SystemExit(f"dev data not found: {path}\n(shared/data must sit beside the "
                             "repository checkout: ../shared/data from its root)")
    docs = []
    for line in ECB.read_text("utf-8").splitlines():
        r = json.loads(line)
        docs.append(Doc(f"ecb:{r['subtopic']}", f"ecb:{r['topic']}", r["text"]))
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            r = json.loads(line)
            docs += [Doc(f"mn:{r['id']}", f"mn:{r['id']}", d, bool(_JUNK.search(d)))
                     for d in r["documents"] if d.strip()]
    return docs


def embed_docs(texts: list[tuple[str, str]]) -> tuple[list[int], np.ndarray]:
    """Clean and annotate the texts as ``weave()`` does; return the indices of the texts that
    became articles with at least one unit, and one coherence vector per such text."""
    from storyweave import read_text
    from storyweave.ingestion import IngestError
    from storyweave.nlp import annotate
    from storyweave.weaving.align.units import build_units, unit_sides, unit_vectors
    from storyweave.weaving.coherence import article_vectors

    articles, kept = [], []
    for i, (text, name) in enumerate(texts):
        try:
            articles.append(read_text(text, name))
            kept.append(i)
        except IngestError:
            continue
    t0 = time.perf_counter()
    annotated = annotate(articles)
    articles = annotated.articles
    units = build_units(articles)
    uv = unit_vectors(unit_sides(units, articles, annotated.statements))
    means, judged = article_vectors(units, uv, len(articles))
    print(f"  annotated {len(articles)} articles in {time.perf_counter() - t0:.0f}s",
          file=sys.stderr)
    return [kept[j] for j in judged], means


def cached_embeddings(docs: list[Doc], cache: Path | None) -> tuple[list[int], np.ndarray]:
    """``embed_docs`` of every document, read from ``cache`` when it holds this document
    set (same texts, by hash), else computed and written there."""
    digest = hashlib.sha1("\0".join(d.text for d in docs).encode()).hexdigest()
    if cache and cache.exists():
        saved = np.load(cache)
        if str(saved["digest"]) == digest:
            return [int(i) for i in saved["usable"]], saved["means"]
    usable, means = embed_docs([(d.text, f"{d.story}-{i}") for i, d in enumerate(docs)])
    if cache:
        np.savez(cache, digest=digest, usable=np.array(usable), means=means)
    return usable, means


def score(means: np.ndarray, members: list[int]) -> float:
    from storyweave.weaving.coherence import coherence_score, merge_tree

    return float(coherence_score(merge_tree(means[members])))


def build_sets(docs: list[Doc], usable: set[int], rng: random.Random) -> list[Labelled]:
    by_story: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if i in usable:
            by_story[d.story].append(i)
    mn = [s for s, m in by_story.items() if s.startswith("mn:") and len(m) >= 2]
    ecb = [s for s in by_story if s.startswith("ecb:")]
    topic_of = {s: docs[by_story[s][0]].topic for s in by_story}
    junk = {s: any(docs[i].junk for i in by_story[s]) for s in by_story}
    sets: list[Labelled] = []

    def add(kind: str, one: bool | None, stories: list[str], members: list[int]) -> None:
        sets.append(Labelled(kind, one, members, half_of(topic_of[stories[0]]),
                             not any(junk[s] for s in stories)))

    def other(story: str, pool: list[str]) -> str:
        while (o := rng.choice(pool)) == story or topic_of[o] == topic_of[story]:
            pass
        return o

    for s in mn:
        add("mn-cluster", True, [s], by_story[s])
        o = other(s, mn)
        add("mn-outlier", False, [s, o], by_story[s] + [rng.choice(by_story[o])])
        o = other(s, mn)
        add("mn-two-stories", False, [s, o], by_story[s] + by_story[o])
        five = [s] + rng.sample([x for x in mn if x != s], 4)
        add("mn-unrelated", False, five, [rng.choice(by_story[x]) for x in five])
    for s in ecb:
        add("ecb-subtopic-all", True, [s], by_story[s])
        for _ in range(30):
            k = rng.randint(2, min(8, len(by_story[s])))
            sample = rng.sample(by_story[s], k)
            add("ecb-subtopic-sample", True, [s], sample)
            o = other(s, ecb)
            add("ecb-outlier", False, [s, o], sample + [rng.choice(by_story[o])])
            o = other(s, ecb)
            add("ecb-two-topics", False, [s, o],
                sample[:4] + rng.sample(by_story[o], min(len(by_story[o]), rng.randint(2, 4))))
            twin = next(x for x in ecb if x != s and topic_of[x] == topic_of[s])
            add("ecb-same-topic-outlier (hard)", None, [s], sample + [rng.choice(by_story[twin])])
    return sets


def fit_threshold(limits: list[tuple[np.ndarray, float]]) -> float:
    """The highest threshold (2 decimals) that flags at most the given share of each set of
    one-story scores: ``[(scores, max_share), ...]``."""
    best = 0.0
    for t in np.arange(0.0, 1.0, 0.01):
        if all(np.mean(one < t) <= share for one, share in limits):
            best = round(float(t), 2)
    return best


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a one-story set > score of a mixed set)."""
    if not len(pos) or not len(neg):
        return float("nan")
    return float(np.mean(pos[:, None] > neg[None, :]) + 0.5 * np.mean(pos[:, None] == neg[None, :]))


def describe(x: np.ndarray) -> dict[str, float]:
    q = np.percentile(x, [1, 5, 25, 50, 75, 95]) if len(x) else [float("nan")] * 6
    return {"n": len(x), **{f"p{p}": round(float(v), 3)
                            for p, v in zip((1, 5, 25, 50, 75, 95), q, strict=True)}}


def evaluate(sets: list[Labelled], scores: np.ndarray, t: float, half: str) -> dict:
    rows = [(s, x) for s, x in zip(sets, scores, strict=True) if s.half == half]
    out: dict[str, dict] = {}
    for kind in sorted({s.kind for s, _ in rows}):
        for clean_only in (True, False):
            xs = np.array([x for s, x in rows if s.kind == kind and (s.clean or not clean_only)])
            name = kind + ("" if clean_only else " (incl. junk)")
            if not clean_only and len(xs) == sum(1 for s, _ in rows if s.kind == kind
                                                 and s.clean):
                continue
            out[name] = {"warned": round(float(np.mean(xs < t)), 3) if len(xs) else None,
                         **describe(xs)}
    one = [x for s, x in rows if s.one_story and s.clean]
    mixed = [x for s, x in rows if s.one_story is False and s.clean]
    tp = sum(x < t for x in mixed)
    fp = sum(x < t for x in one)
    out["overall (clean sets)"] = {
        "false_alarm_rate": round(fp / len(one), 3), "recall": round(tp / len(mixed), 3),
        "precision": round(tp / max(tp + fp, 1), 3), "one_story_sets": len(one),
        "mixed_sets": len(mixed)}
    return out


def example_checks(t: float, docs: list[Doc], usable: list[int]) -> dict:
    """The bundled example story alone, and 3 of its reports with 2 unrelated documents, as
    ``weave()`` judges them (with the library's threshold)."""
    from storyweave import ingest, read_text, weave

    articles, _ = ingest([EXAMPLE])
    d = weave(articles)
    others = [docs[i].text for i in usable if docs[i].story.startswith("mn:")
              and not docs[i].junk][:200:100]
    dm = weave(articles[:3] + [read_text(x, f"other-{k}.txt") for k, x in enumerate(others)])
    return {"example_score": d.stats["coherence"]["score"],
            "example_warnings": [w.code for w in d.warnings],
            "example_3_plus_2_unrelated_score": dm.stats["coherence"]["score"],
            "example_3_plus_2_unrelated_warnings": [w.code for w in dm.warnings]}


def pooled(t: float, docs: list[Doc], usable: list[int], means: np.ndarray, row: dict) -> dict:
    """The first 400 Multi-News documents pooled as one input (the issue's case)."""
    from storyweave.weaving.coherence import coherence_score, groups_at, merge_tree

    pool = [row[i] for i in usable if docs[i].story.startswith("mn:")][:400]
    tree = merge_tree(means[pool])
    groups = groups_at(tree, len(pool), t)
    return {"documents": len(pool), "score": round(coherence_score(tree), 3),
            "groups": len(groups),
            "largest_group": len(groups[0]),
            "stories_in_pool": len({docs[usable[k]].story for k in range(len(usable))
                                    if row[usable[k]] in set(pool)})}


def audit(sets: list[Labelled], scores: np.ndarray, docs: list[Doc], t: float) -> list[dict]:
    """The check half's flagged "one-story" Multi-News clusters, lowest first, with the start
    of each document: whether each alarm is false can be read off."""
    flagged = sorted((x, s) for s, x in zip(sets, scores, strict=True)
                     if s.half == "check" and s.kind == "mn-cluster" and s.clean and x < t)
    return [{"score": round(float(x), 3), "cluster": docs[s.docs[0]].story,
             "documents": [docs[i].text[:90] for i in s.docs]}
            for x, s in flagged[:20]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=1500, help="Multi-News clusters to read")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", type=Path, help="keep the article vectors in this .npz file "
                    "and reuse them on the next run (annotation takes ~12 minutes)")
    args = ap.parse_args()

    docs = load_docs(args.limit)
    print(f"{len(docs)} documents ({sum(d.story.startswith('ecb:') for d in docs)} ECB+)",
          file=sys.stderr)
    usable, means = cached_embeddings(docs, args.cache)
    row = {doc: k for k, doc in enumerate(usable)}
    sets = build_sets(docs, set(usable), random.Random(args.seed))
    scores = np.array([score(means, [row[i] for i in s.docs]) for s in sets])

    def pick(half: str, one: bool | None, prefix: str = "") -> np.ndarray:
        return np.array([x for s, x in zip(sets, scores, strict=True) if s.half == half
                         and s.one_story is one and s.clean and s.kind.startswith(prefix)])

    # ECB+ labels are clean: at most 1% false alarms there. Multi-News clusters still hold
    # junk documents the filter misses (see "audit"): 5% of them, most of which are right.
    limits = [(pick("fit", True, "ecb"), 0.01), (pick("fit", True, "mn"), 0.05)]
    t = fit_threshold(limits)
    from storyweave.weaving.coherence import ONE_STORY

    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "data": {"multinews_clusters_read": args.limit, "documents": len(docs),
                 "articles_with_units": len(usable), "sets": len(sets), "seed": args.seed},
        "score": "similarity of the last average-linkage merge of the articles' mean MiniLM "
                 "unit embeddings (storyweave.weaving.coherence)",
        "fit": {"rule": "highest threshold flagging <= 1% of ECB+ and <= 5% of Multi-News "
                        "one-story sets of the fit half",
                "threshold": t, "library_threshold": ONE_STORY,
                "auc_one_story_vs_mixed": round(auc(pick("fit", True), pick("fit", False)), 4),
                "one_story": describe(pick("fit", True)), "mixed": describe(pick("fit", False))},
        "fit_half": evaluate(sets, scores, ONE_STORY, "fit"),
        "check_half": evaluate(sets, scores, ONE_STORY, "check"),
        "check_half_auc": round(auc(pick("check", True), pick("check", False)), 4),
        "audit_check_half_flagged_one_story_clusters": audit(sets, scores, docs, ONE_STORY),
        "pooled_400_multinews_documents": pooled(ONE_STORY, docs, usable, means, row),
        "example": example_checks(ONE_STORY, docs, usable),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"\nfitted threshold {t}; the library uses {ONE_STORY} (figures above are at the "
          f"library's value); wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
