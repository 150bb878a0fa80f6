"""Break the code on purpose, one known way at a time, and check that the tests notice.

Each mutant below is a behaviour the test suite must guard (issue 6, "tests that catch what
matters"). The script copies what the tests read (``PARTS``) to a temporary directory,
applies one mutant there, runs pytest against that copy and reports which test failed. A
mutant that no test kills is a hole in the suite. The working tree is never modified.

    .venv/bin/python tools/mutants.py               # the working tree as it is now
    .venv/bin/python tools/mutants.py --ref HEAD    # a commit (others' unfinished edits aside)
    .venv/bin/python tools/mutants.py --check       # only: is each mutant's text there, once?
    .venv/bin/python tools/mutants.py --only "covers"   # the mutants so described, only

A mutant's original text must occur exactly once in its file: a text that is gone, or that
also matches somewhere else, would edit nothing or the wrong code, and "caught" would mean
nothing. The run refuses to start while one does (``--check`` says which). It first runs the
suite on the unmutated copy: a test that fails there already would "catch" every mutant, so
it is reported and left out of the mutant runs. The whole run takes a suite run per mutant
(tests stop at the first failure, ``-x``): half an hour or more on two cores.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What the tests read: the package, the tests and their data, the example story, the docs
# (tests/test_schema_doc.py) and tools/golden.py (tests/test_golden.py).
PARTS = ("src", "tests", "examples", "docs", "tools", "pyproject.toml", "LICENSE")

# (what breaks, file, original text, mutated text)
MUTANTS = [
    ("template pass removed from ingest()", "src/storyweave/ingestion/batch.py",
     "remove_template_lines(articles)", "(articles)"),
    # the Citations section: each marker's passage, quoted (the summary sentence instead);
    # table_cell(d.quote(p)) alone is also in the discrepancies' lines
    ("Markdown citations quote the wrong text", "src/storyweave/render/markdown.py",
     'f"chars {p.start}–{p.end}: “{table_cell(d.quote(p))}”"',
     'f"chars {p.start}–{p.end}: “{table_cell(sent.text)}”"'),
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
    ("quotations never rejoined", "src/storyweave/nlp/statements.py",
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
    ("overlapping ranges never a discrepancy", "src/storyweave/weaving/discrepancies.py",
     "if ranges and overlap(a, b):", "if False:"),
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


def problems(tree: Path) -> list[str]:
    """What is wrong with each mutant's target in ``tree``: a file missing, an original text
    found no time or several times, a mutation that changes nothing."""
    out = []
    for what, rel, old, new in MUTANTS:
        path = tree / rel
        if not path.is_file():
            out.append(f"{what}: {rel} does not exist")
            continue
        found = path.read_text("utf-8").count(old)
        if found != 1:
            out.append(f"{what}: its text is in {rel} {found} times, not once: {old!r}")
        elif old == new:
            out.append(f"{what}: the mutated text is the original")
    return out


def copy_tree(dest: Path, ref: str | None) -> None:
    """The parts the tests need, from the working tree or (``ref``) from a commit."""
    if ref is None:
        for part in PARTS:
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
        return
    archive = subprocess.run(["git", "archive", "--format=tar", ref, *PARTS], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def run(copy: Path, *pytest_args: str) -> tuple[int, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(copy / "src"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        *pytest_args, "tests"], cwd=copy, env=env, capture_output=True,
                       text=True)
    return r.returncode, [ln.removeprefix("FAILED ").removeprefix("ERROR ").split(" - ")[0]
                          for ln in r.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that each mutant's text is in its file exactly once")
    parser.add_argument("--ref", help="mutate this commit (git archive) instead of the "
                                      "working tree")
    parser.add_argument("--only", metavar="TEXT", action="append",
                        help="run only the mutants whose description contains TEXT "
                             "(repeatable)")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or any(t in m[0] for t in args.only)]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        copy_tree(copy, args.ref)
        bad = problems(copy)
        for line in bad:
            print(f"BAD  {line}")
        if args.check or bad:
            if not bad:
                print(f"all {len(MUTANTS)} mutants edit their text, found once each")
            elif not args.check:
                print("refusing to run: fix MUTANTS first (see --check)")
            return 1 if bad else 0

        code, broken = run(copy)
        if code not in (0, 1):  # 1: tests failed; anything else: pytest could not run them
            print(f"the unmutated tree does not run (pytest exit {code})")
            return 1
        for nodeid in broken:
            print(f"!  fails before any mutation, left out of the mutant runs: {nodeid}")
        deselect = [arg for nodeid in broken for arg in ("--deselect", nodeid)]

        holes = 0
        for what, rel, old, new in chosen:
            path = copy / rel
            original = path.read_text("utf-8")
            path.write_text(original.replace(old, new, 1), "utf-8")
            try:
                code, failed = run(copy, "-x", *deselect)
            finally:
                path.write_text(original, "utf-8")
            killed = code != 0
            holes += not killed
            print(f"{'ok' if killed else 'NOT CAUGHT'}  {what}: "
                  + (failed[0] if failed else f"pytest exit {code}"), flush=True)
    return 1 if holes else 0


if __name__ == "__main__":
    sys.exit(main())
