"""The per-input time limit: no single input may hold a batch for minutes.

Reading one input (decoding, trafilatura and htmldate, the line cleaner, language detection)
runs in a worker thread that the batch waits for at most ``time_limit`` seconds; past that the
input is one Failure and the batch goes on. Why a thread:

- trafilatura has no time option, and cutting the HTML would change what it extracts from
  pages that are merely big; the cost is in lxml and regex calls that cannot be interrupted.
- A worker process could be killed, but every input would then be pickled across, and the
  models (py3langid, and trafilatura's imports) loaded once more per worker; on the 2-core
  machines storyweave runs on that costs more than it saves, and forking a process that holds
  ONNX Runtime threads is not safe.
- A thread cannot be killed: an input past its limit keeps running in the background until it
  ends (a daemon thread, so it never keeps the process alive). The inputs that hit the limit
  are pathological (a minute of trafilatura on empty ``<p>`` tags) and rare; the batch is not
  held up by them, which is what the limit is for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from .errors import IngestError

DEFAULT_TIME_LIMIT = 90.0  # seconds: a 15 MB page of prose took 47 s on a busy 2-core machine

_T = TypeVar("_T")


def timed_out(source: str, seconds: float) -> IngestError:
    return IngestError(source, f"took longer than the per-input time limit ({seconds:g} s) to "
                               "read; the rest of the batch went on")


def within(seconds: float | None, source: str, work: Callable[[], _T]) -> _T:
    """``work()``, or IngestError when it takes longer than ``seconds`` (None or 0: no limit,
    and no thread). Its exceptions are raised here, in the caller's thread."""
    if not seconds:
        return work()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # handed to the caller, who decides what it means
            box["error"] = e

    worker = threading.Thread(target=run, name=f"storyweave read {source[:60]}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise timed_out(source, seconds)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
