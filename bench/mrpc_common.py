"""Reading MRPC (``../shared/data/paraphrase/mrpc/``), shared by bench/align_mrpc.py and
tools/fit_pairscore.py."""

from __future__ import annotations

import csv
from pathlib import Path

Pair = tuple[int, str, str]  # (label: 1 = paraphrase, sentence 1, sentence 2)


def read_mrpc(path: Path) -> list[Pair]:
    """(label, sentence 1, sentence 2) rows of an MRPC file (UTF-8 with BOM, tab-separated,
    quote marks inside sentences: no CSV quoting)."""
    if not path.exists():
        raise SystemExit(f"MRPC not found: {path} (the shared data sits beside the checkout: "
                         "../shared/data/paraphrase/mrpc/)")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(int(r[0]), r[3], r[4]) for r in rows]
