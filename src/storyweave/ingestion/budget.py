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
- A thread cannot be killed, but CPython can raise an exception in it: a worker past its limit
  gets one (``_stop``), which ends it as soon as it is back in Python code from the C call it
  is in. Left running, it held the GIL and made the inputs after it time out as well. It is a
  daemon thread, so it never keeps the process alive either.

The limit is wall time, so a machine busy with other work makes it come sooner: the default
is well above what the largest input the byte limit lets through takes.
"""

from __future__ import annotations

import ctypes
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
        _stop(worker)
        raise timed_out(source, seconds)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class _Stopped(BaseException):
    """Raised inside a worker past its time limit (a BaseException: ``except Exception`` in
    a parser does not swallow it)."""


def _stop(worker: threading.Thread) -> None:
    """Ask a worker past its limit to stop: CPython raises ``_Stopped`` in it at its next
    bytecode, i.e. as soon as a long C call (an lxml parse) returns. Without this the
    abandoned worker held the GIL and made the inputs after it time out too. Its result was
    already given up, and ``with`` blocks and ``finally`` clauses still run as it unwinds."""
    if worker.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                                   ctypes.py_object(_Stopped))
