"""Shared fixtures. Everything a test reads lives inside this repository."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyweave import ingest, weave
from storyweave.model import Dossier
from storyweave.nlp.models import LOAD_SECONDS

REPO = Path(__file__).resolve().parents[1]

# Hypothesis keeps its example database and a cache of each module's constants (headed by the
# module's absolute path) in ./.hypothesis: a test run would leave files naming this machine's
# paths in the checkout. They go to the temporary directory instead (read lazily, so setting
# the variable before any test runs is enough; a developer's own setting wins).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "storyweave-hypothesis"))

# The models whose loading makes a test `slow` (seconds each, and a test that needs them
# usually runs them too). py3langid (half a second, the readers need it) and pysbd (rule-based)
# are not among them.
SLOW_MODELS = frozenset({"spacy", "embedder"})
# Set when the run holds no slow test (`pytest -m "not slow"`, or a file of quick tests): then
# a test that loads a slow model is missing its marker, and fails so that it gets one.
_QUICK_RUN = pytest.StashKey[bool]()
_LOADED_BEFORE = pytest.StashKey[frozenset[str]]()


def pytest_collection_finish(session: pytest.Session) -> None:
    quick = not any(item.get_closest_marker("slow") for item in session.items)
    session.config.stash[_QUICK_RUN] = quick
    if quick and (loaded := SLOW_MODELS & LOAD_SECONDS.keys()):
        raise pytest.UsageError(f"collecting the tests loaded {', '.join(sorted(loaded))}: "
                                "a model may load only inside a test marked slow")


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures are set up
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_LOADED_BEFORE] = frozenset(LOAD_SECONDS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    # A hook, not an autouse fixture: a session fixture the test asks for (example_dossier)
    # is set up before any function-scoped fixture could look. A wrapper, so that the test's
    # fixtures are torn down before it fails.
    yield
    if not item.config.stash.get(_QUICK_RUN, False) or item.get_closest_marker("slow"):
        return
    loaded = SLOW_MODELS & (LOAD_SECONDS.keys() - item.stash.get(_LOADED_BEFORE, frozenset()))
    if loaded:
        pytest.fail(f"{item.nodeid} loaded {', '.join(sorted(loaded))} but is not marked "
                    "slow: add `pytestmark = pytest.mark.slow` (or @pytest.mark.slow)",
                    pytrace=False)


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
