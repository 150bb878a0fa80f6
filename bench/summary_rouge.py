"""ROUGE benchmark for multi-document summaries: storyweave against extractive baselines.

What it measures
    Mean ROUGE-1, ROUGE-2 and ROUGE-L F-measure (x 100) of each system's summary against the
    human reference, over the first N clusters (default 1000, ``--limit``) of the Multi-News
    validation split (``shared/data/summarization/multinews-val.jsonl.gz``; its README describes
    the text). Scorer: ``rouge-score``'s ``RougeScorer(["rouge1", "rouge2", "rougeL"],
    use_stemmer=True)``; ``rougeL`` is summary-level LCS without sentence splitting. Every
    system's output is cut to the same budget, the first 300 whitespace words (``--words``), as
    the published Multi-News baselines were (300 tokens). Also reported: the seconds each system
    takes to produce its N summaries (sentence splitting included, ROUGE scoring not).

Systems (``--systems``, comma-separated; default all)
    first3     First-3 as defined by Fabbri et al. 2019 (Multi-News, ACL 2019, section 6.1):
               "First-k means the first k sentences from each source article will be concatenated
               as the summary" -- the first 3 sentences of each document, documents in order,
               then cut to 300 words.
    lead       the documents concatenated in order, cut to the budget ("lead-300"): a stronger
               floor than First-3 on inputs this short.
    lexrank    sumy's LexRankSummarizer (threshold 0.1, epsilon 0.1, sumy's defaults).
    textrank   sumy's TextRankSummarizer (damping 0.85).
    storyweave ``storyweave.summarize(documents, words=300)``; if it cannot be imported the run
               still scores the baselines and says why storyweave is missing.

    Sentences for the baselines: each document is split on newlines, then by pysbd
    (``Segmenter(language="en", clean=False)``). Empty documents are skipped. The sumy systems get
    a hand-built document (one paragraph per source document, those sentences) and a regex word
    tokenizer, so no NLTK data is needed or downloaded; words are stemmed by sumy's
    ``Stemmer("english")`` (NLTK Snowball, code only) and sumy's English stop words are removed.
    They select sentences by rank until the word budget is reached (not a fixed count: 30
    sentences would be nearly every sentence of these ~450-word inputs, i.e. a lead baseline),
    emit them in document order (sumy's convention) and the result is cut to 300 words.

Output
    A table on stdout, ``bench/results/summary_rouge.json`` (scores, N, date, versions), and, if
    ``bench/baselines/summary_rouge.json`` exists and was measured on the same data, N and word
    budget, each metric's change against it with drops flagged. ``--record`` writes this run as
    the new baseline (systems not run keep their recorded entries). ``--fail-on-drop`` exits 1
    when a metric fell by more than ``--tolerance`` ROUGE points.

How to run (bench-only venv; see bench/requirements-summary.txt)
    .bench-venv/bin/python bench/summary_rouge.py                       # all systems, N=1000
    .bench-venv/bin/python bench/summary_rouge.py --systems storyweave  # storyweave alone
    .bench-venv/bin/python bench/summary_rouge.py --limit 100 --systems first3,lexrank
    .bench-venv/bin/python bench/summary_rouge.py --record              # record the baseline
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summary_common import (
    BASELINE_PATH,
    DEFAULT_DATA,
    METRIC_LABELS,
    RESULTS_PATH,
    Cluster,
    Summarizer,
    SystemResult,
    comparable,
    compare,
    load_clusters,
    merge_baseline,
    package_version,
    read_json,
    result_record,
    run_system,
    split_sentences,
    write_json,
)

ALL_SYSTEMS: tuple[str, ...] = ("first3", "lead", "lexrank", "textrank", "storyweave")
FIRST_K = 3
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


# --- First-k -------------------------------------------------------------------------------


def first_k(cluster: Cluster, k: int = FIRST_K) -> str:
    """First k sentences of each document, documents in the order given."""
    parts: list[str] = []
    for document in cluster.documents:
        parts.extend(split_sentences(document)[:k])
    return " ".join(parts)


def lead_words(cluster: Cluster) -> str:
    """Lead-N: the documents concatenated in order; the caller cuts it to the word budget.
    Not in the published table, but on these ~450-word inputs it is the strongest floor."""
    return " ".join(cluster.documents)


# --- sumy (LexRank, TextRank) ----------------------------------------------------------------


class RegexTokenizer:
    """sumy tokenizer protocol without NLTK data: pysbd sentences, regex words (letters only,
    inner apostrophes/hyphens kept, like sumy's own word filter)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD_RE.findall(sentence))


class WordBudget:
    """sumy ``sentences_count`` callable: best-rated sentences until ``words`` words are reached.

    sumy hands it the sentence infos sorted by rating (best first) and then restores document
    order itself.
    """

    def __init__(self, words: int) -> None:
        self.words = words

    def __call__(self, infos: Sequence[Any]) -> list[Any]:
        chosen: list[Any] = []
        total = 0
        for info in infos:
            if total >= self.words:
                break
            chosen.append(info)
            total += len(str(info.sentence).split())
        return chosen


def make_sumy(name: str, words: int) -> Summarizer:
    """A LexRank or TextRank summariser over pre-split sentences."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = RegexTokenizer()
    budget = WordBudget(words)

    def summarize(cluster: Cluster) -> str:
        paragraphs = [
            Paragraph([Sentence(s, tokenizer) for s in split_sentences(document)])
            for document in cluster.documents
        ]
        chosen = summarizer(ObjectDocumentModel(paragraphs), budget)
        return " ".join(str(s) for s in chosen)

    return summarize


# --- storyweave ------------------------------------------------------------------------------


def make_storyweave(words: int) -> Summarizer | str:
    """``storyweave.summarize`` wrapped as a Summarizer, or the reason it is unavailable."""
    try:
        from storyweave import summarize as storyweave_summarize
    except Exception as exc:  # any import failure means "not available yet"
        return f"storyweave not benchmarked: import failed ({type(exc).__name__}: {exc})"

    def summarize(cluster: Cluster) -> str:
        text = storyweave_summarize(list(cluster.documents), words=words)
        if not isinstance(text, str):
            raise TypeError(f"storyweave.summarize returned {type(text).__name__}, not str")
        return text

    return summarize


def make_system(name: str, words: int) -> Summarizer | str:
    if name == "first3":
        return first_k
    if name == "lead":
        return lead_words
    if name in ("lexrank", "textrank"):
        return make_sumy(name, words)
    if name == "storyweave":
        return make_storyweave(words)
    raise ValueError(f"unknown system {name!r}")


# --- reporting -------------------------------------------------------------------------------


def format_table(results: Sequence[SystemResult]) -> str:
    lines = [
        f"{'system':<12}{'R-1':>8}{'R-2':>8}{'R-L':>8}{'seconds':>10}{'words':>8}{'failed':>8}"
    ]
    for r in results:
        lines.append(
            f"{r.system:<12}{r.rouge1:>8.2f}{r.rouge2:>8.2f}{r.rougeL:>8.2f}"
            f"{r.seconds:>10.1f}{r.mean_words:>8.1f}{r.failures:>8d}"
        )
    return "\n".join(lines)


def report_baseline(
    baseline: dict[str, Any] | None, record: dict[str, Any], tolerance: float, path: Path
) -> int:
    """Print the change of each metric against the recorded baseline; return the drop count."""
    if baseline is None:
        print(f"\nNo recorded baseline at {path}; --record writes one.")
        return 0
    if not comparable(baseline, record):
        print(
            f"\nBaseline not comparable (recorded on data={baseline.get('data')}, "
            f"clusters={baseline.get('clusters')}, words={baseline.get('words')})."
        )
        return 0
    changes, notes = compare(baseline, record)
    print(f"\nChange vs baseline recorded {baseline.get('date')} (ROUGE points):")
    drops = 0
    by_system: dict[str, list[str]] = {}
    flagged: dict[str, bool] = {}
    for change in changes:
        dropped = change.delta < -tolerance
        drops += dropped
        mark = "!" if dropped else ""
        by_system.setdefault(change.system, []).append(
            f"{METRIC_LABELS[change.metric]} {change.delta:+.2f}{mark}"
        )
        flagged[change.system] = flagged.get(change.system, False) or dropped
    for system, parts in by_system.items():
        flag = "  DROP" if flagged[system] else ""
        print(f"  {system:<12}" + "  ".join(parts) + flag)
    for note in notes:
        print(f"  {note}")
    if drops:
        print(f"  {drops} metric(s) dropped by more than {tolerance:.2f} (marked !)")
    return drops


# --- main ------------------------------------------------------------------------------------


def parse_systems(value: str) -> list[str]:
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in ALL_SYSTEMS]
    if unknown or not names:
        given = ", ".join(unknown) or "(none)"
        raise argparse.ArgumentTypeError(
            f"unknown system(s) {given}; choose from {','.join(ALL_SYSTEMS)}"
        )
    return list(dict.fromkeys(names))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="ROUGE-1/2/L of multi-document summaries on Multi-News (validation split)."
    )
    parser.add_argument(
        "--limit", type=int, default=1000, help="first N clusters (default 1000; 0 = all)"
    )
    parser.add_argument(
        "--words", type=int, default=300, help="cut every summary to this many words (default 300)"
    )
    parser.add_argument(
        "--systems",
        type=parse_systems,
        default=list(ALL_SYSTEMS),
        help=f"comma-separated, from {','.join(ALL_SYSTEMS)} (default all)",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gzip JSONL clusters")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH, help="result JSON path")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=BASELINE_PATH,
        help="recorded baseline JSON to compare with (and --record to)",
    )
    parser.add_argument(
        "--record", action="store_true", help="record this run as the baseline (merged by system)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        help="ROUGE points a metric may fall before it counts as a drop",
    )
    parser.add_argument(
        "--fail-on-drop",
        action="store_true",
        help="exit 1 when a metric dropped against the baseline",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    limit = args.limit if args.limit > 0 else None

    clusters = load_clusters(args.data, limit)
    print(
        f"{len(clusters)} clusters from {args.data}, summaries cut to {args.words} words",
        file=sys.stderr,
    )

    results: list[SystemResult] = []
    notes: list[str] = []
    for name in args.systems:
        system: Summarizer | str = make_system(name, args.words)
        if isinstance(system, str):
            notes.append(system)
            print(system, file=sys.stderr)
            continue
        summarize: Callable[[Cluster], str] = system
        print(f"running {name} ...", file=sys.stderr, flush=True)
        result = run_system(name, summarize, clusters, args.words)
        for note in result.notes:
            print(f"{name}: {note}", file=sys.stderr)
        results.append(result)

    versions = {
        "python": platform.python_version(),
        **{p: package_version(p) for p in ("rouge-score", "sumy", "nltk", "pysbd", "storyweave")},
    }
    record = result_record(
        results,
        data=args.data,
        limit=limit,
        clusters=len(clusters),
        words=args.words,
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        versions=versions,
        notes=notes,
    )

    print(
        f"\nMulti-News val, first {len(clusters)} clusters, {args.words} words, "
        "mean F1 x 100; seconds = summarising only"
    )
    print(format_table(results))
    for note in notes:
        print(f"note: {note}")

    write_json(args.output, record)
    print(f"\nwrote {args.output}")

    baseline = read_json(args.baseline)
    drops = report_baseline(baseline, record, args.tolerance, args.baseline)

    if args.record:
        # A system that failed on any cluster is not a baseline: keep its previous entry.
        failed = [r.system for r in results if r.failures]
        for name in failed:
            print(f"not recording {name}: it failed on some clusters", file=sys.stderr)
            del record["systems"][name]
        if not record["systems"]:
            print("nothing to record", file=sys.stderr)
            return 1
        write_json(args.baseline, merge_baseline(baseline, record))
        print(f"recorded baseline {args.baseline} ({', '.join(record['systems'])})")

    return 1 if args.fail_on_drop and drops else 0


if __name__ == "__main__":
    raise SystemExit(main())
