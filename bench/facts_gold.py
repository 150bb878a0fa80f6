"""The hand-made gold of facts shared across real reports (``bench/data/facts-ecb-dev``):
load it, check it.

``python bench/facts_gold.py --check bench/data/facts-ecb-dev/*.json`` prints one line per
problem (a mention that is not verbatim in its document, a fact with fewer than two
documents, two mentions from one document, a value outside its mention) and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ECB_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "clustering" \
    / "ecb-dev" / "documents.jsonl"
GOLD_DIR = Path(__file__).resolve().parent / "data" / "facts-ecb-dev"
EXAMPLE = "xi-moscow-2023"  # the example story: gold in GOLD_DIR / "xi-moscow-2023.json"
EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "examples" / EXAMPLE
DISAGREEMENTS = ("contradiction", "rounding", "update")


@dataclass(frozen=True, slots=True)
class Mention:
    doc: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldValue:
    quantity: str
    doc: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldFact:
    id: str
    fact: str
    mentions: tuple[Mention, ...]
    values: tuple[GoldValue, ...]
    disagreement: str | None


@dataclass(frozen=True, slots=True)
class GoldStory:
    subtopic: str
    facts: tuple[GoldFact, ...]


def documents(path: Path = ECB_DEV) -> dict[str, dict]:
    """ECB+ dev documents by id, and the example story's reports (subtopic ``EXAMPLE``, id
    the file name, text the file's text as read)."""
    with path.open(encoding="utf-8") as fh:
        docs = {d["id"]: d for d in map(json.loads, fh)}
    for f in sorted(EXAMPLE_DIR.glob("*.txt")):
        docs[f.name] = {"id": f.name, "subtopic": EXAMPLE,
                        "text": f.read_text("utf-8", errors="replace")}
    return docs


COPY_PAIRS = Path(__file__).resolve().parent / "data" / "copies-ecb-dev" / "pairs.json"


def copies(path: Path = GOLD_DIR / "copies.tsv", pairs: Path | None = COPY_PAIRS
           ) -> dict[str, str]:
    """copy document -> the document its source is known by (``copies.tsv``, and the pairs
    labelled ``copy`` in ``bench/data/copies-ecb-dev``: both checked by hand). Copies of
    copies are one source (the same wire item cut three ways): each document of a family
    maps to its first-named original. A copy and its original are one source: a fact they
    alone state is no shared fact, and a claim that holds one's mention holds the other's (a
    dossier weaves one of them)."""
    links: list[tuple[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            copy, original = line.split("\t")[:2]
            links.append((copy, original))
    if pairs is not None and pairs.exists():
        links += [(p["b"], p["a"]) for p in json.loads(pairs.read_text("utf-8"))
                  if p["label"] == "copy"]
    return families(links)


def families(links: list[tuple[str, str]]) -> dict[str, str]:
    """(copy, original) links -> each linked document's family, named by its first document
    in sorted order: copies of copies are one family (scipy's connected components)."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    docs = sorted({d for link in links for d in link})
    index = {d: i for i, d in enumerate(docs)}
    rows = np.array([index[a] for a, _ in links], dtype=np.int64)
    cols = np.array([index[b] for _, b in links], dtype=np.int64)
    graph = coo_matrix((np.ones(len(links)), (rows, cols)), shape=(len(docs), len(docs)))
    _, label = connected_components(graph, directed=False)
    first: dict[int, str] = {}
    for d in docs:  # sorted: the first document of each family names it
        first.setdefault(int(label[index[d]]), d)
    return {d: first[int(label[index[d]])] for d in docs if first[int(label[index[d]])] != d}


def load(path: Path) -> GoldStory:
    raw = json.loads(path.read_text("utf-8"))
    facts = tuple(GoldFact(
        id=f["id"], fact=f["fact"],
        mentions=tuple(Mention(m["doc"], m["text"]) for m in f["mentions"]),
        values=tuple(GoldValue(v["quantity"], v["doc"], str(v["value"]), v["text"])
                     for v in f.get("values", [])),
        disagreement=f.get("disagreement")) for f in raw["facts"])
    return GoldStory(raw["subtopic"], facts)


def problems(story: GoldStory, docs: dict[str, dict]) -> list[str]:
    out = []
    ids = set()
    for f in story.facts:
        where = f"{story.subtopic} {f.id}"
        if f.id in ids:
            out.append(f"{where}: id used twice")
        ids.add(f.id)
        seen = [m.doc for m in f.mentions]
        if len(set(seen)) < 2:
            out.append(f"{where}: fewer than two documents")
        if len(set(seen)) != len(seen):
            out.append(f"{where}: two mentions from one document")
        for m in f.mentions:
            doc = docs.get(m.doc)
            if doc is None:
                out.append(f"{where}: unknown document {m.doc}")
            elif doc["subtopic"] != story.subtopic:
                out.append(f"{where}: {m.doc} is not in {story.subtopic}")
            elif m.text not in doc["text"]:
                out.append(f"{where}: not verbatim in {m.doc}: {m.text!r}")
            elif not m.text.strip() or len(m.text.split()) < 2:
                out.append(f"{where}: mention too short in {m.doc}: {m.text!r}")
        by_doc = {m.doc: m.text for m in f.mentions}
        for v in f.values:
            if v.doc not in by_doc:
                out.append(f"{where}: value of {v.doc}, which has no mention")
            elif v.text not in by_doc[v.doc]:
                out.append(f"{where}: value {v.text!r} not inside the mention of {v.doc}")
        if f.values and f.disagreement not in DISAGREEMENTS:
            out.append(f"{where}: values without a disagreement kind {DISAGREEMENTS}")
        if f.values and len({(v.quantity, v.value) for v in f.values}) < 2:
            out.append(f"{where}: values given but they do not differ")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", nargs="+", type=Path, required=True)
    args = ap.parse_args()
    docs = documents()
    bad = 0
    for path in args.check:
        try:
            story = load(path)
        except (KeyError, ValueError, TypeError) as e:
            print(f"{path}: cannot read: {e}")
            bad += 1
            continue
        found = problems(story, docs)
        for line in found:
            print(f"{path.name}: {line}")
        bad += len(found)
        print(f"{path.name}: {len(story.facts)} facts, "
              f"{sum(len(f.mentions) for f in story.facts)} mentions, "
              f"{sum(bool(f.values) for f in story.facts)} with differing values"
              + ("" if found else ", ok"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
