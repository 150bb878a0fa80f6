"""Shared helpers for the multi-document summary benchmark (see ``summary_rouge.py``).

Loading Multi-News clusters, splitting documents into sentences, cutting summaries to a word
budget, ROUGE scoring, and reading/writing/comparing result files. Kept apart from the systems so
that any one system (e.g. ``--systems storyweave``) can be re-run and scored the same way.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
# shared/ sits beside the repository checkout (../shared from the repository root, also in CI).
DEFAULT_DATA = REPO_DIR.parent / "shared" / "data" / "summarization" / "multinews-val.jsonl.gz"
RESULTS_PATH = BENCH_DIR / "results" / "summary_rouge.json"
BASELINE_PATH = BENCH_DIR / "baselines" / "summary_rouge.json"

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")
METRIC_LABELS: dict[str, str] = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}


@dataclass(frozen=True)
class Cluster:
    """One Multi-News cluster: its non-empty source documents and the reference summary."""

    id: int
    documents: tuple[str, ...]
    summary: str


def load_clusters(path: Path = DEFAULT_DATA, limit: int | None = 1000) -> list[Cluster]:
    """Read the first ``limit`` clusters (file order, i.e. sorted by id) of a gzip JSONL file.

    Documents that are empty or whitespace-only are dropped (50 in the validation split).
    """
    if not Path(path).exists():
        raise SystemExit(f"benchmark data not found: {path} (shared/ sits beside the checkout; "
                         "or pass --data)")
    clusters: list[Cluster] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(clusters) >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            documents = tuple(d for d in record["documents"] if d and d.strip())
            clusters.append(Cluster(int(record["id"]), documents, record["summary"]))
    return clusters


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(document: str) -> list[str]:
    """Split one document into sentences: on newlines first, then pysbd on each line."""
    segmenter = _segmenter()
    sentences: list[str] = []
    for line in document.splitlines():
        if not line.strip():
            continue
        sentences.extend(s.strip() for s in segmenter.segment(line) if s.strip())
    return sentences


def count_words(text: str) -> int:
    """Whitespace-separated words, the unit of the word budget."""
    return len(text.split())


def cut_words(text: str, words: int) -> str:
    """Keep the first ``words`` whitespace-separated words of ``text`` (joined by one space)."""
    return " ".join(text.split()[:words])


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge_f1(predictions: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F-measure x 100 over pairs (``rouge-score``, Porter stemmer on)."""
    if len(predictions) != len(references):
        raise ValueError("predictions and references differ in length")
    if not predictions:
        return {t: 0.0 for t in ROUGE_TYPES}
    scorer = _rouge_scorer()
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for prediction, reference in zip(predictions, references, strict=True):
        scores = scorer.score(reference, prediction)  # (target, prediction)
        for t in ROUGE_TYPES:
            totals[t] += scores[t].fmeasure
    return {t: 100.0 * totals[t] / len(predictions) for t in ROUGE_TYPES}


@dataclass
class SystemResult:
    """Scores and cost of one system over the benchmark clusters."""

    system: str
    rouge1: float
    rouge2: float
    rougeL: float  # named after the rouge-score metric
    seconds: float  # time to produce all summaries (sentence splitting included)
    score_seconds: float  # time spent in ROUGE scoring (not part of ``seconds``)
    clusters: int
    failures: int = 0  # clusters where the system raised; scored as an empty summary
    mean_words: float = 0.0  # mean words per summary after the cut
    notes: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        return {"rouge1": self.rouge1, "rouge2": self.rouge2, "rougeL": self.rougeL}


Summarizer = Callable[[Cluster], str]


