"""Shared fixtures. Everything a test reads lives inside this repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave import ingest, weave
from storyweave.model import Dossier

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def example_dir() -> Path:
    """The bundled example story: five scraped reports of one event."""
    return REPO / "examples" / "xi-moscow-2023"


@pytest.fixture(scope="session")
def example_dossier(example_dir: Path) -> Dossier:
    """The example story's dossier, woven once per test session (tests must not change it)."""
    articles, failures = ingest([example_dir])
    assert not failures
    return weave(articles)


@pytest.fixture(scope="session")
def ingest_data() -> Path:
    """Hand-made ingest inputs (HTML pages) under tests/data/ingest."""
    return REPO / "tests" / "data" / "ingest"
