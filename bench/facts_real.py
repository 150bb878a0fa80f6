"""Facts shared across real reports: does the dossier find each one, in one claim, and the
values the outlets disagree on?

Data: the hand-made gold of ``bench/data/facts-ecb-dev`` (16 ECB+ dev events, each reported
by 10-19 outlets, and the example story): every fact two or more documents state, with its
clause in each document, and the values they disagree on. See its README.

Systems, side by side in one run (``--systems``):
    storyweave   the working tree's ``storyweave.weave`` on each event's documents
    sentences    storyweave at ``--ref`` (default 2281cb1, the sentence-level alignment this
                 issue replaces), run from a ``git worktree`` in a subprocess
    tfidf        sentences (storyweave's cleaned text split at . ! ? and line ends) as TF-IDF
                 vectors (log tf, smoothed idf over the event's sentences, English stoplist);
                 two sentences of different documents with cosine >= ``--tfidf-threshold``
                 (0.5) are linked; a claim is a connected component. No discrepancies.

Metrics (a claim *holds* a gold mention when one of its passages lies in the mention's
document and overlaps it by at least half the shorter of the two). Documents that copy
another of their event (``bench/data/facts-ecb-dev/copies.tsv`` and the pairs
``bench/data/copies-ecb-dev`` labels copies, both checked by hand; copies of copies joined)
are one source with it, for every system: a claim holds the source when it holds the mention of one
of its documents (the dossier weaves one version), documents are counted per source, and a
fact only a report and its copy state is left out (``one_source_facts``):
    recall          gold facts for which one claim holds the mentions of >= 2 documents
    reworded        the same, over facts no two of whose mentions are near-verbatim (word
                    Jaccard < 0.6 for every pair)
    one-claim       gold facts whose every mentioned document is held by one claim
    spread          found facts whose documents are held by two or more claims
    precision       claims with >= 2 sources whose every passage overlaps a mention of one
                    and the same gold fact (in the passage's document)
    disc. P / R     a discrepancy is right when the passages of two of its differing values
                    overlap mentions of one gold fact with differing values (in different
                    documents); a gold fact with differing values is found when a right
                    discrepancy covers it (the dossier's discrepancies include its claims'
                    value conflicts; quote wordings are left out)
    relation right  of the right discrepancies, those whose relation says what the gold's
                    disagreement is: a rounding, a later count ("update"), or values that
                    cannot all be right (a contradiction; a spelling or places count as one)
    exclusives      claims of one source; precision: those none of whose passages touches a
                    mention of a fact two sources share (holds most of it or lies mostly
                    inside it); unmarked: storyweave's exclusives without a "perhaps also"
                    (no ``nearest_other``), their precision and their share of the right ones

    .venv/bin/python bench/facts_real.py                 # all systems, all events
    .venv/bin/python bench/facts_real.py --systems storyweave --events 2ecbplus,18ecb --show 5
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from facts_gold import EXAMPLE, GOLD_DIR, GoldFact, GoldStory, copies, documents, load

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "facts_real.json"
BASELINE_REF = "2281cb1"
NEAR_VERBATIM = 0.6


# --- what each system gives: articles' texts, claims as passages, discrepancies -----------------

@dataclass(slots=True)
class Output:
    texts: dict[str, str]  # doc id -> the article text the passages point into
    claims: list[list[tuple[str, int, int]]]  # (doc id, start, end) per passage
    discrepancies: list[list[list[tuple[str, int, int]]]]  # per discrepancy, per value: passages
    seconds: float
    # each discrepancy's relation ("contradiction", "rounding", "update", ...); empty for a
    # system that gives none (then relations are not scored)
    relations: list[str] = field(default_factory=list)
    # per claim, whether another source comes near to stating it (storyweave's exclusives
    # marked "perhaps also": claims[].nearest_other); empty for a system that marks none
    near: list[bool] = field(default_factory=list)


def story_inputs(story: GoldStory, docs: dict[str, dict]) -> list[tuple[str, str]]:
    """(doc id, text) of every document of the event, gold-mentioned or not."""
    return [(d["id"], d["text"]) for d in docs.values() if d["subtopic"] == story.subtopic]


def run_storyweave(inputs: list[tuple[str, str]]) -> Output:
    """The importable storyweave on the event's documents (a JSONL, one line per document,
    its id as the outlet), as a user would run it."""
    from storyweave.api import ingest, weave

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for doc, text in inputs:
                fh.write(json.dumps({"text": text, "outlet": doc}) + "\n")
        articles, _failures = ingest([path])
        line_of = {a.id: int(a.source.rsplit(":", 1)[1]) - 1 for a in articles}
        dossier = weave(articles)
    doc_of = {a.id: inputs[line_of[a.id]][0] for a in articles}
    texts = {doc_of[a.id]: a.text for a in articles}
    claims = [[(doc_of[p.article], p.start, p.end) for p in c.passages] for c in dossier.claims]
    kept = [d for d in dossier.discrepancies if str(d.kind) != "quote"]
    discs = [[[(doc_of[p.article], p.start, p.end) for p in v.passages] for v in d.values]
             for d in kept]
    # an older storyweave (the baseline's worktree) records no relations
    relations = [str(d.relation) for d in kept] if all(hasattr(d, "relation") for d in kept) \
        else []
    near = [getattr(c, "nearest_other", None) is not None for c in dossier.claims]
    return Output(texts, claims, discs, time.perf_counter() - t0, relations, near)


_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|$)")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be
been being it its this that these those he she they we you i his her their our your has have
had will would can could may might shall should do does did not no so if than then there
here who whom which what when where why how said says""".split())


