"""Write the golden dossier of the example story: ``tests/data/golden/xi-moscow-2023.json``
(timings stripped) and ``.md``. ``tests/test_golden.py`` compares every run against them.

Run it only for a change that is meant to alter the dossier, then read ``git diff
tests/data/golden`` line by line and say in the commit what changed and why:

    .venv/bin/python tools/golden.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "data" / "golden"
EXAMPLE = "examples/xi-moscow-2023"  # relative, so the sources the dossier names are too


def golden_dossier() -> tuple[dict, str]:
    """The example story's dossier as JSON (wall-clock figures removed) and Markdown."""
    from storyweave import ingest, weave
    from storyweave.render import to_json, to_markdown

    os.chdir(REPO)
    articles, failures = ingest([EXAMPLE])
    if failures:
        raise SystemExit(f"the example story failed to ingest: {failures}")
    dossier = weave(articles)
    return strip_timings(json.loads(to_json(dossier))), to_markdown(dossier)


def strip_timings(doc: dict) -> dict:
    """The JSON dossier without what changes from run to run (seconds)."""
    doc.get("stats", {}).pop("seconds", None)
    return doc


def main() -> int:
    data, markdown = golden_dossier()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / "xi-moscow-2023.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (GOLDEN / "xi-moscow-2023.md").write_text(markdown, encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(REPO)}/xi-moscow-2023.json and .md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