def run_system(
    name: str,
    summarize: Summarizer,
    clusters: Sequence[Cluster],
    words: int,
    progress_every: int = 100,
) -> SystemResult:
    """Summarise every cluster, cut each output to ``words`` words, and score it with ROUGE.

    A cluster on which ``summarize`` raises counts as a failure and is scored as an empty
    summary; the first error is kept in the notes. Progress goes to stderr every
    ``progress_every`` clusters (0: never).
    """
    outputs: list[str] = []
    failures = 0
    notes: list[str] = []
    start = time.perf_counter()
    for cluster in clusters:
        try:
            text = summarize(cluster)
        except Exception as exc:  # a benchmark reports failures, it does not stop
            failures += 1
            if not notes:
                notes.append(f"first failure on cluster {cluster.id}: {type(exc).__name__}: {exc}")
            text = ""
        outputs.append(cut_words(text, words))
        done = len(outputs)
        if progress_every and done % progress_every == 0 and done < len(clusters):
            elapsed = time.perf_counter() - start
            print(f"  {name}: {done}/{len(clusters)} clusters, {elapsed:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - start

    start = time.perf_counter()
    scores = rouge_f1(outputs, [c.summary for c in clusters])
    score_seconds = time.perf_counter() - start
    if failures:
        notes.insert(0, f"failed on {failures} of {len(clusters)} clusters (scored as empty)")
    return SystemResult(
        system=name,
        rouge1=scores["rouge1"],
        rouge2=scores["rouge2"],
        rougeL=scores["rougeL"],
        seconds=seconds,
        score_seconds=score_seconds,
        clusters=len(clusters),
        failures=failures,
        mean_words=statistics.fmean(count_words(o) for o in outputs) if outputs else 0.0,
        notes=notes,
    )


def package_version(name: str) -> str | None:
    """Installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def result_record(
    results: Iterable[SystemResult],
    *,
    data: Path,
    limit: int | None,
    clusters: int,
    words: int,
    date: str,
    versions: dict[str, str | None],
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON document written to ``bench/results`` and ``bench/baselines``."""
    try:
        data_name = str(data.resolve().relative_to(REPO_DIR.parent))
    except ValueError:
        data_name = str(data)
    systems: dict[str, Any] = {}
    for r in results:
        entry = asdict(r)
        del entry["system"]
        for key in ("rouge1", "rouge2", "rougeL", "mean_words"):
            entry[key] = round(entry[key], 4)
        for key in ("seconds", "score_seconds"):
            entry[key] = round(entry[key], 2)
        systems[r.system] = entry
    return {
        "benchmark": "summary_rouge",
        "data": data_name,
        "limit": limit,
        "clusters": clusters,
        "words": words,
        "date": date,
        "metric": "mean ROUGE F-measure x 100 (rouge-score, use_stemmer=True)",
        "versions": versions,
        "notes": list(notes),
        "systems": systems,
    }


def write_json(path: Path, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        record: dict[str, Any] = json.load(handle)
    return record


def comparable(record: dict[str, Any], other: dict[str, Any]) -> bool:
    """Same data file, cluster count and word budget: scores can be compared."""
    return all(record.get(k) == other.get(k) for k in ("data", "clusters", "words"))


def merge_baseline(baseline: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """Baseline to record: ``current``'s systems replace theirs; other systems are kept when
    the old baseline was measured on the same setting, and dropped otherwise."""
    merged = dict(current)
    if baseline is not None and comparable(baseline, current):
        systems = dict(baseline.get("systems", {}))
        systems.update(current["systems"])
        merged["systems"] = systems
    return merged


@dataclass(frozen=True)
class Change:
    """One metric of one system against the recorded baseline."""

    system: str
    metric: str
    baseline: float
    current: float

    @property
    def delta(self) -> float:
        return self.current - self.baseline


def compare(baseline: dict[str, Any], current: dict[str, Any]) -> tuple[list[Change], list[str]]:
    """Metric changes for the systems present in both records (systems only in one are named in
    the returned notes)."""
    changes: list[Change] = []
    notes: list[str] = []
    base_systems: dict[str, Any] = baseline.get("systems", {})
    for system, entry in current["systems"].items():
        base = base_systems.get(system)
        if base is None:
            notes.append(f"{system}: not in the baseline")
            continue
        for metric in ROUGE_TYPES:
            changes.append(Change(system, metric, float(base[metric]), float(entry[metric])))
    return changes, notes
