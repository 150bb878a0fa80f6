"""How long-running stages report progress without printing anything themselves.

A stage that takes a ``progress`` argument calls ``progress(stage, done, total)`` as it
advances: ``stage`` names the step ("reading", "entities", "embedding"...), ``done`` counts
finished items out of ``total``. The library never draws anything; the CLI turns these
calls into progress bars, a notebook may ignore them.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Call ``progress`` if there is one (so stages need no ``if`` at every step)."""
    if progress is not None:
        progress(stage, done, total)
