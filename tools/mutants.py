"""Break the code on purpose, one known way at a time, and check that the tests notice.

Each mutant below is a behaviour the test suite must guard (issue 6, "tests that catch what
matters"). The script copies ``src/`` and ``tests/`` to a temporary directory, applies one
mutant there, runs pytest against that copy and reports which test failed. A mutant that no
test kills is a hole in the suite. The working tree is never modified.

    .venv/bin/python tools/mutants.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (what breaks, file, original text, mutated text)
MUTANTS = [
    ("template pass removed from ingest()", "src/storyweave/ingestion/batch.py",
     "remove_template_lines(articles)", "(articles)"),
    ("Markdown citations quote the wrong text", "src/storyweave/render/markdown.py",
     "_cell(d.quote(p))", "_cell(s.text)"),
    ("summary not in reading order", "src/storyweave/weaving/summary.py",
     "return sorted(picked, key=lambda i: (claims[i].position, -claims[i].corroboration))",
     "return picked"),
    ("redundancy filter off", "src/storyweave/weaving/summary.py",
     ">= REDUNDANT", ">= 99.0"),
    ("centrality weight 0", "src/storyweave/weaving/summary.py",
     "W_CENTRALITY = 1.0", "W_CENTRALITY = 0.0"),
    ("medoid is always the first member", "src/storyweave/weaving/align/grouping.py",
     "return group[int(np.argmax(score))]", "return group[0]"),
    # issue 7: the story sanity warnings and the template pass for unknown outlets
    ("story warnings off", "src/storyweave/weaving/coherence.py",
     "    if c.one_story:\n        return []", "    if True:\n        return []"),
    ("pool template pass off", "src/storyweave/ingestion/template.py",
     "return _pool_template(result)", "return result"),
    # issue 8: alignment by the pair scorer
    ("quotations never rejoined", "src/storyweave/weaving/align/units.py",
     'return text.count("“") > text.count("”") or text.count(\'"\') % 2 == 1',
     "return False"),
    ("conflicting values never recorded", "src/storyweave/weaving/align/conflicts.py",
     "    if len(values) < 2:\n        return None", "    if True:\n        return None"),
    ("covers never joins", "src/storyweave/weaving/align/grouping.py",
     "COVERS = 0.8", "COVERS = 2.0"),
    # issue 9: time
    ("a printed date is never contradicted", "src/storyweave/weaving/chronology/dating.py",
     "    if not ((lo and day < lo - SLACK) or (hi and day > hi + SLACK)):\n        return False",
     "    if True:\n        return False"),
    ("overlapping ranges never a discrepancy", "src/storyweave/weaving/chronology/timeline.py",
     "if ranges and _overlap(a, b):", "if False:"),
    ("one outlet's detail dates a widely told fact",
     "src/storyweave/weaving/chronology/timeline.py",
     "shared = any(len(t) >= 2 for t in told_by)", "shared = False"),
    # issue 10: voices
    ("a group gathers two named speakers", "src/storyweave/weaving/voices/quote_groups.py",
     "if len({who[i] for i in a + b} - {None}) > 1:", "if False:"),
    ("a truncation counts as another wording", "src/storyweave/weaving/voices/quote_groups.py",
     'elif tag == "delete" and start <= i1 and i2 <= end:', 'elif tag == "delete":'),
    ("framing never says what an outlet leaves out", "src/storyweave/weaving/voices/framing.py",
     "omitted = [c.id for c in claims if key not in c.sources and len(c.sources) >= 2]",
     "omitted = []"),
]


def run(copy: Path) -> tuple[int, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(copy / "src"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                        "tests"], cwd=copy, env=env, capture_output=True, text=True)
    return r.returncode, [ln for ln in r.stdout.splitlines() if ln.startswith("FAILED")]


def main() -> int:
    holes = 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for part in ("src", "tests", "examples", "pyproject.toml", "LICENSE"):
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, copy / part)
        for what, rel, old, new in MUTANTS:
            path = copy / rel
            original = path.read_text("utf-8")
            if old not in original:
                print(f"?  {what}: the code to mutate is gone from {rel}; update MUTANTS")
                holes += 1
                continue
            path.write_text(original.replace(old, new, 1), "utf-8")
            try:
                code, failed = run(copy)
            finally:
                path.write_text(original, "utf-8")
            killed = code != 0
            holes += not killed
            print(f"{'ok' if killed else 'NOT CAUGHT'}  {what}: "
                  + (failed[0].removeprefix("FAILED ") if failed else f"pytest exit {code}"))
    return 1 if holes else 0


if __name__ == "__main__":
    sys.exit(main())