def run_tfidf(texts: dict[str, str], threshold: float) -> Output:
    """Sentences as TF-IDF vectors; linked across documents above ``threshold``; connected
    components as claims."""
    import numpy as np

    t0 = time.perf_counter()
    sents = [(doc, m.start(), m.end()) for doc, text in texts.items()
             for m in _SENT.finditer(text) if len(m.group().split()) >= 4]
    bags = [Counter(w for w in _TOKEN.findall(texts[d][a:b].lower()) if w not in _STOP)
            for d, a, b in sents]
    df = Counter(w for bag in bags for w in bag)
    vocab = {w: i for i, w in enumerate(df)}
    n = len(sents)
    mat = np.zeros((n, len(vocab)), dtype=np.float32)
    for i, bag in enumerate(bags):
        for w, tf in bag.items():
            mat[i, vocab[w]] = (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[w])) + 1)
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    sims = mat @ mat.T
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in zip(*np.nonzero(np.triu(sims, 1) >= threshold), strict=True):
        if sents[i][0] != sents[j][0]:
            parent[find(int(i))] = find(int(j))
    groups: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for i, s in enumerate(sents):
        groups[find(i)].append(s)
    return Output(texts, list(groups.values()), [], time.perf_counter() - t0)


def run_at_ref(ref: str, events: list[str]) -> dict[str, Output]:
    """storyweave as it was at ``ref``: a worktree, this script run there with
    ``--emit``."""
    tree = Path(tempfile.gettempdir()) / f"storyweave-{ref}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
                       check=True, capture_output=True)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--emit", str(out),
                    "--events", ",".join(events)], check=True, env=env)
    raw = json.loads(out.read_text("utf-8"))
    out.unlink()
    return {k: Output(v["texts"], [[tuple(p) for p in c] for c in v["claims"]],  # type: ignore[misc]
                      [[[tuple(p) for p in val] for val in d] for d in v["discrepancies"]],
                      v["seconds"]) for k, v in raw.items()}


# --- scoring ------------------------------------------------------------------------------------

