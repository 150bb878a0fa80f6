"""Stories as a user gets them: the 16 events of ECB+ dev written one file per event, all
ingested at once with ``storyweave ingest --db``, listed with ``storyweave stories -f json``,
and each listed article scored against the event of the file it came from (B-cubed P/R/F1,
pairwise F1, ARI: ``stories_cluster.scores``). What ``bench/stories_cluster.py`` measures
from cached profiles, here through the CLI and a store, annotation included.

    .venv/bin/python bench/stories_cli.py
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from click.testing import CliRunner
from stories_cluster import ecb_docs, scores

from storyweave.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "stories_cli.json"


def run(folder: Path) -> tuple[list[str], list[str], Counter[tuple[str, str]]]:
    """gold events and found story ids of the listed articles, and how they meet."""
    by_event: dict[str, list[dict]] = defaultdict(list)
    for d in ecb_docs():
        by_event[d["subtopic"]].append(d)
    files = []
    for event, docs in sorted(by_event.items()):
        path = folder / f"{event}.jsonl"
        path.write_text("".join(json.dumps({"text": d["text"], "outlet": d["id"]}) + "\n"
                                for d in docs), encoding="utf-8")
        files.append(str(path))
    db = str(folder / "news.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["ingest", *files, "--db", db])
    if done.exit_code:
        raise SystemExit(f"storyweave ingest failed: {done.output}")
    print(done.output.strip().splitlines()[-1])
    listed = runner.invoke(cli, ["stories", "--db", db, "-f", "json"])
    if listed.exit_code:
        raise SystemExit(f"storyweave stories failed: {listed.output}")
    gold, found = [], []
    for story in json.loads(listed.stdout):
        for article in story["articles"]:
            event = re.search(r"([^/\\]+)\.jsonl:\d+$", article["source"])
            assert event is not None, article["source"]
            gold.append(event.group(1))
            found.append(story["id"])
    return gold, found, Counter(zip(found, gold, strict=True))


def main() -> None:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        gold, found, meet = run(Path(tmp))
    result = scores(gold, found)
    print("B3 P / R / F1:", result["b3_p"], result["b3_r"], result["b3_f1"],
          f"({result['clusters']} stories for {result['gold']} events, {len(gold)} articles)")
    apart = defaultdict(list)
    for (_, event), n in meet.items():
        apart[event].append(n)
    for event, sizes in sorted(apart.items()):
        if len(sizes) > 1:
            print(f"  {event} in {len(sizes)} stories: {sorted(sizes, reverse=True)}")
    mixed = Counter(story for story, _ in meet)
    print("  stories holding two events:", sum(1 for n in mixed.values() if n > 1))
    RESULTS.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), **result,
                                   "seconds": round(time.perf_counter() - t0, 1)}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
