"""Fit the alignment's join rule on the hand-made gold of shared facts in real stories
(``bench/data/facts-ecb-dev``, the 16 ECB+ dev events; the example story is left out).

Each event is ingested and annotated once (cached under ``--cache``); then, for every setting
of the grid, its fact units are grouped (``weaving.align``) and the groups scored as
``bench/facts_real.py`` scores claims: shared-fact recall, facts in one claim, claim
precision. Printed per setting, pooled over the events, and with leave-one-event-out: the
setting best on the other 15 events, scored on the one left out, so the chosen setting's
figure is not only a figure of what it was chosen on.

    .venv/bin/python tools/fit_alignment.py                 # ~3 min the first time
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from facts_gold import EXAMPLE, GOLD_DIR, GoldStory, documents, load  # noqa: E402
from facts_real import Output, score, story_inputs  # noqa: E402

GRID = {
    "threshold": [0.45, 0.5, 0.55, 0.6],
    "covers": [1.01],  # the fact scorer weighs the shorter side itself (covers is 0)
    "not_same_fact": [0.15],
    "veto_share": [0.5, 0.7],
    "min_pair": [0.6],  # grouping.MIN_PAIR: the candidate pairs are cut there too
    "mrpc_floor": [0.2],
    "mrpc_join": [0.95, 0.98, 1.01],
}


def annotated(story: GoldStory, docs: dict[str, dict], cache: Path):
    from storyweave.api import ingest
    from storyweave.nlp import annotate
    from storyweave.nlp.annotation import PIPELINE_VERSION
    from storyweave.weaving.screening import screen

    # keyed by the pipeline version: an annotation change must not be fitted on stale features
    path = cache / f"{story.subtopic}-{PIPELINE_VERSION}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    inputs = story_inputs(story, docs)
    with tempfile.TemporaryDirectory() as tmp:
        jl = Path(tmp) / "s.jsonl"
        jl.write_text("".join(json.dumps({"text": t, "outlet": d}) + "\n" for d, t in inputs),
                      "utf-8")
        articles, _ = ingest([jl])
    doc_of = {a.id: inputs[int(a.source.rsplit(":", 1)[1]) - 1][0] for a in articles}
    screened = screen(articles)
    ann = annotate(screened.kept)
    found = (ann, doc_of)
    path.write_bytes(pickle.dumps(found))
    return found


def prepared(ann, doc_of, scorer=None):
    """The event's units, vectors, candidate pairs and pair judge: what every setting
    shares (the judge keeps its scores, so a pair is scored once for the whole grid)."""
    from storyweave.weaving.align import grouping
    from storyweave.weaving.align.units import build_units, unit_sides, unit_vectors

    units = build_units(ann.articles)
    sides = unit_sides(units, ann.articles, ann.statements)
    vectors = unit_vectors(sides)
    return ann, doc_of, units, vectors, grouping.candidate_pairs(vectors), \
        grouping.PairJudge(sides, scorer)


def groups_as_output(ann, doc_of, units, vectors, candidates, judge, setting: dict) -> Output:
    from storyweave.weaving.align import grouping

    grouping.COVERS = setting["covers"]
    grouping.NOT_SAME_FACT = setting["not_same_fact"]
    grouping.VETO_SHARE = setting["veto_share"]
    grouping.MIN_PAIR = setting["min_pair"]
    grouping.MRPC_FLOOR = setting["mrpc_floor"]
    grouping.MRPC_JOIN = setting["mrpc_join"]
    judge.scorer.threshold = setting["threshold"]
    groups = grouping.cluster(units, vectors, candidates, judge)
    arts = ann.articles
    claims = [[(doc_of[arts[units[i].article].id], units[i].start, units[i].end) for i in g]
              for g in groups]
    return Output({doc_of[a.id]: a.text for a in arts}, claims, [], 0.0)


def cache_from_args(description: str) -> Path:
    """The folder of cached annotations (``--cache``), made when missing: this tool's and
    ``tools/facts_ceiling.py``'s, which read the same events."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sw-fit-cache")
    cache: Path = ap.parse_args().cache
    cache.mkdir(exist_ok=True)
    return cache


def main() -> int:
    cache = cache_from_args(__doc__.splitlines()[0])
    docs = documents()
    stories = [s for s in map(load, sorted(GOLD_DIR.glob("*.json"))) if s.subtopic != EXAMPLE]
    data = {s.subtopic: prepared(*annotated(s, docs, cache)) for s in stories}
    keys = list(GRID)
    settings = [dict(zip(keys, v, strict=True)) for v in itertools.product(*GRID.values())]
    per: dict[int, dict[str, object]] = {}
    for n, setting in enumerate(settings):
        per[n] = {s.subtopic: score(s, groups_as_output(*data[s.subtopic], setting))
                  for s in stories}

    def pooled(n: int, events: list[str]) -> dict[str, float]:
        t = [per[n][e] for e in events]
        facts = sum(x.facts for x in t)
        claims = sum(x.claims for x in t)
        return {"recall": sum(x.found for x in t) / facts,
                "reworded": sum(x.reworded_found for x in t) / max(sum(x.reworded for x in t),
                                                                     1),
                "one_claim": sum(x.one_claim for x in t) / facts,
                "precision": sum(x.claims_right for x in t) / max(claims, 1)}

    def objective(f: dict[str, float]) -> float:
        # recall and one claim per fact, with precision held near the goal (0.92)
        return f["recall"] + f["one_claim"] - 4 * max(0.0, 0.9 - f["precision"])

    events = [s.subtopic for s in stories]
    print("setting".ljust(60), "recall reword one_cl  prec")
    for n, setting in enumerate(settings):
        f = pooled(n, events)
        print(str(setting).ljust(60), " ".join(f"{f[k]:.3f}" for k in
                                             ("recall", "reworded", "one_claim", "precision")))
    best = max(range(len(settings)), key=lambda n: objective(pooled(n, events)))
    print("best on all events:", settings[best], pooled(best, events))
    held = []
    for e in events:
        rest = [x for x in events if x != e]
        chosen = max(range(len(settings)), key=lambda n: objective(pooled(n, rest)))
        held.append((e, chosen))
    t = [per[n][e] for e, n in held]
    facts = sum(x.facts for x in t)
    recall = sum(x.found for x in t) / facts
    one = sum(x.one_claim for x in t) / facts
    precision = sum(x.claims_right for x in t) / max(sum(x.claims for x in t), 1)
    print(f"leave-one-event-out: recall {recall:.3f} one_claim {one:.3f} "
          f"precision {precision:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