def locate(text: str, mention: str) -> tuple[int, int] | None:
    """Where a gold mention is in the woven article's text: verbatim, or with its
    whitespace loosened (the cleaner may rejoin lines)."""
    at = text.find(mention)
    if at >= 0:
        return at, at + len(mention)
    words = mention.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return (m.start(), m.end()) if m else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _words(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


COPIES = copies()  # copy document -> its source's document (bench/data: facts and copies)


def source(doc: str) -> str:
    """The document a document is one source with: its original if it is a copy."""
    return COPIES.get(doc, doc)


def reworded(fact: GoldFact) -> bool:
    """No two of the fact's mentions near-verbatim (word Jaccard >= NEAR_VERBATIM), one
    mention per source (a copy's repeats its original's)."""
    first: dict[str, str] = {}
    for m in fact.mentions:
        first.setdefault(source(m.doc), m.text)
    ws = [_words(text) for text in first.values()]
    return all(len(a & b) / max(len(a | b), 1) < NEAR_VERBATIM
               for i, a in enumerate(ws) for b in ws[i + 1:])


@dataclass(slots=True)
class Tally:
    facts: int = 0
    found: int = 0
    reworded: int = 0
    reworded_found: int = 0
    one_claim: int = 0
    spread: int = 0
    claims: int = 0
    claims_right: int = 0
    gold_disc: int = 0
    disc_found: int = 0
    discs: int = 0
    discs_right: int = 0
    relations: int = 0  # right discrepancies whose relation was scored
    relations_right: int = 0
    unlocated: int = 0
    one_source: int = 0  # gold facts told only by one report and its copies: left out
    exclusives: int = 0  # claims of one source
    exclusives_right: int = 0  # of those, touching no fact two sources share
    unmarked: int = 0  # exclusives no other source comes near (storyweave's mark)
    unmarked_right: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        def r(x: int, y: int) -> float:
            return round(x / y, 3) if y else float("nan")
        return {"facts": self.facts, "recall": r(self.found, self.facts),
                "reworded_recall": r(self.reworded_found, self.reworded),
                "reworded_facts": self.reworded,
                "one_claim": r(self.one_claim, self.facts),
                "spread": self.spread, "claims_2plus": self.claims,
                "claim_precision": r(self.claims_right, self.claims),
                "disc_precision": r(self.discs_right, self.discs), "discrepancies": self.discs,
                "disc_recall": r(self.disc_found, self.gold_disc), "gold_disc": self.gold_disc,
                "relation_right": r(self.relations_right, self.relations),
                "exclusives": self.exclusives,
                "excl_precision": r(self.exclusives_right, self.exclusives),
                "unmarked_precision": r(self.unmarked_right, self.unmarked),
                "unmarked_of_right": r(self.unmarked_right, self.exclusives_right)
                if self.unmarked else float("nan"),  # a system that marks none
                "unlocated_mentions": self.unlocated, "one_source_facts": self.one_source,
                "seconds": round(self.seconds, 1)}


def score(story: GoldStory, out: Output, show: int = 0) -> Tally:
    t = Tally(seconds=out.seconds)
    spans: dict[str, list[tuple[str, tuple[int, int]]]] = {}  # fact -> (doc, span)
    for f in story.facts:
        located = []
        for m in f.mentions:
            at = locate(out.texts.get(m.doc, ""), m.text)
            if at is None:
                t.unlocated += 1
            else:
                located.append((m.doc, at))
        spans[f.id] = located

    def held(claim: list[tuple[str, int, int]], doc: str, at: tuple[int, int]) -> bool:
        return any(d == doc and _overlaps((a, b), at) for d, a, b in claim)

    missed = []
    for f in story.facts:
        sources = {source(m.doc) for m in f.mentions}
        if len(sources) < 2:  # told by one report and its copy: not shared
            t.one_source += 1
            continue
        t.facts += 1
        rw = reworded(f)
        t.reworded += rw
        # a claim holds a source when it holds the mention of one of its documents
        by_claim = [{source(d) for d, at in spans[f.id] if held(c, d, at)} for c in out.claims]
        best = max((len(x) for x in by_claim), default=0)
        if best >= 2:
            t.found += 1
            t.reworded_found += rw
            t.spread += sum(len(x) >= 1 for x in by_claim) >= 2
            t.one_claim += best == len({source(d) for d, _ in spans[f.id]}) == len(sources)
        else:
            missed.append(f)
    for c in out.claims:
        if len({d for d, _, _ in c}) < 2:
            continue
        t.claims += 1
        t.claims_right += any(all(any(d == md and _overlaps((a, b), at)
                                      for md, at in spans[f.id]) for d, a, b in c)
                              for f in story.facts)
    _score_exclusives(t, story, out)
    valued = [f for f in story.facts if f.values]
    t.gold_disc = len(valued)
    found_disc: set[str] = set()
    kind = {f.id: f.disagreement for f in valued}
    for n, disc in enumerate(out.discrepancies):
        t.discs += 1
        right = _disc_fact(disc, valued, spans, out.texts)
        if right is not None:
            t.discs_right += 1
            found_disc.add(right)
            if out.relations:
                t.relations += 1
                t.relations_right += _same_relation(kind[right], out.relations[n])
    t.disc_found = len(found_disc)
    for f in missed[:show]:
        print(f"    missed {story.subtopic} {f.id}: {f.fact}")
    return t


def shared_mentions(story: GoldStory, texts: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """Per document, where the mentions of the facts two sources share lie in its text."""
    shared: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for f in story.facts:
        if len({source(m.doc) for m in f.mentions}) >= 2:
            for m in f.mentions:
                at = locate(texts.get(m.doc, ""), m.text)
                if at is not None:
                    shared[m.doc].append(at)
    return shared


def touches(shared: dict[str, list[tuple[int, int]]], doc: str, a: int, b: int) -> bool:
    """Whether the passage ``doc[a:b]`` holds most of a shared fact's mention, or lies mostly
    inside one: the rule that labels the fact scorer's pairs (tools/fit_factscore.py)."""
    return any(min(b, y) - max(a, x) >= 0.5 * min(b - a, y - x) for x, y in shared.get(doc, ()))


def _score_exclusives(t: Tally, story: GoldStory, out: Output) -> None:
    """Claims of one source: right when none of their passages touches a mention of a fact
    two sources share."""
    shared = shared_mentions(story, out.texts)
    for k, claim in enumerate(out.claims):
        if len({source(d) for d, _, _ in claim}) != 1:
            continue
        right = not any(touches(shared, d, a, b) for d, a, b in claim)
        t.exclusives += 1
        t.exclusives_right += right
        if out.near and not out.near[k]:
            t.unmarked += 1
            t.unmarked_right += right


def _disc_fact(disc: list[list[tuple[str, int, int]]], valued: list[GoldFact],
               spans: dict[str, list[tuple[str, tuple[int, int]]]],
               texts: dict[str, str]) -> str | None:
    """The gold fact a discrepancy is right about: two of its values whose passages overlap
    mentions (of different documents) of one fact whose gold values there differ."""
    for f in valued:
        gold = {v.doc: v.value for v in f.values}
        at = dict(spans[f.id])
        sides = []
        for passages in disc:
            sides.append({d for d, a, b in passages if d in at and _overlaps((a, b), at[d])})
        for i, x in enumerate(sides):
            for y in sides[i + 1:]:
                if any(dx != dy and dx in gold and dy in gold and gold[dx] != gold[dy]
                       for dx in x for dy in y):
                    return f.id
    return None


def _same_relation(gold: str | None, relation: str) -> bool:
    """Whether a discrepancy's relation says what the gold's disagreement is: a rounding, a
    later count, or values that cannot all be right (a contradiction, a spelling, places)."""
    if gold in ("rounding", "update"):
        return relation == gold
    return relation not in ("rounding", "update")


# --- the run ------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", default="storyweave,sentences,tfidf")
    ap.add_argument("--events", default="", help="comma-separated subtopics (default all)")
    ap.add_argument("--ref", default=BASELINE_REF)
    ap.add_argument("--tfidf-threshold", type=float, default=0.5)
    ap.add_argument("--show", type=int, default=0, help="print up to N missed facts per event")
    ap.add_argument("--emit", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    gold = {s.subtopic: s for s in map(load, sorted(GOLD_DIR.glob("*.json")))}
    events = [e for e in args.events.split(",") if e] or sorted(gold)
    docs = documents()
    if args.emit:  # the worktree side of run_at_ref: storyweave's output, no scoring
        raw = {}
        for e in events:
            o = run_storyweave(story_inputs(gold[e], docs))
            raw[e] = {"texts": o.texts, "claims": o.claims, "discrepancies": o.discrepancies,
                      "seconds": o.seconds}
        args.emit.write_text(json.dumps(raw), "utf-8")
        return 0
    systems = args.systems.split(",")
    outputs: dict[str, dict[str, Output]] = {}
    if "storyweave" in systems:
        outputs["storyweave"] = {e: run_storyweave(story_inputs(gold[e], docs)) for e in events}
    if "sentences" in systems:
        outputs[f"sentences@{args.ref}"] = run_at_ref(args.ref, events)
    if "tfidf" in systems:
        base = next(iter(outputs.values()), None)
        if base is None:
            base = {e: run_storyweave(story_inputs(gold[e], docs)) for e in events}
        outputs["tfidf"] = {e: run_tfidf(base[e].texts, args.tfidf_threshold) for e in events}
    results: dict[str, dict[str, dict]] = {}
    for name, per_event in outputs.items():
        dev, example = Tally(), Tally()
        rows = {}
        for e in events:
            t = score(gold[e], per_event[e], args.show if name == "storyweave" else 0)
            rows[e] = t.figures()
            (example if e == EXAMPLE else dev).add(t)
        results[name] = {"ecb_dev": dev.figures(), "example": example.figures(),
                         "events": rows}
    for cols in (["facts", "recall", "reworded_recall", "one_claim", "spread",
                  "claim_precision", "claims_2plus", "disc_precision", "disc_recall",
                  "gold_disc", "relation_right", "seconds"],
                 ["exclusives", "excl_precision", "unmarked_precision", "unmarked_of_right"]):
        print("system / part".ljust(28) + " ".join(c[:11].rjust(11) for c in cols))
        for name, r in results.items():
            for part in ("ecb_dev", "example"):
                row = r[part]
                print(f"{name} / {part}".ljust(28)
                      + " ".join(str(row[c]).rjust(11) for c in cols))
        print()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "events": events, "results": results}, indent=1) + "\n", "utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
