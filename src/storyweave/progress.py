"""How long-running stages report progress and timings without printing anything themselves.

A stage that takes a ``progress`` argument calls ``progress(stage, done, total)`` as it
advances: ``stage`` names the step ("reading", "entities", "embedding"...), ``done`` counts
finished items out of ``total``. The library never draws anything; the CLI turns these
calls into progress bars, a notebook may ignore them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[str, int, int], None]


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Call ``progress`` if there is one (so stages need no ``if`` at every step)."""
    if progress is not None:
        progress(stage, done, total)


@dataclass(slots=True)
class RunReport:
    """What one run measured about itself: wall-clock seconds by stage and step. Kept out of
    the records (a dossier woven twice from the same articles is the same dossier); pass one
    to ``storyweave.weave`` to have it filled, as the CLI's ``--timings`` and the benchmarks
    do."""

    seconds: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)  # e.g. what annotation read
