"""Batches of articles annotated as Dask tasks, written by the one store writer.

What runs on the cluster is ``store.intake.annotate_batch``, the function the local worker
processes run: no copy of the stage code. Reading and cleaning stay with the caller: the
template pass needs the whole batch of inputs (lines repeated across many files of an
outlet), and it costs a small share of the time. Results come back in input order (a window
of two tasks per worker thread), so that the store is written, and stories are assigned, in
ingest order as a local run does.

Each worker loads the models once, on its first task, and gives ONNX Runtime and spaCy as
many threads as the worker has (``ModelThreads``); the models are never pickled (ONNX
Runtime sessions cannot be). A task whose worker dies is run again elsewhere (Dask retries
it, and ``retries`` more on an error): a killed worker loses no input. An input that fails
to annotate is a failure of that input, as locally.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

import distributed

from ..model import Article, Failure
from ..store.intake import annotate_batch
from ..store.rows import ArticleRows

log = logging.getLogger(__name__)

RETRIES = 2  # more runs of a task that raised (a dead worker's tasks are rerun anyway)


# distributed's own annotations are partial (untyped calls): its classes are held as Any
_CLIENT: Any = distributed.Client
_LOCAL_CLUSTER: Any = distributed.LocalCluster


class ModelThreads(distributed.WorkerPlugin):
    """A worker plugin: the models' threads match the worker's (``nthreads``)."""

    name = "storyweave-model-threads"

    def setup(self, worker: Any) -> None:
        from ..nlp.models import use_threads

        use_threads(max(1, int(worker.state.nthreads)))


def dask_batches(articles: Sequence[Article], *, address: str | None = None,
                 batch: int = 16, workers: int | None = None,
                 ) -> Iterator[tuple[list[ArticleRows], list[Failure]]]:
    """The store rows of ``articles``, ``batch`` at a time and in their order, annotated on
    the Dask scheduler at ``address`` (None or "local": a ``LocalCluster`` of ``workers``
    single-threaded worker processes, default the cores)."""
    from ..nlp.models import cores

    batches = [list(articles[i:i + batch]) for i in range(0, len(articles), batch)]
    if not batches:
        return
    cluster: Any = None
    if address in (None, "local"):
        cluster = _LOCAL_CLUSTER(n_workers=workers or cores(), threads_per_worker=1,
                                 processes=True, dashboard_address=None)
        client = _CLIENT(cluster)
    else:
        client = _CLIENT(address)
    try:
        client.register_plugin(ModelThreads())
        slots = 2 * max(1, sum(client.nthreads().values()))
        pending: deque[Any] = deque()
        queue = iter(batches)
        for b in queue:
            pending.append(client.submit(annotate_batch, b, pure=False, retries=RETRIES))
            if len(pending) >= slots:
                break
        while pending:
            result = pending.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(client.submit(annotate_batch, nxt, pure=False,
                                             retries=RETRIES))
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
