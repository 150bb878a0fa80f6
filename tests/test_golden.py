"""The example story's dossier, compared with a golden copy read and checked by hand.

A refactoring must leave it identical. A change meant to alter the dossier regenerates it
(``python tools/golden.py``) and says in its commit which lines changed and why.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "data" / "golden"


def _tool():
    spec = importlib.util.spec_from_file_location("golden_tool", REPO / "tools" / "golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def current() -> tuple[dict, str]:
    import os

    here = os.getcwd()
    try:
        return _tool().golden_dossier()
    finally:
        os.chdir(here)


def _first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """Where two JSON values first differ, as a path ("$.claims[3].sources[1]")."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'golden' if k in a else 'current'}"
            found = _first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{path}: {len(a)} vs {len(b)} items"
    return None if a == b else f"{path}: {a!r} vs {b!r}"


def test_json_dossier_equals_the_golden_copy(current: tuple[dict, str]) -> None:
    golden = json.loads((GOLDEN / "xi-moscow-2023.json").read_text(encoding="utf-8"))
    assert _first_difference(golden, current[0]) is None


def test_markdown_dossier_equals_the_golden_copy(current: tuple[dict, str]) -> None:
    golden = (GOLDEN / "xi-moscow-2023.md").read_text(encoding="utf-8")
    assert current[1] == golden


def test_the_comparison_names_the_first_difference() -> None:
    golden = {"claims": [{"id": "c1", "sources": ["a", "b"]}]}
    changed = {"claims": [{"id": "c1", "sources": ["a", "c"]}]}
    assert _first_difference(golden, changed) == "$.claims[0].sources[1]: 'b' vs 'c'"
    assert _first_difference(golden, golden) is None
